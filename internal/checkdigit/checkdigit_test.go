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
