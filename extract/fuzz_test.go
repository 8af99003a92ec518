package extract

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzText(f *testing.F) {
	f.Add([]byte(sentence), "brief.txt")
	f.Add(utf16Bytes(sentence, false), "export.csv")
	f.Add([]byte("M\xfcller;Stra\xdfe"), "liste.csv")
	f.Add([]byte("MZ-Verfahren: "+sentence), "notiz.txt")
	f.Add(docx(f, []string{"Frau ", "Yılmaz"}), "a.docx")
	f.Add(pptx(f, map[int]string{1: sentence}), "a.pptx")
	f.Add(xlsx(f), "a.xlsx")
	f.Add(simplePDF(false), "a.pdf")
	f.Add(type0PDF(), "b.pdf")
	f.Add(pdfDoc{pages: []string{"BT /F1 9 Tf (Antrag) Tj ET"}, annots: []pdfAnnot{{dict: "/Subtype /Text /Contents (Herr Weber)"},
		{dict: "/Subtype /Widget /FT /Tx", ap: "BT /Helv 10 Tf (Anna Schmidt) Tj ET"}}, fields: "[<< /T (a) /V (x) /Kids [<< /V (y) >>] >>]"}.bytes(), "c.pdf")
	f.Add([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "a.doc")
	f.Add(rawPDF([]string{"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R /Names << /EmbeddedFiles << /Names [(a.txt) 8 0 R] >> >> >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
		strm("", "/Span << /ActualText (Anna) >> BDC BT /F1 9 Tf (X) Tj ET EMC"), "<< /First 7 0 R >>", "<< /Title (T) /Next 7 0 R >>",
		"<< /Type /Filespec /F (a.txt) /EF << /F 9 0 R >> >>", strm("", sentence)}, ""), "e.pdf")
	f.Add(zipFile(f, map[string]string{"word/document.xml": `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>A</w:t></w:r></w:p></w:body></w:document>`,
		"akte.txt": sentence, "akte.xml": "<a>" + sentence + "</a>", "e/b.docx": string(docx(f, []string{sentence}))}), "d.docx")
	// Metadata (sec17): an Office file's properties, a PDF's /Info and
	// XMP, a choice field's /Opt, an OLE object.
	f.Add(zipFile(f, map[string]string{"word/document.xml": `<w:document ` + wNS + `><w:body/></w:document>`, "docProps/core.xml": wordMeta["docProps/core.xml"],
		"docProps/custom.xml": wordMeta["docProps/custom.xml"], "customXml/item1.xml": wordMeta["customXml/item1.xml"],
		"word/embeddings/oleObject1.bin": oleObject(map[string][]byte{"\x01Ole10Native": ole10("a.txt", "", []byte(sentence))})}), "m.docx")
	f.Add(rawPDF([]string{"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /AcroForm << /Fields [7 0 R] >> >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>", strm("", "BT /F1 9 Tf (A) Tj ET"),
		strm("/Type /Metadata /Subtype /XML", `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Keywords="k"/></rdf:RDF></x:xmpmeta>`),
		"<< /FT /Ch /T (l) /Opt [[(1) (a)] (b)] /TU (t) /DV (d) >>", "<< /Title (T) /Author (A 12345678) /CreationDate (D:20261130) >>"}, "/Info 8 0 R "), "m.pdf")
	const max = 1 << 20
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		text, err := Text(name, "", data, max)
		if err != nil {
			if !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrTooLarge) &&
				!errors.Is(err, ErrEncrypted) && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error outside the contract: %v", err)
			}
			if text != "" {
				t.Fatal("text with error")
			}
			return
		}
		if len(text) > max {
			t.Fatalf("text of %d bytes over max", len(text))
		}
	})
}

// FuzzPDFContent runs the content stream interpreter and the CMap parser on
// arbitrary bytes: no panic, bounded output, valid UTF-8.
func FuzzPDFContent(f *testing.F) {
	cm, hex := identityCMap(sentence)
	f.Add([]byte("BT /F1 12 Tf 72 720 Td (Frau \\374) Tj [(a) -300 (b)] TJ T* (c) ' 1 2 (d) \" ET"), []byte(cm))
	f.Add([]byte("BT /F2 11 Tf <"+hex+"> Tj ET BI /W 1 ID \x00 EI"), []byte(cm))
	f.Add([]byte("[[[[(x)]]]] (\\(\\)\\\\\\101\\r\n) <4142 4> << /A 1 >> % c\n/Fm1 Do"), []byte("begincodespacerange <00> <FF> endcodespacerange beginbfrange <00> <FF> <0041> endbfrange"))
	f.Add([]byte("/Span << /ActualText <FEFF0041> /Alt (b) >> BDC BT (x) Tj /P /MC0 BDC EMC EMC EMC BMC (y) Tj"), []byte(cm))
	f.Fuzz(func(t *testing.T, content, cmapData []byte) {
		c := parseCMap(cmapData)
		var b strings.Builder
		c.decode(&b, content)
		if !utf8.ValidString(b.String()) {
			t.Fatal("cmap decode produced invalid UTF-8")
		}
		x := &pdfExtractor{max: 1 << 16}
		err := x.run(content, nil, 0)
		if err != nil && !errors.Is(err, errNoText) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("unexpected error: %v", err)
		}
		if x.out.Len() > 1<<16+1<<10 {
			t.Fatalf("output %d bytes over limit", x.out.Len())
		}
	})
}

// FuzzOfficeXML runs the XML readers of docx/pptx and xlsx parts.
func FuzzOfficeXML(f *testing.F) {
	f.Add([]byte(`<w:p><w:r><w:t>Frau</w:t><w:tab/><w:t>Yılmaz</w:t></w:r></w:p>`))
	f.Add([]byte(`<text:p>a<text:s text:c="3"/>b<text:tab/></text:p>`))
	f.Add([]byte(`<sst><si><t>A</t><rPh><t>x</t></rPh></si></sst>`))
	f.Add([]byte(`<sheetData><row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>B</t></is></c><c><v>12</v></c></row></sheetData>`))
	f.Add([]byte(`<worksheet><sheetData><row><c t="str"><f>"A"&amp;"B"</f></c><c><f>SUM(A1)</f><v>1</v></c></row></sheetData><headerFooter><oddHeader>&amp;LKopf</oddHeader></headerFooter></worksheet>`))
	f.Add([]byte(`<workbook><sheets><sheet name="Kowalski 86095742719"/></sheets><definedNames><definedName name="K">"A"</definedName></definedNames></workbook>`))
	f.Add([]byte(`<table:table table:name="T"><table:table-row><table:table-cell office:value="86095742719"><table:table-cell office:date-value="1961-03-12"/></table:table-cell></table:table-row></table:table><svg:desc>x</svg:desc>`))
	f.Add([]byte(`<pivotCacheRecords><r><s v="a"/><n v="1"/><d v="2024-01-01"/></r></pivotCacheRecords><form:text xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" form:current-value="x"/>`))
	f.Add([]byte(`<w:p><wp:docPr descr="Bild" title="t"/><w:instrText> QUOTE "a" </w:instrText><w:fldSimple w:instr="PAGE"/><c:v>1</c:v></w:p><dataValidation prompt="p"><formula1>"a,b"</formula1></dataValidation>`))
	for _, m := range wordMeta { // the metadata parts (metaText)
		f.Add([]byte(m))
	}
	f.Add([]byte(`<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><field><script>var a;</script></field></template><xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><a>Kowalski</a></xfa:data></xfa:datasets></xdp:xdp>`))
	f.Add([]byte(odfMeta + `<dc:title>T</dc:title><meta:initial-creator>Anna Müller 86095742719</meta:initial-creator><meta:user-defined meta:name="Az">1</meta:user-defined></office:meta></office:document-meta>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var b strings.Builder
		if err := metaText(&b, data); err == nil && b.Len() > 2*len(data) {
			t.Fatal("metadata text over twice the part")
		}
		b.Reset()
		if err := xfaText(&b, data); err == nil && b.Len() > 2*len(data) {
			t.Fatal("XFA text over twice the packet")
		}
		b.Reset()
		_ = workbookText(&b, data)
		b.Reset()
		_ = xmlText(&b, data)
		b.Reset()
		if err := odfText(&b, data, 1<<16); err == nil && b.Len() > 1<<16 {
			t.Fatal("odf text over limit")
		}
		strs, _ := sharedStrings(data)
		b.Reset()
		if err := sheetText(&b, data, strs, 1<<16); err == nil && b.Len() > 1<<16 {
			t.Fatal("sheet text over limit")
		}
	})
}
