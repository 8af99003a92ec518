package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestJSONNumberRedaction: a finding in a JSON number. Where the API takes
// any JSON (Gemini's functionResponse and functionCall, both
// google.protobuf.Struct; a Claude tool_use input resent as history) the
// number becomes the placeholder string, the service accepts it, and the
// answer names the value again: in its text and in a function call's
// arguments (as digits in a string: the restorer writes text, so a program
// that checks the argument's type gets a string). In a tool's or a
// structured output's schema a string would break the schema's own types
// (an integer enum holding "[DE_TAX_ID_1]"), which the service refuses with
// an error nobody can trace: such a request is blocked with a notice that
// says why. Before, the schema went out broken.
func TestJSONNumberRedaction(t *testing.T) {
	up := &recordingUpstream{}
	gemini := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		up.mu.Lock()
		up.got = append(up.got, string(b))
		up.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"candidates":[{"content":{"role":"model","parts":[{"text":"Die Steuer-ID lautet [DE_TAX_ID_1]."},{"functionCall":{"name":"buchen","args":{"steuer_id":"[DE_TAX_ID_1]"}}}]}}]}`)
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"generativelanguage.googleapis.com": gemini, "api.anthropic.com": up}})
	sent := func() []string { return append(up.bodies(), h.llm.received...) }
	tax := testTaxID

	// Gemini: replaced, accepted, restored.
	n := len(sent())
	code, body := postJSON(t, h, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
		`{"contents":[{"role":"user","parts":[{"text":"Buche für den Kunden."}]},{"role":"model","parts":[{"functionCall":{"name":"lookup","args":{}}}]},`+
			`{"role":"user","parts":[{"functionResponse":{"name":"lookup","response":{"steuer_id":`+tax+`}}}]}]}`)
	got := sent()[n:]
	if code != 200 || len(got) != 1 || strings.Contains(got[0], tax) || !strings.Contains(got[0], `"steuer_id":"[DE_TAX_ID_1]"`) {
		t.Fatalf("Gemini: %d %.300s; forwarded %q", code, body, got)
	}
	if !strings.Contains(body, "Die Steuer-ID lautet "+tax+".") || !strings.Contains(body, `"steuer_id":"`+tax+`"`) {
		t.Fatalf("Gemini answer not restored: %.400s", body)
	}

	// Claude: a tool_use input resent as history is replaced like text.
	n = len(sent())
	code, body = postJSON(t, h, "https://api.anthropic.com/v1/messages",
		`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"Buche."},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"buchen","input":{"steuer_id":`+tax+`}}]},`+
			`{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"ok"}]}]}`)
	if got := sent()[n:]; code != 200 || len(got) != 1 || strings.Contains(got[0], tax) {
		t.Fatalf("Claude tool_use: %d %.300s; forwarded %q", code, body, got)
	}

	// Schemas: blocked with the reason.
	for _, tc := range []struct{ name, url, body string }{
		{"OpenAI tool enum", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Buche."}],"tools":[{"type":"function","function":{"name":"buchen","parameters":{"type":"object","properties":{"steuer_id":{"type":"integer","enum":[` + tax + `]}}}}}]}`},
		{"Claude input_schema const", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"Buche."}],"tools":[{"name":"buchen","input_schema":{"type":"object","properties":{"steuer_id":{"type":"integer","const":` + tax + `}}}}]}`},
		{"Gemini responseSchema example", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Buche."}]}],"generationConfig":{"responseMimeType":"application/json","responseSchema":{"type":"OBJECT","properties":{"steuer_id":{"type":"INTEGER","example":` + tax + `}}}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, body := postJSON(t, h, tc.url, tc.body)
			if got := sent()[n:]; len(got) > 0 {
				t.Fatalf("the service got %s", got[0])
			}
			if !strings.Contains(body, "Ein Platzhalter ist keine Zahl") {
				t.Fatalf("the notice does not say why: %d %.300s", code, body)
			}
		})
	}
}

// TestJSONNumberInTextRedaction: a number replaced in a text that is JSON
// — a tool call's arguments, which OpenAI's API carries as a string — is
// replaced by the placeholder as a JSON string, so that the arguments stay
// valid JSON ('{"steuer_id": "[DE_TAX_ID_1]"}'). Before, the placeholder
// stood bare ('{"steuer_id": [DE_TAX_ID_1]}'), and the model read its own
// earlier call as broken JSON. Digits inside a JSON string, and in a text
// that is no JSON, are replaced as text.
func TestJSONNumberInTextRedaction(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct{ args, want string }{
		{`{"steuer_id": 86095742719, "name": "Herr Jürgen Kowalski"}`, `{"steuer_id": "[DE_TAX_ID_1]", "name": "Herr [PERSON_1]"}`},
		{`{"ids":[86095742719]}`, `{"ids":["[DE_TAX_ID_1]"]}`},
		{`{"notiz": "Steuer-ID 86095742719"}`, `{"notiz": "Steuer-ID [DE_TAX_ID_1]"}`},
		{`{"notiz": "Steuer-ID: 86095742719, bitte buchen"}`, `{"notiz": "Steuer-ID: [DE_TAX_ID_1], bitte buchen"}`},
		{`{"notiz": "IDs [86095742719]", "n": 1}`, `{"notiz": "IDs [[DE_TAX_ID_1]]", "n": 1}`},
		{`{"a\"": "x", "id": 86095742719}`, `{"a\"": "x", "id": "[DE_TAX_ID_1]"}`},
		{`Steuer-ID: 86095742719}`, `Steuer-ID: [DE_TAX_ID_1]}`},
	} {
		q, _ := json.Marshal(tc.args)
		n := len(sent())
		code, body := postJSON(t, h, "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","messages":[{"role":"user","content":"Buche."},`+
			`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"buchen","arguments":`+string(q)+`}}]},`+
			`{"role":"tool","tool_call_id":"call_1","content":"ok"}]}`)
		got := sent()[n:]
		if code != 200 || len(got) != 1 {
			t.Fatalf("%s: %d %.300s", tc.args, code, body)
		}
		var req struct {
			Messages []struct {
				ToolCalls []struct {
					Function struct{ Arguments string } `json:"function"`
				} `json:"tool_calls"`
			} `json:"messages"`
		}
		if err := json.Unmarshal([]byte(got[0]), &req); err != nil || len(req.Messages) < 2 || len(req.Messages[1].ToolCalls) != 1 {
			t.Fatalf("%s: %v %s", tc.args, err, got[0])
		}
		if a := req.Messages[1].ToolCalls[0].Function.Arguments; a != tc.want {
			t.Errorf("%s: the service got %s, want %s", tc.args, a, tc.want)
		}
	}
}

// FuzzJSONNumberSpan: a span that jsonNumberSpan takes for a number of
// valid JSON text stays valid JSON when it is replaced by a JSON string
// (quoteJSONNumbers): never digits inside a string, whose quotes the
// placeholder's would end. Seeded from TestJSONNumberInTextRedaction.
func FuzzJSONNumberSpan(f *testing.F) {
	for _, s := range []string{`{"steuer_id": 86095742719, "name": "Herr Jürgen Kowalski"}`, `{"ids":[86095742719]}`,
		`{"notiz": "Steuer-ID: 86095742719, bitte buchen"}`, `{"notiz": "IDs [86095742719]", "n": 1}`, `{"a\"": "x", "id": 86095742719}`} {
		i := strings.Index(s, "86095742719")
		f.Add(s, uint16(i), uint16(i+11))
	}
	f.Fuzz(func(t *testing.T, s string, start, end uint16) {
		if int(end) > len(s) || start >= end || !json.Valid([]byte(s)) || !jsonNumberSpan(s, int(start), int(end)) {
			return
		}
		if r := s[:start] + `"[DE_TAX_ID_1]"` + s[end:]; !json.Valid([]byte(r)) {
			t.Fatalf("%q [%d:%d]: %q is no JSON", s, start, end, r)
		}
	})
}
