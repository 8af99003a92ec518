// Package payloadtest builds the crafted payloads that the providers' and
// the proxy's evasion tests both send, so that the two packages attack
// with the same bytes. It is for tests only.
package payloadtest

import (
	"bytes"

	"github.com/andybalholm/brotli"
)

// BrotliFar is head, then NUL bytes up to at, then a copy of the stream's
// first 64 bytes (from at bytes back), in brotli with its largest window
// (16 MiB, `brotli -w 24`), so that the stream refers back at bytes at its
// end: a reader whose window is lower than at fails on the copy before it
// writes out what it unpacked.
func BrotliFar(head []byte, at int) []byte {
	data := append(append([]byte{}, head...), make([]byte, at-len(head))...)
	return Brotli24(append(data, data[:64]...))
}

// Brotli24 is data in brotli with its largest window (16 MiB).
func Brotli24(data []byte) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: 9, LGWin: 24})
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// BinaryMark is 64 bytes of no text, for a stream to refer back to.
func BinaryMark() []byte {
	m := make([]byte, 64)
	for i := range m {
		m[i] = byte(0x80 + i*7%0x7f)
	}
	return m
}

// BrotliPastBound is a mark (BinaryMark), NUL bytes to 1 MiB and 100
// bytes, text, NUL bytes to 1.6 MiB and the mark again, in brotli with
// its largest window: past an unpacking bound of 1 MiB the stream refers
// back 1.6 MiB, further than a window of 1 MiB reaches.
func BrotliPastBound(text []byte) []byte {
	past := append(append(BinaryMark(), make([]byte, 1<<20+100-64)...), text...)
	past = append(past, make([]byte, 1<<20+600<<10-len(past))...)
	return Brotli24(append(past, past[:64]...))
}

// bitWriter writes a brotli stream's bits, least significant first (RFC
// 7932 2).
type bitWriter struct {
	b []byte
	n uint // bits written
}

func (w *bitWriter) bits(v uint64, n int) {
	for i := 0; i < n; i++ {
		if w.n%8 == 0 {
			w.b = append(w.b, 0)
		}
		w.b[len(w.b)-1] |= byte(v>>i&1) << (w.n % 8)
		w.n++
	}
}

func (w *bitWriter) align() { w.n = (w.n + 7) / 8 * 8 }

// BrotliDictionaryPieces is a brotli stream made by hand (RFC 7932), with a
// window of 16 MiB, that assembles text past 1 MiB from pieces of four
// bytes that stand apart near its start: an uncompressed meta-block holds
// the pieces of text, each followed by four bytes of no text, and a NUL
// byte; a compressed one copies that NUL byte on and then each piece from
// far back, so that the pieces stand together. The first piece is copied
// from 1 MiB - 16 + 1 + transform*1024 + 512 bytes back: a reader whose
// window is 1 MiB takes each copy (of four bytes) for a word of brotli's
// static dictionary with that transform (RFC 7932 8), and one whose
// transform omits four bytes or more of a word of four gives nothing for
// it; a reader with the stream's own window gives text. text's length is
// a multiple of four, up to 4*128 bytes.
func BrotliDictionaryPieces(text []byte, transform int) []byte {
	var w bitWriter
	w.bits(1, 1)
	w.bits(7, 3) // WBITS 24
	// the pieces, each followed by four bytes of no text, then a NUL byte
	const start = 16
	head := make([]byte, start)
	for i := range head {
		head[i] = 0x80 + byte(i)
	}
	for i := 0; i < len(text); i += 4 {
		head = append(head, text[i:i+4]...)
		head = append(head, 0x90, 0xa1, 0xb2, 0xc3)
	}
	head = append(head, 0)
	w.bits(0, 1)                    // ISLAST
	w.bits(0, 2)                    // MNIBBLES: 4
	w.bits(uint64(len(head)-1), 16) // MLEN-1
	w.bits(1, 1)                    // ISUNCOMPRESSED
	w.align()
	w.b = append(w.b, head...)
	w.n = uint(len(w.b)) * 8
	// the copies: first NUL bytes up to where the first piece's copy
	// comes from d0 back, then the pieces
	d0 := 1<<20 - 16 + 1 + transform*1024 + 512
	at := start + d0 // where the first piece's copy is written
	nuls := at - len(head)
	mlen := nuls + len(text)
	w.bits(0, 1) // ISLAST
	w.bits(2, 2) // MNIBBLES: 6
	w.bits(uint64(mlen-1), 24)
	w.bits(0, 1) // compressed
	w.bits(0, 1) // NBLTYPESL 1
	w.bits(0, 1) // NBLTYPESI 1
	w.bits(0, 1) // NBLTYPESD 1
	w.bits(0, 2) // NPOSTFIX
	w.bits(0, 4) // NDIRECT
	w.bits(0, 2) // the literal context mode
	w.bits(0, 1) // NTREESL 1
	w.bits(0, 1) // NTREESD 1
	// literals: a simple prefix code of one symbol (none is written)
	w.bits(1, 2)
	w.bits(0, 2)
	w.bits(0, 8)
	// insert and copy: 130 (no insert, a copy of 4) and 391 (no insert,
	// a copy of 2118 and 24 extra bits), one bit each
	w.bits(1, 2)
	w.bits(1, 2)
	w.bits(130, 10)
	w.bits(391, 10)
	// distances: 16 (1 or 2, one extra bit) and 52 (1048573 and 19
	// extra bits), one bit each
	w.bits(1, 2)
	w.bits(1, 2)
	w.bits(16, 6)
	w.bits(52, 6)
	// the NUL bytes: a copy from one back
	w.bits(1, 1)
	w.bits(uint64(nuls-2118), 24)
	w.bits(0, 1)
	w.bits(0, 1)
	for k := 0; k < len(text)/4; k++ {
		w.bits(0, 1) // a copy of 4
		w.bits(1, 1) // distance code 52
		d := d0 - 4*k
		w.bits(uint64(d-1048573), 19)
	}
	w.bits(1, 1) // ISLAST
	w.bits(1, 1) // ISLASTEMPTY
	w.align()
	return w.b
}
