package testcases

import (
	"testing"
)

// Thresholds for the twenty-ninth blind set (blind29/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets. More than a third of the set
// goes to offices the earlier sets had seldom: Wohngeld (a Bescheid, a Teams
// chat, an Excel household list), Elterngeld (an Outlook thread, a letter,
// a JSON API response, a Tomcat stack trace), Betreuungsbehörde (a
// Sozialbericht, an Excel list of court dockets), Versorgungsamt and
// Schwerbehindertenrecht (a Widerspruch, a Stellungnahme, an ärztliche
// Stellungnahme with ICD-10 codes), Kita-Gebühren (CSV with ';', a parent's
// mail, a Satzung), Musikschule (WhatsApp, an Anmeldung with SEPA mandate,
// an Entgeltordnung), Stadtbibliothek (an OPAC ticket, a Mahnung, a Python
// sync job), Stadtwerke (a complaint, a pain.008 SEPA XML, an English
// prompt), Abfallwirtschaft (an SQL INSERT, an illegal-dumping OWi, a
// calendar), Stadtkasse and Vollstreckung (a Pfändungsverfügung, a Teams
// chat with a card number, a Gerichtsvollzieher order), Rechnungsprüfung,
// the kommunale IT-Dienstleister (.env, Terraform, a Kubernetes Secret with
// a PEM key, a Slack incident with GitLab, GitHub, Slack, AWS and Vault
// tokens, curl with a JWT, a cookie and a CSRF token, nginx and JSON logs,
// a VPN ticket with a PIN), the Datenschutzbeauftragte (an Art. 33 report,
// an Art. 15 reply, a Teams chat on deletion), Beschwerdemanagement (a web
// form's JSON, an Outlook thread with quoted history), Integrationskurs
// (TSV, mails, an English summary), Obdachlosenunterkunft (a Belegung, a
// Hausverbot, WhatsApp with the caretaker) and the Sozialpsychiatrischer
// Dienst (a Vermerk, a Teams chat, a PsychKG application); beside them
// Sozialamt, Jugendamt, Jobcenter, Ausländerbehörde, Bürgerbüro, Steueramt,
// Ordnungsamt, Kfz, Standesamt, Personalamt (BEM, Beihilfe, payroll with
// rk, Personalrat), Schulamt, Gesundheitsamt, Bauamt, Wahlamt, Friedhof,
// Feuerwehr, the Rat and a VS-NfD Lagebild; foreign addresses in Spain,
// Turkey, Poland, Ukraine, Belgium and Ireland; 15 of 100 without any
// finding; five prompts in English. Set just below the figures measured
// when the set was written, after rounds 33 and 34, so that a regression
// fails the test (first run at 9f4dd3d: micro 0.933, PERSON 0.934 — lower-
// case chat names and lone given names —, SPECIAL_CATEGORY 0.805,
// CASE_REFERENCE 0.875 — Vorgang and BAMF numbers without a label word —,
// the check-digit types 1.000; micro 0.936 and SPECIAL_CATEGORY 0.827 at the
// commit that added the set, after the writer corrected nine labels in
// eight documents by TAXONOMY and testcases/README.md, see blind_test.go).
// Raised after round 35 (micro 0.956, PERSON 0.961, SPECIAL_CATEGORY 0.852,
// CASE_REFERENCE 0.947); round 36 measured micro 0.962, SPECIAL_CATEGORY
// 0.877, CASE_REFERENCE 0.965 (floors.json keeps each type).
// Raised after round 56 to just below its figures then (SPECIAL_CATEGORY 0.893).
// Raised after round 57 (micro 0.975, CASE_REFERENCE 0.977).
const (
	b29MinCheckDigit = 0.99
	b29MinMicroF1    = 0.97
	b29MinPersonF1   = 0.98
	b29MinSpecialF1  = 0.89
	b29MinCaseRefF1  = 0.97
)

// TestBlind29 scores detectors.Default() on blind29/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind29(t *testing.T) {
	checkSet(t, "blind29", setMinima{docs: 100, checkDigit: b29MinCheckDigit, micro: b29MinMicroF1, person: b29MinPersonF1,
		special: b29MinSpecialF1, caseRef: b29MinCaseRefF1})
}
