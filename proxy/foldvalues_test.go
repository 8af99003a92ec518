package proxy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// TestFindingValuesFoldedOnce: a finding's value and its written form come
// from one fold of its text, and a text found again, in the same field or
// another, is not folded again. Before, valueAt and writtenAt folded every
// finding's text once each (foldText's reading of numbers, ≈2–4 K
// instructions for an IBAN or a date): 18 folds for the 9 findings of the
// three fields below, 32 per request of the benchmark's 16 KB prompt (16
// findings of 7 values).
func TestFindingValuesFoldedOnce(t *testing.T) {
	calls := 0
	was := foldValueText
	foldValueText = func(s string) (string, []int32, []int32, bool) {
		calls++
		return was(s)
	}
	defer func() { foldValueText = was }()
	at := func(text string, values ...string) []detectors.Finding {
		var fs []detectors.Finding
		for _, v := range values {
			for i := 0; ; {
				j := strings.Index(text[i:], v)
				if j < 0 {
					break
				}
				fs = append(fs, detectors.Finding{Type: "X", Start: i + j, End: i + j + len(v)})
				i += j + len(v)
			}
		}
		return fs
	}
	iban, phone, name := "DE89-3704-0044-0532-0130-00", "0228\u00ad123456", "Anna Schmidt"
	one := "Konto " + iban + " von " + name + ", Tel. " + phone + "; " + name + " zahlt an " + iban + "."
	two := "Rückruf unter " + phone + " bei " + name + "."
	// a file name, read with blanks for its joints (fileNameField)
	file, read := "Abmahnung_AZ-2026-0815_Anna_Schmidt.pdf", "Abmahnung AZ 2026 0815 Anna Schmidt.pdf"
	r := &run{scans: []scanned{
		{field: 0, text: one, findings: at(one, iban, name, phone)},
		{field: 1, text: two, findings: at(two, phone, name)},
		{field: 2, text: file, read: read, findings: []detectors.Finding{{Type: "X", Start: 10, End: 22}, {Type: "X", Start: 23, End: 35}}},
	}}
	if n := len(r.scans[0].findings) + len(r.scans[1].findings); n != 7 {
		t.Fatalf("%d findings, want 7", n)
	}
	r.foldValues()
	// iban, name, phone; the file's two pieces as read, and its
	// Aktenzeichen with its hyphens kept (keptJoints); "Anna Schmidt" as
	// read is the name above.
	if calls != 5 {
		t.Errorf("%d folds, want 5", calls)
	}
	for i := range r.scans {
		s := &r.scans[i]
		for j, f := range s.findings {
			value, written := withoutFolds(s.text[f.Start:f.End]), writtenForm(s.text[f.Start:f.End])
			if s.read != "" {
				value, written = withoutFolds(s.read[f.Start:f.End]), writtenForm(keptJoints(s.read[f.Start:f.End], s.text[f.Start:f.End]))
			}
			if s.valueAt(j) != value || s.writtenAt(j) != written {
				t.Errorf("scan %d finding %d: %q, %q; want %q, %q", i, j, s.valueAt(j), s.writtenAt(j), value, written)
			}
		}
	}
	for _, want := range []struct {
		scan, j        int
		value, written string
	}{
		{0, 0, "DE89 3704 0044 0532 0130 00", iban}, {1, 0, "0228123456", "0228123456"}, {2, 0, "AZ 2026 0815", "AZ-2026-0815"},
	} {
		if s := &r.scans[want.scan]; s.valueAt(want.j) != want.value || s.writtenAt(want.j) != want.written {
			t.Errorf("scan %d finding %d: %q, %q; want %q, %q", want.scan, want.j, s.valueAt(want.j), s.writtenAt(want.j), want.value, want.written)
		}
	}
	// More texts than the memo holds in place (eight): the rest in its map.
	calls = 0
	var b strings.Builder
	var many []string
	for i := range 20 {
		v := fmt.Sprintf("Person%c Muster %d", 'A'+i, 1000+i)
		many = append(many, v)
		fmt.Fprintf(&b, "%s und %s. ", v, v)
	}
	text := b.String()
	r = &run{scans: []scanned{{field: 0, text: text, findings: at(text, many...)}, {field: 1, text: text, findings: at(text, many...)}}}
	r.foldValues()
	if calls != 20 {
		t.Errorf("20 texts, four times each: %d folds, want 20", calls)
	}
	for i := range r.scans {
		s := &r.scans[i]
		for j, f := range s.findings {
			if v := s.text[f.Start:f.End]; s.valueAt(j) != withoutFolds(v) || s.writtenAt(j) != writtenForm(v) {
				t.Errorf("%q: %q, %q", v, s.valueAt(j), s.writtenAt(j))
			}
		}
	}
	// A scan asked on its own (no foldValues) folds each of its texts once.
	calls = 0
	s := scanned{field: 0, text: one, findings: at(one, iban, name)}
	for j := range s.findings {
		s.valueAt(j)
		s.writtenAt(j)
	}
	if calls != 2 {
		t.Errorf("a scan on its own: %d folds, want 2", calls)
	}
}
