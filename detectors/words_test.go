package detectors

import (
	"bytes"
	"testing"
	"unicode"
	"unicode/utf8"
)

// wordEndRef is wordEnd one byte at a time, without the eight-byte fast
// path: the reference the fast path must agree with.
func wordEndRef(b []byte, i int) int {
	j := i
	limit := min(len(b), i+maxWord)
	for j < limit {
		c := b[j]
		if c < utf8.RuneSelf {
			if isLetter(c) {
				j++
				continue
			}
		} else if _, n, ok := letterAt(b, j); ok {
			j += n
			continue
		}
		if (c == '-' || c == '\'') && j > i {
			if _, _, ok := letterAt(b, j+1); ok {
				j++
				continue
			}
		}
		break
	}
	return j
}

func TestWordEnd(t *testing.T) {
	long := "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsverwaltungsgebäudereinigungsfirma"
	for _, tc := range []struct {
		in   string
		i    int
		want string // the word found at i
	}{
		{"Müller, Anna", 0, "Müller"},
		{"Verwaltungsgebäude.", 0, "Verwaltungsgebäude"},
		{"Abcdefgh ijk", 0, "Abcdefgh"},
		{"Abcdefghi", 0, "Abcdefghi"},
		{"Müller-Lüdenscheidt sagt", 0, "Müller-Lüdenscheidt"},
		{"O'Brien", 0, "O'Brien"},
		{"Abcdefg-", 0, "Abcdefg"},
		{"Abcdefgh-Ijklmn", 0, "Abcdefgh-Ijklmn"},
		{"Yılmaz Łukasz", 0, "Yılmaz"},
		{"Straße12345678", 0, "Straße"},
		{"Abc×def", 0, "Abc"},
		{"Herr Abcdefghijklmnop@x", 5, "Abcdefghijklmnop"},
		{"12345678", 0, ""},
		{"-Anna", 0, ""},
		{"AAAAAAAA[AAAAAAA`", 0, "AAAAAAAA"},
		{long + "x", 0, long[:maxWord]},
	} {
		got := tc.in[tc.i:wordEnd([]byte(tc.in), tc.i)]
		if got != tc.want {
			t.Errorf("wordEnd(%q, %d) = %q, want %q", tc.in, tc.i, got, tc.want)
		}
		if ref := wordEndRef([]byte(tc.in), tc.i); ref != tc.i+len(got) {
			t.Errorf("wordEnd(%q, %d) = %d, reference %d", tc.in, tc.i, tc.i+len(got), ref)
		}
	}
}

// FuzzWordEnd checks the eight-byte fast path against the byte loop at every
// offset.
func FuzzWordEnd(f *testing.F) {
	for _, s := range []string{"Müller, Anna", "Abcdefgh-Ijklmn", "O'Brien", "Yılmaz", "AAAAAAAA[AAAAAAA`", "Abc×def\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i := range b {
			if got, want := wordEnd(b, i), wordEndRef(b, i); got != want {
				t.Fatalf("wordEnd(%q, %d) = %d, reference %d", b, i, got, want)
			}
			checkPlain(t, b, i)
		}
	})
}

// checkPlain fails when wordEndPlain calls a word plain that has a hyphen
// or foreignLetters, the two questions its answer lets PERSON skip.
func checkPlain(t *testing.T, b []byte, i int) {
	t.Helper()
	e, plain := wordEndPlain(b, i)
	if e != wordEndRef(b, i) {
		t.Fatalf("wordEndPlain(%q, %d) ends at %d, reference %d", b, i, e, wordEndRef(b, i))
	}
	if plain && (bytes.IndexByte(b[i:e], '-') >= 0 || foreignLetters(b[i:e])) {
		t.Fatalf("wordEndPlain(%q, %d): %q is plain", b, i, b[i:e])
	}
}

func TestWordEndPlain(t *testing.T) {
	for _, tc := range []struct {
		in    string
		plain bool
	}{
		{"Müller, Anna", true},
		{"Straße", true},
		{"ÄÖÜäöüß", true},
		{"O'Brien", true},
		{"Verwaltungsgebäude.", true},
		{"Abcdefghijklmnopq rst", true},
		{"Müller-Lüdenscheidt", false},
		{"Abcdefgh-Ijklmn", false},
		{"Yılmaz", false},
		{"Café", false},
		{"Łukasz", false},
		{"Ramírez", false},
		{"Ñandú", false},
	} {
		b := []byte(tc.in)
		if _, plain := wordEndPlain(b, 0); plain != tc.plain {
			t.Errorf("wordEndPlain(%q, 0) plain = %v, want %v", tc.in, plain, tc.plain)
		}
		for i := range b {
			checkPlain(t, b, i)
		}
	}
}

// isCapRef is isCap without the ASCII and Latin-1 fast paths.
func isCapRef(b []byte, i int) bool {
	r, _, ok := letterAt(b, i)
	return ok && unicode.IsUpper(r)
}

// TestIsCap compares isCap with its definition for every one- and two-byte
// start and for some longer characters.
func TestIsCap(t *testing.T) {
	for c0 := 0; c0 < 256; c0++ {
		for c1 := 0; c1 < 256; c1++ {
			b := []byte{byte(c0), byte(c1)}
			if got, want := isCap(b, 0), isCapRef(b, 0); got != want {
				t.Fatalf("isCap(%q, 0) = %v, want %v", b, got, want)
			}
		}
		if got, want := isCap([]byte{byte(c0)}, 0), isCapRef([]byte{byte(c0)}, 0); got != want {
			t.Fatalf("isCap(%q, 0) = %v, want %v", []byte{byte(c0)}, got, want)
		}
	}
	for _, s := range []string{"Ärger", "Öl", "Ü", "ß", "×", "Łukasz", "İlker", "ılık", "Ωmega", "Жанна", "жанна", "\u00a0", ""} {
		for i := -1; i <= len(s); i++ {
			if got, want := isCap([]byte(s), i), isCapRef([]byte(s), i); got != want {
				t.Errorf("isCap(%q, %d) = %v, want %v", s, i, got, want)
			}
		}
	}
}

func FuzzIsCap(f *testing.F) {
	for _, s := range []string{"Ärger", "Łukasz", "×", "\xc3"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i := -1; i <= len(b); i++ {
			if got, want := isCap(b, i), isCapRef(b, i); got != want {
				t.Fatalf("isCap(%q, %d) = %v, want %v", b, i, got, want)
			}
		}
	})
}

// TestForeignLetters checks the eight-byte ASCII skip against the words it
// must still tell apart.
func TestForeignLetters(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want bool
	}{
		{"Verwaltungsgebäude", false},
		{"Müller-Lüdenscheidt", false},
		{"Straßenverkehrsbehörde", false},
		{"Abcdefghijklmnopq", false},
		{"Abcdefghijklmnopł", true},
		{"Yılmaz", true},
		{"Abcdefghé", true},
		{"Kovačević", true},
		{"O’Brien", false},
		{"", false},
	} {
		if got := foreignLetters([]byte(tc.w)); got != tc.want {
			t.Errorf("foreignLetters(%q) = %v, want %v", tc.w, got, tc.want)
		}
	}
}

// prevWordRef, wordStartBackRef and isWordStartAtRef are prevWord,
// wordStartBack and isWordStartAt one rune at a time, without the ASCII
// fast paths: the references those must agree with.
func prevWordRef(b []byte, i int) (s, e int) {
	j := i
	for j > 0 && (b[j-1] == ' ' || b[j-1] == '\t') {
		j--
	}
	e = j
	if j > 0 && b[j-1] == '.' {
		j--
	}
	for j > 0 && e-j < maxWord {
		r, n := utf8.DecodeLastRune(b[:j])
		if !(unicode.IsLetter(r) || r == '-' || r == '.') {
			break
		}
		j -= n
	}
	for j < e && (b[j] == '-' || b[j] == '.') {
		j++
	}
	return j, e
}

func wordStartBackRef(raw []byte, h int) int {
	j := h
	for j > 0 && h-j < maxWord {
		r, n := utf8.DecodeLastRune(raw[:j])
		if !(isLetterRune(r) || r == '-') {
			break
		}
		j -= n
	}
	for j < h && raw[j] == '-' {
		j++
	}
	return j
}

func isWordStartAtRef(b []byte, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(b[:i])
	return !(unicode.IsLetter(r) || unicode.IsDigit(r))
}

// checkBack compares the backward word helpers with their references at
// every offset of b.
func checkBack(t *testing.T, b []byte) {
	t.Helper()
	for i := 0; i <= len(b); i++ {
		if s, e := prevWord(b, i); true {
			if rs, re := prevWordRef(b, i); s != rs || e != re {
				t.Fatalf("prevWord(%q, %d) = %d, %d, reference %d, %d", b, i, s, e, rs, re)
			}
		}
		if got, want := wordStartBack(b, i), wordStartBackRef(b, i); got != want {
			t.Fatalf("wordStartBack(%q, %d) = %d, reference %d", b, i, got, want)
		}
		if got, want := isWordStartAt(b, i), isWordStartAtRef(b, i); got != want {
			t.Fatalf("isWordStartAt(%q, %d) = %v, reference %v", b, i, got, want)
		}
	}
}

var backCases = []string{
	"Herr Müller-Lüdenscheidt sagt", "z.B. Dr. med. Anna", "Verwaltungs-Gebäude.", "Abcdefgh ijk", "Straße 12",
	"Yılmaz Łukasz", "Abc×def", "-.-.-.-.-.-.-.-.-. x", "ab\xffcdefghijklmnop", "12345678 abcdefgh", "\xc3\xa4bcdefgh",
	"Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsverwaltungsgebäudereinigungsfirma 7",
	"Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherungsanstaltsverwaltungsgebaeudereinigungsfirma 7",
}

// TestBackWords checks prevWord, wordStartBack and isWordStartAt against
// the rune loops at every offset, the benchmark text included.
func TestBackWords(t *testing.T) {
	for _, s := range backCases {
		checkBack(t, []byte(s))
	}
	checkBack(t, benchText[:8<<10])
	b := []byte("Herr Müller-Lüdenscheidt sagt")
	if s, e := prevWord(b, bytes.Index(b, []byte(" sagt"))+1); string(b[s:e]) != "Müller-Lüdenscheidt" {
		t.Errorf("prevWord = %q, want Müller-Lüdenscheidt", b[s:e])
	}
}

func FuzzBackWords(f *testing.F) {
	for _, s := range backCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkBack(t, b)
	})
}

// TestIsWordRune: what continues a word for WordStart and WordEnd, as one
// character (the proxy's notices read type names in a policy's message so).
func TestIsWordRune(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want bool
	}{
		{'a', true}, {'Z', true}, {'7', true}, {'_', true}, {'ä', true}, {'ß', true}, {'\u0301', true}, {'٣', true}, {utf8.RuneError, true},
		{' ', false}, {'-', false}, {'.', false}, {'/', false}, {'„', false}, {'\u00a0', false}, {'–', false}, {'\u2011', false},
	} {
		if got := IsWordRune(c.r); got != c.want {
			t.Errorf("IsWordRune(%q) = %v, want %v", c.r, got, c.want)
		}
	}
}
