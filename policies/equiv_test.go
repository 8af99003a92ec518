package policies

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// The decisions of the engine must not depend on how fast it is. reference evaluates the policy
// the plain way: the KI-Richtlinie as it was before its rules were restructured for speed
// (testdata/reference/richtlinie.rego), a store of plain Go values, the input through a JSON round
// trip and rego.EvalInput, the result through OPA's JSON conversion and the JSON-path parser
// (parseDecisionJSON). TestOptimisedMatchesReference runs many inputs through both.
//
// When the default policy's behaviour changes on purpose, change the reference with it.
type reference struct{ pq rego.PreparedEvalQuery }

func newReference(t *testing.T, docs map[string]any) *reference {
	t.Helper()
	src, err := os.ReadFile("testdata/reference/richtlinie.rego")
	if err != nil {
		t.Fatal(err)
	}
	pq, err := rego.New(
		rego.Query(Query),
		rego.Module("richtlinie.rego", string(src)),
		rego.Store(inmem.NewFromObject(docs)),
		rego.StrictBuiltinErrors(true),
		rego.Capabilities(capabilities()),
	).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &reference{pq: pq}
}

func (r *reference) decide(t *testing.T, in *Input) Decision {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	rs, err := r.pq.Eval(ctx, rego.EvalInput(v))
	if err != nil || len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return failed("", err)
	}
	d, err := parseDecisionJSON(rs[0].Expressions[0].Value)
	if err != nil {
		return failed("", err)
	}
	return d
}

// cloneDocs deep-copies policy data through JSON, so that a variant can be edited.
func cloneDocs(t *testing.T, docs map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(docs)
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// equivInputs are n inputs drawn from what the rules distinguish: services of every kind in the
// register and unregistered ones, finding types of every class (always blocked, non-personal,
// #freigabe, group classes, permitted in clear, unknown), zero counts, low scores, duplicated
// types, bulk counts, groups, high-risk and other topics, short and long justifications. Slices and
// maps are never nil: the reference's JSON round trip would make them null, while the engine
// gives the policy empty arrays and objects.
func equivInputs(r *rand.Rand, n int) []*Input {
	services := []string{"openai-api", "azure-openai", "deepl-api", "chatgpt-web", "claude-web",
		"gemini-web", "perplexity-api", "copilot-web", "openai-api", "azure-openai", "unbekannt", ""}
	types := []string{"PERSON", "EMAIL", "PHONE", "IBAN", "POSTAL_ADDRESS", "DATE_OF_BIRTH",
		"DE_TAX_ID", "IP_ADDRESS", "CREDIT_CARD", "DE_ID_CARD", "CASE_REFERENCE", "DE_LICENSE_PLATE",
		"DE_HEALTH_INSURANCE", "DE_SOCIAL_SECURITY", "NEW_TYPE"}
	rare := []string{"SECRET", "CLASSIFICATION", "SPECIAL_CATEGORY", ""} // block or fail closed
	groups := []string{"sozialamt", "personalamt", "jugendamt", "bauamt", "gesundheitsamt"}
	topics := []string{"hr_application", "social_benefit", "asylum", "grading", "weather"}
	justifications := []string{"", "kurz", "   ok     ", "Aktenzeichen wird für den Bescheid benötigt"}
	pick := func(ss []string) string { return ss[r.IntN(len(ss))] }
	ins := make([]*Input, 0, n)
	for range n {
		in := &Input{
			Service: Service{ID: pick(services), Provider: "test", Host: "example.test"},
			Request: Request{Method: "POST", Path: "/v1/chat", Kind: "chat", Bytes: 1000},
			User:    User{ID: "u-7f3a", Groups: []string{}, Authenticated: true},
			Counts:  map[string]int{},
			Topics:  []string{},
			Time:    "2026-11-28T09:00:00+01:00",
		}
		for range []int{0, 1, 1, 2, 2, 3, 5, 10}[r.IntN(8)] {
			f := FindingSummary{
				Type:     pick(types),
				Count:    []int{1, 1, 1, 2, 0, 7, 45}[r.IntN(7)],
				MaxScore: []float64{0.99, 0.9, 0.3, 0, 1}[r.IntN(5)],
			}
			if r.IntN(15) == 0 {
				f.Type = pick(rare)
			}
			in.Findings = append(in.Findings, f)
			in.Counts[f.Type] += f.Count
		}
		for range r.IntN(3) {
			in.User.Groups = append(in.User.Groups, pick(groups))
		}
		if r.IntN(4) == 0 {
			in.Topics = append(in.Topics, pick(topics))
		}
		in.Justification = pick(justifications)
		ins = append(ins, in)
	}
	return ins
}

// TestOptimisedMatchesReference compares full decisions (action, types, operators, every reason
// with its messages) of the engine and the reference on the default data and on variants a DPO
// might write.
func TestOptimisedMatchesReference(t *testing.T) {
	b, err := load("")
	if err != nil {
		t.Fatal(err)
	}
	n := 400
	if testing.Short() || raceEnabled {
		n = 60
	}
	variants := map[string]func(cfg map[string]any){
		"default": func(map[string]any) {},
		"unregistered allowed without data": func(cfg map[string]any) {
			cfg["unregistered"] = "allow_without_personal_data"
		},
		"threshold, few findings allowed, no names": func(cfg map[string]any) {
			cfg["min_score"] = 0.5
			cfg["max_personal_findings"] = 3
			delete(cfg, "typnamen")
		},
		"no operators, no threshold, no freigabe classes": func(cfg map[string]any) {
			delete(cfg, "operators")
			delete(cfg, "min_score")
			cfg["freigabe"].(map[string]any)["classes"] = map[string]any{}
		},
		"own titel": func(cfg map[string]any) {
			cfg["titel"] = "Dienstanweisung KI der Stadt Musterstadt"
		},
		"operators not an object, messages missing": func(cfg map[string]any) {
			cfg["titel"] = 42 // not a string: the default name
			cfg["operators"] = []any{"PERSON"}
			msgs := cfg["messages"].(map[string]any)
			delete(msgs, "KI-RL-3.2")
			delete(msgs, "KI-RL-6.1")
		},
		"more in the clear, bauamt rules": func(cfg map[string]any) {
			reg := cfg["register"].(map[string]any)
			reg["openai-api"].(map[string]any)["permitted_classes"] = []any{"PERSON", "CASE_REFERENCE", "SECRET"}
			cfg["groups"].(map[string]any)["bauamt"] = map[string]any{
				"block_classes": []any{"IBAN"}, "warn_classes": []any{"EMAIL", "CASE_REFERENCE"},
			}
			cfg["freigabe"].(map[string]any)["classes"].(map[string]any)["EMAIL"] = "allow"
		},
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range variants {
			if !yield(k) {
				return
			}
		}
	}) {
		t.Run(name, func(t *testing.T) {
			docs := cloneDocs(t, b.docs)
			variants[name](docs["richtlinie"].(map[string]any))
			ref := newReference(t, cloneDocs(t, docs))
			vb := *b
			vb.docs = docs
			a, err := vb.prepareActive(ctx)
			if err != nil {
				t.Fatal(err)
			}
			actions := map[string]int{}
			for i, in := range equivInputs(rand.New(rand.NewPCG(4, uint64(len(name)))), n) {
				want, got := ref.decide(t, in), a.decide(ctx, in)
				if diff := cmp.Diff(want, got, cmpopts.EquateEmpty(),
					cmpopts.IgnoreFields(Decision{}, "Revision", "Err")); diff != "" {
					j, _ := json.Marshal(in)
					t.Fatalf("input %d %s: decision differs (-reference +engine):\n%s", i, j, diff)
				}
				actions[got.Action]++
				if got.Failed {
					actions["failed"]++
				}
			}
			t.Logf("%d inputs: %v", n, actions)
		})
	}
}

// TestDecisionSetsReadAsArrays: a policy may give redact and reasons as sets; OPA's JSON
// conversion made them sorted arrays, and reading the AST value directly must do the same.
func TestDecisionSetsReadAsArrays(t *testing.T) {
	dir := writePolicy(t, map[string]string{"p.rego": `package schleuse

decision := {"action": "redact", "redact": {"PERSON", "IBAN"}, "operators": {"IBAN": "mask"},
	"reasons": {{"rule": "R-2", "message": "zwei"}, {"rule": "R-1", "message": "eins", "message_en": "one"}}}
`})
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	got := e.Decide(ctx, input("openai-api"))
	want := Decision{
		Action:    ActionRedact,
		Redact:    []string{"IBAN", "PERSON"},
		Operators: map[string]string{"IBAN": "mask"},
		Reasons:   []Reason{{Rule: "R-1", Message: "eins", MessageEN: "one"}, {Rule: "R-2", Message: "zwei"}},
		Revision:  e.Revision(),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("decision (-want +got):\n%s", diff)
	}
}
