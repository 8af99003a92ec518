package testcases

import (
	"testing"
)

// Thresholds for the fortieth blind set (blind40/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, all
// for settings no earlier set's file names show, in Berlin, Brandenburg and
// Mecklenburg-Vorpommern: a Späti's Sunday opening (a mail with quoted
// history), a Milieuschutz pre-emption right, Schankvorgarten fees (a ';'
// CSV with Kassenzeichen), an appointment-bot WAF log (IPv6), a Kältehilfe
// night café (WhatsApp), a Kiezblock bollard complaint (Teams, Merkzeichen
// aG), a Stolperstein sponsorship, a Berlinpass, a mould inspection, a
// Kita-Gutschein record (JSON), a Sprachstandsfeststellung, a techno club's
// noise measurement, a Listenhund permit (an unticked addiction box left
// unlabelled), a foreign birth registered at Standesamt I (a Swedish
// address), a Fiktionsbescheinigung (Teams), a Kiezkasse vote, lifeguards
// (TSV), Spargel harvest housing, a Spreewald punt licence, a Sorbian
// Vogelhochzeit and Zapust list (Wendish as an ethnicity), an Oder flood
// (Signal), a Słubice commuter (English), a stork's nest, a crane
// photographer's Owi, a bomb disposal evacuation (TSV with Pflegegrad), a
// Feuerstättenbescheid, Straßenausbaubeitrag refunds (SQL), a village hall
// contract (a PDF with a name, an address and a phone number broken by
// hyphens), a Schiedsstelle, an Amtsausschuss, church bells
// ('konfessionslos'), avian flu keepers (CSV with register numbers), a
// hunting licence (an addiction), a community nurse (drugs), a Rufbus, a
// farm shop inspection, a solar park lease (Steuer-IDs, USt-IdNr.), a
// harvest parade (a fixed-width print list with H plates), a biogas smell
// (WhatsApp), a GDR garage complex, an OCR'd Bodenreform deed, Merkzeichen
// T, a Volksbegehren signature check (CSV), BitLocker, a docker-compose
// file, a .pgpass, an Umweltzone exemption, graffiti, a 100th birthday,
// Hiddensee carriages, an amber Fundanzeige, a Gutshaus grant, an XRechnung,
// a Zeltlager medication list, a houseboat accident, a Plattdeutsch
// contest (schools named after people), extras of an open-air stage (JSON),
// a promenade photographer, a Vibrio infection, a national park ranger (an
// Ausweis number), an air rescue bill (KVNR), a Danish yacht, a Greifswald
// scholar, a club noise list, an SFTP contractor and a Świnoujście worker
// (English), a webcam RTSP URL, a git diff, a winter-service telematics
// log, a sewage plant INI, track changes, Jugendamt file paths, an OCR'd
// paternity deed, a school deferment, a public burial, a personnel sheet
// (RVNR, KVNR, 'rk'), a Bauhof accident, a Sorbian surname, a Kurkarte
// card number in a chat, a youth club ban (Teams), an eviction notice (BG
// number), a seasonal worker's mail (Steuernummer), an ID card copy's MRZ,
// a caretaker's dictation (a phone number in words) and a VS-NfD port
// security report. 14 of 100 without any finding (the Mauerweg, Tempelhofer
// Feld rules, street trees, the Cottbuser Ostsee, the Fontane path, BER
// noise figures, a chalk cliff warning, Hanse Sail ships named after people,
// blue-green algae, Baltic water levels, a land consolidation notice,
// bilingual place signs, Oberschulen named after people, Spreewald gherkin
// firms); six prompts in English.
// Set just below the figures measured when the set was written (first run
// at main's c12bf043, the same at a0b47619 where it landed: micro 0.906, PERSON 0.898, SPECIAL_CATEGORY 0.803,
// CASE_REFERENCE 0.753, every check-digit type 1.000). The writer's review
// against TAXONOMY.md and testcases/README.md found no label to correct, so
// the figures as written stand; see docs/detection.md. Round 59 raised the
// micro and CASE_REFERENCE minima below its figures (micro 0.934,
// CASE_REFERENCE 0.914).
const (
	b40MinCheckDigit = 0.99
	b40MinMicroF1    = 0.93
	b40MinPersonF1   = 0.89
	b40MinSpecialF1  = 0.80
	b40MinCaseRefF1  = 0.91
)

// TestBlind40 scores detectors.Default() on blind40/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind40(t *testing.T) {
	checkSet(t, "blind40", setMinima{docs: 100, checkDigit: b40MinCheckDigit, micro: b40MinMicroF1, person: b40MinPersonF1,
		special: b40MinSpecialF1, caseRef: b40MinCaseRefF1})
}
