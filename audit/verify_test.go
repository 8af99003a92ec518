package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func logN(t *testing.T, l *Logger, from, n int, at time.Time) {
	t.Helper()
	for i := from; i < from+n; i++ {
		e := Entry{Time: at.Add(time.Duration(i) * time.Second), RequestID: fmt.Sprintf("req-%d", i), UserName: "user",
			ServiceID: "chatgpt-web", Action: "allow", Findings: map[string]int{"EMAIL": 1},
			Values: []TypedValue{{"EMAIL", fmt.Sprintf("p%d@example.org", i)}}}
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerifyTamper(t *testing.T) {
	cases := []struct {
		name    string
		tamper  string // SQL, ? = seq
		seq     int64
		wantSeq int64
		reason  string
		// reasonDE: the German reason auditors read first (CLI, web view)
		reasonDE string
	}{
		{"edited action", "UPDATE audit_records SET action = 'allow_x' WHERE node = 'node-a' AND seq = ?", 734, 734, "altered", "Eintrag verändert"},
		{"edited fingerprints", "UPDATE audit_records SET fingerprints = '' WHERE node = 'node-a' AND seq = ?", 7, 7, "altered", "Eintrag verändert"},
		{"edited hash too", "UPDATE audit_records SET action = 'block', hash = 'ff' WHERE node = 'node-a' AND seq = ?", 50, 50, "altered", "Eintrag verändert"},
		{"deleted row", "DELETE FROM audit_records WHERE node = 'node-a' AND seq = ?", 600, 601, "missing", "Einträge 600..600 fehlen"},
		{"deleted head", "DELETE FROM audit_records WHERE node = 'node-a' AND seq <= ?", 3, 4, "missing", "Einträge 1..3 fehlen"},
		{"cut tail behind checkpoint", "DELETE FROM audit_records WHERE node = 'node-a' AND seq >= ?", 900, 900, "missing", "Einträge 900..1000 fehlen (Prüfpunkt bei 1000)"},
		{"forged checkpoint", "UPDATE audit_checkpoints SET hash = 'ab' WHERE node = 'node-a' AND seq = ?", 1000, 1000, "checkpoint", "Prüfpunkt"},
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			// The same log for every case (as TestCheckShownRecords): each
			// starts from a copy of the tables as they were logged.
			cfg := b.cfg(t)
			r := loggedReader(t, cfg, 1100)
			st := rawDB(t, cfg)
			keepTables(t, st)
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					restoreTables(t, st)
					res, err := r.Verify(context.Background())
					if err != nil || !res.OK() || res.Nodes[0].Records != 1100 {
						t.Fatalf("before tampering: %+v, %v", res, err)
					}
					if _, err := st.db.Exec(st.q(c.tamper), c.seq); err != nil {
						t.Fatal(err)
					}
					res, err = r.Verify(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					br := res.Nodes[0].Broken
					if br == nil || br.Seq != c.wantSeq || !strings.Contains(br.Reason, c.reason) || !strings.Contains(br.ReasonDE, c.reasonDE) {
						t.Fatalf("want broken at %d (%s / %s), got %+v", c.wantSeq, c.reasonDE, c.reason, br)
					}
				})
			}
		})
	}
}

// TestRetentionAfterClockSetBack: records written while the system clock
// was set back (years: a dead RTC before NTP, a VM snapshot restored)
// carry times long past; retention deletes the records older than the
// period up to the first checkpoint that is not, not those written
// minutes ago under the wrong clock. Before, it cut at the newest
// checkpoint with an old time, and records 2001..3000 below, written after
// the sound ones of the period, were deleted as well (pruned 2000, a gap
// in the chain).
func TestRetentionAfterClockSetBack(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			now := time.Now()
			l := mustOpen(t, cfg)
			logN(t, l, 0, 1000, now.Add(-400*24*time.Hour))       // past the period: pruned
			logN(t, l, 1000, 1000, now.Add(-24*time.Hour))        // in it
			logN(t, l, 2000, 1000, now.Add(-10*365*24*time.Hour)) // the clock set back ten years
			logN(t, l, 3000, 10, now)                             // and set right
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			cfg.Retention = 365 * 24 * time.Hour
			l = mustOpen(t, cfg) // prunes at start
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			if st := l.Stats(); st.Pruned != 1000 || st.PruneError != "" {
				t.Fatalf("pruned %d, error %q; want the 1000 records past the period", st.Pruned, st.PruneError)
			}
			res, err := mustReader(t, cfg).Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n := res.Nodes[0]; !res.OK() || n.FirstSeq != 1001 || n.LastSeq != 3010 || n.Records != 2010 {
				t.Fatalf("after retention: %+v", n)
			}
		})
	}
}

func TestRetentionKeepsChainVerifiable(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			old := time.Now().Add(-400 * 24 * time.Hour)
			l := mustOpen(t, cfg)
			logN(t, l, 0, 2500, old)
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			hashAt := func(seq int64) Anchor {
				st := rawDB(t, cfg)
				var h string
				if err := st.db.QueryRow(st.q("SELECT hash FROM audit_records WHERE seq = ?"), seq).Scan(&h); err != nil {
					t.Fatal(err)
				}
				return Anchor{Node: "node-a", Seq: seq, Hash: h}
			}
			noted := []Anchor{hashAt(1500), hashAt(2000)} // pruned; pruned to the checkpoint
			cfg.Retention = 365 * 24 * time.Hour
			l = mustOpen(t, cfg) // prunes at start
			logN(t, l, 2500, 10, time.Now())
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			// The count the proxy logs ("audit retention deleted records").
			if st := l.Stats(); st.Pruned != 2000 || st.PruneError != "" {
				t.Fatalf("Stats after retention: pruned %d, error %q; want 2000 and none", st.Pruned, st.PruneError)
			}
			r := mustReader(t, cfg)
			res, err := r.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			n := res.Nodes[0]
			if !res.OK() || n.FirstSeq != 2001 || n.LastSeq != 2510 || n.Records != 510 {
				t.Fatalf("after retention: %+v", n)
			}
			// A noted hash of a pruned record is checked against its
			// checkpoint where there is one, and named as not checkable
			// where there is none.
			res, err = r.Verify(context.Background(), noted...)
			if n := res.Nodes[0]; err != nil || !res.OK() || n.Confirmed != 1 || len(n.Pruned) != 1 || n.Pruned[0] != 1500 {
				t.Fatalf("noted hashes after retention: %+v, %v", n, err)
			}
		})
	}
}

// TestUnreadableRecordsAreNamed: a row that cannot be read as a record
// (a malformed findings list; on SQLite also text in a number column)
// leaves every other record readable. Query, Stats and UsageReport return
// the rest with an *UnreadableError naming the bad rows, and Verify names
// each of them and goes on counting behind them. Before, one such row made
// Query, Stats and the report fail as a whole, and Verify stopped at it.
func TestUnreadableRecordsAreNamed(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			l := mustOpen(t, cfg)
			now := time.Now()
			logN(t, l, 0, 10, now.Add(-time.Minute))
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			st := rawDB(t, cfg)
			bad := []int64{3}
			if _, err := st.db.Exec(st.q("UPDATE audit_records SET findings = 'garbage' WHERE seq = ?"), 3); err != nil {
				t.Fatal(err)
			}
			if b.name == "sqlite" { // PostgreSQL keeps a BIGINT column a number
				if _, err := st.db.Exec("UPDATE audit_records SET bytes = 'Max Muster' WHERE seq = 7"); err != nil {
					t.Fatal(err)
				}
				bad = append(bad, 7)
			}
			r := mustReader(t, cfg)
			ctx := context.Background()
			named := func(what string, err error) {
				t.Helper()
				var ue *UnreadableError
				if !errors.As(err, &ue) || len(ue.Records) != len(bad) {
					t.Fatalf("%s: want the %d bad rows named, got %v", what, len(bad), err)
				}
				for i, re := range ue.Records {
					if re.Node != "node-a" || re.Seq != bad[i] || !strings.Contains(err.Error(), fmt.Sprintf("node-a/%d", bad[i])) {
						t.Errorf("%s: record %d named %+v in %q", what, i, re, err)
					}
				}
				// What a column holds is not repeated (a value put in by
				// hand may be anyone's data), its name is; before, the
				// reason quoted it ("Max Muster").
				if strings.Contains(err.Error(), "Max Muster") || len(bad) > 1 && ue.Records[1].Reason != "Spalte bytes enthält keine Zahl (column bytes holds no number)" {
					t.Errorf("%s: %q, want the column named, not what it holds", what, err)
				}
			}
			recs, err := r.Query(ctx, Filter{Limit: -1})
			named("Query", err)
			if len(recs) != 10-len(bad) {
				t.Errorf("Query returned %d records, want the %d readable ones", len(recs), 10-len(bad))
			}
			stats, err := r.Stats(ctx, Filter{})
			named("Stats", err)
			if stats.Records != int64(10-len(bad)) {
				t.Errorf("Stats counted %d records, want %d", stats.Records, 10-len(bad))
			}
			rep, err := r.UsageReport(ctx, now.Format("2006-01"))
			named("UsageReport", err)
			if len(rep.Services) != 1 || rep.Services[0].Requests != int64(10-len(bad)) {
				t.Errorf("UsageReport: %+v", rep.Services)
			}
			res, err := r.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			n := res.Nodes[0]
			if n.Broken == nil || n.Broken.Seq != 3 || !strings.Contains(n.Broken.Reason, "cannot be read") {
				t.Errorf("Verify: broken %+v, want at 3", n.Broken)
			}
			if len(n.Unreadable) != len(bad) || n.Records != 10 || n.LastSeq != 10 {
				t.Errorf("Verify: %d records to %d, unreadable %+v; want 10 records to 10, %v unreadable", n.Records, n.LastSeq, n.Unreadable, bad)
			}
		})
	}
}

// TestVerifyAnchors: a hash noted outside the system finds what the chain
// alone does not: the newest records cut off behind the last checkpoint,
// and a history rewritten with recomputed hashes (here: a noted hash the
// chain no longer holds). Before, verify had no way to take a noted hash,
// and a cut-off tail verified as ok.
func TestVerifyAnchors(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			r := loggedReader(t, cfg, 1100)
			res, err := r.Verify(context.Background())
			if err != nil || !res.OK() {
				t.Fatalf("before: %+v, %v", res, err)
			}
			n := res.Nodes[0]
			last := Anchor{Node: n.Node, Seq: n.LastSeq, Hash: n.LastHash}
			if a, err := ParseAnchor(last.String()); err != nil || a != last {
				t.Fatalf("ParseAnchor(%s) = %+v, %v", last, a, err)
			}
			if res, err := r.Verify(context.Background(), last); err != nil || !res.OK() || res.Nodes[0].Confirmed != 1 {
				t.Fatalf("with the last hash noted: %+v, %v", res, err)
			}
			forged := Anchor{Node: n.Node, Seq: 700, Hash: strings.Repeat("ab", 32)}
			if res, _ := r.Verify(context.Background(), forged); res.OK() || res.Nodes[0].Broken.Seq != 700 || !strings.Contains(res.Nodes[0].Broken.Reason, "rewritten") {
				t.Errorf("a noted hash the chain does not hold: %+v", res.Nodes[0].Broken)
			}
			other := Anchor{Node: "node-z", Seq: 3, Hash: n.LastHash}
			if res, _ := r.Verify(context.Background(), other); res.OK() || len(res.Nodes) != 2 || res.Nodes[1].Node != "node-z" {
				t.Errorf("a noted node without records: %+v", res.Nodes)
			}
			st := rawDB(t, cfg)
			if _, err := st.db.Exec(st.q("DELETE FROM audit_records WHERE node = 'node-a' AND seq > ?"), 1050); err != nil {
				t.Fatal(err)
			}
			if res, _ := r.Verify(context.Background()); !res.OK() {
				t.Fatalf("a tail cut behind the last checkpoint verifies without a noted hash (the limit this closes): %+v", res.Nodes[0].Broken)
			}
			res, err = r.Verify(context.Background(), last)
			if err != nil || res.OK() || res.Nodes[0].Broken.Seq != 1051 || !strings.Contains(res.Nodes[0].Broken.Reason, "1051..1100 are missing (hash noted at 1100)") {
				t.Errorf("a cut-off tail with the last hash noted: %+v, %v", res.Nodes[0].Broken, err)
			}
		})
	}
	// A node name with colons (audit.node is free text, "rz1:schleuse").
	h := strings.Repeat("ab", 32)
	if a, err := ParseAnchor("rz1:schleuse:7:" + h); err != nil || a != (Anchor{Node: "rz1:schleuse", Seq: 7, Hash: h}) {
		t.Errorf("ParseAnchor with a colon in the node = %+v, %v", a, err)
	}
	for _, bad := range []string{"", "vm", "vm:5", "vm:x:" + strings.Repeat("a", 64), ":5:" + strings.Repeat("a", 64), "vm:5:abc", "vm:0:" + strings.Repeat("a", 64)} {
		if _, err := ParseAnchor(bad); err == nil {
			t.Errorf("ParseAnchor(%q) accepted", bad)
		}
	}
}

// loggedReader writes n records (logN from t0) into the log of cfg, closes
// it and opens a reader on it.
func loggedReader(t *testing.T, cfg Config, n int) *Reader {
	t.Helper()
	l := mustOpen(t, cfg)
	logN(t, l, 0, n, t0)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return mustReader(t, cfg)
}

// TestVerifyRecordAddedByHand: a row put into audit_records by hand (at the
// end of a chain, behind a gap, as a node of its own) is named for what it
// is, German first: a record the hash chain does not cover, neither its
// own hash nor a later record vouching for it. Before, verify said "record
// altered" or "records 1..2 are missing", and the reader looked for a
// change or a deletion. A record altered in the middle, which the next one
// links to, is still "altered".
func TestVerifyRecordAddedByHand(t *testing.T) {
	const cols = `request_id, user_ps, groups, service_id, host, path, action, rules, findings, fingerprints, justification, bytes, latency_us, policy_revision`
	const want = "von der Hash-Kette nicht gedeckter Eintrag: er passt nicht zu seinem Hash, und kein späterer Eintrag verweist auf ihn – von Hand ins Protokoll eingefügt, nicht von schleuse geschrieben (oder der letzte Eintrag verändert)"
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range []struct {
				name, sql, node string
				seq             int64
				de, en          string
			}{
				{"end", `INSERT INTO audit_records SELECT node, seq+1, ts, ` + cols + `, hash, 'abc' FROM audit_records WHERE node = 'node-a' AND seq = 3`,
					"node-a", 4, want, "record not covered by the hash chain"},
				{"end copied", `INSERT INTO audit_records SELECT node, seq+1, ts, ` + cols + `, prev_hash, hash FROM audit_records WHERE node = 'node-a' AND seq = 3`,
					"node-a", 4, want, "put into the log by hand, not written by schleuse"},
				{"behind a gap", `INSERT INTO audit_records SELECT node, seq+5, ts, ` + cols + `, prev_hash, hash FROM audit_records WHERE node = 'node-a' AND seq = 3`,
					"node-a", 8, want, "no later record links to it"},
				{"a node of its own", `INSERT INTO audit_records SELECT 'fake', seq, ts, ` + cols + `, prev_hash, hash FROM audit_records WHERE node = 'node-a' AND seq = 3`,
					"fake", 3, want + "; der einzige Eintrag dieses Servers", "; the only record of this node"},
				{"altered in the middle", `UPDATE audit_records SET action = 'allow' WHERE node = 'node-a' AND seq = 2`,
					"node-a", 2, "Inhalt passt nicht zu seinem Hash (Eintrag verändert)", "content does not match its hash (record altered)"},
			} {
				cfg := b.cfg(t)
				logEntries(t, cfg, "r1", "r2", "r3")
				execAll(t, rawDB(t, cfg), c.sql)
				res, err := mustReader(t, cfg).Verify(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				var got *Broken
				for _, n := range res.Nodes {
					if n.Node == c.node {
						got = n.Broken
					}
				}
				if got == nil || got.Seq != c.seq || got.ReasonDE != c.de || !strings.Contains(got.Reason, c.en) {
					t.Errorf("%s: broken %+v, want record %d: %q", c.name, got, c.seq, c.de)
				}
			}
		})
	}
}

// TestBreakReasonsAgree: verify, the check behind what query shows (Check)
// and the one behind what stats counts (CheckSpans) name the same first
// break with the same reason. Records swapped in the table are named as
// renumbered, with the number schleuse wrote each under; before, verify
// called the first of them "put into the log by hand" and query "link does
// not match (inserted or replaced)", and a row inserted behind a gap was
// "put in by hand" to verify and "records 6..8 missing (deleted)" to
// query and stats.
func TestBreakReasonsAgree(t *testing.T) {
	swap := func(a, b int) []string {
		return []string{fmt.Sprintf(`UPDATE audit_records SET seq = -1 WHERE seq = %d`, a),
			fmt.Sprintf(`UPDATE audit_records SET seq = %d WHERE seq = %d`, a, b),
			fmt.Sprintf(`UPDATE audit_records SET seq = %d WHERE seq = -1`, b)}
	}
	const cols = `request_id, user_ps, groups, service_id, host, path, action, rules, findings, fingerprints, justification, bytes, latency_us, policy_revision, prev_hash, hash`
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range []struct {
				name string
				sql  []string
				seq  int64
				de   string
			}{
				{"swapped in the middle", swap(2, 3), 2, "Eintrag umnummeriert: schleuse hat ihn als Eintrag 3 geschrieben, Eintrag 4 verweist auf ihn, er steht jetzt unter Nummer 2 (Einträge vertauscht oder verschoben)"},
				{"the last two swapped", swap(4, 5), 4, "Eintrag umnummeriert: schleuse hat ihn als Eintrag 5 geschrieben, er steht jetzt unter Nummer 4 (Einträge vertauscht oder verschoben)"},
				// Moved, not deleted: record 4 links to the hash the row
				// at 9 carries, whose content hashes as record 3 (before,
				// "Einträge 3..3 fehlen (gelöscht)").
				{"moved behind a gap", []string{`UPDATE audit_records SET seq = 9 WHERE seq = 3`}, 4, "Eintrag umnummeriert: schleuse hat ihn als Eintrag 3 geschrieben, Eintrag 4 verweist auf ihn, er steht jetzt unter Nummer 9 (Einträge vertauscht oder verschoben)"},
				// The last one moved on: it hashes as the number after
				// record 4 (before, "von Hand … eingefügt").
				{"the last moved past a gap", []string{`UPDATE audit_records SET seq = 9 WHERE seq = 5`}, 9, "Eintrag umnummeriert: schleuse hat ihn als Eintrag 5 geschrieben, er steht jetzt unter Nummer 9 (Einträge vertauscht oder verschoben)"},
				// Two numbers missing, one of them moved: the chain shows
				// only that record 2 is gone (it may be moved further on).
				{"one deleted, the next moved", []string{`DELETE FROM audit_records WHERE seq = 2`, `UPDATE audit_records SET seq = 9 WHERE seq = 3`}, 4, "Einträge 2..3 fehlen (gelöscht)"},
				{"inserted behind a gap", []string{`INSERT INTO audit_records SELECT node, 9, ts, ` + cols + ` FROM audit_records WHERE seq = 3`}, 9, "von der Hash-Kette nicht gedeckter Eintrag: er passt nicht zu seinem Hash, und kein späterer Eintrag verweist auf ihn – von Hand ins Protokoll eingefügt, nicht von schleuse geschrieben (oder der letzte Eintrag verändert)"},
				{"a copy inserted at the end", []string{`INSERT INTO audit_records SELECT node, 6, ts, ` + cols + ` FROM audit_records WHERE seq = 5`}, 6, "von der Hash-Kette nicht gedeckter Eintrag: er passt nicht zu seinem Hash, und kein späterer Eintrag verweist auf ihn – von Hand ins Protokoll eingefügt, nicht von schleuse geschrieben (oder der letzte Eintrag verändert)"},
				{"altered in the middle", []string{`UPDATE audit_records SET action = 'allow' WHERE seq = 2`}, 2, "Inhalt passt nicht zu seinem Hash (Eintrag verändert)"},
			} {
				cfg := b.cfg(t)
				logEntries(t, cfg, "r1", "r2", "r3", "r4", "r5")
				execAll(t, rawDB(t, cfg), c.sql...)
				ctx := context.Background()
				r := mustReader(t, cfg)
				res, err := r.Verify(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got := res.Nodes[0].Broken; got == nil || got.Seq != c.seq || got.ReasonDE != c.de {
					t.Errorf("%s: verify: %+v, want record %d: %q", c.name, got, c.seq, c.de)
				}
				recs, err := r.Query(ctx, Filter{Limit: -1})
				if err != nil {
					t.Fatal(err)
				}
				doubts, _, err := r.Check(ctx, recs)
				if err != nil || len(doubts) == 0 || doubts[0].At != c.seq || doubts[0].ReasonDE != c.de {
					t.Errorf("%s: query's check: %+v, %v; want broken at %d: %q", c.name, doubts, err, c.seq, c.de)
				}
				spans := Spans{}
				for _, rec := range recs {
					spans.add(rec.Node, rec.Seq)
				}
				broken, _, err := r.CheckSpans(ctx, spans)
				if err != nil || len(broken) != 1 || broken[0].Seq != c.seq || broken[0].ReasonDE != c.de {
					t.Errorf("%s: stats' check: %+v, %v; want broken at %d: %q", c.name, broken, err, c.seq, c.de)
				}
				// verify --file on an export of the same rows: before,
				// a record moved past a gap was "records 3..3 missing"
				// there, its own walk knowing no moves.
				var exp bytes.Buffer
				if err := WriteRecords(&exp, recs, "json", CSVOptions{}); err != nil {
					t.Fatal(err)
				}
				fres, err := VerifyExport(&exp)
				if got := fres.Nodes[0].Broken; err != nil || got == nil || got.Seq != c.seq || got.ReasonDE != c.de {
					t.Errorf("%s: verify --file: %+v, %v; want record %d: %q", c.name, got, err, c.seq, c.de)
				}
			}
		})
	}
}

// TestUnreadableSeqNotRepeated: a row whose seq column holds text is named
// by its node and the start of its hash, never by what the column holds,
// in verify (text and JSON) and query; before, it was named node/"text".
func TestUnreadableSeqNotRepeated(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	logEntries(t, cfg, "r1", "r2", "r3")
	st := rawDB(t, cfg)
	var hash string
	if err := st.db.QueryRow(`SELECT hash FROM audit_records WHERE seq = 2`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	execAll(t, st, `UPDATE audit_records SET seq = 'Max Muster' WHERE seq = 2`)
	r := mustReader(t, cfg)
	ctx := context.Background()
	res, err := r.Verify(ctx)
	if err != nil || res.OK() || len(res.Nodes[0].Unreadable) != 1 {
		t.Fatalf("verify: %+v, %v", res, err)
	}
	want := "node-a/(Nr. keine Zahl, Hash " + hash[:16] + ")"
	if got := res.Nodes[0].Unreadable[0].Name(); got != want {
		t.Errorf("the row named %q, want %q", got, want)
	}
	js, _ := json.Marshal(res)
	_, qerr := r.Query(ctx, Filter{Limit: -1})
	if strings.Contains(string(js), "Max Muster") || qerr == nil || strings.Contains(qerr.Error(), "Max Muster") || !strings.Contains(qerr.Error(), want) {
		t.Errorf("what the seq column holds is shown: %s; query: %v", js, qerr)
	}
}

// TestBreakReasonsAgreeBeyondStretch: a record moved or swapped further
// than the stretch of 1000 records that query's check and stats walk is
// named as verify names it (renumbered, with the number it now stands
// at), not as records deleted or put in by hand: the records beyond the
// stretch that can say so are looked up (Reader.probeBeyond). Before,
// query and stats said "Einträge 3..3 fehlen (gelöscht)" and "von Hand
// eingefügt" where verify said "umnummeriert".
func TestBreakReasonsAgreeBeyondStretch(t *testing.T) {
	swap := func(a, b int) []string {
		return []string{fmt.Sprintf(`UPDATE audit_records SET seq = -1 WHERE seq = %d`, a),
			fmt.Sprintf(`UPDATE audit_records SET seq = %d WHERE seq = %d`, a, b),
			fmt.Sprintf(`UPDATE audit_records SET seq = %d WHERE seq = -1`, b)}
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			r := loggedReader(t, cfg, 2100)
			st := rawDB(t, cfg)
			keepTables(t, st)
			for _, c := range []struct {
				name string
				sql  []string
				seq  int64
				de   string
			}{
				{"moved past the head", []string{`UPDATE audit_records SET seq = 2150 WHERE seq = 3`}, 4, "Eintrag umnummeriert: schleuse hat ihn als Eintrag 3 geschrieben, Eintrag 4 verweist auf ihn, er steht jetzt unter Nummer 2150 (Einträge vertauscht oder verschoben)"},
				{"swapped with one two stretches on", swap(2, 1500), 2, "Eintrag umnummeriert: schleuse hat ihn als Eintrag 1500 geschrieben, Eintrag 1501 verweist auf ihn, er steht jetzt unter Nummer 2 (Einträge vertauscht oder verschoben)"},
				{"altered, still altered", []string{`UPDATE audit_records SET action = 'block' WHERE seq = 5`}, 5, "Inhalt passt nicht zu seinem Hash (Eintrag verändert)"},
			} {
				t.Run(c.name, func(t *testing.T) {
					restoreTables(t, st)
					execAll(t, st, c.sql...)
					ctx := context.Background()
					res, err := r.Verify(ctx)
					if got := res.Nodes[0].Broken; err != nil || got == nil || got.Seq != c.seq || got.ReasonDE != c.de {
						t.Fatalf("verify: %+v, %v; want record %d: %q", got, err, c.seq, c.de)
					}
					recs, err := r.Query(ctx, Filter{Limit: 10})
					if err != nil {
						t.Fatal(err)
					}
					doubts, _, err := r.Check(ctx, recs)
					if err != nil || len(doubts) == 0 || doubts[0].At != c.seq || doubts[0].ReasonDE != c.de {
						t.Fatalf("query's check: %+v, %v; want broken at %d: %q", doubts, err, c.seq, c.de)
					}
					spans := Spans{}
					for _, rec := range recs {
						spans.add(rec.Node, rec.Seq)
					}
					// The record moved far keeps its time, so the span
					// reaches its stretch too, which it breaks itself.
					broken, _, err := r.CheckSpans(ctx, spans)
					if err != nil || len(broken) == 0 || broken[0].Seq != c.seq || broken[0].ReasonDE != c.de {
						t.Fatalf("stats' check: %+v, %v; want broken at %d: %q", broken, err, c.seq, c.de)
					}
				})
			}
		})
	}
}
