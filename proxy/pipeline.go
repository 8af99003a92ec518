package proxy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/pseudonym"
)

// Scanner finds personal and confidential data. *detectors.Engine implements it.
type Scanner interface {
	Scan(text []byte) []detectors.Finding
}

// Decider evaluates the KI-Richtlinie. *policies.Engine implements it; it
// never answers allow on an error.
type Decider interface {
	Decide(ctx context.Context, in *policies.Input) policies.Decision
}

// Auditor takes one audit entry per inspected request. *audit.Logger
// implements it. An error means the record cannot be kept: the request is
// blocked (fail closed) rather than sent unaudited.
type Auditor interface {
	Log(e audit.Entry) error
}

// PipelineMetrics are the pipeline's counters; *telemetry.Metrics implements them.
type PipelineMetrics interface {
	Request(ctx context.Context, service, action string)
	Finding(ctx context.Context, typ string, n int)
	Stage(ctx context.Context, stage string, d time.Duration)
	RequestBody(ctx context.Context, n int64)
	Unmatched(ctx context.Context, service string)
}

// Pipeline is the Inspector that runs adapter → detect → policy → act →
// audit for every request to an inspected service. It is safe for
// concurrent use.
type Pipeline struct {
	Config     config.Inspect
	Router     *providers.Router
	Scanner    Scanner
	Topics     func(text []byte) []string // coarse topic signals for the policy; nil = none
	Policy     Decider
	Revision   func() string // current policy revision for audit and spans
	Audit      Auditor
	Pseudonyms *pseudonym.Store
	// ExtractFile returns the text of an uploaded file; an error blocks the upload.
	ExtractFile func(name, contentType string, data []byte, max int64) (string, error)
	// UserPseudonym maps a user name to the pseudonym used in policy input
	// and spans; nil = the name itself is never exposed (empty string).
	UserPseudonym  func(name string) string
	SpanUserPseudo bool
	Tracer         trace.Tracer
	Metrics        PipelineMetrics
	Log            *slog.Logger
	Now            func() time.Time

	cacheMu   sync.Mutex
	scanCache map[[32]byte][]detectors.Finding // sha256 of a history text → its findings; bounded
	reloaded  atomic.Pointer[pipeSettings]
}

// pipeSettings are the settings SIGHUP may replace.
type pipeSettings struct {
	cfg    config.Inspect
	router *providers.Router
}

// Reload replaces the inspection settings and routes for later requests.
func (p *Pipeline) Reload(cfg config.Inspect, router *providers.Router) {
	p.reloaded.Store(&pipeSettings{cfg: cfg, router: router})
}

func (p *Pipeline) settings() *pipeSettings {
	if s := p.reloaded.Load(); s != nil {
		return s
	}
	p.reloaded.CompareAndSwap(nil, &pipeSettings{cfg: p.Config, router: p.Router})
	return p.reloaded.Load()
}

// scanned is one field's findings.
type scanned struct {
	field    int
	text     string
	findings []detectors.Finding
}

// Inspect implements Inspector.
func (p *Pipeline) Inspect(ctx context.Context, x *Exchange) *Verdict {
	return p.inspectWith(ctx, x, false)
}

// inspectWith runs the stages for a request body or, with ws, for one
// client WebSocket message.
func (p *Pipeline) inspectWith(ctx context.Context, x *Exchange, ws bool) *Verdict {
	tracer := p.Tracer
	if tracer == nil {
		tracer = noop.NewTracerProvider().Tracer("")
	}
	ctx, span := tracer.Start(ctx, "schleuse.inspect", trace.WithAttributes(
		attribute.String("schleuse.service.id", x.Service.ID),
		attribute.String("schleuse.request.id", x.RequestID),
		attribute.String("http.request.method", x.Request.Method),
		attribute.Int("http.request.body.size", len(x.Body)),
	))
	defer span.End()
	if p.SpanUserPseudo && p.UserPseudonym != nil {
		span.SetAttributes(attribute.String("schleuse.user.pseudonym", p.UserPseudonym(x.Identity.User)))
	}
	r := &run{p: p, x: x, ctx: ctx, span: span, tracer: tracer, ws: ws, set: p.settings()}
	v := r.inspect()
	span.SetAttributes(attribute.String("schleuse.action", r.action))
	if r.action == "block" && r.failure != "" {
		span.SetStatus(codes.Error, r.failure)
	}
	if p.Metrics != nil {
		p.Metrics.Request(ctx, x.Service.ID, r.action)
	}
	return v
}

// run is the state of one inspection.
type run struct {
	p       *Pipeline
	x       *Exchange
	ctx     context.Context
	span    trace.Span
	tracer  trace.Tracer
	set     *pipeSettings
	action  string
	failure string // internal cause of a fail-closed block (no values)
	ws      bool   // a WebSocket message, not a request body
	wsi     providers.WebSocketInspector

	preq     *providers.Request
	adapter  providers.Adapter
	env      *providers.Envelope
	body     []byte // decoded body
	decoded  bool
	scans    []scanned
	decision policies.Decision
	justify  string // the #freigabe reason, its personal data already replaced
}

func (r *run) stage(name string) func() {
	start := time.Now()
	_, span := r.tracer.Start(r.ctx, name)
	return func() {
		span.End()
		if r.p.Metrics != nil {
			r.p.Metrics.Stage(r.ctx, name, time.Since(start))
		}
	}
}

func (r *run) inspect() *Verdict {
	x := r.x
	if r.p.Metrics != nil {
		r.p.Metrics.RequestBody(r.ctx, int64(len(x.Body)))
	}
	r.preq = &providers.Request{
		ServiceID: x.Service.ID, Provider: x.Service.Provider, Host: hostOnly(x.Request.Host),
		Method: x.Request.Method, Path: x.Request.URL.Path, Query: x.Request.URL.Query(), Header: x.Request.Header,
	}
	if len(x.Body) == 0 {
		// Nothing leaves with this request but its URL: pages, assets,
		// polling. Not audited (one record per inspected prompt).
		r.action = "allow"
		return &Verdict{Forward: x.Body}
	}

	end := r.stage("extract")
	v := r.extract()
	end()
	if v != nil {
		return v
	}
	end = r.stage("detect")
	v = r.detect()
	end()
	if v != nil {
		return v
	}
	end = r.stage("policy")
	r.decide()
	end()
	end = r.stage("act")
	v = r.act()
	end()
	return v
}

// extract chooses the adapter, decodes the body and finds its text fields.
// The adapter comes first so that even a body that cannot be decoded is
// answered in the service's own error shape.
func (r *run) extract() *Verdict {
	adapter, matched := r.set.router.Match(r.preq)
	if !matched {
		adapter = providers.Fallback()
	}
	r.adapter = adapter
	body := r.x.Body
	if ce := r.x.Request.Header.Get("Content-Encoding"); !r.ws && ce != "" && !strings.EqualFold(ce, "identity") {
		dec, err := providers.DecodeBody(ce, body, int64(r.set.cfg.MaxDecodedBytes))
		if err != nil {
			switch {
			case errors.Is(err, providers.ErrTooLarge):
				return r.failClosed("decode_too_large", err, "Der komprimierte Inhalt der Anfrage ist entpackt zu groß, um ihn zu prüfen.", "The compressed request body is too large to inspect once decoded.")
			case errors.Is(err, providers.ErrUnknownEncoding):
				return r.failClosed("unknown_encoding", err, "Die Anfrage ist in einem unbekannten Format komprimiert und kann nicht geprüft werden.", "The request uses an unknown content encoding and cannot be inspected.")
			default:
				return r.failClosed("decode_error", err, "Der komprimierte Inhalt der Anfrage ist beschädigt und kann nicht geprüft werden.", "The compressed request body is corrupt and cannot be inspected.")
			}
		}
		body, r.decoded = dec, true
	}
	r.body = body
	if !matched {
		if r.p.Metrics != nil {
			r.p.Metrics.Unmatched(r.ctx, r.x.Service.ID)
		}
		r.p.Log.Warn("request on an inspected host matched no adapter", "request_id", r.x.RequestID,
			"service", r.x.Service.ID, "method", r.preq.Method, "path", r.preq.Path)
		if r.set.cfg.UnknownRequests != "scan" {
			return r.failClosed("unmatched", nil, "Dieses Anfrageformat des KI-Dienstes ist schleuse nicht bekannt; die Anfrage kann daher nicht geprüft werden.", "schleuse does not know this request format of the AI service, so it cannot be inspected.")
		}
	}
	var env *providers.Envelope
	var err error
	if r.ws {
		wsi, ok := adapter.(providers.WebSocketInspector)
		if !ok {
			return r.failClosed("unmatched", nil, "Nachrichten über diese WebSocket-Verbindung kann schleuse nicht prüfen.", "schleuse cannot inspect messages on this WebSocket.")
		}
		r.wsi = wsi
		env, err = wsi.WSFrame(r.preq, true, body)
		if err == nil && env == nil {
			// A frame without user text (ping, ack, setup).
			r.action = "allow"
			return &Verdict{Forward: body}
		}
	} else {
		env, err = adapter.Extract(r.preq, body)
	}
	if err != nil {
		return r.failClosed("parse_error", err, "Die Anfrage konnte nicht gelesen werden und wurde deshalb nicht weitergeleitet.", "The request could not be parsed, so it was not forwarded.")
	}
	r.env = env
	return nil
}

// detect scans the fields that policy and config say to scan.
func (r *run) detect() *Verdict {
	for i := range r.env.Fields {
		f := &r.env.Fields[i]
		text := f.Text
		switch f.Kind {
		case providers.SystemText:
			if !r.set.cfg.ScanSystemPrompts {
				continue
			}
		case providers.File:
			if r.p.ExtractFile == nil {
				return r.failClosed("file_unreadable", nil, "Hochgeladene Dateien können nicht geprüft werden und sind deshalb nicht erlaubt.", "Uploaded files cannot be inspected and are not allowed.")
			}
			t, err := r.p.ExtractFile(f.Name, f.ContentType, []byte(f.Text), int64(r.set.cfg.MaxDecodedBytes))
			if err != nil {
				return r.failClosed("file_unreadable", err, "Der Inhalt der hochgeladenen Datei kann nicht gelesen und daher nicht auf personenbezogene Daten geprüft werden. Die Datei wurde nicht hochgeladen.", "The uploaded file cannot be read, so it cannot be inspected; it was not uploaded.")
			}
			text = t
		case providers.History:
			if !r.set.cfg.ScanHistory {
				continue
			}
		}
		var fs []detectors.Finding
		if f.Kind == providers.History {
			fs = r.p.scanCached(text)
		} else {
			fs = r.p.Scanner.Scan([]byte(text))
		}
		if j := justification(text); j != "" && f.Kind != providers.File {
			r.justify = redactJustification(r.p.Scanner, j)
		}
		r.scans = append(r.scans, scanned{field: i, text: text, findings: fs})
	}
	return nil
}

// scanCached scans history that an earlier request of the conversation
// already sent: clients resend it with every turn, so it is scanned once
// (content hash) and redacted the same way every time.
func (p *Pipeline) scanCached(text string) []detectors.Finding {
	key := sha256.Sum256([]byte(text))
	p.cacheMu.Lock()
	fs, ok := p.scanCache[key]
	p.cacheMu.Unlock()
	if ok {
		return fs
	}
	fs = p.Scanner.Scan([]byte(text))
	p.cacheMu.Lock()
	if p.scanCache == nil || len(p.scanCache) >= maxScanCache {
		// Dropping everything at the bound keeps memory fixed; the cost is
		// one rescan of the histories in use.
		p.scanCache = make(map[[32]byte][]detectors.Finding)
	}
	p.scanCache[key] = fs
	p.cacheMu.Unlock()
	return fs
}

// maxScanCache bounds the history scan cache (entries hold findings only,
// never text).
const maxScanCache = 50000

// justification returns the reason after "#freigabe:" on a line of its own.
func justification(text string) string {
	for line := range strings.Lines(text) {
		t := strings.TrimSpace(line)
		if len(t) > 10 && strings.EqualFold(t[:10], "#freigabe:") {
			return strings.TrimSpace(t[10:])
		}
	}
	return ""
}

// decide builds the policy input (types and counts, never values) and evaluates it.
func (r *run) decide() {
	counts := map[string]int{}
	scores := map[string]float64{}
	var userText bytes.Buffer
	for _, s := range r.scans {
		for _, f := range s.findings {
			counts[f.Type]++
			scores[f.Type] = max(scores[f.Type], f.Score)
		}
		if r.env.Fields[s.field].Kind != providers.SystemText {
			userText.WriteString(s.text)
			userText.WriteByte('\n')
		}
	}
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Strings(types)
	in := &policies.Input{
		Service:       policies.Service{ID: r.x.Service.ID, Provider: r.x.Service.Provider, Host: r.preq.Host},
		Request:       policies.Request{Method: r.preq.Method, Path: r.preq.Path, Kind: r.env.Kind, Bytes: len(r.body)},
		User:          policies.User{Groups: r.x.Identity.Groups, Authenticated: r.x.Identity.Authenticated},
		Counts:        counts,
		Justification: r.justify,
		Time:          r.p.now().Format(time.RFC3339),
	}
	if in.User.Groups == nil {
		in.User.Groups = []string{}
	}
	if r.p.UserPseudonym != nil {
		in.User.ID = r.p.UserPseudonym(r.x.Identity.User)
	}
	for _, t := range types {
		in.Findings = append(in.Findings, policies.FindingSummary{Type: t, Count: counts[t], MaxScore: scores[t]})
	}
	if r.p.Topics != nil {
		in.Topics = r.p.Topics(userText.Bytes())
	}
	if in.Topics == nil {
		in.Topics = []string{}
	}
	if in.Findings == nil {
		in.Findings = []policies.FindingSummary{}
	}
	r.decision = r.p.Policy.Decide(r.ctx, in)
	r.span.SetAttributes(
		attribute.String("schleuse.policy.revision", r.decision.Revision),
		attribute.StringSlice("schleuse.finding.types", types),
		attribute.Int("schleuse.finding.count", total(counts)),
	)
	for _, t := range types {
		r.span.SetAttributes(attribute.Int("schleuse.finding."+t, counts[t]))
		if r.p.Metrics != nil {
			r.p.Metrics.Finding(r.ctx, t, counts[t])
		}
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// redactJustification keeps the user's reason for the audit log but not
// the personal data it may contain.
func redactJustification(s Scanner, j string) string {
	if j == "" {
		return ""
	}
	if len(j) > 500 {
		j = strings.ToValidUTF8(j[:500], "")
	}
	fs := s.Scan([]byte(j))
	return string(detectors.Redact([]byte(j), fs, func(_ int, f detectors.Finding) string { return "[" + f.Type + "]" }))
}

// act carries out the decision.
func (r *run) act() *Verdict {
	d := r.decision
	switch d.Action {
	case "allow":
		r.action = "allow"
		if err := r.audit(); err != nil {
			return r.auditFailed(err)
		}
		v := &Verdict{Forward: r.body, DropContentEncoding: r.decoded}
		r.restoreAnswer(v, r.p.Pseudonyms.Conversation(conversationKey(r.x)))
		r.learn(v)
		return v
	case "redact":
		return r.redact()
	case "warn":
		r.action = "warn"
		if err := r.audit(); err != nil {
			return r.auditFailed(err)
		}
		return r.notice("warn", warnText(r.x.Service.ID, r.typesFound(), d.Reasons, r.x.RequestID))
	default: // "block" and anything unknown
		r.action = "block"
		if d.Failed {
			r.failure = "policy_failed"
		}
		if err := r.audit(); err != nil {
			return r.auditFailed(err)
		}
		return r.notice("block", blockText(r.x.Service.ID, r.typesFound(), d.Reasons, r.x.RequestID))
	}
}

// redact replaces the values of the types the policy names and forwards.
func (r *run) redact() *Verdict {
	r.action = "redact"
	redactTypes := r.decision.Redact
	m := r.p.Pseudonyms.Conversation(conversationKey(r.x))
	var edits []providers.Edit
	for _, s := range r.scans {
		f := &r.env.Fields[s.field]
		for _, fd := range s.findings {
			if !slices.Contains(redactTypes, fd.Type) {
				continue
			}
			if !f.Redactable() {
				r.failure = "cannot_redact"
				r.action = "block"
				if err := r.audit(); err != nil {
					return r.auditFailed(err)
				}
				return r.notice("block", blockText(r.x.Service.ID, r.typesFound(), []policies.Reason{{
					Rule:      "schleuse",
					Message:   "Diese Angaben müssten vor dem Versand ersetzt werden, aber dieses Anfrageformat (oder diese Datei) kann schleuse nicht umschreiben. Die Anfrage wurde daher blockiert.",
					MessageEN: "These data would have to be replaced before sending, but schleuse cannot rewrite this request format or file, so it was blocked.",
				}}, r.x.RequestID))
			}
			op := r.decision.Operators[fd.Type]
			if op == "" {
				op = "pseudonym"
			}
			edits = append(edits, providers.Edit{Field: s.field, Start: fd.Start, End: fd.End,
				Replacement: m.Replace(op, fd.Type, s.text[fd.Start:fd.End])})
		}
	}
	var body []byte
	var err error
	if r.ws {
		body, err = r.wsi.WSApply(r.preq, r.body, r.env, edits)
	} else {
		body, err = r.adapter.Apply(r.preq, r.body, r.env, edits)
	}
	if err != nil {
		r.action = "block"
		return r.failClosed("apply_error", err, "Die Anfrage konnte nicht sicher umgeschrieben werden und wurde deshalb nicht weitergeleitet.", "The request could not be rewritten safely, so it was not forwarded.")
	}
	if err := r.audit(); err != nil {
		return r.auditFailed(err)
	}
	v := &Verdict{Forward: body, DropContentEncoding: r.decoded}
	r.restoreAnswer(v, m)
	r.learn(v)
	return v
}

// maxLearnBody bounds the response bytes kept for an adapter to learn from
// (upload URLs come in small JSON answers).
const maxLearnBody = 256 << 10

// learn lets adapters that implement providers.ResponseLearner read the
// answer (e.g. the pre-signed upload URL a later PUT goes to).
func (r *run) learn(v *Verdict) {
	l, ok := r.adapter.(providers.ResponseLearner)
	if !ok {
		return
	}
	prev, preq := v.Response, r.preq
	v.Response = func(resp *http.Response) {
		if prev != nil {
			prev(resp)
		}
		if resp.Body == nil || resp.Body == http.NoBody || resp.Header.Get("Content-Encoding") != "" {
			return
		}
		resp.Body = &teeBody{ReadCloser: resp.Body, done: func(b []byte) {
			l.LearnResponse(preq, resp.StatusCode, resp.Header, b)
		}}
	}
}

// teeBody keeps up to maxLearnBody bytes of what is read and hands them to
// done at EOF (not when the body was cut short or was larger).
type teeBody struct {
	io.ReadCloser
	buf  []byte
	over bool
	done func([]byte)
	once sync.Once
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	if !t.over {
		if len(t.buf)+n > maxLearnBody {
			t.over, t.buf = true, nil
		} else {
			t.buf = append(t.buf, p[:n]...)
		}
	}
	if err == io.EOF && !t.over {
		t.once.Do(func() { t.done(t.buf) })
	}
	return n, err
}

// restoreAnswer maps placeholders in the answer back when the user's
// mapping at this service holds any (from this request or an earlier one:
// the answer may refer to either).
func (r *run) restoreAnswer(v *Verdict, m *pseudonym.Mapping) {
	if m.Empty() {
		return
	}
	format := pseudonym.Format{Kind: "text"}
	if sf, ok := r.adapter.(interface {
		ResponseFormat(*providers.Request, *providers.Envelope) providers.ResponseFormat
	}); ok {
		rf := sf.ResponseFormat(r.preq, r.env)
		format = pseudonym.Format{Kind: rf.Kind, Cumulative: rf.Cumulative}
	}
	v.PlainResponse = true
	v.Response = func(resp *http.Response) { restoreResponse(resp, m, format) }
}

// restoreResponse maps placeholders in the answer back to the original
// values, only for the user who sent them (the mapping is that user's).
func restoreResponse(resp *http.Response, m *pseudonym.Mapping, f pseudonym.Format) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return
	}
	switch f.Kind {
	case "framed", "ws":
		// Length-prefixed frames (gemini.google.com) would need their
		// lengths recomputed; WebSocket answers are not rewritten. Both
		// pass unchanged: the user sees the placeholders.
		return
	}
	ct := resp.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "text/event-stream"):
		f.Kind = "sse"
	case strings.Contains(ct, "ndjson") || strings.Contains(ct, "jsonl"):
		f.Kind = "ndjson"
	case strings.Contains(ct, "json"):
		if f.Kind != "sse" && f.Kind != "ndjson" {
			f.Kind = "json"
		}
	}
	if f.Kind != "sse" && f.Kind != "json" && f.Kind != "ndjson" {
		f.Kind = "text"
	}
	if ce := resp.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		// A compressed answer cannot be rewritten on the fly; the request
		// asked for identity (we strip Accept-Encoding on redacted
		// requests), so this is an upstream that ignored it.
		resp.Body = &errBody{err: fmt.Errorf("pseudonym restore: upstream answered with Content-Encoding %q", ce)}
		return
	}
	resp.Body = pseudonym.NewRestorer(m, f, resp.Body)
	resp.ContentLength = -1
	resp.Header.Del("Content-Length")
}

type errBody struct{ err error }

func (b *errBody) Read([]byte) (int, error) { return 0, b.err }
func (b *errBody) Close() error             { return nil }

// conversationKey scopes pseudonyms to one user at one service: the same
// value gets the same placeholder in all of that user's conversations there,
// and answers to other users never see the mapping.
func conversationKey(x *Exchange) string {
	user := x.Identity.User
	if user == "" {
		user = "ip:" + remoteAddr(x.Request.RemoteAddr).String()
	}
	return user + "\x00" + x.Service.ID
}

func (r *run) typesFound() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range r.scans {
		for _, f := range s.findings {
			if !seen[f.Type] {
				seen[f.Type] = true
				out = append(out, f.Type)
			}
		}
	}
	sort.Strings(out)
	return out
}

// notice answers in the service's native form.
func (r *run) notice(action, text string) *Verdict {
	code := "schleuse_blocked"
	if action == "warn" {
		code = "schleuse_warn"
	}
	n := providers.Notice{Action: action, Text: text, Code: code}
	if r.env == nil {
		r.env = &providers.Envelope{} // the body could not be read: no envelope
	}
	if r.ws {
		return &Verdict{Answer: &Answer{}, reply: r.wsi.WSBlock(r.preq, r.env, n)}
	}
	a := r.adapter.Block(r.preq, r.env, n)
	return &Verdict{Answer: &Answer{Status: a.Status, Header: a.Header, Body: a.Body}}
}

// failClosed blocks a request that could not be inspected. The public
// message says why; the cause goes to the log (no values in it).
func (r *run) failClosed(kind string, cause error, de, en string) *Verdict {
	r.action, r.failure = "block", kind
	attrs := []any{"request_id", r.x.RequestID, "service", r.x.Service.ID, "kind", kind}
	if cause != nil {
		attrs = append(attrs, "error_type", fmt.Sprintf("%T", cause), "error", safeError(cause))
	}
	r.p.Log.Warn("request blocked: cannot inspect", attrs...)
	r.decision = policies.Decision{Action: "block", Reasons: []policies.Reason{{Rule: "schleuse:" + kind, Message: de, MessageEN: en}}}
	if err := r.audit(); err != nil {
		return r.auditFailed(err)
	}
	text := blockText(r.x.Service.ID, r.typesFound(), r.decision.Reasons, r.x.RequestID)
	if r.ws {
		if r.wsi == nil {
			return &Verdict{Answer: &Answer{}} // dropped; the connection cannot be inspected
		}
		return r.notice("block", text)
	}
	if r.adapter != nil {
		return r.notice("block", text)
	}
	a := providers.Fallback().Block(r.preq, &providers.Envelope{}, providers.Notice{Action: "block", Text: text, Code: "schleuse_blocked"})
	return &Verdict{Answer: &Answer{Status: a.Status, Header: a.Header, Body: a.Body}}
}

// safeError keeps only error text that cannot carry request content:
// sentinel errors of our packages. Anything else is reduced to its type.
func safeError(err error) string {
	for _, e := range []error{providers.ErrTooLarge, providers.ErrUnknownEncoding, providers.ErrCannotRedact, providers.ErrBadEdit, providers.ErrMalformed} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "(details withheld)"
}

// audit writes the record for this request. Raw values go to the logger
// only as fingerprint input; it never stores them.
func (r *run) audit() error {
	if r.p.Audit == nil {
		return errors.New("no audit log configured")
	}
	end := r.stage("audit")
	defer end()
	counts := map[string]int{}
	var values []audit.TypedValue
	for _, s := range r.scans {
		for _, f := range s.findings {
			counts[f.Type]++
			values = append(values, audit.TypedValue{Type: f.Type, Value: s.text[f.Start:f.End]})
		}
	}
	rules := make([]string, 0, len(r.decision.Reasons))
	for _, reason := range r.decision.Reasons {
		if reason.Rule != "" && !slices.Contains(rules, reason.Rule) {
			rules = append(rules, reason.Rule)
		}
	}
	rev := r.decision.Revision
	if rev == "" && r.p.Revision != nil {
		rev = r.p.Revision()
	}
	return r.p.Audit.Log(audit.Entry{
		Time: r.p.now(), RequestID: r.x.RequestID, UserName: r.x.Identity.User, Groups: r.x.Identity.Groups,
		ServiceID: r.x.Service.ID, Host: r.preq.Host, Path: r.preq.Path, Action: r.action,
		Rules: rules, Findings: counts, Values: values,
		Justification: r.justify,
		Bytes:         int64(len(r.x.Body)), Latency: time.Since(r.x.Start), PolicyRevision: rev,
	})
}

func (r *run) auditFailed(err error) *Verdict {
	r.p.Log.Error("audit log unavailable: request blocked", "request_id", r.x.RequestID, "service", r.x.Service.ID, "error", err.Error())
	r.action, r.failure = "block", "audit_unavailable"
	text := blockText(r.x.Service.ID, nil, []policies.Reason{{Rule: "schleuse:audit",
		Message:   "Das Protokoll (Audit-Log) ist derzeit nicht verfügbar. Ohne Protokollierung dürfen keine Anfragen an KI-Dienste gesendet werden. Bitte versuchen Sie es später erneut.",
		MessageEN: "The audit log is unavailable; no request may be sent to an AI service unaudited. Please try again later."}}, r.x.RequestID)
	if r.ws {
		if r.wsi == nil {
			return &Verdict{Answer: &Answer{}}
		}
		return &Verdict{Answer: &Answer{}, reply: r.wsi.WSBlock(r.preq, r.env, providers.Notice{Action: "block", Text: text, Code: "schleuse_blocked"})}
	}
	adapter := r.adapter
	if adapter == nil {
		adapter = providers.Fallback()
	}
	env := r.env
	if env == nil {
		env = &providers.Envelope{}
	}
	a := adapter.Block(r.preq, env, providers.Notice{Action: "block", Text: text, Code: "schleuse_blocked"})
	return &Verdict{Answer: &Answer{Status: a.Status, Header: a.Header, Body: a.Body}}
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}
