package detectors

import "testing"

// benchDetector measures one detector type through the engine (prefilter
// included) over the shared 1 MB benchmark texts.
func benchDetector(b *testing.B, text []byte, typ string) {
	e, err := New(Options{Types: []string{typ}})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		e.Scan(text)
	}
}

func BenchmarkLexPerson(b *testing.B)         { benchDetector(b, benchText, "PERSON") }
func BenchmarkLexPostalAddress(b *testing.B)  { benchDetector(b, benchText, "POSTAL_ADDRESS") }
func BenchmarkLexDateOfBirth(b *testing.B)    { benchDetector(b, benchText, "DATE_OF_BIRTH") }
func BenchmarkLexCaseReference(b *testing.B)  { benchDetector(b, benchText, "CASE_REFERENCE") }
func BenchmarkLexClassification(b *testing.B) { benchDetector(b, benchText, "CLASSIFICATION") }
func BenchmarkLexSpecial(b *testing.B)        { benchDetector(b, benchText, "SPECIAL_CATEGORY") }

func BenchmarkTopics(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Topics(benchText)
	}
}
