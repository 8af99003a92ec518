package proxy

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/providers"
)

// TestSplitValuesAcrossMessages: a value split across two consecutive
// messages or two text parts of one message ("DE89 3704" + "0044 0532
// 0130 00"), which the model reads as one and neither part holds alone, is
// found where the two meet and replaced piece by piece: the left piece by
// the value's placeholder, the right one by nothing; the answer names the
// whole value. Before, every field was scanned by itself, and the IBAN
// went out. Unrelated fields (metadata beside a message) are not joined,
// nor earlier turns, and a boundary at a sentence's end is not read.
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
			// sent() lists Anthropic's and Gemini's bodies before the fake
			// LLM's: what is new is what was not there before.
			before := map[string]int{}
			for _, s := range sent() {
				before[s]++
			}
			code, body := postJSON(t, h, tc.url, tc.body)
			var got []string
			for _, s := range sent() {
				if before[s] > 0 {
					before[s]--
					continue
				}
				got = append(got, s)
			}
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
