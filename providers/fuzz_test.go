package providers

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzTargets are the golden cases in a fixed order; the fuzzer picks one
// by index and mutates its body.
func fuzzTargets(f *testing.F) ([]string, map[string]*goldenCase, *Router) {
	cases := loadCases(f)
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	r, err := NewRouter(DefaultRoutes())
	if err != nil {
		f.Fatal(err)
	}
	return names, cases, r
}

// FuzzExtractApply: every adapter must not panic on any body; Apply with no
// edits returns the same bytes; replacing every redactable field keeps the
// body parseable and the fields in place.
func FuzzExtractApply(f *testing.F) {
	names, cases, r := fuzzTargets(f)
	for i, n := range names {
		f.Add(uint8(i), []byte(cases[n].Body))
	}
	f.Add(uint8(0), []byte(`{"messages":[{"role":"user","content":"\ud83d"}]}`))
	f.Add(uint8(0), []byte(`{"messages":[{"role":"user","content":"a"}],"metadata":{"n":86095742719,"steuer_id":"86095742719","created_at":1732953600}}`))
	f.Add(uint8(0), []byte(`{"messages":[{"role":"user","content":"a"}],"metadata":{"n":86095742719.0000000001,"m":-8.60957427190000000001e10,"b":1234567.123456789012}}`))
	f.Add(uint8(0), []byte(`{"messages":[{"role":"user","content":"Lies (DATA:text/plain;base64,SGVyciBNYXggTXVzdGVybWFubg==) und data:,x data:text/csv,a%20b"}]}`))
	if i := slices.Index(names, "duck-ai-chat"); i >= 0 {
		// durableStream, dropped when the prompt is rewritten (withoutMember)
		f.Add(uint8(i), []byte(`{"durableStream":{"publicKey":{"alg":"RSA-OAEP-256","n":"nO0M9w4n"}} , "messages":[{"role":"user","content":"Max"}],"DurableStream":"Akte Herr Max Mustermann"}`))
	}
	if i := slices.Index(names, "grok-upload-form"); i >= 0 {
		// a text part in Latin-1, one with UTF-8 beside (partText)
		f.Add(uint8(i), []byte("------WebKitFormBoundaryq8Zx3Lk2Vb7Nc1Rt\r\nContent-Disposition: form-data; name=\"fileName\"\r\n\r\nJ\xfcrgen J\xc3\xbcrgen \x96\r\n------WebKitFormBoundaryq8Zx3Lk2Vb7Nc1Rt--\r\n"))
	}
	if i := slices.Index(names, "fallback-unknown"); i >= 0 {
		// links under keys named like a link (idValue)
		f.Add(uint8(i), []byte(`{"payload":{"url":"https://crm.stadt.de/buerger/DE89370400440532013000/akte","attachment_url":"https://x.example/a?iban=DE89370400440532013000","href":"http://a/","downloadUrl":"https://x.example/"}}`))
	}
	f.Fuzz(func(t *testing.T, idx uint8, body []byte) {
		gc := cases[names[int(idx)%len(names)]]
		a, _ := r.Adapter(gc.Adapter)
		req := gc.request()
		extract := func(b []byte) (*Envelope, error) { return a.Extract(req, b) }
		apply := func(b []byte, env *Envelope, e []Edit) ([]byte, error) { return a.Apply(req, b, env, e) }
		if ws, ok := a.(WebSocketInspector); ok && gc.WS {
			extract = func(b []byte) (*Envelope, error) { return ws.WSFrame(req, true, b) }
			apply = func(b []byte, env *Envelope, e []Edit) ([]byte, error) { return ws.WSApply(req, b, env, e) }
		}
		env, err := extract(body)
		if err != nil || env == nil {
			return
		}
		a.Block(req, env, testNotice)
		same, err := apply(body, env, nil)
		if err != nil || !bytes.Equal(same, body) {
			t.Fatalf("apply without edits: %v", err)
		}
		// Base64 text in a field (layerBase64) goes with the text it
		// stands in, as a file does: an edit of both overlaps
		// (ErrBadEdit), and once that text is replaced it is gone; so
		// does a field's percent-encoded text decoded (percentField).
		inText := func(fl Field) bool {
			return fl.Kind == File || fl.decoded || len(fl.loc) > 0 && fl.loc[len(fl.loc)-1].kind.encoding() != nil
		}
		var edits []Edit
		for i, fl := range env.Fields {
			if fl.Redactable() && !inText(fl) {
				edits = append(edits, Edit{Field: i, Start: 0, End: len(fl.Text), Replacement: "«X\"\\\n»"})
			}
		}
		if len(edits) == 0 {
			return
		}
		out, err := apply(body, env, edits)
		if err != nil {
			t.Fatalf("apply: %v", err)
		}
		env2, err := extract(out)
		if err != nil {
			t.Fatalf("re-extract %q: %v", out, err)
		}
		// Files go with the text they stood in (a data URL inside a
		// replaced text, embeddedDataURLs): the other fields stay in place.
		texts := func(fs []Field) (idx []int) {
			for i, fl := range fs {
				if fl.Kind != File && !inText(fl) && !droppedOnRewrite(gc.Adapter, fl) {
					idx = append(idx, i)
				}
			}
			return idx
		}
		t1, t2 := texts(env.Fields), texts(env2.Fields)
		if len(t2) != len(t1) {
			t.Fatalf("fields %d → %d", len(t1), len(t2))
		}
		for _, e := range edits {
			if droppedOnRewrite(gc.Adapter, env.Fields[e.Field]) {
				continue
			}
			if got := env2.Fields[t2[slices.Index(t1, e.Field)]].Text; got != e.Replacement && !strings.Contains(gc.Adapter, "deepl") {
				t.Fatalf("field %d = %q", e.Field, got)
			}
		}
	})
}

func FuzzParseForm(f *testing.F) {
	f.Add([]byte("text=Max+M%C3%BCller&text=b&target_lang=DE"))
	f.Add([]byte("f.req=%5Bnull%5D&at=x&"))
	f.Add([]byte("a&&=b&c=%zz"))
	f.Add([]byte("note=hallo&link=https%3A%2F%2Fcrm.stadt.de%2Fbuerger%2FDE89370400440532013000%3Fiban%3DDE89"))
	f.Add([]byte("prompt=J%FCrgen+Kowalski+%96+f%FCr&k%E4y=1&x=%81%8D"))
	f.Fuzz(func(t *testing.T, body []byte) {
		pairs, err := parseForm(body)
		if err != nil {
			return
		}
		for _, p := range pairs {
			if p.vStart < 0 || p.vEnd > len(body) || p.vStart > p.vEnd {
				t.Fatalf("span %d:%d of %d", p.vStart, p.vEnd, len(body))
			}
			// What the detectors get is text (a value in Latin-1 read as
			// Windows-1252), its layer decodes to it, and it encodes back
			// to what decodes to it again.
			if !utf8.ValidString(p.value) || !utf8.ValidString(p.key) {
				t.Fatalf("pair %q=%q is no UTF-8", p.key, p.value)
			}
			l := p.layer()
			dec, err := l.decode(body)
			if err != nil || string(dec) != p.value {
				t.Fatalf("value %q decodes to %q (%v)", p.value, dec, err)
			}
			enc := l.appendEncoded(nil, p.value)
			if back, err := (layer{kind: l.kind, start: 0, end: len(enc)}).decode(enc); err != nil || string(back) != p.value {
				t.Fatalf("value %q encodes to %q, which decodes to %q (%v)", p.value, enc, back, err)
			}
		}
	})
}

// FuzzDataURL: dataURL never panics; bytes encoded in any base64 the
// services read (standard, URL-safe, with or without padding, with line
// breaks) or percent-encoded come back as they were.
func FuzzDataURL(f *testing.F) {
	for _, s := range []string{"Akte Herr Jürgen Kowalski", "", "\xff\xfe\x00", "a,b;base64,c", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dataURL(s)
		dataURL("data:" + s)
		b := []byte(s)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			e := enc.EncodeToString(b)
			if len(e) > 10 {
				e = e[:10] + "\r\n" + e[10:]
			}
			mt, got, undecodable, ok := dataURL("data:text/csv;charset=utf-8;base64," + e)
			if !ok || undecodable || mt != "text/csv" || !bytes.Equal(got, b) {
				t.Fatalf("%q: %q %q %v %v", e, mt, got, undecodable, ok)
			}
		}
		_, got, undecodable, ok := dataURL("data:," + url.PathEscape(s))
		if !ok || undecodable || !bytes.Equal(got, b) {
			t.Fatalf("percent-encoded %q: %q %v %v", s, got, undecodable, ok)
		}
		if u, err := url.PathUnescape(s); err == nil && PercentDecode(s, false) != u {
			t.Fatalf("PercentDecode(%q, false) = %q, want %q as url.PathUnescape", s, PercentDecode(s, false), u)
		}
		if u, err := url.QueryUnescape(s); err == nil && PercentDecode(s, true) != u {
			t.Fatalf("PercentDecode(%q, true) = %q, want %q as url.QueryUnescape", s, PercentDecode(s, true), u)
		}
	})
}

// FuzzEmbeddedBase64: text base64-encoded into a prompt (standard or
// URL-safe alphabet, with or without padding, wrapped over lines of any
// width) or into a whole string value is read decoded as a
// file of the field; any string is read without a panic. Seeded from
// TestBase64InFieldsInspected (proxy) and TestFallbackSkips.
func FuzzEmbeddedBase64(f *testing.F) {
	f.Add("Bitte dekodiere:", []byte("Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"), uint8(15), false, false, "Danke.")
	f.Add("", []byte("Steuer-ID 86095742719 ?>>?"), uint8(0), true, true, "")
	f.Add("(x", []byte("Vermerk zur Akte. Vermerk zur Akte. Herr Kowalski"), uint8(3), false, true, "[]")
	f.Add("eyJhbGciOiJIUzI1NiJ9.", []byte(`{"sub":"1234567890","name":"Mirjam Tadesse"}`), uint8(200), true, false, ".sig")
	f.Add("", []byte("ABCABCABCABCABC"), uint8(0), false, false, "")
	f.Add(`{"inhalt":"`, []byte("??? Akte Herr Jürgen Kowalski, IBAN DE89370400440532013000"), uint8(0), false, false, `"}`)
	f.Fuzz(func(t *testing.T, pre string, payload []byte, width uint8, urlSafe, wrap bool, post string) {
		env := &Envelope{}
		newCollector(env).embeddedBase64(pre+string(payload)+post, "x", 0, b64Parent{}) // no panic
		if len(payload) < 12 || !utf8.Valid(payload) || !base64Text(payload) || bytes.Count(payload, []byte{0})*4 >= len(payload) {
			return // (UTF-16 of ASCII is valid UTF-8: its file holds the text decoded)
		}
		enc := base64.StdEncoding
		if urlSafe {
			enc = base64.RawURLEncoding
		}
		b64 := enc.EncodeToString(payload)
		if plainWords(b64) {
			return // read as words (plainWords: "ABCABC…" in capitals alone; no number, no sentence)
		}
		// a whole value
		env = &Envelope{}
		if !newCollector(env).base64Value(b64, "x", b64Parent{}) || !slices.ContainsFunc(env.Fields, func(fl Field) bool { return fl.Kind == File && fl.Text == string(payload) }) {
			t.Fatalf("%q: files %+v", b64, env.Fields)
		}
		var wrapped strings.Builder
		w := len(b64)
		if wrap {
			w = 4 * (1 + int(width)%30)
		}
		for len(b64) > w {
			wrapped.WriteString(b64[:w] + "\n")
			b64 = b64[w:]
		}
		wrapped.WriteString(b64)
		text := pre + " " + wrapped.String() + "\nDanke. " + post
		env = &Envelope{}
		newCollector(env).embeddedBase64(text, "messages[0].content", 0, b64Parent{})
		if !slices.ContainsFunc(env.Fields, func(fl Field) bool { return fl.Kind == File && fl.Text == string(payload) }) {
			t.Fatalf("%q: files %+v", text, env.Fields)
		}
		// JSON text in a string may escape "/", "+" and line breaks
		// (base64Escape).
		for _, esc := range []*strings.Replacer{strings.NewReplacer("/", `\/`), strings.NewReplacer("+", `\u002B`, "/", `\u002f`),
			strings.NewReplacer("\n", `\n`, "/", `\/`)} {
			if escaped := esc.Replace(text); !strings.Contains(text, `\`) && escaped != text {
				env = &Envelope{}
				newCollector(env).embeddedBase64(escaped, "messages[0].content", 0, b64Parent{})
				if !slices.ContainsFunc(env.Fields, func(fl Field) bool { return fl.Kind == File && fl.Text == string(payload) }) {
					t.Fatalf("%q: files %+v", escaped, env.Fields)
				}
			}
		}
	})
}

// FuzzEmbeddedDataURL: a base64 data URL inside a text field, on one line
// or wrapped at any width (a multiple of four, as encoders wrap), its
// payload on the comma's line or the next, is read as a file holding the
// text it encodes, whatever text stands around it.
func FuzzEmbeddedDataURL(f *testing.F) {
	f.Add("Bitte dekodiere:", []byte("Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"), uint8(18), true, "Danke.")
	f.Add("", []byte("a"), uint8(0), false, "")
	f.Add("(x", []byte("Vermerk zur Akte. Vermerk zur Akte. Herr Kowalski"), uint8(3), false, "[]")
	f.Fuzz(func(t *testing.T, pre string, payload []byte, width uint8, nextLine bool, post string) {
		if !textBytes(payload) || MediaKind("text/plain", payload) != "" {
			return
		}
		b64 := base64.StdEncoding.EncodeToString(payload)
		var wrapped strings.Builder
		if nextLine {
			wrapped.WriteString("\n")
		}
		w := 4 * (1 + int(width)%30)
		for len(b64) > w {
			wrapped.WriteString(b64[:w] + "\n")
			b64 = b64[w:]
		}
		wrapped.WriteString(b64)
		text := pre + " data:text/plain;base64," + wrapped.String() + "\nDanke. " + post
		env := &Envelope{}
		newCollector(env).embeddedDataURLs(text, "messages[0].content")
		if !slices.ContainsFunc(env.Fields, func(fl Field) bool { return fl.Kind == File && fl.Text == string(payload) }) {
			t.Fatalf("%q: files %+v", text, env.Fields)
		}
		// JSON text in a string may escape "/", "+" and line breaks
		// (base64Escape).
		for _, esc := range []*strings.Replacer{strings.NewReplacer("/", `\/`), strings.NewReplacer("+", `\u002B`, "/", `\u002f`),
			strings.NewReplacer("\n", `\n`, "/", `\/`)} {
			if escaped := esc.Replace(text); !strings.Contains(text, `\`) && escaped != text {
				env = &Envelope{}
				newCollector(env).embeddedBase64(escaped, "messages[0].content", 0, b64Parent{})
				if !slices.ContainsFunc(env.Fields, func(fl Field) bool { return fl.Kind == File && fl.Text == string(payload) }) {
					t.Fatalf("%q: files %+v", escaped, env.Fields)
				}
			}
		}
	})
}
