package proxy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/pseudonym"
)

// MessageInspector is implemented by inspectors that can inspect WebSocket
// messages of an upgraded request to an inspected service.
type MessageInspector interface {
	// InspectMessage decides about one complete client→server text message.
	// forward is the message to send on (possibly rewritten); a nil forward
	// with reply set means "drop it and send these messages to the client".
	InspectMessage(ctx context.Context, x *Exchange, msg []byte) (forward []byte, reply [][]byte)
}

// ControlScanner is implemented by inspectors that can scan the payload of
// a ping or pong frame, which is no message and goes on as it is when it
// holds nothing the detectors find.
type ControlScanner interface {
	// ControlHoldsData reports whether payload holds a finding.
	ControlHoldsData(x *Exchange, payload []byte) bool
}

// MessageRefuser is implemented by inspectors that can tell the client, in
// the service's own WebSocket messages, why one of its messages was not
// sent although it was not inspected (too many messages).
type MessageRefuser interface {
	// RefuseMessage renders the notice (German, then English reason);
	// nil when the service has no WebSocket format schleuse knows.
	RefuseMessage(x *Exchange, de, en string) [][]byte
}

// messageRecorder is implemented by inspectors that keep the audit log
// (*Pipeline). RecordRefusedMessage records the block of one client
// WebSocket message that cannot be inspected (too large, binary, …; the
// rule schleuse:KIND, as Refuser does for a request) and returns the notice
// (de, en) in the service's own WebSocket messages, nil when the service
// has no WebSocket format schleuse knows.
type messageRecorder interface {
	RecordRefusedMessage(ctx context.Context, x *Exchange, kind, de, en string) [][]byte
}

// WebSocket opcodes (RFC 6455 §5.2).
const (
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

var errWSProtocol = errors.New("websocket: protocol violation")

// wsConn wraps the upgraded upstream connection that goproxy relays:
// Write receives the client's bytes (frames are parsed, text messages
// inspected, then sent on), Read returns the server's bytes plus any
// messages the inspector injects (block notices).
type wsConn struct {
	up   io.ReadWriteCloser
	insp MessageInspector
	x    *Exchange
	ctx  context.Context
	max  int
	// onErr records why the connection ends (a message that cannot be
	// inspected) and returns the notice for the client in the service's
	// own messages (nil: none), sent before the connection closes.
	onErr func(reason string) [][]byte
	// flushed, when set, is closed by Read once every frame injected
	// before was handed out and written (Read was called again).
	flushed chan struct{}

	in  []byte // unparsed client bytes
	msg []byte // fragments of the current data message
	op  byte   // opcode of the current data message

	mu      sync.Mutex
	inject  [][]byte // server→client frames waiting to be read
	pending []byte   // rest of a frame being read out
	upData  chan []byte
	upErr   error
	start   sync.Once
	closed  chan struct{}
	cond    chan struct{}

	// admit, when set, reports whether a client message may still go out
	// (the connection's login holds, the service is not blocked since).
	admit func() bool
	// allow, when set, reports whether the user may send one more message
	// now (client.websocket_messages_per_minute); onRefuse counts one that
	// may not (first: the connection's first). The connection stays open.
	allow    func() bool
	onRefuse func(first bool)
	refused  bool

	// media: the decision on the connection's pieces of a streamed medium
	// (providers.MediaStreamer, Realtime's spoken input), taken on its
	// first piece and reused for the further ones while the policy
	// generation is the same and, when allowed, for less than
	// mediaRedecide (mediaState). Refused (by the policy or the
	// budget): the further pieces and the messages that refer only to
	// them are dropped unread (dropMedia), each counted by onMediaDrop
	// (first: the connection's first). Allowed: the further pieces go on
	// unread and unaudited (passMedia), each counted by onMediaPass.
	// mediaLast: the last input toward the service was refused pieces, so
	// a request for an answer without input of its own (MediaAnswer) is
	// dropped. Used by Write only.
	media        mediaState
	mediaLast    bool
	mediaDropped int
	mediaPassed  int
	onMediaDrop  func(first bool)
	onMediaPass  func(first bool)

	m  *pseudonym.Mapping // the user's mapping at this service; nil: no restoring
	rs *wsRestore         // set once restoring started; used by pump only

	// note: where and what the answer to the last prompt starts with
	// (messageNoter), nil for none; noted: it stands in an answer's
	// message. Set by the client side (handle), read by pump.
	noteMu sync.Mutex
	note   *pseudonym.Format
	noted  bool

	// tail: the end of the person's text in the messages sent on, which
	// the next message is read joined with (scanTail); ctx carries it to
	// the inspection
	tail wsTail
}

func newWSConn(ctx context.Context, up io.ReadWriteCloser, insp MessageInspector, x *Exchange, max int, onErr func(string) [][]byte) *wsConn {
	c := &wsConn{up: up, insp: insp, x: x, max: max, onErr: onErr,
		upData: make(chan []byte), closed: make(chan struct{}), cond: make(chan struct{}, 1)}
	c.ctx = context.WithValue(ctx, wsTailKey{}, &c.tail)
	if am, ok := insp.(interface {
		AnswerMapping(x *Exchange) *pseudonym.Mapping
	}); ok {
		c.m = am.AnswerMapping(x)
	}
	return c
}

// Write parses client frames. It never forwards a data message before the
// whole message was inspected.
func (c *wsConn) Write(p []byte) (int, error) {
	c.in = append(c.in, p...)
	for {
		fr, n, err := parseFrame(c.in, c.max)
		if err != nil {
			reason := "protocol_violation"
			if errors.Is(err, errWSTooLarge) {
				reason = "message_too_large"
			}
			c.fail(reason)
			return 0, err
		}
		if n == 0 {
			break
		}
		c.in = c.in[n:]
		if err := c.handle(fr); err != nil {
			return 0, err
		}
	}
	if len(c.in) == 0 {
		c.in = nil
	}
	return len(p), nil
}

type frame struct {
	fin     bool
	rsv     byte
	op      byte
	payload []byte // unmasked
}

// parseFrame reads one masked client frame from b; n == 0 means incomplete.
func parseFrame(b []byte, max int) (frame, int, error) {
	if len(b) < 2 {
		return frame{}, 0, nil
	}
	f := frame{fin: b[0]&0x80 != 0, rsv: b[0] & 0x70, op: b[0] & 0x0f}
	if b[1]&0x80 == 0 {
		return f, 0, errWSProtocol // client frames must be masked
	}
	n := int(b[1] & 0x7f)
	i := 2
	switch n {
	case 126:
		if len(b) < 4 {
			return f, 0, nil
		}
		n, i = int(binary.BigEndian.Uint16(b[2:4])), 4
	case 127:
		if len(b) < 10 {
			return f, 0, nil
		}
		l := binary.BigEndian.Uint64(b[2:10])
		if l > uint64(max) {
			return f, 0, errWSTooLarge
		}
		n, i = int(l), 10
	}
	if n > max {
		return f, 0, errWSTooLarge
	}
	if len(b) < i+4+n {
		return f, 0, nil
	}
	key := b[i : i+4]
	f.payload = make([]byte, n)
	for j := range n {
		f.payload[j] = b[i+4+j] ^ key[j%4]
	}
	return f, i + 4 + n, nil
}

var errWSTooLarge = errors.New("websocket: message over the inspection cap")

// errWSNotAdmitted ends a WebSocket whose login or service no longer holds.
var errWSNotAdmitted = errors.New("websocket: login or service no longer admitted")

func (c *wsConn) handle(f frame) error {
	if f.rsv != 0 {
		// Compressed frames (permessage-deflate) cannot be inspected; we
		// strip the extension offer, so this is a client ignoring that.
		c.fail("compressed_frame")
		return errWSProtocol
	}
	switch f.op {
	case opPing, opPong, opClose:
		// Control frames are not messages: only what RFC 6455 §5.5 allows
		// (125 bytes, unfragmented) passes, not a message's worth of text.
		if !f.fin || len(f.payload) > 125 {
			c.fail("control_frame")
			return errWSProtocol
		}
		payload := f.payload
		if f.op == opClose && len(payload) > 2 {
			// The close reason is free text (a page's script writes it:
			// ws.close(1000, "…")) that no one needs upstream: only the
			// status code goes on.
			payload = payload[:2]
		}
		if cs, ok := c.insp.(ControlScanner); ok && f.op != opClose && len(payload) > 0 && cs.ControlHoldsData(c.x, payload) {
			// 125 bytes a frame, as often as a client likes: a ping or
			// pong that holds what the detectors find is not sent.
			c.fail("control_frame")
			return errWSProtocol
		}
		return c.send(f.op, true, payload)
	case opText, opBinary:
		if c.msg != nil {
			c.fail("protocol_violation") // a new message inside a fragmented one
			return errWSProtocol
		}
		c.op = f.op
		c.msg = append([]byte{}, f.payload...)
	case opContinuation:
		if c.msg == nil {
			c.fail("protocol_violation") // a continuation of no message
			return errWSProtocol
		}
		c.msg = append(c.msg, f.payload...)
	default:
		c.fail("protocol_violation") // a reserved opcode
		return errWSProtocol
	}
	if len(c.msg) > c.max {
		c.fail("message_too_large")
		return errWSTooLarge
	}
	if !f.fin {
		return nil
	}
	msg, op := c.msg, c.op
	c.msg = nil
	if op == opBinary {
		// Binary messages cannot be read as text: fail closed.
		c.fail("binary_message")
		return errWSProtocol
	}
	if c.admit != nil && !c.admit() {
		// The login of the connection no longer holds, or the service
		// is blocked since (reload): no further message goes out.
		c.fail("not_admitted")
		return errWSNotAdmitted
	}
	ctx := c.ctx
	text, pre := c.carriesText(msg)
	if pre != nil {
		// The inspection takes the envelope read here instead of
		// reading the message a second time (wsParsed).
		ctx = context.WithValue(ctx, wsParsedKey{}, pre)
	}
	role, gen, at := pre.role(), pre.generation(), pre.readAt()
	switch {
	case role == providers.MediaChunk && c.media.refused(gen),
		role == providers.MediaFollow && c.media.decided && !c.media.allowed,
		role == providers.MediaAnswer && c.mediaLast:
		// A further piece of refused spoken input, a commit or clear
		// of such pieces, or a request to answer them: the person read
		// why at the first piece, the audit log holds its record.
		c.mediaLast = role != providers.MediaAnswer
		c.dropMedia()
		return nil
	case role == providers.MediaChunk && c.media.allows(gen, at):
		// The policy allowed the first piece under this generation less
		// than mediaRedecide ago: the further pieces carry nothing else
		// (WSMedia), so its decision and record hold for them.
		c.mediaLast = false
		c.passMedia()
		return c.send(opText, true, msg)
	}
	if c.allow != nil && text && !c.allow() {
		if role == providers.MediaChunk {
			// told once below, then dropped
			c.media, c.mediaLast = mediaState{decided: true, gen: gen, at: at}, true
		}
		c.overBudget()
		return nil
	}
	forward, reply, ok := c.inspectRecovered(ctx, msg)
	if !ok {
		c.fail("inspection_panic")
		return errWSProtocol
	}
	switch {
	case role == providers.MediaChunk:
		// The connection's first piece of spoken input, the first under
		// a new policy generation or the first after mediaRedecide: refused (KI-RL-3.6 unless the
		// policy allows audio), the person read why and the audit log
		// holds the record, which the next pieces would only repeat;
		// allowed as it came (unread, audited once), the next pieces go
		// on under the same decision. Anything else (a piece changed or
		// answered with a notice) decides the next piece anew.
		c.media = mediaState{}
		if forward == nil || len(reply) == 0 && bytes.Equal(forward, msg) {
			c.media = mediaState{decided: true, allowed: forward != nil, gen: gen, at: at}
		}
		c.mediaLast = forward == nil
	case forward != nil && text:
		c.mediaLast = false // the person's text goes on: an answer has input
	}
	for _, r := range reply {
		c.injectText(r)
	}
	if forward == nil {
		return nil
	}
	return c.send(opText, true, forward)
}

// mediaRedecide bounds how long a decision that allowed a piece of a
// streamed medium holds for the pieces after it: the first piece after
// it is decided (and audited) again, so a rule on the time of day
// (input.time, e.g. voice during office hours only) ends an open voice
// connection at most this late, with at most one record per connection
// and this long (docs/audit.md, docs/de/richtlinie.md).
const mediaRedecide = time.Minute

// mediaState is a connection's decision on its pieces of a streamed
// medium: decided on a piece, allowed whether it went on, gen the policy
// generation and at the time it was taken under.
type mediaState struct {
	decided, allowed bool
	gen              wsGeneration
	at               time.Time
}

// refused reports whether a piece under generation g is dropped without
// a decision of its own: the last one was refused under the same
// generation (a reload decides again; without a known revision the
// refusal holds for the connection, as it fails closed).
func (m mediaState) refused(g wsGeneration) bool {
	return m.decided && !m.allowed && m.gen == g
}

// allows reports whether a piece under generation g, read at at, goes on
// under the last one's decision: it was allowed under the same, known
// generation less than mediaRedecide before (a clock set back decides
// again). A reload (another policy revision, other inspection settings)
// decides the next piece again, so a policy that now refuses audio
// refuses it; so does the passing of mediaRedecide, so a policy that
// refuses audio from a time of day on refuses it.
func (m mediaState) allows(g wsGeneration, at time.Time) bool {
	d := at.Sub(m.at)
	return m.decided && m.allowed && m.gen == g && g.rev != "" && d >= 0 && d < mediaRedecide
}

// wsGeneration is what a decision on a client message was taken under:
// the inspection settings and routes (a SIGHUP replaces them) and the
// policy revision (a reload of the policy files changes it; "" when the
// pipeline has no Revision).
type wsGeneration struct {
	set *pipeSettings
	rev string
}

// overBudget answers a message over the budget: too many messages, so it
// is neither inspected nor audited nor sent on. The user reads why in the
// chat (the adapter's block frames).
func (c *wsConn) overBudget() {
	if c.onRefuse != nil {
		c.onRefuse(!c.refused)
	}
	c.refused = true
	if mr, ok := c.insp.(MessageRefuser); ok {
		for _, r := range mr.RefuseMessage(c.x, "Zu viele Nachrichten in kurzer Zeit; diese Nachricht wurde nicht gesendet. Bitte warten Sie eine Minute.",
			"too many messages in a short time; this message was not sent. Please wait a minute.") {
			c.injectText(r)
		}
	}
}

// dropMedia drops a piece of a refused medium, or a message that refers
// only to such pieces: not inspected, not audited, not sent, no notice
// (the first piece's told it), not counted against the message budget.
func (c *wsConn) dropMedia() {
	c.mediaDropped++
	if c.onMediaDrop != nil {
		c.onMediaDrop(c.mediaDropped == 1)
	}
}

// passMedia counts a piece of a medium that goes on under the decision on
// the connection's first (mediaState.allows): not inspected, not audited,
// not counted against the message budget.
func (c *wsConn) passMedia() {
	c.mediaPassed++
	if c.onMediaPass != nil {
		c.onMediaPass(c.mediaPassed == 1)
	}
}

// carriesText reports whether a client message counts against the message
// budget: one the service's adapter reads user text from (or cannot read
// at all). A keep-alive, ping or setup message of the chat app carries none
// and is not counted, so that idle chat windows on a terminal server do
// not use up the address's ceiling; it is inspected all the same. Without
// a messageTexter every message counts. pre is what the adapter read, for
// the inspection (nil: read it again).
func (c *wsConn) carriesText(msg []byte) (text bool, pre *wsParsed) {
	mt, ok := c.insp.(messageTexter)
	if !ok {
		return true, nil
	}
	defer func() {
		if recover() != nil {
			text, pre = true, nil // counted; the inspection decides about it
		}
	}()
	return mt.CarriesText(c.x, msg)
}

// messageTexter is implemented by inspectors that can tell a client
// WebSocket message with user text from one without (*Pipeline).
type messageTexter interface {
	CarriesText(x *Exchange, msg []byte) (bool, *wsParsed)
}

// wsParsed is a client message as CarriesText read it with the adapter's
// WSFrame; the inspection of the same message under the same settings
// takes env and err from it (the context's wsParsedKey) instead of parsing
// the message again, which cost as much as the rest of a small message's
// extraction.
type wsParsed struct {
	set *pipeSettings
	msg []byte
	env *providers.Envelope
	err error
	// media: the adapter's, when it streams a medium (role); nil: none
	media providers.MediaStreamer
	// rev: the policy revision when the message was read (generation)
	rev string
	// at: when the message was read (Pipeline.Now), for a medium's
	// pieces only (mediaRedecide)
	at time.Time
}

// role is the message's part in a streamed medium (MediaNone for a
// message the adapter could not read or without an adapter that streams).
func (p *wsParsed) role() providers.MediaRole {
	if p == nil || p.media == nil || p.err != nil {
		return providers.MediaNone
	}
	return p.media.WSMedia(p.msg, p.env)
}

// generation is what the message was read under (zero for nil). It is
// taken before the inspection decides: a reload between the two makes
// the decision's generation newer than the one noted, so the next piece
// is decided again, never the other way round.
func (p *wsParsed) generation() wsGeneration {
	if p == nil {
		return wsGeneration{}
	}
	return wsGeneration{set: p.set, rev: p.rev}
}

// readAt is when the message was read (zero for nil or no medium).
func (p *wsParsed) readAt() time.Time {
	if p == nil {
		return time.Time{}
	}
	return p.at
}

type wsParsedKey struct{}

// parsedFor is what CarriesText read of body under set, if it read that
// very message (the same bytes, not a copy) under those settings.
func parsedFor(ctx context.Context, set *pipeSettings, body []byte) (*wsParsed, bool) {
	pre, _ := ctx.Value(wsParsedKey{}).(*wsParsed)
	if pre == nil || pre.set != set || len(pre.msg) != len(body) || len(body) == 0 || &pre.msg[0] != &body[0] {
		return nil, false
	}
	return pre, true
}

// CarriesText implements messageTexter with the adapter's WSFrame, the
// one the inspection takes (run.extract): the route's, or the fallback's
// on a WebSocket no route matches when inspect.unknown_requests is scan
// (ws.chatgpt.com). A message it reads no text from (nil envelope)
// carries none; one it cannot read, or on a WebSocket without an adapter,
// counts. Before, a WebSocket read by fallback counted every message, its
// subscriptions and pings too.
func (p *Pipeline) CarriesText(x *Exchange, msg []byte) (bool, *wsParsed) {
	preq := &providers.Request{ServiceID: x.Service.ID, Provider: x.Service.Provider, Host: hostOnly(x.Request.Host),
		Method: x.Request.Method, Path: x.Request.URL.Path, Header: x.Request.Header}
	set := p.settings()
	adapter, matched := set.router.Match(preq)
	if !matched {
		if set.cfg.UnknownRequests != "scan" {
			return true, nil // refused by the inspection
		}
		adapter = providers.Fallback()
	}
	wsi, ok := adapter.(providers.WebSocketInspector)
	if !ok {
		return true, nil
	}
	env, err := wsi.WSFrame(preq, true, msg)
	pre := &wsParsed{set: set, msg: msg, env: env, err: err}
	if ms, ok := adapter.(providers.MediaStreamer); ok {
		pre.media, pre.at = ms, p.now()
		if p.Revision != nil {
			pre.rev = p.Revision()
		}
	}
	return err != nil || env != nil, pre
}

// inspectRecovered runs InspectMessage; ok is false when it panicked (a
// bug hostile input found): the connection ends instead of the process.
func (c *wsConn) inspectRecovered(ctx context.Context, msg []byte) (forward []byte, reply [][]byte, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			forward, reply, ok = nil, nil, false
		}
	}()
	if n, ok := c.insp.(messageNoter); ok {
		var note *pseudonym.Format
		forward, reply, note = n.inspectMessageNote(ctx, c.x, msg)
		if note != nil && forward != nil {
			c.noteMu.Lock()
			c.note, c.noted = nil, false
			if note.Note != "" {
				c.note = note
			}
			c.noteMu.Unlock()
		}
		return forward, reply, true
	}
	forward, reply = c.insp.InspectMessage(ctx, c.x, msg)
	return forward, reply, true
}

// messageNoter is InspectMessage that also returns, for a message with
// text that goes on (a prompt), where the answer to it starts with the
// note on replaced values (notice.redacted) and the note ("" none); nil
// for a message without text (a ping, the handshake), which leaves the
// note of the answer under way as it is.
type messageNoter interface {
	inspectMessageNote(ctx context.Context, x *Exchange, msg []byte) ([]byte, [][]byte, *pseudonym.Format)
}

// noteFrame returns frame, a complete server text frame, with the note of
// the last prompt put before the answer's text (pseudonym.NoteJSON, record
// by record for SignalR's records ended by 0x1E): once, in the first
// message that holds the text, for a delta stream (Copilot's appendText),
// in every message while no other prompt went out for a cumulative one
// (M365 Copilot's updates, each repeating the answer so far). The note
// goes in before the restorer (it holds no placeholder), and also when
// no value of the connection is restored (only masked ones).
func (c *wsConn) noteFrame(frame []byte) []byte {
	c.noteMu.Lock()
	defer c.noteMu.Unlock()
	if c.note == nil || c.noted && !c.note.Cumulative || !isTextFrame(frame) {
		return frame
	}
	payload := frame[len(frame)-serverPayloadLen(frame):]
	var out []byte
	put := false
	for rec := range bytes.SplitAfterSeq(payload, []byte{0x1e}) {
		doc, sep := rec, []byte(nil)
		if n := len(rec); n > 0 && rec[n-1] == 0x1e {
			doc, sep = rec[:n-1], rec[n-1:]
		}
		if put && !c.note.Cumulative {
			out = append(out, rec...)
			continue
		}
		d, ok := pseudonym.NoteJSON(doc, *c.note)
		put = put || ok
		out = append(append(out, d...), sep...)
	}
	if !put {
		return frame
	}
	c.noted = true
	return textFrame(out)
}

// send writes one masked frame upstream.
func (c *wsConn) send(op byte, fin bool, payload []byte) error {
	var hdr [14]byte
	hdr[0] = op
	if fin {
		hdr[0] |= 0x80
	}
	n := 2
	switch l := len(payload); {
	case l < 126:
		hdr[1] = 0x80 | byte(l)
	case l <= 0xffff:
		hdr[1] = 0x80 | 126
		binary.BigEndian.PutUint16(hdr[2:], uint16(l))
		n = 4
	default:
		hdr[1] = 0x80 | 127
		binary.BigEndian.PutUint64(hdr[2:], uint64(l))
		n = 10
	}
	key := hdr[n : n+4]
	rand.Read(key)
	n += 4
	buf := make([]byte, 0, n+len(payload))
	buf = append(buf, hdr[:n]...)
	for j, b := range payload {
		buf = append(buf, b^key[j%4])
	}
	_, err := c.up.Write(buf)
	return err
}

// injectText queues an unmasked server→client text frame.
func (c *wsConn) injectText(p []byte) { c.injectFrame(textFrame(p)) }

// Read returns upstream bytes and injected frames. Injected frames are only
// put between upstream frames when no upstream frame is half read.
func (c *wsConn) Read(p []byte) (int, error) {
	c.start.Do(func() { go c.pump() })
	for {
		c.mu.Lock()
		if c.flushed != nil && len(c.pending) == 0 && len(c.inject) == 0 {
			// The copy loop calls Read again only after it wrote what
			// the last Read returned: the injected frames are out.
			close(c.flushed)
			c.flushed = nil
		}
		if len(c.pending) > 0 {
			n := copy(p, c.pending)
			c.pending = c.pending[n:]
			c.mu.Unlock()
			return n, nil
		}
		if len(c.inject) > 0 {
			c.pending = c.inject[0]
			c.inject = c.inject[1:]
			c.mu.Unlock()
			continue
		}
		c.mu.Unlock()
		select {
		case b, ok := <-c.upData:
			if !ok {
				c.mu.Lock()
				more := len(c.inject) > 0
				c.mu.Unlock()
				if more { // a notice queued as the service's side ended goes first
					continue
				}
				return 0, c.upErr
			}
			c.mu.Lock()
			c.pending = b
			c.mu.Unlock()
		case <-c.cond:
		}
	}
}

// pump reads whole server frames so that injected frames never land inside one.
func (c *wsConn) pump() {
	defer func() {
		if c.rs != nil { // the restorer's goroutine may still send
			c.rs.pw.CloseWithError(io.ErrClosedPipe)
			<-c.rs.done
		}
		close(c.upData)
	}()
	var buf []byte
	tmp := make([]byte, 32<<10)
	for {
		n, err := c.up.Read(tmp)
		buf = append(buf, tmp[:n]...)
		for {
			l := serverFrameLen(buf)
			if l == 0 || l > len(buf) {
				break
			}
			out := make([]byte, l)
			copy(out, buf[:l])
			buf = buf[l:]
			if !c.emit(out) {
				return
			}
		}
		if err != nil {
			if len(buf) > 0 {
				c.emit(buf)
			}
			c.finishRestore()
			c.upErr = err
			return
		}
	}
}

// toClient hands one server frame to Read, in order.
func (c *wsConn) toClient(frame []byte) bool {
	select {
	case c.upData <- frame:
		return true
	case <-c.closed:
		return false
	}
}

// emit passes a server frame on; once the user's pseudonym mapping holds
// values, every frame goes through one restorer stream so that placeholders
// split across messages are restored and the order of frames is kept:
// unfragmented text messages as NDJSON lines, anything else as an opaque
// token line that the restorer passes unchanged.
func (c *wsConn) emit(frame []byte) bool {
	frame = c.noteFrame(frame)
	if c.rs == nil {
		if c.m == nil || c.m.Empty() || !isTextFrame(frame) {
			return c.toClient(frame)
		}
		c.startRestore()
	}
	if isTextFrame(frame) {
		payload := frame[len(frame)-serverPayloadLen(frame):]
		if !bytes.Contains(payload, []byte("\n")) {
			_, err := c.rs.pw.Write(signalRLines(payload))
			return err == nil
		}
	}
	c.rs.mu.Lock()
	c.rs.next++
	id := c.rs.next
	c.rs.frames[id] = frame
	c.rs.mu.Unlock()
	_, err := fmt.Fprintf(c.rs.pw, "%s%d\n", wsToken, id)
	return err == nil
}

// signalRLines is a text message's payload as restorer lines: the payload
// and a line break, or, for a message of several SignalR records (each
// ended by 0x1E, Microsoft 365 Copilot), a line per record, so that each
// is restored as JSON and sent on as a message of its own (SignalR reads
// a record wherever it comes). 0x1E never stands raw inside JSON text.
func signalRLines(payload []byte) []byte {
	if i := bytes.IndexByte(payload, 0x1e); i < 0 || i == len(payload)-1 {
		return append(append([]byte{}, payload...), '\n')
	}
	out := make([]byte, 0, len(payload)+8)
	for rec := range bytes.SplitAfterSeq(payload, []byte{0x1e}) {
		if len(rec) > 0 {
			out = append(append(out, rec...), '\n')
		}
	}
	return out
}

// wsToken starts a line that stands for a frame passed unchanged (not JSON,
// holds no placeholder, so the restorer leaves it as it is).
const wsToken = "#schleuse-frame#"

type wsRestore struct {
	pw     *io.PipeWriter
	done   chan struct{}
	mu     sync.Mutex
	next   int
	frames map[int][]byte
}

func (c *wsConn) startRestore() {
	pr, pw := io.Pipe()
	rs := &wsRestore{pw: pw, done: make(chan struct{}), frames: make(map[int][]byte)}
	c.rs = rs
	out := bufio.NewReaderSize(pseudonym.NewRestorer(c.m, pseudonym.Format{Kind: "ndjson"}, pr), 32<<10)
	go func() {
		defer close(rs.done)
		for {
			line, err := out.ReadBytes('\n')
			if len(line) > 0 {
				line = bytes.TrimSuffix(line, []byte("\n"))
				var frame []byte
				if id, ok := strings.CutPrefix(string(line), wsToken); ok {
					n, _ := strconv.Atoi(id)
					rs.mu.Lock()
					frame = rs.frames[n]
					delete(rs.frames, n)
					rs.mu.Unlock()
				} else {
					frame = textFrame(line)
				}
				if frame != nil && !c.toClient(frame) {
					pr.CloseWithError(io.ErrClosedPipe)
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
}

// finishRestore flushes what the restorer holds back and waits for it.
func (c *wsConn) finishRestore() {
	if c.rs != nil {
		c.rs.pw.Close()
		<-c.rs.done
	}
}

// isTextFrame reports a complete, unfragmented, unmasked text frame.
func isTextFrame(f []byte) bool {
	return len(f) >= 2 && f[0] == 0x80|opText && f[1]&0x80 == 0 && serverFrameLen(f) == len(f)
}

// serverPayloadLen is the payload length of a complete unmasked frame.
func serverPayloadLen(f []byte) int {
	switch n := int(f[1] & 0x7f); n {
	case 126:
		return len(f) - 4
	case 127:
		return len(f) - 10
	default:
		return n
	}
}

// textFrame builds an unmasked server text frame.
func textFrame(p []byte) []byte {
	var b bytes.Buffer
	b.WriteByte(0x80 | opText)
	switch l := len(p); {
	case l < 126:
		b.WriteByte(byte(l))
	case l <= 0xffff:
		b.WriteByte(126)
		binary.Write(&b, binary.BigEndian, uint16(l))
	default:
		b.WriteByte(127)
		binary.Write(&b, binary.BigEndian, uint64(l))
	}
	b.Write(p)
	return b.Bytes()
}

// serverFrameLen is the full length of the unmasked server frame at the
// start of b, 0 when its header is incomplete.
func serverFrameLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	n, i := int(b[1]&0x7f), 2
	switch n {
	case 126:
		if len(b) < 4 {
			return 0
		}
		n, i = int(binary.BigEndian.Uint16(b[2:4])), 4
	case 127:
		if len(b) < 10 {
			return 0
		}
		n, i = int(binary.BigEndian.Uint64(b[2:10])&0x7fffffffffff), 10
	}
	if b[1]&0x80 != 0 {
		i += 4
	}
	return i + n
}

// fail ends the connection because of a client message that cannot be
// inspected: the refusal is recorded, the client gets the notice in the
// service's own messages and a Close frame (1009 for a message over the
// cap, else 1008), and then the connection to the service is closed.
// Before, the connection just closed and the chat showed its own
// "connection lost" error, so staff never learnt why.
func (c *wsConn) fail(reason string) {
	var notice [][]byte
	if c.onErr != nil {
		notice = c.onErr(reason)
	}
	if len(notice) > 0 {
		for _, n := range notice {
			c.injectText(n)
		}
		code := uint16(1008) // policy violation
		if reason == "message_too_large" {
			code = 1009 // message too big
		}
		c.injectFrame(closeFrame(code))
		c.awaitFlush(wsNoticeWait)
	}
	c.up.Close()
}

// wsNoticeWait bounds how long fail waits for the client to take the
// notice before it closes the connection anyway.
const wsNoticeWait = 2 * time.Second

// awaitFlush waits until Read has handed out and the copy loop written
// every injected frame, at most d, or until the connection is closed.
func (c *wsConn) awaitFlush(d time.Duration) {
	c.start.Do(func() { go c.pump() })
	ch := make(chan struct{})
	c.mu.Lock()
	c.flushed = ch
	c.mu.Unlock()
	select {
	case c.cond <- struct{}{}:
	default:
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	case <-c.closed:
	}
}

// injectFrame queues a server→client frame as it is.
func (c *wsConn) injectFrame(f []byte) {
	c.mu.Lock()
	c.inject = append(c.inject, f)
	c.mu.Unlock()
	select {
	case c.cond <- struct{}{}:
	default:
	}
}

// closeFrame is an unmasked server Close frame with code and no reason.
func closeFrame(code uint16) []byte {
	return []byte{0x80 | opClose, 2, byte(code >> 8), byte(code)}
}

func (c *wsConn) Close() error {
	select {
	case <-c.closed:
	default:
		close(c.closed)
	}
	return c.up.Close()
}

// isUpgrade reports a WebSocket upgrade request.
func isUpgrade(h http.Header) bool {
	return headerHas(h, "Connection", "upgrade") && headerHas(h, "Upgrade", "websocket")
}

func headerHas(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, s := range bytes.Split([]byte(v), []byte(",")) {
			if string(bytes.ToLower(bytes.TrimSpace(s))) == token {
				return true
			}
		}
	}
	return false
}

// ControlHoldsData scans a ping or pong payload of a client (ControlScanner).
func (p *Pipeline) ControlHoldsData(_ *Exchange, payload []byte) bool {
	fs, _ := scanWith(p.currentScanner().Scanner, string(payload))
	return len(fs) > 0
}

// AnswerMapping is the pseudonym mapping whose placeholders are restored in
// the answers to x's user at x's service.
func (p *Pipeline) AnswerMapping(x *Exchange) *pseudonym.Mapping {
	return p.Pseudonyms.Conversation(conversationKey(x))
}

// RefuseMessage implements MessageRefuser with the adapter's WSBlock. A
// message refused so is not audited: nothing of it left. Its notice names
// the WebSocket's request id, under which the refusal is logged.
func (p *Pipeline) RefuseMessage(x *Exchange, de, en string) [][]byte {
	preq := &providers.Request{ServiceID: x.Service.ID, Provider: x.Service.Provider, Host: hostOnly(x.Request.Host),
		Method: x.Request.Method, Path: x.Request.URL.Path, Header: x.Request.Header}
	adapter, _ := p.settings().router.Match(preq)
	wsi, ok := adapter.(providers.WebSocketInspector)
	if !ok {
		return nil
	}
	text := withContact(blockText(nil, elsewhere{}, []policies.Reason{{Rule: "schleuse:ws_rate", Message: de, MessageEN: en}}, x.RequestID), p.contact())
	return wsi.WSBlock(preq, &providers.Envelope{}, providers.Notice{Action: "block", Text: text, Code: "schleuse_blocked"})
}

// InspectMessage implements MessageInspector: a WebSocket message runs the
// same stages as a request body, through the adapter's WebSocket methods.
func (p *Pipeline) InspectMessage(ctx context.Context, x *Exchange, msg []byte) ([]byte, [][]byte) {
	forward, reply, _ := p.inspectMessageNote(ctx, x, msg)
	return forward, reply
}

// inspectMessageNote implements messageNoter.
func (p *Pipeline) inspectMessageNote(ctx context.Context, x *Exchange, msg []byte) ([]byte, [][]byte, *pseudonym.Format) {
	xm := *x
	xm.Body = msg
	xm.RequestID = newRequestID()
	v := p.inspectWith(ctx, &xm, true)
	if v.Answer != nil {
		return nil, v.reply, nil
	}
	return v.Forward, nil, v.wsNote
}
