package proxy

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/schleuse/schleuse/policies"
)

// TestBlockNoticeNamesTypesOnce: the default policy's block messages that
// name what was found (KI-RL-7.1 lists the types after its section,
// KI-RL-4.2 and KI-RL-4.1 write out „Zugangsdaten“ and
// „Verschlusssachen-Kennzeichnung“) are not preceded by the notice's own
// "Gefunden:" naming them again, German or English (the English
// "credentials", "a classification marking": defaultNamesEN; before, the
// English side said "Found: SECRET" before them); a type no message
// names follows them as "Außerdem gefunden" / "Also found", and the next
// step speaks of the data named above. Before, a Steuer-ID blocked for the
// Personalamt read "Gefunden: Steuer-Identifikationsnummer. Grund: … (KI-
// Richtlinie Abschnitt 7.1): Steuer-Identifikationsnummer." A message that
// names none keeps the "Gefunden:" line and "diese Angaben".
func TestBlockNoticeNamesTypesOnce(t *testing.T) {
	e, err := policies.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	block := func(service string, groups []string, types ...string) string {
		t.Helper()
		in := &policies.Input{Service: policies.Service{ID: service, Name: service}, Request: policies.Request{Method: "POST", Path: "/", Kind: "chat", Bytes: 100},
			User: policies.User{ID: "u-1", Authenticated: true, Groups: groups}, Counts: map[string]int{}, Time: "2026-12-03T09:00:00+01:00"}
		for _, typ := range types {
			in.Findings = append(in.Findings, policies.FindingSummary{Type: typ, Count: 1, MaxScore: 0.99})
			in.Counts[typ] = 1
		}
		d := e.Decide(context.Background(), in)
		if d.Action != policies.ActionBlock {
			t.Fatalf("%s %v: %s, want a block", service, types, d.Action)
		}
		return blockText(types, elsewhere{}, d.Reasons, "r1")
	}
	for _, c := range []struct {
		name     string
		text     string
		once     []string // each once in the notice
		want     []string
		deny     []string
		gefunden bool // the notice's own "Gefunden:" list
	}{
		{"7.1 Steuer-ID", block("openai-api", []string{"personalamt"}, "DE_TAX_ID"),
			[]string{"Steuer-Identifikationsnummer", "DE_TAX_ID"},
			[]string{"(KI-Richtlinie Abschnitt 7.1): Steuer-Identifikationsnummer. So geht es weiter: Entfernen Sie die genannten Angaben oder ersetzen",
				"(AI policy section 7.1): DE_TAX_ID. Remove the data named above or replace"}, nil, false},
		{"7.1 and 3.1", block("openai-api", []string{"sozialamt"}, "DE_HEALTH_INSURANCE", "SPECIAL_CATEGORY"),
			[]string{"Krankenversichertennummer", "DE_HEALTH_INSURANCE", "SPECIAL_CATEGORY"},
			[]string{"Abschnitt 7.1): Krankenversichertennummer, Gesundheits- oder andere Art.-9-Daten. So geht es weiter: Entfernen Sie die genannten Angaben"},
			[]string{"besondere Kategorie personenbezogener Daten (Art. 9 DSGVO, z. B. Gesundheit)"}, false},
		{"7.1 and an IBAN it does not name", block("openai-api", []string{"personalamt"}, "DE_TAX_ID", "IBAN"),
			[]string{"Steuer-Identifikationsnummer", "IBAN (Bankverbindung)", "DE_TAX_ID"},
			[]string{"Abschnitt 7.1): Steuer-Identifikationsnummer. Außerdem gefunden: IBAN (Bankverbindung). So geht es weiter: Entfernen Sie die genannten Angaben",
				"(AI policy section 7.1): DE_TAX_ID. Also found: IBAN. Remove the data named above"}, nil, false},
		{"4.2", block("openai-api", nil, "SECRET"), []string{"Zugangsdaten (", "credentials ("},
			[]string{"gesendet. Grund: Die Eingabe enthält Zugangsdaten", "Entfernen Sie die genannten Angaben",
				"AI service. Reason: The input contains credentials", "Remove the data named above"}, []string{"Found:", "SECRET"}, false},
		{"4.2 and a name it does not name", block("openai-api", nil, "SECRET", "PERSON"), []string{"Zugangsdaten (", "credentials (", "PERSON"},
			[]string{"Grund: Die Eingabe enthält Zugangsdaten", "Außerdem gefunden: Name einer Person.",
				"AI service. Reason: The input contains credentials", "Also found: PERSON. Remove the data named above"}, []string{"SECRET"}, false},
		{"4.1", block("openai-api", nil, "CLASSIFICATION"), []string{"Verschlusssachen-Kennzeichnung", "classification marking"},
			[]string{"gesendet. Grund: Die Eingabe enthält eine Verschlusssachen-Kennzeichnung", "AI service. Reason: The input carries a classification marking"},
			[]string{"Found: CLASSIFICATION"}, false},
		{"2.2 says Gefunden itself", block("perplexity-web", nil, "PERSON", "IBAN"), []string{"Name einer Person", "PERSON", "Gefunden:", "Found:"},
			[]string{"Abschnitt 2.2). Gefunden: IBAN (Bankverbindung), Name einer Person. So geht es weiter: Entfernen Sie die genannten Angaben"}, nil, false},
		{"a message that names none", blockText([]string{"PERSON"}, elsewhere{}, []policies.Reason{{Rule: "R", Message: "Bitte nicht.", MessageEN: "Please don't."}}, "r1"),
			[]string{"Name einer Person", "PERSON"},
			[]string{"gesendet. Gefunden: Name einer Person. Grund: Bitte nicht (R). So geht es weiter: Entfernen Sie diese Angaben", "Found: PERSON. Reason: Please don't (R). Remove these data"},
			[]string{"Außerdem", "Also found", "genannten", "named above"}, true},
	} {
		for _, w := range c.once {
			if n := strings.Count(c.text, w); n != 1 {
				t.Errorf("%s: %q %d times, want once:\n%s", c.name, w, n, c.text)
			}
		}
		noticeSays(t, c.text, c.want, c.deny)
		if got := strings.Contains(c.text, "gesendet. Gefunden:"); got != c.gefunden {
			t.Errorf("%s: the notice's own Gefunden: %v, want %v:\n%s", c.name, got, c.gefunden, c.text)
		}
	}
}

// TestNamesWord: a type's name counts as named in a policy's message only
// as a word of its own; a longer word or a German compound, closed or
// hyphenated, that contains it does not name it.
func TestNamesWord(t *testing.T) {
	for _, c := range []struct {
		msg, name string
		want      bool
	}{
		{"Die Eingabe enthält folgende Angaben: IBAN (Bankverbindung).", "IBAN (Bankverbindung)", true},
		{"(KI-Richtlinie Abschnitt 7.1): Steuer-Identifikationsnummer.", "Steuer-Identifikationsnummer", true},
		{"Die Eingabe enthält Zugangsdaten (Passwort, Schlüssel oder Token).", "Zugangsdaten", true},
		{"Gefunden: Name, Adresse.", "Name", true},
		{"Gefunden: Name, Adresse.", "Adresse", true},
		{"„Name“ und Anschrift", "Name", true},
		{"Name/Anschrift", "Name", true},
		{"Name/Anschrift", "Anschrift", true},
		{"Adresse – bitte prüfen", "Adresse", true},
		{"Found: DE_TAX_ID, IBAN.", "IBAN", true},
		{"Found: DE_TAX_ID, IBAN.", "DE_TAX_ID", true},
		{"IBAN", "IBAN", true},
		{"Ihr Benutzername ist kein Fund.", "Name", false},
		{"Namensänderung beantragt", "Name", false},
		{"Ihre E-Mail-Adresse", "Adresse", false},
		{"Ihre IP-Adresse", "Adresse", false},
		{"die IBAN-Nummer", "IBAN", false},
		{"IBAN- und Kontodaten", "IBAN", false},
		{"Kontodaten-IBAN", "IBAN", false},
		{"Kontodaten\u2011IBAN", "IBAN", false},
		{"Kontodaten\u00adIBAN", "IBAN", false},
		{"Steuernummern", "Steuernummer", false},
		{"Umsatzsteuernummer", "Steuernummer", false},
		{"Found: DE_TAX_ID_HASH.", "DE_TAX_ID", false},
		{"Found: PERSONAL.", "PERSON", false},
		{"Name einer Person", "PERSON", false},
		{"Bankverbindungen", "Bankverbindung", false},
		{"Straßenname", "Name", false},
		{"Ärztin Müllername", "Name", false},
		{"Kfz-Kennzeichen", "Kennzeichen", false},
		// A second occurrence as a word counts after a first inside one.
		{"Benutzername; Name", "Name", true},
		{"", "Name", false},
		{"Name", "", false},
	} {
		if got := namesWord(c.msg, c.name); got != c.want {
			t.Errorf("namesWord(%q, %q) = %v, want %v", c.msg, c.name, got, c.want)
		}
	}
	// The DPO's own names: "Name" for PERSON is not named by a message about
	// a Benutzer-Name, "Adresse" not by one about an E-Mail-Adresse; both stay
	// in the notice's list.
	w := elsewhere{names: map[string]string{"PERSON": "Name", "POSTAL_ADDRESS": "Adresse"}}
	r := []policies.Reason{{Rule: "R", Message: "Benutzer-Name und E-Mail-Adresse gehören nicht in KI-Dienste.", MessageEN: "No user names."}}
	noticeSays(t, blockText([]string{"PERSON", "POSTAL_ADDRESS"}, w, r, "r1"), []string{"Gefunden: Name, Adresse. Grund:"}, nil)
	noticeSays(t, warnText([]string{"PERSON", "POSTAL_ADDRESS"}, w, false, r, "r1"), []string{"Gefunden: Name, Adresse. Hinweis:"}, nil)
}

// FuzzNamesWord: a name named as a word is in the message, and one between
// blanks is always named.
func FuzzNamesWord(f *testing.F) {
	for _, s := range [][2]string{{"Ihre E-Mail-Adresse", "Adresse"}, {"IBAN- und Kontodaten", "IBAN"}, {"Gefunden: Name, Adresse.", "Name"},
		{"Kontodaten\u00adIBAN", "IBAN"}, {"Found: DE_TAX_ID_HASH.", "DE_TAX_ID"}, {"„Name“", "Name"}, {"\xff Name", "\xffName"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, msg, name string) {
		if namesWord(msg, name) && !strings.Contains(msg, name) {
			t.Errorf("namesWord(%q, %q) without the name in it", msg, name)
		}
		if name != "" && !namesWord(msg+" "+name+" "+msg, name) {
			t.Errorf("namesWord: %q between blanks not named in %q", name, msg+" "+name+" "+msg)
		}
	})
}

// TestDefaultNamesEN: each English name of defaultNamesEN is written out
// by one of the default policy's English messages, and every English
// message that writes it out has a German counterpart that names the type
// too (namesDE): the English side then leaves out what the German side
// leaves out, and no type the German notice lists goes missing in
// English.
func TestDefaultNamesEN(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "policies", "default", "data.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Richtlinie struct {
			Messages map[string]struct{ DE, EN string } `yaml:"messages"`
		} `yaml:"richtlinie"`
	}
	if err := yaml.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Richtlinie.Messages) < 10 {
		t.Fatalf("%d messages in the default policy", len(data.Richtlinie.Messages))
	}
	for typ, en := range defaultNamesEN {
		written := false
		for rule, m := range data.Richtlinie.Messages {
			if !namesWord(m.EN, en) {
				continue
			}
			written = true
			if !slices.ContainsFunc(elsewhere{}.namesDE(typ), func(n string) bool { return namesWord(m.DE, n) }) {
				t.Errorf("%s: the English message names %s (%q), the German one does not: %q", rule, typ, en, m.DE)
			}
		}
		if !written {
			t.Errorf("%s: no English message of the default policy writes %q", typ, en)
		}
	}
}
