// Package testcases holds schleuse's labelled German corpus and the tests
// that measure the detectors on it (see README.md for the markup).
package testcases

import (
	"fmt"
	"strings"
)

// Span is one labelled value: byte offsets into the plain text.
type Span struct {
	Type       string
	Start, End int
}

// Parse removes the inline markup from doc and returns the plain text and
// the labelled spans. Markup: {TYPE:value} labels value; "{{" and "}}" stand
// for literal braces, inside and outside a value. TYPE is upper case A-Z
// and "_". A label cannot be nested.
func Parse(doc string) (string, []Span, error) {
	var b strings.Builder
	var spans []Span
	for i := 0; i < len(doc); {
		c := doc[i]
		switch {
		case c == '{' && i+1 < len(doc) && doc[i+1] == '{':
			b.WriteByte('{')
			i += 2
		case c == '}' && i+1 < len(doc) && doc[i+1] == '}':
			b.WriteByte('}')
			i += 2
		case c == '{':
			colon := strings.IndexByte(doc[i:], ':')
			if colon < 2 {
				return "", nil, fmt.Errorf("offset %d: label without type", i)
			}
			typ := doc[i+1 : i+colon]
			for _, r := range typ {
				if !(r >= 'A' && r <= 'Z' || r == '_') {
					return "", nil, fmt.Errorf("offset %d: bad type %q", i, typ)
				}
			}
			start := b.Len()
			j := i + colon + 1
			closed := false
			for j < len(doc) {
				if doc[j] == '}' && !(j+1 < len(doc) && doc[j+1] == '}') {
					closed = true
					j++
					break
				}
				if (doc[j] == '{' || doc[j] == '}') && j+1 < len(doc) && doc[j+1] == doc[j] {
					b.WriteByte(doc[j])
					j += 2
					continue
				}
				if doc[j] == '{' {
					return "", nil, fmt.Errorf("offset %d: nested label", j)
				}
				b.WriteByte(doc[j])
				j++
			}
			if !closed {
				return "", nil, fmt.Errorf("offset %d: unclosed label", i)
			}
			if b.Len() == start {
				return "", nil, fmt.Errorf("offset %d: empty value", i)
			}
			spans = append(spans, Span{Type: typ, Start: start, End: b.Len()})
			i = j
		case c == '}':
			return "", nil, fmt.Errorf("offset %d: stray }", i)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), spans, nil
}
