package providers

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var binaryTextCases = []struct {
	name string
	body string
	want []string // texts of the fields, in order
}{
	{"utf-16le with BOM", "\xff\xfeH\x00e\x00r\x00r\x00 \x00M\x00\xfc\x00l\x00l\x00e\x00r\x00", []string{"Herr Müller"}},
	{"utf-16be", "\x00H\x00e\x00r\x00r\x00 \x00M\x00\xfc\x00l\x00l\x00e\x00r", []string{"Herr Müller"}},
	{"utf-32le", "H\x00\x00\x00e\x00\x00\x00r\x00\x00\x00r\x00\x00\x00 \x00\x00\x00M\x00\x00\x00\xfc\x00\x00\x00l\x00\x00\x00l\x00\x00\x00", []string{"Herr Müll"}},
	{"windows-1252", "Gr\xfc\xdfe an Herrn M\xfcller \x80 5", []string{"Grüße an Herrn Müller € 5"}},
	{"utf-8 runs in binary", "\x00\x01\x02Herr Kowalski\x00\xff\x03ab\x00", []string{"Herr Kowalski"}},
	{"short runs", "\x00\x01ab\x00\x02", nil},
	{"odd length", "\xff\xfeA\x00B\x00C\x00D\x00E\x00F\x00G\x00H\x00I", []string{"ABCDEFGH"}},
}

// TestBinaryText: a body that is not UTF-8 is read as UTF-16, UTF-32 or
// Windows-1252 text where it is one, as printable UTF-8 runs otherwise.
func TestBinaryText(t *testing.T) {
	for _, c := range binaryTextCases {
		t.Run(c.name, func(t *testing.T) {
			env := &Envelope{}
			binaryText(env, []byte(c.body))
			var got []string
			for _, f := range env.Fields {
				if strings.TrimSpace(f.Text) != "" {
					got = append(got, f.Text)
				}
			}
			for _, w := range c.want {
				found := false
				for _, g := range got {
					found = found || strings.Contains(g, w)
				}
				if !found {
					t.Errorf("%q not read; fields %q", w, got)
				}
			}
			if c.want == nil && len(got) > 0 {
				t.Errorf("fields %q", got)
			}
		})
	}
}

// FuzzBinaryText: every field is valid UTF-8 and at least minRun
// bytes long (but the one Windows-1252 field), and there are at most
// three per minRun bytes.
func FuzzBinaryText(f *testing.F) {
	for _, c := range binaryTextCases {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		env := &Envelope{}
		binaryText(env, body)
		if len(env.Fields) > 3*(len(body)/minRun+1) {
			t.Fatalf("%d fields for %d bytes", len(env.Fields), len(body))
		}
		for _, fl := range env.Fields {
			if !utf8.ValidString(fl.Text) {
				t.Fatalf("field %s is not UTF-8: %q", fl.Name, fl.Text)
			}
			if fl.Name != "body (windows-1252)" && len(fl.Text) < minRun {
				t.Fatalf("field %s is short: %q", fl.Name, fl.Text)
			}
		}
	})
}

var unicodeTextCases = []struct {
	body, want string
	ok         bool
}{
	{"\xef\xbb\xbf{\"a\":1}", `{"a":1}`, true},
	{"\xff\xfe{\x00}\x00", "{}", true},
	{"\xfe\xff\x00{\x00}", "{}", true},
	{"{\x00}\x00", "{}", true},
	{"\x00{\x00}", "{}", true},
	{"{\x00\x00\x00}\x00\x00\x00", "{}", true},
	{"\x00\x00\x00{\x00\x00\x00}", "{}", true},
	{"\xff\xfe\x00\x00{\x00\x00\x00", "{", true},
	{"\xff\xfe=\xd8\x00\xde", "\U0001f600", true},
	{"\xff\xfe\x00\xde", "", false},         // a lone low surrogate
	{"\x00\x00\x11\x00\x00\x00", "", false}, // odd UTF-32
	{`{"a":1}`, "", false},
	{"\xef\xbb\xbf\xff", "", false},
}

// TestUnicodeText: a body is decoded as Python's json.loads decodes bytes.
func TestUnicodeText(t *testing.T) {
	for _, c := range unicodeTextCases {
		got, ok := unicodeText([]byte(c.body))
		if ok != c.ok || ok && string(got) != c.want {
			t.Errorf("%q: %q %v, want %q %v", c.body, got, ok, c.want, c.ok)
		}
	}
}

// FuzzUnicodeText: what unicodeText returns is valid UTF-8.
func FuzzUnicodeText(f *testing.F) {
	for _, c := range unicodeTextCases {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if got, ok := unicodeText(body); ok && !utf8.Valid(got) {
			t.Fatalf("%q: %q", body, got)
		}
	})
}
