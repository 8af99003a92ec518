package testcases

import (
	"testing"
)

// Thresholds for the twentieth blind set (blind20/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, mails with
// quoted history, Teams/Slack/WhatsApp chats, minutes, CSV/TSV/SQL/JSON/psql
// pastes, IT tickets, logs and configs, HR, Sozial-, Jugend-, Gesundheits-
// and Ausländerbehörde notes, forms, press releases, statutes; 16 of 100
// without any finding, more nearly so; five prompts in English). Set just
// below the figures measured when the set was written, after round 24, so
// that a regression fails the test (measured: micro 0.910, PERSON 0.938,
// SPECIAL_CATEGORY 0.690, CASE_REFERENCE 0.848, every check-digit type
// 1.000 but CREDIT_CARD precision 0.667: a police Vorgangsnummer the writer
// invented, 4711-026-118834, happens to be a 13-digit Visa-prefixed number
// that passes Luhn; it stays labelled CASE_REFERENCE. Round 25 requires the
// groupings cards are printed in, so the check-digit minimum is 0.99 as on
// every other set).
// Raised after round 56 to just below its figures then (micro 0.960, PERSON 0.976, SPECIAL_CATEGORY 0.858).
// Raised after round 57 (PERSON 0.978, micro 0.962, CASE_REFERENCE 0.986).
const (
	b20MinCheckDigit = 0.99
	b20MinMicroF1    = 0.96
	b20MinPersonF1   = 0.98
	b20MinSpecialF1  = 0.85
	b20MinCaseRefF1  = 0.98
)

// TestBlind20 scores detectors.Default() on blind20/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind20(t *testing.T) {
	checkSet(t, "blind20", setMinima{docs: 100, checkDigit: b20MinCheckDigit, micro: b20MinMicroF1, person: b20MinPersonF1,
		special: b20MinSpecialF1, caseRef: b20MinCaseRefF1})
}
