package testcases

import (
	"testing"
)

// Thresholds for the thirty-fifth blind set (blind35/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets. More
// than half of the set goes to settings the earlier sets had seldom or never:
// Jobcenter and Bürgergeld (a Weiterbewilligung Vermerk with a Mehrbedarf, a
// Kooperationsplan with a Kundennummer, a quoted Outlook thread on a
// Leistungsminderung after a psychiatric stay, a KdU Vermerk with Merkzeichen
// aG, a TSV Datenabgleich with RVNRs, an English IT ticket), Wohngeld (an
// OCR'd Mietbescheinigung with O for 0, a Bescheid with track changes and
// Word comments, a JSON API answer with a JWT), Elterngeld (a quoted reply, a
// Teams chat on a Frühgeburt, a Bescheid Anlage with Kirchensteuer rk, an
// Arbeitgeberbescheinigung with an RVNR and Konfession ev), Unterhaltsvorschuss
// (a ';' CSV of Rückgriff cases, an English prompt, a batch log with a DB
// password, a letter to Poland with a Polish IBAN and address),
// Betreuungsbehörde (a Sozialbericht, a YAML config with secrets, a Markdown
// Betreuervorschlag), Heimaufsicht (a Begehungsprotokoll, an anonymous
// complaint, a § 12 WTG Meldung), Obdachlosenunterkunft (a WhatsApp in lower
// case, an Einweisungsverfügung), Feuerwehr and Rettungsdienst (an
// Einsatzbericht with plates, a complaint answer, a NIDA XML export, a TSV of
// G26.3 checks, a Dienstunfall with an RVNR, a VS-NfD Erreichbarkeitsliste of
// a Katastrophenschutzstab, a WhatsApp on a Gebührenbescheid), Musikschule
// (an Ermäßigung mail with ADHS, an Excel paste of Honorare with Steuer-IDs
// and an Austrian IBAN), VHS (a JSON Anmeldung with an API key, a WhatsApp
// sick note, a credit-card complaint), Bibliothek (an SQL Mahnung insert, a
// quoted Fernleihe mail, a helpdesk chat with a password), Friedhof and
// Bestattung (Nutzungsrecht, Bestattung von Amts wegen with a cause of death,
// a lower-case dictation, a quoted CSV of Sterbefälle with religions, an
// English Grabreservierung), Hundesteuer (an Anmeldung form, a Widerspruch
// letter, a Bestandsaufnahme table), Gewerbeamt (a Teams chat on an
// Untersagung with a Steuernummer and USt-IdNr., an OCR'd Gewerbeanmeldung
// with spaced digits, a passport MRZ, a Gaststättenerlaubnis),
// Denkmalschutz (a PDF's broken lines, an English reply to a Dutch owner, a
// Teams transcript), Integrationskurs (an English prompt on a PTBS, an LDIF
// with an SSHA hash, a Fahrtkosten mail), Sportförderung (a Zuschussantrag, a
// psql table of Übungsleiter, a quoted mail chain on wheelchair basketball),
// Sozialpsychiatrischer Dienst (a lower-case dictation with numbers spoken, a
// PsychKG Antrag with ICD-10, a clinic referral with a KVNR),
// Amtsvormundschaft (a court report with a religion, a Reisepass mail, Word
// comments in a Hilfeplan), Jugendgerichtshilfe (a Stellungnahme, a Slack
// thread), Kita (an Excel Platzvergabe, an OCR'd Beitragsbefreiung, a Teams
// chat on bruises), Schülerbeförderung (a complaint, an English decision),
// Ratsinformationssystem (a ';' export of members, a Befangenheit mail, an
// SSH config with an OpenSSH private key), Bürgerbegehren (an OCR'd
// Unterschriftenliste, a Zulässigkeit Vermerk), Wahlvorstand (a Berufung
// mail, a ',' CSV, an OCR'd Briefwahl Niederschrift), Kommunalaufsicht (a
// Dienstaufsichtsbeschwerde with a party membership), Rechnungsprüfung (a
// Markdown table with Pers.-Nr.). 14 of 100 without any finding (a
// Friedhofsgebührensatzung, a Schülerbeförderung Richtlinie, a
// Haushaltsgenehmigung, a Benutzungsordnung, a Wohnungsnotfallstatistik, an
// AAO, a Wahlvorstand Merkblatt, a Schlussbericht, a Musikschule
// Entgeltordnung, an Integrationskurs statistic, Kita criteria, Bürgergeld
// Regelsätze, a Heimaufsicht report, a Sportförderrichtlinie); six prompts in
// English.
// Set just below the figures measured when the set was written, at main's
// ff687c89 after round det49 (first run: micro 0.933, PERSON 0.970,
// SPECIAL_CATEGORY 0.745, CASE_REFERENCE 0.865, POSTAL_ADDRESS 0.902; after
// the writer's label fixes against TAXONOMY.md and testcases/README.md —
// 001's 'AU-Bescheinigung' presented by the applicant, 003's given name in
// the subject, 006's 'Dekubitus Grad 3' without its site (a medical term
// stands alone), 017's 'Albträumen' beside the labelled Schlafstörungen,
// 030's lecturer and 070's architect and Jakob Böhme (names of persons in
// two documents meant as negatives, renamed), 036's deleted Wohngeldnummer
// in the track changes, 049's Eingliederungshilfe of the child — micro
// 0.937, PERSON 0.973, SPECIAL_CATEGORY 0.780, CASE_REFERENCE 0.857,
// POSTAL_ADDRESS 0.902, the check-digit types 1.000; see blind_test.go).
// Raised after round 56 to just below its figure then (micro 0.972).
const (
	b35MinCheckDigit = 0.99
	b35MinMicroF1    = 0.97
	b35MinPersonF1   = 0.97
	b35MinSpecialF1  = 0.95
	b35MinCaseRefF1  = 0.85
)

// TestBlind35 scores detectors.Default() on blind35/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind35(t *testing.T) {
	checkSet(t, "blind35", setMinima{docs: 100, checkDigit: b35MinCheckDigit, micro: b35MinMicroF1, person: b35MinPersonF1,
		special: b35MinSpecialF1, caseRef: b35MinCaseRefF1})
}
