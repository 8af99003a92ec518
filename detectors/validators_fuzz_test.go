package detectors

import (
	"math/big"
	"strings"
	"testing"
	"unicode/utf8"
)

// refLuhn is the textbook Luhn check, the reference for luhn (which, like
// every card number, needs at least two digits).
func refLuhn(d []byte) bool {
	if len(d) < 2 {
		return false
	}
	sum := 0
	for i := 0; i < len(d); i++ {
		c := d[len(d)-1-i]
		if c < '0' || c > '9' {
			return false
		}
		n := int(c - '0')
		if i%2 == 1 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

// refMod97 is ISO 13616's check with math/big: move the first four
// characters to the end, letters to 10..35, the number mod 97 must be 1.
func refMod97(s string) bool {
	s = strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(s) < 5 {
		return false
	}
	s = s[4:] + s[:4]
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteString(big.NewInt(int64(r - 'A' + 10)).String())
		default:
			return false
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

// refTaxIDCheck is ISO 7064 MOD 11,10 over the first ten digits.
func refTaxIDCheck(d []byte) bool {
	if len(d) != 11 {
		return false
	}
	p := 10
	for _, c := range d[:10] {
		s := (int(c-'0') + p) % 10
		if s == 0 {
			s = 10
		}
		p = (2 * s) % 11
	}
	check := 11 - p
	if check == 10 {
		check = 0
	}
	return int(d[10]-'0') == check
}

// FuzzValidators runs every validator on arbitrary input: no panic, and
// each accepted value passes an independent reference of its check digit.
func FuzzValidators(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "de89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
		"4111111111111111", "79927398713", "86095742719", "DE136695976", "65170839J003", "A123456780",
		"T220001293", "C01X00T478", "", "0", "DE00", "ZZZZZZZZZZ", "\xff\xfe"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if luhn(b) != refLuhn(b) {
			t.Fatalf("luhn(%q) = %v, reference %v", b, luhn(b), refLuhn(b))
		}
		if validIBAN(b) && !refMod97(string(b)) {
			t.Fatalf("validIBAN accepted %q, which fails mod 97", b)
		}
		if validTaxID(b) && (!allDigits(b) || !refTaxIDCheck(b)) {
			t.Fatalf("validTaxID accepted %q with a wrong check digit", b)
		}
		validVATDE(b)
		validRVNR(b)
		validKVNR(b)
		validIDSerial(b)
		validIDNumber(b)
	})
}

// FuzzEngine runs the whole engine and redaction on arbitrary input: no
// panic, findings sorted, disjoint, on rune boundaries, and Redact replaces
// exactly the spans.
func FuzzEngine(f *testing.F) {
	for _, s := range []string{
		"Herr Mehmet Yılmaz, IBAN DE89 3704 0044 0532 0130 00, Tel. 0228 123456, geb. 03.04.1979",
		"Steuer-ID 86095742719, Az. 2 K 1234/25, VS-NfD, Diagnose F32.1, mail a.b@example.de",
		"Passwort: Sommer2024!", "", "\x00\xff", strings.Repeat("1", 300),
	} {
		f.Add(s)
	}
	eng := Default()
	f.Fuzz(func(t *testing.T, s string) {
		text := []byte(s)
		fs := eng.Scan(text)
		prev := 0
		for _, fd := range fs {
			if fd.Start < prev || fd.End <= fd.Start || fd.End > len(text) {
				t.Fatalf("bad span %+v (prev end %d, len %d)", fd, prev, len(text))
			}
			if utf8.Valid(text) && (!utf8.RuneStart(text[fd.Start]) || fd.End < len(text) && !utf8.RuneStart(text[fd.End])) {
				t.Fatalf("span %+v splits a rune", fd)
			}
			prev = fd.End
		}
		red := Redact(text, fs, func(i int, f Finding) string { return "<" + f.Type + ">" })
		var want strings.Builder
		at := 0
		for _, fd := range fs {
			want.Write(text[at:fd.Start])
			want.WriteString("<" + fd.Type + ">")
			at = fd.End
		}
		want.Write(text[at:])
		if string(red) != want.String() {
			t.Fatalf("Redact = %q, want %q", red, want.String())
		}
	})
}
