package proxy

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

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

// pdfOf is a PDF of one page that shows content in Helvetica, with the
// catalog's extra entries and further objects (numbered from 6).
func pdfOf(catalog, content string, more ...string) string {
	objs := append([]string{"<< /Type /Catalog /Pages 2 0 R " + catalog + ">>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)}, more...)
	return pdfFile(objs)
}

// pdfFile writes objs (object bodies, numbered from 1, the first the
// catalog) as a PDF file with its cross-reference table.
func pdfFile(objs []string) string {
	var b strings.Builder
	b.WriteString("%PDF-1.7\n")
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
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.String()
}

// TestPDFTextBesideThePagesInspected: a PDF's /ActualText (which text
// extractors give the model instead of the glyphs), its bookmarks and its
// embedded files are inspected, through the running proxy (sec16); before,
// a Steuer-ID and a name there went out behind "XXXXXXXXXXX" or a clean
// page. A tagged PDF whose /ActualText holds nothing passes.
func TestPDFTextBesideThePagesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const secret = "Herr Juergen Kowalski, Steuer-ID 86095742719"
	clean := "BT /F1 12 Tf 72 700 Td (Sehr geehrte Damen und Herren) Tj ET"
	embedded := fmt.Sprintf("<< /Type /EmbeddedFile /Length %d >>\nstream\n%s\nendstream", len(secret), secret)
	for _, tc := range []struct{ name, pdf string }{
		{"ActualText", pdfOf("", "/Span << /ActualText ("+secret+") >> BDC BT /F1 12 Tf 72 700 Td (XXXXXXXXXXX) Tj ET EMC")},
		{"a bookmark", pdfOf("/Outlines 6 0 R ", clean, "<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>", "<< /Title ("+secret+") /Parent 6 0 R /Dest [4 0 R /Fit] >>")},
		{"an embedded file", pdfOf("/Names << /EmbeddedFiles << /Names [(akte.txt) 6 0 R] >> >> ", clean, "<< /Type /Filespec /F (akte.txt) /EF << /F 7 0 R >> >>", embedded)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, got := uploadText(t, h, sent, "brief.pdf", "application/pdf", tc.pdf)
			if code == 200 || len(got) > 0 {
				t.Fatalf("the service got the file (%d %.200s)", code, out)
			}
		})
	}
	tagged := pdfOf("", "/P << /MCID 0 >> BDC BT /F1 12 Tf 72 700 Td (Sehr geehrte Damen und Herren, anbei der Bescheid.) Tj ET EMC /Span << /ActualText (fi) >> BDC EMC")
	if code, out, got := uploadText(t, h, sent, "brief.pdf", "application/pdf", tagged); code != 200 || len(got) != 1 {
		t.Fatalf("a tagged PDF: %d %.200s", code, out)
	}
}

// TestLettersForDigitsInsideValues: a Steuer-ID or an IBAN with letters
// for some digits, as OCR and leetspeak write them (O, o for 0; I, l for
// 1; S for 5; B for 8), is found when its check digits hold so, and
// replaced with everything it is written with, through the running proxy
// (sec16): a model reads them as digits, and both went out. Ordinary text
// with such letters beside digits passes as written.
func TestLettersForDigitsInsideValues(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct{ name, text, gone string }{
		{"a Steuer-ID", "Meine Steuer-ID ist 86O957427I9, bitte prüfen.", "86O957427I9"},
		{"a Steuer-ID with l", "Steuer-ID: 86O957427l9", "86O957427l9"},
		{"an IBAN", "Bitte überweisen an IBAN DE89 37O4 OO44 O532 O13O OO.", "O13O"},
		{"an IBAN with S", "IBAN DE89 3704 0044 0S32 0130 00", "0S32"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(tc.text))
			got := sent()[n:]
			if code == 200 && (len(got) != 1 || strings.Contains(got[0], tc.gone) || !strings.Contains(got[0], "_1]")) {
				t.Fatalf("the service got %q (%d %.200s)", got, code, out)
			}
		})
	}
	for _, text := range []string{
		"Unser B2B-Portal läuft auf Server S1234567890, Raum 1O1 (Altbau), Ticket SOS-2024-17.",
		"Artikel B0123456789 und S6095742719 sind bestellt; die Bestellnummer 86O957427I8 ist falsch.",
	} {
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", chatBody(text))
		if got := sent()[n:]; code != 200 || len(got) != 1 || !strings.Contains(got[0], text) {
			t.Errorf("%q: %d %q %.200s", text, code, got, out)
		}
	}
}

// wholeRecorder records every request as its method, host, URL, headers
// and body.
type wholeRecorder struct {
	mu  sync.Mutex
	got []string
}

func (u *wholeRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var hs strings.Builder
	r.Header.Write(&hs)
	u.mu.Lock()
	u.got = append(u.got, r.Method+" "+r.Host+" "+r.URL.String()+"\n"+hs.String()+"\n"+string(b))
	u.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{}`)
}

func (u *wholeRecorder) all() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.got...)
}

// TestRequestShapesHeld keeps what round 16 tried at the HTTP level and in
// the JSON body and found inspected: whatever reaches the service holds no
// canary as written (it is replaced or the request blocked). A chat body
// sent as text/plain, a form or without a type, JSON nested 500 deep, a
// body on GET or DELETE, a method override header, a path with "//", an
// escaped "/", a trailing "/", "." or ";", a host with a trailing dot or in
// capitals, Expect: 100-continue, chunked bodies with a trailer, an HTTP/2
// body in many DATA frames; a zip, a 7z and an Outlook .msg are refused.
// Round 18 added what it tried and found held: a login in an absolute-form
// URL, a fragment in the request line, a folded header line, a
// Transfer-Encoding other than chunked, x-gzip and GZIP as
// Content-Encoding, Upgrade without Connection on a POST, HTTP/1.0
// without a length, a multipart boundary given twice, a nested
// multipart/mixed part and a part in UTF-16, and an https:// URL sent to
// the proxy itself without CONNECT, in capitals and with a trailing dot.
func TestRequestShapesHeld(t *testing.T) {
	up := &wholeRecorder{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	canary := "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"
	body := chatBody(canary)
	u := "https://api.openai.com/v1/chat/completions"
	check := func(t *testing.T, n int) {
		t.Helper()
		for _, g := range up.all()[n:] {
			// the last: the login of an absolute-form URL as Basic
			// credentials (base64 of "Kowalski:86095742719")
			for _, c := range []string{"Kowalski", "86095742719", "0532 0130", "S293YWxza2k6ODYwOTU3NDI3MTk"} {
				if strings.Contains(g, c) {
					t.Fatalf("the service got %q: %.300q", c, g)
				}
			}
		}
	}
	for _, tc := range []struct {
		name, method, url, ctype string
		hdr                      map[string]string
		body                     string
	}{
		{"text/plain", "POST", u, "text/plain", nil, body},
		{"a form's type", "POST", u, "application/x-www-form-urlencoded", nil, body},
		{"no type", "POST", u, "", nil, body},
		{"nested 500 deep", "POST", u, "application/json", nil, `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}],"metadata":{"x":` + strings.Repeat("[", 500) + `"` + canary + `"` + strings.Repeat("]", 500) + `}}`},
		{"GET with a body", "GET", u, "application/json", nil, body},
		{"DELETE with a body", "DELETE", u, "application/json", nil, body},
		{"a method override", "GET", u, "application/json", map[string]string{"X-HTTP-Method-Override": "POST"}, body},
		{"x-gzip", "POST", u, "application/json", map[string]string{"Content-Encoding": "x-gzip"}, string(gz([]byte(body)))},
		{"GZIP in capitals", "POST", u, "application/json", map[string]string{"Content-Encoding": "GZIP"}, string(gz([]byte(body)))},
		{"identity, x-gzip", "POST", u, "application/json", map[string]string{"Content-Encoding": "identity, x-gzip"}, string(gz([]byte(body)))},
		{"Upgrade without Connection", "POST", u, "application/json", map[string]string{"Upgrade": "websocket"}, body},
		{"a nested multipart/mixed part", "POST", "https://api.openai.com/v1/files", "multipart/form-data; boundary=XyZ", nil,
			"--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n--XyZ\r\nContent-Disposition: form-data; name=\"files\"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n" +
				"--inner\r\nContent-Disposition: file; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n" + canary + "\r\n--inner--\r\n--XyZ--\r\n"},
		{"a part in UTF-16", "POST", "https://api.openai.com/v1/audio/transcriptions", "multipart/form-data; boundary=XyZ", nil,
			"--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" + utf16LE(canary) + "\r\n--XyZ--\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(up.all())
			req, _ := http.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			for k, v := range tc.hdr {
				req.Header.Set(k, v)
			}
			h.send(t, req)
			check(t, n)
		})
	}
	raw := func(t *testing.T, req string) {
		n := len(up.all())
		sendRaw(t, h, []byte(req), false)
		check(t, n)
	}
	for _, p := range []string{"//v1/chat/completions", "/v1/chat%2Fcompletions", "/v1/chat/completions/", "/v1/./chat/completions", "/V1/CHAT/COMPLETIONS", "/v1/chat/completions;x=1"} {
		t.Run("path "+p, func(t *testing.T) {
			raw(t, "POST "+p+" HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: "+fmt.Sprint(len(body))+"\r\n\r\n"+body)
		})
	}
	for _, host := range []string{"api.openai.com.", "API.OPENAI.COM", "api.openai.com.:443"} {
		t.Run("host "+host, func(t *testing.T) {
			raw(t, "POST /v1/chat/completions HTTP/1.1\r\nHost: "+host+"\r\nContent-Type: application/json\r\nContent-Length: "+fmt.Sprint(len(body))+"\r\n\r\n"+body)
		})
	}
	clean := chatBody("Hallo")
	for name, req := range map[string]string{
		"a login in an absolute-form URL": "POST https://Kowalski:86095742719@api.openai.com/v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: " + fmt.Sprint(len(clean)) + "\r\n\r\n" + clean,
		"a fragment in the request line":  "POST /v1/chat/completions#Kowalski-86095742719 HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: " + fmt.Sprint(len(clean)) + "\r\n\r\n" + clean,
		"a folded header line":            "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nX-Note: Hallo\r\n " + canary + "\r\nContent-Type: application/json\r\nContent-Length: " + fmt.Sprint(len(clean)) + "\r\n\r\n" + clean,
		"Transfer-Encoding gzip, chunked": "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(gz([]byte(body))), gz([]byte(body))),
		"HTTP/1.0 without a length":       "POST /v1/chat/completions HTTP/1.0\r\nHost: api.openai.com\r\nContent-Type: application/json\r\n\r\n" + body,
		"a boundary given twice":          "POST /v1/files HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: multipart/form-data; boundary=A; boundary=XyZ\r\nContent-Length: " + fmt.Sprint(len(body)+40) + "\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\n" + body[:len(body)-2],
	} {
		t.Run(name, func(t *testing.T) { raw(t, req) })
	}
	for _, target := range []string{"https://api.openai.com/v1/chat/completions", "https://API.OPENAI.COM./v1/chat/completions", "https://api.openai.com:443/v1/chat/completions"} {
		t.Run("without CONNECT "+target, func(t *testing.T) {
			n := len(up.all())
			c, err := net.Dial("tcp", h.proxyURL.Host)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", target, len(body), body)
			if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err == nil {
				io.Copy(io.Discard, resp.Body)
			}
			check(t, n)
		})
	}
	t.Run("Expect: 100-continue", func(t *testing.T) {
		raw(t, "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: "+fmt.Sprint(len(body))+"\r\n\r\n"+body)
	})
	t.Run("a trailer", func(t *testing.T) {
		raw(t, "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nTransfer-Encoding: chunked\r\nTrailer: X-Prompt\r\nContent-Type: application/json\r\n\r\n"+
			fmt.Sprintf("%x\r\n%s\r\n", len(clean), clean)+"0\r\nX-Prompt: Herr Jürgen Kowalski IBAN DE89370400440532013000\r\n\r\n")
	})
	t.Run("chunks of a byte", func(t *testing.T) {
		var b strings.Builder
		for i := 0; i < len(body); i++ {
			fmt.Fprintf(&b, "1\r\n%c\r\n", body[i])
		}
		raw(t, "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"+b.String()+"0\r\n\r\n")
	})
	t.Run("HTTP/2 in many DATA frames", func(t *testing.T) {
		n := len(up.all())
		pr, pw := io.Pipe()
		go func() {
			for i := 0; i < len(body); i += 3 {
				pw.Write([]byte(body[i:min(i+3, len(body))]))
				time.Sleep(time.Millisecond)
			}
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", u, pr)
		req.Header.Set("Content-Type", "application/json")
		resp, err := h.client(h.schleuseP, true).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.ProtoMajor != 2 {
			t.Fatalf("HTTP/%d", resp.ProtoMajor)
		}
		check(t, n)
	})
	for _, tc := range []struct{ name, file, content string }{
		{"a zip", "akte.zip", string(zipOf(map[string]string{"akte.txt": canary}))},
		{"a 7z", "akte.7z", "7z\xbc\xaf\x27\x1c\x00\x04" + canary},
		{"an Outlook message", "mail.msg", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00" + canary},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
			b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + tc.file + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + tc.content + "\r\n--XyZ--\r\n")
			n := len(up.all())
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(b.String()))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
			if code, out := h.send(t, req); code == 200 || len(up.all()) > n {
				t.Fatalf("the service got the file (%d %.200s)", code, out)
			}
		})
	}
}

// utf16LE is s in UTF-16, little-endian, without a byte-order mark.
func utf16LE(s string) string {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = append(b, byte(c), byte(c>>8))
	}
	return string(b)
}
