package providers

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

// disguisedCases are values without white space under an id, time, type or
// token key: text in disguise (true), which walkStrings reads, and the
// service's own ids, tokens, times and types (false), which stay unread.
var disguisedCases = []struct {
	s    string
	want bool
}{
	{base64.StdEncoding.EncodeToString([]byte("Akte Herr Max Mustermann, IBAN DE89370400440532013000")), true},
	{base64.RawURLEncoding.EncodeToString([]byte("Frau Erika Mustermann, Steuer-ID 86095742719")), true},
	{url.PathEscape("Herr Max Mustermann, IBAN DE89370400440532013000"), true},
	{"J%C3%BCrgen", true},
	{"Frau_Erika_Mustermann_geb._12.03.1961", true},
	{"Herr+Max+Mustermann+IBAN+DE89370400440532013000", true},
	{"Bescheid_Jürgen_Kowalski.pdf", true},
	{"sess_7Hk2LmQ9xZ4vB8nR3tY6wE1p", false},
	{"req_01HXYZ8K3M4N5P6Q7R8S9T0V1W", false},
	{"msg_01XFDUDYJgAACzvnptvVoYEL", false},
	{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", false},
	{"2026-11-30T14:07:55.123Z", false},
	{"content_block_start", false},
	{"HARM_CATEGORY_HARASSMENT", false},
	{"Content_type", false}, // one capitalized word: two are needed
	{"Ab_Cd_Efgh", false},   // a capital and one small letter is no word
	{"q1w2e3r4t5y6u7i8o9p0%3D%3D", false},
	{"a%2Fb%2Fc%2Fdef", false},
	{"resp_6750f1e24b2c80079c1a1234567890ab", false},
	{"eyJhbGciOiJSUzI1NiIsImtpZCI6IjFlOWdkazcifQ.eyJpc3MiOiJodHRwOi8vc2VydmVyIn0.NTibBYW_ZoNHGm4ZrWCqYA9oJaxr1AVr", false},
	{base64.RawURLEncoding.EncodeToString([]byte("\x8f\x01\xfe\x93\x11\xc4\x7a\x00\xee\x42\x9d\x3b\x5c\xa0\xff\x10\x77\x81")), false},
	{"de-DE", false},
}

func TestDisguisedText(t *testing.T) {
	for _, c := range disguisedCases {
		if got := disguisedText(c.s); got != c.want {
			t.Errorf("disguisedText(%q) = %v, want %v", c.s, got, c.want)
		}
		if got := idValue("trace_id", &jval{kind: jString, str: c.s}); got == c.want {
			t.Errorf("idValue(trace_id, %q) = %v, want %v", c.s, got, !c.want)
		}
	}
}

// TestBase64Text: a URL's segment that is base64 of text decodes to it,
// in either alphabet; random bytes, route words and short segments do
// not.
func TestBase64Text(t *testing.T) {
	akte := "??? Akte Herr Max Mustermann, IBAN DE89370400440532013000"
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if got, ok := Base64Text(enc.EncodeToString([]byte(akte))); !ok || got != akte {
			t.Errorf("%q, %v", got, ok)
		}
	}
	if got, ok := Base64Text(base64.StdEncoding.EncodeToString([]byte("Akte M\xfcller, Steuer-ID 86095742719"))); !ok || got != "Akte Müller, Steuer-ID 86095742719" {
		t.Errorf("Windows-1252: %q, %v", got, ok)
	}
	for _, s := range []string{"v1/chat/completions", "chat/completions", "completions", "file-AbC123xyz789",
		"Aufenthaltserlaubnis", disguisedCases[len(disguisedCases)-2].s} {
		if got, ok := Base64Text(s); ok {
			t.Errorf("Base64Text(%q) = %q", s, got)
		}
	}
}

// FuzzDisguisedText: any value is classified without a panic; a value
// shorter than eight bytes is never text in disguise, a percent-encoded
// one holds an escape, one read as base64 is one run of base64, and base64
// of text is always read. Seeded from disguisedCases.
func FuzzDisguisedText(f *testing.F) {
	for _, c := range disguisedCases {
		f.Add(c.s, []byte(nil))
	}
	f.Add("", []byte("Akte Herr Max Mustermann, IBAN DE89370400440532013000"))
	f.Fuzz(func(t *testing.T, s string, text []byte) {
		if disguisedText(s) && len(s) < 8 {
			t.Fatalf("%q: short", s)
		}
		if _, ok := percentText(s); ok && !strings.Contains(s, "%") {
			t.Fatalf("%q: percent text without an escape", s)
		}
		if _, ok := Base64Text(s); ok && !wholeBase64(s) {
			t.Fatalf("%q: no run of base64", s)
		}
		if len(text) < 12 || !base64Text(text) || strings.ContainsRune(string(text), 0) {
			return
		}
		b := base64.RawURLEncoding.EncodeToString(text)
		if plainWords(b) {
			return
		}
		if !disguisedText(b) {
			t.Fatalf("%q (%q): not read", b, text)
		}
		if _, ok := Base64Text(b); !ok {
			t.Fatalf("%q (%q): Base64Text", b, text)
		}
	})
}
