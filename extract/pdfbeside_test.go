package extract

import (
	"bytes"
	"compress/lzw"
	"encoding/ascii85"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// rawPDF: objs are full object bodies; obj 1 catalog.
func rawPDF(objs []string, extraTrailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, extraTrailer, xref)
	return b.Bytes()
}

func strm(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// TestPDFTextBesideThePagesRead: what a PDF carries beside its pages' glyphs
// and what a reader gives the model is read (sec16): marked content's
// /ActualText (text extractors give it instead of the glyphs, which may
// show "XXXXXXXXXXX"), inline and as a named property list, the bookmarks'
// titles, embedded files (in the name tree and a file attachment
// annotation). Content streams in every standard filter are read (held:
// pdfcpu decodes ASCIIHex, ASCII85, LZW, RunLength), one in a filter
// nobody decodes is refused, an incremental update is read as viewers
// read it. The document's metadata (/Info) stays unread. A ligature's
// /ActualText leaves the glyphs' reading as it was.
func TestPDFTextBesideThePagesRead(t *testing.T) {
	const secret = "Herr Juergen Kowalski 86095742719"
	show := "BT /F1 12 Tf 72 700 Td (" + secret + ") Tj ET"
	clean := "BT /F1 12 Tf 72 700 Td (Hallo) Tj ET"
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	page := func(contents, extra string) string {
		return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >>" + extra + " >> /Contents " + contents + " >>"
	}
	one := func(catalog, pageExtra, content string, more ...string) []byte {
		return rawPDF(append([]string{"<< /Type /Catalog /Pages 2 0 R " + catalog + ">>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
			page("5 0 R", pageExtra), strm("", content)}, more...), "")
	}
	two := func(filterDict, data string) []byte {
		return rawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>", font,
			page("5 0 R", ""), strm("", clean), page("7 0 R", ""), strm(filterDict, data)}, "")
	}
	var lz bytes.Buffer
	w := lzw.NewWriter(&lz, lzw.MSB, 8)
	w.Write([]byte(show))
	w.Close()
	var a85 bytes.Buffer
	e := ascii85.NewEncoder(&a85)
	e.Write([]byte(show))
	e.Close()
	base := two("", clean)
	upd := fmt.Sprintf("7 0 obj\n%s\nendobj\n", strm("", show))
	var prev int
	fmt.Sscanf(string(base[bytes.LastIndex(base, []byte("startxref\n"))+10:]), "%d", &prev)
	incremental := string(base) + upd + fmt.Sprintf("xref\n7 1\n%010d 00000 n \ntrailer\n<< /Size 8 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", len(base), prev, len(base)+len(upd))
	for name, data := range map[string][]byte{
		"ActualText":                          one("", "", "BT /F1 12 Tf 72 700 Td (Steuer-ID ) Tj /Span << /ActualText ("+secret+") >> BDC (XXXXXXXXXXX) Tj EMC ET"),
		"ActualText in UTF-16":                one("", "", "/Span << /ActualText <FEFF00380036003000390035003700340032003700310039> >> BDC BT /F1 12 Tf 72 700 Td (XXXXXXXXXXX) Tj ET EMC"),
		"ActualText by name":                  one("", " /Properties << /MC0 << /ActualText ("+secret+") >> >>", "/Span /MC0 BDC BT /F1 12 Tf 72 700 Td (XXXXXXXXXXX) Tj ET EMC"),
		"ActualText by name, indirect":        one("", " /Properties << /MC0 6 0 R >>", "/Span /MC0 BDC BT /F1 12 Tf 72 700 Td (XXXXXXXXXXX) Tj ET EMC", "<< /ActualText 7 0 R >>", "("+secret+")"),
		"Alt by name, indirect":               one("", " /Properties << /MC0 6 0 R >>", "/Figure /MC0 BDC BT /F1 12 Tf 72 700 Td (Bild) Tj ET EMC", "<< /Alt 7 0 R >>", "("+secret+")"),
		"a list box's choice, indirect":       one("/AcroForm << /Fields [6 0 R] >> ", "", clean, "<< /FT /Ch /Ff 2097152 /T (liste) /V [7 0 R] >>", "("+secret+")"),
		"Alt":                                 one("", "", "/Figure << /Alt ("+secret+") >> BDC BT /F1 12 Tf 72 700 Td (Bild) Tj ET EMC"),
		"a bookmark":                          one("/Outlines 6 0 R ", "", clean, "<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>", "<< /Title ("+secret+") /Parent 6 0 R /Dest [4 0 R /Fit] >>"),
		"an embedded file":                    one("/Names << /EmbeddedFiles << /Names [(akte.txt) 6 0 R] >> >> ", "", clean, "<< /Type /Filespec /F (akte.txt) /EF << /F 7 0 R >> >>", strm("/Type /EmbeddedFile", secret)),
		"an embedded file under /UF":          one("/Names << /EmbeddedFiles << /Names [(akte.txt) 6 0 R] >> >> ", "", clean, "<< /Type /Filespec /F (akte.txt) /EF << /F 7 0 R /UF 8 0 R >> >>", strm("/Type /EmbeddedFile", "Hallo"), strm("/Type /EmbeddedFile", secret)),
		"an embedded file under /Unix":        one("/Names << /EmbeddedFiles << /Names [(akte.txt) 6 0 R] >> >> ", "", clean, "<< /Type /Filespec /F (akte.txt) /EF << /Unix 7 0 R >> >>", strm("/Type /EmbeddedFile", secret)),
		"an embedded file's key":              one("/Names << /EmbeddedFiles << /Names [("+secret+".txt) 6 0 R] >> >> ", "", clean, "<< /Type /Filespec /F (akte.txt) /EF << /F 7 0 R >> >>", strm("/Type /EmbeddedFile", "Hallo")),
		"an embedded file's /F beside /UF":    one("/Names << /EmbeddedFiles << /Names [(akte.txt) 6 0 R] >> >> ", "", clean, "<< /Type /Filespec /UF (akte.txt) /F ("+secret+".txt) /EF << /F 7 0 R >> >>", strm("/Type /EmbeddedFile", "Hallo")),
		"an embedded file's /UF by reference": one("/Names << /EmbeddedFiles << /Names [(akte.txt) 6 0 R] >> >> ", "", clean, "<< /Type /Filespec /F (akte.txt) /UF 8 0 R /EF << /F 7 0 R >> >>", strm("/Type /EmbeddedFile", "Hallo"), "("+secret+".txt)"),
		"an embedded file's /Desc":            one("/Names << /EmbeddedFiles << /Names [(akte.txt) 6 0 R] >> >> ", "", clean, "<< /Type /Filespec /F (akte.txt) /Desc ("+secret+") /EF << /F 7 0 R >> >>", strm("/Type /EmbeddedFile", "Hallo")),
		"a file attachment":                   one("", " >> /Annots [6 0 R] /X <<", clean, "<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 7 0 R >>", "<< /Type /Filespec /F (akte.txt) /EF << /F 8 0 R >> >>", strm("/Type /EmbeddedFile", secret)),
		"ASCIIHexDecode (held)":               two("/Filter /ASCIIHexDecode", hex.EncodeToString([]byte(show))+">"),
		"ASCII85Decode (held)":                two("/Filter /ASCII85Decode", a85.String()+"~>"),
		"LZWDecode (held)":                    two("/Filter /LZWDecode", lz.String()),
		"RunLengthDecode (held)":              two("/Filter /RunLengthDecode", string([]byte{byte(len(show) - 1)})+show+"\x80"),
		"an incremental update (held)":        []byte(incremental),
	} {
		if text, err := Text("a.pdf", "", data, 0); err != nil || !strings.Contains(text, "86095742719") {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
	for name, data := range map[string][]byte{
		"an unknown filter (held)": two("/Filter /FooDecode", show),
		"an attached image":        one("/Names << /EmbeddedFiles << /Names [(a.png) 6 0 R] >> >> ", "", clean, "<< /Type /Filespec /F (a.png) /EF << /F 7 0 R >> >>", strm("/Type /EmbeddedFile", "\x89PNG\r\n\x1a\n\x00\x00")),
	} {
		if text, err := Text("a.pdf", "", data, 0); err == nil {
			t.Errorf("%s: read %q", name, text)
		}
	}
	for name, data := range map[string][]byte{
		"metadata":   rawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font, page("5 0 R", ""), strm("", clean), "<< /Author (" + secret + ") >>"}, "/Info 6 0 R "),
		"a ligature": one("", "", "BT /F1 12 Tf 72 700 Td (Ho) Tj /Span << /ActualText (ff) >> BDC (\\237) Tj EMC (mann) Tj ET"),
	} {
		text, err := Text("a.pdf", "", data, 0)
		if err != nil || strings.Contains(text, "Kowalski") || name == "a ligature" && !strings.Contains(text, "\nHoffmann\n") {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
}
