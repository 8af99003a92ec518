package detectors

import (
	"slices"
	"testing"
)

func TestTopics(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"hr", "Bitte bewerte den Lebenslauf von Anna Schmidt für das Auswahlverfahren.", []string{"hr_application"}},
		{"social", "Prüfe den Wohngeld-Antrag und den Leistungsbescheid der Bedarfsgemeinschaft.", []string{"social_benefit"}},
		{"asylum", "Formuliere die Ablehnung der Duldung und die Abschiebung.", []string{"asylum"}},
		{"grading", "Erstelle die Zeugnisnoten und die Benotung der Klausur.", []string{"grading"}},
		{"several", "Asylbewerberleistungen: Bescheid zur Aufenthaltsgestattung", []string{"asylum", "social_benefit"}},
		{"upper", "BEWERBUNG ALS SACHBEARBEITER", []string{"hr_application"}},
		{"none", "Bitte fasse das Protokoll der Ratssitzung zusammen.", nil},
		{"inside word", "Der Fachbereich Sportstättenbewerbung (kein Wortanfang)", nil},
		{"empty", "", nil},
	}
	for _, c := range cases {
		got := Topics([]byte(c.text))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: Topics(%q) = %v, want %v", c.name, c.text, got, c.want)
		}
	}
}

func FuzzTopics(f *testing.F) {
	f.Add("Bewerbung und Lebenslauf")
	f.Add("Duldung, Asyl, Wohngeld, Zeugnis")
	f.Fuzz(func(t *testing.T, s string) {
		got := Topics([]byte(s))
		if !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Fatalf("not sorted or duplicates: %v", got)
		}
	})
}
