package proxy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
)

// TestNoticeCitesRuleOnce: a block notice cites the policy's rule once, in
// the words of the policy's message ("KI-Richtlinie Abschnitt 4.2", "AI
// policy section 4.2"), in every channel: a chat web app's answer, an
// API's error JSON, a chat web app's event stream (claude.ai). Before, each reason ended
// "(KI-Richtlinie Abschnitt 4.2) (KI-RL-4.2)".
func TestNoticeCitesRuleOnce(t *testing.T) {
	h := newPipeHarnessWith(t, func(c *config.Config) { c.Notice.FirstUse = false }, nil)
	const secret = "Zugang zum Fachverfahren: Passwort: Sommer2026!xy"
	q, _ := json.Marshal(secret)
	for _, c := range []struct{ name, url, body string }{
		{"chatgpt web", "https://chatgpt.com/backend-api/conversation",
			`{"action":"next","messages":[{"id":"m1","author":{"role":"user"},"content":{"content_type":"text","parts":[` + string(q) + `]}}],"model":"gpt-4o"}`},
		{"api error json", "https://api.openai.com/v1/chat/completions", `{"model":"gpt-4o","messages":[{"role":"user","content":` + string(q) + `}]}`},
		{"claude web event stream", "https://claude.ai/api/organizations/4f5e6d7c/chat_conversations/1a2b3c4d/completion", `{"prompt":` + string(q) + `}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out := postJSON(t, h, c.url, c.body)
			if !strings.Contains(out, "Zugangsdaten") || strings.Contains(out, "Sommer2026") {
				t.Fatalf("not blocked with the notice: %d %s", code, out)
			}
			for _, w := range []string{"Abschnitt 4.2", "section 4.2"} {
				if n := strings.Count(out, w); n != 1 {
					t.Errorf("%q %d times, want once:\n%s", w, n, out)
				}
			}
			if strings.Contains(out, "KI-RL-4.2") {
				t.Errorf("the rule cited twice, by its section and its id:\n%s", out)
			}
		})
	}
}

// TestNamesRule: the rule's id goes after a reason's message only where
// the message does not cite the rule already.
func TestNamesRule(t *testing.T) {
	for _, c := range []struct {
		msg, rule string
		want      bool
	}{
		{"Zugangsdaten dürfen nie an KI-Dienste übermittelt werden (KI-Richtlinie Abschnitt 4.2).", "KI-RL-4.2", true},
		{"Credentials must never be sent to AI services (AI policy section 4.2).", "KI-RL-4.2", true},
		{"Der KI-Dienst ist nicht eingetragen (Dienstanweisung KI Abschnitt 2.1). Gefunden: IBAN.", "KI-RL-2.1a", true},
		{"Siehe KI-RL-7 der Dienstanweisung.", "KI-RL-7", true},
		{"Zugangsdaten nie übermitteln (Dienstanweisung KI, Ziffer 4).", "DA-4", true},
		{"Zugangsdaten nie übermitteln (§4 der Dienstanweisung).", "DA-4", true},
		{"Die Eingabe enthält 4 Fundstellen.", "DA-4", false},
		{"Die KI-Richtlinie konnte nicht ausgewertet werden.", policies.RuleFailed, false},
		{"Massendaten (KI-Richtlinie Abschnitt 3.5): 14.2 Prozent.", "KI-RL-4.2", false},
		{"Abschnitt 4.21 und 4.2.1", "KI-RL-4.2", false},
		{"Das Protokoll ist nicht verfügbar.", "schleuse:audit", false},
		{"", "KI-RL-4.2", false},
	} {
		if got := namesRule(c.msg, c.rule); got != c.want {
			t.Errorf("namesRule(%q, %q) = %v, want %v", c.msg, c.rule, got, c.want)
		}
	}
	r := []policies.Reason{{Rule: "KI-RL-4.2", Message: "Zugangsdaten nie (KI-Richtlinie Abschnitt 4.2).", MessageEN: "Never credentials (AI policy section 4.2)."},
		{Rule: "schleuse:audit", Message: "Kein Protokoll.", MessageEN: "No log."}}
	if got, want := reasonsText(r, false), "Zugangsdaten nie (KI-Richtlinie Abschnitt 4.2). Kein Protokoll (schleuse:audit)."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := reasonsText(r, true), "Never credentials (AI policy section 4.2). No log (schleuse:audit)."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
