package detectors

import (
	"bytes"
	"slices"
	"strings"
)

// Lower-case names in chats and mails ("[Mo 07:12] kai: …", "frau kremer",
// "gruß\nmarco de luca"). Chat text in lower case has no capital letter to
// show a name, so only a structure or a cue makes a word a name: the sender
// slot of a chat line, a lower-case salutation, a sign-off line. A name
// found so names the same person where it stands again in the text, and in
// a chat an article before a given name ("hab den dennis angerufen") marks
// one.

// lowerStop are lower-case words that follow "frau"/"herr" or a relation
// word in running text without being a name.
var lowerStop = map[string]bool{"und": true, "oder": true, "ist": true, "hat": true, "war": true, "wird": true, "kann": true,
	"muss": true, "soll": true, "will": true, "die": true, "der": true, "das": true, "den": true, "dem": true, "des": true,
	"ein": true, "eine": true, "einer": true, "mit": true, "von": true, "vom": true, "aus": true, "bei": true, "im": true,
	"in": true, "am": true, "an": true, "auf": true, "für": true, "hier": true, "da": true, "so": true, "auch": true,
	"noch": true, "schon": true, "nicht": true, "aber": true, "doch": true, "wieder": true, "mal": true, "bitte": true,
	"doktor": true, "professor": true, "prof": true, "dr": true, "kollegin": true, "kollege": true, "nachbarin": true,
	"nachbar": true, "mama": true, "papa": true, "sowieso": true, "xy": true, "unbekannt": true, "gestern": true,
	"heute": true, "morgen": true, "selbst": true, "gegenüber": true, "nebenan": true, "oben": true, "unten": true,
	"drüben": true, "dort": true, "hinten": true, "vorne": true, "meier": false, "mustermann": true, "musterfrau": true,
	// English modals after a relation word: "his wife can renew her ID card"
	"can": true, "may": true, "could": true, "would": true, "should": true, "must": true, "does": true, "did": true}

// lowerWord reports whether the lower-case word [k, e) may be a surname that
// no lexicon lists: four letters or more, no noun ending, no stop word, no
// verb of a person ("herr sagt seine mutter hat …"), not a role noun in -in.
func (d *personDetector) lowerWord(low []byte, k, e int) bool {
	w := low[k:e]
	return e-k >= 4 && !lowerStop[string(w)] && !personVerbs[string(w)] && unknownSurname(w) && !bytes.HasSuffix(w, []byte("in")) &&
		d.lx.flags(w)&(wNotName|wNotAlone|wTitle|wOrg|wBody|wSalutation|wRelation|wLabel|wGreeting|wSignoff) == 0
}

// lowerNameAt reads the lower-case word at k and returns its end and flags;
// e == k when there is no lower-case word of three letters or more.
func (d *personDetector) lowerNameAt(t *Text, buf []byte, k int) (int, uint16) {
	raw := t.Raw
	if k >= len(raw) || !(isLowerASCII(raw[k]) || raw[k] == 0xC3 && k+1 < len(raw) && raw[k+1] >= 0xA0) {
		return k, 0
	}
	e := wordEnd(raw, k)
	if e-k < 3 || e-k > len(buf) {
		return k, 0
	}
	if t.lowerDone {
		return e, d.nameFlags(t.lower, k, e)
	}
	return e, d.nameFlags(lowerInto(buf, raw[k:e]), 0, e-k)
}

// badLowerName are flags no lower-case name word has.
const badLowerName = wNotName | wNotAlone | wTitle | wOrg | wBody | wSalutation | wRelation | wLabel | wGreeting | wSignoff

// lowerSurnameAfter extends a lower-case name ending at e by a surname
// ("emine öztürk", "marco de luca"): particles, then a listed surname or,
// after a given name, a word shaped like one.
func (d *personDetector) lowerSurnameAfter(t *Text, buf []byte, e int, first bool) int {
	raw := t.Raw
	k := e
	for n := 0; n < 2 && k+1 < len(raw) && raw[k] == ' '; n++ {
		we := wordEnd(raw, k+1)
		if we > k+1 && particles[string(raw[k+1:we])] && we < len(raw) && raw[we] == ' ' {
			k = we
			continue
		}
		break
	}
	if k >= len(raw) || raw[k] != ' ' {
		return e
	}
	ne, f := d.lowerNameAt(t, buf, k+1)
	if ne == k+1 || f&badLowerName != 0 || lowerStop[string(raw[k+1:ne])] {
		return e
	}
	if f&wLast != 0 || first && (k > e && f&wFirst != 0 || surnameShape(t.Lower()[k+1:ne]) || foreignLetters(raw[k+1:ne])) {
		return ne
	}
	// a word no list has, shaped like a surname, where the name ends: "ich
	// bin johanna feldkötter, az …", "name vanessa grote", "frau theresa
	// holzapfel komma" (dictated), "frau dr. heike strüver hat …"
	if first && k == e && lowerNameEnd(t.Lower(), ne) && (f == 0 && d.lowerWord(t.Lower(), k+1, ne) || f == wFirst && ne-k > 4) {
		return ne
	}
	// dictated text has no punctuation: the clause goes on after the
	// surname with a preposition, a conjunction, the address or the
	// telephone ("frau hedwig oltmanns wohnhaft in …", "frau edeltraud pape
	// in der bahnhofstraße", "frau monika staab telefon …"); a verb's form
	// is no surname ("frau anna anrufen und …")
	if first && k == e && f == 0 && d.lowerWord(t.Lower(), k+1, ne) && !verbLike(t.Lower()[k+1:ne]) && dictatedNameEnd(t.Lower(), ne) {
		return ne
	}
	return e
}

// dictatedNameEnd reports a word after e that goes on with the clause after
// a name in dictated text without punctuation: a preposition, a
// conjunction or an article of lowerStop, a person's verb, a word of the
// address or the telephone that follows a name in a note (wohnhaft,
// telefon) or a street ("frau gisela hornbach schillerstraße 31").
func dictatedNameEnd(low []byte, e int) bool {
	if e+1 >= len(low) || low[e] != ' ' {
		return false
	}
	we := wordEnd(low, e+1)
	if we == e+1 {
		return false
	}
	w := low[e+1 : we]
	return lowerStop[string(w)] || personVerbs[string(w)] || afterNameWords[string(w)] || we-(e+1) > 6 && streetLike(w)
}

// afterNameWords follow a name in a dictated note before its address, birth
// date or telephone.
var afterNameWords = map[string]bool{"wohnhaft": true, "wohnt": true, "wohne": true, "telefon": true, "tel": true,
	"telefonnummer": true, "handy": true, "handynummer": true, "mobil": true, "geboren": true, "geb": true, "komma": true, "punkt": true}

// verbLike reports the endings of a German verb's infinitive, participle
// or inflected form (-en, -ern, -eln, -iert, -et, -te, -st), which an
// unlisted word after a given name in dictated text must not have to be
// read as a surname: "frau anna anrufen", "frau anna telefoniert".
func verbLike(w []byte) bool {
	for _, suf := range []string{"en", "ern", "eln", "iert", "et", "te", "st"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// lowerSurnameEnd returns the end of a surname after the lower-case given
// name ending at e where the name ends (lowerNameEnd): a listed surname or a
// word no list has that may be one; e when there is none.
func (d *personDetector) lowerSurnameEnd(t *Text, buf []byte, e int) int {
	raw, low := t.Raw, t.Lower()
	if e+1 >= len(raw) || raw[e] != ' ' {
		return e
	}
	ne, g := d.lowerNameAt(t, buf, e+1)
	if ne == e+1 || g&(badLowerName|wNotName) != 0 || lowerStop[string(raw[e+1:ne])] || !lowerNameEnd(low, ne) {
		return e
	}
	if g&wLast != 0 || g == 0 && d.lowerWord(low, e+1, ne) {
		return ne
	}
	return e
}

// lowerNameEnd reports whether a lower-case name may end at e: a
// punctuation mark, the line's or text's end, a dictated punctuation word or
// a verb of a person after it.
func lowerNameEnd(low []byte, e int) bool {
	if e >= len(low) {
		return true
	}
	switch low[e] {
	case ',', ';', '.', ':', ')', '!', '?', '\n', '\r':
		return true
	case ' ':
		we := wordEnd(low, e+1)
		w := string(low[e+1 : we])
		return we > e+1 && (w == "komma" || w == "punkt" || w == "absatz" || personVerbs[w])
	}
	return false
}

// lowerFullName reads a lower-case name at k after a strong cue (a sign-off
// or "mein name"): a given name with an optional surname, or an unknown word
// followed by a word that is a surname ("tuan pham", "rojda xelîl").
func (d *personDetector) lowerFullName(t *Text, buf []byte, k int) (int, bool) {
	raw := t.Raw
	e, f := d.lowerNameAt(t, buf, k)
	if e == k || f&badLowerName != 0 {
		return k, false
	}
	if f&wFirst != 0 {
		return d.lowerSurnameAfter(t, buf, e, true), true
	}
	if f != 0 || lowerStop[string(raw[k:e])] || !unknownSurname(raw[k:e]) || e >= len(raw) || raw[e] != ' ' {
		return k, false
	}
	ne, g := d.lowerNameAt(t, buf, e+1)
	if ne == e+1 || g&badLowerName != 0 || lowerStop[string(raw[e+1:ne])] {
		return k, false
	}
	if g&wLast != 0 || surnameShape(raw[e+1:ne]) || foreignLetters(raw[e+1:ne]) {
		return ne, true
	}
	return k, false
}

// chatLowerSenders finds lower-case senders of chat lines ("[Mo 07:12] kai:",
// "[Mo 07:30] stefan w.:") and returns the names' words for coreference.
func (d *personDetector) chatLowerSenders(t *Text, dst []Finding, names map[string]bool) ([]Finding, bool) {
	raw := t.Raw
	var buf [maxWord]byte
	chat := false
	for ls := 0; ls < len(raw); {
		le := bytes.IndexByte(raw[ls:], '\n')
		if le < 0 {
			le = len(raw)
		} else {
			le += ls
		}
		line := raw[ls:le]
		if len(line) > 8 && line[0] == '[' {
			if c := bytes.IndexByte(line[:min(len(line), 24)], ']'); c > 0 && c+2 < len(line) && line[c+1] == ' ' && chatStamp(line[1:c]) {
				chat = true
				k := ls + c + 2
				if k+3 < le && isLowerASCII(raw[k]) && raw[k+1] == '.' && isLowerASCII(raw[k+2]) {
					// an initial glued to the surname: "k.schulze:"; the slot
					// makes an unlisted word a name too ("m.rehm:")
					if e, f := d.lowerNameAt(t, buf[:], k+2); e > k+2 && e < len(raw) && raw[e] == ':' && f&badLowerName == 0 &&
						(f&wLast != 0 || f == 0 && d.lowerWord(raw, k+2, e)) && !covered(dst, k) {
						dst = append(dst, Finding{Type: "PERSON", Start: k, End: e, Score: 0.7})
						if len(names) < maxCoref {
							names[string(raw[k+2:e])] = true
						}
					}
					ls = le + 1
					continue
				}
				e, f := d.lowerNameAt(t, buf[:], k)
				if e > k && f&(wFirst|wLast) != 0 && f&badLowerName == 0 {
					ne := e
					if ne+3 < len(raw) && raw[ne] == ' ' && isLowerASCII(raw[ne+1]) && raw[ne+2] == '.' {
						ne += 3 // "stefan w."
					} else if ne+3 < len(raw) && raw[ne] == ' ' && isLowerASCII(raw[ne+1]) && raw[ne+2] == ':' {
						ne += 2 // "dominik h:"
					} else if ne+1 < len(raw) && raw[ne] == ' ' && f&wFirst != 0 {
						ne = d.senderSurname(t, buf[:], ne+1, ne) // "sandra kühn:"
					}
					if ne == e && ne+1 < len(raw) && raw[ne] == ' ' {
						ne = d.senderThree(t, buf[:], ne+1, ne) // "nguyen thi lan:"
					}
					if ne < len(raw) && raw[ne] == ':' && !covered(dst, k) {
						dst = append(dst, Finding{Type: "PERSON", Start: k, End: ne, Score: 0.7})
						if len(names) < maxCoref {
							names[string(raw[k:ne])] = true
						}
					}
				}
			}
		}
		ls = le + 1
	}
	return dst, chat
}

// senderSurname returns the end of the word at k when it ends a chat line's
// sender slot (a colon follows) and may be a surname: the slot itself says
// the given name before it names a person, so an unlisted word ("rehm")
// counts too. It returns e when not.
func (d *personDetector) senderSurname(t *Text, buf []byte, k, e int) int {
	raw := t.Raw
	se, g := d.lowerNameAt(t, buf, k)
	if se == k || se >= len(raw) || raw[se] != ':' || g&badLowerName != 0 || lowerStop[string(raw[k:se])] ||
		g&(wFirst|wLast) == 0 && institutionLike(t.Lower()[k:se]) {
		return e // the sender's unit after the given name: "lena schulsozialarbeit:", "kai bürgerbüro:"
	}
	return se
}

// senderThree returns the end of two more words at k that end a chat line's
// sender slot after its first name word, each of them in a name list and no
// ordinary word ("nguyen thi lan:", "maria garcía lópez:"), or e when not.
func (d *personDetector) senderThree(t *Text, buf []byte, k, e int) int {
	raw := t.Raw
	for n := 0; n < 2; n++ {
		we, g := d.lowerNameAt(t, buf, k)
		if we == k || g&(wFirst|wLast) == 0 || g&(badLowerName|wNotName) != 0 || lowerStop[string(raw[k:we])] {
			return e
		}
		if n == 1 {
			if we < len(raw) && raw[we] == ':' {
				return we
			}
			return e
		}
		if we+1 >= len(raw) || raw[we] != ' ' {
			return e
		}
		k = we + 1
	}
	return e
}

// maxBareSenders bounds the chat lines chatBareSenders keeps.
const maxBareSenders = 256

// chatBareSenders finds the lower-case senders of a chat pasted without time
// stamps ("jan: hey, wer macht …", "ayse: ich kann ab 10"): a given name
// (also one that is a word elsewhere: jan) that opens a line with a colon
// and a blank after it, where three lines or more open so. It runs on lower-case text with a cue only (a salutation such
// as "frau", "herrn"), so it reads the line starts of few texts.
func (d *personDetector) chatBareSenders(t *Text, dst []Finding, names map[string]bool) []Finding {
	raw := t.Raw
	var buf [maxWord]byte
	var hits []Span
	nl := t.lineBreaks() // found once for all who ask
	for ls, li := 0, 0; ls < len(raw) && len(hits) < maxBareSenders; li++ {
		if e, f := d.lowerNameAt(t, buf[:], ls); e > ls && f&wFirst != 0 && f&badLowerName&^wNotName == 0 {
			if e+1 < len(raw) && raw[e] == ' ' {
				// "jana kötter: …": the surname in the sender slot
				if se := d.senderSurname(t, buf[:], e+1, e); se > e && se+1 < len(raw) && raw[se+1] == ' ' {
					e = se
				}
			}
			if e+1 < len(raw) && raw[e] == ':' && raw[e+1] == ' ' {
				hits = append(hits, Span{Start: ls, End: e})
			}
		}
		if li >= len(nl) {
			break
		}
		ls = nl[li] + 1
	}
	if len(hits) < 3 {
		return dst
	}
	for _, h := range hits {
		if covered(dst, h.Start) {
			continue
		}
		dst = append(dst, Finding{Type: "PERSON", Start: h.Start, End: h.End, Score: 0.65})
		if len(names) < maxCoref {
			names[string(raw[h.Start:h.End])] = true
		}
	}
	return dst
}

// chatStamp reports the time stamp of a chat line: a time, optionally a
// date and a weekday abbreviation ("Mo 07:12", "18.06.25, 07:52"), or a
// weekday or day written out, as Teams copies it ("Montag 13:05",
// "Gestern 09:12", "Yesterday 16:02").
func chatStamp(s []byte) bool {
	letters, ws, we := 0, -1, 0
	for i, c := range s {
		switch {
		case isDigit(c) || c == ':' || c == '.' || c == ',' || c == '/' || c == '-' || c == ' ':
		case isLetter(c):
			if letters == 0 {
				ws = i
			}
			letters++
			we = i + 1
		default:
			return false
		}
	}
	if bytes.IndexByte(s, ':') <= 0 || indexDigit(s) < 0 {
		return false
	}
	return letters <= 3 || we-ws == letters && stampDays[string(bytes.ToLower(s[ws:we]))]
}

// stampDays are the words of a day that a chat's time stamp writes out.
var stampDays = map[string]bool{"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true,
	"samstag": true, "sonntag": true, "gestern": true, "heute": true, "monday": true, "tuesday": true, "wednesday": true,
	"thursday": true, "friday": true, "saturday": true, "sunday": true, "yesterday": true, "today": true}

// chatArticleNames finds given names after an article in the messages of a
// lower-case chat ("hab den dennis von der werkstatt angerufen", "hat der
// jannik gefahren").
func (d *personDetector) chatArticleNames(t *Text, dst []Finding, names map[string]bool) []Finding {
	raw := t.Raw
	var buf [maxWord]byte
	for _, art := range []string{" der ", " den ", " dem ", " die "} {
		for off := 0; ; {
			j := bytes.Index(raw[off:], []byte(art))
			if j < 0 {
				break
			}
			k := off + j + len(art)
			off = k - 1
			e, f := d.lowerNameAt(t, buf[:], k)
			if e == k || f&wFirst == 0 || f&badLowerName != 0 || f&wLast != 0 || covered(dst, k) {
				continue
			}
			dst = append(dst, Finding{Type: "PERSON", Start: k, End: e, Score: 0.6})
			if len(names) < maxCoref {
				names[string(raw[k:e])] = true
			}
		}
	}
	return dst
}

// chatFullNames finds "given name surname" in the messages of a lower-case
// chat ("noch dilnoza rakhimova und kofi mensah", "der andere war amadou
// diallo"): a listed given name that is no ordinary word, then a listed
// surname that is none either, or a word shaped like a foreign surname. The
// given name or the surname alone names the person again ("diallo hatte doch
// angerufen", "kofi hat angerufen").
func (d *personDetector) chatFullNames(t *Text, dst []Finding, names map[string]bool) []Finding {
	raw := t.Raw
	var buf [maxWord]byte
	for k := 0; k < len(raw); {
		sp := bytes.IndexAny(raw[k:], " (")
		if sp < 0 {
			break
		}
		k += sp + 1 // a word start: a blank or a bracket precedes it
		if covered(dst, k) {
			continue
		}
		e, f := d.lowerNameAt(t, buf[:], k)
		if e == k || f&wFirst == 0 || f&(badLowerName|wNotName) != 0 || e+1 >= len(raw) || raw[e] != ' ' {
			continue
		}
		ne, g := d.lowerNameAt(t, buf[:], e+1)
		if ne == e+1 || g&(badLowerName|wNotName) != 0 || lowerStop[string(raw[e+1:ne])] ||
			g&wLast == 0 && (g != 0 || !surnameShape(raw[e+1:ne]) && !foreignLetters(raw[e+1:ne])) {
			continue
		}
		if ne < len(raw) && (isLetter(raw[ne]) || raw[ne] >= 0x80 || isDigit(raw[ne])) {
			continue
		}
		dst = append(dst, Finding{Type: "PERSON", Start: k, End: ne, Score: 0.6})
		if len(names)+1 < maxCoref {
			names[string(raw[k:e])] = true
			names[string(raw[e+1:ne])] = true
		}
		k = ne
	}
	return dst
}

// lowerAgain finds lower-case names of names again where they stand as
// whole words in the text.
func (d *personDetector) lowerAgain(t *Text, dst []Finding, names map[string]bool) []Finding {
	raw := t.Raw
	var buf [maxWord]byte
	taken := newSpanIndex(dst) // the findings so far: a name found by another rule is not added twice
	for n := range names {
		for off := 0; ; {
			j := bytes.Index(raw[off:], []byte(n))
			if j < 0 {
				break
			}
			s := off + j
			e := s + len(n)
			off = e
			if s > 0 && (isLetter(raw[s-1]) || raw[s-1] >= 0x80 || isDigit(raw[s-1])) || e < len(raw) && (isLetter(raw[e]) || raw[e] >= 0x80) {
				continue
			}
			if !covered(dst, s) && !taken.overlaps(s, e) {
				// a given name of its own before the surname: "natalia dragomir"
				if ps, pe := prevWord(raw, s); pe == s-1 && raw[pe] == ' ' && ps < pe {
					if ge, f := d.lowerNameAt(t, buf[:], ps); ge == pe && f&wFirst != 0 && f&badLowerName == 0 && f&wLast == 0 {
						if !covered(dst, ps) {
							s = ps
						} else if g := givenFinding(dst, ps, pe); g >= 0 {
							// found alone by another rule: "kam emil brockhoff 2c"
							// after "vater marco brockhoff" named the surname
							dst[g].End = e
							continue
						}
					}
				}
				dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.6})
			}
		}
	}
	return dst
}

// givenFinding returns the index of the PERSON finding in dst that is the
// word [s, e) alone, or -1.
func givenFinding(dst []Finding, s, e int) int {
	for i := range dst {
		if dst[i].Start == s && dst[i].End == e && dst[i].Type == "PERSON" {
			return i
		}
	}
	return -1
}

// lowerSignature finds a lower-case name on the line after a sign-off
// ("gruß\nmarco de luca", "lg\nolga petrenko"): a given name and its surname,
// alone on the line.
func (d *personDetector) lowerSignature(t *Text, dst []Finding, names map[string]bool) []Finding {
	raw := t.Raw
	var buf [maxWord]byte
	for i, hits := range t.listHitsAt(lowerSignoffsSlot, lowerSignoffs) {
		so := lowerSignoffs[i]
		for _, h := range hits {
			e0 := h + len(so)
			if e0+1 < len(raw) && raw[e0] == ' ' && isWordStartAt(raw, h) && (h == 0 || raw[h-1] == '\n' || sentenceEndBefore(raw, h)) {
				// the name on the sign-off's own line: "gruß tuan pham"
				k := e0 + 1
				ne, ok := d.lowerFullName(t, buf[:], k)
				if ok {
					ne = d.lowerIntroSurname(t, buf[:], k, ne) // "lg edeltraud wiemer"
				} else {
					ne, ok = d.lowerInitialName(t, buf[:], k)
				}
				if ok && !covered(dst, k) {
					// or a bracket after it: "lg jana (gruppe marienkäfer)"
					if r := skipBlank(raw, ne); r >= len(raw) || raw[r] == '\n' || raw[r] == '\r' || r > ne && raw[r] == '(' {
						dst = append(dst, Finding{Type: "PERSON", Start: k, End: ne, Score: 0.7})
						if len(names) < maxCoref {
							names[string(raw[k:ne])] = true
						}
					}
				}
				continue
			}
			if e0 >= len(raw) || raw[e0] != '\n' || !isWordStartAt(raw, h) {
				continue
			}
			k := e0 + 1
			e, f := d.lowerNameAt(t, buf[:], k)
			if e == k || f&wFirst == 0 || f&badLowerName != 0 {
				continue
			}
			ne := d.lowerSurnameAfter(t, buf[:], e, true)
			if r := skipBlank(raw, ne); r < len(raw) && raw[r] != '\n' && raw[r] != '\r' {
				continue
			}
			if !covered(dst, k) {
				dst = append(dst, Finding{Type: "PERSON", Start: k, End: ne, Score: 0.7})
				if len(names) < maxCoref {
					names[string(raw[k:ne])] = true
				}
			}
		}
	}
	return dst
}

// sentenceEndBefore reports ". ", "! " or "? " right before h: a sign-off
// that follows the last sentence on its line ("… zu erreichen. lg edeltraud
// wiemer").
func sentenceEndBefore(raw []byte, h int) bool {
	return h >= 2 && raw[h-1] == ' ' && (raw[h-2] == '.' || raw[h-2] == '!' || raw[h-2] == '?')
}

// lowerText reports text written mostly in lower case: fewer than one word
// in five capitalised (German prose capitalises one in three or four), so
// that a request typed properly above a pasted lower-case mail still counts.
func lowerText(t *Text) bool {
	return len(t.CapWords())*5 < bytes.Count(t.Raw, []byte{' '})
}

// lowerNotGiven are listed given names that are ordinary German or English
// words in lower-case text ("lass sie rein", "anyone else", "davon").
var lowerNotGiven = map[string]bool{"davon": true, "allen": true, "dies": true, "peer": true, "line": true,
	"anders": true, "wies": true, "valid": true, "trace": true, "said": true, "general": true, "honor": true,
	"long": true, "missing": true, "rein": true, "russ": true, "fine": true, "unique": true, "else": true,
	"solange": true, "dell": true, "roch": true, "juris": true, "mille": true, "buddy": true, "floor": true,
	"patience": true, "lasse": true, "baby": true, "meta": true, "wende": true, "odessa": true, "mark": true,
	"hope": true, "grace": true, "page": true, "rose": true, "june": true, "april": true, "august": true,
	"summer": true, "winter": true, "sunny": true, "angel": true, "major": true, "king": true, "bill": true,
	"will": true, "ever": true, "star": true, "love": true, "faith": true, "liberty": true, "justice": true,
	"chance": true, "story": true, "river": true, "paris": true, "london": true, "berlin": true, "wien": true,
	"sonne": true, "stern": true, "linde": true, "rosa": true, "ernst": true, "frank": true, "frei": true, "bach": true, "come": true}

// chatGivenNames finds lone given names in the messages of a lower-case
// chat ("jule: ja, dennis von der it sagt …", "btw mareike ist heute
// krank"): a listed given name of four letters or more that is no ordinary
// word, or one of three letters with a preposition of a person before it or
// the child's class after it (shortGivenCue: "an uwe", "von flo beim
// rebase", "wegen mia aus der 6b"). Chat messages name colleagues by their
// given name; in a chat a listed given name is such a name.
func (d *personDetector) chatGivenNames(t *Text, dst []Finding, names map[string]bool) []Finding {
	raw := t.Raw
	var buf [maxWord]byte
	taken, last := newSpanIndex(dst), 0 // the findings before, and the end of the last one added here
	for k := 0; k < len(raw); k++ {
		if !isLowerASCII(raw[k]) || k > 0 && (isLetter(raw[k-1]) || raw[k-1] >= 0x80 || isDigit(raw[k-1]) || raw[k-1] == '-' || raw[k-1] == '@' || raw[k-1] == '.' || raw[k-1] == '_' || raw[k-1] == '/') {
			continue
		}
		e, f := d.lowerNameAt(t, buf[:], k)
		if e-k < 3 || f&wFirst == 0 || f&badLowerName != 0 || e-k == 3 && !shortGivenCue(t, k, e) || f&wLast != 0 && !d.givenCue(t, k, e) || lowerNotGiven[string(raw[k:e])] || bytes.IndexByte(raw[k:e], '-') >= 0 || e < len(raw) && (raw[e] >= 0x80 || isDigit(raw[e]) || raw[e] == '-' || raw[e] == '.' && e+1 < len(raw) && isLetter(raw[e+1])) {
			continue
		}
		if ps, pe := prevWord(raw, k); pe > ps && (hasPrefixAt(raw, ps, "st.") || hasPrefixAt(raw, ps, "sankt")) {
			continue // a saint: "pflegeheim st. anna"
		}
		s := k
		if k >= 2 && raw[k-2] == ',' && raw[k-1] == ' ' {
			// "surname, given name": "widerspruch von yilmaz, hatice"
			if ps, pe := prevWord(raw, k-2); pe == k-2 && pe-ps >= 3 && d.lx.flags(t.Lower()[ps:pe])&(wLast|badLowerName) == wLast && !taken.overlaps(ps, pe) && ps >= last {
				s = ps
			}
		}
		if !taken.overlaps(s, e) && s >= last {
			fe := e
			if s == k && lowerInitialAfter(raw, e) && !taken.overlaps(s, e+3) {
				fe = e + 3 // the surname's initial: "emma w. wird ab januar abgeholt"
			} else if se := d.lowerSurnameEnd(t, buf[:], e); s == k && se > e && !taken.overlaps(s, se) {
				fe = se // "ich bin johanna feldkötter, az …", "name vanessa grote"
			}
			dst = append(dst, Finding{Type: "PERSON", Start: s, End: fe, Score: 0.6})
			last = fe
			if len(names) < maxCoref && !names[string(raw[k:e])] {
				names[string(raw[k:e])] = true
			}
			if fe > e+1 && raw[e] == ' ' && len(names) < maxCoref {
				names[string(raw[e+1:fe])] = true // "im system nix unter grote"
			}
		}
		k = max(k, e-1)
	}
	return dst
}

// shortGivenCue reports a cue strong enough for a listed given name of three
// letters [k, e) in a lower-case chat, where many such names are words
// (job, art, can): a preposition of a person right before it ("an
// uwe", "von flo") or a school class or day-care group after it ("mia aus
// der 6b"); a verb after it or a comma does not ("man kann", "jop, zimmer
// 2.14").
func shortGivenCue(t *Text, k, e int) bool {
	low := t.Lower()
	if classAfter(low, e) {
		return true
	}
	ps, pe := prevWord(t.Raw, k)
	return pe == k-1 && pe > ps && personPreps[string(low[ps:pe])]
}

// lowerInitialAfter reports a lower-case surname's initial after a given name
// ending at e: a blank, a letter and a dot, then a blank, a line end or
// punctuation, and no second abbreviation ("emma w. wird", not "kai u. a.",
// "lena z. b."). Letters that open common abbreviations (u. a., z. b., d. h.,
// s. o., v. a., i. a.) are none.
func lowerInitialAfter(raw []byte, e int) bool {
	if e+3 > len(raw) || raw[e] != ' ' || !isLowerASCII(raw[e+1]) || raw[e+2] != '.' || strings.IndexByte("uzdsovia", raw[e+1]) >= 0 {
		return false
	}
	k := e + 3
	if k == len(raw) {
		return true
	}
	if raw[k] == ',' || raw[k] == '\n' || raw[k] == '\r' || raw[k] == ')' || raw[k] == ':' {
		return true
	}
	return raw[k] == ' ' && !(k+2 < len(raw) && isLetter(raw[k+1]) && raw[k+2] == '.')
}

// lowerLastLine finds the lower-case given name that signs a mail on its
// last line ("fotos schick ich dir gleich.\nbettina"): the line holds a
// listed given name that is no ordinary word, with an optional surname, and
// nothing else.
func (d *personDetector) lowerLastLine(t *Text, dst []Finding, names map[string]bool) []Finding {
	raw := t.Raw
	var buf [maxWord]byte
	le := len(raw)
	for le > 0 && (raw[le-1] == '\n' || raw[le-1] == '\r' || raw[le-1] == ' ' || raw[le-1] == '\t') {
		le--
	}
	from := max(0, le-40)
	ls := bytes.LastIndexByte(raw[from:le], '\n') + 1 + from
	if ls == from && from > 0 || ls == 0 {
		return dst // a long line, or the text's only line
	}
	e, f := d.lowerNameAt(t, buf[:], ls)
	if e == ls || f&wFirst == 0 || f&badLowerName != 0 || lowerNotGiven[string(raw[ls:e])] || covered(dst, ls) {
		return dst
	}
	if ne := d.lowerSurnameAfter(t, buf[:], e, true); ne == le || e == le {
		dst = append(dst, Finding{Type: "PERSON", Start: ls, End: le, Score: 0.65})
		if len(names) < maxCoref {
			names[string(raw[ls:e])] = true
		}
	}
	return dst
}

// lowerIntroSurname extends a lone listed given name [k, e) that follows
// "ich heiße" or "mein name" by one unlisted word that reads as a surname
// when the name ends there (punctuation, line end or " geb"): "ich heisse
// murat kilic geb 12.5.1985". It returns e otherwise.
func (d *personDetector) lowerIntroSurname(t *Text, buf []byte, k, e int) int {
	raw := t.Raw
	if e+1 >= len(raw) || raw[e] != ' ' || bytes.IndexByte(raw[k:e], ' ') >= 0 {
		return e
	}
	if _, f := d.lowerNameAt(t, buf, k); f&wFirst == 0 {
		return e
	}
	ne, g := d.lowerNameAt(t, buf, e+1)
	if ne-(e+1) < 3 || g != 0 || lowerStop[string(raw[e+1:ne])] || !unknownSurname(raw[e+1:ne]) {
		return e
	}
	if ne >= len(raw) || strings.IndexByte(",.!?;\n\r", raw[ne]) >= 0 || hasPrefixAt(raw, ne, " geb") {
		return ne
	}
	return e
}

// spanIndex answers whether a span overlaps one of a fixed set of findings
// in O(log n), for the rules that test every word of a text against the
// findings so far: the starts in order, with the running maximum of the
// ends.
type spanIndex struct{ starts, maxEnd []int }

func newSpanIndex(fs []Finding) spanIndex {
	spans := make([]Span, len(fs))
	for i, f := range fs {
		spans[i] = Span{f.Start, f.End}
	}
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	x := spanIndex{make([]int, len(spans)), make([]int, len(spans))}
	m := 0
	for i, sp := range spans {
		m = max(m, sp.End)
		x.starts[i], x.maxEnd[i] = sp.Start, m
	}
	return x
}

// overlaps reports a span of the index that overlaps [s, e).
func (x spanIndex) overlaps(s, e int) bool {
	i, _ := slices.BinarySearch(x.starts, e) // the spans before i start before e
	return i > 0 && x.maxEnd[i-1] > s
}

// overlapsAny reports a finding in fs that overlaps [s, e).
func overlapsAny(fs []Finding, s, e int) bool {
	for i := range fs {
		if fs[i].Start < e && s < fs[i].End {
			return true
		}
	}
	return false
}

// lowerInitialName reads a lower-case initial and surname at k ("k.
// mazur"): a letter, a dot, a blank, then a listed surname that is no
// ordinary word, or a word shaped like a foreign surname.
func (d *personDetector) lowerInitialName(t *Text, buf []byte, k int) (int, bool) {
	raw := t.Raw
	if k+3 >= len(raw) || !isLowerASCII(raw[k]) || raw[k+1] != '.' || raw[k+2] != ' ' {
		return k, false
	}
	ne, g := d.lowerNameAt(t, buf, k+3)
	if ne == k+3 || g&(badLowerName|wNotName) != 0 || lowerStop[string(raw[k+3:ne])] ||
		g&wLast == 0 && (g != 0 || !surnameShape(raw[k+3:ne]) && !foreignLetters(raw[k+3:ne])) {
		return k, false
	}
	return ne, true
}

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	lowerSignoffsSlot = newListSlot()
)

// logSenders are the words of a log or bot line's sender slot that are no
// nickname ("[12:00] update: …", "[12:01] system: …").
var logSenders = map[string]bool{"info": true, "warn": true, "warning": true, "error": true, "debug": true, "trace": true,
	"fatal": true, "notice": true, "update": true, "system": true, "bot": true, "admin": true, "server": true,
	"client": true, "user": true, "status": true, "log": true,
	// the roles of a support chat ("[09:04] agent: 8 bis 12 Uhr")
	"agent": true, "kunde": true, "kundin": true, "support": true, "bürger": true, "moderator": true, "team": true,
	"service": true, "hotline": true, "servicedesk": true, "helpdesk": true}

// twoLetterWords are the words of two letters a chat line may open with
// after a stamp ("[10:00] ok: passt", "[10:01] re: Termin"), none a
// nickname as "mo" is.
var twoLetterWords = map[string]bool{"ok": true, "ja": true, "ne": true, "nö": true, "na": true, "oh": true, "ah": true,
	"hi": true, "re": true, "aw": true, "wg": true, "fw": true, "ps": true, "cc": true, "to": true, "du": true, "er": true,
	"es": true, "ob": true, "wo": true, "zu": true, "um": true, "je": true, "eh": true, "no": true, "on": true, "at": true,
	"is": true, "it": true, "if": true, "or": true, "of": true, "up": true, "we": true, "he": true, "me": true, "my": true,
	"us": true, "go": true, "do": true, "as": true, "by": true, "id": true, "pw": true, "ip": true, "db": true, "vm": true}

// maxSenderSlots bounds the sender slots repeatedSenders reads.
const maxSenderSlots = 256

// repeatedSenders finds the senders of a chat whose word no rule took as a
// name: one word that opens two lines or more as the sender, after a time
// stamp ("[09:15] olu:", "[20:12] Mo:") or bare at the line start in a chat
// of three sender lines or more ("nikos: ja, …", "Krause: Gut."). The slot
// says the word names someone, and a word that names the sender of two
// messages is a name or a nickname. A lower-case word may be in no list
// (a nickname) but must be no ordinary word; a capitalised one must be a
// listed given name or surname (a bare "Antwort:" or "Hinweis:" repeats
// too), and one that is also a word (Mo, a weekday; or a short word of no
// name list) counts only after time stamps. It runs only on a chat: lines that open with a time stamp, or a
// name already found at a bare sender slot.
func (d *personDetector) repeatedSenders(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	bare := false
	for _, f := range dst[n0:] {
		if f.Type == "PERSON" && (f.Start == 0 || raw[f.Start-1] == '\n') && hasPrefixAt(raw, f.End, ": ") {
			bare = true
			break
		}
	}
	clock := clockLines(t) >= 2
	if !bare && !clock && !t.Has(']') {
		return dst
	}
	type slot struct {
		s, e                 int
		stamped, role, dated bool
		timeLine             bool // "mo 10:14" alone on its line (Teams): the message below
		end                  int  // the finding's end: e, or after the surname's initial ("nicole f. 09:41")
	}
	var slots []slot
	var buf [maxWord]byte
	lines := 0 // sender lines, whatever their word
	for ls := 0; ls < len(raw) && len(slots) < maxSenderSlots; {
		k, stamped, dated := ls, false, false
		if raw[ls] == '[' {
			if c := bytes.IndexByte(raw[ls:min(len(raw), ls+24)], ']'); c > 1 && ls+c+2 < len(raw) && raw[ls+c+1] == ' ' && chatStamp(raw[ls+1:ls+c]) {
				k, stamped = ls+c+2, true
				// WhatsApp's export: "[27.11.26, 05:12] Ralle: …", a date, a
				// comma and the time before every message's sender
				dated = bytes.IndexByte(raw[ls:ls+c], ',') > 0 && bytes.Count(raw[ls:ls+c], []byte{'.'})+bytes.Count(raw[ls:ls+c], []byte{'/'}) >= 2
			}
		} else if clock {
			if m := clockAt(raw, ls); m > ls && m < len(raw) && raw[m] == ' ' && !(hasPrefixAt(raw, m+1, "Uhr") && wordEnd(raw, m+1) == m+4) {
				k, stamped = m+1, true // "10:04 Jannik: …" (not "22:10 Uhr: Platzverweis", the time's unit)
			}
		}
		if _, _, ok := letterAt(raw, k); ok {
			we := wordEnd(raw, k)
			role := false
			// "Hausmeister Wojtek: …": a role before the name
			if we+1 < len(raw) && raw[we] == ' ' && d.lx.flags(low[k:we])&(wTitle|wSalutation) == wTitle {
				if k2 := we + 1; isCap(raw, k2) {
					if we2 := wordEnd(raw, k2); we2 > k2 && hasPrefixAt(raw, we2, ": ") {
						k, we, role = k2, we2, true
					}
				}
			}
			end := we
			// "Aleksandra (VHS-Service): …": the name's team in brackets
			if hasPrefixAt(raw, end, " (") {
				if c := bytes.IndexByte(raw[end:min(len(raw), end+40)], ')'); c > 2 && bytes.IndexByte(raw[end:end+c], '\n') < 0 {
					end += c + 1
				}
			}
			// a lower-case sender's surname before the colon or the time
			// ("jana kötter: …", "jana kötter 08:43"): the slot's finding
			// takes it
			se := we
			if we > k && isLowerASCII(raw[k]) && we+2 < len(raw) && raw[we] == ' ' {
				if e2, g := d.lowerNameAt(t, buf[:], we+1); e2 > we+1 && g&badLowerName == 0 && !lowerStop[string(raw[we+1:e2])] &&
					!(g&(wFirst|wLast) == 0 && institutionLike(low[we+1:e2])) && // "lena schulsozialarbeit:", the unit
					(hasPrefixAt(raw, e2, ": ") || clock && e2 < len(raw) && raw[e2] == ' ' && clockAt(raw, e2+1) > e2+1) {
					se = e2
				}
			}
			if we > k && we-k <= 24 && (stamped || bare) && hasPrefixAt(raw, end, ": ") {
				lines++
				slots = append(slots, slot{k, we, stamped, role, dated, false, we})
			} else if se > we && (stamped || bare) && hasPrefixAt(raw, se, ": ") {
				lines++
				slots = append(slots, slot{k, we, stamped, role, dated, false, se})
			} else if we > k && we-k <= 24 && clock && ls == k && we < len(raw) && raw[we] == ' ' {
				// "priya 14:05  sehe …": the sender, then the time (Slack)
				ie := we
				if we+4 < len(raw) && isLetter(raw[we+1]) && raw[we+2] == '.' && raw[we+3] == ' ' {
					ie = we + 3 // the surname's initial: "nicole f. 09:41" (Teams)
				} else if se > we {
					ie = se
				}
				// … or the time and a colon: "Ramona 13:11: hey, …" (Teams copied as text);
				// Slack's copy puts two blanks around the time ("mei  10:14  smoke test grün")
				if c := skipBlank(raw, ie); c > ie && c-ie <= 3 {
					if m := clockAt(raw, c); m > c && m < len(raw) && (raw[m] == ' ' || raw[m] == '\n' || raw[m] == '\r' || raw[m] == ':' && m+1 < len(raw) && raw[m+1] == ' ') &&
						!agendaRow(raw, ls) {
						lines++
						// not a stamp before it: "Mo 08:00" is a weekday
						slots = append(slots, slot{k, we, false, false, false, raw[m] == '\n' || raw[m] == '\r', ie})
					}
				}
			}
		}
		le := bytes.IndexByte(raw[ls:], '\n')
		if le < 0 {
			break
		}
		ls += le + 1
	}
	if lines < 3 {
		return dst
	}
	// a sender found as a given name alone before the surname's initial of
	// its slot takes the initial: "nicole f. 09:41"
	for _, a := range slots {
		if a.end > a.e {
			for i := n0; i < len(dst); i++ {
				if dst[i].Type == "PERSON" && dst[i].Start == a.s && dst[i].End == a.e {
					dst[i].End = a.end
				}
			}
		}
	}
	taken := newSpanIndex(dst[n0:])
	// a chat of people: another sender is a name already found (a log's
	// "[12:00:01] error:" lines name no one); asked of unlisted words only
	people := false
	for _, a := range slots {
		if taken.overlaps(a.s, a.e) {
			people = true
			break
		}
	}
	for _, f := range dst[n0:] {
		if people {
			break
		}
		people = f.Type == "PERSON" && hasPrefixAt(raw, f.End, ": ") // "Sabine Kleinert: …"
	}
	n := len(dst)
	for i, a := range slots {
		w := low[a.s:a.e]
		if taken.overlaps(a.s, a.e) || slices.ContainsFunc(slots[:i], func(b slot) bool { return bytes.Equal(low[b.s:b.e], w) }) {
			continue // found, or judged at its first slot
		}
		count, allStamped, allDated, allSlot, role := 0, true, true, true, false
		near := 0 // the slots within mentionReach of the first
		for _, b := range slots[i:] {
			if bytes.Equal(raw[b.s:b.e], raw[a.s:a.e]) {
				count++
				if b.s < a.s+mentionReach {
					near++
				}
				allStamped = allStamped && b.stamped
				allDated = allDated && b.dated
				allSlot = allSlot && (b.stamped || b.timeLine)
				role = role || b.role
			}
		}
		f := d.lx.flags(w)
		if f == 0 && isCap(raw, a.s) && bytes.IndexByte(w, '-') > 0 {
			f = d.hyphenName(w) // a double given name: "Kai-Uwe 13:14: …"
		}
		if count < 2 || !isWordFrom(raw, a.s) && (f == 0 || !isCap(raw, a.s)) || a.e-a.s <= 3 && allCaps(raw[a.s:a.e]) {
			continue // initials ("[09:16] LA:") are no name
		}
		ok := false
		if isCap(raw, a.s) {
			ok = f&(wFirst|wLast) != 0 && f&(badNameFlags&^wNotName) == 0 && (f&wNotName == 0 || allStamped) ||
				f == wNotName && a.e-a.s <= 3 && allStamped || // a short nickname that is a word too: "[20:12] Mo:"
				role && people && f == 0 && unknownSurname(w) && !strongNoun(w) || // "Hausmeister Wojtek:"
				// a nickname no list has in WhatsApp's dated slots beside
				// people: "[27.11.26, 05:12] Ralle: …"
				// and named in a message too ("ralle hol ihn dir"): a business
				// or a contact saved by role (Telekom, Vermieter) is rarely
				// addressed (rev11)
				allDated && people && f == 0 && unknownSurname(w) && !strongNoun(w) && !logSenders[string(w)] &&
					!roleLike(w) && !institutionLike(w) && (nicknameShape(w) ||
					wordCount(raw[:min(len(raw), a.s+mentionReach)], low[:min(len(raw), a.s+mentionReach)], w, a.s) > near)
		} else {
			ok = f&badLowerName == 0 && !lowerStop[string(w)] && !logSenders[string(w)] && a.e-a.s >= 3 &&
				(f&(wFirst|wLast) != 0 || people && f == 0 && unknownSurname(w) && !strongNoun(w)) ||
				// a two-letter nickname ("mo") in a chat whose other senders are
				// names, in every slot after a time stamp or alone with the time on
				// its line (Teams): never a bare "dn:"/"cn:" of an LDIF dump
				a.e-a.s == 2 && people && allSlot && (f == 0 || f == wNotName) && !lowerStop[string(w)] && !logSenders[string(w)] &&
					!twoLetterWords[string(w)]
		}
		if !ok {
			continue
		}
		for _, b := range slots[i:] {
			if bytes.Equal(raw[b.s:b.e], raw[a.s:a.e]) && !taken.overlaps(b.s, b.end) {
				dst = append(dst, Finding{Type: "PERSON", Start: b.s, End: b.end, Score: 0.65})
			}
		}
	}
	if len(dst) > n {
		slices.SortFunc(dst[n0:], func(x, y Finding) int { return x.Start - y.Start })
	}
	return dst
}

// notNicknames are short words with a nickname's ending that a contact or
// a bot may be saved as ("[27.11.26, 05:12] Info: …").
var notNicknames = map[string]bool{"info": true, "kita": true, "büro": true, "oma": true, "opa": true, "mama": true,
	"papa": true, "team": true, "hilfe": true, "bitte": true, "danke": true, "frage": true, "notiz": true, "kasse": true,
	"presse": true, "taxi": true, "foto": true, "video": true, "audio": true, "hotline": true, "firma": true}

// nicknameShape reports a word shaped as a German short name or pet
// name: three to six letters ending in a vowel or y, as Bine, Ralle,
// Steffi, Moni, Conny, Uschi are ("[27.11.26, 23:05] Bine: …"); no word
// of notNicknames.
func nicknameShape(w []byte) bool {
	if len(w) < 3 || len(w) > 6 || notNicknames[string(w)] {
		return false
	}
	for _, c := range w {
		if !isLowerASCII(c) {
			return false
		}
	}
	switch w[len(w)-1] {
	case 'a', 'e', 'i', 'o', 'y':
		return true
	}
	return false
}

// clockAt returns the end of a time "H:MM" or "HH:MM" at i, or i.
func clockAt(raw []byte, i int) int {
	n := digitsAt(raw, i)
	if n == i || n-i > 2 || n+2 >= len(raw) || raw[n] != ':' {
		return i
	}
	if m := digitsAt(raw, n+1); m-n-1 == 2 {
		return m
	}
	return i
}

// clockLines counts the lines (up to 3) that open with a time or with one
// word and a time ("10:04 Jannik:", "priya 14:05  …"), from the text's
// digit runs.
func clockLines(t *Text) int {
	raw := t.Raw
	n := 0
	for _, r := range t.DigitRuns() {
		if r.End-r.Start > 2 || r.End+2 >= len(raw) || raw[r.End] != ':' || clockAt(raw, r.Start) == r.Start {
			continue
		}
		ls := r.Start
		if ls > 0 && raw[ls-1] == ' ' {
			ws := ls - 1
			if ws > 0 && raw[ws-1] == ' ' {
				ws-- // Slack's copy: "mei  10:14  smoke test grün"
			}
			for ws > 0 && ws > r.Start-26 && raw[ws-1] != '\n' && raw[ws-1] != ' ' {
				ws--
			}
			ls = ws
			if r.Start-ls == 3 && raw[ls+1] == '.' && ls > 1 && raw[ls-1] == ' ' && isLetter(raw[ls]) {
				// the sender's initial before the time: "nicole f. 09:41" (Teams)
				for ws = ls - 1; ws > 0 && ws > r.Start-30 && raw[ws-1] != '\n' && raw[ws-1] != ' '; ws-- {
				}
				ls = ws
			}
		}
		if ls == 0 || raw[ls-1] == '\n' {
			if n++; n == 3 {
				break
			}
		}
	}
	return n
}

// givenCue reports a sign in a lower-case chat message that a listed given
// name which is a listed surname too (marek, leon, lukas: chatGivenNames
// leaves those alone, as many are words: koch, wolf) names someone here: a
// verb of a person after it ("leon sagt", "marek ist noch krank"), a
// preposition of a person or "frag mal" before it ("token von sebastian",
// "frag mal marek"), or a comma after it that addresses him ("lukas, bitte").
func (d *personDetector) givenCue(t *Text, k, e int) bool {
	raw, low := t.Raw, t.Lower()
	if e+2 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' {
		if ge := wordEnd(raw, e+2); ge > e+2 && d.lx.flags(low[e+2:ge])&wFirst != 0 {
			return false // "von yilmaz, hatice": the surname before the given name, read with it
		}
	}
	if personVerbAfter(low, e) || classAfter(low, e) {
		return true // "leon sagt", "jonas aus der 6b"
	}
	if e+1 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' {
		if ps, pe := prevWord(raw, k); pe <= ps || k >= 2 && raw[k-2] == ':' || k >= 2 && raw[k-2] == '.' {
			return true // "lukas, bitte …" opening a message or a sentence
		}
	}
	ps, pe := prevWord(raw, k)
	if pe != k-1 || pe <= ps {
		return false
	}
	w := string(low[ps:pe])
	return personPreps[w] || w == "mal" || w == "frag" || w == "fragt"
}

// mentionReach bounds the bytes after a sender's first slot in which
// repeatedSenders looks for messages that name it (the look stays linear).
const mentionReach = 4096

// wordCount counts the whole-word occurrences of the folded word w in low
// from off (up to 64).
func wordCount(raw, low, w []byte, off int) int {
	n := 0
	for n < 64 {
		j := bytes.Index(low[off:], w)
		if j < 0 {
			break
		}
		s := off + j
		e := s + len(w)
		off = e
		if (s == 0 || !isLetter(raw[s-1]) && raw[s-1] < 0x80) && (e == len(raw) || !isLetter(raw[e]) && raw[e] < 0x80) {
			n++
		}
	}
	return n
}

// lowerOnBehalf finds the surname a lower-case dictation or mail is signed
// with after "im auftrag" or "i. a." ("mit freundlichen grüßen im auftrag
// rinke ende diktat", "… im auftrag kessler" at the text's end): one word
// that reads as a surname, then the line's or the text's end or "ende
// diktat". "im auftrag des bürgermeisters", "im auftrag von …" name no one.
func (d *personDetector) lowerOnBehalf(t *Text, dst []Finding, names map[string]bool) []Finding {
	raw := t.Raw
	var buf [maxWord]byte
	for _, lab := range [...]string{"im auftrag ", "i. a. ", "i.a. "} {
		for off := 0; ; {
			j := bytes.Index(raw[off:], []byte(lab))
			if j < 0 {
				break
			}
			k := off + j + len(lab)
			off = k
			if off-len(lab) > 0 && isLetter(raw[off-len(lab)-1]) {
				continue
			}
			e, f := d.lowerNameAt(t, buf[:], k)
			if e-k < 3 || f&badLowerName != 0 || lowerStop[string(raw[k:e])] || f&wLast == 0 && !unknownSurname(raw[k:e]) {
				continue
			}
			r := skipBlank(raw, e)
			if !(r >= len(raw) || raw[r] == '\n' || raw[r] == '\r' || hasPrefixAt(raw, r, "ende diktat")) || covered(dst, k) {
				continue
			}
			dst = append(dst, Finding{Type: "PERSON", Start: k, End: e, Score: 0.65})
			if len(names) < maxCoref {
				names[string(raw[k:e])] = true
			}
		}
	}
	return dst
}

// maxPairSenders bounds the sender lines whatsappPairSenders looks at.
const maxPairSenders = 256

// whatsappPairSenders finds the senders of a WhatsApp export saved under a
// given name and a surname that no list has ("[07.11.26, 06:51] Momme
// Paulsen: Ich kann …"): a dated stamp, two capitalised words and ": ". The
// slot says the words name the contact; the same pair must send two
// messages or more in a chat of three dated lines or more, neither word may
// be a word of any list that is no name, and the second none of an office,
// a role, a firm or an ordinary noun's ending ("Wiebke Schulamt: …" is
// Wiebke of the Schulamt, found as such; "Nummer unbekannt" is lower case).
func (d *personDetector) whatsappPairSenders(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	if !t.Has('[') {
		return dst
	}
	type pair struct{ s, e int }
	var pairs []pair
	dated := 0
	for ls := 0; ls < len(raw) && len(pairs) < maxPairSenders; {
		if raw[ls] == '[' {
			if c := bytes.IndexByte(raw[ls:min(len(raw), ls+24)], ']'); c > 1 && ls+c+2 < len(raw) && raw[ls+c+1] == ' ' && chatStamp(raw[ls+1:ls+c]) &&
				bytes.IndexByte(raw[ls:ls+c], ',') > 0 && bytes.Count(raw[ls:ls+c], []byte{'.'})+bytes.Count(raw[ls:ls+c], []byte{'/'}) >= 2 {
				dated++
				k := ls + c + 2
				if we := wordEnd(raw, k); we > k+2 && isCap(raw, k) && we+1 < len(raw) && raw[we] == ' ' && isCap(raw, we+1) {
					if we2 := wordEnd(raw, we+1); we2 > we+3 && hasPrefixAt(raw, we2, ": ") && d.pairSender(raw, low, k, we, we+1, we2) {
						pairs = append(pairs, pair{k, we2})
					}
				}
			}
		}
		le := bytes.IndexByte(raw[ls:], '\n')
		if le < 0 {
			break
		}
		ls += le + 1
	}
	if dated < 3 || len(pairs) < 2 {
		return dst
	}
	taken := newSpanIndex(dst[n0:])
	for i, a := range pairs {
		twice := false
		for j, b := range pairs {
			if i != j && bytes.Equal(raw[a.s:a.e], raw[b.s:b.e]) {
				twice = true
				break
			}
		}
		if twice && !taken.overlaps(a.s, a.e) {
			dst = append(dst, Finding{Type: "PERSON", Start: a.s, End: a.e, Score: 0.8})
		}
	}
	return dst
}

// pairSender reports a given name [s, e) and a surname [s2, e2) of a
// sender's slot: letters only, no word of a list that is no name, the
// surname shaped like one and no office, role, firm or noun.
func (d *personDetector) pairSender(raw, low []byte, s, e, s2, e2 int) bool {
	for _, w := range [][2]int{{s, e}, {s2, e2}} {
		for _, c := range raw[w[0]:w[1]] {
			if !isLetter(c) && c < 0x80 && c != '-' {
				return false
			}
		}
		if d.lx.flags(low[w[0]:w[1]])&badNameFlags != 0 || allCaps(raw[w[0]:w[1]]) {
			return false
		}
	}
	g, w := d.lx.flags(low[s:e]), low[s2:e2]
	return (g&wFirst != 0 || g == 0 && !strongNoun(low[s:e]) && !institutionLike(low[s:e]) && !roleLike(low[s:e])) &&
		(d.lx.flags(w)&wLast != 0 || unknownSurname(w) && !strongNoun(w) && !roleLike(w) && !institutionLike(w) && !firmWord(w))
}
