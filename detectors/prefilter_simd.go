//go:build goexperiment.simd && amd64

package detectors

import (
	"encoding/binary"
	"simd/archsimd"
)

// simdBuild says whether this build has the vector compares.
const simdBuild = true

// useSIMD says whether scanBlocks takes the word starts of whole 64-byte
// groups from scanGroups (and lowerASCII lowers them with lowerVec), and
// avx512 whether they compare 64 bytes at once (else twice 32 with AVX2).
// Both are set once from the CPU's features; tests switch them off to
// compare every way with the others.
var (
	useSIMD = archsimd.X86.AVX2()
	avx512  = archsimd.X86.AVX512()
)

// The vector passes clear the upper halves of the vector registers when
// they return (VZEROUPPER, archsimd.ClearAVXUpperBits; Go 1.26 does not emit
// it after simd code): left set, they cost every legacy SSE instruction the
// scan runs after them a false dependency on Intel cores (Go's own code uses
// SSE for short searches, compares and copies: IndexByte, memequal, map
// look-ups by string), as internal/byteset found for the base64 search
// (thirty-ninth session). TestVectorPassesClearUpperBits looks for the
// instruction.

// scanGroups is the first loop of scanBlocks for the 64-byte groups of src
// (len(src) a multiple of 64), with vector compares: three masks of a bit
// per byte (ASCII digit, ASCII letter, lead byte of a multi-byte character:
// 0xC0 and up) give the word starts of a group in one word, and a fourth
// (0x80 and up) its word bytes (scanBuf.words). It records the
// blocks with digits as scanBlocks does, and the groups with bytes of the
// prefilter's spec set (two table look-ups by nibble, see prefilter),
// updates st's carry and returns the number of blocks done, of digit
// blocks and of groups with spec bytes recorded.
func scanGroups(src []byte, st *scanState) (blocks, nd, ns int) {
	carry, lastDigit := st.carry>>7, st.lastDigit // carry: bit 7 of byte 0 in scanBlocks' form
	if avx512 {
		carry, lastDigit, nd, ns = scanGroups512(src, st, carry, lastDigit)
	} else {
		carry, lastDigit, nd, ns = scanGroups256(src, st, carry, lastDigit)
	}
	archsimd.ClearAVXUpperBits() // see "The vector passes clear"
	st.carry, st.lastDigit = carry<<7, lastDigit
	return len(src) >> 3, nd, ns
}

// scanGroups512 is scanGroups with AVX-512. The constants are broadcast
// before the loop: vectors that live across it stay in registers.
func scanGroups512(src []byte, st *scanState, carry uint64, lastDigit bool) (uint64, bool, int, int) {
	zero, nine, fold := archsimd.BroadcastUint8x64('0'), archsimd.BroadcastUint8x64(9), archsimd.BroadcastUint8x64(0x20)
	lowA, z25, lead := archsimd.BroadcastUint8x64('a'), archsimd.BroadcastUint8x64('z'-'a'), archsimd.BroadcastUint8x64(0xC0)
	nibble, none, high80 := archsimd.BroadcastUint8x64(0x0F), archsimd.Uint8x64{}, archsimd.BroadcastUint8x64(0x80)
	four := archsimd.BroadcastUint32x16(4) // a count in a vector: see byteset's highNibbleShift
	specLo, specHi := archsimd.LoadUint8x64Slice(st.pf.specLo[:]), archsimd.LoadUint8x64Slice(st.pf.specHi[:])
	starts, words, nd, ns := &st.starts, &st.words, 0, 0
	for i := 0; i+64 <= len(src); i += 64 {
		v := archsimd.LoadUint8x64Slice(src[i : i+64 : i+64])
		digit := v.Sub(zero).LessEqual(nine).ToBits()
		alpha := v.Or(fold).Sub(lowA).LessEqual(z25).ToBits()
		alnum := digit | alpha
		multi := v.GreaterEqual(lead).ToBits()
		high := v.GreaterEqual(high80).ToBits()
		lo, hi := v.And(nibble).AsInt8x64(), v.AsUint32x16().ShiftRight(four).AsUint8x64().And(nibble).AsInt8x64()
		if spec := ^specLo.PermuteOrZeroGrouped(lo).And(specHi.PermuteOrZeroGrouped(hi)).Equal(none).ToBits(); spec != 0 {
			st.specAt[ns&(len(st.specAt)-1)], st.specM[ns&(len(st.specM)-1)] = uint16(i), spec
			ns++
		}
		k := i >> 3 & (len(starts) - 8)
		binary.LittleEndian.PutUint64(starts[k:k+8:k+8], (alnum|multi)&^(alnum<<1|carry))
		binary.LittleEndian.PutUint64(words[k:k+8:k+8], alpha|high)
		carry = alnum >> 63
		if digit != 0 || lastDigit {
			lastDigit, nd = st.digitGroup(i, digit, lastDigit, nd)
		}
	}
	return carry, lastDigit, nd, ns
}

// scanGroups256 is scanGroups with AVX2, on two halves of 32 bytes. AVX2
// has no unsigned byte compare: x ≤ c is min(x, c) == x, x ≥ c is
// max(x, c) == x. It repeats scanGroups512's bookkeeping after the
// compares on purpose: one loop for both widths kept the vectors of the
// other width live and spilled them (30 % slower).
func scanGroups256(src []byte, st *scanState, carry uint64, lastDigit bool) (uint64, bool, int, int) {
	zero, nine, fold := archsimd.BroadcastUint8x32('0'), archsimd.BroadcastUint8x32(9), archsimd.BroadcastUint8x32(0x20)
	lowA, z25, lead := archsimd.BroadcastUint8x32('a'), archsimd.BroadcastUint8x32('z'-'a'), archsimd.BroadcastUint8x32(0xC0)
	nibble, none, zero8 := archsimd.BroadcastUint8x32(0x0F), archsimd.Uint8x32{}, archsimd.Int8x32{}
	four := archsimd.BroadcastUint32x8(4) // a count in a vector: see byteset's highNibbleShift
	specLo, specHi := archsimd.LoadUint8x32Slice(st.pf.specLo[:32]), archsimd.LoadUint8x32Slice(st.pf.specHi[:32])
	starts, words, nd, ns := &st.starts, &st.words, 0, 0
	for i := 0; i+64 <= len(src); i += 64 {
		var digit, alpha, multi, high, spec uint64
		for h := 0; h < 64; h += 32 {
			v := archsimd.LoadUint8x32Slice(src[i+h : i+h+32 : i+h+32])
			d, l := v.Sub(zero), v.Or(fold).Sub(lowA)
			digit |= uint64(d.Min(nine).Equal(d).ToBits()) << h
			alpha |= uint64(l.Min(z25).Equal(l).ToBits()) << h
			multi |= uint64(v.Max(lead).Equal(v).ToBits()) << h
			high |= uint64(zero8.Greater(v.AsInt8x32()).ToBits()) << h // 0x80 and up
			lo, hi := v.And(nibble).AsInt8x32(), v.AsUint32x8().ShiftRight(four).AsUint8x32().And(nibble).AsInt8x32()
			spec |= uint64(^specLo.PermuteOrZeroGrouped(lo).And(specHi.PermuteOrZeroGrouped(hi)).Equal(none).ToBits()) << h
		}
		if spec != 0 {
			st.specAt[ns&(len(st.specAt)-1)], st.specM[ns&(len(st.specM)-1)] = uint16(i), spec
			ns++
		}
		alnum := digit | alpha
		k := i >> 3 & (len(starts) - 8)
		binary.LittleEndian.PutUint64(starts[k:k+8:k+8], (alnum|multi)&^(alnum<<1|carry))
		binary.LittleEndian.PutUint64(words[k:k+8:k+8], alpha|high)
		carry = alnum >> 63
		if digit != 0 || lastDigit {
			lastDigit, nd = st.digitGroup(i, digit, lastDigit, nd)
		}
	}
	return carry, lastDigit, nd, ns
}

// digitGroup records the blocks of the group at i (digit: its digit mask,
// a bit per byte) where a digit run starts, goes on or ends, as scanBlocks
// does per block, and returns whether the group's last byte is a digit and
// the number of blocks recorded.
func (st *scanState) digitGroup(i int, digit uint64, lastDigit bool, nd int) (bool, int) {
	for b := 0; b < 8; b++ {
		d := byte(digit >> (b << 3))
		if d != 0 || lastDigit {
			st.digits[nd&(len(st.digits)-1)] = uint16(i + b<<3)
			nd++
		}
		lastDigit = d>>7 != 0
	}
	return lastDigit, nd
}

// lowerVec is lowerASCII for the whole 64-byte groups of src: it adds 0x20
// to every byte in 'A'..'Z' and returns how many bytes it wrote.
func lowerVec(dst, src []byte) int {
	n := len(src) &^ 63
	dst = dst[:n]
	if avx512 {
		upA, z25, fold := archsimd.BroadcastUint8x64('A'), archsimd.BroadcastUint8x64('Z'-'A'), archsimd.BroadcastUint8x64(0x20)
		for i := 0; i < n; i += 64 {
			v := archsimd.LoadUint8x64Slice(src[i : i+64 : i+64])
			v.Or(fold.Masked(v.Sub(upA).LessEqual(z25))).StoreSlice(dst[i : i+64 : i+64])
		}
		archsimd.ClearAVXUpperBits()
		return n
	}
	upA, z25, fold := archsimd.BroadcastUint8x32('A'), archsimd.BroadcastUint8x32('Z'-'A'), archsimd.BroadcastUint8x32(0x20)
	for i := 0; i < n; i += 32 {
		v := archsimd.LoadUint8x32Slice(src[i : i+32 : i+32])
		u := v.Sub(upA)
		v.Or(fold.Masked(u.Min(z25).Equal(u))).StoreSlice(dst[i : i+32 : i+32])
	}
	archsimd.ClearAVXUpperBits()
	return n
}
