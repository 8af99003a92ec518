package providers

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"testing"
	"unicode/utf8"
)

var mediaKindCases = []struct {
	name, ct string
	data     []byte
	want     string
}{
	{"png", "image/png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), UninspectedImage},
	{"png declared as text", "text/plain", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), UninspectedImage},
	{"jpeg undeclared", "", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), UninspectedImage},
	{"heic by its declared type", "image/heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), UninspectedImage},
	{"wav", "audio/wav", []byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00"), UninspectedAudio},
	{"ogg as video", "video/ogg", []byte("OggS\x00\x02\x00\x00\x00\x00"), UninspectedVideo},
	{"text declared as an image", "image/png", []byte("Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"), ""},
	{"a PDF declared as an image", "image/jpeg", []byte("%PDF-1.7\n1 0 obj"), ""},
	{"svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><text>Anna</text></svg>`), ""},
	{"text that sniffs as a BMP", "text/plain", []byte("BMW Kunde Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"), ""},
	{"text with a GIF header", "image/gif", []byte("GIF89a Akte Herr Jürgen Kowalski"), ""},
	{"binary without a declared medium", "application/octet-stream", []byte{0, 1, 2, 3}, ""},
	{"text with a NUL declared as an image", "image/png", []byte("Akte Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00\x00"), ""},
	{"utf-16le text without a BOM declared as audio", "audio/wav", []byte("A\x00k\x00t\x00e\x00 \x00K\x00o\x00w\x00a\x00l\x00s\x00k\x00i\x00"), ""},
	{"a black raw image declared as TIFF", "image/tiff", make([]byte, 64), UninspectedImage},
	{"compressed bytes declared as HEIC", "image/heic", noise(512), UninspectedImage},
}

// noise is n bytes as compressed data has them (a linear congruential
// sequence's high bytes).
func noise(n int) []byte {
	b, x := make([]byte, n), uint32(1)
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = byte(x >> 24)
	}
	return b
}

func TestMediaKind(t *testing.T) {
	for _, tc := range mediaKindCases {
		if got := MediaKind(tc.ct, tc.data); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// FuzzMediaKind: text is never taken for an image, audio or video,
// whatever type it declares, so that it cannot pass unread as one.
func FuzzMediaKind(f *testing.F) {
	for _, tc := range mediaKindCases {
		f.Add(tc.ct, tc.data)
	}
	f.Fuzz(func(t *testing.T, ct string, data []byte) {
		k := MediaKind(ct, data)
		if k != "" && !slices.Contains([]string{UninspectedImage, UninspectedAudio, UninspectedVideo}, k) {
			t.Fatalf("kind %q", k)
		}
		if k != "" && utf8.Valid(data) && len(data) > 0 && !slices.ContainsFunc([]byte(string(data)), func(c byte) bool { return c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f }) && data[0] < 0x80 {
			t.Fatalf("text %q read as %s", data, k)
		}
	})
}

// TestOllamaImages: an Ollama message's or prompt's images are counted
// for the policy; text in their place is read as a file. Before, both
// were passed over as base64 blobs.
func TestOllamaImages(t *testing.T) {
	png := base64.StdEncoding.EncodeToString(mediaKindCases[0].data)
	txt := base64.StdEncoding.EncodeToString([]byte("Akte Herr Jürgen Kowalski"))
	for _, tc := range []struct{ path, body string }{
		{"/api/chat", `{"model":"llava","messages":[{"role":"user","content":"Was steht hier?","images":["` + png + `","` + txt + `"]}]}`},
		{"/api/generate", `{"model":"llava","prompt":"Was steht hier?","images":["` + png + `","` + txt + `"]}`},
	} {
		env, err := ollamaAdapter{}.Extract(&Request{Method: "POST", Path: tc.path}, []byte(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(env.Uninspected, []string{UninspectedImage}) {
			t.Errorf("%s: uninspected %q", tc.path, env.Uninspected)
		}
		if !slices.ContainsFunc(env.Fields, func(f Field) bool { return f.Kind == File && f.Text == "Akte Herr Jürgen Kowalski" }) {
			t.Errorf("%s: the text in images[1] is no file field: %+v", tc.path, env.Fields)
		}
	}
}

// TestOpenAIImagesByAddress: the JSON images edit call and a Responses
// computer screenshot name images by address, which the service fetches:
// counted for the policy. Before, an address was passed over unread.
func TestOpenAIImagesByAddress(t *testing.T) {
	for _, tc := range []struct{ path, body string }{
		{"/v1/images/edits", `{"model":"gpt-image-1","prompt":"Retusche","images":[{"image_url":"https://bilder.example.de/ausweis.png"},{"file_id":"file-abc"}],"mask":{"image_url":"https://bilder.example.de/maske.png"}}`},
		{"/v1/responses", `{"model":"computer-use-preview","input":[{"type":"computer_call_output","call_id":"c1","output":{"type":"computer_screenshot","image_url":"https://bilder.example.de/screen.png"}}]}`},
	} {
		env, err := openAIAdapter{name: "openai"}.Extract(&Request{Method: "POST", Path: tc.path}, []byte(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		if len(env.Uninspected) == 0 || slices.ContainsFunc(env.Uninspected, func(k string) bool { return k != UninspectedImageURL }) {
			t.Errorf("%s: uninspected %q", tc.path, env.Uninspected)
		}
	}
}

// FuzzInlineSource: the bytes of an inline image or document (Anthropic's
// base64 source, Gemini's inlineData, Ollama's images), whatever media
// type the request declares for them, are read as a file (its decoded
// bytes), counted as uninspected, or refused as undecodable; never taken
// for something else, such as the base64 letters read as text. Seeded from
// mediaKindCases.
func FuzzInlineSource(f *testing.F) {
	for _, tc := range mediaKindCases {
		f.Add(tc.ct, tc.data, uint8(0))
	}
	f.Add("text/plain,", []byte("Akte Herr Jürgen Kowalski"), uint8(1))
	f.Add("image/png;base64", []byte("Akte"), uint8(2))
	f.Fuzz(func(t *testing.T, mt string, data []byte, which uint8) {
		if len(data) == 0 {
			return // nothing to read
		}
		b64 := base64.StdEncoding.EncodeToString(data)
		mtj, _ := json.Marshal(mt)
		var a Adapter
		var path, body string
		switch which % 4 {
		case 0:
			a, path = anthropicAdapter{}, "/v1/messages"
			body = `{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":` + string(mtj) + `,"data":"` + b64 + `"}}]}]}`
		case 1:
			a, path = anthropicAdapter{}, "/v1/messages"
			body = `{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":` + string(mtj) + `,"data":"` + b64 + `"}}]}]}`
		case 2:
			a, path = geminiAdapter{}, "/v1beta/models/gemini-2.5-flash:generateContent"
			body = `{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":` + string(mtj) + `,"data":"` + b64 + `"}}]}]}`
		default:
			a, path = ollamaAdapter{}, "/api/chat"
			body = `{"model":"llava","messages":[{"role":"user","content":"x","images":["` + b64 + `"]}]}`
		}
		env, err := a.Extract(&Request{Method: "POST", Path: path}, []byte(body))
		if err != nil {
			return // refused
		}
		if len(env.Uninspected) > 0 {
			return
		}
		for _, fl := range env.Fields {
			if fl.Kind == File && (fl.Text == string(data) || fl.Text == string(undecodableFile)) {
				return
			}
		}
		t.Fatalf("%s: %q declared %q read as %+v", path, data, mt, env.Fields)
	})
}
