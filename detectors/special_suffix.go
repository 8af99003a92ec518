package detectors

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Diagnoses and drugs that no lexicon lists, told by the ending of their
// class: medical terms built from Greek and Latin roots (Präeklampsie,
// Aphasie, Polytoxikomanie, Spinalkanalstenose) and the stems the INN give to
// classes of drugs that treat an illness (Venlafaxin, Lorazepam, Apixaban).
// Only capitalised words of at least seven letters are looked at, and a
// word found so must, like a lexicon phrase, be said of a person.

// termSuffixes are the endings; each with the words of ordinary language
// that end so and are none (Sympathie, Nostalgie, Xenophobie: a feeling or
// an attitude).
var termSuffixes = []termSuffix{
	// diagnoses
	{suf: "eklampsie"}, {suf: "phasie"}, {suf: "plegie"}, {suf: "ämie"}, {suf: "plasie"}, {suf: "trophie"},
	{suf: "thymie"}, {suf: "ektomie"}, {suf: "toxikomanie"}, {suf: "kleptomanie"},
	{suf: "pathie", not: []string{"sympathie", "antipathie", "empathie", "telepathie", "homöopathie", "osteopathie", "naturopathie"}},
	{suf: "phobie", not: []string{"homophobie", "xenophobie", "islamophobie", "transphobie", "biphobie", "russophobie"}},
	{suf: "algie", not: []string{"nostalgie"}},
	{suf: "thrombose"}, {suf: "stenose"}, {suf: "fibrose"}, {suf: "zirrhose"}, {suf: "psychose"}, {suf: "neurose"},
	{suf: "mykose"}, {suf: "skoliose"}, {suf: "porose"}, {suf: "dermatose"},
	{suf: "itis"},
	// a depression named by its cause or time (Wochenbettdepression, Altersdepression; round 50,
	// blind33 069); the economy's is none
	{suf: "depression", not: []string{"wirtschaftsdepression"}},
	// an organ's or marrow's transplant (Nierentransplantation, Stammzelltransplantation; round 49, blind34 090)
	{suf: "transplantation"},
	// round 66 (blind43): a trauma named by its cause or site (Knalltrauma, Umknicktrauma, Inhalationstrauma),
	// a joint's arthrosis (Schulterarthrose, Gonarthrose) and an addiction named by what it craves (Kaufsucht,
	// Internetsucht); the cravings of character and feeling (Sehnsucht, Eifersucht, Habsucht) are none
	{suf: "trauma"}, {suf: "arthrose"},
	// round 71 (blind45 085): a disease of one or more vessels (Dreigefäßerkrankung, Zweigefäßerkrankung), the
	// grade of a coronary heart disease
	{suf: "gefäßerkrankung"},
	{suf: "sucht", not: []string{"sehnsucht", "eifersucht", "habsucht", "selbstsucht", "geltungssucht", "herrschsucht",
		"rachsucht", "streitsucht", "gefallsucht", "genusssucht", "vergnügungssucht", "gewinnsucht", "profitsucht",
		"ehrsucht", "prunksucht", "putzsucht", "klatschsucht", "machtsucht", "ruhmsucht", "verschwendungssucht",
		"sensationssucht", "harmoniesucht", "abenteuersucht", "regelungssucht", "kontrollsucht", "tobsucht", "mondsucht",
		// the participles of suchen ("Besucht", "rausgesucht", "untersucht")
		"gesucht", "besucht", "versucht", "ersucht", "durchsucht"}},
	// drugs, by their INN stem: antidepressants, antipsychotics,
	// benzodiazepines, antiepileptics, anticoagulants, antidiabetics,
	// migraine and HIV drugs
	{suf: "afaxin"}, {suf: "oxetin"}, {suf: "triptylin"}, {suf: "alopram"}, {suf: "tiapin"}, {suf: "anzapin"},
	{suf: "ozapin"}, {suf: "tazapin"}, {suf: "mazepin"}, {suf: "peridol"}, {suf: "peridon"}, {suf: "azepam"},
	{suf: "azolam"}, {suf: "iracetam"}, {suf: "xaban"}, {suf: "gliptin"}, {suf: "gliflozin"}, {suf: "glutid"},
	{suf: "triptan"}, {suf: "tegravir"}, {suf: "navir"},
}

type termSuffix struct {
	suf string
	not []string
}

// tail3 is the key of a word's last three bytes.
func tail3(w []byte) uint32 {
	n := len(w)
	return uint32(w[n-3])<<16 | uint32(w[n-2])<<8 | uint32(w[n-1])
}

// tailBit is the bit of a tail3 key in termTails.
func tailBit(k uint32) uint32 { return k * 0x9E3779B1 >> 22 }

// termTails has the bit of the last three bytes of every termSuffixes
// ending: most words are passed over with one look at it.
var termTails = func() (b [16]uint64) {
	for _, s := range termSuffixes {
		h := tailBit(tail3([]byte(s.suf)))
		b[h>>6] |= 1 << (h & 63)
	}
	return b
}()

// termBySuffix returns whether the lower-case word w (at least three
// bytes) ends in one of termSuffixes with at least one letter before the
// ending, and is none of its exceptions.
func termBySuffix(w []byte) bool {
	if h := tailBit(tail3(w)); termTails[h>>6]&(1<<(h&63)) == 0 {
		return false
	}
	for _, s := range termSuffixes {
		if len(w) < len(s.suf)+1 || string(w[len(w)-len(s.suf):]) != s.suf {
			continue
		}
		for _, n := range s.not {
			if len(w) >= len(n) && string(w[len(w)-len(n):]) == n {
				return false
			}
		}
		return true
	}
	return false
}

// suffixTerms appends the capitalised words of t that termBySuffix takes
// and that are said of a person (aboutPerson), as the phrase loop does for
// lexicon phrases; a word of a sentence that names no one but is not
// general goes to pending (nearFinding). In a text written in lower case
// (a chat: fewer than one capitalised word in lowerCaseText bytes) its
// lower-case words are looked at too ("eine wochenbettdepression hatte").
func (d *specialDetector) suffixTerms(ix *specialIndex, t *Text, dst []Finding, n0 int, pending [][2]int) ([]Finding, [][2]int) {
	raw, low, words := t.Raw, t.Lower(), t.wordBits()
	term := func(p int) {
		b := p >> 3
		n := bits.TrailingZeros64(^(binary.LittleEndian.Uint64(words[b:b+8:b+8]) >> (p & 7)))
		if n < 7 || n >= 40 {
			return // short words, and long ones that may run on past the loaded bits
		}
		e := p + n
		injury := false
		if !termBySuffix(low[p:e]) {
			if injury = injuryCompound(low[p:e]); !injury {
				return
			}
		}
		if e < len(raw) && (raw[e] == '-' || raw[e] == '@' || raw[e] == '_') {
			return
		}
		if injury && (hasSuffixAt(low, p, "hals- und ") || hasSuffixAt(low, p, "hals-und-")) {
			return // "Hals- und Beinbruch!": a wish of good luck
		}
		if d.lx.flags(low[p:e])&(wFirst|wLast) != 0 || covered(dst[n0:], p) {
			return // a surname (Arvanitis), a word a phrase has taken
		}
		if negated(raw, low, p) || conditional(raw, low, p) || procurement(low, p, e) || associationAfter(low, e) ||
			department(raw, low, p, e) {
			return
		}
		if ok, general := d.aboutPerson(ix, t, p, e, false, false); !ok && !d.personsPossessive(raw, low, p) {
			if !general && len(pending) < 16 {
				pending = append(pending, [2]int{p, e})
			}
			return
		}
		if injury {
			// the site and side after it, as after a lay injury: "Schnittverletzung
			// an der rechten Hand", "Daumenprellung rechts"
			e = d.extendRight(raw, low, bodySiteTail(low, e))
		} else {
			e = sideEnd(raw, low, e) // the side, as after a phrase: "Schulterarthrose rechts"
		}
		// qualifiers before it, as before a phrase: "alkoholtoxischer Kardiomyopathie"
		dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: d.extendLeft(raw, low, p), End: e, Score: 0.7})
	}
	caps := 0 // words with an ASCII capital (CapWords has emoji and lower-case umlauts too)
	for _, q := range t.CapWords() {
		p := int(q)
		if p < 0 || !isUpper(raw[p]) || p > 0 && raw[p-1] >= utf8.RuneSelf {
			continue
		}
		caps++
		term(p)
	}
	if len(raw) < lowerCaseText*(caps+1) {
		return dst, pending
	}
	for p := 0; p < len(raw); p++ {
		if isLowerASCII(raw[p]) && (p == 0 || !isLetter(raw[p-1]) && raw[p-1] < utf8.RuneSelf && !isDigit(raw[p-1])) {
			term(p)
		}
	}
	return dst, pending
}

// lowerCaseText bounds the bytes per capitalised word of a text written in
// lower case: ordinary German has one in about 16 bytes, a lower-case chat
// one in 200 and more.
const lowerCaseText = 100

// healthCues are words that make a text one about someone's health
// without being a datum alone: a treatment and the verb of suffering an
// illness or an injury ("wegen ihrer Kaufsucht in Therapie", "erlitt ein
// Knalltrauma"). Keywords of the detector; with one at a word start the
// capitals are read (suffixTerms) as after a phrase.
var healthCues = []string{"therapie", "erlitt"}

// healthCuesSlot is healthCueHit's list slot (Text.listHitsAt).
var healthCuesSlot = newListSlot()

// healthCueHit reports a word of healthCues at a word start of t.
func healthCueHit(t *Text) bool {
	for _, hits := range t.listHitsAt(healthCuesSlot, healthCues) {
		for _, h := range hits {
			if isWordStartAt(t.Raw, h) {
				return true
			}
		}
	}
	return false
}

// injuryEnds are the heads of an injury compound: "Knieverletzung",
// "Hüftprellung", "Fingerquetschung", "Schnittverletzungen".
var injuryEnds = [...]string{"verletzung", "prellung", "quetschung", "bruch"}

// injuryStems are what may stand before an injury's head: a part of the
// body or a kind of injury, with its linking letter ("Kriegs-",
// "Handgelenks-"). A duty's, a law's or a body's in law ("Schulpflicht-",
// "Datenschutz-", "Körperverletzung", "Ehrverletzung") is none.
var injuryStems = map[string]bool{
	"knie": true, "hüft": true, "hüften": true, "daumen": true, "finger": true, "hand": true, "handgelenk": true,
	"handgelenks": true, "fuß": true, "fußgelenk": true, "fußgelenks": true, "sprunggelenk": true,
	"sprunggelenks": true, "kopf": true, "schulter": true, "rücken": true, "bein": true, "arm": true, "oberarm": true,
	"unterarm": true, "oberschenkel": true, "unterschenkel": true, "hals": true, "nacken": true, "brust": true,
	"brustkorb": true, "thorax": true, "rippen": true, "augen": true, "gesichts": true, "ellenbogen": true,
	"becken": true, "knöchel": true, "zehen": true, "bänder": true, "band": true, "muskel": true, "sehnen": true,
	"weichteil": true, "schädel": true, "hirn": true, "wirbelsäulen": true, "kiefer": true, "nasen": true,
	"ohr": true, "bauch": true, "steiß": true, "schienbein": true, "waden": true, "knie-": true,
	"schnitt": true, "stich": true, "biss": true, "kriegs": true, "schuss": true, "sport": true, "sturz": true,
	"unfall": true, "brand": true, "arbeits": true,
	// round 66: bones broken in lay words ("Schlüsselbeinbruch links", "Nasenbeinbruch")
	"schlüsselbein": true, "nasenbein": true, "oberschenkelhals": true, "wirbel": true,
}

// injuryKeywords are the injury compounds in the singular (each stem of
// injuryStems before each head of injuryEnds), keywords of the detector: a
// compound alone is a health word ("Kriegsverletzung", "Daumenprellung").
var injuryKeywords = func() map[string]bool {
	m := map[string]bool{}
	for stem := range injuryStems {
		for _, end := range injuryEnds {
			m[stem+end] = true
		}
	}
	return m
}()

// injuryWordHit reports an injury compound at a word start of t (a keyword
// hit of the prefilter; without one, anywhere in the text).
func injuryWordHit(t *Text) bool {
	hit := false
	if t.pf != nil && t.seenDone {
		t.EachKeywordHit(func(kw string, _ []int) { hit = hit || injuryKeywords[kw] })
		return hit
	}
	low := t.Lower()
	for _, end := range injuryEnds {
		if bytes.Contains(low, []byte(end)) {
			return true
		}
	}
	return false
}

// injuryCompound reports a lower-case word that names an injury by its
// site or kind and an injury's head (injuryEnds), in the singular or plural.
func injuryCompound(w []byte) bool {
	n := len(w)
	if n < 8 || w[n-1] != 'g' && w[n-1] != 'n' && w[n-1] != 'h' {
		return false // most words are passed over here
	}
	if w[n-1] == 'n' {
		if n < 10 || w[n-2] != 'e' || w[n-3] != 'g' {
			return false
		}
		w = w[:n-2] // Schnittverletzungen
	}
	for _, end := range injuryEnds {
		if len(w) > len(end) && string(w[len(w)-len(end):]) == end {
			return injuryStems[string(w[:len(w)-len(end)])]
		}
	}
	return false
}
