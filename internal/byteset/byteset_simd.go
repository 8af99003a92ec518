//go:build goexperiment.simd && amd64

package byteset

import (
	"math/bits"
	"simd/archsimd"
	"unsafe"
)

var useAVX2 = archsimd.X86.AVX2()

// index returns the index of the first byte of str in the set, -1 when
// none is, for a str of 32 bytes or more; 0 for a shorter one or without
// AVX2 (Index looks at it). It reads two blocks a step and asks both at
// once whether any byte is in the set (one VPTEST): ≈14 instructions a
// block where one block a step, with its bounds checks and its mask tested
// on its own, took 22. A tail shorter than a block is read as the last 32
// bytes, not a byte at a time.
func (s *Set) index(str string) int {
	if !useAVX2 || len(str) < 32 {
		return 0
	}
	p := unsafe.Pointer(unsafe.StringData(str))
	lo, hi := archsimd.LoadUint8x32Slice(s.lo[:]), archsimd.LoadUint8x32Slice(s.hi[:])
	nibble := archsimd.BroadcastUint8x32(0x0F)
	// in is non-zero at each byte of the block at p+i that is in the set.
	in := func(i int) archsimd.Uint8x32 {
		v := archsimd.LoadUint8x32((*[32]uint8)(unsafe.Add(p, i)))
		l, h := v.And(nibble).AsInt8x32(), v.AsUint16x16().ShiftAllRight(4).AsUint8x32().And(nibble).AsInt8x32()
		return lo.PermuteOrZeroGrouped(l).And(hi.PermuteOrZeroGrouped(h))
	}
	first := func(v archsimd.Uint8x32) int {
		return bits.TrailingZeros32(^uint32(v.Equal(archsimd.Uint8x32{}).ToBits()))
	}
	i := 0
	for ; i+64 <= len(str); i += 64 {
		if a, b := in(i), in(i+32); !a.Or(b).IsZero() {
			if !a.IsZero() {
				return i + first(a)
			}
			return i + 32 + first(b)
		}
	}
	if i+32 <= len(str) {
		if a := in(i); !a.IsZero() {
			return i + first(a)
		}
		i += 32
	}
	if i < len(str) {
		// The tail: the last 32 bytes, whose bytes before i hold none.
		if a := in(len(str) - 32); !a.IsZero() {
			return len(str) - 32 + first(a)
		}
	}
	return -1
}

// useVector switches the vector pass on or off (when the CPU has it) and
// returns the previous setting; tests compare both ways.
func useVector(on bool) bool {
	was := useAVX2
	useAVX2 = on && archsimd.X86.AVX2()
	return was
}
