package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/telemetry"
)

// TestPolicyReloadLogGermanFirst: the log lines of a policy reload are
// German first and English after " / ", as the status page and the other
// lines IT reads ("audit: …"): a rejected version says that the previous
// one stays in force (its revision in the field revision) and the kind of
// error, OPA's words with file and line in the field error; a reload that
// works names the revision now in force; the shadow policy is called so.
// Before, all three lines were English only.
func TestPolicyReloadLogGermanFirst(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "policy")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	eng, err := policies.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	good := eng.Revision()
	var logs syncBuffer
	a := &app{cfg: config.Default(), log: slog.New(slog.NewJSONHandler(&logs, nil)), policy: eng, tel: &telemetry.Telemetry{}}
	last := func() map[string]any {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		var m map[string]any
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}

	rego := filepath.Join(dir, "richtlinie.rego")
	src, err := os.ReadFile(rego)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rego, append(src, []byte("\nkaputt := {\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, which := range []string{"", "shadow "} {
		a.policyReloaded(ctx, eng, which, eng.Reload(ctx))
		m := last()
		msg, _ := m["msg"].(string)
		de := "Geänderte Richtlinie abgelehnt, die bisherige Fassung (revision) gilt weiter: die Richtlinie lässt sich nicht laden"
		en := " / policy reload rejected; the last good policy stays active"
		if which != "" {
			de = "Geänderte Probe-Richtlinie abgelehnt, die bisherige Fassung (revision) gilt weiter: die Richtlinie lässt sich nicht laden"
			en = " / shadow policy reload rejected; the last good policy stays active"
		}
		if !strings.HasPrefix(msg, de) || !strings.HasSuffix(msg, en) || m["level"] != "ERROR" {
			t.Errorf("rejected %q: %v", which, m)
		}
		// The German part names the file and line too (loadErrorDE).
		if !strings.Contains(msg, "richtlinie.rego, Zeile ") {
			t.Errorf("rejected %q: no file and line in the German part: %s", which, msg)
		}
		if e, _ := m["error"].(string); !strings.Contains(e, "richtlinie.rego:") || m["revision"] != good {
			t.Errorf("rejected %q: no Rego position in error or not the previous revision %s: %v", which, good, m)
		}
	}

	if err := os.WriteFile(rego, append(src, []byte("\n# geändert\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	a.policyReloaded(ctx, eng, "", eng.Reload(ctx))
	if m := last(); m["msg"] != "Richtlinie neu geladen / policy reloaded" || m["revision"] != eng.Revision() || eng.Revision() == good || m["policy_compiled"] == nil {
		t.Errorf("reloaded: %v", m)
	}
	a.policyReloaded(ctx, eng, "shadow ", nil)
	if m := last(); m["msg"] != "Probe-Richtlinie neu geladen / shadow policy reloaded" {
		t.Errorf("shadow reloaded: %v", m)
	}
}

// logLines is each JSON line of logs, decoded.
func logLines(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		out = append(out, m)
	}
	return out
}

// hasLine reports whether lines hold one at level whose msg is msg.
func hasLine(lines []map[string]any, level, msg string) bool {
	for _, m := range lines {
		if m["level"] == level && m["msg"] == msg {
			return true
		}
	}
	return false
}

// TestConfigReloadLogGermanFirst: the lines of a SIGHUP's reload of the
// configuration file are German first and English after " / ", as the
// policy's (TestPolicyReloadLogGermanFirst): the signal, a file taken, a
// file taken with keys that wait for a restart (field keys), a file
// rejected (every error in the field error) and a value read as an
// earlier version read it (field setting). The English part is the line
// as it was, so a search for "config reload rejected" still finds it.
// Before, all five were English only.
func TestConfigReloadLogGermanFirst(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "schleuse.yaml")
	base := "state_dir: " + filepath.Join(dir, "state") + "\nlisten: " + freeAddr(t) + "\nadmin:\n  listen: " + freeAddr(t) + "\n"
	os.WriteFile(path, []byte(base), 0o644)
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	ctx := context.Background()
	a, err := start(ctx, cfg, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	// since is what the log holds after from, the length of an earlier String.
	since := func(from int) string { return logs.String()[from:] }
	from := len(logs.String())

	os.WriteFile(path, []byte(base+"services:\n  - {id: llm-intern, hosts: [llm.intern.example], mode: block}\n"), 0o644)
	a.reload(ctx, path)
	lines := logLines(t, since(from))
	if !hasLine(lines, "INFO", "SIGHUP: Konfiguration, Richtlinie und Zugänge werden neu geladen / SIGHUP: reloading") ||
		!hasLine(lines, "INFO", "Konfiguration neu geladen / configuration reloaded") {
		t.Errorf("a file taken:\n%s", logs.String())
	}

	from = len(logs.String())
	os.WriteFile(path, []byte(base+"servics: []\n"), 0o644)
	a.reload(ctx, path)
	lines = logLines(t, since(from))
	found := false
	for _, m := range lines {
		if m["level"] == "ERROR" && m["msg"] == "Geänderte Konfiguration abgelehnt, die laufende gilt weiter (die Fehler im Feld error, wie config check sie nennt) / config reload rejected; the running configuration stays" {
			e, _ := m["error"].(string)
			found = strings.Contains(e, "servics")
		}
	}
	if !found {
		t.Errorf("a file rejected:\n%s", logs.String())
	}

	from = len(logs.String())
	os.WriteFile(path, []byte(base+"audit:\n  retention: 48h\npseudonym:\n  max_conversations: -1\n"), 0o644)
	a.reload(ctx, path)
	lines = logLines(t, since(from))
	found = false
	for _, m := range lines {
		if m["level"] == "WARN" && m["msg"] == "Konfiguration neu geladen; die Änderungen unter keys wirken erst nach einem Neustart (systemctl restart schleuse) / configuration reloaded; these changes need a restart" {
			k, _ := m["keys"].([]any)
			found = len(k) > 0 && k[0] == "audit"
		}
	}
	if !found {
		t.Errorf("a file with keys that need a restart:\n%s", logs.String())
	}
	found = false
	for _, m := range lines {
		if m["level"] == "WARN" && m["msg"] == "config: Ein Wert wird gelesen, wie ihn eine frühere Version las; die Datei vor dem nächsten Update ändern (setting nennt, was stattdessen) / config: a value read as an earlier version read it; change the file before the next upgrade" {
			s, _ := m["setting"].(string)
			found = strings.HasPrefix(s, "pseudonym.max_conversations: -1 is read as 0")
		}
	}
	if !found {
		t.Errorf("a value read as an earlier version read it:\n%s", logs.String())
	}
}

// TestNewCALogGermanFirst: the start that makes a new interception CA says
// so German first, with what to do (roll it out, ca export), and English
// after " / " as before; the fields cert and fingerprint as before. The
// German part says "GPO oder MDM": a " / " inside it would end it early
// for whoever cuts the line at the first one.
func TestNewCALogGermanFirst(t *testing.T) {
	var logs syncBuffer
	c := config.Default()
	c.StateDir = filepath.Join(t.TempDir(), "state")
	c.Listen, c.Admin.Listen = freeAddr(t), freeAddr(t)
	a, err := start(context.Background(), c, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.stop()
	for _, m := range logLines(t, logs.String()) {
		if m["msg"] == "Neue Interception-CA angelegt: vor der Nutzung an die Browser verteilen (GPO oder MDM; schleuse ca export) / created a new interception CA: roll it out to the browsers (GPO / MDM) before use" &&
			m["level"] == "WARN" && m["cert"] == filepath.Join(c.StateDir, "ca.pem") && m["fingerprint"] == a.ca.Fingerprint() {
			return
		}
	}
	t.Errorf("no German-first line for the new CA:\n%s", logs.String())
}
