package audit

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestUpstreamRecords: the record of a failed send (a second record of a
// forwarded request, rule UpstreamRulePrefix+outcome) is found by the
// upstream filter, counted apart in Stats and not as a request of its own
// in the usage report, and the chain that holds it verifies with the
// records written before as they were (the record format is unchanged).
func TestUpstreamRecords(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			writeSample(t, cfg)
			l := mustOpen(t, cfg)
			for i, e := range []Entry{
				// r3 (allow) was sent, but the service did not answer in time;
				// r5 (redact) reached it, and it answered 503.
				{Time: t0.Add(25*time.Hour + time.Second), RequestID: "r3", UserName: "Anna.Schmidt", Groups: []string{"sozialamt"}, ServiceID: "chatgpt-web",
					Host: "chatgpt.com", Path: "/backend-api/conversation", Action: "allow", Rules: []string{UpstreamRulePrefix + "timeout"}, PolicyRevision: "rev-1"},
				{Time: t0.Add(49*time.Hour + time.Second), RequestID: "r5", UserName: "bernd", Groups: []string{"it"}, ServiceID: "gemini",
					Host: "gemini.google.com", Path: "/_/BardChatUi", Action: "redact", Rules: []string{UpstreamRulePrefix + "status_5xx"}, PolicyRevision: "rev-2"},
			} {
				if err := l.Log(e); err != nil {
					t.Fatalf("entry %d: %v", i, err)
				}
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			r := mustReader(t, cfg)
			ctx := context.Background()
			for _, c := range []struct {
				f    Filter
				want []string
			}{
				{Filter{Upstream: "any"}, []string{"r3", "r5"}},
				{Filter{Upstream: "timeout"}, []string{"r3"}},
				{Filter{Upstream: "status_5xx"}, []string{"r5"}},
				{Filter{Upstream: "dns"}, []string{}},
				{Filter{RequestID: "r3"}, []string{"r3", "r3"}}, // the decision and its failed send
			} {
				recs, err := r.Query(ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(c.want, ids(recs)); d != "" {
					t.Errorf("%+v (-want +got)\n%s", c.f, d)
				}
			}
			if _, err := r.Query(ctx, Filter{Upstream: "timeouts"}); err == nil {
				t.Error("an unknown outcome matched nothing instead of being an error")
			}
			st, err := r.Stats(ctx, Filter{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			if st.Records != 7 || !cmp.Equal(st.ByUpstream, []Bucket{{"status_5xx", 1}, {"timeout", 1}}) {
				t.Errorf("Stats: %d records, by upstream %v; want 7 and status_5xx=1 timeout=1", st.Records, st.ByUpstream)
			}
			// Each request once, the failed sends apart: before, the only
			// total was the 7 records, two of them no further request.
			if st.Requests != 5 || st.UpstreamFailed != 2 {
				t.Errorf("Stats: %d requests, %d failed sends; want 5 and 2", st.Requests, st.UpstreamFailed)
			}
			// The decisions are counted once: a failed send repeats its
			// request's action, service and day (r3 allow, r5 redact).
			wantDecisions := Stats{
				ByDay:     []Bucket{{"2026-11-02", 2}, {"2026-11-03", 2}, {"2026-11-04", 1}},
				ByService: []Bucket{{"chatgpt-web", 3}, {"claude-web", 1}, {"gemini", 1}},
				ByAction:  []Bucket{{"redact", 2}, {"allow", 1}, {"block", 1}, {"warn", 1}},
				DayAction: map[string]map[string]int64{"2026-11-02": {"redact": 1, "block": 1}, "2026-11-03": {"allow": 1, "warn": 1}, "2026-11-04": {"redact": 1}},
			}
			got := Stats{ByDay: st.ByDay, ByService: st.ByService, ByAction: st.ByAction, DayAction: st.DayAction}
			if d := cmp.Diff(wantDecisions, got); d != "" {
				t.Errorf("Stats count a failed send as a decision of its own (-want +got)\n%s", d)
			}
			// Asked for alone, failed sends are counted by their action
			// and service too.
			for _, f := range []Filter{{Upstream: "timeout"}, {Rule: UpstreamRulePrefix + "timeout"}} {
				f.Location = time.UTC
				st, err := r.Stats(ctx, f)
				if err != nil || st.Records != 1 || st.Requests != 1 || st.UpstreamFailed != 1 || len(st.ByUpstream) != 1 || !cmp.Equal(st.ByAction, []Bucket{{"allow", 1}}) ||
					!cmp.Equal(st.ByService, []Bucket{{"chatgpt-web", 1}}) || !cmp.Equal(st.ByDay, []Bucket{{"2026-11-03", 1}}) {
					t.Errorf("Stats of the timeouts (%+v): %+v, %v", f, st, err)
				}
			}
			rep, err := r.UsageReport(ctx, t0.In(time.Local).Format("2006-01"))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range rep.Services {
				want := map[string][2]int64{"chatgpt-web": {3, 1}, "claude-web": {1, 0}, "gemini": {1, 1}}[s.Service]
				if s.Requests != want[0] || s.UpstreamFailed != want[1] || s.Actions["allow"]+s.Actions["redact"]+s.Actions["warn"]+s.Actions["block"] != want[0] {
					t.Errorf("usage of %s: %d requests, %d failed sends, actions %v; want %d and %d", s.Service, s.Requests, s.UpstreamFailed, s.Actions, want[0], want[1])
				}
			}
			res, err := r.Verify(ctx)
			if err != nil || !res.OK() || res.Nodes[0].Records != 7 {
				t.Fatalf("verify: %+v, %v", res, err)
			}
		})
	}
}

// TestUsageReportRefusedBeforeLogin: the CONNECTs refused because the
// interception CA expired (CAExpiredRule, no user, one record per refusal,
// a browser's retries each) and the requests refused on a connection
// without a login that holds (LoginExpiredRule, no user) are counted apart
// in the usage report, per service and in the total, and in Stats, each
// kind by its rule, not as requests, requests without a login or blocks.
// Before, three retries of one attempt were 3 requests, 3 anonymous
// requests and 3 blocks; until this version the two refusals for want of
// a login were 2 requests without a login and 2 blocks. A refusal of a
// known person, and one without a user after the login (no proxy login configured),
// stay requests.
func TestUsageReportRefusedBeforeLogin(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.cfg(t)
			writeSample(t, cfg)
			l := mustOpen(t, cfg)
			for i := range 3 {
				e := Entry{Time: t0.Add(time.Duration(i) * time.Second), RequestID: fmt.Sprint("ca", i), ServiceID: "claude-web", Host: "claude.ai", Action: "block", Rules: []string{CAExpiredRule}}
				if err := l.Log(e); err != nil {
					t.Fatal(err)
				}
			}
			// A refusal of a known person is a request: only the refusals
			// before the login are set apart.
			if err := l.Log(Entry{Time: t0, RequestID: "late", UserName: "bernd", ServiceID: "claude-web", Action: "block", Rules: []string{LoginExpiredRule}}); err != nil {
				t.Fatal(err)
			}
			// Nobody logged in on the connection: apart, by its rule.
			for i := range 2 {
				if err := l.Log(Entry{Time: t0.Add(time.Duration(i) * time.Second), RequestID: fmt.Sprint("nologin", i), ServiceID: "claude-web", Host: "claude.ai", Action: "block", Rules: []string{LoginExpiredRule}}); err != nil {
					t.Fatal(err)
				}
			}
			// A refusal after the login of a deployment without one
			// (no proxy login configured) is a request without a login.
			if err := l.Log(Entry{Time: t0, RequestID: "anon", ServiceID: "claude-web", Host: "claude.ai", Action: "block", Rules: []string{"schleuse:misdirected"}}); err != nil {
				t.Fatal(err)
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			r := mustReader(t, cfg)
			rep, err := r.UsageReport(context.Background(), t0.In(time.Local).Format("2006-01"))
			if err != nil {
				t.Fatal(err)
			}
			var claude ServiceUsage
			for _, s := range rep.Services {
				if s.Service == "claude-web" {
					claude = s
				}
			}
			byRule := map[string]int64{CAExpiredRule: 3, LoginExpiredRule: 2}
			if claude.Requests != 3 || claude.Anonymous != 1 || claude.Actions["block"] != 3 || claude.RefusedBeforeLogin != 5 || claude.Users != 1 || !cmp.Equal(claude.RefusedByRule, byRule) {
				t.Errorf("claude-web: %+v; want 3 requests (block), 1 user, 1 anonymous, 5 refused before or without login (%v)", claude, byRule)
			}
			if tot := rep.Total; tot.Requests != 7 || tot.RefusedBeforeLogin != 5 || tot.Anonymous != 1 || tot.Users != 3 || tot.Actions["block"] != 3 || !cmp.Equal(tot.RefusedByRule, byRule) {
				t.Errorf("total: %+v; want 7 requests, 5 refused before or without login (%v), 1 anonymous, 3 users, 3 blocks", tot, byRule)
			}
			for _, s := range rep.Services {
				if s.Service != "claude-web" && (s.RefusedBeforeLogin != 0 || s.RefusedByRule != nil) {
					t.Errorf("%s: %+v", s.Service, s)
				}
			}
			// Stats set them apart as well: records 12, requests 7; asked
			// for alone, they are counted by day, service and action.
			st, err := r.Stats(context.Background(), Filter{Location: time.UTC})
			if err != nil || st.Records != 12 || st.Requests != 7 || st.RefusedBeforeLogin != 5 || !cmp.Equal(st.ByRefusal, []Bucket{{CAExpiredRule, 3}, {LoginExpiredRule, 2}}) ||
				!cmp.Equal(st.ByService, []Bucket{{"chatgpt-web", 3}, {"claude-web", 3}, {"gemini", 1}}) || !cmp.Equal(st.ByAction, []Bucket{{"block", 3}, {"redact", 2}, {"allow", 1}, {"warn", 1}}) {
				t.Errorf("Stats: %+v, %v; want 12 records, 7 requests, 5 refused before or without login, not in the lists", st, err)
			}
			st, err = r.Stats(context.Background(), Filter{Location: time.UTC, Rule: CAExpiredRule})
			if err != nil || st.Records != 3 || st.Requests != 3 || st.RefusedBeforeLogin != 3 || !cmp.Equal(st.ByService, []Bucket{{"claude-web", 3}}) {
				t.Errorf("Stats of the refusals alone: %+v, %v", st, err)
			}
			// bernd's request and the two without a login.
			st, err = r.Stats(context.Background(), Filter{Location: time.UTC, Rule: LoginExpiredRule})
			if err != nil || st.Records != 3 || st.Requests != 3 || st.RefusedBeforeLogin != 2 || !cmp.Equal(st.ByRefusal, []Bucket{{LoginExpiredRule, 2}}) || !cmp.Equal(st.ByService, []Bucket{{"claude-web", 3}}) {
				t.Errorf("Stats of login_expired alone: %+v, %v", st, err)
			}
		})
	}
}
