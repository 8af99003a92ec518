package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schleuse/schleuse/config"
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

// TestRestoredIdentifiersAsWritten: a value of any type that the detectors
// read with blanks for its hyphens, dots or slashes (a file name's joined
// words, an IBAN's or a Steuer-ID's joined groups, middle dots between its
// pieces) or with a hyphen for another dash is restored in the answer as
// written, through the proxy with the echoing upstream, plain and streamed.
// Before, the answer had the reading: "AZ-2026-0815" came back
// "AZ 2026 0815", "5·1234·5678·9" "5 1234 5678 9", "0221–123–456"
// "0221-123-456". A file name's "_" still reads as a blank
// ("Anna-Lena_Schmidt_…" names "Anna-Lena Schmidt").
func TestRestoredIdentifiersAsWritten(t *testing.T) {
	// Aktenzeichen pseudonymised after a #freigabe, as DE_LICENSE_PLATE.
	dir := writePolicy(t, nil)
	data := filepath.Join(dir, "data.yaml")
	b, err := os.ReadFile(data)
	if err != nil || !strings.Contains(string(b), "CASE_REFERENCE: allow") {
		t.Fatalf("data.yaml: %v", err)
	}
	if err := os.WriteFile(data, []byte(strings.Replace(string(b), "CASE_REFERENCE: allow", "CASE_REFERENCE: redact", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// The DPO's tests assert the default's allow.
	if err := os.Remove(filepath.Join(dir, "richtlinie_test.rego")); err != nil {
		t.Fatal(err)
	}
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Policy.Dir = dir }})
	for _, c := range []struct {
		prompt, written, secret string
	}{
		{"Datei Mueller_Erika_Aktenzeichen_AZ-2026-0815_Steuer-ID_86095742719.pdf", "AZ-2026-0815", "0815"},
		{"Akte Kowalski_Bescheid_Kassenzeichen_5.1234.5678.9_Widerspruch_Stadt", "5.1234.5678.9", "5678"},
		{"Kontakt erika.mustermann.0221-1234567", "0221-1234567", "1234567"},
		{"Anhang Anna-Lena_Schmidt_86095742719.pdf", "Anna-Lena Schmidt", "Schmidt"},
		{"Kassenzeichen 7·2345·6789·1", "7·2345·6789·1", "6789"},
		{"Telefon 0221·123·456", "0221·123·456", "123·456"},
		{"Kennzeichen K·AB·1234", "K·AB·1234", "1234"},
		{"Tel 0228–987–654", "0228–987–654", "987"},
		{"IBAN DE89-3704-0044-0532-0130-00", "DE89-3704-0044-0532-0130-00", "0532"},
		{"IBAN DE89.3704.0044.0532.0130.00", "DE89.3704.0044.0532.0130.00", "0532"},
		{"Steuer-ID 860/957/427/19", "860/957/427/19", "957"},
		{"Steuer-ID 86'095'742'719", "86'095'742'719", "742"},
	} {
		for _, stream := range []bool{false, true} {
			prompt := "Bitte schreibe an Herrn Kowalski, " + c.prompt + ", danke.\n#freigabe: Bearbeitung des Vorgangs"
			code, body := h.chat(t, "api.openai.com", prompt, stream)
			if sent := h.llm.last(); code != 200 || strings.Contains(sent, c.secret) {
				t.Fatalf("%q: %d, sent %s", c.prompt, code, sent)
			}
			if got := answerText(t, body); !strings.Contains(got, c.written) {
				t.Errorf("%q (stream %v): the answer reads %q, want %q in it", c.prompt, stream, got, c.written)
			}
		}
	}
}

// writtenCases are values and the form writtenForm restores them in: the
// separators the reading made blanks of, or a hyphen, as written; the other
// folds as read.
var writtenCases = []struct{ in, want string }{
	{"DE89-3704-0044-0532-0130-00", "DE89-3704-0044-0532-0130-00"},
	{"DE89.3704.0044.0532.0130.00", "DE89.3704.0044.0532.0130.00"},
	{"860/957/427/19", "860/957/427/19"},
	{"86'095'742'719", "86'095'742'719"},
	{"5·1234·5678·9", "5·1234·5678·9"},
	{"0221–123–456", "0221–123–456"},
	{"Jürgen–Kowalski", "Jürgen–Kowalski"},
	// A CSV row's joints, a file name's stand-ins for blanks: blanks.
	{"DE89;3704;0044;0532;0130;00", "DE89 3704 0044 0532 0130 00"},
	{"DE89_3704_0044_0532_0130_00", "DE89 3704 0044 0532 0130 00"},
	{`"DE89";"3704";"0044";"0532";"0130";"00"`, `"DE89   3704   0044   0532   0130   00"`}, // shownForm: one blank
	// Other folds as read.
	{"DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"},
	{"86\u200b095742719", "86095742719"},
	{"８６０９５７４２７１９", "86095742719"},
	{"86O957427I9", "86095742719"},
	{"86095742719.0", "86095742719"},
	{"Mu\u0308ller", "Müller"},
	{"AZ\u00a02026-0815", "AZ 2026-0815"},
	{"Anna·", "Anna·"},
	{"", ""},
}

func TestWrittenForm(t *testing.T) {
	for _, c := range writtenCases {
		if got := writtenForm(c.in); got != c.want {
			t.Errorf("writtenForm(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ read, text, want string }{
		{"AZ 2026 0815", "AZ-2026-0815", "AZ-2026-0815"},
		{"5 1234 5678 9", "5.1234.5678.9", "5.1234.5678.9"},
		{"Anna-Lena Schmidt", "Anna-Lena_Schmidt", "Anna-Lena Schmidt"},
		{"Anna Lena Schmidt", "Anna-Lena+Schmidt", "Anna-Lena Schmidt"},
		{"erika mustermann", "erika.mustermann", "erika mustermann"},
		{"Abmahnung Anna Schmidt pdf", "Abmahnung_Anna_Schmidt.pdf", "Abmahnung Anna Schmidt pdf"},
		{"Anna Schmidt", "Anna Schmidt", "Anna Schmidt"},
	} {
		if got := keptJoints(c.read, c.text); got != c.want {
			t.Errorf("keptJoints(%q, %q) = %q, want %q", c.read, c.text, got, c.want)
		}
	}
}

// FuzzWrittenForm: writtenForm differs from the reading (withoutFolds) only
// where it writes a separator for a blank or a hyphen; keptJoints only
// where it writes the text's hyphen or dot for a blank of the reading.
func FuzzWrittenForm(f *testing.F) {
	for _, c := range writtenCases {
		f.Add(c.in, c.in)
	}
	f.Add("AZ 2026 0815", "AZ-2026-0815")
	f.Add("erika mustermann 5 1", "erika.mustermann_5.1")
	f.Fuzz(func(t *testing.T, s, text string) {
		canon := func(v string) string {
			return strings.Map(func(r rune) rune {
				if r < utf8.RuneSelf && writtenJoint(byte(r)) || writtenMark(r) {
					return ' '
				}
				return r
			}, v)
		}
		if got, read := writtenForm(s), withoutFolds(s); canon(got) != canon(read) {
			t.Fatalf("writtenForm(%q) = %q, the reading %q", s, got, read)
		}
		read := []byte(text)
		for i, c := range read {
			if c == '-' || c == '.' || c == '_' {
				read[i] = ' '
			}
		}
		got := keptJoints(string(read), text)
		if len(got) != len(text) {
			t.Fatalf("keptJoints(%q, %q) = %q: another length", read, text, got)
		}
		for i := range got {
			if got[i] != read[i] && (read[i] != ' ' || got[i] != text[i]) {
				t.Fatalf("keptJoints(%q, %q) = %q at %d", read, text, got, i)
			}
		}
	})
}
