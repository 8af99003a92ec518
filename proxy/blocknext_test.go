package proxy

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
)

// probeRecorder passes decisions on to the policy it wraps and notes
// whether each was asked under the probe's mark.
type probeRecorder struct {
	Decider
	probes, requests atomic.Int64
}

func (p *probeRecorder) Decide(ctx context.Context, in *policies.Input) policies.Decision {
	if Probing(ctx) {
		p.probes.Add(1)
	} else {
		p.requests.Add(1)
	}
	return p.Decider.Decide(ctx, in)
}

// TestBlockNoticeNextStepWhenRemovingDoesNotHelp: a block that removing
// what was found would not lift — a service the policy blocks whatever the
// prompt holds (KI-RL-2.1), a policy that fails (KI-RL-0.0) — names whom
// to ask with the reference number instead of "remove these data and send
// again". Before, the notice for a name sent to an unregistered service
// said to replace it by „Frau X“ and send again; the request sent so was
// blocked again. A block that removing lifts (a password) keeps the step,
// and the probe that tells them apart is marked so (Probing), once per
// blocked request with findings.
func TestBlockNoticeNextStepWhenRemovingDoesNotHelp(t *testing.T) {
	const contact = "Frau Muster, Datenschutz, Tel. 1234"
	h := newPipeHarness(t, func(c *config.Config) { c.Notice.Contact = contact })
	sent := func() int {
		h.llm.mu.Lock()
		defer h.llm.mu.Unlock()
		return len(h.llm.received)
	}
	rec := &probeRecorder{Decider: h.pipe.Policy}
	h.pipe.Policy = rec
	chat := func(host, prompt string) string {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": prompt}}})
		n := sent()
		code, out := postJSON(t, h, "https://"+host+"/v1/chat/completions", string(b))
		if code == http.StatusOK || sent() != n {
			t.Fatalf("not blocked: %d %.300s", code, out)
		}
		return out
	}
	const (
		ask     = "Fragen beantworten Ihre IT und " + contact + "; nennen Sie dabei die Vorgangsnummer."
		askEN   = "Questions: your IT or " + contact + "; quote the reference number."
		remove  = "Entfernen Sie "
		removeE = "Remove the"
	)
	name := "Bitte schreibe an Herrn Jürgen Kowalski einen Brief."

	out := chat("llm.example.net", name)
	noticeSays(t, out, []string{"nicht im Transparenzregister", ask, askEN}, []string{remove, removeE, "Frau X", "Gefunden:"})
	if p, q := rec.probes.Load(), rec.requests.Load(); p != 1 || q != 1 {
		t.Errorf("%d probes and %d request decisions for one block with findings, want 1 and 1", p, q)
	}

	out = chat("api.openai.com", "Zugang zum Fachverfahren: Passwort: Sommer2026!xy")
	// KI-RL-4.2's message names the Zugangsdaten: no "Gefunden:" before it.
	noticeSays(t, out, []string{"gesendet. Grund: Die Eingabe enthält Zugangsdaten", "Entfernen Sie die genannten Angaben", "„[Passwort]“", "AI service. Reason: The input contains credentials", "Remove the data named above", "Fragen beantwortet " + contact}, []string{ask, "Gefunden:", "Found:"})

	out = chat("llm.example.net", "Wie wird das Wetter morgen?") // nothing found: no probe
	noticeSays(t, out, []string{ask}, []string{remove})
	if p := rec.probes.Load(); p != 2 {
		t.Errorf("%d probes after three blocks (one without findings), want 2", p)
	}

	// A rule that errors at run time (conflicting values), in a policy
	// without tests, which loads untested.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "richtlinie.rego"), []byte("package schleuse\n\nlimit := 1 if input.service.id != \"\"\n\nlimit := 2 if count(input.findings) >= 0\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"R\", \"message\": \"m\"}]} if limit > 0\n"), 0o644)
	broken, err := policies.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	h.pipe.Policy = broken
	out = chat("api.openai.com", name)
	noticeSays(t, out, []string{"vorsorglich blockiert (KI-RL-0.0). " + ask, "blocked as a precaution (KI-RL-0.0). " + askEN}, []string{remove, removeE, "Frau X", "Gefunden:", "Bitte wenden Sie sich", "Please contact"})
}

// TestBlockNoticeNamesTypesAsThePolicy: the notice's "Gefunden:" (here
// "Außerdem gefunden:", after KI-RL-4.2's message that names the
// Zugangsdaten) names a type by the DPO's own name (data.yaml's typnamen
// where it differs from the default's), as the policy's messages and the
// note on replaced values do; a type the DPO left as it was keeps the
// notice's longer name.
// Before, a DPO who renamed DE_LICENSE_PLATE read "Kfz-Kennzeichen" in the
// notice beside the own name in the message.
func TestBlockNoticeNamesTypesAsThePolicy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data.yaml")
	b, _ := os.ReadFile(data)
	edited := strings.Replace(string(b), `DE_LICENSE_PLATE: "Kfz-Kennzeichen"`, `DE_LICENSE_PLATE: "Autokennzeichen"`, 1)
	if edited == string(b) {
		t.Fatal("no typnamen line for DE_LICENSE_PLATE to edit")
	}
	os.WriteFile(data, []byte(edited), 0o644)
	h := newPipeHarness(t, func(c *config.Config) { c.Policy.Dir = dir })
	code, out := h.chat(t, "api.openai.com", "Das Fahrzeug mit dem Kennzeichen BN-AB 1234 steht falsch. Zugang zum Fachverfahren: Passwort: Sommer2026!xy", false)
	if code == http.StatusOK {
		t.Fatalf("not blocked: %.300s", out)
	}
	noticeSays(t, out, []string{"(KI-Richtlinie Abschnitt 4.2). Außerdem gefunden: Autokennzeichen. So geht es weiter", "(AI policy section 4.2). Also found: DE_LICENSE_PLATE. Remove the data named above"},
		[]string{"Kfz-Kennzeichen", "Zugangsdaten (Passwort, Schlüssel, Token)"})
}
