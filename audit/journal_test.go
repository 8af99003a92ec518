package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// journalRecords is the table for the splice encoding: every field that
// JSON escapes or omits when empty.
func journalRecords() []Record {
	g := goldenRecord()
	empty := Record{Seq: 1, Node: "n"}
	odd := goldenRecord()
	odd.RequestID, odd.Justification = "\"quoted\" \\ <b>&</b> \u2028", "Begründung: \"dringend\"\n"
	odd.Groups, odd.Rules = []string{"\uFFFD", ""}, []string{"a\tb"}
	odd.Findings = map[string]int{"Z": -1, "A": 0}
	odd.PrevHash = ""
	odd.LatencyMS, odd.Bytes = 0.001, -7
	return []Record{g, empty, odd}
}

// TestJournalLineMatchesMarshal: the line Log splices together under its
// lock is byte for byte json.Marshal of the complete record, so the
// journal is read by the same code as the spill file.
func TestJournalLineMatchesMarshal(t *testing.T) {
	for i, rec := range journalRecords() {
		checkJournalLine(t, i, rec)
	}
}

func checkJournalLine(t *testing.T, i int, rec Record) {
	t.Helper()
	seq, prev := rec.Seq, rec.PrevHash
	rec.Seq, rec.PrevHash, rec.Hash = 0, "", ""
	un, err := encodeUnchained(nil, &rec)
	if err != nil {
		t.Fatalf("%d: %v", i, err)
	}
	rec.Seq, rec.PrevHash = seq, prev
	rec.Hash = rec.ComputeHash()
	want, _ := json.Marshal(&rec)
	got := chainLine(nil, un, rec.Seq, rec.PrevHash, rec.Hash)
	if string(got) != string(want)+"\n" {
		t.Fatalf("%d: spliced\n%s\nwant\n%s", i, got, want)
	}
	var back Record
	if err := json.Unmarshal(got, &back); err != nil || back.Hash != rec.Hash || back.ComputeHash() != rec.Hash {
		t.Fatalf("%d: line does not read back: %v", i, err)
	}
	// The writer stores what it decodes from the queued line (decode).
	dec, err := decode(nil, string(got[:len(got)-1]))
	if err != nil || len(dec) != 1 || !reflect.DeepEqual(dec[0], back) || !reflect.DeepEqual(dec[0], rec) {
		t.Fatalf("%d: decoded %+v (%v), want %+v", i, dec, err, rec)
	}
	// Without escapes, decodeLine reads it (not encoding/json).
	var fast Record
	if !strings.Contains(string(got), `\`) && (!decodeLine(string(got[:len(got)-1]), &fast) || !reflect.DeepEqual(fast, back)) {
		t.Fatalf("%d: decodeLine %+v, want %+v", i, fast, back)
	}
}

// FuzzJournalLine: for any field values (also uncleaned strings, odd
// floats and times) the hand-written encoder writes what encoding/json
// writes, or both fail.
func FuzzJournalLine(f *testing.F) {
	for _, r := range journalRecords() {
		f.Add(r.RequestID, r.User, r.Justification, r.Path, r.Seq, r.Bytes, r.LatencyMS, r.Time.UnixNano())
	}
	f.Add("\xff\x00<>&\u2028\u2029\x7f", "\x1f", "\xe2\x80", "", int64(-1), int64(0), 1e-7, int64(-1))
	f.Add("", "", "", "", int64(0), int64(0), 1e21, int64(1)<<62)
	f.Fuzz(func(t *testing.T, id, user, just, path string, seq, n int64, lat float64, ns int64) {
		rec := goldenRecord()
		rec.RequestID, rec.User, rec.Justification, rec.Path = id, user, just, path
		rec.Seq, rec.Bytes, rec.LatencyMS, rec.Time = seq, n, lat, time.Unix(0, ns).UTC()
		rec.Findings = map[string]int{id: 1, path: 2}
		rec.Groups = []string{user, just}
		want, werr := json.Marshal(&rec)
		got, gerr := appendRecordJSON(nil, &rec)
		if (werr != nil) != (gerr != nil) || werr == nil && string(got) != string(want) {
			t.Fatalf("appendRecordJSON\n%s (%v)\nencoding/json\n%s (%v)", got, gerr, want, werr)
		}
		if werr == nil {
			rec.Findings, rec.Groups = nil, nil // as Log makes them: cleaned
			rec.RequestID, rec.User, rec.Justification, rec.Path = clean(id), clean(user), clean(just), clean(path)
			rec.Time = time.Unix(0, ns%(1<<60)).UTC()
			checkJournalLine(t, 0, rec)
		}
	})
}

func journalFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "spill", journalPrefix+"*"+journalSuffix))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// dirBytes is the record bytes in files (without a preallocated tail).
func dirBytes(t *testing.T, files []string) int64 {
	var n int64
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		k, err := journalContent(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		n += k
	}
	return n
}

// TestJournalLifecycle: queued records are in the journal (and counted in
// Stats) until they are durable; then their segments are deleted, with the
// store up and with the store down (spilled); Close leaves no journal.
// 15000 records do not fit one segment: Log continues in the next.
func TestJournalLifecycle(t *testing.T) {
	for _, tc := range []struct {
		name string
		down bool
		n    int
	}{{"store up", false, 20}, {"store down", true, 20}, {"segment full", false, 15000}} {
		t.Run(tc.name, func(t *testing.T) {
			down, n := tc.down, tc.n
			cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: time.Hour, BatchSize: 1 << 20}
			l, f := openFlaky(t, cfg)
			f.down.Store(down)
			logN(t, l, 0, n, t0)
			s := l.Stats()
			files := journalFiles(t, cfg.Dir)
			used := 0
			for _, f := range files {
				if dirBytes(t, []string{f}) > 0 {
					used++
				}
			}
			if n > 10000 && used < 2 {
				t.Fatalf("%d records in %d journal segment", n, used)
			}
			if s.Depth != n || s.JournalBytes == 0 || s.JournalBytes != dirBytes(t, files) || s.SpillBytes < s.JournalBytes {
				t.Fatalf("queued: stats %+v, journal files %v (%d B)", s, files, dirBytes(t, files))
			}
			// Every queued record is in the journal, complete and chained.
			var got []Record
			for _, p := range files {
				if _, err := readSpill(p, 100, func(r []Record) error { got = append(got, r...); return nil }); err != nil {
					t.Fatal(err)
				}
			}
			slices.SortFunc(got, func(a, b Record) int { return int(a.Seq - b.Seq) })
			if len(got) != n || got[0].Seq != 1 || got[n-1].Seq != int64(n) || got[n-1].ComputeHash() != got[n-1].Hash || got[1].PrevHash != got[0].Hash {
				t.Fatalf("journal holds %d records", len(got))
			}
			if err := l.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			s = l.Stats()
			if s.JournalBytes != 0 || dirBytes(t, journalFiles(t, cfg.Dir)) != 0 {
				t.Fatalf("after flush: stats %+v, journal %d B", s, dirBytes(t, journalFiles(t, cfg.Dir)))
			}
			if down && s.SpillBytes == 0 {
				t.Fatalf("store down but nothing spilled: %+v", s)
			}
			f.down.Store(false)
			logN(t, l, n, 5, t0)
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			if files := journalFiles(t, cfg.Dir); len(files) != 0 || l.Stats().SpillBytes != 0 {
				t.Fatalf("after close: journal %v, stats %+v", files, l.Stats())
			}
			r := mustReader(t, cfg)
			if res, err := r.Verify(context.Background()); err != nil || !res.OK() || res.Nodes[0].Records != int64(n+5) {
				t.Fatalf("verify: %+v %v", res, err)
			}
		})
	}
}

// TestStoreTimeoutGrowsWithBatch: the bound of one insert grows with its
// records, so that a large batch on a loaded machine (TestJournalLifecycle's
// 15 000 records under the race detector) is not taken for a store that is
// down and spilled; a default batch keeps a bound near 10 s.
func TestStoreTimeoutGrowsWithBatch(t *testing.T) {
	if d := storeTimeout(1000); d < 10*time.Second || d > 20*time.Second {
		t.Errorf("storeTimeout(1000) = %v, want 10–20 s", d)
	}
	if d := storeTimeout(15000); d < time.Minute {
		t.Errorf("storeTimeout(15000) = %v, want a minute or more", d)
	}
}

// TestJournalRecovery simulates a process that died with records only in
// its journal: the journal files (one with a torn last line) are put into
// a state directory whose store has only the first records; Open replays
// the rest in order, continues the chain after them and counts the torn line.
func TestJournalRecovery(t *testing.T) {
	dead := Config{Dir: t.TempDir(), Node: "n", FlushInterval: time.Hour}
	l, f := openFlaky(t, dead)
	logN(t, l, 0, 10, t0)
	if err := l.Flush(context.Background()); err != nil { // 1..10 committed
		t.Fatal(err)
	}
	f.down.Store(true)
	logN(t, l, 10, 30, t0) // 11..40 only queued, in the journal
	files := journalFiles(t, dead.Dir)
	if dirBytes(t, files) == 0 {
		t.Fatal("no journal")
	}
	// The "crashed" state: database as it is now, journal files, plus a torn line.
	cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: 20 * time.Millisecond}
	os.MkdirAll(filepath.Join(cfg.Dir, "spill"), 0o700)
	for _, name := range []string{"audit.db", "audit.db-wal", KeyFileName} {
		if b, err := os.ReadFile(filepath.Join(dead.Dir, name)); err == nil {
			os.WriteFile(filepath.Join(cfg.Dir, name), b, 0o600)
		}
	}
	for _, p := range files {
		b, _ := os.ReadFile(p)
		size := len(b)
		if c := bytes.TrimRight(b, "\x00"); len(c) > 0 {
			// A record torn by the kill, before the preallocated tail.
			b = append(append(c, `{"seq":41,"time":"2026-11-02T09:00:41Z","request_id":"req-40","no`...), make([]byte, size)...)
		}
		os.WriteFile(filepath.Join(cfg.Dir, "spill", filepath.Base(p)), b, 0o600)
	}
	f.down.Store(false)
	l.Close()

	l2 := mustOpen(t, cfg)
	logN(t, l2, 40, 1, t0) // the next record continues after the journal's last one
	if err := l2.Close(); err != nil {
		t.Fatal(err)
	}
	if s := l2.Stats(); s.Skipped != 1 || s.SpillBytes != 0 || s.Written != 31 {
		t.Fatalf("stats after recovery: %+v", s)
	}
	if left, _ := filepath.Glob(filepath.Join(cfg.Dir, "spill", "*")); len(left) != 0 {
		t.Fatalf("files left after replay: %v", left)
	}
	r := mustReader(t, cfg)
	recs, err := r.Query(context.Background(), Filter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 41 {
		t.Fatalf("%d records after recovery, want 41", len(recs))
	}
	if res, err := r.Verify(context.Background()); err != nil || !res.OK() || res.Nodes[0].Records != 41 {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

// TestRecoverJournalOnlySegments: recovery renames only journal segments;
// the spill file, which shares the .jsonl suffix, stays where openSpill
// looks for it.
func TestRecoverJournalOnlySegments(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		spillName:                   `{"seq":1}` + "\n",
		"journal-1000.jsonl":        `{"seq":2}` + "\n",
		"other.jsonl":               `{"seq":3}` + "\n",
		"spill-999.replay":          `{"seq":0}` + "\n",
		"journal-1001.jsonl.broken": "x",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := recoverJournal(dir); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	want := []string{"journal-1001.jsonl.broken", "other.jsonl", "spill-1000.replay", "spill-999.replay", spillName}
	if !slices.Equal(got, want) {
		t.Errorf("after recovery: %q, want %q", got, want)
	}
}

// TestJournalWriteFails: a record that cannot be journaled is refused
// (fail closed) and takes no seq; the next Log opens a new segment.
func TestJournalWriteFails(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: time.Hour}
	l := mustOpen(t, cfg)
	logN(t, l, 0, 3, t0)
	l.mu.Lock()
	ro, err := os.Open(l.jr.cur.path) // read-only and unmapped: the next write fails
	if err != nil {
		t.Fatal(err)
	}
	l.jr.cur.closeFile()
	l.jr.cur.f = ro
	l.mu.Unlock()
	if err := l.Log(Entry{RequestID: "refused", Action: "allow"}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Log with a failing journal = %v, want ErrUnavailable", err)
	}
	// Stats says so (for /readyz and the status page) until a Log call
	// succeeds; before, nothing but the refused call's error did.
	if s := l.Stats(); !strings.Contains(s.Refusing, "write journal") {
		t.Errorf("Refusing %q after a refused Log, want the journal's error", s.Refusing)
	}
	logN(t, l, 3, 2, t0)
	if s := l.Stats(); s.Refusing != "" {
		t.Errorf("Refusing %q after Log succeeded again", s.Refusing)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if files := journalFiles(t, cfg.Dir); len(files) != 0 {
		t.Fatalf("journal left: %v", files)
	}
	r := mustReader(t, cfg)
	recs, _ := r.Query(context.Background(), Filter{Limit: -1})
	if got := strings.Join(ids(recs), ","); strings.Contains(got, "refused") || len(recs) != 5 {
		t.Fatalf("records %s", got)
	}
	if res, _ := r.Verify(context.Background()); !res.OK() {
		t.Fatalf("verify: %+v", res.Nodes[0].Broken)
	}
	if s := l.Stats(); s.Failed != 1 {
		t.Fatalf("stats %+v", s)
	}
}

// TestJournalKeptWhenNotDurable: if Close cannot make records durable
// (store down, spill file failing), their journal stays and the next Open
// stores them.
func TestJournalKeptWhenNotDurable(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: time.Hour}
	l, f := openFlaky(t, cfg)
	if err := l.Flush(context.Background()); err != nil { // the writer has started (and replayed nothing)
		t.Fatal(err)
	}
	// The spill file fails: its handle becomes read-only.
	sp := filepath.Join(cfg.Dir, "spill", spillName)
	os.WriteFile(sp, nil, 0o600)
	ro, err := os.Open(sp)
	if err != nil {
		t.Fatal(err)
	}
	l.sp.mu.Lock()
	l.sp.f = ro
	l.sp.mu.Unlock()
	f.down.Store(true)
	logN(t, l, 0, 7, t0)
	if err := l.Close(); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Close = %v, want ErrUnavailable; %+v", err, l.Stats())
	}
	if n := dirBytes(t, journalFiles(t, cfg.Dir)); n == 0 {
		t.Fatal("journal deleted although its records are not durable")
	}
	l2 := mustOpen(t, cfg)
	if err := l2.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(cfg.Dir, "spill", "*")); len(left) != 0 {
		t.Fatalf("files left after replay: %v", left)
	}
	r := mustReader(t, cfg)
	if res, err := r.Verify(context.Background()); err != nil || !res.OK() || res.Nodes[0].Records != 7 {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

// TestJournalMappedFault: a mapped segment whose pages cannot be written
// (here: the file was truncated under the mapping, which raises SIGBUS)
// makes Log fail closed instead of crashing; the next Log uses a new segment.
func TestJournalMappedFault(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: time.Hour}
	l := mustOpen(t, cfg)
	logN(t, l, 0, 2, t0)
	l.mu.Lock()
	if l.jr.cur.m == nil {
		l.mu.Unlock()
		l.Close()
		t.Skip("journal segments are not mapped on this platform")
	}
	// Cut the file under the mapping (the two queued records are stored anyway).
	if err := l.jr.cur.f.Truncate(0); err != nil {
		t.Fatal(err)
	}
	l.mu.Unlock()
	if err := l.Log(Entry{RequestID: "refused", Action: "allow"}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Log on a faulting segment = %v, want ErrUnavailable", err)
	}
	logN(t, l, 2, 3, t0)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, cfg)
	recs, _ := r.Query(context.Background(), Filter{Limit: -1})
	if got := strings.Join(ids(recs), ","); strings.Contains(got, "refused") || len(recs) != 5 {
		t.Fatalf("records %s", got)
	}
	if res, _ := r.Verify(context.Background()); !res.OK() {
		t.Fatalf("verify: %+v", res.Nodes[0].Broken)
	}
}

// TestJournalSwitchesToSpare: when the current segment is full, Log
// continues in the spare segment the writer prepared (prefaulted, no file
// created on the request path), and every record stays in the chain.
func TestJournalSwitchesToSpare(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("segments are mapped (and fill up) on Linux only")
	}
	cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: time.Hour, BatchSize: 1 << 20}
	l := mustOpen(t, cfg)
	var first, next *segment
	for range 200 {
		l.mu.Lock()
		first, next = l.jr.cur, l.jr.next
		l.mu.Unlock()
		if next != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if next == nil || next.m == nil || first.m == nil {
		t.Fatalf("no mapped spare segment from the writer: cur %+v, next %+v", first, next)
	}
	n := 0
	for ; n < 100000; n++ {
		logN(t, l, n, 1, t0)
		l.mu.Lock()
		cur := l.jr.cur
		l.mu.Unlock()
		if cur != first {
			if cur != next {
				t.Fatalf("after %d records Log writes a segment it made, not the writer's spare", n+1)
			}
			break
		}
	}
	if files := journalFiles(t, cfg.Dir); n == 100000 || len(files) != 2 {
		t.Fatalf("%d records: journal files %v", n+1, files)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, cfg)
	if res, err := r.Verify(context.Background()); err != nil || !res.OK() || res.Nodes[0].Records != int64(n+1) {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

// TestJournalRecycles: a segment whose records are durable is cleared and
// becomes the next spare (no new file, mapping or page faults), under a
// new name; records written through recycled segments are all stored and
// chained, and Close leaves no journal.
func TestJournalRecycles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("segments are mapped on Linux only")
	}
	cfg := Config{Dir: t.TempDir(), Node: "n", FlushInterval: time.Hour, BatchSize: 1 << 20}
	l := mustOpen(t, cfg)
	seen := map[*segment]bool{}
	reused := 0
	for round := range 6 {
		logN(t, l, round*50, 50, t0)
		l.mu.Lock()
		cur := l.jr.cur
		l.mu.Unlock()
		if seen[cur] {
			reused++
		}
		seen[cur] = true
		if err := l.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if files := journalFiles(t, cfg.Dir); len(files) > 3 || dirBytes(t, files) != 0 {
			t.Fatalf("round %d: journal files %v, %d bytes after flush", round, files, dirBytes(t, files))
		}
	}
	if reused < 3 {
		t.Fatalf("segments reused %d times in 6 rotations", reused)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if files := journalFiles(t, cfg.Dir); len(files) != 0 {
		t.Fatalf("after close: %v", files)
	}
	r := mustReader(t, cfg)
	if res, err := r.Verify(context.Background()); err != nil || !res.OK() || res.Nodes[0].Records != 300 {
		t.Fatalf("verify: %+v %v", res, err)
	}
}
