package proxy

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAddressesUnderURLKeysInspected: a link under a key named like a link
// ("url", "href", "uri", "*_url", "…Url"), a link as a form value and a
// link in a multipart text part no adapter reads are read as any other link
// (addressFindings): an e-mail address or an IBAN standing alone in its
// path or query is found, replaced in place where the body can be
// rewritten and blocked where it cannot. Before, the key or the value's
// shape made it an id, and the link went to the service unread. A clean
// link with a signature and ids goes out as it is.
func TestAddressesUnderURLKeysInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	// No "@": an e-mail address under an id key is read already (personalID).
	const link = "https://crm.stadt.de/buerger/DE89370400440532013000/akte?iban=DE89370400440532013000"
	const gemini = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent"
	response := func(key, link string) string {
		return `{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"lookup","response":{"` + key + `":"` + link + `"}}}]}]}`
	}
	for _, key := range []string{"url", "href", "uri", "document_url", "downloadUrl"} {
		n := len(sent())
		code, out := postJSON(t, h, gemini, response(key, link))
		got := sent()
		if code != http.StatusOK || len(got) != n+1 {
			t.Fatalf("%s: %d %.300s", key, code, out)
		}
		if fwd := got[len(got)-1]; strings.Contains(fwd, "DE89") || !strings.Contains(fwd, "/buerger/[IBAN_1]/akte?iban=[IBAN_1]") {
			t.Errorf("%s: the service got %s", key, fwd)
		}
	}
	// A route no adapter knows: the fallback, which blocks what it finds.
	var mp bytes.Buffer
	w := multipart.NewWriter(&mp)
	w.WriteField("prompt", "Mach den Himmel heller.")
	w.WriteField("callback", link)
	w.Close()
	for _, tc := range []struct{ name, url, ct, body string }{
		{"fallback JSON", "https://api.openai.com/v1/unknown", "application/json", `{"payload":{"attachment_url":"` + link + `"}}`},
		{"fallback form", "https://api.openai.com/v1/unknown", "application/x-www-form-urlencoded", "note=hallo&link=" + url.QueryEscape(link)},
		{"multipart part no adapter reads", "https://api.openai.com/v1/images/edits", w.FormDataContentType(), mp.String()},
	} {
		n := len(sent())
		resp, err := h.client(h.schleuseP, false).Post(tc.url, tc.ct, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK || len(sent()) != n || !strings.Contains(string(b), "IBAN") {
			t.Errorf("%s: %d %.400s; the service got %d requests", tc.name, resp.StatusCode, b, len(sent())-n)
		}
	}
	clean := "https://storage.example.org/v1/files/4111111111111111x/abc?X-Amz-Signature=" + strings.Repeat("a1B2", 16) + "&sid=-4418346734924378061&ref=ee14d23d-3620-6dc6-b320-0a1b2c3d4e5f"
	n := len(sent())
	if code, out := postJSON(t, h, gemini, response("url", clean)); code != http.StatusOK || len(sent()) != n+1 || !strings.Contains(strings.Join(sent(), "\n"), clean) {
		t.Errorf("a clean link: %d %.300s", code, out)
	}
	n = len(sent())
	if code, out := postJSON(t, h, "https://api.openai.com/v1/unknown", `{"payload":{"attachment_url":"`+clean+`"}}`); code != http.StatusOK || len(sent()) != n+1 {
		t.Errorf("a clean link to the fallback: %d %.300s", code, out)
	}
}
