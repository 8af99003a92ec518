package proxy

import (
	"strings"
	"testing"
)

// TestEnclosedFormsAcrossInvisibles: super- and subscript, circled digits
// and a flag's regional indicators are read as a run (enclosedRun) also
// where what the fold leaves out stands between them (a zero-width space,
// a zero-width joiner, a soft hyphen, a combining mark) or where they are
// written as character references ("&#8312;"): the model reads them
// together as it does without. Before, each had no enclosed neighbour in
// the raw text, stayed as it was, and a Steuer-ID and an IBAN went out. A
// footnote alone beside an invisible character stays a footnote.
func TestEnclosedFormsAcrossInvisibles(t *testing.T) {
	h := newPipeHarness(t, nil)
	join := func(sep string, rs ...string) string { return strings.Join(rs, sep) }
	sup := []string{"⁸", "⁶", "⁰", "⁹", "⁵", "⁷", "⁴", "²", "⁷", "¹", "⁹"}
	circled := []string{"⑧", "⑥", "⓪", "⑨", "⑤", "⑦", "④", "②", "⑦", "①", "⑨"}
	for _, tc := range []struct {
		name, prompt string
		want         string // in what the service gets
		gone         string // not in it
	}{
		{"superscript digits with zero-width spaces", "Meine Steuer-ID: " + join("\u200b", sup...), "[DE_TAX_ID_", "⁸"},
		{"circled digits with soft hyphens", "Meine Steuer-ID: " + join("\u00ad", circled...), "[DE_TAX_ID_", "⑧"},
		{"superscript digits with combining marks", "Meine Steuer-ID: " + join("\u0336", sup...), "[DE_TAX_ID_", "⁸"},
		{"a flag joined by a zero-width joiner", "Überweise an 🇩\u200d🇪89 3704 0044 0532 0130 00", "[IBAN_", "0532"},
		{"superscript digits as character references", "Meine Steuer-ID: &#8312;&#8310;&#8304;&#8313;&#8309;&#8311;&#8308;&#178;&#8311;&#185;&#8313;", "[DE_TAX_ID_", "&#8312;"},
		{"a footnote beside a zero-width space", "Herr Jürgen Kowalski¹\u200b hat Widerspruch eingelegt.", "[PERSON_1]¹", "Kowalski"},
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
