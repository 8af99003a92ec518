package providers

import (
	"io"
	"mime/multipart"
	"strings"
	"testing"
)

// TestOutsidePartsFirstLine: whatever follows "--B" on the first line (up
// to four of space, tab, CR, LF, CRLF, "-", "x"), a body outsideParts lets
// pass and Go's reader reads to its end has the part after that line among
// its parts: text Go skips as preamble is never let through.
func TestOutsidePartsFirstLine(t *testing.T) {
	alpha := []string{" ", "\t", "\r", "\n", "-", "x", "\r\n"}
	var sufs []string
	var gen func(s string, n int)
	gen = func(s string, n int) {
		sufs = append(sufs, s)
		if n == 0 {
			return
		}
		for _, a := range alpha {
			gen(s+a, n-1)
		}
	}
	gen("", 4)
	bad := 0
	for _, suf := range sufs {
		body := "--B" + suf + "\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nHIDDEN\r\n--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--\r\n"
		if outsideParts([]byte(body), "B") != nil {
			continue
		}
		r := multipart.NewReader(strings.NewReader(body), "B")
		var names []string
		ok := true
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				ok = false
				break
			}
			b, _ := io.ReadAll(p)
			names = append(names, p.FormName()+":"+string(b))
		}
		if !ok {
			continue
		}
		if !strings.Contains(strings.Join(names, ","), "HIDDEN") {
			if bad++; bad < 10 {
				t.Errorf("%q passes, Go reads %v", suf, names)
			}
		}
	}
}
