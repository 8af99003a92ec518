package detectors

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"
)

// POSTAL_ADDRESS: a street with a house number (Lindenstraße 5, Bonner
// Straße 12a, Am Markt 3, An der Alten Post 7), running on to PLZ and city
// when they follow, also across a line break or floor details
// (3. OG, Hinterhaus). A PLZ alone, PLZ + city, a street without number,
// room numbers and cadastral data are not addresses; compounds that end like
// a street but are none (Parkplatz 12, Rechtsweg 2) are listed in
// lexicons/not_streets.txt.
type addressDetector struct {
	lx *Lexicons
	// the street suffixes of lx by their last two bytes, in list order: a
	// house number is preceded by some word, and most words share no ending
	// with any suffix
	suffixes, weak suffixIndex
	// street_not_before.txt: label nouns before a street ("Anwohner", "Wohngruppe")
	notBefore map[string]bool
	// street_prefixes.txt by their last two bytes (prefixIndex.before)
	prefixes prefixIndex
}

var _ Detector = (*addressDetector)(nil)

// NewPostalAddress returns the POSTAL_ADDRESS detector.
func NewPostalAddress() Detector { return newAddress(DefaultLexicons()) }

func (d *addressDetector) withLexicons(lx *Lexicons) Detector { return newAddress(lx) }

func newAddress(lx *Lexicons) *addressDetector {
	d := &addressDetector{lx: lx, suffixes: newSuffixIndex(lx.mustList("street_suffixes")),
		weak: newSuffixIndex(lx.mustList("street_suffixes_weak")), notBefore: map[string]bool{},
		prefixes: newPrefixIndex(lx.mustList("street_prefixes"))}
	for _, w := range lx.mustList("street_not_before") {
		d.notBefore[w] = true
	}
	return d
}

// suffixIndex holds suffixes by their last two bytes; shorter ones apply to
// every word.
type suffixIndex struct {
	by    map[[2]byte][]string
	short []string
}

func newSuffixIndex(sufs []string) suffixIndex {
	x := suffixIndex{by: map[[2]byte][]string{}}
	for _, s := range sufs {
		if len(s) < 2 {
			x.short = append(x.short, s)
			continue
		}
		k := [2]byte{s[len(s)-2], s[len(s)-1]}
		x.by[k] = append(x.by[k], s)
	}
	return x
}

// of returns the suffixes w may end with, in list order (suffixes shorter
// than two bytes last).
func (x suffixIndex) of(w []byte) []string {
	if len(w) < 2 {
		return x.short
	}
	c := x.by[[2]byte{w[len(w)-2], w[len(w)-1]}]
	if len(x.short) == 0 {
		return c
	}
	return append(c[:len(c):len(c)], x.short...)
}

// prefixIndex holds the street prefixes (Am, An der, Via) by their last
// two bytes, in list order: a prefix ends right before the blank before a
// street name, and most words there share no ending with any prefix. Each
// loop over the prefixes that stand before s asked every prefix of the
// list (35) whether it ends there; now only those that end in the two
// bytes before the blank.
type prefixIndex struct {
	by    map[[2]byte][]string
	all   []string
	short bool // a prefix of one byte: before answers the whole list
}

func newPrefixIndex(list []string) prefixIndex {
	x := prefixIndex{by: map[[2]byte][]string{}, all: list}
	for _, p := range list {
		if len(p) < 2 {
			x.short = true
			continue
		}
		k := [2]byte{p[len(p)-2], p[len(p)-1]}
		x.by[k] = append(x.by[k], p)
	}
	return x
}

// before returns, in list order, the prefixes that may end right before a
// blank at s-1 of low (the text's Lower): none without the blank, else
// those whose last two bytes stand before it. A prefix p of the list
// stands there when hasPrefixAt(low, s-len(p)-1, p) holds; every such p is
// among the answer.
func (x *prefixIndex) before(low []byte, s int) []string {
	if s < 1 || s > len(low) || low[s-1] != ' ' {
		return nil
	}
	if x.short {
		return x.all
	}
	if s < 3 {
		return nil
	}
	return x.by[[2]byte{low[s-3], low[s-2]}]
}

func (d *addressDetector) Type() string { return "POSTAL_ADDRESS" }

// Keywords are the digits: the detector starts from the text's digit runs
// (every address has a house number), which the engine computes once for
// all detectors; a text without digits is looked at only for a spoken house
// number (round 78).
func (d *addressDetector) Keywords() []string { return addressKeywords }

// addressKeywords are the digits and the word starts of a spoken house
// number (spokenAddresses): a dictation's transcript may hold no digit.
var addressKeywords = append(append([]string{}, DigitKeywords...), spokenNumberKeys...)

var notPlaceWords = map[string]bool{"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true,
	"freitag": true, "samstag": true, "sonntag": true, "jahr": true, "jahre": true, "monat": true, "januar": true,
	"februar": true, "märz": true, "april": true, "mai": true, "juni": true, "juli": true, "august": true,
	"september": true, "oktober": true, "november": true, "dezember": true, "rahmen": true, "durchschnitt": true,
	"zeitraum": true, "bereich": true, "punkt": true, "fall": true, "anschluss": true, "ende": true, "anfang": true,
	"haushaltsjahr": true, "schuljahr": true, "alter": true, "raum": true, "zimmer": true, "gebäude": true,
	"kapitel": true, "abschnitt": true, "artikel": true, "teil": true, "quartal": true, "vergleich": true}

var articles = map[string]bool{"der": true, "die": true, "das": true, "den": true, "dem": true, "des": true,
	"ein": true, "eine": true, "einen": true, "einem": true, "einer": true, "am": true, "im": true, "zum": true,
	"zur": true, "vom": true, "beim": true, "unser": true, "unsere": true, "ihr": true, "ihre": true, "sein": true,
	"seine": true, "jeder": true, "dieser": true, "diese": true, "auf": true, "in": true, "an": true, "über": true}

func (d *addressDetector) Scan(t *Text, dst []Finding) []Finding {
	n0 := len(dst)
	return d.spokenAddresses(t, d.ocrAddresses(t, d.scan(t, dst), n0), n0)
}

// scan finds the addresses in t (Scan without ocrAddresses).
func (d *addressDetector) scan(t *Text, dst []Finding) []Finding {
	raw, low := t.Raw, t.Lower()
	// Every address has a house number: look at each short digit run and
	// read the street name before it.
	for _, r := range t.DigitRuns() {
		if r.End-r.Start > 4 || raw[r.Start] == '0' {
			continue
		}
		if r.Start == 0 || raw[r.Start-1] == '\n' || raw[r.Start-1] == '(' || raw[r.Start-1] == ' ' && r.Start >= 2 && (raw[r.Start-2] == ',' || raw[r.Start-2] == ':') ||
			// after a word only before a capital and a comma near (numberFirst wants a postcode at the end)
			r.Start >= 2 && raw[r.Start-1] == ' ' && (isLetter(raw[r.Start-2]) || raw[r.Start-2] >= 0x80) && r.End+1 < len(raw) && raw[r.End] == ' ' &&
				isUpper(raw[r.End+1]) && bytes.IndexByte(raw[r.End:min(len(raw), r.End+48)], ',') > 0 ||
			// or before a French street word: "wohne in 14 rue de la Forêt, 57600 Forbach"
			(r.Start >= 2 && raw[r.Start-1] == ' ' || cellStart(raw, r.Start)) && frenchStreetAfter(low, r.End) > 0 {
			// the house number first: "14 Rosebery Avenue, Cambridge CB4 2DT"
			if e, ok := d.numberFirst(raw, low, r); ok && !covered(dst, r.Start) {
				dst = append(dst, Finding{Type: "POSTAL_ADDRESS", Start: r.Start, End: e, Score: 0.8})
				continue
			}
		}
		if r.End-r.Start == 1 && r.Start >= 1 {
			// Mannheim's squares: "Q 7, 24, 68161 Mannheim"
			if s, e, ok := d.quadrat(raw, low, r); ok && !covered(dst, s) {
				dst = append(dst, Finding{Type: "POSTAL_ADDRESS", Start: s, End: e, Score: 0.9})
				continue
			}
		}
		if r.Start < 3 {
			continue
		}
		se := r.Start
		if ocrOne(raw, r.Start-1) {
			se-- // "Seestraße l2, 17291 Nordwestuckermark"
		}
		for se > 0 && (raw[se-1] == ' ' || raw[se-1] == '\t') {
			se--
		}
		// "Lindenstraße12, 53111 Bonn": an OCR or a hurried hand lost the blank
		glued := false
		if se == r.Start && !(se > 0 && raw[se-1] == '.') && !hasPrefixAt(low, se-3, "no:") { // "Hauptstr.7" has no space
			if glued = gluedSuffix(low, se); !glued {
				continue
			}
		}
		if se == r.Start && se >= 3 && (hasPrefixAt(low, se-3, "no:") || hasPrefixAt(low, se-3, "no.")) {
			se -= 3 // Turkish "Gül Sok. No:5"
			for se > 0 && raw[se-1] == ' ' {
				se--
			}
		} else if se >= 3 && (hasPrefixAt(low, se-3, "nr.") || hasPrefixAt(low, se-3, "no:") || hasPrefixAt(low, se-3, "no.")) {
			se -= 3
			for se > 0 && raw[se-1] == ' ' {
				se--
			}
		}
		if se < r.Start {
			// "Vesterbrogade 112, 1620 København V", "Sveavägen 44, 113 59 Stockholm"
			if s, e, ok := d.nordicStreet(raw, low, se); ok {
				if !covered(dst, s) {
					dst = append(dst, Finding{Type: "POSTAL_ADDRESS", Start: s, End: e, Score: 0.9})
				}
				continue
			}
		}
		s, maxDigits, ok := d.streetBefore(raw, low, se)
		if !ok || covered(dst, s) {
			continue
		}
		s = sexCodeBefore(raw, s)
		if e, score, ok := d.numberAndCity(raw, low, se, maxDigits, !isCap(raw, s)); ok && (!glued || score >= 0.95) {
			if maxDigits == 3 {
				score -= 0.1
			}
			dst = append(dst, Finding{Type: "POSTAL_ADDRESS", Start: s, End: e, Score: score})
		}
	}
	// A street without a suffix filling a quoted value of a record, which
	// says what it is by the PLZ value after it or by its key ("'Ketzerbach
	// 19', '35037', 'Marburg'", "\"strasse\": \"Lange Reihe 14\""): the
	// number must end the value.
	n0 := len(dst)
	for _, r := range t.DigitRuns() {
		if r.End-r.Start > 4 || raw[r.Start] == '0' || r.Start < 4 || raw[r.Start-1] != ' ' {
			continue
		}
		n := r.End
		if n < len(raw) && isLowerASCII(raw[n]) {
			n++ // "41a"
		}
		if n >= len(raw) || raw[n] != '\'' && raw[n] != '"' && raw[n] != '<' {
			continue
		}
		if vs, ok := d.bareStreetValue(raw, low, r.Start-1); ok && (raw[n] != '<' && quotedPLZAfter(raw, r.Start-1) || streetField(low, vs)) &&
			!covered(dst[:n0], vs) && !hasPrefixAt(low, vs, "postfach") { // "anschrift": "Postfach 1234" has no street
			dst = append(dst, Finding{Type: "POSTAL_ADDRESS", Start: vs, End: n, Score: 0.85})
		}
	}
	return dst
}

// bareStreetValue returns the start of one to three capitalised words
// (letters and hyphens) that open a quoted value or an XML element and end
// at se before the house number: "'Großflecken 41a'", "<strasse>Calle de
// Alcalá 221": a lower-case particle may stand between them.
func (d *addressDetector) bareStreetValue(raw, low []byte, se int) (int, bool) {
	k := se
	for words := 0; words < 4; words++ {
		ws := k
		for ws > 0 && (isLetter(raw[ws-1]) || raw[ws-1] >= 0x80 || raw[ws-1] == '-' || raw[ws-1] == '.') {
			ws--
		}
		if ws == k || ws == 0 {
			return 0, false
		}
		if c := raw[ws-1]; c == '\'' || c == '"' || c == '>' {
			if !isUpper(raw[ws]) && raw[ws] < 0x80 || words == 0 && ws+2 > k {
				return 0, false
			}
			return ws, true
		}
		if raw[ws-1] != ' ' || !isUpper(raw[ws]) && raw[ws] < 0x80 && !(words > 0 && k-ws <= 3) {
			return 0, false // a lower-case word other than a short particle ("de", "del")
		}
		k = ws - 1
	}
	return 0, false
}

// gluedSuffixes are the street words after which a house number glued to
// the name is read, with PLZ and city only.
var gluedSuffixes = [...]string{"straße", "strasse", "weg", "platz", "gasse", "allee"}

// gluedSuffix reports a street word that ends right at the digit at se.
func gluedSuffix(low []byte, se int) bool {
	if se < 4 || !isLowerASCII(low[se-1]) && low[se-1] < 0x80 {
		return false
	}
	for _, suf := range gluedSuffixes {
		if hasPrefixAt(low, se-len(suf), suf) {
			return true
		}
	}
	return false
}

// streetBefore finds the street name that ends at se: a word ending in a
// street suffix (Lindenstraße, Hauptstr.), a suffix word after an adjective
// (Bonner Straße) or a preposition street (Am Markt, An der Alten Post). It
// returns the start and the largest house number length allowed.
func (d *addressDetector) streetBefore(raw, low []byte, se int) (int, int, bool) {
	we := se
	ws := wordStartBack(raw, we)
	if ws == we && we > 0 && raw[we-1] == '.' { // str.
		ws = wordStartBack(raw, we-1)
	}
	if ws >= we {
		return 0, 0, false
	}
	ws = titledStreet(raw, ws)
	w := low[ws:we]
	if s, ok := d.brokenStreet(raw, low, ws, we); ok {
		return s, 4, true
	}
	if s, ok := d.brokenSuffix(raw, low, ws, we); ok {
		return s, 4, true
	}
	// a quarter's direction after the street: "Weinstraße Süd 31, 67434
	// Neustadt", "Ring Nord 4", only with PLZ and city
	if len(w) <= 4 && directionWords[string(w)] && isCap(raw, ws) && ws >= 2 && raw[ws-1] == ' ' && isLetter(raw[ws-2]) {
		if s, _, ok := d.streetBefore(raw, low, ws-1); ok && s < ws-1 {
			if _, ok := d.plzCityAfter(raw, low, numberEnd(raw, se), false); ok {
				return s, 4, true
			}
		}
		return 0, 0, false
	}
	if !isCap(raw, ws) {
		// chat-style lower case ("lindenstr. 8, 53757 sankt augustin"): a
		// compound street name, and only with PLZ and city after the number
		// ("bergstrasse 14 a in 56068 koblenz"); a compound of straße, str.,
		// gasse or allee also without ("schillerstraße 14", "gartenstr. 19")
		if s, ok := d.lowerSeparate(raw, low, ws, se); ok {
			return s, 4, true // "wolsdorfer str 37a", "bonner straße 5"
		}
		if len(w) > 5 && bytes.HasSuffix(w, []byte("str")) && isLetter(w[0]) && d.lx.flags(w)&wStreetNot == 0 {
			// "lorettostr 41 (…)", "wilhelmstr 88 65183 wiesbaden": the abbreviation without its period
			if numberEndsClause(raw, se) {
				return ws, 4, true
			}
			if _, sc, ok := d.numberAndCity(raw, low, se, 4, true); ok && sc >= 0.95 {
				return ws, 4, true
			}
		}
		for _, suf := range d.suffixes.of(w) {
			if len(w) > len(suf)+2 && bytes.HasSuffix(w, []byte(suf)) && d.lx.flags(w)&wStreetNot == 0 && isLetter(w[0]) {
				switch suf {
				case "straße", "strasse", "str.", "gasse", "allee":
					return ws, 4, true
				case "weg":
					// "wohngruppe lerchenweg 12", "notaufnahme kiefernweg 3,": a compound of
					// four letters and more before "weg" whose number ends the clause
					// ("heimweg 20 minuten", "rückweg 2 mal" none; umweg, lösungsweg: not_streets)
					if len(w) >= 4+len(suf) && numberEndsClause(raw, se) {
						return ws, 4, true
					}
				}
				if _, sc, ok := d.numberAndCity(raw, low, se, 4, true); ok && sc >= 0.95 {
					return ws, 4, true
				}
			}
		}
		return d.lowerPrefixStreet(raw, low, ws, se)
	}
	loneSuffix := false
	for _, suf := range d.suffixes.of(w) {
		if !bytes.HasSuffix(w, []byte(suf)) {
			continue
		}
		if len(w) > len(suf) {
			if d.lx.flags(w)&wStreetNot != 0 || (w[len(w)-len(suf)-1] == ' ') {
				// "Am Bauhof 2, 24534 Neumünster": a word that is no street
				// alone is one after a street preposition, with PLZ and city
				if k, ok := d.streetPrefix(raw, low, ws); ok && w[len(w)-len(suf)-1] != ' ' && (d.cityFollows(raw, low, se) || quotedPLZAfter(raw, se)) {
					return k, 4, true
				}
				// a path's name with its number, PLZ and city: "Waldweg 3, 31737
				// Rinteln" (not_streets.txt has it for "über den Waldweg",
				// "Wirtschaftsweg Nr. 14" of a plan)
				if suf == "weg" && w[len(w)-len(suf)-1] != ' ' && commaPLZAfter(raw, se) && d.cityFollows(raw, low, se) {
					return ws, 4, true
				}
				// … and with an adjective between them: "Am Alten Friedhof 3, 35394 Gießen"
				if ps, pe := prevWord(raw, ws); pe == ws-1 && raw[pe] == ' ' && pe-ps >= 4 && isCap(raw, ps) && streetAdjective(low[ps:pe]) &&
					w[len(w)-len(suf)-1] != ' ' && (d.cityFollows(raw, low, se) || quotedPLZAfter(raw, se)) {
					if k, ok := d.streetPrefix(raw, low, ps); ok {
						return k, 4, true
					}
				}
				return 0, 0, false
			}
			// "Am Sportplatz", "Im Mühlenweg": the preposition belongs to it
			if k, ok := d.streetPrefix(raw, low, ws); ok {
				return k, 4, true
			}
			// an adjective before it: "Am Alten Sportplatz", "Bonner Talweg"
			if ps, pe := prevWord(raw, ws); pe == ws-1 && raw[pe] == ' ' && pe-ps >= 4 && isCap(raw, ps) && (streetAdjective(low[ps:pe]) || placeAdjectiveSche(low[ps:pe])) && !d.notBefore[string(low[ps:pe])] {
				if k, ok := d.streetPrefix(raw, low, ps); ok {
					return k, 4, true
				}
				if bytes.HasSuffix(low[ps:pe], []byte("er")) && pe-ps >= 5 && d.lx.flags(low[ps:pe])&(wTitle|wBody|wOrg|wFirst) == 0 ||
					plainAdjective[string(low[ps:pe])] || placeAdjectiveSche(low[ps:pe]) && d.lx.flags(low[ps:pe]) == 0 { // "Alte Heerstraße", "Neue Gasse", "Goslarsche Landstraße"
					// a plain adjective before a place's: "Alte Peiner Heerstraße", "Große Bremer Heerstraße"
					if ps2, pe2 := prevWord(raw, ps); !plainAdjective[string(low[ps:pe])] && pe2 == ps-1 && raw[pe2] == ' ' && isCap(raw, ps2) &&
						plainAdjective[string(low[ps2:pe2])] {
						return ps2, 4, true
					}
					return ps, 4, true
				}
			}
			// … also a place adjective broken by an OCR's hyphenation: "Lüt-\ngendortmunder Hellweg 190"
			if ps, pe := prevWord(raw, ws); pe == ws-1 && raw[pe] == ' ' && ps >= 4 && pe-ps >= 4 && isLowerASCII(raw[ps]) && raw[ps-1] == '\n' && raw[ps-2] == '-' &&
				bytes.HasSuffix(low[ps:pe], []byte("er")) && d.cityFollows(raw, low, se) {
				if hs := wordStartBack(raw, ps-2); hs < ps-2 && isCap(raw, hs) {
					return hs, 4, true
				}
			}
			return ws, 4, true
		}
		// a place adjective that ends the line before, as a PDF's text wraps
		// a paragraph: "unter der Anschrift Eppenhauser\nStraße 144, 58093
		// Hagen"; only with PLZ and city
		if k := ws - 1; k >= 6 && raw[k] == '\n' {
			if raw[k-1] == '\r' {
				k--
			}
			if hs := wordStartBack(raw, k); k-hs >= 5 && isCap(raw, hs) && bytes.HasSuffix(low[hs:k], []byte("er")) && streetAdjective(low[hs:k]) &&
				d.lx.flags(low[hs:k])&(wTitle|wBody|wOrg|wFirst|wLast) == 0 && !d.notBefore[string(low[hs:k])] && d.cityFollows(raw, low, se) {
				return hs, 4, true
			}
		}
		// a separate "Straße", "Platz": the capitalised word(s) before it
		ps, pe := prevWord(raw, ws)
		if pe <= ps || pe == ws || !isCap(raw, ps) || raw[pe-1] == '.' || articles[string(low[ps:pe])] {
			loneSuffix = true // Am Markt, or "Markt 1, 53111 Bonn"
			break
		}
		if commonNoun(low[ps:pe]) {
			return 0, 0, false // "Dokumentenlesegerät Platz 4", "Abteilung Weg 2"
		}
		s := ps
		if ps2, pe2 := prevWord(raw, ps); pe2 > ps2 && pe2 == ps-1 && raw[pe2] == ' ' && isCap(raw, ps2) && raw[pe2-1] != '.' &&
			d.lx.flags(low[ps2:pe2])&(wTitle|wBody) == 0 && !notPlaceWords[string(low[ps2:pe2])] && !d.notBefore[string(low[ps2:pe2])] && adjectiveLike(low[ps2:pe2]) &&
			// before a place's adjective only a plain one ("Alte Bremer Straße"), no noun in -e
			// ("Scheune Loccumer Straße 60", "Haltestelle Siegelbacher Straße")
			(!bytes.HasSuffix(low[ps:pe], []byte("er")) || plainAdjective[string(low[ps2:pe2])] || placeAdjectiveSche(low[ps2:pe2])) {
			s = ps2
		}
		// "Am Alten Markt", "An der Neuen Brücke": a preposition before the name
		if k, ok := d.streetPrefix(raw, low, s); ok {
			return k, 4, true
		}
		return s, 4, true
	}
	if !loneSuffix {
		if s, ok := d.weakStreet(raw, low, ws, se); ok {
			return s, 4, true
		}
	}
	if k, ok := genitiveStreet(raw, low, ws); ok {
		return k, 3, true
	}
	// Am Markt 5, An der Alten Post 7: one or two capitalised words after a
	// capitalised preposition.
	s := ws
	if wordEnd(raw, ws)-ws == 1 {
		return 0, 0, false // a road number after a preposition: "Auf der B 56"
	}
	for n := 0; n < 2; n++ {
		if notPlaceWords[string(low[s:max(s, wordEnd(raw, s))])] {
			break
		}
		for _, p := range d.prefixes.before(low, s) {
			k := s - len(p) - 1
			if k >= 0 && hasPrefixAt(low, k, p) && isUpper(raw[k]) && isWordStartAt(raw, k) {
				if countedHead(low[ws:se]) {
					// "In der Altersgruppe 18–64", "In der Kalenderwoche 12", "Auf
					// der Seite 12": a thing that is counted, only with PLZ and
					// city a street
					if _, ok := d.plzCityAfter(raw, low, numberEnd(raw, se), false); !ok {
						break
					}
				}
				maxDigits := 3
				if foreignStreetPrefixes[p] && !streetField(low, k) { // "Via Roma 118, 80121 Napoli": only with PLZ and city
					if _, ok := d.plzCityAfterFloor(raw, low, numberEnd(raw, se)); !ok {
						break
					}
					maxDigits = 4 // the postcode after it: "Rua de Santa Catarina 1204, 4000-447 Porto"
				}
				if ne := numberEnd(raw, se); plzOnlyPrefixes[p] && !streetField(low, k) &&
					!(k > 0 && (raw[k-1] == ';' || raw[k-1] == '\t') && ne < len(raw) && raw[ne] == raw[k-1]) { // or a table's street cell
					if _, ok := d.plzCityAfter(raw, low, ne, false); !ok {
						break
					}
				}
				if ps, pe := prevWord(raw, k); pe == k-1 && raw[pe] == ' ' && schoolWords[string(low[ps:pe])] {
					if _, ok := d.plzCityAfter(raw, low, numberEnd(raw, se), false); !ok {
						break // a school named after its street: "GS Am Wiesengrund<TAB>2b" (the class)
					}
				}
				return k, maxDigits, true
			}
		}
		ps, pe := prevWord(raw, s)
		if pe <= ps || pe != s-1 || !isCap(raw, ps) {
			break
		}
		s = ps
	}
	// "Markt 1, 53111 Bonn": a one-word street only with PLZ and city
	if loneSuffix {
		if _, ok := d.plzCityAfter(raw, low, numberEnd(raw, se), false); ok {
			return ws, 3, true
		}
		if addressCell(raw, low, ws, se) {
			return ws, 3, true // "…;Markt 12;SU-AB 1234;…": the street column of a table
		}
		return 0, 0, false
	}
	if d.villageNumber(raw, low, ws, se) {
		return ws, 3, true // "Wohnung: Darup Nr. 14", "wohnhaft in Rossow Nr. 14,"
	}
	// "Pützerau 9, 53797 Lohmar": a street name without a suffix, at the
	// start of a line or after a comma, only with PLZ and city
	if d.bareStreet(raw, low, ws, se) {
		if _, ok := d.plzCityAfter(raw, low, numberEnd(raw, se), false); ok {
			return ws, 3, true
		}
	}
	// "Steinbacher Hohl 48, 60488 Frankfurt", "Rue de la Gare 14, 1003
	// Lausanne": a place adjective or a foreign street word with its
	// particles before the name, only with PLZ and city
	if k, ok := d.twoWordStreet(raw, low, ws, se); ok {
		if _, ok := d.plzCityAfterFloor(raw, low, numberEnd(raw, se)); ok {
			if foreignStreetPrefixes[string(low[k:wordEnd(raw, k)])] {
				return k, 4, true // "Rua de Santa Catarina 1204, 4000-447 Porto"
			}
			return k, 3, true
		}
	}
	return 0, 0, false
}

// numberFirstWords are the street words of addresses that put the house
// number first (British, Irish, French, Belgian).
var numberFirstWords = map[string]bool{"road": true, "street": true, "avenue": true, "lane": true, "drive": true,
	"view": true, "park": true, "grove": true, "mews": true, "walk": true, "parade": true,
	"way": true, "close": true, "crescent": true, "terrace": true, "square": true, "gardens": true, "place": true,
	"row": true, "hill": true, "court": true, "rue": true, "boulevard": true, "chaussée": true, "quai": true,
	"impasse": true, "allée": true, "chemin": true, "rd": true, "st": true, "ave": true, "route": true}

// frenchStreetWords are the street words of numberFirstWords that French
// and Belgian addresses use, whose postcode comes before the town.
var frenchStreetWords = map[string]bool{"rue": true, "avenue": true, "boulevard": true, "chaussée": true, "quai": true,
	"impasse": true, "allée": true, "chemin": true, "place": true, "route": true}

// frenchStreetAfter returns the end of a French street word in lower case
// (frenchStreetWords, "route") after the house number that ends at k, with
// a blank or a comma and a blank between them ("14 rue", "12, rue", "45,
// route"); 0 when there is none. Lower case after a number, the word is
// the street's and no English sentence's ("at 14 Rosebery Avenue" needs a
// postcode abroad).
func frenchStreetAfter(low []byte, k int) int {
	if k < len(low) && low[k] == ',' {
		k++
	}
	if k+1 >= len(low) || low[k] != ' ' || !isLowerASCII(low[k+1]) {
		return 0
	}
	we := wordEnd(low, k+1)
	if w := string(low[k+1 : we]); !frenchStreetWords[w] && w != "route" || we >= len(low) || low[we] != ' ' {
		return 0
	}
	return we
}

// cellStart reports a delimited cell that opens at s: a comma, a
// semicolon or a tab right before it.
func cellStart(raw []byte, s int) bool {
	return s > 0 && (raw[s-1] == ',' || raw[s-1] == ';' || raw[s-1] == '\t')
}

// numberFirst reads an address that starts with its house number at the
// digit run r ("14 Rosebery Avenue, Cambridge CB4 2DT", "18 rue des
// Carmes, 4000 Liège", "41 Clerkenwell Road, London EC1M 5RJ"): the number
// opens a line or follows "(", ", " or ": ", one to five words with a street word
// of numberFirstWords follow, then a comma and a postcode with its town
// (four or five digits before the town, or a British or Irish postcode
// after it). It returns the end of the postcode or town.
func (d *addressDetector) numberFirst(raw, low []byte, r Span) (int, bool) {
	s := r.Start
	// elsewhere after a blank ("We live at 14 Mill Lane, …", "wohnhaft 27
	// Harehills Lane, …") only with a British or Irish postcode or a Dublin
	// district at the end (ukTail)
	opens := s == 0 || raw[s-1] == '\n' || raw[s-1] == '(' || s >= 2 && raw[s-1] == ' ' && (raw[s-2] == ',' || raw[s-2] == ':')
	k := r.End
	// a French street word in lower case right after the number, also after
	// its comma as Luxembourg writes it ("12, rue de la Gare"), makes the
	// number a house number wherever it stands in prose or opens a cell
	// ("…,3 place de l'Église,57320 Bouzonville")
	fr := frenchStreetAfter(low, k)
	if !opens && !(s >= 2 && raw[s-1] == ' ' && (isLetter(raw[s-2]) || raw[s-2] >= 0x80)) && !(fr > 0 && cellStart(raw, s)) {
		return 0, false
	}
	if fr > 0 && raw[k] == ',' {
		k++
	}
	if k < len(raw) && isLowerASCII(raw[k]) && k+1 < len(raw) && raw[k+1] == ' ' {
		k++ // "12a Mill Lane"
	}
	if k >= len(raw) || raw[k] != ' ' {
		return 0, false
	}
	street, french := false, false
	for n := 0; n < 6; n++ {
		k++
		we := wordEnd(raw, k)
		if we == k || we-k > 24 {
			return 0, false
		}
		w := low[k:we]
		switch {
		case numberFirstWords[string(w)]:
			street = true
			french = french || frenchStreetWords[string(w)]
		case isCap(raw, k), foreignParticles[string(w)]:
		case french && (hasPrefixAt(w, 0, "d'") || hasPrefixAt(w, 0, "l'")) && isCap(raw, k+2):
			// an elided article before a name: "route d'Esch", "place de l'Église"
		default:
			return 0, false
		}
		if we < len(raw) && raw[we] == '.' {
			we++ // "St."
		}
		k = we
		if k < len(raw) && raw[k] == ',' || french && opens && k+1 < len(raw) && raw[k] == '\n' && isDigit(raw[k+1]) {
			break // "12 rue des Orfèvres\n67000 Strasbourg": a letter's address block
		}
		if k >= len(raw) || raw[k] != ' ' {
			return 0, false
		}
	}
	c := k + 2
	if street && french && opens && k+1 < len(raw) && raw[k] == '\n' {
		c = k + 1
	} else if street && fr > 0 && k+1 < len(raw) && raw[k] == ',' && isDigit(raw[k+1]) {
		c = k + 1 // a cell's "3 place de l'Église,57320 Bouzonville"
	} else if !street || k+2 >= len(raw) || raw[k] != ',' || raw[k+1] != ' ' {
		return 0, false
	}
	if fr > 0 && c+2 < len(raw) && raw[c] == 'L' && raw[c+1] == '-' && digitsAt(raw, c+2)-(c+2) == 4 {
		c += 2 // Luxembourg's "L-6630 Wasserbillig"; the span keeps the "L-"
	}
	if isDigit(raw[c]) { // "4000 Liège", "75005 Paris"
		if !opens && fr == 0 || raw[c-1] == '\n' && digitsAt(raw, c)-c != 5 {
			return 0, false // after a line break a French postcode's five digits ("2026 Planung" none)
		}
		n := digitsAt(raw, c)
		if (n-c != 4 && n-c != 5) || n+1 >= len(raw) || raw[n] != ' ' || !isCap(raw, n+1) || !french && !d.foreignCity(low, n+1) ||
			footerUnits[string(low[n+1:wordEnd(raw, n+1)])] {
			return 0, false // "1 Road Map, 2026 Planung" is an agenda, "12000 Euro" an amount
		}
		e := wordEnd(raw, n+1)
		if cityArticles[string(low[n+1:e])] && e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) {
			e = wordEnd(raw, e+1) // "72000 Le Mans"
		}
		return e, true
	}
	return ukTail(raw, low, c)
}

// ukTail reads the rest of a British or Irish address after its street's
// comma at c: up to three localities of one to three capitalised words
// (a town, a district, "Co. Cork", "Dún Laoghaire"), each after ", ", that
// end in a postcode ("London EC1M 5RJ", "…, Co. Dublin, A96 K7T2",
// "Ambleside, LA22 9DH") or in a Dublin district ("Clontarf, Dublin 3").
// It returns the end of the postcode or district.
func ukTail(raw, low []byte, c int) (int, bool) {
	district := 0 // the end of "Dublin N" read so far
	for parts := 0; parts < 4; parts++ {
		if c >= len(raw) || !isCap(raw, c) {
			break
		}
		if pe := ukPostcode(raw, c); pe > 0 {
			return pe, true // "…, LA22 9DH"
		}
		e := c
		for words := 0; ; words++ {
			we := wordEnd(raw, e)
			if we == e {
				break
			}
			if we < len(raw) && raw[we] == '.' {
				we++ // "Co. Cork"
			}
			e = we
			if words < 2 && e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) && ukPostcode(raw, e+1) == 0 {
				e++
				continue
			}
			break
		}
		if e == c {
			break
		}
		if string(low[c:e]) == "dublin" && e+1 < len(raw) && raw[e] == ' ' && isDigit(raw[e+1]) {
			if n := digitsAt(raw, e+1); n-e-1 <= 2 && (n >= len(raw) || strings.IndexByte(",.;)\n\r", raw[n]) >= 0) {
				e, district = n, n // "Dublin 4", ending the address or before its postcode
			}
		}
		if e+1 < len(raw) && raw[e] == ' ' {
			if pe := ukPostcode(raw, e+1); pe > 0 {
				return pe, true // "London EC1M 5RJ"
			}
		}
		if !hasPrefixAt(raw, e, ", ") {
			break
		}
		c = e + 2
	}
	return district, district > 0
}

// cityArticles open the name of a town abroad before its next word ("Le
// Mans", "La Rochelle", "San Sebastián").
var cityArticles = map[string]bool{"le": true, "la": true, "les": true, "saint": true, "sainte": true, "san": true, "santa": true,
	"el": true, "los": true, "las": true}

// ukPostcode returns the end of a British or Irish postcode at i ("EC1M
// 5RJ", "CB4 2DT", "D04 X2Y8"), or 0.
func ukPostcode(raw []byte, i int) int {
	k := i
	for k < len(raw) && k-i < 4 && (isUpper(raw[k]) || isDigit(raw[k])) {
		k++
	}
	if k-i < 2 || k >= len(raw) || raw[k] != ' ' || !isUpper(raw[i]) || indexDigit(raw[i:k]) < 0 {
		return 0
	}
	j := k + 1
	for j < len(raw) && j-k-1 < 4 && (isUpper(raw[j]) || isDigit(raw[j])) {
		j++
	}
	if j-k-1 != 3 && j-k-1 != 4 || j < len(raw) && isLetter(raw[j]) {
		return 0
	}
	return j
}

// brokenStreet reads a street name hyphenated at a line break, as PDF text
// keeps it ("Alte Heer-\nstraße 27"): the suffix word [ws, we) starts the
// line after "-" and a capitalised word before it. It returns the start of
// the name with its adjective or preposition.
func (d *addressDetector) brokenStreet(raw, low []byte, ws, we int) (int, bool) {
	if ws < 3 || raw[ws-1] != '\n' || raw[ws-2] != '-' || !isLetter(raw[ws-3]) && raw[ws-3] < 0x80 {
		return 0, false
	}
	hs := wordStartBack(raw, ws-2)
	if !slices.Contains(d.suffixes.of(low[ws:we]), string(low[ws:we])) || hs >= ws-2 || !isCap(raw, hs) || d.lx.flags(low[hs:ws-2])&(wTitle|wBody|wOrg) != 0 {
		return 0, false
	}
	if joined := append(append([]byte{}, low[hs:ws-2]...), low[ws:we]...); d.lx.flags(joined)&wStreetNot != 0 {
		return 0, false // "Lösungs-\nweg 3"
	}
	if k, ok := d.streetPrefix(raw, low, hs); ok {
		return k, true
	}
	if ps, pe := prevWord(raw, hs); pe == hs-1 && raw[pe] == ' ' && isCap(raw, ps) && plainAdjective[string(low[ps:pe])] {
		return ps, true // "Alte Heer-\nstraße"
	}
	// a place adjective, as before an unbroken street: "Kleinower Dorf-\nstraße 17"
	if ps, pe := prevWord(raw, hs); pe == hs-1 && raw[pe] == ' ' && pe-ps >= 5 && isCap(raw, ps) && streetAdjective(low[ps:pe]) &&
		!d.notBefore[string(low[ps:pe])] && bytes.HasSuffix(low[ps:pe], []byte("er")) && d.lx.flags(low[ps:pe])&(wTitle|wBody|wOrg|wFirst) == 0 {
		return ps, true
	}
	return hs, true
}

// brokenSuffix reads a street whose suffix an OCR's or a PDF's hyphenation
// broke at a line end ("Bünder Stra-\nße 212", "Weender Landstra-\nße 5"):
// the word [ws, we) starts the line after "-" and a capitalised word before
// it, and the two joined end in a street suffix that the break falls into.
// It returns the start of the name, with an adjective before it; a bare
// suffix ("Stra-\nße") needs one.
func (d *addressDetector) brokenSuffix(raw, low []byte, ws, we int) (int, bool) {
	if ws < 4 || raw[ws-1] != '\n' || raw[ws-2] != '-' || !isLowerASCII(raw[ws]) && raw[ws] < 0x80 || !isLetter(raw[ws-3]) && raw[ws-3] < 0x80 {
		return 0, false
	}
	hs := wordStartBack(raw, ws-2)
	if hs >= ws-2 || !isCap(raw, hs) {
		return 0, false
	}
	joined := append(append(make([]byte, 0, 40), low[hs:ws-2]...), low[ws:we]...)
	head := ws - 2 - hs // bytes of the name before the break
	for _, suf := range d.suffixes.of(joined) {
		if !bytes.HasSuffix(joined, []byte(suf)) || len(suf) < 4 || head <= len(joined)-len(suf) {
			continue // the break falls before the suffix: brokenStreet's case
		}
		if d.lx.flags(joined)&wStreetNot != 0 {
			return 0, false
		}
		ps, pe := prevWord(raw, hs)
		adj := pe == hs-1 && raw[pe] == ' ' && pe-ps >= 4 && isCap(raw, ps) && streetAdjective(low[ps:pe]) && !d.notBefore[string(low[ps:pe])]
		switch {
		case adj:
			return ps, true
		case len(joined) > len(suf):
			return hs, true
		}
		return 0, false
	}
	return 0, false
}

// foreignParticles stand between a foreign street word and the name:
// "Rue de la Gare", "Via della Spiga", "Calle del Carmen", "Calle de las Rosas".
var foreignParticles = map[string]bool{"de": true, "la": true, "le": true, "les": true, "du": true, "des": true,
	"del": true, "della": true, "delle": true, "dei": true, "degli": true, "di": true, "da": true, "do": true, "dos": true, "das": true,
	"las": true, "los": true}

// streetAdjectives open street names without a street word ("Große
// Bleiche", "Lange Reihe", "Hohe Pforte", "Kleine Freiheit").
var streetAdjectives = map[string]bool{"große": true, "großer": true, "kleine": true, "kleiner": true, "alte": true,
	"alter": true, "neue": true, "neuer": true, "lange": true, "langer": true, "hohe": true, "hoher": true, "breite": true,
	"breiter": true, "obere": true, "oberer": true, "untere": true, "unterer": true, "hintere": true, "vordere": true,
	"innere": true, "äußere": true, "schmale": true, "krumme": true}

// ruralHeads name a farm, an estate or a settlement that is a village's
// address without a street ("Hof Bruns 1", "Hofgut Reichle 3", "Siedlung
// 14"): before a name, or alone, with PLZ and city after the number.
var ruralHeads = map[string]bool{"hof": true, "hofgut": true, "gut": true, "gutshof": true, "siedlung": true}

// twoWordStreet returns the start of a street named by a capitalised word
// [ws, se) and the words before it: a place adjective in -er or one of
// streetAdjectives at a line start or after ", " ("Steinbacher Hohl",
// "Große Bleiche"), or a foreign street word and up to two particles ("Rue
// de la Gare"). The caller asks for PLZ and city.
func (d *addressDetector) twoWordStreet(raw, low []byte, ws, se int) (int, bool) {
	// cheap first: a PLZ needs a digit within a few bytes after the number,
	// and a blank stands before the name
	if e := numberEnd(raw, se); e >= len(raw) || indexDigit(raw[e+1:min(len(raw), e+12)]) < 0 || ws < 2 || raw[ws-1] != ' ' {
		return 0, false
	}
	if se-ws < 3 || notBareStreets[string(low[ws:se])] || notPlaceWords[string(low[ws:se])] {
		return 0, false
	}
	// a foreign street word, then particles and capitalised words: "Rue de
	// la Gare", "Rua de Santa Catarina", "Via Giuseppe Verdi"
	for k, m := ws, 0; m < 4; m++ {
		ps, pe := prevWord(raw, k)
		if pe != k-1 || pe <= ps {
			break
		}
		w := string(low[ps:pe])
		if isCap(raw, ps) && foreignStreetPrefixes[w] {
			return ps, true
		}
		if !foreignParticles[w] && !isCap(raw, ps) {
			break
		}
		k = ps
	}
	ps, pe := prevWord(raw, ws)
	if pe != ws-1 || pe <= ps {
		return 0, false
	}
	// foreign particles, then the street word
	k := ws
	for m := 0; m < 2 && pe == k-1 && pe > ps && foreignParticles[string(low[ps:pe])]; m++ {
		k = ps
		ps, pe = prevWord(raw, k)
	}
	if k < ws {
		if pe == k-1 && pe > ps && isCap(raw, ps) && foreignStreetPrefixes[string(low[ps:pe])] {
			return ps, true
		}
		return 0, false
	}
	w := low[ps:pe]
	if streetAdjectives[string(w)] && isCap(raw, ps) && !commonNoun(low[ws:se]) && d.lx.flags(low[ws:se])&(wTitle|wBody|wOrg) == 0 &&
		bareStart(raw, ps) {
		return ps, true // "Große Bleiche 15, 55116 Mainz", "Lange Reihe 7, 20099 Hamburg"
	}
	if ruralHeads[string(w)] && isCap(raw, ps) && !commonNoun(low[ws:se]) && d.lx.flags(low[ws:se])&(wTitle|wBody|wOrg) == 0 {
		return ps, true // "Hof Bruns 1, 49757 Werlte", "Hofgut Ilbenstadt 3\n61194 Niddatal"
	}
	if len(w) < 6 || !isCap(raw, ps) || string(w[len(w)-2:]) != "er" || commonNoun(low[ws:se]) ||
		d.lx.flags(low[ws:se])&(wTitle|wBody|wOrg) != 0 || d.lx.flags(w)&(wTitle|wBody|wOrg) != 0 {
		return 0, false
	}
	if !bareStart(raw, ps) {
		return 0, false
	}
	return ps, true
}

// bareStart reports a place where a street without a street word may
// begin, as a value does: the text's or a line's start, after ", ", after
// a label's colon ("Anschrift: Ketzerbach 23, …"), a mail's quote mark
// ("> Fleethörn 9, …"), a middle dot ("GmbH · Gewerbepark Nord 7 · …"),
// or a cell's delimiter or quote (';', '|', a tab, '"').
func bareStart(raw []byte, i int) bool {
	if i == 0 {
		return true
	}
	switch raw[i-1] {
	case '\n', ';', '|', '\t', '"':
		return true
	case ' ':
		if i < 2 {
			return false
		}
		switch raw[i-2] {
		case ',', ':', '>', ';', '|':
			return true
		}
		return i >= 3 && raw[i-3] == 0xC2 && raw[i-2] == 0xB7 // "·"
	}
	return false
}

// genitiveStreet reads a street named "<Straße> der/des <Name>" whose name
// (one or two capitalised words) starts at ws: "Straße der Nationen 44",
// "Platz der Deutschen Einheit 1", "Allee der Kosmonauten 28".
func genitiveStreet(raw, low []byte, ws int) (int, bool) {
	ps, pe := prevWord(raw, ws)
	if pe == ws-1 && pe > ps && isCap(raw, ps) && adjectiveLike(low[ps:pe]) {
		ps, pe = prevWord(raw, ps) // "Deutschen" in "Platz der Deutschen Einheit"
	}
	if pe <= ps || pe-ps != 3 || raw[pe] != ' ' || string(low[ps:pe]) != "der" && string(low[ps:pe]) != "des" {
		return 0, false
	}
	ss, se := prevWord(raw, ps)
	if se != ps-1 || se <= ss || !isCap(raw, ss) {
		return 0, false
	}
	switch string(low[ss:se]) {
	case "straße", "platz", "allee", "weg", "ring", "damm", "ufer", "brücke", "chaussee", "promenade", "park":
		return ss, true
	}
	return 0, false
}

// addressCell reports a one-word street [ws, se) and its house number
// filling a cell of a table row: a ';' or a tab right before it and after
// the number, or a remark in parentheses and the delimiter later on its
// line. "Platz 3" is a rank, not a street.
func addressCell(raw, low []byte, ws, se int) bool {
	if ws == 0 || raw[ws-1] != ';' && raw[ws-1] != '\t' || string(low[ws:se]) == "platz" {
		return false
	}
	if se >= len(raw) || raw[se] != ' ' {
		return false
	}
	ne := numberEnd(raw, se)
	if ne <= se+1 || ne >= len(raw) {
		return false
	}
	if raw[ne] == raw[ws-1] {
		return true
	}
	if raw[ne] != ' ' || ne+1 >= len(raw) || raw[ne+1] != '(' {
		return false
	}
	le := bytes.IndexByte(raw[ne:], '\n')
	if le < 0 {
		le = len(raw) - ne
	}
	return bytes.IndexByte(raw[ne+1:ne+le], raw[ws-1]) >= 0
}

// foreignStreetPrefixes begin foreign street names (street_prefixes.txt);
// such a street counts only with a PLZ and city after its number.
// directionWords name the part of a long street after its name.
var directionWords = map[string]bool{"nord": true, "süd": true, "ost": true, "west": true}

var foreignStreetPrefixes = map[string]bool{"via": true, "viale": true, "piazza": true, "corso": true, "rue": true,
	"avenue": true, "calle": true, "avenida": true, "ulica": true, "strada": true, "str.": true, "ul.": true, "rua": true,
	"travessa": true, "largo": true, "bulevard": true, "ulitsa": true, "carrer": true, "avinguda": true, "passeig": true,
	"plac": true, "odos": true}

// plzOnlyPrefixes open a street name only with PLZ and city after its
// number: "Hinter den Höfen 22, 37412 Lindenau", "Vor der Burg 7"; in
// running text they open a phrase with a count as often ("Vor den Ferien 2
// Wochen", "Hinter den Kulissen 2 Leute", "Vor der Tür 4 Kartons").
var plzOnlyPrefixes = map[string]bool{"hinter den": true, "vor der": true, "vor den": true, "unter der": true, "unter dem": true}

// notBareStreets are capitalised words before a number and a PLZ that are
// no street: a post box, rooms, buildings.
var notBareStreets = map[string]bool{"postfach": true, "zimmer": true, "raum": true, "haus": true, "gebäude": true,
	"halle": true, "block": true, "etage": true, "tor": true, "fach": true, "wohnung": true, "nummer": true,
	"hausnummer": true, "eingang": true, "stock": true, "trakt": true, "flur": true, "flurstück": true, "gemarkung": true,
	"postfachnummer": true, "kunde": true, "kundennummer": true, "seite": true, "anlage": true, "platz": true}

// bareStreet reports whether the capitalised word [ws, se) may be a street
// name without a suffix: at least four letters, at a line start or after
// ", ", not a room or post box word, not a title, body part or firm word.
func (d *addressDetector) bareStreet(raw, low []byte, ws, se int) bool {
	if se-ws < 4 || !isCap(raw, ws) || notBareStreets[string(low[ws:se])] || notPlaceWords[string(low[ws:se])] {
		return false
	}
	if !(bareStart(raw, ws) || prevWordIs(low, ws, "wohnhaft", "wohnt")) { // "wohnhaft Ketzerbach 27, 35037 Marburg"
		return false
	}
	if commonNoun(low[ws:se]) && !ruralHeads[string(low[ws:se])] || d.lx.flags(low[ws:se])&(wTitle|wBody|wOrg) != 0 {
		return false
	}
	// cheap first: a PLZ needs a digit within a few bytes after the number
	e := numberEnd(raw, se)
	return e < len(raw) && indexDigit(raw[e+1:min(len(raw), e+12)]) >= 0
}

// residenceLabels are the labels of a person's dwelling before a colon.
var residenceLabels = map[string]bool{"wohnung": true, "anschrift": true, "adresse": true, "wohnort": true, "wohnsitz": true,
	"hauptwohnung": true, "nebenwohnung": true, "wohnanschrift": true, "meldeadresse": true}

// villageNumber reports a village's name [ws, se) and its house's number
// after "Nr.", as a village without street names numbers its houses ("Darup
// Nr. 14", "Hof Nr. 3"): after a dwelling's label or a verb of dwelling
// ("Wohnung: Darup Nr. 14", "wohnhaft in Rossow Nr. 14,"), the number ending
// its clause; "Bebauungsplan Nr. 14", "Lagebericht Nr. 4" have neither.
func (d *addressDetector) villageNumber(raw, low []byte, ws, se int) bool {
	k := skipBlank(raw, se)
	if se-ws < 3 || k == se || !hasPrefixAt(low, k, "nr.") || !isCap(raw, ws) || notBareStreets[string(low[ws:se])] ||
		notPlaceWords[string(low[ws:se])] || commonNoun(low[ws:se]) && !ruralHeads[string(low[ws:se])] ||
		d.lx.flags(low[ws:se])&(wTitle|wBody|wOrg) != 0 || !numberEndsClause(raw, k+len("nr.")) {
		return false
	}
	if ws >= 2 && raw[ws-1] == ' ' && raw[ws-2] == ':' {
		ls, le := prevWord(low, ws-2)
		return le == ws-2 && residenceLabels[string(low[ls:le])]
	}
	p := ws
	if prevWordIs(low, p, "in") {
		p, _ = prevWord(low, p)
	}
	return prevWordIs(low, p, "wohnhaft", "wohnt", "wohne", "wohnen", "wohnte")
}

// sexCodeBefore returns s+1 when the street in capitals at s opens with a
// record's sex code glued to the birth date's digits before it, as a
// fixed-width record has them ("19380412MWALDSTR. 4", "19590730WAM MARKT 9":
// Geburtsdatum (8), Geschlecht (1), Anschrift; round 70, blind45 075), or s.
func sexCodeBefore(raw []byte, s int) int {
	if s > 0 && s+2 < len(raw) && isDigit(raw[s-1]) && (raw[s] == 'M' || raw[s] == 'W' || raw[s] == 'D' || raw[s] == 'X') &&
		isUpper(raw[s+1]) && isUpper(raw[s+2]) {
		return s + 1
	}
	return s
}

// titledStreet returns the start of a title's abbreviation joined by a
// hyphen to the street's name that starts at ws ("Dr.-Rathenau-Platz 5",
// "Prof.-Huber-Weg 3"; round 70, blind45 056), also a given name's or
// Doktor's initial ("F.-Ebert-Str. 12", "D.-Martin-Luther-Straße 3"; round
// 79), or ws.
func titledStreet(raw []byte, ws int) int {
	for ws >= 4 && raw[ws-1] == '-' && raw[ws-2] == '.' {
		k := ws - 2
		for k > 0 && isLetter(raw[k-1]) {
			k--
		}
		if n := ws - 2 - k; n < 1 || n > 4 || !isUpper(raw[k]) || k > 0 && (isAlnum(raw[k-1]) || raw[k-1] == '.' || raw[k-1] >= 0x80) {
			break
		}
		ws = k
	}
	return ws
}

// numberEndsClause reports a house number after the street ending at se
// that ends its clause or the address: a comma, a period, a line end, a
// bracket, a dictation's spoken punctuation or the text's end follows, or
// " in " and a PLZ or a place.
func numberEndsClause(raw []byte, se int) bool {
	n := numberEnd(raw, se)
	if n == skipBlank(raw, se) {
		return false // no number
	}
	if n >= len(raw) {
		return true
	}
	switch raw[n] {
	case ',', '.', ';', ')', '\n', '\r', '?', '!':
		return true
	}
	if hasPrefixAt(raw, n, " in ") || hasPrefixAt(raw, n, " (") {
		return true
	}
	// a dictation's spoken punctuation: "wohngruppe lerchenweg 12 absatz"
	for _, w := range [...]string{" punkt", " komma", " absatz", " neue zeile"} {
		if hasPrefixAt(raw, n, w) && (n+len(w) >= len(raw) || !isLetter(raw[n+len(w)]) && raw[n+len(w)] < 0x80) {
			return true
		}
	}
	return false
}

// lowerPrefixStreet finds a chat-style lower-case preposition street of one
// or two words ending at se, only with PLZ and city after the number: "am
// stadtgarten 4 50354 huerth", "an der alten post 7, 53111 bonn".
func (d *addressDetector) lowerPrefixStreet(raw, low []byte, ws, se int) (int, int, bool) {
	// cheap first: a digit two or three bytes after the number
	if e := numberEnd(raw, se); e+3 >= len(raw) || !isDigit(raw[e+1]) && !isDigit(raw[e+2]) {
		return 0, 0, false
	}
	s := ws
	for n := 0; n < 2; n++ {
		for _, p := range d.prefixes.before(low, s) {
			k := s - len(p) - 1
			if k >= 0 && hasPrefixAt(low, k, p) && isLowerASCII(raw[k]) && isWordStartAt(raw, k) && !foreignStreetPrefixes[p] {
				pe, ok := d.plzCityAfter(raw, low, numberEnd(raw, se), true)
				if !ok {
					return 0, 0, false
				}
				c := skipBlank(raw, digitsAt(raw, skipBlank(raw, skipCommaAt(raw, numberEnd(raw, se)))))
				if pe-c < 3 || footerUnits[string(low[c:wordEnd(raw, c)])] {
					return 0, 0, false
				}
				return k, 3, true
			}
		}
		ps, pe := prevWord(raw, s)
		if pe <= ps || pe != s-1 || !isLowerASCII(raw[ps]) {
			break
		}
		s = ps
	}
	return 0, 0, false
}

// skipCommaAt returns i+1 after a comma at i, or i.
func skipCommaAt(raw []byte, i int) int {
	if i < len(raw) && raw[i] == ',' {
		return i + 1
	}
	return i
}

// lowerSeparate finds a chat-style lower-case street whose suffix is a word
// of its own after a place adjective: "wolsdorfer str 37a", "bonner
// straße 5". The suffix word ends at se.
func (d *addressDetector) lowerSeparate(raw, low []byte, ws, se int) (int, bool) {
	switch string(low[ws:se]) {
	case "str", "str.", "straße", "strasse", "allee", "gasse":
	default:
		return 0, false
	}
	ps, pe := prevWord(raw, ws)
	if pe != ws-1 || raw[pe] != ' ' || pe-ps < 5 || !isLowerASCII(raw[ps]) {
		return 0, false
	}
	w := low[ps:pe]
	if !bytes.HasSuffix(w, []byte("er")) || !streetAdjective(w) || d.lx.flags(w)&(wTitle|wBody|wOrg) != 0 {
		return 0, false
	}
	for _, c := range w {
		if !isLetter(c) && c < 0x80 {
			return 0, false
		}
	}
	return ps, true
}

// townAt returns the end of a town of street_towns.txt at j ("Bonn",
// "Bad Homburg vor der Höhe") when a delimiter follows it: the city of an
// address written without its PLZ.
func (d *addressDetector) townAt(raw, low []byte, j int) (int, bool) {
	if !isCap(raw, j) {
		return 0, false
	}
	for _, town := range d.lx.mustList("street_towns") {
		if !hasPrefixAt(low, j, town) {
			continue
		}
		e := j + len(town)
		if e >= len(raw) {
			return e, true
		}
		switch raw[e] {
		case ',', '.', ';', ')', '\n', '\r':
			return e, true
		case ' ':
			if e+1 >= len(raw) || raw[e+1] == '(' || raw[e+1] == '\n' {
				return e, true
			}
		}
	}
	return 0, false
}

// streetNounEndings end common nouns, which never name a street before a separate
// "Platz" or "Straße" (Straßen are "Platz der Republik", not "Freiheit Platz").
var streetNounEndings = []string{"ung", "heit", "keit", "schaft", "tion", "tät", "gerät", "ment", "ismus"}

// countedHeads end nouns of things counted with a number after them (Altersgruppe
// 18–64, Kalenderwoche 12, Seite 3, Anlage 2, Entgeltgruppe 9a), which after a
// preposition name no street ("In der Gruppe 3", unlike "An der Kirche 3").
var countedHeads = []string{"gruppe", "klasse", "woche", "seite", "zeile", "spalte", "anlage", "stufe", "phase",
	"periode", "runde", "ziffer", "nummer", "position", "kategorie", "tabelle", "abbildung", "folie", "sitzung",
	"staffel", "liga", "ausgabe", "auflage", "version", "etappe", "lektion", "randnummer", "fassung", "ebene",
	"kohorte", "quote",
	// a file's label and its number ("Zum Aktenzeichen 3 K 1234/24", "Am Vorgang 12"): a reference, no street
	"zeichen", "vorgang", "antrag", "bescheid", "akte", "verfahren", "schreiben", "beschluss", "ticket"}

// countedHead reports a word that ends in one of countedHeads; Anlage,
// Seite, Ebene and Zeile only alone: their compounds are places ("An der
// Sportanlage", "In der Gartenanlage", "Auf der Sonnenseite").
func countedHead(w []byte) bool {
	for _, e := range countedHeads {
		if bytes.HasSuffix(w, []byte(e)) {
			switch e {
			case "anlage", "seite", "ebene", "zeile":
				return len(w) == len(e)
			}
			return true
		}
	}
	return false
}

// commonNoun reports a word with a common-noun ending.
func commonNoun(w []byte) bool {
	for _, e := range streetNounEndings {
		if len(w) > len(e)+2 && bytes.HasSuffix(w, []byte(e)) {
			return true
		}
	}
	return false
}

// cityFollows reports whether a house number and PLZ + city follow the
// street name that ends at se.
func (d *addressDetector) cityFollows(raw, low []byte, se int) bool {
	_, sc, ok := d.numberAndCity(raw, low, se, 4, false)
	return ok && sc >= 0.95
}

// commaPLZAfter reports a house number after se and then a comma and a
// five-digit PLZ, as an address line gives them ("Waldweg 3, 31737"), not a
// path's number in running text ("Feldweg 12 in 31737 Rinteln ist
// gesperrt").
func commaPLZAfter(raw []byte, se int) bool {
	n, ok := houseNumberAfter(raw, se)
	return ok && hasPrefixAt(raw, n, ", ") && digitsAt(raw, n+2) == n+7
}

// houseNumberAfter returns the end of a house number after se and blanks:
// up to four digits and a small letter ("3a"); ok is false without one.
func houseNumberAfter(raw []byte, se int) (int, bool) {
	k := skipBlank(raw, se)
	n := k
	for n < len(raw) && n-k < 4 && isDigit(raw[n]) {
		n++
	}
	if n == k {
		return n, false
	}
	if n < len(raw) && isLowerASCII(raw[n]) {
		n++ // "3a"
	}
	return n, true
}

// streetField reports a value at k of an XML element or a JSON key named
// for the street ("<strasse>Calle de Alcalá 221</strasse>", "\"street\":
// \"Rua Augusta 12\""): the record says what it is, PLZ and city stand in
// fields of their own.
func streetField(low []byte, k int) bool {
	var key []byte
	switch {
	case k > 2 && low[k-1] == '>':
		o := bytes.LastIndexByte(low[max(0, k-40):k-1], '<')
		if o < 0 {
			return false
		}
		key = low[max(0, k-40)+o+1 : k-1]
	case k > 5 && low[k-1] == '"':
		j := k - 2
		for j > 0 && low[j] == ' ' {
			j--
		}
		if low[j] != ':' || j < 2 || low[j-1] != '"' {
			return false
		}
		o := bytes.LastIndexByte(low[max(0, j-40):j-1], '"')
		if o < 0 {
			return false
		}
		key = low[max(0, j-40)+o+1 : j-1]
	default:
		return false
	}
	return bytes.Contains(key, []byte("strasse")) || bytes.Contains(key, []byte("straße")) || bytes.Contains(key, []byte("street")) ||
		// an address key whose value is the street line alone ("anschrift": "Dorpsstraat 88", "plz": …)
		bytes.Contains(key, []byte("anschrift")) || bytes.Contains(key, []byte("adresse")) || bytes.Contains(key, []byte("address"))
}

// quotedPLZAfter reports a house number that ends a quoted value after se
// and a five-digit PLZ as the next quoted value, as an SQL dump or a JSON
// record gives them ("'Am Alten Friedhof 3', '35394', 'Gießen'").
func quotedPLZAfter(raw []byte, se int) bool {
	n, ok := houseNumberAfter(raw, se)
	if !ok || n >= len(raw) || raw[n] != '\'' && raw[n] != '"' {
		return false
	}
	q := raw[n]
	n++
	if n < len(raw) && raw[n] == ',' {
		n++
	} else if n < len(raw) && raw[n] == ':' {
		return false
	}
	n = skipBlank(raw, n)
	if n >= len(raw) || raw[n] != q {
		return false
	}
	return digitsAt(raw, n+1) == n+6 && n+6 < len(raw) && raw[n+6] == q
}

// foreignStreetWords open a street name in Polish addresses (ul. Ozimska,
// al. Jerozolimskie, pl. Wolności, os. Tysiąclecia).
var foreignStreetWords = map[string]bool{"ul.": true, "al.": true, "pl.": true, "os.": true}

// dateStreet returns the start of "ul. 3 Maja", "al. 11 Listopada" when
// the name at ws follows a day of one or two digits after a Polish street
// word, or -1.
func dateStreet(raw, low []byte, ws int) int {
	k := ws - 1
	if k < 6 || raw[k] != ' ' || !isDigit(raw[k-1]) {
		return -1
	}
	d := k - 1
	for d > 0 && isDigit(raw[d-1]) {
		d--
	}
	if k-d > 2 || d < 4 || raw[d-1] != ' ' || !foreignStreetWords[string(low[d-4:d-1])] || !isWordStartAt(raw, d-4) {
		return -1
	}
	return d - 4
}

// weakStreet finds a street whose ending is also an ordinary word
// (street_suffixes_weak.txt: Deinhardpassage, Thomätor, "Cumhuriyet Cad.")
// or a Polish street after "ul.", ending at se: only with a house number and
// PLZ + city after it.
func (d *addressDetector) weakStreet(raw, low []byte, ws, se int) (int, bool) {
	// cheap first: a PLZ needs a digit within a few bytes after the number
	if e := numberEnd(raw, se); e >= len(raw) || indexDigit(raw[e+1:min(len(raw), e+48)]) < 0 {
		return 0, false
	}
	w := low[ws:se]
	s := -1
	// "ul. Ozimska", "ul. Bohaterów Monte Cassino": up to three
	// capitalised words after the Polish street word
	for k, m := ws, 0; m < 3; m++ {
		ps, pe := prevWord(raw, k)
		if pe != k-1 || raw[pe] != ' ' || pe <= ps {
			break
		}
		if pe-ps == 3 && foreignStreetWords[string(low[ps:pe])] {
			s = ps
			break
		}
		if !isCap(raw, ps) {
			break
		}
		k = ps
	}
	if s < 0 {
		if k := dateStreet(raw, low, ws); k >= 0 {
			s = k
		}
	}
	if s < 0 {
		for _, suf := range d.weak.of(w) {
			if !bytes.HasSuffix(w, []byte(suf)) {
				continue
			}
			if len(w) > len(suf)+2 && w[len(w)-len(suf)-1] != '-' && d.lx.flags(w)&wStreetNot == 0 {
				s = ws // Deinhardpassage
			} else if len(w) == len(suf) && d.lx.flags(w)&wStreetNot == 0 {
				// "Cumhuriyet Cad.", "Gül Sokak": the capitalised word before it
				// (not "Siehe Anlage 2": a word of not_streets.txt is no street alone)
				if ps, pe := prevWord(raw, ws); pe == ws-1 && raw[pe] == ' ' && pe > ps && isCap(raw, ps) && !articles[string(low[ps:pe])] {
					s = ps
				}
			}
			break
		}
	}
	if s < 0 || !d.cityFollows(raw, low, se) {
		return 0, false
	}
	if k, ok := d.streetPrefix(raw, low, s); ok {
		s = k
	}
	return quarterBefore(raw, low, s), true
}

// quarterBefore returns the start of a Turkish quarter written before the
// street ("Cumhuriyet Mah. Atatürk Cad. No: 48"): a capitalised word and
// Mah., Mh. or Mahallesi right before s; or s.
func quarterBefore(raw, low []byte, s int) int {
	ps, pe := prevWord(raw, s)
	if pe != s-1 || raw[pe] != ' ' || pe <= ps {
		return s
	}
	switch string(low[ps:pe]) {
	case "mah.", "mh.", "mahallesi":
	default:
		return s
	}
	qs, qe := prevWord(raw, ps)
	if qe != ps-1 || raw[qe] != ' ' || qe <= qs || !isCap(raw, qs) {
		return s
	}
	return qs
}

// streetPrefix returns the start of a capitalised street preposition ("Am",
// "An der", "Auf dem") that stands right before the street name at s.
func (d *addressDetector) streetPrefix(raw, low []byte, s int) (int, bool) {
	for _, p := range d.prefixes.before(low, s) {
		k := s - len(p) - 1
		if k >= 0 && hasPrefixAt(low, k, p) && isUpper(raw[k]) && isWordStartAt(raw, k) {
			return k, true
		}
	}
	return 0, false
}

// schoolWords name a school or day-care centre before the street it is
// named after.
var schoolWords = map[string]bool{"gs": true, "ggs": true, "kgs": true, "ogs": true, "grundschule": true, "kita": true,
	"förderschule": true, "hauptschule": true, "realschule": true, "gesamtschule": true, "gymnasium": true, "kindergarten": true}

// streetAdjective: an adjective that begins a street name before a
// compound (Alten Sportplatz, Bonner Talweg): a place adjective in -er, or
// alt, neu, lang, hoch … with their endings. Articles and adverbs in -er
// (Der, Über, Hier, Aber) are none.
func streetAdjective(w []byte) bool {
	if plainAdjective[string(w)] {
		return true
	}
	switch string(w) {
	case "über", "unter", "hinter", "aber", "oder", "hier", "immer", "wieder", "weiter", "jeder", "dieser", "unser", "euer", "ihrer", "seiner", "einer", "meiner", "keiner", "später", "vorher", "nachher", "daher", "bisher", "wer", "der", "er":
		return false
	}
	return bytes.HasSuffix(w, []byte("er")) && !bytes.HasSuffix(w, []byte("ier")) && !articles[string(w)]
}

// plainAdjective: the adjectives that begin street names (Alte Heerstraße,
// Neue Gasse, Am Langen Graben), with their endings.
var plainAdjective = map[string]bool{"alte": true, "alten": true, "neue": true, "neuen": true, "lange": true, "langen": true,
	"hohe": true, "hohen": true, "obere": true, "oberen": true, "untere": true, "unteren": true, "kleine": true, "kleinen": true,
	"große": true, "großen": true, "grüne": true, "grünen": true, "schöne": true, "schönen": true, "breite": true,
	"breiten": true, "kurze": true, "kurzen": true, "alter": true, "neuer": true, "langer": true, "hoher": true, "oberer": true,
	"unterer": true, "kleiner": true, "großer": true, "grüner": true, "breiter": true, "kurzer": true,
	"innere": true, "inneren": true, "innerer": true, "äußere": true, "äußeren": true, "äußerer": true, "hintere": true,
	"hinteren": true, "vordere": true, "vorderen": true, "mittlere": true, "mittleren": true,
	// round 68: a direction ("Westliche Karl-Friedrich-Straße", "Östliche Ringstraße")
	"westliche": true, "westlichen": true, "östliche": true, "östlichen": true, "nördliche": true, "nördlichen": true,
	"südliche": true, "südlichen": true}

// placeAdjectiveSche reports a place's adjective in -sche that begins a
// street name ("Goslarsche Landstraße", "Hannoversche Straße", "Märkische
// Allee"): eight letters at least, so that no short noun ("Tasche",
// "Flasche") is one.
func placeAdjectiveSche(w []byte) bool {
	return len(w) >= 8 && bytes.HasSuffix(w, []byte("sche"))
}

// adjectiveLike: the word before "Straße" in a multi-word street name
// (Alte, Neue, Kölner, Bad Godesberger …).
func adjectiveLike(w []byte) bool {
	s := string(w)
	return strings.HasSuffix(s, "er") || strings.HasSuffix(s, "e") || strings.HasSuffix(s, "en")
}

// wordStartBack returns the start of the word (letters and hyphens) that
// ends at or contains h.
func wordStartBack(raw []byte, h int) int {
	j := h
	for j > 0 && h-j < maxWord {
		if c := raw[j-1]; c < utf8.RuneSelf { // an ASCII byte is its own rune
			if !(isLetter(c) || c == '-') {
				break
			}
			j--
			continue
		}
		r, n := decodeLastRune(raw[:j])
		if !(isLetterRune(r) || r == '-') {
			break
		}
		j -= n
	}
	for j < h && raw[j] == '-' {
		j++
	}
	return j
}

// numberAndCity reads " 12a", " 12-14", " Nr. 5" after a street name and the
// optional ", 53111 Bonn" after it. maxDigits bounds the house number.
func (d *addressDetector) numberAndCity(raw, low []byte, i, maxDigits int, anyCase bool) (int, float64, bool) {
	k := skipBlank(raw, i)
	if hasPrefixAt(low, k, "nr.") || hasPrefixAt(low, k, "no:") || hasPrefixAt(low, k, "no.") {
		k = skipBlank(raw, k+3)
	}
	if k == i && k < len(raw) && raw[k] != ' ' {
		// "Lindenstraße5" is rare but valid only without a space in between
		if k >= len(raw) || !isDigit(raw[k]) {
			return 0, 0, false
		}
	}
	n := digitsAt(raw, k)
	if n == k && k > i && ocrOne(raw, k) {
		n = digitsAt(raw, k+1) // "Seestraße l2": an OCR's l for a 1
	}
	if n == k || n-k > maxDigits || raw[k] == '0' {
		return 0, 0, false
	}
	if p := skipBlank(raw, n); p < len(raw) && raw[p] == '%' {
		return 0, 0, false // "Baden-Württemberg 8 %": a rate, no house number
	}
	e := n
	// letter suffix: 5a, 5 a, 5A
	if e < len(raw) && isLetter(raw[e]) && (e+1 >= len(raw) || !isLetter(raw[e+1])) {
		e++
	} else if e+1 < len(raw) && raw[e] == ' ' && foreignFloor(raw, low, e+1) == e+1 && (isLowerASCII(raw[e+1]) || isUpper(raw[e+1]) && e+2 < len(raw) && (raw[e+2] == ',' || raw[e+2] == '\n' || raw[e+2] == '\r')) && (e+2 >= len(raw) || !isLetter(raw[e+2])) {
		e += 2
	}
	// range: 12-14, 12/1, 5–7, also spaced: "60 – 62", "14 - 16"
	sp := 0
	if e+1 < len(raw) && raw[e] == ' ' {
		if sl := rangeSep(raw, e+1); sl > 0 && raw[e+1] != '/' && e+1+sl+1 < len(raw) && raw[e+1+sl] == ' ' && isDigit(raw[e+2+sl]) {
			sp = 1
		}
	}
	if sl := rangeSep(raw, e+sp); sl > 0 && e+sp+sl+sp < len(raw) && isDigit(raw[e+sp+sl+sp]) {
		sl += 2 * sp
		e2 := digitsAt(raw, e+sl)
		if e2-e-sl <= 3 {
			slash := raw[e+sp] == '/'
			e = e2
			if e < len(raw) && isLowerASCII(raw[e]) && (e+1 >= len(raw) || !isLetter(raw[e+1])) {
				e++
			} else if slash && e+1 < len(raw) && raw[e] == '/' && isDigit(raw[e+1]) {
				// Austria's staircase and door: "Mariahilfer Straße 88/2/14, 1070 Wien"
				if e3 := digitsAt(raw, e+1); e3-e-1 <= 3 {
					e = e3
				}
			}
		}
	}
	// a colon before a digit is a time or a ratio ("Saal 12:30"); before a blank it ends an
	// entry's address ("Herr Weber, Pütrichstraße 24: Zufahrt …")
	if e < len(raw) && (isDigit(raw[e]) || raw[e] == '%' || raw[e] == ':' && !(e+1 < len(raw) && (raw[e+1] == ' ' || raw[e+1] == '\n')) ||
		raw[e] == ',' && e+1 < len(raw) && isDigit(raw[e+1])) {
		// a decimal ("Platz 12,5"), unless a CSV row goes on with PLZ and
		// city: "Talweg 12,34567,Lindenau"
		if raw[e] != ',' {
			return 0, 0, false
		}
		if _, ok := d.plzCity(raw, low, e+1, anyCase); !ok {
			return 0, 0, false
		}
	}
	if e+1 < len(raw) && raw[e] == '.' && isDigit(raw[e+1]) {
		return 0, 0, false
	}
	// a unit after the number means it was a quantity (Platz 3 Personen)
	if w := skipBlank(raw, e); w > e && w < len(raw) && isLetter(raw[w]) {
		we := wordEnd(raw, w)
		switch string(low[w:we]) {
		case "uhr", "euro", "eur", "prozent", "personen", "jahre", "tage", "stunden", "minuten", "km", "m", "qm", "stück", "mal":
			if _, ok := d.plzCityAfterFloor(raw, low, e); !ok || low[w] != 'm' || foreignFloor(raw, low, w) == w {
				return 0, 0, false // a Polish flat before PLZ and city ("148 m. 12, 60-243 Poznań") is no metre
			}
		}
	}
	// a further digit group on the line that is no PLZ with a city: a card
	// or customer number ("Kundenkarte Baumarkt Nr. 2221 1342 3741 9624")
	if e+1 < len(raw) && raw[e] == ' ' && digitsAt(raw, e+1)-(e+1) >= 3 {
		if _, ok := d.plzCity(raw, low, e+1, anyCase); !ok {
			return 0, 0, false
		}
	}
	// PLZ and city, possibly after a separator (",", "|", "·"), a line
	// break or floor details ("Hinterhaus, 2. Etage").
	j := e
	for step := 0; step < 4; step++ {
		j0 := j
		j = skipSpace(raw, j, 1)
		// Quoted values of an SQL dump or JSON ('Talweg 12', '34567', 'Lindenau')
		// are separate values, so no case here joins them: the street value
		// alone is the address, as the labelled sets have it
		// (testcases/README.md, "Conventions").
		switch {
		case j < len(raw) && (raw[j] == ',' || raw[j] == '|'):
			j = skipSpace(raw, j+1, 1)
		case j < len(raw) && raw[j] == ';' && step == 0:
			j = skipBlank(raw, j+1) // a CSV row: "Talweg 12;34567;Lindenau"
		case hasPrefixAt(raw, j, "\\,"):
			j = skipSpace(raw, j+2, 1) // an iCalendar's or a vCard's escaped comma (see plzCityAfter)
		case hasPrefixAt(raw, j, "·"):
			j = skipSpace(raw, j+len("·"), 1)
		case j > j0 && hasPrefixAt(raw, j, "/ ") && floorDetail(raw, low, j+2) > j+2:
			j += 2 // a flat detail after a slash: "Schillerstr. 22 / Hinterhaus, 42103 Wuppertal"
		case j > j0 && footerSep(raw, j) > j:
			if pe, ok := d.plzCityFooter(raw, low, j, anyCase); ok {
				return pe, 0.95, true
			}
		}
		if j == j0 {
			break
		}
		if pe, ok := d.plzCity(raw, low, j, anyCase); ok {
			return pe, 0.95, true
		}
		if pe, ok := foreignPLZ4(raw, j0, j); ok {
			return pe, 0.9, true
		}
		if step == 0 && raw[j0] == ',' {
			if te, ok := d.townAt(raw, low, j); ok { // "Kaiser-Wilhelm-Platz 1, Bonn"
				return te, 0.9, true
			}
		}
		if hasPrefixAt(low, j, "in ") { // "Lindenstraße 5 in 53111 Bonn"
			if pe, ok := d.plzCity(raw, low, j+3, anyCase); ok {
				return pe, 0.95, true
			}
		}
		// floor details: "3. OG", "2. Etage", "EG", "Hinterhaus", "App. 5",
		// "Whg. 12"; the span runs over them only when a PLZ follows
		fe := floorDetail(raw, low, j)
		if fe == j && j < len(raw) && raw[j] == '(' {
			// "Goethestraße 120 (Hinterhaus), 45130 Essen"
			if z := bytes.IndexByte(raw[j:min(len(raw), j+40)], ')'); z > 1 && bytes.IndexByte(raw[j:j+z], '\n') < 0 {
				fe = j + z + 1
			}
		}
		if fe == j {
			break
		}
		j = fe
	}
	// a year, not a house number: "Rhein-Berg 2024", "Hauptmarkt 1999"
	if n-k == 4 && (raw[k] == '1' && raw[k+1] == '9' || raw[k] == '2' && raw[k+1] == '0') {
		return 0, 0, false
	}
	if roadClass(raw, low, i) {
		return 0, 0, false // "die Bundesstraße 56 wird gesperrt": a road number
	}
	return e, 0.85, true
}

// roadClasses name classified roads; with a number and no PLZ after it
// they are road numbers (Bundesstraße 56 = B 56), not streets with a house.
var roadClasses = [...]string{"bundesstraße", "landesstraße", "kreisstraße", "staatsstraße", "bundesautobahn"}

// roadClass reports a road class word that ends at i and is a word of its
// own ("Bundesstraße", not "Alte Bundesstraße" nor "Kreisstraßenweg").
func roadClass(raw, low []byte, i int) bool {
	for _, w := range roadClasses {
		s := i - len(w)
		if s >= 0 && string(low[s:i]) == w && isWordStartAt(raw, s) {
			ps, pe := prevWord(raw, s)
			// "Alte Bundesstraße 12" is a street name; "Einmündung Staatsstraße 2350" a road
			return pe <= ps || !isCap(raw, ps) || pe != s-1 || !adjectiveLike(low[ps:pe])
		}
	}
	return false
}

// ocrOne reports an OCR's "l" for a 1 at k opening a house number: a
// blank before it, one to three digits after it and no letter after them
// ("Seestraße l2", "Gahlenzer Straße l12").
func ocrOne(raw []byte, k int) bool {
	if k < 1 || raw[k] != 'l' || raw[k-1] != ' ' || k+1 >= len(raw) || !isDigit(raw[k+1]) {
		return false
	}
	n := digitsAt(raw, k+1)
	return n-k-1 <= 3 && (n >= len(raw) || !isLetter(raw[n]) || n+1 < len(raw) && !isLetter(raw[n+1]))
}

// numberEnd returns the end of the house number after a street name at i,
// a range of numbers included ("Promenade 24-28", "Markt 3–5").
func numberEnd(raw []byte, i int) int {
	k := skipBlank(raw, i)
	e := digitsAt(raw, k)
	if e < len(raw) && isLetter(raw[e]) && (e+1 >= len(raw) || !isLetter(raw[e+1])) {
		e++
	}
	if sl := rangeSep(raw, e); e > k && sl > 0 && raw[e] != '/' && e+sl < len(raw) && isDigit(raw[e+sl]) {
		if r := digitsAt(raw, e+sl); r-(e+sl) <= 4 {
			e = r
		}
	}
	return e
}

func (d *addressDetector) plzCityAfter(raw, low []byte, j int, anyCase bool) (int, bool) {
	if j < len(raw) && raw[j] == ' ' && footerSep(raw, j+1) > j+1 {
		return d.plzCityFooter(raw, low, j+1, anyCase)
	}
	k := j
	if k < len(raw) && raw[k] == ',' {
		k++
	} else if hasPrefixAt(raw, k, "\\,") {
		k += 2 // a comma escaped in an iCalendar or a vCard value: "LOCATION:Sportplatzweg 4\\, 67346 Speyer"
	}
	k = skipSpace(raw, k, 1)
	if k == j {
		return 0, false
	}
	return d.plzCity(raw, low, k, anyCase)
}

// ortsteilAfter returns the end of an Ortsteil after its municipality
// ending at e, as the post writes it: "17291 Gramzow OT Meichow", "18565
// Insel Hiddensee OT Vitte"; after a comma ("25980 Sylt, OT Keitum") or in
// brackets it is a remark after the address, as a district is. e otherwise.
func ortsteilAfter(raw []byte, e int) int {
	for _, x := range [...]string{" OT ", " OT. ", " Ortsteil "} {
		if hasPrefixAt(raw, e, x) {
			if k := e + len(x); isCap(raw, k) {
				return wordEnd(raw, k)
			}
			break
		}
	}
	return e
}

// regionAbbrevs are regions abbreviated after a town and a slash
// ("Seiffen/Erzgeb.", "Plauen/Vogtl.", "Neumarkt/Opf.").
var regionAbbrevs = map[string]bool{"erzgeb": true, "vogtl": true, "opf": true, "ofr": true, "mfr": true, "ufr": true,
	"westf": true, "holst": true, "oldb": true, "thür": true, "schwarzw": true, "rhld": true, "sachs": true}

// quadrat reads an address in Mannheim's grid of squares at the square's
// number r: a capital A–U before it ("Q 7", "N7"), a comma, the house
// number, then a Mannheim PLZ (681xx, 682xx) and the city ("Q 7, 24, 68161
// Mannheim", "N7 13, 68161 Mannheim"). Without the city it is no address.
func (d *addressDetector) quadrat(raw, low []byte, r Span) (int, int, bool) {
	s := r.Start - 1
	if raw[s] == ' ' {
		s--
	}
	if s < 0 || raw[s] < 'A' || raw[s] > 'U' || !isWordStartAt(raw, s) || r.End >= len(raw) {
		return 0, 0, false
	}
	k := r.End
	if raw[k] == ',' {
		k++
	}
	k = skipBlank(raw, k)
	if k == r.End {
		return 0, 0, false
	}
	n := digitsAt(raw, k)
	if n == k || n-k > 3 || raw[k] == '0' {
		return 0, 0, false
	}
	if n < len(raw) && isLowerASCII(raw[n]) && (n+1 >= len(raw) || !isLetter(raw[n+1])) {
		n++ // "24a"
	}
	j := n
	if j < len(raw) && raw[j] == ',' {
		j++
	}
	j = skipBlank(raw, j)
	if j == n || !hasPrefixAt(raw, j, "681") && !hasPrefixAt(raw, j, "682") {
		return 0, 0, false
	}
	pe, ok := d.plzCity(raw, low, j, false)
	if !ok || !bytes.Contains(low[j:pe], []byte("mannheim")) {
		return 0, 0, false
	}
	return s, pe, true
}

// plzCityAfterFloor is plzCityAfter, also after a flat detail between
// commas ("Rua das Flores 118, 2º Esq., 4050-265 Porto").
func (d *addressDetector) plzCityAfterFloor(raw, low []byte, j int) (int, bool) {
	if pe, ok := d.plzCityAfter(raw, low, j, false); ok {
		return pe, true
	}
	k := skipBlank(raw, j)
	if k < len(raw) && raw[k] == ',' {
		k = skipBlank(raw, k+1)
	}
	if fe := floorDetail(raw, low, k); fe > k {
		return d.plzCityAfter(raw, low, fe, false)
	}
	return 0, false
}

// footerSep returns the end of a dash or bullet between blanks at j, as a
// letterhead's footer separates its items ("Markt 1 – 53757 Sankt
// Augustin – www…"), or j.
func footerSep(raw []byte, j int) int {
	for _, sep := range [...]string{"– ", "- ", "• "} {
		if hasPrefixAt(raw, j, sep) {
			return j + len(sep)
		}
	}
	return j
}

// plzCityFooter reads PLZ and city after the footer separator at j when the
// same separator or the line's end follows the city: "Markt 1 – 53757
// Sankt Augustin – www…", not "Lindenstraße 5 – 12000 Euro Zuschuss".
func (d *addressDetector) plzCityFooter(raw, low []byte, j int, anyCase bool) (int, bool) {
	k := footerSep(raw, j)
	if k == j {
		return 0, false
	}
	pe, ok := d.plzCity(raw, low, k, anyCase)
	if c := skipBlank(raw, digitsAt(raw, k)); !ok || footerUnits[string(low[c:max(c, wordEnd(raw, c))])] {
		return 0, false
	}
	if n := skipBlank(raw, pe); n < len(raw) && raw[n] != '\n' && raw[n] != '\r' && !hasPrefixAt(raw, n, string(raw[j:k])) {
		return 0, false
	}
	return pe, true
}

// footerUnits after five digits make them an amount or a count, not a PLZ.
var footerUnits = map[string]bool{"euro": true, "eur": true, "stück": true, "einwohner": true, "personen": true}

// floorDetail returns the end of a floor or flat detail at j (j if none).
func floorDetail(raw, low []byte, j int) int {
	if e := foreignFloor(raw, low, j); e > j {
		return e
	}
	// a house of a block by its letter or number, an Ortsteil before the PLZ:
	// "Braunschweiger Straße 41, Haus B, 38518 Gifhorn", "Dorfstr. 7, OT
	// Hasede, 31180 Giesen"
	if hasPrefixAt(raw, j, "Haus ") {
		k := j + len("Haus ")
		if n := digitsAt(raw, k); n > k && n-k <= 2 {
			return n
		}
		if k < len(raw) && isUpper(raw[k]) && (k+1 == len(raw) || !isLetter(raw[k+1]) && raw[k+1] < 0x80) {
			return k + 1
		}
	}
	if hasPrefixAt(raw, j, "OT ") && isCap(raw, j+3) {
		return wordEnd(raw, j+3)
	}
	k := j
	if n := digitsAt(raw, k); n > k && n-k <= 2 && n < len(raw) && raw[n] == '.' {
		k = skipBlank(raw, n+1)
	} else if n > k && n-k <= 2 && n+3 < len(raw) && raw[n+2] == ' ' && (hasPrefixAt(low, n, "st") || hasPrefixAt(low, n, "nd") || hasPrefixAt(low, n, "rd") || hasPrefixAt(low, n, "th")) {
		k = n + 3 // English "2nd floor"
	}
	for _, w := range []string{"og", "obergeschoss", "etage", "stock", "eg", "erdgeschoss", "dg", "dachgeschoss", "ug", "hochparterre", "parterre", "souterrain", "hinterhaus", "vorderhaus", "seitenflügel", "app.", "appartement", "whg.", "wohnung", "wohngruppe", "wohnbereich", "links", "rechts", "li.", "re.", "zimmer", "zi.", "raum", "apt.", "flat", "floor", "ground floor", "we"} {
		if hasPrefixAt(low, k, w) && (k+len(w) >= len(raw) || !isLetter(raw[k+len(w)]) || w[len(w)-1] == '.') {
			e := k + len(w)
			numbered := w[len(w)-1] == '.' || w == "zimmer" || w == "raum" || w == "wohnung" || w == "wohngruppe" || w == "wohnbereich" || w == "we" || w == "appartement" || w == "flat"
			if b := skipBlank(raw, e); numbered && b > e && levelAt(raw, low, b) > b {
				e = levelAt(raw, low, b) // a flat by its floor: "Whg. 4. OG links", "Wohnung 4. OG links"
			} else if numbered {
				// a room or flat number: "Zi. 3.12", "Zimmer 4", "App. 12"
				if n := digitsAt(raw, b); n > b {
					for n+1 < len(raw) && raw[n] == '.' && isDigit(raw[n+1]) {
						n = digitsAt(raw, n+1)
					}
					e = n
				}
			}
			// "3. OG links"
			if e2 := skipBlank(raw, e); e2 > e {
				for _, x := range []string{"links", "rechts", "mitte"} {
					if hasPrefixAt(low, e2, x) {
						e = e2 + len(x)
					}
				}
			}
			return e
		}
	}
	return j
}

// levelAt returns the end of a floor's number and word at b ("4. OG", "2.
// Etage"), or b.
func levelAt(raw, low []byte, b int) int {
	n := digitsAt(raw, b)
	if n == b || n-b > 2 || n >= len(raw) || raw[n] != '.' {
		return b
	}
	k := skipBlank(raw, n+1)
	for _, w := range [...]string{"og", "obergeschoss", "etage", "stock", "eg", "erdgeschoss", "dg", "dachgeschoss", "ug"} {
		if hasPrefixAt(low, k, w) && (k+len(w) >= len(raw) || !isLetter(raw[k+len(w)])) {
			return k + len(w)
		}
	}
	return b
}

// foreignFloor returns the end of a Portuguese or Turkish floor or flat
// detail at j ("2º Esq.", "3.º Dto.", "r/c", "Daire 3", "Kat 2 Daire 5"), or j.
func foreignFloor(raw, low []byte, j int) int {
	if hasPrefixAt(low, j, "r/c") {
		return j + 3
	}
	if n := digitsAt(raw, j); n > j && n-j <= 2 {
		k := n
		if k < len(raw) && raw[k] == '.' {
			k++
		}
		if hasPrefixAt(raw, k, "º") || hasPrefixAt(raw, k, "°") || hasPrefixAt(raw, k, "ª") {
			if hasPrefixAt(raw, k, "°") {
				k += len("°")
			} else {
				k += len("º") // "ª" is as long
			}
			e := k
			if b := skipBlank(raw, k); b > k {
				for _, side := range []string{"esq.", "esq", "dto.", "dto", "dt.", "frente", "trás", "izq.", "izqda.", "izda.", "izquierda", "dcha.", "dcha", "dra.", "derecha", "centro"} {
					if hasPrefixAt(low, b, side) && (b+len(side) >= len(raw) || !isLetter(raw[b+len(side)]) || side[len(side)-1] == '.') {
						e = b + len(side)
						break
					}
				}
				if e == k {
					e = spanishDoor(raw, b, e)
				}
			}
			return e
		}
	}
	// a Polish flat (mieszkanie): "ul. Głogowska 148 m. 12"
	if hasPrefixAt(raw, j, "m. ") {
		if n := digitsAt(raw, j+3); n > j+3 && n-j-3 <= 3 {
			return n
		}
	}
	e := j
	for _, w := range []string{"kat ", "daire ", "d: ", "d. "} {
		if hasPrefixAt(low, e, w) {
			n := digitsAt(raw, e+len(w))
			if n == e+len(w) || n-(e+len(w)) > 3 {
				break
			}
			e = n
			if b := skipBlank(raw, e); b > e && b < len(raw) {
				e2 := foreignFloorWord(raw, low, b)
				if e2 > b {
					e = e2
				}
			}
			break
		}
	}
	return e
}

// spanishDoor returns the end of a Spanish or Catalan door after the floor
// at b ("4.º B", "3º 2ª": a single capital or a number with "ª" before the
// comma or the line's end), or e.
func spanishDoor(raw []byte, b, e int) int {
	d := b
	if b < len(raw) && raw[b] >= 'A' && raw[b] <= 'H' {
		d = b + 1
	} else if n := digitsAt(raw, b); n > b && n-b <= 2 && hasPrefixAt(raw, n, "ª") {
		d = n + len("ª")
	}
	if d == b || d < len(raw) && raw[d] != ',' && raw[d] != '\n' && raw[d] != '\r' && raw[d] != '"' {
		return e
	}
	return d
}

// foreignFloorWord returns the end of a Turkish "Daire 3" at b after "Kat 2 ", or b.
func foreignFloorWord(raw, low []byte, b int) int {
	if hasPrefixAt(low, b, "daire ") {
		if n := digitsAt(raw, b+len("daire ")); n > b+len("daire ") && n-b-len("daire ") <= 3 {
			return n
		}
	}
	return b
}

// plzCity matches "53111 Bonn", "D-53111 Bonn", "53111 Frankfurt am Main",
// "06108 Halle (Saale)", "53604 Bad Honnef" at j and returns its end. With
// anyCase the city may be written in lower case (chat-style text).
//
// A four-digit Swiss, Austrian or Liechtenstein postcode counts after CH-,
// A- or FL-, or before a town of lexicons/foreign_postal_cities.txt
// ("4058 Basel").
func (d *addressDetector) plzCity(raw, low []byte, j int, anyCase bool) (int, bool) {
	capAt := func(k int) bool {
		return isCap(raw, k) || anyCase && k < len(raw) && (isLowerASCII(raw[k]) || raw[k] >= 0xC0)
	}
	foreign := false
	if hasPrefixAt(raw, j, "D-") || hasPrefixAt(raw, j, "D ") {
		j += 2
	} else if hasPrefixAt(raw, j, "CH-") || hasPrefixAt(raw, j, "FL-") {
		j, foreign = j+3, true
	} else if hasPrefixAt(raw, j, "A-") {
		j, foreign = j+2, true
	}
	// the four-digit postcodes of East and West before 1993: "O-9360
	// Zschopau", "W-5300 Bonn" (an old file's copy)
	old := (hasPrefixAt(raw, j, "O-") || hasPrefixAt(raw, j, "W-")) && j+2 < len(raw) && raw[j+2] != '0' && digitsAt(raw, j+2) == j+6
	if old {
		j += 2
	}
	n := digitsAt(raw, j)
	other := false // a Polish or Dutch postcode
	if n-j == 2 && n+4 < len(raw) && raw[n] == '-' && digitsAt(raw, n+1) == n+4 {
		n, other = n+4, true // Polish "45-057 Opole"
	} else if n-j == 4 && n+4 < len(raw) && raw[n] == '-' && digitsAt(raw, n+1) == n+4 {
		n, other = n+4, true // Portuguese "4000-447 Porto"
	} else if n-j == 6 && j > 2 && raw[j-1] == ' ' && raw[j-2] == ',' {
		other = true // Romanian "Strada Mihai Eminescu 41, 550169 Sibiu": after the number and a comma
	} else if n-j == 4 && raw[j] != '0' && n+3 < len(raw) && raw[n] == ' ' && isUpper(raw[n+1]) && isUpper(raw[n+2]) && raw[n+3] == ' ' {
		n, other = n+3, true // Dutch "1015 CJ Amsterdam"
	}
	if n-j != 5 && !(n-j == 4 && raw[j] != '0') && !other {
		return 0, false
	}
	c := skipBlank(raw, n)
	if c == n && n < len(raw) && (raw[n] == ';' || raw[n] == ',') && j > 0 && raw[j-1] == raw[n] {
		c = n + 1 // PLZ and city as CSV fields: "Talweg 12,34567,Lindenau"
	}
	// the city on the next line of a PDF copy: "Wolgaster Str. 112, 17489\nGreifswald"
	broken := false
	if c == n && n-j == 5 && !other && n+1 < len(raw) && (raw[n] == '\n' || raw[n] == '\r') {
		c = n + 1
		if raw[n] == '\r' && c < len(raw) && raw[c] == '\n' {
			c++
		}
		broken = true
	}
	if c == n || !capAt(c) {
		return 0, false
	}
	if n-j == 4 && !foreign && !other && !old && !d.foreignCity(low, c) {
		return 0, false
	}
	e := wordEnd(raw, c)
	first := low[c:e]
	if h := bytes.LastIndexByte(first, '-'); h > 0 {
		first = first[h+1:] // a town joined to a resort's name: "08280 Aue-Bad Schlema"
	}
	switch string(first) {
	case "bad", "sankt", "st", "neu", "groß", "klein", "hansestadt", "lutherstadt",
		"bergisch", "schwäbisch", "hessisch", "preußisch", "märkisch", "königs", "wendisch", "hann", // "Bergisch Gladbach", "Hann. Münden"
		"ostseebad", "seebad", "nordseebad", "ostseeheilbad", "nordseeheilbad", "seeheilbad", "heilbad", "kurort", "luftkurort",
		"kneippkurort", "staatsbad", "soleheilbad", "insel", // a resort's or an island's title: "18211 Ostseebad Nienhagen", "09548 Kurort Seiffen", "18565 Insel Hiddensee"
		"südliches", "nördliches", "östliches", "westliches", // "06369 Südliches Anhalt"
		"le", "la", "les", "saint", "sainte", "san", "santa", "el", "los", "las": // cityArticles abroad: "72000 Le Mans"
		if e < len(raw) && raw[e] == '.' {
			e++
		}
		if k := skipBlank(raw, e); k > e && capAt(k) {
			e = wordEnd(raw, k)
		}
	}
	e = townParticle(raw, low, e, capAt)
	// a foreign town of two words after a Polish, Portuguese, Romanian or
	// Dutch postcode, the second ending the line, the cell or the item:
	// "66-400 Gorzów Wielkopolski, Polen", "530112 Miercurea Ciuc, Rumänien";
	// a state's name after the town ("45-057 Opole Polen") stays out
	if other && e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) {
		if ke := wordEnd(raw, e+1); ke > e+1 && (ke == len(raw) || bytes.IndexByte([]byte(",\r\n)"), raw[ke]) >= 0) &&
			d.lx.flags(low[e+1:ke])&wCountry == 0 {
			e = ke
		}
	}
	// an Ortsteil after its municipality, as the post writes it: "17291
	// Gramzow OT Meichow", "18565 Insel Hiddensee OT Vitte"; after a comma
	// ("25980 Sylt, OT Keitum") or in brackets it is a remark after the
	// address, as a district is
	// a municipality named by an adjective and "Land" ("16775 Löwenberger
	// Land", "16567 Mühlenbecker Land"; round 70, blind45 016)
	if hasPrefixAt(raw, e, " Land") && e-c >= 4 && hasSuffixAt(low, e, "er") && wordEnd(raw, e+1) == e+5 {
		e += 5
	}
	e = ortsteilAfter(raw, e)
	if e+1 < len(raw) && raw[e] == '/' && isCap(raw, e+1) { // Turkish "Kadıköy/İstanbul"
		e = wordEnd(raw, e+1)
		if e < len(raw) && raw[e] == '.' && regionAbbrevs[string(low[wordStartBack(raw, e):e])] {
			e++ // "09548 Seiffen/Erzgeb.": the region's abbreviation with its period (round 70, blind45 097)
		}
	}
	// a double-barrelled town hyphenated over a line break of a PDF copy:
	// "27711 Osterholz-\nScharmbeck"
	// or a town's word broken by an OCR's hyphenation: "45881 Gelsen-\nkirchen"
	if e+2 < len(raw) && raw[e] == '-' && (raw[e+1] == '\n' || raw[e+1] == '\r') {
		if k := skipSpace(raw, e+1, 1); k > e+1 && isCap(raw, k) {
			e = wordEnd(raw, k)
		} else if k > e+1 && k < len(raw) && isLowerASCII(raw[k]) { // not past the text: "00000 A-\n " at its end
			// a lower-case rest that ends the line or the address ("Bonn-\nund weiter" is a sentence)
			if ke := wordEnd(raw, k); ke >= len(raw) || bytes.IndexByte([]byte("\r\n,.;)"), raw[ke]) >= 0 {
				e = ke
			} else if te := townParticle(raw, low, ke, capAt); te > ke && (te >= len(raw) || bytes.IndexByte([]byte("\r\n,.;)\t"), raw[te]) >= 0 || hasPrefixAt(raw, te, "  ")) {
				e = te // the rest and the town's particle, before a column's gap too: "82432 Ko-\n  chel am See  liegt vor"
			}
		}
	}
	// a region after the city: "Halle (Saale)", "Hennef (Sieg)"; not a
	// building or a hall ("Alfter (Halle 3)") nor a remark with a digit,
	// nor a district named by two capitalised words ("Much (Ortsteil
	// Marienfeld)", "Bonn (Stadtbezirk Beuel)")
	if hasPrefixAt(raw, e, " (") {
		if z := strings.IndexByte(string(raw[e:min(len(raw), e+24)]), ')'); z > 2 && isCap(raw, e+2) && bytes.IndexAny(raw[e+2:e+z], "0123456789") < 0 &&
			bytes.IndexByte(raw[e+2:e+z], ' ') < 0 && !allCaps(raw[e+2:e+z]) && // not a remark's abbreviation: "Köln (WG)", "Bonn (EG)"
			!buildingWord(low[e+2:e+z]) && // nor a building or a room: "Bottrop (Einzelzimmer)", "Bielefeld (Altenheim)"
			!remarkWord(low[e+2:e+z]) { // nor a party's role or the site's kind: "Kaiserslautern (Auftraggeberin)", "Meppen (Baudenkmal)"
			e += z + 1
			e = ortsteilAfter(raw, e) // "35315 Homberg (Ohm) OT Nieder-Ofleiden" (round 70, blind45 077)
		}
	}
	if broken && e < len(raw) && raw[e] != '\n' && raw[e] != '\r' && raw[e] != ',' && raw[e] != '.' && raw[e] != ';' && raw[e] != ')' {
		return 0, false // a line that goes on after one capitalised word is no city
	}
	return e, true
}

// buildingEndings end the words of buildings and rooms, which in brackets
// after a town are a remark about the dwelling, not the town's region.
var buildingEndings = [...]string{"zimmer", "heim", "haus", "geschoss", "wohnung", "unterkunft", "gebäude", "etage", "raum"}

// buildingWord reports a word with one of buildingEndings.
func buildingWord(w []byte) bool {
	for _, e := range buildingEndings {
		if bytes.HasSuffix(w, []byte(e)) {
			return true
		}
	}
	return false
}

// remarkEndings end the words that, in brackets after a town, say whose
// the address is or what stands there: a party's role in a contract or a
// register ("Auftraggeberin", "Auftragnehmer", "Eigentümer", "Mieterin",
// "Inhaber") or a listed site ("Baudenkmal"); a region (Saale, Oder, Ems)
// ends in none of them.
var remarkEndings = [...]string{"geber", "geberin", "nehmer", "nehmerin", "tümer", "tümerin", "mieter", "mieterin", "pächter",
	"pächterin", "inhaber", "inhaberin", "halter", "halterin", "besitzer", "besitzerin", "denkmal"}

// remarkWord reports a word with one of remarkEndings.
func remarkWord(w []byte) bool {
	for _, e := range remarkEndings {
		if bytes.HasSuffix(w, []byte(e)) {
			return true
		}
	}
	return false
}

// foreignCity reports a town of foreign_postal_cities.txt at c.
func (d *addressDetector) foreignCity(low []byte, c int) bool {
	for _, city := range d.lx.mustList("foreign_postal_cities") {
		if hasPrefixAt(low, c, city) && (c+len(city) >= len(low) || !isLetter(low[c+len(city)]) && low[c+len(city)] < 0x80) {
			return true
		}
	}
	return false
}

// rangeSep returns the length of a house-number range separator at i ("-",
// "/" or an en dash), 0 if there is none.
func rangeSep(raw []byte, i int) int {
	switch {
	case i < len(raw) && (raw[i] == '-' || raw[i] == '/'):
		return 1
	case hasPrefixAt(raw, i, "–"):
		return len("–")
	}
	return 0
}
