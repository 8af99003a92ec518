package policies

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// decideVM is decideVMValue for an Input.
func (a *active) decideVM(ctx context.Context, prog *vmProgram, in *Input) Decision {
	if in == nil {
		return failed(a.revision, fmt.Errorf("%w: nil input", ErrEvaluation))
	}
	return a.decideVMValue(ctx, prog, in.valueOf(a.in))
}

// vmPolicies exercise what Rego offers a DPO, each as a whole decision. The compiled evaluator must
// decide every one of them as topdown does, failures included (conflicts, builtin errors,
// undefined decisions).
var vmPolicies = map[string]string{
	"every and some": `package schleuse
ok := {"action": "allow", "reasons": [{"rule": "A", "message": "alle klein"}]}
decision := ok if {
	every f in input.findings { f.count < 5 }
	some g in input.user.groups
	startswith(g, "s")
} else := {"action": "block", "reasons": [{"rule": "B", "message": sprintf("%d Funde", [count(input.findings)])}]}
`,
	"partial rules, comprehensions, membership": `package schleuse
types contains f.type if some f in input.findings
by_type[t] := n if {
	some t in types
	n := sum([f.count | some f in input.findings; f.type == t])
}
big := {t | some t, n in by_type; n > 3}
decision := {"action": "redact", "redact": sort(big), "reasons": [{"rule": "R", "message": concat(",", [sprintf("%s=%v", [t, by_type[t]]) | some t in sort(types)])}]} if {
	count(big) > 0
	not "SECRET" in types
} else := {"action": "allow", "reasons": [{"rule": "A", "message": json.marshal(by_type)}]}
`,
	"object rule conflict on duplicate types": `package schleuse
first[f.type] := f.count if some f in input.findings
decision := {"action": "allow", "reasons": [{"rule": "A", "message": sprintf("%v", [first])}]}
`,
	"complete rule conflict": `package schleuse
x := 1 if input.user.authenticated
x := 2 if count(input.topics) > 1
decision := {"action": "allow", "reasons": [{"rule": "A", "message": sprintf("%v", [x])}]}
`,
	"functions: several definitions, else, default": `package schleuse
default level := "none"
level := "high" if count(input.findings) > 3
else := "low" if count(input.findings) > 0
kind(t) := "secret" if t == "SECRET"
kind(t) := "other" if t != "SECRET"
label(n) := "viele" if n > 2
else := "wenige"
default first_type := "-"
first_type := input.findings[0].type
decision := {"action": "warn", "reasons": [{"rule": level, "message": concat(" ", [label(count(input.findings)), kind(first_type)])}]}
`,
	"numbers": `package schleuse
score := sum([f.max_score | some f in input.findings])
decision := {"action": "allow", "reasons": [{"rule": "N", "message": sprintf("%v %v %v %v", [
	round(score * 10), input.request.bytes / 4, 1 == 1.0, max([0, count(input.topics)]),
])}]} if score >= 0.5
else := {"action": "allow", "reasons": [{"rule": "Z", "message": format_int(input.request.bytes % 7, 2)}]}
`,
	"strings and data": `package schleuse
names := {n | some g in input.user.groups; n := object.get(data.cfg.groups, g, upper(g))}
decision := {"action": "block", "reasons": [{"rule": "S", "message": concat("|", sort([lower(trim_space(n)) | some n in names]))}]} if {
	some t in input.topics
	regex.match("^[a-z_]+$", t)
	contains(t, data.cfg.needle)
} else := {"action": "allow", "reasons": [{"rule": "T", "message": concat("/", split(input.service.id, "-"))}]}
`,
	"arrays and indexes": `package schleuse
firsts := [input.findings[0].type, input.findings[1].type]
decision := {"action": "allow", "reasons": [{"rule": "I", "message": concat("+", array.concat(firsts, array.slice(input.topics, 0, 1)))}]}
`,
	"destructuring, null, every over a set": `package schleuse
default pair := []
pair := [b, a] if [a, b] := input.topics
default svc := "-"
svc := id if {"id": id, "provider": _} := input.service
default none_given := false
none_given if input.justification == null
all_named if every t in {t | some t in input.topics} { t != "" }
decision := {"action": "allow", "reasons": [{"rule": "U", "message": sprintf("%v %v %v %v", [pair, svc, none_given, all_named])}]} if all_named
else := {"action": "warn", "reasons": [{"rule": "V", "message": sprintf("%v", [pair])}]}
`,
	"with on input and data": `package schleuse
ids contains input.service.id
ids contains g if some g in input.user.groups
types := {f.type | some f in input.findings}
needle := data.cfg.needle
hits := {t | some t in input.topics; contains(t, needle)}
plain := x if x := concat(",", sort(ids)) with input.service.id as "ersetzt"
other := x if x := count(hits) with data.cfg.needle as "s"
fresh := x if x := count(hits) with data.cfg as {"needle": "a"}
deep := x if x := count(types) with input.findings as [{"type": "X", "count": 1, "max_score": 1}]
nested := n if n := count(ids) with input.user as {"groups": ["a", "b", "c"]}
deeper := x if x := concat(",", sort(ids)) with input.user.groups as ["z"] with input.service as {}
would_allow if count(types) == 0 with input.findings as []
decision := {"action": "allow", "reasons": [{"rule": "W", "message": sprintf("%v|%v|%v|%v|%v|%v|%v|%v", [plain, other, fresh, deep, nested, deeper, would_allow, count(hits)])}]}
`,
	"builtin error": `package schleuse
decision := {"action": "allow", "reasons": [{"rule": "E", "message": "m"}]} if to_number(input.service.id) > 1
`,
	"divide by zero": `package schleuse
decision := {"action": "allow", "reasons": [{"rule": "D", "message": sprintf("%v", [10 / count(input.topics)])}]}
`,
	"set operations and object functions": `package schleuse
a := {t | some f in input.findings; t := f.type}
b := {t | some t in data.cfg.known}
decision := {"action": "redact", "redact": sort(a & b), "operators": object.filter(data.cfg.ops, a & b),
	"reasons": [{"rule": "O", "message": sprintf("%v %v %v", [count(a | b), count(a - b), object.keys(object.union(data.cfg.ops, {"X": "mask"}))])}]} if count(a & b) > 0
else := {"action": "allow", "reasons": [{"rule": "P", "message": "nichts"}]}
`,
}

const vmData = `{"cfg": {"groups": {"sozialamt": "Sozialamt ", "jugendamt": " Jugendamt"}, "needle": "a",
"known": ["PERSON", "EMAIL", "IBAN"], "ops": {"IBAN": "mask", "EMAIL": "label"}}}`

// vmInputs are the inputs the compiled evaluator is compared on: generated ones and a few edges.
func vmInputs(docs map[string]any, n int, seed string) []*Input {
	ins := sampleInputs(docs, n, seed)
	r := rand.New(rand.NewPCG(7, 8))
	words := []string{"PERSON", "EMAIL", "IBAN", "SECRET", "sozialamt", "jugendamt", "asylum", "hr_application", "x-y-z", "42", "7.5"}
	for range n {
		in := input(words[r.IntN(len(words))])
		for range r.IntN(5) {
			f := FindingSummary{Type: words[r.IntN(len(words))], Count: r.IntN(7) - 1, MaxScore: float64(r.IntN(5)) / 4}
			in.Findings = append(in.Findings, f)
			in.Counts[f.Type] += f.Count
		}
		for range r.IntN(3) {
			in.User.Groups = append(in.User.Groups, words[r.IntN(len(words))])
			in.Topics = append(in.Topics, words[r.IntN(len(words))])
		}
		in.Request.Bytes = r.IntN(100000)
		ins = append(ins, in)
	}
	return append(ins, &Input{}) // no findings, no groups, nothing set
}

func TestVMMatchesTopdown(t *testing.T) {
	n := 300
	if testing.Short() || raceEnabled {
		n = 40
	}
	for name, src := range vmPolicies {
		t.Run(name, func(t *testing.T) {
			e, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": src, "data.json": vmData}))
			if err != nil {
				t.Fatal(err)
			}
			a := e.cur.Load()
			if ok, why := e.Compiled(); !ok {
				t.Fatalf("not compiled: %s", why)
			}
			var docs map[string]any
			if err := json.Unmarshal([]byte(vmData), &docs); err != nil {
				t.Fatal(err)
			}
			outcomes := map[string]int{}
			for i, in := range vmInputs(docs, n, name) {
				want, got := a.decideTopdown(ctx, in), a.decideVM(ctx, a.vm, in)
				if want.Failed != got.Failed || !want.Failed && !equalDecisions(want, got) {
					j, _ := json.Marshal(in)
					t.Fatalf("input %d %s:\n topdown %+v\n vm      %+v", i, j, want, got)
				}
				if want.Failed {
					outcomes["failed"]++
				} else {
					outcomes[want.Action+" "+want.Reasons[0].Rule]++
				}
			}
			t.Logf("%v", outcomes)
		})
	}
}

// TestVMFallsBack: plans with statements or builtins the compiled evaluator does not run stay with
// topdown, say why, and decide as before.
func TestVMFallsBack(t *testing.T) {
	cases := map[string]struct{ src, why string }{
		"walk (several results)": {`package schleuse
n := count([p | walk(input.user, [p, _])])
decision := {"action": "allow", "reasons": [{"rule": "C", "message": sprintf("%d", [n])}]}
`, "builtin walk"},
		"dynamic reference into rules": {`package schleuse
decision := {"action": "allow", "reasons": [{"rule": "D", "message": data.schleuse.texte[sprintf("r%d", [count(input.topics) + 1])]}]}
`, "CallDynamicStmt"},
	}
	files := map[string]string{"texte.rego": "package schleuse.texte\n\nr1 := \"eins\"\n\nr2 := \"zwei\"\n"}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": c.src, "texte.rego": files["texte.rego"]}))
			if err != nil {
				t.Fatal(err)
			}
			ok, why := e.Compiled()
			if ok || !strings.Contains(why, c.why) {
				t.Fatalf("Compiled() = %v, %q; want false naming %s", ok, why, c.why)
			}
			if d := e.Decide(ctx, input("openai-api")); d.Failed || d.Action != ActionAllow {
				t.Fatalf("decision %+v", d)
			}
		})
	}
}

// forEachCall calls f for every resolved call in the program.
func forEachCall(p *vmProgram, f func(*vmCallStmt)) {
	var walk func(b *ir.Block)
	walk = func(b *ir.Block) {
		for _, s := range b.Stmts {
			switch s := s.(type) {
			case *vmCallStmt:
				f(s)
			case *ir.BlockStmt:
				for _, sub := range s.Blocks {
					walk(sub)
				}
			case *ir.ScanStmt:
				walk(s.Block)
			case *ir.NotStmt:
				walk(s.Block)
			}
		}
	}
	for _, fn := range p.funcs {
		for _, b := range fn.fn.Blocks {
			walk(b)
		}
	}
	for _, b := range p.plan.Blocks {
		walk(b)
	}
}

// prepareDefault loads and prepares the default policy outside an Engine.
func prepareDefault(t testing.TB) (*bundle, *active) {
	t.Helper()
	b, err := load("")
	if err != nil {
		t.Fatal(err)
	}
	a, err := b.prepareActive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.vm == nil {
		t.Fatalf("default policy not compiled: %s", a.vmWhyNot)
	}
	return b, a
}

// breakConcat makes every concat of p drop the last element it joins: a program that decides
// differently from topdown on every message with a list. It reports how many calls it changed.
func breakConcat(p *vmProgram) int {
	n := 0
	forEachCall(p, func(c *vmCallStmt) {
		if c.Func != "concat" {
			return
		}
		n++
		c.bi = func(bctx topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
			if arr, ok := ops[1].Value.(*ast.Array); ok && arr.Len() > 1 {
				ops = []*ast.Term{ops[0], ast.NewTerm(arr.Slice(0, arr.Len()-1))}
			}
			return topdown.GetBuiltin("concat")(bctx, ops, iter)
		}
	})
	return n
}

// TestVMCheckRejectsDifference: a compiled program that decides differently from topdown (here a
// concat that drops its last element) is caught by the check at load and not used.
func TestVMCheckRejectsDifference(t *testing.T) {
	b, a := prepareDefault(t)
	prog, err := b.planVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if breakConcat(prog) == 0 {
		t.Fatal("the default policy's plan calls no concat")
	}
	err = a.checkVM(ctx, prog, checkInputs(b, a))
	if err == nil || !strings.Contains(err.Error(), "differs from OPA") {
		t.Fatalf("check of a broken program: %v", err)
	}
}

// TestVMCheckUsesTestInputs: loading a policy keeps the inputs its own Rego tests decide, and the
// check compares on them (here alone, against a broken program).
func TestVMCheckUsesTestInputs(t *testing.T) {
	b, err := load("")
	if err != nil {
		t.Fatal(err)
	}
	a, err := b.activate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.vm == nil {
		t.Fatalf("default policy not compiled: %s", a.vmWhyNot)
	}
	if len(b.testInputs) < 40 {
		t.Fatalf("%d inputs from the default policy's tests, want ≥ 40", len(b.testInputs))
	}
	justified := false
	for _, v := range b.testInputs {
		j, ok := v.(ast.Object).Get(ast.InternedTerm("justification")).Value.(ast.String)
		justified = justified || ok && len(j) > 10
	}
	if !justified {
		t.Error("no test input with a justification: the tests' inputs were not recorded as written")
	}
	if err := a.checkVM(ctx, a.vm, b.testInputs); err != nil {
		t.Fatalf("check on the tests' inputs: %v", err)
	}
	prog, err := b.planVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	breakConcat(prog)
	if err := a.checkVM(ctx, prog, b.testInputs); err == nil {
		t.Fatal("a broken program passed the check on the tests' inputs")
	}
}

// TestVMCheckCountsSteps: whether a policy runs compiled does not depend on how busy the machine is
// while it loads. Here the check stalls for longer than the wall-clock budget it once had (2 s; on
// a loaded CI machine the load-time check overran it, the default policy stayed with topdown and
// TestVMCheckUsesTestInputs checked a nil program) and still passes: it is bounded by the steps
// of the compiled evaluations, which a stall does not change.
func TestVMCheckCountsSteps(t *testing.T) {
	b, a := prepareDefault(t)
	prog, err := b.planVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	n := 0
	forEachCall(prog, func(c *vmCallStmt) {
		if c.Func != "concat" {
			return
		}
		n++
		bi := c.bi
		c.bi = func(bctx topdown.BuiltinContext, ops []*ast.Term, iter func(*ast.Term) error) error {
			once.Do(func() { time.Sleep(2500 * time.Millisecond) }) // the machine is busy
			return bi(bctx, ops, iter)
		}
	})
	if n == 0 {
		t.Fatal("the default policy's plan calls no concat")
	}
	if err := a.checkVM(ctx, prog, checkInputs(b, a)); err != nil {
		t.Fatalf("check of a program that stalled once: %v", err)
	}
}

// TestVMCheckStepBudget: the steps of the check's compiled evaluations are counted against
// vmCheckSteps, across inputs, and an evaluation that would run past what is left stops with
// errVMSteps.
func TestVMCheckStepBudget(t *testing.T) {
	prog, _ := slowProgram(t)
	in := input("openai-api")
	in.Request.Bytes = 30 // ≈900 steps
	budget := 1500
	if _, err := prog.evalSteps(ctx, in.value(), &budget); err != nil || budget >= 1500 || budget < 0 {
		t.Fatalf("first evaluation: %v, %d steps left", err, budget)
	}
	if _, err := prog.evalSteps(ctx, in.value(), &budget); !errors.Is(err, errVMSteps) || budget >= 0 {
		t.Fatalf("second evaluation: %v, %d steps left; want errVMSteps", err, budget)
	}
}

// TestVMDeadline: a compiled evaluation stops at its context's deadline. (Open leaves this policy
// to topdown: its check against OPA does not finish within vmCheckSteps.)
func TestVMDeadline(t *testing.T) {
	prog, dir := slowProgram(t)
	in := input("openai-api")
	in.Request.Bytes = 100_000
	c, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := prog.eval(c, in.value())
	if err == nil {
		t.Fatal("no error past the deadline")
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("evaluation ran %v past its deadline", el)
	}
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := e.Compiled(); ok || !strings.Contains(why, "did not finish") {
		t.Fatalf("Compiled() = %v, %q", ok, why)
	}
}

// TestVMConcurrent: decisions from many goroutines at once (the memo of functions that do not
// read input is shared) are the ones topdown gives.
func TestVMConcurrent(t *testing.T) {
	_, a := prepareDefault(t)
	a.vm.memo = funcMemo{} // start empty: the goroutines fill it together
	ins := equivInputs(rand.New(rand.NewPCG(1, 2)), 120)
	want := make([]Decision, len(ins))
	for i, in := range ins {
		want[i] = a.decideTopdown(ctx, in)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range len(ins) {
				i := (k + g*17) % len(ins)
				if got := a.decideVM(ctx, a.vm, ins[i]); !equalDecisions(want[i], got) {
					t.Errorf("input %d: %+v, want %+v", i, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestVMBlocks pins the control flow of the machine on hand-written plans, as OPA's Wasm back end
// runs them: a scan over input (an array) adds each element to a set and then breaks n levels.
// Break 0 goes on with the next element, break 1 leaves the scan, break 2 also leaves the block
// that holds the scan (no result). A negated block that runs to its end fails the statement.
func TestVMBlocks(t *testing.T) {
	const (
		set ir.Local = iota + 2
		key
		val
		obj
		alias
	)
	plan := func(body ...ir.Stmt) *ir.Policy {
		return &ir.Policy{
			Static: &ir.Static{Strings: []*ir.StringConst{{Value: "result"}}},
			Plans: &ir.Plans{Plans: []*ir.Plan{{Name: "t", Blocks: []*ir.Block{{Stmts: append([]ir.Stmt{
				&ir.MakeSetStmt{Target: set},
			}, append(body,
				&ir.MakeObjectStmt{Target: obj},
				&ir.ObjectInsertStmt{Key: ir.Operand{Value: ir.StringIndex(0)}, Value: ir.Operand{Value: set}, Object: obj},
				&ir.ResultSetAddStmt{Value: obj},
			)...)}}}}},
		}
	}
	scan := func(brk uint32) ir.Stmt {
		return &ir.ScanStmt{Source: ir.Input, Key: key, Value: val, Block: &ir.Block{Stmts: []ir.Stmt{
			&ir.SetAddStmt{Value: ir.Operand{Value: val}, Set: set},
			&ir.BreakStmt{Index: brk},
		}}}
	}
	not := func(stmts ...ir.Stmt) ir.Stmt { return &ir.NotStmt{Block: &ir.Block{Stmts: stmts}} }
	cases := []struct {
		name string
		p    *ir.Policy
		want string // "" = undefined
	}{
		{"break 0: next element", plan(scan(0)), `{"a", "b", "c"}`},
		{"break 1: leave the scan", plan(scan(1)), `{"a"}`},
		{"a set named by two locals: added through one, read through the other", plan(
			&ir.AssignVarStmt{Source: ir.Operand{Value: set}, Target: alias},
			&ir.ScanStmt{Source: ir.Input, Key: key, Value: val, Block: &ir.Block{Stmts: []ir.Stmt{
				&ir.SetAddStmt{Value: ir.Operand{Value: val}, Set: alias},
			}}},
		), `{"a", "b", "c"}`},
		{"break 2: leave the block", plan(scan(2)), ""},
		{"not of a block that holds", plan(not(&ir.NopStmt{})), ""},
		{"not of a failing block", plan(not(&ir.IsUndefinedStmt{Source: ir.Input})), `set()`},
		{"block of blocks: break 1 leaves the outer block", plan(&ir.BlockStmt{Blocks: []*ir.Block{
			{Stmts: []ir.Stmt{&ir.BreakStmt{Index: 1}}},
		}}), ""},
		{"block of blocks: a failing block goes on with the next", plan(&ir.BlockStmt{Blocks: []*ir.Block{
			{Stmts: []ir.Stmt{&ir.IsUndefinedStmt{Source: ir.Input}, &ir.SetAddStmt{Value: ir.Operand{Value: ir.StringIndex(0)}, Set: set}}},
			{Stmts: []ir.Stmt{&ir.SetAddStmt{Value: ir.Operand{Value: ir.Bool(true)}, Set: set}}},
		}}), `{true}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prog, err := compileVM(c.p, ast.NewObject())
			if err != nil {
				t.Fatal(err)
			}
			got, err := prog.eval(ctx, ast.MustParseTerm(`["a", "b", "c"]`).Value)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case c.want == "" && got != nil:
				t.Fatalf("got %v, want undefined", got)
			case c.want != "" && (got == nil || ast.Compare(got.Value, ast.MustParseTerm(c.want).Value) != 0):
				t.Fatalf("got %v, want %s", got, c.want)
			}
		})
	}
}

// TestVMMemoKinds pins how the default policy's rules are memoised: the rules that read only
// data.yaml once per revision, the message functions across evaluations (keyed by their
// arguments), the rest once per evaluation. A rule that reads input must never be kept across
// evaluations; TestVMMatchesTopdown shows the decisions stay right.
func TestVMMemoKinds(t *testing.T) {
	a := openDefault(t).cur.Load()
	if a.vm == nil {
		t.Fatalf("not compiled: %s", a.vmWhyNot)
	}
	want := map[string]memoKind{
		"cfg": memoFold, "min_score": memoFold, "typnamen": memoFold, "non_personal": memoFold,
		"always_block_classes": memoFold, "freigabe_classes": memoFold, "operator_table": memoFold,
		"data_complete": memoFold,
		"reason":        memoCross, "list": memoCross, "lang": memoCross,
		"found": memoEval, "personal": memoEval, "service": memoEval, "justified": memoEval,
		"block_reasons": memoEval, "decision": memoEval,
	}
	got := map[string]memoKind{}
	for _, f := range a.vm.funcs {
		name := f.fn.Name[strings.LastIndexByte(f.fn.Name, '.')+1:]
		got[name] = f.memo
		if w, ok := want[name]; ok && w != f.memo {
			t.Errorf("%s: memo kind %d, want %d", name, f.memo, w)
		}
	}
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("no function %s in the plan", name)
		}
	}
}

// TestVMFailureFallsBack: when the compiled evaluator itself fails on a request (here a builtin
// that panics), topdown decides that request and all later ones of the revision, and Compiled
// says why; the decision is the right one, not a block.
func TestVMFailureFallsBack(t *testing.T) {
	e := openDefaultOwn(t)
	var calls []string
	e.OnCompiledOff(func(why string) { calls = append(calls, why) })
	a := e.cur.Load()
	in := benchInput()
	want := a.decideTopdown(ctx, in)
	forEachCall(a.vm, func(c *vmCallStmt) {
		if c.Func == "concat" {
			c.bi = func(topdown.BuiltinContext, []*ast.Term, func(*ast.Term) error) error { panic("kaputt max.mustermann") }
		}
	})
	for range 2 {
		if got := e.Decide(ctx, in); !equalDecisions(want, got) {
			t.Fatalf("decision %+v, want %+v", got, want)
		}
		in.Topics = []string{"other"} // a cache miss
	}
	ok, why := e.Compiled()
	if ok || !strings.Contains(why, "turned off after a failure") || strings.Contains(why, "mustermann") {
		t.Fatalf("Compiled() = %v, %q", ok, why)
	}
	if len(calls) != 1 || calls[0] != why {
		t.Fatalf("hook calls %q, want one with %q", calls, why)
	}
}

// TestVMShadow: a compiled evaluation that topdown, asked in its shadow, decides differently (here
// a concat that drops its last element, which the check at load did not see) is corrected on that
// request and turns the compiled evaluator off.
func TestVMShadow(t *testing.T) {
	defer func(n uint64) { shadowEvery = n }(shadowEvery)
	shadowEvery = 1
	e := openDefaultOwn(t)
	var calls []string
	e.OnCompiledOff(func(why string) { calls = append(calls, why) })
	a := e.cur.Load()
	a.vm.memo = funcMemo{} // the messages were rendered at load: render them again
	breakConcat(a.vm)
	in := benchInput()
	want := a.decideTopdown(ctx, in)
	if got := a.decideVM(ctx, a.vm, in); equalDecisions(want, got) {
		t.Fatal("the broken program decides right; the test proves nothing")
	}
	if got := e.Decide(ctx, in); !equalDecisions(want, got) {
		t.Fatalf("decision %+v, want %+v", got, want)
	}
	ok, why := e.Compiled()
	if ok || !strings.Contains(why, "decided differently") || len(calls) != 1 {
		t.Fatalf("Compiled() = %v, %q; hook calls %q", ok, why, calls)
	}
}

// slowProgram writes slowPolicy to a directory and plans it for the
// compiled evaluator.
func slowProgram(t *testing.T) (*vmProgram, string) {
	t.Helper()
	return planPolicy(t, slowPolicy)
}

// planPolicy writes src as a policy directory and compiles its decision
// plan; it returns the program and the directory.
func planPolicy(t *testing.T, src string) (*vmProgram, string) {
	t.Helper()
	dir := writePolicy(t, map[string]string{"p.rego": src})
	b, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := b.planVM(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return prog, dir
}

// TestVMBuiltinStopsAtDeadline: a builtin that builds a large value (numbers.range beyond the
// interned integers) stops when the evaluation's context is done, as it does under topdown.
// Before, vm gave OPA's builtins no Cancel: they looked at the context only between statements,
// so numbers.range(1, 10^9) in a policy ran to the end (and out of memory) past any deadline.
func TestVMBuiltinStopsAtDeadline(t *testing.T) {
	prog, _ := planPolicy(t, `package schleuse

decision := {"action": "allow", "reasons": [{"rule": "X", "message": "m"}]} if count(numbers.range(1, input.request.bytes)) > 0
`)
	in := input("openai-api")
	in.Request.Bytes = 2_000_000
	c, cancel := context.WithCancel(ctx)
	cancel()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := prog.eval(c, in.value())
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("no error for a cancelled evaluation")
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<20 {
		t.Fatalf("a cancelled evaluation allocated %d MB: numbers.range ran to its end", n>>20)
	}
}

// TestFoldBounded: a rule that does not read input and computes without end is not folded once
// foldTimeout has passed; the policy loads, and a request that needs the rule fails closed at
// EvalTimeout. Before, the load never ended (at start: the proxy never listened; at a reload:
// one core busy for good and every later reload waiting).
func TestFoldBounded(t *testing.T) {
	old := foldTimeout
	foldTimeout = 100 * time.Millisecond
	t.Cleanup(func() { foldTimeout = old })
	dir := writePolicy(t, map[string]string{"p.rego": `package schleuse

slow if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j < 0
}

decision := {"action": "allow", "reasons": [{"rule": "X", "message": "m"}]} if not slow
`})
	type result struct {
		e   *Engine
		err error
	}
	done := make(chan result, 1)
	go func() {
		e, err := Open(ctx, dir)
		done <- result{e, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the policy did not load within a minute")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	d := r.e.Decide(ctx, input("openai-api"))
	if !d.Failed || d.Action != ActionBlock || !strings.Contains(fmt.Sprint(d.Err), "longer than") {
		t.Fatalf("decision %+v, want the fail-closed block at the deadline", d)
	}
}

// TestObjectInserts: the room MakeObjectStmt makes counts the inserts into its object in nested
// blocks too, per object.
func TestObjectInserts(t *testing.T) {
	const a, b ir.Local = 5, 6
	ins := func(o ir.Local) ir.Stmt {
		return &ir.ObjectInsertStmt{Key: ir.Operand{Value: ir.StringIndex(0)}, Value: ir.Operand{Value: ir.Bool(true)}, Object: o}
	}
	blocks := []*ir.Block{{Stmts: []ir.Stmt{
		ins(a),
		&ir.ScanStmt{Block: &ir.Block{Stmts: []ir.Stmt{ins(a), &ir.ObjectInsertOnceStmt{Object: b}}}},
		&ir.BlockStmt{Blocks: []*ir.Block{{Stmts: []ir.Stmt{&ir.NotStmt{Block: &ir.Block{Stmts: []ir.Stmt{ins(b)}}}}}}},
	}}}
	if got := objectInserts(blocks); got[a] != 2 || got[b] != 2 || len(got) != 2 {
		t.Fatalf("objectInserts = %v, want 2 into each of %d and %d", got, a, b)
	}
}
