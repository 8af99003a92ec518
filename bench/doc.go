//go:build bench

// Package bench holds schleuse's end-to-end benchmarks (issue 11): detection
// throughput per detector and for the whole engine at three finding densities
// and four sizes beside a naive all-regex baseline, and proxy latency,
// throughput, streaming time-to-first-byte and peak RSS for three setups
// measured in interleaved rounds: direct to a fake upstream, a bare goproxy
// MITM without inspection (the floor) and the real schleuse binary with the
// default policy.
//
// The package is built only with -tags bench; `make bench` runs it. Results
// and how to read them: docs/benchmarks.md.
package bench
