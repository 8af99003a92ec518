//go:build unix

package audit

import (
	"fmt"
	"os"
	"syscall"
)

// lockDir takes an exclusive advisory lock on path, so that two processes
// never write the same state directory (chain, spill file) at once. The
// kernel drops the lock when the process dies.
func lockDir(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: Das state_dir ist von einem anderen Prozess belegt (%s): dort läuft schon ein schleuse; es beenden oder diesem ein eigenes state_dir geben (mehrere Knoten teilen ein Audit-Protokoll über audit.store: postgres://…, docs/audit.md Abschnitt 6) / audit: state directory is in use by another process (%s): a schleuse already runs with this state_dir; stop it, or give this one its own state_dir (several nodes share one log through audit.store: postgres://…, docs/audit.md section 6): %w", path, path, err)
	}
	return func() { f.Close() }, nil
}
