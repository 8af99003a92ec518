package providers

import (
	"sync"
	"unsafe"
)

// Request bodies are read into and rewritten into buffers of a few size
// classes that are reused: 4 KiB to 256 KiB in steps of a power of two and
// one and a half times one (4, 6, 8, 12, 16, 24 KiB …), so that a buffer
// taken is at most 1.5 times what was asked for. Reuse is up to the caller:
// only a buffer that nothing reads any more, and that nothing points into,
// may be given back (ReleaseBody).
const (
	minBodyShift = 12 // 4 KiB
	maxBodyShift = 18 // 256 KiB
	numBodyClass = 2*(maxBodyShift-minBodyShift) + 1
)

// bodyBufs holds the free buffers of each class as a pointer to their
// first byte: a pointer goes into a sync.Pool without an allocation (a
// *[]byte would need one per ReleaseBody), and the class gives the length.
var bodyBufs [numBodyClass]sync.Pool // of *byte

// classSize is the capacity of the buffers of size class c.
func classSize(c int) int {
	if c%2 == 0 {
		return 1 << (minBodyShift + c/2)
	}
	return 3 << (minBodyShift + c/2 - 1)
}

// bodyClass returns the smallest size class that holds size bytes, or -1
// when buffers of that size are not pooled.
func bodyClass(size int) int {
	for c := range numBodyClass {
		if size <= classSize(c) {
			return c
		}
	}
	return -1
}

// BodyBuffer returns an empty buffer of at least size bytes' capacity,
// reused from an earlier request when one was given back. Safe for
// concurrent use.
func BodyBuffer(size int) []byte {
	c := bodyClass(size)
	if c < 0 {
		return make([]byte, 0, size)
	}
	if p, _ := bodyBufs[c].Get().(*byte); p != nil {
		return unsafe.Slice(p, classSize(c))[:0]
	}
	return make([]byte, 0, classSize(c))
}

// ReleaseBody zeroes b's buffer, all of its capacity, and gives it back for
// reuse. The caller must own the buffer and make sure that nothing reads b
// any more or keeps anything that points into it (a string of the request's
// fields, a body still being sent upstream). Buffers of other capacities
// (grown, or larger than 256 KiB) are zeroed too and left to the garbage
// collector. Safe for concurrent use.
//
// Zeroing is defence in depth: a buffer held a prompt, an answer with its
// real values put back, or a file; unzeroed, an earlier request's personal
// data stayed in the process's memory (a core dump, a heap profile, a
// swapped-out page) until some later request happened to overwrite it.
// Clearing costs about what copying the bytes once does
// (BenchmarkReleaseBody, docs/security.md).
func ReleaseBody(b []byte) {
	b = b[:cap(b)]
	clear(b)
	if c := bodyClass(len(b)); c >= 0 && len(b) == classSize(c) {
		bodyBufs[c].Put(unsafe.SliceData(b))
	}
}
