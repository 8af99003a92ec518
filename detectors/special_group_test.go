package detectors

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzQuotedGroup checks quotedGroup on arbitrary text after each opening
// quote: no panic, and an end within the text right after the tail, which
// closes a name that starts with a capital or a digit.
func FuzzQuotedGroup(f *testing.F) {
	for _, c := range append(append([]lexCase{}, specialTPs...), specialFPs...) {
		if strings.HasPrefix(c.name, "round 64") {
			f.Add(c.text, "“")
		}
	}
	f.Add("Anhänger der „Reichsbürger“-Szene bekannt", "“-szene")
	f.Add("Mitglied der Partei \"Der III. Weg\", angehört", "\"")
	f.Fuzz(func(t *testing.T, s, tail string) {
		if tail == "" {
			return
		}
		raw := []byte(s)
		low := bytes.ToLower(raw)
		if len(low) != len(raw) {
			return // the detector's Lower keeps offsets; ToLower may not
		}
		for e := range raw {
			end, ok := quotedGroup(raw, low, e, tail)
			if !ok {
				continue
			}
			if end > len(raw) || end < e+len(tail)+1 || string(low[end-len(tail):end]) != tail {
				t.Fatalf("quotedGroup(%q, %d, %q) = %d", s, e, tail, end)
			}
		}
	})
}
