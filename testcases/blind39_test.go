package testcases

import (
	"testing"
)

// Thresholds for the thirty-ninth blind set (blind39/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, all
// for settings no earlier set's file names show, in Sachsen, Sachsen-Anhalt
// and Thüringen: a lignite resettlement (a mail with quoted history), an
// Altbergbau sinkhole form, a Lichterfest stall list (a ';' CSV with
// USt-IdNrn.), a Datsche lease (WhatsApp), a Plattenbau demolition tenant
// list (TSV with Pflegegrad and a blind tenant), a Freisitz permit, Wasunger
// Karneval floats (JSON with birth dates), wolf kill compensation (an SQL
// dump), a Zweckverband levy (CSV with Kassenzeichen), a Gartenlaube, a
// Fachwerkhaus grant (a PDF with an Az., a name and a phone number broken by
// hyphens), a Sicherheitswacht check (VS-NfD, an Ausweis number), a film
// shoot and a Czech commuter (English), SED-Unrecht (a peace circle as a
// political activity), Sorbian Osterreiten and a WITAJ Kita (Sorbian
// minority), a quarry blasting meeting, a beaver dam, ski-jump volunteers
// (Teams, a WLAN code), Maibaum, Spielgerätesteuer (Steuernummer), a fall
// on ice, a Postfix relay (a SASL password), a school DHCP log, rainwater
// fees (XML with an unclosed element), a chess list, a forest fire, a
// vineyard lease (Steuer-ID), a Bergparade list, an H plate, a show-mine
// accident (KVNR), a Hausbrunnen, a Kaminofen, a Förderschule bus, a
// Landtag answer, a Windpark meeting (a citizens' initiative), a given name
// refused, a Filipino nurse (a Philippine passport number left unlabelled),
// copper theft, a Jena guest flat and a Bauhaus loan (English), a dead horse,
// Feldhamster, a brass band room, Ferienspiele (Medikinet), an
// unaccompanied minor (Hazara, schiitisch), a rural GP grant,
// Ortsbürgermeister allowances (party column left unlabelled), Baumschutzsatzung
// (track changes), a swimming pool incident, a Döner closure, a Sozialpass,
// KeePass (a CSV of passwords), a dementia carers' group, Starkregen aid, a
// Wohnmobil (an addiction in a chat), an apprentice's letter (Hörgerät, GdB),
// a children's choir, a Schonarbeitsplatz (Insulin, Katarakt links), a Kita
// settling-in sheet (a deaf father), an OCR'd Bezügemitteilung (RVNR, 'ev'),
// a Polish youth exchange (English), a caretaker (Teams, Pers.-Nr.), a
// FreeRADIUS log (shared secrets, IPv6), a WFS script (an API key beside
// 'API_KEY'), an OCR'd Grundbuch, a lower-case voice transcript, a school
// closure, widow's pension (RVNR, KVNR), hall times, a corporate card, a
// heating grant, a canoe rental (an Ausweis number), bike coding, a night
// shift childcare request (English), a SEPA XML, a Parkerleichterung, a
// speed camera, a Mutter-Kind-Einrichtung, a CI runner (a PEM block), Faulbrut,
// a Kindergeld Abzweigung, an OCR'd 1989 Meldekartei, Stadtführer fees and
// golden weddings. 14 of 100 without any finding (Striezelmarkt, Saale
// boats, Rennsteig signs, Borkenkäfer figures, Jugendweihe halls named
// after people, a Landtag Drucksache, a Talsperre ban, Gradierwerk, an
// Umgebinde grant rule, council dates, a cycle path diversion, a glass
// museum, council seats, a Kloßfest); six prompts in English.
// Set just below the figures measured when the set was written (first run
// at main's 1f2c4ce2: micro 0.957, PERSON 0.950, SPECIAL_CATEGORY 0.941,
// CASE_REFERENCE 0.950; after the writer's label fixes against TAXONOMY.md
// and testcases/README.md — four surnames after 'Herrn'/'Frau' in the
// prompts, a child's given name in a Kita sheet, a child's given names
// under discussion at the Standesamt (043) and the SSH remote
// 'git@git.blk-intern.de', an address of e-mail form, left out — micro
// 0.961, PERSON 0.960; at 4367dc3f, where the set landed, micro 0.962,
// PERSON 0.960, SPECIAL_CATEGORY 0.941, CASE_REFERENCE 0.975; see
// docs/detection.md). The check-digit minimum is 0.49, not 0.99: one of the
// two RVNRs, written grouped ('12 220771 S 50 4', check digit valid), is
// missed, so DE_SOCIAL_SECURITY's recall is 0.500; floors.json holds the
// other check-digit types at 1.000.
const (
	b39MinCheckDigit = 0.49
	b39MinMicroF1    = 0.97 // round 59: 0.971
	b39MinPersonF1   = 0.96
	b39MinSpecialF1  = 0.94
	b39MinCaseRefF1  = 0.97
)

// TestBlind39 scores detectors.Default() on blind39/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind39(t *testing.T) {
	checkSet(t, "blind39", setMinima{docs: 100, checkDigit: b39MinCheckDigit, micro: b39MinMicroF1, person: b39MinPersonF1,
		special: b39MinSpecialF1, caseRef: b39MinCaseRefF1})
}
