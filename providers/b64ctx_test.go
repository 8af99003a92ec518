package providers

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// TestBase64NextToEscapeRewritten: a run of base64 in JSON text held in a
// string (a tool call's arguments) that an escape of that text follows or
// precedes ("\n" after it, "\/" before it), but that holds none, is read
// once, as a field that a redaction rewrites in place. Before, it was read
// with the escapes undone as well, as a file, and its findings blocked.
func TestBase64NextToEscapeRewritten(t *testing.T) {
	text := "Vermerk: Herr Jürgen Kowalski ruft an"
	tok := base64.StdEncoding.EncodeToString([]byte(text))
	req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
	for _, inner := range []string{
		`{"inhalt":"` + tok + `\nDanke"}`,
		`{"inhalt":"Zeile 1\n` + tok + `"}`,
		`{"inhalt":"` + tok + `","url":"https:\/\/example.org\/"}`,
		`{"inhalt":"a\/` + " " + tok + `\/b"}`,
		`{"inhalt":"` + tok + `\r\n"}`,
	} {
		args, _ := json.Marshal(inner)
		body := `{"model":"gpt-4o","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":` + string(args) + `}}]},{"role":"user","content":"weiter"}]}`
		env, err := openAIAdapter{}.Extract(req, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		field := -1
		for i, f := range env.Fields {
			if f.Text != text {
				continue
			}
			if f.Kind == File || !f.Redactable() || field >= 0 {
				t.Fatalf("%s: read as %s (redactable %v), or twice: %+v", inner, f.Kind, f.Redactable(), env.Fields)
			}
			field = i
		}
		if field < 0 {
			t.Fatalf("%s: not read: %+v", inner, env.Fields)
		}
		start := strings.Index(text, "Jürgen")
		out, err := openAIAdapter{}.Apply(req, []byte(body), env, []Edit{{Field: field, Start: start, End: start + len("Jürgen Kowalski"), Replacement: "[PERSON_1]"}})
		if err != nil {
			t.Fatalf("%s: %v", inner, err)
		}
		want := strings.Replace(inner, tok, base64.StdEncoding.EncodeToString([]byte(strings.Replace(text, "Jürgen Kowalski", "[PERSON_1]", 1))), 1)
		var doc struct {
			Messages []struct {
				ToolCalls []struct{ Function struct{ Arguments string } } `json:"tool_calls"`
			} `json:"messages"`
		}
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if got := doc.Messages[0].ToolCalls[0].Function.Arguments; got != want {
			t.Errorf("the service gets\n%s\nwant\n%s", got, want)
		}
	}
}
