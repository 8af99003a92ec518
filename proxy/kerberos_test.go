package proxy

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/internal/krbtest"
)

// TestKerberosThroughProxy: a browser on a domain PC logs in at the proxy
// with its Kerberos ticket (Proxy-Authorization: Negotiate on each
// CONNECT), without a password prompt; its requests are inspected and
// audited under the pseudonym of its user name without the realm, the same
// as that user's Basic login. Tokens that are not a valid ticket for the
// proxy (replayed, another key, garbage, NTLM) get a 407 offering
// Negotiate and Basic; the log says why, and names no user.
func TestKerberosThroughProxy(t *testing.T) {
	const spn, user, pass = "HTTP/schleuse.stadt.example", "anna.kerber", "Winter-2026-geheim"
	dir := t.TempDir()
	kt := krbtest.Keytab(spn, krbtest.Realm, "dienstkonto-passwort", 3)
	ktPath, err := krbtest.WriteKeytab(kt, dir, "http.keytab")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	h := newPipeHarnessOpts(t, pipeOpts{log: logs, identity: &identity.Config{
		Htpasswd: writeHtpasswd(t, dir, user, pass),
		Kerberos: &identity.KerberosConfig{Keytab: ktPath, ServicePrincipal: spn},
		Networks: map[string][]string{"rathaus": {"127.0.0.0/8"}},
	}})
	ticket := krbtest.Ticket{User: user, SPN: spn, Keytab: kt, KVNO: 3}
	token := func(tk krbtest.Ticket) string {
		s, err := krbtest.Token(tk)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	// The browser: a fresh token on every CONNECT, as a browser makes one
	// for each login; no keep-alive, so each request is a new CONNECT.
	var connects int
	tr := &http.Transport{
		Proxy:           http.ProxyURL(h.proxyURL),
		TLSClientConfig: &tls.Config{RootCAs: h.schleuseP},
		GetProxyConnectHeader: func(context.Context, *url.URL, string) (http.Header, error) {
			connects++
			tk := ticket
			if connects == 2 {
				// AD names ignore case; the ticket spells the name as
				// typed at the Windows logon: still the same person.
				tk.User = "ANNA.Kerber"
			}
			return http.Header{"Proxy-Authorization": {token(tk)}}, nil
		},
		DisableKeepAlives: true,
	}
	t.Cleanup(tr.CloseIdleConnections)
	browser := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for i := range 2 {
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions",
			strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Bitte formuliere eine freundliche Einladung zur Teamsitzung."}]}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("request %d with a Kerberos ticket: %d", i, resp.StatusCode)
		}
	}
	if connects != 2 {
		t.Errorf("%d CONNECTs, want 2 (one login each)", connects)
	}

	// Basic beside it, for the same user.
	h.proxyURL.User = url.UserPassword(user, pass)
	if code, body := h.chat(t, "api.openai.com", "Wie schreibe ich eine Abwesenheitsnotiz?", false); code != 200 {
		t.Fatalf("basic beside kerberos: %d %s", code, body)
	}
	recs, _ := h.auditReader(t).Query(context.Background(), audit.Filter{})
	if len(recs) != 3 {
		t.Fatalf("%d audit records, want 3", len(recs))
	}
	for _, r := range recs {
		if !strings.HasPrefix(r.User, "u-") || r.User != recs[0].User || !slices.Equal(r.Groups, []string{"rathaus"}) {
			t.Errorf("audit user %q groups %q; want one pseudonym for the Kerberos logins (in either case) and the Basic login, groups [rathaus]", r.User, r.Groups)
		}
	}

	// Raw CONNECTs with what a browser may send.
	connect := func(auth string) (*http.Response, string) {
		t.Helper()
		c, err := net.Dial("tcp", h.proxyURL.Host)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		req := "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n"
		if auth != "" {
			req += "Proxy-Authorization: " + auth + "\r\n"
		}
		io.WriteString(c, req+"\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode == 200 {
			return resp, "" // the tunnel: no body to wait for
		}
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		return resp, string(b)
	}
	once := token(ticket)
	if resp, _ := connect(once); resp.StatusCode != 200 {
		t.Fatalf("first use of a token: %d", resp.StatusCode)
	}
	ntlm, _ := krbtest.NTLMUnderSPNEGO()
	for _, c := range []struct {
		name, auth, body, log string
	}{
		{"no credentials", "", "Anmeldung mit Ihrem Dienstkonto erforderlich", ""},
		{"replayed token", once, "Windows-Anmeldung (Kerberos)", "replayed authenticator"},
		{"old key", token(krbtest.Ticket{User: user, SPN: spn, Keytab: krbtest.Keytab(spn, krbtest.Realm, "altes-passwort", 3), KVNO: 3}), "Windows-Anmeldung (Kerberos)", "does not decrypt with the keytab"},
		{"expired", token(krbtest.Ticket{User: user, SPN: spn, Keytab: kt, KVNO: 3, Start: time.Now().Add(-12 * time.Hour), End: time.Now().Add(-time.Hour)}), "Windows-Anmeldung (Kerberos)", "ticket expired"},
		{"garbage", "Negotiate " + base64.StdEncoding.EncodeToString([]byte("\x60\x03\x06\x01\x00")), "Windows-Anmeldung (Kerberos)", "no Kerberos AP-REQ"},
		{"NTLM under Negotiate", ntlm, "NTLM statt Kerberos", "NTLM token under Negotiate"},
		{"cifs ticket of the proxy's account", token(krbtest.Ticket{User: user, SPN: "cifs/schleuse.stadt.example", Keytab: krbtest.SameKey(kt, "cifs/schleuse.stadt.example", krbtest.Realm), KVNO: 3}), "Windows-Anmeldung (Kerberos)", "ticket issued for another service (cifs/ of this host)"},
	} {
		before := len(logs.String())
		resp, body := connect(c.auth)
		if resp.StatusCode != http.StatusProxyAuthRequired {
			t.Errorf("%s: %d, want 407", c.name, resp.StatusCode)
			continue
		}
		if got := resp.Header.Values("Proxy-Authenticate"); len(got) != 2 || got[0] != "Negotiate" || !strings.HasPrefix(got[1], "Basic realm=") {
			t.Errorf("%s: Proxy-Authenticate %q, want Negotiate then Basic", c.name, got)
		}
		if !strings.Contains(body, c.body) {
			t.Errorf("%s: body %q lacks %q", c.name, body, c.body)
		}
		if logged := logs.String()[before:]; !strings.Contains(logged, c.log) || !strings.Contains(logged, "proxy authentication failed") {
			t.Errorf("%s: log does not say %q:\n%s", c.name, c.log, logged)
		}
	}
	for _, secret := range []string{user, "anna", "ANNA", pass} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log names %q", secret)
		}
	}
}

// TestKerberosLoginBoundToConnection: browsers treat Negotiate as bound to
// the connection, as NTLM: after the login they send further requests on
// the keep-alive connection without credentials. Those go on under the
// connection's login; another connection without credentials gets a 407.
func TestKerberosLoginBoundToConnection(t *testing.T) {
	const spn = "HTTP/schleuse.stadt.example"
	dir := t.TempDir()
	kt := krbtest.Keytab(spn, krbtest.Realm, "dienstkonto-passwort", 3)
	ktPath, err := krbtest.WriteKeytab(kt, dir, "http.keytab")
	if err != nil {
		t.Fatal(err)
	}
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Proxy-Authorization") != "" {
			t.Error("Proxy-Authorization forwarded upstream")
		}
		io.WriteString(w, "Intranet")
	}))
	t.Cleanup(web.Close)
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate:   func(c *config.Config) { c.Upstream.Resolve["intranet.example:80"] = web.Listener.Addr().String() },
		identity: &identity.Config{Kerberos: &identity.KerberosConfig{Keytab: ktPath, ServicePrincipal: spn}},
	})
	tok, err := krbtest.Token(krbtest.Ticket{User: "anna.kerber", SPN: spn, Keytab: kt, KVNO: 3})
	if err != nil {
		t.Fatal(err)
	}
	get := func(c net.Conn, br *bufio.Reader, auth string) int {
		t.Helper()
		req := "GET http://intranet.example/ HTTP/1.1\r\nHost: intranet.example\r\n"
		if auth != "" {
			req += "Proxy-Authorization: " + auth + "\r\n"
		}
		io.WriteString(c, req+"\r\n")
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	c, err := net.Dial("tcp", h.proxyURL.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	if code := get(c, br, ""); code != 407 {
		t.Fatalf("before the login: %d", code)
	}
	if code := get(c, br, tok); code != 200 {
		t.Fatalf("login: %d", code)
	}
	for i := range 2 {
		if code := get(c, br, ""); code != 200 {
			t.Errorf("request %d after the login on its connection: %d", i, code)
		}
	}
	// A bad token on the same connection is still refused.
	if code := get(c, br, "Negotiate AAAA"); code != 407 {
		t.Errorf("bad token on a logged-in connection: %d", code)
	}
	other, err := net.Dial("tcp", h.proxyURL.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if code := get(other, bufio.NewReader(other), ""); code != 407 {
		t.Errorf("another connection without a login: %d", code)
	}
}

// TestKerberosConnLoginYieldsToTrustedHeader: a request that names its
// user by the trusted header of an authenticating proxy in front is that
// user's, also on a connection on which an earlier request logged in with
// Kerberos (a front proxy that passes its clients' Negotiate on and pools
// its connections to schleuse). Before, the connection's login won: the
// request, its policy groups and its audit record were the other user's.
func TestKerberosConnLoginYieldsToTrustedHeader(t *testing.T) {
	const spn = "HTTP/schleuse.stadt.example"
	dir := t.TempDir()
	kt := krbtest.Keytab(spn, krbtest.Realm, "dienstkonto-passwort", 3)
	ktPath, err := krbtest.WriteKeytab(kt, dir, "http.keytab")
	if err != nil {
		t.Fatal(err)
	}
	auth, err := identity.New(identity.Config{
		Kerberos:      &identity.KerberosConfig{Keytab: ktPath, ServicePrincipal: spn},
		TrustedHeader: "X-Remote-User", TrustedProxies: []string{"127.0.0.1/32"},
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Auth.TrustedHeader, cfg.Auth.TrustedProxies = "X-Remote-User", []string{"127.0.0.1/32"}
	s := &Server{}
	live := newLiveState(cfg, nil, auth)
	tok, err := krbtest.Token(krbtest.Ticket{User: "anna.kerber", SPN: spn, Keytab: kt, KVNO: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), connLoginKey{}, &connLogin{})
	remote := netip.MustParseAddr("127.0.0.1")
	req := func(h http.Header) *http.Request {
		r := httptest.NewRequest("GET", "http://intranet.example/", nil).WithContext(ctx)
		r.Header = h
		return r
	}
	id, err := s.identify(live, req(http.Header{"Proxy-Authorization": {tok}}), remote)
	if err != nil || id.User != "anna.kerber" {
		t.Fatalf("kerberos login: %q %v", id.User, err)
	}
	if id, err := s.identify(live, req(http.Header{}), remote); err != nil || id.User != "anna.kerber" {
		t.Errorf("without credentials on the logged-in connection: %q %v", id.User, err)
	}
	id, err = s.identify(live, req(http.Header{"X-Remote-User": {"bernd.vorn"}}), remote)
	if err != nil || id.User != "bernd.vorn" || id.Source != identity.SourceHeader {
		t.Errorf("trusted header on the logged-in connection: user %q source %q %v; want bernd.vorn by header", id.User, id.Source, err)
	}
}

// rawConnect sends a CONNECT with the given Proxy-Authorization ("" =
// none) on a new connection and returns the answer and its body.
func rawConnect(t *testing.T, proxy, auth string) (*http.Response, string) {
	t.Helper()
	c, err := net.Dial("tcp", proxy)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n"
	if auth != "" {
		req += "Proxy-Authorization: " + auth + "\r\n"
	}
	io.WriteString(c, req+"\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode == 200 {
		return resp, ""
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	return resp, string(b)
}

// TestKerberosFailuresRateLimited: refused Negotiate tokens count per
// client address as wrong passwords do; at the ceiling the address gets
// the rate-limit answer (407, Retry-After, "Zu viele fehlgeschlagene
// Anmeldungen", reason=rate_limited) even for a valid ticket. Challenges
// (CONNECTs without credentials) are not counted. Before, a client could
// send bad tickets without end.
func TestKerberosFailuresRateLimited(t *testing.T) {
	const spn = "HTTP/schleuse.stadt.example"
	dir := t.TempDir()
	kt := krbtest.Keytab(spn, krbtest.Realm, "dienstkonto-passwort", 3)
	ktPath, err := krbtest.WriteKeytab(kt, dir, "http.keytab")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	h := newPipeHarnessOpts(t, pipeOpts{log: logs, identity: &identity.Config{
		Kerberos:          &identity.KerberosConfig{Keytab: ktPath, ServicePrincipal: spn},
		MaxClientFailures: 3,
	}})
	token := func(tk krbtest.Ticket) string {
		s, err := krbtest.Token(tk)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := krbtest.Ticket{User: "anna.kerber", SPN: spn, Keytab: kt, KVNO: 3}
	for range 5 {
		if resp, _ := rawConnect(t, h.proxyURL.Host, ""); resp.StatusCode != 407 {
			t.Fatalf("challenge: %d", resp.StatusCode)
		}
	}
	if resp, _ := rawConnect(t, h.proxyURL.Host, token(good)); resp.StatusCode != 200 {
		t.Fatalf("valid ticket after challenges: %d", resp.StatusCode)
	}
	for i, bad := range []string{
		"Negotiate " + base64.StdEncoding.EncodeToString([]byte("kein Token")),
		token(krbtest.Ticket{User: "anna.kerber", SPN: spn, Keytab: krbtest.Keytab(spn, krbtest.Realm, "altes-passwort", 3), KVNO: 3}),
		token(krbtest.Ticket{User: "anna.kerber", SPN: "cifs/schleuse.stadt.example", Keytab: krbtest.SameKey(kt, "cifs/schleuse.stadt.example", krbtest.Realm), KVNO: 3}),
	} {
		if resp, body := rawConnect(t, h.proxyURL.Host, bad); resp.StatusCode != 407 || !strings.Contains(body, "Windows-Anmeldung") {
			t.Fatalf("bad token %d: %d %q", i, resp.StatusCode, body)
		}
	}
	before := len(logs.String())
	resp, body := rawConnect(t, h.proxyURL.Host, token(good))
	if resp.StatusCode != 407 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "Zu viele fehlgeschlagene Anmeldungen") {
		t.Errorf("valid ticket after 3 refused ones: %d Retry-After %q %q; want the rate-limit answer", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if logged := logs.String()[before:]; !strings.Contains(logged, `"reason":"rate_limited"`) {
		t.Errorf("log lacks reason=rate_limited:\n%s", logged)
	}
	if strings.Contains(logs.String(), "anna") {
		t.Error("log names the user")
	}
}

// TestKerberosUserCaseOneConversation: AD names ignore case, and a ticket
// spells the name as typed at the Windows logon. The same person logged
// in as "ANNA.Kerber" and then as "anna.kerber" is one user: one
// pseudonym mapping at a service, so a second value gets the next
// placeholder, not the first one again (which the model would take for
// the same server, and whose restoration would swap the two).
func TestKerberosUserCaseOneConversation(t *testing.T) {
	const spn = "HTTP/schleuse.stadt.example"
	dir := t.TempDir()
	kt := krbtest.Keytab(spn, krbtest.Realm, "dienstkonto-passwort", 3)
	ktPath, err := krbtest.WriteKeytab(kt, dir, "http.keytab")
	if err != nil {
		t.Fatal(err)
	}
	h := newPipeHarnessOpts(t, pipeOpts{identity: &identity.Config{
		Kerberos: &identity.KerberosConfig{Keytab: ktPath, ServicePrincipal: spn},
	}})
	spelling := "ANNA.Kerber"
	tr := &http.Transport{
		Proxy:           http.ProxyURL(h.proxyURL),
		TLSClientConfig: &tls.Config{RootCAs: h.schleuseP},
		GetProxyConnectHeader: func(context.Context, *url.URL, string) (http.Header, error) {
			tok, err := krbtest.Token(krbtest.Ticket{User: spelling, SPN: spn, Keytab: kt, KVNO: 3})
			return http.Header{"Proxy-Authorization": {tok}}, err
		},
		DisableKeepAlives: true,
	}
	t.Cleanup(tr.CloseIdleConnections)
	browser := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	placeholder := regexp.MustCompile(`\[[A-Z_]+_\d+\]`)
	send := func(ip string) string {
		t.Helper()
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions",
			strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Der Server `+ip+` antwortet nicht."}]}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", ip, resp.StatusCode)
		}
		p := placeholder.FindString(h.llm.last())
		if p == "" || strings.Contains(h.llm.last(), ip) {
			t.Fatalf("address not pseudonymised: %s", h.llm.last())
		}
		return p
	}
	first := send("10.1.2.3")
	spelling = "anna.kerber"
	if second := send("10.9.8.7"); second == first {
		t.Errorf("the second server got the first one's placeholder %s: the two spellings of one name were two users", first)
	}
}
