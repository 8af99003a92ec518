package proxy

import (
	"bytes"
	"encoding/base64"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// uninspectedPNG is a 1×1 PNG: an image by its bytes.
const uninspectedPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

// uninspectedCases are requests that carry what schleuse cannot read: a
// file or an image the service fetches by address, an image or audio inside
// the request, an uploaded image. kind is the input.uninspected entry.
func uninspectedCases(t *testing.T) []struct{ name, url, ct, body, kind string } {
	t.Helper()
	raw, _ := base64.StdEncoding.DecodeString(uninspectedPNG)
	var mp bytes.Buffer
	w := multipart.NewWriter(&mp)
	w.WriteField("purpose", "vision")
	fw, _ := w.CreateFormFile("file", "foto.png")
	fw.Write(raw)
	w.Close()
	wav := base64.StdEncoding.EncodeToString(append([]byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00"), make([]byte, 32)...))
	oai := func(part string) string {
		return `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Was steht hier?"},` + part + `]}]}`
	}
	claude := func(block string) string {
		return `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[` + block + `,{"type":"text","text":"Was steht hier?"}]}]}`
	}
	gemini := func(part string) string {
		return `{"contents":[{"role":"user","parts":[{"text":"Was steht hier?"},` + part + `]}]}`
	}
	const (
		openai  = "https://api.openai.com/v1/chat/completions"
		resp    = "https://api.openai.com/v1/responses"
		anth    = "https://api.anthropic.com/v1/messages"
		gem     = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
		jsonCT  = "application/json"
		fileURL = "https://akten.example.de/bescheid-kowalski.pdf"
	)
	return []struct{ name, url, ct, body, kind string }{
		{"OpenAI image_url by address", openai, jsonCT, oai(`{"type":"image_url","image_url":{"url":"https://bilder.example.de/scan.png"}}`), "image_url"},
		{"OpenAI image_url inline", openai, jsonCT, oai(`{"type":"image_url","image_url":{"url":"data:image/png;base64,` + uninspectedPNG + `"}}`), "image"},
		{"OpenAI input_audio", openai, jsonCT, oai(`{"type":"input_audio","input_audio":{"data":"` + wav + `","format":"wav"}}`), "audio"},
		{"Responses input_file by address", resp, jsonCT, `{"model":"gpt-4o","input":[{"role":"user","content":[{"type":"input_text","text":"Fasse zusammen"},{"type":"input_file","file_url":"` + fileURL + `"}]}]}`, "file_url"},
		{"Responses input_image by address", resp, jsonCT, `{"model":"gpt-4o","input":[{"role":"user","content":[{"type":"input_text","text":"Was steht hier?"},{"type":"input_image","image_url":"https://bilder.example.de/scan.png"}]}]}`, "image_url"},
		{"Mistral document_url", openai, jsonCT, oai(`{"type":"document_url","document_url":"` + fileURL + `"}`), "file_url"},
		{"Claude document by address", anth, jsonCT, claude(`{"type":"document","source":{"type":"url","url":"` + fileURL + `"}}`), "file_url"},
		{"Claude image by address", anth, jsonCT, claude(`{"type":"image","source":{"type":"url","url":"https://bilder.example.de/scan.png"}}`), "image_url"},
		{"Claude image inline", anth, jsonCT, claude(`{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + uninspectedPNG + `"}}`), "image"},
		{"Gemini inlineData image", gem, jsonCT, gemini(`{"inlineData":{"mimeType":"image/png","data":"` + uninspectedPNG + `"}}`), "image"},
		{"Gemini fileData from Cloud Storage", gem, jsonCT, gemini(`{"fileData":{"mimeType":"application/pdf","fileUri":"gs://akten/bescheid.pdf"}}`), "file_url"},
		{"Gemini fileData image by address", gem, jsonCT, gemini(`{"file_data":{"mime_type":"image/jpeg","file_uri":"https://bilder.example.de/scan.jpg"}}`), "image_url"},
		{"an uploaded image", "https://api.openai.com/v1/files", w.FormDataContentType(), mp.String(), "image"},
	}
}

// TestUninspectedContentBlocked: what schleuse cannot read — a document or
// an image the service fetches itself by address (image_url, input_file's
// file_url, Mistral's document_url, a Claude block with source.url,
// Gemini's fileData.fileUri), an image or audio inside the request (a data
// URL, a Claude base64 image, Gemini inlineData, input_audio) or uploaded —
// reaches the policy as input.uninspected, and the default policy blocks it
// (KI-RL-3.6) with a notice that names what and why: an uninspectable
// document is an uninspected one, and a screenshot can show a Bescheid.
// Before, files by address and inline images went to the service unread
// while uploaded images were refused as unreadable files, and the policy
// could not tell either. A file the Gemini Files API holds (inspected at
// its upload) and a file id pass.
func TestUninspectedContentBlocked(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range uninspectedCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.ct)
			code, body := h.send(t, req)
			if got := sent()[n:]; len(got) > 0 {
				t.Fatalf("the service got it (status %d): %.300s", code, got[0])
			}
			if !strings.Contains(body, "Abschnitt 3.6") && !strings.Contains(body, "nicht auf personenbezogene Daten prüfen") {
				t.Fatalf("the notice does not say why: %d %.400s", code, body)
			}
			name := map[string]string{"file_url": "Datei per Internetadresse", "image_url": "Bild per Internetadresse",
				"image": "Bild (Foto, Screenshot)", "audio": "Audiodatei"}[tc.kind]
			if !strings.Contains(body, name) {
				t.Fatalf("the notice does not name %q: %.400s", name, body)
			}
		})
	}
	for _, tc := range []struct{ name, url, body string }{
		{"Gemini Files API file", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen"},{"fileData":{"mimeType":"application/pdf","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc123"}}]}]}`},
		{"OpenAI file id", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Fasse zusammen"},{"type":"file","file":{"file_id":"file-abc123"}}]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, body := postJSON(t, h, tc.url, tc.body)
			if len(sent()) == n {
				t.Fatalf("not forwarded: %d %.300s", code, body)
			}
		})
	}
}

// TestUninspectedAllowedByPolicy: the DPO can let kinds of unread content
// pass (data.yaml ungeprueft_erlaubt, for all services or in a register
// entry): with images allowed, an image inline, by address and uploaded
// goes out, and a file by address is still blocked.
func TestUninspectedAllowedByPolicy(t *testing.T) {
	dir := imagesAllowedPolicy(t)
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Policy.Dir = dir },
		extra: map[string]http.Handler{"generativelanguage.googleapis.com": up, "api.anthropic.com": up}})
	sent := func() int {
		h.llm.mu.Lock()
		defer h.llm.mu.Unlock()
		return len(up.bodies()) + len(h.llm.received)
	}
	for _, tc := range uninspectedCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			n := sent()
			req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.ct)
			code, body := h.send(t, req)
			forward := tc.kind == "image" || tc.kind == "image_url"
			if (sent() > n) != forward {
				t.Fatalf("forwarded=%v, want %v: %d %.300s", sent() > n, forward, code, body)
			}
		})
	}
}

// imagesAllowedPolicy is the default policy with images inline and by
// address allowed unread for all services (data.yaml ungeprueft_erlaubt).
func imagesAllowedPolicy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	unreadAllowedPolicy(t, dir, "image, image_url")
	return dir
}

// unreadAllowedPolicy writes the default policy to dir with kinds (a YAML
// list's items, "" none) allowed unread for all services (data.yaml
// ungeprueft_erlaubt); written again, the engine's Reload takes it.
func unreadAllowedPolicy(t *testing.T, dir, kinds string) {
	t.Helper()
	for _, f := range []string{"richtlinie.rego", "data.yaml"} { // not its tests, which assume the default
		b, err := os.ReadFile(filepath.Join("..", "policies", "default", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "data.yaml" {
			if !bytes.Contains(b, []byte("ungeprueft_erlaubt: []")) {
				t.Fatal("no ungeprueft_erlaubt in the default data.yaml")
			}
			b = bytes.Replace(b, []byte("ungeprueft_erlaubt: []"), []byte("ungeprueft_erlaubt: ["+kinds+"]"), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTextWithNULsDeclaredAsImage: text with a NUL byte, or UTF-16 text
// without a byte-order mark, declared as an image in a data URL or a
// Claude image block does not reach the service where the policy lets
// images pass unread. Before, the sniffer named no medium, the declared
// type made it an image (MediaKind), and it went out unread.
func TestTextWithNULsDeclaredAsImage(t *testing.T) {
	utf16 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	akte := "Akte Herr Juergen Kowalski, IBAN " + testIBAN
	checkDeclaredAsImage(t, map[string][]byte{"a NUL": []byte(akte + "\x00"), "utf-16le": utf16(akte)})
}

// checkDeclaredAsImage sends each payload, base64, as an image where the
// policy lets images pass unread (a data URL to OpenAI, a Claude image
// block declared image/heic) and fails when the service gets one or the
// answer is not schleuse's notice; a real PNG must still pass.
func checkDeclaredAsImage(t *testing.T, payloads map[string][]byte) {
	t.Helper()
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Policy.Dir = imagesAllowedPolicy(t) },
		extra: map[string]http.Handler{"api.anthropic.com": up}})
	sent := func() []string {
		h.llm.mu.Lock()
		defer h.llm.mu.Unlock()
		return append(up.bodies(), h.llm.received...)
	}
	for name, payload := range payloads {
		b64 := base64.StdEncoding.EncodeToString(payload)
		for _, tc := range []struct{ url, body string }{
			{"https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Lies das"},{"type":"image_url","image_url":{"url":"data:image/png;base64,` + b64 + `"}}]}]}`},
			{"https://api.anthropic.com/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/heic","data":"` + b64 + `"}},{"type":"text","text":"Lies das"}]}]}`},
		} {
			n := len(sent())
			code, body := postJSON(t, h, tc.url, tc.body)
			if got := sent(); len(got) > n {
				t.Errorf("%s at %s: %d, the service got %.200s", name, tc.url, code, got[n])
			} else if !strings.Contains(body, "schleuse") {
				t.Errorf("%s at %s: %d %.200s", name, tc.url, code, body)
			}
		}
	}
	// A real image still passes where images are allowed.
	n := len(sent())
	if code, body := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
		`{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Was steht hier?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,`+uninspectedPNG+`"}}]}]}`); len(sent()) == n {
		t.Errorf("an image, images allowed: %d %.200s", code, body)
	}
}

// TestDeclaredImageHoldingText: a data URL or inline part that declares an
// image but holds text (or a document) is read as the file it is; before,
// the declared type alone let it pass unread. A finding in it blocks it.
func TestDeclaredImageHoldingText(t *testing.T) {
	h, sent := newEvasionHarness(t)
	akte := base64.StdEncoding.EncodeToString([]byte("Akte Herr Jürgen Kowalski, IBAN " + testIBAN))
	for _, tc := range []struct{ name, url, body string }{
		{"OpenAI image_url", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Lies das"},{"type":"image_url","image_url":{"url":"data:image/png;base64,` + akte + `"}}]}]}`},
		{"Gemini inlineData", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Lies das"},{"inlineData":{"mimeType":"image/jpeg","data":"` + akte + `"}}]}]}`},
		{"Claude image block", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + akte + `"}},{"type":"text","text":"Lies das"}]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, body := postJSON(t, h, tc.url, tc.body)
			if got := sent()[n:]; len(got) > 0 {
				t.Fatalf("the service got it: %.300s", got[0])
			}
			if !strings.Contains(body, "IBAN") {
				t.Fatalf("the notice does not name the IBAN: %d %.300s", code, body)
			}
		})
	}
}

// TestTextStartingLikeAMediumIsRead: text whose first bytes are a media
// signature to a content sniffer ("BM" a bitmap, "ID3" an MP3, "GIF8" a
// GIF) is text: read, and passed when clean. Before, "BMF-Schreiben vom …"
// in an inline document or a data URL, or a CSV under "BMI;Name", was
// counted as an image: a clean one was blocked as an image by the default
// policy (KI-RL-3.6), and one with a name and an IBAN passed unread where
// the policy allows images, or inside a prompt in any case.
func TestTextStartingLikeAMediumIsRead(t *testing.T) {
	h, sent := newEvasionHarness(t)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	clean := b64("BMF-Schreiben vom 12.03.2026 zur Umsatzsteuer: Anwendungsfragen zum Vorsteuerabzug.")
	akte := b64("BMF-Schreiben vom 12.03.2026 an Herrn Jürgen Kowalski, IBAN " + testIBAN)
	claude := func(data string) string {
		return `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"text/plain","data":"` + data + `"}},{"type":"text","text":"Fasse zusammen."}]}]}`
	}
	for _, tc := range []struct {
		name, url, body string
		forward         bool
	}{
		{"a clean document starting with BM", "https://api.anthropic.com/v1/messages", claude(clean), true},
		{"a document starting with BM", "https://api.anthropic.com/v1/messages", claude(akte), false},
		{"a CSV starting with BMI", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen."},{"inlineData":{"mimeType":"text/csv","data":"` + b64("BMI;Name;IBAN\n22,1;Jürgen Kowalski;"+testIBAN+"\n") + `"}}]}]}`, false},
		{"a data URL starting with ID3 in a prompt", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Lies das: data:text/plain;base64,` + b64("ID3-Tags von Herrn Jürgen Kowalski, IBAN "+testIBAN) + `"}]}`, false},
		{"a data URL starting with BM in a prompt", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Lies das: data:text/plain;base64,` + akte + `"}]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, body := postJSON(t, h, tc.url, tc.body)
			if got := sent()[n:]; (len(got) > 0) != tc.forward {
				t.Fatalf("forwarded %d (status %d %.300s), want forwarded=%v", len(got), code, body, tc.forward)
			}
			if !tc.forward && !strings.Contains(body, "IBAN") {
				t.Fatalf("the notice does not name the IBAN: %d %.300s", code, body)
			}
		})
	}
}

// TestLeChatUploadUninspected: Le Chat announces an upload with its tRPC
// call file.uploadFile (name and size) and the browser then puts the bytes
// into an Azure storage outside the catalogue, where schleuse never reads
// them. The announcement reaches the policy as input.uninspected
// "file_upload", and the default policy refuses it (KI-RL-3.6) in tRPC's
// error shape; before, only the file's name was scanned and any document
// went out unread. A chat message on the same tRPC route passes.
func TestLeChatUploadUninspected(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"chat.mistral.ai": up})
	code, body := postJSON(t, h, "https://chat.mistral.ai/api/trpc/file.uploadFile?batch=1", `{"0":{"json":{"fileName":"scan.pdf","fileSize":48213}}}`)
	if len(up.bodies()) != 0 || code != http.StatusForbidden || !strings.Contains(body, "an der schleuse vorbei hochgeladen") {
		t.Fatalf("upload announcement: %d %.400s; forwarded %d", code, body, len(up.bodies()))
	}
	code, body = postJSON(t, h, "https://chat.mistral.ai/api/trpc/message.newChat?batch=1", `{"0":{"json":{"content":"Wie wird das Wetter?","model":"mistral-large"}}}`)
	if len(up.bodies()) != 1 {
		t.Fatalf("a chat message: %d %.300s", code, body)
	}
}

// TestGeminiFunctionResponsePartsInspected: Gemini 3 takes a tool's
// files and images as inlineData and fileData parts inside the
// functionResponse. A text or PDF there is read like any inline file (a
// finding blocks), an image or a file by address is the policy's
// (KI-RL-3.6). Before, unread passed their base64 over as a blob and the
// address as an address: both went out unread.
func TestGeminiFunctionResponsePartsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	akte := base64.StdEncoding.EncodeToString([]byte("Akte Herr Jürgen Kowalski, IBAN " + testIBAN))
	fr := func(part string) string {
		return `{"contents":[{"role":"user","parts":[{"text":"Lies die Akte."}]},{"role":"model","parts":[{"functionCall":{"name":"akte","args":{}}}]},` +
			`{"role":"user","parts":[{"functionResponse":{"name":"akte","response":{"ok":true},"parts":[` + part + `]}}]}]}`
	}
	for _, tc := range []struct{ name, body, notice string }{
		{"a text file", fr(`{"inlineData":{"mimeType":"text/plain","data":"` + akte + `"}}`), "IBAN"},
		{"an image", fr(`{"inlineData":{"mimeType":"image/png","data":"` + uninspectedPNG + `"}}`), "Bild (Foto, Screenshot)"},
		{"a file by address", fr(`{"fileData":{"mimeType":"application/pdf","fileUri":"gs://akten/bescheid.pdf"}}`), "Datei per Internetadresse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, body := postJSON(t, h, "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro:generateContent", tc.body)
			if got := sent()[n:]; len(got) > 0 {
				t.Fatalf("the service got it: %.300s", got[0])
			}
			if !strings.Contains(body, tc.notice) {
				t.Fatalf("the notice does not name %q: %d %.300s", tc.notice, code, body)
			}
		})
	}
}
