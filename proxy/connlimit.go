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

// msgLimiter bounds the client messages on inspected WebSockets per user
// (the client address without login), all the user's connections
// together (client.websocket_messages_per_minute): every message is
// inspected and audited, and one client must not fill the audit log. It
// keeps at most maxMsgLimiters keys, dropping the idle ones first.
type msgLimiter struct {
	mu   sync.Mutex
	keys map[string]*msgBucket
}

type msgBucket struct {
	lim    *rate.Limiter
	perMin int
	last   time.Time
}

const maxMsgLimiters = 50000

// allow reports whether the key may send one more message now at perMin
// messages a minute (a minute's worth at once).
func (m *msgLimiter) allow(key string, perMin int, now time.Time) bool {
	if perMin <= 0 {
		return true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		m.keys = make(map[string]*msgBucket)
	}
	b := m.keys[key]
	if b == nil || b.perMin != perMin {
		if len(m.keys) >= maxMsgLimiters {
			for k, o := range m.keys {
				if now.Sub(o.last) > time.Minute { // full again: nothing to forget
					delete(m.keys, k)
				}
			}
			if len(m.keys) >= maxMsgLimiters {
				return false // fail closed: the bound of keys holds
			}
		}
		b = &msgBucket{lim: rate.NewLimiter(rate.Limit(float64(perMin)/60), perMin), perMin: perMin}
		m.keys[key] = b
	}
	b.last = now
	return b.lim.AllowN(now, 1)
}
