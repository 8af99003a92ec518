package audit

import (
	"context"
	"database/sql"
	"errors"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMultiNodePostgres: two proxy nodes (own state directories) write
// their own chains into one PostgreSQL log at the same time.
func TestMultiNodePostgres(t *testing.T) {
	pg := postgresBackend(t, "multi-node PostgreSQL log")
	base := pg.cfg(t)
	keys := filepath.Join(t.TempDir(), "keys.json")
	var wg sync.WaitGroup
	for _, node := range []string{"proxy-1", "proxy-2"} {
		cfg := Config{Store: base.Store, Dir: t.TempDir(), KeyFile: keys, Node: node, FlushInterval: 5 * time.Millisecond}
		if node == "proxy-1" {
			mustOpen(t, cfg).Close() // creates the shared key file first
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := Open(context.Background(), cfg)
			if err != nil {
				t.Error(err)
				return
			}
			for i := 0; i < 1500; i++ {
				l.Log(Entry{RequestID: node, UserName: "anna", Action: "allow", Values: []TypedValue{{"EMAIL", "a@b.de"}}})
			}
			if err := l.Close(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// A second writer with a node id in use is refused.
	l1 := mustOpen(t, Config{Store: base.Store, Dir: t.TempDir(), KeyFile: keys, Node: "proxy-1"})
	if l2, err := Open(context.Background(), Config{Store: base.Store, Dir: t.TempDir(), KeyFile: keys, Node: "proxy-1"}); err == nil {
		l2.Close()
		t.Error("two writers with one node id accepted")
	}
	l1.Close()
	r := mustReader(t, Config{Store: base.Store, KeyFile: keys})
	res, err := r.Verify(context.Background())
	if err != nil || !res.OK() || len(res.Nodes) != 2 || res.Nodes[0].Records != 1500 || res.Nodes[1].Records != 1500 {
		t.Fatalf("verify: %+v %v", res, err)
	}
	for _, n := range []string{"proxy-1", "proxy-2"} {
		recs, err := r.Query(context.Background(), Filter{Node: n, Value: "A@B.de", UserName: "Anna", Limit: -1})
		if err != nil || len(recs) != 1500 {
			t.Fatalf("node %s: %d records, %v (shared keys must match across nodes)", n, len(recs), err)
		}
	}
}

// TestNodeLockPerSchema: the node lock belongs to one log. Two logs in one
// PostgreSQL database (two schemas: two offices, or a test log beside the
// real one) may each have a node "node-a" writing; within one log the
// second writer is still refused. Before, the advisory lock's key was the
// node id alone, database-wide, and the second log's proxy did not start
// ("node id is already writing to this log"); the refusal now says so
// German first.
func TestNodeLockPerSchema(t *testing.T) {
	pg := postgresBackend(t, "node lock per PostgreSQL schema")
	a, b := pg.cfg(t), pg.cfg(t) // two fresh schemas, both node-a
	if a.Store == b.Store {
		t.Fatal("backend gave one schema twice")
	}
	la := mustOpen(t, a)
	defer la.Close()
	lb, err := Open(context.Background(), b)
	if err != nil {
		t.Fatalf("second log's node-a refused: %v", err)
	}
	defer lb.Close()
	c := a
	c.Dir = t.TempDir()
	c.KeyFile = filepath.Join(a.Dir, KeyFileName)
	if l, err := Open(context.Background(), c); err == nil {
		l.Close()
		t.Error("two writers with one node id in one log accepted")
	} else if msg := err.Error(); !strings.Contains(msg, "already writing") || !strings.Contains(msg, "schreibt schon") ||
		strings.Index(msg, "schreibt schon") > strings.Index(msg, "already writing") {
		t.Errorf("second writer in one log: %v, want the node id refused, German first", err)
	}
}

// TestPeriodLockPerSchema: the key period lock (held exclusively by audit
// new-keys while it begins a period, taken shared by each batch) belongs to
// one log, as the node lock does: a new-keys in progress on one log (one
// schema) does not hold up the batches of another log in the same
// database, while the batches of its own log wait for it. Before 1a411396
// its key was one pair for the whole database, and every log's writers
// waited for a new-keys on any of them.
func TestPeriodLockPerSchema(t *testing.T) {
	pg := postgresBackend(t, "key period lock per PostgreSQL schema")
	ctx := context.Background()
	a, b := pg.cfg(t), pg.cfg(t)
	a.FlushInterval, b.FlushInterval = time.Hour, time.Hour
	la, lb := mustOpen(t, a), mustOpen(t, b)
	defer la.Close()
	defer lb.Close()
	// new-keys of log a, in progress: its transaction holds the lock.
	held := rawDB(t, a)
	tx, err := held.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, periodLockSQL); err != nil {
		t.Fatal(err)
	}
	if err := lb.Log(keyPeriodEntry("b1")); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := lb.Flush(short); err != nil {
		t.Fatalf("log b's batch while new-keys holds log a's period lock: %v, want it written", err)
	}
	if err := la.Log(keyPeriodEntry("a1")); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- la.Flush(ctx) }()
	select {
	case err := <-done:
		t.Fatalf("log a's batch did not wait for its own new-keys: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	tx.Rollback()
	if err := <-done; err != nil {
		t.Fatalf("log a's batch after new-keys let go: %v", err)
	}
}

// TestNodeLockRetaken: a node whose lock connection is cut (a database
// restart, a failover) takes its node lock again within nodeLockEvery, so
// that audit new-keys still sees it and a second writer with its id is
// still refused. If another writer holds the lock by then, the node stops
// writing and Log refuses (fail closed), German first (NodeTaken). Before,
// the lock was gone for good while the node ran on: new-keys began a
// period under it, and a second node-a would have interleaved its chain.
func TestNodeLockRetaken(t *testing.T) {
	pg := postgresBackend(t, "node lock taken again")
	ctx := context.Background()
	defer func(d time.Duration) { nodeLockEvery = d }(nodeLockEvery)
	nodeLockEvery = 50 * time.Millisecond
	cfg := pg.cfg(t)
	cfg.defaults()
	l := mustOpen(t, cfg)
	defer l.Close()
	if err := l.Log(keyPeriodEntry("r1")); err != nil {
		t.Fatal(err)
	}
	if err := l.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, cfg)
	holder := func() (pid int) {
		raw.db.QueryRowContext(ctx, `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
			AND classid = hashtext('schleuse-audit:' || current_schema())::oid AND objid = hashtext('node-a')::oid`).Scan(&pid)
		return pid
	}
	first := holder()
	if first == 0 {
		t.Fatal("node-a holds no lock")
	}
	if _, err := raw.db.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, first); err != nil {
		t.Fatal(err)
	}
	var again int
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if again = holder(); again != 0 && again != first {
			break
		}
	}
	if again == 0 || again == first {
		t.Fatalf("node lock not taken again after its connection was cut (holder %d, before %d)", again, first)
	}
	other := cfg
	other.Dir, other.Node, other.KeyFile = t.TempDir(), "node-b", ""
	other.defaults()
	if _, err := NewKeys(ctx, other); !errors.Is(err, ErrNodesRunning) || !strings.Contains(err.Error(), "Audit-Log: node-a.") {
		t.Errorf("NewKeys after node-a's lock was taken again: %v, want node-a named", err)
	}
	if err := l.Log(keyPeriodEntry("r2")); err != nil {
		t.Fatal(err)
	}
	if err := l.Flush(ctx); err != nil {
		t.Errorf("batch after the lock was taken again: %v", err)
	}

	// Another writer waits for node-a's lock; the cut hands it over.
	conn, err := raw.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	got := make(chan error, 1)
	go func() {
		_, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtext('schleuse-audit:' || current_schema()), hashtext('node-a'))`)
		got <- err
	}()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		var waiting int
		raw.db.QueryRowContext(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
			AND classid = hashtext('schleuse-audit:' || current_schema())::oid AND objid = hashtext('node-a')::oid`).Scan(&waiting)
		if waiting > 0 {
			break
		}
	}
	if _, err := raw.db.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, again); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatalf("the other writer's lock: %v", err)
	}
	var st QueueStats
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if st = l.Stats(); st.NodeTaken != "" {
			break
		}
	}
	if !strings.HasPrefix(st.NodeTaken, "audit: Die Sperre des Knotens node-a an diesem Audit-Log ging mit seiner Datenbankverbindung verloren") ||
		!strings.Contains(st.NodeTaken, "another schleuse writes under the same node id") {
		t.Fatalf("Stats.NodeTaken: %q", st.NodeTaken)
	}
	if err := l.Log(keyPeriodEntry("r3")); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Log after another writer took node-a: %v, want ErrUnavailable", err)
	}
}

// TestImports: audit is a leaf package; it never imports other packages of
// this module (DESIGN.md: imports run one way).
func TestImports(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if p := strings.Trim(imp.Path.Value, `"`); strings.HasPrefix(p, "github.com/schleuse/schleuse/") {
				t.Errorf("%s imports %s: audit must not import other schleuse packages", f, p)
			}
		}
	}
}

// TestPostgresHardenedRole: a proxy role hardened as docs/audit.md §6
// recommends (an admin role owns the tables; the proxy role has INSERT and
// SELECT on both and DELETE on audit_records, no UPDATE) opens the log,
// writes and verifies. Before, Open failed with "must be owner of table
// audit_records": PostgreSQL checks ownership before it sees that CREATE
// INDEX IF NOT EXISTS has nothing to do. Creating the two roles needs
// CREATEROLE; a test role without it skips loudly.
func TestPostgresHardenedRole(t *testing.T) {
	pg := postgresBackend(t, "hardened PostgreSQL role")
	ctx := context.Background()
	base := os.Getenv("SCHLEUSE_TEST_POSTGRES")
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var canCreate bool
	if err := db.QueryRowContext(ctx, "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").Scan(&canCreate); err != nil {
		t.Fatal(err)
	}
	if !canCreate {
		t.Skip("!!! the role of SCHLEUSE_TEST_POSTGRES may not create roles (CREATEROLE): hardened PostgreSQL role NOT tested !!!")
	}
	cfg := pg.cfg(t)
	keys := filepath.Join(t.TempDir(), "keys.json")
	owner := Config{Store: cfg.Store, Dir: t.TempDir(), KeyFile: keys, Node: "n1", FlushInterval: 5 * time.Millisecond}
	l := mustOpen(t, owner) // creates the tables
	l.Log(Entry{RequestID: "r1", UserName: "anna", Action: "allow"})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	u, err := url.Parse(cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	adm, px := schema+"_adm", schema+"_px"
	t.Cleanup(func() {
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Exec("DROP ROLE IF EXISTS " + px)
		db.Exec("DROP ROLE IF EXISTS " + adm)
	})
	for _, stmt := range []string{
		"CREATE ROLE " + adm + " NOLOGIN",
		"CREATE ROLE " + px + " LOGIN PASSWORD 'hardened'",
		"GRANT " + adm + " TO current_user",               // to hand it the tables,
		"GRANT CREATE ON SCHEMA " + schema + " TO " + adm, // which it may own there
		"ALTER TABLE " + schema + ".audit_records OWNER TO " + adm,
		"ALTER TABLE " + schema + ".audit_checkpoints OWNER TO " + adm,
		"GRANT USAGE ON SCHEMA " + schema + " TO " + px,
		"GRANT INSERT, SELECT ON " + schema + ".audit_records, " + schema + ".audit_checkpoints TO " + px,
		"GRANT DELETE ON " + schema + ".audit_records TO " + px,
		// A log hardened before this version: no table audit_keys
		// (nor audit_keys_late).
		"DROP TABLE " + schema + ".audit_keys",
		"DROP TABLE " + schema + ".audit_keys_late",
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	u.User = url.UserPassword(px, "hardened")
	hardened := owner
	hardened.Store, hardened.Dir = u.String(), t.TempDir()
	// The proxy role may not create the table the new version needs: it
	// is told what to run (docs/audit.md §6), German first.
	if l, err := Open(ctx, hardened); err == nil {
		l.Close()
		t.Fatal("a role that may create no table opened a log without audit_keys")
	} else if msg := err.Error(); !strings.HasPrefix(msg, "audit: Die PostgreSQL-Rolle von audit.store darf die Tabelle audit_keys") || !strings.Contains(msg, "docs/audit.md, section 6") {
		t.Fatalf("a role that may not create audit_keys: %v", err)
	}
	for _, stmt := range []string{ // docs/audit.md §6, as the tables' owner
		"CREATE TABLE " + schema + ".audit_keys (period BIGINT NOT NULL PRIMARY KEY, key_id TEXT NOT NULL, created_at BIGINT NOT NULL, starts TEXT NOT NULL, tag TEXT NOT NULL)",
		"ALTER TABLE " + schema + ".audit_keys OWNER TO " + adm,
		"GRANT INSERT, SELECT ON " + schema + ".audit_keys TO " + px,
		"CREATE TABLE " + schema + ".audit_keys_late (node TEXT NOT NULL, first_seq BIGINT NOT NULL, last_seq BIGINT NOT NULL, period BIGINT NOT NULL, created_at BIGINT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (node, first_seq))",
		"ALTER TABLE " + schema + ".audit_keys_late OWNER TO " + adm,
		"GRANT INSERT, SELECT ON " + schema + ".audit_keys_late TO " + px,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	l, err = Open(ctx, hardened)
	if err != nil {
		t.Fatalf("open with the hardened role: %v", err)
	}
	if !strings.Contains(l.KeysNote(), "registered as its key") {
		t.Errorf("the old log's key file registered without a note: %q", l.KeysNote())
	}
	l.Log(Entry{RequestID: "r2", UserName: "anna", Action: "redact"})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	r := mustReader(t, hardened)
	res, err := r.Verify(ctx)
	if err != nil || !res.OK() || len(res.Nodes) != 1 || res.Nodes[0].Records != 2 {
		t.Fatalf("verify with the hardened role: %+v %v", res, err)
	}

	// A role that may not insert checkpoints stops the start and is told
	// the GRANT; before, it started and spilled every record to disk. A
	// reader (audit query, an auditor's SELECT-only role) still opens.
	if _, err := db.ExecContext(ctx, "REVOKE INSERT ON "+schema+".audit_checkpoints FROM "+px); err != nil {
		t.Fatal(err)
	}
	hardened.Dir = t.TempDir()
	if l, err := Open(ctx, hardened); err == nil {
		l.Close()
		t.Fatal("a role without INSERT on audit_checkpoints opened the log for writing")
	} else if msg := err.Error(); !strings.Contains(msg, "lacks audit_checkpoints: INSERT") || !strings.Contains(msg, "GRANT INSERT, SELECT ON audit_records, audit_checkpoints, audit_keys, audit_keys_late TO "+px) || strings.Contains(msg, "hardened") {
		t.Fatalf("error does not name the right and the GRANT (or names the password): %v", err)
	}
	if res, err := mustReader(t, hardened).Verify(ctx); err != nil || !res.OK() {
		t.Fatalf("verify with a SELECT-only role: %+v %v", res, err)
	}
	// A role that may not read audit_keys: no start, and a value search
	// says why instead of searching unchecked; other queries still work.
	if _, err := db.ExecContext(ctx, "REVOKE SELECT ON "+schema+".audit_keys FROM "+px); err != nil {
		t.Fatal(err)
	}
	if l, err := Open(ctx, hardened); err == nil {
		l.Close()
		t.Fatal("a role without SELECT on audit_keys opened the log for writing")
	} else if !strings.Contains(err.Error(), "audit_keys: SELECT") {
		t.Errorf("error does not name audit_keys: %v", err)
	}
	rk := mustReader(t, hardened)
	if _, err := rk.Query(ctx, Filter{Value: "DE89370400440532013000"}); err == nil || !strings.HasPrefix(err.Error(), "audit: Die Tabelle audit_keys (Schlüsselzeiträume) ist für die PostgreSQL-Rolle von audit.store nicht lesbar") {
		t.Errorf("value search without SELECT on audit_keys: %v", err)
	}
	if recs, err := rk.Query(ctx, Filter{}); err != nil || len(recs) != 2 {
		t.Errorf("query without SELECT on audit_keys: %d %v", len(recs), err)
	}
	if _, err := db.ExecContext(ctx, "GRANT SELECT ON "+schema+".audit_keys TO "+px); err != nil {
		t.Fatal(err)
	}

	// Without DELETE the log opens, unless audit.retention must delete:
	// then the start stops, as retention would fail unseen until records
	// are older than the period.
	for _, stmt := range []string{"GRANT INSERT ON " + schema + ".audit_checkpoints TO " + px, "REVOKE DELETE ON " + schema + ".audit_records FROM " + px} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	hardened.Dir = t.TempDir()
	l, err = Open(ctx, hardened)
	if err != nil {
		t.Fatalf("a role without DELETE and no retention: %v", err)
	}
	l.Close()
	hardened.Dir, hardened.Retention = t.TempDir(), 24*time.Hour
	if l, err := Open(ctx, hardened); err == nil {
		l.Close()
		t.Fatal("a role without DELETE opened the log with audit.retention")
	} else if !strings.Contains(err.Error(), "lacks audit_records: DELETE") {
		t.Fatalf("error does not name DELETE: %v", err)
	}
}

// postgresBackend returns the PostgreSQL backend, or skips the test loudly
// naming what is then not tested.
func postgresBackend(t *testing.T, what string) *backend {
	t.Helper()
	for _, b := range backends(t) {
		if b.name == "postgres" {
			return &b
		}
	}
	t.Skip("!!! SCHLEUSE_TEST_POSTGRES not set: " + what + " NOT tested !!!")
	return nil
}
