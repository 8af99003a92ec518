package audit

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestVerifyExport: an export (JSON Lines of Query's records) verifies
// without the store, in any line order; a changed, deleted, repeated or
// relinked record breaks its node's chain with the reason Verify gives, a
// noted hash is confirmed or breaks it, and a line that is no record is
// an error. Before, an exported copy could only be trusted as it was
// handed over.
func TestVerifyExport(t *testing.T) {
	cfg := Config{Dir: t.TempDir(), Node: "n1"}
	writeSample(t, cfg)
	r := mustReader(t, cfg)
	recs, err := r.Query(context.Background(), Filter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteRecords(&buf, recs, "json", CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines", len(lines))
	}
	last := Anchor{Node: "n1", Seq: 5, Hash: recs[4].Hash}
	res, err := VerifyExport(strings.NewReader(buf.String()), last)
	if err != nil || !res.OK() || len(res.Nodes) != 1 || res.Nodes[0].Records != 5 || res.Nodes[0].LastHash != recs[4].Hash || res.Nodes[0].Confirmed != 1 {
		t.Fatalf("the export as written: %+v, %v", res, err)
	}
	join := func(ls ...string) string { return strings.Join(ls, "") }
	for _, c := range []struct {
		name, file string
		anchor     *Anchor
		seq        int64
		reason     string
	}{
		{"altered", join(lines[0], lines[1], strings.Replace(lines[2], `"action":"allow"`, `"action":"block"`, 1), lines[3], lines[4]), nil, 3, "content does not match its hash (record altered)"},
		{"deleted", join(lines[0], lines[1], lines[3], lines[4]), nil, 4, "records 3..3 are missing"},
		{"repeated", join(lines[0], lines[1], lines[2], lines[2], lines[3], lines[4]), nil, 3, "record 3 is in the copy twice (inserted)"},
		{"tail cut", join(lines[0], lines[1], lines[2]), &last, 4, "records 4..5 are missing (hash noted at 5)"},
		{"noted differs", buf.String(), &Anchor{Node: "n1", Seq: 2, Hash: recs[4].Hash}, 2, "hash differs from the one noted outside the system (history rewritten)"},
		{"relinked", join(lines[0], lines[1], strings.Replace(lines[2], recs[1].Hash, recs[0].Hash, 1), lines[3], lines[4]), nil, 3, "previous-hash link does not match record 2"},
	} {
		var anchors []Anchor
		if c.anchor != nil {
			anchors = append(anchors, *c.anchor)
		}
		res, err := VerifyExport(strings.NewReader(c.file), anchors...)
		if err != nil || res.OK() || res.Nodes[0].Broken.Seq != c.seq || res.Nodes[0].Broken.Reason != c.reason || res.Nodes[0].Broken.ReasonDE == "" {
			t.Errorf("%s: %+v, %v; want broken at %d: %s", c.name, res, err, c.seq, c.reason)
		}
	}
	// The lines in another order, blank lines between: the same chain.
	res, err = VerifyExport(strings.NewReader(join(lines[4], "\n", lines[2], lines[0], lines[3], lines[1])))
	if err != nil || !res.OK() || res.Nodes[0].Records != 5 {
		t.Errorf("reordered: %+v, %v", res, err)
	}
	// Part of the log (from seq 3): its first link is taken as it stands.
	res, err = VerifyExport(strings.NewReader(join(lines[2], lines[3], lines[4])), Anchor{Node: "n1", Seq: 1, Hash: recs[0].Hash})
	if err != nil || !res.OK() || res.Nodes[0].FirstSeq != 3 || len(res.Nodes[0].Pruned) != 1 {
		t.Errorf("from seq 3: %+v, %v", res, err)
	}
	// A line that decodes to the record as written but reads otherwise in
	// another program: a key repeated ("action" twice: a reader that keeps
	// the first), a key in other case ("Action": Go's decoder matches it,
	// jq and Python read "action"), a finding type repeated. Go's decoder
	// takes the last of each, so the hash checked out; before, such a
	// forged copy verified while jq showed "allow" for a block. A copy is
	// only the log as written when each line is written as audit export
	// writes it.
	action := strings.Index(lines[2], `"action":"`)
	if action < 0 {
		t.Fatalf("no action in %s", lines[2])
	}
	act := lines[2][action : action+strings.Index(lines[2][action+10:], `"`)+11]
	forged := map[string]string{
		"key repeated":      strings.Replace(lines[2], act, `"action":"forged",`+act, 1),
		"key in other case": strings.Replace(lines[2], act, `"action":"forged","Action"`+act[len(`"action"`):], 1),
		"spaces added":      strings.Replace(lines[2], act, strings.Replace(act, ":", ": ", 1), 1),
	}
	for name, line := range forged {
		if line == lines[2] {
			t.Fatalf("%s: nothing changed", name)
		}
		res, err := VerifyExport(strings.NewReader(join(lines[0], lines[1], line, lines[3], lines[4])))
		if err != nil || res.OK() || res.Nodes[0].Broken.Seq != 3 || !strings.Contains(res.Nodes[0].Broken.Reason, "not as audit export writes it") || res.Nodes[0].Broken.ReasonDE == "" {
			t.Errorf("%s: %+v, %v; want broken at 3 (not as written)", name, res, err)
		}
	}
	for _, bad := range []string{"time;node;seq\n", lines[0] + "{\"seq\":6}\n", lines[0] + `{"seq":6,"node":"n1","hash":"ab","secret":"x"}` + "\n"} {
		_, err := VerifyExport(strings.NewReader(bad))
		var le *ExportLineError
		if !errors.As(err, &le) {
			t.Errorf("%q: %v, want an *ExportLineError", bad, err)
		}
	}
}
