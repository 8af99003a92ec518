package proxy

import (
	"net/http"
	"strings"
	"testing"
)

// TestLatin1MultipartTextInspected: a multipart form's text part whose
// bytes are no UTF-8 (a page in ISO-8859-1, a program writing Latin-1)
// is read as Windows-1252, as a form value is (formUnescape) and as
// Starlette's reader (FastAPI) decodes such a part (UTF-8, else
// Latin-1): before, the detectors got "J\xfcrgen", no name, and a
// name and a VS-NfD marking went out on a route no adapter knows where
// the same text in UTF-8 blocked. Clean Latin-1 text passes unchanged.
func TestLatin1MultipartTextInspected(t *testing.T) {
	h := newPipeHarnessOpts(t, pipeOpts{})
	const unknown = "https://api.openai.com/v1/unknown"
	form := func(text string) string {
		return "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" + text + "\r\n--B--\r\n"
	}
	for _, tc := range []struct {
		name, text string
		code       int
	}{
		{"a name", "Bitte an J\xfcrgen Kowalski schreiben", 403},
		{"a marking", "VS \x96 Nur f\xfcr den Dienstgebrauch", 403},
		{"a name in UTF-8 beside a Latin-1 byte", "Bitte an J\xc3\xbcrgen Kowalski schreiben \xb7 Akte", 403},
		{"clean text", "Gr\xfc\xdfe aus K\xf6ln \x96 sch\xf6nes Wetter", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.llm.mu.Lock()
			n := len(h.llm.received)
			h.llm.mu.Unlock()
			req, _ := http.NewRequest("POST", unknown, strings.NewReader(form(tc.text)))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
			code, out := h.send(t, req)
			h.llm.mu.Lock()
			got := h.llm.received[n:]
			h.llm.mu.Unlock()
			if code != tc.code {
				t.Errorf("%d %.300s", code, out)
			}
			switch {
			case tc.code != 200 && len(got) > 0:
				t.Errorf("the service got %q", got)
			case tc.code == 200 && (len(got) != 1 || got[0] != form(tc.text)):
				t.Errorf("the service got %q, want the form unchanged", got)
			}
		})
	}
}
