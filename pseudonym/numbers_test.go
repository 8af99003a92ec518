package pseudonym

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
)

// numberMapping issues a tax ID that stood for a JSON number in the request
// (marked), a telephone number that stood in a text (not marked) and a
// name, a postal address on two lines and a password with a quote and a
// backslash (escaped twice in arguments held in a string).
func numberMapping() *Mapping {
	m := NewMapping()
	m.Replace("pseudonym", "DE_TAX_ID", "86095742719")
	m.Replace("pseudonym", "PHONE", "0301234567")
	m.Replace("pseudonym", "PERSON", "Jürgen Kowalski")
	m.Replace("pseudonym", "POSTAL_ADDRESS", "Am Markt 1\n53111 Bonn")
	m.Replace("pseudonym", "PASSWORD", `pa"ss\wort`)
	m.MarkNumber("[DE_TAX_ID_1]")
	m.MarkNumber("[PERSON_1]") // not an integer: ignored
	m.MarkNumber("[IBAN_1]")   // not issued: ignored
	return m
}

// toolArgs are a tool call's arguments as the model writes them, with the
// placeholders it read in the request, and what the client's tool must get.
const toolArgs = `{"steuer_id": "[DE_TAX_ID_1]", "ids": ["[DE_TAX_ID_1]", 7], "telefon": "[PHONE_1]", "name": "[PERSON_1]",` +
	` "anschrift": "[POSTAL_ADDRESS_1]", "kennwort": "[PASSWORD_1]",` +
	` "notiz": "ID \"[DE_TAX_ID_1]\" [DE_TAX_ID_1]", "[DE_TAX_ID_1]": "[DE_TAX_ID_1]", "tief": {"x": "[DE_TAX_ID_1]"}}`

const wantArgs = `{"steuer_id": 86095742719, "ids": [86095742719, 7], "telefon": "0301234567", "name": "Jürgen Kowalski",` +
	` "anschrift": "Am Markt 1\n53111 Bonn", "kennwort": "pa\"ss\\wort",` +
	` "notiz": "ID \"86095742719\" 86095742719", "86095742719": 86095742719, "tief": {"x": 86095742719}}`

// checkArgs compares arguments the client got with want as JSON values,
// numbers as numbers (a string of digits is not equal to the number).
func checkArgs(t *testing.T, where, got, want string) {
	t.Helper()
	norm := func(s string) (string, error) {
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return "", err
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	g, err := norm(got)
	if err != nil {
		t.Fatalf("%s: the client's arguments are no JSON: %v: %s", where, err, got)
	}
	w, _ := norm(want)
	if g != w {
		t.Errorf("%s: the tool gets\n%s\nwant\n%s", where, g, w)
	}
}

// numberAnswer is one provider's answer holding a tool call with toolArgs
// and a text with a placeholder alone in it, and how its client reads the
// arguments and the text back.
type numberAnswer struct {
	name   string
	format Format
	build  func(args []string) string // args: the arguments in pieces (joined for whole answers)
	read   func(t *testing.T, body string) (args, text string)
}

var numberAnswers = []numberAnswer{
	{
		name: "openai chat", format: Format{Kind: "json"},
		build: func(args []string) string {
			return `{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"[DE_TAX_ID_1]","tool_calls":[` +
				`{"id":"call_1","type":"function","function":{"name":"buchen","arguments":` + jsonStr(strings.Join(args, "")) + `}}]},"finish_reason":"tool_calls"}]}`
		},
		read: func(t *testing.T, body string) (string, string) {
			var c struct {
				Choices []struct {
					Message struct {
						Content   string
						ToolCalls []struct{ Function struct{ Arguments string } } `json:"tool_calls"`
					}
				}
			}
			decode(t, body, &c)
			return c.Choices[0].Message.ToolCalls[0].Function.Arguments, c.Choices[0].Message.Content
		},
	},
	{
		name: "openai chat sse", format: Format{Kind: "sse"},
		build: func(args []string) string {
			var b strings.Builder
			b.WriteString(`data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"[DE_TAX_ID_1]"}}]}` + "\n\n")
			b.WriteString(`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"buchen","arguments":""}}]}}]}` + "\n\n")
			for _, a := range args {
				fmt.Fprintf(&b, `data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":%s}}]}}]}`+"\n\n", jsonStr(a))
			}
			b.WriteString(`data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}` + "\n\ndata: [DONE]\n\n")
			return b.String()
		},
		read: func(t *testing.T, body string) (string, string) {
			var args, text strings.Builder
			for _, ev := range parseSSE(t, body) {
				if ev.data == "[DONE]" {
					continue
				}
				var c struct {
					Choices []struct {
						Delta struct {
							Content   string
							ToolCalls []struct{ Function struct{ Arguments string } } `json:"tool_calls"`
						}
					}
				}
				decode(t, ev.data, &c)
				text.WriteString(c.Choices[0].Delta.Content)
				for _, tc := range c.Choices[0].Delta.ToolCalls {
					args.WriteString(tc.Function.Arguments)
				}
			}
			return args.String(), text.String()
		},
	},
	{
		name: "openai responses sse", format: Format{Kind: "sse"},
		build: func(args []string) string {
			all := jsonStr(strings.Join(args, ""))
			var b strings.Builder
			b.WriteString("event: response.output_text.delta\n" + `data: {"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"delta":"[DE_TAX_ID_1]"}` + "\n\n")
			b.WriteString("event: response.output_item.added\n" + `data: {"type":"response.output_item.added","output_index":1,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"buchen","arguments":""}}` + "\n\n")
			for _, a := range args {
				fmt.Fprintf(&b, "event: response.function_call_arguments.delta\n"+`data: {"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":1,"delta":%s}`+"\n\n", jsonStr(a))
			}
			b.WriteString("event: response.function_call_arguments.done\n" + `data: {"type":"response.function_call_arguments.done","item_id":"fc_1","output_index":1,"arguments":` + all + `}` + "\n\n")
			b.WriteString("event: response.output_item.done\n" + `data: {"type":"response.output_item.done","output_index":1,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"buchen","arguments":` + all + `}}` + "\n\n")
			b.WriteString("event: response.completed\n" + `data: {"type":"response.completed","response":{"id":"resp_1","output":[{"type":"function_call","id":"fc_1","name":"buchen","arguments":` + all + `}]}}` + "\n\n")
			return b.String()
		},
		read: func(t *testing.T, body string) (string, string) {
			var deltas, text strings.Builder
			var whole []string
			for _, ev := range parseSSE(t, body) {
				var e struct {
					Type, Delta, Arguments string
					Item                   struct{ Arguments string }
					Response               struct{ Output []struct{ Arguments string } }
				}
				decode(t, ev.data, &e)
				switch e.Type {
				case "response.output_text.delta":
					text.WriteString(e.Delta)
				case "response.function_call_arguments.delta":
					deltas.WriteString(e.Delta)
				case "response.function_call_arguments.done":
					whole = append(whole, e.Arguments)
				case "response.output_item.done":
					whole = append(whole, e.Item.Arguments)
				case "response.completed":
					whole = append(whole, e.Response.Output[0].Arguments)
				}
			}
			for _, w := range whole {
				checkArgs(t, "a whole arguments string", w, wantArgs)
			}
			return deltas.String(), text.String()
		},
	},
	{
		name: "anthropic", format: Format{Kind: "json"},
		build: func(args []string) string {
			return `{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"[DE_TAX_ID_1]"},` +
				`{"type":"tool_use","id":"toolu_1","name":"buchen","input":` + strings.Join(args, "") + `}],"stop_reason":"tool_use"}`
		},
		read: func(t *testing.T, body string) (string, string) {
			var msg struct {
				Content []struct {
					Text  string
					Input json.RawMessage
				}
			}
			decode(t, body, &msg)
			return string(msg.Content[1].Input), msg.Content[0].Text
		},
	},
	{
		name: "anthropic sse", format: Format{Kind: "sse"},
		build: func(args []string) string {
			var b strings.Builder
			b.WriteString("event: content_block_start\n" + `data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}` + "\n\n")
			b.WriteString("event: content_block_delta\n" + `data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"[DE_TAX_ID_1]"}}` + "\n\n")
			b.WriteString("event: content_block_stop\n" + `data: {"type":"content_block_stop","index":0}` + "\n\n")
			b.WriteString("event: content_block_start\n" + `data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"buchen","input":{}}}` + "\n\n")
			for i, a := range args {
				fmt.Fprintf(&b, "event: content_block_delta\n"+`data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":%s}}`+"\n\n", jsonStr(a))
				if i == 0 {
					b.WriteString("event: ping\n" + `data: {"type": "ping"}` + "\n\n")
				}
			}
			b.WriteString("event: content_block_stop\n" + `data: {"type":"content_block_stop","index":1}` + "\n\n")
			b.WriteString("event: message_stop\n" + `data: {"type":"message_stop"}` + "\n\n")
			return b.String()
		},
		read: func(t *testing.T, body string) (string, string) {
			var args, text strings.Builder
			for _, ev := range parseSSE(t, body) {
				var e struct {
					Type  string
					Delta struct {
						Text        string
						PartialJSON string `json:"partial_json"`
					}
				}
				decode(t, ev.data, &e)
				text.WriteString(e.Delta.Text)
				args.WriteString(e.Delta.PartialJSON)
			}
			return args.String(), text.String()
		},
	},
	{
		name: "gemini", format: Format{Kind: "json"},
		build: func(args []string) string {
			return `{"candidates":[{"content":{"role":"model","parts":[{"text":"[DE_TAX_ID_1]"},{"functionCall":{"name":"buchen","args":` + strings.Join(args, "") + `}}]}}]}`
		},
		read: geminiRead,
	},
	{
		name: "gemini sse", format: Format{Kind: "sse"},
		build: func(args []string) string {
			return `data: {"candidates":[{"content":{"role":"model","parts":[{"text":"[DE_TAX_ID_1]"}]}}]}` + "\r\n\r\n" +
				`data: {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"buchen","args":` + strings.Join(args, "") + `}}]},"finishReason":"STOP"}]}` + "\r\n\r\n"
		},
		read: func(t *testing.T, body string) (string, string) {
			var args, text string
			for _, ev := range parseSSE(t, body) {
				a, x := geminiRead(t, ev.data)
				args, text = args+a, text+x
			}
			return args, text
		},
	},
	{
		// Google's Code Assist API: the Gemini answer inside {"response": …}
		name: "gemini code assist sse", format: Format{Kind: "sse"},
		build: func(args []string) string {
			return `data: {"response":{"candidates":[{"content":{"role":"model","parts":[{"text":"[DE_TAX_ID_1]"}]}}]},"traceId":"4f2a"}` + "\r\n\r\n" +
				`data: {"response":{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"buchen","args":` + strings.Join(args, "") + `}}]},"finishReason":"STOP"}]},"traceId":"4f2a"}` + "\r\n\r\n"
		},
		read: func(t *testing.T, body string) (string, string) {
			var args, text string
			for _, ev := range parseSSE(t, body) {
				var w struct{ Response json.RawMessage }
				decode(t, ev.data, &w)
				a, x := geminiRead(t, string(w.Response))
				args, text = args+a, text+x
			}
			return args, text
		},
	},
	{
		name: "gemini json array", format: Format{Kind: "json"},
		build: func(args []string) string {
			return `[{"candidates":[{"content":{"role":"model","parts":[{"text":"[DE_TAX_ID_1]"}]}}]}` + ",\r\n" +
				`{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"buchen","args":` + strings.Join(args, "") + `}}]}}]}]`
		},
		read: func(t *testing.T, body string) (string, string) {
			var arr []json.RawMessage
			decode(t, body, &arr)
			_, text := geminiRead(t, string(arr[0]))
			args, _ := geminiRead(t, string(arr[1]))
			return args, text
		},
	},
}

func geminiRead(t *testing.T, body string) (string, string) {
	var r struct {
		Candidates []struct {
			Content struct {
				Parts []struct {
					Text         string
					FunctionCall *struct{ Args json.RawMessage }
				}
			}
		}
	}
	decode(t, body, &r)
	var args, text string
	for _, p := range r.Candidates[0].Content.Parts {
		text += p.Text
		if p.FunctionCall != nil {
			args += string(p.FunctionCall.Args)
		}
	}
	return args, text
}

// TestToolCallNumbers: a placeholder that stood for a JSON number comes
// back as that number where a tool call's arguments hold it as a string
// value, for every provider's answer, streamed and not, with the arguments
// streamed in pieces cut anywhere; elsewhere (in the text, inside a longer
// string) it comes back as text, and a placeholder that stood in a text
// stays a string. Before, the tool got "86095742719", a string where its
// schema says integer; streamed arguments cut inside a placeholder were not
// restored at all.
func TestToolCallNumbers(t *testing.T) {
	m := numberMapping()
	for _, a := range numberAnswers {
		t.Run(a.name, func(t *testing.T) {
			var splits [][]string
			splits = append(splits, []string{toolArgs})
			if a.format.Kind == "sse" && a.name != "gemini sse" {
				for i := 1; i < len(toolArgs); i += cutStep {
					splits = append(splits, []string{toolArgs[:i], toolArgs[i:]})
				}
				var each []string
				for _, r := range toolArgs {
					each = append(each, string(r))
				}
				splits = append(splits, each)
			}
			for _, args := range splits {
				body := a.build(args)
				for _, cuts := range [][]int{nil, runeCuts(body)} {
					out := restoreAll(t, m, a.format, &chunkReader{data: []byte(body), cuts: cuts})
					got, text := a.read(t, out)
					checkArgs(t, fmt.Sprintf("%q", args), got, wantArgs)
					if text != "86095742719" {
						t.Errorf("%q: the text reads %q", args, text)
					}
					if a.format.Whole() {
						whole, _ := m.AppendRestoredBody(nil, []byte(body), a.format)
						if string(whole) != out {
							t.Errorf("AppendRestoredBody differs from the restorer:\n%s\n%s", whole, out)
						}
					}
				}
				if t.Failed() {
					return
				}
			}
		})
	}
}

// TestToolCallNumbersOnlyMarked: without a placeholder marked as a number
// the arguments come back as strings, as before, and a marked one in a
// text that merely looks like arguments stays text.
func TestToolCallNumbersOnlyMarked(t *testing.T) {
	m := NewMapping()
	m.Replace("pseudonym", "DE_TAX_ID", "86095742719")
	body := `{"choices":[{"message":{"content":"{\"steuer_id\": \"[DE_TAX_ID_1]\"}","tool_calls":[{"function":{"arguments":"{\"steuer_id\": \"[DE_TAX_ID_1]\"}"}}]}}]}`
	want := `{"choices":[{"message":{"content":"{\"steuer_id\": \"86095742719\"}","tool_calls":[{"function":{"arguments":"{\"steuer_id\": \"86095742719\"}"}}]}}]}`
	if got := restoreAll(t, m, Format{Kind: "json"}, strings.NewReader(body)); got != want {
		t.Errorf("not marked:\n%s\nwant\n%s", got, want)
	}
	m.MarkNumber("[DE_TAX_ID_1]")
	want = `{"choices":[{"message":{"content":"{\"steuer_id\": \"86095742719\"}","tool_calls":[{"function":{"arguments":"{\"steuer_id\": 86095742719}"}}]}}]}`
	if got := restoreAll(t, m, Format{Kind: "json"}, strings.NewReader(body)); got != want {
		t.Errorf("marked:\n%s\nwant\n%s", got, want)
	}
	// A Subset keeps the mark.
	s := m.Subset([]string{"[DE_TAX_ID_1]"})
	if got := restoreAll(t, s, Format{Kind: "json"}, strings.NewReader(body)); got != want {
		t.Errorf("subset:\n%s\nwant\n%s", got, want)
	}
	// Arguments written with line breaks and tabs, and with quotes of
	// the arguments as \u0022, are followed as JSON all the same: a
	// placeholder between two quotes written so is a number too (before,
	// it stayed a string), but not as a key, nor between quotes of the
	// arguments' own string (\\u0022 in the answer).
	for in, want := range map[string]string{
		`{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\"id\": \u0022[DE_TAX_ID_1]\"}"}}]}}]}`:                                                `{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\"id\": 86095742719}"}}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"[\"[DE_TAX_ID_1]\u0022]"}}]}}]}`:                                                        `{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"[86095742719]"}}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\u0022[DE_TAX_ID_1]\u0022: 1}"}}]}}]}`:                                                 `{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\u002286095742719\u0022: 1}"}}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\"n\": \"ID \\u0022[DE_TAX_ID_1]\\u0022\"}"}}]}}]}`:                                    `{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\"n\": \"ID \\u002286095742719\\u0022\"}"}}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\"n\": \u0022[DE_TAX_ID_1]\u0021}"}}]}}]}`:                                             `{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\"n\": \u002286095742719\u0021}"}}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\n  \"steuer_id\":\t\"[DE_TAX_ID_1]\",\n  \"l\": [\r\n\"[DE_TAX_ID_1]\"\n]\n}"}}]}}]}`: `{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\n  \"steuer_id\":\t86095742719,\n  \"l\": [\r\n86095742719\n]\n}"}}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\u0022id\u0022: \"[DE_TAX_ID_1]\"}"}}]}}]}`:                                            `{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\u0022id\u0022: 86095742719}"}}]}}]}`,
		`{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\u0022id\u0022: \u0022[DE_TAX_ID_1]\u0022}"}}]}}]}`:                                    `{"choices":[{"message":{"tool_calls":[{"function":{"arguments":"{\u0022id\u0022: 86095742719}"}}]}}]}`,
	} {
		if got := restoreAll(t, m, Format{Kind: "json"}, strings.NewReader(in)); got != want {
			t.Errorf("%s:\n%s\nwant\n%s", in, got, want)
		}
	}
}

// TestToolCallNumbersLongBody: a JSON body longer than maxWholeJSON is
// restored as it streams, completely, and the strings of "arguments"
// (OpenAI chat, the Responses API) are still followed as arguments: their
// values escaped twice, so that the client's arguments stay JSON, and a
// marked number the number, also with the body read in small chunks cut
// anywhere. Numbers in argument objects (Claude, Gemini) stay text there.
// Before, the arguments were restored as text: a postal address on two
// lines or a password with a quote made them no JSON.
func TestToolCallNumbersLongBody(t *testing.T) {
	m := numberMapping()
	long := strings.Repeat("Akte [PERSON_1]. ", maxWholeJSON/16)
	for _, c := range []struct{ name, body string }{
		{"openai chat", `{"choices":[{"message":{"content":` + jsonStr(long) + `,"tool_calls":[{"function":{"arguments":` + jsonStr(toolArgs) + `}}]}}]}`},
		{"openai chat, arguments first", `{"choices":[{"message":{"tool_calls":[{"function":{"name":"arguments","arguments":` + jsonStr(toolArgs) + `}}],"content":` + jsonStr(long) + `}}],"arguments":"x"}`},
		{"responses", `{"output":[{"type":"message","content":[{"type":"output_text","text":` + jsonStr(long) + `}]},{"type":"function_call","arguments" : ` + jsonStr(toolArgs) + `}]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var cuts []int
			for i := 1; i < len(c.body); {
				cuts = append(cuts, i)
				if i < 2000 || i > len(c.body)-2000 {
					i += 1 + i%5 // cut anywhere in the arguments at either end
				} else {
					i += 4093
				}
			}
			for _, r := range []io.Reader{strings.NewReader(c.body), &chunkReader{data: []byte(c.body), cuts: cuts}} {
				out := restoreAll(t, m, Format{Kind: "json"}, r)
				if strings.Contains(out, "[PERSON_1]") || !json.Valid([]byte(out)) {
					t.Fatalf("long body: %d bytes, %q", len(out), out[len(out)-80:])
				}
				var doc struct {
					Choices []struct {
						Message struct {
							ToolCalls []struct{ Function struct{ Arguments string } } `json:"tool_calls"`
						}
					}
					Output []struct{ Arguments string }
				}
				decode(t, out, &doc)
				args := ""
				if len(doc.Choices) > 0 {
					args = doc.Choices[0].Message.ToolCalls[0].Function.Arguments
				} else {
					args = doc.Output[1].Arguments
				}
				checkArgs(t, c.name, args, wantArgs)
			}
		})
	}
}

// FuzzAppendArgs: whatever the arguments and wherever they are cut,
// appendArgs over the pieces gives what it gives over the whole, consumes
// every byte once with final set, and keeps valid arguments valid JSON.
func FuzzAppendArgs(f *testing.F) {
	f.Add(toolArgs, uint16(20), uint16(40))
	f.Add(`{"a": ["[DE_TAX_ID_1]", {"b": "[DE_TAX_ID_1]"}], "[DE_TAX_ID_1]": 1}`, uint16(8), uint16(9))
	f.Add(`["[DE_TAX_ID_1]", "x\\"]`, uint16(3), uint16(17))
	m := numberMapping()
	f.Fuzz(func(t *testing.T, args string, c1, c2 uint16) {
		raw := []byte(jsonStr(args))
		raw = raw[1 : len(raw)-1] // the content of the string
		m.mu.RLock()
		defer m.mu.RUnlock()
		var st argState
		ls := linkState{json: true}
		want, n := m.appendArgs(nil, raw, &st, &ls, true)
		if n != len(raw) {
			t.Fatalf("consumed %d of %d", n, len(raw))
		}
		// In pieces, holding back what appendArgs does not consume.
		a, b := int(c1)%(len(raw)+1), int(c2)%(len(raw)+1)
		if a > b {
			a, b = b, a
		}
		var got, held []byte
		st, ls = argState{}, linkState{json: true}
		for _, piece := range [][]byte{raw[:a], raw[a:b], raw[b:]} {
			text := append(held, piece...)
			var k int
			got, k = m.appendArgs(got, text[:m.holdStart(text, true)], &st, &ls, false)
			held = append([]byte(nil), text[k:]...)
		}
		got, _ = m.appendArgs(got, held, &st, &ls, true)
		if !bytes.Equal(got, want) {
			t.Fatalf("in pieces %q, whole %q", got, want)
		}
		if json.Valid([]byte(args)) {
			var s string
			if err := json.Unmarshal([]byte(`"`+string(want)+`"`), &s); err != nil || !json.Valid([]byte(s)) {
				t.Fatalf("%q became %q", args, want)
			}
		}
	})
}

// TestToolCallArgsTooManyStreams: when maxHolds streams already hold text
// back (a service that opens ever new paths ending in "["), a tool call's
// arguments streamed as JSON text in a string are restored like any other
// value, but still escaped twice: the client's arguments stay JSON, for
// every provider whose arguments stream so (OpenAI chat, the Responses
// API, Claude), whole and in pieces. Before, they were escaped once, and a
// postal address on two lines or a password with a quote made them no JSON.
// A placeholder marked as a number stays a string there (where the
// arguments stand is not known).
func TestToolCallArgsTooManyStreams(t *testing.T) {
	m := numberMapping()
	// maxHolds ChatGPT web patches on paths of their own, each ending in "[".
	var pre strings.Builder
	for i := range maxHolds {
		fmt.Fprintf(&pre, `data: {"p":"/message/content/parts/%d","o":"append","v":"x ["}`+"\n\n", i)
	}
	args := `{"anschrift": "[POSTAL_ADDRESS_1]", "kennwort": "[PASSWORD_1]", "name": "[PERSON_1]", "steuer_id": "[DE_TAX_ID_1]"}`
	for _, p := range []struct {
		name, event string
		read        func(t *testing.T, data string) string
	}{
		{"openai chat", `{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":%s}}]}}]}`, func(t *testing.T, data string) string {
			var c struct {
				Choices []struct {
					Delta struct {
						ToolCalls []struct{ Function struct{ Arguments string } } `json:"tool_calls"`
					}
				}
			}
			decode(t, data, &c)
			return c.Choices[0].Delta.ToolCalls[0].Function.Arguments
		}},
		{"openai responses", `{"type":"response.function_call_arguments.delta","item_id":"fc_1","output_index":1,"delta":%s}`, func(t *testing.T, data string) string {
			var e struct{ Delta string }
			decode(t, data, &e)
			return e.Delta
		}},
		{"anthropic", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":%s}}`, func(t *testing.T, data string) string {
			var e struct {
				Delta struct {
					PartialJSON string `json:"partial_json"`
				}
			}
			decode(t, data, &e)
			return e.Delta.PartialJSON
		}},
	} {
		t.Run(p.name, func(t *testing.T) {
			for _, pieces := range [][]string{{args}, {args[:40], args[40:]}, {args[:15], args[15:60], args[60:]}} {
				var b strings.Builder
				b.WriteString(pre.String())
				for _, a := range pieces {
					fmt.Fprintf(&b, "data: "+p.event+"\n\n", jsonStr(a))
				}
				b.WriteString("data: [DONE]\n\n")
				r := NewRestorer(m, Format{Kind: "sse"}, io.NopCloser(strings.NewReader(b.String())))
				out, err := io.ReadAll(r)
				if err != nil {
					t.Fatal(err)
				}
				var got strings.Builder
				for _, ev := range parseSSE(t, string(out)) {
					if ev.data != "[DONE]" && !strings.HasPrefix(ev.data, `{"p":`) {
						got.WriteString(p.read(t, ev.data))
					}
				}
				var v map[string]any
				if err := json.Unmarshal([]byte(got.String()), &v); err != nil {
					t.Fatalf("%q: the client's arguments are no JSON: %v: %s", pieces, err, got.String())
				}
				if v["anschrift"] != "Am Markt 1\n53111 Bonn" || v["kennwort"] != `pa"ss\wort` || v["name"] != "Jürgen Kowalski" {
					t.Errorf("%q: the tool gets %q", pieces, v)
				}
			}
		})
	}
}

// TestAppendArgsEscapedQuotesInPieces: arguments whose quotes are written
// \u0022 give the same restored text however they are cut into pieces
// (an opening or closing \u0022 cut within is held back until it is
// whole), and a marked placeholder between such quotes becomes the number.
func TestAppendArgsEscapedQuotesInPieces(t *testing.T) {
	m := numberMapping()
	raw := []byte(`{\u0022a\u0022: \u0022[DE_TAX_ID_1]\u0022, \"b\": [\u0022[DE_TAX_ID_1]\", \"[PERSON_1]\u0022], \u0022c\u0022: \u0022[POSTAL_ADDRESS_1]\u0022}`)
	m.mu.RLock()
	defer m.mu.RUnlock()
	var st argState
	ls := linkState{json: true}
	want, _ := m.appendArgs(nil, raw, &st, &ls, true)
	var s string
	if err := json.Unmarshal([]byte(`"`+string(want)+`"`), &s); err != nil {
		t.Fatal(err)
	}
	checkArgs(t, "whole", s, `{"a": 86095742719, "b": [86095742719, "Jürgen Kowalski"], "c": "Am Markt 1\n53111 Bonn"}`)
	for a := 0; a <= len(raw); a++ {
		for b := a; b <= len(raw); b++ {
			var got, held []byte
			st, ls = argState{}, linkState{json: true}
			for _, piece := range [][]byte{raw[:a], raw[a:b], raw[b:]} {
				text := append(held, piece...)
				var k int
				got, k = m.appendArgs(got, text[:m.holdStart(text, true)], &st, &ls, false)
				held = append([]byte(nil), text[k:]...)
			}
			got, _ = m.appendArgs(got, held, &st, &ls, true)
			if !bytes.Equal(got, want) {
				t.Fatalf("cut at %d and %d: %s, whole %s", a, b, got, want)
			}
		}
	}
}

// FuzzRestoreChunkJSON: a JSON body restored as it streams with the
// strings of "arguments" followed (as after a piece longer than
// maxWholeJSON) gives the same output however it is cut into chunks, and
// valid JSON stays valid.
func FuzzRestoreChunkJSON(f *testing.F) {
	f.Add(`{"choices":[{"message":{"content":"[PERSON_1]","tool_calls":[{"function":{"arguments":`+jsonStr(toolArgs)+`}}]}}]}`, uint64(7))
	f.Add(`{"arguments" : "{\"a\": \"[POSTAL_ADDRESS_1]\"}", "b": ["arguments", {"arguments": 1}], "x\"arguments": "[PASSWORD_1]"}`, uint64(3))
	f.Add(`[{"arguments":"\\\"[DE_TAX_ID_1]\\\""},{"arguments":"[\"[DE_TAX_ID_1]\"]"}]`, uint64(11))
	m := numberMapping()
	read := func(t *testing.T, r io.Reader) string {
		nr := NewRestorer(m, Format{Kind: "json"}, io.NopCloser(r)).(*restorer)
		nr.whole, nr.args = false, new(argsTracker)
		out, err := io.ReadAll(nr)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	f.Fuzz(func(t *testing.T, body string, seed uint64) {
		var cuts []int
		s := seed | 1
		for pos := 0; pos < len(body); {
			s ^= s << 13
			s ^= s >> 7
			s ^= s << 17
			pos += 1 + int(s%11)
			cuts = append(cuts, pos)
		}
		whole := read(t, strings.NewReader(body))
		if got := read(t, &chunkReader{data: []byte(body), cuts: cuts}); got != whole {
			t.Fatalf("chunked %q, whole %q", got, whole)
		}
		if json.Valid([]byte(body)) && !json.Valid([]byte(whole)) {
			t.Fatalf("valid JSON became %q", whole)
		}
	})
}
