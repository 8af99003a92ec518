package proxy

import (
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/schleuse/schleuse/audit"
)

// The records of failed sends the audit log refused (full disk) are held
// and written when it takes records again. A request the log cannot record
// is blocked (fail closed, auditFailed); a failed send's record cannot
// block anything, its request was sent already and has failed. Dropped,
// the decision's record alone told an auditor the prompt went out as
// usual. It holds no value and no text: user, service, host, path, action,
// outcome.
const (
	maxHeldUpstream  = 10000       // records held at most; more are dropped, and counted in the log
	heldUpstreamFor  = time.Hour   // a record held longer is dropped
	heldUpstreamWait = time.Second // between two tries (Pipeline.heldRetry in tests)
)

// errUpstreamHeld marks a failed send's record the log refused and that is
// held to be written later.
var errUpstreamHeld = errors.New("held, written when the audit log takes records again")

// heldUpstream is the Pipeline's queue of refused records of failed sends.
type heldUpstream struct {
	mu      sync.Mutex
	entries []audit.Entry
	since   []time.Time // when each entry was held
	running bool        // a retry goroutine runs
	dropped int         // entries dropped (over maxHeldUpstream) since the last log line
}

// holdUpstream queues e after the log refused it (err) and starts the
// retries; it returns the error to log: errUpstreamHeld with err.
func (p *Pipeline) holdUpstream(e audit.Entry, err error) error {
	h := &p.held
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.entries) >= maxHeldUpstream {
		h.dropped++
		return err
	}
	h.entries = append(h.entries, e)
	h.since = append(h.since, time.Now())
	if !h.running {
		h.running = true
		go p.retryHeld()
	}
	return errors.Join(errUpstreamHeld, err)
}

// retryHeld writes the held records, oldest first, as soon as the log takes
// them; it ends when none is left.
func (p *Pipeline) retryHeld() {
	wait := p.heldRetry
	if wait <= 0 {
		wait = heldUpstreamWait
	}
	log := p.heldLog()
	h := &p.held
	for {
		time.Sleep(wait)
		h.mu.Lock()
		written, expired, lastErr := p.writeHeld()
		left, dropped := len(h.entries), h.dropped
		h.dropped = 0
		if left == 0 {
			h.running = false
			h.entries, h.since = nil, nil
		}
		h.mu.Unlock()
		if written > 0 {
			log.Info("audit: Das Audit-Log nimmt wieder Einträge an, die zurückgehaltenen Einträge gescheiterter Übermittlungen sind geschrieben / audit log takes records again: held records of failed upstream sends written", "records", written, "still_held", left)
		}
		if expired+dropped > 0 {
			log.Error("audit: Das Audit-Log nimmt keine Einträge an, Einträge gescheiterter Übermittlungen verworfen (länger als 1 Stunde zurückgehalten oder mehr als 10 000; ihre Zahl unter records) / audit log unavailable: records of failed upstream sends dropped (held longer than 1h, or more than 10000)", "records", expired+dropped, "error", errString(lastErr))
		}
		if left == 0 {
			return
		}
	}
}

// writeHeld writes the held records, oldest first, until the log refuses
// one (lastErr), and drops those held longer than heldUpstreamFor
// (expired). p.held.mu is held.
func (p *Pipeline) writeHeld() (written, expired int, lastErr error) {
	h := &p.held
	for len(h.entries) > 0 {
		if time.Since(h.since[0]) > heldUpstreamFor {
			expired++
		} else if err := p.Audit.Log(h.entries[0]); err != nil {
			return written, expired, err
		} else {
			written++
		}
		h.entries, h.since = h.entries[1:], h.since[1:]
	}
	return written, expired, nil
}

func (p *Pipeline) heldLog() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

// heldFlusher is implemented by an Inspector that holds records of failed
// sends (*Pipeline): Server.Shutdown writes them once more after the last
// request, while the audit log is still open.
type heldFlusher interface {
	FlushHeld()
}

// FlushHeld writes the held records of failed sends, oldest first, and
// logs how many the audit log still refuses: they are lost with the
// process. Before, a stop or restart while records were held (the retry
// waits a second between two tries, a full disk for longer) dropped them
// without a line: the decisions' records alone said the prompts went out
// as usual. The line holds counts only, no value.
func (p *Pipeline) FlushHeld() {
	h := &p.held
	h.mu.Lock()
	written, expired, lastErr := p.writeHeld()
	lost := expired + len(h.entries) + h.dropped
	h.entries, h.since, h.dropped = nil, nil, 0
	h.mu.Unlock()
	log := p.heldLog()
	if written > 0 {
		log.Info("Beenden: die zurückgehaltenen Einträge gescheiterter Übermittlungen sind geschrieben / shutdown: held records of failed upstream sends written", "records", written)
	}
	if lost > 0 {
		log.Error("Beenden: das Audit-Log nimmt keine Einträge an, zurückgehaltene Einträge gescheiterter Übermittlungen gehen verloren (ihre Zahl unter records) / shutdown: audit log unavailable: held records of failed upstream sends lost", "records", lost, "error", errString(lastErr))
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
