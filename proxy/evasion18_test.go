package proxy

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/schleuse/schleuse/config"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// gz is b in gzip.
func gz(b []byte) []byte { return compress("gzip", b) }

// zl is b in zlib (gRPC's deflate).
func zl(b []byte) []byte { return compress("zlib", b) }

// grpcFrame is one gRPC message frame: the flag (1: compressed), the
// length, the message.
func grpcFrame(flag byte, msg []byte) []byte {
	f := append([]byte{flag, 0, 0, 0, 0}, msg...)
	binary.BigEndian.PutUint32(f[1:5], uint32(len(msg)))
	return f
}

// protoString is a protobuf message with s as its field 2.
func protoString(s string) []byte {
	b := []byte{0x12}
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// TestGRPCMessagesInspected: a gRPC or gRPC-Web request to an inspected
// host (the Gemini API's GenerativeService, which Google's SDKs call over
// gRPC) is read message by message, a compressed message decoded with its
// grpc-encoding; one that cannot be decoded or framing that does not hold
// is blocked. So is a compressed stream sent as a body or a form's text
// part without a Content-Encoding. Before, a message a client compressed
// (grpc-encoding: gzip) was read as one binary blob without a printable
// run, and the name, the IBAN and the Steuer-ID in it reached the service
// (sec18); a clean message still passes.
func TestGRPCMessagesInspected(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"generativelanguage.googleapis.com": up, "api.openai.com": up}})
	canary := protoString("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")
	clean := protoString("Wie schreibe ich eine höfliche Terminbestätigung?")
	const grpcURL = "https://generativelanguage.googleapis.com/google.ai.generativelanguage.v1beta.GenerativeService/GenerateContent"
	web := func(b []byte) []byte { return []byte(base64.StdEncoding.EncodeToString(b)) }
	for _, tc := range []struct {
		name, url, ctype, encoding string
		body                       []byte
		pass                       bool
	}{
		{"gRPC, gzip", grpcURL, "application/grpc", "gzip", grpcFrame(1, gz(canary)), false},
		{"gRPC, deflate", grpcURL, "application/grpc+proto", "deflate", grpcFrame(1, zl(canary)), false},
		{"gRPC, zstd", grpcURL, "application/grpc", "zstd", grpcFrame(1, compressed(t, "zstd", canary)), false},
		{"gRPC, second message gzip", grpcURL, "application/grpc", "gzip", append(grpcFrame(0, clean), grpcFrame(1, gz(canary))...), false},
		{"gRPC-Web, gzip", grpcURL, "application/grpc-web+proto", "gzip", grpcFrame(1, gz(canary)), false},
		{"gRPC-Web text, gzip", grpcURL, "application/grpc-web-text", "gzip", web(grpcFrame(1, gz(canary))), false},
		{"gRPC-Web text, frames encoded one by one", grpcURL, "application/grpc-web-text", "gzip", append(web(grpcFrame(0, clean[:7])), web(grpcFrame(1, gz(canary)))...), false},
		{"gRPC, snappy", grpcURL, "application/grpc", "snappy", grpcFrame(1, canary), false},
		{"gRPC, compressed without an encoding", grpcURL, "application/grpc", "", grpcFrame(1, gz(canary)), false},
		{"gRPC, frame past the body", grpcURL, "application/grpc", "", grpcFrame(0, clean)[:20], false},
		{"gRPC, clean", grpcURL, "application/grpc", "", grpcFrame(0, clean), true},
		{"gRPC, clean and gzip", grpcURL, "application/grpc", "gzip", grpcFrame(1, gz(clean)), true},
		{"gRPC-Web text, clean", grpcURL, "application/grpc-web-text", "", web(grpcFrame(0, clean)), true},
		{"protobuf in gzip as the body", grpcURL, "application/x-protobuf", "", gz(canary), false},
		{"zstd as the body", "https://api.openai.com/v1/unknown", "application/octet-stream", "", compressed(t, "zstd", canary), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", tc.url, bytes.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.ctype)
			if tc.encoding != "" {
				req.Header.Set("Grpc-Encoding", tc.encoding)
			}
			resp, err := h.client(h.schleuseP, true).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch got := up.count() - n; {
			case tc.pass && (resp.StatusCode != 200 || got != 1):
				t.Fatalf("a clean message: %d %.300s, %d forwarded", resp.StatusCode, out, got)
			case !tc.pass && (resp.StatusCode == 200 || got != 0):
				t.Fatalf("the service got the message: %d %.300s, %d forwarded", resp.StatusCode, out, got)
			case !tc.pass && !strings.Contains(string(out), "schleuse: Ihre Anfrage wurde nicht"):
				t.Fatalf("no German notice: %.300s", out)
			}
		})
	}
	t.Run("gzip in a form's text part", func(t *testing.T) {
		n := up.count()
		body := "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" +
			string(gz(canary)) + "\r\n--XyZ--\r\n"
		for _, p := range []string{"/v1/audio/transcriptions", "/v1/unknown"} {
			req, _ := http.NewRequest("POST", "https://api.openai.com"+p, strings.NewReader(body))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
			if code, out := h.send(t, req); code == 200 || up.count() > n {
				t.Fatalf("%s: the service got the part (%d %.300s)", p, code, out)
			}
		}
	})
}

// TestUnreadCharsetsBlocked: a body or a multipart part that declares a
// charset schleuse does not read its bytes in is blocked with a notice:
// UTF-7, whose "+ADgANgAw-" is "860" to aiohttp or Node's body-parser,
// Shift_JIS and GB18030 with fullwidth digits and letters, German EBCDIC,
// UTF-16 without the NULs or mark that show it, a charset given twice.
// Before, the bytes were read as they stand, and the Steuer-ID and the IBAN
// went to the service (sec18). UTF-8, Latin-1 and UTF-16 that shows itself
// pass as before.
func TestUnreadCharsetsBlocked(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	utf7 := "Steuer-ID +ADgANgAwADkANQA3ADQAMgA3ADEAOQ- IBAN +AEQARQA4ADkAMwA3ADAANAAwADAANAA0ADAANQAzADIAMAAxADMAMAAwADA-"
	fullwidth := "Ｓｔｅｕｅｒ－ＩＤ ８６０９５７４２７１９"
	sjis, _ := japanese.ShiftJIS.NewEncoder().String(fullwidth)
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(fullwidth)
	var u16 []byte
	for _, c := range utf16.Encode([]rune(fullwidth)) {
		u16 = append(u16, byte(c), byte(c>>8))
	}
	ebcdic := string([]byte{0xe2, 0xa3, 0x85, 0xa4, 0x85, 0x99, 0x60, 0xc9, 0xc4, 0x40, 0xf8, 0xf6, 0xf0, 0xf9, 0xf5, 0xf7, 0xf4, 0xf2, 0xf7, 0xf1, 0xf9}) // "Steuer-ID 86095742719" in cp273
	const chat = "https://api.openai.com/v1/chat/completions"
	const other = "https://api.openai.com/v1/unknown"
	part := func(ct, text string) string {
		return "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\nContent-Type: " + ct + "\r\n\r\n" + text + "\r\n--XyZ--\r\n"
	}
	for _, tc := range []struct {
		name, url, ctype, body string
		pass                   bool
	}{
		{"UTF-7 JSON", chat, "application/json; charset=utf-7", chatBody(utf7), false},
		{"UTF-7 JSON, unknown route", other, "application/json; charset=UTF-7", chatBody(utf7), false},
		{"UTF-7 form", other, "application/x-www-form-urlencoded; charset=utf-7", "prompt=" + strings.ReplaceAll(strings.ReplaceAll(utf7, "+", "%2B"), " ", "+"), false},
		{"UTF-7 text", other, `text/plain; charset="utf-7"`, utf7, false},
		{"charset twice", other, "text/plain; charset=utf-8; charset=utf-7", utf7, false},
		{"Shift_JIS", other, "text/plain; charset=shift_jis", sjis, false},
		{"GB18030", other, "text/plain; charset=GB18030", gb, false},
		{"EBCDIC", other, "text/plain; charset=cp273", ebcdic, false},
		{"UTF-16LE without mark or NULs", other, "text/plain; charset=utf-16le", string(u16), false},
		{"UTF-7 in a part", "https://api.openai.com/v1/audio/transcriptions", "multipart/form-data; boundary=XyZ", part("text/plain; charset=utf-7", utf7), false},
		{"UTF-7 in a part, unknown route", other, "multipart/form-data; boundary=XyZ", part("text/plain; charset=utf-7", utf7), false},
		{"UTF-8 JSON", chat, "application/json; charset=UTF-8", chatBody("Wie schreibe ich eine Terminbestätigung?"), true},
		{"UTF-8 quoted", other, `text/plain; charset="utf-8"`, "Wie schreibe ich eine Terminbestätigung?", true},
		{"Latin-1 form", other, "application/x-www-form-urlencoded; charset=ISO-8859-1", "prompt=Gr%FC%DFe+und+Dank", true},
		{"UTF-16 with its mark", other, "text/plain; charset=utf-16", "\xff\xfe" + string(u16[:8]) + "W\x00i\x00e\x00", true},
		{"UTF-8 in a part", "https://api.openai.com/v1/audio/transcriptions", "multipart/form-data; boundary=XyZ", part("text/plain; charset=utf-8", "Besprechung am Montag"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.ctype)
			code, out := h.send(t, req)
			switch got := up.count() - n; {
			case tc.pass && (code != 200 || got != 1):
				t.Fatalf("refused: %d %.300s, %d forwarded", code, out, got)
			case !tc.pass && (code == 200 || got != 0):
				t.Fatalf("the service got it: %d %.300s, %d forwarded", code, out, got)
			case !tc.pass && !strings.Contains(out, "Zeichensatz"):
				t.Fatalf("no German notice on the charset: %.300s", out)
			}
		})
	}
}

// TestServicesOtherNamesInspected: the OpenAI API at its data-residency
// names (eu.api.openai.com, as openai-node's dataResidency: 'eu' sends
// it) and an Azure OpenAI resource at <name>.cognitiveservices.azure.com
// and <name>.services.ai.azure.com are intercepted and read as at
// api.openai.com and <name>.openai.azure.com; Gemini on Vertex AI, at its
// global and its regional hosts, is intercepted as a service of its own
// (vertex-ai, refused until registered); Codestral's own endpoint
// (codestral.mistral.ai, which Mistral recommends for IDE plugins) is the
// Mistral API's. Before, the catalogue knew none
// of these names: they went through a blind tunnel, and a client trusting
// the service's own certificate sent the IBAN and the Steuer-ID to it
// unread (sec18).
func TestServicesOtherNamesInspected(t *testing.T) {
	up := &upstreamLog{}
	extra := map[string]http.Handler{}
	for _, host := range []string{"eu.api.openai.com", "us.api.openai.com", "myres.cognitiveservices.azure.com", "proj.services.ai.azure.com",
		"europe-west3-aiplatform.googleapis.com", "aiplatform.googleapis.com", "codestral.mistral.ai"} {
		extra[host] = up
	}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra})
	// The client trusts the services' own certificates as well, as a
	// blind tunnel would reach them.
	roots := h.schleuseP.Clone()
	roots.AddCert(h.upCA.Cert)
	const prompt = "Überweisung an Herrn Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"
	chat := chatBody(prompt)
	gemini := `{"contents":[{"role":"user","parts":[{"text":"` + prompt + `"}]}]}`
	const vertex = "/v1/projects/p/locations/europe-west3/publishers/google/models/gemini-2.5-flash:generateContent"
	for _, tc := range []struct{ url, body string }{
		{"https://eu.api.openai.com/v1/chat/completions", chat},
		{"https://us.api.openai.com/v1/chat/completions", chat},
		{"https://myres.cognitiveservices.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", chat},
		{"https://proj.services.ai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", chat},
		{"https://europe-west3-aiplatform.googleapis.com" + vertex, gemini},
		{"https://aiplatform.googleapis.com" + vertex, gemini},
		{"https://codestral.mistral.ai/v1/fim/completions", `{"model":"codestral-latest","prompt":"# ` + prompt + `\ndef pruefe(","suffix":"\n    return ok\n"}`},
		{"https://codestral.mistral.ai/v1/chat/completions", chat},
	} {
		t.Run(tc.url, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := h.client(roots, false).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			for _, s := range up.since(n) {
				if strings.Contains(s.Body, "0532 0130") || strings.Contains(s.Body, "86095742719") {
					t.Fatalf("the service got the IBAN or the Steuer-ID (%d): %.300s", resp.StatusCode, s.Body)
				}
			}
			if resp.TLS == nil || resp.TLS.PeerCertificates[0].Issuer.CommonName == h.upCA.Cert.Subject.CommonName {
				t.Fatalf("not intercepted: the service's own certificate")
			}
		})
	}
}

// TestCatalogueLabelSuffixHosts: a catalogue host "*-suffix" names every
// host whose first label ends so (Vertex AI's "europe-west3-aiplatform…"),
// in a config entry too; a "*" elsewhere is refused.
func TestCatalogueLabelSuffixHosts(t *testing.T) {
	c, err := NewCatalogue([]config.Service{{ID: "own-llm", Hosts: []string{"*-llm.example.net"}, Mode: "inspect"}})
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]string{
		"europe-west3-aiplatform.googleapis.com": "vertex-ai", "aiplatform.googleapis.com": "vertex-ai",
		"EU-LLM.example.net.": "own-llm", "llm.example.net": "", "aiplatform.googleapis.com.evil.example": "",
	} {
		got := ""
		if s := c.Lookup(host); s != nil {
			got = s.ID
		}
		if got != want {
			t.Errorf("%s: %q, want %q", host, got, want)
		}
	}
	for _, bad := range []string{"*llm.example.net", "*-llm.*.net", "*-"} {
		if _, err := NewCatalogue([]config.Service{{ID: "own-llm", Hosts: []string{bad}, Mode: "inspect"}}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestBase64HeaderValuesInspected: a header value that is base64 of text
// is read decoded, as a query value's is, and an identifier with a check
// digit there (IBAN, Steuer-ID) blocks the request; before, it went to the
// service in any header (sec18). Decoded text with white space is read as
// that value in clear is, where a name blocks; before, a name alone went
// out so (sec19). An e-mail address in a token there passes (a program's
// state in base64 may name the logged-in account, and the header stays the
// same for the session), and so do random tokens, clean text and base64
// JSON with a time stamp.
func TestBase64HeaderValuesInspected(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	b64 := base64.StdEncoding.EncodeToString
	for _, tc := range []struct {
		name, header, value string
		pass                bool
	}{
		{"IBAN and Steuer-ID", "X-Data", b64([]byte("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")), false},
		{"URL-safe, unpadded", "X-Data", base64.RawURLEncoding.EncodeToString([]byte("Kowalski: IBAN DE89370400440532013000")), false},
		{"in a key's header", "X-Api-Key", b64([]byte("Steuer-ID 86095742719")), false},
		{"an e-mail address", "X-User", b64([]byte(`{"email":"anna.schmidt@stadt.de"}`)), true},
		// sec19: read as "X-Data: Herr Jürgen Kowalski" is
		{"a name alone", "X-Data", b64([]byte("Herr Jürgen Kowalski")), false},
		{"a name without a title", "X-Data", base64.RawURLEncoding.EncodeToString([]byte("Jürgen Kowalski")), false},
		{"a name in a key's header", "X-Api-Key", b64([]byte("Jürgen Kowalski")), false},
		{"the name in clear", "X-Data", "Jürgen Kowalski", false},
		{"clean text", "X-Data", b64([]byte("Wie schreibe ich eine höfliche Terminbestätigung?")), true},
		{"random bytes", "X-Request-Token", "q7Vd0nX3k9Lw2mZr8tYpB1cF4hJ6sG0aE5uW7xQ9zKo=", true},
		{"JSON with a time stamp", "X-State", b64([]byte(`{"t":1733097600123,"lang":"de-DE","w":1920}`)), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(chatBody("Hallo")))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(tc.header, tc.value)
			code, out := h.send(t, req)
			switch got := up.count() - n; {
			case tc.pass && (code != 200 || got != 1):
				t.Fatalf("refused: %d %.300s", code, out)
			case !tc.pass && (code == 200 || got != 0):
				t.Fatalf("the service got the header (%d %.200s)", code, out)
			}
		})
	}
}

// TestEncodedFileNamesInspected: an upload's file name is read with its
// RFC 2047 encoded words decoded (which .NET and Spring decode, and a
// model reads as the base64 it is) and its percent escapes decoded, in a
// multipart part and in X-File-Name; before, "=?UTF-8?B?…?=" and
// "Kowalski%2086095742719.txt" (the escape's "20" glued to the Steuer-ID)
// went out with the name and the Steuer-ID unread (sec18). Clean names so
// written pass.
func TestEncodedFileNamesInspected(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	b := base64.StdEncoding.EncodeToString([]byte("Kowalski 86095742719.txt"))
	for _, tc := range []struct {
		name, filename, header string
		pass                   bool
	}{
		{"RFC 2047 base64", "=?UTF-8?B?" + b + "?=", "", false},
		{"RFC 2047 in two words", "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte("Kowalski ")) + "?= =?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte("86095742719.txt")) + "?=", "", false},
		{"percent-encoded", "Kowalski%2086095742719.txt", "", false},
		{"RFC 2047 in windows-1252", "=?windows-1252?B?" + base64.StdEncoding.EncodeToString([]byte("J\xfcrgen Kowalski 86095742719.txt")) + "?=", "", false},
		{"RFC 2047 in Shift_JIS", "=?Shift_JIS?Q?Kowalski_86095742719.txt?=", "", false},
		{"X-File-Name in RFC 2047", "a.txt", "=?UTF-8?B?" + b + "?=", false},
		{"a clean name in RFC 2047", "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte("Bericht 2024.txt")) + "?=", "", true},
		{"a clean name percent-encoded", "Bericht%202024%22final%22.txt", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := "--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
				tc.filename + "\"\r\nContent-Type: text/plain\r\n\r\nHallo Welt, ein harmloser Text.\r\n--XyZ--\r\n"
			n := up.count()
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(body))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
			if tc.header != "" {
				req.Header.Set("X-File-Name", tc.header)
			}
			code, out := h.send(t, req)
			switch got := up.count() - n; {
			case tc.pass && (code != 200 || got != 1):
				t.Fatalf("refused: %d %.300s", code, out)
			case !tc.pass && (code == 200 || got != 0):
				t.Fatalf("the service got the file name (%d %.200s)", code, out)
			}
		})
	}
}

// FuzzFileNameDecoded: any file name decodes without a panic, and every
// reading differs from the name as written (nothing is read twice).
func FuzzFileNameDecoded(f *testing.F) {
	for _, s := range []string{"=?UTF-8?B?S293YWxza2kgODYwOTU3NDI3MTkudHh0?=", "=?UTF-8?Q?Kowalski_86095742719.txt?=", "Kowalski%2086095742719.txt",
		"Bericht%202024%22final%22.txt", "=?ISO-8859-1?Q?J=FCrgen?=", "=?utf-8?b?", "100%.txt", "a%zz.txt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		for _, d := range fileNameDecoded(name) {
			if d == name {
				t.Fatalf("%q read again as it stands", name)
			}
		}
	})
}
