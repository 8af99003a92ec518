package telemetry

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// StageBuckets are the histogram bounds (seconds) of
// schleuse_stage_duration_seconds: from 5 µs, where detection of a short
// prompt lives, to 1 s, where a slow upstream or policy ends.
var StageBuckets = []float64{
	0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
}

// BodyBuckets are the histogram bounds (bytes) of schleuse_request_body_bytes.
var BodyBuckets = []float64{256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20}

// Metrics records schleuse's metrics. Every method takes label values from a
// closed set (see labels.go); values outside it are counted as "other". All
// methods are safe for concurrent use and allocation-free; a nil *Metrics
// records nothing.
type Metrics struct {
	requests       metric.Int64ObservableCounter // from reqCounts
	findings       metric.Int64ObservableCounter // from typeCounts
	schemaFindings metric.Int64ObservableCounter // from schemaCounts
	tunnels        metric.Int64Counter
	connectBlocked metric.Int64Counter
	stage          metric.Float64Histogram
	body           metric.Int64Histogram
	reloads        metric.Int64Counter
	unmatched      metric.Int64Counter
	upstreamErrors metric.Int64Counter
	leafCache      metric.Int64Counter
	failClosed     metric.Int64Counter
	noticeShown    metric.Int64Counter
	noticeAcked    metric.Int64Counter
	mediaPassed    metric.Int64Counter

	services, findingTypes, actions, stages, reasons, kinds, causes closedSet

	// The two counters of every inspected request are counted here, an
	// atomic add each, and reported at every collection (observable
	// counters): the SDK's work per measurement (attribute set look-up,
	// exemplar filter, variadic options) cost a few hundred ns per call,
	// for every finding type of every request. Keys are closed-set values.
	reqCounts    map[[2]string]*tally
	typeCounts   map[string]*tally
	schemaCounts map[string]*tally

	// precomputed attribute sets, so recording does not allocate
	stageAttrs     map[string][]metric.RecordOption
	reasonAttrs    map[string]metric.MeasurementOption
	kindAttrs      map[string]metric.MeasurementOption
	causeAttrs     map[string]metric.MeasurementOption
	serviceAttrs   map[string]metric.MeasurementOption
	reloadOK       metric.MeasurementOption
	reloadErr      metric.MeasurementOption
	shadowDiffs    metric.Int64Counter
	shadowAttrs    map[[2]string]metric.MeasurementOption // live action, shadow action
	leafHit        metric.MeasurementOption
	leafMiss       metric.MeasurementOption
	gaugeCallback  atomic.Pointer[func() (queueDepth, spillBytes, conversations int64)]
	caExpiry       atomic.Int64 // the interception CA's NotAfter, Unix seconds; 0: not set
	gaugeRegistrat metric.Registration
}

// tally is one series of an observable counter: its count so far and its
// attributes.
type tally struct {
	n    atomic.Int64
	attr metric.MeasurementOption
}

func attrs(k, v string) metric.MeasurementOption {
	return metric.WithAttributeSet(attribute.NewSet(attribute.String(k, v)))
}

func attrMap(key string, set closedSet) map[string]metric.MeasurementOption {
	m := make(map[string]metric.MeasurementOption, len(set))
	for v := range set {
		m[v] = attrs(key, v)
	}
	return m
}

func newMetrics(mp metric.MeterProvider, services, findingTypes []string) (*Metrics, error) {
	meter := mp.Meter("github.com/schleuse/schleuse")
	m := &Metrics{
		services:     newClosedSet(services),
		findingTypes: newClosedSet(FindingTypes, findingTypes),
		actions:      newClosedSet(actions),
		stages:       newClosedSet(stages),
		reasons:      newClosedSet(connectReasons),
		kinds:        newClosedSet(upstreamKinds),
		causes:       newClosedSet(FailClosedCauses),
	}
	var errs []error
	counter := func(name, desc string) metric.Int64Counter {
		c, err := meter.Int64Counter(name, metric.WithDescription(desc))
		errs = append(errs, err)
		return c
	}
	var err error
	m.requests, err = meter.Int64ObservableCounter("schleuse_requests", metric.WithDescription("Inspected requests by service and policy action."))
	errs = append(errs, err)
	m.findings, err = meter.Int64ObservableCounter("schleuse_findings", metric.WithDescription("Findings in inspected requests by finding type (not counting the calling program's tool and schema text)."))
	errs = append(errs, err)
	m.schemaFindings, err = meter.Int64ObservableCounter("schleuse_schema_findings", metric.WithDescription("Findings in the calling program's tool and schema text (option lists, function descriptions) by finding type."))
	errs = append(errs, err)
	m.tunnels = counter("schleuse_tunnels", "CONNECTs passed through as blind TCP tunnels (not an LLM host).")
	m.connectBlocked = counter("schleuse_connect_blocked", "CONNECTs refused, by reason.")
	m.reloads = counter("schleuse_policy_reloads", "Policy reloads by result (ok, error); a configuration file a SIGHUP could not apply counts as error.")
	m.unmatched = counter("schleuse_unmatched_requests", "Requests to an inspected host that no adapter rule matched (format drift).")
	m.upstreamErrors = counter("schleuse_upstream_errors", "Errors talking to the LLM service, by kind.")
	m.leafCache = counter("schleuse_leaf_cert_cache", "Leaf certificate cache lookups by result (hit, miss).")
	m.shadowDiffs = counter("schleuse_policy_shadow_differences", "Requests the shadow policy (policy.shadow_dir) decided differently from the live one (action, rules or redacted classes), by both actions; only the live decision is enforced.")
	m.noticeShown = counter("schleuse_notice_shown", "First-use notices shown (a person's first visit to a chat web app, or after the notice changed), by service.")
	m.noticeAcked = counter("schleuse_notice_acknowledged", "First-use notices confirmed (\"Verstanden\"), by service.")
	m.mediaPassed = counter("schleuse_websocket_media_passed", "Pieces of spoken input (Realtime input_audio_buffer.append) forwarded unread under the decision on their connection's first piece, which the policy allowed (ungeprueft_erlaubt: audio) and the audit log recorded; each further piece has no record of its own.")
	m.failClosed = counter("schleuse_failclosed", "Requests to inspected services that schleuse blocked itself (could not inspect, policy or audit failed, refused), by cause.")
	m.stage, err = meter.Float64Histogram("schleuse_stage_duration", metric.WithUnit("s"),
		metric.WithDescription("Time spent per pipeline stage."), metric.WithExplicitBucketBoundaries(StageBuckets...))
	errs = append(errs, err)
	m.body, err = meter.Int64Histogram("schleuse_request_body", metric.WithUnit("By"),
		metric.WithDescription("Size of inspected request bodies."), metric.WithExplicitBucketBoundaries(BodyBuckets...))
	errs = append(errs, err)

	queue, err := meter.Int64ObservableGauge("schleuse_audit_queue_depth", metric.WithDescription("Audit records waiting to be written."))
	errs = append(errs, err)
	spill, err := meter.Int64ObservableGauge("schleuse_audit_spill", metric.WithUnit("By"), metric.WithDescription("Bytes of audit records spilled to disk while the store is unavailable."))
	errs = append(errs, err)
	convs, err := meter.Int64ObservableGauge("schleuse_pseudonym_conversations", metric.WithDescription("Conversations with live pseudonym mappings."))
	errs = append(errs, err)
	caExp, err := meter.Int64ObservableGauge("schleuse_ca_expiry_timestamp", metric.WithUnit("s"),
		metric.WithDescription("When the interception CA's certificate expires (Unix time); browsers refuse every inspected service after it."))
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("telemetry: create instruments: %w", err)
	}
	m.gaugeRegistrat, err = meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		// A series appears once it was counted, as with a counter.
		for _, t := range m.reqCounts {
			if n := t.n.Load(); n > 0 {
				o.ObserveInt64(m.requests, n, t.attr)
			}
		}
		for _, t := range m.typeCounts {
			if n := t.n.Load(); n > 0 {
				o.ObserveInt64(m.findings, n, t.attr)
			}
		}
		for _, t := range m.schemaCounts {
			if n := t.n.Load(); n > 0 {
				o.ObserveInt64(m.schemaFindings, n, t.attr)
			}
		}
		if t := m.caExpiry.Load(); t > 0 {
			o.ObserveInt64(caExp, t)
		}
		f := m.gaugeCallback.Load()
		if f == nil {
			return nil
		}
		q, s, c := (*f)()
		o.ObserveInt64(queue, q)
		o.ObserveInt64(spill, s)
		o.ObserveInt64(convs, c)
		return nil
	}, queue, spill, convs, caExp, m.requests, m.findings, m.schemaFindings)
	if err != nil {
		return nil, fmt.Errorf("telemetry: register gauge callback: %w", err)
	}

	m.reqCounts = make(map[[2]string]*tally, len(m.services)*len(m.actions))
	for s := range m.services {
		for a := range m.actions {
			m.reqCounts[[2]string{s, a}] = &tally{attr: metric.WithAttributeSet(attribute.NewSet(
				attribute.String("service", s), attribute.String("action", a)))}
		}
	}
	m.typeCounts = make(map[string]*tally, len(m.findingTypes))
	m.schemaCounts = make(map[string]*tally, len(m.findingTypes))
	for t := range m.findingTypes {
		m.typeCounts[t] = &tally{attr: attrs("type", t)}
		m.schemaCounts[t] = &tally{attr: attrs("type", t)}
	}
	m.stageAttrs = make(map[string][]metric.RecordOption, len(m.stages))
	for st := range m.stages {
		// a slice of one, passed as it is: no variadic slice per call
		m.stageAttrs[st] = []metric.RecordOption{attrs("stage", st)}
	}
	m.reasonAttrs = attrMap("reason", m.reasons)
	m.kindAttrs = attrMap("kind", m.kinds)
	m.causeAttrs = attrMap("cause", m.causes)
	m.serviceAttrs = attrMap("service", m.services)
	m.reloadOK, m.reloadErr = attrs("result", "ok"), attrs("result", "error")
	m.leafHit, m.leafMiss = attrs("result", "hit"), attrs("result", "miss")
	m.shadowAttrs = make(map[[2]string]metric.MeasurementOption, len(m.actions)*len(m.actions))
	for l := range m.actions {
		for sh := range m.actions {
			m.shadowAttrs[[2]string{l, sh}] = metric.WithAttributeSet(attribute.NewSet(attribute.String("live", l), attribute.String("shadow", sh)))
		}
	}
	// The counters that docs/operations.md alerts on start at 0 for every
	// label value: increase() and rate() need a sample before the first
	// event, else the first rejected policy reload (or refused CONNECT,
	// upstream error, unknown request) after a start never fires an alert.
	// schleuse_tunnels_total too: without a sample before the first blind
	// tunnel, the dashboard's rate() showed no data instead of 0 after a
	// start, and the first tunnels were not in increase().
	ctx := context.Background()
	m.tunnels.Add(ctx, 0)
	m.mediaPassed.Add(ctx, 0)
	m.reloads.Add(ctx, 0, m.reloadOK)
	m.reloads.Add(ctx, 0, m.reloadErr)
	for _, a := range m.reasonAttrs {
		m.connectBlocked.Add(ctx, 0, a)
	}
	for _, a := range m.kindAttrs {
		m.upstreamErrors.Add(ctx, 0, a)
	}
	for _, a := range m.serviceAttrs {
		m.unmatched.Add(ctx, 0, a)
	}
	for _, a := range m.causeAttrs {
		m.failClosed.Add(ctx, 0, a)
	}
	return m, nil
}

// Request counts one inspected request: schleuse_requests_total{service,action}.
func (m *Metrics) Request(ctx context.Context, service, action string) {
	if m == nil {
		return
	}
	m.reqCounts[[2]string{m.services.get(service), m.actions.get(action)}].n.Add(1)
}

// Finding counts n findings of one type: schleuse_findings_total{type}.
func (m *Metrics) Finding(ctx context.Context, typ string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.typeCounts[m.findingTypes.get(typ)].n.Add(int64(n))
}

// SchemaFinding counts n findings of one type in the calling program's tool
// and schema text: schleuse_schema_findings_total{type}. They are kept apart
// from schleuse_findings_total because an agent resends the same schema,
// option lists of categories included, with every request.
func (m *Metrics) SchemaFinding(ctx context.Context, typ string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.schemaCounts[m.findingTypes.get(typ)].n.Add(int64(n))
}

// Tunnel counts one blind tunnel: schleuse_tunnels_total.
func (m *Metrics) Tunnel(ctx context.Context) {
	if m == nil {
		return
	}
	m.tunnels.Add(ctx, 1)
}

// ConnectBlocked counts one refused CONNECT (reason: Connect* constants):
// schleuse_connect_blocked_total{reason}.
func (m *Metrics) ConnectBlocked(ctx context.Context, reason string) {
	if m == nil {
		return
	}
	m.connectBlocked.Add(ctx, 1, m.reasonAttrs[m.reasons.get(reason)])
}

// MediaPassed counts one piece of a streamed medium forwarded under the
// decision on its connection's first: schleuse_websocket_media_passed_total.
func (m *Metrics) MediaPassed(ctx context.Context) {
	if m == nil {
		return
	}
	m.mediaPassed.Add(ctx, 1)
}

// Stage records the time a pipeline stage took (stage: Stage* constants):
// schleuse_stage_duration_seconds{stage}.
func (m *Metrics) Stage(ctx context.Context, stage string, d time.Duration) {
	if m == nil {
		return
	}
	m.stage.Record(ctx, max(d, 0).Seconds(), m.stageAttrs[m.stages.get(stage)]...)
}

// RequestBody records the size of an inspected request body:
// schleuse_request_body_bytes.
func (m *Metrics) RequestBody(ctx context.Context, n int64) {
	if m == nil || n < 0 {
		return
	}
	m.body.Record(ctx, n)
}

// ShadowEnabled exports schleuse_policy_shadow_differences_total at 0 for
// every pair of actions, for a proxy that runs a shadow policy.
func (m *Metrics) ShadowEnabled(ctx context.Context) {
	if m == nil {
		return
	}
	for _, a := range m.shadowAttrs {
		m.shadowDiffs.Add(ctx, 0, a)
	}
}

// ShadowDifference counts one request the shadow policy decided
// differently: schleuse_policy_shadow_differences_total{live, shadow}
// (actions; anything else is "other").
func (m *Metrics) ShadowDifference(ctx context.Context, live, shadow string) {
	if m == nil {
		return
	}
	m.shadowDiffs.Add(ctx, 1, m.shadowAttrs[[2]string{m.actions.get(live), m.actions.get(shadow)}])
}

// PolicyReload counts one policy reload: schleuse_policy_reloads_total{result=ok|error}.
func (m *Metrics) PolicyReload(ctx context.Context, ok bool) {
	if m == nil {
		return
	}
	if ok {
		m.reloads.Add(ctx, 1, m.reloadOK)
	} else {
		m.reloads.Add(ctx, 1, m.reloadErr)
	}
}

// Unmatched counts a request to an inspected host that no adapter rule
// understood: schleuse_unmatched_requests_total{service}.
func (m *Metrics) Unmatched(ctx context.Context, service string) {
	if m == nil {
		return
	}
	m.unmatched.Add(ctx, 1, m.serviceAttrs[m.services.get(service)])
}

// NoticeShown counts a first-use notice shown:
// schleuse_notice_shown_total{service}.
func (m *Metrics) NoticeShown(ctx context.Context, service string) {
	if m == nil {
		return
	}
	m.noticeShown.Add(ctx, 1, m.serviceAttrs[m.services.get(service)])
}

// NoticeAcknowledged counts a first-use notice confirmed:
// schleuse_notice_acknowledged_total{service}.
func (m *Metrics) NoticeAcknowledged(ctx context.Context, service string) {
	if m == nil {
		return
	}
	m.noticeAcked.Add(ctx, 1, m.serviceAttrs[m.services.get(service)])
}

// UpstreamError counts an upstream failure (kind: Upstream* constants):
// schleuse_upstream_errors_total{kind}.
func (m *Metrics) UpstreamError(ctx context.Context, kind string) {
	if m == nil {
		return
	}
	m.upstreamErrors.Add(ctx, 1, m.kindAttrs[m.kinds.get(kind)])
}

// FailClosed counts a request to an inspected service that schleuse blocked
// itself (cause: FailClosedCauses): schleuse_failclosed_total{cause}.
func (m *Metrics) FailClosed(ctx context.Context, cause string) {
	if m == nil {
		return
	}
	m.failClosed.Add(ctx, 1, m.causeAttrs[m.causes.get(cause)])
}

// LeafCertCache counts a leaf certificate cache lookup:
// schleuse_leaf_cert_cache_total{result=hit|miss}.
func (m *Metrics) LeafCertCache(ctx context.Context, hit bool) {
	if m == nil {
		return
	}
	if hit {
		m.leafCache.Add(ctx, 1, m.leafHit)
	} else {
		m.leafCache.Add(ctx, 1, m.leafMiss)
	}
}

// SetCAExpiry sets when the interception CA's certificate expires
// (schleuse_ca_expiry_timestamp_seconds), for the alert that asks for a new
// CA to be rolled out in time.
func (m *Metrics) SetCAExpiry(notAfter time.Time) {
	if m == nil {
		return
	}
	m.caExpiry.Store(notAfter.Unix())
}

// RegisterGauges sets the function read at every scrape for
// schleuse_audit_queue_depth, schleuse_audit_spill_bytes and
// schleuse_pseudonym_conversations. It must be fast and safe for concurrent
// use. A later call replaces the function; nil stops reporting.
func (m *Metrics) RegisterGauges(f func() (queueDepth, spillBytes, conversations int64)) {
	if m == nil {
		return
	}
	if f == nil {
		m.gaugeCallback.Store(nil)
		return
	}
	m.gaugeCallback.Store(&f)
}
