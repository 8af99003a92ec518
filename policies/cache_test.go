package policies

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
)

// compileForAnalysis compiles one policy module as prepare does (without data).
func compileForAnalysis(t *testing.T, src string) map[string]*ast.Module {
	t.Helper()
	m, err := ast.ParseModule("p.rego", src)
	if err != nil {
		t.Fatal(err)
	}
	c := ast.NewCompiler().WithCapabilities(ast.CapabilitiesForThisVersion())
	if c.Compile(map[string]*ast.Module{"p.rego": m}); c.Failed() {
		t.Fatal(c.Errors)
	}
	return c.Modules
}

func TestAnalyse(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		want    fields
		cacheOK bool
	}{
		{"field", `x if input.service.id == "a"`, fServiceID, true},
		{"object", `x if input.service.host`, fServiceHost, true},
		{"sub-object whole", `x := input.user`, fUserID | fUserGroups | fUserAuthenticated, true},
		{"computed second key", `x contains k if some k, _ in input.request`, fRequestMethod | fRequestPath | fRequestKind | fRequestBytes, true},
		{"array element", `x := input.findings[0].type`, fFindings, true},
		{"iteration", `x contains f.type if some f in input.findings`, fFindings, true},
		{"key from input", `x := input.counts[input.service.id]`, fCounts | fServiceID, true},
		{"unknown field is never defined", `x := input.nope.deeper`, 0, true},
		{"string field indexed", `x := input.justification[0]`, fJustification, true},
		{"function", "f(i) := input.topics[i]\nx := f(0)", fTopics, true},
		{"every", `x if every t in input.topics { t != "a" }`, fTopics, true},
		{"object.get on a field", `x := object.get(input.user, "id", "")`, fUserID | fUserGroups | fUserAuthenticated, true},
		{"several", "x if input.user.authenticated\ny := count(input.topics) + input.request.bytes", fUserAuthenticated | fTopics | fRequestBytes, true},
		{"data only", `x := data.cfg.a`, 0, true},
		{"computed top-level key", `x contains v if { some k; v := input[k] }`, 0, false},
		{"input as a whole", `x := input`, 0, false},
		{"input assigned", "x if { i := input; i.service.id == \"a\" }", 0, false},
		{"walk", `x contains p if walk(input, [p, _])`, 0, false},
		{"object.get on input", `x := object.get(input, "service", {})`, 0, false},
		{"json of input", `x := json.marshal(input)`, 0, false},
		{"time", `x := input.time`, fTime, false},
		{"with input", "y := input.service.id\nx := v if { v := y with input as {} }", 0, false},
		{"with input field", "y := input.service.id\nx := v if { v := y with input.service.id as \"b\" }", 0, false},
		{"clock builtin", `x := io.jwt.decode_verify("a.b.c", {"secret": "s"})`, 0, false},
		{"nondeterministic builtin", `x := rand.intn("a", 10)`, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			read, whyNot := analyse(compileForAnalysis(t, "package p\n\n"+c.body+"\n"))
			if (whyNot == "") != c.cacheOK {
				t.Fatalf("whyNot %q, want cacheable %v", whyNot, c.cacheOK)
			}
			if c.cacheOK && read != c.want {
				t.Errorf("read %016b, want %016b", read, c.want)
			}
		})
	}
}

// TestDefaultPolicyKey pins what the default policy reads: the fields that change with every
// request (time, user id, path, size) are not in the key. The service's name is (the message of an
// unregistered service shows it); it is fixed per service id, so it adds no keys.
func TestDefaultPolicyKey(t *testing.T) {
	a := openDefault(t).cur.Load()
	want := fServiceID | fServiceName | fUserGroups | fFindings | fTopics | fJustification | fUninspected
	if a.whyNot != "" || a.cache == nil || a.key != want {
		t.Fatalf("key %016b whyNot %q, want %016b", a.key, a.whyNot, want)
	}
}

// TestSchemaMatchesValue keeps the analysis schema in step with Input.value: every key value()
// builds is in the schema and vice versa, else a new field could escape the cache key.
func TestSchemaMatchesValue(t *testing.T) {
	obj := benchInput().value().(ast.Object)
	var got, want []string
	for _, k := range obj.Keys() {
		top := string(k.Value.(ast.String))
		got = append(got, top)
		if sub, ok := obj.Get(k).Value.(ast.Object); ok {
			for _, k2 := range sub.Keys() {
				if top != "counts" {
					got = append(got, top+"."+string(k2.Value.(ast.String)))
				}
			}
		}
	}
	var all fields
	for top, s := range schema {
		want = append(want, top)
		all |= s.all
		for k := range s.sub {
			want = append(want, top+"."+k)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schema and Input.value differ (-schema +value):\n%s", diff)
	}
	if all != fAll {
		t.Errorf("schema covers %015b, want %015b", all, fAll)
	}
}

// randomInput draws an input from the values the default policy's rules distinguish, so that
// many inputs share a key and the cache is exercised both ways.
func randomInput(r *rand.Rand) *Input {
	pick := func(ss []string) string { return ss[r.IntN(len(ss))] }
	services := []string{"openai-api", "azure-openai", "chatgpt-web", "gemini-web", "deepl-api",
		"perplexity-api", "mistral-web", "unbekannt", ""}
	types := []string{"PERSON", "EMAIL", "PHONE", "IBAN", "POSTAL_ADDRESS", "DATE_OF_BIRTH",
		"DE_TAX_ID", "CREDIT_CARD", "SECRET", "CLASSIFICATION", "SPECIAL_CATEGORY",
		"CASE_REFERENCE", "DE_LICENSE_PLATE", "DE_HEALTH_INSURANCE", "DE_SOCIAL_SECURITY", "NEW_TYPE"}
	groups := []string{"sozialamt", "personalamt", "jugendamt", "bauamt", "gesundheitsamt"}
	topics := []string{"hr_application", "asylum", "weather", "social_benefit"}
	scores := []float64{0.9, 0.5, 1, 0, -1, math.NaN()}
	in := input(pick(services))
	in.User.ID = pick([]string{"u-1", "u-2", "u-3"})
	in.Time = pick([]string{"2026-11-28T09:00:00+01:00", "2026-11-28T09:00:01+01:00"})
	in.Request.Bytes = r.IntN(3) * 1000
	for range r.IntN(4) {
		t, n := pick(types), []int{1, 1, 2, 30, 0}[r.IntN(5)]
		in.Findings = append(in.Findings, FindingSummary{Type: t, Count: n, MaxScore: scores[r.IntN(len(scores))]})
		in.Counts[t] += n
	}
	for range r.IntN(3) {
		in.User.Groups = append(in.User.Groups, pick(groups))
	}
	if r.IntN(3) == 0 {
		in.Topics = append(in.Topics, pick(topics))
	}
	in.Justification = pick([]string{"", "", "kurz", "Aktenzeichen wird für den Bescheid benötigt"})
	return in
}

// sameDecision compares decisions, errors by whether they are evaluation errors.
func sameDecision(t *testing.T, got, want Decision) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool {
		return (a == nil) == (b == nil) && errors.Is(a, ErrEvaluation) == errors.Is(b, ErrEvaluation)
	})); diff != "" {
		t.Fatalf("cached decision differs (-evaluated +cached):\n%s", diff)
	}
}

// TestCacheExact evaluates many random inputs with and without the cache and compares the
// decisions; most of the cached ones are hits.
func TestCacheExact(t *testing.T) {
	a := openDefault(t).cur.Load()
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 500
	}
	var seen []*Input
	for range n {
		in := randomInput(r)
		if len(seen) > 0 && r.IntN(2) == 0 { // an earlier input with other unread fields
			old := *seen[r.IntN(len(seen))]
			old.User.ID, old.Time, old.Request.Bytes = in.User.ID, in.Time, in.Request.Bytes
			in = &old
		} else {
			seen = append(seen, in)
		}
		sameDecision(t, a.decideCached(ctx, in), a.decide(ctx, in))
	}
	hits, misses := a.cache.hits.Load(), a.cache.misses.Load()
	if hits+misses != uint64(n) || hits < uint64(n)/4 {
		t.Fatalf("%d hits, %d misses for %d decisions: the cache is not exercised", hits, misses, n)
	}
	t.Logf("%d hits, %d misses, %d entries", hits, misses, a.cache.len())
}

// TestCacheKeyCoversReads uses a policy that reads fields the default does not (counts, bytes,
// user id, provider): inputs differing only there must get different decisions from the cache.
func TestCacheKeyCoversReads(t *testing.T) {
	src := "package schleuse\n\n" +
		"msg := sprintf(\"%v %v %v %v\", [object.get(input.counts, \"PERSON\", 0), input.request.bytes, input.user.id, input.service.provider])\n" +
		"decision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": msg}]}\n"
	e, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": src}))
	if err != nil {
		t.Fatal(err)
	}
	if on, why := e.Caching(); !on {
		t.Fatalf("cache off: %s", why)
	}
	base := input("openai-api", "PERSON")
	variants := []func(*Input){
		func(*Input) {},
		func(in *Input) { in.Counts["PERSON"] = 7 },
		func(in *Input) { in.Request.Bytes = 1 },
		func(in *Input) { in.User.ID = "u-other" },
		func(in *Input) { in.Service.Provider = "other" },
	}
	seen := map[string]bool{}
	for round := range 2 {
		for i, v := range variants {
			in := *base
			in.Counts = map[string]int{"PERSON": 1}
			v(&in)
			d := e.Decide(ctx, &in)
			msg := d.Reasons[0].Message
			if round == 0 && seen[msg] {
				t.Errorf("variant %d: message %q repeats an earlier variant's", i, msg)
			}
			seen[msg] = true
			sameDecision(t, d, e.cur.Load().decide(ctx, &in))
		}
	}
	if c := e.cur.Load().cache; c.hits.Load() != uint64(len(variants)) {
		t.Errorf("%d hits, want %d (second round)", c.hits.Load(), len(variants))
	}
}

// TestCacheIgnoresUnread: changing only fields the default policy does not read is a hit.
func TestCacheIgnoresUnread(t *testing.T) {
	e := openDefault(t)
	in := benchInput()
	first := e.Decide(ctx, in)
	in.Time, in.User.ID, in.Request.Bytes, in.Request.Path = "2027-01-01T00:00:00Z", "u-other", 99, "/x"
	in.Counts = map[string]int{"X": 1}
	sameDecision(t, e.Decide(ctx, in), first)
	if c := e.cur.Load().cache; c.hits.Load() != 1 || c.misses.Load() != 1 {
		t.Fatalf("%d hits, %d misses, want 1 and 1", c.hits.Load(), c.misses.Load())
	}
}

func TestCacheHitIsACopy(t *testing.T) {
	e := openDefault(t)
	in := benchInput()
	d := e.Decide(ctx, in)
	want := clone(d)
	d.Redact[0], d.Reasons[0].Rule = "CHANGED", "CHANGED"
	for k := range d.Operators {
		d.Operators[k] = "CHANGED"
	}
	sameDecision(t, e.Decide(ctx, in), want)
}

func TestCacheCancelledHit(t *testing.T) {
	e := openDefault(t)
	in := benchInput()
	e.Decide(ctx, in)
	c, cancel := context.WithCancel(ctx)
	cancel()
	if d := e.Decide(c, in); !d.Failed || d.Action != ActionBlock || !errors.Is(d.Err, context.Canceled) {
		t.Fatalf("cancelled hit: %+v", d)
	}
}

// TestCacheFailedKeptBriefly: a failed decision is given again for the same input, without
// evaluating, for failedTTL, and evaluated again after it; one the caller gave up on is not kept,
// nor given for another input. Before, no failure was kept: under a broken or slow policy every
// request cost an evaluation, up to the whole bound of a core.
func TestCacheFailedKeptBriefly(t *testing.T) {
	src := "package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]} if to_number(input.service.id) > 1\n"
	e, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": src}))
	if err != nil {
		t.Fatal(err)
	}
	const again = "given again without evaluating"
	d := e.Decide(ctx, input("kein-zahl"))
	if !d.Failed || strings.Contains(d.Err.Error(), again) {
		t.Fatalf("first: %+v", d)
	}
	d = e.Decide(ctx, input("kein-zahl"))
	if !d.Failed || d.Action != ActionBlock || !errors.Is(d.Err, ErrEvaluation) || !strings.Contains(d.Err.Error(), again) {
		t.Fatalf("second: %+v", d)
	}
	if d := e.Decide(ctx, input("7")); d.Failed || d.Action != ActionAllow {
		t.Fatalf("another input: %+v", d)
	}
	defer func(old time.Duration) { failedTTL = old }(failedTTL)
	failedTTL = time.Millisecond
	e2, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": src}))
	if err != nil {
		t.Fatal(err)
	}
	e2.Decide(ctx, input("kein-zahl"))
	time.Sleep(5 * time.Millisecond)
	if d := e2.Decide(ctx, input("kein-zahl")); !d.Failed || strings.Contains(d.Err.Error(), again) {
		t.Fatalf("after the TTL: %+v", d)
	}
	// A caller that gave up: its failure is not the policy's.
	failedTTL = time.Hour
	e3, err := Open(ctx, writePolicy(t, map[string]string{"p.rego": src}))
	if err != nil {
		t.Fatal(err)
	}
	c, cancel := context.WithCancel(ctx)
	cancel()
	e3.Decide(c, input("kein-zahl"))
	if n := e3.cur.Load().cache.len(); n != 0 {
		t.Fatalf("%d decisions of a cancelled caller kept", n)
	}
}

func TestCacheLRU(t *testing.T) {
	c := newDecisionCache(2)
	d := func(s string) Decision { return Decision{Action: ActionAllow, Revision: s} }
	c.put([]byte("a"), d("a"))
	c.put([]byte("b"), d("b"))
	c.get([]byte("a")) // a is now the most recently used
	c.put([]byte("c"), d("c"))
	for key, want := range map[string]bool{"a": true, "b": false, "c": true} {
		got, ok := c.get([]byte(key))
		if ok != want || (ok && got.Revision != key) {
			t.Errorf("%s: %+v %v, want present=%v", key, got, ok, want)
		}
	}
	if c.len() != 2 {
		t.Errorf("len %d", c.len())
	}
	c.put([]byte("c"), d("c2"))
	if got, _ := c.get([]byte("c")); got.Revision != "c2" || c.len() != 2 {
		t.Errorf("update: %+v, len %d", got, c.len())
	}
}

// TestCacheDroppedOnReload: after a reload the new revision answers, not the old cache.
func TestCacheDroppedOnReload(t *testing.T) {
	dir := writePolicy(t, policyV("allow"))
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	in := input("openai-api")
	if d := e.Decide(ctx, in); d.Action != ActionAllow {
		t.Fatalf("got %+v", d)
	}
	writeFiles(t, dir, policyV("block"))
	if err := e.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if d := e.Decide(ctx, in); d.Action != ActionBlock || d.Revision != e.Revision() {
		t.Fatalf("after reload: %+v", d)
	}
}

func TestAppendKeyDistinguishes(t *testing.T) {
	base := func() *Input {
		in := input("openai-api", "PERSON", "IBAN")
		in.User.Groups, in.Topics = []string{"a", "b"}, []string{"x"}
		return in
	}
	changes := map[string]func(*Input){
		"service":         func(in *Input) { in.Service.ID = "openai-apj" },
		"provider":        func(in *Input) { in.Service.Provider = "x" },
		"host":            func(in *Input) { in.Service.Host = "x" },
		"method":          func(in *Input) { in.Request.Method = "GET" },
		"path":            func(in *Input) { in.Request.Path = "/" },
		"kind":            func(in *Input) { in.Request.Kind = "upload" },
		"bytes":           func(in *Input) { in.Request.Bytes = -1 },
		"user":            func(in *Input) { in.User.ID = "x" },
		"groups split":    func(in *Input) { in.User.Groups = []string{"ab"} },
		"groups order":    func(in *Input) { in.User.Groups = []string{"b", "a"} },
		"authenticated":   func(in *Input) { in.User.Authenticated = false },
		"finding order":   func(in *Input) { in.Findings[0], in.Findings[1] = in.Findings[1], in.Findings[0] },
		"finding count":   func(in *Input) { in.Findings[0].Count = 2 },
		"finding score":   func(in *Input) { in.Findings[0].MaxScore = 0.5 },
		"finding fields":  func(in *Input) { in.Findings[0].Fields = []string{"schema"} },
		"fields split":    func(in *Input) { in.Findings[0].Fields = []string{"schemau", "ser"} },
		"count":           func(in *Input) { in.Counts["IBAN"] = 2 },
		"count key":       func(in *Input) { in.Counts["X"] = 0 },
		"topics":          func(in *Input) { in.Topics = nil },
		"justification":   func(in *Input) { in.Justification = "x" },
		"time":            func(in *Input) { in.Time = "x" },
		"string boundary": func(in *Input) { in.Service.ID, in.Service.Provider = "openai-apitest", "" },
	}
	ref := string(base().appendKey(nil, fAll))
	if again := string(base().appendKey(nil, fAll)); again != ref {
		t.Fatal("key not deterministic")
	}
	for name, change := range changes {
		in := base()
		change(in)
		if string(in.appendKey(nil, fAll)) == ref {
			t.Errorf("%s: same key", name)
		}
	}
}

// FuzzDecideCached: for any input the cached decision (miss, then hit with other unread fields)
// equals the evaluated one.
func FuzzDecideCached(f *testing.F) {
	a := openDefault(f).cur.Load()
	for _, svc := range []string{"openai-api", "azure-openai", "chatgpt-web", "gemini-web", "unbekannt", ""} {
		for _, typ := range []string{"PERSON", "SECRET", "CASE_REFERENCE", "DE_HEALTH_INSURANCE", ""} {
			f.Add(svc, typ, 1, 0.9, "sozialamt", "hr_application", "", "2026-11-28T09:00:00+01:00")
		}
	}
	f.Add("openai-api", "CASE_REFERENCE", 3, 0.5, "", "", "Aktenzeichen wird benötigt", "")
	f.Add("openai-api", "PERSON", 1000, -1.0, "jugendamt", "asylum", "x", "x")
	f.Fuzz(func(t *testing.T, svc, typ string, count int, score float64, group, topic, justification, tm string) {
		in := input(svc)
		in.Findings = []FindingSummary{{Type: typ, Count: count, MaxScore: score}, {Type: "PERSON", Count: 1, MaxScore: 0.9}}
		in.Counts = map[string]int{typ: count}
		in.User.Groups = []string{group, "bauamt"}
		in.Topics = []string{topic}
		in.Justification = justification
		in.Time = tm
		want := a.decide(ctx, in)
		sameDecision(t, a.decideCached(ctx, in), want)
		in.Time, in.User.ID, in.Request.Bytes = tm+"x", group, count
		sameDecision(t, a.decideCached(ctx, in), want)
	})
}

// len is the number of cached decisions.
func (c *decisionCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
