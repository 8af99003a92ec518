package policies

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	opabundle "github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/compile"
	"github.com/open-policy-agent/opa/v1/ir"
)

// vmSamples is how many generated inputs a compiled plan must decide as topdown does before it
// is used (checkVM), besides the inputs of the policy's own tests.
//
// vmCheckSteps bounds the work of the check: a policy whose compiled evaluations of the check
// take more steps (scanned elements and function calls; the default policy: ≈2 300 for all ≈190
// inputs, at most 44 for one) is left to topdown. It is counted, not timed, so whether a policy
// runs compiled does not depend on how busy the machine is while it loads: under load the check
// takes longer, not more steps. vmCheckBudget is only the backstop for what steps do not count
// (a topdown evaluation or a builtin that is slow on its own); a machine would have to be
// hundreds of times slower than an idle one to reach it with the default policy.
const (
	vmSamples     = 128
	vmCheckSteps  = 500_000
	vmCheckBudget = 20 * time.Second
)

// planVM compiles the bundle's decision into OPA's IR with OPA's own compiler (the planner behind
// `opa build -t plan`) and prepares it for vm. Test modules are left out.
func (b *bundle) planVM(ctx context.Context) (*vmProgram, error) {
	ob := &opabundle.Bundle{Data: map[string]any{}}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range b.modules {
			if !yield(name) {
				return
			}
		}
	})
	for _, name := range names {
		if strings.HasSuffix(name, "_test.rego") {
			continue
		}
		ob.Modules = append(ob.Modules, opabundle.ModuleFile{URL: name, Path: name, Parsed: b.modules[name]})
	}
	c := compile.New().
		WithTarget(compile.TargetPlan).
		WithEntrypoints(strings.ReplaceAll(strings.TrimPrefix(Query, "data."), ".", "/")).
		WithCapabilities(capabilities()).
		WithBundle(ob)
	if err := c.Build(ctx); err != nil {
		return nil, fmt.Errorf("%w: plan: %w", errUnsupported, err)
	}
	out := c.Bundle()
	if len(out.PlanModules) != 1 {
		return nil, fmt.Errorf("%w: plan: %d plan modules", errUnsupported, len(out.PlanModules))
	}
	var p ir.Policy
	if err := json.Unmarshal(out.PlanModules[0].Raw, &p); err != nil {
		return nil, fmt.Errorf("%w: plan: %w", errUnsupported, err)
	}
	data, err := ast.InterfaceToValue(b.docs)
	if err != nil {
		return nil, fmt.Errorf("%w: data: %w", errUnsupported, err)
	}
	prog, err := compileVM(&p, data)
	if err != nil {
		return nil, err
	}
	prog.caps = capabilities()
	return prog, nil
}

// attachVM compiles the policy for vm and checks it against topdown (checkInputs). When either
// fails, a keeps evaluating with topdown and a.vmWhyNot says why (no input values).
func (a *active) attachVM(ctx context.Context, b *bundle) {
	prog, err := b.planVM(ctx)
	if err != nil {
		a.vmWhyNot = err.Error()
		return
	}
	if err := a.checkVM(ctx, prog, checkInputs(b, a)); err != nil {
		a.vmWhyNot = err.Error()
		return
	}
	a.vm = prog
}

// checkInputs are the inputs checkVM compares on: those of the policy's own tests (what its author
// thought worth testing), then vmSamples generated ones.
func checkInputs(b *bundle, a *active) []ast.Value {
	ins := slices.Clone(b.testInputs)
	for _, in := range sampleInputs(b.docs, vmSamples, a.revision) {
		ins = append(ins, in.value())
	}
	return ins
}

// checkVM evaluates every input with prog and with topdown and fails on the first decision that
// differs (action, types, operators, reasons and their messages, failing or not), or when the
// compiled evaluations take more than vmCheckSteps steps (or, the backstop, vmCheckBudget).
func (a *active) checkVM(ctx context.Context, prog *vmProgram, ins []ast.Value) error {
	ctx, cancel := context.WithTimeout(ctx, vmCheckBudget)
	defer cancel()
	steps := vmCheckSteps
	for i, in := range ins {
		if ctx.Err() != nil {
			return fmt.Errorf("compiled evaluator: the check against OPA did not finish within %v", vmCheckBudget)
		}
		if steps < 0 {
			break
		}
		// Compiled first: a policy too slow for the check runs out of steps there, before topdown
		// spends as long on the same input.
		got, internal := a.evalVM(ctx, prog, in, &steps)
		if errors.Is(internal, errVMSteps) {
			break
		}
		if internal != nil {
			got = failed(a.revision, fmt.Errorf("%w: %w", ErrEvaluation, internal))
		}
		want := a.decideTopdownValue(ctx, in)
		if ctx.Err() != nil {
			break // one of them may have failed on the deadline
		}
		if want.Failed != got.Failed {
			return fmt.Errorf("compiled evaluator: input %d of the check: OPA failed=%v, compiled failed=%v (%v)", i, want.Failed, got.Failed, errors.Join(want.Err, got.Err))
		}
		if !equalDecisions(want, got) {
			return fmt.Errorf("compiled evaluator: input %d of the check: decision differs from OPA's", i)
		}
	}
	if steps < 0 {
		return fmt.Errorf("compiled evaluator: the check against OPA did not finish within %d steps", vmCheckSteps)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("compiled evaluator: the check against OPA did not finish within %v", vmCheckBudget)
	}
	return nil
}

// sampleInputs draws n inputs for checkVM from the words of the policy data: the keys and string
// values of data.yaml (service ids, finding types, groups, topics) and some that appear nowhere.
// The same revision gives the same sample.
func sampleInputs(docs map[string]any, n int, seed string) []*Input {
	words := map[string]bool{"": true, "unbekannt": true, "PERSON": true, "EMAIL": true, "SECRET": true}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 6 || len(words) > 2000 {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			for k, v := range x {
				words[k] = true
				walk(v, depth+1)
			}
		case []any:
			for _, v := range x {
				walk(v, depth+1)
			}
		case string:
			if len(x) <= 64 {
				words[x] = true
			}
		}
	}
	walk(docs, 0)
	pool := slices.Sorted(func(yield func(string) bool) {
		for w := range words {
			if !yield(w) {
				return
			}
		}
	})
	var s1 uint64
	for _, c := range seed {
		s1 = s1*131 + uint64(c)
	}
	r := rand.New(rand.NewPCG(s1, 0x5c41e05e))
	pick := func() string { return pool[r.IntN(len(pool))] }
	justifications := []string{"", "kurz", "   ok     ", "Aktenzeichen wird für den Bescheid benötigt"}
	ins := make([]*Input, 0, n)
	for i := range n {
		in := &Input{
			Service: Service{ID: pick(), Provider: "test", Host: "example.test"},
			Request: Request{Method: "POST", Path: "/v1/chat", Kind: "chat", Bytes: 1000 + i},
			User:    User{ID: "u-sample", Groups: []string{}, Authenticated: r.IntN(4) != 0},
			Counts:  map[string]int{},
			Topics:  []string{},
			Time:    "2026-11-28T09:00:00+01:00",
		}
		for range []int{0, 1, 1, 2, 3, 5, 10}[r.IntN(7)] {
			f := FindingSummary{
				Type:     pick(),
				Count:    []int{1, 1, 2, 0, 7, 45}[r.IntN(6)],
				MaxScore: []float64{0.99, 0.9, 0.5, 0.3, 0, 1}[r.IntN(6)],
				Fields:   sampleFields[r.IntN(len(sampleFields))],
			}
			in.Findings = append(in.Findings, f)
			in.Counts[f.Type] += f.Count
		}
		for range r.IntN(3) {
			in.User.Groups = append(in.User.Groups, pick())
		}
		for range r.IntN(3) {
			in.Topics = append(in.Topics, pick())
		}
		in.Justification = justifications[r.IntN(len(justifications))]
		in.Uninspected = sampleUninspected[r.IntN(len(sampleUninspected))]
		ins = append(ins, in)
	}
	return ins
}

// sampleFields are the field kinds sampleInputs gives a finding: none, one, schema text alone
// and beside others.
var sampleFields = [][]string{nil, {"user"}, {"schema"}, {"schema", "user"}, {"file", "history", "system"}, {"header"}, {"schema", "url"}}

// sampleUninspected are the lists of unread content sampleInputs gives a request: mostly none.
var sampleUninspected = [][]string{{}, {}, {}, {"image"}, {"file_url"}, {"audio", "image", "image_url"}, {"video"}, {"file_upload"}, {"webrtc"}}

// equalDecisions compares everything but Err; nil and empty slices and maps are the same.
func equalDecisions(a, b Decision) bool {
	return a.Action == b.Action && a.Failed == b.Failed && a.Revision == b.Revision &&
		slices.Equal(a.Redact, b.Redact) && maps.Equal(a.Operators, b.Operators) && slices.Equal(a.Reasons, b.Reasons)
}
