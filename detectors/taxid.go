package detectors

import "bytes"

// taxIDDetector finds Steuerliche Identifikationsnummern: 11 digits,
// contiguous or grouped by single spaces (or, with a label, broken over a
// line), passing the BZSt digit rules and the ISO 7064 MOD 11,10 check
// digit.
type taxIDDetector struct{}

var _ Detector = taxIDDetector{}

func (taxIDDetector) Type() string       { return "DE_TAX_ID" }
func (taxIDDetector) Keywords() []string { return DigitKeywords }

var taxIDContext = Context{
	Before: 60,
	Positive: []string{"steuer-id", "steuerid", "steuer id", "steuer_id", "identifikationsnummer", "idnr", "id-nr", "steuer-identifikation",
		"tin", "steuerliche id", "st-id", "steuer-idnr"},
	Negative: []string{"tel", "fax", "fon", "mobil", "rechnung", "bestell", "auftrag", "kunden", "konto", "iban", "order", "artikel", "vertrag", "+49"},
}.Compile()

// taxIDFarContext are the labels looked for further back: the long ones
// ("tin" is inside Martin).
var taxIDFarContext = Context{
	Positive: []string{"steuer-id", "steuerid", "steuer id", "steuer_id", "identifikationsnummer", "idnr", "id-nr", "steuer-identifikation",
		"steuerliche id", "steuer-idnr"},
}.Compile()

// taxIDFarLabel is how far before a value that has a negative word near it
// a Steuer-ID label is still looked for.
const taxIDFarLabel = 240

func (taxIDDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	runs := t.DigitRuns()
	var d []byte
	for i := 0; i < len(runs); {
		// Groups split by single blanks, or by a line break (a number
		// broken over two lines, as a narrow column or a PDF holds it:
		// "860957\n42719"), which needs a label: lines of numbers are
		// common, and one in ten pairs of them passes the check digit.
		j, broken := i, false
		for j+1 < len(runs) {
			e, next := runs[j].End, runs[j+1].Start
			if next-e > 2 {
				break // most runs: apart by more than a blank or a line break
			}
			if next == e+1 && b[e] == ' ' {
				j++
				continue
			}
			if next == e+1 && b[e] == '\n' || next == e+2 && b[e] == '\r' && b[e+1] == '\n' {
				j, broken = j+1, true
				continue
			}
			break
		}
		chain := runs[i : j+1]
		i = j + 1
		n := 0
		for _, r := range chain {
			n += r.End - r.Start
		}
		if n == 11 {
			dst, d = taxIDAt(t, chain, broken, d, dst)
			continue
		}
		// A chain of more digits: an 11-digit part of it at its blanks is
		// a Steuer-ID beside another number ("Steuer-ID: 86095742719
		// 2024", "Jahr 2024 86095742719"); before, the whole chain was
		// read as one number and too long. A part of several groups ("86
		// 095 742 719 2024") needs a label near it.
		for k := 0; k < len(chain) && n > 11; k++ {
			m, part := k, 0
			for m < len(chain) && part < 11 {
				part += chain[m].End - chain[m].Start
				m++
			}
			if part == 11 {
				dst, d = taxIDAt(t, chain[k:m], m-k > 1, d, dst)
			}
		}
	}
	return dst
}

// taxIDAt appends the Steuer-ID the digit runs of part (11 digits, blanks
// between them) make, when they pass its checks and its context; with
// needLabel only when a Steuer-ID label is near. d is a buffer for the
// digits, returned for reuse.
func taxIDAt(t *Text, part []Span, needLabel bool, d []byte, dst []Finding) ([]Finding, []byte) {
	b := t.Raw
	d = d[:0]
	for _, r := range part {
		d = append(d, b[r.Start:r.End]...)
	}
	s, e := part[0].Start, part[len(part)-1].End
	if !t.WordStart(s) || !t.WordEnd(e) || s > 0 && (b[s-1] == '+' || b[s-1] == '.' || b[s-1] == '/') {
		return dst, d
	}
	if e+1 < len(b) && (b[e] == '.' || b[e] == ',' || b[e] == '/') && isDigit(b[e+1]) && !csvNext(b, e) {
		return dst, d // 12345678901,50 (an amount), 12345678901/2024
	}
	if !validTaxID(d) {
		return dst, d
	}
	pos, neg := taxIDContext.Near(t, s, e)
	if neg && !pos {
		// in a table the words around are other columns' headers
		// (… | Steuer-ID | IBAN): only the value's own header counts
		if hs, he, ok := columnHeader(b, s, e); ok {
			pos, neg = taxIDContext.m.find(t.Lower()[hs:he])
		}
	}
	if neg && !pos {
		// "nach der Steuer-ID gefragt … Er nannte sie dann am Telefon:
		// 17 048 345 960": the label a sentence or two before outweighs a
		// word about how the number was given (a German telephone number
		// starts with 0 or +, a tax ID never does)
		pos, _ = taxIDFarContext.m.find(t.Lower()[max(0, s-taxIDFarLabel):s])
	}
	if neg && !pos || needLabel && !pos {
		return dst, d
	}
	score := 0.85
	if pos {
		score = 0.99
	}
	return append(dst, Finding{Type: "DE_TAX_ID", Start: s, End: e, Score: score}), d
}

// tableCell reports whether [s, e) is a whole cell of a tab-, '|'- or
// ';'-separated row, also in double quotes as a CSV export writes it
// ("4711";"86095742719";"Kowalski").
func tableCell(b []byte, s, e int) bool {
	if s > 0 && e < len(b) && b[s-1] == '"' && b[e] == '"' {
		s, e = s-1, e+1
	}
	i := s
	for i > 0 && b[i-1] == ' ' {
		i--
	}
	j := e
	for j < len(b) && (b[j] == ' ' || b[j] == '\r') {
		j++
	}
	sep := func(c byte) bool { return c == '\t' || c == '|' || c == ';' }
	before := i == 0 || b[i-1] == '\n' || sep(b[i-1])
	after := j == len(b) || b[j] == '\n' || sep(b[j])
	return before && after && (i > 0 && sep(b[i-1]) || j < len(b) && sep(b[j]))
}

// columnHeader returns the header cell of the column holding the table cell
// [s, e): the cell at the same position in the first line of the block of
// lines that all hold the row's separator (at most 64 lines up).
func columnHeader(b []byte, s, e int) (int, int, bool) {
	if !tableCell(b, s, e) {
		return 0, 0, false
	}
	ls := bytes.LastIndexByte(b[max(0, s-maxHeader):s], '\n') + 1 + max(0, s-maxHeader)
	var sep byte
	for _, c := range []byte{'\t', '|', ';'} {
		if bytes.IndexByte(b[ls:s], c) >= 0 || e < len(b) && bytes.IndexByte(b[e:min(len(b), e+maxHeader)], c) >= 0 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return 0, 0, false
	}
	col := bytes.Count(b[ls:s], []byte{sep})
	hs := ls
	for n := 0; n < 64 && hs > 0; n++ {
		p := bytes.LastIndexByte(b[max(0, hs-1-maxHeader):hs-1], '\n') + 1 + max(0, hs-1-maxHeader)
		if bytes.IndexByte(b[p:hs-1], sep) < 0 {
			break
		}
		hs = p
	}
	if hs == ls {
		return 0, 0, false
	}
	for n := 0; n < col; n++ {
		j := bytes.IndexByte(b[hs:min(len(b), hs+maxHeader)], sep)
		if j < 0 {
			return 0, 0, false
		}
		hs += j + 1
	}
	he := hs
	for he < len(b) && b[he] != sep && b[he] != '\n' && he-hs < 80 {
		he++
	}
	return hs, he, true
}

// csvNext reports whether the comma at e starts the next cell of a
// comma-separated row rather than a decimal part: more than two digits,
// or one or two then another comma (…,63191815279,65120384K510,…).
func csvNext(b []byte, e int) bool {
	if b[e] != ',' {
		return false
	}
	k := e + 1
	for k < len(b) && isDigit(b[k]) {
		k++
	}
	return k-(e+1) > 2 || k < len(b) && b[k] == ','
}
