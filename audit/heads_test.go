package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestHeadsFileFindsCutTail: the writer notes its chain head in the heads
// file of the state directory (at a checkpoint, every HeadEvery, at Close),
// so that the newest records deleted behind the last checkpoint, which the
// chain alone cannot show, are found without a hash noted by hand: Verify
// still says ok (as before), VerifyNoted and CheckHeads name the missing
// records, and the next Open goes on after the noted head, so that new
// records do not take the deleted ones' numbers and the gap stays.
// Before, verify said ok and the next start wrote new records 1051… over
// the gap.
func TestHeadsFileFindsCutTail(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			r := loggedReader(t, cfg, 1100)
			ctx := context.Background()
			heads, path, err := r.NotedHeads()
			if err != nil || len(heads) != 1 || heads[0].Seq != 1100 || path != filepath.Join(cfg.Dir, HeadsFileName) {
				t.Fatalf("noted heads %+v in %s, %v; want node-a:1100", heads, path, err)
			}
			res, _, err := r.VerifyNoted(ctx)
			if err != nil || !res.OK() || res.Nodes[0].HeadNoted != 1100 {
				t.Fatalf("intact: %+v, %v", res, err)
			}
			st := rawDB(t, cfg)
			if _, err := st.db.Exec(st.q("DELETE FROM audit_records WHERE seq > 1050")); err != nil {
				t.Fatal(err)
			}
			if res, err := r.Verify(ctx); err != nil || !res.OK() {
				t.Fatalf("the chain alone: %+v, %v (a cut tail behind the checkpoint verifies)", res, err)
			}
			const want = "Einträge 1051..1100 fehlen (zuletzt notierter Kopf bei 1100, audit-heads)"
			res, _, err = r.VerifyNoted(ctx)
			if err != nil || res.OK() || res.Nodes[0].Broken.Seq != 1051 || res.Nodes[0].Broken.ReasonDE != want || !strings.Contains(res.Nodes[0].Broken.Reason, "records 1051..1100 are missing (head noted at 1100") {
				t.Fatalf("cut tail: %+v, %v", res.Nodes[0].Broken, err)
			}
			cut, err := r.CheckHeads(ctx)
			if err != nil || len(cut) != 1 || cut[0].ReasonDE != want {
				t.Fatalf("CheckHeads: %+v, %v", cut, err)
			}
			// The next start goes on after the noted head and says so.
			l := mustOpen(t, cfg)
			// German first, English after (before, English only): the
			// detail of the operator log's line and of the status page's
			// German heading.
			if st := l.Stats(); !strings.HasPrefix(st.Lost, "Einträge 1051..1100 von Server node-a, notiert in ") || !strings.Contains(st.Lost, "fehlen im Audit-Log (gelöscht oder eine ältere Sicherung zurückgespielt); die Kette setzt nach 1100 fort, schleuse audit verify zeigt die Lücke / records 1051..1100 of node node-a") || !strings.HasSuffix(st.Lost, "the chain goes on after 1100, audit verify shows the gap") || st.Noted != heads[0].String() {
				t.Errorf("Stats after the start: lost %q, noted %q", st.Lost, st.Noted)
			}
			logN(t, l, 2000, 3, time.Now())
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			res, err = r.Verify(ctx)
			if err != nil || res.OK() || res.Nodes[0].Broken.Seq != 1101 || !strings.Contains(res.Nodes[0].Broken.ReasonDE, "Einträge 1051..1100 fehlen") || res.Nodes[0].LastSeq != 1103 {
				t.Fatalf("after the restart: %+v, %v", res.Nodes[0], err)
			}
			if heads, _, _ := r.NotedHeads(); len(heads) != 1 || heads[0].Seq != 1103 {
				t.Errorf("noted after the restart: %+v", heads)
			}
		})
	}
}

// TestHeadsFileRewrittenHistory: a head record rewritten (hash recomputed
// or not) no longer matches the noted head.
func TestHeadsFileRewrittenHistory(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	r := loggedReader(t, cfg, 10)
	st := rawDB(t, cfg)
	if _, err := st.db.Exec("UPDATE audit_records SET hash = 'ab' WHERE seq = 10"); err != nil {
		t.Fatal(err)
	}
	cut, err := r.CheckHeads(context.Background())
	if err != nil || len(cut) != 1 || cut[0].Seq != 10 || !strings.Contains(cut[0].ReasonDE, "Hash weicht vom notierten Kopf ab") {
		t.Fatalf("CheckHeads: %+v, %v", cut, err)
	}
}

// TestHeadsFileNotedAndCompacted: a head is noted at once after the start,
// then not again within HeadEvery unless a checkpoint is crossed, and at
// Close; a torn last line is passed over, and a file over headsCompactAt
// is rewritten with the newest line per node.
func TestHeadsFileNotedAndCompacted(t *testing.T) {
	// An hour, so that a slow machine does not cross it between the
	// first head and the check below (TestHeadNotedWithinASecond checks
	// the default).
	defer func(d time.Duration) { HeadEvery = d }(HeadEvery)
	HeadEvery = time.Hour
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 10 * time.Millisecond}
	path := filepath.Join(cfg.Dir, HeadsFileName)
	lines := func() []string {
		b, _ := os.ReadFile(path)
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	l := mustOpen(t, cfg)
	logN(t, l, 0, 5, time.Now())
	waitFor(t, func() bool { return l.Stats().Noted != "" })
	logN(t, l, 5, 5, time.Now())
	l.Flush(context.Background())
	time.Sleep(50 * time.Millisecond)
	if got := lines(); len(got) != 1 || !strings.HasPrefix(got[0], "node-a:5:") {
		t.Fatalf("within HeadEvery: %q, want the first head only", got)
	}
	logN(t, l, 10, 1000, time.Now()) // crosses the checkpoint at 1000
	l.Flush(context.Background())
	waitFor(t, func() bool { return len(lines()) == 2 })
	logN(t, l, 1010, 1, time.Now())
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	got := lines()
	// the head noted at the checkpoint is that of the batch which crossed it:
	// 1000 to 1010, as the writer happened to batch the records
	var mid int
	if len(got) == 3 {
		fmt.Sscanf(strings.TrimPrefix(got[1], "node-a:"), "%d:", &mid)
	}
	if len(got) != 3 || mid < 1000 || mid > 1010 || !strings.HasPrefix(got[2], "node-a:1011:") || !strings.HasSuffix(got[2], "Z") {
		t.Fatalf("after Close: %q", got)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v", fi.Mode(), err)
	}
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString("other:7:" + strings.Repeat("a", 64) + " 2026-11-01T00:00:00Z\nnode-a:2000:abc") // torn
	f.Close()
	r := mustReader(t, cfg)
	heads, _, err := r.NotedHeads()
	if err != nil || len(heads) != 2 || heads[0].Seq != 1011 || heads[1].Node != "other" {
		t.Fatalf("heads %+v, %v", heads, err)
	}
	old := headsCompactAt
	headsCompactAt = 1
	defer func() { headsCompactAt = old }()
	if err := noteHead(cfg.Dir, Anchor{Node: "node-a", Seq: 1012, Hash: strings.Repeat("b", 64)}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := lines(); len(got) != 2 || !strings.HasPrefix(got[0], "node-a:1012:") || !strings.HasPrefix(got[1], "other:7:") {
		t.Fatalf("compacted: %q", got)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}

// TestHeadsFilePrunedToCheckpoint: a node that wrote nothing for the whole
// retention period has its noted head pruned to a checkpoint, which keeps
// the hash: no false alarm.
func TestHeadsFilePrunedToCheckpoint(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	r := loggedReader(t, cfg, CheckpointEvery)
	st := rawDB(t, cfg)
	if _, err := st.db.Exec("DELETE FROM audit_records"); err != nil {
		t.Fatal(err)
	}
	if cut, err := r.CheckHeads(context.Background()); err != nil || len(cut) != 0 {
		t.Fatalf("CheckHeads: %+v, %v", cut, err)
	}
	if res, _, err := r.VerifyNoted(context.Background()); err != nil || !res.OK() {
		t.Fatalf("VerifyNoted: %+v, %v", res, err)
	}
}

// TestHeadNotedWithinASecond: while records are written, the head is noted
// about once a second (HeadEvery), so that records deleted after a kill -9
// (the writer noted nothing at the stop) are found up to about a second's
// worth, not a minute's. Before, the writer noted the head at most once a
// minute, and the second head below came only at Close.
func TestHeadNotedWithinASecond(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 10 * time.Millisecond}
	l := mustOpen(t, cfg)
	defer l.Close()
	logN(t, l, 0, 5, time.Now())
	waitFor(t, func() bool { return strings.HasPrefix(l.Stats().Noted, "node-a:5:") })
	logN(t, l, 5, 5, time.Now())
	l.Flush(context.Background())
	deadline := time.Now().Add(20 * time.Second) // a loaded machine; a minute without the change
	for !strings.HasPrefix(l.Stats().Noted, "node-a:10:") {
		if time.Now().After(deadline) {
			t.Fatalf("noted %q 20 s after the commit, want node-a:10:…", l.Stats().Noted)
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, err := os.ReadFile(filepath.Join(cfg.Dir, HeadsFileName))
	if err != nil || !strings.Contains(string(b), "node-a:10:") {
		t.Fatalf("heads file %q, %v", b, err)
	}
}

// TestClockBehindNewestRecord: a start whose system clock is behind the
// newest stored record by more than a minute (set back while the proxy
// was stopped: a dead RTC before NTP, a VM snapshot restored) is named in
// Stats().ClockBack, for the operator log and the status page: records
// written now carry times before older ones, and a period that leaves
// those times out (the web view's last 30 days) does not show them.
// Before, nothing said so. A start with the clock right says nothing.
func TestClockBehindNewestRecord(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 10 * time.Millisecond}
	l := mustOpen(t, cfg)
	logN(t, l, 0, 3, time.Now())
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = mustOpen(t, cfg)
	if got := l.Stats().ClockBack; got != "" {
		t.Errorf("clock right: ClockBack %q", got)
	}
	logN(t, l, 3, 3, time.Now().Add(2*time.Hour)) // stamped by a clock two hours ahead of this one
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = mustOpen(t, cfg)
	defer l.Close()
	if got := l.Stats().ClockBack; !strings.Contains(got, "behind the newest record of node node-a") || !strings.Contains(got, "set back") {
		t.Errorf("clock behind the newest record: ClockBack %q", got)
	}
}

// TestClockSetBackWhileRunning: the running writer compares the wall
// clock with the monotonic one at each flush tick (checkClock). A wall
// clock stepped back by more than a minute (clockSlack) is named in
// Stats().ClockBack, which the proxy logs as an error line and shows as a
// red line on the status page (cmd/schleuse TestAuditHeadLogged); a step
// back of a minute or less (NTP stepping a small offset) is not. The
// clock is the test's own (Config.clock): the machine's is not set.
// Before, this path had no test.
func TestClockSetBackWhileRunning(t *testing.T) {
	for _, c := range []struct {
		back time.Duration
		want bool
	}{
		{59 * time.Second, false},
		{clockSlack, false},
		{clockSlack + time.Second, true},
		{2 * time.Hour, true},
	} {
		t.Run(c.back.String(), func(t *testing.T) {
			var mu sync.Mutex
			wall, mono, reads := time.Date(2026, 12, 2, 5, 41, 7, 0, time.UTC), time.Duration(0), 0
			clock := func() (time.Time, time.Duration) {
				mu.Lock()
				defer mu.Unlock()
				reads++
				return wall, mono
			}
			// step moves the wall clock by dw and the monotonic one by dm,
			// then waits until the writer has read the clock twice more
			// (at least one whole tick after the step).
			step := func(dw, dm time.Duration) {
				t.Helper()
				mu.Lock()
				wall, mono = wall.Add(dw), mono+dm
				n := reads
				mu.Unlock()
				for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
					mu.Lock()
					done := reads >= n+2
					mu.Unlock()
					if done {
						return
					}
					if time.Now().After(deadline) {
						t.Fatal("the writer does not look at the clock")
					}
				}
			}
			l := mustOpen(t, Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 2 * time.Millisecond, clock: clock})
			defer l.Close()
			step(10*time.Second, 10*time.Second) // time runs
			step(time.Hour, time.Hour)           // an hour later, still in step
			if got := l.Stats().ClockBack; got != "" {
				t.Fatalf("clock running right: ClockBack %q", got)
			}
			step(-c.back, 0) // the wall clock set back, the monotonic one not
			got := l.Stats().ClockBack
			if !c.want {
				if got != "" {
					t.Errorf("set back by %s (within %s): ClockBack %q, want none", c.back, clockSlack, got)
				}
				return
			}
			want := fmt.Sprintf("the system clock (%s) is %s behind the time it kept until 2026-12-02T06:41:17Z: it was set back", wall.Format(time.RFC3339), c.back)
			if !strings.HasPrefix(got, want) {
				t.Errorf("set back by %s: ClockBack %q, want it to begin %q", c.back, got, want)
			}
			// The clock running on from there says nothing new.
			step(time.Minute, time.Minute)
			if again := l.Stats().ClockBack; again != got {
				t.Errorf("after the step: ClockBack %q, want %q kept", again, got)
			}
		})
	}
}

// TestNotedHeadsReadWhenChanged: the heads file is read again only when it
// changed (headsRead), as the writer changes it: a line appended, the file
// rewritten (compacted) and renamed over it, or removed; each change is
// seen at the next call. The check of the store behind the heads runs at
// every call all the same: the newest records deleted after the file was
// read are named at once. Before, every call read the whole file (up to
// headsCompactAt, 5–7 ms, at every request of the web view).
func TestNotedHeadsReadWhenChanged(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	r := loggedReader(t, cfg, 12)
	path := filepath.Join(cfg.Dir, HeadsFileName)
	reads := func() int { r.heads.mu.Lock(); defer r.heads.mu.Unlock(); return r.heads.reads }
	noted := func(what string, wantSeq int64, wantReads int) Anchor {
		t.Helper()
		heads, _, err := r.NotedHeads()
		if err != nil || len(heads) != 1 || heads[0].Seq != wantSeq || reads() != wantReads {
			t.Fatalf("%s: %+v, %v, %d reads; want seq %d, %d reads", what, heads, err, reads(), wantSeq, wantReads)
		}
		return heads[0]
	}
	head := noted("first", 12, 1)
	noted("unchanged", 12, 1)
	if cut, err := r.CheckHeads(context.Background()); err != nil || len(cut) != 0 || reads() != 1 {
		t.Fatalf("CheckHeads, unchanged: %+v, %v, %d reads", cut, err, reads())
	}
	st := rawDB(t, cfg)
	hash := func(seq int64) string {
		var h string
		if err := st.db.QueryRow("SELECT hash FROM audit_records WHERE seq = ?", seq).Scan(&h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	// An older line appended (the newest per node counts), then a newer.
	if err := noteHead(cfg.Dir, Anchor{Node: "node-a", Seq: 11, Hash: hash(11)}, time.Now()); err != nil {
		t.Fatal(err)
	}
	noted("an older line appended", 12, 2)
	// Rewritten with the newest line and renamed over it (compacted): a
	// new file is read; and again with another line of the same size.
	if err := compactHeads(path); err != nil {
		t.Fatal(err)
	}
	noted("compacted", 12, 3)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	same := strings.Replace(string(b), fmt.Sprintf(":12:%s", head.Hash), fmt.Sprintf(":10:%s", hash(10)), 1)
	if len(same) != len(b) || same == string(b) {
		t.Fatalf("rewrite %q of %q", same, b)
	}
	if err := os.WriteFile(path+".tmp", []byte(same), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		t.Fatal(err)
	}
	noted("renamed over it, same size", 10, 4)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if heads, _, err := r.NotedHeads(); err != nil || len(heads) != 0 {
		t.Fatalf("removed: %+v, %v", heads, err)
	}
	if err := noteHead(cfg.Dir, head, time.Now()); err != nil {
		t.Fatal(err)
	}
	noted("noted again", 12, 5)
	// The store is checked at each call: the newest records deleted
	// after the file was read are named at once.
	if _, err := st.db.Exec("DELETE FROM audit_records WHERE seq > 10"); err != nil {
		t.Fatal(err)
	}
	if cut, err := r.CheckHeads(context.Background()); err != nil || len(cut) != 1 || cut[0].ReasonDE != "Einträge 11..12 fehlen (zuletzt notierter Kopf bei 12, audit-heads)" || reads() != 5 {
		t.Fatalf("CheckHeads after the tail was deleted: %+v, %v, %d reads", cut, err, reads())
	}
}

// TestCheckHeadsConcurrent: the web view's requests check the heads at
// once while the writer notes them (run under -race): each sees a head
// the writer noted, and the last noted once it has stopped.
func TestCheckHeadsConcurrent(t *testing.T) {
	defer func(d time.Duration) { HeadEvery = d }(HeadEvery)
	HeadEvery = time.Millisecond
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 2 * time.Millisecond}
	l := mustOpen(t, cfg)
	logN(t, l, 0, 5, time.Now().Add(-time.Hour))
	if err := l.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, cfg)
	// The writer notes its first head after the first commit.
	waitFor(t, func() bool { heads, _, _ := r.NotedHeads(); return len(heads) == 1 })
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(stop)
		for i := 5; i < 200; i++ {
			logN(t, l, i, 1, time.Now().Add(-time.Hour))
			if i%10 == 0 {
				l.Flush(context.Background())
			}
		}
		if err := l.Close(); err != nil {
			t.Error(err)
		}
	})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if cut, err := r.CheckHeads(context.Background()); err != nil || len(cut) != 0 {
					t.Errorf("CheckHeads while writing: %+v, %v", cut, err)
					return
				}
				if heads, _, err := r.NotedHeads(); err != nil || len(heads) != 1 || heads[0].Seq < 1 || heads[0].Seq > 200 {
					t.Errorf("NotedHeads while writing: %+v, %v", heads, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if heads, _, err := r.NotedHeads(); err != nil || len(heads) != 1 || heads[0].Seq != 200 {
		t.Errorf("after the writer stopped: %+v, %v", heads, err)
	}
}
