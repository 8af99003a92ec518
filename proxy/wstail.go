package proxy

import (
	"unicode/utf8"

	"github.com/schleuse/schleuse/providers"
)

// wsTail is the end of the person's text in the last client messages a
// WebSocket connection sent on to the service: the pieces a value split
// across messages may start in ("Überweise bitte an DE89 3704", then
// "0044 0532 0130 00 den Betrag."; a client that sends what is typed in
// chunks). The next message's first text is read joined with them
// (scanTail) as scanBoundaries joins two messages of one request. It holds
// what a boundary's reading needs and no more: the last piece's last
// boundaryWindow bytes, and of the pieces before it only those whose
// reading still reaches the next message (boundaryChain), 2×boundaryWindow
// bytes at most (and the rest of a character). It lives in the connection's memory only (wsConn) and
// goes with it; no byte of it is logged or audited.
//
// The zero value is empty and ready. Not safe for concurrent use: a
// connection's client messages are inspected one after the other.
type wsTail struct {
	buf  [2*boundaryWindow + utf8.UTFMax]byte
	n    int                     // bytes of buf in use
	ends [maxSplitPieces - 1]int // where piece p ends in buf
	k    int                     // pieces held
	name string                  // the pieces' field name (their shape: the next message's is the same)
	// joins: the last piece ends where a value may go on (leftEdge)
	joins bool
}

// wsTailKey carries a connection's *wsTail in its context to the
// inspection of each message (run.tail).
type wsTailKey struct{}

// piece returns piece p.
func (t *wsTail) piece(p int) []byte {
	start := 0
	if p > 0 {
		start = t.ends[p-1]
	}
	return t.buf[start:t.ends[p]]
}

// add puts text, the end of a message's last text field named name, after
// the pieces held (cont: the message went on from them, scanTail joined
// it) or in their place, and drops the pieces whose reading no longer
// reaches past it. It does not allocate.
func (t *wsTail) add(name, text string, cont bool) {
	if !cont {
		t.n, t.k = 0, 0
	}
	t.name, t.joins = name, leftEdge(text)
	if len(text) > boundaryWindow {
		cut := len(text) - boundaryWindow // as scanChain cuts the left piece
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[cut:]
	}
	if t.k == len(t.ends) {
		t.drop(1)
	}
	// Of the pieces before it, those stay whose boundaryChain reaches
	// the next message: each piece after them shorter than the room left.
	keep := 0
	for p := t.k - 1; p >= 0; p-- {
		room, ok := boundaryWindow, true
		for q := p + 1; q <= t.k && ok; q++ {
			l := len(text)
			if q < t.k {
				l = len(t.piece(q))
			}
			ok = l < room && q-p < maxSplitPieces-1
			room -= l + 1
		}
		if !ok {
			break
		}
		keep = t.k - p
	}
	if keep < t.k {
		t.drop(t.k - keep)
	}
	if t.n+len(text) > len(t.buf) { // cannot be: kept pieces after the first are shorter than the window together
		t.n, t.k = 0, 0
	}
	t.n += copy(t.buf[t.n:], text)
	t.ends[t.k] = t.n
	t.k++
}

// drop forgets the oldest m pieces.
func (t *wsTail) drop(m int) {
	if m >= t.k {
		t.n, t.k = 0, 0
		return
	}
	off := t.ends[m-1]
	copy(t.buf[:], t.buf[off:t.n])
	t.n -= off
	for p := m; p < t.k; p++ {
		t.ends[p-m] = t.ends[p] - off
	}
	t.k -= m
}

// tailText reports a field of a message whose end may begin a value the
// next message continues: the person's text (UserText) of a message
// (messageText: "content[0].text", "item.content[0].text"), or a message
// that is all text ("body", as the generic reading names it). Other text
// of the chat app (a chat's title, a consent's name) is no part of what
// the person writes to the model.
func tailText(f *providers.Field) bool {
	return f.Kind == providers.UserText && (messageText(f.Name) || f.Name == "body")
}

// scanTail reads the boundary between the person's earlier messages on
// this WebSocket (r.tail) and this message's first text, as scanBoundaries
// reads the boundary of two messages of one request: the pieces before
// it joined with a blank and without one, and keeps what crosses into
// this message. A value found so is the person's text in this message:
// redact replaces its part here (splitEdits); the part in the earlier
// message went out with it and cannot be recalled. Before, each message
// was read by itself, and a value split across two reached the service.
// Only the message's first text of the same shape as the pieces' (the
// same field of the service's format, "content[0].text"; tailText),
// beginning where a value may go on (rightEdge), is joined.
func (r *run) scanTail() {
	t := r.tail
	if t == nil || t.k == 0 || !t.joins {
		return
	}
	fields := r.env.Fields
	j := 0
	for j < len(fields) && !(tailText(&fields[j]) && sameShape(t.name, fields[j].Name)) {
		j++
	}
	if j == len(fields) || !rightEdge(fields[j].Text) {
		return
	}
	r.tailJoined, r.tailField = true, j
	k := t.k
	tmp := make([]providers.Field, k, k+len(fields)-j)
	for p := range k {
		tmp[p] = providers.Field{Kind: providers.UserText, Name: t.name, Text: string(t.piece(p))}
	}
	tmp = append(tmp, fields[j:]...)
	covered := map[int]int{}
	for p := range k {
		right, ends := boundaryChain(tmp, p, p+1, k)
		reach := -1
		for i, f := range right {
			if f == k {
				reach = i
			}
		}
		if reach < 0 {
			continue // cannot: add kept only pieces whose chain reaches it
		}
		s := r.scanChain(tmp, p, right, ends, reach, false, covered)
		if s == nil {
			continue
		}
		// Of the pieces, only this message's can be rewritten.
		b := &boundary{left: -1, right: make([]int, 0, len(right)-reach), at: s.split.at[reach:]}
		for _, f := range right[reach:] {
			b.right = append(b.right, f-k+j)
		}
		s.split = b
	}
	if len(covered) > 0 {
		r.tailCovered = map[int]int{}
		for f, n := range covered {
			if f >= k {
				r.tailCovered[f-k+j] = n
			}
		}
	}
}

// noteTail keeps the end of this message's last text the person wrote in
// r.tail, after the message went on to the service: its last
// boundaryWindow bytes, as scanBoundaries reads the left one of two
// messages of a request. A value held whole by that end is not found
// again: only what crosses into the next message is kept (scanChain). A
// message without such text (a ping, a subscription, an event of the app
// whose text is no message's: tailText) leaves the tail as it is: the
// model reads the person's messages around it as one text.
func (r *run) noteTail() {
	if r.tail == nil || r.env == nil {
		return
	}
	fields := r.env.Fields
	last := -1
	for i := range fields {
		if tailText(&fields[i]) {
			last = i
		}
	}
	if last < 0 {
		return
	}
	// The pieces go on when this message is one piece more of them: its
	// text joined with them is its last.
	r.tail.add(fields[last].Name, fields[last].Text, r.tailJoined && last == r.tailField)
}
