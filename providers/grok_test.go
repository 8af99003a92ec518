package providers

import (
	"fmt"
	"testing"
)

// TestGrokXPromptTurn: of X's conversation, the person's last turn is the
// prompt (UserText) and the earlier turns history, whatever form the sender
// takes: only a turn known to be Grok's (sender 2, "2", "assistant") is
// not the person's. Before, a sender written otherwise ("1" as a string,
// none at all) made the new prompt history too, which inspect.scan_history:
// false leaves unread.
func TestGrokXPromptTurn(t *testing.T) {
	req := &Request{Method: "POST", Host: "x.com", Path: "/i/api/2/grok/add_response.json"}
	for _, c := range []struct {
		name, person, grok string
		want               []Kind // of the three turns: person, Grok, person
	}{
		{"numbers", `1`, `2`, []Kind{History, History, UserText}},
		{"strings", `"1"`, `"2"`, []Kind{History, History, UserText}},
		{"names", `"USER"`, `"ASSISTANT"`, []Kind{History, History, UserText}},
		{"human and grok", `"human"`, `"grok"`, []Kind{History, History, UserText}},
		{"no sender", ``, ``, []Kind{History, History, UserText}},
		{"unknown sender", `"me"`, `2`, []Kind{History, History, UserText}},
	} {
		turn := func(msg, sender string) string {
			if sender == "" {
				return fmt.Sprintf(`{"message":%q}`, msg)
			}
			return fmt.Sprintf(`{"message":%q,"sender":%s}`, msg, sender)
		}
		body := `{"responses":[` + turn("Was ist eine Mahnung?", c.person) + "," + turn("Eine Zahlungserinnerung.", c.grok) + "," +
			turn("Mahnung an Herrn Max Mustermann", c.person) + `],"grokModelOptionId":"grok-3"}`
		env, err := grokAdapter{}.Extract(req, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got []Kind
		for _, f := range env.Fields {
			if f.Name == fmt.Sprintf("responses[%d].message", len(got)) {
				got = append(got, f.Kind)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: turns read as %v, want %v", c.name, got, c.want)
		}
	}
	// A conversation that ends with Grok's turn (an answer asked again):
	// the person's last turn is the prompt.
	env, err := grokAdapter{}.Extract(req, []byte(`{"responses":[{"message":"Hallo Grok","sender":1},{"message":"Hallo!","sender":2}]}`))
	if err != nil || len(env.Fields) < 2 || env.Fields[0].Kind != UserText || env.Fields[1].Kind != History {
		t.Errorf("ending with Grok's turn: %v %+v", err, env)
	}
}
