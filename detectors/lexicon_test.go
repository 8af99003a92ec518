package detectors

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// lexiconWords is the word map the embedded lexicons' table is built from
// (LoadLexicons drops it): the tests' reference.
var lexiconWords = sync.OnceValue(func() map[string]uint16 {
	lx, err := readLexicons("")
	if err != nil {
		panic(err)
	}
	return lx.words
})

// TestLexiconsEmbedded checks that every lexicon the detectors read is
// embedded and non-empty, and that the generated name lists are large.
func TestLexiconsEmbedded(t *testing.T) {
	lx := DefaultLexicons()
	for _, name := range append(append([]string{}, specialFiles...), "special_context", "special_general",
		"special_religion_payroll", "payroll_context", "birth_labels", "case_labels", "street_suffixes",
		"street_prefixes", "topic_asylum", "topic_grading", "topic_hr_application", "topic_social_benefit") {
		if len(lx.List(name)) == 0 {
			t.Errorf("lexicon %s.txt is empty or missing", name)
		}
	}
	first, last := 0, 0
	for _, f := range lexiconWords() {
		if f&wFirst != 0 {
			first++
		}
		if f&wLast != 0 {
			last++
		}
	}
	if first < 10000 || last < 10000 {
		t.Errorf("name lexicons too small: %d first names, %d surnames", first, last)
	}
	for _, w := range []string{"mehmet", "yılmaz", "yilmaz", "katarzyna", "oleksandr", "shevchenko", "schewtschenko", "nguyen", "papadopoulos"} {
		if lexiconWords()[w]&(wFirst|wLast) == 0 {
			t.Errorf("%s missing from the name lexicons", w)
		}
	}
}

// TestLexiconDir checks that a DPO extension directory adds entries and
// that an unknown file name is rejected.
func TestLexiconDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "surnames.txt"), []byte("# Ergänzung\nZzyzxowa\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "special_health.txt"), []byte("morbus beispiel\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := NewWithLexiconDir(Options{Types: []string{"PERSON", "SPECIAL_CATEGORY"}}, dir)
	if err != nil {
		t.Fatal(err)
	}
	text := "Die Patientin Anna Zzyzxowa leidet an Morbus Beispiel."
	got := map[string]string{}
	for _, f := range e.Scan([]byte(text)) {
		got[f.Type] = text[f.Start:f.End]
	}
	if got["PERSON"] != "Anna Zzyzxowa" || got["SPECIAL_CATEGORY"] != "Morbus Beispiel" {
		t.Errorf("extension not applied: %v", got)
	}
	for _, f := range Default().Scan([]byte(text)) {
		if f.Type == "SPECIAL_CATEGORY" {
			t.Errorf("default engine found the extension's phrase %q", text[f.Start:f.End])
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "nachnamen.txt"), []byte("X\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadLexicons(dir); err == nil || !strings.Contains(err.Error(), "unknown file nachnamen.txt") {
		t.Errorf("unknown file accepted: %v", err)
	}
}

// TestLexiconKeywordsFire checks that each lexicon detector's keywords
// occur in its own true-positive examples (the prefilter lets them run).
// PERSON and POSTAL_ADDRESS have no keywords: they run on every text.
func TestLexiconKeywordsFire(t *testing.T) {
	for _, c := range []struct {
		d   Detector
		tps []lexCase
	}{
		{NewDateOfBirth(), dobTPs}, {NewCaseReference(), caseTPs},
		{NewClassification(), classTPs}, {NewSpecialCategory(), specialTPs},
	} {
		kws := c.d.Keywords()
		for _, tp := range c.tps {
			text, _ := lexParse(tp.text)
			low := string(lowerInto(make([]byte, len(text)), []byte(text)))
			hit := false
			for _, k := range kws {
				if strings.Contains(low, k) {
					hit = true
					break
				}
			}
			if !hit {
				t.Errorf("%s: no keyword in %q", c.d.Type(), text)
			}
		}
	}
}

// TestLexiconsDropWordMap checks that loaded lexicons answer from the table
// alone: the word map, ≈40 000 strings the garbage collector would walk in
// every cycle of a running proxy, is gone.
func TestLexiconsDropWordMap(t *testing.T) {
	lx := DefaultLexicons()
	if lx.words != nil {
		t.Fatalf("LoadLexicons kept the word map (%d words)", len(lx.words))
	}
	for w, f := range lexiconWords() {
		if got := lx.flags([]byte(w)); got != f {
			t.Fatalf("flags(%q) = %x, want %x", w, got, f)
		}
	}
}
