package detectors

import "bytes"

// ocrAddresses finds the addresses an OCR wrote with a digit for a letter or
// a letter for a digit, as old files' scans have them: an "8" or "13" for a
// "ß" ("Provinzialstra8e", "Koblenzer Stra13e"), an "O" or "o" for a 0 and an
// "l" or "I" for a 1 in a house number or a PLZ ("1O7", "3l0", "677l4"), a 1
// for an l and a 0 for an o inside a word ("Nago1d", "Homberg (0hm)",
// "0sterstraße"), an "l" for the capital I that opens a town ("55743
// ldar-Oberstein"). The text is read again with each such character put back
// (ocrFixes), and the addresses found over one replace the findings they
// overlap, as brokenLinePhrases does for a PDF's hyphenation; an ordinary
// word is no address there either, since the street, number and town rules
// are the same. Only the text from ocrWindow before the first fix to
// ocrWindow after the last is read again (ocrSpan), not the whole text: a
// long text with one such run paid a second pass over all of it. Text
// without such a character beside a digit, nearly all, costs a look at each
// digit run (Text.DigitRuns, which other detectors share).
func (d *addressDetector) ocrAddresses(t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	fixes := ocrFixes(raw, t.DigitRuns())
	if len(fixes) == 0 {
		return dst
	}
	last := fixes[len(fixes)-1]
	ws, we := ocrSpan(raw, fixes[0].rs, last.rs+last.rn)
	return d.ocrReread(t, dst, n0, fixes, ws, we)
}

// ocrReread reads raw[ws:we] again with the fixes (all inside it) put back
// and puts the addresses over a fix into dst[n0:] (ocrAddresses).
func (d *addressDetector) ocrReread(t *Text, dst []Finding, n0 int, fixes []ocrFix, ws, we int) []Finding {
	raw := t.Raw
	fixed := make([]byte, 0, we-ws+len(fixes))
	js := make(lineJoints, 0, len(fixes))
	from := ws
	for _, f := range fixes {
		fixed = append(fixed, raw[from:f.rs]...)
		// the joints and the findings count from the raw text's start: the
		// raw text before ws stands before fixed unchanged
		js = append(js, lineJoint{js: ws + len(fixed), rs: f.rs, n: f.rn - len(f.put), w: len(f.put)})
		fixed = append(fixed, f.put...)
		from = f.rs + f.rn
	}
	fixed = append(fixed, raw[from:we]...)
	found := d.scan(t.reread(fixed), nil)
	for i := range found {
		found[i].Start += ws
		found[i].End += ws
	}
	return js.replace(dst, n0, "POSTAL_ADDRESS", found)
}

// ocrWindow is how much of the text before the first and after the last of
// an OCR's fixes ocrAddresses reads again: many times what an address spans
// (street, number, a floor, PLZ and town over a few lines), so that every
// address that holds a fix, and what the rules read around it, lies inside.
const ocrWindow = 2 << 10

// ocrSpan returns the part of raw that ocrAddresses reads again around the
// fixes from s to e: ocrWindow bytes on either side, widened to whole lines
// when a line ends within another ocrWindow (the rules read a table row to
// its line end), else narrowed to a blank, so that no word, UTF-8 sequence
// or digit run is cut.
func ocrSpan(raw []byte, s, e int) (int, int) {
	ws, we := 0, len(raw)
	if lo := s - ocrWindow; lo > 0 {
		if nl := bytes.LastIndexByte(raw[max(0, lo-ocrWindow):lo], '\n'); nl >= 0 {
			ws = max(0, lo-ocrWindow) + nl + 1
		} else if lo-ocrWindow > 0 {
			ws = lo
			if b := bytes.IndexByte(raw[lo:s], ' '); b >= 0 {
				ws = lo + b + 1
			}
			for ws < s && raw[ws]&0xC0 == 0x80 {
				ws++
			}
		}
	}
	if hi := e + ocrWindow; hi < len(raw) {
		if nl := bytes.IndexByte(raw[hi:min(len(raw), hi+ocrWindow)], '\n'); nl >= 0 {
			we = hi + nl + 1
		} else if hi+ocrWindow < len(raw) {
			we = hi
			if b := bytes.LastIndexByte(raw[e:hi], ' '); b >= 0 {
				we = e + b
			}
			for we > e && raw[we]&0xC0 == 0x80 {
				we--
			}
		}
	}
	return ws, we
}

// ocrFix puts back put for the rn bytes of the raw text at rs.
type ocrFix struct {
	rs, rn int
	put    string
}

// ocrFixes returns, in order, the characters an OCR misread around the
// digit runs rs of raw (see ocrAddresses).
func ocrFixes(raw []byte, rs []Span) []ocrFix {
	var fixes []ocrFix
	done := 0 // raw up to here is looked at
	for _, r := range rs {
		i, e := r.Start, r.End
		if i < done || e == len(raw) {
			continue
		}
		after := raw[e]
		// "O6844 Dessau-Roßlau", "O4103 Leipzig": a PLZ of Sachsen,
		// Thüringen or Sachsen-Anhalt whose leading 0 an OCR read as an O
		// (or a 1 as an l), four digits after it and a capital's town
		if e-i == 4 && i > 0 && ocrDigit(raw[i-1]) && (i == 1 || raw[i-2] == ' ' || raw[i-2] == '\n' || raw[i-2] == '\t') &&
			after == ' ' && e+1 < len(raw) && isUpper(raw[e+1]) {
			put := "0"
			if raw[i-1] == 'l' || raw[i-1] == 'I' {
				put = "1"
			}
			fixes = append(fixes, ocrFix{rs: i - 1, rn: 1, put: put})
			done = e
			continue
		}
		// nearly every number ends before a blank or a punctuation mark: a
		// letter after it, or a blank after five digits, first
		if !isLetter(after) && !(after == ' ' && e-i == 5) {
			continue
		}
		before := byte(' ')
		if i > 0 {
			before = raw[i-1]
		}
		switch {
		case isLowerASCII(before) && isLowerASCII(after) && (e-i == 1 && raw[i] == '8' || e-i == 2 && raw[i] == '1' && raw[i+1] == '3'):
			// "Provinzialstra8e", "Koblenzer Stra13e": an 8 or a 13 for a ß
			fixes = append(fixes, ocrFix{rs: i, rn: e - i, put: "ß"})
			done = e
			continue
		case e-i == 1 && raw[i] == '1' && isLowerASCII(before) && isLowerASCII(after):
			fixes = append(fixes, ocrFix{rs: i, rn: 1, put: "l"}) // "Nago1d"
			done = e
			continue
		case e-i == 1 && raw[i] == '0' && isLowerASCII(after) && (isLowerASCII(before) || !isAlnum(before) && before < 0x80):
			if isLowerASCII(before) {
				fixes = append(fixes, ocrFix{rs: i, rn: 1, put: "o"})
			} else {
				fixes = append(fixes, ocrFix{rs: i, rn: 1, put: "O"}) // "0sterstraße", "(0hm)"
			}
			done = e
			continue
		}
		// a number with an O, o, l or I after its first digit: "1O7", "3l0",
		// "677l4", "2l" (an l before it is ocrOne's, where a street stands
		// before it: "Tabelle l2, 53111 Bonn" is none)
		te := e
		for te < len(raw) && (isDigit(raw[te]) || ocrDigit(raw[te])) {
			te++
		}
		if te-i <= 5 && (i == 0 || !isAlnum(before) && before < 0x80) && (te == len(raw) || !isLetter(raw[te]) && raw[te] < 0x80) {
			for k := e; k < te; k++ {
				switch raw[k] {
				case 'O', 'o':
					fixes = append(fixes, ocrFix{rs: k, rn: 1, put: "0"})
				case 'l', 'I':
					fixes = append(fixes, ocrFix{rs: k, rn: 1, put: "1"})
				}
			}
		}
		done = te
		// "55743 ldar-Oberstein": an l before a consonant opens no German word
		// after a PLZ; it is the town's capital I
		if te-i == 5 && te+2 < len(raw) && raw[te] == ' ' && raw[te+1] == 'l' && isLowerASCII(raw[te+2]) && !anyVowel(raw[te+2:te+3]) && raw[te+2] != 'l' {
			fixes = append(fixes, ocrFix{rs: te + 1, rn: 1, put: "I"})
			done = te + 2
		}
	}
	return fixes
}

// ocrDigit reports a letter an OCR reads for a digit: O and o for 0, l and
// I for 1.
func ocrDigit(c byte) bool { return c == 'O' || c == 'o' || c == 'l' || c == 'I' }
