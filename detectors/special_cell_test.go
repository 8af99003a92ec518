package detectors

import (
	"bytes"
	"testing"
)

// TestCellAtBounded: a cell is looked for only on a line a table's row can
// be, so that every finding on one long line reads a bounded part of it.
// Before the bound, each "Diabetiker" of a megabyte-long ';' row read the
// whole row (BenchmarkScanWorstCase nametable: 71 s for 1 MB, remarks 56 s).
func TestCellAtBounded(t *testing.T) {
	row := []byte("Jahr | Pflegebedürftige gesamt | Pflegegrad 1\n2019 | 38.412 | 2.140\n")
	s := bytes.Index(row, []byte("Pflegebedürftige"))
	ls, le, cs, col, sep := cellAt(row, s, s+len("Pflegebedürftige"), "|\t;")
	if sep != '|' || ls != 0 || le != bytes.IndexByte(row, '\n') || cs != bytes.IndexByte(row, '|')+1 || col != 1 {
		t.Errorf("short row: cellAt = %d %d %d %d %q", ls, le, cs, col, sep)
	}
	if !countColumnHeader(row, s, s+len("Pflegebedürftige")) {
		t.Error("short row: the header over a column of counts is not found")
	}

	for _, tc := range []struct {
		name string
		text []byte
	}{
		{"long line before", append(bytes.Repeat([]byte("Name;Ort;"), 2000), "Diabetiker;Bonn;\n"...)},
		{"long line after", append([]byte("Name;Diabetiker;"), bytes.Repeat([]byte("Ort;Bonn;"), 2000)...)},
	} {
		s := bytes.Index(tc.text, []byte("Diabetiker"))
		if _, _, _, _, sep := cellAt(tc.text, s, s+len("Diabetiker"), ";|\t"); sep != 0 {
			t.Errorf("%s: a line of %d bytes taken for a table's row (sep %q)", tc.name, len(tc.text), sep)
		}
	}
}

func TestNthCell(t *testing.T) {
	for _, tc := range []struct {
		row  string
		col  int
		want string
		ok   bool
	}{
		{"a|b|c", 0, "a", true},
		{"a|b|c", 1, "b", true},
		{"a|b|c", 2, "c", true},
		{"a|b|c", 3, "", false},
		{"|x|", 1, "x", true},
	} {
		got := nthCell([]byte(tc.row), '|', tc.col)
		if string(got) != tc.want || (got != nil) != tc.ok {
			t.Errorf("nthCell(%q, %d) = %q (nil %v), want %q", tc.row, tc.col, got, got == nil, tc.want)
		}
	}
}

func TestOpensCell(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Pflegegrad", true},
		{"Jahr | Pflegegrad", true},
		{"Jahr;Pflegegrad", true},
		{"Jahr\tPflegegrad", true},
		{"Jahr\n  Pflegegrad", true},
		{"Jahr |\u00a0Pflegegrad", true}, // a no-break space: left to cellAt's reading
		{"hat Pflegegrad", false},
		{"HIV HIV Pflegegrad", false},
		{"Jahr,Pflegegrad", false},
	} {
		if got := opensCell([]byte(tc.text), len(tc.text)-len("Pflegegrad")); got != tc.want {
			t.Errorf("opensCell(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
