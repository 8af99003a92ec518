package proxy

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/pseudonym"
)

// TestFramingEvasions: a prompt in the framing of a request — no
// Content-Type, text/plain around JSON that does not parse, a chunk
// extension, a body longer than its Content-Length with a second request
// behind it, a prompt in the query of a POST or GET — never reaches the
// service in clear, through the running proxy.
func TestFramingEvasions(t *testing.T) {
	h, up := newBadInputHarness(t)
	canary := "IBAN " + testIBAN + " von Herrn Kasimir Kanarienvogel"
	body := chatBody(canary)
	noCT := []byte(fmt.Sprintf("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Length: %d\r\n\r\n%s", len(body), body))
	hidden := "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body
	clean := chatBody("Hallo")
	for _, tc := range []struct {
		name      string
		raw       []byte
		status    int
		forwarded int
	}{
		{"JSON without Content-Type", noCT, 200, 1},
		{"JSON as text/plain that does not parse", rawPost("text/plain", "", body[:len(body)-2]), 400, 0},
		{"text/plain that is no JSON", rawPost("text/plain", "", canary), 400, 0},
		{"chunk extension with text", []byte("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
			fmt.Sprintf("%x;note=\"%s\"\r\n%s\r\n0\r\n\r\n", len(clean), canary, clean)), 200, 1},
		{"trailer with text", []byte("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nTrailer: X-Note\r\n\r\n" +
			fmt.Sprintf("%x\r\n%s\r\n0\r\nX-Note: %s\r\n\r\n", len(clean), clean, canary)), 200, 1},
		{"body longer than Content-Length", []byte(fmt.Sprintf("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s%s", len(clean), clean, hidden)), 200, 2},
		{"prompt in the query of a POST", []byte(fmt.Sprintf("POST /v1/chat/completions?prompt=%s HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", strings.ReplaceAll(canary, " ", "+"), len(clean), clean)), 400, 0},
		{"prompt in the query of a GET", []byte(fmt.Sprintf("GET /v1/models?q=%s HTTP/1.1\r\nHost: api.openai.com\r\n\r\n", strings.ReplaceAll(canary, " ", "%20"))), 403, 0},
		{"prompt in a header", []byte(fmt.Sprintf("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nX-Prompt: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", canary, len(clean), clean)), 400, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			got := sendRaw(t, h, tc.raw, false)
			if tc.name == "body longer than Content-Length" {
				// The second request follows the first answer: wait for it,
				// so that it is counted here.
				for deadline := time.Now().Add(5 * time.Second); up.count() < n+2 && time.Now().Before(deadline); {
					time.Sleep(5 * time.Millisecond)
				}
			}
			if tc.status != 0 && got.status != tc.status {
				t.Errorf("got %d %.300q, want %d", got.status, got.body, tc.status)
			}
			seen := up.since(n)
			if len(seen) > tc.forwarded {
				t.Errorf("%d requests reached the upstream, want at most %d", len(seen), tc.forwarded)
			}
			for _, s := range seen {
				all := s.Body + fmt.Sprint(s.Header, s.Trailer) + s.Query
				if strings.Contains(all, "0532") || strings.Contains(all, "Kanarienvogel") {
					t.Errorf("the upstream saw the planted value: %.300q", all)
				}
			}
		})
	}
}

// TestWebSocketControlFramesScanned: ping and pong payloads are no
// messages, but they reach the service: one that holds what the detectors
// find is not sent, and a close frame goes on with its status code only
// (its reason is free text a page's script writes). Before, 125 bytes a
// frame went out unread, as often as a client liked. Binary and compressed
// data frames stay refused.
func TestWebSocketControlFramesScanned(t *testing.T) {
	pipe := &Pipeline{Scanner: detectors.Default(), Pseudonyms: pseudonym.NewStore(time.Hour, 10)}
	data := []byte("Herr Max Mustermann, IBAN DE89 3704 0044 0532 0130 00")
	closeWith := func(reason []byte) []byte { return append([]byte{0x03, 0xe8}, reason...) } // 1000
	for _, tc := range []struct {
		name  string
		frame []byte
		sent  []byte // what goes upstream (unmasked payload); nil: nothing, the connection ends
	}{
		{"plain ping", maskedFrame(0x80|opPing, []byte("hallo")), []byte("hallo")},
		{"binary ping", maskedFrame(0x80|opPing, []byte{1, 2, 3, 4, 5, 6, 7, 8}), []byte{1, 2, 3, 4, 5, 6, 7, 8}},
		{"ping with data", maskedFrame(0x80|opPing, data), nil},
		{"pong with data", maskedFrame(0x80|opPong, data), nil},
		{"close with a reason", maskedFrame(0x80|opClose, closeWith(data)), closeWith(nil)},
		{"close without a reason", maskedFrame(0x80|opClose, closeWith(nil)), closeWith(nil)},
		{"binary message with text", maskedFrame(0x80|opBinary, data), nil},
		{"compressed text", maskedFrame(0x80|0x40|opText, data), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			up := &recordConn{}
			c := newWSConn(context.Background(), up, pipe, &Exchange{Service: &Service{ID: "copilot-web"}, Request: httptest.NewRequest("GET", "https://copilot.microsoft.com/c/api/chat", nil)}, 64<<10, func(string) [][]byte { return nil })
			_, err := c.Write(tc.frame)
			if tc.sent == nil {
				if err == nil || up.Len() != 0 {
					t.Fatalf("forwarded %q, err %v", up.Bytes(), err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := up.Bytes()
			if len(got) < 6 || int(got[1]&0x7f) != len(got)-6 {
				t.Fatalf("upstream got %q", got)
			}
			payload := bytes.Clone(got[6:]) // 2 header bytes, a 4-byte mask
			for i := range payload {
				payload[i] ^= got[2+i%4]
			}
			if !bytes.Equal(payload, tc.sent) {
				t.Fatalf("upstream got the payload %q, want %q", payload, tc.sent)
			}
		})
	}
}

// TestWebSocketFragmentedMessageInspected: a prompt in text frames split
// inside an IBAN and a name is inspected as one message, through the
// running proxy, and the service gets it redacted.
func TestWebSocketFragmentedMessageInspected(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"copilot.microsoft.com": fc})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionContextTakeover)
	msg := copilotSend("Schreibe an Frau Anna Schmidt wegen IBAN DE89 3704 0044 0532 0130 00")
	w, err := c.Writer(ctx, websocket.MessageText)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []string{"Anna Sch", "0044 05"} {
		i := bytes.Index(msg, []byte(cut)) + len(cut)
		w.Write(msg[:i])
		msg = msg[i:]
	}
	w.Write(msg)
	w.Close()
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), "appendText") {
		t.Fatalf("%s %v", b, err)
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if len(fc.got) != 1 || strings.Contains(fc.got[0], "Schmidt") || strings.Contains(fc.got[0], "0532") || !strings.Contains(fc.got[0], "[IBAN_1]") {
		t.Fatalf("the service got %q", fc.got)
	}
}

// TestAnswerRestoresOnlyItsPlaceholders: the answer to a stateless chat
// request is restored with the placeholders that request sent, through the
// running proxy. A placeholder of another conversation of the same user at
// the service, typed into a new one, stays a placeholder; before, the
// answer ("Sie schrieben: Wiederhole wörtlich: [PERSON_1]") came back with
// the other conversation's name. The same name sent again is restored.
func TestAnswerRestoresOnlyItsPlaceholders(t *testing.T) {
	h := newPipeHarness(t, nil)
	if code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody("Schreibe an Herrn Jürgen Kowalski.")); code != 200 || !strings.Contains(out, "Jürgen Kowalski") {
		t.Fatalf("%d %s", code, out)
	}
	for _, prompt := range []string{"Wiederhole wörtlich: [PERSON_1]", "Wiederhole wörtlich: [PERSON_1], IBAN " + testIBAN} {
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(prompt))
		if code != 200 || strings.Contains(out, "Kowalski") || !strings.Contains(out, "[PERSON_1]") {
			t.Errorf("%q: %d %s", prompt, code, out)
		}
	}
	code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody("Und noch einmal an Herrn Jürgen Kowalski."))
	if code != 200 || !strings.Contains(out, "Herrn Jürgen Kowalski") || strings.Contains(out, "PERSON_") {
		t.Errorf("%d %s", code, out)
	}
}
