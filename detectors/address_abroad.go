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
