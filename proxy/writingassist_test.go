package proxy

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestWritingAssistantsInCatalogue: writing assistants and browser
// sidebars send what staff write or read to an LLM. Through the running
// proxy: Grammarly (its text leaves as pieces of edits over a WebSocket)
// is answered with the German notice that says why, nothing forwarded;
// Brave Leo is inspected, refused until registered, and registered a
// Steuer-ID in the page's text never leaves; Microsoft Editor, LanguageTool
// and Notion AI, which staff need for more than AI, are in the catalogue
// but off, and IT's one line turns them on: read by the fallback (a
// Steuer-ID blocks, a clean text passes) or blocked; the rest of Notion
// stays unread. Before, all of them went through a blind tunnel. Sources
// in catalogue.go.
func TestWritingAssistantsInCatalogue(t *testing.T) {
	up := &fakeLLM{}
	extra := map[string]http.Handler{}
	for _, h := range []string{"capi.grammarly.com", "ai-chat.bsg.brave.com", "ai-chat-premium.bsg.brave.com",
		"nleditor.osi.office.net", "api.languagetoolplus.com", "www.notion.so"} {
		extra[h] = up
	}
	received := func() string {
		up.mu.Lock()
		defer up.mu.Unlock()
		return strings.Join(up.received, "\n")
	}
	post := func(h *pipeHarness, u, ctype, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", u, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		return h.send(t, req)
	}
	page := "Seite: Bescheid an Max Mustermann, Steuer-ID " + testTaxID + ". Frage: Fasse die Seite zusammen."
	leo := `{"model":"llama-3-8b-instruct","stream":false,"messages":[{"role":"user","content":"` + page + `"}]}`
	clean := `{"model":"llama-3-8b-instruct","stream":false,"messages":[{"role":"user","content":"Fasse die Seite zusammen: Die Bibliothek ist montags geschlossen."}]}`

	// Brave Leo, not registered: refused (KI-RL-2.1).
	unregistered := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) { c.Policy.Dir = registeredPolicy(t, "other-service", "Anderer Dienst") }})
	if code, body := post(unregistered, "https://ai-chat.bsg.brave.com/v1/chat/completions", "application/json", clean); code == http.StatusOK || !strings.Contains(body, "Abschnitt 2.1") {
		t.Errorf("Leo unregistered: %d %.300s", code, body)
	}
	// Grammarly: the WebSocket and any request answered with the reason.
	req, _ := http.NewRequest("GET", "https://capi.grammarly.com/freews", nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	req.Header.Set("Origin", "chrome-extension://kbfnbcaeplbcioakkpcpgfkobkghlhen")
	for _, r := range []*http.Request{req} {
		if code, body := unregistered.send(t, r); code != http.StatusForbidden || !strings.Contains(body, "Grammarly") ||
			!strings.Contains(body, "kann schleuse den Text nicht sicher lesen") || !strings.Contains(body, "cannot reliably read") {
			t.Errorf("Grammarly WebSocket: %d %.300s", code, body)
		}
	}
	if code, body := post(unregistered, "https://capi.grammarly.com/api/check", "application/json", `{"text":"`+page+`"}`); code != http.StatusForbidden || !strings.Contains(body, "Grammarly") {
		t.Errorf("Grammarly POST: %d %.300s", code, body)
	}
	if n := len(up.received); n != 0 {
		t.Fatalf("%d requests forwarded before any registration: %q", n, received())
	}

	// Registered, and IT's lines for the entries that are off.
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) {
		dir := registeredPolicy(t, "brave-leo", "Brave Leo")
		registerService(t, dir, "microsoft-editor", "Microsoft Editor")
		c.Policy.Dir = dir
		c.Services = append(c.Services, config.Service{ID: "microsoft-editor", Mode: "inspect"},
			config.Service{ID: "languagetool", Mode: "block"}, config.Service{ID: "notion-ai", Mode: "block"})
	}})
	// Leo's OpenAI-compatible chat (also premium): the Steuer-ID is replaced
	// or the request refused; a clean question is forwarded.
	for _, host := range []string{"ai-chat.bsg.brave.com", "ai-chat-premium.bsg.brave.com"} {
		n := len(up.received)
		code, body := post(h, "https://"+host+"/v1/chat/completions", "application/json", leo)
		if strings.Contains(received(), testTaxID) || code == http.StatusOK && (len(up.received) != n+1 || !strings.Contains(up.last(), "[DE_TAX_ID_")) {
			t.Errorf("Leo %s: %d %.300s; upstream %q", host, code, body, up.last())
		}
		n = len(up.received)
		if code, body := post(h, "https://"+host+"/v1/chat/completions", "application/json", clean); code != http.StatusOK || len(up.received) != n+1 {
			t.Errorf("Leo %s clean: %d %.300s", host, code, body)
		}
	}
	// Leo's older completion: the fallback reads it, a Steuer-ID blocks.
	if code, body := post(h, "https://ai-chat.bsg.brave.com/v1/complete", "application/json", `{"prompt":"[INST] `+page+` [/INST]","model":"llama-2-13b-chat","stream":true}`); code == http.StatusOK || !strings.Contains(body, "schleuse") {
		t.Errorf("Leo /v1/complete: %d %.300s", code, body)
	}
	// Microsoft Editor turned on (inspect): its form is read.
	form := url.Values{"AppId": {"EditorBX_Online"}, "LanguageId": {"de-de"}, "Text": {page}}.Encode()
	if code, body := post(h, "https://nleditor.osi.office.net/NlEditor/Check/V1/", "application/x-www-form-urlencoded", form); code == http.StatusOK || !strings.Contains(body, "schleuse") {
		t.Errorf("Editor with a Steuer-ID: %d %.300s", code, body)
	}
	n := len(up.received)
	form = url.Values{"AppId": {"EditorBX_Online"}, "LanguageId": {"de-de"}, "Text": {"Die Bibliothek ist montags geschlossen."}}.Encode()
	if code, body := post(h, "https://nleditor.osi.office.net/NlEditor/Check/V1/", "application/x-www-form-urlencoded", form); code != http.StatusOK || len(up.received) != n+1 {
		t.Errorf("Editor clean: %d %.300s", code, body)
	}
	// LanguageTool set to block: the notice names it, nothing forwarded.
	n = len(up.received)
	if code, body := post(h, "https://api.languagetoolplus.com/v2/check", "application/x-www-form-urlencoded", url.Values{"text": {page}, "language": {"de-DE"}}.Encode()); code != http.StatusForbidden || !strings.Contains(body, "LanguageTool") {
		t.Errorf("LanguageTool blocked: %d %.300s", code, body)
	}
	// Notion AI set to block: its completion answered with the notice, the
	// rest of Notion forwarded unread.
	if code, body := post(h, "https://www.notion.so/api/v3/getCompletion", "application/json", `{"id":"a1","model":"openai-3","context":{"type":"helpMeWrite","pageTitle":"Bescheid","prompt":"`+page+`"}}`); code != http.StatusForbidden || !strings.Contains(body, "Notion AI") {
		t.Errorf("Notion AI blocked: %d %.300s", code, body)
	}
	if len(up.received) != n {
		t.Errorf("blocked services received %d requests", len(up.received)-n)
	}
	if code, body := post(h, "https://www.notion.so/api/v3/loadPageChunk", "application/json", `{"pageId":"a1","limit":30}`); code != http.StatusOK || len(up.received) != n+1 {
		t.Errorf("the rest of Notion: %d %.300s", code, body)
	}
	if strings.Contains(received(), testTaxID) {
		t.Fatalf("a Steuer-ID reached a service: %q", received())
	}

	// The built-in catalogue: Editor, LanguageTool and Notion AI off, as
	// before; Google Docs' and Gmail's "Help me write" is Gemini in
	// Google Workspace's.
	cat, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]Mode{"nleditor.osi.office.net": ModeTunnel, "api.languagetool.org": ModeTunnel, "www.notion.so": ModeTunnel,
		"capi.grammarly.com": ModeBlock, "ai-chat-premium.bsg.brave.com": ModeInspect, "appsgenaiserver-pa.clients6.google.com": ModeInspect} {
		if svc := cat.Lookup(host); svc == nil || svc.Mode != want {
			t.Errorf("%s: %+v, want mode %s", host, svc, want)
		}
	}
}

// TestNotionAIInferenceTranscript: Notion AI's chat, "Ask AI" and agent
// post the person's question as a transcript of records to
// /api/v3/runInferenceTranscript, on app.notion.com (the web and desktop
// app's host in 2026) and www.notion.so; only getCompletion was the
// entry's, so with notion-ai turned on a Steuer-ID asked there went out
// unread, and app.notion.com was no host of it at all. Turned on (inspect,
// registered) the fallback reads the transcript: the Steuer-ID blocks, a
// clean question passes, the rest of Notion stays unread; the built-in
// entry is off (tunnel) on both hosts.
func TestNotionAIInferenceTranscript(t *testing.T) {
	up := &fakeLLM{}
	extra := map[string]http.Handler{"www.notion.so": up, "app.notion.com": up}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) {
		c.Policy.Dir = registeredPolicy(t, "notion-ai", "Notion AI")
		c.Services = append(c.Services, config.Service{ID: "notion-ai", Mode: "inspect"})
	}})
	transcript := func(q string) string {
		return `{"traceId":"6f1c2a7e-1d2b-4c3d-9e8f-0a1b2c3d4e5f","spaceId":"c8b966f7-8a76-8168-bfdb-0003e92f00e8","threadId":"28f77d4b-cf24-8047-a5c8-00a903f9b563",` +
			`"createThread":true,"threadType":"workflow","asPatchResponse":true,"patchResponseVersion":2,"transcript":[` +
			`{"id":"0b1c","type":"config","value":{"type":"workflow","model":"oatmeal-cookie","modelFromUser":false,"useWebSearch":true}},` +
			`{"id":"1c2d","type":"context","value":{"timezone":"Europe/Berlin","currentDatetime":"2026-12-01T10:00:00+01:00","surface":"ai_module"}},` +
			`{"id":"2d3e","type":"user","value":[["` + q + `"]],"userId":"382d872b-594c-81ff-b89c-00021216a6b0","createdAt":"2026-12-01T10:00:00+01:00"}]}`
	}
	post := func(u, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", u, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/x-ndjson")
		return h.send(t, req)
	}
	for _, host := range []string{"app.notion.com", "www.notion.so"} {
		n := len(up.received)
		if code, body := post("https://"+host+"/api/v3/runInferenceTranscript", transcript("Schreib einen Bescheid an Max Mustermann, Steuer-ID "+testTaxID+".")); code == http.StatusOK || !strings.Contains(body, "schleuse") {
			t.Errorf("%s: a Steuer-ID in the transcript: %d %.300s", host, code, body)
		}
		if len(up.received) != n {
			t.Errorf("%s: the refused transcript was forwarded", host)
		}
		if code, body := post("https://"+host+"/api/v3/runInferenceTranscript", transcript("Fasse die Seite zusammen: Die Bibliothek ist montags geschlossen.")); code != http.StatusOK || len(up.received) != n+1 {
			t.Errorf("%s: a clean question: %d %.300s", host, code, body)
		}
		n = len(up.received)
		if code, body := post("https://"+host+"/api/v3/loadPageChunk", `{"pageId":"Steuer-ID `+testTaxID+`","limit":30}`); code != http.StatusOK || len(up.received) != n+1 {
			t.Errorf("%s: the rest of Notion: %d %.300s", host, code, body)
		}
	}
	cat, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"app.notion.com", "www.notion.so"} {
		if svc := cat.Lookup(host); svc == nil || svc.ID != "notion-ai" || svc.Mode != ModeTunnel ||
			!svc.covers(&url.URL{Path: "/api/v3/runInferenceTranscript"}) || svc.covers(&url.URL{Path: "/api/v3/loadPageChunk"}) {
			t.Errorf("%s: %+v, want notion-ai off covering runInferenceTranscript", host, svc)
		}
	}
}
