package proxy

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/pseudonym"
)

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
