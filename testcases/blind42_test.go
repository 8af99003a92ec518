package testcases

import (
	"testing"
)

// Thresholds for the forty-second blind set (blind42/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, all
// for settings no earlier set's file names show, in Hessen,
// Nordrhein-Westfalen and Hamburg: a Rosenmontagszug's float hall (a mail
// with quoted history in Kölsch), HPA dredging, an Ebbelwoi tavern licence
// (Steuernummer, USt-IdNr., Ausweis), an objection to RP Darmstadt (a
// citizens' initiative), a HADAG ferry accident (a Danish address,
// pregnancy), a Bergschaden report copied from a PDF with hyphens, a
// Ruhrverband gauge alarm log, a Fraport background check (Teams,
// 'Alevit'), a Stadtteilschule's Nachteilsausgleich (F81.0, Medikinet),
// Altona's outdoor seating (Excel), Messe Frankfurt badges (English, a card
// number, a Nigerian passport number left unlabelled), a Spielbank
// self-exclusion, a Kerkrade Grenzgänger (Dutch IBAN, a BSN left
// unlabelled), a documenta vandalism report, Hessentag groups (';' CSV),
// Altweiber first aid, a Schwebebahn complaint (English, an Irish address),
// a Stadionverbot SQL dump, a payroll of ice rink helpers (RVNR, Steuer-IDs,
// 'rk'/'ev', a mistyped Steuer-ID left unlabelled), a Task Force Nordstadt
// visit ('Roma'), an English fee letter to a Danish artist, a Köbes chat in
// Kölsch, a CSD float's stewards, a VS-NfD synagogue protection report, a
// Liegeplatz JSON, track changes in a Wasserbehörde letter, an Aachen
// bakery inspection, a Hambacher Forst clearance (political activity), a
// .env, an INI, a YAML and an OpenSSH private key, a German ID card's MRZ
// (English), a dictation with numbers in words, a Hauberg cooperative's
// payouts (an IBAN with a wrong check digit left unlabelled), a Grüne Soße
// festival CSV (an invalid USt-IdNr. left unlabelled), a ticket shop log
// (card numbers), a Michel tower trumpeter's master data (RVNR, KVNR,
// 'ev.-luth.', GdB 30) and a Kaiser-Friedrich-Therme ban copied from a PDF.
// 14 of 100 without any finding (articles of the Hessian constitution, a
// Landtag NRW Drucksache, motorway numbers around the Frankfurter Kreuz, the
// Speicherstadt, coal statistics, Hessen Mobil's pay grades, a mosque visit,
// schools named after people, the Ebbelwei-Express timetable, a carnival
// session's figures, an organ donation day, the Leverkusen bridge, the
// Emscher conversion, dredging figures); six prompts in English.
// Set just below the figures measured when the set was written (first run
// at main's efda171e: micro 0.932, PERSON 0.946, SPECIAL_CATEGORY 0.829,
// CASE_REFERENCE 0.805, every check-digit type 1.000). The writer's review
// against TAXONOMY.md and testcases/README.md corrected five documents (021
// 'unter Alkoholeinfluss', 064 'Fieber' and 079 'gleichgestellt' left
// unlabelled; 031 a surname alone in a note and 063 two carnival names
// left unlabelled), micro 0.933, PERSON 0.945 and SPECIAL_CATEGORY 0.841
// after it; see docs/detection.md.
const (
	b42MinCheckDigit = 0.99
	b42MinMicroF1    = 0.95
	b42MinPersonF1   = 0.95
	b42MinSpecialF1  = 0.91
	b42MinCaseRefF1  = 0.84
)

// TestBlind42 scores detectors.Default() on blind42/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind42(t *testing.T) {
	checkSet(t, "blind42", setMinima{docs: 100, checkDigit: b42MinCheckDigit, micro: b42MinMicroF1, person: b42MinPersonF1,
		special: b42MinSpecialF1, caseRef: b42MinCaseRefF1})
}
