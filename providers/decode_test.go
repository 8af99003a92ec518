package providers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
)

func compress(t testing.TB, coding string, data []byte) []byte {
	t.Helper()
	out, err := encode(coding, data)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// encode compresses data in an HTTP content coding ("deflate" is zlib,
// as the header means it; "rawdeflate" is deflate without its frame).
func encode(coding string, data []byte) ([]byte, error) {
	var b bytes.Buffer
	var w io.WriteCloser
	switch coding {
	case "gzip":
		w = gzip.NewWriter(&b)
	case "deflate":
		w = zlib.NewWriter(&b)
	case "rawdeflate":
		w, _ = flate.NewWriter(&b, flate.BestCompression)
	case "br":
		w = brotli.NewWriterLevel(&b, 5)
	case "zstd":
		zw, err := zstd.NewWriter(&b, zstd.WithEncoderLevel(zstd.SpeedDefault))
		if err != nil {
			return nil, err
		}
		w = zw
	default:
		return nil, fmt.Errorf("unknown coding %s", coding)
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// stack applies codings in header order ("gzip, br": gzip first).
func stack(t testing.TB, header string, data []byte) []byte {
	for _, c := range strings.Split(header, ",") {
		if c = strings.TrimSpace(c); c != "" && c != "identity" {
			data = compress(t, c, data)
		}
	}
	return data
}

func TestDecodeBody(t *testing.T) {
	plain := []byte(`{"messages":[{"role":"user","content":"Herr Max Mustermann, IBAN DE89 3704 0044 0532 0130 00"}]}`)
	for _, enc := range []string{"", "identity", "gzip", "deflate", "br", "zstd", "gzip, br", "zstd,gzip", "GZIP", " br , zstd "} {
		t.Run(enc, func(t *testing.T) {
			body := stack(t, strings.ToLower(enc), plain)
			got, err := DecodeBody(enc, body, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain) {
				t.Errorf("got %q", got)
			}
		})
	}
	t.Run("raw deflate", func(t *testing.T) {
		got, err := DecodeBody("deflate", compress(t, "rawdeflate", plain), 1<<20)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("got %q, %v", got, err)
		}
	})
}

func TestDecodeBodyErrors(t *testing.T) {
	plain := bytes.Repeat([]byte("a"), 100)
	cases := []struct {
		name, enc string
		body      []byte
		max       int64
		want      error
	}{
		{"unknown", "compress", plain, 1 << 20, ErrUnknownEncoding},
		{"unknown in stack", "gzip, snappy", plain, 1 << 20, ErrUnknownEncoding},
		{"too many layers", "gzip,gzip,gzip,gzip,gzip", plain, 1 << 20, ErrUnknownEncoding},
		{"corrupt gzip", "gzip", []byte("not gzip at all"), 1 << 20, ErrMalformed},
		{"corrupt zstd", "zstd", []byte("not zstd at all"), 1 << 20, ErrMalformed},
		{"corrupt br", "br", []byte("not brotli at all, really"), 1 << 20, ErrMalformed},
		{"truncated gzip", "gzip", compress(t, "gzip", plain)[:20], 1 << 20, ErrMalformed},
		{"plain over cap", "", plain, 10, ErrTooLarge},
		{"decoded over cap", "gzip", compress(t, "gzip", plain), 99, ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeBody(c.enc, c.body, c.max)
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
}

// TestDecodeBodyBombs feeds real decompression bombs: a few KB that expand
// to far more than the cap. They must fail with ErrTooLarge.
func TestDecodeBodyBombs(t *testing.T) {
	huge := make([]byte, 16<<20) // 16 MiB of zeros, 16 times the cap
	const limit = 1 << 20
	for _, enc := range []string{"gzip", "deflate", "br", "zstd", "gzip, br"} {
		t.Run(enc, func(t *testing.T) {
			bomb := stack(t, enc, huge)
			if len(bomb) > 100<<10 {
				t.Fatalf("bomb is %d bytes, want a small one", len(bomb))
			}
			got, err := DecodeBody(enc, bomb, limit)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("%d-byte bomb: err = %v (got %d bytes), want ErrTooLarge", len(bomb), err, len(got))
			}
		})
	}
}

func FuzzDecodeBody(f *testing.F) {
	plain := []byte(`{"prompt":"Hallo Max"}`)
	for _, enc := range []string{"gzip", "deflate", "br", "zstd", "gzip, br"} {
		f.Add(enc, stack(f, enc, plain))
	}
	f.Add("identity", plain)
	f.Fuzz(func(t *testing.T, enc string, body []byte) {
		const limit = 1 << 16
		out, err := DecodeBody(enc, body, limit)
		if err == nil && int64(len(out)) > limit {
			t.Fatalf("decoded %d bytes over the cap", len(out))
		}
	})
}

func BenchmarkDecodeBodyZstd(b *testing.B) {
	plain := bytes.Repeat([]byte(`{"role":"user","content":"Sehr geehrter Herr Mustermann, anbei der Bescheid."},`), 2000)
	body := compress(b, "zstd", plain)
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		if _, err := DecodeBody("zstd", body, DefaultMaxBody); err != nil {
			b.Fatal(err)
		}
	}
}
