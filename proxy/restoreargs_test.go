package proxy

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestToolArgsStayJSON: a tool call's arguments, which OpenAI chat, the
// Responses API and Claude stream as JSON text in a string, reach the
// client as JSON when a restored value holds a quote and a line break,
// also where the answer opens more streams than the restorer follows (a
// service's 64 streams ending in "[") and in a JSON answer over 1 MiB,
// which is restored as it streams. Before, the arguments were escaped once
// there, and the client's tool got no JSON.
func TestToolArgsStayJSON(t *testing.T) {
	const value = "Kowalski \"K\"\nBonn"
	var mu sync.Mutex
	var answer, ctype string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		p := regexp.MustCompile(`\[PERSON_[0-9]+\]`).Find(b)
		mu.Lock()
		a, c := answer, ctype
		mu.Unlock()
		w.Header().Set("Content-Type", c)
		io.WriteString(w, strings.ReplaceAll(a, "[PERSON_1]", string(p)))
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up, "api.anthropic.com": up}})
	h.pipe.SetScanner(valueScanner{value})
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	const args = `{"an": "[PERSON_1]", "n": 1}`
	var flood strings.Builder
	for i := range 64 {
		fmt.Fprintf(&flood, `data: {"p":"/message/content/parts/%d","o":"append","v":"x ["}`+"\n\n", i)
	}
	long := q(strings.Repeat("Akte. ", 200000))
	for _, c := range []struct {
		name, url, ctype, answer string
		args                     func(t *testing.T, body string) string
	}{
		{"openai chat, many streams", "https://api.openai.com/v1/chat/completions", "text/event-stream",
			flood.String() + `data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":` + q(args) + `}}]}}]}` + "\n\ndata: [DONE]\n\n",
			func(t *testing.T, body string) string {
				return sseField(t, body, func(ev map[string]any) any {
					return dig(ev, "choices", 0, "delta", "tool_calls", 0, "function", "arguments")
				})
			}},
		{"openai responses, many streams", "https://api.openai.com/v1/responses", "text/event-stream",
			flood.String() + `data: {"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":0,"delta":` + q(args) + `}` + "\n\n",
			func(t *testing.T, body string) string {
				return sseField(t, body, func(ev map[string]any) any { return dig(ev, "delta") })
			}},
		{"claude, many streams", "https://api.anthropic.com/v1/messages", "text/event-stream",
			flood.String() + `data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":` + q(args) + `}}` + "\n\n",
			func(t *testing.T, body string) string {
				return sseField(t, body, func(ev map[string]any) any { return dig(ev, "delta", "partial_json") })
			}},
		{"openai chat, over 1 MiB", "https://api.openai.com/v1/chat/completions", "application/json",
			`{"choices":[{"message":{"content":` + long + `,"tool_calls":[{"function":{"arguments":` + q(args) + `}}]}}]}`,
			func(t *testing.T, body string) string {
				var v map[string]any
				if err := json.Unmarshal([]byte(body), &v); err != nil {
					t.Fatalf("no JSON: %v", err)
				}
				s, _ := dig(v, "choices", 0, "message", "tool_calls", 0, "function", "arguments").(string)
				return s
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			mu.Lock()
			answer, ctype = c.answer, c.ctype
			mu.Unlock()
			stream := c.ctype == "text/event-stream"
			body, _ := json.Marshal(map[string]any{"model": "m", "max_tokens": 10, "stream": stream,
				"messages": []any{map[string]any{"role": "user", "content": "Schreibe an " + value + " bitte."}}})
			resp, err := h.client(h.schleuseP, false).Post(c.url, "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %.300s", resp.StatusCode, got)
			}
			a := c.args(t, string(got))
			var v struct{ An string }
			if err := json.Unmarshal([]byte(a), &v); err != nil || v.An != value {
				t.Fatalf("the tool gets %q (%v)", a, err)
			}
		})
	}
}

// sseField joins the strings that field finds in the JSON events of an
// SSE body.
func sseField(t *testing.T, body string, field func(map[string]any) any) string {
	t.Helper()
	var b strings.Builder
	for _, ln := range strings.Split(body, "\n") {
		if !strings.HasPrefix(ln, "data: {") {
			continue
		}
		var ev map[string]any
		if err := json.Unmarshal([]byte(ln[6:]), &ev); err != nil {
			t.Fatalf("event is no JSON: %v: %s", err, ln)
		}
		if s, ok := field(ev).(string); ok {
			b.WriteString(s)
		}
	}
	return b.String()
}

// dig follows keys and indexes into a decoded JSON value.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// TestBase64AlphabetKept: base64 in a prompt without "+/-_" and without the
// padding its length needs is taken as URL-safe (base64url, as JWTs write
// it), and the service gets the redacted text encoded so, which a URL-safe
// reader decodes; padded, it is standard. Before, both were re-encoded in
// the standard alphabet, here with a "/" a URL-safe reader refuses.
func TestBase64AlphabetKept(t *testing.T) {
	const text = "Vermerk: Herr Anna Schmidt ruft an?"
	h, sent := newEvasionHarness(t)
	h.pipe.SetScanner(valueScanner{"Anna Schmidt"})
	for _, c := range []struct {
		name string
		enc  *base64.Encoding
	}{{"unpadded: URL-safe", base64.RawURLEncoding}, {"padded: standard", base64.StdEncoding}} {
		t.Run(c.name, func(t *testing.T) {
			tok := c.enc.EncodeToString([]byte(text))
			n := len(sent())
			code, body := postJSON(t, h, "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","messages":[{"role":"user","content":"Bitte dekodiere: `+tok+` Danke."}]}`)
			got := sent()[n:]
			if code != 200 || len(got) != 1 || strings.Contains(got[0], "Anna") || strings.Contains(got[0], tok) {
				t.Fatalf("%d %.300s; the service got %q", code, body, got)
			}
			m := regexp.MustCompile(`dekodiere: (\S+) Danke`).FindStringSubmatch(got[0])
			if m == nil {
				t.Fatalf("no base64 in %s", got[0])
			}
			dec, err := c.enc.DecodeString(m[1])
			if err != nil || !regexp.MustCompile(`^Vermerk: Herr \[PERSON_[0-9]+\] ruft an\?$`).Match(dec) {
				t.Fatalf("the service gets %s, which decodes to %q (%v)", m[1], dec, err)
			}
		})
	}
}
