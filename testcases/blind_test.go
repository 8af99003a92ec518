package testcases

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// Thresholds for the blind set (blind/). The documents were written from
// TAXONOMY.md's rules by someone who had not read the detectors' code, word
// lists or earlier corpora; the first measurement on them (docs/detection.md,
// "Blind set") is the honest estimate of quality on unseen text. The
// thresholds sit just below the figures measured after the fixes that
// followed, so that a regression fails the test.
const (
	blindMinCheckDigit = 0.95
	blindMinMicroF1    = 0.96
	blindMinPersonF1   = 0.93
	blindMinSpecialF1  = 0.98
)

// TestBlind scores detectors.Default() on blind/*.txt: contact forms, chat
// excerpts, OCR'd letters, spreadsheet pastes, Jugendhilfe and Betreuung
// notes, IT tickets with configs and logs, and hard negatives. Run with -v
// for the table and the list of misses and extras.
func TestBlind(t *testing.T) {
	files, err := filepath.Glob("blind/*.txt")
	if err != nil || len(files) < 60 {
		t.Fatalf("blind: %d documents (%v), want ≥ 60", len(files), err)
	}
	per, misses, table, all := score(t, files)
	for typ, c := range per {
		p, r, f := prf(c.tp, c.fp, c.fn)
		if checkDigitTypes[typ] && (p < blindMinCheckDigit || r < blindMinCheckDigit) {
			t.Errorf("%s: P %.3f R %.3f, want both ≥ %.2f", typ, p, r, blindMinCheckDigit)
		}
		if typ == "PERSON" && f < blindMinPersonF1 {
			t.Errorf("PERSON: F1 %.3f, want ≥ %.2f", f, blindMinPersonF1)
		}
		if typ == "SPECIAL_CATEGORY" && f < blindMinSpecialF1 {
			t.Errorf("SPECIAL_CATEGORY: F1 %.3f, want ≥ %.2f", f, blindMinSpecialF1)
		}
	}
	if _, _, f := prf(all.tp, all.fp, all.fn); f < blindMinMicroF1 {
		t.Errorf("micro F1 %.3f, want ≥ %.2f", f, blindMinMicroF1)
	}
	t.Logf("%d documents\n%s", len(files), table)
	for _, m := range misses {
		t.Log(m)
	}
}

// blindPhase1 is the table measured on blind/ before anyone looked at the
// detectors' code for it (commit 814943b): the honest estimate.
const blindPhase1 = `| type | labelled | P | R | F1 | P (overlap) | R (overlap) | F1 (overlap) |
|---|---:|---:|---:|---:|---:|---:|---:|
| CASE_REFERENCE | 27 | 0.889 | 0.593 | 0.711 | 0.944 | 0.630 | 0.756 |
| CLASSIFICATION | 4 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| CREDIT_CARD | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DATE_OF_BIRTH | 29 | 0.929 | 0.897 | 0.912 | 1.000 | 0.966 | 0.982 |
| DE_HEALTH_INSURANCE | 3 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_ID_CARD | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_LICENSE_PLATE | 10 | 1.000 | 0.800 | 0.889 | 1.000 | 0.800 | 0.889 |
| DE_SOCIAL_SECURITY | 6 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_TAX_ID | 7 | 1.000 | 0.857 | 0.923 | 1.000 | 0.857 | 0.923 |
| DE_TAX_NUMBER | 5 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| DE_VAT_ID | 2 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| EMAIL | 15 | 0.875 | 0.933 | 0.903 | 0.938 | 1.000 | 0.968 |
| IBAN | 14 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |
| IP_ADDRESS | 17 | 0.944 | 1.000 | 0.971 | 0.944 | 1.000 | 0.971 |
| PERSON | 166 | 0.888 | 0.813 | 0.849 | 0.954 | 0.873 | 0.912 |
| PHONE | 29 | 0.967 | 1.000 | 0.983 | 0.967 | 1.000 | 0.983 |
| POSTAL_ADDRESS | 39 | 0.800 | 0.821 | 0.810 | 0.950 | 0.974 | 0.962 |
| SECRET | 15 | 0.923 | 0.800 | 0.857 | 0.923 | 0.800 | 0.857 |
| SPECIAL_CATEGORY | 51 | 0.800 | 0.706 | 0.750 | 0.932 | 0.804 | 0.863 |
| **micro** | 446 | 0.896 | 0.834 | 0.864 | 0.959 | 0.890 | 0.923 |
`

// writeBlindSection appends the blind set's section to docs/detection.md:
// the phase-1 table and the current one.
func writeBlindSection(t *testing.T, b *strings.Builder) {
	files, err := filepath.Glob("blind/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("blind: %d documents (%v)", len(files), err)
	}
	_, misses, table, _ := score(t, files)
	b.WriteString("\n## Blind set (`testcases/blind/`)\n\n")
	fmt.Fprintf(b, "%d documents written from TAXONOMY.md's rules by an engineer who had not read the detectors, their word lists or\n", len(files))
	b.WriteString("the earlier corpora: contact forms, WhatsApp/Teams chats, OCR'd letters, tab-separated spreadsheet pastes, Jugendhilfe,\n" +
		"Betreuung, Beihilfe, .env/kubectl/curl/stack traces, names of many origins, wrong check digits left unlabelled, and\n" +
		"17 hard negatives. `go test ./testcases/ -run TestBlind -v`.\n\n")
	b.WriteString("Phase 1, before any fix (the honest estimate for unseen text):\n\n")
	b.WriteString(blindPhase1)
	b.WriteString("\nNow, after fixing rules (not documents) for what the set showed:\n\n")
	b.WriteString(table)
	b.WriteString("\nRemaining misses and extras:\n\n")
	for _, m := range misses {
		b.WriteString("- " + m + "\n")
	}
}
