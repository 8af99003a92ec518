//go:build race

package proxy

import "time"

// raceEnabled, clientTimeout: see norace_test.go.
const (
	raceEnabled   = true
	clientTimeout = time.Minute
)
