package testcases

import (
	"testing"
)

// Thresholds for the thirteenth blind set (blind13/). The 100 documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff, citizens and IT staff paste into a chat AI: letters and
// Bescheide, mails with quoted history, chats, minutes, CSV/SQL/JSON, IT
// tickets, logs and configs, HR, Sozial-, Jugend- and Ausländerbehörde notes,
// forms, press releases, statutes, English prompts with German data; about a
// fifth hard negatives. Set just below the figures measured when the set was
// written, so that a regression fails the test (measured: micro 0.926,
// PERSON 0.892, SPECIAL_CATEGORY 0.772, CASE_REFERENCE 0.990, every
// check-digit type 1.000 except DE_ID_CARD recall 0.875: a 9-character
// Ausweis number in a lower-case chat is missed).
const (
	b13MinCheckDigit = 0.99 // DE_ID_CARD 1.000 after round 20a (seriennr)
	b13MinMicroF1    = 0.93 // above 0.94 after round 16b
	b13MinPersonF1   = 0.94 // 0.948 after round 16a
	b13MinSpecialF1  = 0.88 // 0.863 after round 18a, 0.878 after round 20a, 0.899 after round 34, 0.889 after round 77 labelled 055's disorientation in a Pflegegutachten's module (missed)
	b13MinCaseRefF1  = 0.99 // 1.000 after round 20a
)

// TestBlind13 scores detectors.Default() on blind13/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind13(t *testing.T) {
	checkSet(t, "blind13", setMinima{docs: 100, checkDigit: b13MinCheckDigit, micro: b13MinMicroF1, person: b13MinPersonF1,
		special: b13MinSpecialF1, caseRef: b13MinCaseRefF1})
}
