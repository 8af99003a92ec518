package proxy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/providers"
)

// Refuser is implemented by an Inspector that keeps the audit log
// (*Pipeline). The server calls it for every answer it gives itself to a
// request for an inspected service instead of the inspector's verdict: a
// request whose body did not arrive whole, one whose inspection failed with
// a panic, one refused before inspection (another host than its CONNECT,
// no TLS in the tunnel, a login no longer valid, a service blocked since a
// reload, a WebSocket message that cannot be inspected). Auditors rely on
// every block being in the log (docs/audit.md).
//
// Refuse records the block with the rule schleuse:KIND (no finding, no
// value, the path as records show it) and returns the notice (de, en) in
// the service's own form; when the record cannot be written, the notice
// says so. The request is blocked either way.
type Refuser interface {
	Refuse(ctx context.Context, x *Exchange, kind, de, en string) *Verdict
}

// Refuse implements Refuser.
func (p *Pipeline) Refuse(ctx context.Context, x *Exchange, kind, de, en string) *Verdict {
	return p.refuse(ctx, x, kind, de, en, false)
}

// RecordRefusedMessage implements messageRecorder: it records the block
// of a client WebSocket message of x's connection that cannot be inspected
// and returns the notice in the service's own WebSocket messages (the
// adapter's WSBlock; nil when the service has none).
func (p *Pipeline) RecordRefusedMessage(ctx context.Context, x *Exchange, kind, de, en string) [][]byte {
	if v := p.refuse(ctx, x, kind, de, en, true); v != nil {
		return v.reply
	}
	return nil
}

// refuse records the refusal of x; ws: x is one WebSocket message of an
// upgraded connection, answered with the adapter's WebSocket messages.
func (p *Pipeline) refuse(ctx context.Context, x *Exchange, kind, de, en string, ws bool) *Verdict {
	tracer := p.Tracer
	if tracer == nil {
		tracer = noop.NewTracerProvider().Tracer("")
	}
	ctx, span := tracer.Start(ctx, "schleuse.refuse")
	defer span.End()
	if span.IsRecording() {
		span.SetAttributes(
			attribute.String("schleuse.service.id", x.Service.ID),
			attribute.String("schleuse.request.id", x.RequestID),
			attribute.String("schleuse.action", "block"),
			attribute.String("schleuse.refusal", kind),
		)
	}
	r := &run{p: p, x: x, ctx: ctx, span: span, tracer: tracer, set: p.settings(), sc: p.currentScanner()}
	r.preq = &providers.Request{
		ServiceID: x.Service.ID, Provider: x.Service.Provider, Host: hostOnly(x.Request.Host),
		Method: x.Request.Method, Path: x.Request.URL.Path, Header: x.Request.Header,
	}
	if adapter, matched := r.set.router.Match(r.preq); matched {
		r.adapter = adapter
		if ws {
			r.wsi, _ = adapter.(providers.WebSocketInspector)
		}
	}
	r.ws = ws
	v := r.blocked(kind, de, en)
	v.native = r.adapter != nil && !ws && v.Answer != nil
	if p.Metrics != nil {
		p.Metrics.Request(ctx, x.Service.ID, "block")
	}
	p.countFailClosed(ctx, r.failure) // kind, or audit_unavailable when the record could not be kept
	return v
}

// refuseRecovered records a refusal through the inspector when it keeps
// the audit log (Refuser); nil when it does not, or when recording failed
// with a panic (logged with its type and place; the request is blocked all
// the same).
func (s *Server) refuseRecovered(ctx context.Context, x *Exchange, kind, de, en string) (v *Verdict) {
	rf, ok := s.insp.(Refuser)
	if !ok {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			v = nil
			s.log.Error("Aufzeichnen einer Abweisung mit einem Panic abgebrochen (Stelle unter at): Anfrage ohne Audit-Eintrag blockiert / recording a refusal failed with a panic: request blocked unaudited", "request_id", x.RequestID, "service", x.Service.ID,
				"kind", kind, "panic_type", fmt.Sprintf("%T", p), "at", panicSite())
		}
	}()
	return rf.Refuse(ctx, x, kind, de, en)
}

// refuseMessageRecovered records the refusal of a client WebSocket message
// that cannot be inspected through the inspector when it keeps the audit
// log (messageRecorder) and returns the notice in the service's WebSocket
// messages; nil when it does not, when the service has no WebSocket format
// schleuse knows, or when recording failed with a panic (logged; the
// message is not sent all the same).
func (s *Server) refuseMessageRecovered(ctx context.Context, x *Exchange, kind, de, en string) (reply [][]byte) {
	mr, ok := s.insp.(messageRecorder)
	if !ok {
		s.refuseRecovered(ctx, x, kind, de, en)
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			reply = nil
			s.log.Error("Aufzeichnen einer Abweisung mit einem Panic abgebrochen (Stelle unter at): Anfrage ohne Audit-Eintrag blockiert / recording a refusal failed with a panic: request blocked unaudited", "request_id", x.RequestID, "service", x.Service.ID,
				"kind", kind, "panic_type", fmt.Sprintf("%T", p), "at", panicSite())
		}
	}()
	return mr.RecordRefusedMessage(ctx, x, kind, de, en)
}

// refused answers a request for an inspected service that schleuse
// refuses itself, with status and the plain-text notice (de, en), and
// records the block (Refuser; the rule schleuse:KIND). The request as
// recorded names the CONNECT target (or for plain HTTP the URL's host) as
// its host, never a Host header the client wrote otherwise.
func (s *Server) refused(r *http.Request, ci *connInfo, kind string, status int, de, en string) *http.Response {
	return s.refusedAs(r, ci, kind, status, de, en, de, en)
}

// refusedAs is refused with the reason (reasonDE, reasonEN) that the record
// and a chat's notice give apart from the plain-text notice (de, en): a
// chat's notice ends with whom to ask itself (blockText), so a reason that
// said it as well made the chat say it twice.
func (s *Server) refusedAs(r *http.Request, ci *connInfo, kind string, status int, reasonDE, reasonEN, de, en string) *http.Response {
	x := s.refusedExchange(r, ci)
	v := s.refuseRecovered(r.Context(), x, kind, strings.TrimPrefix(reasonDE, "schleuse: "), strings.TrimPrefix(reasonEN, "schleuse: "))
	if v != nil && v.native && chatRefusals[kind] {
		// A chat message: told in the app's own form (its adapter's
		// Block), as a policy block is, not as a text the app shows as
		// its own error.
		return answerResponse(r, x, v.Answer)
	}
	return s.answer(r, x, status, de, en)
}

// chatRefusals are the refusals that staff meet in the middle of a chat
// (their login no longer holds, the service was blocked since the
// connection opened): a request an adapter knows gets the notice in the
// app's own form. The others (a request naming another host, no TLS, a
// CONNECT inside) keep their status, which clients act on (421: retry on a
// new connection).
var chatRefusals = map[string]bool{"login_expired": true, "service_blocked": true}

// refusedExchange is the Exchange of a refused request: its host the
// connection's target, not what the request names.
func (s *Server) refusedExchange(r *http.Request, ci *connInfo) *Exchange {
	rec := *r
	u := *r.URL
	rec.URL = &u
	host := ci.connect
	if host == "" {
		host = r.URL.Host
	}
	rec.Host, rec.URL.Host = host, host
	return &Exchange{RequestID: newRequestID(), Service: ci.svc, Identity: ci.identity(), Request: &rec, Start: time.Now()}
}

// upstreamRecorder is implemented by an Inspector that keeps the audit log
// (*Pipeline). The server calls it when a request whose record was written
// (and which was therefore forwarded: allowed, redacted, or sent with a
// justification) did not get the service's answer: the connection or its
// TLS failed, the parent proxy refused, the service did not answer in time,
// or it answered with a 5xx status. The record of the decision was written
// before the request was sent (the prompt never leaves unaudited), so the
// outcome is a second record with the same request id (docs/audit.md §1).
type upstreamRecorder interface {
	RecordUpstream(x *Exchange, outcome string) error
}

// RecordUpstream implements upstreamRecorder: a record with the request's
// id, user, service, host, path, action, policy revision and time as its
// decision's record holds them, the rule audit.UpstreamRulePrefix+outcome
// (outcome: an upstreamErrorKind or "status_5xx", a closed set; never
// error text), no finding, no value, bytes 0 and, as its latency, the time
// from the request's arrival to the failure. The time is the request's, not
// the failure's, so that both records of a request fall in the same day and
// month of every query, stats and usage report: a send that failed just
// after midnight on a month's last day counted in the next month's report,
// whose requests did not include it. Nothing when x has no record.
func (p *Pipeline) RecordUpstream(x *Exchange, outcome string) error {
	d := x.audited
	if d == nil || p.Audit == nil {
		return nil
	}
	e := audit.Entry{
		Time: d.time, RequestID: x.RequestID, UserName: x.Identity.User, Groups: x.Identity.Groups,
		ServiceID: x.Service.ID, Host: d.host, Path: d.path, Action: d.action,
		Rules:   []string{audit.UpstreamRulePrefix + outcome},
		Latency: time.Since(x.Start), PolicyRevision: d.revision,
	}
	if err := p.Audit.Log(e); err != nil {
		// Held and written later, with its request's time: the
		// decision's record alone would say the prompt went out as usual.
		return p.holdUpstream(e, err)
	}
	return nil
}

// recordUpstream records through the inspector (upstreamRecorder) that the
// inspected request of st did not get the service's answer. The request has
// failed already: a record that cannot be written, or a panic in writing
// it, is logged and changes nothing else.
func (s *Server) recordUpstream(st *reqState, outcome string) {
	ur, ok := s.insp.(upstreamRecorder)
	if !ok {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("Aufzeichnen einer gescheiterten Übermittlung mit einem Panic abgebrochen (Stelle unter at) / recording a failed upstream send failed with a panic", "request_id", st.x.RequestID, "service", st.x.Service.ID,
				"outcome", outcome, "panic_type", fmt.Sprintf("%T", p), "at", panicSite())
		}
	}()
	if err := ur.RecordUpstream(st.x, outcome); err != nil {
		msg := "audit: Das Audit-Log nimmt keine Einträge an, eine gescheiterte Übermittlung ist nicht protokolliert / audit log unavailable: failed upstream send not recorded"
		if errors.Is(err, errUpstreamHeld) {
			msg = "audit: Das Audit-Log nimmt keine Einträge an, der Eintrag einer gescheiterten Übermittlung wird zurückgehalten und geschrieben, sobald es wieder Einträge annimmt / audit log unavailable: failed upstream send held, recorded when the log takes records again"
		}
		// As the requests blocked meanwhile (auditFailed): one line per
		// auditErrorEvery, with the number left out.
		if n, ok := s.heldErrs.allow(time.Now()); ok {
			s.log.Error(msg, "request_id", st.x.RequestID, "service", st.x.Service.ID, "outcome", outcome, "error", err.Error(), "not_logged_since", n)
		}
	}
}

// upstreamNoticer is implemented by an Inspector that knows the services'
// request formats (*Pipeline): the notice of a failed send in the form the
// service's block notices take, so that a chat window or an SDK shows the
// German text instead of a generic error.
type upstreamNoticer interface {
	UpstreamNotice(x *Exchange, status int, text string) *Answer
}

// UpstreamNotice implements upstreamNoticer: text in the answer of the
// adapter whose route x matches (Adapter.Block, as for a refusal: the body
// is not read again, so with an empty envelope; the adapter tells the
// request's kind from its path), the code "schleuse_upstream_error" and
// status, which error answers take; nil when no route matches.
func (p *Pipeline) UpstreamNotice(x *Exchange, status int, text string) *Answer {
	preq := &providers.Request{
		ServiceID: x.Service.ID, Provider: x.Service.Provider, Host: hostOnly(x.Request.Host),
		Method: x.Request.Method, Path: x.Request.URL.Path, Header: x.Request.Header,
	}
	if x.Request.URL.RawQuery != "" {
		preq.Query = x.Request.URL.Query()
	}
	adapter, matched := p.settings().router.Match(preq)
	if !matched {
		return nil
	}
	a := adapter.Block(preq, &providers.Envelope{}, providers.Notice{Action: "error", Text: text, Code: "schleuse_upstream_error", Status: status})
	return &Answer{Status: a.Status, Header: a.Header, Body: a.Body}
}

// upstreamAnswer answers an inspected request whose send failed with the
// notice (status 502 or 504, de, en from upstreamNotice) in its service's
// form when the inspector renders one (upstreamNoticer), German first and
// the English below it, each with the request's number, as a block's
// notice. The status stays, except where the service's notices are a chat
// message in a 2xx answer (the web apps that show no text of an error
// status): there the notice keeps the adapter's status. Otherwise, and
// should rendering panic, the plain-text answer.
func (s *Server) upstreamAnswer(r *http.Request, x *Exchange, status int, de, en string) (resp *http.Response) {
	un, ok := s.insp.(upstreamNoticer)
	if !ok {
		return s.answer(r, x, status, de, en)
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("Hinweisseite einer gescheiterten Übermittlung mit einem Panic abgebrochen (Stelle unter at): als Text beantwortet / rendering the notice of a failed upstream send failed with a panic: answered as text", "request_id", x.RequestID,
				"service", x.Service.ID, "panic_type", fmt.Sprintf("%T", p), "at", panicSite())
			resp = s.answer(r, x, status, de, en)
		}
	}()
	text := de + " Vorgangsnummer: " + x.RequestID + ".\n\n[EN] " + en + " Reference number (Vorgangsnummer): " + x.RequestID + "."
	a := un.UpstreamNotice(x, status, text)
	if a == nil {
		return s.answer(r, x, status, de, en)
	}
	if a.Status/100 != 2 {
		a.Status = status
	}
	return answerResponse(r, x, a)
}
