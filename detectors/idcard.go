package detectors

import (
	"bytes"
	"strings"
)

// idCardDetector finds Personalausweis and Reisepass numbers: ten characters
// with a valid 7-3-1 check digit (also inside MRZ lines), or the nine
// characters as printed when a label word says it is a document number.
type idCardDetector struct{}

var _ Detector = idCardDetector{}

func (idCardDetector) Type() string       { return "DE_ID_CARD" }
func (idCardDetector) Keywords() []string { return DigitKeywords }

var idContext = Context{Before: 60, After: 10, Positive: []string{"ausweis", "reisepass", "pass-nr", "passnr", "passnummer", "pass nr",
	"dokumentennummer", "dokumentnummer", "document no", "document number", "personalausweis", "pa-nr", "idd<<", "p<d<<",
	"perso ", "perso-", "perso:", "perso.", "persos ", "id-karte", "serienn", "passport n", "id card n",
	// a log's or a record's key of the document number ("docNo=…", "document_number": …)
	"docno", "doc_no", "doc-no", "docnumber", "doc_number", "documentnumber", "document_number"},
	// a foreign document: the alphabet of German serials does not rule out
	// another state's passport number ("Nationalpass Afghanistan, Nr. …")
	Negative: []string{"nationalpass", "heimatpass", "ausländische", "ausländischen", "ausländischer", "foreign passport"}}.Compile()

func (idCardDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	next := 0
	for _, r := range t.DigitRuns() {
		if r.Start < next {
			continue
		}
		// Expand to the surrounding token of upper-case letters and digits.
		s, e := r.Start, r.End
		for s > 0 && (isUpper(b[s-1]) || isDigit(b[s-1])) {
			s--
		}
		for e < len(b) && (isUpper(b[e]) || isDigit(b[e])) {
			e++
		}
		next = e
		if e-s > 12 || !t.WordStart(s) && !quoteBefore(b, s) || e < len(b) && IsWordByte(b[e]) && !closingQuote(b, e) {
			continue
		}
		tok := b[s:e]
		mrz := e < len(b) && b[e] == '<'
		// TD3 passport line 2: number, check digit, then nationality "D<<".
		if len(tok) == 11 && tok[10] == 'D' && mrz {
			tok = tok[:10]
			e = s + 10
		}
		switch len(tok) {
		case 10:
			if validIDNumber(tok) {
				pos, _ := idContext.Near(t, s, e)
				if kvnrLike(tok) && !pos && !mrz {
					continue
				}
				if !mrz && (foreignPass(t.LineBefore(s, 80)) || stateAfter(t.Lower()[e:min(len(b), e+40)], 0) || bornAbroad(t.Lower(), s)) {
					continue // "Reisepass SYR", "nummer": "N014772839": another state's passport (its number may pass the check digit)
				}
				dst = append(dst, Finding{Type: "DE_ID_CARD", Start: s, End: e, Score: idContext.Score(t, s, e, 0.9)})
			} else if allDigits(tok) && check731(tok[:9]) == int(tok[9]-'0') {
				// Old Personalausweis (before 2010): ten digits, only with context.
				if pos, _ := idContext.Near(t, s, e); pos || mrz {
					dst = append(dst, Finding{Type: "DE_ID_CARD", Start: s, End: e, Score: 0.8})
				}
			}
		case 9:
			if validIDSerial(tok) && !kvnrLike(tok) {
				pos, neg := idContext.Near(t, s, e)
				if !pos && !neg {
					pos = numberOfDocument(t.Lower(), s)
				}
				if pos && !neg && !foreignPass(t.LineBefore(s, 80)) && !stateAfter(t.Lower()[e:min(len(b), e+40)], 0) && !bornAbroad(t.Lower(), s) {
					dst = append(dst, Finding{Type: "DE_ID_CARD", Start: s, End: e, Score: 0.85})
				}
			}
		}
	}
	return dst
}

// numberOfDocument reports "… meinen Personalausweis verloren, … Die Nummer
// war L31HNWFYF": "Nummer" (or "Nr.") within 24 bytes before s and the
// document named earlier in the paragraph, within 240 bytes.
func numberOfDocument(low []byte, s int) bool {
	near := low[max(0, s-24):s]
	if !bytes.Contains(near, []byte(" nummer")) && !bytes.Contains(near, []byte(" nr.")) {
		return false
	}
	far := low[max(0, s-240):s]
	if k := bytes.LastIndex(far, []byte("\n\n")); k >= 0 {
		far = far[k:]
	}
	return bytes.Contains(far, []byte("ausweis")) || bytes.Contains(far, []byte("reisepass"))
}

// foreignPass reports a passport of another state named before a number:
// a nationality adjective right before "pass"/"reisepass" ("Afghanischer
// Reisepass liegt vor (Nr. P04718263 …)", "syrischen Pass"), not "deutscher".
func foreignPass(before []byte) bool {
	for off := 0; ; {
		i := bytes.Index(before[off:], []byte("pass"))
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		if hasPrefixAt(before, max(0, i-5), "reise") && i >= 5 {
			i -= 5
		}
		if stateAfter(before, off+3) {
			return true // "Reisepass Republik Kosovo Nr. …", "Pass der Türkei"
		}
		ps, pe := prevWord(before, i)
		if pe != i-1 || pe-ps < 6 {
			continue
		}
		w := before[ps:pe]
		if bytes.HasPrefix(w, []byte("deutsch")) {
			continue
		}
		for _, end := range [...]string{"isch", "ische", "ischer", "ischen", "isches", "ischem"} {
			if bytes.HasSuffix(w, []byte(end)) {
				return true
			}
		}
	}
}

// bornAbroad reports an English passport label whose holder the same line
// says was born in, or is a citizen or national of, another state ("born 19
// July 1992 in Durban, South Africa, passport no. …", "a citizen of Ghana,
// passport number …"): the number is that state's. German words rule it out
// ("born in Leeds, England, a German citizen, passport no. …"), and a state
// named otherwise (a journey's destination) says nothing of the passport.
func bornAbroad(low []byte, s int) bool {
	line := low[max(0, s-200):s]
	if k := bytes.LastIndexByte(line, '\n'); k >= 0 {
		line = line[k+1:]
	}
	p := bytes.LastIndex(line, []byte("passport"))
	if p < 0 || bytes.Contains(line, []byte("german")) || bytes.Contains(line, []byte("deutsch")) {
		return false
	}
	k := -1
	for _, w := range [...]string{"born ", "citizen of ", "national of ", "nationality"} {
		if i := bytes.LastIndex(line[:p], []byte(w)); i > k {
			k = i
		}
	}
	if k < 0 {
		return false
	}
	lx := DefaultLexicons()
	prev := ""
	for i := k; i < p; {
		for i < p && !isLetter(line[i]) && line[i] < 0x80 {
			i++
		}
		j := i
		for j < p && (isLetter(line[j]) || line[j] >= 0x80) {
			j++
		}
		if j == i {
			break
		}
		w := line[i:j]
		if lx.flags(w)&wCountry != 0 || stateNames[prev+" "+string(w)] {
			return true
		}
		prev, i = string(w), j
	}
	return false
}

// passStates are words that name the issuing state right after "pass":
// a form of state and the states whose passports German municipalities see
// most (lower case).
var passStates = map[string]bool{"republik": true, "königreich": true, "fürstentum": true, "föderation": true,
	"staat": true, "vereinigte": true, "vereinigten": true, "kosovo": true, "kosova": true, "serbien": true, "albanien": true,
	"türkei": true, "syrien": true, "syriens": true, "afghanistan": true, "afghanistans": true, "irak": true, "iran": true,
	"eritrea": true, "eritreas": true, "nigeria": true, "nigerias": true, "ukraine": true, "russland": true, "russlands": true,
	"polen": true, "polens": true, "rumänien": true, "rumäniens": true, "bulgarien": true, "nordmazedonien": true,
	"bosnien": true, "montenegro": true, "georgien": true, "indien": true, "indiens": true, "pakistan": true,
	"pakistans": true, "vietnam": true, "vietnams": true, "china": true, "chinas": true, "marokko": true, "marokkos": true,
	"tunesien": true, "tunesiens": true, "algerien": true, "algeriens": true, "somalia": true, "somalias": true,
	"äthiopien": true, "äthiopiens": true, "ghana": true, "ghanas": true, "libanon": true, "libanons": true,
	"italien": true, "italiens": true, "griechenland": true, "griechenlands": true, "kroatien": true, "kroatiens": true,
	"moldau": true, "moldawien": true, "armenien": true, "aserbaidschan": true, "usa": true,
	// the states' ISO 3166 codes, as a form or a record gives them ("Reisepass SYR")
	"syr": true, "afg": true, "irq": true, "irn": true, "eri": true, "nga": true, "ukr": true, "rus": true, "pol": true,
	"rou": true, "bgr": true, "mkd": true, "bih": true, "mne": true, "geo": true, "pak": true, "vnm": true, "chn": true,
	"mar": true, "tun": true, "dza": true, "som": true, "eth": true, "gha": true, "lbn": true, "ita": true, "grc": true,
	"hrv": true, "mda": true, "aze": true, "tur": true, "srb": true, "alb": true, "rks": true, "xkx": true, "ind": true}

// stateAfter reports a state named right after the "pass" ending at i
// (over "der", "des", "von" or an opening parenthesis): "Reisepass Republik
// Kosovo", "Pass der Türkei", "Reisepass (Syrien)"; with i = 0 on the text
// after a number, the state that issued it ("P01883027 (Republik Kosovo)").
func stateAfter(before []byte, i int) bool {
	k := i + 1
	if k > len(before) || i < len(before) && before[i] != ' ' && before[i] != '(' {
		return false
	}
	if k < len(before) && before[k] == '(' {
		k++
	}
	for _, a := range [...]string{"der ", "des ", "von "} {
		if hasPrefixAt(before, k, a) {
			k += len(a)
			break
		}
	}
	we := k
	for we < len(before) && (isLetter(before[we]) || before[we] >= 0x80) {
		we++
	}
	if we > k && passStates[string(before[k:we])] {
		return true
	}
	// "(polnisch)", "(ukrainisch)": the nationality of the document in brackets
	w := string(before[k:we])
	return k > i+1 && before[i+1] == '(' && strings.HasSuffix(w, "isch") && len(w) > 6 && !documentAdjectives[w]
}

// documentAdjectives end in -isch but say what kind of document it is, not
// whose state issued it.
var documentAdjectives = map[string]bool{"elektronisch": true, "biometrisch": true, "vorläufig": true, "technisch": true}

// closingQuote reports a typographic closing quote or apostrophe at e (“ ” ’ »
// «): the end of a quoted number, not more of the word.
func closingQuote(b []byte, e int) bool {
	return e+2 < len(b) && b[e] == 0xE2 && b[e+1] == 0x80 && (b[e+2] == 0x9C || b[e+2] == 0x9D || b[e+2] == 0x99) ||
		e+1 < len(b) && b[e] == 0xC2 && (b[e+1] == 0xBB || b[e+1] == 0xAB)
}

// quoteBefore reports a typographic opening quote right before s („ “ ‚ » «).
func quoteBefore(b []byte, s int) bool {
	return s >= 3 && b[s-3] == 0xE2 && b[s-2] == 0x80 && (b[s-1] == 0x9E || b[s-1] == 0x9C || b[s-1] == 0x9A) ||
		s >= 2 && b[s-2] == 0xC2 && (b[s-1] == 0xBB || b[s-1] == 0xAB)
}

// kvnrLike reports whether tok is one letter followed only by digits (the
// shape of a Krankenversichertennummer).
func kvnrLike(tok []byte) bool {
	return len(tok) == 10 && isUpper(tok[0]) && allDigits(tok[1:])
}
