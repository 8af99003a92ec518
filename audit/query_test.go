package audit

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// sampleEntries is the shared fixture of the query tests.
func sampleEntries() []Entry {
	return []Entry{
		{Time: t0, RequestID: "r1", UserName: "anna.schmidt", Groups: []string{"sozialamt"}, ServiceID: "chatgpt-web",
			Host: "chatgpt.com", Path: "/backend-api/conversation", Action: "redact", Rules: []string{"KI-RL-3.2"},
			Findings: map[string]int{"IBAN": 1}, Values: []TypedValue{{"IBAN", "DE89 3704 0044 0532 0130 00"}},
			Bytes: 1200, Latency: 1500 * time.Microsecond, PolicyRevision: "rev-1"},
		{Time: t0.Add(time.Hour), RequestID: "r2", UserName: "bernd", Groups: []string{"jugendamt", "it"}, ServiceID: "claude-web",
			Host: "claude.ai", Path: "/api/append_message", Action: "block", Rules: []string{"KI-RL-2.1"},
			Findings: map[string]int{"SPECIAL_CATEGORY": 2, "PERSON": 1}, Values: []TypedValue{{"PERSON", "Max  Mustermann"}},
			Bytes: 800, Latency: 900 * time.Microsecond, PolicyRevision: "rev-1"},
		{Time: t0.Add(25 * time.Hour), RequestID: "r3", UserName: "Anna.Schmidt", Groups: []string{"sozialamt"}, ServiceID: "chatgpt-web",
			Host: "chatgpt.com", Path: "/backend-api/conversation", Action: "allow", Bytes: 300, PolicyRevision: "rev-1"},
		{Time: t0.Add(26 * time.Hour), RequestID: "r4", UserName: "carla", Groups: []string{"it_sec"}, ServiceID: "chatgpt-web",
			Host: "chatgpt.com", Path: "/backend-api/conversation", Action: "warn", Rules: []string{"KI-RL-4"},
			Findings: map[string]int{"EMAIL": 1}, Values: []TypedValue{{"EMAIL", "Max@Example.org"}},
			Justification: "Freigabe durch Amtsleitung", PolicyRevision: "rev-2"},
		{Time: t0.Add(49 * time.Hour), RequestID: "r5", UserName: "bernd", Groups: []string{"it"}, ServiceID: "gemini",
			Host: "gemini.google.com", Path: "/_/BardChatUi", Action: "redact", Rules: []string{"KI-RL-3.2", "KI-RL-3.3"},
			Findings:       map[string]int{"IBAN": 2, "PHONE": 1},
			Values:         []TypedValue{{"IBAN", "DE89370400440532013000"}, {"IBAN", "GB82 WEST 1234 5698 7654 32"}, {"PHONE", "+49 228 123456"}},
			PolicyRevision: "rev-2"},
	}
}

func writeSample(t *testing.T, cfg Config) {
	t.Helper()
	l := mustOpen(t, cfg)
	for _, e := range sampleEntries() {
		if err := l.Log(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

func ids(recs []Record) []string {
	out := []string{}
	for _, r := range recs {
		out = append(out, r.RequestID)
	}
	return out
}

func TestQuery(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			writeSample(t, cfg)
			r := mustReader(t, cfg)
			all, err := r.Query(context.Background(), Filter{})
			if err != nil {
				t.Fatal(err)
			}
			bernd := all[1].User
			cases := []struct {
				name string
				f    Filter
				want []string
			}{
				{"all", Filter{}, []string{"r1", "r2", "r3", "r4", "r5"}},
				{"from", Filter{From: t0.Add(24 * time.Hour)}, []string{"r3", "r4", "r5"}},
				{"to", Filter{To: t0.Add(24 * time.Hour)}, []string{"r1", "r2"}},
				{"from-to", Filter{From: t0.Add(time.Hour), To: t0.Add(26 * time.Hour)}, []string{"r2", "r3"}},
				{"user name any case", Filter{UserName: " ANNA.schmidt"}, []string{"r1", "r3"}},
				{"user pseudonym", Filter{User: bernd}, []string{"r2", "r5"}},
				{"group exact", Filter{Group: "it"}, []string{"r2", "r5"}},
				{"group with underscore", Filter{Group: "it_sec"}, []string{"r4"}},
				{"group case-sensitive", Filter{Group: "IT"}, []string{}},
				{"group wildcard is literal", Filter{Group: "%"}, []string{}},
				{"service", Filter{Service: "chatgpt-web"}, []string{"r1", "r3", "r4"}},
				{"action", Filter{Action: "redact"}, []string{"r1", "r5"}},
				{"type", Filter{Type: "IBAN"}, []string{"r1", "r5"}},
				{"type person", Filter{Type: "PERSON"}, []string{"r2"}},
				{"rule", Filter{Rule: "KI-RL-3.2"}, []string{"r1", "r5"}},
				{"rule second", Filter{Rule: "KI-RL-3.3"}, []string{"r5"}},
				// The Vorgangsnummer a notice named.
				{"request id", Filter{RequestID: "r3"}, []string{"r3"}},
				{"request id unknown", Filter{RequestID: "r9"}, []string{}},
				{"value iban spaced lower", Filter{Value: "de89 3704 0044 0532 0130 00"}, []string{"r1", "r5"}},
				{"value iban with type", Filter{Value: "DE89370400440532013000", Type: "IBAN"}, []string{"r1", "r5"}},
				{"value iban wrong type", Filter{Value: "DE89370400440532013000", Type: "EMAIL"}, []string{}},
				{"value phone national", Filter{Value: "0228 123456"}, []string{"r5"}},
				{"value email case", Filter{Value: "max@example.ORG"}, []string{"r4"}},
				{"value person spaces", Filter{Value: "max mustermann"}, []string{"r2"}},
				{"value never sent", Filter{Value: "DE02 1203 0000 0000 2020 51"}, []string{}},
				{"combined", Filter{Service: "chatgpt-web", Action: "redact"}, []string{"r1"}},
				{"limit", Filter{Limit: 2}, []string{"r1", "r2"}},
				{"newest", Filter{Limit: 1, Newest: true}, []string{"r5"}},
				{"node", Filter{Node: "other"}, []string{}},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					got, err := r.Query(context.Background(), c.f)
					if err != nil {
						t.Fatal(err)
					}
					if d := cmp.Diff(c.want, ids(got)); d != "" {
						t.Errorf("(-want +got)\n%s", d)
					}
				})
			}
		})
	}
}

func TestRecordRoundTrip(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			writeSample(t, cfg)
			r := mustReader(t, cfg)
			got, err := r.Query(context.Background(), Filter{})
			if err != nil {
				t.Fatal(err)
			}
			r1 := got[0]
			if r1.Seq != 1 || r1.PrevHash != "" || r1.Node != "node-a" || !r1.Time.Equal(t0) || r1.LatencyMS != 1.5 ||
				r1.Findings["IBAN"] != 1 || len(r1.Fingerprints) != 1 || r1.Bytes != 1200 || r1.PolicyRevision != "rev-1" {
				t.Errorf("record 1 = %+v", r1)
			}
			if r1.User == "anna.schmidt" || len(r1.User) != 18 {
				t.Errorf("user not pseudonymised: %q", r1.User)
			}
			if got[2].User != r1.User {
				t.Errorf("same user, different case: pseudonyms differ")
			}
			for i := 1; i < len(got); i++ {
				if got[i].PrevHash != got[i-1].Hash || got[i].Seq != int64(i+1) {
					t.Errorf("record %d not chained", i+1)
				}
			}
			if name, ok, _ := r.Reveal(r1.User, []string{"bernd", "Anna.Schmidt"}); !ok || name != "Anna.Schmidt" {
				t.Errorf("Reveal = %q, %v", name, ok)
			}
			if _, ok, _ := r.Reveal(r1.User, []string{"bernd", "carla"}); ok {
				t.Errorf("Reveal matched a wrong candidate")
			}
		})
	}
}

func TestStatsAndUsage(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			writeSample(t, cfg)
			r := mustReader(t, cfg)
			st, err := r.Stats(context.Background(), Filter{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			want := Stats{
				Records: 5, Requests: 5,
				ByDay:     []Bucket{{"2026-11-02", 2}, {"2026-11-03", 2}, {"2026-11-04", 1}},
				ByService: []Bucket{{"chatgpt-web", 3}, {"claude-web", 1}, {"gemini", 1}},
				ByAction:  []Bucket{{"redact", 2}, {"allow", 1}, {"block", 1}, {"warn", 1}},
				ByType:    []Bucket{{"IBAN", 3}, {"SPECIAL_CATEGORY", 2}, {"EMAIL", 1}, {"PERSON", 1}, {"PHONE", 1}},
				DayAction: map[string]map[string]int64{"2026-11-02": {"redact": 1, "block": 1},
					"2026-11-03": {"allow": 1, "warn": 1}, "2026-11-04": {"redact": 1}},
				Spans: Spans{"node-a": {1, 5}}, // for CheckSpans
			}
			if d := cmp.Diff(want, st); d != "" {
				t.Errorf("Stats (-want +got)\n%s", d)
			}
			rep, err := r.UsageReport(context.Background(), t0.In(time.Local).Format("2006-01"))
			if err != nil {
				t.Fatal(err)
			}
			wantRep := UsageReport{Month: "2026-11", Services: []ServiceUsage{
				{Service: "chatgpt-web", Requests: 3, Users: 2, Actions: map[string]int64{"redact": 1, "allow": 1, "warn": 1}, Warned: 1,
					Blocked: map[string]int64{}, Redacted: map[string]int64{"IBAN": 1}},
				{Service: "claude-web", Requests: 1, Users: 1, Actions: map[string]int64{"block": 1},
					Blocked: map[string]int64{"SPECIAL_CATEGORY": 2, "PERSON": 1}, Redacted: map[string]int64{}},
				{Service: "gemini", Requests: 1, Users: 1, Actions: map[string]int64{"redact": 1},
					Blocked: map[string]int64{}, Redacted: map[string]int64{"IBAN": 2, "PHONE": 1}},
			},
				// bernd used claude-web and gemini: 3 people, not 4.
				Total: ServiceUsage{Requests: 5, Users: 3, Actions: map[string]int64{"redact": 2, "allow": 1, "warn": 1, "block": 1}, Warned: 1,
					Blocked: map[string]int64{"SPECIAL_CATEGORY": 2, "PERSON": 1}, Redacted: map[string]int64{"IBAN": 3, "PHONE": 1}},
				Spans: Spans{"node-a": {1, 5}}}
			if d := cmp.Diff(wantRep, rep); d != "" {
				t.Errorf("UsageReport (-want +got)\n%s", d)
			}
			if _, err := r.UsageReport(context.Background(), "November"); err == nil {
				t.Error("bad month accepted")
			}
		})
	}
}

// FuzzFilterExact logs a record with fuzzed list items and checks that each
// is found exactly (LIKE wildcards and escapes in values are literal).
func FuzzFilterExact(f *testing.F) {
	f.Add("sozialamt", "KI-RL-3.2", "IBAN")
	f.Add("it_sec", "50%", `a\b`)
	f.Add("%", "_", "\x1f")
	cfg := Config{Dir: f.TempDir(), Node: "n", FlushInterval: time.Millisecond}
	l := mustOpenF(f, cfg)
	defer l.Close()
	r, err := OpenReader(context.Background(), cfg)
	if err != nil {
		f.Fatal(err)
	}
	defer r.Close()
	i := 0
	f.Fuzz(func(t *testing.T, group, rule, typ string) {
		if clean(group) == "" || clean(rule) == "" || clean(typ) == "" || strings.Contains(typ, "=") {
			return
		}
		i++
		id := "fz-" + strconv.Itoa(i)
		if err := l.Log(Entry{RequestID: id, Groups: []string{group}, Rules: []string{rule},
			Findings: map[string]int{typ: 1}, Action: "allow"}); err != nil {
			t.Fatal(err)
		}
		if err := l.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, fl := range []Filter{{Group: group}, {Rule: rule}, {Type: typ}} {
			fl.Limit = -1
			recs, err := r.Query(context.Background(), fl)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, rec := range recs {
				found = found || rec.RequestID == id
				if fl.Group != "" && !slices.Contains(rec.Groups, clean(group)) ||
					fl.Rule != "" && !slices.Contains(rec.Rules, clean(rule)) ||
					fl.Type != "" && rec.Findings[clean(typ)] == 0 {
					t.Errorf("filter %+v matched record %s without the item", fl, rec.RequestID)
				}
			}
			if !found {
				t.Errorf("filter %+v did not find %s", fl, id)
			}
		}
	})
}

func mustOpenF(f *testing.F, cfg Config) *Logger {
	l, err := Open(context.Background(), cfg)
	if err != nil {
		f.Fatal(err)
	}
	return l
}

// TestRequestIDIndexed: a search by Vorgangsnummer (the request id a notice
// quotes) is answered from an index, not by reading the whole log; a log
// written before the index existed gets it when the writer next opens it.
func TestRequestIDIndexed(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			writeSample(t, cfg)
			st := rawDB(t, cfg)
			ctx := context.Background()
			if _, err := st.db.ExecContext(ctx, "DROP INDEX audit_records_request_id"); err != nil {
				t.Fatal(err) // the writer created it
			}
			st.close()
			mustOpen(t, cfg).Close() // an older log: the next start adds the index
			st = rawDB(t, cfg)
			q := "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'audit_records_request_id'"
			if st.postgres {
				q = "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'audit_records_request_id'"
			}
			var n int
			if err := st.db.QueryRowContext(ctx, q).Scan(&n); err != nil || n != 1 {
				t.Fatalf("index audit_records_request_id: %d, %v", n, err)
			}
			if st.postgres {
				return // the planner reads 5 rows sequentially whatever the indexes
			}
			r := mustReader(t, cfg)
			where, args, err := r.where(Filter{RequestID: "r3"})
			if err != nil {
				t.Fatal(err)
			}
			if p := queryPlan(t, st, "SELECT "+recordColumns+" FROM audit_records"+where+" ORDER BY ts, node, seq", args...); !strings.Contains(p, "USING INDEX audit_records_request_id") {
				t.Errorf("request id search plan = %q, want the request id index", p)
			}
			if recs, err := r.Query(ctx, Filter{RequestID: "r3"}); err != nil || len(recs) != 1 {
				t.Errorf("Query(r3) = %d records, %v", len(recs), err)
			}
		})
	}
}

// FuzzNoticeRequestID: a request id as the proxy makes it (hex), pasted
// from any part of a notice, with its label (German or English, in any
// case), blanks and the sentence's full stop, is that id; an id alone is
// itself.
func FuzzNoticeRequestID(f *testing.F) {
	f.Add([]byte("\x01\x93\x7f\x00\x12\x34\xab\xcd\xef\x01\x23\x45"), uint8(0), " ", true)
	f.Add([]byte("r3"), uint8(1), "", false)
	f.Add([]byte{}, uint8(2), "\t\n", true)
	f.Fuzz(func(t *testing.T, b []byte, label uint8, pad string, dot bool) {
		if len(b) == 0 || strings.TrimSpace(pad) != "" {
			return
		}
		id := fmt.Sprintf("%x", b)
		if got := NoticeRequestID(id); got != id {
			t.Fatalf("NoticeRequestID(%q) = %q", id, got)
		}
		// As the notices write it: proxy/notice.go, proxy/intercept.go.
		labels := []string{"Vorgangsnummer: ", "Reference number (Vorgangsnummer): ", "Reference number: "}
		l := labels[int(label)%len(labels)]
		if label&4 != 0 {
			l = strings.ToLower(l)
		}
		s := pad + l + id
		if dot {
			s += "."
		}
		if got := NoticeRequestID(s + pad); got != id {
			t.Fatalf("NoticeRequestID(%q) = %q, want %q", s+pad, got, id)
		}
	})
}

// TestQueryUsesTimeIndex: a query with no filter (audit query --newest,
// the newest records an auditor looks at first) walks the time index
// instead of reading and sorting the whole table: SQLite planned a full
// scan with a temporary B-tree for ORDER BY ts LIMIT n without a WHERE,
// and the newest 1000 of 200 000 records took 0.9 s instead of 0.04 s.
func TestQueryUsesTimeIndex(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "node-a"}
	writeSample(t, cfg)
	r := mustReader(t, cfg)
	for _, f := range []Filter{{Newest: true, Limit: 1000}, {}, {Limit: -1, Offset: 500}, {RequestID: "r3"}} {
		q, args, err := r.querySQL(f)
		if err != nil {
			t.Fatal(err)
		}
		p := queryPlan(t, r.st, q, args...)
		want := "USING INDEX audit_records_ts"
		if f.RequestID != "" {
			want = "USING INDEX audit_records_request_id"
		}
		if !strings.Contains(p, want) || f.RequestID == "" && strings.Contains(p, "TEMP B-TREE FOR ORDER BY") {
			t.Errorf("%+v: plan %q, want %s", f, p, want)
		}
	}
	if recs, err := r.Query(context.Background(), Filter{Newest: true, Limit: 2}); err != nil || len(recs) != 2 || recs[0].Seq != 5 {
		t.Errorf("newest 2: %+v, %v", recs, err)
	}
}

// queryPlan is SQLite's plan for q, its steps joined by "; ".
func queryPlan(t *testing.T, st *sqlStore, q string, args ...any) string {
	t.Helper()
	rows, err := st.db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}
