package proxy

import (
	"strings"
	"unicode/utf8"

	"github.com/schleuse/schleuse/detectors"
)

// Invisible characters. Text copied from a word processor or a web page
// carries characters that show nothing and that a language model reads
// through: a soft hyphen where Word hyphenated ("05­32"), zero-width spaces
// and joiners, direction marks, a byte-order mark, Unicode tag characters
// (invisible ASCII), NUL, a lone surrogate. Inside a value they split it for the detectors
// ("DE89 3704 0044 05\u00ad32 0130 00" was no IBAN, "Meh\u0000met Yılmaz"
// no name), and the value went to the service as it stood. The detectors
// therefore read each text without them (scanWith), and the findings'
// spans are those of the text as sent, so that the invisible characters
// inside a value are replaced with it.

// invisible reports whether r is such a character: NUL, U+00AD, U+061C,
// U+180E, U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+206F,
// U+FEFF, U+E0000–U+E007F, and U+FFFD, which a JSON string's lone
// surrogate ("Meh\ud800met") decodes to.
func invisible(r rune) bool {
	switch {
	case r == 0, r == 0xAD, r == 0x61C, r == 0x180E, r == 0xFEFF, r == 0xFFFD:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x206F:
		return true
	case r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}

// leadBytes are the first bytes of the UTF-8 encodings of the invisible
// characters; hasInvisible looks for them before decoding anything.
const leadBytes = "\x00\xc2\xd8\xe1\xe2\xef\xf3"

// hasInvisible reports whether s holds an invisible character: one
// strings.IndexByte pass per lead byte (vectorised), looking at the next
// bytes only where one stands (in German text: „“, –, €, § and the like).
func hasInvisible(s string) bool {
	for k := range len(leadBytes) {
		c := leadBytes[k]
		for i := 0; ; {
			j := strings.IndexByte(s[i:], c)
			if j < 0 {
				break
			}
			i += j
			switch {
			case c == 0xc2: // U+0080–U+00BF: only U+00AD
				if i+1 < len(s) && s[i+1] == 0xad {
					return true
				}
			case c == 0xe2: // U+2000–U+2FFF: only U+200B–U+206F
				if i+2 < len(s) && (s[i+1] == 0x80 || s[i+1] == 0x81) && invisible(rune(s[i+1]&0x3f)<<6|rune(s[i+2]&0x3f)|0x2000) {
					return true
				}
			default:
				if r, _ := utf8.DecodeRuneInString(s[i:]); invisible(r) {
					return true
				}
			}
			i++
		}
	}
	return false
}

// stripInvisible returns s without its invisible characters, and for every
// byte of the result (and its end) the offset of that byte in s; ok is
// false, and nothing is allocated, when s has none.
func stripInvisible(s string) (vis string, idx []int, ok bool) {
	if !hasInvisible(s) {
		return s, nil, false
	}
	var b strings.Builder
	b.Grow(len(s))
	idx = make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !invisible(r) {
			b.WriteString(s[i : i+n])
			for k := range n {
				idx = append(idx, i+k)
			}
		}
		i += n
	}
	idx = append(idx, len(s))
	return b.String(), idx, true
}

// withoutInvisible returns s without its invisible characters.
func withoutInvisible(s string) string {
	vis, _, _ := stripInvisible(s)
	return vis
}

// mapFindings returns fs, spans of the text stripInvisible returned, as
// spans of the text it was given (idx): a span covers the invisible
// characters within it. fs is not changed (it may be a cached slice).
func mapFindings(fs []detectors.Finding, idx []int) []detectors.Finding {
	if len(fs) == 0 {
		return fs
	}
	out := make([]detectors.Finding, len(fs))
	for i, f := range fs {
		out[i] = f
		if f.Start < 0 || f.End > len(idx)-1 || f.Start >= f.End {
			out[i].Start, out[i].End = idx[min(max(f.Start, 0), len(idx)-1)], idx[min(max(f.End, 0), len(idx)-1)]
			continue
		}
		out[i].Start = idx[f.Start]
		out[i].End = idx[f.End-1] + 1
	}
	return out
}
