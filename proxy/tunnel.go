package proxy

import (
	"net"
	"sync/atomic"
	"time"
)

// idleConn ends a blind tunnel that has carried no byte in either direction
// for idle. goproxy copies each direction in its own goroutine, one reading
// this connection and one writing it; every Read and Write pushes the
// connection's deadline on, which also moves the deadline of the other
// direction's pending Read. When both sides stay silent the pending Read
// times out, and goproxy closes both connections. Without it a tunnel held
// its two sockets and goroutines for as long as the client kept it open.
type idleConn struct {
	net.Conn
	idle  time.Duration
	every int64        // nanoseconds between deadline pushes
	next  atomic.Int64 // unix nanoseconds after which the next push is due
}

func newIdleConn(c net.Conn, idle time.Duration) *idleConn {
	// A busy tunnel pushes the deadline at most every idle/8 (and at most
	// once a second), not once per packet.
	ic := &idleConn{Conn: c, idle: idle, every: int64(min(idle/8, time.Second))}
	ic.touch()
	return ic
}

func (c *idleConn) touch() {
	now := time.Now()
	if now.UnixNano() < c.next.Load() {
		return
	}
	c.next.Store(now.UnixNano() + c.every)
	c.Conn.SetDeadline(now.Add(c.idle))
}

func (c *idleConn) Read(p []byte) (int, error) {
	c.touch()
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.touch()
	}
	return n, err
}

func (c *idleConn) Write(p []byte) (int, error) {
	c.touch()
	return c.Conn.Write(p)
}

// CloseWrite and CloseRead keep the half-close of the TCP connection below
// (goproxy ends each direction of a tunnel on its own).
func (c *idleConn) CloseWrite() error { return closeWrite(c.Conn) }
func (c *idleConn) CloseRead() error  { return closeRead(c.Conn) }
