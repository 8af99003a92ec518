package proxy

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/schleuse/schleuse/detectors"
)

// How the detectors read a text. Text copied from a word processor, a PDF
// or a web page carries characters that look like others or like nothing,
// and that a language model reads through:
//
//   - invisible ones: a soft hyphen where Word hyphenated ("05­32"),
//     zero-width spaces and joiners, direction marks, a byte-order mark,
//     Unicode tag characters (invisible ASCII), NUL, a lone surrogate;
//   - other spaces: the no-break space of a formatted IBAN
//     ("DE89 3704 …" with U+00A0 or U+202F), the ideographic space;
//   - fullwidth letters and digits ("ＤＥ８９ ３７０４ …");
//   - decomposed umlauts, as macOS writes them ("Mu\u0308ller");
//   - HTML character references, in a text that is HTML (a rich-text
//     editor's, a translation of a web page): "J&uuml;rgen",
//     "DE89&nbsp;3704 …", "anna&#64;stadt.de".
//
// Inside a value they split or disguise it for the detectors, and the value
// went to the service as it stood. The detectors therefore read each text
// folded (foldText): character references decoded, invisible characters
// left out, spaces as " ", fullwidth forms as ASCII, a letter with
// combining marks composed (NFC);
// the findings' spans are those of the text as sent, so that a value is
// replaced with everything it is written with.

// invisible reports whether r is left out: NUL, U+00AD, U+034F (combining
// grapheme joiner), U+061C, U+115F, U+1160, U+180E, U+200B–U+200F,
// U+202A–U+202E, U+2060–U+2064, U+2066–U+206F, U+3164, the variation
// selectors U+FE00–U+FE0F and U+E0100–U+E01EF, U+FEFF, U+FFA0,
// U+E0000–U+E007F, and U+FFFD, which a JSON string's lone surrogate
// ("Meh\ud800met") decodes to.
func invisible(r rune) bool {
	switch {
	case r == 0, r == 0xAD, r == 0x34F, r == 0x61C, r == 0x115F, r == 0x1160, r == 0x180E, r == 0x3164, r == 0xFEFF, r == 0xFFA0, r == 0xFFFD:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x206F:
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0000 && r <= 0xE007F, r >= 0xE0100 && r <= 0xE01EF:
		return true
	}
	return false
}

// otherSpace reports whether r is a space the detectors read as " ".
func otherSpace(r rune) bool {
	return r == 0xA0 || r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x202F || r == 0x205F || r == 0x3000
}

// combining reports whether r is a combining diacritical mark (U+0300–U+036F).
func combining(r rune) bool { return r >= 0x300 && r <= 0x36F }

// folds reports whether foldText changes r (a combining mark: composes).
func folds(r rune) bool {
	return invisible(r) || otherSpace(r) || r >= 0xFF01 && r <= 0xFF5E || combining(r)
}

// leadBytes are the first bytes of the UTF-8 encodings of what folds;
// needsFold looks for them before decoding anything.
const leadBytes = "&\x00\xc2\xcc\xcd\xd8\xe1\xe2\xe3\xef\xf3"

// needsFold reports whether foldText would change s: one
// strings.IndexByte pass per lead byte (vectorised), looking at the next
// bytes only where one stands (in German text: „“, –, €, § and the like).
func needsFold(s string) bool {
	for k := range len(leadBytes) {
		c := leadBytes[k]
		for i := 0; ; {
			j := strings.IndexByte(s[i:], c)
			if j < 0 {
				break
			}
			i += j
			switch {
			case c == '&':
				if _, n := charRef(s[i:]); n > 0 {
					return true
				}
			case c == 0xc2: // U+0080–U+00BF: only U+00A0 and U+00AD
				if i+1 < len(s) && (s[i+1] == 0xa0 || s[i+1] == 0xad) {
					return true
				}
			case c == 0xe2: // U+2000–U+2FFF: only U+2000–U+206F
				if i+2 < len(s) && (s[i+1] == 0x80 || s[i+1] == 0x81) && folds(rune(s[i+1]&0x3f)<<6|rune(s[i+2]&0x3f)|0x2000) {
					return true
				}
			default:
				if r, _ := utf8.DecodeRuneInString(s[i:]); folds(r) {
					return true
				}
			}
			i++
		}
	}
	return false
}

// foldText returns s as the detectors read it, and for every byte of the
// result the span [start, end) of s it stands for; ok is false, and nothing
// is allocated, when s reads as it is.
func foldText(s string) (vis string, start, end []int32, ok bool) {
	if !needsFold(s) {
		return s, nil, nil, false
	}
	var b strings.Builder
	b.Grow(len(s))
	start = make([]int32, 0, len(s))
	end = make([]int32, 0, len(s))
	emit := func(text string, from, to int) {
		b.WriteString(text)
		for range len(text) {
			start = append(start, int32(from))
			end = append(end, int32(to))
		}
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '&' {
			if c, k := charRef(s[i:]); k > 0 {
				r, n = c, k // read as the character it stands for, folded as below
			}
		}
		switch {
		case invisible(r):
		case otherSpace(r):
			emit(" ", i, i+n)
		case r >= 0xFF01 && r <= 0xFF5E:
			emit(string(rune(r-0xFEE0)), i, i+n)
		case n > utf8.RuneLen(r): // a character reference
			emit(string(r), i, i+n)
		default:
			// A letter and the combining marks after it compose to one
			// character where Unicode has one ("u\u0308" → "ü").
			j := i + n
			for j < len(s) {
				m, k := utf8.DecodeRuneInString(s[j:])
				if !combining(m) {
					break
				}
				j += k
			}
			if j > i+n && unicode.IsLetter(r) {
				if c := norm.NFC.String(s[i:j]); utf8.RuneCountInString(c) == 1 {
					emit(c, i, j)
					i = j
					continue
				}
			}
			emit(s[i:i+n], i, i+n) // an invalid byte is U+FFFD: left out above
		}
		i += n
	}
	return b.String(), start, end, true
}

// charRef returns the character of the HTML character reference at the
// start of s ("&uuml;", "&#252;", "&#xFC;", with the ";") and its length;
// n is 0 when s does not start with one, or with one of several
// characters.
func charRef(s string) (r rune, n int) {
	end := strings.IndexByte(s[:min(len(s), 34)], ';')
	if end < 3 {
		return 0, 0
	}
	ref := s[:end+1]
	for k := 1; k < end; k++ {
		if c := ref[k]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '#' && k == 1) {
			return 0, 0
		}
	}
	u := html.UnescapeString(ref)
	if u == ref {
		return 0, 0
	}
	r, size := utf8.DecodeRuneInString(u)
	if size != len(u) || r == utf8.RuneError {
		return 0, 0
	}
	return r, len(ref)
}

// withoutFolds returns s as the detectors read it.
func withoutFolds(s string) string {
	vis, _, _, _ := foldText(s)
	return vis
}

// mapFindings returns fs, spans of the text foldText returned, as spans of
// the text it was given (start, end): a span covers everything its value
// is written with. fs is not changed (it may be a cached slice).
func mapFindings(fs []detectors.Finding, start, end []int32) []detectors.Finding {
	if len(fs) == 0 {
		return fs
	}
	out := make([]detectors.Finding, len(fs))
	for i, f := range fs {
		out[i] = f
		if f.Start < 0 || f.End > len(start) || f.Start >= f.End {
			out[i].Start, out[i].End = 0, 0 // outside the text (Scanner's contract forbids it): an empty span
			continue
		}
		out[i].Start = int(start[f.Start])
		out[i].End = int(end[f.End-1])
	}
	return out
}
