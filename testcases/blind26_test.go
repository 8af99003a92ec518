package testcases

import (
	"testing"
)

// Thresholds for the twenty-sixth blind set (blind26/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, mails with
// quoted history and signatures, Teams/Slack/WhatsApp chats, minutes,
// CSV/TSV/SQL/JSON/psql pastes, IT tickets, logs and configs, developer pastes
// — Python, Go and Java code with fixtures, stack traces, Kubernetes YAML,
// .env files, curl with an Authorization header —, HR, Personalrat and
// Gleichstellungsstelle, Sozial-, Jugend-, Gesundheits- and Ausländerbehörde
// notes, Kita and Schulamt, Wahlamt, Einbürgerung, Wohngeld/BAföG,
// Kfz-Zulassung, Bauaufsicht, Friedhofsverwaltung, Feuerwehr and
// Rettungsdienst; 15 of 100 without any finding, more nearly so; five prompts
// in English). Set just below the figures measured when the set was written,
// during round 30, so that a regression fails the test
// (measured at 9b46cb6: micro 0.937, PERSON 0.937, SPECIAL_CATEGORY 0.828,
// CASE_REFERENCE 0.927, the check-digit types 1.000 except DE_ID_CARD, whose
// precision is 0.857: a Syrian passport number in 007's JSON is found as a
// German document number, which TAXONOMY.md excludes; hence the lower
// check-digit minimum).
const (
	b26MinCheckDigit = 0.85
	b26MinMicroF1    = 0.93
	b26MinPersonF1   = 0.93
	b26MinSpecialF1  = 0.96
	b26MinCaseRefF1  = 0.92
)

// TestBlind26 scores detectors.Default() on blind26/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind26(t *testing.T) {
	checkSet(t, "blind26", setMinima{docs: 100, checkDigit: b26MinCheckDigit, micro: b26MinMicroF1, person: b26MinPersonF1,
		special: b26MinSpecialF1, caseRef: b26MinCaseRefF1})
}
