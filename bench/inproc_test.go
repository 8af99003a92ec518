//go:build bench

package bench

import (
	"context"
	"crypto/x509"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/extract"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/internal/benchcpu"
	"github.com/schleuse/schleuse/internal/testpki"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/proxy"
	"github.com/schleuse/schleuse/pseudonym"
	"github.com/schleuse/schleuse/telemetry"
)

// startInProcess wires schleuse inside this process the way `schleuse run`
// does (default policy, SQLite audit, telemetry, pseudonyms), so that
// `go test -cpuprofile` sees the proxy's hot path.
func startInProcess(b *testing.B, dir, upstream, upCAFile string) *child {
	ctx := context.Background()
	cfg := config.Default()
	cfg.StateDir = dir
	cfg.Upstream.Resolve = map[string]string{"api.openai.com:443": upstream}
	cfg.Upstream.CAFiles = []string{upCAFile}
	ca, _, err := proxy.LoadOrInitCA(dir)
	if err != nil {
		b.Fatal(err)
	}
	tel, err := telemetry.Setup(ctx, telemetry.Config{ServiceName: "schleuse", Traces: true},
		telemetry.WithFindingTypes(detectors.AllTypes()...))
	if err != nil {
		b.Fatal(err)
	}
	pol, err := policies.Open(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	al, err := audit.Open(ctx, audit.Config{Dir: dir, Node: "bench", PseudonymizeUsers: cfg.Audit.PseudonymizeUsers})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { al.Close() })
	auth, err := identity.New(identity.Config{AllowedClients: cfg.Auth.AllowedClients})
	if err != nil {
		b.Fatal(err)
	}
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	pipe := &proxy.Pipeline{
		Config: cfg.Inspect, Router: router, Scanner: detectors.Default(),
		Policy: pol, Revision: pol.Revision, Audit: al, Pseudonyms: pseudonym.NewStore(cfg.Pseudonym.TTL, cfg.Pseudonym.MaxConversations),
		ExtractFile: extract.Text, UserPseudonym: al.Pseudonym, Tracer: tel.Tracer, Metrics: tel.Metrics, Log: log,
	}
	srv, err := proxy.New(proxy.Options{Config: cfg, Logger: log, CA: ca, Identity: auth, Inspector: pipe, Metrics: tel.Metrics})
	if err != nil {
		b.Fatal(err)
	}
	pl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	adl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv.Serve(pl, adl)
	b.Cleanup(func() { srv.Shutdown(context.Background()) })
	pem, err := os.ReadFile(dir + "/" + proxy.CACertFile)
	if err != nil {
		b.Fatal(err)
	}
	return &child{addr: pl.Addr().String(), caPEM: pem}
}

// BenchmarkInProcess sends 16 KB prompts (SCHLEUSE_BENCH_KB) with 32
// clients (SCHLEUSE_BENCH_CONC) through an in-process schleuse; one op is one
// request. Use it with -cpuprofile to see
// where the proxy spends its time (client and fake upstream are in the
// profile too: look at the proxy, providers, detectors, policies, audit and
// pseudonym frames).
func BenchmarkInProcess(b *testing.B) { benchInProcess(b, startInProcess) }

// BenchmarkInProcessFloor is BenchmarkInProcess through the bare goproxy
// MITM (the floor) in this process: the same client and fake service, so
// the difference of the two profiles (pprof -diff_base) is what schleuse
// adds per request, the garbage collector's share included.
func BenchmarkInProcessFloor(b *testing.B) { benchInProcess(b, startFloorInProcess) }

// startFloorInProcess serves the floor proxy of runFloor inside this process.
func startFloorInProcess(b *testing.B, dir, upstream, upCAFile string) *child {
	pem, err := os.ReadFile(upCAFile)
	if err != nil {
		b.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	ca := testpki.NewCA("bench floor CA")
	gp := floorProxy(upstream, roots, ca)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: gp}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return &child{addr: ln.Addr().String(), caPEM: ca.CertPEM}
}

func benchInProcess(b *testing.B, start func(b *testing.B, dir, upstream, upCAFile string) *child) {
	dir := b.TempDir()
	up, _, upCAFile := fakeService(b, dir)
	sch := start(b, dir, up, upCAFile)
	p := x509.NewCertPool()
	p.AppendCertsFromPEM(sch.caPEM)
	s := &setup{name: "schleuse", proxy: sch, trust: p}
	tr := s.transport(64)
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: time.Minute}
	conc := envInt("SCHLEUSE_BENCH_CONC", 32)
	body := chatBody(proxyPrompt(envInt("SCHLEUSE_BENCH_KB", 16)<<10), false)
	if _, _, _, err := batch(c, body, conc, 64); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	cpu0, gc0 := benchcpu.Process(), gcCPU()
	lat, _, _, err := batch(c, body, conc, max(b.N, conc))
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	n := float64(max(b.N, conc))
	// CPU time of the whole process (client, proxy and fake service) per
	// request: other load on the machine changes it far less than latency.
	b.ReportMetric(float64(benchcpu.Process()-cpu0)/1e3/n, "cpu-µs/req")
	// The garbage collector's share of it (the runtime's estimate), which
	// is what allocation cuts change.
	b.ReportMetric((gcCPU()-gc0)*1e6/n, "gc-cpu-µs/req")
	b.ReportMetric(ms(pct(lat, .5)), "p50-ms")
	b.ReportMetric(ms(pct(lat, .99)), "p99-ms")
}

// gcCPU returns the CPU seconds the garbage collector used so far
// (runtime/metrics /cpu/classes/gc/total, an estimate that includes the
// mark assists of allocating goroutines).
func gcCPU() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return s[0].Value.Float64()
}
