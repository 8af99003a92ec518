package policies

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/open-policy-agent/opa/v1/ast"
)

// foldedNames opens the policy in src (one module plus data) and returns the rules it folds.
func foldedNames(t *testing.T, src, data string) (*Engine, []string) {
	t.Helper()
	files := map[string]string{"p.rego": src}
	if data != "" {
		files["data.json"] = data
	}
	e, err := Open(ctx, writePolicy(t, files))
	if err != nil {
		t.Fatal(err)
	}
	if f := e.cur.Load().fold; f != nil {
		return e, f.names
	}
	return e, nil
}

const foldDecision = `
decision := {"action": "allow", "reasons": [{"rule": r, "message": m}]} if {
	input.service.id != "" # the decision reads input: it is not folded
	r := rule_id
	m := msg
}
`

func TestFoldRules(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"data only, through another rule, with else and default", `
cfg := data.cfg
rule_id := cfg.id
msg := "a" if cfg.flag else := "b"
default dflt := 1
`, []string{"data.schleuse.cfg", "data.schleuse.dflt", "data.schleuse.msg", "data.schleuse.rule_id"}},
		{"input directly", `
rule_id := data.cfg.id
msg := input.user.id
`, []string{"data.schleuse.rule_id"}},
		{"input through a rule and a function", `
u := input.user.id
rule_id := concat("", [data.cfg.id, u])
f(x) := concat("", [x, input.service.id])
msg := f("a")
`, nil},
		{"input in the else branch", `
rule_id := data.cfg.id
msg := "a" if data.cfg.flag == false else := input.user.id
`, []string{"data.schleuse.rule_id"}},
		{"with", `
rule_id := data.cfg.id
msg := m if m := data.cfg.name with data.cfg.name as "x"
`, []string{"data.schleuse.rule_id"}},
		{"undefined and erroring rules are left to the evaluator", `
rule_id := data.cfg.id
msg := "m"
missing := data.cfg.nothing
broken := object.keys(data.cfg.id)
`, []string{"data.schleuse.msg", "data.schleuse.rule_id"}},
		{"partial sets and functions are not folded", `
rule_id := data.cfg.id
msg := "m"
ids contains data.cfg.id
g(x) := x
`, []string{"data.schleuse.msg", "data.schleuse.rule_id"}},
		{"not deterministic: nothing folded", `
rule_id := data.cfg.id
msg := input.time
`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, got := foldedNames(t, "package schleuse\n"+foldDecision+tc.src, `{"cfg": {"id": "R-1", "flag": true, "name": "n"}}`)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("folded rules (-want +got):\n%s", diff)
			}
			if d := e.Decide(ctx, input("openai-api")); d.Failed {
				t.Errorf("decision failed: %v", d.Err)
			}
		})
	}
}

// TestFoldedValuesAreTheEvaluatedOnes: a folded rule gives the decision the value evaluation
// gives, also under `with` in the policy (where folding must not apply) and for Explain (which
// evaluates every rule).
func TestFoldedValuesAreTheEvaluatedOnes(t *testing.T) {
	src := `package schleuse

name := data.cfg.name

renamed := n if {
	n := name with data.cfg.name as "ersetzt"
}

decision := {"action": "allow", "reasons": [{"rule": "R", "message": concat(" ", [name, renamed])}]} if input.service.id
`
	e, got := foldedNames(t, src, `{"cfg": {"name": "original"}}`)
	if !slices.Contains(got, "data.schleuse.name") {
		t.Fatalf("name not folded: %v", got)
	}
	d := e.Decide(ctx, input("x"))
	if d.Failed || d.Reasons[0].Message != "original ersetzt" {
		t.Fatalf("decision %+v", d)
	}
	d, fired, err := e.Explain(ctx, input("x"))
	if err != nil || d.Reasons[0].Message != "original ersetzt" || !slices.ContainsFunc(fired, func(s string) bool {
		return len(s) > 19 && s[:19] == "data.schleuse.name "
	}) {
		t.Fatalf("Explain: %v %+v %v", err, d, fired)
	}
}

func TestFoldDefaultPolicy(t *testing.T) {
	f := openDefault(t).cur.Load().fold
	if f == nil {
		t.Fatal("the default policy folds nothing")
	}
	want := []string{"data.schleuse.always_block_classes", "data.schleuse.cfg", "data.schleuse.data_complete", "data.schleuse.freigabe_classes",
		"data.schleuse.min_score", "data.schleuse.non_personal", "data.schleuse.operator_table", "data.schleuse.schema_exempt", "data.schleuse.schema_names", "data.schleuse.titel", "data.schleuse.typnamen", "data.schleuse.ungeprueft_namen"}
	if diff := cmp.Diff(want, f.names); diff != "" {
		t.Errorf("folded rules of the default policy (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"data.schleuse.lang", "data.schleuse.list", "data.schleuse.reason"}, f.funcNames); diff != "" {
		t.Errorf("memoised functions of the default policy (-want +got):\n%s", diff)
	}
}

// TestInlineFolded: ground references into folded values become constants, references with a
// variable stay, and a policy that uses `with` keeps all of them (TestFoldedValuesAreTheEvaluatedOnes
// checks its decision).
func TestInlineFolded(t *testing.T) {
	src := `package schleuse

cfg := data.cfg

decision := {"action": "allow", "reasons": [{"rule": r, "message": m}]} if {
	r := cfg.ids[input.service.id]
	m := cfg.name
	not cfg.missing_key
}
`
	e, got := foldedNames(t, src, `{"cfg": {"name": "n", "ids": {"x": "R-1"}}}`)
	if !slices.Contains(got, "data.schleuse.cfg") {
		t.Fatalf("cfg not folded: %v", got)
	}
	if n := e.cur.Load().fold.inlined; n != 1 {
		t.Errorf("%d references inlined, want 1 (cfg.name)", n)
	}
	if d := e.Decide(ctx, input("x")); d.Failed || d.Reasons[0].Rule != "R-1" || d.Reasons[0].Message != "n" {
		t.Errorf("decision %+v", d)
	}
	if d := e.Decide(ctx, input("y")); !d.Failed {
		t.Errorf("undefined rule id: decision %+v, want the fail-closed block", d)
	}
	withSrc := src + "\nrenamed := n if n := cfg.name with data.cfg.name as \"x\"\n"
	e, _ = foldedNames(t, withSrc, `{"cfg": {"name": "n", "ids": {"x": "R-1"}}}`)
	if n := e.cur.Load().fold.inlined; n != 0 {
		t.Errorf("policy with `with`: %d references inlined, want 0", n)
	}
	if n := openDefault(t).cur.Load().fold.inlined; n < 5 {
		t.Errorf("default policy: %d references inlined, want at least 5", n)
	}
}

func TestMemoisedFunctions(t *testing.T) {
	src := `package schleuse

greet(n) := concat(" ", [data.cfg.name, n])

who(n) := concat(" ", [n, input.user.id]) # reads input: not memoised

pick(x) := "a" if x > 0
pick(x) := "b" if x > 1 # pick(2) is a conflict error

decision := {"action": "allow", "reasons": [{"rule": "R", "message": concat("/", [greet(input.service.id), who("x"), pick(count(input.topics))])}]}
`
	e, _ := foldedNames(t, src, `{"cfg": {"name": "Hallo"}}`)
	a := e.cur.Load()
	if diff := cmp.Diff([]string{"data.schleuse.greet", "data.schleuse.pick"}, a.fold.funcNames); diff != "" {
		t.Errorf("memoised functions (-want +got):\n%s", diff)
	}
	a.fold.memo.mu.Lock() // Open's check of the compiled evaluator (vmload.go) used the memo
	a.fold.memo.m, a.fold.memo.n = nil, 0
	a.fold.memo.mu.Unlock()
	for range 3 { // the second and third evaluations take greet and pick from the memo
		for _, c := range []struct{ id, user, want string }{{"A", "u1", "Hallo A/x u1/a"}, {"B", "u2", "Hallo B/x u2/a"}} {
			in := input(c.id)
			in.User.ID, in.Topics = c.user, []string{"t"}
			if d := a.decideTopdown(ctx, in); d.Failed || d.Reasons[0].Message != c.want {
				t.Fatalf("%s: decision %+v, want message %q", c.id, d, c.want)
			}
		}
	}
	if n := a.fold.memo.n; n != 3 { // greet("A"), greet("B"), pick(1)
		t.Errorf("memo holds %d entries, want 3", n)
	}
	// pick(2) fails with a conflict; whatever the evaluation put into its cache before the error
	// must not be kept: the next evaluation fails the same way.
	in := input("A")
	in.Topics = []string{"t", "u"}
	for range 2 {
		if d := a.decideTopdown(ctx, in); !d.Failed {
			t.Fatalf("conflicting function: decision %+v, want failed", d)
		}
	}
	if n := a.fold.memo.n; n != 3 {
		t.Errorf("after the failed evaluations the memo holds %d entries, want 3", n)
	}
}

// TestMemoConcurrent: decisions evaluated from several goroutines at once, which fill and read the
// function memo concurrently (run with -race), equal those of Explain, which evaluates without it.
func TestMemoConcurrent(t *testing.T) {
	e := openDefault(t)
	a := e.cur.Load()
	ins := equivInputs(rand.New(rand.NewPCG(7, 7)), 60)
	want := make([]Decision, len(ins)) // a fail-closed decision (an unknown type "") compares as failed
	for i, in := range ins {
		want[i], _, _ = e.Explain(ctx, in)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range ins {
				i := (k + g*15) % len(ins)
				got := a.decideTopdown(ctx, ins[i])
				if want[i].Failed && got.Failed {
					continue
				}
				if diff := cmp.Diff(want[i], got, cmpopts.EquateEmpty(),
					cmpopts.IgnoreFields(Decision{}, "Revision", "Err")); diff != "" {
					t.Errorf("input %d (-Explain +decide):\n%s", i, diff)
					return
				}
			}
		})
	}
	wg.Wait()
	if a.fold.memo.n == 0 {
		t.Error("the memo stayed empty")
	}
}

// TestFoldingCacheContract checks the virtual cache against topdown.VirtualCache's contract:
// values and undefined refs per frame, `with` frames that start empty and disappear on Pop, and
// lookups beyond the linear search (the hash index).
func TestFoldingCacheContract(t *testing.T) {
	c := (&folded{}).cache()
	ref := func(i int) ast.Ref { return ast.MustParseRef(fmt.Sprintf("data.p.r%d", i)) }
	get := func(r ast.Ref) string {
		v, undef := c.Get(r)
		switch {
		case undef && v != nil:
			return "invalid"
		case undef:
			return "undefined"
		case v == nil:
			return "-"
		}
		return v.String()
	}
	steps := []struct {
		do   func()
		ref  ast.Ref
		want string
	}{
		{nil, ref(1), "-"},
		{func() { c.Put(ref(1), ast.IntNumberTerm(1)) }, ref(1), "1"},
		{func() { c.Put(ref(2), nil) }, ref(2), "undefined"},
		{func() { c.Put(ref(2), ast.IntNumberTerm(2)) }, ref(2), "undefined"}, // as OPA's trie
		{nil, ast.MustParseRef("data.p"), "-"},                                // a prefix is not cached
		{nil, ast.MustParseRef("data.p.r1.x"), "-"},                           // nor a longer ref
		{c.Push, ref(1), "-"},
		{func() { c.Put(ref(1), ast.IntNumberTerm(10)) }, ref(1), "10"},
		{c.Pop, ref(1), "1"},
		{func() {
			for i := 3; i < 3*vcLinear; i++ {
				r := ref(i)
				c.Put(r, ast.IntNumberTerm(i))
				r[2] = ast.StringTerm("overwritten") // OPA reuses the array of a ref it has put
			}
		}, ref(2 * vcLinear), fmt.Sprint(2 * vcLinear)},
		{nil, ref(3), "3"},
		{nil, ref(3 * vcLinear), "-"},
	}
	for i, s := range steps {
		if s.do != nil {
			s.do()
		}
		if got := get(s.ref); got != s.want {
			t.Fatalf("step %d: Get(%v) = %s, want %s", i, s.ref, got, s.want)
		}
	}
	// r1 … r95: r2 counts although Get calls it undefined, as in OPA's trie, which lists every
	// node holding a value.
	if n := len(c.Keys()); n != 3*vcLinear-1 {
		t.Errorf("Keys: %d refs, want %d", n, 3*vcLinear-1)
	}
	// A released cache comes back empty (sync.Pool may or may not hand out the same one).
	c.release()
	for range 3 {
		c = (&folded{}).cache()
		for _, i := range []int{1, 2, 3, 2 * vcLinear} {
			if got := get(ref(i)); got != "-" {
				t.Fatalf("recycled cache: Get(%v) = %s", ref(i), got)
			}
		}
		c.Put(ref(1), ast.IntNumberTerm(1))
		c.release()
	}
}
