// Package checkdigit holds the check-digit rules that more than one leaf
// needs: detectors finds the identifiers, providers reads the text in
// disguise beside them (words joined to a Steuer-ID under an id key). The
// leaves do not import each other; both import this, which imports
// nothing of ours. Safe for concurrent use (pure functions).
package checkdigit

// Mod1110 returns the ISO 7064 MOD 11,10 check digit over the ASCII
// digits d.
func Mod1110(d []byte) int {
	product := 10
	for _, c := range d {
		sum := (int(c-'0') + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = (sum * 2) % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return check
}

// TaxID reports whether d is a Steuerliche Identifikationsnummer: 11
// digits, the first not 0, in the first ten exactly one digit twice or
// three times (three times never in a row) and the others at most once,
// and the MOD 11,10 check digit.
func TaxID(d []byte) bool {
	if len(d) != 11 || d[0] == '0' {
		return false
	}
	var count [10]int
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	for _, c := range d[:10] {
		count[c-'0']++
	}
	multi := 0
	for _, n := range count {
		switch {
		case n == 2 || n == 3:
			multi++
		case n > 3:
			return false
		}
	}
	if multi != 1 {
		return false
	}
	for i := 0; i+2 < 10; i++ {
		if d[i] == d[i+1] && d[i+1] == d[i+2] {
			return false
		}
	}
	return Mod1110(d[:10]) == int(d[10]-'0')
}
