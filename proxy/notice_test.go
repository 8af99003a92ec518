package proxy

import (
	"strings"
	"testing"

	"github.com/schleuse/schleuse/policies"
)

// TestNoticeSaysThingsOnce: the default policy's messages already name what
// was found and how to write #freigabe; the notice around them must not
// repeat either, but says both when the policy's message does not.
func TestNoticeSaysThingsOnce(t *testing.T) {
	withHints := []policies.Reason{{Rule: "KI-RL-3.4",
		Message:   "Für den KI-Dienst „ChatGPT (Web)“ liegt kein Auftragsverarbeitungsvertrag vor. Gefunden: Name einer Person. Wenn nötig, schreiben Sie eine Zeile „#freigabe: <Begründung>“.",
		MessageEN: "There is no data-processing agreement. Found: PERSON. If necessary, add a line “#freigabe: <reason>”."}}
	plain := []policies.Reason{{Rule: "KI-RL-9", Message: "Bitte prüfen.", MessageEN: "Please check."}}
	for _, c := range []struct {
		name     string
		text     string
		freigabe int
		gefunden int
		found    int
	}{
		{"warn, policy says it", warnText("chatgpt-web", []string{"PERSON"}, withHints, "r1"), 2, 1, 1},
		{"warn, policy silent", warnText("chatgpt-web", []string{"PERSON"}, plain, "r2"), 2, 1, 1},
		{"block, policy says what was found", blockText("chatgpt-web", []string{"PERSON"}, withHints, "r3"), 2, 1, 1},
	} {
		if n := strings.Count(c.text, "#freigabe"); n != c.freigabe {
			t.Errorf("%s: #freigabe %d times, want %d:\n%s", c.name, n, c.freigabe, c.text)
		}
		if n := strings.Count(c.text, "Gefunden:"); n != c.gefunden {
			t.Errorf("%s: Gefunden %d times, want %d:\n%s", c.name, n, c.gefunden, c.text)
		}
		if n := strings.Count(c.text, "Found:"); n != c.found {
			t.Errorf("%s: Found %d times, want %d:\n%s", c.name, n, c.found, c.text)
		}
		if !strings.Contains(c.text, "Vorgangsnummer: r") {
			t.Errorf("%s: no request id:\n%s", c.name, c.text)
		}
	}
}
