//go:build race

package proxy

// raceEnabled: see norace_test.go.
const raceEnabled = true
