//go:build e2e

package e2e

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// chatPage is the minimal ChatGPT-like web app served at https://chatgpt.com/.
//
//go:embed testdata/chat.html
var chatPage []byte

// appWorker is the service worker of the fake chatgpt.com (chat.html with
// ?sw=1): it caches the app's page when installed and answers every page
// load from that cache, as an app shell does, so that page loads no longer
// reach the network.
const appWorker = `self.addEventListener("install", (e) => {
  self.skipWaiting();
  e.waitUntil(caches.open("app").then((c) => c.add("/?sw=1")));
});
self.addEventListener("activate", (e) => { e.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", (e) => {
  if (e.request.mode !== "navigate") return;
  e.respondWith(caches.open("app").then((c) => c.match("/?sw=1")).then((hit) => hit || fetch(e.request)));
});
`

// received is one request body the fake service got.
type received struct {
	Host, Method, Path string
	Body               string
}

// fakeLLM mimics the request and streaming response shapes of chatgpt.com,
// claude.ai, api.openai.com and api.anthropic.com. Every answer echoes the
// user text back ("Echo: …") in small pieces, so that placeholders arrive
// split across events. It records every request body it received. Safe for
// concurrent use.
type fakeLLM struct {
	mu   sync.Mutex
	recs []received

	// gate, when set, holds the next OpenAI stream after its first half
	// until the client closes it: a proxy that buffered the answer would
	// keep the client from ever seeing the first half (gateTimedOut).
	gate         chan struct{}
	gateTimedOut bool

	pages      int // GETs of https://chatgpt.com/ served
	ackCookies int // requests that carried schleuse's notice cookie (never should)
	workers    int // GETs of https://chatgpt.com/sw.js served
}

// workerFetches is how often the app's service worker script was served.
func (f *fakeLLM) workerFetches() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.workers
}

// pageLoads is how often the chat page was served.
func (f *fakeLLM) pageLoads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pages
}

// schleuseCookies is how many requests carried a cookie named for schleuse.
func (f *fakeLLM) schleuseCookies() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ackCookies
}

// armGate makes the next OpenAI stream wait for the returned channel.
func (f *fakeLLM) armGate() chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gate = make(chan struct{})
	f.gateTimedOut = false
	return f.gate
}

// takeGate returns and clears the armed gate (nil if none).
func (f *fakeLLM) takeGate() chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	g := f.gate
	f.gate = nil
	return g
}

func (f *fakeLLM) timedOut() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gateTimedOut
}

func newFakeLLM() *fakeLLM { return &fakeLLM{} }

// received returns the requests with a body for host, in order.
func (f *fakeLLM) received(host string) []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []received
	for _, r := range f.recs {
		if r.Host == host {
			out = append(out, r)
		}
	}
	return out
}

// count is the number of recorded requests (all hosts).
func (f *fakeLLM) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.recs)
}

// since returns the requests recorded after the first n.
func (f *fakeLLM) since(n int) []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]received(nil), f.recs[n:]...)
}

func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	if strings.Contains(strings.Join(r.Header.Values("Cookie"), ";"), "schleuse") {
		f.mu.Lock()
		f.ackCookies++
		f.mu.Unlock()
	}
	if len(body) > 0 {
		f.mu.Lock()
		f.recs = append(f.recs, received{Host: host, Method: r.Method, Path: r.URL.Path, Body: string(body)})
		f.mu.Unlock()
	}
	switch {
	case host == "chatgpt.com" && r.Method == http.MethodGet && r.URL.Path == "/":
		f.mu.Lock()
		f.pages++
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(chatPage)
	case host == "chatgpt.com" && r.Method == http.MethodGet && r.URL.Path == "/sw.js":
		f.mu.Lock()
		f.workers++
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		io.WriteString(w, appWorker)
	case host == "chatgpt.com" && r.Method == http.MethodPost && r.URL.Path == "/backend-api/f/conversation":
		chatGPTConversation(w, body)
	case host == "claude.ai" && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/completion"):
		claudeCompletion(w, body)
	case host == "api.openai.com" && r.Method == http.MethodPost && r.URL.Path == "/v1/chat/completions":
		f.openAIChat(w, body)
	case host == "api.anthropic.com" && r.Method == http.MethodPost && r.URL.Path == "/v1/messages":
		anthropicMessages(w, body)
	default:
		http.NotFound(w, r)
	}
}

// pieces splits s into chunks of n runes.
func pieces(s string, n int) []string {
	var out []string
	r := []rune(s)
	for len(r) > 0 {
		k := min(n, len(r))
		out = append(out, string(r[:k]))
		r = r[k:]
	}
	return out
}

// sse writes event streams and flushes after every event.
type sse struct {
	w http.ResponseWriter
	f http.Flusher
}

func newSSE(w http.ResponseWriter) *sse {
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	f, _ := w.(http.Flusher)
	return &sse{w: w, f: f}
}

// event writes one event; data is JSON-encoded unless it is a string.
func (s *sse) event(name string, data any) {
	var d string
	switch v := data.(type) {
	case string:
		d = v
	default:
		b, _ := json.Marshal(v)
		d = string(b)
	}
	if name != "" {
		fmt.Fprintf(s.w, "event: %s\n", name)
	}
	fmt.Fprintf(s.w, "data: %s\n\n", d)
	if s.f != nil {
		s.f.Flush()
	}
	time.Sleep(4 * time.Millisecond) // separate TCP writes, as a real stream arrives
}

// chatGPTConversation answers the web app's conversation call in the
// delta-encoding v1 format of chatgpt.com.
func chatGPTConversation(w http.ResponseWriter, body []byte) {
	var req struct {
		ConversationID *string `json:"conversation_id"`
		Messages       []struct {
			Author  struct{ Role string } `json:"author"`
			Content struct {
				Parts []any `json:"parts"`
			} `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) == 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprint(w, `{"detail":"Fake: ungültige Anfrage"}`)
		return
	}
	var user string
	for _, p := range req.Messages[len(req.Messages)-1].Content.Parts {
		if s, ok := p.(string); ok {
			user += s
		}
	}
	conv := "c0ffee00-0000-4000-8000-000000000001"
	if req.ConversationID != nil && *req.ConversationID != "" {
		conv = *req.ConversationID
	}
	s := newSSE(w)
	s.event("delta_encoding", `"v1"`)
	s.event("delta", map[string]any{"p": "", "o": "add", "c": 0, "v": map[string]any{
		"message": map[string]any{
			"id": "a1", "author": map[string]any{"role": "assistant"},
			"content": map[string]any{"content_type": "text", "parts": []string{""}},
			"status":  "in_progress",
		},
		"conversation_id": conv,
	}})
	ps := pieces("Echo: "+user, 4)
	for i, p := range ps {
		switch {
		case i == 0:
			s.event("delta", map[string]any{"p": "/message/content/parts/0", "o": "append", "v": p})
		case i == len(ps)-1:
			s.event("delta", map[string]any{"p": "", "o": "patch", "v": []any{
				map[string]any{"p": "/message/content/parts/0", "o": "append", "v": p},
				map[string]any{"p": "/message/status", "o": "replace", "v": "finished_successfully"},
			}})
		default:
			s.event("delta", map[string]any{"v": p})
		}
	}
	s.event("", map[string]any{"type": "message_stream_complete", "conversation_id": conv})
	s.event("", "[DONE]")
}

// anthropicStream writes the Anthropic Messages event stream for text.
func anthropicStream(w http.ResponseWriter, model, text string) {
	s := newSSE(w)
	s.event("message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": "msg_e2e", "type": "message", "role": "assistant", "model": model, "content": []any{},
		"stop_reason": nil, "stop_sequence": nil, "usage": map[string]any{"input_tokens": 10, "output_tokens": 1},
	}})
	s.event("content_block_start", map[string]any{"type": "content_block_start", "index": 0,
		"content_block": map[string]any{"type": "text", "text": ""}})
	s.event("ping", map[string]any{"type": "ping"})
	for _, p := range pieces(text, 4) {
		s.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
			"delta": map[string]any{"type": "text_delta", "text": p}})
	}
	s.event("content_block_stop", map[string]any{"type": "content_block_stop", "index": 0})
	s.event("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil}, "usage": map[string]any{"output_tokens": 20}})
	s.event("message_stop", map[string]any{"type": "message_stop"})
}

// claudeCompletion answers claude.ai's completion call (Anthropic events).
func claudeCompletion(w http.ResponseWriter, body []byte) {
	var req struct {
		Prompt string `json:"prompt"`
		Model  string `json:"model"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		http.Error(w, `{"type":"error","error":{"type":"invalid_request_error","message":"bad json"}}`, http.StatusBadRequest)
		return
	}
	anthropicStream(w, req.Model, "Echo: "+req.Prompt)
}

// openAIChat answers /v1/chat/completions, JSON or SSE.
func (f *fakeLLM) openAIChat(w http.ResponseWriter, body []byte) {
	var req struct {
		Model    string `json:"model"`
		Stream   bool   `json:"stream"`
		Messages []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"message":"bad json","type":"invalid_request_error"}}`)
		return
	}
	var user string
	for _, m := range req.Messages {
		if m.Role != "user" {
			continue
		}
		var s string
		if json.Unmarshal(m.Content, &s) == nil {
			user = s
			continue
		}
		var parts []struct{ Type, Text string }
		if json.Unmarshal(m.Content, &parts) == nil {
			user = ""
			for _, p := range parts {
				user += p.Text
			}
		}
	}
	text := "Echo: " + user
	created := time.Now().Unix()
	if !req.Stream {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-e2e", "object": "chat.completion", "created": created, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": text, "refusal": nil}}},
			"usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30},
		})
		return
	}
	s := newSSE(w)
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-e2e", "object": "chat.completion.chunk", "created": created, "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}
	s.event("", chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	gate := f.takeGate()
	ps := pieces(text, 4)
	for i, p := range ps {
		if gate != nil && i == len(ps)/2 {
			select {
			case <-gate:
			case <-time.After(5 * time.Second):
				f.mu.Lock()
				f.gateTimedOut = true
				f.mu.Unlock()
			}
		}
		s.event("", chunk(map[string]any{"content": p}, nil))
	}
	s.event("", chunk(map[string]any{}, "stop"))
	s.event("", "[DONE]")
}

// anthropicMessages answers /v1/messages, JSON or SSE.
func anthropicMessages(w http.ResponseWriter, body []byte) {
	var req struct {
		Model    string `json:"model"`
		Stream   bool   `json:"stream"`
		Messages []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"type":"error","error":{"type":"invalid_request_error","message":"bad json"}}`)
		return
	}
	var user string
	for _, m := range req.Messages {
		if m.Role != "user" {
			continue
		}
		var s string
		if json.Unmarshal(m.Content, &s) == nil {
			user = s
			continue
		}
		var blocks []struct{ Type, Text string }
		if json.Unmarshal(m.Content, &blocks) == nil {
			user = ""
			for _, b := range blocks {
				user += b.Text
			}
		}
	}
	text := "Echo: " + user
	if req.Stream {
		anthropicStream(w, req.Model, text)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "msg_e2e", "type": "message", "role": "assistant", "model": req.Model,
		"content":     []any{map[string]any{"type": "text", "text": text}},
		"stop_reason": "end_turn", "stop_sequence": nil,
		"usage": map[string]any{"input_tokens": 10, "output_tokens": 20},
	})
}
