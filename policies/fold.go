package policies

import (
	"context"
	"slices"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Folding the rules that do not depend on the request.
//
// Some rules of a policy read only data: `cfg := data.richtlinie`, `typnamen := object.get(cfg,
// "typnamen", {})`, `non_personal := {t | some t in cfg.non_personal}`. Within one revision their
// value is the same for every request, yet OPA evaluates every rule afresh per evaluation, and a
// rule costs more than the expressions in it (a frame, index lookups, a memo entry). foldRules
// evaluates such rules once when the policy is prepared; decide hands their values to the
// evaluator through the per-evaluation memo OPA consults before it evaluates a rule (its virtual
// cache), so they are looked up, not evaluated. This is the part of partial evaluation (data known,
// input unknown) that pays for this policy: OPA's own partial evaluation inlines every rule and
// repeats the pass over input.findings in each of them (docs/benchmarks.md, "Policy").
//
// A rule is folded only when its value cannot differ between requests:
//   - the policy as a whole is deterministic (analyse found no reason against caching decisions:
//     no clock, no randomness, no `with input`);
//   - it is a complete rule without arguments whose ref is a plain name (x := …, x if …, with or
//     without else and default), and so is every other definition of the same name;
//   - none of its definitions, and no rule or function they depend on (transitively), refers to
//     input or uses `with`;
//   - it evaluates without error to a value (an erroring or undefined rule is left to the
//     evaluator, which then errs or leaves it undefined per request exactly as before).
//
// Inside a `with` the evaluator pushes a fresh memo frame; folded values are served only in the
// base frame, so `with data…` in a policy sees the rule evaluated under the replaced data.
//
// Functions are the other half. A function whose definitions (and everything they depend on) do
// not read input and use no `with` gives the same value for the same arguments in every request
// of one revision: reason("KI-RL-3.2", …, [list(types)]) renders the same message for the same set
// of types. OPA memoises a function call per evaluation, keyed by the function and its ground
// arguments; foldingCache keeps those entries of such functions across evaluations (funcMemo), so
// a decision that renders messages seen before looks them up instead of running sprintf, sort and
// concat again. Entries are kept only from evaluations that succeed (an evaluation that ends in a
// conflict error may have stored a value that the error then disowned) and only from the base
// frame.

// folded holds the values of the folded rules of one prepared policy and the memo of its pure
// functions. It is safe for concurrent use: everything but the memo is read-only after foldRules,
// the memo has its own lock; the terms are never modified by the evaluator.
type folded struct {
	byName map[string][]foldedRule // by the last element of the rule's path
	names  []string                // "data.pkg.rule", sorted, for tests and the status page

	funcs     map[string][]ast.Ref // memoised functions, by the last element of their path
	funcNames []string             // "data.pkg.f", sorted
	memo      funcMemo

	inlined int // references replaced by their value (inline)
}

type foldedRule struct {
	path  ast.Ref
	value *ast.Term
}

// lookup is the folded value of the rule at ref, nil when ref is not a folded rule.
func (f *folded) lookup(ref ast.Ref) *ast.Term {
	if len(ref) == 0 {
		return nil
	}
	last, ok := ref[len(ref)-1].Value.(ast.String)
	if !ok {
		return nil
	}
	for _, r := range f.byName[string(last)] {
		if r.path.Equal(ref) {
			return r.value
		}
	}
	return nil
}

// memoised reports whether ref is the cache key of a call of a memoised function: the
// function's path as a ref term, then the arguments.
func (f *folded) memoised(ref ast.Ref) bool {
	if len(ref) == 0 || len(f.funcs) == 0 {
		return false
	}
	fn, ok := ref[0].Value.(ast.Ref)
	if !ok || len(fn) == 0 {
		return false
	}
	last, ok := fn[len(fn)-1].Value.(ast.String)
	if !ok {
		return false
	}
	for _, p := range f.funcs[string(last)] {
		if p.Equal(fn) {
			return true
		}
	}
	return false
}

// cache is a fresh virtual cache for one evaluation that answers folded rules and memoised
// function calls from f.
// The caches are recycled (release) so that an evaluation does not allocate its lists anew.
func (f *folded) cache() *foldingCache {
	c := cachePool.Get().(*foldingCache)
	c.f = f
	c.frames = c.base[:1]
	if c.frames[0].entries == nil {
		c.frames[0].entries = make([]vcEntry, 0, vcInitial)
	}
	return c
}

var cachePool = sync.Pool{New: func() any { return new(foldingCache) }}

// release empties c and keeps it for a later evaluation. c must not be used afterwards, nor
// anything it returned: the evaluation that used it has ended and commit has copied what the
// memo keeps.
func (c *foldingCache) release() {
	e := c.frames[0].entries // frames[0] may have moved from base[0] when `with` pushed frames
	clear(e)
	if cap(e) > vcRecycleMax {
		e = nil
	}
	c.base[0] = vcFrame{entries: e[:0]}
	clear(c.arena)
	c.arena = c.arena[:0]
	if cap(c.arena) > 4*vcRecycleMax {
		c.arena = nil
	}
	clear(c.pending)
	c.pending = c.pending[:0]
	c.f, c.frames = nil, nil
	cachePool.Put(c)
}

// foldingCache is the virtual cache of one evaluation (topdown.VirtualCache: the values of the
// rules and function calls evaluated so far, one frame per `with`), with the folded rules and
// the memoised function calls filled in for the base frame.
//
// It keeps its entries in a flat list per frame rather than OPA's trie of hash maps: an
// evaluation of the default policy stores about twenty values and looks up about forty, and a
// list compared by hash costs one allocation per value where the trie costs three to five. A
// frame that outgrows vcLinear entries gets a hash index.
type foldingCache struct {
	f       *folded
	frames  []vcFrame   // frames[0] is the base frame; `with` pushes the others
	base    [1]vcFrame  // backing array of frames while there is no `with`
	arena   []*ast.Term // backing array of the cached refs
	pending []memoEntry // function results of this evaluation, for commit
}

var _ topdown.VirtualCache = (*foldingCache)(nil)

type vcFrame struct {
	entries []vcEntry
	index   map[int][]int // by vcEntry.hash, once len(entries) > vcLinear
}

type vcEntry struct {
	hash      int
	ref       ast.Ref
	value     *ast.Term // nil when undefined
	undefined bool
}

const (
	vcInitial    = 24   // entries allocated for the base frame
	vcLinear     = 32   // entries searched linearly before a frame is indexed
	vcRecycleMax = 1024 // larger lists are left to the garbage collector, not recycled
)

func (c *foldingCache) Push() { c.frames = append(c.frames, vcFrame{}) }
func (c *foldingCache) Pop()  { c.frames = c.frames[:len(c.frames)-1] }

// Get returns the cached value of ref: (v, false) when it has one, (nil, true) when ref is
// known to be undefined, (nil, false) when it is not cached (topdown.VirtualCache's contract).
func (c *foldingCache) Get(ref ast.Ref) (*ast.Term, bool) {
	if len(c.frames) == 1 {
		if v := c.f.lookup(ref); v != nil {
			return v, false
		}
		if c.f.memoised(ref) {
			if v := c.f.memo.get(ref); v != nil {
				return v, false
			}
		}
	}
	fr := &c.frames[len(c.frames)-1]
	if i := fr.find(ref, ref.Hash()); i >= 0 {
		e := &fr.entries[i]
		if e.undefined {
			return nil, true
		}
		return e.value, false
	}
	return nil, false
}

// Put caches v as the value of ref; v == nil records that ref is undefined. As in OPA's cache, a
// ref once recorded as undefined stays so within its frame.
func (c *foldingCache) Put(ref ast.Ref, v *ast.Term) {
	fr := &c.frames[len(c.frames)-1]
	h := ref.Hash()
	if i := fr.find(ref, h); i >= 0 {
		if v != nil {
			fr.entries[i].value = v
		} else {
			fr.entries[i].undefined = true
		}
		ref = fr.entries[i].ref
	} else {
		ref = c.clone(ref) // OPA reuses ref's array
		fr.entries = append(fr.entries, vcEntry{hash: h, ref: ref, value: v, undefined: v == nil})
		switch n := len(fr.entries); {
		case fr.index != nil:
			fr.index[h] = append(fr.index[h], n-1)
		case n > vcLinear:
			fr.index = make(map[int][]int, 2*n)
			for i, e := range fr.entries {
				fr.index[e.hash] = append(fr.index[e.hash], i)
			}
		}
	}
	if len(c.frames) == 1 && v != nil && c.f.memoised(ref) {
		c.pending = append(c.pending, memoEntry{ref: ref, value: v})
	}
}

// clone copies ref into the arena, which is allocated in blocks rather than per ref.
func (c *foldingCache) clone(ref ast.Ref) ast.Ref {
	if len(c.arena)+len(ref) > cap(c.arena) {
		c.arena = make([]*ast.Term, 0, max(128, len(ref)))
	}
	n := len(c.arena)
	c.arena = append(c.arena, ref...)
	return c.arena[n:len(c.arena):len(c.arena)]
}

// Keys returns the refs with a value in the current frame.
func (c *foldingCache) Keys() []ast.Ref {
	var keys []ast.Ref
	for _, e := range c.frames[len(c.frames)-1].entries {
		if e.value != nil {
			keys = append(keys, e.ref)
		}
	}
	return keys
}

// find is the index of ref (whose hash is h) in the frame's entries, -1 if it has none.
func (fr *vcFrame) find(ref ast.Ref, h int) int {
	if fr.index != nil {
		for _, i := range fr.index[h] {
			if fr.entries[i].ref.Equal(ref) {
				return i
			}
		}
		return -1
	}
	for i := range fr.entries {
		if e := &fr.entries[i]; e.hash == h && e.ref.Equal(ref) {
			return i
		}
	}
	return -1
}

// commit keeps the function results of a successful evaluation for the next ones.
func (c *foldingCache) commit() {
	if len(c.pending) > 0 {
		c.f.memo.add(c.pending)
	}
}

// funcMemo holds function results across the evaluations of one revision: at most memoMax
// entries; when full it starts afresh, so it follows a changing mix of requests. It is safe for
// concurrent use.
type funcMemo struct {
	mu sync.RWMutex
	m  map[int][]memoEntry // by ast.Ref.Hash of the key
	n  int
}

type memoEntry struct {
	ref   ast.Ref
	value *ast.Term
}

const memoMax = 4096

func (m *funcMemo) get(ref ast.Ref) *ast.Term {
	h := ref.Hash()
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, e := range m.m[h] {
		if e.ref.Equal(ref) {
			return e.value
		}
	}
	return nil
}

func (m *funcMemo) add(es []memoEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range es {
		h := e.ref.Hash()
		if slices.ContainsFunc(m.m[h], func(o memoEntry) bool { return o.ref.Equal(e.ref) }) {
			continue
		}
		if m.m == nil || m.n >= memoMax {
			m.m, m.n = map[int][]memoEntry{}, 0
		}
		m.m[h] = append(m.m[h], memoEntry{ref: e.ref.Copy(), value: e.value.Copy()})
		m.n++
	}
}

// foldTimeout bounds the evaluation of one rule folded at load (a variable for tests).
var foldTimeout = testTimeout

// foldRules finds the foldable rules of the compiled policy c (see above) and evaluates them in
// txn. It returns nil when there is nothing to fold.
func foldRules(ctx context.Context, c *ast.Compiler, store storage.Store, txn storage.Transaction) *folded {
	groups := map[string][]*ast.Rule{}
	paths := map[string]ast.Ref{}
	for _, m := range c.Modules {
		for _, r := range m.Rules {
			p := m.Package.Path.Extend(r.Head.Ref())
			k := p.String()
			groups[k] = append(groups[k], r)
			paths[k] = p
		}
	}
	dep := map[*ast.Rule]bool{}
	var inputDependent func(r *ast.Rule) bool
	inputDependent = func(r *ast.Rule) bool {
		if v, ok := dep[r]; ok {
			return v
		}
		dep[r] = true // while visiting: a cycle counts as dependent
		v := false
		for e := r; e != nil && !v; e = e.Else {
			v = readsInputOrWith(e)
			for d := range c.Graph.Dependencies(e) {
				if v {
					break
				}
				if dr, ok := d.(*ast.Rule); ok {
					v = inputDependent(dr)
				}
			}
		}
		dep[r] = v
		return v
	}
	f := &folded{byName: map[string][]foldedRule{}, funcs: map[string][]ast.Ref{}}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range groups {
			if !yield(k) {
				return
			}
		}
	}) {
		if isFunc(groups[k]) {
			if !slices.ContainsFunc(groups[k], inputDependent) {
				p := paths[k]
				last := string(p[len(p)-1].Value.(ast.String))
				f.funcs[last] = append(f.funcs[last], p)
				f.funcNames = append(f.funcNames, k)
			}
			continue
		}
		foldable := true
		for _, r := range groups[k] {
			if len(r.Head.Args) > 0 || r.Head.RuleKind() != ast.SingleValue || len(r.Head.Ref()) != 1 || inputDependent(r) {
				foldable = false
				break
			}
		}
		if !foldable {
			continue
		}
		v, ok := evalRule(ctx, c, store, txn, paths[k])
		if !ok {
			continue
		}
		p := paths[k]
		last := string(p[len(p)-1].Value.(ast.String))
		f.byName[last] = append(f.byName[last], foldedRule{path: p, value: v})
		f.names = append(f.names, k)
	}
	if len(f.names) == 0 && len(f.funcNames) == 0 {
		return nil
	}
	return f
}

// isFunc reports whether the definitions of one name are a function (they all take arguments).
func isFunc(rs []*ast.Rule) bool {
	for _, r := range rs {
		if len(r.Head.Args) == 0 {
			return false
		}
	}
	return len(rs) > 0
}

// readsInputOrWith reports whether the rule (head and body, not its else) refers to input or
// uses `with`.
func readsInputOrWith(r *ast.Rule) bool {
	found := false
	vis := ast.NewGenericVisitor(func(x any) bool {
		if found {
			return true
		}
		switch x := x.(type) {
		case *ast.Rule:
			return x != r // the else chain is visited separately
		case *ast.With:
			found = true
		case ast.Var:
			found = x.Equal(ast.InputRootDocument.Value)
		}
		return found
	})
	vis.Walk(r)
	return found
}

// evalRule evaluates the rule at path once; ok is false when it is undefined or fails.
// A rule that takes longer than foldTimeout is not folded: at a request it then meets the
// deadline of the evaluation (EvalTimeout) and fails closed, instead of a load that never ends.
func evalRule(ctx context.Context, c *ast.Compiler, store storage.Store, txn storage.Transaction, path ast.Ref) (*ast.Term, bool) {
	ctx, cancel := context.WithTimeout(ctx, foldTimeout)
	defer cancel()
	pq, err := rego.New(
		rego.ParsedQuery(ast.NewBody(ast.NewExpr(ast.NewTerm(path)))),
		rego.Compiler(c),
		rego.Store(store),
		rego.Transaction(txn),
		rego.StoreReadAST(true),
		rego.StrictBuiltinErrors(true),
		rego.Capabilities(capabilities()),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, false
	}
	rs, err := pq.Eval(ctx, rego.EvalTransaction(txn), astResult)
	if err != nil || len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, false
	}
	v, ok := rs[0].Expressions[0].Value.(ast.Value)
	if !ok {
		return nil, false
	}
	return ast.NewTerm(v), true
}

// inline replaces, in the compiled modules of c, every ground reference into a folded rule's
// value by the value it denotes: `cfg.max_personal_findings` becomes 50, `always_block_classes`
// the set. The evaluator then meets a constant instead of a rule reference, which costs it a rule
// index lookup and a virtual cache lookup each time (about 6 k instructions). A reference with a
// variable in it (`cfg.register[input.service.id]`) or to a missing key stays as it is and is
// still answered by the virtual cache. It is not done at all when the policy uses `with`
// anywhere: a rule evaluated under `with data…` must see the replaced data, not the folded value.
// It must run before the decision query is prepared and only on c's own modules (the Rego tests
// are compiled separately, from the unchanged source). It counts the replaced references in
// f.inlined.
func (f *folded) inline(c *ast.Compiler) {
	if f == nil || len(f.names) == 0 {
		return
	}
	usesWith := false
	for _, m := range c.Modules {
		ast.WalkExprs(m, func(e *ast.Expr) bool {
			usesWith = usesWith || len(e.With) > 0
			return usesWith
		})
	}
	if usesWith {
		return
	}
	for _, m := range c.Modules {
		ast.WalkTerms(m, func(t *ast.Term) bool {
			ref, ok := t.Value.(ast.Ref)
			if !ok || !ref.IsGround() || !ref.HasPrefix(ast.DefaultRootRef) {
				return false
			}
			for i := len(ref); i > 1; i-- {
				v := f.lookup(ref[:i])
				if v == nil {
					continue
				}
				if x, err := v.Value.Find(ref[i:]); err == nil {
					t.Value = x
					f.inlined++
				}
				return true
			}
			return false
		})
	}
}
