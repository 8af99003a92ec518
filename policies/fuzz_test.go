package policies

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParseDecision feeds arbitrary JSON to the output-contract check: it must never panic, and
// whatever it accepts must be a valid decision.
func FuzzParseDecision(f *testing.F) {
	for _, s := range []string{
		`{"action":"allow","reasons":[{"rule":"KI-RL-1.1","message":"ok"}]}`,
		`{"action":"redact","redact":["IBAN","PERSON"],"operators":{"IBAN":"mask"},"reasons":[{"rule":"KI-RL-3.2","message":"m","message_en":"e"}]}`,
		`{"action":"redact","redact":[],"reasons":[{"rule":"X","message":"m"}]}`,
		`{"action":"block","reasons":[]}`,
		`{"action":"erlauben","reasons":[{"rule":"X","message":"m"}]}`,
		`{"action":1}`, `"allow"`, `null`, `[]`, `{"action":"warn","reasons":[1]}`,
		`{"action":"redact","redact":["A",2],"reasons":[{"rule":"X","message":"m"}]}`,
		`{"action":"redact","redact":["A"],"operators":{"A":"shred"},"reasons":[{"rule":"X","message":"m"}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return
		}
		d, err := parseDecision(v)
		if err != nil {
			return
		}
		switch d.Action {
		case ActionAllow, ActionBlock, ActionWarn:
		case ActionRedact:
			if len(d.Redact) == 0 {
				t.Fatal("redact without types accepted")
			}
		default:
			t.Fatalf("unknown action %q accepted", d.Action)
		}
		if len(d.Reasons) == 0 {
			t.Fatal("decision without reasons accepted")
		}
		for _, r := range d.Reasons {
			if r.Rule == "" || r.Message == "" {
				t.Fatalf("reason without rule or message accepted: %+v", r)
			}
		}
		for _, op := range d.Operators {
			switch op {
			case OperatorPseudonym, OperatorMask, OperatorLabel, OperatorRemove:
			default:
				t.Fatalf("operator %q accepted", op)
			}
		}
	})
}

// FuzzDecide runs the default policy on arbitrary inputs: it never panics, always answers with a
// known action and at least one reason, and never fails on a well-formed input.
func FuzzDecide(f *testing.F) {
	e := openDefault(f)
	for _, svc := range []string{"openai-api", "azure-openai", "chatgpt-web", "gemini-web", "unbekannt", ""} {
		for _, typ := range []string{"PERSON", "SECRET", "CASE_REFERENCE", "DE_HEALTH_INSURANCE", ""} {
			f.Add(svc, typ, 1, 0.9, "sozialamt", "hr_application", "")
		}
	}
	f.Add("openai-api", "CASE_REFERENCE", 3, 0.5, "", "", "Aktenzeichen wird benötigt")
	f.Add("openai-api", "PERSON", 1000, -1.0, "jugendamt", "asylum", "x")
	f.Fuzz(func(t *testing.T, svc, typ string, count int, score float64, group, topic, justification string) {
		in := input(svc)
		in.Findings = []FindingSummary{{Type: typ, Count: count, MaxScore: score}}
		in.Counts = map[string]int{typ: count}
		in.User.Groups = []string{group}
		in.Topics = []string{topic}
		in.Justification = justification
		d := e.Decide(ctx, in)
		if typ == "" && count > 0 {
			// Not a well-formed finding: a redact of "" is rejected by the output check, so the
			// answer may be the fail-closed block, but never anything that lets it through.
			if d.Action == ActionAllow {
				t.Fatalf("finding without type allowed: %+v", d)
			}
			return
		}
		if d.Failed {
			t.Fatalf("policy failed on %+v: %v", in, d.Err)
		}
		switch d.Action {
		case ActionAllow, ActionBlock, ActionWarn, ActionRedact:
		default:
			t.Fatalf("action %q", d.Action)
		}
		if len(d.Reasons) == 0 {
			t.Fatal("no reasons")
		}
		if typ == "SECRET" && count > 0 && d.Action != ActionBlock {
			t.Fatalf("SECRET not blocked: %+v", d)
		}
	})
}

// TestImports keeps the leaf-package rule: policies imports no other package of this module.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if strings.HasPrefix(path, "github.com/schleuse/schleuse/") && path != "github.com/schleuse/schleuse/policies" {
				t.Errorf("%s imports %s: policies is a leaf package", name, imp.Path.Value)
			}
		}
	}
}
