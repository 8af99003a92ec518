package testcases

import (
	"testing"
)

// Thresholds for the twenty-fifth blind set (blind25/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, mails with
// quoted history and signatures, Teams/Slack/WhatsApp chats, minutes,
// CSV/TSV/SQL/JSON/psql pastes, IT tickets, logs and configs, HR, Sozial-,
// Jugend-, Gesundheits-, Betreuungs- and Ausländerbehörde notes, forms, press
// releases, statutes; 15 of 100 without any finding, more nearly so; five
// prompts in English). Set just below the figures measured when the set was
// written, during round 29, so that a regression fails the test
// (measured at 7c76d4c: micro 0.919, PERSON 0.923, SPECIAL_CATEGORY 0.741,
// CASE_REFERENCE 0.930, SECRET 0.857 — a Sentry DSN key, a locker code and a
// firewall password missed —, the check-digit types 1.000).
// Raised after round 56 to just below its figures then (micro 0.969, CASE_REFERENCE 1.000).
const (
	b25MinCheckDigit = 0.99
	b25MinMicroF1    = 0.96
	b25MinPersonF1   = 0.97
	b25MinSpecialF1  = 0.74
	b25MinCaseRefF1  = 0.99
)

// TestBlind25 scores detectors.Default() on blind25/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind25(t *testing.T) {
	checkSet(t, "blind25", setMinima{docs: 100, checkDigit: b25MinCheckDigit, micro: b25MinMicroF1, person: b25MinPersonF1,
		special: b25MinSpecialF1, caseRef: b25MinCaseRefF1})
}
