package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// lostTable is where a store written by Salvage names the records it could
// not read from the damaged file: Verify reports those gaps as lost in a
// salvage, not as records deleted, and checks the chain on behind them.
const lostTable = "audit_salvage_lost"

const lostSchema = `CREATE TABLE IF NOT EXISTS ` + lostTable + ` (
	node TEXT NOT NULL,
	first_seq BIGINT NOT NULL,
	last_seq BIGINT NOT NULL,
	salvaged_at BIGINT NOT NULL,
	PRIMARY KEY (node, first_seq)
)`

// salvageTables are the tables Salvage copies, in this order; a table the
// damaged file does not hold (a log of an older version) is left out.
var salvageTables = []string{"audit_records", "audit_checkpoints", "audit_keys", "audit_keys_late", lostTable}

// LostRange is a stretch of one node's records, First..Last, that a
// salvage could not read.
type LostRange struct {
	Node  string `json:"node"`
	First int64  `json:"first"`
	Last  int64  `json:"last"`
	// At is when the salvage named it (zero in Salvage's own result), or
	// when the gap was noted.
	At time.Time `json:"salvaged_at,omitzero"`
	// Note is the gap note that explains the gap (audit note-gap), nil
	// for a gap a salvage named.
	Note *GapNote `json:"note,omitempty"`
}

// SalvageResult says what Salvage copied and what it could not read.
type SalvageResult struct {
	Out string `json:"out"`
	// Rows copied per table.
	Copied map[string]int64 `json:"copied"`
	// Lost are the records that could not be read, per node.
	Lost []LostRange `json:"lost"`
	// Unreadable names the tables with rows that could not be read
	// (stretches of the file skipped), with how many stretches.
	Unreadable map[string]int `json:"unreadable,omitempty"`
	// KeysKnown says the primary key's index could be read whole, so
	// records lost at a node's end are named too; without it only a
	// checkpoint beyond them shows them.
	KeysKnown bool `json:"keys_index_read"`
	// Verify is the chain check of the new store.
	Verify VerifyResult `json:"verify"`
	// Pages is set when the file's first page (the schema) was damaged:
	// the rows were read from its pages by the file format (pages.go).
	Pages *PageScan `json:"pages,omitempty"`
}

// Salvage copies every row of the SQLite audit log dir/audit.db that can
// still be read into a new store at out (a file that must not exist), for
// a log that a damaged page makes unreadable as a whole. The damaged file
// is never opened itself: it and its -wal are copied next to out first.
// Rows are read in rowid order; a stretch that fails (SQLITE_CORRUPT) is
// skipped by searching the first rowid after it that reads. The records
// that could not be read are named per node (gaps between the records
// read, and at a node's ends what the primary key's index and the
// checkpoints say existed) and written to the new store's table
// audit_salvage_lost, which Verify reads; the new store is then verified.
// SQLite's own recovery (sqlite3_recover, the shell's .recover) is not in
// the pure-Go driver. A file whose first page (the schema) is damaged
// opens no table at all, nor sqlite_dbpage ("file is not a database"):
// its rows are then read from its pages by the file format
// (salvagePages), and SalvageResult.Pages says what was read.
func Salvage(ctx context.Context, dir, out string) (SalvageResult, error) {
	res := SalvageResult{Out: out, Copied: map[string]int64{}, Unreadable: map[string]int{}}
	src := filepath.Join(dir, "audit.db")
	if _, err := os.Stat(src); err != nil {
		return res, noDatabase(dir, err)
	}
	if _, err := os.Lstat(out); !errors.Is(err, fs.ErrNotExist) {
		return res, fmt.Errorf("audit: salvage: %s exists: salvage writes a new file and never over one", out)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".schleuse-salvage-")
	if err != nil {
		return res, fmt.Errorf("audit: salvage: %w", err)
	}
	defer os.RemoveAll(tmp)
	copyDir, newDir := filepath.Join(tmp, "copy"), filepath.Join(tmp, "new")
	for _, d := range []string{copyDir, newDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return res, fmt.Errorf("audit: salvage: %w", err)
		}
	}
	for _, suffix := range []string{"", "-wal"} {
		if err := copyPrivate(src+suffix, filepath.Join(copyDir, "audit.db"+suffix)); err != nil && (suffix == "" || !errors.Is(err, fs.ErrNotExist)) {
			return res, fmt.Errorf("audit: salvage: copy %s: %w", src+suffix, err)
		}
	}
	from, err := sql.Open("sqlite", "file:"+filepath.Join(copyDir, "audit.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return res, fmt.Errorf("audit: salvage: %w", err)
	}
	defer from.Close()
	from.SetMaxOpenConns(1)
	tables, err := salvageTableList(ctx, from)
	raw := err != nil && unreadable(err)
	if err != nil && !raw {
		return res, fmt.Errorf("audit: salvage: read the tables of %s: %w", src, damaged(err))
	}
	if !raw && !slices.Contains(tables, "audit_records") {
		return res, mark(ProblemNotAuditLog, src, fmt.Errorf("audit: %s holds no schleuse audit log (table audit_records is missing)", src))
	}
	to, err := openStore(ctx, Config{Dir: newDir}, false)
	if err != nil {
		return res, err
	}
	defer to.close()
	if _, err := to.db.ExecContext(ctx, lostSchema); err != nil {
		return res, fmt.Errorf("audit: salvage: %w", err)
	}
	seqs := map[string][]int64{}        // the records read, per node
	maxCP := map[string]int64{}         // the newest checkpoint read, per node
	cps := map[string][]int64{}         // the checkpoints read, per node
	oldLost := map[string][]LostRange{} // named by an earlier salvage
	// write stores rows of table t (values in the order of cols), and
	// notes what they say existed. ignore skips a row whose key the new
	// store holds already (read twice from the pages); it returns how
	// many were skipped.
	write := func(t string, cols []string, rows [][]any, ignore bool) (int64, error) {
		or := ""
		if ignore {
			or = "OR IGNORE "
		}
		ins := "INSERT " + or + "INTO " + t + " (" + quoteIdents(cols) + ") VALUES (" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
		node, seq := slices.Index(cols, "node"), slices.Index(cols, "seq")
		fi, li := slices.Index(cols, "first_seq"), slices.Index(cols, "last_seq")
		tx, err := to.db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		defer tx.Rollback()
		stmt, err := tx.PrepareContext(ctx, ins)
		if err != nil {
			return 0, err
		}
		var dup int64
		for _, row := range rows {
			r, err := stmt.ExecContext(ctx, row...)
			if err != nil {
				return 0, fmt.Errorf("write %s: %w", t, err)
			}
			if n, _ := r.RowsAffected(); n == 0 {
				dup++
				continue
			}
			nd, _ := row[max(node, 0)].(string)
			s, ok := row[max(seq, 0)].(int64)
			switch {
			case !ok || node < 0 || seq < 0:
			case t == "audit_records":
				seqs[nd] = append(seqs[nd], s)
			case t == "audit_checkpoints":
				maxCP[nd] = max(maxCP[nd], s)
				cps[nd] = append(cps[nd], s)
			}
			if t == lostTable && fi >= 0 && li >= 0 {
				f, _ := row[fi].(int64)
				l, _ := row[li].(int64)
				oldLost[nd] = append(oldLost[nd], LostRange{Node: nd, First: f, Last: l})
			}
		}
		return dup, tx.Commit()
	}
	var rawHi map[string]int64 // the newest seq per node, from the index pages
	if raw {
		// The first page (the schema) is damaged: the rows are read from
		// the file's pages by the file format (pages.go).
		scan, hi, err := salvagePages(ctx, filepath.Join(copyDir, "audit.db"), to, &res, write)
		rawHi = hi
		res.Pages = &scan
		if err != nil {
			return res, fmt.Errorf("audit: salvage: %s: its first page (the schema) is damaged, and reading its pages by the file format failed: %w", src, err)
		}
		if res.Copied["audit_records"] == 0 {
			return res, mark(ProblemNotAuditLog, src, fmt.Errorf("audit: salvage: %s: its first page (the schema) is damaged, and no page of it holds a record of a schleuse audit log: nothing salvaged", src))
		}
	}
	for _, t := range tables {
		cols, _, err := tableColumns(ctx, from, t)
		if err != nil {
			return res, fmt.Errorf("audit: salvage: %s: %w", t, err)
		}
		n, skipped, err := copyReadable(ctx, from, t, cols, func(rows [][]any) error {
			_, err := write(t, cols, rows, false)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("audit: salvage: %s: %w", t, err)
		}
		res.Copied[t] = n
		if skipped > 0 {
			res.Unreadable[t] = skipped
		}
	}
	// What existed: the primary key's index (node, seq) holds every
	// record's key apart from the table's pages, and is read without them.
	lo, hi := map[string]int64{}, map[string]int64{}
	res.KeysKnown = !raw && keyBounds(ctx, from, lo, hi) == nil
	maps.Copy(hi, rawHi)
	for n, s := range seqs {
		slices.Sort(s)
		lo[n] = minKnown(lo[n], s[0])
		hi[n] = max(hi[n], s[len(s)-1])
	}
	for n, c := range maxCP {
		if _, ok := lo[n]; !ok {
			lo[n] = c + 1 // every record pruned, or lost
		}
		hi[n] = max(hi[n], c)
	}
	for _, n := range slices.Sorted(maps.Keys(lo)) {
		res.Lost = append(res.Lost, lostRanges(n, seqs[n], cps[n], lo[n], hi[n], res.KeysKnown, oldLost[n])...)
	}
	now := time.Now()
	for _, l := range res.Lost {
		if _, err := to.db.ExecContext(ctx, `INSERT OR IGNORE INTO `+lostTable+` (node, first_seq, last_seq, salvaged_at) VALUES (?,?,?,?)`, l.Node, l.First, l.Last, now.UnixNano()); err != nil {
			return res, fmt.Errorf("audit: salvage: %w", err)
		}
	}
	// One file, no -wal beside it, to be moved into state_dir.
	if _, err := to.db.ExecContext(ctx, `PRAGMA journal_mode=DELETE`); err != nil {
		return res, fmt.Errorf("audit: salvage: %w", err)
	}
	if err := to.close(); err != nil {
		return res, fmt.Errorf("audit: salvage: %w", err)
	}
	r, err := OpenReader(ctx, Config{Dir: newDir})
	if err != nil {
		return res, err
	}
	res.Verify, err = r.Verify(ctx)
	r.Close()
	if err != nil {
		return res, err
	}
	// A link, not a rename: it fails rather than replace a file that
	// appeared meanwhile.
	if err := os.Link(filepath.Join(newDir, "audit.db"), out); err != nil {
		return res, fmt.Errorf("audit: salvage: %w", err)
	}
	return res, nil
}

// minKnown is the smaller of a and b, where a is 0 when not known yet.
func minKnown(a, b int64) int64 {
	if a == 0 {
		return b
	}
	return min(a, b)
}

// lostRanges are the numbers lo..hi of node that are not in seqs (sorted).
// Before lo (the index's first key when keysKnown) are only those
// retention did not delete: it cuts at a checkpoint, so a node's records
// begin at 1 or behind one. Ranges an earlier salvage named are left out
// (copied with its table).
func lostRanges(node string, seqs, cps []int64, lo, hi int64, keysKnown bool, old []LostRange) []LostRange {
	var out []LostRange
	add := func(f, l int64) {
		for _, o := range old {
			if o.First == f && o.Last == l {
				return
			}
		}
		if f <= l {
			out = append(out, LostRange{Node: node, First: f, Last: l})
		}
	}
	// Before lo: from the newest checkpoint below it (retention cuts at a
	// checkpoint) or from 1.
	var start int64 = 1
	if keysKnown {
		start = lo
	}
	for _, c := range cps {
		if c < lo && c+1 > start {
			start = c + 1
		}
	}
	next := start
	for _, s := range seqs {
		if s > next {
			add(next, s-1)
		}
		next = max(next, s+1)
	}
	add(next, hi)
	return out
}

// salvageTableList lists the tables of salvageTables the database holds.
func salvageTableList(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		have = append(have, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []string
	for _, t := range salvageTables {
		if slices.Contains(have, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// tableColumns are the columns of table t (its schema, from page 1), in
// order, with their declared types.
func tableColumns(ctx context.Context, db *sql.DB, t string) (cols, types []string, _ error) {
	rows, err := db.QueryContext(ctx, `SELECT name, type FROM pragma_table_info(?)`, t)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c, ty string
		if err := rows.Scan(&c, &ty); err != nil {
			return nil, nil, err
		}
		cols, types = append(cols, c), append(types, ty)
	}
	return cols, types, rows.Err()
}

// quoteIdents joins the column names cols, as a damaged file's schema
// gives them, each quoted as an SQL identifier: a name in a damaged or
// crafted file is text, never SQL (the tables are salvageTables' own).
func quoteIdents(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
	}
	return strings.Join(q, ", ")
}

// salvageBatch is how many rows copyReadable reads with one query.
const salvageBatch = 500

// copyReadable reads table t in rowid order and hands every row it can
// read to write, as stored (no decoding: a value that no record has stays
// as it is, for verify to name). A read that fails for a damaged page
// (unreadable) is resumed at the first rowid after it that reads: probes
// with growing steps find one, a binary search the first. It returns the
// rows read and the number of stretches skipped.
func copyReadable(ctx context.Context, db *sql.DB, t string, cols []string, write func([][]any) error) (n int64, skipped int, err error) {
	sel := "SELECT rowid, " + quoteIdents(cols) + " FROM " + t + " WHERE rowid >= ? ORDER BY rowid LIMIT ?"
	read := func(from int64, limit int) ([][]any, int64, error) {
		rows, err := db.QueryContext(ctx, sel, from, limit)
		if err != nil {
			return nil, 0, err
		}
		defer rows.Close()
		var out [][]any
		var last int64
		for rows.Next() {
			vals := make([]any, len(cols)+1)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return out, last, err
			}
			last, _ = vals[0].(int64)
			out = append(out, vals[1:])
		}
		return out, last, rows.Err()
	}
	// probe says whether reading from rowid r starts without a damaged page.
	probe := func(r int64) (bool, error) {
		_, _, err := read(r, 1)
		if err != nil && !unreadable(err) {
			return false, err
		}
		return err == nil, nil
	}
	next := int64(math.MinInt64)
	for {
		rows, last, err := read(next, salvageBatch)
		if len(rows) > 0 {
			if werr := write(rows); werr != nil {
				return n, skipped, werr
			}
			n += int64(len(rows))
			if last == math.MaxInt64 {
				return n, skipped, nil
			}
			next = last + 1
		}
		if err == nil {
			if len(rows) < salvageBatch {
				return n, skipped, nil
			}
			continue
		}
		if !unreadable(err) {
			return n, skipped, err
		}
		if len(rows) > 0 {
			continue // read on from the first row not read
		}
		// Nothing reads from next on: find the first rowid that does.
		skipped++
		bad, good := next, int64(0)
		found := false
		if bad < 0 {
			// Rowids begin at 1: galloping from the least int64 would
			// not reach them before the steps overflow.
			ok, err := probe(0)
			if err != nil {
				return n, skipped, err
			}
			if ok {
				good, found = 0, true
			} else {
				bad = 0
			}
		}
		for step := int64(1); !found; step *= 2 {
			if bad > math.MaxInt64-step {
				break
			}
			ok, err := probe(bad + step)
			if err != nil {
				return n, skipped, err
			}
			if ok {
				good, found = bad+step, true
				break
			}
			bad += step
			if step > math.MaxInt64/2 {
				break
			}
		}
		if !found {
			return n, skipped, nil // nothing readable to the end
		}
		for uint64(good-bad) > 1 { // the difference fits in a uint64
			mid := bad + int64(uint64(good-bad)/2)
			ok, err := probe(mid)
			if err != nil {
				return n, skipped, err
			}
			if ok {
				good = mid
			} else {
				bad = mid
			}
		}
		next = good
	}
}

// unreadable reports whether err says a page of the file is damaged.
func unreadable(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FORMAT:
		return true
	}
	return false
}

// keyBounds reads the first and last seq of each node from the primary
// key's index alone (a covering scan reads no page of the table) into lo
// and hi; an error if the index cannot be read whole.
func keyBounds(ctx context.Context, db *sql.DB, lo, hi map[string]int64) error {
	rows, err := db.QueryContext(ctx, `SELECT node, min(seq), max(seq) FROM audit_records INDEXED BY sqlite_autoindex_audit_records_1 GROUP BY node`)
	if err != nil {
		return err
	}
	defer rows.Close()
	l, h := map[string]int64{}, map[string]int64{}
	for rows.Next() {
		var n string
		var a, b int64
		if err := rows.Scan(&n, &a, &b); err != nil {
			return err
		}
		l[n], h[n] = a, b
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for n := range l {
		lo[n], hi[n] = l[n], h[n]
	}
	return nil
}

// copyPrivate copies the file src to dst (mode 0600).
func copyPrivate(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// salvageLost reads the ranges a salvage named lost (table
// audit_salvage_lost, in a store Salvage wrote), per node; none in a store
// without the table.
func (r *Reader) salvageLost(ctx context.Context) (map[string][]LostRange, error) {
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '` + lostTable + `'`
	if r.st.postgres {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '` + lostTable + `'`
	}
	var n int
	if err := r.st.db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return nil, fmt.Errorf("audit: verify: %w", damaged(err))
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := r.st.db.QueryContext(ctx, `SELECT node, first_seq, last_seq, salvaged_at FROM `+lostTable+` ORDER BY node, first_seq`)
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", damaged(err))
	}
	defer rows.Close()
	out := map[string][]LostRange{}
	for rows.Next() {
		var l LostRange
		var at int64
		if err := rows.Scan(&l.Node, &l.First, &l.Last, &at); err != nil {
			return nil, fmt.Errorf("audit: verify: table %s: %w", lostTable, damaged(err))
		}
		l.At = time.Unix(0, at)
		out[l.Node] = append(out[l.Node], l)
	}
	return out, rows.Err()
}

// usable says whether l can explain a gap: a salvage's, or a note
// written after the gap (a note cannot explain records lost after it).
func (l LostRange) usable() bool { return l.Note == nil || l.Note.Seq > l.Last }

// lostAt is the range of lost that is exactly first..last, if any.
func lostAt(lost []LostRange, first, last int64) (LostRange, bool) {
	for _, l := range lost {
		if l.usable() && l.First == first && l.Last == last {
			return l, true
		}
	}
	return LostRange{}, false
}

// lostHead is the newest seq of node that a salvage named lost (table
// audit_salvage_lost of a SQLite store Salvage wrote), 0 if none.
func (s *sqlStore) lostHead(ctx context.Context, node string) (int64, error) {
	if s.postgres {
		return 0, nil // Salvage writes SQLite only
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '`+lostTable+`'`).Scan(&n); err != nil || n == 0 {
		if err != nil {
			return 0, fmt.Errorf("audit: read the tables: %w", damaged(err))
		}
		return 0, nil
	}
	var last sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT max(last_seq) FROM `+lostTable+` WHERE node = ?`, node).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("audit: read %s: %w", lostTable, damaged(err))
	}
	return last.Int64, nil
}

// Reason names l, German and English, as verify, query's check, stats and
// the web view name the gap: lost in a salvage, or noted (audit note-gap),
// not deleted.
func (l LostRange) Reason() (de, en string) {
	at := l.At.Local().Format("2006-01-02 15:04")
	if n := l.Note; n != nil {
		by := ""
		if n.By != "" {
			by = ", " + n.By
		}
		return fmt.Sprintf("Einträge %d..%d fehlen: Lücke vermerkt am %s (Eintrag %d%s): %s", l.First, l.Last, at, n.Seq, by, n.Reason),
			fmt.Sprintf("records %d..%d missing: gap noted on %s (record %d%s): %s", l.First, l.Last, at, n.Seq, by, n.Reason)
	}
	return fmt.Sprintf("Einträge %d..%d fehlen: bei der Bergung einer beschädigten audit.db (audit salvage, %s) nicht lesbar, verloren", l.First, l.Last, at),
		fmt.Sprintf("records %d..%d lost: unreadable in a damaged audit.db (audit salvage, %s)", l.First, l.Last, at)
}
