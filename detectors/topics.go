package detectors

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// topicNames are the topics Topics can report, each with its lexicon file
// lexicons/topic_<name>.txt.
var topicNames = []string{"asylum", "grading", "hr_application", "social_benefit"}

// AllTopics returns the topics Topics can report, sorted.
func AllTopics() []string { return append([]string(nil), topicNames...) }

// Topics returns coarse signals for the policy about what a text is about,
// where the EU AI Act names high-risk uses: "hr_application" (evaluating
// applicants), "social_benefit" (benefit decisions), "asylum" (asylum and
// residence decisions) and "grading" (grading pupils or students). A topic
// is reported when a word of its lexicon begins a word of the text (no
// letter or digit before it). Engine.ScanTopics finds the same in its scan. The
// result is sorted and free of duplicates; nil when nothing matches. Safe for
// concurrent use.
func Topics(text []byte) []string { return DefaultLexicons().Topics(text) }

// Topics is the package function Topics with the lexicons lx.
func (lx *Lexicons) Topics(text []byte) []string {
	if len(text) == 0 {
		return nil
	}
	ti := lx.topicIndex()
	var found [8]bool // len(topicNames) <= 8
	left := len(topicNames)
	for i := 0; i+3 <= len(text) && left > 0; {
		n, ok := wordRuneAt(text, i)
		if !ok {
			i += n
			continue
		}
		// i starts a word: test its first three folded bytes against the
		// index's bitmap, look them up only on a hit, then skip the word.
		k := foldByte(text, i) | foldByte(text, i+1)<<8 | foldByte(text, i+2)<<16
		if h := topicHash(k); ti.bits[h>>6]&(1<<(h&63)) != 0 {
			for _, e := range ti.byPrefix[k] {
				if !found[e.topic] && foldEqualAt(text, i, e.word) {
					found[e.topic] = true
					left--
				}
			}
		}
		for i += n; i < len(text); i += n {
			if n, ok = wordRuneAt(text, i); !ok {
				break
			}
		}
	}
	var out []string
	for t := range topicNames {
		if found[t] {
			out = append(out, topicNames[t])
		}
	}
	sort.Strings(out)
	return out
}

// wordRuneAt reports whether a letter or digit (any script) starts at i,
// as isWordStartAt counts them, and its length in bytes (1 for an invalid
// byte).
func wordRuneAt(b []byte, i int) (int, bool) {
	c := b[i]
	if c < utf8.RuneSelf {
		return 1, isAlnum(c)
	}
	if c == 0xC3 && i+1 < len(b) && b[i+1]&0xC0 == 0x80 {
		return 2, b[i+1] != 0x97 && b[i+1] != 0xB7
	}
	r, n := utf8.DecodeRune(b[i:])
	return n, r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

type topicEntry struct {
	word  []byte
	topic int
}

// topicIdx indexes the topic words by their first three bytes (folded like
// Text.Lower), with a 64 Kibit bitmap of those prefixes in front.
type topicIdx struct {
	bits     [1 << 16 / 64]uint64
	byPrefix map[uint32][]topicEntry
}

func topicHash(x uint32) uint32 { return (x * 0x9E3779B1) >> 16 }

// foldByte is text[i] folded like Text.Lower does at offset i.
func foldByte(text []byte, i int) uint32 {
	c := text[i]
	if i > 0 && text[i-1] == 0xC3 && (c == 0x84 || c == 0x96 || c == 0x9C) {
		return uint32(c + 0x20)
	}
	return uint32(lowerTab[c])
}

// topicIndex builds the index once per Lexicons.
func (lx *Lexicons) topicIndex() *topicIdx {
	lx.topicOnce.Do(func() {
		ti := &topicIdx{byPrefix: map[uint32][]topicEntry{}}
		for t, name := range topicNames {
			for _, w := range lx.mustList("topic_" + name) {
				if len(w) < 3 {
					continue
				}
				k := uint32(w[0]) | uint32(w[1])<<8 | uint32(w[2])<<16
				ti.byPrefix[k] = append(ti.byPrefix[k], topicEntry{[]byte(w), t})
				h := topicHash(k)
				ti.bits[h>>6] |= 1 << (h & 63)
			}
		}
		lx.topicIdx = ti
	})
	return lx.topicIdx
}
