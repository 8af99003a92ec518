package proxy

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/http2"

	"github.com/schleuse/schleuse/internal/testpki"
)

// frameUpstream is an HTTP/2 service over TLS that keeps the cleartext the
// proxy sent it, so that a test can read the frames as they came.
type frameUpstream struct {
	mu sync.Mutex
	in bytes.Buffer
}

// teeConn copies what is read from the TLS connection into its frameUpstream.
type teeConn struct {
	net.Conn
	u *frameUpstream
}

func (c teeConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.u.mu.Lock()
	c.u.in.Write(p[:n])
	c.u.mu.Unlock()
	return n, err
}

// startFrameUpstream serves h over HTTP/2 with a certificate for names,
// issued by ca, and returns its address.
func startFrameUpstream(t *testing.T, ca *testpki.CA, h http.Handler, names ...string) (*frameUpstream, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	u := &frameUpstream{}
	cfg := &tls.Config{Certificates: []tls.Certificate{ca.Leaf(names...)}, NextProtos: []string{"h2"}}
	srv := &http2.Server{}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				tc := tls.Server(c, cfg)
				if err := tc.Handshake(); err != nil {
					c.Close()
					return
				}
				t.Cleanup(func() { tc.Close() })
				srv.ServeConn(teeConn{tc, u}, &http2.ServeConnOpts{Handler: h})
			}()
		}
	}()
	return u, ln.Addr().String()
}

// dataFrames returns the lengths of the DATA frames received so far, per
// stream.
func (u *frameUpstream) dataFrames(t *testing.T) map[uint32][]int {
	t.Helper()
	u.mu.Lock()
	b := bytes.Clone(u.in.Bytes())
	u.mu.Unlock()
	if !bytes.HasPrefix(b, []byte(http2.ClientPreface)) {
		t.Fatalf("the service got no HTTP/2 preface: %q", b[:min(len(b), 24)])
	}
	fr := http2.NewFramer(nil, bytes.NewReader(b[len(http2.ClientPreface):]))
	fr.SetMaxReadFrameSize(1 << 24)
	got := map[uint32][]int{}
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return got
		}
		if d, ok := f.(*http2.DataFrame); ok {
			got[d.StreamID] = append(got[d.StreamID], len(d.Data()))
		}
	}
}

// TestForwardedBodyInOneDataFrame: a 16 KB prompt goes to the service in one
// HTTP/2 DATA frame (one TLS record run, one flush), from 32 clients at once
// as from one, over HTTP/1.1 and HTTP/2 from the client. The forwarded body
// is one buffer (newForwardBody) with its length set, so Go's HTTP/2
// transport reads it in one Read of the body's length + 1; a body handed on
// in pieces (a reader over segments, a pooled buffer read in parts) would
// cost a DATA frame, a TLS record and a flush per piece: the thirtieth
// session's profile suggested 25 frames per request against the floor's 5
// (benchmarks-history.md, perf8). The first request on a new connection may
// take two (the transport sizes its buffer by the 16 KB default frame size
// before the service's SETTINGS arrive), so it is sent before the count.
func TestForwardedBodyInOneDataFrame(t *testing.T) {
	upCA := testpki.NewCA("fake upstream CA")
	var mu sync.Mutex
	var bodies []int
	u, addr := startFrameUpstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, len(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}), "api.openai.com")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"` +
		strings.Repeat("Sehr geehrte Damen und Herren, anbei der Vermerk. ", 330) + `"}]}`
	post := func(c *http.Client) error {
		resp, err := c.Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(body))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
	if err := post(h.client(h.schleuseP, false)); err != nil { // the connection to the service and its SETTINGS
		t.Fatal(err)
	}
	before := u.dataFrames(t)
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("h2=%v", h2), func(t *testing.T) {
			c := h.client(h.schleuseP, h2)
			var wg sync.WaitGroup
			for range 32 {
				wg.Go(func() {
					for range 2 {
						if err := post(c); err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
		})
	}
	frames, n := 0, 0
	for id, lens := range u.dataFrames(t) {
		if _, ok := before[id]; ok {
			continue
		}
		n++
		frames += len(lens)
		if len(lens) != 1 || lens[0] != len(body) {
			t.Errorf("stream %d: the body of %d bytes came in DATA frames of %v bytes, want one", id, len(body), lens)
		}
	}
	if n != 128 {
		t.Fatalf("%d streams with a body counted, want 128", n)
	}
	t.Logf("%d DATA frames for %d requests of %d bytes", frames, n, len(body))
	mu.Lock()
	defer mu.Unlock()
	for _, l := range bodies {
		if l != len(body) {
			t.Fatalf("the service read %d bytes, want %d", l, len(body))
		}
	}
}
