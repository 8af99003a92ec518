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

// answerText is the text of an OpenAI-shaped answer: the message's
// content, or the streamed deltas' joined.
func answerText(t *testing.T, body string) string {
	t.Helper()
	var msg struct {
		Choices []struct {
			Message struct{ Content string } `json:"message"`
			Delta   struct{ Content string } `json:"delta"`
		} `json:"choices"`
	}
	if !strings.HasPrefix(body, "data: ") {
		if err := json.Unmarshal([]byte(body), &msg); err != nil || len(msg.Choices) == 0 {
			t.Fatalf("answer %q: %v", body, err)
		}
		return msg.Choices[0].Message.Content
	}
	var text strings.Builder
	for _, ev := range strings.Split(body, "\n\n") {
		data, ok := strings.CutPrefix(ev, "data: ")
		if !ok || data == "[DONE]" {
			continue
		}
		msg.Choices = nil
		if err := json.Unmarshal([]byte(data), &msg); err != nil || len(msg.Choices) == 0 {
			t.Fatalf("event %q: %v", data, err)
		}
		text.WriteString(msg.Choices[0].Delta.Content)
	}
	return text.String()
}

// TestRestoredIBANAsWritten: an IBAN is restored in the answer as the
// person wrote it in the request, grouped or not, through the proxy with an
// upstream that echoes the prompt (streamed in two-byte deltas, so every
// placeholder is split), also when the request carries the conversation
// with an earlier message that wrote it otherwise. Before, the mapping
// (the person's at the service, kept for hours) restored the form it saw
// first: "DE89 3704 0044 0532 0130 00" came back "DE89370400440532013000"
// after a request that had written it so (sec15).
func TestRestoredIBANAsWritten(t *testing.T) {
	h := newPipeHarness(t, nil)
	const plain, grouped, lower = "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "de89 3704 0044 0532 0130 00"
	for _, tc := range []struct {
		iban   string
		stream bool
	}{{plain, false}, {grouped, false}, {plain, true}, {grouped, true}, {lower, true}, {grouped, false}} {
		code, body := h.chat(t, "api.openai.com", "Bitte überweisen Sie an "+tc.iban+", danke.", tc.stream)
		if sent := h.llm.last(); code != 200 || !strings.Contains(sent, "[IBAN_1]") || strings.Contains(sent, "3704") {
			t.Fatalf("%q: %d, sent %s", tc.iban, code, sent)
		}
		if got, want := answerText(t, body), "Bitte überweisen Sie an "+tc.iban+", danke."; !strings.HasSuffix(got, want) {
			t.Errorf("%q (stream %v): the answer reads %q, want it to end %q", tc.iban, tc.stream, got, want)
		}
	}
	// The conversation resent whole: the form of its last message.
	for _, stream := range []bool{false, true} {
		b, _ := json.Marshal(map[string]any{"model": "gpt-4o", "stream": stream, "messages": []any{
			map[string]any{"role": "user", "content": "Meine IBAN ist " + plain + "."},
			map[string]any{"role": "assistant", "content": "Notiert."},
			map[string]any{"role": "user", "content": "Nochmal zum Mitschreiben: " + grouped},
		}})
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(string(b)))
		req.Header.Set("Content-Type", "application/json")
		code, body := h.send(t, req)
		if got := answerText(t, body); code != 200 || !strings.HasSuffix(got, "Nochmal zum Mitschreiben: "+grouped) {
			t.Errorf("conversation (stream %v): %d %q", stream, code, got)
		}
	}
}
