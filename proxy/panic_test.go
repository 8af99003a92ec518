package proxy

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/schleuse/schleuse/internal/testpki"
)

// TestInspectionPanicBlocksOneRequest: an inspector that panics on one
// request (a parser or detector bug that hostile input found) blocks that
// request with the "could not be inspected" notice, and the proxy goes on
// serving; nothing reaches the service. Before, the panic in goproxy's
// interception goroutine ended the process and every user's connections.
func TestInspectionPanicBlocksOneRequest(t *testing.T) {
	upCA := testpki.NewCA("LLM CA")
	var n atomic.Int64
	hits := func() int64 { return n.Load() }
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		io.WriteString(w, "ok")
	}), "api.openai.com")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	h.insp.block = func(x *Exchange) *Verdict {
		if strings.Contains(string(x.Body), "boom") {
			var m map[string]int
			m["boom"]++ // a nil map write: a runtime panic
		}
		return nil
	}
	post := func(body string) (int, string) {
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(`{"boom":1}`); code != http.StatusForbidden || !strings.Contains(body, "nicht geprüft werden") {
		t.Fatalf("panicking request: %d %s", code, body)
	}
	if hits() != 0 {
		t.Fatal("the panicking request reached the service")
	}
	if code, body := post(`{"ok":1}`); code != 200 || hits() != 1 {
		t.Fatalf("the next request: %d %s (service hits %d)", code, body, hits())
	}
}

type panickingMessages struct{}

func (panickingMessages) InspectMessage(context.Context, *Exchange, []byte) ([]byte, [][]byte) {
	panic("detector bug")
}

// TestWebSocketInspectionPanicEndsConnection: a panic while a WebSocket
// message is inspected ends that connection (the message is not sent), not
// the process.
func TestWebSocketInspectionPanicEndsConnection(t *testing.T) {
	c := &wsConn{insp: panickingMessages{}, ctx: context.Background()}
	if fwd, _, ok := c.inspectRecovered(c.ctx, []byte("Hallo")); ok || fwd != nil {
		t.Fatalf("ok=%v forward=%q after a panic", ok, fwd)
	}
}

type panickingBody struct{ io.ReadCloser }

func (panickingBody) Read([]byte) (int, error) { panic("restorer bug") }

// TestAnswerRewritePanicCutsOneAnswer: a panic in the answer rewrite
// (restoring pseudonyms), when it is set up or while the answer streams,
// cuts that answer off; the proxy goes on serving. Before, it ended the
// process in goproxy's goroutine.
func TestAnswerRewritePanicCutsOneAnswer(t *testing.T) {
	upCA := testpki.NewCA("LLM CA")
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "Antwort für [PERSON_1]")
	}), "api.openai.com")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	h.insp.block = func(x *Exchange) *Verdict {
		switch {
		case strings.Contains(string(x.Body), "setup"):
			return &Verdict{Forward: x.Body, Response: func(*http.Response) { panic("restorer bug") }}
		case strings.Contains(string(x.Body), "stream"):
			return &Verdict{Forward: x.Body, Response: func(resp *http.Response) { resp.Body = panickingBody{resp.Body} }}
		}
		return nil
	}
	post := func(body string) (int, string, error) {
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(body))
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	for _, kind := range []string{"setup", "stream"} {
		if _, body, err := post(`{"x":"` + kind + `"}`); err == nil && strings.Contains(body, "Antwort") {
			t.Errorf("%s: the answer came through whole: %q", kind, body)
		}
		if code, body, err := post(`{"x":"ok"}`); err != nil || code != 200 || body != "Antwort für [PERSON_1]" {
			t.Fatalf("after a %s panic: %d %q %v", kind, code, body, err)
		}
	}
}
