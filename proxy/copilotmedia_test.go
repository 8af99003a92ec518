package proxy

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestCopilotOtherEventMediumRefused: through the running proxy, a client
// frame of Copilot's chat WebSocket other than "send" whose only content is
// an image (a whole base64 value) is decided by the policy, which refuses
// what it cannot read (KI-RL-3.6): the client gets the notice and Copilot
// nothing. Before, the adapter found no text in it and the frame went out
// as one without any.
func TestCopilotOtherEventMediumRefused(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"copilot.microsoft.com": fc})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"), make([]byte, 64)...)
	frame, _ := json.Marshal(map[string]any{"event": "setOptions", "conversationId": "c1", "image": base64.StdEncoding.EncodeToString(png)})
	if err := c.Write(ctx, websocket.MessageText, frame); err != nil {
		t.Fatal(err)
	}
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "schleuse") || !strings.Contains(string(b), "Abschnitt 3.6") {
		t.Errorf("the client got %s", b)
	}
	if n := fc.count(); n != 0 {
		t.Errorf("Copilot got %d messages, want none", n)
	}
}

// TestCopilotImagePartRefused: through the running proxy, a Copilot send
// frame whose content names an image by its address ({"type":"image",
// "url":…}, which Copilot fetches itself) is decided by the policy, which
// refuses an image it cannot see (KI-RL-3.6): the client gets the notice,
// Copilot nothing. Before, the address was read as text and the frame went
// out.
func TestCopilotImagePartRefused(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"copilot.microsoft.com": fc})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	frame, _ := json.Marshal(map[string]any{"event": "send", "conversationId": "c1", "mode": "chat", "content": []any{
		map[string]any{"type": "image", "url": "https://example.org/scan/bescheid.png"},
		map[string]any{"type": "text", "text": "Was steht auf dem Bescheid?"}}})
	if err := c.Write(ctx, websocket.MessageText, frame); err != nil {
		t.Fatal(err)
	}
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "appendText") || !strings.Contains(string(b), "Abschnitt 3.6") {
		t.Errorf("the client got %s", b)
	}
	if n := fc.count(); n != 0 {
		t.Errorf("Copilot got %d messages, want none", n)
	}
}
