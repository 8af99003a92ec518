package proxy

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// rawDeflate is b in raw deflate (CompressionStream("deflate-raw"),
// zlib.compressobj(wbits=-15)).
func rawDeflate(b []byte) []byte { return compress("deflate", b) }

// TestCompressedBase64Inspected: base64 of a compressed payload (gzip,
// zlib, raw deflate, brotli, zstd) in a JSON string value, a prompt's
// text, a data URL in a prompt and a form value is read decompressed, as
// base64 of text is; one that cannot be read whole is blocked. Before,
// the decoded bytes were binary without a run of text, and the name, the
// IBAN and the Steuer-ID in them went to the service unread (sec18 left
// it open; a model with a code tool unpacks it). A clean compressed
// payload passes.
func TestCompressedBase64Inspected(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	canary := []byte("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")
	clean := []byte("Wie schreibe ich eine höfliche Terminbestätigung für Dienstag?")
	b64 := base64.StdEncoding.EncodeToString
	gzCanary := gz(canary)
	letter := []byte(strings.Repeat("Sehr geehrte Damen und Herren, wir bitten um Rückmeldung bis Freitag. ", 20) + string(canary) + strings.Repeat(" Mit freundlichen Grüßen, Ihre Stadtverwaltung.", 20))
	for _, tc := range []struct {
		name string
		body string
		pass bool
	}{
		{"gzip in metadata", metaBody(b64(gzCanary)), false},
		{"gzip in the prompt", chatBody("Bitte entpacken und zusammenfassen: " + b64(gzCanary)), false},
		{"gzip, URL-safe without padding", metaBody(base64.RawURLEncoding.EncodeToString(gzCanary)), false},
		{"zlib", metaBody(b64(zl(canary))), false},
		{"raw deflate", metaBody(b64(rawDeflate(canary))), false},
		{"brotli", metaBody(b64(compressed(t, "br", canary))), false},
		{"zstd", metaBody(b64(compressed(t, "zstd", canary))), false},
		{"brotli, a letter", metaBody(b64(compressed(t, "br", letter))), false},
		{"zstd, a letter", metaBody(b64(compressed(t, "zstd", letter))), false},
		{"gzip of base64 of text", metaBody(b64(gz([]byte(b64(canary))))), false},
		{"gzip in a data URL in the prompt", chatBody("Anhang: data:application/gzip;base64," + b64(gzCanary) + " bitte lesen"), false},
		{"gzip cut short", metaBody(b64(gzCanary[:len(gzCanary)/2])), false},
		{"zstd cut short", metaBody(b64(compressed(t, "zstd", canary)[:20])), false},
		{"gzip of clean text", metaBody(b64(gz(clean))), true},
		{"zlib of clean text in the prompt", chatBody("Entpacke: " + b64(zl(clean))), true},
		{"random bytes", metaBody("q7Vd0nX3k9Lw2mZr8tYpB1cF4hJ6sG0aE5uW7xQ9zKo="), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, out := h.send(t, req)
			switch got := up.count() - n; {
			case tc.pass && (code != 200 || got != 1):
				t.Fatalf("refused: %d %.300s", code, out)
			case !tc.pass && got != 0:
				t.Fatalf("the service got the payload (%d %.200s)", code, out)
			}
		})
	}
}

// metaBody is a chat request with a clean prompt and v in its metadata.
func metaBody(v string) string {
	b, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": "Hallo"}},
		"metadata": map[string]any{"blob": v}})
	return string(b)
}

// TestAIHostsCatalogued: Amazon Bedrock (runtime, agents' runtime, FIPS,
// dual-stack and the OpenAI-compatible bedrock-mantle host, each in any
// region), Firebase AI Logic (firebasevertexai and firebaseml) and Google
// AI Studio's backend are intercepted and refused with the German notice:
// Bedrock and Firebase until the DPO registers them (KI-RL-2.1), AI
// Studio as its page is. Before, none was in the catalogue: a client
// trusting the service's own certificate sent the name, the IBAN and the
// Steuer-ID through a blind tunnel (sec19).
func TestAIHostsCatalogued(t *testing.T) {
	up := &upstreamLog{}
	const prompt = "Überweisung an Herrn Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"
	converse := `{"messages":[{"role":"user","content":[{"text":"` + prompt + `"}]}]}`
	gemini := `{"contents":[{"role":"user","parts":[{"text":"` + prompt + `"}]}]}`
	cases := []struct{ url, body string }{
		{"https://bedrock-runtime.eu-central-1.amazonaws.com/model/anthropic.claude-sonnet-4-5-v1:0/converse", converse},
		{"https://bedrock-runtime-fips.us-east-1.amazonaws.com/model/amazon.nova-pro-v1:0/invoke", converse},
		{"https://bedrock-agent-runtime.eu-central-1.amazonaws.com/agents/A1/agentAliases/B2/sessions/s3/text", `{"inputText":"` + prompt + `"}`},
		{"https://bedrock-agent-runtime-fips.us-west-2.amazonaws.com/retrieveAndGenerate", `{"input":{"text":"` + prompt + `"}}`},
		{"https://bedrock-runtime.eu-central-1.api.aws/model/x/converse", converse},
		{"https://bedrock-mantle.eu-central-1.api.aws/v1/chat/completions", chatBody(prompt)},
		{"https://firebasevertexai.googleapis.com/v1beta/projects/p/models/gemini-2.5-flash:generateContent", gemini},
		{"https://firebasevertexai.googleapis.com/v1beta/projects/p/locations/europe-west3/publishers/google/models/gemini-2.5-flash:generateContent", gemini},
		{"https://firebaseml.googleapis.com/v2beta/projects/p/locations/us-central1/publishers/google/models/gemini-1.5-flash:generateContent", gemini},
		{"https://alkalimakersuite-pa.clients6.google.com/$rpc/google.internal.alkali.applications.makersuite.v1.MakerSuiteService/GenerateContent", `["models/gemini-2.5-pro",[[[[null,"` + prompt + `"]],"user"]]]`},
	}
	extra := map[string]http.Handler{}
	for _, tc := range cases {
		u, _ := url.Parse(tc.url)
		extra[u.Hostname()] = up
	}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra})
	roots := h.schleuseP.Clone()
	roots.AddCert(h.upCA.Cert)
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := h.client(roots, false).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.TLS == nil || resp.TLS.PeerCertificates[0].Issuer.CommonName == h.upCA.Cert.Subject.CommonName {
				t.Fatalf("not intercepted: the service's own certificate")
			}
			if got := up.count() - n; got != 0 || resp.StatusCode == 200 {
				t.Fatalf("the service got the request (%d, %d forwarded): %.300s", resp.StatusCode, got, out)
			}
			if !strings.Contains(string(out), "schleuse") {
				t.Fatalf("no notice: %.300s", out)
			}
		})
	}
	c, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]string{
		"BEDROCK-RUNTIME.eu-central-1.amazonaws.com.": "aws-bedrock", "bedrock-runtime.amazonaws.com": "",
		"bedrock-runtime.eu-central-1.amazonaws.com.evil.example": "", "s3.eu-central-1.amazonaws.com": "",
		"xbedrock-runtime.eu-central-1.amazonaws.com": "",
	} {
		got := ""
		if s := c.Lookup(host); s != nil {
			got = s.ID
		}
		if got != want {
			t.Errorf("%s: %q, want %q", host, got, want)
		}
	}
	for _, bad := range []string{"a.*.*.net", "*.*.net", "a.*", "a.*.b c"} {
		if _, err := NewCatalogue([]config.Service{{ID: "own-llm", Hosts: []string{bad}, Mode: "inspect"}}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestCompressedBase64InURLAndKeys: base64 of gzip (or zstd, zlib) of
// text in a header, a query value, a path segment, the Referer's query,
// and base64 of text or of its gzip as a JSON object's key, is read
// decoded; before, each went to the service unread (sec19: Base64Text
// read base64 of text only, keys were never decoded). A clean header so
// written passes.
func TestCompressedBase64InURLAndKeys(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	canary := []byte("Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719")
	std, safe := base64.StdEncoding.EncodeToString(gz(canary)), base64.RawURLEncoding.EncodeToString(gz(canary))
	const u = "https://api.openai.com/v1/chat/completions"
	keyBody := func(k string) string {
		return `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}],"metadata":{"` + k + `":"1"}}`
	}
	for _, tc := range []struct {
		name, method, url, body string
		hdr                     map[string]string
		pass                    bool
	}{
		{"a header", "POST", u, chatBody("Hallo"), map[string]string{"X-Data": std}, false},
		{"a header, zlib", "POST", u, chatBody("Hallo"), map[string]string{"X-Data": base64.StdEncoding.EncodeToString(zl(canary))}, false},
		{"a query value", "POST", u + "?state=" + safe, chatBody("Hallo"), nil, false},
		{"a path segment", "GET", "https://api.openai.com/v1/files/" + safe + "/content", "", nil, false},
		{"the Referer's query", "POST", u, chatBody("Hallo"), map[string]string{"Referer": "https://example.org/cb?state=" + safe}, false},
		{"a key, base64 of text", "POST", u, keyBody(base64.StdEncoding.EncodeToString(canary)), nil, false},
		{"a key, base64 of gzip", "POST", u, keyBody(std), nil, false},
		{"a clean header", "POST", u, chatBody("Hallo"), map[string]string{"X-Data": base64.StdEncoding.EncodeToString(gz([]byte("Wie schreibe ich eine höfliche Terminbestätigung?")))}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, _ := http.NewRequest(tc.method, tc.url, body)
			req.Header.Set("Content-Type", "application/json")
			for k, v := range tc.hdr {
				req.Header.Set(k, v)
			}
			code, out := h.send(t, req)
			switch got := up.count() - n; {
			case tc.pass && (code != 200 || got != 1):
				t.Fatalf("refused: %d %.300s", code, out)
			case !tc.pass && got != 0:
				t.Fatalf("the service got it (%d %.200s)", code, out)
			}
		})
	}
}

// TestCompressedTextDeclaredAsMedium: zstd or zlib of text sent as an
// image or a recording (a data URL "data:image/png;base64,…", Anthropic's
// base64 source declared image/heic) is read as what it unpacks to; where
// the policy lets images pass, before, it passed unread as the declared
// medium, as text with NUL bytes did before TestTextWithNULsDeclaredAsImage
// (sec19: the sniffer names gzip, but not zstd or zlib). A real image
// still passes.
func TestCompressedTextDeclaredAsMedium(t *testing.T) {
	akte := []byte("Akte Herr Juergen Kowalski, IBAN " + testIBAN + ", Steuer-ID 86095742719")
	checkDeclaredAsImage(t, map[string][]byte{"zstd": compressed(t, "zstd", akte), "zlib": zl(akte), "gzip": gz(akte)})
}
