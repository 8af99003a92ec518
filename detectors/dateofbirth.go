package detectors

import (
	"bytes"
	"unicode/utf8"
)

// DATE_OF_BIRTH: a date that context marks as a birth date: a label before
// it (geb., geboren am, Geburtsdatum, DOB, *), a birth-date column of a table,
// a vCard's BDAY, the next chat message's answer to a question for it, or
// the birth-date field of a passport MRZ line. After a
// label an OCR's misreading of 0 and 1 as O and l is read too (O4.O3.1987). Dates are read in the
// common notations (03.04.1979, 3.4.79, 3. April 1979, 1979-04-03,
// 03/04/1979). Other dates are not findings.
// labels is the lexicon list birth_labels, looked up once: a lookup per
// scan read a cold map (perf40c).
type dobDetector struct {
	lx     *Lexicons
	labels []string
}

func newDOB(lx *Lexicons) *dobDetector {
	return &dobDetector{lx: lx, labels: lx.mustList("birth_labels")}
}

var _ Detector = (*dobDetector)(nil)

// NewDateOfBirth returns the DATE_OF_BIRTH detector.
func NewDateOfBirth() Detector { return newDOB(DefaultLexicons()) }

func (d *dobDetector) withLexicons(lx *Lexicons) Detector { return newDOB(lx) }

func (d *dobDetector) Type() string { return "DATE_OF_BIRTH" }

// Keywords are the birth labels of lexicons/birth_labels.txt, "*" and the MRZ filler.
func (d *dobDetector) Keywords() []string {
	return append(append([]string{}, d.lx.mustList("birth_labels")...), "*", "<<", "(", "geb", "birth", "pid|", "bday")
}

func (d *dobDetector) Scan(t *Text, dst []Finding) []Finding {
	raw := t.Raw
	n0 := len(dst)
	seen := func(s int) bool { return covered(dst[n0:], s) }
	tbl := tables{aligned: true}
	labels := d.labels
	for i, hits := range t.listHitsAt(birthLabelsSlot, labels) {
		kw := labels[i]
		for _, h := range hits {
			end := h + len(kw)
			if !isWordStartAt(raw, h) || !labelEnds(raw, kw, end) {
				continue
			}
			if kw == "geboren" {
				// "Sofiia ist am 02.09.2026 geboren", "wurde am 3. März 2019 in Bonn geboren"
				if s, e, ok := dateBefore(raw, h); ok && !seen(s) {
					dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: s, End: e, Score: 0.85})
					continue
				}
				if end < len(raw) && raw[end] == '.' {
					continue // "… 2019 geboren. Termin am 03.04.2025": the sentence ends
				}
			}
			if s, e, ok := d.dateAfter(raw, end, 48); ok && !seen(s) {
				if diedAfter(raw, e) {
					continue // "geb. Lemmerz, ist am 11. Februar 1998 verstorben"
				}
				dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: s, End: e, Score: 0.9})
				if kw == "geburtsdaten" {
					// "Geburtsdaten: Vater 02.03.1981, Mutter 16.11.1984, Kind
					// 30.05.2012": each person's date after a comma and a word
					// (round 70, blind45 097)
					for {
						s2, e2, ok := d.roleDate(raw, t.Lower(), e)
						if !ok || seen(s2) {
							break
						}
						dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: s2, End: e2, Score: 0.85})
						e = e2
					}
				}
				// a second date joined to it: "zwischen 15.03.1996 und
				// 01.07.1997", "03.04.1979 bzw. 04.03.1979"
				if s2, e2, ok := orDate(raw, e); ok {
					dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: s2, End: e2, Score: 0.8})
				}
				continue
			}
			// a dictation's date in words: "geboren am neunzehnten april neunzehnhundert…"
			if s, e, ok := spokenDate(t.Lower(), end); ok && !seen(s) {
				dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: s, End: e, Score: 0.85})
				continue
			}
			if kw != "geburtstag" && kw != "born" {
				// a chat's question, the next message's answer: "Geburtsdatum vom
				// vater hast du?" – "[09:07] Kerstin Pahl: 21.09.1999, wohnt …"
				if s, e, ok := chatAnswerDate(raw, end); ok && !seen(s) {
					dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: s, End: e, Score: 0.8})
					continue
				}
			}
			for _, c := range tbl.cells(raw, h) {
				e, ok := labelledDate(raw, c.Start)
				if !ok {
					e, ok = ocrDate(raw, c.Start) // a scanned list's "12.O3.1954"
				}
				if ok && e <= c.End {
					dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: c.Start, End: e, Score: 0.8})
				}
			}
		}
	}
	// "geb 12.5.1985": the label without its period, in chat, only with the
	// date right after it
	for _, h := range t.keyHits(keyGeb) {
		if h+4 < len(raw) && raw[h+3] == ' ' && isWordStartAt(raw, h) && !seen(h+4) {
			if e, ok := labelledDate(raw, h+4); ok {
				dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: h + 4, End: e, Score: 0.85})
			}
		}
	}
	for _, h := range t.keyHits(keyBday) {
		if s, e, ok := vcardBirthday(raw, h); ok && !seen(s) {
			dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: s, End: e, Score: 0.85})
		}
	}
	for _, h := range t.keyHits(keyHL7PID) {
		if s, e, ok := hl7BirthDate(raw, h); ok && !seen(s) {
			dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: s, End: e, Score: 0.85})
		}
	}
	if t.Has('*') {
		for i := 0; i < len(raw); {
			j := bytes.IndexByte(raw[i:], '*')
			if j < 0 {
				break
			}
			h := i + j
			i = h + 1
			if h > 0 && !(raw[h-1] == ' ' || raw[h-1] == '(' || raw[h-1] == '\n' || raw[h-1] == ',') {
				continue
			}
			k := skipBlank(raw, h+1)
			if k-h > 3 {
				continue
			}
			if e, ok := parseDate(raw, k); ok && !seen(k) {
				dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: k, End: e, Score: 0.85})
			}
		}
	}
	if t.Has('(') {
		dst = d.afterName(t, dst, n0)
	}
	fields := t.fields()
	for _, f := range fields {
		// a birth-date key of a record: "geburtsdatum": "1971-02-08", a dob column
		if f.class == keyBirth && !seen(f.val.Start) {
			if e, ok := labelledDate(raw, f.val.Start); ok && e <= f.val.End {
				dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: f.val.Start, End: e, Score: 0.85})
			}
		}
	}
	mrzLines(t, func(s, e int) {
		var f int
		switch e - s {
		case 44, 36:
			f = s + 13
		case 30:
			f = s
		default:
			return
		}
		if f+7 > e || !allDigits(raw[f:f+7]) || bytes.IndexByte(raw[s:e], '<') < 0 {
			return
		}
		// line 2 only: line 1 starts with the document code letters.
		if isUpper(raw[s]) && e-s != 30 && raw[s+1] == '<' {
			return
		}
		if mrzCheck(raw[f:f+6]) != int(raw[f+6]-'0') || !validYYMMDD(raw[f:f+6]) {
			return
		}
		dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: f, End: f + 6, Score: 0.9})
	})
	// a test fixture's record named by a code: its date is no one's birth date
	for _, f := range fields {
		if (f.class == keyPerson || f.class == keyPersonWeak) && codeName(raw[f.val.Start:f.val.End]) {
			kept := dst[:n0]
			for _, x := range dst[n0:] {
				if !placeholderRecord(raw, fields, x.Start) {
					kept = append(kept, x)
				}
			}
			return kept
		}
	}
	return dst
}

// hl7BirthDate reads PID-7, the patient's birth date, of an HL7 v2 PID
// segment that starts a line at h ("PID|1||0004471209^^^KLINIKUM^PI||
// OSTERMANN^FRIEDHELM||19580921|M|…"): YYYYMMDD, a time of day after it
// (YYYYMMDDHHMM) left out.
func hl7BirthDate(raw []byte, h int) (int, int, bool) {
	if h > 0 && raw[h-1] != '\n' && raw[h-1] != '\r' || !hasPrefixAt(raw, h, "PID|") {
		return 0, 0, false
	}
	le := lineEndAt(raw, h)
	k := h
	for n := 0; n < 7; n++ {
		j := bytes.IndexByte(raw[k:le], '|')
		if j < 0 {
			return 0, 0, false
		}
		k += j + 1
	}
	e := digitsAt(raw, k)
	if n := e - k; n != 8 && n != 12 && n != 14 || !validDMY(num(raw[k+6:k+8]), num(raw[k+4:k+6]), num(raw[k:k+4])) {
		return 0, 0, false
	}
	if c := byteAt(raw, e); c != '|' && c != '^' && c != '\r' && c != '\n' && c != 0 {
		return 0, 0, false
	}
	return k, k + 8, true
}

// chatAnswerDate reads the answer to a chat message that asks for a birth
// date: the label at end ends a question ('?') or a request ('bitte' after
// it, or before it on its line when only a period follows it: "Nennen Sie
// mir bitte Ihr Geburtsdatum."), and the next line is a chat message (a time
// stamp in brackets, the sender, a colon) that opens with the date, or with
// one other value and a comma or "und" before it when the request asked for
// two ("Personalnummer und Geburtsdatum bitte." – "[08:16] Gerrit Focken:
// 208815, 22.11.1979"; "0077-41920 und 3.5.2007"). A
// birthday's party date is no answer of this kind: "Geburtstag" and "born"
// are left out by the caller.
func chatAnswerDate(raw []byte, end int) (int, int, bool) {
	le := lineEndAt(raw, end)
	if le-end > 48 || le >= len(raw) {
		return 0, 0, false
	}
	q := bytes.TrimRight(raw[end:le], " \r")
	asks := len(q) > 0 && q[len(q)-1] == '?' || bytes.Contains(bytes.ToLower(q), []byte("bitte"))
	if !asks && len(bytes.Trim(q, ".!")) == 0 {
		// the label ends a request that says "bitte" before it: "Nennen
		// Sie mir bitte Ihre Ausweisnummer und Ihr Geburtsdatum."
		ls := bytes.LastIndexByte(raw[max(0, end-120):end], '\n') + 1 + max(0, end-120)
		asks = bytes.Contains(bytes.ToLower(raw[ls:end]), []byte("bitte"))
	}
	if !asks {
		return 0, 0, false
	}
	ls := le + 1
	if ls >= len(raw) || raw[ls] != '[' {
		return 0, 0, false
	}
	c := bytes.IndexByte(raw[ls:min(len(raw), ls+24)], ']')
	if c < 0 || !chatStamp(raw[ls+1:ls+c]) {
		return 0, 0, false
	}
	nle := lineEndAt(raw, ls)
	k := bytes.Index(raw[ls+c:min(nle, ls+c+48)], []byte(": "))
	if k < 0 {
		return 0, 0, false
	}
	v := ls + c + k + 2
	if e, ok := parseDate(raw, v); ok {
		return v, e, true
	}
	// one other value first: "208815, 22.11.1979", "0077-41920 und 3.5.2007"
	if sp := bytes.IndexByte(raw[v:min(nle, v+24)], ' '); sp > 1 && raw[v+sp-1] == ',' {
		if e, ok := parseDate(raw, v+sp+1); ok {
			return v + sp + 1, e, true
		}
	} else if sp > 1 && hasPrefixAt(raw, v+sp, " und ") {
		if e, ok := parseDate(raw, v+sp+5); ok {
			return v + sp + 5, e, true
		}
	}
	return 0, 0, false
}

// vcardBirthday reads the BDAY property of a vCard that starts a line at h,
// its parameters before the colon ("BDAY:1990-08-14", "BDAY;VALUE=date:
// 19900814", vCard 4's basic format YYYYMMDD too). "bday" in a chat ("happy
// bday, Party am 12.03.") is no property: upper case at a line's start only.
func vcardBirthday(raw []byte, h int) (int, int, bool) {
	if h > 0 && raw[h-1] != '\n' || !hasPrefixAt(raw, h, "BDAY") || h+4 >= len(raw) {
		return 0, 0, false
	}
	k := h + 4
	if raw[k] == ';' {
		j := bytes.IndexByte(raw[k:lineEndAt(raw, k)], ':')
		if j < 0 {
			return 0, 0, false
		}
		k += j
	}
	if raw[k] != ':' {
		return 0, 0, false
	}
	k++
	if e, ok := parseDate(raw, k); ok {
		return k, e, true
	}
	if e := digitsAt(raw, k); e-k == 8 && validDMY(num(raw[k+6:k+8]), num(raw[k+4:k+6]), num(raw[k:k+4])) {
		if e, ok := endOK(raw, e); ok {
			return k, e, true
		}
	}
	return 0, 0, false
}

// dateBefore finds "am <date> [in <place>]" ending at most 40 bytes before
// "geboren" at h, with only words between them (no digit, comma, clause or
// line end), or a date right before it that opens a bracket, an aside or a
// line ("(14.02.1988 geboren)", "Frau Aydoğdu, 14.02.1988 geboren"; not a
// rule's cut-off date, "die nach dem 01.08.2020 geboren sind").
func dateBefore(raw []byte, h int) (int, int, bool) {
	if h > 1 && raw[h-1] == ' ' && isDigit(raw[h-2]) {
		for ds := max(0, h-12); ds <= h-7; ds++ {
			if !isDigit(raw[ds]) || !(ds == 0 || raw[ds-1] == '(' || raw[ds-1] == '\n' || ds >= 2 && raw[ds-1] == ' ' && raw[ds-2] == ',') {
				continue
			}
			if e, ok := parseDate(raw, ds); ok && e == h-1 {
				return ds, e, true
			}
		}
	}
	a := max(0, h-80)
	for k := h - 3; k >= a; k-- {
		if raw[k]|0x20 != 'a' || raw[k+1] != 'm' || raw[k+2] != ' ' || k > 0 && isLetter(raw[k-1]) {
			continue
		}
		ds := k + 3
		e, ok := parseDate(raw, ds)
		if !ok {
			e, ok = ocrDate(raw, ds) // "das am O2.11.2O26 geborene Kind": a scan's O for 0
		}
		if !ok || e > h || h-e > 40 {
			continue
		}
		for _, c := range raw[e:h] {
			if isDigit(c) || c == ',' || c == ';' || c == '.' || c == '\n' || c == '(' || c == ')' {
				return 0, 0, false
			}
		}
		return ds, e, true
	}
	return 0, 0, false
}

// labelEnds reports whether the birth label kw found before end is a word of
// its own: "born" is no label in "Bornheim", "dob" none in "Dobrindt". The
// German "geboren" keeps its inflections ("geborene", "geborener").
func labelEnds(raw []byte, kw string, end int) bool {
	if !isLetter(kw[len(kw)-1]) || end >= len(raw) || !isLetter(raw[end]) && raw[end] < utf8.RuneSelf {
		return true
	}
	return kw == "geboren"
}

// roleDate reads the next item of a list of birth dates after the date
// ending at e: a comma, a family role or a given name (a surname may follow
// it) and a date, on the same line ("…, Mutter 16.11.1984", "…, Tom Berg
// 1.2.2018"); not another date's word ("…, Eingang 16.11.2026").
func (d *dobDetector) roleDate(raw, low []byte, e int) (int, int, bool) {
	if e+2 >= len(raw) || raw[e] != ',' || raw[e+1] != ' ' {
		return 0, 0, false
	}
	k := e + 2
	we := wordEnd(raw, k)
	if we == k || !familyRoles[string(low[k:we])] && d.lx.flags(low[k:we])&wFirst == 0 {
		return 0, 0, false
	}
	if we+1 < len(raw) && raw[we] == ' ' && isCap(raw, we+1) {
		we = wordEnd(raw, we+1) // the surname after a given name
	}
	if we+1 < len(raw) && raw[we] == ' ' && isDigit(raw[we+1]) {
		if de, ok := parseDate(raw, we+1); ok {
			return we + 1, de, true
		}
	}
	return 0, 0, false
}

// familyRoles name the members of a family in a list of their birth dates.
var familyRoles = map[string]bool{"vater": true, "mutter": true, "kind": true, "sohn": true, "tochter": true, "ehemann": true,
	"ehefrau": true, "ehegatte": true, "ehegattin": true, "partner": true, "partnerin": true, "antragsteller": true,
	"antragstellerin": true}

// afterName finds a date alone in parentheses right after a name: "Minh Anh
// (17.11.2021)", "Mia Schulz (03.05.2019)". In lists of children, pupils and
// applicants this is the birth date. The word before the parenthesis, or
// the one before that, must be a given name (not "Frau Schmidt (12.03.2024)",
// where a date after a surname is more often an appointment).
func (d *dobDetector) afterName(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	for i := 0; i < len(raw); {
		j := bytes.IndexByte(raw[i:], '(')
		if j < 0 {
			break
		}
		h := i + j
		i = h + 1
		e, ok := parseDate(raw, h+1)
		if !ok || e >= len(raw) || raw[e] != ')' || covered(dst[n0:], h+1) {
			continue
		}
		ps, pe := prevWord(raw, h)
		if pe != h-1 || raw[pe] != ' ' || pe <= ps || !isCap(raw, ps) {
			continue
		}
		given := func(s, e int) bool {
			f := d.lx.flags(low[s:e])
			return f&wFirst != 0 && f&(wNotName|wNotAlone) == 0
		}
		ok = given(ps, pe)
		if !ok {
			if ps2, pe2 := prevWord(raw, ps); pe2 == ps-1 && pe2 > ps2 && isCap(raw, ps2) {
				ok = given(ps2, pe2) && d.lx.flags(low[ps:pe])&wNotName == 0
			}
		}
		if ok {
			dst = append(dst, Finding{Type: "DATE_OF_BIRTH", Start: h + 1, End: e, Score: 0.7})
		}
	}
	return dst
}

// orDate reads a date joined by "und", "oder", "bzw.", "/" or a dash to the
// date that ends at e.
func orDate(raw []byte, e int) (int, int, bool) {
	for _, j := range []string{" und ", " oder ", " bzw. ", " / ", " – ", " - ", " or ", " and "} {
		if hasPrefixAt(raw, e, j) {
			k := e + len(j)
			if e2, ok := parseDate(raw, k); ok {
				return k, e2, true
			}
			break
		}
	}
	return 0, 0, false
}

// dateAfter finds a date that starts within max bytes after i, on the same
// or the next line, before any sentence end.
func (d *dobDetector) dateAfter(raw []byte, i, max int) (int, int, bool) {
	nl := 0
	for k := i; k < len(raw) && k < i+max; k++ {
		c := raw[k]
		if (c == 'O' || c == 'o' || c == 'l' || c == 'I') && (k == i || !isAlnum(raw[k-1])) {
			if e, ok := ocrDate(raw, k); ok && !deadlineBefore(raw, i, k) {
				return k, e, true // "Geb.-Datum: O4.O3.1987"
			}
		}
		switch {
		case c == '\n':
			nl++
			if nl > 1 {
				return 0, 0, false
			}
		case isDigit(c):
			if k > 0 && isDigit(raw[k-1]) {
				continue
			}
			if deadlineBefore(raw, i, k) {
				return 0, 0, false // "nach Geburtsdatum …, welche Kinder zum 01.08.2027 drei sind": a reference date
			}
			if e, ok := parseDate(raw, k); ok {
				return k, e, true
			}
			if e, ok := brokenDate(raw, k); ok {
				return k, e, true // "geb. 11.09.\n1941": a PDF's line break after the month
			}
			if e, ok := parseEnglishDayFirst(raw, k); ok {
				return k, e, true
			}
			if e, ok := unknownDayMonth(raw, k); ok {
				return k, e, true
			}
			if e, ok := compactDMY(raw, k); ok {
				return k, e, true
			}
			if e, ok := ocrDate(raw, k); ok {
				return k, e, true // "geb. 1O.O3.1987"
			}
			if e, ok := spacedDate(raw, k); ok {
				return k, e, true // "Geburtsdatum: 1 2 . 0 9 . 1 9 8 4"
			}
			if e, ok := splitDayDate(raw, k); ok {
				return k, e, true // "Geburtsdatum: 1 4.03.l986"
			}
			// a number that is no date (Geb. 5 = Gebäude 5, a house number,
			// a count) ends the search
			return 0, 0, false
		case c == '|' || c == ';' || c == '\t':
			if nl == 0 && len(bytes.TrimSpace(raw[i:k])) == 0 {
				// a form's row, the label's cell and its value's: "Geburtsdatum | 29.12.1990"
				if s, e, ok := cellDate(raw, k+1); ok {
					return s, e, true
				}
			}
			return 0, 0, false // next table cell: a header row's next column
		case deathMark(raw, k):
			return 0, 0, false // "geb. Vollmer (verst. 19.08.2025)": the date of death
		case isUpper(c) && (k == i || !isLetter(raw[k-1])):
			if e, ok := parseEnglishDate(raw, k); ok {
				return k, e, true
			}
		case (c == '!' || c == '?') || (c == '.' && k+1 < len(raw) && raw[k+1] == ' ' && k > i+1 && isLowerASCII(raw[k-1]) && k+2 < len(raw) && isUpper(raw[k+2])):
			if c == '.' && k-wordStartBack(raw, k) <= 3 {
				continue // an abbreviation: "geb. lt. Stammdaten 04.07.1988", "ca. Mitte"
			}
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// ocrDate reads at k a date in which an OCR read a digit as a letter, O or
// o for 0, l or I for 1 ("O4.O3.1987", "l2.O8.1946", "O1.O7.2OO3", a fax or
// a scanned form), only where a birth label stands before it: the word is
// digits, such letters and periods, no other letter after it, with at least
// one letter and four digits, and read with the letters as digits it is a
// date d.m.y. A word ("Olaf", "lt."), "O.K." or a short code stays none.
func ocrDate(raw []byte, k int) (int, bool) {
	var buf [10]byte
	n, letters, digits := 0, 0, 0
	e := k
	for ; e < len(raw) && n < len(buf); e++ {
		c := raw[e]
		switch {
		case isDigit(c):
			digits++
		case c == 'O' || c == 'o':
			c = '0'
			letters++
		case c == 'l' || c == 'I':
			c = '1'
			letters++
		case c != '.':
			goto done
		}
		buf[n] = c
		n++
	}
done:
	for n > 0 && buf[n-1] == '.' {
		n-- // a sentence's period after the year
		e--
	}
	if letters == 0 || digits < 4 {
		return 0, false
	}
	if d, ok := parseDate(buf[:n], 0); !ok || d != n {
		return 0, false
	}
	return endOK(raw, e)
}

// spacedDate reads at k a date an OCR read with a blank between each of its
// characters, as it reads a form's boxes of one digit each ("1 2 . 0 9 . 1 9
// 8 4"), only where a birth label stands before it: digits and periods, each
// one blank apart, that read without the blanks are a date d.m.yyyy. A wider
// gap ends it; "1 2 3" or a date with a two-digit year stays none.
func spacedDate(raw []byte, k int) (int, bool) {
	var buf [10]byte
	n, e := 0, k
	for e < len(raw) && n < len(buf) && (isDigit(raw[e]) || raw[e] == '.' && n > 0) {
		buf[n] = raw[e]
		n++
		e++
		if e+1 < len(raw) && raw[e] == ' ' && (isDigit(raw[e+1]) || raw[e+1] == '.') {
			e++
			continue
		}
		break
	}
	if n != 10 || e-k < 19 || buf[2] != '.' || buf[5] != '.' {
		return 0, false
	}
	if d, ok := parseDate(buf[:n], 0); !ok || d != n {
		return 0, false
	}
	return endOK(raw, e)
}

// splitDayDate reads at k a date whose day an OCR split with a blank ("2
// 1.03.1976", "1 4.03.l986": round 78), only where a birth label stands
// before it: a digit, one blank, a digit and the rest of a date d.mm.yyyy
// right after it, an O or an l read as 0 or 1 as ocrDate reads them.
func splitDayDate(raw []byte, k int) (int, bool) {
	if k+4 >= len(raw) || raw[k+1] != ' ' || !isDigit(raw[k+2]) || raw[k+3] != '.' {
		return 0, false
	}
	var buf [10]byte
	buf[0], buf[1] = raw[k], raw[k+2]
	n, e := 2, k+3
	for ; e < len(raw) && n < len(buf); e++ {
		c := raw[e]
		switch {
		case isDigit(c) || c == '.':
		case c == 'O' || c == 'o':
			c = '0'
		case c == 'l' || c == 'I':
			c = '1'
		default:
			goto done
		}
		buf[n] = c
		n++
	}
done:
	if n != 10 || buf[5] != '.' {
		return 0, false
	}
	if d, ok := parseDate(buf[:n], 0); !ok || d != n {
		return 0, false
	}
	return endOK(raw, e)
}

// cellDate reads a date that fills the table cell starting at k, blanks
// around it, up to the next cell or the line's end.
func cellDate(raw []byte, k int) (int, int, bool) {
	ds := skipBlank(raw, k)
	e, ok := parseDate(raw, ds)
	if !ok {
		return 0, 0, false
	}
	switch c := byteAt(raw, skipBlank(raw, e)); c {
	case '|', ';', '\t', '\n', '\r', 0:
		return ds, e, true
	}
	return 0, 0, false
}

// deadlineWords before a date after a birth label make it a reference date
// or a deadline: "Geburtsdatum … bis zum 31.07.2026", "Stichtag 01.08.2027".
var deadlineWords = [...]string{"zum", "bis", "ab", "stichtag", "per"}

// deadlineBefore reports a deadline word right before the digit at k,
// between the label's end i and k.
func deadlineBefore(raw []byte, i, k int) bool {
	ps, pe := prevWord(raw, k)
	if ps < i || pe == ps || k-pe > 2 {
		return false
	}
	if pe-ps > 8 {
		return false
	}
	var buf [8]byte
	w := string(lowerInto(buf[:pe-ps], raw[ps:pe]))
	for _, x := range deadlineWords {
		if w == x {
			return true
		}
	}
	return false
}

// brokenDate reads at k a day and a month at a line's end and the year of
// four digits at the start of the next line, as a PDF's or an OCR's text
// breaks a birth date after its label ("geb. 11.09.\n1941", "(geb. 14.04.\n
// 2015)"), only where a birth label stands before it. A two-digit year, a
// word or a second line break stay none ("geb. 11.09.\nin Bonn").
func brokenDate(raw []byte, k int) (int, bool) {
	a := digitsAt(raw, k)
	if a-k < 1 || a-k > 2 || a >= len(raw) || raw[a] != '.' {
		return 0, false
	}
	m := digitsAt(raw, a+1)
	if m-a-1 < 1 || m-a-1 > 2 || m >= len(raw) || raw[m] != '.' {
		return 0, false
	}
	j := m + 1
	if j < len(raw) && raw[j] == '\r' {
		j++
	}
	if j >= len(raw) || raw[j] != '\n' {
		return 0, false
	}
	y0 := skipBlank(raw, j+1)
	y := digitsAt(raw, y0)
	if y-y0 != 4 || !validDMY(num(raw[k:a]), num(raw[a+1:m]), num(raw[y0:y])) {
		return 0, false
	}
	return endOK(raw, y)
}

// unknownDayMonth reads a birth date whose day, or day and month, are not
// known, as registers of refugees write it: "00.00.1990", "00.07.1985". It
// is read only after a birth label.
func unknownDayMonth(raw []byte, k int) (int, bool) {
	if !hasPrefixAt(raw, k, "00.") || len(raw) < k+10 || raw[k+5] != '.' || !isDigit(raw[k+3]) || !isDigit(raw[k+4]) {
		return 0, false
	}
	if m := num(raw[k+3 : k+5]); m > 12 || digitsAt(raw, k+6) != k+10 {
		return 0, false
	}
	if y := num(raw[k+6 : k+10]); y < 1900 || y > 2100 {
		return 0, false
	}
	return endOK(raw, k+10)
}

// labelledDate reads a date at i that a birth label marks: parseDate's
// notations and eight digits DDMMYYYY (compactDMY).
func labelledDate(raw []byte, i int) (int, bool) {
	if e, ok := parseDate(raw, i); ok {
		return e, true
	}
	return compactDMY(raw, i)
}

// compactDMY reads a birth date written as eight digits, DDMMYYYY
// ("GebDat12031961", "geb. 12031961"), as forms without separators and
// chats write it. Eight digits are read so only after a birth label:
// without one they are as often an account or a file number.
func compactDMY(raw []byte, k int) (int, bool) {
	if digitsAt(raw, k) != k+8 || k > 0 && isDigit(raw[k-1]) {
		return 0, false
	}
	if !validDMY(num(raw[k:k+2]), num(raw[k+2:k+4]), num(raw[k+4:k+8])) {
		return 0, false
	}
	if e := k + 8; e+1 < len(raw) && (raw[e] == '-' || raw[e] == '/') && isDigit(raw[e+1]) {
		return 0, false // a number with a suffix: "12031961-4"
	}
	return endOK(raw, k+8)
}

// columnCells returns the trimmed cells below the header cell that contains
// h, when h's line is a table header (cells separated by '|', tab or ';').
// It stops at the first line without the separator or after maxTableRows
// rows. Empty cells are left out. end is where the table ends (h's line end
// when h is not in a header), so that callers can skip header words inside a
// table they have done.
func columnCells(raw []byte, h int, aligned bool) (cells []Span, end int) {
	// a header line is short: look for its ends within maxHeader bytes
	from := max(0, h-maxHeader)
	ls := bytes.LastIndexByte(raw[from:h], '\n') + 1 + from
	if ls == from && from > 0 {
		return nil, h + 1
	}
	le := bytes.IndexByte(raw[h:min(len(raw), h+maxHeader)], '\n')
	if le < 0 {
		return nil, min(len(raw), h+maxHeader)
	}
	le += h
	line := raw[ls:le]
	var sep byte
	for _, c := range []byte{'|', '\t', ';'} {
		if bytes.IndexByte(line, c) >= 0 {
			sep = c
			break
		}
	}
	if sep == 0 {
		if !aligned {
			return nil, le
		}
		return alignedCells(raw, ls, le, h)
	}
	col := bytes.Count(raw[ls:h], []byte{sep})
	// the last header cell heads the last cell of a row that has more cells
	// than the header: an Excel paste whose address spans three cells
	lastCol := bytes.IndexByte(raw[h:le], sep) < 0
	hdrCols := bytes.Count(line, []byte{sep})
	var out []Span
	rs := le + 1
	for rows := 0; rs < len(raw) && rows < maxTableRows; rows++ {
		re := rs + bytes.IndexByte(raw[rs:min(len(raw), rs+maxHeader)], '\n')
		if re < rs {
			if len(raw)-rs > maxHeader {
				break // a row longer than a header is no table row
			}
			re = len(raw)
		}
		if bytes.IndexByte(raw[rs:re], sep) < 0 {
			if rows == 0 && sep == '|' && ruleLine(raw[rs:re]) {
				rs = re + 1 // psql's rule under its header: "----------------+---------"
				continue
			}
			break
		}
		cs, c := rs, col
		if lastCol && bytes.Count(raw[rs:re], []byte{sep}) > hdrCols {
			cs, c = rs+bytes.LastIndexByte(raw[rs:re], sep)+1, 0
		}
		for n := 0; n < c && cs >= 0; n++ {
			j := bytes.IndexByte(raw[cs:re], sep)
			if j < 0 {
				cs = -1
				break
			}
			cs += j + 1
		}
		if cs >= 0 {
			ce := cs + bytes.IndexByte(raw[cs:re], sep)
			if ce < cs {
				ce = re
			}
			for cs < ce && (raw[cs] == ' ' || raw[cs] == '\t') {
				cs++
			}
			for ce > cs && (raw[ce-1] == ' ' || raw[ce-1] == '\t' || raw[ce-1] == '\r') {
				ce--
			}
			if ce > cs {
				out = append(out, Span{cs, ce})
			}
		}
		rs = re + 1
	}
	return out, min(rs, len(raw))
}

// ruleLine reports a line of '-' and '+' only (a few at least), as psql
// draws under a table's header.
func ruleLine(b []byte) bool {
	b = bytes.TrimRight(b, "\r")
	if len(b) < 3 {
		return false
	}
	for _, c := range b {
		if c != '-' && c != '+' {
			return false
		}
	}
	return true
}

// alignedCells reads a column of a table aligned with spaces (pasted from
// a PDF or a fixed-width list): the header word at h stands apart by two
// spaces on both sides, and each row below holds its cell at the same
// character column (counted in runes, so that "Jovanović" does not shift
// it). The rows end at a blank line. The cells run to the next two spaces.
func alignedCells(raw []byte, ls, le, h int) (cells []Span, end int) {
	gap := func(i int) bool { return i+1 < le && raw[i] == ' ' && raw[i+1] == ' ' }
	if h-ls < 2 || raw[h-1] != ' ' || raw[h-2] != ' ' {
		return nil, le // the first cell is a row label as often as a header ("Name   Hrnjic, Amra")
	}
	he := h
	for he < le && raw[he] != ' ' {
		he++
	}
	if he < le && !gap(he) {
		return nil, le
	}
	col := utf8.RuneCount(raw[ls:h])
	rs := le + 1
	for rows := 0; rs < len(raw) && rows < maxTableRows; rows++ {
		re := bytes.IndexByte(raw[rs:min(len(raw), rs+maxHeader)], '\n')
		if re < 0 {
			if len(raw)-rs > maxHeader {
				break
			}
			re = len(raw)
		} else {
			re += rs
		}
		if len(bytes.TrimSpace(raw[rs:re])) == 0 {
			break
		}
		cs, n := rs, 0
		for cs < re && n < col {
			_, sz := utf8.DecodeRune(raw[cs:re])
			cs += sz
			n++
		}
		if n == col && cs < re && raw[cs] != ' ' && (cs == rs || raw[cs-1] == ' ') {
			ce := cs
			for ce < re && !(raw[ce] == ' ' && ce+1 < re && raw[ce+1] == ' ') && raw[ce] != '\r' {
				ce++
			}
			cells = append(cells, Span{cs, ce})
		}
		rs = re + 1
	}
	return cells, min(rs, len(raw))
}

// tables remembers the last table read, so that header words inside it are
// not read again (that would make many header words quadratic).
// aligned also reads tables aligned with spaces (alignedCells).
type tables struct {
	hdrEnd, end int
	aligned     bool
}

// cells returns the column cells under h unless h lies in the body of the
// table read last.
func (ts *tables) cells(raw []byte, h int) []Span {
	if h > ts.hdrEnd && h < ts.end {
		return nil
	}
	cells, end := columnCells(raw, h, ts.aligned)
	if len(cells) > 0 {
		ts.hdrEnd = h + bytes.IndexByte(raw[h:], '\n')
		ts.end = end
	}
	return cells
}

// maxTableRows bounds the rows read below one table header, maxHeader the
// length of a header line.
const (
	maxTableRows = 5000
	maxHeader    = 1024
)

var monthNames = []string{"januar", "jan.", "februar", "feb.", "märz", "mär.", "mrz.", "april", "apr.", "mai",
	"juni", "jun.", "juli", "jul.", "august", "aug.", "september", "sept.", "sep.", "oktober", "okt.",
	"november", "nov.", "dezember", "dez.", "jänner"}

// englishMonths for "April 3, 1979" after an English label (born, DOB).
var englishMonths = []string{"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december"}

// parseEnglishDate reads "April 3, 1979" / "Apr 3, 1979" at i.
func parseEnglishDate(raw []byte, i int) (int, bool) {
	if i >= len(raw) || !isUpper(raw[i]) {
		return 0, false
	}
	e := wordEnd(raw, i)
	w := string(lowerInto(make([]byte, e-i), raw[i:e]))
	m := 0
	for k, name := range englishMonths {
		if w == name || len(w) == 3 && name[:3] == w {
			m = k + 1
		}
	}
	if m == 0 {
		return 0, false
	}
	if e < len(raw) && raw[e] == '.' {
		e++
	}
	d0 := skipBlank(raw, e)
	d1 := digitsAt(raw, d0)
	if d0 == e || d1-d0 < 1 || d1-d0 > 2 {
		return 0, false
	}
	k := d1
	if hasPrefixAt(raw, k, "st") || hasPrefixAt(raw, k, "nd") || hasPrefixAt(raw, k, "rd") || hasPrefixAt(raw, k, "th") {
		k += 2
	}
	if k < len(raw) && raw[k] == ',' {
		k++
	}
	y0 := skipBlank(raw, k)
	y := digitsAt(raw, y0)
	if y-y0 != 4 || !validDMY(num(raw[d0:d1]), m, num(raw[y0:y])) {
		return 0, false
	}
	return endOK(raw, y)
}

// deathMark reports a word at k that introduces a date of death ("verst.",
// "gest.", "†", "verstorben"; a register's label "Sterbedatum", "Sterbetag",
// "Todestag", "Todesdatum"), which ends the search for a birth date
// ("Geb.-Ort  : Nam Dinh⏎Sterbedatum    : 29.11.2026").
func deathMark(raw []byte, k int) bool {
	c := raw[k]
	if c == 0xE2 {
		return hasPrefixAt(raw, k, "†")
	}
	if (c == 'S' || c == 's' || c == 'T' || c == 't') && (k == 0 || !isLetter(raw[k-1])) {
		r := raw[k+1 : min(len(raw), k+9)]
		return bytes.HasPrefix(r, []byte("terbedat")) || bytes.HasPrefix(r, []byte("terbetag")) ||
			bytes.HasPrefix(r, []byte("odestag")) || bytes.HasPrefix(r, []byte("odesdatu"))
	}
	if c != 'v' && c != 'V' && c != 'g' && c != 'G' || k > 0 && isLetter(raw[k-1]) {
		return false
	}
	r := raw[k+1 : min(len(raw), k+6)]
	return bytes.HasPrefix(r, []byte("erst.")) || bytes.HasPrefix(r, []byte("erstorb")) || bytes.HasPrefix(r, []byte("est."))
}

// diedAfter reports "verstorben" or "gestorben" right after a date ending at
// e: the date is the day of death.
func diedAfter(raw []byte, e int) bool {
	k := skipBlank(raw, e)
	if k == e {
		return false
	}
	r := raw[k:min(len(raw), k+10)]
	return bytes.HasPrefix(r, []byte("verstorben")) || bytes.HasPrefix(r, []byte("gestorben"))
}

// parseEnglishDayFirst reads "5 March 2022" / "5th March 2022" at i (after
// an English label: born, DOB).
func parseEnglishDayFirst(raw []byte, i int) (int, bool) {
	d1 := digitsAt(raw, i)
	if d1-i < 1 || d1-i > 2 {
		return 0, false
	}
	k := d1
	if hasPrefixAt(raw, k, "st") || hasPrefixAt(raw, k, "nd") || hasPrefixAt(raw, k, "rd") || hasPrefixAt(raw, k, "th") {
		k += 2
	}
	if k >= len(raw) || raw[k] != ' ' || k+1 >= len(raw) || !isUpper(raw[k+1]) {
		return 0, false
	}
	we := wordEnd(raw, k+1)
	m := 0
	for n, name := range englishMonths {
		w := raw[k+1 : we]
		if len(w) == len(name) && bytes.EqualFold(w, []byte(name)) || len(w) == 3 && bytes.EqualFold(w, []byte(name[:3])) {
			m = n + 1
		}
	}
	if m == 0 {
		return 0, false
	}
	k = we
	if k < len(raw) && raw[k] == '.' {
		k++
	}
	if k < len(raw) && raw[k] == ',' {
		k++
	}
	y0 := skipBlank(raw, k)
	y := digitsAt(raw, y0)
	if y0 == k || y-y0 != 4 || !validDMY(num(raw[i:d1]), m, num(raw[y0:y])) {
		return 0, false
	}
	return endOK(raw, y)
}

// parseDate reads a date at i and returns its end.
func parseDate(raw []byte, i int) (int, bool) {
	if i >= len(raw) || !isDigit(raw[i]) || (i > 0 && (isDigit(raw[i-1]) || raw[i-1] == '.')) {
		return 0, false
	}
	a := digitsAt(raw, i)
	switch n := a - i; {
	case n == 4 && a < len(raw) && raw[a] == '-': // 1979-04-03
		m := digitsAt(raw, a+1)
		if m-a-1 != 2 || m >= len(raw) || raw[m] != '-' {
			return 0, false
		}
		dd := digitsAt(raw, m+1)
		if dd-m-1 != 2 || !validDMY(num(raw[m+1:dd]), num(raw[a+1:m]), num(raw[i:a])) {
			return 0, false
		}
		return endOK(raw, dd)
	case n == 1 || n == 2:
		if a >= len(raw) {
			return 0, false
		}
		day := num(raw[i:a])
		sep := raw[a]
		if sep != '.' && sep != '/' && sep != '-' {
			return 0, false
		}
		k := a + 1
		if sep == '.' {
			k = skipBlank(raw, k)
		}
		if k < len(raw) && isDigit(raw[k]) {
			m := digitsAt(raw, k)
			if m-k > 2 || m >= len(raw) || raw[m] != sep {
				return 0, false
			}
			y0 := m + 1
			if sep == '.' {
				y0 = skipBlank(raw, y0)
			}
			y := digitsAt(raw, y0)
			if y-y0 != 2 && y-y0 != 4 {
				return 0, false
			}
			// a four-digit year broken at a line's end, as a PDF's copy
			// breaks it: "23.08.19\n89" (the century, then its two digits
			// alone at the next line's start)
			if y-y0 == 2 && (raw[y0] == '1' && raw[y0+1] == '9' || raw[y0] == '2' && raw[y0+1] == '0') {
				if b := brokenYear(raw, y); b > y && validDMY(day, num(raw[k:m]), num(raw[y0:y])*100+num(raw[b-2:b])) {
					return b, true
				}
			}
			// the US order month/day/year where the day cannot be a month:
			// 08/14/1996 (a fax from abroad)
			if !validDMY(day, num(raw[k:m]), year(raw[y0:y])) &&
				!(sep == '/' && y-y0 == 4 && num(raw[k:m]) > 12 && validDMY(num(raw[k:m]), day, year(raw[y0:y]))) {
				return 0, false
			}
			return endOK(raw, y)
		}
		if sep != '.' {
			return 0, false
		}
		// 3. April 1979
		low := make([]byte, 0, 12)
		for j := k; j < len(raw) && j < k+10; j++ {
			low = append(low, lowerTab[raw[j]])
		}
		for mi, mn := range monthNames {
			if !bytes.HasPrefix(low, []byte(mn)) {
				continue
			}
			e := k + len(mn)
			if mn[len(mn)-1] != '.' && e < len(raw) && isLetter(raw[e]) {
				continue
			}
			y0 := skipBlank(raw, e)
			y := digitsAt(raw, y0)
			if y-y0 != 4 || y0 == e || !validDMY(day, monthOf(mi), num(raw[y0:y])) {
				return 0, false
			}
			return endOK(raw, y)
		}
	}
	return 0, false
}

func monthOf(idx int) int {
	m := []int{1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 7, 7, 8, 8, 9, 9, 9, 10, 10, 11, 11, 12, 12, 1}
	return m[idx]
}

// brokenYear returns the end of two digits that open the line after y,
// where y ends its line ("19\n89"), the digits standing alone (a blank, a
// tab, a comma, a bracket or the line's end after them, not a date's dot);
// y when there are none.
func brokenYear(raw []byte, y int) int {
	k := y
	if k < len(raw) && raw[k] == '\r' {
		k++
	}
	if k >= len(raw) || raw[k] != '\n' {
		return y
	}
	k++
	if d := digitsAt(raw, k); d-k == 2 && (d == len(raw) || raw[d] == ' ' || raw[d] == '\t' || raw[d] == '\n' || raw[d] == '\r' || raw[d] == ',' || raw[d] == ')') {
		return d
	}
	return y
}

func endOK(raw []byte, e int) (int, bool) {
	if e < len(raw) && (isDigit(raw[e]) || isLetter(raw[e])) {
		return 0, false
	}
	return e, true
}

func num(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

func year(b []byte) int {
	y := num(b)
	if len(b) == 2 {
		y += 1900
	}
	return y
}

// validDMY reports whether d.m.y is a calendar date of a year from 1400 (the
// birth dates of historical persons in local history: "(* 4. Mai 1838 in
// Niederpleis)") to 2100.
func validDMY(d, m, y int) bool {
	if d < 1 || d > 31 || m < 1 || m > 12 || y < 1400 || y > 2100 {
		return false
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	return d <= days[m]
}

func validYYMMDD(b []byte) bool {
	return validDMY(num(b[4:6]), num(b[2:4]), 1900+num(b[0:2]))
}

// mrzCheck is the ICAO 9303 7-3-1 check digit over digits, letters and '<'.
func mrzCheck(b []byte) int {
	w := [3]int{7, 3, 1}
	sum := 0
	for i, c := range b {
		v := 0
		switch {
		case isDigit(c):
			v = int(c - '0')
		case isUpper(c):
			v = int(c-'A') + 10
		}
		sum += v * w[i%3]
	}
	return sum % 10
}

// RecordKeys are the keys of structured records, which this detector reads
// (Text.fields).
func (d *dobDetector) RecordKeys() []string { return fieldAnchors }

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	birthLabelsSlot = newListSlot()
)

// placeholderRecord reports whether the record around the value at i (the
// innermost brackets, braces or parentheses, within 600 bytes) names its
// person by a placeholder: a test fixture's name="TESTFALL_AKTIV" or
// "name": "DUMMY_USER_2", whose geburtsdatum="1980-01-01" is no one's birth
// date (TAXONOMY: DATE_OF_BIRTH is about natural persons).
func placeholderRecord(raw []byte, fields []field, i int) bool {
	open, depth := -1, 0
	for k := i - 1; k >= 0 && k >= i-600; k-- {
		switch raw[k] {
		case ')', '}', ']':
			depth++
		case '(', '{', '[':
			if depth == 0 {
				open = k
			}
			depth--
		}
		if open >= 0 {
			break
		}
	}
	if open < 0 {
		return false
	}
	end, depth := -1, 0
	for k := i; k < len(raw) && k < i+600; k++ {
		switch raw[k] {
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			if depth == 0 {
				end = k
			}
			depth--
		}
		if end >= 0 {
			break
		}
	}
	if end < 0 {
		return false
	}
	for _, f := range fields {
		if (f.class == keyPerson || f.class == keyPersonWeak) && f.val.Start > open && f.val.End <= end && codeName(raw[f.val.Start:f.val.End]) {
			return true
		}
	}
	return false
}

// codeName reports a code's identifier in place of a name: upper-case
// letters, digits and at least one underscore ("TESTFALL_AKTIV", "USER_1").
func codeName(v []byte) bool {
	under, letters := false, false
	for _, c := range v {
		switch {
		case c == '_':
			under = true
		case isUpper(c):
			letters = true
		case isDigit(c):
		default:
			return false
		}
	}
	return under && letters
}

// The keyword slots of Scan's fixed keywords (Text.keyHits).
var (
	keyGeb    = newKeySlot("geb")
	keyBday   = newKeySlot("bday")
	keyHL7PID = newKeySlot("pid|")
)
