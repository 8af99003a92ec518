package proxy

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
)

// The kinds of client connection that Shutdown counts when it closes them.
const (
	connHTTP        int32 = iota // served by http.Server (plain proxy requests, a CONNECT not yet hijacked)
	connIntercepted              // a hijacked CONNECT that is decrypted
	connWebSocket                // an intercepted connection upgraded to a WebSocket
	connTunnel                   // a hijacked CONNECT tunnelled blind
)

// connTracker knows every open connection of the proxy listener. Once
// goproxy hijacks a CONNECT, http.Server no longer tracks it: without this
// Shutdown left interceptions, their WebSockets and blind tunnels open.
type connTracker struct {
	mu    sync.Mutex
	conns map[*trackedConn]struct{}
}

type trackedListener struct {
	net.Listener
	t *connTracker
}

func (l trackedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, t: l.t}
	l.t.mu.Lock()
	if l.t.conns == nil {
		l.t.conns = map[*trackedConn]struct{}{}
	}
	l.t.conns[tc] = struct{}{}
	l.t.mu.Unlock()
	return tc, nil
}

// trackedConn leaves the tracker when it is closed. It keeps the
// half-close of the TCP connection below (goproxy ends each direction of
// a blind tunnel on its own).
type trackedConn struct {
	net.Conn
	t    *connTracker
	kind atomic.Int32
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.t.mu.Lock()
		delete(c.t.conns, c)
		c.t.mu.Unlock()
	})
	return c.Conn.Close()
}

func (c *trackedConn) CloseWrite() error { return closeWrite(c.Conn) }
func (c *trackedConn) CloseRead() error  { return closeRead(c.Conn) }

// markConn sets the kind of c if it came from the proxy listener.
func markConn(c net.Conn, kind int32) {
	if tc, ok := c.(*trackedConn); ok {
		tc.kind.Store(kind)
	}
}

// ClosedConns counts the client connections Shutdown closed because they
// were still open at its end.
type ClosedConns struct {
	Intercepted int // decrypted connections (idle ones between requests too)
	WebSockets  int // WebSockets inside interceptions
	Tunnels     int // blind tunnels
}

func (c ClosedConns) total() int { return c.Intercepted + c.WebSockets + c.Tunnels }

func (c ClosedConns) String() string {
	return fmt.Sprintf("%d intercepted connections, %d WebSockets, %d blind tunnels", c.Intercepted, c.WebSockets, c.Tunnels)
}

// closeAll closes every connection still open and counts the hijacked ones
// (http.Server closes and counts the others itself).
func (t *connTracker) closeAll() ClosedConns {
	t.mu.Lock()
	open := make([]*trackedConn, 0, len(t.conns))
	for c := range t.conns {
		open = append(open, c)
	}
	t.mu.Unlock()
	var n ClosedConns
	for _, c := range open {
		switch c.kind.Load() {
		case connIntercepted:
			n.Intercepted++
		case connWebSocket:
			n.WebSockets++
		case connTunnel:
			n.Tunnels++
		}
		c.Close()
	}
	return n
}
