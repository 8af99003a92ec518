package proxy

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"
	"testing/iotest"

	"github.com/schleuse/schleuse/providers"
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

func TestForwardBody(t *testing.T) {
	data := []byte("Anfrage mit [PERSON_1]")
	b := append(providers.BodyBuffer(len(data)), data...)
	f := newForwardBody(b)
	p := make([]byte, 5)
	n, err := f.Read(p)
	if n != 5 || err != nil || string(p) != "Anfr"+"a" {
		t.Fatalf("first read: %d %v %q", n, err, p[:n])
	}
	rest, err := io.ReadAll(f)
	if err != nil || string(rest) != string(data[5:]) {
		t.Fatalf("rest: %q %v", rest, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	// A read after Close (a Transport that closed the body from another
	// goroutine) must not read the buffer, which is reused by now.
	if n, err := f.Read(p); n != 0 || !errors.Is(err, http.ErrBodyReadAfterClose) {
		t.Errorf("read after Close: %d, %v; want 0, ErrBodyReadAfterClose", n, err)
	}
	if err := f.Close(); err != nil { // a second Close is harmless
		t.Fatal(err)
	}
}

// TestForwardBodyConcurrentClose closes bodies while another goroutine
// reads them (run with -race): every read either copies the bytes the
// body held or fails, even while the released buffers are refilled.
func TestForwardBodyConcurrentClose(t *testing.T) {
	want := bytes.Repeat([]byte("x"), 20<<10)
	for range 200 {
		b := append(providers.BodyBuffer(len(want)), want...)
		f := newForwardBody(b)
		done := make(chan error)
		go func() {
			p := make([]byte, 1024)
			for {
				n, err := f.Read(p)
				if !bytes.Equal(p[:n], want[:n]) {
					done <- errors.New("read bytes of another request")
					return
				}
				if err != nil {
					done <- nil
					return
				}
			}
		}()
		f.Close()
		// Another request fills the buffer that may come back.
		c := providers.BodyBuffer(len(want))
		c = append(c, bytes.Repeat([]byte("y"), len(want))...)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		providers.ReleaseBody(c)
	}
}
