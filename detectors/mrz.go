package detectors

import "bytes"

// Machine-readable zones (ICAO 9303) of passports and ID cards: lines of
// [A-Z0-9<] of 30, 36 or 44 characters. PERSON takes the name field
// (SURNAME<<GIVEN<NAMES), DATE_OF_BIRTH the birth-date field.

// mrzLines calls fn for every line around a "<<" hit that looks like an MRZ
// line, once per line, with the line's bounds.
func mrzLines(t *Text, fn func(s, e int)) {
	raw := t.Raw
	lastLine := -1
	for _, h := range t.keyHits(keyMRZFiller) {
		if h < lastLine {
			continue
		}
		// MRZ lines are short: look for the line ends within 64 bytes
		from := max(0, h-64)
		s := bytes.LastIndexByte(raw[from:h], '\n') + 1 + from
		e := bytes.IndexByte(raw[h:min(len(raw), h+64)], '\n')
		if e < 0 {
			e = min(len(raw), h+64)
			if e < len(raw) {
				lastLine = e
				continue
			}
		} else {
			e += h
		}
		lastLine = e
		if s == from && from > 0 {
			continue
		}
		for e > s && (raw[e-1] == '\r' || raw[e-1] == ' ') {
			e--
		}
		for s < e && raw[s] == ' ' {
			s++
		}
		if n := e - s; n < 28 || n > 46 {
			continue
		}
		ok := true
		for _, c := range raw[s:e] {
			if !(isUpper(c) || isDigit(c) || c == '<') {
				ok = false
				break
			}
		}
		if ok {
			fn(s, e)
		}
	}
}

// scanMRZ adds the name field of MRZ name lines as PERSON.
func (d *personDetector) scanMRZ(t *Text, dst []Finding) []Finding {
	raw := t.Raw
	mrzLines(t, func(s, e int) {
		f := s
		if (raw[s] == 'P' || raw[s] == 'I' || raw[s] == 'A' || raw[s] == 'C' || raw[s] == 'V') && e-s >= 36 {
			f = s + 5 // document code (2) and issuing state (3)
		}
		if bytes.IndexAny(raw[f:e], "0123456789") >= 0 || bytes.Index(raw[f:e], []byte("<<")) < 0 {
			return
		}
		for f < e && raw[f] == '<' {
			f++
		}
		z := e
		for z > f && raw[z-1] == '<' {
			z--
		}
		if z-f >= 3 {
			dst = append(dst, Finding{Type: "PERSON", Start: f, End: z, Score: 0.9})
		}
	})
	return dst
}

// keyMRZFiller is mrzLines' keyword slot (Text.keyHits).
var keyMRZFiller = newKeySlot("<<")
