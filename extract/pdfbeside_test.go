package extract

import (
	"bytes"
	"compress/lzw"
	"encoding/ascii85"
	"encoding/hex"
	"errors"
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
// read it. The author in the document's metadata (/Info) stays unread
// without a number (TestPDFMetadataRead). A ligature's /ActualText leaves
// the glyphs' reading as it was.
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
		"metadata":   rawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font, page("5 0 R", ""), strm("", clean), "<< /Author (Herr Juergen Kowalski) >>"}, "/Info 6 0 R "),
		"a ligature": one("", "", "BT /F1 12 Tf 72 700 Td (Ho) Tj /Span << /ActualText (ff) >> BDC (\\237) Tj EMC (mann) Tj ET"),
	} {
		text, err := Text("a.pdf", "", data, 0)
		if err != nil || strings.Contains(text, "Kowalski") || name == "a ligature" && !strings.Contains(text, "\nHoffmann\n") {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
}

// TestPDFMetadataRead: a PDF's document information (/Info: title,
// subject, keywords, a key of its own), its XMP metadata (as elements and
// as attributes) and a form field's choices (/Opt, as strings and as
// pairs), default value, tooltip and name are read (sec17): viewers show
// them in the document's properties and the form, pypdf gives them to a
// code tool, a file search indexes the title. Before, a Steuer-ID there
// went out unread. The author is read only with a long number in it (it
// names the member of staff on every file), the dates and an XMP
// thumbnail not at all.
func TestPDFMetadataRead(t *testing.T) {
	const secret = "Kowalski 86095742719"
	clean := "BT /F1 12 Tf 72 700 Td (Hallo) Tj ET"
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	pdf := func(catalog, trailer string, more ...string) []byte {
		return rawPDF(append([]string{"<< /Type /Catalog /Pages 2 0 R " + catalog + ">>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>", strm("", clean)}, more...), trailer)
	}
	info := func(d string) []byte { return pdf("", "/Info 6 0 R ", "<< "+d+" >>") }
	annot := func(a string) []byte {
		return rawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R] >>", strm("", clean), a}, "")
	}
	xmp := func(desc string) []byte {
		return pdf("/Metadata 6 0 R ", "", strm("/Type /Metadata /Subtype /XML", `<?xpacket begin="ï»¿" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`+desc+`</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`))
	}
	field := func(f string) []byte { return pdf("/AcroForm << /Fields [6 0 R] >> ", "", "<< "+f+" >>") }
	const dc = `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"`
	for name, data := range map[string][]byte{
		"Info title":              info("/Title (" + secret + ")"),
		"Info subject":            info("/Subject (" + secret + ")"),
		"Info keywords":           info("/Keywords (" + secret + ")"),
		"Info in UTF-16":          info("/Title <FEFF00380036003000390035003700340032003700310039>"),
		"Info key of its own":     info("/Aktenzeichen (" + secret + ")"),
		"Info title by reference": pdf("", "/Info 6 0 R ", "<< /Title 7 0 R >>", "("+secret+")"),
		"Info author with an ID":  info("/Author (" + secret + ")"),
		"XMP title":               xmp(`<rdf:Description rdf:about="" ` + dc + `><dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + secret + `</rdf:li></rdf:Alt></dc:title></rdf:Description>`),
		"XMP description":         xmp(`<rdf:Description rdf:about="" ` + dc + `><dc:description><rdf:Alt><rdf:li xml:lang="x-default">` + secret + `</rdf:li></rdf:Alt></dc:description></rdf:Description>`),
		"XMP keywords attribute":  xmp(`<rdf:Description rdf:about="" ` + dc + ` pdf:Keywords="` + secret + `"/>`),
		"XMP creator with an ID":  xmp(`<rdf:Description rdf:about="" ` + dc + `><dc:creator><rdf:Seq><rdf:li>` + secret + `</rdf:li></rdf:Seq></dc:creator></rdf:Description>`),
		"XMP that breaks off":     pdf("/Metadata 6 0 R ", "", strm("/Type /Metadata /Subtype /XML", `<x:xmpmeta><dc:title>`+secret+`</x:xmpmeta>`)),
		"a choice":                field("/FT /Ch /T (liste) /Opt [(Hallo) (" + secret + ")] /V (Hallo)"),
		"a choice's pair":         field("/FT /Ch /T (liste) /Opt [[(1) (Hallo)] [(2) (" + secret + ")]] /V (1)"),
		"a default value":         field("/FT /Tx /T (name) /DV (" + secret + ")"),
		"a tooltip":               field("/FT /Tx /T (name) /TU (" + secret + ")"),
		"a field's name":          field("/FT /Tx /T (" + secret + ")"),
		"XFA datasets":            pdf("/AcroForm << /Fields [] /XFA [(preamble) 6 0 R (datasets) 7 0 R (postamble) 8 0 R] >> ", "", strm("", `<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/">`), strm("", `<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><antrag><name>`+secret+`</name></antrag></xfa:data></xfa:datasets>`), strm("", `</xdp:xdp>`)),
		"XFA as one stream":       pdf("/AcroForm << /Fields [] /XFA 6 0 R >> ", "", strm("", `<?xml version="1.0"?><xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform><field name="x"><script>var a = 1;</script></field></subform></template><xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><antrag><name>`+secret+`</name></antrag></xfa:data></xfa:datasets></xdp:xdp>`)),
		"a comment's subject":     annot("<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /Subj (" + secret + ") >>"),
		"a comment's rich text":   annot("<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /Contents (Hallo) /RC (<?xml version=\"1.0\"?><body xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + secret + "</p></body>) >>"),
	} {
		if text, err := Text("a.pdf", "", data, 0); err != nil || !strings.Contains(text, "86095742719") {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
	if text, err := Text("a.pdf", "", pdf("/AcroForm << /Fields [] /XFA 6 0 R >> ", "", strm("", `<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform><field name="x"><caption><value><text>Name</text></value></caption><script>var kowalski = 1;</script></field></subform></template></xdp:xdp>`)), 0); err != nil || strings.Contains(text, "kowalski") || !strings.Contains(text, "Name") {
		t.Errorf("an XFA form's script: %q, %v", text, err)
	}
	for name, data := range map[string][]byte{
		"Word's Info": info("/Author (Anna M\374ller) /Creator (Microsoft\256 Word f\374r Microsoft 365) /CreationDate (D:20261130091200+01'00') /ModDate (D:20261201080300+01'00') /Producer (Microsoft\256 Word f\374r Microsoft 365)"),
		"XMP of Word": xmp(`<rdf:Description rdf:about="" ` + dc + ` xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:xmpGImg="http://ns.adobe.com/xap/1.0/g/img/" pdf:Producer="Microsoft® Word für Microsoft 365" xmp:CreateDate="2026-11-30T09:12:00+01:00" xmpMM:DocumentID="uuid:6A2F1C7E-0B3D-4C5A-9E8F-1A2B3C4D5E6F"><dc:creator><rdf:Seq><rdf:li>Anna Müller</rdf:li></rdf:Seq></dc:creator><xmp:ModifyDate>2026-12-01T08:03:00+01:00</xmp:ModifyDate><xmp:Thumbnails><rdf:Alt><rdf:li rdf:parseType="Resource"><xmpGImg:image>QW5uYSBNw7xsbGVy</xmpGImg:image></rdf:li></rdf:Alt></xmp:Thumbnails></rdf:Description>`),
	} {
		text, err := Text("a.pdf", "", data, 0)
		if err != nil || strings.Contains(text, "ller") || strings.Contains(text, "2026") || strings.Contains(text, "QW5u") || !strings.Contains(text, "Microsoft") {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
}

// TestPDFMetadataOfAnotherKindRefused: an /Info that is no dictionary, a
// /Metadata that is no stream and an XFA packet that is no stream are
// refused (fail closed): before, they
// were passed over silently, and what pypdf or a viewer makes of them (a
// stream's text, a string) went out unread. A reference to an object the
// file does not hold is the null object and passes, as does a PDF
// without either.
func TestPDFMetadataOfAnotherKindRefused(t *testing.T) {
	const secret = "Kowalski 86095742719"
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	pdf := func(catalog, trailer string, more ...string) []byte {
		return rawPDF(append([]string{"<< /Type /Catalog /Pages 2 0 R " + catalog + ">>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>", strm("", "BT /F1 12 Tf 72 700 Td (Hallo) Tj ET")}, more...), trailer)
	}
	for name, data := range map[string][]byte{
		"Info as a stream":          pdf("", "/Info 6 0 R ", strm("", "/Title ("+secret+")")),
		"Info as a string":          pdf("", "/Info 6 0 R ", "("+secret+")"),
		"Info as an array":          pdf("", "/Info 6 0 R ", "[("+secret+")]"),
		"Metadata as a dictionary":  pdf("/Metadata 6 0 R ", "", "<< /Type /Metadata /Title ("+secret+") >>"),
		"Metadata as a string":      pdf("/Metadata 6 0 R ", "", "("+secret+")"),
		"Metadata as a direct dict": pdf("/Metadata << /Title ("+secret+") >> ", ""),
		"XFA as a string":           pdf("/AcroForm << /Fields [] /XFA ("+secret+") >> ", ""),
		"an XFA packet as a dict":   pdf("/AcroForm << /Fields [] /XFA [(datasets) 6 0 R] >> ", "", "<< /Name ("+secret+") >>"),
	} {
		if text, err := Text("a.pdf", "", data, 0); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
	for name, data := range map[string][]byte{
		"Info to no object":     pdf("", "/Info 9 0 R "),
		"Metadata to no object": pdf("/Metadata 9 0 R ", ""),
		"neither":               pdf("", ""),
	} {
		if text, err := Text("a.pdf", "", data, 0); err != nil || !strings.Contains(text, "Hallo") {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
}
