//go:build race

package providers

import "time"

// raceEnabled: the race detector makes sync.Pool drop items at random.
const raceEnabled = true

// linearBound: see norace_test.go.
func linearBound(time.Duration, time.Duration) bool { return false }
