package testcases

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

var writeDoc = flag.Bool("write-doc", false, "update the tables and lists of misses of ../docs/detection.md (every set's \"Now\"), keeping every other line")

// checkDigitTypes are the types with a check digit: P and R must be ≥ 0.99.
var checkDigitTypes = map[string]bool{"IBAN": true, "CREDIT_CARD": true, "DE_TAX_ID": true, "DE_VAT_ID": true,
	"DE_SOCIAL_SECURITY": true, "DE_HEALTH_INSURANCE": true, "DE_ID_CARD": true}

const (
	minCheckDigit = 0.99
	minMicroF1    = 0.95
	minPersonF1   = 0.90
)

type counts struct{ tp, fp, fn, otp, ofp, ofn int }

func prf(tp, fp, fn int) (p, r, f float64) {
	p, r = 1, 1
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

// TestCorpus runs detectors.Default() over every document in corpus/ and
// scores the findings against the labels per type: exact span match (the
// figure the thresholds apply to) and overlap match (same type, spans
// overlap). Run with -v for the table, -write-doc to update docs/detection.md.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("corpus/*.txt")
	if err != nil || len(files) < 150 {
		t.Fatalf("corpus: %d documents (%v), want ≥ 150", len(files), err)
	}
	per, misses, table, all := score(t, files)
	for typ, c := range per {
		p, r, f := prf(c.tp, c.fp, c.fn)
		if checkDigitTypes[typ] && (p < minCheckDigit || r < minCheckDigit) {
			t.Errorf("%s: P %.3f R %.3f, want both ≥ %.2f", typ, p, r, minCheckDigit)
		}
		if typ == "PERSON" && f < minPersonF1 {
			t.Errorf("PERSON: F1 %.3f, want ≥ %.2f", f, minPersonF1)
		}
	}
	if _, _, f := prf(all.tp, all.fp, all.fn); f < minMicroF1 {
		t.Errorf("micro F1 %.3f, want ≥ %.2f", f, minMicroF1)
	}
	hand, _ := filepath.Glob("corpus/hand_*.txt")
	neg, _ := filepath.Glob("corpus/negativ_*.txt")
	_, _, handTable, _ := score(t, append(hand, neg...))
	t.Logf("%d documents\n%s\nhand-written and negative documents only (%d):\n%s", len(files), table, len(hand)+len(neg), handTable)
	for _, m := range misses {
		t.Log(m)
	}
	if *writeDoc {
		writeDetectionDoc(t, detectionDoc)
	}
}

// score runs the engine over files and returns the per-type counts, the
// list of misses and extras, and the Markdown table.
func score(t *testing.T, files []string) (map[string]*counts, []string, string, counts) {
	t.Helper()
	eng := detectors.Default()
	per := map[string]*counts{}
	get := func(typ string) *counts {
		if per[typ] == nil {
			per[typ] = &counts{}
		}
		return per[typ]
	}
	var misses []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text, want, err := Parse(string(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := eng.Scan([]byte(text))
		matched := make([]bool, len(got))
		omatched := make([]bool, len(got))
		for _, w := range want {
			exact, overlap := false, false
			for i, g := range got {
				if g.Type != w.Type {
					continue
				}
				if g.Start == w.Start && g.End == w.End {
					exact, matched[i] = true, true
				}
				if g.Start < w.End && w.Start < g.End {
					overlap, omatched[i] = true, true
				}
			}
			c := get(w.Type)
			if exact {
				c.tp++
			} else {
				c.fn++
				misses = append(misses, fmt.Sprintf("%s: missed %s %q", filepath.Base(name), w.Type, text[w.Start:w.End]))
			}
			if overlap {
				c.otp++
			} else {
				c.ofn++
			}
		}
		for i, g := range got {
			c := get(g.Type)
			if !matched[i] {
				c.fp++
				misses = append(misses, fmt.Sprintf("%s: extra %s %q", filepath.Base(name), g.Type, text[g.Start:g.End]))
			}
			if !omatched[i] {
				c.ofp++
			}
		}
	}
	types := make([]string, 0, len(per))
	for typ := range per {
		types = append(types, typ)
	}
	sort.Strings(types)
	var tb strings.Builder
	fmt.Fprintf(&tb, "| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	var all counts
	for _, typ := range types {
		c := per[typ]
		p, r, f := prf(c.tp, c.fp, c.fn)
		op, or, of := prf(c.otp, c.ofp, c.ofn)
		fmt.Fprintf(&tb, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", typ, c.tp+c.fn, p, r, f, op, or, of)
		all.tp, all.fp, all.fn = all.tp+c.tp, all.fp+c.fp, all.fn+c.fn
		all.otp, all.ofp, all.ofn = all.otp+c.otp, all.ofp+c.ofp, all.ofn+c.ofn
	}
	p, r, f := prf(all.tp, all.fp, all.fn)
	op, or, of := prf(all.otp, all.ofp, all.ofn)
	fmt.Fprintf(&tb, "| **micro** | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", all.tp+all.fn, p, r, f, op, or, of)
	return per, misses, tb.String(), all
}
