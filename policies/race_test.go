//go:build race

package policies

// raceEnabled: the race detector slows evaluation tenfold; long tests run fewer cases.
const raceEnabled = true
