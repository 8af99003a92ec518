package detectors

import (
	"testing"
	"unicode/utf8"
)

// spokenNumberCases are cardinal words and their values; -1 is no number.
var spokenNumberCases = []struct {
	w string
	v int
}{
	{"null", 0}, {"eins", 1}, {"zwo", 2}, {"elf", 11}, {"zwölf", 12}, {"siebzehn", 17}, {"vierzig", 40},
	{"einundzwanzig", 21}, {"neunundachtzig", 89}, {"hundert", 100}, {"einhundert", 100}, {"hundertzwei", 102},
	{"siebenhundertvierundsechzig", 764}, {"neunzehnhundertneunundachtzig", 1989}, {"zweitausend", 2000},
	{"zweitausendsechsundzwanzig", 2026}, {"tausendeins", 1001}, {"dreitausendzweihundertelf", 3211},
	{"ein", -1}, {"und", -1}, {"hundertnull", -1}, {"zweiundzwölf", -1}, {"vierhundertzweihundert", -1},
	{"achten", -1}, {"neunzehnhundertzweitausend", -1}, {"zwanzigzwanzig", -1}, {"zweihundertacht tage", -1}, {"", -1},
}

func TestSpokenNumber(t *testing.T) {
	for _, c := range spokenNumberCases {
		e, v, _, ok := spokenNumberAt([]byte(c.w), 0)
		if c.v < 0 {
			if ok && e == len(c.w) {
				t.Errorf("%q: got %d, want no number", c.w, v)
			}
			continue
		}
		if !ok || e != len(c.w) || v != c.v {
			t.Errorf("%q: got %d (ok %v, end %d), want %d", c.w, v, ok, e, c.v)
		}
	}
	for _, c := range []struct {
		s    string
		n, v int
	}{{"sieben null eins neun eins Stuttgart", 5, 70191}, {"zweiundsiebzig siebenhundertvierundsechzig reutlingen", 5, 72764}, {"null vier", 2, 4}} {
		if _, v, ok := spokenDigitsAt([]byte(c.s), 0, c.n); !ok || v != c.v {
			t.Errorf("%q: got %d (ok %v), want %d", c.s, v, ok, c.v)
		}
	}
	for _, s := range []string{"sieben null eins", "zwölf tage", "zweitausend eins"} {
		if _, _, ok := spokenDigitsAt([]byte(s), 0, 5); ok {
			t.Errorf("%q: read as five digits", s)
		}
	}
}

// FuzzSpokenNumber checks that the readers of numbers in words stay within
// their input and end on a rune boundary.
func FuzzSpokenNumber(f *testing.F) {
	for _, c := range spokenNumberCases {
		f.Add(c.w)
	}
	f.Add("geboren am neunzehnten april neunzehnhundertneunundachtzig")
	f.Add("null vier null acht neunzehnhundertneunundneunzig")
	f.Fuzz(func(t *testing.T, s string) {
		low := lowerInto(make([]byte, len(s)), []byte(s))
		for i := range low {
			if e, _, _, ok := spokenNumberAt(low, i); ok && (e <= i || e > len(low) || !utf8.Valid(low[i:e]) && utf8.Valid(low)) {
				t.Fatalf("spokenNumberAt(%q, %d) = %d", low, i, e)
			}
			if e, _, ok := spokenDigitsAt(low, i, 5); ok && (e <= i || e > len(low)) {
				t.Fatalf("spokenDigitsAt(%q, %d) = %d", low, i, e)
			}
			if s, e, ok := spokenDate(low, i); ok && (s < i || e <= s || e > len(low)) {
				t.Fatalf("spokenDate(%q, %d) = %d, %d", low, i, s, e)
			}
		}
	})
}
