package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// fakePerplexityAgent answers Perplexity's Agent API as its OpenAPI
// schema says: a Response (stream false) or the Responses API's stream
// events (stream true), its text naming the first placeholder of the
// request, cut across two deltas in the stream.
type fakePerplexityAgent struct {
	mu     sync.Mutex
	bodies []string
}

var placeholderRe = regexp.MustCompile(`\[[A-Z_]+_[0-9]+\]`)

func (f *fakePerplexityAgent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.bodies = append(f.bodies, r.URL.Path+" "+string(b))
	f.mu.Unlock()
	var req struct {
		Stream bool `json:"stream"`
	}
	json.Unmarshal(b, &req)
	ph := placeholderRe.FindString(string(b))
	text := "Entwurf für " + ph + "."
	if !req.Stream {
		w.Header().Set("Content-Type", "application/json")
		out, _ := json.Marshal(map[string]any{"id": "resp_1", "object": "response", "status": "completed", "model": "openai/gpt-5-mini",
			"output": []any{map[string]any{"type": "message", "role": "assistant", "content": []any{map[string]any{"type": "output_text", "text": text}}}}})
		w.Write(out)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	ev := func(typ string, data map[string]any) {
		data["type"] = typ
		j, _ := json.Marshal(data)
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", typ, j)
		w.(http.Flusher).Flush()
	}
	ev("response.created", map[string]any{"response": map[string]any{"id": "resp_1", "status": "in_progress"}})
	cut := len(ph) / 2
	for _, d := range []string{"Entwurf für ", ph[:cut], ph[cut:] + "."} {
		ev("response.output_text.delta", map[string]any{"item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": d})
	}
	ev("response.output_text.done", map[string]any{"item_id": "msg_1", "output_index": 0, "content_index": 0, "text": text})
	ev("response.completed", map[string]any{"response": map[string]any{"id": "resp_1", "status": "completed",
		"output": []any{map[string]any{"type": "message", "role": "assistant", "content": []any{map[string]any{"type": "output_text", "text": text}}}}}})
}

// perplexityAPIApproved writes the default policy with the Perplexity API
// approved and an AVV, so that a name in a prompt is replaced rather than
// blocked, and returns its directory.
func perplexityAPIApproved(t *testing.T) string {
	t.Helper()
	return policyApproving(t, `perplexity-api: {name: "Perplexity API",            approved: false, avv: false`)
}

// policyApproving writes the default policy with the service of line, its
// entry in data.yaml, approved and with an AVV (both "false" of line made
// "true"), and without the DPO's tests, which assert that it is not; it
// returns the policy's directory.
func policyApproving(t *testing.T, line string) string {
	t.Helper()
	dir := writePolicy(t, nil)
	data := filepath.Join(dir, "data.yaml")
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), line) {
		t.Fatalf("data.yaml has no line %q", line)
	}
	b = []byte(strings.Replace(string(b), line, strings.ReplaceAll(line, "false", "true"), 1))
	if err := os.WriteFile(data, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "richtlinie_test.rego")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPerplexityAgentRedacted: Perplexity's Agent API (/v1/agent, its
// alias /v1/responses, /v2/responses of the OpenAI SDK), with the service
// approved and an AVV, goes to the service with the name replaced, and
// the answer, JSON or the stream (the placeholder cut across two deltas),
// comes back with the name. Before, these paths went through the fallback,
// which blocks what it finds: the request was refused where the policy
// replaces the name (sec19 left them so).
func TestPerplexityAgentRedacted(t *testing.T) {
	dir := perplexityAPIApproved(t)
	up := &fakePerplexityAgent{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Policy.Dir = dir },
		extra:  map[string]http.Handler{"api.perplexity.ai": up},
	})
	for _, tc := range []struct {
		path   string
		stream bool
	}{
		{"/v1/agent", false}, {"/v1/agent", true}, {"/v1/responses", true}, {"/v2/responses", false},
	} {
		t.Run(fmt.Sprintf("%s stream %v", tc.path, tc.stream), func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"preset": "pro-search", "stream": tc.stream,
				"instructions": "Antworte auf Deutsch.",
				"input": []any{map[string]any{"type": "message", "role": "user", "content": []any{
					map[string]any{"type": "input_text", "text": "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz wegen seines Antrags."}}}}})
			req, _ := http.NewRequest("POST", "https://api.perplexity.ai"+tc.path, strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			code, out := h.send(t, req)
			up.mu.Lock()
			last := ""
			if len(up.bodies) > 0 {
				last = up.bodies[len(up.bodies)-1]
			}
			up.mu.Unlock()
			if code != 200 || !strings.HasPrefix(last, tc.path+" ") || strings.Contains(last, "Yılmaz") || !strings.Contains(last, "[PERSON_1]") {
				t.Fatalf("%d %.300s; the service got %.300s", code, out, last)
			}
			if !strings.Contains(out, "Entwurf für Mehmet Yılmaz.") || strings.Contains(out, "[PER") || strings.Contains(out, "N_1]") {
				t.Fatalf("answer not restored: %.600s", out)
			}
		})
	}
}
