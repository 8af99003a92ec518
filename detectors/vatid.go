package detectors

// vatIDDetector finds German USt-IdNr.: "DE" and nine digits (also grouped
// by spaces) with a valid ISO 7064 MOD 11,10 check digit.
type vatIDDetector struct{}

var _ Detector = vatIDDetector{}

func (vatIDDetector) Type() string       { return "DE_VAT_ID" }
func (vatIDDetector) Keywords() []string { return DigitKeywords }

func (vatIDDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	var buf []byte
	var pos []int
	for _, r := range t.DigitRuns() {
		s := r.Start - 2
		if s >= 1 && b[r.Start-1] == ' ' {
			s = r.Start - 3
		}
		if s < 0 || !(b[s] == 'D' || b[s] == 'd') || !(b[s+1] == 'E' || b[s+1] == 'e') || !t.WordStart(s) {
			continue
		}
		buf, _, pos = groups(b, s, 12, 1, " ", false, buf, pos)
		if len(buf) < 11 || string(buf[:2]) != "DE" || !allDigits(buf[2:11]) {
			continue
		}
		if len(buf) > 11 && pos[11] == pos[10]+1 {
			continue
		}
		e := pos[10] + 1
		if !t.WordEnd(e) || !validVATDE(buf[2:11]) {
			continue
		}
		dst = append(dst, Finding{Type: "DE_VAT_ID", Start: s, End: e, Score: 0.97})
	}
	return dst
}
