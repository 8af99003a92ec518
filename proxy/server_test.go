package proxy

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/internal/testpki"
	"github.com/schleuse/schleuse/telemetry"
)

// passInspector forwards every body unchanged and records what it saw. It is
// the test double for the pipeline: it inspects nothing and says so.
type passInspector struct {
	mu    sync.Mutex
	seen  []string
	block func(x *Exchange) *Verdict
}

func (p *passInspector) Inspect(_ context.Context, x *Exchange) *Verdict {
	p.mu.Lock()
	p.seen = append(p.seen, x.Service.ID+" "+string(x.Body))
	p.mu.Unlock()
	if p.block != nil {
		if v := p.block(x); v != nil {
			return v
		}
	}
	return &Verdict{Forward: x.Body}
}

type harness struct {
	t         *testing.T
	srv       *Server
	insp      *passInspector
	upCA      *testpki.CA
	stateDir  string
	cfg       *config.Config
	proxyURL  *url.URL
	schleuseP *x509.CertPool
	// timeout bounds each request of client (0: clientTimeout, a guard
	// against a hang); a test whose requests are heavy by design sets more.
	timeout time.Duration
}

// upstream starts a TLS server with a certificate for names, issued by ca.
func upstream(t *testing.T, ca *testpki.CA, h http.Handler, names ...string) string {
	t.Helper()
	ts := httptest.NewUnstartedServer(h)
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{ca.Leaf(names...)}, NextProtos: []string{"h2", "http/1.1"}}
	ts.EnableHTTP2 = true
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts.Listener.Addr().String()
}

func newHarness(t *testing.T, mutate func(*config.Config), resolve map[string]string, upCA *testpki.CA) *harness {
	t.Helper()
	return newHarnessOn(t, nil, io.Discard, mutate, resolve, upCA)
}

// newHarnessOn is newHarness serving on pl (nil: a new listener on
// 127.0.0.1), its log written to logTo.
func newHarnessOn(t *testing.T, pl net.Listener, logTo io.Writer, mutate func(*config.Config), resolve map[string]string, upCA *testpki.CA) *harness {
	t.Helper()
	return newHarnessWith(t, pl, logTo, nil, mutate, resolve, upCA)
}

// newHarnessWith is newHarnessOn with the server's Metrics (nil: none).
func newHarnessWith(t *testing.T, pl net.Listener, logTo io.Writer, m Metrics, mutate func(*config.Config), resolve map[string]string, upCA *testpki.CA) *harness {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.StateDir = dir
	cfg.Upstream.Resolve = resolve
	cfg.Upstream.CAFiles = []string{upCA.WritePEM(dir, "upstream-ca.pem")}
	if mutate != nil {
		mutate(cfg)
	}
	ca, _, err := LoadOrInitCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	auth, err := identity.New(identity.Config{})
	if err != nil {
		t.Fatal(err)
	}
	insp := &passInspector{}
	srv, err := New(Options{Config: cfg, CA: ca, Identity: auth, Inspector: insp, Metrics: m,
		Logger: slog.New(slog.NewTextHandler(logTo, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if pl == nil {
		pl, _ = net.Listen("tcp", "127.0.0.1:0")
	}
	al, _ := net.Listen("tcp", "127.0.0.1:0")
	srv.Serve(pl, al)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	return &harness{t: t, srv: srv, insp: insp, upCA: upCA, stateDir: dir, cfg: cfg,
		proxyURL: &url.URL{Scheme: "http", Host: pl.Addr().String()}, schleuseP: pool}
}

// client goes through the proxy and trusts only the given roots.
func (h *harness) client(roots *x509.CertPool, h2 bool) *http.Client {
	tr := &http.Transport{
		Proxy:             http.ProxyURL(h.proxyURL),
		TLSClientConfig:   &tls.Config{RootCAs: roots},
		ForceAttemptHTTP2: h2,
	}
	h.t.Cleanup(tr.CloseIdleConnections)
	timeout := h.timeout
	if timeout == 0 {
		timeout = clientTimeout
	}
	return &http.Client{Transport: tr, Timeout: timeout}
}

func TestInterceptsCatalogueHost(t *testing.T) {
	upCA := testpki.NewCA("fake upstream CA")
	var got string
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = r.Method + " " + r.Host + r.URL.Path + " " + string(b)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	}), "api.openai.com")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("h2=%v", h2), func(t *testing.T) {
			resp, err := h.client(h.schleuseP, h2).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(`{"messages":[]}`))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || string(b) != `{"ok":true}` {
				t.Fatalf("status %d body %q", resp.StatusCode, b)
			}
			// The client saw a leaf signed by the schleuse CA, not the upstream's.
			leaf := resp.TLS.PeerCertificates[0]
			if err := leaf.CheckSignatureFrom(h.srv.ca.Cert); err != nil {
				t.Fatalf("leaf not signed by the schleuse CA: %v", err)
			}
			// It names schleuse; goproxy's signer wrote "GoProxy untrusted
			// MITM proxy Inc", which IT and staff who look at the
			// certificate in the browser read as an attack.
			if org := leaf.Subject.Organization; len(org) != 1 || org[0] != "schleuse" || leaf.Subject.CommonName != "api.openai.com" ||
				leaf.VerifyHostname("api.openai.com") != nil || leaf.NotAfter.Sub(leaf.NotBefore) > 400*24*time.Hour {
				t.Fatalf("leaf subject %v, names %v, valid %v–%v", leaf.Subject, leaf.DNSNames, leaf.NotBefore, leaf.NotAfter)
			}
			if pc := resp.TLS.PeerCertificates; len(pc) != 2 || !pc[1].Equal(h.srv.ca.Cert) {
				t.Fatalf("chain of %d certificates, want the leaf and the schleuse CA", len(pc))
			}
			if got != `POST api.openai.com/v1/chat/completions {"messages":[]}` {
				t.Fatalf("upstream saw %q", got)
			}
			if h2 && resp.ProtoMajor != 2 {
				t.Fatalf("proto %s, want HTTP/2", resp.Proto)
			}
			if resp.Header.Get("X-Schleuse-Request-Id") == "" {
				t.Fatal("no request id header")
			}
		})
	}
	h.insp.mu.Lock()
	defer h.insp.mu.Unlock()
	if len(h.insp.seen) != 2 || h.insp.seen[0] != `openai-api {"messages":[]}` {
		t.Fatalf("inspector saw %q", h.insp.seen)
	}
}

func TestTunnelsOtherHosts(t *testing.T) {
	upCA := testpki.NewCA("origin CA")
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "origin")
	}), "www.example.org")
	h := newHarness(t, nil, map[string]string{"www.example.org:443": addr}, testpki.NewCA("unrelated"))
	resp, err := h.client(upCA.Pool(), false).Get("https://www.example.org/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "origin" {
		t.Fatalf("body %q", b)
	}
	if err := resp.TLS.PeerCertificates[0].CheckSignatureFrom(upCA.Cert); err != nil {
		t.Fatalf("client did not see the origin's own certificate: %v", err)
	}
	if len(h.insp.seen) != 0 {
		t.Fatal("a tunnelled request reached the inspector")
	}
}

func TestUpstreamFailures(t *testing.T) {
	goodCA := testpki.NewCA("trusted")
	evilCA := testpki.NewCA("not trusted")
	untrusted := upstream(t, evilCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("request reached an upstream with an untrusted certificate")
	}), "claude.ai")
	slowDone := make(chan struct{})
	t.Cleanup(func() { close(slowDone) })
	slow := upstream(t, goodCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-slowDone:
		case <-r.Context().Done():
		}
	}), "api.anthropic.com")
	down := refusedAddr(t)
	h := newHarness(t, func(c *config.Config) { c.Upstream.ResponseTimeout = 300 * time.Millisecond },
		map[string]string{"claude.ai:443": untrusted, "api.anthropic.com:443": slow, "api.mistral.ai:443": down}, goodCA)
	cases := []struct {
		url    string
		status int
		want   string
	}{
		{"https://claude.ai/api/x", 502, "TLS-Zertifikat"},
		{"https://api.anthropic.com/v1/messages", 504, "nicht rechtzeitig"},
		{"https://api.mistral.ai/v1/chat/completions", 502, "nicht erreichbar"},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			resp, err := h.client(h.schleuseP, false).Post(tc.url, "application/json", strings.NewReader("{}"))
			if err != nil {
				t.Fatalf("client got an error instead of an answer: %v", err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.want) {
				t.Fatalf("status %d body %q, want %d with %q", resp.StatusCode, b, tc.status, tc.want)
			}
		})
	}
}

func TestSSEStreamsUnbuffered(t *testing.T) {
	upCA := testpki.NewCA("upstream")
	release := make(chan struct{})
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: {\"first\":true}\n\n")
		w.(http.Flusher).Flush()
		<-release // the upstream is not finished until the client saw the first event
		io.WriteString(w, "data: [DONE]\n\n")
	}), "api.openai.com")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("h2=%v", h2), func(t *testing.T) {
			resp, err := h.client(h.schleuseP, h2).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(`{"stream":true}`))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			br := bufio.NewReader(resp.Body)
			first := make(chan string, 1)
			go func() {
				line, _ := br.ReadString('\n')
				first <- line
			}()
			select {
			case line := <-first:
				if line != "data: {\"first\":true}\n" {
					t.Fatalf("first line %q", line)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("first event did not arrive before the upstream finished")
			}
			release <- struct{}{}
			rest, _ := io.ReadAll(br)
			if !strings.Contains(string(rest), "[DONE]") {
				t.Fatalf("rest %q", rest)
			}
		})
	}
}

func TestBodyOverCapIsBlocked(t *testing.T) {
	upCA := testpki.NewCA("upstream")
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("an oversized body reached the upstream")
	}), "api.openai.com")
	h := newHarness(t, func(c *config.Config) { c.Inspect.MaxBodyBytes = 1024 }, map[string]string{"api.openai.com:443": addr}, upCA)
	for _, chunked := range []bool{false, true} {
		var body io.Reader = strings.NewReader(strings.Repeat("x", 2000))
		if chunked {
			body = io.MultiReader(body) // unknown length: sent chunked
		}
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", body)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// The notice names the limit as configured; before, 1 KiB read
		// "größer als 0 MiB".
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "blockiert") ||
			!strings.Contains(string(b), "größer als 1 KiB") || !strings.Contains(string(b), "larger than 1 KiB") {
			t.Fatalf("chunked=%v: status %d body %q", chunked, resp.StatusCode, b)
		}
	}
}

func TestSizeText(t *testing.T) {
	for _, c := range []struct {
		n      int64
		de, en string
	}{
		{10 << 20, "10 MiB", "10 MiB"},
		{3 << 19, "1,5 MiB", "1.5 MiB"},
		{1<<20 + 1, "1 MiB", "1 MiB"}, // rounded down: the request is larger than that too
		{512 << 10, "512 KiB", "512 KiB"},
		{1536, "1,5 KiB", "1.5 KiB"},
		{100, "100 Bytes", "100 Bytes"},
	} {
		if de, en := sizeText(c.n, true), sizeText(c.n, false); de != c.de || en != c.en {
			t.Errorf("sizeText(%d) = %q, %q; want %q, %q", c.n, de, en, c.de, c.en)
		}
	}
}

// rawConnect sends a CONNECT for target to the harness's proxy on a
// connection of its own and returns the status and, for a refusal, the
// body (a tunnel's has none to read).
func (h *harness) rawConnect(t *testing.T, target string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", h.proxyURL.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, target)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("CONNECT %s: %v", target, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return resp.StatusCode, ""
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestConnectRules(t *testing.T) {
	upCA := testpki.NewCA("upstream")
	h := newHarness(t, func(c *config.Config) {
		c.Services = append(c.Services, config.Service{ID: "copilot-web", Provider: "microsoft", Hosts: []string{"copilot.microsoft.com"}, Mode: "block"})
	}, nil, upCA)
	connect := func(target string) (int, string) { return h.rawConnect(t, target) }
	// A blocked service is intercepted to say so (TestBlockedServiceNoticeShown).
	if resp, err := h.client(h.schleuseP, false).Get("https://copilot.microsoft.com/"); err != nil {
		t.Errorf("blocked service: %v", err)
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(b), "gesperrt") {
			t.Errorf("blocked service: %d %q", resp.StatusCode, b)
		}
	}
	if code, body := connect("example.org:25"); code != 403 || !strings.Contains(body, "Port") {
		t.Errorf("port 25: %d %q", code, body)
	}
	_, adminPort, _ := net.SplitHostPort(h.srv.AdminAddr())
	for _, host := range []string{"127.0.0.1", "localhost", "127.0.0.2"} {
		if code, body := connect(net.JoinHostPort(host, adminPort)); code != 403 || !strings.Contains(body, "Verwaltungsoberfläche") {
			t.Errorf("admin via %s: %d %q", host, code, body)
		}
	}
	// Plain HTTP to the admin port through the proxy is refused as well.
	resp, err := h.client(nil, false).Get("http://" + h.srv.AdminAddr() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("plain GET to admin via proxy: %d", resp.StatusCode)
	}
}

func TestAdminEndpoints(t *testing.T) {
	h := newHarness(t, nil, nil, testpki.NewCA("x"))
	get := func(path string) (int, string, string) {
		resp, err := http.Get("http://" + h.srv.AdminAddr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	if c, _, b := get("/healthz"); c != 200 || b != "ok\n" {
		t.Errorf("healthz %d %q", c, b)
	}
	if c, _, _ := get("/readyz"); c != 200 {
		t.Errorf("readyz %d", c)
	}
	if c, _, b := get("/ca.crt"); c != 200 || !strings.HasPrefix(b, "-----BEGIN CERTIFICATE-----") {
		t.Errorf("ca.crt %d", c)
	}
	if c, _, b := get("/ca.der"); c != 200 || b != string(h.srv.ca.Cert.Raw) {
		t.Errorf("ca.der %d", c)
	}
	c, ct, pac := get("/proxy.pac")
	if c != 200 || ct != "application/x-ns-proxy-autoconfig" {
		t.Fatalf("pac %d %s", c, ct)
	}
	for _, want := range []string{`host == "chatgpt.com"`, `dnsDomainIs(host, ".openai.azure.com")`, "PROXY " + h.srv.ProxyAddr(), `return "DIRECT"`} {
		if !strings.Contains(pac, want) {
			t.Errorf("pac lacks %q:\n%s", want, pac)
		}
	}
	// WPAD asks for the same file as wpad.dat, without a login.
	if c, ct, wpad := get("/wpad.dat"); c != 200 || ct != "application/x-ns-proxy-autoconfig" || wpad != pac {
		t.Errorf("wpad.dat %d %s, want the PAC file", c, ct)
	}
	if c, _, _ := get("/status"); c != 404 {
		t.Errorf("protected page without handler: %d", c)
	}
}

func TestCAInitRefusesOverwrite(t *testing.T) {
	dir := t.TempDir()
	ca, err := InitCA(dir, "", false)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, CAKeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key mode %v %v", st.Mode(), err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))
	if _, err := InitCA(dir, "", false); err == nil {
		t.Fatal("second init without force succeeded")
	}
	after, _ := os.ReadFile(filepath.Join(dir, CAKeyFile))
	if string(before) != string(after) {
		t.Fatal("key changed")
	}
	again, err := InitCA(dir, "", true)
	if err != nil || again.Fingerprint() == ca.Fingerprint() {
		t.Fatalf("force: %v", err)
	}
	if ca.Cert.PublicKeyAlgorithm != x509.ECDSA || !ca.Cert.IsCA {
		t.Fatal("not an ECDSA CA")
	}
	if !strings.Contains(ca.Describe(), "SHA-256:") {
		t.Fatal(ca.Describe())
	}
}

// TestCAKeyOpenModeRefused: a CA key that group or others can read is not
// loaded (run and config check say so and how to fix it); 0600 and 0400 are.
func TestCAKeyOpenModeRefused(t *testing.T) {
	dir := t.TempDir()
	if _, err := InitCA(dir, "", false); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, CAKeyFile)
	for mode, ok := range map[os.FileMode]bool{0o600: true, 0o400: true, 0o640: false, 0o644: false, 0o604: false} {
		if err := os.Chmod(key, mode); err != nil {
			t.Fatal(err)
		}
		_, err := LoadCA(dir)
		if ok && err != nil {
			t.Errorf("mode %v: %v", mode, err)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), "chmod 600") || !strings.Contains(err.Error(), "owned by the account schleuse runs as")) {
			t.Errorf("mode %v: err = %v, want a refusal that says chmod 600 and who must own the key", mode, err)
		}
		if _, _, err2 := LoadOrInitCA(dir); (err2 == nil) != ok {
			t.Errorf("LoadOrInitCA, mode %v: %v", mode, err2)
		}
	}
}

func TestCatalogueLookup(t *testing.T) {
	c, err := NewCatalogue([]config.Service{{ID: "llm-intern", Hosts: []string{"llm.intern.example"}, Mode: "inspect"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"chatgpt.com": "chatgpt-web", "chatgpt.com:443": "chatgpt-web", "CHATGPT.COM.": "chatgpt-web",
		"files.oaiusercontent.com:443": "chatgpt-web", "myres.openai.azure.com": "azure-openai",
		"api-free.deepl.com": "deepl-api", "llm.intern.example:443": "llm-intern",
		"example.org": "", "notchatgpt.com": "", "openai.azure.com": "",
	}
	for host, want := range cases {
		got := ""
		if s := c.Lookup(host); s != nil {
			got = s.ID
		}
		if got != want {
			t.Errorf("Lookup(%q) = %q, want %q", host, got, want)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func poolOf(ca *CA) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

func TestShutdownDrainsInterceptedRequests(t *testing.T) {
	upCA := testpki.NewCA("upstream")
	started := make(chan struct{})
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: 1\n\n")
		w.(http.Flusher).Flush()
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "data: 2\n\n")
	}), "api.openai.com")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	done := make(chan string, 1)
	go func() {
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(`{"stream":true}`))
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- string(b)
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	t0 := time.Now()
	if err := h.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if waited := time.Since(t0); waited < 200*time.Millisecond {
		t.Fatalf("Shutdown returned after %v, before the in-flight response was finished", waited)
	}
	select {
	case got := <-done:
		if got != "data: 1\n\ndata: 2\n\n" {
			t.Fatalf("in-flight response cut: %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("client never finished")
	}
}

// TestReloadNamesOnlyChangedRestartKeys reloads the same configuration
// (loaded afresh, as SIGHUP does) and then changed ones: only the keys that
// changed need a restart.
func TestReloadNamesOnlyChangedRestartKeys(t *testing.T) {
	h := newHarness(t, nil, nil, testpki.NewCA("fake upstream CA"))
	auth, err := identity.New(identity.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		mutate func(*config.Config)
		want   string
	}{
		{"unchanged", func(c *config.Config) { v := *c.Audit.PseudonymizeUsers; c.Audit.PseudonymizeUsers = &v }, ""},
		{"pseudonymize_users", func(c *config.Config) { f := false; c.Audit.PseudonymizeUsers = &f }, "audit"},
		{"listen", func(c *config.Config) { c.Listen = "127.0.0.1:1" }, "listen"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default() // a fresh load: new pointers, same values
			cfg.StateDir = h.cfg.StateDir
			cfg.Upstream = h.cfg.Upstream
			tc.mutate(cfg)
			got, err := h.srv.Reload(cfg, auth)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("need restart %q, want %q", got, tc.want)
			}
			if _, err := h.srv.Reload(h.cfg, auth); err != nil { // back to the start
				t.Fatal(err)
			}
		})
	}
}

// TestPACDirective: the PAC file names an address browsers can reach, and
// admin.proxy_url may be a PAC directive, a URL or host:port.
func TestPACDirective(t *testing.T) {
	for _, c := range []struct{ proxyURL, listen, reqHost, want string }{
		{"", "127.0.0.1:3128", "127.0.0.1:9090", "PROXY 127.0.0.1:3128"},
		{"", "10.1.2.3:3128", "schleuse.intern:9090", "PROXY 10.1.2.3:3128"},
		{"", "0.0.0.0:3128", "schleuse.intern:9090", "PROXY schleuse.intern:3128"},
		{"", "[::]:3128", "10.1.2.3:9090", "PROXY 10.1.2.3:3128"},
		{"", ":3128", "[fd00::1]:9090", "PROXY [fd00::1]:3128"},
		{"", "[::]:3128", "schleuse.intern", "PROXY schleuse.intern:3128"},
		{"PROXY schleuse.intern:3128", "[::]:3128", "x:9090", "PROXY schleuse.intern:3128"},
		{"PROXY a:3128; DIRECT", "[::]:3128", "x:9090", "PROXY a:3128; DIRECT"},
		{"http://schleuse.intern:3128", "[::]:3128", "x:9090", "PROXY schleuse.intern:3128"},
		{"https://schleuse.intern:3129/", "[::]:3128", "x:9090", "HTTPS schleuse.intern:3129"},
		{"schleuse.intern:3128", "[::]:3128", "x:9090", "PROXY schleuse.intern:3128"},
	} {
		if got := pacDirective(c.proxyURL, c.listen, c.reqHost); got != c.want {
			t.Errorf("pacDirective(%q, %q, %q) = %q, want %q", c.proxyURL, c.listen, c.reqHost, got, c.want)
		}
	}
}

// reasonRecorder records the reasons of refused requests.
type reasonRecorder struct {
	mu      sync.Mutex
	reasons []string
}

func (m *reasonRecorder) Tunnel(context.Context) {}
func (m *reasonRecorder) ConnectBlocked(_ context.Context, reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reasons = append(m.reasons, reason)
}
func (m *reasonRecorder) UpstreamError(_ context.Context, kind string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reasons = append(m.reasons, "upstream:"+kind)
}
func (m *reasonRecorder) LeafCertCache(context.Context, bool) {}
func (m *reasonRecorder) MediaPassed(context.Context) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reasons = append(m.reasons, "media_passed")
}

func (m *reasonRecorder) take() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.reasons
	m.reasons = nil
	return r
}

// TestConnectBlockedReasons: every refusal is counted under the label that
// docs/operations.md names (client, auth, rate_limited, port, admin, host),
// so the documented alert on rate_limited can fire.
func TestConnectBlockedReasons(t *testing.T) {
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("geheim-2026"), bcrypt.MinCost)
	hashB, _ := bcrypt.GenerateFromPassword([]byte("bernd-2026"), bcrypt.MinCost)
	ht := filepath.Join(dir, "htpasswd")
	if err := os.WriteFile(ht, []byte("anna:"+string(hash)+"\nbernd:"+string(hashB)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.StateDir = dir
	cfg.Services = append(cfg.Services, config.Service{ID: "gesperrt", Provider: "openai", Hosts: []string{"gesperrt.example"}, Mode: "block"})
	ca, _, err := LoadOrInitCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{} // at info, as the proxy runs by default
	newServer := func(idc identity.Config) (*Server, *reasonRecorder) {
		auth, err := identity.New(idc)
		if err != nil {
			t.Fatal(err)
		}
		rec := &reasonRecorder{}
		srv, err := New(Options{Config: cfg, CA: ca, Identity: auth, Inspector: &passInspector{}, Metrics: rec,
			Logger: slog.New(slog.NewJSONHandler(logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		pl, _ := net.Listen("tcp", "127.0.0.1:0")
		al, _ := net.Listen("tcp", "127.0.0.1:0")
		srv.Serve(pl, al)
		t.Cleanup(func() { srv.Shutdown(context.Background()) })
		return srv, rec
	}
	connect := func(srv *Server, target, user, pass string) int {
		t.Helper()
		c, err := net.Dial("tcp", srv.ProxyAddr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		req := "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
		if user != "" {
			req += "Proxy-Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass)) + "\r\n"
		}
		io.WriteString(c, req+"\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	srv, rec := newServer(identity.Config{AllowedClients: []string{"10.0.0.0/8"}})
	if code := connect(srv, "example.com:443", "", ""); code != 403 {
		t.Fatalf("client not allowed: %d", code)
	}
	if got := rec.take(); strings.Join(got, ",") != "client" {
		t.Errorf("client not allowed counted as %q, want client", got)
	}

	srv, rec = newServer(identity.Config{Htpasswd: ht, MaxFailures: 2})
	for _, c := range []struct {
		target, user, pass string
		code               int
		want               string
		logged             bool // an info line "proxy authentication failed"
	}{
		{"example.com:8443", "anna", "geheim-2026", 403, "port", false},
		{srv.AdminAddr(), "anna", "geheim-2026", 403, "admin", false},
		// The login's challenge: every browser's first request. Neither
		// counted nor logged at info (it was, once per browser session).
		{"example.com:443", "", "", 407, "", false},
		{"example.com:443", "anna", "falsch", 407, "auth", true},
		{"example.com:443", "anna", "falsch", 407, "auth", true},
		{"example.com:443", "anna", "falsch", 407, "rate_limited", true},
		// Three more people at the same address (a terminal server)
		// mistype theirs twice: eight failures from one address.
		{"example.com:443", "carl", "falsch", 407, "auth", true},
		{"example.com:443", "carl", "falsch", 407, "auth", true},
		{"example.com:443", "dora", "falsch", 407, "auth", true},
		{"example.com:443", "dora", "falsch", 407, "auth", true},
		{"example.com:443", "emil", "falsch", 407, "auth", true},
		{"example.com:443", "emil", "falsch", 407, "auth", true},
		// Another user there is not locked out by their failures
		// (before, 4 × max_failures locked the address for everyone).
		{"api.openai.com:443", "bernd", "bernd-2026", 200, "", false},
	} {
		before := strings.Count(logs.String(), `"msg":"Anmeldung am Proxy fehlgeschlagen (reason) / proxy authentication failed"`)
		if code := connect(srv, c.target, c.user, c.pass); code != c.code {
			t.Errorf("CONNECT %s as %q: %d, want %d", c.target, c.user, code, c.code)
		}
		if got := rec.take(); strings.Join(got, ",") != c.want {
			t.Errorf("CONNECT %s as %q counted as %q, want %s", c.target, c.user, got, c.want)
		}
		if logged := strings.Count(logs.String(), `"msg":"Anmeldung am Proxy fehlgeschlagen (reason) / proxy authentication failed"`) > before; logged != c.logged {
			t.Errorf("CONNECT %s as %q: logged %v, want %v", c.target, c.user, logged, c.logged)
		}
	}

	srv, rec = newServer(identity.Config{})
	// Intercepted to show the notice in its requests; counted once here.
	if code := connect(srv, "gesperrt.example:443", "", ""); code != 200 {
		t.Fatalf("blocked service: %d", code)
	}
	if got := rec.take(); strings.Join(got, ",") != "host" {
		t.Errorf("blocked service counted as %q, want host", got)
	}
}

// TestUpstreamErrorKinds: upstream failures are counted under the kinds
// that schleuse_upstream_errors_total documents (telemetry's Upstream*
// labels), not as "other": a refused connection is dial, an upstream
// certificate that does not verify is tls, a 5xx answer is status.
func TestUpstreamErrorKinds(t *testing.T) {
	refused := refusedAddr(t)
	otherCA := testpki.NewCA("not trusted")
	untrusted := upstream(t, otherCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), "api.anthropic.com")
	upCA := testpki.NewCA("trusted")
	failing := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
	}), "api.mistral.ai")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": refused, "api.anthropic.com:443": untrusted, "api.mistral.ai:443": failing}, upCA)
	rec := &reasonRecorder{}
	h.srv.metrics = rec
	for _, c := range []struct {
		url, want string
		status    int
	}{
		{"https://api.openai.com/v1/chat/completions", "upstream:" + telemetry.UpstreamDial, 502},
		{"https://api.anthropic.com/v1/messages", "upstream:" + telemetry.UpstreamTLS, 502},
		{"https://api.mistral.ai/v1/chat/completions", "upstream:" + telemetry.UpstreamStatus, 503},
	} {
		resp, err := h.client(h.schleuseP, false).Post(c.url, "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d", c.url, resp.StatusCode, c.status)
		}
		if got := rec.take(); !slices.Contains(got, c.want) {
			t.Errorf("%s counted as %q, want %s", c.url, got, c.want)
		}
	}
}

// TestDirectoryFailureNotice: with the directory down the user is told so in
// German and English (not "authentication required"), and the log names
// the cause for IT (docs/operations.md §7), without the user name.
func TestDirectoryFailureNotice(t *testing.T) {
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("geheim-2026"), bcrypt.MinCost)
	ht := filepath.Join(dir, "htpasswd")
	if err := os.WriteFile(ht, []byte("anna:"+string(hash)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	down := refusedAddr(t)
	cfg := config.Default()
	cfg.StateDir = dir
	ca, _, err := LoadOrInitCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	auth, err := identity.New(identity.Config{Htpasswd: ht, LDAP: &identity.LDAPConfig{URL: "ldap://" + down, BaseDN: "DC=stadt,DC=example", Timeout: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	rec := &reasonRecorder{}
	srv, err := New(Options{Config: cfg, CA: ca, Identity: auth, Inspector: &passInspector{}, Metrics: rec,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	pl, _ := net.Listen("tcp", "127.0.0.1:0")
	al, _ := net.Listen("tcp", "127.0.0.1:0")
	srv.Serve(pl, al)
	defer srv.Shutdown(context.Background())

	c, err := net.Dial("tcp", srv.ProxyAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nProxy-Authorization: Basic "+
		base64.StdEncoding.EncodeToString([]byte("anna:geheim-2026"))+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "Gruppenzugehörigkeit") ||
		!strings.Contains(string(body), "group membership could not be checked") || strings.Contains(string(body), "authentication required") {
		t.Errorf("directory down: %d %q", resp.StatusCode, body)
	}
	log := logs.String()
	if !strings.Contains(log, "directory group lookup failed: dial") || strings.Contains(log, "anna") {
		t.Errorf("log does not name the directory failure's cause (or names the user): %s", log)
	}
	// An outage is not a wrong password: counted apart from "auth".
	if got := rec.take(); strings.Join(got, ",") != telemetry.ConnectDir {
		t.Errorf("directory down counted as %q, want directory", got)
	}
}

// TestUpstreamNoticeNamesTarget: an unreachable AI service is called one;
// an unreachable other site (plain HTTP, pac.mode: all) is not.
func TestUpstreamNoticeNamesTarget(t *testing.T) {
	refused := refusedAddr(t)
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": refused, "intranet.example:80": refused}, testpki.NewCA("trusted"))
	for _, c := range []struct{ url, want, deny, next, nextEN string }{
		{"https://api.openai.com/v1/chat/completions", "Der KI-Dienst ist derzeit nicht erreichbar", "Zielserver",
			"wenden Sie sich an die IT und nennen Sie die Vorgangsnummer.\nVorgangsnummer: ", "contact IT and quote the reference number.\nReference number: "},
		{"http://intranet.example/", "Der Zielserver ist derzeit nicht erreichbar", "KI-Dienst",
			"wenden Sie sich an die IT.\n\n", "contact IT.\n"},
	} {
		resp, err := h.client(h.schleuseP, false).Post(c.url, "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// What to do when it does not pass, German and English.
		if resp.StatusCode != http.StatusBadGateway || !strings.Contains(string(b), c.want) || strings.Contains(string(b), c.deny) ||
			!strings.Contains(string(b), c.next) || !strings.Contains(string(b), c.nextEN) {
			t.Errorf("%s: %d %q, want 502 with %q", c.url, resp.StatusCode, b, c.want)
		}
	}
}

// TestBlindTunnelIdle: a blind tunnel is closed once neither side has sent
// a byte for client.tunnel_idle_timeout; one that carries bytes in either
// direction stays open past it. Before, a silent tunnel held its sockets
// and goroutines for as long as the client kept it.
func TestBlindTunnelIdle(t *testing.T) {
	echoAddr := faultListener(t, func(c net.Conn) { io.Copy(c, c); c.Close() }) // never closes first
	h := newHarness(t, nil, map[string]string{"www.example.org:443": echoAddr}, testpki.NewCA("unrelated"))
	const idle = 400 * time.Millisecond
	h.srv.SetClientTimeouts(ClientTimeouts{Tunnel: idle})
	open := func() (net.Conn, *bufio.Reader) {
		c, err := net.Dial("tcp", h.proxyURL.Host)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		fmt.Fprintf(c, "CONNECT www.example.org:443 HTTP/1.1\r\nHost: www.example.org:443\r\n\r\n")
		br := bufio.NewReader(c)
		resp, err := http.ReadResponse(br, nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("CONNECT: %v %v", resp, err)
		}
		return c, br
	}
	echo := func(c net.Conn, br *bufio.Reader) error {
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.WriteString(c, "ping"); err != nil {
			return err
		}
		b := make([]byte, 4)
		_, err := io.ReadFull(br, b)
		return err
	}

	busy, busyR := open()
	silent, silentR := open()
	if err := echo(busy, busyR); err != nil {
		t.Fatal(err)
	}
	if err := echo(silent, silentR); err != nil {
		t.Fatal(err)
	}
	for range 10 { // 1 s of traffic, well past the idle bound
		time.Sleep(idle / 4)
		if err := echo(busy, busyR); err != nil {
			t.Fatalf("a busy tunnel was closed: %v", err)
		}
	}
	silent.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := silentR.ReadByte(); err == nil {
		t.Fatal("the silent tunnel sent a byte")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the silent tunnel was still open after 5 s")
	}
}

// TestPACTrailingDot: the PAC file sends a catalogue host written with a
// trailing dot (https://chatgpt.com./, a fully qualified name the browser
// passes on as it is) and in capitals through the proxy, and a host under
// a "*-suffix" entry (Vertex AI's regional hosts) and one under a
// "name.*.suffix" entry (Bedrock's, with shExpMatch) too. Before, it matched
// no entry and went DIRECT, around the inspection. The PAC file is run
// with node when the machine has it.
func TestPACTrailingDot(t *testing.T) {
	h := newHarness(t, nil, nil, testpki.NewCA("unused upstream CA"))
	pac := h.srv.PAC("")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: the PAC file is not run")
	}
	script := pac + `
function dnsDomainIs(h, d) { return h.length >= d.length && h.substring(h.length - d.length) == d; }
function shExpMatch(s, p) { return new RegExp("^" + p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$").test(s); }
for (const h of ["chatgpt.com.", "ChatGPT.com", "x.openai.azure.com.", "example.org.", "example.org", "eu.api.openai.com", "europe-west3-aiplatform.googleapis.com", "aiplatform.googleapis.com", "storage.googleapis.com",
  "bedrock-runtime.eu-central-1.amazonaws.com", "BEDROCK-MANTLE.us-east-1.api.aws.", "s3.eu-central-1.amazonaws.com", "firebasevertexai.googleapis.com", "alkalimakersuite-pa.clients6.google.com"]) {
  console.log(h + " " + FindProxyForURL("https://" + h + "/", h));
}`
	out, err := exec.Command(node, "-e", script).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	proxy := "PROXY " + h.srv.ProxyAddr()
	for _, want := range []string{"chatgpt.com. " + proxy, "ChatGPT.com " + proxy, "x.openai.azure.com. " + proxy, "example.org. DIRECT", "example.org DIRECT",
		"eu.api.openai.com " + proxy, "europe-west3-aiplatform.googleapis.com " + proxy, "aiplatform.googleapis.com " + proxy, "storage.googleapis.com DIRECT",
		"bedrock-runtime.eu-central-1.amazonaws.com " + proxy, "BEDROCK-MANTLE.us-east-1.api.aws. " + proxy, "s3.eu-central-1.amazonaws.com DIRECT",
		"firebasevertexai.googleapis.com " + proxy, "alkalimakersuite-pa.clients6.google.com " + proxy} {
		if !strings.Contains(string(out), want+"\n") {
			t.Errorf("PAC: want %q in\n%s", want, out)
		}
	}
}

// brokenListener fails every Accept with a permanent error, as a listener
// whose socket was closed under it.
type brokenListener struct{ net.Listener }

func (brokenListener) Accept() (net.Conn, error) { return nil, errors.New("accept: socket gone") }

// TestProxyListenerFailureReported: a proxy listener that stops accepting
// is logged and makes /readyz fail; before, the error of Serve was dropped
// and the proxy looked healthy while it took no clients.
func TestProxyListenerFailureReported(t *testing.T) {
	logs := &syncBuffer{}
	pl, _ := net.Listen("tcp", "127.0.0.1:0")
	srv := adminServer(t, nil, logs, brokenListener{pl})

	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get("http://" + srv.AdminAddr() + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(string(body), "nicht bereit: der Proxy-Port nimmt keine Verbindungen mehr an") &&
			strings.Contains(string(body), " / not ready: proxy listener") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz with a dead proxy listener: %d %s", resp.StatusCode, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), `"msg":"Port nimmt keine Verbindungen mehr an (listener: proxy oder admin, Grund unter error): den Dienst neu starten / listener stopped: no new connections are accepted"`) || !strings.Contains(logs.String(), "socket gone") {
		t.Errorf("no log line for the dead listener: %s", logs.String())
	}
}

// TestRequestIDsSortByTime: request ids lead with the time in milliseconds,
// so the audit store's request-id index grows at its end (random ids made
// the writer read and rewrite a random index page per record once the index
// outgrew SQLite's page cache); the random rest keeps them unique.
func TestRequestIDsSortByTime(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for range 20 {
		before := time.Now().UnixMilli()
		id := newRequestID()
		after := time.Now().UnixMilli()
		if len(id) != 24 || strings.Trim(id, "0123456789abcdef") != "" {
			t.Fatalf("id %q: want 24 lower-case hex digits", id)
		}
		var ms int64
		if _, err := fmt.Sscanf(id[:12], "%x", &ms); err != nil || ms < before || ms > after {
			t.Fatalf("id %q: time part %d (err %v), want %d…%d", id, ms, err, before, after)
		}
		if id <= prev {
			t.Fatalf("id %q made after %q sorts before it", id, prev)
		}
		prev = id
		for range 50 { // ids of the same millisecond differ in their random part
			x := newRequestID()
			if seen[x] {
				t.Fatalf("id %q twice", x)
			}
			seen[x] = true
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestReadyzGermanFirst: /readyz says why it is not ready German first,
// the English after " / ", as IT reads it with curl or on a load
// balancer's check page; a reason Options.Ready gives as NotReady is put
// in the same form. Before, "not ready: audit log refuses records, …"
// in English only.
func TestReadyzGermanFirst(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want string
	}{
		"NotReady": {&NotReady{DE: "das Audit-Log nimmt keine Einträge an", EN: "audit log refuses records"},
			"nicht bereit: das Audit-Log nimmt keine Einträge an / not ready: audit log refuses records\n"},
		"other error": {errors.New("something"), "nicht bereit / not ready: something\n"},
	} {
		t.Run(name, func(t *testing.T) {
			pl, _ := net.Listen("tcp", "127.0.0.1:0")
			srv := adminServer(t, func() error { return tc.err }, io.Discard, pl)
			resp, err := http.Get("http://" + srv.AdminAddr() + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable || string(body) != tc.want {
				t.Errorf("/readyz: %d %q, want 503 %q", resp.StatusCode, body, tc.want)
			}
		})
	}
}

// adminServer starts a proxy on the default configuration, with ready as
// its Options.Ready, its JSON log to logTo, serving pl and an admin
// listener of its own, for the tests of /readyz.
func adminServer(t *testing.T, ready func() error, logTo io.Writer, pl net.Listener) *Server {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.StateDir = dir
	ca, _, err := LoadOrInitCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	auth, err := identity.New(identity.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Options{Config: cfg, CA: ca, Identity: auth, Inspector: &passInspector{},
		Logger: slog.New(slog.NewJSONHandler(logTo, nil)), Ready: ready})
	if err != nil {
		t.Fatal(err)
	}
	al, _ := net.Listen("tcp", "127.0.0.1:0")
	srv.Serve(pl, al)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	return srv
}

// TestAdminNextCA: during a rotation the admin port serves the next CA
// (state_dir/ca-neu, as docs/security.md makes it) beside the current one;
// without one, 404 and a German-first text that no rotation is in progress.
func TestAdminNextCA(t *testing.T) {
	logs := &syncBuffer{}
	h := newHarnessOn(t, nil, logs, nil, nil, testpki.NewCA("x"))
	get := func(path string) (int, http.Header, string) {
		resp, err := http.Get("http://" + h.srv.AdminAddr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	_, _, pacBefore := get("/proxy.pac")
	for _, p := range []string{"/ca-next.crt", "/ca-next.der"} {
		if c, _, b := get(p); c != 404 || !strings.HasPrefix(b, "Keine CA-Rotation im Gange: es gibt keine nächste CA") || !strings.Contains(b, "no CA rotation in progress") {
			t.Errorf("%s without a next CA: %d %q", p, c, b)
		}
	}
	dir := filepath.Join(h.stateDir, NextCADir)
	next, err := InitCA(dir, "schleuse Interception CA 2027", false)
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, CACertFile))
	if err != nil {
		t.Fatal(err)
	}
	if c, hd, b := get("/ca-next.crt"); c != 200 || b != string(file) || hd.Get("Content-Type") != "application/x-pem-file" || !strings.Contains(hd.Get("Content-Disposition"), "schleuse-ca-next.crt") {
		t.Errorf("ca-next.crt: %d %v, equal to the file: %v", c, hd, b == string(file))
	}
	if c, _, b := get("/ca-next.der"); c != 200 || b != string(next.Cert.Raw) {
		t.Errorf("ca-next.der: %d, equal: %v", c, b == string(next.Cert.Raw))
	}
	// The current CA, the PAC file and the leaves stay as they were.
	if c, _, b := get("/ca.crt"); c != 200 || b != string(h.srv.ca.CertPEM) {
		t.Errorf("ca.crt during the rotation: %d", c)
	}
	if c, _, b := get("/ca.der"); c != 200 || b != string(h.srv.ca.Cert.Raw) {
		t.Errorf("ca.der during the rotation: %d", c)
	}
	if _, _, pac := get("/proxy.pac"); pac != pacBefore {
		t.Errorf("PAC file changed with a next CA:\n%s\nwas\n%s", pac, pacBefore)
	}
	if got, err := LoadNextCA(h.srv.cfg); err != nil || got.Fingerprint() != next.Fingerprint() {
		t.Errorf("LoadNextCA: %v %v", got, err)
	}
	// Copied instead of moved at the switch: the same CA is no rotation.
	if err := os.WriteFile(filepath.Join(dir, CACertFile), h.srv.ca.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	if c, _, b := get("/ca-next.crt"); c != 404 || !strings.Contains(b, "ist schon die geltende") {
		t.Errorf("next CA equal to the current one: %d %q", c, b)
	}
	// A file that holds no certificate is not served; its path is not told.
	if err := os.WriteFile(filepath.Join(dir, CACertFile), []byte("kaputt"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, _, b := get("/ca-next.der"); c != 500 || !strings.HasPrefix(b, "Die nächste CA") || strings.Contains(b, h.stateDir) {
		t.Errorf("broken next CA: %d %q", c, b)
	}
	// The reason in the log, German first as the other CA lines.
	if !strings.Contains(logs.String(), `level=WARN msg="Nächste CA nicht ausgeliefert (ca.next_cert_file oder state_dir/ca-neu/ca.pem, die Datei unter file, Grund unter error) / next CA not served" file=`) {
		t.Errorf("no log line for the broken next CA:\n%s", logs.String())
	}
}
