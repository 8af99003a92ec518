package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestCodeAssistantsInCatalogue: the code assistants developers run in
// their IDE reach their services through the system proxy, and a
// completion sends the open file: before, each went through a blind
// tunnel, a Steuer-ID in a source file unread. Through the running proxy:
// GitHub Copilot, Gemini Code Assist, JetBrains AI, Amazon Q Developer and
// Sourcegraph Cody are inspected (refused until the DPO registers them;
// registered, a Steuer-ID in the file is replaced or the request refused,
// never forwarded); Cursor, Windsurf and Tabnine, whose binary formats
// cannot be read, are answered with the German notice that says why, and
// nothing reaches them. Sources for hosts and formats in catalogue.go.
func TestCodeAssistantsInCatalogue(t *testing.T) {
	up := &fakeLLM{}
	hosts := []string{"api.githubcopilot.com", "api.individual.githubcopilot.com", "copilot-proxy.githubusercontent.com",
		"copilot-telemetry.githubusercontent.com", "cloudcode-pa.googleapis.com", "api.jetbrains.ai",
		"codewhisperer.us-east-1.amazonaws.com", "q.eu-central-1.amazonaws.com", "sourcegraph.com",
		"api2.cursor.sh", "server.codeium.com", "api.tabnine.com"}
	extra := map[string]http.Handler{}
	for _, h := range hosts {
		extra[h] = up
	}
	post := func(h *pipeHarness, url, ctype, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		return h.send(t, req)
	}
	received := func() string {
		up.mu.Lock()
		defer up.mu.Unlock()
		return strings.Join(up.received, "\n")
	}
	const json = "application/json"
	copilotChat := `{"model":"gpt-4.1","stream":false,"messages":[{"role":"user","content":"Erkläre die Funktion pruefe() in bescheid.py"}]}`
	completion := `{"prompt":"# Path: steuer/bescheid.py\nSTEUER_ID = \"` + testTaxID + `\"\ndef pruefe(","suffix":"\n    return ok\n","max_tokens":500,"n":1,"stream":false,"nwo":"stadt/steuer"}`

	// Not registered: refused with the German notice (KI-RL-2.1), nothing forwarded.
	unregistered := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) { c.Policy.Dir = registeredPolicy(t, "other-service", "Anderer Dienst") }})
	for _, u := range []string{"https://api.githubcopilot.com/chat/completions", "https://cloudcode-pa.googleapis.com/v1internal:generateContent",
		"https://api.jetbrains.ai/user/v5/llm/chat/stream/v8", "https://codewhisperer.us-east-1.amazonaws.com/", "https://sourcegraph.com/.api/completions/stream"} {
		if code, body := post(unregistered, u, json, copilotChat); code == http.StatusOK || !strings.Contains(body, "Abschnitt 2.1") {
			t.Errorf("unregistered %s: %d %.300s", u, code, body)
		}
	}
	if n := len(up.received); n != 0 {
		t.Fatalf("unregistered services got %d requests", n)
	}

	// Registered by the DPO: read.
	registered := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) {
		dir := registeredPolicy(t, "github-copilot", "GitHub Copilot")
		for id, name := range map[string]string{"gemini-code-assist": "Gemini Code Assist", "jetbrains-ai": "JetBrains AI Assistant",
			"amazon-q": "Amazon Q Developer", "sourcegraph-cody": "Sourcegraph Cody"} {
			registerService(t, dir, id, name)
		}
		c.Policy.Dir = dir
	}})
	// A completion with a Steuer-ID in the open file, at copilot-proxy and
	// at the newer completions host: the openai adapter reads prompt and
	// suffix, the number never leaves.
	for _, u := range []string{"https://copilot-proxy.githubusercontent.com/v1/engines/copilot-codex/completions",
		"https://api.individual.githubcopilot.com/v1/engines/gpt-41-copilot/completions"} {
		n := len(up.received)
		code, body := post(registered, u, json, completion)
		if strings.Contains(received(), testTaxID) || code == http.StatusOK && (len(up.received) != n+1 || !strings.Contains(up.last(), "[DE_TAX_ID_")) {
			t.Errorf("completion %s: %d %.300s; upstream %q", u, code, body, up.last())
		}
	}
	// The chat (OpenAI's chat/completions without /v1): a clean question is forwarded.
	n := len(up.received)
	if code, body := post(registered, "https://api.githubcopilot.com/chat/completions", json, copilotChat); code != http.StatusOK || len(up.received) != n+1 {
		t.Errorf("Copilot chat: %d %.300s", code, body)
	}
	// Gemini Code Assist: the Gemini request inside {request: …} is read as
	// Gemini's; the Steuer-ID in the prompt does not leave.
	ca := `{"model":"gemini-2.5-pro","project":"stadt-1234","user_prompt_id":"a1b2########1","request":{"contents":[{"role":"user","parts":[{"text":"Warum schlägt der Test für Steuer-ID ` + testTaxID + ` fehl?"}]}]}}`
	n = len(up.received)
	code, body := post(registered, "https://cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse", json, ca)
	if strings.Contains(received(), testTaxID) || code == http.StatusOK && (len(up.received) != n+1 || !strings.Contains(up.last(), "[DE_TAX_ID_")) {
		t.Errorf("Gemini Code Assist: %d %.300s; upstream %q", code, body, up.last())
	}
	// Telemetry, JetBrains AI, Amazon Q and Cody's own completions have no
	// adapter: the fallback reads every string, a Steuer-ID blocks.
	for _, c := range []struct{ url, ctype, body string }{
		{"https://copilot-telemetry.githubusercontent.com/telemetry", json, `[{"ver":1,"name":"Microsoft.ApplicationInsights.Event","data":{"baseData":{"properties":{"snippet":"STEUER_ID = ` + testTaxID + `"}}}}]`},
		{"https://api.jetbrains.ai/user/v5/llm/chat/stream/v8", json, `{"prompt":"ij.chat.request.new-chat-on-start","profile":"openai-gpt-4o","chat":{"messages":[{"type":"user_message","content":"Steuer-ID ` + testTaxID + `"}]}}`},
		{"https://codewhisperer.us-east-1.amazonaws.com/", "application/x-amz-json-1.0", `{"fileContext":{"filename":"bescheid.py","programmingLanguage":{"languageName":"python"},"leftFileContent":"STEUER_ID = '` + testTaxID + `'\n","rightFileContent":""}}`},
		{"https://q.eu-central-1.amazonaws.com/generateAssistantResponse", json, `{"conversationState":{"currentMessage":{"userInputMessage":{"content":"Prüfe Steuer-ID ` + testTaxID + `"}},"chatTriggerType":"MANUAL"}}`},
		{"https://sourcegraph.com/.api/completions/stream?api-version=1", json, `{"messages":[{"speaker":"human","text":"Steuer-ID ` + testTaxID + `"}],"maxTokensToSample":1000}`},
		// Cody's context search takes the question before the model does
		// (rev24: it passed unread as code search).
		{"https://sourcegraph.com/.api/cody/context", json, `{"query":"Warum fehlt die Steuer-ID ` + testTaxID + ` im Bescheid?","repos":[{"name":"github.com/stadt/steuer"}]}`},
	} {
		req, _ := http.NewRequest("POST", c.url, strings.NewReader(c.body))
		req.Header.Set("Content-Type", c.ctype)
		req.Header.Set("X-Amz-Target", "AmazonCodeWhispererService.GenerateCompletions")
		if code, body := registered.send(t, req); code == http.StatusOK || !strings.Contains(body, "schleuse") {
			t.Errorf("%s: %d %.300s", c.url, code, body)
		}
	}
	if strings.Contains(received(), testTaxID) {
		t.Fatalf("a Steuer-ID reached a service: %q", received())
	}
	// A clean request to the same services is forwarded; the rest of
	// sourcegraph.com (its code search) passes unread.
	for _, u := range []string{"https://api.jetbrains.ai/user/v5/llm/chat/stream/v8", "https://q.eu-central-1.amazonaws.com/generateAssistantResponse",
		"https://sourcegraph.com/.api/search/stream?q=Bescheid+" + testTaxID} {
		n := len(up.received)
		if code, body := post(registered, u, json, `{"chat":{"messages":[{"type":"user_message","content":"Was macht die Funktion pruefe()?"}]}}`); code != http.StatusOK || len(up.received) != n+1 {
			t.Errorf("clean %s: %d %.300s", u, code, body)
		}
	}

	// Cursor, Windsurf, Tabnine: blocked with the reason, nothing forwarded.
	n = len(up.received)
	for u, name := range map[string]string{
		"https://api2.cursor.sh/aiserver.v1.ChatService/StreamUnifiedChatWithTools":    "Cursor",
		"https://server.codeium.com/exa.api_server_pb.ApiServerService/GetCompletions": "Windsurf",
		"https://api.tabnine.com/chat/generate_chat_response":                          "Tabnine",
	} {
		code, body := post(registered, u, "application/connect+proto", "\x00\x00\x00\x00\x1c\n\x1aSTEUER_ID = "+testTaxID)
		if code != http.StatusForbidden || !strings.Contains(body, name) || !strings.Contains(body, "schleuse nicht lesen kann") ||
			!strings.Contains(body, "that schleuse cannot read") {
			t.Errorf("%s: %d %.300s", u, code, body)
		}
	}
	if len(up.received) != n {
		t.Errorf("a blocked code assistant received %d requests", len(up.received)-n)
	}

	cat, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]string{"api.business.githubcopilot.com": "github-copilot", "proxy.enterprise.githubcopilot.com": "github-copilot",
		"origin-tracker.githubusercontent.com": "github-copilot", "agent.api5.cursor.sh": "cursor", "repo42.cursor.sh": "cursor",
		"eu.windsurf.com": "windsurf", "api.app.prod.grazie.aws.intellij.net": "jetbrains-ai", "q.us-east-1.amazonaws.com": "amazon-q"} {
		if svc := cat.Lookup(host + ":443"); svc == nil || svc.ID != want {
			t.Errorf("%s: %+v, want %s", host, svc, want)
		}
	}
	for _, host := range []string{"github.com", "api.github.com", "www.cursor.com", "amazonaws.com"} {
		if svc := cat.Lookup(host); svc != nil {
			t.Errorf("%s: %s, want no entry", host, svc.ID)
		}
	}
}

// TestGeminiCodeAssistAnswerRestored: Gemini Code Assist (and Gemini CLI)
// stream their answer as Gemini's inside Code Assist's {"response": …}
// wrapper. Through the running proxy, a Steuer-ID the developer sent
// leaves as a placeholder, and the answer that repeats it in pieces (three
// bytes an event) comes back with the number: before, the restorer knew
// only the unwrapped path, and a placeholder split across two events
// reached the developer as "[DE_TA" and "X_ID_1]".
func TestGeminiCodeAssistAnswerRestored(t *testing.T) {
	var seen []string
	codeAssist := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Request struct {
				Contents []struct {
					Parts []struct{ Text string }
				}
			}
		}
		b, _ := io.ReadAll(r.Body)
		seen = append(seen, string(b))
		json.Unmarshal(b, &req)
		echo := ""
		if c := req.Request.Contents; len(c) > 0 && len(c[len(c)-1].Parts) > 0 {
			echo = "Sie fragten: " + c[len(c)-1].Parts[0].Text
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for i := 0; i < len(echo); i += 3 {
			piece, _ := json.Marshal(echo[i:min(i+3, len(echo))])
			fmt.Fprintf(w, "data: {\"response\": {\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [{\"text\": %s}]}}]}, \"traceId\": \"4f2a\"}\r\n\r\n", piece)
			w.(http.Flusher).Flush()
		}
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"cloudcode-pa.googleapis.com": codeAssist}, mutate: func(c *config.Config) {
		c.Policy.Dir = registeredPolicy(t, "gemini-code-assist", "Gemini Code Assist")
	}})
	body := `{"model":"gemini-2.5-pro","project":"stadt-1234","user_prompt_id":"a1b2########1","request":{"contents":[{"role":"user","parts":[{"text":"Prüfe die Steuer-ID ` + testTaxID + ` im Test."}]}]}}`
	req, _ := http.NewRequest("POST", "https://cloudcode-pa.googleapis.com/v1internal:streamGenerateContent?alt=sse", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	code, out := h.send(t, req)
	if code != http.StatusOK || len(seen) != 1 || strings.Contains(seen[0], testTaxID) || !strings.Contains(seen[0], "[DE_TAX_ID_1]") {
		t.Fatalf("%d %.300s; the service saw %q", code, out, seen)
	}
	var text strings.Builder
	for _, ln := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
		d, ok := strings.CutPrefix(ln, "data: ")
		if !ok {
			continue
		}
		var ev struct {
			Response struct {
				Candidates []struct {
					Content struct{ Parts []struct{ Text string } }
				}
			}
		}
		if err := json.Unmarshal([]byte(d), &ev); err != nil {
			t.Fatalf("event %q: %v", d, err)
		}
		text.WriteString(ev.Response.Candidates[0].Content.Parts[0].Text)
	}
	if want := "Sie fragten: Prüfe die Steuer-ID " + testTaxID + " im Test."; text.String() != want {
		t.Errorf("answer %q, want %q", text.String(), want)
	}
}
