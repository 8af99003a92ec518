package proxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// valueScanner reports value as a PERSON wherever it stands: a stand-in
// for a detector (or a DPO's word list) whose finding holds characters that
// mean something in the answer's format.
type valueScanner struct{ value string }

func (s valueScanner) Scan(text []byte) []detectors.Finding {
	var fs []detectors.Finding
	for off := 0; ; {
		i := bytes.Index(text[off:], []byte(s.value))
		if i < 0 {
			return fs
		}
		fs = append(fs, detectors.Finding{Type: "PERSON", Start: off + i, End: off + i + len(s.value), Score: 1})
		off += i + len(s.value)
	}
}

// TestRestoredValuesEscapedForTheAnswer: a value restored into an HTML
// answer is HTML-escaped (else it brings its own markup into the service's
// origin), and one restored into SSE data that is not JSON keeps its line
// breaks, a lone CR too, inside the data (else the rest of the value is an
// SSE field of its own: "id:", "event:", "retry:"). Before, both were
// restored as they were. (Security review, third round.)
func TestRestoredValuesEscapedForTheAnswer(t *testing.T) {
	var answer, ctype string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		// the placeholder this request got (the mapping is the user's:
		// each value of the test has its own)
		p := regexp.MustCompile(`\[PERSON_[0-9]+\]`).Find(b)
		w.Header().Set("Content-Type", ctype)
		io.WriteString(w, strings.ReplaceAll(answer, "[PERSON_1]", string(p)))
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	ask := func(t *testing.T, value string, stream bool) string {
		t.Helper()
		h.pipe.SetScanner(valueScanner{value})
		body, _ := json.Marshal(map[string]any{"model": "m", "stream": stream,
			"messages": []any{map[string]any{"role": "user", "content": "Schreibe an " + value + " bitte."}}})
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("status %d: %s", resp.StatusCode, got)
		}
		return string(got)
	}
	t.Run("html", func(t *testing.T) {
		ctype, answer = "text/html; charset=utf-8", "<p>Hallo [PERSON_1]</p>"
		got := ask(t, `Kowalski<img src=x onerror=alert(1)>&"'`, false)
		if want := "<p>Hallo Kowalski&lt;img src=x onerror=alert(1)&gt;&amp;&#34;&#39;</p>"; got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
	t.Run("svg", func(t *testing.T) {
		ctype, answer = "image/svg+xml", "<svg><text>[PERSON_1]</text></svg>"
		if got := ask(t, "Kowalski<script>", false); strings.Contains(got, "<script>") {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("json stays JSON-escaped", func(t *testing.T) {
		ctype, answer = "application/json", `{"choices":[{"message":{"role":"assistant","content":"Hallo [PERSON_1]"}}]}`
		got := ask(t, "Kowalski\"<b>\r", false)
		var v struct {
			Choices []struct{ Message struct{ Content string } }
		}
		if err := json.Unmarshal([]byte(got), &v); err != nil || len(v.Choices) != 1 || v.Choices[0].Message.Content != "Hallo Kowalski\"<b>\r" {
			t.Fatalf("got %q (%v)", got, err)
		}
	})
	t.Run("sse not JSON", func(t *testing.T) {
		ctype, answer = "text/event-stream", "data: Hallo [PERSON_1]\n\n"
		got := ask(t, "Kowalski\rid: 7\r\nevent: x", true)
		if strings.Contains(got, "\r") || got != "data: Hallo Kowalski\ndata: id: 7\ndata: event: x\n\n" {
			t.Fatalf("got %q", got)
		}
	})
}
