package pseudonym

import (
	"strings"
)

// noteState is where a restorer puts Format.Note: before the first
// non-empty piece of a stream that Format.Text names (delta streams), or
// before each non-empty text at such a path (Format.Cumulative).
type noteState struct {
	json  []byte   // the note, escaped for a JSON string; nil: none
	texts []string // Format.Text's entries, "=" as the key's NUL (deltaKey)
	done  bool     // a delta stream: the note stands before its first piece
}

// init sets the note from f; an empty Note or Text leaves it off.
func (n *noteState) init(f Format) {
	if f.Note == "" || f.Text == "" {
		return
	}
	n.json = appendJSONString(nil, f.Note)
	for t := range strings.SplitSeq(f.Text, ",") {
		n.texts = append(n.texts, strings.Replace(t, "=", "\x00", 1))
	}
}

// is reports whether key, a stream's key (its path, with its DeltaBy
// value after a NUL) or the path of a value, is the answer's text.
func (n *noteState) is(key []byte) bool {
	for _, t := range n.texts {
		if matchPath(key, t) {
			return true
		}
	}
	return false
}

// appendJSONString appends s escaped as the content of a JSON string
// (without the quotes): the quote, the backslash and the control
// characters escaped, the rest as it is.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// withNote returns body, one JSON document, with f.Note put before the
// first non-empty string at a path of f.Text; body itself when there is
// none, or when body is no JSON.
func withNote(body []byte, f Format) []byte {
	var n noteState
	n.init(f)
	if n.json == nil {
		return body
	}
	var js jsonScanner
	if js.scan(body) != nil {
		return body
	}
	for _, sp := range js.spans {
		if sp.end > sp.start && n.is(js.pathOf(sp)) {
			out := make([]byte, 0, len(body)+len(n.json))
			out = append(append(append(out, body[:sp.start]...), n.json...), body[sp.start:]...)
			return out
		}
	}
	return body
}
