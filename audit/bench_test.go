//go:build unix

package audit

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func benchEntry(i int) Entry {
	return Entry{RequestID: "req-" + strconv.Itoa(i), UserName: "anna.schmidt", Groups: []string{"sozialamt"},
		ServiceID: "chatgpt-web", Host: "chatgpt.com", Path: "/backend-api/conversation", Action: "redact",
		Rules: []string{"KI-RL-3.2"}, Findings: map[string]int{"IBAN": 1, "PERSON": 2},
		Values: []TypedValue{{"IBAN", "DE89 3704 0044 0532 0130 00"}, {"PERSON", "Max Mustermann"}, {"PERSON", "Erika Musterfrau"}},
		Bytes:  4096, Latency: 2 * time.Millisecond, PolicyRevision: "rev-1"}
}

// BenchmarkSustainedSQLite measures records/s from Log until durable in
// SQLite (Close waits for the last batch).
func BenchmarkSustainedSQLite(b *testing.B) {
	sustained(b, Config{Dir: b.TempDir(), Node: "bench"})
}

// BenchmarkSustainedPostgres is the same into PostgreSQL
// (SCHLEUSE_TEST_POSTGRES; a fresh schema).
func BenchmarkSustainedPostgres(b *testing.B) {
	pg := os.Getenv("SCHLEUSE_TEST_POSTGRES")
	if pg == "" {
		b.Skip("SCHLEUSE_TEST_POSTGRES not set")
	}
	sustained(b, Config{Dir: b.TempDir(), Node: "bench", Store: pgSchema(b, pg)})
}

func sustained(b *testing.B, cfg Config) {
	l, err := Open(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	logClosed(b, l, benchEntry)
	b.ReportMetric(float64(l.Stats().Spilled), "spilled")
	if s := l.Stats(); s.Written != uint64(b.N) {
		b.Fatalf("written %d of %d (spilled %d)", s.Written, b.N, s.Spilled)
	}
}

// logClosed logs entry(0) … entry(b.N-1) and closes l, which waits for the
// last batch to be durable, and reports records/s and records/cpu-s.
func logClosed(b *testing.B, l *Logger, entry func(i int) Entry) {
	start, cpu0 := time.Now(), processCPU()
	for i := range b.N {
		if err := l.Log(entry(i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		b.Fatal(err)
	}
	el, cpu := time.Since(start), processCPU()-cpu0
	b.ReportMetric(float64(b.N)/el.Seconds(), "records/s")
	// On a shared machine the wall-clock rate depends on the other load;
	// records per CPU-second of this process (both cores) does much less.
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "records/cpu-s")
	}
}

// BenchmarkStoredBytes reports the SQLite file's size per record, for
// sizing the audit volume (docs/operations.md, "Dimensionierung"): an allow
// record without findings and a redact record with three values, as the
// proxy writes them (16-hex-digit request ids, 2000 users). Run it with
// enough records that the pages' fill settles: -benchtime 100000x.
func BenchmarkStoredBytes(b *testing.B) {
	for _, action := range []string{"allow", "redact"} {
		b.Run("action="+action, func(b *testing.B) {
			cfg := Config{Dir: b.TempDir(), Node: "node-a"}
			l, err := Open(context.Background(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			for i := range b.N {
				e := benchEntry(i)
				e.RequestID = strconv.FormatUint(uint64(i+1)*0x9e3779b97f4a7c15, 16)
				e.UserName = "user" + strconv.Itoa(i%2000)
				if action == "allow" {
					e.Action, e.Rules, e.Findings, e.Values = "allow", nil, nil, nil
				}
				if err := l.Log(e); err != nil {
					b.Fatal(err)
				}
			}
			if err := l.Close(); err != nil {
				b.Fatal(err)
			}
			st, err := openStore(context.Background(), cfg, false)
			if err != nil {
				b.Fatal(err)
			}
			_, err = st.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)") // the WAL's pages into the file
			st.close()
			fi, err2 := os.Stat(filepath.Join(cfg.Dir, "audit.db"))
			if err != nil || err2 != nil {
				b.Fatal(err, err2)
			}
			b.ReportMetric(float64(fi.Size())/float64(b.N), "B/record")
		})
	}
}

// processCPU is the user+system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLogLatency measures the time a request spends in Log (the
// request-path cost) while the writer commits to SQLite, and reports
// p50/p90/p99/p99.9, the rate and the machine's load average. Sub-benchmark
// c1 is one caller (64 calls back to back, then a 0.5 ms pause); c32 is 32
// goroutines logging at once, as the proxy's handlers do (each pauses 0.5 ms
// after a call), so Log's lock is contended.
func BenchmarkLogLatency(b *testing.B) {
	for _, conc := range []int{1, 32} {
		b.Run("c"+strconv.Itoa(conc), func(b *testing.B) {
			l, err := Open(context.Background(), Config{Dir: b.TempDir(), Node: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			defer l.Close()
			e := benchEntry(0)
			latencyPercentiles(b, conc, func() error { return l.Log(e) })
		})
	}
}

// BenchmarkLatencyFloor is the baseline for BenchmarkLogLatency: the same
// measurement loop around work of similar size (SHA-256 of 2 KB, no
// logger), so the p99 it reports is the machine's scheduling noise.
func BenchmarkLatencyFloor(b *testing.B) {
	buf := make([]byte, 2048)
	for _, conc := range []int{1, 32} {
		b.Run("c"+strconv.Itoa(conc), func(b *testing.B) {
			latencyPercentiles(b, conc, func() error {
				sha256.Sum256(buf)
				return nil
			})
		})
	}
}

// latencyPercentiles runs op b.N times from conc goroutines and reports
// wall-clock p50/p90/p99/p99.9 per call, calls/s and the 1-minute load
// average at the end (a figure taken on a loaded machine is not the
// logger's). NOSLEEP=1 runs the calls back to back.
func latencyPercentiles(b *testing.B, conc int, op func() error) {
	sleep := os.Getenv("NOSLEEP") == ""
	lats := make([][]time.Duration, conc)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for g := range conc {
		n := b.N / conc
		if g < b.N%conc {
			n++
		}
		lat := make([]time.Duration, 0, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { lats[g] = lat }()
			for i := range n {
				t := time.Now()
				var err error
				if trace.IsEnabled() { // -test.trace: a region per call, for the tail's breakdown
					trace.WithRegion(context.Background(), "op", func() { err = op() })
				} else {
					err = op()
				}
				if err != nil {
					b.Error(err)
					return
				}
				lat = append(lat, time.Since(t))
				if sleep && (conc > 1 || i%64 == 63) {
					time.Sleep(500 * time.Microsecond) // requests arrive spread out, not in one burst
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lats...)
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(float64(len(all)-1)*p)].Nanoseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.90), "p90-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(pct(0.999), "p99.9-µs")
	b.ReportMetric(float64(len(all))/el.Seconds(), "calls/s")
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f, err := strconv.ParseFloat(strings.Fields(string(la))[0], 64); err == nil {
			b.ReportMetric(f, "load1")
		}
	}
}

// BenchmarkLogParallel is Log under concurrent callers (many requests).
func BenchmarkLogParallel(b *testing.B) {
	l, err := Open(context.Background(), Config{Dir: b.TempDir(), Node: "bench", QueueSize: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	e := benchEntry(0)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := l.Log(e); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkFingerprint(b *testing.B) {
	key := make([]byte, 32)
	for i := 0; i < b.N; i++ {
		Fingerprint(key, "IBAN", "DE89 3704 0044 0532 0130 00")
	}
}

// BenchmarkLogOnly is the request-path work of Log alone (queue drained by
// the writer into SQLite in the background).
func BenchmarkLogOnly(b *testing.B) {
	l, err := Open(context.Background(), Config{Dir: b.TempDir(), Node: "bench", QueueSize: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	e := benchEntry(0)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := l.Log(e); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	l.Close()
}

// BenchmarkLogProxyRecord is Log with the record of the proxy benchmark's
// redacted 16 KB prompt: 16 values of 7 types (7 distinct).
func BenchmarkLogProxyRecord(b *testing.B) {
	l, err := Open(context.Background(), Config{Dir: b.TempDir(), Node: "bench", QueueSize: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	vals := []TypedValue{{"PHONE", "0228 123456"}, {"IBAN", "DE89 3704 0044 0532 0130 00"},
		{"EMAIL", "buergerbuero@stadt-bonn.de"}, {"IP_ADDRESS", "10.1.2.3"},
		{"PERSON", "Thomas Schneider"}, {"PERSON", "Ayşe Yılmaz"}, {"DATE_OF_BIRTH", "12.03.1975"}}
	e := Entry{RequestID: "0123456789abcdef", ServiceID: "openai-api", Host: "api.openai.com",
		Path: "/v1/chat/completions", Action: "redact", Rules: []string{"KI-RL-3.2"},
		Findings: map[string]int{"PHONE": 3, "IBAN": 3, "EMAIL": 2, "IP_ADDRESS": 2, "PERSON": 4, "DATE_OF_BIRTH": 2},
		Bytes:    16 << 10, Latency: 300 * time.Microsecond, PolicyRevision: "rev-1"}
	for i := range 16 {
		e.Values = append(e.Values, vals[i%len(vals)])
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		if err := l.Log(e); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	l.Close()
	// CPU per record until it is in SQLite (Close waits for the writer).
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkLogFlushed is BenchmarkLogProxyRecord with the writer's batches
// cut as the flush ticker cuts them under a steady load: a store
// transaction every 150 records (a batch below the 200 rows of one full
// INSERT). cpu-ns/op is the CPU per record until it is in SQLite.
func BenchmarkLogFlushed(b *testing.B) {
	l, err := Open(context.Background(), Config{Dir: b.TempDir(), Node: "bench", QueueSize: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		if err := l.Log(benchEntry(i)); err != nil {
			b.Fatal(err)
		}
		if i++; i%150 == 0 {
			if err := l.Flush(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	l.Close()
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// BenchmarkSustainedLargeStore is BenchmarkSustainedSQLite into a store that
// already holds SCHLEUSE_BENCH_PREFILL (200 000) records, more than SQLite's
// page cache (2 MB) holds of the request_id index, with the request ids the
// proxy makes: 24 hex digits, random (ids=random, the proxy until the
// nineteenth session) or led by the time in milliseconds (ids=time, the
// proxy's newRequestID since). A random id lands on a random page of the
// index: once the index outgrows the cache, every record reads that page
// and writes it to the WAL again; time-ordered ids append to its last page.
func BenchmarkSustainedLargeStore(b *testing.B) {
	prefill := 200_000
	if v, err := strconv.Atoi(os.Getenv("SCHLEUSE_BENCH_PREFILL")); err == nil {
		prefill = v
	}
	for _, ids := range []string{"random", "time"} {
		b.Run("ids="+ids, func(b *testing.B) {
			var buf [12]byte
			id := func(i int) string {
				rand.Read(buf[:])
				if ids == "time" {
					// 48 bits of milliseconds, as newRequestID; the
					// benchmark's clock runs a millisecond per 16 records
					ms := uint64(1_790_000_000_000 + i/16)
					for k := 5; k >= 0; k-- {
						buf[k], ms = byte(ms), ms>>8
					}
				}
				return hex.EncodeToString(buf[:])
			}
			l, err := Open(context.Background(), Config{Dir: b.TempDir(), Node: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			e := benchEntry(0)
			for i := range prefill {
				e.RequestID = id(i)
				if err := l.Log(e); err != nil {
					b.Fatal(err)
				}
				if i%20_000 == 0 { // into the store, not the spill file
					if err := l.Flush(context.Background()); err != nil {
						b.Fatal(err)
					}
				}
			}
			if err := l.Flush(context.Background()); err != nil {
				b.Fatal(err)
			}
			if s := l.Stats(); s.Spilled != 0 || s.Written != uint64(prefill) {
				b.Fatalf("prefill: %d written, %d spilled", s.Written, s.Spilled)
			}
			b.ResetTimer()
			logClosed(b, l, func(i int) Entry {
				e.RequestID = id(prefill + i)
				return e
			})
		})
	}
}

// BenchmarkStats is the web view's count of the last 30 days (Stats, the
// charts above the table) over a store of SCHLEUSE_BENCH_STATS (100 000)
// records spread over those days, four services, four actions and two
// finding types: a mid-sized municipality's month.
func BenchmarkStats(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("SCHLEUSE_BENCH_STATS")); err == nil {
		n = v
	}
	services := []string{"chatgpt-web", "claude-web", "gemini", "openai-api"}
	actions := []string{"allow", "allow", "redact", "block", "warn"}
	cfg, start := benchLog(b, n, func(i int, e *Entry) {
		e.ServiceID, e.Action = services[i%len(services)], actions[i%len(actions)]
		if e.Action == "allow" {
			e.Findings, e.Values = nil, nil
		}
	})
	r, err := OpenReader(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	f := Filter{From: start.Add(-time.Hour)}
	for b.Loop() {
		st, err := r.Stats(context.Background(), f)
		if err != nil || st.Records != int64(n) {
			b.Fatalf("%d records, %v", st.Records, err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkWebPage: the audit web view over the last 30 days of a log of
// SCHLEUSE_BENCH_STATS records (default 100 000, one node): "first" is a
// new search's first page, "turn" the next page of the same search (the
// paging button's value). Each checks the newest page of the table
// (Reader.Check), counts the charts (Reader.Stats) and checks the chain
// behind every record they count (Reader.CheckSpans, reused for the same
// records for chartCheckTTL); a page turn reuses the first page's counts
// (statsCache). docs/audit.md §7.
func BenchmarkWebPage(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("SCHLEUSE_BENCH_STATS")); err == nil {
		n = v
	}
	cfg, _ := benchLog(b, n, func(i int, e *Entry) {})
	r, err := OpenReader(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	from := url.Values{"from": {time.Now().AddDate(0, 0, -30).Format("2006-01-02")}}
	get := func(h http.Handler, form url.Values) []byte {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.Bytes()
		if rec.Code != 200 || !bytes.Contains(body, []byte(`id="chart-days"`)) || bytes.Contains(body, []byte(`class="err"`)) {
			b.Fatalf("status %d\n%.2000s", rec.Code, body)
		}
		return body
	}
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			// A new view each time: nothing checked before is reused.
			get(Handler(r), from)
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/page")
	})
	b.Run("turn", func(b *testing.B) {
		h := Handler(r)
		m := regexp.MustCompile(`value="([^"]*)" id="page-older"`).FindSubmatch(get(h, from))
		if m == nil {
			b.Fatal("no older page")
		}
		turn := url.Values{"from": from["from"], "page": {html.UnescapeString(string(m[1]))}}
		for b.Loop() {
			get(h, turn)
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/page")
	})
	// What a page adds to look for counts it may reuse (statsCache): the
	// store's ends.
	b.Run("ends", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.storeEnds(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
	// CheckHeads, which the view ran at every request: the heads file as
	// the writer left it, and grown to just under headsCompactAt (a line
	// a second while records are written: ≈3 h of them).
	b.Run("heads", func(b *testing.B) {
		for b.Loop() {
			if cut, err := r.CheckHeads(context.Background()); err != nil || len(cut) > 0 {
				b.Fatal(cut, err)
			}
		}
	})
	b.Run("heads1MiB", func(b *testing.B) {
		heads, _, err := r.NotedHeads()
		if err != nil || len(heads) != 1 {
			b.Fatal(heads, err)
		}
		var pad strings.Builder
		line := fmt.Sprintf("%s %s\n", heads[0], time.Now().UTC().Format(time.RFC3339))
		for int64(pad.Len()+len(line)) < headsCompactAt-int64(len(line)) {
			pad.WriteString(line)
		}
		if err := os.WriteFile(filepath.Join(cfg.Dir, HeadsFileName), []byte(pad.String()), 0o600); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if cut, err := r.CheckHeads(context.Background()); err != nil || len(cut) > 0 {
				b.Fatal(cut, err)
			}
		}
	})
}

// BenchmarkQueryChecked: what Check adds to a query on a large log
// (SCHLEUSE_BENCH_CHECK records, default 200 000, one node): the newest
// 1000 records (one or two stretches), 1000 records spread over the whole
// log (a filter that matches every n/1000th: each in its own stretch, the
// worst case) and one record by its request id; Verify over the whole
// chain for comparison.
func BenchmarkQueryChecked(b *testing.B) {
	n := 200_000
	if v, err := strconv.Atoi(os.Getenv("SCHLEUSE_BENCH_CHECK")); err == nil {
		n = v
	}
	cfg, start := benchLog(b, n, func(i int, e *Entry) {
		e.RequestID = fmt.Sprintf("req-%d", i)
		if i%(n/1000) == 0 {
			e.Action = "warn"
		} else {
			e.Action = "allow"
		}
	})
	r, err := OpenReader(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		f     Filter
		check bool
	}{
		{"newest1000/query", Filter{Newest: true, Limit: 1000}, false},
		{"newest1000/checked", Filter{Newest: true, Limit: 1000}, true},
		{"spread1000/query", Filter{Action: "warn", Limit: 1000}, false},
		{"spread1000/checked", Filter{Action: "warn", Limit: 1000}, true},
		{"requestid/query", Filter{RequestID: fmt.Sprintf("req-%d", n/3)}, false},
		{"requestid/checked", Filter{RequestID: fmt.Sprintf("req-%d", n/3)}, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				recs, err := r.Query(ctx, c.f)
				if err != nil || len(recs) == 0 {
					b.Fatalf("%d records, %v", len(recs), err)
				}
				if c.check {
					if d, _, err := r.Check(ctx, recs); err != nil || len(d) > 0 {
						b.Fatalf("%d doubts, %v", len(d), err)
					}
				}
			}
		})
	}
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if res, err := r.Verify(ctx); err != nil || !res.OK() {
				b.Fatal(err)
			}
		}
	})
	// stats of the whole month, alone and with CheckPeriod behind it
	for _, check := range []bool{false, true} {
		b.Run(map[bool]string{false: "stats/query", true: "stats/checked"}[check], func(b *testing.B) {
			f := Filter{From: start.Add(-time.Hour)}
			for b.Loop() {
				st, err := r.Stats(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				if check {
					if br, _, err := r.CheckSpans(ctx, st.Spans); err != nil || len(br) > 0 {
						b.Fatalf("%v, %v", br, err)
					}
				}
			}
		})
	}
}

// benchLog writes n records (benchEntry, spread over the last 30 days,
// each changed by set) into a new store and closes it; flushed every
// 20 000 so that they go into the store, not the spill file. It returns
// the store's configuration and the time of the first record.
func benchLog(b *testing.B, n int, set func(i int, e *Entry)) (Config, time.Time) {
	b.Helper()
	cfg := Config{Dir: b.TempDir(), Node: "bench"}
	l, err := Open(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now().AddDate(0, 0, -30)
	for i := range n {
		e := benchEntry(i)
		e.Time = start.Add(30 * 24 * time.Hour / time.Duration(n) * time.Duration(i))
		set(i, &e)
		if err := l.Log(e); err != nil {
			b.Fatal(err)
		}
		if i%20_000 == 0 {
			if err := l.Flush(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := l.Close(); err != nil {
		b.Fatal(err)
	}
	if s := l.Stats(); s.Spilled != 0 {
		b.Fatalf("%d records spilled", s.Spilled)
	}
	return cfg, start
}
