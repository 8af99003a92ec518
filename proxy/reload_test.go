package proxy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
)

// TestPolicyEditThroughProxy: the DPO's edit of the register takes effect
// for the next prompt; a broken edit is rejected and the last good policy
// keeps deciding.
func TestPolicyEditThroughProxy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	h := newPipeHarness(t, func(c *config.Config) { c.Policy.Dir = dir })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reloaded := make(chan error, 8)
	go h.pol.Watch(ctx, func(err error) { reloaded <- err })
	time.Sleep(100 * time.Millisecond) // watcher set up

	prompt := "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz."
	n := len(h.llm.received)
	if code, body := h.chat(t, "llm.example.net", prompt, false); code != 400 || !strings.Contains(body, "Transparenzregister") || len(h.llm.received) != n {
		t.Fatalf("before the edit: %d %s", code, body)
	}
	rev := h.pol.Revision()

	// The DPO registers the service (approved, with an AVV).
	data := filepath.Join(dir, "data.yaml")
	b, _ := os.ReadFile(data)
	anchor := "  register:\n"
	if !strings.Contains(string(b), anchor) {
		t.Fatal("register not found in data.yaml")
	}
	edited := strings.Replace(string(b), anchor, anchor+"    llm-unregistered: {name: \"Test-LLM\", approved: true, avv: true, system: closed, permitted_classes: []}\n", 1)
	os.WriteFile(data, []byte(edited), 0o644)
	waitReload(t, reloaded, true)
	if code, body := h.chat(t, "llm.example.net", prompt, false); code != 200 || !strings.Contains(h.llm.last(), "[PERSON_1]") || strings.Contains(h.llm.last(), "Yılmaz") {
		t.Fatalf("after the edit: %d %s, upstream saw %s", code, body, h.llm.last())
	}
	good := h.pol.Revision()
	if good == rev {
		t.Fatal("revision did not change")
	}

	// A broken edit: rejected, the last good policy stays active.
	rego := filepath.Join(dir, "richtlinie.rego")
	src, _ := os.ReadFile(rego)
	os.WriteFile(rego, append(src, []byte("\nthis is not rego {\n")...), 0o644)
	waitReload(t, reloaded, false)
	if err := h.pol.LastError(); err == nil || !strings.Contains(err.Error(), "richtlinie.rego:") {
		t.Fatalf("LastError = %v, want file:line", err)
	}
	if h.pol.Revision() != good {
		t.Fatal("a broken policy replaced the good one")
	}
	if code, _ := h.chat(t, "llm.example.net", prompt, false); code != 200 || !strings.Contains(h.llm.last(), "[PERSON_1]") {
		t.Fatalf("with the broken edit: %d, want the last good decision (redact)", code)
	}
}

func waitReload(t *testing.T, ch chan error, wantOK bool) {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case err := <-ch:
			if (err == nil) == wantOK {
				return
			}
		case <-deadline:
			t.Fatalf("no reload (want ok=%v)", wantOK)
		}
	}
}
