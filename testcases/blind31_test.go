package testcases

import (
	"testing"
)

// Thresholds for the thirty-first blind set (blind31/). The documents were
// written from TAXONOMY.md's rules alone, without looking at the detectors,
// their lexicons or the other labelled sets. More than half of the set goes
// to offices the earlier sets had seldom or never: Beihilfestelle (a
// label/value form with drugs, an Outlook thread, a pytest fixture with
// ICD-10 codes, an .env), Betriebsarzt and BEM (an invitation letter, a
// Teams chat, a Vorsorgebescheinigung), Personalrat (minutes with a union
// membership), Rechnungsprüfungsamt (a Prüfbericht, a Teams chat with a
// VS-NfD marking), Kämmerei (a TSV of Stundungen), Vollstreckungsstelle (a
// Pfändungsverfügung, an SQL INSERT), Rechtsamt (a Klageerwiderung with
// court docket numbers), Beschwerdemanagement (a citizen's mail, a ';' CSV,
// an English complaint with an Irish address), Bürgerbeteiligung (a JSON
// export with IPv6, curl with an API key and a session cookie),
// Wohnungsamt/WBS (a form, an OCR'd letter with broken hyphenation, an XML
// export, a Java stack trace), Zweckentfremdung (an Anhörung, Slack with a
// key-safe code), Hundesteuer and Zweitwohnungsteuer (a Dutch address),
// Stadtarchiv (a register request, an EAD finding aid), Museum (a loan
// agreement from Zürich), Theater (an Excel paste with IBANs, an English
// prompt), Bäder (an accident report, a Hausverbot, a Kubernetes Secret),
// Jugendzentrum (WhatsApp, a Ferienfreizeit form with a KVNR),
// Ehrenamtskarte and Ehrenamtsbüro, Migrationsberatung (a Turkish address,
// an English prompt), Katastrophenschutz (a VS-NfD evacuation list as a
// Markdown table, a Lagebericht), Forst (a CSV with plates), Wahlhelfer,
// Schöffenwahl, Hochbau and Gebäudemanagement (an access-control log with
// a password), Fuhrpark, Städtepartnerschaft (a French address, host
// families in Markdown), Pressestelle (a centenarian, a Teams chat),
// Jobcenter-Inkasso (a Forderungsaufstellung, a JSON answer behind a JWT),
// Schwerbehindertenvertretung, Ausbildungsleitung (Terraform with AWS
// keys), Zuwendungen an Vereine, Sondernutzung and Bestattungspflicht (a
// Belgian and a Polish address); beside them Sozialamt, Bürgerbüro,
// Kfz, Standesamt, Jugendamt, Ordnungsamt, Gesundheitsamt (IfSG),
// Steueramt, Personalamt, Kita, DSB, Stadtkasse (a card number),
// Ausländerbehörde, Obdachlosenunterkunft and Rat; 15 of 100 without any
// finding (statutes, a Dienstvereinbarung, a Haushaltsplan with pay grades,
// Drucksachen, road numbers, schools and streets named after people,
// statistics, a config with variable references, UUIDs and commit hashes);
// five prompts in English. Set just below the figures measured when the set
// was written, after round 38 (first run at ccc3bd0: micro 0.924, PERSON 0.906
// — lower-case chat senders and display names with a tag, family names
// in a Markdown table, OCR-broken names —, SPECIAL_CATEGORY 0.819,
// CASE_REFERENCE 0.882 — file numbers without a label word in XML, JSON,
// chats and English text —, the check-digit types 1.000; micro 0.925 and
// SPECIAL_CATEGORY 0.828 at the commit that added the set, after the writer
// labelled two treatments left out against TAXONOMY.md, 004's "operiert"
// and 085's "Kurzzeitpflege", see blind_test.go). Raised after round 40 to
// just below its figures (micro 0.957, PERSON 0.966, SPECIAL_CATEGORY 0.871).
// Raised after round 56 to just below its figures then (micro 0.969, SPECIAL_CATEGORY 0.912).
const (
	b31MinCheckDigit = 0.99
	b31MinMicroF1    = 0.96
	b31MinPersonF1   = 0.96
	b31MinSpecialF1  = 0.92
	b31MinCaseRefF1  = 0.88
)

// TestBlind31 scores detectors.Default() on blind31/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind31(t *testing.T) {
	checkSet(t, "blind31", setMinima{docs: 100, checkDigit: b31MinCheckDigit, micro: b31MinMicroF1, person: b31MinPersonF1,
		special: b31MinSpecialF1, caseRef: b31MinCaseRefF1})
}
