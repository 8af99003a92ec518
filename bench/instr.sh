#!/bin/sh
# Instructions per 1 MB engine scan of germanText at DENSITY findings per KB
# (default 1), counted by valgrind's callgrind: bench/instr.sh [DENSITY]
# (docs/benchmarks.md, "Commands").
set -eu
# The figures in docs/benchmarks.md are of the build make uses (the Makefile
# sets GOEXPERIMENT=simd: the vector word-start pass); without it the eight-byte
# fallback counts ≈73 M instead of ≈58 M per MB, which reads as a regression.
# GOEXPERIMENT= (set, empty) measures the fallback on purpose.
: "${GOEXPERIMENT=simd}"
export GOEXPERIMENT
density=${1:-1}
bin=$(mktemp)
trap 'rm -f "$bin" "$bin".out "$bin".cg.*' EXIT
go test -tags bench -c -o "$bin" ./bench/
# Valgrind 3.19 does not know RDTSCP, which the Go runtime executes now and
# then when a lock is contended; such a run dies with SIGILL and is repeated.
count() {
	for try in 1 2 3; do
		SCHLEUSE_SCAN_LOOPS=$1 SCHLEUSE_SCAN_DENSITY=$density GOGC=off GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 \
			valgrind --tool=callgrind --callgrind-out-file="$bin.cg.$1" "$bin" -test.run '^TestScanInstructions$' -test.v \
			>"$bin.out" 2>&1 || true
		if grep -q -- '--- PASS: TestScanInstructions' "$bin.out"; then
			sed -n 's/.*refs: *//p' "$bin.out" | tr -d ,
			return
		fi
	done
	cat "$bin.out" >&2
	echo "instr.sh: the run with $1 loops failed under valgrind three times" >&2
	exit 1
}
a=$(count 2)
b=$(count 12)
echo "perKB=$density: $(((b - a) / 10)) instructions per 1 MB scan"
