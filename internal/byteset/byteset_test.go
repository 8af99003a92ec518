package byteset

import (
	"slices"
	"strings"
	"testing"
)

// foldLeads is the set proxy/invisible.go looks for: the widest one in use.
const foldLeads = "&\x00\xc2\xcc\xcd\xce\xcf\xd0\xd1\xd8\xd9\xdb\xe0\xe1\xe2\xe3\xef\xf0\xf3"

func naiveBytes(set, s string) int {
	for i := range len(s) {
		if strings.IndexByte(set, s[i]) >= 0 {
			return i
		}
	}
	return -1
}

var indexCases = []struct {
	set, s string
	want   int
}{
	{foldLeads, "", -1},
	{foldLeads, "plain ASCII text without any of them", -1},
	{foldLeads, "Förderung für Bürger und Straße", -1}, // 0xC3 is not in the set
	{foldLeads, "a&b", 1},
	{foldLeads, "x\x00", 1},
	{foldLeads, strings.Repeat("Förderung ", 10) + "„Zitat“", 110},
	{foldLeads, strings.Repeat("a", 31) + "\xe2", 31},
	{foldLeads, strings.Repeat("a", 32) + "\xe2", 32},
	{foldLeads, strings.Repeat("a", 64) + "\xf3", 64},
	{foldLeads, strings.Repeat("a", 95) + "\xcc\x81", 95},
	{foldLeads, strings.Repeat("\xc3\xa4", 40) + "\xd0\xb0", 80},
	{foldLeads, strings.Repeat("\xbf\x80\xc1\xc3\xc4\xcb\xda\xdc\xdf\xe4\xee\xf1\xf4\xff\x01\x25\x27", 5), -1},
	{"ab", strings.Repeat("x", 40) + "b", 40},
}

func TestIndex(t *testing.T) {
	for _, vec := range []bool{true, false} {
		was := useVector(vec)
		for _, tc := range indexCases {
			s := New(tc.set)
			if got := s.Index(tc.s); got != tc.want {
				t.Errorf("vector=%v: Index(%q) = %d, want %d", vec, tc.s, got, tc.want)
			}
			if got := naiveBytes(tc.set, tc.s); got != tc.want {
				t.Errorf("case %q: the naive search says %d, want %d", tc.s, got, tc.want)
			}
		}
		useVector(was)
	}
}

// naiveAll is every index of s whose byte is in set.
func naiveAll(set, s string) []int {
	var at []int
	for i := range len(s) {
		if strings.IndexByte(set, s[i]) >= 0 {
			at = append(at, i)
		}
	}
	return at
}

// TestAll: All yields what a byte-at-a-time search finds, with and
// without the vector pass, around the blocks' lengths, and stops when
// asked to.
func TestAll(t *testing.T) {
	for _, vec := range []bool{true, false} {
		was := useVector(vec)
		for _, tc := range indexCases {
			s := New(tc.set)
			for _, text := range []string{tc.s, tc.s + tc.s[:len(tc.s)/3], strings.Repeat(tc.s, 3)} {
				if got, want := slices.Collect(s.All(text)), naiveAll(tc.set, text); !slices.Equal(got, want) {
					t.Errorf("vector=%v: All(%q) = %v, want %v", vec, text, got, want)
				}
				for stop := range 3 { // stop after stop+1 bytes found
					var got []int
					for i := range s.All(text) {
						if got = append(got, i); len(got) > stop {
							break
						}
					}
					if want := naiveAll(tc.set, text); !slices.Equal(got, want[:min(len(want), stop+1)]) {
						t.Errorf("vector=%v: All(%q) stopped after %d: %v", vec, text, stop+1, got)
					}
				}
			}
		}
		useVector(was)
	}
}

func TestContains(t *testing.T) {
	s := New(foldLeads)
	for b := range 256 {
		if got, want := s.Contains(byte(b)), strings.IndexByte(foldLeads, byte(b)) >= 0; got != want {
			t.Errorf("Contains(%#x) = %v, want %v", b, got, want)
		}
	}
}

// TestEveryByteAtEveryPlace puts each byte value at each offset of texts
// around the vector pass's block lengths (32, two blocks a step, the last
// 32 bytes for a tail): the vector pass and the tail agree with the set.
func TestEveryByteAtEveryPlace(t *testing.T) {
	s := New(foldLeads)
	for _, n := range []int{31, 32, 33, 63, 64, 65, 95, 96, 100, 129} {
		buf := []byte(strings.Repeat("a", n))
		for b := range 256 {
			for at := range buf {
				buf[at] = byte(b)
				want := -1
				if s.Contains(byte(b)) {
					want = at
				}
				if got := s.Index(string(buf)); got != want {
					t.Fatalf("%d bytes, byte %#x at %d: Index = %d, want %d", n, b, at, got, want)
				}
				if got := slices.Collect(s.All(string(buf))); want < 0 && len(got) > 0 || want >= 0 && !slices.Equal(got, []int{at}) {
					t.Fatalf("%d bytes, byte %#x at %d: All = %v", n, b, at, got)
				}
				buf[at] = 'a'
			}
		}
	}
}

func TestTooManyNibbles(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New accepted nine high nibbles")
		}
	}()
	if _, ok := Make("\x00\x10\x20\x30\x40\x50\x60\x70\x80"); ok {
		t.Error("Make accepted nine high nibbles")
	}
	New("\x00\x10\x20\x30\x40\x50\x60\x70\x80")
}

// TestMake: a set made in place finds what New's finds, and making it
// allocates nothing.
func TestMake(t *testing.T) {
	for _, tc := range indexCases {
		s, ok := Make(tc.set)
		if !ok {
			t.Fatalf("Make(%q) failed", tc.set)
		}
		if got := s.Index(tc.s); got != tc.want {
			t.Errorf("Index(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
	text := strings.Repeat("a", 100) + "@"
	if n := testing.AllocsPerRun(10, func() {
		if s, _ := Make("@1"); s.Index(text) != 100 {
			t.Error("Make(\"@1\") did not find '@'")
		}
	}); n != 0 {
		t.Errorf("Make and Index allocate %v times", n)
	}
}

func FuzzIndex(f *testing.F) {
	for _, tc := range indexCases {
		f.Add(tc.set, tc.s)
	}
	f.Fuzz(func(t *testing.T, set, s string) {
		var nib [16]bool
		n := 0
		for i := range len(set) {
			if !nib[set[i]>>4] {
				nib[set[i]>>4] = true
				n++
			}
		}
		if n > 8 {
			return
		}
		bs := New(set)
		want := naiveBytes(set, s)
		if got := bs.Index(s); got != want {
			t.Fatalf("Index(%q) in %q = %d, want %d", s, set, got, want)
		}
		for _, vec := range []bool{true, false} {
			was := useVector(vec)
			got := slices.Collect(bs.All(s))
			useVector(was)
			if want := naiveAll(set, s); !slices.Equal(got, want) {
				t.Fatalf("vector=%v: All(%q) in %q = %v, want %v", vec, s, set, got, want)
			}
		}
	})
}

func BenchmarkIndex(b *testing.B) {
	s := New(foldLeads)
	for _, tc := range []struct {
		name, sentence string
		repeat         bool // the sentence once, not 16 KB of it
	}{
		{"prose", "Die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der kommunalen Kulturförderung. ", false},
		// what the proxy folds per finding (scanned.value): a name, an IBAN
		{"value", "Thomas Schneider", true},
		{"iban", "DE89 3704 0044 0532 0130 00", true},
	} {
		text := strings.Repeat(tc.sentence, 16<<10/len(tc.sentence))
		if tc.repeat {
			text = tc.sentence
		}
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if s.Index(text) >= 0 {
					b.Fatal("found")
				}
			}
		})
	}
}

// b64 is the set providers/dataurl.go looks for runs of: both base64
// alphabets, '=' and line breaks.
const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=\n\r"

func naiveRun(set, s string, n int) int {
	have := 0
	for i := range len(s) {
		if strings.IndexByte(set, s[i]) < 0 {
			have = 0
			continue
		}
		if have++; have == n {
			return i - n + 1
		}
	}
	return -1
}

var runCases = []struct {
	set, s  string
	n, want int
}{
	{b64, "", 16, -1},
	{b64, "Die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der kommunalen Kulturförderung.", 16, -1},
	{b64, "Kulturförderungsantragsunterlagen", 16, 9}, // after "ö"
	{b64, "token=QWt0ZW56ZWljaGVuIDQy", 16, 0},
	{b64, "x QWt0ZW56ZWljaGVu", 16, 2},
	{b64, strings.Repeat("ab ", 30) + "QWt0ZW56ZWljaGVu", 16, 90},
	// runs across the vector blocks' edges, one byte short and long enough
	{b64, strings.Repeat(" ", 56) + strings.Repeat("A", 15) + " " + strings.Repeat("B", 16), 16, 72},
	{b64, strings.Repeat(" ", 56) + strings.Repeat("A", 16), 16, 56},
	{b64, strings.Repeat(" ", 63) + strings.Repeat("A", 16) + strings.Repeat(" ", 64), 16, 63},
	{b64, strings.Repeat(" ", 49) + strings.Repeat("A", 144), 16, 49},
	{b64, strings.Repeat("A", 200), 64, 0},
	{b64, strings.Repeat("A", 63) + " " + strings.Repeat("A", 63) + " " + strings.Repeat("A", 64), 64, 128},
	{b64, strings.Repeat("A", 15) + " ", 1, 0},
	{b64, strings.Repeat(" ", 100) + "A", 1, 100},
	{"ab", strings.Repeat("x", 40) + "abab", 3, 40},
}

func TestRun(t *testing.T) {
	for _, vec := range []bool{true, false} {
		was := useVector(vec)
		for _, tc := range runCases {
			if got := New(tc.set).Run(tc.s, tc.n); got != tc.want {
				t.Errorf("vector=%v: Run(%q, %d) = %d, want %d", vec, tc.s, tc.n, got, tc.want)
			}
			if got := naiveRun(tc.set, tc.s, tc.n); got != tc.want {
				t.Errorf("case %q: the naive search says %d, want %d", tc.s, got, tc.want)
			}
		}
		useVector(was)
	}
}

func FuzzRun(f *testing.F) {
	for _, tc := range runCases {
		f.Add(tc.s, uint8(tc.n))
	}
	bs := New(b64)
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		n = n%64 + 1
		want := naiveRun(b64, s, int(n))
		for _, vec := range []bool{true, false} {
			was := useVector(vec)
			got := bs.Run(s, int(n))
			useVector(was)
			if got != want {
				t.Fatalf("vector=%v: Run(%q, %d) = %d, want %d", vec, s, n, got, want)
			}
		}
	})
}

func BenchmarkRun(b *testing.B) {
	s := New(b64)
	text := strings.Repeat("Die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der kommunalen Kulturförderung. ", 16<<10/98)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if s.Run(text, 16) >= 0 {
			b.Fatal("found")
		}
	}
}
