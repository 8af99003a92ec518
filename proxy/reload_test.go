package proxy

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/internal/testpki"
	"github.com/schleuse/schleuse/policies"
)

// TestPolicyEditThroughProxy: the DPO's edit of the register takes effect
// for the next prompt; a broken edit is rejected and the last good policy
// keeps deciding.
func TestPolicyEditThroughProxy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	h := newPipeHarness(t, func(c *config.Config) { c.Policy.Dir = dir })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reloaded := make(chan error, 8)
	go h.pol.Watch(ctx, func(err error) { reloaded <- err })
	time.Sleep(100 * time.Millisecond) // watcher set up

	prompt := "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz."
	n := len(h.llm.received)
	if code, body := h.chat(t, "llm.example.net", prompt, false); code != 400 || !strings.Contains(body, "Transparenzregister") || len(h.llm.received) != n {
		t.Fatalf("before the edit: %d %s", code, body)
	}
	rev := h.pol.Revision()

	// The DPO registers the service (approved, with an AVV).
	data := filepath.Join(dir, "data.yaml")
	b, _ := os.ReadFile(data)
	anchor := "  register:\n"
	if !strings.Contains(string(b), anchor) {
		t.Fatal("register not found in data.yaml")
	}
	edited := strings.Replace(string(b), anchor, anchor+"    llm-unregistered: {name: \"Test-LLM\", approved: true, avv: true, system: closed, permitted_classes: []}\n", 1)
	os.WriteFile(data, []byte(edited), 0o644)
	waitReload(t, reloaded, true)
	if code, body := h.chat(t, "llm.example.net", prompt, false); code != 200 || !strings.Contains(h.llm.last(), "[PERSON_1]") || strings.Contains(h.llm.last(), "Yılmaz") {
		t.Fatalf("after the edit: %d %s, upstream saw %s", code, body, h.llm.last())
	}
	good := h.pol.Revision()
	if good == rev {
		t.Fatal("revision did not change")
	}

	// A broken edit: rejected, the last good policy stays active.
	rego := filepath.Join(dir, "richtlinie.rego")
	src, _ := os.ReadFile(rego)
	os.WriteFile(rego, append(src, []byte("\nthis is not rego {\n")...), 0o644)
	waitReload(t, reloaded, false)
	if err := h.pol.LastError(); err == nil || !strings.Contains(err.Error(), "richtlinie.rego:") {
		t.Fatalf("LastError = %v, want file:line", err)
	}
	if h.pol.Revision() != good {
		t.Fatal("a broken policy replaced the good one")
	}
	if code, _ := h.chat(t, "llm.example.net", prompt, false); code != 200 || !strings.Contains(h.llm.last(), "[PERSON_1]") {
		t.Fatalf("with the broken edit: %d, want the last good decision (redact)", code)
	}
}

func waitReload(t *testing.T, ch chan error, wantOK bool) {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case err := <-ch:
			if (err == nil) == wantOK {
				return
			}
		case <-deadline:
			t.Fatalf("no reload (want ok=%v)", wantOK)
		}
	}
}

// TestCatalogueReloadReachesOpenConnections: a service that a configuration
// reload (SIGHUP) blocks is refused on connections opened before it, not
// only at the next CONNECT: a browser keeps its connection to a chat
// service open for hours. Over HTTP/1.1 keep-alive and HTTP/2.
func TestCatalogueReloadReachesOpenConnections(t *testing.T) {
	upCA := testpki.NewCA("fake upstream CA")
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}), "api.openai.com")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	auth, err := identity.New(identity.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("h2=%v", h2), func(t *testing.T) {
			c := h.client(h.schleuseP, h2)
			var conns atomic.Int32
			ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
				GotConn: func(i httptrace.GotConnInfo) {
					if !i.Reused {
						conns.Add(1)
					}
				},
			})
			post := func() (int, string) {
				t.Helper()
				req, _ := http.NewRequestWithContext(ctx, "POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(`{"model":"x","messages":[]}`))
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}
			if code, body := post(); code != 200 {
				t.Fatalf("before the reload: %d %s", code, body)
			}
			blocked := *h.cfg
			blocked.Services = []config.Service{{ID: "openai-api", Provider: "openai", Hosts: []string{"api.openai.com"}, Mode: "block"}}
			if _, err := h.srv.Reload(&blocked, auth); err != nil {
				t.Fatal(err)
			}
			defer h.srv.Reload(h.cfg, auth)
			code, body := post()
			if conns.Load() != 1 {
				t.Fatalf("%d connections: the second request did not reuse the first one's", conns.Load())
			}
			if code != http.StatusForbidden || !strings.Contains(body, "gesperrt") {
				t.Fatalf("after the reload, on the open connection: %d %s", code, body)
			}
		})
	}
}

// TestLoginChangeReachesOpenConnections: a user removed from the htpasswd
// file (or given a new password) cannot go on over a connection opened with
// the old login: the next request inside it is refused and the connection
// ends, so that the browser's next CONNECT asks for the login again.
// Over HTTP/1.1 keep-alive and HTTP/2.
func TestLoginChangeReachesOpenConnections(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("h2=%v", h2), func(t *testing.T) {
			const user, pass = "anna", "Sommer-2026-geheim"
			dir := t.TempDir()
			path := writeHtpasswd(t, dir, user, pass)
			h := newPipeHarnessOpts(t, pipeOpts{identity: &identity.Config{Htpasswd: path}})
			h.proxyURL.User = url.UserPassword(user, pass)
			c := h.client(h.schleuseP, h2)
			post := func() (int, string, error) { return postQuestion(c) }
			if code, body, err := post(); err != nil || code != 200 {
				t.Fatalf("before: %d %s %v", code, body, err)
			}
			writeHtpasswd(t, dir, "bernd", "anderes-Passwort") // anna is gone
			if err := h.srv.Identity().(*identity.Authenticator).Reload(); err != nil {
				t.Fatal(err)
			}
			n := len(h.llm.received)
			code, body, err := post()
			// HTTP/2 may lose the answer's body with the connection. The
			// notice is in the service's form (the OpenAI API: 400 JSON).
			if err == nil && (code != http.StatusBadRequest || !h2 && !strings.Contains(body, "gilt nicht mehr")) {
				t.Fatalf("after the removal, on the open connection: %d %s", code, body)
			}
			// The connection is gone: the next request opens a new one,
			// whose CONNECT is refused.
			if code, body, err := post(); err == nil {
				t.Fatalf("after the removal, a new connection: %d %s", code, body)
			}
			if len(h.llm.received) != n {
				t.Fatalf("a request reached the service after the user was removed")
			}
		})
	}
}

// TestLoginRequiredSinceReloadRecordedWithoutUser: a connection opened
// when no login was required, whose next request comes after a reload that
// requires one, is refused (schleuse:login_expired) with a record that
// names no user: nobody was logged in on it. The usage report counts such
// a record apart, not as a request of a person
// (audit.RefusedWithoutLogin), as the CA's refusals before the login.
func TestLoginRequiredSinceReloadRecordedWithoutUser(t *testing.T) {
	h := newPipeHarness(t, nil)
	c := h.client(h.schleuseP, false)
	post := func() (int, string, error) { return postQuestion(c) }
	if code, body, err := post(); err != nil || code != 200 {
		t.Fatalf("before: %d %s %v", code, body, err)
	}
	auth, err := identity.New(identity.Config{Htpasswd: writeHtpasswd(t, t.TempDir(), "anna", "Sommer-2026-geheim")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.Reload(h.cfg, auth); err != nil {
		t.Fatal(err)
	}
	if code, body, err := post(); err == nil && (code != http.StatusBadRequest || !strings.Contains(body, "gilt nicht mehr")) {
		t.Fatalf("after the reload, on the open connection: %d %s", code, body)
	}
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	last := recs[len(recs)-1]
	if len(recs) != 2 || last.Action != "block" || !slices.Equal(last.Rules, []string{audit.LoginExpiredRule}) || last.User != "" || recs[0].User != "" {
		t.Fatalf("records: %+v; want the allowed request and a block under %s, both without a user", recs, audit.LoginExpiredRule)
	}
	if got := audit.RefusedWithoutLogin(last.User, last.Rules); got != audit.LoginExpiredRule {
		t.Errorf("RefusedWithoutLogin = %q, want %s", got, audit.LoginExpiredRule)
	}
	if got := audit.RefusedWithoutLogin(recs[0].User, recs[0].Rules); got != "" {
		t.Errorf("RefusedWithoutLogin of the request before = %q, want none", got)
	}
}

// TestReloadEndsBlindTunnel: a blind tunnel to a host that a reload then
// catalogues as blocked (or inspected) is closed at its next read or write;
// before, a browser's open connection to a service the DPO had just
// blocked went on carrying its chats uninspected for as long as it was
// used.
func TestReloadEndsBlindTunnel(t *testing.T) {
	upCA := testpki.NewCA("CDN CA")
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}), "chat.neu.example")
	h := newHarness(t, nil, map[string]string{"chat.neu.example:443": addr}, upCA)
	auth, err := identity.New(identity.Config{})
	if err != nil {
		t.Fatal(err)
	}
	conn, _ := openTunnel(t, h.proxyURL.Host, "chat.neu.example")
	roots := x509.NewCertPool()
	roots.AddCert(upCA.Cert)
	tc := tls.Client(conn, &tls.Config{ServerName: "chat.neu.example", RootCAs: roots})
	tr := bufio.NewReader(tc)
	get := func() (string, error) {
		if _, err := io.WriteString(tc, "GET / HTTP/1.1\r\nHost: chat.neu.example\r\n\r\n"); err != nil {
			return "", err
		}
		resp, err := http.ReadResponse(tr, nil)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	if body, err := get(); err != nil || body != "ok" {
		t.Fatalf("before the reload: %q %v", body, err)
	}
	blocked := *h.cfg
	blocked.Services = append(slices.Clone(h.cfg.Services), config.Service{ID: "neu", Provider: "openai", Hosts: []string{"chat.neu.example"}, Mode: "block"})
	if _, err := h.srv.Reload(&blocked, auth); err != nil {
		t.Fatal(err)
	}
	if body, err := get(); err == nil {
		t.Fatalf("after the reload the tunnel still carried a request: %q", body)
	}
}

// TestReloadEndsBlindTunnelBothWays: while one direction of a blind tunnel
// checks a reload's configuration, the other carries nothing; before, the
// direction that came second took the reload as checked and wrote the
// client's bytes to the host the check was about to refuse.
func TestReloadEndsBlindTunnelBothWays(t *testing.T) {
	up, host := net.Pipe()
	defer host.Close()
	before, after := &liveState{}, &liveState{}
	var cur atomic.Pointer[liveState]
	cur.Store(before)
	entered, release := make(chan struct{}), make(chan struct{})
	g := &sniGuard{Conn: up, done: true, live: cur.Load, ends: func(*liveState) bool {
		close(entered)
		<-release
		return true
	}}
	g.seen.Store(before)
	cur.Store(after)            // the reload
	go g.Read(make([]byte, 16)) // the host-to-client direction checks first
	<-entered
	wrote := make(chan error, 1)
	go func() {
		_, err := g.Write([]byte("Kanarienvogel DE89 3704 0044 0532 0130 00"))
		wrote <- err
	}()
	got := make(chan string, 1)
	go func() {
		b := make([]byte, 64)
		n, _ := host.Read(b)
		got <- string(b[:n])
	}()
	select {
	case s := <-got:
		t.Fatalf("the host got %q while the reload was being checked", s)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-wrote; !errors.Is(err, errTunnelReload) {
		t.Errorf("write after the reload: %v, want errTunnelReload", err)
	}
	if s := <-got; s != "" {
		t.Errorf("the host got %q", s)
	}
}

// postQuestion sends an ordinary question to the OpenAI API through c and
// returns the answer's status and body.
func postQuestion(c *http.Client) (int, string, error) {
	resp, err := c.Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(`{"model":"x","messages":[{"role":"user","content":"Wie spät ist es?"}]}`))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}
