package proxy

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/internal/testpki"
)

// noticeRecorder counts the notice metrics (and ignores the others).
type noticeRecorder struct {
	mu           sync.Mutex
	shown, acked []string
}

func (m *noticeRecorder) Tunnel(context.Context)                           {}
func (m *noticeRecorder) ConnectBlocked(context.Context, string)           {}
func (m *noticeRecorder) UpstreamError(context.Context, string)            {}
func (m *noticeRecorder) LeafCertCache(context.Context, bool)              {}
func (m *noticeRecorder) NoticeShown(_ context.Context, svc string)        { m.add(&m.shown, svc) }
func (m *noticeRecorder) NoticeAcknowledged(_ context.Context, svc string) { m.add(&m.acked, svc) }
func (m *noticeRecorder) add(to *[]string, svc string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	*to = append(*to, svc)
}
func (m *noticeRecorder) counts() (shown, acked []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.shown), slices.Clone(m.acked)
}

// noticeSeen is what the fake service received.
type noticeSeen struct{ method, host, uri, cookie string }

type noticeEnv struct {
	h     *harness
	m     *noticeRecorder
	mu    sync.Mutex
	seen  []noticeSeen
	hosts []string
}

func (e *noticeEnv) take() []noticeSeen {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.seen
	e.seen = nil
	return s
}

// newNoticeEnv runs the proxy (notice on, with mutate's changes) in front
// of a fake chatgpt.com, claude.ai, api.openai.com and Gemini upload host,
// which record every request they receive.
func newNoticeEnv(t *testing.T, mutate func(*config.Config)) *noticeEnv {
	t.Helper()
	e := &noticeEnv{m: &noticeRecorder{}, hosts: []string{"chatgpt.com", "claude.ai", "api.openai.com", "content-push.googleapis.com"}}
	upCA := testpki.NewCA("notice upstream CA")
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		e.mu.Lock()
		e.seen = append(e.seen, noticeSeen{r.Method, r.Host, r.URL.RequestURI(), strings.Join(r.Header.Values("Cookie"), " | ")})
		e.mu.Unlock()
		if r.URL.Path == "/set-cookies" {
			w.Header().Add("Set-Cookie", "oai-did=4711; Path=/; Secure")
			w.Header().Add("Set-Cookie", ackCookie+"=; Path=/; Secure; Max-Age=0")
			w.Header().Add("Set-Cookie", "__cf_bm=x; Path=/")
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>app</title><p id=app>the web app</p>")
	}), e.hosts...)
	resolve := map[string]string{}
	for _, h := range e.hosts {
		resolve[h+":443"] = addr
	}
	e.h = newHarnessWith(t, nil, io.Discard, e.m, mutate, resolve, upCA)
	return e
}

// noFollow is a client through the proxy that does not follow redirects
// and keeps no cookies (each test sends the ones it means).
func (e *noticeEnv) noFollow(h2 bool) *http.Client {
	c := e.h.client(e.h.schleuseP, h2)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

var browserNav = map[string]string{
	"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document", "Sec-Fetch-Site": "none", "Sec-Fetch-User": "?1",
	"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
}

func send(t *testing.T, c *http.Client, method, u string, hdr map[string]string, body string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func with(base map[string]string, kv ...string) map[string]string {
	m := map[string]string{}
	for k, v := range base {
		m[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

var formField = regexp.MustCompile(`name="(return|token)" value="([^"]*)"`)

// formOf reads the notice page's form fields (return path, token).
func formOf(t *testing.T, page string) (ret, token string) {
	t.Helper()
	for _, m := range formField.FindAllStringSubmatch(page, -1) {
		v := html.UnescapeString(m[2])
		switch m[1] {
		case "return":
			ret = v
		case "token":
			token = v
		}
	}
	if ret == "" || token == "" {
		t.Fatalf("no form fields in the notice page:\n%s", page)
	}
	return ret, token
}

func isNotice(resp *http.Response, body string) bool {
	return resp.StatusCode == 200 && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") &&
		strings.Contains(body, `id="notice-ack"`)
}

func ackForm(ret, token string) string {
	return url.Values{"return": {ret}, "token": {token}}.Encode()
}

var ackHeaders = map[string]string{
	"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://chatgpt.com",
	"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document",
}

// TestFirstUseNotice: through the running proxy, a browser's first
// navigation to chatgpt.com gets the notice (nothing reaches the service);
// its button's POST sets the signed cookie and sends the browser on (303)
// to the page it asked for; the next navigation reaches the service,
// which never sees schleuse's cookie, on HTTP/1.1 and HTTP/2.
func TestFirstUseNotice(t *testing.T) {
	e := newNoticeEnv(t, func(c *config.Config) {
		c.Notice.Contact = "Datenschutzbeauftragte Frau Muster, datenschutz@stadt.example"
		c.Notice.PolicyURL = "https://intranet.stadt.example/ki-richtlinie"
		c.Audit.Retention = 365 * 24 * time.Hour
	})
	for _, h2 := range []bool{false, true} {
		c := e.noFollow(h2)
		const asked = "/c/6745-ab?model=gpt-4o&q=Hallo%20Welt"
		resp, body := send(t, c, "GET", "https://chatgpt.com"+asked, browserNav, "")
		if !isNotice(resp, body) {
			t.Fatalf("h2=%v: first navigation: status %d %s, want the notice:\n%s", h2, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		if seen := e.take(); len(seen) != 0 {
			t.Fatalf("the service received %v while the notice was shown", seen)
		}
		for _, want := range []string{`<html lang="de">`, `<section lang="en"`, "<h1", "Verstanden – weiter zu ChatGPT",
			"Understood – continue to ChatGPT", "KI-RL-3.2", "Pseudonym statt Ihres Namens", "365 Tage aufbewahrt und danach gelöscht",
			"kept for 365 days", "Datenschutzbeauftragte Frau Muster, datenschutz@stadt.example",
			`href="https://intranet.stadt.example/ki-richtlinie"`, "entscheidet nach der\nKI-Richtlinie immer ein Mensch", "#freigabe"} {
			if !strings.Contains(body, want) {
				t.Errorf("notice lacks %q", want)
			}
		}
		// Nothing loaded from elsewhere, nothing that needs JavaScript.
		for _, bad := range []string{"<script", "src=", "<link", "@import", "url("} {
			if strings.Contains(body, bad) {
				t.Errorf("notice holds %q", bad)
			}
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "form-action 'self'") ||
			!strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP %q", csp)
		}
		// With no-referrer, Chrome posts the button's form with "Origin:
		// null", and the confirmation was refused (found by the e2e test).
		if rp := resp.Header.Get("Referrer-Policy"); rp != "same-origin" {
			t.Errorf("Referrer-Policy %q", rp)
		}
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control %q", resp.Header.Get("Cache-Control"))
		}
		ret, token := formOf(t, body)
		if ret != asked {
			t.Fatalf("return path %q, want %q", ret, asked)
		}

		resp, _ = send(t, c, "POST", "https://chatgpt.com/.schleuse/ack", ackHeaders, ackForm(ret, token))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != asked {
			t.Fatalf("ack: status %d Location %q, want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), asked)
		}
		cookies := resp.Cookies()
		if len(cookies) != 1 || cookies[0].Name != ackCookie || !cookies[0].Secure || !cookies[0].HttpOnly ||
			cookies[0].SameSite != http.SameSiteLaxMode || cookies[0].Path != "/" || cookies[0].Domain != "" || cookies[0].MaxAge != 8760*3600 {
			t.Fatalf("ack cookie %+v", cookies)
		}
		if seen := e.take(); len(seen) != 0 {
			t.Fatalf("the confirmation reached the service: %v", seen)
		}

		// The next navigation, with the service's own cookies beside it.
		cookie := "oai-did=4711; " + ackCookie + "=" + cookies[0].Value + "; __Secure-next-auth=xyz"
		resp, body = send(t, c, "GET", "https://chatgpt.com"+asked, with(browserNav, "Cookie", cookie), "")
		if resp.StatusCode != 200 || !strings.Contains(body, "the web app") {
			t.Fatalf("navigation after the confirmation: %d %q", resp.StatusCode, body)
		}
		seen := e.take()
		if len(seen) != 1 || seen[0].uri != asked || seen[0].cookie != "oai-did=4711; __Secure-next-auth=xyz" {
			t.Fatalf("the service received %+v, want the page with its own cookies only", seen)
		}
		// An XHR of the app carries the cookie too: stripped as well.
		send(t, c, "GET", "https://chatgpt.com/backend-api/me", map[string]string{"Cookie": ackCookie + "=" + cookies[0].Value,
			"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}, "")
		if seen := e.take(); len(seen) != 1 || seen[0].cookie != "" {
			t.Fatalf("the service received %+v, want no cookie", seen)
		}
	}
	shown, acked := e.m.counts()
	if !slices.Equal(shown, []string{"chatgpt-web", "chatgpt-web"}) || !slices.Equal(acked, []string{"chatgpt-web", "chatgpt-web"}) {
		t.Fatalf("metrics: shown %v, acknowledged %v", shown, acked)
	}
}

// TestFirstUseNoticeCookieChecked: a cookie that is forged, expired, made
// for another host or another login, or for a notice text since changed
// brings the notice again; a valid one passes.
func TestFirstUseNoticeCookieChecked(t *testing.T) {
	e := newNoticeEnv(t, nil)
	c := e.noFollow(false)
	srv, cfg := e.h.srv, e.h.cfg
	_, version := renderNotice(cfg, srv.Catalogue().Lookup("chatgpt.com"), "", "")
	now := time.Now()
	nav := func(cookieVal string) bool {
		t.Helper()
		resp, body := send(t, c, "GET", "https://chatgpt.com/", with(browserNav, "Cookie", ackCookie+"="+cookieVal), "")
		e.take()
		return isNotice(resp, body)
	}
	valid := srv.ackValue("chatgpt.com", identity.Identity{}, version, now)
	if nav(valid) {
		t.Fatal("a valid cookie brought the notice")
	}
	for name, v := range map[string]string{
		"empty":               "",
		"garbage":             "x",
		"forged signature":    version + "." + valid[len(version)+1:len(valid)-4] + "AAAA",
		"other key":           (&Server{noticeKey: make([]byte, 32)}).ackValue("chatgpt.com", identity.Identity{}, version, now),
		"expired":             srv.ackValue("chatgpt.com", identity.Identity{}, version, now.Add(-8761*time.Hour)),
		"from the future":     srv.ackValue("chatgpt.com", identity.Identity{}, version, now.Add(time.Hour)),
		"other host":          srv.ackValue("claude.ai", identity.Identity{}, version, now),
		"other login":         srv.ackValue("chatgpt.com", identity.Identity{User: "mmuster"}, version, now),
		"other version":       srv.ackValue("chatgpt.com", identity.Identity{}, "0123456789abcdef", now),
		"a form token":        srv.formToken("chatgpt.com", identity.Identity{}, version, now),
		"version field moved": strings.Replace(valid, version, "0000000000000000", 1),
	} {
		if !nav(v) {
			t.Errorf("%s: cookie %q let the navigation through", name, v)
		}
	}
	// A changed notice (another contact, by a reload) is shown again to
	// everyone who confirmed the old one.
	cfg2 := *cfg
	cfg2.Notice.Contact = "IT-Service, Tel. 110"
	if _, err := srv.Reload(&cfg2, srv.Identity()); err != nil {
		t.Fatal(err)
	}
	if !nav(valid) {
		t.Fatal("a cookie for the notice before the reload let the navigation through")
	}
	// notice.valid_for shortened: confirmations older than it are void at once.
	cfg3 := cfg2
	cfg3.Notice.ValidFor = time.Hour
	if _, err := srv.Reload(&cfg3, srv.Identity()); err != nil {
		t.Fatal(err)
	}
	_, v3 := renderNotice(&cfg3, srv.Catalogue().Lookup("chatgpt.com"), "", "")
	if nav(srv.ackValue("chatgpt.com", identity.Identity{}, v3, now.Add(-30*time.Minute))) {
		t.Fatal("a confirmation of 30 minutes ago did not hold for valid_for 1h")
	}
	if !nav(srv.ackValue("chatgpt.com", identity.Identity{}, v3, now.Add(-2*time.Hour))) {
		t.Fatal("a confirmation of 2 hours ago held for valid_for 1h")
	}
}

// TestFirstUseNoticeOnlyNavigations: requests that are no top-level page
// load of a web app pass as before, whatever they carry.
func TestFirstUseNoticeOnlyNavigations(t *testing.T) {
	e := newNoticeEnv(t, nil)
	c := e.noFollow(true)
	cases := []struct {
		name, method, url string
		hdr               map[string]string
		body              string
		notice            bool
	}{
		{"navigation", "GET", "https://chatgpt.com/", browserNav, "", true},
		{"navigation of claude.ai", "GET", "https://claude.ai/new", browserNav, "", true},
		{"no Sec-Fetch, Accept prefers HTML", "GET", "https://chatgpt.com/", map[string]string{"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}, "", true},
		{"fetch", "GET", "https://chatgpt.com/backend-api/models", map[string]string{"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty", "Accept": "text/html"}, "", false},
		{"iframe", "GET", "https://chatgpt.com/embed", map[string]string{"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe", "Accept": "text/html"}, "", false},
		{"POST with a body", "POST", "https://chatgpt.com/backend-api/f/conversation", with(browserNav, "Content-Type", "application/json"), `{"p":"Hallo"}`, false},
		{"form POST navigation", "POST", "https://chatgpt.com/login", with(browserNav, "Content-Type", "application/x-www-form-urlencoded"), "a=b", false},
		{"HEAD", "HEAD", "https://chatgpt.com/", browserNav, "", false},
		{"Go client, no Accept", "GET", "https://chatgpt.com/", nil, "", false},
		{"JSON preferred", "GET", "https://chatgpt.com/backend-api/me", map[string]string{"Accept": "application/json, text/html;q=0.5"}, "", false},
		{"any", "GET", "https://chatgpt.com/", map[string]string{"Accept": "*/*"}, "", false},
		{"API host", "GET", "https://api.openai.com/v1/models", browserNav, "", false},
		{"upload host of a web app", "GET", "https://content-push.googleapis.com/upload", browserNav, "", false},
	}
	for _, tc := range cases {
		resp, body := send(t, c, tc.method, tc.url, tc.hdr, tc.body)
		seen := e.take()
		got := isNotice(resp, body)
		if got != tc.notice {
			t.Errorf("%s: notice %v (status %d), want %v", tc.name, got, resp.StatusCode, tc.notice)
		}
		if !tc.notice && (len(seen) != 1 || seen[0].method != tc.method) {
			t.Errorf("%s: the service received %+v, want the request", tc.name, seen)
		}
		if tc.notice && len(seen) != 0 {
			t.Errorf("%s: the service received %+v with the notice shown", tc.name, seen)
		}
	}
}

// TestFirstUseNoticeAckRefused: the confirmation is refused (no cookie)
// from another site (CSRF), without or with a foreign token, and with a
// return address that leaves the host (open redirect); the reserved path
// never reaches the service.
func TestFirstUseNoticeAckRefused(t *testing.T) {
	e := newNoticeEnv(t, nil)
	c := e.noFollow(false)
	_, body := send(t, c, "GET", "https://chatgpt.com/c/1", browserNav, "")
	ret, token := formOf(t, body)
	_, claudePage := send(t, c, "GET", "https://claude.ai/", browserNav, "")
	_, claudeToken := formOf(t, claudePage)
	e.take()
	cases := []struct {
		name   string
		hdr    map[string]string
		form   string
		status int
	}{
		{"cross-site", with(ackHeaders, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), ackForm(ret, token), 403},
		{"cross-site without Origin", with(ackHeaders, "Sec-Fetch-Site", "cross-site", "Origin", ""), ackForm(ret, token), 403},
		{"same-site sibling", with(ackHeaders, "Sec-Fetch-Site", "same-site", "Origin", "https://x.chatgpt.com"), ackForm(ret, token), 403},
		{"other Origin without Sec-Fetch", with(ackHeaders, "Sec-Fetch-Site", "", "Origin", "https://evil.example"), ackForm(ret, token), 403},
		{"Origin null", with(ackHeaders, "Origin", "null"), ackForm(ret, token), 403},
		{"no token", ackHeaders, url.Values{"return": {ret}}.Encode(), 403},
		{"forged token", ackHeaders, ackForm(ret, "1700000000.0123456789abcdef.AAAA"), 403},
		{"claude.ai's token", ackHeaders, ackForm(ret, claudeToken), 403},
		{"absolute URL", ackHeaders, ackForm("https://evil.example/", token), 400},
		{"scheme-relative", ackHeaders, ackForm("//evil.example/x", token), 400},
		{"backslash", ackHeaders, ackForm("/\\evil.example/x", token), 400},
		{"tab", ackHeaders, ackForm("/\t/evil.example/x", token), 400},
		{"javascript", ackHeaders, ackForm("javascript:alert(1)", token), 400},
		{"reserved path", ackHeaders, ackForm("/.schleuse/ack", token), 400},
		{"no return", ackHeaders, url.Values{"token": {token}}.Encode(), 400},
		{"not a form", with(ackHeaders, "Content-Type", "application/json"), `{"token":"` + token + `"}`, 400},
	}
	for _, tc := range cases {
		resp, body := send(t, c, "POST", "https://chatgpt.com/.schleuse/ack", tc.hdr, tc.form)
		if resp.StatusCode != tc.status || len(resp.Cookies()) != 0 || resp.Header.Get("Location") != "" {
			t.Errorf("%s: status %d, cookies %v, Location %q, want %d without either: %s", tc.name, resp.StatusCode, resp.Cookies(), resp.Header.Get("Location"), tc.status, body)
		}
	}
	for _, r := range []struct{ method, path string }{{"GET", "/.schleuse/ack"}, {"GET", "/.schleuse/other"}, {"POST", "/.schleuse/x"}} {
		resp, _ := send(t, c, r.method, "https://chatgpt.com"+r.path, browserNav, "")
		if resp.StatusCode < 400 {
			t.Errorf("%s %s: status %d", r.method, r.path, resp.StatusCode)
		}
	}
	if seen := e.take(); len(seen) != 0 {
		t.Fatalf("the service received %+v", seen)
	}
	if _, acked := e.m.counts(); len(acked) != 0 {
		t.Fatalf("refused confirmations counted: %v", acked)
	}
	// The accepted one, to be sure that the refusals above were not for a
	// reason of the test's making.
	resp, _ := send(t, c, "POST", "https://chatgpt.com/.schleuse/ack", ackHeaders, ackForm(ret, token))
	if resp.StatusCode != 303 || len(resp.Cookies()) != 1 {
		t.Fatalf("valid confirmation: status %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	// A page shown before the notice changed: back to the page (which
	// shows the new notice), without a cookie.
	cfg2 := *e.h.cfg
	cfg2.Notice.PolicyURL = "https://intranet.example/neu"
	e.h.srv.Reload(&cfg2, e.h.srv.Identity())
	resp, _ = send(t, c, "POST", "https://chatgpt.com/.schleuse/ack", ackHeaders, ackForm(ret, token))
	if resp.StatusCode != 303 || resp.Header.Get("Location") != ret || len(resp.Cookies()) != 0 {
		t.Fatalf("confirmation of a changed notice: status %d, Location %q, cookies %v", resp.StatusCode, resp.Header.Get("Location"), resp.Cookies())
	}
}

// TestFirstUseNoticeOff: with notice.first_use false navigations pass,
// and a confirmation from a page shown before still sends the person on,
// without a cookie; the cookie is stripped all the same.
func TestFirstUseNoticeOff(t *testing.T) {
	e := newNoticeEnv(t, nil)
	c := e.noFollow(false)
	_, body := send(t, c, "GET", "https://chatgpt.com/c/9", browserNav, "")
	ret, token := formOf(t, body)
	cfg2 := *e.h.cfg
	cfg2.Notice.FirstUse = false
	e.h.srv.Reload(&cfg2, e.h.srv.Identity())
	e.take()
	resp, body := send(t, c, "GET", "https://chatgpt.com/", with(browserNav, "Cookie", ackCookie+"=x; a=b"), "")
	if isNotice(resp, body) || resp.StatusCode != 200 {
		t.Fatalf("notice off: status %d, notice %v", resp.StatusCode, isNotice(resp, body))
	}
	if seen := e.take(); len(seen) != 1 || seen[0].cookie != "a=b" {
		t.Fatalf("the service received %+v", seen)
	}
	resp, _ = send(t, c, "POST", "https://chatgpt.com/.schleuse/ack", ackHeaders, ackForm(ret, token))
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/c/9" || len(resp.Cookies()) != 0 {
		t.Fatalf("confirmation with the notice off: %d %q %v", resp.StatusCode, resp.Header.Get("Location"), resp.Cookies())
	}
}

// TestFirstUseNoticeServiceCannotSetCookie: a Set-Cookie of the service
// for schleuse's cookie (deleting or replacing it) does not reach the
// browser; its own cookies do.
func TestFirstUseNoticeServiceCannotSetCookie(t *testing.T) {
	e := newNoticeEnv(t, nil)
	resp, _ := send(t, e.noFollow(true), "GET", "https://chatgpt.com/set-cookies", map[string]string{"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty"}, "")
	if got := resp.Header.Values("Set-Cookie"); !slices.Equal(got, []string{"oai-did=4711; Path=/; Secure", "__cf_bm=x; Path=/"}) {
		t.Fatalf("Set-Cookie %q", got)
	}
}

func TestSameOrigin(t *testing.T) {
	for _, tc := range []struct {
		origin, host string
		want         bool
	}{
		{"https://chatgpt.com", "chatgpt.com", true},
		{"https://ChatGPT.com", "chatgpt.com:443", true},
		{"https://chatgpt.com:443", "chatgpt.com", true},
		{"https://chatgpt.com:8443", "chatgpt.com:8443", true},
		{"https://chatgpt.com:8443", "chatgpt.com", false},
		{"http://chatgpt.com", "chatgpt.com", false},
		{"https://chatgpt.com.evil.example", "chatgpt.com", false},
		{"https://x.chatgpt.com", "chatgpt.com", false},
		{"null", "chatgpt.com", false},
		{"https://chatgpt.com/path", "chatgpt.com", false},
	} {
		if got := sameOrigin(tc.origin, tc.host); got != tc.want {
			t.Errorf("sameOrigin(%q, %q) = %v", tc.origin, tc.host, got)
		}
	}
}

func TestTakeAckCookie(t *testing.T) {
	for _, tc := range []struct {
		in        []string
		val       string
		remaining []string
	}{
		{nil, "", nil},
		{[]string{"a=b"}, "", []string{"a=b"}},
		{[]string{ackCookie + "=v1"}, "v1", nil},
		{[]string{"a=b; " + ackCookie + "=v1; c=d"}, "v1", []string{"a=b; c=d"}},
		{[]string{"a=b", ackCookie + "=v2"}, "v2", []string{"a=b"}}, // HTTP/2: one header per cookie
		{[]string{"x" + ackCookie + "=v; a=b"}, "", []string{"x" + ackCookie + "=v; a=b"}},
	} {
		h := http.Header{}
		for _, l := range tc.in {
			h.Add("Cookie", l)
		}
		if got := takeAckCookie(h); got != tc.val || !slices.Equal(h.Values("Cookie"), tc.remaining) {
			t.Errorf("%q: value %q, left %q; want %q, %q", tc.in, got, h.Values("Cookie"), tc.val, tc.remaining)
		}
	}
}

func TestPrefersHTML(t *testing.T) {
	for accept, want := range map[string]bool{
		"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": true, // Firefox, Chrome
		"application/xhtml+xml":             true,
		"text/html;q=0.9, application/json": false,
		"application/json, text/plain, */*": false,
		"*/*":                               false,
		"":                                  false,
		"text/html;q=0":                     false,
	} {
		if got := prefersHTML(accept); got != want {
			t.Errorf("prefersHTML(%q) = %v", accept, got)
		}
	}
}

// TestNoticeKeyKept: the key is made once (0600) and read again after a
// restart; one readable by others is refused.
func TestNoticeKeyKept(t *testing.T) {
	dir := t.TempDir()
	k1, err := loadOrInitNoticeKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, NoticeKeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, st.Mode())
	}
	k2, err := loadOrInitNoticeKey(dir)
	if err != nil || string(k1) != string(k2) || len(k1) != 32 {
		t.Fatalf("second start: %v, same key %v", err, string(k1) == string(k2))
	}
	if err := CheckNoticeKey(dir); err != nil {
		t.Fatalf("CheckNoticeKey: %v", err)
	}
	os.Chmod(filepath.Join(dir, NoticeKeyFile), 0o644)
	if _, err := loadOrInitNoticeKey(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("key readable by others: %v", err)
	}
	if err := CheckNoticeKey(dir); err == nil || !strings.HasPrefix(err.Error(), "Der Schlüssel des Hinweises "+filepath.Join(dir, NoticeKeyFile)+" ist für andere lesbar (Rechte -rw-r--r--): chmod 600") ||
		!strings.Contains(err.Error(), " / notice key "+filepath.Join(dir, NoticeKeyFile)+" has mode -rw-r--r--, want 0600") {
		t.Fatalf("CheckNoticeKey of a key readable by others: %v", err)
	}
	os.Chmod(filepath.Join(dir, NoticeKeyFile), 0o600)
	os.WriteFile(filepath.Join(dir, NoticeKeyFile), []byte("kurz\n"), 0o600)
	if _, err := loadOrInitNoticeKey(dir); err == nil || !strings.Contains(err.Error(), "64 hex digits") {
		t.Fatalf("a broken key: %v", err)
	}
	if err := CheckNoticeKey(t.TempDir()); err != nil {
		t.Fatalf("CheckNoticeKey without a key (run makes it): %v", err)
	}
}

// TestNoticeServiceName: the page names the service by its catalogue
// name without "(Web)" (the person is in the browser), else by its host;
// and the version changes with it.
func TestNoticeServiceName(t *testing.T) {
	cfg := config.Default()
	for _, tc := range []struct {
		svc  Service
		want string
	}{
		{Service{ID: "claude-web", Name: "Claude (Landeslizenz)", Hosts: []string{"claude.ai"}, Mode: ModeInspect}, "Verstanden – weiter zu Claude (Landeslizenz)<"},
		{Service{ID: "claude-web", Name: "Claude (Web)", Hosts: []string{"claude.ai"}, Mode: ModeInspect}, "Verstanden – weiter zu Claude<"},
		{Service{ID: "mistral-web", Name: "Le Chat (Mistral, Web)", Hosts: []string{"chat.mistral.ai"}, Mode: ModeInspect}, "Verstanden – weiter zu Le Chat (Mistral)<"},
		{Service{ID: "ki-stadt-web", Hosts: []string{"ki.stadt.example"}, Mode: ModeInspect}, "Verstanden – weiter zu ki.stadt.example<"},
	} {
		page, _ := renderNotice(cfg, &tc.svc, "/", "t")
		if !strings.Contains(string(page), tc.want) {
			t.Errorf("%+v: page lacks %q", tc.svc, tc.want)
		}
	}
	_, v1 := renderNotice(cfg, &Service{ID: "claude-web", Name: "Claude (Web)", Hosts: []string{"claude.ai"}}, "", "")
	_, v2 := renderNotice(cfg, &Service{ID: "claude-web", Name: "Claude (Landeslizenz)", Hosts: []string{"claude.ai"}}, "", "")
	_, v3 := renderNotice(cfg, &Service{ID: "claude-web", Name: "Claude (Web)", Hosts: []string{"claude.ai"}}, "/x", "tok")
	if v1 == v2 || v1 != v3 {
		t.Errorf("versions %s %s %s: want another for another name, the same for other form fields", v1, v2, v3)
	}
}
