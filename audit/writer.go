package audit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// take removes and returns everything queued (journal lines) and hands
// the sealed journal segments to the writer (all their records are in
// what take returns or in earlier takes). If records are queued, the
// current segment is sealed and the spare becomes the current one. The
// chunks the writer decoded since the last take (w.done) go back to Log
// for reuse.
func (l *Logger) take(w *batchWriter) [][]byte {
	var sealed []*segment
	var q [][]byte
	l.mu.Lock()
	l.free = append(l.free, w.done[:min(len(w.done), maxFreeChunks-len(l.free))]...)
	if l.queued > 0 {
		sealed = l.jr.rotate()
		q = l.queue
		l.queue, l.queued, w.chunks = w.chunks[:0], 0, nil
	}
	l.mu.Unlock()
	clear(w.done)
	w.done = w.done[:0]
	if len(sealed) > 0 {
		w.lastTake = 0
		for _, s := range sealed {
			w.lastTake += s.size
		}
	}
	w.sealed = append(w.sealed, sealed...)
	return q
}

// dropJournal deletes the sealed journal segments once nothing taken so
// far is held: every record in them is durable. With last set (Close) the
// current segment and the spare go too, or, if records are held, all
// segments are kept for the next Open to replay.
func (w *batchWriter) dropJournal(last bool) {
	l := w.l
	if last {
		l.mu.Lock()
		if l.jr.cur != nil {
			l.jr.sealed = append(l.jr.sealed, l.jr.cur)
			l.jr.cur = nil
		}
		w.sealed = append(w.sealed, l.jr.sealed...)
		l.jr.sealed = nil
		l.mu.Unlock()
		if l.jr.next != nil {
			w.sealed = append(w.sealed, l.jr.next)
			l.jr.next = nil
		}
		if w.reused != nil {
			w.sealed = append(w.sealed, w.reused)
			w.reused = nil
		}
	}
	if len(w.held) > 0 || w.keepJournal {
		if last {
			closeFiles(w.sealed)
		}
		return
	}
	drop := w.sealed
	if !last && w.reused == nil {
		// Keep one durable segment as the next spare (recycle).
		for i := len(drop) - 1; i >= 0; i-- {
			if l.jr.recycle(drop[i]) {
				w.reused = drop[i]
				drop = append(drop[:i:i], drop[i+1:]...)
				break
			}
		}
	}
	if err := l.jr.drop(drop); err != nil && last && l.closeErr == nil {
		l.closeErr = err
	}
	clear(w.sealed)
	w.sealed = w.sealed[:0]
}

// run is the writer goroutine.
func (l *Logger) run() {
	defer close(l.exited)
	w := &batchWriter{l: l, chunks: make([][]byte, 0, 64)}
	tick := time.NewTicker(l.cfg.FlushInterval)
	defer tick.Stop()
	w.replay()
	w.retention()
	w.spare()
	batch := make([]Record, 0, l.cfg.BatchSize)
	// writeAll writes what is queued now, in batches of BatchSize, and
	// deletes the journal segments that held only durable records.
	writeAll := func() {
		w.spare() // so that take can rotate
		q := l.take(w)
		w.spare() // for the time the writer commits
		for _, c := range q {
			// One string per chunk: the records' strings are parts of it.
			for rest := string(c); len(rest) > 0; {
				line, after, _ := strings.Cut(rest, "\n")
				rest = after
				var err error
				if batch, err = decode(batch, line); err != nil {
					w.keepJournal = true
					l.broken.Store(&err)
					continue
				}
				if len(batch) == l.cfg.BatchSize {
					w.write(batch)
					batch = batch[:0]
				}
			}
			w.done = append(w.done, c[:0])
		}
		if q != nil {
			clear(q)
			w.chunks = q[:0]
		}
		w.write(batch) // also retries held records
		batch = batch[:0]
		w.dropJournal(false)
	}
	for {
		select {
		case <-l.wake:
			writeAll()
		case <-tick.C:
			writeAll()
			w.checkClock(l.clock())
			w.checkNodeLock()
			w.replay()
			w.retention()
			w.noteHead(false)
		case ch := <-l.flushReq:
			writeAll()
			ch <- w.err()
		case <-l.done:
			w.retryAt = time.Time{} // last chance: try the store regardless of backoff
			writeAll()
			w.replay()
			w.noteHead(true)
			l.closeErr = w.err()
			w.dropJournal(true)
			return
		}
	}
}

// spare creates the next journal segment, prefaulted, if the journal has
// none: off the request path, before the writer commits, so that Log can
// switch to it if the current segment fills up meanwhile. It is sized for twice the bytes of the last
// rotation or of the records journaled since, whichever is more, so that
// a rising load grows the segments here rather than in Log. If that fails,
// Log goes on writing the current segment (and opens one itself when it
// is full).
func (w *batchWriter) spare() {
	j := w.l.jr
	w.l.mu.Lock()
	have := j.next != nil // only the writer sets it
	var since int64
	for _, s := range j.sealed {
		since += s.size
	}
	if j.cur != nil {
		since += j.cur.size
	}
	w.l.mu.Unlock()
	if have {
		return
	}
	want := segmentSizeFor(max(w.lastTake, since))
	s := w.reused
	w.reused = nil
	if s != nil && (len(s.m) < want || len(s.m) > 4*want || !s.reuse()) {
		s.remove()
		s = nil
	}
	if s == nil {
		var err error
		if s, err = newSegment(j.dir, want, true); err != nil {
			return
		}
	}
	w.l.mu.Lock()
	j.next = s
	w.l.mu.Unlock()
}

// batchWriter holds the writer goroutine's state.
type batchWriter struct {
	l         *Logger
	held      []Record  // records neither the store nor the spill took; retried first
	retryAt   time.Time // store backoff
	backoff   time.Duration
	lastPrune time.Time
	// lockCheckedAt: when checkNodeLock last looked.
	lockCheckedAt time.Time
	lastTake      int64      // journal bytes sealed at the last rotation: sizes the spare
	reused        *segment   // a durable segment, cleared, to become the next spare (recycle)
	sealed        []*segment // journal segments no longer written, deleted once their records are durable
	chunks        [][]byte   // empty list for the queue's chunks, swapped in by take
	done          [][]byte   // decoded chunks, handed back to Log by take
	// head is the newest record of this node committed to the store,
	// noted the one last noted in the heads file, at notedAt.
	head, noted Anchor
	notedAt     time.Time
	// keepJournal: a queued line could not be decoded (a bug); the journal
	// is never deleted, so the next Open replays what it can.
	keepJournal bool
}

// storeTimeout bounds one insert of n records: a store that does not answer
// in time is taken as down and the records go to the spill file. It grows
// with the batch, as the insert's work does: a fixed bound was too short for
// a large batch on a loaded machine (15 000 records under the race detector
// at load 13), which was then spilled though the store was up.
func storeTimeout(n int) time.Duration {
	return 10*time.Second + time.Duration(n)*5*time.Millisecond
}

// write makes batch durable: the store if it is up, else the spill file,
// else hold it in memory and fail Log closed until it can be written.
func (w *batchWriter) write(batch []Record) {
	l := w.l
	recs := batch
	if len(w.held) > 0 {
		recs = append(w.held, batch...)
	}
	if len(recs) == 0 {
		return
	}
	if time.Now().After(w.retryAt) && !l.halted() {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout(len(recs)))
		err := l.st.insert(ctx, recs)
		cancel()
		if err == nil {
			l.written.Add(uint64(len(recs)))
			w.stored(recs)
			w.held = nil
			w.ok()
			return
		}
		w.fail(err)
	}
	if err := l.sp.write(recs); err != nil {
		w.held = append(w.held[:0:0], recs...)
		if !l.halted() {
			l.broken.Store(&err)
		}
		return
	}
	l.spilled.Add(uint64(len(recs)))
	w.held = nil
	if !w.keepJournal && !l.halted() {
		l.broken.Store(nil)
	}
}

// ok records that the store works again. Held records stay held until
// write has stored them; until then Log keeps failing closed.
func (w *batchWriter) ok() {
	w.backoff, w.retryAt = 0, time.Time{}
	w.l.degraded.Store(false)
	w.l.storeErr.Store(nil)
	if len(w.held) == 0 && !w.keepJournal && !w.l.halted() {
		w.l.broken.Store(nil)
	}
}

// fail records that the store failed with err (kept for Stats: the
// operator must see why records spill). A new key period (checkPeriod)
// stops the writing for good (staleKeys).
func (w *batchWriter) fail(err error) {
	if se := (*staleError)(nil); errors.As(err, &se) {
		w.staleKeys(se)
		return
	}
	w.backoff = min(max(2*w.backoff, 100*time.Millisecond), 10*time.Second)
	w.retryAt = time.Now().Add(w.backoff)
	msg := err.Error()
	w.l.storeErr.Store(&msg)
	w.l.degraded.Store(true)
}

// err reports whether anything logged so far is not durable.
func (w *batchWriter) err() error {
	if len(w.held) > 0 {
		cause := errors.New("store and spill file failing")
		if b := w.l.broken.Load(); b != nil {
			cause = *b
		}
		return fmt.Errorf("%w: %d records not durable: %w", ErrUnavailable, len(w.held), cause)
	}
	return nil
}

// staleKeys stops the writing once a new key period cur began while this
// node writes with the keys of the period before: Log refuses from now
// on (the proxy blocks every request, fail closed), nothing more reaches
// the store, and what is queued goes to the spill file, to be written by
// the next start (with the new key file; the old one is refused). The
// records of this node from the next period's start on were made with
// the old keys: they are recorded as the old period's (recordLate,
// audit_keys_late) and the message names them.
func (w *batchWriter) staleKeys(se *staleError) {
	l := w.l
	if l.stale.Load() != nil {
		return
	}
	cur := se.cur
	node := l.cfg.Node
	err := fmt.Errorf("audit: Für das Audit-Log wurde ein neuer Schlüsselzeitraum %d begonnen (schleuse audit new-keys, Schlüssel-ID %s, seit %s), dieser Knoten %s schreibt aber noch mit den Schlüsseln des Zeitraums %d. "+
		"Er schreibt nichts mehr ins Protokoll, und jede Anfrage an KI-Dienste wird blockiert, bis schleuse mit der neuen Schlüsseldatei neu gestartet wird: die Datei, die new-keys angelegt hat, als %s hierher kopieren und neu starten (docs/audit.md, Abschnitt 2) / "+
		"%w: key period %d began (schleuse audit new-keys, key id %s, since %s) while node %s writes with the keys of period %d; it writes nothing more and requests to AI services are blocked until schleuse is restarted with the new key file: copy the file new-keys made to %s and restart",
		cur.Period, cur.KeyID, cur.Created.Format(time.RFC3339), node, w.period(), l.cfg.KeyFile,
		ErrKeysStale, cur.Period, cur.KeyID, cur.Created.Format(time.RFC3339), node, w.period(), l.cfg.KeyFile)
	l.broken.Store(&err) // before reading seq: no Log call succeeds after it
	l.mu.Lock()
	last := l.seq
	l.mu.Unlock()
	msg := err.Error()
	if r, ok := lateRecords(l.keys, se.own, se.next, node, last); ok {
		msg += " — " + w.recordLate(r)
	}
	l.stale.Store(&msg)
	w.l.degraded.Store(false)
	w.l.storeErr.Store(nil)
}

// recordLate records that the records of r were made with the keys of
// r.Period, though a later period began before them: in the pending file
// in state_dir first, then in the store's audit_keys_late (the file is
// removed then; else the next Open writes it). It returns the message's
// part on them.
func (w *batchWriter) recordLate(r lateRow) string {
	l := w.l
	ferr := keepLate(l.cfg.Dir, r)
	var serr error = errors.New("store without audit_keys_late")
	if st, ok := l.st.(interface {
		insertLate(context.Context, []lateRow) error
	}); ok {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout(1))
		serr = st.insertLate(ctx, []lateRow{r})
		cancel()
	}
	if serr == nil && ferr == nil {
		ferr = os.Remove(filepath.Join(l.cfg.Dir, LateFileName))
		if ferr != nil {
			ferr = nil // written twice does no harm: the next Open's insert keeps the row
		}
	}
	switch {
	case serr == nil:
		return fmt.Sprintf("Die Einträge %d..%d dieses Knotens sind noch mit den alten Schlüsseln gemacht und liegen in state_dir/spill; der Neustart schreibt sie ins Protokoll. Sie sind als Einträge des Schlüsselzeitraums %d vermerkt (Tabelle audit_keys_late): die Suche nach einem Wert und reveal finden sie mit dessen Schlüsseldatei (--key-file), audit verify nennt sie / "+
			"records %d..%d of this node were made with the old keys and wait in state_dir/spill; the restart writes them to the log. They are recorded as key period %d's (table audit_keys_late): value searches and reveal find them with that period's key file (--key-file), audit verify lists them",
			r.First, r.Last, r.Period, r.First, r.Last, r.Period)
	case ferr == nil:
		return fmt.Sprintf("Die Einträge %d..%d dieses Knotens sind noch mit den alten Schlüsseln gemacht und liegen in state_dir/spill; der Neustart schreibt sie ins Protokoll und trägt sie als Einträge des Schlüsselzeitraums %d ein (jetzt in state_dir/%s vermerkt, die Datenbank nahm den Vermerk nicht an: %v); dann finden die Suche nach einem Wert und reveal sie mit dessen Schlüsseldatei (--key-file) / "+
			"records %d..%d of this node were made with the old keys and wait in state_dir/spill; the restart writes them to the log and records them as key period %d's (kept in state_dir/%s for now, the database did not take it: %v); searches then find them with that period's key file",
			r.First, r.Last, r.Period, LateFileName, serr, r.First, r.Last, r.Period, LateFileName, serr)
	}
	return fmt.Sprintf("Die Einträge %d..%d dieses Knotens sind noch mit den alten Schlüsseln gemacht und liegen in state_dir/spill; dass sie zum Schlüsselzeitraum %d gehören, ließ sich weder in der Datenbank (%v) noch in state_dir (%v) vermerken: nach dem Neustart zählen sie zum neuen Zeitraum, wo die Suche nach einem Wert sie nicht findet. Diese Meldung aufbewahren / "+
		"records %d..%d of this node were made with the old keys and wait in state_dir/spill; that they belong to key period %d could be recorded neither in the database (%v) nor in state_dir (%v): after the restart they count as the new period's, where value searches do not find them. Keep this message",
		r.First, r.Last, r.Period, serr, ferr, r.First, r.Last, r.Period, serr, ferr)
}

// halted says that this node writes nothing more to the store: a new key
// period began (stale), or another writer took its node id (taken).
func (l *Logger) halted() bool { return l.stale.Load() != nil || l.taken.Load() != nil }

// nodeLockEvery is how often the writer makes sure it still holds its
// node lock on a PostgreSQL log.
var nodeLockEvery = 5 * time.Second

// checkNodeLock makes sure, every nodeLockEvery, that this node still
// holds its node lock on a PostgreSQL log: the lock goes with the
// connection that holds it (a database restart, a failover, a network
// cut), and without it audit new-keys and a second writer with the same
// node id no longer see this one. A lost lock is taken again; if another
// writer holds it meanwhile, this node stops writing (two writers would
// interleave one chain) and Log refuses, fail closed (NodeTaken).
func (w *batchWriter) checkNodeLock() {
	l := w.l
	st, ok := l.st.(interface{ checkNodeLock(context.Context) error })
	if !ok || l.taken.Load() != nil || time.Since(w.lockCheckedAt) < l.lockEvery {
		return
	}
	w.lockCheckedAt = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout(1))
	err := st.checkNodeLock(ctx)
	cancel()
	if !errors.Is(err, errNodeTaken) {
		return // held, taken again, or the database unreachable: tried again next time
	}
	node := l.cfg.Node
	taken := fmt.Errorf("audit: Die Sperre des Knotens %s an diesem Audit-Log ging mit seiner Datenbankverbindung verloren, und ein anderer schleuse schreibt inzwischen unter derselben Knoten-ID: zwei Schreiber verflöchten eine Kette. Dieser Knoten schreibt nichts mehr ins Protokoll (was er noch hat, bleibt in state_dir/spill), und jede Anfrage an KI-Dienste wird blockiert. Jedem Knoten eine eigene audit.node geben, dann neu starten (docs/audit.md, Abschnitt 2) / "+
		"%w: the lock of node %s on this audit log was lost with its database connection and another schleuse writes under the same node id meanwhile: this node writes nothing more (what it holds stays in state_dir/spill) and requests to AI services are blocked; give every node its own audit.node and restart",
		node, errNodeTaken, node)
	l.broken.Store(&taken)
	msg := taken.Error()
	l.taken.Store(&msg)
	l.degraded.Store(false)
	l.storeErr.Store(nil)
}

// period is the key period the store was opened with.
func (w *batchWriter) period() int64 {
	if s, ok := w.l.st.(*sqlStore); ok {
		return s.period
	}
	return 0
}

// replay moves spilled records into the store, oldest file first.
func (w *batchWriter) replay() {
	l := w.l
	if l.halted() {
		return
	}
	if l.sp.bytes() == 0 && len(w.held) == 0 {
		if files, _ := l.sp.pending(); len(files) == 0 {
			return
		}
	}
	if time.Now().Before(w.retryAt) {
		return
	}
	files, err := l.sp.rotate()
	if err != nil {
		return
	}
	for _, f := range files {
		skipped, err := readSpill(f, l.cfg.BatchSize, func(recs []Record) error {
			ctx, cancel := context.WithTimeout(context.Background(), storeTimeout(len(recs)))
			defer cancel()
			if err := l.st.insert(ctx, recs); err != nil {
				return err
			}
			l.written.Add(uint64(len(recs)))
			w.stored(recs)
			return nil
		})
		if err != nil {
			w.fail(err)
			return
		}
		l.skipped.Add(uint64(skipped))
		if err := l.sp.done(f); err != nil {
			return
		}
	}
	w.ok()
}

// retention prunes old records at most once an hour.
func (w *batchWriter) retention() {
	l := w.l
	if l.cfg.Retention <= 0 || time.Since(w.lastPrune) < time.Hour || time.Now().Before(w.retryAt) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	n, err := l.st.prune(ctx, time.Now().Add(-l.cfg.Retention))
	l.pruned.Add(uint64(n)) // a failure on a later node leaves the earlier deletions done
	if err != nil {
		// Counted for the log and the status page: records past the
		// period the DPO set would otherwise stay without a word.
		msg := err.Error()
		l.pruneErr.Store(&msg)
		return
	}
	w.lastPrune = time.Now()
	l.pruneErr.Store(nil)
}

// stored takes the head of this node from records committed to the store.
func (w *batchWriter) stored(recs []Record) {
	for i := len(recs) - 1; i >= 0; i-- {
		if r := &recs[i]; r.Node == w.l.cfg.Node {
			if r.Seq > w.head.Seq {
				w.head = Anchor{Node: r.Node, Seq: r.Seq, Hash: r.Hash}
			}
			return
		}
	}
}

// checkClock notes when the wall clock stepped back since the last look
// by more than clockSlack, measured against the monotonic clock, which
// no one sets: records written after it carry times before older ones.
func (w *batchWriter) checkClock(wall time.Time, mono time.Duration) {
	l := w.l
	expect := l.clockWall.Add(mono - l.clockMono) // the last wall reading plus the monotonic time since
	if d := time.Duration(expect.UnixNano() - wall.UnixNano()); d > clockSlack {
		msg := clockBackMsg(wall, d, "the time it kept until "+l.clockWall.UTC().Format(time.RFC3339))
		l.clockBack.Store(&msg)
	}
	l.clockWall, l.clockMono = wall, mono
}

// noteHead notes the committed head in the heads file when it moved: at
// once after the start, then at most every HeadEvery, at each checkpoint,
// and at Close (last). Only what the store holds is noted, so a noted head
// is never ahead of the store but by deletion.
func (w *batchWriter) noteHead(last bool) {
	h := w.head
	if h.Seq == 0 || h.Seq <= w.noted.Seq {
		return
	}
	if !last && time.Since(w.notedAt) < HeadEvery && h.Seq/CheckpointEvery == w.noted.Seq/CheckpointEvery {
		return
	}
	w.notedAt = time.Now()
	if err := noteHead(w.l.cfg.Dir, h, w.notedAt); err != nil {
		msg := err.Error()
		w.l.headsErr.Store(&msg)
		return
	}
	w.noted = h
	w.l.headsErr.Store(nil)
	w.l.noted.Store(&h)
}
