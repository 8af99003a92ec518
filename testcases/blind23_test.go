package testcases

import (
	"testing"
)

// Thresholds for the twenty-third blind set (blind23/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, mails with
// quoted history and signatures, Teams/Slack/WhatsApp chats, minutes,
// CSV/TSV/SQL/JSON/psql pastes, IT tickets, logs and configs, HR, Sozial-,
// Jugend-, Gesundheits-, Betreuungs- and Ausländerbehörde notes, forms, press
// releases, statutes; 16 of 100 without any finding, more nearly so; five
// prompts in English). Set just below the figures measured when the set was
// written, during round 27, so that a regression fails the test (measured:
// micro 0.927, PERSON 0.943, SPECIAL_CATEGORY 0.742, CASE_REFERENCE 0.892,
// DE_ID_CARD recall 0.875 — one Personalausweis number missed —, the other
// check-digit types 1.000).
// Raised after round 56 to just below its figures then (micro 0.971, PERSON 0.972).
const (
	b23MinCheckDigit = 0.87
	b23MinMicroF1    = 0.97
	b23MinPersonF1   = 0.97
	b23MinSpecialF1  = 0.92
	b23MinCaseRefF1  = 0.89
)

// TestBlind23 scores detectors.Default() on blind23/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind23(t *testing.T) {
	checkSet(t, "blind23", setMinima{docs: 100, checkDigit: b23MinCheckDigit, micro: b23MinMicroF1, person: b23MinPersonF1,
		special: b23MinSpecialF1, caseRef: b23MinCaseRefF1})
}
