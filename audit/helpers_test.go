package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"database/sql"
)

// backend is one store the shared tests run against.
type backend struct {
	name string
	cfg  func(t *testing.T) Config
}

// backends returns SQLite and, when SCHLEUSE_TEST_POSTGRES is set, PostgreSQL
// (a fresh schema per test). Without it the PostgreSQL run is skipped loudly,
// and fails when CI=true.
func backends(t *testing.T) []backend {
	bs := []backend{{"sqlite", func(t *testing.T) Config {
		return Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	}}}
	pg := os.Getenv("SCHLEUSE_TEST_POSTGRES")
	if pg == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but SCHLEUSE_TEST_POSTGRES is not set: the PostgreSQL store is untested")
		}
		t.Log("!!! SCHLEUSE_TEST_POSTGRES not set: PostgreSQL store NOT tested (set it to a postgres:// URL) !!!")
		return bs
	}
	bs = append(bs, backend{"postgres", func(t *testing.T) Config {
		return Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond, Store: pgSchema(t, pg)}
	}})
	return bs
}

// pgSchema creates a fresh schema and returns the URL that uses it.
func pgSchema(t testing.TB, base string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE SCHEMA " + name); err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec("DROP SCHEMA " + name + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// rawDB opens the store read-write for tampering in tests.
func rawDB(t *testing.T, cfg Config) *sqlStore {
	t.Helper()
	cfg.defaults()
	st, err := openStore(context.Background(), cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.close() })
	return st
}

func mustOpen(t *testing.T, cfg Config) *Logger {
	t.Helper()
	l, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func mustReader(t *testing.T, cfg Config) *Reader {
	t.Helper()
	r, err := OpenReader(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// flaky wraps a store and fails inserts while down is set.
type flaky struct {
	writer
	down atomic.Bool
}

func (f *flaky) insert(ctx context.Context, recs []Record) error {
	if f.down.Load() {
		return errors.New("store down (test)")
	}
	return f.writer.insert(ctx, recs)
}

// openFlaky opens a logger whose store can be switched off.
func openFlaky(t *testing.T, cfg Config) (*Logger, *flaky) {
	t.Helper()
	if err := cfg.defaults(); err != nil {
		t.Fatal(err)
	}
	st, err := openStore(context.Background(), cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	f := &flaky{writer: st}
	l, err := open(context.Background(), cfg, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l, f
}

// keepTables copies the audit tables of st aside (keep_r, keep_c), for
// cases that each tamper with the same log: restoreTables puts the copy back.
func keepTables(t *testing.T, st *sqlStore) {
	t.Helper()
	execAll(t, st, "CREATE TABLE keep_r AS SELECT * FROM audit_records", "CREATE TABLE keep_c AS SELECT * FROM audit_checkpoints")
}

// restoreTables puts back the tables keepTables copied.
func restoreTables(t *testing.T, st *sqlStore) {
	t.Helper()
	execAll(t, st, "DELETE FROM audit_records", "INSERT INTO audit_records SELECT * FROM keep_r",
		"DELETE FROM audit_checkpoints", "INSERT INTO audit_checkpoints SELECT * FROM keep_c")
}

func execAll(t *testing.T, st *sqlStore, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if _, err := st.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}
