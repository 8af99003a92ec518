package detectors

import (
	"bytes"
	"slices"
	"sort"
	"testing"
)

// topicsReference is the plain form of Topics: lower-case a copy, then test
// every topic word at every word start.
func topicsReference(lx *Lexicons, text []byte) []string {
	low := NewText(text).Lower()
	var out []string
	for _, name := range topicNames {
		found := false
		for _, w := range lx.mustList("topic_" + name) {
			if len(w) < 3 {
				continue
			}
			for i := 0; i+3 <= len(low) && !found; {
				if c := low[i]; !(isLetter(c) || c >= 0xC0) {
					i++
					continue
				}
				if bytes.HasPrefix(low[i:], []byte(w)) {
					found = true
				}
				for i++; i < len(low) && (isAlnum(low[i]) || low[i] >= 0x80); i++ {
				}
			}
			if found {
				break
			}
		}
		if found {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

var topicCases = []string{
	"Bitte bewerte den Lebenslauf von Anna Schmidt für das Auswahlverfahren.",
	"Prüfe den Wohngeld-Antrag und den Leistungsbescheid der Bedarfsgemeinschaft.",
	"Formuliere die Ablehnung der Duldung und die Abschiebung.",
	"Erstelle die ZEUGNISNOTEN und die Benotung der Klausur.",
	"ASYLBEWERBERLEISTUNGEN: Bescheid zur Aufenthaltsgestattung",
	"Der Fachbereich Sportstättenbewerbung (kein Wortanfang)",
	"\xc3\x9cBERPRÜFUNG der Bewerbung \xff\xc3",
	"ab",
	"",
}

func TestTopicsMatchesReference(t *testing.T) {
	lx := DefaultLexicons()
	for _, c := range append(topicCases, string(benchText[:32<<10])) {
		if got, want := lx.Topics([]byte(c)), topicsReference(lx, []byte(c)); !slices.Equal(got, want) {
			t.Fatalf("Topics(%.80q) = %v, reference %v", c, got, want)
		}
	}
}

func FuzzTopicsReference(f *testing.F) {
	for _, c := range topicCases {
		f.Add(c)
	}
	lx := DefaultLexicons()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := lx.Topics([]byte(s)), topicsReference(lx, []byte(s)); !slices.Equal(got, want) {
			t.Fatalf("Topics(%q) = %v, reference %v", s, got, want)
		}
	})
}
