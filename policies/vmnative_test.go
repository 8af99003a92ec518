package policies

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// TestNativeMatchesBuiltins: what vm computes itself is what OPA's builtin gives, for random sets
// (empty, equal, subsets, disjoint, overlapping; strings and numbers), objects and other values;
// where vm leaves the operands to OPA (numbers for minus, a string for count, type errors) it
// says so.
func TestNativeMatchesBuiltins(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 11))
	elems := []*ast.Term{ast.StringTerm("PERSON"), ast.StringTerm("EMAIL"), ast.StringTerm("IBAN"),
		ast.StringTerm("SECRET"), ast.IntNumberTerm(1), ast.IntNumberTerm(2), ast.FloatNumberTerm(2.5), ast.BooleanTerm(true)}
	set := func() *ast.Term {
		var ts []*ast.Term
		for _, e := range elems {
			if r.IntN(3) == 0 {
				ts = append(ts, e)
			}
		}
		return ast.SetTerm(ts...)
	}
	value := func() *ast.Term {
		switch r.IntN(8) {
		case 0:
			return ast.IntNumberTerm(r.IntN(5))
		case 1:
			return ast.StringTerm("ä" + fmt.Sprint(r.IntN(3)))
		case 2:
			return ast.ArrayTerm(elems[:r.IntN(4)]...)
		case 3:
			obj := ast.NewObject()
			for _, e := range elems[:4] {
				if r.IntN(2) == 0 {
					obj.Insert(e, ast.StringTerm("pseudonym"))
				}
			}
			return ast.NewTerm(obj)
		case 4:
			return ast.NullTerm()
		}
		return set()
	}
	builtin := func(name string, args []*ast.Term) (*ast.Term, error) {
		var out *ast.Term
		err := topdown.GetBuiltin(name)(topdown.BuiltinContext{}, args, func(t *ast.Term) error { out = t; return nil })
		return out, err
	}
	var buf []*ast.Term
	natives := 0
	for name, op := range nativeOps {
		arity := len(ast.BuiltinMap[name].Decl.FuncArgs().Args)
		for range 2000 {
			args := make([]*ast.Term, arity)
			for i := range args {
				args[i] = value()
			}
			if r.IntN(3) == 0 && arity == 2 { // mostly the same kind on both sides
				args[0], args[1] = set(), set()
				if r.IntN(4) == 0 {
					args[1] = args[0]
				}
			}
			got, ok, b := native(op, args, buf)
			buf = b
			want, err := builtin(name, args)
			if !ok {
				continue
			}
			natives++
			if err != nil {
				t.Fatalf("%s%v: vm computed %v, OPA fails: %v", name, args, got, err)
			}
			if ast.Compare(got.Value, want.Value) != 0 {
				t.Fatalf("%s%v = %v, OPA: %v", name, args, got, want)
			}
		}
	}
	if natives < 5000 {
		t.Fatalf("only %d of the cases were computed by vm", natives)
	}
	// What OPA computes for numbers and strings stays OPA's.
	for _, c := range []struct {
		op   vmNativeOp
		args []*ast.Term
	}{
		{nativeMinus, []*ast.Term{ast.IntNumberTerm(3), ast.IntNumberTerm(1)}},
		{nativeCount, []*ast.Term{ast.StringTerm("Müller")}},
		{nativeOr, []*ast.Term{ast.SetTerm(), ast.ArrayTerm()}},
		{nativeFilter, []*ast.Term{ast.ObjectTerm(), ast.ArrayTerm(ast.StringTerm("a"))}},
	} {
		if _, ok, _ := native(c.op, c.args, nil); ok {
			t.Errorf("native(%d, %v) computed what OPA's builtin should", c.op, c.args)
		}
	}
}

// TestSetAddLazy: a set made by MakeSetStmt holds the shared empty value until the first element,
// and the shared empty set term itself is never changed.
func TestSetAddLazy(t *testing.T) {
	e := &vmEval{}
	s := e.newTerm(ast.InternedEmptySetValue)
	if s == ast.InternedEmptySet || s.Value != ast.InternedEmptySetValue {
		t.Fatalf("newTerm = %p %v", s, s)
	}
	if !setAdd(s, ast.StringTerm("a")) || !setAdd(s, ast.StringTerm("b")) || !setAdd(s, ast.StringTerm("a")) {
		t.Fatal("setAdd refused a set")
	}
	if ast.Compare(s.Value, ast.MustParseTerm(`{"a", "b"}`).Value) != 0 || ast.InternedEmptySetValue.(ast.Set).Len() != 0 {
		t.Fatalf("set %v, shared empty set %v", s, ast.InternedEmptySetValue)
	}
	if setAdd(ast.InternedEmptySet, ast.StringTerm("a")) || setAdd(ast.ArrayTerm(), ast.StringTerm("a")) {
		t.Fatal("setAdd changed the shared empty set or a non-set")
	}
}
