package proxy

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestReadBody(t *testing.T) {
	data := bytes.Repeat([]byte("Anfrage "), 3000) // 24 000 bytes
	errBoom := errors.New("boom")
	for _, c := range []struct {
		name          string
		r             io.Reader
		length, limit int64
		want          int // bytes returned
		err           error
	}{
		{"known length", bytes.NewReader(data), int64(len(data)), 1 << 20, len(data), nil},
		{"unknown length", bytes.NewReader(data), -1, 1 << 20, len(data), nil},
		{"one byte at a time", iotest.OneByteReader(bytes.NewReader(data)), -1, 1 << 20, len(data), nil},
		{"length understated", bytes.NewReader(data), 100, 1 << 20, len(data), nil},
		{"over the limit: one byte more is read", bytes.NewReader(data), -1, 1000, 1001, nil},
		{"empty", bytes.NewReader(nil), 0, 1000, 0, nil},
		{"reader fails", iotest.ErrReader(errBoom), -1, 1000, 0, errBoom},
		{"fails midway", io.MultiReader(bytes.NewReader(data[:10]), iotest.ErrReader(errBoom)), 24000, 1 << 20, 10, errBoom},
	} {
		got, err := readBody(c.r, c.length, c.limit)
		if !errors.Is(err, c.err) || len(got) != c.want || !bytes.Equal(got, data[:min(len(got), len(data))]) {
			t.Errorf("%s: %d bytes, %v; want %d, %v", c.name, len(got), err, c.want, c.err)
		}
	}
	if n := testing.AllocsPerRun(20, func() { readBody(bytes.NewReader(data), int64(len(data)), 1<<20) }); n > 2 {
		t.Errorf("known length: %.0f allocations, want one buffer", n)
	}
}
