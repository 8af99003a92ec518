package proxy

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/schleuse/schleuse/internal/payloadtest"
)

// TestBrotliPastWindowBudgetRead: base64 of brotli of a binary mark and
// 9 MiB or 15 MiB of NUL bytes (no text; a sparse file, a zeroed image)
// in a JSON value reaches the service: it unpacks within the request's
// 16 MiB. Before, schleuse read such a stream twice (with a window of
// 1 MiB, and past that again with its header's), charged both readings,
// and blocked it as past the budget (sec23 left it open). One that
// unpacks past the 16 MiB is still blocked, and so is text after 9 MiB of
// NUL bytes.
func TestBrotliPastWindowBudgetRead(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy by design, one request at a time: run without -race (the plain `go test ./...` of make test does)")
	}
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	// Each request unpacks up to 16 MiB (twice: within the 1 MiB window,
	// then with the header's) and scans it: under the race detector on a
	// loaded CI machine the 15 MiB one took more than the client's 10 s,
	// and its late arrival at the service was counted for the next case.
	h.timeout = 3 * time.Minute
	nul := func(n int, tail string) []byte {
		return append(append(append([]byte{}, payloadtest.BinaryMark()...), make([]byte, n)...), tail...)
	}
	b64 := base64.StdEncoding.EncodeToString
	checkPass(t, h, up, "können nicht gelesen", []passCase{
		{name: "9 MiB of NUL bytes", body: metaBody(b64(payloadtest.Brotli24(nul(9<<20, "")))), pass: true},
		{name: "15 MiB of NUL bytes", body: metaBody(b64(payloadtest.Brotli24(nul(15<<20, "")))), pass: true},
		{name: "16 MiB and 1 KiB of NUL bytes", body: metaBody(b64(payloadtest.Brotli24(nul(16<<20+1<<10, ""))))},
		{name: "text after 9 MiB of NUL bytes", body: metaBody(b64(payloadtest.Brotli24(nul(9<<20, sec23Canary))))},
	})
}

// TestControlCharactersInsideValues: a control character (C0 but tab and
// the line breaks, DEL, C1 but NEL) or one of the default-ignorable code
// points Unicode keeps in reserve (U+2065, U+FFF0–U+FFF8, which a
// renderer shows as nothing) inside an IBAN, a Steuer-ID and a name, as a
// JSON escape, is read past as NUL is: the service gets the placeholders.
// A model reads through them as through a zero-width space; before, the
// values went to the service as they stood (sec24). What renders as a box
// (a noncharacter, a private-use character) is a visible sign between the
// digits, as "#" would be, and stays unread (docs/security.md).
func TestControlCharactersInsideValues(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, c := range []string{`\u0001`, `\u0008`, `\u000e`, `\u001b`, `\u001f`, `\u007f`, `\u0080`, `\u0081`, `\u009f`, `\u2065`, `\ufff0`, `\ufff8`} {
		n := len(h.llm.received)
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise an DE89 3704 0044 05`+c+`32 0130 00, Herr Mehmet Yıl`+c+`maz, Steuer-ID 860957`+c+`42719"}]}`)
		if code != 200 || len(h.llm.received) != n+1 {
			t.Errorf("%s: %d %.300s", c, code, out)
			continue
		}
		if up := h.llm.received[n]; strings.Contains(up, "0130") || strings.Contains(up, "42719") || strings.Contains(up, "maz") ||
			!strings.Contains(up, "[IBAN_") || !strings.Contains(up, "[DE_TAX_ID_") || !strings.Contains(up, "[PERSON_") {
			t.Errorf("%s: the service got %s", c, up)
		}
	}
}

// TestSec24AttemptsHeld keeps what security round 24 tried and found held,
// each with a Steuer-ID: it never reaches the service as it stands.
// JSON that is no RFC 8259 (a comment, NaN, a number with "+" or a
// leading zero, a form declared as JSON, a byte that is no UTF-8 inside a
// value) is blocked as unreadable. Framing between client, schleuse and
// the service ("chunked" twice or as a list, a Content-Length list, a
// folded Transfer-Encoding, a Content-Length given twice alike, a chunk
// extension, HTTP/1.0 keep-alive, Expect: 100-continue, an h2c upgrade
// on a POST, a WebSocket upgrade on a chunked POST) is refused or read as
// one body. Fields a service reads beside the messages (DeepL's text
// twice and its context, OpenAI's content part of an unknown type, a
// refusal, a message's name, a prediction, the Responses API's
// instructions and a stored prompt's variables, the user field,
// Anthropic's search_result block and system blocks, Gemini's
// systemInstruction, Codestral's FIM suffix) are read, and the service
// gets the placeholder.
func TestSec24AttemptsHeld(t *testing.T) {
	up := &upstreamLog{}
	extra := map[string]http.Handler{}
	for _, host := range []string{"api.openai.com", "api-free.deepl.com", "api.anthropic.com", "generativelanguage.googleapis.com", "api.mistral.ai"} {
		extra[host] = up
	}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra})
	tax := "Steuer-ID " + testTaxID
	form := strings.ReplaceAll(tax, " ", "+")
	unread := func(t *testing.T, n int) {
		t.Helper()
		for _, s := range up.since(n) {
			if strings.Contains(s.Body, testTaxID) || strings.Contains(s.Body, "42719") {
				t.Fatalf("the service got %q", s.Body)
			}
		}
	}
	t.Run("JSON", func(t *testing.T) {
		msg := func(s string) string {
			return `{"model":"gpt-4o","messages":[{"role":"user","content":"` + s + `"}]}`
		}
		for _, tc := range []struct{ name, body string }{
			{"block comment", `{"model":"gpt-4o", /* ` + tax + ` */ "messages":[{"role":"user","content":"Hallo"}]}`},
			{"line comment", "{\"model\":\"gpt-4o\", // " + tax + "\n \"messages\":[{\"role\":\"user\",\"content\":\"Hallo\"}]}"},
			{"NaN", `{"model":"gpt-4o","temperature":NaN,"messages":[{"role":"user","content":"` + tax + `"}]}`},
			{"a number with +", `{"model":"gpt-4o","metadata":{"x":+` + testTaxID + `},"messages":[{"role":"user","content":"Hallo"}]}`},
			{"a number with a leading zero", `{"model":"gpt-4o","metadata":{"x":0` + testTaxID + `},"messages":[{"role":"user","content":"Hallo"}]}`},
			{"a form declared as JSON", "model=gpt-4o&messages%5B0%5D%5Brole%5D=user&messages%5B0%5D%5Bcontent%5D=" + form},
			{"no UTF-8 inside the value", msg("Steuer-ID 860957\xff42719")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				n := up.count()
				req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(tc.body))
				req.Header.Set("Content-Type", "application/json")
				code, out := h.send(t, req)
				if up.count() != n || !strings.Contains(out, "nicht an den KI-Dienst gesendet") {
					t.Fatalf("%d %.300s", code, out)
				}
			})
		}
	})
	t.Run("framing", func(t *testing.T) {
		body := chatBody(tax)
		chunked := fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(body), body)
		head := "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\n"
		for name, raw := range map[string]string{
			"chunked, chunked":            head + "Transfer-Encoding: chunked, chunked\r\n\r\n" + chunked,
			"chunked twice":               head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked,
			"a Content-Length list":       head + fmt.Sprintf("Content-Length: %d, %d\r\n\r\n%s", len(body), len(body), body),
			"Transfer-Encoding folded":    head + "Transfer-Encoding:\r\n chunked\r\n\r\n" + chunked,
			"Content-Length twice":        head + fmt.Sprintf("Content-Length: %d\r\nContent-Length: %d\r\n\r\n%s", len(body), len(body), body),
			"a chunk extension":           head + fmt.Sprintf("Transfer-Encoding: chunked\r\n\r\n%x;a=b\r\n%s\r\n0\r\n\r\n", len(body), body),
			"HTTP/1.0 keep-alive":         strings.Replace(head, "HTTP/1.1", "HTTP/1.0", 1) + fmt.Sprintf("Connection: keep-alive\r\nContent-Length: %d\r\n\r\n%s", len(body), body),
			"Expect: 100-continue":        head + fmt.Sprintf("Expect: 100-continue\r\nContent-Length: %d\r\n\r\n%s", len(body), body),
			"h2c upgrade on a POST":       head + fmt.Sprintf("Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nContent-Length: %d\r\n\r\n%s", len(body), body),
			"WebSocket on a chunked POST": head + "Connection: Upgrade\r\nUpgrade: websocket\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked,
		} {
			t.Run(name, func(t *testing.T) {
				n := up.count()
				c := dialMITM(t, h, "api.openai.com")
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				c.Write([]byte(raw))
				br, status := bufio.NewReader(c), 0
				for status < 200 {
					resp, err := http.ReadResponse(br, nil)
					if err != nil {
						break // the connection closed: refused
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				unread(t, n)
				for _, s := range up.since(n) {
					if !strings.Contains(s.Body, "[DE_TAX_ID_") {
						t.Fatalf("the service got %q", s.Body)
					}
				}
				t.Logf("%d, the service got %d", status, up.count()-n)
			})
		}
	})
	t.Run("fields", func(t *testing.T) {
		for _, tc := range []struct{ name, url, ct, body string }{
			{"DeepL, text twice", "https://api-free.deepl.com/v2/translate", "application/x-www-form-urlencoded", "text=Hallo&target_lang=EN&text=" + form},
			{"DeepL, context", "https://api-free.deepl.com/v2/translate", "application/json", `{"text":["Hallo"],"target_lang":"EN","context":"` + tax + `"}`},
			{"OpenAI, a part of an unknown type", "https://api.openai.com/v1/chat/completions", "application/json", `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Hallo"},{"type":"foo","text":"` + tax + `"}]}]}`},
			{"OpenAI, a refusal", "https://api.openai.com/v1/chat/completions", "application/json", `{"model":"gpt-4o","messages":[{"role":"assistant","content":[{"type":"refusal","refusal":"` + tax + `"}]},{"role":"user","content":"Hallo"}]}`},
			{"OpenAI, a message's name", "https://api.openai.com/v1/chat/completions", "application/json", `{"model":"gpt-4o","messages":[{"role":"user","name":"Juergen_Kowalski_` + testTaxID + `","content":"Hallo"}]}`},
			{"OpenAI, a prediction", "https://api.openai.com/v1/chat/completions", "application/json", `{"model":"gpt-4o","prediction":{"type":"content","content":"` + tax + `"},"messages":[{"role":"user","content":"Hallo"}]}`},
			{"OpenAI, the user field", "https://api.openai.com/v1/chat/completions", "application/json", `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}],"user":"` + tax + `"}`},
			{"Responses, instructions", "https://api.openai.com/v1/responses", "application/json", `{"model":"gpt-4o","instructions":"` + tax + `","input":"Hallo"}`},
			{"Responses, a stored prompt's variables", "https://api.openai.com/v1/responses", "application/json", `{"model":"gpt-4o","prompt":{"id":"pmpt_123","variables":{"kunde":"` + tax + `"}},"input":"Hallo"}`},
			{"Anthropic, search_result", "https://api.anthropic.com/v1/messages", "application/json", `{"model":"claude-x","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Hallo"},{"type":"search_result","source":"x","title":"t","content":[{"type":"text","text":"` + tax + `"}]}]}]}`},
			{"Anthropic, system blocks", "https://api.anthropic.com/v1/messages", "application/json", `{"model":"claude-x","max_tokens":10,"system":[{"type":"text","text":"` + tax + `"}],"messages":[{"role":"user","content":"Hallo"}]}`},
			{"Gemini, systemInstruction", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent", "application/json", `{"systemInstruction":{"parts":[{"text":"` + tax + `"}]},"contents":[{"role":"user","parts":[{"text":"Hallo"}]}]}`},
			{"Codestral, FIM suffix", "https://api.mistral.ai/v1/fim/completions", "application/json", `{"model":"codestral-latest","prompt":"def f():","suffix":"# ` + tax + `"}`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				n := up.count()
				req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
				req.Header.Set("Content-Type", tc.ct)
				h.send(t, req)
				unread(t, n)
			})
		}
	})
}

// TestExtendedConnectHeld: inside an interception, an HTTP/2 extended
// CONNECT (RFC 8441 WebSocket, RFC 9298 CONNECT-UDP: ":protocol") is
// refused by the server, which does not offer it
// (SETTINGS_ENABLE_CONNECT_PROTOCOL), with a stream error, and a plain
// CONNECT is answered 405 (connect_inside): the DATA after it, a chat body
// with a Steuer-ID, never reaches the service as a tunnel (sec24).
func TestExtendedConnectHeld(t *testing.T) {
	h, up := newBadInputHarness(t)
	for _, proto := range []string{"websocket", "connect-udp", ""} {
		t.Run("protocol "+proto, func(t *testing.T) {
			n := up.count()
			c := dialMITM(t, h, "api.openai.com", "h2")
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			c.Write([]byte(http2.ClientPreface))
			fr := http2.NewFramer(c, c)
			fr.WriteSettings()
			var hb bytes.Buffer
			enc := hpack.NewEncoder(&hb)
			fields := [][2]string{{":method", "CONNECT"}, {":scheme", "https"}, {":authority", "api.openai.com"}, {":path", "/v1/chat/completions"}, {":protocol", proto}}
			if proto == "" {
				fields = [][2]string{{":method", "CONNECT"}, {":authority", "api.openai.com:443"}}
			}
			for _, f := range fields {
				enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
			}
			fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: hb.Bytes(), EndHeaders: true})
			fr.WriteData(1, false, []byte(chatBody("Steuer-ID "+testTaxID)))
			dec := hpack.NewDecoder(4096, nil)
			got := ""
			for got == "" {
				f, err := fr.ReadFrame()
				if err != nil {
					t.Fatal(err)
				}
				switch f := f.(type) {
				case *http2.HeadersFrame:
					if hf, err := dec.DecodeFull(f.HeaderBlockFragment()); err == nil && len(hf) > 0 {
						got = hf[0].Name + " " + hf[0].Value
					}
				case *http2.RSTStreamFrame:
					got = "RST_STREAM " + f.ErrCode.String()
				case *http2.GoAwayFrame:
					got = "GOAWAY " + f.ErrCode.String()
				}
			}
			want := "RST_STREAM PROTOCOL_ERROR"
			if proto == "" {
				want = ":status 405"
			}
			if got != want || up.count() != n {
				t.Fatalf("got %s, want %s; the service got %d requests", got, want, up.count()-n)
			}
		})
	}
}
