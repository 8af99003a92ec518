package proxy

import (
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestGeminiWorkspaceInspected: Gemini inside Google Workspace sends the
// person's prompt and the document's context to Google's Apps GenAI
// Server (appsgenaiserver-pa.clients6.google.com, .googleapis.com) as
// application/json+protobuf arrays. Through the running proxy: not in the
// DPO's register, it is refused with the German notice (KI-RL-2.1);
// registered, its strings are read by the fallback, a document with an
// IBAN is blocked and a clean prompt forwarded. Before, both hosts went
// through a blind tunnel, the documents unread.
func TestGeminiWorkspaceInspected(t *testing.T) {
	const url = "https://appsgenaiserver-pa.clients6.google.com/v1/genai/generate?key=AIzaSyExample"
	post := func(h *pipeHarness, body string) (int, string) {
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json+protobuf")
		return h.send(t, req)
	}
	clean := `[["Fasse den Text zusammen.",[["Die Sitzung des Ausschusses beginnt um zehn Uhr."]]],"docs",null,[1]]`
	iban := `[["Fasse den Text zusammen.",[["Bitte überweisen Sie an Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00."]]],"docs",null,[1]]`

	up := &fakeLLM{}
	extra := map[string]http.Handler{"appsgenaiserver-pa.clients6.google.com": up}
	unregistered := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) { c.Policy.Dir = registeredPolicy(t, "other-service", "Anderer Dienst") }})
	if code, body := post(unregistered, clean); code == http.StatusOK || !strings.Contains(body, "Gemini in Google Workspace") || !strings.Contains(body, "Abschnitt 2.1") {
		t.Errorf("unregistered: %d %.300s", code, body)
	}
	registered := newPipeHarnessOpts(t, pipeOpts{extra: extra, mutate: func(c *config.Config) {
		c.Policy.Dir = registeredPolicy(t, "gemini-workspace", "Gemini in Google Workspace")
	}})
	if code, body := post(registered, iban); code == http.StatusOK || !strings.Contains(body, "schleuse") {
		t.Errorf("an IBAN: %d %.300s", code, body)
	}
	if n := len(up.received); n != 0 {
		t.Fatalf("the service got %d requests before the clean one", n)
	}
	if code, body := post(registered, clean); code != http.StatusOK || len(up.received) != 1 {
		t.Errorf("a clean prompt: %d %.300s; the service got %d", code, body, len(up.received))
	}
	cat, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	if svc := cat.Lookup("appsgenaiserver-pa.googleapis.com:443"); svc == nil || svc.ID != "gemini-workspace" || svc.Mode != ModeInspect {
		t.Errorf("appsgenaiserver-pa.googleapis.com: %+v", svc)
	}
}
