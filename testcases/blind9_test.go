package testcases

import (
	"testing"
)

// Thresholds for the ninth blind set (blind9/, 90 documents, 22 without any
// label). The documents were written from TAXONOMY.md's rules alone, without
// looking at the detectors, their lexicons or the other labelled sets, as a
// realistic mix of what municipal staff paste into a chat AI: letters and
// Bescheide, mails with quoted history, chats, minutes, CSV/SQL pastes, IT
// tickets, logs and configs, HR, social, youth and foreigners' office notes,
// press releases, statutes. Set just below the figures measured when the set
// was written, so that a regression fails the test (measured: micro 0.912,
// PERSON 0.915, SPECIAL_CATEGORY 0.635, CASE_REFERENCE 0.921; every
// check-digit type 1.000 except DE_ID_CARD P 0.833, one extra on a Kosovar
// passport number, which TAXONOMY does not count as a German document).
// Round 12b fixed the families outside PERSON (measured: micro 0.965,
// SPECIAL_CATEGORY 0.948, CASE_REFERENCE 1.000, every check-digit type
// 1.000) and raised these minima to just below. Round 12a fixed the PERSON
// families (measured: PERSON 0.967) and raised its minimum to just below.
const (
	b9MinCheckDigit = 0.99
	b9MinMicroF1    = 0.96
	b9MinPersonF1   = 0.97 // round 13a: 0.973
	b9MinSpecialF1  = 0.94
	b9MinCaseRefF1  = 0.99
)

// TestBlind9 scores detectors.Default() on blind9/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind9(t *testing.T) {
	checkSet(t, "blind9", setMinima{docs: 90, checkDigit: b9MinCheckDigit, micro: b9MinMicroF1, person: b9MinPersonF1,
		special: b9MinSpecialF1, caseRef: b9MinCaseRefF1})
}
