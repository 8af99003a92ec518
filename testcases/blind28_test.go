package testcases

import (
	"testing"
)

// Thresholds for the twenty-eighth blind set (blind28/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets, as a realistic mix of what
// municipal staff paste into a chat AI (Bescheide and letters, Outlook mails
// with quoted history and signatures, Teams and WhatsApp chats with
// lower-case display names and first names, minutes of the Rat, a committee
// and the Personalrat, Excel/TSV pastes, CSV with ';', ',' and quoted cells,
// Markdown tables, an SQL INSERT, JSON API responses and JSON log lines,
// XMeld- and XJustiz-like XML, a TD1 MRZ, IT tickets with passwords and PINs
// in prose, nginx logs, developer pastes — .env, docker-compose, Terraform
// with an Azure client secret and a SendGrid key, Kubernetes Secrets with a
// PEM key and base64 data, a Go table test with IBANs and cards, a pytest
// fixture, Java and Python stack traces, DevTools "Copy as cURL" with a JWT,
// a session cookie and an XSRF token, a Slack incident with GitHub, Slack,
// Stripe, OpenAI and GitLab tokens —, Sozialamt (Grundsicherung,
// Eingliederungshilfe, Hilfe zur Pflege, Bestattungskosten), Jugendamt,
// Unterhaltsvorschuss, Jobcenter and Sozialgericht, Ausländerbehörde and
// Einbürgerung, Bürgerbüro, Steueramt (Hundesteuer, Gewerbe- and
// Grundsteuer), Ordnungsamt, Bußgeldstelle, Kfz-Zulassung, Standesamt,
// Personalamt (BEM, Beihilfe, Zeugnis, Beurteilung, payroll with rk/ev),
// Schulamt, Gesundheitsamt and Rettungsdienst, Bauaufsicht, Wahlamt,
// Friedhof, Feuerwehr, Vergabe, Fundbüro, Gleichstellungsstelle, a VS-NfD
// Lagebild; foreign addresses in Spain, France, Italy, Poland, Syria and
// India; 15 of 100 without any finding; five prompts in English). Set
// just below the figures measured when the set was written, after round 32,
// so that a regression fails the test (measured at 2002dde: micro 0.947,
// PERSON 0.963, SPECIAL_CATEGORY 0.780, CASE_REFERENCE 0.970; DE_TAX_ID
// 0.917 — R 0.846, the two Steuer-IDs of a pytest fixture's dict were
// missed —, the other check-digit types 1.000; SPECIAL_CATEGORY is the
// weakest type: phrases with their qualifiers, a lay word, ethnicity and
// religion, diagnoses in Excel cells; micro 0.950 and SPECIAL_CATEGORY 0.790
// at the commit that added the set, after the writer corrected seven labels
// in five documents by TAXONOMY, see blind_test.go). The Steuer-IDs are
// found since "steuer_id" is a label of DE_TAX_ID (DE_TAX_ID 1.000, micro
// 0.951), so the check-digit types are held to 0.99 as in the other sets.
// Raised after round 33 (micro 0.989, PERSON 0.990, SPECIAL_CATEGORY 0.959,
// CASE_REFERENCE 0.994, SECRET 1.000; 0.988 on the labels as written).
const (
	b28MinCheckDigit = 0.99
	b28MinMicroF1    = 0.98
	b28MinPersonF1   = 0.98
	b28MinSpecialF1  = 0.95
	b28MinCaseRefF1  = 0.99
)

// TestBlind28 scores detectors.Default() on blind28/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind28(t *testing.T) {
	checkSet(t, "blind28", setMinima{docs: 100, checkDigit: b28MinCheckDigit, micro: b28MinMicroF1, person: b28MinPersonF1,
		special: b28MinSpecialF1, caseRef: b28MinCaseRefF1})
}
