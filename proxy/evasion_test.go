package proxy

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recordingUpstream answers {} and keeps every body it got.
type recordingUpstream struct {
	mu   sync.Mutex
	got  []string
	head []http.Header
}

func (u *recordingUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	u.mu.Lock()
	u.got = append(u.got, string(b))
	u.head = append(u.head, r.Header.Clone())
	u.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{}`)
}

func (u *recordingUpstream) bodies() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.got...)
}

// newEvasionHarness is the pipeline harness with every request, to the
// fake LLM's hosts and to Gemini and Anthropic, recorded.
func newEvasionHarness(t *testing.T) (*pipeHarness, func() []string) {
	t.Helper()
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{
		"generativelanguage.googleapis.com": up, "api.anthropic.com": up,
	}})
	return h, func() []string {
		h.llm.mu.Lock()
		defer h.llm.mu.Unlock()
		return append(up.bodies(), h.llm.received...)
	}
}

// TestDuplicateMembersBlocked: a JSON body that names a member twice, in
// another case, or (Gemini's proto3 JSON) in both its spellings is blocked
// with a notice that says why. The adapters read the first member; Python,
// JavaScript and Go take the last, and Go and ASP.NET match names ignoring
// case, so the service could read the other one. Before, a clean file
// beside a second file_data / data / inline_data was inspected and the
// second, which unread leaves out as base64, went to the service as it
// stood.
func TestDuplicateMembersBlocked(t *testing.T) {
	h, sent := newEvasionHarness(t)
	akte := base64.StdEncoding.EncodeToString([]byte("Akte Herr Jürgen Kowalski, IBAN " + testIBAN + strings.Repeat(" Vermerk.", 200)))
	clean := base64.StdEncoding.EncodeToString([]byte("Sehr geehrte Damen und Herren," + strings.Repeat(" Vermerk.", 200)))
	q, _ := json.Marshal("Herr Jürgen Kowalski, IBAN " + testIBAN)
	gemini := "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
	for _, c := range []struct{ name, url, body string }{
		{"openai file_data twice", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Fasse zusammen."},{"type":"file","file":{"filename":"brief.txt","file_data":"data:text/plain;base64,` + clean + `","file_data":"data:text/plain;base64,` + akte + `"}}]}]}`},
		{"anthropic data twice", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"text/plain","data":"` + clean + `","data":"` + akte + `"}},{"type":"text","text":"Fasse zusammen."}]}]}`},
		{"gemini inlineData and inline_data", gemini,
			`{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen."},{"inlineData":{"mimeType":"text/plain","data":"` + clean + `"},"inline_data":{"mime_type":"text/plain","data":"` + akte + `"}}]}]}`},
		{"gemini mimeType and mime_type", gemini,
			`{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen."},{"inlineData":{"mimeType":"image/png","mime_type":"text/plain","data":"` + akte + `"}}]}]}`},
		{"messages in another case", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}],"Messages":[{"role":"user","content":` + string(q) + `}]}`},
		{"content twice", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo","content":` + string(q) + `}]}`},
		{"unknown route", "https://api.openai.com/v1/unknown",
			`{"a":"Hallo","\u0041":"x"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, c.url, c.body)
			if code != http.StatusBadRequest && code != http.StatusForbidden || !strings.Contains(out, "dasselbe Feld zweimal") {
				t.Errorf("%d %.300s", code, out)
			}
			if got := sent(); len(got) != n {
				t.Errorf("the service got %.200s", got[n])
			}
		})
	}
	// One member of each name passes as before.
	if code, out := postJSON(t, h, gemini, `{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen."},{"inline_data":{"mime_type":"text/plain","data":"`+clean+`"}}]}],"generationConfig":{"temperature":0.2}}`); code != 200 {
		t.Errorf("gemini: %d %.300s", code, out)
	}
}
