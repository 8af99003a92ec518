//go:build bench

package bench

import (
	"context"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"
	"time"
)

// BenchmarkProxyAB compares two schleuse binaries in the real process
// (SCHLEUSE_BIN_A and SCHLEUSE_BIN_B; B may be left out) with each other and
// with the floor, in one run: batches of SCHLEUSE_BENCH_TOTAL (512) requests
// with SCHLEUSE_BENCH_KB (16) KB prompts from SCHLEUSE_BENCH_CONC (32)
// clients, SCHLEUSE_BENCH_ROUNDS (8) rounds, the order rotating every round.
// The prompt is the proxy benchmark's (one redactable finding per KB, which
// schleuse pseudonymises); SCHLEUSE_BENCH_CLEAN=1 sends the same prose
// without findings instead, as most prompts are (schleuse forwards it
// unchanged).
// Each batch prints a line in benchmark format with the proxy process's CPU
// time per request (schedstat, until the process is idle again) and the p50
// latency, so that the output of one run goes to benchstat as it is:
//
//	go test -tags bench -c -o ab.test ./bench/
//	SCHLEUSE_BIN_A=old/schleuse SCHLEUSE_BIN_B=new/schleuse ./ab.test -test.run '^$' \
//	    -test.bench ProxyAB -test.benchtime 1x > ab.txt
//	benchstat -col /setup ab.txt                         # floor, A and B side by side
//	benchstat -filter '/setup:(A OR B)' -col /setup ab.txt  # A against B
//
// harness-cpu-µs/req is the CPU time of this process (the clients and the
// fake service) per request during the batch: at concurrency 32 the two
// cores are shared, so the latency ratio follows the sum of both CPU times,
// and the harness's share grows when the proxy is slower (its threads sleep
// and wake more often per request). dials counts the client connections
// opened during the batch (0 when keep-alive holds). faults/req and
// harness-faults/req are the minor page faults per request of the proxy
// process and of this one (a fault costs 20–45 µs of CPU on this virtual
// machine). reads/req and writes/req are the proxy process's read and write
// system calls per request (/proc/PID/io: syscr, syscw). The clients'
// goroutines and the fake service's handlers carry
// the profiler label setup=NAME, so that a -test.cpuprofile can be split
// with pprof -tagfocus. SCHLEUSE_BENCH_PROFILE=file takes a 10 s CPU profile
// of the A process (B when A is not given) under the same load after the
// rounds; SCHLEUSE_BENCH_FLOOR_PROFILE=file a CPU profile of the floor
// process over its whole run (its warm-up and rounds: 256 plus
// SCHLEUSE_BENCH_ROUNDS × SCHLEUSE_BENCH_TOTAL requests), to set beside it
// function by function. SCHLEUSE_BENCH_WARM=N sends N unmeasured requests through a
// setup before each of its batches (the harness's first batch after
// another setup's takes page faults of its own). SCHLEUSE_FLOOR_BURN_US=N
// makes the floor spend
// N µs of CPU on each request, to see what a slower proxy costs the harness.
//
// Run with -benchtime 1x: one iteration is the whole measurement.
func BenchmarkProxyAB(b *testing.B) {
	if os.Getenv("SCHLEUSE_BIN_A") == "" && os.Getenv("SCHLEUSE_BIN_B") == "" {
		b.Skip("SCHLEUSE_BIN_A (and SCHLEUSE_BIN_B) name the schleuse binaries to compare")
	}
	dir := b.TempDir()
	up, _, upCAFile := fakeService(b, dir)

	floor, err := startFloor(dir, up, upCAFile)
	if err != nil {
		b.Fatal(err)
	}
	defer floor.stop()
	pool := func(pem []byte) *x509.CertPool {
		p := x509.NewCertPool()
		p.AppendCertsFromPEM(pem)
		return p
	}
	setups := []*setup{{name: "floor", proxy: floor, trust: pool(floor.caPEM)}}
	for _, name := range []string{"A", "B"} {
		bin := os.Getenv("SCHLEUSE_BIN_" + name)
		if bin == "" {
			continue
		}
		d := filepath.Join(dir, name)
		if err := os.MkdirAll(d, 0o700); err != nil {
			b.Fatal(err)
		}
		c, err := startSchleuse(bin, d, up, upCAFile)
		if err != nil {
			b.Fatal(err)
		}
		defer c.stop()
		setups = append(setups, &setup{name: name, proxy: c, trust: pool(c.caPEM)})
	}
	clients := map[string]*http.Client{}
	for _, s := range setups {
		tr := s.transport(64)
		defer tr.CloseIdleConnections()
		clients[s.name] = &http.Client{Transport: labelled{tr, s.name}, Timeout: time.Minute}
	}
	prompt := proxyPrompt(envInt("SCHLEUSE_BENCH_KB", 16) << 10)
	if os.Getenv("SCHLEUSE_BENCH_CLEAN") != "" {
		prompt = textWith(envInt("SCHLEUSE_BENCH_KB", 16)<<10, 0, nil) // prose without findings: the common prompt
	}
	body := chatBody(prompt, false)
	conc, total := envInt("SCHLEUSE_BENCH_CONC", 32), envInt("SCHLEUSE_BENCH_TOTAL", 512)
	for range b.N {
		for _, s := range setups { // warm-up: connections, leaf certificates, caches
			if _, err := s.batch(clients[s.name], body, conc, 256); err != nil {
				b.Fatalf("%s warm-up: %v", s.name, err)
			}
		}
		for r := range envInt("SCHLEUSE_BENCH_ROUNDS", 8) {
			for k := range setups {
				s := setups[(k+r)%len(setups)]
				if w := envInt("SCHLEUSE_BENCH_WARM", 0); w > 0 {
					if _, err := s.batch(clients[s.name], body, conc, w); err != nil {
						b.Fatalf("%s warm-up: %v", s.name, err)
					}
				}
				cpu0 := settle(s.proxy)
				self0, dials0 := selfCPU(), s.dials.Load()
				flt0, selfFlt0 := procFaults(s.proxy), statFaults("/proc/self/stat")
				rd0, wr0 := procSyscalls(s.proxy)
				lat, err := s.batch(clients[s.name], body, conc, total)
				if err != nil {
					b.Fatalf("%s: %v", s.name, err)
				}
				self := selfCPU() - self0
				selfFlt := statFaults("/proc/self/stat") - selfFlt0
				cpu := settle(s.proxy) - cpu0
				rd, wr := procSyscalls(s.proxy)
				n := float64(len(lat))
				fmt.Printf("BenchmarkProxyAB/setup=%s 1 %.1f cpu-µs/req %.1f harness-cpu-µs/req %.3f p50-ms %d dials %.2f faults/req %.2f harness-faults/req %.2f reads/req %.2f writes/req\n",
					s.name, float64(cpu)/1e3/n, float64(self)/1e3/n, ms(pct(lat, .5)), s.dials.Load()-dials0,
					float64(procFaults(s.proxy)-flt0)/n, float64(selfFlt)/n, float64(rd-rd0)/n, float64(wr-wr0)/n)
			}
		}
	}
	if out := os.Getenv("SCHLEUSE_BENCH_PROFILE"); out != "" {
		// setups[1] is A (or B alone): its process under the same load
		if err := profileSchleuse(setups[1].proxy, clients[setups[1].name], body, out); err != nil {
			b.Fatal(err)
		}
	}
}

// batch runs batch for this setup under the profiler label setup=NAME.
func (s *setup) batch(c *http.Client, body []byte, conc, total int) (lat []time.Duration, err error) {
	pprof.Do(context.Background(), pprof.Labels("setup", s.name), func(context.Context) {
		lat, _, _, err = batch(c, body, conc, total)
	})
	return lat, err
}

// labelled sends the setup's name in X-Bench-Setup, so that the fake service
// runs its handler under the same profiler label as the clients.
type labelled struct {
	rt   http.RoundTripper
	name string
}

func (l labelled) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Bench-Setup", l.name)
	return l.rt.RoundTrip(r)
}
