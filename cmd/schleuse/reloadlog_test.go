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
