package proxy

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// recordingUpstream answers {} and keeps every body it got.
type recordingUpstream struct {
	mu   sync.Mutex
	got  []string
	head []http.Header
}

func (u *recordingUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	u.mu.Lock()
	u.got = append(u.got, string(b))
	u.head = append(u.head, r.Header.Clone())
	u.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{}`)
}

func (u *recordingUpstream) bodies() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.got...)
}

// newEvasionHarness is the pipeline harness with every request, to the
// fake LLM's hosts and to Gemini and Anthropic, recorded.
func newEvasionHarness(t *testing.T) (*pipeHarness, func() []string) {
	t.Helper()
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{
		"generativelanguage.googleapis.com": up, "api.anthropic.com": up,
	}})
	return h, func() []string {
		h.llm.mu.Lock()
		defer h.llm.mu.Unlock()
		return append(up.bodies(), h.llm.received...)
	}
}

// TestDuplicateMembersBlocked: a JSON body that names a member twice, or
// that carries a member the adapter reads in another case or (Gemini's
// proto3 JSON) in both its spellings, is blocked with a notice that says
// why; names alike that no adapter reads (a schema's properties, a function
// call's arguments) pass. The adapters read the first member; Python,
// JavaScript and Go take the last, and Go and ASP.NET match names ignoring
// case, so the service could read the other one. Before, a clean file
// beside a second file_data / data / inline_data was inspected and the
// second, which unread leaves out as base64, went to the service as it
// stood.
func TestDuplicateMembersBlocked(t *testing.T) {
	h, sent := newEvasionHarness(t)
	akte := base64.StdEncoding.EncodeToString([]byte("Akte Herr Jürgen Kowalski, IBAN " + testIBAN + strings.Repeat(" Vermerk.", 200)))
	clean := base64.StdEncoding.EncodeToString([]byte("Sehr geehrte Damen und Herren," + strings.Repeat(" Vermerk.", 200)))
	q, _ := json.Marshal("Herr Jürgen Kowalski, IBAN " + testIBAN)
	gemini := "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
	for _, c := range []struct{ name, url, body string }{
		{"openai file_data twice", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Fasse zusammen."},{"type":"file","file":{"filename":"brief.txt","file_data":"data:text/plain;base64,` + clean + `","file_data":"data:text/plain;base64,` + akte + `"}}]}]}`},
		{"anthropic data twice", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"text/plain","data":"` + clean + `","data":"` + akte + `"}},{"type":"text","text":"Fasse zusammen."}]}]}`},
		{"gemini inlineData and inline_data", gemini,
			`{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen."},{"inlineData":{"mimeType":"text/plain","data":"` + clean + `"},"inline_data":{"mime_type":"text/plain","data":"` + akte + `"}}]}]}`},
		{"gemini mimeType and mime_type", gemini,
			`{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen."},{"inlineData":{"mimeType":"image/png","mime_type":"text/plain","data":"` + akte + `"}}]}]}`},
		{"messages in another case", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}],"Messages":[{"role":"user","content":` + string(q) + `}]}`},
		{"content twice", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo","content":` + string(q) + `}]}`},
		{"unknown route", "https://api.openai.com/v1/unknown",
			`{"a":"Hallo","\u0061":"x"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, c.url, c.body)
			if code != http.StatusBadRequest && code != http.StatusForbidden || !strings.Contains(out, "dasselbe Feld zweimal") {
				t.Errorf("%d %.300s", code, out)
			}
			if got := sent(); len(got) != n {
				t.Errorf("the service got %.200s", got[n])
			}
		})
	}
	// One member of each name passes as before; so do names alike but
	// for case or "_" that no adapter reads by name: a map's keys (a
	// tool's parameter schema, a function call's arguments), two names to
	// every reader, each inspected.
	for _, c := range []struct{ name, url, body string }{
		{"gemini one spelling", gemini,
			`{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen."},{"inline_data":{"mime_type":"text/plain","data":"` + clean + `"}}]}],"generationConfig":{"temperature":0.2}}`},
		{"openai tool schema with id and ID", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}],"tools":[{"type":"function","function":{"name":"lookup","description":"Sucht einen Vorgang.","parameters":{"type":"object","properties":{"id":{"type":"string","description":"interne Nummer"},"ID":{"type":"string","description":"Nummer des Fachverfahrens"}}}}}]}`},
		{"gemini function arguments user_id and userId", gemini,
			`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]},{"role":"model","parts":[{"functionCall":{"name":"lookup","args":{"user_id":"a1","userId":"b2"}}}]}],"tools":[{"functionDeclarations":[{"name":"lookup","parameters":{"type":"OBJECT","properties":{"user_id":{"type":"STRING"},"userId":{"type":"STRING"}}}}]}]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if code, out := postJSON(t, h, c.url, c.body); code != http.StatusOK {
				t.Errorf("%d %.300s", code, out)
			}
		})
	}
	// Twins are inspected like any member: on a route no adapter knows,
	// where every string is scanned, the IBAN in the second is found.
	n := len(sent())
	if code, out := postJSON(t, h, "https://api.openai.com/v1/unknown", `{"a":"Hallo","A":`+string(q)+`}`); code == http.StatusOK || len(sent()) != n {
		t.Errorf("a twin's text reached the service: %d %.300s", code, out)
	}
}

// TestContentTypeTwiceBlocked: a request that gives its Content-Type more
// than once is blocked with a notice that says why. Go's net/http reads
// the first line, a WSGI server (gunicorn) the last. Before, an upload
// with boundary A on the first line and B on the second carried a clean
// file in A's parts and a document with a name and an IBAN in B's parts
// before them, in A's preamble, which the multipart reader skips: schleuse
// read the clean file, forwarded both lines, and a service reading B got
// the document. One line passes as before.
func TestContentTypeTwiceBlocked(t *testing.T) {
	h, sent := newEvasionHarness(t)
	part := func(b, name, file, text string) string {
		return "--" + b + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + file + "\"\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n"
	}
	body := part("B", "file", "akte.txt", "Akte Herr Jürgen Kowalski, IBAN "+testIBAN) + "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n--B--\r\n" +
		part("A", "file", "brief.txt", "Sehr geehrte Damen und Herren, vielen Dank.") + "--A\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n--A--\r\n"
	send := func(cts ...string) (int, string) {
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(body))
		for _, ct := range cts {
			req.Header.Add("Content-Type", ct)
		}
		return h.send(t, req)
	}
	for _, cts := range [][]string{
		{"multipart/form-data; boundary=A", "multipart/form-data; boundary=B"},
		{"multipart/form-data; boundary=A", "multipart/form-data; boundary=A"},
	} {
		n := len(sent())
		code, out := send(cts...)
		if code != http.StatusBadRequest && code != http.StatusForbidden || !strings.Contains(out, "Inhaltstyp (Content-Type) mehrmals") {
			t.Errorf("%q: %d %.300s", cts, code, out)
		}
		if got := sent(); len(got) != n {
			t.Errorf("%q: the service got %.200q", cts, got[n])
		}
	}
	// One Content-Type line: B's parts stand in A's preamble, which is
	// refused too (TestMultipartPreambleBlocked); A's parts alone pass.
	if code, out := send("multipart/form-data; boundary=A"); code == http.StatusOK || !strings.Contains(out, "vor dem ersten oder nach dem letzten Teil") {
		t.Errorf("one Content-Type, B's parts before A's: %d %.300s", code, out)
	}
	body = body[strings.Index(body, "--A\r\n"):]
	if code, out := send("multipart/form-data; boundary=A"); code != http.StatusOK {
		t.Errorf("one Content-Type: %d %.300s", code, out)
	}
}

// TestPartTransferEncodingBlocked: a multipart part whose
// Content-Transfer-Encoding is not binary, 8bit or 7bit on any of its lines
// is blocked as an unknown encoding. Go's textproto reads a header's first
// line, Python's multipart parser (Starlette, FastAPI) the last, and it
// decodes base64. Before, "7bit" before "base64" passed a document with a
// name and an IBAN as its base64 letters, which the detectors do not read
// and the service decoded. A part in binary or 7bit passes as before.
func TestPartTransferEncodingBlocked(t *testing.T) {
	h, sent := newEvasionHarness(t)
	doc := base64.StdEncoding.EncodeToString([]byte("Akte Herr Jürgen Kowalski, IBAN " + testIBAN))
	upload := func(cte []string, text string) (int, string) {
		var hdr strings.Builder
		for _, c := range cte {
			hdr.WriteString("Content-Transfer-Encoding: " + c + "\r\n")
		}
		body := "--A\r\nContent-Disposition: form-data; name=\"file\"; filename=\"akte.txt\"\r\nContent-Type: text/plain\r\n" + hdr.String() + "\r\n" + text +
			"\r\n--A\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n--A--\r\n"
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(body))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=A")
		return h.send(t, req)
	}
	for _, cte := range [][]string{{"7bit", "base64"}, {"binary", "quoted-printable"}, {"base64"}} {
		n := len(sent())
		if code, out := upload(cte, doc); code == http.StatusOK || len(sent()) != n {
			t.Errorf("%q: %d %.300s", cte, code, out)
		}
	}
	for _, cte := range [][]string{{"binary"}, {"7bit", "8bit"}} {
		if code, out := upload(cte, "Sehr geehrte Damen und Herren, vielen Dank."); code != http.StatusOK {
			t.Errorf("%q: %d %.300s", cte, code, out)
		}
	}
}

// TestRequestBodyCodingsInspected: a compressed body is decoded whatever
// way its coding is written, and the service gets the inspected body
// without a Content-Encoding: a stack on one line or on two ("identity"
// and "gzip"; a service reads both lines as one list), zstd, zlib and raw
// deflate, over HTTP/2 without a Content-Length, with Expect:
// 100-continue. Before, only the first Content-Encoding line counted: with
// "identity" first, a gzip body on a route no adapter knows was scanned as
// binary, found clean and sent on with both lines, and the service
// decoded the IBAN.
func TestRequestBodyCodingsInspected(t *testing.T) {
	h, up := newBadInputHarness(t)
	chat := []byte(chatBody("Bitte überweise an IBAN " + testIBAN + ", Herr Jürgen Kowalski."))
	form := []byte("payload=" + url.QueryEscape(string(chat)))
	enc := func(codings ...string) []byte {
		b := chat
		for _, c := range codings {
			b = compress(c, b)
		}
		return b
	}
	const known, unknown = "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/unknown"
	for _, c := range []struct {
		name    string
		url     string
		ce      []string
		ct      string
		body    []byte
		h2      bool
		header  map[string]string
		blocked bool // else forwarded with the values replaced
	}{
		{name: "identity and gzip on two lines, unknown route", url: unknown, ce: []string{"identity", "gzip"}, body: enc("gzip"), blocked: true},
		{name: "an empty line and gzip, unknown route", url: unknown, ce: []string{"", "gzip"}, body: enc("gzip"), blocked: true},
		{name: "identity and gzip on two lines", url: known, ce: []string{"identity", "gzip"}, body: enc("gzip")},
		{name: "gzip and br on two lines", url: known, ce: []string{"gzip", "br"}, body: enc("gzip", "br")},
		{name: "gzip, br on one line", url: known, ce: []string{"gzip, br"}, body: enc("gzip", "br")},
		{name: "zstd", url: known, ce: []string{"zstd"}, body: enc("zstd")},
		{name: "deflate as zlib", url: known, ce: []string{"deflate"}, body: enc("zlib")},
		{name: "deflate raw", url: known, ce: []string{"deflate"}, body: enc("deflate")},
		{name: "HTTP/2 without Content-Length", url: known, ce: []string{"gzip"}, body: enc("gzip"), h2: true},
		{name: "Expect 100-continue", url: known, body: chat, header: map[string]string{"Expect": "100-continue"}},
		{name: "JSON in a form field, unknown route", url: unknown, ct: "application/x-www-form-urlencoded", body: form, blocked: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := up.count()
			// Over HTTP/2 a reader of unknown length is sent without a
			// Content-Length, in DATA frames.
			req, _ := http.NewRequest("POST", c.url, io.MultiReader(bytes.NewReader(c.body)))
			if !c.h2 {
				req.ContentLength = int64(len(c.body))
			}
			req.Header.Set("Content-Type", cmp.Or(c.ct, "application/json"))
			req.Header["Content-Encoding"] = c.ce
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			cl := h.client(h.schleuseP, c.h2)
			cl.Transport.(*http.Transport).ExpectContinueTimeout = time.Second
			resp, err := cl.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if c.h2 && resp.ProtoMajor != 2 {
				t.Fatalf("sent over %s", resp.Proto)
			}
			seen := up.since(n)
			for _, s := range seen {
				if strings.Contains(s.Body, "0532") || strings.Contains(s.Body, "Kowalski") || !c.blocked && s.Body != "" && !strings.Contains(s.Body, "[IBAN_") {
					t.Fatalf("%d: the service got %.300q", resp.StatusCode, s.Body)
				}
				if ce := s.Header.Values("Content-Encoding"); len(ce) > 0 {
					t.Errorf("forwarded with Content-Encoding %q", ce)
				}
			}
			switch {
			case c.blocked && (resp.StatusCode < 400 || len(seen) > 0):
				t.Errorf("not blocked: %d %.300s", resp.StatusCode, out)
			case !c.blocked && (resp.StatusCode != 200 || len(seen) != 1):
				t.Errorf("not forwarded: %d %.300s", resp.StatusCode, out)
			}
		})
	}
}

// TestNonUTF8BodiesInspected: a body on a route no adapter knows that is
// not UTF-8 is read as a service could read it (Python's json detects
// UTF-16 and UTF-32, a server honours charset=): UTF-16 and UTF-32 in
// either byte order, with a byte-order mark or without, and Windows-1252
// text. Before, such a body was taken for binary data: its printable UTF-8
// runs were scanned, which UTF-16 has none of ("H\x00e\x00…") and
// Windows-1252 breaks at every umlaut, so it went to the service
// uninspected; and a JSON body behind a byte-order mark or in UTF-16/32,
// whose \u escapes Python decodes, was scanned with them as they stand.
// Text without data, and binary data, still pass.
func TestNonUTF8BodiesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const akte = "Sehr geehrter Herr Jürgen Kowalski, bitte überweisen Sie an IBAN DE89 3704 0044 0532 0130 00."
	const clean = "Sehr geehrte Damen und Herren, bitte fassen Sie den Vermerk zusammen."
	utf16 := func(s string, be, bom bool) []byte {
		var b []byte
		if bom {
			s = "\ufeff" + s
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if be {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	utf32 := func(s string, be bool) []byte {
		var b []byte
		for _, r := range "\ufeff" + s {
			if be {
				b = binary.BigEndian.AppendUint32(b, uint32(r))
			} else {
				b = binary.LittleEndian.AppendUint32(b, uint32(r))
			}
		}
		return b
	}
	latin1 := func(s string) []byte {
		b, _ := charmap.Windows1252.NewEncoder().String(s)
		return []byte(b)
	}
	random := make([]byte, 64<<10)
	rand.NewChaCha8([32]byte{1}).Read(random)
	for _, c := range []struct {
		name, ct string
		body     []byte
		pass     bool
	}{
		{"UTF-16LE with BOM", "text/plain; charset=utf-16", utf16(akte, false, true), false},
		{"UTF-16LE without BOM", "text/plain; charset=utf-16le", utf16(akte, false, false), false},
		{"UTF-16BE with BOM", "text/plain; charset=utf-16", utf16(akte, true, true), false},
		{"UTF-16 JSON", "application/json; charset=utf-16", utf16(chatBody(akte), false, true), false},
		{"UTF-32LE", "application/json; charset=utf-32", utf32(chatBody(akte), false), false},
		{"UTF-32BE", "application/json; charset=utf-32", utf32(chatBody(akte), true), false},
		{"UTF-8 JSON behind a BOM, escaped", "application/json", append([]byte("\ufeff"), escapedChat(akte)...), false},
		{"UTF-16 JSON, escaped", "application/json; charset=utf-16", utf16(string(escapedChat(akte)), false, true), false},
		{"UTF-32 JSON without BOM, escaped", "application/json", utf32(string(escapedChat(akte)), true)[4:], false},
		{"Windows-1252", "text/plain; charset=windows-1252", latin1("Sehr geehrter Herr Jürgen Müller, wie geht es Ihnen nach der Sitzung?"), false},
		{"UTF-16 without data", "text/plain; charset=utf-16", utf16(clean, false, true), true},
		{"Windows-1252 without data", "text/plain; charset=windows-1252", latin1(clean + " Grüße"), true},
		{"binary", "application/octet-stream", random, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/unknown", bytes.NewReader(c.body))
			req.Header.Set("Content-Type", c.ct)
			code, out := h.send(t, req)
			got := sent()[n:]
			if c.pass {
				if code != 200 || len(got) != 1 {
					t.Errorf("not forwarded: %d %.300s", code, out)
				}
				return
			}
			if code != http.StatusForbidden || len(got) != 0 || !strings.Contains(out, "Name einer Person") {
				t.Errorf("%d %.300s; the service got %d requests", code, out, len(got))
			}
		})
	}
}

// TestGeminiWebFormFieldTwiceBlocked: a gemini.google.com StreamGenerate
// form that carries f.req twice is blocked with the notice for a field
// named twice. The adapter read the last f.req only, and the service may
// read the first (a servlet's getParameter does), so a prompt with a name
// and an IBAN in the first went out beside a clean second one, uninspected.
// One f.req passes as before.
func TestGeminiWebFormFieldTwiceBlocked(t *testing.T) {
	up := &recordingUpstream{}
	h2 := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"gemini.google.com": up}})
	u := "https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate?bl=boq_assistant-bard-web-server_20261120.08_p0&_reqid=123456&rt=c"
	post := func(body string) (int, string) {
		req, _ := http.NewRequest("POST", u, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
		resp, err := h2.client(h2.schleuseP, false).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	pii := geminiForm("Überweise an IBAN " + testIBAN + " bitte.")
	clean := geminiForm("Wie schreibe ich eine höfliche Absage?")
	for _, c := range []struct{ name, body string }{
		{"f.req twice, the first with the IBAN", pii + "&" + clean},
		{"f.req twice, escaped key", pii + "&" + strings.Replace(clean, "f.req=", "f%2Ereq=", 1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(up.bodies())
			_, out := post(c.body)
			if !strings.Contains(out, "dasselbe Feld zweimal") {
				t.Errorf("no notice: %.300s", out)
			}
			if got := up.bodies(); len(got) != n {
				t.Errorf("the service got %.300s", got[n])
			}
		})
	}
	n := len(up.bodies())
	if code, out := post(clean); code != 200 || len(up.bodies()) != n+1 {
		t.Errorf("one f.req: %d %.300s", code, out)
	}
}

// escapedChat is a chat body whose prompt is written in \u escapes only.
func escapedChat(prompt string) []byte {
	b := []byte(`{"model":"gpt-4o","messages":[{"role":"user","content":"`)
	for _, u := range utf16.Encode([]rune(prompt)) {
		b = fmt.Appendf(b, `\u%04x`, u)
	}
	return append(b, `"}]}`...)
}

// TestMultipartFileNameSpellings: the name of an uploaded file is read in
// every spelling the service may take: a plain filename beside an
// RFC 2231 filename* (Go takes filename*, Python's email and multipart
// parsers the last of the two, other servers the plain one; .NET's
// HttpClient sends both) is scanned with it, all of a header Go's mime
// does not parse (a filename twice) is, and a part that writes
// Content-Disposition or Content-Type on two lines (Python reads the last)
// is blocked. Before, the file name schleuse read was the filename* or,
// for a header it could not parse, none, and a name and IBAN in the other
// reached the service.
func TestMultipartFileNameSpellings(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const dirty = "Bescheid_Juergen_Kowalski_DE89370400440532013000.txt"
	for _, c := range []struct {
		name, head string
		pass       bool
	}{
		{"plain name after filename*", `Content-Disposition: form-data; name="file"; filename*=UTF-8''brief.txt; filename="` + dirty + `"`, false},
		{"plain name before filename*", `Content-Disposition: form-data; name="file"; filename="` + dirty + `"; filename*=UTF-8''brief.txt`, false},
		{"filename twice", `Content-Disposition: form-data; name="file"; filename="brief.txt"; filename="` + dirty + `"`, false},
		{"two Content-Disposition lines", "Content-Disposition: form-data; name=\"file\"; filename=\"brief.txt\"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + dirty + `"`, false},
		{"two Content-Type lines", "Content-Disposition: form-data; name=\"file\"; filename=\"brief.txt\"\r\nContent-Type: text/plain\r\nContent-Type: application/pdf", false},
		{"both spellings of a clean name (.NET)", `Content-Disposition: form-data; name="file"; filename=brief.txt; filename*=utf-8''brief.txt`, true},
		{"a clean name", `Content-Disposition: form-data; name="file"; filename="brief.txt"`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := "--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n--XyZ\r\n" + c.head +
				"\r\n\r\nSehr geehrte Damen und Herren, bitte fassen Sie den Vermerk zusammen.\r\n--XyZ--\r\n"
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", strings.NewReader(body))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
			code, out := h.send(t, req)
			got := sent()[n:]
			if c.pass != (code == 200 && len(got) == 1) {
				t.Errorf("%d %.300s; the service got %d requests", code, out, len(got))
			}
		})
	}
}

// TestURLLikeTextInspected: a string that starts like a URL but holds
// white space of any kind (a tab, a no-break space) is text, not an
// address, and is scanned where the adapter does not read it; before, only
// a blank or a line break made it text, so "https://…" followed by a name
// and an IBAN spaced with tabs or no-break spaces reached the service
// unscanned.
func TestURLLikeTextInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, sep := range []string{"\t", "\u00a0", "\u202f", "\u2003"} {
		text := strings.ReplaceAll("https://akte.example/ Herr Jürgen Kowalski, IBAN "+testIBAN, " ", sep)
		q, _ := json.Marshal(text)
		n := len(sent())
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Fasse zusammen."}],"quelle":`+string(q)+`}`)
		for _, s := range sent()[n:] {
			// (A name split by a tab is two cells of a table to the
			// detectors: only its given name is found there.)
			if strings.Contains(s, "0130") || sep != "\t" && strings.Contains(s, "Kowalski") {
				t.Errorf("%q: %d, the service got %.300s", sep, code, s)
			}
		}
		if code != 200 && code != 400 {
			t.Errorf("%q: %d %.300s", sep, code, out)
		}
	}
	// An address stays an address.
	if code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
		`{"model":"gpt-4o","messages":[{"role":"user","content":"Fasse zusammen."}],"quelle":"https://akte.example/Kowalski_DE89370400440532013000"}`); code != 200 {
		t.Errorf("address: %d %.300s", code, out)
	}
}

// TestBOMJSONOnAdapterRoute: a JSON body behind a UTF-8 byte-order mark (a
// file saved by Windows PowerShell 5.1 or Notepad, sent with curl -d @file)
// is read by the adapter as the service reads it, without the mark, and
// forwarded without it, redacted as any other. Before,
// the adapter's parser refused it and the request was blocked as
// malformed, although Python services accept it.
func TestBOMJSONOnAdapterRoute(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const chat = "https://api.openai.com/v1/chat/completions"
	for _, c := range []struct {
		name, body, want string
	}{
		{"clean", "\ufeff" + chatBody("Fasse den Vermerk zusammen."), "Fasse den Vermerk zusammen."},
		{"redacted", "\ufeff\r\n" + chatBody("Bitte überweise an IBAN "+testIBAN+", Herr Jürgen Kowalski."), "[IBAN_1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, chat, c.body)
			got := sent()
			if code != http.StatusOK || len(got) != n+1 {
				t.Fatalf("%d %.300s", code, out)
			}
			if fwd := got[n]; strings.HasPrefix(strings.TrimSpace(fwd), "\ufeff") || !strings.Contains(fwd, c.want) || strings.Contains(fwd, testIBAN) || strings.Contains(fwd, "Kowalski") {
				t.Errorf("the service got %.300q", fwd)
			}
		})
	}
	// Not JSON behind the mark on a route with an adapter: malformed, as before.
	if code, out := postJSON(t, h, chat, "\ufeffmodel=gpt-4o"); code == http.StatusOK {
		t.Errorf("a BOM before a form body: %d %.200s", code, out)
	}
}
