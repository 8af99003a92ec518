//go:build bench && linux

package bench

import (
	"os"
	"strconv"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// evictBuf is larger than any cache of the machines the project runs on.
var evictBuf = make([]byte, 128<<20)

// evictAll reads and writes a byte of every cache line of evictBuf.
//
//go:noinline
func evictAll() {
	for i := 0; i < len(evictBuf); i += 64 {
		evictBuf[i]++
	}
}

//go:noinline
func scanOnce(e *detectors.Engine, text []byte) int { return len(e.Scan(text)) }

// TestScanCold scans the proxy benchmark's 16 KB prompt SCHLEUSE_COLD_LOOPS
// times, each time after evicting every cache; bench/cold.sh runs it under
// callgrind, counting inside scanOnce only, and reports the cache lines one
// cold scan misses (docs/benchmarks.md, "Commands"). Without the variable it
// does nothing.
func TestScanCold(t *testing.T) {
	k, _ := strconv.Atoi(os.Getenv("SCHLEUSE_COLD_LOOPS"))
	if k == 0 {
		t.Skip("SCHLEUSE_COLD_LOOPS not set (bench/cold.sh sets it)")
	}
	e := detectors.Default()
	text := proxyPrompt(16 << 10)
	e.Scan(text) // the pool's Text and its buffers, the lists' ids
	e.Scan(text)
	for range k {
		evictAll()
		scanOnce(e, text)
	}
}
