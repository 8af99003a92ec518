//go:build goexperiment.simd && amd64

package providers

import (
	"math/bits"
	"simd/archsimd"
)

// useVec says whether plainEndValid takes 32 bytes per step with AVX2 (set
// from the CPU's features; tests switch it off to compare both ways).
var useVec = archsimd.X86.AVX2()

// plainEndValid256 is plainEndValid's pass over the 32-byte blocks of
// b[i:]. In a block it finds the specials (quote, backslash, control
// character) and the bytes of 0x80 and above. A block of ASCII, or whose
// other bytes are all two-byte sequences (lead 0xC2–0xDF, then one
// continuation byte, both in the block: German and most Latin letters),
// is answered at once: its first special ends the run, else the pass goes
// on after it. In any other block the sequence at the first byte of 0x80 or
// above is checked as plainEndValidWords does (a special before it ends the
// run) and the pass goes on after it. done is false when fewer than 32
// bytes are left: plainEndValidWords goes on from the returned index.
// AVX2 has no unsigned byte compare: x ≤ c is min(x, c) == x.
//
// The upper halves of the vector registers are cleared on return
// (VZEROUPPER): left set, the SSE code after it paid a false dependency on
// each instruction (internal/byteset, "The vector passes clear").
func plainEndValid256(b []byte, i int) (j int, ok, done bool) {
	j, ok, done = plainEndValid256Vec(b, i)
	archsimd.ClearAVXUpperBits()
	return j, ok, done
}

func plainEndValid256Vec(b []byte, i int) (j int, ok, done bool) {
	quote, bslash, ctrl := archsimd.BroadcastUint8x32('"'), archsimd.BroadcastUint8x32('\\'), archsimd.BroadcastUint8x32(0x1F)
	high, lead, leadN := archsimd.BroadcastUint8x32(0x80), archsimd.BroadcastUint8x32(0xC2), archsimd.BroadcastUint8x32(0xDF-0xC2)
	contN := archsimd.BroadcastUint8x32(0xBF - 0x80)
	for i+32 <= len(b) {
		v := archsimd.LoadUint8x32Slice(b[i : i+32 : i+32])
		sp := v.Equal(quote).Or(v.Equal(bslash)).Or(v.Min(ctrl).Equal(v)).ToBits()
		hi := v.Max(high).Equal(v).ToBits()
		if hi == 0 {
			if sp != 0 {
				return i + bits.TrailingZeros32(sp), true, true
			}
			i += 32
			continue
		}
		l, c := v.Sub(lead), v.Sub(high)
		l2 := l.Min(leadN).Equal(l).ToBits()
		c2 := c.Min(contN).Equal(c).ToBits()
		if l2&(1<<31) == 0 && c2 == l2<<1 && hi == l2|c2 {
			// Only whole two-byte sequences besides ASCII: the specials
			// (ASCII) cannot fall inside one.
			if sp != 0 {
				return i + bits.TrailingZeros32(sp), true, true
			}
			i += 32
			continue
		}
		k := bits.TrailingZeros32(hi)
		if sp != 0 {
			if s := bits.TrailingZeros32(sp); s < k {
				return i + s, true, true
			}
		}
		i += k
		n := utf8Len(b[i:])
		if n == 0 {
			return i, false, true
		}
		i += n
	}
	return i, false, false
}
