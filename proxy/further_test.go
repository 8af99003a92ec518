package proxy

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schleuse/schleuse/internal/benchcpu"
	"github.com/schleuse/schleuse/internal/byteset"
	"github.com/schleuse/schleuse/providers"
)

// TestPipelineRedactsEveryOccurrence: the detectors find the address once
// (a server that "antwortet"); the same value after "steht auf" has no such
// context. Both are replaced by the same pseudonym in every message, a
// longer token that merely contains the value is not touched, and the
// answer shows the original value again at both places.
func TestPipelineRedactsEveryOccurrence(t *testing.T) {
	h := newPipeHarness(t, nil)
	const ip = "10.1.2.3"
	prompt := "Der Server " + ip + " antwortet nicht.\nDie Firmware steht auf " + ip + " seit gestern, Build 10.1.2.3-beta."
	history := "Gestern lief " + ip + " noch."
	body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{
		map[string]any{"role": "user", "content": history},
		map[string]any{"role": "assistant", "content": "Verstanden."},
		map[string]any{"role": "user", "content": prompt},
	}})
	resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, answer)
	}
	var sent struct {
		Messages []struct{ Content string } `json:"messages"`
	}
	if err := json.Unmarshal([]byte(h.llm.last()), &sent); err != nil || len(sent.Messages) != 3 {
		t.Fatalf("upstream body: %v %s", err, h.llm.last())
	}
	hist, last := sent.Messages[0].Content, sent.Messages[2].Content
	if strings.Count(last, ip) != 1 || !strings.Contains(last, "Build 10.1.2.3-beta") || strings.Contains(hist, ip) {
		t.Fatalf("an occurrence of the value reached the service, or a longer token was cut:\n%s\n%s", hist, last)
	}
	// The same replacement at all three places.
	p1 := between(last, "Der Server ", " antwortet")
	p2 := between(last, "steht auf ", " seit")
	p3 := between(hist, "Gestern lief ", " noch")
	if p1 == "" || p1 != p2 || p1 != p3 {
		t.Fatalf("replacements differ: %q %q %q", p1, p2, p3)
	}
	var a struct {
		Choices []struct{ Message struct{ Content string } } `json:"choices"`
	}
	if err := json.Unmarshal(answer, &a); err != nil || len(a.Choices) != 1 {
		t.Fatalf("answer: %v %s", err, answer)
	}
	if got := a.Choices[0].Message.Content; got != "Sie schrieben: "+prompt {
		t.Fatalf("answer not restored:\n%s", got)
	}
}

func between(s, before, after string) string {
	_, rest, ok := strings.Cut(s, before)
	if !ok {
		return ""
	}
	v, _, ok := strings.Cut(rest, after)
	if !ok {
		return ""
	}
	return v
}

func TestTokenEdge(t *testing.T) {
	for _, c := range []struct {
		text, value string
		whole       bool
	}{
		{"auf 10.1.2.3 seit", "10.1.2.3", true},
		{"auf 10.1.2.3.", "10.1.2.3", true},
		{"(10.1.2.3)", "10.1.2.3", true},
		{"10.1.2.3", "10.1.2.3", true},
		{"Tel:0228 123456", "0228 123456", true},
		{"Müller, bitte", "Müller", true},
		{"„Müller“", "Müller", true},
		{"110.1.2.3", "10.1.2.3", false},
		{"10.1.2.34", "10.1.2.3", false},
		{"10.1.2.3.4", "10.1.2.3", false},
		{"0.10.1.2.3", "10.1.2.3", false},
		{"12:10.1.2.3", "10.1.2.3", false},
		{"10.1.2.3-beta", "10.1.2.3", false},
		{"Müller-Thurgau", "Müller", false},
		{"Müllers", "Müller", false},
		{"ÄMüller", "Müller", false},
		{"x@10.1.2.3", "10.1.2.3", false},
	} {
		i := strings.Index(c.text, c.value)
		if got := tokenEdge(c.text, i, i+len(c.value)); got != c.whole {
			t.Errorf("tokenEdge(%q, %q) = %v, want %v", c.text, c.value, got, c.whole)
		}
	}
}

// furtherCases are the table of TestFurtherEdits and the seeds of
// FuzzFurtherEdits: a field's text and the value found at its last
// occurrence.
var furtherCases = []struct{ text, value, want string }{
	{"Server 10.1.2.3 antwortet, Firmware steht auf 10.1.2.3.", "10.1.2.3", "Server X antwortet, Firmware steht auf X."},
	{"Build 10.1.2.3-beta, Server 10.1.2.3 antwortet", "10.1.2.3", "Build 10.1.2.3-beta, Server X antwortet"},
	{"Herr Peter Müller; Peter Müller-Lüdenscheidt; Peter Müller.", "Peter Müller", "Herr X; Peter Müller-Lüdenscheidt; X."},
	{"ba a a; a a", "a a", "ba X; X"}, // an occurrence overlapping one that is not whole
	{"Li und Li", "Li", "Li und X"},   // too short to look for elsewhere
}

func TestFurtherEdits(t *testing.T) {
	for _, c := range furtherCases {
		start := strings.LastIndex(c.text, c.value)
		got := applyTo(c.text, furtherEdits([]string{c.text}, []providers.Edit{{Field: 0, Start: start, End: start + len(c.value), Replacement: "X"}}))
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
	// Two fields, two values, the longer one first: "Anna Schmidt" claims
	// its span before "Schmidt" could.
	texts := []string{"Frau Anna Schmidt und Herr Schmidt.", "Anna Schmidt schrieb; Schmidt antwortete."}
	edits := furtherEdits(texts, []providers.Edit{
		{Field: 0, Start: 27, End: 34, Replacement: "S"},
		{Field: 0, Start: 5, End: 17, Replacement: "A"},
	})
	if got := applyTo(texts[1], edits, 1); got != "A schrieb; S antwortete." {
		t.Errorf("second field: %q", got)
	}
}

// applyTo applies the edits of field (0 unless given) to text.
func applyTo(text string, edits []providers.Edit, field ...int) string {
	f := 0
	if len(field) > 0 {
		f = field[0]
	}
	mine := slices.DeleteFunc(slices.Clone(edits), func(e providers.Edit) bool { return e.Field != f })
	slices.SortFunc(mine, func(a, b providers.Edit) int { return b.Start - a.Start })
	for _, e := range mine {
		text = text[:e.Start] + e.Replacement + text[e.End:]
	}
	return text
}

// FuzzFurtherEdits: the added edits never overlap each other or a finding,
// lie on rune boundaries, each replaces exactly a found value, and no whole
// token equal to a found value of at least minFurtherValue bytes is left.
func FuzzFurtherEdits(f *testing.F) {
	for _, c := range furtherCases {
		start := strings.LastIndex(c.text, c.value)
		f.Add(c.text, start, start+len(c.value))
	}
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		if !utf8.ValidString(text) || start < 0 || end < start || end > len(text) ||
			!utf8.RuneStart(byteAt(text, start)) || !utf8.RuneStart(byteAt(text, end)) {
			return
		}
		value := text[start:end]
		found := []providers.Edit{{Field: 0, Start: start, End: end, Replacement: "X"}}
		edits := furtherEdits([]string{text}, slices.Clone(found))
		if want := furtherEditsRef([]string{text}, found); !slices.Equal(sortedEdits(edits), sortedEdits(want)) {
			t.Fatalf("edits %+v, the reference gives %+v", edits, want)
		}
		for i, e := range edits {
			if text[e.Start:e.End] != value || !utf8.RuneStart(byteAt(text, e.Start)) || !utf8.RuneStart(byteAt(text, e.End)) {
				t.Fatalf("edit %d [%d,%d) is not the value %q", i, e.Start, e.End, value)
			}
			for _, o := range edits[:i] {
				if e.Start < o.End && o.Start < e.End {
					t.Fatalf("edits overlap: %+v %+v", o, e)
				}
			}
		}
		if len(value) < minFurtherValue {
			if len(edits) != 1 {
				t.Fatalf("a short value was looked for elsewhere: %+v", edits)
			}
			return
		}
		for i := 0; ; {
			j := strings.Index(text[i:], value)
			if j < 0 {
				break
			}
			s, e := i+j, i+j+len(value)
			i = s + 1
			if tokenEdge(text, s, e) && !covered(edits, 0, s, e) {
				t.Fatalf("the whole token at [%d,%d) is left", s, e)
			}
		}
	})
}

// byteAt is text[i], or a rune start at the end.
func byteAt(text string, i int) byte {
	if i == len(text) {
		return 'x'
	}
	return text[i]
}

// covered reports whether [start, end) of field overlaps one of edits.
func covered(edits []providers.Edit, field, start, end int) bool {
	for _, e := range edits {
		if e.Field == field && start < e.End && e.Start < end {
			return true
		}
	}
	return false
}

// furtherEditsRef is furtherEdits written the obvious way (every occurrence
// checked against every edit so far, quadratic): the reference the fuzz
// target compares with.
func furtherEditsRef(texts []string, edits []providers.Edit) []providers.Edit {
	type value struct{ text, with string }
	var values []value
	for _, e := range edits {
		v := texts[e.Field][e.Start:e.End]
		if len(v) >= minFurtherValue && !slices.ContainsFunc(values, func(x value) bool { return x.text == v }) {
			values = append(values, value{v, e.Replacement})
		}
	}
	slices.SortStableFunc(values, func(a, b value) int { return len(b.text) - len(a.text) })
	for field, text := range texts {
		for _, v := range values {
			for i := 0; ; {
				j := strings.Index(text[i:], v.text)
				if j < 0 {
					break
				}
				start, end := i+j, i+j+len(v.text)
				if !tokenEdge(text, start, end) || covered(edits, field, start, end) {
					i = start + 1
					continue
				}
				edits = append(edits, providers.Edit{Field: field, Start: start, End: end, Replacement: v.with})
				i = end
			}
		}
	}
	return edits
}

func sortedEdits(edits []providers.Edit) []providers.Edit {
	s := slices.Clone(edits)
	slices.SortFunc(s, func(a, b providers.Edit) int {
		if a.Field != b.Field {
			return a.Field - b.Field
		}
		return a.Start - b.Start
	})
	return s
}

// TestFurtherEditsMatchesReference: several values of several lengths in
// several fields, overlapping and nested occurrences included, give the same
// edits as the quadratic reference.
func TestFurtherEditsMatchesReference(t *testing.T) {
	texts := []string{
		"Herr Peter Müller und Müller, Peter Müller-Thurgau; 10.1.2.3 und 10.1.2.3. Müller Müller",
		"",
		"Peter Müller schrieb an Müller: 10.1.2.3/24 ist nicht 10.1.2.3; a a a a",
	}
	at := func(field int, value, with string) providers.Edit {
		i := strings.Index(texts[field], value)
		return providers.Edit{Field: field, Start: i, End: i + len(value), Replacement: with}
	}
	found := []providers.Edit{at(0, "Peter Müller", "P"), at(0, "Müller,", "M"), at(2, "10.1.2.3", "I"), at(2, "a a", "A")}
	found[1].End-- // "Müller" without the comma
	got := furtherEdits(texts, slices.Clone(found))
	want := furtherEditsRef(texts, found)
	if !slices.Equal(sortedEdits(got), sortedEdits(want)) {
		t.Fatalf("got  %+v\nwant %+v", sortedEdits(got), sortedEdits(want))
	}
	if len(want) < 10 {
		t.Fatalf("the case is too weak: %d edits", len(want))
	}
}

// TestFurtherEditsRandom: random texts over a small alphabet, several
// values found in several fields, give the reference's edits: values with
// the same rare byte, overlapping occurrences, and texts dense in the rare
// bytes, where the shared pass stops part way and indexFrom goes on from
// there (TestRareStartsStops checks that such texts are among them).
func TestFurtherEditsRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const alphabet = "aA1@ .-b"
	for range 3000 {
		texts := make([]string, 1+r.IntN(3))
		for f := range texts {
			b := make([]byte, r.IntN(400))
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			texts[f] = string(b)
		}
		var found []providers.Edit
		for range 1 + r.IntN(6) {
			f := r.IntN(len(texts))
			if len(texts[f]) < 2 {
				continue
			}
			start := r.IntN(len(texts[f]) - 1)
			end := start + 1 + r.IntN(min(8, len(texts[f])-start-1))
			if !covered(found, f, start, end) {
				found = append(found, providers.Edit{Field: f, Start: start, End: end, Replacement: strconv.Itoa(len(found))})
			}
		}
		got := furtherEdits(texts, slices.Clone(found))
		if want := furtherEditsRef(texts, found); !slices.Equal(sortedEdits(got), sortedEdits(want)) {
			t.Fatalf("texts %q, found %+v:\ngot  %+v\nwant %+v", texts, found, sortedEdits(got), sortedEdits(want))
		}
	}
}

// TestRareStartsStops: the shared pass reads a prompt to its end, stops
// in a text dense in its bytes, and the starts it lists before it stops
// are all there are.
func TestRareStartsStops(t *testing.T) {
	values := []furtherValue{{text: "12.03.1975"}, {text: "buergerbuero@stadt-bonn.de"}}
	for i := range values {
		values[i].rare = rareByte(values[i].text)
	}
	var rare rareIndex
	var ok bool
	if rare.set, ok = byteset.Make(string(rare.add(values))); !ok || !rare.shared(values, 0) || !rare.shared(values, 1) {
		t.Fatalf("the values are not looked for together: %+v", rare.members)
	}
	prompt := benchPrompt(16<<10) + " 12.03.1975 buergerbuero@stadt-bonn.de"
	if starts, stop := rare.starts(prompt, values, nil); stop != len(prompt) ||
		len(starts) != strings.Count(prompt, values[0].text)+strings.Count(prompt, values[1].text) {
		t.Errorf("the prompt: stop %d of %d, starts %+v", stop, len(prompt), starts)
	}
	dense := strings.Repeat("1@", 200) + " 12.03.1975"
	starts, stop := rare.starts(dense, values, nil)
	if stop >= 200 || len(starts) != 0 {
		t.Errorf("a text of rare bytes: stop %d, starts %+v", stop, starts)
	}
}

// TestIndexFrom: indexFrom finds what strings.Index finds, from every
// start, also where the rare byte stands often in the text but the value
// does not (the hand-over to strings.Index), for values up to and over
// maxRareValue bytes and with their rare byte anywhere.
func TestIndexFrom(t *testing.T) {
	texts := []string{benchPrompt(4 << 10), strings.Repeat("@", 300) + "@x", strings.Repeat("ab@", 200) + "ab@@"}
	values := []string{"Thomas Schneider", "Ayşe Yılmaz", "0228 123456", "buergerbuero@stadt-bonn.de", "10.1.2.3",
		"@x", "b@@", "ab@ab@", "@", "zz", strings.Repeat("ab@", 22) + "@", strings.Repeat("Verwaltung ", 7)}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 { // random texts over a small alphabet: many near misses
		b := make([]byte, r.IntN(300))
		for i := range b {
			b[i] = "aAb1@ ."[r.IntN(7)]
		}
		texts = append(texts, string(b))
		v := make([]byte, 1+r.IntN(80))
		for i := range v {
			v[i] = "aAb1@ ."[r.IntN(7)]
		}
		values = append(values, string(v))
		if len(b) > 10 {
			start := r.IntN(len(b) - 5)
			values = append(values, string(b[start:start+1+r.IntN(len(b)-start-1)]))
		}
	}
	for _, text := range texts {
		for _, v := range values {
			rare := rareByte(v)
			for i := 0; i <= len(text); i++ {
				want := strings.Index(text[i:], v)
				if want >= 0 {
					want += i
				}
				if got := indexFrom(text, v, rare, i); got != want {
					t.Fatalf("indexFrom(%q, %q, %d, %d) = %d, strings.Index gives %d", text, v, rare, i, got, want)
				}
			}
		}
	}
}

// TestRareByte: a symbol is preferred to a digit or a letter outside
// Latin-1, these to a capital, a capital to a lower-case letter, a blank or
// an umlaut.
func TestRareByte(t *testing.T) {
	for v, want := range map[string]int{
		"buergerbuero@stadt-bonn.de": 12, "Thomas Schneider": 0, "ein Müller": 4, "Ayşe": 2, "ayşe": 2,
		"müller-thurgau": 7, "abc": 0, "0228 123456": 0, "DE89 3704": 2, "Dr. Weiß": 0,
	} {
		if got := rareByte(v); got != want {
			t.Errorf("rareByte(%q) = %d, want %d", v, got, want)
		}
	}
}

// BenchmarkFurtherEditsRepeated: a pasted list that repeats the found name
// on every line; the cost per byte stays flat as the list grows (compare
// the MB/s of the sizes).
func BenchmarkFurtherEditsRepeated(b *testing.B) {
	for _, n := range []int{1 << 10, 16 << 10, 1 << 20} {
		text := "Herr Müller " + strings.Repeat("Müller ", n/len("Müller "))
		found := []providers.Edit{{Field: 0, Start: 5, End: 5 + len("Müller"), Replacement: "[PERSON_1]"}}
		b.Run(strconv.Itoa(n>>10)+"KB", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				furtherEdits([]string{text}, slices.Clone(found))
			}
		})
	}
}

// BenchmarkFurtherEditsPrompt: the proxy benchmark's 16 KB prompt with its
// seven distinct values, each found once: one search per value through the
// whole prompt.
func BenchmarkFurtherEditsPrompt(b *testing.B) {
	text := benchPrompt(16 << 10)
	var found []providers.Edit
	for _, v := range []string{"0228 123456", "DE89 3704 0044 0532 0130 00", "buergerbuero@stadt-bonn.de",
		"10.1.2.3", "Thomas Schneider", "Ayşe Yılmaz", "12.03.1975"} {
		i := strings.Index(text, v)
		found = append(found, providers.Edit{Field: 0, Start: i, End: i + len(v), Replacement: "[X]"})
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	cpu0 := benchcpu.Process()
	for b.Loop() {
		furtherEdits([]string{text}, slices.Clone(found))
	}
	b.ReportMetric(float64(benchcpu.Process()-cpu0)/float64(b.N), "cpu-ns/op")
}
