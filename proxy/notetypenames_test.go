package proxy

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
)

// TestRedactedNoteDPOTypeNames: the note on replaced values names a type
// as the DPO named it in data.yaml's typnamen where that name is the
// DPO's own (POSTAL_ADDRESS renamed), by its short name where the DPO
// kept the default's (IBAN: "IBAN", not "IBAN (Bankverbindung)"); English
// by the short English names. Before, the note ignored typnamen.
func TestRedactedNoteDPOTypeNames(t *testing.T) {
	dir := writePolicy(t, nil)
	data := filepath.Join(dir, "data.yaml")
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	const line = `POSTAL_ADDRESS: "Postanschrift"`
	if !strings.Contains(string(b), line) {
		t.Fatalf("data.yaml has no %s", line)
	}
	if err := os.WriteFile(data, []byte(strings.Replace(string(b), line, `POSTAL_ADDRESS: "Wohnanschrift"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newPipeHarnessWith(t, func(c *config.Config) {
		c.Notice.FirstUse = false
		c.Policy.Dir = dir
	}, map[string]http.Handler{"claude.ai": http.HandlerFunc(claudeWebUpstream)})
	prompt := "Bitte schreibe an die Lindenstraße 12, 10115 Berlin, wegen der IBAN " + testIBAN + ".\n#freigabe: Antwort auf ihre Anfrage"
	q, _ := json.Marshal(prompt)
	req, _ := http.NewRequest("POST", "https://claude.ai/api/organizations/4f5e6d7c/chat_conversations/9a8b7c6d/completion", strings.NewReader(`{"prompt":`+string(q)+`}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	text, _ := claudeWebText(t, string(body))
	id := resp.Header.Get("X-Schleuse-Request-Id")
	checkNote(t, text, id, "Antwort: "+prompt, "Lindenstraße", "3704")
	note, _, _ := strings.Cut(text, "\n\n")
	de, en, _ := strings.Cut(note, " / EN: ")
	for _, w := range []string{"1 × Wohnanschrift", "1 × IBAN"} {
		if !strings.Contains(de, w) {
			t.Errorf("the note's German part lacks %q:\n%s", w, note)
		}
	}
	if strings.Contains(note, "Bankverbindung") || !strings.Contains(en, "1 × address") {
		t.Errorf("the note names the default's long names, or English not by the short ones:\n%s", note)
	}
}

// TestRedactedTextOwnNames: the DPO's names in the German part, the short
// names for the others and in English; names that make the line longer
// than maxNote bytes give way to the short ones, and types that make it
// longer even so are counted at its end, German and English. Before, three
// types and a masked value made a line of 350 bytes.
func TestRedactedTextOwnNames(t *testing.T) {
	reasons := []policies.Reason{{Rule: "KI-RL-3.2"}, {Rule: "KI-RL-6.2"}}
	counts := []typeCount{{"IBAN", 1}, {"PERSON", 2}}
	own := map[string]string{"PERSON": "Bürgername", "EMAIL": "Mailadresse"}
	want := "ℹ️ schleuse: 1 × IBAN, 2 × Bürgername vor dem Versand durch Platzhalter ersetzt; die Antwort zeigt wieder Ihre Angaben (KI-RL 3.2, 6.2). Vorgangsnummer: r1. / EN: 1 × IBAN, 2 × name replaced by placeholders before sending; the answer shows your data again.\n\n"
	if got := redactedText(counts, true, reasons, "r1", own); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	const id = "01a23b563efdae00e5885e3d"
	long := map[string]string{"PERSON": strings.Repeat("Name einer Bürgerin, ", 6)}
	got := redactedText(counts, true, reasons, id, long)
	if got != redactedText(counts, true, reasons, id, nil) || !strings.Contains(got, "2 × Name vor") || len(got)-2 > 300 {
		t.Errorf("a long name: %d bytes\n%q", len(got), got)
	}
	many := []typeCount{{"IBAN", 1}, {"PERSON", 2}, {"POSTAL_ADDRESS", 1}, {"CREDIT_CARD", 1}, {"DE_HEALTH_INSURANCE", 1}}
	for _, restored := range []bool{true, false} {
		got := redactedText(many, restored, reasons, id, own)
		de, en, _ := strings.Cut(got, " / EN: ")
		named := strings.HasPrefix(de, "ℹ️ schleuse: 1 × IBAN") && strings.Contains(de, " weitere vor dem Versand") && strings.Contains(en, " more replaced by placeholders")
		counted := strings.HasPrefix(de, "ℹ️ schleuse: 6 Angaben vor dem Versand") && strings.HasPrefix(en, "6 values replaced by placeholders")
		if len(got)-2 > 300 || !named && !counted || !strings.Contains(got, "Vorgangsnummer: "+id) {
			t.Errorf("five types (restored %v): %d bytes\n%q", restored, len(got)-2, got)
		}
	}
}
