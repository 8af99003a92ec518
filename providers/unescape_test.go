package providers

import (
	"slices"
	"strings"
	"testing"
)

// undoBase64EscapesRef is undoBase64Escapes one byte at a time, as it was
// written first.
func undoBase64EscapesRef(s string) (string, []int) {
	var b strings.Builder
	var at []int
	for i := 0; i < len(s); i++ {
		if ch, n := base64Escape(s[i:]); n > 0 {
			at = append(at, b.Len())
			b.WriteByte(ch)
			i += n - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), at
}

var unescapeSeeds = []string{
	"",
	"no escapes at all",
	`a\/b`,
	`\/`,
	`\`,
	`x\`,
	`\\/`,
	`\\\/`,
	`\n\r\u002B\u002b\u002F\u003D\u003d`,
	`\u00`,
	`\u002`,
	`\u0041 stays`,
	`Zeile\tTab\"Quote\\`,
	`{"a":"https:\/\/x.example\/p","n":"eins\nzwei"}`,
	`QWt0ZSBIZXJy\/IE1\u002Bc3Rlcm1hbm4=\nSUJBTiBERTg5`,
}

func TestUndoBase64Escapes(t *testing.T) {
	for _, s := range unescapeSeeds {
		checkUndoBase64Escapes(t, s)
	}
}

func FuzzUndoBase64Escapes(f *testing.F) {
	for _, s := range unescapeSeeds {
		f.Add(s)
	}
	f.Fuzz(checkUndoBase64Escapes)
}

func checkUndoBase64Escapes(t *testing.T, s string) {
	got, gotAt, shift := undoBase64Escapes(s)
	want, wantAt := undoBase64EscapesRef(s)
	if wantAt == nil {
		want = "" // nothing undone: the caller does not read the text
	}
	if got != want || !slices.Equal(gotAt, wantAt) {
		t.Errorf("undoBase64Escapes(%q) = %q %v, want %q %v", s, got, gotAt, want, wantAt)
	}
	// The text between two undone escapes stands in s shifted by shift.
	if len(shift) != len(gotAt) {
		t.Fatalf("%d shifts for %d escapes", len(shift), len(gotAt))
	}
	for k, p := range gotAt {
		end := len(got)
		if k+1 < len(gotAt) {
			end = gotAt[k+1]
		}
		if p+1+shift[k] > len(s) || end+shift[k] > len(s) || s[p+1+shift[k]:end+shift[k]] != got[p+1:end] {
			t.Fatalf("%q: the text after escape %d is not at shift %d", s, k, shift[k])
		}
	}
}
