package providers

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestMailTextSpansWindows1252: escapes that decode to no UTF-8 are read
// as Windows-1252 where they stand, and the text around them stays
// Verbatim: a name there is replaced in the prompt, not blocked (before,
// the spans were dropped).
func TestMailTextSpansWindows1252(t *testing.T) {
	for _, tc := range []struct{ in, want, escaped string }{
		{"Anna Kowalski: =A1=B1 ist FALSCH", "Anna Kowalski: ¡± ist FALSCH", "¡±"},
		{"Zeile=\nweiter, J=FCrgen Kowalski", "Zeileweiter, Jürgen Kowalski", "ü"},
	} {
		d, at, ok := mailText(tc.in)
		if !ok || d != tc.want || len(at) == 0 {
			t.Fatalf("%q: %q %v %v", tc.in, d, at, ok)
		}
		f := Field{Text: d, escaped: at}
		if i := strings.Index(d, "Kowalski"); !f.Verbatim(i, i+len("Kowalski")) {
			t.Errorf("%q: the name is not Verbatim in %q (%v)", tc.in, d, at)
		}
		if i := strings.Index(d, tc.escaped); f.Verbatim(i, i+len(tc.escaped)) {
			t.Errorf("%q: %q is Verbatim in %q (%v)", tc.in, tc.escaped, d, at)
		}
	}
}

func TestMailText(t *testing.T) {
	const qpHead = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
	for _, tc := range []struct {
		in, want string // want "": not a mail's encoding
	}{
		{qpHead + "Steuer-ID 860957=\r\n42719, f=C3=BCr Herrn J=C3=BCrgen", qpHead + "Steuer-ID 86095742719, für Herrn Jürgen"},
		{qpHead + "soft break with blanks =  \nweiter", qpHead + "soft break with blanks weiter"},
		{qpHead + "Latin-1: J=FCrgen =96 Gr=FC=DFe", qpHead + "Latin-1: Jürgen – Grüße"},
		{qpHead + "a = b, x=zz, 100=", ""}, // nothing encoded
		{"From: =?ISO-8859-1?Q?J=FCrgen_Kowalski?= <x>", "From: Jürgen Kowalski <x>"},
		{"Subject: =?UTF-8?B?SsO8cmdlbiBLb3dhbHNraQ==?=", "Subject: Jürgen Kowalski"},
		{"From: =?utf-8?q?J=C3=BCrgen?=\r\n =?utf-8?q?_Kowalski?= <x>", "From: Jürgen Kowalski <x>"},
		{"To: =?UTF-8?Q?Anna?= und =?UTF-8?Q?Max?=", "To: Anna und Max"},
		{"=?bad", ""},
		{"a =?UTF-8?X?abc?= b", ""},
		{"Gleichung: x=?; y=1", ""},
		{"Sehr geehrte Damen und Herren, 2+2=4.", ""},
		{"Ein Satz über quoted-printable ohne Escapes.", ""},
		// The header's value in any case, as MIME and mail programs read it.
		{"Content-Transfer-Encoding: QUOTED-printable\n\nJ=C3=BCrgen 860957=\n42719", "Content-Transfer-Encoding: QUOTED-printable\n\nJürgen 86095742719"},
		{"content-transfer-encoding: Quoted-PRINTABLE\n\nJ=FCrgen", "content-transfer-encoding: Quoted-PRINTABLE\n\nJürgen"},
		{"Quoted-Printable\n\nJ=FCrgen", "Quoted-Printable\n\nJürgen"},
		{"quoted-printabl =FC", ""},
		// Without a header: two escapes in a row or a soft line break
		// between letters or digits (sec15).
		{"Herr J=C3=BCrgen", "Herr Jürgen"},
		{"Steuer-ID 860957=\n42719", "Steuer-ID 86095742719"},
		{"Steuer-ID 860957=\r\n42719", "Steuer-ID 86095742719"},
		{"=38=36=30", "860"},
		{"x=10, ?id=AB", ""},
		{"a ==\nb, QWt0ZQ==\nDanke", ""},
		{"Ende =\n", ""},
	} {
		got, ok := MailText(tc.in)
		if tc.want == "" {
			if ok {
				t.Errorf("%q: read as %q", tc.in, got)
			}
			continue
		}
		if !ok || got != tc.want {
			t.Errorf("%q:\n got %q (%v)\nwant %q", tc.in, got, ok, tc.want)
		}
	}
}

// FuzzMailText: MailText never panics, gives text, and reads only what
// holds one of its markers.
func FuzzMailText(f *testing.F) {
	for _, s := range []string{
		"Content-Transfer-Encoding: quoted-printable\r\n\r\nJ=C3=BCrgen 860957=\r\n42719",
		"From: =?ISO-8859-1?Q?J=FCrgen_Kowalski?= =?UTF-8?B?SsO8cmdlbg==?=", "=?", "=?a?q?=?=", "=?a?b?====?=", "quoted-printable =\n=", "", "J=C3=BC", "a=\r\nb", "=4=41", "x=\n", "Anna =A1=B1 Kowalski", "bgcolor=FF0000 x=\ny", "=C3=A1=B1\xbc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := MailText(s)
		if !ok {
			return
		}
		// Where escapes stood: pairs in order, inside the text.
		d2, at, _ := mailText(s)
		if d2 != d || len(at)%2 != 0 {
			t.Fatalf("%q: %q, %v", s, d2, at)
		}
		for i := 0; i < len(at); i++ {
			if at[i] < 0 || at[i] > len(d) || i > 0 && at[i] < at[i-1] {
				t.Fatalf("%q read as %q: spans %v", s, d, at)
			}
		}
		// What lies outside them stands in s as it stands in d, in order
		// (Verbatim: a finding there is replaced in s); no spans: it
		// cannot tell.
		from, prev := 0, 0
		for i := 0; len(at) > 0 && i <= len(at); i += 2 {
			end := len(d)
			if i < len(at) {
				end = at[i]
			}
			seg := d[prev:end]
			k := strings.Index(s[from:], seg)
			if k < 0 {
				t.Fatalf("%q read as %q: %q (outside the spans %v) is not in it", s, d, seg, at)
			}
			from += k + len(seg)
			if i+1 < len(at) {
				prev = at[i+1]
			}
		}
		if !utf8.ValidString(d) || d == s {
			t.Fatalf("%q read as %q", s, d)
		}
		if !strings.Contains(s, "=?") && !strings.Contains(strings.ToLower(s), "uoted-printable") && !qpShaped(s) {
			t.Fatalf("%q has no marker, read as %q", s, d)
		}
	})
}

// TestMailTextLinear: a prompt of many beginnings of encoded words that
// never end ("=?a?q?x…", "=?a?b?QUFB…": no "?=" anywhere) is read in time
// linear in its length. Before, each beginning searched the rest of the
// text for the word's end before asking whether it lay within the word's
// bound: 1 MiB took 7 s of CPU, 2 MiB half a minute, a request that held
// a core that long (mailField reads every text field).
func TestMailTextLinear(t *testing.T) {
	req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
	for _, unit := range []string{"=?a?q?x", "=?a?b?QUFB", "=?utf-8?Q?J=C3=BCrgen"} {
		content := strings.Repeat(unit, (2<<20)/len(unit))
		body := `{"model":"gpt-4o","messages":[{"role":"user","content":` + strconvQuote(content) + `}]}`
		start := time.Now()
		if _, err := (openAIAdapter{}).Extract(req, []byte(body)); err != nil {
			t.Fatal(err)
		}
		// Linear: some ms; quadratic: half a minute. The bound leaves
		// room for a loaded machine (linearBound).
		if d := time.Since(start); linearBound(d, 10*time.Second) {
			t.Errorf("%q…: 2 MiB read in %v", unit, d)
		}
	}
}

func TestUnfoldedCard(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"BEGIN:VCARD\r\nNOTE:IBAN DE89 3704 0044 05\r\n 32 0130 00\r\nEND:VCARD", "BEGIN:VCARD\r\nNOTE:IBAN DE89 3704 0044 0532 0130 00\r\nEND:VCARD"},
		{"BEGIN:VCALENDAR\nDESCRIPTION:Steuer-ID 860957\n\t42719\nEND:VCALENDAR", "BEGIN:VCALENDAR\nDESCRIPTION:Steuer-ID 86095742719\nEND:VCALENDAR"},
		{"BEGIN:VCARD\r\nFN:Anna\r\nEND:VCARD", ""},
		{"Ein Brief\r\n mit Einzug", ""},
		// the names in any case (rev22: before, all capitals or all small letters only)
		{"Begin:vCard\r\nNOTE:Steuer-ID 860957\r\n 42719\r\nEnd:vCard", "Begin:vCard\r\nNOTE:Steuer-ID 86095742719\r\nEnd:vCard"},
		{"Begin:VCalendar\nX:a\n b", "Begin:VCalendar\nX:ab"},
		{"Termin: begin: vcard\r\n x", ""},
	} {
		got, ok := UnfoldedCard(c.in)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("UnfoldedCard(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

// FuzzUnfoldedCard: never panics; a result is shorter and comes from a
// card with a folded line.
func FuzzUnfoldedCard(f *testing.F) {
	for _, s := range []string{"BEGIN:VCARD\r\nNOTE:a\r\n b\r\nEND:VCARD", "begin:vcalendar\n\tx", "BEGIN:VCARD\r", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := UnfoldedCard(s)
		if ok && (len(d) >= len(s) || !strings.Contains(strings.ToLower(s), "begin:v")) {
			t.Fatalf("%q → %q", s, d)
		}
	})
}
