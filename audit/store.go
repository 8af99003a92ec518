package audit

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	"modernc.org/sqlite"               // driver "sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// CheckpointEvery is how often (in records per node) a checkpoint (node,
// seq, hash, time) is written. Retention deletes records only up to a
// checkpoint, so verification can start from it.
const CheckpointEvery = 1000

// writer is what the Logger needs from a store; tests wrap it to simulate an
// unavailable store.
type writer interface {
	// insert stores records in one transaction, with their checkpoints.
	// Records already present (same node and seq) are skipped.
	insert(ctx context.Context, recs []Record) error
	// head returns the highest seq and its hash for node (0, "" if none).
	head(ctx context.Context, node string) (int64, string, error)
	// prune deletes the records older than before, up to the newest
	// checkpoint older than before, per node.
	prune(ctx context.Context, before time.Time) (int64, error)
	close() error
}

// sqlStore is the store for both SQLite and PostgreSQL: the same schema and
// the same queries, written with ? placeholders and rebound to $n for
// PostgreSQL.
type sqlStore struct {
	db       *sql.DB
	postgres bool
	// ins[i] is the INSERT of insertRows[i] rows, prepared once: parsing
	// a multi-row INSERT costs more than binding it, and a batch of any
	// size is a sum of these sizes.
	ins   [len(insertRows)]*sql.Stmt
	insCP *sql.Stmt // checkpoint INSERT
	// period is the key period Open found the key file to be (0: not
	// checked, a store opened otherwise); each batch compares it with the
	// log's current one (checkPeriod), with curPeriod, after lockPeriod
	// on PostgreSQL.
	period                int64
	curPeriod, lockPeriod *sql.Stmt
	// keysTableBefore says that table audit_keys existed when the store
	// was opened for writing (before the schema was created).
	keysTableBefore bool
	nodeLock        *sql.Conn // PostgreSQL: holds the advisory lock on this writer's node id
	// node is the node id lockNode locked (checkNodeLock takes it again).
	node string
}

const schema = `
CREATE TABLE IF NOT EXISTS audit_records (
	node TEXT NOT NULL,
	seq BIGINT NOT NULL,
	ts BIGINT NOT NULL,
	request_id TEXT NOT NULL,
	user_ps TEXT NOT NULL,
	groups TEXT NOT NULL,
	service_id TEXT NOT NULL,
	host TEXT NOT NULL,
	path TEXT NOT NULL,
	action TEXT NOT NULL,
	rules TEXT NOT NULL,
	findings TEXT NOT NULL,
	fingerprints TEXT NOT NULL,
	justification TEXT NOT NULL,
	bytes BIGINT NOT NULL,
	latency_us BIGINT NOT NULL,
	policy_revision TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (node, seq)
);
CREATE INDEX IF NOT EXISTS audit_records_ts ON audit_records (ts);
CREATE INDEX IF NOT EXISTS audit_records_request_id ON audit_records (request_id);
CREATE TABLE IF NOT EXISTS audit_checkpoints (
	node TEXT NOT NULL,
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL,
	ts BIGINT NOT NULL,
	PRIMARY KEY (node, seq)
);
CREATE TABLE IF NOT EXISTS audit_keys (
	period BIGINT NOT NULL PRIMARY KEY,
	key_id TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	starts TEXT NOT NULL,
	tag TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_keys_late (
	node TEXT NOT NULL,
	first_seq BIGINT NOT NULL,
	last_seq BIGINT NOT NULL,
	period BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	tag TEXT NOT NULL,
	PRIMARY KEY (node, first_seq)
)`

const recordColumns = `node, seq, ts, request_id, user_ps, groups, service_id, host, path, action, rules,
	findings, fingerprints, justification, bytes, latency_us, policy_revision, prev_hash, hash`

const numColumns = 19

// rowsPerInsert keeps one multi-row INSERT below SQLite's and PostgreSQL's
// limits on bound parameters.
const rowsPerInsert = 200

// insertRows are the row counts of the prepared INSERTs, largest first: a
// batch is written with the largest that fit, so a batch of n rows takes
// at most n/rowsPerInsert + 8 statements and no parsing.
var insertRows = [...]int{rowsPerInsert, 128, 64, 32, 16, 8, 4, 2, 1}

// schemaObjectExists reports whether the table or index a statement of
// schema creates exists already in PostgreSQL (always false for SQLite).
// The statement is then not sent: PostgreSQL checks that the role owns the
// table before it looks whether CREATE INDEX IF NOT EXISTS has anything to
// do, and a proxy role hardened as docs/audit.md §6 recommends (tables
// owned by an admin role; INSERT, SELECT and DELETE granted) would fail to
// start with "must be owner of table audit_records".
func (s *sqlStore) schemaObjectExists(ctx context.Context, stmt string) (bool, error) {
	if !s.postgres {
		return false, nil
	}
	f := strings.Fields(stmt)
	if len(f) < 6 || f[0] != "CREATE" || f[2] != "IF" || f[3] != "NOT" || f[4] != "EXISTS" {
		return false, nil
	}
	var exists bool
	if err := s.db.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", f[5]).Scan(&exists); err != nil {
		return false, fmt.Errorf("audit: create schema: look up %s: %w", f[5], err)
	}
	return exists, nil
}

// CheckStore reports a PostgreSQL audit.store that run could not open
// whatever the database says: a URL that does not parse (a port out of
// range, an unknown sslmode, a bad percent escape). config check, the
// unit's ExecStartPre, said ok to such a URL before, and run failed. The
// error never holds the URL's password (pgconn masks it).
func CheckStore(store string) error {
	if !isPostgres(store) {
		return nil // "sqlite", or what config.Validate names
	}
	if _, err := pgconn.ParseConfig(store); err != nil {
		return fmt.Errorf("audit.store: %w (docs/audit.md, section 6)", err)
	}
	return nil
}

// CheckSQLiteFile looks at the SQLite audit log in dir without opening it
// as a database (config check runs as any account, and SQLite would make
// audit.db-wal and -shm files that account owns): its 100-byte header and
// its size. It returns an error for a file that is no SQLite database or
// is shorter than its header says (a truncated copy, a disk that filled
// up), which run refuses too ("database disk image is malformed"); nil for
// a sound file, a missing or empty one (run starts a new log there), and
// while a -wal file lies beside it (a checkpoint cut off by a crash leaves
// the header ahead of the file until the next open replays the WAL).
func CheckSQLiteFile(dir string) error {
	path := filepath.Join(dir, "audit.db")
	f, err := os.Open(path)
	if err != nil {
		return nil // missing or unreadable: checked elsewhere (checkStateDir)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil
	}
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return nil
	}
	const fix = "restore audit.db from a backup and check it with schleuse audit verify (docs/audit.md, section 3)"
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return mark(ProblemDamaged, path, fmt.Errorf("audit: %s is no SQLite database (damaged, or another file in its place): %s", path, fix))
	}
	page := int64(binary.BigEndian.Uint16(h[16:18]))
	if page == 1 {
		page = 65536
	}
	if page < 512 || page&(page-1) != 0 {
		return mark(ProblemDamaged, path, fmt.Errorf("audit: %s is damaged (page size %d in its header): %s", path, page, fix))
	}
	if fi.Size()%page != 0 {
		return mark(ProblemDamaged, path, fmt.Errorf("audit: %s is damaged (%d bytes, not a whole number of %d-byte pages: truncated?): %s", path, fi.Size(), page, fix))
	}
	// The header's page count holds when the change counter equals the
	// version-valid-for number (SQLite's file format, section 1.3.9).
	if pages := int64(binary.BigEndian.Uint32(h[28:32])); pages > 0 && binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96]) && pages*page > fi.Size() {
		return mark(ProblemDamaged, path, fmt.Errorf("audit: %s is damaged (%d bytes, its header says %d: truncated): %s", path, fi.Size(), pages*page, fix))
	}
	return nil
}

// CheckSQLiteHead reads of an existing SQLite log (cfg.Dir/audit.db) what
// Open reads before it takes records, without writing: its tables, whether
// it holds records, and its node's chain head and last checkpoint. A file whose header and size are
// sound (CheckSQLiteFile) can still have damaged pages there, which Open
// refuses ("database disk image is malformed"): config check, the unit's
// ExecStartPre, says so with what to do, instead of ok and a failed
// start. Nothing for PostgreSQL, a missing or empty file, or one without
// the log's tables (Open creates them); the rest of the file is
// audit verify's.
func CheckSQLiteHead(ctx context.Context, cfg Config) error {
	if err := cfg.defaults(); err != nil {
		return err
	}
	path := filepath.Join(cfg.Dir, "audit.db")
	if fi, err := os.Stat(path); isPostgres(cfg.Store) || err != nil || fi.Size() == 0 {
		return nil
	}
	st, err := openStore(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer st.close()
	if err := st.checkSchema(ctx, cfg); err != nil {
		if _, ok := errors.AsType[*sqlite.Error](err); ok {
			return err // damaged where the tables are named
		}
		return nil // no log's tables: Open creates them
	}
	if _, err := st.holdsRecords(ctx); err != nil {
		return fmt.Errorf("audit: %s: %w", path, err)
	}
	if _, _, err := st.head(ctx, cfg.Node); err != nil {
		return fmt.Errorf("audit: %s: %w", path, err)
	}
	return nil
}

// isPostgres reports whether a Config.Store names PostgreSQL.
func isPostgres(store string) bool {
	return strings.HasPrefix(store, "postgres://") || strings.HasPrefix(store, "postgresql://")
}

// noDatabase is the error for a SQLite log that stat of its file in dir
// failed for. The state directory is the service account's (0700): for
// another account "no audit database" would send an auditor looking for a
// lost log.
func noDatabase(dir string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return mark(ProblemNoAccess, dir, fmt.Errorf("audit: %s cannot be read by this account: run the command as the account schleuse runs as (sudo -u schleuse …) or as root: %w", dir, err))
	}
	return mark(ProblemNoDatabase, dir, fmt.Errorf("audit: no audit database in %s: %w", dir, err))
}

// openStore opens (and creates the schema of) the store named by cfg.
// readOnly opens a SQLite database as query_only.
func openStore(ctx context.Context, cfg Config, readOnly bool) (*sqlStore, error) {
	s := &sqlStore{postgres: isPostgres(cfg.Store)}
	var err error
	switch {
	case s.postgres:
		s.db, err = sql.Open("pgx", cfg.Store)
		if err != nil {
			return nil, fmt.Errorf("audit: postgres: %w", err)
		}
		s.db.SetMaxOpenConns(4)
	case cfg.Store == "" || cfg.Store == "sqlite":
		if readOnly {
			if _, err := os.Stat(filepath.Join(cfg.Dir, "audit.db")); err != nil {
				return nil, noDatabase(cfg.Dir, err)
			}
		}
		if !readOnly {
			// SQLite creates the file with the process's umask (0644 as a
			// rule) and its -wal and -shm files with the file's mode: create
			// it for its owner only, as the state directory is.
			if err := createPrivate(filepath.Join(cfg.Dir, "audit.db")); err != nil {
				return nil, err
			}
		}
		// WAL with synchronous=FULL: every committed batch is fsynced, so
		// an acknowledged record survives a power loss, not only a crash.
		dsn := "file:" + filepath.Join(cfg.Dir, "audit.db") +
			"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)" +
			"&_pragma=case_sensitive_like(1)&_txlock=immediate"
		if readOnly {
			dsn += "&_pragma=query_only(1)"
		}
		s.db, err = sql.Open("sqlite", dsn)
		if err != nil {
			return nil, fmt.Errorf("audit: sqlite: %w", err)
		}
		if !readOnly {
			s.db.SetMaxOpenConns(1) // one writer connection
		}
	default:
		return nil, fmt.Errorf("audit: unknown store %q (want \"sqlite\" or a postgres:// URL)", cfg.Store)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		if !s.postgres { // name the file (a PostgreSQL URL may hold a password)
			return nil, fmt.Errorf("audit: open store %s: %w", filepath.Join(cfg.Dir, "audit.db"), damaged(err))
		}
		return nil, mark(ProblemUnreachable, "", fmt.Errorf("audit: open store (PostgreSQL, audit.store): %w: is the database running and reachable from this host, and are user, password and database of the URL right? schleuse does not start without its audit log", err))
	}
	if !readOnly {
		// Whether audit_keys was there before this start: an empty one
		// beside records was emptied (or made by hand for a hardened
		// role), a missing one is a log from before key periods.
		if s.keysTableBefore, err = s.hasKeysTable(ctx); err != nil {
			s.db.Close()
			return nil, err
		}
		for _, stmt := range strings.Split(schema, ";") {
			if exists, err := s.schemaObjectExists(ctx, stmt); err != nil || exists {
				if err != nil {
					s.db.Close()
					return nil, err
				}
				continue
			}
			if _, err := s.db.ExecContext(ctx, stmt); err != nil {
				s.db.Close()
				if f := strings.Fields(stmt); isPermissionDenied(err) && len(f) > 5 {
					// A hardened role (tables owned by an admin role) meets
					// a table a later version adds: the owner creates it.
					return nil, fmt.Errorf("audit: Die PostgreSQL-Rolle von audit.store darf die Tabelle %s, die diese Fassung braucht, nicht anlegen: als Besitzer der Tabellen die Anweisungen aus docs/audit.md, Abschnitt 6 ausführen (CREATE TABLE %s …; GRANT …) / audit: the PostgreSQL role of audit.store may not create table %s, which this version needs: run the statements of docs/audit.md, section 6 as the tables' owner: %w", f[5], f[5], f[5], err)
				}
				return nil, fmt.Errorf("audit: create schema: %w", err)
			}
		}
		for i, n := range insertRows {
			if s.ins[i], err = s.db.PrepareContext(ctx, s.q(insertSQL(n, s.postgres))); err != nil {
				break
			}
		}
		if err == nil {
			s.insCP, err = s.db.PrepareContext(ctx, s.q(`INSERT INTO audit_checkpoints (node, seq, hash, ts) VALUES (?,?,?,?)
			ON CONFLICT (node, seq) DO NOTHING`))
		}
		if err == nil {
			s.curPeriod, err = s.db.PrepareContext(ctx, `SELECT period, key_id, created_at, starts FROM audit_keys ORDER BY period DESC LIMIT 1`)
		}
		if err == nil && s.postgres {
			s.lockPeriod, err = s.db.PrepareContext(ctx, periodLockSharedSQL)
		}
		if err != nil {
			s.db.Close()
			return nil, fmt.Errorf("audit: prepare insert: %w", err)
		}
		if err := s.checkPrivileges(ctx, cfg.Retention > 0); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	return s, nil
}

// checkPrivileges makes a PostgreSQL role that may not write or read the
// log, or delete from it under audit.retention, stop the start, naming the
// GRANT (docs/audit.md §6). PostgreSQL
// prepares an INSERT without the right; before, such a proxy started,
// failed at its first record and spilled every record to disk until the
// disk was full, its /readyz 503 the only sign.
func (s *sqlStore) checkPrivileges(ctx context.Context, retention bool) error {
	if !s.postgres {
		return nil
	}
	// DELETE only with audit.retention: it deletes no row before records
	// are older than the period, so a missing right would show first then.
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT current_user, t || ': ' || p FROM (VALUES
		('audit_records', 'INSERT'), ('audit_records', 'SELECT'), ('audit_checkpoints', 'INSERT'), ('audit_checkpoints', 'SELECT'),
		('audit_keys', 'INSERT'), ('audit_keys', 'SELECT'), ('audit_keys_late', 'INSERT'), ('audit_keys_late', 'SELECT'),
		('audit_records', CASE WHEN $1 THEN 'DELETE' ELSE 'SELECT' END)) AS v(t, p)
		WHERE NOT has_table_privilege(t, p) ORDER BY 2`, retention)
	if err != nil {
		return fmt.Errorf("audit: look up the rights of the PostgreSQL role: %w", err)
	}
	defer rows.Close()
	var role string
	var missing []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&role, &m); err != nil {
			return fmt.Errorf("audit: look up the rights of the PostgreSQL role: %w", err)
		}
		missing = append(missing, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: look up the rights of the PostgreSQL role: %w", err)
	}
	if len(missing) > 0 {
		return fmt.Errorf("audit: Der PostgreSQL-Rolle %s von audit.store fehlt %s: als Besitzer der Tabellen GRANT INSERT, SELECT ON audit_records, audit_checkpoints, audit_keys, audit_keys_late TO %s; und GRANT DELETE ON audit_records TO %s; ausführen (docs/audit.md, Abschnitt 6); ohne sein Audit-Log startet schleuse nicht / "+
			"audit: the PostgreSQL role %s of audit.store lacks %s: as the tables' owner run GRANT INSERT, SELECT ON audit_records, audit_checkpoints, audit_keys, audit_keys_late TO %s; and GRANT DELETE ON audit_records TO %s; (docs/audit.md, section 6); schleuse does not start without writing its audit log",
			role, strings.Join(missing, ", "), role, role, role, strings.Join(missing, ", "), role, role)
	}
	return nil
}

// checkSchema makes sure the store holds a schleuse audit log before a
// reader queries it: an auditor pointed at the wrong file, or at a
// database the proxy never wrote to, gets that said instead of "no such
// table".
func (s *sqlStore) checkSchema(ctx context.Context, cfg Config) error {
	where := "a database"
	if !s.postgres {
		where = filepath.Join(cfg.Dir, "audit.db")
	}
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('audit_records', 'audit_checkpoints')`
	if s.postgres {
		query = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('audit_records', 'audit_checkpoints')`
	}
	var n int
	if err := s.db.QueryRowContext(ctx, query).Scan(&n); err != nil {
		return fmt.Errorf("audit: read %s: %w", where, damaged(err))
	}
	if n < 2 {
		return mark(ProblemNotAuditLog, where, fmt.Errorf("audit: %s holds no schleuse audit log (its tables audit_records and audit_checkpoints are missing): another program's database, or one that no schleuse proxy ever wrote to", where))
	}
	return nil
}

// damaged adds what to do to an SQLite error that says the file is
// damaged or no database at all (SQLITE_CORRUPT, SQLITE_NOTADB), or that
// its disk is full (SQLITE_FULL); other errors are returned as they are.
func damaged(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary result code
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return mark(ProblemDamaged, "", fmt.Errorf("%w: the file is damaged or is no SQLite database; restore audit.db from a backup and check it with schleuse audit verify (docs/audit.md, section 3); without a backup, schleuse audit salvage --out FILE copies the records that can still be read to a new file and names those lost", err))
		case sqlite3.SQLITE_FULL:
			// Before, SQLite's words alone: "database or disk is full (13)".
			return mark(ProblemDiskFull, "", fmt.Errorf("%w: the file system of state_dir has no space left; free space there (df -h) and start again: the records written so far are kept", err))
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			// The proxy's own writes never lock a reader out (WAL); a
			// program that opened audit.db exclusively does.
			return mark(ProblemLocked, "", fmt.Errorf("%w: another program holds audit.db locked (a sqlite3 shell or a backup tool?); close it and try again", err))
		case sqlite3.SQLITE_CANTOPEN:
			return mark(ProblemNoAccess, "", fmt.Errorf("%w: audit.db cannot be opened: run the command as the account schleuse runs as (sudo -u schleuse …) or as root", err))
		}
	}
	return err
}

// createPrivate creates an empty file at path with mode 0600 unless it
// exists (an empty file is an empty SQLite database).
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("audit: create %s: %w", path, err)
	}
	return f.Close()
}

// q rebinds ? placeholders to $1, $2, … for PostgreSQL.
func (s *sqlStore) q(query string) string {
	if !s.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// insertSQL is the INSERT of rows records. On SQLite it is INSERT OR
// ROLLBACK: a statement that writes several rows and may abort midway
// (NOT NULL) makes SQLite copy every page it changes to a statement
// journal first, so that the statement alone can be undone; insert undoes
// the whole batch on any error anyway, and with ROLLBACK as the conflict
// resolution SQLite keeps no statement journal (16 % fewer pwrite calls for
// 50 000 records in BenchmarkSustainedSQLite). Existing (node, seq) are
// still skipped by the upsert clause, which takes precedence.
func insertSQL(rows int, postgres bool) string {
	var b strings.Builder
	if postgres {
		b.WriteString("INSERT INTO")
	} else {
		b.WriteString("INSERT OR ROLLBACK INTO")
	}
	b.WriteString(" audit_records (" + recordColumns + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", numColumns), ",") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	b.WriteString(" ON CONFLICT (node, seq) DO NOTHING")
	return b.String()
}

func (s *sqlStore) insert(ctx context.Context, recs []Record) error {
	if len(recs) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		if !s.postgres && errors.Is(err, context.DeadlineExceeded) {
			// The write lock, waited for up to busy_timeout, outlasted the
			// batch's deadline: SQLite's "database is locked" never came,
			// and the status page and the log said only "context deadline
			// exceeded".
			return fmt.Errorf("audit: begin: audit.db stayed locked by another program (a sqlite3 shell or a backup tool holding a write transaction?): %w", err)
		}
		return fmt.Errorf("audit: begin: %w", err)
	}
	defer tx.Rollback()
	if err := s.checkPeriod(ctx, tx); err != nil {
		return err
	}
	args := make([]any, 0, numColumns*min(len(recs), rowsPerInsert))
	for start, k := 0, 0; start < len(recs); {
		for insertRows[k] > len(recs)-start {
			k++ // the largest statement that fits (the last has one row)
		}
		chunk := recs[start : start+insertRows[k]]
		start += len(chunk)
		args = args[:0]
		for i := range chunk {
			args = appendArgs(args, &chunk[i])
		}
		if _, err := tx.StmtContext(ctx, s.ins[k]).ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("audit: insert %d records: %w", len(chunk), err)
		}
	}
	for i := range recs {
		r := &recs[i]
		if r.Seq%CheckpointEvery != 0 {
			continue
		}
		if _, err := tx.StmtContext(ctx, s.insCP).ExecContext(ctx, r.Node, r.Seq, r.Hash, r.Time.UnixNano()); err != nil {
			return fmt.Errorf("audit: insert checkpoint: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit: commit: %w", err)
	}
	return nil
}

func appendArgs(args []any, r *Record) []any {
	return append(args, r.Node, r.Seq, r.Time.UnixNano(), r.RequestID, r.User, joinList(r.Groups),
		r.ServiceID, r.Host, r.Path, r.Action, joinList(r.Rules), joinFindings(r.Findings),
		joinList(r.Fingerprints), r.Justification, r.Bytes, latencyMicros(r.LatencyMS),
		r.PolicyRevision, r.PrevHash, r.Hash)
}

func (s *sqlStore) head(ctx context.Context, node string) (int64, string, error) {
	var seq int64
	var hash string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT seq, hash FROM audit_records WHERE node = ? ORDER BY seq DESC LIMIT 1`), node).Scan(&seq, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("audit: read chain head: %w", damaged(err))
	}
	var cseq int64
	var chash string
	err = s.db.QueryRowContext(ctx, s.q(`SELECT seq, hash FROM audit_checkpoints WHERE node = ? ORDER BY seq DESC LIMIT 1`), node).Scan(&cseq, &chash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("audit: read checkpoint: %w", damaged(err))
	}
	if cseq > seq {
		return cseq, chash, nil
	}
	return seq, hash, nil
}

func (s *sqlStore) prune(ctx context.Context, before time.Time) (int64, error) {
	// Only up to the first checkpoint (in seq order) that is not older
	// than the period: a checkpoint written while the system clock was
	// set back (a dead RTC before NTP, a VM snapshot restored) carries a
	// time long past, and cutting at it deleted the records after the
	// real ones of the period, written minutes ago.
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT node, MAX(seq) FROM audit_checkpoints c WHERE ts < ?
		AND NOT EXISTS (SELECT 1 FROM audit_checkpoints d WHERE d.node = c.node AND d.seq < c.seq AND d.ts >= ?) GROUP BY node`), before.UnixNano(), before.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("audit: prune: %w", err)
	}
	type cut struct {
		node string
		seq  int64
	}
	var cuts []cut
	for rows.Next() {
		var c cut
		if err := rows.Scan(&c.node, &c.seq); err != nil {
			rows.Close()
			return 0, fmt.Errorf("audit: prune: %w", err)
		}
		cuts = append(cuts, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("audit: prune: %w", err)
	}
	var n int64
	for _, c := range cuts {
		res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM audit_records WHERE node = ? AND seq <= ? AND ts < ?`), c.node, c.seq, before.UnixNano())
		if err != nil {
			return n, fmt.Errorf("audit: prune node %s: %w", c.node, err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}

// lockNode makes sure no other writer uses node on a shared PostgreSQL log
// (one schema; a log in another schema of the database is another log):
// two writers with one node id would interleave one chain. The session
// advisory lock is held on a dedicated connection until close (and dropped
// by the server if the process dies). SQLite is guarded by the lock file.
func (s *sqlStore) lockNode(ctx context.Context, node string) error {
	if !s.postgres {
		return nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("audit: node lock: %w", err)
	}
	var ok bool
	// The key names the log (its schema) and the node: advisory locks are
	// database-wide, and another log in another schema may have a node of
	// the same name.
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(hashtext('schleuse-audit:' || current_schema()), hashtext($1))`, node).Scan(&ok); err != nil {
		conn.Close()
		return fmt.Errorf("audit: node lock: %w", err)
	}
	if !ok {
		conn.Close()
		return fmt.Errorf("%w: Unter der Knoten-ID %q schreibt schon ein anderer schleuse in dieses Audit-Log; jedem Knoten eine eigene audit.node geben / node id %q is already writing to this log; give every proxy node its own audit node id", errNodeTaken, node, node)
	}
	// Named for new-keys (nodesStopped) and pg_stat_activity: a node
	// that has written nothing yet is known by nothing else.
	if _, err := conn.ExecContext(ctx, `SELECT set_config('application_name', $1, false)`, nodeAppName+node); err != nil {
		conn.Close()
		return fmt.Errorf("audit: node lock: %w", err)
	}
	s.nodeLock, s.node = conn, node
	return nil
}

// errNodeTaken: another writer holds the node lock.
var errNodeTaken = errors.New("audit: node id taken")

// checkNodeLock makes sure the node lock is still held on its connection,
// and takes it again on a new one if the connection is gone (a database
// restart, a failover): errNodeTaken if another writer holds it by then,
// another error if the database cannot be asked (tried again later).
func (s *sqlStore) checkNodeLock(ctx context.Context) error {
	if s.node == "" {
		return nil // SQLite, or a store not opened for writing
	}
	if s.nodeLock != nil {
		var n int
		err := s.nodeLock.QueryRowContext(ctx, `SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory' AND granted AND objsubid = 2
			AND classid = hashtext('schleuse-audit:' || current_schema())::oid AND objid = hashtext($1)::oid`, s.node).Scan(&n)
		if err == nil && n > 0 {
			return nil
		}
		s.nodeLock.Raw(func(any) error { return driver.ErrBadConn }) // not back into the pool
		s.nodeLock.Close()
		s.nodeLock = nil
	}
	return s.lockNode(ctx, s.node)
}

// holdsRecords says whether any node has written to the store: a record,
// or a checkpoint that outlived its records under retention.
func (s *sqlStore) holdsRecords(ctx context.Context) (bool, error) {
	for _, q := range []string{`SELECT 1 FROM audit_records LIMIT 1`, `SELECT 1 FROM audit_checkpoints LIMIT 1`} {
		var one int
		err := s.db.QueryRowContext(ctx, q).Scan(&one)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("audit: read the log: %w", damaged(err))
		}
	}
	return false, nil
}

func (s *sqlStore) close() error {
	if s.nodeLock != nil {
		s.nodeLock.Close()
	}
	return s.db.Close()
}

// The list columns hold their items each followed by U+001F and led by one,
// e.g. "\x1fsozialamt\x1fjugendamt\x1f", so that one item is found with
// LIKE '%\x1fitem\x1f%' the same way in SQLite and PostgreSQL. Items never
// contain U+001F (see clean). Findings are "\x1fIBAN=2\x1fEMAIL=1\x1f",
// sorted by type.
const sep = "\x1f"

// joinList writes the list encoding of l in one allocation (the writer
// encodes three lists per record).
func joinList(l []string) string {
	if len(l) == 0 {
		return ""
	}
	n := len(sep)
	for _, s := range l {
		n += len(s) + len(sep)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(sep)
	for _, s := range l {
		b.WriteString(s)
		b.WriteString(sep)
	}
	return b.String()
}

func splitList(s string) []string {
	s = strings.Trim(s, sep)
	if s == "" {
		return nil
	}
	return strings.Split(s, sep)
}

func joinFindings(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	var small [16]string
	keys := small[:0]
	n := len(sep)
	for k := range m {
		keys = append(keys, k)
		n += len(k) + len("=-9223372036854775808") + len(sep)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(n)
	b.WriteString(sep)
	var num [20]byte
	for _, t := range keys {
		b.WriteString(t)
		b.WriteByte('=')
		b.Write(strconv.AppendInt(num[:0], int64(m[t]), 10))
		b.WriteString(sep)
	}
	return b.String()
}

func splitFindings(s string) (map[string]int, error) {
	items := splitList(s)
	if len(items) == 0 {
		return nil, nil
	}
	m := make(map[string]int, len(items))
	for _, it := range items {
		i := strings.LastIndexByte(it, '=')
		if i < 0 {
			return nil, fmt.Errorf("audit: malformed findings column")
		}
		n, err := strconv.Atoi(it[i+1:])
		if err != nil {
			return nil, fmt.Errorf("audit: malformed findings count: %w", err)
		}
		m[it[:i]] = n
	}
	return m, nil
}

// likeEscape escapes s for a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
