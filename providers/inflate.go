package providers

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
)

// A base64 run or an inline file may hold a compressed payload: the
// base64 of gzip, zlib, raw deflate or zstd ("H4sI…", "eJ…"), which
// Python's zlib and gzip, a browser's DecompressionStream and a model's
// code tool unpack. Read as it stands it is binary without a run of text,
// and a name, an IBAN and a Steuer-ID in it went to the service unread
// (sec18 left it open). inflate unpacks it, bounded as the body's own
// Content-Encoding is: what one request unpacks so is capped at
// maxInflated, and one payload at inflateRatio times its size (above
// inflateFloor); beyond that, or when a payload that shows itself as gzip
// or zstd does not unpack whole, it cannot be read and is blocked.
const (
	maxInflated  = 16 << 20
	inflateRatio = 1100
	inflateFloor = 64 << 10
	// minInflatedText is the least a payload without a signature of its
	// own (raw deflate, brotli; zlib) must unpack to, as text of as many
	// different bytes, to count as compressed: random bytes read as raw
	// deflate often unpack to a repeated byte or two ("|||||", "0gv0gv"),
	// one in about 800 so, and hardly ever to more.
	minInflatedText = 8
)

// inflation is what inflate made of a payload.
type inflation int8

const (
	notCompressed inflation = iota // no compressed payload: read as before
	inflated                       // out is what it unpacks to
	inflateFailed                  // compressed, but it cannot be read: block
	// overBound (unpack only): a payload without a signature that
	// unpacks past what was read, with no text in that; pastBound decides
	overBound
)

// compression names the format raw starts with: "gzip" and "zstd" by
// their magic numbers (strong: three and four bytes random data hardly
// ever starts with), "zlib" by a header whose check bits hold (deflate,
// a window of up to 32 KiB, no preset dictionary; one random pair of
// bytes in about 2 000 has one, so zlib counts only when it unpacks to
// text), "" for none.
func compression(raw []byte) (kind string, strong bool) {
	switch {
	case bytes.HasPrefix(raw, []byte{0x1f, 0x8b, 0x08}):
		return "gzip", true
	case bytes.HasPrefix(raw, []byte{0x28, 0xb5, 0x2f, 0xfd}) || zstdAfterSkippable(raw):
		return "zstd", true
	case len(raw) >= 2 && raw[0]&0x0f == 8 && raw[0]>>4 <= 7 && (uint16(raw[0])<<8|uint16(raw[1]))%31 == 0 && raw[1]&0x20 == 0:
		return "zlib", false
	}
	return "", false
}

// zstdAfterSkippable reports whether raw starts with skippable frames
// (RFC 8878 3.1.2: a magic number 0x184D2A5?, a 4-byte size, that many
// bytes, which a decoder passes over) and then a zstd frame's magic
// number: zstd -d and the reader inflate uses unpack it. Before, such a
// payload was not taken for zstd, read as bytes without a run of text,
// and a name, an IBAN and a Steuer-ID in it went out unread (sec23,
// TestZstdAfterSkippableFrameRead).
func zstdAfterSkippable(raw []byte) bool {
	skipped := false
	for i := 0; i < 16 && len(raw) >= 8 && raw[0]&0xf0 == 0x50 && raw[1] == 0x2a && raw[2] == 0x4d && raw[3] == 0x18; i++ {
		n := uint64(raw[4]) | uint64(raw[5])<<8 | uint64(raw[6])<<16 | uint64(raw[7])<<24
		if n > uint64(len(raw)-8) {
			return false
		}
		raw, skipped = raw[8+n:], true
	}
	return skipped && bytes.HasPrefix(raw, []byte{0x28, 0xb5, 0x2f, 0xfd})
}

// flateReaders keeps raw deflate readers (each holds a 32 KiB window)
// for the trials on binary payloads without a signature.
var flateReaders = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}

// inflate unpacks raw when it is a compressed payload (compression; with
// weak, also raw deflate and brotli, which have no signature and count
// only when they unpack whole to text, or past their bounds with text:
// unpack, pastBound). What a lenient reader gives of a
// zlib stream that breaks off (Python's decompressobj, a browser's
// stream) is read; a gzip or zstd payload that breaks off, and one that
// unpacks to more than its bounds, is inflateFailed. env's budget (Envelope.inflated)
// is charged with what was unpacked.
func (c *collector) inflate(raw []byte, weak bool) (out []byte, kind string, st inflation) {
	kind, strong := compression(raw)
	if kind == "" && !weak {
		return nil, "", notCompressed
	}
	limit := min(int64(maxInflated)-c.env.inflated, max(inflateFloor, inflateRatio*int64(len(raw))))
	if limit < 0 {
		limit = 0
	}
	var (
		r   io.Reader
		err error
	)
	switch kind {
	case "gzip":
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(raw)); err == nil {
			defer zr.Close()
			r = zr
		}
	case "zstd":
		var zr *zstd.Decoder
		if zr, err = zstd.NewReader(bytes.NewReader(raw), zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderMaxMemory(uint64(limit)+1),
			zstd.WithDecoderMaxWindow(max(min(uint64(limit)+1, zstd.MaxWindowSize), zstd.MinWindowSize))); err == nil {
			defer zr.Close()
			r = zr
		}
	case "zlib":
		var zr io.ReadCloser
		if zr, err = zlib.NewReader(bytes.NewReader(raw)); err == nil {
			defer zr.Close()
			r = zr
		}
	default:
		fr := flateReaders.Get().(io.ReadCloser)
		if fr.(flate.Resetter).Reset(bytes.NewReader(raw), nil) == nil {
			defer flateReaders.Put(fr)
			r = fr
		}
		kind = "deflate"
	}
	if r == nil {
		if strong {
			return nil, kind, inflateFailed
		}
		return nil, "", notCompressed
	}
	rs := c.rereads()
	out, st, _ = c.unpack(r, limit, strong, kind == "deflate")
	if st == overBound {
		zl := kind == "zlib"
		rs.again()
		st, _ = c.pastBound(func(int64) (io.Reader, error) {
			if zl {
				return zlib.NewReader(bytes.NewReader(raw))
			}
			return flate.NewReader(bytes.NewReader(raw)), nil
		})
		rs.done()
	}
	if st == notCompressed && kind == "deflate" {
		// Nor raw deflate: brotli, which has no signature either.
		if _, ok := brotliFirstBlock(raw); ok {
			// what the raw deflate trial unpacked is charged already:
			// brotli gets what is left of the request's budget, not
			// the limit from before it (a payload that reads as both
			// would unpack up to twice the rest otherwise)
			kind = "brotli"
			out, st = c.unbrotli(raw, max(0, min(limit, int64(maxInflated)-c.env.inflated)))
		}
	}
	if st == notCompressed {
		kind = ""
	}
	return out, kind, st
}

// unbrotli unpacks raw as brotli up to limit, as unpack does. Its reader
// sizes its window by the stream's header and the length its meta-blocks
// claim (up to 16 MiB, which a bomb of 60 bytes claims); brotliWindow
// lowers the header's window to what limit needs, so that the reader holds
// no more than that while it unpacks up to the bound, and pastBound reads
// on with a window of 1 MiB at most. Before, a stream whose first
// meta-block claimed more than limit was not tried at all, and a name
// before 16 MiB of blanks went out unread (sec20).
//
// A lowered window unpacks as the stream's own up to where it ends; a
// stream that refers back further than that (a copy from 256 KiB back
// just before a 256 KiB window is first written out, or from more than
// 1 MiB back past the bound) makes the reader fail before it writes out
// what it unpacked, and the payload was taken for random bytes: text
// before the copy went out unread (sec21 left it open). Such a failure
// (brotliTooFar) is read again with the window the header names, or with
// as much of it as the request's budget holds, and what that reader gives
// counts; one that fails so again, for a distance past that window too,
// is blocked. A reader that fails after all is charged its window: it may
// have unpacked that far. Random bytes hardly ever fail so, as they fail
// on their codes first: of 100 000 random values one did (and failed the
// same with its own window), and none is blocked (TestBrotliFarRandom).
func (c *collector) unbrotli(raw []byte, limit int64) ([]byte, inflation) {
	br := brotliReaders.Get().(*brotli.Reader)
	defer brotliReaders.Put(br)
	low := brotliWindow(raw, limit+1)
	br.Reset(bytes.NewReader(low))
	rs := c.rereads()
	defer rs.done()
	out, st, err := c.unpack(br, limit, false, true)
	reach := int64(1<<20 - 16) // pastBound's window: 1 MiB at most
	if st == notCompressed && brotliTooFar(err, low, raw) {
		reach = int64(maxInflated) - rs.base
		wide := brotliWindow(raw, reach+1)
		if wide[0] == low[0] {
			return nil, inflateFailed // the budget holds no wider window
		}
		rs.again()
		br.Reset(bytes.NewReader(wide))
		if out, st, err = c.unpack(br, limit, false, true); brotliBroke(err) {
			c.env.inflated += brotliWindowSize(wide)
			if brotliTooFar(err, wide, raw) {
				return nil, inflateFailed
			}
		}
	}
	if st == overBound {
		var opened []byte
		readOn := func(reach int64) (inflation, error) {
			return c.pastBound(func(n int64) (io.Reader, error) {
				opened = brotliWindow(raw, min(n, reach))
				return brotli.NewReader(bytes.NewReader(opened)), nil
			})
		}
		rs.again()
		if st, err = readOn(reach); st == notCompressed && (brotliTooFar(err, opened, raw) ||
			brotliPastWindow(opened, raw, c.env.inflated-rs.base)) {
			// past the bound, a copy from further back than 1 MiB:
			// read on with the window the budget holds
			rs.again()
			if st, err = readOn(maxInflated); st == notCompressed && brotliBroke(err) {
				c.env.inflated += brotliWindowSize(opened)
				if brotliTooFar(err, opened, raw) {
					st = inflateFailed
				}
			}
		}
	}
	return out, st
}

// rereads charges the request's budget for the readings of one payload
// from its start (unpack up to the bound; pastBound on; each again with
// another brotli window) as one: with the most one of them unpacked (and
// the window of one that broke), not their sum, and each reading gets the
// budget the payload got. Before, each was charged, the next had what the
// ones before left, and a brotli stream without text of more than about
// 8 MiB, which pastBound reads twice (brotliPastWindow), was blocked as
// past the 16 MiB although within them (sec23 left it open,
// TestBrotliPastWindowBudget). A payload's readings are at most four,
// each bounded by the budget; what one request unpacks stays within a
// few times its budget, and a stream that unpacks past it is blocked.
type rereads struct {
	c          *collector
	base, most int64
}

func (c *collector) rereads() rereads { return rereads{c: c, base: c.env.inflated} }

// again starts another reading from the payload's start.
func (r *rereads) again() {
	r.most = max(r.most, r.c.env.inflated-r.base)
	r.c.env.inflated = r.base
}

// done charges the most one reading unpacked.
func (r *rereads) done() {
	r.again()
	r.c.env.inflated = r.base + r.most
}

// brotliBroke reports whether err, from a brotli reader, is a stream
// that cannot be read on (not its end, nor input that ends too soon: a
// reader that runs out of input writes out what it unpacked first).
func brotliBroke(err error) bool {
	return err != nil && err != io.EOF && err != io.ErrUnexpectedEOF
}

// brotliTooFar reports whether err, from a reader of lowered (raw with
// the window brotliWindow set), is a failure for a distance past that
// window that the stream's own may hold: a reference past the window
// counts as one into the static dictionary, and fails when it names no
// word there (RFC 7932 4, 8).
func brotliTooFar(err error, lowered, raw []byte) bool {
	if err == nil || len(raw) == 0 || lowered[0] == raw[0] {
		return false
	}
	m := err.Error()
	return m == "brotli: DICTIONARY" || m == "brotli: TRANSFORM"
}

// brotliPastWindow reports whether a reader of lowered (raw with the
// window brotliWindow set) that gave n bytes may have read raw otherwise
// than raw's own window does: only a distance past the lowered window's
// reach, which only a position past it can have, reads otherwise. Such a
// distance counts as a word of the static dictionary: one that names no
// word fails (brotliTooFar), one that names a word reads as that word
// transformed, and the meta-block's length then no longer matches its
// commands. A hand-made stream so assembled text past 1 MiB from pieces of
// four bytes near its start: the lowered window read words or broke off
// (sec22 left it open, TestBrotliDictionaryPieces).
func brotliPastWindow(lowered, raw []byte, n int64) bool {
	return len(raw) > 0 && lowered[0] != raw[0] && n > brotliWindowSize(lowered)-16
}

// brotliWindowSize is the window raw's header names (RFC 7932 9.1).
func brotliWindowSize(raw []byte) int64 {
	switch {
	case len(raw) == 0 || raw[0]&1 == 0:
		return 1 << 16
	case raw[0]>>1&7 != 0:
		return 1 << (17 + raw[0]>>1&7)
	case raw[0]>>4&7 != 0:
		return 1 << (8 + raw[0]>>4&7)
	}
	return 1 << 17
}

// brotliReaders keeps brotli readers for the trials on binary payloads.
var brotliReaders = sync.Pool{New: func() any { return brotli.NewReader(nil) }}

// brotliWindow returns raw, a brotli stream, with the window of its
// header (WBITS, RFC 7932 9.1) lowered to the least that a 4-bit header
// names (256 KiB) or that holds n bytes of output, when it names more: the
// reader's ring buffer grows to the window. The first n bytes unpack as
// they would with the stream's own window: a distance counts as a
// back-reference up to min(window-16, position), and the new window's
// gap lies past n. Only the 4-bit form (WBITS 18 to 24) is rewritten,
// in place, so that no bit of the stream moves; the others name 128 KiB
// or less. raw itself is not changed.
func brotliWindow(raw []byte, n int64) []byte {
	if len(raw) == 0 || raw[0]&1 == 0 || raw[0]>>1&7 == 0 {
		return raw
	}
	w := int64(18)
	for w < 24 && int64(1)<<w-16 < n {
		w++
	}
	if 17+int64(raw[0]>>1&7) <= w {
		return raw
	}
	out := bytes.Clone(raw)
	out[0] = out[0]&^0x0e | byte(w-17)<<1
	return out
}

// brotliFirstBlock reads the stream header and the first meta-block
// header of a brotli stream (RFC 7932 9.1, 9.2) and returns how many
// bytes that meta-block unpacks to; ok is false when the bits cannot
// start a stream (an invalid window size, an empty last block). A
// meta-block of metadata first gives 0.
func brotliFirstBlock(raw []byte) (size int64, ok bool) {
	pos := 0
	bits := func(n int) (uint32, bool) {
		var v uint32
		for i := 0; i < n; i++ {
			if pos/8 >= len(raw) {
				return 0, false
			}
			v |= uint32(raw[pos/8]>>(pos%8)&1) << i
			pos++
		}
		return v, true
	}
	if b, ok := bits(1); !ok {
		return 0, false
	} else if b == 1 {
		n, ok := bits(3)
		if !ok {
			return 0, false
		}
		if n == 0 {
			if m, ok := bits(3); !ok || m == 1 {
				return 0, false // large windows: not RFC 7932
			}
		}
	}
	last, ok := bits(1)
	if !ok {
		return 0, false
	}
	if last == 1 {
		if empty, ok := bits(1); !ok || empty == 1 {
			return 0, false
		}
	}
	nib, ok := bits(2)
	if !ok {
		return 0, false
	}
	if nib == 3 {
		return 0, true // metadata
	}
	mlen, ok := bits(4 * (int(nib) + 4))
	if !ok {
		return 0, false
	}
	return int64(mlen) + 1, true
}

// unpack reads r up to limit; see inflate. A stream without a signature
// (raw deflate, brotli; ends) counts only when it ends where it should:
// random bytes read so hardly ever do, and the few that unpack to a run of
// text break off. One that does not end within limit counts when what it
// unpacked to so far holds text (unpackedText): such a payload is
// blocked, where before it was read as random bytes and went out unread
// (a name before 16 MiB of NUL bytes). A payload without a signature is
// read at least inflateProbe far, past a request's spent budget too, so
// that one after the budget is blocked when it is text rather than passed
// as random bytes.
func (c *collector) unpack(r io.Reader, limit int64, strong, ends bool) (out []byte, st inflation, err error) {
	read := limit
	if !strong {
		read = max(limit, inflateProbe)
	}
	out, err = readBounded(r, read+1)
	n := int64(len(out))
	over := n > limit
	out = out[:min(n, read)]
	c.env.inflated += int64(len(out))
	if strong {
		if err != nil || over || len(out) == 0 {
			return nil, inflateFailed, err
		}
		return out, inflated, err
	}
	if over {
		switch {
		case unpackedText(out):
			return nil, inflateFailed, err
		case n > read:
			return nil, overBound, err
		}
		return nil, notCompressed, err
	}
	// zlib or raw deflate: compressed only when what it unpacks to
	// starts with text.
	head := out[:min(len(out), 4096)]
	for len(head) > 0 && !utf8.Valid(head) && len(out) > len(head) {
		head = head[:len(head)-1] // a character cut at 4 KiB
	}
	if err != nil && ends || len(out) < minInflatedText {
		return nil, notCompressed, err
	}
	if !base64Text(head) || distinctBytes(head[:min(len(head), 256)]) < minInflatedText {
		// Text after bytes that are none (NUL bytes, a binary header
		// before the name): a stream that unpacks whole to a run of
		// text counts, as one past its bounds does (unpackedText).
		// Before, only a stream that starts with text counted, and
		// raw deflate, zlib or brotli of 100 NUL bytes and a name went
		// out unread (sec21).
		if err == nil && unpackedText(out) {
			return out, inflated, err
		}
		return nil, notCompressed, err
	}
	return out, inflated, err
}

// readBounded reads r up to n bytes into a buffer that doubles as it
// fills but never past n, so that all it allocates is less than 2n
// (bytes.Buffer's ReadFrom grows to twice what it reads: it allocated four
// times a 16 MiB bomb's bound); err is nil at the end of r.
func readBounded(r io.Reader, n int64) ([]byte, error) {
	buf := make([]byte, 0, min(n, 512))
	for int64(len(buf)) < n {
		if len(buf) == cap(buf) {
			c := 2 * int64(cap(buf))
			if 2*c > n {
				c = n // not one step short of n
			}
			grown := make([]byte, len(buf), c)
			copy(grown, buf)
			buf = grown
		}
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// pastBound reads on a payload without a signature that unpacked past its
// bound with no text in what unpack read (a bomb that puts megabytes of
// NUL bytes before the name, which unpack took for random bytes), from a
// reader open gives for its start, up to what the request's budget has
// left, 64 KiB at a time (each with the last 64 bytes of the one before),
// charging the budget: blocked when it holds text or does not end within
// the budget, else no compressed payload. Random bytes hardly ever get
// here (one brotli of 300 000 unpacked past its bound, a repeated byte),
// and they end or break off soon after. open's n is how far it will be
// read (brotliWindow).
func (c *collector) pastBound(open func(n int64) (io.Reader, error)) (inflation, error) {
	budget := int64(maxInflated) - c.env.inflated
	if budget <= 0 {
		return inflateFailed, nil
	}
	r, err := open(budget + 1)
	if err != nil {
		return notCompressed, err
	}
	if rc, ok := r.(io.Closer); ok {
		defer rc.Close()
	}
	lr := io.LimitReader(r, budget+1)
	buf := make([]byte, 64<<10)
	keep, total := 0, int64(0)
	for {
		n, err := io.ReadFull(lr, buf[keep:])
		total += int64(n)
		c.env.inflated += int64(n)
		chunk := buf[:keep+n]
		if unpackedText(chunk) || total > budget {
			return inflateFailed, nil
		}
		if err != nil {
			// the end of the stream (io.EOF, or ReadFull's
			// io.ErrUnexpectedEOF for a short last piece), or it broke
			// off: err, so that unbrotli tells a distance past its window
			return notCompressed, err
		}
		keep = copy(buf, chunk[len(chunk)-64:])
	}
}

// inflateProbe is how far unpack reads a payload without a signature
// whatever its bounds.
const inflateProbe = 4 << 10

// unpackedText reports whether out, the first bytes of a payload without
// a signature that unpacks past its bounds, holds text: a run of
// minBinaryRun characters of text or more (textRuns) with minInflatedText
// different bytes. Random bytes read as raw deflate or brotli hardly ever
// unpack that far, and those that do give a byte or a few repeated.
func unpackedText(out []byte) bool {
	for _, run := range binaryRuns(out) {
		if distinctBytes([]byte(run[:min(len(run), 4096)])) >= minInflatedText {
			return true
		}
	}
	return false
}

// inflatedPayload reports out, what a compressed base64 run unpacked to
// (inflate's st), as base64Payload reports decoded bytes: a document or
// text as a file named name (text's own base64 decoded again up to
// maxBase64Depth), an image, audio or video as uninspected content, the
// runs of text of other binary as a file; a payload that cannot be read
// as a file no extractor reads (undecodableFile), so that the request is
// blocked. Nothing of it is rewritten: a finding blocks. It reports true.
func (c *collector) inflatedPayload(out []byte, name string, st inflation, depth int) bool {
	if st == inflateFailed {
		c.file(name, "", undecodableFile)
		return true
	}
	switch {
	case documentBytes(out):
		c.file(name, "", out)
	case base64Text(out):
		if !utf8.Valid(out) || bytes.Count(out, []byte{0})*4 >= len(out) {
			if dec, ok := unicodeText(out); ok {
				out = dec
			}
		}
		c.file(name, "text/plain", out)
		if depth < maxBase64Depth && utf8.Valid(out) {
			c.embeddedBase64(string(out), name, depth+1, b64Parent{})
		}
	case base64Media(out) != "":
		c.medium(base64Media(out), name, out)
	default:
		if inner, kind, st := c.inflate(out, false); st != notCompressed && depth < maxBase64Depth {
			return c.inflatedPayload(inner, name+" ("+kind+")", st, depth+1) // packed twice
		}
		if runs := binaryRuns(out); len(runs) > 0 {
			c.file(name, "text/plain", []byte(strings.Join(runs, "\n")))
		}
	}
	return true
}

// deflateWhole reports whether raw is one raw deflate stream to its last
// byte: random bytes that inflate to text stop short of their end.
func deflateWhole(raw []byte) bool {
	src := bytes.NewReader(raw)
	fr := flateReaders.Get().(io.ReadCloser)
	defer flateReaders.Put(fr)
	if fr.(flate.Resetter).Reset(src, nil) != nil {
		return false
	}
	_, err := io.Copy(io.Discard, io.LimitReader(fr, maxInflated+1))
	return err == nil && src.Len() == 0
}

// distinctBytes counts the different bytes of b.
func distinctBytes(b []byte) int {
	var seen [256]bool
	n := 0
	for _, c := range b {
		if !seen[c] {
			seen[c] = true
			n++
		}
	}
	return n
}

// compressedPayload reports bytes that inflate takes for a compressed
// payload (gzip, zstd, zlib of text), whether or not they unpack whole.
func compressedPayload(raw []byte) bool {
	if kind, _ := compression(raw); kind == "" {
		return false
	}
	_, _, st := newCollector(&Envelope{}).inflate(raw, false)
	return st != notCompressed
}
