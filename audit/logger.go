package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures the audit log. The zero value with Dir set is a working
// configuration: SQLite in Dir, node = host name, users pseudonymised,
// records kept forever.
type Config struct {
	// Store is "sqlite" (default, file audit.db in Dir) or a postgres:// URL.
	Store string
	// Dir is the state directory: SQLite database, spill files, lock file
	// and, unless KeyFile is set, the key file. Required.
	Dir string
	// KeyFile is the key file (default Dir/audit-keys.json, created with
	// mode 0600 if missing). Nodes sharing a PostgreSQL log need the same file.
	KeyFile string
	// Node is this node's id in the hash chain (default: host name). Two
	// running loggers must never share a node id on one store.
	Node string
	// PseudonymizeUsers: nil or true stores users as keyed pseudonyms; only
	// an explicit false stores plain user names.
	PseudonymizeUsers *bool
	// Retention deletes records older than this, on a schedule (hourly and
	// at start), always up to a checkpoint. 0 keeps everything.
	Retention time.Duration
	// QueueSize is the in-memory queue length (default 65536).
	QueueSize int
	// BatchSize is the most records per store transaction (default 1000).
	BatchSize int
	// FlushInterval is the longest a record waits in the queue (default 200 ms).
	FlushInterval time.Duration
}

func (c *Config) defaults() error {
	if c.Dir == "" {
		return errors.New("audit: Config.Dir (state directory) is required")
	}
	if c.Store == "" {
		c.Store = "sqlite"
	}
	if c.KeyFile == "" {
		c.KeyFile = filepath.Join(c.Dir, KeyFileName)
	}
	if c.Node == "" {
		h, err := os.Hostname()
		if err != nil || h == "" {
			return fmt.Errorf("audit: Config.Node empty and no host name: %v", err)
		}
		c.Node = h
	}
	c.Node = clean(c.Node)
	if c.QueueSize <= 0 {
		c.QueueSize = 65536
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 1000
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = 200 * time.Millisecond
	}
	return nil
}

// ErrUnavailable is returned by Log when a record can be put neither into the
// queue nor into the spill file, or when an earlier batch could not be
// stored anywhere: the caller must block the request (fail closed).
var ErrUnavailable = errors.New("audit: log unavailable")

// QueueStats are the logger's counters, for metrics.
type QueueStats struct {
	Depth        int    // records waiting in the queue
	Capacity     int    // queue capacity
	SpillBytes   int64  // bytes waiting to reach the store: spill files plus journal (JournalBytes)
	JournalBytes int64  // of SpillBytes: journal segments of queued, not yet durable records
	Written      uint64 // records committed to the store (including replayed ones)
	Spilled      uint64 // records written to the spill file
	Failed       uint64 // Log calls refused (ErrUnavailable)
	Skipped      uint64 // unparsable spill lines skipped on replay (torn writes)
	Degraded     bool   // the store is failing: records go to the spill file
}

// Logger writes audit records. Log never waits for the store: it enqueues
// the record for the one writer goroutine, which commits batches. It is safe
// for concurrent use.
type Logger struct {
	cfg    Config
	keys   *Keys
	fpMAC  *macKey
	usrMAC *macKey
	pseudo bool
	st     writer
	sp     *spill
	jr     *journal // guarded by mu except jr.size
	unlock func()

	// mu orders Log calls. Nothing under it allocates or makes a system
	// call in the normal case (see Log), so that a caller holding it is
	// never held up by a GC assist or the kernel while the others wait.
	mu  sync.Mutex
	seq int64
	// The chain head: prev is the hex hash of the last record (or the
	// head read at Open); prevSum is its raw form once this logger has
	// chained a record (prevRaw), else prevStr is the head read at Open.
	prev    []byte
	prevSum [sha256.Size]byte
	prevRaw bool
	prevStr string
	closed  bool
	// broken is set while a batch could be stored neither in the store nor
	// in the spill file; Log then fails closed. Atomic, so that the writer
	// never takes mu on its path.
	broken atomic.Pointer[error]

	// pending is the queue (guarded by mu): Log appends, the writer swaps
	// it for an empty slice of its own (no allocation under mu). The writer
	// is woken only once a batch is full (wake, sent after mu is released)
	// or by its ticker, not per record: a wake-up per record costs the
	// request path a scheduler round trip.
	pending  []queued
	wake     chan struct{}
	flushReq chan chan error
	done     chan struct{}
	exited   chan struct{}
	closeErr error

	written, spilled, failed, skipped atomic.Uint64
	degraded                          atomic.Bool
}

// Open opens the audit log for writing: the store (creating its schema),
// the key file, the spill directory, and the chain head of this node. Spilled
// records and the journal of an earlier run (a process that died) are
// replayed by the writer as soon as it starts, before anything new.
func Open(ctx context.Context, cfg Config) (*Logger, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: state dir: %w", err)
	}
	unlock, err := lockDir(filepath.Join(cfg.Dir, "audit.lock"))
	if err != nil {
		return nil, err
	}
	st, err := openStore(ctx, cfg, false)
	if err != nil {
		unlock()
		return nil, err
	}
	if err := st.lockNode(ctx, cfg.Node); err != nil {
		st.close()
		unlock()
		return nil, err
	}
	l, err := open(ctx, cfg, st, unlock)
	if err != nil {
		st.close()
		unlock()
		return nil, err
	}
	return l, nil
}

// open finishes Open with a given store (tests pass a failing one).
func open(ctx context.Context, cfg Config, st writer, unlock func()) (*Logger, error) {
	keys, err := LoadKeys(cfg.KeyFile, true)
	if err != nil {
		return nil, err
	}
	spillDir := filepath.Join(cfg.Dir, "spill")
	if err := os.MkdirAll(spillDir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: spill dir: %w", err)
	}
	if err := recoverJournal(spillDir); err != nil {
		return nil, err
	}
	sp, err := openSpill(spillDir)
	if err != nil {
		return nil, err
	}
	seq, prev, err := st.head(ctx, cfg.Node)
	if err != nil {
		return nil, err
	}
	if sseq, sprev, err := spillHead(sp.dir, cfg.Node); err != nil {
		return nil, err
	} else if sseq > seq {
		seq, prev = sseq, sprev
	}
	seg, err := newSegment(spillDir, segmentMin, true)
	if err != nil {
		return nil, err
	}
	l := &Logger{
		cfg: cfg, keys: keys, fpMAC: newMACKey(keys.Fingerprint), usrMAC: newMACKey(keys.User), pseudo: cfg.PseudonymizeUsers == nil || *cfg.PseudonymizeUsers,
		st: st, sp: sp, jr: &journal{dir: spillDir, cur: seg}, unlock: unlock, seq: seq,
		prev: append(make([]byte, 0, 2*sha256.Size), prev...), prevStr: prev,
		pending:  make([]queued, 0, cfg.BatchSize),
		wake:     make(chan struct{}, 1),
		flushReq: make(chan chan error),
		done:     make(chan struct{}),
		exited:   make(chan struct{}),
	}
	go l.run()
	return l, nil
}

// record turns an entry into a record without chain fields: user
// pseudonymised, values fingerprinted, strings cleaned. Groups, rules and
// fingerprints share one slice, and all fingerprints one string (fewer
// allocations on the request path: less GC work for the caller).
func (l *Logger) record(e *Entry) *Record {
	t := e.Time
	if t.IsZero() {
		t = time.Now()
	}
	user := clean(e.UserName)
	if l.pseudo {
		user = l.usrMAC.pseudonym(e.UserName)
	}
	var findings map[string]int
	if len(e.Findings) > 0 {
		findings = make(map[string]int, len(e.Findings))
		for k, v := range e.Findings {
			findings[clean(k)] += v
		}
	}
	ng, nr := len(e.Groups), len(e.Rules)
	var lists []string
	if n := ng + nr + len(e.Values); n > 0 {
		lists = make([]string, n)
	}
	groups, rules := cleanInto(lists[:ng:ng], e.Groups), cleanInto(lists[ng:ng+nr:ng+nr], e.Rules)
	var fps []string
	if len(e.Values) > 0 {
		fps = l.fingerprints(lists[ng+nr:ng+nr], e.Values)
	}
	return &Record{
		Time: time.Unix(0, t.UnixNano()).UTC(), RequestID: clean(e.RequestID), Node: l.cfg.Node, User: user,
		Groups: groups, ServiceID: clean(e.ServiceID), Host: clean(e.Host), Path: clean(e.Path),
		Action: clean(e.Action), Rules: rules, Findings: findings, Fingerprints: fps,
		Justification: clean(e.Justification), Bytes: e.Bytes,
		LatencyMS: float64(e.Latency.Microseconds()) / 1000, PolicyRevision: clean(e.PolicyRevision),
	}
}

// cleanInto sets dst[i] = clean(l[i]); dst has the length of l. It returns
// nil for an empty list.
func cleanInto(dst, l []string) []string {
	if len(l) == 0 {
		return nil
	}
	for i, s := range l {
		dst[i] = clean(s)
	}
	return dst
}

// fingerprints appends the distinct fingerprints of vs to dst (which has
// room for all of them), as substrings of one string.
func (l *Logger) fingerprints(dst []string, vs []TypedValue) []string {
	const n = fingerprintLen
	var small [8 * n]byte
	buf := small[:0]
	if len(vs) > len(small)/n {
		buf = make([]byte, 0, len(vs)*n)
	}
	for _, v := range vs {
		buf = l.fpMAC.appendFingerprint(buf, v.Type, v.Value)
		fp := buf[len(buf)-n:]
		for i := 0; i+n < len(buf); i += n {
			if string(buf[i:i+n]) == string(fp) {
				buf = buf[:len(buf)-n]
				break
			}
		}
	}
	all := string(buf)
	for i := 0; i < len(all); i += n {
		dst = append(dst, all[i:i+n])
	}
	return dst
}

// Log records one inspected request. It pseudonymises and fingerprints in
// the caller's goroutine, chains the record, appends it to the journal (a
// copy into a shared file mapping, or one write(2); no fsync) and enqueues
// it; it never waits for the store. When the queue is full it appends the
// record to the spill file itself (with fsync) instead. It returns an error
// wrapping ErrUnavailable if the record could be put nowhere (journal write
// failed, or queue full and spill failed), or the log is failing or
// closed: the caller must then block the request.
//
// A nil return means the record survives the death of this process (kill
// -9): it is in the journal, which the next Open replays. It is durable
// against a power loss only once committed; Flush waits for that.
//
// Everything that allocates (the record, its JSON line and its canonical
// encoding without seq and previous hash) is done before Log takes its
// lock; under the lock it only sets the seq, hashes, splices the chain
// fields into the line, copies it into the journal and appends to the
// queue. The hash strings are made by the writer.
func (l *Logger) Log(e Entry) error {
	rec := l.record(&e)
	lb := logBufPool.Get().(*logBuf)
	defer logBufPool.Put(lb)
	unchained, encErr := encodeUnchained(lb.json[:0], rec)
	canon, seqAt := rec.canonicalBody(lb.canon[:0])
	canon = slices.Grow(canon, 16+2*sha256.Size)
	lb.json, lb.canon = unchained[:0], canon[:0]
	wake, err := l.chain(rec, unchained, encErr, canon, seqAt)
	if wake {
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
	return err
}

// chain is Log's part under the lock: it assigns the seq, computes the
// hash and journals and queues the record (or spills it if the queue is
// full). It reports whether the queue has just reached a batch.
func (l *Logger) chain(rec *Record, unchained []byte, encErr error, canon []byte, seqAt int) (wake bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		l.failed.Add(1)
		return false, fmt.Errorf("%w: closed", ErrUnavailable)
	}
	if b := l.broken.Load(); b != nil {
		l.failed.Add(1)
		return false, fmt.Errorf("%w: %w", ErrUnavailable, *b)
	}
	seq := l.seq + 1
	binary.BigEndian.PutUint64(canon[seqAt:], uint64(seq))
	sum := sha256.Sum256(appendStr(canon, l.prev))
	var hash [2 * sha256.Size]byte
	hex.Encode(hash[:], sum[:])
	rec.Seq = seq
	if len(l.pending) < l.cfg.QueueSize {
		if err := l.journal(rec, unchained, encErr, hash[:]); err != nil {
			l.failed.Add(1)
			return false, fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		l.pending = append(l.pending, queued{rec: rec, hash: sum, prev: l.prevSum, prevRaw: l.prevRaw, prevStr: l.prevStr})
		wake = len(l.pending) == l.cfg.BatchSize
	} else {
		rec.PrevHash, rec.Hash = string(l.prev), string(hash[:])
		if err := l.sp.write([]Record{*rec}); err != nil {
			l.failed.Add(1)
			return false, fmt.Errorf("%w: queue full and %w", ErrUnavailable, err)
		}
		l.spilled.Add(1)
	}
	l.seq, l.prevSum, l.prevRaw, l.prevStr = seq, sum, true, ""
	l.prev = append(l.prev[:0], hash[:]...)
	return wake, nil
}

// queued is a record in the queue with its chain hashes in raw form; the
// writer sets the record's hash strings (chained).
type queued struct {
	rec     *Record // Seq set
	hash    [sha256.Size]byte
	prev    [sha256.Size]byte // the previous record's hash, if prevRaw
	prevRaw bool
	prevStr string // else the previous hash as read at Open
}

// chained sets the PrevHash and Hash strings of the records in q. A
// record's PrevHash shares the string of the record before it.
func chained(q []queued) {
	for i := range q {
		r := q[i].rec
		r.Hash = hex.EncodeToString(q[i].hash[:])
		switch {
		case !q[i].prevRaw:
			r.PrevHash = q[i].prevStr
		case i > 0 && q[i-1].hash == q[i].prev:
			r.PrevHash = q[i-1].rec.Hash
		default:
			r.PrevHash = hex.EncodeToString(q[i].prev[:])
		}
	}
}

// logBuf holds Log's encoding buffers.
type logBuf struct{ json, canon []byte }

var logBufPool = sync.Pool{New: func() any {
	return &logBuf{json: make([]byte, 0, 1024), canon: make([]byte, 0, 1024)}
}}

// journal appends rec, encoded as unchained by encodeUnchained, with the
// seq and the chain fields (the hex hash of the previous record, l.prev,
// and of this one) to the journal. The caller holds mu.
func (l *Logger) journal(rec *Record, unchained []byte, encErr error, hash []byte) error {
	j := l.jr
	if encErr == nil && plainHex(l.prev) {
		j.line = chainLine(j.line[:0], unchained, rec.Seq, l.prev, hash)
	} else {
		rec.PrevHash, rec.Hash = string(l.prev), string(hash)
		b, err := appendRecordJSON(j.line[:0], rec)
		if err != nil {
			return fmt.Errorf("audit: encode journal record: %w", err)
		}
		j.line = append(b, '\n')
	}
	return j.append(j.line)
}

// Flush returns once every record logged before the call is durable (in the
// store or fsynced in the spill file), or ctx ends.
func (l *Logger) Flush(ctx context.Context) error {
	ch := make(chan error, 1)
	select {
	case l.flushReq <- ch:
	case <-l.exited:
		return fmt.Errorf("%w: closed", ErrUnavailable)
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops accepting records, writes everything queued (store or
// spill), and closes the store. It returns an error if records could not be
// made durable.
func (l *Logger) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		<-l.exited
		return l.closeErr
	}
	l.closed = true
	l.mu.Unlock()
	close(l.done)
	<-l.exited
	err := l.closeErr
	if cerr := l.sp.close(); err == nil && cerr != nil {
		err = fmt.Errorf("audit: close spill: %w", cerr)
	}
	if cerr := l.st.close(); err == nil && cerr != nil {
		err = fmt.Errorf("audit: close store: %w", cerr)
	}
	if l.unlock != nil {
		l.unlock()
	}
	return err
}

// Stats returns the current counters.
func (l *Logger) Stats() QueueStats {
	l.mu.Lock()
	depth := len(l.pending)
	l.mu.Unlock()
	jb := l.jr.size.Load()
	return QueueStats{
		Depth: depth, Capacity: l.cfg.QueueSize, SpillBytes: l.sp.bytes() + jb, JournalBytes: jb,
		Written: l.written.Load(), Spilled: l.spilled.Load(), Failed: l.failed.Load(),
		Skipped: l.skipped.Load(), Degraded: l.degraded.Load(),
	}
}
