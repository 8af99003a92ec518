package detectors

// healthInsuranceDetector finds Krankenversichertennummern: an upper-case
// letter and nine digits, the last a check digit (modified Luhn over the
// letter's two-digit number and the first eight digits).
type healthInsuranceDetector struct{}

var _ Detector = healthInsuranceDetector{}

func (healthInsuranceDetector) Type() string       { return "DE_HEALTH_INSURANCE" }
func (healthInsuranceDetector) Keywords() []string { return DigitKeywords }

var kvnrContext = Context{Before: 60, Positive: []string{"krankenversicher", "versichertennummer", "versicherten-nr", "kvnr", "kv-nr", "krankenkasse", "egk", "gesundheitskarte", "versichertennr", "aok", "tk ", "barmer", "dak", "ikk", "bkk"}}.Compile()

func (healthInsuranceDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	var v [10]byte
	for _, r := range t.DigitRuns() {
		if r.End-r.Start != 9 {
			continue
		}
		s := r.Start - 1
		if s >= 1 && b[s] == ' ' {
			s-- // "A 123456789"
		}
		if s < 0 || !isUpper(b[s]) || !t.WordStart(s) || !t.WordEnd(r.End) {
			continue
		}
		v[0] = b[s]
		copy(v[1:], b[r.Start:r.End])
		if !validKVNR(v[:]) {
			continue
		}
		dst = append(dst, Finding{Type: "DE_HEALTH_INSURANCE", Start: s, End: r.End, Score: kvnrContext.Score(t, s, r.End, 0.85)})
	}
	return dst
}
