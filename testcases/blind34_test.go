package testcases

import (
	"testing"
)

// Thresholds for the thirty-fourth blind set (blind34/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets. More than half of the set goes
// to settings the earlier sets had seldom or never: Standesamt (a
// Namenserklärung for a child, a Bestatter's Sterbefallanzeige with religion
// and cause of death, a Teams chat before a Vaterschaftsanerkennung with a
// Reisepass number, a dictated Urkunde with numbers spoken as words, an SQL
// dump of Sterbefälle with religions, an Eheschließung with a Ghanaian and a
// Vietnamese name), Ausländerbehörde (a Fiktionsbescheinigung Vermerk, a
// WhatsApp with an interpreter, an OCR'd Duldung with O for 0, an
// Ausbildungsduldung, a VS-NfD Sicherheitsbefragung with a religion, an
// English prompt about a Duldung), Waffenbehörde (a Regelüberprüfung with
// dementia, a TSV of Eingänge, a YAML config with a key passphrase, a VS-NfD
// Lagebild on a Reichsbürger), Veterinäramt (a Tierschutz Kontrollbericht, a
// Hundebiss report, an English prompt for a Dutch farmer), Gesundheitsamt (a
// Schuleingangsuntersuchung, an OCR'd IfSG fax with l for I, a Teams
// transcript on tuberculosis with time stamps, a DEMIS JSON with an ICD-10
// code, a tenant's Legionellen mail), Beihilfe (an Excel paste with drugs and
// diagnoses, an English prompt on a psychotherapy bill), Reisekosten (a
// quoted mail with a Hüft-OP, a chat with a private VISA number),
// Vergabestelle (an Angebotsöffnung in Markdown with USt-IdNrn., a forwarded
// Bieterfrage with English headers, an SQL Bieterregister), Liegenschaften
// and Erbbaurecht (Word comments with a Pflegegrad, an English-headed
// Kaufanfrage, a JSON API answer), Vollstreckung (a Pfändungs- und
// Einziehungsverfügung, a Vollziehungsbeamter's WhatsApp, an SAP fixed-width
// list of Kassenzeichen, a Drittschuldnererklärung, a Vermögensauskunft with
// a Steuernummer), Eingliederungshilfe (a Teilhabeplan with Merkzeichen,
// track changes with an ICD-10 code), Pflegestützpunkt (a lower-case
// dictation with numbers spoken digit by digit, a daughter's mail with a
// KVNR), Schulsozialarbeit (a Fallnotiz on self-harm, a lower-case Teams
// chat), Schöffenwahl (a ';' CSV with a union membership, a Teams transcript
// with a party office), Wahlamt (a Markdown Wahlhelfer table, a Briefwahl
// ticket, a vCard, an ICS entry in an English prompt, an OCR'd
// Wahlscheinantrag), Personalrat (a Niederschrift, an LDIF dump with a
// password hash), BEM (a quoted thread, an ICS invitation), an
// Auswahlvermerk, an Art. 15 request from Strasbourg and its answer, a
// Partnerschaftsverein (a TSV list, a mail with emoji), Ehrenamtskarte (a
// JSON answer, a letter), Seniorenbeirat, Forstamt (a ',' CSV of
// Jagdpächter), Klärwerk and Entwässerung (an OPC UA log with a password, a
// shell history with a JWT, an Indirekteinleiter Anordnung, a Widerspruch),
// Straßenverkehrsbehörde (an OCR'd Halteverbot application with a Dutch
// IBAN, a Slack thread), IT-Servicedesk (a password reset, a VPN ticket in
// English, a phishing report with mail headers, a Temporary Access Pass in a
// Teams chat). 15 of 100 without any finding (a Trinkwasser report, a
// Brennholz notice, Standesamt fees, a Waffen Merkblatt, a
// Geflügelpest-Allgemeinverfügung, a Schöffen call, a Vergabe notice, a
// Teilhabeplan leaflet, an MFA rollout mail, a Seniorenbeirat motion, Klärwerk
// figures, a StVO Anordnung, a password policy, a Pflegestützpunkt flyer, an
// Ehrenamtskarte Richtlinie); five prompts in English.
// Set just below the figures measured when the set was written, at main's
// 292b3bde after round det48 (first run: micro 0.915, PERSON 0.900,
// SPECIAL_CATEGORY 0.846, CASE_REFERENCE 0.940, POSTAL_ADDRESS 0.928; after
// the writer's label fixes against TAXONOMY.md and testcases/README.md —
// 011's doctor "Lenz", 035's chat name "marco", 053's old and new given
// names in quotes, 096's Ehename in quotes, 061's "Hollenbach, Sigrid" as
// one span, 021's "Mitglied der IG Metall" with its role, 082's Erreger of
// the reported child, 077's police Vorgangsnummer — micro 0.921, PERSON
// 0.909, SPECIAL_CATEGORY 0.864, CASE_REFERENCE 0.948, POSTAL_ADDRESS 0.928,
// the check-digit types 1.000; see blind_test.go).
// Raised after round 56 to just below its figures then (micro 0.956, SPECIAL_CATEGORY 0.895).
// Raised after round 57 (PERSON 0.954).
const (
	b34MinCheckDigit = 0.99
	b34MinMicroF1    = 0.95
	b34MinPersonF1   = 0.95
	b34MinSpecialF1  = 0.90
	b34MinCaseRefF1  = 0.94
)

// TestBlind34 scores detectors.Default() on blind34/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind34(t *testing.T) {
	checkSet(t, "blind34", setMinima{docs: 100, checkDigit: b34MinCheckDigit, micro: b34MinMicroF1, person: b34MinPersonF1,
		special: b34MinSpecialF1, caseRef: b34MinCaseRefF1})
}
