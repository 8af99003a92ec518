package detectors

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// prefilter finds every detector keyword in one pass over Raw, without
// copying or lower-casing the text.
//
// Single-byte keywords and digits are answered with bytes.IndexByte and a
// SWAR digit scan. Longer keywords are looked for only where they can
// matter: a keyword that starts with a letter (ASCII or not: "ödp-mitglied")
// or a digit is reported where it starts a word (the byte before it is not
// an ASCII letter or digit), and a keyword that starts with ASCII
// punctuation ("<<", "-----begin") wherever it stands. Every detector asks
// for word starts anyway (isWordStartAt is stricter: it also treats umlauts
// as letters), so the pass skips the inside of words, which is most of the
// text. A detector that needs a word inside a compound (Initialpasswort:,
// Hausarzt) finds it from another anchor (the colon, the ICD code).
//
// At a word start whose first two bytes begin some keyword, the eight bytes
// there are folded with |0x20 (which maps A-Z to a-z and the second bytes of
// Ä Ö Ü to those of ä ö ü, and leaves every lower-case form unchanged); a
// hash of the first four is tested against a 256 Kibit bitmap of the
// prefixes of keywords of three to seven bytes (three-byte keywords enter
// with every fourth byte), a hash of all eight against a 64 Kibit bitmap of
// the prefixes of longer keywords, and the first two against a table of
// two-byte keywords. Only on a hit are the candidate keywords looked up by
// their exact folded prefix and compared case-insensitively, with the same
// folding as Text.Lower. The pass is linear, allocation-free once the hit
// slices have grown, and safe for concurrent use on different Texts.
type prefilter struct {
	ids      map[string]int // keyword -> id
	idOf     keyTable       // the same, faster: Text.Hits asks for every keyword of a detector
	kws      []string       // id -> keyword (lower case)
	single   [256]bool      // single-byte keywords
	singles  []byte         // the same as a list
	singleOf []int          // keyword id -> its byte, -1 for longer keywords
	multi    bool           // any keyword of two or more bytes
	punct    []byte         // first bytes of keywords that are not letters, digits or lead bytes
	isPunct  [256]bool      // the same as a set

	// spec is the set of ASCII bytes that are single-byte keywords (but
	// letters and digits) or first bytes of punct: where the vector pass
	// runs, it finds them on the way (scanGroups), so run searches for
	// them only after the last group. specLo and specHi are its nibble
	// tables, each 16 bytes repeated for every 128-bit lane: byte c is in
	// spec exactly when specLo[c&15] & specHi[c>>4] != 0 (a bit per high
	// nibble; ASCII has eight).
	spec           [256]bool
	specLo, specHi [64]byte

	// posOf indexes Text.bytePos by the single-byte keywords that are
	// ASCII punctuation (':' '@' '/' '=' …; -1 for other bytes): where
	// the vector pass runs, it records where they stand on the way.
	posOf [256]int8
	nPos  int

	// occur marks occurBytes: where the vector pass runs, Text.seen tells
	// whether they occur (Text.Has).
	occur [256]bool

	recordKey     []bool // id -> the keyword is a record key (fieldAnchors); set by newEngine
	allRecordKeys bool   // every record key is a keyword

	bm   [1 << bmBits / 64]uint64  // hash of the folded 4-byte window at the start of a keyword of 4 to 7 bytes
	bm8  [1 << bm8Bits / 64]uint64 // hash of the folded 8-byte window at the start of a keyword of 8 bytes or more
	bm23 [1 << 10]uint64           // keywords of two or three bytes: hash of the folded first two bytes (idx23) -> bit (third byte & 63)
	by2  idTable                   // folded 2-byte keyword -> ids
	by3  idTable                   // folded 3-byte prefix -> ids of three-byte keywords
	by4  idTable                   // folded 4-byte prefix -> ids of keywords with 4 to 7 bytes
	by8  idTable                   // folded 8-byte prefix -> ids of keywords with 8 to 15 bytes
	by16 idTable                   // key16 of the folded 16-byte prefix -> ids of keywords with 16 bytes or more
	// kwText holds each keyword's bytes |0x20 (for a quick word-wise
	// reject) followed by its bytes, kwAt where they start: the one or two
	// cache lines equalAt reads per keyword instead of two slice headers in
	// tables of 24 bytes per keyword and two arrays elsewhere.
	kwText []byte
	kwAt   []uint32 // id -> offset in kwText; kwAt[id+1] - kwAt[id] is twice the keyword's length

	lists sync.Map // *string (a fixed list's first element) -> []int32, see listIDs

	// slots holds the ids of the lists of listSlot call sites (idsAt): one
	// load of a table entry instead of a sync.Map lookup by address.
	slots []atomic.Pointer[slotIDs]

	// keyIDs holds the id of each keySlot's keyword (Text.keyHits), -1
	// for one that Hits answers otherwise: the ids of all call sites of a
	// fixed keyword in one or two cache lines, where Hits hashed the
	// keyword and probed idOf (a line of its slots, the keyword's string
	// header and bytes), lines the rest of a request in the proxy evicts.
	keyIDs []int32
}

// keySlot numbers a call site of one fixed keyword (Text.keyHits), as
// listSlot numbers a fixed list's.
type keySlot int32

// keySlotWords holds each keySlot's keyword. Only newKeySlot appends to it,
// in package variable initialisers, before any prefilter is built.
var keySlotWords []string

// newKeySlot returns the slot of keyword kw. Call it only to initialise a
// package variable: a slot made after a prefilter was built falls back to
// Hits.
func newKeySlot(kw string) keySlot {
	keySlotWords = append(keySlotWords, kw)
	return keySlot(len(keySlotWords) - 1)
}

// listSlot numbers a call site of a fixed keyword list (Text.listHitsAt).
// Slots are handed out by newListSlot in package variable initialisers, so
// every prefilter has an entry for each.
type listSlot int32

var nListSlots atomic.Int32

// newListSlot returns the next slot. Call it only to initialise a package
// variable: a slot made after a prefilter was built falls back to listIDs.
func newListSlot() listSlot { return listSlot(nListSlots.Add(1) - 1) }

// slotIDs is a slot's list (by its first element's address) and its ids.
type slotIDs struct {
	key *string
	ids []int32
}

// idsAt is listIDs for the list of a slot: the entry is filled on the
// slot's first use and read with one atomic load after that. A slot used
// with another list (another engine's lexicons) is refilled.
func (p *prefilter) idsAt(slot listSlot, list []string) []int32 {
	if int(slot) >= len(p.slots) || slot < 0 {
		return p.listIDs(list)
	}
	key := unsafe.SliceData(list)
	if e := p.slots[slot].Load(); e != nil && e.key == key && len(e.ids) == len(list) {
		return e.ids
	}
	ids := p.listIDs(list)
	p.slots[slot].Store(&slotIDs{key: key, ids: ids})
	return ids
}

// listIDs maps each keyword of list to its id, -1 for a keyword that Hits
// answers otherwise (single bytes, words that are no keyword). The result
// is computed once per list and kept (Text.listHits); safe for concurrent
// use.
func (p *prefilter) listIDs(list []string) []int32 {
	key := unsafe.SliceData(list)
	if v, ok := p.lists.Load(key); ok {
		if ids := v.([]int32); len(ids) == len(list) {
			return ids
		}
	}
	ids := make([]int32, len(list))
	for i, kw := range list {
		ids[i] = -1
		if id, ok := p.idOf.id(kw); ok && p.singleOf[id] < 0 {
			ids[i] = int32(id)
		}
	}
	p.lists.Store(key, ids)
	return ids
}

const (
	fold8   = 0x2020202020202020
	fold4   = 0x20202020
	bmBits  = 15
	bm8Bits = 17
)

// mulK is the multiplier of the bitmaps' hashes. The low 32 bits of a
// product x*mulK depend only on the low 32 bits of x, and its low 16 bits
// only on those of x: one product of a folded window of eight bytes gives
// the hash of its eight bytes (hash8: the top bits), of its first four
// (hashWin: the top bits of the low 32) and of its first two (idx23: the
// top bits of the low 16), where three products were taken before.
const mulK = 0x9E3779B97F4A7C15

func hash8(x uint64) uint32 { return uint32((x * mulK) >> (64 - bm8Bits)) }

// key16 is the key of by16 for the folded 16 bytes x8, x8b. Two prefixes
// may share a key; equalAt tells their keywords apart.
func key16(x8, x8b uint64) uint64 { return x8 ^ bits.RotateLeft64(x8b, 29) }

func hashWin(x uint32) uint32 { return uint32(uint64(x)*mulK) >> (32 - bmBits) }

func (p *prefilter) set(x uint32) {
	h := hashWin(x)
	p.bm[h>>6] |= 1 << (h & 63)
}

func newPrefilter(kws []string, ids map[string]int) (*prefilter, error) {
	p := &prefilter{ids: ids, kws: kws, singleOf: make([]int, len(kws)),
		kwAt: make([]uint32, len(kws)+1), slots: make([]atomic.Pointer[slotIDs], nListSlots.Load())}
	by2, by3, by4, by8, by16 := map[uint64][]int32{}, map[uint64][]int32{}, map[uint64][]int32{}, map[uint64][]int32{}, map[uint64][]int32{}
	for id, k := range kws {
		if len(k) > 1 && foldedKey(k) != k {
			return nil, fmt.Errorf("detectors: keyword %q is not lower case", k)
		}
		p.kwAt[id] = uint32(len(p.kwText))
		for j := 0; j < len(k); j++ {
			p.kwText = append(p.kwText, k[j]|0x20)
		}
		p.kwText = append(p.kwText, k...)
		p.singleOf[id] = -1
		if len(k) > 1 {
			if !wordByte[k[0]] && k[0] < 0xC0 && !slices.Contains(p.punct, k[0]) {
				p.punct = append(p.punct, k[0])
			}
		}
		switch {
		case len(k) == 1:
			if !p.single[k[0]] {
				p.singles = append(p.singles, k[0])
			}
			p.single[k[0]] = true
			p.singleOf[id] = int(k[0])
		case len(k) == 2:
			p.multi = true
			x2 := uint32(k[0]) | uint32(k[1])<<8 | fold4&0xFFFF
			by2[uint64(x2)] = append(by2[uint64(x2)], int32(id))
			p.bm23[idx23(x2)] = ^uint64(0) // any third byte
		case len(k) == 3:
			p.multi = true
			x3 := uint32(k[0]) | uint32(k[1])<<8 | uint32(k[2])<<16 | fold4&0xFFFFFF
			by3[uint64(x3)] = append(by3[uint64(x3)], int32(id))
			p.bm23[idx23(x3)] |= 1 << (x3 >> 16 & 63)
		default:
			p.multi = true
			x4 := binary.LittleEndian.Uint32([]byte(k[:4])) | fold4
			if len(k) < 8 {
				p.set(x4)
				by4[uint64(x4)] = append(by4[uint64(x4)], int32(id))
			} else {
				// Long keywords are told apart by eight bytes: many share
				// their first four with common words ("die grünen-…",
				// "für die …", "mitglied der …").
				x8 := binary.LittleEndian.Uint64([]byte(k[:8])) | fold8
				h := hash8(x8)
				p.bm8[h>>6] |= 1 << (h & 63)
				if len(k) < 16 {
					by8[x8] = append(by8[x8], int32(id))
				} else {
					// and the longest by sixteen: phrase families share
					// their first eight ("im stadtverband der cdu aktiv",
					// "… der spd aktiv", …), and each would be compared
					// wherever a text says "im Stadtteil".
					k16 := key16(x8, binary.LittleEndian.Uint64([]byte(k[8:16]))|fold8)
					by16[k16] = append(by16[k16], int32(id))
				}
			}
		}
	}
	p.kwAt[len(kws)] = uint32(len(p.kwText))
	p.kwText = append(p.kwText, make([]byte, 8)...) // equalAt reads eight bytes at a keyword of fewer
	p.by2, p.by3, p.by4, p.by8, p.by16 = newIDTable(by2), newIDTable(by3), newIDTable(by4), newIDTable(by8), newIDTable(by16)
	for _, c := range p.punct {
		p.isPunct[c] = true
	}
	for c := range p.posOf {
		p.posOf[c] = -1
		if p.single[c] && !wordByte[c] && c < 0x80 {
			p.posOf[c] = int8(p.nPos)
			p.nPos++
		}
	}
	for c := range 0x80 {
		if p.isPunct[c] || p.single[c] && !wordByte[c] {
			p.spec[c] = true
			for lane := 0; lane < 64; lane += 16 {
				p.specLo[lane+c&15] |= 1 << (c >> 4)
				p.specHi[lane+c>>4] = 1 << (c >> 4)
			}
		}
	}
	// The bytes of occurBytes, for Text.Has, and the second bytes of Ä Ö
	// Ü (C3 84, 96, 9C), for Text.Lower (see scan). The bytes from 0x80 on
	// share bit 0, which no ASCII byte of spec uses (its high nibble 0 has
	// control bytes only): the pass looks at what it finds, 82 86 8C 92 94
	// E4 E6 EC too.
	for _, c := range occurBytes {
		p.occur[c] = true
		if c < 0x80 {
			for lane := 0; lane < 64; lane += 16 {
				p.specLo[lane+int(c&15)] |= 1 << (c >> 4)
				p.specHi[lane+int(c>>4)] = 1 << (c >> 4)
			}
		}
	}
	for _, c := range append(capUmlautTails[:], 0xE2) {
		for lane := 0; lane < 64; lane += 16 {
			p.specLo[lane+int(c&15)] |= 1
			p.specHi[lane+int(c>>4)] |= 1
		}
	}
	if len(kws) >= 1<<16-1 {
		return nil, fmt.Errorf("detectors: %d keywords, at most %d", len(kws), 1<<16-2)
	}
	p.idOf = newKeyTable(kws)
	p.keyIDs = make([]int32, len(keySlotWords))
	for slot, kw := range keySlotWords {
		p.keyIDs[slot] = -1
		if id, ok := p.idOf.id(kw); ok && p.singleOf[id] < 0 {
			p.keyIDs[slot] = int32(id)
		}
	}
	return p, nil
}

// occurBytes are bytes that are no keywords but whose presence detectors
// ask for (Text.Has) before they search the text for them: the quotes
// that PERSON's list entries look for (listCandidates; 0xE2 starts „ and
// “), ']' and '[' (chat logs), '|' (table rows), '^' (HL7 segments) and
// '\n', whose offsets the pass records too (Text.lineBreaks, which the
// detectors of lists, rows and line-end hyphens ask for in every text).
// Each one Has answers from the pass instead of reading the whole text.
// '\n' shares bit 0 of the nibble tables with the bytes from 0x80 on (see
// prefilter): 02 04 06 0C 8A 9A EA are found too and passed over.
var occurBytes = []byte{'"', '\'', ']', 0xE2, '[', '|', '^', '\n'}

// capUmlautTails are the second bytes of Ä Ö Ü, which Text.Lower folds
// after C3.
var capUmlautTails = [...]byte{0x84, 0x96, 0x9C}

// foldedKey lower-cases k the way Text.Lower does.
func foldedKey(k string) string { return string(lowerInto(make([]byte, len(k)), []byte(k))) }

// run fills t.seen and t.hits.
func (p *prefilter) run(t *Text) {
	raw := t.Raw
	if cap(t.hits) < len(p.kws) {
		t.hits = make([][]int, len(p.kws))
	}
	t.hits = t.hits[:len(p.kws)]
	if n := (len(p.kws) + 63) >> 6; len(t.hitSet) < n {
		t.hitSet = make([]uint64, n)
	}
	if len(t.bytePos) < p.nPos {
		t.bytePos = make([][]int, p.nPos)
	}
	t.firstDigit = -1
	covered := 0 // where the vector pass ran, it found the bytes of spec before this offset
	if p.multi && len(raw) >= 2 {
		covered = p.scan(t, raw) // finds the first digit on the way
		for _, b := range p.punct {
			off := 0
			if p.spec[b] {
				off = covered
			}
			for off < len(raw) {
				k := bytes.IndexByte(raw[off:], b)
				if k < 0 {
					break
				}
				p.check(t, raw, off+k)
				off += k + 1
			}
		}
	} else {
		t.firstDigit = indexDigit(raw)
	}
	if t.firstDigit >= 0 {
		for c := '0'; c <= '9'; c++ {
			t.seen[c] = true // any digit means the digit detectors run
		}
	} else {
		t.firstDigit = 0
		t.digitsDone = true // no digit runs; DigitRuns need not look again
	}
	t.posDone = covered > 0
	if t.posDone {
		for _, c := range occurBytes { // after the vector pass, which marked them before
			t.seen[c] = t.seen[c] || bytes.IndexByte(raw[covered:], c) >= 0
		}
		// the line breaks: the pass recorded those before covered
		for off := covered; off < len(raw); {
			k := bytes.IndexByte(raw[off:], '\n')
			if k < 0 {
				break
			}
			t.newlines = append(t.newlines, off+k)
			off += k + 1
		}
		t.newlinesDone = true
	}
	for _, c := range p.singles {
		if isDigit(c) || t.seen[c] && !(t.posDone && p.posOf[c] >= 0) {
			continue
		}
		if p.spec[c] {
			// after the vector pass: the last bytes, where it records
			// the positions of each
			for off := covered; off < len(raw); {
				k := bytes.IndexByte(raw[off:], byte(c))
				if k < 0 {
					break
				}
				t.seen[c] = true
				if !t.posDone || p.posOf[c] < 0 {
					break
				}
				t.bytePos[p.posOf[c]] = append(t.bytePos[p.posOf[c]], off+k)
				off += k + 1
			}
		} else if bytes.IndexByte(raw, byte(c)) >= 0 {
			t.seen[c] = true
		} else if isLowerASCII(byte(c)) && bytes.IndexByte(raw, byte(c)-32) >= 0 {
			t.seen[c] = true
		}
	}
	t.seenDone = true
}

// wordByte marks ASCII letters and digits: a keyword starting with one is
// looked for only where the byte before it is not one.
var wordByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c))
	}
	return t
}()

// capByte marks the bytes a capitalised word can start with: ASCII upper
// case and the lead bytes of multi-byte characters (Ö, Ç, Ş, Ł …).
var capByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isUpper(byte(c)) || c >= 0xC0
	}
	return t
}()

// inRange7 returns bit 7 of every byte of y (bytes below 0x80) in [lo, hi].
func inRange7(y uint64, lo, hi byte) uint64 {
	return (swarLo*(128+uint64(hi)) - y) & (y + swarLo*(128-uint64(lo))) & swarHi
}

// scan is the multi-byte keyword pass (see prefilter), 64 bytes at a time
// with vector compares where the build and CPU have them (scanGroups), else
// eight bytes at a time: it marks the ASCII letters and digits of a word,
// takes the word starts (no ASCII letter or digit before) and the lead bytes
// of multi-byte characters after such a boundary, and looks only at those.
// It returns the length of the prefix the vector compares covered, in which
// they also found the bytes of prefilter.spec. On the way it
// records where capitalised words may start (Text.CapWords) and the digit
// runs (Text.DigitRuns), and from the chunk of the first capitalised word on
// it writes the lower-cased text (Text.Lower): every text with a capitalised
// word needs it (PERSON), and a chunk that was just read is cheap to lower,
// while a text without one (lower-case chat, text without candidates) is
// spared the stores. Keywords that start with punctuation
// ("<<", "-----begin") are found at the bytes of spec, or by run with
// bytes.IndexByte after the covered prefix.
//
// The loops over the blocks make no call: the calls they would need (growing
// CapWords, verifying a bitmap hit, recording a digit run, allocating the
// lower-cased text) made the compiler keep the loop's state on the stack.
// scanBlocks writes the capitals and the bitmap hits of up to scanChunk
// bytes into buffers of fixed size and marks the blocks with digits; scan
// then does the calls for the whole chunk, in text order.
func (p *prefilter) scan(t *Text, raw []byte) (covered int) {
	n := len(raw)
	t.caps = t.caps[:0]
	t.digits = t.digits[:0]
	t.umlauts = t.umlauts[:0]
	if t.scanBuf == nil {
		t.scanBuf = new(scanBuf)
	}
	st := scanState{runFrom: -1, lowFrom: -1, scanBuf: t.scanBuf, pf: p}
	t.words = wordBitsBuf(t.words, n)
	// Blocks before m have eight bytes to read after each of their bytes;
	// the last one or two blocks are read from a copy padded with blanks
	// (never a word start, never part of a keyword).
	m := 0
	if n >= 16 {
		m = (n - 8) &^ 7
	}
	for from := 0; from < m; from += scanChunk {
		p.scanChunk(t, raw, 0, from, min(from+scanChunk, m), &st)
	}
	var pad [24]byte
	copy(pad[:], raw[m:])
	for k := n - m; k < len(pad); k++ {
		pad[k] = ' '
	}
	p.scanChunk(t, pad[:], m, 0, (n-m+7)&^7, &st)
	clear(t.words[(n+7)>>3:]) // the chunks wrote the blocks before
	t.capsDone, t.wordsDone = true, true
	if st.runFrom >= 0 {
		t.digits = append(t.digits, Span{st.runFrom, n})
	}
	t.digitsDone = true
	if st.lowFrom >= 0 {
		low := t.lower[:n]
		lowerASCII(low[:st.lowFrom], raw[:st.lowFrom])
		for _, j := range t.umlauts { // those the vector pass found, before covered
			low[j] = raw[j] + 0x20
		}
		foldUmlautsFrom(low, raw, st.covered)
		t.lower, t.lowerDone = low, true
	}
	return st.covered
}

// scanChunk is the most bytes scanBlocks looks at in one call.
const scanChunk = 2048

// scanState is what scan carries from one chunk to the next.
type scanState struct {
	carry     uint64     // bit 7 of byte 0: the byte before the chunk is a letter or digit
	lastDigit bool       // the byte before the chunk is a digit
	runFrom   int        // start of the digit run open before the chunk, -1 if none
	lowFrom   int        // Lower is written from here on (from the chunk of the first capital), -1: not yet
	covered   int        // the vector pass looked for the bytes of spec before this offset
	pf        *prefilter // for the nibble tables of spec (scanGroups)
	*scanBuf             // what the chunk holds
}

// scanBuf holds what scanBlocks found in one chunk, as offsets from the
// chunk's start. Every byte may start a word ("\xc3\xc3…"), so there is
// room for one entry per byte (per block for digits).
type scanBuf struct {
	starts [scanChunk / 8]byte    // the bytes that start a word, a bit each (bit k of starts[b]: byte 8b+k)
	words  [scanChunk / 8]byte    // the ASCII letters and bytes from 0x80 on, a bit each (Text.wordBits)
	caps   [scanChunk]uint16      // capitals at a word start
	hits   [scanChunk]uint16      // word starts where a bitmap answered
	digits [scanChunk / 8]uint16  // blocks where a digit run starts, goes on or ends
	specAt [scanChunk / 64]uint16 // groups with bytes of spec (scanGroups)
	specM  [scanChunk / 64]uint64 // and which, a bit per byte
}

// scanChunk runs the pass over the blocks [from, to) of src, to-from at
// most scanChunk, and records what they hold in t. src holds the text from
// offset base on, with eight bytes to read after every byte before to.
// From the chunk of the first capital on it lowers the chunk into Lower;
// it does so after scanBlocks, whose loop would otherwise need more
// registers than there are.
func (p *prefilter) scanChunk(t *Text, src []byte, base, from, to int, st *scanState) {
	nc, nh, nd, ns := p.scanBlocks(src[from:to+8], st)
	at := base + from
	copy(t.words[at>>3:], st.words[:(to-from)>>3])
	for k, g := range st.specAt[:ns] {
		for m := st.specM[k]; m != 0; m &= m - 1 {
			j := at + int(g) + bits.TrailingZeros64(m)
			c := t.Raw[j]
			if c >= 0x80 { // E2, or 84 96 9C: a capital umlaut after C3 (and what shares their bits)
				if c == 0xE2 {
					t.seen[c] = true
				} else if j > 0 && t.Raw[j-1] == 0xC3 && (c == 0x84 || c == 0x96 || c == 0x9C) {
					t.umlauts = append(t.umlauts, int32(j))
				}
				continue
			}
			if p.isPunct[c] {
				p.check(t, t.Raw, j)
			}
			if c == '\n' {
				t.newlines = append(t.newlines, j)
			}
			t.seen[c] = t.seen[c] || p.single[c] || p.occur[c]
			if x := p.posOf[c]; x >= 0 {
				t.bytePos[x] = append(t.bytePos[x], j)
			}
		}
	}
	for _, c := range st.caps[:nc] {
		t.caps = append(t.caps, int32(at+int(c)))
	}
	if st.lowFrom >= 0 || nc > 0 { // from the chunk of the first capital on
		if st.lowFrom < 0 {
			if cap(t.lower) < len(t.Raw) {
				t.lower = make([]byte, len(t.Raw))
			}
			t.lower = t.lower[:len(t.Raw)]
			st.lowFrom = at // scan lowers what comes before
		}
		e := min(base+to, len(t.Raw))
		lowerASCII(t.lower[at:e], t.Raw[at:e])
	}
	for _, i := range st.digits[:nd] {
		k := from + int(i)
		x := binary.LittleEndian.Uint64(src[k : k+8 : k+8])
		digit := inRange7(x&^swarHi, '0', '9') &^ x
		st.runFrom = t.digitBlock(at+int(i), digit, st.runFrom)
	}
	for _, h := range st.hits[:nh] {
		j := from + int(h)
		p.verify(t, base+j, binary.LittleEndian.Uint64(src[j:j+8:j+8])|fold8)
	}
}

// scanBlocks is the loop of scan over the blocks of src but its last eight
// bytes (see scanChunk). It puts the capitals, bitmap hits, digit blocks and
// groups with bytes of spec into st and returns how many of each. It takes
// the word starts of all blocks first, then looks at them: one loop that
// does both keeps more values than there are registers. Neither loop makes
// a call.
//
// The word starts of whole 64-byte groups come from vector compares where
// the build and CPU have them (scanGroups: AVX-512 or AVX2); the rest, and
// every block without them, from the same test on eight bytes at a time in
// a general register: an ASCII letter or digit, or the lead byte of a
// multi-byte character (0xC0 and up), after a byte that is no ASCII letter
// or digit.
func (p *prefilter) scanBlocks(src []byte, st *scanState) (nc, nh, nd, ns int) {
	nb := (len(src) - 8) >> 3
	b0 := 0
	if useSIMD {
		b0, nd, ns = scanGroups(src[:nb<<3&^63], st)
		st.covered += b0 << 3 // every chunk but the last two is whole groups: covered is a prefix
	}
	carry, lastDigit := st.carry, st.lastDigit
	starts, words, digits := &st.starts, &st.words, &st.digits
	for b := b0; b < nb; b++ {
		i := b << 3
		x := binary.LittleEndian.Uint64(src[i : i+8 : i+8])
		y := x &^ swarHi
		digit := inRange7(y, '0', '9') &^ x
		if digit != 0 || lastDigit {
			digits[nd&(len(digits)-1)] = uint16(i)
			nd++
		}
		lastDigit = digit>>63 != 0
		alpha := inRange7(y|fold8, 'a', 'z') &^ x
		alnum := alpha | digit
		s := (alnum | x&(x<<1)) &^ (alnum<<8 | carry) & swarHi // word starts, ASCII or multi-byte
		starts[b&(len(starts)-1)] = byte(s * pack8 >> 56)
		words[b&(len(words)-1)] = byte((alpha | x&swarHi) * pack8 >> 56)
		carry = alnum >> 56
	}
	st.carry, st.lastDigit = carry, lastDigit
	for b := nb; b&7 != 0; b++ {
		starts[b&(len(starts)-1)] = 0 // the visit reads whole groups
	}
	nc, nh = p.visitStarts(src, nb, st)
	return nc, nh, nd, ns
}

// visitStarts records, for the word starts of the nb blocks of src that
// scanBlocks marked in st.starts, the capitals (st.caps) and the starts the
// keyword bitmaps answer (st.hits). It is a function of its own so that
// scanBlocks's counts are not held in registers across its loop.
//
// It reads the bytes of each group of 64 through an array of 72 (the group
// and the eight bytes after it; the last group of a chunk that is not
// whole from a copy): the loop over a group's starts then needs no bounds
// check, nor src's length, and keeps its values in registers.
func (p *prefilter) visitStarts(src []byte, nb int, st *scanState) (nc, nh int) {
	buf := st.scanBuf
	var pad [72]byte
	for g := 0; g<<3 < nb; g++ {
		k := g << 3 & (len(buf.starts) - 8)
		m := binary.LittleEndian.Uint64(buf.starts[k : k+8 : k+8])
		if m == 0 {
			continue
		}
		o := g << 6
		var w *[72]byte
		if o+72 <= len(src) {
			w = (*[72]byte)(src[o : o+72])
		} else { // the group is not whole: its starts are before nb, eight bytes before len(src)
			copy(pad[:], src[o:])
			w = &pad
		}
		nc, nh = p.visitGroup(w, o, m, buf, nc, nh)
	}
	return nc, nh
}

// visitGroup is visitStarts's loop over the starts m of the group at o,
// whose bytes w holds. It is not inlined: inside visitStarts's loop over
// the groups, the compiler kept that loop's values in the registers this
// one needs, and reloaded them at every start.
//
//go:noinline
func (p *prefilter) visitGroup(w *[72]byte, o int, m uint64, buf *scanBuf, nc, nh int) (int, int) {
	if p == nil || w == nil || buf == nil { // never: the loop then checks none of them
		return nc, nh
	}
	for ; m != 0; m &= m - 1 {
		b := bits.TrailingZeros64(m)
		x8 := binary.LittleEndian.Uint64(w[b : b+8])
		j := uint16(o + b)
		if c := byte(x8); c-'A' < 26 || c >= 0xC0 { // capByte
			buf.caps[nc&(len(buf.caps)-1)] = j
			nc++
		}
		// bitmapHit(x8|fold8), written out: it is too large to be inlined
		f := x8 | fold8
		h, h8, i23 := winHashes(f)
		if p.bm[h>>6]&(1<<(h&63)) != 0 || p.bm8[h8>>6]&(1<<(h8&63)) != 0 || p.bm23[i23]&(1<<(f>>16&63)) != 0 {
			buf.hits[nh&(len(buf.hits)-1)] = j
			nh++
		}
	}
	return nc, nh
}

// pack8 gathers bit 7 of each byte of a word into the top byte:
// (x & swarHi) * pack8 >> 56 has bit k set where byte k had bit 7. Each
// byte's bit lands on its own position, so no sum carries.
const pack8 = 0x0002040810204081

// digitBlock records the digit runs that start or end in the eight bytes at
// i (digit: bit 7 of each digit byte; runFrom: the start of the run open
// before them, -1 if none) and returns the run still open after them. It is
// kept out of scan, whose loop runs for every block, digits or not.
func (t *Text) digitBlock(i int, digit uint64, runFrom int) int {
	if t.firstDigit < 0 && digit != 0 {
		t.firstDigit = i + bits.TrailingZeros64(digit)>>3
	}
	before := digit << 8 // bit 7: the byte before is a digit
	if runFrom >= 0 {
		before |= 0x80
	}
	// starts and ends alternate
	for m := digit&^before | before&^digit&swarHi; m != 0; m &= m - 1 {
		k := i + bits.TrailingZeros64(m)>>3
		if runFrom < 0 {
			runFrom = k
		} else {
			t.digits = append(t.digits, Span{runFrom, k})
			runFrom = -1
		}
	}
	return runFrom
}

// check looks for keywords at j: the folded windows of four and eight bytes
// there against the bitmaps, and on a hit the exact comparison.
func (p *prefilter) check(t *Text, raw []byte, j int) {
	var x8 uint64
	if j+8 <= len(raw) {
		x8 = binary.LittleEndian.Uint64(raw[j:j+8:j+8]) | fold8
	} else {
		b := [8]byte{' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '} // 0x20 folds to itself
		copy(b[:], raw[j:])
		x8 = binary.LittleEndian.Uint64(b[:]) | fold8
	}
	if p.bitmapHit(x8) {
		p.verify(t, j, x8)
	}
}

// bitmapHit tests the folded eight bytes x8 at a word start against the
// bitmaps; verify asks them one by one. Each test is a bit test (BT) of its
// own: ORing the words shifted by the bit numbers needs each count in CX in
// turn, and scanBlocks's loop, which has this test written out, then kept
// values on the stack (3 % more instructions per text).
func (p *prefilter) bitmapHit(x8 uint64) bool {
	h, h8, i23 := winHashes(x8)
	return p.bm[h>>6]&(1<<(h&63)) != 0 || p.bm8[h8>>6]&(1<<(h8&63)) != 0 || p.bm23[i23]&(1<<(x8>>16&63)) != 0
}

// idx23 is the index into bm23 of the folded window w: a hash of its
// first two bytes.
func idx23(w uint32) uint32 { return uint32(uint16(uint64(w)*mulK)) >> 6 }

// winHashes returns hashWin, hash8 and idx23 of the folded window x8 from
// one product (see mulK).
func winHashes(x8 uint64) (h, h8, i23 uint32) {
	m := x8 * mulK
	return uint32(m) >> (32 - bmBits), uint32(m >> (64 - bm8Bits)), uint32(uint16(m)) >> 6
}

// verify records the keywords that start at i, where bitmapHit answered
// for the folded window x8: it looks up the tables of the bitmaps that
// answer.
func (p *prefilter) verify(t *Text, i int, x8 uint64) {
	x := uint32(x8)
	h, h8, i23 := winHashes(x8)
	hits := p.bm[h>>6]>>(h&63)&1 | p.bm8[h8>>6]>>(h8&63)&1<<1 | p.bm23[i23]>>(x>>16&63)&1<<2
	if hits&1 != 0 {
		for _, id := range p.by4.get(uint64(x)) {
			if p.equalAt(t.Raw, i, id) {
				t.addHit(id, i)
			}
		}
	}
	if hits&2 != 0 && len(t.Raw)-i >= 8 {
		for _, id := range p.by8.get(x8) {
			if p.equalAt(t.Raw, i, id) {
				t.addHit(id, i)
			}
		}
		if len(t.Raw)-i >= 16 {
			x8b := binary.LittleEndian.Uint64(t.Raw[i+8:i+16:i+16]) | fold8
			for _, id := range p.by16.get(key16(x8, x8b)) {
				if p.equalAt(t.Raw, i, id) {
					t.addHit(id, i)
				}
			}
		}
	}
	if hits&4 != 0 {
		for _, id := range p.by3.get(uint64(x & 0xFFFFFF)) {
			if p.equalAt(t.Raw, i, id) {
				t.addHit(id, i)
			}
		}
		for _, id := range p.by2.get(uint64(x & 0xFFFF)) {
			if p.equalAt(t.Raw, i, id) {
				t.addHit(id, i)
			}
		}
	}
}

// addHit records that keyword id starts at i.
func (t *Text) addHit(id int32, i int) {
	if w, bit := &t.hitSet[id>>6], uint64(1)<<(id&63); *w&bit == 0 {
		*w |= bit
		t.hitIDs = append(t.hitIDs, id)
		t.hits[id] = t.hits[id][:0]
	}
	t.hits[id] = append(t.hits[id], i)
}

// equalAt is foldEqualAt for keyword id with a quick reject eight bytes at a
// time under the coarser |0x20 folding.
func (p *prefilter) equalAt(raw []byte, i int, id int32) bool {
	at, n := p.kwAt[id], (p.kwAt[id+1]-p.kwAt[id])/2
	kf := p.kwText[at : at+n]
	if len(raw)-i < len(kf) {
		return false
	}
	if len(raw)-i >= 8 {
		// eight bytes at a time; a keyword of fewer is compared under a
		// mask (kwText has eight bytes after its last keyword), a longer
		// one's tail as its last eight bytes
		s := raw[i : i+8 : i+8]
		if len(kf) < 8 {
			kw := p.kwText[at : at+8 : at+8]
			if (binary.LittleEndian.Uint64(s)|fold8^binary.LittleEndian.Uint64(kw))&(1<<(len(kf)<<3)-1) != 0 {
				return false
			}
			return foldEqualAt(raw, i, p.kwText[at+n:at+2*n])
		}
		s = raw[i : i+len(kf)]
		j := 0
		for ; j+8 <= len(kf); j += 8 {
			if binary.LittleEndian.Uint64(s[j:j+8:j+8])|fold8 != binary.LittleEndian.Uint64(kf[j:j+8:j+8]) {
				return false
			}
		}
		if j < len(kf) {
			j = len(kf) - 8
			if binary.LittleEndian.Uint64(s[j:j+8:j+8])|fold8 != binary.LittleEndian.Uint64(kf[j:j+8:j+8]) {
				return false
			}
		}
		return foldEqualAt(raw, i, p.kwText[at+n:at+2*n])
	}
	s := raw[i : i+len(kf)]
	for j := range kf {
		if s[j]|0x20 != kf[j] {
			return false
		}
	}
	return foldEqualAt(raw, i, p.kwText[at+n:at+2*n])
}

// foldEqualAt reports whether the lower-cased form of raw (as Text.Lower
// computes it) has kw at offset i.
func foldEqualAt(raw []byte, i int, kw []byte) bool {
	if len(raw)-i < len(kw) {
		return false
	}
	s := raw[i : i+len(kw)]
	for j, k := range kw {
		c := s[j]
		if c == k {
			continue
		}
		l := lowerTab[c]
		if l != c {
			if l != k {
				return false
			}
			continue
		}
		// Ä Ö Ü: second byte 0x84 0x96 0x9C after 0xC3 folds to +0x20.
		if (c == 0x84 || c == 0x96 || c == 0x9C) && c+0x20 == k && i+j > 0 && raw[i+j-1] == 0xC3 {
			continue
		}
		return false
	}
	return true
}

// hit reports whether keyword id occurs in t.
func (p *prefilter) hit(t *Text, id int) bool {
	if c := p.singleOf[id]; c >= 0 {
		return t.seen[c]
	}
	return len(t.hitsOf(int32(id))) > 0
}

// idTable maps a folded prefix to keyword ids: open addressing with linear
// probing over a power-of-two table, no allocation on lookup. A slot holds
// its key and its range of ids together, so that a probe reads one cache
// line.
type idTable struct {
	slots []idSlot
	ids   []int32
	shift uint32
}

type idSlot struct {
	key        uint64
	start, end uint32 // into ids; start 0 marks an empty slot
}

func newIDTable(m map[uint64][]int32) idTable {
	bits := uint32(4)
	for 1<<bits < 2*len(m) {
		bits++
	}
	t := idTable{slots: make([]idSlot, 1<<bits), shift: 32 - bits, ids: []int32{-1}}
	for k, ids := range m {
		slot := uint32((k * 0x9E3779B97F4A7C15) >> (32 + t.shift))
		for t.slots[slot].start != 0 {
			slot = (slot + 1) & (1<<bits - 1)
		}
		start := uint32(len(t.ids))
		t.ids = append(t.ids, ids...)
		t.slots[slot] = idSlot{key: k, start: start, end: uint32(len(t.ids))}
	}
	return t
}

func (t *idTable) get(k uint64) []int32 {
	if len(t.slots) == 0 {
		return nil
	}
	mask := uint32(len(t.slots) - 1)
	for slot := uint32((k * 0x9E3779B97F4A7C15) >> (32 + t.shift)); ; slot = (slot + 1) & mask {
		s := &t.slots[slot]
		if s.start == 0 {
			return nil
		}
		if s.key == k {
			return t.ids[s.start:s.end]
		}
	}
}
