package detectors

// ibanDetector finds IBANs of every ISO 13616 country: grouped or not (by
// blanks, hyphens or dots, in any grouping, the country code apart or not),
// lower case, broken over a line. Length and mod-97 checksum must hold.
type ibanDetector struct{}

var _ Detector = ibanDetector{}

func (ibanDetector) Type() string       { return "IBAN" }
func (ibanDetector) Keywords() []string { return DigitKeywords }

func (ibanDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	var buf []byte
	var pos []int
	next := 0
	for _, r := range t.DigitRuns() {
		s := r.Start - 2
		if s >= 1 && b[s+1] == ' ' && isLetter(b[s-1]) && isLetter(b[s]) {
			s-- // the country code apart from the check digits: "DE 89 3704 …"
		}
		if s < next || s < 0 || !isLetter(b[s]) || !isLetter(b[s+1]) || !t.WordStart(s) {
			continue
		}
		if r.End-r.Start < 2 && !(r.End+1 < len(b) && isDigit(b[r.End+1])) {
			continue
		}
		cc := string([]byte{lowerToUpper(b[s]), lowerToUpper(b[s+1])})
		n := ibanLengths[cc]
		if n == 0 {
			continue
		}
		buf, _, pos = groups(b, s, n+1, 3, " \t-.", true, buf, pos)
		if len(buf) < n {
			continue
		}
		if len(buf) > n && pos[n] == pos[n-1]+1 {
			continue // runs on without a separator: not this IBAN
		}
		if !validIBAN(buf[:n]) {
			continue
		}
		end := pos[n-1] + 1
		if uuidHead(b, s) {
			continue // "ee14d23d-3620-6dc6-b320-…": a UUID's groups pass the check one time in 97
		}
		dst = append(dst, Finding{Type: "IBAN", Start: s, End: end, Score: 0.99})
		next = end
	}
	return dst
}

// uuidHead reports eight hex digits and a hyphen at s, then four hex digits
// and a hyphen: the start of a UUID ("ee14d23d-3620-…"), which no IBAN
// grouping has.
func uuidHead(b []byte, s int) bool {
	if s+14 > len(b) || b[s+8] != '-' || b[s+13] != '-' {
		return false
	}
	for i := s; i < s+13; i++ {
		if i != s+8 && !isHex(b[i]) {
			return false
		}
	}
	return true
}
