//go:build !race

package proxy

// raceEnabled reports whether the tests run under the race detector. A
// test that is heavy by design and has no concurrency of its own to check
// (megabytes compressed and unpacked one request at a time) runs in the
// plain run only: under the detector, on a loaded CI machine, it took a
// minute and checked no race.
const raceEnabled = false
