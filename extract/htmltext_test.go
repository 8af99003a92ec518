package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestHTMLText: an HTML file reads as its page: tags out, block elements as
// line breaks, cells as tabs, references decoded; a "<" that starts no tag
// stays, and a text that is no HTML is not read twice.
func TestHTMLText(t *testing.T) {
	for in, want := range map[string]string{
		`<p>Frau Ko<span class="x">wal</span>ski</p>`:                             "\nFrau Kowalski\n",
		`IBAN DE89 3704 <b>0044</b> 0532<!-- x --> 0130 00`:                       "IBAN DE89 3704 0044 0532 0130 00",
		`<a title="a > b" href='x'>Anna</a> Schmidt`:                              "Anna Schmidt",
		`<tr><td>Name</td><td>Müller</td></tr>`:                                   "\n\tName\tMüller\n",
		`J&uuml;rgen&nbsp;Weber<br>Zeile`:                                         "Jürgen\u00a0Weber\nZeile",
		`3 < 4 und 5 <= 6`:                                                        "3 < 4 und 5 <= 6",
		`<!DOCTYPE html><html><head><title>T</title></head><body>x</body></html>`: "\nT\nx",
		`offen <span`: "offen <span",
	} {
		if got := htmlText(in, false); got != want {
			t.Errorf("htmlText(%q) = %q, want %q", in, got, want)
		}
		if got := htmlText(in, true); got != want {
			t.Errorf("htmlText(%q, rendered) = %q, want %q", in, got, want)
		}
	}
	// What the page shows: hidden elements left out (sec13), the rest as
	// in the page reading.
	for in, want := range map[string]string{
		`IBAN DE89 3704 0044 05<script>1</script>32 0130 00`:                         "IBAN DE89 3704 0044 0532 0130 00",
		`05<SCRIPT type="x">if (a</b>) {}</SCRIPT>32`:                                "0532",
		`05<style>p{}</style>32 <template><p>1</p></template>x`:                      "0532 x",
		`860957<span hidden>1</span>42719`:                                           "86095742719",
		`860957<span style="display: none">1<span>2</span>3</span>42719`:             "86095742719",
		`860957<b STYLE="Visibility:Hidden">1</b>42719 <span data-hidden=1>x</span>`: "86095742719 x",
		`a<br hidden>b<img hidden src=x>c<span hidden/>d`:                            "a\nbcd",
		`a<span hidden>b`: "a",
	} {
		if got := htmlText(in, true); got != want {
			t.Errorf("htmlText(%q, rendered) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		in   string
		html bool
	}{
		{"<!doctype html><p>x</p>", true},
		{"<html lang=de><body>x", true},
		{"  <div>Vermerk</div>", true},
		{"Vermerk: a <b> c", false},
		{"if a < b && c > d { }", false},
		{"# Überschrift\n\n<p> im Markdown", false},
	} {
		if got := looksLikeHTML(c.in); got != c.html {
			t.Errorf("looksLikeHTML(%q) = %v", c.in, got)
		}
	}
	// A file that is HTML is read twice, as written and as its page; text
	// that is not is read once.
	page := `<html><body><p>Frau Ay<span>şe</span> Yıl<b>maz</b>, IBAN DE89 3704 <i>0044</i> 0532 0130 00</p></body></html>`
	got, err := Text("seite.html", "text/html", []byte(page), 0)
	if err != nil || !strings.Contains(got, page) || !strings.Contains(got, "Frau Ayşe Yılmaz, IBAN DE89 3704 0044 0532 0130 00") {
		t.Errorf("Text of an HTML file = %q, %v", got, err)
	}
	if got, _ := Text("notiz.txt", "", []byte(sentence), 0); got != sentence {
		t.Errorf("plain text changed: %q", got)
	}
}

// FuzzHTMLText: no panic, valid UTF-8 stays valid, and a text without "<"
// or "&" comes back as it is.
func FuzzHTMLText(f *testing.F) {
	for _, s := range []string{`<p>Frau Ko<span class="x">wal</span>ski</p>`, `<a title="a > b">x</a>`, `<!-- x`, `<`, `&amp;<br/>`, "3 < 4", sentence,
		`05<script>1</script>32`, `860957<span style="display: none">1<span>2</span>3</span>42719`, `a<span hidden>b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := htmlText(s, false)
		if shown := htmlText(s, true); utf8.ValidString(s) && !utf8.ValidString(shown) {
			t.Fatalf("htmlText(%q, rendered) = %q: not UTF-8", s, shown)
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("htmlText(%q) = %q: not UTF-8", s, out)
		}
		if !strings.ContainsAny(s, "<&") && out != s {
			t.Fatalf("htmlText(%q) = %q: changed a text without markup", s, out)
		}
		if w := withHTMLText(s); !strings.HasPrefix(w, s) {
			t.Fatalf("withHTMLText dropped the text as written")
		}
	})
}
