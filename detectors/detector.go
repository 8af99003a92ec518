// Package detectors finds German personal and confidential data in text.
//
// An Engine runs every registered Detector over a Text. The Text carries the
// shared, lazily computed views that detectors need (a lower-cased copy with
// identical byte offsets, keyword hits from one Aho-Corasick pass, digit runs),
// so that each detector looks only at candidate windows instead of scanning the
// whole input with regular expressions.
//
// Finding types are the names of ../shared/TAXONOMY.md, exactly as written.
package detectors

// Finding is one value found in a text. Start and End are byte offsets into
// the UTF-8 input, Start inclusive, End exclusive. Score is in (0, 1].
type Finding struct {
	Type  string  `json:"type"`
	Start int     `json:"start"`
	End   int     `json:"end"`
	Score float64 `json:"score"`
}

// Detector finds the values of one finding type.
//
// Implementations must be safe for concurrent use: Scan is called from many
// goroutines at once with different Texts. Scan appends to dst and returns it;
// it must never panic, must return spans within [0, len(t.Raw)] that start and
// end on UTF-8 rune boundaries, and must run in time linear in len(t.Raw).
type Detector interface {
	// Type is the finding type name (TAXONOMY.md).
	Type() string
	// Keywords are lower-case strings whose occurrence in the text makes the
	// detector worth running (label words, prefixes, trigger bytes). A
	// detector that returns nil runs on every text.
	Keywords() []string
	// Scan appends the findings in t to dst.
	Scan(t *Text, dst []Finding) []Finding
}
