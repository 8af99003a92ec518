package detectors

import "bytes"

// Aligned columns: a Fachverfahren's print or screen copy sets its records
// in columns of fixed width under a header ("FAMNAME        VORNAMEN
// GEB-DAT …"). The given name in its column is a listed name and found; the
// surname cell before it is often a name no list has ("Kovalenko").

// surnameHeads are the headers of a surname column, lower case.
var surnameHeads = map[string]bool{"famname": true, "familienname": true, "nachname": true, "name": true, "zuname": true,
	"fam.-name": true, "fam.name": true, "fam-name": true}

// givenHeads are the headers of a given-name column, lower case.
var givenHeads = map[string]bool{"vorname": true, "vornamen": true, "rufname": true, "vorn.": true}

// maxHeadLines bounds the lines columnSurnames reads upwards for the header.
const maxHeadLines = 8

// columnSurnames adds the surname cell that opens a record's line when the
// given name after it, with two blanks or more between, is a finding of
// dst[n0:] and a header above names the two columns as a surname's and a
// given name's ("FAMNAME  VORNAMEN", "Name    Vorname"). The cell is one
// word that is no ordinary word, institution or title of the lists.
func (d *personDetector) columnSurnames(t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	n := len(dst)
	for i := n0; i < n; i++ {
		f := dst[i]
		s := f.Start
		if f.Type != "PERSON" || s < 4 || raw[s-1] != ' ' || raw[s-2] != ' ' {
			continue
		}
		ls := bytes.LastIndexByte(raw[:s], '\n') + 1
		we := wordEnd(raw, ls)
		if we-ls < 3 || !isCap(raw, ls) || skipBlank(raw, we) != s || covered(dst, ls) {
			continue
		}
		if fl := d.nameFlags(t.Lower(), ls, we); fl&(wOrg|wBody|wTitle|wSalutation|wNotName|wLabel) != 0 && fl&wLast == 0 {
			continue
		}
		if !columnHeadAbove(t.Lower(), ls) {
			continue
		}
		dst = append(dst, Finding{Type: "PERSON", Start: ls, End: we, Score: 0.7})
	}
	return dst
}

// columnHeadAbove reports a header line within maxHeadLines above the line
// at ls whose first two columns, two blanks or more apart, are a surname's
// and a given name's header. A ruler of dashes between counts as a line.
func columnHeadAbove(low []byte, ls int) bool {
	e := ls - 1
	for n := 0; n < maxHeadLines && e > 0; n++ {
		hs := bytes.LastIndexByte(low[:e], '\n') + 1
		line := low[hs:e]
		if a := bytes.Index(line, []byte("  ")); a > 0 {
			k := a
			for k < len(line) && line[k] == ' ' {
				k++
			}
			b := k
			for b < len(line) && line[b] != ' ' {
				b++
			}
			if surnameHeads[string(line[:a])] && givenHeads[string(line[k:b])] {
				return true
			}
		}
		e = hs - 1
	}
	return false
}
