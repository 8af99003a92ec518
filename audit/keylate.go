package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// Records made late: a node still running when audit new-keys began a
// period (one new-keys could not see) made records with the old keys
// until its next batch found the new period (checkPeriod). Those records
// lie after the new period's start, so by their place they would count
// as the new period's, where no key file matches them. The node records
// them in table audit_keys_late as its own period's (node, first and last
// seq, the period, a tag under that period's fingerprint key): KeyPeriods
// counts them there, KeyNotes names them to a search with another file,
// a search with that period's file (--key-file) finds them and verify
// lists them. Auditors go by what a record was written with, not where it
// lies: the period's file is what they need to search it.

// LateRange is one row of audit_keys_late: records First..Last of Node
// were made with the keys of the period they are listed under, though a
// later period had begun (they lie after its start).
type LateRange struct {
	Node    string    `json:"node"`
	First   int64     `json:"first"`
	Last    int64     `json:"last"`
	Created time.Time `json:"created"`
	// Records counts the log's records of the range (KeyPeriods).
	Records int64 `json:"records"`
	period  int64
	tag     string
}

// lateRow is a LateRange as written to audit_keys_late and to the
// pending file (LateFileName).
type lateRow struct {
	Node    string `json:"node"`
	First   int64  `json:"first_seq"`
	Last    int64  `json:"last_seq"`
	Period  int64  `json:"period"`
	Created int64  `json:"created_at"`
	Tag     string `json:"tag"`
}

// LateFileName is the file in state_dir that holds the rows of
// audit_keys_late a node could not write to the store when it found a new
// period (the store failing just then); the next Open writes them.
const LateFileName = "audit-keys-late.json"

// lateTag is the tag of a late row: the first 16 bytes of HMAC-SHA-256
// under the period's fingerprint key, over the row and the period's key
// id.
func lateTag(fpKey []byte, r lateRow, keyID string) string {
	m := hmac.New(sha256.New, fpKey)
	fmt.Fprintf(m, "schleuse-audit-keys-late-v1\n%s\x00%d\x00%d\x00%d\x00%s\x00%d\n", r.Node, r.First, r.Last, r.Period, keyID, r.Created)
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// hasTableIn reports whether the store has the table name.
func (s *sqlStore) hasTableIn(ctx context.Context, db dbq, name string) (bool, error) {
	q := s.q(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`)
	if s.postgres {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	}
	var n int
	if err := db.QueryRowContext(ctx, q, name).Scan(&n); err != nil {
		return false, fmt.Errorf("audit: look up table %s: %w", name, damaged(err))
	}
	return n > 0, nil
}

// readLate reads audit_keys_late into ps (each row to its period's Late),
// checking each row against the periods: a row that is no late range of
// an earlier period (a column altered, a range before the next period's
// start, two overlapping) is an error wrapping ErrKeyPeriods. A store
// without the table has none.
func (s *sqlStore) readLate(ctx context.Context, db dbq, ps []KeyPeriod) error {
	if ok, err := s.hasTableIn(ctx, db, "audit_keys_late"); err != nil || !ok {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT node, first_seq, last_seq, period, created_at, tag FROM audit_keys_late ORDER BY node, first_seq`)
	if err != nil {
		if isPermissionDenied(err) {
			return fmt.Errorf("audit: Die Tabelle audit_keys_late (nachträgliche Einträge früherer Schlüsselzeiträume) ist für die PostgreSQL-Rolle von audit.store nicht lesbar: als Besitzer der Tabellen GRANT SELECT ON audit_keys_late TO <Rolle>; ausführen (docs/audit.md, Abschnitt 6) / audit: the PostgreSQL role of audit.store may not read table audit_keys_late: GRANT SELECT ON audit_keys_late TO the role, as the tables' owner: %w", err)
		}
		return fmt.Errorf("audit: read audit_keys_late: %w", damaged(err))
	}
	defer rows.Close()
	n := 0
	var prev *LateRange
	for rows.Next() {
		n++
		var node, first, last, period, created, tag sql.NullString
		if err := rows.Scan(&node, &first, &last, &period, &created, &tag); err != nil {
			return lateError(n, err.Error())
		}
		str := func(p sql.NullString) string { return p.String }
		num := func(p sql.NullString) int64 {
			v, err := strconv.ParseInt(p.String, 10, 64)
			if err != nil {
				return -1
			}
			return v
		}
		r := LateRange{Node: str(node), First: num(first), Last: num(last), period: num(period), tag: str(tag)}
		ns := num(created)
		switch {
		case r.Node == "":
			return lateError(n, "no node")
		case r.First < 1 || r.Last < r.First:
			return lateError(n, fmt.Sprintf("records %s..%s are no range", str(first), str(last)))
		case r.period < 1 || r.period >= int64(len(ps)):
			return lateError(n, fmt.Sprintf("period %s is none of the earlier periods 1..%d", str(period), len(ps)-1))
		case ns <= 0:
			return lateError(n, "created_at is no time")
		case !isHex(r.tag, 32):
			return lateError(n, "tag is no tag (32 hex digits)")
		}
		r.Created = time.Unix(0, ns).UTC()
		if next, _ := periodBounds(ps, int(r.period), r.Node); r.First < next {
			return lateError(n, fmt.Sprintf("records %d..%d of %s lie in period %d itself, not after it", r.First, r.Last, r.Node, r.period))
		}
		if prev != nil && prev.Node == r.Node && r.First <= prev.Last {
			return lateError(n, fmt.Sprintf("records %d..%d of %s overlap %d..%d", r.First, r.Last, r.Node, prev.First, prev.Last))
		}
		p := &ps[r.period-1]
		p.Late = append(p.Late, r)
		prev = &p.Late[len(p.Late)-1]
	}
	if err := rows.Err(); err != nil {
		return lateError(n+1, damaged(err).Error())
	}
	return nil
}

func lateError(row int, reason string) error {
	return mark(ProblemKeyPeriods, "", fmt.Errorf("audit: Die Tabelle audit_keys_late (nachträgliche Einträge früherer Schlüsselzeiträume) ist beschädigt oder verändert (Zeile %d: %s); welche Einträge mit welcher Schlüsseldatei geschrieben sind, lässt sich so nicht sagen. Nichts wurde geändert oder gelöscht: die Tabelle aus der Sicherung des Protokolls zurückspielen (docs/audit.md, Abschnitt 2) / %w: table audit_keys_late (row %d: %s): restore the table from the log's backup; nothing was changed or deleted", row, reason, ErrKeyPeriods, row, reason))
}

// checkLate verifies the tags of the late rows of period i of ps with
// that period's fingerprint key.
func checkLate(fpKey []byte, ps []KeyPeriod, i int) error {
	for _, r := range ps[i].Late {
		row := lateRow{Node: r.Node, First: r.First, Last: r.Last, Period: r.period, Created: r.Created.UnixNano()}
		if !hmac.Equal([]byte(lateTag(fpKey, row, ps[i].KeyID)), []byte(r.tag)) {
			return lateError(0, fmt.Sprintf("the tag of records %d..%d of %s does not verify with the key file of period %d: the table was altered", r.First, r.Last, r.Node, ps[i].Period))
		}
	}
	return nil
}

// lateRecords is the row a node writes when it finds that a later key
// period than its own (period, with keys) began: its records from that
// period's start on up to last were made with its keys. ok is false when
// it made none.
func lateRecords(keys *Keys, period int64, next KeyPeriod, node string, last int64) (lateRow, bool) {
	first, _ := periodBounds([]KeyPeriod{next}, 0, node)
	if first > last {
		return lateRow{}, false
	}
	r := lateRow{Node: node, First: first, Last: last, Period: period, Created: time.Now().UnixNano()}
	r.Tag = lateTag(keys.Fingerprint, r, KeyID(keys))
	return r, true
}

// insertLate writes late rows to the store; one there already (the same
// node and first record) is kept.
func (s *sqlStore) insertLate(ctx context.Context, rows []lateRow) error {
	for _, r := range rows {
		_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO audit_keys_late (node, first_seq, last_seq, period, created_at, tag) VALUES (?,?,?,?,?,?) ON CONFLICT (node, first_seq) DO NOTHING`),
			r.Node, r.First, r.Last, r.Period, r.Created, r.Tag)
		if err != nil {
			if isPermissionDenied(err) {
				return fmt.Errorf("audit: Die PostgreSQL-Rolle von audit.store darf in audit_keys_late nicht schreiben: als Besitzer der Tabellen GRANT INSERT, SELECT ON audit_keys_late TO <Rolle>; ausführen (docs/audit.md, Abschnitt 6) / audit: the PostgreSQL role of audit.store may not insert into audit_keys_late: GRANT INSERT, SELECT ON audit_keys_late TO the role: %w", err)
			}
			return fmt.Errorf("audit: record the records made late: %w", damaged(err))
		}
	}
	return nil
}

// keepLate adds r to the pending file in dir (written whole, synced,
// then renamed into place), so that it outlives a store that fails just
// when the node found the new period.
func keepLate(dir string, r lateRow) error {
	rows, err := readLateFile(dir)
	if err != nil {
		return err
	}
	if !slices.Contains(rows, r) {
		rows = append(rows, r)
	}
	b, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, LateFileName), append(b, '\n'))
}

// readLateFile reads the pending file in dir (none: nil). A file that is
// not what keepLate writes is an error that names it: it is kept.
func readLateFile(dir string) ([]lateRow, error) {
	path := filepath.Join(dir, LateFileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: read %s: %w", path, err)
	}
	var rows []lateRow
	bad := json.Unmarshal(b, &rows)
	for _, r := range rows {
		if bad == nil && (r.Node == "" || r.First < 1 || r.Last < r.First || r.Period < 1 || r.Created <= 0 || !isHex(r.Tag, 32)) {
			bad = errors.New("a row that is no range of records")
		}
	}
	if bad != nil {
		return nil, fmt.Errorf("audit: Die Datei %s (Einträge, die dieser Knoten nach einem neuen Schlüsselzeitraum noch mit den alten Schlüsseln gemacht hat) ist beschädigt: %v. Sie bleibt liegen; ohne sie zählten diese Einträge zum neuen Zeitraum. Die Datei aus der Sicherung von state_dir zurückspielen (docs/audit.md, Abschnitt 2) / audit: %s (the records this node made with the old keys after a new key period began) is damaged: %v; it is kept: restore it from the backup of state_dir",
			path, bad, path, bad)
	}
	return rows, nil
}

// writeLateFile writes the pending rows in dir to the store and removes
// the file (Open, before the writer replays the spill).
func (s *sqlStore) writeLateFile(ctx context.Context, dir string) error {
	rows, err := readLateFile(dir)
	if err != nil {
		return err
	}
	if err := s.insertLate(ctx, rows); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, LateFileName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("audit: remove %s: %w", LateFileName, err)
	}
	return nil
}
