package providers

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

var charsetCases = []struct {
	contentType, body string
	want              error // nil: read
}{
	{"application/json", "{}", nil},
	{"application/json; charset=utf-8", "{}", nil},
	{`text/plain; charset="UTF-8"`, "Hallo", nil},
	{"application/x-www-form-urlencoded; charset=ISO-8859-1", "a=Gr%FC%DFe", nil},
	{"text/plain; charset=windows-1252", "Gr\xfc\xdfe", nil},
	{"text/plain; charset=us-ascii", "Hallo", nil},
	{"text/plain; charset=utf-16", "\xff\xfeH\x00a\x00", nil},
	{"text/plain; charset=utf-16be", "\x00H\x00a\x00l\x00l", nil},
	{"text/plain; charset=utf-7", "", nil}, // no body, nothing to read
	{"text/plain; charset=utf-7", "+ADgANgAw-", ErrUnknownCharset},
	{"text/plain;charset=UTF-7", "+ADgANgAw-", ErrUnknownCharset},
	{"text/plain; charset='utf-7'", "+ADgANgAw-", ErrUnknownCharset},
	{"text/plain; charset=utf-8; charset=utf-7", "+ADgANgAw-", ErrUnknownCharset},
	{"text/plain; Charset = gb18030", "\xa3\xb8", ErrUnknownCharset},
	{"text/plain; charset=shift_jis", "\x82\x57", ErrUnknownCharset},
	{"text/plain; charset=cp273", "\xf8\xf6", ErrUnknownCharset},
	{"text/plain; charset=iso-2022-jp", "\x1b$B#8#6\x1b(B", ErrUnknownCharset},
	{"text/plain; charset=utf-16le", "\x18\xff\x16\xff", ErrUnknownCharset},
}

// TestCheckCharset: a body declared in a charset schleuse reads its bytes
// in passes; any other, and UTF-16 or UTF-32 that does not show itself,
// is refused.
func TestCheckCharset(t *testing.T) {
	for _, c := range charsetCases {
		if err := CheckCharset(c.contentType, []byte(c.body)); !errors.Is(err, c.want) || (err == nil) != (c.want == nil) {
			t.Errorf("%q %q: %v, want %v", c.contentType, c.body, err, c.want)
		}
	}
}

// TestPartCharset: a multipart part may declare UTF-8, ASCII or Latin-1
// only; UTF-16, which its text is not read in, is refused there.
func TestPartCharset(t *testing.T) {
	for ct, ok := range map[string]bool{
		"text/plain": true, "text/plain; charset=utf-8": true, "text/plain; charset=iso-8859-1": true,
		"text/plain; charset=utf-7": false, "text/plain; charset=utf-16le": false, "application/json; charset=gbk": false,
	} {
		if err := partCharset(ct, 1); (err == nil) != ok {
			t.Errorf("%q: %v", ct, err)
		}
	}
}

// FuzzCharsets: every charset read is lower case, unquoted and not empty;
// CheckCharset refuses a body whose Content-Type names one it does not
// know.
func FuzzCharsets(f *testing.F) {
	for _, c := range charsetCases {
		f.Add(c.contentType, []byte(c.body))
	}
	for _, ct := range []string{"application/json", ";charset=utf-7", "text/plain;;charset=utf-7;", "a;b=c;charset;charset=", ""} {
		f.Add(ct, []byte("x"))
	}
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		if got, want := charsets(ct), charsetsSplit(ct); !slices.Equal(got, want) {
			t.Fatalf("%q: charsets %q, strings.Split's reading %q", ct, got, want)
		}
		known := true
		for _, cs := range charsets(ct) {
			if cs == "" || cs != strings.ToLower(cs) || strings.ContainsAny(cs[:1]+cs[len(cs)-1:], `"'`) {
				t.Fatalf("%q: charset %q", ct, cs)
			}
			known = known && (byteCharsets[cs] || unicodeCharsets[cs])
		}
		if err := CheckCharset(ct, body); !known && len(body) > 0 && err == nil {
			t.Fatalf("%q: an unknown charset passed", ct)
		}
	})
}

// charsetsSplit is charsets as it read the parameters before (strings.Split
// and the parts after the first), the reference for FuzzCharsets.
func charsetsSplit(contentType string) []string {
	var out []string
	for _, param := range strings.Split(contentType, ";")[1:] {
		name, value, ok := strings.Cut(param, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "charset") {
			continue
		}
		value = strings.ToLower(strings.Trim(strings.TrimSpace(value), `"'`))
		if value != "" {
			out = append(out, value)
		}
	}
	return out
}
