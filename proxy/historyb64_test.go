package proxy

import (
	"encoding/base64"
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
