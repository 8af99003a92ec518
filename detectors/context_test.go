package detectors

import (
	"strings"
	"testing"
)

// contextCases are texts with a value at the marker "#" and context words
// before and after it, in both cases, at window edges and split by them.
var contextCases = []string{
	"Tel. #",
	"Rechnung Nr. #",
	"Bitte rufen Sie mich an unter # (mobil)",
	"IBAN und Konto: # tel",
	"steht in § 12 Abs. # der Satzung",
	"v. #",
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxtel #",
	"# xxxxxxxxxxxxxxxxxxxxxxxxxtel",
	"tk #",
	"#",
	"\xff\xfe # \xc3",
	"KRANKENVERSICHERTENNUMMER: #",
	"Ausweis-Nr. IDD<<#",
}

// TestContextCompiledMatchesPlain checks the prepared matcher against the
// plain word-by-word search for every context of the format detectors.
func TestContextCompiledMatchesPlain(t *testing.T) {
	for _, c := range []*Context{cardContext, kvnrContext, idContext, ipNegative, plateContext, phoneContext,
		rvnrContext, taxIDContext, taxNumberContext} {
		plain := *c
		plain.m = nil
		for _, s := range contextCases {
			checkContext(t, c, &plain, s)
		}
	}
}

func checkContext(t *testing.T, compiled, plain *Context, s string) {
	t.Helper()
	i := strings.IndexByte(s, '#')
	if i < 0 {
		return
	}
	tx := NewText([]byte(s))
	gp, gn := compiled.Near(tx, i, i+1)
	wp, wn := plain.Near(tx, i, i+1)
	if gp != wp || gn != wn {
		t.Fatalf("%q: compiled Near = %v %v, plain %v %v (words %v / %v)", s, gp, gn, wp, wn, plain.Positive, plain.Negative)
	}
}

func FuzzContext(f *testing.F) {
	for _, s := range contextCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range []*Context{phoneContext, ipNegative, idContext, taxIDContext} {
			plain := *c
			plain.m = nil
			checkContext(t, c, &plain, s)
		}
	})
}
