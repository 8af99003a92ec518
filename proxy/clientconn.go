package proxy

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// ClientTimeouts bound what an intercepted client connection may take.
// goproxy reads the requests inside an interception itself, without the
// deadlines and header limit of net/http's server; without these bounds a
// client that sends one byte a second (slowloris) or an endless header
// holds a connection, a goroutine and memory for ever.
//
// The zero value of each field means its default.
type ClientTimeouts struct {
	// Header bounds the TLS handshake plus the first request head, and each
	// later request head from its first byte. Default 30 s.
	Header time.Duration
	// Body bounds reading one HTTP/1.1 request body. Default 3 min.
	Body time.Duration
	// Idle bounds the wait for the next request on a keep-alive connection
	// and the silence of the client on HTTP/2 and WebSocket connections.
	// Default 5 min.
	Idle time.Duration
	// Tunnel bounds the silence of a blind tunnel: it is closed after this
	// long without a byte in either direction. Default 1 h.
	Tunnel time.Duration
	// MaxHeaderBytes caps the bytes (TLS records included) read for one
	// request head. Default 64 KiB plus 32 KiB for TLS and read-ahead.
	MaxHeaderBytes int
}

func (t ClientTimeouts) withDefaults() ClientTimeouts {
	if t.Header <= 0 {
		t.Header = 30 * time.Second
	}
	if t.Body <= 0 {
		t.Body = 3 * time.Minute
	}
	if t.Idle <= 0 {
		t.Idle = 5 * time.Minute
	}
	if t.Tunnel <= 0 {
		t.Tunnel = time.Hour
	}
	if t.MaxHeaderBytes <= 0 {
		t.MaxHeaderBytes = 96 << 10
	}
	return t
}

// errHeaderTooLarge ends a connection whose request head is over the cap.
var errHeaderTooLarge = errors.New("proxy: intercepted request head over the size cap")

type guardPhase int

const (
	phaseHeader guardPhase = iota // handshake or a request head: deadline and size cap
	phaseBody                     // a request body: deadline
	phaseIdle                     // between requests: idle deadline, first byte starts a head
	phaseOpen                     // HTTP/2 or WebSocket: idle deadline per read
)

// clientGuard bounds the reads of one intercepted client connection. The
// proxy moves it through its phases as requests arrive (see Server). It is
// safe for concurrent use: HTTP/2 reads frames and runs handlers on
// different goroutines.
type clientGuard struct {
	t ClientTimeouts

	mu       sync.Mutex
	phase    guardPhase
	deadline time.Time
	head     int  // bytes read in the current head phase
	mitm     bool // set by the CONNECT handler: wrap the hijacked connection
	conn     net.Conn
	ended    bool // end was called: reads fail
	now      func() time.Time
}

// errConnEnded fails the reads of a connection whose login no longer holds.
var errConnEnded = errors.New("proxy: connection ended: its proxy login no longer holds")

// end makes the connection's reads fail from now on (a blocked one at
// once), so that the server closes it after the answer in hand.
func (g *clientGuard) end() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ended = true
	if g.conn != nil {
		g.conn.SetReadDeadline(time.Unix(1, 0))
	}
}

func newClientGuard(t ClientTimeouts) *clientGuard {
	g := &clientGuard{t: t.withDefaults(), now: time.Now}
	g.deadline = g.now().Add(g.t.Header)
	return g
}

// intercept marks the CONNECT as intercepted: its connection is guarded.
func (g *clientGuard) intercept() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.mitm = true
}

// requestHead is called once a request head was parsed: the body follows.
func (g *clientGuard) requestHead() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.phase != phaseOpen {
		g.phase, g.deadline = phaseBody, g.now().Add(g.t.Body)
	}
}

// requestRead is called once the request body was read: the next read
// waits for the next request.
func (g *clientGuard) requestRead() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.phase != phaseOpen {
		g.phase = phaseIdle
	}
}

// websocket marks the connection upgraded, for Shutdown's count.
func (g *clientGuard) websocket() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.conn != nil {
		markConn(g.conn, connWebSocket)
	}
}

// open switches to per-read idle deadlines for good (HTTP/2, WebSocket).
func (g *clientGuard) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.phase = phaseOpen
}

// guardConn applies a clientGuard to the reads of a hijacked connection.
type guardConn struct {
	net.Conn
	g *clientGuard
}

func (c *guardConn) Read(p []byte) (int, error) {
	g := c.g
	g.mu.Lock()
	if g.ended {
		g.mu.Unlock()
		return 0, errConnEnded
	}
	var dl time.Time
	switch g.phase {
	case phaseHeader:
		if g.head > g.t.MaxHeaderBytes {
			g.mu.Unlock()
			return 0, errHeaderTooLarge
		}
		dl = g.deadline
	case phaseBody:
		dl = g.deadline
	default:
		dl = g.now().Add(g.t.Idle)
	}
	g.mu.Unlock()
	if err := c.Conn.SetReadDeadline(dl); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(p)
	if n > 0 {
		g.mu.Lock()
		switch g.phase {
		case phaseIdle:
			g.phase, g.deadline, g.head = phaseHeader, g.now().Add(g.t.Header), n
		case phaseHeader:
			g.head += n
		}
		g.mu.Unlock()
	}
	return n, err
}

// guardWriter hands goproxy a guarded connection when it hijacks a CONNECT
// that is intercepted; blind tunnels get the plain connection.
type guardWriter struct {
	http.ResponseWriter
	g *clientGuard
}

func (w *guardWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	conn, rw, err := hj.Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.g.mu.Lock()
	mitm := w.g.mitm
	w.g.deadline = w.g.now().Add(w.g.t.Header)
	if mitm {
		w.g.conn = conn
	}
	w.g.mu.Unlock()
	if !mitm {
		markConn(conn, connTunnel)
		return conn, rw, nil
	}
	markConn(conn, connIntercepted)
	return &guardConn{Conn: conn, g: w.g}, rw, nil
}

type guardKey struct{}
