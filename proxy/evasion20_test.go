package proxy

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// brotliBomb is head and then n NUL bytes in brotli with its largest
// window (16 MiB), head in a meta-block of its own: some 100 bytes.
func brotliBomb(head []byte, n int) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: 2, LGWin: 24})
	w.Write(head)
	w.Flush()
	w.Write(make([]byte, n))
	w.Close()
	return b.Bytes()
}

// TestCompressionBombsRefused: base64 of a compressed payload that unpacks
// past its bounds (16 MiB a request, 1 100 times its size above 64 KiB)
// with a name before the bulk is blocked with the German notice, in
// brotli as in gzip and zstd. Before, brotli whose first meta-block
// claimed more than the bound was not tried (no signature, and its reader
// would have sized a 16 MiB window by it), and one whose first block was
// small was taken for random bytes, NUL bytes being no text: the name went
// to the service unread (sec19 left it open). Past the request's budget,
// raw deflate and brotli of text are blocked, as gzip is; before, they
// were read as random bytes. A clean brotli payload passes.
func TestCompressionBombsRefused(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	canary := []byte("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")
	b64 := base64.StdEncoding.EncodeToString
	nul := make([]byte, 20<<20)
	// 10 bytes short of the request's budget of 16 MiB
	filler := b64(compress("gzip", bytes.Repeat([]byte("Guten Tag "), (16<<20)/10+1)[:16<<20-10]))
	for _, tc := range []struct {
		name string
		body string
		pass bool
	}{
		{"brotli bomb", metaBody(b64(brotliBomb(canary, 20<<20))), false},
		{"brotli bomb in one meta-block", metaBody(b64(compress("br", append(append([]byte{}, canary...), nul...)))), false},
		{"zstd bomb", metaBody(b64(compress("zstd", append(append([]byte{}, canary...), nul...)))), false},
		{"brotli bomb, 2 MiB of NUL bytes before the name", metaBody(b64(compress("br", append(make([]byte, 2<<20), canary...)))), false},
		{"gzip bomb", metaBody(b64(compress("gzip", append(append([]byte{}, canary...), nul...)))), false},
		{"raw deflate past the request's budget", chatBody("Bitte entpacken: " + filler + " und " + b64(rawDeflate(canary))), false},
		{"brotli of clean text, 16 MiB window", metaBody(b64(brotliBomb([]byte("Wie schreibe ich eine höfliche Terminbestätigung?"), 0))), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			// 16 MiB unpacked and read take longer than the harness
			// client's 10 s under the race detector on a loaded machine
			c := h.client(h.schleuseP, false)
			c.Timeout = 2 * time.Minute
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			code, out := resp.StatusCode, string(b)
			switch got := up.count() - n; {
			case tc.pass && (code != 200 || got != 1):
				t.Fatalf("refused: %d %.300s", code, out)
			case !tc.pass && got != 0:
				t.Fatalf("the service got the payload (%d %.200s)", code, out)
			case !tc.pass && !strings.Contains(out, "nicht gelesen"):
				t.Fatalf("no German reason: %d %.400s", code, out)
			}
			t.Logf("%d %.300s", code, out)
		})
	}
}

// TestRawDeflateAndBrotliInURLAndHeaders: base64 of raw deflate or brotli
// of text (CompressionStream("deflate-raw"), zlib with wbits -15, the
// brotli module) in a header value, a query value, a path segment and the
// Referer's query is read unpacked, as gzip, zstd and zlib there are;
// before, neither was tried there (sec19: a random id read as text would
// block a session), and the name, the IBAN and the Steuer-ID went out. A
// compressed payload there that cannot be read (gzip cut short, a bomb)
// is blocked with the German reason; before, it went out unread. Clean
// text so packed and random tokens pass.
func TestRawDeflateAndBrotliInURLAndHeaders(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	canary := []byte("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")
	clean := []byte("Wie schreibe ich eine höfliche Terminbestätigung für Dienstag?")
	u := base64.RawURLEncoding.EncodeToString
	s := base64.StdEncoding.EncodeToString
	for _, tc := range []struct {
		name, header, value, path string
		pass, unreadable          bool
	}{
		{"raw deflate in a header", "X-Data", s(rawDeflate(canary)), "", false, false},
		{"brotli in a header", "X-State", s(compress("br", canary)), "", false, false},
		{"raw deflate in a key's header", "X-Api-Key", u(rawDeflate([]byte("Steuer-ID 86095742719"))), "", false, false},
		{"raw deflate of a name in a header", "X-Data", u(rawDeflate([]byte("Jürgen Kowalski"))), "", false, false},
		{"raw deflate in the query", "", "", "/v1/chat/completions?state=" + u(rawDeflate(canary)), false, false},
		{"brotli in the query", "", "", "/v1/chat/completions?ctx=" + u(compress("br", canary)), false, false},
		{"raw deflate in a path segment", "", "", "/v1/chat/completions/" + u(rawDeflate(canary)), false, false},
		{"brotli in the Referer's query", "Referer", "https://chatgpt.com/?s=" + u(compress("br", canary)), "", false, false},
		{"a brotli bomb in a header", "X-Data", s(brotliBomb(canary, 4<<20)), "", false, true},
		{"a zstd bomb in the query", "", "", "/v1/chat/completions?d=" + u(compress("zstd", append(append([]byte{}, canary...), make([]byte, 4<<20)...))), false, true},
		{"gzip cut short in a header", "X-Data", s(gz(canary)[:40]), "", false, true},
		{"raw deflate of clean text in a header", "X-Data", s(rawDeflate(clean)), "", true, false},
		{"brotli of clean text in the query", "", "", "/v1/chat/completions?ctx=" + u(compress("br", clean)), true, false},
		{"a random token", "X-Session", "q7Vd0nX3k9Lw2mZr8tYpB1cF4hJ6sG0aE5uW7xQ9zKo", "", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			path := "/v1/chat/completions"
			if tc.path != "" {
				path = tc.path
			}
			req, _ := http.NewRequest("POST", "https://api.openai.com"+path, strings.NewReader(chatBody("Hallo")))
			req.Header.Set("Content-Type", "application/json")
			if tc.header != "" {
				req.Header.Set(tc.header, tc.value)
			}
			code, out := h.send(t, req)
			switch got := up.count() - n; {
			case tc.pass && (code != 200 || got != 1):
				t.Fatalf("refused: %d %.300s", code, out)
			case !tc.pass && (code == 200 || got != 0):
				t.Fatalf("the service got it (%d %.200s)", code, out)
			case tc.unreadable && !strings.Contains(out, "komprimierten Inhalt, der nicht gelesen werden kann"):
				t.Fatalf("no German reason: %d %.400s", code, out)
			}
		})
	}
}
