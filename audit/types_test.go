package audit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"
)

// TestKnownTypesAreTheDetectors keeps knownTypes (the types a value search
// without a type tries) equal to the list of detectors.AllTypes: a type
// missing here would make "was this value ever sent?" answer no for every
// record of that type. audit's tests may not import detectors (TestImports),
// so the list is read from its source.
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
	got := slices.Sorted(slices.Values(knownTypes))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("audit.knownTypes = %v\nwant detectors.AllTypes() = %v", got, want)
	}
}
