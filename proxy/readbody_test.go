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

func TestOverlaps(t *testing.T) {
	buf := make([]byte, 100)
	other := make([]byte, 10)
	for _, c := range []struct {
		name string
		a, b []byte
		want bool
	}{
		{"same", buf, buf, true},
		{"prefix", buf[:10], buf, true},
		{"inside", buf[40:50], buf[:60], true},
		{"capacity reaches into the other", buf[:10], buf[50:], true},
		{"disjoint by capacity", buf[:10:10], buf[10:], false},
		{"other array", other, buf, false},
		{"nil", nil, buf, false},
		{"empty", buf[:0:0], buf, false},
	} {
		if got := overlaps(c.a, c.b); got != c.want {
			t.Errorf("%s: overlaps = %v, want %v", c.name, got, c.want)
		}
		if got := overlaps(c.b, c.a); got != c.want {
			t.Errorf("%s (swapped): overlaps = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBodyBufs(t *testing.T) {
	for _, c := range []struct {
		size    int64
		wantCap int // 0 = not pooled, exactly size
	}{
		{0, 4 << 10}, {1, 4 << 10}, {4 << 10, 4 << 10}, {4<<10 + 1, 8 << 10},
		{16<<10 + 1, 32 << 10}, {256 << 10, 256 << 10}, {256<<10 + 1, 0},
	} {
		b := getBodyBuf(c.size)
		want := c.wantCap
		if want == 0 {
			want = int(c.size)
		}
		if len(b) != 0 || cap(b) != want {
			t.Errorf("getBodyBuf(%d): len %d cap %d, want 0 and %d", c.size, len(b), cap(b), want)
		}
		putBodyBuf(b)
	}
	// A buffer given back is handed out again (the pool may drop it, e.g.
	// under the race detector, so only a reuse proves anything; a fresh
	// buffer of the class is also right).
	b := getBodyBuf(20 << 10)
	b = append(b, "Anfrage"...)
	putBodyBuf(b)
	if c := getBodyBuf(20 << 10); len(c) != 0 || cap(c) != 32<<10 {
		t.Errorf("after putBodyBuf: len %d cap %d, want 0 and %d", len(c), cap(c), 32<<10)
	}
	// Grown or foreign buffers are not taken.
	putBodyBuf(make([]byte, 0, 5000))
	if c := getBodyBuf(5000); cap(c) != 8<<10 {
		t.Errorf("a buffer of no size class came back: cap %d", cap(c))
	}
}
