package providers

import "testing"

func TestBodyBuffer(t *testing.T) {
	for _, c := range []struct {
		size    int
		wantCap int // 0: not pooled, exactly size
	}{
		{0, 4 << 10}, {1, 4 << 10}, {4 << 10, 4 << 10}, {4<<10 + 1, 6 << 10},
		{6<<10 + 1, 8 << 10}, {16<<10 + 1, 24 << 10}, {24<<10 + 1, 32 << 10},
		{192<<10 + 1, 256 << 10}, {256 << 10, 256 << 10}, {256<<10 + 1, 0},
	} {
		b := BodyBuffer(c.size)
		want := c.wantCap
		if want == 0 {
			want = c.size
		}
		if len(b) != 0 || cap(b) != want {
			t.Errorf("BodyBuffer(%d): len %d cap %d, want 0 and %d", c.size, len(b), cap(b), want)
		}
		ReleaseBody(b)
	}
	// A buffer given back comes out empty and of its class (the pool may
	// also drop it, e.g. under the race detector: a fresh one is right too).
	b := append(BodyBuffer(20<<10), "Anfrage"...)
	ReleaseBody(b)
	if c := BodyBuffer(20 << 10); len(c) != 0 || cap(c) != 24<<10 {
		t.Errorf("after ReleaseBody: len %d cap %d, want 0 and %d", len(c), cap(c), 24<<10)
	}
	// Buffers of no size class are not taken.
	ReleaseBody(make([]byte, 0, 5000))
	if c := BodyBuffer(5000); cap(c) != 6<<10 {
		t.Errorf("a buffer of no size class came back: cap %d", cap(c))
	}
	ReleaseBody(nil)
}

// TestReleaseBodyAllocs: taking a buffer and giving it back allocates
// nothing once the pool holds one (a GC that empties the pool may cost one
// buffer now and then, hence the average below one).
func TestReleaseBodyAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop entries at random")
	}
	ReleaseBody(BodyBuffer(16 << 10))
	if n := testing.AllocsPerRun(200, func() { ReleaseBody(BodyBuffer(16 << 10)) }); n >= 0.5 {
		t.Errorf("BodyBuffer and ReleaseBody: %.2f allocations per cycle, want none", n)
	}
}

// TestReleaseBodyZeroes: a buffer given back holds nothing of what it held,
// up to its capacity, pooled or not; before, request bodies were released
// as they were and the next request's buffer (or the heap) still held an
// earlier prompt.
func TestReleaseBodyZeroes(t *testing.T) {
	for _, size := range []int{100, 20 << 10, 256 << 10, 300 << 10} {
		b := BodyBuffer(size)
		full := b[:cap(b)]
		for i := range full {
			full[i] = 'x'
		}
		ReleaseBody(b[:size/2]) // a shorter slice of it: still all of it
		for i, c := range full {
			if c != 0 {
				t.Fatalf("size %d: byte %d of %d is %q after ReleaseBody", size, i, len(full), c)
			}
		}
	}
	ReleaseBody(nil)
}

// BenchmarkReleaseBody is a 16 KiB request's buffer taken, filled and given
// back (zeroed: its 24 KiB class).
func BenchmarkReleaseBody(b *testing.B) {
	body := make([]byte, 16<<10)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		ReleaseBody(append(BodyBuffer(len(body)), body...))
	}
}
