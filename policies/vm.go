package policies

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// The compiled evaluator.
//
// OPA's interpreter (topdown) unifies terms, keeps bindings, looks rules up in an index and
// memoises them per evaluation; for the default policy that is ≈0.78 M instructions per decision,
// 96 % of them in topdown itself (docs/benchmarks.md, "Policy"). OPA also compiles a policy into
// its intermediate representation (IR, https://www.openpolicyagent.org/docs/ir): the plan its Wasm
// and other back ends execute. The plan is OPA's translation of the Rego; what is left to run it is
// a small machine of blocks, locals and ≈30 statement kinds. vm runs the plan of the decision
// directly on OPA's AST values and calls OPA's own builtin implementations, so Rego semantics stay
// OPA's: the planner decides what a rule means, topdown's builtins compute sprintf, sort and sums.
// Comparisons, count and set operations, most of a decision's builtin calls, vm computes itself
// after OPA's definitions (vmnative.go).
//
// The machine follows the semantics of OPA's Wasm back end (internal/compiler/wasm): a statement
// that is undefined or false leaves its block; BreakStmt{Index: n} leaves n+1 enclosing blocks; a
// scan's body counts as two levels (the iteration and the scan); functions with only the input and
// data parameters are memoised per evaluation, and a with statement runs its block in a memo of
// its own. Beyond that, functions that do not read input give
// the same value for the same arguments within one revision: vm keeps their results across
// evaluations (as fold.go does for topdown).
//
// Trust: a plan that uses a statement vm does not implement (dynamic calls, object merges) or
// a builtin that is not deterministic is not compiled, and topdown evaluates the policy as before.
// A compiled plan is used only after it gave the same decision as topdown for every input of a
// generated sample (vmload.go); otherwise the reason is logged and topdown stays.

// vmProgram is one compiled decision plan. It is safe for concurrent use: everything but the
// cross-evaluation memo and the lazily folded values is read-only after compile.
type vmProgram struct {
	plan       *ir.Plan
	planLocals int
	funcs      []*vmFunc
	strs       []*ast.Term // the plan's string constants
	nums       []*ast.Term // the same as numbers (MakeNumberRefStmt), nil where not numeric
	data       *ast.Term
	memo       funcMemo // memoCross results, keyed by the function's index and its arguments
	caps       *ast.Capabilities
}

type memoKind uint8

const (
	memoNone  memoKind = iota // a function with arguments that reads input
	memoEval                  // input and data only: once per evaluation
	memoFold                  // data only: once per revision
	memoCross                 // arguments, no input: per revision, keyed by the arguments
)

type vmFunc struct {
	fn      *ir.Func
	idx     int
	nlocals int
	memo    memoKind
	folded  atomic.Pointer[vmFolded]
}

// vmFolded is the value of a memoFold function; t is nil when the rule is undefined.
type vmFolded struct{ t *ast.Term }

// vmCallStmt is a CallStmt with its target resolved: a planned function or one of OPA's
// builtins. compileVM puts it in the place of the CallStmt in the plan's blocks, so a call finds
// its target without a lookup.
type vmCallStmt struct {
	*ir.CallStmt
	fn     *vmFunc
	bi     topdown.BuiltinFunc
	native vmNativeOp // a builtin vm computes itself (vmnative.go)
}

// errUnsupported marks a plan vm does not run; topdown evaluates the policy instead.
var errUnsupported = errors.New("not supported by the compiled evaluator")

// errVMInternal marks a failure of vm itself (a plan it cannot run as written, a builtin with
// several results), not of the policy: topdown decides the request instead (engine.go).
var errVMInternal = errors.New("compiled evaluator failed")

// errVMSteps ends an evaluation that ran out of the steps it was given (evalSteps).
var errVMSteps = fmt.Errorf("%w: step budget exhausted", errVMInternal)

// compileVM prepares the plan of entrypoint (the first plan in p) for data. It fails with
// errUnsupported (and the reason) for plans or builtins vm does not run.
func compileVM(p *ir.Policy, data ast.Value) (*vmProgram, error) {
	if p.Plans == nil || len(p.Plans.Plans) != 1 {
		return nil, fmt.Errorf("%w: the policy has no single decision plan", errUnsupported)
	}
	prog := &vmProgram{
		plan: p.Plans.Plans[0],
		data: ast.NewTerm(data),
	}
	if p.Static != nil {
		for _, s := range p.Static.Strings {
			prog.strs = append(prog.strs, ast.StringTerm(s.Value))
			var num *ast.Term
			if _, err := strconv.ParseFloat(s.Value, 64); err == nil && json.Valid([]byte(s.Value)) {
				num = ast.NumberTerm(json.Number(s.Value))
			}
			prog.nums = append(prog.nums, num)
		}
	}
	byName := map[string]*vmFunc{}
	if p.Funcs != nil {
		for i, fn := range p.Funcs.Funcs {
			f := &vmFunc{fn: fn, idx: i}
			prog.funcs = append(prog.funcs, f)
			byName[fn.Name] = f
		}
	}
	// Every statement: supported kind, resolved calls, the highest local per function.
	var check func(b *ir.Block, hi *int, f *vmFunc, direct *bool) error
	calls := map[*vmFunc][]*vmFunc{}
	var inserts map[ir.Local]int // of the function being checked (objectInserts)
	check = func(b *ir.Block, hi *int, f *vmFunc, direct *bool) error {
		for i, s := range b.Stmts {
			if err := checkStmt(s); err != nil {
				return err
			}
			normalizeOperands(s)
			noteLocals(s, hi)
			// Does the statement read the function's input? A planned function that gets input as
			// its own input reads it only if it does itself (the call graph, below).
			if f != nil && len(f.fn.Params) > 0 {
				in := f.fn.Params[0]
				if c, ok := s.(*ir.CallStmt); ok && byName[c.Func] != nil && len(c.Args) > 0 {
					*direct = *direct || slices.ContainsFunc(c.Args[1:], func(o ir.Operand) bool { return o.Value == in })
				} else {
					*direct = *direct || readsLocal(s, in)
				}
			}
			switch s := s.(type) {
			case *ir.MakeObjectStmt:
				b.Stmts[i] = &vmMakeObjectStmt{MakeObjectStmt: s, n: min(inserts[s.Target], 16)}
			case *ir.CallStmt:
				if g, ok := byName[s.Func]; ok {
					b.Stmts[i] = &vmCallStmt{CallStmt: s, fn: g}
					if f != nil {
						calls[f] = append(calls[f], g)
					}
					break
				}
				bi, err := vmBuiltin(s.Func)
				if err != nil {
					return err
				}
				b.Stmts[i] = &vmCallStmt{CallStmt: s, bi: bi, native: nativeOps[s.Func]}
			case *ir.BlockStmt:
				for _, sub := range s.Blocks {
					if err := check(sub, hi, f, direct); err != nil {
						return err
					}
				}
			case *ir.ScanStmt:
				if err := check(s.Block, hi, f, direct); err != nil {
					return err
				}
			case *ir.NotStmt:
				if err := check(s.Block, hi, f, direct); err != nil {
					return err
				}
			case *ir.WithStmt:
				for _, i := range s.Path {
					if i < 0 || i >= len(prog.strs) {
						return fmt.Errorf("%w: with path names string %d", errUnsupported, i)
					}
				}
				if err := check(s.Block, hi, f, direct); err != nil {
					return err
				}
			}
		}
		return nil
	}
	reads := map[*vmFunc]bool{}
	for _, f := range prog.funcs {
		hi := int(f.fn.Return)
		for _, l := range f.fn.Params {
			hi = max(hi, int(l))
		}
		var direct bool
		inserts = objectInserts(f.fn.Blocks)
		for _, b := range f.fn.Blocks {
			if err := check(b, &hi, f, &direct); err != nil {
				return nil, fmt.Errorf("%s: %w", f.fn.Name, err)
			}
		}
		f.nlocals = hi + 1
		reads[f] = direct
	}
	planMax := int(ir.Data)
	inserts = objectInserts(prog.plan.Blocks)
	for _, b := range prog.plan.Blocks {
		var direct bool
		if err := check(b, &planMax, nil, &direct); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
	}
	prog.planLocals = planMax + 1
	// A function reads input when it does itself or calls one that does (plans have no recursion).
	for changed := true; changed; {
		changed = false
		for f, gs := range calls {
			if reads[f] {
				continue
			}
			for _, g := range gs {
				if reads[g] {
					reads[f], changed = true, true
					break
				}
			}
		}
	}
	for _, f := range prog.funcs {
		switch {
		case len(f.fn.Params) == 2 && reads[f]:
			f.memo = memoEval
		case len(f.fn.Params) == 2:
			f.memo = memoFold
		case len(f.fn.Params) > 2 && !reads[f]:
			f.memo = memoCross // keyed by the arguments after input and data
		}
	}
	return prog, nil
}

// vmMakeObjectStmt is a MakeObjectStmt with room for the n keys the function's statements insert
// into its target (at most 16): an object literal's keys need no growing.
type vmMakeObjectStmt struct {
	*ir.MakeObjectStmt
	n int
}

// objectInserts counts the ObjectInsertStmt and ObjectInsertOnceStmt of blocks (nested ones too)
// by the object they insert into.
func objectInserts(blocks []*ir.Block) map[ir.Local]int {
	n := map[ir.Local]int{}
	var walk func(b *ir.Block)
	walk = func(b *ir.Block) {
		for _, s := range b.Stmts {
			switch s := s.(type) {
			case *ir.ObjectInsertStmt:
				n[s.Object]++
			case *ir.ObjectInsertOnceStmt:
				n[s.Object]++
			case *ir.BlockStmt:
				for _, sub := range s.Blocks {
					walk(sub)
				}
			case *ir.ScanStmt:
				walk(s.Block)
			case *ir.NotStmt:
				walk(s.Block)
			case *ir.WithStmt:
				walk(s.Block)
			}
		}
	}
	for _, b := range blocks {
		walk(b)
	}
	return n
}

// checkStmt rejects the statements vm does not implement.
func checkStmt(s ir.Stmt) error {
	switch s.(type) {
	case *ir.AssignVarStmt, *ir.AssignVarOnceStmt, *ir.AssignIntStmt, *ir.DotStmt, *ir.LenStmt,
		*ir.ScanStmt, *ir.NotStmt, *ir.BlockStmt, *ir.BreakStmt, *ir.CallStmt, *ir.ReturnLocalStmt,
		*ir.EqualStmt, *ir.NotEqualStmt, *ir.IsArrayStmt, *ir.IsObjectStmt, *ir.IsSetStmt,
		*ir.IsDefinedStmt, *ir.IsUndefinedStmt, *ir.ResetLocalStmt, *ir.MakeNullStmt,
		*ir.MakeNumberIntStmt, *ir.MakeNumberRefStmt, *ir.MakeArrayStmt, *ir.MakeObjectStmt,
		*ir.MakeSetStmt, *ir.ArrayAppendStmt, *ir.ObjectInsertStmt, *ir.ObjectInsertOnceStmt,
		*ir.SetAddStmt, *ir.ResultSetAddStmt, *ir.NopStmt, *ir.WithStmt:
		return nil
	}
	return fmt.Errorf("%w: statement %T", errUnsupported, s)
}

var (
	localType    = reflect.TypeFor[ir.Local]()
	operandType  = reflect.TypeFor[ir.Operand]()
	operandsType = reflect.TypeFor[[]ir.Operand]()
	localsType   = reflect.TypeFor[[]ir.Local]()
)

// stmtLocals calls f for every local a statement names (read or written); compile time only.
func stmtLocals(s ir.Stmt, f func(ir.Local)) {
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		fv := v.Field(i)
		switch fv.Type() {
		case localType:
			f(fv.Interface().(ir.Local))
		case operandType:
			if l, ok := fv.Interface().(ir.Operand).Value.(ir.Local); ok {
				f(l)
			}
		case operandsType:
			for _, o := range fv.Interface().([]ir.Operand) {
				if l, ok := o.Value.(ir.Local); ok {
					f(l)
				}
			}
		case localsType:
			for _, l := range fv.Interface().([]ir.Local) {
				f(l)
			}
		}
	}
}

// normalizeOperands replaces the pointers ir's JSON decoding leaves in operands (*ir.Local,
// *ir.StringIndex, *ir.Bool) by their values, which is what vmEval.op reads.
func normalizeOperands(s ir.Stmt) {
	deref := func(o *ir.Operand) {
		switch v := o.Value.(type) {
		case *ir.Local:
			o.Value = *v
		case *ir.StringIndex:
			o.Value = *v
		case *ir.Bool:
			o.Value = *v
		}
	}
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		fv := v.Field(i)
		switch fv.Type() {
		case operandType:
			deref(fv.Addr().Interface().(*ir.Operand))
		case operandsType:
			ops := fv.Interface().([]ir.Operand)
			for j := range ops {
				deref(&ops[j])
			}
		}
	}
}

func noteLocals(s ir.Stmt, hi *int) {
	stmtLocals(s, func(l ir.Local) { *hi = max(*hi, int(l)) })
}

// readsLocal reports whether s names l.
func readsLocal(s ir.Stmt, l ir.Local) bool {
	found := false
	stmtLocals(s, func(x ir.Local) { found = found || x == l })
	return found
}

// vmBuiltin resolves a builtin by name. Only deterministic builtins that produce one value are
// run by vm; the capabilities (load.go) have already removed network and runtime access.
func vmBuiltin(name string) (topdown.BuiltinFunc, error) {
	decl, ok := ast.BuiltinMap[name]
	if !ok {
		return nil, fmt.Errorf("%w: unknown builtin %s", errUnsupported, name)
	}
	switch {
	case name == ast.Member.Name, name == ast.MemberWithKey.Name: // `in`
	case decl.Nondeterministic, decl.Relation /* walk: planned as one call returning every result */, name == "print", name == "trace",
		strings.HasPrefix(name, "internal."), strings.HasPrefix(name, "opa."):
		return nil, fmt.Errorf("%w: builtin %s", errUnsupported, name)
	}
	bi := topdown.GetBuiltin(name)
	if bi == nil {
		return nil, fmt.Errorf("%w: builtin %s has no implementation", errUnsupported, name)
	}
	return bi, nil
}

// Statement results: vmNext continues with the next statement; n ≥ 0 leaves the current block and
// n more; vmExit (a return, or an error in vmEval.err) leaves the function.
const (
	vmNext = -1
	vmExit = 1 << 30
)

// vmEval is one evaluation.
type vmEval struct {
	p       *vmProgram
	ctx     context.Context
	bctx    topdown.BuiltinContext
	memo    []*ast.Term // memoEval results by function index
	done    []bool
	stack   []*ast.Term // call arguments and the locals of running functions
	frames  []*vmFrame  // by call depth, reused
	depth   int
	with    int            // how many with statements are running: the memos across evaluations are off
	key     ast.Ref        // memoKey's buffer
	setBuf  []*ast.Term    // native's buffer
	slab    []ast.Term     // terms not handed out yet (newTerm)
	cancel  topdown.Cancel // a Cancel never cancelled, for the next evaluation
	results []*ast.Term    // the plan's results (ResultSetAddStmt)
	res     *ast.Term      // the builtin result, set by iter
	iter    func(*ast.Term) error
	steps   int
	budget  *int // steps left to the caller (evalSteps); nil: no limit
	err     error
}

var vmEvals = sync.Pool{New: func() any {
	e := &vmEval{}
	e.iter = func(t *ast.Term) error {
		if e.res != nil {
			return fmt.Errorf("%w: a builtin produced more than one value", errVMInternal)
		}
		e.res = t
		return nil
	}
	return e
}}

type vmFrame struct {
	l   []*ast.Term
	ret *ast.Term
}

// eval runs the plan for input and returns the value of the decision, nil when it is undefined.
func (p *vmProgram) eval(ctx context.Context, input ast.Value) (*ast.Term, error) {
	return p.evalSteps(ctx, input, nil)
}

// evalSteps is eval with a budget of steps (scanned elements and function calls, counted as the
// deadline is checked, every 256): the steps taken are subtracted from *budget, and the
// evaluation fails with errVMSteps when it would run past it. A nil budget is no limit.
func (p *vmProgram) evalSteps(ctx context.Context, input ast.Value, budget *int) (*ast.Term, error) {
	e := vmEvals.Get().(*vmEval)
	defer func() {
		if budget != nil {
			*budget -= e.steps
		}
		clear(e.memo)
		clear(e.done)
		clear(e.stack[:cap(e.stack)])
		for _, fr := range e.frames {
			*fr = vmFrame{}
		}
		clear(e.key)
		clear(e.setBuf[:cap(e.setBuf)])
		clear(e.results)
		*e = vmEval{memo: e.memo[:0], done: e.done[:0], stack: e.stack[:0], frames: e.frames, key: e.key[:0],
			setBuf: e.setBuf[:0], slab: e.slab, cancel: e.cancel, results: e.results[:0], iter: e.iter}
		vmEvals.Put(e)
	}()
	e.p, e.ctx, e.budget = p, ctx, budget
	e.bctx = topdown.BuiltinContext{Context: ctx, Metrics: metrics.NoOp(), Capabilities: p.caps}
	if ctx.Done() != nil {
		// OPA's builtins that can run long (numbers.range, concat, replace, …) stop on their
		// Cancel, not on the context; vm checks the context only between statements.
		c := e.cancel
		if c == nil {
			c = topdown.NewCancel()
		}
		e.bctx.Cancel, e.cancel = c, nil
		stop := context.AfterFunc(ctx, c.Cancel)
		defer func() {
			if stop() { // c.Cancel did not run: c serves the next evaluation
				e.cancel = c
			}
		}()
	}
	e.memo = append(e.memo, make([]*ast.Term, len(p.funcs))...)
	e.done = append(e.done, make([]bool, len(p.funcs))...)
	fr, _ := e.push(p.planLocals)
	if input != nil {
		fr.l[ir.Input] = e.newTerm(input)
	}
	fr.l[ir.Data] = p.data
	results := &e.results
	for _, b := range p.plan.Blocks {
		r := e.block(fr, b, results)
		if e.err != nil {
			return nil, e.err
		}
		if r >= vmExit {
			break
		}
	}
	switch len(*results) {
	case 0:
		return nil, nil
	case 1:
		obj, ok := (*results)[0].Value.(ast.Object)
		if !ok {
			return nil, fmt.Errorf("%w: plan result is not an object", errVMInternal)
		}
		return obj.Get(ast.InternedTerm("result")), nil
	}
	return nil, fmt.Errorf("%w: plan has several results", errVMInternal)
}

// termSlab is how many terms newTerm allocates at once.
const termSlab = 32

// newTerm is a new term holding v, for the values a plan makes (MakeSetStmt, MakeArrayStmt,
// MakeObjectStmt): one allocation per termSlab terms instead of one each. A term handed out is
// never handed out again (results and memos may keep it), so the slab is never reused, only the
// terms of it not handed out yet, by the next evaluation of the same vmEval.
func (e *vmEval) newTerm(v ast.Value) *ast.Term {
	if len(e.slab) == 0 {
		e.slab = make([]ast.Term, termSlab)
	}
	t := &e.slab[0]
	e.slab = e.slab[1:]
	t.Value = v
	return t
}

// stopped reports whether the evaluation must end (its context is done or its budget of steps
// is spent) and records why in e.err. It is called every 256 steps.
func (e *vmEval) stopped() bool {
	if err := e.ctx.Err(); err != nil {
		e.fail(err)
		return true
	}
	if e.budget != nil && e.steps > *e.budget {
		e.fail(errVMSteps)
		return true
	}
	return false
}

func (e *vmEval) fail(err error) int {
	if e.err == nil {
		e.err = err
	}
	return vmExit
}

// op reads an operand: a local (most of them, and small enough to be inlined), else a constant.
func (e *vmEval) op(fr *vmFrame, o ir.Operand) *ast.Term {
	if v, ok := o.Value.(ir.Local); ok {
		return fr.l[v]
	}
	return e.constOp(o)
}

// constOp reads a constant operand (not inlined, so that op is).
//
//go:noinline
func (e *vmEval) constOp(o ir.Operand) *ast.Term {
	switch v := o.Value.(type) {
	case ir.StringIndex:
		return e.p.strs[v]
	case ir.Bool:
		return ast.InternedTerm(bool(v))
	}
	return nil
}

// block runs the statements of b: vmNext when it ran to its end, otherwise what the statement
// that left it returned (0: leave this block, n: leave n more, vmExit).
func (e *vmEval) block(fr *vmFrame, b *ir.Block, results *[]*ast.Term) int {
	for _, s := range b.Stmts {
		if r := e.stmt(fr, s, results); r != vmNext {
			return r
		}
	}
	return vmNext
}

// outer turns what a nested block returned into the result of the statement that holds it:
// running to the end or leaving only the nested block continues; leaving n > 0 more leaves the
// current block and n−1 more.
func outer(r int) int {
	switch {
	case r >= vmExit:
		return r
	case r <= 0:
		return vmNext
	}
	return r - 1
}

func (e *vmEval) stmt(fr *vmFrame, s ir.Stmt, results *[]*ast.Term) int {
	l := fr.l
	switch s := s.(type) {
	case *ir.AssignVarStmt:
		l[s.Target] = e.op(fr, s.Source)
	case *ir.AssignVarOnceStmt:
		v := e.op(fr, s.Source)
		if cur := l[s.Target]; cur != nil && v != nil && ast.Compare(cur.Value, v.Value) != 0 {
			return e.fail(conflictError(s.Location, "complete rules must not produce multiple outputs"))
		}
		l[s.Target] = v
	case *ir.AssignIntStmt:
		l[s.Target] = ast.InternedTerm(int(s.Value))
	case *vmCallStmt:
		return e.callStmt(fr, s)
	case *ir.DotStmt:
		src, ok := s.Source.Value.(ir.Local)
		if !ok || l[src] == nil {
			return 0
		}
		v := dot(l[src].Value, e.op(fr, s.Key))
		if v == nil {
			return 0
		}
		l[s.Target] = v
	case *ir.ScanStmt:
		return e.scan(fr, s, results)
	case *ir.NotStmt:
		switch r := e.block(fr, s.Block, results); {
		case r == vmNext:
			return 0 // the negated block held: not fails
		case r == 0:
			return vmNext
		case r >= vmExit:
			return r
		default:
			return r - 1
		}
	case *ir.BlockStmt:
		for _, sub := range s.Blocks {
			if r := outer(e.block(fr, sub, results)); r != vmNext {
				return r
			}
		}
	case *ir.BreakStmt:
		return int(s.Index)
	case *ir.WithStmt:
		return e.withStmt(fr, s, results)
	case *ir.ReturnLocalStmt:
		fr.ret = l[s.Source]
		return vmExit
	case *ir.EqualStmt:
		a, b := e.op(fr, s.A), e.op(fr, s.B)
		if a == nil || b == nil || ast.Compare(a.Value, b.Value) != 0 {
			return 0
		}
	case *ir.NotEqualStmt:
		a, b := e.op(fr, s.A), e.op(fr, s.B)
		if a == nil || b == nil || ast.Compare(a.Value, b.Value) == 0 {
			return 0
		}
	case *ir.IsArrayStmt:
		if _, ok := e.localValue(fr, s.Source).(*ast.Array); !ok {
			return 0
		}
	case *ir.IsObjectStmt:
		if _, ok := e.localValue(fr, s.Source).(ast.Object); !ok {
			return 0
		}
	case *ir.IsSetStmt:
		if _, ok := e.localValue(fr, s.Source).(ast.Set); !ok {
			return 0
		}
	case *ir.IsDefinedStmt:
		if l[s.Source] == nil {
			return 0
		}
	case *ir.IsUndefinedStmt:
		if l[s.Source] != nil {
			return 0
		}
	case *ir.ResetLocalStmt:
		l[s.Target] = nil
	case *ir.LenStmt:
		v := e.op(fr, s.Source)
		if v == nil {
			return 0
		}
		var n int
		switch x := v.Value.(type) {
		case *ast.Array:
			n = x.Len()
		case ast.Object:
			n = x.Len()
		case ast.Set:
			n = x.Len()
		case ast.String:
			n = len([]rune(string(x)))
		default:
			return 0
		}
		l[s.Target] = ast.InternedTerm(n)
	case *ir.MakeNullStmt:
		l[s.Target] = ast.InternedNullTerm
	case *ir.MakeNumberIntStmt:
		l[s.Target] = ast.InternedTerm(int(s.Value))
	case *ir.MakeNumberRefStmt:
		if s.Index < 0 || s.Index >= len(e.p.nums) || e.p.nums[s.Index] == nil {
			return e.fail(fmt.Errorf("%w: string constant %d is not a number", errVMInternal, s.Index))
		}
		l[s.Target] = e.p.nums[s.Index]
	case *ir.MakeArrayStmt:
		l[s.Target] = e.newTerm(ast.NewArrayWithCapacity(int(s.Capacity)))
	case *vmMakeObjectStmt:
		l[s.Target] = e.newTerm(ast.NewObjectWithCapacity(s.n))
	case *ir.MakeSetStmt:
		l[s.Target] = e.newTerm(ast.InternedEmptySetValue) // the empty set until SetAddStmt (vmnative.go)
	case *ir.ArrayAppendStmt:
		arr, ok := e.localValue(fr, s.Array).(*ast.Array)
		v := e.op(fr, s.Value)
		if !ok || v == nil {
			return e.fail(fmt.Errorf("%w: append to a non-array", errVMInternal))
		}
		*arr = *arr.Append(v) // in place, as OPA's Wasm back end appends
	case *ir.ObjectInsertStmt:
		obj, ok := e.localValue(fr, s.Object).(ast.Object)
		k, v := e.op(fr, s.Key), e.op(fr, s.Value)
		if !ok || k == nil || v == nil {
			return e.fail(fmt.Errorf("%w: insert into a non-object", errVMInternal))
		}
		obj.Insert(k, v)
	case *ir.ObjectInsertOnceStmt:
		obj, ok := e.localValue(fr, s.Object).(ast.Object)
		k, v := e.op(fr, s.Key), e.op(fr, s.Value)
		if !ok || k == nil || v == nil {
			return e.fail(fmt.Errorf("%w: insert into a non-object", errVMInternal))
		}
		if cur := obj.Get(k); cur != nil {
			if ast.Compare(cur.Value, v.Value) != 0 {
				return e.fail(conflictError(s.Location, "object keys must be unique"))
			}
			break
		}
		obj.Insert(k, v)
	case *ir.SetAddStmt:
		v := e.op(fr, s.Value)
		if v == nil || !setAdd(l[s.Set], v) {
			return e.fail(fmt.Errorf("%w: add to a non-set", errVMInternal))
		}
	case *ir.ResultSetAddStmt:
		if v := l[s.Value]; v != nil {
			*results = append(*results, v)
		}
	case *ir.NopStmt:
	default:
		return e.fail(fmt.Errorf("%w: statement %T", errVMInternal, s))
	}
	return vmNext
}

// withStmt runs the block of a with statement: the local (input or data) with the value upserted
// at the path, in a memo of its own, as OPA's Wasm back end does. It fails when the block does not
// run to its end.
func (e *vmEval) withStmt(fr *vmFrame, s *ir.WithStmt, results *[]*ast.Term) int {
	v := e.op(fr, s.Value)
	if v == nil {
		return 0
	}
	path := make([]*ast.Term, len(s.Path))
	for i, idx := range s.Path {
		path[i] = e.p.strs[idx]
	}
	saved, memo, done := fr.l[s.Local], e.memo, e.done
	fr.l[s.Local] = upsert(saved, path, v)
	e.memo, e.done = make([]*ast.Term, len(e.p.funcs)), make([]bool, len(e.p.funcs))
	e.with++
	r := e.block(fr, s.Block, results)
	e.with--
	fr.l[s.Local], e.memo, e.done = saved, memo, done
	switch {
	case r == vmNext:
		return vmNext
	case r == 0:
		return 0
	case r >= vmExit:
		return r
	}
	return r - 1
}

// upsert is base with v at path: objects along the path are copied (shallow), missing or
// non-object nodes become objects.
func upsert(base *ast.Term, path []*ast.Term, v *ast.Term) *ast.Term {
	if len(path) == 0 {
		return v
	}
	obj := ast.NewObject()
	var child *ast.Term
	if base != nil {
		if o, ok := base.Value.(ast.Object); ok {
			o.Foreach(func(k, v *ast.Term) { obj.Insert(k, v) })
			child = o.Get(path[0])
		}
	}
	obj.Insert(path[0], upsert(child, path[1:], v))
	return ast.NewTerm(obj)
}

func (e *vmEval) localValue(fr *vmFrame, l any) ast.Value {
	var t *ast.Term
	switch l := l.(type) {
	case ir.Local:
		t = fr.l[l]
	case ir.Operand:
		if x, ok := l.Value.(ir.Local); ok {
			t = fr.l[x]
		}
	}
	if t == nil {
		return nil
	}
	return t.Value
}

// conflictError is topdown's error for the same conflict, so callers see one kind of failure.
func conflictError(loc ir.Location, msg string) error {
	return &topdown.Error{Code: topdown.ConflictErr, Message: msg, Location: &ast.Location{Row: loc.Row, Col: loc.Col}}
}

// dot is source[key]: an object's value, an array's element, a set's member; nil when undefined.
func dot(src ast.Value, key *ast.Term) *ast.Term {
	if key == nil {
		return nil
	}
	switch x := src.(type) {
	case ast.Object:
		return x.Get(key)
	case *ast.Array:
		n, ok := key.Value.(ast.Number)
		if !ok {
			return nil
		}
		i, ok := n.Int()
		if !ok || i < 0 || i >= x.Len() {
			return nil
		}
		return x.Elem(i)
	case ast.Set:
		if x.Contains(key) {
			return key
		}
	}
	return nil
}

// scan runs the body for every element of an array, object or set (none for other values).
func (e *vmEval) scan(fr *vmFrame, s *ir.ScanStmt, results *[]*ast.Term) int {
	src := fr.l[s.Source]
	if src == nil {
		return vmNext
	}
	r := vmNext
	switch x := src.Value.(type) {
	case *ast.Array:
		for i := range x.Len() {
			if e.scanElem(fr, s, results, ast.InternedTerm(i), x.Elem(i), &r) {
				break
			}
		}
	case ast.Set:
		for _, v := range x.Slice() {
			if e.scanElem(fr, s, results, v, v, &r) {
				break
			}
		}
	case ast.Object:
		return e.scanObject(fr, s, results, x)
	}
	return r
}

// scanObject is scan over an object (apart, so that only an object's scan moves r to the heap
// for Iter's callback).
func (e *vmEval) scanObject(fr *vmFrame, s *ir.ScanStmt, results *[]*ast.Term, x ast.Object) int {
	r := vmNext
	_ = x.Iter(func(k, v *ast.Term) error {
		if e.scanElem(fr, s, results, k, v, &r) {
			return errStopScan
		}
		return nil
	})
	return r
}

// scanElem runs the scan's body for one element and reports whether the scan ends; *r is then
// what the scan statement returns.
func (e *vmEval) scanElem(fr *vmFrame, s *ir.ScanStmt, results *[]*ast.Term, k, v *ast.Term, r *int) bool {
	if e.steps++; e.steps&255 == 0 && e.stopped() {
		*r = vmExit
		return true
	}
	fr.l[s.Key], fr.l[s.Value] = k, v
	switch x := e.block(fr, s.Block, results); {
	case x <= 0: // next element
		return false
	case x == 1: // leave the scan
	case x >= vmExit:
		*r = x
	default:
		*r = x - 2
	}
	return true
}

var errStopScan = errors.New("stop")

func (e *vmEval) callStmt(fr *vmFrame, s *vmCallStmt) int {
	base := len(e.stack)
	for _, a := range s.Args {
		e.stack = append(e.stack, e.op(fr, a))
	}
	args := e.stack[base:len(e.stack):len(e.stack)]
	defer func() { e.stack = e.stack[:base] }()
	var v *ast.Term
	if s.bi != nil {
		for _, a := range args {
			if a == nil {
				return 0
			}
		}
		if s.native != nativeNone {
			var ok bool
			if v, ok, e.setBuf = native(s.native, args, e.setBuf); ok {
				fr.l[s.Result] = v
				return vmNext
			}
		}
		e.res = nil
		if err := s.bi(e.bctx, args, e.iter); err != nil {
			if errors.Is(err, errVMInternal) {
				return e.fail(err)
			}
			return e.fail(builtinError(s.CallStmt, err))
		}
		v, e.res = e.res, nil
	} else {
		v = e.call(s.fn, args)
		if e.err != nil {
			return vmExit
		}
	}
	if v == nil {
		return 0
	}
	fr.l[s.Result] = v
	return vmNext
}

// builtinError wraps a builtin's error as topdown reports it with strict builtin errors.
func builtinError(s *ir.CallStmt, err error) error {
	if _, ok := errors.AsType[*topdown.Error](err); ok {
		return err
	}
	return &topdown.Error{Code: topdown.BuiltinErr, Message: s.Func + ": " + err.Error(),
		Location: &ast.Location{Row: s.Row, Col: s.Col}}
}

// push gives a function its frame: n cleared locals on the stack.
func (e *vmEval) push(n int) (*vmFrame, int) {
	base := len(e.stack)
	e.stack = slices.Grow(e.stack, n)[:base+n]
	if e.depth == len(e.frames) {
		e.frames = append(e.frames, new(vmFrame))
	}
	fr := e.frames[e.depth]
	e.depth++
	fr.l, fr.ret = e.stack[base:base+n:base+n], nil
	clear(fr.l)
	return fr, base
}

func (e *vmEval) pop(base int) {
	e.depth--
	e.stack = e.stack[:base]
}

// call runs a planned function; nil when it is undefined.
func (e *vmEval) call(f *vmFunc, args []*ast.Term) *ast.Term {
	memo := f.memo
	if e.with > 0 && memo != memoEval {
		memo = memoNone // input or data replaced: what holds across evaluations may not hold here
	}
	switch memo {
	case memoEval:
		if e.done[f.idx] {
			return e.memo[f.idx]
		}
	case memoFold:
		if fv := f.folded.Load(); fv != nil {
			return fv.t
		}
	case memoCross:
		if v := e.p.memo.get(e.memoKey(f, args)); v != nil {
			return v
		}
	}
	if e.steps++; e.steps&255 == 0 && e.stopped() {
		return nil
	}
	fr, base := e.push(f.nlocals)
	defer e.pop(base)
	for i, p := range f.fn.Params {
		if i < len(args) {
			fr.l[p] = args[i]
		}
	}
	returned := false
	for _, b := range f.fn.Blocks {
		r := e.block(fr, b, nil)
		if e.err != nil {
			return nil
		}
		if r >= vmExit {
			returned = true
			break
		}
		if r > 0 {
			break
		}
	}
	v := fr.ret
	if !returned {
		v = fr.l[f.fn.Return]
	}
	switch memo {
	case memoEval:
		e.memo[f.idx], e.done[f.idx] = v, true
	case memoFold:
		f.folded.Store(&vmFolded{t: v})
	case memoCross:
		if v != nil { // funcMemo keeps values; an undefined call is simply evaluated again
			e.p.memo.add([]memoEntry{{ref: e.memoKey(f, args), value: v}})
		}
	}
	return v
}

// memoKey is the key of a memoCross call in the program's funcMemo: the function's index, then
// the arguments after input and data. It is built in a buffer of the evaluation, which funcMemo
// copies when it keeps an entry.
func (e *vmEval) memoKey(f *vmFunc, args []*ast.Term) ast.Ref {
	e.key = append(append(e.key[:0], ast.InternedTerm(f.idx)), args[2:]...)
	return e.key
}
