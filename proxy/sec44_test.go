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

// TestSpreadsheetRowNamesInspected: a row copied from a spreadsheet or a
// CSV export without its header, the given name and the surname in two
// cells ("Jürgen⇥Kowalski⇥Hauptstraße 5⇥53111 Bonn", "Kowalski;Jürgen;…",
// a pipe table's row), is pseudonymised through the running proxy: the
// service gets placeholders for both. Before (sec44), the cells parted the
// name for the detectors, and the whole name went to the service (the
// address beside it was found); after "Herr" the given name was found and
// the surname went out. Rows of places and words pass unchanged.
func TestSpreadsheetRowNamesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, p := range []string{
		"Schreib einen freundlichen Brief an:\nJürgen\tKowalski\tHauptstraße 5\t53111 Bonn",
		"Kowalski;Jürgen;12.03.1961;Bonn",
		"\"Jürgen\";\"Kowalski\";\"Bonn\"",
		"| Jürgen | Kowalski | Bonn |",
		"Jürgen\tKowalski\nAnna\tSchmidt\nMehmet\tYılmaz",
		"Herr\tJürgen\tKowalski\tBonn",
	} {
		t.Run(p, func(t *testing.T) {
			code, answer, got := postForwarded(t, h, sent, openai, promptBody(p))
			if len(got) != 1 {
				t.Fatalf("%d %.300s", code, answer)
			}
			for _, name := range []string{"Jürgen", "Kowalski", "Schmidt", "Yılmaz"} {
				if strings.Contains(got[0], name) {
					t.Fatalf("the service got %q: %s", name, got[0])
				}
			}
		})
	}
	t.Run("rows without names pass", func(t *testing.T) {
		body := promptBody("Land\tHauptstadt\tEinwohner\nBerlin\tBrandenburg\tSachsen\nStadt;Kreis;Land\nAnna;Bonn;Köln")
		code, answer, got := postForwarded(t, h, sent, openai, body)
		if code != 200 || len(got) != 1 || got[0] != body {
			t.Fatalf("%d %.200s %q", code, answer, got)
		}
	})
}
