//go:build unix

package audit

import (
	"context"
	"strings"
	"testing"
)

// TestSecondWriterSaysWhat: a second schleuse on one state directory is
// told that one already runs there and what to do instead, German first
// (before, English only).
func TestSecondWriterSaysWhat(t *testing.T) {
	dir := t.TempDir()
	l := mustOpen(t, Config{Dir: dir, Node: "n"})
	defer l.Close()
	_, err := Open(context.Background(), Config{Dir: dir, Node: "n"})
	if err == nil || !strings.HasPrefix(err.Error(), "audit: Das state_dir ist von einem anderen Prozess belegt (") ||
		!strings.Contains(err.Error(), "dort läuft schon ein schleuse; es beenden oder diesem ein eigenes state_dir geben") ||
		!strings.Contains(err.Error(), " / audit: state directory is in use by another process (") ||
		!strings.Contains(err.Error(), "a schleuse already runs with this state_dir; stop it, or give this one its own state_dir (several nodes share one log through audit.store: postgres://…") {
		t.Errorf("second writer: %v", err)
	}
}
