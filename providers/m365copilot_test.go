package providers

import (
	"encoding/json"
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
