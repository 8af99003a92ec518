package pseudonym

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Framed bodies (Format Kind "framed") are Google's length-prefixed chunk
// streams, as gemini.google.com StreamGenerate (and batchexecute with rt=c)
// answer:
//
//	)]}'\n
//	\n
//	<n>\n[["wrb.fr",null,"<inner JSON as a string>"]]\n
//	<n>\n[["di",93],["af.httprm",92,"…",7]]\n
//
// <n> is the length of what follows the digits, in UTF-16 code units (the
// JavaScript string length), counted from the newline after the digits up to
// and including the newline after the payload; the next frame's digits follow
// at once. The restorer does not rely on where the count ends: it rewrites the
// n units after the digits, whatever they hold, and writes their new length.
//
// Every frame of a StreamGenerate answer repeats the whole text so far
// (cumulative), so a placeholder cut off at the end of one frame is complete
// in the next and nothing is held back across frames.

// maxFrameDigits bounds the length prefix: more digits than this always
// exceed MaxEventSize.
const maxFrameDigits = 9

// framedReadSize is the read size: answer frames are a few kilobytes and
// grow with the answer.
const framedReadSize = 16 << 10

// maxPregrow bounds the input buffer reserved for an announced frame.
const maxPregrow = 1 << 20

// maxNesting bounds how many layers of JSON inside JSON strings are decoded
// (gemini.google.com uses two: the frame payload and the "wrb.fr" string).
const maxNesting = 4

// framedRestorer restores the placeholders in a framed body. Not safe for
// concurrent use.
type framedRestorer struct {
	output // err: source error, ErrEventTooLarge, or read after close
	m      *Mapping
	src    io.ReadCloser
	buf    []byte // read buffer
	in     []byte // input not yet passed on; a frame in progress starts at in[0]

	// The frame in progress (inFrame): digits in[0:nd], announcing want
	// UTF-16 units; in[nd:nd+pos] holds units of them, and the last
	// character still expects need continuation bytes.
	inFrame bool
	nd      int
	want    int
	pos     int
	units   int
	need    int

	frame  []byte   // rewritten frame content
	levels []*level // scratch per layer of JSON in JSON strings
	closed bool

	// note: Format.Note escaped for a JSON string, nil for none, and
	// where it goes: each of Format.Text's entries as its path in each
	// layer ("#.2>4.#.1.0": the string at #.2 of the frame holds JSON
	// whose 4.#.1.0 is the text). Frames are cumulative: it goes before
	// the text in every frame, once per candidate (restoreDoc).
	note      []byte
	noteTexts [][]string
}

// level is the scratch space of one layer of JSON.
type level struct {
	sc  jsonScanner
	dec []byte // a decoded string of this layer
	out []byte // the rewritten document of this layer
}

func newFramedRestorer(m *Mapping, f Format, body io.ReadCloser) *framedRestorer {
	r := &framedRestorer{m: m, src: body, buf: make([]byte, framedReadSize)}
	r.output.step = r.step
	if f.Note != "" && f.Text != "" {
		r.note = appendJSONString(nil, f.Note)
		for t := range strings.SplitSeq(f.Text, ",") {
			if layers := strings.Split(t, ">"); len(layers) <= maxNesting && len(r.noteTexts) < 64 {
				r.noteTexts = append(r.noteTexts, layers)
			}
		}
	}
	return r
}

// Close closes the body and zeroes the restorer's buffers.
func (r *framedRestorer) Close() error {
	if !r.closed {
		r.closed = true
		clear(r.out[:cap(r.out)])
		clear(r.in[:cap(r.in)])
		clear(r.buf)
		clear(r.frame[:cap(r.frame)])
		for _, l := range r.levels {
			clear(l.dec[:cap(l.dec)])
			clear(l.out[:cap(l.out)])
		}
		r.levels = nil
		if r.err == nil {
			r.err = errors.New("pseudonym: read after close")
		}
	}
	return r.src.Close()
}

// step reads until some output is ready or the source ends. At the end,
// an incomplete frame (or length prefix) is passed on unchanged.
func (r *framedRestorer) step() error {
	for {
		if err := r.process(); err != nil {
			return err
		}
		if len(r.out) > 0 {
			return nil
		}
		n, err := r.src.Read(r.buf)
		r.in = append(r.in, r.buf[:n]...)
		if err != nil {
			if perr := r.process(); perr != nil {
				return perr
			}
			r.out = append(r.out, r.in...)
			r.in, r.inFrame = r.in[:0], false
			return err
		}
	}
}

// process passes on the bytes between frames and every complete frame in
// r.in, and keeps what is incomplete.
func (r *framedRestorer) process() error {
	i := 0
	defer func() {
		if i > 0 {
			r.in = r.in[:copy(r.in, r.in[i:])]
		}
	}()
	for i < len(r.in) {
		b := r.in[i:]
		if !r.inFrame {
			// Anything up to a digit (the ")]}'" prefix, blank lines) is
			// not a frame and passes unchanged.
			j := 0
			for j < len(b) && !isDigit(b[j]) {
				j++
			}
			r.out = append(r.out, b[:j]...)
			i += j
			b = b[j:]
			k := 0
			for k < len(b) && isDigit(b[k]) {
				k++
			}
			if k > maxFrameDigits {
				return ErrEventTooLarge
			}
			if k == 0 || k == len(b) {
				return nil // no digits, or maybe more digits to come
			}
			want, _ := strconv.Atoi(string(b[:k]))
			if want > MaxEventSize {
				return ErrEventTooLarge
			}
			r.inFrame, r.nd, r.want, r.pos, r.units, r.need = true, k, want, 0, 0, 0
			if size := min(k+want, maxPregrow); i == 0 && cap(r.in) < size {
				// Room for the frame at once (want units take at least
				// want bytes), up to a bound: the length is only
				// announced, the bytes are yet to come.
				r.in = slices.Grow(r.in, size-len(r.in))
			}
		}
		if !r.scanFrame(b[r.nd:]) {
			if r.pos > MaxEventSize {
				return ErrEventTooLarge
			}
			return nil
		}
		r.emit(b[:r.nd], b[r.nd:r.nd+r.pos])
		i += r.nd + r.pos
		r.inFrame = false
	}
	return nil
}

// scanFrame advances r.pos over the frame content b until it holds r.want
// UTF-16 units, and reports whether it does. A frame whose count ends inside
// a character ends before it (the bytes stay unchanged either way).
func (r *framedRestorer) scanFrame(b []byte) bool {
	for r.pos < len(b) {
		c := b[r.pos]
		if r.need > 0 && c&0xc0 == 0x80 {
			r.need--
			r.pos++
			continue
		}
		r.need = 0
		w, need := utf16Units(c)
		if r.units+w > r.want {
			return true
		}
		r.units += w
		r.need = need
		r.pos++
		if r.pos > MaxEventSize {
			return false
		}
	}
	return r.units == r.want && r.need == 0
}

// utf16Units returns the UTF-16 units of the character that UTF-8 byte c
// starts and the continuation bytes that should follow. A byte that starts
// no valid sequence counts as one unit (a browser decodes it as U+FFFD).
func utf16Units(c byte) (units, need int) {
	switch {
	case c >= 0xf8:
		return 1, 0
	case c >= 0xf0:
		return 2, 3
	case c >= 0xe0:
		return 1, 2
	case c >= 0xc0:
		return 1, 1
	}
	return 1, 0
}

// utf16Len is the length of b in UTF-16 units, counted as scanFrame does.
func utf16Len(b []byte) int {
	if utf8.Valid(b) {
		// Every byte but a continuation byte starts a character; a
		// four-byte one is a surrogate pair.
		n := 0
		for _, c := range b {
			n += 1 - b2i(c&0xc0 == 0x80) + b2i(c >= 0xf0)
		}
		return n
	}
	n, need := 0, 0
	for _, c := range b {
		if need > 0 && c&0xc0 == 0x80 {
			need--
			continue
		}
		var w int
		w, need = utf16Units(c)
		n += w
	}
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// emit appends one frame to r.out: unchanged unless its content is JSON that
// holds an issued placeholder, else rewritten with a new length.
func (r *framedRestorer) emit(digits, content []byte) {
	r.m.mu.RLock()
	changed := false
	if r.m.hasIssued(content) || r.note != nil {
		if l := r.level(0); l.sc.scan(content) == nil {
			r.frame = r.restoreDoc(slices.Grow(r.frame[:0], len(content)+len(content)/4+len(r.note)), content, 0, 1<<len(r.noteTexts)-1)
			changed = true
		}
	}
	r.m.mu.RUnlock()
	if changed && bytes.Equal(r.frame, content) {
		// Nothing restored and no note placed: the frame as it came,
		// its length's digits too ("0364" stays, not "364").
		changed = false
	}
	if !changed {
		r.out = append(r.out, digits...)
		r.out = append(r.out, content...)
		return
	}
	r.out = slices.Grow(r.out, len(r.frame)+maxFrameDigits)
	r.out = strconv.AppendInt(r.out, int64(utf16Len(r.frame)), 10)
	r.out = append(r.out, r.frame...)
}

func (r *framedRestorer) level(d int) *level {
	for len(r.levels) <= d {
		r.levels = append(r.levels, &level{sc: jsonScanner{keys: true}})
	}
	return r.levels[d]
}

// restoreDoc appends doc, already scanned by r.level(d).sc, to dst with the
// issued placeholders restored in every string (keys too). A string whose
// content is a JSON array or object is decoded, restored inside and encoded
// again; in any other string only the placeholders change, and their values
// are JSON-escaped. The note goes before a non-empty string at the last
// layer's path of a note entry whose earlier layers lead to it (live: a
// bit per entry of r.noteTexts). The caller holds r.m.mu.
//
// The note goes before one text of each element of the path's last "#"
// (a Gemini candidate, a draft the person sees on its own): the first
// whose path matches, in document order, that is not a Google content
// card's link. A candidate whose text at 1.0 is such a link
// ("http://googleusercontent.com/card_content/1") is shown from its text
// at 22.0, which the client reads in its place; the link stays as it is,
// so that the client still knows it.
func (r *framedRestorer) restoreDoc(dst, doc []byte, d int, live uint64) []byte {
	l := r.level(d)
	pos := 0
	var notedIn [][]byte // the elements whose text has the note
	for _, sp := range l.sc.spans {
		raw := doc[sp.start:sp.end]
		next, noted := uint64(0), false
		if live != 0 && sp.end > sp.start {
			p := l.sc.pathOf(sp)
			for i, layers := range r.noteTexts {
				if live&(1<<i) == 0 || len(layers) <= d || !matchPath(p, layers[d]) {
					continue
				}
				if d < len(layers)-1 {
					next |= 1 << i
					continue
				}
				if el := elementOf(p, layers[d]); !noted && !googleContentLink(raw) && !slices.ContainsFunc(notedIn, func(b []byte) bool { return bytes.Equal(b, el) }) {
					noted = true
					notedIn = append(notedIn, el)
				}
			}
		}
		if !noted && next == 0 && !r.m.hasIssued(raw) {
			continue
		}
		dst = append(dst, doc[pos:sp.start]...)
		pos = sp.end
		if noted {
			dst = append(dst, r.note...)
		}
		if d+1 < maxNesting {
			l.dec = appendUnescaped(slices.Grow(l.dec[:0], len(raw)), raw)
			if inner := r.level(d + 1); isContainer(l.dec) && inner.sc.scan(l.dec) == nil {
				inner.out = r.restoreDoc(slices.Grow(inner.out[:0], len(l.dec)+len(l.dec)/4), l.dec, d+1, next)
				dst = appendJSONEscaped(dst, inner.out)
				continue
			}
		}
		// A placeholder in the raw string is literal text: "[", "]" and
		// [A-Z0-9_] are never part of an escape.
		dst = r.m.appendRestored(dst, raw, &linkState{json: true})
	}
	return append(dst, doc[pos:]...)
}

// elementOf is the start of path, which matches pattern, through the index
// that the pattern's last "#" matched ("4.0" of "4.0.22.0" for "4.#.22.0");
// path itself for a pattern without "#".
func elementOf(path []byte, pattern string) []byte {
	end, i := len(path), 0
	for j := 0; j < len(pattern) && i < len(path); j++ {
		if pattern[j] != '#' {
			i++
			continue
		}
		for i < len(path) && path[i] >= '0' && path[i] <= '9' {
			i++
		}
		end = i
	}
	return path[:end]
}

// googleContentLink reports whether raw, a JSON string's content, starts
// with the link of a card ("http://googleusercontent.com/card_content/1"):
// gemini.google.com's client knows it by that start and shows the
// candidate's text at 22.0 in its place (HanaokaYuzu/Gemini-API reads it
// so). Other links of Google's content (an image's) stand inside the text
// and are cut out wherever they are, so the note may go before them.
func googleContentLink(raw []byte) bool {
	return bytes.HasPrefix(raw, []byte("http://googleusercontent.com/card_content/")) || bytes.HasPrefix(raw, []byte(`http:\/\/googleusercontent.com\/card_content\/`))
}

// isContainer reports whether b, after leading whitespace, starts a JSON
// array or object.
func isContainer(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && (b[0] == '[' || b[0] == '{')
}

// appendUnescaped appends the decoded content of a JSON string whose raw
// content (between the quotes, syntax already checked by jsonScanner) is raw.
// A lone surrogate becomes U+FFFD.
func appendUnescaped(dst, raw []byte) []byte {
	for len(raw) > 0 {
		i := bytes.IndexByte(raw, '\\')
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if len(raw) < 2 {
			return append(dst, raw...)
		}
		switch e := raw[1]; e {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r1, ok := hex4(raw[2:])
			if !ok {
				return append(dst, raw...)
			}
			raw = raw[6:]
			if utf16.IsSurrogate(r1) {
				r2, ok := rune(0), false
				if len(raw) >= 2 && raw[0] == '\\' && raw[1] == 'u' {
					r2, ok = hex4(raw[2:])
				}
				if pair := utf16.DecodeRune(r1, r2); ok && pair != utf8.RuneError {
					r1 = pair
					raw = raw[6:]
				} else {
					r1 = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r1)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, e)
		}
		raw = raw[2:]
	}
	return dst
}

// hex4 decodes the four hex digits at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
