package testcases

import (
	"testing"
)

// Thresholds for the fourth blind set (blind4/). The documents were written
// from TAXONOMY.md's rules alone, without looking at the detectors, their
// lexicons or the other labelled sets, as a realistic mix of what municipal
// staff paste into a chat AI. Set just below the figures measured when the
// set was written, so that a regression fails the test; raised after the
// round that fixed its families (micro 0.935 → 0.977, PERSON 0.907 → 0.946,
// SPECIAL_CATEGORY 0.800 → 1.000, CASE_REFERENCE 0.966 → 0.983); PERSON 0.959
// after round 8a (blind5's PERSON families).
const (
	b4MinCheckDigit = 0.95
	b4MinMicroF1    = 0.97
	b4MinPersonF1   = 0.975 // round 13a: 0.976, round 14a: 0.978
	b4MinSpecialF1  = 0.99
	b4MinCaseRefF1  = 0.98
)

// TestBlind4 scores detectors.Default() on blind4/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind4(t *testing.T) {
	checkSet(t, "blind4", setMinima{docs: 80, checkDigit: b4MinCheckDigit, micro: b4MinMicroF1, person: b4MinPersonF1,
		special: b4MinSpecialF1, caseRef: b4MinCaseRefF1})
}
