package detectors

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// replaceCoveredNaive is replaceCovered as round 77 wrote it, each finding
// of add compared with all of dst's: the reference the indexed one must
// agree with.
func replaceCoveredNaive(dst []Finding, n0 int, add []Finding) []Finding {
	for _, g := range add {
		ok := true
		for _, f := range dst[n0:] {
			if f.Type == g.Type && f.Start < g.End && g.Start < f.End && (f.Start < g.Start || f.End > g.End) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		out := dst[:n0]
		for _, f := range dst[n0:] {
			if !(f.Type == g.Type && f.Start < g.End && g.Start < f.End) {
				out = append(out, f)
			}
		}
		dst = append(out, g)
	}
	slices.SortStableFunc(dst[n0:], byStartOnly)
	return dst
}

// randomSpans is n findings of PERSON or EMAIL over 200 bytes, by Start
// when sorted, up to 40 bytes long, overlapping as they fall.
func randomSpans(r *rand.Rand, n int, sorted bool) []Finding {
	fs := make([]Finding, n)
	for i := range fs {
		s := r.IntN(200)
		fs[i] = Finding{Type: []string{"PERSON", "EMAIL"}[r.IntN(2)], Start: s, End: s + 1 + r.IntN(40)}
	}
	if sorted {
		slices.SortStableFunc(fs, byStartOnly)
	}
	return fs
}

func checkReplaceCovered(t *testing.T, seed uint64) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	head := []Finding{{Type: "IBAN", Start: 5, End: 27}}
	old := randomSpans(r, r.IntN(12), r.IntN(2) == 0)
	add := randomSpans(r, r.IntN(6), true)
	want := replaceCoveredNaive(append(slices.Clone(head), old...), 1, slices.Clone(add))
	got := replaceCovered(append(slices.Clone(head), old...), 1, slices.Clone(add))
	if !slices.Equal(got, want) {
		t.Fatalf("seed %d: old %v add %v:\n got %v\nwant %v", seed, old, add, got, want)
	}
	sp := newSpans(old)
	for s := 0; s < 250; s++ {
		holds := slices.ContainsFunc(old, func(f Finding) bool { return f.Start <= s && s < f.End })
		if sp.holds(s) != holds {
			t.Fatalf("seed %d: holds(%d) = %v, want %v (%v)", seed, s, !holds, holds, old)
		}
	}
}

// TestReplaceCovered: the indexed replaceCovered and spans.holds answer as
// the walks over all findings did (lineBreakNames used those, quadratic in
// a text of one name a line: BenchmarkScanWorstCase/breaknames).
func TestReplaceCovered(t *testing.T) {
	for seed := range uint64(3000) {
		checkReplaceCovered(t, seed)
	}
}

func FuzzReplaceCovered(f *testing.F) {
	for _, s := range []uint64{0, 1, 42, 2999} {
		f.Add(s)
	}
	f.Fuzz(checkReplaceCovered)
}
