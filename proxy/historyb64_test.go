package proxy

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestScanHistoryOffHoldsForBase64: with inspect.scan_history: false,
// what an earlier turn carries as base64 or a data URL is treated as the
// turn's text is: left unread only when the proxy itself read it clean
// before (seenClean), read otherwise. These turns the proxy never saw (an
// answer of the model's, a file the client put into an earlier turn) are
// read and blocked, as with the default (true). Before, both went out
// unread with false.
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
			if code == 200 || len(h.llm.received) != n {
				t.Errorf("scan_history %v: %d %.300s", scan, code, out)
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

// TestScanHistoryOffReadsUnseenTurns: with inspect.scan_history: false an
// earlier turn is left unread only when the proxy itself read its text
// clean before. At HuggingChat's stateless chat (the conversation is the
// browser's) and OpenAI's chat completions: a name replaced in the first
// request and resent in clear as an earlier turn (the page shows the
// person their own text) leaves as its placeholder again, a name and an
// IBAN in an earlier turn the proxy never saw (an edited turn, a model's
// answer) are read, and a clean prompt resent as history passes. Before,
// both names reached the service in clear.
func TestScanHistoryOffReadsUnseenTurns(t *testing.T) {
	up := &recordingUpstream{}
	dir := registeredPolicy(t, "huggingchat", "HuggingChat")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"huggingface.co": up, "api.openai.com": up},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Inspect.ScanHistory = false
			c.Services = append(c.Services, config.Service{ID: "huggingchat", Mode: "inspect"})
		},
	})
	const named, clean = "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz.", "Was ist eine Mahnung?"
	for _, svc := range []struct{ url, role, assistant, model string }{
		{"https://huggingface.co/chat/api/v2/chat/stream", "from", "assistant", "meta-llama/Llama-3.3-70B-Instruct"},
		{"https://api.openai.com/v1/chat/completions", "role", "assistant", "gpt-4o"},
	} {
		send := func(turns ...string) (int, string, string) {
			var msgs []map[string]string
			for i, c := range turns {
				role := "user"
				if i%2 == 1 {
					role = svc.assistant
				}
				msgs = append(msgs, map[string]string{svc.role: role, "content": c})
			}
			body, _ := json.Marshal(map[string]any{"model": svc.model, "messages": msgs})
			n := len(up.bodies())
			code, out := postJSON(t, h, svc.url, string(body))
			if b := up.bodies(); len(b) > n {
				return code, out, b[len(b)-1]
			}
			return code, out, ""
		}
		if code, out, sent := send(named); code != 200 || strings.Contains(sent, "Yılmaz") {
			t.Fatalf("%s, first prompt: %d %.300s, sent %q", svc.url, code, out, sent)
		}
		if code, out, sent := send(named, "Gern.", "Und nun kürzer."); code != 200 || strings.Contains(sent, "Yılmaz") || !strings.Contains(sent, "[PERSON_1]") {
			t.Errorf("%s, the replaced name resent in clear: %d %.300s, sent %q", svc.url, code, out, sent)
		}
		if code, out, sent := send(clean, "Vermerk: Herr Jürgen Kowalski, IBAN "+testIBAN, "Und nun kürzer."); strings.Contains(sent, "Kowalski") || strings.Contains(sent, testIBAN) {
			t.Errorf("%s, a turn never seen: %d %.300s, sent %q", svc.url, code, out, sent)
		}
		if code, out, sent := send(clean); code != 200 || !strings.Contains(sent, clean) {
			t.Fatalf("%s, a clean prompt: %d %.300s", svc.url, code, out)
		}
		if code, out, sent := send(clean, "Eine Zahlungserinnerung.", "Danke."); code != 200 || !strings.Contains(sent, clean) {
			t.Errorf("%s, a clean prompt resent: %d %.300s, sent %q", svc.url, code, out, sent)
		}
	}
}

// TestScanHistoryOffKeepsTopics: a prompt read clean with
// inspect.scan_history: false is noted in the scan cache (markClean) with
// the topics found in it, for the entry is the text's: after a reload to
// scan_history: true the same turn resent as history is answered from it.
// Before, the entry held no topics, so an application's evaluation resent
// as history no longer told the policy of the high-risk use, and a name in
// the next prompt was pseudonymised instead of blocked (KI-RL-5.1).
func TestScanHistoryOffKeepsTopics(t *testing.T) {
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Inspect.ScanHistory = false }})
	topic := "Bitte bewerte den Lebenslauf der Bewerberin und empfiehl, ob wir sie einstellen."
	if code, out := h.chat(t, "api.openai.com", topic, false); code != 200 {
		t.Fatalf("the topic alone: %d %.300s", code, out)
	}
	s := h.pipe.settings()
	cfg := s.cfg
	cfg.ScanHistory = true
	h.pipe.Reload(cfg, s.router)
	n := len(h.llm.received)
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"` + topic + `"},` +
		`{"role":"assistant","content":"Gern, senden Sie mir die Angaben."},` +
		`{"role":"user","content":"Hier der Name: Anna Schmidt."}]}`
	code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
	if code != 400 || len(h.llm.received) != n || !strings.Contains(out, "Abschnitt 5.1") {
		t.Fatalf("the topic in the resent turn must count: %d %.300s", code, out)
	}
}

// TestScanHistoryOffReadsRenamedFile: with inspect.scan_history: false a
// file of an earlier turn is left unread only when the proxy read that
// very file clean before, its name with its bytes: the name goes to the
// service with the file and is read with it. The same clean bytes resent
// under another name (a Steuer-ID in it) are read. Before, seenClean knew
// the bytes alone, and the name went out unread.
func TestScanHistoryOffReadsRenamedFile(t *testing.T) {
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Inspect.ScanHistory = false }})
	data := "data:text/plain;base64," + base64.StdEncoding.EncodeToString([]byte("Die Sitzung des Bauausschusses beginnt um 17 Uhr im Rathaus."))
	file := func(name string) string {
		return `[{"type":"text","text":"Fasse die Datei zusammen."},{"type":"file","file":{"filename":"` + name + `","file_data":"` + data + `"}}]`
	}
	first := `{"model":"gpt-4o","messages":[{"role":"user","content":` + file("sitzung.txt") + `}]}`
	if code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", first); code != 200 {
		t.Fatalf("the clean file: %d %.300s", code, out)
	}
	resent := `{"model":"gpt-4o","messages":[{"role":"user","content":` + file("sitzung.txt") + `},` +
		`{"role":"assistant","content":"Erledigt."},{"role":"user","content":"Danke, und nun kürzer."}]}`
	if code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", resent); code != 200 {
		t.Fatalf("the clean file resent: %d %.300s", code, out)
	}
	n := len(h.llm.received)
	renamed := `{"model":"gpt-4o","messages":[{"role":"user","content":` + file("Steuer-ID_86095742719.txt") + `},` +
		`{"role":"assistant","content":"Erledigt."},{"role":"user","content":"Danke, und nun kürzer."}]}`
	code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", renamed)
	if code == 200 || len(h.llm.received) != n {
		t.Fatalf("the same bytes under a name with a Steuer-ID went out: %d %.300s", code, out)
	}
}

// TestScanHistoryOffTopicsOfEarlierTurns: with inspect.scan_history: false
// an earlier turn the proxy read clean before is left unread, but the
// topics found in it then still count (seenClean answers them from the
// scan cache, which holds them), as with the default (true): an
// application's evaluation asked for in the first turn and a name sent in
// the next is a high-risk use the policy blocks (KI-RL-5.1). Before, the
// turn left unread told the policy nothing, and the name was pseudonymised
// and went out with the evaluation.
func TestScanHistoryOffTopicsOfEarlierTurns(t *testing.T) {
	for _, scan := range []bool{true, false} {
		h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Inspect.ScanHistory = scan }})
		topic := "Bitte bewerte den Lebenslauf der Bewerberin und empfiehl, ob wir sie einstellen."
		if code, out := h.chat(t, "api.openai.com", topic, false); code != 200 {
			t.Fatalf("scan_history %v, the topic alone: %d %.300s", scan, code, out)
		}
		n := len(h.llm.received)
		body := `{"model":"gpt-4o","messages":[{"role":"user","content":"` + topic + `"},` +
			`{"role":"assistant","content":"Gern, senden Sie mir die Angaben."},` +
			`{"role":"user","content":"Hier der Name: Anna Schmidt."}]}`
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
		if code != 400 || len(h.llm.received) != n || !strings.Contains(out, "Abschnitt 5.1") {
			t.Errorf("scan_history %v, the topic in the resent turn must count: %d %.300s", scan, code, out)
		}
	}
}
