package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
)

// fakeTranslator answers as the translation services do, each text
// "translated" as "EN: " and the text, and keeps what it received.
type fakeTranslator struct {
	mu       sync.Mutex
	received []string
}

func (f *fakeTranslator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.received = append(f.received, string(b))
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	switch {
	case r.URL.Path == "/translate/translatetext": // Edge's selection: ["…"] → ["…"]
		var texts []string
		json.Unmarshal(b, &texts)
		for i := range texts {
			texts[i] = "EN: " + texts[i]
		}
		json.NewEncoder(w).Encode(texts)
	case r.URL.Path == "/translate": // Translator v3: [{"Text"}] → [{"translations":[{"text","to"}]}]
		var in []struct{ Text string }
		json.Unmarshal(b, &in)
		out := []any{}
		for _, t := range in {
			out = append(out, map[string]any{"translations": []any{map[string]any{"text": "EN: " + t.Text, "to": "en"}}})
		}
		json.NewEncoder(w).Encode(out)
	case r.URL.Path == "/v1/translateHtml": // [[[texts…], sl, tl], client] → [[translations…], [languages…]]
		var in []json.RawMessage
		json.Unmarshal(b, &in)
		var head []json.RawMessage
		if len(in) > 0 {
			json.Unmarshal(in[0], &head)
		}
		var texts []string
		if len(head) > 0 {
			json.Unmarshal(head[0], &texts)
		}
		langs := []string{}
		for i := range texts {
			texts[i] = "EN: " + texts[i]
			langs = append(langs, "de")
		}
		json.NewEncoder(w).Encode([]any{texts, langs})
	default:
		io.WriteString(w, `{"ok":true}`)
	}
}

func (f *fakeTranslator) all() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.received, "\n")
}

// TestBrowserTranslatorsInspected: Edge's page and selection translation,
// Chrome's page translation and translate.google.com sent a page's text
// through a blind tunnel; the Steuer-ID in a Fachverfahren's page reached
// Microsoft and Google. Through the running proxy with the default policy
// (which registers the browsers' translators as it registers deepl-web):
// the page is still translated, the Steuer-ID leaves as a placeholder and
// comes back in the translation; translate.google.com's own RPC is read by
// the fallback (a Steuer-ID blocks, a clean text passes, no unknown
// format); the translation APIs are refused until registered; Edge's other
// services on edge.microsoft.com pass unread. Sources in catalogue.go.
func TestBrowserTranslatorsInspected(t *testing.T) {
	up := &fakeTranslator{}
	extra := map[string]http.Handler{}
	for _, host := range []string{"api-edge.cognitive.microsofttranslator.com", "edge.microsoft.com", "translate-pa.googleapis.com",
		"translate.google.com", "api-eur.cognitive.microsofttranslator.com", "translation.googleapis.com"} {
		extra[host] = up
	}
	post := func(h *pipeHarness, u, ctype, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", u, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		return h.send(t, req)
	}
	page := "Bescheid an Max Mustermann, Steuer-ID " + testTaxID + "."
	pages := func(text string) []struct{ name, url, ctype, body string } {
		return []struct{ name, url, ctype, body string }{
			{"Edge page", "https://api-edge.cognitive.microsofttranslator.com/translate?api-version=3.0&from=&to=en&textType=html",
				"application/json", `[{"Text":"<h1>Bescheid</h1>"},{"Text":"<p>` + text + `</p>"}]`},
			{"Edge selection", "https://edge.microsoft.com/translate/translatetext?from=&to=en", "application/json", `["` + text + `"]`},
			{"Chrome page", "https://translate-pa.googleapis.com/v1/translateHtml", "application/json+protobuf", `[[["<b>Bescheid</b>","` + text + `"],"auto","en"],"te_lib"]`},
		}
	}

	// The default policy registers the browsers' translators as deepl-web
	// (approved, no AVV): a clean page is translated; one with a
	// Steuer-ID is refused (KI-RL-3.4), nothing forwarded.
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra})
	for _, c := range pages("Die Bibliothek ist montags geschlossen.") {
		n := len(up.received)
		if code, body := post(h, c.url, c.ctype, c.body); code != http.StatusOK || len(up.received) != n+1 || !strings.Contains(body, "EN: ") {
			t.Errorf("%s clean: %d %.300s (forwarded %d)", c.name, code, body, len(up.received)-n)
		}
	}
	for _, c := range pages(page) {
		n := len(up.received)
		if code, body := post(h, c.url, c.ctype, c.body); code == http.StatusOK || len(up.received) != n || !strings.Contains(body, "Abschnitt 3.4") {
			t.Errorf("%s with a Steuer-ID, no AVV: %d %.300s (forwarded %d)", c.name, code, body, len(up.received)-n)
		}
	}

	// With an AVV (the DPO sets avv: true): the page is still translated,
	// the Steuer-ID leaves as a placeholder and comes back in the
	// translation.
	withAVV := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) {
		dir := filepath.Join(t.TempDir(), "richtlinie")
		if err := policies.WriteDefault(dir); err != nil {
			t.Fatal(err)
		}
		data := filepath.Join(dir, "data.yaml")
		b, err := os.ReadFile(data)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.ReplaceAll(string(b), "approved: true, avv: false, system: open, permitted_classes: []}", "approved: true, avv: true, system: open, permitted_classes: []}")
		if err := os.WriteFile(data, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		c.Policy.Dir = dir
	}})
	for _, c := range pages(page) {
		n := len(up.received)
		code, body := post(withAVV, c.url, c.ctype, c.body)
		if code != http.StatusOK || len(up.received) != n+1 {
			t.Errorf("%s with an AVV: %d %.300s (forwarded %d)", c.name, code, body, len(up.received)-n)
			continue
		}
		if sent := up.received[n]; strings.Contains(sent, testTaxID) || !strings.Contains(sent, "[DE_TAX_ID_") {
			t.Errorf("%s: sent %q, want the Steuer-ID replaced", c.name, sent)
		}
		if !strings.Contains(body, "EN: ") || !strings.Contains(body, testTaxID) || strings.Contains(body, "[DE_TAX_ID_") {
			t.Errorf("%s: the translation %q, want it with the Steuer-ID restored", c.name, body)
		}
	}

	// translate.google.com: the fallback reads its RPC; a Steuer-ID blocks.
	freq := func(text string) string {
		inner, _ := json.Marshal([]any{[]any{text, "auto", "en", true}, []any{nil}})
		outer, _ := json.Marshal([]any{[]any{[]any{"MkEWBc", string(inner), nil, "generic"}}})
		return url.Values{"f.req": {string(outer)}}.Encode() + "&"
	}
	rpc := "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute?rpcids=MkEWBc&rt=c"
	n := len(up.received)
	if code, body := post(h, rpc, "application/x-www-form-urlencoded;charset=utf-8", freq(page)); code == http.StatusOK || len(up.received) != n {
		t.Errorf("translate.google.com with a Steuer-ID: %d %.300s", code, body)
	}
	if code, body := post(h, rpc, "application/x-www-form-urlencoded;charset=utf-8", freq("Die Bibliothek ist montags geschlossen.")); code != http.StatusOK || len(up.received) != n+1 {
		t.Errorf("translate.google.com clean: %d %.300s", code, body)
	}

	// The APIs, not in the default register: refused (KI-RL-2.1).
	n = len(up.received)
	for _, c := range []struct{ url, ctype, body string }{
		{"https://api-eur.cognitive.microsofttranslator.com/translate?api-version=3.0&to=en", "application/json", `[{"Text":"Die Bibliothek ist montags geschlossen."}]`},
		{"https://translation.googleapis.com/language/translate/v2", "application/json", `{"q":"Die Bibliothek ist montags geschlossen.","target":"en"}`},
	} {
		if code, body := post(h, c.url, c.ctype, c.body); code == http.StatusOK || !strings.Contains(body, "Abschnitt 2.1") {
			t.Errorf("%s unregistered: %d %.300s", c.url, code, body)
		}
	}
	if len(up.received) != n {
		t.Errorf("an unregistered API received %d requests", len(up.received)-n)
	}
	// Edge's other services on edge.microsoft.com: forwarded unread.
	if code, body := post(h, "https://edge.microsoft.com/componentupdater/api/v1/update", "application/json", `{"request":{"note":"Steuer-ID `+testTaxID+`"}}`); code != http.StatusOK || len(up.received) != n+1 {
		t.Errorf("edge.microsoft.com's other paths: %d %.300s", code, body)
	}
	if strings.Contains(strings.Join(up.received[:n], "\n"), testTaxID) {
		t.Fatalf("a Steuer-ID reached a translator: %q", up.all())
	}

	cat, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for host, id := range map[string]string{"api-edge.cognitive.microsofttranslator.com": "edge-translator", "edge.microsoft.com": "edge-translator",
		"translate-pa.googleapis.com": "chrome-translate", "translate.googleapis.com": "chrome-translate", "translate.google.com": "google-translate-web",
		"api.cognitive.microsofttranslator.com": "microsoft-translator-api", "api-eur.cognitive.microsofttranslator.com": "microsoft-translator-api",
		"translation.googleapis.com": "google-cloud-translation"} {
		if svc := cat.Lookup(host); svc == nil || svc.ID != id || svc.Mode != ModeInspect {
			t.Errorf("%s: %+v, want %s inspected", host, svc, id)
		}
	}
}

// TestFirefoxAskChatPromptRead: Firefox's AI chatbot sidebar opens the
// providers' own web apps, and its "Ask chat" and "Summarize page" send the
// page's text or the selection there before any request of the app: to
// Gemini in a header of the page load, X-Firefox-Gemini, percent-encoded
// (up to 45 000 characters), to Copilot, HuggingChat and Le Chat as the
// query parameter q (mozilla-firefox/firefox
// browser/components/genai/GenAI.sys.mjs, chatProviders and
// handleAskChat). Both are read on the inspected hosts: a Steuer-ID in the
// summarised page blocks the page load, nothing forwarded; a clean one is
// forwarded.
func TestFirefoxAskChatPromptRead(t *testing.T) {
	up := &fakeTranslator{}
	extra := map[string]http.Handler{"gemini.google.com": up, "copilot.microsoft.com": up}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) {
		// gemini-web approved, as a DPO may register it (the default
		// policy's own tests assume it is not: left out here).
		dir := registeredPolicy(t, "gemini-web-firefox", "Gemini")
		if err := os.Remove(filepath.Join(dir, "richtlinie_test.rego")); err != nil {
			t.Fatal(err)
		}
		data := filepath.Join(dir, "data.yaml")
		b, err := os.ReadFile(data)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(b), `gemini-web:     {name: "Gemini (Web)",              approved: false`, `gemini-web:     {name: "Gemini (Web)",              approved: true `, 1)
		if edited == string(b) {
			t.Fatal("gemini-web not found in the register")
		}
		if err := os.WriteFile(data, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		c.Policy.Dir = dir
	}})
	prompt := func(page string) string {
		return "Fasse diese Seite zusammen:\n\n<selection>" + page + "</selection>"
	}
	page := "Bescheid an Max Mustermann, Steuer-ID " + testTaxID + ", wohnhaft in Speyer."
	clean := "Die Stadtbibliothek ist montags geschlossen."
	get := func(u string, header map[string]string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", u, nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		return h.send(t, req)
	}
	gemini := func(text string) (int, string) {
		return get("https://gemini.google.com/", map[string]string{"X-Firefox-Gemini": url.PathEscape(prompt(text))})
	}
	copilot := func(text string) (int, string) {
		return get("https://copilot.microsoft.com/?form=MOZCMC&q="+url.QueryEscape(prompt(text)), nil)
	}
	for name, send := range map[string]func(string) (int, string){"Gemini header": gemini, "Copilot query": copilot} {
		n := len(up.received)
		if code, body := send(page); code == http.StatusOK || len(up.received) != n {
			t.Errorf("%s with a Steuer-ID: %d %.300s (forwarded %d)", name, code, body, len(up.received)-n)
		}
		if code, body := send(clean); code != http.StatusOK || len(up.received) != n+1 {
			t.Errorf("%s clean: %d %.300s (forwarded %d)", name, code, body, len(up.received)-n)
		}
	}
}
