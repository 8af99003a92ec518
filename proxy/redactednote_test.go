package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
)

// notePrefix starts the line of redactedText in an answer's text.
const notePrefix = "ℹ️ schleuse: "

// noteless is text without the note on replaced values that starts it
// (the answer of a web app to a prompt sent with placeholders).
func noteless(text string) string {
	if !strings.HasPrefix(text, notePrefix) {
		return text
	}
	_, rest, _ := strings.Cut(text, "\n\n")
	return rest
}

// checkNote checks that text, an answer's text as its client joins it,
// starts with the note on replaced values once, which names the request
// id and no value, and that the answer after it is rest.
func checkNote(t *testing.T, text, id, rest string, values ...string) {
	t.Helper()
	if !strings.HasPrefix(text, notePrefix) || strings.Count(text, "ℹ️ schleuse") != 1 {
		t.Fatalf("the answer does not start with the note once:\n%s", text)
	}
	note, answer, _ := strings.Cut(text, "\n\n")
	de, en, _ := strings.Cut(note, " / EN: ")
	if !strings.Contains(de, " vor dem Versand durch Platzhalter ersetzt; ") || !strings.HasSuffix(de, ". Vorgangsnummer: "+id+".") ||
		!strings.Contains(en, " replaced by placeholders before sending; ") || id == "" {
		t.Errorf("the note does not name the request %q German, then English:\n%s", id, note)
	}
	if len(note) > 300 || strings.Contains(note, "Grund") || strings.Contains(note, "(Bankverbindung)") {
		t.Errorf("the note is %d bytes long, or holds a reason's full text:\n%s", len(note), note)
	}
	for _, v := range values {
		if strings.Contains(withoutIDs(note), v) {
			t.Errorf("the note holds a value: %s", note)
		}
	}
	if answer != rest {
		t.Errorf("after the note the client read\n%q\nwant\n%q", answer, rest)
	}
}

// requestIDs matches the request ids (newRequestID) in a text.
var requestIDs = regexp.MustCompile(`\b[0-9a-f]{24}\b`)

// withoutIDs is s without its request ids, for a test that looks for a
// value's digits in a text that names its request: an id is hex of the
// time in milliseconds and 48 random bits, and reads "3704" (the test
// IBAN's second group) in its digits 6-9 for 256 ms every 4.7 hours,
// which once failed two tests of the redacted note in CI.
func withoutIDs(s string) string { return requestIDs.ReplaceAllString(s, "") }

// noteID is the request id that the note on replaced values at the start
// of text names ("" without one): a WebSocket message's own, which no
// header carries.
func noteID(text string) string {
	note, _, _ := strings.Cut(text, "\n\n")
	_, id, _ := strings.Cut(note, "Vorgangsnummer: ")
	id, _, _ = strings.Cut(id, ".")
	return id
}

// claudeWebUpstream answers a claude.ai completion with the Messages
// events of its stream: a thinking block, then the text "Antwort: " and
// the prompt in three-byte deltas (every placeholder split); with the
// header X-Test-Status, the same stream with that status.
func claudeWebUpstream(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Prompt string `json:"prompt"`
	}
	b, _ := io.ReadAll(r.Body)
	json.Unmarshal(b, &req)
	w.Header().Set("Content-Type", "text/event-stream")
	if st := r.Header.Get("X-Test-Status"); st != "" {
		var code int
		fmt.Sscan(st, &code)
		w.WriteHeader(code)
	}
	ev := func(name, data string) { fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data) }
	ev("message_start", `{"type":"message_start","message":{"id":"m","role":"assistant","content":[]}}`)
	ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}`)
	ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Ich überlege."}}`)
	ev("content_block_stop", `{"type":"content_block_stop","index":0}`)
	ev("content_block_start", `{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}`)
	echo := "Antwort: " + req.Prompt
	for i := 0; i < len(echo); i += 3 {
		q, _ := json.Marshal(echo[i:min(i+3, len(echo))])
		ev("content_block_delta", `{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":`+string(q)+`}}`)
	}
	ev("content_block_stop", `{"type":"content_block_stop","index":1}`)
	ev("message_stop", `{"type":"message_stop"}`)
}

// claudeWebText joins a claude.ai stream's text deltas (not its thinking)
// as the web app shows them.
func claudeWebText(t *testing.T, body string) (text, thinking string) {
	t.Helper()
	var tb, th strings.Builder
	for _, line := range strings.Split(body, "\n") {
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok {
			continue
		}
		var ev struct {
			Delta struct{ Type, Text, Thinking string } `json:"delta"`
		}
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			t.Fatalf("client got invalid JSON %q: %v", data, err)
		}
		tb.WriteString(ev.Delta.Text)
		th.WriteString(ev.Delta.Thinking)
	}
	return tb.String(), th.String()
}

// chatGPTWebUpstream answers a chatgpt.com conversation as the web app's
// stream does: the message added with an empty part, its reasoning
// appended to /message/content/thoughts, then "Antwort: " and the prompt
// appended to its first part in four-byte pieces, the first with its
// patch, the rest as bare {"v":…} continuations.
func chatGPTWebUpstream(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Messages []struct {
			Content struct{ Parts []string } `json:"content"`
		} `json:"messages"`
	}
	b, _ := io.ReadAll(r.Body)
	json.Unmarshal(b, &req)
	prompt := ""
	if n := len(req.Messages); n > 0 && len(req.Messages[n-1].Content.Parts) > 0 {
		prompt = req.Messages[n-1].Content.Parts[0]
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	io.WriteString(w, "event: delta_encoding\ndata: \"v1\"\n\n")
	io.WriteString(w, `event: delta`+"\n"+`data: {"p":"","o":"add","v":{"message":{"id":"m1","author":{"role":"assistant"},"content":{"content_type":"text","parts":[""],"thoughts":[{"content":""}]},"status":"in_progress"},"conversation_id":"c1"},"c":0}`+"\n\n")
	io.WriteString(w, `event: delta`+"\n"+`data: {"p":"/message/content/thoughts/0/content","o":"append","v":"Ich überlege."}`+"\n\n")
	echo := []rune("Antwort: " + prompt)
	for i := 0; i < len(echo); i += 4 {
		q, _ := json.Marshal(string(echo[i:min(i+4, len(echo))]))
		if i == 0 {
			fmt.Fprintf(w, "event: delta\ndata: {\"p\":\"/message/content/parts/0\",\"o\":\"append\",\"v\":%s}\n\n", q)
		} else {
			fmt.Fprintf(w, "event: delta\ndata: {\"v\":%s}\n\n", q)
		}
	}
	io.WriteString(w, `event: delta`+"\n"+`data: {"p":"","o":"patch","v":[{"p":"/message/status","o":"replace","v":"finished_successfully"}]}`+"\n\n")
	io.WriteString(w, "data: [DONE]\n\n")
}

// chatGPTWebText joins the appended text of a chatgpt.com stream by
// pointer as the web app does ("" for a bare continuation of the last).
func chatGPTWebText(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	last := ""
	for _, line := range strings.Split(body, "\n") {
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok || data == "[DONE]" || data == `"v1"` {
			continue
		}
		var ev struct {
			P *string
			O string
			V json.RawMessage
		}
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			t.Fatalf("client got invalid JSON %q: %v", data, err)
		}
		var s string
		if json.Unmarshal(ev.V, &s) != nil {
			continue
		}
		if ev.P != nil && ev.O == "append" {
			last = *ev.P
		} else if ev.P != nil {
			continue
		}
		out[last] += s
	}
	return out
}

// TestRedactedNoteWebChats: the answer to a prompt sent with values
// replaced starts, in a chat web app, with one line that says so (types
// and counts, the request id, never a value), before the first piece of
// the answer's text and not in its thinking; the values after it are
// restored from placeholders split across the deltas. An error answer
// gets none.
func TestRedactedNoteWebChats(t *testing.T) {
	h := newPipeHarnessWith(t, func(c *config.Config) { c.Notice.FirstUse = false }, map[string]http.Handler{
		"claude.ai":   http.HandlerFunc(claudeWebUpstream),
		"chatgpt.com": http.HandlerFunc(chatGPTWebUpstream),
	})
	prompt := "Bitte schreibe an Frau Anna Schmidt wegen der IBAN " + testIBAN + ", und Anna Schmidt soll zahlen.\n#freigabe: Antwort auf ihre Anfrage"
	values := []string{"Schmidt", "3704"}
	post := func(t *testing.T, url, body string, hdr ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "text/event-stream")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := h.client(h.schleuseP, false).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	q, _ := json.Marshal(prompt)
	t.Run("claude-web", func(t *testing.T) {
		const url = "https://claude.ai/api/organizations/4f5e6d7c/chat_conversations/9a8b7c6d/completion"
		resp, body := post(t, url, `{"prompt":`+string(q)+`,"model":"claude-sonnet-4"}`)
		if resp.StatusCode != 200 || strings.Contains(h.llm.last(), "Schmidt") {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		text, thinking := claudeWebText(t, body)
		checkNote(t, text, resp.Header.Get("X-Schleuse-Request-Id"), "Antwort: "+prompt, values...)
		// Short: the types and counts, the rules by their ids once
		// (each of the two reasons' full text lists the types again).
		id := resp.Header.Get("X-Schleuse-Request-Id")
		want := "ℹ️ schleuse: 1 × IBAN, 1 × Name vor dem Versand durch Platzhalter ersetzt; die Antwort zeigt wieder Ihre Angaben (KI-RL 3.2, 6.2). Vorgangsnummer: " + id +
			". / EN: 1 × IBAN, 1 × name replaced by placeholders before sending; the answer shows your data again.\n\n"
		if !strings.HasPrefix(text, want) {
			t.Errorf("the note is\n%q\nwant\n%q", text, want)
		}
		if thinking != "Ich überlege." {
			t.Errorf("thinking %q", thinking)
		}
		// An error is no answer: no note.
		resp, body = post(t, url, `{"prompt":`+string(q)+`}`, "X-Test-Status", "429")
		if text, _ := claudeWebText(t, body); resp.StatusCode != 429 || strings.Contains(body, "schleuse") || !strings.HasPrefix(text, "Antwort: ") {
			t.Errorf("error answer: %d %s", resp.StatusCode, body)
		}
	})
	t.Run("chatgpt-web", func(t *testing.T) {
		resp, body := post(t, "https://chatgpt.com/backend-api/f/conversation",
			`{"action":"next","messages":[{"id":"b","author":{"role":"user"},"content":{"content_type":"text","parts":[`+string(q)+`]}}],"model":"auto"}`)
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		texts := chatGPTWebText(t, body)
		checkNote(t, texts["/message/content/parts/0"], resp.Header.Get("X-Schleuse-Request-Id"), "Antwort: "+prompt, values...)
		if texts["/message/content/thoughts/0/content"] != "Ich überlege." {
			t.Errorf("thoughts %q", texts["/message/content/thoughts/0/content"])
		}
	})
}

// TestRedactedNoteAPI: an API's answer, which a program reads, gets no
// note by default (notice.redacted: web), streamed or whole; with "all"
// it does, a whole JSON answer with its Content-Length grown by it; with
// "off" a web app's gets none either.
func TestRedactedNoteAPI(t *testing.T) {
	h := newPipeHarnessWith(t, func(c *config.Config) { c.Notice.FirstUse = false }, map[string]http.Handler{
		"claude.ai": http.HandlerFunc(claudeWebUpstream),
	})
	prompt := "Überweise an " + testIBAN + " für Frau Anna Schmidt."
	chat := func(t *testing.T, stream bool) (*http.Response, string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "stream": stream,
			"messages": []any{map[string]any{"role": "user", "content": prompt}}})
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || strings.Contains(h.llm.last(), "Schmidt") {
			t.Fatalf("%d %s; upstream saw %s", resp.StatusCode, b, h.llm.last())
		}
		return resp, string(b)
	}
	content := func(t *testing.T, body string) string {
		var a struct {
			Choices []struct{ Message struct{ Content string } } `json:"choices"`
		}
		if err := json.Unmarshal([]byte(body), &a); err != nil || len(a.Choices) != 1 {
			t.Fatalf("%v: %s", err, body)
		}
		return a.Choices[0].Message.Content
	}
	for _, mode := range []string{"", "web", "all", "off"} {
		t.Run("mode "+mode, func(t *testing.T) {
			h.pipe.Redacted = func() string { return mode }
			resp, body := chat(t, true)
			text, err := sseDeltaText(body)
			if err != nil {
				t.Fatal(err)
			}
			if mode == "all" {
				checkNote(t, text, resp.Header.Get("X-Schleuse-Request-Id"), prompt, "Schmidt", "3704")
			} else if text != prompt {
				t.Errorf("stream: %q, want the answer alone", text)
			}
			resp, body = chat(t, false)
			if resp.ContentLength != int64(len(body)) {
				t.Errorf("Content-Length %d for %d bytes", resp.ContentLength, len(body))
			}
			if mode == "all" {
				checkNote(t, content(t, body), resp.Header.Get("X-Schleuse-Request-Id"), "Sie schrieben: "+prompt, "Schmidt", "3704")
			} else if c := content(t, body); c != "Sie schrieben: "+prompt {
				t.Errorf("whole: %q, want the answer alone", c)
			}
			// A web app's answer: with the note unless "off".
			req, _ := http.NewRequest("POST", "https://claude.ai/api/organizations/4f5e6d7c/chat_conversations/9a8b7c6d/completion",
				strings.NewReader(`{"prompt":"Bitte schreibe an Frau Anna Schmidt.\n#freigabe: Antwort auf ihre Anfrage"}`))
			req.Header.Set("Content-Type", "application/json")
			wresp, err := h.client(h.schleuseP, false).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(wresp.Body)
			wresp.Body.Close()
			text, _ = claudeWebText(t, string(b))
			if got := strings.HasPrefix(text, notePrefix); got != (mode != "off") {
				t.Errorf("claude.ai with %q: note %v:\n%s", mode, got, text)
			}
		})
	}
}

// TestRedactedNoteWrittenWhenShown: the line on replaced values is written
// only for an answer that shows it. Before, redact wrote it for every
// request with values replaced (its counts and a dozen Fprintf calls, ≈40 K
// instructions), and an API's answer, without the line by default, threw
// it away.
func TestRedactedNoteWrittenWhenShown(t *testing.T) {
	h := newPipeHarnessWith(t, func(c *config.Config) { c.Notice.FirstUse = false }, map[string]http.Handler{
		"claude.ai": http.HandlerFunc(claudeWebUpstream),
	})
	var calls atomic.Int32 // written on the proxy's goroutine
	was := noteText
	noteText = func(counts []typeCount, restored bool, reasons []policies.Reason, requestID string, own map[string]string) string {
		calls.Add(1)
		return was(counts, restored, reasons, requestID, own)
	}
	defer func() { noteText = was }()
	api := func(t *testing.T) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"model": "gpt-4o",
			"messages": []any{map[string]any{"role": "user", "content": "Überweise an " + testIBAN + " für Frau Anna Schmidt."}}})
		code, b := postJSON(t, h, "https://api.openai.com/v1/chat/completions", string(body))
		if code != 200 || strings.Contains(h.llm.last(), "Schmidt") {
			t.Fatalf("%d %s; upstream saw %s", code, b, h.llm.last())
		}
	}
	web := func(t *testing.T) {
		t.Helper()
		_, b := postJSON(t, h, "https://claude.ai/api/organizations/4f5e6d7c/chat_conversations/9a8b7c6d/completion",
			`{"prompt":"Bitte schreibe an Frau Anna Schmidt.\n#freigabe: Antwort auf ihre Anfrage"}`)
		if text, _ := claudeWebText(t, b); !strings.HasPrefix(text, notePrefix) {
			t.Fatalf("claude.ai: no note:\n%s", text)
		}
	}
	for _, c := range []struct {
		mode string
		send func(*testing.T)
		want int32
	}{
		{"", api, 0}, {"web", api, 0}, {"off", api, 0}, {"all", api, 1}, {"", web, 1}, {"all", web, 1},
	} {
		h.pipe.Redacted = func() string { return c.mode }
		calls.Store(0)
		c.send(t)
		if n := calls.Load(); n != c.want {
			t.Errorf("mode %q: the line written %d times, want %d", c.mode, n, c.want)
		}
	}
}

// noteAnswer is what the fake web apps below answer, in pieces of three
// bytes (every placeholder split): the placeholders of the prompt that
// TestRedactedNoteMoreWebChats sends.
const noteAnswer = "Antwort an [PERSON_1] zur IBAN [IBAN_1]."

// pieces cuts s into pieces of n bytes.
func pieces(s string, n int) []string {
	var out []string
	for i := 0; i < len(s); i += n {
		out = append(out, s[i:min(i+n, len(s))])
	}
	return out
}

func jsonQ(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// TestRedactedNoteMoreWebChats: the note in Le Chat's lines, Duck.ai's
// SSE "message" pieces, Grok's NDJSON tokens (not its thinking; and in the
// whole modelResponse at the end) and HuggingChat's tokens (not its
// reasoning; and in the finalAnswer, which its client shows instead of the
// pieces), through the proxy with the services turned on and registered.
func TestRedactedNoteMoreWebChats(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data.yaml")
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "  register:\n"
	edited := strings.Replace(string(b), anchor, anchor+
		"    duck-ai-web: {name: \"Duck.ai\", approved: true, avv: false, system: open, permitted_classes: []}\n"+
		"    grok-web: {name: \"Grok\", approved: true, avv: false, system: open, permitted_classes: []}\n"+
		"    huggingchat: {name: \"HuggingChat\", approved: true, avv: false, system: open, permitted_classes: []}\n", 1)
	if err := os.WriteFile(data, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	answer := func(ct string, write func(w io.Writer)) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			seen = append(seen, string(b))
			mu.Unlock()
			w.Header().Set("Content-Type", ct)
			write(w)
		})
	}
	lechat := answer("text/plain; charset=utf-8", func(w io.Writer) {
		io.WriteString(w, `f:{"messageId":"m1"}`+"\n")
		for _, p := range pieces(noteAnswer, 3) {
			io.WriteString(w, "0:"+jsonQ(p)+"\n")
		}
		io.WriteString(w, `d:{"finishReason":"stop"}`+"\n")
	})
	duck := answer("text/event-stream", func(w io.Writer) {
		for _, p := range pieces(noteAnswer, 3) {
			io.WriteString(w, `data: {"role":"assistant","message":`+jsonQ(p)+`,"created":1,"id":"x","action":"success","model":"gpt-5-mini"}`+"\n\n")
		}
		io.WriteString(w, "data: [DONE]\n\n")
	})
	grok := answer("application/json", func(w io.Writer) {
		io.WriteString(w, `{"result":{"conversation":{"conversationId":"c1"}}}`+"\n")
		io.WriteString(w, `{"result":{"response":{"token":"Ich überlege.","isThinking":true}}}`+"\n")
		for _, p := range pieces(noteAnswer, 3) {
			io.WriteString(w, `{"result":{"response":{"token":`+jsonQ(p)+`,"isThinking":false}}}`+"\n")
		}
		io.WriteString(w, `{"result":{"response":{"modelResponse":{"message":`+jsonQ(noteAnswer)+`}}}}`+"\n")
	})
	hf := answer("text/event-stream", func(w io.Writer) {
		io.WriteString(w, `{"type":"status","status":"started"}`+"\n")
		io.WriteString(w, `{"type":"reasoning","subtype":"stream","token":"Ich überlege."}`+"\n")
		for _, p := range pieces(noteAnswer, 3) {
			io.WriteString(w, `{"type":"stream","token":`+jsonQ(p)+`}`+"\n")
		}
		io.WriteString(w, `{"type":"finalAnswer","text":`+jsonQ(noteAnswer)+`,"interrupted":false}`+"\n")
	})
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"chat.mistral.ai": lechat, "duck.ai": duck, "grok.com": grok, "huggingface.co": hf},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Notice.FirstUse = false
			c.Services = append(c.Services, config.Service{ID: "duck-ai-web", Mode: "inspect"},
				config.Service{ID: "grok-web", Mode: "inspect"}, config.Service{ID: "huggingchat", Mode: "inspect"})
		},
	})
	prompt := "Bitte schreibe an Frau Anna Schmidt wegen der IBAN " + testIBAN + ".\n#freigabe: Antwort auf ihre Anfrage"
	want := "Antwort an Anna Schmidt zur IBAN " + testIBAN + "."
	ndjsonText := func(t *testing.T, body string, text func(map[string]any) (string, bool)) (pieces, whole string) {
		t.Helper()
		var p strings.Builder
		for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
			var v map[string]any
			if err := json.Unmarshal([]byte(line), &v); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			if s, isWhole := text(v); isWhole {
				whole = s
			} else {
				p.WriteString(s)
			}
		}
		return p.String(), whole
	}
	get := func(v any, path ...string) (string, bool) {
		for _, k := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return "", false
			}
			v = m[k]
		}
		s, ok := v.(string)
		return s, ok
	}
	for _, c := range []struct {
		name, url, body string
		read            func(t *testing.T, body string) (pieces, whole string)
	}{
		{"mistral-web", "https://chat.mistral.ai/api/chat", `{"chatId":"c1","model":"mistral-large","messageInput":` + jsonQ(prompt) + `}`,
			func(t *testing.T, body string) (string, string) { return leChatText(t, body), "" }},
		{"duck-ai-web", "https://duck.ai/duckchat/v1/chat", `{"model":"gpt-5-mini","messages":[{"role":"user","content":` + jsonQ(prompt) + `}]}`,
			func(t *testing.T, body string) (string, string) {
				var p strings.Builder
				for _, line := range strings.Split(body, "\n") {
					d, ok := strings.CutPrefix(line, "data: ")
					if !ok || d == "[DONE]" {
						continue
					}
					var ev struct{ Message string }
					if err := json.Unmarshal([]byte(d), &ev); err != nil {
						t.Fatalf("%q: %v", d, err)
					}
					p.WriteString(ev.Message)
				}
				return p.String(), ""
			}},
		{"grok-web", "https://grok.com/rest/app-chat/conversations/new", `{"message":` + jsonQ(prompt) + `,"modelName":"grok-4"}`,
			func(t *testing.T, body string) (string, string) {
				return ndjsonText(t, body, func(v map[string]any) (string, bool) {
					if s, ok := get(v, "result", "response", "modelResponse", "message"); ok {
						return s, true
					}
					if r, _ := v["result"].(map[string]any); r != nil {
						if resp, _ := r["response"].(map[string]any); resp != nil && resp["isThinking"] == true {
							return "", false
						}
					}
					s, _ := get(v, "result", "response", "token")
					return s, false
				})
			}},
		{"huggingchat", "https://huggingface.co/chat/api/v2/chat/stream", `{"model":"m","messages":[{"from":"user","content":` + jsonQ(prompt) + `}]}`,
			func(t *testing.T, body string) (string, string) {
				return ndjsonText(t, body, func(v map[string]any) (string, bool) {
					switch v["type"] {
					case "finalAnswer":
						s, _ := get(v, "text")
						return s, true
					case "stream":
						s, _ := get(v, "token")
						return s, false
					}
					return "", false
				})
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", c.url, strings.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := h.client(h.schleuseP, false).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			mu.Lock()
			up := ""
			if len(seen) > 0 {
				up = seen[len(seen)-1]
			}
			mu.Unlock()
			if resp.StatusCode != 200 || strings.Contains(up, "Schmidt") || !strings.Contains(up, "[PERSON_1]") {
				t.Fatalf("%d %s; upstream saw %s", resp.StatusCode, raw, up)
			}
			id := resp.Header.Get("X-Schleuse-Request-Id")
			p, whole := c.read(t, string(raw))
			checkNote(t, p, id, want, "Schmidt", "3704")
			if whole != "" {
				checkNote(t, whole, id, want, "Schmidt", "3704")
			}
			if strings.Contains(string(raw), `\n\nIch überlege.`) || strings.Count(string(raw), "ℹ️") != 1+btoi(whole != "") {
				t.Errorf("the note is on the thinking text, or more than once in each text:\n%s", raw)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestRedactedNotePerplexityWeb: Perplexity's web app gets the note before
// the answer in each event of its cumulative stream (the patch value at
// "/answer", the "answer" and first chunk of a value that replaces the
// whole block), not in a patch of another member ("/progress").
func TestRedactedNotePerplexityWeb(t *testing.T) {
	dir := policyApproving(t, "perplexity-web: {name: \"Perplexity (Web)\",          approved: false, avv: false")
	var mu sync.Mutex
	var seen string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = string(b)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/event-stream")
		ev := func(name string, v any) {
			b, _ := json.Marshal(v)
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, b)
		}
		block := func(patches ...any) map[string]any {
			return map[string]any{"status": "PENDING", "blocks": []any{map[string]any{"intended_usage": "ask_text",
				"diff_block": map[string]any{"field": "markdown_block", "patches": patches}}}}
		}
		ev("message", block(map[string]any{"op": "replace", "path": "", "value": map[string]any{"progress": "IN_PROGRESS", "chunks": []any{noteAnswer[:12]}, "answer": noteAnswer[:12]}}))
		for end := 15; end < len(noteAnswer)+3; end += 3 {
			ev("message", block(map[string]any{"op": "replace", "path": "/progress", "value": "IN_PROGRESS"},
				map[string]any{"op": "replace", "path": "/answer", "value": noteAnswer[:min(end, len(noteAnswer))]}))
		}
		final := block(map[string]any{"op": "replace", "path": "/progress", "value": "DONE"},
			map[string]any{"op": "replace", "path": "/answer", "value": noteAnswer})
		final["final_sse_message"] = true
		ev("message", final)
		ev("end_of_stream", map[string]any{})
	})
	h := newPipeHarnessOpts(t, pipeOpts{
		extra:  map[string]http.Handler{"www.perplexity.ai": up},
		mutate: func(c *config.Config) { c.Policy.Dir = dir; c.Notice.FirstUse = false },
	})
	prompt := "Bitte schreibe an Frau Anna Schmidt wegen der IBAN " + testIBAN + ".\n#freigabe: Antwort auf ihre Anfrage"
	body, _ := json.Marshal(map[string]any{"params": map[string]any{"model_preference": "pplx_pro", "version": "2.18"}, "query_str": prompt})
	req, _ := http.NewRequest("POST", "https://www.perplexity.ai/rest/sse/perplexity_ask", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	mu.Lock()
	sent := seen
	mu.Unlock()
	if resp.StatusCode != 200 || strings.Contains(sent, "Schmidt") || !strings.Contains(sent, "[PERSON_1]") {
		t.Fatalf("%d %s; upstream saw %s", resp.StatusCode, raw, sent)
	}
	id := resp.Header.Get("X-Schleuse-Request-Id")
	text, final, end := perplexityText(t, string(raw))
	if !final || !end {
		t.Errorf("no final message or end_of_stream: %s", raw)
	}
	checkNote(t, text, id, "Antwort an Anna Schmidt zur IBAN "+testIBAN+".", "Schmidt", "3704")
	// Every event's answer starts with it, the first event's chunk too;
	// the progress stays as it was.
	events := strings.Split(strings.TrimSpace(string(raw)), "\n\n")
	if n := strings.Count(string(raw), "ℹ️"); n != len(events) {
		t.Errorf("%d notes in %d events (one each, two in the first, none in end_of_stream):\n%s", n, len(events), raw)
	}
	if strings.Contains(string(raw), `"/progress","value":"ℹ️`) ||
		!strings.Contains(string(raw), `"value":"DONE"`) || !strings.Contains(string(raw), `"chunks":["ℹ️`) {
		t.Errorf("the note is on the progress, or not on the first chunk:\n%s", raw)
	}
}

// TestRedactedText: the note is one short line, German, then English: the
// types by short names with their counts, the rules once by their ids
// (a shared prefix once), never a reason's text; values masked say the
// answer does not show them.
func TestRedactedText(t *testing.T) {
	both := []policies.Reason{
		{Rule: "KI-RL-3.2", Message: "Personenbezogene Daten werden vor dem Versand pseudonymisiert (KI-Richtlinie Abschnitt 3.2): IBAN (Bankverbindung), Name einer Person.", MessageEN: "Personal data is pseudonymised before sending (AI policy section 3.2): IBAN, PERSON."},
		{Rule: "KI-RL-6.2", Message: "Übermittlung mit Begründung (#freigabe) freigegeben; die Begründung wird protokolliert (KI-Richtlinie Abschnitt 6.2): IBAN (Bankverbindung), Name einer Person."},
	}
	for _, c := range []struct {
		name     string
		counts   []typeCount
		restored bool
		reasons  []policies.Reason
		want     string
	}{
		{"default policy", []typeCount{{"IBAN", 1}, {"PERSON", 1}}, true, both,
			"ℹ️ schleuse: 1 × IBAN, 1 × Name vor dem Versand durch Platzhalter ersetzt; die Antwort zeigt wieder Ihre Angaben (KI-RL 3.2, 6.2). Vorgangsnummer: r1. / EN: 1 × IBAN, 1 × name replaced by placeholders before sending; the answer shows your data again.\n\n"},
		{"masked, rules of no one prefix", []typeCount{{"CREDIT_CARD", 2}, {"SPECIAL_CATEGORY", 1}}, false,
			[]policies.Reason{{Rule: "R1"}, {Rule: "R1"}, {Rule: "amt-7"}},
			// Both named would be 302 bytes: the last is counted.
			"ℹ️ schleuse: 2 × Kreditkartennummer und 1 weitere vor dem Versand durch Platzhalter ersetzt; die Antwort zeigt sie wieder, geschwärzte nicht (R1, amt-7). Vorgangsnummer: r1. / EN: 2 × card number and 1 more replaced by placeholders before sending; the answer shows them again unless masked.\n\n"},
		{"a type without a short name, no rule", []typeCount{{"FOO", 1}}, true, []policies.Reason{{Message: "x"}},
			"ℹ️ schleuse: 1 × FOO vor dem Versand durch Platzhalter ersetzt; die Antwort zeigt wieder Ihre Angaben. Vorgangsnummer: r1. / EN: 1 × FOO replaced by placeholders before sending; the answer shows your data again.\n\n"},
	} {
		if got := redactedText(c.counts, c.restored, c.reasons, "r1", nil); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
	// Every type has a short name in both languages.
	for typ := range typeNamesDE {
		if n, ok := shortNames[typ]; !ok || n[0] == "" || n[1] == "" {
			t.Errorf("%s has no short name", typ)
		}
	}
}

// TestRedactedNoteMaskedOnly: a prompt whose only replaced value is masked
// (CREDIT_CARD: mask in the default policy) leaves nothing to restore, and
// its answer starts with the note all the same, saying the answer does not
// show it.
func TestRedactedNoteMaskedOnly(t *testing.T) {
	h := newPipeHarnessWith(t, func(c *config.Config) { c.Notice.FirstUse = false }, map[string]http.Handler{
		"claude.ai": http.HandlerFunc(claudeWebUpstream),
	})
	prompt := "Bitte erkläre die Abbuchung von der Karte 4111 1111 1111 1111.\n#freigabe: Rückfrage der Bürgerin"
	q, _ := json.Marshal(prompt)
	req, _ := http.NewRequest("POST", "https://claude.ai/api/organizations/4f5e6d7c/chat_conversations/1a2b3c4d/completion", strings.NewReader(`{"prompt":`+string(q)+`}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(h.llm.last(), "4111 1111 1111 1111") {
		t.Fatalf("%d %s; upstream saw %s", resp.StatusCode, b, h.llm.last())
	}
	text, _ := claudeWebText(t, string(b))
	note, _, _ := strings.Cut(text, "\n\n")
	if !strings.HasPrefix(text, notePrefix+"1 × Kreditkartennummer vor dem Versand") || !strings.Contains(note, "geschwärzte nicht") ||
		!strings.Contains(note, resp.Header.Get("X-Schleuse-Request-Id")) || strings.Contains(withoutIDs(note), "1111") {
		t.Errorf("the answer does not start with the note on the masked value:\n%s", text)
	}
}

// TestRedactedNoteAPIStreamedJSON: with notice.redacted "all", a whole JSON
// answer that comes without Content-Length, or over the size restored at
// once (1 MiB), gets the note in its text as one with a length does; a
// streamed array of answers in its first answer with text.
func TestRedactedNoteAPIStreamedJSON(t *testing.T) {
	long := strings.Repeat("Lang. ", (1<<20)/5)
	var mu sync.Mutex
	var last string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		json.Unmarshal(b, &req)
		mu.Lock()
		last = string(b)
		mu.Unlock()
		echo := "Sie schrieben: " + req.Messages[0].Content
		if r.URL.Query().Get("long") != "" {
			echo += " " + long
		}
		w.Header().Set("Content-Type", "application/json")
		// Chunked: flushed before the end, so no Content-Length.
		io.WriteString(w, `{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":`)
		w.(http.Flusher).Flush()
		io.WriteString(w, jsonQ(echo)+`},"finish_reason":"stop"}]}`)
	})
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"ki.stadt.internal": up},
		mutate: func(c *config.Config) {
			c.Policy.Dir = registeredPolicy(t, "stadt-ki", "KI der Stadt")
			c.Notice.FirstUse = false
			c.Services = append(c.Services, config.Service{ID: "stadt-ki", Provider: "openai-compatible", Hosts: []string{"ki.stadt.internal"}, Mode: "inspect"})
		},
	})
	h.pipe.Redacted = func() string { return "all" }
	prompt := "Überweise an " + testIBAN + " für Frau Anna Schmidt."
	for _, c := range []struct{ name, query, tail string }{{"chunked", "", ""}, {"over 1 MiB", "?long=1", " " + long}} {
		t.Run(c.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"model": "m", "messages": []any{map[string]any{"role": "user", "content": prompt}}})
			resp, err := h.client(h.schleuseP, false).Post("https://ki.stadt.internal/v1/chat/completions"+c.query, "application/json", strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			mu.Lock()
			sent := last
			mu.Unlock()
			if resp.StatusCode != 200 || strings.Contains(sent, "Schmidt") || !strings.Contains(sent, "[PERSON_1]") {
				t.Fatalf("%d %.300s; upstream saw %s", resp.StatusCode, b, sent)
			}
			var a struct {
				Choices []struct{ Message struct{ Content string } } `json:"choices"`
			}
			if err := json.Unmarshal(b, &a); err != nil || len(a.Choices) != 1 {
				t.Fatalf("%v: %.300s", err, b)
			}
			checkNote(t, a.Choices[0].Message.Content, resp.Header.Get("X-Schleuse-Request-Id"), "Sie schrieben: "+prompt+c.tail, "Schmidt", "3704")
		})
	}
}
