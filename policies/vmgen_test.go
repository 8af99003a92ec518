package policies

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// Random policies. A DPO may write any Rego; the compiled evaluator must decide every policy it
// accepts as topdown does. policyGen writes policies from a small grammar of what DPOs write (set
// comprehensions over the findings, set operations, counts and sums, every, not, in, partial set and
// object rules, functions with several definitions, else chains, with, builtins on strings and
// objects)
// and TestVMRandomPolicies and FuzzVMPolicies compare both evaluators on them, bypassing the check
// at load so that a difference shows up here instead of a quiet fallback.

type policyGen struct {
	r     *rand.Rand
	sets  []string // names of set rules defined so far
	nums  []string // names of number rules
	bools []string // names of boolean rules
}

func (g *policyGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *policyGen) set(depth int) string {
	opts := []func() string{
		func() string {
			return fmt.Sprintf("{f.type | some f in input.findings; %s}", g.findingCond())
		},
		func() string { return "{x | some x in input.user.groups}" },
		func() string { return "{t | some t in input.topics}" },
		func() string {
			return g.pick(`{"PERSON", "EMAIL"}`, `{"IBAN"}`, `set()`, `{"SECRET", "PERSON", "sozialamt"}`)
		},
		func() string { return "object.keys(data.cfg.ops)" },
		func() string { return "{k | some k, _ in data.cfg.groups}" },
	}
	if len(g.sets) > 0 {
		opts = append(opts, func() string { return g.pick(g.sets...) })
	}
	if depth > 0 {
		opts = append(opts, func() string {
			return fmt.Sprintf("(%s %s %s)", g.set(depth-1), g.pick("&", "|", "-"), g.set(depth-1))
		})
	}
	return opts[g.r.IntN(len(opts))]()
}

func (g *policyGen) findingCond() string {
	return g.pick("f.count > 1", "f.count >= 0", "f.max_score >= 0.5", `startswith(f.type, "P")`,
		"f.count != 2", `f.type != "SECRET"`, "f.count == f.count")
}

func (g *policyGen) num(depth int) string {
	opts := []func() string{
		func() string { return fmt.Sprintf("count(%s)", g.set(depth)) },
		func() string { return "sum([f.count | some f in input.findings])" },
		func() string { return "count(input.findings)" },
		func() string { return "input.request.bytes % 7" },
		func() string { return fmt.Sprint(g.r.IntN(6)) },
		func() string { return "round(sum([f.max_score | some f in input.findings]))" },
	}
	if len(g.nums) > 0 {
		opts = append(opts, func() string { return g.pick(g.nums...) })
	}
	if depth > 0 {
		opts = append(opts,
			func() string { return fmt.Sprintf("(%s %s %s)", g.num(depth-1), g.pick("+", "-", "*"), g.num(depth-1)) },
			func() string { return fmt.Sprintf("max([%s, %s])", g.num(depth-1), g.num(depth-1)) },
			func() string { return fmt.Sprintf("twice(%s)", g.num(depth-1)) },
		)
	}
	return opts[g.r.IntN(len(opts))]()
}

func (g *policyGen) cond(depth int) string {
	opts := []func() string{
		func() string {
			return fmt.Sprintf("%s %s %s", g.num(depth), g.pick(">", ">=", "==", "!=", "<"), g.num(depth))
		},
		func() string {
			return fmt.Sprintf("%s in %s", g.pick(`"PERSON"`, `"SECRET"`, `"sozialamt"`, "input.service.id"), g.set(depth))
		},
		func() string { return fmt.Sprintf("count(%s) > 0", g.set(depth)) },
		func() string { return fmt.Sprintf("every f in input.findings { %s }", g.findingCond()) },
		func() string { return `some x in input.user.groups; startswith(x, "s")` },
		func() string { return "input.user.authenticated" },
		func() string { return fmt.Sprintf("some t in %s; not startswith(t, \"E\")", g.set(depth)) },
	}
	if len(g.bools) > 0 {
		opts = append(opts, func() string { return g.pick(g.bools...) }, func() string { return "not " + g.pick(g.bools...) })
	}
	return opts[g.r.IntN(len(opts))]()
}

func (g *policyGen) msg() string {
	return g.pick(
		fmt.Sprintf(`concat(",", sort(%s))`, g.set(1)),
		fmt.Sprintf(`sprintf("%%v/%%v", [%s, %s])`, g.num(1), g.num(0)),
		`upper(input.service.id)`,
		`json.marshal(o)`,
		`object.get(data.cfg.ops, input.service.id, "keiner")`,
		`concat(" ", [label(count(input.findings)), kind(input.service.id)])`,
	)
}

// policy writes one whole policy.
func (g *policyGen) policy() string {
	var b strings.Builder
	b.WriteString("package schleuse\n\n")
	b.WriteString("twice(x) := x * 2\n\n")
	b.WriteString("label(n) := \"viele\" if n > 2\nelse := \"wenige\"\n\n")
	b.WriteString("kind(s) := \"lang\" if count(s) > 8\nkind(s) := \"kurz\" if count(s) <= 8\n\n")
	b.WriteString("o[f.type] := f.count if some f in input.findings\n\n")
	for i := range 1 + g.r.IntN(3) {
		fmt.Fprintf(&b, "s%d := %s\n\n", i, g.set(2))
		g.sets = append(g.sets, fmt.Sprintf("s%d", i))
	}
	for i := range 1 + g.r.IntN(2) {
		fmt.Fprintf(&b, "n%d := %s\n\n", i, g.num(2))
		g.nums = append(g.nums, fmt.Sprintf("n%d", i))
	}
	if g.r.IntN(2) == 0 { // a rule that asks "what if": the same expression under another input or data
		target := g.pick(`input.topics as ["asylum", "sozialamt"]`, `input.user.groups as ["jugendamt"]`,
			`input.findings as [{"type": "PERSON", "count": 3, "max_score": 0.9}]`, `input.service.id as "x"`,
			`data.cfg.ops as {"PERSON": "mask"}`, `input as {}`)
		fmt.Fprintf(&b, "w0 := x if x := %s with %s\n\n", g.num(1), target)
		g.nums = append(g.nums, "w0")
	}
	for i := range 1 + g.r.IntN(2) {
		if g.r.IntN(2) == 0 {
			fmt.Fprintf(&b, "default b%d := false\n\n", i)
		}
		fmt.Fprintf(&b, "b%d if {\n\t%s\n}\n\n", i, g.cond(1))
		g.bools = append(g.bools, fmt.Sprintf("b%d", i))
	}
	fmt.Fprintf(&b, "p contains y if {\n\tsome y in %s\n\t%s\n}\n\n", g.set(1), g.cond(0))
	g.sets = append(g.sets, "p")
	fmt.Fprintf(&b, `decision := {"action": "block", "reasons": [{"rule": "B", "message": %s}]} if {
	%s
} else := {"action": "redact", "redact": sort(r), "reasons": [{"rule": "R", "message": %s}]} if {
	r := %s
	count(r) > 0
	every t in r { is_string(t) }
} else := {"action": "allow", "reasons": [{"rule": "A", "message": %s}]}
`, g.msg(), g.cond(1), g.msg(), g.set(1), g.msg())
	return b.String()
}

// compareRandomPolicy writes the policy of seed, and when OPA compiles it and the compiled
// evaluator accepts it, compares both evaluators on generated inputs. It reports whether the
// policy was compared.
func compareRandomPolicy(t *testing.T, seed uint64, inputs int) bool {
	t.Helper()
	src := (&policyGen{r: rand.New(rand.NewPCG(seed, 99))}).policy()
	b, err := load(writePolicy(t, map[string]string{"p.rego": src, "data.json": vmData}))
	if err != nil {
		return false // a generated policy OPA rejects (a type error): nothing to compare
	}
	a, err := b.prepareActive(ctx)
	if err != nil {
		return false
	}
	prog, err := b.planVM(ctx)
	if err != nil {
		t.Logf("seed %d: not compiled: %v", seed, err)
		return false
	}
	var docs map[string]any
	if err := json.Unmarshal([]byte(vmData), &docs); err != nil {
		t.Fatal(err)
	}
	for i, in := range vmInputs(docs, inputs, fmt.Sprint(seed)) {
		want, got := a.decideTopdown(ctx, in), a.decideVM(ctx, prog, in)
		if want.Failed != got.Failed || !want.Failed && !equalDecisions(want, got) {
			j, _ := json.Marshal(in)
			t.Fatalf("seed %d, input %d %s:\n%s\n topdown %+v (%v)\n vm      %+v (%v)", seed, i, j, src, want, want.Err, got, got.Err)
		}
	}
	return true
}

func TestVMRandomPolicies(t *testing.T) {
	n, inputs := 60, 60
	if testing.Short() || raceEnabled {
		n, inputs = 10, 20
	}
	compared := 0
	for seed := range uint64(n) {
		if compareRandomPolicy(t, seed, inputs) {
			compared++
		}
	}
	if compared < n*3/4 {
		t.Fatalf("only %d of %d generated policies compiled: the generator writes too much OPA rejects", compared, n)
	}
	t.Logf("%d of %d policies compared on %d inputs each", compared, n, 2*inputs+1)
}

func FuzzVMPolicies(f *testing.F) {
	for seed := range uint64(8) {
		f.Add(binary.LittleEndian.AppendUint64(nil, seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 8 {
			return
		}
		compareRandomPolicy(t, binary.LittleEndian.Uint64(b), 10)
	})
}
