package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/schleuse/schleuse/config"
)

// fakeGeminiWeb answers gemini.google.com StreamGenerate the way the web app
// receives it: ")]}'", then length-prefixed frames (length in UTF-16 units,
// counted from the newline after the digits through the newline after the
// payload), each carrying the whole answer so far. The answer echoes the
// prompt in small steps, so a placeholder is cut off at the end of a frame.
// After the first frame that holds a whole placeholder it waits for gate:
// the client must have read that frame, restored, by then.
type fakeGeminiWeb struct {
	mu       sync.Mutex
	prompt   string
	gate     chan struct{}
	buffered bool // the gate timed out: the proxy held the frame back
}

func (f *fakeGeminiWeb) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	var outer []any
	var inner []any
	if json.Unmarshal([]byte(r.PostForm.Get("f.req")), &outer) != nil || len(outer) < 2 {
		http.Error(w, "bad f.req", 400)
		return
	}
	s, _ := outer[1].(string)
	if json.Unmarshal([]byte(s), &inner) != nil || len(inner) == 0 {
		http.Error(w, "bad inner", 400)
		return
	}
	prompt, _ := inner[0].([]any)[0].(string)
	f.mu.Lock()
	f.prompt = prompt
	f.mu.Unlock()

	answer := "Antwort 😀: " + prompt
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	io.WriteString(w, ")]}'\n\n")
	waited := false
	for end := 0; end < len(answer); {
		for n := 0; n < 3 && end < len(answer); n++ { // three runes per step
			_, size := utf8.DecodeRuneInString(answer[end:])
			end += size
		}
		io.WriteString(w, geminiFrame(geminiPayload(answer[:end])))
		w.(http.Flusher).Flush()
		if !waited && strings.Contains(answer[:end], "]") {
			waited = true
			select {
			case <-f.gate:
			case <-time.After(3 * time.Second):
				f.mu.Lock()
				f.buffered = true
				f.mu.Unlock()
			}
		}
	}
	io.WriteString(w, geminiFrame(`[["di",93],["af.httprm",92,"-3012345678901234567",7]]`))
	io.WriteString(w, geminiFrame(`[["e",4,null,null,1234]]`))
}

func (f *fakeGeminiWeb) lastPrompt() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.prompt
}

func geminiFrame(payload string) string {
	content := "\n" + payload + "\n"
	return strconv.Itoa(len(utf16.Encode([]rune(content)))) + content
}

// geminiPayload is one answer frame: the text at inner[4][0][1][0], the
// inner JSON inside the "wrb.fr" string.
func geminiPayload(text string) string {
	inner, _ := json.Marshal([]any{nil, []any{"c_3f2a1b0c9d8e7f6a", "r_5e4d3c2b1a0f9e8d"}, nil, nil,
		[]any{[]any{"rc_7a6b5c4d3e2f1a0b", []any{text}, nil, nil, nil, nil, nil, nil, []any{1}, "de"}}})
	outer, _ := json.Marshal([]any{[]any{"wrb.fr", nil, string(inner)}})
	return string(outer)
}

// geminiTexts reads a StreamGenerate answer as a strict client: each length
// must end exactly where the next frame's digits start.
func geminiTexts(t *testing.T, body string) []string {
	t.Helper()
	s, ok := strings.CutPrefix(body, ")]}'\n\n")
	if !ok {
		t.Fatalf("no XSSI prefix: %q", body)
	}
	var texts []string
	for s != "" {
		k := 0
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		n, err := strconv.Atoi(s[:k])
		if err != nil {
			t.Fatalf("no length at %q", s)
		}
		s = s[k:]
		end, units := 0, 0
		for _, r := range s {
			if units >= n {
				break
			}
			units += utf16.RuneLen(r)
			end += utf8.RuneLen(r)
		}
		content := s[:end]
		s = s[end:]
		if units != n || s != "" && (s[0] < '0' || s[0] > '9') {
			t.Fatalf("length %d does not end at a frame boundary: %q|%q", n, content, s)
		}
		var outer [][]any
		if err := json.Unmarshal([]byte(content), &outer); err != nil {
			t.Fatalf("frame %q: %v", content, err)
		}
		if outer[0][0] != "wrb.fr" {
			continue
		}
		var inner []any
		if err := json.Unmarshal([]byte(outer[0][2].(string)), &inner); err != nil {
			t.Fatalf("inner JSON of %q: %v", content, err)
		}
		texts = append(texts, inner[4].([]any)[0].([]any)[1].([]any)[0].(string))
	}
	return texts
}

// TestGeminiWebRestore: a name in a gemini.google.com prompt is redacted, the
// answer's placeholder (cut across frames) reaches the client as the name,
// and every frame length is right for the restored text.
func TestGeminiWebRestore(t *testing.T) {
	// Gemini (web) approved with a data-processing agreement: names are
	// pseudonymised.
	dir := policyApproving(t, "gemini-web:     {name: \"Gemini (Web)\",              approved: false, avv: false")
	gem := &fakeGeminiWeb{gate: make(chan struct{})}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Policy.Dir = dir },
		extra:  map[string]http.Handler{"gemini.google.com": gem},
	})

	prompt := "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz wegen seines Antrags."
	inner, _ := json.Marshal([]any{[]any{prompt, 0, nil, nil, nil, nil, 0}, []any{"de"},
		[]any{"", "", "", nil, nil, nil, nil, nil, nil, ""}, "!BotGuardToken", "a1b2c3d4", nil, []any{1}, 1})
	freq, _ := json.Marshal([]any{nil, string(inner)})
	form := url.Values{"f.req": {string(freq)}, "at": {"AJvLN6M-token:1764300000000"}}.Encode()
	u := "https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate?bl=boq_assistant-bard-web-server_20261120.08_p0&_reqid=123456&rt=c"
	resp, err := h.client(h.schleuseP, false).Post(u, "application/x-www-form-urlencoded;charset=UTF-8", strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// The restored frame arrives while the upstream is still answering.
	var body []byte
	buf := make([]byte, 4096)
	for !strings.Contains(string(body), "Yılmaz") {
		n, err := resp.Body.Read(buf)
		body = append(body, buf[:n]...)
		if err != nil {
			t.Fatalf("reading the answer: %v after %q", err, body)
		}
	}
	close(gem.gate)
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	body = append(body, rest...)
	gem.mu.Lock()
	buffered := gem.buffered
	gem.mu.Unlock()
	if buffered {
		t.Error("the restored frame reached the client only after the upstream went on")
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	sent := gem.lastPrompt()
	if strings.Contains(sent, "Yılmaz") || !strings.Contains(sent, "[PERSON_1]") {
		t.Fatalf("upstream saw %q, want the name redacted", sent)
	}
	texts := geminiTexts(t, string(body))
	if len(texts) < 10 {
		t.Fatalf("only %d answer frames", len(texts))
	}
	// Each frame repeats the whole text: each starts with the note on
	// the replaced name (notice.redacted web).
	want := "Antwort 😀: " + prompt
	checkNote(t, texts[len(texts)-1], resp.Header.Get("X-Schleuse-Request-Id"), want, "Yılmaz")
	for i, text := range texts {
		if strings.Contains(text, "[PERSON_1]") {
			t.Errorf("frame %d still holds the placeholder: %q", i, text)
		}
		if !strings.HasPrefix(text, notePrefix) || strings.Count(text, "ℹ️") != 1 {
			t.Errorf("frame %d does not start with the note: %q", i, text)
		}
	}
}

// TestGeminiWebNoteOncePerCandidate: through the proxy, each candidate of
// a gemini.google.com answer (a draft the person sees on its own) gets the
// note once as its client shows it: in a frame's second "wrb.fr" part
// too, and for a card (a card's link at 1.0, the text at 22.0) before the
// text at 22.0 with the link left as it is. Before, the adapter's Text
// named the first part (0.2) and the text at 1.0 only.
func TestGeminiWebNoteOncePerCandidate(t *testing.T) {
	dir := policyApproving(t, "gemini-web:     {name: \"Gemini (Web)\",              approved: false, avv: false")
	const card = "http://googleusercontent.com/card_content/0"
	gem := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cand := func(rc string, text, at22 any) []any {
			c := make([]any, 23)
			c[0], c[1], c[8], c[22] = rc, []any{text}, []any{2}, []any{at22}
			return c
		}
		part := func(cands ...any) []any {
			inner, _ := json.Marshal([]any{nil, []any{"c_1", "r_1"}, nil, nil, cands})
			return []any{"wrb.fr", nil, string(inner)}
		}
		frame, _ := json.Marshal([]any{part(cand("rc_a", card, "Wetter für [PERSON_1]"), cand("rc_b", "Hallo [PERSON_1]", nil)),
			part(cand("rc_a", card, "Wetter für [PERSON_1] in Köln"))})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		io.WriteString(w, ")]}'\n\n"+geminiFrame(string(frame))+geminiFrame(`[["e",4,null,null,1234]]`))
	})
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Policy.Dir = dir },
		extra:  map[string]http.Handler{"gemini.google.com": gem},
	})
	prompt := "Wie wird das Wetter für Herrn Mehmet Yılmaz?"
	inner, _ := json.Marshal([]any{[]any{prompt, 0, nil, nil, nil, nil, 0}, []any{"de"}, []any{"", "", ""}})
	freq, _ := json.Marshal([]any{nil, string(inner)})
	form := url.Values{"f.req": {string(freq)}, "at": {"AJvLN6M-token:1764300000000"}}.Encode()
	resp, err := h.client(h.schleuseP, false).Post("https://gemini.google.com/_/BardChatUi/data/assistant.lamda.BardFrontendService/StreamGenerate?rt=c",
		"application/x-www-form-urlencoded;charset=UTF-8", strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := strings.TrimPrefix(string(body), ")]}'\n\n")
	s = strings.TrimLeft(s, "0123456789")
	payload, _, _ := strings.Cut(strings.TrimPrefix(s, "\n"), "\n")
	var parts [][]any
	if err := json.Unmarshal([]byte(payload), &parts); err != nil || len(parts) != 2 {
		t.Fatalf("%d %v: %s", resp.StatusCode, err, body)
	}
	var got [][2]any
	for _, p := range parts {
		var in []any
		if err := json.Unmarshal([]byte(p[2].(string)), &in); err != nil {
			t.Fatal(err)
		}
		for _, c := range in[4].([]any) {
			c := c.([]any)
			got = append(got, [2]any{c[1].([]any)[0], c[22].([]any)[0]})
		}
	}
	if len(got) != 3 {
		t.Fatalf("candidates %q", got)
	}
	for i, want := range [][2]string{{"", "Wetter für Mehmet Yılmaz"}, {"Hallo Mehmet Yılmaz", ""}, {"", "Wetter für Mehmet Yılmaz in Köln"}} {
		at1, _ := got[i][0].(string)
		at22, _ := got[i][1].(string)
		if want[0] == "" {
			if at1 != card || !strings.HasPrefix(at22, notePrefix) || strings.Count(at22, "ℹ️") != 1 || !strings.HasSuffix(at22, want[1]) {
				t.Errorf("card %d: %q, %q", i, at1, at22)
			}
		} else if !strings.HasPrefix(at1, notePrefix) || strings.Count(at1, "ℹ️") != 1 || !strings.HasSuffix(at1, want[0]) || got[i][1] != nil {
			t.Errorf("candidate %d: %q, %v", i, at1, got[i][1])
		}
	}
}
