package proxy

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestMultipartPreambleBlocked: a multipart body with anything but white
// space before its first boundary or after its closing one is blocked with
// a notice that says why. Go's multipart reader skips both, as RFC 2046
// says, but a reader that finds boundaries Go does not (or a service that
// reads the body as text) gets what stands there: a whole part, a name and
// an IBAN. No browser or HTTP client library writes either; a line break
// after the closing boundary passes. Before, both went to the service
// unread.
func TestMultipartPreambleBlocked(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const ct = "multipart/form-data; boundary=XyZ42"
	part := "--XyZ42\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n" +
		"--XyZ42\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notiz.txt\"\r\nContent-Type: text/plain\r\n\r\nTagesordnung für Dienstag\r\n--XyZ42--"
	hidden := "Herr Kasimir Kanarienvogel, IBAN " + testIBAN
	post := func(body string) (int, string) {
		t.Helper()
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/files", ct, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct{ name, body string }{
		{"preamble", hidden + "\r\n" + part + "\r\n"},
		{"epilogue", part + "\r\n" + hidden},
		{"part a lenient reader finds in the preamble", "--XyZ42 \tx\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + hidden + "\r\n" + part},
		{"part after a line a trimming reader takes for a boundary", "--XyZ42\r\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + hidden + "\r\n" + part},
		{"MIME notice", "This is a multi-part message in MIME format.\r\n" + part},
	} {
		n := len(sent())
		code, out := post(tc.body)
		if code == http.StatusOK || len(sent()) != n || !strings.Contains(out, "vor dem ersten oder nach dem letzten Teil") {
			t.Errorf("%s: %d %.300s; the service got %d requests", tc.name, code, out, len(sent())-n)
		}
	}
	for _, body := range []string{part, part + "\r\n", "\r\n" + part + "\r\n\r\n", " \t\r\n" + part + "\r\n"} {
		n := len(sent())
		if code, out := post(body); code != http.StatusOK || len(sent()) != n+1 {
			t.Errorf("%q: %d %.300s", body, code, out)
		}
	}
}
