//go:build !race

package providers

import "time"

const raceEnabled = false

// linearBound reports whether d, the time a reading that must be linear in
// its input took, passed bound: a quadratic reading of the tests' inputs
// takes many times the bound, a linear one some milliseconds. Under the
// race detector, which slows such loops tenfold and more, on a loaded CI
// machine, the bound is not asserted (race_test.go): the plain run keeps
// the guard, and the race run is for races.
func linearBound(d, bound time.Duration) bool { return d > bound }
