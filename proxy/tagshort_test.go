package proxy

import (
	"strings"
	"testing"
)

// TestTagCharactersInsideValuesInspected: tag characters (invisible ASCII)
// that carry a value's missing digits one, two or three at a time
// ("860" + tags "957" + "42719", or every second digit) are read as the
// ASCII they mirror as well, as a run of four or more is: the fold leaves
// them out, which reads what is visible, and the model reads both. Before,
// only runs of four or more were decoded, and such a Steuer-ID went out.
func TestTagCharactersInsideValuesInspected(t *testing.T) {
	tag := func(s string) string {
		var b strings.Builder
		for _, c := range s {
			b.WriteRune(0xE0000 + c)
		}
		return b.String()
	}
	h := newPipeHarness(t, nil)
	for _, tc := range []struct{ name, prompt string }{
		{"three digits inside", "Meine Steuer-ID: 860" + tag("957") + "42719"},
		{"every second digit", "Meine Steuer-ID: 8" + tag("6") + "0" + tag("9") + "5" + tag("7") + "4" + tag("2") + "7" + tag("1") + "9"},
		{"the last digit", "Meine Steuer-ID: 8609574271" + tag("9")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(h.llm.received)
			code, out := h.chat(t, "api.openai.com", tc.prompt, false)
			if len(h.llm.received) > n {
				t.Fatalf("the service got %q (%d)", h.llm.received[n], code)
			}
			if code == 200 {
				t.Fatalf("%d %.300s", code, out)
			}
		})
	}
}
