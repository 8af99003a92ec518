package providers

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

var partFileNameCases = []struct {
	cd   string
	want []string // names returned (a header Go does not parse: all of it)
	ok   bool
}{
	{`form-data; name="file"; filename="brief.txt"`, []string{"brief.txt"}, true},
	{`form-data; name="file"; filename*=UTF-8''a.txt; filename="b.txt"`, []string{"a.txt", "b.txt"}, true},
	{`form-data; name="file"; FILENAME="b.txt"; Filename*=UTF-8''a.txt`, []string{"a.txt", "b.txt"}, true},
	{`form-data; name="file"; filename*0="a"; filename*1=".txt"; filename="b.txt"`, []string{"a.txt", "b.txt"}, true},
	{`form-data; name="file"; filename=x.txt; filename*=utf-8''x.txt`, []string{"x.txt"}, true},
	{`form-data; name="file"; filename="a.txt"; filename="b.txt"`, []string{`form-data; name="file"; filename="a.txt"; filename="b.txt"`}, true},
	{`form-data; name="file"; filename="a.txt`, []string{`form-data; name="file"; filename="a.txt`}, true},
	{`form-data; name="prompt"`, []string{""}, true},
	// A charset Go's mime does not decode: it drops the parameter (sec14).
	{`form-data; name="file"; filename*=iso-8859-1''J%FCrgen%20Kowalski.txt`, []string{"", "Jürgen Kowalski.txt"}, true},
	{`form-data; name="file"; filename*0*=windows-1252'de'J%FCrgen%20Ko; filename*1=walski.txt`, []string{"walski.txt", "Jürgen Kowalski.txt"}, true},
	{`form-data; name="file"; filename*=iso-8859-1''Kowalski.txt; filename="a.txt"`, []string{"a.txt", "Kowalski.txt"}, true},
}

// TestPartFileName: a part's file name in every spelling a reader may
// take, all of a header Go does not parse; two Content-Disposition lines
// are an error.
func TestPartFileName(t *testing.T) {
	for _, c := range partFileNameCases {
		got, err := partFileName(map[string][]string{"Content-Disposition": {c.cd}})
		if (err == nil) != c.ok || err == nil && got != strings.Join(c.want, "\n") {
			t.Errorf("%s: %q, %v", c.cd, got, err)
		}
	}
	if _, err := partFileName(map[string][]string{"Content-Disposition": {`form-data; name="a"`, `form-data; name="b"`}}); err == nil {
		t.Errorf("two Content-Disposition lines: no error")
	}
}

// FuzzPartFileName: the name Go's mime reads is always among those
// returned.
func FuzzPartFileName(f *testing.F) {
	for _, c := range partFileNameCases {
		f.Add(c.cd)
	}
	f.Fuzz(func(t *testing.T, cd string) {
		got, err := partFileName(map[string][]string{"Content-Disposition": {cd}})
		if err != nil {
			return
		}
		_, params, perr := mime.ParseMediaType(cd)
		if cd != "" && (perr == nil && !strings.HasPrefix(got, params["filename"]) || perr != nil && got != cd) {
			t.Fatalf("%q: %q, mime reads %q (%v)", cd, got, params["filename"], perr)
		}
	})
}

const outsidePart = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--"

var outsidePartsCases = []struct {
	body    string
	outside bool
}{
	{outsidePart, false},
	{outsidePart + "\r\n", false},
	{" \t\r\n\r\n" + outsidePart + "\r\n\r\n", false},
	{"--B--\r\n", false},
	{"no boundary at all", false}, // the reader refuses it
	{"Herr Kasimir Kanarienvogel\r\n" + outsidePart, true},
	{"This is a multi-part message in MIME format.\r\n" + outsidePart, true},
	{outsidePart + "\r\nIBAN DE89370400440532013000", true},
	{outsidePart + "\r\n--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\ny\r\n--B--", true},
	{"--B x\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nAnna\r\n" + outsidePart, true},
	{" --B\r\n" + outsidePart, true},
	{"--Bx\r\n" + outsidePart, true},
	// A line Go's reader takes for no boundary (after "--B" only spaces
	// and tabs, then the line's end) is preamble, however it is trimmed.
	{"--B\r\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nAnna\r\n" + outsidePart, true},
	{"--B \r \r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nAnna\r\n" + outsidePart, true},
	{"--B\rIBAN DE89370400440532013000\r\n" + outsidePart, true},
	{"--B \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--", false},
	{"--B\nContent-Disposition: form-data; name=\"a\"\n\nx\n--B--\n", false},
}

// TestOutsideParts: more than white space before the first boundary or
// after the closing one is ErrOutsideParts, and multipartFields refuses the
// body with it; white space there, and a body without parts, are not.
func TestOutsideParts(t *testing.T) {
	for _, c := range outsidePartsCases {
		err := outsideParts([]byte(c.body), "B")
		if (err != nil) != c.outside || err != nil && !(errors.Is(err, ErrOutsideParts) && errors.Is(err, ErrAmbiguous) && errors.Is(err, ErrMalformed)) {
			t.Errorf("%q: %v", c.body, err)
		}
		env := &Envelope{}
		if err := multipartFields(newCollector(env), "multipart/form-data; boundary=B", []byte(c.body), nil); c.outside && !errors.Is(err, ErrOutsideParts) {
			t.Errorf("multipartFields(%q): %v", c.body, err)
		}
	}
}

// TestMultipartCutInPartHead: a body that ends inside a part's head (no
// closing boundary) is refused; Go's reader returns no part for it, and
// the head's file name (a name, an IBAN) went to the service unread.
func TestMultipartCutInPartHead(t *testing.T) {
	head := "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Kowalski IBAN DE89370400440532013000.csv\""
	for _, body := range []string{head, head + "\r\nContent-Type: text/csv", "--B\r\nContent-Disposition: form-data; name=\"n\"; filename=\"Anna Schmidt.pdf\""} {
		if err := multipartFields(newCollector(&Envelope{}), "multipart/form-data; boundary=B", []byte(body), nil); !errors.Is(err, ErrMalformed) {
			t.Errorf("%q: %v, want ErrMalformed", body, err)
		}
	}
	for _, c := range outsidePartsCases {
		if c.outside || !strings.Contains(c.body, "--B") {
			continue // refused for that, or by the reader
		}
		if err := multipartFields(newCollector(&Envelope{}), "multipart/form-data; boundary=B", []byte(c.body), nil); err != nil {
			t.Errorf("a closed body %q: %v", c.body, err)
		}
	}
}

// FuzzOutsideParts: a body Go's multipart reader reads to its end and
// outsideParts lets pass is refused with text put before its first
// boundary line or after its closing boundary.
func FuzzOutsideParts(f *testing.F) {
	for _, c := range outsidePartsCases {
		f.Add(c.body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if outsideParts([]byte(body), "B") != nil {
			return
		}
		r := multipart.NewReader(strings.NewReader(body), "B")
		n := 0
		for ; ; n++ {
			p, err := r.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			if _, err := io.ReadAll(p); err != nil {
				return
			}
		}
		if n == 0 {
			return
		}
		if outsideParts([]byte("x\r\n"+body), "B") == nil {
			t.Fatalf("%q: text before passes", body)
		}
		// Go's reader also ends at the end of the body after a boundary
		// line: then there is no closing boundary to write after.
		closed := strings.HasPrefix(body, "--B--") || strings.Contains(body, "\n--B--")
		if closed && outsideParts([]byte(body+"\r\nx"), "B") == nil {
			t.Fatalf("%q: text after passes", body)
		}
	})
}

// TestDeepLFormSettingFieldsUnread: every field a DeepL API form's setting
// value makes is marked unread (the texts apart from the settings), its
// UTF-8 reading too when the value mixes Latin-1 and UTF-8 bytes (mixedUTF8):
// before, only the last field appended was.
func TestDeepLFormSettingFieldsUnread(t *testing.T) {
	req := &Request{Path: "/v2/translate", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}
	env, err := deeplAdapter{}.Extract(req, []byte("text=Hallo&glossary_note=J%C3%BCrgen+%FC+Kowalski&target_lang=EN"))
	if err != nil {
		t.Fatal(err)
	}
	var text, note int
	for _, f := range env.Fields {
		switch {
		case strings.HasPrefix(f.Name, "text"):
			text++
			if f.unread {
				t.Errorf("the text %q is marked unread", f.Name)
			}
		case strings.HasPrefix(f.Name, "glossary_note"):
			note++
			if !f.unread {
				t.Errorf("the setting's field %q is not marked unread", f.Name)
			}
		}
	}
	if text != 1 || note != 2 {
		t.Fatalf("fields: %d text, %d of the setting (want 1 and 2: its UTF-8 reading too): %+v", text, note, env.Fields)
	}
}
