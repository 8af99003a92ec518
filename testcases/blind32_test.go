package testcases

import (
	"testing"
)

// Thresholds for the thirty-second blind set (blind32/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets. More than half of the set goes
// to settings the earlier sets had seldom or never: Kreisverwaltung
// (Kfz-Zulassung with a Halterwechsel mail, an Excel paste of
// Außerbetriebsetzungen, a Händlerzulassung form and an i-Kfz log with a
// card number; Fahrerlaubnisbehörde (MPU); Jagd- und Waffenbehörde (a
// Zuverlässigkeit Vermerk, a Teams chat, an inheritance of weapons, a VS-NfD
// Staatsschutz notice, a Rotwild mail); Heimaufsicht (a Prüfbericht, a
// daughter's complaint, an English summary prompt); Lebensmittelüberwachung
// (a Kontrollbericht, a Listeria mail, an English food-truck prompt);
// Schornsteinfeger (a Zweitbescheid, an OCR'd Mitteilung)), Eigenbetriebe
// (Klinikum: Entlassbrief with ICD-10 codes and a KVNR, a DEÜV query with
// RVNRs, an HL7 ticket, an MD-Prüfung, a BEM invitation; Altenheim: a CSV of
// residents, a WhatsApp handover, Heimentgelt; Verkehrsbetrieb: an
// erhöhtes-Beförderungsentgelt letter, an SQL dump, a card complaint, an
// English complaint with an Irish address; Sparkasse-adjacent: a SEPA XML,
// a ';' CSV of Rücklastschriften, a P-Konto query), Schulsekretariat and
// Schulsozialarbeit (Krankmeldung, a Schülerstammblatt with a Konfession,
// a Teams chat, a lower-case prompt typed fast, a BuT form), Gemeinderat's
// nichtöffentliche Sitzung and a Personalausschuss, Standesamt's
// Nachbeurkundung (a Turkish, a Polish and a Canadian address),
// Friedhofsverwaltung (a TSV of Grabnutzungsrechte with an Italian address,
// an Umbettung nach islamischem Ritus, a card payment), Gewerbeamt
// (Gewerbeanmeldung as a Markdown form, an OCR'd Reisegewerbekarte, a
// Gaststättenerlaubnis with a Dutch address, a PDF copy-paste with broken
// lines, WhatsApp), Wahlamt (a Briefwahlverzeichnis TSV with a Danish
// address, a JSON export with IPv6, Erfrischungsgeld in Markdown),
// Vergabestelle (a Submissionsniederschrift with USt-IdNrn., a quoted
// Outlook thread, an exclusion, an English bid from Denmark), DSFA drafts,
// Ratsinformation (Einwendungen, an Einwohnerfragestunde with a citizens'
// initiative), Sozialgericht (a Klageerwiderung with Einzel-GdB, a dictated
// Schriftsatz in lower case, a Jobcenter Vergleich, an Eingliederungshilfe
// case, an English summary with an RVNR), Ausländerbehörde's
// Fiktionsbescheinigung (notes, an XAusländer XML), IT-Sicherheit (an OWA
// incident with logs, a FortiGate ticket, a Citrix alert in English, a
// phishing mail's headers marked VS-NfD, an OpenSSH private key) and HR
// (an Arbeitszeugnis, an Abmahnung and the Personalrat's chat about it, an
// apprentice); developer pastes: Terraform, .env, curl with a JWT, a
// pytest fixture, a Java stack trace with a wrong IBAN left unlabelled,
// Helm values with a Kubernetes Secret. 15 of 100 without any finding
// (SchfHwG, a Drucksache, road numbers, a Stellenplan with pay grades,
// Pflegestatistik, schools and streets named after people, a DSFA draft
// and a Schwellwertanalyse, Friedhofsgebühren, the TVöD table, a
// Hygienemerkblatt, a Spring config with variable references, a
// Wahlergebnis, school statistics, fare-dodging figures); five prompts in
// English. Set just below the figures measured when the set was written,
// during round 44 (first run at ecec9d3: micro 0.918, PERSON 0.925,
// SPECIAL_CATEGORY 0.788, CASE_REFERENCE 0.876, IBAN P 0.931 — two IBANs of
// 032's pytest output the writer had left unlabelled —; after the writer's
// label fixes against TAXONOMY.md (those two IBANs, 007's "abstinent",
// 014's and 094's "Rente wegen voller Erwerbsminderung", 015's surname in
// "Ehenamen Karaca", 023's three "Einzel-GdB", 060's "krankmeldungen",
// 063's "fieber", "erbrochen" and a lone "emil") micro 0.920, PERSON 0.925,
// SPECIAL_CATEGORY 0.799, CASE_REFERENCE 0.876, the check-digit types
// 1.000, at b7f470d during round 44, see blind_test.go).
// Raised after round 56 to just below its figures then (micro 0.963, PERSON 0.955, SPECIAL_CATEGORY 0.937).
const (
	b32MinCheckDigit = 0.99
	b32MinMicroF1    = 0.96
	b32MinPersonF1   = 0.95
	b32MinSpecialF1  = 0.93
	b32MinCaseRefF1  = 0.87
)

// TestBlind32 scores detectors.Default() on blind32/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind32(t *testing.T) {
	checkSet(t, "blind32", setMinima{docs: 100, checkDigit: b32MinCheckDigit, micro: b32MinMicroF1, person: b32MinPersonF1,
		special: b32MinSpecialF1, caseRef: b32MinCaseRefF1})
}
