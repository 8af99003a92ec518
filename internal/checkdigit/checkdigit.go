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

// KVNR reports whether s is a Krankenversichertennummer: a capital and nine
// digits, the last the check digit over the capital's number (01–26) and
// the first eight digits, weighted 1, 2, 1, 2 … with the digit sums of the
// products added (the GKV's rule).
func KVNR[T string | []byte](s T) bool {
	if len(s) != 10 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < 10; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	letter := int(s[0]-'A') + 1
	digits := [10]int{letter / 10, letter % 10}
	for i := 1; i < 9; i++ {
		digits[i+1] = int(s[i] - '0')
	}
	sum := 0
	for i, d := range digits {
		if i%2 == 1 {
			d *= 2
		}
		sum += d/10 + d%10
	}
	return sum%10 == int(s[9]-'0')
}

// Mod97 adds c, an ASCII digit or letter (A and a are 10 … Z and z 35), to
// rem, the ISO 7064 MOD 97-10 remainder of an IBAN's characters before it;
// the caller has checked that c is one.
func Mod97(rem int, c byte) int {
	if c >= '0' && c <= '9' {
		return (rem*10 + int(c-'0')) % 97
	}
	return (rem*100 + int(c|0x20-'a') + 10) % 97
}

// IBANHead returns the length of the IBAN whose first four characters
// are s[g:g+4], a country's two letters in one case (lower reports small
// ones) and two digits; 0 when they are none or name no country of the
// registry (IBANLengths).
func IBANHead(s string, g int) (n int, lower bool) {
	if g < 0 || g+4 > len(s) || s[g+2] < '0' || s[g+2] > '9' || s[g+3] < '0' || s[g+3] > '9' {
		return 0, false
	}
	lower = s[g] >= 'a'
	if s[g+1] >= 'a' != lower {
		return 0, false
	}
	// Masking 0x20 maps a small letter to its capital; anything else but a
	// capital names no country.
	return IBANLengths[string([]byte{s[g] &^ 0x20, s[g+1] &^ 0x20})], lower
}

// IBANCheck finishes an IBAN's MOD 97-10 check: rem is the remainder
// (Mod97) of its characters after the first four, head those four (the
// country and the check digits).
func IBANCheck(head string, rem int) bool {
	for i := range 4 {
		rem = Mod97(rem, head[i])
	}
	return rem == 1
}

// IBANLengths is the ISO 13616 registry: a country's code and the length of
// its IBANs. Read only (shared by every caller).
var IBANLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
	"PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
	"YE": 30,
}
