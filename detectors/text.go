package detectors

import (
	"bytes"
	"encoding/binary"
	"iter"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a Text.
type Span struct {
	Start, End int
}

// Text is one input to scan together with shared views that are computed at
// most once: a lower-cased copy, keyword hits and runs of ASCII digits.
//
// Raw must not be modified while the Text is in use. A Text is used by one
// Scan at a time; the engine hands each detector the same Text in turn, so
// the views are not safe for concurrent use from several goroutines.
type Text struct {
	Raw []byte

	lower     []byte
	lowerDone bool

	pf       *prefilter // set by the engine; nil for a bare NewText
	hits     [][]int    // per prefilter keyword id, filled by the prefilter pass; valid where hitSet has the id
	hitSet   []uint64   // a bit per keyword id with hits (see hitsOf)
	hitIDs   []int32    // the ids with hits, in order of their first hit
	seen     [256]bool  // single bytes of interest that occur in Raw
	seenDone bool

	bytePos [][]int // where the prefilter's single-byte punctuation keywords stand (prefilter.posOf), see nextByte
	posDone bool    // bytePos holds them all

	caps     []int32 // where capitalised words may start, see CapWords
	capsDone bool

	words     []byte // a bit per byte of Raw, see wordBits
	wordsDone bool

	digits     []Span
	digitsDone bool

	flds       []field // record values under classified keys, see fields
	fieldsDone bool

	creates     []int // offsets of "create table" in Lower, see createTableFields
	createsDone bool

	newlines     []int // offsets of '\n' in Raw, see lineStart
	newlinesDone bool
	nameRow      nameRow // the last line SPECIAL_CATEGORY asked inNameTable about
	firstDigit   int     // offset of the first digit when the prefilter found one

	scanBuf *scanBuf // the prefilter pass's buffer, kept with the Text
	umlauts []int32  // the second bytes of Ä Ö Ü the vector pass found (prefilter.scan)
}

// NewText wraps raw. The views are computed lazily.
func NewText(raw []byte) *Text {
	return &Text{Raw: raw}
}

// lowerTab maps ASCII upper case to lower case and leaves every other byte.
var lowerTab = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = byte(c + 'a' - 'A')
	}
	return t
}()

// Lower returns a lower-cased copy of Raw with identical byte offsets:
// ASCII A-Z and the umlauts Ä Ö Ü (both two bytes in UTF-8) are folded, every
// other byte is copied as is. The result must not be modified.
func (t *Text) Lower() []byte {
	if t.lowerDone {
		return t.lower
	}
	if cap(t.lower) < len(t.Raw) {
		t.lower = make([]byte, len(t.Raw))
	}
	t.lower = lowerInto(t.lower[:len(t.Raw)], t.Raw)
	t.lowerDone = true
	return t.lower
}

// lowerInto writes the lower-cased form of src into dst (len(dst) >= len(src)).
func lowerInto(dst, src []byte) []byte {
	dst = dst[:len(src)]
	lowerASCII(dst, src)
	foldUmlauts(dst, src)
	return dst
}

// lowerASCII writes src into dst with ASCII A-Z lower-cased (len(dst) >= len(src)).
func lowerASCII(dst, src []byte) {
	i := 0
	if useSIMD && len(src) >= 64 {
		i = lowerVec(dst, src) // 64 or 32 bytes at a time
	}
	// Eight bytes at a time: add 0x20 to every byte in 'A'..'Z'.
	for ; i+8 <= len(src); i += 8 {
		x := binary.LittleEndian.Uint64(src[i : i+8 : i+8])
		binary.LittleEndian.PutUint64(dst[i:i+8:i+8], lower8(x, x&^swarHi))
	}
	for ; i < len(src); i++ {
		dst[i] = lowerTab[src[i]]
	}
}

// lower8 is the eight bytes x with ASCII A-Z lower-cased; y is x without
// bit 7 of each byte.
func lower8(x, y uint64) uint64 {
	return x | (inRange7(y, 'A', 'Z')&^x)>>2
}

// foldUmlauts writes ä ö ü into dst where src has Ä Ö Ü.
func foldUmlauts(dst, src []byte) { foldUmlautsFrom(dst, src, 0) }

// foldUmlautsFrom is foldUmlauts for the second bytes from offset from on.
func foldUmlautsFrom(dst, src []byte, from int) {
	// Ä Ö Ü are C3 84, C3 96, C3 9C; ä ö ü are C3 A4, C3 B6, C3 BC. The
	// second bytes of the capitals are rare in German text (the lower-case
	// umlauts are not), so they are searched for, one byte value at a time.
	for _, c := range capUmlautTails {
		for i := max(from, 1); i < len(src); i++ {
			j := bytes.IndexByte(src[i:], c)
			if j < 0 {
				break
			}
			i += j
			if src[i-1] == 0xC3 {
				dst[i] = c + 0x20
			}
		}
	}
}

// Hits returns the start offsets of every occurrence of keyword (lower case)
// in Lower(), overlapping occurrences included, in ascending order. When the
// Text was prepared by an Engine and keyword is one of its detectors'
// keywords, the offsets come from the engine's single prefilter pass;
// otherwise they are searched for directly. The result must not be modified.
// A detector's fixed keyword asks keyHits, a fixed list listHitsAt: Hits
// hashes the keyword and probes the keyword table on every call.
func (t *Text) Hits(keyword string) []int {
	if t.pf != nil && t.seenDone {
		if id, ok := t.pf.idOf.id(keyword); ok {
			if len(keyword) > 1 { // not a single byte (prefilter.singleOf)
				return t.hitsOf(int32(id))
			}
			if x := t.pf.posOf[keyword[0]]; x >= 0 && t.posDone {
				return t.bytePos[x] // a punctuation byte, which Lower keeps
			}
		}
	}
	return indexAll(t.Lower(), keyword)
}

// keyHits is Hits(kw) for the fixed keyword kw of call site slot
// (newKeySlot): its id is one load from the prefilter's keyIDs, not a hash
// of kw and a probe of the keyword table.
func (t *Text) keyHits(slot keySlot) []int {
	if t.pf != nil && t.seenDone && int(slot) < len(t.pf.keyIDs) {
		if id := t.pf.keyIDs[slot]; id >= 0 {
			return t.hitsOf(id)
		}
	}
	return t.Hits(keySlotWords[slot])
}

// listHits yields, in list order, the index of each keyword of list that
// occurs in the text with its start offsets as Hits returns them; keywords
// without hits are skipped, so `for i, hs := range t.listHits(list)` equals
// a loop over list that ranges over t.Hits(list[i]). On a Text prepared by an Engine the
// keywords are mapped to the prefilter's ids once per list
// (prefilter.listIDs): a detector with a few hundred label words pays a load
// per word and scan instead of a hash lookup (Hits). list must be a fixed
// slice (a lexicon list, a package or detector variable), never one built
// per call: the mapping is cached by its address.
func (t *Text) listHits(list []string) iter.Seq2[int, []int] { return t.listHitsAt(-1, list) }

// listHitsAt is listHits for the call site slot (a package variable set by
// newListSlot): the prefilter finds the list's ids in the slot's entry.
func (t *Text) listHitsAt(slot listSlot, list []string) iter.Seq2[int, []int] {
	return func(yield func(int, []int) bool) { t.eachListHit(slot, list, yield) }
}

// eachListHit is listHitsAt's loop. It is kept out of line so that the 21
// call sites share one copy: inlined into each (with the loop body inlined
// into both of its loops), it made every caller larger by ≈300 bytes of
// code that a scan in the proxy, whose other work evicts the detectors'
// code between requests, fetched anew for each call site. yield is the
// caller's loop body; it does not escape.
//
//go:noinline
func (t *Text) eachListHit(slot listSlot, list []string, yield func(int, []int) bool) {
	ids := t.listIDsAt(slot, list)
	if ids == nil {
		for i, kw := range list {
			if hs := t.Hits(kw); len(hs) > 0 && !yield(i, hs) {
				return
			}
		}
		return
	}
	ids = ids[:len(list)]
	for i, id := range ids {
		var hs []int
		switch {
		case id < 0:
			hs = t.Hits(list[i])
		case t.hitSet[id>>6]&(1<<(id&63)) != 0: // hitsOf, written out: most words have no hit
			hs = t.hits[id]
		}
		if len(hs) > 0 && !yield(i, hs) {
			return
		}
	}
}

// listIDsAt is the prefilter's id mapping of a fixed list (see listHits)
// for the call site slot (see listHitsAt), nil on a Text that no Engine
// prepared.
func (t *Text) listIDsAt(slot listSlot, list []string) []int32 {
	if t.pf == nil || !t.seenDone || len(list) == 0 {
		return nil
	}
	return t.pf.idsAt(slot, list)
}

// hitsIn is Hits(list[i]) for ids = t.listIDsAt(slot, list).
func (t *Text) hitsIn(ids []int32, list []string, i int) []int {
	if ids != nil && ids[i] >= 0 {
		return t.hitsOf(ids[i])
	}
	return t.Hits(list[i])
}

// hitsOf is the start offsets of keyword id (of two or more bytes). Most
// keywords have none: the bit set answers for them, so that a detector
// asking for hundreds of words touches a few cache lines of bits instead of
// a slice header in a table of 24 bytes per keyword, which the rest of a
// request in the proxy evicts between scans.
func (t *Text) hitsOf(id int32) []int {
	if t.hitSet[id>>6]&(1<<(id&63)) == 0 {
		return nil
	}
	return t.hits[id]
}

// EachKeywordHit calls fn for every keyword of two or more bytes that the
// engine's prefilter found in the text, with its start offsets (as Hits
// returns them), in no particular order. A detector with hundreds of
// phrases should loop over these instead of asking Hits for every phrase.
// On a Text not prepared by an Engine it does nothing. starts must not be
// modified.
func (t *Text) EachKeywordHit(fn func(keyword string, starts []int)) {
	if t.pf == nil || !t.seenDone {
		return
	}
	for _, id := range t.hitIDs {
		fn(t.pf.kws[id], t.hits[id])
	}
}

// indexAll returns all (overlapping) start offsets of kw in s.
func indexAll(s []byte, kw string) []int {
	if kw == "" {
		return nil
	}
	var out []int
	for i := 0; i < len(s); {
		j := bytes.Index(s[i:], []byte(kw))
		if j < 0 {
			break
		}
		out = append(out, i+j)
		i += j + 1
	}
	return out
}

// Has reports whether the byte c occurs in Raw. It is answered from the
// engine's prefilter pass when c is a single-byte keyword or an ASCII digit.
func (t *Text) Has(c byte) bool {
	if t.seenDone && t.pf != nil && (t.pf.single[c] && !isDigit(c) || t.posDone && t.pf.occur[c]) {
		return t.seen[c]
	}
	return bytes.IndexByte(t.Raw, c) >= 0
}

// nextByte returns the offset of the first c in Raw at or after i (i <=
// len(Raw)), or -1. For a single-byte punctuation keyword of the engine
// (':' '@' '/' '=' …) it asks the positions the prefilter pass recorded on
// the way, instead of reading the text again.
func (t *Text) nextByte(c byte, i int) int {
	if t.posDone && t.pf != nil {
		if x := t.pf.posOf[c]; x >= 0 {
			pos := t.bytePos[x]
			if k, _ := slices.BinarySearch(pos, i); k < len(pos) {
				return pos[k]
			}
			return -1
		}
	}
	if k := bytes.IndexByte(t.Raw[i:], c); k >= 0 {
		return i + k
	}
	return -1
}

// CapWords returns the offsets in Raw where a capitalised word may start,
// in ascending order: an ASCII upper-case letter or the lead byte of a
// multi-byte character (Ö, Ç, Ş, Ł …) with no ASCII letter or digit right
// before it. It is a superset (a lead byte after an umlaut is listed; the
// caller checks its own word-start rule), filled by the engine's prefilter
// pass or computed on first use. The result must not be modified.
func (t *Text) CapWords() []int32 {
	if !t.capsDone {
		t.caps = capWords(t.Raw, t.caps[:0])
		t.capsDone = true
	}
	return t.caps
}

// wordBits returns a bit per byte of Raw, set for the ASCII letters and the
// bytes from 0x80 on (bit k of wordBits()[b] is byte 8b+k), with eight
// bytes of zeros after the last byte's: eight bytes loaded at i>>3 and
// shifted by i&7 tell the bytes of at least the 57 from i on. The
// prefilter pass writes it on the way (scanBlocks); the result must not be
// modified.
func (t *Text) wordBits() []byte {
	if !t.wordsDone {
		t.words = wordBitsBuf(t.words, len(t.Raw))
		clear(t.words)
		raw := t.Raw
		i := 0
		for ; i+8 <= len(raw); i += 8 {
			x := binary.LittleEndian.Uint64(raw[i : i+8 : i+8])
			t.words[i>>3] = byte((inRange7(x&^swarHi|fold8, 'a', 'z')&^x | x&swarHi) * pack8 >> 56)
		}
		for ; i < len(raw); i++ {
			if c := raw[i]; isLetter(c) || c >= 0x80 {
				t.words[i>>3] |= 1 << (i & 7)
			}
		}
		t.wordsDone = true
	}
	return t.words
}

// wordBitsBuf returns buf, or a new slice if it is too short, as the
// wordBits of a text of n bytes, not yet written.
func wordBitsBuf(buf []byte, n int) []byte {
	if m := n>>3 + 9; cap(buf) >= m {
		return buf[:m]
	}
	return make([]byte, n>>3+9)
}

// capWords is CapWords one byte at a time.
func capWords(b []byte, dst []int32) []int32 {
	for i, c := range b {
		if capByte[c] && (i == 0 || !wordByte[b[i-1]]) {
			dst = append(dst, int32(i))
		}
	}
	return dst
}

// DigitRuns returns the maximal runs of ASCII digits in Raw, in order.
// The result must not be modified.
func (t *Text) DigitRuns() []Span {
	if !t.digitsDone {
		t.digits = digitRuns(t.Raw, t.firstDigit, t.digits[:0])
		t.digitsDone = true
	}
	return t.digits
}

// digitRuns appends the digit runs of b from offset i (no digit before it).
func digitRuns(b []byte, i int, dst []Span) []Span {
	for i < len(b) {
		j := indexDigit(b[i:])
		if j < 0 {
			break
		}
		s := i + j
		e := s + 1
		for e < len(b) && isDigit(b[e]) {
			e++
		}
		dst = append(dst, Span{s, e})
		i = e
	}
	return dst
}

// indexDigit returns the index of the first ASCII digit in b or -1. It tests
// eight bytes at a time.
func indexDigit(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i : i+8 : i+8])
		y := x &^ swarHi
		// Bytes in ['0', '9'], see "Determine if a word has a byte between m
		// and n"; exact per byte because y has no high bits.
		if (swarLo*(127+'9'+1)-y)&^x&(y+swarLo*(127-'0'+1))&swarHi != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if isDigit(b[i]) {
			return i
		}
	}
	return -1
}

const (
	swarLo = 0x0101010101010101
	swarHi = 0x8080808080808080
)

func isDigit(c byte) bool { return c-'0' < 10 }

func isUpper(c byte) bool { return c-'A' < 26 }

func isLowerASCII(c byte) bool { return c-'a' < 26 }

func isLetter(c byte) bool { return isUpper(c) || isLowerASCII(c) }

func isAlnum(c byte) bool { return isDigit(c) || isLetter(c) }

// IsWordByte reports whether c can be part of a word: an ASCII letter or
// digit, '_' or any byte of a multi-byte UTF-8 sequence (umlauts, ß, letters
// of other scripts).
func IsWordByte(c byte) bool {
	return isAlnum(c) || c == '_' || c >= 0x80
}

// WordStart reports whether a word may start at i: no letter, digit, '_'
// or combining mark before it. A character beyond ASCII is decoded, so that
// German quotes, a no-break space, a dash, an arrow or an emoji before a
// number ("„86095742719“", "IBAN\u00a0DE89…", "😀86095742719") are a
// word's edge; before, every byte from 0x80 counted as a letter, and such
// a Steuer-ID or IBAN was not found.
func (t *Text) WordStart(i int) bool {
	if i <= 0 || i > len(t.Raw) {
		return true
	}
	if c := t.Raw[i-1]; c < utf8.RuneSelf {
		return !IsWordByte(c)
	}
	r, _ := utf8.DecodeLastRune(t.Raw[:i])
	return !wordRune(r)
}

// WordEnd reports whether a word may end at j: no letter, digit, '_' or
// combining mark at j (WordStart).
func (t *Text) WordEnd(j int) bool {
	if j >= len(t.Raw) || j < 0 {
		return true
	}
	if c := t.Raw[j]; c < utf8.RuneSelf {
		return !IsWordByte(c)
	}
	r, _ := utf8.DecodeRune(t.Raw[j:])
	return !wordRune(r)
}

// wordRune reports whether r, beyond ASCII, belongs to a word: a letter, a
// digit, a combining mark, or a byte that is no UTF-8 (read as a word's,
// as IsWordByte has it).
func wordRune(r rune) bool {
	return r == utf8.RuneError || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// IsWordRune reports whether r belongs to a word as WordStart and WordEnd
// read it: an ASCII letter or digit, '_', and beyond ASCII a letter, a
// digit, a combining mark or a byte that is no UTF-8 (utf8.RuneError).
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return IsWordByte(byte(r))
	}
	return wordRune(r)
}

// Before returns the lower-cased bytes in [i-n, i), clipped to the text.
func (t *Text) Before(i, n int) []byte {
	l := t.Lower()
	i = clamp(i, 0, len(l))
	return l[clamp(i-n, 0, i):i]
}

// After returns the lower-cased bytes in [j, j+n), clipped to the text.
func (t *Text) After(j, n int) []byte {
	l := t.Lower()
	j = clamp(j, 0, len(l))
	return l[j:clamp(j+n, j, len(l))]
}

// LineBefore is Before limited to the current line (stops after a '\n').
func (t *Text) LineBefore(i, n int) []byte {
	b := t.Before(i, n)
	if k := bytes.LastIndexByte(b, '\n'); k >= 0 {
		return b[k+1:]
	}
	return b
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// runeStart moves i back to the start of the UTF-8 sequence it is in.
func runeStart(b []byte, i int) int {
	for k := 0; k < utf8.UTFMax && i > 0 && i < len(b) && !utf8.RuneStart(b[i]); k++ {
		i--
	}
	return i
}

// Context describes label words that make a value more or less likely when
// they occur shortly before (or after) it. Words are lower case and compared
// against Lower(). The zero value has no effect. Safe for concurrent use.
type Context struct {
	Before   int      // bytes looked at before the value; 0 means 48
	After    int      // bytes looked at after the value; 0 means 24
	Positive []string // raise the score (e.g. "iban", "tel.", "steuer-id")
	Negative []string // lower the score (e.g. "rechnung", "bestell", "§")

	m *ctxMatcher // set by Compile
}

// Compile returns a copy of c with a prepared matcher: Near then reads each
// window byte once instead of searching for every word in turn. Use it for
// package-level contexts; the words must not change afterwards.
func (c Context) Compile() *Context {
	c.m = newCtxMatcher(c.Positive, c.Negative)
	return &c
}

// ctxMatcher finds any of a set of words in a short window: a table of
// (first byte, second byte mod 64) pairs rejects most positions with one
// load, the words starting with the byte are compared only on a hit.
type ctxMatcher struct {
	pair     [256]uint64    // first byte -> bit (second byte & 63) of words with 2+ bytes
	one      [256]uint8     // one-byte words: 1 positive, 2 negative
	words    [256][]ctxWord // words of 2+ bytes by first byte
	pos, neg bool           // the sets are not empty
	hasOne   bool           // one is not all zero: find looks up each byte in it
}

type ctxWord struct {
	w      string
	prefix uint32 // the first (up to) four bytes, little-endian
	mask   uint32 // the bytes of prefix that count
	neg    bool
}

func newCtxMatcher(pos, neg []string) *ctxMatcher {
	m := &ctxMatcher{pos: len(pos) > 0, neg: len(neg) > 0}
	add := func(w string, isNeg bool) {
		switch len(w) {
		case 0:
		case 1:
			f := uint8(1)
			if isNeg {
				f = 2
			}
			m.one[w[0]] |= f
			m.hasOne = true
		default:
			m.pair[w[0]] |= 1 << (w[1] & 63)
			var b [4]byte
			n := copy(b[:], w)
			m.words[w[0]] = append(m.words[w[0]], ctxWord{w: w, prefix: binary.LittleEndian.Uint32(b[:]),
				mask: uint32(1<<(8*n) - 1), neg: isNeg})
		}
	}
	for _, w := range pos {
		add(w, false)
	}
	for _, w := range neg {
		add(w, true)
	}
	return m
}

// find reports whether a positive and whether a negative word occurs in
// one of the windows (a word must lie wholly inside one window).
func (m *ctxMatcher) find(windows ...[]byte) (pos, neg bool) {
	hasOne := m.hasOne // most sets have no one-byte word (phone's, IP's, tax id's)
	for _, w := range windows {
		for p, c := range w {
			if hasOne {
				if f := m.one[c]; f != 0 {
					pos, neg = pos || f&1 != 0, neg || f&2 != 0
				}
			}
			if p+1 >= len(w) || m.pair[c]&(1<<(w[p+1]&63)) == 0 {
				continue
			}
			var x uint32
			if p+4 <= len(w) {
				x = binary.LittleEndian.Uint32(w[p : p+4 : p+4])
			} else { // the window's last bytes
				var b [4]byte
				copy(b[:], w[p:])
				x = binary.LittleEndian.Uint32(b[:])
			}
			for _, cw := range m.words[c] {
				if x&cw.mask != cw.prefix || (cw.neg && neg) || (!cw.neg && pos) {
					continue
				}
				if len(w)-p >= len(cw.w) && string(w[p:p+len(cw.w)]) == cw.w {
					if cw.neg {
						neg = true
					} else {
						pos = true
					}
				}
			}
			if (pos || !m.pos) && (neg || !m.neg) {
				return pos, neg
			}
		}
	}
	return pos, neg
}

// Near reports whether a positive and whether a negative word occurs in the
// window around [start, end).
func (c *Context) Near(t *Text, start, end int) (pos, neg bool) {
	nb, na := c.Before, c.After
	if nb == 0 {
		nb = 48
	}
	if na == 0 {
		na = 24
	}
	before, after := t.Before(start, nb), t.After(end, na)
	if c.m != nil {
		return c.m.find(before, after)
	}
	for _, w := range c.Positive {
		if bytes.Contains(before, []byte(w)) || bytes.Contains(after, []byte(w)) {
			pos = true
			break
		}
	}
	for _, w := range c.Negative {
		if bytes.Contains(before, []byte(w)) || bytes.Contains(after, []byte(w)) {
			neg = true
			break
		}
	}
	return pos, neg
}

// Score returns base adjusted by context: a positive word raises it halfway
// towards 1, a negative word halves it. The result stays in (0, 1].
func (c *Context) Score(t *Text, start, end int, base float64) float64 {
	pos, neg := c.Near(t, start, end)
	if pos {
		base += (1 - base) / 2
	}
	if neg {
		base /= 2
	}
	if base <= 0 {
		base = 0.01
	}
	if base > 1 {
		base = 1
	}
	return base
}

// lineStart returns the offset of the line that holds i: one past the last
// line break before i, or 0. The line breaks are found once per text.
func (t *Text) lineStart(i int) int {
	nl := t.lineBreaks()
	n := sort.SearchInts(nl, i) // the first break at or after i
	if n == 0 {
		return 0
	}
	return nl[n-1] + 1
}

// lineEnd returns the offset of the line break that ends the line holding
// i, or len(Raw) on the last line (i itself when Raw[i] is a break).
func (t *Text) lineEnd(i int) int {
	nl := t.lineBreaks()
	if n := sort.SearchInts(nl, i); n < len(nl) {
		return nl[n]
	}
	return len(t.Raw)
}

// lineBreaks returns the offsets of '\n' in Raw, found on the first call;
// where the engine's vector pass ran, it recorded them (prefilter.run).
func (t *Text) lineBreaks() []int {
	if !t.newlinesDone {
		t.newlines = t.newlines[:0]
		for off := 0; ; {
			j := bytes.IndexByte(t.Raw[off:], '\n')
			if j < 0 {
				break
			}
			t.newlines = append(t.newlines, off+j)
			off += j + 1
		}
		t.newlinesDone = true
	}
	return t.newlines
}

// reread returns b, a text made from t's raw bytes (its lines joined, a
// misread character put back), as a Text of its own with t's keyword pass
// run over it, for a detector to scan again.
func (t *Text) reread(b []byte) *Text {
	r := &Text{}
	r.reset(b, t.pf)
	if t.pf != nil {
		t.pf.run(r)
	}
	return r
}

// lineJoint is a line-end hyphenation that joinLines takes out: n bytes of
// the raw text from rs on, which stand at offset js of the joined text. With
// w > 0 it is a letter put back (ocrAddresses): the w bytes at js of the
// joined text stand for the w+n bytes of the raw text from rs ("ß" for an
// OCR's "8": w 2, n -1).
type lineJoint struct{ js, rs, n, w int }

// lineJoints are the joints of a joined text, in order.
type lineJoints []lineJoint

// joinLines returns t's text read again with the line-end hyphenations that
// cut accepts taken out, as a PDF's or an OCR's text breaks a word over two
// lines ("Fran-\nziska", "Belas-\ntungsstörung"), and the joints; nil when
// there is none. A joint is a word of two letters or more at ws ending in a
// hyphen at p before "\n" or "\r\n", and a letter at k on the next line after
// an indent; cut returns where the part taken out starts (p: the hyphen goes
// too, p+1: it stays) and whether to join. Text without a line-end hyphen,
// nearly all, costs a look at each line break (Text.lineBreaks, which other
// detectors share).
func joinLines(t *Text, cut func(ws, p, k int) (int, bool)) (*Text, lineJoints) {
	raw := t.Raw
	var js lineJoints
	for _, nl := range t.lineBreaks() {
		p := nl - 1 // the hyphen before "\n" or "\r\n"
		if p > 0 && raw[p] == '\r' {
			p--
		}
		if p < 2 || raw[p] != '-' || !(isLetter(raw[p-1]) || raw[p-1] >= 0x80) {
			continue
		}
		i := nl + 1
		k := i
		for k < len(raw) && k-i < 12 && (raw[k] == ' ' || raw[k] == '\t') {
			k++
		}
		if k >= len(raw) || !(isLetter(raw[k]) || raw[k] >= 0xC0) {
			continue
		}
		ws := p // the word (or its last part) before the hyphen
		for ws > 0 && (isLetter(raw[ws-1]) || raw[ws-1] >= 0x80) {
			ws--
		}
		if p-ws < 2 {
			continue
		}
		if c, ok := cut(ws, p, k); ok {
			js = append(js, lineJoint{rs: c, n: k - c})
		}
	}
	if len(js) == 0 {
		return nil, nil
	}
	joined := make([]byte, 0, len(raw))
	from := 0 // raw copied to joined up to here
	for x := range js {
		j := &js[x]
		joined = append(joined, raw[from:j.rs]...)
		j.js = len(joined)
		from = j.rs + j.n
	}
	joined = append(joined, raw[from:]...)
	jt := t.reread(joined)
	return jt, js
}

// rawAt maps an offset of the joined text to the raw text: a start after the
// joints at or before it, an end after the joints before it.
func (js lineJoints) rawAt(x int, start bool) int {
	r := x
	for _, j := range js {
		if j.w > 0 && x < j.js+j.w || j.w == 0 && (j.js > x || j.js == x && !start) {
			break
		}
		r += j.n
	}
	return r
}

// replace puts the findings of type typ in found (of the joined text) that
// span a joint into dst[n0:] at their raw spans, in place of the findings of
// that type they overlap; the others of found are dropped (the raw text gave
// them already).
func (js lineJoints) replace(dst []Finding, n0 int, typ string, found []Finding) []Finding {
	var add []Finding
	for _, g := range found {
		if g.Type != typ {
			continue
		}
		for _, j := range js {
			if j.js < g.End && (j.js > g.Start || j.js+j.w > g.Start) {
				add = append(add, Finding{Type: typ, Start: js.rawAt(g.Start, true), End: js.rawAt(g.End, false), Score: g.Score})
				break
			}
		}
	}
	if len(add) == 0 {
		return dst
	}
	out := dst[:n0]
	for _, f := range dst[n0:] {
		keep := true
		for _, g := range add {
			if f.Type == typ && f.Start < g.End && g.Start < f.End {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, f)
		}
	}
	out = append(out, add...)
	slices.SortStableFunc(out[n0:], func(a, b Finding) int { return a.Start - b.Start })
	return out
}
