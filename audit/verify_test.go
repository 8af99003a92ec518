package audit

import (
	"context"
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
	}{
		{"edited action", "UPDATE audit_records SET action = 'allow_x' WHERE node = 'node-a' AND seq = ?", 734, 734, "altered"},
		{"edited fingerprints", "UPDATE audit_records SET fingerprints = '' WHERE node = 'node-a' AND seq = ?", 7, 7, "altered"},
		{"edited hash too", "UPDATE audit_records SET action = 'block', hash = 'ff' WHERE node = 'node-a' AND seq = ?", 50, 50, "altered"},
		{"deleted row", "DELETE FROM audit_records WHERE node = 'node-a' AND seq = ?", 600, 601, "missing"},
		{"deleted head", "DELETE FROM audit_records WHERE node = 'node-a' AND seq <= ?", 3, 4, "missing"},
		{"cut tail behind checkpoint", "DELETE FROM audit_records WHERE node = 'node-a' AND seq >= ?", 900, 900, "missing"},
		{"forged checkpoint", "UPDATE audit_checkpoints SET hash = 'ab' WHERE node = 'node-a' AND seq = ?", 1000, 1000, "checkpoint"},
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					cfg := b.cfg(t)
					l := mustOpen(t, cfg)
					logN(t, l, 0, 1100, t0)
					if err := l.Close(); err != nil {
						t.Fatal(err)
					}
					r := mustReader(t, cfg)
					res, err := r.Verify(context.Background())
					if err != nil || !res.OK() || res.Nodes[0].Records != 1100 {
						t.Fatalf("before tampering: %+v, %v", res, err)
					}
					st := rawDB(t, cfg)
					if _, err := st.db.Exec(st.q(c.tamper), c.seq); err != nil {
						t.Fatal(err)
					}
					res, err = r.Verify(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					br := res.Nodes[0].Broken
					if br == nil || br.Seq != c.wantSeq || !strings.Contains(br.Reason, c.reason) {
						t.Fatalf("want broken at %d (%s), got %+v", c.wantSeq, c.reason, br)
					}
				})
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
			cfg.Retention = 365 * 24 * time.Hour
			l = mustOpen(t, cfg) // prunes at start
			logN(t, l, 2500, 10, time.Now())
			if err := l.Close(); err != nil {
				t.Fatal(err)
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
		})
	}
}
