package extract

import (
	"encoding/binary"
	"strings"
	"testing"
)

// TestEPSTextRead: an EPS picture in an Office archive has its strings and
// title read (sec17), as a code tool or a model reading the file sees
// them: a literal with escapes, a hex string that is text, a DOS EPS
// binary's PostScript. Before, the picture was passed over. Inline image
// data (ASCII85, %%BeginData), Illustrator's private data and the creator's
// name (%%For:) are not read, and a logo of outlines passes as it did.
func TestEPSTextRead(t *testing.T) {
	doc := `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Hallo</w:t></w:r></w:p></w:body></w:document>`
	const head = "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 200 40\n%%Creator: Adobe Illustrator 28.0\n%%For: (Anna M\\374ller)\n%%EndComments\n"
	dos := func(ps string) string {
		h := make([]byte, 30)
		copy(h, "\xc5\xd0\xd3\xc6")
		binary.LittleEndian.PutUint32(h[4:], 30)
		binary.LittleEndian.PutUint32(h[8:], uint32(len(ps)))
		return string(h) + ps + "II*\x00\x08\x00\x00\x00"
	}
	eps := func(name, content string) string {
		text, err := Text("brief.docx", "", zipFile(t, map[string]string{"word/document.xml": doc, name: content}), 0)
		if err != nil {
			t.Fatalf("%q: %v", content, err)
		}
		return text
	}
	for name, c := range map[string]string{
		"a string":           head + "/Helvetica findfont 10 scalefont setfont 0 0 moveto (Herr J\\374rgen Kowalski 86095742719) show\n",
		"a string in pieces": head + "0 0 moveto (Herr J\\374rgen Kowalski \\(Steuer-ID\\)\n86095742719) show\n",
		"the title":          "%!PS-Adobe-3.0 EPSF-3.0\n%%Title: (Kowalski 86095742719)\n%%BoundingBox: 0 0 1 1\n",
		"a hex string":       head + "0 0 moveto <4b6f77616c736b69203836303935373432373139> show\n",
		"a DOS EPS binary":   dos(head + "0 0 moveto (Kowalski 86095742719) show\n"),
		"the author's ID":    "%!PS-Adobe-3.0 EPSF-3.0\n%%For: (Kowalski 86095742719)\n",
	} {
		if text := eps("word/media/image1.eps", c); !strings.Contains(text, "Kowalski") || !strings.Contains(text, "86095742719") {
			t.Errorf("%s: %q", name, text)
		}
	}
	for name, c := range map[string]string{
		"outlines":          head + "newpath 10 10 moveto 20 30 lineto 40 10 lineto closepath fill\nshowpage\n",
		"ASCII85 image":     head + "gsave 20 20 scale 8 8 8 [8 0 0 8 0 0] currentfile /ASCII85Decode filter image\n9jqo^BlbD-BleB1DJ+*+F(f,q/0JhKF<GL>Cj@.4Gp$d7F!,L7@<6@)/0JDEF<G%<+EV:2F!,O<DJ+*.@<*K0@<6L(Df-\\0Ec5e;DffZ(EZee.Bl.9pF\"AGXBPCsi+DGm>@3BB/F*&OCAfu2/AKYi(DIb:@FD,*)+C]U=@3BN#EcYf8ATD3s@q?d$AftVqCh[NqF<G:8+EV:.+Cf>-FD5W8ARlolDIal(DId<j@<?3r@:F%a+D58'ATD4$Bl@l3De:,-DJs`8ARoFb/0JMK@qB4^F!,R<AKZ&-DfTqBG%G>uD.RTpAKYo'+CT/5+Cei#DII?(E,9)oF*2M7/c~>\nshowpage\n",
		"binary data":       head + "%%BeginData: 40 Binary Bytes\n(Kowalski 86095742719)\n%%EndData\nshowpage\n",
		"private data":      head + "%AI9_PrivateDataBegin\n(Kowalski 86095742719)\n%AI9_PrivateDataEnd\n",
		"a string of bytes": head + "(\\001\\002\\003Kowalski 86095742719) pop\n",
	} {
		if text := eps("word/media/image1.eps", c); strings.Contains(text, "Kowalski") || strings.Contains(text, "ller") {
			t.Errorf("%s: %q", name, text)
		}
	}
}

// FuzzEPSText reads arbitrary bytes as an EPS picture: no panic, text at
// most four times the input (a byte of Windows-1252 is up to three in
// UTF-8, a line break after each string).
func FuzzEPSText(f *testing.F) {
	f.Add([]byte("%!PS-Adobe-3.0 EPSF-3.0\n%%Title: (T)\n%%For: (A 12345678)\n0 0 moveto (Herr J\\374rgen \\(x\\)\\\n) show <4b6f> show <~9jqo~> currentfile /ASCII85Decode filter x~>\n%%BeginData: 1\n(x)\n%%EndData\n%AI9_PrivateDataBegin\n"))
	f.Add([]byte("\xc5\xd0\xd3\xc6\x1e\x00\x00\x00\x10\x00\x00\x00" + strings.Repeat("\x00", 18) + "%!PS (Kowalski) show"))
	f.Add([]byte("((((\\"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var out strings.Builder
		epsText(&out, b)
		if out.Len() > 4*len(b)+8 {
			t.Fatalf("%d bytes of text from %d", out.Len(), len(b))
		}
	})
}
