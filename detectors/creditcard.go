package detectors

// creditCardDetector finds payment card numbers: 12-19 digits, contiguous or
// in the groups cards are printed in (cardGroups) separated by one space or
// hyphen, with a known IIN and a valid Luhn check digit.
type creditCardDetector struct{}

var _ Detector = creditCardDetector{}

func (creditCardDetector) Type() string       { return "CREDIT_CARD" }
func (creditCardDetector) Keywords() []string { return DigitKeywords }

var cardContext = Context{Positive: []string{"karte", "card", "visa", "master", "amex", "american express", "kk-nr", "kreditkarte"}}.Compile()

// cardRunContext decides about a card number written without separators,
// which ids of every kind share: a card word, a payment key (pan=) or a
// verification code or expiry beside it makes it one, an id's label (Bestellnummer, order_id, Transaktions-ID,
// Sendungsnummer) another number.
var cardRunContext = Context{Positive: []string{"karte", "card", "visa", "master", "amex", "american express", "kk-nr",
	"pan", "maestro", "girocard", "diners", "discover", "jcb", "unionpay", "zahlungsmittel", "payment",
	// a card's verification code and expiry beside it ("6011… exp 12/28 cvv 123", {"number": …, "cvc": …})
	"cvc", "cvv", "cvn", "csc", "prüfnummer", "prüfziffer", "exp", "expiry", "ablauf", "gültig bis", "valid thru", "valid until"},
	Negative: []string{"bestell", "order", "rechnung", "invoice", "auftrag", "transaktion", "transaction", "sendung", "tracking",
		"kunden", "customer", "vorgang", "ticket", "id:", "id=", "_id", "-id", "uuid", "hash", "seriennummer", "serial", "imei", "iccid"}}.Compile()

// majorBrand reports the prefixes of the brands most cards in Germany carry:
// Visa (4), Mastercard (51–55, 2221–2720) and American Express (34, 37).
func majorBrand(d []byte) bool {
	if d[0] == '4' {
		return true
	}
	p2 := int(d[0]-'0')*10 + int(d[1]-'0')
	p4 := p2*100 + int(d[2]-'0')*10 + int(d[3]-'0')
	return p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720 || p2 == 34 || p2 == 37
}

// cardIIN reports whether the digits d start with a known issuer prefix
// allowed for their length.
func cardIIN(d []byte) bool {
	n := len(d)
	if n < 12 || n > 19 {
		return false
	}
	v := func(k int) int {
		x := 0
		for _, c := range d[:k] {
			x = x*10 + int(c-'0')
		}
		return x
	}
	p2, p3, p4 := v(2), v(3), v(4)
	switch {
	case d[0] == '4':
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return n == 16
	case p2 == 34 || p2 == 37:
		return n == 15
	case p4 == 6011 || p3 >= 644 && p3 <= 649 || p2 == 65:
		return n >= 16
	case p4 >= 3528 && p4 <= 3589:
		return n >= 16
	case p3 >= 300 && p3 <= 305 || p2 == 36 || p2 == 38 || p2 == 39:
		return n >= 14
	case p2 == 62:
		return n >= 16
	case p2 == 50 || p2 >= 56 && p2 <= 69:
		return n >= 12
	}
	return false
}

// cardGroups reports whether the digit runs of chain are grouped as card
// numbers are printed and typed: one run without separators, groups of four
// with a shorter last group (4-4-4-4, 4-4-4-4-3, 4-4-4-1) or the 4-6-5 of
// American Express and 4-6-4 of Diners Club. A Luhn-valid Vorgangsnummer
// such as 4711-026-118834 is none of them.
func cardGroups(chain []Span) bool {
	if len(chain) == 1 {
		return true
	}
	n := func(i int) int { return chain[i].End - chain[i].Start }
	if len(chain) == 3 && n(0) == 4 && n(1) == 6 && (n(2) == 5 || n(2) == 4) {
		return true
	}
	last := len(chain) - 1
	for i := range last {
		if n(i) != 4 {
			return false
		}
	}
	return n(last) <= 4
}

func (creditCardDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	runs := t.DigitRuns()
	var digits []byte
	for i := 0; i < len(runs); {
		// Chain of runs joined by exactly one ' ' or '-'.
		j := i
		for j+1 < len(runs) && runs[j+1].Start == runs[j].End+1 && (b[runs[j].End] == ' ' || b[runs[j].End] == '-') {
			j++
		}
		chain := runs[i : j+1]
		i = j + 1
		s := chain[0].Start
		if !t.WordStart(s) || s > 0 && (b[s-1] == '+' || b[s-1] == '.' || b[s-1] == ',' || b[s-1] == '/') {
			continue
		}
		// Only a prefix of at most 19 digits can be a card number (a table of
		// numbers separated by spaces is one long chain: look no further).
		n, most := 0, 0
		for most < len(chain) {
			n += chain[most].End - chain[most].Start
			if n > 19 {
				break
			}
			most++
		}
		// Longest prefix of whole groups that is a valid card number.
		for k := most; k >= 1; k-- {
			digits = digits[:0]
			for _, r := range chain[:k] {
				digits = append(digits, b[r.Start:r.End]...)
			}
			if len(digits) < 12 {
				continue
			}
			e := chain[k-1].End
			if !t.WordEnd(e) || e+1 < len(b) && (b[e] == '.' || b[e] == ',') && isDigit(b[e+1]) {
				continue
			}
			if !cardGroups(chain[:k]) || !cardIIN(digits) || !luhn(digits) {
				continue
			}
			if k == 1 {
				// one run of digits: an id of some kind as often as a card
				// (Luhn passes one in ten): another brand needs a card word, any brand
				// loses to an id's label without one
				if pos, neg := cardRunContext.Near(t, s, e); !pos && (neg || !majorBrand(digits)) {
					break
				}
			}
			dst = append(dst, Finding{Type: "CREDIT_CARD", Start: s, End: e, Score: cardContext.Score(t, s, e, 0.9)})
			break
		}
	}
	return dst
}
