package pseudonym

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Language models now and then rewrite a placeholder they were given:
// "[person_1]", "[Person 1]", "[PERSON 1]", Markdown escapes
// ("\[PERSON\_1\]", "[PERSON\_1]"), or the bare "PERSON_1" (in bold:
// "**PERSON_1**"). A variant is restored when its normalised form (upper
// case, a blank read as "_", the Markdown escapes dropped) is a placeholder
// this Mapping issued:
//
//   - bracketed: "[", letters, digits, "_", " " or "\_", then "]" or "\]".
//     When the closing bracket is escaped, a "\" right before the "[" (not
//     itself escaped) is part of the variant; an unescaped "]" leaves a "\"
//     before the "[" standing, as in the Windows path "C:\Users\[PERSON_1]".
//   - bare: a whole token of [A-Z0-9_] exactly as issued, without brackets
//     ("PERSON_1"): not after a letter, digit, mark, "_" or "[", not before
//     one or "]" ("XPERSON_1", "PERSON_10", "PERSON_1a", "[PERSON_1" stay).
//
// In raw JSON a Markdown escape is "\\" (one escaped backslash). The
// decisions look at most four bytes before a "[" and one character after a
// bare token; holdStart holds back whatever could still change them, so a
// body cut anywhere is restored as if it were whole.

// escMode says how a Markdown escape (a backslash) is written in the bytes
// the restorer reads.
type escMode uint8

const (
	escText escMode = iota // plain text: "\"
	escJSON                // raw JSON string content: "\\"
	escAny                 // any run of backslashes: JSON in JSON strings (hasIssued's filter)
)

// parseBracket results.
const (
	parseFail = iota // not a variant
	parseMore        // src ended inside what may still become one
	parseDone        // a complete variant
)

// maxVariantLen bounds the bytes of a bracketed variant: up to three raw
// bytes per character of the placeholder (an escaped "_" in JSON) and an
// escaped closing bracket. The escape before the "[" is held apart.
const maxVariantLen = 3*maxPlaceholderLen + 3

// parseBracket reads the bracketed variant that starts at the "[" of
// src[0]. On parseDone it returns its length n, its normalised form (norm
// appended to buf, "[PERSON_1]") and whether the closing bracket was
// escaped; on parseMore the normalised form read so far. norm never
// exceeds maxPlaceholderLen bytes.
func parseBracket(src []byte, mode escMode, buf []byte) (n int, norm []byte, escClose bool, st int) {
	norm = append(buf, '[')
	j := 1
	for j < len(src) {
		if len(norm) >= maxPlaceholderLen {
			return 0, norm, false, parseFail
		}
		c := src[j]
		switch {
		case isPlaceholderByte(c):
			norm = append(norm, c)
			j++
		case 'a' <= c && c <= 'z':
			norm = append(norm, c-'a'+'A')
			j++
		case c == ' ':
			norm = append(norm, '_')
			j++
		case c == ']':
			return j + 1, append(norm, ']'), false, parseDone
		case c == '\\':
			k := escapeLen(src[j:], mode)
			switch {
			case k < 0 || j+k == len(src):
				return 0, norm, false, parseMore
			case k == 0:
				return 0, norm, false, parseFail
			}
			switch src[j+k] {
			case '_':
				norm = append(norm, '_')
				j += k + 1
			case ']':
				return j + k + 1, append(norm, ']'), true, parseDone
			default:
				return 0, norm, false, parseFail
			}
		default:
			return 0, norm, false, parseFail
		}
	}
	return 0, norm, false, parseMore
}

// escapeLen returns the number of bytes of the Markdown escape at the start
// of src (src[0] is a backslash): 1 in text, 2 in raw JSON ("\\"), the run
// of backslashes for escAny; 0 when it is none (in JSON, another escape
// such as "\n"), -1 when src ends before it is known.
func escapeLen(src []byte, mode escMode) int {
	switch mode {
	case escText:
		return 1
	case escJSON:
		switch {
		case len(src) < 2:
			return -1
		case src[1] != '\\':
			return 0
		}
		return 2
	}
	n := 0
	for n < len(src) && src[n] == '\\' {
		n++
	}
	if n == len(src) {
		return -1
	}
	return n
}

// openEscape returns the length of the Markdown escape that ends src (the
// bytes before a "["): "\" in text, "\\" in raw JSON, unless the backslash
// is escaped itself ("\\[" in text). It looks at the last four bytes at
// most.
func openEscape(src []byte, mode escMode) int {
	n := len(src)
	if mode == escJSON {
		if n >= 2 && src[n-1] == '\\' && src[n-2] == '\\' && !(n >= 4 && src[n-3] == '\\' && src[n-4] == '\\') {
			return 2
		}
		return 0
	}
	if n >= 1 && src[n-1] == '\\' && !(n >= 2 && src[n-2] == '\\') {
		return 1
	}
	return 0
}

// maxHeldEscape is how many backslashes before a "[" openEscape reads, and
// so how many holdStart keeps back at the end of a text.
const maxHeldEscape = 4

// trailingBackslashes returns how many of the last max bytes of src are
// backslashes in a row.
func trailingBackslashes(src []byte, max int) int {
	n := 0
	for n < max && n < len(src) && src[len(src)-1-n] == '\\' {
		n++
	}
	return n
}

// isWordByte reports an ASCII byte that continues a word: a letter, a digit
// or "_".
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// isWordRune reports a non-ASCII character that continues a word; one that
// cannot be decoded counts as one.
func isWordRune(r rune) bool {
	return r == utf8.RuneError || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// wordAfter reports whether the character at the start of src (the bytes
// after a bare token) joins the token to a longer word: a letter, digit,
// mark, "_" or "]"; in raw JSON a "\u" escape (not decoded: any character).
// The end of src is no character (holdStart keeps a token back that more
// text could still continue).
func wordAfter(src []byte, mode escMode) bool {
	if len(src) == 0 {
		return false
	}
	c := src[0]
	if c < utf8.RuneSelf {
		if c == '\\' && mode == escJSON {
			return len(src) < 2 || src[1] == 'u'
		}
		return isWordByte(c) || c == ']'
	}
	r, _ := utf8.DecodeRune(src)
	return isWordRune(r)
}

// undecidedTail returns the length of the end of src that does not yet tell
// whether a bare token before it is whole: a character cut off in its UTF-8
// bytes, or in raw JSON a lone backslash (the start of an escape).
func undecidedTail(src []byte, mode escMode) int {
	n := len(src)
	if mode == escJSON && n > 0 && src[n-1] == '\\' {
		return 1
	}
	for k := 1; k <= utf8.UTFMax-1 && k <= n; k++ {
		c := src[n-k]
		if c < utf8.RuneSelf {
			return 0
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(src[n-k:]) {
				return 0
			}
			return k
		}
	}
	return 0
}

// bareRun returns the start and end of the run of placeholder bytes around
// src[u] (a "_"), not reaching before from. The run found is at most
// maxPlaceholderLen+1 bytes back from u; the caller checks src[start-1].
func bareRun(src []byte, from, u int) (start, end int) {
	start, end = u, u+1
	for start > from && u-start <= maxPlaceholderLen && isPlaceholderByte(src[start-1]) {
		start--
	}
	for end < len(src) && isPlaceholderByte(src[end]) {
		end++
	}
	return start, end
}

// bareShape reports whether a run of placeholder bytes has the shape of
// a placeholder without its brackets: a label, "_" and a number.
func bareShape(run []byte) bool {
	n := len(run)
	return n >= 3 && n <= maxPlaceholderLen-2 && isDigit(run[n-1])
}

// bareKey appends "[" + token + "]" to buf, the placeholder a bare token
// would be, or returns nil when the token is too long to be one.
func bareKey(buf, token []byte) []byte {
	if len(token) > maxPlaceholderLen-2 {
		return nil
	}
	buf = append(buf, '[')
	buf = append(buf, token...)
	return append(buf, ']')
}

// issuedPrefix reports whether p is a proper prefix of a placeholder m
// issued. The caller holds m.mu.
func (m *Mapping) issuedPrefix(p []byte) bool {
	lo, hi := 0, len(m.issued)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if m.issued[h] < string(p) {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo < len(m.issued) && len(m.issued[lo]) > len(p) && m.issued[lo][:len(p)] == string(p)
}

// hasIssued reports whether src may hold a placeholder issued by m, as it
// is or as a variant, at any depth of JSON in JSON strings (escapes of any
// length). It may report a variant that appendRestored leaves (a bare token
// inside a longer word): it only spares the work for text without any. The
// caller holds m.mu.
func (m *Mapping) hasIssued(src []byte) bool {
	var buf [maxPlaceholderLen + 1]byte
	for rest := src; ; rest = rest[1:] {
		i := bytes.IndexByte(rest, '[')
		if i < 0 {
			break
		}
		rest = rest[i:]
		if _, norm, _, st := parseBracket(rest, escAny, buf[:0]); st == parseDone {
			if _, ok := m.byPlaceholder[string(norm)]; ok {
				return true
			}
		}
	}
	for pos := 0; ; {
		u := bytes.IndexByte(src[pos:], '_')
		if u < 0 {
			return false
		}
		s, e := bareRun(src, pos, pos+u)
		if key := bareKey(buf[:0], src[s:e]); key != nil && bareShape(src[s:e]) {
			if _, ok := m.byPlaceholder[string(key)]; ok {
				return true
			}
		}
		pos = e
	}
}
