package proxy

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// TestAddressesInspected: a link among the strings an adapter does not
// read (a Gemini function's response, a field of a tool result) is read as
// the request's own URL is: an e-mail address or an IBAN standing alone as
// a query value or a path segment is found and replaced in place. Before,
// every http(s) address was passed over as one, and the model got the
// citizen's address and IBAN. A link with a signature, random ids and
// digits inside longer runs goes out as it is.
func TestAddressesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	gemini := func(link string) string {
		return `{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"lookup","response":{"link":"` + link + `"}}}]}]}`
	}
	const path = "/v1beta/models/gemini-2.0-flash:generateContent"
	for _, link := range []string{
		"https://crm.stadt.de/kontakt?email=anna.schmidt@stadt-musterhausen.de&iban=DE89370400440532013000",
		"https://crm.stadt.de/buerger/anna.schmidt@stadt-musterhausen.de/akte",
	} {
		n := len(sent())
		code, out := postJSON(t, h, "https://generativelanguage.googleapis.com"+path, gemini(link))
		got := sent()
		if code != http.StatusOK || len(got) != n+1 {
			t.Fatalf("%s: %d %.300s", link, code, out)
		}
		if fwd := got[len(got)-1]; strings.Contains(fwd, "anna.schmidt") || strings.Contains(fwd, "DE89") || !strings.Contains(fwd, "[EMAIL_") {
			t.Errorf("the service got %s", fwd)
		}
	}
	clean := "https://storage.example.org/v1/files/4111111111111111x/abc?X-Amz-Signature=" + strings.Repeat("a1B2", 16) + "&sid=-4418346734924378061&ref=ee14d23d-3620-6dc6-b320-0a1b2c3d4e5f"
	n := len(sent())
	if code, out := postJSON(t, h, "https://generativelanguage.googleapis.com"+path, gemini(clean)); code != http.StatusOK || len(sent()) != n+1 || !strings.Contains(sent()[n], clean) {
		t.Errorf("a clean link: %d %.300s", code, out)
	}
}

// TestJSONNumbersInspected: a tool's result, a function's response or a
// program's metadata given as an object reaches the service as text does;
// a number whose digits form an identifier ({"steuer_id": 86095742719}) is
// found as in text and replaced (it becomes a string), and so are digits
// and an e-mail address under a key named like an id ("steuer_id":
// "86095742719", "user_id": "max…@…"), which are a person's, not the
// service's. Before, numbers were never read and values under *_id keys
// were passed over as ids: each reached the service unread. Times, small
// numbers and the service's own ids stay as they are.
func TestJSONNumbersInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	tax := testTaxID
	for _, tc := range []struct {
		name, host, path, body string
		clean                  bool // nothing to replace: forwarded as it is
	}{
		{"Gemini functionResponse number", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"lookup","response":{"steuer_id":` + tax + `}}}]}]}`, false},
		{"Gemini functionResponse digits under an id key", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"lookup","response":{"steuer_id":"` + tax + `"}}}]}]}`, false},
		{"Anthropic tool_result beside its content", "api.anthropic.com", "/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":[{"type":"text","text":"ok"}],"akte":{"steuer_id":` + tax + `}}]}]}`, false},
		{"OpenAI metadata number", "api.openai.com", "/v1/chat/completions",
			`{"model":"gpt-4o","metadata":{"kunde":` + tax + `},"messages":[{"role":"user","content":"Hallo"}]}`, false},
		{"e-mail under an id key", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"lookup","response":{"user_id":"max.mustermann@example.de"}}}]}]}`, false},
		// A float with a fraction of zeros, as json.dumps and pandas write
		// an id column with a gap (sec12): before, a measure, unread.
		{"OpenAI metadata float of an integer", "api.openai.com", "/v1/chat/completions",
			`{"model":"gpt-4o","metadata":{"kunde":` + tax + `.0},"messages":[{"role":"user","content":"Hallo"}]}`, false},
		{"Gemini functionResponse rows of floats", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"function","parts":[{"functionResponse":{"name":"export","response":{"rows":[[` + tax + `.00,"x"]]}}}]}]}`, false},
		{"times, settings and the service's ids", "api.openai.com", "/v1/chat/completions",
			`{"model":"gpt-4o","seed":12345,"max_tokens":1024,"metadata":{"created_at":1732953600,"ts":1732953600000,"message_id":"4418346734924378061","id":133460009,"plz":10115,"betrag":1234567.50,"temperatur":0.0},"messages":[{"role":"user","content":"Hallo"}]}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := map[string]bool{}
			for _, s := range sent() {
				before[s] = true
			}
			tc.body = strings.Replace(tc.body, `"Hallo"`, `"Hallo `+tc.name+`"`, 1) // each forwarded body its own
			req, _ := http.NewRequest("POST", "https://"+tc.host+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, body := h.send(t, req)
			var got []string
			for _, s := range sent() {
				if !before[s] {
					got = append(got, s)
				}
			}
			if code != 200 || len(got) != 1 {
				t.Fatalf("%d %.300s; %d forwarded", code, body, len(got))
			}
			if tc.clean {
				if got[0] != tc.body {
					t.Fatalf("a clean body was changed:\n%s\n%s", got[0], tc.body)
				}
				return
			}
			if strings.Contains(got[0], tax) || strings.Contains(got[0], "mustermann") || !strings.Contains(got[0], `"[`) {
				t.Fatalf("the service got %s", got[0])
			}
		})
	}
}

// TestDataURLsInspected: a file given inline as a data URL — in an
// image_url or file_url part, a Mistral document_url, base64 or
// percent-encoded, standard or URL-safe base64, with line breaks — is
// decoded and its text scanned like an upload's; a finding blocks it (a
// file is not rewritten). Before, a data URL was passed over as an address
// (skipValue), a percent-encoded file_data was not read, and base64 that
// only a lenient reader decodes was reported as an empty file: each went
// out unread. Images are the policy's (input.uninspected, blocked by default:
// TestUninspectedContentBlocked), and a file that does not decode at all is
// refused.
func TestDataURLsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	akte := []byte("Akte Herr Jürgen Kowalski, IBAN " + testIBAN + ", Vermerk \xff\xfe??>>")
	std := base64.StdEncoding.EncodeToString(akte)
	urlSafe := base64.RawURLEncoding.EncodeToString(akte)
	if !strings.ContainsAny(urlSafe, "-_") {
		t.Fatal("the sample does not exercise the URL-safe alphabet")
	}
	wrapped := std[:20] + "\n" + std[20:]
	png := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	chat := func(part string) string {
		return `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Fasse zusammen"},` + part + `]}]}`
	}
	for _, tc := range []struct {
		name, path, body string
		forward          bool
	}{
		{"image_url with text/plain", "/v1/chat/completions", chat(`{"type":"image_url","image_url":{"url":"data:text/plain;base64,` + std + `"}}`), false},
		{"image_url with text/csv, percent-encoded", "/v1/chat/completions", chat(`{"type":"image_url","image_url":{"url":"data:text/csv,` + url.PathEscape(string(akte[:60])) + `"}}`), false},
		{"image_url with JSON, URL-safe base64", "/v1/chat/completions", chat(`{"type":"image_url","image_url":{"url":"data:application/json;base64,` + urlSafe + `"}}`), false},
		{"file_data, URL-safe base64", "/v1/chat/completions", chat(`{"type":"file","file":{"filename":"a.txt","file_data":"data:text/plain;base64,` + urlSafe + `"}}`), false},
		{"file_data with a line break", "/v1/chat/completions", chat(`{"type":"file","file":{"filename":"a.txt","file_data":` + strconv.Quote("data:text/plain;base64,"+wrapped) + `}}`), false},
		{"file_data percent-encoded", "/v1/chat/completions", chat(`{"type":"file","file":{"filename":"a.txt","file_data":"data:text/plain,` + url.PathEscape(string(akte[:60])) + `"}}`), false},
		{"Responses input_file by file_url", "/v1/responses", `{"model":"gpt-4o","input":[{"role":"user","content":[{"type":"input_text","text":"Fasse zusammen"},{"type":"input_file","file_url":"data:text/plain;base64,` + std + `"}]}]}`, false},
		{"file that does not decode", "/v1/chat/completions", chat(`{"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,QUJDR"}}`), false},
		{"an image is the policy's (KI-RL-3.6)", "/v1/chat/completions", chat(`{"type":"image_url","image_url":{"url":"data:image/png;base64,` + png + `"}}`), false},
		{"a clean text file passes", "/v1/chat/completions", chat(`{"type":"image_url","image_url":{"url":"data:text/plain;base64,` + base64.StdEncoding.EncodeToString([]byte("Einladung zum Sommerfest")) + `"}}`), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://api.openai.com"+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, body := h.send(t, req)
			got := sent()[n:]
			if (len(got) > 0) != tc.forward {
				t.Fatalf("forwarded %d (status %d %.300s), want forwarded=%v", len(got), code, body, tc.forward)
			}
			if !tc.forward && (code == 200 || !strings.Contains(body, "schleuse")) {
				t.Fatalf("no notice: %d %.300s", code, body)
			}
		})
	}
}

// TestWebUploadsInspected: a file attached in gemini.google.com (Google's
// upload service) or Perplexity (its presigned POST to S3) is inspected:
// the upload hosts belong to their service in the catalogue. Before, they
// were routed to the upload adapter but not in the catalogue, so the
// upload went through a blind tunnel, never read. A refused upload gets the
// notice in the shape of the upload call's own errors (German text with
// X-Goog-Upload-Status: final; S3's XML error), a clean one goes through.
func TestWebUploadsInspected(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"content-push.googleapis.com": up, "ppl-ai-file-upload.s3.amazonaws.com": up}})
	akte := "Zahlungsliste\nFrau Anna Schmidt, IBAN " + testIBAN + "\n"
	gemini := func(content string) *http.Request {
		req, _ := http.NewRequest("POST", "https://content-push.googleapis.com/upload/", strings.NewReader(content))
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("X-Goog-Upload-Command", "upload, finalize")
		req.Header.Set("X-Goog-Upload-Offset", "0")
		req.Header.Set("X-Tenant-Id", "bard-storage")
		req.Header.Set("Push-Id", "feeds/mcudyrk2a4khkz")
		return req
	}
	s3 := func(content string) *http.Request {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		w.WriteField("key", "user_uploads/abc/notiz.txt")
		w.WriteField("Content-Type", "text/plain")
		fw, _ := w.CreateFormFile("file", "notiz.txt")
		io.WriteString(fw, content)
		w.Close()
		req, _ := http.NewRequest("POST", "https://ppl-ai-file-upload.s3.amazonaws.com/", &b)
		req.Header.Set("Content-Type", w.FormDataContentType())
		return req
	}
	for _, tc := range []struct {
		name string
		req  func(string) *http.Request
		ct   string
		goog string
	}{
		{"gemini.google.com attachment", gemini, "text/plain", "final"},
		{"Perplexity attachment", s3, "application/xml", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(up.bodies())
			resp, err := h.client(h.schleuseP, false).Do(tc.req(akte))
			if err != nil {
				t.Fatalf("not intercepted: %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 403 || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ct) ||
				resp.Header.Get("X-Goog-Upload-Status") != tc.goog || !strings.Contains(string(b), "IBAN") || len(up.bodies()) != n {
				t.Fatalf("%d %s %q; %d uploads reached the service", resp.StatusCode, resp.Header, b, len(up.bodies())-n)
			}
			resp, err = h.client(h.schleuseP, false).Do(tc.req("Tagesordnung für Dienstag\n"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || len(up.bodies()) != n+1 {
				t.Fatalf("a clean file: %d, %d uploads", resp.StatusCode, len(up.bodies())-n)
			}
		})
	}
}

// TestGeminiUploadStartInspected: the start of an attachment's upload in
// gemini.google.com carries the file's name only ("File name:
// Bescheid_…pdf"); it is read as a file name (with "_" as blanks and the
// extension apart), so that a name or an IBAN in it is found. Before, it was
// read as a file's content, as text without blanks, and passed.
func TestGeminiUploadStartInspected(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"content-push.googleapis.com": up}})
	for _, tc := range []struct {
		name    string
		forward bool
	}{
		{"Bescheid_" + strings.ReplaceAll(testIBAN, " ", "") + ".pdf", false},
		{"Einladung_Sommerfest.pdf", true},
	} {
		n := len(up.bodies())
		req, _ := http.NewRequest("POST", "https://content-push.googleapis.com/upload/", strings.NewReader("File name: "+tc.name))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
		req.Header.Set("X-Goog-Upload-Command", "start")
		req.Header.Set("X-Goog-Upload-Protocol", "resumable")
		req.Header.Set("Push-Id", "feeds/mcudyrk2a4khkz")
		code, body := h.send(t, req)
		if (len(up.bodies()) > n) != tc.forward {
			t.Errorf("%s: %d %.200q, forwarded=%v", tc.name, code, body, len(up.bodies()) > n)
		}
	}
}

// TestGeminiFilesAPIUploadInspected: a file uploaded through the Gemini
// API's Files API (/upload/v1beta/files: resumable or multipart) is read
// as an upload: an Office file's or a PDF's text is extracted, the start's
// JSON names the file. Before, no route knew the path and the fallback
// read only a binary body's printable runs, so a .docx with a name and an
// IBAN went out unread. A refusal is the API's own error, PERMISSION_DENIED,
// with X-Goog-Upload-Status: final.
func TestGeminiFilesAPIUploadInspected(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"generativelanguage.googleapis.com": up}})
	related := func(text string) (string, []byte) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		mh := textproto.MIMEHeader{"Content-Type": {"application/json; charset=UTF-8"}}
		pw, _ := w.CreatePart(mh)
		io.WriteString(pw, `{"file":{"display_name":"notiz"}}`)
		pw, _ = w.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain"}})
		io.WriteString(pw, text)
		w.Close()
		return "multipart/related; boundary=" + w.Boundary(), b.Bytes()
	}
	secret := "Frau Anna Schmidt, IBAN " + testIBAN
	clean := "Tagesordnung für Dienstag"
	type request struct {
		path, ct, cmd string
		body          []byte
	}
	upload := func(text string) request {
		return request{"/upload/v1beta/files?upload_id=ABC123&upload_protocol=resumable", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "upload, finalize", docxOf(text)}
	}
	start := func(name string) request {
		return request{"/upload/v1beta/files", "application/json", "start", []byte(`{"file":{"display_name":"` + name + `"}}`)}
	}
	multi := func(text string) request {
		ct, b := related(text)
		return request{"/upload/v1beta/files?uploadType=multipart", ct, "", b}
	}
	for _, tc := range []struct {
		name    string
		req     request
		forward bool
	}{
		{"resumable bytes", upload(secret), false},
		{"resumable start naming the file", start("Bescheid_" + strings.ReplaceAll(testIBAN, " ", "") + ".pdf"), false},
		{"multipart", multi(secret), false},
		{"clean bytes", upload(clean), true},
		{"clean start", start("Tagesordnung_Dienstag.pdf"), true},
		{"clean multipart", multi(clean), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", "https://generativelanguage.googleapis.com"+tc.req.path, bytes.NewReader(tc.req.body))
			req.Header.Set("Content-Type", tc.req.ct)
			req.Header.Set("X-Goog-Api-Key", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW")
			if tc.req.cmd != "" {
				req.Header.Set("X-Goog-Upload-Command", tc.req.cmd)
				req.Header.Set("X-Goog-Upload-Protocol", "resumable")
			}
			n := len(up.bodies())
			resp, err := h.client(h.schleuseP, false).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if forwarded := len(up.bodies()) > n; forwarded != tc.forward {
				t.Fatalf("forwarded=%v: %d %.300s", forwarded, resp.StatusCode, b)
			}
			if !tc.forward && (resp.StatusCode != 403 || !strings.Contains(string(b), `"PERMISSION_DENIED"`) || resp.Header.Get("X-Goog-Upload-Status") != "final") {
				t.Fatalf("refusal: %d %s %.300s", resp.StatusCode, resp.Header, b)
			}
		})
	}
}

// TestUnroutedDocumentUploadInspected: a PDF or an Office file sent as the
// whole body on a path no adapter knows (an upload endpoint a service adds)
// is read as a file, its text extracted; before, the fallback scanned only
// the printable runs of the binary body, which hold none of a compressed
// document's text, and the file went out unread. A ZIP it cannot read is
// blocked; a clean document passes.
func TestUnroutedDocumentUploadInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct {
		name    string
		body    []byte
		forward bool
	}{
		{"a .docx with a name and an IBAN", docxOf("Frau Anna Schmidt, IBAN " + testIBAN), false},
		{"a clean .docx", docxOf("Tagesordnung für Dienstag"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/containers/cntr_1/files/raw", bytes.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/octet-stream")
			code, body := h.send(t, req)
			if forwarded := len(sent()) > n; forwarded != tc.forward {
				t.Fatalf("forwarded=%v: %d %.300s", forwarded, code, body)
			}
		})
	}
}

// zipOf is a ZIP archive of files (name → content), as Office files are.
func zipOf(files map[string]string) []byte {
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, content := range files {
		f, _ := zw.Create(name)
		io.WriteString(f, content)
	}
	zw.Close()
	return zb.Bytes()
}

// docxOf is a Word document with text as its one paragraph.
func docxOf(text string) []byte {
	return zipOf(map[string]string{"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`})
}

// FuzzAddressFindings: of findings at any span of an address, those kept
// lie inside it, hold no separator and are a subset in order.
func FuzzAddressFindings(f *testing.F) {
	f.Add("https://crm.stadt.de/kontakt?email=anna.schmidt@stadt.de&iban=DE89370400440532013000", 36, 56)
	f.Add("https://akte.example/Kowalski_DE89370400440532013000", 8, 50)
	f.Add("https://x.example/4111111111111111x", 18, 34)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		fs := []detectors.Finding{{Type: "EMAIL", Start: start, End: end}, {Type: "IBAN", Start: 0, End: len(text)}}
		got := addressFindings(text, fs)
		for _, g := range got {
			if g.Start < 0 || g.End > len(text) || g.Start > g.End || strings.ContainsAny(text[g.Start:g.End], "/?&=#;") {
				t.Fatalf("%q: kept %+v", text, g)
			}
			if g != fs[0] && g != fs[1] {
				t.Fatalf("%q: %+v is no input finding", text, g)
			}
		}
	})
}
