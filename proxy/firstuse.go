package proxy

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/providers"
)

// The first-use notice (notice.first_use): the first top-level navigation
// of a person to a chat web app of the catalogue is answered by schleuse
// itself with a page that says what is checked and logged (the
// KI-Richtlinie's transparency, Art. 13 DSGVO), until the person confirms
// it. The confirmation is a POST to ackPath on the same host, which
// schleuse answers itself (never forwarded): it sets ackCookie, signed
// with a key kept in state_dir, and sends the person on to the page asked
// for. The cookie never reaches the service (takeAckCookie).

// NoticeKeyFile is the key of the confirmation cookies in state_dir: 32
// random bytes, made on first start (0600), so that confirmations hold
// across restarts (and, copied, on every node behind one address).
const NoticeKeyFile = "notice-key"

const (
	// reservedPrefix is answered by schleuse on a notice host, never forwarded.
	reservedPrefix = "/.schleuse/"
	ackPath        = reservedPrefix + "ack"
	// ackCookie: the __Host- prefix makes browsers take it only with
	// Secure, Path=/ and no Domain, so that no other host (a sibling
	// under the same domain) can set or overwrite it.
	ackCookie = "__Host-schleuse-notice"
	// formValidFor bounds how long a shown page's button works.
	formValidFor = 24 * time.Hour
	maxAckBody   = 16 << 10
	maxReturn    = 8 << 10
)

// NoticeMetrics is implemented by Options.Metrics that count the notice:
// schleuse_notice_shown_total{service} and
// schleuse_notice_acknowledged_total{service} (service ids only).
type NoticeMetrics interface {
	NoticeShown(ctx context.Context, service string)
	NoticeAcknowledged(ctx context.Context, service string)
}

// Notice returns the first-use notice's settings in force (the last
// Reload's).
func (s *Server) Notice() config.Notice { return s.live().cfg.Notice }

// webApp reports whether svc is a chat web app that staff open in the
// browser (its id ends in "-web", as the built-in ones do), as opposed to
// an API host, whose clients are programs. A service on a shared host
// (Paths) is none: its page often lies outside its paths (Duck.ai's is
// duckduckgo.com/?ia=chat), so the notice could never be shown there and
// its prompts would stay blocked as unconfirmed.
func webApp(svc *Service) bool {
	return svc != nil && svc.Mode == ModeInspect && strings.HasSuffix(svc.ID, "-web") && len(svc.Hosts) > 0 && len(svc.Paths) == 0
}

// noticeHost reports whether host is where svc's notice is shown: the
// web app's first host (chatgpt.com, not its upload and file hosts, nor a
// wildcard).
func noticeHost(svc *Service, host string) bool {
	if !webApp(svc) {
		return false
	}
	first := strings.ToLower(strings.TrimSuffix(svc.Hosts[0], "."))
	return !wildcardHost(first) && hostOnly(host) == first
}

// loadOrInitNoticeKey reads dir's notice key, making it on first start.
func loadOrInitNoticeKey(dir string) ([]byte, error) {
	path := filepath.Join(dir, NoticeKeyFile)
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("notice key: %w", err)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("notice key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("notice key: %w", err)
		}
		_, err = f.WriteString(hex.EncodeToString(key) + "\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return nil, fmt.Errorf("notice key %s: %w", path, err)
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("notice key: %w", err)
	}
	return readNoticeKey(path, st)
}

// CheckNoticeKey reports why run could not use dir's notice key (mode,
// content); nil when there is none yet (run makes it). For config check.
func CheckNoticeKey(dir string) error {
	path := filepath.Join(dir, NoticeKeyFile)
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("notice key: %w", err)
	}
	_, err = readNoticeKey(path, st)
	return err
}

func readNoticeKey(path string, st fs.FileInfo) ([]byte, error) {
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("Der Schlüssel des Hinweises %s ist für andere lesbar (Rechte %v): chmod 600 %s, Eigentümer das Konto, unter dem schleuse läuft / "+
			"notice key %s has mode %v, want 0600 and owned by the account schleuse runs as (chown that account and chmod 600 %s)", path, st.Mode().Perm(), path, path, st.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("notice key: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("notice key %s: not 64 hex digits (delete it to make a new one: every person sees the first-use notice once more)", path)
	}
	return key, nil
}

// takeAckCookie removes ackCookie from every Cookie header of h (the
// service never sees it) and returns its value ("" when absent; the last
// one when several).
func takeAckCookie(h http.Header) string {
	lines := h.Values("Cookie")
	found := false
	for _, l := range lines {
		if strings.Contains(l, ackCookie) {
			found = true
		}
	}
	if !found {
		return ""
	}
	var val string
	var kept []string
	for _, l := range lines {
		var rest []string
		for _, part := range strings.Split(l, ";") {
			name, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			if strings.TrimSpace(name) == ackCookie {
				val = strings.TrimSpace(v)
				continue
			}
			if strings.TrimSpace(part) != "" {
				rest = append(rest, strings.TrimSpace(part))
			}
		}
		if len(rest) > 0 {
			kept = append(kept, strings.Join(rest, "; "))
		}
	}
	h.Del("Cookie")
	for _, l := range kept {
		h.Add("Cookie", l)
	}
	return val
}

// navigation reports whether r is a browser's top-level page load: a GET
// without a body, with Sec-Fetch-Mode navigate and Sec-Fetch-Dest
// document, or, from a client without Sec-Fetch headers, one whose Accept
// prefers HTML. XHR and fetch calls, uploads, iframes and WebSockets are
// not.
func navigation(r *http.Request) bool {
	if r.Method != http.MethodGet || r.ContentLength > 0 || len(r.TransferEncoding) > 0 || isUpgrade(r.Header) {
		return false
	}
	if mode := r.Header.Get("Sec-Fetch-Mode"); mode != "" {
		return mode == "navigate" && r.Header.Get("Sec-Fetch-Dest") == "document"
	}
	if r.Header.Get("Sec-Fetch-Dest") != "" {
		return false
	}
	return prefersHTML(r.Header.Get("Accept"))
}

// prefersHTML reports whether an Accept header gives text/html (or
// application/xhtml+xml) the highest weight of its media ranges.
func prefersHTML(accept string) bool {
	best, html := -1.0, -1.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, _ := strings.Cut(part, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		if mt == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if mt == "text/html" || mt == "application/xhtml+xml" {
			html = max(html, q)
		}
		best = max(best, q)
	}
	return html > 0 && html >= best
}

// firstUse answers a request to a web app's notice host itself, or
// returns nil to let it go on: the reserved path (the confirmation), and
// a navigation without a valid confirmation (the notice). ack is the
// value of ackCookie, already removed from r.
func (s *Server) firstUse(r *http.Request, ci *connInfo, ack string) *http.Response {
	if !noticeHost(ci.svc, r.URL.Host) {
		return nil
	}
	cfg := s.live().cfg
	if strings.HasPrefix(r.URL.Path, reservedPrefix) {
		if r.URL.Path == ackPath {
			return s.acknowledge(r, ci, cfg)
		}
		return textResponse(r, http.StatusNotFound, "schleuse: Diese Adresse beantwortet schleuse selbst; hier gibt es nichts.", "schleuse: this address is answered by schleuse itself; there is nothing here.")
	}
	if !cfg.Notice.FirstUse {
		return nil
	}
	if workerScript(r) {
		if s.ackValid(ack, r.URL.Host, ci.id, s.live().noticeVersion(cfg, ci.svc), cfg.Notice.ValidFor, time.Now()) {
			return nil
		}
		return workerReset(r)
	}
	if !navigation(r) {
		return nil
	}
	_, version := renderNotice(cfg, ci.svc, "", "")
	now := time.Now()
	if s.ackValid(ack, r.URL.Host, ci.id, version, cfg.Notice.ValidFor, now) {
		return nil
	}
	ret := r.URL.RequestURI()
	if validReturn(ret) != nil {
		ret = "/"
	}
	page, _ := renderNotice(cfg, ci.svc, ret, s.formToken(r.URL.Host, ci.id, version, now))
	if nm, ok := s.metrics.(NoticeMetrics); ok && !strings.Contains(r.Header.Get("Sec-Purpose"), "prefetch") {
		nm.NoticeShown(r.Context(), ci.svc.ID)
	}
	return htmlResponse(r, http.StatusOK, page)
}

// noticeVersion is renderNotice's version for svc under cfg, computed once
// per configuration and service.
func (l *liveState) noticeVersion(cfg *config.Config, svc *Service) string {
	if cfg != l.cfg {
		_, v := renderNotice(cfg, svc, "", "")
		return v
	}
	if v, ok := l.noticeVersions.Load(svc); ok {
		return v.(string)
	}
	_, v := renderNotice(cfg, svc, "", "")
	l.noticeVersions.Store(svc, v)
	return v
}

// browserRequest reports whether r comes from a browser: browsers send
// Sec-Fetch-Site, -Mode and -Dest with every request to an https origin
// (page loads, fetch and XHR, WebSocket handshakes, a service worker's
// own requests); programs that call an API do not.
func browserRequest(r *http.Request) bool {
	return r.Header.Get("Sec-Fetch-Site") != "" || r.Header.Get("Sec-Fetch-Mode") != "" || r.Header.Get("Sec-Fetch-Dest") != ""
}

// noticeMissing reports whether r is a browser's request to a web app's
// notice host while the first-use notice is on and r carries no valid
// confirmation of its current text (ack, already taken from r). The
// inspector blocks such a request when it carries a prompt
// (run.noticeUnconfirmed): a service worker that the app installed before
// the notice was rolled out answers the page loads from its cache, and
// the person would otherwise never see the notice while chatting.
//
// The cookie is expected where the browser sends it: on the notice host
// only (a __Host- cookie never travels to another host, so the requests
// of an app to its other hosts, DeepL's www2.deepl.com, ChatGPT's
// files.oaiusercontent.com, are not held to it), and not from another
// site's page (Sec-Fetch-Site: cross-site), where SameSite=Lax keeps it
// back.
func (s *Server) noticeMissing(r *http.Request, ci *connInfo, ack string) bool {
	if !noticeHost(ci.svc, r.URL.Host) || !browserRequest(r) || r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	live := s.live()
	cfg := live.cfg
	if !cfg.Notice.FirstUse {
		return false
	}
	return !s.ackValid(ack, r.URL.Host, ci.id, live.noticeVersion(cfg, ci.svc), cfg.Notice.ValidFor, time.Now())
}

// workerScript reports whether r is a browser's fetch of a service
// worker's script (registration or update check): Sec-Fetch-Dest
// serviceworker, or the Service-Worker: script header the Service Worker
// spec adds to it.
func workerScript(r *http.Request) bool {
	return r.Method == http.MethodGet && (r.Header.Get("Sec-Fetch-Dest") == "serviceworker" || r.Header.Get("Service-Worker") == "script")
}

// workerResetScript replaces, for a person who has not confirmed the
// notice, the service worker of a web app: it takes over at once and
// unregisters itself, and it has no fetch handler, so that the page and
// the next page load come from the network (where the notice is shown)
// and not from the app's cache. A failing answer would not do: by the
// Service Worker spec's Update algorithm a failed script fetch keeps the
// installed worker (only a registration without any worker is removed).
// After the confirmation the app registers its own worker again on its
// next page load.
const workerResetScript = `// schleuse: the first-use notice of this service has not been confirmed in this browser.
// This worker replaces the service's own until then and removes itself, so that the next page load
// shows the notice (Hinweis der schleuse). The service registers its worker again afterwards.
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.registration.unregister()); });
`

// workerReset answers a service worker script fetch with workerResetScript.
func workerReset(r *http.Request) *http.Response {
	return ownResponse(r, http.StatusOK, "text/javascript; charset=utf-8", []byte(workerResetScript))
}

// carriesPrompt reports whether the extracted request holds text that
// the person wrote or a file they attached: a prompt, not the app's
// settings, telemetry or an empty poll.
func (r *run) carriesPrompt() bool {
	for _, f := range r.env.Fields {
		if (f.Kind == providers.UserText || f.Kind == providers.File) && strings.TrimSpace(f.Text) != "" {
			return true
		}
	}
	return false
}

// noticeUnconfirmed blocks a prompt sent from a browser that has not
// confirmed the first-use notice (Exchange.noticeMissing), with the notice
// in the chat window, German then English, naming the page where the
// notice is shown. It is audited with the rule schleuse:notice_unconfirmed
// (no text, no finding: the prompt was not scanned) and counted as a block
// of the service (schleuse_requests_total{action="block"}); it is no
// fail-closed block (schleuse_failclosed_total).
func (r *run) noticeUnconfirmed() *Verdict {
	svc := r.x.Service
	name, link := appName(svc), "https://"+svc.Hosts[0]+"/"
	r.p.Log.InfoContext(r.ctx, "Prompt blockiert: Hinweis zur ersten Nutzung nicht bestätigt / prompt blocked: first-use notice not confirmed", "request_id", r.x.RequestID, "service", svc.ID)
	v := r.blocked(noticeRule,
		fmt.Sprintf("Bevor Sie %s über die schleuse nutzen, lesen und bestätigen Sie bitte einmal deren Hinweis, was geprüft und protokolliert wird. "+
			"Öffnen Sie dazu %s oder laden Sie die Seite neu; erscheint der Hinweis nicht, laden Sie sie mit Strg+Umschalt+R neu. "+
			"Danach senden Sie Ihre Nachricht erneut", name, link),
		fmt.Sprintf("Before you use %s through schleuse, please read and confirm its notice on what is checked and logged, once. "+
			"Open %s or reload the page (if the notice does not appear: Ctrl+Shift+R), then send your message again", name, link))
	if r.failure == noticeRule {
		r.failure = "" // audit_unavailable stays: the record could not be kept
	}
	return v
}

// noticeRule is the rule (schleuse:notice_unconfirmed) of a prompt blocked
// because the first-use notice was not confirmed.
const noticeRule = "notice_unconfirmed"

// acknowledge answers the notice's button: a same-origin POST whose form
// token this server made for this host, person and notice text sets the
// confirmation cookie and sends the person on (303) to the page asked
// for, a path on this host.
func (s *Server) acknowledge(r *http.Request, ci *connInfo, cfg *config.Config) *http.Response {
	reason := ""
	refuse := func(status int, de, en string) *http.Response {
		s.log.Info("Bestätigung des Hinweises abgewiesen (Grund unter reason) / notice confirmation refused", "service", ci.svc.ID, "status", status, "reason", reason, "client", r.RemoteAddr)
		resp := textResponse(r, status, "schleuse: "+de, "schleuse: "+en)
		resp.Close = true // the rest of a body not read
		return resp
	}
	if r.Method != http.MethodPost {
		reason = "method"
		resp := refuse(http.StatusMethodNotAllowed, "Diese Adresse nimmt nur die Bestätigung des Hinweises an.", "this address takes the notice's confirmation only.")
		resp.Header.Set("Allow", http.MethodPost)
		return resp
	}
	// CSRF: a page of another site may post a form here (the cookie
	// would be set without the person having seen the notice).
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		reason = "sec_fetch_site"
		return refuse(http.StatusForbidden, "Die Bestätigung kam nicht von der Hinweisseite und wurde nicht angenommen. Bitte rufen Sie den Dienst erneut auf.", "the confirmation did not come from the notice page and was not accepted. Please open the service again.")
	}
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r.URL.Host) {
		reason = "origin"
		return refuse(http.StatusForbidden, "Die Bestätigung kam nicht von der Hinweisseite und wurde nicht angenommen. Bitte rufen Sie den Dienst erneut auf.", "the confirmation did not come from the notice page and was not accepted. Please open the service again.")
	}
	reason = "form"
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" || r.Body == nil {
		return refuse(http.StatusBadRequest, "Die Bestätigung ist unvollständig.", "the confirmation is incomplete.")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxAckBody+1))
	if err != nil || len(body) > maxAckBody {
		return refuse(http.StatusBadRequest, "Die Bestätigung ist unvollständig.", "the confirmation is incomplete.")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return refuse(http.StatusBadRequest, "Die Bestätigung ist unvollständig.", "the confirmation is incomplete.")
	}
	ret := form.Get("return")
	if err := validReturn(ret); err != nil {
		reason = "return"
		// Never a redirect to another site (open redirect).
		return refuse(http.StatusBadRequest, "Die Rücksprungadresse ist ungültig; die Bestätigung wurde nicht angenommen.", "the return address is not valid; the confirmation was not accepted.")
	}
	_, version := renderNotice(cfg, ci.svc, "", "")
	now := time.Now()
	switch s.checkFormToken(form.Get("token"), r.URL.Host, ci.id, version, now) {
	case tokenBad:
		reason = "token"
		return refuse(http.StatusForbidden, "Die Bestätigung kam nicht von der Hinweisseite und wurde nicht angenommen. Bitte rufen Sie den Dienst erneut auf.", "the confirmation did not come from the notice page and was not accepted. Please open the service again.")
	case tokenStale:
		// The notice changed, or the page stood open for a day: back to
		// the page, which shows the notice as it now is.
		return seeOther(r, ret)
	}
	resp := seeOther(r, ret)
	if cfg.Notice.FirstUse {
		resp.Header.Add("Set-Cookie", (&http.Cookie{
			Name: ackCookie, Value: s.ackValue(r.URL.Host, ci.id, version, now), Path: "/",
			MaxAge: int(cfg.Notice.ValidFor / time.Second), Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		}).String())
		if nm, ok := s.metrics.(NoticeMetrics); ok {
			nm.NoticeAcknowledged(r.Context(), ci.svc.ID)
		}
	}
	return resp
}

// sameOrigin reports whether an Origin header names https://host (the
// port 443 or host's own).
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "https" || u.Path != "" || u.User != nil {
		return false
	}
	return hostOnly(u.Host) == hostOnly(host) && portOf(u.Host, 443) == portOf(host, 443)
}

// dropAckSetCookie removes a Set-Cookie for ackCookie from a service's
// answer: the cookie is schleuse's, and a service that set or deleted it
// would decide who sees the notice.
func dropAckSetCookie(h http.Header) {
	vals := h.Values("Set-Cookie")
	var keep []string
	dropped := false
	for _, v := range vals {
		name, _, _ := strings.Cut(v, "=")
		if strings.TrimSpace(name) == ackCookie {
			dropped = true
			continue
		}
		keep = append(keep, v)
	}
	if !dropped {
		return
	}
	h.Del("Set-Cookie")
	for _, v := range keep {
		h.Add("Set-Cookie", v)
	}
}

func seeOther(r *http.Request, path string) *http.Response {
	resp := textResponse(r, http.StatusSeeOther, "schleuse: weiter zu "+path, "schleuse: continue to "+path)
	resp.Header.Set("Location", path)
	return resp
}

// validReturn accepts a path (with a query) on this host only: it starts
// with one "/", holds no backslash (a browser reads "/\evil" as
// "//evil"), no control characters, and is not schleuse's own.
func validReturn(p string) error {
	switch {
	case p == "" || len(p) > maxReturn:
		return errors.New("empty or too long")
	case p[0] != '/' || strings.HasPrefix(p, "//"):
		return errors.New("not a path")
	case strings.ContainsAny(p, "\\") || strings.ContainsFunc(p, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return errors.New("backslash, space or control character")
	case strings.HasPrefix(p, reservedPrefix):
		return errors.New("schleuse's own path")
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return errors.New("not a path")
	}
	// As a browser resolves it (the WHATWG parser): still this host.
	base := &url.URL{Scheme: "https", Host: "notice.invalid", Path: "/"}
	loc, err := browserLocation(base, p)
	if err != nil || loc.Host != base.Host || loc.Scheme != "https" {
		return errors.New("leaves the host")
	}
	return nil
}

// mac is HMAC-SHA256 over the fields, each ended by a NUL.
func (s *Server) mac(fields ...string) []byte {
	m := hmac.New(sha256.New, s.noticeKey)
	for _, f := range fields {
		m.Write([]byte(f))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

var b64 = base64.RawURLEncoding

// ackValue is the cookie's value: the notice version, when it was
// confirmed (Unix seconds) and the MAC over both, the host and the person
// (their proxy login; "" without one), so that a cookie is worth nothing
// on another host, for another login or for another notice text.
func (s *Server) ackValue(host string, id identity.Identity, version string, now time.Time) string {
	at := strconv.FormatInt(now.Unix(), 10)
	return version + "." + at + "." + b64.EncodeToString(s.mac("ack", hostOnly(host), id.User, version, at))
}

// ackValid checks a cookie value: signed by this key for this host and
// person, of the current notice version, confirmed less than validFor
// ago (the configuration's now: shortening notice.valid_for applies at
// once).
func (s *Server) ackValid(v, host string, id identity.Identity, version string, validFor time.Duration, now time.Time) bool {
	ver, rest, ok := strings.Cut(v, ".")
	at, sig, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 || ver != version {
		return false
	}
	got, err := b64.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac("ack", hostOnly(host), id.User, ver, at)) {
		return false
	}
	sec, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return false
	}
	t := time.Unix(sec, 0)
	return !t.After(now.Add(5*time.Minute)) && now.Sub(t) < validFor
}

// formToken binds the page's button to this host, person and notice
// version for formValidFor: another site cannot make one.
func (s *Server) formToken(host string, id identity.Identity, version string, now time.Time) string {
	at := strconv.FormatInt(now.Unix(), 10)
	return at + "." + version + "." + b64.EncodeToString(s.mac("form", hostOnly(host), id.User, version, at))
}

type tokenResult int

const (
	tokenOK    tokenResult = iota
	tokenBad               // not ours: refused
	tokenStale             // ours, but for an older notice text or too old
)

func (s *Server) checkFormToken(tok, host string, id identity.Identity, version string, now time.Time) tokenResult {
	at, rest, ok := strings.Cut(tok, ".")
	ver, sig, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 {
		return tokenBad
	}
	got, err := b64.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac("form", hostOnly(host), id.User, ver, at)) {
		return tokenBad
	}
	sec, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return tokenBad
	}
	if t := time.Unix(sec, 0); ver != version || now.Sub(t) > formValidFor || t.After(now.Add(5*time.Minute)) {
		return tokenStale
	}
	return tokenOK
}

// htmlResponse is a page schleuse answers itself: no caching, no framing,
// nothing loaded from elsewhere (noticeCSP).
func htmlResponse(r *http.Request, status int, page []byte) *http.Response {
	resp := ownResponse(r, status, "text/html; charset=utf-8", page)
	resp.Header.Set("Content-Security-Policy", noticeCSP)
	// Not no-referrer: with it, Chrome sends the button's POST with
	// "Origin: null", which acknowledge cannot tell from another site's.
	resp.Header.Set("Referrer-Policy", "same-origin")
	resp.Header.Set("X-Frame-Options", "DENY")
	return resp
}

// ownResponse is a body schleuse answers itself, of the content type
// given: as textResponse's (not cached), never sniffed as another type.
func ownResponse(r *http.Request, status int, contentType string, body []byte) *http.Response {
	resp := textResponse(r, status, "", "")
	resp.Header.Set("Content-Type", contentType)
	resp.Header.Set("X-Content-Type-Options", "nosniff")
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp
}

// noticeStyle is the page's only style; the CSP admits it by its hash.
const noticeStyle = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f4f4;color:#222;line-height:1.45}` +
	`main{max-width:46em;margin:2em auto;padding:1.5em 2em;background:#fff;border-top:.4em solid #1565c0}` +
	`h1{font-size:1.35em;margin-top:0}h2{font-size:1.05em;margin:1.3em 0 .3em}` +
	`section[lang=en]{margin-top:2.5em;padding-top:1em;border-top:1px solid #ccc;color:#444}` +
	`button{font-size:1.05em;padding:.6em 1.2em;background:#1565c0;color:#fff;border:0;border-radius:.2em;cursor:pointer}` +
	`button:focus{outline:3px solid #a36f00;outline-offset:2px}small{color:#555}`

var noticeCSP = func() string {
	sum := sha256.Sum256([]byte(noticeStyle))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}()

// appName is the web app's name as the notice's button says it: the
// catalogue's name without its "(Web)" ("weiter zu ChatGPT", not "zu
// ChatGPT (Web)": the person is in the browser), else its host.
func appName(svc *Service) string {
	n := strings.TrimSpace(svc.Name)
	switch {
	case n == "":
		return svc.Hosts[0]
	case strings.HasSuffix(n, " (Web)"):
		return strings.TrimSuffix(n, " (Web)")
	case strings.HasSuffix(n, ", Web)"):
		return strings.TrimSuffix(n, ", Web)") + ")"
	}
	return n
}

type noticeData struct {
	Service, Host            string
	Pseudonymized            bool
	RetentionDE, RetentionEN string
	Contact, PolicyURL       string
	ValidDaysDE, ValidDaysEN string
	Return, Token            string
	Style                    template.CSS
}

// renderNotice renders the page for svc with the form's fields (the path
// to return to, the token); version is the hash of the page without them:
// a changed text (another contact, retention, wording) has another
// version, and every confirmation of the old one is void.
func renderNotice(cfg *config.Config, svc *Service, ret, token string) (page []byte, version string) {
	d := noticeData{
		Service: appName(svc), Host: svc.Hosts[0],
		Pseudonymized: cfg.Audit.PseudonymizeUsers == nil || *cfg.Audit.PseudonymizeUsers,
		Contact:       cfg.Notice.Contact, PolicyURL: cfg.Notice.PolicyURL,
		ValidDaysDE: daysText(cfg.Notice.ValidFor, true), ValidDaysEN: daysText(cfg.Notice.ValidFor, false),
		Style: template.CSS(noticeStyle),
	}
	d.RetentionDE, d.RetentionEN = "ohne festgelegte Löschfrist aufbewahrt", "kept without a set deletion period"
	if r := cfg.Audit.Retention; r > 0 {
		d.RetentionDE, d.RetentionEN = daysText(r, true)+" aufbewahrt und danach gelöscht", "kept for "+daysText(r, false)+", then deleted"
	}
	var b bytes.Buffer
	if err := noticeTmpl.Execute(&b, d); err != nil {
		panic("proxy: notice template: " + err.Error()) // a fixed template and its data
	}
	sum := sha256.Sum256(b.Bytes())
	version = hex.EncodeToString(sum[:8])
	if ret == "" && token == "" {
		return b.Bytes(), version
	}
	d.Return, d.Token = ret, token
	b.Reset()
	if err := noticeTmpl.Execute(&b, d); err != nil {
		panic("proxy: notice template: " + err.Error())
	}
	return b.Bytes(), version
}

// daysText is a duration as staff read it: "365 Tagen" / "365 days", or
// hours below a day.
func daysText(d time.Duration, de bool) string {
	if d < 24*time.Hour || d%(24*time.Hour) != 0 {
		h := int64(d / time.Hour)
		if de {
			return strconv.FormatInt(h, 10) + " Stunden"
		}
		return strconv.FormatInt(h, 10) + " hours"
	}
	n := int64(d / (24 * time.Hour))
	if de {
		if n == 1 {
			return "1 Tag"
		}
		return strconv.FormatInt(n, 10) + " Tage"
	}
	if n == 1 {
		return "1 day"
	}
	return strconv.FormatInt(n, 10) + " days"
}

var noticeTmpl = template.Must(template.New("notice").Parse(`<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>schleuse – Hinweis zu {{.Service}} (notice)</title>
<style>{{.Style}}</style>
</head>
<body>
<main>
<section lang="de" aria-labelledby="h-de">
<h1 id="h-de">Hinweis: {{.Service}} wird über die schleuse genutzt</h1>
<p>Sie rufen {{.Service}} ({{.Host}}) auf, einen KI-Dienst. Ihre Verwaltung leitet ihn über die
<b>schleuse</b>, eine Datenschutz-Schleuse für KI-Dienste. Bitte lesen Sie einmal, was das für Sie bedeutet.</p>
<h2>Was geprüft wird</h2>
<p>Jede Eingabe wird vor dem Senden auf personenbezogene und vertrauliche Daten geprüft, auch hochgeladene
Dateien und frühere Nachrichten des Chats: zum Beispiel Namen, Anschriften, Geburtsdaten, IBAN, Steuer-ID,
Aktenzeichen, Gesundheitsdaten, Passwörter und VS-NfD-Kennzeichnungen. Nach der KI-Richtlinie wird die
Eingabe dann unverändert gesendet, die gefundenen Angaben werden durch Platzhalter ersetzt (etwa
„[PERSON_1]“; in der Antwort sehen Sie wieder die Originalwerte), Sie erhalten eine Warnung, die Sie mit
einer Zeile „#freigabe: Begründung“ bestätigen können, oder die Eingabe wird nicht gesendet. Der Hinweis
der schleuse nennt dann den Grund und eine Vorgangsnummer.</p>
<h2>Was protokolliert wird</h2>
<p>Zu jeder geprüften Anfrage ein Eintrag im Audit-Log: Zeit, Dienst, Entscheidung, die Regel der
KI-Richtlinie (z. B. KI-RL-3.2) und die Art und Anzahl der gefundenen Angaben (z. B. „IBAN: 1“), dazu
{{if .Pseudonymized}}ein Pseudonym statt Ihres Namens{{else}}Ihr Anmeldename{{end}}.
<b>Nicht gespeichert</b> werden Ihre Eingaben, die Antworten und die gefundenen Werte selbst. Die Einträge
werden {{.RetentionDE}}.</p>
<h2>Entscheidungen trifft ein Mensch</h2>
<p>In Personal- und Sozialangelegenheiten (etwa Bewerberauswahl, Sozialleistungen) entscheidet nach der
KI-Richtlinie immer ein Mensch, nie die KI; Anfragen dieser Art mit personenbezogenen Daten werden nicht
gesendet. Prüfen Sie jedes Ergebnis der KI, bevor Sie es verwenden.</p>
<h2>Fragen</h2>
<p>Fragen beantwortet {{if .Contact}}{{.Contact}}{{else}}Ihre oder Ihr Datenschutzbeauftragte(r){{end}}.
{{- if .PolicyURL}} Die KI-Richtlinie Ihrer Verwaltung: <a href="{{.PolicyURL}}" rel="noreferrer">{{.PolicyURL}}</a>.{{end}}</p>
<p><small>Ihre Bestätigung gilt {{.ValidDaysDE}} in diesem Browser; ändert sich dieser Hinweis, sehen Sie ihn erneut.
Erscheint er nach der Bestätigung immer wieder, lässt Ihr Browser keine Cookies für {{.Host}} zu.</small></p>
<form method="post" action="/.schleuse/ack">
<input type="hidden" name="return" value="{{.Return}}">
<input type="hidden" name="token" value="{{.Token}}">
<button type="submit" id="notice-ack">Verstanden – weiter zu {{.Service}}</button>
</form>
</section>
<section lang="en" aria-labelledby="h-en">
<h2 id="h-en">Notice: {{.Service}} is used through schleuse</h2>
<p>Your administration routes this AI service through <b>schleuse</b>, a data-protection gateway. Every
prompt, uploaded file and earlier chat message is checked for personal and confidential data (names,
addresses, dates of birth, IBAN, tax id, case references, health data, passwords, classification
markings). Following the AI policy, the prompt is sent unchanged, the data are replaced by placeholders
(restored in the answer), you are warned (confirm with a line “#freigabe: reason”), or it is not sent.</p>
<p>The audit log records, for every inspected request, time, service, decision, the policy rule and the
kind and number of data found, with {{if .Pseudonymized}}a pseudonym instead of your name{{else}}your login name{{end}};
never your prompts, the answers or the values found. Records are {{.RetentionEN}}. In HR and social-welfare
matters (e.g. selecting applicants, benefits) a human always decides, never the AI; check every result before
you use it. Questions: {{if .Contact}}{{.Contact}}{{else}}your data-protection officer{{end}}.
{{- if .PolicyURL}} AI policy: <a href="{{.PolicyURL}}" rel="noreferrer">{{.PolicyURL}}</a>.{{end}}
Your confirmation holds for {{.ValidDaysEN}} in this browser.</p>
<form method="post" action="/.schleuse/ack">
<input type="hidden" name="return" value="{{.Return}}">
<input type="hidden" name="token" value="{{.Token}}">
<button type="submit" id="notice-ack-en">Understood – continue to {{.Service}}</button>
</form>
</section>
</main>
</body>
</html>
`))
