package providers

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestBase64NextToEscapeRewritten: a run of base64 in JSON text held in a
// string (a tool call's arguments) that an escape of that text follows or
// precedes ("\n" after it, "\/" before it), but that holds none, is read
// once, as a field that a redaction rewrites in place. Before, it was read
// with the escapes undone as well, as a file, and its findings blocked.
func TestBase64NextToEscapeRewritten(t *testing.T) {
	text := "Vermerk: Herr Jürgen Kowalski ruft an"
	tok := base64.StdEncoding.EncodeToString([]byte(text))
	req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
	for _, inner := range []string{
		`{"inhalt":"` + tok + `\nDanke"}`,
		`{"inhalt":"Zeile 1\n` + tok + `"}`,
		`{"inhalt":"` + tok + `","url":"https:\/\/example.org\/"}`,
		`{"inhalt":"a\/` + " " + tok + `\/b"}`,
		`{"inhalt":"` + tok + `\r\n"}`,
	} {
		args, _ := json.Marshal(inner)
		body := `{"model":"gpt-4o","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":` + string(args) + `}}]},{"role":"user","content":"weiter"}]}`
		env, err := openAIAdapter{}.Extract(req, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		field := -1
		for i, f := range env.Fields {
			if f.Text != text {
				continue
			}
			if f.Kind == File || !f.Redactable() || field >= 0 {
				t.Fatalf("%s: read as %s (redactable %v), or twice: %+v", inner, f.Kind, f.Redactable(), env.Fields)
			}
			field = i
		}
		if field < 0 {
			t.Fatalf("%s: not read: %+v", inner, env.Fields)
		}
		start := strings.Index(text, "Jürgen")
		out, err := openAIAdapter{}.Apply(req, []byte(body), env, []Edit{{Field: field, Start: start, End: start + len("Jürgen Kowalski"), Replacement: "[PERSON_1]"}})
		if err != nil {
			t.Fatalf("%s: %v", inner, err)
		}
		want := strings.Replace(inner, tok, base64.StdEncoding.EncodeToString([]byte(strings.Replace(text, "Jürgen Kowalski", "[PERSON_1]", 1))), 1)
		var doc struct {
			Messages []struct {
				ToolCalls []struct{ Function struct{ Arguments string } } `json:"tool_calls"`
			} `json:"messages"`
		}
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if got := doc.Messages[0].ToolCalls[0].Function.Arguments; got != want {
			t.Errorf("the service gets\n%s\nwant\n%s", got, want)
		}
	}
}

// TestBase64AlphabetFromContext: a run of base64 with none of "+/-_" reads
// alike in both alphabets, but the encoding of its redacted text may hold
// "+" or "/" (standard) where URL-safe has "-" or "_". The rewrite takes
// the alphabet from the run's context: a neighbouring run of the same
// token (a JWT's signature with "_"), a URL, the padding (none where its length needs some: URL-safe; "=": standard).
// Before, every such run was rewritten in the standard alphabet, and a
// service that reads URL-safe base64 could not decode it.
func TestBase64AlphabetFromContext(t *testing.T) {
	// A text whose encoding has none of "+/-_" in either form, but whose
	// redacted text's ends in "/" (standard) or "_" (URL-safe).
	const text, red = "Vermerk: Herr Anna Schmidt ruft an?", "Vermerk: Herr [PERSON_1] ruft an?"
	if e, r := base64.StdEncoding.EncodeToString([]byte(text)), base64.StdEncoding.EncodeToString([]byte(red)); strings.ContainsAny(e, "+/") || !strings.ContainsAny(r, "+/") {
		t.Fatalf("%s %s", e, r)
	}
	padded := base64.StdEncoding.EncodeToString([]byte(text))
	raw := strings.TrimRight(padded, "=")
	req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
	for _, c := range []struct {
		name, field, value, tok string
		enc                     *base64.Encoding
	}{
		{"padded: standard", "content", "Bitte dekodiere: " + padded + " Danke.", padded, base64.StdEncoding},
		{"without the padding it needs: URL-safe", "content", "Bitte dekodiere: " + raw + " Danke.", raw, base64.RawURLEncoding},
		{"a JWT whose signature has '_': URL-safe", "content", "Token: eyJhbGciOiJIUzI1NiJ9." + padded + ".dBjftJeZ4CVP_mB92K27uhbUJU1p1r_wW1gFWFOEjXk prüfen", padded, base64.URLEncoding},
		{"a neighbour with '/': standard", "content", "Teile: " + raw + ".QUJD/REVG", raw, base64.RawStdEncoding},
		{"a URL: URL-safe", "content", "Link: https://example.org/r#" + padded + " Danke.", padded, base64.URLEncoding},
		{"a whole value without padding: URL-safe", "x_kontext", raw, raw, base64.RawURLEncoding},
		{"a whole value, padded: standard", "x_kontext", padded, padded, base64.StdEncoding},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, _ := json.Marshal(c.value)
			body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Fasse zusammen."}]}`
			if c.field == "content" {
				body = `{"model":"gpt-4o","messages":[{"role":"user","content":` + string(v) + `}]}`
			} else {
				body = `{"model":"gpt-4o","` + c.field + `":` + string(v) + `,"messages":[{"role":"user","content":"Fasse zusammen."}]}`
			}
			env, err := openAIAdapter{}.Extract(req, []byte(body))
			if err != nil {
				t.Fatal(err)
			}
			field := -1
			for i, f := range env.Fields {
				if f.Text == text && f.Kind != File && f.Redactable() {
					field = i
				}
			}
			if field < 0 {
				t.Fatalf("not read as a field: %+v", env.Fields)
			}
			start := strings.Index(text, "Anna")
			out, err := openAIAdapter{}.Apply(req, []byte(body), env, []Edit{{Field: field, Start: start, End: start + len("Anna Schmidt"), Replacement: "[PERSON_1]"}})
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Replace(string(v), c.tok, c.enc.EncodeToString([]byte(red)), 1)
			if !strings.Contains(string(out), want) {
				t.Errorf("the service gets\n%s\nwant\n%s", out, want)
			}
		})
	}
}

// TestBase64AfterEquals: base64 as a URL's query value ("?state=…") or
// after any "key=" is a run of its own, read and rewritten (URL-safe, as
// in a URL); before, "state=" and the value were one run, which decoded
// to nothing, and the name in it went out unread.
func TestBase64AfterEquals(t *testing.T) {
	const text = "Vermerk: Herr Anna Schmidt ruft an?"
	tok := base64.RawURLEncoding.EncodeToString([]byte(text))
	req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
	for _, prompt := range []string{
		"Link: https://example.org/cb?state=" + tok + " Danke.",
		"Link: https://example.org/cb?a=1&state=" + tok + "&b=2 Danke.",
		"Wert: token=" + tok,
	} {
		body := `{"model":"gpt-4o","messages":[{"role":"user","content":` + strconvQuote(prompt) + `}]}`
		env, err := openAIAdapter{}.Extract(req, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		field := -1
		for i, f := range env.Fields {
			if f.Text == text && f.Kind != File && f.Redactable() {
				field = i
			}
		}
		if field < 0 {
			t.Fatalf("%s: not read: %+v", prompt, env.Fields)
		}
		start := strings.Index(text, "Anna")
		out, err := openAIAdapter{}.Apply(req, []byte(body), env, []Edit{{Field: field, Start: start, End: start + len("Anna Schmidt"), Replacement: "[PERSON_1]"}})
		if err != nil {
			t.Fatal(err)
		}
		want := base64.RawURLEncoding.EncodeToString([]byte("Vermerk: Herr [PERSON_1] ruft an?"))
		if !strings.Contains(string(out), want) || strings.Contains(string(out), tok) {
			t.Errorf("%s: the service gets %s, want %s in it", prompt, out, want)
		}
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestBase64ContextLinear: a prompt of one token of many runs of base64
// (joined by '.' as a JWT's parts, or by '=' as key=value pairs) is read
// in time linear in its length. Before, each run read its whole token to
// find its alphabet (base64URLContext): 400 KiB took over a minute of CPU,
// a request that held a core that long; and after a run whose text held a
// run, the next read its token again (128 KiB 2 s).
func TestBase64ContextLinear(t *testing.T) {
	req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
	// Runs of zeros, and runs of text that holds a run itself (read within
	// the outer run's loop).
	inner := base64.StdEncoding.EncodeToString([]byte("Hallo QUFBQUFBQUFBQUFBQUFB Welt"))
	for _, unit := range []string{"AAAAAAAAAAAAAAAAAAAA.", "AAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAA:", inner + "!", inner + "."} {
		content := strings.Repeat(unit, (512<<10)/len(unit))
		body := `{"model":"gpt-4o","messages":[{"role":"user","content":` + strconvQuote(content) + `}]}`
		start := time.Now()
		if _, err := (openAIAdapter{}).Extract(req, []byte(body)); err != nil {
			t.Fatal(err)
		}
		// Linear: some ms; quadratic: minutes. The bound leaves room for
		// a loaded machine (linearBound).
		if d := time.Since(start); linearBound(d, 10*time.Second) {
			t.Errorf("%q…: 512 KiB read in %v", unit, d)
		}
	}
}

// TestBase64NextToEscapesLinear: a prompt of many runs of base64 of text,
// each next to an escape of JSON text ("QWt0…\nQWt0…\n…", read once more
// with the escapes undone), is read in time linear in its length, each
// run once as a field. Before, each run of the second reading went through
// all fields to find whether the first had read it (readAs): 2 MiB took
// 19 s of CPU.
func TestBase64NextToEscapesLinear(t *testing.T) {
	req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
	tok := base64.StdEncoding.EncodeToString([]byte("Hallo Welt, Text"))
	n := (2 << 20) / (len(tok) + 2)
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":` + strconvQuote(strings.Repeat(tok+`\n`, n)) + `}]}`
	start := time.Now()
	env, err := openAIAdapter{}.Extract(req, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); linearBound(d, 8*time.Second) {
		t.Errorf("2 MiB read in %v", d)
	}
	runs := 0
	for _, f := range env.Fields {
		if f.Text == "Hallo Welt, Text" {
			if f.Kind == File || !f.Redactable() {
				t.Fatalf("a run read as %s (redactable %v)", f.Kind, f.Redactable())
			}
			runs++
		}
	}
	if runs != n {
		t.Errorf("%d runs read as fields, want %d", runs, n)
	}
}

// base64URLContextRef is base64URLContext as it was written first, each
// run reading its token: the reference b64Context must agree with.
func base64URLContextRef(s string, start, end int) int8 {
	if strings.ContainsAny(s[start:end], "+/-_") {
		return 0
	}
	ts, te := start, end
	for ts > 0 && !tokenEnd(s[ts-1]) {
		ts--
	}
	for te < len(s) && !tokenEnd(s[te]) {
		te++
	}
	url, std := false, false
	for i := start - 1; i >= ts && (s[i] == '.' || base64Class[s[i]]); i-- {
		url, std = url || s[i] == '-' || s[i] == '_', std || s[i] == '+' || s[i] == '/'
	}
	for i := end; i < te && (s[i] == '.' || base64Class[s[i]]); i++ {
		url, std = url || s[i] == '-' || s[i] == '_', std || s[i] == '+' || s[i] == '/'
	}
	switch {
	case url && !std:
		return 1
	case std && !url:
		return -1
	case url:
		return 0
	}
	if tok := strings.ToLower(s[ts:start]); strings.Contains(tok, "://") || strings.HasPrefix(tok, "www.") {
		return 1
	}
	return 0
}

// FuzzBase64Context: b64Context, reading the runs of a string in order as
// embeddedBase64 does (and once more at random spans, as base64Pieces
// and a line-joined run do), says what base64URLContextRef says.
func FuzzBase64Context(f *testing.F) {
	for _, s := range []string{
		"eyJhbGciOiJIUzI1NiJ9.QWt0ZW5ub3RpegAAAAAAAA.abc-def_ghi",
		"https://example.org/cb?a=1&state=QWt0ZW5ub3RpegAAAAAAAA&b=2",
		"WWW.example.org/QWt0ZW5ub3RpegAAAAAAAA x",
		"key=QWt0ZW5ub3RpegAAAAAAAA=QWt0ZW5ub3RpegAAAAAAAA+/ \"AAAA.BBBB\" ://",
		"QWt0ZW5u\nb3RpegAA.x_y\n+/AAAAAAAAAAAAAAAAAAA",
	} {
		f.Add(s, uint16(3))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint16) {
		var m b64Context
		check := func(start, end int) {
			if got, want := m.at(s, start, end), base64URLContextRef(s, start, end); got != want {
				t.Fatalf("%q [%d:%d]: %d, want %d", s, start, end, got, want)
			}
		}
		for p := 0; p < len(s); {
			if !base64Class[s[p]] {
				p++
				continue
			}
			q := p
			for q < len(s) && base64Class[s[q]] {
				q++
			}
			check(p, q)
			p = q
		}
		x := uint32(seed) | 1
		for range 8 {
			if len(s) == 0 {
				break
			}
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			a := int(x % uint32(len(s)))
			b := a + int(x>>8)%(len(s)-a+1)
			check(a, b)
		}
	})
}
