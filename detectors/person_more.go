package detectors

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lowerOrDigitAfter reports a lower-case ASCII letter or a digit as the
// first byte after the blanks at i: the entry of a name ended there, no
// further name of a list follows.
func lowerOrDigitAfter(raw []byte, i int) bool {
	k := skipBlank(raw, i)
	return k > i && k < len(raw) && (isLowerASCII(raw[k]) || isDigit(raw[k]))
}

// initialSlot reports a place where an initial and a surname no list has
// [s, ke) name a person by their structure: alone in brackets ("(S. Ramić)")
// or after a label's colon with a bracketed role or another initial and
// surname after it ("Anwesend: M. Hagedorn (Vergabestelle), R. Akhtar (…)").
func initialSlot(raw []byte, dst []Finding, s, ke int) bool {
	if s < 2 {
		return false
	}
	if raw[s-1] == '(' {
		return ke < len(raw) && raw[ke] == ')'
	}
	if raw[s-1] != ' ' || raw[s-2] != ':' && raw[s-2] != ',' {
		return false
	}
	if raw[s-2] == ',' {
		// the next entry of a list of names ends at a comma or the line end
		return labelledList(raw, dst, s-2) && (ke == len(raw) || raw[ke] == ',' || raw[ke] == '\n' || raw[ke] == '\r' || hasPrefixAt(raw, ke, " ("))
	}
	if hasPrefixAt(raw, ke, " (") {
		return true
	}
	// another initial and surname follow, not the next letter of an outline
	// ("Gliederung: A. Sachverhalt, B. Würdigung")
	return ke+5 < len(raw) && raw[ke] == ',' && raw[ke+1] == ' ' && isUpper(raw[ke+2]) && raw[ke+3] == '.' && raw[ke+4] == ' ' &&
		raw[ke+2] != raw[s]+1
}

// labelledList reports whether the comma at c ends an entry of a list of
// names: a closing bracket ("M. Hagedorn (Vergabestelle), …") or a name
// found right before it ("U. Wollersheim, H. Pütz").
func labelledList(raw []byte, dst []Finding, c int) bool {
	if c > 0 && raw[c-1] == ')' {
		return true
	}
	n := len(dst)
	return n > 0 && dst[n-1].Type == "PERSON" && dst[n-1].End == c
}

// camelFirm reports a first word at s that no list has, written with a
// capital inside as brands and firms are ("TechnoServ", "KommunalNet",
// "easyJet" aside): no person's name but McDonald and MacLeod is.
func (d *personDetector) camelFirm(t *Text, s int) bool {
	raw := t.Raw
	e := wordEnd(raw, s)
	if e-s < 4 || d.lx.flags(t.Lower()[s:e]) != 0 || !innerCap(raw[s:e]) {
		return false
	}
	return !hasPrefixAt(raw, s, "Mc") && !hasPrefixAt(raw, s, "Mac")
}

// salutationLine returns the start of the next line when the salutation
// [s, k) stands alone on its line, as in a letter's address block; else 0.
func salutationLine(raw []byte, s, k int) int {
	if s > 0 && raw[s-1] != '\n' {
		return 0
	}
	if k < len(raw) && raw[k] == '\r' {
		k++
	}
	if k+1 >= len(raw) || raw[k] != '\n' || !isUpper(raw[k+1]) && raw[k+1] < 0xC0 {
		return 0
	}
	return k + 1
}

// personLineEnd reports the end of a line (or of the text) at e, blanks aside.
func personLineEnd(raw []byte, e int) bool {
	k := skipBlank(raw, e)
	return k >= len(raw) || raw[k] == '\n' || raw[k] == '\r'
}

// clerkWord reports the roles of the clerk who handles a case; the clerk's
// surname alone may follow them at the end of a line or sign with them
// after a comma ("Sachbearbeiter Lindemann", "Pfeiffer, Sachbearbeitung").
func clerkWord(w []byte) bool {
	switch string(w) {
	case "sachbearbeiter", "sachbearbeiterin", "sachbearbeitung", "bearbeiter", "bearbeiterin":
		return true
	}
	return false
}

// inlineFields are the name fields of an identity document or a register
// that are copied into running text without a colon.
var inlineFields = map[string]bool{"name": true, "vorname": true, "vornamen": true, "nachname": true, "familienname": true, "geburtsname": true}

// inlineField finds the value of a name field w ending at e that stands in
// a sentence without a colon: the field word capitalised, one blank, one
// or two words that read as a name, then a comma, semicolon, bracket, or
// the end of the sentence or line ("Name Haidari, Vorname Sosan, geboren").
func (d *personDetector) inlineField(t *Text, w []byte, e int) (int, int, bool) {
	raw := t.Raw
	if !inlineFields[string(w)] || e+2 >= len(raw) || raw[e] != ' ' || !isCap(raw, e+1) {
		return 0, 0, false
	}
	ns, ne, ok := d.nameAfter(t, e+1, true)
	if !ok || ns != e+1 || ne >= len(raw) || bytes.Count(raw[ns:ne], []byte{' '}) > 1 || d.lx.flags(t.Lower()[ns:wordEnd(raw, ns)])&wLabel != 0 {
		return 0, 0, false
	}
	low := t.Lower()
	for k := ns; k < ne; k = skipBlank(raw, k) {
		ke := wordEnd(raw, k)
		if ke == k {
			return 0, 0, false
		}
		g := d.lx.flags(low[k:ke])
		if g&(wNotName|wNotAlone|wOrg|wBody|wTitle|wLabel) != 0 || g&(wFirst|wLast) == 0 &&
			(!unknownSurname(low[k:ke]) || institutionLike(low[k:ke]) || roleLike(low[k:ke]) || strongNoun(low[k:ke]) || innerCap(raw[k:ke])) {
			return 0, 0, false
		}
		k = ke
	}
	switch raw[ne] {
	case ',', ';', ')':
		return ns, ne, true
	case '.':
		if ne+1 == len(raw) || raw[ne+1] == ' ' || raw[ne+1] == '\n' || raw[ne+1] == '\r' {
			return ns, ne, true
		}
	}
	return 0, 0, false
}

// upperWord reports a word of upper-case letters only, any script
// ("ĐỨC", "ÇELİK"); it decodes the runes, so it runs only on the few words
// after a name found in capitals.
func upperWord(w []byte) bool {
	has := false
	for i := 0; i < len(w); {
		r, n := utf8.DecodeRune(w[i:])
		i += n
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsUpper(r):
			has = true
		}
	}
	return has
}

// roleInSpan reports a word in [s, e) that no name list has and that ends
// like a role ("Allgemeiner Vertreter", "Stellvertretende Amtsleiterin").
func (d *personDetector) roleInSpan(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	for k := s; k < e; k = skipBlank(raw, k) {
		ke := wordEnd(raw, k)
		if ke == k {
			return false
		}
		if roleLike(low[k:ke]) && d.lx.flags(low[k:ke])&(wFirst|wLast) == 0 {
			return true
		}
		k = ke
	}
	return false
}

// lowerField returns the end of a full name typed in lower case at k after
// the colon of a name field w ("Name: marija petrović"): a listed given
// name and a surname, or an unknown given name and a surname that is
// listed or shaped like one, then a comma, a semicolon or the line end.
func (d *personDetector) lowerField(t *Text, w []byte, k int) (int, bool) {
	raw := t.Raw
	if !inlineFields[string(w)] || k >= len(raw) || !isLowerASCII(raw[k]) {
		return 0, false
	}
	var buf [maxWord]byte
	ne, ok := d.lowerFullName(t, buf[:], k)
	if !ok || bytes.IndexByte(raw[k:ne], ' ') < 0 {
		return 0, false
	}
	if r := skipBlank(raw, ne); r < len(raw) && raw[r] != ',' && raw[r] != ';' && raw[r] != '\n' && raw[r] != '\r' {
		return 0, false
	}
	return ne, true
}

// roleLine returns the start of the next line when the role [s, k) stands
// alone on its line, with "Der " or "Die " before it, as an official signs
// a letter or notice ("Die Standesbeamtin\nEbner"); else 0.
func roleLine(raw []byte, s, k int) int {
	ls := s
	if s >= 4 && (string(raw[s-4:s]) == "Der " || string(raw[s-4:s]) == "Die ") {
		ls = s - 4
	}
	if ls > 0 && raw[ls-1] != '\n' {
		return 0
	}
	return salutationLine(raw, ls, k)
}

// trustedSurname reports whether the unknown capitalised word [s, e) after
// a known given name in trusted context (a salutation, a name label) is its
// surname: no word of any list, no noun ending on the word as it stands
// (the case endings that unknownSurname cuts off are not cut here, so
// "Schreurs" is no plural of a noun in -ur), no role, institution or firm,
// and no "-ei" noun (Kartei, Partei, Polizei, Bäckerei, Kanzlei) while
// the syllables of Chinese names stay (Xiaomei, Wei, Fei).
func (d *personDetector) trustedSurname(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	w := low[s:e]
	if e-s < 3 || d.nameFlags(low, s, e) != 0 || allCaps(raw[s:e]) || innerCap(raw[s:e]) || d.badNeighbour(raw, s, e) ||
		e < len(raw) && raw[e] == '-' || strongNoun(w) || roleLike(w) || institutionLike(w) || d.orgAfter(t, e) {
		return false
	}
	for _, suf := range nounEndings {
		if !bytes.HasSuffix(w, []byte(suf)) {
			continue
		}
		if suf == "ei" && len(w) > 3 && strings.IndexByte("rltzsn", w[len(w)-3]) < 0 {
			continue // Xiaomei, Rezaei
		}
		return false
	}
	return true
}

// genitiveS reports a word ending in a consonant and "s" as a German
// genitive does (Dagoberts, Ahmeds), not a name ending in a vowel and "s"
// (Idris, Carlos, Matthias) or in "ss".
func genitiveS(w []byte) bool {
	n := len(w)
	return n >= 3 && w[n-1] == 's' && w[n-2] < 0x80 && isLowerASCII(w[n-2]) && strings.IndexByte("aeiouys", w[n-2]) < 0
}

// lowerPart reports a hyphenated word with a part after a hyphen in lower
// case that is no name particle ("Fine-grained", "Self-service"), unlike
// the parts of a double name (Jan-Philipp, Müller-Lüdenscheidt, Abd-el-Kader).
func lowerPart(w []byte) bool {
	for i := 0; i+1 < len(w); i++ {
		if w[i] != '-' || !isLowerASCII(w[i+1]) {
			continue
		}
		j := i + 1
		for j < len(w) && w[j] != '-' {
			j++
		}
		if !particles[string(w[i+1:j])] {
			return true
		}
	}
	return false
}

// dateAfterComma reports ", " and a date (d.m.yy to dd.mm.yyyy) at e: the
// place of a signature's date after the signer ("R. Eilers, 25.11.2026").
func dateAfterComma(raw []byte, e int) bool {
	if !hasPrefixAt(raw, e, ", ") {
		return false
	}
	i := e + 2
	for part := 0; part < 3; part++ {
		n := 0
		for i < len(raw) && isDigit(raw[i]) && n < 4 {
			i++
			n++
		}
		if n == 0 || part < 2 && (n > 2 || i >= len(raw) || raw[i] != '.') || part == 2 && n != 2 && n != 4 {
			return false
		}
		if part < 2 {
			i++
		}
	}
	return i == len(raw) || !isDigit(raw[i])
}

// pluralSurname returns the end of a surname at k after a plural role: a
// listed name that is no ordinary word, or an unlisted word shaped like a
// surname; k when not.
func (d *personDetector) pluralSurname(t *Text, k int) int {
	raw, low := t.Raw, t.Lower()
	if !isCap(raw, k) {
		return k
	}
	ke := wordEnd(raw, k)
	if ke-k < 3 || allCaps(raw[k:ke]) || innerCap(raw[k:ke]) {
		return k
	}
	g := d.lx.flags(low[k:ke])
	if g&(wFirst|wLast) != 0 && g&badNameFlags == 0 ||
		g == 0 && unknownSurname(low[k:ke]) && !institutionLike(low[k:ke]) && !roleLike(low[k:ke]) && !strongNoun(low[k:ke]) {
		return ke
	}
	return k
}

// pluralNames finds two to four surnames after a plural role of
// person_plural_roles.txt, joined by ", " and a last " und " ("Kolleginnen
// Beyer und Lazarević", "Kollegen Brandt, Wegner und Pohl"), the last not
// before another capitalised word (a full name is matched as one).
func (d *personDetector) pluralNames(t *Text, dst []Finding) []Finding {
	raw := t.Raw
	for i, hits := range t.listHitsAt(pluralKeysSlot, d.pluralKeys) {
		kw := d.pluralKeys[i]
		for _, h := range hits {
			if !isUpper(raw[h]) || !isWordStartAt(raw, h) {
				continue
			}
			var spans [4][2]int
			n, k := 0, h+len(kw)
			for n < 4 {
				ke := d.pluralSurname(t, k)
				if ke == k || covered(dst, k) {
					break
				}
				spans[n] = [2]int{k, ke}
				n++
				if hasPrefixAt(raw, ke, " und ") {
					k = ke + 5
					if le := d.pluralSurname(t, k); le > k && !covered(dst, k) && !isCap(raw, skipBlank(raw, le)) {
						spans[n] = [2]int{k, le}
						for _, sp := range spans[:n+1] {
							dst = append(dst, Finding{Type: "PERSON", Start: sp[0], End: sp[1], Score: 0.7})
						}
					}
					break
				}
				if !hasPrefixAt(raw, ke, ", ") {
					break
				}
				k = ke + 2
			}
		}
	}
	return dst
}

// nickParen reports a given name in quotes that closes a parenthesis after
// a capitalised word, with one word before the quote: the name a
// person is called by, after the full name ("Selvarajah Kanagaratnam
// (Rufname "Raja")", "Herr Müller (genannt „Hansi“)").
func nickParen(raw []byte, s, e int) bool {
	var q int
	switch {
	case s >= 1 && raw[s-1] == '"':
		q = s - 1
	case hasSuffixAt(raw, s, "„") || hasSuffixAt(raw, s, "“"):
		q = s - 3
	default:
		return false
	}
	if !(hasPrefixAt(raw, e, "\")") || hasPrefixAt(raw, e, "“)") || hasPrefixAt(raw, e, "”)")) {
		return false
	}
	// one word before the quote: "Rufname ", "genannt " (not a bare quote:
	// "Aktion Sauberes Dorf ("Anna")")
	if q < 1 || raw[q-1] != ' ' {
		return false
	}
	p := q - 1
	for p > 0 && isLetter(raw[p-1]) {
		p--
	}
	if p == q-1 {
		return false
	}
	if p < 3 || raw[p-1] != '(' || raw[p-2] != ' ' {
		return false
	}
	ps, pe := prevWord(raw, p-2)
	return pe == p-2 && pe > ps && isCap(raw, ps)
}

// stampSender returns the end of the surname at k after the given name at
// s when they fill a chat export's sender line ("Jan Pieper 10:34": Slack,
// Teams), or k-1 when not. Another line within 4 KB must open the same way:
// with capitalised words and a time when the surname is listed, with the
// same name when it is a word no list has ("Jan Reden 10:45" in a
// programme is a talk, not a sender).
func (d *personDetector) stampSender(t *Text, s, k int) int {
	raw := t.Raw
	ke := wordEnd(raw, k)
	if ke-k < 3 || !stampEnd(raw, ke) {
		return k - 1
	}
	g := d.lx.flags(t.Lower()[k:ke])
	listed := g&wLast != 0 && g&badNameFlags == 0
	if !listed && !(g == 0 && d.plainSurname(t, k, ke) && !strongNoun(t.Lower()[k:ke])) {
		return k - 1
	}
	other := func(ls int) bool {
		if listed {
			return stampLine(raw, ls)
		}
		return ls != s && ls+ke-s <= len(raw) && bytes.Equal(raw[ls:ls+ke-s], raw[s:ke]) && stampEnd(raw, ls+ke-s)
	}
	hi := min(len(raw), ke+4096)
	for i, n := ke, 0; n < 64 && i < hi; n++ {
		j := bytes.IndexByte(raw[i:hi], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		if other(i) {
			return ke
		}
	}
	lo := max(0, s-4096)
	for p, n := s, 0; n < 64 && p > lo; n++ {
		q := bytes.LastIndexByte(raw[lo:p-1], '\n') + 1 + lo
		if q == lo && lo > 0 {
			break // a line cut by the window
		}
		if other(q) {
			return ke
		}
		p = q
	}
	return k - 1
}

// stampEnd reports " H:MM" or " HH:MM" at i (after up to two more
// spaces), then the line's end.
func stampEnd(raw []byte, i int) bool {
	// Slack's copy sets two spaces before the time ("sven  10:02")
	for n := 0; n < 2 && i+1 < len(raw) && raw[i] == ' ' && raw[i+1] == ' '; n++ {
		i++
	}
	if i+5 > len(raw) || raw[i] != ' ' || !isDigit(raw[i+1]) {
		return false
	}
	i += 2
	if i < len(raw) && isDigit(raw[i]) {
		i++
	}
	if i+3 > len(raw) || raw[i] != ':' || !isDigit(raw[i+1]) || !isDigit(raw[i+2]) {
		return false
	}
	i += 3
	// an English copy's hour: "02:47 AM"
	if i+3 <= len(raw) && raw[i] == ' ' && (raw[i+1] == 'A' || raw[i+1] == 'P' || raw[i+1] == 'a' || raw[i+1] == 'p') && (raw[i+2] == 'M' || raw[i+2] == 'm') {
		i += 3
	}
	return i == len(raw) || raw[i] == '\n' || raw[i] == '\r'
}

// stampLine reports a line at ls of one to three capitalised words and a
// time ("Melanie Kranz 10:31").
func stampLine(raw []byte, ls int) bool {
	k := ls
	for n := 0; n < 3; n++ {
		if !isCap(raw, k) {
			return false
		}
		k = wordEnd(raw, k)
		if stampEnd(raw, k) {
			return true
		}
		if k >= len(raw) || raw[k] != ' ' {
			return false
		}
		k++
	}
	return false
}

// dateBeforeComma reports a date and a comma right before s, as a signature
// line puts them before the signer: "Datum, Unterschrift: 03.11.2025, R. Plaßmann",
// "Lindenau, 3.11.25, R. Plaßmann"; the date opens the line or follows a
// colon or a comma.
func dateBeforeComma(raw []byte, s int) bool {
	if s < 12 || raw[s-1] != ' ' || raw[s-2] != ',' {
		return false
	}
	i := s - 2
	for part := 0; part < 3; part++ {
		n := 0
		for i > 0 && isDigit(raw[i-1]) && n < 4 {
			i--
			n++
		}
		if n == 0 || part == 0 && n != 2 && n != 4 || part > 0 && n > 2 {
			return false
		}
		if part < 2 {
			if i == 0 || raw[i-1] != '.' {
				return false
			}
			i--
		}
	}
	// the date opens the line or follows a label or the town: not "am 03.11.2025, A. Sachverhalt"
	return i == 0 || raw[i-1] == '\n' || i >= 2 && raw[i-1] == ' ' && (raw[i-2] == ':' || raw[i-2] == ',')
}

// roomAfter reports a surname that is a room word too, with a number after
// it: "Zimmer 207", "Saal 2", "Haus 3" (room words that are surnames).
func roomAfter(low []byte, s, e int) bool {
	if e+1 >= len(low) || low[e] != ' ' || !isDigit(low[e+1]) {
		return false
	}
	switch string(low[s:e]) {
	case "zimmer", "raum", "saal", "haus", "halle", "block", "trakt", "bau":
		return true
	}
	return false
}

// maxGiven bounds the bytes of an unknown word read as a given name before a
// known surname: given names are short (Mohammadreza, Chukwuemeka), German
// compound nouns long (Sterbefallanzeige, Bauantragsverfahren).
const maxGiven = 13

// nounValue reports a value [s, e) after a name label that is one word in
// no name list with a German noun ending and nothing foreign about it: a
// benefit or a thing, not a name ("Antragstellerin: Bürgergeld"). A comma
// after it may open the given name ("Name: Gebreselassie, Mebrat"), unless
// no capital follows it ("Ehefrau: Psychotherapie, 8 Sitzungen").
func (d *personDetector) nounValue(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	return wordEnd(raw, s) == e && !(hasPrefixAt(raw, e, ",") && isCap(raw, skipBlank(raw, e+1))) && d.nameFlags(low, s, e)&(wFirst|wLast) == 0 && !unknownSurname(low[s:e]) &&
		!foreignLetters(raw[s:e]) && !surnameShape(low[s:e])
}

// labelCompound reports a hyphenated word [s, e) whose last part is no name
// part: an abbreviation or a noun ("Steuer-ID", "Kunden-Nr", "Haus-Nummer"),
// which labels the name after it ("Steuer-ID Brenner: …") rather than
// being a given name (Anna-Lena, Al-Hassan).
func labelCompound(raw, low []byte, s, e int) bool {
	h := bytes.LastIndexByte(low[s:e], '-')
	if h < 0 {
		return false
	}
	h += s + 1
	return e-h < 3 || allCaps(raw[h:e]) || !unknownSurname(low[h:e])
}

// signatureSurname reports an unlisted surname [s, e) that opens a signature
// line before its role: "Dreyer, Richterin am Amtsgericht", "Husić,
// Sachbearbeitung". It is asked only of words no lexicon has. The line may
// be quoted ("> Kessler, KHK") or the signature the second column of its
// line ("G. Arslan-Keller        Wendt, Standesamtsrätin"), and the surname
// a double name of such words ("Krause-Mölders, Richterin am Amtsgericht").
func (d *personDetector) signatureSurname(t *Text, s, e int) bool {
	raw := t.Raw
	if e-s < 4 || e+2 >= len(raw) || raw[e] != ',' || !signatureHead(raw, s) || !d.roleAfter(t, e) || allCaps(raw[s:e]) || innerCap(raw[s:e]) {
		return false
	}
	w := t.Lower()[s:e]
	if bytes.IndexByte(w, '-') >= 0 {
		return d.doubleSurname(w) && !d.orgNear(t, s, e)
	}
	return (surnameShape(w) || unknownSurname(w) && !strongNoun(w)) && !roleLike(w) && !institutionLike(w) &&
		!d.orgNear(t, s, e)
}

// doubleSurname reports a double name of two parts, each a listed surname
// or a word no lexicon has that ends as no noun does: "Krause-Mölders",
// "Kruse-Abdi"; not "IT-Service", "Leistungs-Sachbearbeitung".
func (d *personDetector) doubleSurname(w []byte) bool {
	h := bytes.IndexByte(w, '-')
	if h < 3 || len(w)-h-1 < 3 || bytes.IndexByte(w[h+1:], '-') >= 0 {
		return false
	}
	for _, p := range [2][]byte{w[:h], w[h+1:]} {
		f := d.lx.flags(p)
		if f&wLast != 0 && f&(wNotName|wOrg|wBody|wTitle|wLabel) == 0 {
			continue
		}
		if f != 0 || !unknownSurname(p) || strongNoun(p) || roleLike(p) || institutionLike(p) {
			return false
		}
	}
	return true
}

// signatureHead reports a signature's start at s: the head of its line,
// after a mail quote's '>' marks, or a second column after three blanks
// beside another signature (letters, dots and hyphens only: no table's row).
func signatureHead(raw []byte, s int) bool {
	if lineHead(raw, s) {
		return true
	}
	if s >= 3 && raw[s-1] == ' ' && raw[s-2] == ' ' && raw[s-3] == ' ' {
		ls := bytes.LastIndexByte(raw[:s], '\n') + 1
		if s-ls > 80 {
			return false
		}
		for _, c := range raw[ls:s] {
			if c < 0x80 && !isLetter(c) && c != ' ' && c != '.' && c != '-' {
				return false
			}
		}
		return true
	}
	p := s
	for p > 0 && raw[p-1] == ' ' {
		p--
	}
	if p == s || p == 0 || raw[p-1] != '>' {
		return false
	}
	for p > 0 && (raw[p-1] == '>' || raw[p-1] == ' ') {
		p--
	}
	return p == 0 || raw[p-1] == '\n'
}

// alAdj reports the stem of an adjective in -al that administrative
// text declines before an office (Zentrale Vergabestelle, Regionale
// Schulberatung, Kommunale Ausländerbehörde, Soziale Dienste).
func alAdj(stem []byte) bool {
	for _, suf := range []string{"tral", "onal", "unal", "zial", "gital", "okal", "obal"} {
		if bytes.HasSuffix(stem, []byte(suf)) {
			return true
		}
	}
	return false
}

// roleOrJobLike reports a plural of a role in -erinnen (Gutachterinnen,
// Mitarbeiterinnen, Sachbearbeiterinnen) and a kind of job (Minijob,
// Nebenjob, Ferienjob): after a label these are what someone is or does,
// never a name.
func roleOrJobLike(w []byte) bool {
	return len(w) > 9 && bytes.HasSuffix(w, []byte("erinnen")) || len(w) > 5 && bytes.HasSuffix(w, []byte("job"))
}

// upperCommaPair reports a name in capitals right after ", " behind the
// name f in capitals whose first word is a listed given name: the passport
// form "Nachname, Vorname" ("AL HASAN, MOHAMAD"). Each word of the second
// must be a listed given name and the first must not open with one (a list
// of full names: "ANNA MÜLLER, PETER SCHMIDT"). It runs only at names
// already found.
func (d *personDetector) upperCommaPair(t *Text, f, g *Finding) bool {
	raw, low := t.Raw, t.Lower()
	if g.Type != "PERSON" || g.Start != f.End+2 || !hasPrefixAt(raw, f.End, ", ") || g.End > len(raw) || !allCaps(raw[g.Start:g.End]) ||
		bytes.IndexByte(raw[g.Start:g.End], '\n') >= 0 {
		return false
	}
	if fe := wordEnd(raw, f.Start); d.lx.flags(low[f.Start:fe])&(wFirst|wLast) == wFirst && !particles[string(low[f.Start:fe])] {
		return false // "ANNA MÜLLER, PETER": a list of names, no surname first
	}
	for k := g.Start; k < g.End; {
		ke := wordEnd(raw, k)
		fl := d.lx.flags(low[k:ke])
		if ke-k < 3 || fl&wFirst == 0 || fl&badNameFlags != 0 {
			return false // every word a given name: "SULTANI, MOHAMMAD DAWOOD"
		}
		k = ke + 1
	}
	return true
}

// surnameListAfter reports a word at k..ke after "Surname, " that is no
// listed given name and is itself followed by ", " and a capitalised word:
// the second entry of a list of surnames ("Ratsmitglieder Albrecht,
// Demirtaş, Fuchs, Gerhards"), not the given name of "Nachname, Vorname".
func surnameListAfter(raw, low []byte, d *personDetector, k, ke int) bool {
	return d.nameFlags(low, k, ke)&wFirst == 0 && hasPrefixAt(raw, ke, ", ") && isCap(raw, ke+2)
}

// memberRoles are council members named in the plural before a list of
// their surnames in minutes: "Anwesend: Ratsmitglieder Albrecht, Demirtaş,
// Fuchs und Dr. Wallraf".
var memberRoles = map[string]bool{"ratsmitglieder": true, "ratsherren": true, "ratsfrauen": true, "stadträte": true, "stadträtinnen": true,
	"stadtverordnete": true, "gemeinderäte": true, "gemeinderätinnen": true, "kreisräte": true, "kreisrätinnen": true,
	"kreistagsmitglieder": true, "ausschussmitglieder": true}

// memberList takes the surnames that follow a name found right after a
// plural council role, separated by ", " or " und ", each with titles
// skipped: every entry must be a listed surname or shaped like one, and
// the list ends at the first word that is not. It runs only at the names
// already found.
func (d *personDetector) memberList(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	n := len(dst)
	for i := n0; i < n; i++ {
		f := dst[i]
		if f.Type != "PERSON" || f.End > len(raw) || !hasPrefixAt(raw, f.End, ", ") {
			continue
		}
		ps, pe := prevWord(raw, f.Start)
		if pe != f.Start-1 || pe-ps < 9 || pe-ps > 19 || !memberRoles[string(low[ps:pe])] {
			continue
		}
		k := f.End
		for m := 0; m < 40; m++ {
			switch {
			case hasPrefixAt(raw, k, ", "):
				k += 2
			case hasPrefixAt(raw, k, " und "):
				k += 5
			default:
				m = 40
				continue
			}
			s, _, _ := d.skipTitles(t, k)
			e := wordEnd(raw, s)
			for e < len(raw)-1 && raw[e] == '-' && isCap(raw, e+1) {
				e = wordEnd(raw, e+1) // Meier-Lüdeking
			}
			if !d.memberEntry(t, s, e) {
				break
			}
			if !memberCovered(dst, n0, s, e) {
				dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.75})
			}
			k = e
		}
	}
	return dst
}

// memberEntry reports a surname of a council list at s..e: a listed
// surname (also one that is an ordinary word: Klein, Lange) or an unlisted
// word shaped like one, ending at a list separator,
// a party in brackets or the end of the clause.
func (d *personDetector) memberEntry(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	if e-s < 3 || !isCap(raw, s) || allCaps(raw[s:e]) || innerCap(raw[s:e]) {
		return false
	}
	if e < len(raw) && strings.IndexByte(",;.)\n\r/", raw[e]) < 0 && !hasPrefixAt(raw, e, " und ") && !hasPrefixAt(raw, e, " (") {
		return false
	}
	w := low[s:e]
	f := d.lx.flags(w)
	if f&(badNameFlags&^wNotName) != 0 {
		return false
	}
	return f&wLast != 0 || f == 0 && (unknownSurname(w) || surnameEnding(w)) && !roleLike(w) && !institutionLike(w) && !strongNoun(w)
}

// spansEntries reports whether [s, e) overlaps two or more of ents.
func spansEntries(ents [][2]int, s, e int) bool {
	k := 0
	for _, en := range ents {
		if en[0] < e && s < en[1] {
			k++
		}
	}
	return k >= 2
}

// surnameCue reports an unlisted entry of an attendance list that only a
// surname can be: a surname's ending (Belova, Begić), letters no German
// word has (Demirtaş) or a double name with a listed part (Fuchs-Ahlers).
// Like a listed surname, one such entry makes the list one of names.
func (d *personDetector) surnameCue(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	if surnameShape(low[s:e]) || foreignLetters(raw[s:e]) {
		return true
	}
	for k := s; k < e; {
		j := k
		for j < e && raw[j] != '-' {
			j++
		}
		if j < e && d.lx.flags(low[k:j])&wLast != 0 || j == e && k > s && d.lx.flags(low[k:j])&wLast != 0 {
			return true
		}
		k = j + 1
	}
	return false
}

// memberCovered reports a finding of dst[n0:] that overlaps s..e.
func memberCovered(dst []Finding, n0, s, e int) bool {
	for _, g := range dst[n0:] {
		if g.Start < e && s < g.End {
			return true
		}
	}
	return false
}

// givenBeforeBirth returns the end of one or two given names at k that a
// birth or death mark follows (", geb.", " (geb.", ", *", " (†"), or k: in
// "Mersha, Dawit, geb. 22.02.2016" the words after the surname's comma are
// the given names even when no list knows them. It runs only after a
// surname already found.
func (d *personDetector) givenBeforeBirth(t *Text, k int) int {
	raw, low := t.Raw, t.Lower()
	e := k
	for n := 0; n < 2; n++ {
		we := wordEnd(raw, e)
		for we < len(raw)-1 && raw[we] == '-' && isCap(raw, we+1) {
			we = wordEnd(raw, we+1) // Hans-Werner
		}
		if we-e < 3 || !isCap(raw, e) || allCaps(raw[e:we]) || innerCap(raw[e:we]) {
			return k
		}
		w := low[e:we]
		f := d.lx.flags(w)
		if f&badNameFlags != 0 || f&wFirst == 0 && (f != 0 || !unknownSurname(w) || roleLike(w) || institutionLike(w) || strongNoun(w)) {
			return k
		}
		for _, m := range []string{", geb.", ", geb ", ", geboren", " (geb.", " (geb ", ", *", " (*", ", †", " (†"} {
			if hasPrefixAt(raw, we, m) {
				return we
			}
		}
		if we+1 >= len(raw) || raw[we] != ' ' {
			return k
		}
		e = we + 1
	}
	return k
}

// entryHead reports whether s opens a line, a list entry or a labelled
// value: only blanks and a bullet stand between it and a line start, a
// colon or a semicolon.
func entryHead(raw []byte, s int) bool {
	j := s
	for j > 0 && (raw[j-1] == ' ' || raw[j-1] == '\t' || raw[j-1] == '-' || raw[j-1] == '*') {
		j--
	}
	return j == 0 || raw[j-1] == '\n' || raw[j-1] == ':' || raw[j-1] == ';'
}

// bulletHead reports that s opens a line after nothing but blanks and a
// list bullet ("- ", "* ").
func bulletHead(raw []byte, s int) bool {
	j := s
	for j > 0 && (raw[j-1] == ' ' || raw[j-1] == '\t' || raw[j-1] == '-' || raw[j-1] == '*') {
		j--
	}
	return j == 0 || raw[j-1] == '\n'
}

// thirdName reports a listed given name that is also an ordinary word
// ("Nur", "Mai") at [j, je) as the last part of a name of three that ends
// at e with two capitalised words: "Mahamed Abdi Nur, geb. …". A comma must
// follow it, and no word of the name may be in lower case.
func (d *personDetector) thirdName(t *Text, e, j, je int, g uint16) bool {
	raw := t.Raw
	if g&wFirst == 0 || je >= len(raw) || raw[je] != ',' || j != e+1 {
		return false
	}
	ps, pe := prevWord(raw, e)
	if pe != e || !isCap(raw, ps) {
		return false
	}
	qs, qe := prevWord(raw, ps)
	return qe == ps-1 && raw[qe] == ' ' && qe > qs && isCap(raw, qs) && d.lx.flags(t.Lower()[qs:qe])&badNameFlags == 0
}

// roleColon reports an initial at s after a role or name label and its
// colon, with the surname ending the entry at ke: "Schulleiterin: B.
// Kranz-Oduya", "Sachbearbeiter: K. Wolters, Tel. …", "Ausbildungsleitung:
// H. Austermann".
func (d *personDetector) roleColon(t *Text, s, ke int) bool {
	raw := t.Raw
	if s < 3 || raw[s-1] != ' ' || !(ke == len(raw) || raw[ke] == ',' || raw[ke] == '\n' || raw[ke] == '\r' || cellAfter(raw, ke)) {
		return false
	}
	if raw[s-2] != ':' {
		return raw[s-2] == ',' && d.roleLineHead(t, s)
	}
	if d.roleLineHead(t, s) {
		return true
	}
	ps, pe := prevWord(raw, s-2)
	if pe == s-2 && pe-ps >= 2 && pe-ps <= 5 && allCaps(raw[ps:pe]) && ps >= 2 && raw[ps-1] == ' ' {
		// the office's acronym after the role: "Fallverantwortung ASD: B. Eilers"
		if qs, qe := prevWord(raw, ps-1); qe == ps-1 && qe-qs >= 3 && isCap(raw, qs) && roleLike(t.Lower()[qs:qe]) {
			return true
		}
	}
	if pe != s-2 || pe-ps < 3 || !isCap(raw, ps) {
		return false
	}
	w := t.Lower()[ps:pe]
	// or the office that leads, with the person after it: "Ausbildungsleitung: H. Austermann"
	return d.lx.flags(w)&(wTitle|wLabel) != 0 || roleLike(w) || string(w) == "unterschrift" || len(w) > 7 && bytes.HasSuffix(w, []byte("leitung"))
}

// cellAfter reports the edge of a table cell after blanks at e: a field of
// a line of fields ("Disponent: B. Reindl   |   Qualitätsmanagement: …").
func cellAfter(raw []byte, e int) bool {
	k := skipBlank(raw, e)
	return k > e && k < len(raw) && (raw[k] == '|' || raw[k] == ';')
}

// roleLineHead reports a line that opens with a role or name label
// (Bearbeiter, Sachbearbeitung, Bearbeitung) and a few words up to its colon,
// the initial at s standing after that colon and at most one comma within
// 80 bytes: "Bearbeitung Gesundheitsamt Landkreis Osnabrück: T. Strothmann",
// "Bearbeiter: 2nd Level Anwendungsbetreuung, S. Pöppinghaus".
func (d *personDetector) roleLineHead(t *Text, s int) bool {
	raw, low := t.Raw, t.Lower()
	ls := s
	for ls > 0 && s-ls < 80 && raw[ls-1] != '\n' {
		ls--
	}
	if ls > 0 && raw[ls-1] != '\n' {
		return false
	}
	c := bytes.IndexByte(raw[ls:s], ':')
	if c < 0 || bytes.Count(raw[ls+c+1:s], []byte(",")) > 1 || bytes.IndexByte(raw[ls+c+1:s], ':') >= 0 {
		return false
	}
	we := wordEnd(raw, ls)
	if we == ls || we > ls+c || !isCap(raw, ls) {
		return false
	}
	w := low[ls:we]
	return d.lx.flags(w)&(wTitle|wLabel) != 0 || roleLike(w) || string(w) == "bearbeitung"
}

// commaSurnameBefore returns the start of a surname that ends at the comma
// c before the given names [c+2, e) found alone, or -1. The given names are
// listed given names or unlisted words but no surname of the lists ("Anna
// Schmidt" is a name of its own), the first a listed given name; the
// surname is one capitalised word, unlisted or a surname, right after a
// label's colon or an opening bracket: "Melderegister: Dang, Thi Thanh Huong".
func (d *personDetector) commaSurnameBefore(t *Text, c, e int) int {
	raw, low := t.Raw, t.Lower()
	for k, n := c+2, 0; k < e; n++ {
		ke := wordEnd(raw, k)
		if ke == k {
			return -1
		}
		f := d.lx.flags(low[k:ke])
		if f&badNameFlags != 0 || f&wLast != 0 && f&wFirst == 0 || n == 0 && f&wFirst == 0 {
			return -1
		}
		k = skipBlank(raw, ke)
	}
	ps, pe := prevWord(raw, c)
	if pe != c || pe-ps < 2 || !isCap(raw, ps) || allCaps(raw[ps:pe]) || innerCap(raw[ps:pe]) || ps < 2 || !(raw[ps-1] == '(' || raw[ps-1] == ' ' && raw[ps-2] == ':') {
		return -1
	}
	if raw[ps-1] == ' ' && d.placeLabelBefore(low, ps-2) {
		return -1 // "Wohnort: Köln, Anna Maria"
	}
	if f := d.lx.flags(low[ps:pe]); f&badNameFlags != 0 || f != 0 && f&wLast == 0 || f == 0 && !unknownSurname(low[ps:pe]) {
		return -1
	}
	return ps
}

// patronymic reports a Russian or Ukrainian patronymic in Cyrillic letters
// (Викторович, Олександрівна), lower-cased.
func patronymic(w []byte) bool {
	for _, suf := range []string{"ович", "евич", "івна", "овна", "евна", "ична", "йович", "ьевич"} {
		if len(w) > len(suf)+4 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// wrappedEnd reports a line end right after e that only wraps the sentence:
// the next line goes on in lower case ("Sein Bruder Ferhad\nlebe heute …").
func wrappedEnd(raw []byte, e int) bool {
	if e < len(raw) && raw[e] == '\r' {
		e++
	}
	return e+1 < len(raw) && raw[e] == '\n' && isLowerASCII(raw[e+1])
}

// pairBeforeBirth returns the end of two unlisted capitalised words [s, e)
// and the next one that read as a name and stand before ", geb." after a
// colon or a genitive article ("BAMF-Bescheid: Abdulrahim Muhammadi, geb.
// …", "Sohn des Ghulam Sakhi, geb. …"), or e.
func (d *personDetector) pairBeforeBirth(t *Text, s, e int) int {
	raw, low := t.Raw, t.Lower()
	ne := wordEnd(raw, e+1)
	if !hasPrefixAt(raw, ne, ", geb") || e-s < 3 || ne-(e+1) < 3 {
		return e
	}
	if !(hasSuffixAt(raw, s, ": ") || hasSuffixAt(low, s, " des ") || hasSuffixAt(low, s, " der ")) {
		return e
	}
	for _, w := range [][2]int{{s, e}, {e + 1, ne}} {
		ws, we := w[0], w[1]
		if f := d.lx.flags(low[ws:we]); f&badNameFlags != 0 || f != 0 && f&(wFirst|wLast) == 0 {
			return e
		}
		if allCaps(raw[ws:we]) || innerCap(raw[ws:we]) || !unknownSurname(low[ws:we]) || roleLike(low[ws:we]) || institutionLike(low[ws:we]) || inflectedAdj(low[ws:we]) ||
			ws == s && genitiveS(low[ws:we]) { // not "des Vereins Kulturhaus"
			return e
		}
	}
	return ne
}

// callPrefixes open the radio call signs of fire brigades, rescue services
// and the THW; some are given names (Florian, Christoph, Johannes).
var callPrefixes = map[string]bool{"florian": true, "christoph": true, "johannes": true, "rotkreuz": true, "akkon": true,
	"sama": true, "heros": true, "pelikan": true}

// callSign reports a name found as "<prefix> <Place>" before a unit
// number ("Florian Eckernförde 1-HLF20-1", "Rotkreuz Köln 83/1"): the place
// is in no surname list and the number opens with a digit and holds a
// hyphen or a slash. It runs only at names already found.
func (d *personDetector) callSign(t *Text, f *Finding) bool {
	raw, low := t.Raw, t.Lower()
	sp := bytes.IndexByte(raw[f.Start:f.End], ' ')
	if sp < 0 || f.End+2 >= len(raw) || raw[f.End] != ' ' || !isDigit(raw[f.End+1]) || !callPrefixes[string(low[f.Start:f.Start+sp])] {
		return false
	}
	if d.lx.flags(low[f.Start+sp+1:f.End])&wLast != 0 {
		return false // "Florian Müller 1-2"
	}
	for k := f.End + 1; k < len(raw) && k < f.End+16 && raw[k] != ' ' && raw[k] != '\n'; k++ {
		if raw[k] == '-' || raw[k] == '/' {
			return true
		}
	}
	// a unit number alone ("Funkrufname „Florian Hafen 1\""): one or two
	// digits that end the call sign, no date, age or count after them; a
	// prefix that is a given name (Florian, Christoph, Johannes) only after
	// a radio cue, as "Florian Hafenrichter 1, Anna Weber 2" is a list
	n := digitsAt(raw, f.End+1)
	return n-f.End-1 <= 2 && (n >= len(raw) || strings.IndexByte(".,:;)\"'\n", raw[n]) >= 0 && !(n+1 < len(raw) && isDigit(raw[n+1])) ||
		hasPrefixAt(raw, n, "“") || hasPrefixAt(raw, n, "”")) &&
		(d.lx.flags(low[f.Start:f.Start+sp])&wFirst == 0 || radioCue(low, f.Start))
}

// radioCue reports a word of radio traffic within 40 bytes before s on its
// line ("Funkrufname „Florian Hafen 1\"", "RTH Christoph 9").
func radioCue(low []byte, s int) bool {
	a := max(0, s-40)
	if i := bytes.LastIndexByte(low[a:s], '\n'); i >= 0 {
		a += i + 1
	}
	for _, w := range []string{"funkruf", "rufname", "rufnamen", "rth ", "rtw ", "nef ", "ktw ", "lagezentrum", "leitstelle", "funk"} {
		if bytes.Contains(low[a:s], []byte(w)) {
			return true
		}
	}
	return false
}

// wholeCell reports whether s..e fills a table cell: a cell delimiter
// (|, ; or a tab) before and after it, with at most one blank between.
func wholeCell(raw []byte, s, e int) bool {
	before := cellEdge(raw, s-1) || s >= 2 && raw[s-1] == ' ' && cellEdge(raw, s-2)
	after := cellEdge(raw, e) || e+1 < len(raw) && raw[e] == ' ' && cellEdge(raw, e+1)
	return before && after
}

// entryEnds reports the end of a name entry at e: the end of the line or
// text, a comma, a semicolon or an opening parenthesis after blanks.
func entryEnds(raw []byte, e int) bool {
	r := skipBlank(raw, e)
	return r >= len(raw) || raw[r] == '\n' || raw[r] == '\r' || raw[r] == ',' || raw[r] == ';' || raw[r] == '('
}

// entryCue reports a sign of a person right after a "Surname, Given" entry
// that ends at e: a birth date label (", geb. …", " (geb. …)") or a kin
// word after a dash (" – Bruder").
func (d *personDetector) entryCue(t *Text, e int) bool {
	raw, low := t.Raw, t.Lower()
	r := skipBlank(raw, e)
	switch {
	case hasPrefixAt(raw, r, ",") || hasPrefixAt(raw, r, "("):
		r = skipBlank(raw, r+1)
		return hasPrefixAt(low, r, "geb.") || hasPrefixAt(low, r, "geboren")
	case r > e && (hasPrefixAt(raw, r, "– ") || hasPrefixAt(raw, r, "- ")):
		dash := len("- ")
		if raw[r] != '-' {
			dash = len("– ")
		}
		k := skipBlank(raw, r+dash)
		ke := wordEnd(raw, k)
		return ke > k && isCap(raw, k) && d.lx.flags(low[k:ke])&wRelation != 0
	}
	return false
}

// attendanceBefore reports an attendance label (person_attendance.txt)
// ending at c, the offset of its colon.
func (d *personDetector) attendanceBefore(low []byte, c int) bool {
	s := c
	for s > 0 && c-s < 32 && (isLowerASCII(low[s-1]) || low[s-1] >= 0x80) {
		s--
	}
	return d.attendanceWord(low, s, c)
}

// attendanceWord reports an attendance label at low[s:e]; its first byte
// and length reject most words before the map is asked.
func (d *personDetector) attendanceWord(low []byte, s, e int) bool {
	return e-s < 32 && d.attLen&(1<<(e-s)) != 0 && d.attFirst[low[s]] && d.attendance[string(low[s:e])]
}

// attendanceList reads the surnames alone that an attendance label puts at
// k, separated by ", ", "; ", " und " or "/", each with titles skipped and a short
// remark in brackets after it ("Schmidt (Vors.)"). The list counts when it
// has two or more entries shaped like surnames (memberEntry), one of them
// a listed surname, none an ordinary word; the entries are appended to dst
// and the end of the last one returned, else 0.
func (d *personDetector) attendanceList(t *Text, k int, dst *[]Finding) int {
	raw, low := t.Raw, t.Lower()
	var ents [8][2]int
	n, listed := 0, false
	for n < len(ents) {
		s, _, _ := d.skipTitles(t, k)
		e := wordEnd(raw, s)
		for e < len(raw)-1 && raw[e] == '-' && isCap(raw, e+1) {
			e = wordEnd(raw, e+1) // Kessler-Lang
		}
		if !d.memberEntry(t, s, e) {
			break
		}
		f := d.lx.flags(low[s:e])
		if f&wNotName != 0 {
			return 0
		}
		listed = listed || f&wLast != 0 || d.surnameCue(t, s, e)
		ents[n] = [2]int{s, e}
		n++
		k = e
		if hasPrefixAt(raw, k, " (") {
			j := bytes.IndexByte(raw[k:min(len(raw), k+32)], ')')
			if j < 0 || bytes.IndexByte(raw[k:k+j], '\n') >= 0 {
				break
			}
			k += j + 1
		}
		switch {
		case hasPrefixAt(raw, k, ", "), hasPrefixAt(raw, k, "; "): // "Teilnehmende: Okonkwo; Zielinski; Brandt"
			k += 2
		case hasPrefixAt(raw, k, " und "):
			k += 5
		case hasPrefixAt(raw, k, "/") && isCap(raw, k+1):
			k++
		default:
			k = -1
		}
		if k < 0 {
			break
		}
	}
	if n < 2 || !listed {
		return 0
	}
	// a finding that runs over two entries ("Begić, Demirtaş" read as
	// "Surname, Given") was a reading of the list's comma, not a name
	out := (*dst)[:0]
	for _, g := range *dst {
		if g.Type == "PERSON" && g.Start < ents[n-1][1] && ents[0][0] < g.End && spansEntries(ents[:n], g.Start, g.End) {
			continue
		}
		out = append(out, g)
	}
	*dst = out
	for _, en := range ents[:n] {
		if !memberCovered(*dst, 0, en[0], en[1]) { // the scan may have found one
			*dst = append(*dst, Finding{Type: "PERSON", Start: en[0], End: en[1], Score: 0.75})
		}
	}
	return ents[n-1][1]
}

// placeLabelBefore reports a place label (person_place_labels.txt) ending at
// c, the offset of its colon: "Geburtsort:", "Geburtsort, -land:".
func (d *personDetector) placeLabelBefore(low []byte, c int) bool {
	s := c
	for s > 0 && c-s < 20 && (isLowerASCII(low[s-1]) || low[s-1] >= 0x80 || low[s-1] == '-') {
		s--
	}
	return c-s >= 3 && d.placeLabels[string(low[s:c])]
}

// variantParen reports a bracket opened right after a name that ends at e
// and still open at s, on the same line and within 48 bytes: "Xasan (in
// BAMF-Unterlagen: " before the variant of the name at s.
func variantParen(raw []byte, e, s int) bool {
	if e > s || s-e > 48 || !hasPrefixAt(raw, e, " (") {
		return false
	}
	return bytes.IndexByte(raw[e:s], ')') < 0 && bytes.IndexByte(raw[e:s], '\n') < 0
}

// maxSoloSenders bounds the one-word senders stampSoloSenders keeps.
const maxSoloSenders = 16

// stampSoloSenders finds the senders of a chat export that name themselves
// with one word ("Svetlana 10:04", "Oguz (IT-Sicherheit) 10:07": Teams,
// Slack): a line of one capitalised word, an optional bracket and a time, in
// a text where another line opens with a sender and a time. The word must be
// a listed given name that is no ordinary word, or open two such lines and
// be no word of any list ("Momo") on lines that are no agenda's rows
// (agendaRow); an agenda's "Pause 10:30" is neither. The
// name then names the sender wherever it stands again as a whole word
// ("@Svetlana bitte sofort ändern").
func (d *personDetector) stampSoloSenders(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	var (
		solos  []solo
		stamps int
	)
	runs := t.DigitRuns()
	for i, r := range runs {
		// " H:MM" or " HH:MM" that ends its line
		if r.End-r.Start > 2 || r.Start < 2 || raw[r.Start-1] != ' ' || i+1 >= len(runs) ||
			runs[i+1].Start != r.End+1 || raw[r.End] != ':' || !stampEnd(raw, r.Start-1) {
			continue
		}
		ls := bytes.LastIndexByte(raw[max(0, r.Start-80):r.Start], '\n') + 1 + max(0, r.Start-80)
		if ls == max(0, r.Start-80) && ls > 0 {
			continue // no line start within 80 bytes
		}
		if stampLine(raw, ls) {
			stamps++
		}
		// Slack's copy in markdown sets the sender in bold: "**basti** 14:02"
		ns := ls
		bold := hasPrefixAt(raw, ls, "**")
		if bold {
			ns = ls + 2
		}
		we := wordEnd(raw, ns)
		// a listed given name and the initial of the surname: "daniel k
		// 02:47 AM" (not a room's letter: "Saal B 10:30")
		ne := we
		if we+2 < len(raw) && raw[we] == ' ' && isLetter(raw[we+1]) && (raw[we+2] == ' ' || raw[we+2] == '*') && isUpper(raw[we+1]) == isUpper(raw[ns]) &&
			d.lx.flags(low[ns:we])&(wFirst|badNameFlags) == wFirst {
			ne = we + 2
		} else if we+3 < len(raw) && raw[we] == ' ' && isLetter(raw[we+1]) && raw[we+2] == '.' && (raw[we+3] == ' ' || raw[we+3] == '*') &&
			isUpper(raw[we+1]) == isUpper(raw[ns]) && d.lx.flags(low[ns:we])&(wFirst|badNameFlags) == wFirst {
			ne = we + 3 // with a dot: "kai w. 11:23"
		}
		full := false
		if ne == we && isLowerASCII(raw[ns]) {
			// a lower-case sender's whole name: "svenja lüke 10:02", "pütter, lena  09:14"
			if se := d.lowerSenderName(t, ns, we, r.Start, bold); se > we {
				ne, full = se, true
			}
		}
		k := ne
		if bold {
			if !hasPrefixAt(raw, k, "**") {
				continue
			}
			k += 2
		}
		if hasPrefixAt(raw, k, " (") {
			if c := bytes.IndexByte(raw[k:r.Start], ')'); c > 0 {
				k += c + 1
				stamps++ // stampLine does not read the bracket
			}
		}
		if !isCap(raw, ns) {
			// a lower-case chat's sender: a listed given name ("sven  10:02")
			f := d.lx.flags(low[ns:we])
			if !isLowerASCII(raw[ns]) || we-ns < 3 || skipBlank(raw, k) != r.Start {
				continue
			}
			// a listed given name that is no noun (wNotName) may end like
			// one: "leonie", "natalie"
			if full || f&wFirst != 0 && f&badNameFlags == 0 {
				stamps++
			} else if f != 0 || we-ns < 4 || !unknownSurname(low[ns:we]) || strongNoun(low[ns:we]) || logSenders[string(low[ns:we])] {
				continue
			}
			// else a word no list has ("ostermann 11:20", "tobi (Personalrat)
			// 10:05"): a name only where it sends twice beside a named sender
		}
		if (bold || ns > ls || ne > we) && isCap(raw, ns) {
			stamps++ // stampLine reads neither the bold marks nor an initial
		}
		if skipBlank(raw, k) == r.Start && k < r.Start && r.Start-k <= 3 && we-ns >= 3 && len(solos) < maxSoloSenders {
			solos = append(solos, solo{ns, ne, full, ne == we && !bold && agendaRow(raw, ls)})
		}
	}
	if stamps < 2 || len(solos) == 0 {
		return dst
	}
	var found [][]byte // in the order of the text, each once
	var fulls [][]byte // the whole lower-case names among them
	// a chat whose senders write their names in lower case names them so
	// in its messages too ("aylin du hast doch admin?")
	lowerSenders := slices.ContainsFunc(solos, func(c solo) bool { return isLowerASCII(raw[c.s]) })
	// a chat of people: a sender line holds a listed given name
	people := slices.ContainsFunc(solos, func(c solo) bool {
		return c.full || d.lx.flags(low[c.s:wordEnd(raw, c.s)])&(wFirst|badNameFlags) == wFirst
	})
	for _, c := range solos {
		w := low[c.s:c.e]
		if slices.ContainsFunc(found, func(x []byte) bool { return bytes.Equal(x, w) }) {
			continue
		}
		if c.full {
			found = append(found, w)
			fulls = append(fulls, w)
			continue
		}
		f := d.lx.flags(w)
		if ne := wordEnd(raw, c.s); ne < c.e {
			f = d.lx.flags(low[c.s:ne]) // "daniel k": the given name's flags
		}
		if f&wFirst == 0 || f&badNameFlags != 0 {
			if f != 0 || strongNoun(w) || !isWordFrom(raw, c.s) || isLowerASCII(raw[c.s]) && !people {
				continue
			}
			n := 0
			for _, o := range solos {
				if !o.row && bytes.Equal(raw[o.s:o.e], raw[c.s:c.e]) {
					n++
				}
			}
			if n < 2 {
				continue
			}
		}
		found = append(found, w)
	}
	taken := newSpanIndex(dst[n0:]) // distinct whole words found here cannot overlap each other
	for _, w := range found {
		for off := 0; ; {
			j := bytes.Index(low[off:], w)
			if j < 0 {
				break
			}
			s := off + j
			e := s + len(w)
			off = e
			if !isCap(raw, s) && !lowerSenders || s > 0 && (isLetter(raw[s-1]) || raw[s-1] >= 0x80 || isDigit(raw[s-1])) ||
				e < len(raw) && (isLetter(raw[e]) || raw[e] >= 0x80 || raw[e] == '-') {
				continue
			}
			if taken.overlaps(s, e) {
				if slices.ContainsFunc(fulls, func(x []byte) bool { return bytes.Equal(x, w) }) {
					dst = widenInside(dst, n0, s, e) // "timo" found alone before: the whole name
				}
				continue
			}
			dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.65})
		}
	}
	return dst
}

// widenInside widens the PERSON findings of dst[n0:] that lie inside [s, e)
// to one finding of [s, e), when no finding of dst[n0:] reaches across its
// edges; it returns dst unchanged when one does.
func widenInside(dst []Finding, n0, s, e int) []Finding {
	first := -1
	for i := n0; i < len(dst); i++ {
		f := dst[i]
		if f.End <= s || f.Start >= e {
			continue
		}
		if f.Start < s || f.End > e || f.Type != "PERSON" {
			return dst
		}
		if first < 0 {
			first = i
		}
	}
	if first < 0 {
		return dst
	}
	dst[first].Start, dst[first].End = s, e
	return slices.DeleteFunc(dst, func(f Finding) bool {
		return f.Type == "PERSON" && f.Start >= s && f.End <= e && (f.Start != s || f.End != e)
	})
}

// solo is a sender line's name that stampSoloSenders read; full marks a
// lower-case given name with its surname, read by lowerSenderName.
// row marks a line next to another line of one word and a time, a row of
// an agenda (agendaRow).
type solo struct {
	s, e int
	full bool
	row  bool
}

// agendaRow reports a line at ls that ends with a time and stands right
// below or above a line of one word and a time: the rows of an agenda
// ("Pause 12:00" above "Imbiss 12:30"), where a chat export's sender line
// has its message below it and another message above.
func agendaRow(raw []byte, ls int) bool {
	if le := bytes.IndexByte(raw[ls:], '\n'); le >= 0 && timeRow(raw, ls+le+1) {
		return true
	}
	return ls >= 2 && timeRow(raw, bytes.LastIndexByte(raw[:ls-1], '\n')+1)
}

// timeRow reports a line at ls of one word and a time ("Imbiss 12:30",
// "mittagessen  12:30").
func timeRow(raw []byte, ls int) bool {
	if ls >= len(raw) || raw[ls] < 0x80 && !isLetter(raw[ls]) {
		return false
	}
	e := wordEnd(raw, ls)
	return e > ls && stampEnd(raw, e)
}

// lowerSenderName returns the end of a lower-case sender's whole name at ns
// on a chat export's sender line before the time at ts ("svenja lüke 10:02",
// "**timo schellenberg** 08:47", "pütter, lena  09:14", "jan-hendrik bußmann
// 14:03"), or we when the line holds no such name. A listed given name (also
// a hyphenated one) and a surname, or a surname, a comma and a listed given
// name: the slot says the words name the sender, so the surname may be a
// word no list has, but no ordinary or stop word.
func (d *personDetector) lowerSenderName(t *Text, ns, we, ts int, bold bool) int {
	raw, low := t.Raw, t.Lower()
	var buf [maxWord]byte
	surname := func(s, e int) bool {
		g := d.nameFlags(low, s, e)
		return e-s >= 3 && g&badLowerName == 0 && !lowerStop[string(low[s:e])] && !personVerbs[string(low[s:e])] &&
			(g&wLast != 0 || g&wFirst == 0 && unknownSurname(low[s:e]))
	}
	given := func(s, e int) bool {
		return e-s >= 3 && d.nameFlags(low, s, e)&(wFirst|badNameFlags) == wFirst
	}
	var se int
	switch {
	case we+1 < ts && raw[we] == ' ' && given(ns, we):
		e, _ := d.lowerNameAt(t, buf[:], we+1)
		if e == we+1 || !surname(we+1, e) {
			return we
		}
		se = e
	case we+2 < ts && raw[we] == ',' && raw[we+1] == ' ' && surname(ns, we):
		e, _ := d.lowerNameAt(t, buf[:], we+2)
		if e == we+2 || !given(we+2, e) {
			return we
		}
		se = e
	default:
		return we
	}
	k := se
	if bold {
		if !hasPrefixAt(raw, k, "**") {
			return we
		}
		k += 2
	}
	if hasPrefixAt(raw, k, " (") {
		if c := bytes.IndexByte(raw[k:ts], ')'); c > 0 {
			k += c + 1
		}
	}
	if k >= ts || skipBlank(raw, k) != ts || ts-k > 3 {
		return we
	}
	return se
}

// isWordFrom reports a word of letters only at s (no digit, no hyphen).
func isWordFrom(raw []byte, s int) bool {
	e := wordEnd(raw, s)
	for _, c := range raw[s:e] {
		if isDigit(c) || c == '-' {
			return false
		}
	}
	return true
}

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	pluralKeysSlot = newListSlot()
)

// arabicLetterAt returns the length of an Arabic letter (U+0620–U+064A,
// U+066E–U+06D3: the letters, not digits, marks or punctuation) at i, or 0.
func arabicLetterAt(raw []byte, i int) int {
	if i+1 >= len(raw) || raw[i] < 0xD8 || raw[i] > 0xDB {
		return 0
	}
	r, n := utf8.DecodeRune(raw[i:])
	if r >= 0x0620 && r <= 0x064A || r >= 0x066E && r <= 0x06D3 {
		return n
	}
	return 0
}

// arabicRun returns the end of one to four words of Arabic letters at i,
// each parted by one blank (diacritics inside a word allowed), or i.
func arabicRun(raw []byte, i int) int {
	e := i
	for w := 0; w < 4; w++ {
		k := e
		for {
			if n := arabicLetterAt(raw, k); n > 0 {
				k += n
				continue
			}
			// a vowel mark (U+064B–U+065F) inside a word
			if k+1 < len(raw) && raw[k] == 0xD9 && raw[k+1] >= 0x8B && raw[k+1] <= 0x9F && k > e {
				k += 2
				continue
			}
			break
		}
		if k == e {
			break
		}
		e = k
		if e+1 < len(raw) && raw[e] == ' ' && arabicLetterAt(raw, e+1) > 0 {
			e++
			continue
		}
		break
	}
	if e > i && raw[e-1] == ' ' {
		e--
	}
	// a fifth word: an Arabic sentence, not a name
	if e+1 < len(raw) && raw[e] == ' ' && arabicLetterAt(raw, e+1) > 0 {
		return i
	}
	return e
}

// arabicNames finds names in Arabic script (rev10: "محمد العلي" after
// "Herr" or in a signature went out): Arabic has no capitals, so the cue is
// a salutation right before the words ("Herr محمد العلي", "Frau فاطمة
// الزهراء"), a name label and its colon ("Name: أحمد") or a sign-off line
// right above a line that holds only them. One to four words; a longer run
// is a sentence. Only the places of those cues are looked at (the
// prefilter's hits of lowerCues, lowerSignoffs and "name").
func (d *personDetector) arabicNames(t *Text, dst []Finding) []Finding {
	raw := t.Raw
	add := func(k int) {
		if arabicLetterAt(raw, k) == 0 || covered(dst, k) {
			return
		}
		if e := arabicRun(raw, k); e > k {
			dst = append(dst, Finding{Type: "PERSON", Start: k, End: e, Score: 0.8})
		}
	}
	for i, hits := range t.listHitsAt(lowerCuesSlot, lowerCues) { // "herr ", "frau ", "hr. " …
		for _, h := range hits {
			if isWordStartAt(raw, h) {
				add(h + len(lowerCues[i]))
			}
		}
	}
	for _, h := range t.keyHits(nameKey) {
		if k := h + len("name"); isWordStartAt(raw, h) && hasPrefixAt(raw, k, ": ") {
			add(k + 2)
		}
	}
	for _, hits := range t.listHitsAt(lowerSignoffsSlot, lowerSignoffs) { // "grüße", "gruß", "lg" …: the next line alone
		for _, h := range hits {
			nl := bytes.IndexByte(raw[h:min(len(raw), h+40)], '\n')
			if nl < 0 || !isWordStartAt(raw, h) {
				continue
			}
			if k := h + nl + 1; k < len(raw) && arabicLetterAt(raw, k) > 0 {
				if e := arabicRun(raw, k); e > k && personLineEnd(raw, e) && !covered(dst, k) {
					dst = append(dst, Finding{Type: "PERSON", Start: k, End: e, Score: 0.8})
				}
			}
		}
	}
	return dst
}

// nameKey is the keyword "name" of arabicNames.
var nameKey = newKeySlot("name")

// maxMentions bounds the '@' signs mentionNames reads.
const maxMentions = 64

// mentionNames finds the people a chat mentions with '@' ("@Derya hast du
// morgen Zeit?", "@miri kannst du …"): an '@' at a word's start (not inside a
// mail address), then a capitalised given name of the lists that is no
// ordinary word, or a word a finding of dst[n0:] already names (a sender
// in lower case). Annotations and decorators ("@Override", "@property")
// are neither.
func (d *personDetector) mentionNames(t *Text, dst []Finding, n0 int) []Finding {
	if !t.Has('@') {
		return dst
	}
	raw, low := t.Raw, t.Lower()
	taken, n1 := newSpanIndex(dst[n0:]), len(dst)
	for off, n := 0, 0; n < maxMentions; n++ {
		a := t.nextByte('@', off) // from the positions the keyword pass recorded
		if a < 0 {
			break
		}
		off = a + 1
		if a > 0 && !(raw[a-1] == ' ' || raw[a-1] == '\n' || raw[a-1] == '(' || raw[a-1] == '\t') {
			continue // a mail address: "anna@stadt.de"
		}
		s := a + 1
		if s >= len(raw) || !(isLetter(raw[s]) || raw[s] >= 0xC0) {
			continue
		}
		e := wordEnd(raw, s)
		if e-s < 3 || e < len(raw) && (raw[e] == '.' && e+1 < len(raw) && isLetter(raw[e+1]) || raw[e] == '@' || raw[e] == '(') || taken.overlaps(s, e) {
			continue // "@stadt.de", "@Test(…)"
		}
		w := low[s:e]
		ok := isCap(raw, s) && d.lx.flags(w)&(wFirst|badNameFlags) == wFirst
		for i := n0; !ok && i < n1; i++ {
			ok = dst[i].Type == "PERSON" && dst[i].End-dst[i].Start == e-s && bytes.Equal(low[dst[i].Start:dst[i].End], w)
		}
		if ok {
			dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.7})
		}
	}
	if len(dst) > n1 {
		slices.SortFunc(dst[n0:], func(x, y Finding) int { return x.Start - y.Start })
	}
	return dst
}

// gluedName reports a listed given name glued to a listed surname as one
// word, without a salutation: joined by one hyphen ("Brief an
// Jürgen-Kowalski") or in CamelCase ("JürgenKowalski"). [s, e) is the whole
// capitalised word. The given name must be no ordinary word or product
// (wNotName, wNotAlone) and the surname a listed one, so that product names
// ("PowerPoint", "JavaScript", "McDonald", "MaxValue", "TomTom") stay out;
// after a hyphen the surname is no given name too, so that double given
// names ("Kai-Uwe", "Kai-Peter") keep their surname after them; a third
// part or a street, school or firm word after it makes a place or an
// institution ("Max-Planck-Institut", "Heinrich-Heine Gymnasium").
func (d *personDetector) gluedName(raw, low []byte, s, e int) bool {
	if e-s < 6 || e-s > 40 {
		return false
	}
	m := -1 // where the surname starts
	for k := s + 1; k < e; k++ {
		c := raw[k]
		switch {
		case c == '-':
			if m >= 0 {
				return false
			}
			m = k + 1
			if !isCap(raw, m) {
				return false
			}
		case isCap(raw, k):
			if raw[k-1] == '-' {
				continue
			}
			if m >= 0 || !isLowerASCII(raw[k-1]) && raw[k-1] < 0x80 {
				return false // a third capital: "GmbHWeber", "McDonaldWeber"
			}
			m = k
		}
	}
	gs := m
	if gs > s && raw[gs-1] == '-' {
		gs--
	}
	if m < 0 || gs-s < 3 || e-m < 3 {
		return false
	}
	g, l := d.lx.flags(low[s:gs]), d.lx.flags(low[m:e])
	if g&wFirst == 0 || g&(wNotName|wNotAlone|wOrg|wBody|wTitle) != 0 ||
		l&wLast == 0 || l&(wNotName|wNotAlone|wOrg|wBody|wTitle) != 0 || bytes.Equal(low[s:gs], low[m:e]) {
		return false
	}
	hyphen := gs < m
	if hyphen && l&wFirst != 0 {
		return false // "Kai-Peter": a double given name, whose surname may follow
	}
	if e < len(raw) && raw[e] == '-' {
		return false
	}
	if e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) {
		ne := wordEnd(raw, e+1)
		nf := d.lx.flags(low[e+1 : ne])
		if nf&(wOrg|wBody|wStreetNot) != 0 || streetLike(low[e+1:ne]) || hyphen && nf&(wFirst|wLast) != 0 {
			return false // "Heinrich-Heine Gymnasium"; a double surname's bearer is matched whole
		}
	}
	return true
}

// innerCapAt reports a capital or a hyphen inside the word [s, e) after its
// first letter: a word gluedName may split.
func innerCapAt(raw []byte, s, e int) bool {
	for k := s + 1; k < e; k++ {
		if c := raw[k]; isUpper(c) || c == '-' || c == 0xC3 && isCap(raw, k) {
			return true
		}
	}
	return false
}

// hl7Names adds the parts of PID-5, the patient's name, of an HL7 v2 PID
// segment that starts a line ("PID|1||0004471209^^^KLINIKUM^PI||
// OSTERMANN^FRIEDHELM||19580921|M"): family name, given name and second
// given name, the components before the first empty one, each a word of
// letters. A given name in capitals alone is no name elsewhere, so the
// segment's structure is what marks it.
func (d *personDetector) hl7Names(t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	if !t.Has('^') {
		return dst
	}
	for i := 0; i < len(raw); {
		j := bytes.Index(raw[i:], []byte("PID|"))
		if j < 0 {
			break
		}
		h := i + j
		i = h + 4
		if h > 0 && raw[h-1] != '\n' && raw[h-1] != '\r' {
			continue
		}
		le := lineEndAt(raw, h)
		k := h
		ok := true
		for n := 0; n < 5 && ok; n++ {
			c := bytes.IndexByte(raw[k:le], '|')
			ok = c >= 0
			k += c + 1
		}
		if !ok {
			continue
		}
		fe := k + bytes.IndexByte(raw[k:le], '|')
		if fe < k {
			fe = le
		}
		for part := 0; part < 3 && k < fe; part++ {
			ce := k + bytes.IndexByte(raw[k:fe], '^')
			if ce < k {
				ce = fe
			}
			if r, _ := utf8.DecodeRune(raw[k:ce]); ce-k < 2 || !unicode.IsUpper(r) || !lettersOnly(raw[k:ce]) {
				break
			}
			if !overlapsAny(dst[n0:], k, ce) {
				dst = append(dst, Finding{Type: "PERSON", Start: k, End: ce, Score: 0.85})
			}
			k = ce + 1
		}
	}
	return dst
}

// lettersOnly reports a word of letters (umlauts and other letters beyond
// ASCII too), hyphens and apostrophes inside it.
func lettersOnly(w []byte) bool {
	for _, r := range string(w) {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' {
			return false
		}
	}
	return true
}

// clerkAfterLabel reports the end of a surname no list has at k after a
// weak label ("Aufgenommen:", "Bearbeitung:", "SB:"), which alone may head
// a state ("Bearbeitung: Offen"): the word must end as no noun or participle
// does and the note must end after it, or a comma and a phone number, a
// mail address, a role or a unit follow ("Bearbeitung: Frerichs, 04441
// 898-2140", "Aufgestellt: Wendt, Zentrale Vergabestelle"). A role or unit
// counts only when unit is set: after "Kontakt:" a place comes before its
// unit ("Kontakt: Westkamp, Fahrdienst").
func (d *personDetector) clerkAfterLabel(t *Text, k int, unit bool) (int, bool) {
	raw, low := t.Raw, t.Lower()
	ke := wordEnd(raw, k)
	if !d.clerkSurname(t, k, ke) {
		return 0, false
	}
	r := skipBlank(raw, ke)
	if r >= len(raw) || raw[r] == '\n' || raw[r] == '\r' {
		for ; r < len(raw); r++ {
			if c := raw[r]; c != '\n' && c != '\r' && c != ' ' && c != '\t' {
				return 0, false // not the note's last line
			}
		}
		return ke, true
	}
	if !hasPrefixAt(raw, ke, ", ") || ke+2 >= len(raw) {
		return 0, false
	}
	n := ke + 2
	if isDigit(raw[n]) || raw[n] == '+' || hasPrefixAt(raw, n, "Tel") || unit && (d.roleAfter(t, ke) || officeAfter(raw, low, ke)) {
		return ke, true
	}
	ne := n
	for ne < len(raw) && raw[ne] != ' ' && raw[ne] != '\n' && raw[ne] != ',' {
		ne++
	}
	if bytes.IndexByte(raw[n:ne], '@') > 0 {
		return ke, true
	}
	// an adjective before the unit: "Zentrale Vergabestelle", "Kommunaler Ordnungsdienst"
	return ke, unit && isCap(raw, n) && ne < len(raw) && raw[ne] == ' ' && isCap(raw, ne+1) && institutionLike(low[ne+1:wordEnd(raw, ne+1)])
}

// clerkSurname reports a capitalised word [k, ke) no list has that may be
// a clerk's surname: no noun, participle, role or office ending, or a double
// name of such words.
func (d *personDetector) clerkSurname(t *Text, k, ke int) bool {
	raw := t.Raw
	if ke-k < 4 || !isCap(raw, k) || allCaps(raw[k:ke]) || innerCap(raw[k:ke]) || d.badNeighbour(raw, k, ke) {
		return false
	}
	w := t.Lower()[k:ke]
	if bytes.IndexByte(w, '-') >= 0 {
		return d.doubleSurname(w)
	}
	return d.lx.flags(w) == 0 && unknownSurname(w) && !strongNoun(w) && !roleLike(w) && !institutionLike(w) && !verbalEnding(w) &&
		!stateWord(w)
}

// stateWord reports the endings of the adjectives, participles and places
// a weak label also heads ("Bearbeitung: Offen", "Abgeschlossen", "Laufend",
// "Eilig", "Telefonisch", "Unbekannt", "Kontakt: Zentrale", "Hamburg"),
// which no list holds: no clerk's surname is read there.
func stateWord(w []byte) bool {
	for _, suf := range [...]string{"en", "nd", "ig", "isch", "lich", "bar", "los", "haft", "sam", "iv", "ell", "ale",
		"burg", "dorf", "heim", "hausen", "stadt", "furt"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	if w[len(w)-1] == 't' {
		for _, pre := range [...]string{"ge", "un", "be", "ver", "er", "ent", "zer"} {
			if bytes.HasPrefix(w, []byte(pre)) {
				return true // Gesperrt, Unbekannt, Bestätigt, Verlegt, Erfasst
			}
		}
	}
	return false
}

// sbClerk reports a clerk's surname no list has [s, e) after "SB" (the
// Sachbearbeiter's abbreviation) at the end of its line: "Ausländerbehörde
// Oldenburg, SB Frerichs", "(17 J., übersetzt), SB Lehmkuhl".
func (d *personDetector) sbClerk(t *Text, s, e int) bool {
	raw := t.Raw
	if !hasSuffixAt(raw, s, "SB ") || s > 3 && isLetter(raw[s-4]) {
		return false
	}
	r := skipBlank(raw, e)
	return (r >= len(raw) || raw[r] == '\n' || raw[r] == '\r') && d.clerkSurname(t, s, e)
}

// joinBrokenNames extends a name that ends in a hyphen at a line's end over
// the surname's part on the next line, as a PDF's or a form's broken lines
// give a double name ("Frau Kleine-\nBrockhoff", "Petra Siebenhaar-\nKunze"):
// the part must read as a surname (listed, or no noun, role or office
// ending) and ends at a non-letter. A finding of that part alone is dropped.
func (d *personDetector) joinBrokenNames(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	joined := false
	for i := n0; i < len(dst); i++ {
		f := &dst[i]
		e := f.End
		if f.Type != "PERSON" || e+2 >= len(raw) || raw[e] != '-' || raw[e+1] != '\n' && raw[e+1] != '\r' {
			continue
		}
		k := e + 1
		for k < len(raw) && (raw[k] == '\n' || raw[k] == '\r' || raw[k] == ' ') {
			k++
		}
		if k-e > 4 || !isCap(raw, k) {
			continue
		}
		ke := wordEnd(raw, k)
		if ke-k < 3 || allCaps(raw[k:ke]) || innerCap(raw[k:ke]) || bytes.IndexByte(raw[k:ke], '-') >= 0 ||
			ke < len(raw) && (isLetter(raw[ke]) || raw[ke] >= 0x80) {
			continue
		}
		w := low[k:ke]
		fl := d.lx.flags(w)
		if fl&(wOrg|wBody|wTitle|wLabel|wSalutation|wNotName) != 0 || institutionLike(w) || roleLike(w) ||
			fl&wLast == 0 && (fl != 0 || !unknownSurname(w) || strongNoun(w)) {
			continue
		}
		f.End = ke
		joined = true
	}
	if !joined {
		return dst
	}
	out := dst[:n0]
	for i, g := range dst[n0:] {
		drop := false
		for j, h := range dst[n0:] {
			if j != i && h.Type == "PERSON" && g.Type == "PERSON" && h.Start < g.Start && g.End <= h.End {
				drop = true // the part alone inside the joined name
				break
			}
		}
		if !drop {
			out = append(out, g)
		}
	}
	return out
}

// brokenNamePart reports whether the capitalised word at k, on the line
// after a hyphen, may be the next part of a double name: a listed given name
// or surname, or a word no list has that reads as a surname; no office, firm,
// role, label or noun ("Hermann", "Brockhoff", not "Stiftung", "Abteilung",
// "Sachbearbeiter").
func (d *personDetector) brokenNamePart(t *Text, k int) bool {
	raw, low := t.Raw, t.Lower()
	ke := wordEnd(raw, k)
	if ke-k < 3 || allCaps(raw[k:ke]) || innerCap(raw[k:ke]) {
		return false
	}
	w := low[k:ke]
	fl := d.lx.flags(w)
	return fl&(wOrg|wBody|wTitle|wLabel|wSalutation|wNotName) == 0 && !institutionLike(w) && !roleLike(w) &&
		(fl&(wFirst|wLast) != 0 || fl == 0 && unknownSurname(w) && !strongNoun(w))
}

// kinAgeNames finds the given names of relatives in brackets right after a
// kin word, each before its age: "ihr Sohn (Luka, 6 J.)", "Bruder (Baran, 4
// Jahre)", "Kinder (Omid, 12, und Sahar, 9)". A name must be a listed given
// name, or a word no list has that ends as no noun does with its age's unit
// ("6 J.", "4 Jahre") or a listed name after it.
func (d *personDetector) kinAgeNames(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	for i := 0; i < len(raw); {
		p := t.nextByte('(', i) // from the positions the keyword pass recorded
		if p < 0 {
			break
		}
		i = p + 1
		if p < 4 || raw[p-1] != ' ' || !isCap(raw, p+1) {
			continue
		}
		ps, pe := prevWord(low, p)
		if pe <= ps || d.lx.flags(low[ps:pe])&wRelation == 0 {
			continue
		}
		k := p + 1
		for n := 0; n < 3; n++ {
			ke, ae, ok := d.kinAgeName(t, k, false)
			if !ok {
				// a word no list has only with its age's unit or a listed
				// name after it: "(Omid, 12, und Sahar, 9)", not "(Anzahl, 3)"
				if ke, ae, ok = d.kinAgeName(t, k, true); ok && !(raw[ae-1] == '.' || raw[ae-1] == 'e') {
					j := ae
					if hasPrefixAt(raw, j, ", und ") {
						j += 6
					} else if hasPrefixAt(raw, j, " und ") {
						j += 5
					}
					_, _, ok = d.kinAgeName(t, j, false)
					ok = ok && j > ae
				}
			}
			if !ok {
				break
			}
			if !covered(dst[n0:], k) {
				dst = append(dst, Finding{Type: "PERSON", Start: k, End: ke, Score: 0.7})
			}
			// ", und Sahar, 9", " und Sahar, 9"
			j := ae
			if hasPrefixAt(raw, j, ", und ") {
				j += 6
			} else if hasPrefixAt(raw, j, " und ") {
				j += 5
			} else {
				break
			}
			k = j
		}
	}
	return dst
}

// kinAgeName reports a given name at k followed by ", " and an age of one or
// two digits that ends in ')', ',', " und", " J." or " Jahre": the name's
// end and the age's end.
func (d *personDetector) kinAgeName(t *Text, k int, unlisted bool) (int, int, bool) {
	raw, low := t.Raw, t.Lower()
	if !isCap(raw, k) {
		return 0, 0, false
	}
	ke := wordEnd(raw, k)
	if ke-k < 2 || allCaps(raw[k:ke]) || innerCap(raw[k:ke]) || !hasPrefixAt(raw, ke, ", ") {
		return 0, 0, false
	}
	w := low[k:ke]
	fl := d.lx.flags(w)
	if fl&(wNotName|wNotAlone|wTitle|wOrg|wBody|wLabel|wRelation|wSalutation) != 0 ||
		fl&wFirst == 0 && (!unlisted || fl != 0 || ke-k < 3 || !unknownSurname(w) || strongNoun(w) || roleLike(w) || institutionLike(w)) {
		return 0, 0, false
	}
	a := ke + 2
	ae := a
	for ae < len(raw) && ae-a < 3 && isDigit(raw[ae]) {
		ae++
	}
	if ae == a || ae-a > 2 {
		return 0, 0, false
	}
	switch {
	case ae < len(raw) && (raw[ae] == ')' || raw[ae] == ','):
	case hasPrefixAt(raw, ae, " und "):
	case hasPrefixAt(raw, ae, " J.") || hasPrefixAt(raw, ae, " Jahre"):
		if hasPrefixAt(raw, ae, " J.") {
			ae += 3
		} else {
			ae += 6
		}
	default:
		return 0, 0, false
	}
	return ke, ae, true
}

// animalBefore reports a form's line about an animal before the label at s:
// its breed ("Rasse: Labrador-Mischling   Name: …") or an animal's label
// opening the line ("Hund: Rasse …, Name …", "Pferd: …"). It reads back at
// most animalWindow bytes of the line: a text of one long line (or one a
// reading joined: "Name, Vorname: Kazmierczak,⏎Andreas" 7 000 times) made
// each "Name" read to the text's start, 2 s for 256 KB.
func animalBefore(low []byte, s int) bool {
	from := max(0, s-animalWindow)
	ls := from + bytes.LastIndexByte(low[from:s], '\n') + 1
	line := low[ls:s]
	for _, w := range [...]string{"rasse:", "rasse ", "hund:", "katze:", "pferd:", "tier:"} {
		if i := bytes.Index(line, []byte(w)); i >= 0 && (ls+i == 0 || !isLetter(low[ls+i-1]) && low[ls+i-1] < 0x80) {
			return true
		}
	}
	return false
}

// animalWindow is how far animalBefore reads back: a form's line of an
// animal, its breed and its name, many times over.
const animalWindow = 200

// brokenLineNames finds the names a PDF's or an OCR's hyphenation breaks over
// two lines, inside a given name or a surname ("Frau Fran-\nziska Brenner",
// "Reinhold Frey-\ntag", "Andreas Pe-\ntri", "Herr Aks-\noy") or between the
// parts of a double given name ("Fritz-\nHermann Schwebel"): where a
// capitalised word ends in a hyphen at a line's end and the next line goes on
// with a letter, the text is read again joined (joinLines: before a
// lower-case letter the syllables of one word, before a capital the parts of a
// hyphenated word, when that may be a name's part), and a name found there
// across such a joint replaces the names found in its raw span. Every other
// name stays as the raw text gave it.
func (d *personDetector) brokenLineNames(t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	jt, js := joinLines(t, func(ws, p, k int) (int, bool) {
		if !isCap(raw, ws) {
			return 0, false
		}
		if isCap(raw, k) {
			// "Herr Weber-\nAbteilung 3", "Frau Anna Schmidt-\nStiftung" stay apart
			return p + 1, d.brokenNamePart(t, k)
		}
		return p, true
	})
	if jt == nil {
		return dst
	}
	return js.replace(dst, n0, "PERSON", d.scan(jt, nil))
}
