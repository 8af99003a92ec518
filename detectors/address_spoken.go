package detectors

// spokenStreetEnds are the street words after which a dictation or a voice
// memo's transcript speaks the house number ("lindenstraße zwölf in hoya",
// "Wandsbeker Marktstraße einhundertvierzehn", "brauhausgasse zwölf",
// "am rosenhang vier komma neun neun null neun sechs erfurt"), with the
// blank after them.
var spokenStreetEnds = [...]string{"straße ", "strasse ", "str. ", "gasse ", "weg ", "platz ", "allee ", "ring ", "hang ", "damm "}

// spokenAddresses finds a street whose house number is spoken (round 78):
// a street name that streetBefore reads, right after it a cardinal word of
// 1 to 999 ("zwölf", "einhundertvierzehn") or up to three digit words
// before a comma ("eins zwei drei, sieben null …"), then no capitalised
// word but the dictation's own ("Komma", "Punkt"); the span runs on over
// "in" and a town ("in hoya"), or over a postcode spoken in five digits
// after "in", "komma" or a comma and the town after it ("Komma sechs sechs
// sechs null sechs Sankt Wendel"). A number of things after a street
// ("in der Hauptstraße zwei Unfälle") has a capitalised noun after it. The
// number words are found among the prefilter's word starts (spokenNumberKeys):
// a search of the text for each street word cost ≈42 M instructions per MB.
func (d *addressDetector) spokenAddresses(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	for _, hits := range t.listHitsAt(spokenNumberKeysSlot, spokenNumberKeys) {
		for _, k := range hits {
			se := k - 1 // the blank after the street's name
			if se < 4 || raw[se] != ' ' || !streetEndByte[low[se-1]] || !spokenStreetEnd(low, k) {
				continue
			}
			e, ok := spokenHouseNumber(raw, low, k)
			if !ok {
				continue
			}
			s, _, ok := d.streetBefore(raw, low, se)
			if !ok || covered(dst[n0:], s) || covered(dst[n0:], se-1) {
				continue
			}
			dst = append(dst, Finding{Type: "POSTAL_ADDRESS", Start: s, End: spokenPlace(raw, low, e), Score: 0.75})
		}
	}
	return dst
}

// spokenNumberKeys are the word starts of the cardinal words 1 to 999, the
// keywords besides the digits of the address detector.
var spokenNumberKeys = []string{"eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht",
	"neun", "zehn", "elf", "zwölf", "zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig",
	"einund", "einhundert", "hundert"}

// spokenNumberKeysSlot caches the prefilter's ids of spokenNumberKeys.
var spokenNumberKeysSlot = newListSlot()

// streetEndByte holds the last bytes of spokenStreetEnds' words: most words
// before a number word end otherwise and are passed over at once.
var streetEndByte = [256]bool{'e': true, '.': true, 'g': true, 'z': true, 'm': true}

// spokenStreetEnd reports one of spokenStreetEnds ending right before k.
func spokenStreetEnd(low []byte, k int) bool {
	for _, w := range spokenStreetEnds {
		if k >= len(w) && string(low[k-len(w):k]) == w {
			return true
		}
	}
	return false
}

// dictationWords are the spoken punctuation of a dictation, capitalised in
// some transcripts ("Komma", "Punkt").
var dictationWords = map[string]bool{"komma": true, "punkt": true, "absatz": true, "doppelpunkt": true, "strich": true, "klammer": true}

// spokenHouseNumber reads a spoken house number at k and returns its end:
// one cardinal word of 1 to 999, or two or three digit words before a
// comma and a postcode spoken in five digits. The word after it must not
// be capitalised, unless it is a dictation's word.
func spokenHouseNumber(raw, low []byte, k int) (int, bool) {
	e, v, digits, ok := spokenNumberAt(low, k)
	if !ok || v < 1 || digits > 3 {
		return k, false
	}
	// "eins zwei drei, sieben null eins neun eins Stuttgart"
	if v < 10 {
		j, n := e, 1
		for n < 3 && j+1 < len(low) && low[j] == ' ' {
			we, _, dd, ok := spokenNumberAt(low, j+1)
			if !ok || dd != 1 {
				break
			}
			j, n = we, n+1
		}
		if n > 1 {
			if spokenPLZAfter(low, j) > j {
				e = j
			} else {
				return k, false // digit words without a postcode: a telephone's or a reference's
			}
		}
	}
	if e < len(low) && low[e] == ' ' && e+1 < len(raw) {
		we, ok := spokenWordAt(low, e+1)
		if isUpper(raw[e+1]) && (!ok || !dictationWords[string(low[e+1:we])]) || ok && countedWords[string(low[e+1:we])] {
			return k, false
		}
	}
	return e, true
}

// countedWords after a number count something in a transcript written in
// lower case: "die hauptstraße drei mal gesperrt", "zwei jahre".
var countedWords = map[string]bool{"mal": true, "jahre": true, "jahren": true, "tage": true, "tagen": true, "wochen": true,
	"monate": true, "monaten": true, "stunden": true, "minuten": true, "kilometer": true, "meter": true, "stück": true,
	"prozent": true, "euro": true, "uhr": true, "autos": true, "häuser": true, "leute": true, "personen": true}

// spokenPLZAfter returns the end of a postcode spoken in five digits after
// ", ", " komma " or " in " at e, or e.
func spokenPLZAfter(low []byte, e int) int {
	for _, sep := range [...]string{", ", " komma ", " in "} {
		if hasPrefixAt(low, e, sep) {
			if pe, _, ok := spokenDigitsAt(low, e+len(sep), 5); ok {
				return pe
			}
		}
	}
	return e
}

// notTowns are words after "in" that name no town: "in der wohnung".
var notTowns = map[string]bool{"der": true, "die": true, "das": true, "den": true, "dem": true, "des": true, "ein": true, "eine": true,
	"einer": true, "einem": true, "einen": true, "meiner": true, "meinem": true, "seiner": true, "seinem": true, "ihrer": true,
	"ihrem": true, "unserer": true, "unserem": true, "ordnung": true, "höhe": true, "richtung": true, "ruhe": true}

// spokenPlace extends a spoken address ending at e over its postcode and
// town: "in hoya", "komma neun neun null neun sechs erfurt", ", sieben null
// eins neun eins Stuttgart", "Komma sechs sechs sechs null sechs Sankt
// Wendel" (a town of capitalised words takes up to three).
func spokenPlace(raw, low []byte, e int) int {
	k := e
	if pe := spokenPLZAfter(low, e); pe > e {
		k = pe
	} else if hasPrefixAt(low, e, " in ") {
		k = e + 3
	} else {
		return e
	}
	if k >= len(low) || low[k] != ' ' {
		return e
	}
	we, ok := spokenWordAt(low, k+1)
	if !ok || we-k-1 < 3 || notTowns[string(low[k+1:we])] || dictationWords[string(low[k+1:we])] {
		if k > e && (k < len(low) && low[k] != ' ' || ok && dictationWords[string(low[k+1:we])]) {
			return k // the postcode without a town
		}
		return e
	}
	end := we
	if isUpper(raw[k+1]) {
		for n := 1; n < 3 && end+1 < len(raw) && raw[end] == ' ' && isUpper(raw[end+1]); n++ {
			ne, ok := spokenWordAt(low, end+1)
			if !ok || dictationWords[string(low[end+1:ne])] {
				break
			}
			end = ne
		}
	}
	return end
}
