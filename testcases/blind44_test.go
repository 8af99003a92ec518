package testcases

import (
	"testing"
)

// Thresholds for the forty-fourth blind set (blind44/). The documents were
// written from TAXONOMY.md's rules and testcases/README.md alone, without
// looking at the detectors, their lexicons or the other labelled sets, with
// a theme instead of a Land: what staff really paste into a chat service,
// from offices all over Germany. Multi-turn prompts pasted back ('Du: … /
// ChatGPT: … / Du: …', a follow-up adding the name, the IBAN or the
// Aktenzeichen the first turn left out, the assistant's answer quoting
// them: Leipzig Wohngeld, Potsdam Bauamt, Freiburg Jugendamt, Halle
// Grundsicherung, Aachen Unterhaltsvorschuss, Pforzheim Kfz-Steuer,
// Rosenheim Gaststätte, Bremerhaven Vaterschaft, Weimar in German and
// English, Mülheim Arbeitszeugnis, Göttingen with a German passport's MRZ),
// mail threads with signatures, disclaimers and '> ' quoted replies (Kiel
// Krankmeldung, Nürnberg Friedhof 'muslimischem' Ritus, Erfurt Beurteilung,
// Augsburg OWi, Chemnitz Meldebescheinigung, Jena Legionellen, Konstanz
// Zweitwohnungsteuer with a card number, Hildesheim Stundung, Cuxhaven
// Hundehalter), Teams and Webex copies with display names ('Yilmaz, Emre'),
// CSV, TSV and Markdown tables (BG-Nummern, Einschulung, Kfz-SEPA, payroll
// with 'rk'/'ev' and RVNR, AU-Tage, Duldungen, Schulbegleitung, Kita
// fees, speed camera), PDF copies with broken lines and hyphens
// (Einbürgerung, Sterbefall, Gewerbeanmeldung, Gesamtplan), Jira and OTRS
// exports, a website chatbot transcript, minutes with attendee lists
// (BEM, Personalrat with ver.di, Bauausschuss with council members'
// parties left unlabelled as office holders', a Kreistag's citizens'
// initiative labelled), prompt templates with their placeholders filled
// in, code and data (Python, SQL INSERT, psql output, PowerShell, JSON,
// docker-compose, a git diff with an OpenSSH key), two VS-NfD documents
// and a German ID card's MRZ. Deliberately invalid identifiers are left
// unlabelled: a Steuer-ID missing a digit (052), an Ausweis number with a
// wrong check digit (057) and an IBAN with two digits swapped (058). 16 of
// 100 without any finding (an unfilled prompt template with 'Max
// Mustermann', law citations, Drucksachen and Haushaltsstellen, school
// routes past schools and streets named after people, vaccination
// statistics, tickets, invoices and version numbers, a GDPR question in
// English, a budget speech naming only roles, a Bebauungsplan with road
// numbers and pay grades, a Java log, the Namensrecht reform, the winter
// service plan, cemetery fees, a job advertisement, school statistics, an
// IT inventory with firmware versions and MAC addresses, Tatbestandsnummern
// of the Bußgeldkatalog); eight prompts in English. Set just below the
// figures measured when the set was written (first run at main's 5541c238:
// micro 0.945, PERSON 0.942, SPECIAL_CATEGORY 0.876, CASE_REFERENCE 0.949,
// every check-digit type 1.000). The writer's review against TAXONOMY.md
// and testcases/README.md corrected three documents (002 'AU' of a named
// employee, sick leave stated about her, left unlabelled; 014 'offene'
// left outside 'Lungentuberkulose', a qualifier that belongs to the span;
// 081 the 'Rollstuhl-Transport' in a Gesamtplan, a service stated for the
// person as 'Insulingabe durch Pflegedienst' is, left unlabelled), micro
// 0.947 and SPECIAL_CATEGORY 0.892 after it; see docs/detection.md.
const (
	b44MinCheckDigit = 0.99
	b44MinMicroF1    = 0.94
	b44MinPersonF1   = 0.94
	b44MinSpecialF1  = 0.87
	b44MinCaseRefF1  = 0.94
)

// TestBlind44 scores detectors.Default() on blind44/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind44(t *testing.T) {
	checkSet(t, "blind44", setMinima{docs: 100, checkDigit: b44MinCheckDigit, micro: b44MinMicroF1, person: b44MinPersonF1,
		special: b44MinSpecialF1, caseRef: b44MinCaseRefF1})
}
