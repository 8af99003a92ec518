package detectors

import (
	"bytes"
	"unicode/utf8"
)

// nickQuotes are the pairs of quotes a nickname stands in between a given
// name and a surname: German „…“, typewriter "…", English “…”, French and
// Swiss »…« and «…».
var nickQuotes = [...][2]string{{"„", "“"}, {"\"", "\""}, {"“", "”"}, {"»", "«"}, {"«", "»"}}

// innerNicknames joins a given name, the nickname in quotes after it and
// the surname into one name, as the sets label it: "Waldemar „Waldi“
// Neufeld", "Maximilian „Max“ Vogt", `Johann "Hanno" Reinhardt`. A name
// found on either side is the anchor: a surname found alone takes the
// listed given name and the nickname before it in; a given name found alone
// takes the nickname and the capitalised word after it, which must be no
// ordinary word, title, body or label. The given name is a listed one and
// no ordinary word, the nickname one capitalised word of letters (2 to 20
// bytes). Each look reaches a few words around a finding, so the work grows
// with the findings, not with the text.
func (d *personDetector) innerNicknames(raw []byte, dst []Finding, n0 int) []Finding {
	changed := false
	for i := n0; i < len(dst); i++ {
		f := &dst[i]
		if f.Type != "PERSON" {
			continue
		}
		// a surname found alone: the given name and the nickname before it
		if gs, ok := d.nickBefore(raw, f.Start); ok {
			f.Start = gs
			changed = true
		}
		// a given name found alone: the nickname and the surname after it
		ls := f.End
		for ls > f.Start && raw[ls-1] != ' ' {
			ls--
		}
		if !d.givenName(raw, ls, f.End) {
			continue
		}
		ss, ok := d.nickAfter(raw, f.End)
		if !ok {
			continue
		}
		se := wordEnd(raw, ss)
		if i+1 < len(dst) && dst[i+1].Type == "PERSON" && dst[i+1].Start == ss {
			se = dst[i+1].End // the surname was found too ("Johann" and "Reinhardt")
		} else if se-ss < 2 || d.lx.flags(bytes.ToLower(raw[ss:se]))&(wNotName|wTitle|wSalutation|wOrg|wBody|wLabel|wCountry|wRelation|wGreeting|wSignoff) != 0 {
			continue
		}
		f.End = se
		changed = true
	}
	if !changed {
		return dst
	}
	// drop what the joined names now cover: the surname found beside them
	out := dst[:n0]
	for i := n0; i < len(dst); i++ {
		if k := len(out); k > n0 && dst[i].Type == "PERSON" && out[k-1].Type == "PERSON" && dst[i].Start < out[k-1].End {
			if dst[i].End > out[k-1].End {
				out[k-1].End = dst[i].End
			}
			continue
		}
		out = append(out, dst[i])
	}
	return out
}

// givenName reports whether [s, e) is one listed given name that is no
// ordinary word, title or body of the lexicon.
func (d *personDetector) givenName(raw []byte, s, e int) bool {
	if e-s < 2 || !isCap(raw, s) || wordEnd(raw, s) != e {
		return false
	}
	fl := d.lx.flags(bytes.ToLower(raw[s:e]))
	return fl&wFirst != 0 && fl&(wNotName|wTitle|wSalutation|wOrg|wBody|wLabel|wCountry|wRelation|wGreeting|wSignoff) == 0
}

// nickAfter reads a blank, a nickname in quotes and a blank at ge, the end
// of a given name (` „Waldi“ `), and returns the start of the capitalised
// word after it.
func (d *personDetector) nickAfter(raw []byte, ge int) (int, bool) {
	if ge >= len(raw) || raw[ge] != ' ' {
		return 0, false
	}
	k := ge + 1
	for _, q := range nickQuotes {
		if !hasPrefixAt(raw, k, q[0]) {
			continue
		}
		s := k + len(q[0])
		we := wordEnd(raw, s)
		if !isCap(raw, s) || we-s < 2 || we-s > 20 || !hasPrefixAt(raw, we, q[1]) {
			return 0, false
		}
		for _, c := range raw[s:we] {
			if c < utf8.RuneSelf && !isLetter(c) {
				return 0, false
			}
		}
		if d.lx.flags(bytes.ToLower(raw[s:we]))&(wTitle|wSalutation|wOrg|wBody|wLabel|wCountry|wRelation|wGreeting|wSignoff) != 0 {
			return 0, false
		}
		n := we + len(q[1])
		if n+1 >= len(raw) || raw[n] != ' ' || !isCap(raw, n+1) {
			return 0, false
		}
		return n + 1, true
	}
	return 0, false
}

// nickBefore reads a listed given name, a blank, a nickname in quotes and a
// blank before ss, the start of a surname, and returns the given name's
// start: it goes back over the closing quote, one word and the opening
// quote, then checks them forward with nickAfter.
func (d *personDetector) nickBefore(raw []byte, ss int) (int, bool) {
	if ss < 8 || raw[ss-1] != ' ' {
		return 0, false
	}
	for _, q := range nickQuotes {
		c := ss - 1 - len(q[1])
		if c < 0 || !hasPrefixAt(raw, c, q[1]) {
			continue
		}
		ns := wordStartBack(raw, c)
		o := ns - len(q[0])
		if ns >= c || o < 2 || !hasPrefixAt(raw, o, q[0]) || raw[o-1] != ' ' {
			return 0, false
		}
		gs := wordStartBack(raw, o-1)
		if !d.givenName(raw, gs, o-1) || !isWordStartAt(raw, gs) {
			return 0, false
		}
		if s, ok := d.nickAfter(raw, o-1); !ok || s != ss {
			return 0, false
		}
		return gs, true
	}
	return 0, false
}
