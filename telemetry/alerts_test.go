package telemetry

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// alertRules is the part of a Prometheus rule file that the alerts use.
type alertRules struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// exportedSeries parses a /metrics text into metric name → label name →
// the values it takes.
func exportedSeries(text string) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	series := regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? `)
	pair := regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
	for line := range strings.Lines(text) {
		m := series.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(line, "#") {
			continue
		}
		labels := out[m[1]]
		if labels == nil {
			labels = map[string][]string{}
			out[m[1]] = labels
		}
		for _, p := range pair.FindAllStringSubmatch(m[2], -1) {
			if !slices.Contains(labels[p[1]], p[2]) {
				labels[p[1]] = append(labels[p[1]], p[2])
			}
		}
	}
	return out
}

// promqlWords are the functions, aggregations and keywords the rules may use.
var promqlWords = map[string]bool{
	"sum": true, "max": true, "min": true, "avg": true, "count": true, "by": true, "without": true,
	"rate": true, "increase": true, "histogram_quantile": true, "and": true, "or": true, "unless": true,
	"on": true, "ignoring": true, "absent": true, "time": true, "vector": true, "scalar": true,
}

// TestAlertRules keeps deploy/prometheus-alerts.yaml in step with what
// /metrics exports: every metric a rule reads exists, every label it
// matches or groups by is one that metric has (or instance and job, which
// Prometheus adds), every value it matches is one the metric takes (the
// counters start at 0 for every value, TestAlertedCountersStartAtZero), and
// every {{ $labels.X }} in an annotation survives the rule's aggregation. A
// renamed metric, label or cause would otherwise leave an alert that never
// fires, which nobody notices until the outage it was meant to report.
func TestAlertRules(t *testing.T) {
	data, err := os.ReadFile("../deploy/prometheus-alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var rules alertRules
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&rules); err != nil {
		t.Fatalf("deploy/prometheus-alerts.yaml: %v", err)
	}

	tel, _ := setup(t, Config{Version: "1.0.0"})
	simulate(context.Background(), tel, "chatgpt-web", ActionRedact, map[string]int{"IBAN": 1})
	tel.Metrics.RegisterGauges(func() (int64, int64, int64) { return 1, 2, 3 })
	tel.Metrics.SetCAExpiry(time.Now().AddDate(10, 0, 0))
	exported := exportedSeries(scrape(t, tel))
	// up is Prometheus's own series for every scrape target.
	exported["up"] = map[string][]string{"job": {"schleuse"}, "instance": nil}

	quoted := regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	word := regexp.MustCompile(`[a-zA-Z_][a-zA-Z0-9_]*`)
	selector := regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)\s*\{([^}]*)\}`)
	matcher := regexp.MustCompile(`^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)"\s*$`)
	grouping := regexp.MustCompile(`\b(?:by|without)\s*\(([^)]*)\)`)
	labelRef := regexp.MustCompile(`\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)`)

	n := 0
	seen := map[string]bool{}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			n++
			name := r.Alert
			if !regexp.MustCompile(`^Schleuse[A-Z][A-Za-z]+$`).MatchString(name) || seen[name] {
				t.Errorf("alert name %q: not Schleuse… or twice", name)
			}
			seen[name] = true
			if s := r.Labels["severity"]; s != "warning" && s != "critical" {
				t.Errorf("%s: severity %q, want warning or critical", name, s)
			}
			for _, k := range []string{"summary", "description", "summary_en"} {
				if strings.TrimSpace(r.Annotations[k]) == "" {
					t.Errorf("%s: no annotation %s", name, k)
				}
			}
			if r.For != "" {
				if _, err := time.ParseDuration(r.For); err != nil {
					t.Errorf("%s: for %q: %v", name, r.For, err)
				}
			}
			expr := r.Expr
			if depth := bracketDepth(expr); depth != 0 {
				t.Errorf("%s: unbalanced brackets in %q", name, expr)
			}

			// The metrics it reads and the labels those have.
			var metrics []string
			labels := map[string]bool{"instance": true, "job": true}
			for _, m := range selector.FindAllStringSubmatch(expr, -1) {
				metrics = append(metrics, m[1])
				for _, part := range strings.Split(m[2], ",") {
					mm := matcher.FindStringSubmatch(part)
					if mm == nil {
						t.Errorf("%s: matcher %q in %s", name, part, m[0])
						continue
					}
					values, ok := exported[strings.TrimSuffix(m[1], "_bucket")][mm[1]]
					if !ok && exported[m[1]] != nil {
						values, ok = exported[m[1]][mm[1]]
					}
					if !ok {
						t.Errorf("%s: %s has no label %s", name, m[1], mm[1])
						continue
					}
					want := []string{mm[3]}
					if mm[2] == "=~" || mm[2] == "!~" {
						want = strings.Split(mm[3], "|")
					}
					for _, v := range want {
						if !slices.Contains(values, v) {
							t.Errorf("%s: %s{%s} matches %q, a value /metrics never exports (%v)", name, m[1], mm[1], v, values)
						}
					}
				}
			}
			bare := quoted.ReplaceAllString(expr, `""`)
			bare = regexp.MustCompile(`\[[0-9]+[smhd]\]`).ReplaceAllString(bare, "")
			bare = selector.ReplaceAllString(bare, "$1")
			groupLabels := map[string]bool{}
			for _, gm := range grouping.FindAllStringSubmatch(bare, -1) {
				for _, l := range strings.Split(gm[1], ",") {
					groupLabels[strings.TrimSpace(l)] = true
				}
			}
			bare = grouping.ReplaceAllString(bare, "")
			for _, w := range word.FindAllString(bare, -1) {
				if !promqlWords[w] && !slices.Contains(metrics, w) {
					metrics = append(metrics, w)
				}
			}
			for _, m := range metrics {
				series, ok := exported[m]
				if !ok {
					series, ok = exported[strings.TrimSuffix(m, "_bucket")]
				}
				if !ok {
					t.Errorf("%s: reads %s, which /metrics does not export", name, m)
					continue
				}
				for l := range series {
					labels[l] = true
				}
				if strings.HasSuffix(m, "_bucket") {
					labels["le"] = true
				}
			}
			for l := range groupLabels {
				if !labels[l] {
					t.Errorf("%s: groups by %s, a label none of %v has", name, l, metrics)
				}
			}
			// What an annotation may name: the grouping labels when the rule
			// aggregates, none when it aggregates without "by", else every
			// label of its series.
			available := labels
			if len(groupLabels) > 0 {
				available = groupLabels
			} else if regexp.MustCompile(`\b(?:sum|max|min|avg|count)\s*\(`).MatchString(expr) {
				available = map[string]bool{}
			}
			for _, a := range r.Annotations {
				for _, ref := range labelRef.FindAllStringSubmatch(a, -1) {
					if !available[ref[1]] {
						t.Errorf("%s: an annotation names $labels.%s, which the expression %q does not keep", name, ref[1], expr)
					}
				}
			}
		}
	}
	if n < 8 {
		t.Fatalf("only %d alert rules", n)
	}
	for _, want := range []string{"SchleuseDown", "SchleuseFailClosed", "SchleuseAuditSpilling", "SchleusePolicyReloadFailed", "SchleuseProviderFormatChanged", "SchleuseCAExpiring"} {
		if !seen[want] {
			t.Errorf("no alert %s", want)
		}
	}
}

// TestAlertRulesCheckCatchesMistakes: the checks of TestAlertRules would
// see a renamed metric, label or value.
func TestAlertRulesCheckCatchesMistakes(t *testing.T) {
	tel, _ := setup(t, Config{Version: "1.0.0"})
	exported := exportedSeries(scrape(t, tel))
	if _, ok := exported["schleuse_failclosed_total"]["cause"]; !ok {
		t.Fatal("schleuse_failclosed_total has no cause label")
	}
	if !slices.Contains(exported["schleuse_failclosed_total"]["cause"], "policy_failed") {
		t.Error("policy_failed is not exported from the start")
	}
	if slices.Contains(exported["schleuse_failclosed_total"]["cause"], "policy_broke") {
		t.Error("a made-up cause is exported")
	}
	if _, ok := exported["schleuse_failclosed"]; ok {
		t.Error("the counter is exported without _total: the name check would pass a wrong name")
	}
	if bracketDepth("sum(rate(x[5m])") == 0 {
		t.Error("unbalanced brackets not seen")
	}
}

// bracketDepth returns how many brackets stay open at the end of s (≠ 0
// for unbalanced ones, also when a closing one comes first).
func bracketDepth(s string) int {
	depth := 0
	for _, c := range s {
		switch c {
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			if depth--; depth < 0 {
				return depth
			}
		}
	}
	return depth
}

// TestAlertRulesPromtool checks deploy/prometheus-alerts.yaml with
// Prometheus's own promtool: the syntax (check rules) and, on made-up
// series, that each alert fires when it should and only then (test
// rules), with its annotations filled in. .ci/run installs promtool.
func TestAlertRulesPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no promtool on PATH: .ci/run installs it from Debian's prometheus package")
		}
		t.Skip("SKIPPED LOUDLY: no promtool on PATH; `apt-get download prometheus` and take usr/bin/promtool from it (dpkg-deb -x) to check deploy/prometheus-alerts.yaml")
	}
	rulesFile, err := filepath.Abs("../deploy/prometheus-alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(promtool, "check", "rules", rulesFile).CombinedOutput(); err != nil {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
	data, err := os.ReadFile(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	var rules alertRules
	if err := yaml.Unmarshal(data, &rules); err != nil {
		t.Fatal(err)
	}
	type rule = struct {
		severity    string
		annotations map[string]string
	}
	byName := map[string]rule{}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			byName[r.Alert] = rule{r.Labels["severity"], r.Annotations}
		}
	}

	const inst = `instance="s1:9090",job="schleuse"`
	type series struct{ name, values string }
	cases := []struct {
		alert  string
		at     string
		input  []series
		expect []map[string]string // the labels each firing alert keeps; none: must not fire
	}{
		{"SchleuseDown", "4m", []series{{`up{` + inst + `}`, "1 0 0 0 0 0"}},
			[]map[string]string{{"instance": "s1:9090", "job": "schleuse"}}},
		{"SchleuseDown", "4m", []series{{`up{` + inst + `}`, "1 1 1 1 1 1"}}, nil},
		{"SchleuseFailClosed", "3m", []series{
			{`schleuse_failclosed_total{cause="policy_failed",` + inst + `}`, "0 0 2 2 2 2"},
			{`schleuse_failclosed_total{cause="parse_error",` + inst + `}`, "0 0 5 5 5 5"}, // a garbage request: no alarm
		}, []map[string]string{{"instance": "s1:9090", "cause": "policy_failed"}}},
		{"SchleuseFailClosed", "10m", []series{{`schleuse_failclosed_total{cause="policy_failed",` + inst + `}`, "0 0 2 2 2 2 2 2 2 2 2"}}, nil},
		// promtool's time() starts at 0: an expiry at 20 days after that is close, one at 10 years is not.
		{"SchleuseCAExpiring", "5m", []series{{`schleuse_ca_expiry_timestamp_seconds{` + inst + `}`, "1728000x10"}},
			[]map[string]string{{"instance": "s1:9090"}}},
		{"SchleuseCAExpiring", "5m", []series{{`schleuse_ca_expiry_timestamp_seconds{` + inst + `}`, "315360000x10"}}, nil},
		{"SchleuseAuditSpilling", "7m", []series{{`schleuse_audit_spill_bytes{` + inst + `}`, "0 100 100 100 100 100 100 100"}},
			[]map[string]string{{"instance": "s1:9090"}}},
		{"SchleuseAuditSpilling", "3m", []series{{`schleuse_audit_spill_bytes{` + inst + `}`, "0 100 100 100 100"}}, nil}, // pending, not yet 5 min
		{"SchleuseAuditBacklog", "7m", []series{{`schleuse_audit_queue_depth{` + inst + `}`, "40000x10"}},
			[]map[string]string{{"instance": "s1:9090"}}},
		{"SchleuseAuditBacklog", "7m", []series{{`schleuse_audit_queue_depth{` + inst + `}`, "200x10"}}, nil},
		{"SchleusePolicyReloadFailed", "2m", []series{
			{`schleuse_policy_reloads_total{result="error",` + inst + `}`, "0 1 1 1"},
			{`schleuse_policy_reloads_total{result="ok",` + inst + `}`, "0 1 2 3"},
		}, []map[string]string{{"instance": "s1:9090"}}},
		{"SchleusePolicyReloadFailed", "2m", []series{{`schleuse_policy_reloads_total{result="ok",` + inst + `}`, "0 1 2 3"}}, nil},
		{"SchleuseProviderFormatChanged", "3m", []series{{`schleuse_unmatched_requests_total{service="openai-api",` + inst + `}`, "0 0 3 3"}},
			[]map[string]string{{"instance": "s1:9090", "service": "openai-api"}}},
		{"SchleuseUpstreamErrors", "20m", []series{
			{`schleuse_upstream_errors_total{kind="tls",` + inst + `}`, "0+10x30"},
			{`schleuse_upstream_errors_total{kind="status",` + inst + `}`, "0+100x30"}, // the service's own errors: not ours to alarm
		}, []map[string]string{{"instance": "s1:9090", "kind": "tls"}}},
		{"SchleuseUpstreamErrors", "20m", []series{{`schleuse_upstream_errors_total{kind="dial",` + inst + `}`, "0+1x30"}}, nil},
		{"SchleuseDirectoryUnreachable", "3m", []series{{`schleuse_connect_blocked_total{reason="directory",` + inst + `}`, "0 0 1 1"}},
			[]map[string]string{{"instance": "s1:9090"}}},
		{"SchleusePasswordGuessing", "5m", []series{{`schleuse_connect_blocked_total{reason="rate_limited",` + inst + `}`, "0+120x10"}},
			[]map[string]string{{"instance": "s1:9090"}}},
		{"SchleusePasswordGuessing", "5m", []series{{`schleuse_connect_blocked_total{reason="auth",` + inst + `}`, "0+120x10"}}, nil},
		{"SchleuseDetectionSlow", "20m", []series{
			{`schleuse_stage_duration_seconds_bucket{stage="detect",le="0.05",` + inst + `}`, "0+1x30"},
			{`schleuse_stage_duration_seconds_bucket{stage="detect",le="0.1",` + inst + `}`, "0+100x30"},
			{`schleuse_stage_duration_seconds_bucket{stage="detect",le="+Inf",` + inst + `}`, "0+100x30"},
		}, []map[string]string{{"instance": "s1:9090"}}},
		{"SchleuseDetectionSlow", "20m", []series{
			{`schleuse_stage_duration_seconds_bucket{stage="detect",le="0.001",` + inst + `}`, "0+100x30"},
			{`schleuse_stage_duration_seconds_bucket{stage="detect",le="0.05",` + inst + `}`, "0+100x30"},
			{`schleuse_stage_duration_seconds_bucket{stage="detect",le="+Inf",` + inst + `}`, "0+100x30"},
		}, nil},
	}
	fired := map[string]bool{}
	type alertOut struct {
		Labels      map[string]string `yaml:"exp_labels"`
		Annotations map[string]string `yaml:"exp_annotations"`
	}
	type testOut struct {
		Interval string `yaml:"interval"`
		Input    []struct {
			Series string `yaml:"series"`
			Values string `yaml:"values"`
		} `yaml:"input_series"`
		Alerts []struct {
			At     string     `yaml:"eval_time"`
			Name   string     `yaml:"alertname"`
			Expect []alertOut `yaml:"exp_alerts"`
		} `yaml:"alert_rule_test"`
	}
	var file struct {
		RuleFiles []string  `yaml:"rule_files"`
		Tests     []testOut `yaml:"tests"`
	}
	file.RuleFiles = []string{rulesFile}
	fill := regexp.MustCompile(`\{\{\s*\$labels\.([a-zA-Z_]+)\s*\}\}`)
	for _, c := range cases {
		r, ok := byName[c.alert]
		if !ok {
			t.Fatalf("no rule %s", c.alert)
		}
		var to testOut
		to.Interval = "1m"
		for _, s := range c.input {
			to.Input = append(to.Input, struct {
				Series string `yaml:"series"`
				Values string `yaml:"values"`
			}{s.name, s.values})
		}
		var want []alertOut
		for _, labels := range c.expect {
			fired[c.alert] = true
			a := alertOut{Labels: map[string]string{"severity": r.severity}, Annotations: map[string]string{}}
			for k, v := range labels {
				a.Labels[k] = v
			}
			for k, v := range r.annotations {
				a.Annotations[k] = fill.ReplaceAllStringFunc(v, func(m string) string {
					return labels[fill.FindStringSubmatch(m)[1]]
				})
			}
			want = append(want, a)
		}
		to.Alerts = append(to.Alerts, struct {
			At     string     `yaml:"eval_time"`
			Name   string     `yaml:"alertname"`
			Expect []alertOut `yaml:"exp_alerts"`
		}{c.at, c.alert, want})
		file.Tests = append(file.Tests, to)
	}
	for name := range byName {
		if !fired[name] {
			t.Errorf("no case in which %s fires", name)
		}
	}
	out, err := yaml.Marshal(&file)
	if err != nil {
		t.Fatal(err)
	}
	testFile := filepath.Join(t.TempDir(), "alerts.test.yaml")
	if err := os.WriteFile(testFile, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err := exec.Command(promtool, "test", "rules", testFile).CombinedOutput(); err != nil {
		t.Fatalf("promtool test rules: %v\n%s", err, res)
	}
}
