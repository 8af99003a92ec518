package detectors

// socialSecurityDetector finds Rentenversicherungsnummern (also called
// Sozialversicherungsnummer): area (2 digits), birth date DDMMYY, the
// initial of the birth name, serial (2 digits) and a check digit, written
// contiguously or in the printed groups "65 170839 J 003".
type socialSecurityDetector struct{}

var _ Detector = socialSecurityDetector{}

func (socialSecurityDetector) Type() string       { return "DE_SOCIAL_SECURITY" }
func (socialSecurityDetector) Keywords() []string { return DigitKeywords }

var rvnrContext = Context{Before: 60, Positive: []string{"sozialversicherung", "rentenversicherung", "rvnr", "svnr", "sv-nr", "rv-nr", "versicherungsnummer", "vers.-nr", "vsnr"}}.Compile()

func (socialSecurityDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	var buf []byte
	var pos []int
	next := 0
	for _, r := range t.DigitRuns() {
		// the number starts with the area's two digits, then a separator,
		// or with the eight digits of area and birth date, then a
		// separator or the letter (rvnrGrouping, validRVNR): a run of any
		// other length starts none
		s := r.Start
		if s < next || r.End-s != 2 && r.End-s != 8 || !t.WordStart(s) {
			continue
		}
		buf, _, pos = groups(b, s, 13, 1, " ", false, buf, pos)
		if len(buf) < 12 {
			continue
		}
		if len(buf) > 12 && pos[12] == pos[11]+1 {
			continue
		}
		if !rvnrGrouping(pos[:12]) || !validRVNR(buf[:12]) {
			continue
		}
		e := pos[11] + 1
		if !t.WordEnd(e) {
			continue
		}
		dst = append(dst, Finding{Type: "DE_SOCIAL_SECURITY", Start: s, End: e, Score: rvnrContext.Score(t, s, e, 0.9)})
		next = e
	}
	return dst
}

// rvnrGrouping allows separators only where the printed form has them:
// after the area, after the birth date and after the letter.
func rvnrGrouping(pos []int) bool {
	for k := 1; k < len(pos); k++ {
		if pos[k] != pos[k-1]+1 && k != 2 && k != 8 && k != 9 {
			return false
		}
	}
	return true
}
