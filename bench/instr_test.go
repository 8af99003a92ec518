//go:build bench

package bench

import (
	"os"
	"strconv"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// TestScanInstructions scans 1 MB of germanText (SCHLEUSE_SCAN_DENSITY
// findings per KB, default 1) SCHLEUSE_SCAN_LOOPS times and does nothing
// else; it is skipped when SCHLEUSE_SCAN_LOOPS is not set. Run under
// valgrind's callgrind with two loop counts, the difference of the two
// instruction totals divided by the difference of the loop counts is what one
// scan of 1 MB costs in instructions: unlike time, repeatable to ±0.1 % on a
// machine that others share (docs/benchmarks.md, "Commands").
func TestScanInstructions(t *testing.T) {
	loops, err := strconv.Atoi(os.Getenv("SCHLEUSE_SCAN_LOOPS"))
	if err != nil {
		t.Skip("SCHLEUSE_SCAN_LOOPS not set")
	}
	density := 1
	if s := os.Getenv("SCHLEUSE_SCAN_DENSITY"); s != "" {
		if density, err = strconv.Atoi(s); err != nil {
			t.Fatalf("SCHLEUSE_SCAN_DENSITY: %v", err)
		}
	}
	text := germanText(1<<20, density)
	e := detectors.Default()
	for range loops {
		e.Scan(text)
	}
}
