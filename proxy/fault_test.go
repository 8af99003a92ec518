package proxy

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/logsink"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/telemetry"
)

// faultListener accepts TCP connections on loopback and hands each to do.
func faultListener(t *testing.T, do func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go do(c)
		}
	}()
	return ln.Addr().String()
}

// auditRecords flushes the harness's audit log and returns its records.
func auditRecords(t *testing.T, l *audit.Logger, dir, node string) []audit.Record {
	t.Helper()
	if err := l.Flush(context.Background()); err != nil {
		t.Fatalf("audit flush: %v", err)
	}
	r, err := audit.OpenReader(context.Background(), audit.Config{Dir: dir, Node: node})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	recs, err := r.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestUpstreamFaults: whatever the upstream does, the client gets a defined
// answer with a message (never an EOF), the prompt is audited (it was
// inspected and allowed before the upstream failed), and the proxy stays up.
func TestUpstreamFaults(t *testing.T) {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	refused := refusedAddr(t)
	rows := []struct {
		name   string
		addr   func(t *testing.T) string
		status int
		want   string
		kind   string // the outcome its audit record names
	}{
		{"refuses", func(*testing.T) string { return refused }, 502, "nicht erreichbar", "refused"},
		{"resets", func(t *testing.T) string {
			return faultListener(t, func(c net.Conn) {
				c.(*net.TCPConn).SetLinger(0)
				c.Close()
			})
		}, 502, "nicht erreichbar", "reset"},
		{"resets after the request", func(t *testing.T) string {
			return faultListener(t, func(c net.Conn) {
				c.Read(make([]byte, 1024)) // the ClientHello
				c.(*net.TCPConn).SetLinger(0)
				c.Close()
			})
		}, 502, "nicht erreichbar", "reset"},
		{"hangs in the handshake", func(t *testing.T) string {
			return faultListener(t, func(c net.Conn) {
				defer c.Close()
				<-hang
			})
		}, 504, "nicht rechtzeitig", "timeout"},
		{"garbage TLS", func(t *testing.T) string {
			return faultListener(t, func(c net.Conn) {
				defer c.Close()
				c.Read(make([]byte, 1024))
				io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhallo")
			})
		}, 502, "nicht erreichbar", "tls"},
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			addr := tc.addr(t)
			h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) {
				c.Upstream.Resolve["myres.openai.azure.com:443"] = addr
				c.Upstream.DialTimeout = 500 * time.Millisecond
				c.Upstream.ResponseTimeout = 500 * time.Millisecond
			}})
			start := time.Now()
			code, body := h.chat(t, "myres.openai.azure.com", "Bitte formuliere eine Einladung zur Teamsitzung.", false)
			status, want := tc.status, tc.want
			if code != status || !strings.Contains(body, want) || !strings.HasPrefix(body, `{"error":{"code":"schleuse_upstream_error",`) {
				t.Fatalf("got %d %q, want %d with %q in Azure OpenAI's error JSON", code, body, status, want)
			}
			if d := time.Since(start); d > 8*time.Second {
				t.Errorf("answer took %v", d)
			}
			recs := auditRecords(t, h.audit, h.stateDir, "test")
			// The decision's record, written before the request was sent,
			// and the failed send's, written when it failed: the same
			// request, the outcome as a rule of a closed set.
			if len(recs) != 2 || recs[0].Action != "allow" || hasUpstreamRule(recs[0]) {
				t.Fatalf("audit: %+v", recs)
			}
			checkUpstreamRecord(t, recs[0], recs[1], tc.kind)
			// The notice names the record's number (and the log line's).
			if !strings.Contains(body, "Vorgangsnummer: "+recs[0].RequestID) {
				t.Errorf("the notice does not name %s: %q", recs[0].RequestID, body)
			}
			code, _ = h.chat(t, "api.openai.com", "Hallo", false)
			if code != 200 {
				t.Fatalf("proxy down after the fault: %d", code)
			}
		})
	}
	t.Run("the service answers 503", func(t *testing.T) {
		h := newPipeHarnessOpts(t, pipeOpts{
			extra: map[string]http.Handler{"myres.openai.azure.com": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusServiceUnavailable)
				io.WriteString(w, `{"error":{"message":"overloaded"}}`)
			})},
		})
		code, body := h.chat(t, "myres.openai.azure.com", "Bitte formuliere eine Einladung.", false)
		if code != 503 || !strings.Contains(body, "overloaded") {
			t.Fatalf("the service's own answer was not passed on: %d %q", code, body)
		}
		recs := auditRecords(t, h.audit, h.stateDir, "test")
		if len(recs) != 2 || recs[0].Action != "allow" {
			t.Fatalf("audit: %+v", recs)
		}
		checkUpstreamRecord(t, recs[0], recs[1], "status_5xx")
		// An answer the service gave adds no record.
		if code, _ := h.chat(t, "api.openai.com", "Hallo", false); code != 200 {
			t.Fatalf("openai: %d", code)
		}
		if recs := auditRecords(t, h.audit, h.stateDir, "test"); len(recs) != 3 || hasUpstreamRule(recs[2]) {
			t.Fatalf("a request the service answered has a record of a failed send: %+v", recs)
		}
	})
	t.Run("trusted upstream hangs after the request", func(t *testing.T) {
		h := newPipeHarnessOpts(t, pipeOpts{
			mutate: func(c *config.Config) { c.Upstream.ResponseTimeout = 500 * time.Millisecond },
			extra: map[string]http.Handler{"myres.openai.azure.com": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-hang:
				case <-r.Context().Done():
				}
			})},
		})
		code, body := h.chat(t, "myres.openai.azure.com", "Bitte formuliere eine Einladung.", false)
		if code != 504 || !strings.Contains(body, "nicht rechtzeitig") {
			t.Fatalf("got %d %q", code, body)
		}
	})
}

// writePolicy writes a policy directory: the default KI-Richtlinie plus files.
func writePolicy(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "policy")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestPolicyReloadBroken: a broken policy on reload is refused, the error is
// visible, and the last good policy keeps deciding.
func TestPolicyReloadBroken(t *testing.T) {
	dir := writePolicy(t, nil)
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Policy.Dir = dir }})
	rev := h.pol.Revision()
	blocked := "Meine Steuer-ID ist " + testTaxID + ", Diagnose F32.1 laut Arztbrief."
	check := func(when string) {
		if code, _ := h.chat(t, "api.openai.com", blocked, false); code != 400 {
			t.Fatalf("%s: special-category prompt got %d, want the block", when, code)
		}
		if code, _ := h.chat(t, "api.openai.com", "Wie schreibe ich eine höfliche Absage?", false); code != 200 {
			t.Fatalf("%s: harmless prompt got %d", when, code)
		}
	}
	check("before")
	for name, text := range map[string]string{
		"syntax":      "package schleuse\n\ndecision := {\n",
		"failed test": "package schleuse_test\n\nimport data.schleuse\n\ntest_always_fails if { 1 == 2 }\n",
		"conflict":    "package schleuse\n\ndecision := {\"action\": \"allow\"}\n",
	} {
		os.WriteFile(filepath.Join(dir, "kaputt.rego"), []byte(text), 0o644)
		err := h.pol.Reload(context.Background())
		if err == nil || h.pol.LastError() == nil {
			t.Fatalf("%s: broken policy accepted (err %v)", name, err)
		}
		if h.pol.Revision() != rev {
			t.Fatalf("%s: revision changed to %s", name, h.pol.Revision())
		}
		check("after " + name)
	}
	os.Remove(filepath.Join(dir, "kaputt.rego"))
	if err := h.pol.Reload(context.Background()); err != nil || h.pol.LastError() != nil {
		t.Fatalf("repaired policy: %v", err)
	}
}

// TestPolicyEvaluationError: a policy that fails at evaluation time blocks
// with the "policy failed" message, the block is audited and counted as
// schleuse_failclosed_total{cause="policy_failed"} (an operator can alert
// on a broken policy; before, it was one of the policy's blocks).
func TestPolicyEvaluationError(t *testing.T) {
	var tel *telemetry.Telemetry
	var logs logsink.Buffer
	// Two complete rules with different values for a prompt with findings:
	// an eval_conflict_error at run time (the policy compiles and has no tests).
	h := policyHarnessOpts(t, `package schleuse

ok := [{"rule": "T-1", "message": "ok"}]

decision := {"action": "allow", "reasons": ok} if count(input.findings) == 0

decision := {"action": "allow", "reasons": ok} if count(input.findings) > 0

decision := {"action": "block", "reasons": ok} if count(input.findings) > 0
`, pipeOpts{log: &logs, tel: func(p *Pipeline) Metrics {
		var err error
		if tel, err = telemetry.Setup(context.Background(), telemetry.Config{ServiceName: "schleuse-test"}); err != nil {
			t.Fatal(err)
		}
		p.Metrics = tel.Metrics
		return tel.Metrics
	}})
	t.Cleanup(func() { tel.Shutdown(context.Background()) })
	n := len(h.llm.received)
	code, body := h.chat(t, "api.openai.com", "Überweise an "+testIBAN, false)
	if code != 400 || !strings.Contains(body, "KI-Richtlinie konnte nicht ausgewertet werden") || strings.Contains(withoutIDs(body), "0532") {
		t.Fatalf("got %d %s", code, body)
	}
	assertPolicyFailedBlock(t, h, n)
	// The same prompt again: the failure comes from the policy's cache,
	// blocked, audited and counted as well, but not logged as an error a
	// second time (a broken policy would write one per request).
	if code, _ := h.chat(t, "api.openai.com", "Überweise an "+testIBAN, false); code != 400 {
		t.Fatalf("the same prompt again: %d", code)
	}
	rec := httptest.NewRecorder()
	tel.MetricsHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `schleuse_failclosed_total{cause="policy_failed"} 2`) {
		t.Errorf("the policy failures are not counted:\n%s", rec.Body.String())
	}
	if n := strings.Count(logs.String(), `"level":"ERROR","msg":"Auswertung der Richtlinie gescheitert (Grund unter error): Anfrage blockiert / policy evaluation failed: request blocked"`); n != 1 {
		t.Errorf("%d error lines for one failure given twice:\n%s", n, logs.String())
	}
	if recs := auditRecords(t, h.audit, h.stateDir, "test"); len(recs) != 3 || recs[2].Action != "block" {
		t.Fatalf("records: %+v", recs)
	}
}

// policyHarness is a pipeline harness whose policy directory holds src as
// its one module.
func policyHarness(t *testing.T, src string) *pipeHarness {
	t.Helper()
	return policyHarnessOpts(t, src, pipeOpts{})
}

// policyHarnessOpts is policyHarness with more options.
func policyHarnessOpts(t *testing.T, src string, o pipeOpts) *pipeHarness {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "policy")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "p.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	o.mutate = func(c *config.Config) { c.Policy.Dir = dir }
	return newPipeHarnessOpts(t, o)
}

// assertPolicyFailedBlock: after a request the policy failed on (h's
// upstream had n requests before it), nothing reached the upstream, a
// prompt without findings still goes through, and the failed one is
// audited as a block under policies.RuleFailed.
func assertPolicyFailedBlock(t *testing.T, h *pipeHarness, n int) {
	t.Helper()
	if len(h.llm.received) != n {
		t.Fatal("the request reached the upstream")
	}
	if code, body := h.chat(t, "api.openai.com", "Hallo", false); code != 200 {
		t.Fatalf("prompt without findings after it: %d %s", code, body)
	}
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	if len(recs) != 2 || recs[0].Action != "block" || !strings.Contains(strings.Join(recs[0].Rules, ","), policies.RuleFailed) {
		t.Fatalf("audit: %+v", recs)
	}
}

// TestPolicyEvaluationTimeout: a policy (a DPO's mistake, or a tampered
// file) that computes without end for some requests blocks them with the
// "policy failed" notice once policies.EvalTimeout has passed, and the
// block is audited; the proxy goes on deciding the other requests. Before,
// such a request hung until the client gave up, a CPU busy all the while.
func TestPolicyEvaluationTimeout(t *testing.T) {
	// 10^10 iterations that find nothing, only for requests of more than
	// 3000 bytes; the compiled evaluator and OPA's alike.
	h := policyHarness(t, `package schleuse

ok := [{"rule": "T-1", "message": "ok"}]

slow if {
	input.request.bytes > 3000
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	i * j < 0
}

decision := {"action": "allow", "reasons": ok} if not slow
`)
	n := len(h.llm.received)
	type result struct {
		code int
		body string
	}
	done := make(chan result, 1)
	go func() {
		code, body := h.chat(t, "api.openai.com", "Wie wird das Wetter? "+strings.Repeat("Sonne und Regen. ", 250), false)
		done <- result{code, body}
	}()
	select {
	case r := <-done:
		if r.code != 400 || !strings.Contains(r.body, "KI-Richtlinie konnte nicht ausgewertet werden") {
			t.Fatalf("got %d %s", r.code, r.body)
		}
	case <-time.After(policies.EvalTimeout + 20*time.Second):
		t.Fatalf("no answer %v after the policy's evaluation deadline", 20*time.Second)
	}
	assertPolicyFailedBlock(t, h, n)
}

// TestPipelineOversizeAudited: a prompt over inspect.max_body_bytes is
// blocked with the notice in the service's format, which the chat window
// shows, and audited like every request that cannot be inspected
// (schleuse:too_large, its size). Before, it got a plain-text 413 that a
// chat UI shows as a generic error, and no audit record: an auditor never
// saw these blocks.
func TestPipelineOversizeAudited(t *testing.T) {
	h := newPipeHarness(t, func(c *config.Config) { c.Inspect.MaxBodyBytes = 1 << 10 })
	n := len(h.llm.received)
	code, body := h.chat(t, "api.openai.com", strings.Repeat("Hallo Welt ", 200), false)
	if code != 400 || !strings.Contains(body, `"code":"schleuse_blocked"`) || !strings.Contains(body, "größer als 1 KiB") || !strings.Contains(body, "Vorgangsnummer") {
		t.Fatalf("oversized prompt: %d %s", code, body)
	}
	if len(h.llm.received) != n {
		t.Fatal("the oversized request reached the upstream")
	}
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	if len(recs) != 1 || recs[0].Action != "block" || strings.Join(recs[0].Rules, ",") != "schleuse:too_large" || recs[0].Bytes <= 1<<10 {
		t.Fatalf("audit: %+v", recs)
	}
}

// TestPipelineBlockNamesContact: a block answer through the proxy names
// notice.contact, for a finding and for a request that cannot be inspected.
func TestPipelineBlockNamesContact(t *testing.T) {
	const contact = "Datenschutzbeauftragte Frau Muster, datenschutz@stadt.example"
	h := newPipeHarness(t, func(c *config.Config) { c.Inspect.MaxBodyBytes = 1 << 10; c.Notice.Contact = contact })
	for _, prompt := range []string{"Frau Erika Mustermann hat Diabetes und ist HIV-positiv.", strings.Repeat("Hallo Welt ", 200)} {
		code, body := h.chat(t, "api.openai.com", prompt, false)
		if code != 400 || strings.Count(body, contact) != 2 || strings.Contains(body, "Ihr Datenschutzbeauftragte(r)") {
			t.Errorf("%.20q: %d %s", prompt, code, body)
		}
	}
}

// TestAuditLogClosed: a request that cannot be audited is blocked with the
// audit message and never forwarded.
func TestAuditLogClosed(t *testing.T) {
	h := newPipeHarness(t, nil)
	if code, _ := h.chat(t, "api.openai.com", "Hallo", false); code != 200 {
		t.Fatal(code)
	}
	h.audit.Close()
	n := len(h.llm.received)
	code, body := h.chat(t, "api.openai.com", "Hallo noch einmal", false)
	if code != 400 || !strings.Contains(body, "Protokoll (Audit-Log) ist derzeit nicht verfügbar") {
		t.Fatalf("got %d %s", code, body)
	}
	if len(h.llm.received) != n {
		t.Fatal("an unaudited request reached the upstream")
	}
}

// mountTmpfs mounts a small tmpfs (root only); the test is skipped with the
// reason when that is not possible.
func mountTmpfs(t *testing.T, dir, size string) {
	t.Helper()
	os.MkdirAll(dir, 0o700)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs to simulate a full disk (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
}

// fillDisk writes a file until the file system of dir is full.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill: %v", err)
			}
			return p
		}
	}
}

// TestAuditDiskFull runs the proxy with its audit log on a tiny file system
// and fills it. With the spill file on its own file system the store fails,
// records spill and requests are answered; when the spill is full as well,
// requests are blocked. After space returns, every record acknowledged is
// in the store and the chain verifies.
func TestAuditDiskFull(t *testing.T) {
	for _, spillFull := range []bool{false, true} {
		name := map[bool]string{false: "store full, spill works", true: "store and spill full"}[spillFull]
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "audit")
			mountTmpfs(t, dir, "2m")
			if !spillFull {
				// room for the journal's two preallocated 1 MiB segments
				// and the spilled records
				mountTmpfs(t, filepath.Join(dir, "spill"), "8m")
			}
			var al *audit.Logger
			h := newPipeHarnessOpts(t, pipeOpts{tel: func(p *Pipeline) Metrics {
				var err error
				al, err = audit.Open(context.Background(), audit.Config{Dir: dir, Node: "full", FlushInterval: 20 * time.Millisecond})
				if err != nil {
					t.Fatal(err)
				}
				p.Audit = al
				return nil
			}})
			t.Cleanup(func() { al.Close() })
			prompt := "Bitte fasse die Sitzung vom Dienstag zusammen."
			if code, _ := h.chat(t, "api.openai.com", prompt, false); code != 200 {
				t.Fatal(code)
			}
			if err := al.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			filler := fillDisk(t, dir)
			answered, blocked := 1, 0
			for range 20 {
				code, body := h.chat(t, "api.openai.com", prompt, false)
				switch {
				case code == 200:
					answered++
				case code == 400 && strings.Contains(body, "Audit-Log"):
					blocked++
				default:
					t.Fatalf("unexpected answer %d %s", code, body)
				}
				time.Sleep(30 * time.Millisecond) // let the writer try the store
			}
			if spillFull && blocked == 0 {
				t.Fatalf("nothing blocked with store and spill full (%d answered)", answered)
			}
			if !spillFull && blocked != 0 {
				t.Fatalf("%d requests blocked although the spill file had room; stats %+v", blocked, al.Stats())
			}
			if s := al.Stats(); !s.Degraded && !spillFull {
				t.Errorf("logger not degraded on a full store: %+v", s)
			}
			os.Remove(filler)
			// Space is back: requests pass again and the spill is replayed.
			deadline := time.Now().Add(10 * time.Second)
			for {
				code, _ := h.chat(t, "api.openai.com", prompt, false)
				if code == 200 {
					answered++
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("still blocked after space returned: %+v", al.Stats())
				}
				time.Sleep(100 * time.Millisecond)
			}
			if err := al.Close(); err != nil {
				t.Fatalf("close: %v", err)
			}
			r, err := audit.OpenReader(context.Background(), audit.Config{Dir: dir, Node: "full"})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			recs, _ := r.Query(context.Background(), audit.Filter{Limit: -1})
			if len(recs) != answered || len(h.llm.received) != answered {
				t.Fatalf("%d answered, %d forwarded, %d audit records", answered, len(h.llm.received), len(recs))
			}
			res, err := r.Verify(context.Background())
			if err != nil || !res.OK() {
				t.Fatalf("verify: %+v %v", res, err)
			}
			t.Logf("%d answered, %d blocked; stats %+v", answered, blocked, al.Stats())
		})
	}
}

// TestOversizeNoticeInClaudeChat: a claude.ai completion whose body is not
// read (over inspect.max_body_bytes, corrupt compression) gets its notice
// as the assistant's reply in the chat's own event stream, as a policy
// block does; before, it got a JSON 400 the chat does not show as a reply,
// so the person never learnt why. An upload keeps its JSON error.
func TestOversizeNoticeInClaudeChat(t *testing.T) {
	var reached atomic.Int32
	h := newPipeHarnessWith(t, func(c *config.Config) { c.Inspect.MaxBodyBytes = 1 << 10 },
		map[string]http.Handler{"claude.ai": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Add(1) })})
	post := func(path, ct, enc, body string) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", "https://claude.ai"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Accept", "text/event-stream")
		if enc != "" {
			req.Header.Set("Content-Encoding", enc)
		}
		resp, err := h.client(h.schleuseP, false).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	completion := "/api/organizations/4f5e6d7c/chat_conversations/9a8b7c6d/completion"
	for _, c := range []struct{ name, enc, body, want string }{
		{"too large", "", `{"prompt":"` + strings.Repeat("Hallo Welt ", 200) + `"}`, "größer als 1 KiB"},
		{"corrupt gzip", "gzip", "\x1f\x8b\x08\x00garbage", "beschädigt"},
	} {
		code, ct, body := post(completion, "application/json", c.enc, c.body)
		if code != 200 || !strings.HasPrefix(ct, "text/event-stream") || !strings.Contains(body, "event: content_block_delta") ||
			!strings.Contains(body, c.want) || !strings.Contains(body, "event: message_stop") {
			t.Errorf("%s: %d %s %.400q, want the notice as the chat's reply", c.name, code, ct, body)
		}
	}
	code, ct, body := post("/api/organizations/4f5e6d7c/upload", "multipart/form-data; boundary=x", "", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"+strings.Repeat("a", 2<<10)+"\r\n--x--\r\n")
	if code != 400 || !strings.HasPrefix(ct, "application/json") || !strings.Contains(body, "permission_error") {
		t.Errorf("upload over the cap: %d %s %.300q, want the JSON error", code, ct, body)
	}
	if reached.Load() != 0 {
		t.Error("a request that was not inspected reached claude.ai")
	}
}

// checkUpstreamRecord checks the record of a failed send (up) against its
// request's decision record (dec): same request, user, service, host, path,
// action, policy revision and time (the request's: both fall in the same
// month of the usage report); the rule names the outcome; no finding, no
// value, no bytes; a latency up to the failure, not less than the
// decision's.
func checkUpstreamRecord(t *testing.T, dec, up audit.Record, kind string) {
	t.Helper()
	if up.RequestID != dec.RequestID || up.User != dec.User || up.ServiceID != dec.ServiceID || up.Host != dec.Host ||
		up.Path != dec.Path || up.Action != dec.Action || up.PolicyRevision != dec.PolicyRevision {
		t.Errorf("the failed send's record does not repeat its decision's: %+v, decision %+v", up, dec)
	}
	if len(up.Rules) != 1 || up.Rules[0] != audit.UpstreamRulePrefix+kind || len(up.Findings) != 0 || len(up.Fingerprints) != 0 || up.Bytes != 0 {
		t.Errorf("failed send recorded as %+v, want the rule %s%s only", up, audit.UpstreamRulePrefix, kind)
	}
	if !up.Time.Equal(dec.Time) || up.LatencyMS < dec.LatencyMS {
		t.Errorf("the failed send's record (%v, %v ms) does not have its decision's time (%v, %v ms)", up.Time, up.LatencyMS, dec.Time, dec.LatencyMS)
	}
}

func hasUpstreamRule(r audit.Record) bool {
	return slices.ContainsFunc(r.Rules, func(s string) bool { return strings.HasPrefix(s, audit.UpstreamRulePrefix) })
}

// TestUpstreamErrorKindsAreOutcomes: every kind upstreamErrorKind gives is
// one of the outcomes an audit record of a failed send may name (the
// filters of audit query and the web view accept only those).
func TestUpstreamErrorKindsAreOutcomes(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("x: %w", errParentRefused), x509.UnknownAuthorityError{}, tls.RecordHeaderError{},
		context.DeadlineExceeded, syscall.ECONNREFUSED, errHostAddr, syscall.EHOSTUNREACH, syscall.ECONNRESET,
		context.Canceled, &net.DNSError{Err: "no such host"}, errors.New("something else"),
	} {
		if k := upstreamErrorKind(err); !slices.Contains(audit.UpstreamOutcomes, k) {
			t.Errorf("%T: kind %q is no audit.UpstreamOutcomes entry", err, k)
		}
	}
	if !slices.Contains(audit.UpstreamOutcomes, "status_5xx") {
		t.Error("status_5xx missing")
	}
}

// TestUpstreamFailureInServiceForm: an inspected request whose service
// cannot be reached is answered with the notice in the form of the
// service's block notices — the API's error JSON that the OpenAI,
// Anthropic and Gemini SDKs put into the error they raise, ChatGPT's
// {"detail"}, Le Chat's reply in the chat — German first, then English,
// each with the request's number, the status 502 (504 for a timeout) kept
// where the notice is an error answer. Before, each got text/plain, which
// the SDKs and apps show as a generic error. A request no adapter reads (a
// page load) keeps the text.
func TestUpstreamFailureInServiceForm(t *testing.T) {
	refused := refusedAddr(t)
	hosts := []string{"api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com", "chatgpt.com", "chat.mistral.ai"}
	h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) {
		for _, host := range hosts {
			c.Upstream.Resolve[host+":443"] = refused
		}
	}})
	const prompt = "Wie schreibe ich eine höfliche Absage auf eine Einladung?"
	jsonMsg := func(path ...string) func(t *testing.T, body string) string {
		return func(t *testing.T, body string) string {
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatalf("not JSON: %v: %q", err, body)
			}
			for _, k := range path {
				m, _ := v.(map[string]any)
				v = m[k]
			}
			s, _ := v.(string)
			return s
		}
	}
	for _, c := range []struct {
		name, url, body string
		status          int
		ct              string
		read            func(t *testing.T, body string) string
	}{
		{"openai", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"` + prompt + `"}]}`, 502, "application/json", jsonMsg("error", "message")},
		// Redacted: the pseudonym restorer, set up for the service's
		// answer, passes the notice as it is.
		{"openai redacted", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Bitte schreibe Herrn Mehmet Yılmaz eine höfliche Absage."}]}`, 502, "application/json", jsonMsg("error", "message")},
		{"anthropic", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4","max_tokens":100,"messages":[{"role":"user","content":"` + prompt + `"}]}`, 502, "application/json", jsonMsg("error", "message")},
		{"gemini", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"` + prompt + `"}]}]}`, 502, "application/json", jsonMsg("error", "message")},
		{"chatgpt", "https://chatgpt.com/backend-api/f/conversation",
			`{"action":"next","messages":[{"id":"b","author":{"role":"user"},"content":{"content_type":"text","parts":["` + prompt + `"]}}],"model":"auto"}`,
			502, "application/json", jsonMsg("detail")},
		// Le Chat shows a notice only as its reply in the chat, a 200.
		{"lechat", "https://chat.mistral.ai/api/chat",
			`{"chatId":"5b6c7d8e","model":"mistral-medium","messageInput":"` + prompt + `","mode":"append"}`, 200, "text/plain", leChatText},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", c.url, strings.NewReader(c.body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := h.client(h.schleuseP, false).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			id := resp.Header.Get("X-Schleuse-Request-Id")
			if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.ct) || id == "" {
				t.Fatalf("%d %s id %q: %.300q; want %d %s with the request id", resp.StatusCode, resp.Header.Get("Content-Type"), id, raw, c.status, c.ct)
			}
			text := c.read(t, string(raw))
			de, en := strings.Index(text, "schleuse: Der KI-Dienst ist derzeit nicht erreichbar."), strings.Index(text, "[EN] schleuse: the AI service cannot be reached right now.")
			if de != 0 || en < de || !strings.Contains(text, "Vorgangsnummer: "+id+".") || !strings.Contains(text, "Reference number (Vorgangsnummer): "+id+".") {
				t.Errorf("the notice is not German, then English, each with the number %s:\n%s", id, text)
			}
			if strings.Contains(text, "höfliche Absage") || strings.Contains(text, "Yılmaz") || strings.Contains(text, "PERSON") {
				t.Errorf("the notice quotes the prompt: %s", text)
			}
		})
	}
	// A page load of a web app: no adapter reads it, the browser shows text.
	req, _ := http.NewRequest("GET", "https://chatgpt.com/", nil)
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") || !strings.Contains(string(raw), "Vorgangsnummer: "+resp.Header.Get("X-Schleuse-Request-Id")) {
		t.Errorf("page load: %d %s %q, want the plain-text notice", resp.StatusCode, resp.Header.Get("Content-Type"), raw)
	}
}
