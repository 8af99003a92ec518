package audit

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashChild is run in a child process (the test binary re-run with
// AUDIT_CRASH_DIR set): it logs records forever and after every Log that
// returned nil prints "ACK n" (one write each, unbuffered) — the first n
// records are acknowledged, as the proxy acknowledges a request by
// forwarding it. Every 500 records it also flushes, so the kill meets
// records in every state: queued, being committed, committed. With
// AUDIT_CRASH_DOWN=1 the store is down, so records go to the spill file.
func crashChild() {
	dir, run := os.Getenv("AUDIT_CRASH_DIR"), os.Getenv("AUDIT_CRASH_RUN")
	cfg := Config{Dir: dir, Node: "n", BatchSize: 50, FlushInterval: 5 * time.Millisecond}
	var l *Logger
	if os.Getenv("AUDIT_CRASH_DOWN") == "1" {
		cfg.defaults()
		st, err := openStore(context.Background(), cfg, false)
		if err != nil {
			fmt.Println("ERR", err)
			os.Exit(2)
		}
		f := &flaky{writer: st}
		f.down.Store(true)
		l, err = open(context.Background(), cfg, f, nil)
		if err != nil {
			fmt.Println("ERR", err)
			os.Exit(2)
		}
	} else {
		var err error
		if l, err = Open(context.Background(), cfg); err != nil {
			fmt.Println("ERR", err)
			os.Exit(2)
		}
	}
	if n, _ := strconv.Atoi(os.Getenv("AUDIT_CRASH_CONC")); n > 0 {
		crashChildConcurrent(l, run, n)
	}
	for i := 0; ; i++ {
		if err := l.Log(Entry{RequestID: run + "-" + strconv.Itoa(i), UserName: "u", Action: "allow",
			Values: []TypedValue{{"EMAIL", "x@example.org"}}}); err != nil {
			fmt.Println("ERR", err)
			os.Exit(2)
		}
		fmt.Println("ACK", i+1)
		if i%500 == 249 {
			if err := l.Flush(context.Background()); err != nil {
				fmt.Println("ERR", err)
				os.Exit(2)
			}
		}
	}
}

// crashChildConcurrent logs from n goroutines at once, as the proxy's
// handlers do, and prints "ACKID <request id>" after every Log that
// returned nil.
func crashChildConcurrent(l *Logger, run string, n int) {
	for g := range n {
		go func() {
			for i := 0; ; i++ {
				id := run + "-" + strconv.Itoa(g) + "-" + strconv.Itoa(i)
				if err := l.Log(Entry{RequestID: id, UserName: "u" + strconv.Itoa(g), Action: "redact",
					Values: []TypedValue{{"EMAIL", id + "@example.org"}, {"IBAN", "DE89 3704 0044 0532 0130 00"}}}); err != nil {
					fmt.Println("ERR", err)
					os.Exit(2)
				}
				fmt.Println("ACKID", id)
			}
		}()
	}
	select {}
}

func TestMain(m *testing.M) {
	if os.Getenv("AUDIT_CRASH_DIR") != "" {
		crashChild()
	}
	// NewKeys on PostgreSQL looks for running nodes twice, twice this
	// apart (NewKeysPause): short, so that its tests do not wait 10 s.
	nodeLockEvery = 100 * time.Millisecond
	os.Exit(m.Run())
}

// runAndKill starts a child writer, waits until at least minAck records are
// acknowledged, kills it with SIGKILL mid-batch and returns the last ack the
// child printed before it died (read to the end of its output after the
// kill, so every acknowledged record counts).
func runAndKill(t *testing.T, dir, run string, down bool, minAck int) int {
	t.Helper()
	n, _ := runAndKillConc(t, dir, run, down, 0, minAck)
	return n
}

// runAndKillConc is runAndKill with conc goroutines logging in the child
// (0: one, acknowledging "ACK n"); it also returns the request ids the
// concurrent child acknowledged.
func runAndKillConc(t *testing.T, dir, run string, down bool, conc, minAck int) (int, []string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "AUDIT_CRASH_DIR="+dir, "AUDIT_CRASH_RUN="+run, "AUDIT_CRASH_CONC="+strconv.Itoa(conc))
	if down {
		cmd.Env = append(cmd.Env, "AUDIT_CRASH_DOWN=1")
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked, killed := 0, false
	var ids []string
	rd := bufio.NewReader(out)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			break // EOF: the child is dead (a line without its newline is not an ack)
		}
		line = strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(line, "ERR") {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child: %s", line)
		}
		if id, ok := strings.CutPrefix(line, "ACKID "); ok {
			ids = append(ids, id)
			acked = len(ids)
		} else if n, ok := strings.CutPrefix(line, "ACK "); ok {
			acked, _ = strconv.Atoi(n)
		}
		if acked >= minAck && !killed {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if acked < minAck {
		t.Fatalf("child acknowledged only %d records", acked)
	}
	return acked, ids
}

func TestCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	dir := t.TempDir()
	acks := map[string]int{}
	acks["a"] = runAndKill(t, dir, "a", false, 3000) // killed while writing to SQLite
	acks["b"] = runAndKill(t, dir, "b", true, 1000)  // killed while writing to the spill file
	acks["c"] = runAndKill(t, dir, "c", false, 500)  // restarts: replays b's spill, continues the chain

	cfg := Config{Dir: dir, Node: "n"}
	l := mustOpen(t, cfg)
	if err := l.Log(Entry{RequestID: "final", Action: "allow"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, cfg)
	res, err := r.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("chain broken after kill -9: %v", res.Nodes[0].Broken)
	}
	recs, err := r.Query(context.Background(), Filter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, rec := range recs {
		have[rec.RequestID] = true
	}
	for run, n := range acks {
		for i := 0; i < n; i++ {
			if id := run + "-" + strconv.Itoa(i); !have[id] {
				t.Fatalf("acknowledged record %s lost (run %s acked %d)", id, run, n)
			}
		}
	}
	if !have["final"] || int64(len(recs)) != res.Nodes[0].Records {
		t.Fatalf("records %d, verified %d", len(recs), res.Nodes[0].Records)
	}
	t.Logf("acked %v, stored %d records, chain verifies", acks, len(recs))
}

// TestCrashKill9Concurrent kills a child that logs from 32 goroutines at
// once (many callers chaining through Log's lock, batches taken by the
// writer meanwhile) with SIGKILL, twice (store up, then down so that
// records go to the spill file), and checks that every acknowledged record
// is stored after a restart and the chain verifies.
func TestCrashKill9Concurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	dir := t.TempDir()
	_, ids := runAndKillConc(t, dir, "a", false, 32, 5000)
	_, idsB := runAndKillConc(t, dir, "b", true, 32, 2000)
	ids = append(ids, idsB...)

	cfg := Config{Dir: dir, Node: "n"}
	l := mustOpen(t, cfg)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, cfg)
	res, err := r.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Fatalf("chain broken after kill -9: %v", res.Nodes[0].Broken)
	}
	recs, err := r.Query(context.Background(), Filter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, rec := range recs {
		have[rec.RequestID] = true
	}
	for _, id := range ids {
		if !have[id] {
			t.Fatalf("acknowledged record %s lost (%d acknowledged, %d stored)", id, len(ids), len(recs))
		}
	}
	if int64(len(recs)) != res.Nodes[0].Records {
		t.Fatalf("records %d, verified %d", len(recs), res.Nodes[0].Records)
	}
	t.Logf("acknowledged %d, stored %d records, chain verifies", len(ids), len(recs))
}
