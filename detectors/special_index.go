package detectors

import (
	"bytes"
	"math/bits"
	"slices"
	"sort"
)

// specialIndexAfter is the number of mentions (sentences aboutPerson or
// icd inspect) a text of n bytes must have before the SPECIAL_CATEGORY
// detector builds its specialIndex. Below it each mention looks at its
// sentence itself, as an ordinary text with a few mentions needs; a text
// dense with Art. 9 words ("HIV HIV …") would otherwise look at ≈600 bytes
// for every 4. A variable for the test that forces the index.
var specialIndexAfter = func(n int) int { return 32 + n/2048 }

// specialIndex holds, for one Scan of one text, what aboutPerson and
// general1 find in a sentence that does not depend on the mention: where the
// general words stand and which words name a person. A mention then only
// takes out its own span. The zero value counts mentions; it is built on the
// mention specialIndexAfter allows. Not safe for concurrent use.
type specialIndex struct {
	calls int
	built bool
	// general: the places of the general words at a word start, by place
	general []generalPlace
	// percent: bit i is set when a "%" (a general word wherever it stands)
	// is at i; a bit, not a place, so that a text of "%" stays small
	percent []uint64
	// walk: bit i is set when aboutPerson's walk over the words from the
	// text's start stands at i. A walk from any other place meets it at the
	// first such i and goes on the same way.
	walk []uint64
	// person, lower: the word starts on that walk of wordPerson and
	// wordLowerName words, ascending
	person, lower []int32
	// stopBack, stopFwd: the places where sentenceBounds stops going back
	// and forward
	stopBack, stopFwd []uint64
}

// generalPlace is a general word (its index in specialDetector.general) at pos.
type generalPlace struct{ pos, g int32 }

// use counts a mention and reports whether the index is built (building it
// on the mention that reaches the threshold).
func (ix *specialIndex) use(d *specialDetector, raw, low []byte) bool {
	if ix.built {
		return true
	}
	ix.calls++
	if ix.calls <= specialIndexAfter(len(raw)) {
		return false
	}
	ix.build(d, raw, low)
	return true
}

func (ix *specialIndex) build(d *specialDetector, raw, low []byte) {
	// general1 takes a general word other than "%" only at a word start:
	// one pass over the text's bytes finds those places
	var byFirst [256][]int32
	for gi, g := range d.general {
		if g.w != "%" {
			byFirst[g.w[0]] = append(byFirst[g.w[0]], int32(gi))
		}
	}
	ix.percent = make([]uint64, len(raw)/64+1)
	for i, c := range low {
		if c == '%' {
			ix.percent[i>>6] |= 1 << (i & 63)
		}
		if len(byFirst[c]) == 0 || !isWordStartAt(raw, i) {
			continue
		}
		for _, gi := range byFirst[c] {
			if bytes.HasPrefix(low[i:], []byte(d.general[gi].w)) {
				ix.general = append(ix.general, generalPlace{int32(i), gi})
			}
		}
	}
	ix.walk = make([]uint64, len(raw)/64+1)
	for i := 0; i < len(raw); {
		ix.walk[i>>6] |= 1 << (i & 63)
		we, word := personStep(raw, i)
		if word {
			switch d.personWord(raw, low, i, we, true) {
			case wordPerson:
				ix.person = append(ix.person, int32(i))
			case wordLowerName:
				ix.lower = append(ix.lower, int32(i))
			}
		}
		i = we
	}
	ix.sentenceStops(raw)
	ix.built = true
}

// walked reports whether the walk from the text's start stands at i.
func (ix *specialIndex) walked(i int) bool { return ix.walk[i>>6]>>(i&63)&1 != 0 }

// words reports a wordPerson and a wordLowerName word of the walk in [i, z)
// outside the mention [s, e).
func (ix *specialIndex) words(i, z, s, e int) (person, lower bool) {
	return placesOutside(ix.person, i, z, s, e), placesOutside(ix.lower, i, z, s, e)
}

// placesOutside reports an element of the ascending list in [a, z) but not in [s, e).
func placesOutside(list []int32, a, z, s, e int) bool {
	n := placesIn(list, a, z)
	if n == 0 {
		return false
	}
	return n > placesIn(list, max(a, s), min(z, e))
}

// placesIn is the number of elements of the ascending list in [a, z).
func placesIn(list []int32, a, z int) int {
	if a >= z {
		return 0
	}
	lo, _ := slices.BinarySearch(list, int32(a))
	hi, _ := slices.BinarySearch(list, int32(z))
	return hi - lo
}

// general1 is specialDetector.general1 over the index.
func (ix *specialIndex) general1(d *specialDetector, low, raw []byte, a, z, s, e int) bool {
	var named int8 // namesPerson(raw, low, a, z) once asked: 1 no, 2 yes
	k := sort.Search(len(ix.general), func(k int) bool { return int(ix.general[k].pos) >= a })
	for ; k < len(ix.general) && int(ix.general[k].pos) < z; k++ {
		if p := ix.general[k]; generalIn(&d.general[p.g], low, raw, int(p.pos), a, z, s, e, &named) {
			return true
		}
	}
	if d.percent >= 0 {
		for i := firstBit(ix.percent, a, z); i >= 0; i = firstBit(ix.percent, i+1, z) {
			if generalIn(&d.general[d.percent], low, raw, i, a, z, s, e, &named) {
				return true
			}
		}
	}
	return false
}

// generalIn reports whether the general word g at i makes the sentence
// low[a:z] of the phrase [s, e) general, as general1 does.
func generalIn(g *generalWord, low, raw []byte, i, a, z, s, e int, named *int8) bool {
	if i+len(g.w) > z || !generalAt(low, raw, g, i, s, e) {
		return false
	}
	if g.weak {
		if *named == 0 {
			*named = 1
			if weakNamed(raw, low, a, z) {
				*named = 2
			}
		}
		return *named == 1
	}
	return true
}

// sentenceBounds is sentenceBounds(raw, s, e, back, fwd), once built over
// the index's sentence stops.
func (ix *specialIndex) sentenceBounds(raw []byte, s, e, back, fwd int) (int, int) {
	if !ix.built {
		return sentenceBounds(raw, s, e, back, fwd)
	}
	a := max(0, s-back)
	if p := lastBit(ix.stopBack, max(1, s-back+1), s); p >= 0 {
		a = p
	}
	z := min(len(raw), e+fwd)
	if p := firstBit(ix.stopFwd, e, min(len(raw), e+fwd)); p >= 0 {
		z = p
	}
	return runeStart(raw, a), runeStart(raw, z)
}

// sentenceStops sets the places where sentenceBounds stops: going back, at
// a when a sentence ends right before it; going forward, at z when one ends
// at it.
func (ix *specialIndex) sentenceStops(b []byte) {
	ix.stopBack = make([]uint64, len(b)/64+1)
	ix.stopFwd = make([]uint64, len(b)/64+1)
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '!', '?', ';', '.', '\n':
		default:
			continue
		}
		// back: a = i+1 with b[a-1] = c
		if a := i + 1; c == '!' || c == '?' || c == ';' || (c == '.' && a < len(b) && (b[a] == '\n' || b[a] == ' ' && isCap(b, a+1)) && a >= 2 && !isDigit(b[a-2]) && !isUpper(b[a-2])) ||
			c == '\n' && a >= 2 && b[a-2] == '\n' {
			ix.stopBack[a>>6] |= 1 << (a & 63)
		}
		// forward: z = i
		if z := i; c == '!' || c == '?' || c == ';' || (c == '.' && (z+1 == len(b) || b[z+1] == '\n' || b[z+1] == ' ' && isCap(b, z+2)) && z > 0 && !isDigit(b[z-1])) ||
			c == '\n' && z+1 < len(b) && b[z+1] == '\n' {
			ix.stopFwd[z>>6] |= 1 << (z & 63)
		}
	}
}

// lastBit is the highest set bit of set in [lo, hi], or -1.
func lastBit(set []uint64, lo, hi int) int {
	for hi >= lo {
		w := set[hi>>6] & (^uint64(0) >> (63 - hi&63)) // bits 0..hi&63
		if w != 0 {
			if p := hi&^63 + 63 - bits.LeadingZeros64(w); p >= lo {
				return p
			}
			return -1
		}
		hi = hi&^63 - 1
	}
	return -1
}

// firstBit is the lowest set bit of set in [lo, hi), or -1.
func firstBit(set []uint64, lo, hi int) int {
	for lo < hi {
		w := set[lo>>6] >> (lo & 63)
		if w != 0 {
			if p := lo + bits.TrailingZeros64(w); p < hi {
				return p
			}
			return -1
		}
		lo = lo&^63 + 64
	}
	return -1
}
