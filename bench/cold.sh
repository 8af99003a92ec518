#!/bin/sh
# Cache lines that one scan of the proxy benchmark's 16 KB prompt misses
# when every cache was evicted before it, as the rest of a request in the
# proxy evicts the engine's tables: valgrind's cachegrind (simulated 48 KB
# L1, 32 MB last level; deterministic) counts the misses of 1 and of 11
# cold scans, and the difference less the eviction's own is ten scans'
# (docs/benchmarks.md, "Commands"). Prints, per scan, last-level read and
# write misses and instructions of the detectors package and of all code.
set -eu
bin=$(mktemp)
trap 'rm -f "$bin" "$bin".*' EXIT
go test -tags bench -c -o "$bin" ./bench/
for k in 1 11; do
	SCHLEUSE_COLD_LOOPS=$k GOGC=off GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 \
		valgrind --tool=cachegrind --cache-sim=yes --D1=49152,12,64 --LL=33554432,16,64 \
		--cachegrind-out-file="$bin.cg.$k" "$bin" -test.run '^TestScanCold$' >"$bin.out" 2>&1 ||
		{ cat "$bin.out" >&2; exit 1; }
done
cg_diff "$bin.cg.1" "$bin.cg.11" >"$bin.diff"
cg_annotate --show=DLmr,DLmw,Ir --threshold=0 --auto=no "$bin.diff" | sed 's/([ 0-9.-]*%)//g' | awk '
	$1 ~ /^-?[0-9,]+$/ && NF >= 4 {
		for (i = 1; i <= 3; i++) { v[i] = $i; gsub(",", "", v[i]) }
		if ($NF ~ /evictAll/) for (i = 1; i <= 3; i++) ev[i] = v[i]
		else if ($NF ~ /PROGRAM/ || $0 ~ /PROGRAM TOTALS/) for (i = 1; i <= 3; i++) tot[i] = v[i]
		else if ($NF ~ /schleuse\/detectors\./) for (i = 1; i <= 3; i++) det[i] += v[i]
	}
	END {
		printf "per cold 16 KB scan: detectors %d LL read misses, %d LL write misses, %d instructions\n", det[1] / 10, det[2] / 10, det[3] / 10
		printf "per cold 16 KB scan: all code  %d LL read misses, %d LL write misses, %d instructions\n", (tot[1] - ev[1]) / 10, (tot[2] - ev[2]) / 10, (tot[3] - ev[3]) / 10
	}'
