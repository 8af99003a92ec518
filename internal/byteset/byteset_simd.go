//go:build goexperiment.simd && amd64

package byteset

import (
	"math/bits"
	"simd/archsimd"
	"unsafe"
)

var useAVX2 = archsimd.X86.AVX2()

// index returns the index of the first byte of str in the set among its
// whole 32-byte blocks, -1 when str is nothing but such blocks and none
// holds one, or else the start of the tail that Index looks at.
func (s *Set) index(str string) int {
	if !useAVX2 || len(str) < 32 {
		return 0
	}
	b := unsafe.Slice(unsafe.StringData(str), len(str))
	lo, hi := archsimd.LoadUint8x32Slice(s.lo[:]), archsimd.LoadUint8x32Slice(s.hi[:])
	nibble, none := archsimd.BroadcastUint8x32(0x0F), archsimd.Uint8x32{}
	i := 0
	for ; i+32 <= len(b); i += 32 {
		v := archsimd.LoadUint8x32Slice(b[i : i+32 : i+32])
		l, h := v.And(nibble).AsInt8x32(), v.AsUint16x16().ShiftAllRight(4).AsUint8x32().And(nibble).AsInt8x32()
		if m := ^uint32(lo.PermuteOrZeroGrouped(l).And(hi.PermuteOrZeroGrouped(h)).Equal(none).ToBits()); m != 0 {
			return i + bits.TrailingZeros32(m)
		}
	}
	if i == len(b) {
		return -1
	}
	return i
}

// useVector switches the vector pass on or off (when the CPU has it) and
// returns the previous setting; tests compare both ways.
func useVector(on bool) bool {
	was := useAVX2
	useAVX2 = on && archsimd.X86.AVX2()
	return was
}
