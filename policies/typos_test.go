package policies

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestUnknownTypeInRego: a misspelt finding type inside the Rego (data.yaml's are caught by the
// default policy's own test) made its rule silently never match. Open, Test and Reload refuse
// such a policy and name file, line and string, German first; the default policy has none.
func TestUnknownTypeInRego(t *testing.T) {
	good := "package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n"
	typo := good + "\nblocked := {\"IBNA\", \"PERSON\"}\n" + // line 5
		"\nbad if input.findings[_].type == \"PERSONS\"\n" + // line 7
		"\nx := data.richtlinie.always_block.DE_TAXID\n" + // line 9
		"\npost if input.request.method == \"POST\"\n" + // an HTTP method, no type
		"\nHEADLINE := 1\n" // a rule's name, no string compared
	dir := writePolicy(t, map[string]string{"richtlinie.rego": typo,
		// A test may name a type that does not exist on purpose.
		"richtlinie_test.rego": "package t\n\ntest_new if not data.schleuse.blocked[\"NEW_TYPE\"]\n"})
	want := []string{
		"Unbekannte Datenart „IBNA“ in richtlinie.rego Zeile 5 (Tippfehler?) / unknown finding type \"IBNA\" in richtlinie.rego line 5 (typo?)",
		"Unbekannte Datenart „PERSONS“ in richtlinie.rego Zeile 7 (Tippfehler?)",
		"Unbekannte Datenart „DE_TAXID“ in richtlinie.rego Zeile 9 (Tippfehler?)",
	}
	check := func(what string, err error) {
		t.Helper()
		var ute *UnknownTypeError
		if !errors.As(err, &ute) {
			t.Fatalf("%s: %v, want an UnknownTypeError", what, err)
		}
		if len(ute.Found) != 3 {
			t.Errorf("%s: found %q, want the three misspelt types only", what, ute.Found)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", what, err, w)
			}
		}
	}
	_, err := Open(ctx, dir)
	check("Open", err)
	_, _, err = Test(ctx, dir, io.Discard, false)
	check("Test", err)
	_, err = OpenUntested(ctx, dir)
	check("OpenUntested", err)

	// A reload to the misspelt version keeps the last good one.
	dir = writePolicy(t, map[string]string{"richtlinie.rego": good})
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	rev := e.Revision()
	if err := os.WriteFile(dir+"/richtlinie.rego", []byte(typo), 0o644); err != nil {
		t.Fatal(err)
	}
	check("Reload", e.Reload(ctx))
	if e.Revision() != rev {
		t.Error("Reload took the policy with the misspelt type")
	}

	b, err := load("")
	if err != nil {
		t.Fatalf("default policy: %v", err)
	}
	if found := unknownTypes(b.modules); len(found) != 0 {
		t.Errorf("default policy: %q", found)
	}
}

// TestKnownTypesAreTheDetectors keeps KnownTypes equal to detectors.AllTypes (read from its
// source: policies may not import detectors, TestImports).
func TestKnownTypesAreTheDetectors(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../detectors/engine.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "AllTypes" {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					want = append(want, s)
				}
				return true
			})
		}
	}
	if len(want) < 10 {
		t.Fatalf("read %d types from detectors.AllTypes: %v", len(want), want)
	}
	got := slices.Sorted(slices.Values(KnownTypes))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("policies.KnownTypes = %v\nwant detectors.AllTypes() = %v", got, want)
	}
}
