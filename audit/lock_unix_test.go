//go:build unix

package audit

import (
	"context"
	"strings"
	"testing"
)

// TestSecondWriterSaysWhat: a second schleuse on one state directory is
// told that one already runs there and what to do instead.
func TestSecondWriterSaysWhat(t *testing.T) {
	dir := t.TempDir()
	l := mustOpen(t, Config{Dir: dir, Node: "n"})
	defer l.Close()
	_, err := Open(context.Background(), Config{Dir: dir, Node: "n"})
	if err == nil || !strings.Contains(err.Error(), "a schleuse already runs with this state_dir; stop it, or give this one its own state_dir (several nodes share one log through audit.store: postgres://…") {
		t.Errorf("second writer: %v", err)
	}
}
