package testcases

import (
	"testing"
)

// Thresholds for the thirty-eighth blind set (blind38/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, all
// for settings no earlier set's file names show, in Niedersachsen, Bremen
// and Schleswig-Holstein: a Deichschau (a mail with quoted history), a
// Wattführer form (Diabetes, an insulin pump), Krabbenkutter berths (a ';'
// CSV with boats named after wives), a Hallig ferry (WhatsApp), a
// storm-flood evacuation list (TSV with Pflegegrade and wheelchairs), a
// Schützenfest Gestattung (Kassenzeichen), Kieler Woche stalls (JSON with
// USt-IdNrn.), Freimarkt showmen (an SQL dump with plates), Kurabgabe
// Meldescheine (CSV with GdB), Strandkörbe, a Warft Bauvoranfrage (a PDF with
// names, an Az. and a phone number broken by hyphens), a VS-NfD port
// security check (an Ausweis number), a seamen's club donor and an
// Ehefähigkeitszeugnis (English prompts, a Dutch IBAN, a South African
// passport number left unlabelled), a Seebestattung, a lighthouse wedding, a
// church-bell complaint (a church leaver), Pflegefamilie, Möwen feeding, a
// harbour pub (Teams), a Kfz-Steuer deregistration, a barn demolition, a
// carport objection, a Kubernetes secret, library reminders and an Onleihe
// log, Fernwärme XML (a missing '/'), a Fremdenverkehrsbeitrag (Steuernummer),
// a boat berth waiting list (a Danish number), a Schöpfwerk log (a PSK), a
// Fischerprüfung list, a Bremen Beirat protocol (a citizens' initiative),
// Namensangleichung, a Blue Card (English), a thatched-roof fire, fire
// brigade divers (Asthma, Salbutamol), an urn wall plate (a wrong birth date
// after '*'), a burst water main, a Klassenfahrt (BG number, Levetiracetam),
// LRS (F81.0), an Integrationsbeirat list (kurdisch-alevitisch, IG BAU),
// councillors' Verdienstausfall (Steuer-IDs, party columns left unlabelled),
// Telearbeit (track changes), a bodycam protocol, street music, bird flu and
// Tierschutz controls, Hilfe zur Pflege, Landesblindengeld (a KVNR,
// Merkzeichen Bl und G), Mietschulden, Elternunterhalt, begleiteter Umgang,
// a Zeltlager list, a Babylotsin (a premature birth, a Sectio), an assessment
// centre, a Wegeunfall, an Azubi assessment, a Dienstwohnung (RVNR, 'ev'), a
// false fire alarm, an M365 licence export, a router config (WPA keys), an
// SFTP key (English, a PEM block), a fixed-width print file, a Nextcloud
// audit log (a public share token), a Ratsantrag, scabies, a school dental
// check, an express passport (a card number), a Staatsangehörigkeit
// derivation, an Erasmus Meldebescheinigung (English), a misdirected
// Wohngeld notice, a Konfliktmoderation, Drachenboot, a Nebenwohnung, a
// Fahrerermittlung, a Freibad JSON, a fireworks exemption, a sandbag
// WhatsApp, an OCR'd 1952 birth register, an OCR'd AU with ICD codes, an
// ordnungsbehördliche Bestattung and a lower-case voice memo with a phone
// number and an Az. in words. 14 of 100 without any finding (a Boßeln road
// closure, Biikebrennen, Torf, a Windpark survey, a Kohlfahrt, a Watt safety
// notice, a Bürgerschaft Drucksache, a smart-meter rollout, a device pool
// with IMEIs and MACs, an ASP Allgemeinverfügung, a Jahresabschluss, a
// blue-green algae notice, a harbour festival, a Lesesommer); six prompts in
// English.
// Set just below the figures measured when the set was written, at main's
// c37f75ea (first run: micro 0.923, PERSON 0.917, SPECIAL_CATEGORY 0.825,
// CASE_REFERENCE 0.832, DE_ID_CARD P 0.800 from the South African passport
// number; after the writer's label fixes against TAXONOMY.md and
// testcases/README.md — two signatures 'J. Ubbenga' and 'C. Munteanu' and two
// 'Jakob' left out, 005's 'Rollstuhl' transport cells, 068's 'Entbindung'
// and 'Sectio', 098's two 'arbeitsunfähig' of the AU, symptoms, a treatment
// and a walking impairment stated of persons (081's 'Juckreiz' and
// 'prophylaktisch behandelt', 082's 'Schmerzen', 091's 'nicht mehr so gut zu
// Fuß'), and 009's invented 'BHV-SH 88', whose district code does not
// exist, written 'HB-SH 88' — micro 0.926, PERSON 0.922, SPECIAL_CATEGORY
// 0.833, CASE_REFERENCE 0.832;
// see blind_test.go). The check-digit minimum was 0.79 until round 56: the
// foreign passport number is no German document number (TAXONOMY.md), and
// DE_ID_CARD's precision was 0.800 until the detector told them apart (018:
// the holder born abroad on the line of an English passport label); it is
// 0.99 as in the other sets now. Round 54 left it at micro 0.929, PERSON
// 0.928; raised after round 55 to just below the figures it then had (micro
// 0.940, PERSON 0.937, SPECIAL_CATEGORY 0.863, CASE_REFERENCE 0.840).
// Raised after round 56 to just below its figures then (micro 0.942, CASE_REFERENCE 0.860).
const (
	b38MinCheckDigit = 0.99
	b38MinMicroF1    = 0.94
	b38MinPersonF1   = 0.94
	b38MinSpecialF1  = 0.86
	b38MinCaseRefF1  = 0.88 // round 59: 0.882
)

// TestBlind38 scores detectors.Default() on blind38/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind38(t *testing.T) {
	checkSet(t, "blind38", setMinima{docs: 100, checkDigit: b38MinCheckDigit, micro: b38MinMicroF1, person: b38MinPersonF1,
		special: b38MinSpecialF1, caseRef: b38MinCaseRefF1})
}
