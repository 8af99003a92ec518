package detectors

// ocrNames finds the names an OCR wrote with a digit for a letter, a 1 for
// an l or an i, a 0 for an o ("Wi1helm Hartrnann", "Ursu1a Pfeiffer",
// "Anna Schu1z", "Krzysztof Lewandowsk1", "Reinh0ld Schaible"): it reads the text again with each such
// digit put back, where the word it stands in is then a listed name, and
// puts the names found over a digit in place of the findings they overlap.
// Text without a lone 1 or 0 inside a word, nearly all, costs a look at
// each digit run (Text.DigitRuns, which other detectors share).
func (d *personDetector) ocrNames(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	var fixed []byte
	var js lineJoints
	var buf [40]byte
	for _, r := range t.DigitRuns() {
		i := r.Start
		if r.End-i != 1 || raw[i] != '1' && raw[i] != '0' || i < 2 || !isLowerASCII(raw[i-1]) && raw[i-1] < 0x80 {
			continue
		}
		ws := i // the letters before the digit, from a capital
		for ws > 0 && (isLetter(raw[ws-1]) || raw[ws-1] >= 0x80) {
			ws--
		}
		we := i + 1
		for we < len(raw) && (isLetter(raw[we]) || raw[we] >= 0x80) {
			we++
		}
		if !isCap(raw, ws) || i-ws < 2 || we-ws < 4 || we-ws > len(buf) || we < len(raw) && isDigit(raw[we]) {
			continue
		}
		w := append(buf[:0], low[ws:we]...)
		if !d.ocrLetter(w, i-ws) {
			continue
		}
		if fixed == nil {
			fixed = append([]byte(nil), raw...)
		}
		fixed[i] = w[i-ws] // the word's capital is before i: the case of a lower-case letter stays
		js = append(js, lineJoint{js: i, rs: i})
	}
	if fixed == nil {
		return dst
	}
	ft := t.reread(fixed)
	return js.replace(dst, n0, "PERSON", d.scan(ft, nil))
}

// ocrLetter puts back in the word w the letter an OCR read as the digit at
// x (a 0 for an o, a 1 for an l or an i: "Lewandowsk1") and reports whether
// the word is then a listed name.
func (d *personDetector) ocrLetter(w []byte, x int) bool {
	letters := "o"
	if w[x] == '1' {
		letters = "li"
	}
	for _, c := range []byte(letters) {
		w[x] = c
		if f := d.lx.flags(w); f&(wFirst|wLast) != 0 && f&badNameFlags == 0 {
			return true
		}
	}
	return false
}
