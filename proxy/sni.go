package proxy

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// maxHelloBytes bounds the bytes held back while a blind tunnel's TLS
// ClientHello is read (a ClientHello is at most one 16 KiB record, plus a
// second for a fragmented one).
const maxHelloBytes = 2 * (5 + 16<<10)

var errTunnelReload = errors.New("blind tunnel: a reload catalogues its host as inspected or blocked")

var errTunnelSNI = errors.New("blind tunnel: TLS server name refused (an inspected or blocked service, not the CONNECT host, or an ECH front end)")

// sniGuard wraps the upstream connection of a blind tunnel. The client's
// first bytes are held back until its TLS ClientHello is complete; when the
// ClientHello names a host the catalogue inspects or blocks, or another
// host than the CONNECT (sniRefused), the tunnel is closed before anything
// reaches that host. Without it a client could CONNECT to an IP address or
// another name of the same CDN and talk to api.openai.com through a blind
// tunnel, uninspected.
//
// Every Read and Write asks reloadEnds whether a reload since the tunnel
// began catalogues its host or server name as inspected or blocked; then
// the tunnel is closed.
type sniGuard struct {
	net.Conn
	refuse func(serverName string) bool // true: the name must not be tunnelled
	held   []byte
	done   bool

	live       func() *liveState         // the configuration in force; nil: reloads are not watched
	ends       func(*liveState) bool     // true: this configuration ends the tunnel
	seen       atomic.Pointer[liveState] // the configuration reloadEnds last looked at
	ended      atomic.Bool               // a configuration seen ended the tunnel
	check      sync.Mutex                // held while a new configuration is checked
	serverName atomic.Pointer[string]    // the ClientHello's server name, once read
}

// reloadEnds reports whether a reload since the tunnel began ends it:
// one atomic load until a reload. Both directions call it; the one that
// sees a new configuration first checks it while the other waits for the
// answer, so that neither carries a byte the check is about to refuse.
func (g *sniGuard) reloadEnds() bool {
	if g.live == nil {
		return false
	}
	cur := g.live()
	if g.seen.Load() == cur {
		return g.ended.Load()
	}
	g.check.Lock()
	defer g.check.Unlock()
	if g.seen.Load() != cur {
		if !g.ended.Load() && g.ends(cur) {
			g.ended.Store(true) // before seen: a load that sees cur sees this
		}
		g.seen.Store(cur)
	}
	return g.ended.Load()
}

func (g *sniGuard) Read(p []byte) (int, error) {
	if g.reloadEnds() {
		g.Conn.Close()
		return 0, errTunnelReload
	}
	return g.Conn.Read(p)
}

func (g *sniGuard) Write(p []byte) (int, error) {
	if g.reloadEnds() {
		g.Conn.Close()
		return 0, errTunnelReload
	}
	if g.done {
		return g.Conn.Write(p)
	}
	g.held = append(g.held, p...)
	if g.held[0] != 0x16 { // not a TLS handshake record: not ours to judge
		return g.flush(len(p))
	}
	name, complete, err := clientHelloServerName(g.held)
	switch {
	case err != nil, !complete && len(g.held) > maxHelloBytes:
		// A ClientHello that cannot be read could name anything: fail closed.
		g.Conn.Close()
		return 0, errTunnelSNI
	case !complete:
		return len(p), nil
	}
	g.serverName.Store(&name)
	switch {
	case name != "" && g.refuse(name):
		g.Conn.Close()
		return 0, errTunnelSNI
	}
	return g.flush(len(p))
}

func (g *sniGuard) flush(n int) (int, error) {
	g.done = true
	held := g.held
	g.held = nil
	if _, err := g.Conn.Write(held); err != nil {
		return 0, err
	}
	return n, nil
}

// CloseWrite and CloseRead keep the half-close of the TCP connection below
// (goproxy uses them to end each direction of a tunnel on its own).
func (g *sniGuard) CloseWrite() error { return closeWrite(g.Conn) }
func (g *sniGuard) CloseRead() error  { return closeRead(g.Conn) }

// closeWrite half-closes c where it can, else closes it.
func closeWrite(c net.Conn) error {
	if hc, ok := c.(interface{ CloseWrite() error }); ok {
		return hc.CloseWrite()
	}
	return c.Close()
}

// closeRead half-closes c where it can.
func closeRead(c net.Conn) error {
	if hc, ok := c.(interface{ CloseRead() error }); ok {
		return hc.CloseRead()
	}
	return nil
}

// echPublicNames are the public names of TLS Encrypted Client Hello
// (ECH) front ends: a ClientHello to one of them carries the real server
// name encrypted, for the front end to route (Cloudflare serves every ECH
// zone under cloudflare-ech.com).
var echPublicNames = map[string]bool{"cloudflare-ech.com": true}

// sniRefused reports whether a blind tunnel to the CONNECT host may not
// carry a ClientHello for serverName: a name other than the host CONNECT
// named (domain fronting, or ECH through a front end: the outer name is the
// front end's, the inner one, which schleuse cannot read, may be
// chatgpt.com on the same CDN), or an ECH front end's public name. A
// CONNECT to an IP address may carry any name the catalogue lets through.
// Names compare without case and trailing dot.
func sniRefused(connectHost, serverName string) bool {
	name := strings.ToLower(strings.TrimSuffix(serverName, "."))
	if echPublicNames[name] {
		return true
	}
	if _, err := netip.ParseAddr(connectHost); err == nil || connectHost == "" {
		return false
	}
	return name != strings.ToLower(strings.TrimSuffix(connectHost, "."))
}

var errHelloRead = errors.New("client hello read")

// clientHelloServerName reads the server name of the TLS ClientHello at the
// start of b. complete is false while b holds only part of it.
func clientHelloServerName(b []byte) (name string, complete bool, err error) {
	got := false
	srv := tls.Server(&replayConn{r: bytes.NewReader(b)}, &tls.Config{
		GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
			name, got = h.ServerName, true
			return nil, errHelloRead
		},
	})
	herr := srv.Handshake()
	switch {
	case got:
		return name, true, nil
	case errors.Is(herr, io.EOF), errors.Is(herr, io.ErrUnexpectedEOF):
		return "", false, nil
	}
	return "", false, herr
}

// replayConn is a net.Conn that reads b and discards writes.
type replayConn struct{ r io.Reader }

func (c *replayConn) Read(p []byte) (int, error)       { return c.r.Read(p) }
func (c *replayConn) Write(p []byte) (int, error)      { return len(p), nil }
func (c *replayConn) Close() error                     { return nil }
func (c *replayConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *replayConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *replayConn) SetDeadline(time.Time) error      { return nil }
func (c *replayConn) SetReadDeadline(time.Time) error  { return nil }
func (c *replayConn) SetWriteDeadline(time.Time) error { return nil }
