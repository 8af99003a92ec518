package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The log knows the keys it was written with: table audit_keys holds one
// row per key period, the id of its key file (KeyID, a keyed hash of a
// fixed label, never a key), when it began and, per node, the first record
// written under it. Open registers the first period (a new log, or one
// written before the table existed) and refuses a key file whose id is not
// the current period's; NewKeys begins a new one. A value search, a search
// by login name and reveal are refused with a key file that matches no
// period, instead of an empty answer, and name the periods they cannot
// search (KeyNotes).

// keyIDLabel is the fixed label whose keyed hash under both keys is the
// key id.
const keyIDLabel = "schleuse-audit-key-id-v1"

// KeyID is the id of a key file: the first 16 bytes (32 hex digits) of
// HMAC-SHA-256(user key, HMAC-SHA-256(fingerprint key, keyIDLabel)). It
// tells key files apart without saying anything of their keys; either key
// changed changes it.
func KeyID(k *Keys) string {
	m := hmac.New(sha256.New, k.Fingerprint)
	m.Write([]byte(keyIDLabel))
	inner := m.Sum(nil)
	m = hmac.New(sha256.New, k.User)
	m.Write(inner)
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// KeyPeriod is one row of audit_keys: the records of each node from
// Starts[node] on (from its first record for a node not named) up to the
// next period's start were written with the key file whose id is KeyID.
// Records before the first period's starts were written with keys no
// period names (before new-keys on a log that had none registered).
type KeyPeriod struct {
	Period  int64            `json:"period"`
	KeyID   string           `json:"key_id"`
	Created time.Time        `json:"created"`
	Starts  map[string]int64 `json:"starts,omitempty"`
	// Records counts the log's records of the period (KeyPeriods).
	Records int64 `json:"records"`
	// Current is the period run writes in; KeyFile says that the key file
	// present is this period's.
	Current bool `json:"current"`
	KeyFile bool `json:"key_file"`
	// Searched says that a file added by Reader.AddKeyFile is this
	// period's.
	Searched bool `json:"searched,omitempty"`
	// Older counts the records of the first period that are older than
	// its registration (KeyPeriods): the log held them when a start
	// registered the key file present (a log from before key periods, or
	// table audit_keys emptied), so that they were written with it is
	// not checked. OlderUpTo is the newest of them per node.
	Older     int64            `json:"older_records,omitempty"`
	OlderUpTo map[string]int64 `json:"older_up_to,omitempty"`
	// Late are the records made with this period's keys after a later
	// one began (audit_keys_late, keylate.go): they lie after its start
	// but are counted here, with their number (Records) in each.
	Late []LateRange `json:"late,omitempty"`
	tag  string
}

// ErrKeysWrong is returned by Open (and CheckKeys) when the key file's id
// is not the log's current key period's: another node's file, an old
// backup, a test system's. Records written with it would be missed by
// value searches and reveal.
var ErrKeysWrong = errors.New("audit: key file does not match the audit log")

// ErrKeyPeriods marks a table audit_keys that cannot be read as key
// periods, or whose rows were altered (their tag does not verify with
// the key file of their period): nothing is changed or deleted then.
var ErrKeyPeriods = errors.New("audit: key periods (table audit_keys) damaged or altered")

// periodTag is the tag of period p (index i of ps): the first 16 bytes of
// HMAC-SHA-256 under p's fingerprint key over every period up to p, so the
// key file of the current period vouches for the whole table.
func periodTag(fpKey []byte, ps []KeyPeriod, i int) string {
	m := hmac.New(sha256.New, fpKey)
	m.Write([]byte("schleuse-audit-keys-v1\n"))
	for _, p := range ps[:i+1] {
		fmt.Fprintf(m, "%d\x00%s\x00%d\x00%s\n", p.Period, p.KeyID, p.Created.UnixNano(), encodeStarts(p.Starts))
	}
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// encodeStarts is the starts column: "\x1fnode=seq\x1f…", sorted by node.
func encodeStarts(m map[string]int64) string {
	items := make([]string, 0, len(m))
	for _, n := range slices.Sorted(maps.Keys(m)) {
		items = append(items, n+"="+strconv.FormatInt(m[n], 10))
	}
	return joinList(items)
}

func decodeStarts(s string) (map[string]int64, error) {
	items := splitList(s)
	if len(items) == 0 {
		if s != "" {
			return nil, errors.New("malformed starts")
		}
		return nil, nil
	}
	m := make(map[string]int64, len(items))
	for _, it := range items {
		i := strings.LastIndexByte(it, '=')
		if i <= 0 {
			return nil, errors.New("malformed starts")
		}
		n, err := strconv.ParseInt(it[i+1:], 10, 64)
		if err != nil || n < 1 {
			return nil, errors.New("malformed seq in starts")
		}
		if _, dup := m[it[:i]]; dup {
			return nil, errors.New("a node twice in starts")
		}
		m[it[:i]] = n
	}
	return m, nil
}

// hasKeysTable reports whether the store has the table audit_keys (a log
// no version with it has opened for writing has not).
func (s *sqlStore) hasKeysTable(ctx context.Context) (bool, error) {
	return s.hasKeysTableIn(ctx, s.db)
}

// dbq is what the key period queries need of a *sql.DB or a *sql.Tx.
type dbq interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *sqlStore) hasKeysTableIn(ctx context.Context, db dbq) (bool, error) {
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_keys'`
	if s.postgres {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'audit_keys'`
	}
	var n int
	if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("audit: look up table audit_keys: %w", damaged(err))
	}
	return n > 0, nil
}

// keyPeriods reads audit_keys, in period order; nil for a store without
// the table. A row that is not a key period (a column altered to what no
// row holds, periods not numbered 1, 2, …, a node's start going back) is
// an error wrapping ErrKeyPeriods; a role that may not read the table
// gets an error that names the GRANT.
func (s *sqlStore) keyPeriods(ctx context.Context) ([]KeyPeriod, error) {
	return s.keyPeriodsIn(ctx, s.db)
}

func (s *sqlStore) keyPeriodsIn(ctx context.Context, db dbq) ([]KeyPeriod, error) {
	if ok, err := s.hasKeysTableIn(ctx, db); err != nil || !ok {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT period, key_id, created_at, starts, tag FROM audit_keys ORDER BY period`)
	if err != nil {
		if isPermissionDenied(err) {
			return nil, fmt.Errorf("audit: Die Tabelle audit_keys (Schlüsselzeiträume) ist für die PostgreSQL-Rolle von audit.store nicht lesbar: als Besitzer der Tabellen GRANT SELECT ON audit_keys TO <Rolle>; ausführen (docs/audit.md, Abschnitt 6); ohne sie lässt sich nicht prüfen, ob die Schlüsseldatei zum Protokoll passt / audit: the PostgreSQL role of audit.store may not read table audit_keys: GRANT SELECT ON audit_keys TO the role, as the tables' owner: %w", err)
		}
		return nil, fmt.Errorf("audit: read audit_keys: %w", damaged(err))
	}
	defer rows.Close()
	var ps []KeyPeriod
	for rows.Next() {
		var period, id, created, starts, tag sql.NullString
		if err := rows.Scan(&period, &id, &created, &starts, &tag); err != nil {
			return nil, keyPeriodsError(len(ps)+1, err.Error())
		}
		row := len(ps) + 1
		p := KeyPeriod{KeyID: id.String, tag: tag.String}
		n, err := strconv.ParseInt(period.String, 10, 64)
		if err != nil || n != int64(row) {
			return nil, keyPeriodsError(row, fmt.Sprintf("period %q, want %d", period.String, row))
		}
		p.Period = n
		if !isHex(p.KeyID, 32) {
			return nil, keyPeriodsError(row, "key_id is no key id (32 hex digits)")
		}
		if !isHex(p.tag, 32) {
			return nil, keyPeriodsError(row, "tag is no tag (32 hex digits)")
		}
		ns, err := strconv.ParseInt(created.String, 10, 64)
		if err != nil || ns <= 0 {
			return nil, keyPeriodsError(row, "created_at is no time")
		}
		p.Created = time.Unix(0, ns).UTC()
		if p.Starts, err = decodeStarts(starts.String); err != nil {
			return nil, keyPeriodsError(row, err.Error())
		}
		if row > 1 {
			for node, seq := range ps[row-2].Starts {
				if q, ok := p.Starts[node]; ok && q < seq {
					return nil, keyPeriodsError(row, fmt.Sprintf("node %s starts at %d, before the period before (%d)", node, q, seq))
				}
			}
			for _, q := range ps {
				if q.KeyID == p.KeyID {
					return nil, keyPeriodsError(row, fmt.Sprintf("the key id of period %d again", q.Period))
				}
			}
		}
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, keyPeriodsError(len(ps)+1, damaged(err).Error())
	}
	if len(ps) > 0 {
		ps[len(ps)-1].Current = true
	}
	if err := s.readLate(ctx, db, ps); err != nil {
		return nil, err
	}
	return ps, nil
}

func keyPeriodsError(row int, reason string) error {
	return mark(ProblemKeyPeriods, "", fmt.Errorf("audit: Die Tabelle audit_keys (Schlüsselzeiträume des Audit-Logs) ist beschädigt oder verändert (Zeile %d: %s); ob die Schlüsseldatei zum Protokoll passt, lässt sich so nicht prüfen. Nichts wurde geändert oder gelöscht: die Tabelle aus der Sicherung des Protokolls zurückspielen (docs/audit.md, Abschnitt 2) / %w (row %d: %s): restore the table from the log's backup; nothing was changed or deleted", row, reason, ErrKeyPeriods, row, reason))
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// isPermissionDenied reports a PostgreSQL insufficient_privilege error
// (SQLSTATE 42501).
func isPermissionDenied(err error) bool {
	type sqlState interface{ SQLState() string }
	var se sqlState
	return errors.As(err, &se) && se.SQLState() == "42501"
}

// matchKeys finds the key file's period among ps and checks the tag of
// that period (which covers every period up to it). It returns the index
// of the period, -1 if the file is none of them.
func matchKeys(keys *Keys, ps []KeyPeriod) (int, error) {
	id := KeyID(keys)
	for i := range ps {
		if ps[i].KeyID != id {
			continue
		}
		if !hmac.Equal([]byte(periodTag(keys.Fingerprint, ps, i)), []byte(ps[i].tag)) {
			return i, keyPeriodsError(i+1, "its tag does not verify with the key file of the period: the table was altered")
		}
		return i, checkLate(keys.Fingerprint, ps, i)
	}
	return -1, nil
}

// wrongKeys is Open's error for a key file that is not the current
// period's; i is the file's period (-1: none of the log's).
func wrongKeys(path string, keys *Keys, ps []KeyPeriod, i int) error {
	cur := ps[len(ps)-1]
	since := cur.Created.Format(time.RFC3339)
	if i >= 0 {
		until := ps[i+1].Created.Format(time.RFC3339)
		return fmt.Errorf("audit: Die Schlüsseldatei %s passt nicht zum Audit-Log: sie ist die des früheren Schlüsselzeitraums %d (bis %s); in Kraft ist Zeitraum %d seit %s (schleuse audit new-keys). Mit ihr geschriebene Einträge fänden die Suche nach einem Wert und reveal nicht. "+
			"Die aktuelle Schlüsseldatei aus der Sicherung zurückspielen (docs/audit.md, Abschnitt 2) / "+
			"%w: %s holds the keys of the earlier key period %d (until %s); the current period is %d since %s (schleuse audit new-keys). Restore the current key file from the backup",
			path, ps[i].Period, until, cur.Period, since, ErrKeysWrong, path, ps[i].Period, until, cur.Period, since)
	}
	id := KeyID(keys)
	return fmt.Errorf("audit: Die Schlüsseldatei %s passt nicht zum Audit-Log: ihre Schlüssel-ID %s ist keine der Schlüssel, mit denen dieses Log geschrieben ist (in Kraft: %s seit %s) – die Datei eines anderen Servers, einer alten Sicherung oder eines Testsystems? "+
		"Mit ihr fänden die Suche nach einem Wert und reveal die Einträge nicht, und jede Person bekäme ein zweites Pseudonym. "+
		"Die richtige Datei aus der Sicherung zurückspielen (ein weiterer Knoten an einem gemeinsamen Log: die des ersten kopieren); sind die Schlüssel endgültig verloren, diese Datei beiseitelegen und bewusst neue anlegen: schleuse audit new-keys (docs/audit.md, Abschnitt 2) / "+
		"%w: %s has key id %s, none of the keys this log was written with (current: %s since %s; another server's file, an old backup, a test system's?). "+
		"Restore the right file from the backup (a further node on a shared log: copy the first node's); if the keys are lost for good, move this file aside and create new ones knowingly with 'schleuse audit new-keys' (docs/audit.md, section 2)",
		path, id, cur.KeyID, since, ErrKeysWrong, path, id, cur.KeyID, since)
}

// checkKeyPeriod compares the key file at path with the log's current key
// period. With register set (Open) a log without any period (a new one,
// or one written before the table existed) gets the file's as its first;
// note then says so for a log that already held records. Without it
// (CheckKeys) such a log is no error.
func (s *sqlStore) checkKeyPeriod(ctx context.Context, path string, keys *Keys, register bool) (note string, err error) {
	ps, err := s.keyPeriods(ctx)
	if err != nil {
		return "", err
	}
	if len(ps) == 0 {
		if !register {
			return "", nil
		}
		held, err := s.holdsRecords(ctx)
		if err != nil {
			return "", err
		}
		if err := s.addPeriod(ctx, keys, nil, nil); err != nil {
			return "", err
		}
		if ps, err = s.keyPeriods(ctx); err != nil {
			return "", err
		}
		if held && len(ps) == 1 && ps[0].KeyID == KeyID(keys) {
			heads, err := s.heads(ctx, s.db)
			if err != nil {
				return "", err
			}
			note = registeredNote(path, ps[0].KeyID, heads, s.keysTableBefore)
		}
	}
	i, err := matchKeys(keys, ps)
	if err != nil {
		return "", err
	}
	if i != len(ps)-1 {
		return "", wrongKeys(path, keys, ps, i)
	}
	if register {
		s.period = ps[i].Period
	}
	return note, nil
}

// registeredNote is Open's note for the operator log when it registered
// key period 1 on a log that already held records (up to heads): a log
// from before key periods (the table was missing), or one whose table
// audit_keys was there but empty (emptied, a backup restored without its
// rows, made by hand for a hardened role). Either way the records so far
// are not checked to be written with the file; verify names them.
func registeredNote(path, id string, heads map[string]int64, hadTable bool) string {
	items := make([]string, 0, len(heads))
	for _, n := range slices.Sorted(maps.Keys(heads)) {
		items = append(items, fmt.Sprintf("%s:%d", n, heads[n]))
	}
	upTo := strings.Join(items, ", ")
	if hadTable {
		return fmt.Sprintf("audit: Die Tabelle audit_keys (Schlüsselzeiträume) war leer, obwohl das Audit-Log schon Einträge hat (bis %s): geleert, eine Sicherung ohne ihre Zeilen zurückgespielt, oder für eine gehärtete PostgreSQL-Rolle von Hand angelegt? "+
			"Die Schlüsseldatei %s ist jetzt als Schlüsselzeitraum 1 eingetragen (Schlüssel-ID %s); ob die bisherigen Einträge mit ihr geschrieben sind, ist nicht geprüft, audit verify nennt sie. Wurde die Tabelle geleert: schleuse anhalten und sie aus der Sicherung des Protokolls zurückspielen (docs/audit.md, Abschnitt 2) / "+
			"audit: table audit_keys (key periods) was empty though the audit log holds records (up to %s): emptied, a backup restored without its rows, or created by hand for a hardened PostgreSQL role? The key file %s was registered as its key (key period 1, key id %s); whether the records so far were written with it is not checked, audit verify names them; if the table was emptied, stop schleuse and restore it from the log's backup (docs/audit.md, section 2)",
			upTo, path, id, upTo, path, id)
	}
	return fmt.Sprintf("audit: Das Audit-Log hat schon Einträge (bis %s), aber noch keine Schlüsselzeiträume: es stammt aus einer Fassung vor ihnen. Die Schlüsseldatei %s ist jetzt als seine eingetragen (Schlüsselzeitraum 1, Schlüssel-ID %s); ob die bisherigen Einträge mit ihr geschrieben sind, ist nicht geprüft, audit verify nennt sie. Ab jetzt wird eine Schlüsseldatei, die nicht zum Protokoll passt, abgelehnt (docs/audit.md, Abschnitt 2) / "+
		"audit: the audit log was written before key periods were kept: the key file %s was registered as its key (key period 1, key id %s); whether the records so far (up to %s) were written with it is not checked, audit verify names them; from now on a key file that does not match the log is refused (docs/audit.md, section 2)",
		upTo, path, id, path, id, upTo)
}

// addPeriod inserts the next key period for keys after ps, starting at
// starts. Two nodes registering at once: one insert wins, the other's
// does nothing, and its caller compares the period read back.
func (s *sqlStore) addPeriod(ctx context.Context, keys *Keys, ps []KeyPeriod, starts map[string]int64) error {
	return s.addPeriodIn(ctx, s.db, keys, ps, starts)
}

func (s *sqlStore) addPeriodIn(ctx context.Context, db dbq, keys *Keys, ps []KeyPeriod, starts map[string]int64) error {
	p := KeyPeriod{Period: int64(len(ps) + 1), KeyID: KeyID(keys), Created: time.Unix(0, time.Now().UnixNano()).UTC(), Starts: starts}
	all := append(slices.Clip(ps), p)
	tag := periodTag(keys.Fingerprint, all, len(all)-1)
	_, err := db.ExecContext(ctx, s.q(`INSERT INTO audit_keys (period, key_id, created_at, starts, tag) VALUES (?,?,?,?,?) ON CONFLICT (period) DO NOTHING`),
		p.Period, p.KeyID, p.Created.UnixNano(), encodeStarts(starts), tag)
	if err != nil {
		if isPermissionDenied(err) {
			return fmt.Errorf("audit: Die PostgreSQL-Rolle von audit.store darf in audit_keys (Schlüsselzeiträume) nicht schreiben: als Besitzer der Tabellen GRANT INSERT, SELECT ON audit_keys TO <Rolle>; ausführen (docs/audit.md, Abschnitt 6) / audit: the PostgreSQL role of audit.store may not insert into audit_keys: GRANT INSERT, SELECT ON audit_keys TO the role: %w", err)
		}
		return fmt.Errorf("audit: register key period: %w", damaged(err))
	}
	return nil
}

// heads returns the highest seq per node of the store (records and
// checkpoints).
func (s *sqlStore) heads(ctx context.Context, db dbq) (map[string]int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT node, MAX(seq) FROM audit_records GROUP BY node UNION ALL SELECT node, MAX(seq) FROM audit_checkpoints GROUP BY node`)
	if err != nil {
		return nil, fmt.Errorf("audit: read the chain heads: %w", damaged(err))
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var node string
		var seq int64
		if err := rows.Scan(&node, &seq); err != nil {
			return nil, fmt.Errorf("audit: read the chain heads: %w", damaged(err))
		}
		m[node] = max(m[node], seq)
	}
	return m, rows.Err()
}

// ErrKeysExist is returned by NewKeys when the key file is there: new-keys
// never replaces one.
var ErrKeysExist = errors.New("audit: key file exists")

// NewKeys creates a new key file at cfg.KeyFile (never replacing one) and
// begins a new key period in the log with it: the records each node wrote
// so far (in the store, and this state directory's spill files and
// journal) belong to the periods before, the next ones to the new. It
// takes the state directory's lock, so it refuses while the proxy runs
// there; the other nodes of a shared PostgreSQL log must be stopped too:
// it refuses while one holds its node lock, written or not
// (ErrNodesRunning; on PostgreSQL it looks twice, NewKeysPause apart, so
// that a node that lost its lock with its database connection has taken
// it again), and a node still running that it cannot know stops
// writing at its next batch (ErrKeysStale) and is refused with its old
// file at its next start. It returns the new period's number. If the period cannot be
// registered, the new file is removed again. waiting, if given, is called
// with the pause once the store is open and the first look found no node
// running, before the pause begins, so that the CLI says it waits only
// when it does (not before a store that cannot be opened).
func NewKeys(ctx context.Context, cfg Config, waiting ...func(time.Duration)) (int64, error) {
	if err := cfg.defaults(); err != nil {
		return 0, err
	}
	if _, err := os.Stat(cfg.KeyFile); !errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("%w: %s", ErrKeysExist, cfg.KeyFile)
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return 0, fmt.Errorf("audit: state dir: %w", err)
	}
	unlock, err := lockDir(filepath.Join(cfg.Dir, "audit.lock"))
	if err != nil {
		return 0, err
	}
	defer unlock()
	st, err := openStore(ctx, cfg, false)
	if err != nil {
		return 0, err
	}
	defer st.close()
	if st.postgres {
		// A node whose lock went with its database connection (a
		// database restart, a failover) holds none until its writer
		// takes it again, within nodeLockEvery: a first look, then a
		// second one that far on, so that such a node is not missed.
		ps, err := st.keyPeriodsIn(ctx, st.db)
		if err != nil {
			return 0, err
		}
		heads, err := st.heads(ctx, st.db)
		if err != nil {
			return 0, err
		}
		if err := st.nodesStopped(ctx, st.db, heads, ps); err != nil {
			return 0, err
		}
		pause := NewKeysPause(cfg.Store)
		for _, w := range waiting {
			w(pause)
		}
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	// One transaction that writers wait for (periodLock): the heads read
	// here are the last records written under the old keys, and a node
	// still running with them finds the new period at its next batch,
	// before it writes one (checkPeriod).
	tx, err := st.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("audit: new key period: begin: %w", damaged(err))
	}
	defer tx.Rollback()
	if st.postgres {
		if _, err := tx.ExecContext(ctx, periodLockSQL); err != nil {
			return 0, fmt.Errorf("audit: new key period: lock: %w", err)
		}
	}
	ps, err := st.keyPeriodsIn(ctx, tx)
	if err != nil {
		return 0, err // a damaged table gets no further row
	}
	heads, err := st.heads(ctx, tx)
	if err != nil {
		return 0, err
	}
	if err := st.nodesStopped(ctx, tx, heads, ps); err != nil {
		return 0, err
	}
	spillDir := filepath.Join(cfg.Dir, "spill")
	if err := recoverJournal(spillDir); err != nil {
		return 0, err
	}
	if seq, _, err := spillHead(spillDir, cfg.Node); err != nil {
		return 0, err
	} else if seq > heads[cfg.Node] {
		heads[cfg.Node] = seq
	}
	starts := map[string]int64{}
	for n, seq := range heads {
		starts[n] = seq + 1
	}
	keys, err := createKeys(cfg.KeyFile)
	if err != nil {
		return 0, err
	}
	if err := st.addPeriodIn(ctx, tx, keys, ps, starts); err != nil {
		os.Remove(cfg.KeyFile)
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		os.Remove(cfg.KeyFile)
		return 0, fmt.Errorf("audit: new key period: commit: %w", damaged(err))
	}
	after, err := st.keyPeriods(ctx)
	if err == nil && (len(after) != len(ps)+1 || after[len(ps)].KeyID != KeyID(keys)) {
		err = errors.New("audit: another new-keys registered a key period at the same time: run new-keys again")
	}
	if err != nil {
		os.Remove(cfg.KeyFile)
		return 0, err
	}
	return int64(len(after)), nil
}

// nodesStopped refuses a new key period while a node of a shared
// PostgreSQL log still runs: every writer holds its node's advisory lock
// (lockNode) from its start, whether or not it has written yet, and
// pg_locks shows every session's. A node running on would write records
// with the old keys into the new period (it stops at its next batch,
// checkPeriod, and they are recorded as the old period's, lateRange, but
// the proxy blocks until it is restarted). The nodes are named by their
// lock connection's application_name (lockNode sets it) or, for the nodes
// the log knows, by the lock's key; one PostgreSQL names to nobody else is
// counted.
func (s *sqlStore) nodesStopped(ctx context.Context, tx dbq, heads map[string]int64, ps []KeyPeriod) error {
	if !s.postgres {
		return nil // SQLite: the state_dir lock, taken by NewKeys
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.objid::bigint, COALESCE(a.application_name, '') FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.pid <> pg_backend_pid()
		AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND l.classid = hashtext('schleuse-audit:' || current_schema())::oid`)
	if err != nil {
		return fmt.Errorf("audit: new key period: look up the running nodes (pg_locks): %w", err)
	}
	held := map[int64]string{} // lock key -> application_name
	for rows.Next() {
		var key int64
		var app string
		if err := rows.Scan(&key, &app); err != nil {
			rows.Close()
			return fmt.Errorf("audit: new key period: look up the running nodes (pg_locks): %w", err)
		}
		held[key] = app
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: new key period: look up the running nodes (pg_locks): %w", err)
	}
	if len(held) == 0 {
		return nil
	}
	hash := func(node string) (int64, error) {
		var h int64
		err := tx.QueryRowContext(ctx, `SELECT hashtext($1)::oid::bigint`, node).Scan(&h)
		return h, err
	}
	names := map[int64]string{}
	known := maps.Clone(heads)
	for _, p := range ps {
		for n := range p.Starts {
			known[n] = 0
		}
	}
	for key, app := range held {
		if n, ok := strings.CutPrefix(app, nodeAppName); ok {
			if h, err := hash(n); err == nil && h == key {
				names[key] = n
			}
		}
	}
	for _, n := range slices.Sorted(maps.Keys(known)) {
		h, err := hash(n)
		if err != nil {
			return fmt.Errorf("audit: new key period: node lock: %w", err)
		}
		if _, ok := held[h]; ok {
			names[h] = n
		}
	}
	var de, en []string
	for _, n := range slices.Sorted(maps.Values(names)) {
		if _, wrote := heads[n]; wrote {
			de, en = append(de, n), append(en, n)
		} else {
			de, en = append(de, n+" (noch ohne Eintrag)"), append(en, n+" (nothing written yet)")
		}
	}
	unnamed := len(held) - len(names)
	listDE, listEN := strings.Join(de, ", "), strings.Join(en, ", ")
	if unnamed > 0 {
		if listDE != "" {
			listDE, listEN = listDE+" und ", listEN+" and "
		}
		listDE += fmt.Sprintf("%d Knoten, dessen Namen PostgreSQL dieser Rolle nicht nennt", unnamed)
		listEN += fmt.Sprintf("%d node(s) whose name PostgreSQL does not show to this role", unnamed)
	}
	return fmt.Errorf("audit: Noch laufende Knoten an diesem Audit-Log: %s. Erst alle Knoten anhalten, dann new-keys; ein Knoten, der weiterliefe, machte bis zu seinem nächsten Schreibvorgang Einträge mit den alten Schlüsseln und blockierte danach jede Anfrage, bis er mit der neuen Schlüsseldatei neu gestartet wird. Nichts geändert / "+
		"%w: nodes %s still write to this audit log: stop every node first, then run new-keys; nothing changed", listDE, ErrNodesRunning, listEN)
}

// waitNewKeys lets an audit new-keys in progress on a PostgreSQL log
// finish before Open reads the current key period: it takes the key
// period lock shared, once, after the node lock. A new-keys that began
// before finishes first, and Open then finds its period (and refuses the
// old file); one that begins after sees the node lock (nodesStopped).
// Before, a node that took its lock after new-keys had looked at the
// locks but before it committed read the old period, ran with the old
// keys and stopped at its first batch.
func (s *sqlStore) waitNewKeys(ctx context.Context) error {
	if !s.postgres {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit: key period lock: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, periodLockSharedSQL); err != nil {
		return fmt.Errorf("audit: key period lock: %w", err)
	}
	return tx.Commit()
}

// NewKeysPause is how long NewKeys waits on a PostgreSQL log (store a
// postgres:// URL) between its two looks for running nodes: twice the
// interval in which a node takes its lock again after losing it with its
// database connection, so that a node in that gap is refused like any
// other running one. 0 for SQLite, guarded by the state_dir lock.
func NewKeysPause(store string) time.Duration {
	if !isPostgres(store) {
		return 0
	}
	return 2 * nodeLockEvery
}

// nodeAppName leads the application_name of a node's lock connection
// (lockNode), so that new-keys (and a DBA's pg_stat_activity) can name a
// running node that has written nothing yet.
const nodeAppName = "schleuse audit node "

// ErrNodesRunning is NewKeys's error while a node of a shared PostgreSQL
// log still writes to it.
var ErrNodesRunning = errors.New("audit: nodes still running")

// periodLockSQL takes the PostgreSQL advisory lock that NewKeys holds
// exclusively and each batch insert shared (periodLockSharedSQL; SQLite's
// write transactions are serialized anyway). Keyed on the log's schema, as
// the node locks are, with a label of its own.
const (
	periodLockSQL       = `SELECT pg_advisory_xact_lock(hashtext('schleuse-audit-keys:' || current_schema()), 0)`
	periodLockSharedSQL = `SELECT pg_advisory_xact_lock_shared(hashtext('schleuse-audit-keys:' || current_schema()), 0)`
)

// ErrKeysStale is the writer's error once a new key period began (audit
// new-keys, run for a shared log from another node, or on a SQLite log in
// another state directory) while this node writes with the keys of the
// period before: it writes nothing more, and Log refuses (requests are
// blocked) until the node is started again with the new key file.
var ErrKeysStale = errors.New("audit: a new key period began while this node writes with the keys of the period before")

// staleError is checkPeriod's error: cur is the log's current period,
// next the one after the store's own (own), whose start for a node is
// the first record it made late (lateRecords).
type staleError struct {
	cur, next KeyPeriod
	own       int64
}

func (e *staleError) Error() string {
	return fmt.Sprintf("audit: key period %d began (key id %s) while this node writes with an earlier period's keys", e.cur.Period, e.cur.KeyID)
}

// checkPeriod compares, inside a batch's transaction, the log's current
// key period with the one the store was opened with (s.period): a
// *staleError if a later one began. One query on a table of a few rows;
// on PostgreSQL it takes NewKeys's lock shared first, so that a new
// period begins either before the batch (which is then refused) or after
// it (and starts behind its records).
func (s *sqlStore) checkPeriod(ctx context.Context, tx *sql.Tx) error {
	if s.period == 0 {
		return nil
	}
	if s.postgres {
		if _, err := tx.StmtContext(ctx, s.lockPeriod).ExecContext(ctx); err != nil {
			return fmt.Errorf("audit: key period lock: %w", err)
		}
	}
	var period, created int64
	var id, starts string
	err := tx.StmtContext(ctx, s.curPeriod).QueryRowContext(ctx).Scan(&period, &id, &created, &starts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the table emptied while running: the next start says so
	}
	if err != nil {
		return fmt.Errorf("audit: read the current key period: %w", err)
	}
	if period == s.period {
		return nil
	}
	cur := KeyPeriod{Period: period, KeyID: id, Created: time.Unix(0, created).UTC()}
	cur.Starts, _ = decodeStarts(starts)
	next := cur
	if period > s.period+1 {
		next = KeyPeriod{Period: s.period + 1}
		if err := tx.QueryRowContext(ctx, s.q(`SELECT starts FROM audit_keys WHERE period = ?`), s.period+1).Scan(&starts); err != nil {
			return fmt.Errorf("audit: read key period %d: %w", s.period+1, err)
		}
		next.Starts, _ = decodeStarts(starts)
	}
	return &staleError{cur: cur, next: next, own: s.period}
}

// periodBounds is the range of seqs [lo, hi) of node in period i of ps
// (i = -1: the records before the first period, written with keys no
// period names).
func periodBounds(ps []KeyPeriod, i int, node string) (lo, hi int64) {
	lo, hi = 1, math.MaxInt64
	if i >= 0 {
		if s, ok := ps[i].Starts[node]; ok {
			lo = s
		}
	}
	if i+1 < len(ps) {
		hi = 1
		if s, ok := ps[i+1].Starts[node]; ok {
			hi = s
		}
	}
	return lo, max(lo, hi)
}

// countPeriods fills Records of each period of ps and returns the number
// of records before the first (written with keys no period names).
func (s *sqlStore) countPeriods(ctx context.Context, ps []KeyPeriod) (before int64, err error) {
	if len(ps) == 0 {
		return 0, nil // no period: nothing is before one
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT node FROM audit_records`)
	if err != nil {
		return 0, fmt.Errorf("audit: count the key periods' records: %w", damaged(err))
	}
	var nodes []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, fmt.Errorf("audit: count the key periods' records: %w", damaged(err))
		}
		nodes = append(nodes, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("audit: count the key periods' records: %w", damaged(err))
	}
	for i := -1; i < len(ps); i++ {
		var total int64
		for _, node := range nodes {
			lo, hi := periodBounds(ps, i, node)
			if lo >= hi {
				continue
			}
			var n int64
			if err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM audit_records WHERE node = ? AND seq >= ? AND seq < ?`), node, lo, hi).Scan(&n); err != nil {
				return 0, fmt.Errorf("audit: count the key periods' records: %w", damaged(err))
			}
			total += n
		}
		if i < 0 {
			before = total
		} else {
			ps[i].Records = total
		}
	}
	// Records made late with an earlier period's keys move from the
	// period they lie in to that one.
	for j := range ps {
		for k := range ps[j].Late {
			r := &ps[j].Late[k]
			for i := -1; i < len(ps); i++ {
				lo, hi := periodBounds(ps, i, r.Node)
				lo, hi = max(lo, r.First), min(hi, r.Last+1)
				if i == j || lo >= hi {
					continue
				}
				var n int64
				if err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM audit_records WHERE node = ? AND seq >= ? AND seq < ?`), r.Node, lo, hi).Scan(&n); err != nil {
					return 0, fmt.Errorf("audit: count the key periods' records: %w", damaged(err))
				}
				if i < 0 {
					before -= n
				} else {
					ps[i].Records -= n
				}
				ps[j].Records += n
				r.Records += n
			}
		}
	}
	// The first period's records older than the period: there when it
	// was registered (by time: Open registers before it writes).
	for _, node := range nodes {
		lo, hi := periodBounds(ps, 0, node)
		if lo >= hi {
			continue
		}
		var n int64
		var last sql.NullInt64
		if err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*), MAX(seq) FROM audit_records WHERE node = ? AND seq >= ? AND seq < ? AND ts < ?`), node, lo, hi, ps[0].Created.UnixNano()).Scan(&n, &last); err != nil {
			return 0, fmt.Errorf("audit: count the key periods' records: %w", damaged(err))
		}
		if n > 0 {
			if ps[0].OlderUpTo == nil {
				ps[0].OlderUpTo = map[string]int64{}
			}
			ps[0].Older += n
			ps[0].OlderUpTo[node] = last.Int64
		}
	}
	return before, nil
}
