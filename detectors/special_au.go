package detectors

import "bytes"

// sickNoteKeys find "AU" (Arbeitsunfähigkeit) as a word for sickNote. The
// prefilter reports a keyword at word starts: one of two letters ("au")
// would stand at every auf, aus and auch, one with the byte after it only
// where the word is the two letters.
var sickNoteKeys = []string{"au ", "au.", "au,", "au\n"}

// sickNote appends "AU", the abbreviation of Arbeitsunfähigkeit, where a
// sentence about a person states it as her state (sickNoteAt): "Herr
// Kowalski ist seit Montag AU", "ich bin AU bis Freitag", "seine AU endet
// am 12.03." (TAXONOMY: sick leave stated about a person). Only the capitals
// count: "Au" is a place and a river meadow, "au" a cry. A general rule
// ("ab 6 Wochen AU im Jahr"), the Abgasuntersuchung of a vehicle ("HU/AU",
// "der Dienstwagen ist zur AU") and a country code stay none.
func (d *specialDetector) sickNote(ix *specialIndex, t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	for _, hits := range t.listHitsAt(sickNoteKeysSlot, sickNoteKeys) {
		for _, h := range hits {
			if raw[h] != 'A' || raw[h+1] != 'U' || !isWordStartAt(raw, h) || h > 0 && (raw[h-1] == '/' || raw[h-1] == '-' || raw[h-1] == '+') {
				continue
			}
			if !sickNoteAt(low, h) || covered(dst[n0:], h) {
				continue
			}
			a, z := ix.sentenceBounds(raw, h, h+2, 200, 160)
			if vehicleWords(low[a:z]) {
				continue // "Der Dienstwagen ist ab Montag AU-frei", "Fahrzeug: HU und AU bis 05/2027"
			}
			if ok, _ := d.aboutPerson(ix, t, h, h+2, false, false); !ok {
				continue
			}
			dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: h, End: h + 2, Score: 0.8})
		}
	}
	return dst
}

// stateVerbs state what someone is: "ist AU", "bin weiterhin AU".
var stateVerbs = map[string]bool{"ist": true, "bin": true, "bist": true, "sind": true, "seid": true, "war": true, "warst": true,
	"waren": true, "bleibt": true, "bleibe": true, "bleiben": true, "wird": true, "werde": true, "wurde": true, "wäre": true}

// sickNoteAt reports whether "AU" at h (low: the text lower-cased) is
// stated as a state or as someone's: a state verb before it in its clause
// (at most five words back, no article right before it: "ist zur AU" is a
// vehicle's test), a possessive right before it ("seine AU"), or a time
// after it ("AU bis 14.03.", "AU seit Montag", "AU ab 3.5.").
func sickNoteAt(low []byte, h int) bool {
	if prevWordIs(low, h, "seine", "ihre", "meine", "deine", "unsere", "eure") {
		return true
	}
	e := h + 2
	for _, w := range []string{" bis ", " seit ", " ab ", " vom "} {
		if hasPrefixAt(low, e, w) {
			if k := e + len(w); k < len(low) && (isDigit(low[k]) || weekdayOrMonth(low, k)) {
				return true
			}
		}
	}
	if prevWordIs(low, h, "zur", "zum", "die", "der", "den", "eine", "einer", "und", "oder", "mit", "für", "in", "aus", "nach", "von") {
		return false
	}
	i := h
	for n := 0; n < 5; n++ {
		pe := i
		for pe > 0 && low[pe-1] == ' ' {
			pe--
		}
		ps := pe
		for ps > 0 && (isAlnum(low[ps-1]) || low[ps-1] >= 0x80 || low[ps-1] == '.' && ps-1 < pe-1) {
			ps--
		}
		if ps == pe || pe == i {
			return false // a comma, a colon or a line break ends the clause
		}
		if stateVerbs[string(low[ps:pe])] {
			return true
		}
		i = ps
	}
	return false
}

// weekdayOrMonth reports a German weekday or month name at k in low.
func weekdayOrMonth(low []byte, k int) bool {
	for _, w := range []string{"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "ende ", "mitte ",
		"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember",
		"heute", "morgen", "gestern", "nächste", "kommende", "letzte", "voraussichtlich"} {
		if hasPrefixAt(low, k, w) {
			return true
		}
	}
	return false
}

// vehicleWords reports the words of a vehicle's inspection in a sentence:
// there AU is the Abgasuntersuchung.
func vehicleWords(win []byte) bool {
	for _, w := range []string{"fahrzeug", "wagen", "kfz", "pkw", "lkw", "tüv", "abgas", "plakette", "hauptuntersuchung", "werkstatt", "kennzeichen", "auto"} {
		if bytes.Contains(win, []byte(w)) {
			return true
		}
	}
	for off := 0; ; {
		j := bytes.Index(win[off:], []byte("hu"))
		if j < 0 {
			return false
		}
		k := off + j
		if (k == 0 || !isLetter(win[k-1])) && (k+2 == len(win) || !isLetter(win[k+2])) {
			return true // "HU/AU", "HU und AU"
		}
		off = k + 2
	}
}

// sickNoteKeysSlot is sickNote's list slot (Text.listHitsAt).
var sickNoteKeysSlot = newListSlot()
