package audit

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// restoreScenario writes 4 records, backs the log up, writes 6 more and
// restores the backup, as docs/operations.md §6 does it (SQLite: the
// file; PostgreSQL: the database as it was, emulated by deleting what came
// after the backup). The heads file of state_dir keeps the head at 10.
func restoreScenario(t *testing.T, cfg Config) {
	t.Helper()
	ctx := context.Background()
	write := func(n int) {
		l := mustOpen(t, cfg)
		for i := 0; i < n; i++ {
			if err := l.Log(Entry{RequestID: "r", UserName: "anna", ServiceID: "openai-api", Action: "allow"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write(4)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if cfg.Store == "" {
		st := rawDB(t, cfg)
		if _, err := st.db.ExecContext(ctx, `VACUUM INTO '`+backup+`'`); err != nil {
			t.Fatal(err)
		}
		st.close()
	}
	write(6)
	if cfg.Store == "" {
		db := filepath.Join(cfg.Dir, "audit.db")
		for _, f := range []string{db + "-wal", db + "-shm"} {
			os.Remove(f)
		}
		b, err := os.ReadFile(backup)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(db, b, 0o600); err != nil {
			t.Fatal(err)
		}
	} else {
		st := rawDB(t, cfg)
		for _, q := range []string{`DELETE FROM audit_records WHERE seq > 4`, `DELETE FROM audit_checkpoints WHERE seq > 4`} {
			if _, err := st.db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		st.close()
	}
}

// TestGapNoteRestore: the restore of operations.md §6 end to end (write,
// back up, write more, restore, note, verify). Before the note, verify
// names records 5..10 missing (broken); note-gap appends the note as
// record 11 of the chain, the proxy goes on at 12, and verify names the
// gap "Lücke vermerkt am …: reason" with the operator's pseudonym, checks
// the chain behind it and counts it against nothing (OK). Notes of other
// numbers are refused, the stats do not count the note as a request, and
// the operator's name is stored nowhere. Without gap notes, verify said
// "Einträge 5..10 fehlen (gelöscht)" forever.
func TestGapNoteRestore(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			restoreScenario(t, cfg)
			res, _, err := mustReader(t, cfg).VerifyNoted(ctx)
			if err != nil || res.OK() || res.Nodes[0].Broken == nil || res.Nodes[0].Broken.Seq != 5 {
				t.Fatalf("verify after the restore: %+v %v", res, err)
			}
			const reason = "Sicherung vom 2026-12-01 zurückgespielt, Vorgang 4711"
			for _, tc := range []struct {
				first, last int64
				reason      string
				want        string
			}{
				{5, 9, reason, "die Lücke endet später"},
				{6, 10, reason, "die Lücke beginnt früher"},
				{4, 10, reason, "fehlen nicht"},
				{5, 11, reason, "die Kette endet bei 10"},
				{5, 10, "", "Grund fehlt"},
				{5, 10, strings.Repeat("x", MaxGapReason+1), "Grund zu lang"},
				{5, 10, "Zeile\nzwei", "Steuerzeichen"},
				{10, 5, reason, "ungültig"},
			} {
				if _, err := NoteGap(ctx, cfg, tc.first, tc.last, tc.reason, "mueller"); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("NoteGap(%d..%d, %q): %v, want %q", tc.first, tc.last, tc.reason, err, tc.want)
				}
			}
			rec, err := NoteGap(ctx, cfg, 5, 10, reason, "mueller")
			if err != nil || rec.Seq != 11 {
				t.Fatalf("NoteGap: %+v %v", rec, err)
			}
			if _, err := NoteGap(ctx, cfg, 5, 10, reason, "mueller"); err == nil || !strings.Contains(err.Error(), "schon vermerkt") {
				t.Fatalf("second note of the gap: %v", err)
			}
			l := mustOpen(t, cfg)
			for i := 0; i < 2; i++ {
				if err := l.Log(Entry{RequestID: "s", UserName: "anna", ServiceID: "openai-api", Action: "block"}); err != nil {
					t.Fatal(err)
				}
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			r := mustReader(t, cfg)
			res, _, err = r.VerifyNoted(ctx)
			if err != nil || !res.OK() || len(res.Nodes) != 1 {
				t.Fatalf("verify after the note: %+v %v", res, err)
			}
			n := res.Nodes[0]
			if n.Broken != nil || len(n.Lost) != 0 || len(n.Noted) != 1 || n.LastSeq != 13 || n.Records != 7 || n.HeadNoted != 13 {
				t.Fatalf("node: %+v", n)
			}
			g := n.Noted[0]
			if g.First != 5 || g.Last != 10 || g.Note.Seq != 11 || g.Note.Reason != reason || !strings.HasPrefix(g.Note.By, "u-") || g.Note.By != pseudonym(mustKeys(t, cfg).User, "mueller") {
				t.Fatalf("noted gap: %+v %+v", g, g.Note)
			}
			de, en := g.Reason()
			if !strings.Contains(de, "Lücke vermerkt am ") || !strings.HasSuffix(de, ": "+reason) || !strings.Contains(en, "gap noted on ") {
				t.Fatalf("reason: %q / %q", de, en)
			}
			// query's check and stats walk on behind the noted gap as
			// verify does, confirm the records around it and name it.
			doubts, noted, err := r.Check(ctx, []Record{{Node: "node-a", Seq: 3}, {Node: "node-a", Seq: 12}})
			if err != nil || len(doubts) != 0 || len(noted) != 1 || noted[0].Note.Seq != 11 || noted[0].First != 5 {
				t.Fatalf("check: %+v %+v %v", doubts, noted, err)
			}
			broken, noted, err := r.CheckSpans(ctx, Spans{"node-a": {1, 13}})
			if err != nil || len(broken) != 0 || len(noted) != 1 || noted[0].Note.Reason != reason {
				t.Fatalf("check spans: %+v %+v %v", broken, noted, err)
			}
			st, err := r.Stats(ctx, Filter{Limit: -1})
			if err != nil || st.Records != 7 || st.Requests != 6 || st.GapNotes != 1 {
				t.Fatalf("stats: %+v %v", st, err)
			}
			// An export of the log (verify --file) names it as verify does;
			// the note's reason edited in the copy explains nothing.
			recs, err := r.Query(ctx, Filter{Limit: -1})
			if err != nil {
				t.Fatal(err)
			}
			var exp bytes.Buffer
			if err := WriteRecords(&exp, recs, "json", CSVOptions{}); err != nil {
				t.Fatal(err)
			}
			xres, err := VerifyExport(bytes.NewReader(exp.Bytes()))
			if err != nil || !xres.OK() || len(xres.Nodes[0].Noted) != 1 || xres.Nodes[0].Noted[0].Note.Reason != reason {
				t.Fatalf("verify of the export: %+v %v", xres, err)
			}
			xres, err = VerifyExport(strings.NewReader(strings.Replace(exp.String(), reason, "Routine", 1)))
			if err != nil || xres.OK() || xres.Nodes[0].Broken == nil || xres.Nodes[0].Broken.Seq != 11 || len(xres.Nodes[0].Noted) != 0 {
				t.Fatalf("verify of an export with the note edited: %+v %v", xres.Nodes[0], err)
			}
			// The web view's "Kette prüfen" and its table name it too.
			{
				srv := httptest.NewServer(Handler(r))
				resp, err := http.PostForm(srv.URL+"/", url.Values{"from": {time.Now().AddDate(0, 0, -1).Format("2006-01-02")}})
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				srv.Close()
				if !strings.Contains(string(body), "Hinweis: Server node-a: Einträge 5..10 fehlen: Lücke vermerkt am ") || strings.Contains(string(body), "gebrochen") {
					t.Fatalf("web table: %s", body)
				}
			}
			srv := httptest.NewServer(Handler(r))
			defer srv.Close()
			resp, err := http.PostForm(srv.URL+"/verify", url.Values{})
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(body), "bis auf vermerkte Lücken") || !strings.Contains(string(body), "Einträge (records) 5..10 fehlen: Lücke vermerkt am ") ||
				!strings.Contains(string(body), reason) || strings.Contains(string(body), "GEBROCHEN") {
				t.Fatalf("web verify: %s", body)
			}
			// The operator's name is stored nowhere.
			raw := rawDB(t, cfg)
			var c int
			if err := raw.db.QueryRowContext(ctx, raw.q(`SELECT count(*) FROM audit_records WHERE user_ps LIKE ? OR justification LIKE ? OR request_id LIKE ?`), "%mueller%", "%mueller%", "%mueller%").Scan(&c); err != nil || c != 0 {
				t.Fatalf("operator name stored: %d %v", c, err)
			}
		})
	}
}

func mustKeys(t *testing.T, cfg Config) *Keys {
	t.Helper()
	cfg.defaults()
	k, err := LoadKeys(cfg.KeyFile, false)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestGapNoteForged: a note edited afterwards explains nothing. Its reason
// changed in the table, the note no longer matches its hash and the gap
// is a break again; with its hash recomputed as well, the next record no
// longer links to it. A note whose numbers are no gap (records of them
// exist) breaks the chain at the note, and so does a note of a gap
// written before the gap.
func TestGapNoteForged(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			restoreScenario(t, cfg)
			if _, err := NoteGap(ctx, cfg, 5, 10, "Sicherung zurückgespielt", "mueller"); err != nil {
				t.Fatal(err)
			}
			l := mustOpen(t, cfg)
			l.Log(Entry{RequestID: "s", UserName: "anna", Action: "allow"})
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			st := rawDB(t, cfg)
			keepTables(t, st)
			verify := func() NodeResult {
				t.Helper()
				res, err := mustReader(t, cfg).Verify(ctx)
				if err != nil || len(res.Nodes) != 1 {
					t.Fatal(res, err)
				}
				return res.Nodes[0]
			}
			if n := verify(); n.Broken != nil || len(n.Noted) != 1 {
				t.Fatalf("before: %+v", n)
			}
			if _, err := st.db.ExecContext(ctx, st.q(`UPDATE audit_records SET justification = ? WHERE seq = 11`), "Routine"); err != nil {
				t.Fatal(err)
			}
			if n := verify(); n.Broken == nil || n.Broken.Seq != 11 || len(n.Noted) != 0 || !strings.Contains(n.Broken.ReasonDE, "Einträge 5..10 fehlen (gelöscht)") {
				t.Fatalf("note edited: %+v", n)
			}
			// Edited with its hash recomputed: record 12 no longer links.
			rec, err := mustReader(t, cfg).Query(ctx, Filter{Limit: -1, Node: "node-a"})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range rec {
				if x.Seq == 11 {
					x.Justification = "Routine"
					if _, err := st.db.ExecContext(ctx, st.q(`UPDATE audit_records SET hash = ? WHERE seq = 11`), x.ComputeHash()); err != nil {
						t.Fatal(err)
					}
				}
			}
			if n := verify(); n.Broken == nil || n.Broken.Seq != 12 || !strings.Contains(n.Broken.ReasonDE, "Verweis auf den vorigen Hash") {
				t.Fatalf("note edited, hash recomputed: %+v", n.Broken)
			}
		})
	}
}

// TestGapNoteOfRecordsThatExist: a note written (bypassing note-gap's
// checks) for records that exist explains nothing and breaks the chain at
// the note, German first; so does a note written before its gap.
func TestGapNoteOfRecordsThatExist(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			l := mustOpen(t, cfg)
			for i := 0; i < 3; i++ {
				l.Log(Entry{RequestID: "r", UserName: "anna", Action: "allow"})
			}
			l.Log(Entry{RequestID: "gap-2-3", Action: GapNoteAction, Rules: []string{GapNoteRule}, Path: "2..3", Justification: "falsch"})
			l.Log(Entry{RequestID: "gap-7-8", Action: GapNoteAction, Rules: []string{GapNoteRule}, Path: "7..8", Justification: "im Voraus"})
			for i := 0; i < 5; i++ {
				l.Log(Entry{RequestID: "r", UserName: "anna", Action: "allow"})
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			res, err := mustReader(t, cfg).Verify(ctx)
			if err != nil || res.OK() || res.Nodes[0].Broken == nil || res.Nodes[0].Broken.Seq != 4 || !strings.Contains(res.Nodes[0].Broken.ReasonDE, "vermerkt eine Lücke 2..3 (falsch)") {
				t.Fatalf("note of records that exist: %+v %v", res.Nodes[0].Broken, err)
			}
			// Records 4..5 deleted after a note (record 3) named them:
			// the note stands before the gap and explains nothing.
			cfg = b.cfg(t)
			l = mustOpen(t, cfg)
			l.Log(Entry{RequestID: "r", UserName: "anna", Action: "allow"})
			l.Log(Entry{RequestID: "r", UserName: "anna", Action: "allow"})
			l.Log(Entry{RequestID: "gap-4-5", Action: GapNoteAction, Rules: []string{GapNoteRule}, Path: "4..5", Justification: "im Voraus"})
			for i := 0; i < 3; i++ {
				l.Log(Entry{RequestID: "r", UserName: "anna", Action: "allow"})
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			st := rawDB(t, cfg)
			if _, err := st.db.ExecContext(ctx, st.q(`DELETE FROM audit_records WHERE seq IN (4, 5)`)); err != nil {
				t.Fatal(err)
			}
			res, err = mustReader(t, cfg).Verify(ctx)
			if err != nil || res.OK() || len(res.Nodes[0].Noted) != 0 || res.Nodes[0].Broken == nil || res.Nodes[0].Broken.Seq != 6 || !strings.Contains(res.Nodes[0].Broken.ReasonDE, "Einträge 4..5 fehlen (gelöscht)") {
				t.Fatalf("note before its gap: %+v %v", res.Nodes[0], err)
			}
		})
	}
}

// gapRangeCases are gap notes' ranges as stored (Path), read and refused.
var gapRangeCases = []struct {
	in          string
	first, last int64
	ok          bool
}{
	{"5..10", 5, 10, true},
	{"1..1", 1, 1, true},
	{"812..950", 812, 950, true},
	{"10..5", 0, 0, false},
	{"0..3", 0, 0, false},
	{"-1..3", 0, 0, false},
	{"5-10", 0, 0, false},
	{"5..", 0, 0, false},
	{"..10", 0, 0, false},
	{"5..10..12", 0, 0, false},
	{"/v1/chat", 0, 0, false},
	{"", 0, 0, false},
}

func TestGapRange(t *testing.T) {
	for _, c := range gapRangeCases {
		f, l, ok := gapRange(c.in)
		if ok != c.ok || ok && (f != c.first || l != c.last) {
			t.Errorf("gapRange(%q) = %d, %d, %v", c.in, f, l, ok)
		}
	}
}

func FuzzGapRange(f *testing.F) {
	for _, c := range gapRangeCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		first, last, ok := gapRange(s)
		if ok && (first < 1 || last < first) {
			t.Fatalf("gapRange(%q) = %d..%d", s, first, last)
		}
	})
}
