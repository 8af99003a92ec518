package pseudonym

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
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

// TestRestorerHoldsBounded: a hostile stream whose values end in "[" (the
// start of every placeholder) on ever new paths, in many events or in one,
// does not make the restorer keep a held-back text and a copy of the event
// for each path: at most maxHolds streams hold text back and their earlier
// events kept as templates stay within maxHeldEvents. Every byte of it
// still reaches the client, and a normal split placeholder is restored.
func TestRestorerHoldsBounded(t *testing.T) {
	m := NewMapping()
	m.Replace(OpPseudonym, "PERSON", "Anna Schmidt")
	pad := strings.Repeat("x", 16<<10)
	nPatches, nSpans := 1000, 20000
	var in strings.Builder
	// ChatGPT web patches on 1000 paths, each 16 KiB, each ending in "[".
	for i := range nPatches {
		fmt.Fprintf(&in, `data: {"p":"/message/content/parts/%d","o":"append","v":"%s ["}`+"\n\n", i, pad)
	}
	// One event with 20 000 delta paths ending in "[".
	in.WriteString(`data: {"choices":[`)
	for i := range nSpans {
		if i > 0 {
			in.WriteString(",")
		}
		fmt.Fprintf(&in, `{"index":%d,"delta":{"content":"a ["}}`, i)
	}
	in.WriteString("]}\n\n")
	// A normal delta stream after it: the split placeholder is restored.
	in.WriteString(`data: {"choices":[{"index":0,"delta":{"content":"Hallo [PER"}}]}` + "\n\n")
	in.WriteString(`data: {"choices":[{"index":0,"delta":{"content":"SON_1]!"}}]}` + "\n\ndata: [DONE]\n\n")

	r := NewRestorer(m, Format{Kind: "sse"}, io.NopCloser(strings.NewReader(in.String()))).(*restorer)
	buf := make([]byte, 32<<10)
	var out bytes.Buffer
	for {
		n, err := r.Read(buf)
		out.Write(buf[:n])
		if len(r.holds) > maxHolds {
			t.Fatalf("%d holds", len(r.holds))
		}
		held, seen := 0, map[*template]bool{}
		for _, h := range r.holds {
			if len(h.text) > 0 && h.tmpl != nil && !seen[h.tmpl] {
				seen[h.tmpl] = true
				held += len(h.tmpl.ev) + len(h.tmpl.data)
			}
		}
		if held > maxHeldEvents+2*MaxEventSize {
			t.Fatalf("%d bytes of events kept for held-back text", held)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	got := out.String()
	if n := strings.Count(got, pad); n < nPatches {
		t.Fatalf("%d of %d patches reached the client", n, nPatches)
	}
	if !strings.Contains(got, `"content":"Hallo Anna Schmidt"`) && !strings.Contains(got, `Anna Schmidt!`) {
		t.Fatalf("split placeholder not restored after the hostile events:\n%s", got[len(got)-400:])
	}
}
