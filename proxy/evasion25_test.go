package proxy

import (
	"net/http"
	"strings"
	"testing"
)

// TestJoinedWordsInSchemaTextInspected: words joined beside an identifier
// in a tool's or a structured output's schema text (a function's name
// "Juergen_Kowalski_86095742719", which the model reads with every
// request, a property's title) are read as in a system prompt, in OpenAI's,
// Anthropic's and Gemini's tools alike: the service gets the placeholders.
// Before, schema text was read as it stood, one word to the detectors, and
// the name and the Steuer-ID went out (sec25). Ordinary names of
// functions with digits pass unchanged.
func TestJoinedWordsInSchemaTextInspected(t *testing.T) {
	up := &upstreamLog{}
	extra := map[string]http.Handler{}
	for _, host := range []string{"api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com"} {
		extra[host] = up
	}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra})
	const joined = "Juergen_Kowalski_" + testTaxID
	for _, tc := range []struct{ name, url, body string }{
		{"OpenAI, a function's name", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"` + joined + `","parameters":{}}}],"messages":[{"role":"user","content":"Hallo"}]}`},
		{"OpenAI, a label and the number", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"steuer_id_` + testTaxID + `","parameters":{}}}],"messages":[{"role":"user","content":"Hallo"}]}`},
		{"OpenAI, a property's title", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","title":"` + joined + `","properties":{}}}}],"messages":[{"role":"user","content":"Hallo"}]}`},
		{"Responses API, structured output's name", "https://api.openai.com/v1/responses",
			`{"model":"gpt-4o","input":"Hallo","text":{"format":{"type":"json_schema","name":"` + joined + `","schema":{"type":"object"}}}}`},
		{"Anthropic, a tool's name", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-x","max_tokens":10,"tools":[{"name":"` + joined + `","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"Hallo"}]}`},
		{"Gemini, a function declaration's name", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
			`{"tools":[{"functionDeclarations":[{"name":"` + joined + `"}]}],"contents":[{"role":"user","parts":[{"text":"Hallo"}]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, out := h.send(t, req)
			for _, s := range up.since(n) {
				if strings.Contains(s.Body, "42719") || strings.Contains(s.Body, "Kowalski") {
					t.Fatalf("the service got %s", s.Body)
				}
			}
			if code == 200 && up.count() == n {
				t.Fatalf("200 without a request to the service: %.300s", out)
			}
		})
	}
	t.Run("ordinary names", func(t *testing.T) {
		body := `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"get_weather_2024","parameters":{}}},{"type":"function","function":{"name":"search_docs_v2","parameters":{}}},{"type":"function","function":{"name":"create_ticket_1234567","parameters":{}}}],"messages":[{"role":"user","content":"Hallo"}]}`
		n := up.count()
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
		if code != 200 || up.count() != n+1 || up.since(n)[0].Body != body {
			t.Fatalf("%d %.300s", code, out)
		}
	})
}
