package detectors

import "slices"

// vietFamilies are common Vietnamese family names, without and with their
// diacritics, lower case. "Mai" is left out: it is also the month.
var vietFamilies = map[string]bool{"nguyen": true, "nguyễn": true, "tran": true, "trần": true, "le": true, "lê": true,
	"pham": true, "phạm": true, "hoang": true, "hoàng": true, "huynh": true, "huỳnh": true, "phan": true, "vu": true,
	"vũ": true, "vo": true, "võ": true, "dang": true, "đặng": true, "bui": true, "bùi": true, "do": true, "đỗ": true,
	"ho": true, "hồ": true, "ngo": true, "ngô": true, "duong": true, "dương": true, "ly": true, "lý": true, "dinh": true,
	"đinh": true, "truong": true, "trương": true, "trinh": true, "trịnh": true, "luong": true, "lương": true}

// vietMiddles are the middle words of Vietnamese names that mark a
// woman's (Thị) or a man's (Văn) name, lower case; they are looked for at
// the capitals T and V the person scan stops at (a word no list passes over
// as plain), given as cands.
var (
	vietMiddles = map[string]bool{"thi": true, "thị": true, "van": true, "văn": true}
)

// vietnameseNames finds a Vietnamese name of a family name, Thị or Văn and
// a given name (after Văn one of the lists), written alike (capitalised or
// all in capitals: "Do Thi Huong", "NGUYEN THI MAI", "DANG THI THU"), with
// one more given name of the lists after it ("PHAM THI THU HUONG"). The scan
// found them cut where the family name is a word of German ("Do",
// Donnerstag) or the given name is one ("Mai", "Thu"); a finding inside the
// span is replaced by it, one that holds it or crosses its edge stays. A
// comma may follow the family name, as a register writes it ("verheiratet
// mit Nguyen, Thi Mai").
func (d *personDetector) vietnameseNames(t *Text, dst []Finding, n0 int, cands []int) []Finding {
	raw := t.Raw
	var low []byte // the lower-case copy, made only for a candidate
	// a finding that ends in the middle word: the scan took "Nguyen, Thi"
	// as an inverted name and passed over the capital of Thi
	// (cands is in the text's order: a binary search, no scan of it per
	// finding, which a text of many names would pay with the square)
	scanned := len(cands)
	for _, f := range dst[n0:] {
		if m := f.End - 3; f.Type == "PERSON" && m > f.Start && raw[m-1] == ' ' && (raw[m] == 'T' || raw[m] == 'V') {
			if _, found := slices.BinarySearch(cands[:scanned], m); !found {
				cands = append(cands, m)
			}
		}
	}
	for _, m := range cands {
		if m < 3 || raw[m-1] != ' ' {
			continue
		}
		me := wordEnd(raw, m)
		if me >= len(raw) || raw[me] != ' ' || me-m < 3 || me-m > 4 {
			continue
		}
		if low == nil {
			low = t.Lower()
		}
		if !vietMiddles[string(low[m:me])] {
			continue
		}
		ps, pe := prevWord(low, m)
		fe := m - 1 // where the family name must end: before the blank, or before ", " in a register's order
		if m >= 4 && raw[m-2] == ',' {
			ps, pe = prevWord(low, m-2)
			fe = m - 2 // "Nguyen, Thi Mai"
		}
		if pe != fe || pe-ps < 2 || !isCap(raw, ps) || !vietFamilies[string(low[ps:pe])] || !isWordStartAt(raw, ps) {
			continue
		}
		ns := me + 1
		ne := wordEnd(raw, ns)
		if ne-ns < 2 || ne-ns > 8 || !isCap(raw, m) || !isCap(raw, ns) {
			continue
		}
		// "Van" also opens Dutch names and "Do" is a weekday: after it the
		// given name must be one of the lists ("Le Van Hung")
		if low[m] == 'v' && d.lx.flags(low[ns:ne])&wFirst == 0 {
			continue
		}
		caps := allCaps(raw[ps:pe])
		if allCaps(raw[m:me]) != caps || allCaps(raw[ns:ne]) != caps {
			continue
		}
		e := ne
		if ne+1 < len(raw) && raw[ne] == ' ' && isCap(raw, ne+1) {
			if xe := wordEnd(raw, ne+1); xe-ne-1 >= 2 && xe-ne-1 <= 8 && allCaps(raw[ne+1:xe]) == caps && d.lx.flags(low[ne+1:xe])&wFirst != 0 {
				e = xe
			}
		}
		dst = replaceInside(dst, n0, ps, e)
	}
	return dst
}

// replaceInside adds a PERSON finding [s, e) to dst and drops the PERSON
// findings of dst[n0:] inside it; if one holds it or crosses its edge, dst
// is kept.
func replaceInside(dst []Finding, n0, s, e int) []Finding {
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if f.Type == "PERSON" && f.Start < e && f.End > s && !(f.Start >= s && f.End <= e) {
			return dst // one holds it or crosses its edge: left as found
		}
	}
	for _, f := range dst[n0:] {
		if f.Type == "PERSON" && f.Start >= s && f.End <= e {
			continue
		}
		out = append(out, f)
	}
	return append(out, Finding{Type: "PERSON", Start: s, End: e, Score: 0.8})
}
