#!/bin/sh
# Cache lines that one scan of the proxy benchmark's 16 KB prompt misses
# when every cache was evicted before it, as the rest of a request in the
# proxy evicts the engine's tables: valgrind's callgrind with its cache
# simulation (48 KB L1, 32 MB last level), counting only inside the ten cold
# scans (docs/benchmarks.md, "Commands"). Prints, per scan, the last-level
# read and write misses (each a line of 64 bytes the scan had to fetch), the
# lines of code it had to fetch (instruction misses) and the instructions,
# everything the scan calls included.
set -eu
# The figures in docs/benchmarks.md are of the build make uses (the Makefile
# sets GOEXPERIMENT=simd: the vector word-start pass); without it the eight-byte
# fallback is counted, more instructions that read as a regression.
# GOEXPERIMENT= (set, empty) measures the fallback on purpose.
: "${GOEXPERIMENT=simd}"
export GOEXPERIMENT
bin=$(mktemp)
trap 'rm -f "$bin" "$bin".*' EXIT
go test -tags bench -c -o "$bin" ./bench/
SCHLEUSE_COLD_LOOPS=10 GOGC=off GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 \
	valgrind --tool=callgrind --cache-sim=yes --D1=49152,12,64 --LL=33554432,16,64 \
	--toggle-collect='*bench.scanOnce*' --callgrind-out-file="$bin.cg" \
	"$bin" -test.run '^TestScanCold$' >"$bin.out" 2>&1 || { cat "$bin.out" >&2; exit 1; }
awk '/^events:/ { for (i = 2; i <= NF; i++) ev[i - 1] = $i }
	/^summary:|^totals:/ { for (i = 2; i <= NF; i++) v[ev[i - 1]] = $i }
	END { printf "per cold 16 KB scan: %d LL read misses, %d LL write misses, %d LL instruction misses, %d instructions\n", v["DLmr"] / 10, v["DLmw"] / 10, v["ILmr"] / 10, v["Ir"] / 10 }' "$bin.cg"
