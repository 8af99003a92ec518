package policies

import (
	"fmt"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// evalSteps evaluates in once as decide does (folded rules and the function memo included) with
// a tracer and counts the evaluator's steps: Eval and Redo events (an expression evaluated or
// re-entered for the next binding) and the rule evaluations among the Enter events. Unlike a
// timing it does not depend on the machine's load, so a change to the policy can be judged by it.
// lines counts Eval and Redo events by "file:row" of the expression.
func evalSteps(tb testing.TB, a *active, in *Input) (steps, rules int, lines map[string]int) {
	tb.Helper()
	tr := topdown.NewBufferTracer()
	opts := []rego.EvalOption{rego.EvalParsedInput(in.valueOf(a.in)), astResult, noMetrics, rego.EvalQueryTracer(tr)}
	if a.fold != nil {
		opts = append(opts, rego.EvalVirtualCache(a.fold.cache()))
	}
	if _, err := a.pq.Eval(ctx, opts...); err != nil {
		tb.Fatal(err)
	}
	lines = map[string]int{}
	for _, ev := range *tr {
		switch ev.Op {
		case topdown.EvalOp, topdown.RedoOp:
			steps++
			if ev.Location != nil {
				lines[fmt.Sprintf("%s:%d", ev.Location.File, ev.Location.Row)]++
			}
		case topdown.EnterOp:
			if _, ok := ev.Node.(*ast.Rule); ok {
				rules++
			}
		}
	}
	return steps, rules, lines
}

// TestDefaultPolicySteps keeps the default policy's evaluation cost in view: the number of
// evaluator steps for the benchmark inputs must stay within the bounds measured when the policy
// was last restructured for speed (docs/benchmarks.md, "Policy"). A change to the Rego that
// raises them should be a conscious one.
func TestDefaultPolicySteps(t *testing.T) {
	a := openDefault(t).cur.Load()
	a.decideTopdown(ctx, benchInput()) // fill the function memo as in production
	noFindings := benchInput()
	noFindings.Findings, noFindings.Counts = nil, nil
	for _, tc := range []struct {
		name            string
		in              *Input
		maxSteps, maxRu int
	}{
		// schema_only (findings only in schema text of a schema_exempt class) costs one rule
		// and ≈8 steps: 310/24 and 166/26 before.
		// KI-RL-3.6 (input.uninspected) costs one rule and one step when nothing is unread.
		{"10 types, redact", benchInput(), 325, 26},
		{"no findings", noFindings, 179, 28},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a.decideTopdown(ctx, tc.in)
			steps, rules, lines := evalSteps(t, a, tc.in)
			keys := slices.Collect(func(yield func(string) bool) {
				for k := range lines {
					if !yield(k) {
						return
					}
				}
			})
			slices.SortFunc(keys, func(x, y string) int { return lines[y] - lines[x] })
			for _, k := range keys[:min(len(keys), 12)] {
				t.Logf("%4d %s", lines[k], k)
			}
			t.Logf("%d steps, %d rule evaluations", steps, rules)
			if steps > tc.maxSteps || rules > tc.maxRu {
				t.Errorf("%d steps, %d rule evaluations; at most %d and %d expected", steps, rules, tc.maxSteps, tc.maxRu)
			}
		})
	}
}
