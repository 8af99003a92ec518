package detectors

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
)

// wordTable maps lexicon words to their flags with one memory access per
// lookup: an open-addressing table of 64-bit slots, each holding a 48-bit
// fingerprint of the word's hash and its 16 flag bits. A lookup hashes the
// word (eight bytes at a time) and compares fingerprints, never the bytes;
// two different words share a fingerprint and a probe sequence with
// probability about 2^-48 per lookup, which for a detector's word lists is
// the same as never. Read-only after build, safe for concurrent use.
//
// The slots of the name lexicons take a megabyte, so a lookup is a cache
// miss; most capitalised words in German text are nouns in no list. A
// 64 KiB bit filter (one bit per word, other bits of the same hash) answers
// most of those misses from the cache first.
type wordTable struct {
	slots  []uint64 // fingerprint<<16 | flags; 0 is empty
	shift  uint
	filter []uint64 // bit (h>>filterShift)&filterMask is set for every word
}

const (
	filterBits  = 19 // 2^19 bits = 64 KiB
	filterShift = 24 // bits 24 to 42: apart from the slot index (the top bits)
	filterMask  = 1<<filterBits - 1
	filterWords = (filterMask + 1) / 64
)

func (t *wordTable) filterBit(h uint64) (uint64, uint64) {
	b := h >> filterShift & filterMask
	return b >> 6, 1 << (b & 63)
}

func newWordTable(words map[string]uint16) wordTable {
	logn := uint(bits.Len(uint(max(len(words), 8)*2 - 1))) // load factor ≤ 0.5
	t := wordTable{slots: make([]uint64, 1<<logn), shift: 64 - logn}
	if len(t.slots) > 1<<14 { // a smaller table stays in the cache by itself
		t.filter = make([]uint64, filterWords)
	}
	mask := uint64(len(t.slots) - 1)
	for w, f := range words {
		h := wordHash([]byte(w))
		fp := fingerprint(h)
		if t.filter != nil {
			i, bit := t.filterBit(h)
			t.filter[i] |= bit
		}
		for i := h >> t.shift; ; i = (i + 1) & mask {
			if t.slots[i] == 0 {
				t.slots[i] = fp<<16 | uint64(f)
				break
			}
			if t.slots[i]>>16 == fp { // the same word added twice: merge
				t.slots[i] |= uint64(f)
				break
			}
		}
	}
	return t
}

// fingerprint is a nonzero 48-bit tag of h.
func fingerprint(h uint64) uint64 { return (h & (1<<48 - 1)) | 1 }

func (t *wordTable) get(w []byte) uint16 {
	// wordHash(w), written out (it is too large to be inlined): the call
	// was a fifth of the instructions of a lookup that the filter answers.
	// TestWordTableMatchesMap finds every word built with wordHash.
	const m1, m2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9
	n := len(w)
	h := wordSeed * m1
	for x := w; ; x = x[8:] {
		if len(x) < 8 {
			if len(x) > 0 {
				var tail uint64
				if cap(x) >= 8 {
					tail = binary.LittleEndian.Uint64(x[:8:8]) & (1<<(8*len(x)) - 1)
				} else {
					for i := 0; i < len(x); i++ {
						tail |= uint64(x[i]) << (8 * i)
					}
				}
				h = (h ^ tail) * m1
				h ^= h >> 32
			}
			break
		}
		h = (h ^ binary.LittleEndian.Uint64(x)) * m2
		h ^= h >> 29
	}
	h = (h ^ uint64(n)) * m2
	h ^= h >> 31
	if t.filter != nil {
		if i, bit := t.filterBit(h); t.filter[i]&bit == 0 {
			return 0
		}
	}
	return t.lookup(h)
}

// lookup returns the flags of the word with hash h (wordHash), past the
// filter. It is not inlined: skipPlainCaps's loop keeps its values in
// registers when the rare look-up past the filter is a call.
//
//go:noinline
func (t *wordTable) lookup(h uint64) uint16 {
	fp := fingerprint(h)
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0
		}
		if s>>16 == fp {
			return uint16(s)
		}
	}
}

// wordSeed makes the fingerprints differ from process to process, so that
// no text can be prepared offline to collide with a lexicon word.
var wordSeed = rand.Uint64()

// wordSeedM1 is wordHash's start, the seed times its first multiplier.
var wordSeedM1 = wordSeed * 0x9E3779B97F4A7C15

// wordHash mixes w eight bytes at a time (a seeded multiply-xorshift in the
// style of wyhash), and its length last: a loop that finds a word's end
// can hash its bytes on the way (skipPlainCaps).
func wordHash(w []byte) uint64 {
	const m1, m2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9
	n := len(w)
	h := wordSeed * m1
	for len(w) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(w)) * m2
		h ^= h >> 29
		w = w[8:]
	}
	if len(w) > 0 {
		var tail uint64
		if cap(w) >= 8 {
			// the word lies inside a longer text: load eight bytes at
			// once and keep those of the word
			tail = binary.LittleEndian.Uint64(w[:8:8]) & (1<<(8*len(w)) - 1)
		} else {
			for i := 0; i < len(w); i++ {
				tail |= uint64(w[i]) << (8 * i)
			}
		}
		h = (h ^ tail) * m1
		h ^= h >> 32
	}
	h = (h ^ uint64(n)) * m2
	return h ^ h>>31
}

// keyHash hashes a keyword from its length and its first and last eight
// bytes: cheaper than wordHash for long phrases, and exact enough because a
// fingerprint match is confirmed by comparing the keyword.
func keyHash(k string) uint64 {
	const m1, m2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9
	var a, b uint64
	if len(k) >= 8 {
		a, b = load8(k), load8(k[len(k)-8:])
	} else {
		for i := 0; i < len(k); i++ {
			a |= uint64(k[i]) << (8 * i)
		}
	}
	h := (a ^ wordSeed ^ uint64(len(k))*m2) * m1
	h = (h ^ h>>29 ^ b) * m2
	return h ^ h>>32
}

func load8(s string) uint64 {
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// keyTable maps the prefilter's keywords to their ids: the word table's
// layout, but a fingerprint match is confirmed by comparing the keyword, so
// the answer is exact. Read-only after build, safe for concurrent use.
type keyTable struct {
	slots []uint64 // fingerprint<<16 | id+1; 0 is empty
	kws   []string
	shift uint
}

func newKeyTable(kws []string) keyTable {
	logn := uint(bits.Len(uint(max(len(kws), 8)*2 - 1)))
	t := keyTable{slots: make([]uint64, 1<<logn), kws: kws, shift: 64 - logn}
	mask := uint64(len(t.slots) - 1)
	for id, k := range kws {
		h := keyHash(k)
		i := h >> t.shift
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = fingerprint(h)<<16 | uint64(id+1)
	}
	return t
}

// id returns the id of keyword k.
func (t *keyTable) id(k string) (int, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	h := keyHash(k)
	fp := fingerprint(h)
	mask := uint64(len(t.slots) - 1)
	for i := h >> t.shift; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if s>>16 == fp {
			if id := int(s&0xFFFF) - 1; t.kws[id] == k {
				return id, true
			}
		}
	}
}
