package audit

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// keyPeriodEntry is a record carrying the IBAN the key period tests search.
func keyPeriodEntry(id string) Entry {
	return Entry{RequestID: id, UserName: "Erika Muster", ServiceID: "openai-api", Action: "block",
		Findings: map[string]int{"IBAN": 1}, Values: []TypedValue{{Type: "IBAN", Value: "DE89 3704 0044 0532 0130 00"}}}
}

// newPeriod begins a new key period as an operator does: the key file
// moved aside (to the returned path), then NewKeys; it returns the new
// period's number.
func newPeriod(t *testing.T, cfg Config) (kept string, period int64) {
	t.Helper()
	kept = filepath.Join(t.TempDir(), KeyFileName)
	if err := os.Rename(cfg.KeyFile, kept); err != nil {
		t.Fatal(err)
	}
	period, err := NewKeys(context.Background(), cfg)
	if err != nil {
		t.Fatalf("NewKeys: %v", err)
	}
	return kept, period
}

func logEntries(t *testing.T, cfg Config, ids ...string) {
	t.Helper()
	l := mustOpen(t, cfg)
	for _, id := range ids {
		if err := l.Log(keyPeriodEntry(id)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

// valueIDs searches the IBAN and returns the request ids found.
func valueIDs(t *testing.T, cfg Config) ([]string, error) {
	t.Helper()
	r, err := OpenReader(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	recs, err := r.Query(context.Background(), Filter{Value: "de89370400440532013000"})
	return ids(recs), err
}

// otherKeyFile writes a key file of another install and returns its path.
func otherKeyFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), KeyFileName)
	if _, err := LoadKeys(p, true); err != nil {
		t.Fatal(err)
	}
	return p
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestKeyPeriodWrongKeyFile: a key file that is not the log's (another
// install's, a test system's) stops Open and CheckKeys with what to do,
// German first, and a value search, a user-name search and reveal with it
// say so instead of an empty answer; the right file works for all.
// Before, run wrote records under the wrong keys and a search answered
// "no matching records".
func TestKeyPeriodWrongKeyFile(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			logEntries(t, cfg, "r1", "r2")
			right := cfg
			right.defaults()
			wrong := right
			wrong.KeyFile = otherKeyFile(t)
			l, err := Open(ctx, wrong)
			if err == nil {
				l.Close()
				t.Fatal("Open with another install's key file: started")
			}
			msg := err.Error()
			if !errors.Is(err, ErrKeysWrong) || !strings.HasPrefix(msg, "audit: Die Schlüsseldatei "+wrong.KeyFile+" passt nicht zum Audit-Log") ||
				!strings.Contains(msg, " / audit: key file does not match the audit log") || !strings.Contains(msg, "schleuse audit new-keys") {
				t.Errorf("Open with the wrong key file: %v", err)
			}
			if err := CheckKeys(ctx, wrong); !errors.Is(err, ErrKeysWrong) {
				t.Errorf("CheckKeys with the wrong key file: %v, want ErrKeysWrong", err)
			}
			if got, err := valueIDs(t, wrong); err == nil || !errors.Is(err, ErrKeysWrong) || !strings.HasPrefix(err.Error(), "audit: Die Schlüsseldatei") {
				t.Errorf("value search with the wrong key file: %v, %v; want ErrKeysWrong, not an empty answer", got, err)
			} else if p, _ := ProblemOf(err); p != ProblemWrongKeys {
				t.Errorf("problem %v, want ProblemWrongKeys", p)
			}
			r := mustReader(t, wrong)
			if _, err := r.Query(ctx, Filter{UserName: "Erika Muster"}); !errors.Is(err, ErrKeysWrong) {
				t.Errorf("user-name search with the wrong key file: %v", err)
			}
			if _, _, err := r.Reveal("u-0123456789abcdef", []string{"Erika Muster"}); !errors.Is(err, ErrKeysWrong) {
				t.Errorf("reveal with the wrong key file: %v", err)
			}
			if recs, err := r.Query(ctx, Filter{}); err != nil || len(recs) != 2 {
				t.Errorf("query without keys involved: %d records, %v", len(recs), err)
			}
			// The right file: everything works, nothing was written by
			// the refused start.
			if err := CheckKeys(ctx, right); err != nil {
				t.Errorf("CheckKeys with the right key file: %v", err)
			}
			if got, err := valueIDs(t, right); err != nil || strings.Join(got, ",") != "r1,r2" {
				t.Errorf("value search with the right key file: %v, %v", got, err)
			}
			rr := mustReader(t, right)
			recs, err := rr.Query(ctx, Filter{UserName: "erika muster"})
			if err != nil || len(recs) != 2 {
				t.Fatalf("user-name search: %d, %v", len(recs), err)
			}
			if name, ok, err := rr.Reveal(recs[0].User, []string{"Max", "Erika Muster"}); err != nil || !ok || name != "Erika Muster" {
				t.Errorf("reveal: %q %v %v", name, ok, err)
			}
			if notes, err := rr.KeyNotes(ctx); err != nil || len(notes) != 0 {
				t.Errorf("notes with the only key: %v, %v", notes, err)
			}
			logEntries(t, right, "r3")
		})
	}
}

// TestKeyPeriodNewKeys: new-keys begins key period 2; the old records can
// no longer be matched with the new file and a search says so (KeyNotes)
// beside its answer; the old file, kept, still searches them but no longer
// starts the proxy (an earlier period's file).
func TestKeyPeriodNewKeys(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			cfg.defaults()
			logEntries(t, cfg, "old1", "old2")
			if _, err := NewKeys(ctx, cfg); !errors.Is(err, ErrKeysExist) {
				t.Fatalf("NewKeys over a key file: %v, want ErrKeysExist", err)
			}
			kept, p := newPeriod(t, cfg)
			if p != 2 {
				t.Fatalf("NewKeys: period %d, want 2", p)
			}
			logEntries(t, cfg, "new1")
			got, err := valueIDs(t, cfg)
			if err != nil || strings.Join(got, ",") != "new1" {
				t.Errorf("value search with the new keys: %v, %v; want new1", got, err)
			}
			r := mustReader(t, cfg)
			notes, err := r.KeyNotes(ctx)
			if err != nil || len(notes) != 1 || notes[0].Period != 1 || notes[0].Records != 2 || !strings.Contains(notes[0].DE, "2 Einträge des Schlüsselzeitraums 1") {
				t.Errorf("notes with the new keys: %+v, %v; want period 1's 2 records", notes, err)
			}
			ps, before, err := r.KeyPeriods(ctx)
			if err != nil || before != 0 || len(ps) != 2 || ps[0].Records != 2 || ps[1].Records != 1 || !ps[1].Current || !ps[1].KeyFile || ps[0].KeyFile {
				t.Errorf("periods: %+v, before %d, %v", ps, before, err)
			}
			// The earlier file, kept: it searches its own period's records,
			// and says which it cannot; run refuses it.
			old := cfg
			old.KeyFile = kept
			got, err = valueIDs(t, old)
			if err != nil || strings.Join(got, ",") != "old1,old2" {
				t.Errorf("value search with the kept file: %v, %v; want old1,old2", got, err)
			}
			if notes, err := mustReader(t, old).KeyNotes(ctx); err != nil || len(notes) != 1 || notes[0].Period != 2 {
				t.Errorf("notes with the kept file: %+v, %v", notes, err)
			}
			l, err := Open(ctx, old)
			if err == nil {
				l.Close()
				t.Fatal("Open with an earlier period's key file: started")
			}
			if !errors.Is(err, ErrKeysWrong) || !strings.Contains(err.Error(), "des früheren Schlüsselzeitraums 1") {
				t.Errorf("Open with an earlier period's key file: %v", err)
			}
			if res, err := r.Verify(ctx); err != nil || !res.OK() {
				t.Errorf("verify: %+v %v", res, err)
			}
		})
	}
}

// TestKeyPeriodLostKeysOldLog: new-keys on a log whose key file is lost
// and which kept no key period (written before the table): its records
// count as written with keys no period names.
func TestKeyPeriodLostKeysOldLog(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Dir: t.TempDir(), Node: "n"}
	cfg.defaults()
	logEntries(t, cfg, "a", "b", "c")
	st := rawDB(t, cfg)
	if _, err := st.db.Exec(`DROP TABLE audit_keys`); err != nil {
		t.Fatal(err)
	}
	st.close()
	os.Remove(cfg.KeyFile)
	if p, err := NewKeys(ctx, cfg); err != nil || p != 1 {
		t.Fatalf("NewKeys: %d, %v", p, err)
	}
	r := mustReader(t, cfg)
	ps, before, err := r.KeyPeriods(ctx)
	if err != nil || before != 3 || len(ps) != 1 || ps[0].Starts["n"] != 4 {
		t.Errorf("periods %+v, before %d, %v; want 3 records before period 1, which starts at 4", ps, before, err)
	}
	if notes, err := r.KeyNotes(ctx); err != nil || len(notes) != 1 || notes[0].Period != 0 || notes[0].Records != 3 {
		t.Errorf("notes: %+v, %v", notes, err)
	}
}

// TestKeyPeriodOldLogRegistered: a log written before key periods were kept
// (no table audit_keys) is not refused: the first start registers the key
// file present as its key and says so once (KeysNote); from then on
// another file is refused.
func TestKeyPeriodOldLogRegistered(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			cfg.defaults()
			logEntries(t, cfg, "r1")
			st := rawDB(t, cfg)
			if _, err := st.db.Exec(`DROP TABLE audit_keys`); err != nil {
				t.Fatal(err)
			}
			st.close()
			// A reader of such a log checks nothing (and fails nothing).
			if got, err := valueIDs(t, cfg); err != nil || len(got) != 1 {
				t.Errorf("value search in an old log: %v, %v", got, err)
			}
			if ps, before, err := mustReader(t, cfg).KeyPeriods(ctx); err != nil || len(ps) != 0 || before != 0 {
				t.Errorf("periods of an old log: %+v, before %d, %v; want none and nothing before them", ps, before, err)
			}
			if err := CheckKeys(ctx, cfg); err != nil {
				t.Errorf("CheckKeys on an old log: %v", err)
			}
			l := mustOpen(t, cfg)
			note := l.KeysNote()
			l.Close()
			if !strings.HasPrefix(note, "audit: Das Audit-Log hat schon Einträge (bis node-a:1), aber noch keine Schlüsselzeiträume: es stammt aus einer Fassung vor ihnen.") ||
				!strings.Contains(note, "was registered as its key (key period 1") {
				t.Errorf("KeysNote: %q", note)
			}
			if ps, _, err := mustReader(t, cfg).KeyPeriods(ctx); err != nil || len(ps) != 1 || ps[0].Older != 1 || ps[0].OlderUpTo["node-a"] != 1 {
				t.Errorf("periods after the registration: %+v, %v; want period 1 with 1 older record", ps, err)
			}
			l = mustOpen(t, cfg)
			if n := l.KeysNote(); n != "" {
				t.Errorf("second start's note: %q, want none", n)
			}
			l.Close()
			wrong := cfg
			wrong.KeyFile = otherKeyFile(t)
			if l, err := Open(ctx, wrong); !errors.Is(err, ErrKeysWrong) {
				if l != nil {
					l.Close()
				}
				t.Errorf("another key file after the registration: %v", err)
			}
		})
	}
}

// TestKeyPeriodTampered: an audit_keys row altered (its starts moved to
// hide records from value searches, its key id replaced, a column that is
// no number) stops Open and CheckKeys and fails the searches with a clear
// error, German first; nothing is changed or deleted.
func TestKeyPeriodTampered(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ name, stmt string }{
		{"starts moved", `UPDATE audit_keys SET starts = '` + sep + `node-a=2` + sep + `'`},
		{"key id replaced", `UPDATE audit_keys SET key_id = '0123456789abcdef0123456789abcdef'`},
		{"no key id", `UPDATE audit_keys SET key_id = 'x'`},
		{"created not a number", `UPDATE audit_keys SET created_at = 'gestern'`},
		{"period renumbered", `UPDATE audit_keys SET period = 7`},
		{"tag altered", `UPDATE audit_keys SET tag = '0123456789abcdef0123456789abcdef'`},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := Config{Dir: t.TempDir(), Node: "node-a"}
			cfg.defaults()
			logEntries(t, cfg, "r1", "r2")
			st := rawDB(t, cfg)
			if _, err := st.db.Exec(c.stmt); err != nil {
				t.Fatal(err)
			}
			st.close()
			l, err := Open(ctx, cfg)
			if err == nil {
				l.Close()
				t.Fatal("Open with an altered audit_keys: started")
			}
			wantErr := ErrKeyPeriods
			if c.name == "key id replaced" {
				wantErr = ErrKeysWrong // the file is no period's any more
			}
			if !errors.Is(err, wantErr) || !strings.HasPrefix(err.Error(), "audit: Die ") {
				t.Errorf("Open: %v, want %v German first", err, wantErr)
			}
			if err := CheckKeys(ctx, cfg); !errors.Is(err, wantErr) {
				t.Errorf("CheckKeys: %v", err)
			}
			if _, err := valueIDs(t, cfg); !errors.Is(err, wantErr) {
				t.Errorf("value search: %v", err)
			}
			r := mustReader(t, cfg)
			if recs, err := r.Query(ctx, Filter{}); err != nil || len(recs) != 2 {
				t.Errorf("records: %d, %v; want both, nothing lost", len(recs), err)
			}
			var n int
			if err := r.st.db.QueryRow(`SELECT count(*) FROM audit_keys`).Scan(&n); err != nil || n != 1 {
				t.Errorf("audit_keys rows: %d, %v; want the one row kept", n, err)
			}
		})
	}
}

// TestKeyID: the key id depends on both keys, and holds neither.
func TestKeyID(t *testing.T) {
	k := &Keys{Fingerprint: []byte("0123456789abcdef0123456789abcdef"), User: []byte("fedcba9876543210fedcba9876543210")}
	id := KeyID(k)
	if !isHex(id, 32) {
		t.Fatalf("KeyID %q: want 32 hex digits", id)
	}
	if KeyID(&Keys{Fingerprint: k.Fingerprint, User: []byte("other-user-key-0123456789abcdef")}) == id ||
		KeyID(&Keys{Fingerprint: []byte("other-fingerprint-key-0123456789"), User: k.User}) == id {
		t.Error("KeyID does not change with each key")
	}
	for _, key := range [][]byte{k.Fingerprint, k.User} {
		if strings.Contains(id, string(key)) || strings.Contains(id, hexString(key)) {
			t.Error("KeyID holds a key")
		}
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// FuzzKeyStarts: the starts column of audit_keys, as altered by anyone with
// write access, is read without a panic; what it accepts encodes back to
// the same text (one encoding per set of starts), with every seq at least 1.
func FuzzKeyStarts(f *testing.F) {
	for _, s := range []string{"", sep + "node-a=4" + sep, sep + "a=1" + sep + "b=2" + sep, sep + "x=0" + sep, sep + "=3" + sep,
		sep + "a=1" + sep + "a=2" + sep, "a=1", sep + "a=b=7" + sep, sep + "a=-1" + sep, sep + sep} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := decodeStarts(s)
		if err != nil {
			return
		}
		for n, seq := range m {
			if seq < 1 || n == "" {
				t.Fatalf("decodeStarts(%q) accepted %q=%d", s, n, seq)
			}
		}
		m2, err := decodeStarts(encodeStarts(m))
		if err != nil || len(m2) != len(m) {
			t.Fatalf("round trip of %q: %v, %v", s, m2, err)
		}
		for n, seq := range m {
			if m2[n] != seq {
				t.Fatalf("round trip of %q: %v", s, m2)
			}
		}
	})
}

// TestKeyPeriodWebWrongKeyFile: the web view's value search with a key
// file that is not the log's says so, German first, instead of "0
// Einträge".
func TestKeyPeriodWebWrongKeyFile(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	cfg.defaults()
	logEntries(t, cfg, "r1")
	wrong := cfg
	wrong.KeyFile = otherKeyFile(t)
	h := http.StripPrefix("/audit", Handler(mustReader(t, wrong)))
	form := url.Values{"value": {"DE89 3704 0044 0532 0130 00"}}
	req := httptest.NewRequest("POST", "/audit/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := html.UnescapeString(rec.Body.String())
	if !strings.Contains(body, "Abfrage fehlgeschlagen (query failed): audit: Die Schlüsseldatei "+wrong.KeyFile+" passt zu keinem Schlüsselzeitraum") {
		t.Errorf("web value search with the wrong key file: %d\n%s", rec.Code, body)
	}
}

// TestKeyPeriodRegisteredNoRecords: a log that holds no record yet but has
// its key period registered (a shared log whose first node has written
// nothing so far) is not given new keys by a node without the key file:
// ErrKeysMissing, and no file is made that would then be refused as the
// wrong one.
func TestKeyPeriodRegisteredNoRecords(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			cfg.defaults()
			logEntries(t, cfg)
			os.Remove(cfg.KeyFile)
			if l, err := Open(context.Background(), cfg); !errors.Is(err, ErrKeysMissing) {
				if l != nil {
					l.Close()
				}
				t.Fatalf("Open without the key file of a registered log: %v, want ErrKeysMissing", err)
			}
			if err := CheckKeys(context.Background(), cfg); !errors.Is(err, ErrKeysMissing) {
				t.Errorf("CheckKeys: %v", err)
			}
			if _, err := os.Stat(cfg.KeyFile); err == nil {
				t.Error("a key file was made")
			}
		})
	}
}

// TestKeyPeriodAddKeyFile: the kept file of an earlier key period, added
// with AddKeyFile (audit query --key-file), is searched beside the one in
// state_dir: a value search and reveal then match the records of both
// periods, and KeyNotes names none; another install's file is refused.
func TestKeyPeriodAddKeyFile(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			cfg.defaults()
			logEntries(t, cfg, "old1")
			kept, _ := newPeriod(t, cfg)
			logEntries(t, cfg, "new1")
			r := mustReader(t, cfg)
			if err := r.AddKeyFile(otherKeyFile(t)); !errors.Is(err, ErrKeysWrong) {
				t.Errorf("AddKeyFile of another install's file: %v", err)
			}
			if err := r.AddKeyFile(kept); err != nil {
				t.Fatal(err)
			}
			if err := r.AddKeyFile(cfg.KeyFile); err != nil {
				t.Errorf("AddKeyFile of the file in use: %v", err)
			}
			recs, err := r.Query(ctx, Filter{Value: "DE89370400440532013000"})
			if err != nil || strings.Join(ids(recs), ",") != "old1,new1" {
				t.Errorf("value search with both files: %v, %v", ids(recs), err)
			}
			byName, err := r.Query(ctx, Filter{UserName: "Erika Muster"})
			if err != nil || len(byName) != 2 || byName[0].User == byName[1].User {
				t.Fatalf("user-name search with both files: %+v, %v; want two pseudonyms", byName, err)
			}
			for _, rec := range byName {
				if name, ok, err := r.Reveal(rec.User, []string{"Erika Muster"}); err != nil || !ok || name != "Erika Muster" {
					t.Errorf("reveal of %s: %q %v %v", rec.RequestID, name, ok, err)
				}
			}
			if notes, err := r.KeyNotes(ctx); err != nil || len(notes) != 0 {
				t.Errorf("notes with both files: %+v, %v", notes, err)
			}
			// The state_dir file wrong, the kept one given: it searches its
			// period, and the note names the other.
			wrong := cfg
			wrong.KeyFile = otherKeyFile(t)
			rw := mustReader(t, wrong)
			if err := rw.AddKeyFile(kept); err != nil {
				t.Fatal(err)
			}
			recs, err = rw.Query(ctx, Filter{Value: "DE89370400440532013000"})
			if err != nil || strings.Join(ids(recs), ",") != "old1" {
				t.Errorf("value search with the kept file only: %v, %v", ids(recs), err)
			}
			if notes, err := rw.KeyNotes(ctx); err != nil || len(notes) != 1 || notes[0].Period != 2 {
				t.Errorf("notes with the kept file only: %+v, %v", notes, err)
			}
		})
	}
}

// TestKeyPeriodStaleNode: a node still running while new-keys begins a
// new key period (one the check of running nodes does not know: it has
// stored no record yet; on SQLite a second state directory on the same
// audit.db) notices it at its next batch: it writes nothing more under the
// old keys, Log refuses (ErrUnavailable, ErrKeysStale: the proxy blocks)
// and Stats says why, German first, naming the records made with the old
// keys. Restarted with the old file it is refused; with the new one it
// writes them. Before 262f3bbf, it went on writing records with the old
// keys into the new period, which value searches and reveal then missed.
// The records it made with the old keys are recorded as period 1's
// (audit_keys_late): KeyPeriods counts them there, KeyNotes names them to
// a search with the new file, and the kept old file finds them. Before,
// they counted as period 2's, no note named them, and nothing lasting
// said which file they were made with.
func TestKeyPeriodStaleNode(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			cfg.defaults()
			running := cfg
			running.FlushInterval = time.Hour // nothing stored before Flush
			l := mustOpen(t, running)
			defer l.Close()
			if st := l.st.(*sqlStore); st.postgres {
				// A node new-keys cannot see (it started while new-keys
				// ran, after its check): its lock is let go here.
				if _, err := st.nodeLock.ExecContext(ctx, `SELECT pg_advisory_unlock_all()`); err != nil {
					t.Fatal(err)
				}
			}
			// Logged before the writer's next batch: made with the old keys.
			if err := l.Log(keyPeriodEntry("a1")); err != nil {
				t.Fatal(err)
			}
			other := cfg
			other.Dir, other.Node, other.KeyFile = t.TempDir(), "node-b", ""
			if cfg.Store == "sqlite" {
				if err := os.Symlink(filepath.Join(cfg.Dir, "audit.db"), filepath.Join(other.Dir, "audit.db")); err != nil {
					t.Fatal(err)
				}
			}
			other.defaults()
			if p, err := NewKeys(ctx, other); err != nil || p != 2 {
				t.Fatalf("NewKeys from the other node: %d, %v", p, err)
			}
			l.Flush(ctx)
			err := l.Log(keyPeriodEntry("a2"))
			if !errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrKeysStale) {
				t.Errorf("Log after the new period: %v, want ErrUnavailable and ErrKeysStale", err)
			}
			st := l.Stats()
			if !strings.HasPrefix(st.KeysStale, "audit: Für das Audit-Log wurde ein neuer Schlüsselzeitraum 2 begonnen") ||
				!strings.Contains(st.KeysStale, "Die Einträge 1..1 dieses Knotens sind noch mit den alten Schlüsseln gemacht") ||
				!strings.Contains(st.KeysStale, "Sie sind als Einträge des Schlüsselzeitraums 1 vermerkt (Tabelle audit_keys_late)") ||
				!strings.Contains(st.KeysStale, "recorded as key period 1's") ||
				!strings.Contains(st.KeysStale, "key period 2 began") || st.Degraded {
				t.Errorf("Stats: KeysStale %q, Degraded %v", st.KeysStale, st.Degraded)
			}
			raw := rawDB(t, cfg)
			var n int
			if err := raw.db.QueryRow(`SELECT count(*) FROM audit_records WHERE node = 'node-a'`).Scan(&n); err != nil || n != 0 {
				t.Errorf("records of node-a in the store: %d, %v; want none (a1 kept out)", n, err)
			}
			if err := l.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			if l2, err := Open(ctx, cfg); !errors.Is(err, ErrKeysWrong) {
				if l2 != nil {
					l2.Close()
				}
				t.Fatalf("restart with the old key file: %v, want ErrKeysWrong", err)
			}
			if _, err := os.Stat(filepath.Join(cfg.Dir, LateFileName)); err == nil {
				t.Errorf("%s left though the store took the row", LateFileName)
			}
			old := filepath.Join(t.TempDir(), "period-1.json")
			copyFile(t, cfg.KeyFile, old)
			os.Remove(cfg.KeyFile)
			copyFile(t, other.KeyFile, cfg.KeyFile)
			logEntries(t, cfg, "a3")
			r := mustReader(t, cfg)
			ps, before, err := r.KeyPeriods(ctx)
			if err != nil || before != 0 || len(ps) != 2 || ps[0].Records != 1 || ps[1].Records != 1 ||
				len(ps[0].Late) != 1 || ps[0].Late[0].Node != "node-a" || ps[0].Late[0].First != 1 || ps[0].Late[0].Last != 1 || ps[0].Late[0].Records != 1 {
				t.Errorf("key periods: %+v, %d, %v; want a1 in period 1 (made late, 1..1), a3 in period 2", ps, before, err)
			}
			notes, err := r.KeyNotes(ctx)
			if err != nil || len(notes) != 1 || notes[0].Period != 1 || notes[0].Records != 1 {
				t.Errorf("KeyNotes with the new file: %+v, %v; want period 1's record named", notes, err)
			}
			if err := r.AddKeyFile(old); err != nil {
				t.Fatalf("AddKeyFile of period 1: %v", err)
			}
			if recs, err := r.Query(ctx, Filter{Value: "de89370400440532013000"}); err != nil || strings.Join(ids(recs), ",") != "a1,a3" {
				t.Errorf("value search with both files: %v, %v; want a1,a3", ids(recs), err)
			}
			if notes, err := r.KeyNotes(ctx); err != nil || len(notes) != 0 {
				t.Errorf("KeyNotes with both files: %+v, %v; want none", notes, err)
			}
			if err := raw.db.QueryRow(`SELECT count(*) FROM audit_records WHERE node = 'node-a'`).Scan(&n); err != nil || n != 2 {
				t.Errorf("records of node-a after the restart: %d, %v; want 2", n, err)
			}
			if res, err := mustReader(t, cfg).Verify(ctx); err != nil || !res.OK() {
				t.Errorf("verify: %+v %v", res, err)
			}
			if got, err := valueIDs(t, cfg); err != nil || strings.Join(got, ",") != "a3" {
				t.Errorf("value search with the new keys: %v, %v; want a3", got, err)
			}
		})
	}
}

// TestKeyPeriodNewKeysNodeRunning: new-keys on a shared PostgreSQL log
// refuses while a node still runs (it holds its node lock), whether it has
// written to the log or not (node-c, named by its lock connection),
// German first, and leaves no key file; once all are stopped, new-keys
// begins the period. Before ec4ae195 the period began, and the node wrote
// what it made until its next batch with the old keys into it; before
// this, so did a node that had written nothing yet (only nodes with
// records were tried).
func TestKeyPeriodNewKeysNodeRunning(t *testing.T) {
	pg := os.Getenv("SCHLEUSE_TEST_POSTGRES")
	if pg == "" {
		t.Skip("SCHLEUSE_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond, Store: pgSchema(t, pg)}
	cfg.defaults()
	l := mustOpen(t, cfg)
	if err := l.Log(keyPeriodEntry("a1")); err != nil {
		t.Fatal(err)
	}
	if err := l.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// node-c runs too, but has written nothing yet: the log knows it by
	// its lock alone.
	idle := cfg
	idle.Dir, idle.Node, idle.FlushInterval = t.TempDir(), "node-c", time.Hour
	lc := mustOpen(t, idle)
	defer lc.Close()
	other := cfg
	other.Dir, other.Node, other.KeyFile = t.TempDir(), "node-b", ""
	other.defaults()
	_, err := NewKeys(ctx, other)
	if !errors.Is(err, ErrNodesRunning) || !strings.HasPrefix(err.Error(), "audit: Noch laufende Knoten an diesem Audit-Log: node-a, node-c (noch ohne Eintrag). Erst alle Knoten anhalten") ||
		!strings.Contains(err.Error(), "nodes node-a, node-c (nothing written yet) still write to this audit log") {
		t.Errorf("NewKeys while node-a and node-c run: %v", err)
	}
	if _, err := os.Stat(other.KeyFile); err == nil {
		t.Error("a key file was left")
	}
	if err := l.Log(keyPeriodEntry("a2")); err != nil {
		t.Errorf("node-a after the refused new-keys: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = NewKeys(ctx, other)
	if !errors.Is(err, ErrNodesRunning) || !strings.HasPrefix(err.Error(), "audit: Noch laufende Knoten an diesem Audit-Log: node-c (noch ohne Eintrag). Erst") {
		t.Errorf("NewKeys while node-c runs, nothing written: %v", err)
	}
	if err := lc.Close(); err != nil {
		t.Fatal(err)
	}
	if p, err := NewKeys(ctx, other); err != nil || p != 2 {
		t.Fatalf("NewKeys with node-a stopped: %d, %v", p, err)
	}
}

// TestKeyPeriodNewKeysLockLost: new-keys refuses a node whose lock went
// with its database connection a moment before (a database restart, a
// failover), before the node took it again: it looks for running nodes
// twice, NewKeysPause apart. Before, it looked once, found no lock, began
// the period while node-a ran on, and node-a blocked every request from
// its next batch until it was restarted with the new key file.
func TestKeyPeriodNewKeysLockLost(t *testing.T) {
	pg := postgresBackend(t, "new-keys while a node's lock is lost")
	ctx := context.Background()
	defer func(d time.Duration) { nodeLockEvery = d }(nodeLockEvery)
	nodeLockEvery = 2 * time.Second
	cfg := pg.cfg(t)
	cfg.defaults()
	l := mustOpen(t, cfg)
	defer l.Close()
	if err := l.Log(keyPeriodEntry("a1")); err != nil {
		t.Fatal(err)
	}
	if err := l.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, cfg)
	var pid int
	raw.db.QueryRowContext(ctx, `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
		AND classid = hashtext('schleuse-audit:' || current_schema())::oid AND objid = hashtext('node-a')::oid`).Scan(&pid)
	if pid == 0 {
		t.Fatal("node-a holds no lock")
	}
	if _, err := raw.db.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	other := cfg
	other.Dir, other.Node, other.KeyFile = t.TempDir(), "node-b", ""
	other.defaults()
	// node-a takes its lock again within 2 s, mostly after new-keys' first
	// look (rarely before it, when its writer was about to check): either
	// way it must be refused.
	_, err := NewKeys(ctx, other)
	if !errors.Is(err, ErrNodesRunning) || !strings.HasPrefix(err.Error(), "audit: Noch laufende Knoten an diesem Audit-Log: node-a. Erst alle Knoten anhalten") {
		t.Errorf("NewKeys just after node-a's lock went with its connection: %v, want node-a named", err)
	}
	if _, err := os.Stat(other.KeyFile); err == nil {
		t.Error("a key file was left")
	}
	if err := l.Log(keyPeriodEntry("a2")); err != nil {
		t.Fatal(err)
	}
	if err := l.Flush(ctx); err != nil {
		t.Errorf("node-a after the refused new-keys: %v", err)
	}
	if ps, _, err := mustReader(t, cfg).KeyPeriods(ctx); err != nil || len(ps) != 1 {
		t.Errorf("key periods after the refused new-keys: %+v, %v; want period 1 alone", ps, err)
	}
	if NewKeysPause("sqlite") != 0 {
		t.Error("NewKeys waits on SQLite, which the state_dir lock guards")
	}
}

// TestKeyPeriodEmptiedTable: a table audit_keys emptied beside records is
// registered again at the next start, but not silently: the operator log's
// note says that the table was empty though the log holds records (up to
// which), German first, and KeyPeriods counts the records older than the
// period (verify and the status page name them); a new log has none.
// Before, the note said the log was written before key periods, and
// verify showed the period as if it had always been.
func TestKeyPeriodEmptiedTable(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			cfg.defaults()
			logEntries(t, cfg, "r1", "r2")
			if ps, _, err := mustReader(t, cfg).KeyPeriods(ctx); err != nil || len(ps) != 1 || ps[0].Older != 0 || ps[0].OlderUpTo != nil {
				t.Errorf("periods of a new log: %+v, %v; want none older", ps, err)
			}
			execAll(t, rawDB(t, cfg), `DELETE FROM audit_keys`)
			l := mustOpen(t, cfg)
			note := l.KeysNote()
			if err := l.Log(keyPeriodEntry("r3")); err != nil {
				t.Fatal(err)
			}
			l.Close()
			if !strings.HasPrefix(note, "audit: Die Tabelle audit_keys (Schlüsselzeiträume) war leer, obwohl das Audit-Log schon Einträge hat (bis node-a:2)") ||
				!strings.Contains(note, "table audit_keys (key periods) was empty though the audit log holds records (up to node-a:2)") {
				t.Errorf("KeysNote: %q", note)
			}
			ps, _, err := mustReader(t, cfg).KeyPeriods(ctx)
			if err != nil || len(ps) != 1 || ps[0].Records != 3 || ps[0].Older != 2 || ps[0].OlderUpTo["node-a"] != 2 {
				t.Errorf("periods after the table was emptied: %+v, %v; want 3 records, 2 older up to node-a:2", ps, err)
			}
		})
	}
}

// TestKeyPeriodLateBadInput: what records a node made late is recorded
// so that bad input loses nothing. A pending file in state_dir (kept when
// the store failed just then) that is damaged stops Open with its name,
// German first, and stays; a good one is written to audit_keys_late and
// removed. A late row altered (its range moved) fails the search with its
// period's file (ErrKeyPeriods, the tag); one that names no earlier
// period stops Open and KeyPeriods. Nothing is deleted.
func TestKeyPeriodLateBadInput(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			cfg.defaults()
			logEntries(t, cfg, "r1")
			kept, _ := newPeriod(t, cfg)
			oldKeys, err := LoadKeys(kept, false)
			if err != nil {
				t.Fatal(err)
			}
			ps, _, err := mustReader(t, cfg).KeyPeriods(ctx)
			if err != nil || len(ps) != 2 {
				t.Fatalf("periods: %+v, %v", ps, err)
			}
			row, ok := lateRecords(oldKeys, 1, ps[1], "node-a", 2)
			if !ok || row.First != 2 || row.Last != 2 {
				t.Fatalf("lateRecords: %+v, %v; want 2..2", row, ok)
			}
			pending := filepath.Join(cfg.Dir, LateFileName)
			if err := os.WriteFile(pending, []byte(`[{"node":"node-a","first_seq":2,`), 0o600); err != nil {
				t.Fatal(err)
			}
			if l, err := Open(ctx, cfg); err == nil {
				l.Close()
				t.Error("Open with a damaged pending file started")
			} else if !strings.HasPrefix(err.Error(), "audit: Die Datei "+pending+" (Einträge, die dieser Knoten nach einem neuen Schlüsselzeitraum noch mit den alten Schlüsseln gemacht hat) ist beschädigt") {
				t.Errorf("Open with a damaged pending file: %v", err)
			}
			if _, err := os.Stat(pending); err != nil {
				t.Errorf("damaged pending file removed: %v", err)
			}
			os.Remove(pending)
			if err := keepLate(cfg.Dir, row); err != nil {
				t.Fatal(err)
			}
			logEntries(t, cfg, "r2") // Open writes the row, then r2 is seq 2
			if _, err := os.Stat(pending); err == nil {
				t.Error("pending file left after Open wrote it")
			}
			r := mustReader(t, cfg)
			if err := r.AddKeyFile(kept); err != nil {
				t.Fatalf("AddKeyFile of period 1: %v", err)
			}
			ps, _, err = r.KeyPeriods(ctx)
			if err != nil || ps[0].Records != 2 || ps[1].Records != 0 || len(ps[0].Late) != 1 || ps[0].Late[0].Records != 1 {
				t.Errorf("periods with the late row: %+v, %v; want 2 records in period 1 (one late), none in 2", ps, err)
			}
			raw := rawDB(t, cfg)
			execAll(t, raw, `UPDATE audit_keys_late SET last_seq = 5`)
			if err := mustReader(t, cfg).AddKeyFile(kept); !errors.Is(err, ErrKeyPeriods) || !strings.Contains(err.Error(), "audit_keys_late") {
				t.Errorf("AddKeyFile with a late row moved: %v, want ErrKeyPeriods naming audit_keys_late", err)
			}
			execAll(t, raw, `UPDATE audit_keys_late SET last_seq = 2, period = 2`)
			if _, _, err := mustReader(t, cfg).KeyPeriods(ctx); !errors.Is(err, ErrKeyPeriods) || !strings.HasPrefix(err.Error(), "audit: Die Tabelle audit_keys_late") {
				t.Errorf("KeyPeriods with a late row of the current period: %v", err)
			}
			if l, err := Open(ctx, cfg); err == nil {
				l.Close()
				t.Error("Open with a late row of the current period started")
			} else if !errors.Is(err, ErrKeyPeriods) {
				t.Errorf("Open with a late row of the current period: %v", err)
			}
			var n int
			if err := raw.db.QueryRow(`SELECT count(*) FROM audit_keys_late`).Scan(&n); err != nil || n != 1 {
				t.Errorf("late rows: %d, %v; want the one kept", n, err)
			}
		})
	}
}

// FuzzReadLateFile: the pending file of records made late
// (LateFileName) is read back only as rows that are ranges of records
// with a tag, or refused with its name; a row it accepts survives being
// written again (keepLate) unchanged. Never a panic.
func FuzzReadLateFile(f *testing.F) {
	good := `[{"node":"node-a","first_seq":2,"last_seq":5,"period":1,"created_at":1764752400000000000,"tag":"` + strings.Repeat("0f", 16) + `"}]`
	for _, s := range []string{good, good[:40], "[]", "", "null", "{}", `[{"node":"","first_seq":1,"last_seq":1,"period":1,"created_at":1,"tag":"x"}]`,
		strings.Replace(good, `"last_seq":5`, `"last_seq":1`, 1), strings.Replace(good, `"period":1`, `"period":0`, 1)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, LateFileName), b, 0o600); err != nil {
			t.Fatal(err)
		}
		rows, err := readLateFile(dir)
		if err != nil {
			if !strings.Contains(err.Error(), LateFileName) {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Node == "" || r.First < 1 || r.Last < r.First || r.Period < 1 || r.Created <= 0 || !isHex(r.Tag, 32) {
				t.Fatalf("accepted a row that is no range: %+v", r)
			}
		}
		if len(rows) == 0 {
			return
		}
		again := t.TempDir()
		for _, r := range rows {
			if err := keepLate(again, r); err != nil {
				t.Fatal(err)
			}
		}
		back, err := readLateFile(again)
		if err != nil {
			t.Fatalf("rows written again not read: %v", err)
		}
		var want []lateRow
		for _, r := range rows {
			if !slices.Contains(want, r) {
				want = append(want, r)
			}
		}
		if !slices.Equal(back, want) {
			t.Errorf("written again: %+v, want %+v", back, want)
		}
	})
}

// TestKeyPeriodOpenWaitsForNewKeys: a node that starts while audit
// new-keys is at work on a shared PostgreSQL log (after it looked at the
// running nodes, before it committed) waits for it, and is then refused
// with the old key file as an earlier period's. Before, it read the old
// period, ran with the old keys and stopped at its first batch with
// records made late.
func TestKeyPeriodOpenWaitsForNewKeys(t *testing.T) {
	pg := postgresBackend(t, "Open waiting for new-keys")
	ctx := context.Background()
	cfg := pg.cfg(t)
	cfg.defaults()
	logEntries(t, cfg, "r1")
	// new-keys of another node, at work: its transaction holds the lock.
	raw := rawDB(t, cfg)
	tx, err := raw.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, periodLockSQL); err != nil {
		t.Fatal(err)
	}
	ps, err := raw.keyPeriodsIn(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan error, 1)
	go func() {
		l, err := Open(ctx, cfg)
		opened <- err
		if err == nil {
			l.Close()
		}
	}()
	select {
	case err := <-opened:
		t.Fatalf("Open did not wait for new-keys at work: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	newKeys, err := LoadKeys(filepath.Join(t.TempDir(), KeyFileName), true)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.addPeriodIn(ctx, tx, newKeys, ps, map[string]int64{"node-a": 2}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-opened; !errors.Is(err, ErrKeysWrong) || !strings.Contains(err.Error(), "des früheren Schlüsselzeitraums 1") {
		t.Errorf("Open after new-keys committed: %v, want the old file refused", err)
	}
}

// TestNewKeysSaysWaitOnceOpen: NewKeys calls waiting (the CLI's "Prüfe
// bis zu 10s lang …") only once the store is open and the first look
// found no node running, with the pause it then waits (PostgreSQL; never
// on SQLite, which does not wait); a store that cannot be opened is
// refused without it. Before, the CLI said it before NewKeys opened the
// store, so the line stood above every refusal.
func TestNewKeysSaysWaitOnceOpen(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			logEntries(t, cfg, "r1")
			kf := filepath.Join(cfg.Dir, KeyFileName)
			if err := os.Rename(kf, kf+".aside"); err != nil {
				t.Fatal(err)
			}
			var said []time.Duration
			if _, err := NewKeys(context.Background(), cfg, func(d time.Duration) { said = append(said, d) }); err != nil {
				t.Fatal(err)
			}
			if want := NewKeysPause(cfg.Store); want == 0 && len(said) != 0 || want > 0 && (len(said) != 1 || said[0] != want) {
				t.Errorf("waiting called with %v, want the pause %v once (none when it is 0)", said, want)
			}
		})
	}
	cfg := Config{Dir: t.TempDir(), Node: "node-a", Store: "postgres://schleuse:schleuse@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"}
	called := false
	if _, err := NewKeys(context.Background(), cfg, func(time.Duration) { called = true }); err == nil || called {
		t.Errorf("NewKeys on a store nobody listens for: %v, waiting called %v; want an error, no call", err, called)
	}
}
