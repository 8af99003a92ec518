package testcases

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// detectionDoc is docs/detection.md as the package's tests reach it.
const detectionDoc = "../docs/detection.md"

// docPart is what -write-doc generates for one set of docs/detection.md:
// its tables ("Now"; the corpus has two, all documents and the
// hand-written ones) and its misses and extras.
type docPart struct {
	tables []string // Markdown tables, each line ending in "\n"
	misses []string
}

// corpusMissesHeading ends the corpus's part at the top of the doc and
// heads its list of misses and extras.
const corpusMissesHeading = "## Misses and extras (exact match)"

// remainingAnchor heads a blind set's list of misses and extras; the
// table right before it (only blank lines between) is the set's "Now"
// table.
const remainingAnchor = "Remaining misses and extras:"

var setHeadingRE = regexp.MustCompile("^## .*\\(`testcases/([A-Za-z0-9_-]+)/`\\)$")

// spliceDetectionDoc returns doc with only its generated parts replaced
// by part's: the corpus's two tables at the top and its list under
// "## Misses and extras (exact match)"; in each section headed
// "## … (`testcases/DIR/`)", the table right before "Remaining misses and
// extras:" or before a "### Misses and extras" heading and the list after
// it. Every other line (the rounds' paragraphs, the tables as a set was
// written, the thresholds) is kept byte for byte. A section without such
// a table and list is left as it is and named in notes.
func spliceDetectionDoc(doc string, part func(dir string) (docPart, error)) (string, []string, error) {
	lines := strings.Split(doc, "\n")
	type edit struct {
		from, to int // lines[from:to] are replaced
		repl     []string
	}
	var edits []edit
	var notes []string
	tableLines := func(table string) []string { return strings.Split(strings.TrimSuffix(table, "\n"), "\n") }
	isRow := func(l string) bool { return strings.HasPrefix(l, "|") }
	isItem := func(l string) bool { return strings.HasPrefix(l, "- ") || l == "None." }
	// tableBefore is the span of the table whose last row is the last
	// non-blank line before i, or false.
	tableBefore := func(i, min int) (int, int, bool) {
		j := i - 1
		for j >= min && lines[j] == "" {
			j--
		}
		if j < min || !isRow(lines[j]) {
			return 0, 0, false
		}
		end := j + 1
		for j >= min && isRow(lines[j]) {
			j--
		}
		return j + 1, end, true
	}
	// listAfter is the edit that puts misses as the list after the
	// anchor line i (blank lines between kept).
	listAfter := func(i, max int, misses []string) edit {
		j := i + 1
		for j < max && lines[j] == "" {
			j++
		}
		k := j
		for k < max && isItem(lines[k]) {
			k++
		}
		repl := make([]string, 0, len(misses)+1)
		for _, m := range misses {
			repl = append(repl, "- "+m)
		}
		if len(repl) == 0 {
			repl = append(repl, "None.")
		}
		if k == j && j < max && lines[j] != "" {
			repl = append(repl, "") // there was no list: keep the blank line before what follows
		}
		return edit{j, k, repl}
	}
	var heads []int
	for i, l := range lines {
		if strings.HasPrefix(l, "## ") {
			heads = append(heads, i)
		}
	}
	sawCorpus := false
	for n, h := range heads {
		end := len(lines)
		if n+1 < len(heads) {
			end = heads[n+1]
		}
		if lines[h] == corpusMissesHeading && !sawCorpus {
			sawCorpus = true
			p, err := part("corpus")
			if err != nil {
				return "", nil, err
			}
			var spans [][2]int
			for i := 0; i < h; i++ {
				if isRow(lines[i]) && (i == 0 || !isRow(lines[i-1])) {
					k := i
					for k < h && isRow(lines[k]) {
						k++
					}
					spans = append(spans, [2]int{i, k})
				}
			}
			if len(spans) != len(p.tables) {
				return "", nil, fmt.Errorf("docs/detection.md: %d tables above %q, want %d (all documents, hand-written ones)", len(spans), corpusMissesHeading, len(p.tables))
			}
			for i, s := range spans {
				edits = append(edits, edit{s[0], s[1], tableLines(p.tables[i])})
			}
			edits = append(edits, listAfter(h, end, p.misses))
			continue
		}
		m := setHeadingRE.FindStringSubmatch(lines[h])
		if m == nil {
			continue
		}
		anchor := -1
		for i := h + 1; i < end; i++ {
			if lines[i] == remainingAnchor || strings.HasPrefix(lines[i], "### Misses and extras") {
				anchor = i
				break
			}
		}
		if anchor < 0 {
			notes = append(notes, fmt.Sprintf("%s: no %q line or \"### Misses and extras\" heading; left as it is", m[1], remainingAnchor))
			continue
		}
		// realworld's table stands above its thresholds' paragraph.
		from, to, ok := tableBefore(anchor, h+1)
		if !ok && m[1] == "realworld" {
			for i := h + 1; i < anchor && !ok; i++ {
				if isRow(lines[i]) {
					from, to, ok = tableBefore(tableEnd(lines, i), h+1)
				}
			}
		}
		if !ok {
			notes = append(notes, fmt.Sprintf("%s: no table right before %q; left as it is", m[1], lines[anchor]))
			continue
		}
		p, err := part(m[1])
		if err != nil {
			return "", nil, err
		}
		if len(p.tables) != 1 {
			return "", nil, fmt.Errorf("%s: %d tables generated, want 1", m[1], len(p.tables))
		}
		edits = append(edits, edit{from, to, tableLines(p.tables[0])}, listAfter(anchor, end, p.misses))
	}
	if !sawCorpus {
		return "", nil, fmt.Errorf("docs/detection.md: no %q heading", corpusMissesHeading)
	}
	slices.SortFunc(edits, func(a, b edit) int { return b.from - a.from })
	for _, e := range edits {
		lines = slices.Replace(lines, e.from, e.to, e.repl...)
	}
	return strings.Join(lines, "\n"), notes, nil
}

// tableEnd is the index after the table row at i.
func tableEnd(lines []string, i int) int {
	for i < len(lines) && strings.HasPrefix(lines[i], "|") {
		i++
	}
	return i
}

// scoredPart scores dir as the tests do: the corpus's table over all its
// documents and over the hand-written and negative ones; a set's table.
func scoredPart(t *testing.T) func(dir string) (docPart, error) {
	return func(dir string) (docPart, error) {
		files, err := filepath.Glob(dir + "/*.txt")
		if err != nil || len(files) == 0 {
			return docPart{}, fmt.Errorf("%s: %d documents (%v)", dir, len(files), err)
		}
		_, misses, table, _ := score(t, files)
		p := docPart{tables: []string{table}, misses: misses}
		if dir == "corpus" {
			hand, _ := filepath.Glob("corpus/hand_*.txt")
			neg, _ := filepath.Glob("corpus/negativ_*.txt")
			_, _, handTable, _ := score(t, append(hand, neg...))
			p.tables = append(p.tables, handTable)
		}
		return p, nil
	}
}

// writeDetectionDoc updates docs/detection.md's generated parts in place
// (spliceDetectionDoc). Before, -write-doc wrote the whole file from the
// Go strings of corpus_test.go and blind_test.go (since removed), which had fallen behind the
// rounds' paragraphs written into the doc, so that running it dropped them.
func writeDetectionDoc(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, notes, err := spliceDetectionDoc(string(b), scoredPart(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		t.Log("-write-doc: " + n)
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

var (
	rowRE  = regexp.MustCompile(`^\|`)
	missRE = regexp.MustCompile(`^- [^ ]+: (missed|extra) [A-Za-z_:]+ ".*"$`)
)

// TestWriteDocKeepsProse runs the writer on a copy of docs/detection.md
// and checks that it changed table rows and lines of misses and extras
// only, every other line byte for byte; that it rewrites a "Now" table
// and a list of misses that were made wrong, and leaves a table as a set
// was written (its first run) alone even when it differs from now.
func TestWriteDocKeepsProse(t *testing.T) {
	orig, err := os.ReadFile(detectionDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(orig)
	// Spoil the copy: blind30's "Now" CASE_REFERENCE row and its list of
	// misses, and its table as written (kept: it is history).
	sec := strings.Index(doc, "(`testcases/blind30/`)")
	now := strings.Index(doc[sec:], "\nNow:\n")
	if sec < 0 || now < 0 {
		t.Fatal("docs/detection.md: no blind30 section with its \"Now:\" line")
	}
	firstRow := sec + strings.Index(doc[sec:], "\n| CASE_REFERENCE |") + 1
	nowTable := sec + now
	rowAt := nowTable + strings.Index(doc[nowTable:], "\n| CASE_REFERENCE |") + 1
	rowEnd := rowAt + strings.Index(doc[rowAt:], "\n")
	asWritten := doc[firstRow : firstRow+strings.Index(doc[firstRow:], "\n")]
	if firstRow >= nowTable {
		t.Fatal("blind30: no table before its \"Now:\" line")
	}
	spoiledAsWritten := strings.Replace(asWritten, "| CASE_REFERENCE |", "| CASE_REFERENCE | 999 |", 1)
	copyDoc := doc[:firstRow] + spoiledAsWritten + doc[firstRow+len(asWritten):rowAt] + "| CASE_REFERENCE | 1 | 0.000 | 0.000 | 0.000 | 0.000 | 0.000 | 0.000 |" + doc[rowEnd:]
	rem := strings.Index(copyDoc[nowTable:], "\n"+remainingAnchor+"\n\n- ")
	if rem < 0 {
		t.Fatal("blind30: no list of misses after its \"Now:\" table")
	}
	item := nowTable + rem + len("\n"+remainingAnchor+"\n\n")
	copyDoc = copyDoc[:item] + "- 000_spoiled.txt: missed PERSON \"Spoiled\"\n" + copyDoc[item:]
	// and the micro rows of the corpus's first table and of realworld's.
	const spoiledMicro = "| **micro** | 0 | 0.000 | 0.000 | 0.000 | 0.000 | 0.000 | 0.000 |"
	for _, after := range []string{"", "(`testcases/realworld/`)"} {
		at := strings.Index(copyDoc, after)
		row := at + strings.Index(copyDoc[at:], "\n| **micro** |") + 1
		if at < 0 || row <= at {
			t.Fatalf("no micro row after %q", after)
		}
		copyDoc = copyDoc[:row] + spoiledMicro + copyDoc[row+strings.Index(copyDoc[row:], "\n"):]
	}
	path := filepath.Join(t.TempDir(), "detection.md")
	if err := os.WriteFile(path, []byte(copyDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	writeDetectionDoc(t, path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	prose := func(s string) []string {
		var keep []string
		for _, l := range strings.Split(s, "\n") {
			if !rowRE.MatchString(l) && !missRE.MatchString(l) && l != "None." {
				keep = append(keep, l)
			}
		}
		return keep
	}
	want, have := prose(copyDoc), prose(got)
	if !slices.Equal(want, have) {
		for i := range min(len(want), len(have)) {
			if want[i] != have[i] {
				t.Fatalf("line %d of the prose changed:\n was %q\n now %q", i, want[i], have[i])
			}
		}
		t.Fatalf("prose has %d lines, had %d", len(have), len(want))
	}
	if !strings.Contains(got, spoiledAsWritten+"\n") {
		t.Errorf("blind30's table as written was rewritten; it is history and stays")
	}
	if n := strings.Count(got, spoiledMicro); n != 0 {
		t.Errorf("%d of the corpus's and realworld's micro rows not rewritten", n)
	}
	if strings.Contains(got, "000_spoiled.txt") || strings.Contains(got, "| CASE_REFERENCE | 1 | 0.000 |") {
		t.Errorf("blind30's \"Now\" table or misses not rewritten")
	}
	names, err := filepath.Glob("blind*")
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, n := range names {
		if fi, err := os.Stat(n); err == nil && fi.IsDir() {
			sets = append(sets, n)
		}
	}
	if len(sets) < 39 {
		t.Fatalf("blind sets: %v", sets)
	}
	for _, dir := range sets {
		if !strings.Contains(got, "(`testcases/"+dir+"/`)") {
			t.Errorf("%s: no section in docs/detection.md", dir)
		}
	}
}
