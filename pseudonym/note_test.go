package pseudonym

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// testNote is a note as the proxy writes it: a quote and line breaks,
// which the JSON string it goes in must carry escaped.
const testNote = "ℹ️ schleuse: 1 × „Name“ ersetzt (Vorgang r1)\n\n"

var testNoteJSON = jsonStr(testNote)[1 : len(jsonStr(testNote))-1]

// TestNoteDeltaStream: the note goes once, before the first non-empty
// piece of the answer's text, not on the thinking text before it, and a
// placeholder split across the pieces after it is still restored.
func TestNoteDeltaStream(t *testing.T) {
	m := testMapping()
	in := "data: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hm [PER\"}}\n\n" +
		"data: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"\"}}\n\n" +
		"data: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hallo [PER\"}}\n\n" +
		"data: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"SON_1], gut.\"}}\n\n"
	out := restoreAll(t, m, Format{Kind: "sse", Text: "delta.text", Note: testNote}, strings.NewReader(in))
	if n := strings.Count(out, testNoteJSON); n != 1 {
		t.Fatalf("note %d times, want 1:\n%s", n, out)
	}
	if !strings.Contains(out, `"text":"`+testNoteJSON+`Hallo "}`) {
		t.Errorf("note not before the first piece of the answer:\n%s", out)
	}
	if v := jsonStr(`Herr "Yılmaz" \ O'Neil`); !strings.Contains(out, v[1:len(v)-1]+", gut.") || strings.Contains(out, "SON_1]") {
		t.Errorf("placeholder split across pieces not restored:\n%s", out)
	}
	if strings.Contains(out, `"thinking":"`+testNoteJSON) {
		t.Errorf("note on the thinking text:\n%s", out)
	}
	// Without a note, the same stream as before.
	plain := restoreAll(t, m, Format{Kind: "sse", Text: "delta.text"}, strings.NewReader(in))
	if strings.Replace(out, testNoteJSON, "", 1) != plain {
		t.Errorf("the note changed more than its place:\n%s\n%s", out, plain)
	}
}

// TestNoteDeltaBy: of two texts on one key, the note goes on the one the
// DeltaBy value names (chat-ui's "stream", not "reasoning").
func TestNoteDeltaBy(t *testing.T) {
	m := testMapping()
	in := `{"type":"stream","token":"Denke","reasoning":true}` + "\n" +
		`{"type":"reasoning","token":"Denke"}` + "\n" +
		`{"type":"stream","token":"[IBAN_1] ok"}` + "\n" +
		`{"type":"stream","token":" weiter"}` + "\n"
	out := restoreAll(t, m, Format{Kind: "ndjson", Delta: "token", DeltaBy: "type", Text: `token="stream"`, Note: testNote}, strings.NewReader(in))
	if n := strings.Count(out, testNoteJSON); n != 1 || !strings.HasPrefix(out, `{"type":"stream","token":"`+testNoteJSON+`Denke","reasoning":true}`) {
		t.Fatalf("note %d times or not on the answer's first piece:\n%s", n, out)
	}
	if !strings.Contains(out, "DE89 3704 0044 0532 0130 00 ok") {
		t.Errorf("not restored:\n%s", out)
	}
}

// TestNoteCumulative: each event repeats the whole text, so each text
// starts with the note; an empty one stays empty.
func TestNoteCumulative(t *testing.T) {
	m := testMapping()
	in := "data: {\"answer\":\"\"}\n\n" +
		"data: {\"answer\":\"Hallo [IBAN_1]\",\"x\":\"y\"}\n\n" +
		"data: {\"answer\":\"Hallo [IBAN_1] fertig\"}\n\n"
	out := restoreAll(t, m, Format{Kind: "sse", Cumulative: true, Text: "answer", Note: testNote}, strings.NewReader(in))
	want := "data: {\"answer\":\"\"}\n\n" +
		"data: {\"answer\":\"" + testNoteJSON + "Hallo DE89 3704 0044 0532 0130 00\",\"x\":\"y\"}\n\n" +
		"data: {\"answer\":\"" + testNoteJSON + "Hallo DE89 3704 0044 0532 0130 00 fertig\"}\n\n"
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
}

// TestNoteLines: Le Chat's "0:" lines, the note before the first text.
func TestNoteLines(t *testing.T) {
	m := testMapping()
	in := "f:{\"messageId\":\"a\"}\n0:\"\"\n0:\"[IBAN\"\n0:\"_1] da\"\n"
	out := restoreAll(t, m, Format{Kind: "lines", Text: "lines:0", Note: testNote}, strings.NewReader(in))
	want := "f:{\"messageId\":\"a\"}\n0:\"\"\n0:\"" + testNoteJSON + "\"\n0:\"DE89 3704 0044 0532 0130 00 da\"\n"
	if out != want {
		t.Fatalf("got\n%q\nwant\n%q", out, want)
	}
}

// TestNoteJSON: a whole JSON answer gets the note in its first text, and
// without a Text path, or in another kind, none.
func TestNoteJSON(t *testing.T) {
	m := testMapping()
	body := []byte(`{"choices":[{"message":{"role":"assistant","content":"IBAN [IBAN_1]"}}]}`)
	f := Format{Kind: "json", Text: "choices.#.message.content", Note: testNote}
	out, ok := m.AppendRestoredBody(nil, body, f)
	want := `{"choices":[{"message":{"role":"assistant","content":"` + testNoteJSON + `IBAN DE89 3704 0044 0532 0130 00"}}]}`
	if !ok || string(out) != want {
		t.Fatalf("got %s, want %s", out, want)
	}
	for _, f := range []Format{{Kind: "json", Note: testNote}, {Kind: "text", Text: "choices.#.message.content", Note: testNote}, {Kind: "json", Text: "content", Note: testNote}} {
		out, _ := m.AppendRestoredBody(nil, body, f)
		if strings.Contains(string(out), "schleuse") {
			t.Errorf("%+v: note in %s", f, out)
		}
	}
}

// TestNoteBeside: an entry "path?key=value" names the text only where the
// object holding it has that member: Perplexity's patch values beside
// "path":"/answer" (not its "/progress"), in each event of the cumulative
// stream.
func TestNoteBeside(t *testing.T) {
	m := testMapping()
	in := "data: {\"blocks\":[{\"diff_block\":{\"patches\":[{\"op\":\"replace\",\"path\":\"/progress\",\"value\":\"IN_PROGRESS\"},{\"op\":\"replace\",\"path\":\"/answer\",\"value\":\"Hallo [IBAN_1]\"}]}}]}\n\n" +
		"data: {\"blocks\":[{\"diff_block\":{\"patches\":[{\"op\":\"replace\",\"path\":\"/answer\",\"value\":\"Hallo [IBAN_1] da\"},{\"path\":\"/progress\",\"value\":\"DONE\"}]}}]}\n\n"
	out := restoreAll(t, m, Format{Kind: "sse", Cumulative: true, Text: "blocks.#.diff_block.patches.#.value?path=/answer", Note: testNote}, strings.NewReader(in))
	want := "data: {\"blocks\":[{\"diff_block\":{\"patches\":[{\"op\":\"replace\",\"path\":\"/progress\",\"value\":\"IN_PROGRESS\"},{\"op\":\"replace\",\"path\":\"/answer\",\"value\":\"" + testNoteJSON + "Hallo DE89 3704 0044 0532 0130 00\"}]}}]}\n\n" +
		"data: {\"blocks\":[{\"diff_block\":{\"patches\":[{\"op\":\"replace\",\"path\":\"/answer\",\"value\":\"" + testNoteJSON + "Hallo DE89 3704 0044 0532 0130 00 da\"},{\"path\":\"/progress\",\"value\":\"DONE\"}]}}]}\n\n"
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
}

// TestNoteJSONMessages: NoteJSON, for one WebSocket message: Copilot's
// appendText gets it once (a delta), not a "replaceText" or another
// member "text"; M365 Copilot's cumulative update gets it before each
// text of the bot, not the person's; a message without the text, or no
// JSON, comes back as it was.
func TestNoteJSONMessages(t *testing.T) {
	copilot := Format{Text: "text?event=appendText", Note: testNote}
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{`{"event":"appendText","messageId":"m","text":"Hallo [PERSON_1]"}`, `{"event":"appendText","messageId":"m","text":"` + testNoteJSON + `Hallo [PERSON_1]"}`, true},
		{`{"event":"appendText","text":""}`, `{"event":"appendText","text":""}`, false},
		{`{"event":"replaceText","text":"x"}`, `{"event":"replaceText","text":"x"}`, false},
		{`{"event":"startMessage","messageId":"m"}`, `{"event":"startMessage","messageId":"m"}`, false},
		{`not json "text"`, `not json "text"`, false},
	} {
		out, ok := NoteJSON([]byte(c.in), copilot)
		if string(out) != c.want || ok != c.ok {
			t.Errorf("%s: got %s %v, want %s %v", c.in, out, ok, c.want, c.ok)
		}
	}
	m365 := Format{Cumulative: true, Text: "arguments.#.messages.#.text?author=bot,item.result.message", Note: testNote}
	in := `{"type":1,"target":"update","arguments":[{"messages":[{"text":"Frage","author":"user"},{"text":"Antwort [IBAN_1]","author":"bot"},{"author":"bot","text":"Mehr"}]}]}`
	want := `{"type":1,"target":"update","arguments":[{"messages":[{"text":"Frage","author":"user"},{"text":"` + testNoteJSON + `Antwort [IBAN_1]","author":"bot"},{"author":"bot","text":"` + testNoteJSON + `Mehr"}]}]}`
	if out, ok := NoteJSON([]byte(in), m365); string(out) != want || !ok {
		t.Errorf("got %s %v, want %s", out, ok, want)
	}
	in = `{"type":2,"invocationId":"0","item":{"result":{"value":"Success","message":"Antwort"}}}`
	want = `{"type":2,"invocationId":"0","item":{"result":{"value":"Success","message":"` + testNoteJSON + `Antwort"}}}`
	if out, ok := NoteJSON([]byte(in), m365); string(out) != want || !ok {
		t.Errorf("got %s %v, want %s", out, ok, want)
	}
}

// TestNoteFramed: gemini.google.com's frames get the note before the
// candidate's text inside the "wrb.fr" string, in every frame (each
// repeats the whole text), the lengths recomputed; the other frames and
// an empty text stay as they were.
func TestNoteFramed(t *testing.T) {
	m := testMapping()
	body := gemBody([][]string{{""}, {"Hallo [IB"}, {"Hallo [IBAN_1] und"}, {"Hallo [IBAN_1] und ohne", "Entwurf"}})
	f := Format{Kind: "framed", Cumulative: true, Text: "0.2>4.#.1.0", Note: testNote}
	out := restoreAll(t, m, f, strings.NewReader(body))
	texts, other := parseGem(t, out)
	want := [][]string{{""}, {testNote + "Hallo [IB"}, {testNote + "Hallo DE89 3704 0044 0532 0130 00 und"},
		{testNote + "Hallo DE89 3704 0044 0532 0130 00 und ohne", testNote + "Entwurf"}}
	if fmt.Sprint(texts) != fmt.Sprint(want) {
		t.Fatalf("got %q\nwant %q", texts, want)
	}
	if len(other) != 2 || other[0] != gemTrailer || other[1] != gemEnd {
		t.Errorf("other frames changed: %q", other)
	}
	// Without a note the frames are as before.
	plain := restoreAll(t, m, Format{Kind: "framed", Cumulative: true, Text: "0.2>4.#.1.0"}, strings.NewReader(body))
	if texts, _ := parseGem(t, plain); strings.Contains(fmt.Sprint(texts), "schleuse") {
		t.Errorf("note without Note: %q", texts)
	}
}

// TestNoteJSONStreamed: a JSON answer read as it streams (no length, or
// over the size restored at once) gets the note as a whole one does: in
// the first document or array element with the text, read in pieces of
// one byte alike; a document over maxWholeJSON gets it in its held start
// (the long text begins there); an empty mapping (values only masked)
// restores nothing and places it all the same.
func TestNoteJSONStreamed(t *testing.T) {
	m := testMapping()
	f := Format{Kind: "json", Text: "choices.#.message.content", Note: testNote}
	body := `{"id":"x","choices":[{"message":{"role":"assistant","content":"IBAN [IBAN_1] ok"}}]}`
	want, _ := m.AppendRestoredBody(nil, []byte(body), f)
	if !strings.Contains(string(want), testNoteJSON+"IBAN DE89") {
		t.Fatalf("whole: %s", want)
	}
	for name, r := range map[string]io.Reader{"whole": strings.NewReader(body), "bytes": iotest.OneByteReader(strings.NewReader(body))} {
		if got := restoreAll(t, m, f, r); got != string(want) {
			t.Errorf("%s: got\n%s\nwant\n%s", name, got, want)
		}
	}
	// A streamed array of answers: the note in the first with text.
	arr := `[{"choices":[{"message":{"content":""}}]},` + "\n" + `{"choices":[{"message":{"content":"[PERSON_1]"}}]},{"choices":[{"message":{"content":"weiter"}}]}]`
	got := restoreAll(t, m, f, iotest.OneByteReader(strings.NewReader(arr)))
	if strings.Count(got, testNoteJSON) != 1 || !strings.Contains(got, `"content":"`+testNoteJSON+`Herr \"Yılmaz\"`) {
		t.Errorf("array: %s", got)
	}
	// Over maxWholeJSON: the text begins in the held start.
	long := `{"choices":[{"message":{"content":"[IBAN_1] ` + strings.Repeat("lang ", maxWholeJSON/4) + `"}}]}`
	got = restoreAll(t, m, f, strings.NewReader(long))
	if !strings.HasPrefix(got, `{"choices":[{"message":{"content":"`+testNoteJSON+`DE89 3704 0044 0532 0130 00 lang`) || strings.Count(got, "schleuse") != 1 || !strings.HasSuffix(got, `lang "}}]}`) {
		t.Errorf("long: %.200s … %s", got, got[len(got)-20:])
	}
	// Nothing to restore: the note all the same.
	if got := restoreAll(t, NewMapping(), f, strings.NewReader(body)); !strings.Contains(got, `"content":"`+testNoteJSON+`IBAN [IBAN_1] ok"`) {
		t.Errorf("empty mapping: %s", got)
	}
	// Without a note, the streamed JSON is as before.
	if got := restoreAll(t, m, Format{Kind: "json", Text: f.Text}, iotest.OneByteReader(strings.NewReader(arr))); strings.Contains(got, "schleuse") {
		t.Errorf("note without Note: %s", got)
	}
}

// FuzzNote: in any stream, the note changes nothing but its own place:
// with it taken out once, the answer is what a restorer without it gives,
// and a delta stream holds it at most once.
func FuzzNote(f *testing.F) {
	for _, s := range []string{
		"data: {\"delta\":{\"text\":\"Hallo [PER\"}}\n\ndata: {\"delta\":{\"text\":\"SON_1]\"}}\n\n",
		"data: {\"delta\":{\"thinking\":\"x\"}}\n\ndata: {\"delta\":{\"text\":\"\"}}\n\ndata: {\"delta\":{\"text\":\"[IBAN_1]\"}}\n\n",
		"{\"type\":\"stream\",\"token\":\"[IBAN\"}\n{\"type\":\"reasoning\",\"token\":\"_1]\"}\n{\"type\":\"stream\",\"token\":\"_1]\"}\n",
		"f:{}\n0:\"[PERSON_1\"\n0:\"]\"\n",
		"data: {\"answer\":\"[IBAN_1]\"}\r\n\r\ndata: {\"answer\":\"[IBAN_1] ok\"}\r\n\r\n",
		"data: not json [PERSON_1]\n\ndata: {\"delta\":{\"text\":\"a\"}}",
		"data: {\"p\":[{\"path\":\"/answer\",\"value\":\"[IBAN_1]\"},{\"path\":\"/x\",\"value\":\"y\"}]}\n\n",
		`[{"a":""},{"a":"[PERSON_1] x"},{"a":"[IBAN`,
		`{"b":"[IBAN_1]","a":"ok [PER"} {"a":"SON_1]"}`,
	} {
		for k := range 6 {
			f.Add(s, uint8(k))
		}
	}
	m := testMapping()
	f.Fuzz(func(t *testing.T, body string, k uint8) {
		format := []Format{
			{Kind: "sse", Text: "delta.text"},
			{Kind: "ndjson", Delta: "token", DeltaBy: "type", Text: `token="stream"`},
			{Kind: "lines", Text: "lines:0"},
			{Kind: "sse", Cumulative: true, Text: "answer"},
			{Kind: "sse", Cumulative: true, Text: "p.#.value?path=/answer"},
			{Kind: "json", Text: "a"},
		}[k%6]
		plain := restoreAll(t, m, format, strings.NewReader(body))
		format.Note = testNote
		out := restoreAll(t, m, format, strings.NewReader(body))
		if strings.Replace(out, testNoteJSON, "", 1) != plain && !format.Cumulative {
			t.Fatalf("the note changed more than its place:\n%q\n%q", out, plain)
		}
		if n := strings.Count(out, testNoteJSON) - strings.Count(plain, testNoteJSON); n > 1 && !format.Cumulative || n < 0 {
			t.Fatalf("%d notes:\n%q", n, out)
		}
		if format.Cumulative && strings.ReplaceAll(out, testNoteJSON, "") != strings.ReplaceAll(plain, testNoteJSON, "") {
			t.Fatalf("the notes changed more than their places:\n%q\n%q", out, plain)
		}
	})
}
