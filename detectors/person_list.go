package detectors

import (
	"bytes"
	"slices"
)

// listNames finds names in the "Nachname, Vorname" form where a list or a
// label puts them: at the head of a line (after a bullet, a number, a room
// or a label such as "Kunde:"), after an opening quote, or after another
// such name on the same line ("Sultani, Zahra, Sultani, Ali Reza"). The
// surname may be of any origin and is not looked up; a given name of the
// lexicons makes the entry sure. An entry without a known given name counts
// when a sure entry of the same form stands within three lines (a list of
// participants). The upper-case passport form ("ALSAYED, MOHAMMAD") and
// "HABTE Mebrahtu" (surname in capitals, then a given name) count as well.
// Only lines with a comma or a capitalised word pair are looked at.
func (d *personDetector) listNames(t *Text, dst []Finding) []Finding {
	raw := t.Raw
	type entry struct {
		s, e int
		line int // line number of the entry
		sure bool
		// cued: sure only by the cue after it; plain: see plainEntry
		cued, plain bool
	}
	var ents []entry
	line, lineAt := 0, 0 // line number of offset lineAt
	lineOf := func(i int) int {
		line += bytes.Count(raw[lineAt:i], []byte{'\n'})
		lineAt = i
		return line
	}
	next := 0
	heads := t.CapWords()
	var quoted []int32 // „ALSAYED, MOHAMMAD“: a capital after „ is no CapWords entry
	for off := 0; len(quoted) < 64 && t.Has(0xE2); {
		q := bytes.Index(raw[off:], []byte("„"))
		if q < 0 {
			break
		}
		off += q + len("„")
		if isCap(raw, off) {
			quoted = append(quoted, int32(off))
		}
	}
	for _, c := range listCandidates(t, mergeOffsets(quoted, heads)) {
		i := int(c)
		if p := particlesBefore(raw, i); p < i && d.listHead(raw, p) {
			i = p // "von der Heyde, Cornelia" at the head of a line
		} else if !d.listHead(raw, i) {
			continue
		}
		if i < next {
			continue
		}
		// surnames alone after an attendance label: "anwesend: Schmidt
		// (Vors.), Aydın, Kessler-Lang", "Einsatzkräfte: Brecht, Hossaini"
		if i >= 3 && raw[i-1] == ' ' && raw[i-2] == ':' {
			if d.attendanceBefore(t.Lower(), i-2) {
				if le := d.attendanceList(t, i, &dst); le > 0 {
					next = le
					continue
				}
			}
			if d.placeLabelBefore(t.Lower(), i-2) {
				continue // "Geburtsort, -land: Hai Phong, Vietnam"
			}
		}
		// a label of a thing: "Tätigkeit: Kläranlage, Betriebshandwerker"
		thing := d.thingLabelBefore(t, i)
		for n := 0; n < 4; n++ { // entries on one line, separated by ", "
			s, e, sure, ok := d.commaEntry(t, i)
			if !ok {
				break
			}
			sure = sure || n == 0 && roleBefore(raw, s)
			// a birth date or a kin word after a plain entry: "Tekle, Mehari,
			// geb. …", "Weldemichael, Yohannes – Bruder"; such an entry vouches
			// only for plain entries near it
			plain := !sure && d.plainEntry(t, s, e)
			cued := plain && d.entryCue(t, e)
			if thing && !sure && !cued {
				break // a neighbour's name vouches for no thing
			}
			ents = append(ents, entry{s, e, lineOf(s), sure || cued, cued, plain})
			next = e
			k := e
			if hasPrefixAt(raw, k, ", ") || hasPrefixAt(raw, k, " und ") {
				k = skipBlank(raw, k+1)
				if hasPrefixAt(raw, k, "und ") {
					k += 4
				}
			} else {
				break
			}
			i = k
		}
	}
	for k, en := range ents {
		ok := en.sure
		for j := k - 1; !ok && j >= 0 && en.line-ents[j].line <= 3; j-- {
			ok = ents[j].sure && (!ents[j].cued || en.plain)
		}
		for j := k + 1; !ok && j < len(ents) && ents[j].line-en.line <= 3; j++ {
			ok = ents[j].sure && (!ents[j].cued || en.plain)
		}
		if ok {
			dst = append(dst, Finding{Type: "PERSON", Start: en.s, End: en.e, Score: 0.8})
		}
	}
	return dst
}

// listHead reports whether the word at i opens a list entry: only a bullet,
// a number, a room number or a label with a colon stand before it on its
// line, or an opening quote right before it.
func (d *personDetector) listHead(raw []byte, i int) bool {
	// a quote opens an entry ('Weber, Anna'); an apostrophe after a letter is
	// inside a word (O'Brien, d'Alembert), and "O'O'O'…" would make every
	// capital a head whose word runs on for maxWord bytes
	if i > 0 && (raw[i-1] == '"' || raw[i-1] == '\'' && !(i >= 2 && (isLetter(raw[i-2]) || raw[i-2] >= 0x80))) ||
		hasSuffixAt(raw, i, "„") || hasSuffixAt(raw, i, "“") {
		return true
	}
	ls := bytes.LastIndexByte(raw[max(0, i-40):i], '\n') + 1 + max(0, i-40)
	if ls == max(0, i-40) && ls > 0 {
		return false // more than 40 bytes into the line
	}
	if stampedAt(raw, ls, i) {
		return true // "[08:02] Oberdiek, Ralf: moin"
	}
	pre := raw[ls:i]
	if c := bytes.IndexByte(pre, ':'); c >= 0 {
		pre = pre[c+1:] // "Zi. 13: ", "Kunde: "
	}
	if roleBefore(raw, i) {
		return true
	}
	for _, c := range pre {
		if !(c == ' ' || c == '\t' || c == '-' || c == '*' || c == '>' || c == '.' || c == ')' || c == '|' || c == ';' || isDigit(c)) {
			return bytes.HasSuffix(pre, []byte("• ")) && len(bytes.TrimLeft(pre, " \t")) == len("• ")
		}
	}
	return true
}

// stampedAt reports a chat message's time stamp between the line start ls
// and i ("[08:02] ", "[18.06.25, 07:52] ", "7:52 PM - "): the sender's name
// starts at i.
func stampedAt(raw []byte, ls, i int) bool {
	return i-ls >= 7 && raw[i-1] == ' ' && (raw[i-2] == ']' || raw[i-2] == '-') && chatStamp(bytes.Trim(raw[ls:i-2], "[] "))
}

// capsPairEnd reports the end of a line, a quote or a comma at e.
func capsPairEnd(raw []byte, e int) bool {
	k := skipBlank(raw, e)
	return k >= len(raw) || raw[k] == '\n' || raw[k] == '\r' || raw[k] == ',' || raw[k] == '"' || raw[k] == ')' ||
		hasPrefixAt(raw, k, "“")
}

// roleBefore reports a role or label word right before i: "Mandant Ay,
// Cem", "Beschäftigte Hrnjić, Amra", "> Am … schrieb Brandtner, Iris".
func roleBefore(raw []byte, i int) bool {
	ps, pe := prevWord(raw, i)
	if pe != i-1 || raw[pe] != ' ' || pe-ps < 3 || pe-ps > 16 {
		return false
	}
	var buf [16]byte
	w := lowerInto(buf[:pe-ps], raw[ps:pe])
	// a label word before a lower-case particle is a noun and its preposition:
	// "Halter von Hühnern, Truthühnern, …" (a keeper of animals, blind34 049)
	return listRoles[string(w)] || nameLabels[string(w)] && w[0] != 'v' && w[0] != 'a' && !isLowerASCII(raw[i])
}

// listRoles stand before a "Surname, Given" entry in running text.
var listRoles = map[string]bool{"mandant": true, "mandantin": true, "schrieb": true, "wrote": true, "beschäftigte": true,
	"beschäftigter": true, "kunde": true, "kundin": true, "klient": true, "klientin": true, "schüler": true, "schülerin": true}

// listCandidates returns the capitalised words of caps (ascending) that can
// start a list entry: an entry starts at most 40 bytes into its line
// (listHead), after at most three particles of six bytes, unless a quote
// opens it, which then stands in the 24 bytes before the word. Most
// capitalised words stand far into a line and are not visited: the lines
// and the quotes are, each found once.
func listCandidates(t *Text, caps []int32) []int32 {
	const near, quoteSpan = 40 + 3*6, 24
	raw := t.Raw
	var out []int32
	k := 0
	nl := t.lineBreaks() // found once for all who ask
	for ls, li := 0, 0; ls < len(raw) && k < len(caps); li++ {
		le := len(raw)
		if li < len(nl) {
			le = nl[li]
		}
		for k < len(caps) && int(caps[k]) < ls {
			k++
		}
		for ; k < len(caps) && int(caps[k]) <= min(ls+near, le); k++ {
			out = append(out, caps[k])
		}
		ls = le + 1
	}
	n := len(out)
	for _, c := range [...]byte{'"', '\'', 0xE2} { // „ and “ start with 0xE2
		if !t.Has(c) {
			continue
		}
		k, next := 0, 0 // caps[:next] were added after an earlier quote of c
		for off := 0; ; {
			j := bytes.IndexByte(raw[off:], c)
			if j < 0 {
				break
			}
			q := off + j
			off = q + 1
			for k < len(caps) && int(caps[k]) <= q {
				k++
			}
			for m := max(k, next); m < len(caps) && int(caps[m]) <= q+quoteSpan; m++ {
				out = append(out, caps[m])
				next = m + 1
			}
		}
	}
	if len(out) == n {
		return out
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mergeOffsets returns the ascending offsets of a and b (both ascending).
func mergeOffsets(a, b []int32) []int32 {
	if len(a) == 0 {
		return b
	}
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// particlesBefore returns the start of the name particles ("von der ")
// right before i, or i.
func particlesBefore(raw []byte, i int) int {
	p := i
	for n := 0; n < 3 && p >= 3 && raw[p-1] == ' '; n++ {
		j := wordStartBefore(raw, p-1)
		if j == p-1 || !listParticles[string(raw[j:p-1])] {
			break
		}
		p = j
	}
	return p
}

// hasSuffixAt reports whether b[:i] ends with s.
func hasSuffixAt(b []byte, i int, s string) bool {
	return i >= len(s) && string(b[i-len(s):i]) == s
}

// listEnd reports whether an entry may end at i: end of line or text, or a
// separator that lists go on with.
func listEnd(raw []byte, i int) bool {
	if i >= len(raw) {
		return true
	}
	switch raw[i] {
	case '\n', '\r', ',', ';', '|', '\t', '"', '\'', '*':
		return true
	case ' ':
		k := i + 1
		return k >= len(raw) || raw[k] == ' ' || raw[k] == '(' || raw[k] == '<' || raw[k] == '-' || raw[k] == '*' || raw[k] == '|' || raw[k] == '\n' ||
			hasPrefixAt(raw, k, "–") || hasPrefixAt(raw, k, "und ") || hasPrefixAt(raw, k, "/ ")
	}
	return hasPrefixAt(raw, i, "“") || hasPrefixAt(raw, i, "–")
}

// listParticles may stand inside a surname in a list ("Pereira da Silva",
// "von der Heyde").
var listParticles = map[string]bool{"von": true, "van": true, "vom": true, "der": true, "den": true, "de": true,
	"da": true, "das": true, "dos": true, "do": true, "del": true, "della": true, "di": true, "la": true, "le": true,
	"zu": true, "ter": true, "ten": true, "al": true, "el": true, "bin": true, "ibn": true, "abu": true, "y": true}

// badListWord are flags that no word of a listed name has.
const badListWord = wTitle | wSalutation | wOrg | wBody | wGreeting | wLabel | wSignoff | wRelation

// commaEntry reads "Surname, Given [Given]" or "SURNAME Given" at i.
func (d *personDetector) commaEntry(t *Text, i int) (s, e int, sure, ok bool) {
	raw, low := t.Raw, t.Lower()
	if englishSignoff(raw, low, i, wordEnd(raw, i)) {
		return // "Best, Elena": a sign-off
	}
	// surname: particles and capitalised words, at most four tokens
	k, caps, upper, n := i, 0, true, 0
	var firstF uint16 // flags of the surname part's first capitalised word
	lastCap := false  // the surname part ends in a capitalised word
	for ; n < 4; n++ {
		we := wordEnd(raw, k)
		for we < len(raw)-1 && raw[we] == '-' && isCap(raw, we+1) {
			we = wordEnd(raw, we+1) // Al-Sayed, Müller-Lüdenscheidt
		}
		if we == k {
			return
		}
		w := low[k:we]
		lastCap = isCap(raw, k)
		switch {
		case isCap(raw, k):
			f := d.nameFlags(low, k, we)
			if f&badListWord != 0 || streetLike(w) || f&wNotName != 0 && f&wLast == 0 || f&(wFirst|wLast) == 0 && institutionLike(w) {
				return // "Pressestelle, Nadine Krömer": an office, then the name
			}
			if caps == 0 {
				firstF = f
			}
			caps++
			upper = upper && allCaps(raw[k:we]) && we-k >= 3
		case listParticles[string(w)]:
		default:
			return
		}
		k = we
		if k >= len(raw) || raw[k] != ' ' || !(isCap(raw, k+1) || listParticles[string(low[k+1:wordEnd(raw, k+1)])]) {
			break
		}
		if raw[k] == ' ' && k+1 < len(raw) && isCap(raw, k+1) && caps > 0 && allCaps(raw[i:k]) {
			ne := wordEnd(raw, k+1)
			if !allCaps(raw[k+1 : ne]) {
				break // "HABTE Mebrahtu": the given name follows
			}
			// "SHEVCHUK OLEKSANDR": a known given name in capitals ends the line
			if g := d.nameFlags(low, k+1, ne); g&wFirst != 0 && g&(wLast|wNotName) == 0 && capsPairEnd(raw, ne) {
				break
			}
		}
		k++
	}
	if caps == 0 || !lastCap {
		return
	}
	var gs int
	switch {
	case hasPrefixAt(raw, k, ", "):
		gs = k + 2
	case upper && k < len(raw) && raw[k] == ' ':
		gs = k + 1 // "HABTE Mebrahtu"
	default:
		return
	}
	// given names: one to three capitalised words
	ge, known, allNot := gs, false, true
	for g := 0; g < 3; g++ {
		if !isCap(raw, ge) {
			break
		}
		we := wordEnd(raw, ge)
		for we < len(raw)-1 && raw[we] == '-' && isCap(raw, we+1) {
			we = wordEnd(raw, we+1)
		}
		if we == ge || allCaps(raw[ge:we]) != upper && !(upper && gs == k+1) {
			break
		}
		f := d.nameFlags(low, ge, we)
		if g == 0 && countryWord(f) {
			return // "Tromsø, Norway", "Kraków, Polen": a place and its state
		}
		if f&badListWord != 0 || streetLike(low[ge:we]) || f == 0 && (roleLike(low[ge:we]) || institutionLike(low[ge:we]) ||
			bytes.HasSuffix(low[ge:we], []byte("dienst"))) {
			// "Löschzug Brakel, Löschzugführer Marcel Wiemers", "Krause, Ausländerbehörde";
			// a unit after a full name: "Lukas Tenkhoff, Zulassungsdienst"
			return
		}
		known = known || f&wFirst != 0 && f&wNotName == 0
		allNot = allNot && f&wNotName != 0
		ge = we
		if ge+1 >= len(raw) || raw[ge] != ' ' || !isCap(raw, ge+1) {
			break
		}
		ge++
	}
	if ge < len(raw) && raw[ge-1] == ' ' {
		ge--
	}
	// a chat's sender alone on its line before the time, as Teams and Outlook
	// copy a display name: "Grabow, Ines 09:12"; a listed given name only
	// ("Pause, Kaffee 10:30" is an agenda's row)
	sender := known && !upper && t.lineStart(i) == i && stampEnd(raw, ge)
	if ge == gs || allNot || !listEnd(raw, ge) && !sender && !(hasPrefixAt(raw, ge, ": ") && stampedAt(raw, t.lineStart(i), i)) {
		return
	}
	if upper && gs == k+1 && !known {
		return // the capitals form needs a known given name
	}
	givenOnly := firstF&wFirst != 0 && (firstF&wLast == 0 || caps == 1 && known && bytes.IndexByte(raw[gs:ge], ' ') < 0)
	if givenOnly && caps >= 2 {
		return // "Rami Haddad, Nour Haddad": a list of full names
	}
	if caps >= 3 && !upper && bytes.IndexByte(raw[gs:ge], ' ') > 0 {
		return // "Hodan Ali Farah, Yusuf Warsame Hassan": two full names of three
	}
	if caps == 2 && !upper {
		// "Besnik Gashi, Chiara Ferraro": two full names, not a two-word
		// surname before two given names ("Pereira Silva, Ana Maria"); the
		// first stands as an entry, the next is read on its own
		if sp := bytes.IndexByte(raw[gs:ge], ' '); sp > 0 {
			// also when the word after the given name is a surname as well, after
			// a given name before the comma: "Sarah Hoffmann, Emre Aydın"
			if f := d.nameFlags(low, gs+sp+1, ge); f&wFirst == 0 || firstF&wFirst != 0 && f&wLast != 0 {
				return i, k, d.nameFlags(low, gs, gs+sp)&wFirst != 0, true
			}
		}
	}
	// "Anna, Kerstin" is a list of given names unless a sure entry of the
	// form "Surname, Given" stands near it.
	// a surname with letters German lacks: "„Xelîl, Rojda“", "Đặng, Thu"
	foreign := caps == 1 && firstF == 0 && nameLetters(raw[i:k]) && unknownSurname(low[gs:wordEnd(raw, gs)])
	// the whole quote in capitals as a passport or a title prints the name:
	// „HAILE, DAWIT TESFAY“, „TESFAY HAILE, DAWIT“
	printed := upper && gs == k+2 && quoteAround(raw, i, ge) && nameWordBefore(low, i)
	return i, ge, known && !givenOnly || foreign || printed, true
}

// plainEntry reports an entry [s, e) of one unlisted surname word, a comma
// and unlisted given names that read as names ("Ghebremedhin, Semhar").
func (d *personDetector) plainEntry(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	c := bytes.IndexByte(raw[s:e], ',') + s
	if c <= s || c+2 >= e || bytes.IndexByte(raw[s:c], ' ') >= 0 || allCaps(raw[s:c]) || allCaps(raw[c+2:e]) {
		return false
	}
	ge := wordEnd(raw, c+2)
	return d.lx.flags(low[s:c]) == 0 && unknownSurname(low[s:c]) && d.lx.flags(low[c+2:ge])&(wNotName|wTitle|wOrg|wBody) == 0 &&
		unknownSurname(low[c+2:ge]) && !roleLike(low[s:c]) && !roleLike(low[c+2:ge])
}

// quoteAround reports an opening quote right before s and a closing one
// right after e ("„…“", "\"…\"").
func quoteAround(raw []byte, s, e int) bool {
	open := hasSuffixAt(raw, s, "„") || hasSuffixAt(raw, s, "\"") || hasSuffixAt(raw, s, "“")
	return open && (hasPrefixAt(raw, e, "“") || hasPrefixAt(raw, e, "\"") || hasPrefixAt(raw, e, "”"))
}

// nameWordBefore reports a word that announces a printed name right before
// the quote that opens at i ("der Name „…“", "im Pass „…“").
func nameWordBefore(low []byte, i int) bool {
	for i > 0 && low[i-1] >= 0x80 || i > 0 && low[i-1] == '"' {
		i-- // the opening quote
	}
	ps, pe := prevWord(low, i)
	if pe != i-1 || pe <= ps {
		return false
	}
	switch string(low[ps:pe]) {
	case "name", "namen", "pass", "reisepass", "nationalpass", "schreibweise", "ausweis", "aufenthaltstitel":
		return true
	}
	return false
}

// wordStartBefore returns the start of the ASCII word that ends at k.
func wordStartBefore(raw []byte, k int) int {
	j := k
	for j > 0 && isLetter(raw[j-1]) { // particles are ASCII
		j--
	}
	return j
}

// thingLabelBefore reports a label that names a thing before the entry at
// i on its line ("Tätigkeit:       Kläranlage, Betriebshandwerker",
// "Bemerkung: …"): the word before the colon is a thingWord.
func (d *personDetector) thingLabelBefore(t *Text, i int) bool {
	raw, low := t.Raw, t.Lower()
	c := i
	for c > 0 && (raw[c-1] == ' ' || raw[c-1] == '\t') {
		c--
	}
	if c == i || c == 0 || raw[c-1] != ':' {
		return false
	}
	ws := c - 1
	for ws > 0 && (isLetter(low[ws-1]) || low[ws-1] >= 0x80) {
		ws--
	}
	return ws < c-1 && d.thingWord(low[ws:c-1])
}
