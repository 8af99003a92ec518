package detectors

import (
	"slices"
	"unicode/utf8"
)

// tier orders finding types for overlap resolution: validated identifiers and
// unambiguous formats (0) beat format guesses with context (1), which beat
// lexicon-based types (2).
func tier(typ string) int {
	switch typ {
	case "SECRET", "EMAIL", "IBAN", "CREDIT_CARD", "DE_TAX_ID", "DE_VAT_ID",
		"DE_SOCIAL_SECURITY", "DE_HEALTH_INSURANCE", "DE_ID_CARD", "IP_ADDRESS":
		return 0
	case "PERSON", "SPECIAL_CATEGORY":
		return 2
	default:
		return 1
	}
}

// resolve drops invalid spans and resolves overlaps deterministically: a
// finding of a lower tier wins, then the longer span, then SPECIAL_CATEGORY
// over PERSON on the same span, then the higher score,
// then the earlier start, then the type name. A finding that overlaps an
// already accepted one is dropped, so a value inside a larger value (the name
// inside an e-mail address) is not reported again. The result is sorted by
// Start.
func resolve(fs []Finding, text []byte) []Finding {
	valid := fs[:0]
	for _, f := range fs {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			continue
		}
		if !onRuneBoundary(text, f.Start) || !onRuneBoundary(text, f.End) {
			continue
		}
		if f.Score <= 0 {
			continue
		}
		if f.Score > 1 {
			f.Score = 1
		}
		valid = append(valid, f)
	}
	fs = valid
	if len(fs) <= 1 {
		return fs
	}
	// Only findings that overlap, directly or through others, compete: sort
	// by start, cut into clusters of transitively overlapping spans and
	// resolve each cluster on its own. This gives the same result as one
	// greedy pass over all findings in priority order, because a finding's
	// fate depends only on the findings it overlaps.
	sortByStart(fs)
	out := fs[:0]
	var scratch []Finding
	for i := 0; i < len(fs); {
		j, end := i+1, fs[i].End
		for j < len(fs) && fs[j].Start < end {
			end = max(end, fs[j].End)
			j++
		}
		if j == i+1 {
			out = append(out, fs[i])
			i = j
			continue
		}
		scratch = append(scratch[:0], fs[i:j]...)
		out = append(out, resolveCluster(scratch, text)...)
		i = j
	}
	return out
}

// byStart orders findings by Start, then by priority.
func byStart(a, b Finding) int {
	if a.Start != b.Start {
		return a.Start - b.Start
	}
	return priority(a, b)
}

// sortByStart sorts fs with byStart. Every detector reports its findings in
// order, so fs is a few sorted runs, one per detector that found something:
// they are merged pairwise (a natural merge sort, n·log(runs) comparisons)
// instead of sorted from scratch (n·log(n)). Many runs fall back to
// slices.SortFunc. Fewer than 32 findings, a chat prompt's usual number, are
// sorted by insertion: a few runs take few moves, and its loop is a few
// lines of code where slices.SortFunc's pdqsort took ≈100 lines of 64 bytes,
// which a scan in the proxy, whose other work evicts the detectors' code,
// fetched anew. byStart leaves only identical findings unordered, so the result
// equals that of any other sort.
func sortByStart(fs []Finding) {
	const maxRuns = 64
	if len(fs) < 32 {
		for i := 1; i < len(fs); i++ {
			for j := i; j > 0 && byStart(fs[j-1], fs[j]) > 0; j-- {
				fs[j-1], fs[j] = fs[j], fs[j-1]
			}
		}
		return
	}
	var runs [maxRuns + 1]int // run starts, then len(fs)
	n := 1
	for i := 1; i < len(fs); i++ {
		if byStart(fs[i-1], fs[i]) > 0 {
			if n == maxRuns {
				slices.SortFunc(fs, byStart)
				return
			}
			runs[n] = i
			n++
		}
	}
	if n == 1 {
		return
	}
	runs[n] = len(fs)
	src, dst := fs, make([]Finding, len(fs))
	for n > 1 {
		k := 0
		for r := 0; r < n; r += 2 {
			lo, mid := runs[r], runs[r+1]
			if r+1 < n {
				hi := runs[r+2]
				mergeByStart(dst[lo:hi], src[lo:mid], src[mid:hi])
			} else {
				copy(dst[lo:mid], src[lo:mid])
			}
			runs[k] = lo
			k++
		}
		runs[k] = len(fs)
		n = k
		src, dst = dst, src
	}
	if &src[0] != &fs[0] {
		copy(fs, src)
	}
}

// mergeByStart merges the sorted a and b into dst (len(a)+len(b)), a first
// among equals.
func mergeByStart(dst, a, b []Finding) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if byStart(a[i], b[j]) <= 0 {
			dst[k] = a[i]
			i++
		} else {
			dst[k] = b[j]
			j++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// resolveCluster accepts findings greedily in priority order, dropping each
// one that overlaps an accepted one, and returns the accepted ones sorted by
// start (in fs's storage).
func resolveCluster(fs []Finding, text []byte) []Finding {
	slices.SortFunc(fs, priority)
	if len(fs) <= 64 {
		// Accepted spans, kept sorted by Start for overlap lookups.
		acc := fs[:0:0]
		for _, f := range fs {
			i, _ := slices.BinarySearchFunc(acc, f.Start, func(a Finding, s int) int { return a.Start - s })
			if i > 0 && acc[i-1].End > f.Start {
				continue
			}
			if i < len(acc) && acc[i].Start < f.End {
				continue
			}
			acc = slices.Insert(acc, i, f)
		}
		return acc
	}
	// A large cluster: mark accepted bytes in a bitset instead of inserting
	// into a sorted slice (quadratic), then sort the accepted ones once.
	// Accepted spans are disjoint, so marking is linear in the text; a
	// check costs the span length / 64.
	covered := make([]uint64, (len(text)+63)/64)
	acc := fs[:0]
	for _, f := range fs {
		if anySet(covered, f.Start, f.End) {
			continue
		}
		setRange(covered, f.Start, f.End)
		acc = append(acc, f)
	}
	slices.SortFunc(acc, func(a, b Finding) int { return a.Start - b.Start })
	return acc
}

// anySet reports whether a bit in [s, e) is set.
func anySet(bits []uint64, s, e int) bool {
	for i := s; i < e; {
		w := bits[i>>6] >> (i & 63)
		n := min(64-i&63, e-i)
		if n < 64 {
			w &= 1<<n - 1
		}
		if w != 0 {
			return true
		}
		i += n
	}
	return false
}

// setRange sets the bits in [s, e).
func setRange(bits []uint64, s, e int) {
	for i := s; i < e; {
		n := min(64-i&63, e-i)
		m := ^uint64(0)
		if n < 64 {
			m = 1<<n - 1
		}
		bits[i>>6] |= m << (i & 63)
		i += n
	}
}

// priority orders findings for resolve: the first one wins an overlap.
func priority(a, b Finding) int {
	if ta, tb := tier(a.Type), tier(b.Type); ta != tb {
		return ta - tb
	}
	if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
		return lb - la
	}
	// the same word as a name and as an Art. 9 phrase: the phrase, which is
	// blocked, not pseudonymised ("Vorerkrankungen laut Ehefrau:
	// Bluthochdruck" is no name)
	if a.Start == b.Start && a.Type != b.Type && (a.Type == "SPECIAL_CATEGORY" && b.Type == "PERSON" || a.Type == "PERSON" && b.Type == "SPECIAL_CATEGORY") {
		if a.Type == "SPECIAL_CATEGORY" {
			return -1
		}
		return 1
	}
	if a.Score != b.Score {
		if a.Score > b.Score {
			return -1
		}
		return 1
	}
	if a.Start != b.Start {
		return a.Start - b.Start
	}
	if a.Type < b.Type {
		return -1
	} else if a.Type > b.Type {
		return 1
	}
	return 0
}

// onRuneBoundary reports whether i does not split a valid UTF-8 sequence:
// it is 0, len(b), or no valid multi-byte rune starting before i reaches
// past it. Stray continuation bytes count as runes of their own, as Go
// decodes them.
func onRuneBoundary(b []byte, i int) bool {
	if i <= 0 || i >= len(b) {
		return true
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if utf8.RuneStart(b[j]) {
			r, n := utf8.DecodeRune(b[j:])
			return r == utf8.RuneError && n <= 1 || j+n <= i
		}
	}
	return true
}
