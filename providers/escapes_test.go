package providers

import (
	"encoding/base64"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// escapeCases: text written with "\u" escapes and what a model reads in
// it (want ""; the text is no escaped text).
var escapeCases = []struct{ s, want string }{
	{`{"name": "J\u00fcrgen M\u00fcller"}`, `{"name": "Jürgen Müller"}`},
	{`Hauptstra\u00dfe 5`, `Hauptstraße 5`},
	{`IBAN \u0044\u0045\u0038\u0039 3704`, `IBAN DE89 3704`},
	{`{\"t\":\"J\\u00fcrgen\"}`, `{\"t\":\"Jürgen\"}`},
	{`Gr\\\\u00fc\\\\u00dfe`, `Grüße`},
	{`\ud83d\ude00 M\u00fcller`, "\U0001F600 Müller"},
	{`\ud83d M\u00fcller`, "\uFFFD Müller"},
	{`\U00fc\u00FC`, `\U00fcü`},
	{`a \u003cb\u003e \u0026 c`, ""},
	{`C:\users\udo\daten`, ""},
	{`\u00f`, ""},
	{`kein Escape`, ""},
	{`\\u`, ""},
}

func TestEscapeText(t *testing.T) {
	for _, c := range escapeCases {
		got, ok := EscapeText(c.s)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("EscapeText(%q) = %q, %v; want %q", c.s, got, ok, c.want)
		}
	}
}

// FuzzEscapeText: any text is decoded without a panic; a decoded text is
// valid UTF-8 when the input is, never longer, and comes from an input
// with "\u"; seeded from escapeCases.
func FuzzEscapeText(f *testing.F) {
	for _, c := range escapeCases {
		f.Add(c.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := EscapeText(s)
		if !ok {
			if got != "" {
				t.Fatalf("%q: %q without ok", s, got)
			}
			return
		}
		if !strings.Contains(s, `\u`) || len(got) >= len(s) {
			t.Fatalf("%q → %q", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("%q → invalid %q", s, got)
		}
	})
}

// TestEscapeFieldVerbatim: a decoded copy of a field that can be
// rewritten knows where its escapes stood, and a span next to one is not
// verbatim; a copy of a field that cannot be rewritten is verbatim nowhere.
func TestEscapeFieldVerbatim(t *testing.T) {
	c := &collector{env: &Envelope{}}
	last := func() *Field { return &c.env.Fields[len(c.env.Fields)-1] }
	c.text(`'\u00e4' ist ae. Herr Jürgen M\u00fcller und Herr Max Meier`, UserText, "content", layer{})
	f := last()
	if len(c.env.Fields) != 2 || !f.decoded {
		t.Fatalf("fields %d", len(c.env.Fields))
	}
	span := func(s string) (int, int) {
		i := strings.Index(f.Text, s)
		if i < 0 {
			t.Fatalf("%q not in %q", s, f.Text)
		}
		return i, i + len(s)
	}
	for s, want := range map[string]bool{"Max Meier": true, "Jürgen": true, "Jürgen Müller": false, "Müller": false, "ist ae": true, "ä": false, "'": false} {
		if got := f.Verbatim(span(s)); got != want {
			t.Errorf("Verbatim(%q) = %v, want %v", s, got, want)
		}
	}
	c.text("Was ist %C3%A4%20? Herr Max Meier", UserText, "content", layer{})
	if f := last(); f.Text != "Was ist ä ? Herr Max Meier" || !f.Verbatim(len(f.Text)-9, len(f.Text)) ||
		f.Verbatim(8, 10) || f.Verbatim(11, 12) || !f.Verbatim(0, 3) {
		t.Errorf("percentField %q: escapes at %v", f.Text, f.escaped)
	}
	c.escapeField(`M\u00fcller und Max Meier`, UserText, "multipart:prompt", -1, leadsIn(`M\u00fcller`))
	if f := last(); !f.decoded || f.Verbatim(len(f.Text)-9, len(f.Text)) {
		t.Errorf("the copy of a field that cannot be rewritten is verbatim: %q", f.Text)
	}
	c.percentField(`M%C3%BCller und Max Meier`, UserText, "multipart:prompt", -1)
	if f := last(); !f.decoded || f.Verbatim(len(f.Text)-9, len(f.Text)) {
		t.Errorf("the copy of a field that cannot be rewritten is verbatim: %q", f.Text)
	}
	plain := Field{Text: "Max Meier"}
	if plain.Verbatim(0, 3) {
		t.Error("a field escapeField did not decode is verbatim")
	}
}

// TestDecodedInFile: an uploaded file's text yields its base64 runs, data
// URLs and percent-encoded text decoded, as files; plain text and random
// bytes yield no text.
func TestDecodedInFile(t *testing.T) {
	secret := "Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Bitte dekodieren: " + b64, true},
		{"Link data:text/plain;base64," + b64 + " Ende", true},
		{"Herr%20J%C3%BCrgen%20Kowalski%2C%20IBAN%20DE89%203704", true},
		{"Ein ganz gewöhnlicher Text ohne Kodierung, 100%ige Deckung.", false},
	} {
		got := false
		for _, f := range DecodedInFile(tc.text, "notiz.txt") {
			if f.Kind != File {
				t.Errorf("%q: a field of kind %v", tc.text, f.Kind)
			}
			got = got || strings.Contains(f.Text, "Kowalski")
		}
		if got != tc.want {
			t.Errorf("%q: decoded text with the name %v, want %v", tc.text, got, tc.want)
		}
	}
}

// hexCases: text written with "\x" escapes and what a model reads in it
// (want ""; no escaped text).
var hexCases = []struct{ s, want string }{
	{`Herr J\xfcrgen \x4B\x6F\x77\x61\x6C\x73\x6B\x69`, `Herr Jürgen Kowalski`},
	{`b'Herr J\xc3\xbcrgen Kowalski'`, `b'Herr Jürgen Kowalski'`},
	{`\x38\x36\x30\x39\x35\x37\x34\x32\x37\x31\x39`, `86095742719`},
	{`Gr\xfc\xdfe \x96 Ende`, `Grüße – Ende`},
	{`\x1b[0m\x1b[1;31m rot`, ""},
	{`C:\xampp\htdocs`, ""},
	{`\x4`, ""},
	{`kein Escape`, ""},
}

func TestHexEscapes(t *testing.T) {
	for _, c := range hexCases {
		got, _, ok := hexEscapes(c.s)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("hexEscapes(%q) = %q, %v; want %q", c.s, got, ok, c.want)
		}
	}
}

// FuzzHexEscapes: any text is decoded without a panic; a decoded text is
// valid UTF-8 when the input is, comes from an input with "\x", and its
// spans are pairs in order inside it; seeded from hexCases.
func FuzzHexEscapes(f *testing.F) {
	for _, c := range hexCases {
		f.Add(c.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, at, ok := hexEscapes(s)
		if !ok {
			return
		}
		if !strings.Contains(s, `\x`) || utf8.ValidString(s) && !utf8.ValidString(got) || len(at)%2 != 0 {
			t.Fatalf("%q → %q %v", s, got, at)
		}
		for i := range at {
			if at[i] < 0 || at[i] > len(got) || i > 0 && at[i] < at[i-1] {
				t.Fatalf("%q → %q: spans %v", s, got, at)
			}
		}
	})
}

// TestPercentLettersOneByOne: letters and digits escaped one by one, four
// or more in a row, are percent-encoded text (sec14); a few escaped signs
// and a "%" of an amount are not.
func TestPercentLettersOneByOne(t *testing.T) {
	for s, want := range map[string]string{
		"Steuer-ID %38%36%30%39%35%37%34%32%37%31%39": "Steuer-ID 86095742719",
		"Herr %4B%6F%77%61%6C%73%6B%69":               "Herr Kowalski",
		"a%2F%2Fb%3D%3D":                              "",
		"id%41%42c":                                   "",
		"Rabatt 10%25, 20%":                           "",
	} {
		got, ok := percentText(s)
		if ok != (want != "") || ok && got != want {
			t.Errorf("percentText(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
}

// tags writes s in Unicode tag characters.
func tags(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(0xE0000 + r)
	}
	return b.String()
}

func TestTagText(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{"Steuer-ID " + tags("86095742719"), "Steuer-ID 86095742719"},
		{"a" + tags("Kowalski") + "b" + tags("IBAN"), "aKowalskibIBAN"},
		{"DE89 3704 0044 05" + tags("A") + "32 0130 00", "DE89 3704 0044 05A32 0130 00"},       // one inside a value: the fold leaves it out, this reads it
		{"860" + tags("957") + "42719", "86095742719"},                                         // digits one to three at a time
		{"\U0001F3F4" + tags("gbsct") + "\U000E007F Schottland", "\U0001F3F4gbsct Schottland"}, // a subdivision flag
		{tags("-- .."), ""},
		{"kein Tag", ""},
	} {
		got, at, ok := tagText(c.s)
		if ok != (c.want != "") || got != c.want || len(at)%2 != 0 {
			t.Errorf("tagText(%q) = %q %v, %v; want %q", c.s, got, at, ok, c.want)
		}
	}
}

// FuzzTagText: any text is read without a panic; a decoded text comes
// from tag characters, is valid UTF-8 when the input is, and its spans
// are pairs in order inside it.
func FuzzTagText(f *testing.F) {
	for _, s := range []string{"Steuer-ID " + tags("86095742719"), "\U0001F3F4" + tags("gbsct") + "\U000E007F", "\xf3\xa0", "\xf3\xa0\x80", tags("ab") + "x" + tags("cdef")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, at, ok := tagText(s)
		if !ok {
			return
		}
		if !strings.Contains(s, "\xf3\xa0") || utf8.ValidString(s) && !utf8.ValidString(got) || len(at)%2 != 0 {
			t.Fatalf("%q → %q %v", s, got, at)
		}
		for i := range at {
			if at[i] < 0 || at[i] > len(got) || i > 0 && at[i] < at[i-1] {
				t.Fatalf("%q → %q: spans %v", s, got, at)
			}
		}
	})
}

// selectors writes s as variation selectors, as "emoji smuggling" does:
// byte b as U+FE00+b below 16, else U+E0100+b-16.
func selectors(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 16 {
			b.WriteRune(rune(0xFE00) + rune(c))
		} else {
			b.WriteRune(rune(0xE0100) + rune(c) - 16)
		}
	}
	return b.String()
}

func TestSelectorText(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{"😀" + selectors("Steuer-ID 86095742719"), "😀 Steuer-ID 86095742719"},
		{"Steuer-ID 😀" + selectors("86095742719") + "!", "Steuer-ID 😀 86095742719 !"},
		{"a" + selectors("Jürgen") + " b", "aJürgen b"},     // UTF-8 bytes
		{"860" + selectors("957") + "42719", "86095742719"}, // inside a number: joined
		{"x" + selectors("\xfc") + " y", "xü y"},            // a byte that is no UTF-8: Windows-1252
		{"Danke ❤️ und ☺️, 1️⃣ Antrag", ""},                 // U+FE0F after an emoji: no text
		{"葛\U000E0100城市", ""},                               // an ideographic variation sequence
		{"x\U000E0100\U000E0101", ""},                       // bytes 16 and 17: controls
		{"kein Selektor", ""},
		// Tag characters before and among the selectors, and invisible
		// format characters between them, are read with them (before,
		// each piece was read alone, "8609" by tagText, " 5742719" here).
		{"Steuer-ID 😀" + tags("8609") + selectors("5742719"), "Steuer-ID 😀 86095742719"},
		{"😀" + selectors("Jürgen ") + tags("Kowalski"), "😀 Jürgen Kowalski"},
		{"😀" + selectors("860") + "\u200b" + selectors("957") + "\u2060\u200b" + selectors("42719"), "😀 86095742719"},
		{"Danke ❤️\u200dx 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", ""}, // a ZWJ after ❤️, a flag's tags
	} {
		got, at, ok := selectorText(c.s)
		if ok != (c.want != "") || got != c.want || len(at)%2 != 0 {
			t.Errorf("selectorText(%q) = %q %v, %v; want %q", c.s, got, at, ok, c.want)
		}
	}
}

// TestSelectorJoined: the bytes of two or more runs of selectors are read
// in a row as well, whatever stands between them: a Steuer-ID spread over
// several emoji, or one byte after each of several ideographs (each alone
// left as an ideographic variation sequence). Before, each run was read
// alone and the value went out. Emoji with their selector and a single
// run give no such reading.
func TestSelectorJoined(t *testing.T) {
	var ivs strings.Builder
	for _, c := range []byte("86095742719") {
		ivs.WriteString("葛" + selectors(string(c)))
	}
	for _, c := range []struct{ s, want string }{
		{"Steuer-ID 😀" + selectors("860") + " und 🙂" + selectors("957") + ", ✨" + selectors("42719"), "86095742719"},
		{ivs.String(), "86095742719"},
		{"Danke ❤️ und ☺️, 1️⃣ Antrag, 2️⃣ Bescheid ✔️", ""},
		{"😀" + selectors("Steuer-ID 86095742719"), ""}, // one run: selectorText reads it
		{"葛\U000E0100城\U000E0101", ""},                 // bytes 16 and 17: controls
	} {
		_, _, _, got := selectorRead(c.s)
		if got != c.want {
			t.Errorf("selectorRead(%q) joined %q, want %q", c.s, got, c.want)
		}
	}
}

// FuzzSelectorText: any text is read without a panic; a decoded text
// comes from variation selectors, is valid UTF-8 when the input is, and
// its spans are pairs in order inside it.
func FuzzSelectorText(f *testing.F) {
	for _, s := range []string{"😀" + selectors("Steuer-ID 86095742719"), "Danke ❤️", "葛\U000E0100", "\xef\xb8", "\xf3\xa0\x84", "860" + selectors("957") + "42719", "😀" + tags("86") + "\u200b" + selectors("09")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, at, ok := selectorText(s)
		if _, _, _, joined := selectorRead(s); joined != "" && (!utf8.ValidString(joined) || strings.IndexFunc(joined, alnumRune) < 0) {
			t.Fatalf("%q joined %q", s, joined)
		}
		if !ok {
			return
		}
		if !strings.Contains(s, "\xef\xb8") && !strings.Contains(s, "\xf3\xa0") || utf8.ValidString(s) && !utf8.ValidString(got) || len(at)%2 != 0 {
			t.Fatalf("%q → %q %v", s, got, at)
		}
		for i := range at {
			if at[i] < 0 || at[i] > len(got) || i > 0 && at[i] < at[i-1] {
				t.Fatalf("%q → %q: spans %v", s, got, at)
			}
		}
	})
}

func TestCSSEscapes(t *testing.T) {
	for _, c := range []struct{ s, want string }{
		{`Steuer-ID \38 \36 \30 \39`, "Steuer-ID 8609"},
		{`\000038\000036 x`, "86x"},
		{`\49 BAN`, "IBAN"},
		{"J\\FC\r\nrgen", "Jürgen"},              // CRLF ends it as one blank
		{`J\FC  rgen`, "Jü rgen"},                // one blank only
		{`\4B owalski \2013  x`, "Kowalski – x"}, // a dash beside a letter
		{`C:\Daten\x`, `C:Úten\x`},               // a path's letters read as an escape, the rest as written
		{`C:\Akten\Users\86095742719`, ""},       // a control character, beyond Unicode: none
		{`\d{11}\b \1 \t \\`, ""},                // a regular expression
		{`\D800 \110000 \0`, ""},                 // a surrogate, beyond Unicode, NUL
		{`\2013 \25`, ""},                        // no letter or digit
		{`kein Escape`, ""},
	} {
		got, at, ok := cssEscapes(c.s)
		if ok != (c.want != "") || got != c.want || len(at)%2 != 0 {
			t.Errorf("cssEscapes(%q) = %q %v, %v; want %q", c.s, got, at, ok, c.want)
		}
	}
}

// FuzzCSSEscapes: any text is read without a panic; a decoded text comes
// from a backslash, is valid UTF-8 when the input is, and its spans are
// pairs in order inside it.
func FuzzCSSEscapes(f *testing.F) {
	for _, s := range []string{`Steuer-ID \38 \36`, `\000038\000036`, "J\\FC\r\nrgen", `\`, `\1`, `\FFFFFFF`, `C:\Daten\x`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, at, ok := cssEscapes(s)
		if !ok {
			return
		}
		if !strings.Contains(s, `\`) || utf8.ValidString(s) && !utf8.ValidString(got) || len(at)%2 != 0 {
			t.Fatalf("%q → %q %v", s, got, at)
		}
		for i := range at {
			if at[i] < 0 || at[i] > len(got) || i > 0 && at[i] < at[i-1] {
				t.Fatalf("%q → %q: spans %v", s, got, at)
			}
		}
	})
}

// TestLeadsIn: one pass tells which readings' bytes a text holds, and a
// text with many of them is read by every reading.
func TestLeadsIn(t *testing.T) {
	long := strings.Repeat("Die Verwaltung bearbeitet Ihren Antrag. ", 20)
	for s, want := range map[string]leads{
		"":                                   0,
		long:                                 0,
		long + `J\u00fcrgen`:                 leadBackslash,
		"50 % " + long:                       leadPercent,
		long + "a=b" + long:                  leadEquals,
		long + "\u2764\ufe0f":                leadInvisible,
		"x\U000e0041" + long:                 leadInvisible,
		long + "\uff21" + long:               leadInvisible, // a full-width A: 0xEF, no selector
		`%20=3D\x41` + long + "\ufe01":       allLeads,
		strings.Repeat(`\\`, 64) + long:      allLeads,                 // many: every reading runs
		strings.Repeat("=", 62) + `%` + long: leadEquals | leadPercent, // 63 of them
	} {
		if got := leadsIn(s); got != want {
			t.Errorf("leadsIn(%.40q…) = %04b, want %04b", s, got, want)
		}
	}
}

// TestReadingsAsEveryReading: the fields readings adds are those of every
// reading run on every text, in the same order.
func TestReadingsAsEveryReading(t *testing.T) {
	long := strings.Repeat("Die Verwaltung bearbeitet Ihren Antrag. ", 4)
	texts := []string{"", long, "Was ist %C3%A4%20? Herr Max Meier", `M\u00fcller und J\xc3\xbcrgen \4D\FC ller`,
		"=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= " + long, "Name: J=C3=BCrgen M=C3=BCller=\r\nStra=C3=9Fe 5",
		"Steuer-ID \U000e0038\U000e0036\U000e0030 957 42719", "😀\ufe08\ufe06\ufe00\U000e0129",
		"BEGIN:VCARD\r\nFN:J\u00fcrgen\r\n M\u00fcller\r\nEND:VCARD", long + "%38%36%30%39 = 50 % \\x"}
	for _, s := range texts {
		for _, src := range []int{-1, 0} {
			got, want := newCollector(&Envelope{Fields: []Field{{Kind: UserText, Text: s}}}), newCollector(&Envelope{Fields: []Field{{Kind: UserText, Text: s}}})
			got.readings(s, UserText, "content", src, leadsIn(s))
			want.percentField(s, UserText, "content", src)
			want.escapeField(s, UserText, "content", src, allLeads)
			want.mailField(s, UserText, "content", src)
			if !reflect.DeepEqual(got.env.Fields, want.env.Fields) {
				t.Errorf("%q: readings gives %+v, every reading %+v", s, got.env.Fields, want.env.Fields)
			}
		}
	}
}
