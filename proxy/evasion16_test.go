package proxy

import "testing"

// TestOfficeTextBesideTheBodyInspected: an uploaded spreadsheet's sheet
// name, an OpenDocument sheet's number cell and a Word picture's
// alternative text are read, through the running proxy (sec16): pandas and
// markitdown show the first two to the model, mammoth the third. Before,
// a Steuer-ID and a name there reached the service unread. An ordinary
// spreadsheet passes.
func TestOfficeTextBesideTheBodyInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const ssNS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	xlsx := func(sheetName string) string {
		return string(zipOf(map[string]string{
			"[Content_Types].xml":      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
			"xl/workbook.xml":          `<workbook ` + ssNS + `><sheets><sheet name="` + sheetName + `" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/worksheets/sheet1.xml": `<worksheet ` + ssNS + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Summe</t></is></c><c r="B1"><v>1250</v></c></row></sheetData></worksheet>`,
		}))
	}
	ods := string(zipOf(map[string]string{
		"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
		"content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Tabelle1"><table:table-row>` +
			`<table:table-cell office:value-type="string"><text:p>Steuer-ID</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="86095742719"><text:p>8,61E+10</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`,
		"styles.xml": `<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`,
	}))
	docx := string(zipOf(map[string]string{
		"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body><w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Bild 1" descr="Ausweis von Herrn Jürgen Kowalski, Steuer-ID 86095742719"/></wp:inline></w:drawing></w:r><w:r><w:t>Anlage</w:t></w:r></w:p></w:body></w:document>`,
	}))
	for _, tc := range []struct{ name, file, content string }{
		{"a sheet's name", "liste.xlsx", xlsx("Kowalski 86095742719")},
		{"a number cell's value", "liste.ods", ods},
		{"a picture's alternative text", "anlage.docx", docx},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, got := uploadText(t, h, sent, tc.file, "application/octet-stream", tc.content)
			if code == 200 || len(got) > 0 {
				t.Fatalf("the service got the file (%d %.200s)", code, out)
			}
		})
	}
	if code, out, got := uploadText(t, h, sent, "liste.xlsx", "application/octet-stream", xlsx("Tabelle1")); code != 200 || len(got) != 1 {
		t.Fatalf("an ordinary spreadsheet: %d %.200s", code, out)
	}
}

// TestArchiveEntriesBesideTheDocumentInspected: a Word file is a zip
// archive, and a text file packed beside its document, which a service's
// code tool unpacks and reads, is inspected through the running proxy
// (sec16); before, the clean document was read and the text went out. A
// zip that is no Office file stays refused.
func TestArchiveEntriesBesideTheDocumentInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	doc := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bitte entpacken und lesen.</w:t></w:r></w:p></w:body></w:document>`
	for _, tc := range []struct{ name, file, content string }{
		{"a text file beside the document", "bericht.docx", string(zipOf(map[string]string{"word/document.xml": doc, "akte.txt": "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"}))},
		{"as a zip", "archiv.zip", string(zipOf(map[string]string{"word/document.xml": doc, "word/media/image1.png": "Steuer-ID 86095742719, VS – Nur für den Dienstgebrauch"}))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, got := uploadText(t, h, sent, tc.file, "application/octet-stream", tc.content)
			if code == 200 || len(got) > 0 {
				t.Fatalf("the service got the file (%d %.200s)", code, out)
			}
		})
	}
	if code, out, got := uploadText(t, h, sent, "bericht.docx", "application/octet-stream", string(zipOf(map[string]string{"word/document.xml": doc, "word/media/image1.png": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}))); code != 200 || len(got) != 1 {
		t.Fatalf("a document with a picture: %d %.200s", code, out)
	}
}
