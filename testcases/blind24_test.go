package testcases

import (
	"testing"
)

// Thresholds for the twenty-fourth blind set (blind24/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, mails with
// quoted history and signatures, Teams/Slack/WhatsApp chats, minutes,
// CSV/TSV/SQL/JSON/psql pastes, IT tickets, logs and configs, HR, Sozial-,
// Jugend-, Gesundheits-, Betreuungs- and Ausländerbehörde notes, forms, press
// releases, statutes; 17 of 100 without any finding, more nearly so; ten
// prompts in English, eight of them with English text). Set just below the figures measured when the set was
// written, at the end of round 28, so that a regression fails the test
// (measured: micro 0.945, PERSON 0.956, SPECIAL_CATEGORY 0.835,
// CASE_REFERENCE 0.935, DE_ID_CARD recall 0.833 — two Personalausweis numbers
// in a card reader's log missed —, the other check-digit types 1.000).
const (
	b24MinCheckDigit = 0.83
	b24MinMicroF1    = 0.94
	b24MinPersonF1   = 0.95
	b24MinSpecialF1  = 0.93
	b24MinCaseRefF1  = 0.93
)

// TestBlind24 scores detectors.Default() on blind24/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind24(t *testing.T) {
	checkSet(t, "blind24", setMinima{docs: 100, checkDigit: b24MinCheckDigit, micro: b24MinMicroF1, person: b24MinPersonF1,
		special: b24MinSpecialF1, caseRef: b24MinCaseRefF1})
}
