package detectors

// taxNumberDetector finds Steuernummern in the Land formats with slashes
// (e.g. 21/815/08150, 181/815/08155, 93815/08152, 133/8150/8159,
// 22/815/0815/4) and, when a label word is near, the formats with spaces
// and the 13-digit ELSTER format.
type taxNumberDetector struct{}

var _ Detector = taxNumberDetector{}

func (taxNumberDetector) Type() string       { return "DE_TAX_NUMBER" }
func (taxNumberDetector) Keywords() []string { return DigitKeywords }

var taxNumberContext = Context{
	Before:   60,
	Positive: []string{"steuernummer", "steuer-nr", "steuernr", "st.-nr", "st.nr", "stnr", "st-nr", "str.-nr", "steuer nr", "finanzamt"},
	Negative: []string{"az", "aktenzeichen", "gz", "geschäftszeichen", "drucksache", "drs", "vorlage", "tel", "fax", "rechnung", "iban", "isbn", "§"},
}.Compile()

// Group lengths of the Land formats.
var slashFormats = [][]int{{2, 3, 5}, {3, 3, 5}, {3, 4, 4}, {5, 5}, {2, 3, 4, 1}}
var spaceFormats = [][]int{{2, 3, 5}, {3, 3, 5}}

// labelledSlashFormats count only after a tax number label.
var labelledSlashFormats = [][]int{{4, 3, 5}, {4, 4, 4}}

func (taxNumberDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	runs := t.DigitRuns()
	for i := 0; i < len(runs); {
		// Chain joined by single '/' or single ' '.
		j := i
		sep := byte(0)
		for j+1 < len(runs) && runs[j+1].Start == runs[j].End+1 {
			c := b[runs[j].End]
			if c != '/' && c != ' ' || sep != 0 && c != sep {
				break
			}
			sep = c
			j++
		}
		chain := runs[i : j+1]
		i = j + 1
		s, e := chain[0].Start, chain[len(chain)-1].End
		if !t.WordStart(s) || !t.WordEnd(e) || s > 0 && (b[s-1] == '/' || b[s-1] == '.' || b[s-1] == '-') ||
			e < len(b) && (b[e] == '/' || b[e] == '-' || b[e] == '.' && e+1 < len(b) && isDigit(b[e+1])) {
			continue
		}
		lens := make([]int, len(chain))
		for k, r := range chain {
			lens[k] = r.End - r.Start
		}
		// the context words only where a format matches: most chains are
		// phone numbers, amounts, house numbers
		slash, space := sep == '/' && (matchesFormat(lens, slashFormats) || matchesFormat(lens, labelledSlashFormats)),
			sep == ' ' && matchesFormat(lens, spaceFormats)
		if !slash && !space && !(sep == 0 && (lens[0] == 13 && b[s+4] == '0' || lens[0] == 10 || lens[0] == 11)) {
			continue
		}
		pos, neg := taxNumberContext.Near(t, s, e)
		var score float64
		switch {
		case sep == '/' && matchesFormat(lens, slashFormats):
			if neg && !pos {
				continue
			}
			score = 0.6
			if pos {
				score = 0.95
			}
		case sep == '/' && matchesFormat(lens, labelledSlashFormats) && pos && !neg:
			// the twelve-digit ELSTER form with the Land digit in front
			// ("5127/014/35218"): only where a label names it
			score = 0.9
		case sep == ' ' && matchesFormat(lens, spaceFormats) && pos:
			score = 0.9
		case sep == 0 && (lens[0] == 13 && b[s+4] == '0' || lens[0] == 10 || lens[0] == 11) && pos:
			score = 0.9
		default:
			continue
		}
		dst = append(dst, Finding{Type: "DE_TAX_NUMBER", Start: s, End: e, Score: score})
	}
	return dst
}

func matchesFormat(lens []int, formats [][]int) bool {
	for _, f := range formats {
		if len(f) != len(lens) {
			continue
		}
		ok := true
		for k := range f {
			if f[k] != lens[k] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
