package testcases

import (
	"testing"
)

// Thresholds for the thirty-sixth blind set (blind36/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, all
// for settings no earlier set's file names show: Fischereischein, Taxi and
// Mietwagen (a Teams chat with a Steuernummer, a § 48 FeV Vermerk),
// Kurbeitrag (a ';' CSV of Meldescheine with Polish, Dutch addresses, a
// Befreiung mail with Merkzeichen), Beherbergungssteuer, IFG (a quoted
// request, an English prompt on redactions), Petitionen (a Vermerk, an
// online form), Tombola, Bewachungsgewerbe (§ 34a GewO with a union
// membership), Sprengstoff (an English prompt), Gutachterausschuss (an SQL
// Kaufpreissammlung, a Verkehrswert order), Aufbruch, Hochwasser (a TSV
// evacuation list with care needs, an SMS gateway log, a VS-NfD
// Lagemeldung, an English damage report with an Irish IBAN), Kleingarten,
// Vorkaufsrecht (a notary's PDF with a birth date and a name broken over
// lines), Wohnungsaufsicht (OCR with O for 0, an Anhörung), Abwasser,
// Erschließungsbeitrag (track changes and Word comments), Arbeitsschutz (a
// Unfallanzeige with an RVNR), Poststelle (a scan log with a token, a
// misdelivery), Schiedsamt, Tierheim (WhatsApp, a Schutzvertrag with an
// Ausweis), Kindertagespflege (a Vermerk, a Bescheid's PDF lines), Hort
// (JSON, a Teams chat on a diabetic child), BuT (a CSV with BG numbers, an
// English Lernförderung prompt), Zensus (LDIF with a password and a hash,
// a YAML config, a Zwangsgeld letter), Pflegeeltern (a lower-case
// dictation), Wasserrecht, Photovoltaik grants, Quartiersmanagement
// (Markdown), Mieterberatung, Carsharing (E plates), charging points (an
// OCPP log with IPv6, an English Python prompt with a live key),
// Verkehrsüberwachung (XML), Wochenmarkt (TSV), Kirmes, Zirkus,
// Brandschutz (a deaf tenant with a KVNR), Baumpatenschaften (CSV),
// Mängelmelder (JSON), Bürgerhaushalt, Jugendparlament (psql, a party
// membership), Integrationsrat, Gästeführer (Steuer-IDs and a French
// IBAN), Nachlass, Lebenspartnerschaft, Gebäudereinigung (an alarm code),
// Telefonanlage (voicemail PINs), Diensthandy (an MDM ticket with PINs),
// Ausbildung, Auswahlverfahren, Betriebsausflug, Fuhrpark, Personal-
// entwicklung (an addiction), Arbeitsmedizin, Seniorenberatung,
// Energieschulden, Wohnraumförderung (psql with WBS numbers),
// Stadterneuerung. 14 of 100 without any finding (a Kurbeitragssatzung, a
// Katasterauszug, an Altlastenkataster, Bodenrichtwerte, a Schulessen
// tender, a Klimaanpassungskonzept, a Parkraumkonzept, a Sicherheitskonzept,
// Integration statistics, a Mobilfunk Vermerk, a staff survey, a
// Fortbildungsprogramm, a Tierheim report, an Abwasser calculation); six
// prompts in English.
// Set just below the figures measured when the set was written, at main's
// 3cda4b11 after round 51 (first run: micro 0.932, PERSON 0.936,
// SPECIAL_CATEGORY 0.772, CASE_REFERENCE 0.852, SECRET 0.636; after the
// writer's label fixes against TAXONOMY.md and testcases/README.md — 024's
// 'Hr.' inside a PERSON span, 028's given name alone, 012's 'Dialyse' in a
// remark column, 072's 'Fachwerkhaus Steinweg 41', 030's userPassword::
// value — micro 0.935, PERSON 0.940, SPECIAL_CATEGORY 0.781,
// CASE_REFERENCE 0.852, the check-digit types 1.000; see blind_test.go).
// Raised after round 56 to just below its figures then (micro 0.956, PERSON 0.950, SPECIAL_CATEGORY 0.846).
const (
	b36MinCheckDigit = 0.99
	b36MinMicroF1    = 0.95
	b36MinPersonF1   = 0.95
	b36MinSpecialF1  = 0.84
	b36MinCaseRefF1  = 0.85
)

// TestBlind36 scores detectors.Default() on blind36/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind36(t *testing.T) {
	checkSet(t, "blind36", setMinima{docs: 100, checkDigit: b36MinCheckDigit, micro: b36MinMicroF1, person: b36MinPersonF1,
		special: b36MinSpecialF1, caseRef: b36MinCaseRefF1})
}
