package proxy

import (
	"strings"
	"testing"
)

// TestHyphenBreaksAcrossInvisibles: a word or number broken over two lines
// is read whole (hyphenBreak) also when the break's hyphen is the soft
// hyphen or the typographic one a PDF or Word puts there (U+00AD, U+2010,
// U+2011), when the line separator ends the line, and with invisible
// characters around the hyphen and the break ("860957-\n\u200b42719"),
// which the fold leaves out anyway. Before, the raw neighbours were asked
// alone, and a Steuer-ID and a name broken so went out. A dash between
// words with blanks, and a break before a capital, stay as they are.
func TestHyphenBreaksAcrossInvisibles(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, tc := range []struct {
		name, prompt string
		want         string // in what the service gets
		gone         string // not in it
	}{
		{"a zero-width space after the break", "Meine Steuer-ID: 860957-\n\u200b42719", "[DE_TAX_ID_", "42719"},
		{"a zero-width space before the break", "Meine Steuer-ID: 860957-\u200b\n42719", "[DE_TAX_ID_", "42719"},
		{"a soft hyphen at the line's end", "Meine Steuer-ID: 860957\u00ad\n42719", "[DE_TAX_ID_", "42719"},
		{"the typographic hyphen", "Meine Steuer-ID: 860957\u2010\n42719", "[DE_TAX_ID_", "42719"},
		{"the non-breaking hyphen and CRLF", "Meine Steuer-ID: 860957\u2011\r\n42719", "[DE_TAX_ID_", "42719"},
		{"the line separator", "Meine Steuer-ID: 860957-\u202842719", "[DE_TAX_ID_", "42719"},
		{"a dash between words stays", "Kosten – wie besprochen -\nAntrag folgt", "-\\nAntrag", "[PERSON_"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(h.llm.received)
			code, out := h.chat(t, "api.openai.com", tc.prompt, false)
			if code != 200 || len(h.llm.received) != n+1 {
				t.Fatalf("%d %.300s", code, out)
			}
			if up := h.llm.received[n]; !strings.Contains(up, tc.want) || strings.Contains(up, tc.gone) {
				t.Fatalf("the service got %s", up)
			}
		})
	}
}
