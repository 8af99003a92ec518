package proxy

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/schleuse/schleuse/config"
)

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// dialer dials upstream connections, applying upstream.resolve to every
// address (interceptions and blind tunnels alike), and otherwise going
// through the parent proxy (upstream.proxy) when there is one.
type dialer struct {
	resolve map[string]string
	parent  string // host:port of the parent proxy; "" dials directly
	// login is the parent's login (upstream.proxy http://user:password@…),
	// nil: none. Sent as Basic Proxy-Authorization, never printed.
	login *url.Userinfo
	// via names this process in the Via header of what it asks the parent
	// ("schleuse-" and random hex): a request that comes back with it went
	// round (loopedBack).
	via string
	d   net.Dialer
}

// newDialer keys upstream.resolve by resolveKey.
func newDialer(resolve map[string]string, parent string, login *url.Userinfo, d net.Dialer) *dialer {
	m := make(map[string]string, len(resolve))
	for k, v := range resolve {
		m[resolveKey(k)] = v
	}
	var b [8]byte
	rand.Read(b[:])
	return &dialer{resolve: m, parent: parent, login: login, via: "schleuse-" + hex.EncodeToString(b[:]), d: d}
}

// proxyAuthorization is the Basic Proxy-Authorization of the parent's
// login (RFC 7617), "" without one.
func (d *dialer) proxyAuthorization() string {
	if d.login == nil {
		return ""
	}
	pass, _ := d.login.Password()
	return "Basic " + base64Std([]byte(d.login.Username()+":"+pass))
}

// loopedBack reports a request that carries this process's own Via entry:
// upstream.proxy leads back to schleuse (its own address, or a name IT
// moved to the schleuse host), and each hop would open a further
// connection until the client address's limit.
func (d *dialer) loopedBack(h http.Header) bool {
	if d.parent == "" {
		return false
	}
	for _, v := range h.Values("Via") {
		if strings.Contains(v, d.via) {
			return true
		}
	}
	return false
}

// errParentLoop is a parent proxy that leads back to schleuse.
var errParentLoop = errors.New("upstream.proxy leads back to schleuse itself")

// errParentRefused is a CONNECT the parent proxy refused (403, or 407:
// it wants a login, or another one than upstream.proxy holds).
var errParentRefused = errors.New("parent proxy refused the connection")

// errParentFailed is a CONNECT the parent proxy answered with another
// status than 200 (it could not reach the target: 502, 503, 504 …).
var errParentFailed = errors.New("parent proxy could not connect")

// viaParent opens a tunnel to addr through the parent proxy: CONNECT, as a
// browser asks a proxy. The parent resolves the name; a target that names
// an address of the proxy host's kind (ownHostName: loopback, link-local,
// localhost) is refused before asking, since the parent would take it as
// its own, and a parent on the same host (cntlm, a local squid) as this
// host's.
func (d *dialer) viaParent(ctx context.Context, addr string) (net.Conn, error) {
	if host, _, err := net.SplitHostPort(addr); err != nil || ownHostName(host) {
		return nil, fmt.Errorf("dial %s: %w", addr, errHostAddr)
	}
	c, err := d.d.DialContext(ctx, "tcp", d.parent)
	if err != nil {
		return nil, fmt.Errorf("parent proxy %s: %w", d.parent, err)
	}
	deadline := time.Now().Add(d.d.Timeout)
	if d.d.Timeout <= 0 {
		deadline = time.Now().Add(30 * time.Second)
	}
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	c.SetDeadline(deadline)
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: addr}, Host: addr, Header: http.Header{"Via": {"1.1 " + d.via}}}
	if auth := d.proxyAuthorization(); auth != "" {
		req.Header.Set("Proxy-Authorization", auth)
	}
	if err := req.Write(c); err != nil {
		c.Close()
		return nil, fmt.Errorf("parent proxy %s: CONNECT %s: %w", d.parent, addr, err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("parent proxy %s: CONNECT %s: %w", d.parent, addr, err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusLoopDetected && resp.Header.Get("X-Schleuse-Loop") == d.via {
		c.Close()
		return nil, fmt.Errorf("parent proxy %s: CONNECT %s: %w", d.parent, addr, errParentLoop)
	}
	switch {
	case resp.StatusCode == http.StatusProxyAuthRequired:
		c.Close()
		hint := "upstream.proxy holds no login"
		if d.login != nil {
			hint = "the login of upstream.proxy (user " + strconv.Quote(d.login.Username()) + ") was not accepted"
		}
		return nil, fmt.Errorf("%w: %s answered CONNECT %s with %s: %s", errParentRefused, d.parent, addr, resp.Status, hint)
	case resp.StatusCode == http.StatusForbidden:
		c.Close()
		return nil, fmt.Errorf("%w: %s answered CONNECT %s with %s", errParentRefused, d.parent, addr, resp.Status)
	case resp.StatusCode != http.StatusOK:
		c.Close()
		return nil, fmt.Errorf("%w: %s answered CONNECT %s with %s", errParentFailed, d.parent, addr, resp.Status)
	}
	c.SetDeadline(time.Time{})
	if br.Buffered() > 0 {
		// The target spoke first, in the same packet as the 200.
		return &bufferedConn{Conn: c, r: br}, nil
	}
	return c, nil
}

// ownHostName reports a host that a parent proxy would resolve to its own
// host or a link-local address (cloud metadata) without asking DNS: a
// loopback, unspecified or link-local IP, localhost, and a name whose last
// label is numeric, which is no DNS name but a resolver takes as an IPv4
// address in a short form ("127.1", "2130706433", "0x7f.1"). A DNS name
// pointing there is the parent's to refuse.
func ownHostName(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		ip = ip.Unmap()
		return ip.IsLoopback() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast()
	}
	last := h[strings.LastIndexByte(h, '.')+1:]
	return last == "" || last[0] >= '0' && last[0] <= '9'
}

// bufferedConn is a connection whose first bytes were read into r.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// resolveKey is host:port with the host lower-cased and without a trailing
// dot: API.OpenAI.com.:443 must not miss the entry for api.openai.com:443
// and go where DNS says instead.
func resolveKey(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return net.JoinHostPort(strings.ToLower(strings.TrimSuffix(host, ".")), port)
}

func (d *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if to, ok := d.resolve[resolveKey(addr)]; ok {
		// Where IT points a name is its choice, loopback included.
		return d.d.DialContext(ctx, network, to)
	}
	if d.parent != "" {
		if addr == d.parent {
			// The transport's own connection to the parent, for a plain
			// HTTP request (newTransport); the parent is IT's choice too.
			return d.d.DialContext(ctx, network, addr)
		}
		return d.viaParent(ctx, addr)
	}
	nd := d.d
	nd.Control = refuseHostAddr
	return nd.DialContext(ctx, network, addr)
}

// errHostAddr refuses a connection to the proxy host itself or to a
// link-local address (cloud metadata), whatever name led there.
var errHostAddr = errors.New("address of the proxy host or link-local: refused")

// refuseHostAddr is a net.Dialer.Control that refuses loopback, unspecified
// and link-local addresses after name resolution: a client must not reach
// the proxy host's own services (databases, the admin listener under
// another name, 127.0.0.1:443) or the cloud metadata service through the
// proxy, by IP literal, "localhost" or a DNS name pointing there.
func refuseHostAddr(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, errHostAddr)
	}
	ip := ap.Addr().Unmap()
	if ip.IsLoopback() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() {
		return fmt.Errorf("dial %s: %w", address, errHostAddr)
	}
	return nil
}

// upstreamRoots is the system pool plus the configured extra CAs.
func upstreamRoots(files []string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	for _, f := range files {
		if err := AddCAFile(pool, f); err != nil {
			return nil, err
		}
	}
	return pool, nil
}

// newTransport builds the upstream transport. TLS is always verified against
// the system roots plus upstream.ca_files; there is no switch to turn that off.
func newTransport(cfg config.Upstream, d *dialer) (*http.Transport, error) {
	roots, err := upstreamRoots(cfg.CAFiles)
	if err != nil {
		return nil, err
	}
	// Never $HTTPS_PROXY (that could loop back into us): only the parent
	// proxy of the configuration. TLS goes through the dialer's CONNECT
	// tunnel to the service and is verified as ever; a plain HTTP request
	// (a blind one: AI services are reached over HTTPS only) goes to the
	// parent as a proxy request, since parents commonly refuse CONNECT to
	// port 80.
	proxyFn := func(*http.Request) (*url.URL, error) { return nil, nil }
	if d.parent != "" {
		parent := &url.URL{Scheme: "http", Host: d.parent, User: d.login} // the Transport sends the login as Proxy-Authorization
		proxyFn = func(r *http.Request) (*url.URL, error) {
			if r.URL.Scheme != "http" {
				return nil, nil
			}
			if _, ok := d.resolve[resolveKey(canonicalAddr(r.URL))]; ok {
				return nil, nil
			}
			if ownHostName(r.URL.Hostname()) {
				// Not asked of the parent, as for a tunnel (viaParent).
				return nil, fmt.Errorf("dial %s: %w", r.URL.Host, errHostAddr)
			}
			return parent, nil
		}
	}
	return &http.Transport{
		Proxy:                 proxyFn,
		DialContext:           d.DialContext,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          4 * max(cfg.MaxIdleConnsPerHost, 1),
		MaxIdleConnsPerHost:   max(cfg.MaxIdleConnsPerHost, 1),
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   cfg.DialTimeout,
		ResponseHeaderTimeout: cfg.ResponseTimeout,
		ExpectContinueTimeout: time.Second,
		// Bodies are passed through as the service sent them; the client
		// asked for its own encodings.
		DisableCompression: true,
	}, nil
}

// canonicalAddr is u's host:port, with the scheme's port when u has none.
func canonicalAddr(u *url.URL) string {
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// upstreamErrorKind classifies a round-trip error for the answer and metrics.
func upstreamErrorKind(err error) string {
	var uerr x509.UnknownAuthorityError
	var herr x509.HostnameError
	var cerr x509.CertificateInvalidError
	var verr *tls.CertificateVerificationError
	var rerr tls.RecordHeaderError
	var nerr net.Error
	switch {
	case errors.Is(err, errParentRefused):
		return "parent_refused"
	case errors.As(err, &verr), errors.As(err, &uerr), errors.As(err, &herr), errors.As(err, &cerr):
		return "tls_verify"
	case errors.As(err, &rerr):
		return "tls"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &nerr) && nerr.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, errHostAddr):
		return "refused"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "dial"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "reset"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "dns"
	}
	return "other"
}

// upstreamMetricKind is kind as a label of schleuse_upstream_errors_total
// (docs/operations.md: dns, dial, tls, timeout, reset, status, canceled;
// anything else is counted as other).
func upstreamMetricKind(kind string) string {
	switch kind {
	case "tls_verify":
		return "tls"
	case "refused":
		return "dial"
	case "parent_refused":
		return "parent"
	}
	return kind
}

// persists ends the notice of a failure that may pass: whom staff ask when
// it does not, and with what (an inspected request's notice ends with its
// Vorgangsnummer; another site's has none).
func persists(ai bool) (de, en string) {
	if !ai {
		return "besteht der Fehler fort, wenden Sie sich an die IT.", "if it persists, contact IT."
	}
	return "besteht der Fehler fort, wenden Sie sich an die IT und nennen Sie die Vorgangsnummer.", "if it persists, contact IT and quote the reference number."
}

// upstreamNotice is the public message for an upstream failure; the cause
// goes to the log only. ai says whether the target is an AI service of the
// catalogue or some other server.
func upstreamNotice(kind string, ai bool) (status int, de, en string) {
	nom, gen, enName := "Der KI-Dienst", "des KI-Dienstes", "the AI service"
	persistsDE, persistsEN := persists(ai)
	if !ai {
		nom, gen, enName = "Der Zielserver", "des Zielservers", "the server"
	}
	switch kind {
	case "tls_verify":
		return http.StatusBadGateway,
			"schleuse: Das TLS-Zertifikat " + gen + " konnte nicht geprüft werden. Die Verbindung wurde aus Sicherheitsgründen nicht aufgebaut. Bitte wenden Sie sich an die IT.",
			"schleuse: " + enName + "'s TLS certificate could not be verified; the connection was not made. Please contact IT."
	case "parent_refused":
		// Not "cannot be reached": the service may be fine, the way out
		// (the municipality's proxy) said no; only IT can change that.
		zu, enTo := "zum KI-Dienst", "to the AI service"
		if !ai {
			zu, enTo = "zum Zielserver", "to the server"
		}
		return http.StatusBadGateway,
			"schleuse: Der übergeordnete Proxy hat die Verbindung " + zu + " abgelehnt. Bitte wenden Sie sich an die IT.",
			"schleuse: the parent proxy refused the connection " + enTo + ". Please contact IT."
	case "timeout":
		return http.StatusGatewayTimeout,
			"schleuse: " + nom + " hat nicht rechtzeitig geantwortet. Bitte versuchen Sie es später erneut; " + persistsDE,
			"schleuse: " + enName + " did not answer in time. Please try again later; " + persistsEN
	default:
		return http.StatusBadGateway,
			"schleuse: " + nom + " ist derzeit nicht erreichbar. Bitte versuchen Sie es später erneut; " + persistsDE,
			"schleuse: " + enName + " cannot be reached right now. Please try again later; " + persistsEN
	}
}

// AddCAFile adds the PEM certificates of the file f (of upstream.ca_files)
// to pool. A DER certificate, as Windows exports one, says how to convert
// it instead of only "no PEM certificate".
func AddCAFile(pool *x509.CertPool, f string) error {
	b, err := os.ReadFile(f)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("upstream.ca_files: %s gibt es nicht (Tippfehler? den Pfad der PEM-Datei der CA eintragen) / upstream.ca_files: %w", f, err)
	}
	if err != nil {
		return fmt.Errorf("upstream.ca_files: %s lässt sich nicht lesen / upstream.ca_files: %w", f, err)
	}
	if pool.AppendCertsFromPEM(b) {
		return nil
	}
	if _, err := x509.ParseCertificate(b); err == nil {
		pemName := strings.TrimSuffix(f, filepath.Ext(f))
		return fmt.Errorf("upstream.ca_files: %s enthält ein DER-Zertifikat, kein PEM: umwandeln (openssl x509 -inform der -in %s -out %s.pem) und die .pem-Datei eintragen / upstream.ca_files: %s holds a DER certificate, not PEM: convert it (openssl x509 -inform der -in %s -out %s.pem) and name the .pem file", f, f, pemName, f, f, pemName)
	}
	return fmt.Errorf("upstream.ca_files: %s enthält kein PEM-Zertifikat / upstream.ca_files: %s holds no PEM certificate", f, f)
}
