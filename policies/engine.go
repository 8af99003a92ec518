package policies

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// ErrEvaluation marks a policy evaluation that failed (undefined or malformed decision, runtime
// error, cancelled context). Decide turns it into the fail-closed block.
var ErrEvaluation = errors.New("policy evaluation failed")

// ErrNoRego is returned by Open, Test and a reload for a policy directory
// without a .rego file (an empty directory, the wrong one); a directory
// that does not exist is an fs.ErrNotExist.
var ErrNoRego = errors.New("no .rego files")

// active is one loaded, tested and prepared policy.
type active struct {
	pq       rego.PreparedEvalQuery
	revision string

	// The decision cache (cache.go): nil when whyNot says why the policy cannot be cached.
	cache  *decisionCache
	key    fields // the input fields the policy reads
	whyNot string
	// in is what decide converts of an input: the fields the policy reads when the analysis
	// bounds them (whyNot == ""), else all.
	in fields
	// fold holds the rules that do not depend on input, evaluated once (fold.go); nil if none.
	fold *folded
	// vm is the compiled plan of the decision (vm.go); nil when vmWhyNot says why topdown
	// evaluates it.
	vm       *vmProgram
	vmWhyNot string
	// vmOff is set when vm failed on a request (a panic or errVMInternal): from then on topdown
	// decides for this revision, and Compiled says why.
	vmOff atomic.Pointer[string]
	// evals counts compiled evaluations; every shadowEvery-th is also evaluated by topdown.
	evals atomic.Uint64
	// onVMOff is the engine's hook (OnCompiledOff), called once when vmOff is set.
	onVMOff *atomic.Pointer[func(why string)]
	// timeout is the engine's evaluation bound in ns (SetEvalTimeout); 0 = EvalTimeout.
	timeout *atomic.Int64
	// typeNames are the DPO's own names of types (TypeNames).
	typeNames map[string]string
}

// shadowEvery: one compiled evaluation in shadowEvery is repeated with topdown and compared (a
// cache miss costs then ≈0.1 ms more); a difference turns the compiled evaluator off for the
// revision. The check at load covers generated inputs; this covers the ones that really come.
var shadowEvery uint64 = 1000

// Engine evaluates the KI-Richtlinie. It is safe for concurrent use: Decide and Explain read the
// active policy through an atomic pointer, so a reload never blocks or stalls an evaluation.
type Engine struct {
	dir string // "" = the embedded default

	cur atomic.Pointer[active]

	reloadMu sync.Mutex // serialises Reload

	onVMOff atomic.Pointer[func(why string)]

	evalTimeout atomic.Int64 // ns; 0 = EvalTimeout

	errMu   sync.Mutex
	lastErr error
}

// Open loads the policy in dir ("" = the embedded default), runs its own Rego tests and prepares
// the decision query. Errors name file:line where the parser or compiler gives one.
func Open(ctx context.Context, dir string) (*Engine, error) {
	e := &Engine{dir: dir}
	a, err := build(ctx, dir)
	if err != nil {
		return nil, err
	}
	a.onVMOff, a.timeout = &e.onVMOff, &e.evalTimeout
	e.cur.Store(a)
	return e, nil
}

// build loads, tests and prepares the policy in dir.
func build(ctx context.Context, dir string) (*active, error) {
	b, err := load(dir)
	if err != nil {
		return nil, err
	}
	return b.activate(ctx)
}

// activate runs the bundle's own tests and prepares its decision query. A revision this process
// has tested and compiled already (the same files, byte for byte: the embedded default opened
// again, a reload back to an earlier version) is not tested and compiled again: its tests decide
// the same (a policy sees no clock, randomness or network) and the compiled parts are immutable.
// The new active gets its own decision cache and state, as a fresh build would.
func (b *bundle) activate(ctx context.Context) (*active, error) {
	if a := tested.get(b.digest); a != nil {
		return a.again(), nil
	}
	_, failed, failures, err := b.runTests(ctx, nil, false)
	if err != nil {
		return nil, err
	}
	if failed > 0 {
		return nil, &TestsFailedError{Name: b.name, Failed: failed, Failures: failures}
	}
	a, err := b.prepareActive(ctx)
	if err == nil && a.vm != nil {
		// Only a complete build is kept: without the compiled evaluator (a check that ran out
		// of its time budget on a loaded machine, say) the next open tries again.
		tested.put(b.digest, a)
	}
	return a, err
}

// again is a new active of the same tested and compiled revision: the query, the folded rules
// and the compiled plan shared (their memos hold values of the revision's data only), the
// decision cache, the compiled evaluator's off switch and the counters its own.
func (a *active) again() *active {
	n := &active{pq: a.pq, revision: a.revision, key: a.key, whyNot: a.whyNot, in: a.in, fold: a.fold,
		vm: a.vm, vmWhyNot: a.vmWhyNot, typeNames: a.typeNames}
	if a.cache != nil {
		n.cache = newDecisionCache(cacheSize)
	}
	return n
}

// tested holds the last revisions activate built completely, by digest (the full SHA-256 of the
// files): few, so that a proxy reloading edit after edit keeps no more than a handful of old
// compiled policies.
var tested = &testedRevisions{max: 4}

type testedRevisions struct {
	mu  sync.Mutex
	max int
	ds  []string // oldest first
	as  map[string]*active
}

func (t *testedRevisions) get(digest string) *active {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.as[digest]
}

func (t *testedRevisions) put(digest string, a *active) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.as == nil {
		t.as = map[string]*active{}
	}
	if _, ok := t.as[digest]; ok {
		return
	}
	if len(t.ds) == t.max {
		delete(t.as, t.ds[0])
		t.ds = t.ds[1:]
	}
	t.ds = append(t.ds, digest)
	t.as[digest] = a.again() // a template no engine decides with: its cache stays empty
}

// TestsFailedError: the policy parses and compiles, but its own tests
// (*_test.rego) fail, so neither Open nor a reload takes it.
type TestsFailedError struct {
	Name     string   // the directory, as other load errors name it
	Failed   int      // how many tests failed
	Failures []string // file:line and name of each
}

func (e *TestsFailedError) Error() string {
	return fmt.Sprintf("policy %s: %d test(s) failed: %s", e.Name, e.Failed, strings.Join(e.Failures, "; "))
}

// OpenUntested opens the policy in dir as Open does, but does not run its
// tests: for showing what a draft decides (schleuse policy diff and eval)
// while the tests that pin a changed decision are still to be adapted.
// Never for the proxy, which enforces only tested versions.
func OpenUntested(ctx context.Context, dir string) (*Engine, error) {
	e := &Engine{dir: dir}
	b, err := load(dir)
	if err != nil {
		return nil, err
	}
	a, err := b.prepareActive(ctx)
	if err != nil {
		return nil, err
	}
	a.onVMOff, a.timeout = &e.onVMOff, &e.evalTimeout
	e.cur.Store(a)
	return e, nil
}

// prepareActive prepares the bundle's decision query and its cache, without running its tests.
func (b *bundle) prepareActive(ctx context.Context) (*active, error) {
	pq, read, whyNot, fold, err := b.prepare(ctx)
	if err != nil {
		return nil, err
	}
	a := &active{pq: pq, revision: b.revision, key: read, whyNot: whyNot, in: fAll, fold: fold, typeNames: ownTypeNames(b.docs)}
	if whyNot == "" {
		a.cache = newDecisionCache(cacheSize)
		a.in = read
	}
	a.attachVM(ctx, b)
	return a, nil
}

// Revision is the revision (hash of the policy files) of the active policy.
func (e *Engine) Revision() string { return e.cur.Load().revision }

// Dir is the policy directory, "" for the embedded default.
func (e *Engine) Dir() string { return e.dir }

// Reload loads, tests and prepares the policy again. On failure the last good policy stays
// active and the error is kept for LastError; on success LastError becomes nil. When the files
// are unchanged (same revision) and the last reload succeeded, it does nothing.
func (e *Engine) Reload(ctx context.Context) error {
	e.reloadMu.Lock()
	defer e.reloadMu.Unlock()
	b, err := load(e.dir)
	if err == nil && b.revision == e.Revision() && e.LastError() == nil {
		return nil // unchanged (an editor's swap file, a touch): nothing to do
	}
	var a *active
	if err == nil {
		a, err = b.activate(ctx)
	}
	if err == nil {
		a.onVMOff, a.timeout = &e.onVMOff, &e.evalTimeout
		e.cur.Store(a)
	}
	e.errMu.Lock()
	e.lastErr = err
	e.errMu.Unlock()
	return err
}

// LastError is the error of the last reload, nil when the active policy is the current one.
func (e *Engine) LastError() error {
	e.errMu.Lock()
	defer e.errMu.Unlock()
	return e.lastErr
}

// Decide evaluates the policy for in. It never returns allow on an error: a nil input, an
// undefined or malformed decision, a runtime error or a cancelled context give action block with
// Failed set, the German message of RuleFailed and the cause in Err.
//
// Decisions are cached per policy revision, keyed by exactly the input fields the policy reads,
// so a cached decision is the one evaluation would give (cache.go).
func (e *Engine) Decide(ctx context.Context, in *Input) Decision {
	return e.cur.Load().decideCached(ctx, in)
}

// Caching reports whether decisions of the active policy are cached and, if not, why not
// (English, for the log and the admin status page; it names no input values).
func (e *Engine) Caching() (enabled bool, whyNot string) {
	a := e.cur.Load()
	return a.cache != nil, a.whyNot
}

// SetEvalTimeout sets the bound of one evaluation (policy.evaluation_timeout) for the
// evaluations that start from now on; d <= 0 restores EvalTimeout.
func (e *Engine) SetEvalTimeout(d time.Duration) { e.evalTimeout.Store(int64(max(d, 0))) }

// EvaluationTimeout is the bound of one evaluation now (SetEvalTimeout, else EvalTimeout).
func (e *Engine) EvaluationTimeout() time.Duration { return e.cur.Load().evalTimeout() }

// OnCompiledOff sets f to be called (once per revision, from the deciding goroutine) when the
// compiled evaluator is turned off while the revision is active: it failed, or a shadow
// evaluation by topdown decided differently. why names no input values.
func (e *Engine) OnCompiledOff(f func(why string)) { e.onVMOff.Store(&f) }

// Compiled reports whether the active policy runs on the compiled evaluator (vm.go) and, if
// not, why not (English, for the log and the admin status page; it names no input values).
func (e *Engine) Compiled() (enabled bool, whyNot string) {
	a := e.cur.Load()
	if off := a.vmOff.Load(); off != nil {
		return false, *off
	}
	return a.vm != nil, a.vmWhyNot
}

// decideCached answers from the cache when it can and evaluates otherwise. A failed decision
// (a runtime error, a malformed or undefined decision, the evaluation bound) is kept for
// FailedTTL only, and given for the same input key without evaluating again: under a broken or
// slow policy every request would otherwise cost an evaluation, up to the whole bound of a
// core. A failure because the caller gave up (its context ended) is not kept.
func (a *active) decideCached(ctx context.Context, in *Input) Decision {
	if a.cache == nil || in == nil {
		return a.decide(ctx, in)
	}
	bp := keyBufs.Get().(*[]byte)
	key := in.appendKey((*bp)[:0], a.key)
	if len(key) > maxKeyBytes {
		keyBufs.Put(bp) // the grown buffer stays with the garbage collector
		return a.decide(ctx, in)
	}
	*bp = key
	defer keyBufs.Put(bp)
	if d, ok := a.cache.get(key); ok {
		if err := ctx.Err(); err != nil { // as decide: a cancelled caller gets the block
			return failed(a.revision, fmt.Errorf("%w: %w", ErrEvaluation, err))
		}
		if d.Failed {
			d.Err = fmt.Errorf("%w (%w: the same input failed less than %v ago)", d.Err, ErrFailedRecently, failedTTL)
		}
		return d
	}
	d := a.decide(ctx, in)
	switch {
	case !d.Failed:
		a.cache.put(key, d)
	case ctx.Err() == nil:
		a.cache.putFor(key, d, failedTTL)
	}
	return d
}

// ErrFailedRecently marks a failed decision given again from the cache (FailedTTL): the
// failure's first occurrence was reported already.
var ErrFailedRecently = errors.New("given again without evaluating")

// failedTTL is how long a failed decision is given again for the same input key (FailedTTL; a
// variable for tests).
var failedTTL = FailedTTL

// FailedTTL is how long a failed decision is given again for the same input without evaluating
// the policy: long enough that a broken or slow policy does not cost an evaluation per request,
// short enough that a failure that passes (a core starved for the whole bound) does not block
// for long. A reload with a new revision starts an empty cache.
const FailedTTL = 10 * time.Second

// EvalTimeout is the default bound of one evaluation of the policy (a decision the cache does
// not hold; policy.evaluation_timeout, SetEvalTimeout). The
// default policy decides in tens of microseconds; a policy that computes for longer (a DPO's
// mistake, a tampered file: a comprehension over numbers.range, a builtin on a long string) is
// stopped, inside OPA's builtins too, and the request gets the fail-closed block (RuleFailed)
// with the deadline as its cause, instead of holding a CPU and the request until the client
// gives up.
const EvalTimeout = 2 * time.Second

// decide evaluates the policy for in: on the compiled plan when there is one, else with topdown.
// Should the compiled evaluator itself fail (never the policy: its errors are decisions), topdown
// decides this request and every later one of the revision. It takes at most evalTimeout.
func (a *active) decide(ctx context.Context, in *Input) Decision {
	if in == nil {
		return failed(a.revision, fmt.Errorf("%w: nil input", ErrEvaluation))
	}
	bound := a.evalTimeout()
	ctx, cancel := context.WithTimeoutCause(ctx, bound, errEvalTimeout)
	defer cancel()
	d := a.decideWithin(ctx, in)
	if d.Failed && errors.Is(context.Cause(ctx), errEvalTimeout) {
		d.Err = fmt.Errorf("%w: %w (%v, policy.evaluation_timeout)", ErrEvaluation, errEvalTimeout, bound) // the log names the deadline
	}
	return d
}

// evalTimeout is the bound of one evaluation: the engine's (SetEvalTimeout), or EvalTimeout.
func (a *active) evalTimeout() time.Duration {
	if a.timeout != nil {
		if t := a.timeout.Load(); t > 0 {
			return time.Duration(t)
		}
	}
	return EvalTimeout
}

// decideWithin is decide without its deadline.
func (a *active) decideWithin(ctx context.Context, in *Input) Decision {
	v := in.valueOf(a.in) // both evaluators only read it
	if a.vm == nil || a.vmOff.Load() != nil {
		return a.decideTopdownValue(ctx, v)
	}
	d, internal := a.evalVM(ctx, a.vm, v, nil)
	if internal != nil {
		a.turnVMOff("compiled evaluator turned off after a failure: " + internal.Error())
		return a.decideTopdownValue(ctx, v)
	}
	if a.evals.Add(1)%shadowEvery != 0 {
		return d
	}
	want := a.decideTopdownValue(ctx, v)
	if ctx.Err() == nil && (want.Failed != d.Failed || !equalDecisions(want, d)) {
		a.turnVMOff("compiled evaluator turned off: a request was decided differently by OPA's interpreter")
	}
	return want
}

// errEvalTimeout is the cause of an evaluation stopped at its bound.
var errEvalTimeout = errors.New("evaluation took longer than its bound")

// turnVMOff hands the revision to topdown and tells the engine's hook, once.
func (a *active) turnVMOff(why string) {
	if !a.vmOff.CompareAndSwap(nil, &why) || a.onVMOff == nil {
		return
	}
	if f := a.onVMOff.Load(); f != nil {
		(*f)(why)
	}
}

// decideVMValue evaluates input on prog without the fallback to topdown: a failure of vm is a
// failed decision (checkVM).
func (a *active) decideVMValue(ctx context.Context, prog *vmProgram, input ast.Value) Decision {
	d, internal := a.evalVM(ctx, prog, input, nil)
	if internal != nil {
		return failed(a.revision, fmt.Errorf("%w: %w", ErrEvaluation, internal))
	}
	return d
}

// evalVM evaluates the policy's compiled plan. internal is set, and d meaningless, when vm itself
// failed (a panic, errVMInternal, errVMSteps when budget, if not nil, ran out: vmProgram.evalSteps);
// policy errors are fail-closed decisions as with topdown.
func (a *active) evalVM(ctx context.Context, prog *vmProgram, input ast.Value, budget *int) (d Decision, internal error) {
	defer func() {
		if r := recover(); r != nil {
			internal = fmt.Errorf("%w: panic (%T)", errVMInternal, r) // not its text: it may quote values
		}
	}()
	t, err := prog.evalSteps(ctx, input, budget)
	if errors.Is(err, errVMInternal) {
		return Decision{}, err
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil && t == nil {
		err = fmt.Errorf("%w: %s %w", ErrEvaluation, Query, errUndefined)
	}
	var v ast.Value
	if t != nil {
		v = t.Value
	}
	if d, err = decisionValue(v, err); err != nil {
		return failed(a.revision, err), nil
	}
	d.Revision = a.revision
	return d, nil
}

// decideTopdown evaluates the policy with OPA's interpreter; opts are added to the evaluation
// (Explain's tracer).
func (a *active) decideTopdown(ctx context.Context, in *Input, opts ...rego.EvalOption) Decision {
	if in == nil {
		return failed(a.revision, fmt.Errorf("%w: nil input", ErrEvaluation))
	}
	return a.decideTopdownValue(ctx, in.valueOf(a.in), opts...)
}

// decideTopdownValue is decideTopdown for an input given as a value.
func (a *active) decideTopdownValue(ctx context.Context, input ast.Value, opts ...rego.EvalOption) (d Decision) {
	defer func() {
		if r := recover(); r != nil { // an evaluator bug must not take the proxy down, nor pass a request
			d = failed(a.revision, fmt.Errorf("%w: panic during evaluation", ErrEvaluation))
		}
	}()
	var fc *foldingCache
	if a.fold != nil && len(opts) == 0 { // Explain traces: there every rule is evaluated and shows
		fc = a.fold.cache()
		opts = append(opts, rego.EvalVirtualCache(fc))
	}
	// Cancellation: without an external Cancel, Eval starts a goroutine per call that waits for
	// ctx; context.AfterFunc registers the same callback without one (none at all for a context
	// that cannot be cancelled), which spares the scheduler a wake-up per decision.
	c := topdown.NewCancel()
	stop := context.AfterFunc(ctx, c.Cancel)
	defer stop()
	opts = append(opts, rego.EvalParsedInput(input), astResult, noMetrics, rego.EvalExternalCancel(c))
	rs, err := a.pq.Eval(ctx, opts...)
	if err == nil {
		// A short evaluation can finish before OPA notices the cancellation; a cancelled caller
		// gets the fail-closed answer all the same.
		err = ctx.Err()
	}
	d, err = decision(rs, err)
	if err != nil {
		return failed(a.revision, err)
	}
	if fc != nil {
		fc.commit()
		fc.release() // not on the error paths: a failed evaluation's cache is simply dropped
	}
	d.Revision = a.revision
	return d
}

// noMetrics: the engine reads no evaluation metrics, so OPA need not create and time them.
var noMetrics = rego.EvalMetrics(metrics.NoOp())

// astResult makes Eval hand back the decision as the AST value the evaluator computed, without
// OPA's conversion to JSON-like Go maps; parseDecision reads it directly.
var astResult = rego.EvalGenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) {
	return t.Value, nil
})

// decision extracts the decision from a result set. Errors name codes and locations, never the
// message of a runtime error, which may quote input values.
func decision(rs rego.ResultSet, err error) (Decision, error) {
	if err != nil {
		return decisionValue(nil, err)
	}
	switch {
	case len(rs) == 0:
		return Decision{}, fmt.Errorf("%w: %s %w", ErrEvaluation, Query, errUndefined)
	case len(rs) > 1 || len(rs[0].Expressions) != 1:
		return Decision{}, fmt.Errorf("%w: %s has several results", ErrEvaluation, Query)
	}
	v, ok := rs[0].Expressions[0].Value.(ast.Value)
	if !ok {
		return Decision{}, fmt.Errorf("%w: %s is %T, not a value", ErrEvaluation, Query, rs[0].Expressions[0].Value)
	}
	return decisionValue(v, nil)
}

// decisionValue reads the decision value v, or wraps err, the evaluation's error: by its code
// and location, never by the message of a runtime error, which may quote input values.
func decisionValue(v ast.Value, err error) (Decision, error) {
	if err != nil {
		if errors.Is(err, ErrEvaluation) {
			return Decision{}, err
		}
		if te, ok := errors.AsType[*topdown.Error](err); ok {
			return Decision{}, fmt.Errorf("%w: %s at %v", ErrEvaluation, te.Code, te.Location)
		}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return Decision{}, fmt.Errorf("%w: %w", ErrEvaluation, err)
		}
		return Decision{}, fmt.Errorf("%w: %T", ErrEvaluation, err)
	}
	d, err := parseDecision(v)
	if err != nil {
		return Decision{}, fmt.Errorf("%w: %w", ErrEvaluation, err)
	}
	return d, nil
}

// Explain evaluates like Decide and also returns the policy rules that produced a value, as
// "data.schleuse.rule (file:line)", sorted. err is the cause when the decision is the fail-closed
// block. Tracing makes it much slower than Decide: for `schleuse policy eval`, not per request.
func (e *Engine) Explain(ctx context.Context, in *Input) (Decision, []string, error) {
	a := e.cur.Load()
	tr := topdown.NewBufferTracer()
	d := a.decideTopdown(ctx, in, rego.EvalQueryTracer(tr))
	seen := map[string]bool{}
	var fired []string
	for _, ev := range *tr {
		if ev.Op != topdown.ExitOp {
			continue
		}
		r, ok := ev.Node.(*ast.Rule)
		if !ok {
			continue
		}
		s := r.Head.Ref().String()
		if r.Module != nil {
			s = r.Module.Package.Path.Extend(r.Head.Ref()).String()
		}
		if r.Location != nil {
			s += fmt.Sprintf(" (%s:%d)", r.Location.File, r.Location.Row)
		}
		if !seen[s] {
			seen[s] = true
			fired = append(fired, s)
		}
	}
	slices.Sort(fired)
	return d, fired, d.Err
}
