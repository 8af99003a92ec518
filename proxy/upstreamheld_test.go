package proxy

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/logsink"
)

// downAfterFirst is the harness's audit log as it is when the disk fills
// while a request is on its way: the decision's record is taken, every
// later one refused with the Logger's ErrUnavailable until up is set.
type downAfterFirst struct {
	Auditor
	mu sync.Mutex
	n  int
	up atomic.Bool
}

func (d *downAfterFirst) Log(e audit.Entry) error {
	d.mu.Lock()
	d.n++
	n := d.n
	d.mu.Unlock()
	if n > 1 && !d.up.Load() {
		return fmt.Errorf("%w: journal: write /var/lib/schleuse/journal/0001: no space left on device", audit.ErrUnavailable)
	}
	return d.Auditor.Log(e)
}

// heldHarness is a pipeline harness whose audit log refuses every record
// after the first (downAfterFirst) and whose Azure OpenAI resource refuses
// connections: a request there is sent and fails, its record held.
func heldHarness(t *testing.T, logs *logsink.Buffer, retry time.Duration) (*pipeHarness, *downAfterFirst) {
	refused := refusedAddr(t)
	var down *downAfterFirst
	h := newPipeHarnessOpts(t, pipeOpts{log: logs, mutate: func(c *config.Config) {
		c.Upstream.Resolve["myres.openai.azure.com:443"] = refused
	}, tel: func(p *Pipeline) Metrics {
		down = &downAfterFirst{Auditor: p.Audit}
		p.Audit = down
		p.heldRetry = retry
		return nil
	}})
	return h, down
}

// TestFailedSendHeldWhileAuditDown: a forwarded request whose send fails
// while the audit log refuses records (full disk) gets its notice as
// ever, and the record of the failed send is held and written, with its
// request's time, once the log takes records again. A request that
// arrives meanwhile is blocked (fail closed, TestAuditLogClosed). Before,
// the failed send's record was only named in the log and lost: the
// decision's record alone told an auditor the prompt went out as usual.
func TestFailedSendHeldWhileAuditDown(t *testing.T) {
	logs := &logsink.Buffer{}
	h, down := heldHarness(t, logs, 20*time.Millisecond)
	failedAt := time.Now()
	code, body := h.chat(t, "myres.openai.azure.com", "Bitte formuliere eine Einladung.", false)
	answeredAt := time.Now() // the record is written at least 100 ms after this
	if code != 502 || !strings.Contains(body, "nicht erreichbar") {
		t.Fatalf("got %d %q", code, body)
	}
	if !strings.Contains(logs.String(), `"msg":"audit: Das Audit-Log nimmt keine Einträge an, der Eintrag einer gescheiterten Übermittlung wird zurückgehalten und geschrieben, sobald es wieder Einträge annimmt / audit log unavailable: failed upstream send held, recorded when the log takes records again"`) {
		t.Errorf("no log line for the held record:\n%s", logs.String())
	}
	// Meanwhile a request is blocked: nothing goes out unaudited.
	if code, body := h.chat(t, "api.openai.com", "Hallo", false); code != 400 || !strings.Contains(body, "Audit-Log") {
		t.Errorf("a request while the log refuses: %d %q", code, body)
	}
	time.Sleep(100 * time.Millisecond) // some retries fail
	down.up.Store(true)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), `"msg":"audit: Das Audit-Log nimmt wieder Einträge an, die zurückgehaltenen Einträge gescheiterter Übermittlungen sind geschrieben / audit log takes records again: held records of failed upstream sends written"`) {
		if time.Now().After(deadline) {
			t.Fatalf("the held record was not written:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	if len(recs) != 2 || recs[0].Action != "allow" || hasUpstreamRule(recs[0]) {
		t.Fatalf("audit: %+v", recs)
	}
	checkUpstreamRecord(t, recs[0], recs[1], "refused")
	// Between the request and its answer, not when it was written: a
	// bound that holds however slow the machine (a fixed 90 ms failed once
	// at load 17).
	if at := recs[1].Time; at.Before(failedAt.Truncate(time.Millisecond)) || at.After(answeredAt) {
		t.Errorf("the held record has the time it was written (%v after the request, answered after %v), not its request's", at.Sub(failedAt), answeredAt.Sub(failedAt))
	}
	h.pipe.held.mu.Lock()
	defer h.pipe.held.mu.Unlock()
	if len(h.pipe.held.entries) != 0 || h.pipe.held.running {
		t.Errorf("still held: %d, retrying %v", len(h.pipe.held.entries), h.pipe.held.running)
	}
}

// TestAuditRefusalsLoggedOncePerInterval: while the audit log refuses
// records every request is blocked as before, but the log gets one line
// per interval with the number left out; before, each refused request
// wrote its own line (hundreds a minute on a full disk).
func TestAuditRefusalsLoggedOncePerInterval(t *testing.T) {
	// An interval no run of five requests outlasts, however loaded the
	// machine (a race run at load 8 once took over 500 ms for them); its
	// end is then set, not waited for.
	defer func(d time.Duration) { auditErrorEvery = d }(auditErrorEvery)
	auditErrorEvery = time.Hour
	logs := &logsink.Buffer{}
	h := newPipeHarnessOpts(t, pipeOpts{log: logs})
	h.audit.Close()
	const line = `"msg":"audit: Das Audit-Log nimmt keine Einträge an, Anfrage blockiert / audit log unavailable: request blocked"`
	for i := range 5 {
		if code, body := h.chat(t, "api.openai.com", "Hallo", false); code != 400 || !strings.Contains(body, "Protokoll (Audit-Log) ist derzeit nicht verfügbar") {
			t.Fatalf("request %d: %d %q", i, code, body)
		}
	}
	if n := strings.Count(logs.String(), line); n != 1 || !strings.Contains(logs.String(), `"not_logged_since":0`) {
		t.Fatalf("%d lines for 5 refusals in one interval, want 1:\n%s", n, logs.String())
	}
	if len(h.llm.received) != 0 {
		t.Fatal("an unaudited request reached the upstream")
	}
	h.pipe.auditErrs.mu.Lock()
	h.pipe.auditErrs.last = h.pipe.auditErrs.last.Add(-auditErrorEvery)
	h.pipe.auditErrs.mu.Unlock()
	if code, _ := h.chat(t, "api.openai.com", "Hallo", false); code != 400 {
		t.Fatalf("after the interval: %d", code)
	}
	if n := strings.Count(logs.String(), line); n != 2 || !strings.Contains(logs.String(), `"not_logged_since":4`) {
		t.Errorf("%d lines, want the second with the 4 left out:\n%s", n, logs.String())
	}
}

// TestHeldRecordsFlushedAtShutdown: a stop or restart while a failed
// send's record is held writes it once more after the last request, before
// the audit log is closed, and names how many are lost when the log still
// refuses them (counts only). Before, the retry's goroutine ended with the
// process and the records were gone without a line.
func TestHeldRecordsFlushedAtShutdown(t *testing.T) {
	for _, up := range []bool{true, false} {
		t.Run(fmt.Sprintf("log takes records: %v", up), func(t *testing.T) {
			logs := &logsink.Buffer{}
			h, down := heldHarness(t, logs, time.Hour) // no retry before the stop
			if code, body := h.chat(t, "myres.openai.azure.com", "Bitte formuliere eine Einladung.", false); code != 502 {
				t.Fatalf("got %d %q", code, body)
			}
			down.up.Store(up)
			if err := h.srv.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			recs := auditRecords(t, h.audit, h.stateDir, "test")
			if up {
				if len(recs) != 2 || !strings.Contains(logs.String(), `"msg":"Beenden: die zurückgehaltenen Einträge gescheiterter Übermittlungen sind geschrieben / shutdown: held records of failed upstream sends written","records":1`) {
					t.Fatalf("held record not written at shutdown: %+v\n%s", recs, logs.String())
				}
				checkUpstreamRecord(t, recs[0], recs[1], "refused")
				return
			}
			if len(recs) != 1 || !strings.Contains(logs.String(), `"msg":"Beenden: das Audit-Log nimmt keine Einträge an, zurückgehaltene Einträge gescheiterter Übermittlungen gehen verloren (ihre Zahl unter records) / shutdown: audit log unavailable: held records of failed upstream sends lost","records":1`) {
				t.Fatalf("lost record not named at shutdown: %+v\n%s", recs, logs.String())
			}
			if strings.Contains(logs.String(), "Einladung") {
				t.Errorf("prompt text in the log:\n%s", logs.String())
			}
		})
	}
}

// TestFailedSendAtMonthEnd: a send that fails just after midnight on a
// month's last day, its request decided just before, counts in that
// month's usage report with its request (clock injected). Before, the
// failed send's record had the time of the failure and counted in the
// next month, whose requests did not include it.
func TestFailedSendAtMonthEnd(t *testing.T) {
	before := time.Date(2026, 11, 30, 23, 59, 59, 900e6, time.Local)
	after := time.Date(2026, 12, 1, 0, 0, 0, 200e6, time.Local)
	var clock atomic.Pointer[time.Time]
	clock.Store(&before)
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"myres.openai.azure.com": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			clock.Store(&after) // the service fails after midnight
			w.WriteHeader(http.StatusBadGateway)
		})},
		tel: func(p *Pipeline) Metrics {
			p.Now = func() time.Time { return *clock.Load() }
			return nil
		},
	})
	if code, _ := h.chat(t, "myres.openai.azure.com", "Bitte formuliere eine Einladung.", false); code != http.StatusBadGateway {
		t.Fatalf("got %d, want the service's 502", code)
	}
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	if len(recs) != 2 {
		t.Fatalf("audit: %+v", recs)
	}
	checkUpstreamRecord(t, recs[0], recs[1], "status_5xx")
	r := h.auditReader(t)
	for month, want := range map[string][2]int64{"2026-11": {1, 1}, "2026-12": {0, 0}} {
		rep, err := r.UsageReport(context.Background(), month)
		if err != nil {
			t.Fatal(err)
		}
		var got [2]int64
		for _, s := range rep.Services {
			got[0] += s.Requests
			got[1] += s.UpstreamFailed
		}
		if got != want {
			t.Errorf("usage report %s: %d requests, %d failed sends; want %d, %d", month, got[0], got[1], want[0], want[1])
		}
	}
}
