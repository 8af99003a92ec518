package extract

import (
	"strings"
	"testing"
)

const (
	coreNS   = `xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`
	appNS    = `xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"`
	customNS = `xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"`
	odfMeta  = `<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"><office:meta>`
)

// wordMeta is the metadata Word writes into every file: the author, who
// saved it last, dates, counts, the template and the company.
var wordMeta = map[string]string{
	"docProps/core.xml":        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties ` + coreNS + `><dc:title></dc:title><dc:subject></dc:subject><dc:creator>Anna Müller</dc:creator><cp:keywords></cp:keywords><dc:description></dc:description><cp:lastModifiedBy>Müller, Anna (Amt 32)</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-30T09:12:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-12-01T08:03:00Z</dcterms:modified></cp:coreProperties>`,
	"docProps/app.xml":         `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties ` + appNS + `><Template>Normal.dotm</Template><TotalTime>14</TotalTime><Pages>1</Pages><Words>12</Words><Characters>78</Characters><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Lines>1</Lines><Paragraphs>1</Paragraphs><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Titel</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr></vt:lpstr></vt:vector></TitlesOfParts><Manager>Herr Schulte</Manager><Company>Stadt Lindenau</Company><LinksUpToDate>false</LinksUpToDate><CharactersWithSpaces>89</CharactersWithSpaces><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>`,
	"docProps/custom.xml":      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties ` + customNS + `><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="MSIP_Label_f42aa342-8706-4288-bd11-ebb85995028c_Enabled"><vt:lpwstr>true</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="MSIP_Label_f42aa342-8706-4288-bd11-ebb85995028c_SetDate"><vt:lpwstr>2026-11-30T09:12:41Z</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="4" name="ContentTypeId"><vt:lpwstr>0x010100A1B2C3D4E5F60718293A4B5C6D7E8F90</vt:lpwstr></property></Properties>`,
	"customXml/item1.xml":      `<?xml version="1.0" encoding="utf-8"?><p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:pc="http://schemas.microsoft.com/office/infopath/2007/PartnerControls"><documentManagement><SharedWithUsers xmlns="a"><UserInfo><DisplayName>Anna Müller</DisplayName><AccountId>12</AccountId><AccountType/></UserInfo></SharedWithUsers><TaxCatchAll xmlns="b"/></documentManagement></p:properties>`,
	"customXml/itemProps1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{6E2B7E0A-1B1C-4C5D-9E8F-0A1B2C3D4E5F}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="http://schemas.microsoft.com/office/2006/metadata/properties"/></ds:schemaRefs></ds:datastoreItem>`,
}

// TestMetadataRead: an Office or OpenDocument file's metadata and its
// customXml store are read (sec17): the title, subject, keywords,
// description and category, app.xml's free text, a custom property's name
// and value, a SharePoint column's value, a bibliography's source and
// OpenDocument's title and user-defined fields; python-docx and openpyxl
// read them, a service's code tool shows them, and a file search indexes
// the title. Before, a Steuer-ID in each went out unread. Of the author
// fields only those with a long number are read: a Steuer-ID there is,
// the member of staff's name alone is not, nor are dates.
func TestMetadataRead(t *testing.T) {
	const secret = "Kowalski 86095742719"
	doc := `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Hallo</w:t></w:r></w:p></w:body></w:document>`
	core := func(inner string) string {
		return `<cp:coreProperties ` + coreNS + `>` + inner + `</cp:coreProperties>`
	}
	odt := func(meta string) map[string]string {
		return map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>", "styles.xml": "<x/>",
			"meta.xml": odfMeta + meta + `</office:meta></office:document-meta>`}
	}
	for name, files := range map[string]map[string]string{
		"core title":            {"word/document.xml": doc, "docProps/core.xml": core(`<dc:title>` + secret + `</dc:title>`)},
		"core subject":          {"word/document.xml": doc, "docProps/core.xml": core(`<dc:subject>` + secret + `</dc:subject>`)},
		"core keywords":         {"word/document.xml": doc, "docProps/core.xml": core(`<cp:keywords>` + secret + `</cp:keywords>`)},
		"core description":      {"word/document.xml": doc, "docProps/core.xml": core(`<dc:description>` + secret + `</dc:description>`)},
		"core category":         {"word/document.xml": doc, "docProps/core.xml": core(`<cp:category>` + secret + `</cp:category>`)},
		"core content status":   {"word/document.xml": doc, "docProps/core.xml": core(`<cp:contentStatus>` + secret + `</cp:contentStatus>`)},
		"a number as the date":  {"word/document.xml": doc, "docProps/core.xml": core(`<dcterms:created xsi:type="dcterms:W3CDTF">86095742719</dcterms:created>`)},
		"an ID in the author":   {"word/document.xml": doc, "docProps/core.xml": core(`<dc:creator>` + secret + `</dc:creator>`)},
		"an ID in last saver":   {"word/document.xml": doc, "docProps/core.xml": core(`<cp:lastModifiedBy>` + secret + `</cp:lastModifiedBy>`)},
		"core in an xlsx":       {"xl/workbook.xml": `<workbook/>`, "docProps/core.xml": core(`<dc:title>` + secret + `</dc:title>`)},
		"core in a pptx":        {"ppt/presentation.xml": `<p:presentation ` + aNS + `/>`, "docProps/core.xml": core(`<dc:title>` + secret + `</dc:title>`)},
		"core at another name":  {"word/document.xml": doc, "word/props.xml": core(`<dc:title>` + secret + `</dc:title>`)},
		"app company":           {"word/document.xml": doc, "docProps/app.xml": `<Properties ` + appNS + `><Company>` + secret + `</Company></Properties>`},
		"app titles of parts":   {"word/document.xml": doc, "docProps/app.xml": `<Properties ` + appNS + `><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>` + secret + `</vt:lpstr></vt:vector></TitlesOfParts></Properties>`},
		"app hyperlink base":    {"word/document.xml": doc, "docProps/app.xml": `<Properties ` + appNS + `><HyperlinkBase>` + secret + `</HyperlinkBase></Properties>`},
		"custom property value": {"word/document.xml": doc, "docProps/custom.xml": `<Properties ` + customNS + `><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Aktenzeichen"><vt:lpwstr>` + secret + `</vt:lpwstr></property></Properties>`},
		"custom property name":  {"word/document.xml": doc, "docProps/custom.xml": `<Properties ` + customNS + `><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="` + secret + `"><vt:bool>true</vt:bool></property></Properties>`},
		"a SharePoint column":   {"word/document.xml": doc, "customXml/item1.xml": `<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement><Bemerkung xmlns="c">` + secret + `</Bemerkung></documentManagement></p:properties>`},
		"a bibliography source": {"word/document.xml": doc, "customXml/item2.xml": `<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"><b:Source><b:Title>` + secret + `</b:Title></b:Source></b:Sources>`},
		"a cover page property": {"word/document.xml": doc, "customXml/item3.xml": `<CoverPageProperties xmlns="http://schemas.microsoft.com/office/2006/coverPageProps"><Abstract>` + secret + `</Abstract></CoverPageProperties>`},
		"odt title":             odt(`<dc:title>` + secret + `</dc:title>`),
		"odt description":       odt(`<dc:description>` + secret + `</dc:description>`),
		"odt keyword":           odt(`<meta:keyword>` + secret + `</meta:keyword>`),
		"odt user-defined":      odt(`<meta:user-defined meta:name="Aktenzeichen">` + secret + `</meta:user-defined>`),
		"odt user-defined name": odt(`<meta:user-defined meta:name="` + secret + `" meta:value-type="boolean">true</meta:user-defined>`),
		"odt ID in the author":  odt(`<meta:initial-creator>` + secret + `</meta:initial-creator>`),
	} {
		text, err := Text("brief.docx", "", zipFile(t, files), 0)
		if err != nil || !strings.Contains(text, "86095742719") {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}

	// Word's own metadata: the template, the counts, the company and the
	// application are read; the author, the last saver, the manager, a
	// SharePoint user and the dates are not.
	files := map[string]string{"word/document.xml": doc}
	for n, c := range wordMeta {
		files[n] = c
	}
	text, err := Text("brief.docx", "", zipFile(t, files), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, no := range []string{"Anna", "Müller", "Schulte", "2026"} {
		if strings.Contains(text, no) {
			t.Errorf("Word's metadata: %q holds %q", text, no)
		}
	}
	for _, yes := range []string{"Hallo", "Normal.dotm", "Stadt Lindenau", "Titel", "ContentTypeId"} {
		if !strings.Contains(text, yes) {
			t.Errorf("Word's metadata: %q lacks %q", text, yes)
		}
	}
	text, err = Text("brief.odt", "", zipFile(t, odt(`<meta:initial-creator>Anna Müller</meta:initial-creator><dc:creator>Anna Müller</dc:creator><meta:printed-by>Anna Müller</meta:printed-by><meta:creation-date>2026-11-30T09:12:00.123456789</meta:creation-date><dc:date>2026-12-01T08:03:00</dc:date><meta:generator>LibreOffice/24.8.2.1$Linux_X86_64 LibreOffice_project/0f794b6e29741098670a3b95d60478a65d05ef13</meta:generator><meta:document-statistic meta:page-count="1" meta:word-count="12"/>`)), 0)
	if err != nil || strings.Contains(text, "Müller") || strings.Contains(text, "2026") || !strings.Contains(text, "LibreOffice") {
		t.Errorf("LibreOffice's metadata: %q, %v", text, err)
	}
}

// TestMetaDate: dates as metadata keeps them are passed over, numbers are
// not; an author field is read with a long number in it only.
func TestMetaDate(t *testing.T) {
	for v, date := range map[string]bool{
		"2026-11-30T09:12:00Z": true, "2026-11-30": true, "2026-11-30T09:12:00.123456789": true, "2026-11-30T09:12:41+01:00": true,
		"D:20261130101500+01'00'": true, "D:20261130101500Z": true, "D:20261130": true, "D:2026": true, "D:20261130101500Z00'00'": true,
		"86095742719": false, "2026": false, "20261130": false, "D:86095742719000": false, "2026-11-30 Kowalski": false, "D:2026 86095742719": false,
	} {
		if got := reMetaDate.MatchString(v); got != date {
			t.Errorf("%q: date %v", v, got)
		}
	}
	for v, want := range map[string]string{"Anna Müller": "", "Müller, Anna (Amt 32)": "", "Kowalski 86095742719": "Kowalski 86095742719", `STADT\mueller4711`: "",
		"DE89 3704 0044 0532 0130 00": "DE89 3704 0044 0532 0130 00", "i:0#.f|membership|anna.mueller@stadt.de": "", "Steuer-ID 86 095 742 719": "Steuer-ID 86 095 742 719"} {
		if got := authorWords(v); got != want {
			t.Errorf("authorWords(%q) = %q, want %q", v, got, want)
		}
	}
}
