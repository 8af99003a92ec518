package detectors

import (
	"bytes"
	"slices"
)

// lineBreakNames finds a name that a line break cuts from its cue or from its
// own first part, as pasted mails, a PDF's text and an OCR's lines give it: a
// salutation or a dotted title ends a line and the surname opens the next
// ("Sehr geehrter Herr\nKowalski,", "Frau Dr.\nMeier hat angerufen"), or a
// name found as one word ends a line after other words of it and the name
// goes on at the next line's start ("Sehr geehrter Herr Dragan\nPetrović,",
// "Name, Vorname: Kazmierczak,\nAndreas", "Vornamen: Gisela\nHannelore").
// Where the next line's first word is no part of a name found, the text is
// read again with those line breaks as blanks (the offsets stay as they are),
// and a name found there that starts at that word or spans the break takes
// the place of the names found inside its span. A name alone on its line
// after a name alone on its line stays apart (a list: "Teilnehmer: Anna\nBernd").
func (d *personDetector) lineBreakNames(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	var joints []int           // the '\n' read as a blank
	var cov *spans             // the findings' spans, made at the first look
	next := func(nl int) int { // the next line's first word, or -1
		k := nl + 1
		for k < len(raw) && k-nl <= 12 && (raw[k] == ' ' || raw[k] == '\t') {
			k++
		}
		if !isCap(raw, k) {
			return -1
		}
		if cov == nil {
			cov = newSpans(dst[n0:])
		}
		if cov.holds(k) {
			return -1
		}
		if ke := wordEnd(raw, k); ke < len(raw) && (raw[ke] == ':' || raw[ke] == '.' && ke+1 < len(raw) && raw[ke+1] == ':') {
			return -1 // a label: "Diagnose:", "Geb.:"
		}
		return k
	}
	for _, nl := range t.lineBreaks() {
		e := nl
		if e > 0 && raw[e-1] == '\r' {
			e--
		}
		if e < 3 || !(raw[e-1] == '.' || isLetter(raw[e-1])) {
			continue
		}
		dotted := raw[e-1] == '.'
		we := e
		if dotted {
			we--
		}
		ws := we
		for ws > 0 && we-ws <= 6 && isLetter(raw[ws-1]) {
			ws--
		}
		if we-ws < 2 || we-ws > 6 || ws > 0 && (isLetter(raw[ws-1]) || raw[ws-1] >= 0x80) || !isUpper(raw[ws]) {
			continue
		}
		f := d.lx.flags(low[ws:e])
		// "Herr", "Herrn", "Frau", "Hr.", "Dr.", "Prof.", not "meiner Frau\n"
		if f&wSalutation != 0 && !(dotted && f&wTitle == 0 && e-ws > 4) || dotted && f&wTitle != 0 {
			if f&wSalutation != 0 && possessiveBefore(low, ws) || prevWordIs(low, ws, "die", "der", "den", "dem", "eine", "einer") {
				continue
			}
			// alone on its line it opens an address block, which scan reads
			// on its own terms ("Herrn\nLeiter des Bürgeramts")
			if ls := bytes.LastIndexByte(raw[:ws], '\n') + 1; skipBlank(raw, ls) == ws {
				continue
			}
			if next(nl) >= 0 {
				joints = append(joints, nl)
			}
		}
	}
	for _, g := range dst[n0:] {
		if g.Type != "PERSON" || bytes.IndexByte(raw[g.Start:g.End], ' ') >= 0 {
			continue
		}
		// a given name goes on with its surname or a second given name, a
		// surname before a comma with its given name; not a surname alone
		// ("née Kunz\nDate of birth")
		nl := g.End
		if nl < len(raw) && raw[nl] == ',' {
			nl++
		} else if d.lx.flags(low[g.Start:g.End])&wFirst == 0 {
			continue
		}
		if nl < len(raw) && raw[nl] == '\r' {
			nl++
		}
		if nl >= len(raw) || raw[nl] != '\n' {
			continue
		}
		// looked for at a line's end only: each line's bytes read back once
		ls := bytes.LastIndexByte(raw[:g.Start], '\n') + 1
		if skipBlank(raw, ls) == g.Start {
			continue
		}
		k := next(nl)
		if k < 0 {
			continue
		}
		// the next part reads as a name's: not a label, a role or a noun
		// at the next line's head ("Klein\nVorsitzender", "Stern\nHandy:")
		ke := wordEnd(raw, k)
		if kf := d.lx.flags(low[k:ke]); kf&badNameFlags != 0 || roleLike(low[k:ke]) || strongNoun(low[k:ke]) || institutionLike(low[k:ke]) ||
			kf&(wFirst|wLast) == 0 && !d.unlistedSurnameAfter(t, g, k, ke) {
			continue
		}
		// a wrapped line, or a line that goes on after the word: not a list
		// of names one to a line
		le := bytes.IndexByte(raw[k:], '\n')
		if le < 0 {
			le = len(raw) - k
		}
		if nl-ls < 40 && skipBlank(raw, wordEnd(raw, k)) >= k+le {
			continue
		}
		joints = append(joints, nl)
	}
	if len(joints) == 0 {
		return dst
	}
	slices.Sort(joints)
	joined := bytes.Clone(raw)
	for _, nl := range joints {
		joined[nl] = ' '
		if raw[nl-1] == '\r' {
			joined[nl-1] = ' '
		}
	}
	var add []Finding
	for _, g := range d.scan(t.reread(joined), nil) {
		if g.Type != "PERSON" {
			continue
		}
		// the first joint after its start inside it, or the last before
		// it ending the line it opens (joints sorted: a search, not a walk)
		i, _ := slices.BinarySearch(joints, g.Start)
		if i < len(joints) && joints[i] < g.End || i > 0 && g.Start == skipBlank(raw, joints[i-1]+1) {
			add = append(add, g)
		}
	}
	return replaceCovered(dst, n0, add)
}

// unlistedSurnameAfter reports that the word [k, ke) no list has, at the
// head of the line after the given name g, reads as its surname: shaped as
// one, and a comma or the line's end after it ("Herr Dragan\nPetrović, Sie
// …"), not a noun, a label or a sentence's first word ("Regina\nPartnerschaftskomitee
// Gütersloh", "Sascha\nPers.-Nr.", "Albrecht\nKannst du …").
func (d *personDetector) unlistedSurnameAfter(t *Text, g Finding, k, ke int) bool {
	raw, low := t.Raw, t.Lower()
	if d.lx.flags(low[g.Start:g.End])&(wFirst|badNameFlags) != wFirst || !d.brokenNamePart(t, k) {
		return false
	}
	r := skipBlank(raw, ke)
	return r >= len(raw) || raw[r] == ',' || raw[r] == ';' || raw[r] == ')' || raw[r] == '\n' || raw[r] == '\r'
}

// spans answers which of a set of findings hold an offset or overlap a
// span in a binary search and a walk over those that start before the
// span's end and are not ended before its start (ends: the greatest End
// of fs[:i+1]), as findings are short. Before, each look walked all of
// them: a text of one name a line, "Herr\nKowalski" 36 000 times in 1 MB,
// took 9–22 s.
type spans struct {
	fs   []Finding // by Start
	ends []int
}

// newSpans indexes fs, in a copy sorted by Start (stable: the order of
// equal starts kept) when they are not in that order; fs is not changed.
func newSpans(fs []Finding) *spans {
	if !slices.IsSortedFunc(fs, byStartOnly) {
		fs = slices.Clone(fs)
		slices.SortStableFunc(fs, byStartOnly)
	}
	ends := make([]int, len(fs))
	m := 0
	for i, f := range fs {
		m = max(m, f.End)
		ends[i] = m
	}
	return &spans{fs: fs, ends: ends}
}

// holds reports whether a finding holds offset s.
func (sp *spans) holds(s int) bool {
	found := false
	sp.overlap(s, s+1, func(int) bool { found = true; return false })
	return found
}

// overlap calls fn with the index of each finding that overlaps [s, e),
// by Start, until fn returns false.
func (sp *spans) overlap(s, e int, fn func(i int) bool) {
	i, _ := slices.BinarySearchFunc(sp.ends, s, func(end, s int) int {
		if end > s {
			return 1
		}
		return -1
	})
	for ; i < len(sp.fs) && sp.fs[i].Start < e; i++ {
		if sp.fs[i].End > s && !fn(i) {
			return
		}
	}
}

// replaceCovered puts the findings of add into dst[n0:] in place of those of
// their type they cover; a finding of add that overlaps one it does not
// cover is left out. add is taken by Start; each finding is checked against
// what stands by then, dst's and add's kept before it.
func replaceCovered(dst []Finding, n0 int, add []Finding) []Finding {
	if len(add) == 0 {
		slices.SortStableFunc(dst[n0:], byStartOnly)
		return dst
	}
	old := newSpans(dst[n0:])
	add = slices.Clone(add)
	slices.SortStableFunc(add, byStartOnly)
	gone := make([]bool, len(old.fs))
	addGone := make([]bool, len(add))
	longest := 0
	var hit []int
	for k, g := range add {
		ok := true
		hit = hit[:0]
		old.overlap(g.Start, g.End, func(i int) bool {
			f := old.fs[i]
			if gone[i] || f.Type != g.Type {
				return true
			}
			if f.Start < g.Start || f.End > g.End {
				ok = false
				return false
			}
			hit = append(hit, i)
			return true
		})
		// add's kept ones before g start no further back than the longest
		var hitAdd []int
		for j := k - 1; ok && j >= 0 && add[j].Start+longest > g.Start; j-- {
			f := add[j]
			if addGone[j] || f.Type != g.Type || f.End <= g.Start {
				continue
			}
			if f.Start < g.Start || f.End > g.End {
				ok = false
			}
			hitAdd = append(hitAdd, j)
		}
		if !ok {
			addGone[k] = true
			continue
		}
		for _, i := range hit {
			gone[i] = true
		}
		for _, j := range hitAdd {
			addGone[j] = true
		}
		longest = max(longest, g.End-g.Start)
	}
	out := dst[:n0]
	for i, f := range old.fs {
		if !gone[i] {
			out = append(out, f)
		}
	}
	for j, g := range add {
		if !addGone[j] {
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out[n0:], byStartOnly)
	return out
}

// byStartOnly orders findings by Start alone (byStart breaks ties by
// priority).
func byStartOnly(a, b Finding) int { return a.Start - b.Start }
