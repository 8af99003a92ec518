package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// Canaries: planted values that must never show up in spans, metrics or logs.
const (
	canaryIBAN = "DE89370400440532013000"
	canaryUser = "anna.beispiel"
	canaryText = "Frau Müller hat Diabetes"
)

var canaries = []string{canaryIBAN, canaryUser, canaryText, "Müller", "Diabetes"}

func setup(t *testing.T, cfg Config) (*Telemetry, *tracetest.InMemoryExporter) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tel, err := Setup(context.Background(), cfg, WithSpanExporter(exp), WithServices("chatgpt-web", "openai-api"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tel.Shutdown(context.Background()) })
	return tel, exp
}

func scrape(t *testing.T, tel *Telemetry) string {
	t.Helper()
	rec := httptest.NewRecorder()
	tel.MetricsHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	return rec.Body.String()
}

// simulate runs the span and metric calls the proxy makes for one request.
func simulate(ctx context.Context, tel *Telemetry, reqID, service, action string, findings map[string]int, stageErr error) {
	ctx = WithRequestID(ctx, reqID)
	ctx, span := tel.StartRequest(ctx, service)
	defer span.End()
	for _, st := range []string{StageExtract, StageDetect, StagePolicy, StageAct} {
		sctx, s := tel.StartStage(ctx, st)
		var err error
		if st == StagePolicy {
			err = stageErr
		}
		s.End(sctx, err)
	}
	if action != ActionBlock {
		sctx, s := tel.StartStage(ctx, StageUpstream)
		s.End(sctx, nil)
	}
	sctx, s := tel.StartStage(ctx, StageAudit)
	s.End(sctx, nil)
	tel.Annotate(span, RequestInfo{Action: action, Findings: findings, PolicyRevision: "rev-42",
		Rules: []string{"KI-RL-3.2", canaryText}, RequestBytes: 5120, UserPseudonym: "u_3f9a1c0b7e2d4a58"})
	tel.Metrics.Request(ctx, service, action)
	for typ, n := range findings {
		tel.Metrics.Finding(ctx, typ, n)
	}
	tel.Metrics.RequestBody(ctx, 5120)
}

func TestSpanTree(t *testing.T) {
	tel, exp := setup(t, Config{Version: "1.0.0", UserPseudonymInSpans: true})
	ctx := context.Background()
	simulate(ctx, tel, "req-allow", "chatgpt-web", ActionAllow, nil, nil)
	simulate(ctx, tel, "req-block", "openai-api", ActionBlock, map[string]int{"IBAN": 2, "PERSON": 1}, errors.New("policy error: "+canaryIBAN))

	spans := exp.GetSpans()
	byTrace := map[string][]tracetest.SpanStub{}
	for _, s := range spans {
		byTrace[s.SpanContext.TraceID().String()] = append(byTrace[s.SpanContext.TraceID().String()], s)
	}
	if len(byTrace) != 2 {
		t.Fatalf("%d traces, want 2", len(byTrace))
	}
	type want struct {
		children []string
		attrs    map[attribute.Key]attribute.Value
	}
	wants := map[string]want{
		"req-allow": {
			children: []string{"schleuse.act", "schleuse.audit", "schleuse.detect", "schleuse.extract", "schleuse.policy", "schleuse.upstream"},
			attrs: map[attribute.Key]attribute.Value{
				AttrService: attribute.StringValue("chatgpt-web"), AttrAction: attribute.StringValue("allow"),
				AttrRequestID: attribute.StringValue("req-allow"), AttrFindingTotal: attribute.Int64Value(0),
				AttrFindingTypes: attribute.StringSliceValue([]string{}), AttrFindingCounts: attribute.Int64SliceValue([]int64{}),
				AttrPolicyRevision: attribute.StringValue("rev-42"), AttrRules: attribute.StringSliceValue([]string{"KI-RL-3.2"}),
				AttrRequestBytes: attribute.Int64Value(5120), AttrUser: attribute.StringValue("u_3f9a1c0b7e2d4a58"),
			},
		},
		"req-block": {
			children: []string{"schleuse.act", "schleuse.audit", "schleuse.detect", "schleuse.extract", "schleuse.policy"},
			attrs: map[attribute.Key]attribute.Value{
				AttrService: attribute.StringValue("openai-api"), AttrAction: attribute.StringValue("block"),
				AttrRequestID: attribute.StringValue("req-block"), AttrFindingTotal: attribute.Int64Value(3),
				AttrFindingTypes: attribute.StringSliceValue([]string{"IBAN", "PERSON"}), AttrFindingCounts: attribute.Int64SliceValue([]int64{2, 1}),
				AttrPolicyRevision: attribute.StringValue("rev-42"), AttrRules: attribute.StringSliceValue([]string{"KI-RL-3.2"}),
				AttrRequestBytes: attribute.Int64Value(5120), AttrUser: attribute.StringValue("u_3f9a1c0b7e2d4a58"),
			},
		},
	}
	for _, tr := range byTrace {
		var root *tracetest.SpanStub
		for i := range tr {
			if tr[i].Name == SpanRequest {
				root = &tr[i]
			}
		}
		if root == nil {
			t.Fatal("trace without a request span")
		}
		got := map[attribute.Key]attribute.Value{}
		for _, kv := range root.Attributes {
			got[kv.Key] = kv.Value
		}
		id := got[AttrRequestID].AsString()
		w, ok := wants[id]
		if !ok {
			t.Fatalf("unexpected request id %q", id)
		}
		if d := cmp.Diff(w.attrs, got, cmp.Comparer(func(a, b attribute.Value) bool { return a.Emit() == b.Emit() && a.Type() == b.Type() })); d != "" {
			t.Errorf("%s attributes (-want +got):\n%s", id, d)
		}
		var children []string
		for _, s := range tr {
			if s.Name == SpanRequest {
				continue
			}
			if s.Parent.SpanID() != root.SpanContext.SpanID() {
				t.Errorf("%s: span %s is not a child of the request span", id, s.Name)
			}
			children = append(children, s.Name)
			wantErr := id == "req-block" && s.Name == "schleuse.policy"
			if (s.Status.Code == codes.Error) != wantErr {
				t.Errorf("%s: span %s status %v", id, s.Name, s.Status)
			}
		}
		slices.Sort(children)
		if !slices.Equal(children, w.children) {
			t.Errorf("%s: children %v, want %v", id, children, w.children)
		}
	}
	assertNoCanary(t, "spans", spansText(spans))
}

func spansText(spans tracetest.SpanStubs) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Name)
		b.WriteString(s.Status.Description)
		for _, kv := range s.Attributes {
			b.WriteString(string(kv.Key) + "=" + kv.Value.Emit() + " ")
		}
		for _, e := range s.Events {
			b.WriteString(e.Name)
			for _, kv := range e.Attributes {
				b.WriteString(kv.Value.Emit())
			}
		}
	}
	return b.String()
}

func assertNoCanary(t *testing.T, where, text string) {
	t.Helper()
	for _, c := range canaries {
		if strings.Contains(text, c) {
			t.Errorf("%s contain the planted value %q", where, c)
		}
	}
}

func TestPseudonymOffByDefault(t *testing.T) {
	tel, exp := setup(t, Config{})
	simulate(context.Background(), tel, "r1", "chatgpt-web", ActionAllow, nil, nil)
	for _, s := range exp.GetSpans() {
		for _, kv := range s.Attributes {
			if kv.Key == AttrUser {
				t.Fatalf("span %s has %s although UserPseudonymInSpans is off", s.Name, AttrUser)
			}
		}
	}
	tel2, exp2 := setup(t, Config{UserPseudonymInSpans: true})
	ctx, span := tel2.StartRequest(context.Background(), "chatgpt-web")
	tel2.Annotate(span, RequestInfo{Action: ActionAllow, UserPseudonym: canaryUser})
	span.End()
	_ = ctx
	for _, kv := range exp2.GetSpans()[0].Attributes {
		if kv.Key == AttrUser {
			t.Fatalf("a plain user name was accepted as pseudonym: %v", kv.Value.Emit())
		}
	}
}

func TestMetricsScrape(t *testing.T) {
	tel, _ := setup(t, Config{Version: "1.0.0"})
	ctx := context.Background()
	m := tel.Metrics
	simulate(ctx, tel, "r1", "chatgpt-web", ActionAllow, nil, nil)
	simulate(ctx, tel, "r2", "chatgpt-web", ActionRedact, map[string]int{"IBAN": 2, "EMAIL": 1}, nil)
	simulate(ctx, tel, "r3", "openai-api", ActionBlock, map[string]int{"IBAN": 1}, nil)
	// planted values in every label position
	m.Request(ctx, canaryIBAN, canaryText)
	m.Finding(ctx, canaryIBAN, 1)
	m.Stage(ctx, canaryText, time.Millisecond)
	m.ConnectBlocked(ctx, canaryUser)
	m.UpstreamError(ctx, canaryIBAN)
	m.Unmatched(ctx, canaryUser)
	for range 3 {
		m.Tunnel(ctx)
	}
	m.ConnectBlocked(ctx, ConnectPort)
	m.ConnectBlocked(ctx, ConnectAdmin)
	m.ConnectBlocked(ctx, ConnectDir)
	m.Stage(ctx, StageRestore, 7*time.Microsecond)
	m.Stage(ctx, StageRestore, 3*time.Microsecond)
	m.Stage(ctx, StageRestore, 2*time.Second)
	m.PolicyReload(ctx, true)
	m.PolicyReload(ctx, false)
	m.Unmatched(ctx, "chatgpt-web")
	m.UpstreamError(ctx, UpstreamTLS)
	m.LeafCertCache(ctx, true)
	m.LeafCertCache(ctx, true)
	m.LeafCertCache(ctx, false)
	m.RegisterGauges(func() (int64, int64, int64) { return 17, 4096, 5 })

	out := scrape(t, tel)
	wantLines := []string{
		`schleuse_requests_total{action="allow",service="chatgpt-web"} 1`,
		`schleuse_requests_total{action="redact",service="chatgpt-web"} 1`,
		`schleuse_requests_total{action="block",service="openai-api"} 1`,
		`schleuse_requests_total{action="other",service="other"} 1`,
		`schleuse_findings_total{type="IBAN"} 3`,
		`schleuse_findings_total{type="EMAIL"} 1`,
		`schleuse_findings_total{type="other"} 1`,
		`schleuse_tunnels_total 3`,
		`schleuse_connect_blocked_total{reason="port"} 1`,
		`schleuse_connect_blocked_total{reason="admin"} 1`,
		`schleuse_connect_blocked_total{reason="directory"} 1`,
		`schleuse_connect_blocked_total{reason="other"} 1`,
		`schleuse_stage_duration_seconds_bucket{stage="restore",le="5e-06"} 1`,
		`schleuse_stage_duration_seconds_bucket{stage="restore",le="1e-05"} 2`,
		`schleuse_stage_duration_seconds_bucket{stage="restore",le="1"} 2`,
		`schleuse_stage_duration_seconds_bucket{stage="restore",le="+Inf"} 3`,
		`schleuse_stage_duration_seconds_count{stage="detect"} 3`,
		`schleuse_stage_duration_seconds_count{stage="other"} 1`,
		`schleuse_stage_duration_seconds_count{stage="audit"} 3`,
		`schleuse_stage_duration_seconds_count{stage="upstream"} 2`,
		`schleuse_request_body_bytes_count 3`,
		`schleuse_request_body_bytes_bucket{le="16384"} 3`,
		`schleuse_policy_reloads_total{result="ok"} 1`,
		`schleuse_policy_reloads_total{result="error"} 1`,
		`schleuse_unmatched_requests_total{service="chatgpt-web"} 1`,
		`schleuse_unmatched_requests_total{service="other"} 1`,
		`schleuse_upstream_errors_total{kind="tls"} 1`,
		`schleuse_upstream_errors_total{kind="other"} 1`,
		`schleuse_leaf_cert_cache_total{result="hit"} 2`,
		`schleuse_leaf_cert_cache_total{result="miss"} 1`,
		`schleuse_audit_queue_depth 17`,
		`schleuse_audit_spill_bytes 4096`,
		`schleuse_pseudonym_conversations 5`,
		`go_goroutines`,
	}
	for _, l := range wantLines {
		if !strings.Contains(out, l) {
			t.Errorf("/metrics lacks %q", l)
		}
	}
	if t.Failed() {
		var sch []string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "schleuse_") {
				sch = append(sch, l)
			}
		}
		t.Logf("schleuse lines:\n%s", strings.Join(sch, "\n"))
	}
	assertNoCanary(t, "metrics", out)
}

func TestNilMetricsAndNoopTracer(t *testing.T) {
	var m *Metrics
	m.Request(context.Background(), "x", "allow") // must not panic
	m.RegisterGauges(nil)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	tel, err := Setup(context.Background(), Config{Traces: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tel.Shutdown(context.Background())
	if tel.Tracing() {
		t.Fatal("tracing on without an OTLP endpoint")
	}
	ctx, span := tel.StartRequest(context.Background(), "chatgpt-web")
	if span.IsRecording() || span.SpanContext().IsValid() {
		t.Error("no-op tracer produced a recording span")
	}
	tel.Annotate(span, RequestInfo{Action: ActionAllow})
	_, st := tel.StartStage(ctx, StageDetect)
	st.End(ctx, nil)
	if out := scrape(t, tel); !strings.Contains(out, `schleuse_stage_duration_seconds_count{stage="detect"} 1`) {
		t.Error("stage metric not recorded with the no-op tracer")
	}
}

func TestOTLPFromEnv(t *testing.T) {
	cases := map[string]struct {
		env  map[string]string
		cfg  Config
		want bool
	}{
		"endpoint":        {env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, cfg: Config{Traces: true}, want: true},
		"traces endpoint": {env: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, cfg: Config{Traces: true}, want: true},
		"traces off":      {env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, cfg: Config{}, want: false},
		"sdk disabled":    {env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_SDK_DISABLED": "true"}, cfg: Config{Traces: true}, want: false},
		"exporter none":   {env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_TRACES_EXPORTER": "none"}, cfg: Config{Traces: true}, want: false},
		"nothing":         {cfg: Config{Traces: true}, want: false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			for _, k := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER"} {
				t.Setenv(k, tc.env[k])
			}
			tel, err := Setup(context.Background(), tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if tel.Tracing() != tc.want {
				t.Errorf("Tracing() = %v, want %v", tel.Tracing(), tc.want)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_ = tel.Shutdown(ctx) // nothing listens: the flush may fail, that is fine here
		})
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	log, err := NewLogger(&buf, "info")
	if err != nil {
		t.Fatal(err)
	}
	tel, _ := setup(t, Config{})
	ctx, span := tel.StartRequest(WithRequestID(context.Background(), "req-7"), "chatgpt-web")
	log.InfoContext(ctx, "request decided", "action", "redact", "prompt", canaryText, "password", "geheim",
		"User", canaryUser, slog.Group("hdr", "Proxy-Authorization", "Basic "+canaryIBAN))
	log.DebugContext(ctx, "hidden at info")
	log.With("token", canaryIBAN).WarnContext(context.Background(), "no span")
	span.End()

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), buf.String())
	}
	var first, second map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatalf("line 1 is not JSON: %v", err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &second); err != nil {
		t.Fatalf("line 2 is not JSON: %v", err)
	}
	sc := span.SpanContext()
	for k, want := range map[string]string{
		"msg": "request decided", "level": "INFO", "action": "redact", "request_id": "req-7",
		"trace_id": sc.TraceID().String(), "span_id": sc.SpanID().String(),
		"prompt": Redacted, "password": Redacted, "User": Redacted,
	} {
		if first[k] != want {
			t.Errorf("line 1: %s = %v, want %q", k, first[k], want)
		}
	}
	if _, ok := second["trace_id"]; ok {
		t.Error("line 2 has a trace id without a span")
	}
	if second["token"] != Redacted {
		t.Errorf("With attribute not redacted: %v", second["token"])
	}
	assertNoCanary(t, "logs", buf.String())

	for _, lv := range []string{"debug", "INFO", "", "warn", "warning", "error"} {
		if _, err := NewLogger(io.Discard, lv); err != nil {
			t.Errorf("level %q: %v", lv, err)
		}
	}
	if _, err := NewLogger(io.Discard, "verbose"); err == nil {
		t.Error("unknown level accepted")
	}
}

func TestRequestIDValidation(t *testing.T) {
	cases := map[string]bool{"req-1": true, "01HZX3": true, "": false, "a b": false, canaryText: false, strings.Repeat("a", 65): false}
	for id, ok := range cases {
		got := RequestID(WithRequestID(context.Background(), id)) == id && id != ""
		if got != ok {
			t.Errorf("WithRequestID(%q) kept = %v, want %v", id, got, ok)
		}
	}
}

func FuzzLabels(f *testing.F) {
	exp := tracetest.NewInMemoryExporter()
	tel, err := Setup(context.Background(), Config{}, WithSpanExporter(exp), WithServices("chatgpt-web"))
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"chatgpt-web", "IBAN", "detect", "allow", canaryIBAN, "", "\x00", "other"} {
		f.Add(s)
	}
	allowed := map[string]bool{Other: true, "chatgpt-web": true}
	for _, l := range [][]string{FindingTypes, actions, stages, connectReasons, upstreamKinds} {
		for _, v := range l {
			allowed[v] = true
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := tel.Metrics
		for _, set := range []closedSet{m.services, m.findingTypes, m.actions, m.stages, m.reasons, m.kinds} {
			if v := set.get(s); !allowed[v] {
				t.Fatalf("label %q from input %q outside the closed sets", v, s)
			}
		}
		ctx := WithRequestID(context.Background(), s)
		if id := RequestID(ctx); id != "" && !validLabel(id) {
			t.Fatalf("request id %q accepted", id)
		}
		_, span := tel.StartRequest(ctx, s)
		tel.Annotate(span, RequestInfo{Action: s, Findings: map[string]int{s: 1}, PolicyRevision: s, Rules: []string{s}, UserPseudonym: s})
		span.End()
	})
}

var _ sdktrace.SpanExporter = (*tracetest.InMemoryExporter)(nil)

// TestDashboardMetricNames keeps deploy/grafana-dashboard.json in step with
// the metric names this package exports.
func TestDashboardMetricNames(t *testing.T) {
	data, err := os.ReadFile("../deploy/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash map[string]any
	if err := json.Unmarshal(data, &dash); err != nil {
		t.Fatalf("dashboard is not JSON: %v", err)
	}
	tel, _ := setup(t, Config{})
	simulate(context.Background(), tel, "r1", "chatgpt-web", ActionRedact, map[string]int{"IBAN": 1}, nil)
	m := tel.Metrics
	ctx := context.Background()
	m.Tunnel(ctx)
	m.ConnectBlocked(ctx, ConnectPort)
	m.PolicyReload(ctx, true)
	m.Unmatched(ctx, "chatgpt-web")
	m.UpstreamError(ctx, UpstreamDial)
	m.LeafCertCache(ctx, true)
	m.RegisterGauges(func() (int64, int64, int64) { return 1, 2, 3 })
	exported := scrape(t, tel)
	names := regexp.MustCompile(`\b(?:schleuse|process|go)_[a-z_]+`).FindAllString(string(data), -1)
	if len(names) < 15 {
		t.Fatalf("dashboard uses only %d metric names", len(names))
	}
	for _, n := range names {
		if !regexp.MustCompile(`(?m)^` + n + `[{ ]`).MatchString(exported) {
			t.Errorf("dashboard uses %s, which /metrics does not export", n)
		}
	}
}

// TestOTLPExport sends spans to a fake collector over OTLP/HTTP, configured
// only through the environment.
func TestOTLPExport(t *testing.T) {
	type post struct {
		path, contentType string
		body              []byte
	}
	got := make(chan post, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- post{r.URL.Path, r.Header.Get("Content-Type"), b}
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	defer srv.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", srv.URL)
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	t.Setenv("OTEL_SDK_DISABLED", "")
	t.Setenv("OTEL_TRACES_EXPORTER", "")
	tel, err := Setup(context.Background(), Config{Traces: true, Version: "9.9.9"}, WithServices("chatgpt-web"))
	if err != nil {
		t.Fatal(err)
	}
	if !tel.Tracing() {
		t.Fatal("tracing off with OTEL_EXPORTER_OTLP_ENDPOINT set")
	}
	simulate(context.Background(), tel, "req-otlp", "chatgpt-web", ActionBlock, map[string]int{"IBAN": 1}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := tel.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-got:
		if p.path != "/v1/traces" || p.contentType != "application/x-protobuf" {
			t.Errorf("collector got %s %s", p.path, p.contentType)
		}
		for _, want := range []string{SpanRequest, "schleuse.detect", "req-otlp", "chatgpt-web", "9.9.9"} {
			if !bytes.Contains(p.body, []byte(want)) {
				t.Errorf("exported spans lack %q", want)
			}
		}
		assertNoCanary(t, "exported spans", string(p.body))
	default:
		t.Fatal("nothing exported on Shutdown")
	}
}
