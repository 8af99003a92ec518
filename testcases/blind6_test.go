package testcases

import (
	"testing"
)

// Thresholds for the sixth blind set (blind6/). The documents were written
// from TAXONOMY.md's rules alone, without looking at the detectors, their
// lexicons or the other labelled sets: a realistic mix of everyday staff
// prompts (short mails, chats, "Formuliere um"), Sozial-, Jugend- and
// Ausländerbehörde case notes, HR documents, IT tickets, logs, configs and
// scripts with credentials, forms, tables and hard negatives. Set just below
// the figures measured when the set was written, so that a regression fails
// the test. Measured at writing: micro F1 0.918 (overlap 0.943), PERSON 0.897,
// SPECIAL_CATEGORY 0.722, CASE_REFERENCE 0.895, DE_ID_CARD P 0.857. PERSON
// threshold raised after round 9a (reaches 0.972). Round 9b (all other
// types) reaches micro 0.987, SPECIAL_CATEGORY 0.991, CASE_REFERENCE 1.000,
// the check-digit types 1.000.
const (
	b6MinCheckDigit = 0.98
	b6MinMicroF1    = 0.98
	b6MinPersonF1   = 0.98 // round 15a: 0.977; round 19b: 0.979; round 58: 0.986
	b6MinSpecialF1  = 0.99 // round 18a: 1.000
	b6MinCaseRefF1  = 0.99
)

// TestBlind6 scores detectors.Default() on blind6/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind6(t *testing.T) {
	checkSet(t, "blind6", setMinima{docs: 110, checkDigit: b6MinCheckDigit, micro: b6MinMicroF1, person: b6MinPersonF1,
		special: b6MinSpecialF1, caseRef: b6MinCaseRefF1})
}
