package proxy

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
)

// fakeCopilot accepts the chat WebSocket, records client messages and
// acknowledges each with a server frame.
type fakeCopilot struct {
	mu   sync.Mutex
	got  []string
	exts []string
}

// count is the number of client messages the service has got so far.
func (f *fakeCopilot) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.got)
}

func (f *fakeCopilot) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.exts = append(f.exts, r.Header.Get("Sec-WebSocket-Extensions"))
	f.mu.Unlock()
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return
	}
	defer c.CloseNow()
	for {
		_, msg, err := c.Read(r.Context())
		if err != nil {
			return
		}
		f.mu.Lock()
		f.got = append(f.got, string(msg))
		f.mu.Unlock()
		c.Write(r.Context(), websocket.MessageText, []byte(`{"event":"appendText","text":"ok"}`))
	}
}

func TestWebSocketMessagesAreInspected(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"copilot.microsoft.com": fc})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionContextTakeover)
	send := func(text string) {
		if err := c.Write(ctx, websocket.MessageText, copilotSend(text)); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string {
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	send("Das Passwort für den Server ist Passwort: Sommer2024!xy")
	if m := read(); !strings.Contains(m, "appendText") || !strings.Contains(m, "nicht an den KI-Dienst gesendet") {
		t.Fatalf("block notice frame: %s", m)
	}
	if m := read(); !strings.Contains(m, `"done"`) {
		t.Fatalf("done frame: %s", m)
	}
	send("Schreibe eine Einladung an Frau Anna Schmidt.")
	var ev struct{ Event, Text string }
	if m := read(); json.Unmarshal([]byte(m), &ev) != nil || ev.Event != "appendText" {
		t.Fatalf("server frame: %s", m)
	}
	checkNote(t, ev.Text, noteID(ev.Text), "ok", "Schmidt")
	send(`{"ping":true}`) // not a send event: passed on
	read()
	// Another event with text is read all the same (before, only send was).
	edit, _ := json.Marshal(map[string]any{"event": "edit", "messageId": "m1", "content": []any{map[string]any{"type": "text", "text": "Bitte an IBAN DE89 3704 0044 0532 0130 00"}}})
	if err := c.Write(ctx, websocket.MessageText, edit); err != nil {
		t.Fatal(err)
	}
	read()
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.got) != 3 || strings.Contains(fc.got[2], "0532") || !strings.Contains(fc.got[2], "[IBAN_1]") {
		t.Fatalf("server got %d messages: %q", len(fc.got), fc.got)
	}
	if strings.Contains(fc.got[0], "Schmidt") || !strings.Contains(fc.got[0], "[PERSON_1]") {
		t.Fatalf("server got %q", fc.got[0])
	}
	for _, e := range fc.exts {
		if e != "" {
			t.Fatalf("compression was offered upstream: %q", e)
		}
	}
}

// fakeCopilotEcho echoes the text of each send event back in 3-byte
// appendText messages (placeholders arrive split), then "done".
type fakeCopilotEcho struct {
	mu  sync.Mutex
	got []string
}

func (f *fakeCopilotEcho) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return
	}
	defer c.CloseNow()
	for {
		_, msg, err := c.Read(r.Context())
		if err != nil {
			return
		}
		var ev struct {
			Content []struct{ Text string } `json:"content"`
		}
		json.Unmarshal(msg, &ev)
		text := ""
		for _, p := range ev.Content {
			text += p.Text
		}
		f.mu.Lock()
		f.got = append(f.got, text)
		f.mu.Unlock()
		for i := 0; i < len(text); i += 3 {
			chunk, _ := json.Marshal(text[i:min(i+3, len(text))])
			c.Write(r.Context(), websocket.MessageText, []byte(`{"event":"appendText","text":`+string(chunk)+`}`))
		}
		c.Write(r.Context(), websocket.MessageText, []byte(`{"event":"done"}`))
	}
}

func TestWebSocketAnswersAreRestored(t *testing.T) {
	echo := &fakeCopilotEcho{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"copilot.microsoft.com": echo})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "wss://copilot.microsoft.com/c/api/chat?api-version=2", &websocket.DialOptions{HTTPClient: h.client(h.schleuseP, false)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	prompt := "Schreibe eine Einladung an Frau Anna Schmidt."
	msg, _ := json.Marshal(map[string]any{"event": "send", "content": []any{map[string]any{"type": "text", "text": prompt}}})
	if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ev struct{ Event, Text string }
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatalf("client got %q: %v", b, err)
		}
		if ev.Event == "done" {
			break
		}
		got.WriteString(ev.Text)
	}
	// The first piece starts with the note on the replaced name, once.
	checkNote(t, got.String(), noteID(got.String()), prompt, "Schmidt")
	// The answer to a prompt with nothing replaced has none.
	msg, _ = json.Marshal(map[string]any{"event": "send", "content": []any{map[string]any{"type": "text", "text": "Und wie geht es weiter?"}}})
	if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
		t.Fatal(err)
	}
	got.Reset()
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ev struct{ Event, Text string }
		if err := json.Unmarshal(b, &ev); err != nil || ev.Event == "done" {
			break
		}
		got.WriteString(ev.Text)
	}
	if got.String() != "Und wie geht es weiter?" {
		t.Errorf("answer to a prompt with nothing replaced: %q", got.String())
	}
	echo.mu.Lock()
	defer echo.mu.Unlock()
	if len(echo.got) != 2 || strings.Contains(echo.got[0], "Schmidt") || !strings.Contains(echo.got[0], "[PERSON_1]") {
		t.Fatalf("service received %q", echo.got)
	}
}

// TestWebSocketEndsWhenNoLongerAdmitted: a WebSocket opened before a
// reload that blocks its service sends no further message upstream; the
// connection ends at the next one.
func TestWebSocketEndsWhenNoLongerAdmitted(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"copilot.microsoft.com": fc})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	send := func(text string) error {
		return c.Write(ctx, websocket.MessageText, copilotSend(text))
	}
	if err := send("Wie spät ist es?"); err != nil {
		t.Fatal(err)
	}
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), "ok") {
		t.Fatalf("before the reload: %q %v", b, err)
	}
	blocked := *h.cfg
	blocked.Services = append(append([]config.Service(nil), h.cfg.Services...), config.Service{ID: "copilot-web", Provider: "microsoft", Hosts: []string{"copilot.microsoft.com"}, Mode: "block"})
	auth, err := identity.New(identity.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.Reload(&blocked, auth); err != nil {
		t.Fatal(err)
	}
	n := fc.count()
	send("Und morgen?")
	// The chat is told why (Copilot's frames), then the connection closes.
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), "Ihre Anmeldung gilt nicht mehr oder der KI-Dienst ist inzwischen gesperrt") {
		t.Fatalf("after the block: %q %v, want the notice", b, err)
	}
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), `"done"`) {
		t.Fatalf("after the notice: %q %v, want done", b, err)
	}
	if _, b, err := c.Read(ctx); websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
		t.Fatalf("after the block, the WebSocket still answers: %q %v", b, err)
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.got) != n {
		t.Fatalf("a message reached the service after the block: %q", fc.got[n:])
	}
}

// TestShutdownClosesHijackedConns: Shutdown ends the connections that
// http.Server stopped tracking when goproxy hijacked them — an open
// WebSocket inside an interception, an idle intercepted connection and a
// blind tunnel — and logs how many it closed. Before, all three stayed
// open after Shutdown returned, and nothing said so.
func TestShutdownClosesHijackedConns(t *testing.T) {
	echoAddr := faultListener(t, func(c net.Conn) { io.Copy(c, c); c.Close() })
	var logs syncBuffer
	fc := &fakeCopilot{}
	h := newPipeHarnessOpts(t, pipeOpts{log: &logs, extra: map[string]http.Handler{"copilot.microsoft.com": fc},
		mutate: func(c *config.Config) { c.Upstream.Resolve["www.example.org:443"] = echoAddr }})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	if err := ws.Write(ctx, websocket.MessageText, copilotSend("Wie spät ist es?")); err != nil {
		t.Fatal(err)
	}
	if _, b, err := ws.Read(ctx); err != nil || !strings.Contains(string(b), "ok") {
		t.Fatalf("WebSocket: %q %v", b, err)
	}
	if status, _ := h.chat(t, "api.openai.com", "Wie wird das Wetter?", false); status != 200 {
		t.Fatalf("chat: %d", status) // leaves an idle intercepted connection in the client's pool
	}
	tun, err := net.Dial("tcp", h.proxyURL.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer tun.Close()
	fmt.Fprintf(tun, "CONNECT www.example.org:443 HTTP/1.1\r\nHost: www.example.org:443\r\n\r\n")
	br := bufio.NewReader(tun)
	if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != 200 {
		t.Fatalf("CONNECT: %v %v", resp, err)
	}
	io.WriteString(tun, "ping")
	if _, err := io.ReadFull(br, make([]byte, 4)); err != nil {
		t.Fatal(err)
	}

	sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer scancel()
	if err := h.srv.Shutdown(sctx); err != nil {
		t.Fatalf("shutdown with nothing in flight: %v", err)
	}
	rctx, rcancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer rcancel()
	if _, _, err := ws.Read(rctx); err == nil || rctx.Err() != nil {
		t.Errorf("the WebSocket is still open after Shutdown (%v)", err)
	}
	tun.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := br.ReadByte(); err == nil {
		t.Error("the tunnel sent a byte")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Error("the blind tunnel is still open after Shutdown")
	}
	l := logs.String()
	if !strings.Contains(l, `"msg":"Beenden: die noch offenen Verbindungen geschlossen (ihre Zahl je Art) / shutdown: closed the connections still open","intercepted":1,"websockets":1,"tunnels":1`) {
		t.Errorf("no log line with the counts:\n%s", l)
	}
}

// dialCopilot opens a Copilot chat WebSocket through the harness's proxy,
// closed when the test ends.
func dialCopilot(t *testing.T, ctx context.Context, h *pipeHarness, mode websocket.CompressionMode) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.Dial(ctx, "wss://copilot.microsoft.com/c/api/chat?api-version=2", &websocket.DialOptions{
		HTTPClient: h.client(h.schleuseP, false), CompressionMode: mode,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// copilotSend is the Copilot client frame that sends text as a prompt.
func copilotSend(text string) []byte {
	msg, _ := json.Marshal(map[string]any{"event": "send", "conversationId": "c1", "content": []any{map[string]any{"type": "text", "text": text}}})
	return msg
}

// TestWebSocketMessageParsedOnce: a message the budget check read with the
// adapter (CarriesText) is not read again by its inspection: the envelope
// goes along in the context, for the very bytes it was read from and the
// settings in force. Before (cc060df), each message that counted against
// the budget was parsed twice, about 11 µs more per 2 KB Copilot message.
func TestWebSocketMessageParsedOnce(t *testing.T) {
	h, _ := newBadInputHarness(t)
	svc := h.srv.Catalogue().Lookup("copilot.microsoft.com")
	if svc == nil {
		t.Fatal("copilot.microsoft.com is not in the catalogue")
	}
	x := &Exchange{RequestID: "ws1", Service: svc, Request: httptest.NewRequest("GET", "https://copilot.microsoft.com/c/api/chat?api-version=2", nil), Start: time.Now()}
	msg := copilotSend("Wie schreibe ich eine höfliche Terminbestätigung?")
	text, pre := h.pipe.CarriesText(x, msg)
	if !text || pre == nil || pre.env == nil || pre.err != nil {
		t.Fatalf("CarriesText: %v %+v", text, pre)
	}
	inspect := func(p *wsParsed, m []byte) []byte {
		fwd, _ := h.pipe.InspectMessage(context.WithValue(context.Background(), wsParsedKey{}, p), x, m)
		return fwd
	}
	if fwd := inspect(pre, msg); fwd == nil {
		t.Fatal("a harmless message was not forwarded")
	}
	// An envelope that says "unreadable" shows that the inspection took it.
	bad := *pre
	bad.env, bad.err = nil, errors.New("unreadable")
	if fwd := inspect(&bad, msg); fwd != nil {
		t.Fatal("the inspection read the message again instead of taking the budget check's envelope")
	}
	// Not for a copy of the bytes, nor under other settings.
	if fwd := inspect(&bad, append([]byte(nil), msg...)); fwd == nil {
		t.Fatal("an envelope of other bytes was taken")
	}
	other := bad
	other.set = &pipeSettings{}
	if fwd := inspect(&other, msg); fwd == nil {
		t.Fatal("an envelope read under other settings was taken")
	}
}
