package proxy

import (
	"net/http"
	"strings"
	"testing"
)

// TestGeminiUploadStartFormEncoded: gemini.google.com starts an
// attachment's upload with the file's name form-encoded, as the key of an
// empty value (URLSearchParams({"File name: Bescheid.pdf": ""})), and older
// clients as "File%20name=…". Both are read as a file name, as the plain
// "File name: …" is since 8e34640; before, the browser's encoded form was
// read as text without blanks, and a name or an IBAN in the file's name
// passed.
func TestGeminiUploadStartFormEncoded(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"content-push.googleapis.com": up}})
	iban := strings.ReplaceAll(testIBAN, " ", "")
	for _, tc := range []struct {
		body    string
		forward bool
	}{
		{"File+name%3A+Bescheid_J%C3%BCrgen_Kowalski.pdf=", false},
		{"File+name%3A+Bescheid_" + iban + ".pdf=", false},
		{"File%20name=Abmahnung_" + iban + ".pdf", false},
		{"File+name%3A+Einladung_Sommerfest.pdf=", true},
		{"File%20name=Einladung_Sommerfest.pdf", true},
	} {
		n := len(up.bodies())
		req, _ := http.NewRequest("POST", "https://content-push.googleapis.com/upload/", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
		req.Header.Set("X-Goog-Upload-Command", "start")
		req.Header.Set("X-Goog-Upload-Protocol", "resumable")
		req.Header.Set("X-Tenant-Id", "bard-storage")
		req.Header.Set("Push-Id", "feeds/mcudyrk2a4khkz")
		code, body := h.send(t, req)
		if (len(up.bodies()) > n) != tc.forward {
			t.Errorf("%s: %d %.200q, forwarded=%v, want %v", tc.body, code, body, len(up.bodies()) > n, tc.forward)
		}
	}
}
