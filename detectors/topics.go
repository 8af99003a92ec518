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
	low := lowerInto(make([]byte, len(text)), text)
	var out []string
	for _, name := range topicNames {
		if hasWordPrefix(low, text, lx.mustList("topic_"+name)) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// hasWordPrefix reports whether one of words starts a word in low.
func hasWordPrefix(low, raw []byte, words []string) bool {
	for _, w := range words {
		for off := 0; off < len(low); {
			j := bytes.Index(low[off:], []byte(w))
			if j < 0 {
				break
			}
			if isWordStartAt(raw, off+j) {
				return true
			}
			off += j + 1
		}
	}
	return false
}
