package audit

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// jsonTestStrings are strings with every byte at the start, the middle and
// the end of ASCII text, the runes appendJSONString escapes, invalid UTF-8,
// and random bytes.
func jsonTestStrings() []string {
	var out []string
	for c := range 256 {
		b := string([]byte{byte(c)})
		out = append(out, b, b+"abc", "abc"+b, "ab"+b+"cd", b+b)
	}
	out = append(out, "", "Gern.\u2028Neu\u2029", "Müller <m@x.de> & \"Söhne\"\\", "\xff\xfe", "a\xc3", "\xe2\x80",
		"Zeile 1\nZeile 2\tTab\r\b\f\x00\x1f\x7f", strings.Repeat("Vermerk über Herrn M. ", 40))
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			switch r.IntN(4) {
			case 0:
				b[i] = byte(r.IntN(256))
			default:
				b[i] = byte(' ' + r.IntN(95))
			}
		}
		out = append(out, string(b))
	}
	return out
}

// TestAppendJSONStringAsEncodingJSON: the byte table (jsonPlain) quotes
// every string as encoding/json does.
func TestAppendJSONStringAsEncodingJSON(t *testing.T) {
	for _, s := range jsonTestStrings() {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

// TestStrAsByByte: lineParser.str with its byte table (strPlain) takes a
// string exactly when it has no escape, no control character and valid
// UTF-8, and ends it at its first quote.
func TestStrAsByByte(t *testing.T) {
	for _, s := range jsonTestStrings() {
		line := `"` + s + `","x"`
		content, _, _ := strings.Cut(s, `"`)
		wantOK := !strings.ContainsFunc(content, func(r rune) bool { return r < 0x20 || r == '\\' }) && utf8.ValidString(content)
		p := lineParser{s: line}
		var got string
		ok := p.str(&got)
		if ok != wantOK || ok && (got != content || p.i != len(content)+2) {
			t.Errorf("%q: str = %q, %v (at %d), want %q, %v", line, got, ok, p.i, content, wantOK)
		}
	}
}
