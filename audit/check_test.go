package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCheckShownRecords: the records a query shows are checked against
// their stretch of the chain (checkpoint to checkpoint, the newest to the
// head). A record altered in the database, with or without a recomputed
// hash, a deleted or unreadable neighbour and a forged checkpoint make
// every shown record of that stretch a Doubt, and no record of another
// stretch. Before, Query showed an altered record as if it were sound and
// only Verify over the whole chain said otherwise.
func TestCheckShownRecords(t *testing.T) {
	const n = 3500 // checkpoints at 1000, 2000 and 3000
	// None shown in 2001..3000: the stretches are read in two runs.
	shown := []int64{5, 999, 1000, 1001, 1200, 1734, 2000, 3001, 3450, 3500}
	in := func(lo, hi int64) []int64 { // the shown seqs in lo..hi
		var out []int64
		for _, s := range shown {
			if s >= lo && s <= hi {
				out = append(out, s)
			}
		}
		return out
	}
	cases := []struct {
		name   string
		tamper func(t *testing.T, st *sqlStore, r *Reader)
		want   []int64 // doubted seqs
		at     []int64 // where the chain broke (a stretch each)
		reason string
	}{
		{"nothing changed", nil, nil, nil, ""},
		{"action edited", sqlDo("UPDATE audit_records SET action = 'block' WHERE seq = 1734"), in(1001, 2000), []int64{1734}, "Eintrag verändert"},
		{"action edited, hash recomputed", func(t *testing.T, st *sqlStore, r *Reader) {
			recs, err := r.Query(context.Background(), Filter{Limit: -1})
			if err != nil {
				t.Fatal(err)
			}
			rec := recs[1199]
			if rec.Seq != 1200 {
				t.Fatalf("record %d", rec.Seq)
			}
			rec.Action = "block"
			if _, err := st.db.Exec(st.q("UPDATE audit_records SET action = ?, hash = ? WHERE seq = 1200"), rec.Action, rec.ComputeHash()); err != nil {
				t.Fatal(err)
			}
		}, in(1001, 2000), []int64{1201}, "passt nicht zu Eintrag 1200"},
		{"neighbour deleted", sqlDo("DELETE FROM audit_records WHERE seq = 1500"), in(1001, 2000), []int64{1501}, "Einträge 1500..1500 fehlen"},
		{"newest record edited", sqlDo("UPDATE audit_records SET findings = '' WHERE seq = 3500"), in(3001, 3500), []int64{3500}, "Eintrag verändert"},
		{"record of a stretch not shown edited", sqlDo("UPDATE audit_records SET findings = '' WHERE seq = 2500"), nil, nil, ""},
		{"a record after the last checkpoint deleted", sqlDo("DELETE FROM audit_records WHERE seq = 3200"), in(3001, 3500), []int64{3201}, "Einträge 3200..3200 fehlen"},
		{"oldest record edited", sqlDo("UPDATE audit_records SET path = '/x' WHERE seq = 1"), in(1, 1000), []int64{1}, "Eintrag verändert"},
		{"unreadable neighbour", sqlDo("UPDATE audit_records SET findings = 'garbage' WHERE seq = 300"), in(1, 1000), []int64{300}, "nicht lesbar"},
		{"checkpoint forged", sqlDo("UPDATE audit_checkpoints SET hash = 'ab' WHERE seq = 2000"), in(1001, 2000), []int64{2000}, "Prüfpunkt ab"},
		{"checkpoint's record deleted", sqlDo("DELETE FROM audit_records WHERE seq = 1000"), in(1, 1000), []int64{1000}, "Einträge 1000..1000 fehlen (Prüfpunkt bei 1000)"},
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			r := loggedReader(t, cfg, n)
			st := rawDB(t, cfg)
			// The same log for every case: each undoes its change by
			// restoring the tables from a copy.
			keepTables(t, st)
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					restoreTables(t, st)
					if c.tamper != nil {
						c.tamper(t, st, r)
					}
					ctx := context.Background()
					all, _ := r.Query(ctx, Filter{Limit: -1})
					var recs []Record
					for _, rec := range all {
						if slices.Contains(shown, rec.Seq) {
							recs = append(recs, rec)
						}
					}
					doubts, _, err := r.Check(ctx, recs)
					if err != nil {
						t.Fatal(err)
					}
					var got []int64
					for _, d := range doubts {
						got = append(got, d.Seq)
						if d.Node != "node-a" || !slices.Contains(c.at, d.At) || !containsAny(d.ReasonDE, c.reason) || d.Reason == "" {
							t.Errorf("doubt %+v: want broken at %d (%s)", d, c.at, c.reason)
						}
					}
					var want []int64
					for _, s := range c.want {
						if slices.ContainsFunc(recs, func(r Record) bool { return r.Seq == s }) {
							want = append(want, s)
						}
					}
					if !slices.Equal(got, want) {
						t.Errorf("doubted %v, want %v", got, want)
					}
				})
			}
		})
	}
}

func sqlDo(q string) func(*testing.T, *sqlStore, *Reader) {
	return func(t *testing.T, st *sqlStore, _ *Reader) {
		t.Helper()
		if _, err := st.db.Exec(st.q(q)); err != nil {
			t.Fatal(fmt.Errorf("%s: %w", q, err))
		}
	}
}

// containsAny reports whether s holds one of the |-separated parts of subs.
func containsAny(s, subs string) bool {
	return slices.ContainsFunc(strings.Split(subs, "|"), func(sub string) bool { return strings.Contains(s, sub) })
}

// TestCheckSpans: the records stats and the usage report count are
// checked stretch by stretch from the first to the last one in the period:
// a record altered inside the period's stretches is found, one outside
// them is not the period's.
func TestCheckSpans(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	r := loggedReader(t, cfg, 3500) // record i+1 at t0 + i s
	st := rawDB(t, cfg)
	if _, err := st.db.Exec("UPDATE audit_records SET action = 'block' WHERE seq = 2500"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	period := func(from, to int) Filter { // records from..to-1
		return Filter{From: t0.Add(time.Duration(from-1) * time.Second), To: t0.Add(time.Duration(to-1) * time.Second)}
	}
	for _, c := range []struct {
		f    Filter
		want int64 // where it broke, 0: intact
	}{
		{period(2400, 2600), 2500},
		{period(2001, 2002), 2500}, // one record of the stretch 2001..3000
		{period(1, 2001), 0},       // 1..2000: its last stretch ends at the checkpoint 2000
		{period(3001, 3501), 0},
		{period(1, 1001), 0},
		{Filter{}, 2500},
	} {
		st, err := r.Stats(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		br, _, err := r.CheckSpans(ctx, st.Spans)
		if err != nil {
			t.Fatal(err)
		}
		if c.want == 0 && len(br) != 0 || c.want != 0 && (len(br) != 1 || br[0].Seq != c.want || !strings.Contains(br[0].ReasonDE, "Eintrag verändert")) {
			t.Errorf("%v..%v: %+v, want a break at %d", c.f.From, c.f.To, br, c.want)
		}
	}
}
