package proxy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/schleuse/schleuse/internal/checkdigit"
	"github.com/schleuse/schleuse/providers"
)

// How the detectors read numbers and values around digits (foldTokens,
// the second step of foldText, on the text its first step returned). A
// language model reads a number by what it denotes and a value through
// the marks that join its pieces; the detectors read digits as they stand,
// and these went to the service unread (sec12, sec13):
//
//   - a number written with a fraction of zeros or an exponent that is an
//     integer of 9 to 12 digits ("86095742719.0", "8.6095742719e10", as
//     json.dumps, pandas and spreadsheets write an id column of floats;
//     "8,6095742719E+10" with a German spreadsheet's decimal comma) is
//     read as its digits;
//   - a comma between a number and such a number ("[1,86095742719,2]",
//     JSON without blanks as JavaScript writes it, a CSV row) is read with
//     a blank after it: the detectors took "1,86095742719" for a decimal;
//   - an IBAN or a Steuer-ID whose pieces are joined by "/", ";", ",",
//     "|", ":", ".", "-", "_", "+", "\" or "'" (a Swiss thousands mark)
//     ("DE89;3704;0044;0532;0130;00", cells of a CSV row;
//     "860/957/427/19", "86'095'742'719"), an IBAN's by tabs too (a
//     spreadsheet's cells, sec27), or by a character beyond ASCII that
//     stands for one of these ("86’095’742’719" with Word's apostrophe,
//     "٨٦٠٬٩٥٧…" with the Arabic thousands separator: jointLike, sec28), is
//     read with blanks for the joints, when its check digits hold (a random
//     run of digits passes about never);
//   - a date joined to the words around it ("geb.12.03.1961Kowalski",
//     "geb1961-03-12"), and an IBAN or a Steuer-ID whose check digits
//     hold ("IBANDE89370400440532013000", "Steuer-ID86095742719"), are
//     read with blanks at their edges;
//   - a Steuer-ID or an IBAN with letters for some of its digits, as OCR
//     and leetspeak write them ("86O957427I9", "DE89 37O4 OO44 O532 O13O
//     OO": O and o for 0, I and l for 1, S for 5, B for 8), is read with
//     the digits, when its check digits hold so (sec16: a model reads them
//     as digits, and both went out).
//
// Ordinary text keeps its reading: "1.5e3", "2024–2025", "Seite 3/4",
// "3,5 %" and amounts are no integer of 9 to 12 digits, carry no check
// digits that hold, or are no date joined to a word.

// foldTokens returns s read as above, and for every byte of the result the
// span [start, end) of s it stands for (an inserted blank an empty span at
// its place); ok is false, and nothing is allocated, when s reads as it is.
// Only the runs of digits are looked at, found by the vector pass of
// digits, each by the readings that can hold at it (checksFor).
func foldTokens(s string) (out string, start, end []int32, ok bool) {
	var b strings.Builder
	done := 0 // s[:done] is written (or, while b is empty, needs none)
	emit := func(text string, from, to int) {
		if start == nil {
			b.Grow(len(s) + 16)
			start = make([]int32, 0, len(s)+16)
			end = make([]int32, 0, len(s)+16)
		}
		// s[done:from] as it stands
		b.WriteString(s[done:from])
		for k := done; k < from; k++ {
			start = append(start, int32(k))
			end = append(end, int32(k+1))
		}
		b.WriteString(text)
		for range len(text) {
			start = append(start, int32(from))
			end = append(end, int32(to))
		}
		done = to
	}
	// apart sets a value s[g:n] glued to the words around it apart from
	// them with a blank on each side that needs one.
	apart := func(g, n int) {
		if g > 0 && (letterBefore(s, g) || s[g-1] == '.' && letterBefore(s, g-1)) {
			emit(" ", g, g)
		}
		if n < len(s) && letterAt(s, n) {
			emit(s[g:n]+" ", g, n)
		}
	}
	for i := 0; i < len(s); {
		d := digits.Index(s[i:])
		if d < 0 {
			break
		}
		p := i + d
		// p is the first digit of a run (the byte before is no digit).
		q := p
		for q < len(s) && isDigit(s[q]) {
			q++
		}
		next := q
		if p >= done {
			can := checksFor(s, p, q)
			if v, g, n := can.lettersForDigits(s, p, q); n > 0 && g >= done {
				emit(v, g, n) // a value with letters for digits
				i = n
				continue
			}
			if g, n := can.gluedValue(s, p); n > 0 && g >= done {
				apart(g, n) // an IBAN or a Steuer-ID glued to the words around it
				i = n
				continue
			}
			if g, start, n := can.checkedGroups(s, p); n > 0 && start >= done {
				emit(g, start, n)
				if f := zeroFraction(s, n); f > 0 && isDigit(g[0]) {
					emit("", n, n+f) // a Steuer-ID's fraction of zeros: left out
					n += f
				}
				i = n
				continue
			}
			if ds, de, ok := can.dateAt(s, p); ok && joinedDate(s, ds, de) {
				apart(ds, de)
				i = de
				continue
			}
			if digitsText, te, ok := can.numberToken(s, p); ok {
				if commaJoint(s, p) {
					emit(" ", p, p)
				}
				if te > q || digitsText != s[p:q] {
					emit(digitsText, p, te)
				}
				if te+1 < len(s) && s[te] == ',' && isDigit(s[te+1]) {
					emit(", ", te, te+1) // "86095742719,2": no decimal either
				}
				next = te
			} else if can.number && q+1 < len(s) && s[q+1] == '0' {
				if f := zeroFraction(s, q); f > 0 && taxIDBefore(s, q) {
					emit("", q, q+f) // a Steuer-ID's fraction of zeros: left out
					next = q + f
				}
			}
		}
		i = next
	}
	if start == nil {
		return s, nil, nil, false
	}
	emit("", len(s), len(s))
	return b.String(), start, end, true
}

// runChecks says which of foldTokens' four readings can hold at a run of
// digits, from one look at the run's length and the bytes around it: most
// runs in prose ("2024 wurde", "§ 3", "Seite 12, Absatz") fit none, and a
// reading is not called where it cannot hold. Each condition is one the
// reading itself requires (a reading left out would have found nothing),
// which TestRunChecks and FuzzFoldTokens check against the readings at
// every digit.
type runChecks struct{ glued, groups, date, number, letters bool }

// checksFor returns the readings that can hold at s[p], a digit, whose run
// of digits ends at q.
func checksFor(s string, p, q int) runChecks {
	n := q - p
	var next, second byte // the bytes after the run; 0 past the end
	if q < len(s) {
		next = s[q]
	}
	if q+1 < len(s) {
		second = s[q+1]
	}
	return runChecks{
		// an IBAN after two letters, or a Steuer-ID's eleven digits
		glued:  n == 11 || p >= 2 && isASCIILetter(s[p-2]) && isASCIILetter(s[p-1]),
		groups: groupsCanHold(s, p, q),
		// D.M.YY[YY] or YYYY-MM-DD
		date: n <= 2 && next == '.' || n == 4 && next == '-',
		// 9 to 12 digits as they stand, or a fraction or an exponent after them
		number: n >= 9 && n <= 12 || next == 'e' || next == 'E' || (next == '.' || next == ',') && isDigit(second),
		// a letter for a digit beside the run, or an IBAN's country
		letters: leetDigit(next) != 0 || p > 0 && leetDigit(s[p-1]) != 0 || p >= 2 && isASCIILetter(s[p-2]) && isASCIILetter(s[p-1]),
	}
}

// groupsCanHold reports whether checkedGroups can read a value at s[p]
// (its run of digits ending at q): the piece of letters and digits holding
// it must be followed by a joint (jointAt), and be an IBAN's first piece
// (from a letter) or a Steuer-ID's (two to six digits, a digit after the
// joint).
func groupsCanHold(s string, p, q int) bool {
	e := q
	for e < len(s) && (isDigit(s[e]) || isASCIILetter(s[e])) {
		e++
	}
	_, k := jointAt(s, e)
	if k == 0 {
		return false
	}
	g := groupStart(s, p)
	if isASCIILetter(s[g]) {
		return true
	}
	if e-g < 2 || e-g > 6 || !isDigit(s[e+k]) {
		return false
	}
	for i := g; i < e; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// The readings, called only where c lets them hold (each small enough to
// be inlined).

func (c runChecks) gluedValue(s string, p int) (g, n int) {
	if c.glued {
		g, n = gluedValue(s, p)
	}
	return
}

func (c runChecks) checkedGroups(s string, p int) (v string, start, n int) {
	if c.groups {
		v, start, n = checkedGroups(s, p)
	}
	return
}

func (c runChecks) dateAt(s string, p int) (ds, de int, ok bool) {
	if c.date {
		ds, de, ok = dateAt(s, p)
	}
	return
}

func (c runChecks) lettersForDigits(s string, p, q int) (v string, g, n int) {
	if c.letters {
		v, g, n = lettersForDigits(s, p, q)
	}
	return
}

func (c runChecks) numberToken(s string, p int) (text string, end int, ok bool) {
	if c.number {
		text, end, ok = numberToken(s, p)
	}
	return
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// leetDigit returns the digit the letter c stands for where OCR or
// leetspeak writes letters for digits (O and o for 0, I and l for 1, S for
// 5, B for 8), 0 for any other byte.
func leetDigit(c byte) byte {
	switch c {
	case 'O', 'o':
		return '0'
	case 'I', 'l':
		return '1'
	case 'S':
		return '5'
	case 'B':
		return '8'
	}
	return 0
}

// lettersForDigits reads a Steuer-ID or an IBAN at the run of digits
// s[p:q] that has letters for some of its digits (leetDigit): eleven
// characters standing alone whose first is a digit ("86O957427I9"), or a
// country's two letters, two check digits and the rest in digits and such
// letters, in groups joined by single blanks or by nothing ("DE89 37O4
// OO44 O532 O13O OO"). It returns the value with the digits, and its span;
// 0, 0 when there is none, when it has no such letter or when its check
// digits do not hold so (a product code "S1234567890" about never).
func lettersForDigits(s string, p, q int) (v string, g, n int) {
	apart := func(g, n int) bool { // the value stands alone
		return (g == 0 || !isDigit(s[g-1]) && !letterBefore(s, g)) && (n == len(s) || !isDigit(s[n]) && !letterAt(s, n))
	}
	g = p
	for g > 0 && (isDigit(s[g-1]) || leetDigit(s[g-1]) != 0) {
		g--
	}
	if want, _ := checkdigit.IBANHead(s, g-2); want > 0 && g == p {
		// An IBAN: its country's letters, then its check digits (s[p:p+2]).
		g -= 2
		b := []byte(s[g : g+4])
		rem, m, letters := 0, 4, 0
		i := g + 4
		for ; i < len(s) && m < want; i++ {
			c := s[i]
			if c == ' ' && i+1 < len(s) && s[i-1] != ' ' && (isDigit(s[i+1]) || leetDigit(s[i+1]) != 0) {
				b = append(b, ' ')
				continue
			}
			d := c
			if !isDigit(c) {
				if d = leetDigit(c); d == 0 {
					return "", 0, 0
				}
				letters++
			}
			b = append(b, d)
			rem = checkdigit.Mod97(rem, d)
			m++
		}
		if m == want && letters > 0 && apart(g, i) && checkdigit.IBANCheck(s[g:g+4], rem) {
			return string(b), g, i
		}
		return "", 0, 0
	}
	n = q
	for n < len(s) && (isDigit(s[n]) || leetDigit(s[n]) != 0) {
		n++
	}
	if n-g != 11 || !isDigit(s[g]) || !apart(g, n) {
		return "", 0, 0
	}
	var d [11]byte
	letters := 0
	for i := range d {
		if d[i] = s[g+i]; !isDigit(d[i]) {
			d[i] = leetDigit(d[i])
			letters++
		}
	}
	if letters == 0 || !checkdigit.TaxID(d[:]) {
		return "", 0, 0
	}
	return string(d[:]), g, n
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// letterBefore reports whether the rune before s[i] is a letter.
func letterBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && unicode.IsLetter(r)
}

// letterAt reports whether the rune at s[i] is a letter.
func letterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && unicode.IsLetter(r)
}

// numberToken reads the number whose first digit is s[p] and which
// stands as a number (no letter, digit, "." or "_" before it, none after
// it, nor a "." and a digit: "1.2.3" is a version): with a fraction of
// zeros or an exponent, when it is an integer of 9 to 12 digits, it
// returns those digits and the token's end; a plain integer of 9 to 12
// digits as it is. ok is false for anything else.
func numberToken(s string, p int) (text string, end int, ok bool) {
	if p > 0 && (isDigit(s[p-1]) || s[p-1] == '.' || s[p-1] == '_' || letterBefore(s, p)) {
		return "", 0, false
	}
	q := p
	for q < len(s) && isDigit(s[q]) {
		q++
	}
	comma := false // a decimal comma, only before an exponent ("8,6095742719E+10" from a German spreadsheet)
	if q < len(s) && (s[q] == '.' || s[q] == ',') && q+1 < len(s) && isDigit(s[q+1]) {
		k := q + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if s[q] == '.' || k < len(s) && (s[k] == 'e' || s[k] == 'E') {
			comma = s[q] == ','
			q = k
		}
	}
	if q < len(s) && (s[q] == 'e' || s[q] == 'E') {
		k := q + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && isDigit(s[k]) {
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			q = k
		}
	}
	if q < len(s) && (isDigit(s[q]) || s[q] == '_' || letterAt(s, q) || s[q] == '.' && q+1 < len(s) && isDigit(s[q+1])) {
		return "", 0, false
	}
	tok := s[p:q]
	if comma {
		if !strings.ContainsAny(tok, "eE") {
			return "", 0, false
		}
		tok = strings.Replace(tok, ",", ".", 1)
	}
	digits, ok := providers.IntegerDigits(tok)
	if !ok || len(digits) < 9 || len(digits) > 12 {
		return "", 0, false
	}
	return digits, q, true
}

// zeroFraction returns the length of a fraction of one to three zeros at
// s[n] (",00", ".0") that ends a number, else 0. A spreadsheet's number
// format with thousands marks (Excel's Ctrl+Shift+1, "#.##0,00") shows a
// Steuer-ID stored as a number as "86.095.742.719,00" or
// "86,095,742,719.00"; a model reads the Steuer-ID, the detectors read an
// amount. foldTokens leaves the fraction out after a Steuer-ID in groups
// (checkedGroups); before (sec43), it went to the service so, where
// "86.095.742.719" and "86095742719,00" were found.
func zeroFraction(s string, n int) int {
	if n+1 >= len(s) || s[n] != ',' && s[n] != '.' {
		return 0
	}
	k := n + 1
	for k < len(s) && k-n <= 3 && s[k] == '0' {
		k++
	}
	if k == n+1 || k < len(s) && (isDigit(s[k]) || letterAt(s, k) || (s[k] == '.' || s[k] == ',') && k+1 < len(s) && isDigit(s[k+1])) {
		return 0
	}
	return k - n
}

// taxIDBefore reports whether eleven digits in groups of two to six,
// joined by one and the same blank or groupJoint, that are a Steuer-ID end
// at s[q] and stand alone ("86 095 742 719" before ",00", as the joined
// words' reading writes "86.095.742.719").
func taxIDBefore(s string, q int) bool {
	var d [11]byte
	n, piece, i := 0, 0, q-1
	var joint byte
	for ; i >= 0 && n < len(d); i-- {
		if c := s[i]; isDigit(c) {
			n++
			d[len(d)-n] = c
			piece++
		} else if c != ' ' && !groupJoint(c) || joint != 0 && c != joint || piece < 2 || piece > 6 || i == 0 || !isDigit(s[i-1]) {
			return false
		} else {
			joint, piece = c, 0
		}
	}
	// s[i] is the byte before the first digit
	if n < len(d) || joint == 0 || piece < 2 || piece > 6 ||
		i >= 0 && (isASCIIAlnum(s[i]) || s[i] == joint && i > 0 && isDigit(s[i-1]) || letterBefore(s, i+1)) {
		return false
	}
	return checkdigit.TaxID(d[:])
}

// commaJoint reports a comma right before s[p] with a digit before it:
// "1,86095742719" of a JSON list or a CSV row, which the detectors read
// as a decimal.
func commaJoint(s string, p int) bool {
	return p >= 2 && s[p-1] == ',' && isDigit(s[p-2])
}

// groupJoint reports the marks checkedGroups reads as blanks between the
// pieces of a value. A tab joins an IBAN's pieces only (cells of a
// spreadsheet's row: "DE89⇥3704⇥…", sec27), not a Steuer-ID's (taxIDGroups).
func groupJoint(c byte) bool { return groupJoints[c] }

var groupJoints = [256]bool{'/': true, ';': true, ',': true, '|': true, ':': true, '.': true, '-': true, '_': true, '+': true, '\\': true, '\'': true, '\t': true}

// jointLike returns the groupJoint that the character r beyond ASCII
// stands for between the pieces of a value, else 0: the typographic
// apostrophe (U+2019), into which Word turns a typed "'" and with which
// Swiss thousands are set ("86’095’742’719"), the modifier apostrophe
// (U+02BC), the prime (U+2032) and the acute accent (U+00B4), which a
// German keyboard types on the key beside the backspace for one, and the
// Arabic thousands separator (U+066C) as "'"; the fraction and division
// slashes (U+2044, U+2215) as "/"; the Arabic comma and decimal separator
// (U+060C, U+066B), the ideographic comma (U+3001, U+FF64) as ","; the
// bullet (U+2022) as ".". A model reads the value through any of them as
// through their ASCII signs; before (sec28), "Steuer-ID 860’957’427’19",
// the same in Arabic-Indic digits with "٬" and "DE89•3704•…" went to the
// service as they stood. Only where the check digits of an IBAN or a
// Steuer-ID hold with them as blanks (checkedGroups), as for the ASCII
// joints: in prose ("geht’s", "1’000 Franken", "3⁄4") they stay.
func jointLike(r rune) byte {
	switch r {
	case 0x2019, 0x02BC, 0x2032, 0x00B4, 0x066C:
		return '\''
	case 0x2044, 0x2215:
		return '/'
	case 0x060C, 0x066B, 0x3001, 0xFF64:
		return ','
	case 0x2022:
		return '.'
	}
	return 0
}

// jointRune returns the groupJoint the character at s[i] stands for and
// its length: an ASCII groupJoint itself, or a character jointLike reads;
// 0, 0 for anything else.
func jointRune(s string, i int) (byte, int) {
	if c := s[i]; c < utf8.RuneSelf {
		if groupJoint(c) {
			return c, 1
		}
		return 0, 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if c := jointLike(r); c != 0 {
		return c, n
	}
	return 0, 0
}

// groupStart returns where the piece of letters and digits holding s[p]
// starts.
func groupStart(s string, p int) int {
	for p > 0 && (isDigit(s[p-1]) || isASCIILetter(s[p-1])) {
		p--
	}
	return p
}

// checkedGroups reads an IBAN or a Steuer-ID whose pieces are joined by a
// groupJoint from the piece holding s[p] (its start after no letter or
// digit): it returns the value with blanks for the joints, its start and
// its end, or 0 when there is none there or it has no joint. An IBAN whose
// country stands apart from its check digits by the same joint
// ("DE-89-3704-0044-…", "DE/89/…") is read from the country: before, the
// pieces from "89" on were no IBAN, and it went out (sec25).
func checkedGroups(s string, p int) (string, int, int) {
	g := groupStart(s, p)
	if g > 0 && (letterBefore(s, g) || isDigit(s[g-1])) {
		return "", 0, 0
	}
	if n := ibanGroups(s, g); n > 0 {
		return joints(s[g:n]), g, n
	}
	if c := countryApart(s, g); c >= 0 {
		if n := ibanGroups(s, c); n > 0 {
			return joints(s[c:n]), c, n
		}
	}
	if n := taxIDGroups(s, g); n > 0 {
		return joints(s[g:n]), g, n
	}
	return "", 0, 0
}

// countryApart returns where two letters stand before the piece of two
// digits at s[g], a joint between them ("DE-89…", "DE / 89…"), as a word of
// its own; -1 when they do not.
func countryApart(s string, g int) int {
	if g+2 > len(s) || !isDigit(s[g]) || !isDigit(s[g+1]) || g+2 < len(s) && (isDigit(s[g+2]) || isASCIILetter(s[g+2])) {
		return -1
	}
	for c := g - 3; c >= max(0, g-8); c-- {
		if !isASCIILetter(s[c]) || !isASCIILetter(s[c+1]) || c > 0 && (letterBefore(s, c) || isDigit(s[c-1])) {
			continue
		}
		if _, k := jointAt(s, c+2); k > 0 && c+2+k == g {
			return c
		}
	}
	return -1
}

// joints returns v with each groupJoint (and each character jointLike
// reads) and each '"' as a blank; "" when v has no groupJoint.
func joints(v string) string {
	b := make([]byte, 0, len(v))
	n := 0
	for i := 0; i < len(v); {
		if v[i] == '"' {
			b = append(b, ' ')
			i++
			continue
		}
		if _, k := jointRune(v, i); k > 0 {
			n++
			b = append(b, ' ')
			i += k
			continue
		}
		b = append(b, v[i])
		i++
	}
	if n == 0 {
		return ""
	}
	return string(b)
}

// jointAt reads the joint between two pieces of a value at s[i]: one
// groupJoint (or a character jointLike reads as one), with blanks and the
// quotes of CSV cells around it
// ("DE89;3704", "\"DE89\";\"3704\"", "DE89; 3704", "| DE89 | 3704 |"),
// at most six bytes, a letter or digit after it. It returns the
// groupJoint and the joint's length; 0, 0 for anything else.
func jointAt(s string, i int) (sep byte, n int) {
	k := i
	for k < len(s) && k-i < 6 {
		switch c := s[k]; {
		case c == ' ' || c == '"':
		case isDigit(c) || isASCIILetter(c):
			if sep == 0 {
				return 0, 0
			}
			return sep, k - i
		default:
			j, m := jointRune(s, k)
			if m == 0 || sep != 0 {
				return 0, 0
			}
			sep = j
			k += m
			continue
		}
		k++
	}
	return 0, 0
}

// ibanGroups returns the end of an IBAN at s[g] whose pieces are joined
// by one and the same groupJoint (jointAt), its letters in one case,
// ending at a joint's place (no letter or digit after it), whose MOD 97-10
// check holds; 0 when there is none or it has no joint.
func ibanGroups(s string, g int) int {
	var joint byte
	head, from := "", g+4
	want, lower := checkdigit.IBANHead(s, g)
	if want > 0 {
		head = s[g : g+4]
	} else if sep, k := jointAt(s, g+2); g+2 <= len(s) && k > 0 && g+4+k <= len(s) {
		// the country apart from its check digits by the groups' joint
		head = s[g:g+2] + s[g+2+k:g+4+k]
		if want, lower = checkdigit.IBANHead(head, 0); want == 0 {
			return 0
		}
		joint, from = sep, g+4+k
	} else {
		return 0
	}
	rem, n := 0, 4
	for i := from; i < len(s) && n < want; i++ {
		c := s[i]
		switch {
		case isDigit(c), isASCIILetter(c) && c >= 'a' == lower:
			rem = checkdigit.Mod97(rem, c)
		default:
			sep, k := jointAt(s, i)
			if k == 0 || joint != 0 && sep != joint {
				return 0
			}
			joint = sep
			i += k - 1
			continue
		}
		if n++; n == want {
			if joint == 0 || i+1 < len(s) && (isDigit(s[i+1]) || isASCIILetter(s[i+1])) {
				return 0
			}
			if !checkdigit.IBANCheck(head, rem) {
				return 0
			}
			return i + 1
		}
	}
	return 0
}

// taxIDGroups returns the end of eleven digits at s[g] in pieces of two
// to six digits joined by one and the same groupJoint (jointAt), ending at
// a joint's place, that are a Steuer-ID; 0 when there is none or it has no
// joint. A reference in pieces of one digit ("702.3.159334.8") and a
// Steuernummer in three pieces by "/" ("319/5704/2281") are read as they
// stand: their detectors find them so.
func taxIDGroups(s string, g int) int {
	var d [11]byte
	n, pieces, piece := 0, 1, 0
	var joint byte
	for i := g; i < len(s); i++ {
		c := s[i]
		if isDigit(c) {
			d[n] = c
			n++
			piece++
			if n == len(d) {
				if pieces == 1 || piece < 2 || piece > 6 || joint == '/' && pieces < 4 ||
					i+1 < len(s) && (isDigit(s[i+1]) || isASCIILetter(s[i+1])) || !checkdigit.TaxID(d[:]) {
					return 0
				}
				return i + 1
			}
			continue
		}
		sep, k := jointAt(s, i)
		if k == 0 || i == g || joint != 0 && sep != joint || piece < 2 || piece > 6 || !isDigit(s[i+k]) || sep == '\t' {
			return 0 // a tab between numbers is a table's (singleMark reads one tab alone)
		}
		joint, piece = sep, 0
		pieces++
		i += k - 1
	}
	return 0
}

// gluedValue reads an IBAN (its groups joined by nothing or single
// blanks) or a Steuer-ID (eleven digits) at the run of digits s[p:],
// whose check digits hold and which is glued to a word: a letter, or a
// word's ".", right before it ("IBANDE89370400440532013000", "KontoDE89
// 3704 …", "Steuer-ID86095742719", "IdNr.86095742719"), or a letter right
// after it ("DE89370400440532013000Kowalski", "86095742719Kowalski"). It
// returns the value's span; 0, 0 when there is none. Before, the
// detectors read one word and the value went out (sec13).
func gluedValue(s string, p int) (int, int) {
	glued := func(g, n int) bool {
		if g > 0 && s[g-1] == '.' {
			g--
		}
		return wordBefore(s, g) >= 2 || wordAfter(s, n) >= 3
	}
	if p >= 2 && isASCIILetter(s[p-2]) && isASCIILetter(s[p-1]) {
		if n := ibanRun(s, p-2); n > 0 && glued(p-2, n) && ibanHolds(s, p-2, n) {
			return p - 2, n
		}
	}
	q := p
	for q < len(s) && isDigit(s[q]) {
		q++
	}
	if q-p == 11 && (p == 0 || !isDigit(s[p-1])) && checkdigit.TaxID([]byte(s[p:q])) && glued(p, q) {
		return p, q
	}
	return 0, 0
}

// wordBefore returns how many letters stand right before s[i] when they
// are a word of letters alone (a label: "IBAN", "IdNr", "Konto"), else 0:
// in a random id ("a3f86095742719…") letters and digits mix.
func wordBefore(s string, i int) int {
	n, k := 0, i
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:k])
		if !unicode.IsLetter(r) {
			break
		}
		k -= size
		n++
	}
	if k > 0 && (isDigit(s[k-1]) || s[k-1] == '_') {
		return 0
	}
	return n
}

// wordAfter returns how many letters stand right after s[i] when they are
// a word of letters alone ("Kowalski"), else 0.
func wordAfter(s string, i int) int {
	n, k := 0, i
	for k < len(s) {
		r, size := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsLetter(r) {
			break
		}
		k += size
		n++
	}
	if k < len(s) && (isDigit(s[k]) || s[k] == '_') {
		return 0
	}
	return n
}

// ibanRun returns the end of an IBAN at s[g] written whole or in groups
// joined by single blanks, its letters in one case; 0 when there is none.
// Its MOD 97-10 check is left to ibanHolds: gluedValue asks first whether
// the run is glued to a word, which an IBAN in prose is not. What follows
// it is not looked at.
func ibanRun(s string, g int) int {
	want, lower := checkdigit.IBANHead(s, g)
	if want == 0 {
		return 0
	}
	n := 4
	for i := g + 4; i < len(s) && n < want; i++ {
		c := s[i]
		switch {
		case c == ' ' && s[i-1] != ' ' && i+1 < len(s):
			continue
		case isDigit(c), isASCIILetter(c) && c >= 'a' == lower:
		default:
			return 0
		}
		if n++; n == want {
			return i + 1
		}
	}
	return 0
}

// ibanHolds reports whether the MOD 97-10 check holds for the IBAN
// s[g:end] that ibanRun read (its blanks skipped).
func ibanHolds(s string, g, end int) bool {
	rem := 0
	for i := g + 4; i < end; i++ {
		if c := s[i]; c != ' ' {
			rem = checkdigit.Mod97(rem, c)
		}
	}
	return checkdigit.IBANCheck(s[g:g+4], rem)
}

// dateAt reads a date D.M.YYYY or D.M.YY or YYYY-MM-DD (day 1 to 31,
// month 1 to 12) at s[p], a run of digits' start; it returns its span.
func dateAt(s string, p int) (ds, de int, ok bool) {
	num := func(i, lo, hi int) (int, bool) {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i < lo || j-i > hi {
			return 0, false
		}
		return j, true
	}
	if y, ok := num(p, 4, 4); ok && y < len(s) && s[y] == '-' {
		// ISO 8601: YYYY-MM-DD ("geb1961-03-12")
		m, okm := num(y+1, 2, 2)
		if !okm || m >= len(s) || s[m] != '-' {
			return 0, 0, false
		}
		d, okd := num(m+1, 2, 2)
		if !okd {
			return 0, 0, false
		}
		if month, day := atoi(s[y+1:m]), atoi(s[m+1:d]); month < 1 || month > 12 || day < 1 || day > 31 {
			return 0, 0, false
		}
		return p, d, true
	}
	a, ok1 := num(p, 1, 2)
	if !ok1 || a >= len(s) || s[a] != '.' {
		return 0, 0, false
	}
	b, ok2 := num(a+1, 1, 2)
	if !ok2 || b >= len(s) || s[b] != '.' {
		return 0, 0, false
	}
	c, ok3 := num(b+1, 2, 4)
	if !ok3 || c-b-1 == 3 {
		return 0, 0, false
	}
	day, month := atoi(s[p:a]), atoi(s[a+1:b])
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return 0, 0, false
	}
	return p, c, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// joinedDate reports a date at s[ds:de] joined to a word: a letter right
// before it ("geb12.03.1961"), or after a word's "." ("geb.12.03.1961"),
// or a letter right after it ("12.03.1961Kowalski").
func joinedDate(s string, ds, de int) bool {
	if ds > 0 && isDigit(s[ds-1]) || de < len(s) && isDigit(s[de]) {
		return false
	}
	if de+1 < len(s) && s[de] == 'T' && isDigit(s[de+1]) {
		return false // an ISO 8601 time stamp: "2024-11-30T12:00"
	}
	return ds > 0 && (letterBefore(s, ds) || s[ds-1] == '.' && letterBefore(s, ds-1)) || de < len(s) && letterAt(s, de)
}
