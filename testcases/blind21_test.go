package testcases

import (
	"testing"
)

// Thresholds for the twenty-first blind set (blind21/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, mails with
// quoted history and signatures, Teams/Slack/WhatsApp/Signal chats, minutes,
// CSV/TSV/SQL/JSON/psql pastes, IT tickets, logs and configs, HR, Sozial-,
// Jugend-, Gesundheits- and Ausländerbehörde notes, forms, press releases,
// statutes; 15 of 100 without any finding, more nearly so; five prompts in
// English). Set just below the figures measured when the set was written,
// during round 25, so that a regression fails the test (measured: micro
// 0.926, PERSON 0.939, SPECIAL_CATEGORY 0.766, CASE_REFERENCE 0.916, every
// check-digit type 1.000).
const (
	b21MinCheckDigit = 0.99
	b21MinMicroF1    = 0.92
	b21MinPersonF1   = 0.93
	b21MinSpecialF1  = 0.95
	b21MinCaseRefF1  = 0.91
)

// TestBlind21 scores detectors.Default() on blind21/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind21(t *testing.T) {
	checkSet(t, "blind21", setMinima{docs: 100, checkDigit: b21MinCheckDigit, micro: b21MinMicroF1, person: b21MinPersonF1,
		special: b21MinSpecialF1, caseRef: b21MinCaseRefF1})
}
