package proxy

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
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
	gc       *guardConn // the guarded connection handed to goproxy (holdHead)
	ended    bool       // end was called: reads fail
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

// guardConn applies a clientGuard to the reads of a hijacked connection,
// and keeps one write back when asked to (holdNext): goproxy writes an
// answer's head and its body to the client's TLS connection in two calls,
// two records, two system calls; with the head kept back both go out in
// one. On this project's VMs a write to a socket costs ≈10 µs of CPU, most
// of it the loopback's delivery and the reader's wake-up, which the
// client's side pays again (docs/benchmarks-history.md, perf9).
type guardConn struct {
	net.Conn
	g *clientGuard

	wmu sync.Mutex
	// hold keeps the next write back (holdNext); held is that write, not
	// yet sent; pending is set while either is.
	hold    bool
	held    []byte
	pending atomic.Bool
	vec     [2][]byte
	bufs    net.Buffers
}

// holdNext keeps the next write back until the write after it, a read,
// flush or Close, whichever comes first. Only for a write that another
// follows at once without waiting for anything: an answer's head before a
// body that is in memory (holdHead).
func (c *guardConn) holdNext() {
	c.wmu.Lock()
	c.hold = true
	c.pending.Store(true)
	c.wmu.Unlock()
}

func (c *guardConn) Write(p []byte) (int, error) {
	if !c.pending.Load() {
		return c.Conn.Write(p)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.hold {
		// after a write kept back before it, if holdNext came twice
		c.hold = false
		c.held = append(c.held, p...)
		return len(p), nil
	}
	h := len(c.held)
	if h == 0 {
		c.pending.Store(false)
		return c.Conn.Write(p)
	}
	var n int64
	var err error
	if tcp, ok := rawConn(c.Conn).(*net.TCPConn); ok {
		// one writev (net.Buffers does so for the net package's own
		// connections only)
		c.vec = [2][]byte{c.held, p}
		c.bufs = c.vec[:]
		n, err = c.bufs.WriteTo(tcp)
		c.vec, c.bufs = [2][]byte{}, nil
	} else {
		// p is one TLS record, at most ≈16 KiB
		c.held = append(c.held, p...)
		var k int
		k, err = c.Conn.Write(c.held)
		n = int64(k)
	}
	c.dropHeld()
	return max(0, int(n)-h), err
}

// flush sends a write kept back, and keeps none from now on.
func (c *guardConn) flush() error {
	if !c.pending.Load() {
		return nil
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.hold = false
	if len(c.held) == 0 {
		c.pending.Store(false)
		return nil
	}
	_, err := c.Conn.Write(c.held)
	c.dropHeld()
	return err
}

// dropHeld empties held (c.wmu held); a large one is let go, so that an
// idle connection does not keep it.
func (c *guardConn) dropHeld() {
	c.held = c.held[:0]
	if cap(c.held) > 4<<10 {
		c.held = nil
	}
	c.pending.Store(false)
}

func (c *guardConn) Close() error {
	c.flush()
	return c.Conn.Close()
}

// rawConn is the TCP connection under the listener's wrappers.
func rawConn(c net.Conn) net.Conn {
	for {
		switch w := c.(type) {
		case *trackedConn:
			c = w.Conn
		case *countedConn:
			c = w.Conn
		default:
			return c
		}
	}
}

// holdBody sends the client's connection a head kept back (holdHead) at
// the latest when the body is closed: goproxy closes it after writing it.
type holdBody struct {
	io.ReadCloser
	c *guardConn
}

func (b *holdBody) Close() error {
	err := b.c.flush()
	if cerr := b.ReadCloser.Close(); err == nil {
		err = cerr
	}
	return err
}

// holdHead makes the head of resp, an answer to an HTTP/1.1 request whose
// body lies in memory (inMemory), go out in one write with the body's
// first bytes: the connection keeps the head back (holdNext) until goproxy
// writes the body, and resp's body sends it when closed if nothing did.
func (g *clientGuard) holdHead(req *http.Request, resp *http.Response) {
	g.mu.Lock()
	c, phase := g.gc, g.phase
	g.mu.Unlock()
	if c == nil || phase == phaseOpen || req.ProtoMajor != 1 || req.Method == http.MethodHead ||
		resp.ContentLength <= 0 || resp.Close || !inMemory(resp.Body) {
		return
	}
	resp.Body = &holdBody{ReadCloser: resp.Body, c: c}
	c.holdNext()
}

// inMemory reports a body whose bytes are all read already (an answer
// restored at once), so that writing it waits for nothing.
func inMemory(b io.ReadCloser) bool {
	m, ok := b.(interface{ inMemory() bool })
	return ok && m.inMemory()
}

func (c *guardConn) Read(p []byte) (int, error) {
	if err := c.flush(); err != nil {
		return 0, err
	}
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
	gc := &guardConn{Conn: conn, g: w.g}
	w.g.mu.Lock()
	w.g.gc = gc
	w.g.mu.Unlock()
	return gc, rw, nil
}

type guardKey struct{}
