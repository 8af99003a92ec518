package testcases

import (
	"path/filepath"
	"testing"
)

// Thresholds for the fourth blind set (blind4/). The documents were written
// from TAXONOMY.md's rules alone, without looking at the detectors, their
// lexicons or the other labelled sets, as a realistic mix of what municipal
// staff paste into a chat AI. Set just below the figures measured when the
// set was written, so that a regression fails the test.
const (
	b4MinCheckDigit = 0.80
	b4MinMicroF1    = 0.92
	b4MinPersonF1   = 0.88
	b4MinSpecialF1  = 0.79
	b4MinCaseRefF1  = 0.95
)

// TestBlind4 scores detectors.Default() on blind4/*.txt exactly as
// TestRealWorld does. Run with -v for the table and every miss and extra.
func TestBlind4(t *testing.T) {
	files, err := filepath.Glob("blind4/*.txt")
	if err != nil || len(files) < 80 {
		t.Fatalf("blind4: %d documents (%v), want ≥ 80", len(files), err)
	}
	per, misses, table, all := score(t, files)
	for typ, c := range per {
		p, r, f := prf(c.tp, c.fp, c.fn)
		if checkDigitTypes[typ] && (p < b4MinCheckDigit || r < b4MinCheckDigit) {
			t.Errorf("%s: P %.3f R %.3f, want both ≥ %.2f", typ, p, r, b4MinCheckDigit)
		}
		if typ == "PERSON" && f < b4MinPersonF1 {
			t.Errorf("PERSON: F1 %.3f, want ≥ %.2f", f, b4MinPersonF1)
		}
		if typ == "SPECIAL_CATEGORY" && f < b4MinSpecialF1 {
			t.Errorf("SPECIAL_CATEGORY: F1 %.3f, want ≥ %.2f", f, b4MinSpecialF1)
		}
		if typ == "CASE_REFERENCE" && f < b4MinCaseRefF1 {
			t.Errorf("CASE_REFERENCE: F1 %.3f, want ≥ %.2f", f, b4MinCaseRefF1)
		}
	}
	if _, _, f := prf(all.tp, all.fp, all.fn); f < b4MinMicroF1 {
		t.Errorf("micro F1 %.3f, want ≥ %.2f", f, b4MinMicroF1)
	}
	t.Logf("%d documents\n%s", len(files), table)
	for _, m := range misses {
		t.Log(m)
	}
}
