//go:build e2e

// Package e2e runs the real schleuse binary between real clients (headless
// Chromium, the OpenAI and Anthropic Go SDKs, curl) and a local fake "LLM
// service" that answers under the real host names. See docs/e2e.md.
package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/schleuse/schleuse/internal/logsink"
	"github.com/schleuse/schleuse/internal/testpki"
)

// llmHosts are the inspected services the fake LLM service answers for.
var llmHosts = []string{"chatgpt.com", "claude.ai", "api.openai.com", "api.anthropic.com"}

// tunnelHost is a non-LLM site: schleuse must tunnel it blind.
const tunnelHost = "www.example.org"

const (
	adminUser = "revision"
	adminPass = "e2e-Pruefer-Passwort"
)

// harness is one running schleuse binary with its fake upstreams.
type harness struct {
	t        *testing.T
	dir      string
	config   string
	stateDir string
	bin      string

	proxyAddr, adminAddr string
	proxyURL             *url.URL

	llm        *fakeLLM
	llmCA      *testpki.CA
	siteCA     *testpki.CA // the CA of tunnelHost's own certificate
	siteServer *http.Server

	cmd            *exec.Cmd
	stdout, stderr *lockedBuffer
	exited         chan struct{}
	exitErr        error

	caCert *x509.Certificate // schleuse's interception CA
	caPEM  []byte

	mu       sync.Mutex
	expected []expectation // audit records the run must produce, in order
}

// expectation is one audit record a scenario causes.
type expectation struct {
	Scenario, Service, Action string
	Justified                 bool     // the record carries a #freigabe justification
	Rules                     []string // KI-Richtlinie rules the record must name
}

// expect notes an audit record the current scenario causes.
func (h *harness) expect(scenario, service, action string, justified bool, rules ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.expected = append(h.expected, expectation{scenario, service, action, justified, rules})
}

// lockedBuffer collects a child process's output while the test reads it.
type lockedBuffer = logsink.Buffer

// schleuseBinary returns SCHLEUSE_BIN or builds the binary into a temp dir.
func schleuseBinary(t *testing.T) string {
	if b := os.Getenv("SCHLEUSE_BIN"); b != "" {
		if _, err := os.Stat(b); err != nil {
			t.Fatalf("SCHLEUSE_BIN=%s: %v", b, err)
		}
		return b
	}
	out := filepath.Join(t.TempDir(), "schleuse")
	cmd := exec.Command("go", "build", "-o", out, "github.com/schleuse/schleuse/cmd/schleuse")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

// freePort reserves a loopback port and releases it for the binary. It
// never gives the same address twice: the kernel may give a port it just
// gave again once it is closed, and the proxy and admin listeners then
// collided.
func freePort(t *testing.T) string {
	t.Helper()
	givenPorts.Lock()
	defer givenPorts.Unlock()
	for {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		if !givenPorts.addrs[addr] {
			givenPorts.addrs[addr] = true
			return addr
		}
	}
}

// givenPorts is every address freePort has returned in this test binary.
var givenPorts = struct {
	sync.Mutex
	addrs map[string]bool
}{addrs: map[string]bool{}}

// startHarness starts the fake upstreams and the binary and waits for /readyz.
func startHarness(t *testing.T) *harness {
	h := &harness{t: t, dir: t.TempDir(), bin: schleuseBinary(t), llm: newFakeLLM()}
	h.stateDir = filepath.Join(h.dir, "state")

	// The fake LLM service: one TLS server for all four host names, its
	// certificate from a test CA that only upstream.ca_files makes trusted.
	h.llmCA = testpki.NewCA("e2e fake LLM CA")
	llmAddr := serveTLS(t, h.llmCA, h.llm, llmHosts...)

	// A non-LLM site with a certificate from ITS OWN CA: only the browser
	// (second SPKI pin) trusts it; schleuse must not even look.
	h.siteCA = testpki.NewCA("e2e example.org CA")
	siteAddr := serveTLS(t, h.siteCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><meta charset="utf-8"><title>Beispiel</title></head>`+
			`<body><h1 id="site">Beispielseite über den Tunnel</h1></body></html>`)
	}), tunnelHost)

	hash, err := bcrypt.GenerateFromPassword([]byte(adminPass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	htpasswd := filepath.Join(h.dir, "admin.htpasswd")
	if err := os.WriteFile(htpasswd, []byte(adminUser+":"+string(hash)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	caFile := h.llmCA.WritePEM(h.dir, "fake-llm-ca.pem")

	h.proxyAddr, h.adminAddr = freePort(t), freePort(t)
	h.proxyURL = &url.URL{Scheme: "http", Host: h.proxyAddr}
	var resolve strings.Builder
	for _, host := range llmHosts {
		fmt.Fprintf(&resolve, "    %q: %q\n", host+":443", llmAddr)
	}
	fmt.Fprintf(&resolve, "    %q: %q\n", tunnelHost+":443", siteAddr)
	// Every loopback client is in group "personalamt": under the default
	// KI-Richtlinie that group may never send a Steuer-ID (KI-RL-7.1), so a
	// Steuer-ID is blocked at every service, not only warned about.
	cfg := fmt.Sprintf(`listen: %s
admin:
  listen: %s
  htpasswd: %s
state_dir: %s
upstream:
  resolve:
%s  ca_files: [%q]
  response_timeout: 20s
audit:
  node: e2e
auth:
  networks:
    personalamt: [127.0.0.0/8, "::1/128"]
services:
  # Chromium's own background traffic (updates, time, connectivity checks)
  # must not leave the test machine: refuse it at the proxy.
  - {id: e2e-browser-background, provider: none, mode: block,
     hosts: ["*.google.com", "*.googleapis.com", "*.gstatic.com", "*.gvt1.com"]}
log:
  level: info
shutdown:
  grace: 5s
notice:
  contact: "Datenschutzbeauftragte der Stadt, datenschutz@stadt.example, Tel. 0123 456-789"
  policy_url: https://intranet.stadt.example/ki-richtlinie
`, h.proxyAddr, h.adminAddr, htpasswd, h.stateDir, resolve.String(), caFile)
	h.config = filepath.Join(h.dir, "schleuse.yaml")
	if err := os.WriteFile(h.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	h.stdout, h.stderr = &lockedBuffer{}, &lockedBuffer{}
	h.cmd = exec.Command(h.bin, "run", "--config", h.config)
	h.cmd.Stdout, h.cmd.Stderr = h.stdout, h.stderr
	if err := h.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", h.bin, err)
	}
	h.exited = make(chan struct{})
	go func() { h.exitErr = h.cmd.Wait(); close(h.exited) }()
	t.Cleanup(func() { // a failed test must not leave the binary running
		select {
		case <-h.exited:
		default:
			h.cmd.Process.Kill()
			<-h.exited
		}
	})
	h.waitReady()

	pemBytes, err := os.ReadFile(filepath.Join(h.stateDir, "ca.pem"))
	if err != nil {
		t.Fatalf("schleuse CA: %v", err)
	}
	h.caPEM = pemBytes
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		t.Fatal("state_dir/ca.pem holds no PEM block")
	}
	if h.caCert, err = x509.ParseCertificate(block.Bytes); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) waitReady() {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-h.exited:
			h.t.Fatalf("schleuse exited before it was ready: %v\nstdout:\n%s\nstderr:\n%s", h.exitErr, h.stdout, h.stderr)
		default:
		}
		resp, err := http.Get("http://" + h.adminAddr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	h.t.Fatalf("schleuse not ready after 30s\nstdout:\n%s\nstderr:\n%s", h.stdout, h.stderr)
}

// stop sends SIGTERM and checks a clean exit.
func (h *harness) stop() {
	h.t.Helper()
	if err := h.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		h.t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-h.exited:
	case <-time.After(20 * time.Second):
		h.cmd.Process.Kill()
		<-h.exited
		h.t.Fatalf("schleuse did not stop within 20s of SIGTERM")
	}
	if h.exitErr != nil {
		h.t.Errorf("schleuse exit after SIGTERM: %v (want status 0)\nstderr:\n%s", h.exitErr, h.stderr)
	}
}

// spki is the base64 SHA-256 of a certificate's SubjectPublicKeyInfo, the
// form Chromium's --ignore-certificate-errors-spki-list takes.
func spki(c *x509.Certificate) string {
	sum := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// httpClient goes through the proxy and trusts only the schleuse CA.
func (h *harness) httpClient() *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(h.caCert)
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			Proxy:           http.ProxyURL(h.proxyURL),
			TLSClientConfig: &tls.Config{RootCAs: pool},
		},
	}
}

// runCLI runs a schleuse subcommand against the test config.
func (h *harness) runCLI(ctx context.Context, args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	cmd := exec.CommandContext(ctx, h.bin, args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		h.t.Fatalf("%s %v: %v", h.bin, args, err)
	}
	return o.String(), e.String(), code
}

// serveTLS serves handler over TLS on a loopback port with a certificate
// for names from ca, and sends the CA along in the chain.
func serveTLS(t *testing.T, ca *testpki.CA, handler http.Handler, names ...string) string {
	leaf := ca.Leaf(names...)
	leaf.Certificate = append(leaf.Certificate, ca.Cert.Raw)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler:           handler,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{leaf}},
		ReadHeaderTimeout: 10 * time.Second,
		// Handshakes that the tests make fail on purpose (untrusted CA)
		// would be logged here.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	go srv.ServeTLS(ln, "", "")
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// artifactsDir is SCHLEUSE_ARTIFACTS or artifacts/ in the repository root.
func artifactsDir(t *testing.T) string {
	dir := os.Getenv("SCHLEUSE_ARTIFACTS")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(filepath.Dir(wd), "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// plantedValues are the raw personal values the scenarios send. None may
// reach the fake service unredacted (except where the policy allows it),
// the logs or any file in state_dir.
var plantedValues = []string{
	"86095742719",                 // Steuer-ID
	"Yılmaz",                      // name
	"DE89 3704 0044 0532 0130 00", // IBAN as typed
	"DE89370400440532013000",      // IBAN compact
	"Schmitt-Hohenstein",          // name in the SDK prompts
	"DE02 1203 0000 0000 2020 51", // IBAN in the SDK prompts
	"DE02120300000000202051",      // compact
	"Az. 32-1234/2024",            // Aktenzeichen (browser)
	"32-1234/2024",                //
}
