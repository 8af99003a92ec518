package detectors

import (
	"bytes"
	"testing"
)

// TestWordTableMatchesMap checks every lexicon word and the words of
// ordinary prose (mostly absent) against the map.
func TestWordTableMatchesMap(t *testing.T) {
	lx, m := DefaultLexicons(), lexiconWords()
	tbl := newWordTable(m)
	for w, f := range m {
		if got := tbl.get([]byte(w)); got != f {
			t.Fatalf("table[%q] = %x, map %x", w, got, f)
		}
		// get hashes as wordHash does, also the tail of a slice without
		// room for an eight-byte load, and of one inside a longer text
		if got := tbl.get([]byte(w)[:len(w):len(w)]); got != f {
			t.Fatalf("table[%q] at capacity %d = %x, map %x", w, len(w), got, f)
		}
		if got := tbl.get([]byte(w + "xxxxxxxx")[:len(w)]); got != f {
			t.Fatalf("table[%q] in a text = %x, map %x", w, got, f)
		}
		if got := lx.flags([]byte(w)); got != f {
			t.Fatalf("flags(%q) = %x, map %x", w, got, f)
		}
	}
	words := bytes.FieldsFunc(NewText(benchText[:256<<10]).Lower(), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r > 0x7f) })
	words = append(words, []byte(""), []byte("a"), []byte("\x00\x00"), []byte("müller-lüdenscheidt"))
	for _, w := range words {
		if got, want := tbl.get(w), m[string(w)]; got != want {
			t.Fatalf("table[%q] = %x, map %x", w, got, want)
		}
	}
}

func FuzzWordTable(f *testing.F) {
	f.Add("müller")
	f.Add("dr.")
	f.Add("")
	m := lexiconWords()
	tbl := newWordTable(m)
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := tbl.get([]byte(w)), m[w]; got != want {
			t.Fatalf("table[%q] = %x, map %x", w, got, want)
		}
	})
}

func BenchmarkWordTable(b *testing.B) {
	m := lexiconWords()
	tbl := newWordTable(m)
	words := bytes.Fields(NewText(benchText[:64<<10]).Lower())
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			for _, w := range words {
				_ = m[string(w)]
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			for _, w := range words {
				_ = tbl.get(w)
			}
		}
	})
}

// TestKeyTable checks that every prefilter keyword maps to its id and that
// other strings are not found.
func TestKeyTable(t *testing.T) {
	pf := Default().pf
	for id, k := range pf.kws {
		if got, ok := pf.idOf.id(k); !ok || got != id {
			t.Fatalf("id(%q) = %d %v, want %d", k, got, ok, id)
		}
	}
	for _, k := range []string{"", "keinkeyword", "passwor", "passworte", "\x00"} {
		if id, ok := pf.idOf.id(k); ok {
			t.Fatalf("id(%q) = %d, want none", k, id)
		}
	}
}
