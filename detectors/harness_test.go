package detectors

import (
	"bytes"
	"strings"
	"testing"
)

// marked parses a table entry in which every expected value is written as
// [[value]]. It returns the plain text and the expected spans.
func marked(s string) (string, []Span) {
	var b strings.Builder
	var spans []Span
	for {
		i := strings.Index(s, "[[")
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.Index(s[i:], "]]")
		b.WriteString(s[:i])
		start := b.Len()
		b.WriteString(s[i+2 : i+j])
		spans = append(spans, Span{start, b.Len()})
		s = s[i+j+2:]
	}
	return b.String(), spans
}

// checkTable runs d alone and through an engine with only d's type on every
// true positive (values marked [[…]]) and false positive (no finding of d's
// type expected), comparing spans exactly.
func checkTable(t *testing.T, d Detector, tps, fps []string) {
	t.Helper()
	e, err := New(Options{Types: []string{d.Type()}})
	if err != nil {
		t.Fatal(err)
	}
	run := func(name, in string, want []Span) {
		t.Run(name, func(t *testing.T) {
			text, spans := marked(in)
			if want == nil {
				want = spans
			}
			got := spansOf(d.Type(), d.Scan(NewText([]byte(text)), nil))
			if !equalSpans(got, want) {
				t.Errorf("detector on %q:\n got  %v\n want %v", text, quoteSpans(text, got), quoteSpans(text, want))
			}
			// The keywords must fire on the detector's own examples.
			got = spansOf(d.Type(), e.Scan([]byte(text)))
			if !equalSpans(got, want) {
				t.Errorf("engine on %q:\n got  %v\n want %v", text, quoteSpans(text, got), quoteSpans(text, want))
			}
		})
	}
	for i, in := range tps {
		run("tp"+itoaTest(i), in, nil)
	}
	for i, in := range fps {
		run("fp"+itoaTest(i), in, []Span{})
	}
}

func spansOf(typ string, fs []Finding) []Span {
	out := []Span{}
	for _, f := range fs {
		if f.Type == typ {
			out = append(out, Span{f.Start, f.End})
		}
	}
	// Detector output may be unsorted; sort for comparison.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func equalSpans(a, b []Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func quoteSpans(text string, ss []Span) []string {
	var out []string
	for _, s := range ss {
		if s.Start >= 0 && s.End <= len(text) && s.Start <= s.End {
			out = append(out, text[s.Start:s.End])
		}
	}
	return out
}

func itoaTest(i int) string {
	return string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}

// fuzzDetector seeds f from the tables and checks the detector contract on
// arbitrary input: no panic, spans in bounds and on rune boundaries, and
// redacted output has no finding of the detector's type left.
func fuzzDetector(f *testing.F, d Detector, tps, fps []string) {
	for _, s := range append(append([]string{}, tps...), fps...) {
		text, _ := marked(s)
		f.Add([]byte(text))
	}
	e, err := New(Options{Types: []string{d.Type()}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		fs := d.Scan(NewText(in), nil)
		for _, x := range fs {
			if x.Start < 0 || x.End > len(in) || x.Start >= x.End {
				t.Fatalf("span %v out of bounds (len %d)", x, len(in))
			}
			if !onRuneBoundary(in, x.Start) || !onRuneBoundary(in, x.End) {
				t.Fatalf("span %v not on rune boundaries", x)
			}
			if x.Score <= 0 || x.Score > 1 {
				t.Fatalf("score %v", x.Score)
			}
		}
		found := e.Scan(in)
		red := Redact(in, found, PlaceholderLabel(in))
		// Redaction must remove every value it was given and create none. A number the original
		// text held without the context that makes it a finding may become one when a shorter
		// placeholder moves a label within reach ("Tel 0000000000000000 … Nr 0100000"): that is
		// the original's text judged in other surroundings, not a value redaction let through.
		for _, x := range e.Scan(red) {
			v := red[x.Start:x.End]
			removed := false
			for _, f := range found {
				removed = removed || bytes.Equal(in[f.Start:f.End], v)
			}
			if removed || !bytes.Contains(in, v) {
				t.Fatalf("redacted %q still has %s %q", red, x.Type, v)
			}
		}
	})
}
