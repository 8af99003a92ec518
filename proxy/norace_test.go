//go:build !race

package proxy

import "time"

// raceEnabled reports whether the tests run under the race detector. A
// test that is heavy by design and has no concurrency of its own to check
// (megabytes compressed and unpacked one request at a time) runs in the
// plain run only: under the detector, on a loaded CI machine, it took a
// minute and checked no race.
//
// clientTimeout bounds a test client's request (harness.client): a guard
// against a hang, not a measure of speed. Under the race detector on a
// loaded CI machine a request that unpacks a few megabytes of brotli took
// more than 10 s (TestBrotliDictionaryPiecesRead), so it gets a minute.
const (
	raceEnabled   = false
	clientTimeout = 10 * time.Second
)
