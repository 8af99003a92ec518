package providers

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

var jsonCases = []struct {
	name string
	in   string
	ok   bool
}{
	{"object", `{"a":"b","c":[1,2.5e3,-0.1,true,false,null]}`, true},
	{"whitespace", " \n\t{ \"a\" : [ ] , \"b\" : { } }\r\n", true},
	{"escapes", `"a\"b\\c\/d\b\f\n\r\t\u00fc\u20ac"`, true},
	{"surrogate pair", `"\ud83d\ude00 emoji"`, true},
	{"lone high surrogate", `"\ud83d x"`, true},
	{"lone low surrogate", `"\ude00"`, true},
	{"high then non-low", `"\ud83d\u0041"`, true},
	{"utf8 raw", `"Straße 😀"`, true},
	{"number zero", `0`, true},
	{"empty", ``, false},
	{"trailing", `{} {}`, false},
	{"trailing comma", `[1,]`, false},
	{"leading zero", `01`, false},
	{"bad escape", `"\x"`, false},
	{"short unicode", `"\u12"`, false},
	{"control char", "\"a\nb\"", false},
	{"invalid utf8", "\"\xff\"", false},
	{"unterminated", `"abc`, false},
	{"missing colon", `{"a" 1}`, false},
	{"bare word", `nul`, false},
	{"single quote", `'a'`, false},
	{"bad fraction", `1.`, false},
	{"bad exponent", `1e`, false},
	{"member twice", `{"a":1,"b":2,"a":3}`, false},
	{"member twice in another case (twins: refused when an adapter reads one)", `{"messages":[],"Messages":[]}`, true},
	{"member twice, Kelvin sign (twins)", "{\"kind\":1,\"\u212aind\":2}", true},
	{"member twice, escaped", `{"content":"a","cont\u0065nt":"b"}`, false},
	{"member twice in a big object", `{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":0,"k11":1,"k12":2,"k13":3,"k14":4,"k15":5,"k16":6,"k17":7,"k3":8}`, false},
	{"member twice in another case in a big object (twins)", `{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":0,"k11":1,"k12":2,"k13":3,"k14":4,"k15":5,"k16":6,"k17":7,"K3":8}`, true},
	{"same member in two objects", `[{"a":1},{"a":2,"b":{"a":3}}]`, true},
	{"snake and camel are two members", `{"inline_data":1,"inlineData":2}`, true},
}

// TestParseJSONAmbiguous: an object that names a member twice fails with
// ErrAmbiguous (and ErrMalformed). Names alike but for case (parseProtoJSON:
// also "_", proto3 JSON) are twins: the body is refused (twinsAsked) when
// an adapter reads one of them by name, as a service that folds names
// would read either, and accepted when none is read by name, as a JSON
// schema's properties or a tool call's arguments, which are a map's keys
// for every reader.
func TestParseJSONAmbiguous(t *testing.T) {
	for _, c := range []struct {
		in           string
		ask          []string // the path an adapter reads with get
		plain, proto bool     // ambiguous for parseJSON, parseProtoJSON
	}{
		{`{"a":1,"a":1}`, nil, true, true},
		{`{"data":"x","b":{"data":"y","Data":"z"}}`, []string{"b", "data"}, true, true},
		{`{"data":"x","b":{"data":"y","Data":"z"}}`, []string{"data"}, false, false},
		{`{"data":"x","b":{"data":"y","Data":"z"}}`, []string{"b", "Data"}, true, true},
		{`{"inlineData":{},"inline_data":{}}`, []string{"inlineData"}, false, true},
		{`{"inlineData":{},"inline_data":{}}`, []string{"inline_data"}, false, true},
		{`{"mimeType":"image/png","mime_type":"text/plain"}`, []string{"mimeType"}, false, true},
		{`{"inline_data":{},"inline_Data":{}}`, []string{"inline_data"}, true, true},
		{`{"a_b":1,"ab":2,"abc":3}`, []string{"ab"}, false, true},
		{`{"a_b":1,"ab":2,"abc":3}`, []string{"abc"}, false, false},
		{`{"contents":[],"generationConfig":{},"safetySettings":[]}`, []string{"contents"}, false, false},
		// A schema's properties: two names to every reader, never read by name.
		{`{"tools":[{"parameters":{"properties":{"id":{},"ID":{},"user_id":{},"userId":{}}}}]}`, []string{"tools"}, false, false},
	} {
		for _, proto := range []bool{false, true} {
			parse, want := parseJSON, c.plain
			if proto {
				parse, want = parseProtoJSON, c.proto
			}
			v, err := parse([]byte(c.in))
			if err == nil {
				v.path(c.ask...)
				err = twinsAsked(v)
			}
			if got := errors.Is(err, ErrAmbiguous); got != want || got && !errors.Is(err, ErrMalformed) {
				t.Errorf("%s, reading %v (proto %v): err = %v, want ambiguous %v", c.in, c.ask, proto, err, want)
			}
		}
	}
	// Through the map of a big object as through the pairwise check.
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&b, `"member_%d":%d,`, i, i)
	}
	v, err := parseProtoJSON([]byte(b.String() + `"member20":1}`))
	if err == nil {
		v.get("member20")
		err = twinsAsked(v)
	}
	if !errors.Is(err, ErrAmbiguous) {
		t.Errorf("big proto object: %v", err)
	}
	if v, err := parseJSON([]byte(b.String() + `"member20":1}`)); err != nil || v.get("member20") == nil || twinsAsked(v) != nil {
		t.Errorf("big object: %v, %v", err, twinsAsked(v))
	}
	if _, err := parseJSON([]byte(b.String() + `"member_20":1}`)); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("big object, a name twice: %v", err)
	}
}

func TestParseJSON(t *testing.T) {
	for _, c := range jsonCases {
		t.Run(c.name, func(t *testing.T) {
			v, err := parseJSON([]byte(c.in))
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok=%v", err, c.ok)
			}
			if err != nil {
				if !errors.Is(err, ErrMalformed) {
					t.Errorf("error %v does not wrap ErrMalformed", err)
				}
				return
			}
			checkAgainstStdlib(t, []byte(c.in), v)
		})
	}
}

// checkAgainstStdlib compares every decoded string and the spans with
// encoding/json.
func checkAgainstStdlib(t *testing.T, in []byte, v *jval) {
	t.Helper()
	var walk func(v *jval)
	walk = func(v *jval) {
		raw := in[v.start:v.end]
		if !json.Valid(raw) {
			t.Fatalf("span %d:%d %q is not a JSON value", v.start, v.end, raw)
		}
		switch v.kind {
		case jString:
			var s string
			if err := json.Unmarshal(raw, &s); err != nil || s != v.str {
				t.Fatalf("string %q decoded to %q, stdlib %q (%v)", raw, v.str, s, err)
			}
		case jObject, jArray:
			for _, e := range v.vals {
				walk(e)
			}
		}
	}
	walk(v)
}

func TestParseJSONDepth(t *testing.T) {
	ok := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	if _, err := parseJSON([]byte(ok)); err != nil {
		t.Errorf("depth %d: %v", maxJSONDepth, err)
	}
	for _, n := range []int{maxJSONDepth + 1, 10000, 1 << 20} {
		deep := strings.Repeat(`{"a":[`, n) + strings.Repeat("]}", n)
		if _, err := parseJSON([]byte(deep)); !errors.Is(err, ErrMalformed) {
			t.Errorf("depth %d: err = %v, want ErrMalformed", n, err)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " backslash \ slash /`, "nl\n cr\r tab\t nul\x00 del\x7f esc\x1b",
		"Straße 😀 \u2028\u2029", "</script>&<", "\xff invalid"} {
		enc := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(enc, &got); err != nil {
			t.Fatalf("%q encoded to invalid JSON %s: %v", s, enc, err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if got != want {
			t.Errorf("roundtrip %q = %q", s, got)
		}
		v, err := parseJSON(enc)
		if err != nil || v.str != want {
			t.Errorf("own parser on %s: %v", enc, err)
		}
	}
}

func FuzzParseJSON(f *testing.F) {
	for _, c := range jsonCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		v, err := parseJSON(in)
		if err != nil {
			return
		}
		if !json.Valid(in) {
			t.Fatalf("accepted invalid JSON %q", in)
		}
		checkAgainstStdlib(t, in, v)
		// No name twice; names alike but for case are twins, and reading
		// one of them by name refuses the body.
		var walk func(v *jval)
		walk = func(v *jval) {
			for i, k := range v.keys {
				for _, l := range v.keys[:i] {
					if k == l {
						t.Fatalf("accepted an object that names %q twice", k)
					}
					if strings.EqualFold(k, l) {
						if v.twins == 0 || twinsAsked(v) != nil {
							t.Fatalf("%q and %q: twins %d, refused before a read: %v", l, k, v.twins, twinsAsked(v))
						}
						v.get(k)
						if !errors.Is(twinsAsked(v), ErrAmbiguous) {
							t.Fatalf("read %q beside %q: not refused", k, l)
						}
						v.askedTwin = false
					}
				}
			}
			for _, e := range v.vals {
				walk(e)
			}
		}
		walk(v)
	})
}

func FuzzJSONStringRoundtrip(f *testing.F) {
	f.Add("Herr Max Mustermann\n\"zitiert\" \\ 😀")
	f.Add("\x00\x1f\x7f\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		enc := appendJSONString(nil, s)
		v, err := parseJSON(enc)
		if err != nil {
			t.Fatalf("%q → %s: %v", s, enc, err)
		}
		if utf8.ValidString(s) && v.str != s {
			t.Fatalf("roundtrip %q = %q", s, v.str)
		}
	})
}

// plainEndValidCases: runs of ASCII and of multi-byte sequences, invalid
// sequences (truncated, overlong, surrogate, stray continuation) before,
// after and across the eight-byte words, specials before and after them.
var plainEndValidCases = []string{
	"", "a", "abcdefgh", "abcdefghijklmnop\"", "Müller", "Sehr geehrte Frau Müller, der Antrag\\n",
	"äöüßÄÖÜ„“–😀€", "12345678ä\"", "1234567ä\"x", "ä\"", "abc\"ä\xff", "\xff", "abcdefg\xc3",
	"abcdefgh\xc3\x28", "\xe0\x80\x80abcdefgh", "\xed\xa0\x80", "abcdefgh\x80", "\xc0\xafabc",
	"ok ok ok ok \xf4\x90\x80\x80", "ok\x1fok", "ok ok ok\x7f", "ok ok ok ok ok ok ok\xe2\x82",
	"\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\"tail\xff",
	// across and at the edges of 32-byte blocks
	"Sehr geehrte Frau Müller, der Antrag auf Übernahme der Kosten für die Hilfe ist eingegangen.\"",
	"0123456789abcdef0123456789abcdeä0123456789abcdef0123456789abcdef\\",
	"0123456789abcdef0123456789abcde\xc3", "0123456789abcdef0123456789abcdef\x80\x80 ok ok ok ok ok ok ok ok ok",
	"ääääääääääääääääääääääääääääääää\xc3\xa4\xc3", "ok ok ok ok ok ok ok ok ok ok ok\xc1\xbf ok ok ok ok ok ok ok ok",
	"€ ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok\x01",
}

// TestPlainEndValid checks the one-pass scan against plainEnd and
// utf8.Valid, from every start offset.
func TestPlainEndValid(t *testing.T) {
	for _, c := range plainEndValidCases {
		checkPlainEndValid(t, []byte(c))
	}
}

func checkPlainEndValid(t *testing.T, b []byte) {
	t.Helper()
	for i := 0; i <= len(b); i++ {
		j, ok := plainEndValid(b, i)
		end := plainEnd(b, i, false)
		if utf8.Valid(b[i:end]) {
			if !ok || j != end {
				t.Fatalf("%q from %d: got %d %v, want %d true", b, i, j, ok, end)
			}
			continue
		}
		// the first invalid sequence
		k := i
		for {
			r, n := utf8.DecodeRune(b[k:end])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			k += n
		}
		if ok || j != k {
			t.Fatalf("%q from %d: got %d %v, want %d false", b, i, j, ok, k)
		}
	}
}

// TestPlainEndValidWays checks every way the build has (32-byte vector
// blocks when the CPU has AVX2, eight-byte words always) on random strings
// of ASCII, two-, three- and four-byte sequences, specials and invalid
// bytes, against plainEnd and utf8.Valid.
func TestPlainEndValidWays(t *testing.T) {
	pieces := []string{"abcdefgh", "Verwaltung ", "x", " ", "ä", "ß", "Ü", "é", "€", "„", "😀", "\"", "\\", "\n", "\x01",
		"\x1f", "\x7f", "\xff", "\xc3", "\x80", "\xc0\xaf", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xdf\xbf", "\xc2\x80"}
	r := rand.New(rand.NewPCG(1, 2))
	defer func(v bool) { useVec = v }(useVec)
	for _, vec := range []bool{false, true} {
		if vec && !useVec {
			continue // no vector compares in this build or on this CPU
		}
		useVec = vec
		for range 3000 {
			var b []byte
			for n := r.IntN(40); n > 0; n-- {
				p := pieces[r.IntN(len(pieces))]
				if r.IntN(3) > 0 {
					p = pieces[r.IntN(8)] // mostly valid text
				}
				b = append(b, p...)
			}
			checkPlainEndValid(t, b)
		}
	}
}

func FuzzPlainEndValid(f *testing.F) {
	for _, c := range plainEndValidCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) { checkPlainEndValid(t, b) })
}
