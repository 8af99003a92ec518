package proxy

import (
	"net/http"
	"strings"
	"testing"
)

// TestJSONNumbersInspected: a tool's result, a function's response or a
// program's metadata given as an object reaches the service as text does;
// a number whose digits form an identifier ({"steuer_id": 86095742719}) is
// found as in text and replaced (it becomes a string), and so are digits
// and an e-mail address under a key named like an id ("steuer_id":
// "86095742719", "user_id": "max…@…"), which are a person's, not the
// service's. Before, numbers were never read and values under *_id keys
// were passed over as ids: each reached the service unread. Times, small
// numbers and the service's own ids stay as they are.
func TestJSONNumbersInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	tax := testTaxID
	for _, tc := range []struct {
		name, host, path, body string
		clean                  bool // nothing to replace: forwarded as it is
	}{
		{"Gemini functionResponse number", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"lookup","response":{"steuer_id":` + tax + `}}}]}]}`, false},
		{"Gemini functionResponse digits under an id key", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"lookup","response":{"steuer_id":"` + tax + `"}}}]}]}`, false},
		{"Anthropic tool_result beside its content", "api.anthropic.com", "/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":[{"type":"text","text":"ok"}],"akte":{"steuer_id":` + tax + `}}]}]}`, false},
		{"OpenAI metadata number", "api.openai.com", "/v1/chat/completions",
			`{"model":"gpt-4o","metadata":{"kunde":` + tax + `},"messages":[{"role":"user","content":"Hallo"}]}`, false},
		{"e-mail under an id key", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"lookup","response":{"user_id":"max.mustermann@example.de"}}}]}]}`, false},
		{"times, settings and the service's ids", "api.openai.com", "/v1/chat/completions",
			`{"model":"gpt-4o","seed":12345,"max_tokens":1024,"metadata":{"created_at":1732953600,"ts":1732953600000,"message_id":"4418346734924378061","id":133460009,"plz":10115},"messages":[{"role":"user","content":"Hallo"}]}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := map[string]bool{}
			for _, s := range sent() {
				before[s] = true
			}
			tc.body = strings.Replace(tc.body, `"Hallo"`, `"Hallo `+tc.name+`"`, 1) // each forwarded body its own
			req, _ := http.NewRequest("POST", "https://"+tc.host+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, body := h.send(t, req)
			var got []string
			for _, s := range sent() {
				if !before[s] {
					got = append(got, s)
				}
			}
			if code != 200 || len(got) != 1 {
				t.Fatalf("%d %.300s; %d forwarded", code, body, len(got))
			}
			if tc.clean {
				if got[0] != tc.body {
					t.Fatalf("a clean body was changed:\n%s\n%s", got[0], tc.body)
				}
				return
			}
			if strings.Contains(got[0], tax) || strings.Contains(got[0], "mustermann") || !strings.Contains(got[0], `"[`) {
				t.Fatalf("the service got %s", got[0])
			}
		})
	}
}
