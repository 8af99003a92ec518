package proxy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"mime"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/internal/byteset"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/pseudonym"
)

// Scanner finds personal and confidential data. *detectors.Engine implements it.
//
// Scan must not modify text (the pipeline passes a field's string bytes
// without copying them) and must be safe for concurrent use.
type Scanner interface {
	Scan(text []byte) []detectors.Finding
}

// topicScanner is a Scanner that also reports the topics of a text in the
// same pass (*detectors.Engine): the policy's topic signals. A Scanner
// without it gives the policy no topics.
type topicScanner interface {
	ScanTopics(text []byte) ([]detectors.Finding, []string)
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
	SchemaFinding(ctx context.Context, typ string, n int) // in the calling program's tool and schema text
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
	Policy     Decider
	Revision   func() string // current policy revision for audit and spans
	Audit      Auditor
	Pseudonyms *pseudonym.Store
	// ExtractFile returns the text of an uploaded file; an error blocks the upload.
	ExtractFile func(name, contentType string, data []byte, max int64) (string, error)
	// FileNotice says why a file ExtractFile failed on was not uploaded and
	// what to do instead (German, English); nil: a general sentence.
	FileNotice func(err error) (de, en string)
	// UserPseudonym maps a user name to the pseudonym used in policy input
	// and spans; nil = the name itself is never exposed (empty string).
	UserPseudonym func(name string) string
	// SpanUserPseudo adds UserPseudonym's value as schleuse.user.pseudonym
	// to the request span (telemetry.user_pseudonym_in_spans; off by default).
	SpanUserPseudo bool
	Tracer         trace.Tracer
	Metrics        PipelineMetrics
	Log            *slog.Logger
	Now            func() time.Time
	// Contact returns notice.contact as in force (after the last reload):
	// whom staff ask, named in every block notice as in the first-use
	// notice and the blocked service's page; nil or "" = "Ihre oder Ihr
	// Datenschutzbeauftragte(r)".
	Contact func() string
	// Redacted returns notice.redacted as in force: where the answer to a
	// prompt sent with values replaced starts with a line saying so, "web"
	// (the chat web apps' answers; also for nil or ""), "all" (the APIs'
	// too) or "off".
	Redacted func() string

	// held are the records of failed sends the audit log refused, written
	// when it takes records again (holdUpstream); heldRetry is the wait
	// between two tries (0: heldUpstreamWait).
	held      heldUpstream
	heldRetry time.Duration
	// auditErrs bounds the log lines of requests blocked for the audit log.
	auditErrs logLimiter

	cacheMu   sync.Mutex
	scanCache map[[32]byte]cachedScan // sha256 of a history text or request path → its findings and topics; bounded
	reloaded  atomic.Pointer[pipeSettings]
	scanner   atomic.Pointer[scannerBox] // set by SetScanner; nil = Scanner
	timeText  atomic.Pointer[timeText]   // the policy input's time of the current second
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

// scannerBox holds a Scanner for an atomic.Pointer; gen tells the history
// cache which Scanner a result came from.
type scannerBox struct {
	Scanner
	gen uint64
}

// SetScanner replaces the Scanner for the requests that start from now on
// (a reload with other lexicons); requests in flight finish with the one
// they started with. Cached history scans of the old one are dropped.
func (p *Pipeline) SetScanner(s Scanner) {
	p.cacheMu.Lock()
	next := uint64(1)
	if old := p.scanner.Load(); old != nil {
		next = old.gen + 1
	}
	p.scanner.Store(&scannerBox{s, next})
	p.scanCache = nil
	p.cacheMu.Unlock()
}

// currentScanner returns the Scanner for a new request and its generation.
func (p *Pipeline) currentScanner() scannerBox {
	if b := p.scanner.Load(); b != nil {
		return *b
	}
	return scannerBox{p.Scanner, 0}
}

// InspectConfig returns the inspection settings in force (after the last
// reload), for the status page.
func (p *Pipeline) InspectConfig() config.Inspect { return p.settings().cfg }

func (p *Pipeline) settings() *pipeSettings {
	if s := p.reloaded.Load(); s != nil {
		return s
	}
	p.reloaded.CompareAndSwap(nil, &pipeSettings{cfg: p.Config, router: p.Router})
	return p.reloaded.Load()
}

// scanned is one field's findings.
type scanned struct {
	field    int  // index into the envelope's Fields; -1 for a URL query value (scanQuery), which redact never rewrites
	header   bool // field -1: a request header's (scanHeaders), not the URL's
	text     string
	read     string // the text as the detectors read it when it differs from text at a few bytes and not in length (fileNameField); "" otherwise
	findings []detectors.Finding
	// split: field -1 for the text around the boundary of two
	// consecutive message fields (scanBoundaries); findings are spans of
	// text that cross it, and redact replaces each piece
	split *boundary
	// folds: value(findings[j]) and its written form (writtenAt) for
	// each j, once valueAt or writtenAt asked (fill)
	folds []foldedValue
}

// boundary is where a scanBoundaries text comes from: text is
// Fields[left].Text[base:] (cut bytes), then for each field of right a
// blank or nothing and that field's text, which starts at at[j]; the last
// one's head only.
type boundary struct {
	left, base, cut int
	right, at       []int
}

// value returns what finding f found, as the detectors read it: the name in
// "Abmahnung_Anna_Schmidt.pdf" is "Anna Schmidt". This is the value that is
// pseudonymised, restored into the answer and fingerprinted, so that a
// person named in a file name and in the prompt is one value, and the answer
// names her as a person is written, not as her file was named.
//
// It is folded as the detectors read it ("05\u00ad32" is "0532", a
// no-break space a space, "Mu\u0308ller" "Müller").
func (s *scanned) value(f detectors.Finding) string {
	if s.read != "" {
		return withoutFolds(s.read[f.Start:f.End])
	}
	return withoutFolds(s.text[f.Start:f.End])
}

// writtenAt is what finding j found as the person wrote it, for the
// answer (pseudonym.Mapping.ReplaceWritten): its value, with the hyphens,
// dots, slashes and apostrophes that the reading made blanks of as written
// (writtenForm). An Aktenzeichen "AZ-2026-0815" in a file name read
// "AZ 2026 0815", an IBAN "DE89-3704-0044-0532-0130-00" read in groups, a
// Kassenzeichen "5·1234·5678·9" read with blanks for its middle dots came
// back with the blanks; a file name's "_" and "+" stay blanks
// ("Abmahnung_Jürgen_Kowalski.pdf" names "Jürgen Kowalski").
func (s *scanned) writtenAt(j int) string {
	if len(s.folds) != len(s.findings) {
		s.fill(nil)
	}
	return s.folds[j].written
}

// foldedValue is a text folded once (foldText): as the detectors read it
// (withoutFolds) and with the separators as written (writtenForm).
type foldedValue struct{ value, written string }

// foldMemo holds the texts folded in a request (foldValue): the first
// eight in place, compared one by one (a map cost an allocation of ≈2 KiB
// per request and a hash per look-up), the rest in a map.
type foldMemo struct {
	n   int
	few [8]struct {
		text string
		v    foldedValue
	}
	many map[string]foldedValue
}

// foldValue returns text folded (foldedValue), from memo when text was
// folded before in this request.
func foldValue(memo *foldMemo, text string) foldedValue {
	for i := range memo.few[:memo.n] {
		if memo.few[i].text == text {
			return memo.few[i].v
		}
	}
	if v, ok := memo.many[text]; ok {
		return v
	}
	vis, start, end, ok := foldValueText(text)
	v := foldedValue{vis, writtenFrom(text, vis, start, end, ok)}
	switch {
	case memo.n < len(memo.few):
		memo.few[memo.n].text, memo.few[memo.n].v = text, v
		memo.n++
	case memo.many == nil:
		memo.many = map[string]foldedValue{text: v}
	default:
		memo.many[text] = v
	}
	return v
}

// foldValueText is foldText, for foldValue; a test counts the calls.
var foldValueText = foldText

// fill sets folds for every finding: its value and its written form, from
// one fold of its text (value and writtenAt folded it once each), and a
// text found again, in this scan or another that shares memo (foldValues),
// is not folded again: the benchmark's 16 KB prompt holds 16 findings of 7
// values, folded 32 times per request before. memo may be nil (a scan's
// own then).
func (s *scanned) fill(memo *foldMemo) {
	if memo == nil {
		memo = new(foldMemo)
	}
	s.folds = make([]foldedValue, len(s.findings))
	for k, f := range s.findings {
		text := s.text[f.Start:f.End]
		if s.read == "" {
			s.folds[k] = foldValue(memo, text)
			continue
		}
		read := s.read[f.Start:f.End]
		s.folds[k] = foldedValue{foldValue(memo, read).value, foldValue(memo, keptJoints(read, text)).written}
	}
}

// keptJoints returns read, text read with blanks for the joints of joined
// words (readJoinedPlain, readJoinedTokensPlain: the same length), with
// the hyphens as written, and the dots beside a digit ("AZ-2026-0815",
// "5.1234.5678.9", a double name's "Anna-Lena"); "_" and "+", which stand
// for blanks in file names, and a dot between words stay blanks.
func keptJoints(read, text string) string {
	var b []byte
	for i := 0; i < len(read) && i < len(text); i++ {
		if read[i] != ' ' || read[i] == text[i] {
			continue
		}
		switch c := text[i]; {
		case c == '-',
			c == '.' && (i > 0 && isDigit(text[i-1]) || i+1 < len(text) && isDigit(text[i+1])):
			if b == nil {
				b = []byte(read)
			}
			b[i] = c
		}
	}
	if b == nil {
		return read
	}
	return string(b)
}

// writtenForm returns s as the detectors read it (withoutFolds), but with
// the separators as written where the reading put a blank or a hyphen for
// them: the joints of an IBAN's or a Steuer-ID's groups ("-", ".", "/" and
// "'": "DE89-3704-…", "860/957/427/19"; a CSV row's ";", ",", "|", ":"
// and a file name's "_", "+" stay blanks), a middle dot between digits or
// letters ("5·1234·5678·9") and a dash other than the hyphen ("0221–123–
// 456"). Everything else stays as read: invisible characters left out,
// look-alikes, other digits and character references as the characters
// they stand for, white space as blanks.
func writtenForm(s string) string {
	vis, start, end, ok := foldText(s)
	return writtenFrom(s, vis, start, end, ok)
}

// writtenFrom is writtenForm of s from what foldText returned for it.
func writtenFrom(s, vis string, start, end []int32, ok bool) string {
	if !ok || strings.IndexByte(vis, ' ') < 0 && strings.IndexByte(vis, '-') < 0 {
		return vis
	}
	var b strings.Builder
	done := 0 // vis[:done] is written to b
	put := func(from, to int, text string) {
		if done == 0 {
			b.Grow(len(vis) + 8)
		}
		b.WriteString(vis[done:from])
		b.WriteString(text)
		done = to
	}
	for i := 0; i < len(vis); {
		// A run of bytes that stand for the same piece of s: one
		// character, or a value the reading of numbers wrote (foldTokens).
		k := i + 1
		for k < len(vis) && start[k] == start[i] && end[k] == end[i] {
			k++
		}
		run, src := vis[i:k], s[start[i]:end[i]]
		switch {
		case len(run) == len(src) && len(run) > 2:
			// An IBAN's or a Steuer-ID's groups, their joints as
			// blanks (checkedGroups): the bytes stand for each other.
			for o := 1; o < len(run)-1; o++ {
				if run[o] == ' ' && writtenJoint(src[o]) && isASCIIAlnum(src[o-1]) && isASCIIAlnum(src[o+1]) {
					put(i+o, i+o+1, src[o:o+1])
				}
			}
		case run == " " || run == "-":
			if r, n := utf8.DecodeRuneInString(src); n == len(src) && n > 1 && writtenMark(r) {
				put(i, k, src)
			}
		}
		i = k
	}
	if done == 0 {
		return vis
	}
	b.WriteString(vis[done:])
	return b.String()
}

// writtenJoint reports a joint of an identifier's groups that writtenForm
// keeps as written.
func writtenJoint(c byte) bool { return c == '-' || c == '.' || c == '/' || c == '\'' }

// writtenMark reports a middle dot (wordDot) or a dash (digitDash) that
// writtenForm keeps as written.
func writtenMark(r rune) bool {
	return r >= 0x2010 && r <= 0x2015 || r == 0x2212 ||
		r == 0xB7 || r == 0x387 || r == 0x2027 || r == 0x2219 || r == 0x30FB || r == 0xFF65
}

// valueAt is s.value(s.findings[j]), computed once per request: redaction
// and the audit entry ask for the values of the same findings, and folding a
// value with digits (foldTokens) costs more than a look-up.
func (s *scanned) valueAt(j int) string {
	if len(s.folds) != len(s.findings) {
		s.fill(nil)
	}
	return s.folds[j].value
}

// foldValues fills the values of every scan's findings (fill) with one
// memo, so that a value found in several fields (the earlier turns a chat
// sends again, a file beside the prompt) is folded once.
func (r *run) foldValues() {
	var memo foldMemo
	for i := range r.scans {
		if s := &r.scans[i]; len(s.findings) > 0 && len(s.folds) != len(s.findings) {
			s.fill(&memo)
		}
	}
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
	// The attributes are set only on a recording span (the samplers do
	// not read them): building them cost allocations per request.
	ctx, span := tracer.Start(ctx, "schleuse.inspect")
	defer span.End()
	recording := span.IsRecording()
	if recording {
		span.SetAttributes(
			attribute.String("schleuse.service.id", x.Service.ID),
			attribute.String("schleuse.request.id", x.RequestID),
			attribute.String("http.request.method", knownMethod(x.Request.Method)),
			attribute.Int("http.request.body.size", len(x.Body)),
		)
		if p.SpanUserPseudo && p.UserPseudonym != nil {
			span.SetAttributes(attribute.String("schleuse.user.pseudonym", p.UserPseudonym(x.Identity.User)))
		}
	}
	r := &run{p: p, x: x, ctx: ctx, span: span, tracer: tracer, ws: ws, set: p.settings(), sc: p.currentScanner()}
	if ws {
		r.tail, _ = ctx.Value(wsTailKey{}).(*wsTail)
	}
	v := r.inspect()
	if r.tail != nil && v.Answer == nil {
		r.noteTail() // the message goes on: its end may begin a value the next one continues
	}
	if recording {
		span.SetAttributes(attribute.String("schleuse.action", r.action))
		if r.action == "block" && r.failure != "" {
			span.SetStatus(codes.Error, r.failure)
			// The cause as schleuse.refuse spans carry it (the audit
			// rule schleuse:CAUSE), so that one query finds every
			// request schleuse blocked itself; before, a block inside
			// the inspection (parse_error, query_findings, too_large,
			// policy_failed …) had it in the status text only.
			span.SetAttributes(attribute.String("schleuse.refusal", r.failure))
		}
	}
	if p.Metrics != nil {
		p.Metrics.Request(ctx, x.Service.ID, r.action)
	}
	if r.failure != "" {
		p.countFailClosed(ctx, r.failure)
	}
	return v
}

// failClosedCounter is implemented by PipelineMetrics that count the
// blocks schleuse gives itself by cause (*telemetry.Metrics).
type failClosedCounter interface {
	FailClosed(ctx context.Context, cause string)
}

// countFailClosed counts a block schleuse gave itself (a failClosed kind,
// policy_failed, audit_unavailable, a refusal): schleuse_failclosed_total.
func (p *Pipeline) countFailClosed(ctx context.Context, cause string) {
	if fc, ok := p.Metrics.(failClosedCounter); ok {
		fc.FailClosed(ctx, cause)
	}
}

// run is the state of one inspection.
type run struct {
	p       *Pipeline
	x       *Exchange
	ctx     context.Context
	span    trace.Span
	tracer  trace.Tracer
	set     *pipeSettings
	sc      scannerBox // the Scanner of this request (SetScanner may swap it meanwhile)
	action  string
	failure string // internal cause of a fail-closed block (no values)
	ws      bool   // a WebSocket message, not a request body
	wsi     providers.WebSocketInspector

	preq      *providers.Request
	adapter   providers.Adapter
	matched   bool // a route of the catalogue matched (adapter is not the fallback for an unknown request)
	env       *providers.Envelope
	body      []byte // decoded body
	decoded   bool
	scans     []scanned
	topics    []string // from a topicScanner, of the fields the user wrote
	decision  policies.Decision
	in        *policies.Input // what decision was made from (withoutFindings asks about it again)
	justify   string          // the #freigabe reason, its personal data already replaced
	counts    map[string]int  // findings per type of all scans (findingCounts)
	recCounts map[string]int  // the same for the audit record and the metrics, schema text apart (recordCounts)

	// replaced: this request was sent with values replaced, so that its
	// answer may start with the line saying so (redactedText, written by
	// restoreAnswer where the answer gets it)
	replaced bool

	queryFindings  bool // r.scans holds findings in the URL, its path or query, or a header (field -1)
	headerFindings bool // some of them are in a request header

	safePath     string // the path as records and logs show it (safePathFor)
	safePathDone bool
	// pathText are the spans of the request path whose base64
	// scanPathBase64 decoded as text, once pathTextRead: path() masks them
	// without decoding the path again.
	pathText     [][2]int
	pathTextRead bool

	// uninspected: what the request carries that schleuse cannot read
	// (providers.Uninspected*: the adapter's, and uploaded images, audio
	// and video), for the policy (input.uninspected)
	uninspected []string
	// urlUnreadable: the URL or a header carries base64 of a compressed
	// payload that cannot be read (providers.Base64Unreadable): blocked
	urlUnreadable bool

	// tail: the end of what the person sent before on this WebSocket
	// (nil: a request, or a message inspected without its connection);
	// tailCovered: how far into a field a value across it reaches
	// (scanTail), for scanBoundaries
	tail        *wsTail
	tailCovered map[int]int
	tailJoined  bool // scanTail read this message's text fields[tailField] with the tail
	tailField   int
}

// stageRun is one stage in progress: its span and start (a value, so
// that timing a stage allocates nothing beyond its span).
type stageRun struct {
	name  string
	start time.Time
	span  trace.Span
}

// stage starts a stage; end finishes it. A stage has a span only under a
// recording request span: under one that is not recorded (a no-op tracer,
// or a trace the sampler dropped) its child would not be either, and
// starting it still cost a context per stage.
func (r *run) stage(name string) stageRun {
	s := stageRun{name: name, start: time.Now()}
	if r.span.IsRecording() {
		_, s.span = r.tracer.Start(r.ctx, name)
	}
	return s
}

// end ends a stage's span and records its duration.
func (r *run) end(s stageRun) {
	if s.span != nil {
		s.span.End()
	}
	if r.p.Metrics != nil {
		r.p.Metrics.Stage(r.ctx, s.name, time.Since(s.start))
	}
}

func (r *run) inspect() *Verdict {
	x := r.x
	if r.p.Metrics != nil && x.Oversize == 0 {
		r.p.Metrics.RequestBody(r.ctx, int64(len(x.Body)))
	}
	r.preq = &providers.Request{
		ServiceID: x.Service.ID, Provider: x.Service.Provider, Host: hostOnly(x.Request.Host),
		Method: x.Request.Method, Path: x.Request.URL.Path, Header: x.Request.Header,
		MaxDecoded: int64(r.set.cfg.MaxDecodedBytes),
	}
	if x.Request.URL.RawQuery != "" {
		r.preq.Query = x.Request.URL.Query()
	}
	if x.Oversize > 0 {
		// Not read, so not inspected: blocked like every request that
		// cannot be inspected, audited, with the notice in the service's
		// own format (the chat window shows it).
		if adapter, matched := r.set.router.Match(r.preq); matched {
			r.adapter = adapter
		}
		limit := int64(r.set.cfg.MaxBodyBytes)
		return r.failClosed("too_large", nil,
			fmt.Sprintf("Die Anfrage ist größer als %s und kann nicht auf personenbezogene Daten geprüft werden. Bitte kürzen Sie den Text oder teilen Sie ihn auf.", sizeText(limit, true)),
			fmt.Sprintf("The request is larger than %s and cannot be inspected. Shorten the text or split it.", sizeText(limit, false)))
	}
	if knownMethod(x.Request.Method) == "_OTHER" && r.set.cfg.UnknownRequests != "scan" {
		// A method no service of the catalogue uses is a request format
		// schleuse does not know, with a body or without (scanQuery
		// reads the method as a header's token under "scan").
		return r.failClosed("unmatched", nil, "Die Anfrage verwendet eine HTTP-Methode, die schleuse nicht kennt; sie kann daher nicht geprüft werden.", "The request uses an HTTP method schleuse does not know, so it cannot be inspected.")
	}
	if len(x.Body) == 0 {
		// Nothing leaves with this request but its URL: pages, assets,
		// polling. Not audited (one record per inspected prompt) unless
		// its query holds findings.
		if v := r.query(); v != nil {
			return v
		}
		r.action = "allow"
		return &Verdict{Forward: x.Body}
	}

	st := r.stage("extract")
	v := r.extract()
	r.end(st)
	if v != nil {
		return v
	}
	if x.noticeMissing && r.matched && r.carriesPrompt() {
		return r.noticeUnconfirmed()
	}
	st = r.stage("detect")
	v = r.detect()
	if v == nil && !r.ws { // a WebSocket's URL was inspected with its upgrade request
		r.scanQuery()
		if r.urlUnreadable {
			v = r.urlUnreadableBlocked()
		}
	}
	r.end(st)
	if v != nil {
		return v
	}
	st = r.stage("policy")
	r.decide()
	r.end(st)
	st = r.stage("act")
	v = r.act()
	r.end(st)
	return v
}

// query inspects the URL query of a request without a body: a browser's
// search shortcut sends the prompt there (www.perplexity.ai/search?q=…,
// chatgpt.com/?q=…), and the service has it once the page loads.
// Findings go to the policy like a prompt's; a URL cannot be rewritten, so
// anything but allow blocks it. nil: nothing found, forward.
func (r *run) query() *Verdict {
	r.scanQuery()
	if r.urlUnreadable {
		return r.urlUnreadableBlocked()
	}
	if len(r.scans) == 0 {
		return nil
	}
	adapter, matched := r.set.router.Match(r.preq)
	if !matched {
		adapter = providers.Fallback()
	}
	r.adapter, r.env = adapter, &providers.Envelope{}
	r.decide()
	switch r.decision.Action {
	case "allow":
		r.action = "allow"
		if err := r.audit(); err != nil {
			return r.auditFailed(err)
		}
		return &Verdict{Forward: r.x.Body}
	case "redact", "warn":
		return r.queryBlocked()
	}
	return r.act()
}

// urlUnreadableBlocked blocks a request whose URL or headers carry base64
// of a compressed payload that cannot be read (gzip or zstd cut short, a
// bomb past the bounds of inflate): what it holds cannot be inspected, and
// a service or a model's code tool unpacks it (sec20).
func (r *run) urlUnreadableBlocked() *Verdict {
	return r.failClosed("url_unreadable", nil,
		"Die Adresse (URL) oder die Kopfzeilen (Header) der Anfrage enthalten einen komprimierten Inhalt, der nicht gelesen werden kann (beschädigt oder entpackt zu groß); er kann daher nicht auf personenbezogene Daten geprüft werden.",
		"The request's address (URL) or headers carry a compressed payload that cannot be read (damaged, or too large unpacked), so it cannot be inspected.")
}

// queryBlocked blocks a request whose URL query holds what the policy
// would replace: schleuse cannot rewrite an address.
func (r *run) queryBlocked() *Verdict {
	if r.headerFindings {
		return r.failClosed("header_findings", nil,
			"Die Adresse (URL) oder die Kopfzeilen (Header) der Anfrage enthalten Daten, die nach der KI-Richtlinie nicht unverändert gesendet werden dürfen; dort kann schleuse sie nicht ersetzen. Bitte geben Sie den Text im Eingabefeld des Dienstes ein.",
			"The request's address (URL) or headers hold data the AI policy does not allow unchanged; schleuse cannot replace them there. Please type the text into the service's input field.")
	}
	return r.failClosed("query_findings", nil,
		"Die Adresse (URL) der Anfrage enthält Daten, die nach der KI-Richtlinie nicht unverändert gesendet werden dürfen; in einer Adresse kann schleuse sie nicht ersetzen. Bitte geben Sie den Text im Eingabefeld des Dienstes ein.",
		"The request's address (URL) holds data the AI policy does not allow unchanged; schleuse cannot replace it in an address. Please type the text into the service's input field.")
}

// scanQuery scans the text in the request's URL, its path (scanPath) and
// its query, with a body or without, and adds what it finds to r.scans
// (field -1: a URL is never rewritten, see act). Scanned are the values of the parameters that carry
// a prompt or search (q, prompt, …) whatever they hold, and any value with
// a space, which is text; other values are the identifiers and tokens of a
// web app's polling, whose digits a checksum could take for a card number.
// A query that does not parse is scanned segment by segment as far as it
// decodes (url.Values would drop the segment, and the service would still
// get it).
func (r *run) scanQuery() {
	r.scanPath()
	r.scanHeaders()
	if m := r.x.Request.Method; knownMethod(m) == "_OTHER" {
		// Any token is a method ("DE89370400440532013000"), and it
		// reaches the service: read as a header value without white
		// space is.
		r.scanHeaderToken(m)
	}
	for val, token := range queryTexts(r.x.Request.URL.RawQuery) {
		r.scanQueryText(val, token, false)
		r.scanQueryBase64(val, token, false)
	}
}

// scanQueryText scans one text of a URL query (the request's, header
// false, or a Referer's). A token (a value without white space that is no
// prompt parameter's: an id, a key, "max.mustermann@example.de") keeps
// only its tokenFindings.
func (r *run) scanQueryText(text string, token, header bool) {
	if !token {
		if header {
			r.scanURLText(text, true)
			return
		}
		if fs, topics := scanWith(r.sc.Scanner, text); len(fs) > 0 {
			r.scans = append(r.scans, scanned{field: -1, text: text, findings: fs})
			r.topics = append(r.topics, topics...)
			r.queryFindings = true
		}
		return
	}
	// Tokens repeat with every request (api-version=…, alt=sse, a
	// session's ids): scanned through the cache. A longer one (an encoded
	// blob, a JSON document without blanks) is scanned all the same: it
	// reaches the service as the body does.
	fs, _ := r.scanShort(text)
	fs = tokenFindings(text, fs)
	if len(fs) == 0 {
		return
	}
	r.scans = append(r.scans, scanned{field: -1, header: header, text: text, findings: fs})
	r.queryFindings = true
	if header {
		r.headerFindings = true
	}
}

// tokenFindings keeps the findings of fs in a token, a URL query value
// without white space, that it may hold as a value of its own: an e-mail
// address, an IBAN, a tax ID standing alone or between separators
// ("iban=DE89…", "x=steuer:86095742719"). Left out are
//   - SECRET: a token, key or signature in a URL (?key=AIza…,
//     ?access_token=eyJ…, X-Amz-Signature) is the session's credential,
//     sent to the service as Authorization is, not what a person typed;
//   - a finding cut out of a longer run of letters and digits: the 16
//     digits of a card number inside a random 19-digit id (Gemini's
//     f.sid=-4418…), an "Az" and digits inside an encoded token. Such ids
//     are random, and about one in twenty-five holds a valid card number;
//   - a card number that is the whole token when the token is a negative
//     integer or one of more than 16 digits (int64Token): a random 64-bit
//     id, as Gemini's f.sid is (-7383451232093274521, 4591234567890123456),
//     of which about one in twenty-five is a valid card number as a whole.
//     f.sid stays the same for the whole page session, so each such
//     session was blocked until the page was reloaded;
//   - a case reference longer than maxTokenCaseRef: the detectors take
//     what follows an "Az" label as the reference, and in an access token
//     ("…-Az-knPlZ6e839kt_Rqp2_…", about one in 1500 of 1200 characters)
//     that is the rest of the token, hundreds of characters; such a token
//     (Copilot's accessToken) blocked its session's every request.
//
// fs is not modified; a new slice is returned when something is left out.
func tokenFindings(text string, fs []detectors.Finding) []detectors.Finding {
	if uuidID(text) {
		// A UUID holds no one's value, but its groups read as an IBAN
		// about once in 3 000 ("ee14d23d-3620-6dc6-b320-…": Estonia's
		// EE and hex digits, as the detectors take an IBAN's groups),
		// and a conversation's id stays the same for its every request.
		return nil
	}
	id := int64Token(text)
	keep := func(f detectors.Finding) bool {
		return f.Type != "SECRET" && f.Start >= 0 && f.End <= len(text) &&
			(f.Start == 0 || !isAlnum(text[f.Start-1])) && (f.End == len(text) || !isAlnum(text[f.End])) &&
			!(id && f.Type == "CREDIT_CARD") &&
			!(f.Type == "CASE_REFERENCE" && f.End-f.Start > maxTokenCaseRef)
	}
	all := true
	for _, f := range fs {
		all = all && keep(f)
	}
	if all {
		return fs
	}
	var out []detectors.Finding
	for _, f := range fs {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

// addressFindings keeps the findings of fs in text, an address
// (providers.Field.Address), that stand alone inside one piece of it
// between its separators ("/", "?", "&", "=", "#", ";"), as tokenFindings
// keeps them in a token of the request's own URL: an e-mail address or an
// IBAN as a query value or a path segment, not a signature, a random id or
// a run of digits inside one, nor a label in one piece and digits in the
// next ("https://akte.example/…" is no case reference). fs is not
// modified.
func addressFindings(text string, fs []detectors.Finding) []detectors.Finding {
	var out []detectors.Finding
	for _, f := range fs {
		if f.Start < 0 || f.End > len(text) || f.Start > f.End || strings.ContainsAny(text[f.Start:f.End], "/?&=#;") {
			continue
		}
		s := strings.LastIndexAny(text[:f.Start], "/?&=#;") + 1
		e := strings.IndexAny(text[f.End:], "/?&=#;")
		if e < 0 {
			e = len(text)
		} else {
			e += f.End
		}
		g := f
		g.Start, g.End = f.Start-s, f.End-s
		if len(tokenFindings(text[s:e], []detectors.Finding{g})) == 1 {
			out = append(out, f)
		}
	}
	return out
}

// maxTokenCaseRef is the length of the longest case reference a URL token
// may hold ("AZ 12-345/2024-Bau-IV" has 21 characters).
const maxTokenCaseRef = 48

// int64Token reports a token that is a decimal integer written as a
// program writes a random 64-bit id: negative, or positive with 17 to 19
// digits. A card number is never negative; one of 19 digits exists
// (Maestro), but a bare 17- to 19-digit value in a URL is an id far more
// often (a card number in the body or in text is found as before).
func int64Token(s string) bool {
	neg := strings.HasPrefix(s, "-")
	d := strings.TrimPrefix(s, "-")
	if d == "" || len(d) > 19 || strings.TrimLeft(d, "0123456789") != "" {
		return false
	}
	return neg || len(d) > 16
}

// isAlnum reports an ASCII letter or digit.
func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// scanPath scans the segments of the request path that hold white space
// (hasSpace: a no-break space too), which is text, not a route or an id
// (/v1/threads/Klaus Müller, IBAN …/messages), by the rule scanQuery applies to query values. Findings are
// the URL's, like a query value's: a path is never rewritten. The others,
// URL-decoded, but route words and ids (pathID), are read as a query
// token is (tokenFindings: a value standing alone, "/v1/files/max.mustermann@example.de");
// before, a segment without white space or "_" was never read.
//
// A segment without white space but with "_" or "+" is scanned with those
// read as blanks, as a file name is (fileNameField): "Bescheid_Anna_Schmidt.pdf",
// "Anna_Schmidt_DE89370400440532013000" hold a name and an IBAN that the
// detectors do not see in one joined word.
func (r *run) scanPath() {
	r.scanPathBase64(r.x.Request.URL.Path, false)
	for seg := range strings.SplitSeq(r.x.Request.URL.Path, "/") {
		if d, ok := hiddenText(seg); ok {
			seg = d // invisible ASCII or bytes, read as they are (sec14, sec15)
		}
		if !hasSpace(seg) {
			var ok bool
			if seg, ok = readJoined(seg); !ok {
				if !pathID(seg) {
					r.scanQueryText(seg, true, false)
				}
				continue
			}
		}
		if fs, topics := scanWith(r.sc.Scanner, seg); len(fs) > 0 {
			r.scans = append(r.scans, scanned{field: -1, text: seg, findings: fs})
			r.topics = append(r.topics, topics...)
			r.queryFindings = true
		}
	}
}

// The notice of an uploaded file whose content cannot be read, when
// FileNotice names no more particular reason (or, for content decoded from
// a file's text, is not asked).
const (
	fileUnreadableDE = "Der Inhalt der hochgeladenen Datei kann nicht gelesen und daher nicht auf personenbezogene Daten geprüft werden. Die Datei wurde nicht hochgeladen."
	fileUnreadableEN = "The uploaded file cannot be read, so it cannot be inspected; it was not uploaded."
)

// maxPathBase64 is how many pieces of a path scanPathBase64 decodes.
const maxPathBase64 = 16

// scanPathBase64 reads base64 of text in the request's path
// (providers.Base64Text): each segment on its own (URL-safe base64, or
// standard without a "/": "/v1/files/<base64>") and the rest of the path
// after each "/" (standard base64, whose own "/" split it into segments:
// "/cb/QWt0…/ZS…"). A service decodes it as readily as a model does;
// before, such a segment was an encoded token (pathID) and went out
// unread. Findings are the URL's (header: the Referer's): a path is never
// rewritten. Segments shorter than 16 characters, route words and random
// ids are not decoded or decode to no text.
func (r *run) scanPathBase64(path string, header bool) {
	if !header {
		r.pathText, r.pathTextRead = r.pathText[:0], true
	}
	pathBase64(path, func(start, end int, text string, st providers.Base64Status) {
		if !header {
			r.pathText = append(r.pathText, [2]int{start, end})
		}
		if st == providers.Base64Unreadable {
			r.urlUnreadable = true
			return
		}
		r.scanURLText(text, header)
	})
}

// pathBase64 calls found with the span and the decoded text of each piece
// of path that scanPathBase64 reads, in order: a segment, the rest of
// the path (the last piece), or a binary value's segments up to the route
// words at the path's end; st is Base64Unreadable (and text empty) for a
// compressed payload that cannot be read. At most maxPathBase64 pieces are
// tried.
func pathBase64(path string, found func(start, end int, text string, st providers.Base64Status)) {
	tries := 0
	for i := strings.IndexByte(path, '/'); i >= 0 && tries < maxPathBase64; {
		rest := path[i+1:]
		seg, _, more := strings.Cut(rest, "/")
		if more && len(rest) >= 16 {
			tries++
			// Base64 of binary whose own '/' split it (NUL bytes, then
			// text) is read joined, as its runs of text, up to the route
			// words after it ("…/content"), which a binary value's run
			// would swallow (Base64DecodeText: as text the rest is read
			// whole). Before, a binary value's segments were read one by
			// one, and the text after its first '/' was decoded shifted
			// and went out unread (sec22 left it open).
			value := trimRouteWords(rest)
			decode := providers.Base64Decode
			if value != rest {
				decode = providers.Base64DecodeText
			}
			if t, st := decode(rest); st != providers.Base64None {
				found(i+1, len(path), t, st)
				return
			}
			if value != rest && strings.IndexByte(value, '/') >= 0 {
				tries++
				if t, st := providers.Base64Decode(value); st != providers.Base64None {
					found(i+1, i+1+len(value), t, st)
					if i += 1 + len(value); i >= len(path) {
						return
					}
					continue
				}
			}
		}
		if len(seg) >= 16 {
			tries++
			if t, st := providers.Base64Decode(seg); st != providers.Base64None {
				found(i+1, i+1+len(seg), t, st)
			}
		}
		if !more {
			return
		}
		i += 1 + len(seg)
	}
}

// trimRouteWords is rest without the segments at its end that are route
// words (lower-case letters and "-._:~" only: "content", "messages"), and
// the slashes before them.
func trimRouteWords(rest string) string {
	for {
		i := strings.LastIndexByte(rest, '/')
		if i < 0 || !routeWord(rest[i+1:]) {
			return rest
		}
		rest = rest[:i]
	}
}

// routeWord reports a segment of lower-case letters and "-._:~" only.
func routeWord(seg string) bool {
	for i := 0; i < len(seg); i++ {
		if c := seg[i]; !(c >= 'a' && c <= 'z' || strings.IndexByte("-._:~", c) >= 0) {
			return false
		}
	}
	return true
}

// pathID reports a path segment without white space that holds no value
// of a person's: a route word (lower-case letters and "-._:~" only:
// "completions", "backend-api"), one too short for an identifier, an id
// (a UUID, a run of 16 small hex digits or more, an encoded token), so that
// scanPath reads only the rest as a token ("/v1/files/max.mustermann@example.de",
// "/konto/DE89370400440532013000"), as scanQuery reads a query value.
// Navigation in the web apps (/c/<uuid>, /app/<hex id>) is never scanned.
func pathID(seg string) bool {
	if len(seg) < 6 || encodedToken(seg) {
		return true
	}
	route := true
	for i := 0; i < len(seg); i++ {
		if c := seg[i]; !(c >= 'a' && c <= 'z' || strings.IndexByte("-._:~", c) >= 0) {
			route = false
			break
		}
	}
	return route || hexID(seg) || uuidID(seg)
}

// hexID reports a run of 16 small hex digits or more without separators
// that has a letter after its first two characters: digits alone may be a
// card number, capitals an IBAN ("DE89…" is hex too), and so is one written
// in small letters: "de89370400440532013000" has its only letters, the
// country, in front. Before, such a segment passed as a hex id, unread, and
// so did any mix of hex digits and "-" ("abcdef-4111111111111111", a card
// number behind a word of hex letters). Nor is one that starts as an IBAN
// does, two letters and two digits: the detectors read an IBAN whose check
// digits hold over a BBAN with small hex letters in it
// ("de893704004053201e3000", FuzzPathID), which passed as a hex id.
func hexID(seg string) bool {
	if len(seg) >= 4 && seg[0] >= 'a' && seg[0] <= 'f' && seg[1] >= 'a' && seg[1] <= 'f' && isDigit(seg[2]) && isDigit(seg[3]) {
		return false
	}
	letter := false
	for i := 0; i < len(seg); i++ {
		switch c := seg[i]; {
		case c >= 'a' && c <= 'f':
			letter = letter || i >= 2
		case c < '0' || c > '9':
			return false
		}
	}
	return len(seg) >= 16 && letter
}

// uuidID reports a UUID (8-4-4-4-12 hex digits in small letters or
// capitals, as Microsoft's services write them; a letter among them). Its
// groups are no value of a person's: a path segment or a query value that
// is one is not read (tokenFindings).
func uuidID(seg string) bool {
	if len(seg) != 36 {
		return false
	}
	letter := false
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			letter = true
		case c < '0' || c > '9':
			return false
		}
	}
	return letter
}

// scanHeaders scans the request header values a client can write text
// into: a value with white space ("X-Note: Herr Kasimir Kowalski, IBAN
// …"; percent-encoded too), any
// value of a header named like a prompt (X-Prompt, X-Chat-Message, …), and
// the path and query of a Referer. Findings are the URL's (field -1): a
// header is never rewritten, so what the policy would replace blocks the
// request. Read for a few types only (sec27): Cookie (the service's own
// state: an IBAN, scanCookie), Authorization (identifiers with a check
// digit in its token, any words after it: scanAuthorization) and what the
// browser or client library writes about itself (browserWritten:
// User-Agent, the Sec-* headers; a name, an e-mail address, identifiers
// with a check digit: scanBrowserHeader). Not scanned:
// Proxy-Authorization and the framing headers net/http itself checks
// (skipHeaders). Values repeat with every request (Accept), so they are
// scanned through the cache.
func (r *run) scanHeaders() {
	for name, vals := range r.x.Request.Header {
		// The name reaches the service as the value does, and a client
		// writes any token there ("X-Steuer-86095742719: 1",
		// "X-DE89370400440532013000"): read as a value without white
		// space, in capitals (net/http writes "X-De89…"; the service may
		// get it in small letters). Before, no name was read (sec25).
		r.scanHeaderToken(strings.ToUpper(name))
		switch {
		case name == "Cookie":
			for _, v := range vals {
				r.scanCookie(v)
			}
			continue
		case name == "Authorization":
			for _, v := range vals {
				r.scanAuthorization(v)
			}
			continue
		case skipHeaders[name]:
			continue
		case browserWritten(name):
			for _, v := range vals {
				r.scanBrowserHeader(v)
			}
			continue
		}
		for _, v := range vals {
			if name == "Referer" {
				r.scanReferer(v)
				continue
			}
			text := v
			if !utf8.ValidString(text) {
				// Bytes beyond ASCII in a header (obs-text) are
				// ISO-8859-1 to HTTP/1.1's old rule and to a WSGI
				// server, which decodes every header so (PEP 3333):
				// "X-Prompt: J\xfcrgen Kowalski" is a name there.
				// Before (sec14), the detectors got "J\xfcrgen" and
				// the value went out where "Jürgen" blocked.
				if d, err := charmap.Windows1252.NewDecoder().String(text); err == nil {
					// and as UTF-8 where it hides text in tag
					// characters or variation selectors (sec15)
					if h, ok := hiddenText(strings.ToValidUTF8(text, "\uFFFD")); ok {
						d += "\n" + h
					}
					text = d
				}
			}
			if strings.Contains(text, "%") {
				text = queryUnescape(text)
			} else if d, ok := hiddenText(text); ok {
				text = d // invisible ASCII or bytes, read as they are (sec14, sec15)
			}
			if fileNameHeader(name) {
				// A file's name, whatever its shape: read as a file name
				// is ("Bescheid_Anna_Schmidt.pdf").
				if fn := headerFileName(name, text); fn != "" {
					for _, n := range append([]string{fn}, fileNameDecoded(fn)...) {
						if j, ok := readJoined(n); ok {
							n = j
						}
						r.scanURLText(n, true)
					}
				}
				continue
			}
			// Words joined by "_" are not read as text here, unlike in a
			// URL: tokens (URL-safe base64, ids) have them, and a header
			// holds many.
			if !hasSpace(text) && !promptHeader(name) && name != "From" {
				r.scanHeaderToken(text)
				r.scanHeaderBase64(name, text)
				continue
			}
			if credentialHeader(name) {
				r.scanCredentialHeader(text)
				continue
			}
			r.scanURLText(text, true)
		}
	}
}

// scanHeaderToken scans a header value without white space that is no
// prompt's, file name's or From's (an id, a version, a token, a hash; or
// "X-User-Email: anna@…", "X-Customer-Iban: DE89…") as a URL token is
// scanned (tokenFindings), and keeps only the findings of headerTokenTypes:
// an e-mail address and the identifiers with a check digit, standing alone.
// A header stays the same for a whole session, so what a random id, a
// version or a timestamp may read as (a telephone number, an IP address, a
// number plate, a case reference) does not count here: it would block the
// person until the next login. Values without "@" and with fewer than nine
// digits (Accept, Content-Type, most ids) are not scanned at all: they hold
// none of these types but an identity card number of letters and digits
// (L01X00T47), which has the shape of many random ids, one in ten of them
// passing its check digit, so reading it would block sessions at random.
// Before, all such values went to the service unread. The "@" and the
// digits are counted as the detectors read the value (folded): an IBAN in
// fullwidth or Arabic-Indic digits, an address with a fullwidth "＠", was
// left unscanned before (sec12).
func (r *run) scanHeaderToken(text string) {
	r.scanHeaderTokenOf(text, headerTokenTypes)
}

// scanHeaderTokenOf is scanHeaderToken keeping the findings of types.
func (r *run) scanHeaderTokenOf(text string, types map[string]bool) {
	if vis := withoutFolds(text); !strings.Contains(vis, "@") && countDigits(vis) < 9 {
		return
	}
	fs, _ := r.scanShort(text)
	r.keepHeaderFindings(text, tokenFindings(text, fs), func(typ string) bool { return types[typ] })
}

// scanHeaderBase64 reads a header value without white space that is
// base64 of text (providers.Base64Text, as a query value's is read:
// "X-Data: SGVyciBKw7xyZ2Vu…") decoded, as the value it encodes would be
// read: text with white space as a header value with white space is (every
// finding counts, a SECRET in a credential's header not), a token as a
// token, keeping the identifiers with a check digit found there
// (headerTokenTypes but the e-mail address): a header stays the same for
// a session, and a program's state in base64 (a user object,
// '{"email":"anna@…"}') can name the logged-in account's own address,
// which would block the person until the next login. Before, a name, an
// IBAN and a Steuer-ID in base64 went to the service in any header
// (sec18); so did a name alone, which the same value in clear blocked
// (sec19: the decoded text was read as a token, where a name never counts).
// Base64 of raw deflate or brotli of text is read so too (sec20); a
// compressed payload that cannot be read blocks the request
// (urlUnreadable).
func (r *run) scanHeaderBase64(name, text string) {
	dec, st := providers.Base64Decode(text)
	if st == providers.Base64Unreadable {
		r.urlUnreadable = true
	}
	if st != providers.Base64Read {
		return
	}
	if hasSpace(dec) {
		if credentialHeader(name) {
			r.scanCredentialHeader(dec)
		} else {
			r.scanURLText(dec, true)
		}
		return
	}
	fs, _ := r.scanShort(dec)
	r.keepHeaderFindings(dec, fs, func(typ string) bool { return headerTokenTypes[typ] && typ != "EMAIL" })
}

// keepHeaderFindings records the findings of fs in the header text whose
// type keep accepts, if any, as a header's scan.
func (r *run) keepHeaderFindings(text string, fs []detectors.Finding, keep func(typ string) bool) {
	var kept []detectors.Finding
	for _, f := range fs {
		if keep(f.Type) {
			kept = append(kept, f)
		}
	}
	if len(kept) == 0 {
		return
	}
	r.scans = append(r.scans, scanned{field: -1, header: true, text: text, findings: kept})
	r.queryFindings, r.headerFindings = true, true
}

// headerTokenTypes are the finding types scanHeaderToken keeps: an e-mail
// address, and the identifiers whose check digit a random id seldom
// passes (the fewest digits among them: nine, a Krankenversichertennummer's).
var headerTokenTypes = map[string]bool{
	"EMAIL": true, "IBAN": true, "CREDIT_CARD": true, "DE_TAX_ID": true, "DE_VAT_ID": true,
	"DE_SOCIAL_SECURITY": true, "DE_HEALTH_INSURANCE": true, "DE_ID_CARD": true,
}

// countDigits counts the ASCII digits of s.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// credentialHeader reports a header whose name says it carries a login:
// a dash-separated part of it starts with "Auth" or "Credential", or is,
// or ends in, "Key", "Token", "Secret", "Session" or "Signature"
// (X-Authorization, Helicone-Auth, Cf-Aig-Authorization, X-Api-Key,
// X-Auth-Token, X-Csrf-Token). Its value is the session's credential, sent
// to the service as Authorization is (which is not scanned at all), so a
// SECRET found there does not count (scanCredentialHeader).
func credentialHeader(name string) bool {
	for part := range strings.SplitSeq(strings.ToLower(name), "-") {
		if strings.HasPrefix(part, "auth") || strings.HasPrefix(part, "credential") {
			return true
		}
		for _, w := range []string{"key", "token", "secret", "session", "signature"} {
			if strings.HasSuffix(part, w) {
				return true
			}
		}
	}
	return false
}

// scanCredentialHeader scans the value of a credentialHeader with white
// space ("Bearer eyJ…", as Cloudflare's AI Gateway and Helicone send it):
// a name, an IBAN or an e-mail address there counts as in any header, a
// SECRET does not. Before, such a client's every request was blocked as
// one carrying credentials.
func (r *run) scanCredentialHeader(text string) {
	fs, _ := r.p.scanCached(r.sc, text)
	r.keepHeaderFindings(text, fs, func(typ string) bool { return typ != "SECRET" })
}

// scanBrowserHeader reads a header the browser or the client library
// writes about itself (browserWritten: User-Agent, …-Agent, Sec-*) for
// what no browser writes there: a name, an e-mail address and the
// identifiers with a check digit (browserHeaderTypes). A program can set
// these headers (an SDK's default headers, a tool's own User-Agent,
// "MeinTool/1.0 (Jürgen Kowalski, 86095742719)"), and they reach the
// service with every request; before (sec27), nothing in them was read.
// What their parts read as otherwise (a tablet's model as a number plate,
// a version as a telephone number or an IP address) does not count.
func (r *run) scanBrowserHeader(text string) {
	fs, _ := r.scanShort(text)
	r.keepHeaderFindings(text, fs, func(typ string) bool { return browserHeaderTypes[typ] })
}

// browserHeaderTypes are the finding types scanBrowserHeader keeps: none
// of them is found in what browsers, apps and client libraries write
// there (TestBrowserHeadersRead's realistic values); an identity card's
// number is left out, as it has the shape of a device's model code.
var browserHeaderTypes = map[string]bool{
	"PERSON": true, "EMAIL": true, "IBAN": true, "CREDIT_CARD": true, "DE_TAX_ID": true, "DE_VAT_ID": true,
	"DE_SOCIAL_SECURITY": true, "DE_HEALTH_INSURANCE": true,
}

// scanAuthorization reads an Authorization header: of the schemes whose
// credentials are one token (Bearer, Basic), the token for the
// identifiers with a check digit (credentialTokenTypes: no e-mail address,
// which may be the login's own), and any words after it as a credential
// header's text (all but a SECRET: "Bearer sk-… Jürgen Kowalski
// 86095742719"). Other schemes (Digest, AWS4-HMAC-SHA256) carry the
// login's name, dates and regions in their parameters and are left
// unread. Before (sec27), the header was not read at all, and a value
// written after the token reached the service.
func (r *run) scanAuthorization(v string) {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(v), " ")
	if !strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "Basic") {
		return
	}
	token, extra, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	r.scanHeaderTokenOf(token, credentialTokenTypes)
	if extra = strings.TrimSpace(extra); extra != "" {
		r.scanCredentialHeader(extra)
	}
}

// credentialTokenTypes are headerTokenTypes but the e-mail address.
var credentialTokenTypes = map[string]bool{
	"IBAN": true, "CREDIT_CARD": true, "DE_TAX_ID": true, "DE_VAT_ID": true,
	"DE_SOCIAL_SECURITY": true, "DE_HEALTH_INSURANCE": true, "DE_ID_CARD": true,
}

// scanCookie reads each value of a Cookie header (percent-decoded) for an
// IBAN standing alone in it (its country and check digits: a random id is
// none). Nothing else counts there: a cookie is the service's state, and
// its values name the logged-in account itself (an e-mail address, a
// name) or are random ids, an eleven-digit one of which is a valid
// Steuer-ID about one time in three hundred, and the cookie stays the
// same for the whole session. Before (sec27), no cookie was read.
func (r *run) scanCookie(v string) {
	for part := range strings.SplitSeq(v, ";") {
		_, val, ok := strings.Cut(part, "=")
		if !ok {
			val = part
		}
		val = strings.Trim(strings.TrimSpace(val), `"`)
		if strings.Contains(val, "%") {
			val = queryUnescape(val)
		}
		r.scanHeaderTokenOf(val, cookieTypes)
	}
}

var cookieTypes = map[string]bool{"IBAN": true}

// browserWritten reports the headers that the browser or the client
// library writes about itself: User-Agent and other product headers
// (X-Ms-Useragent, …-Agent), and the Sec-* headers (client hints, fetch
// metadata), which a page's script cannot set at all. They name software
// and devices, never what a person typed, and their tokens read as data:
// a tablet's model (SM-T500, SM-X200, GT-I9505) is a number plate, a
// version beside "Mobile" a telephone number, a client hint's version
// (v="24.0.0.0") an IP address. Scanned, every request from such a device
// was blocked; the header is not rewritten, so the person could do
// nothing about it.
func browserWritten(name string) bool {
	n := len(name)
	return strings.HasPrefix(name, "Sec-") ||
		n >= len("agent") && strings.EqualFold(name[n-len("agent"):], "agent")
}

// scanReferer scans the path segments and query of a Referer as those of
// the request's own URL (a browser sends its page's address there): a
// segment without white space or joined words is read as scanPath reads
// one, as a token unless it is a route word or an id (pathID), so
// "…/buerger/anna.schmidt@stadt.de" blocks. Before, such a segment, and
// every segment of a Referer without "?%_+;" or white space, was not read.
// A page the browser loaded through schleuse had its own path read by the
// same rule, so a page address that passed then passes here.
func (r *run) scanReferer(v string) {
	u, err := url.Parse(v)
	if err != nil {
		r.scanURLText(queryUnescape(v), true) // scanned as text: it goes to the service as it is
		return
	}
	for seg := range strings.SplitSeq(u.Path, "/") {
		if !hasSpace(seg) {
			var ok bool
			if seg, ok = readJoined(seg); !ok {
				if !pathID(seg) {
					r.scanQueryText(seg, true, true)
				}
				continue
			}
		}
		r.scanURLText(seg, true)
	}
	r.scanPathBase64(u.Path, true)
	for val, token := range queryTexts(u.RawQuery) {
		r.scanQueryText(val, token, true)
		r.scanQueryBase64(val, token, true)
	}
	// A browser sends neither the fragment nor a user and password in a
	// Referer, but a program writes what it likes there, and it reaches
	// the service: the host and the user as a header's token, the
	// fragment as a query. Before, they went out unread
	// ("https://juergen-kowalski-86095742719.example/",
	// "…/#Herr%20J%C3%BCrgen%20Kowalski…"; sec25).
	r.scanHeaderToken(u.Hostname())
	if u.User != nil {
		r.scanHeaderToken(u.User.String())
		if d, err := url.PathUnescape(u.User.String()); err == nil && hasSpace(d) {
			r.scanURLText(d, true)
		}
	}
	for val, token := range queryTexts(u.EscapedFragment()) {
		r.scanQueryText(val, token, true)
		r.scanQueryBase64(val, token, true)
	}
}

// scanQueryBase64 reads a query value without white space that is base64
// of text ("?state=<base64>", providers.Base64Text) decoded, as
// scanPathBase64 reads a path segment.
func (r *run) scanQueryBase64(val string, token, header bool) {
	if token {
		switch t, st := providers.Base64Decode(val); st {
		case providers.Base64Read:
			r.scanURLText(t, header)
		case providers.Base64Unreadable:
			r.urlUnreadable = true
		}
	}
}

// scanURLText scans a text of the URL or the headers and keeps its
// findings with field -1. Short texts go through the scan cache: header
// values repeat with every request (User-Agent, Accept); long ones would
// only push the histories out of it.
func (r *run) scanURLText(text string, header bool) {
	fs, topics := r.scanShort(text)
	if len(fs) == 0 {
		return
	}
	r.scans = append(r.scans, scanned{field: -1, header: header, text: text, findings: fs})
	r.topics = append(r.topics, topics...)
	r.queryFindings = true
	if header {
		r.headerFindings = true
	}
}

// maxCachedURLText bounds the header and URL texts kept in the scan cache.
const maxCachedURLText = 512

// scanShort scans a text of the URL or a header: through the scan cache
// when it is short (such texts repeat with every request), directly when
// it is longer (it would only push the histories out of the cache).
func (r *run) scanShort(text string) ([]detectors.Finding, []string) {
	if len(text) <= maxCachedURLText {
		return r.p.scanCached(r.sc, text)
	}
	return scanWith(r.sc.Scanner, text)
}

// skipHeaders are the request headers scanHeaders leaves out.
// The coding headers (Accept-Encoding, Content-Encoding, TE, Trailer) are
// scanned: they go to the service as written, and their tokens ("gzip,
// deflate, br, zstd") hold nothing the detectors take.
var skipHeaders = map[string]bool{
	"Proxy-Authorization": true,
	"Host":                true, "Connection": true, "Content-Length": true, "Transfer-Encoding": true, "Upgrade": true,
	"Sec-Websocket-Key": true, "Sec-Websocket-Version": true, "Sec-Websocket-Extensions": true,
}

// promptHeader reports a header whose name says it carries a prompt or a
// message (X-Prompt, X-User-Query, X-Chat-Message, X-Input-Text): a part of
// the name between dashes starts with one of promptHeaderWords. Its value is
// scanned even without a space. A word inside a part does not count:
// X-Cloud-Trace-Context, X-Ms-Client-Context carry ids and tokens, not text.
func promptHeader(name string) bool {
	for part := range strings.SplitSeq(name, "-") {
		for _, w := range promptHeaderWords {
			if len(part) >= len(w) && strings.EqualFold(part[:len(w)], w) {
				return true
			}
		}
	}
	return false
}

var promptHeaderWords = []string{"prompt", "query", "message", "question", "input", "text"}

// fileNameHeader reports the request headers that carry a file's name:
// Content-Disposition (a PUT or POST of the bytes alone), Slug (AtomPub),
// and any header whose name ends in "Filename" or "File-Name"
// (X-File-Name, X-Upload-Filename, X-Goog-Upload-File-Name). Upload
// clients put the name of the file there, which names a person as often as
// the file does ("Bescheid_Anna_Schmidt.pdf"). Of the web apps schleuse
// knows, none puts a person's text in another header: the uploads of
// ChatGPT, claude.ai, Gemini (X-Goog-Upload-Command, -Protocol, -Offset,
// Push-ID), Le Chat and Perplexity carry the name in the body
// (docs/providers.md).
func fileNameHeader(name string) bool {
	n := strings.ToLower(name)
	return n == "content-disposition" || n == "slug" || strings.HasSuffix(n, "filename") || strings.HasSuffix(n, "file-name")
}

// headerFileName returns the file name a fileNameHeader carries: the
// names of a Content-Disposition (providers.DispositionFileName), the
// whole value of the others.
func headerFileName(name, v string) string {
	if !strings.EqualFold(name, "Content-Disposition") {
		return v
	}
	// filename* and filename both, filename* in any charset, a value that
	// does not parse as it stands (the service reads it somehow): before,
	// Go's filename* alone, and "filename*=iso-8859-1''J%FCrgen…", which
	// it drops, not at all (sec14).
	return providers.DispositionFileName(v)
}

// requestIDKey carries the request id into the policy's Decide.
type requestIDKey struct{}

// decideContext is the run as the context of the policy's Decide: its
// context's deadline and values, and the request id under requestIDKey.
// Before, context.WithValue made two allocations per decision for it.
type decideContext run

func (c *decideContext) Deadline() (time.Time, bool) { return c.ctx.Deadline() }
func (c *decideContext) Done() <-chan struct{}       { return c.ctx.Done() }
func (c *decideContext) Err() error                  { return c.ctx.Err() }

func (c *decideContext) Value(key any) any {
	if key == (requestIDKey{}) {
		return c.x.RequestID
	}
	return c.ctx.Value(key)
}

// probeKey marks the context of a decision that no request gets
// (withoutFindings): a Decider that logs or counts what it decides (the
// shadow policy's differences) leaves it out.
type probeKey struct{}

// ProbeContext marks ctx as that of such a decision (Probing).
func ProbeContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, probeKey{}, true)
}

// Probing reports whether ctx is that of a policy decision that only tells
// the notice what to advise (the request without its findings), not one a
// request gets.
func Probing(ctx context.Context) bool {
	p, _ := ctx.Value(probeKey{}).(bool)
	return p
}

// RequestIDFrom is the id of the request whose policy decision ctx was
// made for (Pipeline.Policy's Decide), "" for any other context: a
// Decider that logs (the shadow policy's differences) names the request
// as every other log line about it does, so that the line finds its
// audit record; before, that line had none.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// knownMethod is the request's method as the span attribute
// http.request.method, log lines and the policy input show it: one of the
// methods of RFC 9110 and PATCH (RFC 5789) as it is, any other token
// "_OTHER", as OpenTelemetry's semantic conventions for HTTP say. A client
// may send any token as its method ("DE89370400440532013000"), which is
// its text, not a name schleuse knows; the policy has the known methods to
// tell apart (the default policy reads none), and it and the policy cache
// are spared what a client makes up.
func knownMethod(m string) string {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE":
		return m
	}
	return "_OTHER"
}

// path is the request path as the audit record, log lines and the policy
// input show it (safePathFor), computed once per request. Its findings come
// from the scan cache (scanCached): requests name a service's few routes
// again and again, and a scan of even a short path costs the engine's
// per-scan set-up (≈3 µs).
func (r *run) path() string {
	if !r.safePathDone {
		path := r.preq.Path
		if r.pathTextRead {
			path = maskSpans(path, r.pathText)
		} else {
			path = maskBase64Path(path)
		}
		r.safePath, r.safePathDone = safePathFor(func(path string) []detectors.Finding {
			fs, _ := r.p.scanCached(r.sc, path)
			return fs
		}, path), true
	}
	return r.safePath
}

// safePathFor is a request path without what a client may have written
// into it: a segment with white space (text, not a route or an id) becomes
// "[text]", and every value the detectors find in the rest is replaced by
// its type: /v1/threads/DE89…/messages → /v1/threads/[IBAN]/messages.
// Audit records and logs hold no prompt text and no raw value. An id a
// detector takes for a value is masked too, which hides nothing an auditor
// needs. A segment is read as scanPath reads it (readJoined): words joined
// by "_" or "+", and by "-" or "." beside a number
// ("Gottfried-Wunderlich-DE89…", which scanPath found a name in while the
// recorded path kept it). The base64 of text in path is masked already
// (maskBase64Path).
func safePathFor(scan func(path string) []detectors.Finding, path string) string {
	if strings.ContainsAny(path, "_+-.") || hasSpace(path) {
		segs := strings.Split(path, "/")
		for i, seg := range segs {
			if hasSpace(seg) {
				segs[i] = "[text]"
			} else if read, ok := readJoined(seg); ok {
				// "Bescheid_Anna_Schmidt.pdf", "Anna-Schmidt-DE89…": read
				// as scanPath reads it
				segs[i] = maskFindings(seg, scan(read))
			}
		}
		path = strings.Join(segs, "/")
	}
	return maskFindings(path, scan(path))
}

// maskBase64Path is path with the base64 of text that scanPathBase64
// decodes as "[text]": a segment ("/v1/files/<base64>/content" →
// "/v1/files/[text]/content") or the rest of the path, whose standard
// base64 has "/" of its own. Such a segment is text the service decodes,
// as a segment with white space is; before, the audit record and the log
// kept "R290dGZyaWVk…" of a name and an IBAN that scanPathBase64 had
// blocked the request for.
func maskBase64Path(path string) string {
	var spans [][2]int
	pathBase64(path, func(start, end int, _ string, _ providers.Base64Status) { spans = append(spans, [2]int{start, end}) })
	return maskSpans(path, spans)
}

// maskSpans is path with each of spans (in order, not overlapping)
// replaced by "[text]".
func maskSpans(path string, spans [][2]int) string {
	if len(spans) == 0 {
		return path
	}
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(path[last:sp[0]])
		b.WriteString("[text]")
		last = sp[1]
	}
	b.WriteString(path[last:])
	return b.String()
}

// maskFindings replaces every finding of fs in text (fs are spans of text,
// or of a text of the same length) by its type: "[IBAN]".
func maskFindings(text string, fs []detectors.Finding) string {
	if len(fs) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, f := range fs {
		if f.Start < last || f.End > len(text) || f.Start >= f.End {
			continue // overlapping findings: the first one masks
		}
		b.WriteString(text[last:f.Start])
		b.WriteString("[" + f.Type + "]")
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// hasSpace reports whether s, a URL path segment or query value, holds
// white space, which makes it text rather than a route or an id: a blank,
// tab or line break, or a no-break or other Unicode space, which the
// detectors read as a blank (foldText).
func hasSpace(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || otherSpace(r) }) // IsSpace: " \t\r\n" and more
}

// queryTexts yields the texts of a raw URL query that scanQuery scans,
// decoded: every value, and the keys with a space or that join words with
// "_", and every other key of six bytes or more as a token. A value or key that joins words ("filename=Bescheid_Anna_Schmidt.pdf")
// is yielded with "_" read as a blank (joinedWords). token is true for a
// value without white space that is no prompt parameter's (an id, a key,
// "mail=max.mustermann@example.de"), whose findings scanQueryText filters
// (tokenFindings). It splits at '&' and ';' as browsers and servers do,
// and reads a value with ';' in it whole as well, as servers that split at
// '&' only take it.
//
// Every value, whatever its shape: a value in the URL of a request to an
// LLM host reaches the service as the body does. Before, only prompt
// parameters and values with white space or joined words were scanned, and
// "?mail=max.mustermann@example.de", "?iban=DE89…" went out unread.
func queryTexts(raw string) iter.Seq2[string, bool] {
	return func(yield func(string, bool) bool) {
		for raw != "" {
			var seg string
			seg, raw, _ = strings.Cut(raw, "&")
			if strings.Contains(seg, ";") {
				// Most servers now split at '&' only (Go since 1.17,
				// Python since 3.10): the value up to the next '&' is
				// read whole as well. Split at ';' alone, an IBAN in the
				// cells of a CSV row ("?x=DE89;3704;0044;…") was six
				// values of nothing and went out (sec13).
				if _, val, ok := strings.Cut(seg, "="); ok && val != "" {
					if v := queryUnescape(val); !yield(v, !hasSpace(v)) {
						return
					}
				}
			}
			for seg != "" {
				var pair string
				pair, seg, _ = strings.Cut(seg, ";")
				key, val, _ := strings.Cut(pair, "=")
				key, val = queryUnescape(key), queryUnescape(val)
				// A key is a name, but a client can write text there too
				// ("?Herr Mehmet Yılmaz, IBAN …", with or without "="): one
				// with white space or joined words is scanned like a value.
				if k, ok := readJoined(key); ok || hasSpace(key) {
					if !ok {
						k = key
					}
					if !yield(k, false) {
						return
					}
				} else if len(key) >= 6 && !yield(key, true) {
					// Any other key as a value without white space:
					// "?DE89370400440532013000=1" went out unread
					// before (sec25).
					return
				}
				if val == "" {
					continue
				}
				joined, ok := readJoined(val)
				token := !promptParam(key) && !ok && !hasSpace(val)
				if token && accountParam(key, val) {
					continue // the session's own account, as the Cookie and Authorization are
				}
				if ok {
					val = joined
				}
				if !yield(val, token) {
					return
				}
			}
		}
	}
}

// accountParam reports a query parameter that names the account the session
// is logged in with, by its e-mail address: Google's authuser
// (gemini.google.com/app?authuser=max.mustermann@stadt.de, as Workspace
// links write it) and OpenID Connect's login_hint. It is the person's own
// login at the service, sent as the Cookie and Authorization are, which are
// not scanned either; scanned, the address blocked the page (an address
// cannot be rewritten), and with the default policy every visit to Gemini
// with such a link. Only a value that is one e-mail address and nothing
// else is left out; anything else in these parameters is scanned as before.
func accountParam(key, val string) bool {
	if !strings.EqualFold(key, "authuser") && !strings.EqualFold(key, "login_hint") {
		return false
	}
	local, domain, ok := strings.Cut(val, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(domain, "@") &&
		!strings.ContainsFunc(val, func(r rune) bool { return !(isWordByte(byte(r)) && r < 0x80 || strings.ContainsRune("@.-_+", r)) })
}

// readJoined reads one URL path segment or query value as the detectors
// must when it joins words instead of spacing them: a file name as
// fileNameField reads it, words joined by "_", "-", "." or "+" beside an
// identifier as providers.JoinedReading reads them
// ("erika.mustermann.015112345678"), anything else as joinedWords does. The text keeps
// its length; ok is false when there is nothing to read differently.
func readJoined(s string) (string, bool) { return readFolded(s, readJoinedPlain) }

// readJoinedPlain is readJoined for a text that needs no folding.
func readJoinedPlain(s string) (string, bool) {
	if encodedToken(s) || numberWord(s) {
		return s, false
	}
	if fn, ok := fileNameField(s); ok {
		return fn, true
	}
	if r, ok := providers.JoinedReading(s); ok {
		return r, true
	}
	return joinedWords(s)
}

// digits finds the next digit for readJoinedTokens in vector blocks:
// strings.IndexAny read a 16 KB prompt a byte at a time, 10-14 % of the
// pipeline's CPU (BenchmarkPipelineInspect).
var digits = byteset.New("0123456789")

// readJoinedTokens reads a text with white space as the detectors must
// where one of its words joins words by "_", "-", "." or "+" beside an
// identifier ("Anhang: erika_mustermann_86095742719.pdf", "an
// erika.mustermann.015112345678 weiterleiten"): each such word as
// providers.JoinedReading reads it, the rest as it stands. readJoined reads
// a text without white space; before, such a word inside a prompt was one
// word to the detectors and its Steuer-ID or number went out unread. The
// text keeps its length; ok is false when no word is read differently.
// Only a word of 8 bytes or more with a joint and a digit is looked at
// (JoinedReading finds nothing in others): the words around the digits,
// found by the vector pass of digits, so a prompt costs about one pass of
// it. Before, each byte was looked at in a loop, which took more than half
// of the pipeline's own work on a 16 KB prompt (BenchmarkPipelineInspect).
//
// Words end at any white space, a no-break or thin space too
// ("Anhang:\u00a0erika_mustermann_86095742719.pdf"): JoinedReading reads
// no word with one, and before, such a word went out unread.
func readJoinedTokens(s string) (string, bool) { return readFolded(s, readJoinedTokensPlain) }

// readFolded applies read, which turns joints into blanks at the same
// length (readJoinedPlain, readJoinedTokensPlain), to s as the detectors
// read it (foldText), and returns s with those joints blank: a joint that
// was written as several bytes (a fullwidth "＿", "&#95;") is a blank and
// NULs, which the detectors leave out. The result keeps s's length, so
// findings of its folded reading map to s as any field's do. Before, the
// joined words were looked for in s as it stood: a word whose identifier
// had digits of another script, fullwidth or mathematical digits or an
// invisible character in it ("erika_mustermann_٨٦٠٩٥٧٤٢٧١٩",
// "…_860957\u200b42719") or whose joints were fullwidth was one word to
// the detectors, and its Steuer-ID or IBAN went out unread (sec12).
func readFolded(s string, read func(string) (string, bool)) (string, bool) {
	return fold(s).read(read)
}

// folded is a text and its characters as the detectors read them
// (foldRunes), for the reads of one text: run.detect's readJoined,
// readJoinedTokens and scanWith.
type folded struct {
	s, vis     string
	start, end []int32
	ok         bool // vis differs from s; start and end map it to s
}

func fold(s string) folded {
	vis, start, end, ok := foldRunes(s)
	return folded{s: s, vis: vis, start: start, end: end, ok: ok}
}

// read is readFolded(f.s, read).
func (f folded) read(read func(string) (string, bool)) (string, bool) {
	// Characters only (foldRunes): the reading of numbers and joints
	// (foldTokens) comes after, when the result is scanned (scanWith);
	// its blanks made a joined word no word to read here.
	if !f.ok {
		return read(f.s)
	}
	jt, ok := read(f.vis)
	if !ok || jt == f.vis {
		return f.s, false
	}
	b := []byte(f.s)
	for i := range len(jt) {
		if jt[i] == f.vis[i] {
			continue
		}
		b[f.start[i]] = jt[i]
		for k := f.start[i] + 1; k < f.end[i]; k++ {
			b[k] = 0
		}
	}
	return string(b), true
}

// scan is scanWith(sc, f.s).
func (f folded) scan(sc Scanner) ([]detectors.Finding, []string) {
	if vis, start, end, ok := foldTokensAfter(f.s, f.vis, f.start, f.end, f.ok); ok {
		fs, topics := scanVisible(sc, vis)
		return mapFindings(fs, start, end), topics
	}
	return scanVisible(sc, f.s)
}

// numberWord reports a word that is a number denoting an integer
// ("8.6095742719e10", "-86095742719.0"): foldTokens reads it as its digits.
// Read as joined words, its "." was a blank ("8 6095742719e10", a Steuer-ID
// across the point to JoinedReading), which the detectors read as no
// number.
func numberWord(w string) bool {
	_, ok := providers.IntegerDigits(strings.TrimPrefix(w, "-"))
	return ok && strings.ContainsAny(w, ".eE")
}

// readJoinedTokensPlain is readJoinedTokens for a text that needs no
// folding.
func readJoinedTokensPlain(s string) (string, bool) {
	var b []byte
	for i := 0; i < len(s); {
		// Only a word with a digit can be read differently: the words
		// around each digit are looked at, the rest of the text is
		// passed over in vector blocks.
		d := digits.Index(s[i:])
		if d < 0 {
			break
		}
		start, end := i+d, i+d
		for start > i && spaceBefore(s, start) == 0 {
			start--
		}
		for end < len(s) && (s[end] > ' ' && s[end] < utf8.RuneSelf || s[end] >= utf8.RuneSelf && spaceLen(s, end) == 0) {
			end++
		}
		i = end
		if end-start < 8 || !strings.ContainsAny(s[start:end], "_-.+") {
			continue
		}
		// Punctuation around the word is not part of it: "(…)", "…,".
		ws, we := start, end
		for ws < we && !isWordByte(s[ws]) {
			ws++
		}
		for we > ws && !isWordByte(s[we-1]) {
			we--
		}
		if numberWord(s[ws:we]) {
			continue // foldTokens reads it
		}
		r, ok := providers.JoinedReading(s[ws:we])
		if !ok || r == s[ws:we] {
			continue
		}
		if b == nil {
			b = []byte(s)
		}
		copy(b[ws:we], r)
	}
	if b == nil {
		return s, false
	}
	return string(b), true
}

// spaceBefore is the length of the white space that ends at s[:j] (as
// spaceLen), 0 when there is none.
func spaceBefore(s string, j int) int {
	if c := s[j-1]; c < utf8.RuneSelf {
		if c <= ' ' {
			return 1
		}
		return 0
	}
	if r, n := utf8.DecodeLastRuneInString(s[:j]); unicode.IsSpace(r) {
		return n
	}
	return 0
}

// spaceLen is the length of the white space at s[i] (a control byte or
// blank, or a Unicode space such as U+00A0), 0 when there is none.
func spaceLen(s string, i int) int {
	if c := s[i]; c < utf8.RuneSelf {
		if c <= ' ' {
			return 1
		}
		return 0
	}
	if r, n := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
		return n
	}
	return 0
}

// joinedWords reads a text without white space whose words are joined by
// "_" or "+" (file names, slugs: "Bescheid_Anna_Schmidt.pdf") as the
// detectors must: those become blanks, and the text keeps its length, so
// that findings' offsets hold for the original. ok is false, and s
// returned as it is, for a text with white space (it has blanks of its
// own), without such a joint, without a letter or digit beside one, or
// with an "@": an e-mail address ("max_mustermann@stadt.de") is read as it
// stands (fileNameField).
func joinedWords(s string) (string, bool) {
	// hasSpace first: a prompt has a blank within its first words, and is
	// then not read through (ContainsAny went through every byte of every
	// prompt: 4 % of the process's CPU at 16 KB).
	if hasSpace(s) || !strings.ContainsAny(s, "_+") || strings.Contains(s, "@") {
		return s, false
	}
	b := []byte(s)
	joint := false
	for i, c := range b {
		if c != '_' && c != '+' {
			continue
		}
		if i > 0 && i+1 < len(b) && isWordByte(b[i-1]) && isWordByte(b[i+1]) {
			joint = true
		}
		b[i] = ' '
	}
	if !joint {
		return s, false
	}
	return string(b), true
}

// encodedToken reports a value that is an encoded token rather than
// joined words: 40 bytes or more of the base64 and base64url alphabets
// (with '.', '=' and '%') only, holding a run of 20 letters and digits or
// more with at least four each of capitals, small letters and digits, as
// encoded random bytes do (a JWT, an access token, a signature:
// ?access_token=eyJ…, which SignalR and Copilot put into a WebSocket's
// URL). Read with "_" as blanks, its random pieces looked like a case
// reference ("aZ0Gl…") in about one token of sixty, and the request was
// blocked. The detectors do not read encoded text anyway
// (docs/security.md: Base64).
func encodedToken(s string) bool {
	if len(s) < 40 {
		return false
	}
	run, upper, lower, digit, mixed := 0, 0, 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			upper++
		case c >= 'a' && c <= 'z':
			lower++
		case c >= '0' && c <= '9':
			digit++
		case c == '_' || c == '-' || c == '+' || c == '/' || c == '.' || c == '=' || c == '%':
			run, upper, lower, digit = 0, 0, 0, 0
			continue
		default:
			return false
		}
		run++
		if run >= 20 && upper >= 4 && lower >= 4 && digit >= 4 {
			mixed = true
		}
	}
	return mixed
}

// isWordByte reports whether c is an ASCII letter or digit or part of a
// UTF-8 sequence (a letter such as "ü").
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// queryUnescape decodes a query key or value. One with a bad escape
// ("%zz") is decoded as Python's unquote_plus and PHP's urldecode do: every
// valid escape decoded, a bad one kept as it is, '+' as a space (before, the
// whole value was taken as written, and "DE89%203704%20…%zz" hid an IBAN the
// service reads). Bytes that are no UTF-8 ("M%FCller", as a form in
// ISO-8859-1 sends it) are read as Windows-1252, as a server that honours
// such a charset reads them: before, the detectors saw "M\xfcller" and no
// name.
func queryUnescape(s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		u = providers.PercentDecode(s, true)
	}
	if !utf8.ValidString(u) {
		if d, err := charmap.Windows1252.NewDecoder().String(u); err == nil {
			// Read as UTF-8 too where it hides text in tag characters
			// or variation selectors beside a Latin-1 byte, which
			// Windows-1252 shows as other letters (sec15).
			if h, ok := hiddenText(strings.ToValidUTF8(u, "\uFFFD")); ok {
				d += "\n" + h
			}
			return d
		}
	}
	if d, ok := hiddenText(u); ok {
		// Text in Unicode tag characters ("%F3%A0%81%88…": invisible
		// ASCII, which a model reads): read as that ASCII (sec14); so
		// are bytes hidden in variation selectors (sec15).
		u = d
	}
	return u
}

// hiddenText returns s with the text it hides in invisible characters
// read as that text: Unicode tag characters as the ASCII they mirror
// (providers.TagText), variation selectors as the bytes they stand for
// ("emoji smuggling", providers.SelectorText); false when it hides none.
func hiddenText(s string) (string, bool) {
	d, tags := providers.TagText(s)
	if !tags {
		d = s
	}
	if v, ok := providers.SelectorText(d); ok {
		return v, true
	}
	return d, tags
}

// promptParams are the query parameters in which chat and search pages
// take a prompt; their values are scanned even without a space.
var promptParams = []string{"q", "query", "prompt", "text", "message", "msg", "input", "search", "question", "content"}

func promptParam(key string) bool {
	for _, p := range promptParams {
		if strings.EqualFold(key, p) {
			return true
		}
	}
	return false
}

// utf8BOM is the UTF-8 encoding of U+FEFF, the byte-order mark.
const utf8BOM = "\xef\xbb\xbf"

// bomJSON reports whether b is a byte-order mark followed by a JSON object
// or array (white space may stand between them).
func bomJSON(b []byte) bool {
	rest, ok := bytes.CutPrefix(b, []byte(utf8BOM))
	if !ok {
		return false
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	return len(rest) > 0 && (rest[0] == '{' || rest[0] == '[')
}

// charsetDE and charsetEN are the notice for a body or a part in a
// charset schleuse does not read (providers.ErrUnknownCharset).
const (
	charsetDE = "Die Anfrage nennt einen Zeichensatz (charset), in dem schleuse sie nicht lesen kann; ein KI-Dienst, der ihm folgt, läse anderen Text als schleuse. Sie wurde deshalb nicht weitergeleitet. Bitte senden Sie sie in UTF-8."
	charsetEN = "The request declares a charset schleuse cannot read it in; an AI service honouring it would read other text than schleuse. So it was not forwarded. Please send it in UTF-8."
)

// extract chooses the adapter, decodes the body and finds its text fields.
// The adapter comes first so that even a body that cannot be decoded is
// answered in the service's own error shape.
func (r *run) extract() *Verdict {
	adapter, matched := r.set.router.Match(r.preq)
	if !matched {
		adapter = providers.Fallback()
	}
	r.adapter, r.matched = adapter, matched
	if !r.ws && len(r.x.Request.Header.Values("Content-Type")) > 1 {
		// Readers differ in which line they take: Go's net/http, Node
		// and Starlette the first, a WSGI server (gunicorn: Flask,
		// Django) the last. Two multipart boundaries let a body carry
		// parts for each, and the parts of one stand in the other's
		// preamble, which a multipart reader skips: schleuse read the
		// clean parts of the first, the service got the second's. No
		// client writes the header twice.
		return r.failClosed("ambiguous_body", nil, "Die Anfrage nennt ihren Inhaltstyp (Content-Type) mehrmals. Welchen davon der KI-Dienst liest, kann schleuse nicht sicher bestimmen; die Anfrage wurde deshalb nicht weitergeleitet.", "The request gives its Content-Type more than once. schleuse cannot tell which one the AI service reads, so the request was not forwarded.")
	}
	body := r.x.Body
	// Every Content-Encoding line counts: a service reads "identity" and
	// "gzip" on two lines as the list "identity, gzip" (RFC 9110 5.3), so
	// the first line alone would leave a compressed body unread.
	if ce := strings.Join(r.x.Request.Header.Values("Content-Encoding"), ","); !r.ws && ce != "" && !strings.EqualFold(ce, "identity") {
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
	if matched && !r.ws && bomJSON(body) {
		// A UTF-8 byte-order mark before a JSON body, as files saved by
		// Windows PowerShell 5.1 and Notepad carry it: Python's json reads
		// bytes behind one (json.detect_encoding), RFC 8259 forbids it and
		// the adapters' parser refuses it. The service gets the body the
		// adapter read, without the mark, so that both read the same.
		body = body[len(utf8BOM):]
	}
	if !r.ws {
		if err := providers.CheckCharset(r.x.Request.Header.Get("Content-Type"), body); err != nil {
			return r.failClosed("unknown_charset", err, charsetDE, charsetEN)
		}
	}
	r.body = body
	if !matched {
		if r.p.Metrics != nil {
			r.p.Metrics.Unmatched(r.ctx, r.x.Service.ID)
		}
		r.p.Log.WarnContext(r.ctx, "Anfrage an einen geprüften Host passt zu keinem Adapter: der Dienst hat wohl sein Format geändert (docs/providers.md) / request on an inspected host matched no adapter", "request_id", r.x.RequestID,
			"service", r.x.Service.ID, "method", knownMethod(r.preq.Method), "path", r.path())
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
		if pre, ok := parsedFor(r.ctx, r.set, body); ok {
			env, err = pre.env, pre.err // read by CarriesText for the budget
		} else {
			env, err = wsi.WSFrame(r.preq, true, body)
		}
		if err == nil && env == nil {
			// A frame without user text (ping, ack, setup).
			r.action = "allow"
			return &Verdict{Forward: body}
		}
	} else {
		env, err = adapter.Extract(r.preq, body)
		if err == nil && matched && len(env.Fields) == 0 && len(bytes.TrimSpace(body)) > 0 {
			err = r.noFields(env, body)
		}
	}
	if err != nil {
		if errors.Is(err, providers.ErrDecodedTooLarge) {
			return r.failClosed("decode_too_large", err, "Der komprimierte Inhalt der Anfrage ist entpackt zu groß, um ihn zu prüfen.", "The compressed request body is too large to inspect once decoded.")
		}
		if errors.Is(err, providers.ErrTooLarge) {
			return r.failClosed("too_many_values", err, "Die Anfrage besteht aus zu vielen Einzelteilen, um sie zu prüfen, und wurde deshalb nicht weitergeleitet.", "The request consists of too many parts to inspect, so it was not forwarded.")
		}
		if errors.Is(err, providers.ErrUnknownCharset) {
			return r.failClosed("unknown_charset", err, charsetDE, charsetEN)
		}
		if errors.Is(err, providers.ErrOutsideParts) {
			return r.failClosed("ambiguous_body", err, "Die Anfrage (Multipart) enthält vor dem ersten oder nach dem letzten Teil mehr als Leerraum. schleuse liest dort nichts, ein anderer Leser beim KI-Dienst könnte dort aber Text oder ganze Teile finden; die Anfrage wurde deshalb nicht weitergeleitet.", "The multipart request holds more than white space before its first or after its last part. schleuse reads nothing there, but another reader at the AI service could find text or whole parts there, so the request was not forwarded.")
		}
		if errors.Is(err, providers.ErrAmbiguous) {
			return r.failClosed("ambiguous_body", err, "Die Anfrage nennt dasselbe Feld zweimal (auch in anderer Schreibweise). Welches davon der KI-Dienst liest, kann schleuse nicht sicher bestimmen; die Anfrage wurde deshalb nicht weitergeleitet.", "The request names the same field twice (also in another spelling). schleuse cannot tell which one the AI service reads, so the request was not forwarded.")
		}
		return r.failClosed("parse_error", err, "Die Anfrage konnte nicht gelesen werden und wurde deshalb nicht weitergeleitet.", "The request could not be parsed, so it was not forwarded.")
	}
	r.env = env
	r.uninspected = append(r.uninspected, env.Uninspected...)
	return nil
}

// noFields scans a body in which the route's adapter found no field at all
// as an unknown shape (the fallback's fields, which block but are never
// rewritten): when a service moves its prompt to a field the adapter does
// not read (messages[].content.parts → text_parts), the route still
// matches, and the prompt would otherwise leave unscanned. Requests that
// really carry no text (file metadata, an empty autocompletion) have
// nothing for the detectors to find and go on as before.
func (r *run) noFields(env *providers.Envelope, body []byte) error {
	fb, err := providers.Fallback().Extract(r.preq, body)
	if err != nil {
		return err
	}
	if len(fb.Fields) > 0 {
		r.p.Log.DebugContext(r.ctx, "Der Adapter fand keinen Text im Body, er wurde wie ein unbekanntes Format geprüft / the adapter found no text in the body; scanned as an unknown shape", "request_id", r.x.RequestID,
			"service", r.x.Service.ID, "adapter", r.adapter.Name(), "path", r.path())
	}
	env.Fields = fb.Fields
	return nil
}

// detect scans the fields that policy and config say to scan.
func (r *run) detect() *Verdict {
	var schema []schemaHit // the findings of the Schema fields, by their ordinal
	if r.set.cfg.ScanSchemas {
		schema = r.p.scanSchemas(r.sc, r.env.Fields)
	}
	nSchema := 0
	for i := range r.env.Fields {
		f := &r.env.Fields[i]
		text := f.Text
		switch f.Kind {
		case providers.SystemText:
			if !r.set.cfg.ScanSystemPrompts {
				continue
			}
		case providers.Schema:
			// Scanned by default like any text (an agent can put a
			// citizen's name or IBAN into a tool description); the policy
			// sees the finding's field kind "schema" and the default one
			// lets category words of option lists pass (schema_exempt).
			// scan_schemas: false is IT's explicit opt-out.
			if !r.set.cfg.ScanSchemas {
				continue
			}
		case providers.File:
			if f.FromHistory() && !r.set.cfg.ScanHistory {
				if topics, ok := r.p.seenClean(r.sc, fileKey(f.Name, f.Text)); ok {
					// base64 or a data URL in an earlier turn, as the
					// proxy itself read it clean before: unread, as
					// the turn's text is, its topics as found then (an
					// image there is still named to the policy:
					// Envelope.Uninspected). Any other is read
					// (seenClean).
					r.topics = append(r.topics, topics...)
					continue
				}
			}
			if r.p.ExtractFile == nil {
				return r.failClosed("file_unreadable", nil, "Hochgeladene Dateien können nicht geprüft werden und sind deshalb nicht erlaubt.", "Uploaded files cannot be inspected and are not allowed.")
			}
			t, err := r.p.ExtractFile(f.Name, f.ContentType, []byte(f.Text), int64(r.set.cfg.MaxDecodedBytes))
			if err != nil {
				if k := providers.MediaKind(f.ContentType, []byte(f.Text)); k != "" {
					// An image, audio or video: the policy decides
					// (input.uninspected); its name is scanned, and its
					// runs of text: a signature before a name and an
					// IBAN made it one, unread where images pass (sec22).
					r.uninspected = append(r.uninspected, k)
					t, err = providers.MediumText([]byte(f.Text)), nil
				}
			}
			if err != nil {
				de, en := fileUnreadableDE, fileUnreadableEN
				if r.p.FileNotice != nil {
					de, en = r.p.FileNotice(err)
				}
				return r.failClosed("file_unreadable", err, de, en)
			}
			// The file's name goes to the service with it, and the
			// model often reads it ("Abmahnung_Anna_Schmidt.pdf"): it is
			// scanned with the text.
			name := fileNameText(f.Name)
			for _, d := range fileNameDecoded(f.Name) {
				// its RFC 2047 or percent-encoded spelling decoded too
				if d = fileNameText(d); d != "" {
					name = strings.TrimSpace(name + "\n" + d)
				}
			}
			if name != "" {
				text = name + "\n\n" + t
			} else {
				text = t
			}
			if d, ok := providers.EscapeText(t); ok {
				// A file whose text is written with "\u" escapes (a
				// JSON export: "J\u00fcrgen M\u00fcller") is read
				// decoded as well; before, its names went out unread.
				text += "\n\n" + d
			}
			// Base64, data URLs and percent-encoded text in the file's
			// text are read decoded as in a prompt (a model decodes them
			// for the person as readily); before, only as letters.
			for _, d := range providers.DecodedInFile(t, f.Name) {
				dt, err := r.p.ExtractFile(d.Name, d.ContentType, []byte(d.Text), int64(r.set.cfg.MaxDecodedBytes))
				if err != nil {
					if providers.MediaKind(d.ContentType, []byte(d.Text)) != "" {
						continue // an image's letters in a text: the model sees letters, as in a prompt
					}
					return r.failClosed("file_unreadable", err, fileUnreadableDE, fileUnreadableEN)
				}
				text += "\n\n" + dt
			}
		case providers.History:
			if !r.set.cfg.ScanHistory {
				if topics, ok := r.p.seenClean(r.sc, textKey(text)); ok {
					// Unread, but its topics count as they did when
					// it was read, as with scan_history: true
					// (scanCached): an evaluation asked for in an
					// earlier turn is still one.
					r.topics = append(r.topics, topics...)
					continue
				}
			}
		}
		var fs []detectors.Finding
		var topics []string
		read := ""
		if f.Kind == providers.Schema {
			// scanned in one piece above; schema text has no topics
			if len(schema) > 0 && schema[0].ord == nSchema {
				fs, schema = schema[0].findings, schema[1:]
			}
			nSchema++
		} else if f.Kind == providers.History || f.Kind == providers.SystemText {
			if jt, ok := readJoinedTokens(text); ok {
				fs, topics = r.p.scanCached(r.sc, jt) // same length: the findings' offsets hold for text
				read = jt
			} else {
				fs, topics = r.p.scanCached(r.sc, text) // resent with every turn
			}
		} else {
			// text's characters folded once for the three reads below
			// (before, each folded them again: three passes over a prompt).
			ft := fold(text)
			if fn, ok := ft.read(readJoinedPlain); ok {
				// A file name, or words joined by "_" or "+" without
				// white space ("Frau_Erika_Mustermann_Steuer-ID_86095742719",
				// a value under "x_request_id" that is text in disguise),
				// as a URL's path segment is read: before, only a file
				// name was.
				fs, topics = scanWith(r.sc.Scanner, fn) // same length: the findings' offsets hold for text
				read = fn
			} else if jt, ok := ft.read(readJoinedTokensPlain); ok {
				// Such words inside a text with white space.
				fs, topics = scanWith(r.sc.Scanner, jt)
				read = jt
			} else {
				fs, topics = ft.scan(r.sc.Scanner)
			}
		}
		if f.Address() {
			fs = addressFindings(text, fs)
		}
		if len(fs) == 0 && !r.set.cfg.ScanHistory {
			// A prompt or a file read clean: resent as an earlier turn,
			// it is what the proxy itself saw (seenClean).
			switch {
			case f.Kind == providers.UserText:
				r.p.markClean(r.sc, textKey(f.Text), topics)
			case f.Kind == providers.File && !f.FromHistory():
				r.p.markClean(r.sc, fileKey(f.Name, f.Text), topics)
			}
		}
		if f.Kind != providers.SystemText && f.Kind != providers.Schema {
			r.topics = append(r.topics, topics...)
		}
		// A reason is the person's: not a file's, nor the calling
		// program's tool and schema text (which would lift every warning).
		if j := justification(text); j != "" && f.Kind != providers.File && f.Kind != providers.Schema {
			r.justify = redactJustification(r.sc.Scanner, j)
		}
		r.scans = append(r.scans, scanned{field: i, text: text, read: read, findings: fs})
	}
	r.scanTail()
	r.scanBoundaries()
	return nil
}

// boundaryWindow is how many bytes of each side of a boundary
// scanBoundaries reads: more than the longest identifier (an IBAN of 34
// characters, spaced), a name with its title.
const boundaryWindow = 64

// scanBoundaries scans the text around the boundary of two consecutive
// message fields of one kind and shape ("messages[3].content",
// "messages[4].content"; two text parts of one message) as one text, the
// two joined by a blank and without one (a value cut inside a group,
// "4111 111" + "1 1111 1111"; boundaryGaps), and keeps the findings that
// cross it: a value
// split across messages or parts ("DE89 3704" + "0044 0532 0130 00"),
// which the model reads as one and each part alone does not hold. Before,
// every field was scanned by itself and such a value went out unread.
// A right neighbour shorter than the window is joined with the field after
// it too, and so on while the window lasts (maxSplitPieces): a value in
// three or more pieces, the middle ones short ("DE89 3704" + "0044 0532" +
// "0130 00"), is found where they meet; before, only two neighbours were
// joined, and neither pair held it. Each field is read in the windows of
// the few boundaries before it at most: the cost stays linear.
// Only what the person writes (UserText: consecutive user messages after
// the last answer, the text parts of one message; and the same in the
// history the client resends: consecutive earlier user messages,
// Field.UserTurn) is joined, never unrelated fields (metadata, names, a
// tool's output beside a message, the items of a list: messageText) nor a
// user turn and the answer after it (two authors' texts), and only where the left part ends and the right begins with
// a letter, a digit or a character inside a value (valueJoiners: "@", "-";
// before, "anna.schmidt" + "@example.de" was not joined), not at a
// sentence's end. A finding that crosses the
// boundary wins over a field's own that it overlaps ("0044 0532 0130 00"
// alone reads as a telephone number; redact replaces the IBAN), and over a
// later boundary's finding in the same piece.
func (r *run) scanBoundaries() {
	fields := r.env.Fields
	if len(fields) < 2 {
		return
	}
	covered := r.tailCovered // how far into a field (from its start) an earlier boundary's finding reaches (scanTail's first)
	if covered == nil {
		covered = map[int]int{}
	}
	var nextBuf [2]int
	for i := range fields {
		for _, first := range nextPieces(fields, i, nextBuf[:0]) {
			r.scanBoundary(fields, i, first, covered)
		}
	}
}

// scanBoundary reads the boundary between fields[i] and fields[first],
// the piece nextPieces says follows it, for scanBoundaries.
func (r *run) scanBoundary(fields []providers.Field, i, first int, covered map[int]int) {
	right, ends := boundaryChain(fields, i, first, 0)
	r.scanChain(fields, i, right, ends, 0, first != i+1, covered)
}

// boundaryChain returns the fields joined on the right of fields[i], first
// the first of them, and how much of each is read (ends): a field shorter
// than what is left of the window is joined with the next one too
// (nextPieces). The first tail fields are a WebSocket's earlier messages
// (scanTail), each followed by the next.
func boundaryChain(fields []providers.Field, i, first, tail int) (right, ends []int) {
	right = []int{first}
	var nextBuf [2]int
	for room := boundaryWindow; ; {
		k := right[len(right)-1]
		t := fields[k].Text
		next := -1
		if len(t) < room && len(right) < maxSplitPieces-1 {
			if k < tail {
				next = k + 1 // an earlier message's piece: the next one, or the new message's first field
			} else {
				for _, n := range nextPieces(fields, k, nextBuf[:0]) {
					if n != i && !slices.Contains(right, n) {
						next = n
						break
					}
				}
			}
		}
		if next < 0 {
			end := min(len(t), room)
			for end < len(t) && !utf8.RuneStart(t[end]) {
				end++
			}
			ends = append(ends, end)
			return right, ends
		}
		ends = append(ends, len(t))
		room -= len(t) + 1
		right = append(right, next)
	}
}

// scanChain scans fields[i]'s last window joined with the fields of right
// (boundaryChain) and keeps the findings that cross into right[reach]
// (0: the first boundary; scanTail: the new message's first field); it
// appends the best reading to r.scans and returns it (nil: none found).
// across: the right fields follow an answer of the model (nextPieces).
func (r *run) scanChain(fields []providers.Field, i int, right, ends []int, reach int, across bool, covered map[int]int) *scanned {
	a := &fields[i]
	base := max(0, len(a.Text)-boundaryWindow)
	for base > 0 && !utf8.RuneStart(a.Text[base]) {
		base--
	}
	cut := len(a.Text) - base
	// Every way of joining is read, and the one whose findings
	// across the boundary reach furthest into the pieces on the
	// right, then cover most, wins: a blank between the pieces can
	// find a shorter value than none ("…AAAA" + " A"), or one that
	// leaves the last piece ("A AZ1000" + " 0" as a licence plate
	// where "AZ10 00 0" is a file number).
	// Across the model's answer (nextPieces), a value the left piece
	// holds whole by itself is not read on into the next message: the
	// person's message after an answer starts anew, and read without a
	// blank its first word would lengthen a password or a number
	// ("…Passwort: Sommer2026!xy" + "Wie wird …"), whose replacement
	// would take that word away.
	var best scanned
	bestLen, bestReach := 0, 0
	for _, gaps := range boundaryGaps(fields, i, right) {
		var text strings.Builder
		text.WriteString(a.Text[base:])
		at := make([]int, len(right))
		for j, k := range right {
			text.WriteString(gaps[j])
			at[j] = text.Len()
			text.WriteString(fields[k].Text[:ends[j]])
		}
		fs, _ := scanWith(r.sc.Scanner, text.String())
		var keep []detectors.Finding
		n, far := 0, 0
		for _, f := range fs {
			if f.Start < cut && f.End > at[reach] && base+f.Start >= covered[i] && (len(keep) == 0 || keep[len(keep)-1].End <= f.Start) &&
				!(across && r.ownFinding(i, base+f.Start, f.Type)) {
				keep = append(keep, f)
				n += f.End - f.Start
				for far < len(at) && f.End > at[far] {
					far++
				}
			}
		}
		if far > bestReach || far == bestReach && n > bestLen {
			best = scanned{field: -1, text: text.String(), findings: keep, split: &boundary{left: i, base: base, cut: cut, right: right, at: at}}
			bestLen, bestReach = n, far
		}
	}
	if bestLen == 0 {
		return nil
	}
	for _, f := range best.findings {
		for j, k := range right {
			if f.End > best.split.at[j] {
				covered[k] = max(covered[k], f.End-best.split.at[j])
			}
		}
	}
	r.scans = append(r.scans, best)
	return &r.scans[len(r.scans)-1]
}

// ownFinding reports whether field i's own scan found a value of type typ
// starting at start.
func (r *run) ownFinding(i, start int, typ string) bool {
	for _, s := range r.scans {
		if s.field != i || s.split != nil {
			continue
		}
		for _, f := range s.findings {
			if f.Start == start && f.Type == typ {
				return true
			}
		}
	}
	return false
}

// maxSplitPieces bounds how many fields one boundary text joins (the left
// one and the right ones). The window bounds them already (each piece
// takes at least a byte and a blank of it), and of more than three pieces
// two ways of joining are read (boundaryGaps), so the cost stays one
// window's scan twice per boundary. Before, six: a Steuer-ID or an IBAN
// sent a character or two per message ("8", "6", "0", … in eleven user
// messages or text parts of one) was read in pieces of six, none of which
// held it, and went out (sec25).
const maxSplitPieces = boundaryWindow/2 + 1

// nextPieces appends to buf the fields that may continue fields[i] in
// what one person writes, which may hold a value split between them
// (joinable): the field after it; past the model's answer after it, the
// person's next message (a user turn, an answer, a user turn: "DE89 3704",
// "Notiert.", "0044 0532 0130 00"; before, the two were never read
// together and the IBAN went out, sec27); in claude.ai's completion, the
// first attachment's extracted_content after the prompt and the prompt
// after the last attachment (a long paste becomes an attachment, and the
// model reads it beside the prompt; before, "Steuer-ID 86095" + "742719 …"
// went out, sec27).
func nextPieces(fields []providers.Field, i int, buf []int) []int {
	if i+1 < len(fields) && joinable(fields, i, i+1) {
		buf = append(buf, i+1)
	}
	if person(&fields[i]) {
		j := i + 1
		for j < len(fields) && answerField(&fields[j]) {
			j++
		}
		if j > i+1 && j < len(fields) && joinable(fields, i, j) {
			buf = append(buf, j)
		}
	}
	if fields[i].Kind == providers.UserText {
		switch name := fields[i].Name; {
		case name == "prompt":
			if i+1 < len(fields) && attachmentText(fields[i+1].Name) && joinable(fields, i, i+1) && !slices.Contains(buf, i+1) {
				buf = append(buf, i+1)
			}
		case attachmentText(name) && (i+1 == len(fields) || !attachmentText(fields[i+1].Name)):
			for j := i - 1; j >= 0; j-- {
				if fields[j].Name == "prompt" && fields[j].Kind == providers.UserText {
					if joinable(fields, i, j) {
						buf = append(buf, j)
					}
					break
				}
				if !attachmentText(fields[j].Name) {
					break
				}
			}
		}
	}
	return buf
}

// person reports a field the person wrote: user text of this request or
// of an earlier turn (Field.UserTurn).
func person(f *providers.Field) bool {
	return f.Kind == providers.UserText || f.Kind == providers.History && f.UserTurn()
}

// answerField reports a field of the model's answer in an earlier turn
// (History, not the person's, a message's text): nextPieces reads past it.
// A tool's call or result stands between two messages as no answer does.
func answerField(f *providers.Field) bool {
	return f.Kind == providers.History && !f.UserTurn() && messageText(f.Name)
}

// attachmentText reports claude.ai's attachment text
// ("attachments[0].extracted_content").
func attachmentText(name string) bool {
	return strings.HasPrefix(name, "attachments[") && strings.HasSuffix(name, "].extracted_content")
}

// joinable reports whether fields[i] and fields[j] are two pieces of
// what one person writes, which may hold a value split between them:
// user text fields of one shape (messageText; claude.ai's prompt and
// attachment text, nextPieces), the left ending and the right beginning
// with a letter, a digit or a character inside a value.
func joinable(fields []providers.Field, i, j int) bool {
	a, b := &fields[i], &fields[j]
	// (user text is always scanned: no setting turns it off, as
	// inspect.scan_history does for History; an earlier turn's pieces are
	// joined whatever it says, as each was read clean by itself, the
	// joined text never: seenClean)
	// An earlier turn's consecutive user messages, resent by the client,
	// are joined as this request's are (Field.UserTurn): before, "DE89
	// 3704" + "0044 0532 0130 00", replaced when sent, went out in clear
	// in the next request's history. A user turn and the answer after it
	// are not joined: two authors' texts.
	if !person(a) || !person(b) || !a.Redactable() || !b.Redactable() {
		return false
	}
	claude := a.Kind == providers.UserText && b.Kind == providers.UserText &&
		(a.Name == "prompt" && attachmentText(b.Name) || attachmentText(a.Name) && b.Name == "prompt")
	if !claude && (!sameShape(a.Name, b.Name) || !messageText(a.Name)) {
		return false
	}
	return leftEdge(a.Text) && rightEdge(b.Text)
}

// leftEdge reports whether a piece ends with a letter, a digit or a
// character inside a value (valueJoiners), rightEdge whether one begins
// with one (or a full stop: "anna.schmidt@example" + ".de"), for
// joinable and scanTail. An invisible character at a piece's edge is read past, as
// the detectors read past it inside the text: before, "… 3704 00\u200b" +
// "44 0532 0130 00" were not joined, and the IBAN went out (sec12).
func leftEdge(s string) bool {
	lr, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(s, joinEdge))
	return unicode.IsLetter(lr) || unicode.IsDigit(lr) || strings.ContainsRune(valueJoiners, lr)
}

func rightEdge(s string) bool {
	rr, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(s, joinEdge))
	return unicode.IsLetter(rr) || unicode.IsDigit(rr) || strings.ContainsRune(valueJoiners+".", rr)
}

// joinEdge is what leftEdge and rightEdge read past at a piece's edge.
func joinEdge(r rune) bool { return unicode.IsSpace(r) || invisible(r) }

// boundaryGaps returns the ways of joining fields[i] with the n fields
// after it, in the order they are tried: a blank between two pieces
// first, then none (a value cut inside a group, "4111 111" + "1 1111
// 1111", is no value with a blank in its group). Pieces with white space
// at their edge are joined as they are: a blank more made two between the
// groups ("4111 1111 1111 " + "1111"), which no card number has. Of three
// pieces every mix is tried (a cut between groups and one inside a
// group); of more, a blank everywhere or nowhere.
func boundaryGaps(fields []providers.Field, i int, right []int) [][]string {
	n := len(right)
	both := make([]bool, n) // a blank or none
	var free []int
	for j := range n {
		left := i
		if j > 0 {
			left = right[j-1]
		}
		a, b := fields[left].Text, fields[right[j]].Text
		if len(strings.TrimRightFunc(a, unicode.IsSpace)) == len(a) && len(strings.TrimLeftFunc(b, unicode.IsSpace)) == len(b) {
			both[j] = true
			free = append(free, j)
		}
	}
	combos := 1 << len(free)
	if len(free) > 2 {
		combos = 2
	}
	out := make([][]string, 0, combos)
	for m := range combos {
		gaps := make([]string, n)
		for bit, j := range free {
			if len(free) > 2 {
				bit = 0 // all alike
			}
			if m>>bit&1 == 0 {
				gaps[j] = " "
			}
		}
		out = append(out, gaps)
	}
	return out
}

// valueJoiners are the characters inside a value that a split may leave
// at a piece's edge ("anna.schmidt" + "@example.de", "21/815" + "/08150");
// a left piece's full stop is a sentence's end, a right piece's is inside
// an address ("anna.schmidt@example" + ".de").
const valueJoiners = "@-_/+"

// messageText reports a field name of a message's text, which a person
// writes in pieces: "messages[3].content", "contents[0].parts[1].text",
// "messages[0].content.parts[0]", DeepL's "text[2]", "input[1]" — not a
// list of values beside it ("metadata.tags[0]", the items of a tool's
// result), whose neighbours are unrelated.
func messageText(name string) bool {
	for strings.HasSuffix(name, "]") {
		i := strings.LastIndexByte(name, '[')
		if i < 0 {
			return false
		}
		name = name[:i]
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "content", "text", "parts", "texts", "input", "inputs", "prompt":
		return true
	}
	return false
}

// sameShape reports whether two field names are the same but for their
// indices ("messages[3].content" and "messages[4].content").
func sameShape(a, b string) bool {
	for a != "" && b != "" {
		ia, ib := strings.IndexByte(a, '['), strings.IndexByte(b, '[')
		if ia < 0 || ib < 0 {
			return ia < 0 && ib < 0 && a == b
		}
		if a[:ia] != b[:ib] {
			return false
		}
		ja, jb := strings.IndexByte(a[ia:], ']'), strings.IndexByte(b[ib:], ']')
		if ja < 0 || jb < 0 {
			return a == b
		}
		a, b = a[ia+ja+1:], b[ib+jb+1:]
	}
	return a == b
}

// fileNameText is a file name as the detectors read it: the separators
// that file names use instead of spaces ("_", "-", "+") are spaces, and the
// extension stands apart, so that "Bescheid_Anna_Schmidt.pdf" holds a
// name; "" for a name without a letter or digit. A name with an "@" holds
// an e-mail address, which neither reading leaves whole
// ("max.mustermann@web .de.txt"): it is read as it stands, its last
// extension apart unless that is the address's top-level domain
// ("anna.schmidt@stadt-musterhausen.de"). Before, "max.mustermann@web.de.txt"
// was uploaded with the address unread.
func fileNameText(name string) string {
	if !strings.ContainsFunc(name, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	if at := strings.LastIndexByte(name, '@'); at >= 0 {
		// The extension apart, unless it is the address's top-level
		// domain ("anna.schmidt@stadt-musterhausen.de" names no file
		// type; read as "…@stadt-musterhausen .de" it held no address).
		if ext := path.Ext(name); len(ext) > 1 && len(ext) <= 6 && at < len(name)-len(ext) && strings.Contains(name[at:len(name)-len(ext)], ".") {
			return name[:len(name)-len(ext)] + " " + ext
		}
		return name
	}
	base, exts := name, ""
	for range 2 { // "brief.docx", "brief.tar.gz"
		ext := path.Ext(base)
		if len(ext) <= 1 || len(ext) > 6 || len(ext) == len(base) {
			break
		}
		base, exts = base[:len(base)-len(ext)], ext+exts
	}
	if exts != "" {
		name = base + " " + exts
	}
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '+' {
			return ' '
		}
		return r
	}, name)
}

// fileNameWords decodes RFC 2047 encoded words in a file name, in every
// charset the WHATWG Encoding Standard names (htmlindex): without a
// CharsetReader, mime decodes only UTF-8, ISO-8859-1 and US-ASCII, and a
// name in "=?windows-1252?B?…?=" was read only as its base64.
var fileNameWords = &mime.WordDecoder{CharsetReader: func(charset string, in io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, fmt.Errorf("file name in charset %q: %w", charset, err)
	}
	return enc.NewDecoder().Reader(in), nil
}}

// fileNameDecoded returns the readings of a file name beside the name as
// written that a service or a model takes: its RFC 2047 encoded words
// decoded ("=?UTF-8?B?S293YWxza2kgODYwOTU3NDI3MTkudHh0?=", which .NET's
// ContentDispositionHeaderValue and Spring's ContentDisposition decode and
// a model reads as the base64 it is) and its percent escapes
// ("Kowalski%2086095742719.txt", where the escape's "20" glued to the
// Steuer-ID hid it). Before, both went out with the name and the Steuer-ID
// unread (sec18). Nil when there is nothing to decode.
func fileNameDecoded(name string) []string {
	var out []string
	if strings.Contains(name, "=?") {
		if d, err := fileNameWords.DecodeHeader(name); err == nil && d != name {
			out = append(out, d)
		}
	}
	if strings.Contains(name, "%") {
		if d := queryUnescape(name); d != name {
			out = append(out, d)
		}
	}
	return out
}

// fileNameField reads a field that holds one file name
// ("Abmahnung_Anna_Schmidt.pdf", the file_name of ChatGPT's upload
// metadata) as the detectors must: "_" and "+", which file names have
// instead of blanks, become blanks, so that the name in it is found ("-"
// stays: "Anna-Lena"), and so does the dot before the extension; the text
// keeps its length, so the findings' offsets
// hold for the field itself and it can be rewritten in place. ok is false
// for anything else: a field with white space, a slash or an "@", no
// extension, or no such separator. A name that ends in a date keeps the
// date's dots (endsInDate). An "@" makes it an e-mail address
// ("anna_schmidt@stadt.de", "anna+ki@stadt.de"), which read this way
// ("anna schmidt@stadt de") is none, and only this reading was scanned:
// the address went out unread in a field, a path or a query.
func fileNameField(text string) (string, bool) {
	if len(text) < 5 || len(text) > 255 || strings.ContainsAny(text, "/\\@") || hasSpace(text) {
		return "", false
	}
	dot := strings.LastIndexByte(text, '.')
	if dot <= 0 || len(text)-dot-1 < 2 || len(text)-dot-1 > 5 || !strings.ContainsAny(text[:dot], "_+") {
		return "", false
	}
	for _, c := range text[dot+1:] {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return "", false
		}
	}
	b := []byte(text)
	for i, c := range b[:dot] {
		if c == '_' || c == '+' {
			b[i] = ' '
		}
	}
	if !endsInDate(text) {
		b[dot] = ' ' // "Schmidt.pdf" reads as a host name
	}
	return string(b), true
}

// endsInDate reports a text that ends in a date ("geboren_am_12.03.1961"),
// whose last digits fileNameField would take for an extension: the dot is
// the date's. Before, it read "geboren am 12.03 1961", which is no date to
// the detectors, and the date of birth went out (sec13).
func endsInDate(text string) bool {
	k := len(text)
	for k > 0 && (isDigit(text[k-1]) || text[k-1] == '.') {
		k--
	}
	for k < len(text) && !isDigit(text[k]) {
		k++ // a "." before the digits
	}
	_, de, ok := dateAt(text, k)
	return ok && de == len(text)
}

// scanWith runs sc over one field; topics are nil unless sc reports them
// itself (topicScanner). The detectors read the text folded (foldText:
// invisible characters left out, other spaces as " ", fullwidth forms as
// ASCII, umlauts composed); the findings are spans of text.
func scanWith(sc Scanner, text string) ([]detectors.Finding, []string) {
	return fold(text).scan(sc)
}

// scanVisible is scanWith for a folded text.
func scanVisible(sc Scanner, text string) ([]detectors.Finding, []string) {
	// The scanners only read the text (Scanner's contract), so the field's
	// bytes are handed over without a copy.
	b := unsafe.Slice(unsafe.StringData(text), len(text))
	if ts, ok := sc.(topicScanner); ok {
		return ts.ScanTopics(b)
	}
	return sc.Scan(b), nil
}

// scanCached scans history that an earlier request of the conversation
// already sent: clients resend it with every turn, so it is scanned once
// (content hash) and redacted the same way every time. Request paths are
// scanned through it too (run.path).
func (p *Pipeline) scanCached(sc scannerBox, text string) ([]detectors.Finding, []string) {
	key := sha256.Sum256(unsafe.Slice(unsafe.StringData(text), len(text)))
	p.cacheMu.Lock()
	c, ok := p.scanCache[key]
	p.cacheMu.Unlock()
	if ok && !c.schema {
		// A whole schema's entry (scanSchemas) is no text's: a text made of
		// the bytes it hashes has its key, but not its findings.
		return c.findings, c.topics
	}
	fs, topics := scanWith(sc.Scanner, text)
	p.cacheMu.Lock()
	if p.currentScanner().gen != sc.gen {
		p.cacheMu.Unlock()
		return fs, topics // scanned by a scanner replaced meanwhile: not cached
	}
	if p.scanCache == nil || len(p.scanCache) >= maxScanCache {
		// Dropping everything at the bound keeps memory fixed; the cost is
		// one rescan of the histories in use.
		p.scanCache = make(map[[32]byte]cachedScan)
	}
	p.scanCache[key] = cachedScan{findings: fs, topics: topics}
	p.cacheMu.Unlock()
	return fs, topics
}

// scanSchemas scans the Schema fields of a request (the strings of its
// tools and structured-output schemas) and returns the findings of those
// that have any, by their ordinal among the Schema fields. An agent sends
// the same schema, hundreds of strings, with every request: all of them
// are looked up in the scan cache under one content hash (with a prefix no
// single text's key has), not string by string, which cost a hash and two
// locks each (≈0.1 ms for a 20 KB schema; BenchmarkPipelineToolSchema).
// A schema not seen before is scanned string by string through scanCached,
// so that one tool added to a known list rescans only its own strings. Only
// the findings are kept, never text, and only for strings that have any.
func (p *Pipeline) scanSchemas(sc scannerBox, fields []providers.Field) []schemaHit {
	h := sha256.New()
	h.Write([]byte("schema\x00"))
	n := 0
	var lenb [8]byte
	for i := range fields {
		if fields[i].Kind != providers.Schema {
			continue
		}
		t := fields[i].Text
		binary.LittleEndian.PutUint64(lenb[:], uint64(len(t)))
		h.Write(lenb[:])
		h.Write(unsafe.Slice(unsafe.StringData(t), len(t)))
		n++
	}
	if n == 0 {
		return nil
	}
	var key [32]byte
	h.Sum(key[:0])
	p.cacheMu.Lock()
	c, ok := p.scanCache[key]
	p.cacheMu.Unlock()
	if ok && c.schema {
		return c.hits
	}
	var hits []schemaHit
	ord := 0
	for i := range fields {
		if fields[i].Kind != providers.Schema {
			continue
		}
		// Words joined beside an identifier ("Juergen_Kowalski_86095742719"
		// as a function's name, a property's title) are read as in a
		// system prompt (readJoinedTokens, the same length: the findings'
		// offsets hold for the text). Before, schema text was read as it
		// stood, one word to the detectors, and a Steuer-ID in a tool's
		// name went out, which the model reads (sec25).
		text := fields[i].Text
		if jt, ok := readJoinedTokens(text); ok {
			text = jt
		}
		if fs, _ := p.scanCached(sc, text); len(fs) > 0 {
			hits = append(hits, schemaHit{ord: ord, findings: fs})
		}
		ord++
	}
	p.cacheMu.Lock()
	if p.currentScanner().gen == sc.gen && p.scanCache != nil && len(p.scanCache) < maxScanCache {
		p.scanCache[key] = cachedScan{schema: true, hits: hits}
	}
	p.cacheMu.Unlock()
	return hits
}

// seenClean reports a text (textKey) or a file's bytes (fileKey) that the
// proxy itself read before and found nothing in: a prompt it scanned, or a
// turn it scanned as history (scanCached). With inspect.scan_history:
// false an earlier turn a client resends is left unread only then. The
// proxy cannot tell a turn resent as it went out from one the client
// wrote or edited (the conversation of a stateless API or web chat is the
// client's: OpenAI's and Anthropic's APIs, Duck.ai, HuggingChat's
// stateless chat, Grok in X), nor does it keep the model's answers: any
// other turn is read, a value replaced in an earlier prompt and resent in
// clear (the page or program shows the person their own text) replaced
// again. Before, every earlier turn went out unread, a name replaced in
// the first request in clear in the second. Only the hash is kept, in the
// scan cache (bounded, emptied with the scanner), with the topics found
// in the text, which seenClean returns: the turn left unread still tells
// the policy of them (before, an evaluation asked for in the first turn
// was forgotten in the next, and a name sent then pseudonymised, not
// blocked: KI-RL-5.1).
func (p *Pipeline) seenClean(sc scannerBox, key [32]byte) ([]string, bool) {
	p.cacheMu.Lock()
	defer p.cacheMu.Unlock()
	c, ok := p.scanCache[key]
	if !ok || c.schema || len(c.findings) > 0 || p.currentScanner().gen != sc.gen {
		return nil, false
	}
	return c.topics, true
}

// markClean notes a text or file's bytes read clean (seenClean), with the
// topics found in it: the entry is the text's in the scan cache, which
// scanCached answers from for the same text resent as history or as a
// system prompt.
func (p *Pipeline) markClean(sc scannerBox, key [32]byte, topics []string) {
	p.cacheMu.Lock()
	defer p.cacheMu.Unlock()
	if p.currentScanner().gen != sc.gen {
		return // read by a scanner replaced meanwhile
	}
	if p.scanCache == nil || len(p.scanCache) >= maxScanCache {
		p.scanCache = make(map[[32]byte]cachedScan)
	}
	if _, ok := p.scanCache[key]; !ok {
		p.scanCache[key] = cachedScan{topics: topics}
	}
}

// textKey is a text's key in the scan cache (scanCached's); fileKey a
// file's, of its name and its bytes, apart from any text's: the name goes
// to the service with the file and is read with it (detect), so the same
// bytes under another name are another file. Before, the bytes alone were
// hashed, and a clean file resent in an earlier turn under a name with a
// Steuer-ID in it went out unread.
func textKey(text string) [32]byte {
	return sha256.Sum256(unsafe.Slice(unsafe.StringData(text), len(text)))
}

func fileKey(name, data string) [32]byte {
	h := sha256.New()
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(name)))
	h.Write([]byte("file\x00"))
	h.Write(n[:])
	h.Write(unsafe.Slice(unsafe.StringData(name), len(name)))
	h.Write(unsafe.Slice(unsafe.StringData(data), len(data)))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// schemaHit is the findings of one Schema field, by its ordinal among them.
type schemaHit struct {
	ord      int
	findings []detectors.Finding
}

// cachedScan is what the history cache keeps: findings and topics, never
// text; for a whole schema (scanSchemas), the findings of its strings.
type cachedScan struct {
	findings []detectors.Finding
	topics   []string
	schema   bool
	hits     []schemaHit
}

// maxScanCache bounds the history scan cache (entries hold findings only,
// never text).
const maxScanCache = 50000

// justification returns the reason after "#freigabe:" on a line of its own.
// A text without "#" has none: most prompts, which the line loop read
// through with a TrimSpace per line (≈4 K instructions per 16 KB prompt,
// BenchmarkPipelineInspect), where IndexByte's vector pass reads it once.
func justification(text string) string {
	if strings.IndexByte(text, '#') < 0 {
		return ""
	}
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
	counts := r.findingCounts()
	// The few types found, sorted, with their counts and highest scores.
	sums := make([]policies.FindingSummary, 0, len(counts))
	for _, s := range r.scans {
		kind := r.fieldKind(s)
	findings:
		for _, f := range s.findings {
			for i := range sums {
				if sums[i].Type == f.Type {
					sums[i].MaxScore = max(sums[i].MaxScore, f.Score)
					sums[i].Fields = addFieldKind(sums[i].Fields, kind)
					continue findings
				}
			}
			sums = append(sums, policies.FindingSummary{Type: f.Type, Count: counts[f.Type], MaxScore: max(0, f.Score), Fields: fieldKinds[kind]})
		}
	}
	slices.SortFunc(sums, func(a, b policies.FindingSummary) int { return strings.Compare(a.Type, b.Type) })
	types := make([]string, len(sums))
	for i := range sums {
		types[i] = sums[i].Type
	}
	in := &policies.Input{
		Service:       policies.Service{ID: r.x.Service.ID, Name: r.x.Service.Title(), Provider: r.x.Service.Provider, Host: r.preq.Host},
		Request:       policies.Request{Method: knownMethod(r.preq.Method), Path: r.path(), Kind: r.env.Kind, Bytes: len(r.body)},
		User:          policies.User{Groups: r.x.Identity.Groups, Authenticated: r.x.Identity.Authenticated},
		Counts:        counts,
		Justification: r.justify,
		Time:          r.p.rfc3339(r.p.now()),
		Findings:      sums,
		Uninspected:   []string{},
	}
	if len(r.uninspected) > 0 {
		in.Uninspected = slices.Compact(slices.Sorted(slices.Values(r.uninspected)))
	}
	if in.User.Groups == nil {
		in.User.Groups = []string{}
	}
	if r.p.UserPseudonym != nil {
		in.User.ID = r.p.UserPseudonym(r.x.Identity.User)
	}
	in.Topics = []string{}
	if len(r.topics) > 0 {
		in.Topics = slices.Compact(slices.Sorted(slices.Values(r.topics)))
	}
	r.in = in
	r.decision = r.p.Policy.Decide((*decideContext)(r), in)
	if r.span.IsRecording() {
		attrs := make([]attribute.KeyValue, 0, 3+len(types))
		attrs = append(attrs,
			attribute.String("schleuse.policy.revision", r.decision.Revision),
			attribute.StringSlice("schleuse.finding.types", types),
			attribute.Int("schleuse.finding.count", total(counts)),
		)
		for _, t := range types {
			attrs = append(attrs, attribute.Int(findingAttrKey(t), counts[t]))
		}
		r.span.SetAttributes(attrs...)
	}
	if r.p.Metrics != nil {
		for k, n := range r.recordCounts() {
			if t, ok := strings.CutPrefix(k, audit.SchemaFindingPrefix); ok {
				r.p.Metrics.SchemaFinding(r.ctx, t, n)
			} else {
				r.p.Metrics.Finding(r.ctx, k, n)
			}
		}
	}
}

// fieldKind is the kind of text a scan read, as the policy input names it
// (policies.FindingSummary.Fields): the kind of its envelope field, or
// "url" or "header" for the text around the body.
func (r *run) fieldKind(s scanned) string {
	switch {
	case s.field >= 0 && s.field < len(r.env.Fields):
		return r.env.Fields[s.field].Kind.String()
	case s.split != nil:
		// A value the person split across the model's answer is in this
		// request's message as much as in the earlier one (nextPieces):
		// the person's current text, not only an earlier turn's, which
		// the notice would tell them to delete (placeOnlyTypes).
		for _, k := range s.split.right {
			if r.env.Fields[k].Kind == providers.UserText {
				return providers.UserText.String()
			}
		}
		if s.split.left < 0 {
			return providers.UserText.String() // the person's earlier message (scanTail)
		}
		return r.env.Fields[s.split.left].Kind.String()
	case s.header:
		return "header"
	}
	return "url"
}

// fieldKinds holds a one-element list per field kind, shared by every
// finding summary found in one kind only (the common case): the policy
// input only reads them, and addFieldKind copies before it adds.
var fieldKinds = func() map[string][]string {
	m := make(map[string][]string, len(policies.FieldKinds))
	for _, k := range policies.FieldKinds {
		m[k] = []string{k}
	}
	return m
}()

// addFieldKind returns the sorted kinds with kind in them; a new list when
// kind is added (kinds may be a shared fieldKinds entry).
func addFieldKind(kinds []string, kind string) []string {
	i, found := slices.BinarySearch(kinds, kind)
	if found {
		return kinds
	}
	return slices.Insert(slices.Clip(kinds), i, kind)
}

// findingAttrKeys caches the span attribute key of each finding type
// ("schleuse.finding.PERSON"); the types are the detectors' few constants,
// and at most maxFindingAttrKeys are kept all the same.
var (
	findingAttrKeys  sync.Map // type → string
	nFindingAttrKeys atomic.Int32
)

const maxFindingAttrKeys = 256

func findingAttrKey(typ string) string {
	if k, ok := findingAttrKeys.Load(typ); ok {
		return k.(string)
	}
	k := "schleuse.finding." + typ
	if nFindingAttrKeys.Add(1) <= maxFindingAttrKeys {
		findingAttrKeys.Store(typ, k)
	}
	return k
}

// findingCounts returns the number of findings per type of all scanned
// fields. The map is computed once per run and shared by the policy input
// and the audit entry, which both only read it.
func (r *run) findingCounts() map[string]int {
	if r.counts == nil {
		r.counts = make(map[string]int, 8)
		for i := range r.scans {
			s := &r.scans[i]
			for _, f := range s.findings {
				if !r.twin(s, f) {
					r.counts[f.Type]++
				}
			}
		}
	}
	return r.counts
}

// twin reports a finding of a field decoded from another (its "\u"
// escapes or percent-encoding undone) where the text stands as in that
// field (Field.Verbatim), and a rewritable field's scan found the same
// value: one value, counted once in the policy's input, the audit record
// and the metrics. Before, a prompt with one escape and a name elsewhere
// counted the name twice.
func (r *run) twin(s *scanned, f detectors.Finding) bool {
	if s.field < 0 || s.field >= len(r.env.Fields) || !r.env.Fields[s.field].Verbatim(f.Start, f.End) {
		return false
	}
	v := s.value(f)
	for i := range r.scans {
		o := &r.scans[i]
		if o == s || o.field < 0 || o.field >= len(r.env.Fields) || !r.env.Fields[o.field].Redactable() {
			continue
		}
		for _, g := range o.findings {
			if g.Type == f.Type && o.value(g) == v {
				return true
			}
		}
	}
	return false
}

// recordCounts returns the number of findings per type for the audit record
// and the metrics: a finding in the calling program's tool and schema text
// (providers.Schema) counts under "schema:TYPE", every other under TYPE. An
// agent resends the same schema, with its option lists ("Pflegegrad 3"),
// on every request; counted as the person's data it would fill the data
// protection officer's statistics with categories nobody sent.
// Without findings in schema text they are findingCounts' (shared: every
// user only reads them).
func (r *run) recordCounts() map[string]int {
	if r.recCounts != nil {
		return r.recCounts
	}
	if !slices.ContainsFunc(r.scans, func(s scanned) bool { return len(s.findings) > 0 && r.inSchema(s) }) {
		r.recCounts = r.findingCounts()
		return r.recCounts
	}
	r.recCounts = make(map[string]int, 8)
	for i := range r.scans {
		s := &r.scans[i]
		schema := r.inSchema(*s)
		for _, f := range s.findings {
			if r.twin(s, f) {
				continue
			}
			if schema {
				r.recCounts[audit.SchemaFindingPrefix+f.Type]++
			} else {
				r.recCounts[f.Type]++
			}
		}
	}
	return r.recCounts
}

// inSchema reports whether s read the calling program's tool and schema
// text (a providers.Schema field).
func (r *run) inSchema(s scanned) bool {
	return s.field >= 0 && s.field < len(r.env.Fields) && r.env.Fields[s.field].Kind == providers.Schema
}

// timeText is a time formatted as RFC 3339 (whole seconds) in a location.
type timeText struct {
	sec  int64
	loc  *time.Location
	text string
}

// rfc3339 returns t.Format(time.RFC3339), formatted once per second.
func (p *Pipeline) rfc3339(t time.Time) string {
	if c := p.timeText.Load(); c != nil && c.sec == t.Unix() && c.loc == t.Location() {
		return c.text
	}
	c := &timeText{sec: t.Unix(), loc: t.Location(), text: t.Format(time.RFC3339)}
	p.timeText.Store(c)
	return c.text
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
	j = withoutFolds(j) // as the detectors read it: "05\u00ad32" is "0532"
	fs := s.Scan([]byte(j))
	return string(detectors.Redact([]byte(j), fs, func(_ int, f detectors.Finding) string { return "[" + f.Type + "]" }))
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}
