package detectors

import (
	"bytes"
	"strconv"
)

// Redact returns a copy of text in which every finding's span is replaced by
// label(i, f), i being the finding's index in fs. fs must be sorted by Start
// (as Engine.Scan returns it); a finding that overlaps an earlier one or lies
// outside text is skipped. text is not modified.
func Redact(text []byte, fs []Finding, label func(i int, f Finding) string) []byte {
	out := make([]byte, 0, len(text))
	pos := 0
	for i, f := range fs {
		if f.Start < pos || f.End > len(text) || f.Start >= f.End {
			continue
		}
		out = append(out, text[pos:f.Start]...)
		out = append(out, label(i, f)...)
		pos = f.End
	}
	return append(out, text[pos:]...)
}

// PlaceholderLabel returns a label function for Redact that writes
// placeholders like "[IBAN_1]": numbered per type in order of appearance,
// the same value (ignoring case and white space) getting the same number.
// text must be the text the findings were made in. The returned function
// is not safe for concurrent use.
func PlaceholderLabel(text []byte) func(i int, f Finding) string {
	next := map[string]int{}
	seen := map[string]int{}
	return func(_ int, f Finding) string {
		n := 0
		key := ""
		if f.Start >= 0 && f.End <= len(text) && f.Start < f.End {
			key = f.Type + "\x00" + normValue(text[f.Start:f.End])
			n = seen[key]
		}
		if n == 0 {
			next[f.Type]++
			n = next[f.Type]
			if key != "" {
				seen[key] = n
			}
		}
		return "[" + f.Type + "_" + strconv.Itoa(n) + "]"
	}
}

// normValue folds case and drops white space so that "DE89 3704…" and
// "de893704…" compare equal.
func normValue(v []byte) string {
	var b bytes.Buffer
	b.Grow(len(v))
	for _, c := range v {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		b.WriteByte(lowerTab[c])
	}
	return b.String()
}
