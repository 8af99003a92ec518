//go:build race

package audit

// raceEnabled: the race detector makes sync.Pool drop items at random.
const raceEnabled = true
