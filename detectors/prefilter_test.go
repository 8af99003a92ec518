package detectors

import (
	"bytes"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/benchcpu"
)

// prefilterCases cover case variants, umlauts, overlaps, keywords at the
// very start and end, two-byte keywords, invalid UTF-8 and NUL bytes.
var prefilterCases = []string{
	"",
	"a",
	"vs",
	"VS-NfD und vs. Az 12/34, AZ: 5, az.",
	"Passwort: X1y2z3w4! und PASSWORT=abc123xyz, Pin 4711 sk-ab",
	"HAUPTSTRASSE 5, Hauptstraße 7, HAUPTSTRAẞE, hauptstr. 9",
	"Schwerbehindert, SCHWERBEHINDERTENAUSWEIS, schwangerschaftsabbruch",
	"PFLEGEBEDÜRFTIG pflegebedürftig PflegebedÜrftig Pflegebed\xc3\x9crftig",
	"Jüdin JÜDIN jÜdisch \xc3\x9c \x9c\xc3",
	"geb.geb.geb. GEB. Geb.-Datum: 01.02.1980 geboren",
	"<<<<<< IDD<<T22000129 <<",
	// keywords of sixteen bytes or more (by16), a family sharing its first
	// eight, and one ending where the text ends
	"im Stadtteil; Im Stadtverband der CDU aktiv, im stadtverband der Grünen aktiv. Unter der Nummer",
	"unter der nummer",
	"unter der numme",
	"\x00\x00passwort\x00\xff\xfe\xc3pin\xc3",
	"eyJhbGciOi eyj EYJ -----BEGIN RSA-----begin",
	"aktenzeichen:aktenzeichen: Akz. Gz.: GZ: gesch.-z.",
	"ppaasswwoorrtt passpasswortpasswort",
	"DIE GRÜNEN-Kandidatin und die Linke-Mitglied, Mitglied der SPD, mitglied der cdu",
	"die grü",
	"ü",
	"pi",
	"pin",
	"kur",
	"Ömer Çelik, ÖDP-Mitglied; xÖDP-mitglied und Şahin–Łukasz",
	"a<<b\n\"Geheim\" „VS-NfD“ x-----BEGIN",
	"GEHEIM1 Ümit 9Passwort",
	"12345678Pin",
	// line breaks the pass records (Text.lineBreaks) beside the bytes that
	// share their bit of the nibble tables, in the first group and the tail
	"Zeile eins\nZeile zwei\r\n\x02\x04\x06\x0c Ê Ú 값 Ärger „zitiert“\nDie Verwaltung bearbeitet den Antrag.\n\n",
}

// checkPrefilter compares the engine's one-pass keyword hits with a direct
// search of every keyword in Lower(): every occurrence of a keyword that
// starts with ASCII punctuation, and every occurrence at a word start (no
// ASCII letter or digit before it) of the others; and its capitalised word
// starts with capWords.
func checkPrefilter(t *testing.T, e *Engine, text []byte) {
	t.Helper()
	forScanModes(func(mode string) { checkPrefilterMode(t, e, text, mode) })
}

// forScanModes runs f once for each way the pass can find word starts in
// this build on this CPU: eight bytes at a time, and with AVX2 and AVX-512
// compares where they are there (see prefilter_simd.go).
func forScanModes(f func(mode string)) {
	simd, wide := useSIMD, avx512
	defer func() { useSIMD, avx512 = simd, wide }()
	useSIMD, avx512 = false, false
	f("SWAR")
	if simd {
		useSIMD = true
		f("AVX2")
		if wide {
			avx512 = true
			f("AVX-512")
		}
	}
}

func checkPrefilterMode(t *testing.T, e *Engine, text []byte, mode string) {
	t.Helper()
	tx := &Text{}
	tx.reset(text, e.pf)
	e.pf.run(tx)
	low := NewText(text).Lower()
	for id, kw := range e.pf.kws {
		var want []int
		for _, h := range indexAll(low, kw) {
			if len(kw) == 1 || !wordByte[kw[0]] && kw[0] < 0xC0 || h == 0 || !wordByte[text[h-1]] {
				want = append(want, h)
			}
		}
		if len(kw) == 1 {
			if got := e.pf.hit(tx, id); got != (len(want) > 0) && !isDigit(kw[0]) {
				t.Fatalf("%s %q: single %q hit=%v, want %v", mode, text, kw, got, len(want) > 0)
			}
			if got := tx.Hits(kw); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("%s %q: Hits(%q) = %v, direct search %v", mode, text, kw, got, want)
			}
			continue
		}
		if got := tx.Hits(kw); !slices.Equal(got, want) {
			t.Fatalf("%s %q: Hits(%q) = %v, direct search %v", mode, text, kw, got, want)
		}
	}
	if got, want := tx.DigitRuns(), digitRuns(text, 0, nil); len(got)+len(want) > 0 && !slices.Equal(got, want) {
		t.Fatalf("%s %q: DigitRuns after the pass = %v, one run at a time %v", mode, text, got, want)
	}
	if got := tx.Lower(); !bytes.Equal(got, low) {
		t.Fatalf("%s %q: Lower after the pass = %q, lowerInto %q", mode, text, got, low)
	}
	if len(text) >= 2 {
		if got, want := tx.CapWords(), capWords(text, nil); !slices.Equal(got, want) {
			t.Fatalf("%s %q: CapWords = %v, one byte at a time %v", mode, text, got, want)
		}
		if !tx.wordsDone {
			t.Fatalf("%s %q: the pass wrote no wordBits", mode, text)
		}
	}
	for c := range e.pf.posOf {
		if e.pf.posOf[c] < 0 {
			continue
		}
		if mode != "SWAR" && len(text) >= 72 && !tx.posDone {
			t.Fatalf("%s %q: the pass recorded no positions of %q", mode, text, byte(c))
		}
		var got, want []int
		for i := 0; ; i++ {
			if i = tx.nextByte(byte(c), i); i < 0 {
				break
			}
			got = append(got, i)
		}
		for i, b := range text {
			if b == byte(c) {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s %q: nextByte(%q) finds %v, a byte loop %v", mode, text, byte(c), got, want)
		}
	}
	for _, c := range occurBytes {
		if got, want := tx.Has(c), bytes.IndexByte(text, c) >= 0; got != want {
			t.Fatalf("%s %q: Has(%q) = %v, want %v", mode, text, c, got, want)
		}
	}
	if mode != "SWAR" && len(text) >= 72 && !tx.newlinesDone {
		t.Fatalf("%s %q: the pass recorded no line breaks", mode, text)
	}
	var breaks []int
	for i, b := range text {
		if b == '\n' {
			breaks = append(breaks, i)
		}
	}
	if got := tx.lineBreaks(); !slices.Equal(got, breaks) {
		t.Fatalf("%s %q: lineBreaks = %v, a byte loop %v", mode, text, got, breaks)
	}
	want := wordBitsRef(text)
	if got := tx.wordBits(); !bytes.Equal(got, want) {
		t.Fatalf("%s %q: wordBits after the pass = %x, one byte at a time %x", mode, text, got, want)
	}
	if got := NewText(text).wordBits(); !bytes.Equal(got, want) {
		t.Fatalf("%q: wordBits without the pass = %x, one byte at a time %x", text, got, want)
	}
}

// wordBitsRef is Text.wordBits one byte at a time.
func wordBitsRef(text []byte) []byte {
	out := make([]byte, len(text)>>3+9)
	for i, c := range text {
		if isLetter(c) || c >= 0x80 {
			out[i>>3] |= 1 << (i & 7)
		}
	}
	return out
}

func TestPrefilterMatchesDirectSearch(t *testing.T) {
	e := Default()
	for _, c := range prefilterCases {
		checkPrefilter(t, e, []byte(c))
		checkPrefilter(t, e, bytes.ToUpper([]byte(c)))
	}
	checkPrefilter(t, e, benchText[:64<<10])
}

// TestPrefilterRandomGroups checks the pass against the direct search on
// random texts of letters, digits, umlauts and punctuation, so that words,
// digit runs and multi-byte characters cross the 64-byte groups of the
// vector compares and the eight-byte blocks at every offset.
func TestPrefilterRandomGroups(t *testing.T) {
	e := Default()
	alphabet := []string{"a", "Z", "7", " ", "ä", "Ö", "-", ":", "@", "<", "(", "=", "/", "\n", "az.", "Tel", "\xc3",
		"Ü", "Ä", "„", "“", "\"", "'", "]", "€", "\x84", "\x96"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for b.Len() < 40+n*3 {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		checkPrefilter(t, e, []byte(b.String()))
	}
}

// TestPrefilterSIMDBuilt makes sure the vector path is what the tests
// check on amd64: `make test` builds with GOEXPERIMENT=simd.
func TestPrefilterSIMDBuilt(t *testing.T) {
	if runtime.GOARCH != "amd64" || simdBuild {
		t.Logf("vector compares: built %v, used %v, AVX-512 %v", simdBuild, useSIMD, avx512)
		return
	}
	msg := "built without GOEXPERIMENT=simd: the AVX2/AVX-512 word-start pass is not tested (make test sets it)"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip("SKIP (loud): " + msg)
}

// TestPrefilterChunkEdges puts capitals, digit runs, umlauts and keywords
// across the edges of the pass's chunks (scanChunk) and of its padded tail.
func TestPrefilterChunkEdges(t *testing.T) {
	e := Default()
	unit := "Az. 12345 Herr Müller, geb. ÖZTÜRK, Tel. 0228/123 Im Stadtverband der CDU aktiv; "
	for _, size := range []int{scanChunk, 2 * scanChunk} {
		for shift := 0; shift < len(unit); shift += 7 {
			text := []byte(strings.Repeat("x", shift) + strings.Repeat(unit, size/len(unit)+2))
			for _, n := range []int{size - 9, size - 1, size, size + 7, size + 8, size + 9, size + 15, size + 16, size + 17} {
				checkPrefilter(t, e, text[:n])
			}
		}
	}
	for n := 0; n < 40; n++ {
		checkPrefilter(t, e, []byte(strings.Repeat("Ö1 az. ", 6)[:n]))
	}
}

// TestPrefilterReusedText runs the pass on one Text for a long and then a
// shorter text, as the engine's pool does: Lower must hold only the second.
func TestPrefilterReusedText(t *testing.T) {
	e := Default()
	tx := &Text{}
	for _, s := range []string{"ÄRZTIN MÜLLER-ÖZTÜRK, Übergabe an Herrn Schmidt", "Öl", "ab", "Frau X", "",
		"die übergabe an herrn schmidt erfolgt am montag", "die übergabe erfolgt an Herrn Schmidt, ÖZTÜRK und ÄRZTIN",
		"12345678", "Tel. 0228 123456-78, Fax 0228/99", "a1b22c333d4444e55555f666666g7777777h88888888i999999999"} {
		tx.reset([]byte(s), e.pf)
		e.pf.run(tx)
		if got, want := tx.Lower(), lowerInto(make([]byte, len(s)), []byte(s)); !bytes.Equal(got, want) {
			t.Fatalf("%q: Lower = %q, want %q", s, got, want)
		}
		if got, want := tx.DigitRuns(), digitRuns([]byte(s), 0, nil); len(got)+len(want) > 0 && !slices.Equal(got, want) {
			t.Fatalf("%q: DigitRuns = %v, want %v", s, got, want)
		}
	}
}

func TestLowerIntoMatchesTable(t *testing.T) {
	var every []byte // every byte value at every offset of a 64-byte group
	for shift := 0; shift < 64; shift++ {
		for c := range 256 {
			every = append(every, byte(c+shift))
		}
	}
	for _, c := range append(prefilterCases, string(benchText[:4096]), string(every)) {
		for _, s := range []string{c, string(bytes.ToUpper([]byte(c)))} {
			checkLower(t, s)
		}
	}
}

// checkLower compares lowerInto with a byte-by-byte reference, in every
// mode of the pass (lowerASCII uses its vector compares).
func checkLower(t *testing.T, s string) {
	t.Helper()
	forScanModes(func(mode string) { checkLowerMode(t, s, mode) })
}

func checkLowerMode(t *testing.T, s, mode string) {
	t.Helper()
	got := lowerInto(make([]byte, len(s)), []byte(s))
	want := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		want[i] = lowerTab[s[i]]
		if i > 0 && s[i-1] == 0xC3 && (s[i] == 0x84 || s[i] == 0x96 || s[i] == 0x9C) {
			want[i] += 0x20
		}
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: lowerInto(%q) = %q, want %q", mode, s, got, want)
	}
}

func FuzzLowerInto(f *testing.F) {
	for _, c := range prefilterCases {
		f.Add(c)
	}
	f.Fuzz(checkLower)
}

func FuzzPrefilter(f *testing.F) {
	for _, c := range prefilterCases {
		f.Add([]byte(c))
	}
	e := Default()
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) > 4096 {
			text = text[:4096]
		}
		checkPrefilter(t, e, text)
	})
}

// BenchmarkPrefilter measures the keyword pass alone (no detectors).
func BenchmarkPrefilter(b *testing.B) {
	for _, c := range []struct {
		name string
		text []byte
	}{{"findings", benchText}, {"none", noCandidates}, {"prose", proseText}} {
		b.Run(c.name, func(b *testing.B) {
			e := Default()
			tx := &Text{}
			b.SetBytes(int64(len(c.text)))
			start := benchcpu.Process()
			for b.Loop() {
				tx.reset(c.text, e.pf)
				e.pf.run(tx)
			}
			reportCPU(b, start, len(c.text))
		})
	}
}

// BenchmarkLower measures the lower-cased copy.
func BenchmarkLower(b *testing.B) {
	dst := make([]byte, len(benchText))
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		lowerInto(dst, benchText)
	}
}

// TestEachKeywordHitAndReuse checks that EachKeywordHit reports exactly the
// keywords with hits, and that a reused Text carries nothing over.
func TestEachKeywordHitAndReuse(t *testing.T) {
	e := Default()
	tx := &Text{}
	for _, c := range append(prefilterCases, prefilterCases...) {
		text := []byte(c)
		tx.reset(text, e.pf)
		e.pf.run(tx)
		got := map[string][]int{}
		tx.EachKeywordHit(func(kw string, starts []int) { got[kw] = starts })
		fresh := &Text{}
		fresh.reset(text, e.pf)
		e.pf.run(fresh)
		for id, kw := range e.pf.kws {
			if len(kw) < 2 {
				continue
			}
			want := fresh.Hits(kw)
			if !slices.Equal(got[kw], want) || !slices.Equal(tx.Hits(kw), want) {
				t.Fatalf("%q: keyword %q: EachKeywordHit %v, Hits %v, fresh Text %v (id %d)", c, kw, got[kw], tx.Hits(kw), want, id)
			}
		}
		tx.reset(nil, nil)
	}
}

// TestListHits checks that listHits yields exactly what a loop over the list
// with Hits gives, on texts prepared by the default engine (keywords mapped
// to ids, single bytes and words that are no keyword answered by Hits) and
// on a bare Text. A Text reused from one text to the next (as the engine's
// pool does) must give what a fresh one gives: its bit set of keywords with
// hits is cleared per text, and their offsets are cut back only when a
// keyword has its first hit in the next text.
func TestListHits(t *testing.T) {
	e := Default()
	lx := DefaultLexicons()
	lists := map[string][]string{
		"case_labels": lx.mustList("case_labels"), "birth_labels": lx.mustList("birth_labels"),
		"passwordLabels": passwordLabels, "tokenPrefixKeys": tokenPrefixKeys, "credSchemes": credSchemes,
		"mixed": {"aktenzeichen", ":", "kein-schlüsselwort", "geb.", "x"},
	}
	texts := [][]byte{
		benchText[:64<<10],
		[]byte("Az.: 12 K 345/24, geb. Müller, Passwort: x7#Lq!9z, ghp_abcdefghijklmnopqrstuvwxyz0123456789, https://u:p@h.example/ Aktenzeichen:"),
		nil,
		[]byte("Geburtsdatum: 01.02.1990, Az. 7 C 12/25"),
	}
	reused := &Text{}
	for _, text := range append(texts, texts...) {
		prepared := &Text{}
		prepared.reset(text, e.pf)
		e.pf.run(prepared)
		reused.reset(text, e.pf)
		e.pf.run(reused)
		for name, list := range lists {
			var want, got [][]int
			for i, hs := range prepared.listHits(list) {
				want = append(want, append([]int{i}, hs...))
			}
			for i, hs := range reused.listHits(list) {
				got = append(got, append([]int{i}, hs...))
			}
			if !slices.EqualFunc(want, got, slices.Equal) {
				t.Fatalf("%s (%d bytes): reused Text %v, fresh Text %v", name, len(text), got, want)
			}
			for _, kw := range list {
				if !slices.Equal(reused.Hits(kw), prepared.Hits(kw)) {
					t.Fatalf("%q (%d bytes): reused Text Hits %v, fresh Text %v", kw, len(text), reused.Hits(kw), prepared.Hits(kw))
				}
			}
		}
		reused.reset(nil, nil)
		for _, tx := range []*Text{prepared, NewText(text)} {
			for name, list := range lists {
				var want, got [][]int
				for _, kw := range list {
					if hs := tx.Hits(kw); len(hs) > 0 {
						want = append(want, append([]int{len(want)}, hs...))
					}
				}
				for i, hs := range tx.listHits(list) {
					got = append(got, append([]int{len(got)}, hs...))
					if !slices.Equal(hs, tx.Hits(list[i])) {
						t.Fatalf("%s: listHits gives %v for %q, Hits %v", name, hs, list[i], tx.Hits(list[i]))
					}
				}
				if !slices.EqualFunc(want, got, slices.Equal) {
					t.Fatalf("%s (%d bytes, prepared %v): listHits %v, Hits loop %v", name, len(text), tx.pf != nil, got, want)
				}
			}
		}
	}
}

// TestKeySlots checks Text.keyHits against Hits for every call site's
// keyword (newKeySlot), on a prepared Text, a Text no Engine prepared and a
// slot the prefilter does not know (made after it was built), and that
// each is a keyword of the default engine: one that is not falls back to
// Hits' search of the whole text, which a detector's rename of a keyword
// would make quietly.
func TestKeySlots(t *testing.T) {
	e := Default()
	if len(keySlotWords) < 20 {
		t.Fatalf("%d key slots, want the detectors' (≥ 20)", len(keySlotWords))
	}
	for slot, kw := range keySlotWords {
		if id := e.pf.keyIDs[slot]; id < 0 || e.pf.kws[id] != kw {
			t.Errorf("slot %d: %q has id %d, no keyword of the default engine", slot, kw, id)
		}
	}
	texts := [][]byte{
		benchText[:64<<10],
		[]byte("geb 12.5.1985, BDAY:19850512, PID|1||, P<D<<MUSTERMANN<<ERIKA, null eins fünf, Basic dXNlcjpwYXNz, eyJhbGciOi, -----BEGIN KEY, Haustür-Code 4711, Cookie: a=b, sig=abc, VS-NfD, Verschlusssache, OWi 2026-1, Beitrag, Gewerkschaft, dr. meier, Name: x"),
		nil,
	}
	for _, text := range texts {
		prepared := &Text{}
		prepared.reset(text, e.pf)
		e.pf.run(prepared)
		for _, tx := range []*Text{prepared, NewText(text)} {
			for slot, kw := range keySlotWords {
				if got, want := tx.keyHits(keySlot(slot)), tx.Hits(kw); !slices.Equal(got, want) {
					t.Fatalf("%q (%d bytes, prepared %v): keyHits %v, Hits %v", kw, len(text), tx.pf != nil, got, want)
				}
			}
		}
		late := keySlot(len(e.pf.keyIDs)) // as a slot made after the prefilter
		keySlotWords = append(keySlotWords, "gewerkschaft")
		if got, want := prepared.keyHits(late), prepared.Hits("gewerkschaft"); !slices.Equal(got, want) {
			t.Errorf("a late slot: keyHits %v, Hits %v", got, want)
		}
		keySlotWords = keySlotWords[:late]
	}
}

// TestPrefilterUmlautEdges puts a capital umlaut and the bytes of Has
// across the chunk edge of the pass and the end of its vector part (the
// last bytes are searched otherwise), and compares Lower and Has with
// their definitions in every scan mode.
func TestPrefilterUmlautEdges(t *testing.T) {
	e := Default()
	base := []byte(strings.Repeat("Ab ", 1400)) // 4200 bytes: two chunks and a tail
	var offs []int
	for k := scanChunk - 70; k < scanChunk+10; k++ {
		offs = append(offs, k)
	}
	for k := len(base) - 140; k < len(base)-1; k++ {
		offs = append(offs, k)
	}
	for _, ins := range []string{"Ü", "Ä", "Ö", "„", "]", "\""} {
		for _, k := range offs {
			text := append(append(append([]byte{}, base[:k]...), ins...), base[k:]...)
			forScanModes(func(mode string) {
				tx := &Text{}
				tx.reset(text, e.pf)
				e.pf.run(tx)
				if got, want := tx.Lower(), lowerInto(make([]byte, len(text)), text); !bytes.Equal(got, want) {
					t.Fatalf("%s, %q at %d: Lower differs from lowerInto", mode, ins, k)
				}
				for _, c := range occurBytes {
					if got, want := tx.Has(c), bytes.IndexByte(text, c) >= 0; got != want {
						t.Fatalf("%s, %q at %d: Has(%q) = %v, want %v", mode, ins, k, c, got, want)
					}
				}
			})
		}
	}
}

// TestListSlotIDs: a slot's ids are listIDs' ids; a slot used with another
// list (another engine's lexicons) answers for that list; a slot the
// prefilter has no entry for falls back to listIDs.
func TestListSlotIDs(t *testing.T) {
	e := Default()
	a := []string{"aktenzeichen", "kein wort hier", "az."}
	b := []string{"geburtsdatum", "x"}
	slot := caseLabelsSlot
	for range 2 {
		if got, want := e.pf.idsAt(slot, a), e.pf.listIDs(a); !slices.Equal(got, want) {
			t.Fatalf("idsAt(a) = %v, want %v", got, want)
		}
	}
	if got, want := e.pf.idsAt(slot, b), e.pf.listIDs(b); !slices.Equal(got, want) {
		t.Fatalf("idsAt(b) after a = %v, want %v", got, want)
	}
	if got, want := e.pf.idsAt(listSlot(len(e.pf.slots)), a), e.pf.listIDs(a); !slices.Equal(got, want) {
		t.Fatalf("idsAt(out of range) = %v, want %v", got, want)
	}
	if got := e.pf.slots[slot].Load(); got == nil || got.key != &b[0] {
		t.Fatalf("slot entry not kept for the last list")
	}
}

// TestWinHashes checks that the one product of winHashes gives the hashes
// newPrefilter sets the bitmaps' bits by (hashWin of the first four bytes,
// hash8 of all eight, idx23 of the first two), for windows that differ in
// one byte: a probe that hashed otherwise would miss keywords.
func TestWinHashes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		x8 := r.Uint64()
		for k := range 9 {
			x := x8
			if k < 8 {
				x ^= uint64(r.IntN(255)+1) << (8 * k)
			}
			h, h8, i23 := winHashes(x)
			if h != hashWin(uint32(x)) || h8 != hash8(x) || i23 != idx23(uint32(x)) {
				t.Fatalf("%#x: winHashes %d %d %d, hashWin %d hash8 %d idx23 %d", x, h, h8, i23, hashWin(uint32(x)), hash8(x), idx23(uint32(x)))
			}
			if h >= 1<<bmBits || h8 >= 1<<bm8Bits || i23 >= 1<<10 {
				t.Fatalf("%#x: %d %d %d out of range", x, h, h8, i23)
			}
		}
	}
}

// equalAtRef is equalAt a byte at a time.
func equalAtRef(p *prefilter, raw []byte, i int, id int32) bool {
	at, n := p.kwAt[id], (p.kwAt[id+1]-p.kwAt[id])/2
	if len(raw)-i < int(n) {
		return false
	}
	for j := range int(n) {
		if raw[i+j]|0x20 != p.kwText[int(at)+j] {
			return false
		}
	}
	return foldEqualAt(raw, i, p.kwText[at+n:at+2*n])
}

// TestEqualAt compares equalAt with equalAtRef for every keyword of the
// default engine, as it stands, upper-cased, at the end of a text (fewer
// than eight bytes to read) and with each of its bytes changed.
func TestEqualAt(t *testing.T) {
	p := Default().pf
	for id, kw := range p.kws {
		if len(kw) < 2 {
			continue
		}
		var texts [][]byte
		for _, k := range []string{kw, strings.ToUpper(kw)} {
			texts = append(texts, []byte(k), []byte(k+" und mehr Text danach"), []byte("x"+k[:len(k)-1]))
			for j := range len(k) {
				for _, d := range []byte{0x01, 0x20, 0x40, 0x80} {
					b := []byte(k + "  abcdefgh")
					b[j] ^= d
					texts = append(texts, b, b[:len(k)])
				}
			}
		}
		for _, text := range texts {
			for i := 0; i <= len(text); i++ {
				if got, want := p.equalAt(text, i, int32(id)), equalAtRef(p, text, i, int32(id)); got != want {
					t.Fatalf("keyword %q in %q at %d: equalAt %v, byte by byte %v", kw, text, i, got, want)
				}
			}
		}
	}
}

// TestHasFromPass checks that the bytes the detectors ask Text.Has for
// before they read the text for them are answered from the keyword pass
// (a single-byte keyword, or one of occurBytes): any other byte costs a
// read of the whole text in every scan ('[', '|' and '^' did, ≈0.7 M
// instructions per MB of prose without them).
func TestHasFromPass(t *testing.T) {
	pf := Default().pf
	for _, c := range []byte{'"', '\'', ']', 0xE2, '[', '|', '^', '@', '*', '('} {
		if !(pf.single[c] && !isDigit(c) || pf.occur[c]) {
			t.Errorf("Has(%q) reads the text: no single-byte keyword and not in occurBytes", c)
		}
	}
	// and Has answers as a search does for them, with and without
	text := []byte(strings.Repeat("Die Verwaltung bearbeitet den Antrag. ", 4) + "[x] | a^b")
	for _, n := range []int{len(text) - 9, len(text) - 5, len(text) - 3, len(text)} {
		checkPrefilter(t, Default(), text[:n])
	}
}

// TestLineBreaksFromPass checks the line breaks the pass records
// (Text.lineBreaks, which listCandidates, joinLines and the row readers ask
// for in every text): in every 64-byte group and the tail after the last,
// at the groups' edges, and beside the bytes that share the bit of '\n' in the
// nibble tables (02 04 06 0C, and 8A 9A EA in Ê Ú 값) or the bits of Ä Ö Ü
// and „. checkPrefilter compares them with a byte loop and fails where the
// vector pass left them to lineBreaks' own search of the text.
func TestLineBreaksFromPass(t *testing.T) {
	base := strings.Repeat("Die Verwaltung bearbeitet den Antrag. ", 6)
	for _, tc := range []string{
		"",
		"\n",
		"Zeile eins\nZeile zwei\r\nZeile drei\n",
		"a\x02b\x04c\x06d\x0ce Ê Ú 값 Ärger Öl Über „zitiert“\n",
		"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n",
	} {
		for _, at := range []int{0, 1, 62, 63, 64, 65, 127, 128, 190, len(base)} {
			text := []byte(base[:at] + tc + base[at:])
			checkPrefilter(t, Default(), text)
			checkPrefilter(t, Default(), append(text, '\n'))
		}
	}
}
