package pseudonym

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"html"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Operators accepted by Mapping.Replace. The policy chooses one per finding type.
const (
	OpPseudonym = "pseudonym" // stable placeholder within the conversation: "[PERSON_1]"
	OpMask      = "mask"      // keep a few characters: "DE89 **** **** **** **** 00", "M****"
	OpLabel     = "label"     // the type only: "[IBAN]"
	OpRemove    = "remove"    // nothing
)

// maxLabelLen bounds the type part of a placeholder; maxPlaceholderLen bounds
// a whole placeholder ("[" + label + "_" + up to 10 digits + "]").
const (
	maxLabelLen       = 40
	maxPlaceholderLen = maxLabelLen + 13
)

// MaxEntries bounds the placeholders of one Mapping. Beyond it a value is
// replaced by its label ("[EMAIL]", like OpLabel; nothing of it leaves, its
// answer is not restored): one client sending bodies full of distinct values
// must not grow a mapping, and the time to insert into it, without end.
const MaxEntries = 10000

// Mapping is the placeholder table of one conversation. It is safe for
// concurrent use. The zero value is not usable; get one from Store.Conversation
// or NewMapping.
//
// The original values are kept as byte slices so that Wipe can zero them; the
// lookup from a value to its placeholder uses a keyed hash, so the value is not
// held a second time as a string.
type Mapping struct {
	mu            sync.RWMutex
	wiped         bool
	view          bool                // a Subset: restores, issues nothing
	seed          [16]byte            // 128 bits: with a label and a value of up to 30 bytes or so, one SHA-256 block
	byValue       map[[32]byte]string // keyed hash of (type, normalised value) → placeholder
	byPlaceholder map[string][]byte   // placeholder → original value as last written (Replace)
	issued        []string            // issued placeholders, sorted, for prefix lookups
	counters      map[string]int      // label → last number issued
	numbers       map[string]struct{} // placeholders that stood for a JSON number (MarkNumber)
	escaped       int                 // values that JSON escapes (needsEscape)
	size          int64               // bytes the entries take, as entrySize counts them
	total         *atomic.Int64       // the Store's bytes of entries in all its Mappings; nil outside a Store
}

// entrySize is what one placeholder takes in a Mapping, roughly: the value,
// the placeholder three times (two maps and the sorted list), the hash, and
// the maps' and slices' own overhead.
func entrySize(value, placeholder string) int64 {
	return int64(len(value) + 3*len(placeholder) + 32 + 192)
}

// NewMapping returns an empty Mapping that belongs to no Store (for callers
// and tests that manage the lifetime themselves).
func NewMapping() *Mapping {
	m := &Mapping{
		byValue:       make(map[[32]byte]string),
		byPlaceholder: make(map[string][]byte),
		counters:      make(map[string]int),
	}
	if _, err := rand.Read(m.seed[:]); err != nil {
		// crypto/rand never fails on supported platforms (Go ≥ 1.24 panics
		// inside Read instead); keep the zero seed as a last resort: the
		// hash is only a map key and never leaves the process.
		m.seed = [16]byte{}
	}
	return m
}

// Replace returns the text that stands in for value, a finding of type typ
// (TAXONOMY.md), under the operator op:
//
//   - "pseudonym" or "": a placeholder "[TYPE_n]", stable within the
//     conversation (the same value, after normalising case and spacing for
//     identifiers, gets the same placeholder); Restore maps it back to the
//     value as last given: an IBAN written "DE89 3704 0044 …" comes back
//     so grouped, though an earlier request wrote it "DE89370400440…".
//   - "mask": a few characters of the value, the rest as "*".
//   - "label": "[TYPE]".
//   - "remove": "".
//
// An unknown operator is treated as "label" (nothing of the value leaves).
// After the Mapping was wiped, or once it holds MaxEntries placeholders for
// other values, "pseudonym" also falls back to "label".
func (m *Mapping) Replace(op, typ, value string) string {
	return m.ReplaceWritten(op, typ, value, value)
}

// ReplaceWritten is Replace for a value that was read otherwise than it was
// written: value, as the detectors read it, decides its placeholder (and
// its mask), written is what Restore gives back. An Aktenzeichen written
// "AZ-2026-0815" in a file name the detectors read "AZ 2026 0815" comes
// back with its hyphens; before, the answer had the blanks of the reading.
// An empty written is value.
func (m *Mapping) ReplaceWritten(op, typ, value, written string) string {
	label := placeholderLabel(typ)
	switch op {
	case OpPseudonym, "":
		if value == "" {
			return ""
		}
		if written == "" {
			written = value
		}
		if p, ok := m.pseudonym(label, typ, value, written); ok {
			return p
		}
		return "[" + label + "]"
	case OpMask:
		return mask(typ, value)
	case OpRemove:
		return ""
	default: // OpLabel and anything unknown
		return "[" + label + "]"
	}
}

func (m *Mapping) pseudonym(label, typ, value, written string) (string, bool) {
	// seed || label || 0 || normalised value, hashed on the stack (a
	// longer value moves the input to the heap). Up to 55 bytes are one
	// block of SHA-256: with a 16-byte seed, "PERSON", a name, an IBAN or
	// an address of 30 bytes; with the 32-byte seed before, 3 of the 7
	// values of the proxy benchmark's prompt took two blocks.
	var buf [256]byte
	in := append(buf[:0], m.seed[:]...)
	in = append(in, label...)
	in = append(in, 0)
	key := sha256.Sum256(appendNormalised(in, typ, value))

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.wiped || m.view {
		return "", false
	}
	value = shownForm(typ, written)
	if p, ok := m.byValue[key]; ok {
		m.rewrite(p, value)
		return p, true
	}
	if len(m.byPlaceholder) >= MaxEntries {
		return "", false
	}
	m.counters[label]++
	p := "[" + label + "_" + strconv.Itoa(m.counters[label]) + "]"
	m.byValue[key] = p
	m.byPlaceholder[p] = []byte(value)
	if needsEscape(m.byPlaceholder[p]) {
		m.escaped++
	}
	n := entrySize(value, p)
	m.size += n
	if m.total != nil {
		m.total.Add(n)
	}
	i, _ := slices.BinarySearch(m.issued, p)
	m.issued = slices.Insert(m.issued, i, p)
	return p, true
}

// rewrite makes value the form p is restored as: the same value written
// another way (grouped or not, in another case; appendNormalised) is
// restored as the person wrote it last. Before, the form first seen stayed
// for as long as the mapping (the person's, at the service, for hours):
// "DE89 3704 0044 0532 0130 00" came back "DE89370400440532013000" because an
// earlier request had it so. A value marked as a number keeps its digits.
// The old form is zeroed, as wipe zeroes the values. The caller holds m.mu.
func (m *Mapping) rewrite(p, value string) {
	old := m.byPlaceholder[p]
	if string(old) == value {
		return
	}
	v := []byte(value)
	if _, number := m.numbers[p]; number && !jsonInteger(v) {
		// Restored as a number in tool calls (MarkNumber): a form with
		// blanks there would break the arguments' JSON.
		return
	}
	if needsEscape(old) {
		m.escaped--
	}
	if needsEscape(v) {
		m.escaped++
	}
	if n := int64(len(v) - len(old)); n != 0 {
		m.size += n
		if m.total != nil {
			m.total.Add(n)
		}
	}
	clear(old)
	m.byPlaceholder[p] = v
}

// Restore replaces every complete placeholder issued by this Mapping in text,
// and every variant of one a model may write ("[Person 1]", "\[PERSON\_1\]",
// a bare "PERSON_1"; see variant.go), by its original value. Placeholders it
// never issued, and placeholders inside a URL (linkState), are left as they
// are.
func (m *Mapping) Restore(text string) string {
	if !strings.Contains(text, "[") && !strings.Contains(text, "_") {
		return text
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	if len(m.byPlaceholder) == 0 {
		return text
	}
	return string(m.appendRestored(nil, []byte(text), &linkState{}))
}

// Subset returns a Mapping that restores only those of the given
// placeholders that m issued, with copies of their values: for the answer to
// a request that carried its whole conversation (a stateless chat API),
// which can rightly name only the placeholders that request sent. The rest
// of m (other conversations of the same user at the service) stays out of
// that answer, so a placeholder typed or coaxed into it ("Wiederhole:
// [PERSON_1]") is not turned into another conversation's value. The subset
// issues no placeholders of its own: Replace on it gives the label.
//
// The copies of the values share one allocation, and the map and the list
// are sized for placeholders: a caller that passes each placeholder once
// (the proxy does) gets a map no larger than it needs.
func (m *Mapping) Subset(placeholders []string) *Mapping {
	m.mu.RLock()
	defer m.mu.RUnlock()
	size := 0
	for _, p := range placeholders {
		size += len(m.byPlaceholder[p])
	}
	vals := make([]byte, 0, size)
	s := &Mapping{byPlaceholder: make(map[string][]byte, len(placeholders)), issued: make([]string, 0, len(placeholders)), view: true}
	for _, p := range placeholders {
		v, ok := m.byPlaceholder[p]
		if !ok {
			continue
		}
		if _, dup := s.byPlaceholder[p]; dup {
			continue
		}
		at := len(vals)
		vals = append(vals, v...)
		s.byPlaceholder[p] = vals[at:len(vals):len(vals)] // capped: nothing appends into the next value
		s.issued = append(s.issued, p)
		if needsEscape(v) {
			s.escaped++
		}
		if _, ok := m.numbers[p]; ok {
			if s.numbers == nil {
				s.numbers = make(map[string]struct{})
			}
			s.numbers[p] = struct{}{}
		}
	}
	slices.Sort(s.issued)
	return s
}

// Empty reports whether no placeholder was issued, i.e. whether answers need
// no restoring.
func (m *Mapping) Empty() bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.byPlaceholder) == 0
}

// wipe zeroes the original values and forgets every placeholder.
func (m *Mapping) wipe() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.total != nil {
		m.total.Add(-m.size)
	}
	m.size = 0
	for p, v := range m.byPlaceholder {
		clear(v)
		delete(m.byPlaceholder, p)
	}
	clear(m.byValue)
	m.issued, m.numbers, m.escaped = nil, nil, 0
	m.wiped = true
}

// appendRestored appends src to dst with every issued placeholder, and
// every variant of one a model may write (see variant.go), replaced by its
// value, JSON-escaped when ls.json is set, except where ls finds it inside a
// URL (see linkState), and moves ls over src. The caller holds m.mu.
func (m *Mapping) appendRestored(dst, src []byte, ls *linkState) []byte {
	mode := escText
	if ls.json {
		mode = escJSON
	}
	var buf [maxPlaceholderLen + 1]byte
	// src[:done] is in dst and ls has read it; the next "[" and "_" at or
	// after pos are at nb and nu (len(src): none), searched for again only
	// once passed, so that each byte is searched once.
	done, pos, nb, nu := 0, 0, -1, -1
	for {
		if nb < pos {
			nb = indexFrom(src, pos, '[')
		}
		if nu < pos {
			nu = indexFrom(src, pos, '_')
		}
		if nb < nu {
			i := nb
			n, norm, escClose, st := parseBracket(src[i:], mode, buf[:0])
			ls.feed(src[done:i])
			if st == parseDone && !ls.inURL {
				if v, ok := m.byPlaceholder[string(norm)]; ok {
					start := i
					if escClose {
						start -= openEscape(src[done:i], mode)
					}
					dst = append(dst, src[done:start]...)
					dst = appendValue(dst, v, ls)
					ls.feed(src[i : i+n])
					done, pos = i+n, i+n
					continue
				}
			}
			dst = append(dst, src[done:i]...)
			done, pos = i, i+1
			continue
		}
		if nu == len(src) {
			break
		}
		// A bare token: the whole run of placeholder bytes around the "_".
		s, e := bareRun(src, done, nu)
		pos = e
		if !bareShape(src[s:e]) || s > done && isPlaceholderByte(src[s-1]) {
			continue // no placeholder, or longer than any ("finish_reason", "MAX_TOKENS")
		}
		ls.feed(src[done:s])
		dst = append(dst, src[done:s]...)
		done = s
		if ls.inURL || ls.esc != 0 || ls.wordBefore() || wordAfter(src[e:], mode) {
			continue
		}
		if key := bareKey(buf[:0], src[s:e]); key != nil {
			if v, ok := m.byPlaceholder[string(key)]; ok {
				dst = appendValue(dst, v, ls)
				ls.feed(src[s:e])
				done = e
			}
		}
	}
	ls.feed(src[done:])
	return append(dst, src[done:]...)
}

// indexFrom returns the index of the first c in src at or after from, or
// len(src).
func indexFrom(src []byte, from int, c byte) int {
	if i := bytes.IndexByte(src[from:], c); i >= 0 {
		return from + i
	}
	return len(src)
}

// appendValue appends a restored value written as the answer's format
// writes text (ls: JSON, HTML, SSE or line data).
func appendValue(dst, v []byte, ls *linkState) []byte {
	switch {
	case ls.json && ls.nested:
		var buf [256]byte
		return appendJSONEscaped(dst, appendJSONEscaped(buf[:0], v))
	case ls.json:
		return appendJSONEscaped(dst, v)
	case ls.html:
		return append(dst, html.EscapeString(string(v))...)
	case ls.lines != 0:
		return appendLineBreaks(dst, v, ls.lines)
	}
	return append(dst, v...)
}

// appendLineBreaks appends v with every line break ("\r\n", a lone "\r" or
// "\n") written as br: in the data of an SSE event that is not JSON a lone
// "\r" ends the line for the client's parser, and the rest of the value
// would be read as a field of its own ("id:", "event:", "retry:").
func appendLineBreaks(dst, v []byte, br byte) []byte {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\r':
			if i+1 < len(v) && v[i+1] == '\n' {
				i++
			}
			dst = append(dst, br)
		case '\n':
			dst = append(dst, br)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// holdStart returns the offset of the shortest suffix of src that could
// still become, or change whether text before it is, an issued placeholder
// or a variant of one when more text arrives, or len(src) when there is
// none: a proper prefix of a bracketed variant with the backslashes before
// it, a bare token that is a prefix of one (or a whole one, which a letter
// or digit could still lengthen) with an undecided end, and the last
// backslashes (an escape of a "[" to come). The suffix is at most
// maxHeldEscape+maxVariantLen bytes long. json says that src is the raw
// content of a JSON string. The caller holds m.mu.
func (m *Mapping) holdStart(src []byte, json bool) int {
	mode := escText
	if json {
		mode = escJSON
	}
	var buf [maxPlaceholderLen + 1]byte
	h := len(src) - trailingBackslashes(src, maxHeldEscape)
	if i := bytes.LastIndexByte(src, '['); i >= 0 && len(src)-i <= maxVariantLen {
		if _, norm, _, st := parseBracket(src[i:], mode, buf[:0]); st == parseMore && m.issuedPrefix(norm) {
			h = min(h, i-trailingBackslashes(src[:i], maxHeldEscape))
		}
	}
	e := len(src) - undecidedTail(src, mode)
	s := e
	for s > 0 && e-s < maxPlaceholderLen && isPlaceholderByte(src[s-1]) {
		s--
	}
	if s < e && (s == 0 || !isPlaceholderByte(src[s-1])) {
		if m.issuedPrefix(append(append(buf[:0], '['), src[s:e]...)) {
			h = min(h, s)
		}
	}
	return h
}

func isPlaceholderByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// placeholderLabel turns a finding type into the label used in placeholders:
// upper case, [A-Z0-9_] only, bounded length.
func placeholderLabel(typ string) string {
	if validLabel(typ) {
		return typ // the finding types of TAXONOMY.md are labels already
	}
	b := make([]byte, 0, len(typ))
	for i := 0; i < len(typ) && len(b) < maxLabelLen; i++ {
		c := typ[i]
		switch {
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		case isPlaceholderByte(c):
			b = append(b, c)
		default:
			b = append(b, '_')
		}
	}
	if len(b) == 0 {
		return "DATA"
	}
	return string(b)
}

// validLabel reports whether typ is a label as it is: [A-Z0-9_], not
// empty, at most maxLabelLen bytes.
func validLabel(typ string) bool {
	if typ == "" || len(typ) > maxLabelLen {
		return false
	}
	for i := 0; i < len(typ); i++ {
		if !isPlaceholderByte(typ[i]) {
			return false
		}
	}
	return true
}

// shownForm is value as Restore writes it back: an identifier's white space
// (a line break where a narrow column or a PDF broke it, a tab, a vertical
// tab or line separator between its groups, two blanks) as one blank, so
// that its groups come back as the person wrote them, on one line; any
// other value as given.
func shownForm(typ, value string) string {
	if !identifierTypes[typ] || !oddSpace(value) {
		return value
	}
	b := make([]byte, 0, len(value))
	space := false
	for i := 0; i < len(value); {
		r, n := utf8.DecodeRuneInString(value[i:])
		if unicode.IsSpace(r) {
			space = true
			i += n
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, value[i:i+n]...) // as given: an invalid byte stays one
		i += n
	}
	return string(b)
}

// oddSpace reports white space in v other than single blanks between
// other characters (shownForm).
func oddSpace(v string) bool {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= utf8.RuneSelf:
			if r, _ := utf8.DecodeRuneInString(v[i:]); unicode.IsSpace(r) {
				return true
			}
		case c == ' ':
			if i == 0 || i == len(v)-1 || v[i+1] == ' ' {
				return true
			}
		case asciiSpace[c]:
			return true
		}
	}
	return false
}

// identifierTypes are the types whose values are compared without spacing,
// separators and case: "DE89 3704…" and "de8937…" are the same IBAN.
var identifierTypes = map[string]bool{
	"IBAN": true, "CREDIT_CARD": true, "DE_TAX_ID": true, "DE_TAX_NUMBER": true,
	"DE_VAT_ID": true, "DE_SOCIAL_SECURITY": true, "DE_HEALTH_INSURANCE": true,
	"DE_ID_CARD": true, "DE_LICENSE_PLATE": true, "PHONE": true, "IP_ADDRESS": true,
	"CASE_REFERENCE": true,
}

// appendNormalised appends the form of value under which equal values of
// type typ compare equal:
//
//   - identifiers: without white space and "-/.()", upper case;
//   - EMAIL: trimmed, lower case;
//   - anything else: trimmed, inner white space collapsed to one space.
func appendNormalised(dst []byte, typ, value string) []byte {
	switch {
	case identifierTypes[typ]:
		for i := 0; i < len(value); {
			if c := value[i]; c < utf8.RuneSelf { // ASCII, the common case
				switch {
				case asciiSpace[c] || c == '-' || c == '/' || c == '.' || c == '(' || c == ')':
				case 'a' <= c && c <= 'z':
					dst = append(dst, c-'a'+'A')
				default:
					dst = append(dst, c)
				}
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(value[i:])
			if !unicode.IsSpace(r) {
				dst = utf8.AppendRune(dst, unicode.ToUpper(r))
			}
			i += n
		}
	case typ == "EMAIL":
		for _, r := range strings.TrimSpace(value) {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
	default:
		start, space := len(dst), false
		for i := 0; i < len(value); {
			r, n := rune(value[i]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(value[i:])
			}
			i += n
			if r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r) {
				space = true
				continue
			}
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			if n == 1 && r < utf8.RuneSelf {
				dst = append(dst, byte(r))
			} else {
				dst = utf8.AppendRune(dst, r)
			}
		}
	}
	return dst
}

// asciiSpace marks the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// mask keeps the first four and the last two characters of identifiers of ten
// or more characters (separators kept, everything else "*"), and the first
// character plus "****" of anything else, so that the length of a name does
// not show.
func mask(typ, value string) string {
	if value == "" {
		return ""
	}
	if identifierTypes[typ] {
		n := 0
		for _, r := range value {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				n++
			}
		}
		if n >= 10 {
			var b strings.Builder
			k := 0
			for _, r := range value {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					b.WriteRune(r)
					continue
				}
				if k < 4 || k >= n-2 {
					b.WriteRune(r)
				} else {
					b.WriteByte('*')
				}
				k++
			}
			return b.String()
		}
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(value))
	if r == utf8.RuneError {
		return "****"
	}
	return string(r) + "****"
}

// appendJSONEscaped appends v as the content of a JSON string (without the
// quotes): quotes, backslashes and control characters escaped, U+2028 and
// U+2029 escaped for JavaScript consumers, other non-ASCII kept as UTF-8.
func appendJSONEscaped(dst, v []byte) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(v); {
		// Copy the run of bytes that need no escaping at once.
		j := i
		for j < len(v) && v[j] < utf8.RuneSelf && v[j] != 0x7f && plainJSON[v[j]] {
			j++
		}
		dst = append(dst, v[i:j]...)
		if i = j; i == len(v) {
			break
		}
		c := v[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20 || c == 0x7f:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			dst = append(dst, c)
		default:
			r, size := utf8.DecodeRune(v[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				dst = append(dst, `\ufffd`...)
			case r == '\u2028' || r == '\u2029':
				dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
			default:
				dst = append(dst, v[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return dst
}
