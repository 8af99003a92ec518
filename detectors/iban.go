package detectors

import "bytes"

// ibanDetector finds IBANs of every ISO 13616 country: grouped or not (by
// blanks, hyphens or dots, in any grouping, the country code apart or not),
// lower case, broken over a line. Length and mod-97 checksum must hold. A
// German account number given with its Bankleitzahl is one too: the pair is
// the IBAN in its older form (DE, check digits, BLZ, account), which a model
// writes out at once (legacyAccounts).
type ibanDetector struct{}

var _ Detector = ibanDetector{}

func (ibanDetector) Type() string       { return "IBAN" }
func (ibanDetector) Keywords() []string { return ibanKeywords }

// ibanKeywords are the digits and the Bankleitzahl's labels (legacyAccounts).
var ibanKeywords = append(append([]string{}, DigitKeywords...), blzLabels[:]...)

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
	return legacyAccounts(t, dst)
}

// blzLabels name a Bankleitzahl; accountLabels an account number.
var (
	blzLabels     = [...]string{"blz", "bankleitzahl"}
	accountLabels = [...]string{"konto", "kto"}
)

// legacyAccounts reports the account number of a German bank account given
// with its Bankleitzahl ("Konto 0532013000 bei der BLZ 370 400 44", "BLZ
// 37040044, Kto.-Nr. 532013000"): a label of each, the BLZ's eight digits
// (the first 1–8) and the account's one to ten, within 100 bytes of each
// other. The account number is the person's (the BLZ names the bank), so
// the finding is its span. Either alone is none: a bank's code, or a
// number called an account.
func legacyAccounts(t *Text, dst []Finding) []Finding {
	b, low := t.Raw, t.Lower()
	for i, hits := range t.listHitsAt(blzLabelsSlot, blzLabels[:]) {
		kw := blzLabels[i]
		done := 0 // the text up to here was searched for account labels (a Bankleitzahl before)
		for _, h := range hits {
			if !isWordStartAt(b, h) || h+len(kw) < len(b) && isLetter(b[h+len(kw)]) {
				continue
			}
			bs, be, ok := digitsAfterLabel(b, h+len(kw), 8, 8)
			if !ok || b[bs] == '0' || b[bs] == '9' {
				continue
			}
			lo, hi := max(done, h-100), min(len(b), be+100)
			done = max(done, hi)
			for _, al := range accountLabels {
				for k := lo; k < hi; {
					i := bytes.Index(low[k:hi], []byte(al))
					if i < 0 {
						break
					}
					i += k
					k = i + len(al)
					if !isWordStartAt(b, i) {
						continue
					}
					e := k // then "nummer", "nr", "-Nr.", ".-Nr." or nothing
					if e < len(b) && b[e] == '.' {
						e++
					}
					if e < len(b) && b[e] == '-' {
						e++
					}
					if hasPrefixAt(low, e, "nummer") {
						e += len("nummer")
					} else if hasPrefixAt(low, e, "nr") {
						e += len("nr")
					}
					if e < len(b) && isLetter(b[e]) {
						continue // another word: "Kontoauszug", "Kontoinhaber"
					}
					as, ae, ok := digitsAfterLabel(b, e, 1, 10)
					if !ok || as >= bs && as < be || covered(dst, as) {
						continue
					}
					dst = append(dst, Finding{Type: "IBAN", Start: as, End: ae, Score: 0.9})
				}
			}
		}
	}
	return dst
}

// digitsAfterLabel reads, after a label ending at i, up to four blanks,
// ':' or '.', then lo to hi digits in groups split by single blanks ("370
// 400 44"), followed by no further digit or letter; it returns their span.
func digitsAfterLabel(b []byte, i, lo, hi int) (s, e int, ok bool) {
	for st := i; i < len(b) && i-st < 4 && (b[i] == ' ' || b[i] == ':' || b[i] == '.'); {
		i++
	}
	s, e = i, i
	n := 0
	for e < len(b) {
		switch {
		case isDigit(b[e]):
			n++
			e++
			continue
		case b[e] == ' ' && n > 0 && n < hi && e+1 < len(b) && isDigit(b[e+1]):
			e++
			continue
		}
		break
	}
	if n < lo || n > hi || e < len(b) && (isLetter(b[e]) || isDigit(b[e])) {
		return 0, 0, false
	}
	return s, e, true
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

// blzLabelsSlot is legacyAccounts' list slot (Text.listHitsAt).
var blzLabelsSlot = newListSlot()
