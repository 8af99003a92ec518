package testcases

import (
	"testing"
)

// Thresholds for the forty-fifth blind set (blind45/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, with
// a theme instead of a Land: Landkreise and small Gemeinden. Fachverfahren
// exports and screen copies with invented layouts (an EWO Auskunft in fixed
// columns, a Halterauskunft with dotted keys, PROSOZ and Kfz-SEPA exports
// with ';', a Gewerbe mask with F-keys, a Mahnlauf, a payroll print in upper
// case with 'KONF EV', AU-Tage by Personalnummer, a Standesamt file of
// Sterbefälle with JJJJMMTT birth dates and no separators, an i-Kfz box);
// letters to citizens and their replies (a Ukrainian mother's Widerspruch,
// a Wohngeld Widerspruch without diacritics, a care home resident's
// Abmeldung); correspondence with Amtsgerichte (Betreuung, Nachlass,
// Pfändung, Zwangsversteigerung, Familiengericht), Sozialgerichte, a
// Verwaltungsgericht, Jobcenter (BG-Nummern, Datenabgleich), Krankenkassen
// (KVNR, § 104 SGB X) and the Rentenversicherung (RVNR with the birth date
// and the birth name's initial of the person); names from many origins in
// transliteration variants (Kovalenko/Kowalenko, Tetiana/Tetjana,
// Hryhorii/Hryhorij/Grigori, 'ABDULRAHMAN BIN KHALID ALSHAMMARI', Nguyễn
// Thị Mai/NGUYEN THI MAI, Çelik/Celik, Wiśniewski/Wisniewski, Eritrean
// three-part names, 'von der Heide', 'de Vries', 'al-', 'bin', 'zur',
// 'Meyer zu'); old OCR with 'l'/'1' and 'O'/'0' swapped (a Bauakte of 1978
// with a four-digit PLZ, a Meldekarte of 1965, a GDR Beurteilung, a
// Gewerbeanmeldung with 'O-9360'); dictated text without punctuation in
// lower case; addresses with Ortsteile (before the street, after the city,
// after a comma), a Postfach (left unlabelled), c/o and rural numbers
// ('Ausbau 4', 'Süß 17', 'Darup Nr. 14', 'Hof Bruns 1'). Deliberately
// invalid identifiers are left unlabelled: an IBAN with its last digit
// changed (019) and one with its last two digits swapped (100), a Steuer-ID
// (052) and an Ausweis number (037) with a wrong check digit. 16 of 100 without any
// finding (a Kreistag agenda, Wohngeld questions, a Friedhofssatzung, an
// IT update, Ortsteil statistics, SGB II training, Produktkonten, Kfz fees,
// a Dienstanweisung, a speech, a Bebauungsplan notice, a Hundesteuer
// statute with Merkzeichen in general text, a data-protection course,
// Reisegewerbe, Wahlvorstände, Zulassungsstatistik); eight prompts in
// English. Set just below the figures measured when the set was written
// (first run at main's fc1f284c: micro 0.902, PERSON 0.889,
// SPECIAL_CATEGORY 0.826, CASE_REFERENCE 0.915, POSTAL_ADDRESS 0.859, every
// check-digit type 1.000). The writer's review against TAXONOMY.md before
// the first run labelled what was left out ('krank', 'off sick', a dental
// 'Implantat', 'stationär aufgenommen', 'Mitglied des FDGB', a Jugendamt
// Urkundenregister number, three wheelchairs applied for) and took a
// Kreistag's street address out of a negative; the reading after it
// corrected three documents (005 'Trần, Văn Minh' one span as 'Nachname,
// Vorname'; 057 'Mila' twice, left out; 068 'seit vier Monaten abstinent'
// whole, as testcases/README.md labels abstinence), micro 0.906, PERSON
// 0.896 and SPECIAL_CATEGORY 0.837 after it; see docs/detection.md.
const (
	b45MinCheckDigit = 0.99
	b45MinMicroF1    = 0.90
	b45MinPersonF1   = 0.89
	b45MinSpecialF1  = 0.83
	b45MinCaseRefF1  = 0.91
)

// TestBlind45 scores detectors.Default() on blind45/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind45(t *testing.T) {
	checkSet(t, "blind45", setMinima{docs: 100, checkDigit: b45MinCheckDigit, micro: b45MinMicroF1, person: b45MinPersonF1,
		special: b45MinSpecialF1, caseRef: b45MinCaseRefF1})
}
