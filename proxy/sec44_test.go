package proxy

import (
	"net/http"
	"strings"
	"testing"
)

// TestJSONNumbersReadAsDoubles: a JSON number with more significant
// digits than a double holds, whose double is an integer
// ({"steuer_id": 86095742719.0000000001}), is read as that integer through
// the running proxy, as the service's parser (Python's json, JavaScript,
// protobuf's Struct under Gemini's functionResponse) reads it and the
// model gets it: the service gets the placeholder. Before (sec44),
// schleuse took a measure with a fraction, and the Steuer-ID went out
// unread. Measures with many digits stay as they are.
func TestJSONNumbersReadAsDoubles(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const gemini = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
	fnResponse := func(response string) string {
		return `{"contents":[{"role":"user","parts":[{"text":"Prüfe den Datensatz."}]},{"role":"model","parts":[{"functionCall":{"name":"akte","args":{}}}]},{"role":"user","parts":[{"functionResponse":{"name":"akte","response":` + response + `}}]}]}`
	}
	for _, c := range []struct{ name, url, body, absent string }{
		{"Gemini functionResponse", gemini, fnResponse(`{"steuer_id":86095742719.0000000001}`), "86095742719"},
		{"Gemini functionResponse, exponent", gemini, fnResponse(`{"rows":[[8.60957427190000000001e10,"x"]]}`), "8.6095742719"},
		{"Gemini functionResponse, card number", gemini, fnResponse(`{"karte":4111111111111111.1}`), "4111111111111111"},
		{"Anthropic tool_use input in the history", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"Buche."},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"buchen","input":{"steuer_id":86095742719.00000000001}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"ok"}]}]}`,
			"86095742719"},
		{"OpenAI metadata", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","metadata":{"kunde":-86095742719.000000000001},"messages":[{"role":"user","content":"Hallo"}]}`, "86095742719"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, answer, got := postForwarded(t, h, sent, c.url, c.body)
			if len(got) == 0 {
				if code == http.StatusOK || !strings.Contains(answer, "schleuse") {
					t.Fatalf("refused without the notice: %d %.300s", code, answer)
				}
				return
			}
			if strings.Contains(got[0], c.absent) || got[0] == c.body {
				t.Fatalf("the service got %s", got[0])
			}
		})
	}
	t.Run("measures with many digits", func(t *testing.T) {
		body := fnResponse(`{"betrag":1234567.123456789012,"anteil":0.33333333333333333,"wert":86095742719.00001,"gross":86095742719000000.0000001}`)
		code, answer, got := postForwarded(t, h, sent, gemini, body)
		if code != http.StatusOK || len(got) != 1 || got[0] != body {
			t.Fatalf("%d %.200s %q", code, answer, got)
		}
	})
}

// TestDigitsWithStopsInsideValues: a Steuer-ID or an IBAN in digits with
// a full stop or a comma ("⒏⒍🄁⒐…", U+2488–U+2490; "🄉🄇🄁…",
// U+1F100–U+1F10A), which a "fancy text" generator writes beside the
// parenthesized and circled ones, is read as the digits through the
// running proxy, as "⑻⑹⓪…" was. Before (sec44), both went out as
// written. One alone (a list's mark "⒈ Antrag") passes.
func TestDigitsWithStopsInsideValues(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, p := range []string{
		"Meine Steuer-ID: ⒏⒍🄁⒐⒌⒎⒋⒉⒎⒈⒐",
		"Meine Steuer-ID: 🄉🄇🄁🄊🄆🄈🄅🄃🄈🄂🄊",
		"Überweise an DE⒏⒐ ⒊⒎🄀⒋ 🄀🄀⒋⒋ 🄀⒌⒊⒉ 🄀⒈⒊🄀 🄀🄀",
	} {
		t.Run(p, func(t *testing.T) { checkHeld(t, h, sent, openai, p, "⒏⒍", "🄉🄇", "⒌⒊⒉") })
	}
	t.Run("one alone passes", func(t *testing.T) {
		body := promptBody("⒈ Antrag stellen, ⒉ Bescheid abwarten; Tabelle 🄂 Spalte 3")
		code, answer, got := postForwarded(t, h, sent, openai, body)
		if code != 200 || len(got) != 1 || got[0] != body {
			t.Fatalf("%d %.200s %q", code, answer, got)
		}
	})
}
