package proxy

import (
	"strings"
	"testing"
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
