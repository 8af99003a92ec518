package testcases

import (
	"testing"
)

// Thresholds for the forty-first blind set (blind41/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, all
// for settings no earlier set's file names show, in Bayern and
// Baden-Württemberg: an Alm's grazing fee (a mail with quoted history in
// Allgäu dialect), Wiesn stall applications (';' CSV), a Fasnet guild's
// WhatsApp (Swabian), a Kehrwoche dispute, a Flurbereinigung's participants
// (TSV), a Bergwacht rescue report (KVNR, an insulin pump), a Weinbau SQL
// dump (USt-IdNr.), a tourist card portal log, a Basel Grenzgänger (a Swiss
// address, an AHV number left unlabelled), a VS-NfD Bundeswehr training
// area letter, an Erstaufnahme Teams chat (ethnicity, religion), Juleica
// applications (JSON), a season pass card in English, hop pickers (RVNR,
// Steuer-IDs), a Sennerei inspection (an Austrian address), a Loipe
// accident, a Kerwa permit (Ausweis), Bodensee buoy places (JSON, a boat
// mark like a plate), an OCR'd Wildbach list, Kreuzlingen Kita fees and a
// Neuschwanstein lost passport (English), a Passionsspiele residence check,
// track changes in a hut lease (Steuernummer), an Auerhuhn objection
// (a citizens' initiative), a Kuckucksuhr trade notice, a Goaßlschnalzer
// chat, a beer garden dictation (numbers in words), a Wi-Fi incident report,
// a pilgrimage bus list (Pflegegrad), a Mesner's personnel sheet (RVNR,
// KVNR, 'rk', GdB), a Leonhardiritt list (H plate), Jagdgenossenschaft
// payouts (an IBAN with a wrong check digit left unlabelled), an ID card's
// MRZ, a ski lift POS log (card numbers), a .env file and an SFTP key
// (English), a Signal chat of the Bergwacht, a Notfallseelsorge protocol
// ('evangelisch'), a dictated Alm wedding and a Gemeindekasse dunning run
// (TSV with Kassenzeichen). 14 of 100 without any finding (an avalanche
// commission, a Viehscheid, the Limes, Gymnasien named after people, road
// numbers like 'LI 12', pay grades, a Landtag Drucksache, ski statistics,
// storm damage, a clock museum, a Narrenbaum, a secret ballot, FSME
// information, street names after people); six prompts in English.
// Set just below the figures measured when the set was written (first run
// at main's 02d193a1: micro 0.918, PERSON 0.885, SPECIAL_CATEGORY 0.844,
// CASE_REFERENCE 0.849, every check-digit type 1.000). The writer's review
// against TAXONOMY.md and testcases/README.md corrected two documents (001:
// a sender's name and two e-mail addresses in the header left unlabelled;
// 022: 'Büro Kammerloher', a firm, labelled PERSON), micro 0.921 and
// PERSON 0.888 after it; see docs/detection.md.
const (
	b41MinCheckDigit = 0.99
	b41MinMicroF1    = 0.91
	b41MinPersonF1   = 0.88
	b41MinSpecialF1  = 0.84
	b41MinCaseRefF1  = 0.84
)

// TestBlind41 scores detectors.Default() on blind41/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind41(t *testing.T) {
	checkSet(t, "blind41", setMinima{docs: 100, checkDigit: b41MinCheckDigit, micro: b41MinMicroF1, person: b41MinPersonF1,
		special: b41MinSpecialF1, caseRef: b41MinCaseRefF1})
}
