package providers

import (
	"encoding/base64"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/schleuse/schleuse/internal/payloadtest"
)

// pack compresses b in kind (gzip, zlib, deflate, brotli, zstd: the
// names inflate gives) with encode.
func pack(kind string, b []byte) []byte {
	coding := map[string]string{"zlib": "deflate", "deflate": "rawdeflate", "brotli": "br"}[kind]
	if coding == "" {
		coding = kind
	}
	out, err := encode(coding, b)
	if err != nil {
		panic(err)
	}
	return out
}

const inflateCanary = "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"

// inflateCases: the true and the false examples of inflate. want is the
// text unpacked ("" for none).
var inflateCases = []struct {
	name string
	raw  []byte
	kind string
	st   inflation
	want string
}{
	{"gzip", pack("gzip", []byte(inflateCanary)), "gzip", inflated, inflateCanary},
	{"zlib", pack("zlib", []byte(inflateCanary)), "zlib", inflated, inflateCanary},
	{"raw deflate", pack("deflate", []byte(inflateCanary)), "deflate", inflated, inflateCanary},
	{"brotli", pack("brotli", []byte(inflateCanary+inflateCanary)), "brotli", inflated, inflateCanary + inflateCanary},
	{"zstd", pack("zstd", []byte(inflateCanary)), "zstd", inflated, inflateCanary},
	{"gzip cut short", pack("gzip", []byte(inflateCanary))[:30], "gzip", inflateFailed, ""},
	{"gzip with bytes after it", append(pack("gzip", []byte(inflateCanary)), "xyz"...), "gzip", inflateFailed, ""},
	{"zstd cut short", pack("zstd", []byte(inflateCanary))[:12], "zstd", inflateFailed, ""},
	{"gzip magic alone", []byte{0x1f, 0x8b, 0x08}, "gzip", inflateFailed, ""},
	// a lenient reader gives the start of zlib cut short: read it
	{"zlib cut short", pack("zlib", []byte(strings.Repeat(inflateCanary, 3)))[:60], "zlib", inflated, "Herr Jürgen Kowalski"},
	{"zstd bomb", pack("zstd", make([]byte, 40<<20)), "zstd", inflateFailed, ""},
	{"gzip of binary", pack("gzip", []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), "gzip", inflated, ""},
	// text after 100 NUL bytes: unread before (sec21)
	{"raw deflate, NUL bytes first", pack("deflate", append(make([]byte, 100), inflateCanary...)), "deflate", inflated, inflateCanary},
	{"zlib, NUL bytes first", pack("zlib", append(make([]byte, 100), inflateCanary...)), "zlib", inflated, inflateCanary},
	{"brotli, NUL bytes first", pack("brotli", append(make([]byte, 5000), inflateCanary...)), "brotli", inflated, inflateCanary},
	// a copy from further back than the lowered window: the reader failed
	// before it wrote out the text (sec22)
	{"brotli, a copy from further back than the lowered window", payloadtest.BrotliFar([]byte(inflateCanary), 256<<10-10), "brotli", inflateFailed, ""},
	{"raw deflate of NUL bytes alone", pack("deflate", make([]byte, 5000)), "", notCompressed, ""},
	{"text", []byte(inflateCanary), "", notCompressed, ""},
	{"a zlib header and random bytes", []byte{0x78, 0x9c, 0xde, 0xad, 0xbe, 0xef, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc}, "", notCompressed, ""},
	{"a PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", notCompressed, ""},
}

func TestInflate(t *testing.T) {
	for _, tc := range inflateCases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCollector(&Envelope{})
			out, kind, st := c.inflate(tc.raw, true)
			if st != tc.st || kind != tc.kind {
				t.Fatalf("got %q, %d; want %q, %d", kind, st, tc.kind, tc.st)
			}
			if !strings.Contains(string(out), tc.want) {
				t.Fatalf("unpacked %.100q, want %q in it", out, tc.want)
			}
		})
	}
	t.Run("the request's budget", func(t *testing.T) {
		c := newCollector(&Envelope{})
		p := pack("gzip", []byte(strings.Repeat(inflateCanary, 1<<15))) // 2.6 MiB
		for i := 0; i < 6; i++ {
			if _, _, st := c.inflate(p, true); st != inflated {
				t.Fatalf("payload %d: %d", i, st)
			}
		}
		if _, _, st := c.inflate(p, true); st != inflateFailed {
			t.Fatalf("past %d MiB: %d, want blocked", maxInflated>>20, st)
		}
	})
}

// TestInflateRandomBytes: random payloads (ids, hashes, encrypted
// state) are no compressed text: none is blocked, and hardly any is read
// as text.
func TestInflateRandomBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 19))
	read := 0
	for i := 0; i < 20000; i++ {
		b := make([]byte, 12+r.IntN(600))
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		if b[0] == 0x1f || b[0] == 0x28 {
			b[0]++ // no magic number
		}
		out, kind, st := newCollector(&Envelope{}).inflate(b, true)
		if st == inflated && testing.Verbose() {
			t.Logf("%s %d: %.60q", kind, len(out), out)
		}
		if st == inflateFailed {
			t.Fatalf("random bytes %x blocked", b)
		}
		if st == inflated {
			read++
		}
	}
	if read > 20 {
		t.Fatalf("%d of 20000 random payloads read as compressed text", read)
	}
	t.Logf("%d of 20000 random payloads read as compressed text", read)
}

// TestCompressedBase64Read: base64 of a compressed text in a prompt is
// a file of the text it unpacks to; one cut short a file no extractor
// reads.
func TestCompressedBase64Read(t *testing.T) {
	for _, kind := range []string{"gzip", "zlib", "deflate", "brotli", "zstd"} {
		env := &Envelope{}
		newCollector(env).embeddedBase64("Bitte entpacken: "+base64.StdEncoding.EncodeToString(pack(kind, []byte(inflateCanary))), "f", 0, b64Parent{})
		if len(env.Fields) != 1 || env.Fields[0].Kind != File || env.Fields[0].Text != inflateCanary || env.Fields[0].Name != "f (base64, "+kind+")" {
			t.Fatalf("%s: %+v", kind, env.Fields)
		}
	}
	env := &Envelope{}
	newCollector(env).embeddedBase64(base64.StdEncoding.EncodeToString(pack("gzip", []byte(inflateCanary))[:40]), "f", 0, b64Parent{})
	if len(env.Fields) != 1 || env.Fields[0].Text != string(undecodableFile) {
		t.Fatalf("gzip cut short: %+v", env.Fields)
	}
}

func BenchmarkInflateRandom(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	blobs := make([][]byte, 64)
	for i := range blobs {
		blobs[i] = make([]byte, 3000)
		for j := range blobs[i] {
			blobs[i][j] = byte(r.Uint32())
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		newCollector(&Envelope{}).inflate(blobs[i%len(blobs)], true)
	}
}

// FuzzInflate: no payload panics, none unpacks past its bounds, and a
// gzip or zstd payload is read only whole.
//
// Each input may unpack fuzzInflateBudget, not the request's 16 MiB: a
// bomb of a few KiB unpacks to the whole budget, 80 to 140 ms and 32 MB
// allocated uninstrumented (raw deflate, zlib, brotli; 3.5 to 6 ms and
// 2 MB with 1 MiB), many times that in a fuzz worker's coverage build on
// a loaded machine, and the minimizer runs such an input thousands of
// times. A worker that runs one input 10 s panics ("deadlocked!") without
// a message, and a minimization that cannot reproduce it leaves no input:
// the failure sec21 was asked about, not reproduced in six runs here
// (peak VmHWM 127 MB, no input over 50 ms). The paths past the budget
// (inflateProbe, pastBound's end) are the same with a smaller one.
func FuzzInflate(f *testing.F) {
	for _, tc := range inflateCases {
		if len(tc.raw) < 1<<16 {
			f.Add(tc.raw)
		}
	}
	f.Add(append([]byte("\x50\x2a\x4d\x18\x02\x00\x00\x00ab"), pack("zstd", []byte(inflateCanary))...))
	f.Add(payloadtest.BrotliDictionaryPieces([]byte("DE89 3704 0044 0532 0130 00. ")[:28], 3))
	const fuzzInflateBudget = 1 << 20
	f.Fuzz(func(t *testing.T, raw []byte) {
		c := newCollector(&Envelope{inflated: maxInflated - fuzzInflateBudget})
		out, kind, st := c.inflate(raw, true)
		if int64(len(out)) > max(inflateFloor, inflateRatio*int64(len(raw))) {
			t.Fatalf("%d bytes from %d", len(out), len(raw))
		}
		if st == notCompressed && (kind != "" || out != nil) || st == inflateFailed && out != nil {
			t.Fatalf("%q %d %d", kind, st, len(out))
		}
		_, _ = brotliFirstBlock(raw)
	})
}

// TestBase64TextUnpacks: a URL's segment, a query or header value and a
// key that is base64 of gzip, zstd, zlib, raw deflate or brotli of text
// decodes to the text (Base64Text); raw deflate and brotli were not tried
// before (sec20). Of a gzip cut short and of a bomb, to nothing, and
// Base64Decode tells them unreadable; raw deflate with a byte after its
// end is no raw deflate there.
func TestBase64TextUnpacks(t *testing.T) {
	for _, tc := range []struct {
		kind string
		cut  bool
		want string
	}{
		{"gzip", false, inflateCanary}, {"zstd", false, inflateCanary}, {"zlib", false, inflateCanary},
		{"deflate", false, inflateCanary}, {"brotli", false, inflateCanary}, {"gzip", true, ""},
	} {
		p := pack(tc.kind, []byte(inflateCanary))
		if tc.cut {
			p = p[:len(p)/2]
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
			if got, _ := Base64Text(enc.EncodeToString(p)); got != tc.want {
				t.Errorf("%s (cut %v): %q, want %q", tc.kind, tc.cut, got, tc.want)
			}
		}
	}
	for _, tc := range []struct {
		name string
		raw  []byte
		want Base64Status
	}{
		{"gzip cut short", pack("gzip", []byte(inflateCanary))[:40], Base64Unreadable},
		{"brotli bomb", brotliPack([]byte(inflateCanary), make([]byte, 1<<20)), Base64Unreadable},
		{"zstd bomb", pack("zstd", append([]byte(inflateCanary), make([]byte, 1<<20)...)), Base64Unreadable},
		{"raw deflate and a byte", append(pack("deflate", []byte(inflateCanary)), 0x41), Base64None},
		{"raw deflate", pack("deflate", []byte(inflateCanary)), Base64Read},
		{"raw deflate, NUL bytes first", pack("deflate", append(make([]byte, 100), inflateCanary...)), Base64Read},
		{"brotli, NUL bytes first", pack("brotli", append(make([]byte, 100), inflateCanary...)), Base64Read},
	} {
		if d, st := Base64Decode(base64.RawURLEncoding.EncodeToString(tc.raw)); st != tc.want || st == Base64Read && !strings.Contains(d, inflateCanary) {
			t.Errorf("%s: %d %q, want %d", tc.name, st, d, tc.want)
		}
	}
}

// TestBase64DecodeRandomTokens: random session ids, tokens and keys in a
// header or a URL (16 to 64 random bytes, in either alphabet) decode to no
// text and are never unreadable, now that raw deflate and brotli are tried
// there: a header stays the same for a session, and one read so would
// block it at random. n 100 000 (1 000 000 measured: 0 read).
func TestBase64DecodeRandomTokens(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 20))
	n := 100000
	if testing.Short() {
		n = 10000
	}
	read := 0
	for i := 0; i < n; i++ {
		b := make([]byte, 16+r.IntN(49))
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		enc := base64.RawURLEncoding
		if i%2 == 0 {
			enc = base64.StdEncoding
		}
		switch d, st := Base64Decode(enc.EncodeToString(b)); st {
		case Base64Unreadable:
			t.Fatalf("random token %x unreadable", b)
		case Base64Read:
			read++
			t.Logf("%x: %q", b, d)
		}
	}
	if read > 0 {
		t.Fatalf("%d of %d random tokens read as text", read, n)
	}
}

// TestCompressedPayloadNoMedium: zstd and zlib of text declared as an
// image are no medium (MediaKind), unknown binary so declared still is.
func TestCompressedPayloadNoMedium(t *testing.T) {
	for _, kind := range []string{"zstd", "zlib", "gzip"} {
		if k := MediaKind("image/heic", pack(kind, []byte(inflateCanary))); k != "" {
			t.Errorf("%s: %q", kind, k)
		}
	}
	if k := MediaKind("image/heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")); k != UninspectedImage {
		t.Errorf("HEIC: %q", k)
	}
}

// FuzzBase64Decode: no value panics; a value read decodes to valid UTF-8,
// one unreadable or not base64 of text to nothing; base64 of raw deflate
// or brotli of the fuzzer's text is read as that text, as its runs of
// text (without the bytes between them that are none: NUL bytes, a
// vertical tab), or as nothing.
func FuzzBase64Decode(f *testing.F) {
	f.Add(base64.RawURLEncoding.EncodeToString(pack("deflate", []byte(inflateCanary))), []byte(inflateCanary))
	f.Add(base64.StdEncoding.EncodeToString(pack("brotli", []byte(inflateCanary))), []byte("Jürgen Kowalski"))
	f.Add(base64.StdEncoding.EncodeToString(pack("gzip", []byte(inflateCanary))[:40]), []byte{0, 1, 2})
	f.Add("q7Vd0nX3k9Lw2mZr8tYpB1cF4hJ6sG0aE5uW7xQ9zKo", []byte("Wie schreibe ich eine Terminbestätigung?"))
	// NUL bytes and then UTF-16LE (sec22)
	f.Add(base64.RawURLEncoding.EncodeToString(append(make([]byte, 3), utf16Of(inflateCanary, false)...)), append([]byte{0}, utf16Of(inflateCanary, false)...))
	f.Fuzz(func(t *testing.T, s string, text []byte) {
		d, st := Base64Decode(s)
		if st != Base64Read && d != "" || st == Base64Read && !utf8.ValidString(d) {
			t.Fatalf("%q: %d %q", s, st, d)
		}
		if !utf8.Valid(text) {
			return
		}
		for _, kind := range []string{"deflate", "brotli"} {
			d, st := Base64Decode(base64.RawURLEncoding.EncodeToString(pack(kind, text)))
			if st == Base64Unreadable || st == Base64Read && !readFrom(d, string(text)) {
				t.Fatalf("%s of %q: %d %q", kind, text, st, d)
			}
		}
	})
}

// readFrom reports whether d, what Base64Decode read, is text or its runs
// of text joined by line breaks (textRuns).
func readFrom(d, text string) bool {
	if d == text {
		return true
	}
	for run := range strings.SplitSeq(d, "\n") {
		if !strings.Contains(text, run) && !slices.Contains(binaryRuns([]byte(text)), run) {
			return false
		}
	}
	return true
}

// utf16Of is s in UTF-16 without a byte-order mark.
func utf16Of(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = binary.BigEndian.AppendUint16(b, u)
		} else {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
	}
	return b
}

// binaryRunsCases: the true and the false examples of binaryRuns; want
// is the run it gives ("" for none).
var binaryRunsCases = []struct {
	name string
	raw  []byte
	want string
}{
	{"NUL bytes, then UTF-16LE", append(make([]byte, 100), utf16Of(inflateCanary, false)...), inflateCanary},
	{"one NUL byte, then UTF-16LE", append([]byte{0}, utf16Of(inflateCanary, false)...), inflateCanary},
	{"three NUL bytes, then UTF-16BE", append(make([]byte, 3), utf16Of(inflateCanary, true)...), inflateCanary},
	{"a binary header, then UTF-16LE", append([]byte{0x89, 0x01, 0xff, 0x00}, utf16Of(inflateCanary, false)...), inflateCanary},
	{"NUL bytes, then UTF-8", append(make([]byte, 5), inflateCanary...), inflateCanary},
	{"UTF-16LE, too short", append([]byte{0}, utf16Of("Herr Jürgen Kowalski, IB", false)[:46]...), ""},
	{"random bytes with NULs", []byte{0, 0x9a, 0x13, 0, 0xf1, 0x7c, 0, 0, 0x42, 0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4}, ""},
	{"NUL bytes alone", make([]byte, 64), ""},
}

// TestBinaryRuns: decoded binary with NUL bytes and then UTF-16 text gives
// the text (binaryRuns); before, only runs of UTF-8 text counted, and base64
// of NUL bytes and a name in UTF-16LE went out unread (sec22).
func TestBinaryRuns(t *testing.T) {
	for _, tc := range binaryRunsCases {
		t.Run(tc.name, func(t *testing.T) {
			runs := binaryRuns(tc.raw)
			if tc.want == "" && len(runs) > 0 || tc.want != "" && !strings.Contains(strings.Join(runs, "\n"), tc.want) {
				t.Fatalf("%q, want %q", runs, tc.want)
			}
			if hasTextRun(tc.raw) != (len(runs) > 0) {
				t.Fatalf("hasTextRun %v, runs %q", hasTextRun(tc.raw), runs)
			}
		})
	}
}

// FuzzBinaryRuns: each run binaryRuns gives is UTF-8 of minBinaryRun
// characters or more, hasTextRun tells whether there is one, and spanRuns
// and utf16TextRuns give what they would without their filters.
func FuzzBinaryRuns(f *testing.F) {
	for _, tc := range binaryRunsCases {
		f.Add(tc.raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if a, b := spanRuns(raw), textRuns(raw); !slices.Equal(a, b) {
			t.Fatalf("spanRuns %q, textRuns %q", a, b)
		}
		for _, be := range []bool{false, true} {
			if a, b := utf16TextRuns(raw, be), utf16SpanRuns(raw, be); !slices.Equal(a, b) {
				t.Fatalf("big-endian %v: %q, unfiltered %q", be, a, b)
			}
		}
		runs := binaryRuns(raw)
		for _, run := range runs {
			if !utf8.ValidString(run) || utf8.RuneCountInString(run) < minBinaryRun {
				t.Fatalf("run %q", run)
			}
		}
		if hasTextRun(raw) != (len(runs) > 0) {
			t.Fatalf("hasTextRun %v, runs %q", hasTextRun(raw), runs)
		}
	})
}

// TestClaimedMediumRead: bytes that a signature makes an image (a PNG's,
// then a NUL byte and text), in gzip or as they stand, still count as an
// image, and their text is read as a file (medium); before, only the image
// was counted, and the text went out unread where images pass (sec22). A
// real image gives no text.
func TestClaimedMediumRead(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), inflateCanary...)
	real, _ := base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
	for _, tc := range []struct {
		name string
		raw  []byte
		text bool
	}{
		{"gzip of a PNG's signature, then text", pack("gzip", png), true},
		{"a PNG's signature, then text", png, true},
		{"a real PNG", real, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := &Envelope{}
			newCollector(env).base64Payload(base64.StdEncoding.EncodeToString(tc.raw), "f", true, 0, b64Parent{})
			read := false
			for _, f := range env.Fields {
				read = read || strings.Contains(f.Text, inflateCanary)
			}
			if len(env.Uninspected) != 1 || env.Uninspected[0] != UninspectedImage || read != tc.text {
				t.Fatalf("uninspected %q, text read %v: %+v", env.Uninspected, read, env.Fields)
			}
		})
	}
}
