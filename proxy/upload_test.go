package proxy

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// TestUploadsAreInspected: a file uploaded to an inspected service is read,
// scanned like a prompt and blocked when it holds personal data.
func TestUploadsAreInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	upload := func(name, content string) (int, string) { return uploadFile(t, h, name, content, nil) }
	n := len(h.llm.received)
	code, body := upload("liste.txt", "Zahlungsliste\nFrau Anna Schmidt, IBAN "+testIBAN+"\n")
	if code != 400 || !strings.Contains(body, "nicht an den KI-Dienst gesendet") || !strings.Contains(body, "IBAN") || len(h.llm.received) != n {
		t.Fatalf("file with personal data: %d %s", code, body)
	}
	if code, body := upload("notiz.txt", "Bitte die Tagesordnung für Dienstag vorbereiten.\n"); code != 200 || len(h.llm.received) != n+1 {
		t.Fatalf("clean file: %d %s", code, body)
	}
	if code, body := upload("bild.bin", "\x00\x01\x02binary\xff\xfe"); code < 400 || !strings.Contains(body, "Datei") || len(h.llm.received) != n+1 {
		t.Fatalf("unreadable file: %d %s", code, body)
	}
	// An unreadable file's notice says why and what to do instead
	// (extract.Notice); before, every one read "cannot be read".
	cfb := "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 64)
	utf16 := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteString(string(rune(r)) + "\x00")
		}
		return b.String()
	}
	for _, c := range []struct{ name, content, want string }{
		{"bescheid.docx", cfb + utf16("EncryptedPackage"), "mit einem Passwort geschützt"},
		{"bescheid.doc", cfb, "Speichern Sie die Datei in einem dieser Formate"},
	} {
		code, body := upload(c.name, c.content)
		if code < 400 || !strings.Contains(body, c.want) || !strings.Contains(body, "in die Nachricht kopieren") || len(h.llm.received) != n+1 {
			t.Errorf("%s: %d %s", c.name, code, body)
		}
	}
}

// TestCompressedBodiesAreDecoded: a gzip body is decoded, inspected and
// forwarded decoded with the header fixed.
func TestCompressedBodiesAreDecoded(t *testing.T) {
	h := newPipeHarness(t, nil)
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	io.WriteString(zw, `{"model":"gpt-4o","messages":[{"role":"user","content":"Schreibe Frau Anna Schmidt."}]}`)
	zw.Close()
	req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", &zb)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(h.llm.last(), "[PERSON_1]") || strings.Contains(h.llm.last(), "Schmidt") {
		t.Fatalf("%d, upstream saw %q", resp.StatusCode, h.llm.last())
	}
}

// TestUploadFileNameIsInspected: the name of an uploaded file reaches the
// service with it (and the model often reads it): it is scanned like the
// file's text, with "_" and "-" read as spaces. A file named after a person with
// clean content is blocked (a file cannot be rewritten), a neutral name
// with the same content goes through.
func TestUploadFileNameIsInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	upload := func(name string) (int, string) { return uploadFile(t, h, name, cleanNote, nil) }
	n := len(h.llm.received)
	for _, name := range []string{"Zahlung an DE89 3704 0044 0532 0130 00.txt", "Abmahnung_Frau_Anna_Schmidt.txt", "Steuer-ID_" + testTaxID + ".txt", "Schreiben-an-Kasimir-Kanarienvogel.docx.txt"} {
		if code, body := upload(name); code != 400 || len(h.llm.received) != n {
			t.Fatalf("%q: %d %s (upstream saw %q)", name, code, body, h.llm.last())
		}
	}
	if code, body := upload("tagesordnung_dienstag.txt"); code != 200 || len(h.llm.received) != n+1 {
		t.Fatalf("neutral name: %d %s", code, body)
	}
}

// TestUploadTextPartsAreInspected: a text part of a multipart upload that
// the adapter does not read (any name but the file and the fields it
// knows) reaches the service too: it is scanned, and a part with personal
// data blocks the upload (multipart cannot be rewritten). Ids and tokens
// (purpose, a UUID) pass as before.
func TestUploadTextPartsAreInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	upload := func(extra map[string]string) (int, string) { return uploadFile(t, h, "notiz.txt", cleanNote, extra) }
	n := len(h.llm.received)
	if code, body := upload(map[string]string{"notes": "Zahlungsliste: Frau Anna Schmidt, IBAN " + testIBAN}); code != 400 || len(h.llm.received) != n {
		t.Fatalf("text part with personal data: %d %s", code, body)
	}
	if code, body := upload(map[string]string{"expires_after": "3600", "project": "0b9f3c2e-6a55-4a8e-9d2b-5a1e2f3c4d5e"}); code != 200 || len(h.llm.received) != n+1 {
		t.Fatalf("ids: %d %s", code, body)
	}
}

// cleanNote is the text of a file without personal data.
const cleanNote = "Bitte die Tagesordnung für Dienstag vorbereiten.\n"

// uploadFile uploads a file named name with content to OpenAI's /v1/files
// through the proxy, with the purpose field and the extra text parts, and
// returns the status and body the client got.
func uploadFile(t *testing.T, h *pipeHarness, name, content string, extra map[string]string) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("purpose", "assistants")
	for k, v := range extra {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	io.WriteString(fw, content)
	mw.Close()
	resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/files", mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestOfficeFileHiddenTextInspected: the text an Office file carries to
// the service beside its body is scanned with it: a tracked deletion in a
// Word file (<w:delText>: a name someone "removed" from a letter with
// change tracking on, still in the file), the comments of an Excel sheet
// and of a slide. Before, only the body's runs were read, and such files
// were uploaded with the name and the IBAN in them.
func TestOfficeFileHiddenTextInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	const w = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	const a = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`
	secret := "Frau Anna Schmidt, IBAN " + testIBAN
	body := func(text string) string {
		return `<w:document ` + w + `><w:body><w:p><w:r><w:t>Bitte die Tagesordnung vorbereiten.</w:t></w:r>` + text + `</w:p></w:body></w:document>`
	}
	sheet := `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Tagesordnung</t></is></c></row></sheetData></worksheet>`
	slide := `<p:sld ` + a + `><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Tagesordnung</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`
	for _, c := range []struct {
		name  string
		files map[string]string
		clean bool
	}{
		{"tracked deletion.docx", map[string]string{"word/document.xml": body(`<w:del w:author="Sachbearbeitung"><w:r><w:delText>` + secret + `</w:delText></w:r></w:del>`)}, false},
		{"cell comment.xlsx", map[string]string{"xl/workbook.xml": `<workbook/>`, "xl/worksheets/sheet1.xml": sheet,
			"xl/comments1.xml": `<comments><authors><author>Sachbearbeitung</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>` + secret + `</t></r></text></comment></commentList></comments>`}, false},
		{"slide comment.pptx", map[string]string{"ppt/presentation.xml": `<p:presentation ` + a + `/>`, "ppt/slides/slide1.xml": slide,
			"ppt/comments/comment1.xml": `<p:cmLst ` + a + `><p:cm authorId="0"><p:text>` + secret + `</p:text></p:cm></p:cmLst>`}, false},
		{"modern slide comment.pptx", map[string]string{"ppt/presentation.xml": `<p:presentation ` + a + `/>`, "ppt/slides/slide1.xml": slide,
			"ppt/comments/modernComment_100_1A2B3C4D.xml": `<p188:cmLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main" ` + a + `><p188:cm><p188:txBody><a:p><a:r><a:t>` + secret + `</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>`}, false},
		{"clean with an author.docx", map[string]string{"word/document.xml": body(`<w:del w:author="Anna Schmidt"><w:r><w:delText>vorläufig</w:delText></w:r></w:del>`)}, true},
	} {
		n := len(h.llm.received)
		code, out := uploadFile(t, h, strings.ReplaceAll(c.name, " ", "_"), string(zipOf(c.files)), nil)
		if c.clean != (code == 200 && len(h.llm.received) == n+1) || !c.clean && !strings.Contains(out, "IBAN") {
			t.Errorf("%s: %d %.300s", c.name, code, out)
		}
	}
}

// filledFormPDF is a PDF form whose page says only "Antrag auf Wohngeld"
// and whose text field holds value (in /V and in its appearance), as a
// form filled in on screen and saved without flattening is.
func filledFormPDF(value string) string {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /DR << /Font << /Helv 7 0 R >> >> >> >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R /Annots [5 0 R] >>",
		"", // the page's content
		"<< /Type /Annot /Subtype /Widget /FT /Tx /T (antragsteller) /Rect [100 700 400 720] /V (" + value + ") /AP << /N 6 0 R >> >>",
		"", // the field's appearance
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	stream := func(s string) string { return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s) }
	objs[3] = stream("BT /F1 12 Tf 72 760 Td (Antrag auf Wohngeld) Tj ET")
	objs[5] = stream("/Tx BMC BT /Helv 10 Tf 2 5 Td (" + value + ") Tj ET EMC")
	return pdfFile(objs)
}

// TestFilledPDFFormInspected: the values typed into a PDF form that was
// saved without flattening stand in its fields and their appearances, not
// in the page's content, and a service that renders the page shows them
// to the model: they are scanned with the page's text. Before, a filled
// application form was uploaded with the applicant's name and IBAN in it.
func TestFilledPDFFormInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	n := len(h.llm.received)
	if code, out := uploadFile(t, h, "antrag.pdf", filledFormPDF("Frau Anna Schmidt, IBAN "+testIBAN), nil); code != 400 || len(h.llm.received) != n || !strings.Contains(out, "IBAN") {
		t.Errorf("filled form: %d %.300s", code, out)
	}
	if code, out := uploadFile(t, h, "antrag.pdf", filledFormPDF("Wohngeld ab Januar"), nil); code != 200 || len(h.llm.received) != n+1 {
		t.Errorf("form without data: %d %.300s", code, out)
	}
}
