package pseudonym

import (
	"bytes"
	"unicode/utf8"
)

// Numbers in tool calls. A JSON number in a request ({"steuer_id":
// 86095742719}, in a function call's arguments or a tool's result) is
// replaced by its placeholder as a JSON string ("[DE_TAX_ID_1]"): a
// placeholder is no number. When the model calls a tool with that
// placeholder, its arguments carry the string ({"steuer_id":
// "[DE_TAX_ID_1]"}); restored as text, the client's tool would get
// "86095742719", a string where its schema says integer, and may refuse the
// call. So a placeholder the caller marked as a number (MarkNumber) that
// stands alone as a string value of a tool call's arguments is restored as
// the number, its quotes dropped: {"steuer_id": 86095742719}.
//
// Only the arguments of tool calls are rewritten so, found by their paths
// in each provider's answer (argPath, argStream): in the model's text, in
// an object key and inside a longer string the value stays text.
//
// Arguments come in two forms. As a JSON object in the answer (Gemini's
// functionCall.args, Claude's tool_use input, Ollama's arguments) the
// string value is a span of the answer's JSON, and its quotes are the
// answer's. As a JSON text inside a JSON string (OpenAI's arguments,
// Claude's streamed partial_json) the quotes are escaped (\"), and the
// arguments stream in pieces: argState follows their JSON across the
// pieces, and an opening \" that may begin such a value is held back until
// the placeholder and its closing \" have come (appendArgs).

// MarkNumber records that placeholder, issued by m, stood for a JSON number
// of the request: in a tool call's arguments it is restored as a number.
// A placeholder m did not issue is ignored.
func (m *Mapping) MarkNumber(placeholder string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.byPlaceholder[placeholder]
	if !ok || m.wiped || !jsonInteger(v) {
		return
	}
	if m.numbers == nil {
		m.numbers = make(map[string]struct{})
	}
	m.numbers[placeholder] = struct{}{}
}

// hasNumbers reports whether m holds a placeholder marked as a number. The
// caller holds m.mu.
func (m *Mapping) hasNumbers() bool { return len(m.numbers) > 0 }

// argsByPath reports whether answers need their tool calls' arguments
// found by path: m holds a placeholder marked as a number, or a value that
// JSON escapes (a quote, a backslash, a line break: a postal address on
// two lines), which in arguments held in a string is escaped twice. The
// caller holds m.mu.
func (m *Mapping) argsByPath() bool { return len(m.numbers) > 0 || m.escaped > 0 }

// needsEscape reports whether JSON escapes something in v.
func needsEscape(v []byte) bool {
	for _, c := range v {
		if c == '"' || c == '\\' || c < 0x20 || c == 0x7f {
			return true
		}
	}
	return false
}

// numberValue returns the value of p when p is a placeholder m marked as a
// number. The caller holds m.mu.
func (m *Mapping) numberValue(p []byte) ([]byte, bool) {
	if len(m.numbers) == 0 {
		return nil, false
	}
	if _, ok := m.numbers[string(p)]; !ok {
		return nil, false
	}
	v, ok := m.byPlaceholder[string(p)]
	return v, ok
}

// jsonInteger reports whether v is an integer as JSON writes one: an
// optional "-", then "0" or digits without a leading zero.
func jsonInteger(v []byte) bool {
	if len(v) > 0 && v[0] == '-' {
		v = v[1:]
	}
	if len(v) == 0 || len(v) > 1 && v[0] == '0' {
		return false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Kinds of string values that hold tool-call arguments (argPath).
const (
	argNone   = iota
	argObject // a string value inside arguments that are a JSON object of the answer
	argText   // a whole string that holds the arguments as JSON text
)

// argPath tells whether a string value at path p of an answer belongs to a
// tool call's arguments: argObject for a value inside the arguments object
// (Gemini candidates[].content.parts[].functionCall.args, Claude
// content[].input, Ollama message.tool_calls[].function.arguments),
// argText for a complete arguments string (OpenAI chat
// choices[].message.tool_calls[].function.arguments and the older
// function_call.arguments, the Responses API's output[].arguments and its
// events' arguments, item.arguments and response.output[].arguments). A
// leading array index (a streamed JSON array of Gemini answers) is skipped.
func argPath(p []byte) int {
	if n := indexPrefix(p); n > 0 {
		p = p[n:]
	}
	switch {
	case underPath(p, "candidates.#.content.parts.#.functionCall.args"),
		underPath(p, "response.candidates.#.content.parts.#.functionCall.args"), // Code Assist's wrapper
		underPath(p, "content.#.input"),
		underPath(p, "message.tool_calls.#.function.arguments"):
		return argObject
	case matchPath(p, "choices.#.message.tool_calls.#.function.arguments"),
		matchPath(p, "choices.#.message.function_call.arguments"),
		matchPath(p, "output.#.arguments"), string(p) == "arguments", string(p) == "item.arguments",
		matchPath(p, "response.output.#.arguments"):
		return argText
	}
	return argNone
}

// mentionsArgs reports whether data may hold a path argPath takes: every
// one has "arg" or "input" in a key. Most answers and events have neither,
// and are spared looking at the path of each of their strings.
func mentionsArgs(data []byte) bool {
	return bytes.Contains(data, []byte("arg")) || bytes.Contains(data, []byte("input"))
}

// indexPrefix returns the length of a leading "<digits>." of p, or 0.
func indexPrefix(p []byte) int {
	n := 0
	for n < len(p) && p[n] >= '0' && p[n] <= '9' {
		n++
	}
	if n > 0 && n < len(p) && p[n] == '.' {
		return n + 1
	}
	return 0
}

// underPath reports whether p lies strictly below pattern (matchPath's "#"
// for an index): "candidates.0.content.parts.1.functionCall.args.steuer_id"
// under "candidates.#.content.parts.#.functionCall.args".
func underPath(p []byte, pattern string) bool {
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '.' && matchPath(p[:i], pattern) {
			return true
		}
	}
	return false
}

// appendNumberArg handles the string value sp of data, of argPath kind
// kind, for a writer whose data[:pos] is done: an argObject value that is
// exactly a placeholder marked as a number is written as the number
// without its quotes, an argText value is written through appendArgs. It
// returns the new dst and pos (unchanged when it wrote nothing). The
// caller holds m.mu.
func (m *Mapping) appendNumberArg(dst, data []byte, pos int, sp strSpan, kind int, ls *linkState) ([]byte, int) {
	switch kind {
	case argObject:
		v, ok := m.numberValue(data[sp.start:sp.end])
		if !ok || sp.start < pos+1 {
			return dst, pos
		}
		dst = m.appendRestored(dst, data[pos:sp.start-1], ls)
		dst = append(dst, v...)
		ls.feed(data[sp.start-1 : sp.end+1])
		return dst, sp.end + 1
	case argText:
		dst = m.appendRestored(dst, data[pos:sp.start], ls)
		var st argState
		dst, _ = m.appendArgs(dst, data[sp.start:sp.end], &st, ls, true)
		return dst, sp.end
	}
	return dst, pos
}

// appendRestoredJSON is appendRestored for a whole JSON body (ls.json) as
// a restorer restores it: when argsByPath, piece by piece (wholeJSON), each
// with its tool calls' arguments written by appendNumberArg. The caller
// holds m.mu.
func (m *Mapping) appendRestoredJSON(dst, body []byte, ls *linkState) []byte {
	if !m.argsByPath() {
		return m.appendRestored(dst, body, ls)
	}
	var w wholeJSON
	for {
		end := w.next(body)
		if end < 0 {
			break
		}
		dst = m.appendRestoredPiece(dst, body[:end], ls)
		body = body[end:]
		w.pos -= end
	}
	return m.appendRestoredPiece(dst, body, ls)
}

// appendRestoredPiece restores a piece of a JSON body: a JSON document or
// an element of a top-level array after the "[" or "," and white space
// before it. When that value is JSON, the string values at argPath are
// written by appendNumberArg; otherwise the piece is restored as text.
// The caller holds m.mu.
func (m *Mapping) appendRestoredPiece(dst, piece []byte, ls *linkState) []byte {
	v := 0
	for v < len(piece) && (piece[v] == '[' || piece[v] == ',' || piece[v] < utf8.RuneSelf && asciiSpace[piece[v]]) {
		v++
	}
	var js jsonScanner
	if v == len(piece) || !mentionsArgs(piece) || js.scan(piece[v:]) != nil {
		return m.appendRestored(dst, piece, ls)
	}
	pos := 0
	for _, sp := range js.spans {
		if kind := argPath(js.pathOf(sp)); kind != argNone {
			sp.start, sp.end = sp.start+v, sp.end+v
			dst, pos = m.appendNumberArg(dst, piece, pos, sp, kind, ls)
		}
	}
	return m.appendRestored(dst, piece[pos:], ls)
}

// maxArgDepth bounds the nesting argState follows; deeper arguments are
// restored as text from there on.
const maxArgDepth = 64

// argState follows the JSON text of a tool call's arguments held in a JSON
// string (its quotes written \"), piece by piece: where a string of the
// arguments starts and whether it is a value (after ":" in an object, or in
// an array) or a key.
type argState struct {
	stack [maxArgDepth]byte // '{' or '[' of the open containers
	depth int
	inStr bool // inside a string of the arguments
	esc   bool // inStr: after a backslash of the arguments (written \\)
	key   bool // in an object, the next string is a key
	off   bool // deeper than maxArgDepth: no longer followed
}

// valuePos reports whether a string starting now is a value of an object
// or an array element.
func (st *argState) valuePos() bool {
	if st.depth == 0 || st.off {
		return false
	}
	return st.stack[st.depth-1] == '[' || !st.key
}

// char moves st over one character of the arguments (decoded from the
// outer string's escapes).
func (st *argState) char(c byte) {
	if st.off {
		return
	}
	if st.inStr {
		switch {
		case st.esc:
			st.esc = false
		case c == '\\':
			st.esc = true
		case c == '"':
			st.inStr = false
		}
		return
	}
	switch c {
	case '"':
		st.inStr = true
	case '{', '[':
		if st.depth == maxArgDepth {
			st.off = true
			return
		}
		st.stack[st.depth] = c
		st.depth++
		st.key = c == '{'
	case '}', ']':
		if st.depth > 0 {
			st.depth--
		}
		st.key = false
	case ':':
		st.key = false
	case ',':
		st.key = st.depth > 0 && st.stack[st.depth-1] == '{'
	}
}

// appendArgs appends src, the raw content of a JSON string that holds
// tool-call arguments as JSON text (or the next piece of them), restored
// as appendRestored restores it, with values escaped for the arguments'
// JSON and then for the string that holds it (ls.nested: a line break in a
// value becomes \\n, which the arguments read as \n; escaped once, the
// arguments held a raw line break and were no JSON), except that a string value of the
// arguments that is exactly a placeholder marked as a number
// (`\"[DE_TAX_ID_1]\"`) is written as the number. st follows the
// arguments from piece to piece. Unless final, it stops before an opening
// \" (or a backslash) that cannot be decided yet, because src ends within
// what may still become such a value, and returns how much of src it
// consumed; the caller holds the rest back. The caller holds m.mu.
func (m *Mapping) appendArgs(dst, src []byte, st *argState, ls *linkState, final bool) ([]byte, int) {
	nested := ls.nested
	ls.nested = true
	dst, n := m.appendArgsNested(dst, src, st, ls, final)
	ls.nested = nested
	return dst, n
}

func (m *Mapping) appendArgsNested(dst, src []byte, st *argState, ls *linkState, final bool) ([]byte, int) {
	done := 0
	for i := 0; i < len(src); {
		c, n := src[i], 1
		if c == '\\' {
			if i+1 >= len(src) {
				if final {
					break
				}
				return m.appendRestored(dst, src[done:i], ls), i
			}
			c, n = unescapeArg(src[i:])
			if n == 0 {
				if final {
					break
				}
				return m.appendRestored(dst, src[done:i], ls), i
			}
		}
		if c == '"' && n > 1 && !st.inStr && st.valuePos() {
			// An opening quote of the arguments, written \" or \u0022.
			end, v, decided := m.numberAt(src[i+n:])
			switch {
			case !decided && !final:
				return m.appendRestored(dst, src[done:i], ls), i
			case v != nil:
				dst = m.appendRestored(dst, src[done:i], ls)
				dst = append(dst, v...)
				ls.feed(src[i : i+n+end])
				i += n + end
				done = i
				continue
			}
		}
		st.char(c)
		i += n
	}
	return m.appendRestored(dst, src[done:], ls), len(src)
}

// numberAt reads what follows an opening \" (or \u0022) in arguments held
// in a JSON string: a placeholder marked as a number and the closing \" or
// \u0022 (end: the bytes up to and with that quote, v: the number), or
// nothing of the kind (v nil). decided is false while rest is a proper
// prefix of such a placeholder and quote: more text may make it one.
func (m *Mapping) numberAt(rest []byte) (end int, v []byte, decided bool) {
	if len(rest) == 0 {
		return 0, nil, !m.hasNumbers()
	}
	if rest[0] != '[' {
		return 0, nil, true
	}
	j := 1
	for j < len(rest) && j < maxPlaceholderLen && isPlaceholderByte(rest[j]) {
		j++
	}
	if j == len(rest) {
		return 0, nil, j >= maxPlaceholderLen || !m.numberPrefix(rest[:j])
	}
	if rest[j] != ']' {
		return 0, nil, true
	}
	v, ok := m.numberValue(rest[:j+1])
	if !ok {
		return 0, nil, true
	}
	tail := rest[j+1:]
	if n, ok := escapedQuote(tail); ok {
		return j + 1 + n, v, true
	} else if n < 0 {
		return 0, nil, false
	}
	return 0, nil, true
}

// escapedQuote reports whether b starts with a quote escaped for the JSON
// string that holds the arguments, \" or \u0022, and its length; n is -1
// when b is a proper prefix of one (more text may make it one).
func escapedQuote(b []byte) (n int, ok bool) {
	const u = `\u0022`
	switch {
	case len(b) == 0:
		return -1, false
	case b[0] != '\\':
		return 0, false
	case len(b) == 1:
		return -1, false
	case b[1] == '"':
		return 2, true
	case b[1] != 'u':
		return 0, false
	}
	for k := 2; k < len(u); k++ {
		if k == len(b) {
			return -1, false
		}
		if b[k] != u[k] {
			return 0, false
		}
	}
	return len(u), true
}

// numberPrefix reports whether p is the start of a placeholder marked as a
// number. The caller holds m.mu.
func (m *Mapping) numberPrefix(p []byte) bool {
	for k := range m.numbers {
		if len(k) > len(p) && k[:len(p)] == string(p) {
			return true
		}
	}
	return false
}

// unescapeArg returns the character of the arguments that the escape at
// the start of src stands for, and its length in src (0: incomplete).
// Characters outside ASCII that \u writes are returned as 'x': only the
// JSON syntax of the arguments matters here.
func unescapeArg(src []byte) (byte, int) {
	switch src[1] {
	case 'u':
		if len(src) < 6 {
			return 0, 0
		}
		var r rune
		for _, h := range src[2:6] {
			r = r<<4 | rune(hexValue(h))
		}
		if r < 0x80 {
			return byte(r), 6
		}
		return 'x', 6
	case 'n', 'r', 't':
		return ' ', 2
	case 'b', 'f':
		return 'x', 2
	}
	return src[1], 2
}

// argsTracker follows a JSON body that is restored as it streams, after a
// piece longer than maxWholeJSON (restorer.restoreChunkJSON), to find the
// string values of the key "arguments": OpenAI's and the Responses API's
// tool-call arguments held as JSON text in a string (argPath's argText
// paths all end in it; Ollama's "arguments" is an object, Gemini's and
// Claude's are named otherwise). Their restored values are escaped twice
// (appendArgs); escaped once, a value with a line break or a quote made
// the client's arguments no JSON. A key written with escapes is not
// matched.
type argsTracker struct {
	inStr, esc bool
	n          int  // bytes of "arguments" matched by the current string, -1 when it differs
	key        bool // the last string outside one was "arguments", and only white space followed
	value      bool // after that key and its ':'
	inArgs     bool // within such a value (the restorer's state; see restoreChunkJSON)
	st         argState
}

const argsKey = "arguments"

// scan moves t over b, bytes outside an arguments string, and returns the
// offset just after the opening quote of the next arguments string (t is
// then within it), or -1 when b ends first.
func (t *argsTracker) scan(b []byte) int {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if t.inStr {
			switch {
			case t.esc:
				t.esc = false
			case c == '\\':
				t.esc, t.n = true, -1
			case c == '"':
				t.inStr = false
				t.key = t.n == len(argsKey)
			case t.n >= 0 && t.n < len(argsKey) && c == argsKey[t.n]:
				t.n++
			default:
				t.n = -1
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
		case ':':
			t.value, t.key = t.key, false
		case '"':
			if t.value {
				t.value, t.inStr, t.esc, t.n = false, true, false, -1
				return i + 1
			}
			t.inStr, t.n = true, 0
		default:
			t.key, t.value = false, false
		}
	}
	return -1
}

// stringEnd returns the offset of the quote that ends a JSON string whose
// content b starts (not within an escape), or -1.
func stringEnd(b []byte) int {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
