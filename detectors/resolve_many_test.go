package detectors

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// resolveReference is the plain quadratic form of resolve's overlap rule.
func resolveReference(fs []Finding) []Finding {
	var acc []Finding
	for _, f := range fs {
		ok := true
		for _, a := range acc {
			if a.Start < f.End && f.Start < a.End {
				ok = false
				break
			}
		}
		if ok {
			acc = append(acc, f)
		}
	}
	slices.SortFunc(acc, func(a, b Finding) int { return a.Start - b.Start })
	return acc
}

// TestResolveManyFindings checks resolve (clusters, the sorted-slice and the
// bitset path) against the reference on random overlapping spans.
func TestResolveManyFindings(t *testing.T) {
	types := AllTypes()
	for seed := range uint64(100) {
		// Short texts make one large cluster, long ones many small ones.
		text := make([]byte, []int{300, 3000, 100000}[seed%3])
		for i := range text {
			text[i] = 'x'
		}
		r := rand.New(rand.NewPCG(seed, 1))
		n := 2 + r.IntN(400)
		fs := make([]Finding, n)
		for i := range fs {
			s := r.IntN(len(text))
			e := min(len(text), s+1+r.IntN(1+r.IntN(200)))
			fs[i] = Finding{Type: types[r.IntN(len(types))], Start: s, End: e, Score: 0.1 + 0.9*r.Float64()}
		}
		got := resolve(slices.Clone(fs), text)
		// The reference sees the same priority order resolve uses.
		want := resolveReference(sortedBy(slices.Clone(fs), priority))
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: %d findings: resolve kept %d, reference %d", seed, n, len(got), len(want))
		}
	}
}

func sortedBy(fs []Finding, cmp func(a, b Finding) int) []Finding {
	slices.SortFunc(fs, cmp)
	return fs
}

func TestBitRanges(t *testing.T) {
	bits := make([]uint64, 4)
	setRange(bits, 60, 130)
	for i := range 256 {
		want := i >= 60 && i < 130
		if got := anySet(bits, i, i+1); got != want {
			t.Fatalf("bit %d = %v", i, got)
		}
	}
	if anySet(bits, 0, 60) || anySet(bits, 130, 256) || !anySet(bits, 0, 61) || !anySet(bits, 129, 200) {
		t.Fatal("range checks wrong")
	}
}

// TestSortByStart compares the run merge with a plain sort on findings made
// of one to 80 sorted runs (the engine's case: one run per detector), and on
// random ones.
func TestSortByStart(t *testing.T) {
	types := AllTypes()
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 2))
		var fs []Finding
		runs := 1 + r.IntN(80)
		for range runs {
			run := make([]Finding, r.IntN(60))
			for i := range run {
				s := r.IntN(500) // few distinct starts: ties go to priority
				run[i] = Finding{Type: types[r.IntN(len(types))], Start: s, End: s + 1 + r.IntN(20), Score: float64(r.IntN(4)) / 4}
			}
			if seed%5 != 0 {
				slices.SortFunc(run, byStart)
			}
			fs = append(fs, run...)
		}
		got := slices.Clone(fs)
		sortByStart(got)
		want := sortedBy(slices.Clone(fs), byStart)
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: %d findings in %d runs sorted differently", seed, len(fs), runs)
		}
	}
}
