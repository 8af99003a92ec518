package detectors

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestKeyEndFits: classifyKey passes over a key whose last two bytes end no
// key it classifies (keyEnds) before its look-ups, and classifies every
// other as before (classifyKeyAll). Without the look at the end, the
// anchors inside ordinary words ("Gebühren", "gebeten", "abgeben" for
// "geb") cost a map look-up, six suffix compares and personOf each.
func TestKeyEndFits(t *testing.T) {
	var keys []string
	for k := range keyWords {
		keys = append(keys, k)
	}
	for q := range stateQualifiers {
		for _, base := range stateKeys {
			keys = append(keys, base+q)
		}
	}
	for _, pre := range []string{"notar", "kind", "mutter", "x"} {
		for _, e := range caseKeyEnds {
			keys = append(keys, pre+e)
		}
		for _, e := range birthKeyEnds {
			keys = append(keys, pre+e)
		}
	}
	for p := range namePrefix {
		keys = append(keys, p+"name", p+"namen", p+"namedes")
	}
	for _, p := range nameParts {
		keys = append(keys, "kind"+p+"name", "mutter"+p+"namen")
	}
	for _, k := range keys {
		if !keyEndFits([]byte(k)) {
			t.Errorf("%q: a key, but keyEndFits says no", k)
		}
		if classifyKey([]byte(k)) != classifyKeyAll([]byte(k)) {
			t.Errorf("%q: %v, want %v", k, classifyKey([]byte(k)), classifyKeyAll([]byte(k)))
		}
	}
	for _, w := range []string{"gebühren", "gebeten", "abgeben", "namensgebung", "gebäude", "geburtsurkunde"} {
		if keyEndFits([]byte(w)) {
			t.Errorf("%q: no key, keyEndFits lets it through", w)
		}
	}
	// Every word of the labelled sets, folded as fieldClass folds a key,
	// as before.
	words := map[string]bool{}
	files, _ := filepath.Glob("../testcases/blind*/*.txt")
	if len(files) == 0 {
		t.Fatal("no labelled texts")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(string(b)), func(r rune) bool { return !unicode.IsLetter(r) }) {
			words[w] = true
		}
	}
	passed := 0
	for w := range words {
		if got, want := classifyKey([]byte(w)), classifyKeyAll([]byte(w)); got != want {
			t.Errorf("%q: %v, want %v", w, got, want)
		}
		if !keyEndFits([]byte(w)) {
			passed++
		}
	}
	t.Logf("%d words, %d passed over by their end", len(words), passed)
	if passed < len(words)/2 {
		t.Errorf("only %d of %d words passed over by their end", passed, len(words))
	}
}

// FuzzClassifyKey: classifyKey is classifyKeyAll for any key.
func FuzzClassifyKey(f *testing.F) {
	for k := range keyWords {
		f.Add(k)
		f.Add(k + "name")
	}
	f.Add("gebühren")
	f.Add("pflegegradneu")
	f.Fuzz(func(t *testing.T, k string) {
		if got, want := classifyKey([]byte(k)), classifyKeyAll([]byte(k)); got != want {
			t.Errorf("%q: %v, want %v", k, got, want)
		}
	})
}
