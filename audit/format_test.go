package audit

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
	if !strings.HasPrefix(out, "ZEIT  ") || !strings.Contains(out, "E-Mail-Adresse (EMAIL): 1, Bankverbindung (IBAN): 2") || strings.Count(out, "\n") != 3 {
		t.Errorf("table:\n%s", out)
	}
	// The findings German first with the type after it, as the web view's
	// table; the machine form is for CSV and JSON.
	if strings.Contains(out, "IBAN=2") {
		t.Errorf("table shows the findings' machine form:\n%s", out)
	}
	// The decision too, as the web view's column: "gesperrt (block)".
	if !strings.Contains(out, " geschwärzt (redact) ") || !strings.Contains(out, " gesperrt (block) ") {
		t.Errorf("table's decision not German first:\n%s", out)
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

// TestExportSchema: the keys of the json format and the columns of the csv
// format, in their order, are a contract with the scripts and spreadsheets
// that read exports and with verify --file (docs/audit.md §7 lists them):
// a change here is a change of the schema, to be documented as one. The
// json format leaves out the keys marked optional when they are empty.
func TestExportSchema(t *testing.T) {
	rec := Record{Seq: 1, Time: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), RequestID: "r", Node: "n", User: "u-0123456789abcdef",
		Groups: []string{"g"}, ServiceID: "s", Host: "h", Path: "/p", Action: "allow", Rules: []string{"KI-RL-1.1"},
		Findings: map[string]int{"IBAN": 1}, Fingerprints: []string{"f"}, Justification: "j", Bytes: 1, LatencyMS: 0.5,
		PolicyRevision: "rev", PrevHash: "", Hash: "x"}
	keysOf := func(rec Record) []string {
		var buf bytes.Buffer
		if err := WriteRecords(&buf, []Record{rec}, "json", CSVOptions{}); err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(&buf)
		dec.Token() // {
		var keys []string
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var v json.RawMessage
			dec.Decode(&v)
		}
		return keys
	}
	all := []string{"seq", "time", "request_id", "node", "user", "groups", "service_id", "host", "path", "action", "rules",
		"findings", "fingerprints", "justification", "bytes", "latency_ms", "policy_revision", "prev_hash", "hash"}
	if d := cmp.Diff(all, keysOf(rec)); d != "" {
		t.Errorf("json keys (-documented +written)\n%s", d)
	}
	optional := []string{"groups", "rules", "findings", "fingerprints", "justification", "policy_revision"}
	bare := rec
	bare.Groups, bare.Rules, bare.Findings, bare.Fingerprints, bare.Justification, bare.PolicyRevision = nil, nil, nil, nil, "", ""
	if d := cmp.Diff(slices.DeleteFunc(slices.Clone(all), func(k string) bool { return slices.Contains(optional, k) }), keysOf(bare)); d != "" {
		t.Errorf("json keys of a record without the optional ones (-documented +written)\n%s", d)
	}
	cols := []string{"time", "node", "seq", "request_id", "user", "groups", "service_id", "host", "path", "action", "rules",
		"findings", "fingerprints", "justification", "bytes", "latency_ms", "policy_revision", "prev_hash", "hash"}
	if d := cmp.Diff(cols, csvHeader); d != "" {
		t.Errorf("csv columns (-documented +written)\n%s", d)
	}
}
