package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/elazarl/goproxy"
	"golang.org/x/net/http/httpguts"

	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/providers"
)

// handleConnect chooses interception, blind tunnel or refusal for a CONNECT.
func (s *Server) handleConnect(host string, ctx *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
	svc := s.live().cat.Lookup(host)
	id, _ := ctx.Req.Context().Value(identityKey{}).(identity.Identity)
	if svc == nil || svc.Mode == ModeTunnel {
		if s.metrics != nil {
			s.metrics.Tunnel(ctx.Req.Context())
		}
		return goproxy.OkConnect, host
	}
	if svc.Mode == ModeBlock && len(svc.Paths) == 0 && s.metrics != nil {
		// Counted once per connection; its requests are answered with the
		// notice (handleRequest). On a shared host only the service's
		// requests are, each counted then.
		s.metrics.ConnectBlocked(ctx.Req.Context(), "host")
	}
	// A service the catalogue blocks is intercepted as well, and every
	// request in it answered with the German notice (handleRequest, as for
	// a service blocked by a reload): a browser shows nothing of a refused
	// CONNECT's answer (Chrome: ERR_TUNNEL_CONNECTION_FAILED, Firefox: "The
	// proxy server is refusing connections"), so staff never learnt why.
	// Nothing is forwarded.
	g, _ := ctx.Req.Context().Value(guardKey{}).(*clientGuard)
	if g != nil {
		g.intercept()
	}
	stamp, _ := ctx.Req.Context().Value(stampKey{}).(string)
	ctx.UserData = &connInfo{connect: host, svc: svc, id: id, stamp: stamp, guard: g, regrouped: new(atomic.Pointer[identity.Identity])}
	ctx.RoundTripper = goproxy.RoundTripperFunc(s.roundTrip)
	return s.mitm, host
}

// blockedServiceDE and blockedServiceEN are the text notice (German first)
// of a service the catalogue blocks. Whom to ask is the sentence every
// block notice ends with ("Fragen beantwortet …", "Questions: …"), filled
// in with notice.contact by withContact as theirs is, and as the blocked
// service's page says it; before, these two wrote their own fallback
// ("Welche freigegeben sind, beantwortet …", "which ones are: …").
func blockedServiceDE(svc *Service, contact string) string {
	return withContact(blockedServiceReasonDE(svc)+" Fragen beantwortet Ihre oder Ihr Datenschutzbeauftragte(r).", contact)
}

func blockedServiceEN(svc *Service, contact string) string {
	return withContact(blockedServiceReasonEN(svc)+" Questions: your data-protection officer.", contact)
}

// blockedServiceReasonDE and blockedServiceReasonEN are the notice without
// whom to ask: the reason of a chat's notice (blockText), which says that
// itself.
func blockedServiceReasonDE(svc *Service) string {
	if svc.WhyDE != "" {
		return fmt.Sprintf("schleuse: Der KI-Dienst %s ist gesperrt. %s", svc.Title(), svc.WhyDE)
	}
	return fmt.Sprintf("schleuse: Der KI-Dienst %s ist gemäß der KI-Richtlinie Ihrer Verwaltung gesperrt. Bitte nutzen Sie einen freigegebenen Dienst.", svc.Title())
}

func blockedServiceReasonEN(svc *Service) string {
	if svc.WhyEN != "" {
		return fmt.Sprintf("schleuse: the AI service %s is blocked. %s", svc.Title(), svc.WhyEN)
	}
	return fmt.Sprintf("schleuse: the AI service %s is blocked by your organisation's AI policy. Please use an approved service.", svc.Title())
}

// The notice for an inspected service reached without TLS.
const (
	notHTTPSde = "schleuse: KI-Dienste sind nur über HTTPS erreichbar. Bitte rufen Sie den Dienst mit https:// auf."
	notHTTPSen = "schleuse: AI services are reachable over HTTPS only; use https://."
)

// handleRequest runs for plain-HTTP proxy requests and for every request
// inside an interception.
func (s *Server) handleRequest(r *http.Request, ctx *goproxy.ProxyCtx) (*http.Request, *http.Response) {
	ci, _ := ctx.UserData.(*connInfo)
	if ci == nil {
		// Plain HTTP through the proxy (no CONNECT).
		id, _ := r.Context().Value(identityKey{}).(identity.Identity)
		svc := s.live().cat.Lookup(r.URL.Host)
		ctx.RoundTripper = goproxy.RoundTripperFunc(s.roundTrip)
		switch {
		case svc == nil || svc.Mode == ModeTunnel || !svc.covers(r.URL):
			return r, nil
		case svc.Mode == ModeBlock:
			// As the CONNECT to a blocked service (handleConnect): counted,
			// and the notice names what to do instead.
			if s.metrics != nil {
				s.metrics.ConnectBlocked(r.Context(), "host")
			}
			return r, blockedServiceResponse(r, s.live().cfg, svc)
		case r.URL.Scheme != "https":
			// The prompt, even redacted, would cross the internet unencrypted.
			s.connectBlocked(r, "host")
			return r, s.refused(r, &connInfo{svc: svc, id: id}, "not_https", http.StatusForbidden, notHTTPSde, notHTTPSen)
		}
		ci = &connInfo{svc: svc, id: id}
		ctx.UserData = ci
	}
	if ci.connect != "" && !sameTarget(ci.connect, r) {
		// goproxy sends a request inside an interception to its own Host
		// (HTTP/1) or :authority (HTTP/2), not to the CONNECT target: a
		// client could reach any host and port through an inspected
		// service's tunnel (the catalogue's blocked services, services the
		// policy does not approve, the proxy host's own ports).
		s.connectBlocked(r, "host")
		return r, s.refused(r, ci, "misdirected", http.StatusMisdirectedRequest, "schleuse: Diese Anfrage nennt einen anderen Server als die Verbindung und wurde deshalb nicht weitergeleitet.", "schleuse: the request names another host than its CONNECT tunnel; it was not forwarded.")
	}
	if ci.connect != "" && r.URL.Scheme != "https" {
		// A client that does not start TLS inside the tunnel: goproxy
		// reads its plain HTTP (or h2c) all the same, and the request
		// would go to the service's port unencrypted. The same rule as for
		// plain HTTP through the proxy.
		s.connectBlocked(r, "host")
		resp := s.refused(r, ci, "not_https", http.StatusForbidden, notHTTPSde, notHTTPSen)
		resp.Close = true
		return r, resp
	}
	if ci.connect != "" && r.Method == http.MethodConnect {
		// A CONNECT inside an interception went on to the service as a
		// CONNECT: a host that honoured it would give the client a tunnel
		// through it that schleuse does not read.
		s.connectBlocked(r, "host")
		resp := s.refused(r, ci, "connect_inside", http.StatusMethodNotAllowed, "schleuse: Innerhalb einer geprüften Verbindung ist CONNECT nicht erlaubt.", "schleuse: CONNECT is not allowed inside an inspected connection.")
		resp.Close = true
		return r, resp
	}
	if ci.connect != "" && !s.stillAdmitted(r, ci) {
		// The proxy login of this connection no longer holds (user
		// removed, password changed, login now required, client
		// address no longer allowed): the connection ends, and the
		// browser's next CONNECT asks for the login again.
		if ci.guard != nil {
			ci.guard.end()
		}
		s.connectBlocked(r, "auth")
		resp := s.refused(r, ci, "login_expired", http.StatusForbidden, "schleuse: Ihre Anmeldung am Proxy gilt nicht mehr. Bitte laden Sie die Seite neu und melden Sie sich erneut an.", "schleuse: your proxy login is no longer valid; reload the page and log in again.")
		resp.Close = true
		return r, resp
	}
	if ci.connect != "" {
		if err := s.regroup(r, ci); err != nil {
			// The directory cannot say the user's groups now: the request
			// is blocked, as at a login (fail closed).
			s.connectBlocked(r, "directory")
			resp := s.refused(r, ci, "directory", http.StatusServiceUnavailable, identity.PublicMessage(err), "schleuse: your group membership could not be checked, so the request was blocked; please contact IT.")
			// With the Vorgangsnummer staff are shown, as every line
			// about a request; before, none.
			s.log.Warn("Verzeichnisabfrage (LDAP) innerhalb einer Verbindung gescheitert: Anfrage blockiert / directory lookup inside a connection failed: request blocked", "request_id", resp.Header.Get("X-Schleuse-Request-Id"), "error", err.Error())
			return r, resp
		}
	}
	if ci.connect != "" {
		// The catalogue may have changed (SIGHUP) since the CONNECT, and a
		// browser keeps its connection to a chat service open for hours:
		// a service blocked since is refused here too, one whose entry
		// changed is inspected as it now stands. One that is no longer
		// inspected (tunnel, removed) stays inspected as the CONNECT
		// decided: this connection was decrypted for it.
		switch cur := s.live().cat.Lookup(ci.connect); {
		case cur != nil && cur.Mode == ModeBlock && cur.covers(r.URL):
			contact := s.live().cfg.Notice.Contact
			de, en := blockedServiceDE(cur, contact), blockedServiceEN(cur, contact)
			if ci.svc.Mode == ModeBlock {
				// Blocked at its CONNECT (counted then, on a shared host
				// here), intercepted only to show this: not audited, as
				// the refused CONNECT was not (a browser's tab and
				// background requests would fill the log).
				if len(cur.Paths) > 0 && s.metrics != nil {
					s.metrics.ConnectBlocked(r.Context(), "host")
				}
				return r, blockedServiceResponse(r, s.live().cfg, cur)
			}
			if s.metrics != nil {
				s.metrics.ConnectBlocked(r.Context(), "host")
			}
			return r, s.refusedAs(r, ci, "service_blocked", http.StatusForbidden, blockedServiceReasonDE(cur), blockedServiceReasonEN(cur), de, en)
		case cur != nil && cur.Mode == ModeInspect && cur != ci.svc:
			c := *ci
			c.svc = cur
			ci = &c
		}
	}
	if !ci.svc.covers(r.URL) {
		// A shared host's other pages (the search engine around Duck.ai,
		// the rest of X): not the service. Forwarded as they are, not
		// read, not audited, the answer untouched (handleResponse); their
		// bodies and WebSockets stream, bounded per read.
		if ci.guard != nil {
			ci.guard.open()
		}
		return r, nil
	}
	if isUpgrade(r.Header) && (r.Method != http.MethodGet || r.ContentLength != 0 || len(r.TransferEncoding) > 0) {
		// An upgrade is not inspected as a request: only its messages are.
		// A POST with a body that merely asks for one would reach the
		// service as a usual request, its body never read.
		return r, s.refused(r, ci, "upgrade_with_body", http.StatusBadRequest, "schleuse: Eine WebSocket-Anfrage darf keinen Inhalt haben; die Anfrage wurde nicht weitergeleitet.", "schleuse: a WebSocket upgrade must be a GET without a body; the request was not forwarded.")
	}
	if de, en := malformedHead(r.Header); de != "" {
		// A head the service's connection cannot carry (a header name
		// with a blank before its colon, "Transfer-Encoding :", which the
		// client's reader took as a name of its own; an upgrade to
		// another protocol than WebSocket, h2c on a POST): the request
		// never reached the service, but the client was told 502, "the
		// AI service cannot be reached", and staff and IT looked for an
		// outage (sec24). Refused as malformed, before inspection.
		return r, s.refused(r, ci, "malformed_request", http.StatusBadRequest,
			"schleuse: Die Anfrage wurde als fehlerhaft abgelehnt ("+de+") und nicht an den KI-Dienst gesendet. Browser und Programme senden so etwas nicht; bitte wenden Sie sich an die IT, wenn Sie die Meldung wiederholt sehen.",
			"schleuse: the request was refused as malformed ("+en+") and was not sent to the AI service. Browsers and programs send no such request; contact IT if you see this again.")
	}
	if s.isSelf(r.Host) {
		s.connectBlocked(r, "admin")
		return r, s.refused(r, ci, "admin", http.StatusForbidden, "schleuse: Die Verwaltungsoberfläche ist über den Proxy nicht erreichbar.", "schleuse: the admin listener is not reachable through the proxy.")
	}
	if g := ci.guard; g != nil {
		// An upgrade opens the guard only once the service switched
		// protocols (wrapResponse): a refused one must not leave the
		// connection without head deadlines and size cap.
		g.requestHead()
		defer g.requestRead()
	}
	// The notice's confirmation cookie is schleuse's: never sent on to
	// the service, nor inspected as the request's.
	ack := takeAckCookie(r.Header)
	if resp := s.firstUse(r, ci, ack); resp != nil {
		return r, resp
	}
	return s.inspect(r, ctx, ci, s.noticeMissing(r, ci, ack))
}

// inspectRecovered runs the inspector; a panic in it (a parser or
// detector bug that hostile input found) blocks this request (nil: "could
// not be inspected") instead of ending the process, and with it every
// user's connections. The log names the panic's type and where it
// happened, never its value, which may quote the request.
func (s *Server) inspectRecovered(ctx context.Context, x *Exchange) (v *Verdict) {
	defer func() {
		if p := recover(); p != nil {
			v = nil
			s.log.Error("Prüfung mit einem Panic abgebrochen (Stelle unter at): Anfrage blockiert / inspection failed with a panic: request blocked", "request_id", x.RequestID, "service", x.Service.ID,
				"panic_type", fmt.Sprintf("%T", p), "at", panicSite())
		}
	}()
	return s.insp.Inspect(ctx, x)
}

// panicSite is the function and file:line that panicked, read in a
// deferred recover from the stack (no argument values).
func panicSite() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	after := false
	for {
		f, more := frames.Next()
		if after && !strings.HasPrefix(f.Function, "runtime.") {
			return fmt.Sprintf("%s (%s:%d)", f.Function, filepath.Base(f.File), f.Line)
		}
		if f.Function == "runtime.gopanic" {
			after = true
		}
		if !more {
			return "unknown"
		}
	}
}

// stillAdmitted reports whether the client of an intercepted connection
// would still be let in as at its CONNECT: its address is allowed and its
// identity rests on what it rested on then (a reload of the htpasswd file
// or the configuration can change both while a browser keeps its
// connection open for hours).
func (s *Server) stillAdmitted(r *http.Request, ci *connInfo) bool {
	live := s.live()
	if !live.ident.ClientAllowed(remoteAddr(r.RemoteAddr)) {
		return false
	}
	st, ok := live.ident.(stamper)
	if !ok {
		return true
	}
	now := st.Stamp(ci.id)
	return now != "" && now == ci.stamp
}

// regroup looks at the directory groups of an intercepted connection's
// identity again once the LDAP cache's entry they came from expired
// (identity's Regroup; before, it costs a time comparison): a keep-alive
// tunnel lives for hours, and a user taken out of a group must lose what
// the group allowed at the connection's next request. Later requests get
// the new groups (connInfo.identity).
func (s *Server) regroup(r *http.Request, ci *connInfo) error {
	rg, ok := s.live().ident.(regrouper)
	if !ok || ci.regrouped == nil {
		return nil
	}
	cur := ci.identity()
	id, looked, err := rg.Regroup(r.Context(), cur)
	if err != nil {
		return err
	}
	if looked {
		ci.regrouped.Store(&id)
	}
	return nil
}

// sameTarget reports whether an intercepted request goes to its CONNECT
// target: the URL it will be sent to and its Host header name the same host
// and port (a missing port is the scheme's default).
func sameTarget(connect string, r *http.Request) bool {
	host, port := hostOnly(connect), portOf(connect, 443)
	def := 443
	if r.URL.Scheme == "http" {
		def = 80
	}
	for _, hp := range []string{r.URL.Host, r.Host} {
		if hostOnly(hp) != host || portOf(hp, def) != port {
			return false
		}
	}
	return true
}

// inspect reads the body (capped), runs the inspector and acts on its verdict.
// noticeMissing: the first-use notice has not been confirmed for this
// browser request (Exchange.noticeMissing).
func (s *Server) inspect(r *http.Request, ctx *goproxy.ProxyCtx, ci *connInfo, noticeMissing bool) (*http.Request, *http.Response) {
	for _, h := range forwardingHeaders {
		r.Header.Del(h)
	}
	x := &Exchange{RequestID: newRequestID(), Service: ci.svc, Identity: ci.identity(), Request: r, Start: time.Now(), noticeMissing: noticeMissing}
	if s.draining.Load() {
		resp := s.refusedAnswer(r, x, "shutting_down", http.StatusServiceUnavailable, "schleuse wird gerade neu gestartet. Bitte senden Sie Ihre Anfrage in einigen Sekunden erneut.", "schleuse is restarting; please send again in a few seconds.")
		resp.Close = true
		return r, resp
	}
	if isUpgrade(r.Header) {
		if _, ok := s.insp.(MessageInspector); !ok {
			return r, s.answer(r, x, http.StatusForbidden, "schleuse: WebSocket-Verbindungen zu diesem KI-Dienst können nicht geprüft werden und sind deshalb gesperrt.", "schleuse: WebSocket connections to this AI service cannot be inspected and are blocked.")
		}
		// Compressed frames could not be read: never offer compression.
		r.Header.Del("Sec-WebSocket-Extensions")
		// The upgrade request itself carries no body, but its URL and
		// headers go to the service: inspected as any request's.
		v := s.inspectRecovered(r.Context(), x)
		if v == nil {
			return r, s.refusedAnswer(r, x, "inspection_failed", http.StatusForbidden, "schleuse: Die Anfrage konnte nicht geprüft werden und wurde deshalb blockiert.", "schleuse: the request could not be inspected and was blocked.")
		}
		if v.Answer != nil {
			s.begin(ctx, &reqState{connInfo: ci, x: x, v: v})
			return r, answerResponse(r, x, v.Answer)
		}
		s.begin(ctx, &reqState{connInfo: ci, x: x, v: &Verdict{ws: true}})
		return r, nil
	}
	if r.Body != nil && r.Body != http.NoBody {
		limit := int64(s.live().cfg.Inspect.MaxBodyBytes)
		if r.ContentLength > limit {
			x.Oversize = r.ContentLength
		} else {
			body, err := readBody(r.Body, r.ContentLength, limit)
			if err != nil {
				s.log.Info("Body der Anfrage nicht lesbar / request body unreadable", "request_id", x.RequestID, "service", ci.svc.ID, "error_kind", fmt.Sprintf("%T", err))
				providers.ReleaseBody(body)
				return r, s.refusedAnswer(r, x, "incomplete_body", http.StatusBadRequest, "schleuse: Die Anfrage war unvollständig und wurde nicht weitergeleitet. Bitte senden Sie sie erneut.", "schleuse: the request body was incomplete; it was not forwarded. Please send it again.")
			}
			if int64(len(body)) > limit {
				x.Oversize = int64(len(body))
				providers.ReleaseBody(body)
			} else {
				x.Body = body
			}
		}
	}
	v := s.inspectRecovered(r.Context(), x)
	if x.Oversize > 0 && (v == nil || v.Answer == nil) {
		// Never forward what was not read: the inspector did not block.
		resp := s.tooLarge(r, x)
		resp.Close = true
		return r, resp
	}
	if v != nil && v.Answer == nil && !overlaps(v.Forward, x.Body) {
		// The body read above is no longer referenced (Inspector's
		// contract): only Forward goes on, and it is another buffer.
		providers.ReleaseBody(x.Body)
		x.Body = nil
	}
	if v == nil {
		// The inspection failed with a panic (inspectRecovered): the
		// block is recorded as any other, with the notice in the
		// service's form when the inspector keeps the audit log.
		x.Body = nil
		if v = s.refuseRecovered(r.Context(), x, "inspection_failed", "Die Anfrage konnte nicht geprüft werden und wurde deshalb blockiert.",
			"The request could not be inspected and was blocked."); v == nil || v.Answer == nil {
			return r, s.answer(r, x, http.StatusForbidden, "schleuse: Die Anfrage konnte nicht geprüft werden und wurde deshalb blockiert. Bitte wenden Sie sich mit der Vorgangsnummer an Ihre IT.", "schleuse: the request could not be inspected and was blocked. Please contact IT with the reference number.")
		}
	}
	s.begin(ctx, &reqState{connInfo: ci, x: x, v: v})
	if v.Answer != nil {
		resp := answerResponse(r, x, v.Answer)
		// The rest of an oversized body was not read: the connection
		// cannot carry another request.
		resp.Close = x.Oversize > 0
		return r, resp
	}
	// Forward's buffer is reused once the Transport closes the body
	// (Inspector's contract: nothing else holds it).
	r.Body = newForwardBody(v.Forward)
	r.ContentLength = int64(len(v.Forward))
	r.Header.Set("Content-Length", strconv.Itoa(len(v.Forward)))
	v.Forward = nil
	r.TransferEncoding = nil
	// Trailer fields are not inspected: they never go upstream (HTTP/2
	// would send them after the body).
	r.Trailer = nil
	r.Header.Del("Trailer")
	if v.DropContentEncoding {
		r.Header.Del("Content-Encoding")
	}
	if v.PlainResponse {
		r.Header.Del("Accept-Encoding")
	}
	return r, nil
}

// reqState replaces connInfo on the ctx of one intercepted request, so that
// the response handler finds the verdict. goproxy gives every request inside
// an interception its own ctx.
type reqState struct {
	*connInfo
	x     *Exchange
	v     *Verdict
	ended atomic.Bool
	// wrapped is set once wrapResponse ran (in roundTrip, or else in
	// handleResponse; both in the request's goroutine).
	wrapped bool
}

// begin marks an inspected request in flight until its response is done;
// Shutdown waits for these.
func (s *Server) begin(ctx *goproxy.ProxyCtx, st *reqState) {
	s.inflight.Add(1)
	ctx.UserData = st
}

func (st *reqState) end(s *Server) {
	if st.ended.CompareAndSwap(false, true) {
		s.inflight.Add(-1)
	}
}

func (s *Server) tooLarge(r *http.Request, x *Exchange) *http.Response {
	limit := int64(s.live().cfg.Inspect.MaxBodyBytes)
	return s.answer(r, x, http.StatusRequestEntityTooLarge,
		fmt.Sprintf("schleuse: Die Anfrage ist größer als %s und kann nicht auf personenbezogene Daten geprüft werden. Sie wurde deshalb blockiert. Bitte kürzen Sie den Text.", sizeText(limit, true)),
		fmt.Sprintf("schleuse: the request is larger than %s and cannot be inspected, so it was blocked.", sizeText(limit, false)))
}

// sizeText is a size limit as staff read it: "10 MiB", "1,5 MiB" (German
// decimal comma) or "512 KiB", never rounded to a figure it does not
// reach ("0 MiB" for 1 KiB, "2 MiB" for 1.5 MiB).
// wsRefusalText is the notice (de, en) for a client WebSocket message that
// ends the connection (wsConn.fail's reason; max the message cap).
func wsRefusalText(reason string, max int64) (de, en string) {
	switch reason {
	case "message_too_large":
		return fmt.Sprintf("Die Nachricht ist größer als %s und kann nicht auf personenbezogene Daten geprüft werden. Sie wurde nicht gesendet, die Verbindung wurde geschlossen. Bitte kürzen Sie den Text oder teilen Sie ihn auf.", sizeText(max, true)),
			fmt.Sprintf("The message is larger than %s and cannot be inspected for personal data. It was not sent and the connection was closed. Please shorten the text or split it up.", sizeText(max, false))
	case "not_admitted":
		return "Die Verbindung wurde geschlossen: Ihre Anmeldung gilt nicht mehr oder der KI-Dienst ist inzwischen gesperrt. Die Nachricht wurde nicht gesendet. Bitte laden Sie die Seite neu.",
			"The connection was closed: your login is no longer valid or the AI service has been blocked since. The message was not sent. Please reload the page."
	}
	return "Die WebSocket-Verbindung wurde geschlossen: Eine Nachricht konnte nicht geprüft werden und wurde nicht gesendet.",
		"The WebSocket connection was closed: a message could not be inspected and was not sent."
}

func sizeText(n int64, de bool) string {
	unit, div := "KiB", int64(1<<10)
	switch {
	case n >= 1<<20:
		unit, div = "MiB", 1<<20
	case n < 1<<10:
		return fmt.Sprintf("%d Bytes", n)
	}
	if n%div == 0 {
		return fmt.Sprintf("%d %s", n/div, unit)
	}
	v := strconv.FormatFloat(float64(n*10/div)/10, 'f', -1, 64) // rounded down to a tenth
	if de {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v + " " + unit
}

// forwardingHeaders are what proxies write about a client (its address
// chain, the host and scheme it asked for). In a request to an inspected
// service they are removed before inspection and never forwarded: the
// service has no business with the municipality's internal addresses, and
// a client can write any text there, which the inspection would either
// have to leave uninspected or block every request behind a proxy for
// ("10.0.0.5, 10.0.0.6" reads as IP addresses).
var forwardingHeaders = []string{"X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "Forwarded", "X-Real-Ip", "Via"}

// refusedAnswer is answer for a request the server refuses itself, with the
// block recorded (Refuser; the rule schleuse:KIND).
func (s *Server) refusedAnswer(r *http.Request, x *Exchange, kind string, status int, de, en string) *http.Response {
	s.refuseRecovered(r.Context(), x, kind, de, en)
	return s.answer(r, x, status, de, en)
}

// answer is a plain-text answer to an inspected request; it names the
// request's number, under which IT finds its audit record and log lines.
func (s *Server) answer(r *http.Request, x *Exchange, status int, de, en string) *http.Response {
	resp := textResponse(r, status, de+"\nVorgangsnummer: "+x.RequestID, en+"\nReference number: "+x.RequestID)
	resp.Header.Set("X-Schleuse-Request-Id", x.RequestID)
	return resp
}

// handleResponse wraps the responses of inspected requests that did not come
// from roundTrip (which wraps its own): the answers schleuse gives itself.
func (s *Server) handleResponse(resp *http.Response, ctx *goproxy.ProxyCtx) *http.Response {
	st, ok := ctx.UserData.(*reqState)
	if ci, shared := ctx.UserData.(*connInfo); shared && ci.connect != "" && resp != nil {
		// A shared host's other pages (handleRequest): QUIC would bypass
		// the proxy for the service's requests too.
		resp.Header.Del("Alt-Svc")
	}
	if !ok || resp == nil || st.wrapped {
		return resp
	}
	return s.wrapResponse(resp, ctx, st)
}

// wrapResponse ends the request when its body is closed and restores
// pseudonyms in the answer. roundTrip calls it, before goproxy sees the
// response: goproxy sends a body that a response handler replaced chunked
// (three TLS records per chunk), one it got from the RoundTripper with its
// length.
func (s *Server) wrapResponse(resp *http.Response, ctx *goproxy.ProxyCtx, st *reqState) *http.Response {
	st.wrapped = true
	if st.v.ws || resp.Body == nil || resp.Body == http.NoBody {
		st.end(s)
	} else {
		// Wrappers added below close this one, which ends the request.
		resp.Body = &doneBody{ReadCloser: resp.Body, done: func() { st.end(s) }}
	}
	// QUIC would bypass the proxy: never advertise it.
	resp.Header.Del("Alt-Svc")
	dropAckSetCookie(resp.Header)
	if st.v.Answer != nil {
		return resp
	}
	if st.v.ws {
		if resp.StatusCode == http.StatusSwitchingProtocols {
			if st.guard != nil {
				st.guard.open() // WebSocket: idle bound per read from now on
				st.guard.websocket()
			}
			up, ok := resp.Body.(io.ReadWriteCloser)
			if !ok {
				resp.Body.Close()
				const de, en = "schleuse: Die WebSocket-Verbindung konnte nicht geprüft werden. Bitte laden Sie die Seite neu; bleibt der Fehler, wenden Sie sich an Ihre IT.", "schleuse: the WebSocket connection could not be inspected. Reload the page; if it happens again, contact IT."
				s.refuseRecovered(context.WithoutCancel(ctx.Req.Context()), st.x, "websocket_uninspectable", de, en)
				return textResponse(resp.Request, http.StatusBadGateway, de, en)
			}
			resp.Header.Del("Sec-WebSocket-Extensions")
			mi := s.insp.(MessageInspector)
			wsCtx := context.WithoutCancel(ctx.Req.Context())
			maxWS := s.live().cfg.Inspect.MaxWebSocketFrame
			wc := newWSConn(wsCtx, up, mi, st.x, int(maxWS), func(reason string) [][]byte {
				// The message that could not be inspected is not sent, and
				// the connection ends: a block, recorded as one (a record of
				// its own, as every message has), told in the chat.
				xm := *st.x
				xm.RequestID, xm.Body = newRequestID(), nil
				s.log.Warn("WebSocket geschlossen: nicht prüfbar (Grund unter reason) / websocket closed: cannot inspect", "request_id", xm.RequestID, "upgrade_request_id", st.x.RequestID, "service", st.x.Service.ID, "reason", reason)
				de, en := wsRefusalText(reason, int64(maxWS))
				return s.refuseMessageRecovered(wsCtx, &xm, "websocket_"+reason, de, en)
			})
			// A logged-in user has one budget on all connections. Without
			// login the users behind one address (terminal server, NAT)
			// cannot be told apart: each connection (chat window) has the
			// user's budget, and the address a ceiling for all of them, so
			// that one person's messages do not silence the office.
			key := "user:" + st.x.Identity.User
			var conn *msgBucket
			if st.x.Identity.User == "" {
				key, conn = "ip:"+remoteAddr(st.x.Request.RemoteAddr).String(), &msgBucket{}
			}
			wc.allow = func() bool {
				cl := s.live().cfg.Client
				if conn == nil {
					return s.wsMsgs.allow(key, cl.WebSocketMessagesPerMinute, nil, 0, time.Now())
				}
				return s.wsMsgs.allow(key, cl.WebSocketMessagesPerMinutePerAddress, conn, cl.WebSocketMessagesPerMinute, time.Now())
			}
			wc.onRefuse = func(first bool) {
				if s.metrics != nil {
					s.metrics.ConnectBlocked(ctx.Req.Context(), "ws_rate")
				}
				if first {
					s.log.Warn("WebSocket-Nachricht abgewiesen: zu viele Nachrichten (client.websocket_messages_per_minute) / websocket message refused: too many messages", "request_id", st.x.RequestID, "service", st.x.Service.ID,
						"websocket_messages_per_minute", s.live().cfg.Client.WebSocketMessagesPerMinute)
				}
			}
			wc.onMediaDrop = func(first bool) {
				if s.metrics != nil {
					s.metrics.ConnectBlocked(ctx.Req.Context(), "ws_media")
				}
				if first {
					s.log.Info("WebSocket-Medien verworfen: ihr erstes Stück wurde abgewiesen / websocket media dropped: its first piece was refused", "request_id", st.x.RequestID, "service", st.x.Service.ID)
				}
			}
			wc.onMediaPass = func(first bool) {
				if mp, ok := s.metrics.(mediaPassCounter); ok {
					mp.MediaPassed(ctx.Req.Context())
				}
				if first {
					s.log.Info("WebSocket-Medien weitergeleitet: ihr erstes Stück wurde erlaubt, die weiteren gehen ohne eigenen Audit-Eintrag / websocket media passed: its first piece was allowed, the further ones go without a record of their own", "request_id", st.x.RequestID, "service", st.x.Service.ID)
				}
			}
			if st.connect != "" {
				req, ci, groups := st.x.Request, st.connInfo, st.x.Identity.Groups
				wc.admit = func() bool {
					cur := s.live().cat.Lookup(ci.connect)
					if !s.stillAdmitted(req, ci) || (cur != nil && cur.Mode == ModeBlock) {
						return false
					}
					// The messages go out under the upgrade's identity: once
					// the directory has other groups for the user (or
					// cannot say), the WebSocket ends and the browser's
					// next one is decided with the groups as they are.
					if err := s.regroup(req, ci); err != nil || !slices.Equal(ci.identity().Groups, groups) {
						return false
					}
					return true
				}
			}
			resp.Body = wc
		}
		return resp
	}
	if target, ok := s.redirectsOut(resp, st); !ok {
		// The client would send its body, as it wrote it, to a host
		// schleuse does not inspect: not the one schleuse forwarded
		// (redacted), and past schleuse (the PAC file sends other hosts
		// direct; a CONNECT to one is tunnelled blind).
		resp.Body.Close()
		s.log.Warn("Weiterleitung zu einem ungeprüften Host abgewiesen (target_host) / redirect to an uninspected host refused", "request_id", st.x.RequestID, "service", st.x.Service.ID,
			"status", resp.StatusCode, "target_host", target)
		return s.answer(resp.Request, st.x, http.StatusBadGateway,
			fmt.Sprintf("schleuse: Der KI-Dienst leitet die Anfrage an eine Adresse weiter, die schleuse nicht prüft (%s). Die Weiterleitung wurde nicht ausgeführt, damit Ihre Eingaben nicht ungeprüft dorthin gelangen. Bitte wenden Sie sich an die IT.", target),
			fmt.Sprintf("schleuse: the AI service redirects the request to an address schleuse does not inspect (%s). The redirect was not followed, so that your input does not reach it uninspected. Please contact IT.", target))
	}
	resp.Header.Set("X-Schleuse-Request-Id", st.x.RequestID)
	if st.v.Response != nil {
		s.rewriteRecovered(resp, st)
	}
	return resp
}

// browserLocation resolves a Location header against base as a browser
// reads it (the WHATWG URL parser): tabs and line breaks left out, controls
// and spaces at the ends trimmed, a backslash a slash ("/\other.example"
// is "//other.example", another host, not a path on this one), and the
// slashes before a host any number ("///other.example" is another host to
// a browser and to Node's fetch; Go's parser read a path on this one).
func browserLocation(base *url.URL, location string) (*url.URL, error) {
	raw := strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, location)
	raw = strings.TrimFunc(raw, func(r rune) bool { return r <= ' ' })
	if strings.HasPrefix(raw, "//") {
		raw = "//" + strings.TrimLeft(raw, "/")
	}
	loc, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("location: %w", err)
	}
	if base != nil {
		loc = base.ResolveReference(loc)
	}
	return loc, nil
}

// redirectsOut checks a 307 or 308 answer to a request with a body, which
// a client follows by sending the same body to the Location: ok is false
// when that is not an inspected service over HTTPS (a host outside the
// catalogue, one it tunnels, plain HTTP, a Location that does not parse),
// and target names its host for the notice and the log. Other answers, a
// 301, 302 or 303 (followed with a GET, without the body) and answers to
// requests without a body are ok.
func (s *Server) redirectsOut(resp *http.Response, st *reqState) (target string, ok bool) {
	if resp.StatusCode != http.StatusTemporaryRedirect && resp.StatusCode != http.StatusPermanentRedirect ||
		st.x.Request.ContentLength == 0 || resp.Header.Get("Location") == "" {
		return "", true
	}
	var base *url.URL
	if resp.Request != nil {
		base = resp.Request.URL
	}
	loc, err := browserLocation(base, resp.Header.Get("Location"))
	if err != nil || loc.Host == "" {
		return "?", false
	}
	target = hostOnly(loc.Host)
	if !hostName(target) {
		target = "?"
	}
	svc := s.live().cat.Lookup(loc.Host)
	return target, strings.EqualFold(loc.Scheme, "https") && svc != nil && svc.Mode != ModeTunnel
}

// rewriteRecovered runs the verdict's answer rewrite (restoring
// pseudonyms) so that a panic in it, now or while the answer streams (a
// restorer bug a hostile answer found), ends this answer with an error
// instead of the process, and with it every user's connections. The log
// names the panic's type and place, never its value.
func (s *Server) rewriteRecovered(resp *http.Response, st *reqState) {
	logPanic := func(p any) {
		s.log.Error("Umschreiben der Antwort mit einem Panic abgebrochen (Stelle unter at): Antwort abgeschnitten / answer rewrite failed with a panic: answer cut off", "request_id", st.x.RequestID, "service", st.x.Service.ID,
			"panic_type", fmt.Sprintf("%T", p), "at", panicSite())
	}
	orig := resp.Body
	func() {
		defer func() {
			if p := recover(); p != nil {
				logPanic(p)
				resp.Body = &errBody{err: errRewritePanic, src: orig}
				resp.ContentLength = -1
				resp.Header.Del("Content-Length")
			}
		}()
		st.v.Response(resp)
	}()
	if resp.Body != orig && resp.Body != nil {
		resp.Body = &recoveredBody{rc: resp.Body, onPanic: logPanic}
	}
}

var errRewritePanic = errors.New("proxy: the answer rewrite failed")

// recoveredBody turns a panic in Read, WriteTo or Close of the body it
// wraps into errRewritePanic.
type recoveredBody struct {
	rc      io.ReadCloser
	onPanic func(any)
	failed  bool
}

func (b *recoveredBody) recover(n *int, err *error) {
	if p := recover(); p != nil {
		if !b.failed {
			b.failed = true
			b.onPanic(p)
		}
		*n, *err = 0, errRewritePanic
	}
}

func (b *recoveredBody) Read(p []byte) (n int, err error) {
	if b.failed {
		return 0, errRewritePanic
	}
	defer b.recover(&n, &err)
	return b.rc.Read(p)
}

// WriteTo keeps the wrapped body's WriteTo (the restorers write each event
// as it comes, without io.Copy's buffer).
func (b *recoveredBody) WriteTo(w io.Writer) (n64 int64, err error) {
	if b.failed {
		return 0, errRewritePanic
	}
	var n int
	defer func() {
		b.recover(&n, &err)
		if err == errRewritePanic {
			n64 = 0
		}
	}()
	if wt, ok := b.rc.(io.WriterTo); ok {
		return wt.WriteTo(w)
	}
	return io.Copy(w, struct{ io.Reader }{b.rc})
}

func (b *recoveredBody) Close() (err error) {
	var n int
	defer b.recover(&n, &err)
	return b.rc.Close()
}

// doneBody calls done once, when the body is closed.
type doneBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *doneBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}

// roundTrip sends a request upstream; errors become a 502/504 with a
// message, never a closed connection.
func (s *Server) roundTrip(req *http.Request, ctx *goproxy.ProxyCtx) (*http.Response, error) {
	if s.dial.parent != "" && req.URL.Scheme == "http" {
		// A plain HTTP request goes to the parent as it is (newTransport):
		// marked, so that one coming back is seen (loopedBack).
		req.Header.Add("Via", "1.1 "+s.dial.via)
	}
	resp, err := s.tr.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusLoopDetected && resp.Header.Get("X-Schleuse-Loop") == s.dial.via {
		resp.Header.Del("X-Schleuse-Loop") // the mark stays between us and the parent
	}
	if err == nil && s.dial.parent != "" && req.URL.Scheme == "http" && resp.StatusCode == http.StatusProxyAuthRequired {
		// The parent's own login, asked of a plain HTTP request: passed
		// on, the browser would ask staff for a password meant for the
		// parent and send it to schleuse. A refusal like a CONNECT's.
		resp.Body.Close()
		hint := "upstream.proxy holds no login"
		if s.dial.login != nil {
			hint = "the login of upstream.proxy was not accepted"
		}
		resp, err = nil, fmt.Errorf("%w: %s answered %s %s with %d: %s", errParentRefused, s.dial.parent, req.Method, hostOnly(req.URL.Host), http.StatusProxyAuthRequired, hint)
	}
	if err == nil {
		if resp.StatusCode >= 500 && s.metrics != nil {
			s.metrics.UpstreamError(req.Context(), "status")
		}
		if st, ok := ctx.UserData.(*reqState); ok {
			if resp.StatusCode >= 500 {
				// The service took the request but did not answer it.
				s.recordUpstream(st, "status_5xx")
			}
			resp = s.wrapResponse(resp, ctx, st)
		}
		return resp, nil
	}
	kind := upstreamErrorKind(err)
	if s.metrics != nil {
		s.metrics.UpstreamError(req.Context(), upstreamMetricKind(kind))
	}
	attrs := []any{"host", hostOnly(req.URL.Host), "kind", kind, "error", err.Error()}
	if st, ok := ctx.UserData.(*reqState); ok {
		attrs = append(attrs, "request_id", st.x.RequestID)
	}
	s.log.Warn("Anfrage an den Zielserver gescheitert (Art unter kind, Grund unter error) / upstream request failed", attrs...)
	// A plain-HTTP request to a site outside the catalogue (pac.mode: all)
	// is not inspected and is no AI service; its notice must not say it is.
	st, inspected := ctx.UserData.(*reqState)
	status, de, en := upstreamNotice(kind, inspected)
	if !inspected {
		return textResponse(req, status, de, en), nil
	}
	s.recordUpstream(st, kind)
	// The number under which the request's record and this failure's log
	// line are found, when someone reports it.
	resp = s.upstreamAnswer(req, st.x, status, de, en)
	return s.wrapResponse(resp, ctx, st), nil
}

// readBody reads at most limit+1 bytes of body (one more than allowed, so
// that the caller sees a body that is too large). With a known length the
// buffer is taken once (providers.BodyBuffer: reused when small enough),
// one byte larger, so that the read that reports the end needs no second
// buffer; otherwise it grows like io.ReadAll.
func readBody(body io.Reader, length, limit int64) ([]byte, error) {
	size := int64(512)
	if length >= 0 {
		size = length + 1
	}
	b := providers.BodyBuffer(int(min(size, limit+1)))
	lr := io.LimitReader(body, limit+1)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// overlaps reports whether the arrays behind a and b (up to their
// capacities) share memory.
func overlaps(a, b []byte) bool {
	if cap(a) == 0 || cap(b) == 0 {
		return false
	}
	a0, b0 := uintptr(unsafe.Pointer(unsafe.SliceData(a))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return a0 < b0+uintptr(cap(b)) && b0 < a0+uintptr(cap(a))
}

// bufferBody is a body served from a pooled buffer: the request body sent
// upstream (a verdict's Forward, newForwardBody) and an answer restored at
// once (restoredBody). When it is closed, its buffer is given back for reuse
// (providers.ReleaseBody, which zeroes it: it holds personal data), and src,
// when set, is closed. http.RoundTripper may close a body in
// another goroutine, even after RoundTrip returned and while it still reads
// it (HTTP/2 aborts a body write that way): Read and Close therefore exclude
// each other, and a Read after Close fails instead of reading a buffer that
// another request may be filling.
type bufferBody struct {
	mu     sync.Mutex
	b      []byte
	off    int
	closed bool
	src    io.Closer
}

func newForwardBody(b []byte) *bufferBody { return &bufferBody{b: b} }

func (f *bufferBody) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if f.off >= len(f.b) {
		return 0, io.EOF
	}
	n := copy(p, f.b[f.off:])
	f.off += n
	return n, nil
}

func (f *bufferBody) Close() error {
	f.mu.Lock()
	if !f.closed {
		f.closed = true
		providers.ReleaseBody(f.b)
		f.b = nil
	}
	f.mu.Unlock()
	if f.src != nil {
		return f.src.Close()
	}
	return nil
}

// malformedHead says why a request's head cannot go on to the service as
// it stands ("" when it can): a header name that is no HTTP token (a blank
// before the colon, "Transfer-Encoding :"), a value with a control
// character, or an Upgrade to anything but WebSocket (h2c, which HTTP/2
// forbids and no browser sends). The reason names no header's value, which
// may be the person's text.
func malformedHead(h http.Header) (de, en string) {
	for name, vs := range h {
		if !httpguts.ValidHeaderFieldName(name) {
			return "ungültiger Name einer Kopfzeile", "a header name that is no valid token"
		}
		for _, v := range vs {
			if !httpguts.ValidHeaderFieldValue(v) {
				return "Steuerzeichen im Wert einer Kopfzeile", "a control character in a header value"
			}
		}
	}
	if len(h.Values("Upgrade")) > 0 && !isUpgrade(h) {
		return "Wechsel auf ein anderes Protokoll als WebSocket (Upgrade)", "an upgrade to another protocol than WebSocket"
	}
	return "", ""
}
