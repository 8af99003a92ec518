package proxy

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestHeaderTokensInspected: a header value without white space that is
// no prompt's, file name's or From's is read as a URL token is: an e-mail
// address, an IBAN or another identifier with a check digit standing
// alone blocks the request, as does one in a path segment of a Referer
// without a query. Ordinary headers (ids, hashes, versions, tokens,
// timestamps) pass. Before, such values went to the service unread.
func TestHeaderTokensInspected(t *testing.T) {
	h, up := newBadInputHarness(t)
	const chat = "https://api.openai.com/v1/chat/completions"
	for _, tc := range []struct {
		name string
		hdr  map[string]string
	}{
		{"e-mail", map[string]string{"X-User-Email": "anna.schmidt@stadt-musterhausen.de"}},
		{"IBAN", map[string]string{"X-Customer-Iban": "DE89370400440532013000"}},
		{"IBAN after a label", map[string]string{"X-Context": "iban:DE89370400440532013000"}},
		{"percent-encoded e-mail", map[string]string{"X-Customer": "anna.schmidt%40stadt-musterhausen.de"}},
		{"tax ID", map[string]string{"X-Steuer-Id": "86095742719"}},
		{"card number", map[string]string{"X-Card": "4111111111111111"}},
		{"e-mail in a credential header", map[string]string{"X-Api-Key": "anna.schmidt@stadt-musterhausen.de"}},
		{"Referer path without a query", map[string]string{"Referer": "https://portal.example/buerger/anna.schmidt@stadt.de"}},
		{"Referer path with an IBAN", map[string]string{"Referer": "https://chatgpt.com/konto/DE89370400440532013000"}},
		// Counted as the detectors read them (sec12): before, these had no
		// ASCII "@" and fewer than nine ASCII digits, and went out unread.
		{"IBAN in fullwidth forms", map[string]string{"X-Kunde": "ＤＥ８９３７０４００４４０５３２０１３０００"}},
		{"IBAN in Arabic-Indic digits", map[string]string{"X-Kunde": "DE٨٩٣٧٠٤٠٠٤٤٠٥٣٢٠١٣٠٠٠"}},
		{"tax ID in fullwidth digits", map[string]string{"X-Kunde": "８６０９５７４２７１９"}},
		{"e-mail with a fullwidth @", map[string]string{"X-Kunde": "anna.schmidt＠stadt-musterhausen.de"}},
	} {
		n := up.count()
		code, body := sendWithHeaders(t, h, "POST", chat, tc.hdr)
		if code == 200 || up.count() != n || !strings.Contains(body, "Kopfzeilen (Header)") {
			t.Errorf("%s: %d %s (service got %d new requests)", tc.name, code, body, up.count()-n)
		}
	}
	// Ordinary values without white space pass: ids, hashes, tokens,
	// versions, timestamps, an origin, a page address.
	for _, hdr := range []map[string]string{
		{"X-Request-Id": "req_8f3a2b9c4d5e6f70", "X-Correlation-Id": "6745a1b2-3c4d-8e9f-a0b1-c2d3e4f5a6b7"},
		{"If-None-Match": `W/"5d2a8c1f9b3e7a04c1d2"`, "X-Content-Sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{"X-Api-Key": "sk-proj-4111111111111111aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "X-Csrf-Token": "gAAAAABn_4Xk2_pQ-Z9_4111111111111111"},
		{"Traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "X-Datadog-Trace-Id": "-7383451232093274521",
			"X-Datadog-Parent-Id": "4591234567890123456"},
		{"X-Timestamp": "1732962000123", "X-Request-Start": "t=1732962000123456", "Openai-Version": "2020-10-01",
			"X-Stainless-Timeout": "600", "X-Ms-Client-Request-Id": "0b5c8f2e-3a1d-4e6b-9c7f-8d2a1e0b3c4d"},
		{"Origin": "https://chatgpt.com", "Referer": "https://chatgpt.com/c/6745a1b2-3c4d-8e9f-a0b1-c2d3e4f5a6b7"},
		{"Referer": "https://chatgpt.com/g/g-2fkFE8rbu-the-negotiator", "X-Client-Version": "10.0.19045.5131"},
		{"Referer": "https://copilot.microsoft.com/chats/VbVN5gT9Tq1fpbkZJ2yYw", "X-Edge-Shopping-Flag": "1"},
		{"Oai-Echo-Logs": "0,5821,1,5823,0,19212,1,19230", "Anthropic-Version": "2023-06-01", "Anthropic-Beta": "prompt-caching-2024-07-31"},
	} {
		n := up.count()
		if code, body := sendWithHeaders(t, h, "POST", chat, hdr); code != 200 || up.count() != n+1 {
			t.Errorf("ordinary headers %v: %d %s", hdr, code, body)
		}
	}
	for _, r := range auditRecords(t, h.audit, h.stateDir, "test") {
		b, _ := json.Marshal(r)
		if strings.Contains(string(b), "anna.schmidt") || strings.Contains(string(b), "DE8937") {
			t.Errorf("record holds a value: %s", b)
		}
	}
}
