package extract

import (
	"errors"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/cfbtest"
)

// TestOfficeTextBesideTheBodyRead: what an Office or OpenDocument file
// shows beside its body's runs is read (sec16): an xlsx's sheet names,
// defined names and data validations, an ods's sheet names and number
// cells' values, a picture's alternative text in docx and pptx, a field's
// instruction, a content control's list entries and a chart's cached
// labels. Before, a Steuer-ID in each went out unread. A number cell whose
// shown text is its value is read once.
func TestOfficeTextBesideTheBodyRead(t *testing.T) {
	ct := `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`
	sheet := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Hallo</t></is></c></row></sheetData></worksheet>`
	const ssNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	odsHead := `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>`
	for _, c := range []struct {
		name  string
		files map[string]string
	}{
		{"xlsx sheet name", map[string]string{"[Content_Types].xml": ct,
			"xl/workbook.xml":          `<workbook ` + ssNS + `><sheets><sheet name="Kowalski 86095742719" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml": sheet}},
		{"xlsx defined name", map[string]string{"[Content_Types].xml": ct,
			"xl/workbook.xml":          `<workbook ` + ssNS + `><sheets><sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="Kunde">"Herr Jürgen Kowalski, Steuer-ID 86095742719"</definedName></definedNames></workbook>`,
			"xl/worksheets/sheet1.xml": sheet}},
		{"xlsx data validation list", map[string]string{"[Content_Types].xml": ct,
			"xl/workbook.xml":          `<workbook ` + ssNS + `><sheets><sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Hallo</t></is></c></row></sheetData><dataValidations count="1"><dataValidation type="list" sqref="A1" promptTitle="Kowalski" prompt="Herr Jürgen Kowalski, Steuer-ID 86095742719"><formula1>"Herr Jürgen Kowalski 86095742719"</formula1></dataValidation></dataValidations></worksheet>`}},
		{"ods float value attribute", map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
			"content.xml": odsHead + `<table:table table:name="Tabelle1"><table:table-row><table:table-cell office:value-type="string"><text:p>Steuer-ID</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="86095742719"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`,
			"styles.xml":  `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`}},
		{"ods sheet name", map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
			"content.xml": odsHead + `<table:table table:name="Kowalski 86095742719"><table:table-row><table:table-cell office:value-type="string"><text:p>Hallo</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`,
			"styles.xml":  `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`}},
		{"docx alt text", map[string]string{"[Content_Types].xml": ct,
			"word/document.xml": `<w:document ` + wNS + ` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body><w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Bild 1" descr="Herr Jürgen Kowalski, Steuer-ID 86095742719" title="Kowalski"/></wp:inline></w:drawing></w:r><w:r><w:t>Hallo</w:t></w:r></w:p></w:body></w:document>`}},
		{"docx field instruction", map[string]string{"[Content_Types].xml": ct,
			"word/document.xml": `<w:document ` + wNS + `><w:body><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> QUOTE "Herr Jürgen Kowalski, Steuer-ID 86095742719" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>Hallo</w:t></w:r></w:p></w:body></w:document>`}},
		{"docx chart cache", map[string]string{"[Content_Types].xml": ct,
			"word/document.xml":      `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Hallo</w:t></w:r></w:p></w:body></w:document>`,
			"word/charts/chart1.xml": `<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:barChart><c:ser><c:cat><c:strRef><c:strCache><c:pt idx="0"><c:v>Herr Jürgen Kowalski 86095742719</c:v></c:pt></c:strCache></c:strRef></c:cat></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>`}},
		{"docx sdt list item", map[string]string{"[Content_Types].xml": ct,
			"word/document.xml": `<w:document ` + wNS + `><w:body><w:sdt><w:sdtPr><w:dropDownList><w:listItem w:displayText="Herr Jürgen Kowalski 86095742719" w:value="1"/></w:dropDownList></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Hallo</w:t></w:r></w:p></w:sdtContent></w:sdt></w:body></w:document>`}},
		{"xlsx pivot cache", map[string]string{"[Content_Types].xml": ct,
			"xl/workbook.xml":                      `<workbook ` + ssNS + `><sheets><sheet name="Tabelle1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml":             sheet,
			"xl/pivotCache/pivotCacheRecords1.xml": `<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"><r><s v="Herr Jürgen Kowalski"/><n v="86095742719"/><x v="0"/></r></pivotCacheRecords>`}},
		{"odt form field", map[string]string{"mimetype": "application/vnd.oasis.opendocument.text",
			"content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0"><office:body><office:text><office:forms><form:form><form:text form:name="steuerid" form:current-value="86095742719"/></form:form></office:forms></office:text></office:body></office:document-content>`,
			"styles.xml":  `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`}},
		{"pptx alt text", map[string]string{"[Content_Types].xml": ct, "ppt/presentation.xml": `<p:presentation ` + aNS + `/>`,
			"ppt/slides/slide1.xml": `<p:sld ` + aNS + `><p:cSld><p:spTree><p:pic><p:nvPicPr><p:cNvPr id="2" name="Bild" descr="Herr Jürgen Kowalski, Steuer-ID 86095742719"/></p:nvPicPr></p:pic><p:sp><p:txBody><a:p><a:r><a:t>Hallo</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`}},
	} {
		if text, err := Text("x", "", zipFile(t, c.files), 0); err != nil || !strings.Contains(text, "86095742719") {
			t.Errorf("%s: %q, %v", c.name, text, err)
		}
	}
	text, err := Text("x.ods", "", zipFile(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
		"content.xml": odsHead + `<table:table table:name="Tabelle1"><table:table-row><table:table-cell office:value-type="float" office:value="1250"><text:p>1250</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2026-12-01"><text:p>01.12.26</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`,
		"styles.xml":  `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`}), 0)
	if err != nil || text != "Tabelle1\n1250\n\t01.12.26\n2026-12-01\t" {
		t.Errorf("clean ods: %q, %v", text, err)
	}
}

// TestArchiveEntriesBesideTheDocumentRead: an Office or OpenDocument file
// is a zip archive, and a service that unpacks it (a code tool asked to)
// reads every entry; what the document's reader passes over is read too
// (sec16): text and XML of another vocabulary at any name, an Office file
// inside (a chart's workbook), two levels deep. A zip that is no Office
// file stays refused, inside one too. Pictures, Office's own parts and
// the authors' names in the metadata and customXml stay unread.
func TestArchiveEntriesBesideTheDocumentRead(t *testing.T) {
	const secret = "Herr Jürgen Kowalski 86095742719"
	doc := `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Hallo</w:t></w:r></w:p></w:body></w:document>`
	inner := string(zipFile(t, map[string]string{"word/document.xml": `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>` + secret + `</w:t></w:r></w:p></w:body></w:document>`}))
	for name, files := range map[string]map[string]string{
		"text beside a docx":         {"word/document.xml": doc, "akte.txt": secret},
		"XML beside a docx":          {"word/document.xml": doc, "akte.xml": "<akte><name>" + secret + "</name></akte>"},
		"text at a picture's name":   {"word/document.xml": doc, "word/media/image1.png": secret},
		"UTF-16 text":                {"word/document.xml": doc, "akte.csv": string(utf16Bytes(secret, true))},
		"text beside an odt":         {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>", "styles.xml": "<x/>", "akte.txt": secret},
		"text beside an xlsx":        {"xl/workbook.xml": `<workbook/>`, "xl/akte.txt": secret},
		"a docx inside a docx":       {"word/document.xml": doc, "word/embeddings/Dokument.docx": inner},
		"a docx in a docx in a docx": {"word/document.xml": doc, "word/embeddings/a.docx": string(zipFile(t, map[string]string{"word/document.xml": doc, "word/embeddings/b.docx": inner}))},
		"an SVG's text in a pptx":    {"ppt/presentation.xml": `<p:presentation ` + aNS + `/>`, "ppt/media/image2.svg": `<svg xmlns="http://www.w3.org/2000/svg"><text>` + secret + `</text></svg>`},
		// The package's own names, which were passed over by name (rev24).
		"text named .rels":                {"word/document.xml": doc, "akte.rels": secret},
		"XML named .rels":                 {"word/document.xml": doc, "word/_rels/akte.xml.rels": "<akte>" + secret + "</akte>"},
		"text named mimetype":             {"word/document.xml": doc, "mimetype": secret},
		"text named [Content_Types]":      {"word/document.xml": doc, "[Content_Types].xml": secret},
		"XML of another kind in docProps": {"word/document.xml": doc, "docProps/akte.xml": "<akte>" + secret + "</akte>"},
		// A document's body at a name the reader passes over.
		"a body named styles.xml":    {"word/document.xml": doc, "word/hidden/styles.xml": `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>` + secret + `</w:t></w:r></w:p></w:body></w:document>`},
		"a body under _rels/":        {"word/document.xml": doc, "word/_rels/akte.xml": `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>` + secret + `</w:t></w:r></w:p></w:body></w:document>`},
		"an odt body in a docx":      {"word/document.xml": doc, "akte.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>` + secret + `</text:p></office:text></office:body></office:document-content>`},
		"odt styles at another name": {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>", "styles.xml": "<x/>", "Configurations2/akte.xml": `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:master-styles><text:p>` + secret + `</text:p></office:master-styles></office:document-styles>`},
		"a slide in a theme":         {"ppt/presentation.xml": `<p:presentation ` + aNS + `/>`, "ppt/theme/theme9.xml": `<p:sld ` + aNS + `><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>` + secret + `</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`},
	} {
		text, err := Text("brief.docx", "", zipFile(t, files), 0)
		if err != nil || !strings.Contains(text, secret) {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
	for name, files := range map[string]map[string]string{
		"a zip inside a docx":  {"word/document.xml": doc, "word/embeddings/akte.zip": string(zipFile(t, map[string]string{"akte.txt": secret}))},
		"three levels of docx": {"word/document.xml": doc, "a.docx": string(zipFile(t, map[string]string{"word/document.xml": doc, "b.docx": string(zipFile(t, map[string]string{"word/document.xml": doc, "c.docx": inner}))}))},
		// Words in markup schleuse does not decode, or text that turns
		// binary after its first bytes: refused as such an upload is,
		// before passed over (rev24).
		"RTF inside a docx":      {"word/document.xml": doc, "akte.rtf": `{\rtf1\ansi ` + secret + `}`},
		"text that turns binary": {"word/document.xml": doc, "akte.dat": secret + strings.Repeat(" ", 600) + strings.Repeat("\x01\x02", 40)},
	} {
		if text, err := Text("brief.docx", "", zipFile(t, files), 0); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
	text, err := Text("brief.docx", "", zipFile(t, map[string]string{"word/document.xml": doc,
		"word/media/image1.png":    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR Kowalski",
		"customXml/item1.xml":      `<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement><SharedWithUsers><UserInfo><DisplayName>Sachbearbeiterin Anna Müller</DisplayName></UserInfo></SharedWithUsers></documentManagement></p:properties>`,
		"customXml/itemProps1.xml": `<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" ds:itemID="{1}"/>`,
		"docProps/core.xml":        `<cp:coreProperties><dc:creator>Sachbearbeiterin Müller</dc:creator></cp:coreProperties>`,
		"word/vbaProject.bin":      string(cfbtest.File(map[string][]byte{"VBA/dir": []byte("\x01\x00 Kowalski"), "VBA/_VBA_PROJECT": {0xcc, 0x61}, "PROJECT": []byte("ID=\"{1}\"")})),
		"word/settings.xml":        `<w:settings ` + wNS + `><w:attachedTemplate r:id="x"/></w:settings>`,
		"[Content_Types].xml":      `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels":              `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"docProps/app.xml":         `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Stadt Lindenau</Company><TitlesOfParts><vt:vector xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><vt:lpstr></vt:lpstr></vt:vector></TitlesOfParts></Properties>`,
		"word/media/logo.eps":      "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 40\n0 0 moveto (Stadt Lindenau) show\n",
		"word/styles.xml":          `<w:styles ` + wNS + `><w:style w:type="paragraph" w:styleId="Standard"><w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii="Arial"/></w:rPr></w:style></w:styles>`,
		"word/theme/theme1.xml":    `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"><a:themeElements><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/></a:majorFont></a:fontScheme></a:themeElements></a:theme>`,
		"word/fontTable.xml":       `<w:fonts ` + wNS + `><w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/></w:font></w:fonts>`,
	}), 0)
	// The company in app.xml and the EPS logo's string are read since
	// sec17; the author and SharePoint's user stay unread.
	if err != nil || strings.Join(strings.Fields(text), " ") != "Hallo Stadt Lindenau Stadt Lindenau" {
		t.Errorf("a plain docx: %q, %v", text, err)
	}
}

// TestOpenDocumentMetadataRead: an OpenDocument file's settings stay
// unread, while its body and styles at other names are read (rev24); of
// its meta.xml the title is read, the author's name is not (sec17).
func TestOpenDocumentMetadataRead(t *testing.T) {
	text, err := Text("brief.odt", "", zipFile(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text",
		"content.xml":  `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Hallo</text:p></office:text></office:body></office:document-content>`,
		"styles.xml":   `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`,
		"meta.xml":     `<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta><dc:title>Bescheid Kowalski</dc:title><meta:initial-creator>Anna Müller</meta:initial-creator></office:meta></office:document-meta>`,
		"settings.xml": `<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"><office:settings><config:config-item config:name="PrinterName" config:type="string">Drucker Müller</config:config-item></office:settings></office:document-settings>`,
	}), 0)
	if err != nil || strings.Join(strings.Fields(text), " ") != "Hallo Bescheid Kowalski" {
		t.Errorf("a plain odt: %q, %v", text, err)
	}
}
