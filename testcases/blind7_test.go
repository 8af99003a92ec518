package testcases

import (
	"testing"
)

// Thresholds for the seventh blind set (blind7/). The documents were written
// from TAXONOMY.md's rules alone, without looking at the detectors, their
// lexicons or the other labelled sets, as a realistic mix of what municipal
// staff paste into a chat AI (about a quarter hard negatives). Set just below
// the figures measured when the set was written, so that a regression fails
// the test (measured: micro 0.901, PERSON 0.892, SPECIAL_CATEGORY 0.739,
// CASE_REFERENCE 0.889, every check-digit type 1.000). Round 10b fixed the
// families it showed (SPECIAL_CATEGORY 0.983, CASE_REFERENCE 1.000) and
// raised those two minima.
const (
	b7MinCheckDigit = 0.99
	b7MinMicroF1    = 0.89
	b7MinPersonF1   = 0.975 // 0.892 when written; 0.971 after round 10a, 0.977 after round 11a, 0.978 after round 14a
	b7MinSpecialF1  = 0.98
	b7MinCaseRefF1  = 0.99
)

// TestBlind7 scores detectors.Default() on blind7/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind7(t *testing.T) {
	checkSet(t, "blind7", setMinima{docs: 100, checkDigit: b7MinCheckDigit, micro: b7MinMicroF1, person: b7MinPersonF1,
		special: b7MinSpecialF1, caseRef: b7MinCaseRefF1})
}
