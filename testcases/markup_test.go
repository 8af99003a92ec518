package testcases

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name, doc, text string
		spans           []Span
		bad             bool
	}{
		{"plain", "kein Wert", "kein Wert", nil, false},
		{"one", "Herr {PERSON:Mehmet Yılmaz} wohnt", "Herr Mehmet Yılmaz wohnt", []Span{{"PERSON", 5, 19}}, false},
		{"two", "{IBAN:DE89}{PHONE:0228}", "DE890228", []Span{{"IBAN", 0, 4}, {"PHONE", 4, 8}}, false},
		{"escaped", "Vorlage {{Name}} und {SECRET:a}}b}", "Vorlage {Name} und a}b", []Span{{"SECRET", 19, 22}}, false},
		{"unclosed", "{PERSON:Anna", "", nil, true},
		{"nested", "{PERSON:{EMAIL:x}}", "", nil, true},
		{"bad type", "{person:Anna}", "", nil, true},
		{"stray", "a } b", "", nil, true},
		{"empty", "{PERSON:}", "", nil, true},
	}
	for _, c := range cases {
		text, spans, err := Parse(c.doc)
		if c.bad {
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
			continue
		}
		if err != nil || text != c.text || !reflect.DeepEqual(spans, c.spans) {
			t.Errorf("%s: Parse(%q) = %q, %v, %v; want %q, %v", c.name, c.doc, text, spans, err, c.text, c.spans)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("Herr {PERSON:Mehmet Yılmaz} wohnt")
	f.Add("Vorlage {{Name}} und {SECRET:a}}b}")
	f.Fuzz(func(t *testing.T, doc string) {
		text, spans, err := Parse(doc)
		if err != nil {
			return
		}
		for _, s := range spans {
			if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("bad span %+v for %q", s, doc)
			}
		}
	})
}
