//go:build bench

package bench

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/schleuse/schleuse/internal/testpki"
)

const chatURL = "https://api.openai.com/v1/chat/completions"

// fakeLLM answers like the OpenAI chat API: a short completion, or ten
// server-sent-event chunks flushed one by one when the request streams. A
// request with X-Bench-Setup (BenchmarkProxyAB's clients send it) is
// answered under the profiler label setup=NAME, as its client's goroutines
// are, so that -test.cpuprofile splits the fake service's work by setup too.
func fakeLLM(w http.ResponseWriter, r *http.Request) {
	if name := r.Header.Get("X-Bench-Setup"); name != "" {
		pprof.Do(r.Context(), pprof.Labels("setup", name), func(context.Context) { answer(w, r) })
		return
	}
	answer(w, r)
}

func answer(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	if bytes.Contains(body, []byte(`"stream":true`)) {
		w.Header().Set("Content-Type", "text/event-stream")
		fl, _ := w.(http.Flusher)
		for i := range 10 {
			fmt.Fprintf(w, `data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Teil %d der Antwort. "},"finish_reason":null}]}`+"\n\n", i)
			if fl != nil {
				fl.Flush()
			}
		}
		io.WriteString(w, "data: [DONE]\n\n")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Gern. Hier ist die Zusammenfassung des Vermerks in drei Sätzen."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":12,"total_tokens":22}}`)
}

// fakeService serves fakeLLM as api.openai.com over TLS on loopback until
// the benchmark ends, and returns its address, its CA and the CA's PEM file
// in dir.
func fakeService(b testing.TB, dir string) (addr string, ca *testpki.CA, caFile string) {
	ca = testpki.NewCA("bench fake LLM CA")
	caFile = ca.WritePEM(dir, "upstream-ca.pem")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(fakeLLM), TLSConfig: &tls.Config{Certificates: []tls.Certificate{ca.Leaf("api.openai.com")}}}
	go srv.ServeTLS(ln, "", "")
	b.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), ca, caFile
}

// setup is one way to reach the fake service.
type setup struct {
	name  string
	proxy *child // nil: direct
	trust *x509.CertPool
	up    string       // the upstream address (direct only)
	dials atomic.Int64 // client connections opened
}

// transport returns a client transport for this setup: HTTP/1.1 with
// keep-alive, like a browser's connection pool towards one host.
func (s *setup) transport(conns int) *http.Transport {
	tr := &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: s.trust},
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	up := s.up
	if s.proxy != nil {
		tr.Proxy = http.ProxyURL(&url.URL{Scheme: "http", Host: s.proxy.addr})
	}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		s.dials.Add(1)
		if up != "" {
			addr = up
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
	return tr
}

func chatBody(prompt []byte, stream bool) []byte {
	b, _ := json.Marshal(map[string]any{"model": "gpt-4o", "stream": stream,
		"messages": []any{map[string]any{"role": "user", "content": string(prompt)}}})
	return b
}

// do sends one request and returns the total latency and the time to the
// first body byte.
func do(c *http.Client, body []byte) (total, ttfb time.Duration, err error) {
	start := time.Now()
	resp, err := c.Post(chatURL, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	var one [1]byte
	if _, err := io.ReadFull(resp.Body, one[:]); err != nil {
		return 0, 0, fmt.Errorf("status %d: reading first byte: %w", resp.StatusCode, err)
	}
	ttfb = time.Since(start)
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	if resp.StatusCode != 200 {
		return 0, 0, fmt.Errorf("status %d: %.300s", resp.StatusCode, append(one[:], rest...))
	}
	return time.Since(start), ttfb, nil
}

// batch runs total requests with conc workers and returns the latencies,
// the times to first byte and the wall time.
func batch(c *http.Client, body []byte, conc, total int) (lat, ttfb []time.Duration, wall time.Duration, err error) {
	var mu sync.Mutex
	var first error
	jobs := make(chan struct{}, total)
	for range total {
		jobs <- struct{}{}
	}
	close(jobs)
	start := time.Now()
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				l, t, err := do(c, body)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				lat, ttfb = append(lat, l), append(ttfb, t)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return lat, ttfb, time.Since(start), first
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(p*float64(len(s)-1)+0.5)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type key struct {
	setup      string
	size, conc int
	stream     bool
}

type result struct {
	lat, ttfb []time.Duration
	wall      time.Duration
	cpu       time.Duration // the proxy process's CPU time (0 for direct)
	harness   time.Duration // this process's CPU time: the clients and the fake service
	n         int
}

// settle waits until the proxy process has finished the work a batch left
// behind (the audit writer's backlog, the garbage collector) and returns its
// CPU time then, so that a batch is charged with all it caused.
func settle(c *child) time.Duration {
	cpu := procCPU(c)
	if cpu == 0 {
		return 0
	}
	for range 100 {
		time.Sleep(30 * time.Millisecond)
		now := procCPU(c)
		if now-cpu < time.Millisecond { // below 3 % of a core: idle
			return now
		}
		cpu = now
	}
	return cpu
}

// selfCPU is the CPU time (user and system) this process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// procFaults is the number of minor page faults process c has taken so far
// (field 10 of /proc/PID/stat), 0 where that cannot be read. A fault of a
// fresh anonymous page costs 20–45 µs of CPU on the virtual machine the
// figures in docs/benchmarks-history.md come from ("Page faults"), so a few per
// request show in the CPU per request.
func procFaults(c *child) int64 {
	if c == nil || c.cmd == nil || c.cmd.Process == nil {
		return 0
	}
	return statFaults(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
}

// procSyscalls is the number of read and write system calls (read, readv,
// recvmsg …; write, writev, sendmsg …: /proc/PID/io's syscr and syscw) the
// process of c has made so far; 0, 0 where that cannot be read.
func procSyscalls(c *child) (reads, writes int64) {
	if c == nil || c.cmd == nil || c.cmd.Process == nil {
		return 0, 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for l := range strings.SplitSeq(string(b), "\n") {
		k, v, ok := strings.Cut(l, ": ")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "syscr":
			reads = n
		case "syscw":
			writes = n
		}
	}
	return reads, writes
}

// statFaults reads the minor faults from a /proc/PID/stat file.
func statFaults(file string) int64 {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; fields count from its ")".
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 8 {
		return 0
	}
	n, _ := strconv.ParseInt(f[7], 10, 64) // field 10: minflt
	return n
}

// procCPU is the CPU time process pid's threads have spent so far, in
// nanoseconds from /proc/pid/task/*/schedstat (the Go runtime keeps its
// threads, so none is lost); 0 where that cannot be read. Summed over a batch
// of requests it tells what one request costs the proxy, which other load on
// the machine changes far less than latency.
func procCPU(c *child) time.Duration {
	if c == nil || c.cmd == nil || c.cmd.Process == nil {
		return 0
	}
	dir := fmt.Sprintf("/proc/%d/task", c.cmd.Process.Pid)
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	var sum time.Duration
	for _, t := range tasks {
		b, err := os.ReadFile(filepath.Join(dir, t.Name(), "schedstat"))
		if err != nil {
			continue // the thread has just exited
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			continue
		}
		if ns, err := strconv.ParseInt(f[0], 10, 64); err == nil {
			sum += time.Duration(ns)
		}
	}
	return sum
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// schleuseBin returns SCHLEUSE_BIN or builds the binary into dir.
func schleuseBin(b *testing.B, dir string) string {
	if bin := os.Getenv("SCHLEUSE_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(dir, "schleuse")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/schleuse/schleuse/cmd/schleuse").CombinedOutput()
	if err != nil {
		b.Fatalf("building schleuse: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkProxy measures latency, throughput, streaming time to first byte
// and RSS of three setups in interleaved rounds (the order rotates every
// round, so that drifting machine load hits all three alike). Run it with
// -benchtime 1x: one iteration is the whole measurement. The report goes to
// the benchmark log and to SCHLEUSE_BENCH_OUT when set.
func BenchmarkProxy(b *testing.B) {
	rounds := envInt("SCHLEUSE_BENCH_ROUNDS", 3)
	perWorker := envInt("SCHLEUSE_BENCH_PER_WORKER", 8)
	dir := b.TempDir()
	bin := schleuseBin(b, dir)

	up, upCA, upCAFile := fakeService(b, dir)

	floor, err := startFloor(dir, up, upCAFile)
	if err != nil {
		b.Fatal(err)
	}
	defer floor.stop()
	sch, err := startSchleuse(bin, dir, up, upCAFile)
	if err != nil {
		b.Fatal(err)
	}
	defer sch.stop()

	pool := func(pem []byte) *x509.CertPool {
		p := x509.NewCertPool()
		p.AppendCertsFromPEM(pem)
		return p
	}
	setups := []*setup{
		{name: "direct", trust: upCA.Pool(), up: up},
		{name: "floor", proxy: floor, trust: pool(floor.caPEM)},
		{name: "schleuse", proxy: sch, trust: pool(sch.caPEM)},
	}
	clients := map[string]*http.Client{}
	for _, s := range setups {
		tr := s.transport(64)
		defer tr.CloseIdleConnections()
		clients[s.name] = &http.Client{Transport: tr, Timeout: time.Minute}
	}

	sizes := []int{1 << 10, 16 << 10, 128 << 10}
	concs := []int{1, 32}
	bodies := map[int][]byte{}
	streamBodies := map[int][]byte{}
	for _, n := range sizes {
		prompt := proxyPrompt(n)
		bodies[n] = chatBody(prompt, false)
		streamBodies[n] = chatBody(prompt, true)
	}
	load0 := load1()
	for range b.N {
		res := map[key]*result{}
		// Warm-up: connections, leaf certificates, caches; not recorded.
		for _, s := range setups {
			if _, _, _, err := batch(clients[s.name], bodies[16<<10], 32, 64); err != nil {
				b.Fatalf("%s warm-up: %v", s.name, err)
			}
		}
		for r := range rounds {
			for _, n := range sizes {
				for _, c := range concs {
					for k := range setups {
						s := setups[(k+r)%len(setups)]
						total := c * perWorker
						if c == 1 {
							total = 4 * perWorker
						}
						cpu0, self0 := procCPU(s.proxy), selfCPU()
						lat, ttfb, wall, err := batch(clients[s.name], bodies[n], c, total)
						if err != nil {
							b.Fatalf("%s %d B conc %d: %v", s.name, n, c, err)
						}
						self := selfCPU() - self0
						add(res, key{s.name, n, c, false}, lat, ttfb, wall, settle(s.proxy)-cpu0)
						res[key{s.name, n, c, false}].harness += self
					}
				}
			}
			// Streaming time to first byte, one client at a time.
			for _, n := range []int{1 << 10, 16 << 10} {
				for k := range setups {
					s := setups[(k+r)%len(setups)]
					lat, ttfb, wall, err := batch(clients[s.name], streamBodies[n], 1, 4*perWorker)
					if err != nil {
						b.Fatalf("%s stream %d B: %v", s.name, n, err)
					}
					add(res, key{s.name, n, 1, true}, lat, ttfb, wall, 0)
				}
			}
		}
		if out := os.Getenv("SCHLEUSE_BENCH_PROFILE"); out != "" {
			if err := profileSchleuse(sch, clients["schleuse"], bodies[16<<10], out); err != nil {
				b.Error(err)
			}
		}
		rss := measureRSS(b, setups[1:], 200)
		report := formatReport(res, sizes, concs, rss, rounds, load0, load1())
		fmt.Println(report)
		if out := os.Getenv("SCHLEUSE_BENCH_OUT"); out != "" {
			if err := os.WriteFile(out, []byte(report), 0o644); err != nil {
				b.Error(err)
			}
		}
		f, s := res[key{"floor", 16 << 10, 32, false}], res[key{"schleuse", 16 << 10, 32, false}]
		b.ReportMetric(float64(pct(s.lat, .5))/float64(pct(f.lat, .5)), "p50/floor-16KB-c32")
		b.ReportMetric(float64(pct(s.lat, .99))/float64(pct(f.lat, .99)), "p99/floor-16KB-c32")
		if f.cpu > 0 && s.n > 0 {
			b.ReportMetric(float64(s.cpu)/float64(s.n)/(float64(f.cpu)/float64(f.n)), "cpu/floor-16KB-c32")
		}
		fs, ss := res[key{"floor", 16 << 10, 1, true}], res[key{"schleuse", 16 << 10, 1, true}]
		b.ReportMetric(ms(pct(ss.ttfb, .5)-pct(fs.ttfb, .5)), "ttfb-ms-over-floor")
		b.ReportMetric(rss["schleuse"][0], "schleuse-RSS-MB-200conns")
		b.ReportMetric(rss["schleuse"][1], "schleuse-peak-RSS-MB")
	}
}

func add(res map[key]*result, k key, lat, ttfb []time.Duration, wall, cpu time.Duration) {
	r := res[k]
	if r == nil {
		r = &result{}
		res[k] = r
	}
	r.lat = append(r.lat, lat...)
	r.ttfb = append(r.ttfb, ttfb...)
	r.wall += wall
	r.cpu += cpu
	r.n += len(lat)
}

// measureRSS opens conns client connections through each proxy (one
// request each, then idle with keep-alive), reads the proxy's RSS and peak
// RSS, and closes them again.
func measureRSS(b *testing.B, setups []*setup, conns int) map[string][2]float64 {
	out := map[string][2]float64{}
	body := chatBody(proxyPrompt(1<<10), false)
	for _, s := range setups {
		trs := make([]*http.Transport, conns)
		var wg sync.WaitGroup
		errs := make(chan error, conns)
		for i := range trs {
			trs[i] = s.transport(1)
			wg.Add(1)
			go func(tr *http.Transport) {
				defer wg.Done()
				if _, _, err := do(&http.Client{Transport: tr, Timeout: time.Minute}, body); err != nil {
					errs <- err
				}
			}(trs[i])
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatalf("%s: opening %d connections: %v", s.name, conns, err)
		}
		cur, peak := rssMB(s.proxy.cmd.Process.Pid)
		out[s.name] = [2]float64{cur, peak}
		for _, tr := range trs {
			tr.CloseIdleConnections()
		}
	}
	return out
}

func formatReport(res map[key]*result, sizes, concs []int, rss map[string][2]float64, rounds int, l0, l1 float64) string {
	var w strings.Builder
	fmt.Fprintf(&w, "Proxy benchmark: %d interleaved rounds, loopback, load average %.2f → %.2f, %s\n\n", rounds, l0, l1, time.Now().UTC().Format(time.RFC3339))
	fmt.Fprintln(&w, "| prompt | conc | setup | n | p50 ms | p90 ms | p99 ms | req/s | p50 ×floor | p90 ×floor | p99 ×floor | proxy CPU µs/req | harness CPU µs/req |")
	fmt.Fprintln(&w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, n := range sizes {
		for _, c := range concs {
			f := res[key{"floor", n, c, false}]
			for _, s := range []string{"direct", "floor", "schleuse"} {
				r := res[key{s, n, c, false}]
				cpu := "–"
				if r.cpu > 0 {
					cpu = fmt.Sprintf("%.0f", float64(r.cpu.Microseconds())/float64(r.n))
				}
				fmt.Fprintf(&w, "| %d KB | %d | %s | %d | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %s | %.0f |\n",
					n>>10, c, s, r.n, ms(pct(r.lat, .5)), ms(pct(r.lat, .9)), ms(pct(r.lat, .99)),
					float64(r.n)/r.wall.Seconds(),
					ratio(pct(r.lat, .5), pct(f.lat, .5)), ratio(pct(r.lat, .9), pct(f.lat, .9)), ratio(pct(r.lat, .99), pct(f.lat, .99)), cpu,
					float64(r.harness.Microseconds())/float64(r.n))
			}
		}
	}
	fmt.Fprintln(&w, "\nStreaming (SSE, 10 chunks), one client: time to first body byte")
	fmt.Fprintln(&w, "\n| prompt | setup | n | TTFB p50 ms | p90 ms | p99 ms | p50 − floor ms | total p50 ms |")
	fmt.Fprintln(&w, "|---|---|---|---|---|---|---|---|")
	for _, n := range []int{1 << 10, 16 << 10} {
		f := res[key{"floor", n, 1, true}]
		for _, s := range []string{"direct", "floor", "schleuse"} {
			r := res[key{s, n, 1, true}]
			fmt.Fprintf(&w, "| %d KB | %s | %d | %.2f | %.2f | %.2f | %+.2f | %.2f |\n", n>>10, s, r.n,
				ms(pct(r.ttfb, .5)), ms(pct(r.ttfb, .9)), ms(pct(r.ttfb, .99)), ms(pct(r.ttfb, .5)-pct(f.ttfb, .5)), ms(pct(r.lat, .5)))
		}
	}
	fmt.Fprintln(&w, "\n| process | RSS MB with 200 open client connections | peak RSS MB (whole run) |")
	fmt.Fprintln(&w, "|---|---|---|")
	for _, s := range []string{"floor", "schleuse"} {
		fmt.Fprintf(&w, "| %s | %.1f | %.1f |\n", s, rss[s][0], rss[s][1])
	}
	return w.String()
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// profileSchleuse fetches a 10 s CPU profile of the schleuse process from
// its admin port (/debug/pprof/profile) while 32 clients send it 16 KB
// prompts, and writes it to out: the profile of the real binary in the
// benchmark's setup (go tool pprof -top -cum bin/schleuse out).
func profileSchleuse(sch *child, c *http.Client, body []byte, out string) error {
	const seconds = 10
	req, err := http.NewRequest("GET", fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", sch.admin, seconds), nil)
	if err != nil {
		return err
	}
	req.SetBasicAuth(benchAdmin, benchAdminPass)
	type answer struct {
		prof []byte
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("profile: %s", resp.Status)
		}
		done <- answer{b, err}
	}()
	for n := 0; ; n += 256 {
		if _, _, _, err := batch(c, body, 32, 256); err != nil {
			return fmt.Errorf("load while profiling: %w", err)
		}
		select {
		case a := <-done:
			if a.err != nil {
				return a.err
			}
			// The number of requests turns the profile's seconds into µs
			// per request (a few batches run after the profile ends).
			fmt.Printf("profile %s: about %d requests of 16 KB in %d s\n", out, n+256, seconds)
			return os.WriteFile(out, a.prof, 0o644)
		default:
		}
	}
}
