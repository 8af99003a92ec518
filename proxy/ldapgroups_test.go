package proxy

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/lor00x/goldap/message"
	ldapserver "github.com/vjeantet/ldapserver"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/identity"
)

// groupDirectory is an in-process LDAP server whose users' memberOf
// values a test changes (a user taken out of an AD group).
type groupDirectory struct {
	addr     string
	searches atomic.Int64
	mu       sync.Mutex
	groups   map[string][]string // uid → memberOf DNs
	failing  atomic.Bool         // searches answer "unavailable"
}

func (d *groupDirectory) set(user string, dns ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.groups[user] = dns
}

var uidFilter = regexp.MustCompile(`\(uid=([^)]*)\)`)

func startGroupDirectory(t *testing.T) *groupDirectory {
	t.Helper()
	ldapserver.Logger = ldapserver.DiscardingLogger
	d := &groupDirectory{groups: map[string][]string{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d.addr = ln.Addr().String()
	ln.Close()
	routes := ldapserver.NewRouteMux()
	routes.Bind(func(w ldapserver.ResponseWriter, m *ldapserver.Message) {
		w.Write(ldapserver.NewBindResponse(ldapserver.LDAPResultSuccess))
	})
	routes.Search(func(w ldapserver.ResponseWriter, m *ldapserver.Message) {
		d.searches.Add(1)
		if d.failing.Load() {
			w.Write(ldapserver.NewSearchResultDoneResponse(ldapserver.LDAPResultUnavailable))
			return
		}
		r := m.GetSearchRequest()
		if mm := uidFilter.FindStringSubmatch(r.FilterString()); mm != nil {
			d.mu.Lock()
			dns, ok := d.groups[mm[1]]
			d.mu.Unlock()
			if ok {
				e := ldapserver.NewSearchResultEntry("CN=" + mm[1] + ",DC=stadt,DC=example")
				vals := make([]message.AttributeValue, len(dns))
				for i, g := range dns {
					vals[i] = message.AttributeValue(g)
				}
				if len(vals) > 0 {
					e.AddAttribute("memberOf", vals...)
				}
				w.Write(e)
			}
		}
		w.Write(ldapserver.NewSearchResultDoneResponse(ldapserver.LDAPResultSuccess))
	})
	srv := ldapserver.NewServer()
	srv.Handle(routes)
	go srv.ListenAndServe(d.addr)
	t.Cleanup(srv.Stop)
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", d.addr)
		if err == nil {
			c.Close()
			break
		}
		if i > 100 {
			t.Fatalf("test LDAP server did not start: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return d
}

// TestLDAPGroupsFollowLongConnection: a browser keeps its CONNECT tunnel
// to a chat service open for hours; a user taken out of an AD group must
// lose what the group allowed within the LDAP cache's TTL, not when the
// tunnel closes. The requests on one keep-alive tunnel get the groups the
// directory has once the cache entry of the login expired, with no
// directory query per request before that. Before, they kept the groups
// of the CONNECT for the tunnel's life.
func TestLDAPGroupsFollowLongConnection(t *testing.T) {
	const user, pass = "erika.wechsel", "Herbst-2026-geheim"
	dir := t.TempDir()
	d := startGroupDirectory(t)
	d.set(user, "CN=GG-KI-Nutzung,OU=Gruppen,DC=stadt,DC=example", "CN=GG-Sozialamt,OU=Gruppen,DC=stadt,DC=example")
	const ttl = time.Second
	h := newPipeHarnessOpts(t, pipeOpts{identity: &identity.Config{
		Htpasswd: writeHtpasswd(t, dir, user, pass),
		LDAP: &identity.LDAPConfig{URL: "ldap://" + d.addr, BaseDN: "DC=stadt,DC=example", UserFilter: "(uid={user})",
			GroupMap: map[string]string{"GG-KI-Nutzung": "ki", "GG-Sozialamt": "sozialamt"}, CacheTTL: ttl, Timeout: time.Second},
	}})
	var connects atomic.Int32
	tr := &http.Transport{
		Proxy:           http.ProxyURL(h.proxyURL),
		TLSClientConfig: &tls.Config{RootCAs: h.schleuseP},
		GetProxyConnectHeader: func(context.Context, *url.URL, string) (http.Header, error) {
			connects.Add(1)
			return http.Header{"Proxy-Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}}, nil
		},
		ForceAttemptHTTP2: false,
	}
	t.Cleanup(tr.CloseIdleConnections)
	browser := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	chat := func() {
		t.Helper()
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions",
			strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Bitte formuliere eine Einladung zur Teamsitzung."}]}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("chat: %d", resp.StatusCode)
		}
	}
	groups := func() [][]string {
		recs, err := h.auditReader(t).Query(context.Background(), audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, r := range recs {
			out = append(out, r.Groups)
		}
		return out
	}
	chat()
	chat()
	searches := d.searches.Load()
	// Taken out of GG-KI-Nutzung in the AD; the tunnel stays open.
	d.set(user, "CN=GG-Sozialamt,OU=Gruppen,DC=stadt,DC=example")
	chat() // within the TTL: the login's groups, no query
	if n := d.searches.Load() - searches; n != 0 {
		t.Errorf("%d directory queries within the TTL, want 0", n)
	}
	time.Sleep(ttl + 200*time.Millisecond)
	chat()
	chat()
	if n := d.searches.Load() - searches; n != 1 {
		t.Errorf("%d directory queries after the TTL for two requests, want 1", n)
	}
	if c := connects.Load(); c != 1 {
		t.Fatalf("%d CONNECTs, want 1 (one keep-alive tunnel)", c)
	}
	got := groups()
	want := [][]string{{"ki", "sozialamt"}, {"ki", "sozialamt"}, {"ki", "sozialamt"}, {"sozialamt"}, {"sozialamt"}}
	if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("audit groups per request %q, want %q", got, want)
	}
}

// TestDirectoryFailureInsideConnectionLogged: a directory that fails when
// an open tunnel's groups are due again blocks the request (503,
// schleuse:directory), and the log line names the request by the number
// staff are shown; before, it had no request_id.
func TestDirectoryFailureInsideConnectionLogged(t *testing.T) {
	const user, pass = "erika.wechsel", "Herbst-2026-geheim"
	d := startGroupDirectory(t)
	d.set(user, "CN=GG-KI-Nutzung,OU=Gruppen,DC=stadt,DC=example")
	const ttl = 500 * time.Millisecond
	logs := &syncBuffer{}
	h := newPipeHarnessOpts(t, pipeOpts{log: logs, identity: &identity.Config{
		Htpasswd: writeHtpasswd(t, t.TempDir(), user, pass),
		LDAP: &identity.LDAPConfig{URL: "ldap://" + d.addr, BaseDN: "DC=stadt,DC=example", UserFilter: "(uid={user})",
			GroupMap: map[string]string{"GG-KI-Nutzung": "ki"}, CacheTTL: ttl, Timeout: time.Second},
	}})
	tr := &http.Transport{
		Proxy:           http.ProxyURL(h.proxyURL),
		TLSClientConfig: &tls.Config{RootCAs: h.schleuseP},
		GetProxyConnectHeader: func(context.Context, *url.URL, string) (http.Header, error) {
			return http.Header{"Proxy-Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}}, nil
		},
	}
	t.Cleanup(tr.CloseIdleConnections)
	browser := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	chat := func() *http.Response {
		t.Helper()
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions",
			strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Bitte formuliere eine Einladung."}]}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := chat(); resp.StatusCode != 200 {
		t.Fatalf("first chat: %d", resp.StatusCode)
	}
	d.failing.Store(true)
	time.Sleep(ttl + 200*time.Millisecond)
	resp := chat()
	id := resp.Header.Get("X-Schleuse-Request-Id")
	if resp.StatusCode != http.StatusServiceUnavailable || id == "" {
		t.Fatalf("chat with the directory failing: %d, request id %q", resp.StatusCode, id)
	}
	var line string
	for l := range strings.SplitSeq(logs.String(), "\n") {
		if strings.Contains(l, "directory lookup inside a connection failed") {
			line = l
		}
	}
	if !strings.Contains(line, `"request_id":"`+id+`"`) {
		t.Errorf("the log line does not name request %s: %q", id, line)
	}
}

// TestWebSocketEndsWhenGroupsChange: the messages of a WebSocket go out
// under the identity of its upgrade request; once the directory has other
// groups for the user (after the LDAP cache's TTL), the next message is
// not sent, the chat is told, and the WebSocket ends, so that the
// browser's next one is decided with the groups as they are.
func TestWebSocketEndsWhenGroupsChange(t *testing.T) {
	const user, pass = "erika.wechsel", "Herbst-2026-geheim"
	dir := t.TempDir()
	d := startGroupDirectory(t)
	d.set(user, "CN=GG-KI-Nutzung,OU=Gruppen,DC=stadt,DC=example")
	const ttl = time.Second
	fc := &fakeCopilot{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"copilot.microsoft.com": fc}, identity: &identity.Config{
		Htpasswd: writeHtpasswd(t, dir, user, pass),
		LDAP: &identity.LDAPConfig{URL: "ldap://" + d.addr, BaseDN: "DC=stadt,DC=example", UserFilter: "(uid={user})",
			GroupMap: map[string]string{"GG-KI-Nutzung": "ki"}, CacheTTL: ttl, Timeout: time.Second},
	}})
	h.proxyURL.User = url.UserPassword(user, pass)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
	send := func(text string) error { return c.Write(ctx, websocket.MessageText, copilotSend(text)) }
	if err := send("Wie spät ist es?"); err != nil {
		t.Fatal(err)
	}
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), "ok") {
		t.Fatalf("first message: %q %v", b, err)
	}
	time.Sleep(ttl + 200*time.Millisecond)
	// Groups unchanged after the TTL: the chat goes on.
	if err := send("Und morgen?"); err != nil {
		t.Fatal(err)
	}
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), "ok") {
		t.Fatalf("after the TTL with the same groups: %q %v", b, err)
	}
	d.set(user) // taken out of GG-KI-Nutzung
	time.Sleep(ttl + 200*time.Millisecond)
	n := fc.count()
	send("Und übermorgen?")
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), "Ihre Anmeldung gilt nicht mehr") {
		t.Fatalf("after the group change: %q %v, want the notice", b, err)
	}
	for {
		if _, _, err := c.Read(ctx); err != nil {
			if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
				t.Fatalf("WebSocket ended with %v, want a policy-violation close", err)
			}
			break
		}
	}
	if fc.count() != n {
		t.Errorf("a message reached the service after the group change")
	}
}
