package detectors

// idCardDetector finds Personalausweis and Reisepass numbers: ten characters
// with a valid 7-3-1 check digit (also inside MRZ lines), or the nine
// characters as printed when a label word says it is a document number.
type idCardDetector struct{}

var _ Detector = idCardDetector{}

func (idCardDetector) Type() string       { return "DE_ID_CARD" }
func (idCardDetector) Keywords() []string { return DigitKeywords }

var idContext = Context{Before: 60, After: 10, Positive: []string{"ausweis", "reisepass", "pass-nr", "passnr", "passnummer", "pass nr",
	"dokumentennummer", "dokumentnummer", "document no", "document number", "seriennummer", "personalausweis", "pa-nr", "idd<<", "p<d<<"}}.Compile()

func (idCardDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	next := 0
	for _, r := range t.DigitRuns() {
		if r.Start < next {
			continue
		}
		// Expand to the surrounding token of upper-case letters and digits.
		s, e := r.Start, r.End
		for s > 0 && (isUpper(b[s-1]) || isDigit(b[s-1])) {
			s--
		}
		for e < len(b) && (isUpper(b[e]) || isDigit(b[e])) {
			e++
		}
		next = e
		if e-s > 12 || !t.WordStart(s) || e < len(b) && IsWordByte(b[e]) {
			continue
		}
		tok := b[s:e]
		mrz := e < len(b) && b[e] == '<'
		// TD3 passport line 2: number, check digit, then nationality "D<<".
		if len(tok) == 11 && tok[10] == 'D' && mrz {
			tok = tok[:10]
			e = s + 10
		}
		switch len(tok) {
		case 10:
			if validIDNumber(tok) {
				pos, _ := idContext.Near(t, s, e)
				if kvnrLike(tok) && !pos && !mrz {
					continue
				}
				dst = append(dst, Finding{Type: "DE_ID_CARD", Start: s, End: e, Score: idContext.Score(t, s, e, 0.9)})
			} else if allDigits(tok) && check731(tok[:9]) == int(tok[9]-'0') {
				// Old Personalausweis (before 2010): ten digits, only with context.
				if pos, _ := idContext.Near(t, s, e); pos || mrz {
					dst = append(dst, Finding{Type: "DE_ID_CARD", Start: s, End: e, Score: 0.8})
				}
			}
		case 9:
			if validIDSerial(tok) && !kvnrLike(tok) {
				if pos, _ := idContext.Near(t, s, e); pos {
					dst = append(dst, Finding{Type: "DE_ID_CARD", Start: s, End: e, Score: 0.85})
				}
			}
		}
	}
	return dst
}

// kvnrLike reports whether tok is one letter followed only by digits (the
// shape of a Krankenversichertennummer).
func kvnrLike(tok []byte) bool {
	return len(tok) == 10 && isUpper(tok[0]) && allDigits(tok[1:])
}
