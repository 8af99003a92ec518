//go:build goexperiment.simd && amd64

package byteset

import (
	"math/bits"
	"simd/archsimd"
	"unsafe"
)

var useAVX2 = archsimd.X86.AVX2()

// highNibbleShift: the high nibbles are shifted down by a count in a
// vector (VPSRLVD), not by ShiftAllRight(4). Go 1.26 moves ShiftAllRight's
// count into an XMM register with a legacy SSE MOVQ amid the AVX code, and
// on an AMD EPYC (Zen 3, family 25 model 1) each such mix cost ≈100 cycles:
// the AVX2 pass ran at 500 MB/s against 2 100 for the eight-bytes-at-a-time
// one (BenchmarkIndex/prose, thirtieth session). A 32-bit lane shifted by
// four gives each byte its high nibble in the low four bits once masked
// with 0x0F, as a 16-bit one does.
const highNibbleShift = 4

// The vector passes clear the upper halves of the vector registers when
// they return, and each before it calls yield (VZEROUPPER,
// archsimd.ClearAVXUpperBits; Go 1.26 does not emit it after simd code).
// Left set, they cost every legacy SSE instruction the program runs
// afterwards a false dependency on Intel cores (Go's own code uses SSE for
// short string searches and copies: strings.Contains on a word, struct
// copies): on the thirty-ninth session's Xeon the base64 search over a 16
// KB prompt of German prose (providers' BenchmarkExtractProse) took 10.5 µs
// of CPU with them set and 6.4–7.5 clear, its strings.Contains on each
// word 17 % of it. (A deferred ClearAVXUpperBits is a call; the wrappers
// below hold the instruction itself, which TestVectorPassesClearUpperBits
// looks for.)

func (s *Set) index(str string) int {
	if !useAVX2 || len(str) < 32 {
		return 0
	}
	i := s.indexVec(str)
	archsimd.ClearAVXUpperBits()
	return i
}

func (s *Set) each(str string, yield func(int) bool) (end int, more bool) {
	if !useAVX2 || len(str) < 32 {
		return 0, true
	}
	end, more = s.eachVec(str, yield)
	archsimd.ClearAVXUpperBits()
	return end, more
}

func (s *Set) run(str string, n int) (found, i, have int) {
	if !useAVX2 || len(str) < 64 {
		return -1, 0, 0
	}
	found, i, have = s.runVec(str, n)
	archsimd.ClearAVXUpperBits()
	return found, i, have
}

// indexVec is index: the index of the first byte of str in the set, -1
// when none is, for a str of 32 bytes or more (index returns 0 for a
// shorter one or without AVX2: Index looks at it). It reads two blocks a step and asks both at
// once whether any byte is in the set (one VPTEST): ≈14 instructions a
// block where one block a step, with its bounds checks and its mask tested
// on its own, took 22. A tail shorter than a block is read as the last 32
// bytes, not a byte at a time.
func (s *Set) indexVec(str string) int {
	p := unsafe.Pointer(unsafe.StringData(str))
	lo, hi := archsimd.LoadUint8x32Slice(s.lo[:]), archsimd.LoadUint8x32Slice(s.hi[:])
	nibble, four := archsimd.BroadcastUint8x32(0x0F), archsimd.BroadcastUint32x8(highNibbleShift)
	// in is non-zero at each byte of the block at p+i that is in the set.
	in := func(i int) archsimd.Uint8x32 {
		v := archsimd.LoadUint8x32((*[32]uint8)(unsafe.Add(p, i)))
		l, h := v.And(nibble).AsInt8x32(), v.AsUint32x8().ShiftRight(four).AsUint8x32().And(nibble).AsInt8x32()
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

// eachVec is each, All's vector pass: it yields the index of each byte of
// str in the set, in order, and returns the end of what it read and whether the
// rest is to be read (false when yield stopped it, or it read all of str).
// As index, it reads two blocks a step and asks both at once whether any
// byte is in the set; a tail shorter than a block is read as the last 32
// bytes, its bytes before the tail left out of the mask.
func (s *Set) eachVec(str string, yield func(int) bool) (end int, more bool) {
	p := unsafe.Pointer(unsafe.StringData(str))
	lo, hi := archsimd.LoadUint8x32Slice(s.lo[:]), archsimd.LoadUint8x32Slice(s.hi[:])
	nibble, four := archsimd.BroadcastUint8x32(0x0F), archsimd.BroadcastUint32x8(highNibbleShift)
	// in is non-zero at each byte of the block at p+i that is in the set.
	in := func(i int) archsimd.Uint8x32 {
		v := archsimd.LoadUint8x32((*[32]uint8)(unsafe.Add(p, i)))
		l, h := v.And(nibble).AsInt8x32(), v.AsUint32x8().ShiftRight(four).AsUint8x32().And(nibble).AsInt8x32()
		return lo.PermuteOrZeroGrouped(l).And(hi.PermuteOrZeroGrouped(h))
	}
	// emit yields i plus the index of each bit of m, a block's bytes in the set.
	emit := func(i int, v archsimd.Uint8x32, skip int) bool {
		for m := ^uint32(v.Equal(archsimd.Uint8x32{}).ToBits()) >> skip; m != 0; m &= m - 1 {
			archsimd.ClearAVXUpperBits() // yield's code may be SSE
			if !yield(i + bits.TrailingZeros32(m)) {
				return false
			}
		}
		return true
	}
	i := 0
	for ; i+64 <= len(str); i += 64 {
		if a, b := in(i), in(i+32); !a.Or(b).IsZero() && !(emit(i, a, 0) && emit(i+32, b, 0)) {
			return i, false
		}
	}
	if i+32 <= len(str) {
		if !emit(i, in(i), 0) {
			return i, false
		}
		i += 32
	}
	if i < len(str) {
		emit(i, in(len(str)-32), i-(len(str)-32))
	}
	return len(str), false
}

// runVec is run, Run's vector pass over the whole 64-byte blocks of str:
// the start of the first run of n bytes in the set, or -1 with i, the end of the
// blocks read, and have, how many bytes in the set end there. A block's
// bytes in the set are one bit each of m (runStarts).
func (s *Set) runVec(str string, n int) (found, i, have int) {
	p := unsafe.Pointer(unsafe.StringData(str))
	lo, hi := archsimd.LoadUint8x32Slice(s.lo[:]), archsimd.LoadUint8x32Slice(s.hi[:])
	nibble, four := archsimd.BroadcastUint8x32(0x0F), archsimd.BroadcastUint32x8(highNibbleShift)
	// in has a bit for each byte of the block at p+i that is in the set.
	in := func(i int) uint64 {
		v := archsimd.LoadUint8x32((*[32]uint8)(unsafe.Add(p, i)))
		l, h := v.And(nibble).AsInt8x32(), v.AsUint32x8().ShiftRight(four).AsUint8x32().And(nibble).AsInt8x32()
		return uint64(^uint32(lo.PermuteOrZeroGrouped(l).And(hi.PermuteOrZeroGrouped(h)).Equal(archsimd.Uint8x32{}).ToBits()))
	}
	for ; i+64 <= len(str); i += 64 {
		m := in(i) | in(i+32)<<32
		if have > 0 && have+bits.TrailingZeros64(^m) >= n {
			return i - have, i, have
		}
		if r := runStarts(m, n); r != 0 {
			return i + bits.TrailingZeros64(r), i, 0
		}
		if m == ^uint64(0) {
			have += 64
		} else {
			have = bits.LeadingZeros64(^m)
		}
	}
	return -1, i, have
}

// runStarts keeps the bits of m that start n set bits in a row, by halving
// steps; n = 16 (providers' runs of base64) is written out, since the loop
// cost more than the rest of a block's work.
func runStarts(m uint64, n int) uint64 {
	if n == 16 {
		m &= m >> 1
		m &= m >> 2
		m &= m >> 4
		return m & (m >> 8)
	}
	for k := 1; k < n; {
		step := min(k, n-k)
		m &= m >> step
		k += step
	}
	return m
}

// useVector switches the vector pass on or off (when the CPU has it) and
// returns the previous setting; tests compare both ways.
func useVector(on bool) bool {
	was := useAVX2
	useAVX2 = on && archsimd.X86.AVX2()
	return was
}
