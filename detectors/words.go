package detectors

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Word helpers shared by the lexicon and context detectors. A "word" here is
// a run of letters (any script), with inner hyphens and apostrophes
// (Müller-Lüdenscheidt, O'Brien, Al-Hassan) and a trailing dot kept apart.

// letterAt decodes the rune at i and reports whether it is a letter.
func letterAt(b []byte, i int) (r rune, size int, ok bool) {
	if i < 0 || i >= len(b) {
		return 0, 0, false
	}
	c := b[i]
	if c < utf8.RuneSelf {
		return rune(c), 1, isLetter(c)
	}
	if c == 0xC3 && i+1 < len(b) && b[i+1]&0xC0 == 0x80 {
		// Latin-1 letters À…ÿ (umlauts, ß, é): all but × and ÷
		c1 := b[i+1]
		return 0xC0 | rune(c1&0x3F), 2, c1 != 0x97 && c1 != 0xB7
	}
	r, size = utf8.DecodeRune(b[i:])
	return r, size, r != utf8.RuneError && unicode.IsLetter(r)
}

// wordEnd returns the end of the word starting at i (i itself if no letter).
func wordEnd(b []byte, i int) int {
	e, _ := wordEndPlain(b, i)
	return e
}

// wordEndPlain is wordEnd that also reports whether the word is plain: no
// hyphen and no letter beyond ASCII, the German umlauts and ß. A plain word
// has no foreignLetters; a word that is not plain may still have none.
func wordEndPlain(b []byte, i int) (int, bool) {
	j := i
	plain := true
	limit := min(len(b), i+maxWord)
	for j < limit {
		if j+8 <= limit {
			// eight bytes at a time while they are ASCII letters: most
			// words are, and end within the first eight bytes
			x := binary.LittleEndian.Uint64(b[j : j+8 : j+8])
			letters := inRange7(x&^swarHi|fold8, 'a', 'z') &^ x
			if letters == swarHi {
				j += 8
				continue
			}
			j += bits.TrailingZeros64(^letters&swarHi) >> 3
		}
		c := b[j]
		if c < utf8.RuneSelf {
			if isLetter(c) {
				j++
				continue
			}
		} else if c == 0xC3 && j+1 < limit && b[j+1]&0xC0 == 0x80 && b[j+1] != 0x97 && b[j+1] != 0xB7 {
			// Latin-1 letters: umlauts, ß, é …
			if germanTail>>(b[j+1]&0x3F)&1 == 0 {
				plain = false
			}
			j += 2
			continue
		} else if _, n, ok := letterAt(b, j); ok {
			plain = false
			j += n
			continue
		}
		// inner hyphen or apostrophe followed by a letter
		if (c == '-' || c == '\'') && j > i {
			if _, _, ok := letterAt(b, j+1); ok {
				if c == '-' {
					plain = false
				}
				j++
				continue
			}
		}
		break
	}
	return j, plain
}

// germanTail has bit b&0x3F set for the second byte b of ä ö ü Ä Ö Ü ß
// (C3 A4, B6, BC, 84, 96, 9C, 9F).
const germanTail = 1<<0x24 | 1<<0x36 | 1<<0x3C | 1<<0x04 | 1<<0x16 | 1<<0x1C | 1<<0x1F

// maxWord bounds the length of a word the helpers look at, so that giant
// "words" (base64, long letter runs) keep every scan linear.
const maxWord = 100

// isWordStartAt reports whether no letter or digit precedes i.
func isWordStartAt(b []byte, i int) bool {
	if i <= 0 {
		return true
	}
	if c := b[i-1]; c < utf8.RuneSelf {
		return !isAlnum(c)
	}
	r, _ := utf8.DecodeLastRune(b[:i])
	return !(unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isCap reports whether the word at b[i:] starts with an upper-case letter.
func isCap(b []byte, i int) bool {
	if i < 0 || i >= len(b) {
		return false
	}
	if c := b[i]; c < utf8.RuneSelf {
		return isUpper(c)
	} else if c == 0xC3 && i+1 < len(b) {
		// Latin-1 capitals À…Þ (C3 80 … C3 9E) but ×
		c1 := b[i+1]
		return c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97
	}
	r, _, ok := letterAt(b, i)
	return ok && unicode.IsUpper(r)
}

// skipBlank skips spaces and tabs (not line breaks) from i.
func skipBlank(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == 0xA0) {
		i++
	}
	// no-break space U+00A0 as UTF-8
	if i+1 < len(b) && b[i] == 0xC2 && b[i+1] == 0xA0 {
		return skipBlank(b, i+2)
	}
	return i
}

// skipSpace skips spaces, tabs and at most maxNL line breaks from i.
func skipSpace(b []byte, i, maxNL int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r':
			i++
		case '\n':
			if maxNL == 0 {
				return i
			}
			maxNL--
			i++
		default:
			if i+1 < len(b) && b[i] == 0xC2 && b[i+1] == 0xA0 {
				i += 2
				continue
			}
			return i
		}
	}
	return i
}

// prevWordIs reports whether the word right before i, with one blank
// between (prevWord), is one of words, given lower-cased.
func prevWordIs(low []byte, i int, words ...string) bool {
	ps, pe := prevWord(low, i)
	if pe != i-1 || pe <= ps {
		return false
	}
	for _, w := range words {
		if string(low[ps:pe]) == w {
			return true
		}
	}
	return false
}

// prevWord returns the span of the word that ends right before i, skipping
// blanks (not line breaks); a trailing dot belongs to the word (Dr.).
func prevWord(b []byte, i int) (s, e int) {
	j := i
	for j > 0 && (b[j-1] == ' ' || b[j-1] == '\t') {
		j--
	}
	e = j
	if j > 0 && b[j-1] == '.' {
		j--
	}
	for j > 0 && e-j < maxWord {
		if j >= 8 {
			// eight bytes at a time while they are ASCII letters, '-' or
			// '.': what the rune loop below answers for them
			x := binary.LittleEndian.Uint64(b[j-8 : j : j])
			y := x &^ swarHi
			in := (inRange7(y|fold8, 'a', 'z') | inRange7(y, '-', '.')) &^ x
			k := min(bits.LeadingZeros64(^in&swarHi)>>3, maxWord-(e-j)) // the run at the end, within maxWord
			if j -= k; k == 8 || e-j >= maxWord {
				continue
			}
		}
		if c := b[j-1]; c < utf8.RuneSelf { // an ASCII byte is its own rune
			if !(isLetter(c) || c == '-' || c == '.') {
				break
			}
			j--
			continue
		}
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

// digitsAt returns the end of the run of ASCII digits at i.
func digitsAt(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

// hasPrefixFold reports whether lower[i:] starts with the lower-case word w.
func hasPrefixAt(lower []byte, i int, w string) bool {
	return i >= 0 && i+len(w) <= len(lower) && string(lower[i:i+len(w)]) == w
}

// sentenceBounds returns a window around [s, e) limited to the sentence:
// back to the previous '.', '!', '?' or blank line (at most back bytes), and
// on to the next one (at most fwd bytes).
func sentenceBounds(b []byte, s, e, back, fwd int) (int, int) {
	a := s
	for a > 0 && s-a < back {
		c := b[a-1]
		if c == '!' || c == '?' || c == ';' || (c == '.' && a < len(b) && (b[a] == '\n' || b[a] == ' ' && isCap(b, a+1)) && a >= 2 && !isDigit(b[a-2]) && !isUpper(b[a-2])) {
			break
		}
		if c == '\n' && a >= 2 && b[a-2] == '\n' {
			break
		}
		a--
	}
	z := e
	for z < len(b) && z-e < fwd {
		c := b[z]
		if c == '!' || c == '?' || c == ';' || (c == '.' && (z+1 == len(b) || b[z+1] == '\n' || b[z+1] == ' ' && isCap(b, z+2)) && z > 0 && !isDigit(b[z-1])) {
			break
		}
		if c == '\n' && z+1 < len(b) && b[z+1] == '\n' {
			break
		}
		z++
	}
	return runeStart(b, a), runeStart(b, z)
}

func decodeLastRune(b []byte) (rune, int) { return utf8.DecodeLastRune(b) }

func isLetterRune(r rune) bool { return r != utf8.RuneError && unicode.IsLetter(r) }
