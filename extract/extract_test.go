package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/xuri/excelize/v2"
)

func xmlEscapeText(w io.Writer, s string) error { return xml.EscapeText(w, []byte(s)) }

// sentence is what every test document says; tests check that it comes out.
const sentence = "Frau Ayşe Yılmaz, IBAN DE89 3704 0044 0532 0130 00, Müllerstraße 5"

func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	if bigEndian {
		b = []byte{0xfe, 0xff}
	} else {
		b = []byte{0xff, 0xfe}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func xlsx(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "Name")
	f.SetCellValue("Sheet1", "B1", "Steuer-ID")
	f.SetCellValue("Sheet1", "A2", sentence)
	f.SetCellValue("Sheet1", "B2", 12345678901)
	f.NewSheet("Zweites Blatt")
	f.SetCellValue("Zweites Blatt", "C3", "Herr Bernd Weber")
	f.SetCellValue("Zweites Blatt", "D3", "Herr Bernd Weber") // shared string used twice
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func simplePDF(deflate bool) []byte {
	// "Müller" in WinAnsi: ü = \374; a TJ array with kerning and a word gap.
	content := "BT /F1 12 Tf 72 720 Td (Frau G\\366k\\347e) Tj [( Y) 20 (\\375lmaz)] TJ 0 -14 Td [(IBAN) -300 (DE89 3704 0044 0532 0130 00)] TJ ET\n" +
		"BT /F1 12 Tf 1 0 0 1 72 690 Tm (M\\374llerstra\\337e 5) Tj ET"
	return pdfDoc{pages: []string{content, "BT /F1 10 Tf 72 700 Td (Seite 2: VS-NfD) Tj ET"}, deflate: deflate}.bytes()
}

func type0PDF() []byte {
	cm, hex := identityCMap(sentence)
	content := "q 1 0 0 1 0 0 cm BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff EI Q\n" + // inline image with binary data
		"BT /F2 11 Tf 72 720 Td <" + hex + "> Tj ET"
	return pdfDoc{pages: []string{content}, cmap: cm, deflate: true}.bytes()
}

func TestText(t *testing.T) {
	cases := []struct {
		name, file, ctype string
		data              []byte
		want              []string // substrings of the text
	}{
		{"utf-8 txt", "brief.txt", "text/plain", []byte(sentence + "\n"), []string{sentence}},
		{"utf-8 with BOM", "brief.txt", "", append([]byte("\xef\xbb\xbf"), sentence...), []string{sentence}},
		{"utf-16le BOM", "export.csv", "text/csv", utf16Bytes("Name;IBAN\n"+sentence, false), []string{sentence}},
		{"utf-16be BOM", "notiz.txt", "", utf16Bytes(sentence, true), []string{sentence}},
		{"windows-1252 csv", "liste.csv", "text/csv", []byte("Name;Straße\nM\xfcller;M\xfcllerstra\xdfe 5\n"), []string{"Müller;Müllerstraße 5"}},
		{"json", "daten.json", "application/json", []byte(`{"name":"` + sentence + `"}`), []string{sentence}},
		{"markdown, no name", "", "", []byte("# Vermerk\n\n" + sentence), []string{sentence}},
		// text that starts like a binary format's magic number
		{"text starting MZ", "notiz.txt", "", []byte("MZ-Verfahren: " + sentence), []string{sentence}},
		{"text starting RIFF", "", "", []byte("RIFF-Analyse für " + sentence), []string{sentence}},
		{"text starting BZh", "", "", []byte("BZh. Zeitraum: " + sentence), []string{sentence}},
		{"text starting GIF8", "", "", []byte("GIF8 – " + sentence), []string{sentence}},
		{"text starting Rar!", "", "", []byte("Rar! " + sentence), []string{sentence}},
		{"docx, word split over runs", "bescheid.docx", "", docx(t, []string{"Frau Ayşe Yıl", "maz, IBAN DE89 3704 0044 0532 0130 00, Müllerstraße 5"}, []string{"Zweiter Absatz"}),
			[]string{sentence + "\nZweiter Absatz", "Az. 4711/26"}},
		{"docx named .bin", "upload.bin", "application/octet-stream", docx(t, []string{sentence}), []string{sentence}},
		{"docx, tracked deletion", "brief.docx", "", zipFile(t, map[string]string{"word/document.xml": `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Sehr geehrte </w:t></w:r><w:del w:author="Sachbearbeitung"><w:r><w:delText>` + sentence + `</w:delText></w:r></w:del></w:p></w:body></w:document>`}),
			[]string{"Sehr geehrte " + sentence}},
		{"xlsx, cell comment", "liste.xlsx", "", zipFile(t, map[string]string{"xl/workbook.xml": `<workbook/>`, "xl/worksheets/sheet1.xml": `<worksheet><sheetData/></worksheet>`,
			"xl/comments1.xml": `<comments><authors><author>Sachbearbeitung</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>` + sentence + `</t></r></text></comment></commentList></comments>`}),
			[]string{sentence}},
		{"pptx, slide comments", "vortrag.pptx", "", zipFile(t, map[string]string{"ppt/presentation.xml": `<p:presentation ` + aNS + `/>`,
			"ppt/comments/comment1.xml":                   `<p:cmLst ` + aNS + `><p:cm><p:text>Alt ` + sentence + `</p:text></p:cm></p:cmLst>`,
			"ppt/comments/modernComment_100_1A2B3C4D.xml": `<p188:cmLst ` + aNS + `><p188:cm><p188:txBody><a:p><a:r><a:t>Neu ` + sentence + `</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>`}),
			[]string{"Alt " + sentence, "Neu " + sentence}},
		{"pptx, slides in numeric order", "vortrag.pptx", "", pptx(t, map[int]string{10: "Folie zehn", 2: sentence, 1: "Folie eins"}),
			[]string{"Folie eins\n\n" + sentence + "\n\nFolie zehn"}},
		{"odt", "vermerk.odt", "", zipFile(t, map[string]string{
			"mimetype": "application/vnd.oasis.opendocument.text",
			"content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
				`<office:body><office:text><text:h>Vermerk</text:h><text:p>Frau Ayşe <text:span>Yıl</text:span>maz, IBAN DE89<text:s/>3704 0044 0532 0130 00, Müllerstraße<text:s text:c="1"/>5</text:p></office:text></office:body></office:document-content>`,
		}), []string{"Vermerk\n" + sentence + "\n"}},
		// A formula's text and a printed header or footer: a program
		// reading formulas (openpyxl) shows them; before, unread (sec14).
		{"xlsx, formula and header", "liste.xlsx", "", zipFile(t, map[string]string{"xl/workbook.xml": `<workbook/>`,
			"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="1"><c r="A1" t="str"><f>"Herr Jürgen "&amp;"Kowalski"</f></c><c r="B1"><f>86095742719</f><v>86095742719</v></c><c r="C1"><f>SUM(B1:B2)</f></c></row></sheetData>` +
				`<headerFooter><oddHeader>&amp;LAkte IBAN DE89 3704 0044 0532 0130 00</oddHeader></headerFooter></worksheet>`}),
			[]string{`="Herr Jürgen "&"Kowalski"`, "86095742719\t=SUM(B1:B2)", "IBAN DE89 3704 0044 0532 0130 00"}},
		{"odt, header in styles.xml", "vermerk.odt", "", zipFile(t, map[string]string{
			"mimetype":    "application/vnd.oasis.opendocument.text",
			"content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Vermerk</text:p></office:text></office:body></office:document-content>`,
			"styles.xml":  `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:master-styles><style:master-page><style:header><text:p>` + sentence + `</text:p></style:header></style:master-page></office:master-styles></office:document-styles>`,
		}), []string{"Vermerk\n", sentence}},
		{"xlsx (excelize)", "liste.xlsx", "", xlsx(t), []string{"Name\tSteuer-ID\n" + sentence + "\t12345678901\n", "Herr Bernd Weber\tHerr Bernd Weber"}},
		{"pdf, simple font", "brief.pdf", "application/pdf", simplePDF(false), []string{"Frau Gökçe Yýlmaz", "IBAN DE89 3704 0044 0532 0130 00", "Müllerstraße 5", "VS-NfD"}},
		{"pdf, deflated", "brief.pdf", "", simplePDF(true), []string{"Müllerstraße 5"}},
		{"pdf, Type0 font with ToUnicode", "scan.pdf", "", type0PDF(), []string{sentence}},
		{"pdf, simple font with /Differences", "tex.pdf", "", pdfDoc{pages: []string{"BT /F1 9 Tf (\\001\\002ller\\003 \\004 \\005) Tj ET"},
			diffs: "[1 /M /udieresis 3 /germandbls /uni00C4 /glyph42]"}.bytes(), []string{"Müllerß Ä \ufffd"}},
		{"pdf, comment and filled form", "antrag.pdf", "", pdfDoc{pages: []string{"BT /F1 9 Tf (Antrag auf Wohngeld) Tj ET"},
			annots: []pdfAnnot{{dict: "/Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (R\374ckruf Herr Bernd Weber)"},
				{dict: "/Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [0 0 100 20]", ap: "/Tx BMC BT /Helv 10 Tf 2 5 Td (Frau G\366k\347e Y\375lmaz) Tj ET EMC"}},
			fields: "[<< /FT /Tx /T (iban) /V (DE89 3704 0044 0532 0130 00) >> << /T (kinder) /Kids [<< /FT /Tx /T (1) /V <FEFF004D00FC006C006C00650072> >>] >> << /FT /Btn /T (ja) /V /Yes >>]"}.bytes(),
			[]string{"Antrag auf Wohngeld", "Rückruf Herr Bernd Weber", "Frau Gökçe Yýlmaz", "DE89 3704 0044 0532 0130 00", "Müller"}},
		{"pdf, text in a form XObject", "stempel.pdf", "", pdfDoc{pages: []string{"q /Fm1 Do Q"}, form: "BT /F1 9 Tf (Az. 4711/26 Herr Weber) Tj ET", deflate: true}.bytes(),
			[]string{"Az. 4711/26 Herr Weber"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Text(c.file, c.ctype, c.data, 0)
			if err != nil {
				t.Fatalf("Text: %v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("text lacks %q:\n%q", w, got)
				}
			}
		})
	}
}

func TestTextErrors(t *testing.T) {
	enc := func() []byte {
		var out bytes.Buffer
		conf := model.NewAESConfiguration("benutzer", "eigentuemer", 256)
		if err := api.Encrypt(bytes.NewReader(simplePDF(true)), &out, conf); err != nil {
			t.Fatalf("encrypt: %v", err)
		}
		return out.Bytes()
	}()
	var zipEnc bytes.Buffer
	zw := zip.NewWriter(&zipEnc)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Flags: 0x1, Method: zip.Store})
	w.Write([]byte("xxxx"))
	zw.Close()

	var bomb bytes.Buffer
	zw = zip.NewWriter(&bomb)
	w, _ = zw.Create("word/document.xml")
	w.Write(bytes.Repeat([]byte("<w:t>A</w:t>"), 400000)) // 4.8 MB, compresses to a few KB
	zw.Close()

	var many bytes.Buffer
	zw = zip.NewWriter(&many)
	for i := range maxZipEntries + 1 {
		zw.Create(strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "/" + strings.Repeat("y", i%5) + string(rune(i)))
	}
	zw.Close()

	// A shared string referenced by many cells: small input, large text.
	cells := strings.Repeat(`<c t="s"><v>0</v></c>`, 5000)
	amplified := zipFile(t, map[string]string{
		"xl/workbook.xml":          "<workbook/>",
		"xl/sharedStrings.xml":     `<sst><si><t>` + strings.Repeat("A", 1000) + `</t></si></sst>`,
		"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row>` + cells + `</row></sheetData></worksheet>`,
	})

	cases := []struct {
		name string
		data []byte
		max  int64
		want error
	}{
		{"encrypted pdf", enc, 0, ErrEncrypted},
		{"encrypted zip entry", zipEnc.Bytes(), 0, ErrEncrypted},
		{"encrypted office (CFB)", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), utf16le("EncryptedPackage")...), 0, ErrEncrypted},
		{"legacy .doc", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), utf16le("WordDocument")...), 0, ErrUnsupported},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0, ErrUnsupported},
		{"exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), 0, ErrUnsupported},
		{"exe without NULs in its first bytes", []byte("MZ\x90\x90\x90 This program cannot be run in DOS mode."), 0, ErrUnsupported},
		{"wav", []byte("RIFF\x24\x08\x00\x00WAVEfmt "), 0, ErrUnsupported},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00"), 0, ErrUnsupported},
		{"bzip2", []byte("BZh91AY&SY\x9c\x1e\xb7\xd4\x00\x00"), 0, ErrUnsupported},
		{"rtf", []byte(`{\rtf1\ansi Frau M\'fcller}`), 0, ErrUnsupported},
		{"binary", []byte{0x00, 0x01, 0x02, 0x03, 0xff}, 0, ErrUnsupported},
		{"zip without office parts", zipFile(t, map[string]string{"a.txt": sentence}), 0, ErrUnsupported},
		{"pdf without text (scan)", pdfDoc{pages: []string{"q 100 0 0 100 0 0 cm 0 0 1 1 re f Q"}}.bytes(), 0, ErrUnsupported},
		{"scan with a filled form field", pdfDoc{pages: []string{"q 100 0 0 100 0 0 cm 0 0 1 1 re f Q"},
			annots: []pdfAnnot{{dict: "/Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [0 0 100 20] /Contents (Bemerkung)", ap: "BT /Helv 10 Tf (Anna Schmidt) Tj ET"}}}.bytes(), 0, ErrUnsupported},
		{"pdf composite font without ToUnicode", pdfDoc{pages: []string{"BT /F2 12 Tf <00010002> Tj ET"}, cmap: "begincmap endcmap"}.bytes(), 0, ErrUnsupported},
		{"input over max", []byte(sentence), 10, ErrTooLarge},
		{"zip bomb", bomb.Bytes(), 1 << 20, ErrTooLarge},
		{"too many entries", many.Bytes(), 0, ErrTooLarge},
		{"shared string amplification", amplified, 1 << 20, ErrTooLarge},
		{"corrupt docx", zipFile(t, map[string]string{"word/document.xml": "<w:document><w:t>" + sentence + "</w:x>"}), 0, ErrCorrupt},
		{"corrupt pdf", []byte("%PDF-1.7\n" + sentence + "\n%%EOF"), 0, ErrCorrupt},
		{"truncated zip", docx(t, []string{sentence})[:200], 0, ErrCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Text("datei", "", c.data, c.max)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v (text %q)", err, c.want, got)
			}
			if got != "" {
				t.Errorf("text returned with error: %q", got)
			}
			for _, leak := range []string{"Yılmaz", "DE89", "AAAA"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("error message leaks content: %v", err)
				}
			}
		})
	}
}

func TestCMapRange(t *testing.T) {
	cm := parseCMap([]byte("1 begincodespacerange <00> <FF> endcodespacerange\n" +
		"2 beginbfrange <41> <43> <0061> <44> <45> [<00DF> <D83DDE00>] endbfrange\n1 beginbfchar <20> <0020> endbfchar"))
	var b strings.Builder
	cm.decode(&b, []byte("ABC DE\x99"))
	if got, want := b.String(), "abc ß😀"; got != want {
		t.Errorf("decode = %q, want %q", got, want)
	}
}

// TestPartsAtOtherNames: Office finds a document's parts by their
// relationships, not by their names; a main document, a sheet or a slide
// at another name is read (sec14: a clean word/document.xml beside the
// word/document2.xml that _rels/.rels names went out unread), and a part
// twice in the archive, which readers take differently, is refused.
func TestPartsAtOtherNames(t *testing.T) {
	const secret = "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"
	w := func(s string) string {
		return `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:body></w:document>`
	}
	for name, files := range map[string]map[string]string{
		"docx main part at another name": {"word/document.xml": w("Sehr geehrte Damen und Herren"), "word/document2.xml": w(secret),
			"_rels/.rels": `<Relationships><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document2.xml"/></Relationships>`},
		"xlsx sheet at another name": {"xl/workbook.xml": `<workbook/>`, "xl/worksheets/daten.xml": `<worksheet><sheetData><row><c t="inlineStr"><is><t>` + secret + `</t></is></c></row></sheetData></worksheet>`},
		"pptx slide at another name": {"ppt/presentation.xml": `<p:presentation ` + aNS + `/>`, "ppt/slides/folie.xml": `<p:sld ` + aNS + `><a:p><a:r><a:t>` + secret + `</a:t></a:r></a:p></p:sld>`},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Text("datei", "", zipFile(t, files), 0)
			if err != nil || !strings.Contains(got, secret) {
				t.Fatalf("%q, %v", got, err)
			}
		})
	}
	t.Run("a part twice", func(t *testing.T) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, c := range []struct{ name, text string }{{"word/document.xml", w("Hallo")}, {"word/document.xml", w(secret)}} {
			f, _ := zw.Create(c.name)
			f.Write([]byte(c.text))
		}
		zw.Close()
		if _, err := Text("brief.docx", "", buf.Bytes(), 0); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("err %v", err)
		}
	})
}

// TestAltChunkRead: an alternative format chunk (w:altChunk), HTML or text
// that Word shows in the document's place, is read; RTF there is refused
// (sec14: before, a chunk was not read at all).
func TestAltChunkRead(t *testing.T) {
	const secret = "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"
	docx := func(name, chunk string) []byte {
		return zipFile(t, map[string]string{
			"word/document.xml":            `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Sehr geehrte Damen und Herren</w:t></w:r></w:p><w:altChunk r:id="rId9"/></w:body></w:document>`,
			"word/_rels/document.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="` + name + `"/></Relationships>`,
			"word/" + name:                 chunk,
		})
	}
	for name, chunk := range map[string]string{
		"afchunk.htm": "<html><body><p>Ko<span>wal</span>ski</p><p>" + secret + "</p></body></html>",
		"afchunk.txt": secret,
	} {
		got, err := Text("brief.docx", "", docx(name, chunk), 0)
		if err != nil || !strings.Contains(got, secret) || !strings.Contains(got, "Sehr geehrte") {
			t.Errorf("%s: %q, %v", name, got, err)
		}
	}
	if _, err := Text("brief.docx", "", docx("afchunk.rtf", `{\rtf1\ansi Herr J\'fcrgen Kowalski}`), 0); !errors.Is(err, ErrUnsupported) {
		t.Errorf("rtf chunk: %v", err)
	}
}
