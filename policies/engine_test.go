package policies

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var ctx = context.Background()

func openDefault(t testing.TB) *Engine {
	t.Helper()
	e, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// openDefaultOwn opens the default policy built for the test alone, not the revision the process
// has tested already (activate): for a test that breaks its compiled program, which would else
// break it for every later Open.
func openDefaultOwn(t testing.TB) *Engine {
	t.Helper()
	b, a := prepareDefault(t)
	if b.digest == "" || tested.get(b.digest) == a {
		t.Fatal("not a program of its own")
	}
	e := &Engine{}
	a.onVMOff, a.timeout = &e.onVMOff, &e.evalTimeout
	e.cur.Store(a)
	return e
}

// input builds an input with one finding of each type.
func input(service string, types ...string) *Input {
	in := &Input{
		Service: Service{ID: service, Provider: "test", Host: "example.test"},
		Request: Request{Method: "POST", Path: "/v1/chat", Kind: "chat", Bytes: 1000},
		User:    User{ID: "u-7f3a", Authenticated: true},
		Counts:  map[string]int{},
		Time:    "2026-11-28T09:00:00+01:00",
	}
	for _, t := range types {
		in.Findings = append(in.Findings, FindingSummary{Type: t, Count: 1, MaxScore: 0.99})
		in.Counts[t] = 1
	}
	return in
}

// TestSchemaOnlyFindings: the field kinds of a finding reach the policy, through the decision
// cache and the shared finding terms: a SPECIAL_CATEGORY only in schema text passes the default
// policy, the same finding also in the prompt blocks, in either order and repeated.
func TestSchemaOnlyFindings(t *testing.T) {
	e := openDefault(t)
	for range 2 {
		for _, tc := range []struct {
			fields []string
			want   string
		}{{[]string{"schema"}, "allow"}, {[]string{"schema", "user"}, "block"}, {nil, "block"}, {[]string{"user"}, "block"}} {
			in := input("openai-api", "SPECIAL_CATEGORY")
			in.Findings[0].Fields = tc.fields
			if d := e.Decide(ctx, in); d.Action != tc.want {
				t.Errorf("fields %q: %s %v, want %s", tc.fields, d.Action, ruleIDs(d), tc.want)
			}
		}
	}
}

func ruleIDs(d Decision) []string {
	var ids []string
	for _, r := range d.Reasons {
		ids = append(ids, r.Rule)
	}
	slices.Sort(ids)
	return ids
}

func TestDefaultPolicyOwnTests(t *testing.T) {
	var out bytes.Buffer
	passed, failed, err := Test(ctx, "", &out, false)
	if err != nil {
		t.Fatal(err)
	}
	if failed != 0 || passed < 50 {
		t.Fatalf("passed %d, failed %d\n%s", passed, failed, out.String())
	}
	if !strings.Contains(out.String(), "PASS: ") {
		t.Errorf("report lacks opa's summary line:\n%s", out.String())
	}
}

func TestDecideDefaultPolicy(t *testing.T) {
	e := openDefault(t)
	cases := []struct {
		name       string
		in         *Input
		wantAction string
		wantRedact []string
		wantRules  []string
	}{
		{"no findings", input("openai-api"), ActionAllow, nil, []string{"KI-RL-1.1"}},
		{"approved with AVV redacts", input("openai-api", "PERSON", "IBAN"), ActionRedact, []string{"IBAN", "PERSON"}, []string{"KI-RL-3.2"}},
		{"closed service permits in clear", input("azure-openai", "PERSON", "EMAIL"), ActionAllow, nil, []string{"KI-RL-2.4"}},
		{"unregistered blocked", input("new-ai", "PERSON", "EMAIL"), ActionBlock, nil, []string{"KI-RL-2.1"}},
		{"unapproved blocked", input("perplexity-web", "PERSON"), ActionBlock, nil, []string{"KI-RL-2.2"}},
		{"special category", input("openai-api", "SPECIAL_CATEGORY"), ActionBlock, nil, []string{"KI-RL-3.1"}},
		{"classification", input("openai-api", "CLASSIFICATION"), ActionBlock, nil, []string{"KI-RL-4.1"}},
		{"secret", input("azure-openai", "SECRET"), ActionBlock, nil, []string{"KI-RL-4.2"}},
		{"no AVV warns", input("chatgpt-web", "PERSON"), ActionWarn, nil, []string{"KI-RL-3.4"}},
		{"case reference warns", input("openai-api", "CASE_REFERENCE"), ActionWarn, nil, []string{"KI-RL-6.1"}},
		{"justified case reference", func() *Input {
			in := input("openai-api", "CASE_REFERENCE")
			in.Justification = "Aktenzeichen für das Anschreiben"
			return in
		}(), ActionAllow, nil, []string{"KI-RL-6.2"}},
		{"justification never lifts secrets", func() *Input {
			in := input("openai-api", "SECRET")
			in.Justification = "ich weiß, was ich tue"
			return in
		}(), ActionBlock, nil, []string{"KI-RL-4.2"}},
		{"high risk", func() *Input {
			in := input("openai-api", "PERSON")
			in.Topics = []string{"hr_application"}
			return in
		}(), ActionBlock, nil, []string{"KI-RL-5.1"}},
		{"sozialamt health insurance", func() *Input {
			in := input("openai-api", "DE_HEALTH_INSURANCE")
			in.User.Groups = []string{"sozialamt"}
			return in
		}(), ActionBlock, nil, []string{"KI-RL-7.1"}},
		{"NaN score counts", func() *Input {
			in := input("openai-api")
			in.Findings = []FindingSummary{{Type: "PERSON", Count: 1, MaxScore: nan()}}
			return in
		}(), ActionRedact, []string{"PERSON"}, []string{"KI-RL-3.2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := e.Decide(ctx, c.in)
			if d.Failed {
				t.Fatalf("failed: %v", d.Err)
			}
			if d.Action != c.wantAction {
				t.Errorf("action %q, want %q (%+v)", d.Action, c.wantAction, d.Reasons)
			}
			if diff := cmp.Diff(c.wantRedact, d.Redact); diff != "" {
				t.Errorf("redact (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.wantRules, ruleIDs(d)); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
			if d.Revision != e.Revision() || d.Revision == "" {
				t.Errorf("revision %q, engine %q", d.Revision, e.Revision())
			}
			for _, r := range d.Reasons {
				if r.Message == "" || r.MessageEN == "" {
					t.Errorf("reason %s lacks a message: %+v", r.Rule, r)
				}
			}
		})
	}
}

// TestWarnMessageNamesTheTypes: KI-RL-6.1 lists the DPO's type names after
// a colon. Before, they stood bare after the verb ("Die Eingabe enthält
// Telefonnummer."), which reads as broken German to staff (ux40).
func TestWarnMessageNamesTheTypes(t *testing.T) {
	d := openDefault(t).Decide(ctx, input("openai-api", "CASE_REFERENCE"))
	if d.Action != ActionWarn || len(d.Reasons) != 1 {
		t.Fatalf("decision %+v, want one KI-RL-6.1 warning", d)
	}
	r := d.Reasons[0]
	if !strings.HasPrefix(r.Message, "Die Eingabe enthält folgende Angaben: Aktenzeichen. ") ||
		!strings.HasPrefix(r.MessageEN, "The input contains the following: ") {
		t.Errorf("KI-RL-6.1 reads\n%s\n%s", r.Message, r.MessageEN)
	}
}

func TestSamePromptAllowedRedactedBlocked(t *testing.T) {
	e := openDefault(t)
	want := map[string]string{"azure-openai": ActionAllow, "openai-api": ActionRedact, "unbekannt-ai": ActionBlock}
	for svc, action := range want {
		if d := e.Decide(ctx, input(svc, "PERSON", "EMAIL")); d.Action != action {
			t.Errorf("%s: action %q, want %q", svc, d.Action, action)
		}
	}
}

// writePolicy writes files (name -> content) into a new temp dir.
func writePolicy(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// slowPolicy takes input.request.bytes² iterations that find nothing: minutes for 100 000, unless
// the evaluation notices its deadline.
const slowPolicy = `package schleuse

slow if {
	some i in numbers.range(1, input.request.bytes)
	some j in numbers.range(1, input.request.bytes)
	i * j < 0
}

decision := {"action": "allow", "reasons": [{"rule": "X", "message": "m"}]} if not slow
`

func TestFailClosed(t *testing.T) {
	cases := map[string]string{
		"undefined":         "package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]} if input.never\n",
		"not an object":     "package schleuse\n\ndecision := \"allow\"\n",
		"unknown action":    "package schleuse\n\ndecision := {\"action\": \"erlauben\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n",
		"action not string": "package schleuse\n\ndecision := {\"action\": true, \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n",
		"no reasons":        "package schleuse\n\ndecision := {\"action\": \"allow\"}\n",
		"reason lacks rule": "package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"message\": \"m\"}]}\n",
		"redact without types": "package schleuse\n\n" +
			"decision := {\"action\": \"redact\", \"redact\": [], \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n",
		"bad operator": "package schleuse\n\n" +
			"decision := {\"action\": \"redact\", \"redact\": [\"PERSON\"], \"operators\": {\"PERSON\": \"shred\"}, \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n",
		"runtime error": "package schleuse\n\n" +
			"decision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]} if to_number(input.service.id) > 1\n",
		"conflicting values": "package schleuse\n\n" +
			"decision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]} if input.service.id\n" +
			"decision := {\"action\": \"block\", \"reasons\": [{\"rule\": \"Y\", \"message\": \"m\"}]} if input.user.id\n",
		"divide by zero": "package schleuse\n\n" +
			"n := count(input.findings)\n" +
			"decision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]} if 1 / n > 0\n",
	}
	// What policy eval shows the DPO, German first (CauseDE): before, the
	// English cause alone.
	wantDE := map[string]string{
		"undefined":            "Keine Regel liefert für diese Eingabe eine Entscheidung (data.schleuse.decision ist nicht definiert)",
		"not an object":        "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: die Entscheidung ist kein Objekt (in Rego: a string)",
		"unknown action":       "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: action ist nicht allow, redact, warn oder block",
		"action not string":    "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: action ist kein Text (in Rego: a boolean)",
		"no reasons":           "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: die Entscheidung hat keine Begründung (reasons)",
		"reason lacks rule":    "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: Begründung 1 (reasons) hat keine Regel-ID (rule) oder keine deutsche Meldung (message)",
		"redact without types": "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: action redact ohne Datenklassen unter redact",
		"bad operator":         "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: ein Operator unter operators ist nicht pseudonym, mask, label oder remove",
		"runtime error":        "Die Auswertung ist mit einem Fehler abgebrochen",
		"conflicting values":   "Die Auswertung ist mit einem Fehler abgebrochen",
		"divide by zero":       "Die Auswertung ist mit einem Fehler abgebrochen",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			e, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": src}))
			if err != nil {
				t.Fatal(err)
			}
			in := input("secret-user-name-service")
			in.User.ID = "max.mustermann"
			d := e.Decide(ctx, in)
			if d.Action != ActionBlock || !d.Failed || d.Err == nil || !errors.Is(d.Err, ErrEvaluation) {
				t.Fatalf("got %+v, want fail-closed block", d)
			}
			if d.Reasons[0].Rule != RuleFailed || !strings.HasPrefix(d.Reasons[0].Message, "Die KI-Richtlinie konnte nicht ausgewertet werden") {
				t.Errorf("reason %+v", d.Reasons)
			}
			if d.Revision != e.Revision() {
				t.Errorf("revision %q, want %q", d.Revision, e.Revision())
			}
			if s := d.Err.Error(); strings.Contains(s, "max.mustermann") || strings.Contains(s, "secret-user-name") {
				t.Errorf("cause quotes input values: %s", s)
			}
			if _, _, err := e.Explain(ctx, in); err == nil {
				t.Error("Explain returned no error")
			} else if de := CauseDE(err); !strings.HasPrefix(de, wantDE[name]) || strings.Contains(de, "max.mustermann") {
				t.Errorf("CauseDE(Explain's %v) = %q, want %q", err, de, wantDE[name])
			}
			if de := CauseDE(d.Err); !strings.HasPrefix(de, wantDE[name]) {
				t.Errorf("CauseDE(%v) = %q, want %q", d.Err, de, wantDE[name])
			}
		})
	}
	t.Run("nil input", func(t *testing.T) {
		d := openDefault(t).Decide(ctx, nil)
		if d.Action != ActionBlock || !d.Failed {
			t.Fatalf("got %+v", d)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		d := openDefault(t).Decide(c, input("openai-api"))
		if d.Action != ActionBlock || !d.Failed {
			t.Fatalf("got %+v", d)
		}
	})
	t.Run("deadline during evaluation", func(t *testing.T) {
		e, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": slowPolicy}))
		if err != nil {
			t.Fatal(err)
		}
		in := input("openai-api")
		in.Request.Bytes = 100_000
		c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		d := e.Decide(c, in)
		if d.Action != ActionBlock || !d.Failed {
			t.Fatalf("got %+v", d)
		}
		if el := time.Since(start); el > 10*time.Second {
			t.Fatalf("evaluation ran %v past its deadline", el)
		}
	})
}

// TestEvalTimeoutConfigurable: the bound of one evaluation is the engine's
// (policy.evaluation_timeout), named in the failure's cause; before, it was the constant
// EvalTimeout whatever the configuration said.
func TestEvalTimeoutConfigurable(t *testing.T) {
	e, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": slowPolicy}))
	if err != nil {
		t.Fatal(err)
	}
	e.SetEvalTimeout(40 * time.Millisecond)
	in := input("openai-api")
	in.Request.Bytes = 100_000
	d := e.Decide(ctx, in)
	if !d.Failed || d.Action != ActionBlock || !errors.Is(d.Err, errEvalTimeout) || !strings.Contains(d.Err.Error(), "(40ms, policy.evaluation_timeout)") {
		t.Fatalf("got %+v", d)
	}
	e.SetEvalTimeout(0)
	if got := e.cur.Load().evalTimeout(); got != EvalTimeout {
		t.Fatalf("SetEvalTimeout(0): bound %v, want the default %v", got, EvalTimeout)
	}
}

func TestOpenRejects(t *testing.T) {
	good := "package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n"
	cases := map[string]struct {
		files map[string]string
		want  []string // substrings of the error
	}{
		"http.send": {map[string]string{"p.rego": good +
			"\nx := http.send({\"method\": \"get\", \"url\": \"http://example.test\"})\n"}, []string{"p.rego:5", "http.send"}},
		"net.lookup_ip_addr": {map[string]string{"p.rego": good + "\nx := net.lookup_ip_addr(\"example.test\")\n"}, []string{"p.rego:5", "net.lookup_ip_addr"}},
		"opa.runtime":        {map[string]string{"p.rego": good + "\nx := opa.runtime().env\n"}, []string{"p.rego:5", "opa.runtime"}},
		"time.now_ns":        {map[string]string{"p.rego": good + "\nx := time.now_ns()\n"}, []string{"p.rego:5", "time.now_ns"}},
		"forbidden in test":  {map[string]string{"p.rego": good, "p_test.rego": "package t\n\ntest_x if http.send({})\n"}, []string{"p_test.rego:3", "http.send"}},
		"parse error":        {map[string]string{"p.rego": "package schleuse\n\ndecision := {\n"}, []string{"p.rego:4", "rego_parse_error"}},
		"compile error":      {map[string]string{"p.rego": good + "\nx := undefined_fn(1)\n"}, []string{"p.rego:5", "undefined_fn"}},
		"no decision rule":   {map[string]string{"p.rego": "package schleuse\n\nx := 1\n"}, []string{"data.schleuse.decision"}},
		"no rego":            {map[string]string{"data.json": "{}"}, []string{"no .rego files"}},
		"bad data":           {map[string]string{"p.rego": good, "data.json": "{"}, []string{"data.json"}},
		"failing test": {map[string]string{"p.rego": good, "p_test.rego": "package t\n\ntest_block if data.schleuse.decision.action == \"block\"\n"},
			[]string{"1 test(s) failed", "p_test.rego:3", "test_block"}},
		// What a failing test prints (the default policy's tests name the
		// bad register entry or class) is part of the reload's error,
		// which the log and the status page show.
		"failing test prints": {map[string]string{"p.rego": good, "p_test.rego": "package t\n\ntest_classes if {\n\tprint(\"Datenklassen, die nicht in typnamen stehen:\", {\"FOO\"})\n\tfalse\n}\n"},
			[]string{"p_test.rego:3: data.t.test_classes (Datenklassen, die nicht in typnamen stehen: {\"FOO\"})"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Open(ctx, writePolicy(t, c.files))
			if err == nil {
				t.Fatal("Open succeeded")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestRegoTestsCatchBrokenRules breaks single rules of the default policy and checks that its
// own test suite notices, so that a broken edit can never become active.
func TestRegoTestsCatchBrokenRules(t *testing.T) {
	rego, err := os.ReadFile("default/richtlinie.rego")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("default/data.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests, err := os.ReadFile("default/richtlinie_test.rego")
	if err != nil {
		t.Fatal(err)
	}
	mutations := map[string][2]string{
		"no always-block":       {"rule := cfg.always_block[t]", "rule := cfg.always_block[t]\n\tfalse"},
		"no high-risk block":    {"count(high_risk) > 0", "count(high_risk) > 99"},
		"no group block":        {"count(group_blocked) > 0", "count(group_blocked) > 99"},
		"justification ignored": {">= cfg.freigabe.min_length", ">= 100000"},
		"approval ignored":      {"not s.approved == true", "not s"},
		"threshold ignored":     {"input.findings[i].max_score >= m", "input.findings[i].max_score >= 0"},
		"bulk counts all":       {"count(personal) == count(input.findings)", "count(personal) > 0"},
	}
	for name, m := range mutations {
		t.Run(name, func(t *testing.T) {
			src := string(rego)
			if !strings.Contains(src, m[0]) {
				t.Fatalf("mutation anchor %q not in policy", m[0])
			}
			dir := writePolicy(t, map[string]string{
				"richtlinie.rego":      strings.Replace(src, m[0], m[1], 1),
				"richtlinie_test.rego": string(tests),
				"data.yaml":            string(data),
			})
			_, failed, err := Test(ctx, dir, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			if failed == 0 {
				t.Error("the Rego tests did not notice the broken rule")
			}
			if _, err := Open(ctx, dir); err == nil {
				t.Error("Open accepted a policy whose tests fail")
			}
		})
	}
}

func TestExplain(t *testing.T) {
	e := openDefault(t)
	d, fired, err := e.Explain(ctx, input("openai-api", "PERSON", "SECRET"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Action != ActionBlock {
		t.Fatalf("action %q", d.Action)
	}
	for _, want := range []string{"data.schleuse.decision (richtlinie.rego:", "data.schleuse.block_reasons (richtlinie.rego:", "data.schleuse.found (richtlinie.rego:"} {
		if !slices.ContainsFunc(fired, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("fired rules lack %q: %v", want, fired)
		}
	}
	if slices.ContainsFunc(fired, func(s string) bool { return strings.HasPrefix(s, "data.schleuse.warn_reasons ") }) {
		t.Errorf("warn_reasons reported as fired for a block: %v", fired)
	}
}

func TestWriteDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"richtlinie.rego", "richtlinie_test.rego", "data.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if e.Revision() != openDefault(t).Revision() {
		t.Errorf("written policy revision %s differs from the embedded %s", e.Revision(), openDefault(t).Revision())
	}
	if err := os.WriteFile(filepath.Join(dir, "data.yaml"), []byte("richtlinie: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteDefault(dir); err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("second WriteDefault: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "data.yaml")); string(b) != "richtlinie: {}\n" {
		t.Error("WriteDefault overwrote an existing file")
	}
}

func nan() float64 { return math.NaN() }

// TestOpenTestsRevisionOnce: a revision this process has tested and compiled is not tested and
// compiled again (the proxy's tests open the default policy hundreds of times, each open ran its
// Rego tests, planned and checked the compiled evaluator: about 0.3 s). The engines share the
// compiled parts, not the state: a decision cached by one is not in the other's cache, and the
// compiled evaluator turned off in one runs on in the other. A directory with the same files is
// the same revision; a policy whose tests fail is refused at every open.
func TestOpenTestsRevisionOnce(t *testing.T) {
	e1, e2 := openDefault(t), openDefault(t)
	dir := t.TempDir()
	if err := WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	e3, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	a1, a2, a3 := e1.cur.Load(), e2.cur.Load(), e3.cur.Load()
	if a1.vm == nil || a1.vm != a2.vm || a1.vm != a3.vm || a1.fold != a2.fold {
		t.Fatalf("the default policy was compiled again: programs %p %p %p", a1.vm, a2.vm, a3.vm)
	}
	if a1 == a2 || a1.cache == nil || a1.cache == a2.cache {
		t.Fatal("two opens share their active policy or its decision cache")
	}
	in := input("openai-api", "PERSON")
	e1.Decide(ctx, in)
	if a1.cache.len() != 1 || a2.cache.len() != 0 {
		t.Fatalf("caches after one decision of e1: %d and %d entries", a1.cache.len(), a2.cache.len())
	}
	a1.turnVMOff("test")
	if ok, _ := e1.Compiled(); ok {
		t.Fatal("e1 still compiled")
	}
	if ok, why := e2.Compiled(); !ok {
		t.Fatalf("e2 lost its compiled evaluator with e1's: %s", why)
	}
	if e, err := Open(ctx, ""); err != nil {
		t.Fatal(err)
	} else if ok, why := e.Compiled(); !ok {
		t.Fatalf("a new open lost its compiled evaluator with e1's: %s", why)
	}

	rego := filepath.Join(dir, "richtlinie.rego")
	src, err := os.ReadFile(rego)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rego, bytes.Replace(src, []byte("count(high_risk) > 0"), []byte("count(high_risk) > 99"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		var tf *TestsFailedError
		if _, err := Open(ctx, dir); !errors.As(err, &tf) {
			t.Fatalf("a policy whose tests fail: %v", err)
		}
	}
}
