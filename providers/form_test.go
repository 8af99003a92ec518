package providers

import (
	"mime"
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
