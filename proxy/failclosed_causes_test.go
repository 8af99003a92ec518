package proxy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/schleuse/schleuse/telemetry"
)

// TestFailClosedCausesCounted: every cause the pipeline blocks with
// (failClosed("cause", …), the audit rule schleuse:cause) is a label value
// of schleuse_failclosed_total, as docs/operations.md promises. One that is
// not counts as cause="other": "ambiguous_body" (a Content-Type or a JSON
// member given twice) did, so an alert or the dashboard on the cause never
// saw it.
func TestFailClosedCausesCounted(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	seen := 0
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "failClosed" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			cause, _ := strconv.Unquote(lit.Value)
			seen++
			if !slices.Contains(telemetry.FailClosedCauses, cause) {
				t.Errorf("%s: failClosed(%q): not in telemetry.FailClosedCauses, counted as cause=\"other\"", fset.Position(call.Pos()), cause)
			}
			return true
		})
	}
	if seen < 10 {
		t.Fatalf("found %d failClosed calls; the test no longer finds them", seen)
	}
}
