package testcases

import (
	"testing"
)

// Thresholds for the thirty-seventh blind set (blind37/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, all
// for settings no earlier set's file names show, in Rheinland-Pfalz and the
// Saarland: Sperrzeit (a mail with quoted history), Brauchtumsfeuer (a
// form), Martinsumzug (WhatsApp with an epileptic child), Straßensammlung,
// an ice rink's ticket shop (an English prompt with a Visa number),
// Schließanlage (a ';' CSV of transponders with Pers.-Nr.), Breitband (an
// SQL dump with a contractor's USt-IdNr.), Glasfaser (OCR with O for 0 and 1
// for l), Straßenbeleuchtung (a log with an MQTT password and a JWT), a
// Parkhaus (TSV with plates, an E plate and a wrong IBAN left unlabelled),
// Bürgerbus (Teams, Dialyse), Hausnummernvergabe (a PDF with names broken by
// hyphens), Abgeschlossenheit, Leerstandsmelder (JSON with IPv6), Stadttauben
// (a lower-case dictation), Waschbär (WhatsApp), Schädlingsbekämpfung (an
// invoice), a dangerous dog, Streuobstwiese and Ganztagsschule (track
// changes with deleted names and Word comments), Streetwork (methadone,
// hepatitis), a Jugendschutz test purchase, ProstSchG (an alias, a
// pregnancy), a Wettvermittlungsstelle (an Ausweis number), an
// Alkoholverbotszone, a VS-NfD video surveillance concept and a VS-NfD
// emergency power plan (passwords, IPs), a Räumung notice (DR II number, a
// Rollator), Insolvenz (Kassenzeichen), Härtefallkommission (a PDF with a
// Kurde and Jesiden), Rückkehrberatung and an apostille (English prompts, a
// US address), a Lebensbescheinigung from Spain (an RVNR, a Spanish IBAN),
// an Einwohnerantrag (OCR signature list), Sitzungsgeld (Steuer-IDs),
// Nebentätigkeit and ehrenamtliche Richter (union memberships),
// Altersteilzeit, a Versorgungsauskunft (MS over broken PDF lines),
// Trennungsgeld, Umzugskosten, Jobticket, Dienstrad (JSON with a live key),
// Mutterschutz, a scan station log, Facebook moderation (a religion), a
// siren gateway YAML (0.0.0.0), a Badesee accident (Hämophilie), Stadtpass
// (JSON with a BG number), Kleiderkammer, Familienpass, Frühe Hilfen
// (postpartum depression, Sertralin), a Familienhebamme chat, a
// Wohnungsverweisung, a Kältebus TSV with KVNRs, a tattoo studio inspection,
// Heilpraktiker (a nine-character Ausweis number), a Todesbescheinigung (OCR
// with ICD codes and a KVNR), a crematorium SQL dump, a heat-warning phone
// list, a storm damage claim, Streupflicht, Kunst am Bau (Steuer-ID,
// Steuernummer, USt-IdNr.), a village chronicle (OCR), a museum shop POS log
// (track2 data), Wahlprüfung, Mikrozensus, a survey's free text (JSON),
// Schwimmkurs (CSV), Ferienpass (broken XML), Schulsozialarbeit (a
// dictation with a phone number in words), a Wildpark sponsorship (a card
// number), Grenzfeststellung, a cemetery portal's Python script (English), a
// database restore ticket, phishing mail headers, a PowerShell print quota
// script, an XRechnung, Rücklastschriften (Kassenzeichen), a Mahnung
// (English prompt) and Heimaufsicht (Marcumar, Dekubitus). 14 of 100 without
// any finding (a Wahlplakat order, a Baulastenblatt, a Pferdesteuer draft, a
// Fundsachen auction, Fraktion grants, a Dienstjubiläum template, a
// Personalrat Wahlausschreiben, a drinking fountain plan, a drug help
// statistic, a garden tool noise rule, a district profile, a playground
// inspection, an Einbürgerungsfeier template, an Ortsbeirat notice); six
// prompts in English.
// Set just below the figures measured when the set was written, at main's
// c9be8bb8 after round 52 (first run: micro 0.927, PERSON 0.914,
// SPECIAL_CATEGORY 0.855, CASE_REFERENCE 0.889, SECRET 0.727; after the
// writer's label fixes against TAXONOMY.md and testcases/README.md — the
// surnames in the prompts of 028, 044 and 058 left out, 044's
// 'Schwerbehinderung' of the applicant, 023's second 'Entgiftung' of the
// client, 087's 'bauchschmerzen' and 057's 'Übelkeit', symptoms stated of a
// child — micro 0.929, PERSON 0.915, SPECIAL_CATEGORY 0.870,
// CASE_REFERENCE 0.889, the check-digit types 1.000; see blind_test.go).
// Raised after round 54 (micro 0.943, PERSON 0.935, SPECIAL_CATEGORY 0.876).
// Raised after round 56 to just below its figures then (CASE_REFERENCE 0.932, SPECIAL_CATEGORY 0.883).
const (
	b37MinCheckDigit = 0.99
	b37MinMicroF1    = 0.95
	b37MinPersonF1   = 0.94
	b37MinSpecialF1  = 0.89
	b37MinCaseRefF1  = 0.93
)

// TestBlind37 scores detectors.Default() on blind37/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind37(t *testing.T) {
	checkSet(t, "blind37", setMinima{docs: 100, checkDigit: b37MinCheckDigit, micro: b37MinMicroF1, person: b37MinPersonF1,
		special: b37MinSpecialF1, caseRef: b37MinCaseRefF1})
}
