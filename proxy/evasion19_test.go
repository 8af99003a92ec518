package proxy

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// rawDeflate is b in raw deflate (CompressionStream("deflate-raw"),
// zlib.compressobj(wbits=-15)).
func rawDeflate(b []byte) []byte {
	var o bytes.Buffer
	w, _ := flate.NewWriter(&o, flate.BestCompression)
	w.Write(b)
	w.Close()
	return o.Bytes()
}

// TestCompressedBase64Inspected: base64 of a compressed payload (gzip,
// zlib, raw deflate, brotli, zstd) in a JSON string value, a prompt's
// text, a data URL in a prompt and a form value is read decompressed, as
// base64 of text is; one that cannot be read whole is blocked. Before,
// the decoded bytes were binary without a run of text, and the name, the
// IBAN and the Steuer-ID in them went to the service unread (sec18 left
// it open; a model with a code tool unpacks it). A clean compressed
// payload passes.
func TestCompressedBase64Inspected(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	canary := []byte("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")
	clean := []byte("Wie schreibe ich eine höfliche Terminbestätigung für Dienstag?")
	b64 := base64.StdEncoding.EncodeToString
	gzCanary := gz(canary)
	letter := []byte(strings.Repeat("Sehr geehrte Damen und Herren, wir bitten um Rückmeldung bis Freitag. ", 20) + string(canary) + strings.Repeat(" Mit freundlichen Grüßen, Ihre Stadtverwaltung.", 20))
	for _, tc := range []struct {
		name string
		body string
		pass bool
	}{
		{"gzip in metadata", metaBody(b64(gzCanary)), false},
		{"gzip in the prompt", chatBody("Bitte entpacken und zusammenfassen: " + b64(gzCanary)), false},
		{"gzip, URL-safe without padding", metaBody(base64.RawURLEncoding.EncodeToString(gzCanary)), false},
		{"zlib", metaBody(b64(zl(canary))), false},
		{"raw deflate", metaBody(b64(rawDeflate(canary))), false},
		{"brotli", metaBody(b64(compressed(t, "br", canary))), false},
		{"zstd", metaBody(b64(compressed(t, "zstd", canary))), false},
		{"brotli, a letter", metaBody(b64(compressed(t, "br", letter))), false},
		{"zstd, a letter", metaBody(b64(compressed(t, "zstd", letter))), false},
		{"gzip of base64 of text", metaBody(b64(gz([]byte(b64(canary))))), false},
		{"gzip in a data URL in the prompt", chatBody("Anhang: data:application/gzip;base64," + b64(gzCanary) + " bitte lesen"), false},
		{"gzip cut short", metaBody(b64(gzCanary[:len(gzCanary)/2])), false},
		{"zstd cut short", metaBody(b64(compressed(t, "zstd", canary)[:20])), false},
		{"gzip of clean text", metaBody(b64(gz(clean))), true},
		{"zlib of clean text in the prompt", chatBody("Entpacke: " + b64(zl(clean))), true},
		{"random bytes", metaBody("q7Vd0nX3k9Lw2mZr8tYpB1cF4hJ6sG0aE5uW7xQ9zKo="), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, out := h.send(t, req)
			switch got := up.count() - n; {
			case tc.pass && (code != 200 || got != 1):
				t.Fatalf("refused: %d %.300s", code, out)
			case !tc.pass && got != 0:
				t.Fatalf("the service got the payload (%d %.200s)", code, out)
			}
		})
	}
}

// metaBody is a chat request with a clean prompt and v in its metadata.
func metaBody(v string) string {
	b, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": "Hallo"}},
		"metadata": map[string]any{"blob": v}})
	return string(b)
}
