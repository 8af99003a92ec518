package detectors

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// denseUnits are the pieces of texts dense with Art. 9 words, which make
// the SPECIAL_CATEGORY detector build its index.
var denseUnits = []string{"HIV ", "Diagnose: F32.1 ", "Herr Müller ist an Diabetes erkrankt. ",
	"Name;Bemerkung;Ort;Meyer;Diabetiker;Bonn;", "Name;Bemerkung\nMeyer;Diabetikerin\n", "rüdiger hat diabetes ",
	"Konfession: evangelisch\n", "Laut Statistik haben 8 % Diabetes. ", "Frau Kaya: Depression, ", "F32.1 G\n\n",
	"insgesamt 47 AU-Tage krank; ", "Müller-Lüdenscheid hat Asthma! ", "Erkrankung: Asthma? ", "HIV Kampagne ",
	"Asthma 5 % ", "Morbus Parkinson ", "Hashimoto ", "Alzheimer Meyer ", "HIV Frau ", "Diabetes Statistiken ",
	"Krebs ", "Er hat Krebs. ", "ramadan ", "wegen Reha\n", "x Jude "}

// specialTexts are the labelled texts, the first 16 KB of benchText and
// random texts that mix pieces of them with runs of denseUnits.
func specialTexts(t testing.TB, random int) []string {
	files, _ := filepath.Glob("../testcases/*/*.txt")
	texts := []string{string(benchText[:16<<10]),
		// a general word across the end of HIV's window (160 bytes after it)
		"HIV " + strings.Repeat("x ", 78) + "Statistik. Frau Meyer hat Asthma.",
		// a window that starts inside a compound, at a name (200 bytes before)
		"Xyzabc-Meyer " + strings.Repeat("x ", 97) + "Fingerabdruck.",
		// a "%" right after a number, not at a word start
		"Die Klientin hat Diabetes, wie 30% der Befragten."}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	labelled := len(texts)
	r := rand.New(rand.NewPCG(7, 9))
	for range random {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			if r.IntN(2) == 0 {
				src := texts[r.IntN(labelled)]
				i := r.IntN(len(src))
				j := min(len(src), i+r.IntN(2000))
				b.WriteString(src[i:j])
			} else {
				u := denseUnits[r.IntN(len(denseUnits))]
				n := 1 + r.IntN(400)
				if r.IntN(3) == 0 {
					n = 1
				}
				b.WriteString(strings.Repeat(u, n))
			}
		}
		texts = append(texts, b.String())
	}
	return texts
}

// TestSpecialIndexSameFindings scans the labelled texts and dense random
// ones with the index built on the first mention and as by default (most of
// them never build it): the findings must be the same.
func TestSpecialIndexSameFindings(t *testing.T) {
	texts := specialTexts(t, 300)
	e := Default()
	want := make([][]Finding, len(texts))
	for i, text := range texts {
		want[i] = e.Scan([]byte(text))
	}
	def := specialIndexAfter
	defer func() { specialIndexAfter = def }()
	specialIndexAfter = func(int) int { return 0 }
	special := 0
	for i, text := range texts {
		got := e.Scan([]byte(text))
		if !slices.Equal(got, want[i]) {
			t.Fatalf("text %d (%d bytes): with the index\n%+v\nwithout\n%+v", i, len(text), got, want[i])
		}
		special += len(slices.DeleteFunc(got, func(f Finding) bool { return f.Type != "SPECIAL_CATEGORY" }))
	}
	if special < 1000 {
		t.Fatalf("only %d SPECIAL_CATEGORY findings in %d texts: the comparison proves little", special, len(texts))
	}
}

// TestSpecialIndexSentenceBounds compares the index's sentenceBounds with
// sentenceBounds at every place of texts with every kind of sentence end.
func TestSpecialIndexSentenceBounds(t *testing.T) {
	texts := []string{"", ".", "a. B", "Herr A. Meyer hat Asthma. Sie ist krank! Er? Ja; nein.\n\nNeu. 3. Mai. ABC. x",
		strings.Repeat("Diagnose: F32.1 ", 40), strings.Repeat("Öl. Übel. ß.\n", 30), "ende.\n\n\n.!"}
	texts = append(texts, specialTexts(t, 20)[1:40]...)
	for _, text := range texts {
		b := []byte(text)
		var ix specialIndex
		ix.sentenceStops(b)
		ix.built = true
		for s := 0; s <= len(b); s++ {
			for _, bf := range [][3]int{{0, 200, 160}, {0, 200, 0}, {3, 5, 7}, {1, 64, 64}, {0, 1, 1}} {
				e := min(len(b), s+bf[0])
				a1, z1 := sentenceBounds(b, s, e, bf[1], bf[2])
				a2, z2 := ix.sentenceBounds(b, s, e, bf[1], bf[2])
				if a1 != a2 || z1 != z2 {
					t.Fatalf("%q [%d, %d) back %d fwd %d: index %d, %d, sentenceBounds %d, %d", text, s, e, bf[1], bf[2], a2, z2, a1, z1)
				}
			}
		}
	}
}
