package checkdigit

import "testing"

func TestTaxID(t *testing.T) {
	for d, want := range map[string]bool{
		"86095742719": true,  // the BZSt's example
		"47036892816": true,  // one digit three times, not in a row
		"86095742718": false, // check digit
		"06095742719": false, // leading zero
		"11195742719": false, // three in a row
		"12345678903": false, // no digit twice
		"8609574271":  false, // ten digits
		"860957427a9": false,
		"":            false,
	} {
		if got := TaxID([]byte(d)); got != want {
			t.Errorf("TaxID(%q) = %v, want %v", d, got, want)
		}
	}
}

func TestKVNR(t *testing.T) {
	for s, want := range map[string]bool{
		"A123456780": true,
		"A123456781": false, // check digit
		"a123456780": false, // a capital
		"A12345678":  false,
		"A12345678X": false,
		"":           false,
	} {
		if KVNR(s) != want || KVNR([]byte(s)) != want {
			t.Errorf("KVNR(%q) = %v, want %v", s, !want, want)
		}
	}
}

func FuzzTaxID(f *testing.F) {
	for _, s := range []string{"86095742719", "47036892816", "86095742718", "11195742719", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, d []byte) {
		if TaxID(d) && (len(d) != 11 || Mod1110(d[:10]) != int(d[10]-'0')) {
			t.Fatalf("TaxID(%q) accepted a wrong length or check digit", d)
		}
	})
}

// TestIBANCheck: Mod97 over an IBAN's characters after the first four, in
// either case, and IBANCheck with those four, hold for a valid IBAN only.
func TestIBANCheck(t *testing.T) {
	for _, c := range []struct {
		iban string
		want bool
	}{
		{"DE89370400440532013000", true},
		{"de89370400440532013000", true},
		{"GB82WEST12345698765432", true},
		{"gb82west12345698765432", true},
		{"DE89370400440532013001", false},
		{"DE88370400440532013000", false},
		{"GB82WEST12345698765433", false},
	} {
		rem := 0
		for i := 4; i < len(c.iban); i++ {
			rem = Mod97(rem, c.iban[i])
		}
		if got := IBANCheck(c.iban[:4], rem); got != c.want {
			t.Errorf("IBANCheck(%s) = %v, want %v", c.iban, got, c.want)
		}
	}
}

// TestIBANHead: a country's two letters in one case and two digits start
// an IBAN of the registry's length; anything else none.
func TestIBANHead(t *testing.T) {
	for _, c := range []struct {
		s     string
		n     int
		lower bool
	}{
		{"DE89", 22, false}, {"de89", 22, true}, {"GB82WEST", 22, false}, {"xDE89", 0, false},
		{"De89", 0, false}, {"DEx9", 0, false}, {"ZZ89", 0, false}, {"D", 0, false}, {"\xc4E89", 0, false}, {"@E89", 0, false},
	} {
		if n, lower := IBANHead(c.s, 0); n != c.n || n != 0 && lower != c.lower {
			t.Errorf("IBANHead(%q) = %d, %v; want %d, %v", c.s, n, lower, c.n, c.lower)
		}
	}
}
