package detectors

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDebug(t *testing.T) {
	p := os.Getenv("ZZ")
	if p == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(p)
	e := Default()
	for _, f := range e.Scan(b) {
		fmt.Printf("%s %q\n", f.Type, b[f.Start:f.End])
	}
}
