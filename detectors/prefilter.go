package detectors

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// prefilter finds every detector keyword in one pass over Raw, without
// copying or lower-casing the text.
//
// Single-byte keywords and digits are answered with bytes.IndexByte and a
// SWAR digit scan. Longer keywords go through a two-stage filter: every
// position loads four bytes, folds them with |0x20 (which maps A-Z to a-z and
// the second bytes of Ä Ö Ü to those of ä ö ü, and leaves every lower-case
// form unchanged), and tests a hash of the first three folded bytes against a
// 64 Kibit bitmap of keyword prefixes. Only on a bitmap hit (a few per cent
// of positions in German prose) are the candidate keywords looked up by
// their exact folded prefix and compared case-insensitively, with the same
// folding as Text.Lower. The pass is linear, allocation-free once the hit
// slices have grown, and safe for concurrent use on different Texts.
type prefilter struct {
	ids      map[string]int // keyword -> id
	kws      []string       // id -> keyword (lower case)
	single   [256]bool      // single-byte keywords
	singleOf []int          // keyword id -> its byte, -1 for longer keywords
	multi    bool           // any keyword of two or more bytes

	bm3  [1 << 16 / 64]uint64 // hash of the folded 3-byte prefix of every keyword (2-byte keywords: any third byte)
	bm3s [1 << 16 / 64]uint64 // the same for keywords of 2 or 3 bytes only
	bm4  [1 << 16 / 64]uint64 // hash of the folded 4-byte prefix of keywords with 4+ bytes
	by3  idTable              // folded 3-byte prefix -> ids of keywords with 2 or 3 bytes
	by4  idTable              // folded 4-byte prefix -> ids of keywords with 4+ bytes
	kwsB [][]byte             // id -> keyword bytes
}

const fold4 = 0x20202020

func hash16(x uint32) uint32 { return (x * 0x9E3779B1) >> 16 }

func setBit(bm *[1 << 16 / 64]uint64, h uint32) { bm[h>>6] |= 1 << (h & 63) }

func newPrefilter(kws []string, ids map[string]int) (*prefilter, error) {
	p := &prefilter{ids: ids, kws: kws, singleOf: make([]int, len(kws)), kwsB: make([][]byte, len(kws))}
	by3, by4 := map[uint32][]int32{}, map[uint32][]int32{}
	for id, k := range kws {
		p.kwsB[id] = []byte(k)
		p.singleOf[id] = -1
		switch {
		case len(k) == 1:
			p.single[k[0]] = true
			p.singleOf[id] = int(k[0])
		case len(k) == 2:
			p.multi = true
			for c := 0; c < 256; c++ {
				x := (uint32(k[0]) | uint32(k[1])<<8 | uint32(c)<<16) | fold4&0xFFFFFF
				if !containsID(by3[x], id) {
					by3[x] = append(by3[x], int32(id))
				}
				setBit(&p.bm3, hash16(x))
				setBit(&p.bm3s, hash16(x))
			}
		default:
			p.multi = true
			x3 := (uint32(k[0]) | uint32(k[1])<<8 | uint32(k[2])<<16) | fold4&0xFFFFFF
			setBit(&p.bm3, hash16(x3))
			if len(k) == 3 {
				by3[x3] = append(by3[x3], int32(id))
				setBit(&p.bm3s, hash16(x3))
				continue
			}
			x4 := binary.LittleEndian.Uint32([]byte(k[:4])) | fold4
			setBit(&p.bm4, hash16(x4))
			by4[x4] = append(by4[x4], int32(id))
		}
	}
	p.by3, p.by4 = newIDTable(by3), newIDTable(by4)
	for id, k := range kws {
		if len(k) > 1 && foldedKey(k) != k {
			return nil, fmt.Errorf("detectors: keyword %q (id %d) is not lower case", k, id)
		}
	}
	return p, nil
}

func containsID(ids []int32, id int) bool {
	for _, x := range ids {
		if int(x) == id {
			return true
		}
	}
	return false
}

// foldedKey lower-cases k the way Text.Lower does.
func foldedKey(k string) string { return string(lowerInto(make([]byte, len(k)), []byte(k))) }

// run fills t.seen and t.hits.
func (p *prefilter) run(t *Text) {
	raw := t.Raw
	if indexDigit(raw) >= 0 {
		for c := '0'; c <= '9'; c++ {
			t.seen[c] = true // any digit means the digit detectors run
		}
	}
	for c := range p.single {
		if !p.single[c] || isDigit(byte(c)) {
			continue
		}
		if bytes.IndexByte(raw, byte(c)) >= 0 {
			t.seen[c] = true
		} else if isLowerASCII(byte(c)) && bytes.IndexByte(raw, byte(c)-32) >= 0 {
			t.seen[c] = true
		}
	}
	t.seenDone = true
	if cap(t.hits) < len(p.kws) {
		t.hits = make([][]int, len(p.kws))
	}
	t.hits = t.hits[:len(p.kws)]
	if !p.multi || len(raw) < 2 {
		return
	}
	n := len(raw)
	i := 0
	for ; i+4 <= n; i++ {
		x := binary.LittleEndian.Uint32(raw[i:i+4:i+4]) | fold4
		h := hash16(x & 0xFFFFFF)
		if p.bm3[h>>6]&(1<<(h&63)) == 0 {
			continue
		}
		p.verify(t, i, x)
	}
	// The last three positions: pad with spaces (0x20 folds to itself).
	for ; i < n; i++ {
		var b [4]byte
		copy(b[:], raw[i:])
		x := binary.LittleEndian.Uint32(b[:]) | fold4
		h := hash16(x & 0xFFFFFF)
		if p.bm3[h>>6]&(1<<(h&63)) == 0 {
			continue
		}
		p.verify(t, i, x)
	}
}

// verify records the keywords that start at i; x is the folded four-byte
// window at i.
func (p *prefilter) verify(t *Text, i int, x uint32) {
	if h := hash16(x); p.bm4[h>>6]&(1<<(h&63)) != 0 {
		for _, id := range p.by4.get(x) {
			if foldEqualAt(t.Raw, i, p.kwsB[id]) {
				t.hits[id] = append(t.hits[id], i)
			}
		}
	}
	x3 := x & 0xFFFFFF
	if h := hash16(x3); p.bm3s[h>>6]&(1<<(h&63)) != 0 {
		for _, id := range p.by3.get(x3) {
			if foldEqualAt(t.Raw, i, p.kwsB[id]) {
				t.hits[id] = append(t.hits[id], i)
			}
		}
	}
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
	return len(t.hits[id]) > 0
}

// idTable maps a folded prefix to keyword ids: open addressing with linear
// probing over a power-of-two table, no allocation on lookup.
type idTable struct {
	keys  []uint32
	start []uint32 // into ids; 0 marks an empty slot
	end   []uint32
	ids   []int32
	shift uint32
}

func newIDTable(m map[uint32][]int32) idTable {
	bits := uint32(4)
	for 1<<bits < 2*len(m) {
		bits++
	}
	t := idTable{keys: make([]uint32, 1<<bits), start: make([]uint32, 1<<bits), end: make([]uint32, 1<<bits),
		shift: 32 - bits, ids: []int32{-1}}
	for k, ids := range m {
		slot := (k * 0x9E3779B1) >> t.shift
		for t.start[slot] != 0 {
			slot = (slot + 1) & (1<<bits - 1)
		}
		t.keys[slot] = k
		t.start[slot] = uint32(len(t.ids))
		t.ids = append(t.ids, ids...)
		t.end[slot] = uint32(len(t.ids))
	}
	return t
}

func (t *idTable) get(k uint32) []int32 {
	if len(t.keys) == 0 {
		return nil
	}
	mask := uint32(len(t.keys) - 1)
	for slot := (k * 0x9E3779B1) >> t.shift; ; slot = (slot + 1) & mask {
		s := t.start[slot]
		if s == 0 {
			return nil
		}
		if t.keys[slot] == k {
			return t.ids[s:t.end[slot]]
		}
	}
}
