package detectors

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// badInputs are adversarial texts for the lexicon and context detectors:
// invalid UTF-8, NUL bytes, long digit runs, one long line, and repeated
// near-matches of every trigger. Each is 256 KB.
func badInputs() map[string][]byte {
	const n = 1 << 18
	rep := func(s string) []byte { return bytes.Repeat([]byte(s), n/len(s)+1)[:n] }
	return map[string][]byte{
		"invalid utf8 and NUL":    rep("Herr \xff\xfe\x00Müller\xc3 geb.\x00 03.04.\xe2\x82"),
		"digits":                  rep("0123456789"),
		"one line of salutations": rep("Herr Frau Dr. Prof. "),
		"names without end":       rep("Anna Maria Müller-Lüdenscheidt von der "),
		"birth labels":            rep("geb. geboren Geburtsdatum: * "),
		"case labels":             rep("Az. Aktenzeichen 1 K 2/ 3 K 4/2 "),
		"name table":              rep("Name;Vorname;Geburtsdatum;Konfession\n"),
		"table body":              []byte("Name;Vorname;Geburtsdatum;Konfession\n" + strings.Repeat("Müller;Anna;01.02.1980;rk\n", n/26)),
		"mrz fillers":             rep("<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n"),
		"vs markings":             rep("VS-VS - VS – GEHEIM NfD "),
		"streets":                 rep("Lindenstraße Am Markt 1 53111 Bonner Straße "),
		"special phrases":         rep("Herr schwanger GdB ICD F32.1 Konfession rk "),
		"greetings":               rep("Hallo Hallo, Liebe Mit freundlichen Grüßen\n"),
		"lists":                   rep("Anna, Maria und Lisa, "),
		"codes and medical words": rep("Arzt A12 B34.5 Hausarzt C67 "),
		"dates after given names": rep("Anna (01.02.2015) Mia ("),
		"password compounds":      rep("Initialpasswort: dbPassword= Zugangstoken: "),
		"lower-case salutations":  rep("frau herrn herr sohn tochter "),
	}
}

// TestLexBadInput runs every lexicon and context detector over the bad
// inputs: no panic, spans within bounds and on rune boundaries. The time per
// input is logged (-v); speed is judged by the benchmarks, not asserted.
func TestLexBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("256 KB inputs; skipped with -short")
	}
	dets := []Detector{NewPerson(), NewPostalAddress(), NewDateOfBirth(), NewCaseReference(), NewClassification(), NewSpecialCategory()}
	for name, in := range badInputs() {
		for _, d := range dets {
			e, err := newEngine([]Detector{d}, DefaultLexicons())
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			fs := e.Scan(in)
			for _, f := range fs {
				if f.Start < 0 || f.End > len(in) || f.Start >= f.End || !onRuneBoundary(in, f.Start) || !onRuneBoundary(in, f.End) {
					t.Fatalf("%s/%s: bad span %+v", name, d.Type(), f)
				}
			}
			t.Logf("%-26s %-17s %4d findings %v", name, d.Type(), len(fs), time.Since(start).Round(time.Millisecond))
		}
		start := time.Now()
		Topics(in)
		t.Logf("%-26s %-17s %v", name, "topics", time.Since(start).Round(time.Millisecond))
	}
}
