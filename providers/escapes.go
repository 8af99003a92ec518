package providers

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/schleuse/schleuse/internal/byteset"
)

// EscapeText decodes s when it holds text written with "\u" escapes, as
// JSON, JavaScript and Python's json.dumps (ensure_ascii, its default)
// write letters beyond ASCII: a record pasted from a program's output
// ("J\u00fcrgen M\u00fcller", "Hauptstra\u00dfe 5") or letters and digits
// escaped one by one ("\u0044\u0045\u0038\u0039…"). It needs one escape of
// a letter or digit or of a code point beyond ASCII; escapes of signs alone
// (Go's "\u003c", "\u0026") are no text, and a backslash before anything
// else ("C:\users") is no escape. A run of backslashes before the "u"
// counts as one ("\\u00fc" in JSON written in a string): a model reads it
// as the letter. Surrogate pairs are joined; a lone one is U+FFFD. Every
// other byte stays as it is.
func EscapeText(s string) (string, bool) {
	d, _, ok := unescape(s, false)
	return d, ok
}

// unescape is EscapeText; with spans, it also returns where the decoded
// text holds what escapes stood for: pairs of offsets [start, end) in
// ascending order (escapeField).
func unescape(s string, spans bool) (string, []int, bool) {
	i := strings.Index(s, `\u`)
	if i < 0 {
		return "", nil, false
	}
	var p splice
	text := false
	for i >= 0 && i < len(s) {
		// i is at the backslash before "u"; the run of backslashes it
		// ends is the escape's
		j := i + 1
		for i > p.last && s[i-1] == '\\' {
			i--
		}
		r, n := hexEscape(s, j)
		if n == 0 {
			next := strings.Index(s[j:], `\u`)
			if next < 0 {
				break
			}
			i = j + next
			continue
		}
		end := j + n
		if utf16.IsSurrogate(r) {
			k := end
			for k < len(s) && s[k] == '\\' {
				k++
			}
			if r2, n2 := hexEscape(s, k); n2 > 0 && k > end {
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r, end = d, k+n2
				} else {
					r = utf8.RuneError
				}
			} else {
				r = utf8.RuneError
			}
		}
		if r >= utf8.RuneSelf || unicode.IsLetter(r) || unicode.IsDigit(r) {
			text = true
		}
		p.open(s, i).WriteRune(r)
		p.close(end)
		next := strings.Index(s[end:], `\u`)
		if next < 0 {
			break
		}
		i = end + next
	}
	if !text {
		return "", nil, false
	}
	d, at := p.done(s)
	if !spans {
		at = nil
	}
	return d, at, true
}

// DecodedInFile returns what the text of an uploaded file, named name,
// holds encoded, as a text field's encodings are read: the runs of base64
// and the data URLs in it, of text or of a document (Kind File, as
// base64Payload reports them: text, a document to extract, the text runs
// of binary), the text percent-encoded, decoded, and a mail's
// quoted-printable and encoded words (MailText). A model reads a file's
// base64 or percent-encoded text as readily as a prompt's; before, the
// file's text was scanned as it stood, and a name and an IBAN in base64
// inside an uploaded text file went to the service unread (sec12). The
// fields are files: nothing in them can be rewritten, a finding blocks.
func DecodedInFile(text, name string) []Field {
	env := &Envelope{}
	c := newCollector(env)
	c.embeddedDataURLs(text, name)
	c.embeddedBase64(text, name, 1, b64Parent{})
	if d, ok := percentText(text); ok {
		c.file(name+" (URL-kodiert)", "text/plain", []byte(d))
	}
	if d, ok := MailText(text); ok {
		c.file(name+" (MIME-kodiert)", "text/plain", []byte(d))
	}
	if d, _, ok := hexEscapes(text); ok {
		c.file(name+" (Hex-Escapes)", "text/plain", []byte(d))
	}
	if d, _, ok := cssEscapes(text); ok {
		c.file(name+" (CSS-Escapes)", "text/plain", []byte(d))
	}
	if hidesInvisible(text) {
		if d, _, ok := tagText(text); ok {
			c.file(name+" (Tag-Zeichen)", "text/plain", []byte(d))
		}
		if d, _, ok, joined := selectorRead(text); ok || joined != "" {
			if ok {
				c.file(name+" (Variantenselektoren)", "text/plain", []byte(d))
			}
			if joined != "" {
				c.file(name+" (Variantenselektoren, zusammengefügt)", "text/plain", []byte(joined))
			}
		}
	}
	if d, ok := UnfoldedCard(text); ok {
		c.file(name+" (vCard/iCalendar)", "text/plain", []byte(d))
	}
	return env.Fields
}

// hexEscape reads "uXXXX" at s[j:] (j just after the backslashes): the
// code point and the bytes read, 0 when there is none.
func hexEscape(s string, j int) (rune, int) {
	if j+5 > len(s) || s[j] != 'u' {
		return 0, 0
	}
	var r rune
	for _, c := range []byte(s[j+1 : j+5]) {
		if !isHexDigit(c) {
			return 0, 0
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, 5
}

// hexEscapes decodes the "\xHH" escapes of s, as C, JavaScript and
// Python write bytes and characters ("J\xfcrgen", a bytes repr
// "J\xc3\xbcrgen", "\x4B\x6F\x77…" one by one): a run of them is read as
// UTF-8 where it is, else each byte as Windows-1252. It needs one escape
// of a letter, a digit or a byte beyond ASCII (escapes of signs alone,
// "\x1b[0m", are no text), and returns where the result holds what
// escapes stood for (Field.escaped). Before (sec14), a model read
// "Herr J\xc3\xbcrgen \x4B\x6F\x77\x61\x6C\x73\x6B\x69" as a name the
// detectors did not see.
func hexEscapes(s string) (string, []int, bool) {
	i := strings.Index(s, `\x`)
	if i < 0 {
		return "", nil, false
	}
	var p splice
	text := false
	for i >= 0 && i < len(s) {
		var run []byte
		j := i
		for j+4 <= len(s) && s[j] == '\\' && s[j+1] == 'x' && isHexDigit(s[j+2]) && isHexDigit(s[j+3]) {
			run = append(run, unhex(s[j+2])<<4|unhex(s[j+3]))
			j += 4
		}
		if len(run) == 0 {
			next := strings.Index(s[i+2:], `\x`)
			if next < 0 {
				break
			}
			i += 2 + next
			continue
		}
		d := mixedText(run)
		for _, r := range d {
			if r >= utf8.RuneSelf || unicode.IsLetter(r) || unicode.IsDigit(r) {
				text = true
			}
		}
		p.open(s, i).WriteString(d)
		p.close(j)
		next := strings.Index(s[j:], `\x`)
		if next < 0 {
			break
		}
		i = j + next
	}
	if !text {
		return "", nil, false
	}
	d, at := p.done(s)
	return d, at, true
}

// cssEscapes decodes the escapes of s as CSS writes characters: a
// backslash, one to six hex digits and one blank after them that ends
// the escape ("\49 BAN", "\38 \36 \30…", "\000038\000036…",
// "J\FC rgen"), as a style sheet's content, a selector or a JavaScript
// string copied from one carries them and a model reads them. It needs one
// escape of a letter or a digit; an escape of a control character, a
// surrogate or nothing (a path's "\Akten", "\b" of a regular expression)
// is none and stays as it is. Before (sec15), a Steuer-ID, a name and an
// IBAN's label in CSS escapes went out unread. It returns where the result
// holds decoded text (Field.escaped).
func cssEscapes(s string) (string, []int, bool) {
	i := strings.IndexByte(s, '\\')
	if i < 0 {
		return "", nil, false
	}
	var p splice
	text := false
	for i >= 0 && i < len(s) {
		j := i + 1
		var r rune
		for j < len(s) && j < i+7 && isHexDigit(s[j]) {
			r = r<<4 | rune(unhex(s[j]))
			j++
		}
		if j == i+1 || r > unicode.MaxRune || utf16.IsSurrogate(r) || !unicode.IsPrint(r) && r != ' ' {
			next := strings.IndexByte(s[i+1:], '\\')
			if next < 0 {
				break
			}
			i += 1 + next
			continue
		}
		switch {
		case strings.HasPrefix(s[j:], "\r\n"):
			j += 2
		case j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r' || s[j] == '\f'):
			j++
		}
		if alnumRune(r) {
			text = true
		}
		p.open(s, i).WriteRune(r)
		p.close(j)
		next := strings.IndexByte(s[j:], '\\')
		if next < 0 {
			break
		}
		i = j + next
	}
	if !text {
		return "", nil, false
	}
	d, at := p.done(s)
	return d, at, true
}

// TagText is tagText without the spans: s with its runs of Unicode tag
// characters read as the ASCII they mirror (the proxy reads the URL and
// the headers so).
func TagText(s string) (string, bool) {
	d, _, ok := tagText(s)
	return d, ok
}

// tagText decodes the Unicode tag characters of s (U+E0020–U+E007E,
// invisible ASCII: "ASCII smuggling") to the ASCII they mirror, in every
// run that holds a letter or a digit; other tag characters (a subdivision
// flag's cancel tag U+E007F) are left out. The fold leaves them out as
// invisible, so that one inside a value does not split it; but language
// models read them as the text they mirror, and before (sec14) a
// Steuer-ID, a name and an IBAN written so went out unseen, and, while
// only runs of four or more were decoded, a Steuer-ID whose digits stood
// one to three at a time in them ("860" + tags "957" + "42719",
// TestTagCharactersInsideValuesInspected). This reading is one more
// beside the fold's. It returns where the result holds decoded text
// (Field.escaped).
func tagText(s string) (string, []int, bool) {
	i := strings.Index(s, "\xf3\xa0")
	if i < 0 {
		return "", nil, false
	}
	var p splice
	text := false
	for i >= 0 && i < len(s) {
		j := i
		var run []byte
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if r < 0xE0000 || r > 0xE007F {
				break
			}
			if c := r - 0xE0000; c >= 0x20 && c < 0x7F {
				run = append(run, byte(c))
			}
			j += n
		}
		if j == i {
			next := strings.Index(s[i+2:], "\xf3\xa0")
			if next < 0 {
				break
			}
			i += 2 + next
			continue
		}
		if len(run) > 0 && strings.IndexFunc(string(run), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			text = true
			p.open(s, i).Write(run)
			p.close(j)
		}
		next := strings.Index(s[j:], "\xf3\xa0")
		if next < 0 {
			break
		}
		i = j + next
	}
	if !text {
		return "", nil, false
	}
	d, at := p.done(s)
	return d, at, true
}

// SelectorText is selectorText without the spans (the proxy reads the URL
// and the headers so).
func SelectorText(s string) (string, bool) {
	d, _, ok, joined := selectorRead(s)
	if joined == "" {
		return d, ok
	}
	if !ok {
		d = s
	}
	return d + "\n" + joined, true // and all the runs' bytes in a row (selectorRead)
}

// selector returns the byte a variation selector stands for in "emoji
// smuggling" (U+FE00–U+FE0F bytes 0–15, U+E0100–U+E01EF bytes 16–255),
// and false for any other character.
func selector(r rune) (byte, bool) {
	switch {
	case r >= 0xFE00 && r <= 0xFE0F:
		return byte(r - 0xFE00), true
	case r >= 0xE0100 && r <= 0xE01EF:
		return byte(r - 0xE0100 + 16), true
	}
	return 0, false
}

// selectorText decodes the runs of variation selectors in s as the bytes
// they stand for ("emoji smuggling": text hidden as selectors after a
// visible character, U+FE00–U+FE0F for bytes 0–15 and U+E0100–U+E01EF
// for 16–255; a model told so decodes them), read as UTF-8 or, where that
// fails, Windows-1252, in every run whose bytes hold a letter or a digit.
// The fold leaves variation selectors out as invisible, so before (sec15)
// a Steuer-ID, a name and an IBAN hidden behind an emoji went out unseen.
// A selector as text uses it – one after an emoji (U+FE0F, "❤️") or a CJK
// ideograph (an ideographic variation sequence) – stands alone and
// decodes to no letter or digit, or follows an ideograph: it is left as
// it is. This reading is one more beside the fold's; it returns where the
// result holds decoded text (Field.escaped).
func selectorText(s string) (string, []int, bool) {
	d, at, ok, _ := selectorRead(s)
	return d, at, ok
}

// selectorRead is selectorText, and joined: the bytes of all the runs of
// variation selectors in s in a row (controls left out), when there are
// two runs or more and they hold a letter or a digit; "" otherwise. A
// model told to decode the selectors of a message reads them so, whatever
// stands between them: before, a Steuer-ID spread over several emoji
// ("😀" + "860", "🙂" + "957", …) or one byte after each of several
// ideographs (where a single selector is left as an ideographic variation
// sequence) went out unread. Nothing of s stands in joined: a finding in
// it blocks.
func selectorRead(s string) (_ string, _ []int, _ bool, joined string) {
	next := func(from int) int {
		for i := from; i < len(s); i++ {
			k := invisibleLeads.Index(s[i:])
			if k < 0 {
				return -1
			}
			i += k
			if r, _ := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError {
				if _, ok := selector(r); ok {
					return i
				}
			}
		}
		return -1
	}
	i := next(0)
	if i < 0 {
		return "", nil, false, ""
	}
	var p splice
	text := false
	var all []byte // every run's bytes in a row (joined)
	runs := 0
	for i >= 0 {
		// The run: the selectors from i on, with the tag characters
		// (invisible ASCII, tagText) before and among them and the
		// invisible format characters (a zero-width space) between them,
		// which a model reads past: before, "😀" + tags "8609" +
		// selectors "5742719", or a zero-width space between selectors,
		// left each piece to a reading of its own and the Steuer-ID
		// unread.
		var run []byte
		for k := i; k > p.last; {
			r, n := utf8.DecodeLastRuneInString(s[:k])
			if !unicode.Is(unicode.Cf, r) { // tag characters are Cf
				break
			}
			if k -= n; tagASCII(r) {
				i = k
			}
		}
		j := i // the run ends at a selector or a tag character
		for k := i; k < len(s); {
			r, n := utf8.DecodeRuneInString(s[k:])
			k += n
			if c, ok := selector(r); ok {
				run = append(run, c)
			} else if tagASCII(r) {
				run = append(run, byte(r-0xE0000))
			} else if unicode.Is(unicode.Cf, r) {
				continue
			} else {
				break
			}
			j = k
		}
		runs++
		for _, c := range run {
			if c >= 0x20 || c == '\t' || c == '\n' || c == '\r' {
				all = append(all, c)
			}
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		if len(run) > 1 || !unicode.Is(unicode.Ideographic, before) {
			d := mixedText(run)
			if strings.IndexFunc(d, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				text = true
				b := p.open(s, i)
				// The emoji or sign that carries the run is no part of
				// it: a blank between them, as a model reads them apart
				// ("😀 86095742719"); inside a word or a number the run
				// joins its neighbours ("860" + run + "42719").
				if !alnumRune(before) {
					b.WriteByte(' ')
				}
				b.WriteString(d)
				if after, _ := utf8.DecodeRuneInString(s[j:]); j < len(s) && !alnumRune(after) && !unicode.IsSpace(after) {
					b.WriteByte(' ')
				}
				p.close(j)
			}
		}
		i = next(j)
	}
	if runs > 1 {
		if d := mixedText(all); strings.IndexFunc(d, alnumRune) >= 0 {
			joined = d
		}
	}
	if !text {
		return "", nil, false, joined
	}
	d, at := p.done(s)
	return d, at, true, joined
}

// invisibleLeads are the lead bytes of the variation selectors (U+FE00–
// U+FE0F are EF B8 80–8F, U+E0100–U+E01EF F3 A0 84 80 – F3 A0 87 AF) and
// of the tag characters (U+E0000–U+E007F, F3 A0 80 80 – F3 A0 81 BF).
var invisibleLeads = byteset.New("\xef\xf3")

// hidesInvisible reports whether s may hold tag characters or variation
// selectors: one pass over s for both, where tagText and selectorRead
// each searched all of it (twice for selectorRead: 0xEF and 0xF3). An
// uploaded file's text is asked so (DecodedInFile); a text field's with
// the other readings' bytes (leadsIn).
func hidesInvisible(s string) bool { return invisibleLeads.Index(s) >= 0 }

func alnumRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tagASCII reports a Unicode tag character that mirrors a printable ASCII
// character (U+E0020–U+E007E; tagText).
func tagASCII(r rune) bool { return r >= 0xE0020 && r <= 0xE007E }

// escapeField reports s, a text field named name, decoded, when it holds
// text written with "\u" escapes (EscapeText), as a field of its own that
// cannot be rewritten (a finding in it blocks): a model reads the escapes
// as the letters they stand for. Before, "J\u00fcrgen M\u00fcller" and
// "Hauptstra\u00dfe 5" in a pasted record went out unread, where
// "Jürgen Müller" is pseudonymised.
//
// Where the decoded text stands as it stands in s (Verbatim), a finding is
// the one the field s itself holds, which is replaced there: a prompt
// with one escape ("ersetze '\u00e4' durch 'ae'") and a name elsewhere is
// pseudonymised, not blocked as a whole. Only where the field of s (src,
// its index) can be rewritten: elsewhere (a multipart part) nothing
// replaces it there.
//
// l is what s holds of the bytes the readings start at (leadsIn): a
// reading whose byte is missing finds nothing and is not run.
func (c *collector) escapeField(s string, k Kind, name string, src int, l leads) {
	if l&leadBackslash != 0 {
		c.backslashFields(s, k, name, src)
	}
	if l&leadInvisible != 0 {
		c.invisibleFields(s, k, name, src)
	}
	if d, at, ok := unfoldedCard(s); ok {
		if !c.rewritable(src) {
			at = nil
		}
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: d, Name: name + " (vCard/iCalendar)", decoded: true, escaped: at})
	}
}

// backslashFields is escapeField's readings of escapes: "\u", "\x" and
// CSS's.
func (c *collector) backslashFields(s string, k Kind, name string, src int) {
	if d, at, ok := unescape(s, true); ok {
		if !c.rewritable(src) {
			at = nil
		}
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: d, Name: name + " (Unicode-Escapes)", decoded: true, escaped: at})
	}
	if d, at, ok := hexEscapes(s); ok {
		if !c.rewritable(src) {
			at = nil
		}
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: d, Name: name + " (Hex-Escapes)", decoded: true, escaped: at})
	}
	if d, at, ok := cssEscapes(s); ok {
		if !c.rewritable(src) {
			at = nil
		}
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: d, Name: name + " (CSS-Escapes)", decoded: true, escaped: at})
	}
}

// invisibleFields is escapeField's readings of tag characters and
// variation selectors.
func (c *collector) invisibleFields(s string, k Kind, name string, src int) {
	if d, at, ok := tagText(s); ok {
		if !c.rewritable(src) {
			at = nil
		}
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: d, Name: name + " (Tag-Zeichen)", decoded: true, escaped: at})
	}
	if d, at, ok, joined := selectorRead(s); ok || joined != "" {
		if ok {
			if !c.rewritable(src) {
				at = nil
			}
			c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: d, Name: name + " (Variantenselektoren)", decoded: true, escaped: at})
		}
		if joined != "" {
			c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: joined, Name: name + " (Variantenselektoren, zusammengefügt)", decoded: true})
		}
	}
}

// readings adds what a model reads in s, a text field named name (src, its
// index), besides s itself: its percent-encoding (percentField), its
// escapes and hidden characters (escapeField) and a mail's encodings
// (mailField) decoded. Each reading looks for the byte it starts at
// ('%', '\\', …) only where l, leadsIn(s), saw it: one pass over s for
// all of them, where each searched all of s (seven passes over every text
// field with embeddedBase64's for a backslash, which mostly holds none of
// those bytes).
func (c *collector) readings(s string, k Kind, name string, src int, l leads) {
	if l&leadPercent != 0 {
		c.percentField(s, k, name, src)
	}
	c.escapeField(s, k, name, src, l)
	if l&leadEquals != 0 {
		c.mailField(s, k, name, src)
	}
}

// leads are the bytes that the readings of a text field start at, a bit
// each (leadsIn).
type leads uint8

const (
	leadBackslash leads = 1 << iota // "\u", "\x" and CSS escapes
	leadPercent                     // percent-encoding
	leadEquals                      // quoted-printable, encoded words
	leadInvisible                   // tag characters, variation selectors (invisibleLeads)
	allLeads      = leadBackslash | leadPercent | leadEquals | leadInvisible
)

var readingLeads = byteset.New("\\%=\xef\xf3")

// leadsIn returns the leads s holds, in one pass over s. It stops once it
// has seen every kind, or at the 64th such byte (a text of escapes or of
// '=' runs every reading then, each searching as before).
func leadsIn(s string) leads {
	var l leads
	n := 0
	for i := range readingLeads.All(s) {
		switch s[i] {
		case '\\':
			l |= leadBackslash
		case '%':
			l |= leadPercent
		case '=':
			l |= leadEquals
		default:
			l |= leadInvisible
		}
		if n++; l == allLeads || n == 64 {
			return allLeads
		}
	}
	return l
}

// rewritable reports whether field i, the one a decoded copy is made of,
// can be rewritten.
func (c *collector) rewritable(i int) bool {
	return i >= 0 && i < len(c.env.Fields) && c.env.Fields[i].Redactable()
}

// Verbatim reports whether [start, end) of a field escapeField or
// percentField decoded,
// and the byte on either side, hold nothing decoded from an escape: those
// bytes stand as they are in the field it was decoded from, between the
// same neighbours, where what is found in them is replaced (the pipeline
// then needs no rewrite of this field). False for any other field.
func (f *Field) Verbatim(start, end int) bool {
	if len(f.escaped) == 0 || start < 0 || end > len(f.Text) || start >= end {
		return false
	}
	for i := 0; i+1 < len(f.escaped); i += 2 {
		if f.escaped[i] <= end && start <= f.escaped[i+1] {
			return false // an escape inside the span or beside it
		}
	}
	return true
}

// spanFrom opens a decoded span at n in at (pairs of start and end in the
// decoded text): one that starts where the last ended joins it, so that
// escapes in a row ("\u00fc\u00df") are one span.
func spanFrom(at []int, n int) []int {
	if k := len(at); k > 0 && at[k-1] == n {
		return at[:k-1]
	}
	return append(at, n)
}

// splice writes s with stretches of it replaced by what they read as, and
// notes where the replacements stand in the result (Field.escaped): the
// readings of this file share it.
type splice struct {
	b    strings.Builder
	at   []int
	last int // the end in s of what is written
}

// open writes s up to i, where a replacement starts, and returns the
// builder to write it to; close(j) ends it, the stretch of s it stands
// for ending at j. A replacement that starts where the last ended joins
// its span.
func (p *splice) open(s string, i int) *strings.Builder {
	if p.b.Len() == 0 {
		p.b.Grow(len(s))
	}
	p.b.WriteString(s[p.last:i])
	p.at = spanFrom(p.at, p.b.Len())
	return &p.b
}

func (p *splice) close(j int) {
	p.at = append(p.at, p.b.Len())
	p.last = j
}

// done writes the rest of s and returns the result and the spans.
func (p *splice) done(s string) (string, []int) {
	p.b.WriteString(s[p.last:])
	return p.b.String(), p.at
}
