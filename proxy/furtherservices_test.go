package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
)

// TestFurtherServicesCatalogued: the AI services staff reach besides the
// ones with an adapter are in the catalogue, their web apps blocked and
// their OpenAI-compatible APIs inspected; a config entry with the same id
// replaces one.
func TestFurtherServicesCatalogued(t *testing.T) {
	cat, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]Mode{
		"chat.deepseek.com": ModeBlock, "grok.com": ModeBlock, "grok.x.com": ModeBlock, "www.meta.ai": ModeBlock, "chat.qwen.ai": ModeBlock,
		"www.kimi.com": ModeBlock, "poe.com": ModeBlock, "character.ai": ModeBlock, "pi.ai": ModeBlock,
		"duck.ai": ModeBlock, "lmarena.ai": ModeBlock, "aistudio.google.com": ModeBlock, "notebooklm.google.com": ModeBlock,
		"console.anthropic.com": ModeBlock, "platform.claude.com": ModeBlock, "sora.chatgpt.com": ModeBlock, "sora.com": ModeBlock,
		"api.deepseek.com": ModeInspect, "api.x.ai": ModeInspect, "api.groq.com": ModeInspect, "api.together.xyz": ModeInspect,
		"openrouter.ai": ModeInspect, "api.fireworks.ai": ModeInspect, "api.moonshot.ai": ModeInspect, "api.cohere.com": ModeInspect,
		"router.huggingface.co": ModeInspect, "api-inference.huggingface.co": ModeInspect, "abc123.us-east-1.aws.endpoints.huggingface.cloud": ModeInspect,
		// DeepL's web translator (its page, the notice's host) and DeepL
		// Write's JSON-RPC hosts
		"www.deepl.com": ModeInspect, "write-free.www.deepl.com": ModeInspect, "write-pro.www.deepl.com": ModeInspect,
	} {
		svc := cat.Lookup(host + ":443")
		if svc == nil || svc.Mode != want {
			t.Errorf("%s: %+v, want mode %s", host, svc, want)
		}
	}
	for _, host := range []string{"www.google.com", "deepseek.com.example"} {
		if svc := cat.Lookup(host); svc != nil {
			t.Errorf("%s: %+v, want no service", host, svc)
		}
	}
	for _, host := range []string{"x.com", "huggingface.co", "duckduckgo.com"} {
		if svc := cat.Lookup(host); svc == nil || svc.Mode != ModeTunnel {
			t.Errorf("%s: %+v, want a shared entry, off (tunnel) by default", host, svc)
		}
	}
	if svc := cat.Lookup("www.deepl.com"); svc == nil || !noticeHost(svc, "www.deepl.com") {
		t.Errorf("www.deepl.com: %+v, want deepl-web with its first-use notice there", svc)
	}
	cat, err = NewCatalogue([]config.Service{{ID: "deepseek-web", Hosts: []string{"chat.deepseek.com"}, Mode: "tunnel"}})
	if err != nil {
		t.Fatal(err)
	}
	if svc := cat.Lookup("chat.deepseek.com"); svc == nil || svc.Mode != ModeTunnel {
		t.Errorf("overridden: %+v, want tunnel", svc)
	}
}

// TestFurtherServicesThroughProxy: a browser that opens DeepSeek's chat
// gets the German notice naming the service, and nothing reaches it; an
// API client of DeepSeek or Groq gets the policy's block (not in the
// register) in the OpenAI error form, and nothing reaches them; once the
// DPO registers DeepSeek's API, its prompts are read and pseudonymised.
func TestFurtherServicesThroughProxy(t *testing.T) {
	web, deepseek, groq, hf := &fakeLLM{}, &fakeLLM{}, &fakeLLM{}, &fakeLLM{}
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	h := newPipeHarnessOpts(t, pipeOpts{
		extra:  map[string]http.Handler{"chat.deepseek.com": web, "api.deepseek.com": deepseek, "api.groq.com": groq, "router.huggingface.co": hf},
		mutate: func(c *config.Config) { c.Policy.Dir = dir },
	})

	// The page load: a page in German and English that names the service.
	req, _ := http.NewRequest("GET", "https://chat.deepseek.com/a/chat/s/1", nil)
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	req.Header.Set("Sec-Fetch-Dest", "document")
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") ||
		!strings.Contains(string(page), `<h1 id="h-de">DeepSeek ist gesperrt</h1>`) || !strings.Contains(string(page), "DeepSeek is blocked") ||
		!strings.Contains(string(page), "chat.deepseek.com") {
		t.Errorf("chat.deepseek.com page: %d %v\n%s", resp.StatusCode, resp.Header, page)
	}
	// The app's own calls: the text notice.
	req, _ = http.NewRequest("GET", "https://chat.deepseek.com/api/v0/users/current", nil)
	req.Header.Set("Sec-Fetch-Mode", "cors")
	req.Header.Set("Sec-Fetch-Dest", "empty")
	code, body := h.send(t, req)
	if code != http.StatusForbidden || !strings.Contains(body, "Der KI-Dienst DeepSeek ist gemäß der KI-Richtlinie") ||
		!strings.Contains(body, "the AI service DeepSeek is blocked") {
		t.Errorf("chat.deepseek.com XHR: %d %q", code, body)
	}
	body = `{"model":"deepseek-chat","messages":[{"role":"user","content":"Wie wird das Wetter morgen?"}]}`
	for u, name := range map[string]string{"https://api.deepseek.com/chat/completions": "DeepSeek API",
		"https://api.deepseek.com/v1/chat/completions": "DeepSeek API", "https://api.groq.com/openai/v1/chat/completions": "Groq API",
		"https://router.huggingface.co/v1/chat/completions": "Hugging Face Inference API"} {
		req, _ = http.NewRequest("POST", u, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		code, answer := h.send(t, req)
		var e struct {
			Error struct {
				Code, Message string
			}
		}
		if err := json.Unmarshal([]byte(answer), &e); code != 400 || err != nil || e.Error.Code != "schleuse_blocked" ||
			!strings.Contains(e.Error.Message, "Der KI-Dienst „"+name+"“ ist nicht im Transparenzregister") || !strings.Contains(e.Error.Message, "Abschnitt 2.1") {
			t.Errorf("%s: %d %s", u, code, answer)
		}
	}
	// The PAC file sends them through schleuse, the blocked ones too.
	resp, err = http.Get("http://" + h.srv.AdminAddr() + "/proxy.pac")
	if err != nil {
		t.Fatal(err)
	}
	pac, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, host := range []string{"chat.deepseek.com", "api.deepseek.com", "grok.com", "api.groq.com", "router.huggingface.co"} {
		if !strings.Contains(string(pac), `host == "`+host+`"`) {
			t.Errorf("the PAC file does not send %s through schleuse:\n%s", host, pac)
		}
	}
	for name, f := range map[string]*fakeLLM{"chat.deepseek.com": web, "api.deepseek.com": deepseek, "api.groq.com": groq, "router.huggingface.co": hf} {
		if n := len(f.received); n != 0 {
			t.Errorf("%s received %d requests, want none", name, n)
		}
	}

	// The DPO registers DeepSeek's API (approved, with an AVV): its
	// prompts are read by the openai adapter at DeepSeek's path without
	// /v1, and a name is pseudonymised before it leaves.
	data := filepath.Join(dir, "data.yaml")
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	anchor := "  register:\n"
	edited := strings.Replace(string(b), anchor, anchor+"    deepseek-api: {name: \"DeepSeek API\", approved: true, avv: true, system: closed, permitted_classes: []}\n", 1)
	if edited == string(b) {
		t.Fatal("register not found in data.yaml")
	}
	if err := os.WriteFile(data, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h.pol.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	req, _ = http.NewRequest("POST", "https://api.deepseek.com/chat/completions",
		strings.NewReader(`{"model":"deepseek-chat","messages":[{"role":"user","content":"Bitte formuliere einen Brief an Herrn Mehmet Yılmaz."}]}`))
	req.Header.Set("Content-Type", "application/json")
	code, answer := h.send(t, req)
	if code != 200 || len(deepseek.received) != 1 || strings.Contains(deepseek.received[0], "Yılmaz") ||
		!strings.Contains(deepseek.received[0], "[PERSON_1]") || !strings.Contains(answer, "Mehmet Yılmaz") {
		t.Errorf("registered: %d %s, DeepSeek saw %q", code, answer, deepseek.received)
	}
}

// TestDeepLWriteInspected: DeepL Write's JSON-RPC host is inspected (before,
// it went through a blind tunnel): a password in a text to rephrase is
// blocked and never reaches DeepL.
func TestDeepLWriteInspected(t *testing.T) {
	write := &fakeLLM{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"write-free.www.deepl.com": write}})
	body := `{"jsonrpc":"2.0","method": "LMT_handle_jobs","params":{"jobs":[{"kind":"default","sentences":[{"text":"Zugang zum Fachverfahren: Passwort: Sommer2024!","id":0,"prefix":""}]}],"lang":{"target_lang":"DE"},"timestamp":1764500000000},"id":1}`
	req, _ := http.NewRequest("POST", "https://write-free.www.deepl.com/jsonrpc?method=LMT_handle_jobs", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	code, answer := h.send(t, req)
	if len(write.received) != 0 || !strings.Contains(answer, "Abschnitt 4.2") {
		t.Errorf("DeepL Write: %d %s; DeepL received %q", code, answer, write.received)
	}
}

// TestDroppedHosts: an entry that replaces a built-in service but leaves
// out some of its hosts is reported (run warns), one that keeps them or
// tunnels the service on purpose is not.
func TestDroppedHosts(t *testing.T) {
	got := DroppedHosts([]config.Service{
		{ID: "chatgpt-web", Hosts: []string{"chatgpt.com"}, Mode: "inspect"},
		{ID: "claude-web", Hosts: []string{"Claude.ai."}, Mode: "inspect"},
		{ID: "deepseek-web", Hosts: []string{"chat.deepseek.com"}, Mode: "tunnel"},
		{ID: "eigenes-llm", Hosts: []string{"llm.stadt.example"}, Mode: "inspect"},
	})
	want := map[string][]string{"chatgpt-web": {"chat.openai.com", "ws.chatgpt.com", "*.oaiusercontent.com"}}
	if len(got) != 1 || strings.Join(got["chatgpt-web"], " ") != strings.Join(want["chatgpt-web"], " ") {
		t.Errorf("DroppedHosts = %v, want %v", got, want)
	}
}
