package proxy

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/schleuse/schleuse/config"
)

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// dialer dials upstream connections, applying upstream.resolve to every
// address (interceptions and blind tunnels alike).
type dialer struct {
	resolve map[string]string
	d       net.Dialer
}

// newDialer keys upstream.resolve by resolveKey.
func newDialer(resolve map[string]string, d net.Dialer) *dialer {
	m := make(map[string]string, len(resolve))
	for k, v := range resolve {
		m[resolveKey(k)] = v
	}
	return &dialer{resolve: m, d: d}
}

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
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("upstream.ca_files: %w", err)
		}
		if !pool.AppendCertsFromPEM(b) {
			return nil, fmt.Errorf("upstream.ca_files: %s holds no PEM certificate", f)
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
	return &http.Transport{
		Proxy:                 nil, // never chain through $HTTPS_PROXY: that could loop back into us
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

// upstreamErrorKind classifies a round-trip error for the answer and metrics.
func upstreamErrorKind(err error) string {
	var uerr x509.UnknownAuthorityError
	var herr x509.HostnameError
	var cerr x509.CertificateInvalidError
	var verr *tls.CertificateVerificationError
	var rerr tls.RecordHeaderError
	var nerr net.Error
	switch {
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
	}
	return kind
}

// upstreamNotice is the public message for an upstream failure; the cause
// goes to the log only. ai says whether the target is an AI service of the
// catalogue or some other server.
func upstreamNotice(kind string, ai bool) (status int, de, en string) {
	nom, gen, enName := "Der KI-Dienst", "des KI-Dienstes", "the AI service"
	if !ai {
		nom, gen, enName = "Der Zielserver", "des Zielservers", "the server"
	}
	switch kind {
	case "tls_verify":
		return http.StatusBadGateway,
			"schleuse: Das TLS-Zertifikat " + gen + " konnte nicht geprüft werden. Die Verbindung wurde aus Sicherheitsgründen nicht aufgebaut. Bitte wenden Sie sich an die IT.",
			"schleuse: " + enName + "'s TLS certificate could not be verified; the connection was not made."
	case "timeout":
		return http.StatusGatewayTimeout,
			"schleuse: " + nom + " hat nicht rechtzeitig geantwortet. Bitte versuchen Sie es später erneut.",
			"schleuse: " + enName + " did not answer in time."
	default:
		return http.StatusBadGateway,
			"schleuse: " + nom + " ist derzeit nicht erreichbar. Bitte versuchen Sie es später erneut.",
			"schleuse: " + enName + " cannot be reached right now."
	}
}
