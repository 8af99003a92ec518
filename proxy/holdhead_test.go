package proxy

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schleuse/schleuse/internal/testpki"
)

// writeLog records the writes made on a connection.
type writeLog struct {
	mu     sync.Mutex
	writes [][]byte
}

func (l *writeLog) add(p []byte) {
	l.mu.Lock()
	l.writes = append(l.writes, bytes.Clone(p))
	l.mu.Unlock()
}

func (l *writeLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.writes)
}

// loggedConn records its writes in log.
type loggedConn struct {
	net.Conn
	log *writeLog
}

func (c *loggedConn) Write(p []byte) (int, error) {
	c.log.add(p)
	return c.Conn.Write(p)
}

// loggedListener records the writes of every accepted connection in log.
type loggedListener struct {
	net.Listener
	log *writeLog
}

func (l loggedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &loggedConn{Conn: c, log: l.log}, nil
}

// TestGuardConnHold: a write kept back goes out with the next one, or on
// its own at a read, a flush or Close; without holdNext every write goes
// out as it comes.
func TestGuardConnHold(t *testing.T) {
	type step func(c *guardConn, peer net.Conn) error
	write := func(s string) step {
		return func(c *guardConn, _ net.Conn) error { _, err := c.Write([]byte(s)); return err }
	}
	hold := func(c *guardConn, _ net.Conn) error { c.holdNext(); return nil }
	flush := func(c *guardConn, _ net.Conn) error { return c.flush() }
	closeIt := func(c *guardConn, _ net.Conn) error { return c.Close() }
	read := func(c *guardConn, peer net.Conn) error {
		go peer.Write([]byte("x"))
		_, err := c.Read(make([]byte, 1))
		return err
	}
	for _, tc := range []struct {
		name  string
		steps []step
		want  []string
	}{
		{"none", []step{write("head"), write("body")}, []string{"head", "body"}},
		{"next", []step{hold, write("head"), write("body"), write("more")}, []string{"headbody", "more"}},
		{"flush", []step{hold, write("head"), flush, write("body")}, []string{"head", "body"}},
		{"flush before", []step{hold, flush, write("head"), write("body")}, []string{"head", "body"}},
		{"read", []step{hold, write("head"), read, write("body")}, []string{"head", "body"}},
		{"close", []step{hold, write("head"), closeIt}, []string{"head"}},
		{"again", []step{hold, write("a"), write("b"), hold, write("c"), write("d")}, []string{"ab", "cd"}},
		{"twice", []step{hold, write("a"), hold, write("b"), write("c"), write("d")}, []string{"abc", "d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := net.Pipe()
			defer b.Close()
			go io.Copy(io.Discard, b)
			log := &writeLog{}
			c := &guardConn{Conn: &loggedConn{Conn: a, log: log}, g: newClientGuard(ClientTimeouts{})}
			c.g.phase = phaseOpen
			for _, s := range tc.steps {
				if err := s(c, b); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, w := range log.writes {
				got = append(got, string(w))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("writes %q, want %q", got, tc.want)
			}
		})
	}
}

// TestAnswerHeadAndBodyInOneWrite: an answer restored at once (its body in
// memory, with its length) reaches an HTTP/1.1 client in one write of the
// proxy, head and body together, where goproxy writes them in two (perf9,
// docs/benchmarks-history.md); one the service streams, and every answer
// over HTTP/2, as before. The answers are whole either way.
func TestAnswerHeadAndBodyInOneWrite(t *testing.T) {
	upCA := testpki.NewCA("fake upstream CA")
	const answer = `{"choices":[{"message":{"content":"[PERSON_1] ist erreicht."}}]}`
	restored := strings.Repeat(`{"choices":[{"message":{"content":"Jürgen Kowalski ist erreicht."}}]}`, 3)
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("stream") == "" {
			io.WriteString(w, answer)
			return
		}
		io.WriteString(w, answer[:10])
		w.(http.Flusher).Flush()
		io.WriteString(w, answer[10:])
	}), "api.openai.com")
	log := &writeLog{}
	pl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, loggedListener{Listener: pl, log: log}, io.Discard, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	h.insp.block = func(x *Exchange) *Verdict {
		return &Verdict{Forward: x.Body, Response: func(resp *http.Response) {
			if resp.Request.URL.Query().Get("stream") != "" {
				return // passed on as the service sends it
			}
			resp.Body = &restoredBody{bufferBody{b: []byte(restored), src: resp.Body}}
			resp.ContentLength = int64(len(restored))
			resp.Header.Set("Content-Length", fmt.Sprint(len(restored)))
		}}
	}
	post := func(c *http.Client, query string) string {
		t.Helper()
		resp, err := c.Post("https://api.openai.com/v1/chat/completions"+query, "application/json", strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%d %v %s", resp.StatusCode, err, b)
		}
		return string(b)
	}
	settled := func() int { // the proxy's writes, once it wrote all it will
		for n := log.count(); ; {
			time.Sleep(20 * time.Millisecond)
			m := log.count()
			if m == n {
				return n
			}
			n = m
		}
	}
	c := h.client(h.schleuseP, false)
	if got := post(c, ""); got != restored { // CONNECT, handshake
		t.Fatalf("answer %q, want %q", got, restored)
	}
	for i := range 5 {
		before := settled()
		if got := post(c, ""); got != restored {
			t.Fatalf("answer %q, want %q", got, restored)
		}
		if n := settled() - before; n != 1 {
			t.Errorf("request %d: the answer took %d writes of the proxy, want 1 (head and body together)", i+2, n)
		}
	}
	// A streamed answer is not held: its head goes out on its own.
	before := settled()
	if got := post(c, "?stream=1"); got != answer {
		t.Fatalf("streamed answer %q, want %q", got, answer)
	}
	if n := settled() - before; n < 2 {
		t.Errorf("a streamed answer took %d writes, want its head on its own", n)
	}
	// HTTP/2 to the client: whole answers, nothing kept back.
	c2 := h.client(h.schleuseP, true)
	for range 3 {
		if got := post(c2, ""); got != restored {
			t.Fatalf("HTTP/2: answer %q, want %q", got, restored)
		}
	}
}
