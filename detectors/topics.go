package detectors

import (
	"bytes"
	"sort"
)

// topicNames are the topics Topics can report, each with its lexicon file
// lexicons/topic_<name>.txt.
var topicNames = []string{"asylum", "grading", "hr_application", "social_benefit"}

// Topics returns coarse signals for the policy about what a text is about,
// where the EU AI Act names high-risk uses: "hr_application" (evaluating
// applicants), "social_benefit" (benefit decisions), "asylum" (asylum and
// residence decisions) and "grading" (grading pupils or students). A topic
// is reported when a word of its lexicon begins a word of the text. The
// result is sorted and free of duplicates; nil when nothing matches. Safe for
// concurrent use.
func Topics(text []byte) []string { return DefaultLexicons().Topics(text) }

// Topics is the package function Topics with the lexicons lx.
func (lx *Lexicons) Topics(text []byte) []string {
	if len(text) == 0 {
		return nil
	}
	idx := lx.topicIndex()
	low := lowerInto(make([]byte, len(text)), text)
	found := make([]bool, len(topicNames))
	left := len(topicNames)
	for i := 0; i+3 <= len(low) && left > 0; {
		if c := low[i]; !(isLetter(c) || c >= 0xC0) {
			i++
			continue
		}
		// i starts a word: look its first three bytes up, then skip the word
		for _, e := range idx[string(low[i:i+3])] {
			if !found[e.topic] && bytes.HasPrefix(low[i:], e.word) {
				found[e.topic] = true
				left--
			}
		}
		for i++; i < len(low) && (isAlnum(low[i]) || low[i] >= 0x80); i++ {
		}
	}
	var out []string
	for t, ok := range found {
		if ok {
			out = append(out, topicNames[t])
		}
	}
	sort.Strings(out)
	return out
}

type topicEntry struct {
	word  []byte
	topic int
}

// topicIndex maps the first three bytes of every topic word to its entries.
// It is built once per Lexicons.
func (lx *Lexicons) topicIndex() map[string][]topicEntry {
	lx.topicOnce.Do(func() {
		lx.topicIdx = map[string][]topicEntry{}
		for t, name := range topicNames {
			for _, w := range lx.mustList("topic_" + name) {
				if len(w) < 3 {
					continue
				}
				lx.topicIdx[w[:3]] = append(lx.topicIdx[w[:3]], topicEntry{[]byte(w), t})
			}
		}
	})
	return lx.topicIdx
}
