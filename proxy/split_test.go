package proxy

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/providers"
)

// postForwarded posts body to url through h and returns the answer and
// the bodies the services got for it. sent() lists Anthropic's and
// Gemini's bodies before the fake LLM's: what is new is what was not
// there before.
func postForwarded(t *testing.T, h *pipeHarness, sent func() []string, url, body string) (code int, answer string, got []string) {
	t.Helper()
	before := map[string]int{}
	for _, s := range sent() {
		before[s]++
	}
	code, answer = postJSON(t, h, url, body)
	for _, s := range sent() {
		if before[s] > 0 {
			before[s]--
			continue
		}
		got = append(got, s)
	}
	return code, answer, got
}

// TestSplitValuesAcrossMessages: a value split across two consecutive
// messages or two text parts of one message ("DE89 3704" + "0044 0532
// 0130 00"), which the model reads as one and neither part holds alone, is
// found where the two meet and replaced piece by piece: the left piece by
// the value's placeholder, the right one by nothing; the answer names the
// whole value. Before, every field was scanned by itself, and the IBAN
// went out. Unrelated fields (metadata beside a message) are not joined,
// nor a user turn and the answer after it, and a boundary at a sentence's
// end is not read (TestSplitValuesAcrossEarlierTurns: the history).
func TestSplitValuesAcrossMessages(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct {
		name, url, body string
		replaced        bool // the service gets a placeholder instead of the IBAN's pieces
		answer          string
	}{
		{"two user messages", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise bitte an DE89 3704"},{"role":"user","content":"0044 0532 0130 00 den Betrag."},{"role":"user","content":"Wiederhole die IBAN: [IBAN_1]"}]}`,
			true, "Wiederhole die IBAN: DE89 3704 0044 0532 0130 00"},
		{"two text parts", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Konto DE89 3704 0044"},{"type":"text","text":"0532 0130 00, bitte prüfen"}]}]}`,
			true, ""},
		// A field that holds only its piece is not left empty (Anthropic
		// refuses an empty text block or message, Gemini an empty part).
		{"the right part only a piece", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Konto DE89 3704 0044"},{"type":"text","text":"0532 0130 00"}]}]}`,
			true, ""},
		{"both messages only pieces", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"DE89 3704 0044"},{"role":"user","content":"0532 0130 00"}]}`,
			true, ""},
		{"metadata beside a message is not joined", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","metadata":{"a":"Konto DE89 3704 0044 0532"},"messages":[{"role":"user","content":"0130 00 ist die Nummer"}]}`,
			false, ""},
		{"the items of a list are not joined", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","metadata":{"tags":["Konto DE89 3704 0044 0532","0130 00 Tag"]},"messages":[{"role":"user","content":"Hallo"}]}`,
			false, ""},
		{"a sentence's end", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Die Zahl ist 3704."},{"role":"user","content":"0044 ist die andere."}]}`,
			false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body, got := postForwarded(t, h, sent, tc.url, tc.body)
			if code != 200 || len(got) != 1 {
				t.Fatalf("%d %.300s; %d forwarded", code, body, len(got))
			}
			if tc.replaced != !strings.Contains(got[0], "3704") {
				t.Fatalf("replaced=%v, the service got %s", tc.replaced, got[0])
			}
			if tc.replaced && (strings.Contains(got[0], "0532") || !strings.Contains(got[0], "[IBAN_1]")) {
				t.Fatalf("the service got %s", got[0])
			}
			if strings.Contains(got[0], `"text":""`) || strings.Contains(got[0], `"content":""`) {
				t.Fatalf("a message or text part was left empty: %s", got[0])
			}
			if !tc.replaced && got[0] != tc.body {
				t.Fatalf("a body without a split value was changed:\n%s", got[0])
			}
			if tc.answer != "" && !strings.Contains(body, tc.answer) {
				t.Fatalf("the answer does not name the whole IBAN: %.300s", body)
			}
		})
	}
}

// TestSplitValuesAcrossEarlierTurns: a value split across two consecutive
// user messages of an earlier turn, resent by the client in the history
// (the page shows the person their own text, so the pieces come back in
// clear after the proxy replaced them), is joined as this request's
// messages are, through the running proxy: the service gets the
// placeholder, not the pieces. Before, the history's user turns were read
// one by one, and the IBAN went out in the next request. A user turn and
// the answer after it are still not joined (two authors' texts).
func TestSplitValuesAcrossEarlierTurns(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct {
		name, url, body string
		replaced        bool
	}{
		{"openai", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise bitte an DE89 3704"},{"role":"user","content":"0044 0532 0130 00 den Betrag."},{"role":"assistant","content":"Erledigt."},{"role":"user","content":"Danke, und jetzt?"}]}`,
			true},
		{"anthropic text parts", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"Konto DE89 3704 0044"},{"type":"text","text":"0532 0130 00, bitte prüfen"}]},{"role":"assistant","content":"Geprüft."},{"role":"user","content":"Danke"}]}`,
			true},
		{"gemini", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Überweise bitte an DE89 3704"}]},{"role":"user","parts":[{"text":"0044 0532 0130 00 den Betrag."}]},{"role":"model","parts":[{"text":"Erledigt."}]},{"role":"user","parts":[{"text":"Danke"}]}]}`,
			true},
		{"a user turn and its answer are not joined", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Die Nummer lautet DE89 3704 0044 0532"},{"role":"assistant","content":"0130 00 ist meine Antwort"},{"role":"user","content":"Danke"}]}`,
			false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body, got := postForwarded(t, h, sent, tc.url, tc.body)
			if code != 200 || len(got) != 1 {
				t.Fatalf("%d %.300s; %d forwarded", code, body, len(got))
			}
			if tc.replaced && (strings.Contains(got[0], "3704") || strings.Contains(got[0], "0532") || !strings.Contains(got[0], "[IBAN_1]")) {
				t.Fatalf("the IBAN split across two earlier user messages went out: %s", got[0])
			}
			if !tc.replaced && got[0] != tc.body {
				t.Fatalf("a user turn was joined with the answer after it:\n%s", got[0])
			}
			if strings.Contains(got[0], `"text":""`) || strings.Contains(got[0], `"content":""`) {
				t.Fatalf("a message or text part was left empty: %s", got[0])
			}
		})
	}
}

// TestSplitValuesAcrossEarlierTurnsScanHistoryOff: with
// inspect.scan_history: false, the two pieces, each read clean by itself
// when they were sent, are still joined when they come back as history:
// the joined text is none the proxy read clean before (seenClean).
func TestSplitValuesAcrossEarlierTurnsScanHistoryOff(t *testing.T) {
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Inspect.ScanHistory = false }})
	url := "https://api.openai.com/v1/chat/completions"
	a, b := `{"role":"user","content":"Überweise bitte an DE89 3704"}`, `{"role":"user","content":"0044 0532 0130 00 den Betrag."}`
	for _, body := range []string{
		`{"model":"gpt-4o","messages":[` + a + `,` + b + `]}`,
		`{"model":"gpt-4o","messages":[` + a + `,` + b + `,{"role":"assistant","content":"Erledigt."},{"role":"user","content":"Danke"}]}`,
	} {
		n := len(h.llm.received)
		code, answer := postJSON(t, h, url, body)
		got := h.llm.received[n:]
		if code != 200 || len(got) != 1 {
			t.Fatalf("%d %.300s; %d forwarded", code, answer, len(got))
		}
		if strings.Contains(got[0], "3704") || strings.Contains(got[0], "0532") {
			t.Fatalf("the IBAN's pieces went out: %s", got[0])
		}
	}
}

// TestSplitValuesInsideAGroup: a value cut inside a group of digits or
// at its "@" ("Karte 4111 111" + "1 1111 1111", "anna.schmidt" +
// "@example.de") is found where the two messages meet, through the running
// proxy, and the service gets neither piece. Before, the two were joined
// with a blank only ("4111 111 1 1111 1111", no card number) or not at all
// (a piece starting with "@"), and both went out (FuzzScanBoundaries).
func TestSplitValuesInsideAGroup(t *testing.T) {
	h, sent := newEvasionHarness(t)
	for _, tc := range []struct{ a, b, piece string }{
		{"Sperre bitte die Karte 4111 111", "1 1111 1111 sofort", "4111 111"},
		{"Schreib an anna.schmidt", "@example.de eine Mail", "anna.schmidt"},
		{"Sperre bitte die Karte 4111 1111 1111 ", "1111 sofort", "4111 1111"},
		{"Schreib an anna.schmidt@example", ".de eine Mail", "anna.schmidt"},
		// An invisible character at a piece's edge (sec12): before, the
		// two were not joined, and the IBAN went out.
		{"Konto DE89 3704 00\u200b", "44 0532 0130 00 bitte", "3704"},
		{"Konto DE89 3704 0044", "\u200b0532 0130 00 bitte", "3704"},
	} {
		body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{
			map[string]any{"role": "user", "content": tc.a}, map[string]any{"role": "user", "content": tc.b}}})
		n := len(sent())
		code, answer := postJSON(t, h, "https://api.openai.com/v1/chat/completions", string(body))
		for _, got := range sent()[n:] {
			if strings.Contains(got, tc.piece) {
				t.Errorf("%q + %q: the service got %s", tc.a, tc.b, got)
			}
		}
		if len(sent()) == n && !strings.Contains(answer, "schleuse") {
			t.Errorf("%q + %q: %d %.300s", tc.a, tc.b, code, answer)
		}
	}
}

// FuzzScanBoundaries: a value the detectors find in a user's text, split
// anywhere inside it into two consecutive user messages, is not left
// unread: scanBoundaries finds it across the boundary, or each message's
// own findings cover its piece. Seeded from TestSplitValuesAcrossMessages.
func FuzzScanBoundaries(f *testing.F) {
	for _, s := range []string{
		"Überweise bitte an DE89 3704 0044 0532 0130 00 den Betrag.", "Konto DE89 3704 0044 0532 0130 00, bitte prüfen",
		"Schreib an anna.schmidt@example.de bitte", "Steuer-ID 86095742719 von Herrn Jürgen Kowalski", "Karte 4111 1111 1111 1111 bitte sperren",
	} {
		f.Add(s, uint16(7))
	}
	sc := scannerBox{Scanner: detectors.Default()}
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		f.Fatal(err)
	}
	openai, _ := router.Adapter("openai")
	f.Fuzz(func(t *testing.T, text string, cut uint16) {
		if len(text) > 200 || !utf8.ValidString(text) {
			return
		}
		fs, _ := scanWith(sc, text)
		for _, v := range fs {
			if v.Type == "PERSON" || v.End-v.Start < 2 {
				continue // a name is read by its context, which a split takes away
			}
			p := v.Start + 1 + int(cut)%(v.End-v.Start-1)
			if !utf8.RuneStart(text[p]) {
				continue
			}
			a, b := text[:p], text[p:]
			lt, rt := strings.TrimRightFunc(a, unicode.IsSpace), strings.TrimLeftFunc(b, unicode.IsSpace)
			lr, _ := utf8.DecodeLastRuneInString(lt)
			rr, _ := utf8.DecodeRuneInString(rt)
			if !unicode.IsLetter(lr) && !unicode.IsDigit(lr) && !strings.ContainsRune(valueJoiners, lr) ||
				!unicode.IsLetter(rr) && !unicode.IsDigit(rr) && !strings.ContainsRune(valueJoiners+".", rr) {
				continue // a piece that ends a sentence ("3704." + "0044 ist …") is not joined
			}
			body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{
				map[string]any{"role": "user", "content": a}, map[string]any{"role": "user", "content": b}}})
			env, err := openai.Extract(&providers.Request{Method: "POST", Path: "/v1/chat/completions"}, body)
			if err != nil || len(env.Fields) != 2 {
				t.Fatalf("%s: %v %+v", body, err, env)
			}
			r := &run{sc: sc, env: env}
			covered := [2]bool{}
			for i, s := range []string{a, b} {
				own, _ := scanWith(sc, s)
				lo, hi := v.Start, p
				if i == 1 {
					lo, hi = 0, v.End-p
				}
				covered[i] = slices.ContainsFunc(own, func(g detectors.Finding) bool { return g.Start < hi && g.End > lo })
				r.scans = append(r.scans, scanned{field: i, text: s, findings: own})
			}
			r.scanBoundaries()
			split := slices.ContainsFunc(r.scans, func(s scanned) bool { return s.split != nil && len(s.findings) > 0 })
			if !split && !(covered[0] && covered[1]) {
				t.Fatalf("%s %q split into %q + %q is read in neither", v.Type, text[v.Start:v.End], a, b)
			}
		}
	})
}

// userMessages is an OpenAI chat body with one user message per part.
func userMessages(parts ...string) string {
	var ms []any
	for _, p := range parts {
		ms = append(ms, map[string]any{"role": "user", "content": p})
	}
	b, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": ms})
	return string(b)
}

// textPartsBody is an Anthropic messages body with one user message of
// one text part per part.
func textPartsBody(parts ...string) string {
	var ps []any
	for _, p := range parts {
		ps = append(ps, map[string]any{"type": "text", "text": p})
	}
	b, _ := json.Marshal(map[string]any{"model": "claude-sonnet-4-5", "max_tokens": 10,
		"messages": []any{map[string]any{"role": "user", "content": ps}}})
	return string(b)
}

// TestSplitValuesAcrossThreeMessages: a value split into three or more
// pieces across consecutive user messages or text parts, the middle ones
// short ("DE89 3704" + "0044 0532" + "0130 00"), is found where they meet,
// through the running proxy, and the service gets none of the pieces; the
// answer names the whole value. A middle piece is all value and takes the
// placeholder; no message or text part is left empty. Before,
// scanBoundaries joined two neighbours only, and neither pair held the
// IBAN or the Steuer-ID: all pieces went out.
func TestSplitValuesAcrossThreeMessages(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const (
		openai = "https://api.openai.com/v1/chat/completions"
		anth   = "https://api.anthropic.com/v1/messages"
	)
	for _, tc := range []struct {
		name, url, body string
		pieces          []string // none of them may reach the service
		placeholder     string
	}{
		{"an IBAN in three messages", openai, userMessages("Überweise bitte an DE89 3704", "0044 0532", "0130 00 den Betrag.", "Wiederhole die IBAN: [IBAN_1]"), []string{"3704", "0044 0532", "0130"}, "[IBAN_1]"},
		{"an IBAN in three text parts", anth, textPartsBody("Konto DE89 3704", "0044 0532", "0130 00, bitte prüfen"), []string{"3704", "0044 0532", "0130"}, "[IBAN_1]"},
		{"pieces only", anth, textPartsBody("DE89 3704", "0044 0532", "0130 00"), []string{"3704", "0044", "0130"}, "[IBAN_1]"},
		{"a Steuer-ID inside its digits", openai, userMessages("Steuer-ID 860", "957", "42719 von Herrn Weber"), []string{"860", "957", "42719"}, "[DE_TAX_ID_1]"},
		{"an IBAN in five messages", openai, userMessages("Konto DE89", "3704", "0044", "0532", "0130 00 bitte"), []string{"3704", "0044", "0532", "0130"}, "[IBAN_1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, answer, got := postForwarded(t, h, sent, tc.url, tc.body)
			if code != 200 || len(got) != 1 {
				t.Fatalf("%d %.300s; %d forwarded", code, answer, len(got))
			}
			for _, p := range tc.pieces {
				if strings.Contains(got[0], p) {
					t.Errorf("the service got %q: %s", p, got[0])
				}
			}
			if !strings.Contains(got[0], tc.placeholder) {
				t.Errorf("no %s: %s", tc.placeholder, got[0])
			}
			if strings.Contains(got[0], `"text":""`) || strings.Contains(got[0], `"content":""`) {
				t.Errorf("a message or text part was left empty: %s", got[0])
			}
			if strings.Contains(tc.body, "Wiederhole") && !strings.Contains(answer, "Wiederhole die IBAN: "+testIBAN) {
				t.Errorf("the answer does not name the whole IBAN: %.300s", answer)
			}
		})
	}
}

// FuzzScanBoundariesThree: a value the detectors find in a user's text,
// split anywhere inside it into three consecutive user messages, is not
// left unread: every piece is covered by a finding across the boundaries
// (scanBoundaries) or by its message's own. Seeded from
// TestSplitValuesAcrossThreeMessages.
func FuzzScanBoundariesThree(f *testing.F) {
	for _, s := range []string{
		"Überweise bitte an DE89 3704 0044 0532 0130 00 den Betrag.", "Konto DE89 3704 0044 0532 0130 00, bitte prüfen",
		"Steuer-ID 86095742719 von Herrn Weber", "Schreib an anna.schmidt@example.de bitte", "Karte 4111 1111 1111 1111 bitte sperren",
	} {
		f.Add(s, uint16(7), uint16(5))
	}
	sc := scannerBox{Scanner: detectors.Default()}
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		f.Fatal(err)
	}
	openai, _ := router.Adapter("openai")
	joins := func(a, b string) bool {
		lt, rt := strings.TrimRightFunc(a, unicode.IsSpace), strings.TrimLeftFunc(b, unicode.IsSpace)
		lr, _ := utf8.DecodeLastRuneInString(lt)
		rr, _ := utf8.DecodeRuneInString(rt)
		return (unicode.IsLetter(lr) || unicode.IsDigit(lr) || strings.ContainsRune(valueJoiners, lr)) &&
			(unicode.IsLetter(rr) || unicode.IsDigit(rr) || strings.ContainsRune(valueJoiners+".", rr))
	}
	f.Fuzz(func(t *testing.T, text string, cut1, cut2 uint16) {
		if len(text) > 200 || !utf8.ValidString(text) {
			return
		}
		fs, _ := scanWith(sc, text)
		for _, v := range fs {
			if v.Type == "PERSON" || v.End-v.Start < 3 {
				continue // a name is read by its context, which a split takes away
			}
			p := v.Start + 1 + int(cut1)%(v.End-v.Start-2)
			q := p + 1 + int(cut2)%(v.End-p-1)
			if !utf8.RuneStart(text[p]) || !utf8.RuneStart(text[q]) {
				continue
			}
			pieces := []string{text[:p], text[p:q], text[q:]}
			if strings.TrimSpace(pieces[1]) == "" || !joins(pieces[0], pieces[1]) || !joins(pieces[1], pieces[2]) {
				continue // a piece that ends a sentence ("3704." + "0044 ist …") is not joined
			}
			var ms []any
			for _, s := range pieces {
				ms = append(ms, map[string]any{"role": "user", "content": s})
			}
			body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": ms})
			env, err := openai.Extract(&providers.Request{Method: "POST", Path: "/v1/chat/completions"}, body)
			if err != nil || len(env.Fields) < 3 {
				t.Fatalf("%s: %v %+v", body, err, env)
			}
			if len(env.Fields) > 3 {
				return // a piece with percent escapes ("%a0") adds its decoded reading: read as a field of its own
			}
			r := &run{sc: sc, env: env}
			for i, s := range pieces {
				own, _ := scanWith(sc, s)
				r.scans = append(r.scans, scanned{field: i, text: s, findings: own})
			}
			r.scanBoundaries()
			// the part of the value in each piece
			span := [3][2]int{{v.Start, p}, {0, q - p}, {0, v.End - q}}
			for i := range pieces {
				lo, hi := span[i][0], span[i][1]
				read := slices.ContainsFunc(r.scans, func(s scanned) bool {
					if s.field == i {
						return slices.ContainsFunc(s.findings, func(g detectors.Finding) bool { return g.Start < hi && g.End > lo })
					}
					b := s.split
					if b == nil {
						return false
					}
					return slices.ContainsFunc(s.findings, func(g detectors.Finding) bool {
						if b.left == i {
							return b.base+g.Start < hi
						}
						for j, k := range b.right {
							if k == i && g.End > b.at[j] && g.Start < b.at[j]+hi && g.End-b.at[j] > lo {
								return true
							}
						}
						return false
					})
				})
				if !read {
					t.Fatalf("%s %q split into %q is not read in piece %d", v.Type, text[v.Start:v.End], pieces, i)
				}
			}
		}
	})
}

// TestSplitValuesAcrossAnAnswer: a value split by the person across the
// model's answer (user, assistant, user: "DE89 3704", "Notiert.", "0044
// 0532 0130 00") is read where the person's two pieces meet, in this
// request's last message and in the history resent with a later one, and
// so is one split between claude.ai's prompt and its attachment's
// extracted_content (a long paste becomes an attachment), either way
// round. The service gets a placeholder, or the request is blocked; before
// (sec27), each piece was read by itself and the values went out. A
// conversation whose turns hold no value across them passes unchanged.
func TestSplitValuesAcrossAnAnswer(t *testing.T) {
	up := &recordingUpstream{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{
		"generativelanguage.googleapis.com": up, "api.anthropic.com": up, "claude.ai": up,
	}})
	sent := func() []string {
		h.llm.mu.Lock()
		defer h.llm.mu.Unlock()
		return append(up.bodies(), h.llm.received...)
	}
	const claude = "https://claude.ai/api/organizations/4f5e6d7c/chat_conversations/9a8b7c6d/completion"
	for _, tc := range []struct {
		name, url, body string
		clean           bool
		keep            string // what the service must get as written
	}{
		{"openai", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise bitte an DE89 3704"},{"role":"assistant","content":"Notiert. Wie geht die IBAN weiter?"},{"role":"user","content":"0044 0532 0130 00 den Betrag."}]}`, false, ""},
		// A value whole in the message before the answer is not read on
		// into the next message's first word.
		{"a whole value before the answer", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise bitte an DE89 3704 0044 0532 0130 00"},{"role":"assistant","content":"Notiert."},{"role":"user","content":"Danke für die Hilfe"}]}`, false, `"Danke für die Hilfe"`},
		{"openai, both pieces in the history", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Steuer-ID von Herrn K.: 860957"},{"role":"assistant","content":"Weiter?"},{"role":"user","content":"42719 bitte prüfen"},{"role":"assistant","content":"Geprüft."},{"role":"user","content":"Danke"}]}`, false, ""},
		{"anthropic", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"Konto DE89 3704 0044"},{"role":"assistant","content":"Ja?"},{"role":"user","content":"0532 0130 00, bitte prüfen"}]}`, false, ""},
		{"gemini", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Überweise bitte an DE89 3704"}]},{"role":"model","parts":[{"text":"Erledigt."}]},{"role":"user","parts":[{"text":"0044 0532 0130 00 den Betrag."}]}]}`, false, ""},
		{"claude.ai prompt, then the attachment", claude,
			`{"prompt":"Prüfe die Steuer-ID 860957","attachments":[{"file_name":"","file_type":"txt","file_size":40,"extracted_content":"42719 aus dem Antrag von Herrn K."}]}`, false, ""},
		{"claude.ai attachment, then the prompt", claude,
			`{"prompt":"42719 ist der Rest, bitte prüfen","attachments":[{"file_name":"","file_type":"txt","file_size":40,"extracted_content":"Antrag von Herrn K., Steuer-ID 860957"}]}`, false, ""},
		{"a conversation without a value across turns", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Ich habe 3 Kinder"},{"role":"assistant","content":"Wie alt sind sie?"},{"role":"user","content":"12, 9 und 4 Jahre"},{"role":"assistant","content":"Danke."},{"role":"user","content":"2024 kam das jüngste in die Kita"}]}`, true, ""},
		{"claude.ai with a table attached", claude,
			`{"prompt":"Summe der Spalte 2024","attachments":[{"file_name":"","file_type":"txt","file_size":40,"extracted_content":"2023 1200\n2024 1350\n2025 1410"}]}`, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body, got := postForwarded(t, h, sent, tc.url, tc.body)
			if tc.clean {
				if code != 200 || len(got) != 1 || got[0] != tc.body {
					t.Fatalf("a clean conversation was changed or refused: %d %.300s %q", code, body, got)
				}
				return
			}
			if len(got) == 0 {
				if !strings.Contains(body, "schleuse") {
					t.Fatalf("refused without the notice: %d %.300s", code, body)
				}
				return
			}
			if p := canaryLeft(got[0]); p != "" || strings.Contains(got[0], "3704") || !placeholder.MatchString(got[0]) {
				t.Fatalf("the value split across the answer went out (%q): %s", p, got[0])
			}
			if !strings.Contains(got[0], tc.keep) {
				t.Fatalf("the message after the answer lost %s: %s", tc.keep, got[0])
			}
			if strings.Contains(got[0], `"text":""`) || strings.Contains(got[0], `"content":""`) || strings.Contains(got[0], `"prompt":""`) {
				t.Fatalf("a message or text part was left empty: %s", got[0])
			}
		})
	}
}

// TestSplitAcrossAnAnswerIsUserText: a value split across the model's
// answer, its first piece in an earlier turn and its second in this
// request's message, counts as the person's text (field kind "user"), not
// as an earlier turn's only, whose notice would say to delete that earlier
// message; before (sec27), its kind was its left piece's, "history".
func TestSplitAcrossAnAnswerIsUserText(t *testing.T) {
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	openai, _ := router.Adapter("openai")
	env, err := openai.Extract(&providers.Request{Method: "POST", Path: "/v1/chat/completions"},
		[]byte(`{"model":"gpt-4o","messages":[{"role":"user","content":"Überweise bitte an DE89 3704"},{"role":"assistant","content":"Notiert."},{"role":"user","content":"0044 0532 0130 00 den Betrag."}]}`))
	if err != nil || len(env.Fields) != 3 {
		t.Fatalf("%v %+v", err, env)
	}
	sc := scannerBox{Scanner: detectors.Default()}
	r := &run{sc: sc, env: env}
	r.scanBoundaries()
	var kinds []string
	for _, s := range r.scans {
		if s.split != nil && len(s.findings) > 0 {
			kinds = append(kinds, r.fieldKind(s))
		}
	}
	if !slices.Equal(kinds, []string{"user"}) {
		t.Fatalf("the split value's kinds: %q, want [user]", kinds)
	}
	history, _ := r.placeOnlyTypes()
	if len(history) != 0 {
		t.Fatalf("types found only in earlier messages: %q", history)
	}
}
