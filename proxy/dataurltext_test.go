package proxy

import (
	"net/http"
	"strings"
	"testing"
)

// TestTextStartingWithDataIsText: a tool's output that only starts with
// "data:" — the server-sent events an agent's curl printed ("data:
// {\"name\": …}"), a label ("Data: Kunde …") — is text, not a data URL:
// a name and an IBAN in it are pseudonymised and the request goes on. Since
// cb3d528 such a string was taken for an inline file, which is not
// rewritten, and the request was blocked. A real data URL whose percent
// escapes are partly invalid ("100%") is read as browsers read it: its
// findings block it, named, instead of "the file cannot be read".
func TestTextStartingWithDataIsText(t *testing.T) {
	h, sent := newEvasionHarness(t)
	gemini := func(out string) string {
		return `{"contents":[{"role":"user","parts":[{"text":"Was steht im Log?"}]},{"role":"model","parts":[{"functionCall":{"name":"log","args":{}}}]},` +
			`{"role":"user","parts":[{"functionResponse":{"name":"log","response":{"output":"` + out + `"}}}]}]}`
	}
	iban := testIBAN
	for _, tc := range []struct {
		name, body string
		forward    bool
		notice     string
	}{
		{"server-sent events", gemini(`data: {\"name\":\"Herr Jürgen Kowalski\",\"iban\":\"` + iban + `\"}\n\ndata: [DONE]`), true, ""},
		{"a label", gemini(`Data: Kunde Herr Jürgen Kowalski, IBAN ` + iban), true, ""},
		{"a date", gemini(`data:2026-11-30, Herr Jürgen Kowalski, IBAN ` + iban), true, ""},
		{"a data URL with an invalid escape", gemini(`data:text/plain,Herr Jürgen Kowalski 100% sicher, IBAN ` + iban), false, "IBAN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, body := h.send(t, req)
			got := sent()[n:]
			if (len(got) > 0) != tc.forward {
				t.Fatalf("forwarded %d (status %d %.300s), want forwarded=%v", len(got), code, body, tc.forward)
			}
			for _, g := range got {
				if strings.Contains(g, "Kowalski") || strings.Contains(g, "0532") {
					t.Fatalf("the service got the data: %.300s", g)
				}
			}
			if !tc.forward && !strings.Contains(body, tc.notice) {
				t.Fatalf("the notice does not name %s: %d %.300s", tc.notice, code, body)
			}
		})
	}
}
