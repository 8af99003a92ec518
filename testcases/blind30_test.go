package testcases

import (
	"testing"
)

// Thresholds for the thirtieth blind set (blind30/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets. More than half of the set goes
// to offices the earlier sets had seldom or never: Unterhaltsvorschuss (a
// Bescheid with a Polish address, a Teams chat, a Rundschreiben),
// BAföG-Amt (a PDF copy-paste with broken lines, an Outlook thread, a Java
// stack trace with a Spring config), Bildung und Teilhabe (a label/value
// form, a ';' CSV), Einbürgerung (a Vermerk, an English reply, a
// Merkblatt), Fundbüro (a Fundanzeige, WhatsApp with the owner, an XML
// export), Gewerbeamt (a registration form, an SQL INSERT, a Finanzamt
// letter as OCR), Gaststättenerlaubnis (a Bescheid, a Teams chat),
// Veterinäramt (a Tierschutz Vermerk, Slack with a password, an English
// prompt on a dog bite), Lebensmittelkontrolle (an OCR'd Kontrollbericht
// with hyphenated names and addresses), Denkmalschutz (a Genehmigung, a
// Teams chat, curl with a JWT and a session cookie), Immissionsschutz (a
// complaint mail, a JSON API answer with IPv6, WhatsApp Business with
// sender numbers), Baumschutz, Parkausweise (aG, Bewohnerparken as TSV,
// Terraform with Stripe and Google keys), Bußgeldstelle (an Anhörungsbogen,
// a lawyer's Einspruch, a CSV of plates, a portal chat with a card number),
// Rettungsdienst and Leitstelle (an Einsatzprotokoll with ICD-10, a syslog,
// an .env), Frauenhaus (an Aufnahmevermerk, a WhatsApp group with a door
// code), Gleichstellungsstelle (an AGG Protokoll, a Stellungnahme),
// Seniorenberatung, Pflegestützpunkt (a Teams chat with a KVNR, a form),
// Heimaufsicht (a Prüfbericht, an Outlook thread), Volkshochschule (CSV
// with foreign IBANs, a Personalbogen with Steuer-ID and RVNR), Sportamt,
// Tourismus (a Honorarvertrag, a storno from Graz with a card number, an
// English reply with an Irish address), Vergabestelle, Liegenschaften (a
// Pachtvertrag, a Markdown table), Wirtschaftsförderung (a JSON
// application), Ratsinformationssystem (a ticket with a VS-NfD annex, a
// Kubernetes Secret with an EC key), Schiedsperson (a Niederschrift, a
// mail with an address in Vienna), Schulsozialarbeit,
// Jugendgerichtshilfe, Vormundschaft and Adoptionsvermittlung; beside them
// Personalamt (BEM), Kfz, Gesundheitsamt (IfSG), Sozialamt (a Turkish
// address), Bürgerbüro (a passport MRZ), Standesamt, Jobcenter, Wahlamt,
// DSB, Friedhof (a French address), Feuerwehr and a VS-NfD Lagebild;
// 15 of 100 without any finding; five prompts in English. Set just below
// the figures measured when the set was written, after round 36, so that a
// regression fails the test (first run at 0cc6ab5: micro 0.938, PERSON 0.937
// — chat senders and first names, names after a role word —,
// SPECIAL_CATEGORY 0.827, CASE_REFERENCE 0.810 — file numbers without a
// label word in tables, SQL, JSON and XML —, the check-digit types 1.000;
// micro 0.939 and SPECIAL_CATEGORY 0.837 at the commit that added the set,
// after the writer corrected one label, 030's "im" before a pregnancy's
// month, by testcases/README.md, see blind_test.go). Raised after round 37
// (micro 0.947, PERSON 0.955) and after round 38 (micro 0.957, PERSON
// 0.968, SPECIAL_CATEGORY 0.872).
// Raised after round 57 (micro 0.980, CASE_REFERENCE 0.935).
const (
	b30MinCheckDigit = 0.99
	b30MinMicroF1    = 0.97
	b30MinPersonF1   = 0.98
	b30MinSpecialF1  = 0.86
	b30MinCaseRefF1  = 0.93
)

// TestBlind30 scores detectors.Default() on blind30/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind30(t *testing.T) {
	checkSet(t, "blind30", setMinima{docs: 100, checkDigit: b30MinCheckDigit, micro: b30MinMicroF1, person: b30MinPersonF1,
		special: b30MinSpecialF1, caseRef: b30MinCaseRefF1})
}
