package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// notePrefix starts the line of redactedText in an answer's text.
const notePrefix = "ℹ️ schleuse: Vor dem Versand durch Platzhalter ersetzt: "

// checkNote checks that text, an answer's text as its client joins it,
// starts with the note on replaced values once, which names the request
// id and no value, and that the answer after it is rest.
func checkNote(t *testing.T, text, id, rest string, values ...string) {
	t.Helper()
	if !strings.HasPrefix(text, notePrefix) || strings.Count(text, "ℹ️ schleuse") != 1 {
		t.Fatalf("the answer does not start with the note once:\n%s", text)
	}
	note, answer, _ := strings.Cut(text, "\n\n")
	if !strings.Contains(note, "Vorgangsnummer: "+id+". / schleuse: replaced by placeholders before sending: ") ||
		!strings.HasSuffix(note, "Reference number (Vorgangsnummer): "+id+".") || id == "" {
		t.Errorf("the note does not name the request %q German, then English:\n%s", id, note)
	}
	for _, v := range values {
		if strings.Contains(note, v) {
			t.Errorf("the note holds a value: %s", note)
		}
	}
	if answer != rest {
		t.Errorf("after the note the client read\n%q\nwant\n%q", answer, rest)
	}
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
		if !strings.Contains(text, "1 × IBAN (Bankverbindung), 1 × Name einer Person;") || !strings.Contains(text, "1 × IBAN, 1 × PERSON;") {
			t.Errorf("the note does not count the values replaced: %s", text)
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
