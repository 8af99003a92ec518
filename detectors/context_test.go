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
		rvnrContext, taxIDContext, taxNumberContext, oneByteContext} {
		plain := *c
		plain.m = nil
		for _, s := range contextCases {
			checkContext(t, c, &plain, s)
		}
	}
}

// oneByteContext has one-byte words, which no context of the detectors has
// (find looks at each byte in the table of them only for such a set).
var oneByteContext = Context{Positive: []string{"/", "tel"}, Negative: []string{"v", "§"}}.Compile()

// TestCtxMatcherOneByteWords checks that find looks up one-byte words only
// for a set that has them: none of the contexts find reads most often
// (PHONE's, IP_ADDRESS's, DE_TAX_ID's) has one, so their loop over the
// window skips the table.
func TestCtxMatcherOneByteWords(t *testing.T) {
	for _, c := range []*Context{phoneContext, ipNegative, taxIDContext, taxIDFarContext} {
		if c.m.hasOne {
			t.Errorf("context %v / %v: hasOne set without a one-byte word", c.Positive, c.Negative)
		}
	}
	if !oneByteContext.m.hasOne {
		t.Fatal("a context with one-byte words: hasOne not set")
	}
	for s, want := range map[string][2]bool{"a/b #": {true, false}, "# v": {false, true}, "# a": {false, false}, "tel v #": {true, true}} {
		tx := NewText([]byte(s))
		i := strings.IndexByte(s, '#')
		if p, n := oneByteContext.Near(tx, i, i+1); p != want[0] || n != want[1] {
			t.Errorf("%q: Near = %v %v, want %v", s, p, n, want)
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
		for _, c := range []*Context{phoneContext, ipNegative, idContext, taxIDContext, oneByteContext} {
			plain := *c
			plain.m = nil
			checkContext(t, c, &plain, s)
		}
	})
}
