package pseudonym

import (
	"strconv"
	"testing"
)

// TestMappingBounded: a mapping holds at most MaxEntries placeholders; a new
// value beyond them gets the label (nothing of it leaves), values seen before
// keep their placeholders and are still restored.
func TestMappingBounded(t *testing.T) {
	m := NewMapping()
	first := m.Replace(OpPseudonym, "EMAIL", "a0@example.org")
	for i := 1; i < MaxEntries; i++ {
		m.Replace(OpPseudonym, "EMAIL", "a"+strconv.Itoa(i)+"@example.org")
	}
	for _, tc := range []struct{ value, want string }{
		{"over@example.org", "[EMAIL]"},
		{"another@example.org", "[EMAIL]"},
		{"a0@example.org", first},
		{"a9999@example.org", "[EMAIL_10000]"},
	} {
		if got := m.Replace(OpPseudonym, "EMAIL", tc.value); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.value, got, tc.want)
		}
	}
	if n := len(m.byPlaceholder); n != MaxEntries {
		t.Errorf("%d entries, want %d", n, MaxEntries)
	}
	if got := m.Restore("an " + first); got != "an a0@example.org" {
		t.Errorf("restore: %q", got)
	}
}
