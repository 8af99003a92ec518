package providers

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestM365CopilotBlockAnswersItsInvocation: a blocked stream invocation
// (type 4, Copilot's chat) is answered by an update, a stream item and an
// empty completion; an invocation (type 1) by an update and a completion
// with the result, since SignalR's clients fail an invoke on a stream item
// ("Unexpected message type: 2"); one without an id by the update alone.
// Every record is JSON ended by 0x1E.
func TestM365CopilotBlockAnswersItsInvocation(t *testing.T) {
	a := m365CopilotAdapter{}
	for _, tc := range []struct {
		msg   string
		types []int
	}{
		{`{"type":4,"target":"chat","invocationId":"7","arguments":[{"message":{"text":"Hallo"}}]}` + "\x1e", []int{1, 2, 3}},
		{`{"type":1,"target":"chat","invocationId":"7","arguments":[{"message":{"text":"Hallo"}}]}` + "\x1e", []int{1, 3}},
		{`{"type":1,"target":"chat","arguments":[{"message":{"text":"Hallo"}}]}` + "\x1e", []int{1}},
	} {
		env, err := a.WSFrame(&Request{}, true, []byte(tc.msg))
		if err != nil || env == nil {
			t.Fatalf("%s: %v %v", tc.msg, env, err)
		}
		recs := a.WSBlock(&Request{}, env, Notice{Action: "block", Text: "gesperrt"})
		if len(recs) != len(tc.types) {
			t.Fatalf("%s: %d records, want %v", tc.msg, len(recs), tc.types)
		}
		for i, r := range recs {
			var v struct {
				Type         int             `json:"type"`
				InvocationID *string         `json:"invocationId"`
				Result       json.RawMessage `json:"result"`
				Item         json.RawMessage `json:"item"`
			}
			s, ok := strings.CutSuffix(string(r), "\x1e")
			if !ok || strings.Contains(s, "\x1e") || json.Unmarshal([]byte(s), &v) != nil || v.Type != tc.types[i] {
				t.Fatalf("%s: record %d %q, want type %d", tc.msg, i, r, tc.types[i])
			}
			if v.Type != 1 && (v.InvocationID == nil || *v.InvocationID != "7") {
				t.Errorf("%s: record %d %q answers another invocation", tc.msg, i, r)
			}
			if v.Type == 3 && len(tc.types) == 2 && !strings.Contains(string(v.Result), "gesperrt") {
				t.Errorf("%s: the completion %q carries no result", tc.msg, r)
			}
		}
	}
}

// TestM365CopilotIDsAsText: the ids Copilot's client writes (PyRIT:
// requestId uuid4().hex, conversationId a UUID, invocationId a counter)
// are ids; a value of another form there (a tax ID, a name joined by a
// dot) is read as the person's text. Before, markID passed any value
// without white space unread.
func TestM365CopilotIDsAsText(t *testing.T) {
	frame := func(inv, req, conv string) string {
		return `{"type":4,"target":"chat","invocationId":"` + inv + `","arguments":[{"source":"officeweb","conversationId":"` + conv +
			`","message":{"author":"user","inputMethod":"Keyboard","text":"Hallo","requestId":"` + req + `"}}]}` + "\x1e"
	}
	const uuid, hex = "2f4e6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b", "9f86d081884c7d659a2feaa0c55ad015"
	for _, c := range []struct {
		msg  string
		want []string // the fields read besides the prompt
	}{
		{frame("0", hex, uuid), nil},
		{frame("12", uuid, uuid), nil},
		{frame("0", "86095742719", uuid), []string{"arguments[0].message.requestId"}},
		{frame("0", hex, "Mehmet.Yilmaz"), []string{"arguments[0].conversationId"}},
		{frame("86095742719", hex, uuid), []string{"invocationId"}},
	} {
		env, err := m365CopilotAdapter{}.WSFrame(&Request{}, true, []byte(c.msg))
		if err != nil {
			t.Fatalf("%s: %v", c.msg, err)
		}
		var got []string
		for _, f := range env.Fields {
			if f.Name != "arguments[0].message.text" {
				got = append(got, f.Name)
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: fields %q, want %q", c.msg, got, c.want)
		}
	}
}

// TestM365CopilotEveryUserField: every member of Copilot's chat
// invocation that can carry the person's text or a file, as public
// clients write it (PyRIT's websocket_copilot_target.py
// _build_prompt_message, mbrg/power-pwn's copilot_connector.py
// __get_prompt, and the Sydney shape Bing's chat shares: message.imageUrl,
// previousMessages' page context, knowledge and plugin requests), is read:
// the prompt as the prompt, an image as a data URL counted as
// uninspected, a text file so sent read as a file, every other string
// (a file's name in messageAnnotations, a page's text in previousMessages,
// an agent's or a plugin's id, a knowledge request's query) as text
// scanned with the rest; a record another target invokes, or a stream
// item the client streams, is read the same way.
func TestM365CopilotEveryUserField(t *testing.T) {
	const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
	txt := "data:text/plain;base64,QWt0ZW52ZXJtZXJrOiBIZXJyIE1laG1ldCBZxLFsbWF6" // "Aktenvermerk: Herr Mehmet Yılmaz"
	invocation := `{"type":4,"target":"chat","invocationId":"0","arguments":[{"source":"officeweb","clientCorrelationId":"60c2ee92-64f1-cef5-555a-b7ad5ad2c21c",` +
		`"sessionId":"1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d","optionsSets":["enterprise_flux_web"],"options":{},"allowedMessageTypes":["Chat"],"sliceIds":[],` +
		`"threadLevelGptId":{"id":"Akte Kowalski","source":"MOS3"},"gpts":[{"id":"T_Bürgeramt Kowalski","source":"MOS3"}],` +
		`"conversationId":"2f4e6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b","traceId":"6eaf112117f7ecbfa4cef5495f098e59","isStartOfSession":true,"productThreadType":"Office","clientInfo":{"clientPlatform":"web"},` +
		`"message":{"author":"user","inputMethod":"Keyboard","text":"Fasse den Vermerk zusammen.","entityAnnotationTypes":["People","File"],"requestId":"6eaf112117f7ecbfa4cef5495f098e59",` +
		`"locationInfo":{"timeZoneOffset":1,"timeZone":"Europe/Berlin"},"locale":"de-de","messageType":"Chat","experienceType":"Default","adapativeCards":[],"clientPreferences":{},` +
		`"imageUrl":"data:image/png;base64,` + png + `","originalImageUrl":"` + txt + `",` +
		`"messageAnnotations":[{"id":"a1b2c3","messageAnnotationMetadata":{"@type":"File","annotationType":"File","fileType":"pdf","fileName":"Bescheid_Juergen_Kowalski.pdf"},"messageAnnotationType":"ImageFile"}]},` +
		`"previousMessages":[{"author":"user","description":"Seite: Antrag von Frau Erika Mustermann, Hauptstraße 5","contextType":"WebPage","messageType":"Context"}],` +
		`"knowledgeRequest":{"query":"Steuer-ID 86095742719"},"plugins":[{"Id":"BingWebSearch","Source":"BuiltIn"}]}]}` + "\x1e"
	env, err := m365CopilotAdapter{}.WSFrame(&Request{}, true, []byte(invocation))
	if err != nil || env == nil {
		t.Fatalf("%v %v", env, err)
	}
	read := func(part string) bool {
		for _, f := range env.Fields {
			if strings.Contains(f.Text, part) {
				return true
			}
		}
		return false
	}
	var prompt, file bool
	for _, f := range env.Fields {
		prompt = prompt || f.Kind == UserText && f.Name == "arguments[0].message.text" && f.Text == "Fasse den Vermerk zusammen."
		file = file || f.Kind == File && strings.Contains(f.Text, "Aktenvermerk: Herr Mehmet")
	}
	if !prompt || !file || !slices.Contains(env.Uninspected, UninspectedImage) {
		t.Errorf("prompt %v, text file %v, uninspected %v", prompt, file, env.Uninspected)
	}
	for _, part := range []string{"Bescheid_Juergen_Kowalski.pdf", "Erika Mustermann", "86095742719", "Akte Kowalski", "T_Bürgeramt Kowalski"} {
		if !read(part) {
			t.Errorf("%q not read", part)
		}
	}
	for _, rec := range []string{
		`{"type":1,"target":"sendFeedback","invocationId":"3","arguments":[{"comment":"Herr Mehmet Yılmaz"}]}`,
		`{"type":2,"invocationId":"4","item":"Herr Mehmet Yılmaz"}`,
	} {
		env, err := m365CopilotAdapter{}.WSFrame(&Request{}, true, []byte(rec+"\x1e"))
		if err != nil || env == nil || !slices.ContainsFunc(env.Fields, func(f Field) bool { return strings.Contains(f.Text, "Yılmaz") }) {
			t.Errorf("%s: %v %+v", rec, err, env)
		}
	}
}

// TestM365CopilotLocalFileUninspected: a document attached as a LocalFile
// annotation was uploaded through Microsoft Graph into OneDrive, not
// through the chat's host, and Copilot reads it by its SharePoint address:
// it is counted as a file the service fetches (file_url), once per
// document, and its name is still read. Before, the annotation passed as
// text and the document reached Copilot unread. An annotation of another
// type is not counted; a message with only such a document is inspected.
func TestM365CopilotLocalFileUninspected(t *testing.T) {
	a := m365CopilotAdapter{}
	ann := func(typ, name string) string {
		return `{"id":"SPO_ZmFrZQ_1","text":"` + name + `","url":"https://contoso.sharepoint.com/personal/u/Documents/Microsoft%20Copilot%20Chat%20Files/` + name + `","messageAnnotationType":"` + typ + `"}`
	}
	for _, tc := range []struct {
		text, anns string
		want       int
	}{
		{"Fasse das zusammen.", ann("LocalFile", "Bescheid_Kowalski.docx"), 1},
		{"Vergleiche beide.", ann("LocalFile", "Akte_Anna_Schmidt.pdf") + "," + ann("localfile", "Akte_Jan_Meyer.pdf"), 2},
		{"", ann("LocalFile", "Akte_Anna_Schmidt.pdf"), 1},
		{"Was steht hier?", ann("Mention", "Anna"), 0},
	} {
		msg := `{"type":4,"target":"chat","invocationId":"0","arguments":[{"message":{"author":"user","text":"` + tc.text + `","messageAnnotations":[` + tc.anns + `]}}]}` + "\x1e"
		env, err := a.WSFrame(&Request{}, true, []byte(msg))
		if err != nil || env == nil {
			t.Fatalf("%s: %v %v", tc.anns, env, err)
		}
		n := 0
		for _, k := range env.Uninspected {
			if k == UninspectedFileURL {
				n++
			}
		}
		if n != tc.want {
			t.Errorf("%s: %v, want %d file_url", tc.anns, env.Uninspected, tc.want)
		}
		if tc.want > 0 && !slices.ContainsFunc(env.Fields, func(f Field) bool { return strings.Contains(f.Text, ".docx") || strings.Contains(f.Text, ".pdf") }) {
			t.Errorf("%s: the file's name is not read: %+v", tc.anns, env.Fields)
		}
	}
}
