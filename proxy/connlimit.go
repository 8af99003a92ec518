package proxy

import (
	"fmt"
	"net"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// addrLimitListener bounds the connections one client address holds open
// on the proxy listener (client.max_connections_per_address): without it one
// client could open connections until the process runs out of file
// descriptors or memory, and every other client is refused with it. A
// connection over the bound is answered with a German (and English) 429
// and closed; the listener goes on accepting.
type addrLimitListener struct {
	net.Listener
	max     func() int              // the bound in force (reload); 0 = none
	refused func(client netip.Addr) // counts and logs a refusal

	mu   sync.Mutex
	open map[netip.Addr]int
}

func newAddrLimitListener(ln net.Listener, max func() int, refused func(netip.Addr)) *addrLimitListener {
	return &addrLimitListener{Listener: ln, max: max, refused: refused, open: make(map[netip.Addr]int)}
}

// tooManyConnections is what a refused connection reads before it is closed.
const tooManyConnections = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain; charset=utf-8\r\n" +
	"Retry-After: 10\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s"

var tooManyConnectionsBody = "schleuse: Von diesem Rechner sind zu viele Verbindungen zum Proxy offen; " +
	"die Verbindung wurde abgewiesen. Schließen Sie nicht benötigte Fenster oder wenden Sie sich an die IT.\n\n" +
	"schleuse: too many connections to the proxy are open from this computer; the connection was refused.\n"

// Accept returns the next connection within the bound.
func (l *addrLimitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ap, perr := netip.ParseAddrPort(c.RemoteAddr().String())
		if perr != nil {
			return c, nil // not TCP/IP (tests on pipes): nothing to count by
		}
		addr := ap.Addr().Unmap()
		l.mu.Lock()
		if max := l.max(); max > 0 && l.open[addr] >= max {
			l.mu.Unlock()
			l.refused(addr)
			go refuseConn(c)
			continue
		}
		l.open[addr]++
		l.mu.Unlock()
		return &countedConn{Conn: c, release: func() { l.release(addr) }}, nil
	}
}

func (l *addrLimitListener) release(addr netip.Addr) {
	l.mu.Lock()
	if l.open[addr]--; l.open[addr] <= 0 {
		delete(l.open, addr)
	}
	l.mu.Unlock()
}

// refuseConn answers a connection over the bound and closes it, without
// waiting long for a client that does not read.
func refuseConn(c net.Conn) {
	c.SetWriteDeadline(time.Now().Add(2 * time.Second))
	c.Write(fmt.Appendf(nil, tooManyConnections, len(tooManyConnectionsBody), tooManyConnectionsBody))
	c.Close()
}

// countedConn releases its place in the bound once, when closed (also
// after goproxy hijacked it for a tunnel).
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// CloseWrite and CloseRead keep the half-close of the TCP connection below
// (goproxy relays a blind tunnel's halves apart only when both ends have it).
func (c *countedConn) CloseWrite() error { return closeWrite(c.Conn) }
func (c *countedConn) CloseRead() error  { return closeRead(c.Conn) }

// msgLimiter bounds the client messages on inspected WebSockets per key:
// a logged-in user (all the user's connections together,
// client.websocket_messages_per_minute) or, without login, a client
// address (all connections from it together,
// client.websocket_messages_per_minute_per_address); every message is
// inspected and audited, and one client must not fill the audit log. It
// keeps at most maxMsgLimiters keys, dropping the idle ones first.
type msgLimiter struct {
	mu   sync.Mutex
	keys map[string]*msgBucket
}

// msgBucket is the budget of one key or one connection.
type msgBucket struct {
	lim    *rate.Limiter
	perMin int
	last   time.Time
}

const maxMsgLimiters = 50000

// reserve takes one message from b at perMin messages a minute (a minute's
// worth at once), rebuilding b when perMin changed (reload); ok is false
// when there is none left now. A reservation that is ok can be given back
// with cancel.
func (b *msgBucket) reserve(perMin int, now time.Time) (cancel func(), ok bool) {
	if b.lim == nil || b.perMin != perMin {
		b.lim, b.perMin = rate.NewLimiter(rate.Limit(float64(perMin)/60), perMin), perMin
	}
	b.last = now
	r := b.lim.ReserveN(now, 1)
	if !r.OK() || r.DelayFrom(now) > 0 {
		r.CancelAt(now)
		return nil, false
	}
	return func() { r.CancelAt(now) }, true
}

// allow reports whether the key may send one more message now at perMin
// messages a minute, and, when conn is not nil, the connection at
// connPerMin (a connection without login: the budget of one chat window
// within the address's). A message refused by one budget takes nothing
// from the other. perMin or connPerMin 0: that budget has no bound.
func (m *msgLimiter) allow(key string, perMin int, conn *msgBucket, connPerMin int, now time.Time) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	var undo func()
	if conn != nil && connPerMin > 0 {
		c, ok := conn.reserve(connPerMin, now)
		if !ok {
			return false
		}
		undo = c
	}
	if perMin <= 0 {
		return true
	}
	if m.keys == nil {
		m.keys = make(map[string]*msgBucket)
	}
	b := m.keys[key]
	if b == nil {
		if len(m.keys) >= maxMsgLimiters {
			for k, o := range m.keys {
				if now.Sub(o.last) > time.Minute { // full again: nothing to forget
					delete(m.keys, k)
				}
			}
			if len(m.keys) >= maxMsgLimiters {
				if undo != nil {
					undo()
				}
				return false // fail closed: the bound of keys holds
			}
		}
		b = &msgBucket{}
		m.keys[key] = b
	}
	if _, ok := b.reserve(perMin, now); !ok {
		if undo != nil {
			undo()
		}
		return false
	}
	return true
}
