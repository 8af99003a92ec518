package providers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
)

// DefaultMaxBody is the decoded-size cap DecodeBody uses when max <= 0.
const DefaultMaxBody = 64 << 20

// maxEncodings caps how many stacked Content-Encodings are decoded.
const maxEncodings = 4

// DecodeBody undoes the Content-Encoding of a request body. Stacked codings
// ("gzip, br") are undone in reverse order. gzip (x-gzip), deflate (zlib, or
// raw deflate as some clients send it), br and zstd are known; "identity"
// and "" are no-ops. A body whose decoded size exceeds max (DefaultMaxBody
// when max <= 0) fails with ErrTooLarge without being expanded further; an
// unknown coding fails with ErrUnknownEncoding; corrupt data fails with an
// error wrapping ErrMalformed. Safe for concurrent use.
func DecodeBody(contentEncoding string, body []byte, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxBody
	}
	if int64(len(body)) > max {
		return nil, fmt.Errorf("decode body: %d bytes: %w", len(body), ErrTooLarge)
	}
	var codings []string
	for _, c := range strings.Split(contentEncoding, ",") {
		c = strings.ToLower(strings.TrimSpace(c))
		if c != "" && c != "identity" {
			codings = append(codings, c)
		}
	}
	if len(codings) > maxEncodings {
		return nil, fmt.Errorf("decode body: %d stacked encodings: %w", len(codings), ErrUnknownEncoding)
	}
	for i := len(codings) - 1; i >= 0; i-- {
		var err error
		body, err = decodeOne(codings[i], body, max)
		if err != nil {
			return nil, fmt.Errorf("decode body (%s): %w", codings[i], err)
		}
	}
	return body, nil
}

func decodeOne(coding string, body []byte, limit int64) ([]byte, error) {
	var r io.Reader
	switch coding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		defer zr.Close()
		r = zr
	case "deflate":
		zr, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			// Some clients send raw deflate under this name.
			fr := flate.NewReader(bytes.NewReader(body))
			defer fr.Close()
			r = fr
		} else {
			defer zr.Close()
			r = zr
		}
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(body),
			zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderMaxMemory(uint64(limit)+1),
			zstd.WithDecoderMaxWindow(max(min(uint64(limit)+1, zstd.MaxWindowSize), zstd.MinWindowSize)))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("%q: %w", coding, ErrUnknownEncoding)
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if n > limit {
		return nil, ErrTooLarge
	}
	if err != nil {
		if errors.Is(err, zstd.ErrDecoderSizeExceeded) || errors.Is(err, zstd.ErrWindowSizeExceeded) ||
			errors.Is(err, zstd.ErrFrameSizeExceeded) {
			return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return buf.Bytes(), nil
}
