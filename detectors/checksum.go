package detectors

import "github.com/schleuse/schleuse/internal/checkdigit"

// Check-digit validators. Each takes the value's significant characters
// (digits, upper-case letters) without separators and never panics.

// ibanLengths is the ISO 13616 registry (checkdigit.IBANLengths, shared
// with providers): country code -> IBAN length.
var ibanLengths = checkdigit.IBANLengths

// validIBAN reports whether s (upper case, no separators) is an IBAN of the
// right length for its country with a valid ISO 7064 MOD 97-10 checksum.
func validIBAN(s []byte) bool {
	if len(s) < 15 || len(s) > 34 || !isUpper(s[0]) || !isUpper(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	if ibanLengths[string(s[:2])] != len(s) {
		return false
	}
	rem := 0
	add := func(c byte) bool {
		if !isDigit(c) && !isUpper(c) {
			return false
		}
		rem = checkdigit.Mod97(rem, c)
		return true
	}
	for _, c := range s[4:] {
		if !add(c) {
			return false
		}
	}
	for _, c := range s[:4] {
		if !add(c) {
			return false
		}
	}
	return rem == 1
}

// luhn reports whether the digit string d passes the Luhn check.
func luhn(d []byte) bool {
	if len(d) < 2 {
		return false
	}
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		c := d[i]
		if !isDigit(c) {
			return false
		}
		v := int(c - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

func allDigits(d []byte) bool {
	if len(d) == 0 {
		return false
	}
	for _, c := range d {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// validTaxID checks a Steuerliche Identifikationsnummer (checkdigit.TaxID:
// shared with providers, which reads words joined to one).
func validTaxID(d []byte) bool { return checkdigit.TaxID(d) }

// validVATDE checks the nine digits of a German USt-IdNr. (after "DE").
func validVATDE(d []byte) bool {
	if len(d) != 9 || !allDigits(d) || d[0] == '0' {
		return false
	}
	return checkdigit.Mod1110(d[:8]) == int(d[8]-'0')
}

// validRVNR checks a Rentenversicherungsnummer: 2 digits area, DDMMYY,
// initial letter, 2 digits serial, check digit (12 characters).
func validRVNR(s []byte) bool {
	if len(s) != 12 || !allDigits(s[:8]) || !isUpper(s[8]) || !allDigits(s[9:]) {
		return false
	}
	day := int(s[2]-'0')*10 + int(s[3]-'0')
	month := int(s[4]-'0')*10 + int(s[5]-'0')
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return false
	}
	letter := int(s[8]-'A') + 1
	digits := [12]int{
		int(s[0] - '0'), int(s[1] - '0'), int(s[2] - '0'), int(s[3] - '0'),
		int(s[4] - '0'), int(s[5] - '0'), int(s[6] - '0'), int(s[7] - '0'),
		letter / 10, letter % 10, int(s[9] - '0'), int(s[10] - '0'),
	}
	weights := [12]int{2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1}
	sum := 0
	for i, d := range digits {
		p := d * weights[i]
		sum += p/10 + p%10
	}
	return sum%10 == int(s[11]-'0')
}

// validKVNR checks a Krankenversichertennummer: upper-case letter, 8 digits,
// check digit (modified Luhn over the letter's two-digit number and 8 digits).
func validKVNR(s []byte) bool { return checkdigit.KVNR(s) }

// idValue is the 7-3-1 value of an ID document character (digits 0-9,
// letters 10-35, '<' 0), or -1.
func idValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case isUpper(c):
		return int(c-'A') + 10
	case c == '<':
		return 0
	}
	return -1
}

// check731 returns the ICAO 9303 7-3-1 check digit of s, or -1.
func check731(s []byte) int {
	w := [3]int{7, 3, 1}
	sum := 0
	for i, c := range s {
		v := idValue(c)
		if v < 0 {
			return -1
		}
		sum += v * w[i%3]
	}
	return sum % 10
}

// idAlphabet is the alphabet of German ID card and passport serial numbers
// since 2010: digits and consonants without B, D, Q, S.
func idAlphabet(c byte) bool {
	switch c {
	case 'C', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'T', 'V', 'W', 'X', 'Y', 'Z':
		return true
	}
	return isDigit(c)
}

// validIDSerial reports whether s is a 9-character serial as printed: the
// ID alphabet, the first character one of the serial letters.
func validIDSerial(s []byte) bool {
	if len(s) != 9 || !idFirstLetter(s[0]) {
		return false
	}
	for _, c := range s {
		if !idAlphabet(c) {
			return false
		}
	}
	return true
}

// idFirstLetter reports whether c can start a document serial: a letter of
// the ID alphabet (the Behördenkennzahl starts with a letter; passports use
// C F G H J K, ID cards L M N P R T V W X Y, and Z occurs in older series).
func idFirstLetter(c byte) bool {
	return c >= 'A' && c <= 'Z' && idAlphabet(c)
}

// validIDNumber checks a 10-character document number: serial + 7-3-1 digit.
func validIDNumber(s []byte) bool {
	if len(s) != 10 || !isDigit(s[9]) {
		return false
	}
	return validIDSerial(s[:9]) && check731(s[:9]) == int(s[9]-'0')
}
