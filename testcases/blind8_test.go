package testcases

import (
	"testing"
)

// Thresholds for the eighth blind set (blind8/). The 100 documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, mails with
// quoted history, chats, minutes, CSV/SQL/JSON pastes, IT tickets, logs and
// configs, HR, Sozial-, Jugend- and Ausländerbehörde notes, forms, press
// releases, statutes; about a quarter hard or near negatives). Set just
// below the figures measured when the set was written, so that a regression
// fails the test (measured: micro 0.932, PERSON 0.934, SPECIAL_CATEGORY 0.794,
// CASE_REFERENCE 0.929, POSTAL_ADDRESS 0.862, every check-digit type 1.000).
// Raised after round 11b (micro 0.988, SPECIAL_CATEGORY 0.958, CASE_REFERENCE
// 1.000, POSTAL_ADDRESS 1.000).
const (
	b8MinCheckDigit = 0.99
	b8MinMicroF1    = 0.98
	b8MinPersonF1   = 0.99
	b8MinSpecialF1  = 0.98 // round 13b: 0.986
	b8MinCaseRefF1  = 0.99
)

// TestBlind8 scores detectors.Default() on blind8/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind8(t *testing.T) {
	checkSet(t, "blind8", setMinima{docs: 100, checkDigit: b8MinCheckDigit, micro: b8MinMicroF1, person: b8MinPersonF1,
		special: b8MinSpecialF1, caseRef: b8MinCaseRefF1})
}
