package proxy

import (
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// TestPathTokensInspected: a path segment without white space is read as
// a query value is (a value standing alone: an e-mail address, an IBAN, a
// tax ID), URL-decoded: "/openai/deployments/konto-DE89…/…",
// a Gemini model named by an IBAN, a prefix before an OpenAI-compatible
// route, a GET of /v1/files/<address>. Before, only segments with white
// space or "_"/"+" were scanned, and each went out unread. Route words and
// ids (UUIDs, hex ids, file ids, model names with dates) stay unread, so
// that navigation and ordinary API paths pass.
func TestPathTokensInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	iban := strings.ReplaceAll(testIBAN, " ", "")
	chat := `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}]}`
	gem := `{"contents":[{"role":"user","parts":[{"text":"Hallo"}]}]}`
	for _, tc := range []struct {
		method, url, body string
		forward           bool
	}{
		{"POST", "https://myres.openai.azure.com/openai/deployments/konto-" + iban + "/chat/completions?api-version=2024-10-21", chat, false},
		{"POST", "https://generativelanguage.googleapis.com/v1beta/models/" + iban + ":generateContent", gem, false},
		{"POST", "https://api.openai.com/kunde-" + testTaxID + "/v1/chat/completions", chat, false},
		{"GET", "https://api.openai.com/v1/files/max.mustermann@example.de", "", false},
		{"GET", "https://api.openai.com/v1/files/" + iban, "", false},
		{"GET", "https://api.openai.com/v1/files/" + strings.ToLower(iban), "", false},
		{"GET", "https://api.openai.com/v1/files/abcdef-4111111111111111", "", false},
		{"GET", "https://api.openai.com/v1/files/de893704004053201e3000", "", false}, // an IBAN's shape, its check digits holding over hex letters (FuzzPathID)
		{"GET", "https://api.openai.com/v1/files/4111111111111111", "", false},
		{"GET", "https://api.openai.com/v1/files/6750f1e24b2c80079c1a1234567890ab", "", true},
		// ids, versions and route words pass
		{"POST", "https://myres.openai.azure.com/openai/deployments/gpt-4o-2024-08-06/chat/completions?api-version=2024-10-21", chat, true},
		{"POST", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash-preview-05-20:generateContent", gem, true},
		{"GET", "https://api.openai.com/v1/files/file-AbC123xyz789", "", true},
		{"GET", "https://api.openai.com/v1/threads/thread_abc123/messages/msg_6750f1e24b2c80079c1a", "", true},
		{"GET", "https://api.openai.com/backend-api/conversation/6750f1e2-4b2c-8007-9c1a-123456789012", "", true},
		{"GET", "https://api.openai.com/v1/conversations/EE14D23D-3620-6DC6-B320-8A16EEFA4674/items", "", true}, // capitals, groups an IBAN's to the detectors
	} {
		t.Run(tc.method+" "+tc.url, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			code, body := h.send(t, req)
			got := sent()[n:]
			if (len(got) > 0) != tc.forward {
				t.Fatalf("forwarded %d (status %d %.300s), want forwarded=%v", len(got), code, body, tc.forward)
			}
			if !tc.forward && !strings.Contains(body, "schleuse") {
				t.Fatalf("no notice: %d %.300s", code, body)
			}
		})
	}
}

// FuzzPathID: a path segment that pathID passes over as a route word or
// an id holds no value that scanPath would find in it as a token (as
// scanQueryText reads it: tokenFindings); anything the detectors find
// standing alone in a segment must not be skipped unread. Seeded from
// TestPathTokensInspected's segments.
func FuzzPathID(f *testing.F) {
	eng := detectors.Default()
	iban := strings.ReplaceAll(testIBAN, " ", "")
	for _, s := range []string{
		"konto-" + iban, iban, strings.ToLower(iban), "kunde-" + testTaxID, "max.mustermann@example.de", "4111111111111111",
		"6750f1e24b2c80079c1a1234567890ab", "gpt-4o-2024-08-06", "gemini-2.5-flash-preview-05-20:generateContent",
		"file-AbC123xyz789", "thread_abc123", "msg_6750f1e24b2c80079c1a", "6750f1e2-4b2c-8007-9c1a-123456789012",
		"completions", "backend-api", "abcdef-4111111111111111",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seg string) {
		if len(seg) < 6 || strings.Contains(seg, "/") || hasSpace(seg) || !pathID(seg) {
			return // a segment of five bytes is too short for a person's value ("::1", "v1")
		}
		if fs := tokenFindings(seg, eng.Scan([]byte(seg))); len(fs) > 0 {
			t.Fatalf("pathID passes over %q, which holds %v", seg, fs)
		}
	})
}
