package proxy

import (
	"encoding/json"
	"html"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestInvisibleCharactersInsideValues: a value split by a character that
// shows nothing (a soft hyphen Word put in, a zero-width space from a web
// page, NUL, a Unicode tag character, a lone surrogate) or written with
// no-break spaces, fullwidth forms, decomposed umlauts or HTML character
// references ("J&uuml;rgen", "DE89&nbsp;3704 …") is found and
// replaced whole; the service gets the placeholder, the answer the value.
// Before, the detectors saw other words: "DE89 3704 0044 05\u00ad32 0130 00"
// and an IBAN with no-break spaces went to the service as they stood, and of
// "Mehmet Yıl\u200bmaz" only "Mehmet Yıl" was replaced.
func TestInvisibleCharactersInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, tc := range []struct{ name, iban, person string }{
		{"soft hyphen", `DE89 3704 0044 05` + "\u00ad" + `32 0130 00`, "Mehmet Yıl\u00admaz"},
		{"zero-width space", `DE89 3704 0044 0532 01` + "\u200b" + `30 00`, "Mehmet Yıl\u200bmaz"},
		{"NUL", `DE89 3704 0044 05\u000032 0130 00`, `Meh\u0000met Yılmaz`},
		{"tag character", `DE89 3704 0044 05` + "\U000E0041" + `32 0130 00`, "Mehmet Yıl\U000E0041maz"},
		{"lone surrogate", `DE89 3704 0044 05\ud80032 0130 00`, `Meh\ud800met Yılmaz`},
		{"byte-order mark", `DE89` + "\ufeff" + ` 3704 0044 0532 0130 00`, "Mehmet\ufeff Yılmaz"},
		{"no-break spaces", "DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000", "Mehmet\u00a0Yılmaz"},
		{"narrow no-break spaces", "DE89\u202f3704\u202f0044\u202f0532\u202f0130\u202f00", "Mehmet\u202fYılmaz"},
		{"fullwidth", "ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００", "Mehmet Yılmaz"},
		{"decomposed", "DE89 3704 0044 0532 0130 00", "Mehmet Gu\u0308ler"},
		{"variation selector", `DE89 3704 0044 05` + "\ufe0f" + `32 0130 00`, "Mehmet Yıl\U000E0100maz"},
		{"grapheme joiner, Hangul filler", `DE89 3704 0044 05` + "\u034f" + `32 0130 00`, "Mehmet Yıl\u3164maz"},
		{"HTML references", "DE89&nbsp;3704&#160;0044&#xA0;0532 0130 00", "Mehmet Y&#305;lmaz"},
		{"HTML soft hyphen", "DE89 3704 0044 05&shy;32 0130 00", "Mehmet Yıl&shy;maz"},
	} {
		n := len(h.llm.received)
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise an `+tc.iban+`, Herr `+tc.person+`"}]}`)
		if code != 200 || len(h.llm.received) != n+1 {
			t.Errorf("%s: %d %.300s", tc.name, code, out)
			continue
		}
		if up := h.llm.received[n]; strings.Contains(up, "0130") || strings.Contains(up, "０１３０") || strings.Contains(up, "maz") || strings.Contains(up, "met") || strings.Contains(up, "ler") || !strings.Contains(up, "[IBAN_") || !strings.Contains(up, "[PERSON_") {
			t.Errorf("%s: the service got %s", tc.name, up)
		}
		if !strings.Contains(out, "DE89 3704 0044 0532 0130 00") || !strings.Contains(out, "Herr Mehmet ") {
			t.Errorf("%s: the answer is %.300s", tc.name, out)
		}
	}
}

// FuzzFoldText: every byte of the folded text stands for a span of the
// text, the spans in order and not overlapping but where one span yields
// several bytes; a byte the fold does not change is the text's byte; no
// invisible character is left.
func FuzzFoldText(f *testing.F) {
	for _, s := range []string{"DE89 3704 0044 05\u00ad32 0130 00", "Yıl\u200bmaz", "a\x00b", "\U000E0041x", "§ „x“ €", "\xef\xbb", "\ufeff", "",
		"DE89\u00a03704", "ＤＥ８９", "Mu\u0308ller", "x\u0308\u0301", "\u0308", "a\u00a0\u202f\u3000b", "❤\ufe0f", "l\u034fm", "\u3164",
		"J&uuml;rgen", "&nbsp;&#160;&#xA0;&shy;&#0;&#x110000;&amp;&lt", "&;&#;&#x;&notanentity;", "&#56&#54;&#x38", "J&uumlrgen&nbsp3", "&para=2&amp", "&#99999999999&#x", "&#150x", "860957427₁9", "8⁵7", "1²", "²3", "ⅮE89 ⅤS Ⅷ ⅿ", "⠼⠓⠋⠚⠊", "⠠⠠⠙⠑⠼⠓⠊", "⠠⠅⠕⠺", "a⠿b", "⠼⠁⠀⠁⠃", "⠠​⠅", "⠼",
		"DE٨٩ ۳۷", "८९", "𝐃𝐄𝟖𝟗 𝐘ı𝐥", "DЕ89", "Kоwalski", "Москва", "Μehmet", "K\u0336o\u0336w", "e\u0301\u0336", "8\u20e3",
		"0176–1234", "12−3", "a–b", "𝒟ℰ89 ℳ", "ℍℝℓ℃™", "߈߉꯸", "05\u17b432\u180b\ufff9\U0001BCA0\U0001D173\U000E0FFF",
		"DE89\u20283704\u2029\u0085x\vy\fz",
		"Anna\u2011Lena", "a\u2800b", "Jürgen–Kowalski", "DE89·3704", "a\u2027b\u30fbc", "Herr Jürgen/Kowalski", "Frau/Herr Anna/Herr",
		"8.6095742719e10", "[1,86095742719.0,2]", "DE89;3704;0044;0532;0130;00", "geb.12.03.1961Musterfrau", "８.６０９５７４２７１９e10", "a\ufe6bb\ufe52c\u2024d\ufe58e", "Х" + strings.Repeat("ж", 100) + "x",
		"⁸⁶⁰⁹⁵⁷⁴²⁷¹⁹", "₈₆₀", "⑧⑥⓪⑨", "❽❻⓿➊➀", "⒏⒍🄁⒐", "🄀🄊⒈", "⒈ x", "🇩🇪89 3704", "🄳🄴89", "🅓🅔🅰🅱", "ⒹⓔⓍ", "Kowalski¹", "m² ①", "x²³", "Dienst-\ngebrauch", "860957-\r\n42719", "a-\n", "-\nb", "Ein-\nAus",
		"⁸\u200b⁶\u200b⁰", "🇩\u200d🇪89", "⑧\u00ad⑥", "⁸\u0336⁶", "&#8312;&#8310;&#8304;", "&#8312;x&#8310;", "¹\u200b", "\u200b²;&#185;",
		"860957-\n\u200b42719", "860957\u200b-\u200b\r\n42719", "Kowal\u00ad\nski", "a\u2010\nb", "1\u2011\u20282", "x-\n\u200b", "\u00ad\n", "-\u2028",
		"860957\x0142719", "a\x1b[31mb\x7f", "05\u008132\u0085x\u009f", "\xc2\x01", "8\u20651\ufff0\ufff8\ufff9",
		"8609**5742**719", "DE89 `3704` 0044", "86095\\,742719", "1\\ 2\\;3\\:4", "2**10", "a`b`", "1 ~~2~~ 3", "1****2", "``` 1", "_\\",
		"8609**`5742`**719", "8609*`5742`*719", "8609*5742719", "860957#42719", "DE89 3704 0044#0532 0130 00", "0151*20532013", "+49_17612345678", "1_*_2", "*`",
		"Steuer-ID 86095\t742719", "86095\t742719\n12\t34", "x\n1\t2\n", "DE89\t3704\t0044\t0532\t0130\t00",
		"8609<b>5742</b>719", "Ko<span class=\"x\">wal</span>ski", "860957<!-- -->42719", "Herr <B>K</B>", "a <b> b", "List<String> Vec<u8> a<b", "<!--", "x<wbr/>y", "<b", "</", "1<s><u>2",
		"\"DE89 3704 0044 \" +\n  \"0532 0130 00\"", "('860957'\r\n '42719')", "'a' . 'b'", "\"ja\". \"Nein\"", "\"860957\" \"42719\"", "\"x\"\\\n\"y\"", "\"1\" || \"2\"", "\"\"", "' '", "\"a\"\n\"b\"", "\"Jü \"+\"r\"",
		"> DE89 3704 0044\n> 0532 0130 00", "> > a\r\n> > b", ">> 1 \n>>2", "\n>", "a\n> b", "> a.\n> b", "-> a\n-> b", ">\n>", "> ü\n> ß",
		"// DE89 3704 0044\n// 0532 0130 00", "\t# 86 095\r\n\t# 742 719", " * 860957\n * 42719", "x  -- DE89 3704 0044 \n   -- 0532 0130 00", "rem 1\nrem 2", "'\n' 1", "%%\n%% 8", "//\n", "\n//", "#", "a\n# 1",
		"Kowalski    DE89 3704 0044\n            0532 0130 00", "a 86 095\n  742 719", "1\n 2", "\n \n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vis, start, end, ok := foldText(s)
		if !ok {
			if vis != s || start != nil || needsFold(s) {
				t.Fatalf("%q: not ok, but %q", s, vis)
			}
			return
		}
		if len(start) != len(vis) || len(end) != len(vis) {
			t.Fatalf("%q → %q: %d starts, %d ends", s, vis, len(start), len(end))
		}
		for i := range len(vis) {
			// An empty span is a blank foldTokens inserted ("1,86095742719").
			if start[i] < 0 || start[i] > end[i] || start[i] == end[i] && vis[i] != ' ' || int(end[i]) > len(s) || i > 0 && (start[i] < start[i-1] || start[i] < end[i-1] && start[i] != start[i-1]) {
				t.Fatalf("%q → %q: byte %d stands for [%d,%d)", s, vis, i, start[i], end[i])
			}
			if end[i]-start[i] == 1 && s[start[i]] != vis[i] && vis[i] != ' ' && vis[i] != '\n' && !(s[start[i]] == '/' && vis[i] == '-') {
				t.Fatalf("%q → %q: byte %d %q stands for %q", s, vis, i, vis[i], s[start[i]])
			}
		}
		for _, r := range vis {
			if invisible(r) && !(r == utf8.RuneError && !needsFold(s)) { // an invalid byte is left out by the first step only
				t.Fatalf("%q → %q keeps %U", s, vis, r)
			}
		}
	})
}

// BenchmarkNeedsFold: the check every scanned text pays, on 16 KB of
// German prose as the proxy benchmark's prompts are (umlauts, no quotes),
// and with „“, § and € in every sentence (each costs a look).
func BenchmarkNeedsFold(b *testing.B) {
	for _, tc := range []struct{ name, sentence string }{
		{"prose", "Die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der kommunalen Kulturförderung. "},
		{"quotes", "Gemäß § 35 SGB I verweist die Stadt auf „Datenschutz“ und 12,50 € Gebühr. "},
	} {
		text := strings.Repeat(tc.sentence, 16<<10/len(tc.sentence))
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if needsFold(text) {
					b.Fatal("invisible")
				}
			}
		})
	}
}

// TestLookalikesInsideValues: digits of other scripts, mathematical
// letters and digits, Cyrillic and Greek look-alike letters inside a Latin
// word, combining marks that compose with nothing and a dash between
// digits are read through, as a language model reads them: the value is
// found and replaced with everything it is written with, and the answer
// names it in plain letters and digits. Before, each of these IBANs went to
// the service as it stood.
func TestLookalikesInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, tc := range []struct{ name, iban, person, restored string }{
		{"Arabic-Indic digits", "DE٨٩ ٣٧٠٤ ٠٠٤٤ ٠٥٣٢ ٠١٣٠ ٠٠", "Mehmet Yılmaz", testIBAN},
		{"Extended Arabic-Indic digits", "DE۸۹ ۳۷۰۴ ۰۰۴۴ ۰۵۳۲ ۰۱۳۰ ۰۰", "Mehmet Yılmaz", testIBAN},
		{"Devanagari digits", "DE८९ ३७०४ ००४४ ०५३२ ०१३० ००", "Mehmet Yılmaz", testIBAN},
		{"mathematical bold", "𝐃𝐄𝟖𝟗 𝟑𝟕𝟎𝟒 𝟎𝟎𝟒𝟒 𝟎𝟓𝟑𝟐 𝟎𝟏𝟑𝟎 𝟎𝟎", "𝐌𝐞𝐡𝐦𝐞𝐭 𝐘ı𝐥𝐦𝐚𝐳", testIBAN},
		{"Cyrillic look-alikes", "DЕ89 3704 0044 0532 0130 00", "Mеhmеt Yılmаz", testIBAN},
		{"Greek look-alikes", "DΕ89 3704 0044 0532 0130 00", "Μehmet Υılmaz", testIBAN},
		{"struck through", "D\u0336E\u03368\u03369\u0336 3704 0044 0532 0130 00", "Mehmet Y\u0336ı\u0336lmaz", testIBAN},
		// As written, its dashes too (the form restored is the one last
		// written, not the first a request of the harness had; writtenForm).
		{"dashes between digits", "DE89 3704–0044–0532–0130–00", "Mehmet Yılmaz", "DE89 3704–0044–0532–0130–00"},
	} {
		n := len(h.llm.received)
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise an `+tc.iban+`, Herr `+tc.person+`"}]}`)
		if code != 200 || len(h.llm.received) != n+1 {
			t.Errorf("%s: %d %.300s", tc.name, code, out)
			continue
		}
		ibanTail, personTail := []rune(tc.iban), []rune(tc.person)
		if up := h.llm.received[n]; strings.Contains(up, string(ibanTail[len(ibanTail)-6:])) || strings.Contains(up, "0130") ||
			strings.Contains(up, string(personTail[len(personTail)-3:])) || !strings.Contains(up, "[IBAN_") || !strings.Contains(up, "[PERSON_") {
			t.Errorf("%s: the service got %s", tc.name, up)
		}
		if !strings.Contains(out, tc.restored) || !strings.Contains(out, "Herr Mehmet ") {
			t.Errorf("%s: the answer is %.300s", tc.name, out)
		}
	}
	// A word in Cyrillic or Greek script is read as it is written.
	for _, s := range []string{"Москва", "Ελλάδα", "АВС", "Herr Иванов"} {
		if got := withoutFolds(s); got != s {
			t.Errorf("%q read as %q", s, got)
		}
	}
}

// TestDigitValue: every decimal digit of Unicode is read as the ASCII
// digit of its value (the scripts give their digits in order from zero,
// in blocks of ten).
func TestDigitValue(t *testing.T) {
	check := func(lo, hi, stride rune) {
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("digits %U–%U (stride %d) are not blocks of ten", lo, hi, stride)
		}
		for r := lo; r <= hi; r++ {
			if got, want := digitValue(r), byte('0'+(r-lo)%10); got != want {
				t.Errorf("%U: %c, want %c", r, got, want)
			}
		}
	}
	for _, rg := range unicode.Nd.R16 {
		check(rune(rg.Lo), rune(rg.Hi), rune(rg.Stride))
	}
	for _, rg := range unicode.Nd.R32 {
		check(rune(rg.Lo), rune(rg.Hi), rune(rg.Stride))
	}
	if got := withoutFolds("٠١٧٦ ۱۲ ८९ 𝟖𝟗 𝟠"); got != "0176 12 89 89 8" {
		t.Errorf("read as %q", got)
	}
}

// TestUnicodeGapsInsideValues: the characters the fold missed, each of
// which went out with the value as it stood (sec12): the letters a "fancy
// text" generator takes from the Letterlike Symbols block for its script
// alphabet ("𝒟ℰ89", "ℳ"), the decimal digits of N'Ko and Meetei Mayek,
// the rest of Unicode's invisible characters (Khmer's inherent vowels, a
// Mongolian variation selector, musical formatting, interlinear annotation,
// shorthand format controls) and line breaks other than CR and LF (Word's
// vertical tab and form feed, NEL, the line and paragraph separators)
// between an IBAN's groups.
func TestUnicodeGapsInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, tc := range []struct{ name, iban, person string }{
		{"script letters", "𝒟ℰ89 3704 0044 0532 0130 00", "Herr Jürgen 𝒦ℴ𝓌𝒶𝓁𝓈𝓀𝒾"},
		{"double-struck letters", "𝔻𝔼𝟠𝟡 𝟛𝟟𝟘𝟜 𝟘𝟘𝟜𝟜 𝟘𝟝𝟛𝟚 𝟘𝟙𝟛𝟘 𝟘𝟘", "Herr Jürgen Kowalski"},
		{"N'Ko digits", "DE߈߉ ߃߇߀߄ ߀߀߄߄ ߀߅߃߂ ߀߁߃߀ ߀߀", "Herr Jürgen Kowalski"},
		{"Meetei Mayek digits", "DE꯸꯹ 3704 0044 0532 0130 00", "Herr Jürgen Kowalski"},
		{"Khmer inherent vowel", "DE89 3704 0044 05\u17b432 0130 00", "Herr Jürgen Kowal\u17b5ski"},
		{"Mongolian variation selector", "DE89 3704 0044 05\u180b32 0130 00", "Herr Jürgen Kowal\u180fski"},
		{"musical formatting", "DE89 3704 0044 05\U0001D17332 0130 00", "Herr Jürgen Kowal\U0001D17Aski"},
		{"interlinear annotation", "DE89 3704 0044 05\ufff932 0130 00", "Herr Jürgen Kowal\ufffbski"},
		{"shorthand format control", "DE89 3704 0044 05\U0001BCA032 0130 00", "Herr Jürgen Kowal\U0001BCA3ski"},
		{"line separators", "DE89\u20283704\u20280044\u20280532\u20280130\u202800", "Herr Jürgen Kowalski"},
		{"paragraph separators", "DE89\u20293704\u20290044\u20290532\u20290130\u202900", "Herr Jürgen Kowalski"},
		{"NEL", "DE89\u00853704\u00850044\u00850532\u00850130\u008500", "Herr Jürgen Kowalski"},
		{"vertical tabs", "DE89\v3704\v0044\v0532\v0130\v00", "Herr Jürgen Kowalski"},
		{"form feeds", "DE89\f3704\f0044\f0532\f0130\f00", "Herr Jürgen Kowalski"},
		{"braille pattern blanks", "DE89\u28003704\u28000044\u28000532\u28000130\u280000", "Herr Jürgen Kowalski"},
	} {
		n := len(h.llm.received)
		msg, _ := json.Marshal("Überweise an " + tc.iban + ", " + tc.person + ", bitte.")
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":`+string(msg)+`}]}`)
		if code != 200 || len(h.llm.received) != n+1 {
			t.Errorf("%s: %d %.300s", tc.name, code, out)
			continue
		}
		up := h.llm.received[n]
		if !strings.Contains(up, "[IBAN_") || !strings.Contains(up, "[PERSON_") || strings.Contains(up, "ski") || strings.Contains(up, "𝓈𝓀𝒾") {
			t.Errorf("%s: the service got %s", tc.name, up)
		}
		if !strings.Contains(out, "DE89 3704 0044 0532 0130 00") {
			t.Errorf("%s: the answer is %.300s", tc.name, out)
		}
	}
}

// TestHyphensAndSmallFormsInsideValues: Word's non-breaking hyphen in a
// double name, the one dot leader and the small form variants of "@" and
// "." are read as the ASCII signs they stand for (sec12). Before, of "Frau
// Anna‑Lena Schmidt‑Kowalski" "Kowalski" went to the service, and
// "anna.schmidt﹫stadt-musterhausen.de" was no e-mail address.
func TestHyphensAndSmallFormsInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, tc := range []struct{ name, text, gone, want string }{
		{"non-breaking hyphens in a double name", "Bitte an Frau Anna\u2011Lena Schmidt\u2011Kowalski schreiben.", "Kowalski", "[PERSON_"},
		{"hyphens in a double name", "Bitte an Frau Anna\u2010Lena Schmidt\u2010Kowalski schreiben.", "Kowalski", "[PERSON_"},
		{"small commercial at", "Mail an anna.schmidt\ufe6bstadt-musterhausen.de bitte.", "schmidt", "[EMAIL_"},
		{"one dot leader", "Mail an anna.schmidt@stadt-musterhausen\u2024de bitte.", "schmidt", "[EMAIL_"},
		{"small full stop", "Mail an anna.schmidt@stadt-musterhausen\ufe52de bitte.", "schmidt", "[EMAIL_"},
	} {
		n := len(h.llm.received)
		msg, _ := json.Marshal(tc.text)
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":`+string(msg)+`}]}`)
		if code != 200 || len(h.llm.received) != n+1 {
			t.Errorf("%s: %d %.300s", tc.name, code, out)
			continue
		}
		if up := h.llm.received[n]; strings.Contains(up, tc.gone) || !strings.Contains(up, tc.want) {
			t.Errorf("%s: the service got %s", tc.name, up)
		}
	}
}

// TestCharRefOpenNoAllocation: a text with links and "&" before letters
// ("?q=x&page=2&lang=de", "AT&T") is folded without an allocation, and a
// legacy name without its ";" reads as html reads it (charRefOpenHTML, the
// reading with html.UnescapeString). Before, each "&" before a letter cost
// one allocation in every request's fold.
func TestCharRefOpenNoAllocation(t *testing.T) {
	const s = "Bitte prüfe https://example.org/suche?q=test&page=2&lang=de&sort=asc und AT&T, Müller & Söhne"
	if n := testing.AllocsPerRun(50, func() { needsFold(s) }); n != 0 {
		t.Errorf("needsFold: %v allocations, want 0", n)
	}
	var names []string
	for name := range legacyRefs {
		names = append(names, name)
	}
	if len(names) != 106 {
		t.Errorf("%d legacy names, want HTML's 106", len(names))
	}
	names = append(names, "page", "T", "para", "parax", "notin", "nota", "not", "copyx", "ampersand", "frac123", "sup23", "a", "zz")
	for _, name := range names {
		for _, tail := range []string{"", "x", "1", "=2", " ", ";", "xy;", strings.Repeat("a", 40)} {
			in := "&" + name + tail
			r, n := charRefOpen(in)
			wr, wn := charRefOpenHTML(in)
			if r != wr || n != wn {
				t.Errorf("charRefOpen(%q) = %q %d, html reads %q %d", in, r, n, wr, wn)
			}
		}
	}
}

// charRefOpenHTML is charRefOpen's reading of a name with html.UnescapeString.
func charRefOpenHTML(s string) (rune, int) {
	if len(s) < 3 || s[0] != '&' || s[1] == '#' {
		return 0, 0
	}
	j := 1
	for j < len(s) && j < 34 && isASCIIAlnum(s[j]) {
		j++
	}
	if j == 1 || j < len(s) && s[j] == ';' {
		return 0, 0
	}
	ref := s[:j]
	u := html.UnescapeString(ref)
	if u == ref {
		return 0, 0
	}
	r, size := utf8.DecodeRuneInString(u)
	rest := u[size:]
	if r == utf8.RuneError || !strings.HasSuffix(ref, rest) {
		return 0, 0
	}
	n := len(ref) - len(rest)
	if n >= len(s) || !isASCIIAlnum(s[n]) {
		return 0, 0
	}
	return r, n
}

// TestDigitMarks: a Markdown or LaTeX mark between digit groups is left
// out of what the detectors read (digitMark, sec26); elsewhere the text
// reads as written.
func TestDigitMarks(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Steuer-ID 8609**5742**719", "Steuer-ID 86095742719"},
		{"DE89 `3704` 0044", "DE89 3704 0044"},
		{`86095\,742719`, "86095742719"},
		{`86\ 095\;742\:719`, "86095742719"},
		{"1 ~~2~~ 3", "1 2 3"},
		{"8609***5742***719", "86095742719"},
		{"8609__5742__719", "86095742719"},
		// sec27: marks of several kinds in one joint, and one mark where
		// the digits joined are a value
		{"8609**`5742`**719", "86095742719"},
		{"8609*`5742`*719", "86095742719"},
		{"DE89 **`3704`** 0044", "DE89 3704 0044"},
		{"Steuer-ID 8609*5742719", "Steuer-ID 86095742719"},
		{"Steuer-ID 8609_5742719.", "Steuer-ID 86095742719."},
		{"Steuer-ID 86095742~719", "Steuer-ID 86095742719"},
		{"Steuer-ID 860957#42719", "Steuer-ID 86095742719"},
		{"IBAN DE89 3704 0044#0532 0130 00", "IBAN DE89 3704 00440532 0130 00"},
		{"IBAN DE8937040044*0532013000", "IBAN DE89370400440532013000"},
		{"Tel. 0176*12345678", "Tel. 017612345678"},
		{"Tel. +49_17612345678", "Tel. +4917612345678"},
		{"Steuer-ID 86095\t742719", "Steuer-ID 86095742719"},
		{"Zeile 1\nSteuer-ID 8\t6095742719 bitte\nZeile 3", "Zeile 1\nSteuer-ID 86095742719 bitte\nZeile 3"},
		{"IBAN DE89 3704\t0044 0532 0130 00", "IBAN DE89 37040044 0532 0130 00"},
		// stays
		{"86095\t742719\n12\t34", "86095\t742719\n12\t34"},
		{"12\t34\n86095\t742719", "12\t34\n86095\t742719"},
		{"Wert\t86095\t742719", "Wert\t86095\t742719"},
		{"860\t957\t427\t19", "860\t957\t427\t19"},
		{"0176\t12345678", "0176\t12345678"},
		{"3*4", "3*4"},
		{"12*365 = 4380", "12*365 = 4380"},
		{"2_000 Euro", "2_000 Euro"},
		{"#12 und 3#4", "#12 und 3#4"},
		{"scan_2024_0311_5742719.pdf", "scan_2024_0311_5742719.pdf"},
		{"8609*5742718", "8609*5742718"}, // the check digit fails
		{"x8609*5742719", "x8609*5742719"},
		{"8609*5742719x", "8609*5742719x"},
		{"1*_2", "1*_2"},
		{"1_*_2", "1_*_2"},
		{"Version 1_0176_123456", "Version 1_0176_123456"},
		{"IBAN DE89 3704 0044#0532 0130 01", "IBAN DE89 3704 0044#0532 0130 01"},
		{"2*10", "2*10"},
		{"3 * 4", "3 * 4"},
		{"**Wichtig**", "**Wichtig**"},
		{"a`b`", "a`b`"},
		{"Tabelle | 12 | 34 |", "Tabelle | 12 | 34 |"},
		{"file_2024_03", "file_2024_03"},
		{"1****2", "1****2"},
		{"~5 km", "~5 km"},
		{"Port `8080` und `443`", "Port `8080` und `443`"},
		{`C:\dir\1`, `C:\dir\1`},
	} {
		if got, _, _, _ := foldText(tc.in); got != tc.want {
			t.Errorf("%q: read %q, want %q", tc.in, got, tc.want)
		}
	}
}
