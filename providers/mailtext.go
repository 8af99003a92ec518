package providers

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// MailText returns s, the text of a mail (an uploaded .eml, a message's
// source), with what MIME encodes decoded: a body in quoted-printable
// ("J=C3=BCrgen", a soft line break "=" inside an IBAN or a Steuer-ID, as
// mail programs wrap lines at 76 characters) when s names that encoding,
// and the encoded words of its header lines ("=?ISO-8859-1?Q?J=FCrgen_
// Kowalski?=", "=?UTF-8?B?…?="), neighbouring ones joined as RFC 2047
// joins them. A model reads a mail's source as the mail it is; before, the
// detectors read the escapes, and the name, the Steuer-ID and a marking
// went out unread (sec14). Bytes that are no UTF-8 are read as
// Windows-1252. ok is false when s holds neither.
func MailText(s string) (string, bool) {
	d, _, ok := mailText(s)
	return d, ok
}

// mailText is MailText with where its result holds what escapes stood for,
// as pairs of offsets (Field.escaped); nil when it cannot tell (both
// encodings, bytes of s itself read as Windows-1252).
func mailText(s string) (string, []int, bool) {
	if strings.IndexByte(s, '=') < 0 {
		return "", nil, false
	}
	words := strings.Contains(s, "=?")
	qp := namesQP(s) || qpShaped(s)
	if !words && !qp {
		return "", nil, false
	}
	d := s
	var at []int
	if words {
		d, at = encodedWords(d)
	}
	if qp {
		b, qat := quotedPrintable(d)
		if d == s {
			at = qat
		} else {
			at = nil
		}
		d = string(b)
	}
	if !utf8.ValidString(d) {
		if utf8.ValidString(s) {
			d, at = mixedTextAt([]byte(d), at)
		} else {
			// s's own bytes of no UTF-8 are read as Windows-1252 too:
			// outside the escapes d no longer stands as s does.
			d, at = mixedText([]byte(d)), nil
		}
	}
	if d == s {
		return "", nil, false
	}
	return d, at, true
}

// namesQP reports whether s names the quoted-printable encoding, in any
// case, as MIME's header values are read ("QUOTED-printable" as well);
// before, three spellings only, and a mail whose header was written
// otherwise went out with its escapes unread. It looks at each '-' alone.
func namesQP(s string) bool {
	const qp = "quoted-printable"
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '-')
		if j < 0 {
			return false
		}
		i += j
		if i >= 6 && i+10 <= len(s) && strings.EqualFold(s[i-6:i+10], qp) {
			return true
		}
		i++
	}
}

// qpShaped reports whether s is written in quoted-printable without a
// header that names it (a mail's body pasted alone, a tool's output): two
// escapes in a row ("J=C3=BCrgen", "=38=36=30…") or a soft line break
// between two letters or digits ("860957=\n42719", as the encoding wraps
// lines at 76 characters). A model reads such text decoded; before
// (sec15), only a text naming the encoding was, and a Steuer-ID, a VS
// marking and a name in it went out. A single "=" and two hex digits
// ("x=10", "?id=AB") stays as written.
func qpShaped(s string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '=')
		if j < 0 {
			return false
		}
		i += j
		if i+5 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) && s[i+3] == '=' && isHexDigit(s[i+4]) && isHexDigit(s[i+5]) {
			return true
		}
		if i > 0 && isAlnum(s[i-1]) {
			k := i + 1
			if k < len(s) && s[k] == '\r' {
				k++
			}
			if k+1 < len(s) && s[k] == '\n' && isAlnum(s[k+1]) {
				return true
			}
		}
		i++
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// mailField reports s, a text field named name, decoded, when it holds a
// mail's source with quoted-printable or encoded words (mailText), as a
// field of its own that cannot be rewritten (a finding in it blocks) but
// where it stands as it stands in s (Verbatim): a model reads the mail
// pasted into a prompt as the mail program shows it (sec14).
func (c *collector) mailField(s string, k Kind, name string, src int) {
	if d, at, ok := mailText(s); ok {
		if !c.rewritable(src) {
			at = nil
		}
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: d, Name: name + " (MIME-kodiert)", decoded: true, escaped: at})
	}
}

// quotedPrintable decodes s leniently, as mail programs read it: "=" and
// two hex digits is the byte, "=" at a line's end (blanks before the break
// allowed) joins the lines, any other "=" stays.
func quotedPrintable(s string) ([]byte, []int) {
	b := make([]byte, 0, len(s))
	var at []int
	escape := func(from int) { // b[from:] stands for an escape
		if n := len(at); n > 0 && at[n-1] == from {
			at[n-1] = len(b) // joins the escape before it
			return
		}
		at = append(at, from, len(b))
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			b = append(b, s[i])
			continue
		}
		if i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
			from := len(b)
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			escape(from)
			i += 2
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		switch {
		case strings.HasPrefix(s[j:], "\r\n"):
			escape(len(b))
			i = j + 1
		case j < len(s) && s[j] == '\n':
			escape(len(b))
			i = j
		default:
			b = append(b, '=')
		}
	}
	return b, at
}

// mixedText reads b as UTF-8, a byte that is none as Windows-1252 (a mail
// may join parts in both).
func mixedText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			sb.WriteString(latin1252(string(b[:1])))
			b = b[1:]
			continue
		}
		sb.WriteRune(r)
		b = b[n:]
	}
	return sb.String()
}

// mixedTextAt is mixedText that carries at, spans of b (pairs of offsets,
// Field.escaped), over to the text it returns: a byte read as
// Windows-1252 grows to its character's length, and a span's edge inside
// a character moves to that character's edge, outwards. Before, the spans
// were dropped, and a name beside quoted-printable escapes of no UTF-8
// ("=A1=B1" in an Excel formula) blocked the prompt instead of being
// pseudonymised.
func mixedTextAt(b []byte, at []int) (string, []int) {
	if len(at) == 0 {
		return mixedText(b), nil
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	out := make([]int, len(at))
	k := 0 // the next offset of at to carry over
	for i := 0; i <= len(b); {
		n, w := 1, ""
		if i < len(b) {
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				w = latin1252(string(b[i : i+1]))
			} else {
				n, w = size, string(b[i:i+size])
			}
		}
		// at's offsets in [i, i+n): a start at or inside the character
		// is its start, an end inside it is its end.
		for k < len(at) && at[k] < i+n {
			if at[k] == i || k%2 == 0 {
				out[k] = sb.Len()
			} else {
				out[k] = sb.Len() + len(w)
			}
			k++
		}
		if i == len(b) {
			break
		}
		sb.WriteString(w)
		i += n
	}
	for ; k < len(at); k++ {
		out[k] = sb.Len()
	}
	return sb.String(), out
}

// encodedWords decodes the RFC 2047 encoded words in s; white space
// between two of them goes, as RFC 2047 says. A word that does not decode
// stays as it is.
func encodedWords(s string) (string, []int) {
	var sb strings.Builder
	var at []int
	last := 0     // s[:last] is written
	prevEnd := -1 // the end of the encoded word written last
	for i := strings.Index(s, "=?"); i >= 0; {
		d, end, ok := encodedWord(s, i)
		if !ok {
			n := strings.Index(s[i+2:], "=?")
			if n < 0 {
				break
			}
			i += 2 + n
			continue
		}
		if prevEnd == last && strings.TrimLeft(s[last:i], " \t\r\n") == "" {
			// only white space since the word before: it goes
		} else {
			sb.WriteString(s[last:i])
		}
		if n := len(at); n > 0 && at[n-1] == sb.Len() {
			at = at[:n-1]
		} else {
			at = append(at, sb.Len())
		}
		sb.WriteString(d)
		at = append(at, sb.Len())
		last, prevEnd = end, end
		n := strings.Index(s[end:], "=?")
		if n < 0 {
			break
		}
		i = end + n
	}
	if last == 0 {
		return s, nil
	}
	sb.WriteString(s[last:])
	return sb.String(), at
}

// encodedWord decodes "=?charset?Q|B?text?=" at s[i:]: its text and the
// end of the word. It looks no further than a word's bound (a charset of
// 40 bytes, a text of 1000): before, each "=?" searched the rest of s for
// the word's end, and a text of many that never end ("=?a?q?x…") took
// time quadratic in its length (TestMailTextLinear).
func encodedWord(s string, i int) (string, int, bool) {
	rest := s[i+2:]
	q1 := strings.IndexByte(rest[:min(len(rest), 41)], '?')
	if q1 <= 0 || q1 > 40 || q1+3 >= len(rest) || rest[q1+2] != '?' {
		return "", 0, false
	}
	enc := rest[q1+1] | 0x20
	text := rest[q1+3:]
	end := strings.Index(text[:min(len(text), 1002)], "?=")
	if end < 0 || end > 1000 || strings.ContainsAny(text[:end], " \t\r\n") {
		return "", 0, false
	}
	text = text[:end]
	var b []byte
	switch enc {
	case 'q':
		b, _ = quotedPrintable(strings.ReplaceAll(text, "_", " "))
	case 'b':
		var err error
		if b, err = base64.StdEncoding.DecodeString(text); err != nil {
			if b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "=")); err != nil {
				return "", 0, false
			}
		}
	default:
		return "", 0, false
	}
	return mixedText(b), i + 2 + q1 + 3 + end + 2, true
}

// UnfoldedCard returns s, a vCard or an iCalendar file (a contact or an
// appointment exported, pasted or uploaded), with its folded lines joined:
// both formats break a line after 75 octets and go on on the next after a
// blank or a tab ("Kowal\r\n ski", "DE89 3704 0044 05\r\n 32 0130 00"),
// which every reader, and a model, joins. Before (sec14), the detectors
// read the pieces, and the name and the IBAN went out. ok is false when s
// is neither or has no folded line.
func UnfoldedCard(s string) (string, bool) {
	d, _, ok := unfoldedCard(s)
	return d, ok
}

// cardStart reports a vCard's or an iCalendar's first line in s,
// "BEGIN:VCARD" or "BEGIN:VCALENDAR" in any case, as both formats' names
// are (RFC 6350 3.3, RFC 5545 2.1: "Begin:vCard" is one too). Before, only
// all capitals or all small letters were, and a card otherwise spelt went
// out with its folds (rev22). One pass for the colons, which prose has few
// of.
func cardStart(s string) bool {
	for i := 0; ; i++ {
		j := strings.IndexByte(s[i:], ':')
		if j < 0 {
			return false
		}
		i += j
		if i >= len("begin") && strings.EqualFold(s[i-len("begin"):i], "begin") {
			r := s[i+1:]
			if len(r) >= len("vcard") && strings.EqualFold(r[:len("vcard")], "vcard") ||
				len(r) >= len("vcalendar") && strings.EqualFold(r[:len("vcalendar")], "vcalendar") {
				return true
			}
		}
	}
}

// unfoldedCard is UnfoldedCard with where its result joined folded lines,
// as empty spans (Field.escaped): a finding that touches none stands in s
// as it stands here and is replaced in place, as in any prompt; one across
// a fold blocks. Before, every finding in a pasted card blocked, a name as
// a Steuer-ID (TestFoldedCardNamePseudonymised).
func unfoldedCard(s string) (string, []int, bool) {
	if !cardStart(s) {
		return "", nil, false
	}
	var b strings.Builder
	var at []int
	fold := func() {
		if n := len(at); n > 0 && at[n-1] == b.Len() {
			return // joins the fold before it
		}
		at = append(at, b.Len(), b.Len())
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\r' && i+2 < len(s) && s[i+1] == '\n' && (s[i+2] == ' ' || s[i+2] == '\t'):
			i += 2
			fold()
			continue
		case s[i] == '\n' && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t'):
			i++
			fold()
			continue
		}
		b.WriteByte(s[i])
	}
	if at == nil {
		return "", nil, false
	}
	return b.String(), at, true
}
