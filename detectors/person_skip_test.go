package detectors

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// skipCapRef is what Scan's loop body would decide for the capital at p with
// no finding after last if it asked match for every word: whether it moves
// on to the word's end (match answers nothing and adds nothing), and that
// end.
func skipCapRef(d *personDetector, t *Text, p, last int) (int, bool) {
	raw, low := t.Raw, t.Lower()
	if p > 0 && raw[p-1] >= 0x80 || birthLabelAt(low, p) != "" {
		return 0, false // the loop looks further (boundary, birth labels)
	}
	e, plain := wordEndPlain(raw, p)
	if e == p || p < last {
		return 0, false
	}
	if !isCap(raw, p) {
		return e, true // a lower-case word
	}
	f := d.lx.flags(low[p:e])
	var dst []Finding
	var tbl tables
	if _, _, score, _ := d.match(t, low, p, e, f, plain, &dst, &tbl); score == 0 && len(dst) == 0 {
		return e, true
	}
	return 0, false
}

// checkSkipCaps compares skipPlainCaps with skipCapRef at every capital of
// text and returns how many it passed over.
func checkSkipCaps(t *testing.T, d *personDetector, text string) (skipped, caps, known int) {
	t.Helper()
	tx := NewText([]byte(text))
	for _, q := range tx.CapWords() {
		p := int(q)
		for _, last := range []int{0, p, p + 1} {
			k, i, we, wf := d.skipPlainCaps(tx.Raw, tx.Lower(), tx.wordBits(), []int32{q}, 0, 0, last)
			if k == 0 {
				if i != 0 {
					t.Fatalf("%q at %d: stopped with i = %d", text, p, i)
				}
				if we != 0 { // the word it read, for Scan's loop
					e, plain := wordEndPlain(tx.Raw, p)
					if we != e || !plain || wf != d.lx.flags(tx.Lower()[p:e]) {
						t.Fatalf("%q at %d: read a word to %d, flags %x; wordEndPlain: %d, %v, flags %x", text, p, we, wf, e, plain, d.lx.flags(tx.Lower()[p:e]))
					}
					known++
				}
				continue
			}
			e, ok := skipCapRef(d, tx, p, last)
			if !ok || e != i {
				t.Fatalf("%q at %d (last %d): skipPlainCaps passes over to %d, Scan's loop: %v at %d", text, p, last, i, ok, e)
			}
			if last == 0 {
				skipped++
			}
		}
		caps++
	}
	return skipped, caps, known
}

// TestSkipPlainCaps checks which capitals skipPlainCaps passes over, and
// that Scan's loop would pass over each of them to the same end.
func TestSkipPlainCaps(t *testing.T) {
	pad := " und noch einige weitere Wörter danach, damit genug Text folgt."
	cases := []struct {
		text string
		skip bool // the first word is passed over
	}{
		{"Verwaltung bearbeitet", true},
		{"Förderung im Rahmen", true},
		{"Bürgerbüro zur Verfügung", true},
		{"Straßenbau und Platz", true},
		{"Die Sitzung", true}, // an ordinary word of the name lists
		{"Sitzung.", true},    // a noun at a sentence's end
		{"Sitzung. Die", true},
		{"Str. 5", false}, // a title or listed abbreviation: Scan's loop
		{"Dr. Anna Schmidt", false},
		{"Müller.", false}, // a surname
		{"Die.", true},     // an ordinary word
		{"X. Y.", false},   // an initial
		{"Ab. kommt", true},
		{"Sitzung des Ausschusses", true},                 // within 8 bytes
		{"Verwaltungsgemeinschaften sind", true},          // 25 bytes
		{"Straßenbahnhaltestellenüberdachung ist", false}, // 36 bytes: Scan's loop
		{"Müller kommt", false},                           // a surname
		{"Schmidt sagt", false},
		{"Anna Schmidt", false},
		{"Zeitraum Nummer", false}, // a capital after it
		{"Ärztin kommt", false},    // a capital umlaut starting a title word
		{"Öffnungszeiten zur", true},
		{"Gemeinde ist", true},
		{"Geb. Müller", false}, // a birth-name label
		{"Gez. Müller", false},
		{"Geborene Müller", false},
		{"über die", true}, // a lower-case word CapWords lists
		{"ßxyz kommt", true},
		{"überé kommt", false},         // é is no German letter: Scan's loop
		{"Prüfungs-Ämter sind", false}, // a hyphen
		{"O'Brien kommt", false},
		{"Émile kommt", false},
		{"Xé kommt", false},             // é is no German letter
		{"ÄRZTE sind", true},            // a capital umlaut
		{"VERWALTUNG bearbeitet", true}, // capitals in the word: its lowered form
		{"BÄRBEL sagt", false},          // a capital umlaut inside
		{"Xä\xc3 kommt", false},         // a lead byte without its second byte
		{"Xa\xa4 kommt", false},         // a second byte without its lead
		{"Zeitraum 2025", false},        // no lower-case word after it
		{"Zeitraum  und", false},
		{"Zeitraum\nund", false},
		{"Satzung über", true},           // a lower-case umlaut
		{"Saal des", true},               // an institution word (wOrg)
		{"Stadtbibliothek werden", true}, // a public body (wBody)
		{"Saal, der", false},             // a comma after it
		{"Bauhof übernimmt", true},       // a compound that is no street (wStreetNot)
		{"Bauhof von", false},            // a particle after it: a surname may follow
		{"Kämmerer dem", false},          // a title
		{"Müller über", false},
		{"JürgenKowalski. Dann", false}, // a capital inside before a dot: a given name glued to a surname (gluedName)
		{"ÖzlemKaya. Dann", false},
		{"JürgenKowalski schreibt", true}, // before a lower-case word: passed over (a look costs 3 % instructions)
		{"Verwaltung. Dann", true},
	}
	d := newPerson(DefaultLexicons())
	for _, c := range cases {
		text := c.text + pad
		tx := NewText([]byte(text))
		k, _, _, _ := d.skipPlainCaps(tx.Raw, tx.Lower(), tx.wordBits(), []int32{0}, 0, 0, 0)
		if got := k == 1; got != c.skip {
			t.Errorf("%q: passed over %v, want %v", c.text, got, c.skip)
		}
		checkSkipCaps(t, d, text)
	}
	// a label hit stops the loop; a start before i is passed over
	tx := NewText([]byte("Die Verwaltung bearbeitet, geb. Schmidt" + pad))
	if k, i, _, _ := d.skipPlainCaps(tx.Raw, tx.Lower(), tx.wordBits(), []int32{0, 4, ^int32(27), 32}, 0, 0, 0); k != 2 || i != 14 {
		t.Errorf("label hit: k, i = %d, %d, want 2, 14", k, i)
	}
	if k, i, _, _ := d.skipPlainCaps(tx.Raw, tx.Lower(), tx.wordBits(), []int32{0, 4}, 0, 2, 0); k != 2 || i != 14 {
		t.Errorf("start before i: k, i = %d, %d, want 2, 14", k, i)
	}
	// a long word that runs to the end of the text (FuzzPerson)
	for n := 38; n <= 66; n++ {
		checkSkipCaps(t, d, strings.Repeat("A", n))
		checkSkipCaps(t, d, "Die "+strings.Repeat("x", n))
	}
	// most capitals of German prose are passed over
	skipped, caps, known := checkSkipCaps(t, d, string(benchText[:64<<10]))
	if skipped*10 < caps*8 {
		t.Errorf("benchText: %d of %d capitals passed over, want 80 %%", skipped, caps)
	}
	if known == 0 {
		t.Errorf("benchText: no word read for Scan's loop")
	}
}

// TestSkipPlainCapsInputs checks that skipPlainCaps, which reads raw, low
// and words through their base pointers, reads nothing when they are not a
// Text's bytes, Lower and wordBits (a shorter Lower or word bitmap) or i is
// negative: it leaves every start to Scan's loop (it passed over the word
// before, reading them through bounds checks against their capacities).
func TestSkipPlainCapsInputs(t *testing.T) {
	d := newPerson(DefaultLexicons())
	tx := NewText([]byte("Verwaltung bearbeitet den Antrag und noch einige weitere Wörter danach, damit genug Text folgt."))
	raw, low, words := tx.Raw, tx.Lower(), tx.wordBits()
	if k, i, _, _ := d.skipPlainCaps(raw, low, words, []int32{0}, 0, 0, 0); k != 1 || i != 10 {
		t.Fatalf("the whole text: k, i = %d, %d, want 1, 10", k, i)
	}
	for name, c := range map[string]struct {
		low, words []byte
		i          int
	}{
		"Lower shorter": {low[:len(low)-1], words, 0},
		"words short":   {low, words[:2], 0},
		"i negative":    {low, words, -1},
	} {
		if k, i, _, _ := d.skipPlainCaps(raw, c.low, c.words, []int32{0}, 0, c.i, 0); k != 0 || i != c.i {
			t.Errorf("%s: k, i = %d, %d, want 0, %d", name, k, i, c.i)
		}
	}
}

func FuzzSkipPlainCaps(f *testing.F) {
	for _, s := range []string{"Verwaltung bearbeitet den Antrag", "Förderung im Rahmen der Straße", "Die Sitzung.",
		"BÄRBEL sagt", "Xä\xc3 kommt", "A ./. Bbbbbb ccc", "Müller-Lüdenscheidt kam",
		"Kläger ./. Bbbbbb. Das", "Verfügung. Gez.", "Z. B. Sitzung."} {
		f.Add(s)
	}
	d := newPerson(DefaultLexicons())
	f.Fuzz(func(t *testing.T, s string) {
		checkSkipCaps(t, d, s+" und noch einige weitere Wörter danach, damit genug Text folgt.")
		checkSkipCaps(t, d, s)
	})
}

// TestSkipPlainCapsDotted compares skipPlainCaps with Scan's loop (and so
// the words before a dot it passes over with match's answer) at every
// capital of the labelled texts and of random texts of their words, a
// third of them ended by a dot, some after a court case's " ./. ".
func TestSkipPlainCapsDotted(t *testing.T) {
	files, _ := filepath.Glob("../testcases/*/*.txt")
	texts := []string{string(benchText[:16<<10])}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	vocab := strings.Fields(strings.Join(texts, " "))
	vocab = append(vocab, "Dr.", "Str.", "Nr.", "geb.", "gez.", "X.", "Verfügung.", "Müller.", "Die.")
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range 40 {
			w := vocab[r.IntN(len(vocab))]
			if r.IntN(3) == 0 {
				w = strings.TrimRight(w, ".,;:") + "."
			}
			b.WriteString(w + []string{" ", "\n", " ./. ", " "}[r.IntN(4)])
		}
		texts = append(texts, b.String())
	}
	d := newPerson(DefaultLexicons())
	skipped := 0
	for _, text := range texts {
		s, _, _ := checkSkipCaps(t, d, text)
		skipped += s
	}
	t.Logf("%d texts (%d labelled), %d capitals passed over", len(texts), len(files), skipped)
}
