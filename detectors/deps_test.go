package detectors

import (
	"go/build"
	"strings"
	"testing"
)

// TestDeps keeps the detectors package a leaf: it must not import anything
// from this module (proxy, policies, audit, …) but internal/checkdigit (the
// check-digit rules it shares with providers, which imports nothing of
// ours), only the standard library and the few modules allowed here.
func TestDeps(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]string{
		"github.com/coregx/ahocorasick":  "keyword prefilter",
		"github.com/dlclark/regexp2/v2":  "regular expressions on candidate windows",
		"golang.org/x/text/unicode/norm": "Unicode normalisation of lexicon words",
	}
	for _, imp := range pkg.Imports {
		if imp == "github.com/schleuse/schleuse/internal/checkdigit" {
			continue
		}
		if strings.HasPrefix(imp, "github.com/schleuse/schleuse") {
			t.Errorf("detectors imports %s: leaf packages meet only through plain data types", imp)
			continue
		}
		if strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
			if _, ok := allowed[imp]; !ok {
				t.Errorf("detectors imports third-party %s without a reason listed here", imp)
			}
		}
	}
}
