package testcases

import (
	"testing"
)

// Thresholds for the twenty-second blind set (blind22/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, mails with
// quoted history and signatures, Teams/Slack/WhatsApp/Signal chats, minutes,
// CSV/TSV/SQL/JSON/psql pastes, IT tickets, logs and configs, HR, Sozial-,
// Jugend-, Gesundheits- and Ausländerbehörde notes, forms, press releases,
// statutes; 16 of 100 without any finding, more nearly so; five prompts in
// English). Set just below the figures measured when the set was written,
// during round 26, so that a regression fails the test (measured: micro
// 0.926, PERSON 0.930, SPECIAL_CATEGORY 0.769, CASE_REFERENCE 0.918, every
// check-digit type 1.000).
// Raised after round 56 to just below its figures then (micro 0.990, SPECIAL_CATEGORY 0.961).
const (
	b22MinCheckDigit = 0.99
	b22MinMicroF1    = 0.98
	b22MinPersonF1   = 0.92
	b22MinSpecialF1  = 0.96
	b22MinCaseRefF1  = 0.91
)

// TestBlind22 scores detectors.Default() on blind22/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind22(t *testing.T) {
	checkSet(t, "blind22", setMinima{docs: 100, checkDigit: b22MinCheckDigit, micro: b22MinMicroF1, person: b22MinPersonF1,
		special: b22MinSpecialF1, caseRef: b22MinCaseRefF1})
}
