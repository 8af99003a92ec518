package policies

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// Builtins the compiled evaluator computes itself.
//
// vm calls OPA's builtin implementations through topdown.BuiltinFunc, which takes the evaluation's
// BuiltinContext by value: ≈300 bytes copied per call, with a write barrier for each pointer
// while the garbage collector marks. A decision makes ≈50 builtin calls, most of them the
// comparisons and count of conditions like `count(personal) > 0`; vm computes those itself, with
// the one-line definitions of OPA's builtins (topdown/comparison.go, aggregates.go), and the set
// operations below. Any other operand (a string for count, numbers for minus, a type error) goes
// to OPA's builtin, so results and errors stay OPA's.
//
// Set operations.
//
// A policy works with sets: found, personal, redact_types are set differences, unions and
// intersections of the request's classes and the lists in data.yaml. OPA's builtins for them
// (minus, and, or) build a new set for every result: a hash map, a key slice and a term, and
// minus first sorts both operands to see whether they are equal. Most operands in a decision
// are empty or leave the other unchanged (found minus the empty schema_only, personal minus the
// empty clear_types), so vm answers those with the operand itself, as OPA's own `or` does when
// one side is empty; values are never changed once built, so sharing them is safe. Only a result
// that differs from both operands is a new set, with the same elements OPA computes.
//
// Empty sets are made lazily too: MakeSetStmt gives a fresh term (vmEval.newTerm) holding the
// empty set value shared by all, and the first SetAddStmt replaces the term's value by a set of
// its own (so every local that names the term sees the element, as with OPA's in-place add). A
// comprehension or partial set rule that stays empty, most of them in a decision, so costs a
// share of a slab of terms, not a set.

// vmNativeOp is a builtin vm computes itself for the operands it names; for others it calls
// OPA's builtin.
type vmNativeOp uint8

const (
	nativeNone   vmNativeOp = iota
	nativeGT                // a > b
	nativeGTE               // a >= b
	nativeLT                // a < b
	nativeLTE               // a <= b
	nativeCount             // count of an array, object or set
	nativeMinus             // set − set
	nativeAnd               // set & set
	nativeOr                // set | set
	nativeFilter            // object.filter(object, set): the entries of the keys in the set
)

// nativeOps are the builtins with a vmNativeOp, by name.
var nativeOps = map[string]vmNativeOp{
	ast.GreaterThan.Name:   nativeGT,
	ast.GreaterThanEq.Name: nativeGTE,
	ast.LessThan.Name:      nativeLT,
	ast.LessThanEq.Name:    nativeLTE,
	ast.Count.Name:         nativeCount,
	ast.Minus.Name:         nativeMinus,
	ast.And.Name:           nativeAnd,
	ast.Or.Name:            nativeOr,
	ast.ObjectFilter.Name:  nativeFilter,
}

// native computes op on args; ok is false when op does not cover these operands (OPA's builtin
// decides then). buf is scratch space for the elements of a new set (returned grown, for reuse).
func native(op vmNativeOp, args []*ast.Term, buf []*ast.Term) (r *ast.Term, ok bool, _ []*ast.Term) {
	switch op {
	case nativeCount:
		if len(args) != 1 {
			return nil, false, buf
		}
		switch x := args[0].Value.(type) {
		case *ast.Array:
			return ast.InternedTerm(x.Len()), true, buf
		case ast.Object:
			return ast.InternedTerm(x.Len()), true, buf
		case ast.Set:
			return ast.InternedTerm(x.Len()), true, buf
		}
		return nil, false, buf
	case nativeNone:
		return nil, false, buf
	}
	if len(args) != 2 {
		return nil, false, buf
	}
	a, b := args[0], args[1]
	switch op {
	case nativeGT:
		return ast.InternedTerm(a.Value.Compare(b.Value) > 0), true, buf
	case nativeGTE:
		return ast.InternedTerm(a.Value.Compare(b.Value) >= 0), true, buf
	case nativeLT:
		return ast.InternedTerm(a.Value.Compare(b.Value) < 0), true, buf
	case nativeLTE:
		return ast.InternedTerm(a.Value.Compare(b.Value) <= 0), true, buf
	}
	y, ok2 := b.Value.(ast.Set)
	if op == nativeFilter {
		obj, ok1 := a.Value.(ast.Object)
		if !ok1 || !ok2 {
			return nil, false, buf
		}
		return objectFilter(obj, y), true, buf
	}
	x, ok1 := a.Value.(ast.Set)
	if !ok1 || !ok2 {
		return nil, false, buf
	}
	switch op {
	case nativeMinus:
		r, buf = setMinus(a, x, y, buf)
	case nativeAnd:
		r, buf = setAnd(a, x, b, y, buf)
	case nativeOr:
		r = setOr(a, x, b, y)
	default:
		return nil, false, buf
	}
	return r, true, buf
}

// setMinus is x − y; a is x's term.
func setMinus(a *ast.Term, x, y ast.Set, buf []*ast.Term) (*ast.Term, []*ast.Term) {
	if x.Len() == 0 || y.Len() == 0 {
		return a, buf
	}
	buf = buf[:0]
	for _, t := range x.Slice() {
		if !y.Contains(t) {
			buf = append(buf, t)
		}
	}
	return keep(a, x, buf), buf
}

// setAnd is x ∩ y; a and b are their terms.
func setAnd(a *ast.Term, x ast.Set, b *ast.Term, y ast.Set, buf []*ast.Term) (*ast.Term, []*ast.Term) {
	if x.Len() == 0 || y.Len() == 0 {
		return ast.InternedEmptySet, buf
	}
	if y.Len() < x.Len() {
		a, x, b, y = b, y, a, x
	}
	buf = buf[:0]
	for _, t := range x.Slice() {
		if y.Contains(t) {
			buf = append(buf, t)
		}
	}
	return keep(a, x, buf), buf
}

// setOr is x ∪ y; a and b are their terms.
func setOr(a *ast.Term, x ast.Set, b *ast.Term, y ast.Set) *ast.Term {
	switch {
	case x.Len() == 0:
		return b
	case y.Len() == 0:
		return a
	case y.Len() <= x.Len() && subset(y, x):
		return a
	case x.Len() < y.Len() && subset(x, y):
		return b
	}
	return ast.NewTerm(x.Union(y))
}

// objectFilter is object.filter(obj, keys) for a set of keys: the entries of obj whose key is in
// keys. OPA's builtin first builds an object of the keys (each to null) and then filters by it;
// with null as every filter value the entries are taken as they are, which is what this does.
func objectFilter(obj ast.Object, keys ast.Set) *ast.Term {
	items := make([][2]*ast.Term, 0, min(obj.Len(), keys.Len()))
	if obj.Len() < keys.Len() {
		for _, k := range obj.Keys() {
			if keys.Contains(k) {
				items = append(items, [2]*ast.Term{k, obj.Get(k)})
			}
		}
	} else {
		for _, k := range keys.Slice() {
			if v := obj.Get(k); v != nil {
				items = append(items, [2]*ast.Term{k, v})
			}
		}
	}
	return ast.NewTerm(ast.NewObject(items...))
}

// keep is the subset kept of x (a's set): a itself when it is all of x, the shared empty set
// when it is nothing, else a new set.
func keep(a *ast.Term, x ast.Set, kept []*ast.Term) *ast.Term {
	switch len(kept) {
	case x.Len():
		return a
	case 0:
		return ast.InternedEmptySet
	}
	return ast.NewTerm(ast.NewSet(kept...))
}

// subset reports whether every element of x is in y.
func subset(x, y ast.Set) bool {
	for _, t := range x.Slice() {
		if !y.Contains(t) {
			return false
		}
	}
	return true
}

// setAdd adds v to the set of t, which MakeSetStmt made (the shared empty set value in a term of
// its own, or a set); ok is false when t holds no set or is
// the shared empty set term itself, which no statement may change.
func setAdd(t, v *ast.Term) (ok bool) {
	if t == nil || t == ast.InternedEmptySet {
		return false
	}
	if t.Value == ast.InternedEmptySetValue {
		s := ast.NewSetWithCapacity(8) // the map holds 8 anyway; the keys need not grow up to 8
		s.Add(v)
		t.Value = s
		return true
	}
	s, ok := t.Value.(ast.Set)
	if ok {
		s.Add(v)
	}
	return ok
}
