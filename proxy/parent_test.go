package proxy

import (
	"bufio"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/testpki"
)

// parentProxy is a municipality's outbound proxy in miniature: it opens
// CONNECT tunnels to the targets it knows (to, by host:port) and refuses
// the others with 403, and answers a plain HTTP proxy request itself. It
// records what it was asked.
type parentProxy struct {
	addr string
	to   map[string]string
	// login, when set, is the Proxy-Authorization the parent wants: any
	// other request gets 407 with Proxy-Authenticate.
	login string
	mu    sync.Mutex
	asks  []string
}

func startParent(t *testing.T, to map[string]string) *parentProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	p := &parentProxy{addr: ln.Addr().String(), to: to}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.serve(c)
		}
	}()
	return p
}

func (p *parentProxy) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	p.mu.Lock()
	p.asks = append(p.asks, req.Method+" "+req.RequestURI)
	p.mu.Unlock()
	if p.login != "" && req.Header.Get("Proxy-Authorization") != p.login {
		io.WriteString(c, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"Stadtverwaltung\"\r\nContent-Length: 0\r\n\r\n")
		return
	}
	if req.Method != http.MethodConnect {
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nvia parent")
		return
	}
	target, ok := p.to[req.RequestURI]
	if !ok {
		io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
		return
	}
	up, err := net.Dial("tcp", target)
	if err != nil {
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	defer up.Close()
	io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
	go io.Copy(up, br)
	io.Copy(c, up)
}

func (p *parentProxy) asked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.asks...)
}

// TestParentProxy: with upstream.proxy set, schleuse reaches inspected
// services and blind-tunnel hosts through the parent proxy (CONNECT; the
// TLS to the service is still its own, verified against the service's CA)
// and sends plain HTTP to it as a proxy request; upstream.resolve targets
// are dialled directly. Before, a municipality whose only way out is its
// outbound proxy could not run schleuse at all: it dialled every host
// directly.
func TestParentProxy(t *testing.T) {
	upCA := testpki.NewCA("fake upstream CA")
	var got string
	api := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = r.Host + " " + string(b)
		io.WriteString(w, `{"ok":true}`)
	}), "api.openai.com", "api.anthropic.com")
	originCA := testpki.NewCA("origin CA")
	origin := upstream(t, originCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "origin")
	}), "www.example.org")
	parent := startParent(t, map[string]string{"api.openai.com:443": api, "www.example.org:443": origin})
	h := newHarness(t, func(c *config.Config) { c.Upstream.Proxy = "http://" + parent.addr },
		map[string]string{"api.anthropic.com:443": api}, upCA)

	if got := h.srv.ParentProxy(); got != parent.addr {
		t.Errorf("ParentProxy() = %q, want %q (status page, start log)", got, parent.addr)
	}
	resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(`{"messages":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != `{"ok":true}` || got != `api.openai.com {"messages":[]}` {
		t.Fatalf("inspected service through the parent: %d %q, upstream saw %q", resp.StatusCode, b, got)
	}
	resp, err = h.client(originCA.Pool(), false).Get("https://www.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "origin" {
		t.Fatalf("blind tunnel through the parent: %q", b)
	}
	resp, err = h.client(nil, false).Get("http://www.example.org/plain")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "via parent" {
		t.Fatalf("plain HTTP: %q, want the parent's answer", b)
	}
	// upstream.resolve goes direct, as IT pointed it.
	resp, err = h.client(h.schleuseP, false).Post("https://api.anthropic.com/v1/messages", "application/json", strings.NewReader(`{"messages":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("resolved host: %d", resp.StatusCode)
	}
	want := []string{"CONNECT api.openai.com:443", "CONNECT www.example.org:443", "GET http://www.example.org/plain"}
	if a := parent.asked(); strings.Join(a, "|") != strings.Join(want, "|") {
		t.Fatalf("parent was asked %q, want %q", a, want)
	}
	// A target the parent refuses (403): a German 502 that says so, not
	// that the service cannot be reached.
	resp, err = h.client(h.schleuseP, false).Post("https://api.mistral.ai/v1/chat/completions", "application/json", strings.NewReader(`{"messages":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway || !strings.Contains(string(b), "Der übergeordnete Proxy hat die Verbindung zum KI-Dienst abgelehnt") {
		t.Fatalf("refused by the parent: %d %q", resp.StatusCode, b)
	}
	// The proxy host's own addresses are not asked for.
	if _, err := newDialer(nil, parent.addr, nil, net.Dialer{}).DialContext(t.Context(), "tcp", "127.0.0.1:22"); err == nil || !strings.Contains(err.Error(), errHostAddr.Error()) {
		t.Fatalf("loopback through the parent: %v", err)
	}
}

// TestParentProxyOwnHost: a target that a parent proxy would take as its
// own host or a link-local address is not asked of it, by CONNECT or as a
// plain HTTP proxy request: a loopback, unspecified or link-local IP, an
// IPv4 address in a short form a resolver reads ("127.1", "2130706433"),
// localhost. Before, only a CONNECT to a loopback or link-local IP literal
// was refused: a plain HTTP request to http://127.0.0.1:8080/ or to the
// cloud metadata service, and a CONNECT to localhost, went to the parent,
// which, run on the same host as commonly (cntlm, a local squid), reached
// this host's own services.
func TestParentProxyOwnHost(t *testing.T) {
	upCA := testpki.NewCA("fake upstream CA")
	parent := startParent(t, nil)
	h := newHarness(t, func(c *config.Config) { c.Upstream.Proxy = "http://" + parent.addr }, nil, upCA)
	for _, u := range []string{"http://127.0.0.1:8080/", "http://169.254.169.254/latest/meta-data/", "http://localhost:8080/",
		"http://127.1:8080/", "http://2130706433/", "http://[::1]:8080/", "http://0.0.0.0:8080/", "http://db.localhost/"} {
		resp, err := h.client(nil, false).Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadGateway {
			t.Errorf("%s: %d, want 502", u, resp.StatusCode)
		}
	}
	for _, addr := range []string{"127.0.0.1:443", "localhost:443", "LocalHost.:443", "127.1:443", "0x7f000001:443", "[::1]:443", "[fe80::1%eth0]:443", "169.254.169.254:443"} {
		if _, err := newDialer(nil, parent.addr, nil, net.Dialer{}).DialContext(t.Context(), "tcp", addr); err == nil || !strings.Contains(err.Error(), errHostAddr.Error()) {
			t.Errorf("CONNECT %s through the parent: %v", addr, err)
		}
	}
	if a := parent.asked(); len(a) != 0 {
		t.Fatalf("the parent was asked %q", a)
	}
	for host, want := range map[string]bool{"api.openai.com": false, "93.184.216.34": false, "2606:4700::1": false, "ip6.arpa": false, "host-1.example": false} {
		if ownHostName(host) != want {
			t.Errorf("ownHostName(%q) = %v", host, !want)
		}
	}
}

// countingListener counts the connections it accepted.
type countingListener struct {
	net.Listener
	n atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// TestParentProxyLoop: an upstream.proxy that leads back to schleuse (its
// own listener, or a name IT moved to the schleuse host) is refused at the
// first hop: schleuse marks what it asks the parent (Via) and answers a
// request with its own mark with 508 and an error line naming the setting.
// Before, each blind tunnel and plain HTTP request went round until the
// address's connection limit (2048 connections, then a 429 that blamed the
// user's windows), and an inspected service failed with a certificate error.
func TestParentProxyLoop(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pl := &countingListener{Listener: ln}
	var logs syncBuffer
	h := newHarnessOn(t, pl, &logs, func(c *config.Config) { c.Upstream.Proxy = "http://" + ln.Addr().String() }, // schleuse itself
		nil, testpki.NewCA("fake upstream CA"))
	pool := h.schleuseP
	for _, tc := range []struct {
		url   string
		roots *x509.CertPool
		want  int
	}{
		{"http://www.example.org/", nil, http.StatusLoopDetected},
		{"https://api.openai.com/v1/models", pool, http.StatusBadGateway},
	} {
		resp, err := h.client(tc.roots, false).Get(tc.url)
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want || resp.Header.Get("X-Schleuse-Loop") != "" {
			t.Errorf("%s: %d %v %q, want %d", tc.url, resp.StatusCode, resp.Header, b, tc.want)
		}
	}
	// A blind tunnel: its CONNECT is refused.
	if _, err := h.client(nil, false).Get("https://www.example.org/"); err == nil {
		t.Error("blind tunnel through a parent that is schleuse: no error")
	}
	if n := pl.n.Load(); n > 6 {
		t.Errorf("%d connections to schleuse for three requests: the loop went round", n)
	}
	if !strings.Contains(logs.String(), `level=ERROR msg="upstream.proxy führt zu schleuse selbst zurück: Anfragen an den übergeordneten Proxy werden abgewiesen; upstream.proxy auf den ausgehenden Proxy setzen, nicht auf schleuse / upstream.proxy leads back to schleuse itself`) {
		t.Errorf("no error line names the loop:\n%s", logs.String())
	}
}

// TestParentProxyLogin: upstream.proxy http://user:password@host:port logs
// in at the parent (Basic Proxy-Authorization) on every CONNECT and plain
// HTTP request; the password (a canary) is in no log line, no answer and
// not in ParentProxy() (the status page, the start log). A parent that
// refuses the login (407) is reported to staff as a refusal by the parent
// proxy, not as a service that cannot be reached, and IT's log says
// which; a 407 to a plain HTTP request is not passed on (the browser would
// ask staff for the parent's password). Before, a login was refused at
// start, so a municipality whose outbound proxy wants one could not run
// schleuse.
func TestParentProxyLogin(t *testing.T) {
	const canary = "Kanarien-Geheim:7731@/"
	upCA := testpki.NewCA("fake upstream CA")
	api := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"ok":true}`)
	}), "api.openai.com")
	parent := startParent(t, map[string]string{"api.openai.com:443": api})
	parent.login = "Basic " + base64Std([]byte("svc-schleuse:"+canary))
	for _, tc := range []struct {
		name, pass string
		ok         bool
	}{
		{"right login", canary, true},
		{"wrong login", canary + "x", false},
		{"no login", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := &url.URL{Scheme: "http", Host: parent.addr}
			if tc.pass != "" {
				u.User = url.UserPassword("svc-schleuse", tc.pass)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			var logs syncBuffer
			h := newHarnessOn(t, ln, &logs, func(c *config.Config) { c.Upstream.Proxy = u.String() }, nil, upCA)
			var seen strings.Builder
			for _, req := range []struct {
				url   string
				roots *x509.CertPool
				want  string
			}{
				{"https://api.openai.com/v1/chat/completions", h.schleuseP, `{"ok":true}`},
				{"http://www.example.org/plain", nil, "via parent"},
			} {
				resp, err := h.client(req.roots, false).Post(req.url, "application/json", strings.NewReader(`{"messages":[]}`))
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				fmt.Fprintf(&seen, "%d %v %s\n", resp.StatusCode, resp.Header, b)
				switch {
				case tc.ok && (resp.StatusCode != 200 || string(b) != req.want):
					t.Errorf("%s: %d %q, want %q through the parent", req.url, resp.StatusCode, b, req.want)
				case !tc.ok && (resp.StatusCode != http.StatusBadGateway || !strings.Contains(string(b), "Der übergeordnete Proxy hat die Verbindung") ||
					!strings.Contains(string(b), "abgelehnt") || resp.Header.Get("Proxy-Authenticate") != ""):
					t.Errorf("%s: %d %v %q, want the parent's refusal", req.url, resp.StatusCode, resp.Header, b)
				}
			}
			if !tc.ok && (!strings.Contains(logs.String(), "kind=parent_refused") || !strings.Contains(logs.String(), "407 Proxy Authentication Required")) {
				t.Errorf("the log does not say that the parent refused the login:\n%s", logs.String())
			}
			out := logs.String() + seen.String() + h.srv.ParentProxy()
			for _, secret := range []string{canary, url.UserPassword("u", canary).String(), base64Std([]byte("svc-schleuse:" + canary)), "7731"} {
				if strings.Contains(out, secret) {
					t.Errorf("the password shows (%q) in the log, an answer or ParentProxy():\n%s", secret, out)
				}
			}
		})
	}
}
