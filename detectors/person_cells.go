package detectors

import (
	"bytes"
	"slices"
)

// A row copied from a spreadsheet or a CSV export without its header:
// "Jürgen⇥Kowalski⇥Hauptstraße 5⇥53111 Bonn", "Kowalski;Jürgen;Bonn",
// "| Anna | Schmidt | Köln |". The cells part the given name from the
// surname, the other rules read a name within one cell or under a header
// (columnSurnames, a header row's columns), and before (sec44) the whole
// name went to the service, where the model reads the row as a person.

// cellSeps are the characters that part a row's cells for cellPairNames.
const cellSeps = "\t;|"

// maxCell bounds the length of a cell cellPairNames reads as a name.
const maxCell = 40

// cellPairNames adds the given name and the surname that fill two
// neighbouring cells of a row, in either order: each cell one capitalised
// word (blanks and quotes around it), one a listed given name, the other a
// listed surname, neither an ordinary word, an institution, a title, a
// label or a state. A cell a finding already covers is not added again
// ("Herr⇥Jürgen⇥Kowalski": "Jürgen" was found after the salutation, the
// surname beside it was not). One pass over the lines with a separator;
// the findings are looked at once, in order of their start.
func (d *personDetector) cellPairNames(t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	if !t.Has('\t') && !t.Has(';') && !t.Has('|') {
		return dst
	}
	n := len(dst)
	spans := make([]Span, 0, n-n0)
	for _, f := range dst[n0:n] {
		spans = append(spans, Span{f.Start, f.End})
	}
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	p, maxEnd := 0, -1
	// overlaps reports a finding over [s, e); s and e only grow.
	overlaps := func(s, e int) bool {
		for p < len(spans) && spans[p].Start < e {
			maxEnd = max(maxEnd, spans[p].End)
			p++
		}
		return maxEnd > s
	}
	low := t.Lower()
	var prev Span     // the cell before, trimmed
	var prevFl uint16 // its flags; 0: no name cell
	for ls := 0; ls < len(raw); {
		le := bytes.IndexByte(raw[ls:], '\n')
		if le < 0 {
			le = len(raw)
		} else {
			le += ls
		}
		line := raw[ls:le]
		sep := byte(0)
		if i := bytes.IndexAny(line, cellSeps); i >= 0 {
			sep = line[i]
		}
		prevFl = 0
		for cs := ls; sep != 0 && cs <= le; {
			ce := bytes.IndexByte(raw[cs:le], sep)
			if ce < 0 {
				ce = le
			} else {
				ce += cs
			}
			w := d.nameCellWord(raw, low, cs, ce)
			var fl uint16
			if w.End > w.Start {
				fl = d.nameFlags(low, w.Start, w.End)
				if fl&(wNotName|wOrg|wBody|wTitle|wLabel|wSalutation|wGreeting|wSignoff|wRelation|wCountry|wNotAlone) != 0 {
					fl = 0
				}
			}
			if fl != 0 && prevFl != 0 && (prevFl&wFirst != 0 && fl&wLast != 0 || prevFl&wLast != 0 && fl&wFirst != 0) {
				if !overlaps(prev.Start, prev.End) {
					dst = append(dst, Finding{Type: "PERSON", Start: prev.Start, End: prev.End, Score: 0.7})
				}
				if !overlaps(w.Start, w.End) {
					dst = append(dst, Finding{Type: "PERSON", Start: w.Start, End: w.End, Score: 0.7})
				}
				fl = 0 // a cell names one person: the next pair starts after it
			}
			prev, prevFl = w, fl
			cs = ce + 1
		}
		ls = le + 1
	}
	return dst
}

// nameCellWord returns the word that fills the cell [cs, ce) with blanks
// and quotes around it, capitalised and not in capitals throughout; an
// empty span for any other cell.
func (d *personDetector) nameCellWord(raw, low []byte, cs, ce int) Span {
	if ce-cs > maxCell {
		return Span{}
	}
	for cs < ce && (raw[cs] == ' ' || raw[cs] == '"' || raw[cs] == '\'') {
		cs++
	}
	for ce > cs && (raw[ce-1] == ' ' || raw[ce-1] == '"' || raw[ce-1] == '\'' || raw[ce-1] == '\r') {
		ce--
	}
	if ce-cs < 3 || !isCap(raw, cs) || wordEnd(raw, cs) != ce || allCaps(raw[cs:ce]) {
		return Span{}
	}
	return Span{cs, ce}
}
