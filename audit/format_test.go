package audit

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func fmtRecords() []Record {
	return []Record{{Seq: 1, Time: t0, RequestID: "r1", Node: "n", User: "u-0011223344556677", Groups: []string{"sozialamt", "it"},
		ServiceID: "chatgpt-web", Host: "chatgpt.com", Path: "/p", Action: "redact", Rules: []string{"KI-RL-3.2"},
		Findings: map[string]int{"IBAN": 2, "EMAIL": 1}, Fingerprints: []string{"aa", "bb"},
		Justification: "=HYPERLINK(\"http://x\";\"Klick\")", Bytes: 10, LatencyMS: 1.5, Hash: "h1"},
		{Seq: 2, Time: t0.Add(time.Minute), RequestID: "r2", Node: "n", User: "u-2", ServiceID: "claude-web",
			Action: "block", Justification: "Übergabe; \"Zitat\"\nzweite Zeile", PrevHash: "h1", Hash: "h2"}}
}

func TestWriteRecordsCSV(t *testing.T) {
	for _, semi := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteRecords(&buf, fmtRecords(), "csv", CSVOptions{Semicolon: semi}); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
			t.Fatal("no UTF-8 BOM")
		}
		cr := csv.NewReader(bytes.NewReader(b[3:]))
		if semi {
			cr.Comma = ';'
		}
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || len(rows[0]) != len(csvHeader) || rows[0][0] != "time" {
			t.Fatalf("rows: %q", rows)
		}
		if rows[1][11] != "EMAIL=1 IBAN=2" || rows[1][5] != "sozialamt it" || rows[1][15] != "1.500" {
			t.Errorf("row 1: %q", rows[1])
		}
		if !strings.HasPrefix(rows[1][13], "'=") {
			t.Errorf("formula not defused: %q", rows[1][13])
		}
		if rows[2][13] != "Übergabe; \"Zitat\"\nzweite Zeile" {
			t.Errorf("quoting lost: %q", rows[2][13])
		}
		if rows[1][0] != "2026-11-02T09:00:00Z" {
			t.Errorf("time: %q", rows[1][0])
		}
	}
	var buf bytes.Buffer
	WriteRecords(&buf, nil, "csv", CSVOptions{NoBOM: true})
	if bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Error("BOM despite NoBOM")
	}
}

func TestWriteRecordsJSONAndTable(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRecords(&buf, fmtRecords(), "json", CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("json lines: %d", len(lines))
	}
	var r Record
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil || r.Findings["IBAN"] != 2 || !r.Time.Equal(t0) {
		t.Fatalf("json round trip: %+v %v", r, err)
	}
	buf.Reset()
	if err := WriteRecords(&buf, fmtRecords(), "table", CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "ZEIT  ") || !strings.Contains(out, "EMAIL=1 IBAN=2") || strings.Count(out, "\n") != 3 {
		t.Errorf("table:\n%s", out)
	}
	// The table shows local time with its zone, so that nobody reads it
	// as the UTC of the exports.
	if local := t0.In(time.Local).Format("2006-01-02 15:04:05 MST"); !strings.Contains(out, local) {
		t.Errorf("table: no %q (local time with zone):\n%s", local, out)
	}
	if err := WriteRecords(&buf, nil, "xml", CSVOptions{}); err == nil {
		t.Error("unknown format accepted")
	}
}
