package audit

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSpillAndReplay(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			l, f := openFlaky(t, cfg)
			logN(t, l, 0, 10, t0)
			if err := l.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			f.down.Store(true)
			logN(t, l, 10, 500, t0)
			if err := l.Flush(context.Background()); err != nil {
				t.Fatalf("flush with store down must spill: %v", err)
			}
			s := l.Stats()
			if s.Spilled != 500 || s.SpillBytes == 0 || !s.Degraded || s.StoreError != "store down (test)" {
				t.Fatalf("stats while down: %+v", s)
			}
			f.down.Store(false)
			logN(t, l, 510, 5, t0)
			deadline := time.Now().Add(5 * time.Second)
			for l.Stats().SpillBytes != 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			if s := l.Stats(); s.Written != 515 || s.SpillBytes != 0 || s.Degraded || s.StoreError != "" {
				t.Fatalf("after replay: %+v", s)
			}
			r := mustReader(t, cfg)
			res, err := r.Verify(context.Background())
			if err != nil || !res.OK() || res.Nodes[0].Records != 515 {
				t.Fatalf("verify: %+v %v", res, err)
			}
		})
	}
}

func TestQueueFullSpillsInLog(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n", QueueSize: 1, BatchSize: 5, FlushInterval: time.Hour}
	l, f := openFlaky(t, cfg)
	f.down.Store(true) // the writer backs off, the queue fills, Log spills itself
	logN(t, l, 0, 300, t0)
	f.down.Store(false)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if s := l.Stats(); s.Failed != 0 || s.Written != 300 {
		t.Fatalf("stats: %+v", s)
	}
	r := mustReader(t, cfg)
	res, err := r.Verify(context.Background())
	if err != nil || !res.OK() || res.Nodes[0].Records != 300 {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

func TestFailClosedWhenSpillFails(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: 10 * time.Millisecond}
	l, f := openFlaky(t, cfg)
	spillDir := filepath.Join(cfg.Dir, "spill")
	// The writer creates the journal's next segment in the spill directory
	// when it starts; a Flush waits for that, so that removing the
	// directory does not race with it ("directory not empty").
	if err := l.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Break the spill: its directory becomes a plain file.
	if err := os.RemoveAll(spillDir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spillDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.down.Store(true)
	if err := l.Log(Entry{RequestID: "a", Action: "allow"}); err != nil {
		t.Fatalf("first Log is queued: %v", err)
	}
	if err := l.Flush(context.Background()); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Flush = %v, want ErrUnavailable", err)
	}
	if err := l.Log(Entry{RequestID: "b", Action: "allow"}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Log while nothing can store = %v, want ErrUnavailable", err)
	}
	// Repair the spill: the held record is written and Log works again.
	os.Remove(spillDir)
	os.MkdirAll(spillDir, 0o700)
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := l.Log(Entry{RequestID: "c", Action: "allow"})
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Log still failing after repair: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.down.Store(false)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, cfg)
	recs, _ := r.Query(context.Background(), Filter{})
	if got := strings.Join(ids(recs), ","); got != "a,c" {
		t.Fatalf("records = %s, want a,c", got)
	}
	if res, _ := r.Verify(context.Background()); !res.OK() {
		t.Fatalf("verify: %+v", res.Nodes[0].Broken)
	}
}

// TestCanary plants unique values and user names, writes through the store
// and through the spill file, and searches every byte under the state
// directory (database, WAL, shared memory, spill files) for them.
func TestCanary(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: 10 * time.Millisecond}
	canaries := []TypedValue{
		{"IBAN", "DE02 1203 0000 0000 2020 51"},
		{"EMAIL", "kanarienvogel.7f3q@beispiel-amt.de"},
		{"PERSON", "Zacharias Quellbrunn"},
		{"PHONE", "+49 5251 9876543"},
		{"DE_TAX_ID", "86095742719"},
	}
	userName := "quellbrunn.zacharias"
	l, f := openFlaky(t, cfg)
	for i := 0; i < 40; i++ {
		if i == 20 {
			f.down.Store(true)
			if err := l.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Log(Entry{RequestID: "c", UserName: userName, Action: "redact", Values: canaries,
			Findings: map[string]int{"IBAN": 1}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var forms []string
	for _, c := range canaries {
		forms = append(forms, c.Value, Normalize(c.Type, c.Value), strings.ToLower(c.Value), strings.ToUpper(c.Value))
	}
	forms = append(forms, userName, "Quellbrunn", "quellbrunn", "2020 51", "202051", "9876543", "86095742719")
	// scan reads every file; the writer may rename a spill file (replay
	// attempts) between listing and reading, and then the scan starts over.
	scan := func(stage string) int {
		for {
			files, vanished := 0, false
			filepath.WalkDir(cfg.Dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				if errors.Is(err, fs.ErrNotExist) {
					vanished = true
					return filepath.SkipAll
				}
				if err != nil {
					t.Fatal(err)
				}
				files++
				for _, f := range forms {
					if bytes.Contains(b, []byte(f)) {
						t.Errorf("%s: %q found in %s", stage, f, p)
					}
				}
				return nil
			})
			if !vanished {
				return files
			}
		}
	}
	if l.Stats().SpillBytes == 0 {
		t.Fatal("spill file not used")
	}
	scan("spilled")
	f.down.Store(false)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if n := scan("replayed"); n < 2 {
		t.Fatalf("scanned only %d files", n)
	}
	r := mustReader(t, cfg)
	if recs, _ := r.Query(context.Background(), Filter{Value: "DE02120300000000202051"}); len(recs) != 40 {
		t.Fatalf("value query found %d records, want 40", len(recs))
	}
}

// TestSpillNewFileSyncsDir: spill.jsonl's name is synced with its directory
// when the file is created (once, not per batch), so that a power loss
// cannot take the file with the fsynced records in it; before, only its
// content was synced.
func TestSpillNewFileSyncsDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "spill")
	var synced []string
	orig := syncDir
	syncDir = func(d string) error { synced = append(synced, d); return orig(d) }
	defer func() { syncDir = orig }()
	s, err := openSpill(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := Record{Node: "n", Seq: 1, Hash: "h"}
	for range 2 {
		if err := s.write([]Record{rec}); err != nil {
			t.Fatal(err)
		}
	}
	if len(synced) != 1 || synced[0] != dir {
		t.Errorf("directories synced after creating spill.jsonl and two batches: %q, want [%q]", synced, dir)
	}
	// Rotated for replay, the next batch creates spill.jsonl anew.
	if _, err := s.rotate(); err != nil {
		t.Fatal(err)
	}
	synced = nil
	if err := s.write([]Record{rec}); err != nil {
		t.Fatal(err)
	}
	s.close()
	if len(synced) != 1 {
		t.Errorf("spill.jsonl created again after rotate: directories synced %q, want [%q]", synced, dir)
	}
}
