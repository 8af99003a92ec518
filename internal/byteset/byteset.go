// Package byteset finds the first byte of a small set in a string, each
// of them, or the first run of n bytes of it, with one pass over the string: vector
// compares where the build and the CPU have them (GOEXPERIMENT=simd, AVX2),
// a table otherwise. It serves scans that look for a dozen or more rare
// bytes in every request body, where one strings.IndexByte pass per byte
// would read the text that many times, and the search for runs of base64
// in every text field.
package byteset

import (
	"fmt"
	"iter"
	"math/bits"
	"strings"
)

// Set is a set of byte values. It is immutable after New and safe for
// concurrent use.
type Set struct {
	// lo and hi are the nibble tables of the vector pass: a byte b is in the
	// set when lo[b&15] & hi[b>>4] != 0. Each high nibble of the set has its
	// own bit, so the test is exact for sets whose bytes share at most eight
	// high nibbles. Both are repeated for the two 128-bit lanes.
	lo, hi  [32]byte
	in      [256]bool
	members string // each byte once
}

// New returns the set of the bytes of members. It panics when they have more
// than eight different high nibbles (the vector test cannot hold them); the
// sets are fixed at compile time, so that is a programming error.
func New(members string) *Set {
	var distinct []byte
	for i := range len(members) {
		if !strings.Contains(string(distinct), members[i:i+1]) {
			distinct = append(distinct, members[i])
		}
	}
	s, ok := Make(string(distinct))
	if !ok {
		panic(fmt.Sprintf("byteset: %q has more than eight high nibbles", members))
	}
	return &s
}

// Make returns the set of the bytes of members, built where a set is made
// per request from bytes it finds (the value lives where the caller keeps
// it, on its stack, and members is kept, not copied), and false when they
// have more than eight different high nibbles.
// Each byte should stand once in members: without the vector pass, a long
// string is searched once per byte of it.
func Make(members string) (Set, bool) {
	var s Set
	if nibbles(members) > 8 {
		return s, false
	}
	var bit [16]byte
	next := byte(1)
	for i := range len(members) {
		b := members[i]
		h := b >> 4
		if bit[h] == 0 {
			bit[h], next = next, next<<1
		}
		s.in[b] = true
		for lane := 0; lane < 32; lane += 16 {
			s.lo[lane+int(b&15)] |= bit[h]
			s.hi[lane+int(h)] = bit[h]
		}
	}
	s.members = members
	return s, true
}

// nibbles returns how many different high nibbles the bytes of members
// have: a set holds eight at most.
func nibbles(members string) int {
	var seen uint16
	for i := range len(members) {
		seen |= 1 << (members[i] >> 4)
	}
	return bits.OnesCount16(seen)
}

// Contains reports whether b is in the set.
func (s *Set) Contains(b byte) bool { return s.in[b] }

// shortTail is the length below which Index reads a byte at a time: up to
// it, one table look-up per byte costs less than a strings.IndexByte call
// per member of a set of a dozen or two (BenchmarkIndex/value).
const shortTail = 64

// Index returns the index of the first byte of str that is in the set, or -1.
func (s *Set) Index(str string) int {
	i := s.index(str) // the vector pass: a member at i, or none before i
	if i < 0 || i < len(str) && s.in[str[i]] {
		return i
	}
	tail, best := str[i:], -1
	if len(tail) < shortTail {
		// A string shorter than a vector block, or one without the vector
		// pass: a byte at a time. A finding's value (a name, an IBAN) is
		// read here, where the passes below would cost a call per member.
		for j := range len(tail) {
			if s.in[tail[j]] {
				return i + j
			}
		}
		return -1
	}
	// A long string without the vector pass: a strings.IndexByte pass
	// (itself vectorised) per member, each only up to the first member
	// found so far.
	for k := range len(s.members) {
		if j := strings.IndexByte(tail, s.members[k]); j >= 0 {
			best, tail = i+j, tail[:j]
		}
	}
	return best
}

// All yields the index of every byte of str that is in the set, in order:
// one pass over str where a loop of Index calls would start the vector
// pass again at each byte found (≈100 instructions a call).
func (s *Set) All(str string) iter.Seq[int] {
	return func(yield func(int) bool) {
		i, more := s.each(str, yield) // the vector pass, up to i
		for more {
			j := s.Index(str[i:])
			if j < 0 || !yield(i+j) {
				return
			}
			i += j + 1
		}
	}
}

// Run returns the index of the first run of n or more consecutive bytes of
// str that are in the set (the start of that run: the byte before it is
// not in the set), or -1. n must be between 1 and 64.
func (s *Set) Run(str string, n int) int {
	if n < 1 || n > 64 {
		panic(fmt.Sprintf("byteset: Run of %d bytes", n))
	}
	// The vector pass reads whole blocks: a run at found, or none that
	// starts before i-have, the start of the have bytes in the set before i.
	found, i, have := s.run(str, n)
	if found >= 0 {
		return found
	}
	// The rest, and the whole string without the vector pass: the n-th
	// byte from j first, so that words shorter than n cost a look or two.
	for j := i - have; j+n <= len(str); {
		if !s.in[str[j+n-1]] {
			j += n
			continue
		}
		start, end := j+n-1, j+n
		for start > j && s.in[str[start-1]] {
			start--
		}
		for end < len(str) && end-start < n && s.in[str[end]] {
			end++
		}
		if end-start >= n {
			return start
		}
		j = end + 1
	}
	return -1
}
