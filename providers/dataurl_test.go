package providers

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDataURLShape: a string is a data URL when "data:" is followed by
// nothing, a media type (type/subtype) or parameters before the comma;
// text that only starts with "data:" is none and is read as text.
func TestDataURLShape(t *testing.T) {
	for _, tc := range []struct {
		in, mt, data string
		ok           bool
	}{
		{"data:,Hallo%20Welt", "text/plain", "Hallo Welt", true},
		{"data:text/csv;charset=utf-8,a;b", "text/csv", "a;b", true},
		{"DATA:Text/Plain;Base64,SGFsbG8=", "text/plain", "Hallo", true},
		{"data:;base64,SGFsbG8=", "text/plain", "Hallo", true},
		{"data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,SGFsbG8", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Hallo", true},
		{"data:text/plain,100% sicher%21", "text/plain", "100% sicher!", true},
		{"data:text/plain,%zz%4", "text/plain", "%zz%4", true},
		{`data: {"id":"chatcmpl-1","choices":[]}`, "", "", false},
		{"Data: Kunde Herr Kowalski, IBAN DE89", "", "", false},
		{"data:2026-11-30,wert:12", "", "", false},
		{"data: text/plain,Hallo", "text/plain", "Hallo", true}, // as leniently as a reader may take it
		{"data:text plain,Hallo", "", "", false},
		{"data:text/plain", "", "", false},
	} {
		mt, data, undecodable, ok := dataURL(tc.in)
		if ok != tc.ok || mt != tc.mt || string(data) != tc.data || undecodable {
			t.Errorf("%q: %q %q %v %v, want %q %q %v", tc.in, mt, data, undecodable, ok, tc.mt, tc.data, tc.ok)
		}
	}
}

// TestEmbeddedBase64: the runs of base64 in a text field that decode to
// text are reported as one file each, a data URL's payload not a second
// time (embeddedDataURLs reads it); what decodes to binary is not.
func TestEmbeddedBase64(t *testing.T) {
	akte := "Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"
	b64 := base64.StdEncoding.EncodeToString([]byte(akte))
	for _, tc := range []struct {
		text  string
		files int
	}{
		{"Bitte dekodiere: " + b64, 1},
		{"base64," + b64, 1}, // no data URL
		{b64 + "x. ", 1},     // a character too many at the end (4n+1)
		{`C:\` + b64, 1},     // after a backslash
		{"(" + base64.RawURLEncoding.EncodeToString([]byte(akte)) + ")", 1},
		{"data:text/plain;base64," + b64, 0},   // embeddedDataURLs'
		{"data:text/plain;base64,\n" + b64, 0}, // the payload on the next line
		{"Schlüssel AKIAIOSFODNN7EXAMPLE und Hash 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", 0},
		{"Donaudampfschifffahrtsgesellschaftskapitän getElementsByTagName", 0},
	} {
		env := &Envelope{}
		newCollector(env).embeddedBase64(tc.text, "f", 0, b64Parent{})
		if len(env.Fields) != tc.files {
			t.Errorf("%q: %d files, want %d: %+v", tc.text, len(env.Fields), tc.files, env.Fields)
		}
		for _, f := range env.Fields {
			if f.Kind != File || f.Text != akte {
				t.Errorf("%q: %+v", tc.text, f)
			}
		}
	}
}

// TestPlainWordRunsNotTried: a run of sixteen letters and more that is a
// word of prose ("Verkehrsentwicklungsplans", "Pressemitteilung") is passed
// over by the base64 search before its data URL, its context and its last
// line are looked up: base64Payload would read nothing in it. Before, each
// such word was looked up (≈0.25 µs each, 10 µs of CPU for a 16 KB prompt
// of German prose, BenchmarkExtractProse). A run of base64 beside them is
// still tried, and read.
func TestPlainWordRunsNotTried(t *testing.T) {
	var tried []string
	was := runOfDataURL
	runOfDataURL = func(s string, start int) bool {
		end := start
		for end < len(s) && base64Class[s[end]] {
			end++
		}
		tried = append(tried, s[start:end])
		return was(s, start)
	}
	defer func() { runOfDataURL = was }()
	tok := base64.StdEncoding.EncodeToString([]byte("Vermerk: Herr Jürgen Kowalski ruft an"))
	prose := "Die Ergebnisse der Bürgerbefragung fließen in die Fortschreibung des Verkehrsentwicklungsplans ein. " +
		"Schreibe eine kurze Pressemitteilung, die Beschlussvorlage, AUFENTHALTSERLAUBNIS und max_body_bytes_limit: "
	body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": prose + tok}}})
	env, err := openAIAdapter{}.Extract(chatReq(), body)
	if err != nil {
		t.Fatal(err)
	}
	if len(tried) != 1 || tried[0] != tok {
		t.Errorf("runs tried: %q, want only the base64 %q", tried, tok)
	}
	read := false
	for _, f := range env.Fields {
		read = read || strings.Contains(f.Text, "Jürgen Kowalski")
	}
	if !read {
		t.Errorf("the base64 beside the words was not read: %+v", env.Fields)
	}
}

func TestPlainWords(t *testing.T) {
	for _, tc := range []struct {
		tok  string
		want bool
	}{
		{"Aufenthaltserlaubnis", true},
		{"VERWALTUNGSGERICHT", true},
		{"HTTPServerKonfiguration", false}, // a capital after small letters
		{"HTTPServer", true},
		{"max_body_bytes_limit", true},
		{"Sozialversicherungs-Nummer", false}, // decoded: costs a decode, finds binary
		{"sozialversicherungs-nummer", true},
		{"bearbeitungsstand\nverwaltungsgericht", true},
		{"U3RldWVyLUlEIDEyMzQ1Njc4OTAx", false}, // base64 of "Steuer-ID 12345678901"
		{"SGVycm4gTcO8bGxlcg", false},           // "Herrn Müller"
		{"aGFsbG8gd2VsdA", false},               // "hallo welt": mixed case
		{"Aufenthaltserlaubnis2026", false},
		{"Konto/Zahlung", false},
		{"QUFBQUFBQUFBQUFBQUFBQQ==", false},
	} {
		if got := plainWords(tc.tok); got != tc.want {
			t.Errorf("plainWords(%q) = %v, want %v", tc.tok, got, tc.want)
		}
	}
}

// TestPlainWordsHoldNoNumber checks plainWords' promise for every string
// it passes over: decoded, no four digits in a row. Line breaks are left
// out by the decoder; what remains is capitals, '-' and '_', then small
// letters, '-' and '_'. A search over the groups of four characters (each
// three bytes) keeps, per phase (small letters seen or not), the longest
// run of digits at the end of the bytes so far, and the longest run seen.
func TestPlainWordsHoldNoNumber(t *testing.T) {
	var upper, lower []byte // 6-bit values of the two phases
	for v := byte(0); v < 64; v++ {
		switch {
		case v < 26:
			upper = append(upper, v)
		case v < 52:
			lower = append(lower, v)
		case v >= 62: // '-' and '_' (standard '+' and '/' are no plain word's)
			upper, lower = append(upper, v), append(lower, v)
		}
	}
	all := append(append([]byte{}, upper...), lower...)
	isUpper := func(v byte) bool { return v < 26 }
	isLower := func(v byte) bool { return v >= 26 && v < 52 }
	digit := func(b byte) bool { return b >= '0' && b <= '9' }
	const capRun = 16
	// reach[phase][run]: a string of whole groups ends in this phase with
	// run digits at the end of its bytes.
	var reach [2][capRun + 1]bool
	reach[0][0] = true
	longest := 0
	for range 8 { // a bound of 3 holds after one group; eight confirm it
		var next [2][capRun + 1]bool
		for phase := range 2 {
			for run := range capRun + 1 {
				if !reach[phase][run] {
					continue
				}
				var g [4]byte
				var walk func(i, ph int)
				walk = func(i, ph int) {
					if i == 4 {
						bytes := [3]byte{g[0]<<2 | g[1]>>4, g[1]<<4 | g[2]>>2, g[2]<<6 | g[3]}
						r := run
						for _, b := range bytes {
							if digit(b) {
								r = min(r+1, capRun)
							} else {
								r = 0
							}
							longest = max(longest, r)
						}
						next[ph][r] = true
						return
					}
					for _, v := range all {
						if ph == 1 && isUpper(v) {
							continue
						}
						np := ph
						if isLower(v) {
							np = 1
						}
						g[i] = v
						walk(i+1, np)
					}
				}
				walk(0, phase)
			}
		}
		reach = next
	}
	t.Logf("longest run of digits: %d", longest)
	if longest >= 4 {
		t.Fatalf("base64 that plainWords passes over can decode to %d digits in a row", longest)
	}
}

// TestWholeBase64ReadOnce: a string value that is one run of base64 and
// holds nothing base64Value reports (an id, a hash, a nonce) holds
// nothing for embeddedBase64 either, which walkStrings therefore leaves
// out for it (strField): the run was decoded twice. Random runs of every
// length, with and without padding inside, check that nothing is lost.
func TestWholeBase64ReadOnce(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_="
	rng := rand.New(rand.NewPCG(14, 2026))
	values := []string{"call_abc123XYZ456def", "chatcmpl-AbC123dEf456GhI789", "Aufenthaltserlaubnis",
		base64.StdEncoding.EncodeToString([]byte("0123456789abcdefghijklmnopqrstuv\x00\x01")),
		base64.RawURLEncoding.EncodeToString([]byte{0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})}
	for range 3000 {
		b := make([]byte, minBase64+rng.IntN(300))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		values = append(values, string(b))
	}
	read := 0
	for _, s := range values {
		if !wholeBase64(s) {
			t.Fatalf("%q: not one run of base64", s)
		}
		var whole, embedded Envelope
		if newCollector(&whole).base64Value(s, "x", b64Parent{}) {
			read++
			continue
		}
		newCollector(&embedded).embeddedBase64(s, "x", 0, b64Parent{})
		if len(whole.Fields) != 0 || len(embedded.Fields) != 0 {
			t.Errorf("%q: base64Value reported nothing, but %d and embeddedBase64 %d fields", s, len(whole.Fields), len(embedded.Fields))
		}
	}
	if read == len(values) {
		t.Fatal("every value was read as base64: the check compared nothing")
	}
}
