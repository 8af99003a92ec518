package detectors

// taxIDDetector finds Steuerliche Identifikationsnummern: 11 digits,
// contiguous or grouped by single spaces, passing the BZSt digit rules and
// the ISO 7064 MOD 11,10 check digit.
type taxIDDetector struct{}

var _ Detector = taxIDDetector{}

func (taxIDDetector) Type() string       { return "DE_TAX_ID" }
func (taxIDDetector) Keywords() []string { return DigitKeywords }

var taxIDContext = Context{
	Before: 60,
	Positive: []string{"steuer-id", "steuerid", "steuer id", "identifikationsnummer", "idnr", "id-nr", "steuer-identifikation",
		"tin", "steuerliche id", "st-id", "steuer-idnr"},
	Negative: []string{"tel", "fax", "fon", "mobil", "rechnung", "bestell", "auftrag", "kunden", "konto", "iban", "order", "artikel", "vertrag", "+49"},
}.Compile()

func (taxIDDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	runs := t.DigitRuns()
	var d []byte
	for i := 0; i < len(runs); {
		j := i
		for j+1 < len(runs) && runs[j+1].Start == runs[j].End+1 && b[runs[j].End] == ' ' {
			j++
		}
		chain := runs[i : j+1]
		i = j + 1
		d = d[:0]
		for _, r := range chain {
			if len(d)+r.End-r.Start > 11 {
				d = append(d[:0], '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0')
				break
			}
			d = append(d, b[r.Start:r.End]...)
		}
		s, e := chain[0].Start, chain[len(chain)-1].End
		if len(d) != 11 || !t.WordStart(s) || !t.WordEnd(e) || s > 0 && (b[s-1] == '+' || b[s-1] == '.' || b[s-1] == '/') {
			continue
		}
		if e+1 < len(b) && (b[e] == '.' || b[e] == ',' || b[e] == '/') && isDigit(b[e+1]) {
			continue
		}
		if !validTaxID(d) {
			continue
		}
		pos, neg := taxIDContext.Near(t, s, e)
		if neg && !pos {
			continue
		}
		score := 0.85
		if pos {
			score = 0.99
		}
		dst = append(dst, Finding{Type: "DE_TAX_ID", Start: s, End: e, Score: score})
	}
	return dst
}
