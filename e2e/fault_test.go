//go:build e2e

package e2e

// Binary-level fault tests (issue 12): a CA key that cannot be read at start,
// and kill -9 while audit records are being written. Helpers are prefixed
// "fault" so they do not clash with the rest of the e2e package.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/internal/testpki"
)

// faultBin is SCHLEUSE_BIN or a fresh build.
func faultBin(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("SCHLEUSE_BIN"); b != "" {
		return b
	}
	out := filepath.Join(t.TempDir(), "schleuse")
	if b, err := exec.Command("go", "build", "-o", out, "github.com/schleuse/schleuse/cmd/schleuse").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

func faultFreeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// faultConfig writes a config for one schleuse process in dir.
func faultConfig(t *testing.T, dir, upstream, upCAFile string) (cfg, proxyAddr, adminAddr string) {
	t.Helper()
	proxyAddr, adminAddr = faultFreeAddr(t), faultFreeAddr(t)
	cfg = filepath.Join(dir, "schleuse.yaml")
	caFiles := ""
	if upCAFile != "" {
		caFiles = "  ca_files: [" + upCAFile + "]\n"
	}
	text := fmt.Sprintf(`listen: %s
admin:
  listen: %s
state_dir: %s
upstream:
  resolve:
    "api.openai.com:443": "%s"
%saudit:
  node: e2e-fault
`, proxyAddr, adminAddr, filepath.Join(dir, "state"), upstream, caFiles)
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, proxyAddr, adminAddr
}

// TestFaultCAKeyUnreadable: with a CA key that cannot be read or parsed,
// schleuse run exits non-zero at once with a one-line reason naming the file.
func TestFaultCAKeyUnreadable(t *testing.T) {
	bin := faultBin(t)
	rows := map[string]func(key string){
		"key is a directory": func(key string) { os.Remove(key); os.Mkdir(key, 0o700) },
		"key is garbage":     func(key string) { os.WriteFile(key, []byte("kein Schlüssel\n"), 0o600) },
		"key missing":        func(key string) { os.Remove(key) },
	}
	for name, breakKey := range rows {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cfg, _, _ := faultConfig(t, dir, "127.0.0.1:1", "")
			if out, err := exec.Command(bin, "ca", "init", "--config", cfg).CombinedOutput(); err != nil {
				t.Fatalf("ca init: %v %s", err, out)
			}
			key := filepath.Join(dir, "state", "ca-key.pem")
			breakKey(key)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "run", "--config", cfg)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			cmd.Stdout = io.Discard
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatal("schleuse run kept running with a broken CA key")
			}
			if err == nil {
				t.Fatal("schleuse run exited 0 with a broken CA key")
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			last := lines[len(lines)-1]
			// A parse error names the state directory and "key" only (see
			// LoadCA in proxy/ca.go); read errors name the file.
			if !strings.Contains(last, "ca-key.pem") && !(strings.Contains(last, filepath.Join(dir, "state")) && strings.Contains(last, "key")) {
				t.Errorf("reason does not name the key file: %q", stderr.String())
			}
			if len(lines) != 1 {
				t.Errorf("want a one-line reason, got %d lines: %q", len(lines), stderr.String())
			}
			t.Logf("exit %v: %s", err, last)
		})
	}
}

func mustRead(t *testing.T, p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// faultProc is one running schleuse.
type faultProc struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	done   chan struct{}
}

func faultStart(t *testing.T, bin, cfg, adminAddr string) *faultProc {
	t.Helper()
	p := &faultProc{cmd: exec.Command(bin, "run", "--config", cfg), stderr: &lockedBuffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.stderr, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.done })
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + adminAddr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		select {
		case <-p.done:
			t.Fatalf("schleuse exited: %s", p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("schleuse not ready: %s", p.stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestFaultKill9DuringAuditWrites kills schleuse with SIGKILL while
// requests stream through it, restarts it and checks that every request
// that got an answer (forwarded, or blocked by policy) has its audit record
// — also those answered in the last milliseconds before the kill, whose
// records were still queued: the audit journal (audit/journal.go) keeps
// them across the crash and the restart replays them — and that
// `schleuse audit verify` passes. A request blocked because the audit log
// was unavailable was never forwarded and has no record by design; the test
// counts those separately.
func TestFaultKill9DuringAuditWrites(t *testing.T) {
	bin := faultBin(t)
	dir := t.TempDir()
	upCA := testpki.NewCA("fault upstream CA")
	up := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"choices":[{"message":{"role":"assistant","content":"ok"}}]}`)
	}))
	up.TLS = &tls.Config{Certificates: []tls.Certificate{upCA.Leaf("api.openai.com")}}
	up.StartTLS()
	defer up.Close()
	cfg, proxyAddr, adminAddr := faultConfig(t, dir, up.Listener.Addr().String(), upCA.WritePEM(dir, "up-ca.pem"))
	p := faultStart(t, bin, cfg, adminAddr)

	caPEM := mustRead(t, filepath.Join(dir, "state", "ca.pem"))
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM([]byte(caPEM))
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: proxyAddr}), TLSClientConfig: &tls.Config{RootCAs: pool}, MaxIdleConnsPerHost: 8,
	}}
	type answered struct {
		id string
		at time.Time
	}
	var mu sync.Mutex
	var acks []answered
	auditBlocked := 0
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				prompt := fmt.Sprintf("Bitte fasse Punkt %d-%d zusammen.", w, i)
				if i%3 == 0 {
					prompt = fmt.Sprintf("Steuer-ID 86095742719, Diagnose F32.1 (Akte %d-%d).", w, i)
				}
				resp, err := client.Post("https://api.openai.com/v1/chat/completions", "application/json",
					strings.NewReader(fmt.Sprintf(`{"model":"gpt-4o","messages":[{"role":"user","content":%q}]}`, prompt)))
				if err != nil {
					continue // the kill
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					continue // cut off by the kill: not an answer
				}
				at := time.Now()
				id := resp.Header.Get("X-Schleuse-Request-Id")
				mu.Lock()
				switch {
				case resp.StatusCode == 400 && strings.Contains(string(body), "Audit-Log"):
					auditBlocked++
				case id != "" && (resp.StatusCode == 200 || resp.StatusCode == 400):
					acks = append(acks, answered{id, at})
				}
				mu.Unlock()
			}
		}()
	}
	time.Sleep(3 * time.Second)
	killedAt := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
	close(stop)
	wg.Wait()

	// Restart: the spill (if any) is replayed; then stop it cleanly.
	p2 := faultStart(t, bin, cfg, adminAddr)
	p2.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p2.done:
	case <-time.After(20 * time.Second):
		t.Fatal("no clean shutdown after SIGTERM")
	}
	out, err := exec.Command(bin, "audit", "verify", "--config", cfg).CombinedOutput()
	if err != nil {
		t.Fatalf("audit verify after kill -9: %v\n%s", err, out)
	}
	r, err := audit.OpenReader(context.Background(), audit.Config{Dir: filepath.Join(dir, "state"), Node: "e2e-fault"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	recs, err := r.Query(context.Background(), audit.Filter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, rec := range recs {
		have[rec.RequestID] = true
	}
	var lost []string
	lastSecond := 0
	for _, a := range acks {
		if killedAt.Sub(a.at) <= time.Second {
			lastSecond++
		}
		if !have[a.id] {
			lost = append(lost, fmt.Sprintf("%s (%v before the kill)", a.id, killedAt.Sub(a.at).Round(time.Millisecond)))
		}
	}
	t.Logf("%d answered before the kill (%d in the last second), %d records after restart, %d blocked as unauditable",
		len(acks), lastSecond, len(recs), auditBlocked)
	if len(acks) < 20 {
		t.Fatalf("only %d requests answered before the kill", len(acks))
	}
	if len(lost) > 0 {
		t.Errorf("%d answered requests have no audit record after kill -9 and restart, e.g. %s", len(lost), lost[0])
	}
}
