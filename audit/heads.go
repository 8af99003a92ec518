package audit

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// HeadsFileName is the file in the state directory to which the writer
// notes its node's chain head (NODE:SEQ:HASH and the time, one a line), as
// a tamper-evident log anchors its head outside the log itself: records
// deleted at the end of the chain (behind the last checkpoint), which the
// chain alone cannot show, leave the noted head pointing at records the
// store no longer holds. Verify takes the newest noted head of each node
// as a noted hash (Reader.NotedHeads); Open continues the chain after it,
// so that the deleted records stay a gap. The operator log gets the same
// line (QueueStats.Noted), for a copy on another machine.
const HeadsFileName = "audit-heads"

// HeadEvery is how often the writer notes the head while records are
// written (and at each checkpoint, and at Close): what a kill -9 followed
// by deleting the newest records can hide is at most this much. Once a
// second costs one fsync a second; after every committed batch cost about
// a quarter of the sustained rate (docs/audit.md §3).
var HeadEvery = time.Second

// headsCompactAt is the size at which the heads file is rewritten with
// the newest line of each node: only that one is needed, the chain
// vouches for everything before it.
var headsCompactAt int64 = 1 << 20

// noteHead appends the head a to the heads file in dir and fsyncs it.
func noteHead(dir string, a Anchor, at time.Time) error {
	path := filepath.Join(dir, HeadsFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	line := fmt.Sprintf("%s %s\n", a, at.UTC().Format(time.RFC3339))
	// A line torn by a crash ends without a line break: the new one
	// starts on a line of its own, or it would be unreadable too.
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err == nil && last[0] != '\n' {
			line = "\n" + line
		}
	}
	_, err = f.WriteString(line)
	if err == nil {
		err = f.Sync()
	}
	var size int64
	if fi, serr := f.Stat(); serr == nil {
		size = fi.Size()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || size < headsCompactAt {
		return err
	}
	return compactHeads(path)
}

// compactHeads rewrites the heads file with the newest line of each node.
func compactHeads(path string) error {
	heads, lines, err := readHeads(path)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, node := range slices.Sorted(maps.Keys(heads)) {
		b.WriteString(lines[node])
		b.WriteByte('\n')
	}
	return writeFileAtomic(path, []byte(b.String()))
}

// writeFileAtomic writes b to path through a synced temporary file renamed
// into place (mode 0600), so that a crash leaves the old file or the new
// one, never a half-written one; the temporary file is removed on error.
// The rename is synced too (syncDir), so that a power loss does not undo
// it. A path that is a symlink (the heads file kept on another disk) stays
// one: the file it points to is replaced, next to it.
func writeFileAtomic(path string, b []byte) error {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// syncDir fsyncs the directory dir, so that a file created or renamed in
// it survives a power loss, not only its content. A variable so that a
// test can see which directories are synced.
var syncDir = func(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// readHeads returns the newest noted head of each node in the heads file
// at path (and its line), nothing when there is no file. A line that is
// no head (torn by a crash while it was written) is passed over.
func readHeads(path string) (map[string]Anchor, map[string]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	heads, lines := map[string]Anchor{}, map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		head, _, _ := strings.Cut(line, " ")
		if i := strings.LastIndexByte(line, ' '); i > 0 {
			head = line[:i] // the node may hold blanks; the time holds none
		}
		a, err := ParseAnchor(head)
		if err != nil {
			continue
		}
		if a.Seq >= heads[a.Node].Seq {
			heads[a.Node], lines[a.Node] = a, line
		}
	}
	return heads, lines, sc.Err()
}

// ReadHeadsFile returns the newest head of each node noted in the heads
// file at path, sorted by node: a copy of another node's state_dir/
// audit-heads (with PostgreSQL each node notes its own chain's head on its
// own disk), for Verify and VerifyExport as noted hashes. A missing file,
// or one without any head, is an error: an auditor who names a file wants
// it checked.
func ReadHeadsFile(path string) ([]Anchor, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	heads, _, err := readHeads(path)
	if err != nil {
		return nil, fmt.Errorf("audit: %s: %w", path, err)
	}
	if len(heads) == 0 {
		return nil, fmt.Errorf("audit: %s holds no noted head (lines NODE:SEQ:HASH TIME, as the proxy writes %s)", path, HeadsFileName)
	}
	var out []Anchor
	for _, node := range slices.Sorted(maps.Keys(heads)) {
		out = append(out, heads[node])
	}
	return out, nil
}

// NotedHeads returns the newest head the writer noted for each node in the
// heads file of the reader's state directory (HeadsFileName), sorted by
// node, and the file's path; none when there is no such file (a log
// written before this version, or a reader without a state directory).
func (r *Reader) NotedHeads() ([]Anchor, string, error) {
	if r.dir == "" {
		return nil, "", nil
	}
	path := filepath.Join(r.dir, HeadsFileName)
	heads, err := r.heads.read(path)
	if err != nil {
		return nil, path, fmt.Errorf("audit: %s: %w", path, err)
	}
	var out []Anchor
	for _, node := range slices.Sorted(maps.Keys(heads)) {
		out = append(out, heads[node])
	}
	return out, path, nil
}

// headsRead is the heads file as a Reader last read it, by the file's
// identity, size and modification time: the web view checks the heads at
// every request (CheckHeads), and the file grows to headsCompactAt before
// it is rewritten, ≈10 000 lines that took 5–7 ms to read, as long as the
// rest of a page turn (docs/audit.md §7). The writer only appends to it
// (a new size) or renames a rewritten one over it (a new file).
type headsRead struct {
	mu    sync.Mutex
	fi    os.FileInfo // of the file read; nil: none read
	heads map[string]Anchor
	reads int // files read (for tests)
}

// read is readHeads(path)'s heads, read again only when the file changed;
// the map is shared and must not be changed.
func (h *headsRead) read(path string) (map[string]Anchor, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fi != nil && os.SameFile(h.fi, fi) && h.fi.Size() == fi.Size() && h.fi.ModTime().Equal(fi.ModTime()) {
		return h.heads, nil
	}
	// Stat before reading: a line appended meanwhile may be read now, and
	// then the next read sees a new size and reads again; never the other
	// way round.
	h.reads++
	heads, _, err := readHeads(path)
	if err != nil {
		return nil, err
	}
	h.fi, h.heads = fi, heads
	return heads, nil
}

// CheckHeads compares the newest noted heads (NotedHeads) with the store:
// a head whose record is gone while none after it exists means the newest
// records were deleted (or the database restored from an older backup), a
// head whose record has another hash that the history up to it was
// rewritten. It reads one record per node, for audit query and the web
// view, which do not walk the whole chain, and the heads file only when it
// changed (headsRead); Verify with the heads as noted hashes says the same.
func (r *Reader) CheckHeads(ctx context.Context) ([]Broken, error) {
	heads, _, err := r.NotedHeads()
	if err != nil {
		return nil, err
	}
	var out []Broken
	var lost map[string][]LostRange // read when a head is missing
	for _, a := range heads {
		var h string
		err := r.st.db.QueryRowContext(ctx, r.st.q(`SELECT hash FROM audit_records WHERE node = ? AND seq = ?`), a.Node, a.Seq).Scan(&h)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			var last sql.NullInt64
			if err := r.st.db.QueryRowContext(ctx, r.st.q(`SELECT MAX(seq) FROM audit_records WHERE node = ?`), a.Node).Scan(&last); err != nil {
				return nil, fmt.Errorf("audit: check: %w", damaged(err))
			}
			// Retention deletes records up to a checkpoint, which
			// keeps the hash: the head of a node that wrote nothing
			// for the whole period may be such a checkpoint.
			var cp string
			cerr := r.st.db.QueryRowContext(ctx, r.st.q(`SELECT hash FROM audit_checkpoints WHERE node = ? AND seq = ?`), a.Node, a.Seq).Scan(&cp)
			if cerr != nil && !errors.Is(cerr, sql.ErrNoRows) {
				return nil, fmt.Errorf("audit: check: %w", damaged(cerr))
			}
			if cerr == nil && cp == a.Hash {
				continue
			}
			if last.Int64 < a.Seq {
				// The newest records lost in a salvage, named so from
				// the record after the last one on: verify names them
				// lost, not deleted, and query and stats say so too.
				if lost == nil {
					if lost, err = r.salvageLost(ctx); err != nil {
						return nil, err
					}
					if lost == nil {
						lost = map[string][]LostRange{}
					}
				}
				if slices.ContainsFunc(lost[a.Node], func(l LostRange) bool { return l.First == last.Int64+1 && l.Last >= a.Seq }) {
					continue
				}
				out = append(out, Broken{Node: a.Node, Seq: last.Int64 + 1,
					ReasonDE: fmt.Sprintf("Einträge %d..%d fehlen (zuletzt notierter Kopf bei %d, %s)", last.Int64+1, a.Seq, a.Seq, HeadsFileName),
					Reason:   fmt.Sprintf("records %d..%d are missing (head noted at %d, %s)", last.Int64+1, a.Seq, a.Seq, HeadsFileName)})
			}
			// Else deleted in the middle (or by retention): the chain
			// shows it where it matters.
		case err != nil:
			return nil, fmt.Errorf("audit: check: %w", damaged(err))
		case h != a.Hash:
			out = append(out, Broken{Node: a.Node, Seq: a.Seq,
				ReasonDE: fmt.Sprintf("Hash weicht vom notierten Kopf ab (%s; Historie umgeschrieben)", HeadsFileName),
				Reason:   fmt.Sprintf("hash differs from the head noted in %s (history rewritten)", HeadsFileName)})
		}
	}
	return out, nil
}
