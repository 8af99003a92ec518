package policies

import (
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/open-policy-agent/opa/v1/ast"
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
		av, err := ast.InterfaceToValue(v)
		if err != nil {
			t.Fatalf("InterfaceToValue: %v", err)
		}
		d, err := parseDecision(av)
		want, wantErr := parseDecisionJSON(v)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("AST parser: %v, JSON reference: %v", err, wantErr)
		}
		if err != nil {
			return
		}
		if diff := cmp.Diff(want, d, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("AST parser and JSON reference differ (-json +ast):\n%s", diff)
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
		// The compiled evaluator (vm.go) decides as OPA's interpreter does.
		if a := e.cur.Load(); a.vm == nil {
			t.Fatalf("default policy not compiled: %s", a.vmWhyNot)
		} else if want, got := a.decideTopdown(ctx, in), a.decideVM(ctx, a.vm, in); want.Failed != got.Failed || !equalDecisions(want, got) {
			t.Fatalf("input %+v:\n topdown %+v\n vm      %+v", in, want, got)
		}
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

// parseDecisionJSON is the output-contract check as it was when the engine read decisions through
// OPA's JSON conversion. It stays here as the reference the AST parser must agree with
// (FuzzParseDecision).
func parseDecisionJSON(v any) (Decision, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return Decision{}, malformedEN("decision is %s, not an object", kindOfJSON(v))
	}
	var d Decision
	action, ok := obj["action"].(string)
	if !ok {
		return d, malformedEN("action is %s, not a string", kindOfJSON(obj["action"]))
	}
	switch action {
	case ActionAllow, ActionRedact, ActionBlock, ActionWarn:
		d.Action = action
	default:
		return d, malformedEN("unknown action")
	}

	if r, present := obj["redact"]; present {
		list, ok := r.([]any)
		if !ok {
			return d, malformedEN("redact is %s, not an array", kindOfJSON(r))
		}
		for i, t := range list {
			s, ok := t.(string)
			if !ok || s == "" {
				return d, malformedEN("redact[%d] is not a type name", i)
			}
			if !slices.Contains(d.Redact, s) {
				d.Redact = append(d.Redact, s)
			}
		}
	}
	if d.Action == ActionRedact && len(d.Redact) == 0 {
		return d, malformedEN("action redact without finding types")
	}

	if o, present := obj["operators"]; present {
		m, ok := o.(map[string]any)
		if !ok {
			return d, malformedEN("operators is %s, not an object", kindOfJSON(o))
		}
		if len(m) > 0 {
			d.Operators = make(map[string]string, len(m))
		}
		for t, op := range m {
			s, _ := op.(string)
			switch s {
			case OperatorPseudonym, OperatorMask, OperatorLabel, OperatorRemove:
				d.Operators[t] = s
			default:
				return d, malformedEN("operator for a type is not pseudonym, mask, label or remove")
			}
		}
	}

	list, ok := obj["reasons"].([]any)
	if !ok || len(list) == 0 {
		return d, malformedEN("decision has no reasons")
	}
	d.Reasons = make([]Reason, 0, len(list))
	for i, r := range list {
		m, ok := r.(map[string]any)
		if !ok {
			return d, malformedEN("reasons[%d] is %s, not an object", i, kindOfJSON(r))
		}
		rule, _ := m["rule"].(string)
		msg, _ := m["message"].(string)
		if rule == "" || msg == "" {
			return d, malformedEN("reasons[%d] lacks rule or message", i)
		}
		en, _ := m["message_en"].(string)
		d.Reasons = append(d.Reasons, Reason{Rule: rule, Message: msg, MessageEN: en})
	}
	return d, nil
}

// malformedEN is the reference's error: its text is the English one, as
// the log shows it (the German one is CauseDE's).
func malformedEN(format string, args ...any) error {
	return &malformedError{en: fmt.Sprintf(format, args...)}
}

func kindOfJSON(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}
