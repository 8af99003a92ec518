package detectors

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// PERSON: names of natural persons. Names come from the lexicons
// (first_names.txt, surnames.txt) and from context: a salutation or title
// (Herr, Frau, Dr.), a label (Name:, gez.), a greeting (Hallo Ayşe,), the
// signature after "Mit freundlichen Grüßen", a birth name (geb. Müller), the
// "Nachname, Vorname" order, an initial (A. Schmidt) and passport MRZ lines.
// Titles stay outside the span, particles (von, al, bin) and double names
// inside. A name followed by a firm, school or street word (Müller GmbH,
// Geschwister-Scholl-Schule, Konrad Adenauer Straße) or after a public-body
// word (Stadt Bonn) is not a person.
type personDetector struct {
	lx *Lexicons
	// relKeys are the relation words followed by " " and ", " as
	// keywords, built once (not concatenated for every text)
	relKeys []string
	// lowerCued holds the cues of lowerCase: lowerCues, relKeys, lowerGreets,
	// lowerSignoffs
	lowerCued map[string]bool
	// placeLabels holds the labels of person_place_labels.txt
	placeLabels map[string]bool
	// healthWords are the one-word phrases of special_health.txt: no
	// Nachname, Vorname pair of unknown words in a cell ("Durchfall, Fieber")
	healthWords map[string]bool
	// pluralKeys are the words of person_plural_roles.txt with a blank, anchors
	// of pluralNames: "Kolleginnen Beyer und Lazarević"
	pluralKeys []string
	// attendance holds the labels of person_attendance.txt; attFirst their
	// first bytes and attLen their lengths (bit n: n bytes), tested first
	attendance map[string]bool
	attFirst   [256]bool
	attLen     uint32
	// placeholders holds the sample surnames of person_placeholders.txt
	// ("Mustermann"), see dropPlaceholders
	placeholders map[string]bool
}

var _ Detector = (*personDetector)(nil)

// NewPerson returns the PERSON detector with the embedded lexicons.
func NewPerson() Detector { return newPerson(DefaultLexicons()) }

func (d *personDetector) withLexicons(lx *Lexicons) Detector { return newPerson(lx) }

func newPerson(lx *Lexicons) *personDetector {
	d := &personDetector{lx: lx, lowerCued: map[string]bool{}, attendance: map[string]bool{}}
	d.placeLabels = map[string]bool{}
	for _, w := range lx.mustList("person_place_labels") {
		d.placeLabels[w] = true
	}
	d.healthWords = map[string]bool{}
	for _, w := range lx.List("special_health") {
		if !strings.ContainsRune(w, ' ') {
			d.healthWords[strings.TrimSuffix(w, " #")] = true
		}
	}
	d.placeholders = map[string]bool{}
	for _, w := range lx.mustList("person_placeholders") {
		d.placeholders[w] = true
	}
	for _, w := range lx.mustList("person_plural_roles") {
		d.pluralKeys = append(d.pluralKeys, w+" ")
	}
	for _, w := range lx.mustList("person_attendance") {
		d.attendance[w] = true
		d.attFirst[w[0]] = true
		if len(w) < 32 {
			d.attLen |= 1 << len(w)
		}
	}
	for _, r := range lx.List("relations") {
		d.relKeys = append(d.relKeys, r+" ", r+", ")
	}
	for _, k := range slices.Concat(lowerCues, d.relKeys, lowerGreets, lowerSignoffs, lowerIntros) {
		d.lowerCued[k] = true
	}
	return d
}

// anyLowerCue reports whether t may hold a cue of lowerCase (a salutation,
// relation, greeting or sign-off keyword): on a Text of an engine it asks the few
// keywords the text has, not the ≈140 cues one by one. The cues are all
// anchors of this detector, so such an engine's prefilter has them.
func (d *personDetector) anyLowerCue(t *Text) bool {
	if t.pf == nil || !t.seenDone {
		return true
	}
	for _, id := range t.hitIDs {
		if d.lowerCued[t.pf.kws[id]] {
			return true
		}
	}
	return false
}

func (d *personDetector) Type() string { return "PERSON" }

// Keywords is nil: a name can stand anywhere. Scan itself only looks up
// capitalised words, so it stays cheap on text without names.
func (d *personDetector) Keywords() []string { return nil }

var (
	greetings = map[string]bool{"hallo": true, "hi": true, "hey": true, "liebe": true, "lieber": true,
		"moin": true, "servus": true, "tag": true, "morgen": true, "abend": true, "dear": true, "hello": true,
		// greetings of neighbours and dialects before a given name ("Hej Rasmus", Kölsch "Leev Heike")
		"hej": true, "hoi": true, "salut": true, "ciao": true, "hola": true, "leev": true, "leeve": true}
	nameLabels = map[string]bool{"name": true, "vorname": true, "vornamen": true, "nachname": true, "familienname": true,
		"geburtsname": true, "antragsteller": true, "antragstellerin": true, "ansprechpartner": true,
		"ansprechpartnerin": true, "unterzeichner": true, "kind": true, "mutter": true, "vater": true,
		"ehemann": true, "ehefrau": true, "schüler": true, "schülerin": true, "bewerber": true, "bewerberin": true,
		"mitarbeiter": true, "mitarbeiterin": true, "patient": true, "patientin": true, "verfasser": true,
		"bearbeiter": true, "bearbeiterin": true, "bearbeitet": true, "sachbearbeiter": true, "sachbearbeiterin": true,
		"teilnehmer": true, "teilnehmerin": true, "betroffene": true, "betroffener": true, "halter": true,
		"fahrzeughalter": true, "inhaber": true, "inhaberin": true, "kontoinhaber": true, "empfänger": true,
		"absender": true, "beschäftigte": true, "beschäftigter": true, "von": true, "an": true, "cc": true,
		"ansprechperson": true, "zeuge": true, "zeugin": true, "beschuldigter": true, "beschuldigte": true,
		"kunde": true, "kundin": true, "klient": true, "klientin": true, "benutzer": true, "benutzerin": true,
		"indexfall": true, "kontaktperson": true, "ehename": true, "verlobte": true, "verlobter": true,
		"erziehungsberechtigte": true, "erziehungsberechtigter": true, "vormund": true, "betreuer": true, "betreuerin": true,
		"eltern": true, "elternteil": true, "sorgeberechtigte": true, "sorgeberechtigter": true,
		"sachbearbeitung": true, "bearbeitung": true, "zuständig": true, "autor": true, "author": true, "autorin": true,
		"geprüft": true, "gezeichnet": true, "freigegeben": true, "sb": true, "rufbereitschaft": true, "bereitschaft": true,
		// the writer of a file note: "Aufgenommen: Weidinger", "Gefertigt: Lehmann"
		"aufgenommen": true, "gefertigt": true, "protokolliert": true, "diktiert": true, "aufgestellt": true,
		// the clerk to ask, at the foot of a notice: "Kontakt: Meier-Lüdeking, Tel. …"
		// ("rückfragen" would do the same but, added to the word table,
		// costs 6 % instructions on the benchmark text: left out)
		"kontakt": true,
		// who runs the case or the minutes, who sits for whom: "Fallführung: Kühnle",
		// "Schriftführung: Oberdiek", "Schwerbehindertenvertretung: Belova"
		"fallführung": true, "fallverantwortung": true, "federführung": true, "schriftführung": true,
		"schriftführer": true, "schriftführerin": true, "protokoll": true, "vorsitz": true,
		"schwerbehindertenvertretung": true, "gleichstellungsbeauftragte": true, "vertrauensperson": true,
		// who certified a declaration: "Urkundsperson: Albrecht"
		"urkundsperson": true, "urkundsbeamter": true, "urkundsbeamtin": true, "standesbeamter": true, "standesbeamtin": true}
	// weakLabels are labels that also head other values ("Bearbeitung:
	// abgeschlossen"): the name after them must be in a name list or look like one.
	weakLabels = map[string]bool{"aufgenommen": true, "gefertigt": true, "protokolliert": true, "diktiert": true, "bearbeitung": true, "zuständig": true, "autor": true, "author": true, "autorin": true,
		"geprüft": true, "gezeichnet": true, "freigegeben": true, "sb": true, "rufbereitschaft": true, "bereitschaft": true,
		"kontakt": true, "protokoll": true, "vorsitz": true, "federführung": true, "aufgestellt": true}
	particles = map[string]bool{"von": true, "van": true, "vom": true, "der": true, "den": true, "de": true, "zu": true,
		"al": true, "el": true, "bin": true, "ibn": true, "abu": true, "da": true, "di": true, "dos": true, "das": true,
		"del": true, "ter": true, "ten": true, "la": true, "le": true, "y": true, "ben": true, "bint": true,
		// round 77: "Henning zur Horst", "Cornelia von dem Bussche", "Maria do Céu Pereira"
		"zur": true, "dem": true, "do": true}
	signoffs = map[string]bool{"grüßen": true, "grüße": true, "gruß": true, "mfg": true, "auftrag": true, "vertretung": true, "i.a.": true, "gez.": true,
		"danke": true, "dank": true, "lg": true, "vg": true, "bg": true, "cheers": true, "regards": true, "gruss": true, "thanks": true}
)

func (d *personDetector) Scan(t *Text, dst []Finding) []Finding {
	n0 := len(dst)
	dst = d.scan(t, dst)
	dst = d.brokenLineNames(t, dst, n0)
	dst = d.lineBreakNames(t, dst, n0)
	dst = d.ocrNames(t, dst, n0)
	dst = d.cellPairNames(t, dst, n0)
	d.dialectArticles(t, dst[n0:])
	d.carnivalTitles(t, dst[n0:])
	dst = d.quotedNicknames(t.Raw, dst, n0)
	dst = d.innerNicknames(t.Raw, dst, n0)
	return d.dropQuotedInstitutions(t, dst, n0)
}

// dropQuotedInstitutions drops a name that fills the quotes right after a
// school's, an office's, a firm's or a ship's word: the name the
// institution bears ("Grundschule „Fritz Reuter“", "Sekundarschule „Albert
// Schweitzer“", "Schiff "Prinz Heinrich""), no person of the text. The
// word is an office's (officeLike: -schule, -zentrum, -halle …), a body's
// or a firm's of the lexicon, or a ship's; a label's ("Vorname „Mei“",
// "Rufname") is none of them.
func (d *personDetector) dropQuotedInstitutions(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if f.Type == "PERSON" && d.quotedInstitution(raw, low, f.Start, f.End) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func (d *personDetector) quotedInstitution(raw, low []byte, s, e int) bool {
	if e >= len(raw) || raw[e] != '"' && !hasPrefixAt(raw, e, "“") && !hasPrefixAt(raw, e, "”") && !hasPrefixAt(raw, e, "«") {
		return false // the closing quote, of any kind: a hand or a tool mixes them ("„Fritz Reuter"")
	}
	for _, q := range nickQuotes {
		o := s - len(q[0])
		if o < 3 || !hasPrefixAt(raw, o, q[0]) || raw[o-1] != ' ' {
			continue
		}
		ws := wordStartBack(raw, o-1)
		if ws >= o-1 || !isCap(raw, ws) {
			return false
		}
		w := low[ws : o-1]
		return officeLike(w) || d.lx.flags(w)&(wOrg|wBody) != 0 || bytes.HasSuffix(w, []byte("schiff")) || string(w) == "gymnasium"
	}
	return false
}

// dropSaints drops a name right after "St.", "Sankt" or "Hl." that opens
// with a given name: the saint a church, a parish or a hospital is named
// after, with its town ("Pfarrei St. Markus Wittlich", "Kirche St. Josef
// Bitburg"), no person.
func (d *personDetector) dropSaints(t *Text, dst []Finding, n0 int) []Finding {
	low := t.Lower()
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if f.Type == "PERSON" && f.Start >= 3 && saintBefore(low, f.Start) {
			if we := wordEnd(t.Raw, f.Start); d.lx.flags(low[f.Start:we])&wFirst != 0 {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// dialectArticles leaves out of a name's span the article that dialects put
// before a given name ("De Willi vun Nr. 7", Saarländisch and Pfälzisch; "Da
// Sepp", Bairisch): "De" or "Da" opening the span at a sentence's or a line's
// start (or after a chat speaker's colon), before a word that is a given name
// and no surname. A particle before a surname stays ("De Luca", "Da Silva",
// "Di Marco": the lexicon knows them as surnames), and so does one after a
// title or a given name ("Frau De Luca", "Marco De Luca"), which stands
// elsewhere than at a sentence's start.
func (d *personDetector) dialectArticles(t *Text, fs []Finding) {
	raw := t.Raw
	for i := range fs {
		f := &fs[i]
		s := f.Start
		if f.Type != "PERSON" || f.End-s < 5 || raw[s] != 'D' || raw[s+1] != 'e' && raw[s+1] != 'a' || raw[s+2] != ' ' {
			continue
		}
		if !sentenceStart(raw, s) {
			continue
		}
		ns := s + 3
		ne := wordEnd(raw, ns)
		if ne <= ns+1 || ne > f.End || !isCap(raw, ns) {
			continue
		}
		if fl := d.lx.flags(t.Lower()[ns:ne]); fl&wFirst == 0 || fl&wLast != 0 {
			continue
		}
		f.Start = ns
	}
}

// carnivalTitles leaves the carnival's "Prinz" and "Bauer" out of a name's
// span where a regnal number follows the given name ("Prinz Stefan III.",
// "Bauer Thomas II.", as Cologne's Dreigestirn is proclaimed): titles.txt
// cannot hold them, as both are surnames too ("Herr Prinz", "Anna Bauer").
// The span must be the title and one given name; the number is II to
// XXXIX in Roman numerals with its dot (a bare "I." reads as an initial).
// After a carnival title of titles.txt ("Kinderprinz Jonas III.") the
// number is cut from the span: it counts the carnival's sessions, where a
// ruler's ("Ludwig III.") stays part of the name.
func (d *personDetector) carnivalTitles(t *Text, fs []Finding) {
	raw, low := t.Raw, t.Lower()
	for i := range fs {
		f := &fs[i]
		if f.Type != "PERSON" {
			continue
		}
		s := f.Start
		if hasPrefixAt(raw, s, "Prinz ") || hasPrefixAt(raw, s, "Bauer ") {
			ns := s + 6
			if wordEnd(raw, ns) == f.End && isCap(raw, ns) && regnalAt(raw, f.End) && d.lx.flags(low[ns:f.End])&wFirst != 0 {
				f.Start = ns
			}
			continue
		}
		if s < 2 || raw[s-1] != ' ' {
			continue
		}
		ws := s - 1
		for ws > 0 && isLowerASCII(low[ws-1]) {
			ws--
		}
		if !carnivalWords[string(low[ws:s-1])] {
			continue
		}
		ne := wordEnd(raw, s)
		if ne < f.End && regnalAt(raw, ne) && f.End == ne+1+bytes.IndexByte(raw[ne+1:], '.')+1 {
			f.End = ne
		}
	}
}

// carnivalWords are the carnival's titles of titles.txt.
var carnivalWords = map[string]bool{"jungfrau": true, "prinzessin": true, "kinderprinz": true, "kinderprinzessin": true,
	"karnevalsprinz": true, "karnevalsprinzessin": true}

// regnalAt reports whether a blank and a regnal number of two Roman
// numerals at least with its dot stand at i (" III.", " XI.").
func regnalAt(raw []byte, i int) bool {
	if i >= len(raw) || raw[i] != ' ' {
		return false
	}
	k := i + 1
	for k < len(raw) && (raw[k] == 'I' || raw[k] == 'V' || raw[k] == 'X') {
		k++
	}
	return k-i-1 >= 2 && k < len(raw) && raw[k] == '.'
}

// sentenceStart reports whether only blanks stand between i and the text's
// start, a line's start or the end of a sentence or a label ('.', '!', '?',
// ':').
func sentenceStart(raw []byte, i int) bool {
	k := i - 1
	for k >= 0 && (raw[k] == ' ' || raw[k] == '\t') {
		k--
	}
	return k < 0 || raw[k] == '\n' || raw[k] == '.' || raw[k] == '!' || raw[k] == '?' || raw[k] == ':'
}

// quotedNicknames adds the nickname a text gives in quotes and parentheses
// right after a full name: "Chukwuemeka Obi („Emeka“)", "Marcel Anstätt
// („Ansi“)", `Jürgen Weber ("Jogi")`. The nickname is one capitalised word
// of letters (2 to 20 bytes) that is no ordinary word, title or body of the
// lexicon; the name before it has two words at least. Findings stay in
// order: the nickname follows its name.
func (d *personDetector) quotedNicknames(raw []byte, dst []Finding, n0 int) []Finding {
	var out []Finding
	next := 0 // dst[next:] is not yet copied to out
	for i := n0; i < len(dst); i++ {
		f := dst[i]
		if f.Type != "PERSON" || bytes.IndexByte(raw[f.Start:f.End], ' ') < 0 {
			continue
		}
		s, e, ok := d.quotedNickname(raw, f.End)
		if !ok || i+1 < len(dst) && dst[i+1].Start < e {
			continue
		}
		if out == nil {
			out = make([]Finding, 0, len(dst)+2)
		}
		out = append(out, dst[next:i+1]...)
		out = append(out, Finding{Type: "PERSON", Start: s, End: e, Score: 0.8})
		next = i + 1
	}
	if out == nil {
		return dst
	}
	return append(out, dst[next:]...)
}

// quotedNickname reports a nickname in quotes and parentheses at e:
// ` („Emeka“)`, ` ("Jogi")`, ` (“Ansi”)`.
func (d *personDetector) quotedNickname(raw []byte, e int) (int, int, bool) {
	k := e
	if !hasPrefixAt(raw, k, " (") {
		return 0, 0, false
	}
	k += 2
	switch {
	case hasPrefixAt(raw, k, "\""):
		k++
	case hasPrefixAt(raw, k, "„"), hasPrefixAt(raw, k, "“"):
		k += 3
	default:
		return 0, 0, false
	}
	if !isCap(raw, k) {
		return 0, 0, false
	}
	s := k
	we := wordEnd(raw, s)
	if we-s < 2 || we-s > 20 {
		return 0, 0, false
	}
	for _, c := range raw[s:we] {
		if c < utf8.RuneSelf && !isLetter(c) {
			return 0, 0, false
		}
	}
	q := we
	switch {
	case hasPrefixAt(raw, q, "\""):
		q++
	case hasPrefixAt(raw, q, "“"), hasPrefixAt(raw, q, "”"):
		q += 3
	default:
		return 0, 0, false
	}
	if !hasPrefixAt(raw, q, ")") {
		return 0, 0, false
	}
	if d.lx.flags(bytes.ToLower(raw[s:we]))&(wNotName|wTitle|wSalutation|wOrg|wBody|wLabel|wCountry|wRelation|wGreeting|wSignoff) != 0 {
		return 0, 0, false
	}
	return s, we, true
}

// scan finds the names in t (Scan without brokenLineNames).
func (d *personDetector) scan(t *Text, dst []Finding) []Finding {
	raw := t.Raw
	if len(raw) == 0 {
		return dst
	}
	n0 := len(dst)
	dst = d.scanMRZ(t, dst)
	// A name starts with a capital letter, or follows a birth-name or
	// signature label ("geb. Müller", "gez. Anna Schmidt"): only those
	// offsets are looked at, in order; i is where the scan may go on.
	labels := birthLabelHits(t)
	caps := t.CapWords()
	if len(labels) == 0 && len(caps) == 0 {
		return d.lowerCase(t, dst) // all lower case
	}
	low, words := t.Lower(), t.wordBits()
	last := 0 // end of the last finding; spans never overlap
	var tbl tables
	add := func(s, e int, score float64) {
		if s >= last && e > s {
			dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: score})
			last = e
		}
	}
	i := 0
	var viet []int
	starts := caps
	if len(labels) > 0 {
		starts = withLabels(caps, labels)
	}
	for k := 0; k < len(starts); k++ {
		// most capitals start plain words that are passed over: a loop of
		// their own does those, this one the rest
		var we int
		var wf uint16
		if k, i, we, wf = d.skipPlainCaps(raw, low, words, starts, k, i, last); k == len(starts) {
			break
		}
		q := starts[k]
		p, fromCaps := int(q), q >= 0
		if !fromCaps {
			p = int(^q)
		}
		if raw[p]|2 == 'V' && fromCaps { // Thi, Van: a Vietnamese name's middle? (vietnameseNames)
			viet = append(viet, p)
		}
		if p < i {
			continue
		}
		i = p
		c := raw[i]
		// CapWords are capitals after anything but an ASCII letter or digit
		// (capWords): only a multi-byte letter before one needs a look.
		if !(fromCaps && (i == 0 || raw[i-1] < utf8.RuneSelf)) && (!wordStartByte[c] || i > 0 && !isBoundaryBefore(raw, i)) {
			continue
		}
		if c == 'v' && hasPrefixAt(low, i, "verh. ") && i >= 2 && raw[i-2] == ',' && len(dst) > n0 && dst[len(dst)-1].Type == "PERSON" && dst[len(dst)-1].End == i-2 {
			// the married name after a name: "Erna Bielefeld, verh. Stuckenbrock"
			// (not the marital status: "Familienstand: verh.")
			if k := i + len("verh. "); isCap(raw, k) {
				if s, e, ok := d.nameAfter(t, k, true); ok && s == k {
					dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.85})
					last = max(last, e)
				}
			}
		}
		if c == 'g' || c == 'G' || c == 'n' { // née: lower case, at its label hits only
			if kw := birthLabelAt(low, i); kw != "" {
				k := skipBlank(raw, i+len(kw))
				// not across the gap of an aligned header: "geb.      Bemerkung"
				if k < len(raw) && !isDigit(raw[k]) && k-(i+len(kw)) <= 1 {
					for range 2 { // a title after the label: "gez. Dr. Claudia Marx"
						we := wordEnd(raw, k)
						if key, dotted := tokenKey(low, k, we); we > k && dotted && d.lx.flags(key)&wTitle != 0 {
							k = skipBlank(raw, we+1)
						}
					}
					if s, e, ok := d.nameAfter(t, k, true); ok {
						dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.85})
						last = max(last, e)
					}
				}
			}
		}
		e, plain, f := we, true, wf // the word skipPlainCaps read, if it did
		if we == 0 {
			e, plain = wordEndPlain(raw, i)
		}
		if e == i {
			continue
		}
		if !(isUpper(c) || c >= 0xC0 && isCap(raw, i)) || i < last {
			i = e
			continue
		}
		// most capitalised words are nouns in no lexicon before a
		// lower-case word, or ordinary words (Die, Bitte): match answers
		// nothing for them, and is not called
		if we == 0 {
			f = d.lx.flags(low[i:e])
		}
		// a given name glued to a surname: "Jürgen-Kowalski", "JürgenKowalski"
		// (after an initial, match reads it with the name: "G. Arslan-Keller")
		if f == 0 && e-i >= 6 && (!plain || we != 0 || i+40 > len(raw)) && innerCapAt(raw, i, e) && initialBefore(raw, i) == i && d.gluedName(raw, low, i, e) {
			add(i, e, 0.8)
			i = e
			continue
		}
		if (e >= len(low) || low[e] != '.') && passedOver(raw, low, i, e, f, plain) {
			i = e
			continue
		}
		s2, e2, score, next := d.match(t, low, i, e, f, plain, &dst, &tbl)
		if score > 0 {
			add(s2, e2, score)
			i = next
			continue
		}
		i = e
	}
	dst = d.listNames(t, dst)
	dst = d.lowerCase(t, dst)
	dst = d.fieldNames(t, dst, n0)
	dst = d.emailNames(t, dst, n0)
	dst = d.signatureRow(t, dst, n0)
	dst = d.pipeRowNames(t, dst, n0)
	dst = d.trimLead(t, dst, n0)
	dst = d.lastLineName(t, dst, n0)
	dst = d.stampSoloSenders(t, dst, n0)
	dst = d.repeatedSenders(t, dst, n0)
	dst = d.whatsappPairSenders(t, dst, n0)
	dst = d.vietnameseNames(t, dst, n0, viet)
	dst = d.columnSurnames(t, dst, n0)
	dst = d.mentionNames(t, dst, n0)
	dst = d.arabicNames(t, dst)
	dst = d.memberList(t, dst, n0)
	dst = d.pluralNames(t, dst)
	dst = d.dropCallSigns(t, dst, n0) // before their place is taken again as a surname
	dst = d.dropSaints(t, dst, n0)    // so are the saints' towns
	dst = d.sameSurname(t, dst, n0)
	dst = d.extendNames(t, dst, n0)
	dst = d.joinBrokenNames(t, dst, n0)
	dst = d.kinAgeNames(t, dst, n0)
	dst = d.splitCommaPairs(t, dst, n0)
	d.trimLeadNouns(t, dst[n0:]) // the names the rules after trimLead found or extended: "Sterbefallanzeige Yıldırım"
	trimPossessive(t.Raw, dst[n0:])
	d.trimTitleGenitive(t, dst[n0:])
	dst = dropSQLWords(t.Raw, dst, n0)
	dst = d.dropPlaceNames(t, dst, n0)
	dst = d.dropPostalTowns(t, dst, n0)
	dst = dropTimeNames(t, dst, n0)
	dst = d.hl7Names(t, dst, n0)
	dst = dropVehicleModels(t, dst, n0)
	spacedInitials(t.Raw, dst[n0:])
	arabicArticleStarts(t.Raw, dst[n0:])
	return d.dropPlaceholders(t, dst, n0)
}

// maxPostalTowns bounds the towns dropPostalTowns reads from a text.
const maxPostalTowns = 8

// dropPostalTowns removes from dst[n0:] the names whose last word is the
// town of a postcode elsewhere in the text ("32657 Lemgo") or the town after
// a word for a town ("Partnerstadt Bursa", "Stadt Lemgo"), when no
// salutation or title stands before the name and no word of it is a listed
// given name (a title counts when it ends with a dot: Dr.): "Bürgermeister
// Lemgo und Dörentrup" names the town's mayor, "Feuerwehr Lemgo" its fire
// brigade. "Herr Lemgo", "Dr. Lemgo", "Erna Bielefeld" stay.
func (d *personDetector) dropPostalTowns(t *Text, dst []Finding, n0 int) []Finding {
	if !slices.ContainsFunc(dst[n0:], func(f Finding) bool { _, ok := d.townCandidate(t, f); return ok }) {
		return dst
	}
	raw, low := t.Raw, t.Lower()
	var towns [maxPostalTowns][]byte
	n := 0
	for _, r := range t.DigitRuns() {
		if r.End-r.Start != 5 || r.Start > 0 && (isDigit(raw[r.Start-1]) || raw[r.Start-1] == '.' || raw[r.Start-1] == '-') ||
			r.End+1 >= len(raw) || raw[r.End] != ' ' || !isCap(raw, r.End+1) {
			continue
		}
		if we := wordEnd(raw, r.End+1); we-r.End > 3 && n < maxPostalTowns {
			towns[n] = low[r.End+1 : we]
			n++
		}
	}
	// the town after a word for a town ("Partnerstadt Bursa", "Stadt
	// Lemgo"); one pass for "stadt " only, as "gemeinde " cost 0.7 % more
	for _, k := range [...]string{"stadt "} {
		for off := 0; n < maxPostalTowns; {
			j := bytes.Index(low[off:], []byte(k))
			if j < 0 {
				break
			}
			j += off + len(k)
			off = j
			if we := wordEnd(raw, j); we-j > 3 && isCap(raw, j) && !allCaps(raw[j:we]) {
				towns[n] = low[j:we]
				n++
			}
		}
	}
	if n == 0 {
		return dst
	}
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if d.postalTownName(t, f, towns[:n]) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// postalTownName reports a name f that ends in one of towns, with no listed
// given name in it and no salutation or title before it.
func (d *personDetector) postalTownName(t *Text, f Finding, towns [][]byte) bool {
	ls, ok := d.townCandidate(t, f)
	return ok && slices.ContainsFunc(towns, func(w []byte) bool { return bytes.Equal(w, t.Lower()[ls:f.End]) })
}

// townCandidate reports a name f that may be a town (one word ends it, no
// listed given name in it and no salutation or dotted title before it) and
// the start of its last word.
func (d *personDetector) townCandidate(t *Text, f Finding) (int, bool) {
	raw, low := t.Raw, t.Lower()
	ls := f.Start
	if sp := bytes.LastIndexByte(raw[f.Start:f.End], ' '); sp >= 0 {
		ls = f.Start + sp + 1
	}
	if f.Type != "PERSON" || wordEnd(raw, ls) != f.End {
		return 0, false
	}
	for k := f.Start; k < ls; k = skipBlank(raw, wordEnd(raw, k)) {
		if we := wordEnd(raw, k); we == k || d.lx.flags(low[k:we])&wFirst != 0 {
			return 0, false
		}
	}
	ps, pe := prevWord(low, f.Start)
	if pe > ps && pe >= f.Start-2 {
		key, _ := tokenKey(low, ps, wordEnd(raw, ps))
		g := d.lx.flags(key) | d.lx.flags(low[ps:pe])
		if g&wSalutation != 0 || g&wTitle != 0 && low[pe-1] == '.' {
			return 0, false // "Frau Lemgo", "Dr. Lemgo"; not an office: "Bürgermeister Lemgo"
		}
	}
	return ls, true
}

// trimTitleGenitive starts a name of fs after a title, role or relation
// word in the genitive that opens it ("Anfrage des Ratsmitglieds Kemal
// Başaran", "des Stadtrats Jens Kötter", "meines Großvaters Wilhelm
// Bielefeld"): the lists have the word without its -s or -es ("des
// Stadtrats Kötter" names Kötter).
func (d *personDetector) trimTitleGenitive(t *Text, fs []Finding) {
	raw, low := t.Raw, t.Lower()
	for i := range fs {
		f := &fs[i]
		we := wordEnd(raw, f.Start)
		if f.Type != "PERSON" || we >= f.End || raw[we] != ' ' || low[we-1] != 's' || we-f.Start < 5 {
			continue
		}
		w := low[f.Start:we]
		// or a relation word: "meines Großvaters Wilhelm August Bielefeld", "des Bruders Jan"
		title := d.lx.flags(w[:len(w)-1])&(wTitle|wRelation) != 0 || bytes.HasSuffix(w, []byte("es")) && d.lx.flags(w[:len(w)-2])&(wTitle|wRelation) != 0
		if !title || d.lx.flags(w)&(wFirst|wLast) != 0 {
			continue
		}
		f.Start = we + 1
	}
}

// placeOpeners open the names of places abroad ("San Francisco", "Los
// Angeles", "New York", "Saint Louis"), which the given-name lists hold
// as names (San, Santa, Saint).
var placeOpeners = map[string]bool{"san": true, "santa": true, "são": true, "los": true, "las": true,
	"new": true, "saint": true, "sainte": true, "port": true, "fort": true}

// dropPlaceNames removes from dst[n0:] the names that are places: a name
// that opens with a word of placeOpeners and has no salutation or title
// before it ("e.g. San Francisco, CA"; "Frau San Martín", "Mr New" stay),
// and a state's two capitals after a place and a comma ("San Francisco,
// CA", "Austin, TX").
func (d *personDetector) dropPlaceNames(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if f.Type == "PERSON" {
			we := wordEnd(raw, f.Start)
			opener := we < f.End && placeOpeners[string(low[f.Start:we])]
			// a French article and one word no list has opens a place too:
			// "Le Mans", "Le Havre" (Vietnamese names after Le take listed
			// words: "Le Thi Hoa", "Le Van Hung")
			if a := low[f.Start:we]; !opener && we+1 < f.End && raw[we] == ' ' && (string(a) == "le" || string(a) == "la" || string(a) == "les") &&
				wordEnd(raw, we+1) == f.End && d.lx.flags(low[we+1:f.End]) == 0 {
				opener = true
			}
			if opener {
				titled := false
				if ps, pe := prevWord(low, f.Start); pe > ps && (pe == f.Start-1 || pe == f.Start-2 && low[pe] == '.') {
					key, _ := tokenKey(low, ps, wordEnd(raw, ps))
					titled = d.lx.flags(key)&(wTitle|wSalutation) != 0 || d.lx.flags(low[ps:pe])&(wTitle|wSalutation) != 0 || roleLike(low[ps:pe])
				}
				if !titled && !d.roleAfter(t, f.End) {
					continue
				}
			}
			// "Los Angeles, CA": the name's word after an opener of a place's name
			if ps, pe := prevWord(low, f.Start); pe == f.Start-1 && pe > ps && isCap(raw, ps) && placeOpeners[string(low[ps:pe])] && !d.roleAfter(t, f.End) {
				titled := false
				if qs, qe := prevWord(low, ps); qe > qs && (qe == ps-1 || qe == ps-2 && low[qe] == '.') {
					key, _ := tokenKey(low, qs, wordEnd(raw, qs))
					titled = d.lx.flags(key)&(wTitle|wSalutation) != 0 || d.lx.flags(low[qs:qe])&(wTitle|wSalutation) != 0
				}
				if !titled {
					continue
				}
			}
			if d.stateName(low, f.Start, f.End) {
				continue // "Staatsangehörigkeit (Sierra Leone)", "Herkunft: Burkina Faso, Costa Rica"
			}
			if f.End-f.Start == 2 && allCaps(raw[f.Start:f.End]) && f.Start >= 4 && raw[f.Start-1] == ' ' && raw[f.Start-2] == ',' &&
				isLetter(raw[f.Start-3]) && (f.End == len(raw) || !isLetter(raw[f.End]) && raw[f.End] < 0x80) {
				continue // "San Francisco, CA"
			}
		}
		out = append(out, f)
	}
	return out
}

// stateNames are the states whose names are two words of the name lists
// (Sierra, Costa, Rica, Lanka); countries.txt holds the one-word ones.
var stateNames = map[string]bool{"sierra leone": true, "burkina faso": true, "costa rica": true, "sri lanka": true,
	"el salvador": true, "puerto rico": true, "hong kong": true, "san marino": true, "saudi arabia": true,
	"south africa": true, "south sudan": true, "north macedonia": true, "new zealand": true, "cabo verde": true,
	"timor leste": true, "papua neuguinea": true, "papua new guinea": true, "trinidad tobago": true}

// stateName reports a name [s, e) that is a state of two words, or a pair
// of them joined by a comma ("Burkina Faso, Costa Rica"), with no
// salutation or title before it ("Frau Costa Rica" stays).
func (d *personDetector) stateName(low []byte, s, e int) bool {
	part := low[s:e]
	if c := bytes.Index(part, []byte(", ")); c > 0 {
		if !stateNames[string(part[:c])] && !stateNames[string(part[c+2:])] {
			return false
		}
	} else if !stateNames[string(part)] {
		return false
	}
	ps, pe := prevWord(low, s)
	return pe <= ps || pe < s-2 || d.lx.flags(low[ps:pe])&(wTitle|wSalutation) == 0
}

// timeNames are months and a time of year that the given-name lists hold
// (August, April, Ramadan).
var timeNames = map[string]bool{"januar": true, "februar": true, "april": true, "mai": true, "juni": true, "juli": true,
	"august": true, "september": true, "oktober": true, "november": true, "dezember": true, "ramadan": true,
	"ramazan": true}

// absenceNouns are the nouns of an absence or a work time that follow a
// month in a plan ("nach August Urlaub") and that the surname list holds.
var absenceNouns = map[string]bool{"urlaub": true, "pause": true, "dienst": true, "ferien": true, "frei": true,
	"schicht": true, "kur": true, "reha": true, "elternzeit": true, "mutterschutz": true, "homeoffice": true}

// dropTimeNames removes from dst[n0:] the names that are a month or
// Ramadan right after a preposition of time and a noun of an absence
// ("Frau Kaya nimmt nach August Urlaub", "im Ramadan Urlaub": the surname
// list's Urlaub made a name of them). "Herr Ramadan Urlaub", "August
// Schmidt kommt", "Nach August Weber hat Frau Kaya das Wort" stay.
func dropTimeNames(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if f.Type == "PERSON" {
			if we := wordEnd(raw, f.Start); timeNames[string(low[f.Start:we])] && we < f.End &&
				prevWordIs(low, f.Start, "nach", "vor", "im", "bis", "seit", "ab", "während", "ende", "anfang", "mitte", "zum", "after", "before", "during", "until", "since", "in") &&
				absenceNouns[string(low[skipBlank(raw, we):f.End])] {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// sqlWords are the upper-case words of SQL statements that the name lists
// also hold (Grant, Select as an upper-case surname pair).
var sqlWords = map[string]bool{"GRANT": true, "REVOKE": true, "SELECT": true, "INSERT": true, "UPDATE": true,
	"DELETE": true, "CREATE": true, "ALTER": true, "DROP": true, "TABLE": true, "INDEX": true, "VIEW": true, "FROM": true,
	"WHERE": true, "ORDER": true, "GROUP": true, "JOIN": true, "UNION": true, "VALUES": true, "INTO": true, "ON": true,
	"TO": true, "ALL": true, "PRIVILEGES": true, "USAGE": true, "EXECUTE": true, "REFERENCES": true, "TRIGGER": true,
	"PRIMARY": true, "KEY": true, "DEFAULT": true, "NULL": true, "NOT": true, "WITH": true, "OPTION": true, "SET": true}

// dropSQLWords removes the names of dst[n0:] that are upper-case words of
// an SQL statement only ("GRANT SELECT, INSERT ON fundsache TO …").
func dropSQLWords(raw []byte, dst []Finding, n0 int) []Finding {
	out := dst[:n0]
	for _, f := range dst[n0:] {
		sql := f.Type == "PERSON" && allCaps(raw[f.Start:f.End])
		if sql {
			for _, w := range bytes.Fields(raw[f.Start:f.End]) {
				sql = sql && sqlWords[string(bytes.TrimRight(w, ","))]
			}
		}
		if !sql {
			out = append(out, f)
		}
	}
	return out
}

// trimPossessive ends the names of fs before an English possessive 's,
// which a name's apostrophe (O'Connell) let into the span: "Mrs Brown's
// union membership" names Brown, as the sets label "{PERSON:Priya}'s".
func trimPossessive(raw []byte, fs []Finding) {
	for i := range fs {
		f := &fs[i]
		// a possessive inside the span ends it: "Mr Patel's Hindu faith"
		for _, p := range [...]string{"'s ", "’s "} {
			if j := bytes.Index(raw[f.Start:f.End], []byte(p)); j > 0 {
				f.End = f.Start + j + len(p) - 1
			}
		}
		e := f.End
		if e < len(raw) && (isLetter(raw[e]) || raw[e] >= 0x80) || e-f.Start < 4 || raw[e-1] != 's' {
			continue
		}
		switch {
		case raw[e-2] == '\'':
			e -= 2
		case e-f.Start >= 6 && string(raw[e-4:e-1]) == "’":
			e -= 4
		default:
			continue
		}
		if e > f.Start && isLetter(raw[e-1]) {
			f.End = e
		}
	}
}

// dropCallSigns removes the radio call signs found as names ("Florian
// Hafen 1"), so that their place is not taken as a surname where it stands
// alone ("Pumpwerk Hafen ausgefallen").
func (d *personDetector) dropCallSigns(t *Text, dst []Finding, n0 int) []Finding {
	out := dst[:n0]
	for i := n0; i < len(dst); i++ {
		if f := &dst[i]; f.Type != "PERSON" || !d.callSign(t, f) {
			out = append(out, *f)
		}
	}
	return out
}

// dropPlaceholders removes the names of sample persons: a name that holds a
// surname of person_placeholders.txt or stands right before one ("Herr Max
// Mustermann", where the lexicon stops the name at "Max") is a placeholder
// as a whole, not a person.
func (d *personDetector) dropPlaceholders(t *Text, dst []Finding, n0 int) []Finding {
	low := t.Lower()
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if f.Type != "PERSON" || !d.placeholderName(low, f.Start, f.End) {
			out = append(out, f)
		}
	}
	return out
}

// placeholderName reports whether a word of low[s:e] or the word after it
// (one blank between) is a sample surname. A name in a passport's machine-
// readable zone ("MUSTERMANN<<ERIKA") is a document's, the specimen's too.
func (d *personDetector) placeholderName(low []byte, s, e int) bool {
	if bytes.IndexByte(low[s:e], '<') >= 0 {
		return false
	}
	if e+1 < len(low) && low[e] == ' ' {
		e = wordEnd(low, e+1)
	}
	for i := s; i < e; {
		if _, _, ok := letterAt(low, i); !ok {
			i++
			continue
		}
		we := max(wordEnd(low, i), i+1)
		if d.placeholders[string(low[i:we])] {
			return true
		}
		i = we
	}
	return false
}

// skipPlainCaps is the scan loop of Scan for the capitals it passes over
// without a look at their context: from starts[k] on, while the start is an
// ASCII capital or Ä Ö Ü (not a label hit, no birth-name label: Geb.) after
// an ASCII byte, at or after i and last, and begins a plain word that
// match answers nothing for (passedOver) and is no title abbreviation or
// other listed word with its dot (nothingDotted), it moves i to the word's
// end, as Scan's loop does for these words; so it does for a plain word
// that starts with ä ö ü ß (über), a lower-case word that CapWords lists. It returns
// the index of the first start that needs Scan's loop (len(starts) if
// none) and i, and when it read the plain word there, its end and flags
// (else 0, 0): Scan's loop need not read it again.
// starts are CapWords, merged with label hits (withLabels); low and words
// are t's Lower and wordBits.
//
// A plain word here is ASCII letters and the German ä ö ü ß (C3 A4, B6, BC,
// 9F in Lower), under 32 bytes, ended by an ASCII byte that is no letter,
// hyphen or apostrophe: wordEndPlain gives it the same end, plain. Its
// end is where the run of word bits from p ends; the loop hashes its
// lowered bytes eight at a time (wordHash), checking the bytes from 0x80
// on, and asks the word table, with no call (wordEndPlain and lx.flags,
// written out): Scan's loop keeps many values across its calls, this one
// few, and most capitals in German text start such words.
func (d *personDetector) skipPlainCaps(raw, low, words []byte, starts []int32, k, i, last int) (int, int, int, uint16) {
	tbl := &d.lx.table
	if tbl.slots == nil || len(tbl.filter) != filterWords { // lexicons not built by LoadLexicons
		return k, i, 0, 0
	}
	if len(low) != len(raw) || len(words) < len(raw)>>3+9 || i < 0 {
		return k, i, 0, 0 // not a Text's Lower and wordBits: the loads below rely on their lengths
	}
	filter := (*[filterWords]uint64)(tbl.filter)
	// The loop reads raw, low and words through their base pointers, as
	// bounds checks kept lengths in registers it has too few of: every
	// start p it reads at is in [i, limit] (i >= 0), so its loads (raw[p-1]
	// for p > 0, up to 40 bytes from p in raw and low, eight bytes from p/8
	// in words, of len(raw)/8+9) stay inside the three.
	limit := len(raw) - 40
	rp, lp, wp := unsafe.Pointer(unsafe.SliceData(raw)), unsafe.Pointer(unsafe.SliceData(low)), unsafe.Pointer(unsafe.SliceData(words))
	const m1, m2 = 0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9
	for ; k < len(starts); k++ {
		p := int(starts[k])
		if p < i {
			if p < 0 {
				return k, i, 0, 0 // a label hit
			}
			continue
		}
		if p > limit || p < last {
			return k, i, 0, 0 // the loads below read up to 40 bytes from p
		}
		c := *(*byte)(unsafe.Add(rp, p))
		if !isUpper(c) && c != 0xC3 || p > 0 && *(*byte)(unsafe.Add(rp, p-1)) >= utf8.RuneSelf || c == 'G' && birthLabelAt(low, p) != "" {
			return k, i, 0, 0 // C3: ä ö ü ß Ä Ö Ü, checked below
		}
		n := bits.TrailingZeros64(^(load64(wp, p>>3) >> (p & 7))) // ASCII letters and bytes from 0x80 on
		j := p + n
		if n >= 32 {
			return k, i, 0, 0 // a long word, which may run to the end of the text
		}
		if c := *(*byte)(unsafe.Add(rp, j)); c == '-' || c == '\'' {
			return k, i, 0, 0
		}
		// d.lx.flags(low[p:j]), written out; each byte from 0x80 on must
		// be part of ä ö ü ß
		h, q, tail := wordSeedM1, p, -1 // tail: where the second byte of an umlaut is due
		for ; q+8 <= j; q += 8 {
			x := load64(lp, q)
			if m := x & swarHi; m != 0 {
				if tail = umlautTails(low, q, m, tail); tail == badUmlaut {
					return k, i, 0, 0
				}
			}
			h = (h ^ x) * m2
			h ^= h >> 29
		}
		if q < j {
			x := load64(lp, q) & (1<<((j-q)&7<<3) - 1)
			if m := x & swarHi; m != 0 {
				if tail = umlautTails(low, q, m, tail); tail == badUmlaut {
					return k, i, 0, 0
				}
			}
			h = (h ^ x) * m1
			h ^= h >> 32
		}
		if tail >= 0 {
			return k, i, 0, 0
		}
		if c == 0xC3 && *(*byte)(unsafe.Add(rp, p+1)) >= 0x9F { // ä ö ü ß: a lower-case word
			i = j
			continue
		}
		h = (h ^ uint64(n)) * m2
		h ^= h >> 31
		var f uint16
		if b := h >> filterShift & filterMask; filter[b>>6]&(1<<(b&63)) != 0 {
			f = tbl.lookup(h)
		}
		if e := *(*byte)(unsafe.Add(rp, j)); e == '.' {
			if f&^wNotName != 0 || !d.nothingDotted(raw, low, p, j, f) {
				return k, i, j, f // a title abbreviation, or a word to look at
			}
		} else if f != wNotName && (f != 0 || e != ' ' || !isLowerASCII(*(*byte)(unsafe.Add(rp, j+1))) || courtPartyBefore(raw, p)) && !passedOver(raw, low, p, j, f, true) {
			// passedOver's commonest answers written out first: it is
			// not inlined
			return k, i, j, f // a word to look at
		}
		i = j
	}
	return k, i, 0, 0
}

// load64 returns the eight bytes at base+i, little-endian: skipPlainCaps's
// load of a slice's bytes that it checked to be inside.
func load64(base unsafe.Pointer, i int) uint64 {
	return binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(base, i))[:])
}

// passedOver reports whether match answers nothing for the capitalised
// word [s, e) of flags f that no dot follows, so that Scan's loop and
// skipPlainCaps move on without calling it: an ordinary word of the name
// lists (Die, Bitte) anywhere, and before a lower-case word (lowerStart) a
// plain word of no list that no court case's " ./. " stands before, or a
// word whose flags name only an institution or a public body besides
// ordinary-word flags (Saal, Stadtbibliothek), or a word whose flags PERSON
// does not read (a compound that is no street, a state: Bauhof, Polen) that
// no " ./. " stands before and no name particle follows (von, de: a surname
// may come after it): match's returns for such words come before anything
// it looks at after them, or at the word's own letters (TestSkipPlainCaps
// compares the two). low is the text's Lower.
func passedOver(raw, low []byte, s, e int, f uint16, plain bool) bool {
	if f == wNotName {
		return true
	}
	if e+1 >= len(raw) || raw[e] != ' ' || !lowerStart(raw, e+1) {
		return false
	}
	switch {
	case f == 0:
		return plain && !courtPartyBefore(raw, s)
	case f&^(wStreetNot|wCountry) == 0:
		pe := wordEnd(raw, e+1)
		return !courtPartyBefore(raw, s) && !particles[string(low[e+1:pe])]
	}
	return f&^(wNotName|wOrg|wBody|wStreetNot|wNotAlone|wCountry) == 0 && f&(wNotName|wOrg|wBody) != 0
}

// lowerStart reports a lower-case letter at i: an ASCII one, or a Latin-1
// one (C3 9F … C3 BF: ß à … ÿ; "Satzung über").
func lowerStart(raw []byte, i int) bool {
	c := raw[i]
	return isLowerASCII(c) || c == 0xC3 && i+1 < len(raw) && raw[i+1]-0x9F < 0x21
}

// nothingDotted reports whether match answers nothing at once for the
// plain word [p, j) of flags f (0 or wNotName) before a dot, as it does for
// most nouns at the end of a sentence: the word with its dot is in no list
// (or only ordinary words), it is no initial, no court case's " ./. "
// stands before it, and it has no capital inside (a given name glued to a
// surname: "an JürgenKowalski."; gluedName). These are the conditions of match's first returns for
// such a word (TestSkipPlainCaps compares the two). It is not inlined, so
// that skipPlainCaps's loop keeps its registers for the commoner words.
//
//go:noinline
func (d *personDetector) nothingDotted(raw, low []byte, p, j int, f uint16) bool {
	fk := d.lx.table.get(low[p : j+1])
	return f|fk == wNotName || f == 0 && fk == 0 && j-p > 1 && !courtPartyBefore(raw, p) && !(j-p >= 6 && innerCaps(raw, low, p, j))
}

// innerCaps reports a capital at bytes 3 to 10 of the plain word [p, j)
// whose third byte is lower case: a given name glued to a surname
// ("JürgenKowalski", "ÖzlemKaya"; not "VERWALTUNG"). It reads 11 bytes
// from p, which skipPlainCaps guarantees.
func innerCaps(raw, low []byte, p, j int) bool {
	if raw[p+2] != low[p+2] {
		return false
	}
	x := binary.LittleEndian.Uint64(raw[p+3:p+11:p+11]) ^ binary.LittleEndian.Uint64(low[p+3:p+11:p+11])
	if n := j - p - 3; n < 8 {
		x &= 1<<(n<<3) - 1
	}
	return x != 0
}

// badUmlaut is umlautTails' answer for a byte that is not part of ä ö ü ß.
const badUmlaut = -2

// umlautTails checks the bytes of multi-byte characters in the eight bytes
// of low at j (m: bit 7 of each) for skipPlainCaps: each must be C3 with
// A4, B6, BC or 9F after it. tail is where the second byte of such a pair
// is due (-1: none); it returns the same after these bytes, or badUmlaut.
func umlautTails(low []byte, j int, m uint64, tail int) int {
	for ; m != 0; m &= m - 1 {
		q := j + bits.TrailingZeros64(m)>>3
		switch {
		case q == tail:
			if c := low[q]; germanLower>>(c&0x3F)&1 == 0 || c&0xC0 != 0x80 {
				return badUmlaut
			}
			tail = -1
		case tail >= 0 || low[q] != 0xC3:
			return badUmlaut
		default:
			tail = q + 1
		}
	}
	return tail
}

// germanLower has bit b&0x3F set for the second byte b of ä ö ü ß (C3 A4,
// B6, BC, 9F).
const germanLower = 1<<0x24 | 1<<0x36 | 1<<0x3C | 1<<0x1F

// trimLead moves the start of a name found past a title or role that a
// path took in with it ("Dr. Michael Brodesser" in a table cell,
// "Klimaschutzmanagerin Julia Brück" in a list): titles and roles stay
// outside the span. Only a dotted title, a title word that no name list
// has, or an unknown word with a role ending is cut, and only when a
// capitalised word follows inside the span. A participle in front
// ("Aufnehmende Kraft", "Betreuende Lehrkraft") is no given name: with one
// word after it, the finding is dropped.
func (d *personDetector) trimLead(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	drop := false
	for i := n0; i < len(dst); i++ {
		f := &dst[i]
		if f.Type != "PERSON" || f.End > len(raw) {
			continue
		}
		s := f.Start
		if d.placeAfterPrep(t, f.Start, f.End) {
			f.Score, drop = 0, true
			continue
		}
		if institutionPart(low[f.Start:f.End]) {
			f.Score, drop = 0, true // "Robert Koch-Instituts", "Mathias-Spital": the institution named after the person
			continue
		}
		if e := wordEnd(raw, s); e < f.End && raw[e] == ' ' && participle(low[s:e]) && d.lx.flags(low[s:e]) == 0 {
			if k := skipBlank(raw, e); wordEnd(raw, k) >= f.End {
				f.Score, drop = 0, true
				continue
			}
		}
		for n := 0; n < 3; n++ {
			e := wordEnd(raw, s)
			if e == s || e >= f.End {
				break
			}
			key, dotted := tokenKey(low, s, e)
			fl := d.lx.flags(key)
			cut := fl&wTitle != 0 && (dotted || fl&(wFirst|wLast) == 0) || fl == 0 && !dotted && e-s > 6 && (roleLike(low[s:e]) || leadRole(low[s:e]) || participle(low[s:e]) ||
				roleGenitive(low[s:e]) || leadNoun(low[s:e])) || fl == 0 && !dotted && d.postAbbrev(t, s, e, f.End)
			if !cut {
				break
			}
			if dotted {
				e++
			}
			k := skipBlank(raw, e)
			if k == e || k >= f.End || !isCap(raw, k) {
				break
			}
			s = k
		}
		f.Start = s
		f.End = abbrevSurnameEnd(raw, s, f.End)
		// a brand written with a capital inside, after four letters or more,
		// ends no person's name: "Dienstleister SecuTest" (not "Anna DeLuca")
		if ls := bytes.LastIndexByte(raw[s:f.End], ' '); ls > 0 && wordEnd(raw, s+ls+1) == f.End && f.End-(s+ls+1) >= 6 &&
			!innerCap(raw[s+ls+1:s+ls+5]) && d.camelFirm(t, s+ls+1) {
			f.Score, drop = 0, true
		}
	}
	if !drop {
		return dst
	}
	out := dst[:n0]
	for _, g := range dst[n0:] {
		if g.Score > 0 || g.Type != "PERSON" {
			out = append(out, g)
		}
	}
	return out
}

// trimLeadNouns cuts a leading compound noun (leadNoun) off the findings
// fs, as trimLead does, for the names the rules after trimLead found or
// extended backwards ("Sterbefallanzeige Yıldırım", "Großeltern Horst"): only
// that cut, which costs a suffix test for most findings.
func (d *personDetector) trimLeadNouns(t *Text, fs []Finding) {
	raw := t.Raw
	for i := range fs {
		s, end := fs[i].Start, fs[i].End
		if fs[i].Type != "PERSON" || end > len(raw) || !isCap(raw, s) {
			continue
		}
		e := wordEnd(raw, s)
		if e-s <= 6 || e >= end || raw[e] != ' ' || !leadNoun(t.Lower()[s:e]) || d.lx.flags(t.Lower()[s:e]) != 0 {
			continue
		}
		if k := e + 1; k < end && isCap(raw, k) {
			fs[i].Start = k
		}
	}
}

// leadNoun reports an unlisted compound noun that heads a list or a
// subject line before a name but is no part of it: members and kin of a
// group ("Beiratsmitglieder Kai-Uwe Domeyer", "Großeltern Horst"), a
// practice or chambers ("Steuerkanzlei Ilse Brinkhaus", "Zahnarztpraxis
// Ubben"), an office (institutionLike), a notice or a claim ("Sterbefallanzeige
// Yıldırım", "Nachteilsausgleich Felix").
func leadNoun(w []byte) bool {
	for _, suf := range []string{"mitglied", "mitglieder", "mitgliedern", "eltern", "kanzlei", "praxis", "anzeige", "ausgleich",
		// round 72: a file's matter, a levy or a fee, an application and a
		// name's kind before the name: "Nachlasssache Friedrich Wilhelm Jakoby",
		// "Hundesteuer Omar, Hussein Ali", "Kita-Beitrag Dang, Minh Anh",
		// "Einbürgerungsantrag Constantin, Adrian-Mihai", "den Ehenamen Karaca"
		"sache", "steuer", "beitrag", "antrag", "namen",
		// round 75: heirs or owners as one party: "Erbengemeinschaft Strauch"
		"gemeinschaft"} {
		if len(w) > len(suf)+2 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return institutionLike(w)
}

// postAbbrev reports an unlisted abbreviation of a post in capitals without
// a vowel at [s, e) before a listed given name inside a span ending at end,
// as staff sign with their grade ("LMK Heiko Brandhorst", "KHK Jana Vogt"):
// no name has no vowel.
func (d *personDetector) postAbbrev(t *Text, s, e, end int) bool {
	raw, low := t.Raw, t.Lower()
	if e-s < 2 || e-s > 5 || !allCaps(raw[s:e]) || anyVowel(low[s:e]) || e >= end || raw[e] != ' ' || !isCap(raw, e+1) {
		return false
	}
	ge := wordEnd(raw, e+1)
	return ge < end && !allCaps(raw[e+1:ge]) && d.lx.flags(low[e+1:ge])&(wFirst|wNotName) == wFirst
}

// institutionHeads are the nouns that, joined by a hyphen to a name, make
// it an institution's ("Robert Koch-Institut", "Mathias-Spital",
// "Elisabeth-Krankenhaus", "Anne-Frank-Gymnasium").
var institutionHeads = []string{"institut", "spital", "klinik", "krankenhaus", "hospital", "stift", "stiftung",
	"gymnasium", "gesamtschule", "realschule", "grundschule", "hauptschule", "schule", "kolleg", "museum", "kaserne",
	"universität", "hochschule", "akademie", "sanatorium"}

// institutionPart reports a part after a hyphen in the name w that is an
// institution's head noun, also inflected ("Koch-Instituts").
func institutionPart(w []byte) bool {
	for i := 1; i < len(w); i++ {
		if w[i] != '-' || !isLetter(w[i-1]) {
			continue
		}
		p := w[i+1 : wordEnd(w, i+1)]
		for _, h := range institutionHeads {
			if bytes.HasPrefix(p, []byte(h)) && len(p)-len(h) <= 3 {
				return true
			}
		}
	}
	return false
}

// givenLabels are the fields of a given name: a value in '-ik' is one there
// ("Vorname: Besnik", "Janik"), where elsewhere the ending reads as a noun's
// (Technik, Klinik); other noun endings stay nouns ("Vorname: Information").
var givenLabels = map[string]bool{"vorname": true, "vornamen": true}

// badNameFlags mark words that never extend a name found.
const badNameFlags = wNotName | wNotAlone | wTitle | wOrg | wBody | wSalutation | wLabel | wRelation | wGreeting | wSignoff

// oneCapital reports a word [s, e) of one letter: an ASCII one, or a
// capital of two bytes as the initial of a Turkish, German or Slavic given
// name is ("Ö. Karaca", "Ş. Yıldız", "Č. Novák").
func oneCapital(raw []byte, s, e int) bool {
	if e-s == 1 {
		return true
	}
	if e-s != 2 || raw[s] < 0xC0 {
		return false
	}
	r, n := utf8.DecodeRune(raw[s:e])
	return n == 2 && unicode.IsUpper(r)
}

// initialAt reports an initial at s: a capital, a dot and a blank ("L. ").
func initialAt(raw []byte, s int) bool {
	return s+2 < len(raw) && isUpper(raw[s]) && raw[s+1] == '.' && raw[s+2] == ' '
}

// abbrevBefore reports a lower-case letter with a dot right before the
// initial at s, the first half of "i. A.", "i. V.", "z. H.": the capital
// after it is no initial of a name.
func abbrevBefore(raw []byte, s int) bool {
	return s >= 3 && raw[s-1] == ' ' && raw[s-2] == '.' && isLowerASCII(raw[s-3]) && (s == 3 || !isLetter(raw[s-4]))
}

// extendNames completes names found in part: the passport form in capitals
// runs on over the capitals after it ("TEKLE" + " SEMHAR GHEBREMARIAM") and
// takes a listed name before it ("THI HUONG" after "NGUYEN"); an initial
// takes the listed name before it ("Pham" + " M. Tuan"); a name alone in a
// list takes an unknown given name before it (", Nurten" + " Bayrak");
// "Surname, Given" in one table cell is one name ("Bayram" + ", " + "Emine").
func (d *personDetector) extendNames(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	found := dst[n0:]
	if len(found) == 0 {
		return dst
	}
	slices.SortFunc(found, func(a, b Finding) int { return a.Start - b.Start })
	prevEnd := 0
	for i := range found {
		f := &found[i]
		if f.Type != "PERSON" || f.End > len(raw) || f.Start < prevEnd {
			prevEnd = max(prevEnd, f.End)
			continue
		}
		// a second initial before a name that opens with one: "M. " + "L. Wong",
		// "I. " + "M. Abdullahi"; not the "A." of "i. A. J. Oberdörfer"
		for n := 0; n < 2 && initialAt(raw, f.Start) && f.Start-3 >= prevEnd && initialBefore(raw, f.Start) == f.Start-3 &&
			!abbrevBefore(raw, f.Start-3); n++ {
			f.Start -= 3
		}
		caps := allCaps(raw[f.Start:f.End])
		// backwards, one word; in capitals two ("PHAM" + " THI" + " THU HUONG")
		for n := 0; n < 2; n++ {
			s0 := f.Start
			if ps, pe := prevWord(raw, f.Start); pe == f.Start-1 && raw[pe] == ' ' && pe > ps && ps >= prevEnd && isCap(raw, ps) && pe-ps >= 2 {
				w := low[ps:pe]
				fl := d.lx.flags(w)
				pcaps := allCaps(raw[ps:pe])
				switch {
				case fl&badNameFlags != 0 || spouseAt(low, ps, pe):
				case raw[pe-1] == '.' && pe-ps > 2:
					// a word that ends a sentence, not an initial: "Nächster
					// Punkt, Ermäßigungen. Svetlana, wie viele …"
				case caps && pcaps && pe-ps >= 3 && fl&(wFirst|wLast) != 0 && bytes.IndexByte(raw[f.Start:f.End], ' ') > 0:
					f.Start = ps
				case !caps && !pcaps && fl&(wFirst|wLast) != 0 && f.Start+1 < f.End && raw[f.Start+1] == '.':
					f.Start = ps
				case !caps && !pcaps && pe-ps >= 3 && fl&(wFirst|wLast) != 0 && bytes.IndexByte(raw[f.Start:f.End], ' ') > 0 && !innerCap(raw[ps:pe]) &&
					!d.bodyBefore(t, ps):
					// a listed name before a full name found is its first part:
					// "Said Hussein Abdullahi", "Pham Van Duc" (family name first)
					f.Start = ps
				case !caps && !pcaps && fl == 0 && pe-ps >= 4 && bytes.IndexByte(raw[f.Start:f.End], ' ') > 0 &&
					(lineHead(raw, ps) && courtParty(raw, f.Start, f.End) || quoteAround(raw, ps, f.End)) &&
					unknownSurname(w) && !roleLike(w) && !institutionLike(w) && !innerCap(raw[ps:pe]):
					// an unlisted first part of a name of three that stands
					// alone as a court party or in quotes: "Bashir Mohamud Ali
					// ./. Landkreis", den Namen „Bashiir Maxamuud Cali“
					f.Start = ps
				case !caps && !pcaps && fl == 0 && pe-ps >= 4 && bytes.IndexByte(raw[f.Start:f.End], ' ') > 0 && hasSuffixAt(raw, ps, ": ") &&
					i > 0 && variantParen(raw, found[i-1].End, ps) &&
					unknownSurname(w) && !roleLike(w) && !institutionLike(w) && !innerCap(raw[ps:pe]) && !labelCompound(raw, low, ps, pe):
					// an unlisted first part of a name of three after a label in
					// brackets right after a name: "Frau Faadumo Cabdullaahi Xasan
					// (in BAMF-Unterlagen: Fadumo Abdullahi Hassan)"
					f.Start = ps
				case !caps && !pcaps && fl == 0 && pe-ps >= 4 && bytes.IndexByte(raw[f.Start:f.End], ' ') < 0 &&
					d.lx.flags(low[f.Start:f.End])&(wFirst|wLast) != 0 && listStart(raw, ps) &&
					unknownSurname(w) && !roleLike(w) && !firmWord(w) && !innerCap(raw[ps:pe]) && !labelCompound(raw, low, ps, pe):
					f.Start = ps
				}
			}
			if !caps || f.Start == s0 {
				break
			}
		}
		// backwards over "Surname, " before given names found alone:
		// "(im Melderegister: Dang, Thi Thanh Huong)"
		if !caps && hasSuffixAt(raw, f.Start, ", ") && bytes.IndexByte(raw[f.Start:f.End], ' ') > 0 {
			if ps := d.commaSurnameBefore(t, f.Start-2, f.End); ps >= prevEnd && ps < f.Start {
				f.Start = ps
			}
		}
		// forwards, a Russian or Ukrainian patronymic: "Григоренко Александр Викторович"
		if f.End+3 < len(raw) && raw[f.End] == ' ' && (raw[f.End+1] == 0xD0 || raw[f.End+1] == 0xD1) && isCap(raw, f.End+1) &&
			(i+1 == len(found) || found[i+1].Start > f.End) {
			if ke := wordEnd(raw, f.End+1); patronymic(low[f.End+1 : ke]) {
				f.End = ke
			}
		}
		// forwards, capitals of a passport form
		if caps && f.End-f.Start >= 3 {
			for n := 0; n < 3; n++ {
				k := f.End + 1
				if f.End >= len(raw) || raw[f.End] != ' ' || k >= len(raw) || !isUpper(raw[k]) && raw[k] < 0xC0 {
					break
				}
				ke := wordEnd(raw, k)
				// Vietnamese capitals may have no ASCII letter at all: "ĐỨC"
				if ke-k < 3 || !allCaps(raw[k:ke]) && !(raw[k] >= 0xC0 && upperWord(raw[k:ke])) || i+1 < len(found) && found[i+1].Start < ke {
					break
				}
				w := low[k:ke]
				if fl := d.lx.flags(w); fl&badNameFlags != 0 || fl == 0 && (ke-k < 4 || !unknownSurname(w) || institutionLike(w)) {
					break
				}
				f.End = ke
			}
		}
		// "Bayram, Emine" in one cell, found as two names; "- Rahimi, Bashir:"
		// at the head of a list entry before a colon
		if i+1 < len(found) && found[i+1].Type == "PERSON" && found[i+1].Start == f.End+2 && hasPrefixAt(raw, f.End, ", ") &&
			(cellEdge(raw, f.Start-1) && cellEdge(raw, found[i+1].End) || bulletHead(raw, f.Start) && hasPrefixAt(raw, found[i+1].End, ": ") &&
				d.lx.flags(low[found[i+1].Start:found[i+1].End])&(wFirst|wLast) != wLast) &&
			bytes.IndexByte(raw[f.Start:found[i+1].End], ' ') == f.End+1-f.Start {
			f.End = found[i+1].End
			found[i+1].Score = 0
		}
		// "Betr.: Mersha, Dawit, geb. 22.02.2016": an unlisted given name
		// between a surname found at the head of an entry and a birth or
		// death date
		if !caps && hasPrefixAt(raw, f.End, ", ") && bytes.IndexByte(raw[f.Start:f.End], ' ') < 0 && entryHead(raw, f.Start) && (i+1 == len(found) || found[i+1].Start > f.End+2) {
			if ne := d.givenBeforeBirth(t, f.End+2); ne > f.End+2 && (i+1 == len(found) || found[i+1].Start >= ne) {
				f.End = ne
			}
		}
		// "Florian Eckernförde 1-HLF20-1": a radio call sign, no person
		if d.callSign(t, f) {
			f.Score = 0
		}
		// "AL HASAN, MOHAMAD": a passport's surname and given name in
		// capitals, found as two names
		if caps && i+1 < len(found) && d.upperCommaPair(t, f, &found[i+1]) {
			f.End = found[i+1].End
			found[i+1].Score = 0
		}
		prevEnd = f.End
	}
	return dropZeroScores(dst, n0)
}

// listStart reports whether the word at i opens an entry of a list: after
// ", " or at the start of a line.
func listStart(raw []byte, i int) bool {
	return i == 0 || raw[i-1] == '\n' || i >= 2 && raw[i-2] == ',' && raw[i-1] == ' '
}

// parties are the party and group names that follow a council member's
// name in brackets in minutes.
var parties = []string{"CDU", "CSU", "SPD", "FDP", "AfD", "Grüne", "GRÜNE", "B90", "Bündnis", "Die Linke", "Linke", "LINKE", "BSW",
	"FW", "Freie Wähler", "ÖDP", "Volt", "Piraten", "UWG", "WG", "parteilos", "fraktionslos"}

// partyAfter reports a party in brackets right after e: " (CDU)", " (SPD,
// Vorsitz)", " (Bündnis 90/Die Grünen)".
func partyAfter(raw []byte, e int) bool {
	if !hasPrefixAt(raw, e, " (") {
		return false
	}
	for _, p := range parties {
		if hasPrefixAt(raw, e+2, p) {
			n := e + 2 + len(p)
			return n < len(raw) && (raw[n] == ')' || raw[n] == ',' || raw[n] == '/' || raw[n] == ' ')
		}
	}
	return false
}

// judgeAfterCourt reports whether the word at j after "Richter am
// Sozialgericht" is the judge's surname, not the court's town ("am
// Landgericht Bonn"): a word in no list, with no noun ending, and no town of
// street_towns.txt. It runs only after a judge's title and a court.
func (d *personDetector) judgeAfterCourt(t *Text, j int) bool {
	raw, low := t.Raw, t.Lower()
	if !isCap(raw, j) {
		return false
	}
	je := wordEnd(raw, j)
	w := low[j:je]
	if je-j < 3 || d.lx.flags(w)&^wLast != 0 || !unknownSurname(w) || allCaps(raw[j:je]) {
		return false
	}
	return !slices.Contains(d.lx.List("street_towns"), string(w))
}

// variantBefore reports a spelling variant's mark before s: a name found
// and " / " ("Asamoa, Kwaku / Asamoah, Kwako"), "(auch ", "alias ".
func variantBefore(raw []byte, dst []Finding, s int) bool {
	if hasSuffixAt(raw, s, "(auch ") || hasSuffixAt(raw, s, "(auch: ") || hasSuffixAt(raw, s, "alias ") {
		return true
	}
	n := len(dst)
	return hasSuffixAt(raw, s, " / ") && n > 0 && dst[n-1].Type == "PERSON" && dst[n-1].End == s-3
}

// commaSlot reports a place before s where "Nachname, Vorname" stands in a
// structure: a table cell padded by a blank ("| Ghebremariam, Luwam |"),
// the party after a court's " ./. ", a spelling variant ("alias ", or "auch ",
// "bzw. " shortly after a name found), or the next entry after a name found
// with " und " or " / ".
func commaSlot(raw []byte, dst []Finding, s int) bool {
	if s < 2 {
		return false
	}
	if raw[s-1] == ' ' && cellEdge(raw, s-2) || s >= 5 && raw[s-3] == '/' && string(raw[s-5:s]) == " ./. " || hasSuffixAt(raw, s, "alias ") {
		return true
	}
	n := len(dst)
	if n == 0 || dst[n-1].Type != "PERSON" {
		return false
	}
	// a variant of the name just found: "NOORZAI, Gul Ahmad (in Vorakten auch …"
	return (hasSuffixAt(raw, s, " auch ") || hasSuffixAt(raw, s, " bzw. ")) && s-dst[n-1].End <= 40 ||
		hasSuffixAt(raw, s, " und ") && dst[n-1].End == s-5 || hasSuffixAt(raw, s, " / ") && dst[n-1].End == s-3 ||
		// the next of a list of variants: "(auch: Mohammad Naser Ahmadsai, Ahmadzay, Mohammed Nasir)"
		hasSuffixAt(raw, s, ", ") && dst[n-1].End == s-2 && variantBefore(raw, dst[:n-1], dst[n-1].Start) ||
		// a labelled parenthesis right after the name spells it again: "TEKLEHAIMANOT,
		// Yonas (im Aufenthaltstitel: Teklehaymanot, Yonas)"
		hasSuffixAt(raw, s, ": ") && s-dst[n-1].End <= 40 && hasPrefixAt(raw, dst[n-1].End, " (") && bytes.IndexAny(raw[dst[n-1].End+2:s], "()\n") < 0 &&
			sameStem(raw, s, dst[n-1].Start, dst[n-1].End)
}

// sameStem reports whether a word of [a, b) opens with the first three
// letters of the word at s, in any case: a spelling variant of a name keeps
// them (Teklehaymanot for TEKLEHAIMANOT, Ahmadzay for Ahmadzai).
func sameStem(raw []byte, s, a, b int) bool {
	if s+3 > len(raw) {
		return false
	}
	for w := a; w+3 <= b; w++ {
		if (w == a || raw[w-1] == ' ') && bytes.EqualFold(raw[w:w+3], raw[s:s+3]) {
			return true
		}
	}
	return false
}

// commaGivens returns the end of one to three given names at k after
// "Nachname, " in a commaSlot: listed given names or unknown words that read
// as names, then the end of the entry (a cell edge, a parenthesis, a comma,
// "und", "bzw.", "/" or the line end); k when there are none.
func (d *personDetector) commaGivens(t *Text, k int) int {
	raw, low := t.Raw, t.Lower()
	k0, end := k, k
	for n := 0; n < 3; n++ {
		if !isCap(raw, k) {
			break
		}
		ke := wordEnd(raw, k)
		g := d.lx.flags(low[k:ke])
		if !(g&wFirst != 0 && g&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 ||
			g == 0 && ke-k >= 3 && d.plainSurname(t, k, ke) && !strongNoun(low[k:ke]) && !innerCap(raw[k:ke])) {
			break
		}
		end = ke
		if ke+1 >= len(raw) || raw[ke] != ' ' {
			break
		}
		k = ke + 1
	}
	if end == k0 {
		return k0
	}
	switch r := skipBlank(raw, end); {
	case r >= len(raw) || strings.IndexByte("\n\r),;|\t", raw[r]) >= 0:
	case hasPrefixAt(raw, r, "und ") || hasPrefixAt(raw, r, "bzw. ") || hasPrefixAt(raw, r, "/ "):
	default:
		return k0
	}
	return end
}

// officeByDirection reports a span of two or more words whose last one is a
// direction: the part of an office or service ("ASD Nord", "Team Süd",
// "Bezirksdienst Mitte"), not a person.
func officeByDirection(raw, low []byte, s, e int) bool {
	sp := bytes.LastIndexByte(raw[s:e], ' ')
	return sp > 0 && compassWord(low[s+sp+1:e])
}

// compassWord reports the parts of a town or office named by direction
// (Servicecenter Nord, Innenstadt Mitte).
func compassWord(w []byte) bool {
	switch string(w) {
	case "nord", "süd", "ost", "west", "mitte", "zentrum", "nordost", "nordwest", "südost", "südwest":
		return true
	}
	return false
}

// placeAfterPrep reports two given names after a preposition of place
// ("geboren in Hai Phong", "aus Long Xuyen"): a place, since a person's name
// there would end in a surname; and any name after "in" with a word of
// birth or residence or a date before it ("geb. 02.02.1996 in Novi Sad",
// "wohnhaft in Zielona Góra").
func (d *personDetector) placeAfterPrep(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	if s < 4 || raw[s-1] != ' ' {
		return false
	}
	ps, pe := prevWord(raw, s)
	if pe != s-1 || !(string(low[ps:pe]) == "in" || string(low[ps:pe]) == "aus" || string(low[ps:pe]) == "nach") {
		return false
	}
	if string(low[ps:pe]) == "in" && bornOrLivesBefore(raw, low, ps) && !allCaps(raw[s:e]) {
		return true // "geb. 02.02.1996 in Novi Sad", "wohnhaft in Zielona Góra"
	}
	sp := bytes.LastIndexByte(raw[s:e], ' ')
	if sp <= 0 || allCaps(raw[s:e]) {
		return false
	}
	l := d.lx.flags(low[s+sp+1 : e])
	return l&wLast == 0 && l&wFirst != 0
}

// bornOrLivesBefore reports a word of birth, death or residence or a date
// right before the "in" at i, after which a place stands: "geboren in",
// "geb. 02.02.1996 in", "wohnhaft in", "lebt in".
func bornOrLivesBefore(raw, low []byte, i int) bool {
	ps, pe := prevWord(low, i)
	if pe == i-1 && pe > ps {
		switch string(low[ps:pe]) {
		case "geboren", "geb.", "wohnhaft", "wohnt", "wohnte", "lebt", "lebte", "gestorben", "verstorben", "gemeldet":
			return true
		}
	}
	// a date: "02.02.1996 in"
	return i >= 11 && raw[i-1] == ' ' && isDigit(raw[i-2]) && isDigit(raw[i-5]) && raw[i-6] == '.' && isDigit(raw[i-7]) && raw[i-9] == '.'
}

// participle reports a present participle used as a noun or adjective
// (Aufnehmende, Vorsitzender, Auszubildenden): no given name ends so.
func participle(w []byte) bool {
	for _, suf := range []string{"ende", "ender", "enden", "endes"} {
		if len(w) > len(suf)+3 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// pipeRowNames finds lone surnames in the other cells of a Markdown or pipe
// table row in which a name was found, as a rota gives its crews: "| Heiko
// Raabe | S. Ohm | Becker/Nolte |". A cell must hold nothing but one or two
// listed surnames joined by a slash, each with an initial or none; a word
// that is an ordinary one too ("Ohm") needs the initial.
func (d *personDetector) pipeRowNames(t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	n := len(dst)
	if n == n0 || !t.Has('|') {
		return dst
	}
	done := -1 // start of the last row looked at
	for fi := n0; fi < n && fi < n0+256; fi++ {
		// the name found fills its cell: a bar and blanks before it
		k := dst[fi].Start - 1
		for k > 0 && raw[k] == ' ' {
			k--
		}
		if k < 0 || raw[k] != '|' {
			continue
		}
		// a row is short: its start lies within maxHeader bytes
		from := max(0, dst[fi].Start-maxHeader)
		ls := bytes.LastIndexByte(raw[from:dst[fi].Start], '\n') + 1 + from
		if ls == from && from > 0 || ls == done || ls >= len(raw) || raw[ls] != '|' {
			continue
		}
		done = ls
		le := bytes.IndexByte(raw[ls:], '\n')
		if le < 0 {
			le = len(raw)
		} else {
			le += ls
		}
		if bytes.Count(raw[ls:le], []byte{'|'}) < 4 {
			continue
		}
		for cs := ls + 1; cs < le; {
			ce := bytes.IndexByte(raw[cs:le], '|')
			if ce < 0 {
				break
			}
			ce += cs
			dst = d.cellSurnames(t, dst, n0, n, cs, ce)
			cs = ce + 1
		}
	}
	return dst
}

// cellSurnames adds the surnames of the cell [cs, ce) when it holds nothing
// else (pipeRowNames) and no finding overlaps it.
func (d *personDetector) cellSurnames(t *Text, dst []Finding, n0, n, cs, ce int) []Finding {
	raw, low := t.Raw, t.Lower()
	for cs < ce && raw[cs] == ' ' {
		cs++
	}
	for ce > cs && (raw[ce-1] == ' ' || raw[ce-1] == '\r') {
		ce--
	}
	if ce-cs < 3 || ce-cs > 48 {
		return dst
	}
	for _, f := range dst[n0:n] {
		if f.Start < ce && f.End > cs {
			return dst
		}
	}
	var parts [2]Span
	np := 0
	for ps := cs; ps < ce; {
		pe := bytes.IndexByte(raw[ps:ce], '/')
		if pe < 0 {
			pe = ce
		} else {
			pe += ps
		}
		if np == 2 {
			return dst
		}
		ws := ps
		initial := ws+3 < pe && isUpper(raw[ws]) && raw[ws+1] == '.' && raw[ws+2] == ' '
		if initial {
			ws += 3
		}
		if !isCap(raw, ws) || wordEnd(raw, ws) != pe || allCaps(raw[ws:pe]) {
			return dst
		}
		g := d.lx.flags(low[ws:pe])
		if g&wLast == 0 || g&(wOrg|wBody|wTitle|wLabel|wRelation|wSalutation|wGreeting|wSignoff) != 0 || g&wNotName != 0 && !initial {
			return dst
		}
		parts[np] = Span{ps, pe}
		np++
		ps = pe + 1
	}
	for _, p := range parts[:np] {
		dst = append(dst, Finding{Type: "PERSON", Start: p.Start, End: p.End, Score: 0.7})
	}
	return dst
}

// signatureRow finds the other surnames on the signature line of a court's
// panel, where a name found stands in a row of cells set apart by three
// blanks or more: "Dr. Bertram          Lützenkirchen          Yilmaz-Eckert".
// Each other cell must be an optional title and one capitalised word that
// is no ordinary, institution or role word, and the name found must end
// its cell.
func (d *personDetector) signatureRow(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	n := len(dst)
	done := -1 // start of the last line looked at
	for fi := n0; fi < n && fi < n0+64; fi++ {
		f := dst[fi]
		if f.Type != "PERSON" || bytes.IndexByte(raw[f.Start:f.End], ',') >= 0 {
			continue // "Ramadani, Blerim         Mieter": a record's entry and its role, no row of signatures
		}
		// the line, at most 160 bytes: never a search through a long line
		from := max(0, f.Start-160)
		ls := bytes.LastIndexByte(raw[from:f.Start], '\n') + 1 + from
		if ls == from && from > 0 || ls == done || f.End > ls+160 {
			continue
		}
		done = ls
		le := bytes.IndexByte(raw[f.End:min(len(raw), ls+161)], '\n')
		if le < 0 {
			if le = len(raw); le-ls > 160 {
				continue
			}
		} else {
			le += f.End
		}
		if !bytes.Contains(raw[ls:le], []byte("   ")) {
			continue
		}
		var cells [6]Span
		m := blankCells(raw, ls, le, cells[:])
		if m < 2 || m > 5 {
			continue
		}
		var add [6]Span
		na, ok, known := 0, true, 1
		for _, c := range cells[:m] {
			if c.Start <= f.Start && f.End <= c.End {
				if c.End != f.End {
					ok = false // the name opens a sentence in its cell: "Besonderheiten      Yusuf hat eine …"
					break
				}
				continue
			}
			k, _, _ := d.skipTitles(t, c.Start)
			ke := wordEnd(raw, k)
			if k >= c.End || ke != c.End || !isCap(raw, k) || allCaps(raw[k:ke]) || ke-k < 3 {
				ok = false
				break
			}
			g := d.nameFlags(low, k, ke)
			if g&(wNotName|wOrg|wBody|wTitle|wSalutation|wLabel|wRelation) != 0 && g&wLast == 0 ||
				g&(wFirst|wLast) == 0 && (strongNoun(low[k:ke]) || roleLike(low[k:ke]) || institutionLike(low[k:ke])) {
				ok = false
				break
			}
			if g&wLast != 0 {
				known++
			}
			add[na] = Span{k, ke}
			na++
		}
		// at most one cell of a word in no name list: "Dr. Bertram  Lützenkirchen
		// Yilmaz-Eckert", not "Frau Schmidt  Sachgebiet  Telefon"
		if !ok || na-(known-1) > 1 {
			continue
		}
		for _, c := range add[:na] {
			if !covered(dst, c.Start) {
				dst = append(dst, Finding{Type: "PERSON", Start: c.Start, End: c.End, Score: 0.7})
			}
		}
	}
	return dst
}

// nameAloneOnLine reports a word [s, e) alone on its line but for a mail quote
// marker and blanks before it and a comma or blanks after it ("> Iryna").
func nameAloneOnLine(raw []byte, s, e int) bool {
	for j := s - 1; j >= 0 && raw[j] != '\n'; j-- {
		if c := raw[j]; c != ' ' && c != '>' && c != '\t' {
			return false
		}
	}
	for j := e; j < len(raw) && raw[j] != '\n' && raw[j] != '\r'; j++ {
		if c := raw[j]; c != ' ' && c != ',' && c != '\t' {
			return false
		}
	}
	return true
}

// maxCoref bounds the surnames sameSurname looks for.
const maxCoref = 64

// sameSurname finds the surnames of the names found in dst[n0:] again where
// they stand alone ("Beschwerde Kaminski" … "Herrn Kaminski"): a surname
// that names a person once in a text names that person elsewhere in it.
// Ordinary words, titles and institution words are never taken this way.
func (d *personDetector) sameSurname(t *Text, dst []Finding, n0 int) []Finding {
	if len(dst) == n0 {
		return dst
	}
	raw, low := t.Raw, t.Lower()
	names := map[string]bool{}
	// given names of full names found, taken again only alone on a line (a
	// quoted mail's sign-off: "> Iryna")
	var givens map[string]bool
	spans := make([][2]int, 0, len(dst)-n0)
	for _, f := range dst[n0:] {
		spans = append(spans, [2]int{f.Start, f.End})
		if len(names) >= maxCoref {
			continue
		}
		ts, te := f.Start, f.End
		if c := bytes.IndexByte(raw[ts:te], ','); c > 0 {
			te = ts + c // "Schulz, Jan": the surname comes first
		} else if sp := bytes.LastIndexByte(raw[ts:te], ' '); sp >= 0 {
			// the first word is the given name, also of "Amira Osman Ali";
			// one no list has is taken as well ("Nomvula Dlamini")
			if ge := ts + bytes.IndexByte(raw[ts:te], ' '); ge-ts >= 3 && isCap(raw, ts) && !allCaps(raw[ts:ge]) && !innerCap(raw[ts:ge]) {
				if g := d.lx.flags(low[ts:ge]); g&wFirst != 0 && g&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 ||
					g == 0 && unknownSurname(low[ts:ge]) && !roleLike(low[ts:ge]) && !institutionLike(low[ts:ge]) {
					if givens == nil {
						givens = map[string]bool{}
					}
					if !givens[string(low[ts:ge])] { // a lookup does not copy the key, an assignment does
						givens[string(low[ts:ge])] = true
					}
				}
			}
			ts = ts + sp + 1 // "Zeynep Şahin": the last word
		}
		// a given name found alone (a greeting, a roster, a label) names the
		// same person where it stands alone again ("Ahmet (Früh)" … "Ahmet ist")
		if te-ts < 3 || te > len(raw) || allCaps(raw[ts:te]) || !isCap(raw, ts) {
			continue
		}
		if d.nameFlags(low, ts, te)&(wNotName|wTitle|wOrg|wBody|wSalutation|wRelation|wLabel) != 0 {
			continue
		}
		if !names[string(low[ts:te])] {
			names[string(low[ts:te])] = true
		}
	}
	if len(names) == 0 {
		return dst
	}
	for g := range givens {
		if names[g] {
			delete(givens, g) // a surname too: taken anywhere
		} else {
			names[g] = true // looked up below, taken alone on a line only
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	inSpan := func(i int) bool {
		k := sort.Search(len(spans), func(k int) bool { return spans[k][0] > i })
		return k > 0 && i < spans[k-1][1]
	}
	// the first two folded bytes of the surnames: most words are rejected
	// before their end is looked for
	var first2 [256]uint64
	for n := range names {
		first2[n[0]] |= 1 << (n[1] & 63)
	}
	i := 0
	for _, p := range t.CapWords() {
		if int(p) < i {
			continue
		}
		i = int(p)
		if i+1 >= len(low) || first2[low[i]]&(1<<(low[i+1]&63)) == 0 { // len(low): the compiler drops both bounds checks
			continue
		}
		if !wordStartByte[raw[i]] || (i > 0 && !isBoundaryBefore(raw, i)) {
			continue
		}
		e := wordEnd(raw, i)
		if e == i {
			continue
		}
		if names[string(low[i:e])] && isCap(raw, i) && !inSpan(i) && !d.badNeighbour(raw, i, e) && !d.orgNear(t, i, e) {
			if givens[string(low[i:e])] && !nameAloneOnLine(raw, i, e) && !givenAlone(raw, i, e) {
				i = e
				continue
			}
			s := i
			// a given name of its own before it: "Zahra Rahimi, Omid Rahimi"
			// (not a word ending a sentence: "in die Klinik. Kajan hat"; not
			// a role: "den Vertrauensmann Hüsken")
			if ps, pe := prevWord(raw, i); pe == i-1 && raw[pe] == ' ' && ps < pe && raw[pe-1] != '.' && isCap(raw, ps) && !inSpan(ps) {
				if g := d.nameFlags(low, ps, pe); g&(wNotName|wOrg|wBody|wTitle|wSalutation|wRelation|wLabel|wGreeting|wSignoff) == 0 &&
					(g&wFirst != 0 || g == 0 && unknownSurname(low[ps:pe]) && !participleRole(low[ps:pe]) && !roleLike(low[ps:pe])) && !labelCompound(raw, low, ps, pe) && (!allCaps(raw[ps:pe]) || pe-ps >= 4 && allCaps(raw[i:e])) &&
					(g != 0 || !allCaps(raw[i:e]) || allCaps(raw[ps:pe])) {
					// "THARMALINGAM SIVARAJAH": the passport form of the same name;
					// an unlisted word in lower case before one in capitals is
					// none ("im Pass KOVALENKO / TETIANA")
					s = ps
				}
			}
			// the initial of the given name before it: "Bericht: F. Heilmann"
			if s == i {
				s = initialBefore(raw, i)
			}
			// "Nachname, Vorname" in running text: "Nutzungsrecht Vossberg, Kurt,"
			if ge := d.commaGivenAfter(t, e); ge > e && s == i {
				e = ge
			}
			// the surname right after a name found without it: "Elisabeth
			// Marianne" + " Vossberg" is one name
			if k := prevName(dst, n0, i-1); s == i && k >= 0 && raw[i-1] == ' ' {
				dst[k].End = e
				i = e
				continue
			}
			dst = append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.7})
		}
		i = e
	}
	return dst
}

// givenAlone reports a given name [s, e) of a full name found elsewhere that
// stands in running text without a capitalised word next to it, where it
// names the same person ("Patrick Oberhausen" … "übernimmt ab 12 Tarek,"),
// not the given name of another one ("Patrick Weber") or a part of a title.
func givenAlone(raw []byte, s, e int) bool {
	if allCaps(raw[s:e]) {
		return false
	}
	if k := skipBlank(raw, e); k < len(raw) && (isCap(raw, k) || raw[k] == '-' || isDigit(raw[k]) || raw[k] == '.' && k+1 < len(raw) && raw[k+1] != ' ' && raw[k+1] != '\n') {
		return false
	}
	ps, pe := prevWord(raw, s)
	// a capitalised word before it, unless that ends a sentence: "vom
	// Partner. Leon spielte" (not an abbreviation: "St. Leon")
	return !(pe == s-1 && raw[pe] == ' ' && pe > ps && isCap(raw, ps)) || raw[pe-1] == '.' && pe-ps >= 6 && isLowerASCII(raw[pe-2])
}

// prevName returns the index of the PERSON finding of dst[n0:] that ends at
// end, or -1.
func prevName(dst []Finding, n0, end int) int {
	for k := len(dst) - 1; k >= n0; k-- {
		if dst[k].Type == "PERSON" && dst[k].End == end {
			return k
		}
	}
	return -1
}

// commaGivenAfter returns the end of a given name after a surname ending at
// e in the "Nachname, Vorname" order (", Kurt" then a boundary: a comma,
// colon, bracket, line end or a lower-case word), or e.
func (d *personDetector) commaGivenAfter(t *Text, e int) int {
	raw := t.Raw
	if e+2 >= len(raw) || raw[e] != ',' || raw[e+1] != ' ' || !isCap(raw, e+2) {
		return e
	}
	ge := wordEnd(raw, e+2)
	if ge == e+2 || d.nameFlags(t.Lower(), e+2, ge)&(wFirst|wNotName|wOrg|wBody|wTitle) != wFirst {
		return e
	}
	if ge < len(raw) {
		switch c := raw[ge]; {
		case c == ',' || c == ':' || c == ')' || c == ';' || c == '\n' || c == '\r':
		case c == ' ' && ge+1 < len(raw) && (isLowerASCII(raw[ge+1]) || raw[ge+1] == '('):
		default:
			return e
		}
	}
	return ge
}

// nameColumn are table headers whose column holds names.
var nameColumn = map[string]bool{"name": true, "vorname": true, "vornamen": true, "nachname": true,
	"familienname": true, "geburtsname": true, "antragsteller": true, "antragstellerin": true,
	"mitarbeiter": true, "mitarbeiterin": true, "teilnehmer": true, "teilnehmerin": true, "schüler": true,
	"schülerin": true, "bewerber": true, "bewerberin": true, "halter": true, "kind": true, "patient": true}

// nameCell reports whether a table cell holds a name: one to four
// capitalised words (a comma allowed: "Wagner, Petra"), no digits, no
// institution word.
func (d *personDetector) nameCell(t *Text, c Span) bool {
	raw, low := t.Raw, t.Lower()
	words := 0
	for i := c.Start; i < c.End; {
		switch raw[i] {
		case ' ', ',', '.':
			i++
			continue
		}
		if !isCap(raw, i) {
			return false
		}
		e := wordEnd(raw, i)
		if e == i || e > c.End || d.lx.flags(low[i:e])&(wOrg|wBody|wTitle|wNotName) != 0 && d.lx.flags(low[i:e])&(wFirst|wLast) == 0 {
			return false
		}
		words++
		i = e
	}
	return words >= 1 && words <= 4
}

var birthNameLabels = []string{"geb. ", "geborene ", "geborener ", "gez. ", "née ", "verh. "}

// birthLabelAt returns the birth-name label at i in low, or "".
func birthLabelAt(low []byte, i int) string {
	for _, kw := range birthNameLabels {
		if hasPrefixAt(low, i, kw) {
			return kw
		}
	}
	return ""
}

// lowerCues are salutations that chat-style text writes in lower case ("die
// frau schmidt-bauer hat angerufen"); a lower-case name after one is a name.
var lowerCues = []string{"frau ", "herr ", "herrn ", "hr. ", "fr. ", "dr "}

// lowerDoctor is a doctor's title typed in lower case before a lower-case
// name ("dr. brenner 08:35", "mit dem dr. voss"). It is no lowerCue: "Dr. "
// stands in most texts in capitals, where the capital scan reads the name,
// and would open lowerCase's passes for chats on every one of them.
const lowerDoctor = "dr. "

// lowerDoctorKey is lowerDoctor's keyword slot (Text.keyHits).
var lowerDoctorKey = newKeySlot(lowerDoctor)

// lowerGreets stand before a lower-case given name that ends a phrase:
// "top danke leyla", "hallo anna,".
var lowerGreets = []string{"hallo ", "hi ", "hey ", "moin ", "danke ", "liebe ", "lieber "}

// lowerSignoffs open the line of a signature in lower-case mail ("gruß\nmarco").
var lowerSignoffs = []string{"gruß", "grüße", "gruss", "lg", "vg"}

// lowerIntros introduce one's own name in lower-case chat and mail ("mein
// name rojda xelîl, handy …").
var lowerIntros = []string{"mein name ", "ich heiße ", "ich heisse "}

// Anchors are the MRZ filler "<<", the birth-name and signature labels, the
// salutations and the relation words (lexicons/relations.txt): PERSON runs on every text
// (Keywords is nil) but looks these up with Text.Hits, so the engine's
// prefilter finds them in its one pass.
func (d *personDetector) Anchors() []string {
	a := slices.Concat([]string{"<<", lowerDoctor}, birthNameLabels, lowerCues, lowerSignoffs, lowerGreets, lowerIntros) // "<<": MRZ lines
	a = append(a, d.relKeys...)
	a = append(a, d.pluralKeys...)
	return append(a, fieldAnchors...) // keys of records (fields.go)
}

// lowerCase finds names written in lower case after a lower-case salutation
// ("frau schmidt-bauer": a surname or a given name) or a relation word ("ihr
// sohn jonas": a given name). Only words of the name lexicons that are no
// ordinary word count: chat text in lower case has no other sign of a name.
func (d *personDetector) lowerCase(t *Text, dst []Finding) []Finding {
	raw := t.Raw
	var buf [maxWord]byte // the word lower-cased, when the text is not (yet)
	var names map[string]bool
	keep := func(s, e int) {
		if names == nil {
			names = map[string]bool{}
		}
		if len(names) < maxCoref && e-s >= 3 {
			names[string(raw[s:e])] = true
		}
	}
	take := func(h, n int, want uint16) {
		if !isLowerASCII(raw[h]) || !isWordStartAt(raw, h) {
			return
		}
		k := h + n
		if want&wLast != 0 && isCap(raw, k) && isLowerASCII(raw[h]) {
			// a capitalised name after a salutation typed in lower case:
			// "frau Yıldırım vom standesamt"
			k2, _, _ := d.skipTitles(t, k)
			if ns, ne, ok := d.nameAfter(t, k2, true); ok && ns == k2 && !overlapsAny(dst, k, ne) {
				dst = append(dst, Finding{Type: "PERSON", Start: ns, End: ne, Score: 0.75})
			}
			return
		}
		if k >= len(raw) || !(isLowerASCII(raw[k]) || raw[k] == 0xC3) {
			return
		}
		e, f := d.lowerNameAt(t, buf[:], k)
		if e == k || covered(dst, k) || want == wFirst && lowerStop[string(raw[k:e])] {
			return // after a relation word: "his wife can renew", "mein bruder will", a verb, not a given name ("herr may" stays)
		}
		if f&want == 0 || f&badLowerName != 0 {
			// an unknown surname after a salutation: "frau kremer", "dr weinreich"
			if want&wLast == 0 || f != 0 || !d.lowerWord(raw, k, e) {
				return
			}
		}
		ne := e
		if f&wFirst != 0 {
			ne = d.lowerSurnameAfter(t, buf[:], e, true) // "frau emine öztürk"
			if ne > e {
				keep(skipBlank(raw, bytes.LastIndexByte(raw[:ne], ' ')), ne)
			}
		}
		dst = append(dst, Finding{Type: "PERSON", Start: k, End: ne, Score: 0.65})
		if f&wFirst == 0 {
			keep(k, e)
		}
	}
	cued := d.anyLowerCue(t)
	if cued {
		for i, hits := range t.listHitsAt(lowerCuesSlot, lowerCues) {
			for _, h := range hits {
				take(h, len(lowerCues[i]), wFirst|wLast)
			}
		}
		for i, hits := range t.listHitsAt(relKeysSlot, d.relKeys) { // "bruder ", "bruder, " (mit ihrem bruder, driton, der …)
			kw := d.relKeys[i]
			for _, h := range hits {
				take(h, len(kw), wFirst)
			}
		}
		for i, hits := range t.listHitsAt(lowerIntrosSlot, lowerIntros) { // "mein name rojda xelîl,"
			c := lowerIntros[i]
			for _, h := range hits {
				k := h + len(c)
				if hasPrefixAt(raw, k, "ist ") {
					k += 4
				}
				ne, ok := d.lowerFullName(t, buf[:], k)
				if ok {
					ne = d.lowerIntroSurname(t, buf[:], k, ne) // "ich heisse murat kilic geb …"
				}
				if ok && !covered(dst, k) && (ne >= len(raw) || strings.IndexByte(",.!?;\n\r", raw[ne]) >= 0 || hasPrefixAt(raw, ne, " geb") ||
					ne > k && bytes.IndexByte(raw[k:ne], ' ') > 0 && dictatedNameEnd(t.Lower(), ne)) { // "mein name ist zeynep aydoğan wohne …"
					dst = append(dst, Finding{Type: "PERSON", Start: k, End: ne, Score: 0.7})
					keep(k, ne)
				}
			}
		}
		for i, hits := range t.listHitsAt(lowerGreetsSlot, lowerGreets) {
			g := lowerGreets[i]
			for _, h := range hits {
				// the name ends the phrase: "danke leyla", "hallo anna,"
				k := h + len(g)
				if e, _ := d.lowerNameAt(t, buf[:], k); e > k && (e >= len(raw) || strings.IndexByte(",.!?:;\n\r", raw[e]) >= 0) {
					take(h, len(g), wFirst)
				}
			}
		}
	}
	for _, h := range t.keyHits(lowerDoctorKey) {
		if raw[h] == 'd' { // "Dr. " in capitals is the capital scan's
			take(h, len(lowerDoctor), wFirst|wLast)
		}
	}
	if names == nil {
		names = map[string]bool{}
	}
	chat := false
	if t.Has(']') {
		if dst, chat = d.chatLowerSenders(t, dst, names); chat && len(names) > 0 {
			dst = d.chatArticleNames(t, dst, names)
		}
	}
	lower := cued && lowerText(t) // a lower-case text with a salutation or sign-off
	if chat || lower {
		dst = d.chatFullNames(t, dst, names)
	}
	if cued {
		dst = d.chatBareSenders(t, dst, names)
		dst = d.lowerSignature(t, dst, names)
		if lower {
			dst = d.lowerLastLine(t, dst, names)
			dst = d.lowerOnBehalf(t, dst, names)
		}
	}
	if chat || lower {
		dst = d.chatGivenNames(t, dst, names) // after the rules that read whole names
	}
	if len(names) > 0 {
		dst = d.lowerAgain(t, dst, names)
	}
	return dst
}

// birthLabelHits returns the offsets of the birth-name and signature labels
// in ascending order.
func birthLabelHits(t *Text) []int {
	var out []int
	for _, hits := range t.listHitsAt(birthNameLabelsSlot, birthNameLabels) {
		out = append(out, hits...)
	}
	if len(out) > 0 {
		slices.Sort(out)
		out = slices.Compact(out)
	}
	return out
}

// wordStartByte marks bytes that can start a word: ASCII letters and
// UTF-8 lead bytes.
var wordStartByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isLetter(byte(c)) || c >= 0xC0
	}
	return t
}()

// isBoundaryBefore reports whether no letter or digit ends right before i.
func isBoundaryBefore(b []byte, i int) bool {
	c := b[i-1]
	if c < 0x80 {
		return !isAlnum(c)
	}
	return isWordStartAt(b, i)
}

func at(b []byte, i int) rune {
	if i < 0 || i >= len(b) {
		return 0
	}
	return rune(b[i])
}

// tokenKey returns the folded token [s, e) plus a trailing dot if one follows.
func tokenKey(low []byte, s, e int) (key []byte, dotted bool) {
	if e < len(low) && low[e] == '.' {
		return low[s : e+1], true
	}
	return low[s:e], false
}

// withLabels merges the label offsets into caps (both ascending), a label
// before a capital at the same offset; a label's entry is the complement of
// its offset, so that the scan tells the two apart. Most texts have no label
// and scan caps as they are.
func withLabels(caps []int32, labels []int) []int32 {
	out := make([]int32, 0, len(caps)+len(labels))
	ci := 0
	for _, l := range labels {
		for ci < len(caps) && int(caps[ci]) < l {
			out = append(out, caps[ci])
			ci++
		}
		out = append(out, ^int32(l))
	}
	return append(out, caps[ci:]...)
}

// match decides what the capitalised word [s, e) starts; f is its lexicon
// flags, plain wordEndPlain's answer for it. It returns the name span, its
// score (0: nothing) and where scanning continues.
func (d *personDetector) match(t *Text, low []byte, s, e int, f uint16, plain bool, dst *[]Finding, tbl *tables) (int, int, float64, int) {
	raw := t.Raw
	w := low[s:e]
	lx := d.lx
	// "Best, Elena": the English sign-off that opens its line, before a
	// given name (Best is a surname too, so not one of signoffs)
	if spouseAt(low, s, e) {
		return 0, 0, 0, e // "Mein Mann Goran Jovanović": the husband, not Thomas Mann's surname
	}
	if englishSignoff(raw, low, s, e) {
		if ge, ok := d.isGiven(t, e+2); ok {
			if _, se, ok := d.surnameAfter(t, ge); ok {
				ge = se
			}
			return e + 2, ge, 0.8, ge
		}
	}
	// the author of a note and its date in brackets: "Hinweis Außendienst
	// (Kaminski, 18.11.): …", "Vermerk (Becker, 18.11.2026)"
	if s > 0 && raw[s-1] == '(' && f&wLast != 0 && f&(wNotName|wNotAlone|wOrg|wBody|wTitle|wLabel) == 0 && noteDateAfter(raw, e) {
		return s, e, 0.7, e
	}
	// Fast path: most capitalised words are nouns in no lexicon. They can
	// only start a name when they look foreign or another capitalised word
	// follows (an unknown given name before a surname).
	if f == 0 && !plain && bytes.IndexByte(w, '-') > 0 {
		f = d.hyphenName(w) // Jan-Philipp, Müller-Lüdenscheidt
	}
	key, dotted := tokenKey(low, s, e)
	fk := f
	if dotted {
		fk = lx.flags(key)
	}
	if (f | fk) == wNotName {
		return 0, 0, 0, e // an ordinary word (Die, Bitte) never starts a name
	}
	if f&(wFirst|wLast|wTitle|wRelation|wSalutation) == wLast && s > 1 && raw[s-1] == ' ' && possessiveBefore(low, s) {
		return 0, 0, 0, e // a noun that is also a surname after a possessive: "Mein Mann, Kwame …", "ihr Vogel"
	}
	// a chat export's sender line, given name (also one that is a word:
	// Jan), surname and time: "Jan Pieper 10:34"
	if f&wFirst != 0 && (s == 0 || raw[s-1] == '\n') && e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) {
		if ne := d.stampSender(t, s, e+1); ne > e {
			return s, ne, 0.7, ne
		}
	}
	if f == 0 && fk == 0 && !(oneCapital(raw, s, e) && dotted) {
		if e+1 < len(raw) && raw[e] == ' ' && isLowerASCII(raw[e+1]) {
			// the commonest case, a lower-case word after it: of the tests
			// below only its letters and a court case's " ./. " can answer
			if (plain || !foreignLetters(raw[s:e])) && !courtPartyBefore(raw, s) {
				return 0, 0, 0, e
			}
		} else if !(e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1)) && (plain || !foreignLetters(raw[s:e])) && !courtParty(raw, s, e) &&
			!(e+2 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' && isCap(raw, e+2) && e-s >= 3 && (allCaps(raw[s:e]) || nameLetters(raw[s:e])) &&
				!countryWord(lx.flags(low[e+2:wordEnd(raw, e+2)]))) && // "Tromsø, Norway": a place and its state

			!(hasPrefixAt(raw, e, " (") && (agedBefore(raw, *dst, s) || birthParen(raw, e))) && !(e+2 < len(raw) && raw[e] == ',' && (valueEdge(raw, s-1, true) || commaSlot(raw, *dst, s))) {
			if e+2 < len(raw) && raw[e] == ',' && d.signatureSurname(t, s, e) { // the comma first: the call is rare
				return s, e, 0.7, e
			}
			if s >= 3 && raw[s-2] == 'B' && d.sbClerk(t, s, e) {
				return s, e, 0.7, e
			}
			return 0, 0, 0, e
		}
	}
	// two unlisted words before ", geb." after a colon or "des": "Sohn des Ghulam Sakhi, geb. …"
	if f == 0 && fk == 0 && e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) {
		if ne := d.pairBeforeBirth(t, s, e); ne > e {
			return s, ne, 0.7, ne
		}
	}
	// an English weekday in a mail header's date: "Date: Thu, 6 Mar 2025"
	if e-s == 3 && e+3 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' && isDigit(raw[e+2]) && weekdayMonth(w, []byte("mar")) {
		return 0, 0, 0, e
	}
	// Salutations and titles: Herr, Frau Dr., Prof., Bürgermeister. A
	// label that is also a role ("Patient:") is read as a label.
	k, sal, strong := s, false, false
	if (f|fk)&wTitle != 0 || msTitle(raw, s, e) { // skipTitles finds nothing at a word that is no title
		k, sal, strong = d.skipTitles(t, s)
		// the court of a judge: "Richter am Verwaltungsgericht Lorenz",
		// "Richterin am Amtsgericht Dr. Haug"
		if k > s && (hasPrefixAt(raw, k, "am ") || hasPrefixAt(raw, k, "beim ")) {
			c := skipBlank(raw, k+bytes.IndexByte(raw[k:], ' '))
			if ce := wordEnd(raw, c); ce > c && isCap(raw, c) && (bytes.HasSuffix(low[c:ce], []byte("gericht")) || bytes.HasSuffix(low[c:ce], []byte("gerichtshof"))) {
				// the name must be in a name list or look like one: not the
				// court's town ("Richterin am Landgericht Bonn")
				if n := skipBlank(raw, ce); n > ce && isCap(raw, n) {
					k2, _, _ := d.skipTitles(t, n)
					if ns, ne, ok := d.nameAfter(t, k2, false); ok {
						return ns, ne, 0.85, ne
					}
				}
				return 0, 0, 0, ce
			}
		}
	}
	if f&wLabel != 0 {
		if _, isLabel := labelColon(raw, e); isLabel {
			k = s
		}
	}
	// a title that is a surname too, first in a "Surname, Given" entry, is
	// the surname: "Richter, Klaus", "Meister, Klaus; Weber, Lena"
	if k > s && f&wLast != 0 && e+2 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' && isCap(raw, e+2) {
		if ge := wordEnd(raw, e+2); d.nameFlags(low, e+2, ge)&(wFirst|wNotName|wOrg|wBody|wTitle) == wFirst {
			k = s // the surname's own reading decides
		}
	}
	// a role no title list has, after an article, before a listed name:
	// "Der Restaurator Gerlach soll …", "die Kursleiterin Weber"; not "den
	// Vorsitzenden Richter am …", "Der Koordinator Klimaschutz"
	if k == s && f == 0 && fk == 0 && e-s > 6 && plain && s >= 4 && raw[s-1] == ' ' && e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) {
		if ps, pe := prevWord(low, s); pe == s-1 && pe-ps == 3 && (germanArticle(low[ps:pe]) || string(low[ps:pe]) == "die" || string(low[ps:pe]) == "des") {
			if g := d.lx.flags(low[e+1 : wordEnd(raw, e+1)]); g&(wFirst|wLast) != 0 && g&(wTitle|wOrg|wBody|wNotName|wLabel) == 0 && roleLike(w) {
				k = e + 1
			}
		}
	}
	if k > s {
		if !sal && !strong {
			// an official signing on the line under the role: "Die
			// Standesbeamtin\nEbner", "Der Landrat\nDr. Jens Kötter"
			if n := roleLine(raw, s, k); n > 0 {
				n, _, _ = d.skipTitles(t, n)
				if ne := wordEnd(raw, n); d.loneSurname(t, n, ne) && personLineEnd(raw, ne) && !d.badNeighbour(raw, n, ne) {
					return n, ne, 0.75, ne
				}
				if ns, ne, ok := d.nameAfter(t, n, false); ok && personLineEnd(raw, ne) && !d.roleInSpan(t, ns, ne) {
					return ns, ne, 0.8, ne
				}
			}
			// a role (Bürgermeister, Referentin): the name must look like one
			if ns, ne, ok := d.nameAfter(t, k, false); ok {
				ne = regnalAfter(raw, ne) // "Landgraf Ludwig III."
				if bytes.IndexByte(raw[ns:ne], ' ') < 0 {
					ne = d.entryGiven(t, ne, true) // "Person Nwachukwu, Emeka (geb. …)", "Anwohnerin Weber, Anna,"
				}
				return ns, ne, 0.8, ne
			}
			if isCap(raw, k) {
				ke := wordEnd(raw, k)
				// a ruler's name with its number: "Erzbischof Anno II."
				if re := regnalAfter(raw, ke); re > ke && ke-k >= 3 && !allCaps(raw[k:ke]) && d.lx.flags(low[k:ke])&(wNotName|wOrg|wBody|wTitle) == 0 {
					return k, re, 0.75, re
				}
				if d.lx.flags(low[k:ke]) == 0 && unknownSurname(low[k:ke]) && !allCaps(raw[k:ke]) && ke-k >= 4 && !institutionLike(low[k:ke]) &&
					!d.badNeighbour(raw, k, ke) && !d.orgAfter(t, ke) && // not "Sachbearbeiterin Bürgerbüro nach EG 9a"
					!(len(w) <= 3 && ke-k > 12) { // after an abbreviated role ("SB Haslinger") a surname's length, not a unit's compound ("SB Unterhaltsvorschuss")
					// followed by running text, not the end of a line (job titles
					// in signatures: "Leiter Personal"); a clerk's surname may
					// end the line when it is shaped like one ("Sachbearbeiter Lindemann",
					// not "Sachbearbeitung Wahlen")
					if r := skipBlank(raw, ke); r < len(raw) && (isLowerASCII(raw[r]) || strings.IndexByte(",.;)", raw[r]) >= 0) ||
						clerkWord(w) && (r >= len(raw) || raw[r] == '\n' || raw[r] == '\r') && (surnameShape(low[k:ke]) || bytes.HasSuffix(low[k:ke], []byte("mann"))) {
						return k, ke, 0.7, ke
					}
				}
				// a listed surname after a clerk's role: "Sachbearbeitung Özkan,"
				if g := d.lx.flags(low[k:ke]); clerkWord(w) && g&wLast != 0 && g&(wNotName|wNotAlone|wOrg|wBody|wTitle|wRelation) == 0 && !allCaps(raw[k:ke]) {
					if r := skipBlank(raw, ke); r >= len(raw) || strings.IndexByte(",.;)\n\r", raw[r]) >= 0 {
						return k, ke, 0.75, ke
					}
				}
			}
			return 0, 0, 0, k
		}
		// an unknown role after the salutation: "Frau Landesbeauftragte Schulze",
		// "Herr Fachdienstleiter Meier"
		if ke := wordEnd(raw, k); ke > k && isCap(raw, k) && d.lx.flags(low[k:ke]) == 0 && roleLike(low[k:ke]) {
			if n := skipBlank(raw, ke); n > ke && isCap(raw, n) {
				k = n
			}
		}
		if ns, ne, ok := d.nameAfter(t, k, sal || strong); ok {
			// "Herrn Ahmadzai, Mohammad Nasir (…)": the given names after the
			// surname and a comma, when the entry ends there
			if sal && bytes.IndexByte(raw[ns:ne], ' ') < 0 {
				ne = d.entryGiven(t, ne, false)
			}
			score := 0.9
			if !sal && !strong {
				score = 0.8
			}
			return ns, ne, score, ne
		}
		// the salutation alone on its line in a letter's address block: the
		// whole next line is the name ("Herrn\nAbdirahman Warsame Farah")
		if sal {
			if n := salutationLine(raw, s, k); n > 0 {
				n, _, _ = d.skipTitles(t, n)
				if ns, ne, ok := d.nameAfter(t, n, true); ok && personLineEnd(raw, ne) {
					return ns, ne, 0.85, ne
				}
			}
		}
		return 0, 0, 0, k
	}
	if f&wRelation != 0 {
		if k := skipBlank(raw, e); k > e {
			if ns, ne, ok := d.nameAfter(t, k, false); ok {
				if bytes.IndexByte(raw[ns:ne], ' ') < 0 && lx.flags(low[ns:ne])&(wFirst|wLast) != wFirst && !pluralKin(w) {
					// a surname, then its given names after a comma: "Ehemann Huber,
					// Walter verst.", "Kindsvater Yılmaz, Mehmet wohnt …" (not a
					// given name alone, not after "Kinder": "Kinder Anna, Paul")
					ne = d.entryGiven(t, ne, true)
				}
				return ns, ne, 0.75, ne
			}
			// a parent's listed given name in the genitive: "Sohn des Mahmoud", "Tochter der Fatima"
			if singleKin[string(w)] && (hasPrefixAt(raw, k, "des ") || hasPrefixAt(raw, k, "der ")) && isCap(raw, k+4) {
				if ge := wordEnd(raw, k+4); lx.flags(low[k+4:ge])&(wFirst|badNameFlags) == wFirst && !genitiveS(low[k+4:ge]) {
					if ns, ne, ok := d.nameAfter(t, k+4, false); ok {
						// and the other parent: "… und der Fatima"
						next := ne
						if m := ne + 9; (hasPrefixAt(raw, ne, " und der ") || hasPrefixAt(raw, ne, " und des ")) && isCap(raw, m) {
							if me := wordEnd(raw, m); lx.flags(low[m:me])&(wFirst|badNameFlags) == wFirst {
								if ms, me, ok := d.nameAfter(t, m, false); ok {
									*dst = append(*dst, Finding{Type: "PERSON", Start: ms, End: me, Score: 0.7})
									next = me
								}
							}
						}
						return ns, ne, 0.7, next
					}
				}
			}
			// an unknown given name with the age after it: "den Kindern Arash (14)"
			if ke := wordEnd(raw, k); ke-k >= 3 && isCap(raw, k) && !allCaps(raw[k:ke]) && lx.flags(low[k:ke]) == 0 && unknownSurname(low[k:ke]) &&
				(ageAfter(raw, ke) || (ageCommaAfter(raw, ke) || householdAfter(low, ke)) && !strongNoun(low[k:ke]) && !roleLike(low[k:ke]) && !institutionLike(low[k:ke]) || singleKin[string(w)] && possessiveBefore(low, s) && (appositionEnd(raw, ke) || wrappedEnd(raw, ke) || dashAfter(raw, ke) || personVerbAfter(low, ke)) && !roleLike(low[k:ke]) && !institutionLike(low[k:ke]) && !innerCap(raw[k:ke])) {
				// or after a possessive, set off by a comma: "Ihr Sohn Chidi, Schüler der 7b"
				return k, ke, 0.7, ke
			}
			// two unknown words after a kin word of one person: "Ehefrau Parwin Noori"
			// (not a genitive before a noun: "Onkel Dagoberts Geldspeicher")
			if ke := wordEnd(raw, k); singleKin[string(w)] && ke-k >= 3 && isCap(raw, k) && lx.flags(low[k:ke]) == 0 && d.plainSurname(t, k, ke) && !innerCap(raw[k:ke]) && !genitiveS(low[k:ke]) {
				// or a listed name second, as a father's given name: "Tochter Rojda Mustafa,"
				if ns, ne, ok := d.surnameAfter(t, ke); ok && ns == ke+1 && (lx.flags(low[ns:ne]) == 0 && d.plainSurname(t, ns, ne) ||
					lx.flags(low[ns:ne])&(wFirst|wLast) != 0 && lx.flags(low[ns:ne])&badNameFlags == 0 && appositionEnd(raw, ne)) && !innerCap(raw[ns:ne]) &&
					!isCap(raw, skipBlank(raw, ne)) && !strongNoun(low[k:ke]) && !strongNoun(low[ns:ne]) {
					return k, ne, 0.7, ne
				}
			}
		}
	}
	// Table headers: Name | Vorname | …: the cells below are names.
	if f&wLabel != 0 && nameColumn[string(w)] && !(string(w) == "name" && animalHeaderLine(t, s)) {
		for _, c := range tbl.cells(raw, s) {
			if d.nameCell(t, c) {
				*dst = append(*dst, Finding{Type: "PERSON", Start: c.Start, End: c.End, Score: 0.8})
			}
		}
	}
	// Labels: "Name: …", "Name, Vorname: …".
	if f&wLabel != 0 && string(w) == "name" && animalBefore(low, s) {
		return 0, 0, 0, e // the animal's name in its own part of a form: "Hund: Rasse Labrador, Name „Bruno“"
	}
	if f&wLabel != 0 {
		// the name fields of a document copied into a sentence, without
		// colons: "Name Haidari, Vorname Sosan, geboren am …"
		if ns, ne, ok := d.inlineField(t, w, e); ok {
			return ns, ne, 0.8, ne
		}
		if j, ok := labelColon(raw, e); ok {
			k := skipBlank(raw, j)
			// a name typed in lower case after a name field: "Name: marija petrović"
			if ne, ok := d.lowerField(t, w, k); ok {
				return k, ne, 0.75, ne
			}
			k2, _, _ := d.skipTitles(t, k)
			trusted := !weakLabels[string(w)]
			if ke := wordEnd(raw, k2); k2 == k && ke > k2 && isCap(raw, k2) && d.lx.flags(low[k2:ke]) == 0 && roleLike(low[k2:ke]) {
				// an unknown rank after the label: "Ansprechpartner: Brandoberrat
				// Jens Kötter", "Zeuge: Verkehrsüberwacher Dienstnummer 0417"
				k2, trusted = skipBlank(raw, ke), false
			}
			if ns, ne, ok := d.nameAfter(t, k2, trusted); ok && !(ne+1 < len(raw) && raw[ne] == ' ' && isLowerASCII(raw[ne+1]) &&
				d.nameFlags(low, ns, ne)&(wFirst|wLast) == 0 && !unknownSurname(low[ns:ne])) && // not "Betreuerin: Kontoauszüge anbei"
				!(weakLabels[string(w)] && d.lx.flags(low[ns:wordEnd(raw, ns)])&wNotName != 0) && // not "Rufbereitschaft: Montag bis Freitag"
				!d.camelFirm(t, ns) && // not "Absender: TechnoServ Rhein GmbH"
				!officeByDirection(raw, low, ns, ne) && // not "Fallführung: ASD Nord"
				!(d.nounValue(t, ns, ne) && !(givenLabels[string(w)] && bytes.HasSuffix(low[ns:ne], []byte("ik")))) { // not "Antragstellerin: Bürgergeld (Jobcenter)"; a given name's field holds one ("Vorname: Besnik")
				if sp := bytes.IndexByte(raw[ns:ne], ' '); sp < 0 || bytes.IndexByte(raw[ns+sp+1:ne], ' ') < 0 && particles[string(low[ns:ns+sp])] {
					ne = d.commaGiven(t, ne) // "Schulz, Jan", "Al Hussein, Abdul Rahman", not "Rami Haddad, Nour Haddad"
				}
				// a mail header list: "An: Müller, Petra; Ahmeti, Blerina";
				// names joined by "und": "Eltern: Reza Jafari und Parisa Moradi"
				next := ne
				for n := 0; n < 20; n++ {
					j := skipBlank(raw, skipAddr(raw, skipBlank(raw, next)))
					if hasPrefixAt(raw, j, "und ") && j > next {
						j += 2
					} else if j >= len(raw) || raw[j] != ';' {
						break
					}
					k, _, _ := d.skipTitles(t, skipBlank(raw, j+1))
					ls, le, ok := d.nameAfter(t, k, true)
					if !ok {
						break
					}
					if bytes.IndexByte(raw[ls:le], ' ') < 0 {
						le = d.commaGiven(t, le)
					}
					*dst = append(*dst, Finding{Type: "PERSON", Start: ls, End: le, Score: 0.85})
					next = le
				}
				return ns, ne, 0.9, next
			}
			// the clerk's surname no list has after a weak label, where the
			// note ends or a phone, mail or unit follows: "Aufgenommen:
			// Weidinger" on the last line, "Bearbeitung: Frerichs, 04441 …"
			if k2 == k && weakLabels[string(w)] {
				if ke, ok := d.clerkAfterLabel(t, k, string(w) != "kontakt"); ok {
					return k, ke, 0.8, ke
				}
			}
		}
	}
	// Thanks to a listed given name, as a chat answers: "Danke Aylin, ist
	// notiert", "Danke Volker!", "Danke Lea. Bitte …"; not "Danke Schön!",
	// "Danke Herr …" (the salutation's), a word after the name.
	if e-s == 5 && string(low[s:e]) == "danke" && e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) {
		k := e + 1
		ke := wordEnd(raw, k)
		g := lx.flags(low[k:ke])
		if next := at(raw, ke); ke-k >= 2 && g&wFirst != 0 && g&(wNotName|wNotAlone|wTitle|wOrg|wBody|wSalutation|wLabel|wRelation) == 0 &&
			(next == ',' || next == '!' || next == '.' || next == '\n' || next == '\r' || next == 0) {
			return k, ke, 0.8, ke
		}
	}
	// Greetings: "Hallo Ayşe," "Liebe Frau …" is handled by the salutation.
	if f&wGreeting != 0 {
		k := skipBlank(raw, e)
		if k > e && isCap(raw, k) {
			ke := wordEnd(raw, k)
			f := lx.flags(low[k:ke])
			next := at(raw, skipBlank(raw, ke))
			if f&wNotName == 0 && f&(wTitle|wOrg|wBody) == 0 &&
				(f&(wFirst|wLast) != 0 || (next == ',' || next == '!' || next == '\n' || next == 0) &&
					unknownSurname(low[k:ke]) && !institutionLike(low[k:ke])) { // not "Hallo Wahlamt,"
				ne := ke
				if ns2, ne2, ok := d.surnameAfter(t, ke); ok && ns2 > ke {
					ne = ne2
				}
				// "Liebe Petra, liebe Blerina,"
				next := ne
				for n := 0; n < 4; n++ {
					j := skipBlank(raw, next)
					if j < len(raw) && raw[j] == ',' {
						j = skipBlank(raw, j+1)
					} else if hasPrefixAt(low, j, "und ") {
						j = skipBlank(raw, j+4)
					} else {
						break
					}
					we := wordEnd(raw, j)
					if we == j || lx.flags(low[j:we])&wGreeting == 0 {
						break
					}
					g := skipBlank(raw, we)
					ge := wordEnd(raw, g)
					if g == we || ge == g || !isCap(raw, g) {
						break
					}
					gf := lx.flags(low[g:ge])
					if gf&(wNotName|wTitle|wOrg|wBody|wSalutation) != 0 {
						break
					}
					*dst = append(*dst, Finding{Type: "PERSON", Start: g, End: ge, Score: 0.8})
					next = ge
				}
				return k, ne, 0.8, next
			}
		}
	}
	// Sign-offs: the next line holding only a name.
	if re := regardsEnd(low, s, e); re > e {
		if ns, ne, ok := d.signature(t, re, false); ok {
			return ns, ne, 0.8, ne // "Kind regards,\nMareike": "regards" in lower case is never a word looked at
		}
	}
	if (f|fk)&wSignoff != 0 {
		if ns, ne, ok := d.signature(t, e, formalSignoff(w)); ok {
			return ns, ne, 0.8, ne
		}
	}
	f = d.nameFlags(low, s, e)
	if f != 0 && lowerPart(raw[s:e]) && lx.flags(w) == 0 {
		return 0, 0, 0, e // an English compound, not a double name: "Fine-grained Token"
	}
	// Initial + surname: "A. Schmidt", "H.-J. Krämer", "Ö. Karaca".
	if oneCapital(raw, s, e) && e+1 < len(raw) && raw[e] == '.' {
		ie := e + 1
		if ie+2 < len(raw) && raw[ie] == '-' && isUpper(raw[ie+1]) && raw[ie+2] == '.' {
			ie += 3
		}
		k := skipBlank(raw, ie)
		// anonymised initials of a party: "des Herrn A. K.", "M. B., Klägerin",
		// "(D. S. und K. M.)"
		if pe := initialPair(raw, s); pe > 0 && d.initialPairCue(t, s, pe, *dst) {
			return s, pe, 0.7, pe
		}
		if k > ie && isCap(raw, k) {
			ke := wordEnd(raw, k)
			g := lx.flags(low[k:ke])
			if g&wLast != 0 && g&wNotName == 0 && !d.orgAfter(t, ke) {
				return s, ke, 0.75, ke
			}
			// a surname that is an ordinary word too, where running text or a
			// label's colon or a list of names asks for a person: "Rückfragen an T. Klein
			// (Tel. …)", "Besatzung RTW: N. Schäfer (NotSan), T. Klein (RettSan)"
			if g&wLast != 0 && g&wNotName != 0 && g&(wOrg|wBody) == 0 && (initialCue(raw, low, s, *dst) || d.roleColon(t, s, ke) || initialSlot(raw, *dst, s, ke)) &&
				!d.orgAfter(t, ke) {
				if r := skipBlank(raw, ke); r >= len(raw) || strings.IndexByte(",.;:)(\n\r", raw[r]) >= 0 || isLowerASCII(raw[r]) && !hasPrefixAt(low, r, "und ") {
					return s, ke, 0.7, ke
				}
			}
			// an unknown surname after a preposition or verb of running text:
			// "erstellt von A. Lindlar am", "bitte an M. Kranz weiterleiten"
			if g == 0 && ke-k >= 3 && unknownSurname(low[k:ke]) && !institutionLike(low[k:ke]) && !allCaps(raw[k:ke]) &&
				(initialCue(raw, low, s, *dst) || d.roleAfter(t, ke) || initialSlot(raw, *dst, s, ke) || d.roleColon(t, s, ke) || dateAfterComma(raw, ke) || mailEcho(low, s, e, k, ke) ||
					dateBeforeComma(raw, s) && personLineEnd(raw, ke) || lineHead(raw, s) && (officeAfter(raw, low, ke) || signatureLine(raw, s, ke)) ||
					wrappedInitial(raw, s, ke) || d.roleBefore(t, s)) &&
				!d.orgAfter(t, ke) && !d.badNeighbour(raw, k, ke) {
				// or the address after it repeats the name: "J. Hoffmeister, j.hoffmeister@…";
				// a remark's colon: "Hinweis von K. Brüggemann: …"
				if r := skipBlank(raw, ke); r >= len(raw) || isLowerASCII(raw[r]) || strings.IndexByte(",.;:)|\n\r", raw[r]) >= 0 || closingQuote(raw, r) ||
					r > ke && (raw[r] == '(' || raw[r] == '-' && r+1 < len(raw) && (raw[r+1] == '-' || raw[r+1] == ' ')) {
					return s, ke, 0.7, ke
				}
			}
			// an initial and an unlisted surname filling a table cell:
			// "| R. Hennig |", "M. Brauckmann;Süd;"
			// (a given name of the lists there is a surname too: "R. Hennig")
			if ke-k >= 4 && wholeCell(raw, s, ke) && !allCaps(raw[k:ke]) && !innerCap(raw[k:ke]) &&
				(g == 0 && unknownSurname(low[k:ke]) && !institutionLike(low[k:ke]) && !roleLike(low[k:ke]) || g&wFirst != 0 && g&badNameFlags == 0) {
				return s, ke, 0.7, ke
			}
		}
		return 0, 0, 0, e
	}
	// an initial without its dot before a surname in capitals, as card and
	// bank records print it: "Karteninhaber STADT CELLE / M OSTENDORF"
	if e-s == 1 && isUpper(raw[s]) && e+4 < len(raw) && raw[e] == ' ' && isUpper(raw[e+1]) {
		ke := wordEnd(raw, e+1)
		if ke-e-1 >= 3 && allCaps(raw[e+1:ke]) && d.lx.flags(low[e+1:ke])&(wNotName|wOrg|wBody|wTitle) == 0 &&
			(d.lx.flags(low[e+1:ke])&wLast != 0 || ke-e-1 >= 5 && unknownSurname(low[e+1:ke]) && !institutionLike(low[e+1:ke])) &&
			(ke == len(raw) || raw[ke] == '\n' || raw[ke] == '\r' || raw[ke] == ',') && (s == 0 || raw[s-1] == ' ' && s >= 2 && (raw[s-2] == '/' || raw[s-2] == ':')) {
			return s, ke, 0.7, ke
		}
	}
	// "Nachname, Vorname" filling a cell of a CSV or table export with a
	// listed surname that is an ordinary word too: ";Klein, Lothar;",
	// "| Lange, Peter |" (the given name after the comma says it is a name)
	if f&wLast != 0 && f&wNotName != 0 && f&(wBody|wOrg|wTitle|wLabel) == 0 && e+2 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' &&
		valueEdge(raw, s-1, true) && isCap(raw, e+2) && !allCaps(raw[s:e]) {
		ge := wordEnd(raw, e+2)
		if g := lx.flags(low[e+2 : ge]); g&wFirst != 0 && g&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 && valueEdge(raw, ge, false) {
			return s, ge, 0.7, ge
		}
	}
	if f&wNotName != 0 || f&(wBody|wOrg) != 0 || d.badNeighbour(raw, s, e) && !d.pathName(t, s, e, f) {
		return 0, 0, 0, e
	}
	// "Nachname, Vorname" with an unknown surname in a cell of a CSV or
	// table export: ";Mahlberg, Eva;"
	if f == 0 && e+2 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' && valueEdge(raw, s-1, true) && isCap(raw, e+2) && e-s >= 3 &&
		unknownSurname(w) && !institutionLike(w) && !roleLike(w) && !allCaps(raw[s:e]) {
		ge := wordEnd(raw, e+2)
		if g := lx.flags(low[e+2 : ge]); g&wFirst != 0 && g&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 && valueEdge(raw, ge, false) {
			return s, ge, 0.75, ge
		}
	}
	// "Nachname, Vorname Vorname" with unknown words where the structure
	// says it is a name: a padded table cell, a court party, a spelling
	// variant, the next entry of a list of such names ("./. Haidari, Sayed
	// Mohammad und Haidari, Zarghuna", "| Ghebremariam, Luwam |", "auch
	// Nurzai, Gulahmad bzw. Noorzay, Gul Ahmad")
	if f&(wFirst|wTitle|wLabel|wRelation|wNotAlone) == 0 && e+2 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' && e-s >= 3 && isCap(raw, e+2) &&
		!allCaps(raw[s:e]) && unknownSurname(w) && !institutionLike(w) && !roleLike(w) && !innerCap(raw[s:e]) && (cellEdge(raw, s-1) || commaSlot(raw, *dst, s)) {
		if ge := d.commaGivens(t, e+2); ge > e+2 && !d.healthWords[string(w)] && !d.healthWords[string(low[e+2:wordEnd(raw, e+2)])] &&
			!d.thingColumn(t, s, ge) { // not goods or remarks under their header: "| Warengruppe |" … "| Feinkost, Salate |"
			return s, ge, 0.75, ge // not symptoms in a cell: "| Durchfall, Fieber |"
		}
	}
	// Nachname, Vorname; a surname in capitals may be unknown or a given
	// name elsewhere: "HABTEMARIAM, Semhar Tesfalem", "KHALIL, Rojda"
	if upper := f&(wTitle|wLabel) == 0 && e-s >= 4 && e+1 < len(raw) && raw[e] == ',' && (allCaps(raw[s:e]) || f&(wFirst|wNotName) == 0 && nameLetters(raw[s:e])) && bytes.IndexByte(w, '-') < 0; (f&(wLast|wRelation) == wLast || upper) && e+1 < len(raw) && raw[e] == ',' {
		k := skipBlank(raw, e+1)
		if k > e+1 && isCap(raw, k) {
			ke := wordEnd(raw, k)
			if upper && (f&(wFirst|wLast) != 0 || unknownSurname(w) && !adjEnding(w)) && !surnameListAfter(raw, low, d, k, ke) &&
				!countryWord(lx.flags(low[k:ke])) { // not "Tromsø, Norway", "TROMSØ, NORWAY": a place and its state
				// "KHALIL, Rojda"; all in capitals as a passport prints it:
				// "SULTANI, MOHAMMAD DAWOOD"
				if ne := d.upperGiven(t, k, allCaps(raw[k:ke]) && allCaps(raw[s:e])); ne > k {
					return s, ne, 0.75, ne
				}
			}
			// an unknown given name after a spelling variant: "Asamoa, Kwaku /
			// Asamoah, Kwako"
			if g := d.nameFlags(low, k, ke); g == 0 && ke-k >= 4 && !allCaps(raw[s:e]) && !allCaps(raw[k:ke]) && d.plainSurname(t, k, ke) &&
				!strongNoun(low[k:ke]) && !innerCap(raw[k:ke]) && !isCap(raw, skipBlank(raw, ke)) && variantBefore(raw, *dst, s) {
				return s, ke, 0.7, ke
			}
			if g := d.nameFlags(low, k, ke); g&wFirst != 0 && g&(wNotName|wNotAlone) == 0 {
				ne := d.moreGiven(t, ke)
				// not a list of names ("Anna, Peter, Maria")
				// a comma before a lower-case word or a digit ends the entry:
				// "Kaya, Necla, geb. 15.03.1973"
				if n := skipBlank(raw, ne); !(n < len(raw) && (raw[n] == ',' && !lowerOrDigitAfter(raw, n+1) || hasPrefixAt(low, n, "und "))) {
					return s, ne, 0.75, ne
				}
			}
		}
	}
	// a Turkish honorific after a given name ("Gül Hoca", "Ayşe Hanım",
	// "Ahmet Bey"): it says a person is meant and is no surname
	if f&wFirst != 0 && f&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 && e+1 < len(raw) && raw[e] == ' ' && !allCaps(raw[s:e]) {
		if we := wordEnd(raw, e+1); postHonorifics[string(low[e+1:we])] && isCap(raw, e+1) {
			return s, e, 0.8, we
		}
	}
	// First name (or a foreign-looking or unknown word) followed by a surname.
	if ns, ne, ok := d.surnameAfter(t, e); ok {
		g := d.nameFlags(low, ns, ne)
		// a relation word is not the surname before particles: "Vater von
		// Yasmin" (Vater is a surname too)
		if f&wRelation != 0 && ns > skipBlank(raw, e) {
			return 0, 0, 0, e
		}
		// a weekday before a month in a log's time stamp: "Thu Nov 20"
		if e-s == 3 && ne-ns == 3 && weekdayMonth(low[s:e], low[ns:ne]) {
			return 0, 0, 0, ne
		}
		// an unknown rank or role before a given name: "Gemeindebrandinspektor
		// Marco Eschbach", "Kassenwart Jörg Pelzer": the role stays outside
		if f == 0 && g&wFirst != 0 && ns == e+1 && (roleLike(w) || participleNoun(w) && prevWordIs(low, s, "des", "der", "dem", "den", "die")) {
			if ns, ne, ok := d.nameAfter(t, ns, false); ok {
				return ns, ne, 0.8, ne
			}
			return 0, 0, 0, e
		}
		// and before a listed surname alone: "den Vertrauensmann Hüsken",
		// "(Agent Huber, intern)"
		if f == 0 && lx.flags(low[ns:ne])&(wFirst|wLast|badNameFlags) == wLast && ns == e+1 && ne-ns >= 3 && roleLike(w) && !isCap(raw, skipBlank(raw, ne)) {
			return ns, ne, 0.75, ne
		}
		foreign := foreignLetters(raw[s:e])
		switch {
		case f&wNotAlone != 0 && g&wLast == 0:
			return 0, 0, 0, e // "Gemini API", "The AI": a product, not a given name
		case e-s <= 2 && allCaps(raw[s:e]) && !allCaps(raw[ns:ne]):
			return 0, 0, 0, e // a unit before a place: "LG Merl", "FF Heide"
		case g&wNotName != 0 && g&(wFirst|wLast) == 0:
			return 0, 0, 0, e // "Long Covid": an ordinary word is no surname
		case f&wFirst != 0 && !(g&(wFirst|wLast) == 0 && allCaps(raw[s:e]) != allCaps(raw[ns:ne])):
			// Anna Schmidt, Anna Schubert; not "PIO Fond", "Anna KOD"
		case foreign && (g&wLast != 0 || foreignLetters(raw[ns:ne]) || surnameShape(low[ns:ne])):
			// Ayşe Tran
		case f&wLast != 0 && g&wFirst != 0:
			// a surname that is also a given name elsewhere (Kaya Demir)
		case f&(wLast|wNotName) == wLast && g&(wLast|wNotName) == wLast && bytes.IndexByte(low[ns:ne], '-') > 0 && !allCaps(raw[s:e]):
			// a given name in the surname list before a double surname:
			// "Oluwaseun Adebayo-Williams"
		case g&wNotName == 0 && (f&(wFirst|wLast) != 0 || unknownSurname(w) && !firmWord(w)) &&
			(g&(wFirst|wLast) != 0 || unknownSurname(low[ns:ne])) && mailEcho(low, s, e, ns, ne):
			// "Tharshika Sivakumar – tharshi.siva@web.de": the address repeats the name
		case f == 0 && (g&(wLast|wNotName|wTitle) == wLast || arabicParticle(low[ns:ne])) && unknownSurname(w) && unknownSurname(low[ns:ne]) && !roleLike(w) &&
			!allCaps(raw[s:e]) && !allCaps(raw[ns:ne]) && bytes.IndexByte(w, '-') < 0 && !bytes.HasSuffix(w, []byte("er")) && !firmWord(w) && e-s <= maxGiven &&
			ns == skipBlank(raw, e) && !innerCap(raw[s:e]) && !yearAfter(raw, ne) && !roomAfter(low, ns, ne) &&
			!d.salutationPlural(low[ns:ne]):
			// an unknown given name before a known surname (Jürgen Schmidt);
			// not the title of an event: „Blackout Rhein-Berg 2024“, not a
			// role before a room: "Bewohnerin Zimmer 207", not a compound
			// noun (given names are short): "Sterbefallanzeige Yıldırım"
		case f&(wTitle|wOrg|wBody|wRelation) == 0 && g&(wNotName|wTitle|wOrg|wBody) == 0 && (f&(wFirst|wLast) != 0 || f == 0 && d.plainSurname(t, s, e)) &&
			(g&(wFirst|wLast) != 0 || d.plainSurname(t, ns, ne)) && ns == skipBlank(raw, e) && !allCaps(raw[s:e]) && !allCaps(raw[ns:ne]) &&
			(nameCueBefore(raw, low, *dst, s) && !compassWord(low[ns:ne]) && !institutionLike(w) && !bytes.HasSuffix(w, []byte("stadt")) && !bytes.HasSuffix(w, []byte("center")) ||
				e-s <= 12 && unitAfter(raw, low, ne) && d.listHead(raw, s)):
			// words no list has after a sign of a full name: "ich bin Liridona
			// Krasniqi", "(auch Lyudmila Kravchenko", "Fatma Arslan, Tesfaye
			// Gebremariam", or with an office after it at the head of a list
			// entry: "- Liridona Krasniqi, Bürgerbüro" (a given name is short,
			// unlike "Dorfgemeinschaftshaus Oberdorf, Gesamtschule Nord")
		case f&wFirst != 0 && f&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 && g&(wNotName|wTitle|wOrg|wBody) == 0 && ns == skipBlank(raw, e) &&
			!allCaps(raw[ns:ne]) && ne-ns >= 3 && !institutionLike(low[ns:ne]) && partyAfter(raw, ne):
			// a member of a council with the party after the name: "Heinz
			// Engelskirchen (CDU)", whatever the surname ends in
		default:
			return 0, 0, 0, e
		}
		if d.orgAfter(t, ne) || d.bodyBefore(t, s) || d.firmBefore(t, s) {
			return 0, 0, 0, ne
		}
		// a short unknown word with a dot and a number after it is an
		// abbreviation's label, no surname: "(Eigentümerin Flst. 1127/2)",
		// "Mieterin Whg. 3"
		if g&(wFirst|wLast) == 0 && ne-ns <= 5 && hasPrefixAt(raw, ne, ". ") && ne+2 < len(raw) && isDigit(raw[ne+2]) {
			return 0, 0, 0, ne
		}
		// a place after a preposition: "geboren in Hải Phòng", "aus Nuku'alofa"
		if f&(wFirst|wLast) == 0 && g&(wFirst|wLast) == 0 || foreign && foreignLetters(raw[ns:ne]) && g&wLast == 0 {
			if ps, pe := prevWord(raw, s); pe == s-1 && (string(low[ps:pe]) == "in" || string(low[ps:pe]) == "aus" || string(low[ps:pe]) == "nach") {
				return 0, 0, 0, ne
			}
		}
		// the value of a place label: "Geburtsort, -land: Hai Phong, Vietnam"
		if s >= 3 && raw[s-1] == ' ' && raw[s-2] == ':' && d.placeLabelBefore(low, s-2) {
			return 0, 0, 0, ne
		}
		// vehicle makes and models: "MAN TGM", "DAF XF"; a model and its body
		// after the make: "Skoda Octavia Combi", "Renault Zoe Life"
		if allCaps(raw[s:e]) && allCaps(raw[ns:ne]) && ne-ns <= 3 || makeBefore(low, s) {
			return 0, 0, 0, ne
		}

		// the second word is a given name, or an unknown word after a given
		// name that is no surname: a second given name ("Mohammad Naseem")
		lastGiven := g&wFirst != 0 || g == 0 && f&wFirst != 0 && f&wLast == 0
		for n := 0; n < 3; n++ { // double surnames and second given names
			ns2, e2, ok := d.surnameAfter(t, ne)
			// "Katharina Elisabeth von der Heydt": after particles any surname
			sb := skipBlank(raw, ne)
			particles := ok && ns2 > sb && !hasPrefixAt(low, sb, "vom ") && !roleLike(low[ns2:e2])
			g2 := uint16(0)
			if ok {
				g2 = d.nameFlags(low, ns2, e2)
			}
			// after a second given name an unknown word is the surname
			// ("Johann Wilhelm Scheben", "Mohammad Naser Rahimy")
			// or the second part of a Westphalian double surname written apart
			// ("Thomas Lütke Wöstmann")
			unknown := ok && g2 == 0 && ns2 == sb && (lastGiven || n == 0 && (nameCueBefore(raw, low, *dst, s) || doubleNameHead(low, ne))) && d.plainSurname(t, ns2, e2)
			if !ok || g2&(wFirst|wLast) == 0 && !particles && !unknown {
				break
			}
			ne = e2
			if particles || unknown {
				break
			}
			lastGiven = g2&wFirst != 0
		}
		// a family's name with its Arabic article after a father's name:
		// "Abd ar-Rahman ibn Chalid asch-Schammari"
		if ne+1 < len(raw) && raw[ne] == ' ' && arabicArticle(raw, ne+1) > 0 && (bytes.Contains(low[s:ne], []byte(" ibn ")) || bytes.Contains(low[s:ne], []byte(" bin "))) {
			ne = wordEnd(raw, ne+1)
		}
		if d.orgAfter(t, ne) {
			return 0, 0, 0, ne
		}
		return s, ne, 0.85, ne
	}
	// a given name and the initial of the surname: "Jürgen Z. oder so"
	if f&wFirst != 0 && f&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 && e+3 < len(raw) && raw[e] == ' ' && isUpper(raw[e+1]) && raw[e+2] == '.' &&
		!allCaps(raw[s:e]) && initialEnds(raw, e+3) {
		return s, e + 3, 0.7, e + 3
	}
	// a listed surname after "und" and a name found before it, as a panel of
	// judges or a list of officials names them: "Richter Wessel und Camara"
	if f&(wLast|wNotName|wNotAlone|wTitle|wOrg|wBody) == wLast && hasSuffixAt(raw, s, " und ") && !isCap(raw, skipBlank(raw, e)) &&
		!d.orgNear(t, s, e) && !allCaps(raw[s:e]) {
		if n := len(*dst); n > 0 && (*dst)[n-1].Type == "PERSON" && (*dst)[n-1].End == s-5 && bytes.IndexByte(raw[(*dst)[n-1].Start:s-5], ' ') < 0 {
			return s, e, 0.7, e
		}
	}
	// A list of given names: "Sabine, Murat und Oksana", "Ahmet (Früh), Lisa (Spät)".
	// Not the saints a church or parish is named after: "Pfarrei St. Ulrich und
	// Afra", "St. Peter und Paul".
	if f&wFirst != 0 && f&(wNotName|wNotAlone) == 0 && !saintBefore(low, s) {
		if k := d.nextListName(t, e); k > e {
			return s, e, 0.7, e
		}
		if d.prevListName(t, s) && !saintListBefore(low, s) {
			return s, e, 0.7, e
		}
	}
	// a known given name with an age after it: "und Saba (3 J.)"; an unknown
	// one after another name with its age: "Ayaan (4), Mahad (1)"
	if f&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 && ageAfter(raw, e) && !allCaps(raw[s:e]) &&
		(f&wFirst != 0 || f == 0 && unknownSurname(w) && agedBefore(raw, *dst, s)) {
		return s, e, 0.7, e
	}
	// an unknown given name with its birth date after a label, a relation
	// word or another name with its date: "Kinder: Selam (geb. 12.02.2017),
	// Rahwa (geb. …)", "tochter Mursal (geb. …)"
	if f == 0 && birthParen(raw, e) && e-s >= 3 && unknownSurname(w) && !allCaps(raw[s:e]) && !innerCap(raw[s:e]) &&
		!roleLike(w) && !institutionLike(w) && d.birthCue(t, *dst, s) {
		return s, e, 0.7, e
	}
	if d.loneGiven(t, low, s, e, f) {
		if se := d.senderSurname2(t, s, e); se > e {
			return s, se, 0.7, se // "[Mo 14:05] Birte Lorenzen: klar"
		}
		return s, e, 0.6, e
	}
	// a known surname alone with a sign of a person: the signature of a
	// file note ("Lehmann, SB 32.1", "Krause, Sachbearbeiterin", "SB
	// Wiegand, 19.11.") or, if it is no given name (a pet's), after "heißt"
	// ("Die Mieter heißen Fiedler")
	if f&wLast != 0 && f&(wNotName|wNotAlone|wOrg|wBody|wTitle|wLabel|wRelation) == 0 && !allCaps(raw[s:e]) &&
		((d.roleAfter(t, e) || hasPrefixAt(raw, e, ", SB ")) && signatureHead(raw, s) || hasSuffixAt(raw, s, "SB ") && lineHead(raw, s-3) ||
			f&wFirst == 0 && namedBefore(low, s)) {
		return s, e, 0.7, e
	}
	// a spelling variant of a name found right before it: "Herr
	// Schewtschenko (auch Shevchenko)"
	if e < len(raw) && raw[e] == ')' && hasSuffixAt(raw, s, " (auch ") && f&badNameFlags == 0 && e-s >= 4 && !allCaps(raw[s:e]) &&
		(f&wLast != 0 || f == 0 && unknownSurname(w) && !roleLike(w) && !institutionLike(w)) {
		if n := len(*dst); n > 0 && (*dst)[n-1].Type == "PERSON" && (*dst)[n-1].End == s-len(" (auch ") {
			return s, e, 0.7, e
		}
	}
	if f == 0 && e+2 < len(raw) && raw[e] == ',' && d.signatureSurname(t, s, e) {
		return s, e, 0.7, e // "Husić, Sachbearbeitung"
	}
	// parties of a court case: "Haddad ./. Stadt Bonn", "Stadt Bonn ./. Yilmaz"
	if courtParty(raw, s, e) && f&(wNotName|wNotAlone|wOrg|wBody|wTitle) == 0 && !allCaps(raw[s:e]) &&
		(f&(wFirst|wLast) != 0 || unknownSurname(w)) && !d.bodyBefore(t, s) && !d.orgNear(t, s, e) && !d.nounAfter(t, e) {
		return s, e, 0.75, e
	}
	return 0, 0, 0, e
}

// nounAfter reports a capitalised word after a blank at e that no name list
// has and that ends as a noun does: the word before it is an adjective of
// an institution's name ("./. Deutsche Rentenversicherung Westfalen"), no
// court party's surname.
func (d *personDetector) nounAfter(t *Text, e int) bool {
	raw, low := t.Raw, t.Lower()
	if e+1 >= len(raw) || raw[e] != ' ' || !isCap(raw, e+1) {
		return false
	}
	ne := wordEnd(raw, e+1)
	return ne-(e+1) >= 4 && d.lx.flags(low[e+1:ne]) == 0 && !unknownSurname(low[e+1:ne])
}

// weekdayMonth reports an English weekday and month abbreviation ("thu",
// "nov"), folded, as date stamps of logs print them.
func weekdayMonth(d, m []byte) bool {
	return strings.Contains("mon tue wed thu fri sat sun", string(d)) &&
		strings.Contains("jan feb mar apr may jun jul aug sep oct nov dec", string(m))
}

// germanArticle reports the articles that are name particles too (das, der,
// den, dem), folded.
func germanArticle(w []byte) bool {
	switch string(w) {
	case "das", "der", "den", "dem":
		return true
	}
	return false
}

// quoteOpenBefore returns the start of an opening quote („ or ") right
// before s, or -1.
func quoteOpenBefore(raw []byte, s int) int {
	switch {
	case hasSuffixAt(raw, s, "„"):
		return s - len("„")
	case s >= 1 && raw[s-1] == '"':
		return s - 1
	}
	return -1
}

// nameCueBefore reports a sign right before s that a full name follows,
// also one whose words no list has: a self-introduction ("ich bin", "mein
// Name ist", "ich heiße", "my name is"), a spelling variant ("(auch", "alias"), or a name
// found right before it in parentheses or a list ("Tharmalingam Sivakumar
// (Sivakumar Tharmalingam)", "Fatma Arslan, Tesfaye Gebremariam").
func nameCueBefore(raw, low []byte, dst []Finding, s int) bool {
	if s >= 7 && string(low[s-7:s]) == "(auch: " {
		return true // a spelling variant with a colon
	}
	if q := quoteOpenBefore(raw, s); q > 0 && (hasSuffixAt(low, q, " auch ") || hasSuffixAt(low, q, " bzw. ")) {
		// a spelling variant in quotes shortly after the name it spells:
		// "Abdullahi Mohamed Hassan, auch „Abdilahi Maxamed Xasan“", "(in
		// Dokumenten auch „Tesfamariam Yonas“ bzw. „Yonas Haile …“)"
		// and nothing between but a comma or a parenthesis the variant
		// opens ("Herr Kaya nennt das Projekt auch „Grüne Welle“" is none)
		a := q - len(" auch ")
		if hasSuffixAt(low, q, " bzw. ") {
			a = q - len(" bzw. ")
		}
		for k := len(dst) - 1; k >= 0 && k >= len(dst)-4; k-- {
			if f := dst[k]; f.Type == "PERSON" && f.End <= a && a-f.End <= 60 {
				in := raw[f.End:a]
				return string(in) == "," || hasPrefixAt(raw, f.End, " (") && bytes.IndexAny(in[2:], "()\n") < 0
			}
		}
	}
	if ps, pe := prevWord(low, s); pe == s-1 && pe > ps {
		var before []byte
		if qs, qe := prevWord(low, ps); qe == ps-1 && qe > qs {
			before = low[qs:qe]
		}
		switch string(low[ps:pe]) {
		case "bin", "heiße", "heisse":
			return string(before) == "ich"
		case "ist", "is": // "mein Name ist", "my name is"
			return string(before) == "name"
		case "alias":
			return true
		case "auch":
			return ps > 0 && raw[ps-1] == '('
		}
	}
	i, full := s, true
	switch {
	case hasSuffixAt(raw, i, " ("):
		i, full = i-2, false
	case hasSuffixAt(raw, i, ", "):
		i -= 2
	case hasSuffixAt(raw, i, " und "):
		i -= 5
	default:
		return false
	}
	for k := len(dst) - 1; k >= 0 && k >= len(dst)-4; k-- {
		if f := dst[k]; f.Type == "PERSON" && f.End == i {
			return !full || bytes.IndexByte(raw[f.Start:f.End], ' ') > 0 && bytes.IndexByte(raw[f.Start:f.End], ',') < 0
		}
	}
	return false
}

// regnalAfter extends a name ending at e by a ruler's number: " III.",
// " II." (a Roman numeral of up to five letters and a dot, no digit or
// letter after it); e when there is none.
func regnalAfter(raw []byte, e int) int {
	if e+3 >= len(raw) || raw[e] != ' ' {
		return e
	}
	i := e + 1
	for i < len(raw) && i-e <= 5 && (raw[i] == 'I' || raw[i] == 'V' || raw[i] == 'X') {
		i++
	}
	if i == e+1 || i >= len(raw) || raw[i] != '.' || i+1 < len(raw) && isAlnum(raw[i+1]) {
		return e
	}
	return i + 1
}

// inflectedAdj reports an adjective in -isch or -lich with a declension
// ending (Türkischer, Deutsch-Afghanische, Städtisches), which opens the name
// of a body, not a person's.
func inflectedAdj(w []byte) bool {
	for _, end := range []string{"er", "es", "en", "em", "e"} {
		if stem, ok := bytes.CutSuffix(w, []byte(end)); ok {
			// -ig only inflected as -e/-en/-em/-es: "Vorherige", "Bisherigen",
			// not surnames in -iger (Geiger, Steiger)
			return bytes.HasSuffix(stem, []byte("isch")) || bytes.HasSuffix(stem, []byte("lich")) || alAdj(stem) ||
				end != "er" && len(stem) >= 5 && bytes.HasSuffix(stem, []byte("ig"))
		}
	}
	return false
}

// unitAfter reports an office or unit after the comma at e ("…, Bürgerbüro",
// "…, Standesamt"): a staff list's entry.
func unitAfter(raw, low []byte, e int) bool {
	if !hasPrefixAt(raw, e, ", ") || !isCap(raw, e+2) {
		return false
	}
	return institutionLike(low[e+2 : wordEnd(raw, e+2)])
}

// lineHead reports whether only blanks stand before s on its line.
func lineHead(raw []byte, s int) bool {
	for s > 0 && (raw[s-1] == ' ' || raw[s-1] == '\t') {
		s--
	}
	return s == 0 || raw[s-1] == '\n' || raw[s-1] == '\r'
}

// namedBefore reports a verb of naming right before s ("heißt Fiedler",
// "namens Okafor").
func namedBefore(low []byte, s int) bool {
	ps, pe := prevWord(low, s)
	if pe != s-1 {
		return false
	}
	switch string(low[ps:pe]) {
	case "heißt", "heißen", "hieß", "hießen", "namens":
		return true
	}
	return false
}

// initialEnds reports what may follow the initial of a surname after a given
// name ("Jürgen Z." at i): the end of the text or line, a comma, colon,
// semicolon or parenthesis ("Beitrag von Rüdiger H. (17.10.)"), or a
// lower-case word; not a capitalised word ("Anna B. Schmidt" is matched as a
// full name, "Teil B. Kosten" is none).
func initialEnds(raw []byte, i int) bool {
	if i >= len(raw) {
		return true
	}
	switch raw[i] {
	case ',', '\n', '\r', ':', ';', '(', ')':
		return true
	case ' ':
		// "Leon M. – Verlängerung", "Leon M. - Antrag": a dash between blanks ends a subject's name
		return i+1 < len(raw) && (isLowerASCII(raw[i+1]) || raw[i+1] == '(') || hasPrefixAt(raw, i+1, "– ") || hasPrefixAt(raw, i+1, "- ")
	case '*', '_':
		// a chat sender in bold, then the time or the line's end: "**Tobias H.** 10:47"
		k := i
		for k < len(raw) && (raw[k] == '*' || raw[k] == '_') {
			k++
		}
		return k-i <= 2 && (k == len(raw) || raw[k] == '\n' || raw[k] == '\r' || raw[k] == ':' || raw[k] == ' ' && clockAt(raw, k+1) > k+1)
	}
	return false
}

// initialBefore returns the start of the initials before a surname at i
// ("F. Heilmann", "H.-W. Kämpf"), or i when there are none.
func initialBefore(raw []byte, i int) int {
	if i >= 3 && raw[i-1] == ' ' && raw[i-2] == '.' && isUpper(raw[i-3]) && (i == 3 || isBoundaryBefore(raw, i-3)) {
		if i >= 6 && raw[i-4] == '-' && raw[i-5] == '.' && isUpper(raw[i-6]) && (i == 6 || isBoundaryBefore(raw, i-6)) {
			return i - 6
		}
		if i-3 == 0 || raw[i-4] != '.' && raw[i-4] != '-' {
			return i - 3
		}
	}
	return i
}

// hyphenName returns the name flags of a hyphenated word whose every part
// is a given name or surname, at least one of them no ordinary word
// (Jan-Philipp, Müller-Lüdenscheidt); 0 otherwise (Server-Sent, E-Mail).
func (d *personDetector) hyphenName(w []byte) uint16 {
	var f uint16
	plain := false // a part that is a name and no ordinary word ("Jan" is a month too)
	for part := range bytes.SplitSeq(w, []byte{'-'}) {
		g := d.lx.flags(part)
		if g&(wFirst|wLast) == 0 || g&(wNotAlone|wOrg|wBody|wTitle) != 0 {
			return 0
		}
		plain = plain || g&wNotName == 0
		f |= g & (wFirst | wLast)
	}
	if !plain {
		return 0
	}
	return f
}

// unlistedGiven reports a capitalised word [s, e) that may be an unlisted
// given name in a "Surname, Given" entry: in no list, no noun, role,
// institution, acronym or brand.
func (d *personDetector) unlistedGiven(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	w := low[s:e]
	return d.lx.flags(w) == 0 && unknownSurname(w) && !strongNoun(w) && !roleLike(w) && !institutionLike(w) && !compassWord(w) &&
		!allCaps(raw[s:e]) && !innerCap(raw[s:e])
}

// hyphenGiven reports a hyphenated given name whose every part is a given
// name (Ioana-Maria, Anna-Lena), not a double surname (Müller-Lüdenscheidt).
func (d *personDetector) hyphenGiven(w []byte) bool {
	n := 0
	for part := range bytes.SplitSeq(w, []byte{'-'}) {
		if g := d.lx.flags(part); g&wFirst == 0 || g&(wNotName|wNotAlone|wOrg|wBody|wTitle) != 0 {
			return false
		}
		n++
	}
	return n > 1
}

// courtParty reports a word right before or after the " ./. " (versus) of
// a court case's parties.
func courtParty(raw []byte, s, e int) bool {
	// the '/' first: most words are followed by a space and a letter
	return e+4 < len(raw) && raw[e+2] == '/' && string(raw[e:e+5]) == " ./. " || courtPartyBefore(raw, s)
}

// courtPartyBefore reports a word right after the " ./. " of a court case.
func courtPartyBefore(raw []byte, s int) bool {
	return s >= 5 && raw[s-3] == '/' && string(raw[s-5:s]) == " ./. "
}

// initialPair returns the end of two initials at s ("A. K.", "A.K."), not
// followed by a capitalised word (a surname: "H. J. Krämer") and not the
// placeholder "N. N.", or -1.
func initialPair(raw []byte, s int) int {
	if s+3 >= len(raw) || !isUpper(raw[s]) || raw[s+1] != '.' {
		return -1
	}
	k := s + 2
	if raw[k] == ' ' {
		k++
	}
	if k+1 >= len(raw) || !isUpper(raw[k]) || raw[k+1] != '.' || raw[s] == 'N' && raw[k] == 'N' {
		return -1
	}
	pe := k + 2
	if pe < len(raw) && (isAlnum(raw[pe]) || raw[pe] >= 0x80) {
		return -1 // "A. K.G", "B. A.Sc"
	}
	if n := skipBlank(raw, pe); n > pe && n < len(raw) && isCap(raw, n) {
		return -1
	}
	return pe
}

// partyRoles name the parties of proceedings after anonymised initials.
var partyRoles = []string{"kläger", "beklagte", "antragst", "antragsgegner", "beschwerdef", "beigeladene", "betroffene",
	"angeklagte", "beschuldigte", "verurteilte", "zeug", "geschädigte"}

// initialPairCue reports whether the initials [s, pe) name a person: after
// a salutation (des Herrn A. K.), before a party role (M. B., Klägerin), or
// joined by "und" to other initials or to initials found (D. S. und K. M.).
func (d *personDetector) initialPairCue(t *Text, s, pe int, dst []Finding) bool {
	raw, low := t.Raw, t.Lower()
	if ps, pw := prevWord(raw, s); pw == s-1 && pw > ps && d.lx.flags(low[ps:pw])&wSalutation != 0 {
		return true
	}
	if hasPrefixAt(raw, pe, ", ") {
		for _, r := range partyRoles {
			if hasPrefixAt(low, pe+2, r) {
				return true
			}
		}
	}
	if hasPrefixAt(raw, pe, " und ") && initialPair(raw, pe+5) > 0 {
		return true
	}
	if n := len(dst); n > 0 && s >= 5 && string(raw[s-5:s]) == " und " && dst[n-1].End == s-5 && initialPair(raw, dst[n-1].Start) == s-5 {
		return true
	}
	return false
}

// months are given names too (August, April, Mai) but mostly months.
var months = map[string]bool{"januar": true, "februar": true, "märz": true, "april": true, "mai": true,
	"juni": true, "juli": true, "august": true, "september": true, "oktober": true, "november": true, "dezember": true}

// loneGiven reports a given name standing alone with a sign of a person
// (loneCue: "Urlaub: Branka (ganze Woche)", "Kacper (* 04.05.2017)"):
// a name of the given-name lists that is no surname, no ordinary word and
// no month, written as a name (not in capitals), not part of a compound
// (Marie-Curie-Schule) or of an organisation, address or place (Sankt
// Augustin) or a product (Skoda Octavia), and not followed by another
// capitalised word (a full name is matched as one).
func (d *personDetector) loneGiven(t *Text, low []byte, s, e int, f uint16) bool {
	raw := t.Raw
	if f&wFirst == 0 || f&(wNotName|wNotAlone|wTitle|wOrg|wBody|wSalutation|wRelation|wLabel|wGreeting|wSignoff) != 0 {
		return false
	}
	// a given name that is a surname too (Marco, Bogdan) only with a sign
	// in the sentence itself: a relation word before it or a verb after it
	surnameToo := f&wLast != 0
	if e-s < 3 || months[string(low[s:e])] || bytes.IndexFunc(raw[s+1:e], unicode.IsUpper) >= 0 {
		return false // short, a month, capitals inside (SuE, NRW)
	}
	if s > 0 && (raw[s-1] == '-' || raw[s-1] == '\'') || e < len(raw) && (raw[e] == '-' || raw[e] == '\'' || hasPrefixAt(raw, e, "’")) {
		return false
	}
	if chatSender(raw, s, e) || roleSender(raw, s, e) || bareSender(raw, s, e) || nickParen(raw, s, e) {
		return true
	}
	if selfIntro(low, s) || d.relationParen(raw, low, s, e) || d.officeAfter(low, e) || classAfter(low, e) || (s == 0 || raw[s-1] == '\n') && clerkUnitAfter(low, e) {
		return true // "hier ist Pawel, Papa von Zofia", "Mein Mann (Tobias)", "Benedikt vom Bauhof", "Aylin aus der 3a"
	}
	// a greeting or thanks in lower-case chat before it: "moin Patrick,",
	// "danke Dragana!"
	if ps, pe := prevWord(raw, s); pe == s-1 && raw[pe] == ' ' && pe > ps && isLowerASCII(raw[ps]) && lowerGreet[string(low[ps:pe])] {
		if k := skipBlank(raw, e); k >= len(raw) || !isCap(raw, k) {
			return true
		}
	}
	// a birth date in parentheses after it: "Abel (geb. 30.06.2020)"
	if birthParen(raw, e) {
		return true
	}
	// a kin word in parentheses after it: "2. Ayaan (Sohn, 4 J.)", "Lina (Tochter)"
	if hasPrefixAt(raw, e, " (") && e+2 < len(raw) && isCap(raw, e+2) {
		if ke := wordEnd(raw, e+2); d.lx.flags(low[e+2:ke])&wRelation != 0 && (byteAt(raw, ke) == ',' || byteAt(raw, ke) == ')') {
			return true
		}
	}
	if k := skipBlank(raw, e); k < len(raw) && (isDigit(raw[k]) || k > e && isCap(raw, k)) {
		return false
	}
	if d.orgNear(t, s, e) || d.bodyBefore(t, s) {
		return false
	}
	if ps, pe := prevWord(raw, s); pe == s-1 && raw[pe] == ' ' && pe > ps && d.lx.flags(low[ps:pe])&wRelation != 0 {
		return true // "Mein sohn Artem", "My colleague Thanh"
	}
	// a line of its own with a comma: the salutation of an English mail ("Sarah,")
	if (s == 0 || raw[s-1] == '\n') && hasPrefixAt(raw, e, ",\n") {
		return true
	}
	if personVerbAfter(low, e) {
		ps, pe := prevWord(raw, s)
		switch string(low[ps:pe]) {
		case "nach", "in", "aus", "to", "from":
			// a place: "Fahrt nach Florence ist gebucht"
		default:
			return true // "Dennis habe ihn geschubst", "Bogdan wollte noch …"
		}
	}
	if surnameToo {
		return false
	}
	if ps, pe := prevWord(raw, s); pe > ps {
		switch pw := low[ps:pe]; {
		case string(pw) == "sankt" || string(pw) == "st":
			return false // a place: Sankt Augustin
		case pe == s-1 && isCap(raw, ps) && d.lx.flags(pw)&wNotName != 0:
			return false // a make or an ordinary word before it: Skoda Octavia, Renault Zoe
		}
	}
	if ps, pe := prevWord(raw, s); pe == s-1 && raw[pe] == ' ' && pe > ps && personPreps[string(low[ps:pe])] {
		return true // "mit Rojda", "reply to Sarah"
	}
	return loneCue(raw, low, s, e)
}

// englishSignoff reports "Best, " that opens its line ("Best, Elena"): the
// sign-off of an English mail before the writer's name, not "Surname,
// Given" (Best is a surname too, so it is not one of signoffs).
func englishSignoff(raw, low []byte, s, e int) bool {
	if e-s != 4 || string(low[s:e]) != "best" || s > 0 && raw[s-1] != '\n' || !hasPrefixAt(raw, e, ", ") {
		return false
	}
	// not in a list of "Surname, Given" lines; a greeting's line above is
	// none ("Hi, your API key was rotated …")
	if ls := bytes.LastIndexByte(raw[:max(0, s-1)], '\n') + 1; s > 1 && commaLine(raw, ls) && !lowerGreet[string(low[ls:wordEnd(raw, ls)])] {
		return false
	}
	n := bytes.IndexByte(raw[e:], '\n')
	return n < 0 || !commaLine(raw, e+n+1)
}

// commaLine reports a line at ls that opens with a capitalised word and ", ".
func commaLine(raw []byte, ls int) bool {
	return isCap(raw, ls) && hasPrefixAt(raw, wordEnd(raw, ls), ", ")
}

// officeAfter reports "vom" and an office or unit right after a given name
// ending at e: "Kannst du Benedikt vom Bauhof fragen?", "Jana vom
// Jugendamt"; the unit ends in a word of officeEnds or is a public body.
func (d *personDetector) officeAfter(low []byte, e int) bool {
	if !hasPrefixAt(low, e, " vom ") {
		return false
	}
	k := e + len(" vom ")
	ke := wordEnd(low, k)
	if ke-k < 3 {
		return false
	}
	w := low[k:ke]
	if d.lx.flags(w)&wBody != 0 {
		return true
	}
	for _, end := range officeEnds {
		if bytes.HasSuffix(w, []byte(end)) {
			return true
		}
	}
	return false
}

// classAfter reports a school class or a day-care group a child is from
// right after a given name ending at e: "Mila aus der Igelgruppe", "Aylin
// aus der 3a", "jonas aus der 6b" (a grade of one or two digits and a
// letter, or a word ending in "gruppe").
func classAfter(low []byte, e int) bool {
	if !hasPrefixAt(low, e, " aus der ") {
		return false
	}
	k := e + len(" aus der ")
	if n := digitsAt(low, k); n > k && n-k <= 2 {
		return n < len(low) && low[n] >= 'a' && low[n] <= 'e' && (n+1 == len(low) || !isLetter(low[n+1]) && low[n+1] < 0x80)
	}
	ke := wordEnd(low, k)
	return ke-k > len("gruppe") && bytes.HasSuffix(low[k:ke], []byte("gruppe"))
}

// clerkUnitAfter reports ", " and the unit of a clerk after a name ending
// at e, as a note's signature line gives them: "Lorenz, Sachgebiet 50.3".
func clerkUnitAfter(low []byte, e int) bool {
	for _, u := range []string{", sachgebiet ", ", fachbereich ", ", abteilung ", ", fachdienst ", ", referat ", ", amt ", ", team "} {
		if hasPrefixAt(low, e, u) {
			return true
		}
	}
	return false
}

// officeEnds end the names of offices and units staff belong to.
var officeEnds = []string{"amt", "hof", "dienst", "stelle", "zentrum", "büro", "referat", "team", "service", "support"}

// introWords introduce the writer or a person by their given name: "hier
// ist Pawel", "ich bin Tomasz", "this is Elena", "ping Jonas".
var introWords = []string{"hier ist ", "hier spricht ", "ich bin ", "this is ", "ping "}

// selfIntro reports one of introWords right before s, at a word start.
func selfIntro(low []byte, s int) bool {
	for _, w := range introWords {
		if hasSuffixAt(low, s, w) && (s == len(w) || !isLetter(low[s-len(w)-1])) {
			return true
		}
	}
	return false
}

// relationParen reports a given name [s, e) in parentheses right after a
// relation word: "Mein Mann (Tobias) nimmt …", "ihre Tochter (Lina)".
func (d *personDetector) relationParen(raw, low []byte, s, e int) bool {
	if s < 3 || raw[s-1] != '(' || raw[s-2] != ' ' || e >= len(raw) || raw[e] != ')' {
		return false
	}
	ps, pe := prevWord(raw, s-2)
	if pe != s-2 || pe <= ps {
		return false
	}
	if w := string(low[ps:pe]); w == "mann" || w == "frau" { // a spouse after a possessive: "mein Mann", "seine Frau"
		qs, qe := prevWord(low, ps)
		return qe == ps-1 && spousePossessives[string(low[qs:qe])]
	}
	return d.lx.flags(low[ps:pe])&wRelation != 0
}

// spouseAt reports "Mann" [s, e) after a possessive: the husband ("mein
// Mann", "ihrem Mann"), not the surname Mann.
func spouseAt(low []byte, s, e int) bool {
	if e-s != 4 || string(low[s:e]) != "mann" {
		return false
	}
	b := s - 1 // the blank, or the line break of a wrapped mail ("Mein\nMann Florian")
	if b > 0 && low[b] == '\n' && low[b-1] == '\r' {
		b--
	}
	if b < 1 || low[b] != ' ' && low[b] != '\n' {
		return false
	}
	qs, qe := prevWord(low, b)
	return qe == b && spousePossessives[string(low[qs:qe])]
}

// spousePossessives make "Mann" and "Frau" a spouse.
var spousePossessives = map[string]bool{"mein": true, "meine": true, "dein": true, "deine": true, "sein": true, "seine": true,
	"ihr": true, "ihre": true, "unser": true, "unsere": true, "euer": true, "eure": true, "meinem": true, "meinen": true,
	"deinem": true, "deinen": true, "seinem": true, "seinen": true, "ihrem": true, "ihren": true, "unserem": true, "unseren": true}

// personVerbs follow a person as the subject of a sentence.
var personVerbs = map[string]bool{"hat": true, "habe": true, "hatte": true, "ist": true, "war": true, "sagt": true,
	"sagte": true, "meint": true, "meinte": true, "erzählt": true, "erzählte": true, "will": true, "wollte": true,
	"kann": true, "konnte": true, "soll": true, "sollte": true, "muss": true, "musste": true, "kommt": true, "kam": true,
	"geht": true, "ging": true, "macht": true, "bekommt": true, "braucht": true, "wohnt": true, "arbeitet": true,
	"schreibt": true, "schrieb": true, "ruft": true, "rief": true, "fragt": true, "fragte": true, "möchte": true,
	"said": true, "says": true, "saw": true, "wrote": true, "asked": true, "has": true, "had": true, "was": true}

// postHonorifics follow a given name in Turkish as a title does before one
// (teacher, Mr, Mrs); a chat's sender "Gül Hoca:" is the teacher Gül.
var postHonorifics = map[string]bool{"hoca": true, "hocam": true, "bey": true, "hanım": true, "hanim": true, "efendi": true}

// personVerbAfter reports a verb of personVerbs right after e.
func personVerbAfter(low []byte, e int) bool {
	if e+1 >= len(low) || low[e] != ' ' {
		return false
	}
	we := e + 1
	for we < len(low) && we-e <= 10 && (isLowerASCII(low[we]) || low[we] >= 0x80) {
		we++
	}
	return we < len(low) && (low[we] == ' ' || low[we] == ',') && personVerbs[string(low[e+1:we])]
}

// personPreps stand before a person rather than a place or a thing.
var personPreps = map[string]bool{"mit": true, "von": true, "für": true, "bei": true, "an": true, "to": true, "with": true,
	"from": true, "for": true}

// chatSender reports a given name that opens a chat message after its time
// stamp ("[18.06.25, 07:52] Andi KOD: …", "18.06.25, 07:52 - Sevgi: …"):
// the name, at most one more word (a team or department), then a colon.
func chatSender(raw []byte, s, e int) bool {
	if s < 8 || raw[s-1] != ' ' {
		return false
	}
	ls := bytes.LastIndexByte(raw[max(0, s-64):s], '\n') + 1 + max(0, s-64)
	j := s - 2
	switch {
	case raw[j] == '~' && j >= 2 && raw[j-1] == ' ':
		j -= 2 // WhatsApp's mark of a sender not in the contacts: "[22.11.26, 03:58] ~ Timo:"
	case raw[j] != ']' && raw[j] != '-' && hasSuffixAt(raw, s, " – "):
		// the sender's office before a dash: "[30.11.26, 10:15] Büro OA – Jana:"
		m := bytes.IndexByte(raw[ls:s], ']')
		if m < 0 || s-3-(ls+m) > 28 || ls+m+2 >= s-3 || raw[ls+m+1] != ' ' || !isCap(raw, ls+m+2) ||
			bytes.ContainsAny(raw[ls+m+1:s-3], ":,;") {
			return false
		}
		j = ls + m
	}
	if raw[j] != ']' && raw[j] != '-' {
		return false
	}
	// "[18.06.25, 07:52]", "7:52 PM -", "[Mo 07:12]"
	if !chatStamp(bytes.Trim(raw[ls:j], "[] ")) {
		return false
	}
	k := skipBlank(raw, e)
	if k < len(raw) && raw[k] == ':' {
		return true
	}
	if k == e {
		return false
	}
	we := wordEnd(raw, k)
	return we > k && we < len(raw) && raw[we] == ':'
}

// senderSurname2 returns the end of the word after a given name [s, e) in
// a chat's sender slot ("[Mo 14:05] Birte Lorenzen: klar") when that word
// is a surname: capitalised, not in capitals (a team: "Andi KOD:"), no
// office, department, role or noun of the lists; else e.
func (d *personDetector) senderSurname2(t *Text, s, e int) int {
	raw, low := t.Raw, t.Lower()
	if !chatSender(raw, s, e) || e+2 >= len(raw) || raw[e] != ' ' || !isCap(raw, e+1) {
		return e
	}
	k := e + 1
	we := wordEnd(raw, k)
	if we-k < 3 || we >= len(raw) || raw[we] != ':' || allCaps(raw[k:we]) || innerCap(raw[k:we]) {
		return e
	}
	w := low[k:we]
	if d.lx.flags(w)&(wNotName|wNotAlone|wTitle|wOrg|wBody|wSalutation|wRelation|wLabel|wGreeting|wSignoff) != 0 ||
		institutionLike(w) || roleLike(w) || strongNoun(w) || bytes.IndexByte(w, '-') >= 0 && labelCompound(raw, low, k, we) {
		return e
	}
	return we
}

// bareSender reports a given name that opens a chat line pasted without
// time stamps ("Ralf: morgen ist warnstreik"): at the start of a line, a colon
// and a blank after it, and the line before or after opens the same way
// with one or two capitalised words ("Murat Kılıç: ich auch").
func bareSender(raw []byte, s, e int) bool {
	if s > 0 && raw[s-1] != '\n' || !hasPrefixAt(raw, e, ": ") {
		return false
	}
	if s > 1 {
		ps := bytes.LastIndexByte(raw[:s-1], '\n') + 1
		if senderLine(raw, ps) {
			return true
		}
	}
	if n := bytes.IndexByte(raw[e:min(len(raw), e+4096)], '\n'); n >= 0 {
		return senderLine(raw, e+n+1)
	}
	return false
}

// senderLine reports a line at ls that opens with one or two capitalised
// words, a colon and a blank.
func senderLine(raw []byte, ls int) bool {
	k := ls
	for n := 0; n < 2; n++ {
		if !isCap(raw, k) {
			return false
		}
		k = wordEnd(raw, k)
		if hasPrefixAt(raw, k, ": ") {
			return k-ls >= 3
		}
		if k >= len(raw) || raw[k] != ' ' {
			return false
		}
		k++
	}
	return false
}

// lowerGreet are greetings and thanks that chat writes in lower case before
// a capitalised given name.
var lowerGreet = map[string]bool{"hallo": true, "hi": true, "hey": true, "moin": true, "servus": true, "danke": true,
	"liebe": true, "lieber": true, "dear": true, "hello": true, "thanks": true}

// roleSender reports a given name in parentheses after a role that opens a
// chat message: "14:03 Support (Nils): …", "Hotline (Ayşe): …".
func roleSender(raw []byte, s, e int) bool {
	if s < 3 || raw[s-1] != '(' || raw[s-2] != ' ' || !hasPrefixAt(raw, e, "):") {
		return false
	}
	ps, _ := prevWord(raw, s-2)
	ls := bytes.LastIndexByte(raw[max(0, s-40):s], '\n') + 1 + max(0, s-40)
	// the role is the first word of the line or follows a time stamp
	return ps >= ls && ps < s-2 && isCap(raw, ps) && (ps == ls || chatStamp(bytes.Trim(raw[ls:ps], "[] -")))
}

// noteDateAfter reports ", " and a day and month, with or without a year,
// that close a bracket right after e (", 18.11.)", ", 18.11.2026)").
func noteDateAfter(raw []byte, e int) bool {
	if !hasPrefixAt(raw, e, ", ") {
		return false
	}
	i := e + 2
	for range 2 {
		n := digitsAt(raw, i)
		if n == i || n-i > 2 || byteAt(raw, n) != '.' {
			return false
		}
		i = n + 1
	}
	if n := digitsAt(raw, i); n-i == 2 || n-i == 4 {
		i = n
	}
	return byteAt(raw, i) == ')'
}

// roleBefore reports a capitalised role or title right before the initial
// at s ("Beraterin J. Tammen", "Disponentin K. Ufer"): the role's holder
// follows.
func (d *personDetector) roleBefore(t *Text, s int) bool {
	raw := t.Raw
	ps, pe := prevWord(raw, s)
	if pe != s-1 || raw[pe] != ' ' || pe-ps < 4 || !isCap(raw, ps) {
		return false
	}
	w := t.Lower()[ps:pe]
	return d.lx.flags(w)&(wTitle|wSalutation) == wTitle || roleLike(w)
}

// cellEdge reports a cell separator of a CSV or table export at i (';',
// tab, '|').
func cellEdge(raw []byte, i int) bool {
	return i >= 0 && i < len(raw) && (raw[i] == ';' || raw[i] == '\t' || raw[i] == '|')
}

// valueEdge reports a cell edge (cellEdge) at i, or the edge of a value
// that fills an XML element or a JSON string: '>' or a quote after a colon
// before it (left), "</" or a quote after it ("<Nm>Rademacher, Günter</Nm>",
// "name": "Klein, Lothar").
func valueEdge(raw []byte, i int, left bool) bool {
	if cellEdge(raw, i) {
		return true
	}
	if i < 0 || i >= len(raw) {
		return false
	}
	switch {
	case left && raw[i] == '>':
		return true
	case !left && raw[i] == '<':
		return i+1 < len(raw) && raw[i+1] == '/'
	case raw[i] == '"':
		if !left {
			return true
		}
		k := i
		for k > 0 && raw[k-1] == ' ' {
			k--
		}
		return k > 0 && raw[k-1] == ':'
	}
	return false
}

// birthParen reports a birth date in parentheses right after e: " (geb.
// 12.02.2017)", " (* 2013)".
func birthParen(raw []byte, e int) bool {
	if !hasPrefixAt(raw, e, " (") {
		return false
	}
	j := e + 2
	switch {
	case hasPrefixAt(raw, j, "geb. "):
		j += 5
	case hasPrefixAt(raw, j, "geb "):
		j += 4
	case hasPrefixAt(raw, j, "geboren "):
		j += 8
	case hasPrefixAt(raw, j, "* "):
		j += 2
	case hasPrefixAt(raw, j, "*"):
		j++
	default:
		return false
	}
	if hasPrefixAt(raw, j, "am ") {
		j += 3
	}
	return j < len(raw) && isDigit(raw[j])
}

// dutyWords end words that name a duty or a team role; a given name right
// after one is a person on the roster ("Außendienst Ilyas", "Vertretung Anja").
var dutyWords = []string{"dienst", "vertretung", "kollege", "kollegin", "praktikant", "praktikantin", "azubi",
	"schicht", "bereitschaft", "fahrer", "fahrerin", "betreuer", "betreuerin", "ansprechpartner", "ansprechpartnerin"}

// loneCue reports a sign that a lone given name at [s, e) names a person:
// a label before it on its line ("Urlaub: Branka"), a duty word right
// before it, or a birth date or star in parentheses after it ("Kacper (*
// 04.05.2017)"). Given-name lists hold many ordinary words of other
// languages (The, Even, Promise) and product names (Gemini, Claude), so a
// lone given name without such a sign is not taken.
func loneCue(raw, low []byte, s, e int) bool {
	if k := skipBlank(raw, e); k+1 < len(raw) && raw[k] == '(' {
		j := skipBlank(raw, k+1)
		if j < len(raw) && (raw[j] == '*' || hasPrefixAt(low, j, "geb") || isDigit(raw[j])) {
			return true
		}
	}
	// "Urlaub: Branka", "Spätdienst: Murat": a label of one or two words
	// that starts its line
	j := s - 1
	for j > 0 && raw[j] == ' ' {
		j--
	}
	if j > 0 && raw[j] == ':' {
		ls := bytes.LastIndexByte(raw[:j], '\n') + 1
		if label := bytes.TrimSpace(raw[ls:j]); len(label) > 0 && len(label) <= 24 && bytes.Count(label, []byte(" ")) <= 1 {
			return true
		}
	}
	if ps, pe := prevWord(raw, s); pe > ps && pe == s-1 && raw[pe] == ' ' {
		for _, w := range dutyWords {
			if bytes.HasSuffix(low[ps:pe], []byte(w)) {
				return true
			}
		}
	}
	return false
}

// listSep skips a list separator after i: an optional "(…)" remark, then
// "," or "und"/"sowie"/"oder". It returns i when there is none.
func listSep(raw, low []byte, i int) int {
	k := skipBlank(raw, i)
	if k < len(raw) && raw[k] == '(' {
		z := bytes.IndexByte(raw[k:min(len(raw), k+40)], ')')
		if z < 0 {
			return i
		}
		k = skipBlank(raw, k+z+1)
	}
	switch {
	case k < len(raw) && raw[k] == ',':
		return skipBlank(raw, k+1)
	case hasPrefixAt(low, k, "und "):
		return k + 4
	case hasPrefixAt(low, k, "sowie "):
		return k + 6
	case hasPrefixAt(low, k, "oder "):
		return k + 5
	}
	return i
}

// isGiven reports a capitalised given name at k that is no ordinary word.
func (d *personDetector) isGiven(t *Text, k int) (int, bool) {
	if !isCap(t.Raw, k) {
		return k, false
	}
	ke := wordEnd(t.Raw, k)
	f := d.lx.flags(t.Lower()[k:ke])
	return ke, f&wFirst != 0 && f&(wNotName|wOrg|wBody|wTitle) == 0 && !d.badNeighbour(t.Raw, k, ke)
}

// nextListName reports a given name after a list separator following e.
func (d *personDetector) nextListName(t *Text, e int) int {
	k := listSep(t.Raw, t.Lower(), e)
	if k == e {
		return e
	}
	if ke, ok := d.isGiven(t, k); ok {
		// the next one must not be a surname of the current name ("Anna, Schmidt")
		return ke
	}
	return e
}

// prevListName reports a given name before s, separated by a list separator.
func (d *personDetector) prevListName(t *Text, s int) bool {
	raw, low := t.Raw, t.Lower()
	j := s
	for j > 0 && raw[j-1] == ' ' {
		j--
	}
	switch {
	case j > 0 && raw[j-1] == ',':
		j--
	case j >= 3 && string(low[j-3:j]) == "und":
		j -= 3
	default:
		return false
	}
	for j > 0 && raw[j-1] == ' ' {
		j--
	}
	if j > 0 && raw[j-1] == ')' {
		o := bytes.LastIndexByte(raw[max(0, j-40):j], '(')
		if o < 0 {
			return false
		}
		j = max(0, j-40) + o
		for j > 0 && raw[j-1] == ' ' {
			j--
		}
	}
	ps, pe := prevWord(raw, j)
	if pe <= ps || pe != j {
		return false
	}
	_, ok := d.isGiven(t, ps)
	return ok
}

// msTitle reports the English "Ms" without its dot at [s, e), written so:
// the lexicons fold their entries, and "ms" would take "MS" (multiple
// sclerosis, "MS Office") for a salutation too.
func msTitle(raw []byte, s, e int) bool {
	return e-s == 2 && raw[s] == 'M' && raw[s+1] == 's'
}

// skipTitles walks over salutations and titles starting at i. It returns the
// position after them, whether a salutation (Herr, Frau) was among them, and
// whether a dotted academic title (Dr., Prof.) was.
func (d *personDetector) skipTitles(t *Text, i int) (k int, sal, strong bool) {
	raw, low := t.Raw, t.Lower()
	k = i
	for n := 0; n < 6; n++ {
		j := skipBlank(raw, k)
		if j > k && raw[j-1] != ' ' && raw[j-1] != '\t' {
			break
		}
		if _, _, ok := letterAt(raw, j); !ok {
			break
		}
		e := wordEnd(raw, j)
		key, dotted := tokenKey(low, j, e)
		f := d.lx.flags(key)
		if f == 0 && msTitle(raw, j, e) {
			f = d.lx.flags([]byte("ms.")) // "Dear Ms Byrne"
		}
		if f&wTitle == 0 && dotted {
			f = d.lx.flags(low[j:e])
			if f&wTitle != 0 && (e-j > 4 || f&wSalutation != 0) {
				// "Landrat. Weitergabe nur …", "meine Frau. Das Foto …":
				// the dot ends a sentence (Hr., Fr. are listed with theirs)
				break
			}
		}
		if f&wTitle == 0 {
			// compound titles: Dipl.-Ing., Dr.-Ing.
			if dotted && e+2 < len(raw) && raw[e+1] == '-' {
				if f2 := d.lx.flags(low[j : e+1]); f2&wTitle != 0 {
					e2 := wordEnd(raw, e+2)
					if e2 < len(raw) && raw[e2] == '.' {
						e2++
					}
					k, strong = e2, true
					continue
				}
			}
			break
		}
		if f&wLast != 0 && !dotted && (sal || strong) && !isCap(raw, skipBlank(raw, e)) {
			break // "Frau Richter hat": the title word is the surname
		}
		if f&wLast != 0 && !dotted && k > i && strings.ContainsRune(",;)\n", at(raw, skipBlank(raw, e))) {
			break // "POK Richter,": after a rank, the title word is the surname
		}
		sal = sal || f&wSalutation != 0
		strong = strong || dotted
		if dotted {
			e++
		}
		k = e
		// the court of a judge: "Richter am Sozialgericht Heuser"
		if hasPrefixAt(low, k, " am ") && isCap(raw, k+4) {
			if ce := wordEnd(raw, k+4); bytes.HasSuffix(low[k+4:ce], []byte("gericht")) && d.judgeAfterCourt(t, skipBlank(raw, ce)) {
				k = ce
			}
		}
	}
	if k == i {
		return i, false, false
	}
	return skipBlank(raw, k), sal, strong
}

// nameAfter takes the name that starts at k. With trusted context (a
// salutation, label or dotted title) any capitalised word that is not an
// ordinary or institution word is a name; otherwise it must be in a lexicon.
func (d *personDetector) nameAfter(t *Text, k int, trusted bool) (int, int, bool) {
	raw, low := t.Raw, t.Lower()
	// a particle opens the surname after a title: "Ratsherr vom Hofe"
	if k > 0 && k < len(raw) && isLowerASCII(raw[k]) && (trusted || hasPrefixAt(raw, k, "vom ") || hasPrefixAt(raw, k, "van ") || hasPrefixAt(raw, k, "zu ")) {
		if pe := d.skipParticles(t, k-1); pe > k {
			if j := skipBlank(raw, pe); j > pe && isCap(raw, j) {
				jw := low[j:wordEnd(raw, j)]
				if _, je, ok := d.nameAfter(t, j, true); ok && (d.lx.flags(jw)&(wFirst|wLast) != 0 || unknownSurname(jw)) {
					return k, je, true // not "vom Spätdienst"
				}
			}
		}
	}
	if !isCap(raw, k) {
		return 0, 0, false
	}
	ke := wordEnd(raw, k)
	// a capitalised particle before lower-case ones after a salutation, as
	// Flemish and Spanish names write it: "Herr Van den Berghe", "Frau De la Cruz"
	if trusted && ke+1 < len(raw) && raw[ke] == ' ' && isLowerASCII(raw[ke+1]) && particles[string(low[k:ke])] {
		pe := ke
		for n := 0; n < 2 && pe+1 < len(raw) && raw[pe] == ' ' && isLowerASCII(raw[pe+1]); n++ {
			we := wordEnd(raw, pe+1)
			if !particles[string(low[pe+1:we])] {
				break
			}
			pe = we
		}
		if j := skipBlank(raw, pe); pe > ke && j == pe+1 && isCap(raw, j) {
			if _, je, ok := d.nameAfter(t, j, true); ok {
				return k, je, true
			}
		}
	}
	// an initial before the surname: "Dr. med. R. Pohl", "H.-W. Kämpf",
	// "gez. Th. Müller"
	if (oneCapital(raw, k, ke) || digraphInitial(raw[k:ke])) && ke+1 < len(raw) && raw[ke] == '.' {
		if ke+4 < len(raw) && raw[ke+1] == '-' && isUpper(raw[ke+2]) && raw[ke+3] == '.' {
			ke += 3
		}
		j := skipBlank(raw, ke+1)
		if j > ke+1 && j < len(raw) && isLowerASCII(raw[j]) {
			// particles between the initial and the surname: "Frau J. ter
			// Haar", "A. van der Berg"
			if pe := d.skipParticles(t, ke+1); pe > j {
				if n := skipBlank(raw, pe); n == pe+1 && isCap(raw, n) {
					if _, ne, ok := d.nameAfter(t, n, true); ok && (trusted || d.lx.flags(low[n:wordEnd(raw, n)])&wLast != 0) {
						return k, ne, true
					}
				}
			}
		}
		if j == ke+1 || !isCap(raw, j) {
			return 0, 0, false
		}
		je := wordEnd(raw, j)
		if je-j < 2 || d.nameFlags(low, j, je)&(wOrg|wBody|wSalutation|wTitle) != 0 || d.orgAfter(t, je) || d.badNeighbour(raw, j, je) {
			return 0, 0, false
		}
		if !trusted && d.nameFlags(low, j, je)&wLast == 0 {
			// an unknown surname after an initial inside a line, ending it or
			// before a comma ("erstellt von A. Lindlar"); at the head of a
			// line "A. Sachverhalt" is an outline heading
			ls := bytes.LastIndexByte(raw[:k], '\n') + 1
			r := skipBlank(raw, je)
			if len(bytes.TrimSpace(raw[ls:k])) == 0 || !unknownSurname(low[j:je]) || institutionLike(low[j:je]) ||
				d.nameFlags(low, j, je)&(wNotName|wFirst) != 0 || r < len(raw) && strings.IndexByte("\n\r,;)", raw[r]) < 0 {
				return 0, 0, false
			}
		}
		return k, je, true
	}
	f := d.nameFlags(low, k, ke)
	if h := bytes.LastIndexByte(low[k:ke], '-'); trusted && f == wOrg && h > 0 && ke-(k+h+1) >= 7 && bytes.HasSuffix(low[k:ke], []byte("haus")) &&
		d.lx.flags(low[k+h+1:ke])&^wLast == 0 {
		f = 0 // a double name after a salutation ends in -haus as surnames do: "Frau Lütke-Brinkhaus" (Brinkhaus listed or not)
	}
	if f&(wOrg|wBody|wSalutation|wRelation) != 0 || (f&(wTitle|wLabel) != 0 && f&wLast == 0) || (f&wNotName != 0 && f&(wFirst|wLast) == 0) || d.badNeighbour(raw, k, ke) {
		return 0, 0, false // "Empfänger: Beschäftigte des Bürgerbüros": a label word
	}
	if f&(wFirst|wLast) == 0 && (institutionLike(low[k:ke]) || diagnosisLike(low[k:ke]) || inflectedAdj(low[k:ke]) || roleOrJobLike(low[k:ke])) {
		return 0, 0, false // "An: Straßenverkehrsamt", "Vater: Bronchialkarzinom", "Antragsteller: Deutsch-Afghanischer Kulturverein"
	}
	if f&(wFirst|wLast) == 0 && allCaps(raw[k:ke]) && !anyVowel(low[k:ke]) {
		return 0, 0, false // an abbreviation without a vowel: "An: SBV <…>", "Betreff: KfW"
	}
	if f&(wFirst|wLast) == 0 && hasPrefixAt(raw, ke, " <") && !unknownSurname(low[k:ke]) {
		return 0, 0, false // a mailbox's display name: "An: Kitaplatzvergabe <kita@…>"
	}
	if h := bytes.LastIndexByte(low[k:ke], '-'); f&(wFirst|wLast) == 0 && h > 0 && !unknownSurname(low[k+h+1:ke]) {
		return 0, 0, false // "Bearbeiter: IT-Service": a unit, no double name
	}
	if !trusted && f&(wFirst|wLast) == 0 && !surnameShape(low[k:ke]) && !foreignLetters(raw[k:ke]) {
		return 0, 0, false
	}
	ne := ke
	for n := 0; n < 3; n++ {
		_, e2, ok := d.surnameAfter(t, ne)
		if !ok {
			break
		}
		ne = e2
	}
	if trusted && ne == ke && f&wFirst != 0 && f&wNotName == 0 && ke+1 < len(raw) && raw[ke] == ' ' && isCap(raw, ke+1) {
		// after a salutation or label a known given name takes the next
		// word as its surname unless that word is shaped like a noun:
		// "Herr Pascal Schreurs", "Frau Li Xiaomei"
		if je := wordEnd(raw, ke+1); d.trustedSurname(t, ke+1, je) {
			ne = je
		}
	}
	if f&wFirst != 0 && ne == ke {
		if ne = initialAfter(raw, ne); ne > ke {
			if _, e2, ok := d.surnameAfter(t, ne); ok {
				ne = e2
			}
		}
	}
	if d.orgAfter(t, ne) && !(d.tradeAfter(t, ne) && d.salutationBefore(t, k)) {
		return 0, 0, false // not after "Herr": "Herr Nowak Kfz-Werkstatt" addresses Nowak
	}
	return k, ne, true
}

// salutationBefore reports a salutation right before the word at k
// ("Herr", "Frau", "Herrn").
func (d *personDetector) salutationBefore(t *Text, k int) bool {
	ps, pe := prevWord(t.Lower(), k)
	return pe < k && pe > ps && d.lx.flags(t.Lower()[ps:pe])&wSalutation != 0
}

// tradeAfter reports a firm's hyphenated trade after its owner's name that
// ends at e: "Gerwing IT-Service", "Nowak Kfz-Werkstatt".
func (d *personDetector) tradeAfter(t *Text, e int) bool {
	raw, low := t.Raw, t.Lower()
	k := skipBlank(raw, e)
	ke := wordEnd(raw, k)
	return k > e && ke > k && isCap(raw, k) && bytes.IndexByte(low[k:ke], '-') > 0 && firmWord(low[k:ke])
}

// upperGiven returns the end of the given names at k after a surname in
// capitals and a comma ("KHALIL, Rojda“", "HABTEMARIAM, Semhar Tesfalem,"):
// one or two capitalised words, known or not but no ordinary, role or
// institution word, then a quote, comma, semicolon, parenthesis or line end;
// k when there are none.
func (d *personDetector) upperGiven(t *Text, k int, caps bool) int {
	raw, low := t.Raw, t.Lower()
	e := k
	for n := 0; n < 2; n++ {
		if !isCap(raw, e) || allCaps(raw[e:wordEnd(raw, e)]) != caps || innerCap(raw[e:wordEnd(raw, e)]) {
			break // not "ArcGIS"
		}
		we := wordEnd(raw, e)
		f := d.nameFlags(low, e, we)
		if caps && n == 0 && f&wFirst == 0 {
			break // in capitals the first given name must be known
		}
		if we-e < 3 || f&(wNotName|wTitle|wOrg|wBody|wSalutation|wLabel) != 0 && f&wFirst == 0 ||
			f&(wFirst|wLast) == 0 && (!unknownSurname(low[e:we]) || roleLike(low[e:we]) || institutionLike(low[e:we])) {
			break
		}
		if r := skipBlank(raw, we); r >= len(raw) || strings.IndexByte(",;(\n\r\"", raw[r]) >= 0 || caps && raw[r] == ')' || hasPrefixAt(raw, r, "“") || hasPrefixAt(raw, r, "”") {
			return we
		}
		if we >= len(raw) || raw[we] != ' ' {
			break
		}
		e = we + 1
	}
	return k
}

// firmWord reports words that name an office or a trade before the owner's
// surname: Architekturbüro, Bedachungen, Malerbetrieb, Haustechnik,
// Einzelunternehmen, Baufirma.
func firmWord(w []byte) bool {
	if officeLike(w) {
		return true
	}
	// -erei, -orei: a trade's shop ("Hofkäserei Brunsmann", "Landmetzgerei", "Konditorei")
	for _, suf := range []string{"ungen", "betrieb", "technik", "bau", "handwerk", "werkstatt", "unternehmen", "firma", "erei", "orei"} {
		if len(w) > len(suf)+2 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// mailEcho reports an e-mail address later on the line (within 64 bytes of
// ne) whose local part repeats the name [s, e) [ns, ne): the surname's first
// four letters and the given name's first letter at its start or its first
// three letters ("bashir.rahimi92@", "a.warsame@", "tharshi.siva@").
func mailEcho(low []byte, s, e, ns, ne int) bool {
	end := min(len(low), ne+64)
	if nl := bytes.IndexByte(low[ne:end], '\n'); nl >= 0 {
		end = ne + nl
	}
	at := bytes.IndexByte(low[ne:end], '@')
	if at < 0 {
		return false
	}
	at += ne
	ls := at
	for ls > ne && (isLowerASCII(low[ls-1]) || isDigit(low[ls-1]) || low[ls-1] == '.' || low[ls-1] == '_' || low[ls-1] == '-') {
		ls--
	}
	local := low[ls:at]
	if len(local) < 4 || !isLowerASCII(low[s]) && low[s] < 0x80 || low[s] >= 0x80 {
		return false
	}
	pre := func(a, b, n int) []byte { return low[a:min(b, a+n)] }
	sur := pre(ns, ne, 4)
	if len(sur) < 3 || !bytes.Contains(local, sur) {
		return false
	}
	return local[0] == low[s] || e-s >= 3 && bytes.Contains(local, pre(s, e, 3))
}

// adjEnding reports words with a German adjective ending
// (VERTRAULICH, EILIG, DRINGEND, AMTLICH).
func adjEnding(w []byte) bool {
	for _, suf := range []string{"lich", "ig", "isch", "end", "bar", "sam", "los"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// initialAfter extends a lone given name ending at e by the initial of its
// surname ("Dimitrios K."): a capital letter and a dot, then no further
// letter, so that "Anna K.-Müller" or a sentence's next word is not taken.
func initialAfter(raw []byte, e int) int {
	if e+3 < len(raw)+1 && e+2 < len(raw) && raw[e] == ' ' && raw[e+1] >= 'A' && raw[e+1] <= 'Z' && raw[e+2] == '.' &&
		(e+3 == len(raw) || !isLetter(raw[e+3]) && raw[e+3] != '-' && raw[e+3] < 0x80) {
		return e + 3
	}
	return e
}

// surnameAfter extends a name that ends at e by particles and one more
// capitalised word that is a name in the lexicons (or looks like one).
func (d *personDetector) surnameAfter(t *Text, e int) (int, int, bool) {
	raw, low := t.Raw, t.Lower()
	k := d.skipParticles(t, e)
	if k == e && (e >= len(raw) || raw[e] != ' ') {
		return 0, 0, false
	}
	j := skipBlank(raw, k)
	if j == k && k == e || j > k+2 && raw[k+1] == ' ' && raw[k+2] == ' ' {
		return 0, 0, false // no word, or the gap of an aligned table (OCR doubles a blank now and then)
	}
	if !isCap(raw, j) && arabicArticle(raw, j) == 0 {
		return 0, 0, false
	}
	je := wordEnd(raw, j)
	if je+1 < len(raw) && raw[je] == '-' && raw[je+1] == ' ' {
		return 0, 0, false // the first part of "Hoch- und Tiefbau"
	}
	g := d.nameFlags(low, j, je)
	if g&wOrg != 0 && g&wLast != 0 && d.koreanGiven(low, e) {
		g &^= wOrg // "Yeon-woo Park", "Ji-woo Park": a Korean surname after a Korean given name, no park
	}
	if g&(wOrg|wBody|wSalutation|wRelation) != 0 || (g&wNotName != 0 && g&wLast == 0 && !d.thirdName(t, e, j, je, g)) ||
		d.badNeighbour(raw, j, je) && !(raw[j-1] == ' ' && fileExtAt(raw, je)) {
		return 0, 0, false // a surname before a file's extension stays: "Antrag Jürgen Kowalski.docx"
	}
	if g&(wFirst|wLast) == 0 && k == e && !surnameShape(low[j:je]) && !arabicParticle(low[j:je]) && !foreignLetters(raw[j:je]) && !unknownSurname(low[j:je]) &&
		!((surnameEnding(low[j:je]) || partyAfter(raw, je)) && d.givenBefore(t, e)) {
		return 0, 0, false
	}
	if g&(wFirst|wLast) == 0 && k > e && (!unknownSurname(low[j:je]) || roleLike(low[j:je]) || institutionLike(low[j:je])) {
		return 0, 0, false // "CA der Verwaltung": a noun after an article, no particle; "Özkan vom Personalrat"
	}
	if k > e && hasPrefixAt(low, skipBlank(raw, e), "zur ") && (g&wLast == 0 || g&wNotName != 0) {
		return 0, 0, false // "zur" before a listed surname only: "Henning zur Horst", not "Lena zur Betriebskontrolle"
	}
	if irishParticle(raw[j:je]) && je+1 < len(raw) && raw[je] == ' ' && isCap(raw, je+1) {
		// "Pádraig Ó Súilleabháin", "Áine Ní Bhriain": the Irish particle and the surname after it
		if se := wordEnd(raw, je+1); se-je > 3 && !allCaps(raw[je+1:se]) {
			return j, se, true
		}
	}
	if g&(wFirst|wLast) == 0 && (je-j <= 3 && allCaps(raw[j:je]) || je-j <= 4 && innerCap(raw[j:je]) || institutionLike(low[j:je])) {
		// a team or unit after a given name: "Andi KOD", "Anna IT", the
		// office a contact is saved with: "Jule JuZe", "Dani Fundbüro"
		return 0, 0, false
	}
	if g&(wFirst|wLast) == 0 && bytes.IndexByte(low[j:je], '-') > 0 && firmWord(low[j:je]) {
		return 0, 0, false // a firm's hyphenated trade after its owner's name: "Herr Nowak Kfz-Werkstatt"
	}
	return j, je, true
}

// doubleNameHead reports a word ending at e that opens a Westphalian double
// surname written apart, after a given name: "Thomas Lütke Wöstmann",
// "Anna Große Kracht", "Maria Schulze Föcking"; the part after it may end
// like a noun (-mann).
func doubleNameHead(low []byte, e int) bool {
	for _, h := range []string{" lütke", " große", " grosse", " grote", " schulze", " schulte", " kleine"} {
		if hasSuffixAt(low, e, h) {
			return true
		}
	}
	return false
}

// irishParticle reports the particle of an Irish surname written apart:
// Ó, Ní, Nic, Uí, Mac (Ó Súilleabháin, Ní Bhriain, Mac Gearailt).
func irishParticle(w []byte) bool {
	switch string(w) {
	case "Ó", "Ní", "Nic", "Uí", "Mac", "Ua":
		return true
	}
	return false
}

// nameFlags returns the lexicon flags of the word [s, e); a hyphenated word
// (Al-Hassan, Müller-Lüdenscheidt) takes the name flags of its parts, and is
// an institution word when its last part is one (Anne-Frank-Schule).
func (d *personDetector) nameFlags(low []byte, s, e int) uint16 {
	f := d.lx.flags(low[s:e])
	if f != 0 || bytes.IndexByte(low[s:e], '-') < 0 {
		return f
	}
	parts := bytes.Split(low[s:e], []byte{'-'})
	lastPart := parts[len(parts)-1]
	if d.lx.flags(lastPart)&wOrg != 0 || streetLike(lastPart) {
		return wOrg
	}
	for _, p := range parts {
		if g := d.lx.flags(p); g&(wNotName|wNotAlone) == 0 { // "Server-Sent": no name part
			f |= g & (wFirst | wLast)
		}
	}
	return f
}

// streetLike reports words that end like a street, school or foundation.
func streetLike(w []byte) bool {
	for _, suf := range []string{"schule", "straße", "strasse", "stiftung", "gymnasium", "platz", "allee", "weg", "ring", "gasse", "haus", "institut", "preis"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// skipParticles moves over " von der", " al", " bin" after e.
func (d *personDetector) skipParticles(t *Text, e int) int {
	raw, low := t.Raw, t.Lower()
	k := e
	for n := 0; n < 3; n++ {
		j := skipBlank(raw, k)
		if j == k {
			return k
		}
		je := wordEnd(raw, j)
		if je == j || !particles[string(low[j:je])] {
			return k
		}
		if isCap(raw, j) && !(je < len(raw) && raw[je] == ' ' && isCap(raw, je+1)) {
			return k // "Le" in "Samira Le" is the surname itself
		}
		if je < len(raw) && raw[je] == '-' { // Al-Hassan: part of the next word
			return k
		}
		// "vom" (von dem) before an agent or an office is a preposition:
		// "Lars Eickhoff vom Träger", "… vom Jugendamt" ("Anna vom Hofe"
		// stays a name)
		if n == 0 && string(low[j:je]) == "vom" {
			ns := skipBlank(raw, je)
			w := low[ns:wordEnd(raw, ns)]
			if bytes.HasSuffix(w, []byte("er")) || bytes.HasSuffix(w, []byte("erin")) || institutionLike(w) || roleLike(w) || d.officeAfter(low, je-len(" vom")) {
				return k
			}
		}
		// a German article first is a particle only before a known surname
		// ("Maria das Neves"), not before a noun ("Weidemann das Stadtbild")
		if n == 0 && germanArticle(low[j:je]) {
			ns := skipBlank(raw, je)
			if f := d.lx.flags(low[ns:wordEnd(raw, ns)]); f&wLast == 0 || f&wNotName != 0 {
				return k
			}
		}
		k = je
	}
	return k
}

// commaGiven extends "Müller" by ", Anna" when the given name follows.
func (d *personDetector) commaGiven(t *Text, ne int) int {
	raw, low := t.Raw, t.Lower()
	if ne+1 < len(raw) && raw[ne] == ',' {
		k := skipBlank(raw, ne+1)
		if ws := wordStartBefore(raw, ne); ne-ws >= 3 && allCaps(raw[ws:ne]) && isCap(raw, k) {
			if e := d.upperGiven(t, k, allCaps(raw[k:wordEnd(raw, k)])); e > k {
				return e // "HABTEMARIAM, Semhar Tesfalem"
			}
		}
		if isCap(raw, k) {
			ke := wordEnd(raw, k)
			if g := d.lx.flags(low[k:ke]); g&wFirst != 0 && g&wNotName == 0 || g == 0 && d.hyphenGiven(low[k:ke]) {
				return d.moreGiven(t, ke) // "Radu, Ioana-Maria, Hauptstraße 88"
			} else if g&(wTitle|wOrg|wBody|wSalutation) == 0 && (g&wFirst != 0 || g == 0) && ke-k >= 3 && !allCaps(raw[k:ke]) &&
				!roleLike(low[k:ke]) && !bytes.HasSuffix(low[k:ke], []byte("beamtin")) && !bytes.HasSuffix(low[k:ke], []byte("beamter")) {
				// "Schulz, Jan <…>", "Ahmeti, Blerina;": a header entry ends there;
				// "Sivarajah, Tharmalingam, geb. am …": a record goes on in lower case
				if r := skipBlank(raw, ke); r >= len(raw) || strings.IndexByte("<;\r\n(", raw[r]) >= 0 {
					return ke
				} else if r == ke+1 && raw[ke] == ' ' && g == 0 && isCap(raw, r) && d.unlistedGiven(t, k, ke) {
					// a second unlisted given name, then the entry ends: "Tesfamariam, Yonas Haile ("
					if re := wordEnd(raw, r); re-r >= 3 && d.unlistedGiven(t, r, re) {
						if x := skipBlank(raw, re); x >= len(raw) || strings.IndexByte("<;\r\n(", raw[x]) >= 0 {
							return re
						}
					}
				} else if raw[r] == ',' && (g != 0 || unknownSurname(low[k:ke])) {
					if n := skipBlank(raw, r+1); n < len(raw) && (isLowerASCII(raw[n]) || hasPrefixAt(raw, n, "geb.") || hasPrefixAt(raw, n, "Geb.")) {
						return ke
					}
				}
			}
		}
	}
	return ne
}

// entryGiven returns the end of the given names after a surname ending at
// ne that a salutation or a role opens, in the "Nachname, Vorname" order of
// a record, when the entry ends there: a listed given name ("Herrn Ahmadzai,
// Mohammad Nasir,"), or an unlisted one before a bracket ("Herr
// Tesfamariam, Yonas Haile (…)", "Person Nwachukwu, Emeka (geb. …)"); or ne.
//
// With clause (after a role or a kin word, not a salutation) a listed given
// name may also go on with the clause in lower case: "Ehemann Huber, Walter
// verst. 1987", "Kindsvater Yılmaz, Mehmet wohnt in Bonn"; not before a
// conjunction, which lists a further person ("Kollege Kunz, Anna und ich").
func (d *personDetector) entryGiven(t *Text, ne int, clause bool) int {
	raw, low := t.Raw, t.Lower()
	g := skipBlank(raw, ne+1)
	ge := d.commaGiven(t, ne)
	if ge <= ne {
		return ne
	}
	listed := d.lx.flags(low[g:wordEnd(raw, g)])&(wFirst|wNotName) == wFirst
	if entryEnds(raw, ge) && (listed || hasPrefixAt(raw, ge, " (") && d.unlistedGiven(t, g, wordEnd(raw, g))) {
		return ge
	}
	if clause && listed && ge+1 < len(raw) && raw[ge] == ' ' && isLowerASCII(raw[ge+1]) {
		switch string(low[ge+1 : wordEnd(raw, ge+1)]) {
		case "und", "oder", "sowie", "bzw", "u":
		default:
			return ge
		}
	}
	return ne
}

// skipAddr skips an "<address>" at i.
func skipAddr(raw []byte, i int) int {
	if i < len(raw) && raw[i] == '<' {
		if j := bytes.IndexByte(raw[i:min(len(raw), i+256)], '>'); j > 0 {
			return i + j + 1
		}
	}
	return i
}

// moreGiven extends a given name by further given names (Anna Maria).
func (d *personDetector) moreGiven(t *Text, ke int) int {
	raw, low := t.Raw, t.Lower()
	for n := 0; n < 2; n++ {
		k := skipBlank(raw, ke)
		if k == ke || k > ke+2 || raw[ke] == '\t' || !isCap(raw, k) {
			break // no word, or the gap or tab before the next cell of a table: "Adeyemi, Blessing      NGA"
		}
		e := wordEnd(raw, k)
		if g := d.lx.flags(low[k:e]); g&wFirst == 0 || g&wNotName != 0 {
			break
		}
		ke = e
	}
	return ke
}

// signature finds a name alone on the first non-empty line after i.
func (d *personDetector) signature(t *Text, i int, formal bool) (int, int, bool) {
	raw, low := t.Raw, t.Lower()
	j := i
	for j < len(raw) && (raw[j] == ',' || raw[j] == ' ' || raw[j] == '.' || raw[j] == '\r') {
		j++
	}
	if j >= len(raw) || raw[j] != '\n' {
		// "Gruß Tomasz" on one line: the name must end the line
		if j > i && j < len(raw) {
			if s, e, ok := d.nameAfter(t, j, false); ok {
				if r := skipBlank(raw, e); r >= len(raw) || raw[r] == '\n' || raw[r] == '\r' {
					return s, e, true
				}
			} else if we := wordEnd(raw, j); formal && j == i+1 && d.loneSurname(t, j, we) && !d.roleInSpan(t, j, we) {
				// the clerk's surname alone on the sign-off's line: "Im Auftrag Hölscher", "i. A. Hölscher"
				if r := skipBlank(raw, we); r >= len(raw) || raw[r] == '\n' || raw[r] == '\r' {
					return j, we, true
				}
			}
		}
		return 0, 0, false
	}
	k := skipSpace(raw, j, 2)
	// "i. A." / "i.A." / "i. V." before the name
	if hasPrefixAt(low, k, "i. a.") || hasPrefixAt(low, k, "i. v.") {
		k = skipSpace(raw, k+5, 1)
	} else if hasPrefixAt(low, k, "i.a.") || hasPrefixAt(low, k, "i.v.") {
		k = skipSpace(raw, k+4, 1)
	}
	k2, _, _ := d.skipTitles(t, k)
	s, e, ok := d.nameAfter(t, k2, false)
	if !ok && k2+1 < len(raw) && isUpper(raw[k2]) && raw[k2+1] == '.' {
		s, e, ok = d.nameAfter(t, k2, true) // an initial and a surname alone in a signature: "H.-W. Kämpf"
	}
	if !ok {
		if !isCap(raw, k2) {
			return 0, 0, false
		}
		// A first name alone, or an unknown pair whose second part is a surname.
		ke := wordEnd(raw, k2)
		if _, e2, ok2 := d.surnameAfter(t, ke); ok2 && d.lx.flags(low[k2:ke])&(wNotName|wOrg|wBody) == 0 {
			s, e, ok = k2, e2, true
		} else if formal && d.loneSurname(t, k2, ke) {
			// a letter's signature is the clerk's surname alone: "Im Auftrag\nMeuser"
			s, e, ok = k2, ke, true
		}
	}
	if !ok || d.roleInSpan(t, s, e) {
		return 0, 0, false // "Im Auftrag\nAllgemeiner Vertreter": a role signs
	}
	// the rest of the line may hold more name parts (Jens Hartung)
	for n := 0; n < 2; n++ {
		k := skipBlank(raw, e)
		if k == e || !isCap(raw, k) {
			break
		}
		ke := wordEnd(raw, k)
		if r := skipBlank(raw, ke); !(r >= len(raw) || raw[r] == '\n' || raw[r] == '\r') {
			break
		}
		if d.lx.flags(low[k:ke])&(wOrg|wBody|wTitle) != 0 {
			break
		}
		e = ke
	}
	rest := skipBlank(raw, e)
	if rest < len(raw) && raw[rest] != '\n' && raw[rest] != '\r' && raw[rest] != ',' {
		return 0, 0, false
	}
	return s, e, true
}

// regardsEnd returns the end of an English sign-off that opens with
// the capitalised word [s, e) ("Kind regards", "Best regards", "Best
// wishes"), or -1: its last word is lower case, and only
// capitalised words open a name's reading.
func regardsEnd(low []byte, s, e int) int {
	switch string(low[s:e]) {
	case "kind", "best", "warm", "warmest":
	default:
		return -1 // "With kind regards" opens with a word no name's reading starts at
	}
	i := e
	for _, w := range []string{" regards", " wishes"} {
		if hasPrefixAt(low, i, w) && (i+len(w) == len(low) || !isLetter(low[i+len(w)])) {
			return i + len(w)
		}
	}
	return -1
}

// formalSignoff reports the sign-offs of a letter or Bescheid (Im Auftrag,
// gez., Mit freundlichen Grüßen), after which a surname stands alone.
func formalSignoff(w []byte) bool {
	switch string(w) {
	case "auftrag", "vertretung", "grüßen", "gez", "i.a.", "i.v.":
		return true
	}
	return false
}

// loneSurname reports whether the capitalised word [s, e) alone on its line
// reads as a surname: in the surname list and no ordinary word, or in no
// list with no noun, role or institution ending; never an acronym.
func (d *personDetector) loneSurname(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	if e-s < 3 || !isCap(raw, s) || allCaps(raw[s:e]) || innerCap(raw[s:e]) {
		return false
	}
	if r := skipBlank(raw, e); r < len(raw) && raw[r] != '\n' && raw[r] != '\r' && raw[r] != ',' {
		return false
	}
	w := low[s:e]
	f := d.lx.flags(w)
	if f&(wNotName|wNotAlone|wOrg|wBody|wTitle|wSalutation|wLabel|wSignoff|wGreeting|wRelation) != 0 {
		return false
	}
	return f&wLast != 0 || f == 0 && e-s >= 4 && unknownSurname(w) && !roleLike(w) && !institutionLike(w) && !strongNoun(w)
}

// lastLineName finds the surname that signs a note or letter on its last
// line, alone or with the clerk's unit: "Seidel", "Rademacher, SB 33.1",
// "Brenninkmeyer, ASD". The line must stand apart after a blank line, and
// only the last line of the text is looked at.
func (d *personDetector) lastLineName(t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	le := len(raw)
	for le > 0 && (raw[le-1] == '\n' || raw[le-1] == '\r' || raw[le-1] == ' ' || raw[le-1] == '\t') {
		le--
	}
	from := max(0, le-49) // the line is short: never a search through a long one
	ls := bytes.LastIndexByte(raw[from:le], '\n') + 1 + from
	if ls == from || ls < 2 || le-ls > 48 || raw[ls-2] != '\n' && !(ls >= 3 && raw[ls-2] == '\r' && raw[ls-3] == '\n') {
		return dst // the first line, a long line, or no blank line before it
	}
	s := ls
	if !isCap(raw, s) {
		return dst
	}
	e := wordEnd(raw, s)
	dated := false
	if e < le && hasPrefixAt(raw, e, ", ") && dateToEnd(raw, e+2, le) {
		// the day it was signed: "Pohlmann, 18.11.2026", where a letter
		// puts its place ("Offenburg, 17.11.2025")
		dated = true
	} else if e < le {
		// the unit after a comma: upper-case codes and numbers only, or a
		// clerk's role ("Pfeiffer, Sachbearbeitung Wahlen")
		if !hasPrefixAt(raw, e, ", ") || e+2 >= len(raw) || !isUpper(raw[e+2]) {
			return dst
		}
		if re := wordEnd(raw, e+2); !clerkWord(t.Lower()[e+2 : re]) {
			for _, c := range raw[e+2 : le] {
				if isLowerASCII(c) || c >= 0x80 {
					return dst
				}
			}
		}
	}
	for _, f := range dst[n0:] {
		if f.End > s && f.Start < e {
			return dst
		}
	}
	// a given name signs with the day too ("Wenzel, 18.11.2026": Wenzel is both)
	lone := d.loneSurname(t, s, e) || dated && d.lx.flags(t.Lower()[s:e]) == wFirst && !allCaps(raw[s:e])
	if !lone || d.badNeighbour(raw, s, e) || dated && d.placeLike(t, dst[n0:], s, e) {
		return dst
	}
	// alone, the word must be in the surname list ("Seidel"); a word no list
	// has needs the unit after it and no ending of a noun or participle
	if d.lx.flags(t.Lower()[s:e])&wLast == 0 && (e == le || verbalEnding(t.Lower()[s:e])) {
		return dst
	}
	return append(dst, Finding{Type: "PERSON", Start: s, End: e, Score: 0.7})
}

// dateToEnd reports a date d.m.yyyy (or yy) at k and nothing but blanks
// after it up to le.
func dateToEnd(raw []byte, k, le int) bool {
	for part := 0; part < 3; part++ {
		n := digitsAt(raw, k)
		if n == k || n-k > 2 && part < 2 || part == 2 && n-k != 2 && n-k != 4 {
			return false
		}
		k = n
		if part < 2 {
			if k >= le || raw[k] != '.' {
				return false
			}
			k++
		}
	}
	return skipBlank(raw, k) >= le
}

// townEndings end the names of German towns and villages (Offenburg,
// Elmshorn, Langenfeld, Heinsberg, Swisttal).
var townEndings = [...]string{"burg", "berg", "dorf", "feld", "felde", "heim", "hausen", "stadt", "stedt", "born", "brück",
	"brücken", "tal", "hagen", "bach", "kirchen", "horn", "furt", "ingen", "leben", "büttel", "rode", "see", "hof",
	"haven", "hafen", "münde", "weiler", "wald", "walde", "au", "ow", "itz", "lingen", "hude", "werder", "ach"}

// placeLike reports a word [s, e) before a date on the last line that may
// be the place a letter is dated at: a town of street_towns.txt, a word with
// a town's ending, or a word the text names before where no name was
// found ("Jobcenter Kreis Minden-Lübbecke", "32423 Minden").
func (d *personDetector) placeLike(t *Text, found []Finding, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	w := low[s:e]
	if slices.Contains(d.lx.List("street_towns"), string(w)) {
		return true
	}
	for _, end := range townEndings {
		if bytes.HasSuffix(w, []byte(end)) {
			return true
		}
	}
	for off := 0; off < s; {
		j := bytes.Index(low[off:s], w)
		if j < 0 {
			break
		}
		k := off + j
		off = k + 1
		if k > 0 && (isLetter(raw[k-1]) || raw[k-1] >= 0x80) {
			continue
		}
		if !covered(found, k) {
			return true
		}
	}
	return false
}

// verbalEnding reports endings of nouns made from verbs and of participles
// (Kenntnisnahme, Rückgabe, Erledigt, Genehmigt, Storniert).
func verbalEnding(w []byte) bool {
	for _, suf := range []string{"nahme", "gabe", "igt", "iert", "tet", "ische", "liche"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// labelColon reports whether a colon follows the label that ends at e,
// allowing ", Vorname", " (in)", "*in" before it.
func labelColon(raw []byte, e int) (int, bool) {
	for j := e; j < len(raw) && j < e+24; j++ {
		switch c := raw[j]; {
		case c == ':':
			return j + 1, true
		case c == '\n':
			return 0, false
		case isUpper(c) && j == e+1 && raw[e] == ' ' && !nameWordAt(raw, j):
			// a noun after the label word makes it an adjective: "Betroffene
			// Systeme:", not "Name, Vorname:"
			return 0, false
		case c == ',' || c == ' ' || c == '(' || c == ')' || c == '*' || c == '/' || isLetter(c) || c >= 0x80:
		case isDigit(c) && j > e && raw[j-1] == ' ' && (j+1 < len(raw) && raw[j+1] == ':'): // "Verlobte 1:", "Kind 2:"
		default:
			return 0, false
		}
	}
	return 0, false
}

// nameWordAt reports the words of name labels that may follow another
// label word before its colon: "Name, Vorname:", "Kind (Nachname):".
func nameWordAt(raw []byte, j int) bool {
	for _, w := range []string{"Vorname", "Nachname", "Name", "Geburtsname", "Familienname", "Rufname", "NAME", "VORNAME"} {
		if hasPrefixAt(raw, j, w) {
			return true
		}
	}
	return false
}

// orgAfter reports whether a firm, school or street word follows at e.
func (d *personDetector) orgAfter(t *Text, e int) bool {
	raw, low := t.Raw, t.Lower()
	k := e
	if k < len(raw) && raw[k] == '-' { // Anna-Schmidt-Schule written with a hyphen after the name
		k++
	} else {
		k = skipBlank(raw, k)
	}
	if k < len(raw) && raw[k] == '&' {
		// "Dr. R. Pohl & A. Demir": two persons, not a firm
		j := skipBlank(raw, k+1)
		return !(j+1 < len(raw) && isUpper(raw[j]) && raw[j+1] == '.')
	}
	// the legal form of a sole trader or a club: "Bartosz Nowak e.K.", "e. V."
	if hasPrefixAt(low, k, "e.k") || hasPrefixAt(low, k, "e. k.") || hasPrefixAt(low, k, "e.v.") || hasPrefixAt(low, k, "e. v.") {
		return true
	}
	ke := wordEnd(raw, k)
	if ke == k {
		return false
	}
	key, dotted := tokenKey(low, k, ke)
	if d.lx.flags(key)&wOrg != 0 || (dotted && d.lx.flags(low[k:ke])&wOrg != 0) {
		return true
	}
	if d.tradeAfter(t, e) {
		return true
	}
	// compounds: -Schule, -Straße, -Stiftung as the end of the next word; not
	// in the next cell of a tab-separated row ("Ulrich Pohl<TAB>Tannenweg 4")
	return k > e && streetLike(low[k:ke]) && bytes.IndexByte(raw[e:k], '\t') < 0
}

// orgNear reports an institution word among the two words before [s, e) or
// the three capitalised words after it ("Müller Immobilien GmbH", "Asia
// Imbiss Minh", "Stadt Bonn").
func (d *personDetector) orgNear(t *Text, s, e int) bool {
	raw := t.Raw
	// partners of a firm: "Steuerbüro Lindner & Koç", "Koç & Lindner mbH"
	if s >= 3 && string(raw[s-3:s]) == " & " {
		if ps, pe := prevWord(raw, s-3); pe == s-3 && pe > ps && isCap(raw, ps) && d.orgBeside(t, ps, pe) {
			return true
		}
	}
	if e+3 < len(raw) && string(raw[e:e+3]) == " & " && isCap(raw, e+3) {
		if ne := wordEnd(raw, e+3); ne > e+3 && d.orgBeside(t, e+3, ne) {
			return true
		}
	}
	return d.orgBeside(t, s, e)
}

// orgBeside reports a firm, school or body word right before or after the
// name [s, e) (orgNear without the partners of a firm).
func (d *personDetector) orgBeside(t *Text, s, e int) bool {
	raw, low := t.Raw, t.Lower()
	k := s
	for n := 0; n < 2; n++ {
		ps, pe := prevWord(raw, k)
		if pe <= ps || pe < k-2 {
			break
		}
		if n == 0 && !isCap(raw, ps) && !particles[string(low[ps:pe])] {
			break // a preposition between: "in der Schule mit Endrit"
		}
		if d.lx.flags(low[ps:pe])&(wOrg|wBody) != 0 || n == 0 && pe == s-1 && isCap(raw, ps) && firmWord(low[ps:pe]) {
			return true // "Architekturbüro Steinbach", "Bedachungen Nowak"
		}
		k = ps
	}
	k = e
	for n := 0; n < 3; n++ {
		if d.orgAfter(t, k) {
			return true
		}
		j := skipBlank(raw, k)
		if j == k || !isCap(raw, j) {
			break
		}
		k = wordEnd(raw, j)
		if k+1 < len(raw) && raw[k] == '-' && raw[k+1] == ' ' {
			return true // a firm's trade: "Yılmaz Hoch- und Tiefbau"
		}
	}
	return false
}

// firmBefore reports a capitalised firm word (lexicons/org_words.txt) right
// before s on its line: the name after it is the firm's ("Pizzeria Da
// Vito", "Hotel Aurelia"), its owner is named apart ("Inhaber Vito Esposito").
func (d *personDetector) firmBefore(t *Text, s int) bool {
	ps, pe := prevWord(t.Raw, s)
	return pe == s-1 && pe > ps && isCap(t.Raw, ps) && d.lx.flags(t.Lower()[ps:pe])&wOrg != 0
}

// bodyBefore reports whether a public-body word (Stadt, Firma) or a word
// ending like a foundation, school or street stands before s.
func (d *personDetector) bodyBefore(t *Text, s int) bool {
	ps, pe := prevWord(t.Raw, s)
	if pe <= ps {
		return false
	}
	w := t.Lower()[ps:pe]
	// a foundation, school or street named after the person: "Stiftung
	// Friedrich Ebert", "Stadt-Stiftung Friedrich Ebert"
	return d.lx.flags(w)&wBody != 0 || len(w) > 6 && streetLike(w) && !bytes.HasSuffix(w, []byte("haus"))
}

// badNeighbour rejects words that are part of an e-mail address, an account
// name, a path or a placeholder (<Name>).
func (d *personDetector) badNeighbour(raw []byte, s, e int) bool {
	if s > 0 {
		switch raw[s-1] {
		case '@', '.', '_', '/', '\\', '<', '{', '[', '$', '#':
			return true
		}
	}
	if e < len(raw) {
		switch raw[e] {
		case '@', '_', '>', '}', '(':
			return true
		case ']':
			// "[Name]", "[Vorname Nachname]": a placeholder; a bracket that
			// opens with its label keeps the name ("[Gelöscht: Frau Nicole
			// Behrens]", "[Teams – Chat mit Florian Weidinger]")
			return !labelledBracket(raw, s)
		case '.':
			// "weber.de", "Weber.Müller"; not a closing quote: „… Herr Grams.“
			if e+1 < len(raw) && (isAlnum(raw[e+1]) || raw[e+1] >= 0x80 && !closingQuote(raw, e+1)) {
				return true
			}
		case '-':
			if e+1 < len(raw) && isDigit(raw[e+1]) { // BA-PC-0143
				return true
			}
		}
		if isDigit(raw[e]) {
			return true
		}
	}
	return false
}

// labelledBracket reports that the bracket which the name at s closes
// opens with a label or a title before it on its line: a colon or a dash
// between the '[' and s ("[Gelöscht: Herr Ralf Ebbinghaus]", "[Eingefügt:
// Eheleute Ralf und Nicole Ebbinghaus]" of track changes, "[Teams – Chat
// mit Frederik Nagel]"), which a placeholder's bracket ("[Name]",
// "[Vorname Nachname]") has not.
func labelledBracket(raw []byte, s int) bool {
	for i := s - 1; i >= 0 && i >= s-80; i-- {
		switch raw[i] {
		case '[':
			in := raw[i+1 : s]
			return bytes.Contains(in, []byte(": ")) || bytes.Contains(in, []byte(" – ")) || bytes.Contains(in, []byte(" - "))
		case ']', '\n':
			return false
		}
	}
	return false
}

// pathName reports a full name as a folder's or a file's name in a path: a
// given name (flags f) at [s, e) after '\' or '/', one blank, a surname,
// then '\', '/' or a file's extension ("…\Akten\Jürgen Kowalski\Antrag.pdf",
// "/Bescheide/Jürgen Kowalski.docx"). A URL's path has no blank; a single
// word there stays none.
func (d *personDetector) pathName(t *Text, s, e int, f uint16) bool {
	raw := t.Raw
	if s == 0 || raw[s-1] != '\\' && raw[s-1] != '/' || f&wFirst == 0 || e >= len(raw) || raw[e] != ' ' {
		return false
	}
	ns, ne, ok := d.surnameAfter(t, e)
	return ok && ns == e+1 && ne < len(raw) && (raw[ne] == '\\' || raw[ne] == '/' || fileExtAt(raw, ne))
}

// fileExtAt reports a document's or an image's file extension at i: a dot,
// the extension and no letter or digit after it.
func fileExtAt(raw []byte, i int) bool {
	if i >= len(raw) || raw[i] != '.' {
		return false
	}
	j := i + 1
	for j < len(raw) && j-i <= 5 && isLetter(raw[j]) {
		j++
	}
	if j < len(raw) && isAlnum(raw[j]) || j-i < 3 || j-i > 5 {
		return false
	}
	return fileExts[strings.ToLower(string(raw[i+1:j]))]
}

// fileExts are the extensions of the files staff name after a person.
var fileExts = map[string]bool{"pdf": true, "doc": true, "docx": true, "odt": true, "rtf": true, "txt": true, "xls": true,
	"xlsx": true, "ods": true, "csv": true, "msg": true, "eml": true, "jpg": true, "jpeg": true, "png": true, "tif": true,
	"tiff": true, "heic": true, "pptx": true, "zip": true}

// countryWord reports the flags of a state's name that is no given name
// (Norway, Polen; not Israel).
func countryWord(f uint16) bool { return f&(wCountry|wFirst) == wCountry }

// foreignLetters reports letters that German words do not have (ş ı ğ ć č
// ž ł ę ą ő ñ đ ř …): a capitalised word with them is very likely a name.
func foreignLetters(w []byte) bool {
	i := 0
	for i+8 <= len(w) && binary.LittleEndian.Uint64(w[i:i+8:i+8])&swarHi == 0 {
		i += 8 // eight ASCII bytes
	}
	for i < len(w) {
		if w[i] < utf8.RuneSelf {
			i++
			continue
		}
		if w[i] == 0xC3 && i+1 < len(w) {
			switch w[i+1] {
			case 0xA4, 0xB6, 0xBC, 0x84, 0x96, 0x9C, 0x9F: // ä ö ü Ä Ö Ü ß
				i += 2
				continue
			}
		}
		r, n := utf8.DecodeRune(w[i:])
		i += n
		switch r {
		case 'ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü', 'ß', '’':
			continue
		}
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// nameLetters reports foreign letters other than those of French loanwords
// (Café, Crème, Püree, Varieté): Xelîl, Şahin, Mustafić, Kowalczyk's ł.
func nameLetters(w []byte) bool {
	if !foreignLetters(w) {
		return false
	}
	for _, r := range string(w) {
		if r >= 0x80 && !strings.ContainsRune("äöüÄÖÜßéèêàâçôÉÈ’", r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// nounEndings are endings of German common nouns; a capitalised word after a
// first name that has none of them and is not an ordinary word is taken as
// a surname not in the lists (Schubert).
var nounEndings = []string{"straße", "strasse", "ung", "heit", "keit", "schaft", "tion", "sion", "ität", "nis", "nisse", "tum", "ment", "ismus", "nahme",
	"ie", "ik", "ur", "arbeit", "streit", "geleit", "dienst", "ling", "chen", "lein", "ei", "age", "anz", "enz", "ür", "amt", "stelle", "antrag",
	"bescheid", "termin", "gespräch", "unterlagen", "akte", "liste", "plan", "bericht", "vertrag", "nummer",
	"daten", "zeit", "tag", "woche", "jahr", "stunde", "geld", "kosten", "leistung", "frist", "recht", "gesetz",
	"fahrt", "zug", "züge", "fest", "markt", "gesellschaft", "institut", "denkmal", "museum",
	"hof", "handel", "service", "werk", "laden", "studio", "salon", "imbiss", "bau", "vergabe",
	"karte", "ausweis", "urkunde", "verkehr", "kreisel", "steuer", "hilfe", "dezernat", "bereich", "raum",
	"schrift", "kraft", "kräfte", "ort", "stadt", "buch", // firms: Spargelhof Wingender; books: Wimmelbuch Sauerland
	// the heads of a unit's, a trade's and a period's compounds: "Verfasser: Sachgebiet 2",
	// "Sachbearbeitung Gewerbe", "Mutter: Lebensmonate 1–10" (no surname ends so)
	"gebiet", "gewerbe", "monat",
	// round 40: ways in and through ("Tür-Code Nebeneingang", Zugang, Durchgang; Wolfgang is a listed given name)
	"gang", "gänge",
	// inflammations, no surnames (Arvanitis, Adamkaitis are): "dass Frieda Neurodermitis hat"
	"dermitis", "arthritis", "bronchitis", "gastritis", "hepatitis", "sinusitis", "meningitis", "tonsillitis", "dontitis"}

// feminineEnding are the nounEndings of feminine nouns, which take no
// genitive -s and form no plural in -s.
// Only German ones that no stem ends in: an "s" after -ei, -ik, -anz is
// often the stem's own (Kreis, Preis, Reis), and -tions is an English
// plural (International Relations).
var feminineEnding = map[string]bool{"ung": true, "heit": true, "keit": true, "schaft": true}

// nounEndingsByLast are the nounEndings by their last byte: a stem is
// compared only with the endings that can end it.
var nounEndingsByLast = func() (t [256][]string) {
	for _, suf := range nounEndings {
		t[suf[len(suf)-1]] = append(t[suf[len(suf)-1]], suf)
	}
	return t
}()

func caseEnding(end []byte) bool {
	switch string(end) {
	case "e", "n", "s", "en", "es":
		return true
	}
	return false
}

func unknownSurname(w []byte) bool {
	if len(w) < 3 {
		return false
	}
	for _, cut := range []int{0, 1, 2} { // plural and case endings: Termine, Anträgen
		// only real plural and case endings are cut: e, n, s, en, es (not
		// the "er" of Öllinger, whose stem would end like Lehrling)
		if cut > 0 && (len(w) < cut+4 || !caseEnding(w[len(w)-cut:])) {
			continue
		}
		for _, suf := range nounEndingsByLast[w[len(w)-cut-1]] {
			if bytes.HasSuffix(w[:len(w)-cut], []byte(suf)) {
				if cut == 1 && w[len(w)-1] == 's' && feminineEnding[suf] {
					continue // Brungs: a feminine noun takes no -s (der Zahlung), so "-ung" and "s" end a surname
				}
				if suf == "ei" && cut == 0 && (bytes.HasSuffix(w, []byte("aei")) || bytes.HasSuffix(w, []byte("oei"))) {
					continue // Rezaei, Tabatabaei: Persian surnames, no -ei nouns (Bäckerei)
				}
				if suf == "recht" && (bytes.HasSuffix(w[:len(w)-cut], []byte("brecht")) || bytes.HasSuffix(w[:len(w)-cut], []byte("precht"))) {
					continue // Lamprecht, Albrecht, Engelbrecht are surnames; the nouns end in -recht after other letters
				}
				if suf == "ling" && cut == 0 && bytes.HasSuffix(w, []byte("eling")) {
					continue // Ebeling, Hesseling are surnames; the nouns end in -rling, -tling, -hling
				}
				return false
			}
		}
	}
	return true
}

// plainSurname reports whether the unknown capitalised word [s, e) after a
// given name reads as a surname: no noun ending, no role, no upper-case
// acronym, no institution word and no firm word after it.
func (d *personDetector) plainSurname(t *Text, s, e int) bool {
	w := t.Lower()[s:e]
	return e-s >= 3 && (unknownSurname(w) || surnameShape(w) || foreignLetters(t.Raw[s:e])) && !roleLike(w) &&
		!institutionLike(w) && !allCaps(t.Raw[s:e]) && !d.orgAfter(t, e)
}

// participleNoun reports the endings of an adjective or participle used as
// a noun for a party or role, which take an article before a name: "des
// Betroffenen Janusz Szymański", "der Beschuldigten Anna Weber".
func participleNoun(w []byte) bool {
	for _, suf := range []string{"enen", "igten", "igte", "igter", "ierten", "ierte", "ichen", "lichen", "ragten", "lagten"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// participleRole reports a participle used as a noun for the person a file
// is about ("Betreute", "Versicherte", "Verstorbene", "Betroffenen",
// "Erkrankte"): a verb's prefix (be-, ver-, ge-, er-, ent-) and a
// participle's ending (-te, -ten, -ene, -enen; not -ter, which surnames
// have: Gerster), no given name ("Bernadette" ends in -ette). Before a
// surname it is the role, not a given name no list has: "Betreute Hüls",
// "Versicherte Kowalski".
func participleRole(w []byte) bool {
	if len(w) < 7 || w[len(w)-1] != 'e' && w[len(w)-1] != 'n' || w[0] != 'b' && w[0] != 'v' && w[0] != 'g' && w[0] != 'e' || bytes.HasSuffix(w, []byte("ette")) {
		return false
	}
	pre := false
	for _, p := range []string{"be", "ver", "ge", "er", "ent"} {
		if bytes.HasPrefix(w, []byte(p)) {
			pre = true
			break
		}
	}
	if !pre {
		return false
	}
	for _, suf := range []string{"te", "ten", "ene", "enen"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// salutationPlural reports the plural of a salutation (Frauen, Herren): a
// group of people in a table or a count ("Teilzeitquote Frauen 48 %"), no
// surname after an unknown word, though the surname lists have it.
func (d *personDetector) salutationPlural(w []byte) bool {
	return len(w) > 4 && (bytes.HasSuffix(w, []byte("en")) && d.lx.flags(w[:len(w)-2])&wSalutation != 0 ||
		bytes.HasSuffix(w, []byte("n")) && d.lx.flags(w[:len(w)-1])&wSalutation != 0)
}

// strongNoun reports endings only nouns have (-ung, -heit, -schaft, -tion …),
// unlike -chen or -ei that end many surnames and places too (Lützenkirchen).
func strongNoun(w []byte) bool {
	for _, suf := range []string{"ung", "ungen", "heit", "keit", "schaft", "tion", "sion", "ität", "nis", "nisse", "ismus", "ment", "ik", "ie"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// agedBefore reports a name found right before s with its age: "Ayaan (4), "
// or "Yonas (6 J.) und ".
func agedBefore(raw []byte, dst []Finding, s int) bool {
	n := len(dst)
	if n == 0 || dst[n-1].Type != "PERSON" || dst[n-1].End >= s || s-dst[n-1].End > 24 {
		return false
	}
	gap := raw[dst[n-1].End:s]
	return bytes.HasPrefix(gap, []byte(" (")) && bytes.IndexByte(gap, ')') > 0 &&
		(bytes.HasSuffix(gap, []byte(", ")) || bytes.HasSuffix(gap, []byte(" und ")))
}

// birthCue reports what may stand before a lone name with its birth date:
// a relation word or a label ("tochter Mursal", "Kinder: Selam") or another
// name found with its date in parentheses ("Selam (geb. …), Abel").
func (d *personDetector) birthCue(t *Text, dst []Finding, s int) bool {
	raw := t.Raw
	if n := len(dst); n > 0 && dst[n-1].Type == "PERSON" && dst[n-1].End < s && s-dst[n-1].End <= 40 {
		gap := raw[dst[n-1].End:s]
		if bytes.HasPrefix(gap, []byte(" (")) && bytes.IndexByte(gap, ')') > 0 &&
			(bytes.HasSuffix(gap, []byte(", ")) || bytes.HasSuffix(gap, []byte(" und "))) {
			return true
		}
	}
	j := s - 1
	for j > 0 && raw[j] == ' ' {
		j--
	}
	if j < 0 || j == s-1 {
		return false
	}
	if raw[j] == ':' {
		j--
	}
	ps, pe := prevWord(raw, j+1)
	return pe > ps && d.lx.flags(t.Lower()[ps:pe])&(wRelation|wLabel) != 0
}

// roleAfter reports ", " and a role or title word after e: "M. Albers,
// Sozialarbeiterin", "K. Brandt, Sachbearbeiter".
func (d *personDetector) roleAfter(t *Text, e int) bool {
	raw := t.Raw
	if !hasPrefixAt(raw, e, ", ") || !isCap(raw, e+2) {
		return false
	}
	we := wordEnd(raw, e+2)
	w := t.Lower()[e+2 : we]
	// or an academic degree that names the profession: "Brenner,
	// Dipl.-Soz.Päd.", "M. Lüdenscheidt, Dipl.-Sozialarbeiterin"
	return d.lx.flags(w)&wTitle != 0 || roleLike(w) || hasPrefixAt(t.Lower(), e+2, "dipl.")
}

// surnameEnding reports noun endings that many German surnames share (Kranz,
// Schranz, Lorenz, Imhof, Schilling, Freitag): after a known given name the
// word is read as the surname ("Daniel Schranz"), alone it is a noun.
func surnameEnding(w []byte) bool {
	if len(w) < 4 {
		return false
	}
	// -bein, -stein and -wein: Rehbein, Holbein, Hollstein, Bernstein, Frowein, Bausewein (the -ei of
	// Bäckerei with an -n); -ies: Fries, Pries (the -ie of Energie with an -s)
	for _, suf := range []string{"anz", "enz", "hof", "ling", "tag", "lein", "brecht", "precht", "hagen", "bein", "stein", "wein", "ies"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	// -ung ends short surnames (Hartung, Hornung, Amelung), and with an -e
	// (Bunge, Runge, Junge); the nouns of action keep their verb stem before
	// it (Ordnung, Zahlung, Prüfung) or are compounds (Stadtordnung,
	// Steuerberatung, Leistungen)
	if len(w) <= 6 && bytes.HasSuffix(w, []byte("unge")) {
		w = w[:len(w)-1]
	}
	return len(w) <= 8 && bytes.HasSuffix(w, []byte("ung")) && !strongNounStem(w[:len(w)-3])
}

// strongNounStem reports a stem that makes an -ung noun of action: the
// common verb endings before -ung (-ier-, -ig-, -ss-, -lt-, -rd-, -ch- …).
func strongNounStem(w []byte) bool {
	for _, suf := range []string{"ier", "ig", "ss", "ß", "lt", "rd", "ch", "tz", "nn", "mm", "ll", "ff", "eib", "ieb", "ück", "eg", "ag",
		"nd", "tt", "rb", "rk", "rf", "eis", "ahl", "ehl", "ohn", "ühr", "ühl", "üf", "uf", "ab", "ob", "ib", "ad", "ed", "id", "ind",
		"ld", "nk", "rg", "ng", "mpf", "kt", "st", "eu", "au", "ei", "ieh", "eh", "ieg", "ein", "ur", "ärm", "arn", "dn", "gn", "chn",
		"an", "it", "at", "on", "ös", "üt", "öt", "ut"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// givenBefore reports a known given name (no ordinary word) ending at e.
func (d *personDetector) givenBefore(t *Text, e int) bool {
	ps, pe := prevWord(t.Raw, e+1)
	if pe != e || pe <= ps || !isCap(t.Raw, ps) {
		return false
	}
	f := d.lx.flags(t.Lower()[ps:pe])
	return f&wFirst != 0 && f&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0
}

// roleLike reports words that end like German role nouns (Beauftragte,
// Fachdienstleiter, Sachgebietsleiterin).
func roleLike(w []byte) bool {
	for _, suf := range []string{"leiter", "leiterin", "beauftragte", "beauftragter", "rätin", "rat", "meister", "inspektor",
		"wacher", "wacherin", "wächter", "wächterin", "fahrer", "fahrerin", "führer", "führerin", "helfer", "helferin",
		"arbeiter", "arbeiterin",
		"inspektorin", "wart", "wartin", "kommissar", "kommissarin", "sekretär", "sekretärin",
		"meisterin", "direktor", "direktorin", "referent", "referentin", "ministerin", "minister", "präsidentin",
		"präsident", "vorsitzende", "vorsitzender", "sprecher", "sprecherin", "berater", "beraterin",
		"kassierer", "kassiererin", "beisitzer", "beisitzerin", "prüfer", "prüferin", "vertreter", "vertreterin",
		"betreuer", "betreuerin", "erzieher", "erzieherin", "lehrerin", "vorsitzenden", "wirt", "wirtin",
		"manager", "managerin", "koordinator", "koordinatorin", "beigeordnete", "beigeordneter", "assistent", "assistentin",
		"sachbearbeitung", "pädagoge", "pädagogin", "loge", "login", "istin", "ärztin", "anwältin", "schwester", "pfleger", "pflegerin",
		"stellerin", "hörige", "beamter", "beamtin", "kontrolleur", "kontrolleurin",
		// round 33: a skilled worker and who is responsible for a case ("Integrationsfachkraft: F. Steinbach",
		// "Fallverantwortung ASD: B. Eilers")
		"fachkraft", "lehrkraft", "pflegekraft", "verantwortung", "verantwortliche", "verantwortlicher",
		// and a trade learnt ("als Azubi Verwaltungsfachangestellter")
		"angestellter", "angestellte",
		// round 37: who restores, moderates or administers ("Restaurator Gerlach", "Moderatorin Anna Roth") and a
		// fire brigade's crew ("Angriffstrupp Lukas Reinert", "Wassertrupp")
		"ator", "atorin", "trupp",
		// round 38: who dispatches at a control centre ("Disponent: B. Reindl")
		"disponent", "disponentin",
		// round 65: who heads a Dezernat, a witness and a spouse before the name ("Vorsitz: Baudezernent Peter
		// Kaspar", "Trauzeuge Jonas Morgenthaler", "Ehegatte Friedrich Lauer")
		"dezernent", "dezernentin", "zeuge", "zeugin", "gatte", "gattin",
		// round 68: a union's shop steward and a ticket system's agent ("den Vertrauensmann Hüsken",
		// "Artikel #2 (Agent Huber, intern)", "Agent Melanie: Hallo!")
		"vertrauensmann", "vertrauensfrau", "agent", "agentin"} {
		if suf == "rat" && len(w) < 7 {
			continue // Amtsrat, Stadtrat; not the given name Mebrat
		}
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return participleRole(w)
}

// roleGenitive reports a role in the genitive, its -s after a role ending
// ("des Restaurators Ulrich Gerlach", "des Kassenprüfers Jan Ott").
func roleGenitive(w []byte) bool {
	return len(w) > 7 && w[len(w)-1] == 's' && roleLike(w[:len(w)-1])
}

// arabicParticle reports surnames like El-Masri, Al-Hassan, Abu-Bakr.
func arabicParticle(w []byte) bool {
	for _, p := range []string{"al-", "el-", "abu-", "ben-", "bin-", "ibn-", "abd-", "abdel-"} {
		if len(w) > len(p)+2 && bytes.HasPrefix(w, []byte(p)) {
			return true
		}
	}
	return false
}

// arabicArticles are the Arabic article in lower case with its hyphen, as
// transliterations write it before a surname, assimilated to the sun letters
// (al-Shammari, el-Amrani, ar-Rahman, asch-Schammari, ad-Din).
var arabicArticles = []string{"al-", "el-", "ar-", "as-", "asch-", "ash-", "ad-", "an-", "at-", "az-", "ud-", "ul-"}

// arabicArticle returns the length of a lower-case Arabic article at j
// that a capital follows ("al-Shammari", "asch-Schammari"): the word is a
// surname as a capitalised one is. It returns 0 when there is none.
func arabicArticle(raw []byte, j int) int {
	if j >= len(raw) || raw[j] != 'a' && raw[j] != 'e' && raw[j] != 'u' || j > 0 && isLetter(raw[j-1]) {
		return 0
	}
	for _, p := range arabicArticles {
		if hasPrefixAt(raw, j, p) && isCap(raw, j+len(p)) && isLowerASCII(raw[min(len(raw)-1, j+len(p)+1)]) {
			return len(p)
		}
	}
	return 0
}

// arabicArticleStarts moves the start of a name that begins inside a word,
// after the hyphen of a lower-case Arabic article, onto the article: the
// capital scan starts at "Khatib" in "al-Khatib, Omar".
func arabicArticleStarts(raw []byte, fs []Finding) {
	for i := range fs {
		s := fs[i].Start
		if s < 3 || raw[s-1] != '-' {
			continue
		}
		for _, p := range arabicArticles {
			if j := s - len(p); j >= 0 && arabicArticle(raw, j) == len(p) && (i == 0 || fs[i-1].End <= j) {
				fs[i].Start = j
				break
			}
		}
	}
}

// surnameShape reports surname endings that German common words do not
// have: -ović, -enko, -czyk, -owski, -oğlu, -poulos.
// innerCap reports a capital after a lower-case letter (MWh, kWh, GmbH,
// iPhone): units and brands, not given names.
func innerCap(w []byte) bool {
	for i := 1; i < len(w); i++ {
		if isUpper(w[i]) && isLowerASCII(w[i-1]) {
			return true
		}
	}
	return false
}

// singleKin are the relation words of one person that a given name may
// follow as an apposition ("Ihr Sohn Chidi,"), unlike "Kind" or plurals.
// pluralKin reports a kin word of several persons (relations.txt's plurals):
// "Kinder", "Söhnen", "Geschwister".
func pluralKin(w []byte) bool {
	switch string(w) {
	case "kinder", "kindern", "söhne", "söhnen", "töchter", "töchtern", "enkeln", "enkelkinder", "geschwister", "geschwistern":
		return true
	}
	return false
}

var singleKin = map[string]bool{"sohn": true, "tochter": true, "enkel": true, "enkelin": true, "neffe": true, "nichte": true,
	"bruder": true, "schwester": true, "stiefsohn": true, "stieftochter": true, "pflegekind": true, "ehefrau": true, "ehemann": true,
	"stiefvater": true, "stiefmutter": true, "schwiegersohn": true, "schwiegertochter": true, "schwiegermutter": true,
	"schwiegervater": true, "pflegesohn": true, "pflegetochter": true, "halbbruder": true, "halbschwester": true,
	"tante": true, "onkel": true, "cousin": true, "cousine": true, "mutter": true, "vater": true, "großmutter": true, "großvater": true,
	"oma": true, "opa": true, "schwager": true, "schwägerin": true, "gatte": true, "gattin": true, "lebensgefährte": true,
	"lebensgefährtin": true, "verlobte": true, "verlobter": true, "wife": true, "husband": true, "son": true, "daughter": true,
	"brother": true, "sister": true}

// wrappedInitial reports an initial and a surname [s, ke) set off as a
// whole: in parentheses before a comma and a unit in capitals
// ("Bearbeitung (M. Lüttgen, IT)"), or in typographic quotes with letters
// German words lack ("am Klingelschild „D. Rakić“").
func wrappedInitial(raw []byte, s, ke int) bool {
	if s > 0 && raw[s-1] == '(' {
		// a unit in capitals or an office after the comma: "(M. Lüttgen, IT)",
		// "(K. Brandt, FB 51)"; not an outline letter: "(A. Sachverhalt)"
		if !hasPrefixAt(raw, ke, ", ") || ke+2 >= len(raw) || !isUpper(raw[ke+2]) {
			return false
		}
		we := ke + 2
		for we < len(raw) && isUpper(raw[we]) {
			we++
		}
		return we-(ke+2) >= 2 && we-(ke+2) <= 5 && we < len(raw) && (raw[we] == ')' || raw[we] == ' ' || raw[we] == ',')
	}
	// in quotes only a surname with letters German words lack: „D. Rakić“, not „A. Sachverhalt“
	return quoteBefore(raw, s) && closingQuote(raw, ke) && foreignLetters(raw[s:ke])
}

// possessiveBefore reports a possessive right before the relation word at
// s: "Ihr Sohn", "seine Tochter", "unserer Nichte".
func possessiveBefore(low []byte, s int) bool {
	ps, pe := prevWord(low, s)
	if pe != s-1 || pe <= ps {
		return false
	}
	switch string(low[ps:pe]) {
	case "ihr", "ihre", "ihrem", "ihren", "ihrer", "sein", "seine", "seinem", "seinen", "seiner", "mein", "meine", "meinem",
		"meinen", "meiner", "unser", "unsere", "unserem", "unseren", "unserer", "dessen", "deren":
		return true
	}
	return false
}

// appositionEnd reports a comma or a closing bracket right after e, as after
// a name set off in running text ("Ihr Sohn Chidi, Schüler …").
// dashAfter reports a dash between blanks right after e, as a subject line
// sets a name off: "Unser Sohn Artjom – Unterstützung in der Gruppe".
func dashAfter(raw []byte, e int) bool {
	return hasPrefixAt(raw, e, " – ") || hasPrefixAt(raw, e, " - ")
}

func appositionEnd(raw []byte, e int) bool {
	return e < len(raw) && (raw[e] == ',' || raw[e] == ')')
}

// ageAfter reports an age in parentheses right after e: " (14)", " (9 J.)".
func ageAfter(raw []byte, e int) bool {
	if !hasPrefixAt(raw, e, " (") {
		return false
	}
	n := digitsAt(raw, e+2)
	return n > e+2 && n-e-2 <= 2 && n < len(raw) && (raw[n] == ')' || raw[n] == ' ' || raw[n] == ',')
}

// digraphInitial reports the initials of Christian, Christoph, Thomas,
// Theodor, Philipp written with two or three letters: "Ch", "Chr", "Th", "Ph".
func digraphInitial(w []byte) bool {
	switch string(w) {
	case "Ch", "Chr", "Th", "Ph":
		return true
	}
	return false
}

// anyVowel reports a vowel (a e i o u y) or a byte from 0x80 on (ä, é, ı …)
// in the lower-case word w: every name has one, an abbreviation like SBV not.
func anyVowel(w []byte) bool {
	for _, c := range w {
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			return true
		}
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// ageCommaAfter reports an age set off by a comma right after e: ", 7 J.",
// ", 12 Jahre" ("Sohn Nahom, 7 J., 2. Klasse").
func ageCommaAfter(raw []byte, e int) bool {
	if !hasPrefixAt(raw, e, ", ") {
		return false
	}
	n := digitsAt(raw, e+2)
	return n > e+2 && n-e-2 <= 2 && (hasPrefixAt(raw, n, " J.") || hasPrefixAt(raw, n, " Jahre"))
}

// koreanGiven reports a Korean given name of two syllables of
// korean_syllables.txt joined by a hyphen ending at e ("Yeon-woo",
// "Ji-woo"; not "Jan-Ole").
func (d *personDetector) koreanGiven(low []byte, e int) bool {
	s := e
	for s > 0 && e-s <= 12 && (isLowerASCII(low[s-1]) || low[s-1] == '-') {
		s--
	}
	h := bytes.IndexByte(low[s:e], '-')
	if h < 1 || bytes.Count(low[s:e], []byte("-")) != 1 {
		return false
	}
	syl := d.lx.mustList("korean_syllables")
	return slices.Contains(syl, string(low[s:s+h])) && slices.Contains(syl, string(low[s+h+1:e]))
}

// householdAfter reports the rest of a household set off by a comma right
// after e: ", zwei Kinder", ", 2 Kinder", ", ein Sohn" ("Kontaktpersonen im
// Haushalt: Ehefrau Deepa, zwei Kinder").
func householdAfter(low []byte, e int) bool {
	if !hasPrefixAt(low, e, ", ") {
		return false
	}
	k := e + 2
	n := digitsAt(low, k)
	if n == k {
		for _, w := range []string{"ein ", "eine ", "zwei ", "drei ", "vier ", "fünf "} {
			if hasPrefixAt(low, k, w) {
				n = k + len(w) - 1
				break
			}
		}
	}
	if n == k || n >= len(low) || low[n] != ' ' {
		return false
	}
	we := wordEnd(low, n+1)
	switch string(low[n+1 : we]) {
	case "kind", "kinder", "sohn", "söhne", "tochter", "töchter", "enkel", "enkelkinder":
		return true
	}
	return false
}

// yearAfter reports a year (19xx, 20xx) as the next word after e.
func yearAfter(raw []byte, e int) bool {
	k := skipBlank(raw, e)
	return k > e && digitsAt(raw, k)-k == 4 && (raw[k] == '1' && raw[k+1] == '9' || raw[k] == '2' && raw[k+1] == '0') &&
		(k+4 >= len(raw) || !isLetter(raw[k+4]))
}

// initialWords stand before an initial and a surname in running text.
var initialWords = map[string]bool{"von": true, "an": true, "mit": true, "bei": true, "durch": true, "für": true,
	"per": true, "lt.": true, "laut": true, "gez.": true, "via": true, "by": true, "from": true, "to": true, "with": true, "cc": true}

// officeAfter reports ", " and an office or unit after e: "P. Grothues,
// Arbeitsvermittlung", "E. Lamprecht, Friedhofsverwaltung".
func officeAfter(raw, low []byte, e int) bool {
	if !hasPrefixAt(raw, e, ", ") || !isCap(raw, e+2) {
		return false
	}
	w := low[e+2 : wordEnd(raw, e+2)]
	if institutionLike(w) {
		return true
	}
	for _, suf := range [...]string{"vermittlung", "sachbearbeitung", "leitung", "beratung", "betreuung"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// signatureLine reports an initial and a surname [s, e) that fill their
// line under a paragraph's last sentence, at the text's end or before an
// empty line: the clerk's signature under a note ("… nicht vorgelegt.\nJ.
// Terhoeven").
func signatureLine(raw []byte, s, e int) bool {
	if !personLineEnd(raw, e) || s < 2 {
		return false
	}
	if n := skipBlank(raw, e); n < len(raw) && !(raw[n] == '\n' && (n+1 == len(raw) || raw[n+1] == '\n' || raw[n+1] == '\r')) {
		return false
	}
	p := s - 1 // the line break before the name
	for p > 0 && (raw[p-1] == ' ' || raw[p-1] == '\r') {
		p--
	}
	return p > 0 && (raw[p-1] == '.' || raw[p-1] == '!') && !(p > 1 && isDigit(raw[p-2]))
}

// initialCue reports a word of initialWords right before the initial at s,
// or "und"/"sowie" right after a name found before ("von H.-J. Krämer und
// H.-W. Kämpf").
func initialCue(raw, low []byte, s int, dst []Finding) bool {
	ps, pe := prevWord(raw, s)
	if pe != s-1 || raw[pe] != ' ' || pe <= ps || !isLowerASCII(raw[ps]) {
		return false
	}
	w := string(low[ps:pe])
	if w == "und" || w == "sowie" {
		n := len(dst)
		return n > 0 && dst[n-1].Type == "PERSON" && dst[n-1].End == ps-1
	}
	return initialWords[w]
}

// diagnosisLike reports words that end like a diagnosis (Bronchialkarzinom,
// Polyarthritis, Kardiomyopathie).
func diagnosisLike(w []byte) bool {
	for _, suf := range []string{"karzinom", "itis", "arthrose", "sklerose", "syndrom", "pathie", "ämie", "tumor", "infarkt"} {
		if len(w) > len(suf)+2 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// institutionLike reports compounds that name an office or a body
// (Straßenverkehrsamt, Ausländerbehörde, Zulassungsstelle) or a desk or a
// service of one (deskLike).
func institutionLike(w []byte) bool { return officeLike(w) || deskLike(w) }

// officeLike reports compounds that name an office or a body, which as a
// word before a name are a firm's too ("Architekturbüro Brandt").
func officeLike(w []byte) bool {
	for _, suf := range []string{"amt", "ämter", "behörde", "stelle", "verwaltung", "gericht", "ministerium", "kasse",
		"zentrum", "büro", "referat", "abteilung", "agentur", "direktion", "kammer", "präsidium", "dezernat",
		"bibliothek", "bücherei", "archiv", "sekretariat", "inspektion", "wache", "schule", "kita", "halle", "unterkunft",
		"aufsicht", "service", "zentrale", // Bauaufsicht, Bürgerservice, Telefonzentrale
		"betrieb", "verleih", "erei"} { // round 79: a trade's firm, "Steinmetzbetrieb Rohwer", "Bootsverleih Jansen", "Flößerei Seitner"
		if len(w) > len(suf)+2 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// deskLike reports compounds that name a desk or a service of an office, as
// a chat or a contact shows it after a given name or alone: "Steffi
// Innendienst:", "Servicedesk (Marvin):", "lena schulsozialarbeit:",
// "Pflegestützpunkt" (blind34 017/099/068/057). Before a name they are a
// unit's, no firm's: "Außendienst Ilyas" is Ilyas of the Außendienst.
func deskLike(w []byte) bool {
	for _, suf := range []string{"dienst", "desk", "arbeit", "stützpunkt"} {
		if len(w) > len(suf)+2 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

func surnameShape(w []byte) bool {
	for _, suf := range []string{"ović", "ević", "vić", "ić", "enko", "czyk", "wski", "wska", "nski", "nska", "cki", "cka", "oğlu", "oglu", "poulos", "opoulou", "idis", "akis", "escu", "owicz", "ewicz", "ov", "ova", "ev", "eva",
		"annis", "akos", "atos", "ikos", "chos", "idou", "iou"} { // Greek: Karagiannis, Vlachos, Georgiou
		if len(w) > len(suf)+2 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// dropZeroScores removes from dst[n0:] the findings a later rule set to
// score 0 (a name that gave way to a longer one).
func dropZeroScores(dst []Finding, n0 int) []Finding {
	out := dst[:n0]
	for _, g := range dst[n0:] {
		if g.Score > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	lowerCuesSlot       = newListSlot()
	relKeysSlot         = newListSlot()
	lowerIntrosSlot     = newListSlot()
	lowerGreetsSlot     = newListSlot()
	birthNameLabelsSlot = newListSlot()
)

// saintBefore reports "St.", "Sankt" or "Hl." right before the name at s:
// a saint a church, a parish or a place is named after.
func saintBefore(low []byte, s int) bool {
	return prevWordIs(low, s, "st.", "sankt", "hl.", "heiliger", "heilige", "heiligen")
}

// saintListBefore reports the second saint of a church's name: "und"
// before s and a saint's name before it ("St. Ulrich und Afra").
func saintListBefore(low []byte, s int) bool {
	if !hasSuffixAt(low, s, " und ") {
		return false
	}
	k := s - len(" und ")
	ps, pe := prevWord(low, k)
	return pe == k && pe > ps && saintBefore(low, ps)
}

// vehicleMakes are the makes of cars and vans whose models are given names
// too (Skoda Octavia, Renault Zoe, Opel Karl, Kia Ceed).
var vehicleMakes = map[string]bool{"skoda": true, "škoda": true, "renault": true, "vw": true, "volkswagen": true,
	"opel": true, "ford": true, "audi": true, "bmw": true, "mercedes": true, "mercedes-benz": true, "fiat": true,
	"seat": true, "cupra": true, "toyota": true, "nissan": true, "hyundai": true, "kia": true, "peugeot": true,
	"citroën": true, "citroen": true, "dacia": true, "mazda": true, "honda": true, "volvo": true, "tesla": true,
	"suzuki": true, "mitsubishi": true, "porsche": true, "smart": true, "mini": true, "alfa": true, "lancia": true}

// vehicleNouns name a vehicle right before its make and model ("PKW Ford
// Mustang").
var vehicleNouns = []string{"pkw", "lkw", "kfz", "fahrzeug", "fahrzeugs", "wagen", "auto", "transporter", "kombi", "suv"}

// spacedInitials moves the start of a name over an initial that OCR or a
// hasty hand wrote with a blank before its dot ("Unterschrift : A .
// Theisen", "E . Schwan" under a letter): a capital standing alone, " . ",
// then the name, as "A. Theisen" is taken whole.
func spacedInitials(raw []byte, fs []Finding) {
	for i := range fs {
		f := &fs[i]
		k := f.Start - len("A . ")
		if f.Type != "PERSON" || k < 0 || f.Start > len(raw) || !isUpper(raw[k]) || string(raw[k+1:f.Start]) != " . " {
			continue
		}
		if k > 0 && raw[k-1] != ' ' && raw[k-1] != '\n' && raw[k-1] != '\t' && raw[k-1] != ':' && raw[k-1] != '(' {
			continue // "NR . Schwan", "z.B . Müller": no initial standing alone
		}
		f.Start = k
	}
}

// dropVehicleModels removes from dst[n0:] the names that open with a
// vehicle's make right after a vehicle's word: "PKW Ford Mustang",
// "Fahrzeug Opel Corsa" are a make and its model, no one's name, whichever
// path took them.
func dropVehicleModels(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if f.Type == "PERSON" && f.End <= len(raw) {
			if e := wordEnd(raw, f.Start); e < f.End && vehicleMakes[string(low[f.Start:e])] && prevWordIs(low, f.Start, vehicleNouns...) {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// makeBefore reports a vehicle make right before s on its line ("Skoda
// Octavia Combi"): the words after it are a model, no one's name.
func makeBefore(low []byte, s int) bool {
	ps, pe := prevWord(low, s)
	return pe == s-1 && pe > ps && low[pe] == ' ' && vehicleMakes[string(low[ps:pe])]
}

// thingWord reports a header or label word that names a thing, not a
// person: a noun of an ending only nouns of things have (Tätigkeit,
// Bemerkung, Besonderheiten, Warengruppe), and no word of a name, title,
// role or relation list.
func (d *personDetector) thingWord(w []byte) bool {
	if len(w) < 4 || d.lx.flags(w)&(wFirst|wLast|wTitle|wSalutation|wRelation|wLabel) != 0 {
		return false
	}
	if strongNoun(w) {
		return true
	}
	for _, suf := range []string{"heiten", "keiten", "gruppe", "gruppen", "bereich", "bereiche"} {
		if bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// thingColumn reports a table cell [s, e) whose column's header names a
// thing ("| Besonderheiten |", "| Warengruppe |"): its "X, Y" is two
// words of a list, not "Nachname, Vorname".
func (d *personDetector) thingColumn(t *Text, s, e int) bool {
	hs, he, ok := columnHeader(t.Raw, s, e)
	if !ok {
		return false
	}
	low := t.Lower()
	for he > hs && (low[he-1] == ' ' || low[he-1] == '\r') {
		he--
	}
	ws := he
	for ws > hs && (isLetter(low[ws-1]) || low[ws-1] >= 0x80) {
		ws--
	}
	return ws < he && fieldClass(low[hs:he]) != keyPerson && d.thingWord(low[ws:he])
}
