//go:build race

package providers

// raceEnabled: the race detector makes sync.Pool drop items at random.
const raceEnabled = true
