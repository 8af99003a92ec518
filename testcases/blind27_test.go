package testcases

import (
	"testing"
)

// Thresholds for the twenty-seventh blind set (blind27/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (letters and Bescheide, Outlook mails
// with long quoted threads and signatures, Teams/Slack chats with lower-case
// names and nicknames, minutes, Excel pastes with merged header rows,
// Markdown tables, CSV/TSV/SQL/JSON/psql pastes, XML — XJustiz, XMeld- and
// XAusländer-like —, IT tickets, logs and configs, developer pastes — a
// pytest fixture, a Go table test, JUnit with card numbers, a Java stack
// trace, Kubernetes YAML with a PEM key, Terraform and .env with secrets,
// DevTools "Copy as cURL" and curl with an Authorization header —, Sozialamt
// SGB XII and Eingliederungshilfe, Jobcenter interface, Ausländerbehörde
// (Duldung, Aufenthaltstitel, foreign passport numbers), Bürgerbüro,
// Steueramt (Gewerbe- and Hundesteuer), Ordnungsamt (Gaststätte),
// Standesamt, Vergabe, Personalamt (Zeugnis, Beurteilung, BEM), Kita and
// Schulamt, Wahlamt, Einbürgerung, Wohngeld/BAföG, Kfz-Zulassung,
// Bauaufsicht, Friedhof, Feuerwehr and Rettungsdienst, Personalrat and
// Gleichstellungsstelle; 15 of 100 without any finding, more nearly so; five
// prompts in English). Set just below the figures measured when the set was
// written, at the end of round 31, so that a regression fails the test
// (measured at 25da7e6: micro 0.943, PERSON 0.956, SPECIAL_CATEGORY 0.851,
// CASE_REFERENCE 0.906, the check-digit types 1.000; SECRET, 0.788, is the
// weakest type: passwords in chat and ticket prose, an AWS secret key, a
// session cookie and a Laravel APP_KEY were missed; micro 0.944, PERSON
// 0.958 and SPECIAL_CATEGORY 0.855 at the commit that added the set, after
// the writer labelled two values left out by TAXONOMY, see blind_test.go).
// Raised after round 32 (micro 0.980, PERSON 0.983, SPECIAL_CATEGORY 0.930,
// CASE_REFERENCE 0.988, SECRET 1.000).
const (
	b27MinCheckDigit = 0.99
	b27MinMicroF1    = 0.98
	b27MinPersonF1   = 0.98
	b27MinSpecialF1  = 0.92
	b27MinCaseRefF1  = 0.98
)

// TestBlind27 scores detectors.Default() on blind27/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind27(t *testing.T) {
	checkSet(t, "blind27", setMinima{docs: 100, checkDigit: b27MinCheckDigit, micro: b27MinMicroF1, person: b27MinPersonF1,
		special: b27MinSpecialF1, caseRef: b27MinCaseRefF1})
}
