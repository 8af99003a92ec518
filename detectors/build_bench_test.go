package detectors

import "testing"

// BenchmarkNewEngine is what start-up and every reload pay for an engine
// with every detector: the detectors' tables built on loaded lexicons.
func BenchmarkNewEngine(b *testing.B) {
	lx := DefaultLexicons()
	for b.Loop() {
		if _, err := newEngine(all(), lx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLexicons is the other part of start-up and reload: the
// embedded lexicons read and indexed.
func BenchmarkLoadLexicons(b *testing.B) {
	for b.Loop() {
		if _, err := LoadLexicons(""); err != nil {
			b.Fatal(err)
		}
	}
}
