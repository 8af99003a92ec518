package proxy

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/schleuse/schleuse/internal/payloadtest"
)

// TestBrotliPastWindowBudgetRead: base64 of brotli of a binary mark and
// 9 MiB or 15 MiB of NUL bytes (no text; a sparse file, a zeroed image)
// in a JSON value reaches the service: it unpacks within the request's
// 16 MiB. Before, schleuse read such a stream twice (with a window of
// 1 MiB, and past that again with its header's), charged both readings,
// and blocked it as past the budget (sec23 left it open). One that
// unpacks past the 16 MiB is still blocked, and so is text after 9 MiB of
// NUL bytes.
func TestBrotliPastWindowBudgetRead(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	nul := func(n int, tail string) []byte {
		return append(append(append([]byte{}, payloadtest.BinaryMark()...), make([]byte, n)...), tail...)
	}
	b64 := base64.StdEncoding.EncodeToString
	checkPass(t, h, up, "können nicht gelesen", []passCase{
		{name: "9 MiB of NUL bytes", body: metaBody(b64(payloadtest.Brotli24(nul(9<<20, "")))), pass: true},
		{name: "15 MiB of NUL bytes", body: metaBody(b64(payloadtest.Brotli24(nul(15<<20, "")))), pass: true},
		{name: "16 MiB and 1 KiB of NUL bytes", body: metaBody(b64(payloadtest.Brotli24(nul(16<<20+1<<10, ""))))},
		{name: "text after 9 MiB of NUL bytes", body: metaBody(b64(payloadtest.Brotli24(nul(9<<20, sec23Canary))))},
	})
}
