package pseudonym

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Format describes a response body for NewRestorer.
type Format struct {
	// Kind is "json" (one JSON document, also a streamed JSON array),
	// "sse" (text/event-stream), "ndjson" (one JSON document per line),
	// "lines" (lines "<code>:<JSON value>", the data stream of the Vercel
	// AI SDK that Le Chat sends; the JSON strings of code 0 are text
	// deltas), "framed" (Google's length-prefixed frames,
	// gemini.google.com), "html" (HTML or XML, any markup a browser
	// renders: restored values are HTML-escaped) or "text" (anything else;
	// also used for unknown kinds).
	Kind string
	// Cumulative is set for streams whose every event carries the whole
	// text so far (gemini.google.com, Perplexity web): complete placeholders
	// are restored in each event and nothing is held back.
	Cumulative bool
	// Delta names the JSON path (keys joined by ".") whose string in each
	// SSE event or NDJSON line is a piece of the answer, as the delta keys
	// the restorer knows (Duck.ai's "message", Grok's
	// "result.response.token"), only for the stream it is given for; ""
	// for none. Several paths are separated by "," (Grok sends
	// result.response.token or result.token), each a text of its own.
	Delta string
	// DeltaBy names the key beside a Delta value whose value in the same
	// object tells which text the piece goes on, where one key carries
	// two texts: chat-ui's (HuggingChat's) reasoning and answer tokens
	// are both "token" (beside "type": "reasoning" or "stream"), Grok's
	// thinking and answer tokens both "token" (beside "isThinking": true
	// or false). Without it a piece held back at the end of the
	// reasoning (the start of a placeholder) went on the first piece of
	// the answer, and a placeholder's halves from the two were joined into
	// either. No value, false, null and "" are one text; "" for none.
	DeltaBy string
	// Text names the answer's text, where Note goes: paths as in Delta
	// ("#" for any array index) or the key of a stream the restorer knows
	// ("delta.text", "patch:/message/content/parts/0", "lines:0"),
	// several separated by ","; "path=value" is the stream at path whose
	// DeltaBy value is value (raw JSON: token="stream"); "path?key=value"
	// is the string at path where the object that holds it has the
	// member key with the string value (raw content: path=/answer); in
	// "framed" answers "a>b" is the string at path b of the JSON inside
	// the string at path a ("#.2>4.#.1.0"); there the note goes once per
	// element of the last "#" (framed.go, restoreDoc). Not the reasoning or
	// thinking text, nor a tool call's arguments.
	Text string
	// Note is put before the answer's text, once per answer: before the
	// first non-empty piece of a Text stream ("sse", "ndjson", "lines")
	// and before a whole text at a Text path that is no stream (chat-ui's
	// finalAnswer, which the client shows instead of the pieces),
	// before every non-empty text at a Text path of a Cumulative stream
	// (each event repeats the whole text), or before the first non-empty
	// string at a Text path of a "json" document that AppendRestoredBody
	// restores, or before the text in every frame of a "framed" answer.
	// It is escaped as the JSON string it goes in. "" for none, and none
	// in "text" or "html" answers.
	Note string
}

// MaxEventSize bounds one SSE event, NDJSON line or frame. A larger one makes the
// restorer's Read fail with ErrEventTooLarge (fail closed: the caller ends the
// response instead of passing an unrestored or unbounded event).
const MaxEventSize = 16 << 20

// ErrEventTooLarge is returned by a restorer's Read for an event above MaxEventSize.
var ErrEventTooLarge = errors.New("pseudonym: stream event larger than MaxEventSize")

const readBufSize = 4 << 10

// NewRestorer wraps body so that the placeholders issued by m are turned back
// into their original values as the body is read, except a placeholder
// inside a URL, which stays (the client would send the value to the URL's
// host; see linkState).
//
// JSON bodies, SSE events holding JSON and NDJSON lines are rewritten in place:
// only string contents change, restored values are JSON-escaped, all other
// bytes (key order, spacing, event and comment lines, "[DONE]") stay as they
// were. SSE events and NDJSON lines are passed on as soon as they are
// complete; at most one event plus the held-back text is buffered.
//
// Delta streams (OpenAI choices[i].delta.content and choices[i].text, the
// Responses API's delta, Anthropic delta.text, Gemini
// candidates[i].content.parts[j].text, also inside Code Assist's
// "response", Ollama message.content and response,
// ChatGPT web "append" patches and their bare {"v":…} continuations, and a
// path the format names (Format.Delta: Duck.ai's "message")) are
// treated as one text per JSON path: a placeholder split across events is
// restored. Only the shortest suffix that could still become an issued
// placeholder or a variant of one (Mapping.holdStart) is held back and put
// in front of the next value at that path (an empty value, as in a stream's
// first or last event, takes it as it is). Before an event that carries no
// such value, and at the end of the body, the held-back text is restored
// and sent as a copy of the last event at its path. Data that is not JSON
// is passed on with plain-text restoring.
//
// Framed bodies (gemini.google.com) are rewritten frame by frame: in a frame
// whose content is JSON, every string at any depth is restored, strings
// holding JSON are decoded, restored and encoded again, and the length prefix
// is recomputed in UTF-16 units. Bytes outside frames, and frames that are
// not JSON, pass unchanged. Frames are cumulative, so nothing is held back.
//
// The returned ReadCloser is not safe for concurrent use (like any body).
// Close closes body and zeroes the restorer's buffers.
func NewRestorer(m *Mapping, f Format, body io.ReadCloser) io.ReadCloser {
	if f.Kind == "framed" {
		return newFramedRestorer(m, f, body)
	}
	r := &restorer{m: m, f: f, src: body}
	if f.Kind == "sse" || f.Kind == "ndjson" || f.Kind == "lines" {
		r.note.init(f)
	}
	if f.DeltaBy != "" {
		for d := range strings.SplitSeq(f.Delta, ",") {
			// the key beside the delta: its parent's path and DeltaBy
			r.js.by = append(r.js.by, []byte(d[:max(strings.LastIndexByte(d, '.')+1, 0)]+f.DeltaBy))
		}
		r.js.byAt = make([][2]int, len(r.js.by))
	}
	switch f.Kind {
	case "sse":
		r.br = bufio.NewReaderSize(body, readBufSize)
		r.step = r.stepSSE
	case "ndjson", "lines":
		r.br = bufio.NewReaderSize(body, readBufSize)
		r.ndjson = true
		r.prefixed = f.Kind == "lines"
		r.step = r.stepSSE
	case "json":
		r.step = r.stepText
		r.link.json = true
		m.mu.RLock()
		r.whole = m.argsByPath()
		m.mu.RUnlock()
		if r.note.init(f); r.note.json != nil && !r.whole {
			// The note goes in the first document (or element of a
			// top-level array) with the answer's text: held whole
			// until it is placed, then the body streams (noteOnly).
			r.whole, r.noteOnly = true, true
		}
		if !r.whole {
			r.buf = make([]byte, readBufSize) // whole: read into pend (stepText)
		}
	case "html":
		r.buf = make([]byte, readBufSize)
		r.step = r.stepText
		r.link.html = true
	default:
		r.buf = make([]byte, readBufSize)
		r.step = r.stepText
	}
	return r
}

// AppendRestoredBody appends body to dst with the placeholders issued by m
// restored, byte for byte what a restorer of format f returns when it reads
// body whole, for the formats restored as plain text: "json" (restored
// values JSON-escaped), "html" (HTML-escaped), "text" and unknown kinds. For "sse", "ndjson",
// "lines" and "framed" it appends nothing and reports false: those need NewRestorer.
// It lets a caller that holds a whole answer (one with a known length)
// restore it at once and announce the new length. Safe for concurrent use.
func (m *Mapping) AppendRestoredBody(dst, body []byte, f Format) ([]byte, bool) {
	if !f.Whole() {
		return dst, false
	}
	if f.Kind == "json" && f.Note != "" {
		body = withNote(body, f) // the note holds no placeholder: restoring leaves it
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	// A restorer restores what it held back at the end of the body as
	// well, so one pass over the whole body is the same.
	if f.Kind == "json" {
		return m.appendRestoredJSON(dst, body, &linkState{json: true}), true
	}
	return m.appendRestored(dst, body, &linkState{html: f.Kind == "html"}), true
}

// Whole reports whether f is restored as plain text over the whole body
// ("json", "text", unknown kinds), so that AppendRestoredBody can restore a
// complete answer; "sse", "ndjson", "lines" and "framed" need NewRestorer.
func (f Format) Whole() bool {
	switch f.Kind {
	case "sse", "ndjson", "lines", "framed":
		return false
	}
	return true
}

type restorer struct {
	output
	m      *Mapping
	f      Format
	src    io.ReadCloser
	link   linkState // text mode: where the body stands (URL or not); json set to escape restored values for JSON
	ndjson bool      // event mode: one line is one event
	// prefixed: event mode, each line is "<code>:<JSON value>" ("lines");
	// prefix is the current line's "<code>:".
	prefixed bool
	prefix   []byte

	// text mode
	buf  []byte
	pend []byte // held-back bytes
	// whole: a JSON body is restored document by document (an array
	// element by element), each up to maxWholeJSON, to find its tool
	// calls' arguments (numbers.go); set while the mapping needs that
	// (Mapping.argsByPath).
	whole   bool
	wholeAt wholeJSON
	// args: after a piece longer than maxWholeJSON, while the mapping
	// needs its arguments found, the body is restored as it streams with
	// the strings of "arguments" followed (restoreChunkJSON).
	args *argsTracker

	// event mode
	br        *bufio.Reader
	ev        []byte      // raw bytes of the current event
	lines     []evLine    // its lines
	joined    []byte      // joined data of multi-line events
	data      []byte      // rewritten data
	tmp       []byte      // scratch
	kbuf      []byte      // scratch: a stream's key with its DeltaBy value (deltaKey)
	js        jsonScanner // string values of the current data
	streams   []outSpan   // stream values in the rewritten data
	pieces    [][2]int    // data split into lines
	holds     []*hold
	lastPatch string    // ChatGPT web: path of the last "append" patch
	lostURL   bool      // a stream's entry was reused while its text stood in a URL (hold)
	crEnd     bool      // SSE: the last line read ended in a CR with nothing after it yet (readLineSSE)
	lastTmpl  *template // the template of the last event processed, if it made one (readLineSSE)
	// final: the event being processed ends the body (the body ended
	// without the blank line or line break after it): nothing follows, so
	// its streams hold nothing back. Before, their held-back text was sent
	// as an event of its own after it, with a blank line the body did not
	// have.
	final  bool
	closed bool
	// note: Format.Note and where it goes (event mode; a "json" body:
	// the first document with the text, held whole, restorePiece)
	note noteState
	// noteOnly: a "json" body is held document by document only to put
	// the note in (not for its tool calls' arguments): restored as
	// plain JSON text, and streamed once the note stands
	noteOnly bool
}

// evLine is one line of an event: content ev[start:end], terminator
// ev[end:next]; for data lines the value starts at vstart.
type evLine struct {
	start, end, next int
	vstart           int
	data             bool
}

// outSpan is a stream value in rewritten data.
type outSpan struct {
	key        string
	start, end int
}

// hold is the held-back text of one stream and the last event at its path,
// and where the stream's text stands (link: inside a URL or not).
type hold struct {
	key  string
	text []byte
	tmpl *template
	link linkState
	args *argState // a tool call's arguments streamed as JSON text (numbers.go); nil for text
}

// template is a copy of an event, used to send held-back text.
type template struct {
	ev      []byte
	lines   []evLine
	data    []byte
	streams []outSpan
}

// output is what every restorer shares: out holds rewritten bytes not yet
// read, step produces the next piece (an event, a frame, a chunk) or an
// error, which is sticky.
type output struct {
	out  []byte
	off  int
	err  error
	step func() error
}

func (o *output) Read(p []byte) (int, error) {
	for o.off >= len(o.out) {
		if o.err != nil {
			return 0, o.err
		}
		o.out, o.off = o.out[:0], 0
		o.err = o.step()
	}
	n := copy(p, o.out[o.off:])
	o.off += n
	return n, nil
}

// WriteTo writes the restored body to w straight from the restorer's
// buffers, each piece as soon as it is ready (an SSE event, a frame): io.Copy
// uses it instead of allocating a 32 KiB buffer for every answer.
func (o *output) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		if o.off < len(o.out) {
			n, err := w.Write(o.out[o.off:])
			o.off += n
			total += int64(n)
			if err != nil {
				return total, err
			}
			continue
		}
		if o.err != nil {
			if o.err == io.EOF {
				return total, nil
			}
			return total, o.err
		}
		o.out, o.off = o.out[:0], 0
		o.err = o.step()
	}
}

func (r *restorer) Close() error {
	if !r.closed {
		r.closed = true
		for _, b := range [][]byte{r.out[:cap(r.out)], r.pend[:cap(r.pend)], r.data[:cap(r.data)], r.tmp[:cap(r.tmp)]} {
			clear(b)
		}
		for _, h := range r.holds {
			if h.tmpl != nil {
				clear(h.tmpl.data)
			}
		}
		r.holds = nil
		if r.err == nil {
			r.err = errors.New("pseudonym: read after close")
		}
	}
	return r.src.Close()
}

// stepText restores one chunk of a text or JSON body.
func (r *restorer) stepText() error {
	if r.whole {
		// Straight into the held bytes, not through buf.
		r.pend = slices.Grow(r.pend, readBufSize)
		n, err := r.src.Read(r.pend[len(r.pend):cap(r.pend)])
		r.pend = r.pend[:len(r.pend)+n]
		return r.stepWhole(err)
	}
	if r.buf == nil {
		r.buf = make([]byte, readBufSize) // after a piece too long to hold whole
	}
	n, err := r.src.Read(r.buf)
	if n > 0 {
		r.restoreChunk(r.buf[:n])
	}
	if err == io.EOF {
		// The held-back text ends the body: a bare placeholder at its end
		// is whole.
		r.m.mu.RLock()
		if r.args != nil && r.args.inArgs {
			r.out, _ = r.m.appendArgs(r.out, r.pend, &r.args.st, &r.link, true)
		} else {
			r.out = r.m.appendRestored(r.out, r.pend, &r.link)
		}
		r.m.mu.RUnlock()
		r.pend = r.pend[:0]
	}
	return err
}

// stepWhole restores a JSON body whose tool calls' arguments are found by
// path (Mapping.argsByPath), read into r.pend up to err: each JSON
// document, and each element of a
// top-level array (a streamed array of answers), is restored as soon as it
// is complete (wholeJSON, appendRestoredPiece). One longer than
// maxWholeJSON ends this: the rest of the body is restored as it streams,
// as text.
func (r *restorer) stepWhole(err error) error {
	// The pieces a read completed are restored where they stand, and the
	// held bytes cut once after them: cut piece by piece, a read of many
	// small pieces (a streamed array of answers) moved the rest of the
	// read once for each.
	start := 0
	for {
		end := r.wholeAt.next(r.pend)
		if end < 0 {
			break
		}
		r.restorePiece(r.pend[start:end])
		start = end
	}
	if start > 0 {
		r.pend = append(r.pend[:0], r.pend[start:]...)
		r.wholeAt.pos -= start
	}
	switch {
	case err == io.EOF:
		r.restoreWhole(len(r.pend))
		return err
	case err == nil && r.noteOnly && (r.note.done || len(r.pend) > maxWholeJSON):
		// The note stands, or the document is too long to hold: the
		// rest streams as text (its start is searched for the text
		// first, notePartial).
		r.notePartial()
		r.whole = false
		r.restoreChunk(nil)
	case err == nil && len(r.pend) > maxWholeJSON:
		// Too long to hold: restored as it streams from here, numbers
		// in argument objects as text, the strings of "arguments"
		// followed (argsTracker).
		r.notePartial()
		r.whole = false
		r.args = new(argsTracker)
		r.restoreChunk(nil)
	}
	return err
}

// notePartial puts the note, when it is not placed yet, before the first
// non-empty string at a Text path in the held start of a document too
// long to hold whole (the answer's text of a JSON answer over
// maxWholeJSON is its long string, which begins in the held part).
func (r *restorer) notePartial() {
	if r.note.json == nil || r.note.done {
		return
	}
	v := 0
	for v < len(r.pend) && (r.pend[v] == '[' || r.pend[v] == ',' || r.pend[v] < utf8.RuneSelf && asciiSpace[r.pend[v]]) {
		v++
	}
	js := jsonScanner{partial: true}
	js.scan(r.pend[v:])
	for _, sp := range js.spans {
		if sp.end > sp.start && r.note.at(&js, sp) {
			at := v + sp.start
			r.pend = slices.Insert(r.pend, at, r.note.json...)
			r.note.done = true
			return
		}
	}
}

// restoreWhole restores r.pend[:end], a piece that wholeJSON ended, and
// cuts it off.
func (r *restorer) restoreWhole(end int) {
	r.restorePiece(r.pend[:end])
	r.pend = append(r.pend[:0], r.pend[end:]...)
	r.wholeAt.pos -= end
}

// restorePiece restores a piece that wholeJSON ended, with the note put
// in the first piece that holds the answer's text.
func (r *restorer) restorePiece(piece []byte) {
	if r.note.json != nil && !r.note.done {
		if p, ok := r.noteIn(piece); ok {
			piece, r.note.done = p, true
		}
	}
	// Room for the piece at once, and some for restored values: the
	// piece is the whole answer, often many KiB, and grown append by
	// append it was copied and cleared again and again.
	r.out = slices.Grow(r.out, len(piece)+len(piece)/8)
	r.m.mu.RLock()
	if r.noteOnly {
		r.out = r.m.appendRestored(r.out, piece, &r.link)
	} else {
		r.out = r.m.appendRestoredPiece(r.out, piece, &r.link)
	}
	r.m.mu.RUnlock()
}

// noteIn returns piece, a JSON document or an element of a top-level
// array (with the "[" or "," before it), with the note before its first
// non-empty string at a Text path, and whether it holds one.
func (r *restorer) noteIn(piece []byte) ([]byte, bool) {
	v := 0
	for v < len(piece) && (piece[v] == '[' || piece[v] == ',' || piece[v] < utf8.RuneSelf && asciiSpace[piece[v]]) {
		v++
	}
	var js jsonScanner
	if v == len(piece) || js.scan(piece[v:]) != nil {
		return piece, false
	}
	for _, sp := range js.spans {
		if sp.end > sp.start && r.note.at(&js, sp) {
			out := make([]byte, 0, len(piece)+len(r.note.json))
			out = append(append(append(out, piece[:v+sp.start]...), r.note.json...), piece[v+sp.start:]...)
			return out, true
		}
	}
	return piece, false
}

// wholeJSON follows the nesting of a JSON body and cuts it into pieces
// that each end with a complete document or element of a top-level array
// (a bracket that closes it; a placeholder ends with "]" too, and is whole
// in the piece it ends).
type wholeJSON struct {
	pos        int // next byte to read
	depth      int
	top        byte // '{' or '[' that opened the current top-level value
	inStr, esc bool
}

// next reads src from w.pos and returns the end of the next piece, or -1
// when src ends first. The caller cuts the piece off src and moves w.pos
// back by its length.
func (w *wholeJSON) next(src []byte) int {
	for w.pos < len(src) {
		if w.inStr && !w.esc {
			// The bytes of a string that neither end it nor escape, at
			// once: up to its next quote or backslash (IndexByte, not a
			// loop over each byte: a JSON answer is mostly the content of
			// its strings), within a window, so that a string with many
			// escapes is not searched to its end for each.
			rest := src[w.pos:min(len(src), w.pos+256)]
			q := bytes.IndexByte(rest, '"')
			if q < 0 {
				q = len(rest)
			}
			if b := bytes.IndexByte(rest[:q], '\\'); b >= 0 {
				q = b
			}
			w.pos += q
			if w.pos == len(src) {
				break
			}
		}
		c := src[w.pos]
		w.pos++
		switch {
		case w.inStr:
			switch {
			case w.esc:
				w.esc = false
			case c == '\\':
				w.esc = true
			case c == '"':
				w.inStr = false
			}
		case c == '"':
			w.inStr = true
		case c == '{' || c == '[':
			if w.depth == 0 {
				w.top = c
			}
			w.depth++
		case c == '}' || c == ']':
			if w.depth > 0 {
				w.depth--
			}
			if w.depth == 0 || w.depth == 1 && w.top == '[' {
				return w.pos
			}
		}
	}
	return -1
}

// restoreChunk restores the held-back text and chunk, except what it
// holds back again.
func (r *restorer) restoreChunk(chunk []byte) {
	if r.args != nil {
		r.restoreChunkJSON(chunk)
		return
	}
	text := append(r.pend, chunk...)
	r.m.mu.RLock()
	h := r.m.holdStart(text, r.link.json)
	r.out = r.m.appendRestored(r.out, text[:h], &r.link)
	r.m.mu.RUnlock()
	r.pend = append(r.pend[:0], text[h:]...)
}

// restoreChunkJSON is restoreChunk for a JSON body restored as it streams
// while the mapping needs tool calls' arguments found (r.args): the
// content of a string of "arguments" is restored by appendArgs (values
// escaped twice, a marked number as the number), the rest as text.
func (r *restorer) restoreChunkJSON(chunk []byte) {
	text := append(r.pend, chunk...)
	t := r.args
	a := 0
	r.m.mu.RLock()
	for a < len(text) {
		if t.inArgs {
			if q := stringEnd(text[a:]); q >= 0 {
				r.out, _ = r.m.appendArgs(r.out, text[a:a+q], &t.st, &r.link, true)
				a += q // the closing quote, which scan reads (t.inStr)
				t.inArgs = false
				continue
			}
			cut := a + r.m.holdStart(text[a:], true)
			var k int
			r.out, k = r.m.appendArgs(r.out, text[a:cut], &t.st, &r.link, false)
			a += k
			break
		}
		ahead := *t
		if p := ahead.scan(text[a:]); p >= 0 {
			r.out = r.m.appendRestored(r.out, text[a:a+p], &r.link)
			*t = ahead
			t.inArgs, t.st = true, argState{}
			a += p
			continue
		}
		h := a + r.m.holdStart(text[a:], true)
		r.out = r.m.appendRestored(r.out, text[a:h], &r.link)
		t.scan(text[a:h])
		a = h
		break
	}
	r.m.mu.RUnlock()
	r.pend = append(r.pend[:0], text[a:]...)
}

// maxWholeJSON bounds a JSON document, or an element of a top-level array,
// that a restorer holds until it is complete to find its tool calls'
// arguments (restorer.whole): after a longer one the body is restored as
// it streams, numbers as text.
const maxWholeJSON = 1 << 20

// stepSSE reads and rewrites one SSE event (or NDJSON line).
func (r *restorer) stepSSE() error {
	r.ev, r.lines = r.ev[:0], r.lines[:0]
	for {
		got, err := r.readLine()
		if err != nil && err != io.EOF {
			return err
		}
		if got {
			last := r.lines[len(r.lines)-1]
			blank := last.start == last.end && last.next > last.end
			if r.ndjson || blank {
				r.final = err == io.EOF
				r.processEvent()
				if err == nil {
					return nil
				}
			}
		}
		if err == io.EOF {
			if !r.ndjson && len(r.lines) > 0 {
				r.final = true
				r.processEvent()
			}
			if r.pendingHolds() {
				r.terminate()
				r.flushAll()
			}
			return io.EOF
		}
	}
}

// readLine appends one line to the current event. An SSE line ends in
// LF, CRLF or a bare CR (the SSE specification's end-of-line); an NDJSON
// or Le Chat line in LF (or CRLF). Before, SSE lines were split at LF
// only, and a CR-only stream was one line, held until MaxEventSize or the
// end of the body and its placeholders never restored.
func (r *restorer) readLine() (bool, error) {
	if !r.ndjson {
		return r.readLineSSE()
	}
	start := len(r.ev)
	for {
		frag, err := r.br.ReadSlice('\n')
		r.ev = append(r.ev, frag...)
		if len(r.ev) > MaxEventSize {
			return false, ErrEventTooLarge
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && len(r.ev) == start {
			return false, err
		}
		ln := evLine{start: start, end: len(r.ev), next: len(r.ev)}
		if err == nil {
			ln.end--
			if ln.end > start && r.ev[ln.end-1] == '\r' {
				ln.end--
			}
		}
		if ln.end > start && r.ev[ln.end-1] == 0x1e {
			// SignalR's record separator (Microsoft 365 Copilot's
			// WebSocket messages, one record each): the record is JSON,
			// the separator stays with the line's end.
			ln.end--
		}
		r.lines = append(r.lines, ln)
		return true, err
	}
}

// readLineSSE reads a line of an event stream for readLine. A CR that is
// the last byte read so far ends its line at once, as the stream may wait
// there; an LF that follows it (crEnd) is added to that line's terminator,
// or, when that line was the blank one that ended the last event, written
// as it stands after the event.
func (r *restorer) readLineSSE() (bool, error) {
	if r.crEnd {
		r.crEnd = false
		if b, err := r.br.Peek(1); err == nil && b[0] == '\n' {
			r.br.Discard(1)
			if n := len(r.lines); n > 0 && r.lines[n-1].next == len(r.ev) {
				r.ev = append(r.ev, '\n')
				r.lines[n-1].next++
			} else {
				r.out = append(r.out, '\n')
				if t := r.lastTmpl; t != nil && len(t.lines) > 0 && t.lines[len(t.lines)-1].next == len(t.ev) {
					// The held text goes out in a copy of that
					// event: with the same CRLF.
					t.ev = append(t.ev, '\n')
					t.lines[len(t.lines)-1].next++
				}
			}
		}
	}
	start := len(r.ev)
	for {
		if _, err := r.br.Peek(1); err != nil {
			if len(r.ev) == start {
				return false, err
			}
			r.lines = append(r.lines, evLine{start: start, end: len(r.ev), next: len(r.ev)})
			return true, err
		}
		buf, _ := r.br.Peek(r.br.Buffered())
		lf := bytes.IndexByte(buf, '\n')
		i := lf
		if i < 0 {
			i = len(buf)
		}
		if cr := bytes.IndexByte(buf[:i], '\r'); cr >= 0 {
			i = cr
		}
		if i == len(buf) {
			r.ev = append(r.ev, buf...)
			r.br.Discard(len(buf))
			if len(r.ev) > MaxEventSize {
				return false, ErrEventTooLarge
			}
			continue
		}
		end, n := len(r.ev)+i, i+1
		if buf[i] == '\r' {
			switch {
			case i+1 < len(buf) && buf[i+1] == '\n':
				n++
			case i+1 == len(buf):
				r.crEnd = true
			}
		}
		r.ev = append(r.ev, buf[:n]...)
		r.br.Discard(n)
		if len(r.ev) > MaxEventSize {
			return false, ErrEventTooLarge
		}
		r.lines = append(r.lines, evLine{start: start, end: end, next: len(r.ev)})
		return true, nil
	}
}

// processEvent rewrites the current event and appends it to r.out.
func (r *restorer) processEvent() {
	r.lastTmpl = nil
	var data []byte
	nData := 0
	for i := range r.lines {
		ln := &r.lines[i]
		if r.ndjson {
			if ln.start == ln.end {
				continue
			}
			ln.data, ln.vstart = true, ln.start
			if r.prefixed {
				ln.vstart = ln.start + linePrefixLen(r.ev[ln.start:ln.end])
				r.prefix = r.ev[ln.start:ln.vstart]
			}
		} else {
			c := r.ev[ln.start:ln.end]
			if len(c) < 4 || string(c[:4]) != "data" || (len(c) > 4 && c[4] != ':') {
				continue
			}
			ln.data, ln.vstart = true, ln.start+min(len(c), 5)
			if ln.vstart < ln.end && r.ev[ln.vstart] == ' ' {
				ln.vstart++
			}
		}
		if nData == 0 {
			data = r.ev[ln.vstart:ln.end]
		} else {
			if nData == 1 {
				r.joined = append(r.joined[:0], data...)
			}
			r.joined = append(r.joined, '\n')
			r.joined = append(r.joined, r.ev[ln.vstart:ln.end]...)
			data = r.joined
		}
		nData++
	}
	if nData == 0 {
		r.out = append(r.out, r.ev...)
		return
	}
	if !r.rewrite(data) {
		if !r.isPing(data) {
			r.flushAll()
		}
		r.render(r.ev, r.lines, r.data)
		return
	}
	r.render(r.ev, r.lines, r.data)
	if r.pendingHolds() {
		t := &template{
			ev:      append([]byte(nil), r.ev...),
			lines:   append([]evLine(nil), r.lines...),
			data:    append([]byte(nil), r.data...),
			streams: append([]outSpan(nil), r.streams...),
		}
		r.lastTmpl = t
		for _, s := range r.streams {
			if h := r.hold(s.key); h != nil {
				h.tmpl = t
			}
		}
		r.boundHeld(t)
	}
}

// rewrite puts the rewritten data into r.data and the stream values in it
// into r.streams. It reports whether the data held a stream value.
func (r *restorer) rewrite(data []byte) bool {
	r.data, r.streams = r.data[:0], r.streams[:0]
	err := r.js.scan(data)
	r.m.mu.RLock()
	defer r.m.mu.RUnlock()
	if err != nil {
		// Not JSON: a line break in a restored value would end the data
		// line (SSE: also a lone CR), and what follows would be read as
		// a line of its own. In SSE data it becomes LF, which render
		// writes as a data line of its own (SSE joins them with LF); an
		// NDJSON or Le Chat line cannot hold one, so there it is a space.
		br := byte('\n')
		if r.ndjson {
			br = ' '
		}
		r.data = r.m.appendRestored(r.data, data, &linkState{lines: br})
		return false
	}
	// The event's JSON outside the stream values is one document; each
	// stream's text goes on across events (h.link).
	doc := linkState{json: true}
	pos := 0
	if r.f.Cumulative && r.note.json != nil {
		// Each event repeats the whole text: each text starts with
		// the note.
		for _, sp := range r.js.spans {
			if sp.end > sp.start && r.note.at(&r.js, sp) {
				r.data = r.m.appendRestored(r.data, data[pos:sp.start], &doc)
				r.data = append(r.data, r.note.json...)
				pos = sp.start
			}
		}
	}
	byPath := r.m.argsByPath() && mentionsArgs(r.js.arena) // the paths of the event's strings, a few dozen bytes
	for _, sp := range r.js.spans {
		if r.f.Cumulative {
			break
		}
		key, args := r.streamKey(data, sp)
		if key == "" {
			if r.note.json != nil && sp.end > sp.start && r.note.at(&r.js, sp) {
				// The answer's whole text at a Text path that is
				// no stream (chat-ui's finalAnswer, which replaces
				// the pieces shown): it starts with the note too.
				r.data = r.m.appendRestored(r.data, data[pos:sp.start], &doc)
				r.data = append(r.data, r.note.json...)
				pos = sp.start
			}
			if byPath {
				if kind := argPath(r.js.pathOf(sp)); kind != argNone {
					r.data, pos = r.m.appendNumberArg(r.data, data, pos, sp, kind, &doc)
				}
			}
			continue
		}
		h := r.hold(key)
		if h != nil && args && h.args == nil {
			h.args = new(argState)
		}
		r.data = r.m.appendRestored(r.data, data[pos:sp.start], &doc)
		// The note goes before the answer's first piece, inside its
		// value (a copy of this event that sends held-back text has
		// that text there instead).
		noted := !args && r.note.json != nil && !r.note.done && sp.end > sp.start && r.note.is([]byte(key))
		if noted {
			r.note.done = true
		}
		if h == nil {
			if noted {
				r.data = append(r.data, r.note.json...)
			}
			// Too many streams hold text back: a value like any other,
			// but its stream's earlier text is not known, so it may go
			// on a URL: restored only after white space. A tool call's
			// arguments are still JSON text in a string: their values
			// are escaped twice, else a line break or a quote in one
			// makes the client's arguments no JSON (before, they were
			// escaped once). Where the arguments stand is not known
			// either, so a placeholder marked as a number stays a
			// string (off: not followed).
			unknown := linkState{json: true, inURL: true}
			if args {
				st := argState{off: true}
				r.data, _ = r.m.appendArgs(r.data, data[sp.start:sp.end], &st, &unknown, true)
			} else {
				r.data = r.m.appendRestored(r.data, data[sp.start:sp.end], &unknown)
			}
			pos = sp.end
			continue
		}
		// NUL padding (HuggingChat's chat-ui pads each token to 16
		// characters, which its client drops) is no text: it would stand
		// between the pieces of a placeholder, which then was never
		// restored. It stays after this event's piece.
		pad := nulPad(data[sp.start:sp.end])
		val := data[sp.start : sp.end-pad]
		r.tmp = append(append(r.tmp[:0], h.text...), val...)
		cut := len(r.tmp)
		if len(val) > 0 && !r.final { // an empty value (start or end of a stream) takes the held-back text, as the body's last event does
			cut = r.m.holdStart(r.tmp, true)
		}
		start := len(r.data)
		if noted {
			r.data = append(r.data, r.note.json...)
		}
		if h.args != nil {
			r.data, cut = r.m.appendArgs(r.data, r.tmp[:cut], h.args, &h.link, sp.end == sp.start || r.final)
		} else {
			r.data = r.m.appendRestored(r.data, r.tmp[:cut], &h.link)
		}
		r.data = append(r.data, data[sp.end-pad:sp.end]...)
		r.streams = append(r.streams, outSpan{key: key, start: start, end: len(r.data)})
		h.text = append(h.text[:0], r.tmp[cut:]...)
		pos = sp.end
	}
	r.data = r.m.appendRestored(r.data, data[pos:], &doc)
	return len(r.streams) > 0
}

// nulPad returns the length of the run of JSON escapes "\u0000" that ends
// the raw (still escaped) string value v, 0 when there is none; an escape
// is one whose backslash is not itself escaped.
func nulPad(v []byte) int {
	const esc = `\u0000`
	n := len(v)
	for n >= len(esc) && string(v[n-len(esc):n]) == esc {
		bs := 0
		for i := n - len(esc); i >= 0 && v[i] == '\\'; i-- {
			bs++
		}
		if bs%2 == 0 {
			break
		}
		n -= len(esc)
	}
	return len(v) - n
}

// isPing reports whether the rewritten event is a keep-alive, which may
// come between two deltas and must not flush: Anthropic's {"type":"ping"},
// chat-ui's (HuggingChat's) {"type":"status","status":"keepAlive"}, which
// it sends between the tokens of a long answer.
func (r *restorer) isPing(data []byte) bool {
	if len(r.js.data) != len(data) {
		return false
	}
	if t, ok := r.lookupTop(data, "type"); ok && realtimeAudio(t) {
		// OpenAI Realtime's audio deltas come between the pieces of
		// their transcript: they do not end its stream, so a
		// placeholder split across two transcript deltas is restored.
		return true
	}
	switch len(r.js.spans) {
	case 1:
		sp := r.js.spans[0]
		return string(r.js.pathOf(sp)) == "type" && string(data[sp.start:sp.end]) == "ping"
	case 2:
		t, okT := r.lookupTop(data, "type")
		st, okS := r.lookupTop(data, "status")
		return okT && okS && string(t) == "status" && string(st) == "keepAlive"
	}
	return false
}

// realtimeAudio reports the type of an OpenAI Realtime audio delta
// (beta and GA names), whose "delta" is base64 audio, not text.
func realtimeAudio(t []byte) bool {
	return string(t) == "response.audio.delta" || string(t) == "response.output_audio.delta"
}

// streamKey returns the stream a string value belongs to, or "", and
// whether the stream is a tool call's arguments as JSON text (OpenAI chat
// choices[i].delta.tool_calls[j].function.arguments, the Responses API's
// function_call_arguments.delta, Claude's delta.partial_json): a
// placeholder split across their pieces is restored as in text, and one
// marked as a number standing alone as a string value becomes the number
// (numbers.go).
func (r *restorer) streamKey(data []byte, sp strSpan) (string, bool) {
	p := r.js.pathOf(sp)
	switch {
	case string(p) == "delta":
		t, ok := r.lookupTop(data, "type")
		if ok && string(t) == "response.function_call_arguments.delta" {
			id, _ := r.lookupTop(data, "item_id")
			return "arguments:" + string(id), true
		}
		if ok && realtimeAudio(t) {
			return "", false // base64 audio, no text: no piece of a stream
		}
		return r.keyOf(p), false
	case string(p) == "delta.text", string(p) == "delta.thinking",
		string(p) == "message.content", string(p) == "response",
		matchPath(p, "choices.#.delta.content"), matchPath(p, "choices.#.text"),
		matchPath(p, "candidates.#.content.parts.#.text"),
		// Google's Code Assist API (Gemini Code Assist, Gemini CLI) wraps
		// the Gemini answer: {"response": {"candidates": …}, "traceId"}
		matchPath(p, "response.candidates.#.content.parts.#.text"):
		return r.keyOf(p), false
	case r.f.Delta != "" && deltaPath(r.f.Delta, p) >= 0:
		return r.deltaKey(p, data, deltaPath(r.f.Delta, p)), false
	case string(p) == "delta.partial_json", matchPath(p, "choices.#.delta.tool_calls.#.function.arguments"):
		return r.keyOf(p), true
	case len(p) == 0 && r.prefixed && string(r.prefix) == "0:":
		// Le Chat: the text deltas are the strings of code 0.
		return "lines:0", false
	case string(p) == "text":
		// Copilot's WebSocket frames: {"event":"appendText","text":"…"} are
		// deltas; replaceText and others carry whole texts.
		if ev, ok := r.lookupTop(data, "event"); ok && string(ev) == "appendText" {
			return "appendText", false
		}
	case string(p) == "v" || len(p) > 2 && string(p[len(p)-2:]) == ".v":
		parent := p[:len(p)-1]
		op, okO := r.lookupString(data, parent, 'o')
		ptr, okP := r.lookupString(data, parent, 'p')
		if okO && okP && string(op) == "append" {
			r.lastPatch = "patch:" + string(ptr)
			return r.lastPatch, false
		}
		if len(p) == 1 && !okO && !okP {
			if r.lastPatch == "" {
				return "patch:", false
			}
			return r.lastPatch, false
		}
	}
	return "", false
}

// deltaPath returns the index of p among the paths of Format.Delta
// (list), -1 when it is none of them.
func deltaPath(list string, p []byte) int {
	for i := 0; list != ""; i++ {
		var one string
		one, list, _ = strings.Cut(list, ",")
		if one == string(p) {
			return i
		}
	}
	return -1
}

// deltaKey returns the stream of a value at the i-th path of Format.Delta:
// its path, and the value beside it at Format.DeltaBy when that is one
// other than false, null or "" (chat-ui's "reasoning", Grok's isThinking
// true).
func (r *restorer) deltaKey(p, data []byte, i int) string {
	if i >= len(r.js.byAt) || r.js.byAt[i][0] < 0 {
		return r.keyOf(p)
	}
	switch v := data[r.js.byAt[i][0]:r.js.byAt[i][1]]; string(v) {
	case "false", "null", `""`:
		return r.keyOf(p)
	default:
		r.kbuf = append(append(append(r.kbuf[:0], p...), 0), v...)
		return r.keyOf(r.kbuf)
	}
}

// linePrefixLen is the length of the "<code>:" that starts a line of the
// "lines" format (a code of up to eight letters or digits), 0 when there is
// none.
func linePrefixLen(line []byte) int {
	for i, c := range line {
		switch {
		case c == ':' && i > 0:
			return i + 1
		case i == 8 || !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'):
			return 0
		}
	}
	return 0
}

// lookupTop returns the raw string value of a top-level key.
func (r *restorer) lookupTop(data []byte, key string) ([]byte, bool) {
	for _, s := range r.js.spans {
		if string(r.js.pathOf(s)) == key {
			return data[s.start:s.end], true
		}
	}
	return nil, false
}

// lookupString returns the raw string value at parent + last.
func (r *restorer) lookupString(data, parent []byte, last byte) ([]byte, bool) {
	for _, s := range r.js.spans {
		p := r.js.pathOf(s)
		if len(p) == len(parent)+1 && p[len(parent)] == last && string(p[:len(parent)]) == string(parent) {
			return data[s.start:s.end], true
		}
	}
	return nil, false
}

// matchPath matches a dotted path against a pattern in which "#" stands for
// an array index.
func matchPath(path []byte, pattern string) bool {
	for {
		if pattern == "" || len(path) == 0 {
			return pattern == string(path)
		}
		if pattern[0] == '#' {
			n := 0
			for n < len(path) && path[n] >= '0' && path[n] <= '9' {
				n++
			}
			if n == 0 {
				return false
			}
			path, pattern = path[n:], pattern[1:]
			continue
		}
		if path[0] != pattern[0] {
			return false
		}
		path, pattern = path[1:], pattern[1:]
	}
}

// hold returns the hold of the stream key, a new or reused one when there
// is none, or nil when maxHolds streams hold text back: an answer with ever
// new paths that each end in "[" (a hostile service) must not grow the list,
// and the search in it, without bound.
func (r *restorer) hold(key string) *hold {
	for _, h := range r.holds {
		if h.key == key {
			return h
		}
	}
	// Reuse an idle entry so that a stream with many paths (ChatGPT patch
	// pointers) does not grow the list without bound.
	if len(r.holds) >= maxIdleHolds {
		for _, h := range r.holds {
			if len(h.text) == 0 {
				// The stream that had this entry may come back; if its
				// text stood in a URL, that is forgotten with it, so
				// every stream's text from now on starts as if in one.
				r.lostURL = r.lostURL || h.link.inURL
				h.key, h.tmpl, h.link, h.args = key, nil, linkState{json: true, inURL: r.lostURL}, nil
				return h
			}
		}
		if len(r.holds) >= maxHolds {
			return nil
		}
	}
	h := &hold{key: key, link: linkState{json: true, inURL: r.lostURL}}
	r.holds = append(r.holds, h)
	return h
}

// maxIdleHolds is the number of stream paths remembered before idle ones
// are reused; maxHolds bounds the streams that hold text back at once (a
// further one is restored like any other value: a placeholder split at its
// end stays).
const (
	maxIdleHolds = 32
	maxHolds     = 64
)

// maxHeldEvents bounds the bytes of the earlier events that held-back text
// keeps as templates; beyond it their text is sent at once (boundHeld).
const maxHeldEvents = 1 << 20

// keyOf returns key as the string of its hold, without allocating when
// there is one.
func (r *restorer) keyOf(key []byte) string {
	for _, h := range r.holds {
		if h.key == string(key) {
			return h.key
		}
	}
	return string(key)
}

// boundHeld sends the held-back text of the streams that the current event
// (template cur) did not carry, when their events kept as templates exceed
// maxHeldEvents: held-back text is a few bytes, but each keeps a copy of
// its last event, up to MaxEventSize.
func (r *restorer) boundHeld(cur *template) {
	size := 0
	var last *template
	for _, h := range r.holds {
		if len(h.text) > 0 && h.tmpl != nil && h.tmpl != cur && h.tmpl != last {
			size += len(h.tmpl.ev) + len(h.tmpl.data) // a template shared by holds in a row counts once
			last = h.tmpl
		}
	}
	if size <= maxHeldEvents {
		return
	}
	for _, h := range r.holds {
		if h.tmpl != cur {
			r.flushHold(h)
		}
	}
}

func (r *restorer) pendingHolds() bool {
	for _, h := range r.holds {
		if len(h.text) > 0 {
			return true
		}
	}
	return false
}

// flushAll sends the held-back text of every stream as a copy of the last
// event at its path, and forgets where tool calls' arguments stood.
func (r *restorer) flushAll() {
	for _, h := range r.holds {
		r.flushHold(h)
		// A tool call's arguments end with the first event that is
		// none of their pieces (Claude's content_block_stop): the next
		// call at the same path starts afresh.
		h.args = nil
	}
}

// flushHold sends the held-back text of h, if any, as a copy of the last
// event at its path. The text ends the stream there: a bare placeholder at
// its end is whole and restored.
func (r *restorer) flushHold(h *hold) {
	if len(h.text) == 0 || h.tmpl == nil {
		return
	}
	t := h.tmpl
	r.tmp = r.tmp[:0]
	pos := 0
	for _, s := range t.streams {
		r.tmp = append(r.tmp, t.data[pos:s.start]...)
		if s.key == h.key {
			r.m.mu.RLock()
			if h.args != nil {
				r.tmp, _ = r.m.appendArgs(r.tmp, h.text, h.args, &h.link, true)
			} else {
				r.tmp = r.m.appendRestored(r.tmp, h.text, &h.link)
			}
			r.m.mu.RUnlock()
		}
		pos = s.end
	}
	r.tmp = append(r.tmp, t.data[pos:]...)
	r.render(t.ev, t.lines, r.tmp)
	r.terminate()
	h.text = h.text[:0]
}

// terminate ends the output with a complete event (blank line) or line
// before held-back text is sent at the end of a body that ended mid-event.
func (r *restorer) terminate() {
	if len(r.out) == 0 {
		return
	}
	if r.ndjson {
		if r.out[len(r.out)-1] != '\n' {
			r.out = append(r.out, '\n')
		}
		return
	}
	// An SSE line ends in LF, CRLF or CR: a line that ends in CR is
	// ended by another CR as its blank line (an LF would make the two one
	// CRLF).
	switch c := r.out[len(r.out)-1]; {
	case c != '\n' && c != '\r':
		r.out = append(r.out, '\n')
	}
	if !endsBlank(r.out) {
		r.out = append(r.out, r.out[len(r.out)-1])
	}
}

// endsBlank reports whether b, which ends in a line terminator (LF, CRLF
// or CR), ends with an empty line, or is that terminator alone: a step
// begins at an event's end, and an LF alone completes the CRLF of the
// blank line that ended the last step's event (readLineSSE).
func endsBlank(b []byte) bool {
	n := len(b) - 1
	if n >= 1 && b[n-1] == '\r' && b[n] == '\n' {
		n--
	}
	return n == 0 || b[n-1] == '\n' || b[n-1] == '\r'
}

// render appends an event to r.out with its data lines replaced by data, split
// at "\n" (SSE joins data lines with "\n", so this is exact; a restored value
// with "\r\n" still ends its line correctly).
func (r *restorer) render(ev []byte, lines []evLine, data []byte) {
	r.pieces = r.pieces[:0]
	start := 0
	for i, c := range data {
		if c == '\n' {
			r.pieces = append(r.pieces, [2]int{start, i})
			start = i + 1
		}
	}
	r.pieces = append(r.pieces, [2]int{start, len(data)})

	nData := 0
	for _, ln := range lines {
		if ln.data {
			nData++
		}
	}
	k := 0
	for _, ln := range lines {
		if !ln.data {
			r.out = append(r.out, ev[ln.start:ln.next]...)
			continue
		}
		k++
		var pcs [][2]int
		switch {
		case k-1 >= len(r.pieces):
			continue
		case k == nData:
			pcs = r.pieces[k-1:]
		default:
			pcs = r.pieces[k-1 : k]
		}
		term := ev[ln.end:ln.next]
		for i, pc := range pcs {
			r.out = append(r.out, ev[ln.start:ln.vstart]...)
			r.out = append(r.out, data[pc[0]:pc[1]]...)
			if len(term) == 0 && i < len(pcs)-1 {
				r.out = append(r.out, '\n')
			} else {
				r.out = append(r.out, term...)
			}
		}
	}
}
