//go:build bench

package bench

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/elazarl/goproxy"
	"golang.org/x/crypto/bcrypt"

	"github.com/schleuse/schleuse/internal/testpki"
)

// The floor proxy runs in a child process (this test binary started again
// with envFloor set), so that it, like schleuse, has its own process, CPU
// accounting and RSS.
const (
	envFloor    = "SCHLEUSE_BENCH_FLOOR"    // the upstream address; set only in the child
	envFloorCA  = "SCHLEUSE_BENCH_FLOOR_CA" // where the child writes its CA certificate
	envUpCAFile = "SCHLEUSE_BENCH_UP_CA"    // the fake upstream's CA certificate
)

func TestMain(m *testing.M) {
	if up := os.Getenv(envFloor); up != "" {
		if err := runFloor(up, os.Getenv(envUpCAFile), os.Getenv(envFloorCA)); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runFloor is the bare goproxy MITM: its own CA, cached leaf certificates, a
// sane upstream Transport (the same settings schleuse uses), no inspection.
// It prints "ADDR host:port" and serves until stdin closes.
func runFloor(upstream, upCAFile, caOut string) error {
	pem, err := os.ReadFile(upCAFile)
	if err != nil {
		return err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return errors.New("no upstream CA")
	}
	ca := testpki.NewCA("bench floor CA")
	if err := os.WriteFile(caOut, ca.CertPEM, 0o644); err != nil {
		return err
	}
	gp := floorProxy(upstream, roots, ca)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	stopProfile := func() {}
	if out := os.Getenv("SCHLEUSE_BENCH_FLOOR_PROFILE"); out != "" {
		// The floor's CPU profile over its whole run (warm-up and rounds:
		// a known number of requests), to set beside schleuse's. The
		// parent stops the child with an interrupt after closing stdin:
		// the profile is written before the exit either way.
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		var once sync.Once
		stopProfile = func() { once.Do(func() { pprof.StopCPUProfile(); f.Close() }) }
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt)
		go func() {
			<-sig
			stopProfile()
			os.Exit(0)
		}()
	}
	fmt.Printf("ADDR %s\n", ln.Addr())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		stopProfile()
		os.Exit(0)
	}()
	return http.Serve(ln, gp)
}

// floorProxy is the floor's goproxy MITM: it sends every request to
// upstream, trusts roots there, and signs leaf certificates (cached) with ca.
// runFloor serves it in a process of its own, BenchmarkInProcessFloor in the
// benchmark's process.
func floorProxy(upstream string, roots *x509.CertPool, ca *testpki.CA) *goproxy.ProxyHttpServer {
	caCert := tls.Certificate{Certificate: [][]byte{ca.Cert.Raw}, PrivateKey: ca.Key, Leaf: ca.Cert}
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, upstream)
	}
	gp := goproxy.NewProxyHttpServer()
	gp.Verbose = false
	gp.Logger = discardLogger{}
	gp.AllowHTTP2 = true
	gp.KeepAcceptEncoding = true
	gp.CertStore = &certCache{m: map[string]*tls.Certificate{}}
	gp.Tr = &http.Transport{
		DialContext:           dial,
		TLSClientConfig:       &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          1024,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 120 * time.Second,
		DisableCompression:    true,
	}
	gp.ConnectDialWithReq = func(r *http.Request, network, addr string) (net.Conn, error) {
		return dial(r.Context(), network, addr)
	}
	gp.OnRequest().HandleConnect(goproxy.FuncHttpsHandler(func(host string, _ *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
		return &goproxy.ConnectAction{Action: goproxy.ConnectMitm, TLSConfig: goproxy.TLSConfigFromCA(&caCert)}, host
	}))
	if us, _ := strconv.Atoi(os.Getenv("SCHLEUSE_FLOOR_BURN_US")); us > 0 {
		gp.OnRequest().DoFunc(func(r *http.Request, _ *goproxy.ProxyCtx) (*http.Request, *http.Response) {
			burn(time.Duration(us) * time.Microsecond)
			return r, nil
		})
	}
	return gp
}

// burn spends d of the calling thread's CPU time (BenchmarkProxyAB's
// SCHLEUSE_FLOOR_BURN_US: a floor made slower by a known amount).
func burn(d time.Duration) {
	runtime.LockOSThread() // threadCPU is this thread's clock
	defer runtime.UnlockOSThread()
	end := threadCPU() + d
	x := 0
	for threadCPU() < end {
		for i := range 1000 {
			x += i * i
		}
	}
	burnSink.Store(int64(x))
}

var burnSink atomic.Int64

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}

// certCache is the leaf-certificate cache a sane goproxy deployment uses.
type certCache struct {
	mu sync.Mutex
	m  map[string]*tls.Certificate
}

func (c *certCache) Fetch(host string, gen func() (*tls.Certificate, error)) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if crt, ok := c.m[host]; ok {
		return crt, nil
	}
	crt, err := gen()
	if err != nil {
		return nil, err
	}
	c.m[host] = crt
	return crt, nil
}

// child is a proxy process under test.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	addr  string // proxy listener
	caPEM []byte // the CA the proxy signs leaves with
	admin string // schleuse's admin listener (login benchAdmin:benchAdminPass)
}

// The admin login of the schleuse child, for its profiler (/debug/pprof/).
const benchAdmin, benchAdminPass = "bench", "bench-profile"

func (c *child) stop() {
	if c == nil || c.cmd == nil || c.cmd.Process == nil {
		return
	}
	c.stdin.Close()
	c.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		<-done
	}
}

// startFloor starts the floor proxy child.
func startFloor(dir, upstream, upCAFile string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	caOut := filepath.Join(dir, "floor-ca.pem")
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), envFloor+"="+upstream, envUpCAFile+"="+upCAFile, envFloorCA+"="+caOut)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "ADDR ") {
		c.stop()
		return nil, fmt.Errorf("floor did not start: %q %v", line, err)
	}
	c.addr = strings.TrimSpace(strings.TrimPrefix(line, "ADDR "))
	go io.Copy(io.Discard, out)
	if c.caPEM, err = os.ReadFile(caOut); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// startSchleuse starts the real binary with the default policy, its upstream
// resolved to the fake service.
func startSchleuse(bin, dir, upstream, upCAFile string) (*child, error) {
	proxyAddr, adminAddr := freeAddr(), freeAddr()
	state := filepath.Join(dir, "schleuse-state")
	hash, err := bcrypt.GenerateFromPassword([]byte(benchAdminPass), bcrypt.MinCost)
	if err != nil {
		return nil, err
	}
	htpasswd := filepath.Join(dir, "admin.htpasswd")
	if err := os.WriteFile(htpasswd, []byte(benchAdmin+":"+string(hash)+"\n"), 0o600); err != nil {
		return nil, err
	}
	cfg := fmt.Sprintf(`listen: %s
admin:
  listen: %s
  htpasswd: %s
state_dir: %s
upstream:
  resolve: {"api.openai.com:443": "%s"}
  ca_files: [%s]
log:
  level: error
`, proxyAddr, adminAddr, htpasswd, state, upstream, upCAFile)
	cfgFile := filepath.Join(dir, "schleuse.yaml")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "run", "--config", cfgFile)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, stdin: stdin, addr: proxyAddr, admin: adminAddr}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + adminAddr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("schleuse not ready after 60 s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if c.caPEM, err = os.ReadFile(filepath.Join(state, "ca.pem")); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// rssMB returns the current and the peak resident set size of pid in MB.
func rssMB(pid int) (cur, peak float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1, -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		var kb float64
		if _, err := fmt.Sscanf(l, "VmRSS: %f kB", &kb); err == nil {
			cur = kb / 1024
		}
		if _, err := fmt.Sscanf(l, "VmHWM: %f kB", &kb); err == nil {
			peak = kb / 1024
		}
	}
	return cur, peak
}
