package proxy

import (
	"strings"
	"testing"
)

// TestGluedIDsInspected: a Steuer-ID or an IBAN glued to an id's letters
// under a key an adapter takes as an id (previous_response_id) or in
// metadata does not reach the service. markID and personalID leave such a
// value to be read (f1a1695, ibanGlued) and the proxy reads it with blanks
// at its edges (gluedValue, sec13); before ibanGlued, a glued IBAN was an
// id to markID and went out unread. The service's own ids pass.
func TestGluedIDsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	body := func(key, id string) string {
		if key == "previous_response_id" {
			return `{"model":"gpt-4o","input":"Hallo","previous_response_id":"` + id + `"}`
		}
		return `{"model":"gpt-4o","input":"Hallo","metadata":{"` + key + `":"` + id + `"}}`
	}
	for _, tc := range []struct{ key, id, secret string }{
		{"previous_response_id", "conv86095742719", "86095742719"},
		{"previous_response_id", "convDE89370400440532013000", "DE89370400440532013000"},
		{"x_request_id", "conv86095742719", "86095742719"},
		{"x_request_id", "reqde89370400440532013000", "de89370400440532013000"},
	} {
		n := len(sent())
		code, answer := postJSON(t, h, "https://api.openai.com/v1/responses", body(tc.key, tc.id))
		for _, s := range sent()[n:] {
			if strings.Contains(s, tc.secret) {
				t.Errorf("%s %q went out: %d %.200s", tc.key, tc.id, code, s)
			}
		}
		if len(sent()) == n && !strings.Contains(answer, "schleuse") {
			t.Errorf("%s %q: %d %.200s", tc.key, tc.id, code, answer)
		}
	}
	for _, id := range []string{"resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", "conv86095742718"} {
		n := len(sent())
		if code, answer := postJSON(t, h, "https://api.openai.com/v1/responses", body("previous_response_id", id)); len(sent()) == n {
			t.Errorf("the service's id %q blocked: %d %.200s", id, code, answer)
		}
	}
}
