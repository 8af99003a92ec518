package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/testpki"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
)

// TestShadowPolicy: with policy.shadow_dir, every request is decided by
// the live policy and asked of the shadow one too. The live decision is
// enforced (four names are pseudonymised and the request goes out); the
// shadow one (here: a bulk-data limit of three, so four names block) is only counted
// (schleuse_policy_shadow_differences_total{live="redact",shadow="block"})
// and logged with actions, rules, revisions and finding types, never the
// name; the status page names the shadow policy and the count. A request
// both decide alike is neither counted nor logged.
func TestShadowPolicy(t *testing.T) {
	upCA := testpki.NewCA("upstream CA")
	var mu sync.Mutex
	var got []string
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"choices":[{"message":{"role":"assistant","content":"Gern."}}]}`)
	}))
	up.TLS = &tls.Config{Certificates: []tls.Certificate{upCA.Leaf("api.openai.com")}}
	up.StartTLS()
	defer up.Close()

	dir := t.TempDir()
	shadow := filepath.Join(dir, "probe")
	if err := policies.WriteDefault(shadow); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(shadow, "data.yaml")
	b, _ := os.ReadFile(data)
	// A stricter bulk-data limit: four names block (the policy's own
	// tests follow this threshold).
	edited := strings.Replace(string(b), "max_personal_findings: 50", "max_personal_findings: 3", 1)
	if edited == string(b) {
		t.Fatal("no max_personal_findings line to edit")
	}
	os.WriteFile(data, []byte(edited), 0o644)
	cfgText := "state_dir: " + filepath.Join(dir, "state") + "\nlisten: " + freeAddr(t) + "\nadmin:\n  listen: " + freeAddr(t) +
		"\nupstream:\n  resolve: {\"api.openai.com:443\": \"" + up.Listener.Addr().String() + "\"}\n  ca_files: [" + upCA.WritePEM(dir, "up.pem") +
		"]\npolicy:\n  shadow_dir: " + shadow + "\n"
	path := filepath.Join(dir, "schleuse.yaml")
	os.WriteFile(path, []byte(cfgText), 0o644)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	a, err := start(context.Background(), cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	caPEM, _ := os.ReadFile(filepath.Join(cfg.StateDir, "ca.pem"))
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{Transport: &http.Transport{
		Proxy:           http.ProxyURL(&url.URL{Scheme: "http", Host: cfg.Listen}),
		TLSClientConfig: &tls.Config{RootCAs: pool},
	}}
	post := func(prompt string) int {
		resp, err := client.Post("https://api.openai.com/v1/chat/completions", "application/json",
			strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"`+prompt+`"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("Bitte schreibe Frau Anna Schmidt, Herrn Jürgen Kowalski, Herrn Markus Weber und Frau Petra Müller eine Antwort."); code != 200 {
		t.Fatalf("the live policy's redaction was not enforced: %d", code)
	}
	mu.Lock()
	if len(got) != 1 || strings.Contains(got[0], "Anna Schmidt") || !strings.Contains(got[0], "[PERSON_4]") {
		t.Errorf("the service got %q", got)
	}
	mu.Unlock()
	if n := a.shadow.differences.Load(); n != 1 {
		t.Errorf("%d differences counted, want 1", n)
	}
	log := logs.String()
	for _, want := range []string{`"msg":"Probe-Richtlinie entschied anders, die Entscheidung der geltenden gilt / policy shadow decided differently; the live decision stands"`, `"service":"openai-api"`,
		`"live_action":"redact"`, `"shadow_action":"block"`, `"finding_types":["PERSON"]`, `"shadow_revision":"` + a.shadow.shadow.Revision() + `"`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	// The line names the request, as every line about one does: its
	// audit record is found by it.
	if err := a.audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	r, err := audit.OpenReader(context.Background(), auditConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := r.Query(context.Background(), audit.Filter{})
	r.Close()
	if err != nil || len(recs) != 1 || recs[0].RequestID == "" || !strings.Contains(log, `"request_id":"`+recs[0].RequestID+`"`) {
		t.Errorf("the log line does not name the request of the record (%v, %d records):\n%s", err, len(recs), log)
	}
	if strings.Contains(log, "Anna") || strings.Contains(log, "Kowalski") {
		t.Errorf("the log names the person:\n%s", log)
	}
	rec := httptest.NewRecorder()
	a.tel.MetricsHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if m := rec.Body.String(); !strings.Contains(m, `schleuse_policy_shadow_differences_total{live="redact",shadow="block"} 1`) {
		t.Errorf("the difference is not counted as redact → block:\n%s", grepLines(m, "shadow_differences"))
	}
	status := httptest.NewRecorder()
	a.statusPage(status, httptest.NewRequest("GET", "/status", nil))
	if body := status.Body.String(); !strings.Contains(body, shadow+", Revision "+a.shadow.shadow.Revision()+": 1 Anfragen seit dem Start anders entschieden") {
		t.Errorf("the status page does not show the shadow policy:\n%s", grepLines(body, "policy-shadow"))
	}

	// A request both decide alike (one name: redacted by both) is neither
	// counted nor logged again.
	if code := post("Bitte schreibe Frau Anna Schmidt eine Antwort."); code != 200 {
		t.Fatalf("%d", code)
	}
	if n := a.shadow.differences.Load(); n != 1 {
		t.Errorf("%d differences after a request both decide alike, want 1", n)
	}
	if n := strings.Count(logs.String(), "policy shadow decided differently"); n != 1 {
		t.Errorf("%d log lines, want 1", n)
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for l := range strings.Lines(s) {
		if strings.Contains(l, sub) {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return strings.Join(out, "\n")
}

// TestShadowPolicyChecked: a shadow policy that does not load is named by
// its key in config check and stops run, as policy.dir does.
func TestShadowPolicyChecked(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "probe")
	if err := policies.WriteDefault(bad); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(bad, "kaputt.rego"), []byte("package schleuse.richtlinie\n\ndecision := {"), 0o644)
	_, path := writeConfig(t, "policy:\n  shadow_dir: "+bad+"\n")
	if out, err := runCLI(t, "", "config", "check", path); err == nil || !strings.Contains(err.Error()+out, "policy.shadow_dir") || !strings.Contains(err.Error()+out, "kaputt.rego") {
		t.Errorf("config check: %v\n%s", err, out)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.Listen, cfg.Admin.Listen = freeAddr(t), freeAddr(t)
	if a, err := start(context.Background(), cfg, discardLogger()); err == nil {
		a.stop()
		t.Error("run started with a shadow policy that does not load")
	} else if !strings.Contains(err.Error(), "policy.shadow_dir") {
		t.Errorf("run: %v", err)
	}
}

// TestShadowPolicySkipsProbes: a decision the proxy asks only to choose
// the notice's next step (the blocked request without its findings,
// proxy.ProbeContext) is no request's, and the shadow policy is not asked
// about it: here the probe of a name sent to an unregistered service would
// differ (live block, shadow allow: it registers the service) and be counted
// as a request both decide differently.
func TestShadowPolicySkipsProbes(t *testing.T) {
	ctx := context.Background()
	live, err := policies.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "probe")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data.yaml")
	b, _ := os.ReadFile(data)
	os.WriteFile(data, []byte(strings.Replace(string(b), "  register:\n", "  register:\n    deepseek-api: {name: \"DeepSeek API\", approved: true, avv: true, system: closed, permitted_classes: []}\n", 1)), 0o644)
	shadow, err := policies.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	d := &shadowDecider{live: live, shadow: shadow, log: slog.New(slog.NewJSONHandler(&logs, nil))}
	in := &policies.Input{Service: policies.Service{ID: "deepseek-api"}, Findings: []policies.FindingSummary{}, Counts: map[string]int{},
		Topics: []string{}, Uninspected: []string{}}
	if got := d.Decide(proxy.ProbeContext(ctx), in); got.Action != "block" {
		t.Fatalf("the live decision of the probe is %s", got.Action)
	}
	if n := d.differences.Load(); n != 0 || logs.String() != "" {
		t.Errorf("a probe counted as %d differences, logged %s", n, logs.String())
	}
	d.Decide(ctx, in) // the same input as a request's is compared
	if n := d.differences.Load(); n != 1 {
		t.Errorf("%d differences for a request's decision, want 1", n)
	}
}
