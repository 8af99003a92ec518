package proxy

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"golang.org/x/crypto/bcrypt"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/internal/logsink"
	"github.com/schleuse/schleuse/telemetry"
)

// syncBuffer is a log sink safe for the goroutines of a running proxy.
type syncBuffer = logsink.Buffer

func writeHtpasswd(t *testing.T, dir, user, pass string) string {
	h, err := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "htpasswd")
	os.WriteFile(p, []byte(user+":"+string(h)+"\n"), 0o600)
	return p
}

// TestTelemetryIdentityAndCanaries runs an allowed and a blocked prompt from
// an authenticated user through the proxy with tracing and metrics on, then
// checks the span tree, the /metrics counters, the audit record's user and
// groups, and that no planted value or user name appears in logs, spans,
// metrics or the state directory.
func TestTelemetryIdentityAndCanaries(t *testing.T) {
	const user, pass = "anna.kanarienvogel", "Sommer-2026-geheim"
	canaries := []string{testTaxID, "DE89 3704 0044 0532 0130 00", "Kasimir Kanarienvogel", "kasimir.kanarienvogel@example.de", "F32.1", user, pass}

	exp := tracetest.NewInMemoryExporter()
	var tel *telemetry.Telemetry
	logs := &syncBuffer{}
	htdir := t.TempDir()
	h := newPipeHarnessOpts(t, pipeOpts{
		log: logs,
		identity: &identity.Config{Htpasswd: writeHtpasswd(t, htdir, user, pass),
			Networks: map[string][]string{"sozialamt": {"127.0.0.0/8"}}},
		tel: func(p *Pipeline) Metrics {
			var err error
			tel, err = telemetry.Setup(context.Background(), telemetry.Config{ServiceName: "schleuse-test"},
				telemetry.WithSpanExporter(exp), telemetry.WithServices("openai-api"), telemetry.WithFindingTypes(detectors.AllTypes()...))
			if err != nil {
				t.Fatal(err)
			}
			p.Tracer, p.Metrics = tel.Tracer, tel.Metrics
			return tel.Metrics
		},
	})
	t.Cleanup(func() { tel.Shutdown(context.Background()) })

	// Without credentials: 407 with a German realm.
	resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader("{}"))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("request without credentials got %d", resp.StatusCode)
	}
	if !strings.Contains(err.Error(), "Proxy Authentication Required") {
		t.Fatalf("want 407, got %v", err)
	}

	h.proxyURL.User = url.UserPassword(user, pass)
	if code, body := h.chat(t, "api.openai.com", "Wie formuliere ich eine freundliche Terminbestätigung?", false); code != 200 {
		t.Fatalf("allowed: %d %s", code, body)
	}
	prompt := fmt.Sprintf("Herr Kasimir Kanarienvogel (kasimir.kanarienvogel@example.de, Steuer-ID %s, IBAN DE89 3704 0044 0532 0130 00) hat laut Attest die Diagnose F32.1.", testTaxID)
	if code, body := h.chat(t, "api.openai.com", prompt, false); code != 400 {
		t.Fatalf("blocked: %d %s", code, body)
	}

	// Spans: one root per prompt with a child per stage.
	spans := exp.GetSpans()
	roots := map[string]string{} // span id → action
	children := map[string][]string{}
	for _, s := range spans {
		if s.Name == "schleuse.inspect" {
			for _, a := range s.Attributes {
				if a.Key == "schleuse.action" {
					roots[s.SpanContext.SpanID().String()] = a.Value.AsString()
				}
			}
		}
	}
	for _, s := range spans {
		if _, ok := roots[s.Parent.SpanID().String()]; ok {
			children[s.Parent.SpanID().String()] = append(children[s.Parent.SpanID().String()], s.Name)
		}
	}
	var actions []string
	for id, action := range roots {
		actions = append(actions, action)
		got := strings.Join(children[id], ",")
		for _, stage := range []string{"extract", "detect", "policy", "act", "audit"} {
			if !strings.Contains(got, stage) {
				t.Errorf("%s request: no %s span among %q", action, stage, got)
			}
		}
	}
	if len(roots) != 2 || !(actions[0] == "allow" && actions[1] == "block" || actions[0] == "block" && actions[1] == "allow") {
		t.Fatalf("root spans: %v", roots)
	}

	// Metrics after traffic.
	rec := httptest.NewRecorder()
	tel.MetricsHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	metrics := rec.Body.String()
	for _, want := range []string{
		`schleuse_requests_total{action="allow"`, `schleuse_requests_total{action="block"`,
		`schleuse_findings_total{`, `type="DE_TAX_ID"`, `schleuse_stage_duration_seconds_bucket{`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// The audit record carries the pseudonym and the groups.
	r := h.auditReader(t)
	recs, _ := r.Query(context.Background(), audit.Filter{})
	if len(recs) != 2 {
		t.Fatalf("%d audit records", len(recs))
	}
	for _, rec := range recs {
		if !strings.HasPrefix(rec.User, "u-") || len(rec.Groups) != 1 || rec.Groups[0] != "sozialamt" {
			t.Errorf("record user %q groups %v", rec.User, rec.Groups)
		}
	}
	tel.Shutdown(context.Background())

	// Canaries: nowhere in logs, spans, metrics or on disk.
	var spanText strings.Builder
	for _, s := range spans {
		fmt.Fprintf(&spanText, "%s %v %v\n", s.Name, s.Attributes, s.Events)
	}
	sources := map[string]string{"logs": logs.String(), "spans": spanText.String(), "metrics": metrics}
	filepath.Walk(h.stateDir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.HasSuffix(p, "htpasswd") {
			b, _ := os.ReadFile(p)
			sources[p] = string(b)
		}
		return nil
	})
	t.Logf("checked %d spans, %d sources (%d bytes of logs)", len(spans), len(sources), len(logs.String()))
	for name, text := range sources {
		for _, c := range canaries {
			if strings.Contains(text, c) || strings.Contains(text, strings.ReplaceAll(c, " ", "")) {
				t.Errorf("%s holds the planted value %q", name, c)
			}
		}
	}
}

func TestClientAllowList(t *testing.T) {
	h := newPipeHarnessOpts(t, pipeOpts{identity: &identity.Config{AllowedClients: []string{"10.0.0.0/8"}}})
	resp, err := h.client(nil, false).Get("http://example.org/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(b), "nicht verwenden") {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	_ = config.Default
}
