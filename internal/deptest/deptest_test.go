// Package deptest checks that imports run one way: cmd → proxy → leaves.
// The leaves never import the proxy, the command or each other; they meet
// only through plain data types.
package deptest

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/schleuse/schleuse/"

// leaves may import only the standard library, modules and these of ours
// (internal/checkdigit and internal/byteset import nothing of ours: rules
// and searches leaves share).
var leaves = map[string][]string{
	"detectors": {"internal/checkdigit"},
	"policies":  nil,
	"audit":     nil,
	"providers": {"internal/checkdigit", "internal/byteset"},
	"pseudonym": nil,
	"extract":   nil,
	"identity":  nil,
	"telemetry": nil,
	"config":    nil,
}

func TestImportsRunOneWay(t *testing.T) {
	for leaf, allowed := range leaves {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", mod+leaf).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", leaf, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if !strings.HasPrefix(dep, mod) || dep == mod+leaf || strings.HasPrefix(dep, mod+leaf+"/") {
				continue
			}
			rel := strings.TrimPrefix(dep, mod)
			ok := false
			for _, a := range allowed {
				if rel == a {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s imports %s: leaves must not import the proxy, the command or each other", leaf, rel)
			}
		}
	}
}
