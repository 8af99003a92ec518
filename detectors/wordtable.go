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
type wordTable struct {
	slots []uint64 // fingerprint<<16 | flags; 0 is empty
	shift uint
}

func newWordTable(words map[string]uint16) wordTable {
	logn := uint(bits.Len(uint(max(len(words), 8)*2 - 1))) // load factor ≤ 0.5
	t := wordTable{slots: make([]uint64, 1<<logn), shift: 64 - logn}
	mask := uint64(len(t.slots) - 1)
	for w, f := range words {
		h := wordHash([]byte(w))
		fp := fingerprint(h)
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
	h := wordHash(w)
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

// wordHash mixes w eight bytes at a time (a seeded multiply-xorshift in the
// style of wyhash).
func wordHash(w []byte) uint64 {
	const m1, m2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9
	h := (wordSeed ^ uint64(len(w))) * m1
	for len(w) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(w)) * m2
		h ^= h >> 29
		w = w[8:]
	}
	if len(w) > 0 {
		var tail uint64
		for i, c := range w {
			tail |= uint64(c) << (8 * i)
		}
		h = (h ^ tail) * m1
		h ^= h >> 32
	}
	h *= m2
	return h ^ h>>31
}
