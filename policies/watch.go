package policies

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchDebounce is how long the directory must be quiet before a reload: editors and `cp -r`
// write several files and events in a burst.
const watchDebounce = 300 * time.Millisecond

// Watch reloads the policy whenever a file in its directory (or a subdirectory) changes, and
// calls onReload (if not nil) with the result of each reload. It watches the directories, not
// the files, because editors save by writing a new file and renaming it over the old one. Events
// are debounced. Watch blocks until ctx is done and then returns nil; it returns an error only
// if the watch cannot be set up. For the embedded default policy it returns nil at once.
func (e *Engine) Watch(ctx context.Context, onReload func(err error)) error {
	if e.dir == "" {
		return nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("policy watch: %w", err)
	}
	defer w.Close()
	if err := addTree(w, e.dir); err != nil {
		return fmt.Errorf("policy watch %s: %w", e.dir, err)
	}

	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			// Hidden names count too: Kubernetes swaps a ConfigMap through a "..data" symlink.
			// Reload skips unchanged files cheaply, so editors' swap files cost only a read.
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Create) {
				_ = addTree(w, ev.Name) // a new subdirectory; a file is ignored
			}
			timer.Reset(watchDebounce)
		case _, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// Events may have been lost (queue overflow): reload to be sure.
			timer.Reset(watchDebounce)
		case <-timer.C:
			err := e.Reload(ctx)
			if ctx.Err() != nil {
				return nil
			}
			if onReload != nil {
				onReload(err)
			}
		}
	}
}

// addTree watches dir and its non-hidden subdirectories. A path that is not a directory is
// skipped.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}
