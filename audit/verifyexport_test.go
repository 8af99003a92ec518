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
		if !errors.As(err, &le) || le.Cut {
			t.Errorf("%q: %v, want an *ExportLineError, not cut", bad, err)
		}
	}
	// Cut off in the middle of its last line: said so; a line break at
	// the end of the same bad line is a line changed, not cut.
	cut := lines[0] + lines[1][:len(lines[1])/2]
	_, err = VerifyExport(strings.NewReader(cut))
	if le, ok := errors.AsType[*ExportLineError](err); !ok || !le.Cut || le.Line != 2 || !strings.Contains(err.Error(), "ends in the middle of line 2 (cut off)") {
		t.Errorf("a copy cut in line 2: %v, want it named cut", err)
	}
	if _, err := VerifyExport(strings.NewReader(cut + "\n")); err == nil || errors.As(err, new(*ExportLineError)) && strings.Contains(err.Error(), "cut off") {
		t.Errorf("a bad last line with its line break: %v, want no record, not cut", err)
	}
}

// FuzzVerifyExport: an export an auditor is handed may hold anything.
// VerifyExport never panics; what it does not call an error is a result
// per node; a line it calls cut off is the file's last and ends without a
// line break. Seeded with an export as written, cut in a line, with a
// line changed, repeated, swapped and moved past a gap, and a CSV line.
func FuzzVerifyExport(f *testing.F) {
	cfg := Config{Dir: f.TempDir(), Node: "n1"}
	l := mustOpenF(f, cfg)
	for _, id := range []string{"r1", "r2", "r3"} {
		if err := l.Log(Entry{RequestID: id, UserName: "anna", ServiceID: "openai-api", Action: "redact", Findings: map[string]int{"IBAN": 1}}); err != nil {
			f.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		f.Fatal(err)
	}
	r, err := OpenReader(context.Background(), cfg)
	if err != nil {
		f.Fatal(err)
	}
	recs, err := r.Query(context.Background(), Filter{Limit: -1})
	r.Close()
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteRecords(&buf, recs, "json", CSVOptions{}); err != nil {
		f.Fatal(err)
	}
	out := buf.String()
	lines := strings.SplitAfter(out, "\n")
	f.Add(out)
	f.Add(out[:len(out)-20])
	f.Add(strings.Replace(out, `"action":"redact"`, `"action":"allow"`, 1))
	// A gap note (audit note-gap) naming a gap of the copy, and one
	// naming records that exist.
	note := Record{Seq: 4, Time: recs[2].Time, Node: "n1", User: "u-0123456789abcdef", RequestID: "gap-2-2", Action: GapNoteAction, Rules: []string{GapNoteRule}, Path: "2..2", Justification: "Sicherung zurückgespielt", PrevHash: recs[2].Hash}
	note.Hash = note.ComputeHash()
	var nb bytes.Buffer
	if err := WriteRecords(&nb, []Record{note}, "json", CSVOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(lines[0] + lines[2] + nb.String())
	f.Add(out + nb.String())
	f.Add(out + lines[1])
	f.Add(lines[1] + lines[0] + lines[2])
	f.Add(lines[0] + lines[2] + strings.Replace(lines[1], `"seq":2,`, `"seq":9,`, 1)) // moved past a gap (uncovered.refine)
	f.Add("time;node;seq\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		res, err := VerifyExport(strings.NewReader(in))
		if le, ok := errors.AsType[*ExportLineError](err); ok && le.Cut && strings.HasSuffix(in, "\n") {
			t.Errorf("line %d called cut off in a file that ends with a line break", le.Line)
		}
		if err == nil {
			for _, n := range res.Nodes {
				if n.Node == "" {
					t.Errorf("a node without a name: %+v", n)
				}
			}
		}
	})
}
