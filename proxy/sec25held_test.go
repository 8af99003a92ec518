package proxy

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// sec25Canary is what round 25 tried to get past the proxy.
const sec25Canary = "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"

var (
	sec25NonDigit = regexp.MustCompile(`[^0-9]`)
	sec25Escape   = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)
)

// sec25Leaked names what of the canary a request to the service carried:
// the Steuer-ID's or the IBAN's digits in any writing (the digits of body,
// URL, headers and trailers read in a row, a JSON escape "\u003c" read as
// the character it stands for, not as its digits), or the surname.
// Before (sec28), the digits of "\u003cb\u003e" stood between the
// number's pieces, and "860957<b></b>42719" counted as held, though the
// service got it as written.
func sec25Leaked(s seenRequest) string {
	body := sec25Escape.ReplaceAllStringFunc(s.Body, func(e string) string {
		var r rune
		fmt.Sscanf(e[2:], "%x", &r)
		return string(r)
	})
	all := s.Path + "?" + s.Query + "\n" + body
	for k, v := range s.Header {
		all += "\n" + k + ": " + strings.Join(v, ",")
	}
	for k, v := range s.Trailer {
		all += "\n" + k + ": " + strings.Join(v, ",")
	}
	d := sec25NonDigit.ReplaceAllString(all, "")
	var out []string
	if strings.Contains(d, testTaxID) {
		out = append(out, "Steuer-ID")
	}
	if strings.Contains(d, "370400440532013000") {
		out = append(out, "IBAN")
	}
	if strings.Contains(strings.ToLower(all), "kowal") {
		out = append(out, "name")
	}
	return strings.Join(out, ", ")
}

func sec25UTF16(s string, be bool) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		if be {
			binary.BigEndian.PutUint16(b[2*i:], c)
		} else {
			binary.LittleEndian.PutUint16(b[2*i:], c)
		}
	}
	return b
}

// sec25TrailerBody sets the request's trailers once its body is read.
type sec25TrailerBody struct {
	r   io.Reader
	req *http.Request
	tr  map[string]string
}

func (b *sec25TrailerBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		for k, v := range b.tr {
			b.req.Trailer.Set(k, v)
		}
	}
	return n, err
}

func (b *sec25TrailerBody) Close() error { return nil }

// TestSec25AttemptsHeld keeps what security round 25 tried and found held:
// the canary (a name, an IBAN, a Steuer-ID) never reaches the service as it
// stands, whether the request is refused or forwarded with placeholders.
// Text: spaces of other widths inside a number (thin, figure, ideographic,
// ogham, medium mathematical, hair, a no-break space at odd places),
// groups at odd places, direction overrides and isolates, joiners and the
// word joiner inside digits, keycap digits, segmented and dingbat digits,
// a Greek capital in an IBAN, HTML tags and comments inside a value in a
// prompt, a dot or a quote mark after every digit, a member named with a
// JSON escape ("mess\u0061ges", beside the plain one or alone), a role
// or content key so escaped. Uploads (OpenAI's /v1/files and a path no
// adapter knows, multipart): text, TSV, zip, EPUB, tar, UTF-16 with and
// without a byte-order mark, RTF, JSON, a binary and a text declared as
// PNG; the same as a raw PUT body. Fields: an MCP server's label, address
// and headers, a function call's name in the history and in tool_choice
// (OpenAI, Anthropic, Gemini), Anthropic's mcp_servers and container,
// Mistral's agent id, OpenAI's safety_identifier, prompt_cache_key and
// service_tier, embeddings a digit per input or as token numbers,
// moderations, speech, images, batches, vector stores, assistants, thread
// messages, realtime sessions, conversation items and an eval's schema; a
// Steuer-ID a digit per Gemini part. Encodings: x-gzip, capitals, stacked
// and unknown Content-Encodings; UTF-16 JSON on an adapter's route.
// HTTP: trailers (HTTP/1.1 and HTTP/2), a GET's query and a header;
// HTTP/2 by hand: padded HEADERS and DATA, a header in CONTINUATION
// frames, trailers after the body, a CONTINUATION flood past the header
// limit (the connection ends, the proxy answers the next request).
func TestSec25AttemptsHeld(t *testing.T) {
	up := &upstreamLog{}
	extra := map[string]http.Handler{}
	for _, host := range []string{"api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com", "api.mistral.ai"} {
		extra[host] = up
	}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra})
	held := func(t *testing.T, n int) {
		t.Helper()
		for _, s := range up.since(n) {
			if l := sec25Leaked(s); l != "" {
				t.Fatalf("the service got the %s: %.400q", l, s.Body)
			}
		}
	}
	t.Run("text", func(t *testing.T) {
		for _, tc := range []struct{ name, body string }{
			{"thin spaces", chatBody("Steuer-ID 860\u2009957\u2009427\u200919")},
			{"figure spaces", chatBody("Steuer-ID 860\u2007957\u2007427\u200719")},
			{"ideographic spaces", chatBody("Steuer-ID 860\u3000957\u3000427\u300019")},
			{"ogham spaces", chatBody("Steuer-ID 860\u1680957\u1680427\u168019")},
			{"medium mathematical spaces", chatBody("Steuer-ID 860\u205f957\u205f427\u205f19")},
			{"hair spaces in an IBAN", chatBody("IBAN DE89\u200a3704\u200a0044\u200a0532\u200a0130\u200a00")},
			{"no-break spaces at odd places", chatBody("Steuer-ID 8609\u00a05742\u00a0719")},
			{"groups at odd places", chatBody("Steuer-ID 86 0957 42 719")},
			{"hyphens at odd places", chatBody("Steuer-ID 86-09-57-42-71-9")},
			{"a right-to-left override around", chatBody("Steuer-ID \u202e86095742719\u202c")},
			{"a right-to-left override inside", chatBody("Steuer-ID 86095\u202e742719\u202c")},
			{"isolates inside", chatBody("Steuer-ID 86095\u2067742\u2069719")},
			{"a zero-width joiner", chatBody("Steuer-ID 860957\u200d42719")},
			{"a zero-width non-joiner", chatBody("Steuer-ID 860957\u200c42719")},
			{"a word joiner", chatBody("Steuer-ID 860957\u206042719")},
			{"keycap digits", chatBody("Steuer-ID 8\ufe0f\u20e36\ufe0f\u20e30\ufe0f\u20e39\ufe0f\u20e35\ufe0f\u20e37\ufe0f\u20e34\ufe0f\u20e32\ufe0f\u20e37\ufe0f\u20e31\ufe0f\u20e39\ufe0f\u20e3")},
			{"keycaps without the selector", chatBody("Steuer-ID 8\u20e36\u20e30\u20e39\u20e35\u20e37\u20e34\u20e32\u20e37\u20e31\u20e39\u20e3")},
			{"segmented digits", chatBody("Steuer-ID \U0001FBF8\U0001FBF6\U0001FBF0\U0001FBF9\U0001FBF5\U0001FBF7\U0001FBF4\U0001FBF2\U0001FBF7\U0001FBF1\U0001FBF9")},
			{"dingbat circled digits", chatBody("Steuer-ID \u2787\u2785\u277f\u2788\u2784\u2786\u2783\u2781\u2786\u2780\u2788")},
			{"double circled digits", chatBody("Steuer-ID \u24fc\u24fa\u24ea\u24fd\u24f9\u24fb\u24f8\u24f6\u24fb\u24f5\u24fd")},
			{"Thai digits", chatBody("Steuer-ID \u0e58\u0e56\u0e50\u0e59\u0e55\u0e57\u0e54\u0e52\u0e57\u0e51\u0e59")},
			{"a Greek capital in an IBAN", chatBody("IBAN D\u0395893704 0044 0532 0130 00")},
			{"a Cyrillic capital in an IBAN", chatBody("IBAN D\u0415 89 3704 0044 0532 0130 00")},
			{"an HTML tag inside a number", chatBody("Steuer-ID 860957<b></b>42719")},
			{"an HTML comment inside a number", chatBody("Steuer-ID 860957<!-- -->42719")},
			{"an HTML tag inside a name", chatBody("Herr Jürgen Ko<span>wal</span>ski")},
			{"an HTML tag inside an IBAN", chatBody("IBAN DE89 3704 <i>0044</i> 0532 0130 00")},
			{"a dot after every digit", chatBody("Steuer-ID 8.6.0.9.5.7.4.2.7.1.9")},
			{"quote marks", chatBody("Steuer-ID 860'957'427'19")},
			{"underscores", chatBody("Steuer-ID 860_957_427_19")},
			{"LaTeX", chatBody("Steuer-ID $86095742719$")},
			{"an escaped member name", `{"model":"gpt-4o","mess\u0061ges":[{"role":"user","content":"DE89 3704"},{"role":"user","content":"0044 0532 0130 00"}]}`},
			{"an escaped member name beside the plain one", `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}],"mess\u0061ges":[{"role":"user","content":"DE89 3704"},{"role":"user","content":"0044 0532 0130 00"}]}`},
			{"an escaped member name first", `{"model":"gpt-4o","mess\u0061ges":[{"role":"user","content":"DE89 3704"},{"role":"user","content":"0044 0532 0130 00"}],"messages":[{"role":"user","content":"Hallo"}]}`},
			{"an escaped content key", `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo","c\u006fntent":"DE89 3704 0044 0532 0130 00"}]}`},
			{"an escaped role key", `{"model":"gpt-4o","messages":[{"r\u006fle":"user","content":"DE89 3704"},{"role":"user","content":"0044 0532 0130 00"}]}`},
			{"an escaped role", `{"model":"gpt-4o","messages":[{"role":"us\u0065r","content":"DE89 3704"},{"role":"user","content":"0044 0532 0130 00"}]}`},
			{"a system prompt and the user's message", `{"model":"gpt-4o","messages":[{"role":"system","content":"IBAN DE89 3704"},{"role":"user","content":"0044 0532 0130 00"}]}`},
			{"the model's name", `{"model":"gpt-4o ` + sec25Canary + `","messages":[{"role":"user","content":"Hallo"}]}`},
			{"stop sequences", `{"model":"gpt-4o","stop":["` + sec25Canary + `"],"messages":[{"role":"user","content":"Hallo"}]}`},
			{"a logit bias's key", `{"model":"gpt-4o","logit_bias":{"` + testTaxID + `":1},"messages":[{"role":"user","content":"Hallo"}]}`},
			{"past 300 KB of padding", chatBody(strings.Repeat("a ", 150000) + sec25Canary)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				n := up.count()
				postJSON(t, h, "https://api.openai.com/v1/chat/completions", tc.body)
				held(t, n)
			})
		}
	})
	t.Run("fields", func(t *testing.T) {
		J := "Juergen_Kowalski_" + testTaxID
		for _, tc := range []struct{ name, url, body string }{
			{"mcp label", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","input":"Hallo","tools":[{"type":"mcp","server_label":"` + J + `","server_url":"https://mcp.example/x"}]}`},
			{"mcp url iban", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","input":"Hallo","tools":[{"type":"mcp","server_label":"x","server_url":"https://mcp.example/DE89370400440532013000"}]}`},
			{"mcp headers", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","input":"Hallo","tools":[{"type":"mcp","server_label":"x","server_url":"https://mcp.example/","headers":{"X-Note":"Steuer-ID 86095742719"}}]}`},
			{"function_call name history", "https://api.openai.com/v1/responses", `{"model":"gpt-4o","input":[{"type":"function_call","call_id":"c1","name":"` + J + `","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"ok"},{"role":"user","content":"Hallo"}]}`},
			{"tool_choice name", "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","tool_choice":{"type":"function","function":{"name":"` + J + `"}},"messages":[{"role":"user","content":"Hallo"}]}`},
			{"anthropic tool_choice", "https://api.anthropic.com/v1/messages", `{"model":"claude-x","max_tokens":10,"tool_choice":{"type":"tool","name":"` + J + `"},"messages":[{"role":"user","content":"Hallo"}]}`},
			{"anthropic tool_use name", "https://api.anthropic.com/v1/messages", `{"model":"claude-x","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"` + J + `","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"}]}]}`},
			{"anthropic mcp_servers", "https://api.anthropic.com/v1/messages", `{"model":"claude-x","max_tokens":10,"mcp_servers":[{"type":"url","url":"https://x.example/sse","name":"` + J + `"}],"messages":[{"role":"user","content":"Hallo"}]}`},
			{"anthropic container", "https://api.anthropic.com/v1/messages", `{"model":"claude-x","max_tokens":10,"container":"` + J + `","messages":[{"role":"user","content":"Hallo"}]}`},
			{"gemini functionCall name", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent", `{"contents":[{"role":"model","parts":[{"functionCall":{"name":"` + J + `","args":{}}}]},{"role":"user","parts":[{"text":"Hallo"}]}]}`},
			{"gemini many parts", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent", `{"contents":[{"role":"user","parts":[{"text":"8"},{"text":"6"},{"text":"0"},{"text":"9"},{"text":"5"},{"text":"7"},{"text":"4"},{"text":"2"},{"text":"7"},{"text":"1"},{"text":"9"}]}]}`},
			{"mistral agents id", "https://api.mistral.ai/v1/agents/completions", `{"agent_id":"` + J + `","messages":[{"role":"user","content":"Hallo"}]}`},
			{"openai safety_identifier", "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","safety_identifier":"` + J + `","messages":[{"role":"user","content":"Hallo"}]}`},
			{"openai prompt_cache_key", "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","prompt_cache_key":"` + J + `","messages":[{"role":"user","content":"Hallo"}]}`},
			{"openai service_tier", "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","service_tier":"86095742719","messages":[{"role":"user","content":"Hallo"}]}`},
			{"embeddings array", "https://api.openai.com/v1/embeddings", `{"model":"text-embedding-3-small","input":["8","6","0","9","5","7","4","2","7","1","9"]}`},
			{"embeddings tokens", "https://api.openai.com/v1/embeddings", `{"model":"text-embedding-3-small","input":[[23,86095742719]]}`},
			{"moderations", "https://api.openai.com/v1/moderations", `{"input":"` + sec25Canary + `"}`},
			{"audio speech", "https://api.openai.com/v1/audio/speech", `{"model":"tts-1","voice":"alloy","input":"` + sec25Canary + `"}`},
			{"images", "https://api.openai.com/v1/images/generations", `{"model":"dall-e-3","prompt":"` + sec25Canary + `"}`},
			{"batches", "https://api.openai.com/v1/batches", `{"input_file_id":"file-1","endpoint":"/v1/chat/completions","completion_window":"24h","metadata":{"k":"` + sec25Canary + `"}}`},
			{"vector store", "https://api.openai.com/v1/vector_stores", `{"name":"` + sec25Canary + `"}`},
			{"assistants", "https://api.openai.com/v1/assistants", `{"model":"gpt-4o","instructions":"` + sec25Canary + `"}`},
			{"threads messages", "https://api.openai.com/v1/threads/thread_1/messages", `{"role":"user","content":"` + sec25Canary + `"}`},
			{"realtime session", "https://api.openai.com/v1/realtime/sessions", `{"model":"gpt-4o-realtime","instructions":"` + sec25Canary + `"}`},
			{"conversations items", "https://api.openai.com/v1/conversations/conv_1/items", `{"items":[{"type":"message","role":"user","content":[{"type":"input_text","text":"` + sec25Canary + `"}]}]}`},
			{"evals", "https://api.openai.com/v1/evals", `{"name":"x","data_source_config":{"type":"custom","item_schema":{"type":"object","title":"` + J + `"}}}`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				n := up.count()
				req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
				req.Header.Set("Content-Type", "application/json")
				h.send(t, req)
				held(t, n)
			})
		}
	})
	t.Run("uploads", func(t *testing.T) {
		zipOf := func(name string, data []byte) []byte {
			var b bytes.Buffer
			z := zip.NewWriter(&b)
			f, _ := z.Create(name)
			f.Write(data)
			z.Close()
			return b.Bytes()
		}
		tarOf := func(name string, data []byte) []byte {
			var b bytes.Buffer
			z := tar.NewWriter(&b)
			z.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data))})
			z.Write(data)
			z.Close()
			return b.Bytes()
		}
		files := []struct {
			name, ct string
			data     []byte
		}{
			{"akte.txt", "text/plain", []byte(sec25Canary)},
			{"akte.tsv", "text/tab-separated-values", []byte("Name\tIBAN\tSteuer-ID\nJürgen Kowalski\tDE89 3704 0044 0532 0130 00\t" + testTaxID + "\n")},
			{"akte.zip", "application/zip", zipOf("akte.txt", []byte(sec25Canary))},
			{"akte.epub", "application/epub+zip", zipOf("OEBPS/ch1.xhtml", []byte("<html><body><p>"+sec25Canary+"</p></body></html>"))},
			{"akte.tar", "application/x-tar", tarOf("akte.txt", []byte(sec25Canary))},
			{"utf16 with a BOM.txt", "text/plain", append([]byte{0xff, 0xfe}, sec25UTF16(sec25Canary, false)...)},
			{"utf16 big-endian.txt", "text/plain", sec25UTF16(sec25Canary, true)},
			{"akte.rtf", "application/rtf", []byte(`{\rtf1\ansi ` + sec25Canary + `}`)},
			{"akte.json", "application/json", []byte(`{"x":"` + sec25Canary + `"}`)},
			{"akte.bin", "application/octet-stream", []byte(sec25Canary)},
			{"akte.png", "image/png", []byte(sec25Canary)},
		}
		for _, f := range files {
			var b bytes.Buffer
			w := multipart.NewWriter(&b)
			w.WriteField("purpose", "assistants")
			p, _ := w.CreatePart(map[string][]string{
				"Content-Disposition": {fmt.Sprintf(`form-data; name="file"; filename=%q`, f.name)},
				"Content-Type":        {f.ct},
			})
			p.Write(f.data)
			w.Close()
			for _, u := range []string{"https://api.openai.com/v1/files", "https://api.openai.com/v1/uploads/upload_1/parts"} {
				t.Run(f.name+" to "+u, func(t *testing.T) {
					n := up.count()
					req, _ := http.NewRequest("POST", u, bytes.NewReader(b.Bytes()))
					req.Header.Set("Content-Type", w.FormDataContentType())
					h.send(t, req)
					held(t, n)
				})
			}
			t.Run(f.name+" as a raw body", func(t *testing.T) {
				n := up.count()
				req, _ := http.NewRequest("PUT", "https://api.openai.com/v1/whatever", bytes.NewReader(f.data))
				req.Header.Set("Content-Type", f.ct)
				h.send(t, req)
				held(t, n)
			})
		}
	})
	t.Run("encodings", func(t *testing.T) {
		for _, enc := range []string{"x-gzip", "GZIP", "gzip ", "x-compress", "compress", "identity, gzip", "br, identity", "zstd, gzip", "aes128gcm", "gzip;q=1"} {
			t.Run(enc, func(t *testing.T) {
				data := []byte(chatBody(sec25Canary))
				if strings.Contains(strings.ToLower(enc), "gzip") {
					data = compress("gzip", data)
				}
				n := up.count()
				req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", bytes.NewReader(data))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Content-Encoding", enc)
				h.send(t, req)
				held(t, n)
			})
		}
		for name, body := range map[string][]byte{
			"UTF-16 JSON with a BOM":    append([]byte{0xff, 0xfe}, sec25UTF16(chatBody(sec25Canary), false)...),
			"UTF-16 JSON without a BOM": sec25UTF16(chatBody(sec25Canary), false),
		} {
			t.Run(name, func(t *testing.T) {
				n := up.count()
				req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				h.send(t, req)
				held(t, n)
			})
		}
	})
	t.Run("http", func(t *testing.T) {
		for _, h2 := range []bool{false, true} {
			t.Run(fmt.Sprintf("trailers, HTTP/2 %v", h2), func(t *testing.T) {
				n := up.count()
				req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", nil)
				req.Header.Set("Content-Type", "application/json")
				tr := map[string]string{"X-Prompt": sec25Canary, "X-Data": testTaxID}
				req.Trailer = http.Header{}
				for k := range tr {
					req.Trailer.Set(k, "")
				}
				req.ContentLength = -1
				req.Body = &sec25TrailerBody{r: strings.NewReader(chatBody("Hallo")), req: req, tr: tr}
				resp, err := h.client(h.schleuseP, h2).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				held(t, n)
			})
		}
		for name, req := range map[string]func() *http.Request{
			"a GET's query": func() *http.Request {
				r, _ := http.NewRequest("GET", "https://api.openai.com/v1/models?search="+url.QueryEscape(sec25Canary), nil)
				return r
			},
			"a GET's header": func() *http.Request {
				r, _ := http.NewRequest("GET", "https://api.openai.com/v1/models", nil)
				r.Header.Set("X-Foo", sec25Canary)
				return r
			},
			"an IBAN in a header in cells": func() *http.Request {
				r, _ := http.NewRequest("GET", "https://api.openai.com/v1/models", nil)
				r.Header.Set("X-Foo", "DE89\t3704\t0044\t0532\t0130\t00")
				return r
			},
		} {
			t.Run(name, func(t *testing.T) {
				n := up.count()
				resp, err := h.client(h.schleuseP, true).Do(req())
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				held(t, n)
			})
		}
	})
	t.Run("HTTP/2 frames", func(t *testing.T) {
		head := func(enc *hpack.Encoder, hb *bytes.Buffer, extra ...[2]string) []byte {
			hb.Reset()
			for _, f := range append([][2]string{{":method", "POST"}, {":scheme", "https"}, {":authority", "api.openai.com"}, {":path", "/v1/chat/completions"}, {"content-type", "application/json"}}, extra...) {
				enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
			}
			return append([]byte(nil), hb.Bytes()...)
		}
		// exchange writes frames on a new HTTP/2 connection and reads until
		// the stream's answer, a reset or the connection's end.
		exchange := func(t *testing.T, write func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer)) string {
			c := dialMITM(t, h, "api.openai.com", "h2")
			defer c.Close()
			c.SetDeadline(time.Now().Add(15 * time.Second))
			c.Write([]byte(http2.ClientPreface))
			fr := http2.NewFramer(c, c)
			fr.WriteSettings()
			var hb bytes.Buffer
			enc := hpack.NewEncoder(&hb)
			go write(fr, enc, &hb)
			dec := hpack.NewDecoder(4096, nil)
			for {
				f, err := fr.ReadFrame()
				if err != nil {
					return "closed"
				}
				switch f := f.(type) {
				case *http2.HeadersFrame:
					if hf, err := dec.DecodeFull(f.HeaderBlockFragment()); err == nil && len(hf) > 0 {
						return hf[0].Value
					}
				case *http2.RSTStreamFrame:
					return "RST_STREAM " + f.ErrCode.String()
				case *http2.GoAwayFrame:
					return "GOAWAY " + f.ErrCode.String()
				}
			}
		}
		for _, tc := range []struct {
			name  string
			write func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer)
		}{
			{"padded HEADERS and DATA", func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer) {
				fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: head(enc, hb), EndHeaders: true, PadLength: 200})
				fr.WriteDataPadded(1, true, []byte(chatBody(sec25Canary)), make([]byte, 255))
			}},
			{"a header in CONTINUATION frames", func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer) {
				block := head(enc, hb, [2]string{"x-prompt", sec25Canary})
				fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block[:10]})
				for i := 10; i < len(block); i += 7 {
					fr.WriteContinuation(1, i+7 >= len(block), block[i:min(i+7, len(block))])
				}
				fr.WriteData(1, true, []byte(chatBody("Hallo")))
			}},
			{"trailers after the body", func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer) {
				fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: head(enc, hb), EndHeaders: true})
				fr.WriteData(1, false, []byte(chatBody("Hallo")))
				hb.Reset()
				enc.WriteField(hpack.HeaderField{Name: "x-prompt", Value: sec25Canary})
				fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: hb.Bytes(), EndHeaders: true, EndStream: true})
			}},
			{"a CONTINUATION flood", func(fr *http2.Framer, enc *hpack.Encoder, hb *bytes.Buffer) {
				block := head(enc, hb)
				if fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block}) != nil {
					return
				}
				hb.Reset()
				enc.WriteField(hpack.HeaderField{Name: "x-prompt", Value: sec25Canary + strings.Repeat(" x", 8000)})
				for range 400 { // 6 MB of header block, no END_HEADERS
					if fr.WriteContinuation(1, false, hb.Bytes()) != nil {
						return
					}
				}
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				n := up.count()
				got := exchange(t, tc.write)
				held(t, n)
				t.Logf("%s, the service got %d", got, up.count()-n)
			})
		}
		assertUp(t, h)
	})
}
