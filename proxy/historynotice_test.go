package proxy

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestHistoryFindingNoticeSaysWhere: a block for what only an earlier turn
// of the chat holds (a client resends the whole conversation with every
// request) says so, German and English, and tells the person to delete or
// edit that message or start a new chat. Before, the notice said "remove
// these data from your request" to someone whose last message was "Wie
// wird das Wetter morgen?", and every further message of the chat was
// blocked the same way.
func TestHistoryFindingNoticeSaysWhere(t *testing.T) {
	h, sent := newEvasionHarness(t)
	const (
		password = "Zugang zum Fachverfahren: Passwort: Sommer2026!xy"
		clean    = "Wie wird das Wetter morgen?"
		marking  = "VS-NUR FÜR DEN DIENSTGEBRAUCH. Lagebericht Wasserwerk, bitte zusammenfassen."
	)
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	openai := func(first, last string) (string, string) {
		return "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","messages":[{"role":"user","content":` + q(first) +
			`},{"role":"assistant","content":"Verstanden."},{"role":"user","content":` + q(last) + `}]}`
	}
	anthropic := func(first, last string) (string, string) {
		return "https://api.anthropic.com/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":` + q(first) +
			`}]},{"role":"assistant","content":[{"type":"text","text":"Verstanden."}]},{"role":"user","content":` + q(last) + `}]}`
	}
	const (
		whereDE = "Gefunden nur in früheren Nachrichten dieses Chats, die das Programm mit jeder Anfrage erneut sendet (nicht in Ihrer letzten Nachricht): Zugangsdaten"
		nextDE  = "So geht es weiter: Löschen oder bearbeiten Sie die frühere Nachricht mit diesen Angaben, oder beginnen Sie einen neuen Chat"
		whereEN = "Found only in earlier messages of this chat, which the program sends again with every request (not in your last message): SECRET."
		nextEN  = "Delete or edit the earlier message with these data, or start a new chat"
	)
	for _, c := range []struct {
		name        string
		first, last string
		want, deny  []string
	}{
		{"only in the history", password, clean,
			[]string{whereDE, nextDE, whereEN, nextEN, "Abschnitt 4.2"},
			[]string{"Entfernen Sie ", "Remove these data", "Remove the data", " Gefunden: "}},
		// KI-RL-4.2's message names the Zugangsdaten: no "Gefunden:" before it.
		{"in the last message too", password, "Und nochmal: Passwort: Sommer2026!xy",
			[]string{"gesendet. Grund: Die Eingabe enthält Zugangsdaten", "Entfernen Sie die genannten Angaben", "AI service. Reason: The input contains credentials", "Remove the data named above"},
			[]string{"früheren Nachrichten", "earlier messages", nextDE, " Gefunden: ", "Found:"}},
		{"only in the last message", clean, password,
			[]string{"gesendet. Grund: Die Eingabe enthält Zugangsdaten", "Entfernen Sie die genannten Angaben"},
			[]string{"früheren Nachrichten", "earlier messages", " Gefunden: "}},
		{"a marking in the history", marking, clean,
			[]string{"Gefunden nur in früheren Nachrichten dieses Chats", "Verschlusssache", "auch nicht ohne ihre Kennzeichnung", "Found only in earlier messages of this chat"},
			[]string{"Entfernen Sie ", nextDE}},
	} {
		for _, format := range []struct {
			name  string
			build func(first, last string) (string, string)
		}{{"openai", openai}, {"anthropic", anthropic}} {
			t.Run(c.name+"/"+format.name, func(t *testing.T) {
				url, body := format.build(c.first, c.last)
				n := len(sent())
				code, out := postJSON(t, h, url, body)
				if code == http.StatusOK || len(sent()) != n {
					t.Fatalf("not blocked: %d %.300s", code, out)
				}
				noticeSays(t, out, c.want, c.deny)
			})
		}
	}
}

// TestFileFindingNoticeSaysWhere: a block for what only an attached file
// holds says so and tells the person to remove or black out the data in
// the file, or send without it (schleuse does not rewrite files); a file in
// an earlier turn of the chat counts as that turn. Before, the notice said
// "remove these data from your request" to someone whose typed text held
// nothing.
func TestFileFindingNoticeSaysWhere(t *testing.T) {
	h, sent := newEvasionHarness(t)
	file := func(text string) string {
		return `{"type":"file","file":{"filename":"vermerk.txt","file_data":"data:text/plain;base64,` + base64.StdEncoding.EncodeToString([]byte(text)) + `"}}`
	}
	const password = "Zugang zum Fachverfahren: Passwort: Sommer2026!xy"
	url := "https://api.openai.com/v1/chat/completions"
	for _, c := range []struct {
		name, body string
		want, deny []string
	}{
		{"only in the file",
			`{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Fasse den Vermerk zusammen."},` + file(password) + `]}]}`,
			[]string{"Gefunden nur in einer angehängten oder hochgeladenen Datei (nicht im eingegebenen Text): Zugangsdaten",
				"So geht es weiter: Entfernen oder schwärzen Sie diese Angaben in der Datei und laden Sie sie erneut hoch, oder senden Sie die Anfrage ohne die Datei.",
				"Found only in an attached or uploaded file (not in the text entered): SECRET.", "Remove or black out these data in the file"},
			[]string{"oder ersetzen Sie sie durch Platzhalter", " Gefunden: "}},
		{"in the file and in the text",
			`{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Dazu: Passwort: Sommer2026!xy"},` + file(password) + `]}]}`,
			[]string{"gesendet. Grund: Die Eingabe enthält Zugangsdaten", "Entfernen Sie die genannten Angaben"},
			[]string{"angehängten oder hochgeladenen Datei", " Gefunden: "}},
		{"a file in an earlier turn",
			`{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"Fasse zusammen."},` + file(password) + `]},` +
				`{"role":"assistant","content":"Erledigt."},{"role":"user","content":"Danke, und jetzt kürzer."}]}`,
			[]string{"Gefunden nur in früheren Nachrichten dieses Chats", "Löschen oder bearbeiten Sie die frühere Nachricht"},
			[]string{"oder ersetzen Sie sie durch Platzhalter"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, url, c.body)
			if code == http.StatusOK || len(sent()) != n {
				t.Fatalf("not blocked: %d %.300s", code, out)
			}
			noticeSays(t, out, c.want, c.deny)
		})
	}
}

// noticeSays checks that the answer out holds every text of want and none
// of deny.
func noticeSays(t *testing.T, out string, want, deny []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("missing %q in\n%s", w, out)
		}
	}
	for _, d := range deny {
		if strings.Contains(out, d) {
			t.Errorf("must not say %q:\n%s", d, out)
		}
	}
}
