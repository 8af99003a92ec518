package pseudonym

import (
	"strings"
)

// noteState is where a restorer puts Format.Note: before the first
// non-empty piece of a stream that Format.Text names (delta streams), or
// before each non-empty text at such a path (Format.Cumulative).
type noteState struct {
	json  []byte     // the note, escaped for a JSON string; nil: none
	texts []noteText // Format.Text's entries
	done  bool       // a delta stream: the note stands before its first piece
}

// noteText is one entry of Format.Text: a path or a stream's key ("=" as
// the key's NUL, deltaKey), and for "path?key=value" the member beside
// the string that must hold the string value (raw JSON content).
type noteText struct {
	path     string
	sib, val string
}

// init sets the note from f; an empty Note or Text leaves it off.
func (n *noteState) init(f Format) {
	if f.Note == "" || f.Text == "" {
		return
	}
	n.json = appendJSONString(nil, f.Note)
	for t := range strings.SplitSeq(f.Text, ",") {
		var e noteText
		if p, cond, ok := strings.Cut(t, "?"); ok {
			e.path = p
			e.sib, e.val, _ = strings.Cut(cond, "=")
		} else {
			e.path = strings.Replace(t, "=", "\x00", 1)
		}
		n.texts = append(n.texts, e)
	}
}

// is reports whether key, a stream's key (its path, with its DeltaBy
// value after a NUL), is the answer's text.
func (n *noteState) is(key []byte) bool {
	for _, t := range n.texts {
		if t.sib == "" && matchPath(key, t.path) {
			return true
		}
	}
	return false
}

// at reports whether sp, a string of the document js scanned last, is the
// answer's text: its path is one of Format.Text's, and for an entry
// "path?key=value" the object that holds it has the member key with the
// string value (Copilot's "text" beside "event":"appendText", M365
// Copilot's messages of "author":"bot", Perplexity's patch value beside
// "path":"/answer").
func (n *noteState) at(js *jsonScanner, sp strSpan) bool {
	p := js.pathOf(sp)
	for _, t := range n.texts {
		if matchPath(p, t.path) && (t.sib == "" || besideIs(js, p, t.sib, t.val)) {
			return true
		}
	}
	return false
}

// besideIs reports whether the object holding the value at path p has the
// member key whose raw string content is val.
func besideIs(js *jsonScanner, p []byte, key, val string) bool {
	parent := p[:max(0, strings.LastIndexByte(string(p), '.'))]
	for _, s := range js.spans {
		q := js.pathOf(s)
		if len(parent) == 0 {
			if string(q) != key {
				continue
			}
		} else if len(q) != len(parent)+1+len(key) || string(q[:len(parent)]) != string(parent) || q[len(parent)] != '.' || string(q[len(parent)+1:]) != key {
			continue
		}
		if string(js.data[s.start:s.end]) == val {
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
	out, _ := NoteJSON(body, Format{Text: f.Text, Note: f.Note})
	return out
}

// NoteJSON returns doc, one JSON document (a WebSocket message, a SignalR
// record without its separator), with f.Note put before the first
// non-empty string at a path of f.Text, or with f.Cumulative before every
// one (each message repeats the whole text), and whether it put it there;
// doc itself when there is none, or when doc is no JSON. The caller
// passes the message on to the restorer after it: the note holds no
// placeholder. A WebSocket has no restorer of its own per answer, so the
// caller keeps track of which answer has its note (proxy's wsConn).
func NoteJSON(doc []byte, f Format) ([]byte, bool) {
	var n noteState
	n.init(f)
	if n.json == nil {
		return doc, false
	}
	var js jsonScanner
	if js.scan(doc) != nil {
		return doc, false
	}
	var out []byte
	pos := 0
	for _, sp := range js.spans {
		if sp.end > sp.start && n.at(&js, sp) {
			if out == nil {
				out = make([]byte, 0, len(doc)+len(n.json))
			}
			out = append(append(out, doc[pos:sp.start]...), n.json...)
			pos = sp.start
			if !f.Cumulative {
				break
			}
		}
	}
	if out == nil {
		return doc, false
	}
	return append(out, doc[pos:]...), true
}
