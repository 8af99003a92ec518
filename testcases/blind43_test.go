package testcases

import (
	"testing"
)

// Thresholds for the forty-third blind set (blind43/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, all
// in Saarland and Rheinland-Pfalz, the two Länder no earlier set covered:
// a Grenzgänger's registration in Saarbrücken (a mail with quoted history,
// a French address and IBAN), Dillinger Hütte gate security (Teams), a
// BASF Werkfeuerwehr report and G 26 findings (Pers.-Nr., I10.90, J45.0),
// a Ramstein noise complaint and a Landstuhl rental (English, a DSN
// number), a Mosel winery's Prüfnummer application (RLP Steuernummer,
// USt-IdNr.), Nürburgring parking fines (';' CSV), SR listeners in a
// Saarländisch WhatsApp, a Mainz Inobhutnahme, a Trier commuter to
// Luxembourg (a Luxembourg address and IBAN), a Koblenz Grundsicherung
// copied from a PDF with hyphens, Kaiserslautern payroll helpers (RVNR,
// Steuer-IDs, 'rk'/'ev', a mistyped Steuer-ID left unlabelled), a Worms
// SQL dump, a Pirmasens shoe fair (English, a Luxembourg VAT number left
// unlabelled), a Hunsrück wind farm objection (a citizens' initiative), a
// Cochem licence from OCR, a Merzig Viezfest CSV (a French TVA number and
// an invalid USt-IdNr. left unlabelled), a St. Wendel dictation with a
// birth date, an address, a plate, a phone number and a Kassenzeichen in
// words, a Mainz Rosenmontag first-aid log, an SR .env, Romanian and
// Polish passport numbers left unlabelled beside a German RVNR, a French
// CNI and a Luxembourg matricule and ID card number left unlabelled,
// Mosel flood evacuation in Moselfränkisch, a Bauamt letter in track
// changes, a Pfälzisch Teams sick note ('krankgschriwwe'), a German ID
// card's MRZ, a YAML, an INI, a JSON API config and an OpenSSH private
// key, a Reichsbürger's weapons licence revoked and council members whose
// parties stay unlabelled (office holders, not private persons). 14 of 100
// without any finding (Grubenwasser figures, the Kommunalreform, streets
// named after people in Speyer, Westerwald road works, a Landtag RLP
// Drucksache, visitors of Trier's Roman buildings, pay grades, schools
// named after people, Saarland's budget titles, the wine harvest, the
// Nordschleife, Ramstein's flight movements, the SPolDVG, the Saarbahn
// timetable); six prompts in English. Set just below the figures measured
// when the set was written (first run at main's 8573a1b5: micro 0.936,
// PERSON 0.938, SPECIAL_CATEGORY 0.815, CASE_REFERENCE 0.902, every
// check-digit type 1.000). The writer's review against TAXONOMY.md and
// testcases/README.md corrected five documents (004 'Sehstörungen' and 022
// 'Dekubitus' with the site after a preposition left out of the span, as
// the conventions have it; 031 the disability 'geistiger Behinderung'
// instead of the whole facility's name; 042 a surname after 'Herrn' in the
// prompt left unlabelled; 081 a deleted Aktenzeichen in track changes left
// unlabelled), micro 0.938, PERSON 0.939, SPECIAL_CATEGORY 0.822 and
// CASE_REFERENCE 0.911 after it; see docs/detection.md. Raised after
// round 65 (blind43's extras: budget titles, passport and VAT numbers as
// PHONE, role words in PERSON, a sensor id and a statistics series as
// plates, SPECIAL_CATEGORY in a subject and spans cut short) and round 66
// landed beside it: micro 0.965, PERSON 0.963, SPECIAL_CATEGORY 0.880.
const (
	b43MinCheckDigit = 0.99
	b43MinMicroF1    = 0.95
	b43MinPersonF1   = 0.95
	b43MinSpecialF1  = 0.87
	b43MinCaseRefF1  = 0.90
)

// TestBlind43 scores detectors.Default() on blind43/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind43(t *testing.T) {
	checkSet(t, "blind43", setMinima{docs: 100, checkDigit: b43MinCheckDigit, micro: b43MinMicroF1, person: b43MinPersonF1,
		special: b43MinSpecialF1, caseRef: b43MinCaseRefF1})
}
