package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
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

	// clock reads the wall clock and the monotonic time since an origin
	// (nil: time.Now's two readings); tests step the wall clock back
	// without setting the machine's.
	clock func() (wall time.Time, mono time.Duration)
}

// systemClock is Config.clock's default: time.Now's wall reading and its
// monotonic one since the call, which no one sets.
func systemClock() func() (time.Time, time.Duration) {
	origin := time.Now()
	return func() (time.Time, time.Duration) {
		now := time.Now()
		return now, now.Sub(origin)
	}
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
	StoreError   string // while Degraded: the store's last error (no record content), for logs and the status page
	Pruned       uint64 // records deleted by Config.Retention since Open
	PruneError   string // the last retention run's error, "" once one succeeds: older records then stay past the period
	// Refusing is the error of the last Log call refused (ErrUnavailable:
	// the journal or the spill file cannot be written, a full or
	// read-only disk) within the last 30 s, "" once a call succeeds: the
	// requests are blocked meanwhile (fail closed), for /readyz, the log
	// and the status page.
	Refusing string
	// Noted is the chain head last noted in the heads file
	// (HeadsFileName) as NODE:SEQ:HASH, for the operator log: a copy
	// outside the machine finds records deleted at the end of the chain.
	// HeadsError is the last failure to note one, "" after a success.
	Noted, HeadsError string
	// Lost names, German first, the records the heads file noted and the
	// store lacked at Open ("" if none): deleted at the end of the chain,
	// or an older backup restored.
	Lost string
	// KeysStale says, German first, that a new key period began (audit
	// new-keys, from another node of a shared log) while this node
	// writes with the keys of the period before: nothing more is written
	// and every request is blocked until the node is started again with
	// the new key file; "" otherwise. For /readyz, the log and the status
	// page.
	KeysStale string
	// NodeTaken says, German first, that this node's lock on a shared
	// PostgreSQL log was lost with its database connection and another
	// writer took its node id meanwhile: nothing more is written and
	// every request is blocked; "" otherwise.
	NodeTaken string
	// ClockBack says that the system clock was set back (behind the
	// newest stored record at Open, or stepped back while running), ""
	// if not: records then carry times before older ones, and a query or
	// the web view for a period that leaves those times out does not
	// show them; for the operator log and the status page.
	ClockBack string
}

// clockSlack is how far the clock may step back unremarked (NTP corrects
// small offsets by stepping too).
const clockSlack = time.Minute

// clockBackMsg says that the clock stood at now, d behind what it should.
func clockBackMsg(now time.Time, d time.Duration, what string) string {
	return fmt.Sprintf("the system clock (%s) is %s behind %s: it was set back (a dead RTC before NTP, a VM snapshot restored?); audit records now carry times before older ones, and a query or the web view for a period that leaves those times out does not show them; set the clock right (timedatectl, NTP)",
		now.UTC().Format(time.RFC3339), d.Round(time.Second), what)
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
	// prev is the chain head: the hex hash of the last record, or the
	// head read at Open.
	prev   []byte
	closed bool
	// refused is the error of the last Log call that failed (journal or
	// spill file not writable: a full or read-only disk), refusedAt its
	// time; cleared by the next call that succeeds. Guarded by mu.
	refused   string
	refusedAt time.Time
	// broken is set while a batch could be stored neither in the store nor
	// in the spill file; Log then fails closed. Atomic, so that the writer
	// never takes mu on its path.
	broken atomic.Pointer[error]
	// storeErr is the store's last failure while degraded, nil when it works.
	storeErr atomic.Pointer[string]

	// queue holds the queued records (guarded by mu) as their journal
	// lines, queued of them, in chunks of queueChunk bytes (no buffer is
	// grown and copied under mu): Log appends, the writer takes the chunks
	// and decodes the lines, and hands them back for reuse (free). So Log
	// keeps no object of its own on the heap (see Log). The writer is
	// woken only once a batch is full (wake, sent after mu is released) or
	// by its ticker, not per record: a wake-up per record costs the
	// request path a scheduler round trip.
	queue    [][]byte
	queued   int
	free     [][]byte
	wake     chan struct{}
	flushReq chan chan error
	done     chan struct{}
	exited   chan struct{}
	closeErr error

	written, spilled, failed, skipped atomic.Uint64
	degraded                          atomic.Bool
	// pruned counts the records retention deleted; pruneErr is its last
	// failure, nil after a run that worked.
	pruned   atomic.Uint64
	pruneErr atomic.Pointer[string]
	// noted is the head last noted in the heads file, headsErr the last
	// failure to note one (nil after a success); lost says which noted
	// records the store lacked at Open.
	noted    atomic.Pointer[Anchor]
	headsErr atomic.Pointer[string]
	lost     string
	// clockWall and clockMono are the clock's two readings when the
	// writer last looked (clock), clockBack what it found
	// (QueueStats.ClockBack).
	clock     func() (time.Time, time.Duration)
	clockWall time.Time
	clockMono time.Duration
	clockBack atomic.Pointer[string]
	// keysNote: KeysNote.
	keysNote string
	// stale is set once a new key period began while this node writes
	// (QueueStats.KeysStale); Log refuses from then on.
	stale atomic.Pointer[string]
	// taken is set once another writer took this node's id after its
	// lock was lost (QueueStats.NodeTaken); Log refuses from then on.
	taken atomic.Pointer[string]
	// lockEvery is nodeLockEvery as Open found it.
	lockEvery time.Duration
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
	if err := st.waitNewKeys(ctx); err != nil {
		st.close()
		unlock()
		return nil, err
	}
	if err := keysForLog(ctx, cfg.KeyFile, st); err != nil {
		st.close()
		unlock()
		return nil, err
	}
	// The key file must be the log's current key period's (KeyID): the
	// wrong one (another node's, an old backup, a test file) would write
	// records that value searches and reveal miss without a word.
	keys, err := LoadKeys(cfg.KeyFile, true)
	if err != nil {
		st.close()
		unlock()
		return nil, err
	}
	note, err := st.checkKeyPeriod(ctx, cfg.KeyFile, keys, true)
	if err != nil {
		st.close()
		unlock()
		return nil, err
	}
	// Records this node made late with an earlier period's keys, noted
	// in state_dir when the store failed then: recorded before the
	// writer replays them from the spill.
	if err := st.writeLateFile(ctx, cfg.Dir); err != nil {
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
	l.keysNote = note
	return l, nil
}

// KeysNote says, once after Open, that a log written before key periods
// were kept got the present key file registered as its key (the key check
// begins then), "" otherwise; for the operator log.
func (l *Logger) KeysNote() string { return l.keysNote }

// ErrKeysMissing is returned by Open when the key file is missing but the
// store already holds records: they were written with the keys that file
// held.
var ErrKeysMissing = errors.New("audit: key file missing")

// keysForLog refuses to make new keys for a log that already holds records
// (audit.db restored without its key file, or a further node on a shared
// PostgreSQL log set up without a copy of the first node's file). New keys
// would give every user a second pseudonym and leave the earlier records
// out of value queries and reveal without a word: an auditor asking whether
// an IBAN was ever sent would be told no. A missing file for an empty log
// is created by open, as on a first start.
func keysForLog(ctx context.Context, path string, st *sqlStore) error {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil // present (or unreadable: LoadKeys says why)
	}
	held, err := st.holdsRecords(ctx)
	if err != nil {
		return err
	}
	if !held {
		// No record yet, but a key period registered (a further node
		// on a shared log that has written nothing so far): new keys
		// would be refused as the wrong ones, after being made.
		ps, err := st.keyPeriods(ctx)
		if err != nil || len(ps) == 0 {
			return err
		}
	}
	return fmt.Errorf("audit: Die Schlüsseldatei %s fehlt, das Audit-Log enthält aber schon Einträge, die mit ihren Schlüsseln geschrieben sind. "+
		"Die Datei aus der Sicherung zurückspielen (ein weiterer Knoten an einem gemeinsamen Log: vom ersten kopieren); "+
		"neue Schlüssel gäben jeder Person ein neues Pseudonym, und die Suche nach einem Wert und das Aufdecken fänden die früheren Einträge nicht mehr. "+
		"Sind die Schlüssel endgültig verloren, bewusst neue anlegen: schleuse audit new-keys (docs/audit.md, Abschnitt 2) / "+
		"%w: %s; the audit log already holds records, written with the keys it held. "+
		"Restore the file from the backup (a further node on a shared log: copy it from the first node); "+
		"new keys would give every user a new pseudonym and leave the earlier records out of value searches and reveal. "+
		"If the keys are lost for good, create new ones knowingly with 'schleuse audit new-keys' (docs/audit.md, section 2)", path, ErrKeysMissing, path)
}

// CheckKeys reports what Open would refuse for a missing key file
// (ErrKeysMissing: the log holds records), for a check before the start
// (schleuse config check, the unit's ExecStartPre). It reads a SQLite log
// only if its file is there. A PostgreSQL log is asked within
// checkKeysTimeout; one that cannot be reached then, or holds no schleuse
// tables yet, is no error here (run waits for it, or creates them). nil
// otherwise.
func CheckKeys(ctx context.Context, cfg Config) error {
	if err := cfg.defaults(); err != nil {
		return err
	}
	if _, err := os.Stat(cfg.KeyFile); !errors.Is(err, fs.ErrNotExist) {
		return checkKeyPeriod(ctx, cfg)
	}
	if isPostgres(cfg.Store) {
		ctx, cancel := context.WithTimeout(ctx, checkKeysTimeout)
		defer cancel()
		st, err := openStore(ctx, cfg, true)
		if err != nil {
			return nil // unreachable now: run says so when it starts
		}
		defer st.close()
		if st.checkSchema(ctx, cfg) != nil {
			return nil // a first start: run creates the tables and the keys
		}
		return keysForLog(ctx, cfg.KeyFile, st)
	}
	if _, err := os.Stat(filepath.Join(cfg.Dir, "audit.db")); err != nil {
		return nil // a first start
	}
	st, err := openStore(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer st.close()
	return keysForLog(ctx, cfg.KeyFile, st)
}

// checkKeyPeriod is CheckKeys for a key file that is there: what Open
// refuses of it (ErrKeysWrong: not the log's current key period's;
// ErrKeyPeriods). A file that cannot be read is LoadKeys's to report, a
// log that cannot be read or holds no key period yet is none of this.
func checkKeyPeriod(ctx context.Context, cfg Config) error {
	keys, err := LoadKeys(cfg.KeyFile, false)
	if err != nil {
		return nil
	}
	if isPostgres(cfg.Store) {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, checkKeysTimeout)
		defer cancel()
	} else if fi, err := os.Stat(filepath.Join(cfg.Dir, "audit.db")); err != nil || fi.Size() == 0 {
		return nil // a first start
	}
	st, err := openStore(ctx, cfg, true)
	if err != nil {
		return nil // run says why
	}
	defer st.close()
	if st.checkSchema(ctx, cfg) != nil {
		return nil
	}
	if _, err = st.checkKeyPeriod(ctx, cfg.KeyFile, keys, false); errors.Is(err, ErrKeysWrong) || errors.Is(err, ErrKeyPeriods) || isPermissionDenied(err) {
		return err
	}
	return nil // a damaged or locked file: CheckSQLiteHead and Open say so
}

// checkKeysTimeout bounds CheckKeys's questions to a PostgreSQL log, so that
// a check before the start does not hang on a database that is down.
const checkKeysTimeout = 5 * time.Second

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
	// A clock behind the newest stored record: set back while the proxy
	// was stopped (the running writer watches it, checkClock). Best
	// effort: a store that cannot say is not refused for it.
	clock := cfg.clock
	if clock == nil {
		clock = systemClock()
	}
	wall, mono := clock()
	var clockBack string
	if s, ok := st.(*sqlStore); ok && seq > 0 {
		var ts int64
		if s.db.QueryRowContext(ctx, s.q(`SELECT ts FROM audit_records WHERE node = ? ORDER BY seq DESC LIMIT 1`), cfg.Node).Scan(&ts) == nil {
			if now := wall; now.UnixNano() < ts-int64(clockSlack) {
				clockBack = clockBackMsg(now, time.Duration(ts-now.UnixNano()), fmt.Sprintf("the newest record of node %s (%s)", cfg.Node, time.Unix(0, ts).UTC().Format(time.RFC3339)))
			}
		}
	}
	if sseq, sprev, err := spillHead(sp.dir, cfg.Node); err != nil {
		return nil, err
	} else if sseq > seq {
		seq, prev = sseq, sprev
	}
	// A store audit salvage wrote that lost the node's newest records:
	// the chain goes on after them, not under their numbers (which would
	// hide the loss); their hash is unknown, verify takes the link of the
	// record after the gap as it stands.
	if s, ok := st.(*sqlStore); ok {
		if lseq, err := s.lostHead(ctx, cfg.Node); err != nil {
			return nil, err
		} else if lseq > seq {
			seq, prev = lseq, ""
		}
	}
	// The head noted outside the store (HeadsFileName): records deleted
	// at the end of the chain while the proxy was stopped (or an older
	// backup restored) are not written over with new records of the same
	// numbers, which would hide the loss: the chain goes on after the
	// noted head, and verify shows the gap. A store with no record of the
	// node (a new database) starts at 1; verify still names the noted
	// head it lacks.
	var lost string
	heads, _, herr := readHeads(filepath.Join(cfg.Dir, HeadsFileName))
	noted, ok := heads[cfg.Node]
	if herr == nil && ok && noted.Seq > seq {
		hf := filepath.Join(cfg.Dir, HeadsFileName)
		de := fmt.Sprintf("Einträge %d..%d von Server %s, notiert in %s, fehlen im Audit-Log (gelöscht oder eine ältere Sicherung zurückgespielt)", seq+1, noted.Seq, cfg.Node, hf)
		en := fmt.Sprintf("records %d..%d of node %s, noted in %s, are missing from the store (deleted, or the database restored from an older backup)", seq+1, noted.Seq, cfg.Node, hf)
		if seq > 0 {
			seq, prev = noted.Seq, noted.Hash
			de += fmt.Sprintf("; die Kette setzt nach %d fort, schleuse audit verify zeigt die Lücke", noted.Seq)
			en += fmt.Sprintf("; the chain goes on after %d, audit verify shows the gap", noted.Seq)
		}
		lost = de + " / " + en
	}
	seg, err := newSegment(spillDir, segmentMin, true)
	if err != nil {
		return nil, err
	}
	l := &Logger{
		cfg: cfg, keys: keys, fpMAC: newMACKey(keys.Fingerprint), usrMAC: newMACKey(keys.User), pseudo: cfg.PseudonymizeUsers == nil || *cfg.PseudonymizeUsers,
		st: st, sp: sp, jr: &journal{dir: spillDir, cur: seg}, unlock: unlock, seq: seq, lockEvery: nodeLockEvery,
		prev:      append(make([]byte, 0, 2*sha256.Size), prev...),
		queue:     make([][]byte, 0, 64),
		free:      make([][]byte, 0, 64),
		wake:      make(chan struct{}, 1),
		flushReq:  make(chan chan error),
		done:      make(chan struct{}),
		exited:    make(chan struct{}),
		lost:      lost,
		clock:     clock,
		clockWall: wall,
		clockMono: mono,
	}
	if ok {
		l.noted.Store(&noted)
	}
	if clockBack != "" {
		l.clockBack.Store(&clockBack)
	}
	go l.run()
	return l, nil
}

// queueChunk is the size of a queue chunk: some hundred records. Up to
// maxFreeChunks decoded chunks are kept for reuse.
const (
	queueChunk    = 256 << 10
	maxFreeChunks = 16
)

// enqueue appends a journal line to the queue. The caller holds mu.
func (l *Logger) enqueue(line []byte) {
	n := len(l.queue)
	if n == 0 || len(l.queue[n-1])+len(line) > cap(l.queue[n-1]) {
		var c []byte
		if k := len(l.free); k > 0 && len(line) <= cap(l.free[k-1]) {
			c, l.free = l.free[k-1], l.free[:k-1]
		} else {
			c = make([]byte, 0, max(queueChunk, len(line)))
		}
		l.queue = append(l.queue, c)
		n++
	}
	l.queue[n-1] = append(l.queue[n-1], line...)
	l.queued++
}

// logBuf is Log's scratch space, pooled: the record being logged, whose
// strings made by Log (pseudonym, fingerprints) point into text, and the
// encoding buffers.
type logBuf struct {
	line        []byte
	rec         Record
	lists       []string
	findings    map[string]int
	text        []byte
	json, canon []byte
}

var logBufPool = sync.Pool{New: func() any {
	return &logBuf{line: make([]byte, 0, 1024), findings: map[string]int{}, text: make([]byte, 0, 512),
		json: make([]byte, 0, 1024), canon: make([]byte, 0, 1024)}
}}

// scratch returns b as a string without copying. Only for lb.rec: the
// bytes are reused by the next Log, so the string must not outlive the
// call (Log only encodes the record, it keeps no string of it).
func scratch(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// record fills lb.rec from an entry, without chain fields: user
// pseudonymised, values fingerprinted (distinct, in order), strings
// cleaned. It allocates nothing unless a string needs cleaning.
func (l *Logger) record(e *Entry, lb *logBuf) *Record {
	t := e.Time
	if t.IsZero() {
		t = time.Now()
	}
	lb.text = lb.text[:0]
	user := clean(e.UserName)
	if l.pseudo {
		lb.text = l.usrMAC.appendPseudonym(lb.text, e.UserName)
		user = scratch(lb.text)
	}
	var findings map[string]int
	if len(e.Findings) > 0 {
		findings = lb.findings
		clear(findings)
		for k, v := range e.Findings {
			findings[clean(k)] += v
		}
	}
	lb.lists = cleanInto(lb.lists[:0], e.Groups)
	ng := len(lb.lists)
	lb.lists = cleanInto(lb.lists, e.Rules)
	nr := len(lb.lists) - ng
	fps := len(lb.lists)
	if len(e.Values) > 0 {
		start := len(lb.text)
		const n = fingerprintLen
		for i, v := range e.Values {
			if i < maxExactDedupe && seenValue(e.Values[:i], v) {
				continue // same type and value: same fingerprint, kept once
			}
			lb.text = l.fpMAC.appendFingerprint(lb.text, v.Type, v.Value)
			fp := lb.text[len(lb.text)-n:]
			for i := start; i+n < len(lb.text); i += n {
				if string(lb.text[i:i+n]) == string(fp) {
					lb.text = lb.text[:len(lb.text)-n]
					break
				}
			}
		}
		all := lb.text[start:]
		for i := 0; i < len(all); i += n {
			lb.lists = append(lb.lists, scratch(all[i:i+n]))
		}
	}
	list := func(from, to int) []string {
		if from == to {
			return nil
		}
		return lb.lists[from:to:to]
	}
	lb.rec = Record{
		Time: time.Unix(0, t.UnixNano()).UTC(), RequestID: clean(e.RequestID), Node: l.cfg.Node, User: user,
		Groups: list(0, ng), ServiceID: clean(e.ServiceID), Host: clean(e.Host), Path: clean(e.Path),
		Action: clean(e.Action), Rules: list(ng, ng+nr), Findings: findings, Fingerprints: list(fps, len(lb.lists)),
		Justification: clean(e.Justification), Bytes: e.Bytes,
		LatencyMS: float64(e.Latency.Microseconds()) / 1000, PolicyRevision: clean(e.PolicyRevision),
	}
	return &lb.rec
}

// maxExactDedupe bounds the values record compares with the values before
// them (a quadratic check, cheap for the few values of a prompt) to skip
// the fingerprint of a repeated value; later ones are fingerprinted and
// deduplicated by fingerprint only.
const maxExactDedupe = 64

// seenValue reports whether v (type and value) is among vs.
func seenValue(vs []TypedValue, v TypedValue) bool {
	for _, w := range vs {
		if w.Value == v.Value && w.Type == v.Type {
			return true
		}
	}
	return false
}

// cleanInto appends the cleaned strings of l to dst.
func cleanInto(dst, l []string) []string {
	for _, s := range l {
		dst = append(dst, clean(s))
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
// Log does not allocate (unless a string needs cleaning, or the queue
// buffer grows): a goroutine that allocates during a garbage collection
// must help with its marking (an assist of tens of µs), which was most of
// Log's tail latency with many callers. The record is built in pooled
// scratch space and encoded (JSON line, canonical encoding without seq
// and previous hash) before Log takes its lock; under the lock it only
// sets the seq, hashes, splices the chain fields into the line and copies
// the line into the journal and the queue. The writer decodes the lines.
func (l *Logger) Log(e Entry) error {
	lb := logBufPool.Get().(*logBuf)
	defer logBufPool.Put(lb)
	rec := l.record(&e, lb)
	unchained, encErr := encodeUnchained(lb.json[:0], rec)
	canon, seqAt := rec.canonicalBody(lb.canon[:0])
	canon = slices.Grow(canon, 16+2*sha256.Size)
	lb.json, lb.canon = unchained[:0], canon[:0]
	wake, err := l.chain(rec, lb, unchained, encErr, canon, seqAt)
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
func (l *Logger) chain(rec *Record, lb *logBuf, unchained []byte, encErr error, canon []byte, seqAt int) (wake bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		l.failed.Add(1)
		return false, fmt.Errorf("%w: closed", ErrUnavailable)
	}
	if b := l.broken.Load(); b != nil {
		return false, l.refuse(fmt.Errorf("%w: %w", ErrUnavailable, *b))
	}
	seq := l.seq + 1
	binary.BigEndian.PutUint64(canon[seqAt:], uint64(seq))
	sum := sha256.Sum256(appendStr(canon, l.prev))
	var hash [2 * sha256.Size]byte
	hex.Encode(hash[:], sum[:])
	rec.Seq = seq
	if l.queued < l.cfg.QueueSize {
		if encErr == nil && plainHex(l.prev) {
			lb.line = chainLine(lb.line[:0], unchained, seq, l.prev, hash[:])
		} else {
			rec.PrevHash, rec.Hash = string(l.prev), string(hash[:])
			b, err := appendRecordJSON(lb.line[:0], rec)
			if err != nil {
				// This record's own fault, not the disk's: not Refusing.
				l.failed.Add(1)
				return false, fmt.Errorf("%w: audit: encode journal record: %w", ErrUnavailable, err)
			}
			lb.line = append(b, '\n')
		}
		if err := l.jr.append(lb.line); err != nil {
			return false, l.refuse(fmt.Errorf("%w: %w", ErrUnavailable, err))
		}
		l.enqueue(lb.line)
		wake = l.queued == l.cfg.BatchSize
	} else {
		rec.PrevHash, rec.Hash = string(l.prev), string(hash[:])
		if err := l.sp.write([]Record{*rec}); err != nil {
			return false, l.refuse(fmt.Errorf("%w: queue full and %w", ErrUnavailable, err))
		}
		l.spilled.Add(1)
	}
	if l.refused != "" {
		l.refused = ""
	}
	l.seq = seq
	l.prev = append(l.prev[:0], hash[:]...)
	return wake, nil
}

// refuse counts a Log call that failed with err and keeps err for Stats
// (Refusing). l.mu is held.
func (l *Logger) refuse(err error) error {
	l.failed.Add(1)
	l.refused, l.refusedAt = err.Error(), time.Now()
	return err
}

// refusingFor is how long Stats reports the last refused Log call
// (Refusing) when no call has succeeded since: a node that a load balancer
// takes out of service (/readyz) gets no more calls to succeed with, and
// is tried again after it.
const refusingFor = 30 * time.Second

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
	depth := l.queued
	var refusing string
	if l.refused != "" && time.Since(l.refusedAt) < refusingFor {
		refusing = l.refused
	}
	l.mu.Unlock()
	jb := l.jr.size.Load()
	st := QueueStats{
		Refusing: refusing,
		Depth:    depth, Capacity: l.cfg.QueueSize, SpillBytes: l.sp.bytes() + jb, JournalBytes: jb,
		Written: l.written.Load(), Spilled: l.spilled.Load(), Failed: l.failed.Load(),
		Skipped: l.skipped.Load(), Degraded: l.degraded.Load(), StoreError: storeError(l.storeErr.Load()),
		Pruned: l.pruned.Load(), PruneError: storeError(l.pruneErr.Load()),
		HeadsError: storeError(l.headsErr.Load()), Lost: l.lost, ClockBack: storeError(l.clockBack.Load()),
		KeysStale: storeError(l.stale.Load()), NodeTaken: storeError(l.taken.Load()),
	}
	if a := l.noted.Load(); a != nil {
		st.Noted = a.String()
	}
	return st
}

func storeError(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
