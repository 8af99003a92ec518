package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
)

// TestPolicyDiff: `schleuse policy diff` shows, before a rollout, what an
// edit of the policy changes for staff: a class added to a group's
// warn_classes turns the redaction of that class into a warning for that
// group at the services with an AVV, and nothing else; the lines name the
// case, the group, the services and both decisions with their rules, the
// exit status is 1 (as diff's). The same policy twice gives exit 0, a
// group the Rego code names can be added with --groups, --json lists the
// decisions, and a policy that does not load is an error naming the
// version.
func TestPolicyDiff(t *testing.T) {
	dir := t.TempDir()
	oldDir, newDir := filepath.Join(dir, "alt"), filepath.Join(dir, "neu")
	for _, d := range []string{oldDir, newDir} {
		if err := policies.WriteDefault(d); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(newDir, "data.yaml")
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "      warn_classes: [DATE_OF_BIRTH]", "      warn_classes: [DATE_OF_BIRTH, PHONE]", 1)
	if edited == string(b) {
		t.Fatal("the default data.yaml has no personalamt warn_classes line to edit")
	}
	if err := os.WriteFile(data, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}

	out, err := runCLI(t, "", "policy", "diff", oldDir, newDir)
	var ec exitCode
	if !errors.As(err, &ec) || ec.code != 1 {
		t.Fatalf("exit %v, want 1:\n%s", err, out)
	}
	for _, want := range []string{
		"5 Gruppen", // none, sozialamt, gesundheitsamt, personalamt, jugendamt
		"- Telefonnummer (PHONE), Gruppe personalamt, openai-api, anthropic-api, gemini-api, copilot-web, mistral-api, deepl-api:\n    ALT redact PHONE (KI-RL-3.2)\n    NEU warn (KI-RL-6.1)",
		"Telefonnummer (PHONE) in einer hochgeladenen Datei, Gruppe personalamt",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	for _, deny := range []string{"ohne Gruppe", "Gruppe jugendamt", "Geburtsdatum"} {
		if strings.Contains(out, deny) {
			t.Errorf("a difference %q that the edit does not make:\n%s", deny, out)
		}
	}

	if out, err := runCLI(t, "", "policy", "diff", oldDir, oldDir); err != nil || !strings.Contains(out, "Keine Unterschiede") {
		t.Errorf("the same policy twice: %v\n%s", err, out)
	}
	if out, err := runCLI(t, "", "policy", "diff", oldDir); err != nil || !strings.Contains(out, "eingebaute Richtlinie") {
		t.Errorf("the default policy against the embedded one: %v\n%s", err, out)
	}
	if out, _ := runCLI(t, "", "policy", "diff", "--groups", "kaemmerei", oldDir, newDir); !strings.Contains(out, "6 Gruppen") {
		t.Errorf("--groups not counted:\n%s", out)
	}

	out, _ = runCLI(t, "", "policy", "diff", "--json", oldDir, newDir)
	var doc struct {
		Inputs      int `json:"inputs"`
		Differences []struct {
			Case     string            `json:"case"`
			Group    string            `json:"group"`
			Services []string          `json:"services"`
			New      policies.Decision `json:"new"`
		} `json:"differences"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Inputs == 0 || len(doc.Differences) == 0 || doc.Differences[0].Group != "personalamt" || doc.Differences[0].New.Action != "warn" {
		t.Errorf("--json: %v %+v\n%s", err, doc, out)
	}

	if err := os.WriteFile(filepath.Join(newDir, "kaputt.rego"), []byte("package schleuse.richtlinie\n\ndecision := {"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, "", "policy", "diff", oldDir, newDir); err == nil || !strings.Contains(err.Error(), "NEU "+newDir) || !strings.Contains(err.Error(), "kaputt.rego") {
		t.Errorf("a broken NEU: %v\n%s", err, out)
	}
}

// TestPolicyDraftWithFailingTests: a draft that changes a decision the
// default tests pin (a register entry: openai-api no longer approved) fails
// those tests. policy diff and policy eval still show what it decides, with
// a German warning that the proxy will not load it until the tests are
// adapted (docs/de/richtlinie.md §6); before, diff refused it as "cannot be
// loaded", which it could. A draft that does not parse stays an error.
func TestPolicyDraftWithFailingTests(t *testing.T) {
	dir := t.TempDir()
	oldDir, newDir := filepath.Join(dir, "alt"), filepath.Join(dir, "neu")
	for _, d := range []string{oldDir, newDir} {
		if err := policies.WriteDefault(d); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(newDir, "data.yaml")
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	const line = `openai-api:     {name: "OpenAI API",                approved: true,`
	edited := strings.Replace(string(b), line, strings.Replace(line, "approved: true", "approved: false", 1), 1)
	if edited == string(b) {
		t.Fatal("the default data.yaml has no openai-api line to edit")
	}
	if err := os.WriteFile(data, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := policies.Open(context.Background(), newDir); err == nil {
		t.Fatal("the draft passes the default tests; it should fail the ones that pin openai-api")
	}
	run := func(args ...string) (string, string, error) {
		root := newRoot()
		var out, errOut bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&errOut)
		root.SetArgs(args)
		err := root.ExecuteContext(context.Background())
		return out.String(), errOut.String(), err
	}
	out, errOut, err := run("policy", "diff", oldDir, newDir)
	var ec exitCode
	if !errors.As(err, &ec) || ec.code != 1 {
		t.Fatalf("diff of a draft with failing tests: %v, want exit 1 with the differences\n%s%s", err, out, errOut)
	}
	if !strings.Contains(out, "NEU block (KI-RL-2.2)") || !strings.Contains(out, "openai-api") {
		t.Errorf("the draft's new block at openai-api is not shown:\n%s", out)
	}
	if !strings.Contains(errOut, "Test(s) der Richtlinie "+newDir+" schlagen fehl") || !strings.Contains(errOut, "So lädt der Proxy diese Fassung nicht") || strings.Contains(errOut, oldDir) {
		t.Errorf("no warning (only for NEU) that the draft's tests fail: %q", errOut)
	}
	in := filepath.Join(dir, "beispiel.json")
	os.WriteFile(in, []byte(`{"service":{"id":"openai-api"},"findings":[{"type":"PERSON","count":1,"max_score":0.9}]}`), 0o644)
	out, errOut, err = run("policy", "eval", "--input", in, newDir)
	if err != nil || !strings.Contains(out, `"action": "block"`) || !strings.Contains(out, "KI-RL-2.2") || !strings.Contains(errOut, "schlagen fehl") {
		t.Errorf("eval of the draft: %v\n%s%s", err, out, errOut)
	}
	os.WriteFile(filepath.Join(newDir, "richtlinie.rego"), []byte("package schleuse\nkaputt := {\n"), 0o644)
	if _, _, err := run("policy", "diff", oldDir, newDir); err == nil || !strings.Contains(err.Error(), "Die Richtlinie lässt sich nicht laden") {
		t.Errorf("diff of a draft that does not parse: %v, want the load error", err)
	}
}

// TestPolicyDiffFailedEvaluation: the offline tools evaluate with a bound of
// their own (the proxy's 2 s turned a slow evaluation on a loaded machine
// into a KI-RL-0.0 block shown as a difference), and an evaluation that
// fails all the same is an error naming ALT or NEU, not a difference.
func TestPolicyDiffFailedEvaluation(t *testing.T) {
	eng, err := openDraft(t.Context(), "", &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if got := eng.EvaluationTimeout(); got != offlineEvalTimeout || got <= policies.EvalTimeout {
		t.Errorf("offline evaluation bound %v, want %v", got, offlineEvalTimeout)
	}
	services := []proxy.Service{{ID: "openai-api", Hosts: []string{"api.openai.com"}, Mode: proxy.ModeInspect}}
	ctx, cancel := context.WithCancel(t.Context())
	cancel() // every evaluation fails closed
	diffs, _, err := diffPolicies(ctx, eng, eng, services, nil)
	if err == nil || !strings.Contains(err.Error(), "ALT: die Auswertung schlug fehl") || len(diffs) != 0 {
		t.Errorf("failed evaluations: err %v, %d differences", err, len(diffs))
	}
	if _, n, err := diffPolicies(t.Context(), eng, eng, services, nil); err != nil || n == 0 {
		t.Errorf("the same engine twice: %v (%d inputs)", err, n)
	}
}
