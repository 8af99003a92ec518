package testcases

import (
	"testing"
)

// Thresholds for the thirty-second blind set (blind32/). PLACEHOLDER.
const (
	b32MinCheckDigit = 0.99
	b32MinMicroF1    = 0.5
	b32MinPersonF1   = 0.5
	b32MinSpecialF1  = 0.5
	b32MinCaseRefF1  = 0.5
)

// TestBlind32 scores detectors.Default() on blind32/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind32(t *testing.T) {
	checkSet(t, "blind32", setMinima{docs: 100, checkDigit: b32MinCheckDigit, micro: b32MinMicroF1, person: b32MinPersonF1,
		special: b32MinSpecialF1, caseRef: b32MinCaseRefF1})
}
