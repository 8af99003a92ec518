package testcases

import (
	"testing"
)

// Thresholds for the forty-eighth blind set (blind48/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, with
// Sachsen, Thüringen and Sachsen-Anhalt as the setting (Leipzig, Dresden,
// Chemnitz, Erfurt, Jena, Gera, Magdeburg, Halle, Dessau-Roßlau, Bautzen;
// invented cases) and the offices that deal with families and foreigners:
// Ausländerbehörde (a Fiktionsbescheinigung by mail and as an OCR'd photo, a
// Blaue Karte EU as JSON, a Duldung Vermerk with a PTSD attest and ICD-10, a
// Chancenkarte mail in English, an appointment CSV, a fixed-column
// Fachverfahren screen, a team chat, an OCR'd Anhörung, an Ausbildungsduldung
// thread, a Verpflichtungserklärung, a Familiennachzug as 'Du:' turns, a
// dictated Vorsprache with a spoken phone number and address, a Duldung list
// with Roma), Einbürgerung (an XML application with Steuer-ID and
// Steuernummer, a Russian-German Namensführung with patronymic, Verlust der
// Staatsangehörigkeit with union membership and Alevi religion, a German
// passport's MRZ), Standesamt (a Vietnamese Namenserklärung, marriages with
// Syrian and Ukrainian documents, a Sorbian Sterbefall, a Sterbefall screen,
// an Eritrean birth without papers, a Kirchenaustritt, a card payment),
// Jugendamt (Inobhutnahme notes and an English mail to foster carers,
// Umgang by mail thread with a Czech father, Beistandschaft, UVG as JSON and
// a Rückgriff to Poland, a Gefährdung chat, a Hilfeplan, an OCR'd
// Vaterschaftsanerkennung, a dictated JGH report in lower case, a
// Pflegekinderdienst Vermerk, an unaccompanied minor), Elterngeldstelle (a
// CSV with Steuer-IDs and children's birth dates, a Widerspruch, a
// self-employed applicant with Steuernummer, USt-IdNr. and RVNR), Kita (an
// Excel vergabe list, an SPZ Stellungnahme, a complaint, a contract),
// Schulverwaltung (Schulbegleitung in German and English, Schülerbeförderung
// with plates, Schulpflichtverletzung), Sozialpsychiatrischer Dienst (crisis
// notes, an Unterbringung, initials, an English relative's mail, a
// Betreuungsanregung), Gesundheitsamt (Einschulungsuntersuchung, Masernschutz,
// TB contacts, Norovirus in a care home, an OCR'd vaccination record, a
// hepatitis report, head lice) and IT tickets (passwords, a PEM key, a JWT,
// AWS, GitHub, Slack and OpenAI-style keys, a DB dump, IPv4 and IPv6, a SIP
// phone). Vietnamese, Syrian, Afghan, Ukrainian, Russian-German, Sorbian,
// Polish, Czech, Eritrean, Georgian, Roma, Somali, Indian and Kosovar names,
// double names, initials, names in capitals and in lower case. Invalid
// identifiers are left unlabelled: a Steuer-ID with a wrong check digit (074),
// an IBAN with its last digit changed (094), a KVNR with a wrong check digit
// (095); an Indian passport number (061) and a phone's MAC address (100) too.
// 17 of 100 without any finding; nine in English. The writer's review before the first
// run took titles out of PERSON spans ('Dr. med.', 'Herr', 'Ms', 'Frau'),
// a birth name into a span of its own (012), the district before a street
// out of an address (040), 'Verdacht auf' out of a span (036), 'Skabies' and
// 'Exsikkose' in brackets into spans of their own, a frequency adverb out of a
// span (029, rephrased as 'regelmäßigen cannabiskonsum'), made RVNRs agree
// with the birth dates and initials beside them, and labelled three register
// numbers (017, 028, 072). Reading the first run's misses and extras changed
// these labels, each the writer's slip by the rules and not the detector's
// output: eleven children's first names left out while the same documents
// label the others (029 twice, 036, 039, 041, 048 three times, 093 twice,
// 098); the embassy's visa file number (004); the wheelchair said of two
// named children (093); a second mention of a pregnancy (096); 'Erbrechen und
// Durchfall' split into two spans (052: each phrase a span, the one
// exception for 'und' being the marks of one card); 'evangelischen Kirche'
// cut to the adjective as README's rite convention has it (066).
// Set just below the figures of the first run (main at 46d2c682: micro
// 0.927, PERSON 0.931, SPECIAL_CATEGORY 0.792, CASE_REFERENCE 0.909,
// POSTAL_ADDRESS 0.940, SECRET 0.903, DATE_OF_BIRTH 0.957, every check-digit
// type 1.000; micro 0.936, PERSON 0.943, SPECIAL_CATEGORY 0.821 and
// CASE_REFERENCE 0.917 on the corrected labels); see docs/detection.md.
const (
	b48MinCheckDigit = 0.99
	b48MinMicroF1    = 0.93
	b48MinPersonF1   = 0.94
	b48MinSpecialF1  = 0.82
	b48MinCaseRefF1  = 0.91
)

// TestBlind48 scores detectors.Default() on blind48/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind48(t *testing.T) {
	checkSet(t, "blind48", setMinima{docs: 100, checkDigit: b48MinCheckDigit, micro: b48MinMicroF1, person: b48MinPersonF1,
		special: b48MinSpecialF1, caseRef: b48MinCaseRefF1})
}
