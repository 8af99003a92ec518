package policies

import (
	"container/list"
	"encoding/binary"
	"maps"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// The decision cache.
//
// A policy revision is a pure function of the parts of the input it reads: data is fixed per
// revision, the clock, randomness and the network are not available (capabilities), and the
// builtins that could still see the clock disable the cache (see analyse). At load time analyse
// walks the compiled policy modules and collects every input field a ref can reach. The cache key
// is the canonical encoding of exactly those fields, so two inputs with the same key give the
// policy the same values and hence the same decision. Fields the policy never reads (typically
// input.time, input.user.id, input.request.bytes) stay out of the key. A policy that reads input
// in a way the analysis cannot bound (input as a whole, input[x], walk(input), object.get(input,
// k, …), `with input…`) or reads input.time gets no cache. The cache belongs to one prepared
// revision and goes away with it on reload.

// field is one leaf of the input schema (Input.value); fields is a set of them.
type fields uint32

const (
	fServiceID fields = 1 << iota
	fServiceName
	fServiceProvider
	fServiceHost
	fRequestMethod
	fRequestPath
	fRequestKind
	fRequestBytes
	fUserID
	fUserGroups
	fUserAuthenticated
	fFindings
	fCounts
	fTopics
	fJustification
	fTime
	fUninspected

	fAll = fUninspected<<1 - 1
)

// schema maps the input's top-level keys to their fields and, for objects with fixed keys, the
// second-level keys. It must describe exactly what Input.value builds (TestSchemaMatchesValue).
var schema = map[string]struct {
	all fields
	sub map[string]fields
}{
	"service": {fServiceID | fServiceName | fServiceProvider | fServiceHost,
		map[string]fields{"id": fServiceID, "name": fServiceName, "provider": fServiceProvider, "host": fServiceHost}},
	"request": {fRequestMethod | fRequestPath | fRequestKind | fRequestBytes,
		map[string]fields{"method": fRequestMethod, "path": fRequestPath, "kind": fRequestKind, "bytes": fRequestBytes}},
	"user": {fUserID | fUserGroups | fUserAuthenticated,
		map[string]fields{"id": fUserID, "groups": fUserGroups, "authenticated": fUserAuthenticated}},
	"findings":      {fFindings, nil},
	"counts":        {fCounts, nil},
	"topics":        {fTopics, nil},
	"justification": {fJustification, nil},
	"time":          {fTime, nil},
	"uninspected":   {fUninspected, nil},
}

// refFields is what a ref rooted at input can read: everything below its longest prefix of
// constant string keys. A key the schema does not have reads nothing: that ref is always
// undefined.
func refFields(r ast.Ref) fields {
	if len(r) < 2 {
		return fAll
	}
	k, ok := r[1].Value.(ast.String)
	if !ok {
		return fAll // input[x], input[1]: any field
	}
	top, ok := schema[string(k)]
	if !ok {
		return 0
	}
	if len(r) < 3 || top.sub == nil {
		return top.all
	}
	k, ok = r[2].Value.(ast.String)
	if !ok {
		return top.all
	}
	return top.sub[string(k)]
}

// clockBuiltins read the evaluation time although OPA does not mark them non-deterministic.
var clockBuiltins = map[string]bool{
	"io.jwt.decode_verify":                                   true,
	"crypto.x509.parse_and_verify_certificates":              true,
	"crypto.x509.parse_and_verify_certificates_with_options": true,
}

// analyse returns the input fields the compiled modules can read, or a non-empty reason why
// their decisions cannot be cached.
func analyse(mods map[string]*ast.Module) (read fields, whyNot string) {
	var vis *ast.GenericVisitor
	vis = ast.NewGenericVisitor(func(x any) bool {
		if whyNot != "" {
			return true
		}
		switch x := x.(type) {
		case *ast.With:
			if x.Target.Value.Compare(ast.InputRootRef) == 0 || isInputRef(x.Target.Value) {
				whyNot = "the policy replaces input with `with`"
				return true
			}
		case *ast.Expr:
			if x.IsCall() {
				checkBuiltin(x.Operator().String(), &whyNot)
			}
		case ast.Call:
			if len(x) > 0 {
				checkBuiltin(x[0].String(), &whyNot)
			}
		case ast.Ref:
			if x.HasPrefix(ast.InputRootRef) {
				f := refFields(x)
				if f == fAll {
					whyNot = "the policy reads input with a computed key"
					return true
				}
				read |= f
				for _, t := range x[1:] { // keys may themselves be refs: input.a[input.b]
					vis.Walk(t)
				}
				return true
			}
		case ast.Var:
			if x.Equal(ast.InputRootDocument.Value) {
				whyNot = "the policy uses input as a whole"
				return true
			}
		}
		return false
	})
	for _, name := range slices.Sorted(maps.Keys(mods)) {
		vis.Walk(mods[name])
	}
	if whyNot == "" && read&fTime != 0 {
		whyNot = "the policy reads input.time, which differs for every request"
	}
	return read, whyNot
}

func isInputRef(v ast.Value) bool {
	r, ok := v.(ast.Ref)
	return ok && r.HasPrefix(ast.InputRootRef)
}

func checkBuiltin(name string, whyNot *string) {
	if *whyNot != "" {
		return
	}
	if b, ok := ast.BuiltinMap[name]; ok && (b.Nondeterministic || clockBuiltins[name]) {
		*whyNot = "the policy calls " + name + ", which is not deterministic"
	}
}

// appendKey appends the canonical encoding of the fields f of in to b. Every element is
// self-delimiting and the order is fixed, so equal keys mean equal field values; the counts map
// is encoded in sorted key order.
func (in *Input) appendKey(b []byte, f fields) []byte {
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	strs := func(ss []string) {
		b = binary.AppendUvarint(b, uint64(len(ss)))
		for _, s := range ss {
			str(s)
		}
	}
	if f&fServiceID != 0 {
		str(in.Service.ID)
	}
	if f&fServiceName != 0 {
		str(in.Service.Name)
	}
	if f&fServiceProvider != 0 {
		str(in.Service.Provider)
	}
	if f&fServiceHost != 0 {
		str(in.Service.Host)
	}
	if f&fRequestMethod != 0 {
		str(in.Request.Method)
	}
	if f&fRequestPath != 0 {
		str(in.Request.Path)
	}
	if f&fRequestKind != 0 {
		str(in.Request.Kind)
	}
	if f&fRequestBytes != 0 {
		b = binary.AppendVarint(b, int64(in.Request.Bytes))
	}
	if f&fUserID != 0 {
		str(in.User.ID)
	}
	if f&fUserGroups != 0 {
		strs(in.User.Groups)
	}
	if f&fUserAuthenticated != 0 {
		if in.User.Authenticated {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	if f&fFindings != 0 {
		b = binary.AppendUvarint(b, uint64(len(in.Findings)))
		for _, x := range in.Findings {
			str(x.Type)
			b = binary.AppendVarint(b, int64(x.Count))
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x.MaxScore))
			strs(x.Fields)
		}
	}
	if f&fCounts != 0 {
		var buf [16]string
		keys := buf[:0]
		for k := range in.Counts {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = binary.AppendUvarint(b, uint64(len(keys)))
		for _, k := range keys {
			str(k)
			b = binary.AppendVarint(b, int64(in.Counts[k]))
		}
	}
	if f&fTopics != 0 {
		strs(in.Topics)
	}
	if f&fJustification != 0 {
		str(in.Justification)
	}
	if f&fTime != 0 {
		str(in.Time)
	}
	if f&fUninspected != 0 {
		strs(in.Uninspected)
	}
	return b
}

// cacheSize bounds the decisions kept per policy revision.
const cacheSize = 4096

// maxKeyBytes keeps inputs with very long strings (a long justification) out of the cache.
const maxKeyBytes = 2048

// decisionCache is a bounded LRU of decisions by key. It is safe for concurrent use.
type decisionCache struct {
	mu  sync.Mutex
	m   map[string]*list.Element // of *cacheEntry
	lru list.List                // front = most recently used
	max int

	hits, misses atomic.Uint64
}

type cacheEntry struct {
	key   string
	d     Decision
	until time.Time // zero: kept until evicted; else the entry is gone after it (putFor)
}

func newDecisionCache(max int) *decisionCache {
	c := &decisionCache{m: make(map[string]*list.Element, max), max: max}
	c.lru.Init()
	return c
}

// get returns a copy of the decision stored under key.
func (c *decisionCache) get(key []byte) (Decision, bool) {
	c.mu.Lock()
	el, ok := c.m[string(key)]
	if ok {
		if u := el.Value.(*cacheEntry).until; !u.IsZero() && time.Now().After(u) {
			c.lru.Remove(el)
			delete(c.m, string(key))
			ok = false
		}
	}
	if !ok {
		c.mu.Unlock()
		c.misses.Add(1)
		return Decision{}, false
	}
	c.lru.MoveToFront(el)
	d := el.Value.(*cacheEntry).d
	c.mu.Unlock()
	c.hits.Add(1)
	return clone(d), true
}

// put stores a copy of d under key, evicting the least recently used entry when full.
func (c *decisionCache) put(key []byte, d Decision) { c.putFor(key, d, 0) }

// putFor is put for an entry that is gone after ttl (0: kept until evicted).
func (c *decisionCache) putFor(key []byte, d Decision, ttl time.Duration) {
	d = clone(d)
	var until time.Time
	if ttl > 0 {
		until = time.Now().Add(ttl)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[string(key)]; ok {
		e := el.Value.(*cacheEntry)
		e.d, e.until = d, until
		c.lru.MoveToFront(el)
		return
	}
	if c.lru.Len() >= c.max {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.m, old.Value.(*cacheEntry).key)
	}
	e := &cacheEntry{key: string(key), d: d, until: until}
	c.m[e.key] = c.lru.PushFront(e)
}

// clone copies the slices and the map of d, so that a caller changing its decision cannot
// change the cached one.
func clone(d Decision) Decision {
	d.Redact = slices.Clone(d.Redact)
	d.Operators = maps.Clone(d.Operators)
	d.Reasons = slices.Clone(d.Reasons)
	return d
}

var keyBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}
