package proxy

import (
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestGitHubCopilotChatAttachments: Copilot's chat on github.com posts
// each message to the thread API of api.*.githubcopilot.com, a text or
// code file attached to it inline as a reference, an image uploaded to
// GitHub beforehand and named by its address in mediaContent. Before, no
// route named the message: the fallback read it (a Steuer-ID blocked the
// message instead of being replaced, each message counted as an unknown
// format) and passed the image's address over, so the image reached the
// model unseen. Now the Steuer-ID in the message and in the attached file
// is replaced, and a message with an image goes to the policy as
// uninspected (image_url), which the default policy refuses (KI-RL-3.6).
func TestGitHubCopilotChatAttachments(t *testing.T) {
	up := &fakeLLM{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.individual.githubcopilot.com": up}, mutate: func(c *config.Config) {
		c.Policy.Dir = registeredPolicy(t, "github-copilot", "GitHub Copilot")
	}})
	message := func(content, refs, media string) string {
		return `{"responseMessageID":"0c9d6f8e-4b1a-4c2d-9e3f-5a6b7c8d9e0f","content":"` + content + `","intent":"conversation","references":[` + refs + `],` +
			`"context":[],"currentURL":"https://github.com/copilot/c/28f77d4b-cf24-8047-a5c8-00a903f9b563","streaming":true,"confirmations":[],"customInstructions":[],` +
			`"model":"gpt-5.5","mode":"immersive","parentMessageID":"root","mediaContent":[` + media + `]}`
	}
	post := func(body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", "https://api.individual.githubcopilot.com/github/chat/threads/28f77d4b-cf24-8047-a5c8-00a903f9b563/messages", strings.NewReader(body))
		req.Header.Set("Content-Type", "text/event-stream")
		req.Header.Set("Copilot-Integration-Id", "copilot-chat")
		return h.send(t, req)
	}
	file := `{"type":"thread-scoped-file","name":"steuer.py","text":"STEUER_ID = '` + testTaxID + `'  # Max Mustermann","language":"py"}`
	for name, body := range map[string]string{
		"in the message":      message("Warum lehnt das Finanzamt die Steuer-ID "+testTaxID+" ab?", "", ""),
		"in an attached file": message("Was macht diese Datei?", file, ""),
	} {
		n := len(up.received)
		code, resp := post(body)
		if code != http.StatusOK || len(up.received) != n+1 {
			t.Errorf("%s: %d %.300s (forwarded %d)", name, code, resp, len(up.received)-n)
			continue
		}
		if sent := up.last(); strings.Contains(sent, testTaxID) || !strings.Contains(sent, "[DE_TAX_ID_") {
			t.Errorf("%s: sent %q, want the Steuer-ID replaced", name, sent)
		}
	}
	n := len(up.received)
	image := `{"mediaType":"image/png","name":"bescheid.png","url":"https://github.com/github-copilot/chat/attachments/7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6","chatAttachmentUrl":"https://github.com/github-copilot/chat/attachments/7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6","width":1200,"height":800}`
	if code, resp := post(message("Was steht auf dem Bild?", "", image)); code == http.StatusOK || !strings.Contains(resp, "Abschnitt 3.6") || len(up.received) != n {
		t.Errorf("an attached image: %d %.300s (forwarded %d)", code, resp, len(up.received)-n)
	}
	if code, resp := post(message("Wie sortiere ich eine Liste in Go?", "", "")); code != http.StatusOK || len(up.received) != n+1 {
		t.Errorf("a clean message: %d %.300s", code, resp)
	}
}
