package testcases

import (
	"testing"
)

// Thresholds for the fourth blind set (blind4/). The documents were written
// from TAXONOMY.md's rules alone, without looking at the detectors, their
// lexicons or the other labelled sets, as a realistic mix of what municipal
// staff paste into a chat AI. Set just below the figures measured when the
// set was written, so that a regression fails the test.
const (
	b4MinCheckDigit = 0.80
	b4MinMicroF1    = 0.92
	b4MinPersonF1   = 0.88
	b4MinSpecialF1  = 0.79
	b4MinCaseRefF1  = 0.95
)

// TestBlind4 scores detectors.Default() on blind4/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind4(t *testing.T) {
	checkSet(t, "blind4", setMinima{docs: 80, checkDigit: b4MinCheckDigit, micro: b4MinMicroF1, person: b4MinPersonF1,
		special: b4MinSpecialF1, caseRef: b4MinCaseRefF1})
}
