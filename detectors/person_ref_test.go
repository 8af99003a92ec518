package detectors

import (
	"bytes"
	"testing"
)

// unknownSurnameRef is unknownSurname comparing every ending of
// nounEndings, not only those with the stem's last byte.
func unknownSurnameRef(w []byte) bool {
	if len(w) < 3 {
		return false
	}
	for _, cut := range []int{0, 1, 2} {
		if cut > 0 && (len(w) < cut+4 || !caseEnding(w[len(w)-cut:])) {
			continue
		}
		for _, suf := range nounEndings {
			if bytes.HasSuffix(w[:len(w)-cut], []byte(suf)) {
				if cut == 1 && w[len(w)-1] == 's' && feminineEnding[suf] {
					continue
				}
				if suf == "ei" && cut == 0 && (bytes.HasSuffix(w, []byte("aei")) || bytes.HasSuffix(w, []byte("oei"))) {
					continue
				}
				if suf == "recht" && (bytes.HasSuffix(w[:len(w)-cut], []byte("brecht")) || bytes.HasSuffix(w[:len(w)-cut], []byte("precht"))) {
					continue
				}
				if suf == "ling" && cut == 0 && bytes.HasSuffix(w, []byte("eling")) {
					continue
				}
				return false
			}
		}
	}
	return true
}

// TestUnknownSurnameByLast checks unknownSurname against its reference for
// every lexicon word, every ending with the plural and case endings after
// it, and the words of the benchmark text.
func TestUnknownSurnameByLast(t *testing.T) {
	var words [][]byte
	for w := range lexiconWords() {
		words = append(words, []byte(w))
	}
	for _, suf := range nounEndings {
		for _, end := range []string{"", "e", "n", "s", "en", "es", "er"} {
			words = append(words, []byte(suf+end), []byte("xy"+suf+end), []byte("rezaei"+end), []byte("ebeling"+end), []byte("lamprecht"+end))
		}
	}
	words = append(words, bytes.Fields(NewText(benchText[:64<<10]).Lower())...)
	for _, w := range words {
		if got, want := unknownSurname(w), unknownSurnameRef(w); got != want {
			t.Fatalf("unknownSurname(%q) = %v, reference %v", w, got, want)
		}
	}
}

func FuzzUnknownSurname(f *testing.F) {
	for _, s := range []string{"schubert", "termine", "anträgen", "rezaei", "ebeling", "lamprecht", "wahlrecht", "öllinger", "straße"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, w []byte) {
		if got, want := unknownSurname(w), unknownSurnameRef(w); got != want {
			t.Fatalf("unknownSurname(%q) = %v, reference %v", w, got, want)
		}
	})
}
