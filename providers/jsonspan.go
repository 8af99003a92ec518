package providers

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// maxJSONDepth caps nesting so that hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// MaxJSONValues caps the values of one JSON document (and the pairs of one
// form body). Each costs about 100 bytes of tree and may become a field
// with a detector pass of its own: 10 MiB of "[0,0,0,…" made 686 MB of
// tree, 10 MiB of tiny chat messages 330 000 fields. A real request, a
// long history with tool calls included, has a few tens of thousands; a
// body with more fails with ErrTooLarge (blocked, fail closed).
const MaxJSONValues = 1 << 18

type jsonKind uint8

const (
	jNull jsonKind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// jval is one JSON value with the byte span of its raw token in the parsed
// buffer (a string's span includes its quotes). The tree is read-only but
// for read, which the collector sets on the strings an adapter reported (or
// consumed otherwise, markRead), so that unread can find the rest.
type jval struct {
	kind       jsonKind
	read       bool
	twins      uint8 // an object with members named alike under a fold (twinCase, twinProto)
	subTwins   bool  // this value or one under it has twins
	askedTwin  bool  // get was asked for a name that has a twin (twinsAsked)
	start, end int
	str        string   // decoded string (jString) or raw literal (jNumber, jBool)
	keys       []string // object keys, in order
	vals       []*jval  // object values (parallel to keys) or array elements
}

// get returns the member named key of an object, or nil. When another
// member's name differs from key only in case (or, in a proto3 body, in
// "_"), get notes it (askedTwin): twinsAsked then refuses the body.
func (v *jval) get(key string) *jval {
	if v == nil || v.kind != jObject {
		return nil
	}
	if v.twins != 0 {
		fk := foldKey(key, v.twins == twinProto)
		for _, k := range v.keys {
			if k != key && foldKey(k, v.twins == twinProto) == fk {
				v.askedTwin = true
			}
		}
	}
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

// Kinds of jval.twins: the fold under which two member names were alike.
const (
	twinCase  = 1 // case only (strings.EqualFold)
	twinProto = 2 // case and "_" (a proto3 body)
)

// twinsAsked returns ErrAmbiguous when an adapter read a member by a name
// that another member of its object carries in another case (or, in a
// proto3 body, spelling: "inlineData", "inline_data"). A service that
// matches names ignoring case (Go's encoding/json, ASP.NET) or in both
// proto3 spellings (Google's) reads one of the two as that field, maybe
// the one the adapter did not read, whose blob, URL or id unread passes
// over. Alike names that no adapter asks for (a JSON schema's properties,
// a tool call's arguments, metadata) are a map's keys, which such readers
// keep apart, and are inspected as any other member. Adapters call it
// through unread, after the last get.
func twinsAsked(v *jval) error {
	if v == nil || !v.subTwins {
		return nil
	}
	if v.askedTwin {
		return fmt.Errorf("%w: %w: json at byte %d: an object names a member twice, in two spellings", ErrAmbiguous, ErrMalformed, v.start)
	}
	for _, e := range v.vals {
		if err := twinsAsked(e); err != nil {
			return err
		}
	}
	return nil
}

// path follows object keys; nil when any step is missing.
func (v *jval) path(keys ...string) *jval {
	for _, k := range keys {
		v = v.get(k)
	}
	return v
}

// at returns array element i, or nil.
func (v *jval) at(i int) *jval {
	if v == nil || v.kind != jArray || i < 0 || i >= len(v.vals) {
		return nil
	}
	return v.vals[i]
}

// strVal returns the decoded string, or "" when v is not a string.
func (v *jval) strVal() string {
	if v == nil || v.kind != jString {
		return ""
	}
	return v.str
}

func (v *jval) is(k jsonKind) bool { return v != nil && v.kind == k }

// markRead notes values an adapter consumed without reporting them as
// text (an inline file's name and data), so that unread leaves them out.
// Only a string is consumed so: a number where an adapter reads a string
// ({"file_data": 86095742719}) was not read, and unread reads it (an
// object's or array's members are read anyway). Before, it went out unread.
func markRead(vs ...*jval) {
	for _, v := range vs {
		if v != nil && v.kind == jString {
			v.read = true
		}
	}
}

// markID notes values an adapter takes as the service's ids or settings
// (a conversation's id, a mode, a method), as markRead does, but not one
// that is text in disguise (disguisedText: base64 of text, percent-encoded
// text, words joined by "_" or "+"; joinedID: words joined beside an
// identifier), a person's identifier (personalText), digits that may be
// one (numberText: none of these ids or settings is a number of 7 to 16
// digits), nor text with white space, as idLike has it (an id or a setting
// has none), which unread then reads as any other value. Before, the
// member's name made any value an id, and "previous_response_id":
// "DE89370400440532013000" or "Akte Herr …, Steuer-ID 86095742719"
// (Copilot's invocationId, conversationId) went out unread.
func markID(vs ...*jval) {
	for _, v := range vs {
		if v != nil && v.kind == jString && !strings.ContainsFunc(v.str, unicode.IsSpace) && !disguisedText(v.str) && !joinedID(v.str) &&
			!personalText(v.str) && !numberText(v.str) {
			v.read = true // a number is read (markRead)
		}
	}
}

// parseJSON parses b strictly (RFC 8259, valid UTF-8, no trailing data).
// Strings without escapes share b's memory: b must not be modified while
// the tree, or a string taken from it, is in use (the proxy never writes to
// a request body it has read; Apply builds a new one).
//
// An object that names a member twice fails with ErrAmbiguous: RFC 8259
// leaves its meaning open, and readers differ. The adapters read the
// first (jval.get); Python's json, JavaScript and Go's encoding/json take
// the last. The member the service reads could thus be one the adapter
// never looked at, and what unread does not report (a base64 file beside
// a clean one, a URL, an id) would reach the service uninspected. No JSON
// encoder writes such an object. Names alike but for case ("messages",
// "Messages"; Go and ASP.NET match a field's name ignoring case) are kept
// as twins: such a body fails only when an adapter reads one of them
// (twinsAsked), since as a map's keys (a schema's properties) they are
// two names for every reader.
func parseJSON(b []byte) (*jval, error) {
	return parseJSONOf(b, false)
}

// parseProtoJSON is parseJSON for a proto3 JSON body (Gemini, Vertex AI),
// whose readers take a member's lowerCamelCase name and its field name as
// one ("inlineData", "inline_data"): two members whose names differ only
// in "_" and case are twins as well (twinsAsked).
func parseProtoJSON(b []byte) (*jval, error) {
	return parseJSONOf(b, true)
}

// parseObject is parseJSON for a body that must be a JSON object, as every
// adapter's request is: anything else fails with ErrMalformed.
func parseObject(b []byte) (*jval, error) {
	root, err := parseJSON(b)
	if err != nil {
		return nil, err
	}
	if !root.is(jObject) {
		return nil, fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	return root, nil
}

func parseJSONOf(b []byte, proto bool) (*jval, error) {
	p := jparser{b: b, proto: proto}
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(b) {
		return nil, p.errf("trailing data")
	}
	return v, nil
}

type jparser struct {
	b     []byte
	i     int
	n     int    // values so far (MaxJSONValues)
	slab  []jval // values are carved from chunks to save allocations
	chunk int    // size of the last chunk
	proto bool   // member names alike but for "_" are one (parseProtoJSON)
}

func (p *jparser) node(k jsonKind, start int) *jval {
	if len(p.slab) == 0 {
		// A chat request has a handful of values, a long history
		// thousands: the chunks grow with the document.
		p.chunk = min(max(2*p.chunk, 8), 256)
		p.slab = make([]jval, p.chunk)
	}
	v := &p.slab[0]
	p.slab = p.slab[1:]
	v.kind, v.start = k, start
	return v
}

func (p *jparser) errf(format string, a ...any) error {
	return fmt.Errorf("%w: json at byte %d: %s", ErrMalformed, p.i, fmt.Sprintf(format, a...))
}

func (p *jparser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jparser) value(depth int) (*jval, error) {
	if p.i >= len(p.b) {
		return nil, p.errf("unexpected end")
	}
	if p.n++; p.n > MaxJSONValues {
		return nil, fmt.Errorf("%w: json at byte %d: more than %d values", ErrTooLarge, p.i, MaxJSONValues)
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		return p.string()
	case c == 't':
		return p.literal("true", jBool)
	case c == 'f':
		return p.literal("false", jBool)
	case c == 'n':
		return p.literal("null", jNull)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return nil, p.errf("unexpected character %q", c)
	}
}

func (p *jparser) literal(lit string, k jsonKind) (*jval, error) {
	if len(p.b)-p.i < len(lit) || string(p.b[p.i:p.i+len(lit)]) != lit {
		return nil, p.errf("bad literal")
	}
	v := p.node(k, p.i)
	v.end, v.str = p.i+len(lit), lit
	p.i += len(lit)
	return v, nil
}

func (p *jparser) number() (*jval, error) {
	s := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.b) && p.b[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, p.errf("bad number")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, p.errf("bad fraction")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.errf("bad exponent")
		}
	}
	v := p.node(jNumber, s)
	v.end, v.str = p.i, string(p.b[s:p.i])
	return v, nil
}

func (p *jparser) object(depth int) (*jval, error) {
	if depth > maxJSONDepth {
		return nil, p.errf("nesting deeper than %d", maxJSONDepth)
	}
	v := p.node(jObject, p.i)
	v.keys, v.vals = make([]string, 0, 4), make([]*jval, 0, 4)
	p.i++
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		v.end = p.i
		return v, nil
	}
	var seen map[string]int // names and folded names, once an object has many (sameKey)
	for {
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.errf("expected key")
		}
		s := p.i
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, p.errf("expected ':'")
		}
		switch p.sameKey(v.keys, k, &seen) {
		case keySame:
			return nil, fmt.Errorf("%w: %w: json at byte %d: an object names a member twice", ErrAmbiguous, ErrMalformed, s)
		case keyTwin:
			v.twins, v.subTwins = twinCase, true
			if p.proto {
				v.twins = twinProto
			}
		}
		p.i++
		p.ws()
		m, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		v.subTwins = v.subTwins || m.subTwins
		v.keys = append(v.keys, k)
		v.vals = append(v.vals, m)
		p.ws()
		if p.i >= len(p.b) {
			return nil, p.errf("unterminated object")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			v.end = p.i
			return v, nil
		default:
			return nil, p.errf("expected ',' or '}'")
		}
	}
}

// sameKey reports whether k names a member that one of keys, the object's
// earlier members, names too: keySame for the same name, keyTwin for one
// that differs in case only (Unicode simple folding, as strings.EqualFold:
// Go's encoding/json also takes "K", the Kelvin sign, for "k") or, for a
// proto3 body, in "_" too. An object of more than dupScan members is
// checked through seen, its names and folded names.
func (p *jparser) sameKey(keys []string, k string, seen *map[string]int) int {
	if len(keys) < dupScan {
		r := keyNew
		for _, prev := range keys {
			switch {
			case prev == k:
				return keySame
			case strings.EqualFold(prev, k) || p.proto && (strings.IndexByte(prev, '_') >= 0 || strings.IndexByte(k, '_') >= 0) &&
				foldKey(prev, true) == foldKey(k, true):
				r = keyTwin
			}
		}
		return r
	}
	if *seen == nil {
		*seen = make(map[string]int, 2*len(keys))
		for _, prev := range keys {
			(*seen)[prev] |= seenName
			(*seen)[foldKey(prev, p.proto)] |= seenFold
		}
	}
	if (*seen)[k]&seenName != 0 {
		return keySame
	}
	(*seen)[k] |= seenName
	f := foldKey(k, p.proto)
	r := keyNew
	if (*seen)[f]&seenFold != 0 {
		r = keyTwin
	}
	(*seen)[f] |= seenFold
	return r
}

// Bits of sameKey's seen: a string seen as a name, as a folded name.
const (
	seenName = 1 << iota
	seenFold
)

// What sameKey found.
const (
	keyNew  = iota
	keySame // the same name as an earlier member
	keyTwin // a name alike an earlier member's but for case (or "_")
)

// dupScan is the number of members up to which sameKey compares names
// pair by pair (most objects have a handful).
const dupScan = 16

// foldKey returns a member name as sameKey compares it: each letter as the
// smallest of its case-folding orbit (so that two names are equal under
// strings.EqualFold exactly when their foldKeys are), without "_" when
// proto is set.
func foldKey(k string, proto bool) string {
	b := make([]byte, 0, len(k))
	for _, r := range k {
		if r == '_' && proto {
			continue
		}
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b = utf8.AppendRune(b, m)
	}
	return string(b)
}

func (p *jparser) array(depth int) (*jval, error) {
	if depth > maxJSONDepth {
		return nil, p.errf("nesting deeper than %d", maxJSONDepth)
	}
	v := p.node(jArray, p.i)
	p.i++
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		v.end = p.i
		return v, nil
	}
	for {
		p.ws()
		e, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		v.subTwins = v.subTwins || e.subTwins
		v.vals = append(v.vals, e)
		p.ws()
		if p.i >= len(p.b) {
			return nil, p.errf("unterminated array")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			v.end = p.i
			return v, nil
		default:
			return nil, p.errf("expected ',' or ']'")
		}
	}
}

// string parses a string token starting at the opening quote into a value.
func (p *jparser) string() (*jval, error) {
	s := p.i
	str, err := p.str()
	if err != nil {
		return nil, err
	}
	v := p.node(jString, s)
	v.end, v.str = p.i, str
	return v, nil
}

// str parses a string token starting at the opening quote and returns its
// decoded text (object keys need no value of their own). A string without
// escapes (the common case) is not copied: it points into p.b, which the
// caller must not modify while the tree is in use.
func (p *jparser) str() (string, error) {
	s := p.i
	j, valid := plainEndValid(p.b, s+1)
	if j < len(p.b) && p.b[j] == '"' && valid {
		p.i = j + 1
		if j > s+1 {
			return unsafe.String(&p.b[s+1], j-s-1), nil
		}
		return "", nil
	}
	// Escapes only shorten a string, so its raw length bounds the decoded
	// one: one allocation, which the value then keeps without a copy.
	buf := make([]byte, 0, rawStringEnd(p.b, j)-s)
	p.i = s + 1
	for {
		// Copy the run up to the next quote, backslash or control
		// character at once.
		if k, valid := plainEndValid(p.b, p.i); k > p.i || !valid {
			if !valid {
				p.i = k // the offending byte, for the error
				return "", p.errf("invalid UTF-8")
			}
			buf = append(buf, p.b[p.i:k]...)
			p.i = k
		}
		if p.i >= len(p.b) {
			return "", p.errf("unterminated string")
		}
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			if len(buf) > 0 {
				return unsafe.String(&buf[0], len(buf)), nil // buf is not written again
			}
			return "", nil
		case c < 0x20:
			return "", p.errf("control character in string")
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return "", p.errf("unterminated escape")
			}
			e := p.b[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.errf("bad \\u escape")
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
						save := p.i
						p.i += 2
						var ok2 bool
						r2, ok2 = p.hex4()
						if !ok2 {
							return "", p.errf("bad \\u escape")
						}
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							buf = utf8.AppendRune(buf, d)
							continue
						}
						p.i = save // lone high surrogate followed by something else
					}
					buf = utf8.AppendRune(buf, utf8.RuneError)
					continue
				}
				buf = utf8.AppendRune(buf, r)
			default:
				return "", p.errf("bad escape \\%c", e)
			}
		}
	}
}

// rawStringEnd returns the index of the quote that closes the string whose
// unescaped part ends at i, or len(b) when it is not closed.
func rawStringEnd(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case '"':
			return i
		case '\\':
			i += 2
		default:
			i++
		}
		i = plainEnd(b, i, false)
	}
	return len(b)
}

// plainEnd returns the index of the first quote, backslash or control
// character in b[i:] (with del, also of DEL, which the encoder escapes), or
// len(b). It looks at eight bytes at a time; bytes of 0x80 and above (UTF-8
// sequences) pass as plain.
func plainEnd[T string | []byte](b T, i int, del bool) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		w := b[i : i+8] // one bounds check instead of eight
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		q, bs := x^(lo*'"'), x^(lo*'\\')
		// zero bytes of q or bs, and bytes below 0x20; a false positive can
		// only follow a true one, so the lowest hit is exact
		m := (q-lo)&^q | (bs-lo)&^bs | (x-lo*0x20)&^x
		if del {
			d := x ^ (lo * 0x7f)
			m |= (d - lo) &^ d
		}
		if m &= hi; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' || c < 0x20 || del && c == 0x7f {
			return i
		}
	}
	return len(b)
}

// plainEndValid is plainEnd without del that also checks the bytes it
// passes: it returns the index of the first quote, backslash or control
// character in b[i:], or len(b), and true when b[i:] up to there is valid
// UTF-8; otherwise the index of the first invalid sequence and false. One
// pass instead of plainEnd and utf8.Valid: ASCII is looked at eight bytes at
// a time, a multi-byte sequence is checked where the pass meets it. A
// build with vector compares (jsonscan_simd.go) first takes 32 bytes per
// step and leaves only the tail, and blocks it cannot answer, to this.
func plainEndValid(b []byte, i int) (int, bool) {
	if useVec {
		j, ok, done := plainEndValid256(b, i)
		if done {
			return j, ok
		}
		i = j
	}
	return plainEndValidWords(b, i)
}

// plainEndValidWords is plainEndValid eight bytes at a time.
func plainEndValidWords(b []byte, i int) (int, bool) {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for i+8 <= len(b) {
		w := b[i : i+8] // one bounds check instead of eight
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		q, bs := x^(lo*'"'), x^(lo*'\\')
		// as in plainEnd: the lowest hit is exact; bytes of 0x80 and above
		// are never hits
		m := ((q-lo)&^q | (bs-lo)&^bs | (x-lo*0x20)&^x) & hi
		h := x & hi
		if h == 0 {
			if m != 0 {
				return i + bits.TrailingZeros64(m)/8, true
			}
			i += 8
			continue
		}
		// A non-ASCII byte: a hit before it ends the run, otherwise the
		// sequence that starts there is checked and the pass goes on after
		// it. Hits after it are found again from there.
		k := bits.TrailingZeros64(h) / 8
		if m != 0 {
			if j := bits.TrailingZeros64(m) / 8; j < k {
				return i + j, true
			}
		}
		i += k
		n := utf8Len(b[i:])
		if n == 0 {
			return i, false
		}
		i += n
	}
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == '"' || c == '\\' || c < 0x20 {
				return i, true
			}
			i++
			continue
		}
		n := utf8Len(b[i:])
		if n == 0 {
			return i, false
		}
		i += n
	}
	return len(b), true
}

// utf8Len returns the length of the valid UTF-8 sequence of two or more
// bytes at the start of b, or 0 when there is none.
func utf8Len(b []byte) int {
	c := b[0]
	if c >= 0xc2 && c < 0xe0 && len(b) >= 2 && b[1]&0xc0 == 0x80 {
		return 2 // the common case: Latin letters with diacritics
	}
	r, n := utf8.DecodeRune(b)
	if r == utf8.RuneError && n <= 1 || n < 2 {
		return 0
	}
	return n
}

func (p *jparser) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.b[p.i:p.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.i += 4
	return rune(n), true
}

// appendJSONString appends s as a JSON string literal (with quotes).
// Non-ASCII text stays UTF-8; invalid UTF-8 becomes U+FFFD. Runs of bytes
// that need no escape are copied at once.
func appendJSONString(dst []byte, s string) []byte {
	dst = slices.Grow(dst, len(s)+2)
	dst = append(dst, '"')
	return append(appendJSONChars(dst, s), '"')
}

// appendJSONChars appends s escaped for the inside of a JSON string.
func appendJSONChars(dst []byte, s string) []byte { return appendJSONCharsOf(dst, s, false) }

// appendJSONCharsOf is appendJSONChars; with valid, s is known to be valid
// UTF-8 (it was decoded by parseJSON) and is not checked again.
func appendJSONCharsOf(dst []byte, s string, valid bool) []byte {
	const hex = "0123456789abcdef"
	start := 0 // s[start:i] is copied as it is
	for i := 0; i < len(s); {
		// s[i:k] holds no ASCII byte that needs an escape; of the rest,
		// only invalid UTF-8 and U+2028/U+2029 (which start with 0xE2) do.
		k := plainEnd(s, i, true)
		for i < k {
			seg := k
			if e := strings.IndexByte(s[i:k], 0xE2); e >= 0 {
				seg = i + e
			}
			if valid || utf8.ValidString(s[i:seg]) {
				i = seg
			}
			// rune by rune: the invalid rest of s[i:seg], then the rune at seg
			for stop := min(seg+1, k); i < stop; {
				r, n := utf8.DecodeRuneInString(s[i:k])
				switch {
				case r == utf8.RuneError && n == 1:
					dst = append(dst, s[start:i]...)
					dst = append(dst, `\ufffd`...)
					start = i + n
				case r == '\u2028' || r == '\u2029':
					dst = append(dst, s[start:i]...)
					dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
					start = i + n
				}
				i += n
			}
		}
		if k == len(s) {
			break
		}
		c := s[k]
		dst = append(dst, s[start:k]...)
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		default: // control bytes and DEL
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i = k + 1
		start = i
	}
	return append(dst, s[start:]...)
}

// withoutMember returns body, a JSON object, without its top-level members
// named key in any case (each with the comma that set it apart from its
// neighbour: a reader that matches names ignoring case would take a twin
// for it), or body itself when it has none. Duck.ai's Apply drops
// durableStream with it (duckAIAdapter.Apply).
func withoutMember(body []byte, key string) ([]byte, error) {
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(root.keys, func(k string) bool { return strings.EqualFold(k, key) })
	if i < 0 {
		return body, nil
	}
	from, to := root.start+1, root.end-1 // the only member: the object becomes {}
	switch {
	case i > 0:
		// ', "key": value' after the previous member's value
		from, to = root.vals[i-1].end, root.vals[i].end
	case len(root.vals) > 1:
		// '"key": value ,' up to the next member
		to = root.vals[0].end
		for to < len(body) && body[to] != ',' {
			to++
		}
		to++
	}
	out := make([]byte, 0, len(body)-(to-from))
	return withoutMember(append(append(out, body[:from]...), body[to:]...), key)
}
