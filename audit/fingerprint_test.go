package audit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var normalizeCases = []struct{ typ, in, want string }{
	{"IBAN", "de89 3704 0044 0532 0130 00", "DE89370400440532013000"},
	{"IBAN", "DE89-3704-0044-0532-0130-00", "DE89370400440532013000"},
	{"CREDIT_CARD", "4111 1111 1111 1111", "4111111111111111"},
	{"DE_LICENSE_PLATE", "b-ab 123e", "BAB123E"},
	{"DE_TAX_NUMBER", "21/815/08150", "2181508150"},
	{"PHONE", "+49 (228) 123-456", "49228123456"},
	{"PHONE", "0049 228 123456", "49228123456"},
	{"PHONE", "0228/123456", "49228123456"},
	{"PHONE", "+1 202 555 0100", "12025550100"},
	{"EMAIL", "  Max.Mustermann@Example.ORG ", "max.mustermann@example.org"},
	{"IP_ADDRESS", "::ffff:192.0.2.1", "192.0.2.1"},
	{"IP_ADDRESS", "2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
	{"IP_ADDRESS", "not-an-IP", "not-an-ip"},
	{"SECRET", "  sk-AbC123 ", "sk-AbC123"},
	{"PERSON", "  Max \t Mustermann\n", "max mustermann"},
	{"POSTAL_ADDRESS", "Hauptstraße 1,  53111 Bonn", "hauptstraße 1, 53111 bonn"},
	{"PERSON", "ÄNNE Müller", "änne müller"},
	{"PHONE", "", ""},
	{"PHONE", "0", "49"},
}

func TestNormalize(t *testing.T) {
	for _, c := range normalizeCases {
		if got := Normalize(c.typ, c.in); got != c.want {
			t.Errorf("Normalize(%s, %q) = %q, want %q", c.typ, c.in, got, c.want)
		}
	}
}

// refFingerprint is Fingerprint built from crypto/hmac, the reference for
// the allocation-free implementation.
func refFingerprint(key []byte, typ, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(typ + "\x00" + Normalize(typ, value)))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

func refPseudonym(key []byte, name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return ""
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(name))
	return "u-" + hex.EncodeToString(m.Sum(nil)[:8])
}

func TestFingerprintMatchesHMAC(t *testing.T) {
	keys := [][]byte{[]byte("0123456789abcdef0123456789abcdef"), make([]byte, 100), []byte("k")}
	for _, key := range keys {
		for _, c := range normalizeCases {
			if got, want := Fingerprint(key, c.typ, c.in), refFingerprint(key, c.typ, c.in); got != want {
				t.Errorf("Fingerprint(%s, %q) = %s, want %s", c.typ, c.in, got, want)
			}
			long := strings.Repeat(c.in, 40)
			if got, want := Fingerprint(key, c.typ, long), refFingerprint(key, c.typ, long); got != want {
				t.Errorf("long value: %s, want %s", got, want)
			}
			if got, want := pseudonym(key, c.in), refPseudonym(key, c.in); got != want {
				t.Errorf("pseudonym(%q) = %s, want %s", c.in, got, want)
			}
		}
	}
	k := []byte("0123456789abcdef")
	if Fingerprint(k, "IBAN", "DE89 3704 0044 0532 0130 00") != Fingerprint(k, "IBAN", "de89370400440532013000") {
		t.Error("IBAN spellings differ")
	}
	if Fingerprint(k, "IBAN", "DE89370400440532013000") == Fingerprint(k, "CREDIT_CARD", "DE89370400440532013000") {
		t.Error("type not part of the fingerprint")
	}
	if Fingerprint(k, "EMAIL", "a@b.de") == Fingerprint([]byte("another key 0123"), "EMAIL", "a@b.de") {
		t.Error("key not part of the fingerprint")
	}
}

func FuzzFingerprint(f *testing.F) {
	for _, c := range normalizeCases {
		f.Add(c.typ, c.in)
	}
	key := []byte("0123456789abcdef0123456789abcdef")
	f.Fuzz(func(t *testing.T, typ, value string) {
		n := Normalize(typ, value)
		if typ != "IP_ADDRESS" && typ != "PHONE" && Normalize(typ, n) != n {
			t.Errorf("Normalize not idempotent: %q → %q → %q", value, n, Normalize(typ, n))
		}
		if got, want := Fingerprint(key, typ, value), refFingerprint(key, typ, value); got != want {
			t.Errorf("Fingerprint = %s, want %s", got, want)
		}
		if got, want := pseudonym(key, value), refPseudonym(key, value); got != want {
			t.Errorf("pseudonym = %s, want %s", got, want)
		}
	})
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "k.json")
	k1, err := LoadKeys(p, true)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", st.Mode().Perm())
	}
	k2, err := LoadKeys(p, false)
	if err != nil || string(k1.Fingerprint) != string(k2.Fingerprint) || string(k1.User) != string(k2.User) ||
		string(k1.User) == string(k1.Fingerprint) || len(k1.User) != 32 {
		t.Fatalf("reload: %v", err)
	}
	os.Chmod(p, 0o644)
	if _, err := LoadKeys(p, false); err == nil || !strings.HasPrefix(err.Error(), "audit: Die Schlüsseldatei "+p+" ist für andere lesbar (Rechte -rw-r--r--): chmod 600 "+p) ||
		!strings.Contains(err.Error(), " / audit: key file "+p+" has mode -rw-r--r--, want 0600") {
		t.Errorf("world-readable key file accepted: %v", err)
	}
	if _, err := LoadKeys(filepath.Join(dir, "missing"), false); err == nil {
		t.Error("missing key file without create accepted")
	}
	os.WriteFile(filepath.Join(dir, "bad"), []byte("{"), 0o600)
	if _, err := LoadKeys(filepath.Join(dir, "bad"), false); err == nil {
		t.Error("corrupt key file accepted")
	}
	// A reader without the key file still queries, but cannot match values or reveal.
	cfg := Config{Dir: t.TempDir(), Node: "n"}
	writeSample(t, cfg)
	os.Remove(filepath.Join(cfg.Dir, KeyFileName))
	r := mustReader(t, cfg)
	if recs, err := r.Query(context.Background(), Filter{}); err != nil || len(recs) != 5 {
		t.Fatalf("query without keys: %d, %v", len(recs), err)
	}
	if _, err := r.Query(context.Background(), Filter{Value: "x"}); err == nil {
		t.Error("value filter without keys accepted")
	}
	// Without the key, reveal fails: "no match" would clear the wrong person.
	if _, ok, err := r.Reveal("u-00", []string{"bernd"}); ok || err == nil || !strings.Contains(err.Error(), "key file") {
		t.Errorf("Reveal without keys: ok %v, err %v; want an error naming the key file", ok, err)
	}
}

func TestPlainUsersAndPseudonym(t *testing.T) {
	no := false
	cfg := Config{Dir: t.TempDir(), Node: "n", PseudonymizeUsers: &no}
	l := mustOpen(t, cfg)
	l.Log(Entry{RequestID: "a", UserName: "Anna.Schmidt", Action: "allow"})
	l.Log(Entry{RequestID: "c", UserName: "Özlem.Yilmaz", Action: "allow"})
	p := l.Pseudonym("anna.schmidt ")
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Log(Entry{RequestID: "b"}); err == nil {
		t.Error("Log after Close accepted")
	}
	r := mustReader(t, cfg)
	recs, _ := r.Query(context.Background(), Filter{RequestID: "a"})
	if len(recs) != 1 || recs[0].User != "Anna.Schmidt" {
		t.Fatalf("plain user: %+v", recs)
	}
	// A search by name finds the plain name too (the DPO's access request,
	// docs/de/datenschutz.md §6; the web view's user field): before, it
	// looked only for the name's pseudonym and found nothing in this mode.
	for _, name := range []string{"anna.schmidt", "Anna.Schmidt", " ANNA.SCHMIDT "} {
		if recs, err := r.Query(context.Background(), Filter{UserName: name}); err != nil || len(recs) != 1 {
			t.Errorf("Filter{UserName: %q} on plain user names: %d records, %v; want 1", name, len(recs), err)
		}
	}
	// A name with a capital umlaut, typed as stored or with other capitals
	// of ASCII letters (SQLite's LOWER folds those only): before, the
	// name was folded in Go ("özlem") and compared with SQLite's fold
	// ("Özlem"), and the search found nothing.
	for _, name := range []string{"Özlem.Yilmaz", "ÖZLEM.YILMAZ"} {
		if recs, err := r.Query(context.Background(), Filter{UserName: name}); err != nil || len(recs) != 1 || recs[0].RequestID != "c" {
			t.Errorf("Filter{UserName: %q} on plain user names: %d records, %v; want the one of Özlem.Yilmaz", name, len(recs), err)
		}
	}
	if recs, _ := r.Query(context.Background(), Filter{UserName: "bernd"}); len(recs) != 0 {
		t.Errorf("Filter{UserName: bernd}: %+v, want none", recs)
	}
	if name, ok, _ := r.Reveal(p, []string{"x", "ANNA.SCHMIDT"}); !ok || name != "ANNA.SCHMIDT" {
		t.Errorf("Pseudonym/Reveal disagree: %q %v", name, ok)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := OpenReader(ctx, Config{Dir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no audit database") {
		t.Errorf("reader on empty dir: %v", err)
	}
	if _, err := Open(ctx, Config{}); err == nil {
		t.Error("Open without Dir accepted")
	}
	if _, err := Open(ctx, Config{Dir: t.TempDir(), Store: "mysql://x"}); err == nil {
		t.Error("unknown store accepted")
	}
	dir := t.TempDir()
	l := mustOpen(t, Config{Dir: dir, Node: "n"})
	defer l.Close()
	if _, err := Open(ctx, Config{Dir: dir, Node: "n"}); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second writer on one state directory: %v", err)
	}
	// A damaged database file: the error names the file, for the writer
	// (the proxy does not start) and the reader (audit verify).
	bad := t.TempDir()
	db := filepath.Join(bad, "audit.db")
	if err := os.WriteFile(db, bytes.Repeat([]byte("kaputt!\n"), 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, Config{Dir: bad, Node: "n"}); err == nil || !strings.Contains(err.Error(), db) {
		t.Errorf("writer on a damaged database: %v, want an error naming %s", err, db)
	}
	if _, err := OpenReader(ctx, Config{Dir: bad}); err == nil || !strings.Contains(err.Error(), db) {
		t.Errorf("reader on a damaged database: %v, want an error naming %s", err, db)
	}
}

// TestReaderDamagedOrForeign: an auditor pointed at a damaged audit.db,
// a cut-off copy or another program's SQLite database is told which it is
// and what to do, not "no such table" or a bare SQLite code.
func TestReaderDamagedOrForeign(t *testing.T) {
	ctx := context.Background()
	// A real log of a few records, then cut off after its first pages.
	src := t.TempDir()
	l := mustOpen(t, Config{Dir: src, Node: "n"})
	for i := range 200 {
		if err := l.Log(Entry{RequestID: fmt.Sprint("r", i), UserName: "u", Action: "allow", Findings: map[string]int{"IBAN": 1}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	whole, err := os.ReadFile(filepath.Join(src, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	foreign := t.TempDir()
	st := rawDB(t, Config{Dir: foreign})
	if _, err := st.db.Exec("DROP TABLE audit_records; DROP TABLE audit_checkpoints; CREATE TABLE kunden (name TEXT)"); err != nil {
		t.Fatal(err)
	}
	st.close()
	for name, tc := range map[string]struct {
		dir  string
		data []byte
		want string
	}{
		"garbage":   {t.TempDir(), append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte("kaputt"), 100)...), "damaged or is no SQLite database"},
		"truncated": {t.TempDir(), whole[:3000], "damaged or is no SQLite database"},
		"foreign":   {foreign, nil, "holds no schleuse audit log"},
	} {
		if tc.data != nil {
			if err := os.WriteFile(filepath.Join(tc.dir, "audit.db"), tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		r, err := OpenReader(ctx, Config{Dir: tc.dir})
		if err == nil {
			_, err = r.Verify(ctx)
			r.Close()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Join(tc.dir, "audit.db")) {
			t.Errorf("%s: %v, want an error naming the file and saying %q", name, err, tc.want)
		}
	}
}

// TestOpenRefusesNewKeysForWrittenLog: a log that holds records is not
// given new keys when its key file is missing (audit.db restored without
// it, a further node on a shared log set up without a copy): the users
// would get second pseudonyms and a value search would miss every earlier
// record without a word. Keys made knowingly (audit new-keys) are used.
func TestOpenRefusesNewKeysForWrittenLog(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n"}
	writeSample(t, cfg)
	kf := filepath.Join(cfg.Dir, KeyFileName)
	os.Remove(kf)
	l, err := Open(context.Background(), cfg)
	if err == nil {
		l.Close()
		t.Fatal("Open made new keys for a log that holds records")
	}
	if !errors.Is(err, ErrKeysMissing) || !strings.Contains(err.Error(), kf) || !strings.Contains(err.Error(), "schleuse audit new-keys") {
		t.Errorf("Open: %v; want ErrKeysMissing naming %s and the way out", err, kf)
	}
	if _, err := os.Stat(kf); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("key file created anyway: %v", err)
	}
	// A second node on the same store, its own key file missing: the same.
	other := Config{Dir: cfg.Dir, Node: "n2", KeyFile: filepath.Join(t.TempDir(), KeyFileName)}
	if l, err := Open(context.Background(), other); !errors.Is(err, ErrKeysMissing) {
		if l != nil {
			l.Close()
		}
		t.Errorf("second node without keys: %v", err)
	}
	// New keys made knowingly: the log opens in key period 2, the chain
	// still verifies.
	if p, err := NewKeys(context.Background(), cfg); err != nil || p != 2 {
		t.Fatalf("NewKeys: period %d, %v; want 2", p, err)
	}
	l = mustOpen(t, cfg)
	l.Log(Entry{RequestID: "after", Action: "allow"})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if res, err := mustReader(t, cfg).Verify(context.Background()); err != nil || !res.OK() {
		t.Errorf("verify after new keys: %+v, %v", res, err)
	}
	// An empty log still gets its keys on the first start.
	fresh := Config{Dir: t.TempDir(), Node: "n"}
	mustOpen(t, fresh).Close()
	if _, err := os.Stat(filepath.Join(fresh.Dir, KeyFileName)); err != nil {
		t.Errorf("first start made no key file: %v", err)
	}
}

// TestCheckKeys: the check before the start (schleuse config check) says
// what Open would refuse, for SQLite and for a shared PostgreSQL log alike:
// a log that holds records without its key file. An empty or new log and a
// PostgreSQL server that cannot be reached are no error there.
func TestCheckKeys(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			fresh := b.cfg(t)
			if err := CheckKeys(ctx, fresh); err != nil {
				t.Errorf("new log: %v, want nil", err)
			}
			cfg := b.cfg(t)
			writeSample(t, cfg)
			if err := CheckKeys(ctx, cfg); err != nil {
				t.Errorf("written log with its keys: %v, want nil", err)
			}
			// A further node on the same log, set up without the key file.
			other := cfg
			other.Node = "node-b"
			other.Dir = t.TempDir()
			other.KeyFile = ""
			err := CheckKeys(ctx, other)
			if b.name == "sqlite" {
				// Its own directory holds no audit.db: a first start there.
				if err != nil {
					t.Errorf("sqlite, other directory: %v, want nil", err)
				}
				os.Remove(filepath.Join(cfg.Dir, KeyFileName))
				err = CheckKeys(ctx, cfg)
			}
			if !errors.Is(err, ErrKeysMissing) || !strings.Contains(err.Error(), "schleuse audit new-keys") {
				t.Errorf("written log without its key file: %v, want ErrKeysMissing and the way out", err)
			}
		})
	}
	t.Run("postgres-unreachable", func(t *testing.T) {
		cfg := Config{Dir: t.TempDir(), Node: "n", Store: "postgres://schleuse:secret@127.0.0.1:1/none?connect_timeout=2"}
		if err := CheckKeys(ctx, cfg); err != nil {
			t.Errorf("unreachable PostgreSQL: %v, want nil (run reports it when it starts)", err)
		}
	})
}

// TestCheckSQLiteFile: config check finds a damaged or cut-off audit.db
// from its header and size, without opening it, as run would refuse it; a
// sound log, a missing or empty file and one with a WAL beside it pass.
func TestCheckSQLiteFile(t *testing.T) {
	src := t.TempDir()
	l := mustOpen(t, Config{Dir: src, Node: "n"})
	for i := range 300 {
		if err := l.Log(Entry{RequestID: fmt.Sprint("r", i), UserName: "u", Action: "allow", Findings: map[string]int{"IBAN": 1}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	whole, err := os.ReadFile(filepath.Join(src, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	if len(whole) < 3*4096 {
		t.Fatalf("audit.db of %d bytes: want a few pages", len(whole))
	}
	for name, tc := range map[string]struct {
		data []byte
		wal  bool
		want string // "" for no error
	}{
		"sound":            {whole, false, ""},
		"empty":            {[]byte{}, false, ""},
		"cut at a page":    {whole[:2*4096], false, "its header says"},
		"cut inside":       {whole[:20000], false, "not a whole number"},
		"shorter than one": {whole[:60], false, "no SQLite database"},
		"garbage":          {bytes.Repeat([]byte("kaputt"), 1000), false, "no SQLite database"},
		"cut, WAL beside":  {whole[:2*4096], true, ""},
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "audit.db"), tc.data, 0o600)
		if tc.wal {
			os.WriteFile(filepath.Join(dir, "audit.db-wal"), []byte("x"), 0o600)
		}
		err := CheckSQLiteFile(dir)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Join(dir, "audit.db")) || !strings.Contains(err.Error(), "restore audit.db from a backup")):
			t.Errorf("%s: %v, want an error naming the file, saying %q and what to do", name, err, tc.want)
		}
		if tc.want != "" && !tc.wal {
			// run refuses the same file.
			if l, err := Open(context.Background(), Config{Dir: dir, Node: "n"}); err == nil {
				l.Close()
				t.Errorf("%s: Open took the file that CheckSQLiteFile refuses", name)
			}
		}
	}
	if err := CheckSQLiteFile(t.TempDir()); err != nil {
		t.Errorf("no audit.db: %v", err)
	}
}

// TestDamagedFullDisk: SQLite's "database or disk is full" says what to
// do (a full disk under state_dir at start); before, SQLite's words alone.
func TestDamagedFullDisk(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "full.db")+"?_pragma=max_page_count(3)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO t VALUES (zeroblob(100000))`)
	if err == nil {
		t.Fatal("an insert past max_page_count succeeded")
	}
	if got := damaged(err).Error(); !strings.Contains(got, "full") || !strings.Contains(got, "the file system of state_dir has no space left; free space there (df -h)") {
		t.Errorf("damaged(%v) = %q", err, got)
	}
}

// TestInsertLockedSaysSo: a write lock that another program holds on
// audit.db past a batch's deadline is named as such, for the status page
// and the log; before, "audit: begin: context deadline exceeded".
func TestInsertLockedSaysSo(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n"}
	st := rawDB(t, cfg)
	other, err := sql.Open("sqlite", "file:"+filepath.Join(cfg.Dir, "audit.db")+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin() // the other program's write transaction
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err = st.insert(ctx, []Record{{Seq: 1, Node: "n", Action: "allow"}})
	if err == nil || !strings.Contains(err.Error(), "audit.db stayed locked by another program") {
		t.Errorf("insert under another program's lock: %v", err)
	}
}

// TestCheckSQLiteHead: an audit.db whose header and size are sound but
// whose pages after the first (the tables' rows and indexes) are damaged
// passes CheckSQLiteFile, and Open refuses it; CheckSQLiteHead finds it
// as Open would, and both say what to do. Before, config check said ok
// and run stopped with "audit: read chain head: database disk image is
// malformed (11)" alone. A sound log, a missing file and one of another
// program (no log's tables) pass.
func TestCheckSQLiteHead(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	l := mustOpen(t, Config{Dir: src, Node: "n"})
	for i := range 300 {
		if err := l.Log(Entry{RequestID: fmt.Sprint("r", i), UserName: "u", Action: "allow"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := CheckSQLiteHead(ctx, Config{Dir: src, Node: "n"}); err != nil {
		t.Fatalf("a sound log: %v", err)
	}
	if err := CheckSQLiteHead(ctx, Config{Dir: t.TempDir(), Node: "n"}); err != nil {
		t.Fatalf("no audit.db (a first start): %v", err)
	}
	whole, err := os.ReadFile(filepath.Join(src, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	damaged := slices.Clone(whole)
	for i := 2 * page; i < len(damaged); i++ { // page 1 (the schema) stays
		damaged[i] = 0xa5
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "audit.db"), damaged, 0o600)
	if err := CheckSQLiteFile(dir); err != nil {
		t.Fatalf("header and size are sound, CheckSQLiteFile: %v", err)
	}
	const fix = "restore audit.db from a backup"
	err = CheckSQLiteHead(ctx, Config{Dir: dir, Node: "n"})
	if err == nil || !strings.Contains(err.Error(), fix) || !strings.Contains(err.Error(), filepath.Join(dir, "audit.db")) {
		t.Errorf("damaged pages: %v, want the file named and what to do", err)
	}
	if l, err := Open(ctx, Config{Dir: dir, Node: "n"}); err == nil {
		l.Close()
		t.Error("Open took the damaged file")
	} else if !strings.Contains(err.Error(), fix) {
		t.Errorf("Open: %v, want what to do", err)
	}
	other := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(other, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := CheckSQLiteHead(ctx, Config{Dir: other, Node: "n"}); err != nil {
		t.Errorf("a database without the log's tables: %v (Open creates them)", err)
	}
}
