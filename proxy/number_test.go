package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestJSONNumberRedaction: a finding in a JSON number. Where the API takes
// any JSON (Gemini's functionResponse and functionCall, both
// google.protobuf.Struct; a Claude tool_use input resent as history) the
// number becomes the placeholder string, the service accepts it, and the
// answer names the value again: in its text, and in a function call's
// arguments as the number it was (TestToolCallNumberRestored). In a tool's or a
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
	if !strings.Contains(body, "Die Steuer-ID lautet "+tax+".") || !strings.Contains(body, `"steuer_id":`+tax+`}`) {
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
		// A float or an exponent form is read as its digits (foldTokens)
		// and replaced whole, as a string.
		{`{"steuer_id":86095742719.0,"n":1}`, `{"steuer_id":"[DE_TAX_ID_1]","n":1}`},
		{`{"ids":[1,8.6095742719e10]}`, `{"ids":[1,"[DE_TAX_ID_1]"]}`},
		// A negative one with its sign: before, '{"id": -[DE_TAX_ID_1]}'.
		{`{"steuer_id": -86095742719, "n": 1}`, `{"steuer_id": "[DE_TAX_ID_1]", "n": 1}`},
		{`{"notiz": "Steuer-ID -86095742719"}`, `{"notiz": "Steuer-ID -[DE_TAX_ID_1]"}`}, // text: the sign stays
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
	f.Add(`{"a":86095742719.0}`, uint16(5), uint16(18))
	f.Add(`[8.6095742719e10,-1]`, uint16(1), uint16(16))
	f.Add(`{"id": -86095742719}`, uint16(7), uint16(19))
	f.Add(`{"id": -86095742719}`, uint16(8), uint16(19))
	f.Fuzz(func(t *testing.T, s string, start, end uint16) {
		if int(end) > len(s) || start >= end || !json.Valid([]byte(s)) || !jsonNumberSpan(s, int(start), int(end)) {
			return
		}
		if r := s[:start] + `"[DE_TAX_ID_1]"` + s[end:]; !json.Valid([]byte(r)) {
			t.Fatalf("%q [%d:%d]: %q is no JSON", s, start, end, r)
		}
	})
}

// TestToolCallNumberRestored: a Steuer-ID the request carried as a JSON
// number (OpenAI's arguments string, Claude's tool_use input) is sent as
// the placeholder string, and when the model calls a tool with it, the
// client gets the number back in the call's arguments, streamed (the
// arguments in pieces of one character) and not; in the answer's text it
// stays text. Before, the tool got the string "86095742719" where its
// schema says integer; OpenAI's answer to a request that carried the
// number in arguments was not restored at all (the quoted placeholder was
// left out of the answer's mapping), nor streamed arguments cut inside a
// placeholder.
func TestToolCallNumberRestored(t *testing.T) {
	tax := testTaxID
	const args = `{"steuer_id": "[DE_TAX_ID_1]", "notiz": "Steuer-ID [DE_TAX_ID_1]"}`
	want := `{"steuer_id": ` + tax + `, "notiz": "Steuer-ID ` + tax + `"}`
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	var mu sync.Mutex
	var sent []string
	record := func(r *http.Request) []byte {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		sent = append(sent, string(b))
		mu.Unlock()
		return b
	}
	got := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), sent...)
	}
	openai := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := record(r)
		if !strings.Contains(string(b), `"stream":true`) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":"[DE_TAX_ID_1]","tool_calls":[{"id":"call_2","type":"function","function":{"name":"buchen","arguments":`+q(args)+`}}]},"finish_reason":"tool_calls"}]}`)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, `data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_2","type":"function","function":{"name":"buchen","arguments":""}}]}}]}`+"\n\n")
		for _, c := range args {
			fmt.Fprintf(w, `data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":%s}}]}}]}`+"\n\n", q(string(c)))
		}
		io.WriteString(w, `data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`+"\n\ndata: [DONE]\n\n")
	})
	anthropic := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := record(r)
		if !strings.Contains(string(b), `"stream":true`) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"type":"message","role":"assistant","content":[{"type":"text","text":"[DE_TAX_ID_1]"},{"type":"tool_use","id":"toolu_02","name":"buchen","input":`+args+`}],"stop_reason":"tool_use"}`)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "event: content_block_start\n"+`data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_02","name":"buchen","input":{}}}`+"\n\n")
		for _, c := range args {
			fmt.Fprintf(w, "event: content_block_delta\n"+`data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":%s}}`+"\n\n", q(string(c)))
		}
		io.WriteString(w, "event: content_block_stop\n"+`data: {"type":"content_block_stop","index":0}`+"\n\nevent: message_stop\n"+`data: {"type":"message_stop"}`+"\n\n")
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": openai, "api.anthropic.com": anthropic}})
	joinArgs := func(t *testing.T, body string) string {
		var b strings.Builder
		for _, ln := range strings.Split(body, "\n") {
			if !strings.HasPrefix(ln, "data: {") {
				continue
			}
			var ev struct {
				Choices []struct {
					Delta struct {
						ToolCalls []struct{ Function struct{ Arguments string } } `json:"tool_calls"`
					}
				}
				Delta struct {
					PartialJSON string `json:"partial_json"`
				}
			}
			if err := json.Unmarshal([]byte(ln[6:]), &ev); err != nil {
				t.Fatalf("%v: %s", err, ln)
			}
			b.WriteString(ev.Delta.PartialJSON)
			for _, c := range ev.Choices {
				for _, tc := range c.Delta.ToolCalls {
					b.WriteString(tc.Function.Arguments)
				}
			}
		}
		return b.String()
	}
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("openai stream=%v", stream), func(t *testing.T) {
			n := len(got())
			code, body := postJSON(t, h, "https://api.openai.com/v1/chat/completions", fmt.Sprintf(`{"model":"gpt-4o","stream":%v,"messages":[{"role":"user","content":"Buche."},`, stream)+
				`{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"suchen","arguments":`+q(`{"steuer_id": `+tax+`}`)+`}}]},`+
				`{"role":"tool","tool_call_id":"call_1","content":"gefunden"}]}`)
			if sent := got()[n:]; code != 200 || len(sent) != 1 || strings.Contains(sent[0], tax) || !strings.Contains(sent[0], `\"[DE_TAX_ID_1]\"`) {
				t.Fatalf("%d %.300s; the service got %q", code, body, sent)
			}
			var args string
			if stream {
				args = joinArgs(t, body)
			} else {
				var c struct {
					Choices []struct {
						Message struct {
							Content   string
							ToolCalls []struct{ Function struct{ Arguments string } } `json:"tool_calls"`
						}
					}
				}
				if err := json.Unmarshal([]byte(body), &c); err != nil || len(c.Choices) != 1 || len(c.Choices[0].Message.ToolCalls) != 1 {
					t.Fatalf("%v: %s", err, body)
				}
				if c.Choices[0].Message.Content != tax {
					t.Errorf("text %q, want %s as text", c.Choices[0].Message.Content, tax)
				}
				args = c.Choices[0].Message.ToolCalls[0].Function.Arguments
			}
			if args != want {
				t.Errorf("the tool gets %s, want %s", args, want)
			}
		})
		t.Run(fmt.Sprintf("claude stream=%v", stream), func(t *testing.T) {
			n := len(got())
			code, body := postJSON(t, h, "https://api.anthropic.com/v1/messages", fmt.Sprintf(`{"model":"claude-sonnet-4-5","max_tokens":10,"stream":%v,`, stream)+
				`"messages":[{"role":"user","content":"Buche."},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"suchen","input":{"steuer_id":`+tax+`}}]},`+
				`{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"gefunden"}]}]}`)
			if sent := got()[n:]; code != 200 || len(sent) != 1 || strings.Contains(sent[0], tax) || !strings.Contains(sent[0], `"steuer_id":"[DE_TAX_ID_1]"`) {
				t.Fatalf("%d %.300s; the service got %q", code, body, sent)
			}
			var args string
			if stream {
				args = joinArgs(t, body)
			} else {
				var msg struct {
					Content []struct {
						Text  string
						Input json.RawMessage
					}
				}
				if err := json.Unmarshal([]byte(body), &msg); err != nil || len(msg.Content) != 2 {
					t.Fatalf("%v: %s", err, body)
				}
				if msg.Content[0].Text != tax {
					t.Errorf("text %q, want %s as text", msg.Content[0].Text, tax)
				}
				args = string(msg.Content[1].Input)
			}
			if args != want {
				t.Errorf("the tool gets %s, want %s", args, want)
			}
		})
	}
}
