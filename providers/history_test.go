package providers

import (
	"fmt"
	"testing"
)

func TestHistoryCache(t *testing.T) {
	c := NewHistoryCache(3)
	c.Record("conv1", "Hallo Max")
	cases := []struct {
		conv, text string
		want       bool
	}{
		{"conv1", "Hallo Max", true},
		{"conv2", "Hallo Max", false}, // other conversation
		{"conv1", "Hallo Max!", false},
		{"conv1Hallo", " Max", false}, // no ambiguity between id and text
	}
	for _, tc := range cases {
		if got := c.Seen(tc.conv, tc.text); got != tc.want {
			t.Errorf("Seen(%q, %q) = %v, want %v", tc.conv, tc.text, got, tc.want)
		}
	}
	for i := 0; i < 3; i++ {
		c.Record("conv1", fmt.Sprint(i))
	}
	if c.Seen("conv1", "Hallo Max") {
		t.Errorf("oldest entry not evicted")
	}
	for i := 0; i < 3; i++ {
		if !c.Seen("conv1", fmt.Sprint(i)) {
			t.Errorf("entry %d lost", i)
		}
	}
}
