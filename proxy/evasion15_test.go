package proxy

import (
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf16"
)

// selectorBytes writes s as variation selectors ("emoji smuggling"): byte
// b as U+FE00+b below 16, else U+E0100+b-16.
func selectorBytes(s string) string {
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

// tagChars writes s as Unicode tag characters (invisible ASCII).
func tagChars(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(0xE0000 + r)
	}
	return b.String()
}

// uploadText uploads content as a text file named name to /v1/files
// through the proxy.
func uploadText(t *testing.T, h *pipeHarness, sent func() []string, name, ctype, content string) (int, string, []string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
	b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: " + ctype + "\r\n\r\n" + content + "\r\n--XyZ--\r\n")
	n := len(sent())
	req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
	code, out := h.send(t, req)
	return code, out, sent()[n:]
}

// TestVariationSelectorTextInspected: bytes hidden as variation selectors
// after a visible character ("emoji smuggling": U+FE00–U+FE0F for bytes
// 0–15, U+E0100–U+E01EF for 16–255; a model told so decodes them) are read
// as the text they encode, in a prompt, an uploaded file, a query value
// and a header, through the running proxy. Before (sec15), the fold left
// them out as invisible, and a Steuer-ID, a name with an IBAN and a VS
// marking behind an emoji went out unseen. Emoji with their ordinary
// selector (❤️, ☺️, a keycap) pass as they are, and a name beside them is
// pseudonymised as before.
func TestVariationSelectorTextInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	prompt := func(content string) (int, string, []string) {
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(content))
		return code, out, sent()[n:]
	}
	upload := func(content string) (int, string, []string) {
		return uploadText(t, h, sent, "notiz.txt", "text/plain", content)
	}
	for _, tc := range []struct{ name, text string }{
		{"a Steuer-ID", "Steuer-ID 😀" + selectorBytes("86095742719")},
		{"a name and an IBAN", "Bitte dekodieren: 🙂" + selectorBytes("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00")},
		{"a marking", "Hallo ✨" + selectorBytes("VS – Nur für den Dienstgebrauch")},
		{"digits inside a number", "Steuer-ID 860" + selectorBytes("957") + "42719"},
		// Tag characters and selectors in one run, and a zero-width
		// space between selectors: before, each piece was read alone.
		{"tag characters and selectors", "Steuer-ID 😀" + tagChars("8609") + selectorBytes("5742719")},
		{"a name in selectors and tag characters", "Bitte 😀" + selectorBytes("Herr Jürgen ") + tagChars("Kowalski")},
		{"a Steuer-ID spread over several emoji", "Steuer-ID 😀" + selectorBytes("860") + " und 🙂" + selectorBytes("957") + ", ✨" + selectorBytes("42719")},
		{"a byte after each ideograph", "葛" + selectorBytes("8") + "城" + selectorBytes("6") + "葛" + selectorBytes("0") + "城" + selectorBytes("9") + "葛" + selectorBytes("5") + "城" + selectorBytes("7") + "葛" + selectorBytes("4") + "城" + selectorBytes("2") + "葛" + selectorBytes("7") + "城" + selectorBytes("1") + "葛" + selectorBytes("9")},
		{"a zero-width space between selectors", "Steuer-ID 😀" + selectorBytes("860") + "\u200b" + selectorBytes("957") + "\u200b" + selectorBytes("42719")},
	} {
		for where, send := range map[string]func(string) (int, string, []string){"prompt": prompt, "file": upload} {
			t.Run(where+": "+tc.name, func(t *testing.T) {
				if code, out, got := send(tc.text); len(got) > 0 || code == 200 {
					t.Fatalf("the service got %q (%d %.200s)", got, code, out)
				}
			})
		}
	}
	for _, tc := range []struct{ name, query, header string }{
		{"a query value", "note=" + url.QueryEscape("😀"+selectorBytes("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00")), ""},
		{"a header", "", "😀" + selectorBytes("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00")},
		{"a header spread over emoji", "", "Steuer-ID 😀" + selectorBytes("860") + " 🙂" + selectorBytes("957") + " ✨" + selectorBytes("42719")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			u := "https://api.openai.com/v1/chat/completions"
			if tc.query != "" {
				u += "?" + tc.query
			}
			req, _ := http.NewRequest("POST", u, strings.NewReader(chatBody("Hallo")))
			req.Header.Set("Content-Type", "application/json")
			if tc.header != "" {
				req.Header.Set("X-Note", tc.header)
			}
			if code, out := h.send(t, req); code == 200 || len(sent()) > n {
				t.Fatalf("the service got %q (%d %.200s)", sent()[n:], code, out)
			}
		})
	}
	t.Run("emoji with their selectors pass", func(t *testing.T) {
		const chat = "Danke ❤️ und ☺️ bis morgen! 1️⃣ Antrag, 2️⃣ Bescheid ✔️ 葛\U000E0100城"
		if code, out, got := prompt(chat); code != 200 || len(got) != 1 || !strings.Contains(got[0], chat) {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
		if code, out, got := upload(chat); code != 200 || len(got) != 1 {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
	t.Run("a name beside an emoji is pseudonymised", func(t *testing.T) {
		code, out, got := prompt("Grüße an Herrn Jürgen Kowalski ❤️ und bis bald")
		if code != 200 || len(got) != 1 || strings.Contains(got[0], "Kowalski") || !strings.Contains(got[0], "❤️") {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
}

// TestQuotedPrintableWithoutHeaderInspected: text in quoted-printable
// without a header that names the encoding (a mail's body pasted alone, a
// tool's output) is read decoded, in a prompt and an uploaded file,
// through the running proxy: two escapes in a row or a soft line break
// between letters or digits mark it. Before (sec15), only a mail's source
// naming the encoding was, and a Steuer-ID broken by a soft line break, a
// Steuer-ID and a name written in escapes and a VS marking went out. A
// prompt with a lone "=" and hex digits passes as it is; a name beside
// escapes is pseudonymised, not blocked.
func TestQuotedPrintableWithoutHeaderInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	prompt := func(content string) (int, string, []string) {
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(content))
		return code, out, sent()[n:]
	}
	upload := func(content string) (int, string, []string) {
		return uploadText(t, h, sent, "notiz.txt", "text/plain", content)
	}
	for _, tc := range []struct{ name, text string }{
		{"a Steuer-ID across a soft line break", "Steuer-ID 860957=\n42719 bitte pr=C3=BCfen"},
		{"a Steuer-ID across a soft line break (CRLF)", "Steuer-ID 860957=\r\n42719"},
		{"a Steuer-ID in escapes", "=53=74=65=75=65=72=2D=49=44=20=38=36=30=39=35=37=34=32=37=31=39"},
		{"a name in escapes", "Sehr geehrter Herr =4A=C3=BCrgen =4B=6F=77=61=6C=73=6B=69,"},
		{"a marking", "VS =E2=80=93 Nur f=C3=BCr den Dienstgebrauch"},
	} {
		for where, send := range map[string]func(string) (int, string, []string){"prompt": prompt, "file": upload} {
			t.Run(where+": "+tc.name, func(t *testing.T) {
				if code, out, got := send(tc.text); len(got) > 0 || code == 200 {
					t.Fatalf("the service got %q (%d %.200s)", got, code, out)
				}
			})
		}
	}
	t.Run("a lone escape-like '=' passes", func(t *testing.T) {
		const text = "Setze x=10 und ?id=AB, dann =SUMME(A1:A3); Base64 QWt0ZQ==\nDanke, a ==\nb"
		if code, out, got := prompt(text); code != 200 || len(got) != 1 || !strings.Contains(got[0], "QWt0ZQ==") {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
	t.Run("a name beside escapes is pseudonymised", func(t *testing.T) {
		code, out, got := prompt("Herr Jürgen Kowalski fragt, was =C3=BC bedeutet.")
		if code != 200 || len(got) != 1 || strings.Contains(got[0], "Kowalski") || !strings.Contains(got[0], "=C3=BC") {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
	// Escapes that decode to no UTF-8 (an Excel formula comparing two
	// cells, a colour value beside a line that ends in "="): read as
	// Windows-1252, where they stand. Before, that reading lost where the
	// escapes were, and the name beside them blocked the prompt instead
	// of being pseudonymised.
	for _, text := range []string{
		"Frau Anna Kowalski fragt, warum die Formel =A1=B1 FALSCH liefert.",
		"Herr Jürgen Kowalski: in der Vorlage steht bgcolor=FF0000 und Zeile=\nweiter",
	} {
		t.Run("a name beside escapes of no UTF-8: "+text, func(t *testing.T) {
			code, out, got := prompt(text)
			if code != 200 || len(got) != 1 || strings.Contains(got[0], "Kowalski") || !strings.Contains(got[0], "FALSCH") && !strings.Contains(got[0], "FF0000") {
				t.Fatalf("%d %.300s: %q", code, out, got)
			}
		})
	}
}

// TestCSSEscapesInspected: characters written as CSS escapes ("\38 \36
// …", "\000038…", "J\FC rgen"; a style sheet's content, a selector, a
// JavaScript string copied from one) are read decoded in a prompt and an
// uploaded file, an HTML page's style sheet too, through the running
// proxy. Before (sec15), a Steuer-ID, a name and a VS marking so went out
// unread. A Windows path and a regular expression pass as they are; a
// name beside an escape is pseudonymised, not blocked.
func TestCSSEscapesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	prompt := func(content string) (int, string, []string) {
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(content))
		return code, out, sent()[n:]
	}
	upload := func(content string) (int, string, []string) {
		return uploadText(t, h, sent, "notiz.txt", "text/plain", content)
	}
	for _, tc := range []struct{ name, text string }{
		{"a Steuer-ID", `Steuer-ID \38 \36 \30 \39 \35 \37 \34 \32 \37 \31 \39`},
		{"a Steuer-ID in six digits", `Steuer-ID \000038\000036\000030\000039\000035\000037\000034\000032\000037\000031\000039`},
		{"a name", `Herr J\FC rgen Kowalski`},
		{"a marking", `\56 \53  \2013  Nur f\FC r den Dienstgebrauch`},
	} {
		for where, send := range map[string]func(string) (int, string, []string){"prompt": prompt, "file": upload} {
			t.Run(where+": "+tc.name, func(t *testing.T) {
				if code, out, got := send(tc.text); len(got) > 0 || code == 200 {
					t.Fatalf("the service got %q (%d %.200s)", got, code, out)
				}
			})
		}
	}
	t.Run("an HTML page's style sheet", func(t *testing.T) {
		page := `<html><style>p::before{content:"Steuer-ID \38 \36 \30 \39 \35 \37 \34 \32 \37 \31 \39"}</style><p>Antrag</p></html>`
		if code, out, got := uploadText(t, h, sent, "seite.html", "text/html", page); len(got) > 0 || code == 200 {
			t.Fatalf("the service got %q (%d %.200s)", got, code, out)
		}
	})
	t.Run("paths and expressions pass", func(t *testing.T) {
		const text = `Speichere unter C:\Users\Admin\Desktop\Akten\2024\bescheid.txt, Regex \d{11}\b und \1, Tab \t`
		if code, out, got := prompt(text); code != 200 || len(got) != 1 || !strings.Contains(got[0], `Desktop\\Akten\\2024`) {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
	t.Run("a name beside an escape is pseudonymised", func(t *testing.T) {
		code, out, got := prompt(`Herr Jürgen Kowalski fragt, was content: "\FC" in CSS zeigt.`)
		if code != 200 || len(got) != 1 || strings.Contains(got[0], "Kowalski") || !strings.Contains(got[0], `\\FC`) {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
}

// TestCharacterReferencesWithoutSemicolonInspected: HTML character
// references without their ";" – numeric ones ("&#56&#54…", "&#x38"),
// and a legacy name before a letter or a digit ("J&uumlrgen",
// "DE89&nbsp3704"), which browsers and a model read as the character –
// are read so in a prompt, through the running proxy, and the value is
// replaced whole. Before (sec15), a Steuer-ID and a name so went out; with
// the ";" they were read. A name before anything else ("&para=2" in a
// link) stays as written.
func TestCharacterReferencesWithoutSemicolonInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct{ name, text, gone string }{
		{"decimal", "Steuer-ID &#56&#54&#48&#57&#53&#55&#52&#50&#55&#49&#57 bitte", "&#57"},
		{"hex", "Steuer-ID &#x38&#x36&#x30&#x39&#x35&#x37&#x34&#x32&#x37&#x31&#x39", "&#x39"},
		{"a legacy name", "Sehr geehrter Herr J&uumlrgen Kowalski, danke.", "Kowalski"},
		{"an IBAN's blanks", "IBAN DE89&nbsp3704&nbsp0044&nbsp0532&nbsp0130&nbsp00", "0130"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(tc.text))
			got := sent()[n:]
			if code == 200 && (len(got) != 1 || strings.Contains(got[0], tc.gone) || !strings.Contains(got[0], "_1]")) {
				t.Fatalf("the service got %q (%d %.200s)", got, code, out)
			}
		})
	}
	t.Run("a link's parameters pass", func(t *testing.T) {
		const text = "Siehe https://example.org/?a=1&para=2&copy=3&amp;x, AT&T und R&D &#"
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(text))
		if got := sent()[n:]; code != 200 || len(got) != 1 || !strings.Contains(got[0], `\u0026para=2\u0026copy=3`) {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
}

// TestRomanNumeralsAndRaisedDigitsInsideValues: a roman numeral of one
// letter for a letter ("ⅮE89 …", "ⅤS – Nur für den Dienstgebrauch") and
// one raised or lowered digit between two digits ("860957427₁9") are
// read as the letter and the digit, through the running proxy. Before
// (sec15), the IBAN, the marking and the Steuer-ID so went out. A footnote
// after a word or a number, a unit's exponent and a numeral of several
// letters stay as written.
func TestRomanNumeralsAndRaisedDigitsInsideValues(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct{ name, text, gone string }{
		{"a roman D", "Überweise an ⅮE89 3704 0044 0532 0130 00", "0130"},
		{"small roman letters", "Überweise an ⅾe89 3704 0044 0532 0130 00", "0130"},
		{"a roman V", "ⅤS – Nur für den Dienstgebrauch: Bericht", "Dienstgebrauch"},
		{"a subscript digit", "Steuer-ID 860957427₁9", "427"},
		{"a superscript digit", "Steuer-ID 8609⁵742719", "742719"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(tc.text))
			got := sent()[n:]
			if code == 200 && (len(got) != 1 || strings.Contains(got[0], tc.gone)) {
				t.Fatalf("the service got %q (%d %.200s)", got, code, out)
			}
		})
	}
	t.Run("footnotes, units and numerals pass", func(t *testing.T) {
		const text = "Siehe Fußnote¹ und Anlage 2024², Fläche 12 m², 10⁶ Zellen, Kapitel Ⅷ und Ⅻ."
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(text))
		if got := sent()[n:]; code != 200 || len(got) != 1 || !strings.Contains(got[0], text) {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
}

// brailleText writes s in braille (grade 1): letters, a capital sign
// before a capital, the number sign before a run of digits.
func brailleText(s string) string {
	cells := map[rune]rune{}
	for i, dots := range []rune{0x01, 0x03, 0x09, 0x19, 0x11, 0x0B, 0x1B, 0x13, 0x0A, 0x1A, 0x05, 0x07, 0x0D,
		0x1D, 0x15, 0x0F, 0x1F, 0x17, 0x0E, 0x1E, 0x25, 0x27, 0x3A, 0x2D, 0x3D, 0x35} {
		cells['a'+rune(i)] = 0x2800 + dots
	}
	var b strings.Builder
	num := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if !num {
				b.WriteRune(0x283C)
				num = true
			}
			b.WriteRune(cells['a'+(r-'0'+9)%10])
			continue
		case r >= 'A' && r <= 'Z':
			b.WriteRune(0x2820)
			r += 'a' - 'A'
		}
		num = false
		if c, ok := cells[r]; ok {
			b.WriteRune(c)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestBrailleInsideValues: a Steuer-ID, a name and an IBAN written in
// braille cells (grade 1: letters, the capital sign, the number sign
// before digits), which a model reads, are read as letters and digits,
// through the running proxy. Before (sec15), they went out unread. Braille
// text that holds nothing passes as it is.
func TestBrailleInsideValues(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct{ name, text, gone string }{
		{"a Steuer-ID", "Steuer-ID " + brailleText("86095742719"), brailleText("86095742719")[9:]},
		{"a name", "Sehr geehrter Herr " + brailleText("Juergen Kowalski") + ", danke.", brailleText("Kowalski")},
		{"an IBAN", "IBAN " + brailleText("D") + brailleText("E89 3704 0044 0532 0130 00"), brailleText("0130")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(tc.text))
			got := sent()[n:]
			if code == 200 && (len(got) != 1 || strings.Contains(got[0], tc.gone)) {
				t.Fatalf("the service got %q (%d %.200s)", got, code, out)
			}
		})
	}
	t.Run("braille that holds nothing passes", func(t *testing.T) {
		text := "Gruß in Braille: " + brailleText("Hallo Welt, bis 2026") + " ⣿⣿ ⠿"
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(text))
		if got := sent()[n:]; code != 200 || len(got) != 1 || !strings.Contains(got[0], text) {
			t.Fatalf("%d %.300s: %q", code, out, got)
		}
	})
}

// TestHiddenTextBesideLatin1BytesInspected: text hidden in tag characters
// or variation selectors is read in a value that also holds a Latin-1 byte
// (a form value, a multipart text part, a query value, a header), through
// the running proxy. Such a value is read as Windows-1252, which shows the
// hiding characters' UTF-8 bytes as other letters, and as UTF-8 beside;
// before (sec15), the UTF-8 reading was scanned as it stood and the URL's
// and headers' not at all, so a Steuer-ID and a name with an IBAN went out
// unseen behind "Gr\xfc\xdfe". An emoji with its selector beside Latin-1
// passes.
func TestHiddenTextBesideLatin1BytesInspected(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api-free.deepl.com": up}})
	sent := func() []string {
		h.llm.mu.Lock()
		defer h.llm.mu.Unlock()
		return append(up.bodies(), h.llm.received...)
	}
	tags := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(0xE0000 + r)
		}
		return b.String()
	}
	hidden := map[string]string{
		"selectors": "😀" + selectorBytes("Steuer-ID 86095742719"),
		"tags":      tags("Herr Juergen Kowalski, IBAN DE89 3704 0044 0532 0130 00"),
	}
	form := func(u, body string) *http.Request {
		req, _ := http.NewRequest("POST", u, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}
	for kind, text := range hidden {
		for _, tc := range []struct {
			name string
			req  func() *http.Request
		}{
			{"DeepL form", func() *http.Request {
				return form("https://api-free.deepl.com/v2/translate", "target_lang=EN&text=Gr%FC%DFe+"+url.QueryEscape(text))
			}},
			{"form on an unknown route", func() *http.Request {
				return form("https://api.openai.com/v1/unknown", "prompt=Gr%FC%DFe+"+url.QueryEscape(text))
			}},
			{"multipart text part", func() *http.Request {
				body := "--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nGr\xfc\xdfe " + text + "\r\n--XyZ--\r\n"
				req, _ := http.NewRequest("POST", "https://api.openai.com/v1/audio/transcriptions", strings.NewReader(body))
				req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
				return req
			}},
			{"query value", func() *http.Request {
				req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions?note=Gr%FC%DFe+"+url.QueryEscape(text), strings.NewReader(chatBody("Hallo")))
				req.Header.Set("Content-Type", "application/json")
				return req
			}},
			{"header", func() *http.Request {
				req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(chatBody("Hallo")))
				req.Header.Set("Content-Type", "application/json")
				req.Header["X-Note"] = []string{"Gr\xfc\xdfe " + text}
				return req
			}},
		} {
			t.Run(kind+" in a "+tc.name, func(t *testing.T) {
				n := len(sent())
				code, out := h.send(t, tc.req())
				if got := sent()[n:]; code == 200 || len(got) > 0 {
					t.Fatalf("the service got %q (%d %.200s)", got, code, out)
				}
			})
		}
	}
	t.Run("an emoji beside Latin-1 passes", func(t *testing.T) {
		n := len(sent())
		code, out := h.send(t, form("https://api-free.deepl.com/v2/translate", "target_lang=EN&text=Gr%FC%DFe+"+url.QueryEscape("aus Köln ❤️")))
		if got := sent()[n:]; code != 200 || len(got) != 1 {
			t.Fatalf("%d %.200s: %q", code, out, got)
		}
	})
}

// TestOtherScriptsAndEncodingsHeld: forms round 15 tried that schleuse
// already read, through the running proxy, so that they stay read: digits
// of Thai, Bengali, Mongolian and Tibetan script, a name with word joiners
// between its letters, a JSON "\u0000" inside an IBAN, an upload as CSV in
// UTF-16LE with a byte-order mark, as text in Windows-1252 without a
// charset, as RTF (refused as unreadable), a file name in RFC 2231
// UTF-16, and a Latin-1 form value that is JSON or holds an inline file.
func TestOtherScriptsAndEncodingsHeld(t *testing.T) {
	h, sent := newEvasionHarness(t)
	digits := func(s string, zero rune) string {
		var b strings.Builder
		for _, r := range s {
			if r >= '0' && r <= '9' {
				r = zero + r - '0'
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	for _, tc := range []struct{ name, text string }{
		{"Thai digits", "Steuer-ID " + digits("86095742719", '๐')},
		{"Bengali digits", "Steuer-ID " + digits("86095742719", '০')},
		{"Mongolian digits", "Steuer-ID " + digits("86095742719", '᠐')},
		{"Tibetan digits", "IBAN DE" + digits("89 3704 0044 0532 0130 00", '༠')},
		{"word joiners", "Herr J\u2060ü\u2060rgen K\u2060o\u2060walski"},
		{"a JSON NUL", "IBAN DE89\x003704\x000044 0532 0130 00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(tc.text))
			got := sent()[n:]
			if code == 200 && (len(got) != 1 || !strings.Contains(got[0], "_1]")) {
				t.Fatalf("the service got %q (%d %.200s)", got, code, out)
			}
		})
	}
	utf16le := func(s string, bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, c := range utf16.Encode([]rune(s)) {
			b = append(b, byte(c), byte(c>>8))
		}
		return string(b)
	}
	pct := func(s string) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
		return b.String()
	}
	akte := base64.StdEncoding.EncodeToString([]byte("Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"))
	for _, tc := range []struct{ name, body string }{
		{"a Latin-1 form value that is JSON", "note=" + url.QueryEscape(`{"steuer_id":"86095742719","gruss":"`) + "Gr%FC%DFe" + url.QueryEscape(`"}`)},
		{"a Latin-1 form value with an inline file", "note=Gr%FC%DFe+" + url.QueryEscape("data:text/plain;base64,"+akte)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/unknown", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if code, out := h.send(t, req); code == 200 || len(sent()) > n {
				t.Fatalf("the service got %q (%d %.200s)", sent()[n:], code, out)
			}
		})
	}
	for _, tc := range []struct{ name, disposition, ctype, content string }{
		{"CSV in UTF-16LE", `filename="liste.csv"`, "text/csv", utf16le("Name;Steuer-ID\nKowalski;86095742719\n", true)},
		{"text in Windows-1252", `filename="notiz.txt"`, "application/octet-stream", "Herr J\xfcrgen Kowalski \x96 VS \x96 Nur f\xfcr den Dienstgebrauch"},
		{"RTF", `filename="brief.rtf"`, "application/rtf", `{\rtf1\ansi Herr J\'fcrgen Kowalski, Steuer-ID 86095742719}`},
		{"a file name in UTF-16", "filename*=utf-16''" + pct(utf16le("Kowalski 86095742719.txt", true)), "text/plain", "Hallo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
			b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; " + tc.disposition + "\r\nContent-Type: " + tc.ctype + "\r\n\r\n" + tc.content + "\r\n--XyZ--\r\n")
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
			if code, out := h.send(t, req); code == 200 || len(sent()) > n {
				t.Fatalf("the service got %q (%d %.200s)", sent()[n:], code, out)
			}
		})
	}
}
