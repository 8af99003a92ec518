package proxy

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// TestCompressedTextAfterNulBytes: base64 of raw deflate, zlib or brotli
// of 100 NUL bytes and then a name, an IBAN and a Steuer-ID (Python's
// zlib.decompress gives them; a model's code tool prints them) in a JSON
// value and in a header is read unpacked and blocked. Before, only a
// stream that unpacked to text from its first byte counted: the canary
// went to the service unread (sec21). A stream of NUL bytes alone passes.
func TestCompressedTextAfterNulBytes(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	payload := append(make([]byte, 100), "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"...)
	b64 := base64.StdEncoding.EncodeToString
	checkPass(t, h, up, "", []passCase{
		{name: "raw deflate", body: metaBody(b64(rawDeflate(payload)))},
		{name: "zlib", body: metaBody(b64(compress("zlib", payload)))},
		{name: "brotli", body: metaBody(b64(compress("br", payload)))},
		{name: "raw deflate in a header", body: chatBody("Hallo"), header: base64.RawURLEncoding.EncodeToString(rawDeflate(payload))},
		{name: "NUL bytes alone", body: metaBody(b64(rawDeflate(make([]byte, 5000)))), pass: true},
	})
}

// passCase is a request body, and an X-Data header if set, that the
// service must get (pass) or must not; path, if set, is the request's
// path (else /v1/chat/completions).
type passCase struct {
	name, body, header, path string
	pass                     bool
}

// checkPass posts each case to api.openai.com through h and fails when
// the service (up) got a request it must not get or missed one it must;
// a refused one's answer must hold reason when reason is set.
func checkPass(t *testing.T, h *pipeHarness, up *upstreamLog, reason string, cases []passCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			path := tc.path
			if path == "" {
				path = "/v1/chat/completions"
			}
			req, _ := http.NewRequest("POST", "https://api.openai.com"+path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			if tc.header != "" {
				req.Header.Set("X-Data", tc.header)
			}
			code, out := h.send(t, req)
			if got := up.count() - n; tc.pass != (got == 1) {
				t.Fatalf("pass %v, the service got %d requests: %d %.300s", tc.pass, got, code, out)
			}
			if !tc.pass && reason != "" && !strings.Contains(out, reason) {
				t.Fatalf("no reason %q: %d %.400s", reason, code, out)
			}
		})
	}
}
