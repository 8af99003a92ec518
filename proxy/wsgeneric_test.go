package proxy

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/schleuse/schleuse/config"
)

// TestUnknownWebSocketReadAsUnknownBody: ChatGPT's web app opens a
// WebSocket to ws.chatgpt.com (alinr.com's HAR analysis, research notes
// §15), whose client messages no source shows. Before, the host was not in
// the catalogue: a blind tunnel, so whatever the page sent on it reached
// OpenAI unread. Now it is chatgpt-web's with a route to the fallback: a
// message without text (a subscription by id) or with ordinary text
// passes, one that carries a Steuer-ID is dropped, never rewritten; with
// either setting of inspect.unknown_requests, and without counting as an
// unknown format (the unmatched metric and its alert, the log's warning).
// A WebSocket on an inspected host that no route names (a path of
// chatgpt.com) is read so with unknown_requests: scan, and every message of
// it is dropped with block.
func TestUnknownWebSocketReadAsUnknownBody(t *testing.T) {
	const subscribe = `{"type":"subscribe","conversation_id":"6751f0c2-2f7e-800e-9c4a-0d1f5e3b7a21","offset":0}`
	for _, tc := range []struct {
		url, mode string
		read      bool // the messages are read (else all are dropped)
		unmatched bool // counted as an unknown format
	}{
		{"wss://ws.chatgpt.com/ws/user/conversations", "scan", true, false},
		{"wss://ws.chatgpt.com/ws/user/conversations", "block", true, false},
		{"wss://chatgpt.com/backend-api/ws/unknown", "scan", true, true},
		{"wss://chatgpt.com/backend-api/ws/unknown", "block", false, true},
	} {
		t.Run(tc.url+"/"+tc.mode, func(t *testing.T) {
			fc := &fakeCopilot{}
			host := strings.Split(strings.TrimPrefix(tc.url, "wss://"), "/")[0]
			logs := &syncBuffer{}
			h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Inspect.UnknownRequests = tc.mode },
				extra: map[string]http.Handler{host: fc}, log: logs})
			if svc := h.srv.Catalogue().Lookup(host); svc == nil || svc.ID != "chatgpt-web" {
				t.Fatalf("%s is %v, want chatgpt-web", host, svc)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, _, err := websocket.Dial(ctx, tc.url, &websocket.DialOptions{
				HTTPClient: h.client(h.schleuseP, false), CompressionMode: websocket.CompressionDisabled,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer c.CloseNow()
			for _, m := range []string{subscribe,
				`{"type":"message","text":"Bitte prüfen: Steuer-ID 86095742719 von Jürgen Kowalski"}`,
				"Steuer-ID 86095742719",
				`{"type":"message","text":"Wie schreibe ich eine freundliche Einladung zum Sommerfest?"}`,
				`{"type":"ping"}`} {
				if err := c.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
					t.Fatal(err)
				}
			}
			want := 3 // the subscription, the question and the ping
			if !tc.read {
				want = 0
			}
			deadline := time.Now().Add(3 * time.Second)
			for fc.count() < want && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond) // a message that should not come has time to
			fc.mu.Lock()
			defer fc.mu.Unlock()
			if len(fc.got) != want {
				t.Fatalf("the service got %d messages, want %d: %q", len(fc.got), want, fc.got)
			}
			for _, g := range fc.got {
				if strings.Contains(g, "86095742719") || strings.Contains(g, "Kowalski") {
					t.Fatalf("a message with a Steuer-ID reached the service: %q", g)
				}
			}
			if tc.read && (fc.got[0] != subscribe || !strings.Contains(fc.got[1], "Sommerfest") || fc.got[2] != `{"type":"ping"}`) {
				t.Fatalf("the service got %q", fc.got)
			}
			if got := strings.Contains(logs.String(), "matched no adapter"); got != tc.unmatched {
				t.Fatalf("logged as an unknown format: %v, want %v", got, tc.unmatched)
			}
		})
	}
}

// TestUnknownWebSocketKeepAlivesNotCounted: on a WebSocket read by
// fallback (ws.chatgpt.com), a message without text (a subscription, a
// ping) does not count against client.websocket_messages_per_minute, as on
// every WebSocket an adapter reads; one with text does. Before, the budget
// asked the router alone, found no adapter and counted every message, so
// an idle ChatGPT tab used up the user's messages (rev24).
func TestUnknownWebSocketKeepAlivesNotCounted(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessWith(t, func(c *config.Config) { c.Client.WebSocketMessagesPerMinute = 2 },
		map[string]http.Handler{"ws.chatgpt.com": fc})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialChatGPTWS(t, ctx, h)
	var sent []string
	for range 6 {
		sent = append(sent, `{"type":"ping"}`)
	}
	sent = append(sent, `{"type":"message","text":"Wie schreibe ich eine freundliche Einladung zum Sommerfest?"}`,
		`{"type":"message","text":"Und eine Absage an den Caterer?"}`, `{"type":"ping"}`,
		`{"type":"message","text":"Noch eine dritte Frage, über dem Budget"}`)
	for _, m := range sent {
		if err := c.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	want := len(sent) - 1 // all but the third text, over the budget of 2
	deadline := time.Now().Add(3 * time.Second)
	for fc.count() < want && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.got) != want || !slices.Equal(fc.got, sent[:want]) {
		t.Fatalf("the service got %d messages, want %d: %q", len(fc.got), want, fc.got)
	}
}

// dialChatGPTWS opens ChatGPT's WebSocket through schleuse; it is closed
// when the test ends.
func dialChatGPTWS(t *testing.T, ctx context.Context, h *pipeHarness) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.Dial(ctx, "wss://ws.chatgpt.com/ws/user/conversations", &websocket.DialOptions{
		HTTPClient: h.client(h.schleuseP, false), CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}
