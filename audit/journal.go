package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// journal is the crash log of queued records. Log appends every record it
// queues (complete: seq and hash assigned, the same JSON Lines encoding as
// the spill file) to the current journal segment with one write(2) and no
// fsync: the bytes are in the kernel's page cache when Log returns, so they
// survive the death of the process (kill -9, panic, OOM kill), though not a
// crash of the kernel or a power loss.
//
// Segments live in the spill directory as "journal-<unix ns>.jsonl". The
// writer keeps a fresh, prefaulted segment ready (next); when it takes the
// queue it seals the current segment and makes next the current one, and
// when the current segment fills up before that, Log switches to next
// itself, so that no file is created and no page faulted on the request
// path unless the writer is far behind. Once every record taken so far is
// durable (committed or in the fsynced spill file) the writer deletes the
// sealed segments. On the next Open, segments a
// dead process left behind are fsynced and renamed into spill replay files,
// so they are replayed like spilled records (idempotent: records already in
// the store are skipped) before the writer stores anything new.
//
// All fields but size are guarded by Logger.mu.
type journal struct {
	dir    string
	cur    *segment   // written by Log; nil after a failed write until Log opens a new one
	next   *segment   // the writer's prefaulted spare: current after the next rotation or when cur is full
	sealed []*segment // no longer written; handed to the writer by take
	size   atomic.Int64
}

// segment is one journal file. Where the platform allows (Linux), the
// file is preallocated (fallocate, so that a full disk is an error at
// creation, never a fault later) and mapped shared into memory: appending a
// record is a copy into the page cache, with no system call, and survives
// the process like a write(2) does. Otherwise (or if mapping fails) records
// are appended with write(2).
type segment struct {
	path    string
	f       *os.File
	m       []byte    // shared mapping of the preallocated file; nil: write(2) mode
	size    int64     // bytes of records in the segment
	born    time.Time // creation: a segment is reused only while young (see recycle)
	faulted bool      // writing the mapping faulted: never reused
}

const (
	journalPrefix = "journal-"
	journalSuffix = ".jsonl"
	// A mapped segment is preallocated with twice the bytes the writer
	// took at its last rotation (clamped to segmentMin…segmentMax), so
	// that the writer's rotation normally comes before the segment is full
	// and a quiet proxy on a small disk preallocates little. A full
	// segment is sealed and Log opens the next, twice as large.
	segmentMin = 1 << 20
	segmentMax = 16 << 20
)

// segmentSizeFor returns the preallocation for n expected bytes.
func segmentSizeFor(n int64) int {
	return int(min(max(2*n, segmentMin), segmentMax))
}

// newSegment creates an empty journal segment in dir, mapped with size
// bytes. populate prefaults the mapping (the writer creates its spare
// segments so; Log, when a segment is full, does not).
func newSegment(dir string, size int, populate bool) (*segment, error) {
	ns := time.Now().UnixNano()
	for range 100 {
		p := filepath.Join(dir, journalPrefix+strconv.FormatInt(ns, 10)+journalSuffix)
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
		if errors.Is(err, fs.ErrExist) {
			ns++
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("audit: create journal segment: %w", err)
		}
		s := &segment{path: p, f: f, born: time.Now()}
		if m, err := mapSegment(f, size, populate); err == nil {
			s.m = m
		}
		return s, nil
	}
	return nil, errors.New("audit: create journal segment: no free name")
}

// closeFile unmaps and closes the segment's file.
func (s *segment) closeFile() {
	if s.m != nil {
		unmapSegment(s.m)
		s.m = nil
	}
	s.f.Close()
}

// remove closes and deletes the segment. A segment that is already gone
// (its directory was replaced) is not an error.
func (s *segment) remove() error {
	s.closeFile()
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("audit: remove journal segment: %w", err)
	}
	return nil
}

// append writes one encoded record (a complete line) to the current
// segment; if there is none or it is full, the writer's spare (next)
// becomes the current one, or, if there is none, Log opens one. A failed
// write may leave a torn line, so the segment is sealed and the next
// record goes to another one. The caller holds Logger.mu.
func (j *journal) append(line []byte) error {
	size := segmentMin
	for c := j.cur; c == nil || c.m != nil && int(c.size)+len(line) > len(c.m); c = j.cur {
		if c != nil {
			j.sealed = append(j.sealed, c)
			j.cur = nil
			size = segmentSizeFor(int64(len(c.m)))
		}
		if j.next != nil {
			j.cur, j.next = j.next, nil
			continue
		}
		s, err := newSegment(j.dir, max(size, len(line)), false)
		if err != nil {
			return err
		}
		j.cur = s
		break
	}
	c := j.cur
	if c.m != nil {
		if !copyNoFault(c.m[c.size:], line) {
			c.faulted = true
			j.sealed = append(j.sealed, c)
			j.cur = nil
			return errors.New("audit: write journal: fault on the mapped segment")
		}
		c.size += int64(len(line))
		j.size.Add(int64(len(line)))
		return nil
	}
	n, err := c.f.Write(line)
	c.size += int64(n)
	j.size.Add(int64(n))
	if err != nil {
		j.sealed = append(j.sealed, c)
		j.cur = nil
		return fmt.Errorf("audit: write journal: %w", err)
	}
	return nil
}

// recycleAge is how long after its creation a segment may be reused. The
// kernel writes a dirty file back about 30 s after it was first dirtied
// (vm.dirty_expire_centisecs); a segment retired before that is deleted
// without ever being written to disk, and its pages stay writable without
// a fault.
const recycleAge = 20 * time.Second

// recycle readies a segment whose records are all durable for reuse as
// the next spare, instead of deleting it and creating, mapping and
// faulting in a new one (a page fault costs 10–20 µs in a VM: most of the
// writer's CPU time besides SQLite). It clears the records (a crash
// meanwhile leaves only records that are durable: replay skips them) and
// reports false if the segment must be deleted instead: not mapped, faulted,
// too old, or clearing faulted.
func (j *journal) recycle(s *segment) bool {
	if s.m == nil || s.faulted || time.Since(s.born) > recycleAge {
		return false
	}
	if !clearNoFault(s.m[:s.size]) {
		s.faulted = true
		return false
	}
	j.size.Add(-s.size)
	s.size = 0
	return true
}

// reuse renames a recycled segment to a new name (names order segments
// for replay) and touches its pages again; false if it must be deleted.
func (s *segment) reuse() bool {
	p := filepath.Join(filepath.Dir(s.path), journalPrefix+strconv.FormatInt(time.Now().UnixNano(), 10)+journalSuffix)
	if _, err := os.Lstat(p); err == nil || !prefault(s.m) {
		return false
	}
	if err := os.Rename(s.path, p); err != nil {
		return false
	}
	s.path = p
	return true
}

// clearNoFault zeroes a mapped range; false if a page faulted.
func clearNoFault(m []byte) (ok bool) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if recover() != nil {
			ok = false
		}
	}()
	clear(m)
	return true
}

// copyNoFault copies src into a mapped segment and reports false instead of
// crashing the process if the page cannot be written (SIGBUS: e.g. a
// copy-on-write file system out of space despite fallocate).
func copyNoFault(dst, src []byte) (ok bool) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if recover() != nil {
			ok = false
		}
	}()
	copy(dst, src)
	return true
}

// rotate makes the spare (next) the current segment if there is one and
// the current segment holds records or there is none, and returns every
// sealed segment: all records in them have been queued before this call.
// The caller holds Logger.mu.
func (j *journal) rotate() (sealed []*segment) {
	if j.next != nil && (j.cur == nil || j.cur.size > 0) {
		if j.cur != nil {
			j.sealed = append(j.sealed, j.cur)
		}
		j.cur, j.next = j.next, nil
	}
	sealed, j.sealed = j.sealed, nil
	return sealed
}

// drop deletes segments whose records are all durable.
func (j *journal) drop(segs []*segment) error {
	var first error
	for _, s := range segs {
		if err := s.remove(); err != nil && first == nil {
			first = err
		}
		j.size.Add(-s.size)
	}
	return first
}

// closeFiles closes the file handles of segs and keeps the files (their
// records are not all durable: the next Open replays them).
func closeFiles(segs []*segment) {
	for _, s := range segs {
		s.closeFile()
	}
}

// recoverJournal turns the journal segments a previous process left in dir
// into spill replay files: fsynced (from now on they count as spilled, which
// promises durability) and renamed to "spill-<ns>.replay" with the segment's
// own time stamp, so that replay keeps their order. Empty segments are
// deleted. The caller holds the state directory's lock.
func recoverJournal(dir string) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit: journal dir: %w", err)
	}
	renamed := false
	for _, e := range ents {
		name := e.Name()
		ns, isSegment := strings.CutPrefix(name, journalPrefix)
		ns, hasSuffix := strings.CutSuffix(ns, journalSuffix)
		if !isSegment || !hasSuffix || e.IsDir() {
			continue // spill.jsonl shares the suffix: it is not a segment
		}
		p := filepath.Join(dir, name)
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("audit: recover journal segment: %w", err)
		}
		size, err := journalContent(f)
		if err == nil {
			err = f.Truncate(size) // drop the unused preallocated tail
		}
		if err == nil && size > 0 {
			err = f.Sync()
		}
		f.Close()
		if err != nil {
			return fmt.Errorf("audit: recover journal segment: %w", err)
		}
		if size == 0 {
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("audit: remove empty journal segment: %w", err)
			}
			continue
		}
		if _, err := strconv.ParseInt(ns, 10, 64); err != nil {
			ns = strconv.FormatInt(time.Now().UnixNano(), 10)
		}
		to := filepath.Join(dir, "spill-"+ns+".replay")
		if _, err := os.Stat(to); err == nil {
			to = filepath.Join(dir, "spill-"+ns+"-j.replay")
		}
		if err := os.Rename(p, to); err != nil {
			return fmt.Errorf("audit: recover journal segment: %w", err)
		}
		renamed = true
	}
	if renamed {
		syncDir(dir)
	}
	return nil
}

// journalContent returns the length of f without its tail of NUL bytes
// (the unused part of a preallocated segment). A record line never
// contains a NUL byte (JSON escapes it).
func journalContent(f *os.File) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	end := st.Size()
	buf := make([]byte, 64<<10)
	for end > 0 {
		n := min(int64(len(buf)), end)
		if _, err := f.ReadAt(buf[:n], end-n); err != nil {
			return 0, err
		}
		for i := n - 1; i >= 0; i-- {
			if buf[i] != 0 {
				return end - n + i + 1, nil
			}
		}
		end -= n
	}
	return 0, nil
}

// JSON encoding of a record for the journal. Log encodes the record
// before it takes its lock, with seq 0 and empty hashes, and splices the
// chain fields in under the lock. appendRecordJSON writes exactly what
// encoding/json writes for a Record (fields in declaration order, the same
// escaping, omitempty, float and time formats), without reflection, so the
// journal and the spill file share one format and one reader
// (TestJournalLineMatchesMarshal, FuzzJournalLine).
const (
	jsonHead = `{"seq":0`
	jsonTail = `"prev_hash":"","hash":""}`
)

// encodeUnchained appends the encoding of rec (Seq 0, no hashes) to buf,
// for chainLine.
func encodeUnchained(buf []byte, rec *Record) ([]byte, error) {
	b, err := appendRecordJSON(buf, rec)
	if err != nil {
		return buf, fmt.Errorf("audit: encode journal record: %w", err)
	}
	u := b[len(buf):]
	if len(u) < len(jsonHead)+len(jsonTail) || string(u[:len(jsonHead)]) != jsonHead || string(u[len(u)-len(jsonTail):]) != jsonTail {
		return buf, errors.New("audit: encode journal record: unexpected JSON layout")
	}
	return b, nil
}

// appendRecordJSON appends json.Marshal(rec) to b.
func appendRecordJSON(b []byte, r *Record) ([]byte, error) {
	if y := r.Time.Year(); y < 0 || y > 9999 {
		return b, errors.New("time outside the JSON range")
	}
	if math.IsNaN(r.LatencyMS) || math.IsInf(r.LatencyMS, 0) {
		return b, errors.New("latency not a finite number")
	}
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, r.Seq, 10)
	b = append(b, `,"time":"`...)
	b = r.Time.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","request_id":`...)
	b = appendJSONString(b, r.RequestID)
	b = append(b, `,"node":`...)
	b = appendJSONString(b, r.Node)
	b = append(b, `,"user":`...)
	b = appendJSONString(b, r.User)
	b = appendJSONList(b, `,"groups":`, r.Groups)
	b = append(b, `,"service_id":`...)
	b = appendJSONString(b, r.ServiceID)
	b = append(b, `,"host":`...)
	b = appendJSONString(b, r.Host)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, r.Path)
	b = append(b, `,"action":`...)
	b = appendJSONString(b, r.Action)
	b = appendJSONList(b, `,"rules":`, r.Rules)
	if len(r.Findings) > 0 {
		b = append(b, `,"findings":{`...)
		var small [8]string
		keys := small[:0]
		for k := range r.Findings {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(r.Findings[k]), 10)
		}
		b = append(b, '}')
	}
	b = appendJSONList(b, `,"fingerprints":`, r.Fingerprints)
	if r.Justification != "" {
		b = append(b, `,"justification":`...)
		b = appendJSONString(b, r.Justification)
	}
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, r.Bytes, 10)
	b = append(b, `,"latency_ms":`...)
	b = appendJSONFloat(b, r.LatencyMS)
	if r.PolicyRevision != "" {
		b = append(b, `,"policy_revision":`...)
		b = appendJSONString(b, r.PolicyRevision)
	}
	b = append(b, `,"prev_hash":`...)
	b = appendJSONString(b, r.PrevHash)
	b = append(b, `,"hash":`...)
	b = appendJSONString(b, r.Hash)
	return append(b, '}'), nil
}

func appendJSONList(b []byte, key string, l []string) []byte {
	if len(l) == 0 {
		return b
	}
	b = append(b, key...)
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONFloat formats like encoding/json's float64 encoder.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// jsonPlain holds the bytes appendJSONString copies as they are: ASCII from
// the blank on but for the quote, the backslash and the HTML-unsafe <, > and
// &. One table look per byte instead of six comparisons: a record's line is
// mostly such bytes.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString quotes s like encoding/json (HTML-safe escaping,
// invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// chainLine appends the JSON line of the record encoded as unchained, with
// seq, prev and hash filled in, to buf. prev and hash must need no JSON
// escaping (see plainHex).
func chainLine[T string | []byte](buf, unchained []byte, seq int64, prev, hash T) []byte {
	buf = append(buf, `{"seq":`...)
	buf = strconv.AppendInt(buf, seq, 10)
	buf = append(buf, unchained[len(jsonHead):len(unchained)-len(jsonTail)]...)
	buf = append(buf, `"prev_hash":"`...)
	buf = append(buf, prev...)
	buf = append(buf, `","hash":"`...)
	buf = append(buf, hash...)
	return append(buf, "\"}\n"...)
}

// plainHex reports whether s is made of hex digits only, so that it can be
// spliced into JSON unescaped. A chain head read from a tampered store may
// not be; Log then encodes the whole record.
func plainHex[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
