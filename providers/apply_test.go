package providers

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func chatReq() *Request {
	return &Request{Method: "POST", Host: "api.openai.com", Path: "/v1/chat/completions",
		Header: http.Header{"Content-Type": {"application/json"}}}
}

func TestApplyEditValidation(t *testing.T) {
	body := []byte(`{"model":"m","messages":[{"role":"user","content":"Grüße an Max"},{"role":"user","content":"zweites"}]}`)
	a := openAIAdapter{name: "openai"}
	env, err := a.Extract(chatReq(), body)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		edits []Edit
		want  error
	}{
		"field out of range":   {[]Edit{{Field: 2, Start: 0, End: 1}}, ErrBadEdit},
		"negative field":       {[]Edit{{Field: -1}}, ErrBadEdit},
		"end past text":        {[]Edit{{Field: 0, Start: 0, End: 100}}, ErrBadEdit},
		"start after end":      {[]Edit{{Field: 0, Start: 3, End: 2}}, ErrBadEdit},
		"splits a rune":        {[]Edit{{Field: 0, Start: 3, End: 4}}, ErrBadEdit},
		"overlapping":          {[]Edit{{Field: 0, Start: 0, End: 5}, {Field: 0, Start: 4, End: 6}}, ErrBadEdit},
		"two fields, in order": {[]Edit{{Field: 1, Start: 0, End: 7, Replacement: "2"}, {Field: 0, Start: 11, End: 14, Replacement: "[P]"}}, nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := a.Apply(chatReq(), body, env, c.edits)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if c.want == nil {
				want := `{"model":"m","messages":[{"role":"user","content":"Grüße an [P]"},{"role":"user","content":"2"}]}`
				if string(out) != want {
					t.Errorf("got %s", out)
				}
			}
		})
	}
}

// TestApplyEscaping puts hostile replacements into every layer kind and
// checks that re-extraction yields exactly the intended text.
func TestApplyEscaping(t *testing.T) {
	repls := []string{`"quoted" \ back\slash`, "new\nline\ttab\x00nul\x1f", "</script>&amp;<!--", "😀 \u2028 Straße", "%+&=;#", ""}
	bodies := []struct {
		name string
		a    Adapter
		req  *Request
		body string
	}{
		{"json", openAIAdapter{name: "openai"}, chatReq(), `{"messages":[{"role":"user","content":"A Max B"}]}`},
		{"form", deeplAdapter{}, &Request{Path: "/v2/translate", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}, `text=A+Max+B&target_lang=DE`},
		{"form-json-json", geminiWebAdapter{}, &Request{}, "f.req=" + urlQuery(`[null,"[[\"A Max B\",0],null,[\"c_1\"]]"]`) + "&at=x"},
	}
	for _, b := range bodies {
		for _, r := range repls {
			env, err := b.a.Extract(b.req, []byte(b.body))
			if err != nil {
				t.Fatalf("%s: %v", b.name, err)
			}
			i := strings.Index(env.Fields[0].Text, "Max")
			out, err := b.a.Apply(b.req, []byte(b.body), env, []Edit{{Field: 0, Start: i, End: i + 3, Replacement: r}})
			if err != nil {
				t.Fatalf("%s %q: %v", b.name, r, err)
			}
			env2, err := b.a.Extract(b.req, out)
			if err != nil {
				t.Fatalf("%s %q: re-extract %s: %v", b.name, r, out, err)
			}
			if want := "A " + r + " B"; env2.Fields[0].Text != want {
				t.Errorf("%s: got %q, want %q", b.name, env2.Fields[0].Text, want)
			}
		}
	}
}

func urlQuery(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "%", "%25"), "&", "%26"), "+", "%2B"), " ", "+")
}

// TestApplySharedLayer edits two strings inside the same JSON-in-form
// value: both must change and the layer be re-encoded once.
func TestApplySharedLayer(t *testing.T) {
	body := []byte("q=" + urlQuery(`{"a":"eins Max","b":["zwei Max"]}`) + "&z=1")
	env := &Envelope{}
	pairs, err := parseForm(body)
	if err != nil {
		t.Fatal(err)
	}
	c := newCollector(env).inner(layer{kind: layerFormValue, start: pairs[0].vStart, end: pairs[0].vEnd})
	v, err := parseJSON([]byte(pairs[0].value))
	if err != nil {
		t.Fatal(err)
	}
	walkStrings(c, v, UserText, "q", 0, nil)
	if len(env.Fields) != 2 {
		t.Fatalf("fields %+v", env.Fields)
	}
	out, err := applyEdits(body, env, []Edit{{Field: 0, Start: 5, End: 8, Replacement: "[P1]"}, {Field: 1, Start: 5, End: 8, Replacement: "[P2]"}})
	if err != nil {
		t.Fatal(err)
	}
	pairs, _ = parseForm(out)
	if pairs[0].value != `{"a":"eins [P1]","b":["zwei [P2]"]}` || pairs[1].key != "z" {
		t.Errorf("got %s → %+v", out, pairs)
	}
}

func TestApplyCannotRedact(t *testing.T) {
	req := &Request{Path: "/v1/files", Header: http.Header{"Content-Type": {"multipart/form-data; boundary=XX"}}}
	body := []byte("--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nMax\r\n--XX--\r\n")
	a := openAIAdapter{name: "openai"}
	env, err := a.Extract(req, body)
	if err != nil || len(env.Fields) != 1 || env.Fields[0].Kind != File || env.Fields[0].Text != "Max" {
		t.Fatalf("extract: %+v %v", env, err)
	}
	if _, err := a.Apply(req, body, env, []Edit{{Field: 0, Start: 0, End: 3}}); !errors.Is(err, ErrCannotRedact) {
		t.Errorf("file edit: err = %v, want ErrCannotRedact", err)
	}
	fb := Fallback()
	jreq := &Request{Header: http.Header{"Content-Type": {"application/json"}}}
	fenv, err := fb.Extract(jreq, []byte(`{"x":"Max Mustermann"}`))
	if err != nil || len(fenv.Fields) != 1 {
		t.Fatalf("fallback: %+v %v", fenv, err)
	}
	if _, err := fb.Apply(jreq, nil, fenv, []Edit{{Field: 0, Start: 0, End: 3}}); !errors.Is(err, ErrCannotRedact) {
		t.Errorf("fallback edit: err = %v, want ErrCannotRedact", err)
	}
}

func TestDeepLWebTimestamp(t *testing.T) {
	const ts = int64(1764300000000)
	body := `{"jsonrpc":"2.0","method": "LMT_handle_texts","params":{"texts":[{"text":"Bitte Max Ritter"}],"timestamp":` + strconv.FormatInt(ts, 10) + `},"id":1}`
	a := deeplWebAdapter{}
	env, err := a.Extract(nil, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(env.Fields[0].Text, "Max Ritter")
	out, err := a.Apply(nil, []byte(body), env, []Edit{{Field: 0, Start: i, End: i + 10, Replacement: "[PERSON_1]"}})
	if err != nil {
		t.Fatal(err)
	}
	// "Bitte [PERSON_1]" holds one 'i' → n+1 = 2.
	want := ts - ts%2 + 2
	var got struct {
		Params struct{ Timestamp int64 } `json:"params"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Params.Timestamp != want {
		t.Errorf("timestamp %d, want %d", got.Params.Timestamp, want)
	}
	if !strings.Contains(string(out), `"method": "LMT_handle_texts"`) {
		t.Errorf("method spacing changed: %s", out)
	}
}

func TestChatGPTLearnsUploadURL(t *testing.T) {
	r, err := NewRouter(DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	reg := &Request{Method: "POST", Host: "chatgpt.com", Path: "/backend-api/files"}
	a, ok := r.Match(reg)
	if !ok {
		t.Fatal("no route for /backend-api/files")
	}
	a.(ResponseLearner).LearnResponse(reg, 200, nil,
		[]byte(`{"status":"success","upload_url":"https://sdmntprwestus.oaiusercontent.com/files/00000000-aaaa/raw?se=x&sig=y","file_id":"file-ABC123"}`))
	put := &Request{Method: "PUT", Host: "sdmntprwestus.oaiusercontent.com", Path: "/files/00000000-aaaa/raw",
		Header: http.Header{"Content-Type": {"application/pdf"}}}
	b, ok := r.Match(put)
	if !ok || b != a {
		t.Fatalf("PUT routed to %v", b)
	}
	env, err := b.Extract(put, []byte("%PDF-1.7"))
	if err != nil {
		t.Fatal(err)
	}
	if env.Kind != KindUpload || len(env.Fields) != 1 || env.Fields[0].Name != "file-ABC123" || env.Fields[0].ContentType != "application/pdf" {
		t.Errorf("got %+v", env)
	}
}

func TestCopilotFrames(t *testing.T) {
	a := copilotAdapter{}
	for _, msg := range []string{`{"event":"setOptions","supportedCards":[]}`, `{"event":"ping"}`} {
		env, err := a.WSFrame(nil, true, []byte(msg))
		if env != nil || err != nil {
			t.Errorf("%s: %v %v", msg, env, err)
		}
	}
	if env, err := a.WSFrame(nil, false, []byte(`{"event":"appendText","text":"x"}`)); env != nil || err != nil {
		t.Errorf("server frame: %v %v", env, err)
	}
	if _, err := a.WSFrame(nil, true, []byte(`not json`)); !errors.Is(err, ErrMalformed) {
		t.Errorf("garbage frame: err = %v", err)
	}
}

func TestRoleKinds(t *testing.T) {
	body := `{"messages":[{"role":"system","content":"s"},{"role":"user","content":"u1"},{"role":"assistant","content":"a1"},{"role":"tool","content":"t1"},{"role":"user","content":"u2"},{"role":"user","content":"u3"}]}`
	env, err := openAIAdapter{name: "openai"}.Extract(chatReq(), []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := []Kind{SystemText, History, History, ToolOutput, UserText, UserText}
	for i, f := range env.Fields {
		if f.Kind != want[i] {
			t.Errorf("field %d (%s) kind %s, want %s", i, f.Text, f.Kind, want[i])
		}
	}
}

func TestFallbackSkips(t *testing.T) {
	body := `{"id":"x","conversation_id":"c","createdAt":"2026","model":"gpt","url":"https://a","payload":{"u":"6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f","h":"9f86d081884c7d659a2feaa0c55ad015","link":"https://example.org/x","blob":"` +
		strings.Repeat("AAEC", 300) + `","text":"Max Mustermann","iban":"DE89370400440532013000","n":"0123456789012345678"}}`
	env, err := Fallback().Extract(&Request{}, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range env.Fields {
		got = append(got, f.Name)
		if f.Address() != (f.Name == "payload.link") {
			t.Errorf("%s: Address() %v", f.Name, f.Address())
		}
	}
	// A link is read as an address (its path and query may name a
	// person); the URL under "url" is the service's id-like value.
	if strings.Join(got, ",") != "payload.link,payload.text,payload.iban,payload.n" {
		t.Errorf("fields %v", got)
	}
	// A blob of base64 text is read as its text (base64Value).
	blob := strings.Repeat("Akte 4711, Herr Weber. ", 60) // over 1 KiB encoded
	env, err = Fallback().Extract(&Request{}, []byte(`{"blob":"`+base64.StdEncoding.EncodeToString([]byte(blob))+`"}`))
	if err != nil || len(env.Fields) != 1 || env.Fields[0].Name != "blob (base64)" || env.Fields[0].Text != blob {
		t.Errorf("text blob: %+v %v", env, err)
	}
	bin := append([]byte{0x0a, 0x80, 0x01}, []byte("Herr Max Mustermann\x00\x01ab\x02")...)
	env, err = Fallback().Extract(&Request{}, bin)
	if err != nil || len(env.Fields) != 1 || env.Fields[0].Text != "Herr Max Mustermann" {
		t.Errorf("binary: %+v %v", env, err)
	}
}

// TestMultipartFileParts: parts that carry file content are reported as
// File even without a file name; the other parts as text (they reach the
// service too), except ids, tokens and URLs.
func TestMultipartFileParts(t *testing.T) {
	body := "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nassistants\r\n" +
		"--B\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\nchunk mit Max Mustermann\r\n" +
		"--B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n" +
		"--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nHallo\r\n--B--\r\n"
	req := &Request{Path: "/v1/uploads/upload_1/parts", Header: http.Header{"Content-Type": {"multipart/form-data; boundary=B"}}}
	env, err := openAIAdapter{name: "openai"}.Extract(req, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range env.Fields {
		got = append(got, f.Kind.String()+":"+f.Name+":"+f.Text)
	}
	if want := "user:multipart:purpose:assistants,file:data:chunk mit Max Mustermann,file:meta:%PDF,user:multipart:prompt:Hallo"; strings.Join(got, ",") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestApplyKeepsPieces: around an edit, a string without escapes keeps its
// bytes exactly (raw DEL and U+2028 included), and a string with escapes is
// re-encoded so that it decodes to the edited text.
func TestApplyKeepsPieces(t *testing.T) {
	a := openAIAdapter{name: "openai"}
	for _, c := range []struct {
		name, content, want string // content and want: raw JSON string contents
	}{
		{"no escapes", "Frau Müller\x7f \u2028 „zitiert“ – Ende", "Frau [P]\x7f \u2028 „zitiert“ – Ende"},
		{"escapes", `Frau Müller\n\u00e4 \"x\" \u2028 \/`, `Frau [P]\nä \"x\" \u2028 /`},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := []byte(`{"messages":[{"role":"user","content":"` + c.content + `"}]}`)
			env, err := a.Extract(chatReq(), body)
			if err != nil {
				t.Fatal(err)
			}
			i := strings.Index(env.Fields[0].Text, "Müller")
			out, err := a.Apply(chatReq(), body, env, []Edit{{Field: 0, Start: i, End: i + len("Müller"), Replacement: "[P]"}})
			if err != nil {
				t.Fatal(err)
			}
			if want := `{"messages":[{"role":"user","content":"` + c.want + `"}]}`; string(out) != want {
				t.Errorf("got  %q\nwant %q", out, want)
			}
		})
	}
}

// TestFallbackReadsKeysAndSubtrees: the fallback (unknown request shapes)
// reports text that sits in a key, in a form segment without "=", under a
// key whose name only contains "date", "time" or "token" (candidate,
// update, timeline), and text under an id-like key that is not an id. All
// of these reached the service unscanned.
func TestFallbackReadsKeysAndSubtrees(t *testing.T) {
	secret := "Passwort: Sommer2024!"
	for _, tc := range []struct {
		name, ct, body string
	}{
		{"form segment without =", "application/x-www-form-urlencoded", url.QueryEscape(secret)},
		{"form key", "application/x-www-form-urlencoded", url.QueryEscape(secret) + "=1&a=b"},
		{"JSON body sent as form", "application/x-www-form-urlencoded", `{"messages":[{"role":"user","content":"` + secret + `"}]}`},
		{"JSON key", "application/json", `{"` + secret + `":true}`},
		{"nested JSON key", "application/json", `{"notes":{"Klaus Müller, ` + secret + `":1}}`},
		{"candidate", "application/json", `{"candidate":"` + secret + `"}`},
		{"update object", "application/json", `{"update":{"text":"` + secret + `"}}`},
		{"timeline array", "application/json", `{"timeline":[{"note":"` + secret + `"}]}`},
		{"object under a time key", "application/json", `{"createTime":{"note":"` + secret + `"}}`},
		{"text under lang", "application/json", `{"lang":"` + secret + `"}`},
	} {
		req := &Request{Method: "POST", Header: http.Header{"Content-Type": {tc.ct}}}
		env, err := Fallback().Extract(req, []byte(tc.body))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		found := false
		for _, f := range env.Fields {
			found = found || strings.Contains(f.Text, secret)
		}
		if !found {
			t.Errorf("%s: %q not among the fields %+v", tc.name, secret, env.Fields)
		}
	}
	// Ids, times and tokens under their keys stay out, and so do keys
	// named like program fields.
	body := `{"createTime":"2026-11-29T07:10:00Z","update_time":1764300000,"csrfToken":"abc123def456","datePublished":"2026-11-29","max_tokens":64,"text":"Hallo"}`
	env, err := Fallback().Extract(&Request{Header: http.Header{"Content-Type": {"application/json"}}}, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(env.Fields) != 1 || env.Fields[0].Name != "text" {
		t.Errorf("fields %+v, want only text", env.Fields)
	}
}

// TestOpenAIRequestExtras: what a chat request carries beside its messages
// is read too: a participant's name with its message's kind, the end
// user's id and metadata values as the user's text, and tool and schema
// descriptions as system text; each can be rewritten in place.
func TestOpenAIRequestExtras(t *testing.T) {
	body := `{"model":"gpt-4o","messages":[{"role":"user","name":"Juergen_Kowalski","content":"Hallo"}],` +
		`"user":"j.kowalski@stadt.de","metadata":{"akte":"Kowalski, IBAN DE89370400440532013000","n":1},` +
		`"tools":[{"type":"function","function":{"name":"lookup","description":"Sucht Herrn Kowalski","parameters":{"type":"object","properties":{"q":{"type":"string","description":"IBAN DE89370400440532013000"}}}}}],` +
		`"response_format":{"type":"json_schema","json_schema":{"name":"x","description":"für Frau Weber","schema":{}}}}`
	a := openAIAdapter{name: "openai"}
	env, err := a.Extract(chatReq(), []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Kind{
		"messages[0].content": UserText, "messages[0].name": UserText, "user": UserText, "metadata.akte": UserText,
		"tools[0].function.description": Schema, "tools[0].function.parameters.properties.q.description": Schema,
		"response_format.json_schema.description": Schema,
	}
	got := map[string]Kind{}
	for _, f := range env.Fields {
		got[f.Name] = f.Kind
	}
	if !maps.Equal(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
	var edits []Edit
	for i, f := range env.Fields {
		if j := strings.Index(f.Text, "DE89370400440532013000"); j >= 0 {
			edits = append(edits, Edit{Field: i, Start: j, End: j + 22, Replacement: "[IBAN_1]"})
		}
	}
	out, err := a.Apply(chatReq(), []byte(body), env, edits)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "DE8937") || strings.Count(string(out), "[IBAN_1]") != 2 || !json.Valid(out) {
		t.Fatalf("rewritten body %s", out)
	}
}

// TestAnthropicRequestExtras: metadata values and tool descriptions of a
// Messages request are read, as for OpenAI.
func TestAnthropicRequestExtras(t *testing.T) {
	body := `{"model":"claude","metadata":{"user_id":"j.kowalski@stadt.de"},"tools":[{"name":"t","description":"für Herrn Kowalski","input_schema":{"type":"object","properties":{"a":{"type":"string","description":"die IBAN des Empfängers"}}}}],"messages":[{"role":"user","content":"Hallo"}]}`
	env, err := anthropicAdapter{}.Extract(&Request{Method: "POST", Host: "api.anthropic.com", Path: "/v1/messages"}, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Kind{}
	for _, f := range env.Fields {
		got[f.Name] = f.Kind
	}
	want := map[string]Kind{"metadata.user_id": UserText, "tools[0].description": Schema,
		"tools[0].input_schema.properties.a.description": Schema, "messages[0].content": UserText}
	if !maps.Equal(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
}

// TestGeminiRequestExtras: the snake_case spellings the Gemini API accepts
// are read like the camelCase ones, a function's description and the rest
// of its schema (an enum) are system text, and whatever else carries text
// (labels) is read by unread;
// settings words and the file's own fields are not fields.
func TestGeminiRequestExtras(t *testing.T) {
	file := base64.StdEncoding.EncodeToString([]byte("Kontoinhaber: Jürgen Kowalski"))
	body := `{"system_instruction":{"parts":[{"text":"Du bist Sachbearbeiter."}]},` +
		`"contents":[{"role":"user","parts":[{"text":"Hallo"},{"inline_data":{"mime_type":"text/plain","data":"` + file + `"}}]}],` +
		`"tools":[{"function_declarations":[{"name":"akte_lesen","description":"liest die Akte von Herrn Kowalski","parameters":{"type":"OBJECT","properties":{"az":{"type":"STRING","enum":["Az. 3 K 123/24"]}}}}]}],` +
		`"safety_settings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],` +
		`"generation_config":{"response_mime_type":"application/json"},"labels":{"akte":"Frau Anna Schmidt"}}`
	env, err := geminiAdapter{}.Extract(&Request{Method: "POST", Host: "generativelanguage.googleapis.com",
		Path: "/v1beta/models/gemini-2.5-flash:generateContent"}, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Kind{}
	for _, f := range env.Fields {
		got[f.Name] = f.Kind
	}
	want := map[string]Kind{"systemInstruction.parts[0].text": SystemText, "contents[0].parts[0].text": UserText,
		"contents[0].parts[1].inlineData": File, "tools[0].function_declarations[0].description": Schema,
		"tools[0].function_declarations[0].parameters.properties.az.enum[0]": Schema, "labels.akte": UserText}
	if !maps.Equal(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
}

// TestCopilotOtherFrames: a client frame that is not a send event is read
// for text like the rest of a send frame; one without text stays nil
// (passed on). Before, every frame but "send" went out unread.
func TestCopilotOtherFrames(t *testing.T) {
	req := &Request{Method: "GET", Host: "copilot.microsoft.com", Path: "/c/api/chat"}
	env, err := copilotAdapter{}.WSFrame(req, true, []byte(`{"event":"edit","messageId":"m1","content":[{"type":"text","text":"IBAN DE89 3704 0044 0532 0130 00"}]}`))
	if err != nil || env == nil || len(env.Fields) != 1 || env.Fields[0].Name != "content[0].text" || !env.Fields[0].Redactable() {
		t.Fatalf("edit frame: %+v, %v", env, err)
	}
	for _, msg := range []string{`{"event":"setOptions","supportedFeatures":["partial-generated-images"],"ads":null}`, `{"ping":true}`} {
		if env, err := (copilotAdapter{}).WSFrame(req, true, []byte(msg)); env != nil || err != nil {
			t.Fatalf("%s: %+v, %v", msg, env, err)
		}
	}
}

// TestChatGPTWebSystemRoleIsUserText: the ChatGPT web app sends no system
// messages; one in a crafted body is the user's text (scanned), not system
// text (unscanned by default).
func TestChatGPTWebSystemRoleIsUserText(t *testing.T) {
	body := `{"action":"next","messages":[{"id":"a","author":{"role":"system"},"content":{"content_type":"text","parts":["IBAN DE89 3704 0044 0532 0130 00"]}},{"id":"b","author":{"role":"user"},"content":{"content_type":"text","parts":["Fasse zusammen."]}}],"model":"auto"}`
	env, err := newChatGPTWeb().Extract(&Request{Method: "POST", Host: "chatgpt.com", Path: "/backend-api/f/conversation"}, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range env.Fields {
		if f.Name == "messages[0].content.parts[0]" && f.Kind != UserText {
			t.Fatalf("system message read as %s", f.Kind)
		}
	}
}

// TestOpenAIToolCallsAreHistory: an earlier turn's tool calls (chat
// tool_calls, Responses function_call and reasoning summaries), which
// agents resend with every turn, are history (scanned once and cached),
// not text unread reads anew on every request.
func TestOpenAIToolCallsAreHistory(t *testing.T) {
	chat := `{"model":"m","messages":[{"role":"user","content":"Suche"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"suche","arguments":"{\"name\":\"Jürgen Kowalski\"}"}}]},{"role":"tool","tool_call_id":"c1","content":"gefunden"},{"role":"user","content":"Danke"}]}`
	resp := `{"model":"m","input":[{"type":"message","role":"user","content":"Suche"},{"type":"reasoning","id":"r1","summary":[{"type":"summary_text","text":"Ich suche Herrn Kowalski."}]},{"type":"function_call","call_id":"c1","name":"suche","arguments":"{\"name\":\"Jürgen Kowalski\"}"},{"type":"function_call_output","call_id":"c1","output":"gefunden"}]}`
	for _, c := range []struct {
		path, body string
		want       map[string]Kind
	}{
		{"/v1/chat/completions", chat, map[string]Kind{"messages[0].content": History, "messages[1].tool_calls[0].function.arguments": History,
			"messages[2].content": ToolOutput, "messages[3].content": UserText}},
		{"/v1/responses", resp, map[string]Kind{"input[0].content": UserText, "input[1].summary[0].text": History,
			"input[2].arguments": History, "input[3].output": ToolOutput}},
	} {
		env, err := openAIAdapter{name: "openai"}.Extract(&Request{Method: "POST", Host: "api.openai.com", Path: c.path}, []byte(c.body))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]Kind{}
		for _, f := range env.Fields {
			got[f.Name] = f.Kind
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("%s: fields %v, want %v", c.path, got, c.want)
		}
	}
}

func TestSettingWord(t *testing.T) {
	for s, want := range map[string]bool{
		"next": true, "primary_assistant": true, "chatgpt.com": true, "v1": true, "text/plain": true, "EN-GB": true,
		"HARM_CATEGORY_HARASSMENT": true, "Default": true, "beta-websearch": true, "application/ld+json": true,
		"Bescheid_Juergen_Kowalski.pdf": false, "Juergen.Kowalski": false, "anna.schmidt@stadt.de": false,
		"DE89370400440532013000": false, "+4922812345": false, "Herr Kowalski": false, "": false,
	} {
		if got := settingWord(s); got != want {
			t.Errorf("settingWord(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestUnreadKeys: of a known shape's keys, unread keeps those that hold a
// value (a name with a space, an address, a number), not the labels a
// schema names its properties with.
func TestUnreadKeys(t *testing.T) {
	body := `{"model":"m","messages":[{"role":"user","content":"Hallo"}],"response_format":{"type":"json_schema","json_schema":{"name":"akte","schema":{"type":"object","properties":{"Schwerbehinderung":{"type":"boolean"},"Geburtsdatum":{"type":"string"}}}}},"metadata":{"Jürgen Kowalski":"x","j.kowalski@stadt.de":"y"}}`
	env, err := openAIAdapter{name: "openai"}.Extract(chatReq(), []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range env.Fields {
		if f.Name == "(keys)" {
			if strings.Contains(f.Text, "Schwerbehinderung") || strings.Contains(f.Text, "Geburtsdatum") ||
				!strings.Contains(f.Text, "Jürgen Kowalski") || !strings.Contains(f.Text, "j.kowalski@stadt.de") {
				t.Fatalf("keys %q", f.Text)
			}
			return
		}
	}
	t.Fatal("no keys field")
}

// TestSchemasAreSchemaText: the structured-output schemas and tools of
// every API adapter are Schema text, wherever the API puts them.
func TestSchemasAreSchemaText(t *testing.T) {
	schema := `{"type":"object","properties":{"m":{"type":"string","enum":["Art der Schwerbehinderung","keine Angabe"]}}}`
	for _, c := range []struct {
		a          Adapter
		path, body string
	}{
		{geminiAdapter{}, "/v1beta/models/g:generateContent", `{"contents":[{"parts":[{"text":"x y"}]}],"generationConfig":{"responseMimeType":"application/json","responseSchema":` + schema + `}}`},
		{geminiAdapter{}, "/v1beta/models/g:generateContent", `{"contents":[{"parts":[{"text":"x y"}]}],"generation_config":{"response_json_schema":` + schema + `}}`},
		{openAIAdapter{name: "openai"}, "/v1/chat/completions", `{"model":"m","messages":[{"role":"user","content":"x y"}],"functions":[{"name":"f","parameters":` + schema + `}]}`},
		{anthropicAdapter{}, "/v1/messages", `{"model":"m","messages":[{"role":"user","content":"x y"}],"output_format":{"type":"json_schema","schema":` + schema + `}}`},
		{mistralAdapter{}, "/v1/conversations", `{"inputs":"x y","completion_args":{"response_format":{"type":"json_schema","json_schema":{"schema":` + schema + `}}}}`},
		{ollamaAdapter{}, "/api/chat", `{"model":"m","messages":[{"role":"user","content":"x y"}],"format":` + schema + `}`},
	} {
		env, err := c.a.Extract(&Request{Method: "POST", Host: "h", Path: c.path}, []byte(c.body))
		if err != nil {
			t.Fatalf("%s %s: %v", c.a.Name(), c.path, err)
		}
		n := 0
		for _, f := range env.Fields {
			if strings.Contains(f.Text, "Schwerbehinderung") || strings.Contains(f.Text, "keine Angabe") {
				n++
				if f.Kind != Schema {
					t.Errorf("%s %s: %s is %s", c.a.Name(), c.path, f.Name, f.Kind)
				}
			}
		}
		if n != 2 {
			t.Errorf("%s %s: %d enum fields", c.a.Name(), c.path, n)
		}
	}
}

// TestNumbersAreFields: a JSON number that may be an identifier, and digits
// or an e-mail address under a key named like a person's id, are fields
// (unread, fallback); an edit turns such a number into a JSON string.
// Small numbers, fractions, negative numbers (random signed ids, whose
// digits hold a card number about once in 25), times and the service's own
// "id" are not.
func TestNumbersAreFields(t *testing.T) {
	body := []byte(`{"contents":[{"role":"user","parts":[{"text":"Hallo"}]}],"labels":{"a":86095742719,"b":"1","c":12345,"d":1.5,` +
		`"e":-4111111111111111,"f":4418346734924378061,"created_at":1732953600,"id":86095742719,"steuer_id":"860 957 427 19","user_id":"max@example.de","msg_id":"abc123"}}`)
	req := &Request{Host: "generativelanguage.googleapis.com", Method: "POST", Path: "/v1beta/models/x:generateContent"}
	a := geminiAdapter{}
	env, err := a.Extract(req, body)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	edits := []Edit{}
	for i, f := range env.Fields {
		got = append(got, f.Text)
		if f.Text == "86095742719" {
			edits = append(edits, Edit{Field: i, Start: 0, End: len(f.Text), Replacement: "[DE_TAX_ID_1]"})
		}
	}
	want := []string{"Hallo", "86095742719", "860 957 427 19", "max@example.de"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("fields %q, want %q", got, want)
	}
	out, err := a.Apply(req, body, env, edits)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"a":"[DE_TAX_ID_1]","b"`) || !strings.Contains(string(out), `"id":86095742719`) {
		t.Fatalf("rewritten: %s", out)
	}
}

// TestNumberReading: what a JSON number is read as (numberReading,
// IntegerDigits): an integer as it stands, a fraction of zeros as its
// integer, an exponent or a minus sign only for an integer of 9 to 12
// digits (sec13); measures and random signed ids are no identifiers.
func TestNumberReading(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"86095742719", "86095742719", true},
		{"86095742719.0", "86095742719", true},
		{"86095742719.000", "86095742719", true},
		{"8.6095742719e10", "86095742719", true},
		{"8.6095742719E+10", "86095742719", true},
		{"860957427190e-1", "86095742719", true},
		{"0.86095742719e11", "86095742719", true},
		{"86095742719e0", "86095742719", true},
		{"-86095742719", "-86095742719", true},
		{"-86095742719.0", "-86095742719", true},
		{"-8.6095742719e10", "-86095742719", true},
		{"1.5e3", "1.5e3", false},
		{"6.02e23", "6.02e23", false},
		{"1.7329536e12", "1.7329536e12", false}, // 13 digits: a time in ms
		{"8.6095742719e-10", "8.6095742719e-10", false},
		{"86095742719.5", "86095742719.5", false},
		{"-4111111111111111", "-4111111111111111", false},
		{"-1234", "-1234", false},
		{"12345", "12345", false},
		{"1e400", "1e400", false},
		{"0.5", "0.5", false},
		// more digits than a double holds, read as the double (sec44)
		{"86095742719.0000000001", "86095742719", true},
		{"8.60957427190000000001e10", "86095742719", true},
		{"-86095742719.00000000001", "-86095742719", true},
		{"4111111111111111.1", "4111111111111111", true},
		{"86095742719.00001", "86095742719.00001", false},
		{"1234567.50000000000000001", "1234567.50000000000000001", false},
		{"0.99999999999999999999", "1", false},
		{"86095742719000000.0000001", "86095742719000000.0000001", false},
		{"1.7329536000000000001e12", "1.7329536000000000001e12", false},
	} {
		got, ok := numberReading(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"1e++5", "100000", true}, // as strconv.Atoi reads "+5"
		{"1e+-5", "", false},
		{"1e+", "", false},
		{"1e-", "", false},
		{"1e5x", "", false},
		{"1ex", "", false},
	} {
		if got, ok := IntegerDigits(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("IntegerDigits(%q) = %q %v, want %q %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestIntegerDigitsOfProseAllocatesNothing: the proxy asks IntegerDigits
// about a whole prompt (numberWord); strconv.Atoi's error on the text after
// its first "e" copied all of it, 16 KB per request of the proxy benchmark.
func TestIntegerDigitsOfProseAllocatesNothing(t *testing.T) {
	prose := strings.Repeat("Die Verwaltung bearbeitet Ihren Antrag auf Förderung. ", 300)
	if n := testing.AllocsPerRun(100, func() {
		if _, ok := IntegerDigits(prose); ok {
			t.Fatal("prose read as a number")
		}
	}); n != 0 {
		t.Errorf("%v allocations per call, want 0", n)
	}
}
