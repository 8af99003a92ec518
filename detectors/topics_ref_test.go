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
			for i := 0; len(w) >= 3 && i < len(low) && !found; i++ {
				found = bytes.HasPrefix(low[i:], []byte(w)) && isWordStartAt(text, i)
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
	"„Bewerbung“ und \xffAsyl, 2Asyl, ٣Benotung, ÜberBenotung, É-Zeugnisnote",
	"ab",
	"",
}

func TestTopicsMatchesReference(t *testing.T) {
	lx := DefaultLexicons()
	for _, c := range append(topicCases, string(benchText[:32<<10])) {
		checkTopics(t, lx, []byte(c))
	}
}

var ibanOnly = func() *Engine {
	e, err := New(Options{Types: []string{"IBAN"}})
	if err != nil {
		panic(err)
	}
	return e
}()

// checkTopics compares Topics and the engine's ScanTopics with the reference.
func checkTopics(t *testing.T, lx *Lexicons, text []byte) {
	t.Helper()
	want := topicsReference(lx, text)
	if got := lx.Topics(text); !slices.Equal(got, want) {
		t.Fatalf("Topics(%.80q) = %v, reference %v", text, got, want)
	}
	if _, got := Default().ScanTopics(text); !slices.Equal(got, want) {
		t.Fatalf("ScanTopics(%.80q) = %v, reference %v", text, got, want)
	}
	if _, got := ibanOnly.ScanTopics(text); !slices.Equal(got, want) {
		t.Fatalf("ScanTopics of an IBAN-only engine (%.80q) = %v, reference %v", text, got, want)
	}
}

func FuzzTopicsReference(f *testing.F) {
	for _, c := range topicCases {
		f.Add(c)
	}
	lx := DefaultLexicons()
	f.Fuzz(func(t *testing.T, s string) {
		checkTopics(t, lx, []byte(s))
	})
}
