package detectors

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/benchcpu"
)

// ocrProse is prose without digits to set the OCR cases into: on one line,
// as a chat's text, and broken into lines, as a letter's.
var ocrProse = func() [2]string {
	para := "Sehr geehrte Damen und Herren, die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der " +
		"kommunalen Kulturförderung. Bitte reichen Sie die fehlenden Unterlagen bis zum Monatsende ein. "
	one := strings.Repeat(para, 80)
	return [2]string{one, strings.ReplaceAll(one, "Bitte ", "Bitte\n")}
}()

// ocrCases are the texts of the address tables in which ocrFixes finds a
// character to put back.
func ocrCases(t testing.TB) []string {
	var out []string
	for _, c := range append(append([]lexCase{}, addressTPs...), addressFPs...) {
		text, _ := lexParse(c.text)
		tx := NewText([]byte(text))
		if len(ocrFixes(tx.Raw, tx.DigitRuns())) > 0 {
			out = append(out, text)
		}
	}
	if len(out) < 3 {
		t.Fatalf("only %d cases of the address tables hold an OCR's character", len(out))
	}
	return out
}

// ocrWindowSame checks that POSTAL_ADDRESS reads raw's OCR fixes in the window
// of ocrSpan as it did over the whole text: the same findings, in order.
func ocrWindowSame(t *testing.T, e *Engine, d *addressDetector, raw []byte) {
	t.Helper()
	text := func() *Text {
		tx := &Text{}
		tx.reset(raw, e.pf)
		e.pf.run(tx)
		return tx
	}
	got := d.Scan(text(), nil)
	tx := text()
	want := d.scan(tx, nil)
	if fixes := ocrFixes(raw, tx.DigitRuns()); len(fixes) > 0 {
		want = d.ocrReread(tx, want, 0, fixes, 0, len(raw))
	}
	if !slices.Equal(got, want) {
		t.Errorf("%d bytes: in the window %v, over the whole text %v", len(raw), got, want)
	}
}

// TestOCRAddressWindow: the OCR cases of the address tables at the start,
// in the middle and at the end of long prose, on one line and on many, one
// case alone and two far apart, give the findings they gave when the whole
// text was read again (the window is ocrWindow to either side, widened to
// lines or narrowed to a blank).
func TestOCRAddressWindow(t *testing.T) {
	d := newAddress(DefaultLexicons())
	e, err := newEngine([]Detector{d}, DefaultLexicons())
	if err != nil {
		t.Fatal(err)
	}
	cases := ocrCases(t)
	for _, prose := range ocrProse {
		for _, pre := range []int{0, 37, ocrWindow - 5, 3 * ocrWindow, 7*ocrWindow + 11} {
			for _, post := range []int{0, 41, 2*ocrWindow + 3, 6 * ocrWindow} {
				for i, c := range cases {
					var b bytes.Buffer
					b.WriteString(prose[:pre])
					b.WriteString(c)
					b.WriteString(prose[len(prose)-post:])
					ocrWindowSame(t, e, d, b.Bytes())
					// a second case after this one, past the window
					b.WriteString(prose[:5*ocrWindow])
					b.WriteString(cases[(i+1)%len(cases)])
					ocrWindowSame(t, e, d, b.Bytes())
				}
			}
		}
	}
}

// FuzzOCRAddressWindow: any text between stretches of prose reads the same in
// the window as over the whole text.
func FuzzOCRAddressWindow(f *testing.F) {
	for i, c := range ocrCases(f) {
		f.Add(c, uint16(i*1777), uint16(i*3001))
	}
	d := newAddress(DefaultLexicons())
	e, err := newEngine([]Detector{d}, DefaultLexicons())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, pre, post uint16) {
		prose := ocrProse[int(pre+post)%2]
		raw := prose[:int(pre)%len(prose)] + s + prose[len(prose)-int(post)%len(prose):]
		ocrWindowSame(t, e, d, []byte(raw))
	})
}

// BenchmarkOCRAddress is POSTAL_ADDRESS over 1 MB of prose on one line with
// an address in the middle, once as written and once with an OCR's "l" for a
// 1 in its house number ("3l0"): the OCR's text is read again only around
// it, not over the whole megabyte.
func BenchmarkOCRAddress(b *testing.B) {
	e, err := New(Options{Types: []string{"POSTAL_ADDRESS"}})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, addr string }{
		{"ocr=none", " Anschrift: Kölner Landstr. 310, 40591 Düsseldorf. "},
		{"ocr=one", " Anschrift: Kölner Landstr. 3l0, 40591 Düsseldorf. "},
	} {
		text := slices.Concat(proseText[:len(proseText)/2], []byte(c.addr), proseText[len(proseText)/2:])[:len(proseText)]
		if fs := e.Scan(text); len(fs) != 1 {
			b.Fatalf("%s: %d findings, want the address", c.name, len(fs))
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			start := benchcpu.Process()
			for b.Loop() {
				e.Scan(text)
			}
			reportCPU(b, start, len(text))
		})
	}
}
