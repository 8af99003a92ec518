package detectors

import (
	"bytes"
)

// CLASSIFICATION: Verschlusssachen markings (VSA): VS-NfD / VS – NUR FÜR DEN
// DIENSTGEBRAUCH, VS-VERTRAULICH, GEHEIM, STRENG GEHEIM, in any spelling and
// spacing, also inside compounds (VS-NfD-Dokument). A marking is "VS" with
// a grade, a grade in capitals, or a grade as a label value (Einstufung:
// geheim) or alone on its line. Ordinary words (geheime Abstimmung, bitte
// vertraulich behandeln, Dienstgeheimnis) are not markings.
type classificationDetector struct{}

var _ Detector = classificationDetector{}

// nfdMarks and secrecyMarks are the markings without VS, in the order they
// are looked for.
var (
	nfdMarks     = []string{"nur für den dienstgebrauch", "nfd"}
	secrecyMarks = []string{"streng geheim", "geheim", "vertraulich"}
)

// NewClassification returns the CLASSIFICATION detector.
func NewClassification() Detector { return classificationDetector{} }

func (classificationDetector) Type() string { return "CLASSIFICATION" }

func (classificationDetector) Keywords() []string {
	return []string{"vs", "geheim", "vertraulich", "dienstgebrauch", "nfd", "verschlusssache"}
}

// grades after "VS" (lower case, spaces normalised by the matcher).
var vsGrades = []string{"nur für den dienstgebrauch", "nur fuer den dienstgebrauch", "nfd", "vertraulich", "geheim", "streng geheim"}

func (d classificationDetector) Scan(t *Text, dst []Finding) []Finding {
	raw, low := t.Raw, t.Lower()
	n0 := len(dst)
	add := func(s, e int) {
		if !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CLASSIFICATION", Start: s, End: e, Score: 0.95})
		}
	}
	// VS + grade: "VS-NfD", "VS – NUR FÜR DEN DIENSTGEBRAUCH", "VS-Vertraulich".
	// "Verschlusssache – Nur für den Dienstgebrauch" is the same marking
	// spelt out.
	vsHits := t.keyHits(keyVS)
	spelt := len(vsHits)
	vsHits = append(vsHits[:spelt:spelt], t.keyHits(keyVerschlusssache)...)
	for n, h := range vsHits {
		pl := 2
		if n >= spelt {
			pl = len("verschlusssache")
		}
		// lower case "vs" (a chat: "vs-nfd", "vs - nur für den dienstgebrauch")
		// is also "versus": see below which grades it takes
		lower := pl == 2 && raw[h] == 'v' && raw[h+1] == 's'
		if !isWordStartAt(raw, h) || (raw[h] != 'V' || pl == 2 && (raw[h+1] != 'S' && raw[h+1] != 's')) && !lower {
			continue
		}
		k := h + pl
		// separators: -, –, —, space, ":"
		for k < len(raw) {
			switch {
			case raw[k] == '-' || raw[k] == ' ' || raw[k] == ':':
				k++
				continue
			case hasPrefixAt(raw, k, "–") || hasPrefixAt(raw, k, "—"):
				k += 3
				continue
			}
			break
		}
		if k-(h+pl) > 6 || k == h+pl && pl > 2 {
			continue
		}
		if e, ok := matchGrade(low, k); ok && (!lower || lowerVSGrade(raw, h+pl, k, low[k:e])) {
			add(h, e)
		}
	}
	// "Nur für den Dienstgebrauch" / "NfD" without VS: as a marking in capitals,
	// alone on a line or after a label.
	for li, hits := range t.listHitsAt(nfdMarksSlot, nfdMarks) {
		kw := nfdMarks[li]
		for _, h := range hits {
			if !isWordStartAt(raw, h) || !wordBoundaryAfter(raw, h+len(kw)) || covered(dst[n0:], h) {
				continue
			}
			e := h + len(kw)
			if kw == "nfd" && !bytes.Equal(raw[h:e], []byte("NfD")) && !bytes.Equal(raw[h:e], []byte("NFD")) {
				continue
			}
			if allCaps(raw[h:e]) || aloneOnLine(raw, h, e) || afterLabel(low, h) || kw == "nfd" {
				add(h, e)
			}
		}
	}
	// GEHEIM / STRENG GEHEIM / VERTRAULICH as markings.
	for li, hits := range t.listHitsAt(secrecyMarksSlot, secrecyMarks) {
		kw := secrecyMarks[li]
		for _, h := range hits {
			e := h + len(kw)
			if !isWordStartAt(raw, h) || covered(dst[n0:], h) {
				continue
			}
			if !wordBoundaryAfter(raw, e) && !(e < len(raw) && raw[e] == '-') {
				continue
			}
			s := h
			if kw == "geheim" && h >= 7 && string(low[h-7:h]) == "streng " {
				continue // handled as "streng geheim"
			}
			caps := allCaps(raw[s:e])
			// bare VERTRAULICH is no VS grade (VS-VERTRAULICH is found above):
			// only as a stamp on a line of its own or after a label, not in a
			// heading ("Beurteilung – VERTRAULICH, Personalsache")
			if kw == "vertraulich" && !afterLabel(low, h) && !(caps && aloneOnLine(raw, s, e)) {
				continue
			}
			if caps || aloneOnLine(raw, s, e) || afterLabel(low, s) {
				add(s, e)
			}
		}
	}
	return dst
}

// lowerVSGrade reports whether grade g after a lower-case "vs" (separators
// raw[s:k]) makes a marking rather than "versus": "nur für den
// dienstgebrauch" and "nfd" after any separator ("vs nfd" is no contest),
// the words "vertraulich" and "geheim", which also stand for themselves
// ("öffentlich vs geheim"), only joined by a hyphen ("vs-geheim").
func lowerVSGrade(raw []byte, s, k int, g []byte) bool {
	if bytes.HasPrefix(g, []byte("nur f")) {
		return true
	}
	if bytes.Equal(g, []byte("nfd")) {
		return !wordAfter(raw, k+3) // not "vs nfdump"
	}
	return k == s+1 && raw[s] == '-'
}

// matchGrade matches a grade at k in low, allowing any run of spaces,
// hyphens or dashes where the grade has a space.
func matchGrade(low []byte, k int) (int, bool) {
	for _, g := range vsGrades {
		j, ok := k, true
		for gi := 0; gi < len(g); gi++ {
			if g[gi] == ' ' {
				n := j
				for n < len(low) && (low[n] == ' ' || low[n] == '-' || low[n] == '\n') {
					n++
				}
				if n == j {
					ok = false
					break
				}
				j = n
				continue
			}
			if j >= len(low) || low[j] != g[gi] {
				ok = false
				break
			}
			j++
		}
		if ok && (j >= len(low) || !isAlnum(low[j]) || g == "nfd") {
			return j, true
		}
	}
	return 0, false
}

// wordAfter reports a letter or digit at e, which makes the word before it
// run on.
func wordAfter(raw []byte, e int) bool { return !wordBoundaryAfter(raw, e) }

func wordBoundaryAfter(raw []byte, e int) bool {
	if e >= len(raw) {
		return true
	}
	_, _, ok := letterAt(raw, e)
	return !ok && !isDigit(raw[e])
}

func allCaps(b []byte) bool {
	has := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if isLowerASCII(c) {
			return false
		}
		if c == 0xC3 && i+1 < len(b) && b[i+1] >= 0xA0 { // ä ö ü ß as lower case
			return false
		}
		has = has || isUpper(c)
	}
	return has
}

// aloneOnLine reports whether [s, e) is the only text on its line (apart
// from punctuation such as "*", "–", brackets).
func aloneOnLine(raw []byte, s, e int) bool {
	for i := s - 1; i >= 0 && raw[i] != '\n'; i-- {
		if isAlnum(raw[i]) || raw[i] >= 0x80 {
			return false
		}
	}
	for i := e; i < len(raw) && raw[i] != '\n'; i++ {
		if isAlnum(raw[i]) || raw[i] >= 0x80 {
			return false
		}
	}
	return true
}

// afterLabel reports a classification label right before s
// (Einstufung:, Geheimhaltungsgrad:, Verschlusssache, Klassifizierung:).
func afterLabel(low []byte, s int) bool {
	a := max(0, s-40)
	b := low[a:s]
	for _, l := range []string{"einstufung", "geheimhaltungsgrad", "verschlusssache", "klassifizierung", "vs-grad", "eingestuft als", "schutzstufe"} {
		if i := bytes.LastIndex(b, []byte(l)); i >= 0 {
			rest := bytes.Trim(b[i+len(l):], " \t:-–—")
			if len(rest) == 0 {
				return true
			}
		}
	}
	return false
}

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	nfdMarksSlot     = newListSlot()
	secrecyMarksSlot = newListSlot()
)

// The keyword slots of the VS markings (Text.keyHits).
var (
	keyVS              = newKeySlot("vs")
	keyVerschlusssache = newKeySlot("verschlusssache")
)
