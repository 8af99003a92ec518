package testcases

import (
	"testing"
)

// Thresholds for the thirty-third blind set (blind33/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets. More than half of the set goes
// to settings the earlier sets had seldom or never: Feuerwehr and
// Rettungsdienst (an Einsatzbericht with a blocked Aufstellfläche, a
// Rettungsdienstprotokoll with a KVNR and an ICD-10 code, a Brandschau
// Niederschrift and an English summary for a Dutch owner, a Teams Dienstplan
// in lower case, G26.3 results of Atemschutzgeräteträger, an ASR'd Notruf
// transcript, a Helm values file, a CSV of Abrechnungsfälle with KVNRs, a
// VS-NfD Krisenstab list in fixed-width columns, an English handover for a
// British tourist), Stadtbibliothek (a 3. Mahnung, a ';' CSV of
// Leserkonten, an Irish reader's English mail, an LDIF dump with a bind
// password, a Fernleihe chat, a PEM key of an RFID gateway, curl with a JWT
// against the OPAC), Volkshochschule and Musikschule (Ermäßigung with GdB
// and Merkzeichen, a Swedish IBAN in a quoted thread, a Teams transcript
// with time stamps, an OCR'd Anmeldebogen with broken lines and a Polish
// IBAN), Kita-Platzvergabe and Elternbeiträge (a Markdown points table, a
// Beitragsbescheid, an SQL insert of Vormerkungen, an Erlass mail, a
// parent's mail with religion and an intolerance), Betreuungsbehörde and
// Vormundschaft (a Sozialbericht, a Beschluss in an English prompt, a
// Vergütungsantrag, a dictated Vermerk in lower case, a Hilfeplan),
// Unterhaltsvorschuss (a Heranziehung, a Slack export, a Markdown
// application), Wohngeld (a forwarded Outlook thread, Word track changes, a
// JSON answer with mojibake, an Ablehnung), BAföG (an Einkommensvermerk with
// two Steuer-IDs, a quoted student's mail), Elterngeld (a Bescheid draft, a
// lower-case chat with emoji), Jugendgerichtshilfe (a Bericht with a
// Jugendrichter docket, a Teams chat, a VS-NfD Staatsschutz notice with a
// political membership), Obdachlosenunterkunft (a TSV Belegungsliste, an
// Einweisungsverfügung), Integrationskurse (a 422 JSON, a forwarded mail
// with English headers, a WhatsApp from a teacher, a TSV Anwesenheitsliste),
// Hundesteuer and Zweitwohnungsteuer (an Anmeldung, a SAP fixed-width
// export, a Kontrolleur chat, a Widerspruch with an Amsterdam address and a
// BVerfG docket, a dictated Befreiung with a lower-case IBAN, an Indian
// student's English prompt), Anwohnerparken (WhatsApp, a quoted CSV, an
// nginx log with IPv6), Stadtwerke (a Sperrandrohung, a live chat, a
// Ratenzahlung, a .env with a Stripe key, a TSV of Ablesungen),
// Abfallwirtschaft (a Mängelmelder complaint, a psql result, a log of a
// card payment charged twice), Rechnungsprüfungsamt (a Kassenprüfung with a
// safe code), Gleichstellungsbeauftragte, Personalakte (an OCR'd
// Stammblatt, an Entgeltabrechnung with a Kirchenaustritt, an Excel paste
// of AU-Tage), Bauhof and Friedhof rotas (Markdown, CSV), Fundbüro (a
// Fundanzeige with an ID card, a VISA number and an IBAN, a ticket with a
// 10-character Ausweisnummer, a bicycle), Marktamt (fixed-width Zulassungen
// with USt-IdNrn. and a Steuernummer, a Romanian trader), Bäder (an
// Unfallmeldung, a Hausverbot), Standesamt (a Sterbefall). 15 of 100
// without any finding (a Prüfbericht, the Brandschutzbedarfsplan, a
// Benutzungsordnung, a Hundesteuersatzung, a press release, an
// Abfallkalender, a VHS programme, pool hours with emoji, Integrationskurs
// statistics, a Friedhofssatzung, a Python config with variable references,
// an Elternbeitrag table with pay grades, a Marktordnung, a Winterdienst
// Unterweisung with road numbers, a BAföG text); five prompts in English.
// Set just below the figures measured when the set was written, at main's
// c4271600 after round det46 (first run: micro 0.904, PERSON 0.903,
// SPECIAL_CATEGORY 0.800, CASE_REFERENCE 0.806, POSTAL_ADDRESS 0.880; after
// the writer's label fixes against TAXONOMY.md and testcases/README.md —
// 008's "Schwerbehinderung" as the ground of the applicant's Ermäßigung,
// 026's "Merkzeichen aG" in a general rule unlabelled, 081's quoted CSV
// cells with the street value alone, 082's "krank" of the father — micro
// 0.908, PERSON 0.903, SPECIAL_CATEGORY 0.805, CASE_REFERENCE 0.806,
// POSTAL_ADDRESS 0.920, the check-digit types 1.000; see blind_test.go).
// Raised after round 56 to just below its figures then (micro 0.950, SPECIAL_CATEGORY 0.855).
const (
	b33MinCheckDigit = 0.99
	b33MinMicroF1    = 0.95
	b33MinPersonF1   = 0.94
	b33MinSpecialF1  = 0.85
	b33MinCaseRefF1  = 0.80
)

// TestBlind33 scores detectors.Default() on blind33/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind33(t *testing.T) {
	checkSet(t, "blind33", setMinima{docs: 100, checkDigit: b33MinCheckDigit, micro: b33MinMicroF1, person: b33MinPersonF1,
		special: b33MinSpecialF1, caseRef: b33MinCaseRefF1})
}
