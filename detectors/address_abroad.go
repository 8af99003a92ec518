package detectors

import "bytes"

// townAdjective returns the start of the capitalised word after an
// inflected adjective in lower case at k that a town's name carries after
// "am" ("Stetten am kalten Markt", "Neustadt am hohen Rain"); k itself when
// there is none.
func townAdjective(raw []byte, k int) int {
	ke := wordEnd(raw, k)
	if ke-k < 4 || !isLowerASCII(raw[k]) || !bytes.HasSuffix(raw[k:ke], []byte("en")) || ke+1 >= len(raw) || raw[ke] != ' ' || !isCap(raw, ke+1) {
		return k
	}
	// the capitalised word ends the town: the line, the cell or the item
	if we := wordEnd(raw, ke+1); we < len(raw) && bytes.IndexByte([]byte(",;)\r\n\t"), raw[we]) < 0 {
		return k
	}
	return ke + 1
}

// foreignPLZ4 matches an Austrian, Swiss or Slovenian four-digit postcode and
// one town that ends the line, the cell or the item right after a street and
// its number and a comma (j0 the comma, j the postcode): "Dorfstraße 12,
// 6952 Hittisau", "Linzer Straße 27/2/5, 4650 Lambach". The street before
// it makes a postcode of what alone could be a year or a count; a year
// (19xx, 20xx) stays one.
func foreignPLZ4(raw []byte, j0, j int) (int, bool) {
	if j0 >= len(raw) || raw[j0] != ',' || j != j0+2 || raw[j0+1] != ' ' {
		return 0, false
	}
	n := digitsAt(raw, j)
	if n-j != 4 || raw[j] == '0' || raw[j] == '1' && raw[j+1] == '9' || raw[j] == '2' && raw[j+1] == '0' || n+1 >= len(raw) || raw[n] != ' ' || !isCap(raw, n+1) {
		return 0, false
	}
	e := wordEnd(raw, n+1)
	if e-(n+1) < 3 || allCaps(raw[n+1:e]) || bytes.IndexByte(raw[n+1:e], '.') >= 0 {
		return 0, false
	}
	if e < len(raw) && bytes.IndexByte([]byte(",;)\r\n\t"), raw[e]) < 0 {
		return 0, false
	}
	return e, true
}

// townParticle returns the end of the particle and the word that a town's
// name carries after its first word at e ("Frankfurt am Main", "Grafing b.
// München", "Landau a.d.Isar", "Stetten am kalten Markt"); e itself when
// there is none.
func townParticle(raw, low []byte, e int, capAt func(int) bool) int {
	for _, x := range [...]string{" am ", " an der ", " in der ", " im ", " ob der ", " bei ", " b. ", " a.d. ", " a.d.", " a. d. ", " i.d. ", " i.d.", " a. ", " a.", " i. "} {
		if hasPrefixAt(low, e, x) {
			k := e + len(x)
			if x == " am " {
				k = townAdjective(raw, k)
			}
			if capAt(k) {
				ke := wordEnd(raw, k)
				if ke < len(raw) && raw[ke] == '.' && ke-k <= 2 { // "a. M.", not the full stop after "am Main."
					ke++
				}
				return ke
			}
			return e
		}
	}
	return e
}

// nordicSuffixes end Danish, Norwegian and Swedish street names
// ("Vesterbrogade", "Strandvejen", "Rådhusgata", "Kungsgatan",
// "Villavägen"); "allé" also stands as a word of its own after the name
// ("Nørre Allé").
var nordicSuffixes = [...]string{"gade", "vej", "vejen", "stræde", "allé", "gata", "veien", "gatan", "vägen", "gränd"}

// nordicStreet reads a Danish, Norwegian or Swedish address whose street
// name ends at se, before its house number: the name ends in one of
// nordicSuffixes, the number ("19", "66B") and a comma follow, Danish floor
// details may stand next ("2. th.", "3. tv.", "st."), then a comma, the
// postcode (four digits, or the Swedish "113 59") and one capitalised town
// with Copenhagen's or Odense's district letters ("2200 København N",
// "5000 Odense C"). The street's suffix alone is no address: its number,
// postcode and town must follow, as the country writes them. It returns
// the start and the end. A German "Brigade" is no "gade", and a year after
// the comma (19xx, 20xx) is a postcode only before a town of
// foreign_postal_cities.txt.
func (d *addressDetector) nordicStreet(raw, low []byte, se int) (int, int, bool) {
	if se < 4 {
		return 0, 0, false
	}
	switch low[se-1] {
	case 'e', 'j', 'n', 'a', 0xA9, 'd': // gade, vej, vejen, gata, allé, gränd
	default:
		return 0, 0, false
	}
	ws := wordStartBack(raw, se)
	if ws >= se || !isCap(raw, ws) {
		return 0, 0, false
	}
	w := low[ws:se]
	suf := ""
	for _, x := range nordicSuffixes {
		if bytes.HasSuffix(w, []byte(x)) {
			suf = x
			break
		}
	}
	if suf == "" || bytes.HasSuffix(w, []byte("brigade")) {
		return 0, 0, false
	}
	s := ws
	if len(w) == len(suf) {
		// a word of its own: "Nørre Allé", after one capitalised word
		ps, pe := prevWord(raw, ws)
		if pe != ws-1 || raw[pe] != ' ' || pe-ps < 3 || !isCap(raw, ps) || raw[pe-1] == '.' {
			return 0, 0, false
		}
		s = ps
	}
	// the house number, a capital or small letter after it: "66B", "19"
	k := skipBlank(raw, se)
	if k == se {
		return 0, 0, false
	}
	n := digitsAt(raw, k)
	if n == k || n-k > 3 || raw[k] == '0' {
		return 0, 0, false
	}
	if n < len(raw) && isLetter(raw[n]) && (n+1 >= len(raw) || !isLetter(raw[n+1])) {
		n++
	}
	if !hasPrefixAt(raw, n, ", ") {
		return 0, 0, false
	}
	j := n + 2
	if f := danishFloor(raw, low, j); f > j && hasPrefixAt(raw, f, ", ") {
		j = f + 2
	}
	p := digitsAt(raw, j)
	switch {
	case p-j == 4:
		if (raw[j] == '1' && raw[j+1] == '9' || raw[j] == '2' && raw[j+1] == '0') && !d.foreignCity(low, p+1) {
			return 0, 0, false
		}
	case p-j == 3 && p+3 < len(raw) && raw[p] == ' ' && digitsAt(raw, p+1) == p+3:
		p += 3 // Swedish "113 59"
	default:
		return 0, 0, false
	}
	if p+1 >= len(raw) || raw[p] != ' ' || !isCap(raw, p+1) {
		return 0, 0, false
	}
	e := wordEnd(raw, p+1)
	if e-(p+1) < 3 || allCaps(raw[p+1:e]) || e < len(raw) && (raw[e] == '-' || isDigit(raw[e])) {
		return 0, 0, false
	}
	// a district after the town: "København N", "København NV", "Odense C"
	if e+2 <= len(raw) && raw[e] == ' ' {
		k := e + 1
		for k < len(raw) && k-(e+1) < 2 && (bytes.IndexByte([]byte("NSVKC"), raw[k]) >= 0 || hasPrefixAt(raw, k, "Ø")) {
			if raw[k] < 0x80 {
				k++
			} else {
				k += len("Ø")
			}
		}
		if k > e+1 && (k >= len(raw) || !isLetter(raw[k]) && raw[k] < 0x80 && !isDigit(raw[k])) {
			e = k
		}
	}
	return s, e, true
}

// danishFloor returns the end of a Danish floor and side at j ("2. th.",
// "3. tv.", "1. mf.", "st. th.", "st."), or j.
func danishFloor(raw, low []byte, j int) int {
	k := j
	if n := digitsAt(raw, k); n > k && n-k <= 2 && hasPrefixAt(raw, n, ".") {
		k = n + 1
	} else if hasPrefixAt(low, k, "st.") {
		k += 3
	} else {
		return j
	}
	if b := skipBlank(raw, k); b > k {
		for _, side := range [...]string{"th.", "tv.", "mf."} {
			if hasPrefixAt(low, b, side) {
				return b + len(side)
			}
		}
	}
	if hasPrefixAt(low, j, "st.") {
		return k
	}
	return j
}
