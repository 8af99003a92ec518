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
