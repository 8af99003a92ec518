package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// placeholderAnswer is an upstream in the OpenAI shape that names every
// placeholder it received in prose, once as it is and once inflected
// ("[PERSON_1]s Abmahnung"), streamed in two-byte deltas when asked to
// stream, so that every placeholder is split across events.
func placeholderAnswer(received *[]string) http.HandlerFunc {
	re := regexp.MustCompile(`\[[A-Z_]+_[0-9]+\]`)
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*received = append(*received, string(b))
		var ps []string
		for _, p := range re.FindAllString(string(b), -1) {
			if !strings.Contains(strings.Join(ps, " "), p) {
				ps = append(ps, p)
			}
		}
		var text strings.Builder
		for _, p := range ps {
			text.WriteString("Ich schreibe an " + p + " wegen " + p + "s Abmahnung. ")
		}
		answer := text.String()
		if strings.Contains(string(b), `"stream":true`) {
			w.Header().Set("Content-Type", "text/event-stream")
			for i := 0; i < len(answer); i += 2 {
				chunk, _ := json.Marshal(answer[i:min(i+2, len(answer))])
				io.WriteString(w, `data: {"choices":[{"index":0,"delta":{"content":`+string(chunk)+`}}]}`+"\n\n")
				w.(http.Flusher).Flush()
			}
			io.WriteString(w, "data: [DONE]\n\n")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": answer}}}})
	}
}

// TestPipelineRestoresReadableValue: a value found in a transformed form is
// restored as a person writes it. A name in a file-name field
// ("Abmahnung_Jürgen_Kowalski.pdf", read with "_" as a blank) comes back
// as "Jürgen Kowalski", not "Jürgen_Kowalski", and is the same person, with
// the same placeholder, as the name in the prompt; a name sent with JSON
// \u escapes comes back decoded; an inflected placeholder ("[PERSON_1]s")
// and one split across SSE events map back as well.
func TestPipelineRestoresReadableValue(t *testing.T) {
	var received []string
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"api.openai.com": placeholderAnswer(&received)})
	for _, stream := range []string{"false", "true"} {
		received = received[:0]
		body := `{"model":"gpt-4o","stream":` + stream + `,"messages":[{"role":"user","content":"Bitte schreibe an Herrn J\u00fcrgen Kowalski einen Brief zu seiner Abmahnung."}],` +
			`"metadata":{"anhang":"Abmahnung_Jürgen_Kowalski.pdf"}}`
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
		if code != 200 || len(received) != 1 {
			t.Fatalf("stream %s: %d %s", stream, code, out)
		}
		if sent := received[0]; strings.Contains(sent, "Kowalski") || !strings.Contains(sent, "Abmahnung_[PERSON_1].pdf") || strings.Contains(sent, "[PERSON_2]") {
			t.Fatalf("stream %s: the service got %s (one person, one placeholder)", stream, sent)
		}
		var got string
		if stream == "true" {
			var sb strings.Builder
			for _, line := range strings.Split(out, "\n") {
				d, ok := strings.CutPrefix(line, "data: ")
				if !ok || d == "[DONE]" {
					continue
				}
				var ev struct {
					Choices []struct {
						Delta struct{ Content string } `json:"delta"`
					} `json:"choices"`
				}
				if err := json.Unmarshal([]byte(d), &ev); err != nil {
					t.Fatalf("event %q: %v", d, err)
				}
				sb.WriteString(ev.Choices[0].Delta.Content)
			}
			got = sb.String()
		} else {
			var a struct {
				Choices []struct {
					Message struct{ Content string } `json:"message"`
				} `json:"choices"`
			}
			if err := json.Unmarshal([]byte(out), &a); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			got = a.Choices[0].Message.Content
		}
		if want := "Ich schreibe an Jürgen Kowalski wegen Jürgen Kowalskis Abmahnung. "; got != want {
			t.Errorf("stream %s: the client read %q, want %q", stream, got, want)
		}
	}
}
