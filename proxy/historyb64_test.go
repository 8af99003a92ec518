package proxy

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestScanHistoryOffHoldsForBase64: with inspect.scan_history: false,
// what an earlier turn carries as base64 or a data URL is left unread as
// the turn's text is: the files decoded from a History field are not
// extracted nor scanned. Before, the decoded text was scanned, and a name
// in an earlier turn blocked the request only when written in base64. With
// the default (true) both are read, and the request is blocked.
func TestScanHistoryOffHoldsForBase64(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte("Vermerk: Herr Jürgen Kowalski, IBAN " + testIBAN + ", wohnt in der Hauptstraße 5, 10115 Berlin."))
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Fasse die Akte zusammen."},` +
		`{"role":"assistant","content":"Die Akte lautet: ` + b64 + ` und data:text/plain;base64,` + b64 + `"},` +
		`{"role":"user","content":"Danke, und nun kürzer."}]}`
	// A file attached to an earlier turn is that turn's too.
	attached := `{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Fasse die Akte zusammen."},` +
		`{"type":"file","file":{"filename":"akte.txt","file_data":"data:text/plain;base64,` + b64 + `"}}]},` +
		`{"role":"assistant","content":"Erledigt."},{"role":"user","content":"Danke, und nun kürzer."}]}`
	for _, body := range []string{body, attached} {
		for _, scan := range []bool{false, true} {
			h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Inspect.ScanHistory = scan }})
			n := len(h.llm.received)
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
			switch {
			case !scan && (code != 200 || len(h.llm.received) != n+1 || !strings.Contains(h.llm.received[n], b64)):
				t.Errorf("scan_history false: %d %.300s", code, out)
			case scan && (code == 200 || len(h.llm.received) != n):
				t.Errorf("scan_history true: %d %.300s", code, out)
			}
		}
	}
}

// TestScanHistoryOffReadsToolFiles: a tool's result in an earlier turn is
// read with inspect.scan_history: false, as the tool's text there is
// (ToolOutput is no History), and so are the files it returns: a Claude
// tool_result's document, a Gemini functionResponse's inlineData part.
// Before, the earlier turn's marking (Field.FromHistory) took in the
// tool's files, which were then left unread. (The tool's text is
// rewritten; a file, which is not, blocks.)
func TestScanHistoryOffReadsToolFiles(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte("Vermerk: Herr Jürgen Kowalski, IBAN " + testIBAN + ", wohnt in der Hauptstraße 5, 10115 Berlin."))
	for _, tc := range []struct{ name, url, body string }{
		{"Claude tool_result document", "https://api.anthropic.com/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[` +
			`{"role":"user","content":"Lies die Akte."},` +
			`{"role":"assistant","content":[{"type":"tool_use","id":"tu_1","name":"akte_lesen","input":{}}]},` +
			`{"role":"user","content":[{"type":"tool_result","tool_use_id":"tu_1","content":[{"type":"document","source":{"type":"base64","media_type":"text/plain","data":"` + b64 + `"}}]}]},` +
			`{"role":"assistant","content":"Gelesen."},{"role":"user","content":"Und nun kürzer."}]}`},
		{"Claude tool_result text (read before too)", "https://api.anthropic.com/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[` +
			`{"role":"user","content":"Lies die Akte."},` +
			`{"role":"assistant","content":[{"type":"tool_use","id":"tu_1","name":"akte_lesen","input":{}}]},` +
			`{"role":"user","content":[{"type":"tool_result","tool_use_id":"tu_1","content":"Herr Jürgen Kowalski, IBAN ` + testIBAN + `"}]},` +
			`{"role":"assistant","content":"Gelesen."},{"role":"user","content":"Und nun kürzer."}]}`},
		{"Gemini functionResponse inlineData", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", `{"contents":[` +
			`{"role":"user","parts":[{"text":"Lies die Akte."}]},` +
			`{"role":"model","parts":[{"functionCall":{"name":"akte_lesen","args":{}}}]},` +
			`{"role":"user","parts":[{"functionResponse":{"name":"akte_lesen","response":{"ok":true},"parts":[{"inlineData":{"mimeType":"text/plain","data":"` + b64 + `"}}]}}]},` +
			`{"role":"model","parts":[{"text":"Gelesen."}]},{"role":"user","parts":[{"text":"Und nun kürzer."}]}]}`},
	} {
		up := &recordingUpstream{}
		h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Inspect.ScanHistory = false },
			extra: map[string]http.Handler{"generativelanguage.googleapis.com": up, "api.anthropic.com": up}})
		code, out := postJSON(t, h, tc.url, tc.body)
		for _, sent := range up.bodies() { // the text is rewritten, a file blocks
			for _, v := range []string{b64, "Kowalski", testIBAN} {
				if strings.Contains(sent, v) {
					t.Errorf("%s: the service got %q: %d %.300s", tc.name, v, code, out)
				}
			}
		}
	}
}
