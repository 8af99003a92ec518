package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

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

// simulate makes the tracer and metric calls the proxy makes for one
// inspected request: the span schleuse.inspect with a child per stage, the
// stage durations and the counters.
func simulate(ctx context.Context, tel *Telemetry, service, action string, findings map[string]int) {
	ctx, span := tel.Tracer.Start(ctx, "schleuse.inspect")
	defer span.End()
	stages := []string{StageExtract, StageDetect, StagePolicy, StageAct}
	if action != ActionBlock {
		stages = append(stages, StageUpstream)
	}
	for _, st := range append(stages, StageAudit) {
		_, s := tel.Tracer.Start(ctx, st)
		s.End()
		tel.Metrics.Stage(ctx, st, time.Microsecond)
	}
	tel.Metrics.Request(ctx, service, action)
	for typ, n := range findings {
		tel.Metrics.Finding(ctx, typ, n)
	}
	tel.Metrics.RequestBody(ctx, 5120)
}

func assertNoCanary(t *testing.T, where, text string) {
	t.Helper()
	for _, c := range canaries {
		if strings.Contains(text, c) {
			t.Errorf("%s contain the planted value %q", where, c)
		}
	}
}

func TestMetricsScrape(t *testing.T) {
	tel, _ := setup(t, Config{Version: "1.0.0"})
	ctx := context.Background()
	m := tel.Metrics
	simulate(ctx, tel, "chatgpt-web", ActionAllow, nil)
	simulate(ctx, tel, "chatgpt-web", ActionRedact, map[string]int{"IBAN": 2, "EMAIL": 1})
	simulate(ctx, tel, "openai-api", ActionBlock, map[string]int{"IBAN": 1})
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
	m.NoticeShown(ctx, "chatgpt-web")
	m.NoticeShown(ctx, "chatgpt-web")
	m.NoticeShown(ctx, canaryUser)
	m.NoticeAcknowledged(ctx, "chatgpt-web")
	m.SchemaFinding(ctx, "SPECIAL_CATEGORY", 2)
	m.SchemaFinding(ctx, canaryUser, 1)
	m.UpstreamError(ctx, UpstreamTLS)
	m.LeafCertCache(ctx, true)
	m.LeafCertCache(ctx, true)
	m.LeafCertCache(ctx, false)
	m.MediaPassed(ctx)
	m.MediaPassed(ctx)
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
		`schleuse_schema_findings_total{type="SPECIAL_CATEGORY"} 2`,
		`schleuse_schema_findings_total{type="other"} 1`,
		`schleuse_tunnels_total 3`,
		`schleuse_websocket_media_passed_total 2`,
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
		`schleuse_notice_shown_total{service="chatgpt-web"} 2`,
		`schleuse_notice_shown_total{service="other"} 1`,
		`schleuse_notice_acknowledged_total{service="chatgpt-web"} 1`,
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
	if tel.tp != nil {
		t.Fatal("tracing on without an OTLP endpoint")
	}
	ctx, span := tel.Tracer.Start(context.Background(), "schleuse.inspect")
	if span.IsRecording() || span.SpanContext().IsValid() {
		t.Error("no-op tracer produced a recording span")
	}
	span.End()
	tel.Metrics.Stage(ctx, StageDetect, time.Microsecond)
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
			if tracing := tel.tp != nil; tracing != tc.want {
				t.Errorf("tracing = %v, want %v", tracing, tc.want)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_ = tel.Shutdown(ctx) // nothing listens: the flush may fail, that is fine here
		})
	}
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	log := NewLoggerVar(&buf, new(slog.LevelVar))
	tel, _ := setup(t, Config{})
	ctx, span := tel.Tracer.Start(context.Background(), "schleuse.inspect")
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
		"msg": "request decided", "level": "INFO", "action": "redact",
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
		if _, err := ParseLevel(lv); err != nil {
			t.Errorf("level %q: %v", lv, err)
		}
	}
	if _, err := ParseLevel("verbose"); err == nil {
		t.Error("unknown level accepted")
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
	for _, l := range [][]string{FindingTypes, actions, stages, connectReasons, upstreamKinds, FailClosedCauses} {
		for _, v := range l {
			allowed[v] = true
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := tel.Metrics
		for _, set := range []closedSet{m.services, m.findingTypes, m.actions, m.stages, m.reasons, m.kinds, m.causes} {
			if v := set.get(s); !allowed[v] {
				t.Fatalf("label %q from input %q outside the closed sets", v, s)
			}
		}
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
	simulate(context.Background(), tel, "chatgpt-web", ActionRedact, map[string]int{"IBAN": 1})
	m := tel.Metrics
	ctx := context.Background()
	m.Tunnel(ctx)
	m.ConnectBlocked(ctx, ConnectPort)
	m.PolicyReload(ctx, true)
	m.Unmatched(ctx, "chatgpt-web")
	m.UpstreamError(ctx, UpstreamDial)
	m.LeafCertCache(ctx, true)
	m.SchemaFinding(ctx, "PERSON", 1)
	m.RegisterGauges(func() (int64, int64, int64) { return 1, 2, 3 })
	m.ShadowEnabled(ctx)
	m.SetCAExpiry(time.Now().AddDate(1, 0, 0))
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

// TestDashboardInstancesFromStart: the dashboard's instance list asks a
// metric that a node exports from its start, before any request; with
// schleuse_requests_total a node that had not yet inspected a request was
// missing from the list.
func TestDashboardInstancesFromStart(t *testing.T) {
	data, err := os.ReadFile("../deploy/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Templating struct {
			List []struct {
				Name  string `json:"name"`
				Query any    `json:"query"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal(data, &dash); err != nil {
		t.Fatal(err)
	}
	var metric string
	for _, v := range dash.Templating.List {
		if v.Name == "instance" {
			q, _ := json.Marshal(v.Query)
			if m := regexp.MustCompile(`label_values\((\w+), instance\)`).FindSubmatch(q); m != nil {
				metric = string(m[1])
			}
		}
	}
	if metric == "" {
		t.Fatal("no instance variable with label_values(METRIC, instance)")
	}
	tel, _ := setup(t, Config{})
	tel.Metrics.SetCAExpiry(time.Now().AddDate(1, 0, 0)) // as run does at start
	if exported := scrape(t, tel); !regexp.MustCompile(`(?m)^` + metric + `[{ ]`).MatchString(exported) {
		t.Errorf("the instance list asks %s, which a node does not export before its first request", metric)
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
	if tel.tp == nil {
		t.Fatal("tracing off with OTEL_EXPORTER_OTLP_ENDPOINT set")
	}
	simulate(context.Background(), tel, "chatgpt-web", ActionBlock, map[string]int{"IBAN": 1})
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
		for _, want := range []string{"schleuse.inspect", StageDetect, "9.9.9"} {
			if !bytes.Contains(p.body, []byte(want)) {
				t.Errorf("exported spans lack %q", want)
			}
		}
		assertNoCanary(t, "exported spans", string(p.body))
	default:
		t.Fatal("nothing exported on Shutdown")
	}
}

// TestAlertedCountersStartAtZero: the counters docs/operations.md alerts
// on are exported at 0 before their first event, so that increase() and
// rate() see the first one. Before, a series appeared only with its first
// count: the first rejected policy reload after a start showed as a series
// that was 1 from its first sample on, and
// increase(schleuse_policy_reloads_total{result="error"}[15m]) > 0 never
// fired.
func TestAlertedCountersStartAtZero(t *testing.T) {
	tel, _ := setup(t, Config{Version: "1.0.0"})
	out := scrape(t, tel)
	for _, want := range []string{
		`schleuse_policy_reloads_total{result="error"} 0`,
		`schleuse_policy_reloads_total{result="ok"} 0`,
		`schleuse_connect_blocked_total{reason="rate_limited"} 0`,
		`schleuse_unmatched_requests_total{service="openai-api"} 0`,
		`schleuse_upstream_errors_total{kind="timeout"} 0`,
		"schleuse_tunnels_total 0",
		"schleuse_websocket_media_passed_total 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
	tel.Metrics.PolicyReload(context.Background(), false)
	if out := scrape(t, tel); !strings.Contains(out, `schleuse_policy_reloads_total{result="error"} 1`) {
		t.Errorf("the reload error is not counted:\n%s", out)
	}
}

// TestFailClosedCounted: schleuse_failclosed_total counts the blocks
// schleuse gives itself by cause, every cause from 0 at the start (so that
// increase(…{cause="policy_failed"}[5m]) > 0 can alert on a broken
// policy); a cause outside the set is "other". Before, such a block was
// one of schleuse_requests_total{action="block"}, indistinguishable from
// a policy's block.
func TestFailClosedCounted(t *testing.T) {
	tel, _ := setup(t, Config{Version: "1.0.0"})
	if out := scrape(t, tel); !strings.Contains(out, `schleuse_failclosed_total{cause="policy_failed"} 0`) {
		t.Fatalf("no zero series for policy_failed:\n%s", out)
	}
	ctx := context.Background()
	tel.Metrics.FailClosed(ctx, "policy_failed")
	tel.Metrics.FailClosed(ctx, "incomplete_body")
	tel.Metrics.FailClosed(ctx, "Kasimir Kanarienvogel")
	out := scrape(t, tel)
	for _, want := range []string{`schleuse_failclosed_total{cause="policy_failed"} 1`, `schleuse_failclosed_total{cause="incomplete_body"} 1`, `schleuse_failclosed_total{cause="other"} 1`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, "Kanarienvogel") {
		t.Error("free text in a label")
	}
}
