package proxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/pseudonym"
)

// leChatText reads a Le Chat /api/chat answer as its client does: lines
// "<code>:<JSON value>", the text being the strings of code 0 joined.
func leChatText(t *testing.T, body string) string {
	t.Helper()
	var text strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		code, v, ok := strings.Cut(line, ":")
		if !ok || code == "" || len(code) > 2 {
			t.Fatalf("line %q is no Le Chat line in\n%s", line, body)
		}
		if code != "0" {
			if !json.Valid([]byte(v)) {
				t.Fatalf("line %q holds no JSON value in\n%s", line, body)
			}
			continue
		}
		var s string
		if err := json.Unmarshal([]byte(v), &s); err != nil {
			t.Fatalf("line %q: %v\n%s", line, err, body)
		}
		text.WriteString(s)
	}
	return text.String()
}

// perplexityText reads a /rest/sse/perplexity_ask answer as the open-source
// clients do (gpt4free's Perplexity.py): SSE events whose JSON holds
// blocks[*].diff_block on field "markdown_block", whose patches' values (a
// string, or an object with "answer") are the cumulative answer. It
// returns the last text and whether a final message (final_sse_message)
// and the end_of_stream event came.
func perplexityText(t *testing.T, body string) (text string, final, end bool) {
	t.Helper()
	for _, ev := range strings.Split(strings.TrimSuffix(body, "\n\n"), "\n\n") {
		var name, data string
		for _, line := range strings.Split(ev, "\n") {
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				data += line[len("data: "):]
			default:
				t.Fatalf("line %q is no SSE field in\n%s", line, body)
			}
		}
		if name == "end_of_stream" {
			end = true
			continue
		}
		var msg struct {
			Final  bool `json:"final_sse_message"`
			Blocks []struct {
				Diff struct {
					Field   string `json:"field"`
					Patches []struct {
						Path  string          `json:"path"`
						Value json.RawMessage `json:"value"`
					} `json:"patches"`
				} `json:"diff_block"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal([]byte(data), &msg); err != nil {
			t.Fatalf("event %q: %v", ev, err)
		}
		final = final || msg.Final
		for _, b := range msg.Blocks {
			if b.Diff.Field != "markdown_block" {
				continue
			}
			for _, p := range b.Diff.Patches {
				var s string
				var obj struct {
					Answer string `json:"answer"`
				}
				switch {
				case json.Unmarshal(p.Value, &s) == nil:
				case json.Unmarshal(p.Value, &obj) == nil:
					s = obj.Answer
				}
				if s != "" {
					text = s
				}
			}
		}
	}
	return text, final, end
}

// geminiForm is a StreamGenerate form body carrying prompt.
func geminiForm(prompt string) string {
	inner, _ := json.Marshal([]any{[]any{prompt, 0, nil, nil, nil, nil, 0}, []any{"de"},
		[]any{"c_3f2a1b0c9d8e7f6a", "r_5e4d3c2b1a0f9e8d", "rc_7a6b5c4d3e2f1a0b"}, "!BotGuardToken", "a1b2c3d4"})
	freq, _ := json.Marshal([]any{nil, string(inner)})
	return url.Values{"f.req": {string(freq)}, "at": {"AJvLN6M-token:1764300000000"}}.Encode()
}

// TestNoticeInWebChats: a block, a warning (#freigabe) and a refusal of a
// body that cannot be read (too large, corrupt compression) reach staff in
// gemini.google.com, Le Chat and Perplexity's web app as the assistant's
// reply in the app's own stream (status 200, its content type), through
// the running proxy; the notice, with its Vorgangsnummer and next step, is
// read from the answer by the client's parser after the proxy's response
// restorer for that app has passed it unchanged. Before, each got the
// generic 403 JSON, which these apps show as their own "something went
// wrong". Nothing reaches the service.
func TestNoticeInWebChats(t *testing.T) {
	var reached atomic.Int32
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		http.Error(w, "the service was reached", http.StatusTeapot)
	})
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Inspect.MaxBodyBytes = 4 << 10 },
		extra:  map[string]http.Handler{"gemini.google.com": up, "chat.mistral.ai": up, "www.perplexity.ai": up},
	})
	const gz = "\x1f\x8b\x08\x00garbage" // a gzip header, then no deflate stream
	person := "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz wegen seines Antrags."
	long := strings.Repeat("Wie schreibe ich eine höfliche Absage? ", 200)
	type app struct {
		name, url, ct, accept string
		body                  func(prompt string) string
		wantCT                string
		format                pseudonym.Format
		read                  func(t *testing.T, body string) string
	}
	apps := []app{
		{"gemini", "https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate?bl=boq_assistant-bard-web-server_20261120.08_p0&_reqid=123456&rt=c",
			"application/x-www-form-urlencoded;charset=UTF-8", "*/*", geminiForm, "application/json",
			pseudonym.Format{Kind: "framed", Cumulative: true},
			func(t *testing.T, body string) string {
				texts := geminiTexts(t, body)
				if len(texts) != 1 {
					t.Fatalf("%d answer frames, want 1: %q", len(texts), body)
				}
				return texts[0]
			}},
		{"lechat", "https://chat.mistral.ai/api/chat", "application/json", "*/*",
			func(p string) string {
				b, _ := json.Marshal(map[string]any{"chatId": "5b6c7d8e", "model": "mistral-medium", "messageInput": p, "mode": "append"})
				return string(b)
			}, "text/plain", pseudonym.Format{Kind: "lines"}, leChatText},
		{"perplexity", "https://www.perplexity.ai/rest/sse/perplexity_ask", "application/json", "text/event-stream",
			func(p string) string {
				b, _ := json.Marshal(map[string]any{"params": map[string]any{"dsl_query": p, "model_preference": "pplx_pro", "version": "2.18"}, "query_str": p})
				return string(b)
			}, "text/event-stream", pseudonym.Format{Kind: "sse", Cumulative: true},
			func(t *testing.T, body string) string {
				text, final, end := perplexityText(t, body)
				if !final || !end {
					t.Errorf("no final message (%v) or end_of_stream (%v): %q", final, end, body)
				}
				return text
			}},
	}
	for _, a := range apps {
		for _, c := range []struct {
			name, prompt, enc string
			want              []string
		}{
			// Gemini and Perplexity (web) are not approved in the default
			// policy: a name blocks; Le Chat is approved without an AVV:
			// a name warns.
			{"personal data", person, "", []string{"Vorgangsnummer: ", "So geht es weiter", "Reference number (Vorgangsnummer)"}},
			{"too large", long, "", []string{"größer als 4 KiB", "Vorgangsnummer: "}},
			{"corrupt gzip", "", "gzip", []string{"beschädigt", "Vorgangsnummer: "}},
		} {
			t.Run(a.name+"/"+c.name, func(t *testing.T) {
				body := a.body(c.prompt)
				if c.enc != "" {
					body = gz
				}
				req, _ := http.NewRequest("POST", a.url, strings.NewReader(body))
				req.Header.Set("Content-Type", a.ct)
				req.Header.Set("Accept", a.accept)
				if c.enc != "" {
					req.Header.Set("Content-Encoding", c.enc)
				}
				resp, err := h.client(h.schleuseP, false).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				action := "block"
				if a.name == "lechat" && c.name == "personal data" {
					action = "warn"
				}
				if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), a.wantCT) || resp.Header.Get("X-Schleuse-Action") != action {
					t.Fatalf("%d %s (%s) %.300q, want 200 %s (%s)", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("X-Schleuse-Action"), raw, a.wantCT, action)
				}
				// The proxy's response restorer for this app reads the
				// answer and passes it as it is.
				m := pseudonym.NewMapping()
				m.Replace("pseudonymise", "PERSON", "Mehmet Yılmaz")
				rr := &http.Response{Header: resp.Header.Clone(), Body: io.NopCloser(bytes.NewReader(raw)), ContentLength: int64(len(raw))}
				restoreResponse(rr, m, a.format)
				restored, err := io.ReadAll(rr.Body)
				if err != nil || !bytes.Equal(restored, raw) {
					t.Fatalf("the restorer changed the notice (%v):\n%q\n%q", err, raw, restored)
				}
				text := a.read(t, string(restored))
				want := c.want
				if action == "warn" {
					want = []string{"#freigabe", "Vorgangsnummer: "}
				}
				if id := resp.Header.Get("X-Schleuse-Request-Id"); id == "" || !strings.Contains(text, "Vorgangsnummer: "+id) {
					t.Errorf("the notice does not name the request id %q:\n%s", id, text)
				}
				if !strings.HasPrefix(text, "schleuse: ") {
					t.Errorf("the reply is not the notice:\n%s", text)
				}
				for _, w := range want {
					if !strings.Contains(text, w) {
						t.Errorf("the reply lacks %q:\n%s", w, text)
					}
				}
			})
		}
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("%d refused requests reached the service", n)
	}
	// Le Chat's tRPC call for a new chat gets tRPC's error, its message
	// the notice (Le Chat: a warning).
	req, _ := http.NewRequest("POST", "https://chat.mistral.ai/api/trpc/message.newChat?batch=1", strings.NewReader(`{"0":{"json":{"content":"`+person+`"}}}`))
	req.Header.Set("Content-Type", "application/json")
	code, body := h.send(t, req)
	var batch []struct {
		Error struct{ JSON struct{ Message string } }
	}
	if err := json.Unmarshal([]byte(body), &batch); err != nil || code != http.StatusForbidden || len(batch) != 1 ||
		!strings.HasPrefix(batch[0].Error.JSON.Message, "schleuse: ") || !strings.Contains(batch[0].Error.JSON.Message, "#freigabe") {
		t.Errorf("Le Chat newChat: %d %.300s (%v), want tRPC's error with the notice", code, body, err)
	}
}

// TestChatRefusalsInChat: a chat message on a connection opened before a
// reload blocked its service is refused with the notice in the app's own
// form (Le Chat: the reply in its stream), as a policy block is; before,
// it got a plain-text 403, which the app shows as its own error. A page
// load on that connection (no adapter's request) keeps the text.
func TestChatRefusalsInChat(t *testing.T) {
	var reached atomic.Int32
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "0:\"Gern.\"\n")
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"chat.mistral.ai": up}})
	c := h.client(h.schleuseP, false)
	post := func() *http.Response {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"chatId": "5b6c7d8e", "model": "mistral-medium", "messageInput": "Wie schreibe ich eine Absage?"})
		resp, err := c.Post("https://chat.mistral.ai/api/chat", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := post()
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || reached.Load() != 1 {
		t.Fatalf("before the reload: %d", resp.StatusCode)
	}
	blocked := *h.cfg
	blocked.Services = append(append([]config.Service(nil), h.cfg.Services...), config.Service{ID: "mistral-web", Provider: "mistral", Hosts: []string{"chat.mistral.ai"}, Mode: "block"})
	auth, err := identity.New(identity.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.Reload(&blocked, auth); err != nil {
		t.Fatal(err)
	}
	resp = post()
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("after the reload: %d %s %q, want Le Chat's stream", resp.StatusCode, resp.Header.Get("Content-Type"), raw)
	}
	if text := leChatText(t, string(raw)); !strings.Contains(text, "gemäß der KI-Richtlinie Ihrer Verwaltung gesperrt") ||
		!strings.Contains(text, "Vorgangsnummer: "+resp.Header.Get("X-Schleuse-Request-Id")) || strings.Contains(text, "Grund: schleuse:") ||
		strings.Count(text, "Fragen beantwort") != 1 || strings.Count(text, "Questions: ") != 1 {
		t.Errorf("the reply is not the notice:\n%s", text)
	}
	resp, err = c.Get("https://chat.mistral.ai/")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.HasPrefix(string(raw), "schleuse: Der KI-Dienst Le Chat (Mistral, Web) ist gemäß der KI-Richtlinie") {
		t.Errorf("page load after the reload: %d %q, want the text", resp.StatusCode, raw)
	}
	if n := reached.Load(); n != 1 {
		t.Errorf("%d requests reached the blocked service", n)
	}
}
