package audit

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestStoreEnds: the first and last seq of every node, read by index
// lookups (SQLite's plan searches the primary key, it reads no table), on
// both stores; it changes with a new record, a new node and a deletion at
// either end of a chain, not with a read.
func TestStoreEnds(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			l := mustOpen(t, cfg)
			r := mustReader(t, cfg)
			if ends, err := r.storeEnds(ctx); err != nil || ends != "" {
				t.Fatalf("empty store: %q, %v", ends, err)
			}
			logN(t, l, 0, 5, time.Now().Add(-time.Hour))
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			cfgB := cfg
			cfgB.Node = "node-b"
			l = mustOpen(t, cfgB)
			logN(t, l, 0, 3, time.Now().Add(-time.Hour))
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			ends := func() string {
				t.Helper()
				s, err := r.storeEnds(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			if got, want := ends(), "\"node-a\" 1 5\n\"node-b\" 1 3\n"; got != want {
				t.Fatalf("ends %q, want %q", got, want)
			}
			if _, err := r.Stats(ctx, Filter{}); err != nil {
				t.Fatal(err)
			}
			st := rawDB(t, cfg)
			for _, c := range []struct{ sql, want string }{
				{"DELETE FROM audit_records WHERE node = 'node-a' AND seq = 5", "\"node-a\" 1 4\n\"node-b\" 1 3\n"},
				{"DELETE FROM audit_records WHERE node = 'node-b' AND seq = 1", "\"node-a\" 1 4\n\"node-b\" 2 3\n"},
				{"DELETE FROM audit_records WHERE node = 'node-a'", "\"node-b\" 2 3\n"},
			} {
				if _, err := st.db.ExecContext(ctx, c.sql); err != nil {
					t.Fatal(err)
				}
				if got := ends(); got != c.want {
					t.Errorf("after %s: %q, want %q", c.sql, got, c.want)
				}
			}
			if st.postgres {
				return
			}
			// Each read of the table is a search of the primary key but
			// the first node's, which takes the index's first entry
			// (LIMIT 1); nothing is sorted.
			p := queryPlan(t, st, storeEndsSQL)
			for _, step := range strings.Split(p, "; ") {
				if (strings.HasPrefix(step, "SCAN a") || strings.HasPrefix(step, "SEARCH a")) && !strings.Contains(step, "USING COVERING INDEX sqlite_autoindex_audit_records_1") ||
					strings.HasPrefix(step, "SCAN a ") || strings.Contains(step, "TEMP B-TREE") {
					t.Errorf("plan %q: step %q, want searches of the primary key", p, step)
				}
			}
			if strings.Count(p, "SEARCH a USING COVERING INDEX sqlite_autoindex_audit_records_1 (node=?)") != 2 {
				t.Errorf("plan %q: want the first and last seq searched by node", p)
			}
		})
	}
}

// webPost sends the form to the web view and returns the page.
func webPost(t *testing.T, srv *httptest.Server, form url.Values) string {
	t.Helper()
	resp, err := http.PostForm(srv.URL+"/", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d\n%s", resp.StatusCode, b)
	}
	return string(b)
}

// TestHandlerStatsReused: a page turn reuses the counts of the search's
// first page (statsCache) while the store is as it was, and counts again
// when it is not: a record written since within the search's period shows
// in the count and the charts of the next page turn, as does one deleted
// at the end of the chain (no stale figures). A record altered in the
// middle, which moves neither end, is counted as it is once statsReuseTTL
// has passed. Before, every page turn counted all records again (≈0.5 s at
// 100 000 records, BenchmarkWebPage).
func TestHandlerStatsReused(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	l := mustOpen(t, cfg)
	n := webLimit + 10
	start := time.Now().Add(-3 * time.Hour)
	logN(t, l, 0, n, start) // seq 1..n, all "allow"
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	pass := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	v := newWebView(mustReader(t, cfg), clock)
	srv := httptest.NewServer(handler(v))
	defer srv.Close()
	count := regexp.MustCompile(`<p id="decision-count">(\d+) Einträge`)
	blockBar := regexp.MustCompile(`<title>[0-9-]+ gesperrt \(block\): (\d+)</title>`)
	// shows is the page's count of records and of blocked ones (chart).
	shows := func(body string) (records, blocked string) {
		t.Helper()
		m := count.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no decision count:\n%s", body)
		}
		var sum int
		for _, b := range blockBar.FindAllStringSubmatch(body, -1) {
			var k int
			fmt.Sscan(b[1], &k)
			sum += k
		}
		return m[1], fmt.Sprint(sum)
	}
	first := webPost(t, srv, url.Values{})
	m := regexp.MustCompile(`value="([^"]*)" id="page-older"`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("no older page:\n%s", first)
	}
	turn := url.Values{"page": {html.UnescapeString(m[1])}}
	if rec, blk := shows(first); rec != "510" || blk != "0" || v.sc.runs.Load() != 1 {
		t.Fatalf("first page: %s records, %s blocked, %d counts run; want 510, 0, 1", rec, blk, v.sc.runs.Load())
	}
	turnShows := func(what string, runs int64, records, blocked string) {
		t.Helper()
		body := webPost(t, srv, turn)
		if rec, blk := shows(body); rec != records || blk != blocked || v.sc.runs.Load() != runs {
			t.Errorf("%s: %s records, %s blocked, %d counts run; want %s, %s, %d", what, rec, blk, v.sc.runs.Load(), records, blocked, runs)
		}
	}
	turnShows("page turn", 1, "510", "0")
	turnShows("page turn back", 1, "510", "0")
	// A record written since, within the search's period (its time before
	// the first page: a queue that held it, or another node): counted.
	l = mustOpen(t, cfg)
	if err := l.Log(Entry{Time: start.Add(time.Minute), RequestID: "late", UserName: "user", ServiceID: "chatgpt-web", Action: "block"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	turnShows("after a new record", 2, "511", "1")
	turnShows("again", 2, "511", "1")
	// The newest record deleted (the end of the chain): counted without it.
	st := rawDB(t, cfg)
	if _, err := st.db.Exec("DELETE FROM audit_records WHERE seq = (SELECT MAX(seq) FROM audit_records)"); err != nil {
		t.Fatal(err)
	}
	turnShows("after the last record was deleted", 3, "510", "0")
	// The oldest deleted (retention): counted without it.
	if _, err := st.db.Exec("DELETE FROM audit_records WHERE seq = 1"); err != nil {
		t.Fatal(err)
	}
	turnShows("after the first record was deleted", 4, "509", "0")
	// Altered in the middle: reused within statsReuseTTL, counted after.
	if _, err := st.db.Exec("UPDATE audit_records SET action = 'block' WHERE seq = 3"); err != nil {
		t.Fatal(err)
	}
	pass(statsReuseTTL - time.Second)
	turnShows("altered, within the reuse", 4, "509", "0")
	pass(time.Second)
	turnShows("altered, after the reuse", 5, "509", "1")
	// Another search is counted on its own.
	body := webPost(t, srv, url.Values{"action": {"block"}})
	if rec, _ := shows(body); rec != "1" || v.sc.runs.Load() != 6 {
		t.Errorf("another filter: %s records, %d counts run; want 1, 6", rec, v.sc.runs.Load())
	}
	turnShows("the first search again", 6, "509", "1")
}

// TestStatsCacheKeepsNoValue: the kept counts are found by a keyed hash
// of the filter, not by the searched value or user name (the view keeps
// no searched value), and a value search is reused like any other.
func TestStatsCacheKeepsNoValue(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	writeSample(t, cfg)
	r := mustReader(t, cfg)
	sc := newStatsCache(time.Minute, time.Now)
	f := Filter{Value: "DE89 3704 0044 0532 0130 00", UserName: "anna.schmidt"}
	st, err := sc.stats(context.Background(), r, f)
	if err != nil {
		t.Fatal(err)
	}
	again, err := sc.stats(context.Background(), r, f)
	if err != nil || sc.runs.Load() != 1 || !reflect.DeepEqual(st, again) {
		t.Errorf("value search again: %d counts run, want 1; %v", sc.runs.Load(), err)
	}
	kept := fmt.Sprintf("%#v", sc.kept.done)
	for _, s := range []string{"DE89", "3704", "anna", "schmidt"} {
		if strings.Contains(kept, s) {
			t.Errorf("kept counts hold %q: %s", s, kept)
		}
	}
	other := f
	other.Value = "DE02 1203 0000 0000 2020 51"
	if _, err := sc.stats(context.Background(), r, other); err != nil || sc.runs.Load() != 2 {
		t.Errorf("another value: %d counts run, want 2; %v", sc.runs.Load(), err)
	}
}

// TestStatsCacheConcurrent: the web view's requests share one statsCache
// while the proxy writes: four goroutines count the same filters as
// records go in (run under -race). Each answer is counts some state of
// the store had (never more records than were written, never fewer than
// were written before the request), and once writing stops every answer
// is the store's own.
func TestStatsCacheConcurrent(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 5 * time.Millisecond}
	l := mustOpen(t, cfg)
	at := time.Now().Add(-time.Hour)
	logN(t, l, 0, 20, at)
	if err := l.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, cfg)
	sc := newStatsCache(time.Minute, time.Now)
	filters := []Filter{{}, {Action: "allow"}, {Service: "chatgpt-web", To: time.Now()}}
	var written atomic.Int64
	written.Store(20)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 20; i < 120; i++ {
			logN(t, l, i, 1, at)
			if err := l.Flush(context.Background()); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
		close(stop)
	})
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				before := written.Load()
				st, err := sc.stats(context.Background(), r, filters[(g+i)%len(filters)])
				if err != nil {
					t.Error(err)
					return
				}
				if st.Records < before || st.Records > 120 {
					t.Errorf("%d records counted, %d..120 written", st.Records, before)
					return
				}
				_ = st.ByDay[0].Count + st.DayAction[st.ByDay[0].Key]["allow"] // read what the page reads
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range filters {
		got, err := sc.stats(context.Background(), r, f)
		want, werr := r.Stats(context.Background(), f)
		if err != nil || werr != nil || !reflect.DeepEqual(got, want) || got.Records != 120 {
			t.Errorf("%+v after the writes: %d records, store has %d (%v, %v)", f, got.Records, want.Records, err, werr)
		}
	}
	if n := sc.runs.Load(); n < 2 {
		t.Errorf("%d counts run", n)
	}
}
