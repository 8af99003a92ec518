package testcases

import (
	"testing"
)

// Thresholds for the forty-sixth blind set (blind46/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, with
// a theme instead of a Land: the Kreisverwaltung and the Stadtverwaltung of
// one mid-sized city (Hildesheim, invented cases). Jugendamt (a Kita's
// § 8a report in a forwarded mail, a Hilfeplan of an unaccompanied minor,
// a Fallkonferenz with initials, a Beistandschaft, a Sorgeerklärung with
// Ausweis numbers), Gesundheitsamt (TB contacts and a school-entry list as
// tab-separated Excel copies, a Masern Meldung, an amtsärztliches Gutachten,
// the Sozialpsychiatrischer Dienst, a Salmonellen outbreak), Ausländerbehörde
// (Duldung, Einbürgerung with RVNR and Steuer-ID, a Verpflichtungserklärung,
// a lawyer's thread), Ordnungsamt (an OWi export, Fundanzeigen, a Fundrad
// list, Lärm, a Gefahrhund, Obdach, the Waffenbehörde), Standesamt,
// Bauamt, Schulverwaltung, Personalrat and Gleichstellung; mail threads with
// quoted replies and signatures, Protokolle with attendee lists, chat
// prompts ("Formuliere höflicher:", "Fasse zusammen:") around the pasted
// text; Romanian, Syrian, Afghan, Russian-German, Greek, Italian and Nigerian
// names, 'Nachname, Vorname', initials and nicknames ('Waldemar „Waldi“
// Neufeld', 'Basti'); addresses with 'Str.', 'Hauptstr. 5a', 'Am Markt 1-3',
// Hinterhaus, 'Wohnung 4. OG links' between street and PLZ (inside the span),
// rooms after the city (outside), a Romanian and a Greek address. Invalid
// identifiers are left unlabelled: an IBAN with its last digit changed (099),
// a Steuer-ID with a wrong check digit (035), a 10-character Ausweis number
// with a wrong check digit (004); foreign passport and VAT numbers too. 18 of
// 100 without any finding (a Glasverbot, statistics of the Fundbüro, the
// Gleichstellungsplan and foreign residents, § 8a SGB VIII and § 60a AufenthG
// quoted, the Bußgeldkatalog with 'B 6' and 'EG 6', a Wahlausschreiben, a
// Rat's agenda, a vaccination campaign, a Versteigerung, a Legionellen
// finding, a Dienstanweisung, a Schulentwicklungsplan, a Sondernutzung leaflet,
// a Dienstvereinbarung, a Haushaltssatzung, a health leaflet for refugees
// with 112 and 116117); eight in English. The writer's review against
// TAXONOMY.md before the first run took titles out of PERSON spans (six
// 'Dr.'), prepositions and time words out of SPECIAL_CATEGORY spans ('in
// ... Behandlung', 'im 5. Monat', 'seit 6 wochen krank'), rooms out of
// addresses, a bare extension out of PHONE, a named institution's start out
// of two addresses; labelled what was left out (first names in running text,
// the names chosen in three Namenserklärungen, 'krankgeschrieben', a
// BAMF-Az., a second 'Fehlgeburt') and rephrased five unclear places.
// Set just below the figures of the first run (main at 904473ff: micro
// 0.942, PERSON 0.958, SPECIAL_CATEGORY 0.800, CASE_REFERENCE 0.957,
// POSTAL_ADDRESS 0.918, every check-digit type 1.000); the reading of the
// misses and extras after it changed no label; see docs/detection.md.
const (
	b46MinCheckDigit = 0.99
	b46MinMicroF1    = 0.94
	b46MinPersonF1   = 0.95
	b46MinSpecialF1  = 0.79
	b46MinCaseRefF1  = 0.95
)

// TestBlind46 scores detectors.Default() on blind46/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind46(t *testing.T) {
	checkSet(t, "blind46", setMinima{docs: 100, checkDigit: b46MinCheckDigit, micro: b46MinMicroF1, person: b46MinPersonF1,
		special: b46MinSpecialF1, caseRef: b46MinCaseRefF1})
}
