package extract

import (
	"archive/zip"
	"bytes"
	"cmp"
	"compress/zlib"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
)

// Builders of test documents. They write only what the readers need, like
// minimal files of real producers.

// zipFile builds a zip archive from name → content.
func zipFile(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
const aNS = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`

// docx builds a Word file; each paragraph's runs are given separately, so
// that a word split over runs is tested.
func docx(t testing.TB, paragraphs ...[]string) []byte {
	var body strings.Builder
	for _, runs := range paragraphs {
		body.WriteString("<w:p>")
		for _, r := range runs {
			fmt.Fprintf(&body, `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, xmlEscape(r))
		}
		body.WriteString("</w:p>")
	}
	return zipFile(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body.String() + `</w:body></w:document>`,
		"word/header1.xml":    `<w:hdr ` + wNS + `><w:p><w:r><w:t>Az. 4711/26</w:t></w:r></w:p></w:hdr>`,
	})
}

func pptx(t testing.TB, slides map[int]string) []byte {
	files := map[string]string{
		"[Content_Types].xml":  `<Types/>`,
		"ppt/presentation.xml": `<p:presentation ` + aNS + `/>`,
	}
	for n, text := range slides {
		files[fmt.Sprintf("ppt/slides/slide%d.xml", n)] = `<p:sld ` + aNS + `><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>` +
			xmlEscape(text) + `</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`
	}
	return zipFile(t, files)
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	if err := xmlEscapeText(&b, s); err != nil {
		panic(err)
	}
	return b.String()
}

// pdfDoc builds a PDF: one page per content stream, the font /F1 a simple
// Helvetica (WinAnsiEncoding), /F2 a composite font whose ToUnicode CMap is
// given.
type pdfDoc struct {
	pages   []string
	cmap    string
	form    string // content of the form XObject /Fm1, if any
	diffs   string // /Differences array of /F1, if any
	deflate bool
	// annots are annotations of the first page: the inside of each
	// dictionary, and the content of its normal appearance stream (none
	// when ""), which has no resources of its own: its /Helv is the
	// form's (/AcroForm /DR).
	annots []pdfAnnot
	fields string // the /AcroForm /Fields array, if any
}

type pdfAnnot struct{ dict, ap string }

func (d pdfDoc) bytes() []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict, data string) string {
		if d.deflate {
			var z bytes.Buffer
			zw := zlib.NewWriter(&z)
			zw.Write([]byte(data))
			zw.Close()
			data = z.String()
			dict += " /Filter /FlateDecode"
		}
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
	}
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("") // pages, filled below
	enc := "/WinAnsiEncoding"
	if d.diffs != "" {
		enc = "<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences " + d.diffs + " >>"
	}
	f1 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding " + enc + " >>")
	fonts := fmt.Sprintf("/F1 %d 0 R", f1)
	if d.cmap != "" {
		tu := add(stream("", d.cmap))
		desc := add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /W [] >>")
		f2 := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", desc, tu))
		fonts += fmt.Sprintf(" /F2 %d 0 R", f2)
	}
	xobj := ""
	if d.form != "" {
		fm := add(stream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << %s >> >>", fonts), d.form))
		xobj = fmt.Sprintf(" /XObject << /Fm1 %d 0 R >>", fm)
	}
	var annots []string
	for _, a := range d.annots {
		dict := a.dict
		if a.ap != "" {
			dict += fmt.Sprintf(" /AP << /N %d 0 R >>", add(stream("/Type /XObject /Subtype /Form /BBox [0 0 100 20]", a.ap)))
		}
		annots = append(annots, fmt.Sprintf("%d 0 R", add("<< "+dict+" >>")))
	}
	var kids []string
	for i, content := range d.pages {
		c := add(stream("", content))
		an := ""
		if i == 0 && len(annots) > 0 {
			an = " /Annots [" + strings.Join(annots, " ") + "]"
		}
		p := add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << %s >>%s >> /Contents %d 0 R%s >>", fonts, xobj, c, an))
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	if d.fields != "" || len(d.annots) > 0 {
		objs[0] = fmt.Sprintf("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields %s /DR << /Font << /Helv %d 0 R >> >> >> >>", cmp.Or(d.fields, "[]"), f1)
	}

	return rawPDF(objs, "")
}

// identityCMap assigns two-byte codes 0x0001… to the runes of text and
// returns the CMap and the hex string that shows text. Codes of the first
// half go in a bfchar section, the rest in one-entry bfranges.
func identityCMap(text string) (cm, hex string) {
	codes := map[rune]int{}
	var order []rune
	var h strings.Builder
	for _, r := range text {
		c, ok := codes[r]
		if !ok {
			c = len(codes) + 1
			codes[r] = c
			order = append(order, r)
		}
		fmt.Fprintf(&h, "%04X", c)
	}
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Test def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	utf := func(r rune) string {
		var s strings.Builder
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&s, "%04X", u)
		}
		return s.String()
	}
	half := len(order) / 2
	fmt.Fprintf(&b, "%d beginbfchar\n", half)
	for _, r := range order[:half] {
		fmt.Fprintf(&b, "<%04X> <%s>\n", codes[r], utf(r))
	}
	b.WriteString("endbfchar\n")
	fmt.Fprintf(&b, "%d beginbfrange\n", len(order)-half)
	for _, r := range order[half:] {
		fmt.Fprintf(&b, "<%04X> <%04X> <%s>\n", codes[r], codes[r], utf(r))
	}
	b.WriteString("endbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.String(), h.String()
}
