package proxy

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/policies"
)

// TestWarnNoticeNamesTypesOnce: KI-RL-6.1's message names the types
// („Die Eingabe enthält folgende Angaben: Aktenzeichen“); the notice around
// it does not list them a second time ("Gefunden: Aktenzeichen"), and
// names after the message, as "Außerdem gefunden", only those the message
// does not name. A message that names none keeps the "Gefunden:" line.
func TestWarnNoticeNamesTypesOnce(t *testing.T) {
	r61 := []policies.Reason{{Rule: "KI-RL-6.1",
		Message:   "Die Eingabe enthält folgende Angaben: Aktenzeichen. Bitte prüfen Sie, ob die Übermittlung nötig ist (KI-Richtlinie Abschnitt 6.1). Wenn ja, schreiben Sie eine Zeile „#freigabe: <Begründung>“ in Ihre Eingabe.",
		MessageEN: "The input contains the following: CASE_REFERENCE. Please check whether sending it is necessary (AI policy section 6.1). If so, add a line “#freigabe: <reason>”."}}
	de, en := func(s string) string { return s[:strings.Index(s, "[EN]")] }, func(s string) string { return s[strings.Index(s, "[EN]"):] }

	w := warnText([]string{"CASE_REFERENCE"}, elsewhere{}, false, r61, "r1")
	if n := strings.Count(de(w), "Aktenzeichen"); n != 1 {
		t.Errorf("Aktenzeichen %d times in the German part, want 1:\n%s", n, w)
	}
	if n := strings.Count(en(w), "CASE_REFERENCE"); n != 1 {
		t.Errorf("CASE_REFERENCE %d times in the English part, want 1:\n%s", n, w)
	}
	noticeSays(t, w, nil, []string{"Gefunden", "Found:", "Also found"})

	w = warnText([]string{"CASE_REFERENCE", "PERSON"}, elsewhere{}, false, r61, "r2")
	noticeSays(t, w, []string{"Abschnitt 6.1). Wenn ja, schreiben Sie eine Zeile „#freigabe: <Begründung>“ in Ihre Eingabe. Außerdem gefunden: Name einer Person. Vorgangsnummer",
		"Also found: PERSON."}, []string{"Gefunden:", "Found:"})
	if n := strings.Count(de(w), "Aktenzeichen"); n != 1 {
		t.Errorf("Aktenzeichen %d times in the German part, want 1:\n%s", n, w)
	}

	w = warnText([]string{"PERSON"}, elsewhere{}, false, []policies.Reason{{Rule: "R", Message: "Bitte prüfen.", MessageEN: "Please check."}}, "r3")
	noticeSays(t, w, []string{"Gefunden: Name einer Person. Hinweis: Bitte prüfen (R).", "Found: PERSON. Note: Please check (R)."}, []string{"Außerdem", "Also found"})
}

// TestWarnNoticeWhenFindingsAreNotTheCause: a warning the policy gives as
// well without what was found (a DPO's rule for a service) does not list
// the findings as if they were its cause; it says that the note applies
// whatever was found. The policy's own answer without the findings decides
// it, as for a block (TestBlockNoticeNextStepWhenRemovingDoesNotHelp): a
// warning that needs the findings (here: any finding) names them, and so
// does a warning of which one rule needs them.
func TestWarnNoticeWhenFindingsAreNotTheCause(t *testing.T) {
	h := newPipeHarness(t, nil)
	rec := &probeRecorder{}
	use := func(rego string) {
		t.Helper()
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "richtlinie.rego"), []byte("package schleuse\n\nimport rego.v1\n\n"+rego), 0o644)
		p, err := policies.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		rec.Decider = p
		h.pipe.Policy = rec
	}
	warn := func(prompt string) string {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": prompt}}})
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", string(b))
		if code == http.StatusOK || !strings.Contains(out, "Bitte prüfen Sie Ihre Anfrage") {
			t.Fatalf("no warning: %d %.300s", code, out)
		}
		return out
	}
	const (
		name       = "Bitte schreibe an Herrn Jürgen Kowalski einen Brief."
		regardless = "Der Hinweis gilt unabhängig davon, was schleuse in der Anfrage gefunden hat."
		regardlEN  = "The note applies whatever schleuse found in the request."
		service    = `{"rule": "R-DIENST", "message": "Für diesen Dienst gilt eine Erprobungsphase.", "message_en": "This service is on trial."}`
		found      = `{"rule": "R-FUND", "message": "Bitte prüfen.", "message_en": "Please check."}`
	)

	use("decision := {\"action\": \"warn\", \"reasons\": [" + service + "]}\n")
	out := warn(name)
	noticeSays(t, out, []string{"Hinweis: Für diesen Dienst gilt eine Erprobungsphase (R-DIENST). " + regardless, regardlEN}, []string{"Gefunden", "Found:", "Name einer Person", "PERSON"})
	if p := rec.probes.Load(); p != 1 {
		t.Errorf("%d probes for one warning with findings, want 1", p)
	}

	use("decision := {\"action\": \"warn\", \"reasons\": [" + found + "]} if count(input.findings) > 0\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"R\", \"message\": \"m\"}]} if count(input.findings) == 0\n")
	out = warn(name)
	noticeSays(t, out, []string{"Gefunden: Name einer Person.", "Found: PERSON."}, []string{regardless, regardlEN})

	use("decision := {\"action\": \"warn\", \"reasons\": [" + service + "]} if count(input.findings) == 0\n\ndecision := {\"action\": \"warn\", \"reasons\": [" + service + ", " + found + "]} if count(input.findings) > 0\n")
	out = warn(name)
	noticeSays(t, out, []string{"Gefunden: Name einer Person.", "Found: PERSON."}, []string{regardless, regardlEN})
}
