package detectors

// spokenDate reads a date spoken in words at low[i:], after a birth label
// and an optional "am" or "den": a day ordinal, the month by name or as an
// ordinal and the year as one word ("neunzehnten april
// neunzehnhundertneunundachtzig", "zweiten November
// zweitausendsechsundzwanzig"), or day and month digit by digit before the
// year ("null vier null acht neunzehnhundertneunundneunzig"). The year lies
// between 1900 and 2099; it returns the date's span.
func spokenDate(low []byte, i int) (int, int, bool) {
	i = skipBlank(low, i)
	for _, w := range [...]string{"am ", "den "} {
		if hasPrefixAt(low, i, w) {
			i += len(w)
			break
		}
	}
	e, ok := spokenWordAt(low, i)
	if !ok {
		return 0, 0, false
	}
	k := e
	if _, ok := spokenOrdinals[string(low[i:e])]; ok {
		// the month: "april", "vierten"
		if k+1 >= len(low) || low[k] != ' ' {
			return 0, 0, false
		}
		me, ok := spokenWordAt(low, k+1)
		if !ok {
			return 0, 0, false
		}
		m, isMonth := spokenMonths[string(low[k+1:me])]
		if !isMonth {
			m = spokenOrdinals[string(low[k+1:me])]
		}
		if m < 1 || m > 12 {
			return 0, 0, false
		}
		k = me
	} else {
		// day and month digit by digit: "null vier null acht"
		de, d, ok := spokenDigitsAt(low, i, 2)
		if !ok || d < 1 || d > 31 || de+1 >= len(low) || low[de] != ' ' {
			return 0, 0, false
		}
		me, m, ok := spokenDigitsAt(low, de+1, 2)
		if !ok || m < 1 || m > 12 {
			return 0, 0, false
		}
		k = me
	}
	if k+1 >= len(low) || low[k] != ' ' {
		return 0, 0, false
	}
	ye, y, _, ok := spokenNumberAt(low, k+1)
	if !ok || y < 1900 || y > 2099 {
		return 0, 0, false
	}
	return i, ye, true
}
