package proxy

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/logsink"
	"github.com/schleuse/schleuse/providers"
)

// TestConnectionsPerAddressBounded: a client address holds at most
// client.max_connections_per_address connections open on the proxy
// listener; one more is answered with a German 429 and closed, counted as
// "connections", and a place freed is taken again. Before, one client could
// open connections until the proxy ran out of file descriptors.
func TestConnectionsPerAddressBounded(t *testing.T) {
	rec := &reasonRecorder{}
	var logs logsink.Buffer
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Client.MaxConnectionsPerAddress = 2 },
		tel:    func(*Pipeline) Metrics { return rec },
		log:    &logs,
	})
	addr := h.proxyURL.Host
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	first, _ := dial(), dial()
	extra := dial()
	extra.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, _ := io.ReadAll(extra)
	if !strings.HasPrefix(string(got), "HTTP/1.1 429") || !strings.Contains(string(got), "zu viele Verbindungen") {
		t.Fatalf("third connection got %q", got)
	}
	if r := rec.take(); strings.Join(r, ",") != "connections" {
		t.Fatalf("counted %q, want connections", r)
	}
	// The log line IT reads, German first.
	if !strings.Contains(logs.String(), `"level":"WARN","msg":"Verbindung abgewiesen: zu viele offene Verbindungen von einer Client-Adresse (client.max_connections_per_address) / connection refused: too many open connections from one client address","client":"127.0.0.1","max_connections_per_address":2`) {
		t.Errorf("no log line for the refused connection:\n%s", logs.String())
	}
	first.Close()
	// The server sees the close and frees the place.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := dial()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err == nil && resp.StatusCode == http.StatusOK {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("no place after one closed: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWebSocketMessagesRateBounded: a user sends at most
// client.websocket_messages_per_minute messages on inspected WebSockets;
// the next is neither sent on nor audited, the chat shows why (the
// adapter's block frames, German first), and it is counted as "ws_rate".
// Before, every message was inspected and audited however many came: one
// client could flood the audit log.
func TestWebSocketMessagesRateBounded(t *testing.T) {
	fc := &fakeCopilot{}
	rec := &reasonRecorder{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Client.WebSocketMessagesPerMinute = 3 },
		extra:  map[string]http.Handler{"copilot.microsoft.com": fc},
		tel:    func(*Pipeline) Metrics { return rec },
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	send := func(text string) string {
		if err := c.Write(ctx, websocket.MessageText, copilotSend(text)); err != nil {
			t.Fatal(err)
		}
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := h.audit.Stats().Written
	for i := range 3 {
		if m := send("Wie wird das Wetter morgen?"); m != `{"event":"appendText","text":"ok"}` {
			t.Fatalf("message %d: %s", i, m)
		}
	}
	if m := send("Und übermorgen?"); !strings.Contains(m, "appendText") || !strings.Contains(m, "Zu viele Nachrichten") {
		t.Fatalf("fourth message: %s", m)
	}
	n := fc.count()
	if n != 3 {
		t.Fatalf("the service got %d messages, want 3", n)
	}
	if r := rec.take(); !strings.Contains(strings.Join(r, ","), "ws_rate") {
		t.Fatalf("counted %q, want ws_rate", r)
	}
	time.Sleep(300 * time.Millisecond) // the audit queue's batch
	if w := h.audit.Stats().Written - before; w > 3 {
		t.Fatalf("%d audit records for 3 messages inspected", w)
	}
}

// TestWebSocketMessagesRateSharedAddress: without proxy login the staff
// behind one address (terminal server, NAT) cannot be told apart, so each
// WebSocket connection (chat window) has the user's budget
// (client.websocket_messages_per_minute) and the address a ceiling for all
// of them (client.websocket_messages_per_minute_per_address). Before, the
// address was one user: once one person had sent the minute's messages,
// every colleague's chat was refused.
func TestWebSocketMessagesRateSharedAddress(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) {
			c.Client.WebSocketMessagesPerMinute = 3
			c.Client.WebSocketMessagesPerMinutePerAddress = 5
		},
		extra: map[string]http.Handler{"copilot.microsoft.com": fc},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	send := func(c *websocket.Conn, text string) bool {
		if err := c.Write(ctx, websocket.MessageText, copilotSend(text)); err != nil {
			t.Fatal(err)
		}
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		switch m := string(b); {
		case m == `{"event":"appendText","text":"ok"}`:
			return true
		case strings.Contains(m, "Zu viele Nachrichten"):
			return false
		default:
			t.Fatalf("answer %s", m)
			return false
		}
	}
	// Both from 127.0.0.1, without login: two persons on one terminal server.
	first, second := dialCopilot(t, ctx, h, websocket.CompressionDisabled), dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	for i := range 3 {
		if !send(first, "Wie wird das Wetter morgen?") {
			t.Fatalf("first window, message %d refused", i)
		}
	}
	if send(first, "Und übermorgen?") {
		t.Fatal("first window: a fourth message within the minute was sent")
	}
	for i := range 2 {
		if !send(second, "Wie spät ist es in Tokio?") {
			t.Fatalf("second window, message %d refused: the first person's messages used up the budget of everyone at the address", i)
		}
	}
	if send(second, "Und in Sydney?") {
		t.Fatal("second window: a message over the address's ceiling was sent")
	}
	n := fc.count()
	if n != 5 {
		t.Fatalf("the service got %d messages, want 5", n)
	}
}

// TestTooManyJSONValuesBlocked: a body of more JSON values than
// providers.MaxJSONValues is blocked with a German notice before it is
// parsed further. Before, 10 MiB of tiny chat messages made 330 000
// fields (a detector pass each) and 10 MiB of "[0,0,…" 686 MB of parse
// tree: a few such requests at once took the proxy's memory.
func TestTooManyJSONValuesBlocked(t *testing.T) {
	h := newPipeHarness(t, nil)
	var b strings.Builder
	b.WriteString(`{"model":"gpt-4o","messages":[`)
	for i := range providers.MaxJSONValues / 3 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"role":"user","content":"a"}`)
	}
	b.WriteString(`,{"role":"user","content":"IBAN ` + testIBAN + `"}]}`)
	n := len(h.llm.received)
	code, body := postJSON(t, h, "https://api.openai.com/v1/chat/completions", b.String())
	if code != 400 || !strings.Contains(body, "zu vielen Einzelteilen") {
		t.Fatalf("%d %.300s", code, body)
	}
	if len(h.llm.received) != n {
		t.Fatalf("forwarded")
	}
}

// TestWebSocketKeepAlivesNotCounted: a chat app's keep-alive or ping
// messages, which carry no user text, do not count against
// client.websocket_messages_per_minute: an idle chat window that pings
// every few seconds leaves the user's budget (and, without login, the
// address's ceiling on a terminal server) for the messages people write.
// They are still passed on. Before, every message counted, and idle tabs
// used up the ceiling.
func TestWebSocketKeepAlivesNotCounted(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) {
			c.Client.WebSocketMessagesPerMinute = 3
			c.Client.WebSocketMessagesPerMinutePerAddress = 4
		},
		extra: map[string]http.Handler{"copilot.microsoft.com": fc},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	send := func(c *websocket.Conn, msg []byte) string {
		if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
			t.Fatal(err)
		}
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const ok = `{"event":"appendText","text":"ok"}`
	idle, busy := dialCopilot(t, ctx, h, websocket.CompressionDisabled), dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	for i := range 10 {
		if m := send(idle, []byte(`{"event":"ping"}`)); m != ok {
			t.Fatalf("ping %d of the idle window: %s", i, m)
		}
		if m := send(idle, []byte(`{"event":"setOptions","supportedCards":["weather","local"],"ads":null}`)); m != ok {
			t.Fatalf("setOptions %d of the idle window: %s", i, m)
		}
	}
	for i := range 3 {
		if m := send(busy, copilotSend("Wie wird das Wetter morgen?")); m != ok {
			t.Fatalf("prompt %d refused after the idle window's pings: %s", i, m)
		}
	}
	if m := send(idle, copilotSend("Und übermorgen?")); m != ok {
		t.Fatalf("the idle window's first prompt: %s", m)
	}
	if m := send(busy, copilotSend("Und in einer Woche?")); !strings.Contains(m, "Zu viele Nachrichten") {
		t.Fatalf("a prompt over the budget: %s", m)
	}
	n := fc.count()
	if n != 24 {
		t.Fatalf("the service got %d messages, want 20 keep-alives and 4 prompts", n)
	}
}

// TestWebSocketRateNoticeNamesLoggedNumber: the notice for a message over
// the budget names the number under which the refusal is logged (the
// WebSocket's request id), so that IT finds it when someone quotes it.
// Before, it named a fresh number that no log line or record held.
func TestWebSocketRateNoticeNamesLoggedNumber(t *testing.T) {
	var logs logsink.Buffer
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Client.WebSocketMessagesPerMinute = 1 },
		extra:  map[string]http.Handler{"copilot.microsoft.com": &fakeCopilot{}},
		log:    &logs,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	var last string
	for range 2 {
		if err := c.Write(ctx, websocket.MessageText, copilotSend("Wie wird das Wetter morgen?")); err != nil {
			t.Fatal(err)
		}
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		last = string(b)
	}
	m := regexp.MustCompile(`Vorgangsnummer: ([0-9a-f]+)`).FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("no number in the notice: %s", last)
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "websocket message refused") && strings.Contains(line, `"request_id":"`+m[1]+`"`) {
			return
		}
	}
	t.Fatalf("no log line names %s:\n%s", m[1], logs.String())
}
