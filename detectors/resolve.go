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
// finding of a lower tier wins, then the longer span, then the higher score,
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
	slices.SortFunc(fs, func(a, b Finding) int {
		if ta, tb := tier(a.Type), tier(b.Type); ta != tb {
			return ta - tb
		}
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return lb - la
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
	})
	// Accepted spans, kept sorted by Start for overlap lookups.
	var acc []Finding
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
