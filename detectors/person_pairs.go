package detectors

import "bytes"

// splitCommaPairs splits a name found as one "A, G X" span where the comma
// parts two names, not a surname from its given names: a full name before
// the comma, its first word a hyphenated given name ("Jury: … Klaus-Peter
// Gerdes, Wiebke Timm") or one listed as a given name only after another
// name and a comma (a list of full names) or before the surname after the
// comma ("Dieter Voigt, Sandra Voigt"); or one word before a listed given
// name and a word listed as a surname and never as a given name, where that
// word is named as a surname elsewhere ("Zeugen: Baukloh, Nicole Strack":
// Nicole Strack, and Baukloh, named before as Tim Baukloh). The inverted
// order keeps its further given names: "Pereira Silva, Ana Maria", "Omar,
// Hussein Ali", "Osei, Kwabena Yeboah" (Yeboah a surname too, Osei named
// nowhere else).
func (d *personDetector) splitCommaPairs(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	var split []int // the commas split at
	for i := n0; i < len(dst); i++ {
		f := dst[i]
		c := bytes.IndexByte(raw[f.Start:f.End], ',')
		if f.Type != "PERSON" || c < 0 {
			continue
		}
		c += f.Start
		g := c + 2
		if g >= f.End || raw[c+1] != ' ' || bytes.IndexByte(raw[g:f.End], ',') >= 0 {
			continue
		}
		ge := wordEnd(raw, g)
		x := ge + 1
		if ge >= f.End || raw[ge] != ' ' || !isCap(raw, x) || wordEnd(raw, x) != f.End || allCaps(raw[g:ge]) || allCaps(raw[x:f.End]) ||
			d.lx.flags(low[g:ge])&(wFirst|wNotName) != wFirst {
			continue
		}
		a := wordEnd(raw, f.Start) // the first word before the comma
		full := a < c && raw[a] == ' ' && !allCaps(raw[f.Start:a]) && (bytes.IndexByte(low[f.Start:a], '-') > 0 && d.hyphenGiven(low[f.Start:a]) ||
			d.lx.flags(low[f.Start:a])&(wFirst|wLast|wNotName) == wFirst && (i > n0 && dst[i-1].Type == "PERSON" && dst[i-1].End == f.Start-2 && raw[f.Start-2] == ',' ||
				wordEnd(raw, a+1) == c && bytes.Equal(raw[a+1:c], raw[x:f.End]))) // one family: "Dieter Voigt, Sandra Voigt"
		one := a == c && !allCaps(raw[f.Start:c]) && d.lx.flags(low[x:f.End])&(wFirst|wLast|wNotName) == wLast &&
			surnameNamed(raw, dst[n0:], f.Start, c)
		if !full && !one {
			continue
		}
		dst[i].End = c
		dst = append(dst, Finding{})
		copy(dst[i+2:], dst[i+1:])
		dst[i+1] = Finding{Type: "PERSON", Start: g, End: f.End, Score: f.Score}
		i++
		split = append(split, c)
	}
	if len(split) == 0 {
		return dst
	}
	// another reading across the comma goes too: "Baukloh, Nicole"
	out := dst[:n0]
	for _, f := range dst[n0:] {
		keep := true
		for _, c := range split {
			if f.Type == "PERSON" && f.Start < c && f.End > c {
				keep = false
			}
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

// surnameNamed reports a name of fs other than the one at s that ends with
// the word raw[s:e] after a given name, without a comma: "Tim Baukloh".
func surnameNamed(raw []byte, fs []Finding, s, e int) bool {
	w := raw[s:e]
	for _, g := range fs {
		if g.Type == "PERSON" && g.Start != s && g.End-g.Start > len(w) && raw[g.End-len(w)-1] == ' ' &&
			bytes.Equal(raw[g.End-len(w):g.End], w) && bytes.IndexByte(raw[g.Start:g.End], ',') < 0 {
			return true
		}
	}
	return false
}
