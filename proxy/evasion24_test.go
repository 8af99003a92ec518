package proxy

import (
	"encoding/base64"
	"net/http"
	"strings"
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

// TestControlCharactersInsideValues: a control character (C0 but tab and
// the line breaks, DEL, C1 but NEL) or one of the default-ignorable code
// points Unicode keeps in reserve (U+2065, U+FFF0–U+FFF8, which a
// renderer shows as nothing) inside an IBAN, a Steuer-ID and a name, as a
// JSON escape, is read past as NUL is: the service gets the placeholders.
// A model reads through them as through a zero-width space; before, the
// values went to the service as they stood (sec24). What renders as a box
// (a noncharacter, a private-use character) is a visible sign between the
// digits, as "#" would be, and stays unread (docs/security.md).
func TestControlCharactersInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, c := range []string{`\u0001`, `\u0008`, `\u000e`, `\u001b`, `\u001f`, `\u007f`, `\u0080`, `\u0081`, `\u009f`, `\u2065`, `\ufff0`, `\ufff8`} {
		n := len(h.llm.received)
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise an DE89 3704 0044 05`+c+`32 0130 00, Herr Mehmet Yıl`+c+`maz, Steuer-ID 860957`+c+`42719"}]}`)
		if code != 200 || len(h.llm.received) != n+1 {
			t.Errorf("%s: %d %.300s", c, code, out)
			continue
		}
		if up := h.llm.received[n]; strings.Contains(up, "0130") || strings.Contains(up, "42719") || strings.Contains(up, "maz") ||
			!strings.Contains(up, "[IBAN_") || !strings.Contains(up, "[DE_TAX_ID_") || !strings.Contains(up, "[PERSON_") {
			t.Errorf("%s: the service got %s", c, up)
		}
	}
}
