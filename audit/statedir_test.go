package audit

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStateDirSymlinked: a state_dir that is a symlink, or whose parent
// is one, is one state_dir under every name: the lock refuses a second
// writer whichever name it uses, the files (database, lock, heads file,
// key file, spill files) lie in the real directory, and records spilled
// while the store failed are written after the directory was moved, so
// that a moved or re-linked state_dir loses nothing and its chain and
// noted head verify. A heads file that is itself a symlink (kept on
// another disk) stays one when it is rewritten; before, the rewrite put a
// file of its own in its place and the copy elsewhere stopped at that
// point without a word.
func TestStateDirSymlinked(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	real := filepath.Join(base, "real", "state")
	if err := os.MkdirAll(real, 0o700); err != nil {
		t.Fatal(err)
	}
	link, parent := filepath.Join(base, "link"), filepath.Join(base, "parent")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(base, "real"), parent); err != nil {
		t.Fatal(err)
	}
	cfg := func(dir string) Config { return Config{Dir: dir, Node: "node-a", FlushInterval: 20 * time.Millisecond} }

	l := mustOpen(t, cfg(link))
	for _, dir := range []string{real, filepath.Join(parent, "state")} {
		if l2, err := Open(ctx, cfg(dir)); err == nil || !strings.Contains(err.Error(), "Das state_dir ist von einem anderen Prozess belegt") {
			if l2 != nil {
				l2.Close()
			}
			t.Errorf("a second writer on %s while one runs on %s: %v, want refused by the lock", dir, link, err)
		}
	}
	logN(t, l, 0, 5, t0)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l, f := openFlaky(t, cfg(link))
	logN(t, l, 5, 5, t0)
	if err := l.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	f.down.Store(true)
	logN(t, l, 10, 5, t0)
	if err := l.Flush(ctx); err != nil {
		t.Fatalf("flush with the store down must spill: %v", err)
	}
	l.Close() // the store is down: records 11..15 stay in the spill file
	for _, name := range []string{"audit.db", "audit.lock", HeadsFileName, KeyFileName, "spill"} {
		fi, err := os.Lstat(filepath.Join(real, name))
		if err != nil || fi.Mode()&os.ModeSymlink != 0 {
			t.Errorf("%s in the real state_dir: %v, %v", name, fi, err)
		}
	}
	if spilled, _ := filepath.Glob(filepath.Join(real, "spill", "*")); len(spilled) == 0 {
		t.Fatal("nothing spilled: the test does not test replay after a move")
	}

	// Moved: the symlink now points nowhere; the moved directory is
	// opened by its new name and replays what it held.
	moved := filepath.Join(base, "moved")
	if err := os.Rename(filepath.Join(base, "real"), moved); err != nil {
		t.Fatal(err)
	}
	movedState := filepath.Join(moved, "state")
	l = mustOpen(t, cfg(movedState))
	logN(t, l, 15, 1, t0)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// Linked again, as an operator re-points the old name.
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(movedState, link); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{movedState, link} {
		res, _, err := mustReader(t, cfg(dir)).VerifyNoted(ctx)
		if err != nil || !res.OK() || len(res.Nodes) != 1 || res.Nodes[0].Records != 16 || res.Nodes[0].HeadNoted != 16 {
			t.Errorf("verify through %s: %+v, %v; want 16 records, head noted at 16", dir, res, err)
		}
	}

	// The heads file kept elsewhere through a symlink, and rewritten.
	defer func(n int64) { headsCompactAt = n }(headsCompactAt)
	headsCompactAt = 1
	elsewhere := filepath.Join(t.TempDir(), "heads-node-a")
	heads := filepath.Join(movedState, HeadsFileName)
	if err := os.Rename(heads, elsewhere); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, heads); err != nil {
		t.Fatal(err)
	}
	l = mustOpen(t, cfg(link))
	logN(t, l, 16, 1, t0)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(heads); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("heads file after its rewrite: %v, %v; want the symlink kept", fi, err)
	}
	if noted, _, err := readHeads(elsewhere); err != nil || noted["node-a"].Seq != 17 {
		t.Errorf("heads noted in the file the symlink points to: %+v, %v; want node-a at 17", noted, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(elsewhere), "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	res, _, err := mustReader(t, cfg(link)).VerifyNoted(ctx)
	if err != nil || !res.OK() || res.Nodes[0].HeadNoted != 17 {
		t.Errorf("verify after the rewrite: %+v, %v", res, err)
	}
}
