package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"html"
	"io"
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

// damagedLog writes n records of node-a to a SQLite log in a new state
// directory and overwrites one leaf page of audit_records with garbage:
// the leaf at position pick(number of leaves) in page order. It returns
// the directory, every record's hash by seq as written, and the seqs of
// the records that page held (sorted).
func damagedLog(t *testing.T, n int, pick func(leaves int) int) (string, map[int64]string, []int64) {
	return damagedPage(t, n, "audit_records", pick)
}

// damagedPage is damagedLog for a leaf of table or index name; the seqs
// are returned for a leaf of audit_records only.
func damagedPage(t *testing.T, n int, name string, pick func(leaves int) int) (string, map[int64]string, []int64) {
	t.Helper()
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	l := mustOpen(t, cfg)
	logN(t, l, 0, n, t0)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(cfg.Dir, "audit.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	hashes, bySeq := map[int64]string{}, map[int64]int64{}
	rows, err := db.Query(`SELECT rowid, seq, hash FROM audit_records`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var rowid, seq int64
		var h string
		if err := rows.Scan(&rowid, &seq, &h); err != nil {
			t.Fatal(err)
		}
		hashes[seq], bySeq[rowid] = h, seq
	}
	rows.Close()
	var leaves []int64
	rows, err = db.Query(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`, name)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p int64
		rows.Scan(&p)
		leaves = append(leaves, p)
	}
	rows.Close()
	var pageSize int64
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Fatalf("a -wal of %d bytes is left: the page to damage may not be in audit.db", fi.Size())
	}
	if len(leaves) < 3 || len(hashes) != n {
		t.Fatalf("%d leaves, %d records", len(leaves), len(hashes))
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, pageSize)
	off := (leaves[pick(len(leaves))] - 1) * pageSize
	if _, err := f.ReadAt(page, off); err != nil {
		t.Fatal(err)
	}
	if page[0] != 0x0d && page[0] != 0x0a { // a table's or an index's leaf
		t.Fatalf("page type %#x", page[0])
	}
	// The rowids of its cells: the cell pointer array follows the
	// 8-byte header, each cell a varint payload size and the rowid.
	var lost []int64
	cells := int(binary.BigEndian.Uint16(page[3:5]))
	if page[0] != 0x0d {
		cells = 0
	}
	for i := range cells {
		p := int(binary.BigEndian.Uint16(page[8+2*i:]))
		_, k := readVarint(page[p:])
		rowid, _ := readVarint(page[p+k:])
		lost = append(lost, bySeq[int64(rowid)])
	}
	slices.Sort(lost)
	garbage := bytes.Repeat([]byte("schleuse-kaputt!"), int(pageSize)/16)
	garbage[0] = 0xee // no page type
	if _, err := f.WriteAt(garbage, off); err != nil {
		t.Fatal(err)
	}
	return cfg.Dir, hashes, lost
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestSalvageDamagedPage: one leaf page of audit_records overwritten with
// garbage makes the log unreadable as a whole (verify fails with
// "damaged, restore the backup"); Salvage copies every record outside that
// page into a new store, never touching the damaged file, names the
// records of the page as lost (exactly their numbers), and verify on the
// new store reports them as lost in a salvage and checks the chain on
// behind the gap: the surviving records verify, a record altered behind
// the gap is still found. Before, nothing could be salvaged.
func TestSalvageDamagedPage(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		pick func(int) int
	}{
		{"middle", func(n int) int { return n / 2 }},
		{"last", func(n int) int { return n - 1 }},
		{"first", func(int) int { return 0 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			const n = 2500
			dir, hashes, lost := damagedLog(t, n, c.pick)
			if len(lost) == 0 || lost[len(lost)-1]-lost[0] != int64(len(lost)-1) {
				t.Fatalf("the page held %v", lost)
			}
			src := filepath.Join(dir, "audit.db")
			before := fileSum(t, src)

			r := mustReader(t, Config{Dir: dir})
			_, err := r.Verify(ctx)
			if p, _ := ProblemOf(err); p != ProblemDamaged || !strings.Contains(err.Error(), "restore audit.db from a backup") {
				t.Fatalf("verify of the damaged log: %v", err)
			}
			r.Close()

			out := filepath.Join(t.TempDir(), "salvaged.db")
			res, err := Salvage(ctx, dir, out)
			if err != nil {
				t.Fatal(err)
			}
			if fileSum(t, src) != before {
				t.Fatal("salvage changed the damaged file")
			}
			want := []LostRange{{Node: "node-a", First: lost[0], Last: lost[len(lost)-1]}}
			if !slices.Equal(res.Lost, want) || res.Copied["audit_records"] != int64(n-len(lost)) || res.Unreadable["audit_records"] != 1 ||
				res.Copied["audit_checkpoints"] != 2 || !res.KeysKnown {
				t.Fatalf("salvage: lost %v (want %v), copied %v, unreadable %v, index read %v", res.Lost, want, res.Copied, res.Unreadable, res.KeysKnown)
			}
			checkLost := func(v VerifyResult) {
				t.Helper()
				if len(v.Nodes) != 1 || v.Nodes[0].Broken != nil || len(v.Nodes[0].Lost) != 1 || v.Nodes[0].Lost[0].First != lost[0] ||
					v.Nodes[0].Lost[0].Last != lost[len(lost)-1] || v.Nodes[0].Records != int64(n-len(lost)) || !v.OnlyLost() || v.OK() {
					t.Fatalf("verify of the salvaged store: %+v", v)
				}
			}
			checkLost(res.Verify)

			// The salvaged file put in place of the damaged one.
			newDir := t.TempDir()
			if err := os.Rename(out, filepath.Join(newDir, "audit.db")); err != nil {
				t.Fatal(err)
			}
			r = mustReader(t, Config{Dir: newDir})
			v, err := r.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			checkLost(v)
			// The web view's check says so too, not "chain broken".
			srv := httptest.NewServer(http.StripPrefix("/audit", Handler(r)))
			resp, err := http.PostForm(srv.URL+"/audit/verify", url.Values{"expect": {""}})
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			srv.Close()
			if body := html.UnescapeString(string(page)); !strings.Contains(body, fmt.Sprintf("Einträge (records) %d..%d bei der Bergung verloren", lost[0], lost[len(lost)-1])) ||
				!strings.Contains(body, "Einträge fehlen: bei der Bergung einer beschädigten audit.db nicht lesbar") || strings.Contains(body, "Hash-Kette gebrochen") {
				t.Fatalf("web view's verify of the salvaged store:\n%s", body)
			}
			rows, err := r.st.db.Query(`SELECT seq, hash FROM audit_records`)
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for rows.Next() {
				var seq int64
				var h string
				rows.Scan(&seq, &h)
				if hashes[seq] != h || slices.Contains(lost, seq) {
					t.Fatalf("record %d: %s, written %s", seq, h, hashes[seq])
				}
				got++
			}
			rows.Close()
			if got != n-len(lost) {
				t.Fatalf("%d records in the new store", got)
			}

			// The proxy starts on it with the log's key file and chains on.
			if err := copyPrivate(filepath.Join(dir, KeyFileName), filepath.Join(newDir, KeyFileName)); err != nil {
				t.Fatal(err)
			}
			l := mustOpen(t, Config{Dir: newDir, Node: "node-a", FlushInterval: 20 * time.Millisecond})
			logN(t, l, n, 1, t0)
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			if v, err = r.Verify(ctx); err != nil || !v.OnlyLost() || v.Nodes[0].Records != int64(n+1-len(lost)) || v.Nodes[0].LastSeq != n+1 {
				t.Fatalf("after a start on the salvaged store: %+v, %v", v, err)
			}
			// Query's check and stats walk on behind the gap as verify
			// does, confirm every record and name the gap as lost in the
			// salvage (before: a break, every record of its stretch
			// unconfirmed).
			recs, err := r.Query(ctx, Filter{Limit: -1})
			if err != nil {
				t.Fatal(err)
			}
			doubts, gaps, err := r.Check(ctx, recs)
			wantDE := fmt.Sprintf("Einträge %d..%d fehlen: bei der Bergung einer beschädigten audit.db (audit salvage, ", lost[0], lost[len(lost)-1])
			isLost := func(gaps []LostRange) bool {
				if len(gaps) != 1 || !gaps[0].Lost() {
					return false
				}
				de, _ := gaps[0].Reason()
				return strings.HasPrefix(de, wantDE)
			}
			if err != nil || len(doubts) != 0 || !isLost(gaps) {
				t.Fatalf("query's check: %+v %+v, %v", doubts, gaps, err)
			}
			spans := Spans{}
			for _, rec := range recs {
				spans.add(rec.Node, rec.Seq)
			}
			if broken, gaps, err := r.CheckSpans(ctx, spans); err != nil || len(broken) != 0 || !isLost(gaps) {
				t.Fatalf("stats' check: %+v %+v, %v", broken, gaps, err)
			}

			// A record altered behind the gap is found: the walk goes on.
			if lost[len(lost)-1] < n-10 {
				st := rawDB(t, Config{Dir: newDir})
				execAll(t, st, "UPDATE audit_records SET action = 'block' WHERE seq = 2495")
				v, err = r.Verify(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if b := v.Nodes[0].Broken; b == nil || b.Seq != 2495 || !strings.Contains(b.ReasonDE, "Eintrag verändert") || len(v.Nodes[0].Lost) != 1 {
					t.Fatalf("record altered behind the gap: %+v", v.Nodes[0])
				}
			}
		})
	}
}

// TestSalvageGapNotNamed: a gap that no salvage named, or one wider than
// it named (records deleted beside those lost), is still a break.
func TestSalvageGapNotNamed(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	r := loggedReader(t, cfg, 30)
	st := rawDB(t, cfg)
	execAll(t, st, lostSchema, "INSERT INTO "+lostTable+" VALUES ('node-a', 10, 11, 0)", "DELETE FROM audit_records WHERE seq BETWEEN 10 AND 12")
	v, err := r.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b := v.Nodes[0].Broken; b == nil || b.Seq != 13 || !strings.Contains(b.ReasonDE, "Einträge 10..12 fehlen") || len(v.Nodes[0].Lost) != 0 {
		t.Fatalf("%+v", v.Nodes[0])
	}
	execAll(t, st, "UPDATE "+lostTable+" SET last_seq = 12")
	if v, err = r.Verify(ctx); err != nil || !v.OnlyLost() || v.Nodes[0].Records != 27 {
		t.Fatalf("%+v, %v", v, err)
	}
}

// TestSalvageDamagedIndex: a damaged leaf of the primary key's index
// alone loses no record (the table is read by rowid), and salvage says
// that records lost at a node's end could not have been named.
func TestSalvageDamagedIndex(t *testing.T) {
	ctx := context.Background()
	dir, _, _ := damagedPage(t, 2500, "sqlite_autoindex_audit_records_1", func(n int) int { return n / 2 })
	res, err := Salvage(ctx, dir, filepath.Join(t.TempDir(), "salvaged.db"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Lost) != 0 || res.Copied["audit_records"] != 2500 || res.KeysKnown || !res.Verify.OK() {
		t.Fatalf("%+v", res)
	}
}

// TestQuoteIdents: a column name a damaged or crafted audit.db's schema
// gives salvage is quoted as an identifier, so it cannot end the column
// list and add SQL of its own.
func TestQuoteIdents(t *testing.T) {
	for _, c := range []struct {
		cols []string
		want string
	}{
		{[]string{"node", "seq"}, `"node", "seq"`},
		{[]string{`x", 1 FROM audit_records; --`}, `"x"", 1 FROM audit_records; --"`},
		{[]string{`a""b`}, `"a""""b"`},
	} {
		if got := quoteIdents(c.cols); got != c.want {
			t.Errorf("quoteIdents(%q) = %s, want %s", c.cols, got, c.want)
		}
	}
}

// TestCheckSalvageGap: query's check, stats' and the web view's classify a
// gap a salvage named lost as verify does (SQLite and PostgreSQL; the
// table audit_salvage_lost written by hand, as Salvage writes it): no
// break, the records before and behind it confirmed, the gap returned as
// lost, also one that holds a checkpoint (a stretch's bound), one at the
// node's start and one at its end. A gap wider than named, or a record
// altered behind a gap, is still a break, as in verify. Before, each such
// gap broke its stretch, every record shown or counted in it unconfirmed.
func TestCheckSalvageGap(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			r := loggedReader(t, cfg, 2500)
			st := rawDB(t, cfg)
			t.Cleanup(func() { st.close() })
			execAll(t, st, lostSchema,
				"DELETE FROM audit_records WHERE seq BETWEEN 995 AND 1010", "INSERT INTO "+lostTable+" VALUES ('node-a', 995, 1010, 0)",
				"DELETE FROM audit_records WHERE seq <= 5", "INSERT INTO "+lostTable+" VALUES ('node-a', 1, 5, 0)",
				"DELETE FROM audit_records WHERE seq >= 2496", "INSERT INTO "+lostTable+" VALUES ('node-a', 2496, 2500, 0)")
			v, err := r.Verify(ctx)
			if err != nil || !v.OnlyLost() || len(v.Nodes[0].Lost) != 3 {
				t.Fatalf("verify: %+v %v", v, err)
			}
			want := v.Nodes[0].Lost
			same := func(gaps []LostRange) bool {
				return slices.EqualFunc(gaps, want, func(a, b LostRange) bool { return a.Lost() && a.First == b.First && a.Last == b.Last })
			}
			recs, err := r.Query(ctx, Filter{Limit: -1})
			if err != nil || len(recs) != 2500-26 {
				t.Fatalf("query: %d, %v", len(recs), err)
			}
			doubts, gaps, err := r.Check(ctx, recs)
			if err != nil || len(doubts) != 0 || !same(gaps) {
				t.Fatalf("check of all: %+v %+v %v (verify: %+v)", doubts, gaps, err, want)
			}
			// Records on either side of the checkpoint at 1000, which
			// the gap 995..1010 holds: one stretch from the start (0..2000).
			doubts, gaps, err = r.Check(ctx, []Record{{Node: "node-a", Seq: 990}, {Node: "node-a", Seq: 1500}})
			if err != nil || len(doubts) != 0 || len(gaps) != 2 || gaps[1].First != 995 || gaps[1].Last != 1010 {
				t.Fatalf("check around the checkpoint: %+v %+v %v", doubts, gaps, err)
			}
			broken, gaps, err := r.CheckSpans(ctx, Spans{"node-a": {6, 2495}})
			if err != nil || len(broken) != 0 || !same(gaps) {
				t.Fatalf("check spans: %+v %+v %v", broken, gaps, err)
			}
			// The web view's table and charts say it as a warning, lost.
			srv := httptest.NewServer(Handler(r))
			resp, err := http.PostForm(srv.URL+"/", url.Values{"from": {t0.AddDate(0, 0, -1).Format("2006-01-02")}})
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			srv.Close()
			body := html.UnescapeString(string(page))
			if !strings.Contains(body, "Warnung: Server node-a: Einträge 995..1010 fehlen: bei der Bergung einer beschädigten audit.db") ||
				!strings.Contains(body, "die angezeigten Einträge davor und dahinter sind bestätigt") || !strings.Contains(body, "die Diagramme zählen die Einträge davor und dahinter") ||
				strings.Contains(body, "nicht bestätigt") || strings.Contains(body, "gebrochen") {
				t.Fatalf("web view:\n%s", body)
			}

			// A record altered behind a gap is found: the walk goes on.
			execAll(t, st, "UPDATE audit_records SET action = 'block' WHERE seq = 1011")
			doubts, _, err = r.Check(ctx, []Record{{Node: "node-a", Seq: 1500}})
			if err != nil || len(doubts) != 1 || doubts[0].At != 1011 || !strings.Contains(doubts[0].ReasonDE, "Eintrag verändert") {
				t.Fatalf("altered behind the gap: %+v %v", doubts, err)
			}
			// A gap wider than the one named is a break, named deleted.
			execAll(t, st, "UPDATE audit_records SET action = 'allow' WHERE seq = 1011", "DELETE FROM audit_records WHERE seq = 1500 OR seq = 1501", "INSERT INTO "+lostTable+" VALUES ('node-a', 1500, 1500, 0)")
			doubts, _, err = r.Check(ctx, []Record{{Node: "node-a", Seq: 1600}})
			if err != nil || len(doubts) != 1 || doubts[0].At != 1502 || !strings.Contains(doubts[0].ReasonDE, "Einträge 1500..1501 fehlen (gelöscht)") {
				t.Fatalf("a gap wider than named: %+v %v", doubts, err)
			}
		})
	}
}

// TestHeadsFileSalvageTail: the newest records lost in a salvage, while
// audit-heads noted the head among them: verify names them lost and
// confirms no head (before: "zuletzt notierter Kopf … bestätigt" for a
// record the chain lacks), and the heads check of query, stats and the web
// view names no deletion (before: "Einträge 1051..1100 fehlen (zuletzt
// notierter Kopf …)", exit 2 as deleted) while query's check names the
// loss. A salvage's range that ends before the head explains nothing.
func TestHeadsFileSalvageTail(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			r := loggedReader(t, cfg, 1100)
			st := rawDB(t, cfg)
			t.Cleanup(func() { st.close() })
			execAll(t, st, lostSchema, "DELETE FROM audit_records WHERE seq > 1050", "INSERT INTO "+lostTable+" VALUES ('node-a', 1051, 1100, 0)")
			res, _, err := r.VerifyNoted(ctx)
			if err != nil || !res.OnlyLost() || len(res.Nodes[0].Lost) != 1 || res.Nodes[0].HeadNoted != 0 {
				t.Fatalf("verify: %+v, %v", res, err)
			}
			if cut, err := r.CheckHeads(ctx); err != nil || len(cut) != 0 {
				t.Fatalf("CheckHeads: %+v, %v", cut, err)
			}
			doubts, gaps, err := r.Check(ctx, []Record{{Node: "node-a", Seq: 1040}})
			if err != nil || len(doubts) != 0 || len(gaps) != 1 || !gaps[0].Lost() || gaps[0].First != 1051 {
				t.Fatalf("check: %+v %+v, %v", doubts, gaps, err)
			}
			execAll(t, st, "UPDATE "+lostTable+" SET last_seq = 1099")
			if cut, err := r.CheckHeads(ctx); err != nil || len(cut) != 1 || cut[0].Seq != 1051 {
				t.Fatalf("CheckHeads with the head beyond the range: %+v, %v", cut, err)
			}
		})
	}
}
