package detectors

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// emailNames adds the name written in front of an e-mail address made of it,
// at the start of a line or list entry: "- Tsegaye Berhane – tsegaye.b@…",
// "Zhang Wei, zhangwei.lb@…", "ahmad samim: ahmad.samim93@…". The address
// vouches for the name where the lexicons do not know its words. A part of
// the local address must be one of the name's words (three letters or
// more, diacritics dropped). No word may be an ordinary word, a title, a
// label or an office's word ("Bürgerbüro Mitte – buergerbuero.mitte@…",
// "Kita Sonnenschein – kita.sonnenschein@…" are mailboxes), and no word the
// lexicons do not know as a name a firm's word, a role or a noun by its
// ending. Findings of the word
// scan inside the name give way to it.
func (d *personDetector) emailNames(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	added := false
	for i := 0; ; {
		at := t.nextByte('@', i)
		if at < 0 {
			break
		}
		i = at + 1
		ls := at
		for ls > 0 && at-ls < 64 && isLocalByte(raw[ls-1]) && raw[ls-1] != '/' && raw[ls-1] != '|' {
			ls--
		}
		if ls == at {
			continue
		}
		s, e, ok := nameBeforeAddress(raw, ls)
		if ok {
			s = d.skipHeadTitles(raw, low, s, e)
		}
		if !ok || !d.addressOfName(raw, low, s, e, raw[ls:at]) {
			continue
		}
		for k := n0; k < len(dst); k++ {
			if g := &dst[k]; g.Type == "PERSON" && g.Start < e && g.End > s {
				g.Score = 0
			}
		}
		dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.8})
		added = true
	}
	if !added {
		return dst
	}
	return dropZeroScores(dst, n0)
}

// undottedTitles are titles that English and hurried writing put before a
// name without their dot ("From: Dr Mariam Haddad <…>", "Prof Kim Lee").
var undottedTitles = map[string]bool{"dr": true, "prof": true, "ms": true, "miss": true, "mx": true}

// skipHeadTitles returns the start of the name in [s, e) after the titles that
// open it: a listed title or one of undottedTitles, each before a further
// word. A title is no part of a PERSON span (TAXONOMY.md).
func (d *personDetector) skipHeadTitles(raw, low []byte, s, e int) int {
	for n := 0; n < 3; n++ {
		we := wordEnd(raw, s)
		if we < e && raw[we] == '.' {
			we++
		}
		if we <= s || we >= e || raw[we] != ' ' {
			return s
		}
		if w := low[s:we]; !undottedTitles[string(w)] && d.lx.flags(w)&wTitle == 0 {
			return s
		}
		s = skipBlank(raw, we)
	}
	return s
}

// maxNameLine bounds the look back from an address to its line's start.
const maxNameLine = 80

// nameBeforeAddress returns the words between the start of the line (after
// a list marker) and the separator in front of the address at ls: a dash,
// colon, comma, tab, "<" or "(".
func nameBeforeAddress(raw []byte, ls int) (int, int, bool) {
	k := ls
	if k > 0 && (raw[k-1] == '<' || raw[k-1] == '(') {
		k--
	}
	sep := k
	for k > 0 && (raw[k-1] == ' ' || raw[k-1] == '\t') {
		k--
	}
	switch {
	case k >= 3 && string(raw[k-3:k]) == "–": // en dash
		k -= 3
	case k > 0 && (raw[k-1] == '-' || raw[k-1] == ':' || raw[k-1] == ','):
		k--
	case k < sep && bytes.IndexByte(raw[k:sep], '\t') >= 0, sep < ls:
		// a tab, or the "<" / "(" of the address
	default:
		return 0, 0, false
	}
	for k > 0 && (raw[k-1] == ' ' || raw[k-1] == '\t') {
		k--
	}
	e := k
	lo := max(0, e-maxNameLine)
	ln := bytes.LastIndexByte(raw[lo:e], '\n')
	if ln < 0 && lo > 0 {
		return 0, 0, false // no line start near enough
	}
	s := lo + ln + 1
	for s < e && (raw[s] == ' ' || raw[s] == '\t') {
		s++
	}
	if s+1 < e && (raw[s] == '-' || raw[s] == '*') && raw[s+1] == ' ' {
		s += 2
	} else if s+3 < e && string(raw[s:s+3]) == "•" {
		s += 3
	} else if h := mailHeaderLabel(raw, s, e); h > s {
		s = h // "From: Priyanka Raghunathan <priyanka.r@…>"
	}
	for s < e && raw[s] == ' ' {
		s++
	}
	if e-s < 5 || e-s > 60 {
		return 0, 0, false
	}
	return s, e, true
}

// mailHeaderLabels open a mail header's line of a sender or recipient.
var mailHeaderLabels = []string{"from: ", "von: ", "to: ", "an: ", "cc: ", "bcc: ", "reply-to: ", "antwort an: ", "absender: "}

// mailHeaderLabel returns the end of a mail header's label at the line
// start s, before e, or s.
func mailHeaderLabel(raw []byte, s, e int) int {
	for _, l := range mailHeaderLabels {
		if s+len(l) < e && strings.EqualFold(string(raw[s:s+len(l)]), l) {
			return s + len(l)
		}
	}
	return s
}

// addressOfName reports whether [s, e) is two to four name-shaped words
// (letters, inner hyphens and apostrophes; all capitalised, or all lower
// case) of which one, folded, is a part of the local address local.
func (d *personDetector) addressOfName(raw, low []byte, s, e int, local []byte) bool {
	loc := strings.ToLower(string(local))
	words, caps, matched := 0, 0, false
	for i := s; i < e; {
		we := i
		for we < e {
			if _, n, ok := letterAt(raw, we); ok {
				we += n
			} else if (raw[we] == '-' || raw[we] == '\'') && we > i && we+1 < e && raw[we+1] != ' ' {
				we++
			} else {
				break
			}
		}
		if we == i || we < e && raw[we] != ' ' {
			return false
		}
		words++
		if isCap(raw, i) {
			caps++
		}
		lw := low[i:we]
		f := d.lx.flags(lw)
		if we-i <= 3 && allCaps(raw[i:we]) {
			return false // "IT Security <it-security@…>": an abbreviation, a team's mailbox
		}
		if f&(wNotName|wTitle|wSalutation|wBody|wLabel) != 0 || institutionLike(lw) || mailboxWord(lw) ||
			f&(wFirst|wLast) == 0 && (f&(wOrg|wRelation|wGreeting|wSignoff) != 0 || roleLike(lw) || commonNoun(lw) || strongNoun(lw)) {
			return false
		}
		if !matched && utf8.RuneCount(raw[i:we]) >= 3 {
			w := string(raw[i:we])
			for _, folded := range [2]string{asciiFold(w), asciiFold(umlautsAsLetters.Replace(w))} {
				for part := range strings.SplitSeq(folded, "-") {
					if len(part) >= 3 && localPart(loc, part) {
						matched = true
					}
				}
			}
		}
		i = we
		for i < e && raw[i] == ' ' {
			i++
		}
	}
	return words >= 2 && words <= 4 && (caps == words || caps == 0) && matched
}

// mailboxWord reports the words of a team's or office's mailbox that
// institutionLike does not know (Fachdienst, IT-Team, Service Desk, Kita
// Sonnenschein).
func mailboxWord(w []byte) bool {
	for _, suf := range []string{"dienst", "team", "desk", "support", "poststelle", "postfach", "info"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	switch string(w) {
	case "kita", "schule", "praxis", "kanzlei", "rathaus", "verein", "büro", "amt", "stadt", "gemeinde", "kreis", "hort":
		return true
	}
	return false
}

// umlautsAsLetters writes umlauts and ß the way addresses spell them
// (müller → mueller).
var umlautsAsLetters = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss")

// localPart reports whether w is a part of the local address loc: between
// its separators (. _ - + and digits), or at the start or end of one
// (zhangwei, hwpark).
func localPart(loc, w string) bool {
	for tok := range strings.FieldsFuncSeq(loc, func(r rune) bool { return r < 'a' || r > 'z' }) {
		if strings.HasPrefix(tok, w) || strings.HasSuffix(tok, w) {
			return true
		}
	}
	return false
}
