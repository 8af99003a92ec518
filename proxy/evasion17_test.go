package proxy

import (
	"strconv"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/cfbtest"
)

// TestOfficeMetadataInspected: an uploaded Word file's title, a custom
// property and a SharePoint column in its customXml store are read through
// the running proxy (sec17): python-docx reads them, a service's code
// tool shows them, and a file search indexes the title. Before, a
// Steuer-ID, an IBAN and a name there reached the service unread. A file
// with Word's own metadata (the author, the last saver, the company, the
// template, dates) passes: the author's name is not read.
func TestOfficeMetadataInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const (
		wNS    = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
		coreNS = `xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`
	)
	doc := `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Sehr geehrte Damen und Herren, anbei die Stellungnahme.</w:t></w:r></w:p></w:body></w:document>`
	word := func(name, content string) string {
		return string(zipOf(map[string]string{
			"word/document.xml": doc,
			"docProps/core.xml": `<cp:coreProperties ` + coreNS + `><dc:creator>Anna Müller</dc:creator><cp:lastModifiedBy>Müller, Anna (Amt 32)</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T09:12:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-01T08:03:00Z</dcterms:modified></cp:coreProperties>`,
			"docProps/app.xml":  `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>14</TotalTime><Pages>1</Pages><Words>7</Words><Characters>55</Characters><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Lines>1</Lines><Paragraphs>1</Paragraphs><ScaleCrop>false</ScaleCrop><Company>Stadt Lindenau</Company><LinksUpToDate>false</LinksUpToDate><CharactersWithSpaces>61</CharactersWithSpaces><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>`,
			name:                content,
		}))
	}
	for _, tc := range []struct{ name, file string }{
		{"the title", word("docProps/custom.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>`)},
		{"a custom property", word("docProps/custom.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Konto"><vt:lpwstr>IBAN DE89 3704 0044 0532 0130 00</vt:lpwstr></property></Properties>`)},
		{"a SharePoint column", word("customXml/item1.xml", `<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement><Bemerkung xmlns="f1">Antragsteller Herr Jürgen Kowalski</Bemerkung></documentManagement></p:properties>`)},
		{"the author", word("docProps/custom.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			switch tc.name {
			case "the title":
				file = string(zipOf(map[string]string{"word/document.xml": doc, "docProps/core.xml": `<cp:coreProperties ` + coreNS + `><dc:title>Steuer-ID 86095742719</dc:title><dc:creator>Anna Müller</dc:creator></cp:coreProperties>`}))
			case "the author":
				file = string(zipOf(map[string]string{"word/document.xml": doc, "docProps/core.xml": `<cp:coreProperties ` + coreNS + `><dc:creator>Anna Müller 86095742719</dc:creator></cp:coreProperties>`}))
			}
			code, out, got := uploadText(t, h, sent, "stellungnahme.docx", "application/octet-stream", file)
			if code == 200 || len(got) > 0 {
				t.Fatalf("the service got the file (%d %.200s)", code, out)
			}
		})
	}
	plain := word("customXml/item1.xml", `<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement><SharedWithUsers xmlns="a"><UserInfo><DisplayName>Anna Müller</DisplayName><AccountId>12</AccountId><AccountType/></UserInfo></SharedWithUsers><TaxCatchAll xmlns="b"/><_dlc_DocId xmlns="c">STADT-1612-2718</_dlc_DocId></documentManagement></p:properties>`)
	if code, out, got := uploadText(t, h, sent, "stellungnahme.docx", "application/octet-stream", plain); code != 200 || len(got) != 1 {
		t.Fatalf("a file with Word's own metadata: %d %.200s", code, out)
	}
}

// TestPDFMetadataInspected: an uploaded PDF's title (/Info), its XMP
// description, a list box's choices (/Opt) and a filled XFA form's data
// (whose pages show only "Bitte warten …") are read through the running
// proxy (sec17): viewers show them, pypdf gives them to a code tool, a
// file search indexes the title. Before, a Steuer-ID, an IBAN and
// a name there reached the service unread; an /Info that is no
// dictionary and /Metadata that is no stream, passed over before, are
// refused. A PDF as Word exports it (the
// author, the producer, dates, XMP with a document id) passes.
func TestPDFMetadataInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	clean := "BT /F1 12 Tf 72 700 Td (Sehr geehrte Damen und Herren, anbei die Stellungnahme.) Tj ET"
	const xfaData = `<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><antrag><name>Herr Jürgen Kowalski</name><iban>DE89 3704 0044 0532 0130 00</iban></antrag></xfa:data></xfa:datasets></xdp:xdp>`
	xfa := "<< /Length " + strconv.Itoa(len(xfaData)) + " >>\nstream\n" + xfaData + "\nendstream"
	wordInfo := "<< /Author (Anna M\\374ller) /Creator (Microsoft\\256 Word f\\374r Microsoft 365) /CreationDate (D:20261130091200+01'00') /ModDate (D:20261201080300+01'00') /Producer (Microsoft\\256 Word f\\374r Microsoft 365) >>"
	xmp := func(desc string) string {
		x := `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" pdf:Producer="Microsoft® Word für Microsoft 365" xmp:CreatorTool="Microsoft® Word für Microsoft 365" xmp:CreateDate="2026-11-30T09:12:00+01:00" xmpMM:DocumentID="uuid:6A2F1C7E-0B3D-4C5A-9E8F-1A2B3C4D5E6F" xmpMM:InstanceID="uuid:0C9D8E7F-6A5B-4C3D-2E1F-0A9B8C7D6E5F"><dc:creator><rdf:Seq><rdf:li>Anna Müller</rdf:li></rdf:Seq></dc:creator>` + desc + `</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
		return "<< /Type /Metadata /Subtype /XML /Length " + strconv.Itoa(len(x)) + " >>\nstream\n" + x + "\nendstream"
	}
	for _, tc := range []struct{ name, pdf string }{
		{"the title", pdfOf("", clean, "<< /Title (Steuer-ID 86095742719) /Author (Anna M\\374ller) >>")},
		{"the XMP description", pdfOf("/Metadata 6 0 R ", clean, xmp(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Antragsteller Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00</rdf:li></rdf:Alt></dc:description>`))},
		{"an XFA form's data", pdfOf("/AcroForm << /Fields [] /XFA 6 0 R >> ", "BT /F1 12 Tf 72 700 Td (Bitte warten ...) Tj ET", xfa)},
		{"an /Info that is a stream", pdfOf("", clean, "<< /Length 30 >>\nstream\n/Title (Steuer-ID 86095742719)\nendstream")},
		{"XMP metadata that is no stream", pdfOf("/Metadata 6 0 R ", clean, "<< /Type /Metadata /Title (Steuer-ID 86095742719) >>")},
		{"a list box's choices", pdfOf("/AcroForm << /Fields [6 0 R] >> ", clean, "<< /FT /Ch /Ff 131072 /T (konto) /Opt [(bitte w\\344hlen) (IBAN DE89 3704 0044 0532 0130 00)] /V (bitte w\\344hlen) >>")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf := tc.pdf
			if tc.name == "the title" || tc.name == "an /Info that is a stream" {
				pdf = withInfo(pdf)
			}
			code, out, got := uploadText(t, h, sent, "stellungnahme.pdf", "application/pdf", pdf)
			if code == 200 || len(got) > 0 {
				t.Fatalf("the service got the file (%d %.200s)", code, out)
			}
		})
	}
	word := withInfo(pdfOf("/Metadata 7 0 R ", clean, wordInfo, xmp("")))
	if code, out, got := uploadText(t, h, sent, "stellungnahme.pdf", "application/pdf", word); code != 200 || len(got) != 1 {
		t.Fatalf("a PDF as Word exports it: %d %.200s", code, out)
	}
}

// withInfo names object 6 of a pdfOf file as its document information.
func withInfo(pdf string) string {
	return strings.Replace(pdf, "/Root 1 0 R >>", "/Root 1 0 R /Info 6 0 R >>", 1)
}

// TestOLEObjectsInspected: a file embedded as an object in an uploaded
// Word file (word/embeddings/oleObject1.bin: Office's Packager keeps the
// file's name and bytes in its Ole10Native stream; a code tool unpacks it
// with olefile) is read through the running proxy (sec17); before, the
// clean letter was read and a text file with a name and an IBAN shown as
// an icon beside it went out. An old Word document as an object is refused
// with the notice that says why; a letter with a macro project passes.
func TestOLEObjectsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	doc := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Sehr geehrte Damen und Herren, anbei die Unterlagen.</w:t></w:r></w:p></w:body></w:document>`
	word := func(name string, obj []byte) string {
		return string(zipOf(map[string]string{"word/document.xml": doc, name: string(obj)}))
	}
	for _, tc := range []struct{ name, file, notice string }{
		{"an embedded text file", word("word/embeddings/oleObject1.bin", cfbtest.Object(map[string][]byte{"\x01Ole10Native": cfbtest.Ole10Native("akte.txt", `C:\Akten\akte.txt`, []byte("Antragsteller Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"))})), ""},
		{"an old Word document", word("word/embeddings/oleObject1.bin", cfbtest.Object(map[string][]byte{"WordDocument": []byte("Steuer-ID 86095742719"), "1Table": make([]byte, 10)})), "nicht gelesen"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, got := uploadText(t, h, sent, "unterlagen.docx", "application/octet-stream", tc.file)
			if code == 200 || len(got) > 0 {
				t.Fatalf("the service got the file (%d %.200s)", code, out)
			}
			if tc.notice != "" && !strings.Contains(out, tc.notice) {
				t.Fatalf("no notice that says why: %.300s", out)
			}
		})
	}
	macro := word("word/vbaProject.bin", cfbtest.File(map[string][]byte{"VBA/dir": []byte("\x01\x00Attribute"), "VBA/_VBA_PROJECT": {0xcc, 0x61}, "PROJECT": []byte(`ID="{1}"`)}))
	if code, out, got := uploadText(t, h, sent, "unterlagen.docx", "application/octet-stream", macro); code != 200 || len(got) != 1 {
		t.Fatalf("a letter with a macro project: %d %.200s", code, out)
	}
}

// TestEPSTextInspected: an EPS picture in an uploaded Word file has its
// strings read through the running proxy (sec17): a code tool or a model
// reading the file sees "(Herr Jürgen Kowalski, IBAN …) show"; before, the
// picture was passed over. A letter with an EPS logo of the town's name
// passes.
func TestEPSTextInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	doc := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Sehr geehrte Damen und Herren, anbei das Plakat.</w:t></w:r></w:p></w:body></w:document>`
	eps := func(s string) string {
		return string(zipOf(map[string]string{"word/document.xml": doc, "word/media/image1.eps": "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 200 40\n%%For: (Anna M\\374ller)\n%%EndComments\n/Helvetica findfont 10 scalefont setfont 0 0 moveto (" + s + ") show\nshowpage\n"}))
	}
	if code, out, got := uploadText(t, h, sent, "plakat.docx", "application/octet-stream", eps("Antragsteller Herr J\\374rgen Kowalski, IBAN DE89 3704 0044 0532 0130 00")); code == 200 || len(got) > 0 {
		t.Fatalf("the service got the file (%d %.200s)", code, out)
	}
	if code, out, got := uploadText(t, h, sent, "plakat.docx", "application/octet-stream", eps("Stadt Lindenau")); code != 200 || len(got) != 1 {
		t.Fatalf("a letter with an EPS logo: %d %.200s", code, out)
	}
}
