package extract

import (
	"go/parser"
	gotoken "go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestImports keeps the package a leaf: no other schleuse package, and of
// third-party modules only pdfcpu, mscfb (the Compound File reader of
// OLE objects, sec17; in go.mod before, through excelize) and msoleps (an
// OLE object's property sets, by the same author, also through excelize).
func TestImports(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(gotoken.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p := strings.Trim(im.Path.Value, `"`)
			if strings.Contains(strings.SplitN(p, "/", 2)[0], ".") && !strings.HasPrefix(p, "github.com/pdfcpu/pdfcpu/") && p != "github.com/richardlehane/mscfb" &&
				!strings.HasPrefix(p, "github.com/richardlehane/msoleps") {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
