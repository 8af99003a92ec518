package detectors

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"
)

// SPECIAL_CATEGORY: DSGVO Art. 9 data stated about a person. Phrases come
// from lexicons/special_*.txt (health, disability, pregnancy, addiction,
// sick leave, religion, ethnicity, political activity, union membership,
// sexual orientation, genetic and biometric data); each phrase is a span of
// its own. A phrase counts only when its sentence is about a person (a word
// of special_context.txt, Herr/Frau, or a known name) and is not general
// (special_general.txt: campaigns, statistics, the Gesundheitsamt). ICD-10
// codes (J45.9, F32.1 G) count near medical words. Religion abbreviations
// (rk, ev) count near payroll words.
//
// A phrase grows over qualifiers before it (special_qualifiers.txt:
// "rezidivierende depressive", "schiitischer Muslim") and over one head noun
// after it (special_heads.txt: "depressive Störung"). A phrase used as a
// form label ("Schwerbehinderung: nein") is not the datum. Phrases may name
// a list of organisations: "{union}" stands for every entry of
// special_org_union.txt, "{party}" for special_org_party.txt.
type specialDetector struct {
	lx         *Lexicons
	phrases    []specialPhrase
	byText     map[string][]int // phrase text → indices into phrases
	always     []int            // phrases too short for EachKeywordHit
	payroll    []string
	payrollCtx []string // payroll_context.txt, looked up once: a lookup per scan read a cold map (perf40c)
	general    []generalWord
	percent    int      // the index of "%" in general, or -1
	terms      []string // special_terms.txt: names of benefits and documents
	dues       []string // special_union_dues.txt: payroll lines of union dues
	unions     []string // special_org_union.txt
	parties    []string // special_org_party.txt
	context    map[string]bool
	qualifiers map[string]bool
	heads      map[string]bool
	things     []string        // special_things.txt: nouns of things a belief word may describe
	programmes map[string]bool // special_programmes.txt: benefits named after a condition, no datum in a heading
}

// generalWord is an entry of special_general.txt: a whole word or a prefix;
// a weak word does not make a sentence that names a person general.
type generalWord struct {
	w      string
	prefix bool
	weak   bool
}

type specialPhrase struct {
	text   string // folded, without the " #"
	number bool   // a number follows and belongs to the span
	// mark: a Merkzeichen of a Schwerbehindertenausweis ("Merkzeichen G"),
	// which like a GdB is someone's unless the sentence is general
	mark  bool
	whole bool // must match as a whole word (short phrases)
	// religion: a word of special_religion.txt, which a copula states of
	// the person who is its clause's subject ("Beide sind evangelisch")
	religion bool
	// narrow: the person must be named in the phrase's own sentence.
	// Biometric words (Fingerabdruck, Gesichtsbild) are as often about
	// certificates, keys and photos of things as about people.
	narrow bool
	// suffix: the phrase may end a hyphenated compound ("*-op": Knie-OP,
	// Bandscheiben-OP); the span starts at the compound's start. Only a
	// phrase that starts with punctuation can be a suffix: the prefilter
	// reports letter keywords at word starts only.
	suffix bool
	// belief: a religion or ethnicity word, which may also name what a
	// thing is ("muslimisches Gräberfeld", "Türkisch-Islamischer Kulturverein").
	belief bool
	// political: a phrase of special_political.txt, which may end in the
	// acronym of the party it names ("Mitglied der HDP-Nachfolgepartei DEM").
	political bool
	// terms: the terms of special_terms.txt that hold the phrase, with the
	// place of its first occurrence in them
	terms []phraseTerm
	// tail: the phrase ends in an opening quote and a group's quoted name
	// follows, then this tail, which closes the quote ("mitglied der
	// partei „*“", "anhänger der „*“-szene": see quotedGroup)
	tail string
}

type phraseTerm struct {
	term string
	k    int
}

var _ Detector = (*specialDetector)(nil)

var specialFiles = []string{"special_health", "special_disability", "special_pregnancy", "special_addiction",
	"special_sickleave", "special_religion", "special_ethnicity", "special_political", "special_union",
	"special_sexual", "special_biometric"}

// NewSpecialCategory returns the SPECIAL_CATEGORY detector.
func NewSpecialCategory() Detector { return newSpecial(DefaultLexicons()) }

func (d *specialDetector) withLexicons(lx *Lexicons) Detector { return newSpecial(lx) }

func newSpecial(lx *Lexicons) *specialDetector {
	d := &specialDetector{lx: lx, context: map[string]bool{}}
	seen := map[string]bool{}
	for _, f := range specialFiles {
		for _, p := range expandOrgs(lx, lx.mustList(f)) {
			sp := specialPhrase{text: p, narrow: f == "special_biometric",
				belief: f == "special_religion" || f == "special_ethnicity", political: f == "special_political",
				religion: f == "special_religion"}
			if strings.HasPrefix(p, "*") {
				sp.text, sp.suffix = p[1:], true
			} else if k := strings.IndexByte(p, '*'); k > 0 {
				sp.text, sp.tail = p[:k], p[k+1:] // a quoted name at '*'
			}
			if strings.HasSuffix(p, " #") {
				sp.text, sp.number = strings.TrimSuffix(p, " #"), true
			}
			sp.whole = len(sp.text) <= 4
			sp.mark = strings.HasPrefix(sp.text, "merkzeichen ")
			if strings.HasSuffix(p, " =") { // a whole word only: "krank", not "kranken"
				sp.text, sp.whole = strings.TrimSuffix(p, " ="), true
			}
			key := sp.text
			if sp.number {
				key += " #"
			}
			if sp.suffix {
				key = "*" + key
			}
			if sp.tail != "" {
				key += "*" + sp.tail
			}
			if !seen[key] {
				seen[key] = true
				d.phrases = append(d.phrases, sp)
			}
		}
	}
	// longest phrases first, so that "schwerbehinderten Menschen gleichgestellt"
	// wins over "schwerbehindert" at the same place
	slices.SortStableFunc(d.phrases, func(a, b specialPhrase) int { return len(b.text) - len(a.text) })
	d.byText = make(map[string][]int, len(d.phrases))
	for i, p := range d.phrases {
		if len(p.text) < 2 {
			d.always = append(d.always, i)
		}
		d.byText[p.text] = append(d.byText[p.text], i)
	}
	d.payroll = lx.mustList("special_religion_payroll")
	d.payrollCtx = lx.mustList("payroll_context")
	for _, g := range lx.mustList("special_general") {
		gw := generalWord{weak: strings.HasSuffix(g, "~")}
		g = strings.TrimSuffix(g, "~")
		gw.prefix = strings.HasSuffix(g, "*")
		gw.w = strings.TrimSuffix(g, "*")
		d.general = append(d.general, gw)
	}
	d.percent = slices.IndexFunc(d.general, func(g generalWord) bool { return g.w == "%" })
	d.terms = lx.mustList("special_terms")
	for i := range d.phrases {
		for _, term := range d.terms {
			if k := strings.Index(term, d.phrases[i].text); k >= 0 {
				d.phrases[i].terms = append(d.phrases[i].terms, phraseTerm{term, k})
			}
		}
	}
	d.dues = lx.mustList("special_union_dues")
	d.unions = lx.mustList("special_org_union")
	d.parties = lx.mustList("special_org_party")
	for _, w := range lx.mustList("special_context") {
		d.context[w] = true
	}
	d.qualifiers, d.heads = map[string]bool{}, map[string]bool{}
	for _, w := range lx.mustList("special_qualifiers") {
		d.qualifiers[w] = true
	}
	for _, w := range lx.mustList("special_heads") {
		d.heads[w] = true
	}
	d.things = lx.mustList("special_things")
	d.programmes = map[string]bool{}
	for _, w := range lx.mustList("special_programmes") {
		d.programmes[w] = true
	}
	return d
}

// orgLists are the placeholders a phrase may use and the lists they stand for.
var orgLists = [][2]string{{"{union}", "special_org_union"}, {"{party}", "special_org_party"}}

// expandOrgs replaces each phrase with a placeholder by one phrase per
// organisation of its list.
func expandOrgs(lx *Lexicons, phrases []string) []string {
	out := make([]string, 0, len(phrases))
	for _, p := range phrases {
		expanded := false
		for _, o := range orgLists {
			if strings.Contains(p, o[0]) {
				for _, org := range lx.mustList(o[1]) {
					out = append(out, strings.ReplaceAll(p, o[0], org))
				}
				expanded = true
				break
			}
		}
		if !expanded {
			out = append(out, p)
		}
	}
	return out
}

func (d *specialDetector) Type() string { return "SPECIAL_CATEGORY" }

// medicalWords open the search for ICD-10 codes.
var medicalWords = []string{"icd", "diagnose", "befund", "arbeitsunfähig", "au-besch", "attest", "ärztlich",
	"arzt", "klinik", "erkrank", "therapie", "behandlung", "krankenhaus", "dg:", "diag.", "entlassungsbericht",
	"diagnosis", "patient"}

func (d *specialDetector) Keywords() []string {
	kws := make([]string, 0, len(d.phrases)+len(medicalWords)+8)
	seen := map[string]bool{}
	for _, p := range d.phrases {
		if !seen[p.text] {
			seen[p.text] = true
			kws = append(kws, p.text)
		}
	}
	kws = append(kws, DigitKeywords...) // ICD-10 codes start from digit runs
	// an injury compound starts the detector in a text with no other health
	// word ("am Lenkrad verletzt (Daumenprellung rechts)"); scan then reads
	// the text's capitals (suffixTerms)
	for _, w := range sortedKeys(injuryKeywords) {
		if !seen[w] {
			seen[w] = true
			kws = append(kws, w)
		}
	}
	for _, w := range healthCues {
		if !seen[w] {
			seen[w] = true
			kws = append(kws, w)
		}
	}
	// the keys of a pupil's Förderschwerpunkt start it too: its values (Lernen, Sprache) are no phrases
	for _, w := range slices.Concat(d.lx.mustList("payroll_context"), d.dues, sickNoteKeys, []string{"gewerkschaft", "förderschwerpunkt", "foerderschwerpunkt", "förderbedarf", "foerderbedarf"}) {
		if !seen[w] {
			seen[w] = true
			kws = append(kws, w)
		}
	}
	return kws
}

// candidates are the indices of the phrases that occur in t, longest first
// (the order of d.phrases). On a Text prepared by an Engine they come from
// the prefilter's hits, so a scan does not look up hundreds of phrases that
// are not there.
func (d *specialDetector) candidates(t *Text, buf []int) []int {
	if t.pf == nil || !t.seenDone {
		for i := range d.phrases {
			buf = append(buf, i)
		}
		return buf
	}
	buf = append(buf, d.always...)
	t.EachKeywordHit(func(kw string, _ []int) {
		buf = append(buf, d.byText[kw]...)
	})
	slices.Sort(buf)
	return slices.Compact(buf)
}

func (d *specialDetector) Scan(t *Text, dst []Finding) []Finding {
	n0 := len(dst)
	dst = d.scan(t, dst)
	return d.brokenLinePhrases(t, dst, n0)
}

// brokenLinePhrases finds the phrases a PDF's or an OCR's hyphenation breaks
// inside a word over two lines ("posttraumatischen Belas-\ntungsstörung",
// "Hüft-\noperation", "Arthrose bei-\nderseits", "krankgeschrie-\n   ben"):
// where a word ends in a hyphen at a line's end and the next line goes on in
// lower case, the text is read again with the hyphen, the line break and the
// indent taken out (joinLines), and a phrase found there across such a joint
// replaces the phrases found in its raw span. A hyphen before a capital ("Knie-
// \nOP") is a compound's own and stays, as on one line.
func (d *specialDetector) brokenLinePhrases(t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	jt, js := joinLines(t, func(ws, p, k int) (int, bool) {
		return p, !isCap(raw, k) && !isDigit(raw[k])
	})
	if jt == nil {
		return dst
	}
	return js.replace(dst, n0, "SPECIAL_CATEGORY", d.scan(jt, nil))
}

// scan finds the phrases in t (Scan without brokenLinePhrases).
func (d *specialDetector) scan(t *Text, dst []Finding) []Finding {
	raw, low := t.Raw, t.Lower()
	n0 := len(dst)
	var buf [64]int
	var pending [][2]int // phrases of general-free sentences that name no person
	var ix specialIndex  // built once the text has many mentions
	phrase := false      // a phrase of the lexicons occurs as a word
	for _, pi := range d.candidates(t, buf[:0]) {
		p := d.phrases[pi]
		for _, h := range t.Hits(p.text) {
			e := h + len(p.text)
			if !isWordStartAt(raw, h) {
				if !p.suffix {
					continue
				}
				if h = compoundStart(raw, h); h < 0 {
					continue
				}
			}
			if h > 0 && (raw[h-1] == '/' || raw[h-1] == '.') && urlPath(raw, h) {
				continue // "www.bochum.de/masern": a word of a web address
			}
			if p.tail != "" {
				ext, ok := quotedGroup(raw, low, e, p.tail)
				if !ok {
					continue
				}
				e = ext // "Mitglied der Partei „Partij voor de Dieren“"
			} else if p.whole || p.number || p.text[len(p.text)-1] == '.' {
				if p.whole && e < len(raw) && raw[e] == '-' && strings.IndexByte(p.text[1:], '-') > 0 {
					continue // a hyphenated whole word is one of its own: "Magen-Darm", not "Magen-Darm-Beschwerden"
				}
				if !wordBoundaryAfter(raw, e) && !(e < len(raw) && raw[e] == '-' && !p.number) {
					continue
				}
			} else if ext, ok := inflection(raw, low, e); ok {
				e = ext
			} else if ext, ok := diseaseTail(raw, low, e); ok {
				e = ext // "Brustkrebserkrankung": the phrase and the word for its illness
			} else {
				continue // a different compound (Schwerbehindertenvertretung)
			}
			if e+2 < len(raw) && raw[e] == '-' && raw[e+1] == '\n' && isLowerASCII(raw[e+2]) {
				// a word hyphenated at a line break, as PDF text keeps it: the
				// same tests as for the word on one line
				if ext, ok := diseaseTail(raw, low, e+2); ok {
					e = ext // "Krebs-\nerkrankung"
				} else if ext, ok := inflection(raw, low, e+2); ok && ext > e+2 {
					e = ext
				} else {
					continue // "Krebs-\nberatungsstelle"
				}
			}
			phrase = true
			if hasPrefixAt(low, e, " republik") || hasPrefixAt(low, e, " staat") {
				continue // "Islamische Republik Afghanistan" names a state
			}
			sits := strings.Contains(p.text, "rollstuhl") && strings.Contains(p.text, "sitz") // "sitzt im Rollstuhl"
			if (strings.HasSuffix(p.text, "angewiesen") || p.text == "rollstuhl" || sits) && d.groupClause(raw, low, h, e) ||
				(sits || p.text == "rollstuhl") && anyoneSits(low, h, e, sits) {
				continue // "Besucher, die auf einen Rollator angewiesen sind", "Wer auf den Rollstuhl angewiesen ist", "Im Rollstuhl sitzt man …": a group, no one's datum
			}
			if strings.HasPrefix(p.text, "vorstand der ") && (!hasSuffixAt(low, h, "im ") || !memberClause(low, h, e)) {
				// "Der Vorstand der Kirchengemeinde hat … beantragt": the board, not a member of it;
				// "stellt den Bauantrag im Vorstand der Moscheegemeinde vor": business with it
				continue
			}
			if strings.HasPrefix(p.text, "engagement in ") && !possessiveBefore(low, h) {
				continue // "dankt für das Engagement in der Kirchengemeinde": the community's, not a person's
			}
			if strings.HasSuffix(p.text, "bescheinigung") && notPresented(raw, low, e) {
				continue // "Eine Arbeitsunfähigkeitsbescheinigung konnte er nicht vorlegen": no certificate, no datum it states
			}
			if p.text == "rollstuhl" && usableWith(low, e) {
				continue // "Wohnungen, die mit dem Rollstuhl nutzbar sind": a building's standard
			}
			if strings.HasPrefix(p.text, "fingerabdr") && idDocumentSentence(raw, low, h, e) {
				continue // "Termin zur Abnahme der Fingerabdrücke", "im Chip gespeichert": every applicant's procedure for an ID document, no datum
			}
			if p.text == "beinbruch" && (hasSuffixAt(low, h, "hals- und ") || hasSuffixAt(low, h, "hals-und-")) {
				continue // "Hals- und Beinbruch!": a wish of good luck, no one's broken leg
			}
			if hasPrefixAt(low, e, " ritus") && d.riteOffered(raw, low, h, e) {
				continue // "Bestattung nach islamischem Ritus im Grabfeld 14 möglich": what a cemetery offers, no one's faith
			}
			if p.text == "behinderung" && trafficObstruction(low, h, e) {
				continue // "Parken auf einem Gehweg mit Behinderung", "Behinderung des Verkehrs": an obstruction, no one's disability
			}
			if p.text == "lithium" && !medicationClause(raw, low, h, e) {
				continue // "Lithium-Ionen-Akkus", "der Lithiumpreis": a metal, not a drug
			}
			if p.text == "covid" && hasSuffixAt(low, h, "long ") {
				continue // "über Long Covid informieren": the phrase "long covid" decides
			}
			if p.text == "sick" && !sickState(raw, low, h, e) {
				continue // "sick of the noise", "sick jokes": no illness
			}
			if (strings.HasSuffix(p.text, " member") || strings.HasSuffix(p.text, " membership")) && memberNoun(low, e) && !namesPossessive(low, h) ||
				p.text == "union membership" && !possessiveEnglish(low, h) && !titledOwnerAfter(low, e) {
				continue // "our IG Metall member survey", "union membership fees", "Union membership in Germany fell": no one's membership
			}
			if englishGroup(low, h, e) {
				continue // "visitors with a hearing impairment", "hearing loss prevention": a group, a programme
			}
			if d.surnameAfterSalutation(raw, low, h) {
				continue // "Frau Parkinson", "Herr Alzheimer": a surname, which PERSON takes
			}
			if groupBefore(raw, low, h, e) && !d.namesAfter(raw, low, wordEnd(raw, e+1)) && !d.namesBefore(raw, low, h) &&
				!(countBefore(raw, h) && d.namesInSentence(raw, low, h)) {
				continue // "ob ungeimpfte Mitarbeiter ins Büro dürfen": a group, no one's datum
			}
			if englishModifier(low, e) && (!englishOwner(low, h) || englishWork(low, h, e)) {
				continue // "the migraine study", "a diabetes clinic": a study's or a clinic's name, no one's datum
			}
			if strings.Contains(p.text, "blutung") && firstAid(low, e) {
				continue // "lernen, starke Blutungen zu stillen": a first-aid task, no one's bleeding
			}
			if p.text == "psychotisch" && d.slangState(raw, low, h) {
				continue // "der Verkehr war echt psychotisch", "das ist doch psychotisch": slang about a thing
			}
			if p.text == "krank" && staffAtLarge(raw, low, h) {
				continue // "es sei Personal krank", "viel Pflegepersonal ist krank": the staff at large, no one's state
			}
			if documentTopic(low, h) {
				continue // "einen Aushang zu Scharlach gemacht", "Merkblatt über Kopfläuse": what a notice is about, no one's datum
			}
			if d.thingsPart(raw, low, e) || metaphorStates[p.text] && d.thingState(raw, low, h, e) {
				continue // "Probleme mit dem Rücken des Gebäudes": a part of a thing, not of a body
			}
			if p.text == "amputiert" {
				if h = bodySiteLeft(low, h); h < 0 {
					continue // "amputiert" needs its site: "am rechten Bein amputiert"
				}
			}
			if p.text == "operiert" && !passive(raw, low, h, e) {
				continue // "die Firma operiert weltweit": only "wird/wurde … operiert" is surgery
			}
			if p.text == "in der gewerkschaft" {
				// the generic word needs its verb: "sind Reiter und die Vasquez in der
				// Gewerkschaft", "die in der Gewerkschaft sind"; the span is the union
				// word, as the sets label it ("in der {Gewerkschaft}")
				if !beingBefore(raw, low, h, e) && !(e < len(raw) && raw[e] == ' ' && beingAfter(raw, low, e)) {
					continue
				}
				h += len("in der ")
			} else if p.whole && strings.HasPrefix(p.text, "bei ") {
				if !beingAt(raw, low, h, e) {
					continue // "Termin bei ver.di", "Mitglied bei ver.di" (its own phrase)
				}
				h += len("bei ")
				if hasPrefixAt(low, h, "der ") {
					h += len("der ")
				}
			} else if p.whole && strings.HasPrefix(p.text, "in der ") && !beingAfter(raw, low, e) && !beingBefore(raw, low, h, e) {
				continue // "in der ver.di wird verhandelt": only "die in der komba ist" is membership
			}
			if p.political && strings.Contains(p.text, "kandid") && publicCandidacy(low) {
				continue // "Pressemitteilung: Bürgermeister Kuhn kandidiert für den Kreistag": a public candidacy, no private person's opinion (TAXONOMY)
			}
			if p.text == "beschäftigungsverbot" && !pregnancyBan(low, h, e) {
				continue // "während der Schwangerschaft" after it, or a ban under asylum law
			}
			if p.text == "ungeimpft" && animalLine(t, h) {
				continue // "Fundhund Bello, Impfstatus: ungeimpft": an animal's
			}
			if p.text == "kurzzeitpflege" && careService(low, h, e) {
				continue // "Herr Kaya leitet die Kurzzeitpflege", "Kosten der Kurzzeitpflege nach § 42 SGB XI"
			}
			if p.text != "ungeimpft" && vaccination(t, h, e) {
				continue // "Impfstatus: Masern 2×", "gegen Masern geimpft"
			}
			if p.whole && allCaps(raw[h:e]) && d.rankOfName(raw, low, h, e) {
				continue // KHK Markus Reinfrank, "Reinfrank, KHK": a police rank
			}
			if p.belief && (d.ofThing(raw, low, e) || foreignStreet(raw, low, h) || documentAside(raw, low, h) || languageNamed(raw, low, h, e)) {
				continue // "ein muslimisches Gräberfeld", "Via Roma 118", "Dolmetscherin (Kurdisch/Türkisch)"
			}
			s := h
			if p.number {
				ne, ok := numberTail(raw, low, e)
				if !ok || countTable(raw, ne) || p.text == "pg" && !careGrade(raw, low, h, e, ne) {
					continue
				}
				e = ne
			} else {
				if isFormLabel(raw, low, h, e) {
					continue
				}
				s, e = d.extendLeft(raw, low, h), d.extendRight(raw, low, e)
				s = statusLeft(low, s)
				s = settingLeft(low, s)
				if p.text == "abstinent" {
					s = sinceLeft(raw, low, s)
				}
				if p.text == "rollstuhl" {
					s = sittingLeft(low, s) // "sitze seit einem Unfall im Rollstuhl"
				}
				s0 := s
				s = ordinalLeft(raw, low, s, p.text)
				if p.text == "schwangerschaft" || p.text == "schwanger" && s == s0 {
					e = ordinalRight(low, e) // "Schwangerschaft, 7. Monat", "schwanger, 5. Monat" (not "im 7. Monat schwanger, 2. Kind")
				}
				if p.belief {
					if strings.HasSuffix(p.text, "zugehörigkeit") && valueAfterLabel(raw, e) {
						continue // "Volkszugehörigkeit Hazara": the label of the value after it
					}
					s = belongingLeft(low, s)
					if p.text == "herkunft" || p.text == "abstammung" {
						if a := originAdjective(raw, low, s); a >= 0 {
							s = a // "ukrainischer Herkunft", "polnischer Abstammung": the people is part of the datum
						} else if p.text == "herkunft" {
							continue // "die Herkunft der Daten": an origin of anything
						}
					}
				}
				pe := e
				if s1, e1 := hyphenWord(raw, s, e); s1 < s {
					// "fortgeschrittene Parkinson-Erkrankung" found at its last part: the
					// qualifiers before the whole compound belong to it too
					s, e = d.extendLeft(raw, low, s1), e1
				} else {
					s, e = s1, e1
				}
				if p.political {
					e = acronymTail(raw, e)
					e = quotedNameTail(raw, e)
					if strings.Contains(p.text, "ortsver") {
						e = branchPlaceTail(raw, e)
					} else if d.endsInParty(p.text) {
						e = d.groupTownTail(raw, low, e)
					}
				}
				if strings.HasSuffix(p.text, "der gewerkschaft") && e+1 < len(raw) && raw[e] == ' ' {
					if n := d.unionAt(raw, low, e+1); n > 0 {
						e += 1 + n // "Mitglied der Gewerkschaft IG BAU": the union named after it
					}
				}
				if e > pe && eventHead(compoundHead(low, pe, e)) || e == pe && truncatedBodyAfter(low, e) {
					continue // "Mukoviszidose-Elterntag", "Diabetes-Infoabend": an event about it, no one's datum
				}
				if e > pe {
					switch head := compoundHead(low, pe, e); head {
					case "klinik", "kliniken", "zentrum", "einrichtung", "ambulanz", "station", "praxis", "praxen":
						continue // "Reha-Klinik", "Diabetes-Zentrum", "Krankengymnastik-Praxis": a place, not a datum
					case "diagnose", "diagnosen", "verdacht", "spray", "tabletten", "tablette", "saft", "tropfen", "kapseln":
						e -= len(head) + 1 // "ADHS-Diagnose", "PTBS-Verdacht", "Salbutamol-Spray": the diagnosis is ADHS, PTBS, the drug Salbutamol
					case "rampe", "rampen", "zugang", "toilette", "toiletten", "wc", "parkplatz", "parkplätze", "stellplatz",
						"stellplätze", "aufzug", "lift", "tür", "türen", "eingang", "dusche", "taxi", "stellfläche", "verleih",
						"abstellraum", "lager", "schild", "symbol", "piktogramm", "platz", "plätze", "bett", "betten":
						continue // "Rollstuhl-Rampe", "Rollstuhl-WC": a part of a building or a thing for the aid, no one's datum
					case "entlassungsbericht", "bericht", "gutachten", "gefährdungsbeurteilung":
						continue // "Reha-Entlassungsbericht", "Mutterschutz-Gefährdungsbeurteilung": a document's name, its content is the datum
					case "app", "apps", "software", "firmware", "update", "updates", "schnittstelle", "treiber", "hersteller",
						"modell", "modelle", "katalog", "ausschreibung", "angebot", "angebote", "lieferant", "wartung", "zubehör",
						"ersatzteil", "ersatzteile", "datenblatt", "handbuch":
						if !d.userInClause(raw, low, s, e) {
							continue // "Insulinpumpe-App", "Hörgerät-Hersteller": a product, its software or trade, no one's datum
						}
					}
				}
				if (p.text == "physiotherapie" || p.text == "ergotherapie") && reasonInItem(low, e) {
					continue // "Physiotherapie wegen Lumboischialgie", "Physiotherapie, 6 x KG wegen …": the reason is the datum
				}
				if (p.text == "physiotherapie" || p.text == "ergotherapie") && practiceName(raw, low, e) {
					continue // "Physiotherapie am Markt | 214,00 €", "Rechnung Physiotherapie Bergmann, 6× KG": the practice, its treatment is the datum
				}
				if s >= len("für ") && string(low[s-len("für "):s]) == "für " && p.text != "insulin" {
					continue // "Yoga für Schwangere", "für Diabetiker": a group of people ("Kühlschrank für Insulin" is a drug's purpose)
				}
				if s >= len("leben mit ") && string(low[s-len("leben mit "):s]) == "leben mit " {
					continue // „Leben mit Diabetes“, "Leben mit Demenz – ein Kurs": a title or a group's name
				}
				if strings.HasPrefix(p.text, "mutterschutz") && (hasSuffixAt(low, s, "nach dem ") || hasSuffixAt(low, s, "anschluss an den ") ||
					hasSuffixAt(low, s, "ende des ")) {
					continue // "Ich möchte im Anschluss an den Mutterschutz Elternzeit nehmen": the point where the leave starts
				}
				if topicSubject(raw, low, h, e) {
					continue // "Betreff: Kündigung trotz Schwerbehinderung?": the mail's topic, no one named in it
				}
				if p.text == "krankmeldung" && bareSubject(raw, low, h, e) {
					continue // "Betreff: AW: Krankmeldung": the mail's topic ("Betreff: Krankmeldung Kowalczyk" stays)
				}
				if d.programmes[p.text] && headingLine(raw, low, h) {
					continue // "Gesamtplankonferenz – Eingliederungshilfe": the programme or office
				}
				if d.programmes[p.text] && prevWordIs(low, s, "der", "den", "dem", "des", "die") && !clauseSubject(raw, low, s) &&
					!d.namedInSentence(raw, low, s, e) && !namesPerson(raw, low, paragraphStart(raw, s, 200), s) {
					continue // "ob der Kirchenaustritt rückwirkend gilt": the procedure, no one's
				}
				if s >= len("bei ") && string(low[s-len("bei "):s]) == "bei " && titleEnd(raw, e) {
					continue // „Yoga bei Rückenschmerzen“, "Gesund essen bei Diabetes – 100 Rezepte"
				}
				if (p.text == "trocken" || p.text == "wieder trocken") && !addictionNear(low, s, e) {
					continue // "Der Keller ist wieder trocken": no one's sobriety
				}
				if (p.text == "halal" || p.text == "koscher") && (e < len(raw) && raw[e] == '-' || !eatsAs(low, s) && !inNameTable(t, s)) {
					continue // "wir achten auf halal", "halal-zertifizierte Speisen": an offer, no one's diet
				}
				if ownAidWords[p.text] && !ownAid(low, s) {
					continue // "Empfehlungen: Rollator", "Nutzung durch Menschen mit Rollator": no one's own
				}
				if p.text == "selbsthilfegruppe" && !attended(low, s, e) {
					continue // "Die Stadt unterstützt die Selbsthilfegruppe Prostatakrebs": the group, no one's
				}
				if strings.HasSuffix(p.text, "beratung") && !ownCounselling(low, s, e) {
					continue // "die Suchtberatung der Caritas aufsuchen", "Gespräche Drogenberatung": the service
				}
				if p.text == "erkrankt" && diseaseBefore(low, s) {
					continue // "an Tuberkulose erkrankt": the disease is the datum
				}
				if strings.HasPrefix(p.text, "mehrbedarf") && (hasPrefixAt(low, e, " wegen ") || hasPrefixAt(low, e, " bei ") || hasPrefixAt(low, e, " nach §") && reasonLater(raw, low, e)) {
					continue // "Mehrbedarf für kostenaufwändige Ernährung wegen Diabetes", "… bei Niereninsuffizienz": the reason is the datum
				}
				if (strings.HasPrefix(p.text, "stationär") || strings.HasPrefix(p.text, "psychologisch")) && strings.HasSuffix(p.text, "behandlung") &&
					hasPrefixAt(low, e, " wegen ") {
					continue // "die stationäre Behandlung wegen Leberzirrhose", "in psychologischer Behandlung wegen einer PTBS": the reason is the datum
				}
				if strings.HasPrefix(p.text, "feststellung") && (hasPrefixAt(low, e, " von ") || e+1 < len(low) && low[e] == ' ' && isDigit(low[e+1])) {
					continue // "Feststellung eines GdB von 50": the degree is the datum
				}
				if strings.HasPrefix(p.text, "feststellung") && hasSuffixAt(low, s, "antrag auf ") {
					s -= len("antrag auf ") // "Antrag auf Feststellung eines GdB": the application is the datum
				}
				if layInjury[p.text] && injuryLesson(low, s) && !d.namedInSentence(raw, low, s, e) {
					continue // "Erste Hilfe: Bei einer Verbrennung an der Hand kühlen Sie …": a case taught, no one's injury
				}
				if layInjury[p.text] {
					site := bodySiteTail(low, degreeTail(low, e)) // "blaue Flecken am Oberarm": the lay word needs its site
					if site == e && siteInjury[p.text] || site > e && d.thingsPart(raw, low, site) {
						continue // "blaue Flecken am Lack", "Striemen auf der Tür", "Bruch des Vertrags", "Bruch am Rücken des Buchs": a thing's, not a body's
					}
					e = site
				}
				if strings.HasSuffix(p.text, "aufnahme") && notPatientAdmission(low, e) {
					continue // "stationäre Aufnahme von 120 Geflüchteten", "… in eine Wohngruppe": no hospital
				}
				if strings.HasPrefix(p.text, "merkzeichen") || strings.HasPrefix(p.text, "schwerbehindertenausweis mit") {
					e = merkzeichenList(raw, e)
				}
				if s < h && deadline(raw, low, s) {
					continue // "bis zur 20. SSW": a time limit, not her week
				}
			}
			if p.text == "erkrankung" && p.whole && (hasPrefixAt(raw, e, " (") || labelAfter(raw, e)) {
				// "wegen meiner Erkrankung (Niereninsuffizienz, Dialyse)", "Erkrankung des
				// Kindes Lina: Keuchhusten": the bracket or the label's value names the datum
				continue
			}
			if p.text == "hamburger modell" && modelOfReturn(low, s) {
				continue // "Wiedereingliederung (Hamburger Modell)": the model of the datum just found, not another
			}
			if p.belief && d.institutionUse(raw, low, s, e) {
				continue // "Die Moscheegemeinde lädt zum Tag der offenen Tür", "während des Ramadan": an institution or event
			}
			if covered(dst[n0:], h) || inTerm(low, h, &p) || department(raw, low, s, e) || conditional(raw, low, s) || yesNoQuestion(raw, low, s, e) ||
				quotedFieldName(raw, low, s, e) || countColumnHeader(raw, s, e) {
				continue
			}
			if associationAfter(low, e) || procurement(low, s, e) || d.deviceProduct(raw, low, s, e) {
				continue // "Der Mukoviszidose e.V. lädt ein", "bestellt Disulfiram 250 mg, 10 Packungen": an association, an order
			}
			if negated(raw, low, s) || prognosisDenied(low, e) {
				continue // "Kein Hinweis auf Suizidalität", "Eine vorzeitige Dienstunfähigkeit ist nicht … anzunehmen": a finding ruled out, no one's datum
			}
			if thingQuestion(raw, low, s, e) && !d.namedInSentence(raw, low, s, e) {
				continue // "Ist das Insulin im Kühlschrank?": where a thing is, no one's datum
			}
			if (p.political || strings.HasSuffix(p.text, "mitgliedschaft")) && prevWordIs(low, s, "kein", "keine", "keiner", "keinen", "keinem") &&
				!d.namedInSentence(raw, low, s, e) {
				continue // "Frage nach Mitgliedschaften: …, keine Parteimitgliedschaft": a membership ruled out (a named person's stays)
			}
			if !p.number && d.serviceSentence(raw, low, s, e) {
				continue // "Die Suchtberatung vermittelt Betroffene in eine Entwöhnungstherapie": a service, no one's datum
			}
			if p.religion && religionLessonAfter(low, e) {
				continue // "attend Catholic religious education", "zum evangelischen Religionsunterricht": the school subject, no one's faith
			}
			if p.religion && d.beliefPredicate(raw, low, s, e) {
				// "Beide sind evangelisch und in der Kirchengemeinde aktiv": the
				// copula states it of its person, whatever general word is near
			} else if ok, general := d.aboutPerson(&ix, t, s, e, p.number || p.mark, p.narrow); !ok && !d.personsPossessive(raw, low, s) {
				if !general && !p.narrow && len(pending) < 16 {
					pending = append(pending, [2]int{s, e})
				}
				continue
			}
			dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: s, End: e, Score: 0.8})
		}
	}
	if phrase || injuryWordHit(t) || healthCueHit(t) {
		// a text with no phrase of the lexicons, no injury compound and no
		// word of treatment or suffering is no text about anyone's health:
		// the words of its capitals are not looked at (their cost on all text)
		dst, pending = d.suffixTerms(&ix, t, dst, n0, pending)
	}
	dst = nearFinding(raw, dst, n0, pending)
	dst = d.icd(&ix, t, dst, n0)
	dst = d.sickNote(&ix, t, dst, n0)
	dst = d.payrollReligion(t, dst, n0)
	dst = fieldReligion(t, dst, n0)
	dst = fieldDisability(t, dst, n0)
	dst = d.supportNeeds(&ix, t, dst, n0)
	dst = d.fieldParty(t, dst, n0)
	dst = fieldDiagnosis(t, dst, n0)
	dst = d.unionDues(t, dst, n0)
	dst = d.unionField(t, dst, n0)
	dst = d.unionList(t, dst, n0)
	dst = d.duesRows(t, dst, n0)
	return d.surnameValues(t, dst, n0)
}

// surnameValues drops the findings of dst[n0:] that are a surname as the
// whole value of a name label, key or column ("Nachname: Krebs", "Name:
// Christ, Vorname: Stefan", a Nachname column's "Krebs", {"name":
// "Christ"}): PERSON takes it, and since the phrase wins over PERSON on the
// same span (resolve), a list of staff with a Krebs or a Christ in it was
// blocked. After a bare "Name" only a surname of the lexicons counts, so
// that {"diagnose": {"name": "Depression"}} stays a datum.
func (d *specialDetector) surnameValues(t *Text, dst []Finding, n0 int) []Finding {
	low := t.Lower()
	out := dst[:n0]
	for _, f := range dst[n0:] {
		if bytes.IndexAny(low[f.Start:f.End], " \t\n") >= 0 || !d.surnameLabel(low, f) && !d.surnameField(t, f) {
			out = append(out, f)
		}
	}
	return out
}

// surnameLabels are the labels of a surname before a colon; after a bare
// "Name:" only a surname of the lexicons counts (surnameLabel).
var surnameLabels = map[string]bool{"nachname": true, "familienname": true, "geburtsname": true, "name": true}

// surnameLabel reports a finding right after a surname label and its
// colon ("Nachname: Krebs").
func (d *specialDetector) surnameLabel(low []byte, f Finding) bool {
	s := f.Start
	if s < 3 || low[s-1] != ' ' || low[s-2] != ':' {
		return false
	}
	ws := s - 2
	for ws > 0 && isLetter(low[ws-1]) {
		ws--
	}
	if ws > 0 && low[ws-1] != ' ' && low[ws-1] != '\n' && low[ws-1] != '\t' {
		return false
	}
	w := string(low[ws : s-2])
	return surnameLabels[w] && (w != "name" || d.lx.flags(low[s:f.End])&wLast != 0)
}

// surnameField reports a finding that is the whole value of a name key or
// column (keyPerson: nachname, familienname), of a weaker one (name,
// display name) only a surname of the lexicons.
func (d *specialDetector) surnameField(t *Text, f Finding) bool {
	for _, fl := range t.fields() {
		if fl.val.Start != f.Start || fl.val.End != f.End {
			continue
		}
		if fl.class == keyPerson || fl.class == keyPersonWeak && d.lx.flags(t.Lower()[f.Start:f.End])&wLast != 0 {
			return true
		}
	}
	return false
}

// slangState reports "psychotisch" at h said of a thing or a situation, as
// slang: after an intensifier of speech ("echt", "total", "voll", "einfach",
// "irgendwie") or in a clause whose subject is "das", "es" or "dies" ("das
// ist doch psychotisch"), when no person of the clause is what the word is
// said of: a person word there (Herr, Klient, er, a name) makes it a
// person's state ("Herr Becker war gestern total psychotisch", "Es ist
// Montag und Herr Weber wirkt psychotisch") unless that person only judges
// ("Frau Lange findet die Excel-Tabelle total psychotisch").
func (d *specialDetector) slangState(raw, low []byte, h int) bool {
	a := clauseStart(low, h, 60, ".,;:!?\n")
	slang := false
	ps, pe := prevWord(low, h)
	if pe == h-1 && pe > ps {
		switch string(low[ps:pe]) {
		case "echt", "total", "voll", "einfach", "irgendwie":
			slang = true
		}
	}
	clause := low[a:h]
	for _, subj := range []string{"das ist ", "das war ", "das wird ", "es ist ", "es war ", "dies ist ", "das klingt "} {
		if k := bytes.Index(clause, []byte(subj)); k >= 0 && (k == 0 || clause[k-1] == ' ') {
			slang = true
			break
		}
	}
	if !slang {
		return false
	}
	person, judged := false, false
	eachWord(raw, a, h, func(i, we int) bool {
		if judgeVerbs[string(low[i:we])] {
			judged = true
		} else if d.personWord(raw, low, i, we, false) == wordPerson {
			person = true
		}
		return false
	})
	return !person || judged
}

// clauseStart returns where the clause that ends at h starts: after the
// last byte of seps in the back bytes before h, else back bytes before h.
func clauseStart(low []byte, h, back int, seps string) int {
	a := max(0, h-back)
	if i := bytes.LastIndexAny(low[a:h], seps); i >= 0 {
		a += i + 1
	}
	return a
}

// clauseEnd returns where the clause that starts at e ends: at the first
// byte of seps in the ahead bytes after e, else ahead bytes after e (or the
// text's end), clauseStart's counterpart.
func clauseEnd(low []byte, e, ahead int, seps string) int {
	z := min(len(low), e+ahead)
	if i := bytes.IndexAny(low[e:z], seps); i >= 0 {
		z = e + i
	}
	return z
}

// eachWord calls fn with each word [i, we) of raw that starts in [a, z),
// in order, until fn returns true, and reports whether it did.
func eachWord(raw []byte, a, z int, fn func(i, we int) bool) bool {
	for i := a; i < z; {
		if _, _, ok := letterAt(raw, i); !ok || i > a && !isWordStartAt(raw, i) {
			i++
			continue
		}
		we := wordEnd(raw, i)
		if we <= i {
			i++
			continue
		}
		if fn(i, we) {
			return true
		}
		i = we
	}
	return false
}

// judgeVerbs are the verbs of a person who judges a thing ("Frau Lange
// findet die Tabelle total psychotisch"), not of one who is in a state.
var judgeVerbs = map[string]bool{"finde": true, "findet": true, "fand": true, "finden": true, "meint": true, "meinte": true,
	"sagt": true, "sagte": true, "nennt": true, "nannte": true, "hält": true, "hielt": true, "schreibt": true, "schrieb": true}

// thingsPart reports a phrase ending at e in a part of the body, or in
// bleeding, that is a thing's: a genitive after it that names no person
// ("Probleme mit dem Rücken des Gebäudes", "… der Halle", "starke Blutungen
// der Lasur"); "… des Kindes", "… des Klienten", "… der Seniorin", "… des
// Kindsvaters" stay (personNoun).
func (d *specialDetector) thingsPart(raw, low []byte, e int) bool {
	ws := e
	for ws > 0 && (isLetter(low[ws-1]) || low[ws-1] >= 0x80) {
		ws--
	}
	if ws == e || !slices.Contains(bodySites, string(low[ws:e])) && !bytes.HasPrefix(low[ws:e], []byte("blutung")) {
		return false
	}
	return d.thingGenitive(raw, low, e)
}

// thingGenitive reports a genitive right after e that names a thing, not a
// person nor a part of the body: "des Gebäudes", "der Festplatte"; "des
// Kindes", "der Seniorin", "des Magens" are no things.
func (d *specialDetector) thingGenitive(raw, low []byte, e int) bool {
	k, fem := -1, false
	for _, art := range []string{" des ", " der ", " eines ", " einer "} {
		if hasPrefixAt(low, e, art) {
			k, fem = e+len(art), art == " der " || art == " einer "
			break
		}
	}
	if k < 0 || !isCap(raw, k) {
		return false
	}
	we := wordEnd(raw, k)
	if d.personNoun(string(low[k:we]), fem) {
		return false // "des Kindes", "der Mutter", "des Patienten", "der Seniorin"
	}
	if w := string(low[k:we]); organs[w] || organs[strings.TrimSuffix(w, "s")] || organs[strings.TrimSuffix(w, "es")] || slices.Contains(bodySites, w) {
		return false // "innere Blutungen des Magens": a part of the body is no thing
	}
	return true // a name after the article is no genitive of a person ("der Halle": Halle is a given name and a surname too)
}

// personNoun reports whether w, a lower-case noun after a genitive article
// (fem: der, einer), names a person: a word of special_context.txt or
// relations.txt, also as the end of a compound and without its genitive
// ending ("Kindsvaters", "Asylbewerbers"), a role of personRoles, a
// feminine form in -in ("der Seniorin"), a noun made of an adjective or a
// weak noun ("des Klienten", "der Minderjährigen") or one in -ling ("des
// Säuglings"). Things have a strong genitive in -s or -es ("des Gebäudes",
// "des Dienstwagens") or none ("der Halle").
func (d *specialDetector) personNoun(w string, fem bool) bool {
	switch {
	case fem && (strings.HasSuffix(w, "in") || strings.HasSuffix(w, "innen")),
		strings.HasSuffix(w, "en") && !strings.HasSuffix(w, "ens"),
		strings.HasSuffix(w, "ling") || strings.HasSuffix(w, "lings"):
		return true
	}
	for p := 0; p < len(w); p++ {
		if p > 0 && w[p]&0xC0 == 0x80 {
			continue // inside a letter
		}
		for _, t := range []string{w[p:], strings.TrimSuffix(w[p:], "s"), strings.TrimSuffix(w[p:], "es")} {
			if len(t) < 4 && (p > 0 || len(t) < 3) {
				continue // the end of a compound has four letters or more ("Kindsvater", not "Europa")
			}
			if personRoles[t] || d.lx.flags([]byte(t))&wRelation != 0 || p == 0 && d.context[t] || p > 0 && d.context[t] && len(t) >= 5 {
				return true
			}
		}
	}
	return false
}

// organs are the organs and tissues a bleeding or a part of the body may
// be said of in a genitive ("Blutungen des Magens", "… der Netzhaut").
var organs = map[string]bool{"magen": true, "darm": true, "dickdarm": true, "dünndarm": true, "gehirn": true, "hirn": true,
	"netzhaut": true, "haut": true, "schleimhaut": true, "nase": true, "lunge": true, "leber": true, "niere": true, "nieren": true,
	"blase": true, "harnblase": true, "speiseröhre": true, "gebärmutter": true, "zahnfleisch": true, "wirbelsäule": true,
	"herz": true, "herzens": true, "milz": true, "bauchspeicheldrüse": true, "auges": true, "ohres": true, "gelenk": true,
	"kniegelenk": true, "muskel": true, "muskels": true, "harnwege": true, "atemwege": true, "bronchien": true}

// personRoles are nouns of persons in no list of special_context.txt or
// relations.txt that a part of the body may be said of.
var personRoles = map[string]bool{"bewohner": true, "azubi": true, "baby": true, "opa": true, "oma": true, "säugling": true,
	"häftling": true, "zwilling": true, "insasse": true, "teilnehmer": true, "teilnehmerin": true, "bürger": true,
	"mann": true, "mannes": true, "junge": true, "mädchen": true, "mädchens": true, "person": true, "kunde": true, "fahrer": true}

// layInjury are the everyday words for an injury, which say little without
// the part of the body they are on ("Bluterguss am Oberarm", "Schwellung am
// linken Unterarm"); a medical term stands alone ("Hämatome an Rücken und
// Oberarm").
var layInjury = map[string]bool{"blaue flecken": true, "bluterguss": true, "blutergüsse": true,
	"schnittwunde": true, "schwellung": true, "platzwunde": true, "striemen": true, "brandwunde": true,
	"brandnarbe": true, "narbe": true, "bruch": true, "prellung": true, "verbrennung": true, "schürfwunde": true,
	"operation": true, "stichwunde": true, "bisswunde": true, "risswunde": true, "quetschwunde": true,
	"distorsion": true, "verstauchung": true, "zerrung": true, "blauen flecken": true, "wunde": true, "brandblase": true,
	"ritzen": true, "verbandswechsel": true, "verätzung": true, "bänderriss": true}

// siteInjury are the lay words of layInjury that are a body's only with
// their site: "Bruch des linken Handgelenks", "Narbe an der Stirn",
// "Operation am Fuß" (not "Bruch des Vertrags", "Narbe im Asphalt", "die
// Operation der Feuerwehr").
var siteInjury = map[string]bool{"blaue flecken": true, "striemen": true, "narbe": true, "bruch": true,
	"prellung": true, "verbrennung": true, "operation": true, "brandnarbe": true, "distorsion": true, "verstauchung": true,
	"zerrung": true, "blauen flecken": true, "wunde": true, "brandblase": true, "ritzen": true, "verbandswechsel": true}

// notPatientAdmission reports an admission ending at e that is not a
// patient's: of a number of people ("stationäre Aufnahme von 120
// Geflüchteten") or into youth welfare ("… in eine Wohngruppe der
// Jugendhilfe", "… nach der Inobhutnahme"). "… von Herrn Kaya", "… im
// Klinikum Mannheim", "… in einer psychiatrischen Einrichtung" stay a
// patient's.
func notPatientAdmission(low []byte, e int) bool {
	if hasPrefixAt(low, e, " von ") && e+5 < len(low) && isDigit(low[e+5]) {
		return true
	}
	w := low[e:min(len(low), e+80)]
	if i := bytes.IndexAny(w, ".;\n"); i >= 0 {
		w = w[:i]
	}
	for _, k := range []string{"jugendhilfe", "wohngruppe", "inobhutnahme", "geflüchtete", "flüchtling"} {
		if bytes.Contains(w, []byte(k)) {
			return true
		}
	}
	return false
}

// bodySites are the parts of the body a lay injury word names its site by.
var bodySites = []string{"oberarm", "unterarm", "arm", "armen", "oberschenkel", "unterschenkel", "bein", "beinen",
	"hand", "händen", "handgelenk", "fuß", "füßen", "kopf", "hinterkopf", "gesicht", "auge", "ohr", "stirn", "wange",
	"hals", "nacken", "rücken", "bauch", "brust", "po", "gesäß", "knie", "schulter", "finger", "rippen",
	"wirbelsäule", "lendenwirbelsäule", "halswirbelsäule", "brustwirbelsäule", "hüfte", "hüftgelenk", "kniegelenk",
	"sprunggelenk", "ellenbogen", "schlüsselbein", "nase", "kinn", "zeh", "zehen", "brustkorb", "schienbein",
	"knöchel", "wade", "ferse", "daumen", "lippe", "kiefer", "becken", "oberkörper", "handrücken",
	"fußgelenk", "kopfhaut", "schädel"}

// degreeTail returns the end of a burn's or a frostbite's degree right
// after e ("Verbrennung 2. Grades", "Erfrierungen dritten Grades"), or e.
func degreeTail(low []byte, e int) int {
	if e+1 >= len(low) || low[e] != ' ' {
		return e
	}
	k := e + 1
	switch {
	case isDigit(low[k]) && k+2 < len(low) && low[k+1] == '.':
		k = skipBlank(low, k+2)
	default:
		we := wordEnd(low, k)
		switch string(low[k:we]) {
		case "ersten", "zweiten", "dritten", "vierten":
			k = skipBlank(low, we)
		default:
			return e
		}
	}
	if hasPrefixAt(low, k, "grades") && wordBoundaryAfter(low, k+len("grades")) {
		return k + len("grades")
	}
	return e
}

// bodySiteTail returns the end of "am/an der/an den/an/im/des/der
// [linken|rechten|beiden] <site>" right after e, or e; the site may be
// inflected ("an beiden Oberarmen", "des linken Handgelenks").
func bodySiteTail(low []byte, e int) int {
	k := -1
	for _, prep := range []string{" am ", " an der ", " an den ", " an ", " im ", " des ", " der "} {
		if hasPrefixAt(low, e, prep) {
			k = e + len(prep)
			break
		}
	}
	if k < 0 {
		return e
	}
	for _, side := range []string{"linken ", "rechten ", "beiden "} {
		if hasPrefixAt(low, k, side) {
			k += len(side)
			break
		}
	}
	if ke := bodySiteAt(low, k); ke > k {
		// a second site joined by "und": "Verätzungen an Hals und Kinn",
		// also with its own preposition and side: "Prellungen am Hals und am
		// linken Arm"
		if hasPrefixAt(low, ke, " und ") {
			k2 := ke + len(" und ")
			if k3 := bodySiteTail(low, k2-1); k3 > k2-1 {
				return k3
			}
			if k3 := bodySiteAt(low, k2); k3 > k2 {
				return k3
			}
		}
		return ke
	}
	return e
}

// bodySiteAt returns the end of a part of the body of bodySites at k, with
// an inflection's ending ("Armen", "Halses"), or k.
func bodySiteAt(low []byte, k int) int {
	ke := wordEnd(low, k)
	for _, end := range [...]string{"", "e", "n", "s", "en", "es"} {
		if w := low[k:ke]; len(w) > len(end)+1 && string(w[len(w)-len(end):]) == end && slices.Contains(bodySites, string(w[:len(w)-len(end)])) {
			return ke
		}
	}
	return k
}

// sickState reports English "sick" at [h, e) as a state of illness: after
// a verb of being or falling ill ("have been sick", "is sick", "fell sick",
// "called in sick") or before a time ("sick since Tuesday", "sick today").
func sickState(raw, low []byte, h, e int) bool {
	if hasPrefixAt(low, e, " of") || hasPrefixAt(low, e, " and tired") {
		return false
	}
	if subj, ok := sickSubject(raw, low, h); ok && !subj || !ok && !sickPerson(low, h) || ok && bytes.Contains(low[max(0, h-60):h], []byte("how many")) {
		return false // "Mr Smith said the server has been sick": the subject of the verb is a thing
	}
	for _, t := range []string{" since ", " today", " yesterday", " until ", " for ", " with "} {
		if hasPrefixAt(low, e, t) {
			return true
		}
	}
	ps, pe := prevWord(low, h)
	if pe != h-1 || pe <= ps {
		return false
	}
	switch string(low[ps:pe]) {
	case "been", "is", "was", "am", "are", "were", "be", "fell", "feel", "felt", "got", "in", "i'm", "she's", "he's":
		return true
	}
	return false
}

// sickSubject reads the subject of the verb of being before "sick" at h
// ("John has been sick", "the printer is sick"): ok when a verb stands
// there, person when its subject is a pronoun of a person, a kin word or a
// capitalised name not after an article or possessive.
func sickSubject(raw, low []byte, h int) (person, ok bool) {
	k := h
	for n := 0; n < 4; n++ {
		ps, pe := prevWord(low, k)
		if pe != k-1 || pe <= ps {
			return false, ok
		}
		w := string(low[ps:pe])
		switch w {
		case "has", "have", "had", "been", "is", "was", "were", "are", "am", "be", "got", "fell", "feel", "felt", "called", "in", "again", "still":
			ok = true
			k = ps
			continue
		}
		if !ok {
			return false, false
		}
		switch w {
		case "i", "she", "he", "you", "we", "son", "daughter", "wife", "husband", "colleague", "mother", "father", "brother", "sister", "i'm", "she's", "he's":
			return true, true
		}
		if isCap(raw, ps) {
			if as, ae := prevWord(low, ps); ae == ps-1 && ae > as {
				switch string(low[as:ae]) {
				case "the", "my", "our", "his", "her", "their", "your", "this", "that":
					return false, true
				}
			}
			return true, true // "John has been sick", "Mrs Brown called in sick"
		}
		return false, true
	}
	return false, ok
}

// sickPerson reports a person as the one who is sick at h: an English
// person word in the clause before it ("I have been", "she is", "my son
// was", "Mrs Brown called in"), or a mail subject's line (the writer's own:
// "Subject: sick since Tuesday"). A thing ("the server has been sick"), a
// slang judgement ("that trick was sick") or a count ("how many employees
// called in sick") names no one.
func sickPerson(low []byte, h int) bool {
	a := clauseStart(low, h, 60, ",;.!?\n")
	clause := low[a:h]
	if bytes.Contains(clause, []byte("how many")) {
		return false
	}
	if bytes.HasPrefix(bytes.TrimSpace(clause), []byte("subject:")) || bytes.HasPrefix(bytes.TrimSpace(clause), []byte("betreff:")) {
		return true
	}
	for i := 0; i < len(clause); {
		for i < len(clause) && !isLetter(clause[i]) {
			i++
		}
		we := i
		for we < len(clause) && (isLetter(clause[we]) || clause[we] == '\'') {
			we++
		}
		switch string(clause[i:we]) {
		case "i", "i'm", "i've", "she", "he", "she's", "he's", "my", "his", "her", "mr", "mrs", "ms", "son", "daughter",
			"wife", "husband", "colleague", "mother", "father":
			return true
		}
		i = we
	}
	return false
}

// groupClause reports a phrase [h, e) said of a group: its clause's verb
// after it is plural ("…, die auf einen Rollator angewiesen sind") or the
// clause opens with "wer" ("Wer auf den Rollstuhl angewiesen ist, …"). A
// relative clause whose antecedent names people is theirs, not a group's
// ("Herr Weber und seine Frau, die beide auf einen Rollstuhl angewiesen
// sind", "Die Kinder von Frau Roth, die …").
func (d *specialDetector) groupClause(raw, low []byte, h, e int) bool {
	a := clauseStart(low, h, 60, ",;.!?:\n")
	plural := false
	if k := bytes.IndexAny(low[e:min(len(low), e+40)], ",;.!?\n"); k >= 0 {
		plural = bytes.Contains(low[e:e+k], []byte(" sind"))
	} else {
		plural = bytes.Contains(low[e:min(len(low), e+40)], []byte(" sind"))
	}
	if plural {
		return !(a > 0 && low[a-1] == ',' && d.namesPeople(raw, low, a-1))
	}
	for a < h && low[a] == ' ' {
		a++
	}
	return hasPrefixAt(low, a, "wer ")
}

// namesPeople reports a person word (Herr, Frau, a name, a word of
// special_context.txt) or a kin word (Kinder, Eltern) in the clause that
// ends at the comma c, at most 80 bytes before it.
func (d *specialDetector) namesPeople(raw, low []byte, c int) bool {
	a := clauseStart(low, c, 80, ",;.!?:\n")
	return eachWord(raw, a, c, func(i, we int) bool {
		return d.personWord(raw, low, i, we, false) == wordPerson || d.lx.flags(low[i:we])&wRelation != 0
	})
}

// memberWords say that a person belongs to a board or group.
var memberWords = []string{"ist", "bin", "bist", "sind", "war", "waren", "sitzt", "sitze", "tätig", "gewählt", "aktiv",
	"engagiert", "mitglied", "seit"}

// memberClause reports a word of memberWords in the clause of [h, e) (to a
// comma, semicolon, sentence end or line break, at most 60 bytes each
// side): "Herr Kaya ist seit 2019 im Vorstand der Moscheegemeinde", "Außerdem
// bin ich im Vorstand der …".
func memberClause(low []byte, h, e int) bool {
	a := clauseStart(low, h, 60, ",;.!?\n")
	z := clauseEnd(low, e, 60, ",;.!?\n")
	for _, w := range memberWords {
		for off := a; off < z; {
			k := bytes.Index(low[off:z], []byte(w))
			if k < 0 {
				break
			}
			i := off + k
			if (i == 0 || !isLetter(low[i-1]) && low[i-1] < 0x80) && (i+len(w) >= len(low) || !isLetter(low[i+len(w)]) && low[i+len(w)] < 0x80) {
				return true
			}
			off = i + 1
		}
	}
	return false
}

// englishModifiers are English nouns that a disease word before them
// describes ("migraine study", "diabetes clinic", "cancer research").
var englishModifiers = map[string]bool{"study": true, "studies": true, "clinic": true, "clinics": true, "research": true,
	"app": true, "tracking": true, "trial": true, "trials": true, "center": true, "centre": true, "awareness": true,
	"society": true, "association": true, "conference": true, "unit": true, "foundation": true, "network": true,
	"campaign": true, "programme": true, "program": true, "day": true, "week": true, "month": true, "report": true,
	"paper": true, "survey": true, "ward": true, "wards": true, "department": true}

// englishModifier reports an English noun of englishModifiers right after e.
func englishModifier(low []byte, e int) bool {
	if e+1 >= len(low) || low[e] != ' ' {
		return false
	}
	we := e + 1
	for we < len(low) && isLowerASCII(low[we]) {
		we++
	}
	return englishModifiers[string(low[e+1:we])]
}

// englishOwner reports an English word of a person in the clause before h
// (back to a comma, semicolon, colon, sentence end or line break, at most
// 60 bytes): "My son has a diabetes clinic appointment", "Mrs Brown attends
// the migraine clinic" are the person's, "Please see the migraine study" is
// no one's.
func englishOwner(low []byte, h int) bool {
	a := max(0, h-60)
	if i := bytes.LastIndexAny(low[a:h], ",;:.!?\n"); i >= 0 && !(i >= 2 && string(low[a+i-2:a+i]) == "mr" || i >= 3 && string(low[a+i-3:a+i]) == "mrs") {
		a += i + 1
	}
	for i := a; i < h; {
		for i < h && !isLetter(low[i]) {
			i++
		}
		we := i
		for we < h && isLetter(low[we]) {
			we++
		}
		if englishPersons[string(low[i:we])] {
			return true
		}
		i = we
	}
	return false
}

// englishPersons are the English words that make a disease before a noun a
// person's ("my son has a diabetes clinic appointment").
var englishPersons = map[string]bool{"my": true, "his": true, "her": true, "their": true, "our": true, "your": true,
	"he": true, "she": true, "i": true, "son": true, "daughter": true, "wife": true, "husband": true, "mother": true,
	"father": true, "child": true, "patient": true, "mr": true, "mrs": true, "ms": true, "employee": true, "colleague": true}

// lessonWords make an injury in their sentence or line a case of first aid
// or a training, not someone's.
var lessonWords = [][]byte{[]byte("erste hilfe"), []byte("erste-hilfe"), []byte("versorge"), []byte("kühlen sie"),
	[]byte("ruhigstellen"), []byte("ruhig stellen"), []byte("schulung"), []byte("übung"), []byte("lehrgang"),
	[]byte("first aid")}

// injuryLesson reports a lay injury at s taught as a case: after "bei
// einer"/"bei einem" ("Bei einer Verbrennung an der Hand kühlen Sie mit
// Wasser"), or with a word of first aid or training before it in its line
// ("Schulung: Wie versorge ich einen Bruch des Unterarms?"). "Frau Lange hat
// bei der Arbeit eine Schnittwunde an der Hand" stays hers.
func injuryLesson(low []byte, s int) bool {
	if hasSuffixAt(low, s, "bei einer ") || hasSuffixAt(low, s, "bei einem ") {
		return true
	}
	a := max(0, s-120)
	if nl := bytes.LastIndexByte(low[a:s], '\n'); nl >= 0 {
		a += nl + 1
	}
	for _, w := range lessonWords {
		if bytes.Contains(low[a:s], w) {
			return true
		}
	}
	return false
}

// namedInSentence reports a person (personWord) in the sentence of [s, e)
// other than a speaker or addressee who heads it ("Herr Weber: Erste Hilfe:
// …", "Frau Lange, Schulung: …") or a reporter before a colon: "Erste Hilfe bei Frau Lange: Verbrennung an der
// Hand", "Schulung abgesagt, da Herr Kaya einen Bruch des Handgelenks hat"
// name the injured person.
func (d *specialDetector) namedInSentence(raw, low []byte, s, e int) bool {
	a := reporterSkipped(low, clauseStart(low, s, 160, ".!?\n"), s)
	if c := bytes.IndexAny(low[a:s], ":,"); c >= 0 && !eachWord(raw, a, a+c, func(i, we int) bool {
		return d.personWord(raw, low, i, we, false) != wordPerson
	}) {
		a += c + 1 // a speaker or addressee: only person words before the first colon or comma
	}
	z := clauseEnd(low, e, 160, ".!?\n")
	// a how-to question's "ich" is anyone: "Schulung: Wie versorge ich
	// einen Bruch des Unterarms?"
	howTo := false
	if z < len(low) && low[z] == '?' {
		k := a
		for k < s && !isLetter(low[k]) && low[k] < 0x80 {
			k++
		}
		if c := bytes.IndexByte(low[k:s], ':'); c >= 0 {
			k = skipBlank(low, k+c+1)
		}
		switch string(low[k:wordEnd(low, k)]) {
		case "wie", "was", "wann", "welche", "welcher", "welches", "muss", "soll", "darf", "how", "what":
			howTo = true
		}
	}
	return eachWord(raw, a, z, func(i, we int) bool {
		if i >= s && i < e || d.personWord(raw, low, i, we, false) != wordPerson {
			return false
		}
		if howTo && subjectPronouns[string(low[i:we])] {
			return false
		}
		// a surname alone may be a noun ("kühlen Sie mit Wasser"): a
		// person word, a given name or a surname after one
		w := low[i:we]
		if d.context[string(w)] || d.lx.flags(w)&wFirst != 0 {
			return true
		}
		ps, pe := prevWord(low, i)
		return pe > ps && pe >= i-2 && (d.context[string(low[ps:pe])] || d.lx.flags(low[ps:pe])&(wFirst|wSalutation|wTitle) != 0)
	})
}

// firstAid reports a bleeding as a first-aid task: a verb of first aid in
// the clause after it ("starke Blutungen zu stillen", "… sofort abdrücken",
// "innere Blutungen erkennen").
func firstAid(low []byte, e int) bool {
	z := clauseEnd(low, e, 40, ",;.!?\n")
	for _, v := range []string{"stillen", "abdrücken", "abbinden", "erkennen", "versorgen", "behandeln"} {
		if bytes.Contains(low[e:z], []byte(v)) {
			return true
		}
	}
	return false
}

// clauseSubject reports a personal pronoun, or Herr/Frau or a possessive
// before a capitalised word, in the clause before h (back to a comma,
// semicolon, colon, sentence end or line break, at most 60 bytes): "…, dass
// er im Oktober operiert wurde", "dass Herr Weber am Knie operiert wurde",
// "ob seine Tochter schon operiert wurde".
func clauseSubject(raw, low []byte, h int) bool {
	a := clauseStart(low, h, 60, ",;:.!?\n")
	for i := a; i < h; {
		for i < h && !isLetter(low[i]) {
			i++
		}
		we := i
		for we < h && isLetter(low[we]) {
			we++
		}
		switch string(low[i:we]) {
		case "er", "sie", "ich", "wir", "du", "ihr", "ihm", "ihn":
			return true
		case "herr", "herrn", "frau", "seine", "sein", "seinen", "ihre", "ihren", "meine", "mein", "meinen", "unsere", "unser":
			// "dass Herr Weber am Knie operiert wurde", "ob seine Tochter schon operiert wurde"
			if we+1 < h && raw[we] == ' ' && isCap(raw, we+1) {
				return true
			}
		}
		i = we
	}
	return false
}

// bodySiteLeft returns the start of "am/an der/an den/an [linken|rechten]
// <site> " right before h ("am rechten Bein amputiert"), or -1.
func bodySiteLeft(low []byte, h int) int {
	if h < 2 || low[h-1] != ' ' {
		return -1
	}
	ws, we := prevWord(low, h-1)
	if we != h-1 || !slices.Contains(bodySites, string(low[ws:we])) {
		return -1
	}
	k := ws
	for _, side := range []string{"linken ", "rechten ", "beiden "} {
		if k >= len(side) && string(low[k-len(side):k]) == side {
			k -= len(side)
			break
		}
	}
	for _, prep := range []string{"am ", "an der ", "an den ", "an "} {
		if k >= len(prep) && string(low[k-len(prep):k]) == prep && (k == len(prep) || low[k-len(prep)-1] == ' ' || low[k-len(prep)-1] == '\n') {
			return k - len(prep)
		}
	}
	return -1
}

// labelAfter reports a colon within 40 bytes after e on the same line with
// no sentence end before it: the word before e heads a form label.
func labelAfter(raw []byte, e int) bool {
	for i := e; i < len(raw) && i < e+40; i++ {
		switch raw[i] {
		case ':':
			return true
		case '\n', '.', '!', '?', ';':
			return false
		}
	}
	return false
}

// modelOfReturn reports "Hamburger Modell" at s right after the
// Wiedereingliederung it names the model of ("stufenweise
// Wiedereingliederung (Hamburger Modell)", "… nach dem Hamburger Modell").
func modelOfReturn(low []byte, s int) bool {
	for _, gap := range [...]string{" (", " nach dem ", " nach ", " gem. ", " gemäß "} {
		if hasSuffixAt(low, s, gap) && hasSuffixAt(low, s-len(gap), "wiedereingliederung") {
			return true
		}
	}
	return false
}

// urlPath reports whether the word at h, right after a '/' or '.', lies in
// a web address: its token holds "://" or starts with "www.", or (after a
// '/') starts with a host name that ends in a lower-case top-level domain ("www.bochum.de/masern"), not
// a list ("Asthma/Diabetes") or an abbreviation ("z.B./Diabetes").
func urlPath(raw []byte, h int) bool {
	ts := h - 1
	for ts > 0 && h-ts < 200 && raw[ts-1] > ' ' && raw[ts-1] != '(' && raw[ts-1] != '<' && raw[ts-1] != '"' {
		ts--
	}
	tok := raw[ts:h]
	if bytes.Contains(tok, []byte("://")) || bytes.HasPrefix(tok, []byte("www.")) {
		return true
	}
	if raw[h-1] != '/' {
		return false
	}
	host := tok[:bytes.IndexByte(tok, '/')]
	dot := bytes.LastIndexByte(host, '.')
	if dot <= 0 || len(host)-dot < 3 {
		return false
	}
	for _, c := range host[dot+1:] {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// beingAfter reports a form of "sein" or the end of a sentence right after
// e: "(die) in der komba ist", "Sie ist in der GEW.".
func beingAfter(raw, low []byte, e int) bool {
	if e >= len(raw) || raw[e] == '.' || raw[e] == '\n' || raw[e] == ')' {
		return true
	}
	if raw[e] != ' ' {
		return false
	}
	switch string(low[e+1 : wordEnd(raw, e+1)]) {
	case "ist", "sind", "war", "waren", "bin", "bist", "seid", "gewesen":
		return true
	}
	return false
}

// subjectListWords may stand between a verb of being and a membership
// phrase besides the names of its subject ("sind Reiter, Obermaier und die
// Vasquez in der Gewerkschaft").
// beingAt reports "bei [der] {union}" [h, e) right after a verb of being
// and its subject, an adverb between them allowed ("er ist bei ver.di", "der
// ist doch bei der GEW", "Frau Kaya ist auch bei Verdi"), the clause ending
// after the union or going on with "und" or "seit": chat's short word for
// membership. "Der Termin ist bei ver.di in Raum 3" goes on with a place.
func beingAt(raw, low []byte, h, e int) bool {
	if e < len(raw) && bytes.IndexByte([]byte(",.;?!)\n\r"), raw[e]) < 0 &&
		!hasPrefixAt(low, e, " und ") && !hasPrefixAt(low, e, " seit ") {
		return false
	}
	k := h
	for n := 0; n < 3; n++ {
		ps, pe := prevWord(low, k)
		if pe != k-1 || pe <= ps {
			return false
		}
		switch string(low[ps:pe]) {
		case "doch", "auch", "schon", "noch", "ja", "wohl", "übrigens":
			k = ps
			continue
		case "ist", "sind", "war", "waren", "bin", "bist", "seid":
			ss, se := prevWord(low, ps)
			if se != ps-1 || se <= ss {
				return false
			}
			switch string(low[ss:se]) {
			case "er", "sie", "der", "die", "ich", "wir", "beide", "du", "ihr":
				return true
			case "termin", "sitzung", "treffen", "gespräch", "veranstaltung":
				return false
			}
			return isCap(raw, ss)
		}
		return false
	}
	return false
}

var subjectListWords = map[string]bool{"und": true, "die": true, "der": true, "sowie": true, "er": true, "sie": true,
	"ich": true, "wir": true, "auch": true, "beide": true, "schon": true, "noch": true, "seit": true, "jahren": true}

// beingBefore reports a membership phrase [h, e) at its clause's end whose
// verb of being stands before its subject: "Soweit ich weiß, sind Reiter,
// Obermaier und die Vasquez in der Gewerkschaft". Between the verb and the
// phrase stand only names (capitalised words), pronouns and "und", "die":
// "Das ist wichtig für alle in der Gewerkschaft" is no one's membership.
func beingBefore(raw, low []byte, h, e int) bool {
	if e < len(raw) && bytes.IndexByte([]byte(",.;?!)\n"), raw[e]) < 0 {
		return false
	}
	a := clauseStart(low, h, 100, ".!?;:\n")
	v := -1
	eachWord(raw, a, h, func(i, we int) bool {
		switch string(low[i:we]) {
		case "ist", "sind", "war", "waren", "bin", "bist", "seid":
			v = we
			return true
		}
		return false
	})
	if v < 0 {
		return false
	}
	return !eachWord(raw, v, h, func(i, we int) bool {
		return !isCap(raw, i) && !subjectListWords[string(low[i:we])] && !isDigit(raw[i])
	})
}

// passiveAux are the auxiliaries of the passive voice ("wird operiert",
// "ist operiert worden").
var passiveAux = map[string]bool{"wird": true, "wurde": true, "werde": true, "wurden": true,
	"ist": true, "bin": true, "war": true}

// passive reports a passive auxiliary among the three words before the
// word [h, e) on its line, or "worden" right after it.
func passive(raw, low []byte, h, e int) bool {
	if hasPrefixAt(low, e, " worden") {
		return true // "ist operiert worden"; "muss operiert werden" is a possibility
	}
	if hasPrefixAt(low, e, " wurde") {
		// "dass er inzwischen operiert wurde": a person as the subject of the
		// clause; "dass im Ausland mit Tochterfirmen operiert wurde" is a firm's
		return clauseSubject(raw, low, h)
	}
	k := h
	for range 3 {
		ps, pe := prevWord(raw, k)
		if ps == pe || pe == k || bytes.IndexByte(raw[pe:k], '\n') >= 0 {
			return false
		}
		if passiveAux[string(low[ps:pe])] {
			return true
		}
		k = ps
	}
	return false
}

// workBanWords name the work ban of asylum and residence law (§ 61 AsylG,
// § 60a AufenthG), which is no pregnancy.
var workBanWords = [...]string{"asyl", "aufenth", "duldung", "geduldet", "ausländerbeh", "§ 61", "§ 60a"}

// pregnancyBan reports a Beschäftigungsverbot [h, e) of the
// Mutterschutzgesetz stated on its own: not one of asylum law near it,
// and not one followed by the pregnancy it is for ("während der
// Schwangerschaft"), which is the datum then.
func pregnancyBan(low []byte, h, e int) bool {
	if bytes.Contains(low[e:min(len(low), e+48)], []byte("schwangerschaft")) {
		return false
	}
	win := low[max(0, h-160):min(len(low), e+80)]
	for _, w := range workBanWords {
		if bytes.Contains(win, []byte(w)) {
			return false
		}
	}
	return true
}

// belongingWords state that a person belongs to the group named after them
// and are part of the phrase: "Zugehörigkeit zu den Hazara", "Volksgruppe der
// Hazara".
var belongingWords = [...]string{"zugehörigkeit zu den ", "zugehörigkeit zur ", "zugehörigkeit zum ", "zugehörigkeit zu ", "volksgruppe der "}

// belongingLeft returns the start of a belonging phrase right before s, or s.
func belongingLeft(low []byte, s int) int {
	for _, w := range belongingWords {
		if k := s - len(w); k >= 0 && string(low[k:s]) == w {
			if k >= 4 && string(low[k-4:k]) == "volk" || k >= 10 && string(low[k-10:k]) == "ethnischen" {
				return s // "Volkszugehörigkeit zu …" is rare; keep the phrase
			}
			return k
		}
	}
	return s
}

// notOrigins are adjectives in -isch before Herkunft that name no people
// ("Lebensmittel tierischer Herkunft", "Ortsnamen slawischer Herkunft" is
// one, "geografischer Herkunft" is not).
var notOrigins = map[string]bool{"tierisch": true, "akademisch": true, "städtisch": true, "medizinisch": true,
	"biologisch": true, "mineralisch": true, "synthetisch": true, "chemisch": true, "technisch": true,
	"organisch": true, "genetisch": true, "geografisch": true, "geographisch": true, "hanseatisch": true,
	"praktisch": true, "logisch": true, "typisch": true, "historisch": true, "regionalspezifisch": true}

// originAdjective returns the start of the adjective of a people or a
// state in -isch or -deutsch right before s ("ukrainischen Herkunft",
// "türkischer Abstammung", "russlanddeutscher Herkunft"), or -1.
func originAdjective(raw, low []byte, s int) int {
	ps, pe := prevWord(raw, s)
	if pe != s-1 || raw[pe] != ' ' || pe-ps < 6 || !isLowerASCII(raw[ps]) {
		return -1
	}
	w := string(low[ps:pe])
	for _, end := range []string{"en", "er", "e"} {
		if st, ok := strings.CutSuffix(w, end); ok && strings.HasSuffix(st, "sch") {
			if notOrigins[st] || strings.HasSuffix(st, "logisch") || strings.HasSuffix(st, "graphisch") || strings.HasSuffix(st, "grafisch") {
				return -1
			}
			return ps
		}
	}
	return -1
}

// valueAfterLabel reports a capitalised word or an adjective in -isch right
// after a label phrase ending at e on the same line ("Volkszugehörigkeit
// Hazara, Religion …", "Volkszugehörigkeit kurdisch"): the value follows,
// and the label word itself is no datum.
func valueAfterLabel(raw []byte, e int) bool {
	if e+1 >= len(raw) || raw[e] != ' ' {
		return false
	}
	if isCap(raw, e+1) {
		return true
	}
	w := raw[e+1 : wordEnd(raw, e+1)]
	return len(w) > 4 && bytes.HasSuffix(w, []byte("isch"))
}

// acronymTail moves the end e of a political phrase over the acronym of a
// party or group right after it ("Mitglied der HDP-Nachfolgepartei DEM",
// "Mitglied der Exilgruppe ONLF"): two to six capital letters, a word of
// their own.
func acronymTail(raw []byte, e int) int {
	if e+2 >= len(raw) || raw[e] != ' ' {
		return e
	}
	k := e + 1
	for k < len(raw) && k-e-1 < 7 && raw[k] >= 'A' && raw[k] <= 'Z' {
		k++
	}
	if n := k - e - 1; n < 2 || n > 6 || k < len(raw) && (isLetter(raw[k]) || raw[k] >= 0x80 || isDigit(raw[k])) {
		return e
	}
	return k
}

// branchPlaceTail returns the end of the place after a party's local
// branch ending at e, as the sets label it ("Ortsvereinsvorsitzender der SPD
// Nordstadt", "Ortsverein der SPD Hamburg-St. Georg"): one capitalised word
// (hyphenated, "St." and a second word after it) that ends its clause; or e.
// A noun the sentence goes on after ("… der SPD Hilfe leisten") is none.
func branchPlaceTail(raw []byte, e int) int {
	k := e + 1
	if k >= len(raw) || raw[e] != ' ' || !isUpper(raw[k]) {
		return e
	}
	we := k
	for we < len(raw) && (isLetter(raw[we]) || raw[we] >= 0x80 || raw[we] == '-' && we+1 < len(raw) && isUpper(raw[we+1])) {
		we++
	}
	if hasSuffixAt(raw, we, "St") && we+2 < len(raw) && raw[we] == '.' && raw[we+1] == ' ' && isUpper(raw[we+2]) {
		we += 2 // "Hamburg-St. Georg"
		for we < len(raw) && (isLetter(raw[we]) || raw[we] >= 0x80) {
			we++
		}
	}
	if we-k < 3 {
		return e
	}
	if we < len(raw) && raw[we] != '.' && raw[we] != ',' && raw[we] != ';' && raw[we] != ')' && raw[we] != '\n' && raw[we] != '\r' {
		return e
	}
	return we
}

// endsInParty reports a political phrase that ends in a party's or a group's
// name of special_org_party.txt ("mitglied der letzten generation").
func (d *specialDetector) endsInParty(text string) bool {
	for _, p := range d.parties {
		if strings.HasSuffix(text, " "+p) {
			return true
		}
	}
	return false
}

// groupTownTail returns the end of a town of street_towns.txt right after
// a party's or a group's name that ends at e, which names its local group
// ("Mitglied der Antifaschistischen Aktion Hamburg", "Mitglied der Letzten
// Generation Leipzig"), or e. The town is a whole word.
func (d *specialDetector) groupTownTail(raw, low []byte, e int) int {
	k := e + 1
	if k >= len(raw) || raw[e] != ' ' || !isUpper(raw[k]) {
		return e
	}
	we := wordEnd(raw, k)
	if we-k < 3 || we < len(raw) && raw[we] == '-' {
		return e
	}
	if slices.Contains(d.lx.List("street_towns"), string(low[k:we])) {
		return we
	}
	return e
}

// quotedNameTail returns the end of a quoted name right after a political
// phrase ending at e ("Sprecherin der Bürgerinitiative „Gegenwind
// Hüttenholz“", "Mitglied der Partei "Der III. Weg""), as the sets label it:
// „ or " after one blank, the closing “ or " within 60 bytes on the line;
// or e.
func quotedNameTail(raw []byte, e int) int {
	k := e + 1
	if k >= len(raw) || raw[e] != ' ' {
		return e
	}
	switch {
	case hasPrefixAt(raw, k, "„"):
		k += len("„")
	case raw[k] == '"':
		k++
	default:
		return e
	}
	for j := k; j < len(raw) && j-k < 60; j++ {
		switch {
		case raw[j] == '\n':
			return e
		case hasPrefixAt(raw, j, "“"):
			if j > k {
				return j + len("“")
			}
			return e
		case raw[j] == '"':
			if j > k {
				return j + 1
			}
			return e
		}
	}
	return e
}

// addictionStems tell an addiction or its treatment in a paragraph.
var addictionStems = [...]string{"alkohol", "sucht", "entwöhn", "entzug", "entgiftung", "aa-", "anonyme alkoholiker", "abhängig", "abstinen"}

// addictionNear reports a word of an addiction (addictionStems) in the
// paragraph of [s, e), within 300 bytes: "trocken" is then a person's
// sobriety ("nach der Entwöhnungstherapie … seit zehn Monaten trocken").
func addictionNear(low []byte, s, e int) bool {
	a, z := max(0, s-300), min(len(low), e+300)
	if k := bytes.LastIndex(low[a:s], []byte("\n\n")); k >= 0 {
		a += k + 2
	}
	if k := bytes.Index(low[e:z], []byte("\n\n")); k >= 0 {
		z = e + k
	}
	for _, w := range addictionStems {
		if bytes.Contains(low[a:s], []byte(w)) || bytes.Contains(low[e:z], []byte(w)) {
			return true
		}
	}
	return false
}

// eatsAs reports a verb of eating right before a diet at s, with "nur" or
// "ausschließlich" between: "Familie isst halal", "ich esse nur koscher".
func eatsAs(low []byte, s int) bool {
	for _, adv := range [...]string{"", "nur ", "ausschließlich "} {
		for _, v := range [...]string{"isst ", "esse ", "essen ", "ernährt sich ", "ernähre mich ", "ernähren sich "} {
			if hasSuffixAt(low, s, v+adv) {
				return true
			}
		}
	}
	return false
}

// ownAidWords are the aids of special_disability.txt that count only as
// someone's own (ownAid).
var ownAidWords = map[string]bool{"rollator": true, "elektrorollstuhl": true, "gehstock": true, "blindenstock": true,
	"toilettensitzerhöhung": true}

// reasonInItem reports " wegen " within 30 bytes after e, before the
// item ends (a full stop, a semicolon, a bar, a tab or the line's end):
// "Physiotherapie, 6 x KG wegen Lumboischialgie" names the reason, which is
// the datum, as after "stationäre Behandlung" and a Mehrbedarf.
func reasonInItem(low []byte, e int) bool {
	z := min(len(low), e+30)
	for i := e; i < z; i++ {
		switch low[i] {
		case '.', ';', '|', '\t', '\n':
			return false
		case ' ':
			if hasPrefixAt(low, i, " wegen ") {
				return true
			}
		}
	}
	return false
}

// practiceName reports that the word ending at e is the first of a
// practice's name, as Beihilfe claims list the invoicing practice: a
// capitalised name after it ("Physiotherapie Bergmann", "Physiotherapie
// Brandes") or a place after am, an der or im ("Physiotherapie am Markt"),
// which ends the cell, the line or the item (a comma, a bar, a tab, two
// blanks). A weekday or month after "am" is a date ("Physiotherapie am
// Montag, …"); a number, a comma or a lower-case word after the word is the
// treatment's ("Physiotherapie, 6x KG", "Physiotherapie 6x", "Physiotherapie
// für mich").
func practiceName(raw, low []byte, e int) bool {
	if e+1 >= len(raw) || raw[e] != ' ' {
		return false
	}
	i := e + 1
	for _, w := range []string{"am ", "an der ", "im "} {
		if hasPrefixAt(low, i, w) {
			i += len(w)
			if weekdayOrMonth(low, i) {
				return false
			}
			break
		}
	}
	if !isCap(raw, i) {
		return false
	}
	j := i
	for j < len(raw) && (isLetter(raw[j]) || raw[j] >= 0x80 || raw[j] == '-') {
		j++
	}
	if j-i < 3 {
		return false
	}
	if j == len(raw) {
		return true
	}
	switch raw[j] {
	case ',', '|', '\t', '\n', '\r':
		return true
	case ' ':
		return j+1 < len(raw) && (raw[j+1] == ' ' || raw[j+1] == '|')
	}
	return false
}

// ownAid reports an aid at s that is someone's: after "mit" and a
// possessive or the definite article ("mit seinem Rollator", "kommt mit dem
// Elektrorollstuhl nicht vorbei"), or in the list of a line labelled
// "Hilfsmittel:" ("Hilfsmittel: Rollator, Toilettensitzerhöhung").
func ownAid(low []byte, s int) bool {
	for _, w := range [...]string{"mit seinem ", "mit ihrem ", "mit meinem ", "mit deinem ", "mit dem "} {
		if hasSuffixAt(low, s, w) {
			return true
		}
	}
	if usedAid(low, s) {
		return true
	}
	ls := bytes.LastIndexByte(low[:s], '\n') + 1
	k := skipBlank(low, ls)
	if k+len("- ") <= s && low[k] == '-' {
		k = skipBlank(low, k+1)
	}
	return hasPrefixAt(low, k, "hilfsmittel:") && bytes.IndexByte(low[k:s], '.') < 0
}

// aidVerbs say that someone comes or walks with an aid ("kommt mit
// Rollator", "läuft mit Gehstock"). Not "geht mit", which the sets label
// with the aid as one datum ("geht mit Rollator"), nor "nutzt", which
// they leave none beside a stated impairment ("ist gehbehindert und nutzt
// einen Rollator").
var aidVerbs = [...]string{"läuft mit ", "kommt mit ", "laufe mit ", "komme mit "}

// usedAid reports a verb of aidVerbs in the clause before the aid at s,
// within 40 bytes: the aid is the walker's, as after "mit seinem"; a
// group's ("Nutzung durch Menschen mit Rollator") has no such verb.
func usedAid(low []byte, s int) bool {
	a := max(0, s-40)
	for i := s - 1; i >= a; i-- {
		if c := low[i]; c == '.' || c == ',' || c == ';' || c == ':' || c == '\n' || c == '(' {
			a = i + 1
			break
		}
	}
	for _, v := range aidVerbs {
		if k := bytes.Index(low[a:s], []byte(v)); k >= 0 && (a+k == 0 || !isLetter(low[a+k-1])) {
			return true
		}
	}
	return false
}

// attended reports a group [s, e) that someone attends in its clause
// ("besucht wöchentlich eine Selbsthilfegruppe", "die Selbsthilfegruppe
// regelmäßig besucht", "geht in eine Selbsthilfegruppe"): a word of visiting
// within 40 bytes before or after it, no clause's end between.
func attended(low []byte, s, e int) bool {
	a, z := max(0, s-40), min(len(low), e+40)
	for i := s - 1; i >= a; i-- {
		if c := low[i]; c == '.' || c == ',' || c == ';' || c == ':' || c == '\n' || c == '(' {
			a = i + 1
			break
		}
	}
	for i := e; i < z; i++ {
		if c := low[i]; c == '.' || c == ',' || c == ';' || c == ':' || c == '\n' || c == ')' {
			z = i
			break
		}
	}
	for _, w := range [...]string{"besuch", "geht in ", "gehe in ", "ging in ", "teilnimmt", "nimmt an "} {
		for off := a; off < z; {
			k := bytes.Index(low[off:z], []byte(w))
			if k < 0 {
				break
			}
			if k += off; k < s || k >= e {
				return true
			}
			off = k + 1
		}
	}
	return false
}

// ownCounselling reports a counselling phrase at s that is a person's own
// ("regelmäßig eine Suchtberatung besuchen", "seine Drogenberatung"): an
// indefinite article or a possessive right before it. With a definite
// article or none it names the service ("die Suchtberatung der Caritas").
func ownCounselling(low []byte, s, e int) bool {
	for _, w := range [...]string{"eine ", "einer ", "seine ", "seiner ", "ihre ", "ihrer "} {
		if s >= len(w) && string(low[s-len(w):s]) == w && (s == len(w) || !isLetter(low[s-len(w)-1])) {
			return true
		}
	}
	// attended ("nimmt an der Suchtberatung der Caritas teil"), or being in it
	// without an article, as in a treatment ("sich in ambulanter Suchtberatung
	// zu befinden")
	if attended(low, s, e) || hasSuffixAt(low, s, " in ") {
		return true
	}
	// going there for a reason: "geht seit August zur Suchtberatung wegen Cannabiskonsum"
	if hasSuffixAt(low, s, "zur ") && hasPrefixAt(low, e, " wegen ") {
		before := low[max(0, s-40) : s-4]
		for _, v := range [...]string{"geht ", "gehe ", "gehen ", "ging ", "kommt ", "kam "} {
			if bytes.Contains(before, []byte(v)) {
				return true
			}
		}
	}
	return false
}

// conditionalWords open a clause that states a condition, not a fact.
var conditionalWords = [...]string{"falls", "sofern", "wenn"}

// hedges after a conditional word make it a parenthesis of the speaker's
// own plan, not a condition of the datum: "wenn es geht gerne mit der
// stufenweisen Wiedereingliederung anfangen", "falls möglich ab Montag".
var hedges = [...]string{" es geht", " möglich", " nötig", " es passt", " es klappt", " gewünscht"}

// possessives right before a phrase make it the person's own, also in a
// conditional clause.
var possessives = [...]string{"deiner ", "deine ", "deinem ", "ihrer ", "ihre ", "ihrem ", "seiner ", "seine ", "seinem "}

// conditional reports a phrase at s in a conditional clause ("Falls Ihr
// Sohn krank war, legen Sie bitte Atteste vor"): a conditional word at
// most 100 bytes before it, with no clause or line end between them (a comma
// right before the phrase separates list items, not clauses): "wenn er aus
// dienstlichen oder betrieblichen Gründen oder wegen Arbeitsunfähigkeit
// nicht genommen werden konnte" in a Dienstanweisung.
func conditional(raw, low []byte, s int) bool {
	for _, p := range possessives {
		if s >= len(p) && hasPrefixAt(low, s-len(p), p) && isWordStartAt(raw, s-len(p)) {
			return false // "wenn du wegen deiner Migräne …": the condition presupposes the datum
		}
	}
	a := max(0, s-100)
	for j := s - 1; j >= a; j-- {
		switch raw[j] {
		case ',':
			// a comma right before the phrase joins the items of a list
			// ("Wenn Ihr Kind Fieber, Halsschmerzen … hat"), not clauses
			if len(bytes.TrimSpace(raw[j+1:s])) > 0 {
				a = j + 1
			}
		case ';', '.', ':', '\n', '(':
			a = j + 1
		}
		if a == j+1 {
			break
		}
	}
	for _, w := range conditionalWords {
		for off := a; off < s; {
			k := bytes.Index(low[off:s], []byte(w))
			if k < 0 {
				break
			}
			if i := off + k; isWordStartAt(raw, i) && wordBoundaryAfter(raw, i+len(w)) && !hedge(raw, low, i+len(w)) {
				return true
			}
			off += k + 1
		}
	}
	return false
}

// notPresented reports a certificate ending at e that its clause says was
// not presented ("… konnte er nicht vorlegen, weil …").
func notPresented(raw, low []byte, e int) bool {
	for k := e; k < len(raw) && k-e < 60; k++ {
		if c := raw[k]; c == ',' || c == '.' || c == ';' || c == '\n' {
			return false
		}
		for _, w := range [...]string{" nicht vorlegen", " nicht vorgelegt", " nicht eingereicht", " nicht einreichen", " nicht beigebracht"} {
			if hasPrefixAt(low, k, w) {
				return true
			}
		}
	}
	return false
}

// usableWith reports an adjective of access within three words after the
// aid ending at e: "mit dem Rollstuhl nutzbar", "… erreichbar".
func usableWith(low []byte, e int) bool {
	k := e
	for range 3 {
		if k >= len(low) || low[k] != ' ' {
			return false
		}
		we := wordEnd(low, k+1)
		if we == k+1 {
			return false
		}
		switch string(low[k+1 : we]) {
		case "nutzbar", "erreichbar", "befahrbar", "zugänglich", "benutzbar":
			return true
		}
		k = we
	}
	return false
}

// idDocumentWords show that fingerprints are taken for an identity
// document: the chip they are stored on, the appointment, the office.
var idDocumentWords = [...]string{"chip", "termin", "bürgerbüro", "bürgeramt", "ausweis", "reisepass", "erfasst", "aufenthaltstitel"}

// idDocumentSentence reports one of idDocumentWords in the sentence of
// [s, e).
func idDocumentSentence(raw, low []byte, s, e int) bool {
	a, z := sentenceBounds(raw, s, e, 160, 160)
	for _, w := range idDocumentWords {
		if bytes.Contains(low[a:z], []byte(w)) {
			return true
		}
	}
	return false
}

// reasonLater reports "wegen" or "aufgrund" later in the sentence of a
// phrase ending at e, within 80 bytes ("Ein Mehrbedarf für kostenaufwändige
// Ernährung nach § 30 Abs. 5 SGB XII wurde wegen Ihrer Zöliakie anerkannt"):
// a benefit cited with its norm is the law's, the reason named there is the
// datum (a note's "- Mehrbedarf … beantragt wegen …" states the person's own
// claim, as blind6 and blind7 label it). A dot before a capital, a line end
// or a semicolon ends the sentence ("Abs. 5" does not).
func reasonLater(raw, low []byte, e int) bool {
	for k := e; k < len(raw) && k-e < 80; k++ {
		switch c := raw[k]; {
		case c == '\n' || c == ';' || c == '.' && k+2 < len(raw) && raw[k+1] == ' ' && isUpper(raw[k+2]):
			return false
		case c == ' ' && (hasPrefixAt(low, k, " wegen ") || hasPrefixAt(low, k, " aufgrund ")):
			return true
		}
	}
	return false
}

// hedge reports one of hedges right after a conditional word ending at i.
func hedge(raw, low []byte, i int) bool {
	for _, h := range hedges {
		if hasPrefixAt(low, i, h) && wordBoundaryAfter(raw, i+len(h)) {
			return true
		}
	}
	return false
}

// questionSubjects follow the verb that opens a yes/no question to a person.
var questionSubjects = [...]string{" sie ", " du ", " ihr "}

// yesNoQuestion reports a phrase [s, e) in a yes/no question to a person
// ("Waren Sie politisch aktiv?", "Sind Sie schwanger?", "Hast du Diabetes?"):
// its clause opens with a verb and "Sie"/"du"/"ihr" and ends with "?". A
// question asks for the datum and does not state it. Both walks are bounded.
func yesNoQuestion(raw, low []byte, s, e int) bool {
	q := e
	for z := min(len(raw), e+60); q < z && raw[q] != '?'; q++ {
		if c := raw[q]; c == '.' || c == '!' || c == '\n' || c == ';' || c == ',' || c == ' ' && (hasPrefixAt(raw, q, " – ") || hasPrefixAt(raw, q, " - ")) {
			return false // a dash opens another clause: "dass sie Vertrauensfrau bei ver.di ist – muss ich das …?"
		}
	}
	if q >= len(raw) || raw[q] != '?' {
		return false
	}
	a := s
	for z := max(0, s-60); a > z; a-- {
		if c := raw[a-1]; c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';' || c == ',' {
			break
		}
	}
	for a < s && raw[a] == ' ' {
		a++
	}
	w := wordEnd(raw, a)
	if w <= a || w >= s {
		return false
	}
	for _, sub := range questionSubjects {
		if hasPrefixAt(low, w, sub) {
			return true
		}
	}
	return false
}

// thingQuestion reports a phrase [s, e) that is the subject of a yes/no
// question after its verb and a definite article ("Ist das Insulin im
// Kühlschrank?", "Liegt der Rollator noch im Keller?"): it asks where a
// thing is and states no one's datum; the caller keeps it when the question
// names a person ("Ist das Insulin von Herrn Kaya im Kühlschrank?").
func thingQuestion(raw, low []byte, s, e int) bool {
	q := e
	for z := min(len(raw), e+60); q < z && raw[q] != '?'; q++ {
		if c := raw[q]; c == '.' || c == '!' || c == '\n' || c == ';' || c == ',' {
			return false
		}
	}
	if q >= len(raw) || raw[q] != '?' {
		return false
	}
	if !prevWordIs(low, s, "das", "der", "die", "den") {
		return false
	}
	ps, _ := prevWord(low, s)
	vs, ve := prevWord(low, ps)
	if ve != ps-1 || ve <= vs || !isCap(raw, vs) {
		return false // the verb opens the clause: "Ist das …"
	}
	return vs == 0 || raw[vs-1] == ' ' && vs >= 2 && strings.IndexByte(".!?", raw[vs-2]) >= 0 || raw[vs-1] == '\n'
}

// vaccination reports a disease named as what a vaccination is against:
// "impf" (Impfstatus, Impfung gegen, Impfschutz) before it on its line,
// "geimpft" right after it, or a hyphen after it and "impf" later on its
// line.
func vaccination(t *Text, h, e int) bool {
	if bytes.Contains(t.LineBefore(h, 40), []byte("impf")) || bytes.HasPrefix(t.After(e, 9), []byte(" geimpft")) {
		return true
	}
	// the first part of a pair of vaccinations: "Grippe- und Pneumokokken-Impfung"
	if a := t.After(e, 40); len(a) > 0 && a[0] == '-' {
		if k := bytes.IndexByte(a, '\n'); k >= 0 {
			a = a[:k]
		}
		return bytes.Contains(a, []byte("impf"))
	}
	return false
}

// rankOfName reports an upper-case abbreviation used as a rank or title of a
// name: right before a given name or surname ("KHK Markus Reinfrank") or
// after "Surname, " at the end of a signature line ("Reinfrank, KHK").
func (d *specialDetector) rankOfName(raw, low []byte, h, e int) bool {
	if e+1 < len(raw) && raw[e] == ' ' && isCap(raw, e+1) {
		if we := wordEnd(raw, e+1); we > e+1 && d.lx.flags(low[e+1:we])&(wFirst|wLast) != 0 {
			return true
		}
	}
	if h >= 3 && raw[h-1] == ' ' && raw[h-2] == ',' && (e >= len(raw) || raw[e] == '\n' || raw[e] == '\r') {
		if ps, pe := prevWord(raw, h-2); pe == h-2 && pe > ps && isCap(raw, ps) {
			if d.lx.flags(low[ps:pe])&wLast != 0 {
				return true
			}
			// "Markus Reinfrank, KHK" on a line of its own
			gs, ge := prevWord(raw, ps)
			if ge == ps-1 && ge > gs && (gs == 0 || raw[gs-1] == '\n') && d.lx.flags(low[gs:ge])&wFirst != 0 {
				return true
			}
			// the signature after "Mit freundlichen Grüßen"
			if ps > 0 && raw[ps-1] == '\n' {
				prev := low[max(0, ps-40) : ps-1]
				return bytes.HasSuffix(prev, []byte("grüßen")) || bytes.HasSuffix(prev, []byte("gruß")) || bytes.HasSuffix(prev, []byte("auftrag"))
			}
		}
	}
	return false
}

// inTerm reports whether the phrase text found at h lies inside a term of
// special_terms.txt ("Grundsicherung im Alter und bei Erwerbsminderung",
// "Grad der Behinderung" without a number): the name of a benefit or a
// document says nothing about a person.
func inTerm(low []byte, h int, p *specialPhrase) bool {
	for _, t := range p.terms {
		if h-t.k >= 0 && hasPrefixAt(low, h-t.k, t.term) {
			return true
		}
	}
	return false
}

// unionDues finds a union's name on the payroll line of its dues
// ("Gewerkschaftsbeitrag ver.di 34,12 €"): the employer deducts the dues of
// a member, so the name states the membership.
func (d *specialDetector) unionDues(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	for wi, hits := range t.listHitsAt(duesSlot, d.dues) {
		w := d.dues[wi]
		for _, h := range hits {
			if !isWordStartAt(raw, h) {
				continue
			}
			if u, ok := d.unionBefore(raw, low, h, w); ok {
				if !covered(dst[n0:], u[0]) {
					dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: u[0], End: u[1], Score: 0.75})
				}
				continue
			}
			if !strings.Contains(w, "gewerkschaft") {
				continue // "Beitrag", "Mitgliedsbeitrag" alone: only after the union's name
			}
			z := min(len(raw), h+len(w)+40)
			if nl := bytes.IndexByte(raw[h:z], '\n'); nl >= 0 {
				z = h + nl
			}
			for i := wordEnd(raw, h); i < z; i++ {
				if !isWordStartAt(raw, i) || !isLetter(raw[i]) {
					continue
				}
				for _, u := range d.unions {
					if hasPrefixAt(low, i, u) && wordBoundaryAfter(raw, i+len(u)) && !covered(dst[n0:], i) {
						dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: i, End: i + len(u), Score: 0.75})
						return dst
					}
				}
			}
		}
	}
	return dst
}

// unionList adds the further unions of an inline list after a finding
// that ends in a union's name: "Mitglied bei ver.di, GEW und komba" states
// three memberships, each a span of its own. Only names of
// special_org_union.txt joined by a comma, "und", "sowie" or a slash
// count; the list ends at the first other word.
func (d *specialDetector) unionList(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	for i := n0; i < len(dst); i++ {
		f := dst[i]
		if f.Type != "SPECIAL_CATEGORY" || !d.endsInUnion(low, f.Start, f.End) {
			continue
		}
		for e := f.End; ; {
			k := -1
			for _, sep := range [...]string{", ", " und ", " sowie ", " / ", "/", " oder "} {
				if hasPrefixAt(low, e, sep) {
					k = e + len(sep)
					break
				}
			}
			if k < 0 {
				break
			}
			n := d.unionAt(raw, low, k)
			if n == 0 || covered(dst[n0:], k) {
				break
			}
			dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: k, End: k + n, Score: 0.75})
			e = k + n
		}
	}
	return dst
}

// endsInUnion reports a span [s, e) whose last word is a union's name.
func (d *specialDetector) endsInUnion(low []byte, s, e int) bool {
	for _, u := range d.unions {
		if e-s >= len(u) && string(low[e-len(u):e]) == u && (e-len(u) == s || !isLetter(low[e-len(u)-1])) {
			return true
		}
	}
	return false
}

// duesRows finds a union's name as a cell of a row of a list of members'
// dues: after a dash, a tab or a semicolon that follows a person on the
// line, and before the amount ("Pers.-Nr. 310882 Klaus-Dieter Ahrens –
// ver.di, 41,80 €/Monat"), below a heading of dues ("Beitrag", "Beiträge"
// in the 600 bytes before the line). The span runs on over "Gewerkschaft"
// after the name ("komba gewerkschaft"). A union in running text ("Frau
// Lange: ver.di fordert 350 € mehr") is no cell.
func (d *specialDetector) duesRows(t *Text, dst []Finding, n0 int) []Finding {
	heads := slices.Concat(t.keyHits(keyBeitrag), t.keyHits(keyUnionDues), t.keyHits(keyUnionDue))
	if len(heads) == 0 {
		return dst
	}
	slices.Sort(heads)
	raw, low := t.Raw, t.Lower()
	j := 0 // heads[:j] start before the line
	for ls := heads[0]; ls < len(raw); {
		le := len(raw)
		if i := bytes.IndexByte(raw[ls:], '\n'); i >= 0 {
			le = ls + i
		}
		for j < len(heads) && heads[j] < ls {
			j++
		}
		if j > 0 && ls-heads[j-1] <= 600 && le-ls <= 200 {
			dst = d.duesRow(raw, low, ls, le, dst, n0)
		}
		ls = le + 1
	}
	return dst
}

// duesRow adds the union cells of the line [ls, le) (duesRows).
func (d *specialDetector) duesRow(raw, low []byte, ls, le int, dst []Finding, n0 int) []Finding {
	for i := ls; i < le; i++ {
		var k int
		switch {
		case hasPrefixAt(raw, i, " – "):
			k = skipBlank(raw, i+len(" – "))
		case hasPrefixAt(raw, i, " - "):
			k = skipBlank(raw, i+len(" - "))
		case raw[i] == '\t' || raw[i] == ';':
			k = skipBlank(raw, i+1)
		default:
			continue
		}
		if k >= le {
			continue
		}
		n := d.unionAt(raw, low, k)
		if n == 0 || covered(dst[n0:], k) {
			continue
		}
		e := k + n
		if hasPrefixAt(low, e, " gewerkschaft") && wordBoundaryAfter(raw, e+len(" gewerkschaft")) {
			e += len(" gewerkschaft")
		}
		if !amountAfter(low, e, le) || !eachWord(raw, ls, i, func(w, we int) bool { return d.personWord(raw, low, w, we, false) == wordPerson }) {
			continue
		}
		dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: k, End: e, Score: 0.75})
		i = e - 1
	}
	return dst
}

// amountAfter reports a sum of money right after a union's cell at e, before
// le: a separator, then digits with two decimals after a comma or point and a currency
// ("ver.di, 41,80 €/Monat", "ver.di;33,10 EUR", "ver.di\t19.50 €").
func amountAfter(low []byte, e, le int) bool {
	k := e
	if k < le && (low[k] == ',' || low[k] == ';' || low[k] == '\t') {
		k++
	}
	for k < le && low[k] == ' ' {
		k++
	}
	d := k
	for d < le && isDigit(low[d]) {
		d++
	}
	if d == k || d+2 >= le || low[d] != ',' && low[d] != '.' || !isDigit(low[d+1]) || !isDigit(low[d+2]) {
		return false // cents: a dues amount, not "350 € mehr"
	}
	d += 3
	for d < le && low[d] == ' ' {
		d++
	}
	return hasPrefixAt(low, d, "€") || hasPrefixAt(low, d, "eur")
}

// unionColumnRows bounds the rows read below a "Gewerkschaft" column header.
const unionColumnRows = 200

// unionField finds a union's name as the value of a "Gewerkschaft" field of
// a personnel record: the cell below a column header of that name in a CSV
// or table export ("…;KiSt;Gewerkschaft;Beitrag" over "…;55,11;ver.di;41,29"),
// or after the label with a colon ("Mitglied einer Gewerkschaft: ja
// (ver.di)"). A record's field states the member's membership; the name in
// a sentence ("die Gewerkschaft ver.di ruft zum Streik auf") does not.
func (d *specialDetector) unionField(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	for _, h := range t.keyHits(keyUnion) {
		e := h + len("gewerkschaft")
		if !isWordStartAt(raw, h) || e < len(raw) && isLetter(raw[e]) {
			continue
		}
		if e < len(raw) && raw[e] == ':' {
			// "Gewerkschaft: ver.di", "Mitglied einer Gewerkschaft: ja (ver.di)"
			k := skipBlank(raw, e+1)
			if hasPrefixAt(low, k, "ja (") {
				k += len("ja (")
			}
			if u := d.unionAt(raw, low, k); u > 0 && !covered(dst[n0:], k) {
				dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: k, End: k + u, Score: 0.75})
			}
			continue
		}
		// a column header: the word is a cell of its own
		ls := bytes.LastIndexByte(raw[:h], '\n') + 1
		var sep byte
		switch {
		case h > ls && strings.IndexByte(";,\t|", raw[h-1]) >= 0:
			sep = raw[h-1]
		case e < len(raw) && strings.IndexByte(";,\t|", raw[e]) >= 0:
			sep = raw[e]
		default:
			continue
		}
		if h > ls && raw[h-1] != sep || e < len(raw) && raw[e] != sep && raw[e] != '\n' && raw[e] != '\r' {
			continue
		}
		col := bytes.Count(raw[ls:h], []byte{sep})
		i := e
		for row := 0; row < unionColumnRows; row++ {
			nl := bytes.IndexByte(raw[i:], '\n')
			if nl < 0 {
				break
			}
			i += nl + 1
			le := len(raw)
			if z := bytes.IndexByte(raw[i:], '\n'); z >= 0 {
				le = i + z
			}
			line := raw[i:le]
			if len(bytes.TrimSpace(line)) == 0 || bytes.IndexByte(line, sep) < 0 {
				break // the table ends
			}
			cs := i
			for c := 0; c < col && cs <= le; c++ {
				z := bytes.IndexByte(raw[cs:le], sep)
				if z < 0 {
					cs = le + 1
					break
				}
				cs += z + 1
			}
			if cs > le {
				continue
			}
			ce := le
			if z := bytes.IndexByte(raw[cs:le], sep); z >= 0 {
				ce = cs + z
			}
			k := skipBlank(raw, cs)
			if k < ce && (raw[k] == '"' || raw[k] == '\'') {
				k++
			}
			if u := d.unionAt(raw, low, k); u > 0 && k+u <= ce && !covered(dst[n0:], k) {
				dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: k, End: k + u, Score: 0.75})
			}
			i = le
		}
	}
	return dst
}

// unionAt returns the length of the union name of special_org_union.txt at
// k that is a word of its own, 0 if none.
func (d *specialDetector) unionAt(raw, low []byte, k int) int {
	for _, u := range d.unions {
		if hasPrefixAt(low, k, u) && wordBoundaryAfter(raw, k+len(u)) {
			return len(u)
		}
	}
	return 0
}

// hyphenWord widens [s, e) to the whole hyphenated word it is part of
// ("Alzheimer-Demenz", "rumänisch-orthodoxe"): a compound is one phrase.
// The walk is bounded, so the engine stays linear.
func hyphenWord(raw []byte, s, e int) (int, int) {
	inWord := func(c byte) bool { return isLetter(c) || isDigit(c) || c >= 0x80 }
	if s > 1 && raw[s-1] == '-' && inWord(raw[s-2]) {
		j := s - 1
		for j > 0 && s-j < 40 && (inWord(raw[j-1]) || raw[j-1] == '-' && j > 1 && inWord(raw[j-2])) {
			j--
		}
		s = runeStart(raw, j)
	}
	if e+1 < len(raw) && raw[e] == '-' && (isLetter(raw[e+1]) || raw[e+1] >= 0x80) {
		k := e
		for k < len(raw) && k-e < 40 && (inWord(raw[k]) || raw[k] == '-' && k+1 < len(raw) && inWord(raw[k+1])) {
			k++
		}
		for k > e && k < len(raw) && raw[k-1] >= 0x80 && !utf8.RuneStart(raw[k]) {
			k-- // never end inside a rune
		}
		e = k
	}
	return s, e
}

// titleEnd reports the end of a course or book title at e: a closing quote
// or a dash before a subtitle.
func titleEnd(raw []byte, e int) bool {
	return hasPrefixAt(raw, e, "“") || hasPrefixAt(raw, e, "\"") || hasPrefixAt(raw, e, "»") ||
		hasPrefixAt(raw, e, " – ") || hasPrefixAt(raw, e, " - ")
}

// compoundHead returns the last part of the hyphenated compound that runs
// from a phrase ending at pe to e ("reha|-klinik" → "klinik"), "" if the
// last hyphen lies before pe.
func compoundHead(low []byte, pe, e int) string {
	i := bytes.LastIndexByte(low[pe:e], '-')
	if i < 0 {
		return ""
	}
	return string(low[pe+i+1 : e])
}

// paragraphStart returns the start of the paragraph of s (after the last
// empty line), at most limit bytes before s.
func paragraphStart(raw []byte, s, limit int) int {
	a := max(0, s-limit)
	if i := bytes.LastIndex(raw[a:s], []byte("\n\n")); i >= 0 {
		return a + i + 2
	}
	return a
}

// truncatedBodyAfter reports a truncated compound whose head is an
// association, an office, a place or a thing: "des Blinden- und
// Sehbehindertenverbandes", "Seh- und Hörbehindertenschablone" (the phrase
// before the hyphen names whom the body serves, no one's datum). "Seh- und
// Hörbehinderung" is a condition and stays.
func truncatedBodyAfter(low []byte, e int) bool {
	if e >= len(low) || low[e] != '-' {
		return false
	}
	k := e + 1
	switch {
	case hasPrefixAt(low, k, " und "):
		k += len(" und ")
	case hasPrefixAt(low, k, " oder "):
		k += len(" oder ")
	case hasPrefixAt(low, k, ", "):
		k += len(", ")
	default:
		return false
	}
	we := wordEnd(low, k)
	w := low[k:we]
	// not a school, group, counselling or workshop: a person attends those
	// for the condition ("besucht die Blinden- und Sehbehindertenschule")
	for _, head := range []string{"verband", "verbandes", "verbands", "verbände", "verbänden", "verein", "vereins", "vereine",
		"beirat", "beirats", "beauftragte", "beauftragten", "beauftragter", "schablone", "schablonen",
		"bibliothek", "bücherei", "parkplatz", "parkplätze", "toilette", "toiletten"} {
		if len(w) > len(head) && bytes.HasSuffix(w, []byte(head)) {
			return true
		}
	}
	return false
}

// diseaseBefore reports "an …" within the three words before s on its
// line ("an Masern erkrankt", "an einer Grippe erkrankt").
func diseaseBefore(low []byte, s int) bool {
	k := s
	for range 4 {
		ps, pe := prevWord(low, k)
		if ps == pe || pe == k { // no word, or no blank before k
			return false
		}
		if string(low[ps:pe]) == "an" {
			return true
		}
		k = ps
	}
	return false
}

// compoundStart returns the start of the compound word that a suffix phrase
// found at h ends ("Erdnuss|allergie", "Knie|-OP"), or -1 when no letter
// precedes h. The walk is bounded, so the engine stays linear.
func compoundStart(raw []byte, h int) int {
	j := h
	for j > 0 && h-j < 40 && (isLetter(raw[j-1]) || raw[j-1] >= 0x80 || raw[j-1] == '-' && j > 1 && isLetter(raw[j-2])) {
		j--
	}
	if j == h || raw[j] == '-' || !isWordStartAt(raw, j) {
		return -1
	}
	return runeStart(raw, j)
}

// ordinalWords count months and weeks of a pregnancy ("im fünften Monat").
var ordinalWords = map[string]bool{"ersten": true, "zweiten": true, "dritten": true, "vierten": true, "fünften": true,
	"sechsten": true, "siebten": true, "siebenten": true, "achten": true, "neunten": true, "letzten": true}

// ordinalRight returns the end of the month or week of a pregnancy after a
// comma, as a table cell or a list gives it ("Schwangerschaft, 7. Monat",
// "Schwangerschaft, 24. SSW", "schwanger, 5. Monat"), or e.
func ordinalRight(low []byte, e int) int {
	if !hasPrefixAt(low, e, ", ") {
		return e
	}
	k := e + 2
	d := k
	for d < len(low) && d-k < 2 && isDigit(low[d]) {
		d++
	}
	if d == k || d+2 >= len(low) || low[d] != '.' || low[d+1] != ' ' {
		return e
	}
	for _, unit := range []string{"monat", "woche", "ssw"} {
		if hasPrefixAt(low, d+2, unit) && wordBoundaryAfter(low, d+2+len(unit)) {
			return d + 2 + len(unit)
		}
	}
	return e
}

// ordinalLeft moves the start s of a pregnancy phrase over the month or week
// it states: "fünften Monat schwanger", "31. SSW schwanger", "32.
// Schwangerschaftswoche", "12. SSW". Other phrases keep s.
func ordinalLeft(raw, low []byte, s int, text string) int {
	var week bool
	switch text {
	case "schwanger", "pregnant":
	case "schwangerschaftswoche", "ssw", "schwangerschaftsmonat", "lebenswoche":
		week = true
	default:
		return s
	}
	if text == "pregnant" {
		return englishTerm(raw, low, s)
	}
	k := s
	if !week { // "Monat schwanger": the unit stands before the phrase
		ps, pe := prevWord(raw, k)
		if pe != k-1 || raw[pe] != ' ' || !(string(low[ps:pe]) == "monat" || string(low[ps:pe]) == "woche" || string(low[ps:pe]) == "ssw") {
			return s
		}
		k = ps
	}
	if k < 3 || raw[k-1] != ' ' {
		return s
	}
	if raw[k-2] == '.' { // "32. SSW"
		j := k - 2
		for j > 0 && k-2-j < 2 && isDigit(raw[j-1]) {
			j--
		}
		if j < k-2 && isWordStartAt(raw, j) {
			return j
		}
		return s
	}
	if ps, pe := prevWord(raw, k-1); pe == k-1 && ordinalWords[string(low[ps:pe])] {
		return ps
	}
	return s
}

// englishNumbers are the numbers an English term of pregnancy is counted in.
var englishNumbers = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true}

// englishTerm returns the start of the term before English "pregnant" at s:
// a number and "months" or "weeks" ("five months pregnant", "24 weeks
// pregnant"), or s.
func englishTerm(raw, low []byte, s int) int {
	ps, pe := prevWord(raw, s)
	if pe != s-1 || pe <= ps {
		return s
	}
	switch string(low[ps:pe]) {
	case "months", "weeks", "month", "week":
	default:
		return s
	}
	ns, ne := prevWord(raw, ps)
	if ne == ps-1 && ne > ns && englishNumbers[string(low[ns:ne])] {
		return ns
	}
	if d := ps - 1; d > 0 && isDigit(raw[d-1]) {
		j := d - 1
		for j > 0 && d-j < 2 && isDigit(raw[j-1]) {
			j--
		}
		if isWordStartAt(raw, j) {
			return j
		}
	}
	return s
}

// inflectionEndings may follow a phrase inside its word (depressiv-e,
// Depression-en, Alkoholiker-in); any other rest makes a different word.
var inflectionEndings = map[string]bool{"": true, "e": true, "en": true, "er": true, "es": true, "em": true,
	"n": true, "s": true, "in": true, "innen": true, "nen": true, "ern": true, "ens": true, "ische": true,
	"keit": true, "heit": true} // abhängig-keit, schwerhörig-keit, blind-heit

// inflection returns the end of the word that the phrase ending at e is in,
// when the rest of the word is an inflection ending.
func inflection(raw, low []byte, e int) (int, bool) {
	we := e
	for we < len(raw) && we-e <= 6 && isLowerASCII(low[we]) {
		we++
	}
	if _, _, ok := letterAt(raw, we); ok { // not a closing quote „…“ or a dash
		return 0, false
	}
	return we, inflectionEndings[string(low[e:we])]
}

// diseaseTail reports a phrase that runs on, in one word, into the word for
// an illness or its bouts ("Brustkrebs|erkrankung", "Darmkrebs|leiden",
// "Migräne|anfälle", "Rheuma|schub") or its treatment ("Dialyse|behandlung",
// "Methadon|programm"), and the end of that word.
func diseaseTail(raw, low []byte, e int) (int, bool) {
	for _, w := range [...]string{"erkrankungen", "erkrankung", "leiden", "anfällen", "anfälle", "anfalls", "anfall",
		"attacken", "attacke", "schüben", "schübe", "schubs", "schub",
		// round 48: its treatment ("Dialyse|behandlung", "Methadon|programm")
		"behandlungen", "behandlung", "therapien", "therapie", "programms", "programm"} {
		if hasPrefixAt(low, e, w) && wordBoundaryAfter(raw, e+len(w)) {
			return e + len(w), true
		}
	}
	return 0, false
}

// numberTail reads " 60", ": 50", " III", " (GdB) von 50" after a phrase.
func numberTail(raw, low []byte, e int) (int, bool) {
	k := e
	if k < len(raw) && raw[k] == ':' {
		k++
	}
	k = skipBlank(raw, k)
	if hasPrefixAt(low, k, "von ") {
		k = skipBlank(raw, k+4)
	} else if hasPrefixAt(low, k, "of ") {
		k = skipBlank(raw, k+3) // "degree of disability of 50"
	}
	if n := digitsAt(raw, k); n > k && n-k <= 3 {
		if n < len(raw) && (raw[n] == '.' && n+1 < len(raw) && isDigit(raw[n+1]) || isLetter(raw[n])) {
			return 0, false
		}
		return n, true
	}
	// roman numerals: Pflegestufe II
	n := k
	for n < len(raw) && (raw[n] == 'I' || raw[n] == 'V') {
		n++
	}
	if n > k && n-k <= 4 && wordBoundaryAfter(raw, n) {
		return n, true
	}
	return 0, false
}

// countTable reports a statistics row after a number phrase: a range
// ("GdB 60–70") or a count after a colon ("Pflegegrad 1: 3.120"). A person
// has one GdB; a count of people is not about a person.
func countTable(raw []byte, e int) bool {
	if e < len(raw) && raw[e] == '-' && e+1 < len(raw) && isDigit(raw[e+1]) {
		return true
	}
	if hasPrefixAt(raw, e, "–") || hasPrefixAt(raw, e, "—") {
		return isDigit(byteAt(raw, skipBlank(raw, e+3)))
	}
	if e >= len(raw) || raw[e] != ':' {
		return false
	}
	k := skipBlank(raw, e+1)
	n := digitsAt(raw, k)
	if n == k {
		return false
	}
	// a thousands group (18.412) is a count; a date (01.03.2024) is not
	if n+3 < len(raw) && raw[n] == '.' && isDigit(raw[n+1]) && isDigit(raw[n+2]) && !isDigit(raw[n+3]) {
		return false
	}
	return true
}

// rowSeparator returns the first of seps that parts line at least twice,
// a table row's separator; 0 when none does.
func rowSeparator(line []byte, seps string) byte {
	for i := 0; i < len(seps); i++ {
		if bytes.Count(line, []byte{seps[i]}) >= 2 {
			return seps[i]
		}
	}
	return 0
}

// headerRowStart returns where the first of the rows right above the row
// at ls that sep parts too begins (at most 200 rows up): the table's
// header row; ls when the row at ls is the first.
func headerRowStart(raw []byte, ls int, sep byte) int {
	hdr := ls
	for n := 0; hdr > 0 && n < 200; n++ {
		ps := bytes.LastIndexByte(raw[:hdr-1], '\n') + 1
		if bytes.Count(raw[ps:hdr-1], []byte{sep}) < 2 {
			break
		}
		hdr = ps
	}
	return hdr
}

// cellAt finds the table cell that [s, e) stands in: its line [ls, le),
// the first of seps that parts the line at least twice (0: no table line),
// where the cell starts (cs) and the column's index (col).
// A line longer than maxTableRow is no table row (sep 0), so that each
// finding on one long line reads a bounded part of it, not all of it.
func cellAt(raw []byte, s, e int, seps string) (ls, le, cs, col int, sep byte) {
	lo := max(0, s-maxTableRow)
	ls = lo + bytes.LastIndexByte(raw[lo:s], '\n') + 1
	le = lineEndAt(raw[:min(len(raw), e+maxTableRow)], e)
	if (ls == lo && lo > 0) || (le < len(raw) && raw[le] != '\n') {
		return ls, le, 0, 0, 0 // a line longer than a table's row
	}
	if sep = rowSeparator(raw[ls:le], seps); sep == 0 {
		return ls, le, 0, 0, 0
	}
	cs = ls + bytes.LastIndexByte(raw[ls:s], sep) + 1
	return ls, le, cs, bytes.Count(raw[ls:cs], []byte{sep}), sep
}

// countColumnHeader reports a phrase [s, e) that opens a cell of a table's
// header row whose column holds counts below it ("Jahr | Pflegebedürftige
// gesamt | Pflegegrad 1 | …" over "2019 | 38.412 | 2.140 | …"): the name of
// a column of a statistic, no one's datum. A person's row holds a grade, a
// word or a code there, not a count; the header row itself has no cell that
// is a number (a data row has).
func countColumnHeader(raw []byte, s, e int) bool {
	if !opensCell(raw, s) {
		return false // cheap: most phrases stand inside prose, not at a cell's start
	}
	ls, le, cs, col, sep := cellAt(raw, s, e, "|\t;")
	if sep == 0 {
		return false
	}
	if strings.TrimSpace(string(raw[cs:s])) != "" {
		return false // the phrase does not open its cell
	}
	for _, c := range bytes.Split(raw[ls:le], []byte{sep}) {
		if countCell(c) {
			return false // a row of data
		}
	}
	// the next row, past a Markdown rule ("|---|---|")
	for n := le + 1; n < len(raw); {
		ne := lineEndAt(raw, n)
		line := raw[n:ne]
		if len(bytes.Trim(line, "|-: \t\r")) == 0 && bytes.IndexByte(line, '-') >= 0 {
			n = ne + 1
			continue
		}
		return countCell(nthCell(line[:min(len(line), maxTableRow)], sep, col))
	}
	return false
}

// opensCell reports whether only blanks stand between s and the line's
// start or a '|', ';' or tab before it, as before the first word of a
// table's cell; a byte beyond ASCII before the blanks (a no-break space)
// is left to the caller's full reading.
func opensCell(raw []byte, s int) bool {
	j := s
	for j > 0 {
		switch raw[j-1] {
		case ' ', '\r', '\v', '\f':
			j--
			continue
		case '\t', '\n', '|', ';':
			return true
		}
		return raw[j-1] >= 0x80
	}
	return true
}

// maxTableRow is the longest line read as a table's row (cellAt).
const maxTableRow = 4096

// nthCell returns the cell of index col of a row parted by sep, or nil
// when the row has fewer cells.
func nthCell(row []byte, sep byte, col int) []byte {
	for ; col > 0; col-- {
		i := bytes.IndexByte(row, sep)
		if i < 0 {
			return nil
		}
		row = row[i+1:]
	}
	if i := bytes.IndexByte(row, sep); i >= 0 {
		row = row[:i]
	}
	return row
}

// countCell reports a table cell that holds a count or a share alone
// ("38.412", "2,5 %", "68"), blank around it.
func countCell(c []byte) bool {
	c = bytes.TrimSpace(c)
	digits := 0
	for _, b := range c {
		switch {
		case isDigit(b):
			digits++
		case b == '.' || b == ',' || b == '%' || b == ' ':
		default:
			return false
		}
	}
	return digits > 0
}

// hl7Event reports a code at i that is the trigger event of an HL7 v2
// message type, three capitals and a caret before it ("ORU^R01", "ADT^A08",
// "ORM^O01"): the kind of message, no diagnosis. A diagnosis in a DG1 or
// OBX segment comes first in its field ("|S72.00^Schenkelhalsfraktur^I10|").
func hl7Event(raw []byte, i int) bool {
	if i < 5 || raw[i-1] != '^' {
		return false
	}
	for _, c := range raw[i-4 : i-1] {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return raw[i-5] == '|' || raw[i-5] == ' ' || raw[i-5] == '\n'
}

func byteAt(b []byte, i int) byte {
	if i < 0 || i >= len(b) {
		return 0
	}
	return b[i]
}

// isFormLabel reports whether the phrase [h, e) is a form label: a colon
// follows, directly or after one short word ("Mutterschutz bis:"). The
// period of it is no label: "Zeitraum der Arbeitsunfähigkeit: 13.01.–07.02."
// states the sick leave.
func isFormLabel(raw, low []byte, h, e int) bool {
	for _, w := range [...]string{"zeitraum der ", "zeiten der ", "dauer der ", "beginn der ", "ende der "} {
		if h >= len(w) && hasPrefixAt(low, h-len(w), w) {
			return false
		}
	}
	k := skipBlank(raw, e)
	if k < len(raw) && raw[k] == ':' {
		// "2026 arbeitsunfähig erkrankt: 12.01.–06.03., 20.04.–15.05.": a
		// state before the dates it held, no form's label
		v := skipBlank(raw, k+1)
		d := digitsAt(raw, v)
		return !(isLowerASCII(raw[h]) && d > v && d-v <= 2 && byteAt(raw, d) == '.' && isDigit(byteAt(raw, d+1)))
	}
	if k == e {
		return false
	}
	we := k
	for we < len(raw) && we-k <= 5 && isLowerASCII(low[we]) {
		we++
	}
	return we > k && we-k <= 5 && byteAt(raw, skipBlank(raw, we)) == ':'
}

// statusWords state a diagnosis as a past event and belong to its span
// ("Zustand nach Apoplex", "recovering from a C-section"). The
// abbreviation "Z. n." stays outside, as "V. a." and "Verdacht auf" do:
// a note's label before the diagnosis (testcases/README.md, Conventions).
var statusWords = [...]string{"zustand nach ", "recovering from a ", "recovering from an ", "recovering from "}

// statusLeft returns the start of a status phrase right before s, or s.
func statusLeft(low []byte, s int) int {
	for _, w := range statusWords {
		if s >= len(w) && hasPrefixAt(low, s-len(w), w) && isWordStartAt(low, s-len(w)) {
			return s - len(w)
		}
	}
	return s
}

// sinceLeft returns the start of a duration right before an abstinence
// phrase at s ("seit zwei Jahren abstinent", "seit 18 Monaten abstinent"),
// or s.
func sinceLeft(raw, low []byte, s int) int {
	if s < 2 || raw[s-1] != ' ' {
		return s
	}
	us, ue := prevWord(raw, s-1)
	switch string(low[us:ue]) {
	case "jahren", "jahr", "monaten", "monat", "wochen", "tagen":
	default:
		return s
	}
	ns, ne := prevWord(raw, us)
	if ne != us-1 || ns == ne {
		return s
	}
	if ss, se := prevWord(raw, ns); se == ns-1 && string(low[ss:se]) == "seit" {
		return ss
	}
	return s
}

// settingLeft returns the start of the setting of a stay before a place of
// treatment at s ("stationär in der Psychiatrie", "teilstationär in einer
// Tagesklinik"), or s: the setting belongs to the datum as a qualifier does
// ("stationäre Entwöhnungsbehandlung").
func settingLeft(low []byte, s int) int {
	for _, w := range [...]string{"stationär in der ", "stationär in einer ", "stationär im ", "stationär in einem "} {
		if hasSuffixAt(low, s, w) {
			k := s - len(w)
			if k >= 4 && hasSuffixAt(low, k, "teil") {
				k -= 4
			}
			if k == 0 || !isLetter(low[k-1]) && low[k-1] < 0x80 {
				return k
			}
		}
	}
	return s
}

// sittingLeft returns the start of "sitzen" before "im Rollstuhl" at s,
// with up to five words between that say since when or why ("sitze seit
// einem Unfall im Rollstuhl", "sitzt nach dem Schlaganfall im Rollstuhl"),
// or s: sitting in a wheelchair is a dependence on it, the verb inside the
// span as in the lexicon's "sitzt im Rollstuhl".
func sittingLeft(low []byte, s int) int {
	if !hasSuffixAt(low, s, "im ") {
		return s
	}
	k := s - len("im ")
	for range 6 {
		ps, pe := prevWord(low, k)
		if pe != k-1 || pe <= ps {
			return s
		}
		switch string(low[ps:pe]) {
		case "sitze", "sitzt", "sitzen", "saß", "saßen":
			return ps
		}
		k = ps
	}
	return s
}

// stemIn reports whether the word w, or w without an adjective ending, is in set.
func stemIn(set map[string]bool, w []byte) bool {
	if set[string(w)] {
		return true
	}
	for _, end := range [...]string{"e", "er", "en", "es", "em"} {
		if len(w) > len(end)+2 && string(w[len(w)-len(end):]) == end && set[string(w[:len(w)-len(end)])] {
			return true
		}
	}
	return false
}

// extendLeft moves the start h of a phrase over up to two qualifier words
// before it, separated by single spaces; two qualifiers may be joined by a
// comma when the first has an adjective ending ("offener, eitriger Wunde am
// Finger", round 78).
func (d *specialDetector) extendLeft(raw, low []byte, h int) int {
	s := h
	for range 2 {
		if s < 2 || raw[s-1] != ' ' {
			break
		}
		ws := s - 1
		comma := s < h && s >= 3 && raw[s-2] == ','
		if comma {
			ws--
		}
		j := ws
		for j > 0 && ws-j < 40 && (isLetter(raw[j-1]) || raw[j-1] >= 0x80 || raw[j-1] == '-' && j < ws && j > 1 && isLetter(raw[j-2])) {
			j--
		}
		if j == ws || !isWordStartAt(raw, j) || !d.qualifierWord(low[j:ws]) || adverbOnly[string(low[j:ws])] ||
			comma && d.qualifiers[string(low[j:ws])] {
			break // "chronisch, rezidivierende …": a comma after a bare adverb ends the phrase
		}
		s = runeStart(raw, j)
	}
	return s
}

// qualifierWord reports a qualifier, or a hyphenated pair of them whose
// first part has no ending ("paranoid-halluzinatorische Schizophrenie",
// "akut-polymorphe"), not a compound with a noun ("Covid-Patienten").
func (d *specialDetector) qualifierWord(w []byte) bool {
	i := bytes.IndexByte(w, '-')
	if i < 0 {
		return stemIn(d.qualifiers, w)
	}
	return i > 0 && d.qualifiers[string(w[:i])] && stemIn(d.qualifiers, w[i+1:])
}

// adverbOnly are qualifiers of frequency without an adjective ending: an
// adverb of the clause ("gelegentlich wortfindungsgestört"), not a kind of
// the phrase ("gelegentlichem Cannabiskonsum").
var adverbOnly = map[string]bool{"gelegentlich": true, "regelmäßig": true}

// extendRight moves the end e of a phrase over one head noun after it
// ("depressive Störung"), a stage, and the side of the body when the
// phrase ends there ("Amblyopie links", "Kniegelenksarthrose beidseits").
func (d *specialDetector) extendRight(raw, low []byte, e int) int {
	if e+1 < len(raw) && raw[e] == ',' {
		return needTail(raw, low, e) // "Frühgeburt, 32. SSW"
	}
	if e+1 >= len(raw) || raw[e] != ' ' {
		return e
	}
	we := wordEnd(raw, e+1)
	if we > e+1 && stemIn(d.heads, low[e+1:we]) {
		e = we
	}
	if bytes.HasSuffix(low[:e], []byte("episode")) && bytes.Contains(low[max(0, e-40):e], []byte("depressiv")) {
		// "schwere depressive Episode ohne psychotische Symptome"; a manic
		// episode "mit psychotischen Symptomen" is two findings
		e = icdRider(raw, low, e)
	}
	e = d.currentEpisode(raw, low, e)
	e = stageTail(raw, low, e)
	e = typeTail(raw, low, e)
	e = ofTheTail(raw, low, e)
	e = needTail(raw, low, e)
	e = bareSiteTail(raw, low, e)
	e = allergenTail(raw, low, e)
	return sideEnd(raw, low, e)
}

// allergenTail returns the end of what an allergy or an intolerance ending
// at e is against, when a capitalised word follows " gegen "
// ("Allergie gegen Hausstaubmilben", "Unverträglichkeit gegen Penicillin"):
// without it the finding says little; e otherwise.
func allergenTail(raw, low []byte, e int) int {
	if !hasPrefixAt(low, e, " gegen ") {
		return e
	}
	ok := false
	for _, w := range [...]string{"allergie", "allergien", "unverträglichkeit", "unverträglichkeiten", "überempfindlichkeit"} {
		if bytes.HasSuffix(low[:e], []byte(w)) {
			ok = true
			break
		}
	}
	k := e + len(" gegen ")
	if !ok || !isCap(raw, k) {
		return e
	}
	ke := wordEnd(raw, k)
	if ke-k < 3 {
		return e
	}
	return ke
}

// riteOffered reports a religion's rite [h, e) " Ritus" in a clause that
// says what is possible or offered and names no person ("Bestattung nach
// islamischem Ritus im Grabfeld 14 möglich", "… wird auf Wunsch angeboten"),
// as a fee list or a cemetery's rules do; "Herr Kaya wurde nach
// muslimischem Ritus bestattet" is his.
func (d *specialDetector) riteOffered(raw, low []byte, h, e int) bool {
	a := clauseStart(low, h, 200, ".!?;\n")
	z := clauseEnd(low, e, 200, ".!?;\n")
	offer := false
	for _, w := range [...]string{" möglich", " angeboten", " auf wunsch", " zulässig", " erlaubt"} {
		if bytes.Contains(low[e:z], []byte(w)) {
			offer = true
			break
		}
	}
	return offer && !eachWord(raw, a, z, func(i, we int) bool {
		return d.personWord(raw, low, i, we, false) == wordPerson || d.lx.flags(low[i:we])&(wRelation|wSalutation) != 0
	})
}

// trafficObstruction reports "Behinderung" [h, e) in the sense of the road
// traffic rules: after "mit" on a line that names a manoeuvre or a part of
// the road before it, as the Bußgeldkatalog words an offence ("Parken auf
// einem Gehweg mit Behinderung", "Halten in zweiter Reihe mit Behinderung"),
// or before the road users it obstructs ("Behinderung des Verkehrs",
// "Behinderung anderer Verkehrsteilnehmer", "… der Rettungskräfte").
func trafficObstruction(low []byte, h, e int) bool {
	if e != h+len("behinderung") {
		return false // an inflected or longer form: "Behinderungen", "Behinderungsgrad"
	}
	for _, w := range [...]string{" des verkehrs", " des fahrverkehrs", " des fußverkehrs", " anderer verkehrsteilnehmer", " der rettungskräfte", " von rettungskräften", " der feuerwehr"} {
		if hasPrefixAt(low, e, w) {
			return true
		}
	}
	if !hasSuffixAt(low, h, " mit ") {
		return false
	}
	ls := max(0, h-160)
	if nl := bytes.LastIndexByte(low[ls:h], '\n'); nl >= 0 {
		ls += nl + 1
	}
	for _, w := range [...]string{"parken", "halten", "geparkt", "gehalten", "gehweg", "radweg", "fahrbahn", "radfahrstreifen", "zweiter reihe",
		"feuerwehrzufahrt", "haltverbot", "überholen", "wenden", "abbiegen"} {
		if bytes.Contains(low[ls:h], []byte(w)) {
			return true
		}
	}
	return false
}

// sideEnd returns the end of the side of the body right after e when the
// phrase ends there ("links", "beidseits" before a comma, a bracket, a line's
// or a cell's end), or e. "beidseits" names nothing but a side and is taken
// before any word ("wegen einer Hörminderung beidseits lange nicht"); "links"
// and "rechts" are adverbs too ("Diabetes links liegen lassen").
func sideEnd(raw, low []byte, e int) int {
	for _, w := range sideWords {
		if hasPrefixAt(low, e, w) {
			k := e + len(w)
			if k >= len(raw) || raw[k] == ',' || raw[k] == ';' || raw[k] == ')' || raw[k] == '\n' || raw[k] == '\r' || raw[k] == '<' ||
				raw[k] == '|' || raw[k] == '\t' || // a cell's end: "||Schenkelhalsfraktur links||" (HL7), a TSV's
				(raw[k] == '.' || raw[k] == ' ') && (k+1 >= len(raw) || !isLowerASCII(raw[k+1])) ||
				raw[k] == ' ' && (afterSide(low, k+1) || w == " beidseits" || w == " beidseitig" || w == " bds.") {
				return k
			}
			break
		}
	}
	return e
}

// bareSiteTail returns the end of a part of the body named right after a
// diagnosis ending at e without a preposition, as a report's short form
// gives it: a side's adjective before it ("Fraktur rechtes Handgelenk") or
// a side after it ("Grünholzfraktur Unterarm links", which extendRight's
// side words then take); e otherwise.
func bareSiteTail(raw, low []byte, e int) int {
	if e+1 >= len(raw) || raw[e] != ' ' {
		return e
	}
	k := e + 1
	side := false
	for _, w := range [...]string{"rechtes ", "linkes ", "rechter ", "linker ", "rechte ", "linke "} {
		if hasPrefixAt(low, k, w) {
			k, side = k+len(w), true
			break
		}
	}
	if k >= len(raw) || !isUpper(raw[k]) {
		return e
	}
	ke := wordEnd(low, k)
	if !slices.Contains(bodySites, string(low[k:ke])) {
		return e
	}
	if side {
		return ke
	}
	if sideEnd(raw, low, ke) > ke {
		return ke
	}
	return e
}

// needTail returns the end of what a condition ending at e makes needed,
// after "mit" ("Niereninsuffizienz mit Dialysepflicht", "Diabetes mellitus
// mit Insulinpflicht"), and of the week of a pregnancy after "in der"
// ("Schwangerschaft in der 14. SSW", "… in der 20. Schwangerschaftswoche",
// "Frühgeburt in der 31. SSW"), also right after the word or a comma, as a
// table's cell gives it ("Frühgeburt 29. SSW", "Frühgeburt, 32. SSW");
// or e. Two conditions joined by "mit" stay two.
func needTail(raw, low []byte, e int) int {
	switch {
	case hasPrefixAt(low, e, " mit "):
		k := e + len(" mit ")
		if we := wordEnd(raw, k); we > k+len("pflicht") && isCap(raw, k) &&
			(bytes.HasSuffix(low[k:we], []byte("pflicht")) || bytes.HasSuffix(low[k:we], []byte("pflichtigkeit"))) {
			return we
		}
	case bytes.HasSuffix(low[:e], []byte("schwangerschaft")) || bytes.HasSuffix(low[:e], []byte("frühgeburt")) ||
		bytes.HasSuffix(low[:e], []byte("fehlgeburt")):
		k := e + 1
		switch {
		case hasPrefixAt(low, e, " in der "):
			k = e + len(" in der ")
		case hasPrefixAt(low, e, ", "):
			k = e + 2
		case !hasPrefixAt(low, e, " "):
			return e
		}
		j := k
		for j < len(raw) && j-k < 2 && isDigit(raw[j]) {
			j++
		}
		if j == k || j >= len(raw) || raw[j] != '.' {
			return e
		}
		j = skipBlank(raw, j+1)
		for _, w := range []string{"ssw", "schwangerschaftswoche"} {
			if hasPrefixAt(low, j, w) && (j+len(w) == len(raw) || !isLetter(raw[j+len(w)])) {
				return j + len(w)
			}
		}
	}
	return e
}

// ofTheTail returns the end of the site named in English after a
// diagnosis ending at e ("avascular necrosis of the left femoral head",
// "fracture of the right wrist"): "of the", up to three lower-case words,
// then a clause end; or e.
func ofTheTail(raw, low []byte, e int) int {
	if !hasPrefixAt(low, e, " of the ") {
		return e
	}
	k := e + len(" of the ")
	for range 3 {
		we := k
		for we < len(raw) && isLowerASCII(raw[we]) {
			we++
		}
		if we == k {
			return e
		}
		if we >= len(raw) || raw[we] == ';' || raw[we] == ',' || raw[we] == '.' || raw[we] == ')' || raw[we] == '\n' {
			return we
		}
		if raw[we] != ' ' {
			return e
		}
		k = we + 1
	}
	return e
}

// typeTail returns the end of the type named after a diagnosis ending at e
// ("Demenz vom Alzheimer-Typ", "Demenz vom vaskulären Typ"), or e.
func typeTail(raw, low []byte, e int) int {
	if !hasPrefixAt(low, e, " vom ") {
		return e
	}
	k := e + len(" vom ")
	for range 2 {
		we := wordEnd(raw, k)
		if we == k {
			return e
		}
		if bytes.HasSuffix(low[k:we], []byte("typ")) {
			return we
		}
		if we >= len(raw) || raw[we] != ' ' {
			return e
		}
		k = we + 1
	}
	return e
}

// currentEpisode returns the end of the ICD-10 wording of the current state
// after a diagnosis ending at e (", gegenwärtig mittelgradige Episode",
// ", gegenwärtig remittiert"), or e.
func (d *specialDetector) currentEpisode(raw, low []byte, e int) int {
	const g = ", gegenwärtig "
	if !hasPrefixAt(low, e, g) {
		return e
	}
	k := e + len(g)
	we := wordEnd(raw, k)
	if we <= k {
		return e
	}
	if string(low[k:we]) == "remittiert" {
		return we
	}
	if stemIn(d.qualifiers, low[k:we]) && we+1 < len(raw) && raw[we] == ' ' {
		k, we = we+1, wordEnd(raw, we+1)
	}
	if we > k && stemIn(d.heads, low[k:we]) {
		return icdRider(raw, low, we)
	}
	return e
}

// icdRiders close ICD-10's wording of a depressive episode (F32.2, F32.3,
// F33.x): "… schwere Episode ohne psychotische Symptome".
var icdRiders = [...]string{" ohne psychotische symptome", " mit psychotischen symptomen", " ohne somatisches syndrom",
	" mit somatischem syndrom"}

// icdRider returns the end of one of icdRiders right after e, or e.
func icdRider(raw, low []byte, e int) int {
	for _, r := range icdRiders {
		if hasPrefixAt(low, e, r) && wordBoundaryAfter(raw, e+len(r)) {
			return e + len(r)
		}
	}
	return e
}

// afterSide reports a word at i that may follow the side of a diagnosis
// ("Unterschenkelamputation links nach Diabetes").
func afterSide(low []byte, i int) bool {
	for _, w := range [...]string{"nach ", "bei ", "seit ", "wegen ", "infolge ", "und ", "mit ",
		"dauerhaft ", "seitdem ", "seither "} { // "nach einer Unterschenkelamputation rechts dauerhaft gehbehindert"
		if hasPrefixAt(low, i, w) {
			return true
		}
	}
	return pastParticiple(low, i)
}

// pastParticiple reports a past participle at low[i:], the verb of the
// clause after a side ("Hörgerät links verlegt", "Fraktur rechts operiert";
// not "Diabetes links liegen lassen"): a prefix ge-, ver-, be-, ent-, er- or
// zer- and the ending -t or -en, or the ending -iert, six letters at least.
func pastParticiple(low []byte, i int) bool {
	we := i
	for we < len(low) && (isLowerASCII(low[we]) || low[we] >= 0x80) {
		we++
	}
	w := low[i:we]
	if len(w) < 6 || we < len(low) && isAlnum(low[we]) {
		return false
	}
	if bytes.HasSuffix(w, []byte("iert")) {
		return true
	}
	if !bytes.HasSuffix(w, []byte("t")) && !bytes.HasSuffix(w, []byte("en")) {
		return false
	}
	for _, p := range [...]string{"ge", "ver", "be", "ent", "er", "zer"} {
		if bytes.HasPrefix(w, []byte(p)) {
			return true
		}
	}
	return false
}

// merkzeichenCodes are the Merkzeichen of a Schwerbehindertenausweis.
var merkzeichenCodes = []string{"aG", "G", "B", "H", "Bl", "Gl", "RF", "TBl"}

// merkzeichenList returns the end of a list of further Merkzeichen after a
// phrase "Merkzeichen aG" ending at e (" und G", ", B", "/H"), or e.
func merkzeichenList(raw []byte, e int) int {
	for range 6 {
		k := e
		switch {
		case hasPrefixAt(raw, k, " und "):
			k += 5
		case hasPrefixAt(raw, k, ", "):
			k += 2
		case hasPrefixAt(raw, k, " u. "):
			k += 4
		case k < len(raw) && raw[k] == '/':
			k++
		default:
			return e
		}
		n := 0
		for _, c := range merkzeichenCodes {
			if hasPrefixAt(raw, k, c) && wordBoundaryAfter(raw, k+len(c)) && len(c) > n {
				n = len(c)
			}
		}
		if n == 0 {
			return e
		}
		e = k + n
	}
	return e
}

// deadline reports a week or month of pregnancy used as a time limit
// before s ("bis zur 20. SSW", "bis zum 6. Monat").
func deadline(raw, low []byte, s int) bool {
	return s >= 8 && (hasPrefixAt(low, s-8, "bis zur ") || hasPrefixAt(low, s-8, "bis zum "))
}

// ofThing reports that the belief word ending at e describes a thing, not
// a person: the next word ends with a noun of special_things.txt
// ("muslimisches Gräberfeld", "Türkisch-Islamischer
// Kulturverein").
func (d *specialDetector) ofThing(raw, low []byte, e int) bool {
	if e+1 >= len(raw) || raw[e] != ' ' {
		return false
	}
	we := wordEnd(raw, e+1)
	if we <= e+1 || we-e > 40 {
		return false
	}
	w := low[e+1 : we]
	if stemIn(d.heads, w) {
		return false
	}
	for _, t := range d.things {
		if bytes.HasSuffix(w, []byte(t)) {
			return true
		}
	}
	return false
}

// documentAside reports a belief word at h in brackets after a document
// or a nationality ("Passnummern (tadschikisch): …"): the state that issued
// it, no one's ethnicity.
func documentAside(raw, low []byte, h int) bool {
	if h < 3 || raw[h-1] != '(' || raw[h-2] != ' ' {
		return false
	}
	ps, pe := prevWord(raw, h-2)
	if pe != h-2 || pe <= ps {
		return false
	}
	w := low[ps:pe]
	return bytes.Contains(w, []byte("pass")) || bytes.Contains(w, []byte("ausweis")) || bytes.Contains(w, []byte("staatsangeh"))
}

// languageNamed reports a capitalised belief word [h, e) ending in -isch
// that names a language, not anyone's ethnicity: one of a pair of languages
// joined by a slash ("Dolmetscherin (Kurdisch/Türkisch)", "Arabisch/Kurdisch"),
// or right after "auf" or a word of interpreting or language ("auf Kurdisch",
// "Dolmetscher: Kurdisch", "Sprache Tamilisch"). A mother tongue
// ("Muttersprache Kurdisch") stays: it tells an origin.
func languageNamed(raw, low []byte, h, e int) bool {
	if !isCap(raw, h) || !bytes.HasSuffix(low[h:e], []byte("isch")) || e < len(raw) && isLetter(raw[e]) {
		return false
	}
	if e+1 < len(raw) && raw[e] == '/' && isCap(raw, e+1) {
		if we := wordEnd(raw, e+1); bytes.HasSuffix(low[e+1:we], []byte("isch")) {
			return true
		}
	}
	if h >= 2 && raw[h-1] == '/' && isLetter(raw[h-2]) {
		if ps, pe := prevWord(raw, h-1); pe == h-1 && isCap(raw, ps) && bytes.HasSuffix(low[ps:pe], []byte("isch")) {
			return true
		}
	}
	k := h
	for k > 0 && (raw[k-1] == ' ' || raw[k-1] == ':') {
		k--
	}
	if k == h {
		return false
	}
	ps, pe := prevWord(raw, k)
	if pe != k || pe <= ps {
		return false
	}
	w := low[ps:pe]
	return string(w) == "auf" || bytes.HasPrefix(w, []byte("dolmetsch")) || bytes.HasPrefix(w, []byte("übersetz")) ||
		bytes.HasPrefix(w, []byte("sprache")) // not "Muttersprache Kurdisch", which tells an origin
}

// foreignStreet reports a belief word at h that is part of a foreign
// street name ("Via Roma 118").
func foreignStreet(raw, low []byte, h int) bool {
	if h >= 7 && raw[h-1] == ' ' && digitsAt(raw, h-6) == h-1 && isWordStartAt(raw, h-6) && !isDigit(raw[h-7]) {
		return true // a town after its five-digit postcode: "00184 Roma"
	}
	ps, pe := prevWord(raw, h)
	if pe != h-1 || raw[pe] != ' ' {
		return false
	}
	switch string(low[ps:pe]) {
	case "via", "viale", "piazza", "corso", "largo", "rue", "calle", "avenida", "strada", "ulica", "ul.":
		return true
	}
	return false
}

// sideWords name the side of the body after a diagnosis.
var sideWords = []string{" beidseits", " beidseitig", " bds.", " links", " rechts", " li.", " re."}

// stageWords introduce the stage or grade of a diagnosis ("COPD Gold II",
// "Herzinsuffizienz NYHA III", "Mammakarzinom Stadium IIa").
var stageWords = []string{" gold ", " nyha ", " stadium ", " grad ", " stufe ", " typ ", " ccs "}

// stageTail returns the end of a stage ("Gold II", "Grad 2") or a spinal
// level ("L4/L5", "C5-C6", "L5/S1") right after a diagnosis ending at e, or e.
func stageTail(raw, low []byte, e int) int {
	for _, w := range stageWords {
		if !hasPrefixAt(low, e, w) {
			continue
		}
		k := e + len(w)
		n := k
		for n < len(raw) && n-k < 4 && (raw[n] == 'I' || raw[n] == 'V' || raw[n] == 'X') {
			n++
		}
		if n == k {
			n = digitsAt(raw, k)
			if n-k > 2 {
				return e
			}
		}
		if n > k && n < len(raw) && raw[n] >= 'a' && raw[n] <= 'c' {
			n++ // IIIa, 2b
		}
		if n > k && wordBoundaryAfter(raw, n) {
			return n
		}
		return e
	}
	if e+1 < len(raw) && raw[e] == ' ' {
		if n := spinalLevel(raw, e+1); n > 0 {
			if n < len(raw) && (raw[n] == '/' || raw[n] == '-') && n+1 < len(raw) {
				if m := spinalLevel(raw, n+1); m > 0 {
					n = m
				}
			}
			if wordBoundaryAfter(raw, n) {
				return n
			}
		}
	}
	return e
}

// spinalLevel reads a vertebra (C1-C7, Th1-Th12, T1-T12, L1-L5, S1) at i and
// returns its end, or 0. The result is <= len(raw).
func spinalLevel(raw []byte, i int) int {
	k := i
	switch {
	case hasPrefixAt(raw, k, "Th"):
		k += 2
	case k < len(raw) && (raw[k] == 'C' || raw[k] == 'T' || raw[k] == 'L' || raw[k] == 'S'):
		k++
	default:
		return 0
	}
	n := digitsAt(raw, k)
	if n == k || n-k > 2 {
		return 0
	}
	// an ICD-10 code is no vertebra: "Bronchialkarzinom C34.9" (C1-C7,
	// L1-L5, S1-S5, T/Th1-T12 only)
	v := num(raw[k:n])
	limit := 12
	switch raw[i] {
	case 'C':
		limit = 7
	case 'L', 'S':
		limit = 5
	}
	if v == 0 || v > limit || n+1 < len(raw) && raw[n] == '.' && isDigit(raw[n+1]) {
		return 0
	}
	return n
}

// suspectedDiagnosis reports "Verdacht auf" (maybe with an article) or
// "V. a." right before a phrase at s, as a report's finding: at the start
// of a sentence or a line, after a colon or a bracket, or after a
// capitalised noun ("Notarzt Verdacht auf Rauchgasintoxikation"): what a
// doctor suspects of a patient whom an earlier sentence names. A rule's
// condition ("Bei Verdacht auf Masern ist …", "schon bei begründetem
// Verdacht", "fragt nach Verdacht auf") is none.
func suspectedDiagnosis(raw, low []byte, s int) bool {
	for _, w := range [...]string{"verdacht auf ", "verdacht auf eine ", "verdacht auf einen ", "verdacht auf ein ", "v. a. ", "v.a. "} {
		if !hasSuffixAt(low, s, w) {
			continue
		}
		k := s - len(w)
		j := k
		for j > 0 && raw[j-1] == ' ' {
			j--
		}
		if j == 0 || raw[j-1] == '\n' || raw[j-1] == ':' || raw[j-1] == '(' || raw[j-1] == '.' && j < k {
			return true
		}
		ps, pe := prevWord(raw, k)
		return pe == k-1 && pe > ps && isUpper(raw[ps]) && string(low[ps:pe]) != "bei"
	}
	return false
}

// aboutPerson reports whether the sentence around [s, e) speaks of a person
// and is not general text. Phrases with a number (GdB 60, Pflegegrad 3) are
// about a person unless the sentence is general (strong). With narrow the
// person must be named in the phrase's own sentence.
//
// general reports that the sentence was general text (not only that it
// names no person).
func (d *specialDetector) aboutPerson(ix *specialIndex, t *Text, s, e int, strong, narrow bool) (ok, general bool) {
	raw, low := t.Raw, t.Lower()
	if inNameTable(t, s) {
		return true, false // a remark in the row of a person ("AE § 24 | Dialysepatientin")
	}
	a, z := ix.sentenceBounds(raw, s, e, 200, 160)
	if d.general1(ix, low, raw, a, z, s, e) && (d.ownClause(ix, raw, low, a, z, s, e) || suffersBefore(raw, low, a, s)) {
		return true, false // "Bescheinigung über Schwerbehinderung Ihres Ehemannes (GdB 40) …, da erst ab einem GdB von 50 …"
	}
	if d.general1(ix, low, raw, a, z, s, e) || staffGroup(raw, low, s) && !namesPerson(raw, low, a, z) {
		if d.namedListBelow(raw, low, e) {
			return true, false // "Liste der Beschäftigten mit Schwerbehinderung\n- Anna Keller"
		}
		return false, true
	}
	if statuteWording(low, a, z) && !namesPerson(raw, low, a, z) {
		return false, true // "… die Feststellung des Merkzeichens G nachweisen" in § 30 SGB XII: the law's text
	}
	// an item of a list under a heading of diagnoses or impairments: a
	// person's record, or kinds of them ("Mögliche Diagnosen:")
	if record, general := d.listHeading(ix, raw, low, s); general {
		return false, true
	} else if record {
		return true, false
	}
	if suspectedDiagnosis(raw, low, s) {
		return true, false // "Notarzt Verdacht auf Rauchgasintoxikation": a finding on a patient, named sentences before
	}
	if strong {
		if ruleOfGrade(low, s, e) && !pronounIn(low, a, z) && !d.personInParagraph(raw, low, paragraphStart(raw, s, 300), z, s, e) {
			return false, true // "Pflegegrad 2 bedeutet …", "Ab GdB 50 gibt es 5 Tage Zusatzurlaub": a rule, no one's grade
		}
		return true, false
	}
	// the person may be named in the two sentences before, in the same
	// paragraph ("Frau X … Sie hat … Falls das …"), unless narrow
	for range 2 {
		if narrow {
			break
		}
		if pa, _ := ix.sentenceBounds(raw, max(0, a-1), a, 200, 0); pa < a {
			a = pa
		}
	}
	lowerName := false // a lower-case first name
	for i := a; i < z; {
		if ix.built && ix.walked(i) {
			// from here on the walk is the index's
			person, lower := ix.words(i, z, s, e)
			if person {
				return true, false
			}
			lowerName = lowerName || lower
			break
		}
		we, word := personStep(raw, i)
		if word && !(i >= s && i < e) {
			switch d.personWord(raw, low, i, we, !lowerName) {
			case wordPerson:
				return true, false
			case wordLowerName:
				lowerName = true
			}
		}
		i = we
	}
	// chat text written all in lower case names people in lower case too
	// ("rüdiger aus der kasse ist wieder krank geschrieben")
	return lowerName && lowerCase(raw, a, z), false
}

// suffersBefore reports a verb of suffering in the singular before s in
// the sentence that starts at a, said of one person: a pronoun beside it
// ("Danach leidet er an einer …", "sie leidet unter …", "ich leide an …")
// or Herr/Frau and a name before it ("Frau Lange leidet an …"). Such a
// sentence states something of that person, whatever office it names
// after ("… und ist in ambulanter Behandlung bei der
// Caritas-Beratungsstelle"): no leaflet. The plural ("Sie leiden an …?",
// "Menschen, die an Demenz leiden") is no such statement.
func suffersBefore(raw, low []byte, a, s int) bool {
	return eachWord(raw, a, s, func(i, we int) bool {
		switch string(low[i:we]) {
		case "leidet", "leide", "litt":
		default:
			return false
		}
		if ps, pe := prevWord(low, i); pe == i-1 && pe > ps && singularPronoun(low[ps:pe]) {
			return true
		}
		if k := skipBlank(low, we); k == we+1 && singularPronoun(low[k:wordEnd(low, k)]) {
			return true
		}
		return namesPerson(raw, low, a, i)
	})
}

// singularPronoun reports a personal pronoun of one person as a subject.
func singularPronoun(w []byte) bool {
	switch string(w) {
	case "er", "sie", "ich":
		return true
	}
	return false
}

// statuteWording reports the drafting of a law in low[a:z]: a book of the
// Sozialgesetzbuch cited by its ordinal ("nach § 152 Absatz 4 des Neunten
// Buches"), as statutes cite and letters about a case do not ("§ 152 Abs. 4
// SGB IX").
func statuteWording(low []byte, a, z int) bool {
	win := low[a:z]
	for off := 0; ; {
		j := bytes.Index(win[off:], []byte("ten buches"))
		if j < 0 {
			return false
		}
		k := off + j
		off = k + 1
		ws := k
		for ws > 0 && isLetter(win[ws-1]) {
			ws--
		}
		if ws >= 4 && string(win[ws-4:ws]) == "des " {
			return true
		}
	}
}

// fieldWords name a field of a form or an input mask; a phrase quoted right
// after one is the field's name ("Neues Pflichtfeld „Mehrbedarf Merkzeichen G“").
var fieldWords = map[string]bool{"feld": true, "pflichtfeld": true, "eingabefeld": true, "auswahlfeld": true,
	"freitextfeld": true, "datenfeld": true, "spalte": true, "checkbox": true, "kontrollkästchen": true,
	"reiter": true, "maske": true, "schaltfläche": true, "menüpunkt": true, "kategorie": true}

// quotedFieldName reports a phrase [s, e) inside quotes on its line that
// open right after one of fieldWords: the name of a field, no one's datum.
func quotedFieldName(raw, low []byte, s, e int) bool {
	ls := max(0, s-60)
	if nl := bytes.LastIndexByte(raw[ls:s], '\n'); nl >= 0 {
		ls += nl + 1
	}
	q, ql := -1, 0
	for _, o := range [...]string{"„", "\"", "“", "»"} {
		if j := bytes.LastIndex(raw[ls:s], []byte(o)); j >= 0 && ls+j > q {
			q, ql = ls+j, len(o)
		}
	}
	if q < 0 {
		return false
	}
	le := min(len(raw), e+60)
	if nl := bytes.IndexByte(raw[e:le], '\n'); nl >= 0 {
		le = e + nl
	}
	if bytes.IndexAny(raw[q+ql:s], "“”\"«") >= 0 || bytes.IndexAny(raw[e:le], "“”\"«") < 0 {
		return false
	}
	ps, pe := prevWord(raw, q)
	return pe > ps && skipBlank(raw, pe) == q && fieldWords[string(low[ps:pe])]
}

// ruleOfGrade reports a grade or degree [s, e) that a rule explains: a
// verb of meaning right after it ("Pflegegrad 2 bedeutet …", "GdB 50
// entspricht …") or a threshold before it with an amount or a benefit in
// the sentence ("Ab GdB 50 gibt es 5 Tage Zusatzurlaub", "Bei Pflegegrad
// 3 beträgt das Pflegegeld 599 Euro").
func ruleOfGrade(low []byte, s, e int) bool {
	k := e
	if k < len(low) && low[k] == ':' {
		k++
	}
	k = skipBlank(low, k)
	switch string(low[k:wordEnd(low, k)]) {
	case "bedeutet", "bedeuten", "entspricht", "entsprechen", "heißt", "umfasst", "setzt", "erfordert", "means":
		return true
	}
	if !prevWordIs(low, s, "ab", "bei", "mit", "für") {
		return false
	}
	z := clauseEnd(low, e, 120, ".!?\n")
	return bytes.Contains(low[e:z], []byte("gibt es")) || bytes.Contains(low[e:z], []byte(" euro")) ||
		bytes.Contains(low[e:z], []byte("€")) || bytes.Contains(low[e:z], []byte("beträgt"))
}

// personInParagraph reports a person named or referred to in raw[a:z]
// outside the phrase [s, e): Herr/Frau and a name, ich/mein, a listed name,
// a person word (Mutter, Antragsteller) — "Kowalski, Jürgen: Pflegegrad 3
// bedeutet …", "Antrag Jürgen Kowalski\nBei Pflegegrad 3 beträgt …".
func (d *specialDetector) personInParagraph(raw, low []byte, a, z, s, e int) bool {
	return namesPerson(raw, low, a, z) || eachWord(raw, a, z, func(i, we int) bool {
		return !(i >= s && i < e) && d.personWord(raw, low, i, we, false) == wordPerson
	})
}

// pronounIn reports a personal or possessive pronoun in low[a:z]: "Bei
// Pflegegrad 3 bekommt sie 599 Euro" speaks of someone.
func pronounIn(low []byte, a, z int) bool {
	for i := a; i < z; {
		for i < z && !isLetter(low[i]) {
			i++
		}
		we := i
		for we < z && isLetter(low[we]) {
			we++
		}
		switch string(low[i:we]) {
		case "er", "sie", "ich", "wir", "du", "ihr", "ihm", "ihn", "mir", "mich", "uns", "dich", "dir", "ihnen",
			"mein", "meine", "meinen", "meinem", "meiner", "sein", "seine", "seinen", "seinem", "seiner",
			"ihre", "ihren", "ihrem", "ihrer", "unser", "unsere", "unseren", "unserem", "unserer", "dein", "deine", "deinen", "deinem", "deiner":
			return true
		}
		i = we
	}
	return false
}

// ownClause reports a phrase [s, e) whose own clause names a person
// (Herr/Frau and a name, ich/mein, a listed given name, a possessive before
// a relation: "Ihres Ehemannes") and holds no general word: a general word
// in another clause of the sentence ("5 von 31 Bewerbungen, davon eine
// schwerbehinderte Bewerberin (Frau Mazur, GdB 60)", "…, da erst ab einem
// GdB von 50 …") speaks of the rule, not of this person. A phrase in
// parentheses belongs to the clause around them. Groups (Personen,
// Menschen) and surnames alone, which are nouns as often (Wasser), name no
// one here.
func (d *specialDetector) ownClause(ix *specialIndex, raw, low []byte, a, z, s, e int) bool {
	cs, ce := s, e
	if o := bytes.LastIndexByte(raw[max(a, s-120):s], '('); o >= 0 {
		o += max(a, s-120)
		if bytes.IndexByte(raw[o:s], ')') < 0 {
			if c := bytes.IndexByte(raw[e:min(z, e+120)], ')'); c >= 0 {
				cs, ce = o, e+c+1
			}
		}
	}
	ca := max(a, cs-160)
	for i := cs - 1; i >= ca; i-- {
		if c := raw[i]; c == ',' || c == ';' || c == ':' || c == '\n' || c == '|' || c == '\t' {
			ca = i + 1
			break
		}
	}
	cz := min(z, ce+160)
	for i := ce; i < cz; i++ {
		if c := raw[i]; c == '(' {
			if k := bytes.IndexByte(raw[i:cz], ')'); k > 0 {
				i += k // "eine schwerbehinderte Bewerberin (Frau Mazur, GdB 60)": the aside names her
				continue
			}
		}
		if c := raw[i]; c == ',' || c == ';' || c == ':' || c == '\n' || c == '(' || c == '|' || c == '\t' {
			cz = i
			break
		}
	}
	if ca == a && cz == z || d.general1(ix, low, raw, ca, cz, s, e) {
		return false // the clause is the sentence, or general itself
	}
	if namesPerson(raw, low, ca, cz) {
		return true
	}
	return eachWord(raw, ca, cz, func(i, we int) bool {
		if i >= s && i < e || !isCap(raw, i) {
			return false
		}
		switch string(low[i:we]) {
		case "ihres", "ihrer", "ihrem", "ihren", "ihr", "ihre":
			k := skipBlank(raw, we)
			kw := wordEnd(raw, k)
			return k > we && kw > k && isCap(raw, k) && d.relationWord(low[k:kw]) // "Ihres Ehemannes", "Ihre Tochter"
		}
		f := d.lx.flags(low[i:we])
		return f&wFirst != 0 && f&(wNotName|wNotAlone) == 0 && !(we-i <= 3 && allCaps(raw[i:we]))
	})
}

// relationWord reports a relation noun of the lexicons, also in the
// genitive or plural (Ehemannes, Töchter are not listed; Ehemann is).
func (d *specialDetector) relationWord(w []byte) bool {
	if d.lx.flags(w)&wRelation != 0 {
		return true
	}
	for _, end := range [...]string{"es", "s", "n", "en"} {
		if len(w) > len(end)+3 && bytes.HasSuffix(w, []byte(end)) && d.lx.flags(w[:len(w)-len(end)])&wRelation != 0 {
			return true
		}
	}
	return false
}

// staffWords name staff as a group, in the plural.
var staffWords = map[string]bool{"beschäftigte": true, "beschäftigten": true, "mitarbeitende": true, "mitarbeitenden": true,
	"bedienstete": true, "bediensteten": true, "beamte": true, "beamten": true}

// staffGroup reports a phrase at s right after staff as a group and "mit"
// ("Bei Beschäftigten mit Schwerbehinderung erhöht sich der Urlaub",
// "Bedienstete mit einer Behinderung"): a rule for them, unless the
// sentence names a person (aboutPerson asks namesPerson).
func staffGroup(raw, low []byte, s int) bool {
	ps, pe := prevWord(low, s)
	if pe == s-1 && pe > ps {
		switch string(low[ps:pe]) {
		case "einer", "einem", "einer anerkannten":
			ps, pe = prevWord(low, ps)
		}
	}
	if pe <= ps || string(low[ps:pe]) != "mit" {
		return false
	}
	qs, qe := prevWord(low, ps)
	return qe == ps-1 && qe > qs && staffWords[string(low[qs:qe])]
}

// namedListBelow reports a phrase ending at e in a heading line (no
// sentence end) whose next lines are list items that open with a listed
// name: the heading names what the listed people have.
func (d *specialDetector) namedListBelow(raw, low []byte, e int) bool {
	nl := bytes.IndexByte(raw[e:min(len(raw), e+120)], '\n')
	if nl < 0 {
		return false
	}
	le := e + nl
	if p := bytes.TrimRight(raw[e:le], " \r:"); len(p) > 0 && bytes.IndexAny(p, ".!?") >= 0 {
		return false
	}
	ls := le + 1
	for n := 0; n < 3 && ls < len(raw) && listItem(raw, ls); n++ {
		lz := ls + bytes.IndexByte(raw[ls:min(len(raw), ls+160)], '\n')
		if lz < ls {
			lz = min(len(raw), ls+160)
		}
		// the item opens with a listed name: "- Anna Keller", "1. Weber, Otto"
		k := ls
		for k < lz && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '-' || raw[k] == '*' || raw[k] == '.' || raw[k] == ')' || isDigit(raw[k]) || hasPrefixAt(raw, k, "•") || hasPrefixAt(raw, k, "–")) {
			if raw[k] >= 0x80 {
				k += 3
				continue
			}
			k++
		}
		if we := wordEnd(raw, k); we > k && we <= lz && isCap(raw, k) {
			if f := d.lx.flags(low[k:we]); f&(wFirst|wLast) != 0 && f&(wNotName|wNotAlone|wTitle|wOrg|wBody) == 0 {
				return true
			}
		}
		ls = lz + 1
	}
	return false
}

// listHeading reports a phrase at s in an item of a list ("1. ", "- ",
// "• ", "a) ") under a heading line that ends in a record's label
// ("Berücksichtigte Funktionsbeeinträchtigungen:", "Diagnosen:"): the items
// are the record's person's (record). A heading that is general
// ("Häufigste Diagnosen 2025 landesweit:", "Mögliche Diagnosen:") lists
// kinds, whatever else the text names (general).
func (d *specialDetector) listHeading(ix *specialIndex, raw, low []byte, s int) (record, general bool) {
	// the look back is bounded: a text without line breaks (a pasted table
	// on one line) has no list, and reading back to its start at every
	// phrase would cost the square of its length
	ls, ok := lineStartNear(raw, s)
	for n := 0; n < 12; n++ {
		if !ok || !listItem(raw, ls) || ls < 2 {
			return false, false
		}
		hs, ok2 := lineStartNear(raw, ls-1)
		if !ok2 {
			return false, false
		}
		he := ls - 1
		for he > hs && (raw[he-1] == ' ' || raw[he-1] == '\r') {
			he--
		}
		if he > hs && raw[he-1] == ':' && !listItem(raw, hs) {
			ws, we := prevWord(raw, he-1)
			if we <= ws || !recordHeadings[string(low[ws:we])] {
				return false, false
			}
			for _, g := range generalHeadings {
				if bytes.Contains(low[hs:he], []byte(g)) {
					return false, true
				}
			}
			if d.general1(ix, low, raw, hs, he, he, he) {
				return false, true
			}
			return true, false
		}
		ls = hs
	}
	return false, false
}

// generalHeadings make a heading of diagnoses a list of kinds, not a
// person's: "Typische …", "Häufige …", "Mögliche Diagnosen:", "Prüfkatalog
// (Beispiele)", "ICD-10 Kapitel V – Diagnosen:", "Die
// Versorgungsmedizin-Verordnung nennt folgende Befunde:".
var generalHeadings = []string{"häufig", "typisch", "mögliche", "wichtige", "beispiel", "icd-10", "icd 10", "kapitel",
	"katalog", "verordnung", "nennt", "folgende", "übersicht", "z. b.", "z.b."}

// recordHeadings end the heading of a list of a person's diagnoses or
// impairments.
var recordHeadings = map[string]bool{"funktionsbeeinträchtigungen": true, "funktionsbeeinträchtigung": true,
	"gesundheitsstörungen": true, "diagnosen": true, "diagnose": true, "befunde": true, "befund": true}

// maxListLine bounds a list item's or heading's line for listHeading.
const maxListLine = 240

// lineStartNear returns the start of the line of i when it is at most
// maxListLine bytes before i.
func lineStartNear(raw []byte, i int) (int, bool) {
	lo := max(0, i-maxListLine)
	nl := bytes.LastIndexByte(raw[lo:i], '\n')
	if nl < 0 {
		return 0, lo == 0
	}
	return lo + nl + 1, true
}

// listItem reports a line at ls that opens a list item: "1. ", "12) ",
// "a) ", "- ", "• ", "* ".
func listItem(raw []byte, ls int) bool {
	k := ls
	for k < len(raw) && (raw[k] == ' ' || raw[k] == '\t') {
		k++
	}
	if hasPrefixAt(raw, k, "• ") || hasPrefixAt(raw, k, "- ") || hasPrefixAt(raw, k, "* ") || hasPrefixAt(raw, k, "– ") {
		return true
	}
	n := digitsAt(raw, k)
	if n == k && k+1 < len(raw) && isLowerASCII(raw[k]) {
		n = k + 1
	}
	return n > k && n-k <= 2 && n+1 < len(raw) && (raw[n] == '.' || raw[n] == ')') && raw[n+1] == ' '
}

// personStep is one step of aboutPerson's walk over the words from i: the
// place of the next step, and whether a word starts at i (it ends at next).
func personStep(raw []byte, i int) (next int, word bool) {
	if _, _, ok := letterAt(raw, i); !ok || !isWordStartAt(raw, i) {
		return i + 1, false
	}
	we := wordEnd(raw, i)
	if we <= i {
		return i + 1, false
	}
	return we, true
}

// What a word of the sentence tells aboutPerson.
const (
	wordNone      = iota
	wordPerson    // names a person or their context (Herr, Mutter, Klient:, a first or last name)
	wordLowerName // a first name written in lower case, as chat text does
)

// personWord classifies the word raw[i:we]; wantLower asks for
// wordLowerName (aboutPerson needs only the first).
func (d *specialDetector) personWord(raw, low []byte, i, we int, wantLower bool) int {
	w := low[i:we]
	key := string(w)
	if we < len(raw) && raw[we] == ':' && d.context[key+":"] {
		return wordPerson
	}
	// "sie" / "Sie" is too ambiguous; the list leaves it out. A final s is
	// the German genitive of a person ("des Antragstellers"), but after
	// -ent and -ant, whose genitive is -en ("des Patienten"), it is the
	// English plural ("Patients taking Metformin …"): people in general.
	if d.context[key] || len(key) > 6 && key[len(key)-1] == 's' && d.context[key[:len(key)-1]] && !strings.HasSuffix(key, "ents") && !strings.HasSuffix(key, "ants") {
		return wordPerson
	}
	// "sei sie", "sie hat": 'sie' beside a verb in the third person
	// singular is one woman, as 'er' is one man; the plural and the polite
	// 'Sie' take 'seien', 'haben', 'sind'
	if key == "sie" && (singularVerbs[string(low[prevWordStart(low, i):i])] || singularVerbs[string(low[we:nextWordEnd(low, we)])]) {
		return wordPerson
	}
	// "Der Junge wirkte erschöpft": the noun after a singular article, not
	// the adjective ("junge Menschen")
	if key == "junge" && isCap(raw, i) && prevWordIs(low, i, "der") || key == "jungen" && isCap(raw, i) && prevWordIs(low, i, "dem", "des") {
		return wordPerson
	}
	// CA, EU, IT are no names, nor the abbreviation of a law that ends in a
	// capital after a small letter (MuSchG, BetrVG, AufenthG: Muschg is a surname)
	if isCap(raw, i) && !(we-i <= 3 && allCaps(raw[i:we])) && !(isUpper(raw[we-1]) && innerCap(raw[i:we])) {
		if f := d.lx.flags(w); f&(wFirst|wLast) != 0 && f&(wNotName|wNotAlone) == 0 {
			return wordPerson
		}
	} else if wantLower && isLowerASCII(raw[i]) && we-i >= 4 && i > 0 && raw[i-1] == ' ' &&
		we < len(raw) && (raw[we] == ' ' || raw[we] == ',' || raw[we] == ':') { // prose, not a CSV header
		if f := d.lx.flags(w); f&wFirst != 0 && f&(wNotName|wNotAlone) == 0 {
			return wordLowerName
		}
	}
	return wordNone
}

// singularVerbs are verbs in the third person singular, each with the blank
// between it and 'sie' ("sei sie", "sie hat"), as personWord looks for them.
var singularVerbs = map[string]bool{}

func init() {
	for _, v := range strings.Fields("sei habe werde könne müsse solle wolle dürfe ist hat wird war hatte wurde kann konnte muss musste soll sollte will wollte darf durfte befinde befindet leide leidet lebe lebt wohne wohnt arbeite arbeitet bekomme bekommt nehme nimmt gehe geht") {
		singularVerbs[v+" "] = true
		singularVerbs[" "+v] = true
	}
}

// prevWordStart is where the word before i and the one blank after it
// begin (i when none stands there).
func prevWordStart(low []byte, i int) int {
	if ps, pe := prevWord(low, i); pe == i-1 && pe > ps && low[pe] == ' ' {
		return ps
	}
	return i
}

// nextWordEnd is where the word after one blank at we ends (we when none
// stands there).
func nextWordEnd(low []byte, we int) int {
	if we+1 < len(low) && low[we] == ' ' && isLetter(low[we+1]) {
		k := we + 1
		for k < len(low) && (isLetter(low[k]) || low[k] >= 0x80) {
			k++
		}
		return k
	}
	return we
}

// lowerCase reports text written without capitals: no capitalised word in
// raw[a:z] stands after another word within a sentence (a chat line's
// "[Mo 10:14]" or a sentence start may be capitalised).
func lowerCase(raw []byte, a, z int) bool {
	for i := a + 2; i < z; i++ {
		if isUpper(raw[i]) && raw[i-1] == ' ' && (isLetter(raw[i-2]) || raw[i-2] >= 0x80 || raw[i-2] == ',') {
			return false
		}
	}
	return true
}

// nearFinding adds the pending phrases (not general, but no person named
// near them) that stand in the same paragraph as a finding of dst[n0:],
// within 200 bytes: a form that states "GdB 70" of its applicant states
// the "Niereninsuffizienz" on the next line of the same person.
func nearFinding(raw []byte, dst []Finding, n0 int, pending [][2]int) []Finding {
	n := len(dst)
	for _, p := range pending {
		if covered(dst[n0:], p[0]) {
			continue
		}
		for _, f := range dst[n0:n] {
			var a, b int // the gap between the finding and the phrase
			if f.End <= p[0] {
				a, b = f.End, p[0]
			} else if p[1] <= f.Start {
				a, b = p[1], f.Start
			} else {
				continue // overlaps
			}
			if b-a <= 200 && !bytes.Contains(raw[a:b], []byte("\n\n")) {
				dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: p[0], End: p[1], Score: 0.7})
				break
			}
		}
	}
	return dst
}

// department reports a phrase that names an office or service, not a
// person's datum: after an organisational word ("Fachdienst
// Eingliederungshilfe", "Team Suchtberatung") or "aus der"/"von der" when
// the phrase is a service name ending in -hilfe, -dienst or -beratung ("Herr
// Yilmaz aus der Eingliederungshilfe", "Termin bei der Suchtberatung").
func department(raw, low []byte, s, e int) bool {
	ps, pe := prevWord(raw, s)
	if pe != s-1 || raw[pe] != ' ' || pe <= ps {
		return false
	}
	switch string(low[ps:pe]) {
	case "fachdienst", "abteilung", "sachgebiet", "fachbereich", "team", "bereich", "referat", "sachbearbeitung", "fachstelle", "amt":
		return true
	case "der":
		if !isCap(raw, s) {
			return false
		}
		w := low[s:e]
		if !(bytes.HasSuffix(w, []byte("hilfe")) || bytes.HasSuffix(w, []byte("dienst")) || bytes.HasSuffix(w, []byte("beratung"))) {
			return false
		}
		qs, qe := prevWord(raw, ps)
		if qe != ps-1 {
			return false
		}
		switch string(low[qs:qe]) {
		case "aus", "von", "bei", "mit":
			return true
		case "in":
			// "Sachbearbeiterin in der Eingliederungshilfe", "ich arbeite in der
			// Suchtberatung": a post in the office ("sie ist in der Suchtberatung"
			// is a client's)
			rs, re := prevWord(raw, qs)
			return re == qs-1 && re > rs && staffPost(low[rs:re])
		}
	}
	return false
}

// staffPost reports a word for a post or for working in an office, as it
// comes before "in der Eingliederungshilfe".
func staffPost(w []byte) bool {
	for _, end := range [...]string{"bearbeiter", "bearbeiterin", "mitarbeiter", "mitarbeiterin", "leiter", "leiterin",
		"kollege", "kollegin", "fachkraft", "arbeitet", "arbeite", "tätig", "beschäftigt", "eingesetzt"} {
		if bytes.HasSuffix(w, []byte(end)) {
			return true
		}
	}
	return false
}

// general1 reports a general-text word in low[a:z] outside the phrase [s, e).
// With an index (ix built) it takes the words' places from it instead of
// looking each word up in the window.
func (d *specialDetector) general1(ix *specialIndex, low, raw []byte, a, z, s, e int) bool {
	if ix.use(d, raw, low) {
		return ix.general1(d, low, raw, a, z, s, e)
	}
	win := low[a:z]
	named, namedDone := false, false
	for gi := range d.general {
		g := &d.general[gi]
		for off := 0; ; {
			j := bytes.Index(win[off:], []byte(g.w))
			if j < 0 {
				break
			}
			i := a + off + j
			off += j + 1
			if !generalAt(low, raw, g, i, s, e) {
				continue
			}
			if g.weak {
				if !namedDone {
					named, namedDone = weakNamed(raw, low, a, z), true
				}
				if named {
					break
				}
			}
			return true
		}
	}
	return false
}

// generalAt reports whether the general word g found at i makes the
// sentence of the phrase [s, e) general text; a weak word only if the
// sentence names no person (the caller's test).
func generalAt(low, raw []byte, g *generalWord, i, s, e int) bool {
	if g.w != "%" && !isWordStartAt(raw, i) || i >= s && i < e {
		return false
	}
	// "zu 50 % schwerbehindert": the degree of it, no statistics
	if g.w == "%" && i < s && skipBlank(raw, i+1) == s {
		return false
	}
	// "(freigestellt 20 %)", "Teilzeit 50 %", "Mehrbedarf 17 %": a
	// person's working time or benefit
	if g.w == "%" && workShare(raw, low, i) {
		return false
	}
	// "zu 50 % dienstfähig", "70 % erwerbsgemindert": a person's capacity, no statistics
	if g.w == "%" && capacityAfter(low, i+1) {
		return false
	}
	// "Mehrbedarf wegen Merkzeichen G (17 %, § 30 SGB XII)": the rate of the
	// phrase's benefit in its own parenthesis, no statistics
	if g.w == "%" && i > e && ownRate(raw, e, i) {
		return false
	}
	// "insgesamt 47 AU-Tage": a person's days of sick leave
	if g.w == "insgesamt" && dayCount(raw, low, i+len(g.w)) {
		return false
	}
	// "ist insgesamt ein GdB von 50 angemessen": the overall degree of one
	// person, no total of a statistic
	if g.w == "insgesamt" && i < s && (hasPrefixAt(low, i, "insgesamt ein ") && i+len("insgesamt ein ") == s ||
		hasPrefixAt(low, i, "insgesamt einen ") && i+len("insgesamt einen ") == s) {
		return false
	}
	// "eine Beratung bei der Drogenhilfe hat er begonnen": counselling at an
	// office a person goes to, not counselling offered on a topic ("Beratung
	// bei Diabetes")
	if g.w == "beratung bei" && (hasPrefixAt(low, i, "beratung bei der ") || hasPrefixAt(low, i, "beratung bei dem ")) {
		return false
	}
	// "Er besucht wöchentlich eine Selbsthilfegruppe": a person's own group,
	// which the phrase loop finds as the datum, no offer of groups
	if g.w == "selbsthilfegruppe" && attended(low, i, i+len(g.w)) {
		return false
	}
	// "Umsetzung in den vorbeugenden Brandschutz": fire prevention, a fire
	// service's department, not the prevention of an illness
	if g.w == "vorbeug" {
		if we := wordEnd(raw, i); hasPrefixAt(low, we, " brandschutz") {
			return false
		}
	}
	// "Die Voraussetzungen für das Merkzeichen G liegen vor": a decision on
	// someone's case, not the rule's conditions
	if g.w == "voraussetzung" && i < s && conditionsMet(low, i, s, e) {
		return false
	}
	if i >= s {
		if labelLine(raw, s) && bytes.IndexByte(raw[e:i], '\n') >= 0 {
			return false // "Konfession: evangelisch" ends at its line
		}
	} else if labelLine(raw, s) && bytes.IndexByte(raw[i:s], '\n') >= 0 {
		return false
	}
	if lo, hi := min(i, s), max(i, e); bytes.IndexByte(raw[lo:hi], '\n') >= 0 && fieldLine(raw, i) {
		return false // "Zeitraum der Arbeitsunfähigkeit: …\nErstattungssatz: 80 %": another field of the form
	}
	if !g.prefix && g.w != "%" && !wordBoundaryAfter(raw, i+len(g.w)) {
		return false
	}
	if g.weak {
		// a weak word in another sentence, also of lower-case chat text
		if lo, hi := min(i, s), max(i, e); bytes.Contains(raw[lo:hi], []byte(". ")) {
			return false
		}
		if i < s && g.w == "gesundheitsamt" && asideBefore(raw, i, s) {
			// "Befund (nur für die Akte des Gesundheitsamts): …": an aside about
			// the record's office; one of a statistic or source ("Diagnosen
			// (insgesamt, alle Personen): …", "(Quelle: …)") stays general
			return false
		}
	}
	return true
}

// ownRate reports a percentage at i that opens the parenthesis right after
// a phrase ending at e and ends its first item: " (17 %," or " (17 %)".
func ownRate(raw []byte, e, i int) bool {
	k := skipBlank(raw, e)
	if k >= i || raw[k] != '(' {
		return false
	}
	n := digitsAt(raw, k+1)
	if n == k+1 || skipBlank(raw, n) != i {
		return false
	}
	return i+1 < len(raw) && (raw[i+1] == ',' || raw[i+1] == ')')
}

// conditionsMet reports the plural "Voraussetzungen" at i followed by "für"
// and an article up to the phrase [s, e), and the phrase by "liegen vor" or
// "sind erfüllt": the finding of a decision ("Die Voraussetzungen für das
// Merkzeichen G liegen vor"). A condition ("wenn die Voraussetzungen für …
// vorliegen") or a rule ("Die Voraussetzungen für Pflegegrad 2 sind …")
// has other words there.
func conditionsMet(low []byte, i, s, e int) bool {
	if !hasPrefixAt(low, i, "voraussetzungen für ") {
		return false
	}
	mid := string(low[i+len("voraussetzungen für ") : s])
	switch mid {
	case "", "das ", "den ", "die ", "einen ", "ein ", "eine ":
	default:
		return false
	}
	return hasPrefixAt(low, e, " liegen vor") || hasPrefixAt(low, e, " sind erfüllt") || hasPrefixAt(low, e, " sind gegeben")
}

// capacityAfter reports a word of a person's capacity for work right after
// a percent sign at i ("50 % dienstfähig").
func capacityAfter(low []byte, i int) bool {
	k := skipBlank(low, i)
	w := low[k:wordEnd(low, k)]
	for _, c := range [...]string{"dienstfähig", "arbeitsfähig", "erwerbsfähig", "erwerbsgemindert", "leistungsfähig", "einsatzfähig", "belastbar"} {
		if bytes.HasPrefix(w, []byte(c)) {
			return true
		}
	}
	return false
}

// asideBefore reports whether the word at i stands in parentheses that
// close before s on the same line.
func asideBefore(raw []byte, i, s int) bool {
	c := bytes.IndexByte(raw[i:s], ')')
	if c < 0 || bytes.IndexByte(raw[i:i+c], '\n') >= 0 {
		return false
	}
	o := bytes.LastIndexByte(raw[max(0, i-80):i], '(')
	return o >= 0 && bytes.IndexByte(raw[max(0, i-80)+o:i], '\n') < 0 && bytes.IndexByte(raw[max(0, i-80)+o:i], ')') < 0
}

// dayCount reports a number of days or weeks at i (" 47 AU-Tage",
// " 12 Fehltage", " 6 Wochen").
func dayCount(raw, low []byte, i int) bool {
	if i >= len(raw) || raw[i] != ' ' {
		return false
	}
	// "insgesamt > 6 Wochen", "insgesamt mehr als 6 Wochen", "insgesamt über 42 Tage"
	for _, w := range [...]string{"> ", "mehr als ", "über ", "weniger als ", "ca. ", "rund "} {
		if hasPrefixAt(low, i+1, w) {
			i += len(w)
			break
		}
	}
	n := digitsAt(raw, i+1)
	if n == i+1 || n >= len(raw) || raw[n] != ' ' {
		return false
	}
	we := wordEnd(raw, n+1)
	w := low[n+1 : we]
	return bytes.HasSuffix(w, []byte("tage")) || bytes.HasSuffix(w, []byte("tagen")) || bytes.HasSuffix(w, []byte("wochen"))
}

// workShareWords come before the share of a person's working time or of a
// benefit they get (a Mehrbedarf for a Merkzeichen G, a Beihilfe rate).
var workShareWords = map[string]bool{"freigestellt": true, "teilzeit": true, "vollzeit": true, "stellenanteil": true,
	"beschäftigungsumfang": true, "arbeitszeit": true, "stelle": true, "freistellung": true,
	"mehrbedarf": true, "mehrbedarfszuschlag": true, "zuschlag": true, "leistungszuschlag": true, "bemessungssatz": true, "beihilfesatz": true,
	"erstattungssatz": true, "beitrag": true, "mitgliedsbeitrag": true, "beitragssatz": true}

// workShare reports a percentage at i ('%') that is a person's working
// time, benefit or dues: a number ("17", "0,76"), and one of workShareWords
// right before it, or "vom Brutto" after it ("1 % vom Brutto").
func workShare(raw, low []byte, i int) bool {
	if hasPrefixAt(low, skipBlank(raw, i+1), "vom brutto") {
		return true
	}
	j := i
	for j > 0 && raw[j-1] == ' ' {
		j--
	}
	k := j
	for k > 0 && j-k < 3 && isDigit(raw[k-1]) {
		k--
	}
	if k >= 2 && k < j && raw[k-1] == ',' && isDigit(raw[k-2]) { // "0,76 %"
		k--
		for h := k; k > 0 && h-k < 3 && isDigit(raw[k-1]); {
			k--
		}
	}
	if k == j || k == 0 {
		return false
	}
	ps, pe := prevWord(raw, citationStart(raw, k))
	return pe > ps && pe-ps < 24 && workShareWords[string(low[ps:pe])]
}

// citationStart returns the start of a paragraph's citation that ends
// right before k ("Leistungszuschlag § 43c SGB XI 15 %": the rate's word
// stands before its legal ground), or k if none does: up to five tokens of
// '§', a paragraph's number with its letter, "Abs.", a code book's name in
// capitals and a Roman numeral, one of them '§'.
func citationStart(raw []byte, k int) int {
	j, para := k, false
	for n := 0; n < 5; n++ {
		e := j
		for e > 0 && raw[e-1] == ' ' {
			e--
		}
		s := e
		for s > 0 && e-s < 6 && raw[s-1] != ' ' && raw[s-1] != '\n' {
			s--
		}
		if s == e || s > 0 && raw[s-1] != ' ' {
			break
		}
		t := raw[s:e]
		switch {
		case string(t) == "§" || string(t) == "§§":
			para = true
		case string(t) == "Abs." || isDigit(t[0]) && len(t) <= 4 && !bytes.ContainsAny(t, ".,"):
		case len(t) >= 2 && len(bytes.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == 0:
		default:
			return k
		}
		j = s
		if para {
			return j
		}
	}
	return k
}

// labelLine reports whether the line of s is a "Label: value" line whose
// value starts at s ("Konfession: evangelisch").
func labelLine(raw []byte, s int) bool {
	w0 := max(0, s-60)
	nl := bytes.LastIndexByte(raw[w0:s], '\n')
	if nl < 0 && w0 > 0 {
		return false
	}
	ls := w0 + nl + 1
	c := bytes.IndexByte(raw[ls:s], ':')
	return c > 0 && c < 40 && skipBlank(raw, ls+c+1) == s
}

// fieldLine reports whether i lies in the value of a "Label: value" line
// (the colon within 40 bytes of the line start).
func fieldLine(raw []byte, i int) bool {
	ls := bytes.LastIndexByte(raw[max(0, i-80):i], '\n')
	if ls < 0 {
		return false
	}
	ls += max(0, i-80) + 1
	c := bytes.IndexByte(raw[ls:i], ':')
	return c > 0 && c < 40
}

// weakNamed reports a person that keeps a weak general word from making
// raw[a:z] general text: one named (namesPerson), or one a masculine "er"
// stands for, which no text in general uses ("Er hat eine
// Autismus-Spektrum-Störung und …, weil er bei Lärm und vielen Menschen
// Panikattacken bekommt").
func weakNamed(raw, low []byte, a, z int) bool {
	if namesPerson(raw, low, a, z) {
		return true
	}
	for i := a; i+2 <= z; i++ {
		if low[i] == 'e' && low[i+1] == 'r' && isWordStartAt(raw, i) && (i+2 == len(raw) || !isLetter(raw[i+2]) && raw[i+2] < 0x80) {
			return true
		}
	}
	return false
}

// namesPerson reports a person named in raw[a:z]: Herr/Frau (also Hr./Fr.)
// before a capitalised word, or a speaker writing of himself (ich, mein).
func namesPerson(raw, low []byte, a, z int) bool {
	for i := a; i < z; i++ {
		if !isWordStartAt(raw, i) || !isLetter(raw[i]) {
			continue
		}
		we := wordEnd(raw, i)
		switch w := string(low[i:min(we, z)]); w {
		case "ich", "mein", "meine", "meiner", "meinem", "meinen":
			return true
		case "herr", "herrn", "frau", "hr", "fr":
			k := we
			if k < z && raw[k] == '.' {
				k++
			}
			if k+1 < z && raw[k] == ' ' && isCap(raw, k+1) {
				return true
			}
		}
		i = we
	}
	return false
}

// icd finds ICD-10 codes (letter, two digits, optional .digits and a
// certainty suffix G/V/Z/A) within 160 bytes of a medical word; a code
// without the dotted part needs the word within 60 bytes (A61 is a
// motorway). The search starts from the codes (rare two-digit runs after a
// capital letter), so a medical word inside a compound (Hausarzt,
// Psychotherapie) counts as well.
func (d *specialDetector) icd(ix *specialIndex, t *Text, dst []Finding, n0 int) []Finding {
	raw := t.Raw
	var med medicalSpans // found on the first code
	medDone := false
	for _, r := range t.DigitRuns() {
		i := r.Start - 1
		if r.End-r.Start != 2 || i < 0 {
			continue
		}
		if c := raw[i]; c < 'A' || c > 'Z' || c == 'U' || !isWordStartAt(raw, i) {
			continue
		}
		e := i + 3
		dotted := false
		if e+1 < len(raw) && raw[e] == '.' && isDigit(raw[e+1]) {
			e = digitsAt(raw, e+1)
			if e-i > 6 {
				continue
			}
			dotted = true
		}
		if e < len(raw) && (isAlnum(raw[e]) || raw[e] == '.' && e+1 < len(raw) && isDigit(raw[e+1])) {
			continue
		}
		if icdRange(raw, i, e) {
			continue // a group of codes (J13–J18) is a chapter, not a diagnosis
		}
		if dotted && raw[i] == 'G' && raw[i+1] == '2' && raw[i+2] == '6' {
			continue // "G26.3-Untersuchung": the DGUV principle for respirator wearers (ICD-10's G26 has no subcodes)
		}
		if errorCode(t.Lower(), e) {
			continue // "Diagnose: E04 (Fehlercode Heizung)": a device's error code
		}
		if otherColumn(raw, t.Lower(), i, e) {
			continue // "Name,Vorname,Raum,ICD\nMüller,Hans,A12,J45": A12 is a room
		}
		if hl7Event(raw, i) {
			continue // "MSH|…|ORU^R01|": the HL7 message's event, no diagnosis
		}
		reach := 60
		if dotted {
			reach = 160
		}
		if !medDone {
			med, medDone = findMedical(t.Lower()), true
		}
		after := afterPhrase(raw, dst[n0:], i) || dotted && lineAfterPhrase(raw, dst[n0:], i)
		if !after && !med.near(i, reach) {
			continue
		}
		// certainty suffix: "F32.1 G" / "F32.1G"
		if e+1 < len(raw) && raw[e] == ' ' && strings.IndexByte("GVZA", raw[e+1]) >= 0 && (e+2 >= len(raw) || !isAlnum(raw[e+2])) {
			e += 2
		}
		if _, general := d.listHeading(ix, raw, t.Lower(), i); general {
			continue // "ICD-10 Kapitel V – Diagnosen:\n- F32 Depressive Episode": a list of kinds
		}
		if sa, sz := ix.sentenceBounds(raw, i, e, 200, 160); !covered(dst[n0:], i) && (after || !d.general1(ix, t.Lower(), raw, sa, sz, i, e)) {
			dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: i, End: e, Score: 0.85})
		}
	}
	return dst
}

// icdRange reports whether the code [i, e) is an end of a range of codes
// ("J13–J18", "F10-F19").
func icdRange(raw []byte, i, e int) bool {
	k := e
	if k < len(raw) && raw[k] == '-' {
		k++
	} else if hasPrefixAt(raw, k, "–") {
		k += len("–")
	}
	if k > e && k+2 < len(raw) && isUpper(raw[k]) && isDigit(raw[k+1]) && isDigit(raw[k+2]) {
		return true
	}
	j := i
	if j >= 1 && raw[j-1] == '-' {
		j--
	} else if j >= len("–") && hasPrefixAt(raw, j-len("–"), "–") {
		j -= len("–")
	}
	if j == i {
		return false
	}
	n := 0
	for j > 0 && n < 6 && (isDigit(raw[j-1]) || raw[j-1] == '.') {
		j--
		n++
	}
	return n >= 2 && j > 0 && isUpper(raw[j-1])
}

// afterPhrase reports whether the code at i follows a phrase found in this
// scan, in parentheses or after a comma ("offene Lungentuberkulose (A15.0)").
func afterPhrase(raw []byte, fs []Finding, i int) bool {
	for k := len(fs) - 1; k >= 0 && k >= len(fs)-64; k-- {
		if f := fs[k]; f.End <= i && i-f.End <= 3 && strings.Trim(string(raw[f.End:i]), " (,:–-") == "" {
			return true
		}
	}
	return false
}

// lineAfterPhrase reports whether the dotted code at i stands in
// parentheses after a phrase found in this scan in the same clause (no
// comma, colon or sentence end between), within 80 bytes
// ("Intelligenzminderung lt. SPZ-Bericht vom 14.05.2026 (F70.0)"); "Herr
// Lange hat Diabetes, die Akte liegt im Regal (B12.3)" is a shelf.
func lineAfterPhrase(raw []byte, fs []Finding, i int) bool {
	if i == 0 || raw[i-1] != '(' {
		return false
	}
	for k := len(fs) - 1; k >= 0 && k >= len(fs)-64; k-- {
		if f := fs[k]; f.End <= i && i-f.End <= 80 {
			if sameClause(raw[f.End:i]) {
				return true
			}
		}
	}
	return false
}

// sameClause reports a gap without a line break, comma, semicolon, colon or
// sentence end (the dot of "lt." or "ca." ends none).
func sameClause(gap []byte) bool {
	if bytes.IndexAny(gap, "\n,;:") >= 0 {
		return false
	}
	for j := bytes.Index(gap, []byte(". ")); j >= 0; {
		if ws, _ := prevWord(gap, j); !abbrevDot[strings.ToLower(string(gap[ws:j]))] {
			return false
		}
		n := bytes.Index(gap[j+2:], []byte(". "))
		if n < 0 {
			break
		}
		j += 2 + n
	}
	return true
}

// abbrevDot are abbreviations whose dot ends no sentence.
var abbrevDot = map[string]bool{"lt": true, "ca": true, "bzw": true, "vgl": true, "dr": true, "med": true, "z.b": true, "ggf": true, "u.a": true}

// medicalSpans are the [start, end) spans of the medical words in a
// lower-cased text, inside words or not, sorted by start. They are looked
// for once per text (one bytes.Index pass per word), only when an ICD-like
// code occurs, so that many codes cost no rescans.
type medicalSpans [][2]int

func findMedical(low []byte) medicalSpans {
	var out medicalSpans
	for _, w := range medicalWords {
		for off := 0; off < len(low); {
			h := bytes.Index(low[off:], []byte(w))
			if h < 0 {
				break
			}
			out = append(out, [2]int{off + h, off + h + len(w)})
			off += h + 1
		}
	}
	slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	return out
}

// near reports whether a medical word starts at most reach bytes after i or
// ends at most reach bytes before it (the code starts at i).
func (m medicalSpans) near(i, reach int) bool {
	// the first word that starts after i-reach-(longest word)
	k, _ := slices.BinarySearchFunc(m, i-reach-maxMedicalWord, func(a [2]int, t int) int { return a[0] - t })
	for ; k < len(m) && m[k][0]-reach <= i; k++ {
		if i <= m[k][1]+reach {
			return true
		}
	}
	return false
}

// maxMedicalWord is the length of the longest medical word.
var maxMedicalWord = func() int {
	n := 0
	for _, w := range medicalWords {
		n = max(n, len(w))
	}
	return n
}()

// payrollReligion finds rk/ev/lt … within 60 bytes after a payroll word.
func (d *specialDetector) payrollReligion(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	tbl := tables{aligned: true}
	payroll := d.payrollCtx
	for i, hits := range t.listHitsAt(payrollSlot, payroll) {
		w := payroll[i]
		for _, h := range hits {
			if !isWordStartAt(raw, h) || w == "religion" && schoolSubject(raw, low, h) {
				continue
			}
			// a payroll table: the column under "Konfession", not a count by
			// confession ("Konfession | Anzahl\nrk | 12.300")
			for _, c := range tbl.cells(raw, h) {
				for _, p := range d.payroll {
					if c.End-c.Start == len(p) && hasPrefixAt(low, c.Start, p) && !covered(dst[n0:], c.Start) && !countColumn(raw, low, h) {
						dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: c.Start, End: c.End, Score: 0.75})
					}
				}
			}
			z := min(len(raw), h+len(w)+60)
			for i := h + len(w); i < z; i++ {
				if !isWordStartAt(raw, i) || !isLetter(raw[i]) {
					continue
				}
				for _, p := range d.payroll {
					if hasPrefixAt(low, i, p) && (strings.HasSuffix(p, ".") || wordBoundaryAfter(raw, i+len(p)) && !d.otherAbbrev(raw, i+len(p), p)) && !glossed(raw, i+len(p)) &&
						!d.payrollKinds(low, i, i+len(p)) && (bytes.IndexByte(raw[h:i], '\n') < 0 || inNameTable(t, i)) {
						// on a later line only in a row that names a person
						// the abbreviation stands as a value: after ":", a
						// table separator or a space, not inside a sentence word.
						if !covered(dst[n0:], i) {
							dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: i, End: i + len(p), Score: 0.75})
						}
						break
					}
				}
				i = wordEnd(raw, i)
			}
		}
	}
	return dst
}

// countColumn reports a header line around h with a column of counts or
// shares (Anzahl, Anteil, Summe, Prozent, a "%" after no number): a
// statistics table.
func countColumn(raw, low []byte, h int) bool {
	ls := bytes.LastIndexByte(raw[:h], '\n') + 1
	le := bytes.IndexByte(raw[h:], '\n')
	if le < 0 {
		le = len(raw)
	} else {
		le += h
	}
	line := low[ls:le]
	for _, w := range [...]string{"anzahl", "anteil", "summe", "prozent", "quote", "gesamt", "fälle"} {
		if bytes.Contains(line, []byte(w)) {
			return true
		}
	}
	// a column of shares: "%" alone, not a rate after a number ("KiSt (9 %)")
	for off := 0; ; {
		j := bytes.IndexByte(line[off:], '%')
		if j < 0 {
			return false
		}
		j += off
		if p := bytes.TrimRight(line[:j], " "); len(p) == 0 || !isDigit(p[len(p)-1]) {
			return true
		}
		off = j + 1
	}
}

// confessionCounts reports a table row at ls whose header (the nearest line
// above without a digit, within 40 lines) has a count column (countColumn)
// and no column that names or numbers a person.
func confessionCounts(raw, low []byte, ls int) bool {
	for n := 0; n < 40 && ls > 0; n++ {
		hs := bytes.LastIndexByte(raw[:ls-1], '\n') + 1
		line := low[hs : ls-1]
		ls = hs
		// a row with numbers is passed over; a header's rate is in brackets
		// ("KiSt (9 %)"), a row's share is not ("evangelisch | 29.870 | 27,7 %")
		if indexDigit(line) >= 0 && !(bytes.Contains(line, []byte("%")) && bytes.IndexByte(line, '(') >= 0) {
			continue
		}
		if !countColumn(raw, low, hs) {
			return false
		}
		for _, w := range [...]string{"name", "pers", "pnr", "mitarbeiter", "beschäftigte", "id"} {
			if bytes.Contains(line, []byte(w)) {
				return false
			}
		}
		return true
	}
	return false
}

// payrollKinds reports a church tax code [s, e) joined to another by
// "und", "oder" or "bzw.": kinds named in a rule ("Kirchensteuer: rk
// und ev jeweils 9 %"), not one person's confession.
func (d *specialDetector) payrollKinds(low []byte, s, e int) bool {
	for _, j := range [...]string{" und ", " oder ", " bzw. "} { // not "ev/rk": a couple's codes on a tax card
		if hasPrefixAt(low, e, j) {
			for _, p := range d.payroll {
				if hasPrefixAt(low, e+len(j), p) && wordBoundaryAfter(low, e+len(j)+len(p)) {
					return true
				}
			}
		}
		if s >= len(j) && hasPrefixAt(low, s-len(j), j) {
			for _, p := range d.payroll {
				if k := s - len(j) - len(p); k >= 0 && hasPrefixAt(low, k, p) && isWordStartAt(low, k) {
					return true
				}
			}
		}
	}
	return false
}

// inNameTable reports whether s lies in a row of a table (cells separated
// by ';', '|' or tabs) whose header row has a name column (Name, Vorname,
// Kind …): a remark in such a row is about the person of the row. The answer
// for a line is kept, so that many remarks on one long line (a JSON export,
// a pasted table without line breaks) look at it once.
func inNameTable(t *Text, s int) bool {
	ls := t.lineStart(s)
	if r := &t.nameRow; r.done && r.start == ls {
		return r.in
	}
	in := nameTableRow(t.Raw, t.Lower(), ls, t.lineEnd(s))
	t.nameRow = nameRow{start: ls, in: in, done: true}
	return in
}

// nameRow is inNameTable's answer for the line starting at start.
type nameRow struct {
	start    int
	in, done bool
}

// nameTableRow is inNameTable for the line [ls, le).
func nameTableRow(raw, low []byte, ls, le int) bool {
	sep := rowSeparator(raw[ls:le], ";|\t")
	if sep == 0 {
		return false
	}
	hdr := headerRowStart(raw, ls, sep)
	if hdr == ls {
		return false // the row is the header itself
	}
	for _, cell := range bytes.Split(low[hdr:lineEndAt(raw, hdr)], []byte{sep}) {
		c := bytes.TrimSpace(cell)
		if nameColumn[string(c)] {
			return true
		}
		// "Name, Vorname", "Nachname/Vorname"
		if k := bytes.IndexAny(c, ",/"); k > 0 && nameColumn[string(bytes.TrimSpace(c[:k]))] {
			return true
		}
	}
	return false
}

// lineEndAt returns the end of the line that i is in.
func lineEndAt(raw []byte, i int) int {
	if nl := bytes.IndexByte(raw[i:], '\n'); nl >= 0 {
		return i + nl
	}
	return len(raw)
}

// glossed reports an abbreviation ending at e that is followed by its
// meaning in brackets ("rk (römisch-katholisch)"): a text that explains the
// codes, not a person's record.
func glossed(raw []byte, e int) bool {
	if e < len(raw) && raw[e] == ' ' {
		e++
	}
	return e+1 < len(raw) && raw[e] == '(' && isLowerASCII(raw[e+1])
}

// otherAbbrev reports a dot after the payroll abbreviation p (at e) when p
// has no dotted form of its own: "lt. Bescheid" is laut, not lutherisch.
func (d *specialDetector) otherAbbrev(raw []byte, e int, p string) bool {
	if e >= len(raw) || raw[e] != '.' {
		return false
	}
	return !slices.Contains(d.payroll, p+".")
}

// noReligion are values of a religion column that state none.
var noReligion = map[string]bool{"-": true, "–": true, "—": true, "ohne": true, "keine": true, "k.a.": true, "ka": true,
	"n/a": true, "konfessionslos": true, "o.a.": true, "oa": true, "vd": true, "--": true}

// fieldReligion finds the values of a religion column or key of a record
// (Konfession: islam., orth., rk): a word or two, not "ohne"/"-".
func fieldReligion(t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	fs := t.fields()
	for i, f := range fs {
		v := f.val
		if f.class != keyReligion || v.End-v.Start > 24 || noReligion[string(low[v.Start:v.End])] || covered(dst[n0:], v.Start) {
			continue
		}
		// a count by confession: a table whose header has a count column
		// and no column of a person ("Konfession | Anzahl\nrk | 12.300";
		// not "Pers.-Nr. | Konf | KiSt": rev11)
		if !namedRecord(t, fs, i) && confessionCounts(raw, low, t.lineStart(v.Start)) {
			continue
		}
		ok := true
		for _, c := range raw[v.Start:v.End] {
			if !(isLetter(c) || c >= 0x80 || c == '.' || c == '-' || c == ' ') {
				ok = false
				break
			}
		}
		if ok {
			dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: v.Start, End: v.End, Score: 0.75})
		}
	}
	return dst
}

// fieldDisability finds the values of a GdB, Merkzeichen or Pflegegrad
// column or key in the record of a person (a name or birth date among the
// values next to it): a GdB of 20 to 100 in steps of ten, a Pflegegrad of 1
// to 5, each mark of a disability card ("aG, B": two spans). Under the
// header the number or mark alone states the datum, as "GdB 50" does in
// prose; a statistics table (GdB | Anzahl) has no name column and is not
// read.
func fieldDisability(t *Text, dst []Finding, n0 int) []Finding {
	fs := t.fields()
	raw := t.Raw
	for i, f := range fs {
		if f.class != keyGdB && f.class != keyMarks && f.class != keyCareGrade && f.class != keySupport {
			continue
		}
		v := f.val
		if v.End-v.Start > 48 || covered(dst[n0:], v.Start) || !namedRecord(t, fs, i) {
			continue
		}
		if f.class == keySupport {
			// "Lernen", "emotionale und soziale Entwicklung" under Förderschwerpunkt in a pupil's row
			if supportFocus[string(bytes.ToLower(raw[v.Start:v.End]))] {
				dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: v.Start, End: v.End, Score: 0.75})
			}
			continue
		}
		if v.End-v.Start > 24 {
			continue
		}
		val := raw[v.Start:v.End]
		switch f.class {
		case keyGdB:
			if n, ok := smallNumber(val); ok && n >= 20 && n <= 100 && n%10 == 0 {
				dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: v.Start, End: v.End, Score: 0.75})
			}
		case keyCareGrade:
			// the grade alone or with its abbreviation: "3", "PG 3", "PG3"
			if len(val) >= 3 && (val[0] == 'P' || val[0] == 'p') && (val[1] == 'G' || val[1] == 'g') {
				val = bytes.TrimLeft(val[2:], " ")
			}
			if n, ok := smallNumber(val); ok && n >= 1 && n <= 5 {
				dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: v.Start, End: v.End, Score: 0.75})
			}
		case keyMarks:
			// every part must be a mark, or the cell is something else ("keine", "beantragt")
			// marks joined by "und" are one span ("G und B", as "Merkzeichen B
			// und G" in prose: testcases/README.md)
			var marks [8]Span
			n, k, joined := 0, v.Start, false
			for k < v.End && n < len(marks) {
				e := k
				for e < v.End && raw[e] != ',' && raw[e] != ' ' && raw[e] != '/' {
					e++
				}
				if string(raw[k:e]) == "und" && n > 0 && e < v.End {
					joined = true
				} else if !cardMark[string(raw[k:e])] {
					n = 0
					break
				} else {
					marks[n] = Span{k, e}
					n++
				}
				for e < v.End && (raw[e] == ',' || raw[e] == ' ' || raw[e] == '/') {
					e++
				}
				k = e
			}
			if k < v.End || joined && n < 2 {
				n = 0
			}
			if joined && n > 0 {
				marks[0].End, n = marks[n-1].End, 1
			}
			for _, m := range marks[:n] {
				dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: m.Start, End: m.End, Score: 0.75})
			}
		}
	}
	return dst
}

// cardMark are the marks of a German disability card (§ 3
// Schwerbehindertenausweisverordnung), as written in a table cell.
var cardMark = map[string]bool{"G": true, "aG": true, "B": true, "H": true, "Bl": true, "Gl": true, "TBl": true,
	"RF": true, "1.Kl.": true}

// smallNumber parses a cell of at most three digits.
func smallNumber(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 3 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// supportNeeds finds a pupil's special educational need written out: after
// a label line's colon ("Förderschwerpunkt: Lernen" in a record that names
// the pupil) or in prose with its area ("einen sonderpädagogischen
// Förderbedarf im Bereich geistige Entwicklung"). The span runs from "sonderpädagogisch…" or the key word to the
// end of the need; only about a person (aboutPerson, or a person in the
// record's paragraph for a label line).
func (d *specialDetector) supportNeeds(ix *specialIndex, t *Text, dst []Finding, n0 int) []Finding {
	raw, low := t.Raw, t.Lower()
	for i, hits := range t.listHitsAt(supportKeysSlot, supportKeys[:]) {
		kw := supportKeys[i]
		for _, h := range hits {
			if !isWordStartAt(raw, h) || covered(dst[n0:], h) {
				continue
			}
			k := h + len(kw)
			for k < len(low) && isLetter(low[k]) { // Förderschwerpunkte, Förderbedarfs
				k++
			}
			label := k < len(raw) && raw[k] == ':'
			assessed := false
			v := k
			if label {
				v = skipBlank(raw, k+1)
			} else {
				// in prose only the need stated with its area ("Förderbedarf im Bereich
				// geistige Entwicklung"); "Förderbedarf Sprache" of a school
				// examination and a school's "(Förderschwerpunkt Lernen)" stay none,
				// as the sets have them
				v = skipBlank(raw, k)
				via := false
				for _, w := range [...]string{"im bereich ", "im förderschwerpunkt ", "im schwerpunkt "} {
					if hasPrefixAt(low, v, w) {
						v, via = v+len(w), true
						break
					}
				}
				if !via && assessedNeed(low, h) {
					// "vermuteter Förderschwerpunkt Lernen", "festgestellter
					// Förderschwerpunkt Sprache": a pupil's need under assessment,
					// as a label's value
					label, via, assessed = true, true, true
				}
				if !via {
					continue
				}
			}
			ve := supportFocusAt(low, v)
			if ve < 0 {
				continue
			}
			s := h
			if ps, pe := prevWord(low, h); pe == h-1 && bytes.HasPrefix(low[ps:pe], []byte("sonderpädagogisch")) {
				s = ps
			}
			if label {
				if !assessed && !labelLine(raw, v) && !fieldLine(raw, v) || !d.personInParagraph(raw, low, paragraphStart(raw, h, 400), lineEndAt(raw, v), h, ve) {
					continue
				}
				s = v // the need is the datum, the label stays outside
			} else if ok, _ := d.aboutPerson(ix, t, s, ve, false, false); !ok {
				continue
			}
			dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: s, End: ve, Score: 0.75})
			// a second need joined to it: "…, ggf. zusätzlich emotionale und soziale Entwicklung"
			for _, w := range [...]string{", ggf. zusätzlich ", ", zusätzlich ", " und ggf. ", ", ggf. auch "} {
				if hasPrefixAt(low, ve, w) {
					if e2 := supportFocusAt(low, ve+len(w)); e2 > 0 {
						dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: ve + len(w), End: e2, Score: 0.75})
					}
					break
				}
			}
		}
	}
	return dst
}

// publicCandidacy reports a text that publishes candidacies: a press
// release or an official announcement of the nominations. A candidate named
// there stands for office in public; TAXONOMY counts only a private
// person's political activity.
func publicCandidacy(low []byte) bool {
	for _, w := range [...]string{"pressemitteilung", "pressemeldung", "presseinformation", "press release", "öffentliche bekanntmachung",
		"wahlvorschläge", "wahlvorschlag"} {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return false
}

// assessedNeed reports an adjective of assessment right before a
// Förderschwerpunkt at h: vermutet, festgestellt, möglich, beantragt.
func assessedNeed(low []byte, h int) bool {
	ps, pe := prevWord(low, h)
	if pe != h-1 || pe <= ps {
		return false
	}
	w := low[ps:pe]
	for _, a := range [...]string{"vermutete", "festgestellte", "mögliche", "beantragte", "diagnostizierte"} {
		if bytes.HasPrefix(w, []byte(a)) && len(w) <= len(a)+1 {
			return true
		}
	}
	return false
}

// supportFocusAt returns the end of a need of supportFocus that starts at
// i and ends a word, or -1.
func supportFocusAt(low []byte, i int) int {
	best := -1
	for f := range supportFocus {
		if hasPrefixAt(low, i, f) && (i+len(f) == len(low) || !isLetter(low[i+len(f)]) && low[i+len(f)] < 0x80) && i+len(f) > best {
			best = i + len(f)
		}
	}
	return best
}

// supportFocus are the special educational needs (sonderpädagogische
// Förderschwerpunkte) the Länder name, as a pupil's record gives them
// under a Förderschwerpunkt column (lower case).
var supportFocus = map[string]bool{"lernen": true, "sprache": true, "hören": true, "sehen": true,
	"hören und kommunikation": true, "emotionale und soziale entwicklung": true, "soziale und emotionale entwicklung": true,
	"emotional-soziale entwicklung": true, "geistige entwicklung": true, "körperliche und motorische entwicklung": true,
	"körperlich-motorische entwicklung": true, "autismus": true, "kranke": true, "unterricht kranker schüler": true}

// namedRecord reports whether the value fs[i] stands in the record of a
// named person: a name or birth date within a few values of it, on the same
// line of a table or within maxRecordGap bytes of a JSON or XML record.
func namedRecord(t *Text, fs []field, i int) bool {
	v := fs[i].val
	for j := max(0, i-6); j < min(len(fs), i+7); j++ {
		if fs[j].class != keyPerson && fs[j].class != keyPersonWeak && fs[j].class != keyBirth {
			continue
		}
		w := fs[j].val
		if w.Start >= v.End && w.Start-v.End <= maxRecordGap || w.End <= v.Start && v.Start-w.End <= maxRecordGap {
			return true
		}
	}
	return false
}

// RecordKeys are the keys of structured records, which this detector reads
// (Text.fields).
func (d *specialDetector) RecordKeys() []string { return fieldAnchors }

// headingLine reports whether the line around i is a heading, letterhead or
// title: at most 160 bytes, not ended by sentence punctuation, and naming no
// person ("Antrag auf Eingliederungshilfe – Schulbegleitung (§ 35a SGB VIII)").
func headingLine(raw, low []byte, i int) bool {
	ls := bytes.LastIndexByte(raw[max(0, i-160):i], '\n') + 1
	if ls == 0 && i > 160 {
		return false
	}
	ls += max(0, i-160)
	le := lineEndAt(raw, i)
	if le-ls > 160 {
		return false
	}
	k := le
	for k > ls && (raw[k-1] == ' ' || raw[k-1] == '\r' || raw[k-1] == '\t') {
		k--
	}
	if k > ls && (raw[k-1] == '.' && !dayMonthEnd(raw, ls, k) || raw[k-1] == '!' || raw[k-1] == '?') {
		return false
	}
	if f := skipBlank(raw, ls); f+1 < len(raw) && (raw[f] == '-' || raw[f] == '*') && raw[f+1] == ' ' || hasPrefixAt(raw, f, "•") {
		return false // "- BEM-Gespräch anbieten, sobald …": an item of a list, not its heading
	}
	if wrappedProse(raw, ls, k) {
		return false // "… bieten wir dir ein\nBEM-Gespräch an. Die Teilnahme …": a paragraph wrapped by hand
	}
	return !namesPerson(raw, low, ls, k)
}

// wrappedProse reports a line [ls, k) that goes on with the sentence of the
// line before it, as a mail wrapped by hand has it: the line before ends in
// a lower-case letter, without punctuation, and this line holds the end of
// a sentence followed by the next one (". D"), which no heading has.
func wrappedProse(raw []byte, ls, k int) bool {
	p := ls - 2
	for p >= 0 && (raw[p] == '\r' || raw[p] == ' ' || raw[p] == '\t') {
		p--
	}
	if p < 0 || !isLowerASCII(raw[p]) {
		return false
	}
	for j := ls; j+2 < k; j++ {
		if (raw[j] == '.' || raw[j] == '!' || raw[j] == '?') && raw[j+1] == ' ' && isUpper(raw[j+2]) && j > ls && isLowerASCII(raw[j-1]) {
			return true
		}
	}
	return false
}

// topicSubject reports a phrase [h, e) that ends a mail's subject line
// which names a topic ("Betreff: Kündigung trotz Schwerbehinderung?",
// "Subject: AW: Frage zur Schwerbehinderung"): before the phrase only the
// label, reply prefixes, lower-case words and nouns of a procedure (-ung,
// -heit, -keit, -schaft, -tion, Frage, Antrag), after it only a question or
// exclamation mark, and no one named on the line (Herr, Frau, ich, mein).
// A subject with a name ("Betreff: Schwerbehinderung Kowalczyk") or one
// that names the writer keeps the phrase.
func topicSubject(raw, low []byte, h, e int) bool {
	ls := bytes.LastIndexByte(raw[max(0, h-120):h], '\n') + 1
	if ls == 0 && h > 120 {
		return false
	}
	ls += max(0, h-120)
	k := ls
	for k < h && (raw[k] == '>' || raw[k] == ' ') {
		k++
	}
	switch {
	case hasPrefixAt(low, k, "betreff:"):
		k += len("betreff:")
	case hasPrefixAt(low, k, "subject:"):
		k += len("subject:")
	default:
		return false
	}
	le := lineEndAt(raw, e)
	if rest := bytes.TrimSpace(raw[e:le]); len(rest) > 1 || len(rest) == 1 && rest[0] != '?' && rest[0] != '!' {
		return false
	}
	if namesPerson(raw, low, ls, le) {
		return false
	}
	for k = skipBlank(raw, k); k < h; k = skipBlank(raw, k) {
		we := wordEnd(low, k)
		if we == k {
			return false
		}
		w := low[k:we]
		if we < h && low[we] == ':' {
			we++ // "AW:", "WG:"
		} else if isCap(raw, k) {
			ok := false
			for _, suf := range [...]string{"ung", "heit", "keit", "schaft", "tion", "frage", "antrag"} {
				if bytes.HasSuffix(w, []byte(suf)) {
					ok = true
				}
			}
			if !ok {
				return false
			}
		}
		k = we
	}
	return k == h
}

// bareSubject reports a phrase [h, e) that is all of a mail's subject
// line but its reply prefixes ("Betreff: AW: Krankmeldung", "> Subject:
// Krankmeldung", "Betreff: Krankmeldung / BEM"): a topic, no one's datum.
func bareSubject(raw, low []byte, h, e int) bool {
	ls := bytes.LastIndexByte(raw[max(0, h-80):h], '\n') + 1
	if ls == 0 && h > 80 {
		return false
	}
	ls += max(0, h-80)
	k := ls
	for k < h && (raw[k] == '>' || raw[k] == ' ') {
		k++
	}
	if !hasPrefixAt(low, k, "betreff:") && !hasPrefixAt(low, k, "subject:") {
		return false
	}
	k += len("betreff:")
	if low[k-1] != ':' {
		k = k - len("betreff:") + len("subject:")
	}
	for {
		k = skipBlank(raw, k)
		if we := wordEnd(low, k); we < h && we+1 < len(low) && low[we] == ':' {
			switch string(low[k:we]) {
			case "aw", "re", "wg", "fw", "fwd", "wtr":
				k = we + 1
				continue
			}
		}
		break
	}
	if k != h {
		return false
	}
	le := lineEndAt(raw, e)
	rest := bytes.TrimSpace(raw[e:le])
	return len(rest) == 0 || rest[0] == '/' && bytes.IndexByte(bytes.TrimSpace(rest[1:]), ' ') < 0
}

// dayMonthEnd reports a line raw[ls:k] that ends in a day and month
// ("Betreff: Einladung BEM-Gespräch 02.12."): the point is the date's.
func dayMonthEnd(raw []byte, ls, k int) bool {
	i := k - 1 // the final '.'
	n := 0
	for i > ls && isDigit(raw[i-1]) && n < 2 {
		i--
		n++
	}
	if n == 0 || i <= ls || raw[i-1] != '.' {
		return false
	}
	i--
	n = 0
	for i > ls && isDigit(raw[i-1]) && n < 2 {
		i--
		n++
	}
	return n > 0 && (i == ls || raw[i-1] == ' ')
}

// unionBefore finds a union's name right before a dues word at h on a
// payroll line, the line ending in an amount or a rate: "ver.di
// Mitgliedsbeitrag -28,74", "GEW-Beitrag 21,40", "IG BAU, Beitrag 1 %". A dues word in a sentence ("der ver.di
// Mitgliedsbeitrag beträgt 1 %") is none.
func (d *specialDetector) unionBefore(raw, low []byte, h int, w string) ([2]int, bool) {
	if h < 3 || raw[h-1] != ' ' && raw[h-1] != '-' {
		return [2]int{}, false
	}
	end := h - 1 // where the union's name ends
	if raw[h-2] == ',' {
		end-- // "IG BAU, Beitrag 1 %"
	}
	e := lineEndAt(raw, h)
	k := h + len(w)
	for k < e && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == ':') {
		k++
	}
	if k < e && (raw[k] == '-' || raw[k] == '+') {
		k++
	}
	if k >= e || !isDigit(raw[k]) || bytes.IndexByte(raw[k:e], ',') < 0 && bytes.IndexByte(raw[k:min(e, k+8)], '%') < 0 {
		return [2]int{}, false // no amount or rate follows
	}
	for _, u := range d.unions {
		s := end - len(u)
		if s >= 0 && hasPrefixAt(low, s, u) && isWordStartAt(raw, s) && (s == 0 || raw[s-1] == '\n' || raw[s-1] == ' ' || raw[s-1] == '\t') {
			return [2]int{s, end}, true
		}
	}
	return [2]int{}, false
}

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	duesSlot    = newListSlot()
	payrollSlot = newListSlot()
)

// copulas state a belief of their clause's subject ("Sie ist katholisch",
// "Both are Catholic").
var copulas = map[string]bool{"ist": true, "sind": true, "war": true, "waren": true, "sei": true, "seien": true,
	"is": true, "are": true, "was": true, "were": true}

// predicateFillers may stand between the copula and the belief ("sind beide
// katholisch", "ist ebenfalls muslimisch", "are both Catholic").
var predicateFillers = map[string]bool{"beide": true, "auch": true, "ebenfalls": true, "alle": true, "both": true,
	"also": true, "all": true}

// beliefSubjects are the words of a person that may be the subject of a
// copula before a belief beside the names and relations ("Die Familie ist
// muslimisch", "Er ist katholisch", "Both are Catholic").
var beliefSubjects = map[string]bool{"er": true, "sie": true, "ich": true, "wir": true, "beide": true, "familie": true,
	"eltern": true, "eheleute": true, "ehepaar": true, "he": true, "she": true, "i": true, "we": true, "they": true,
	"both": true, "family": true, "parents": true, "couple": true, "mother": true, "father": true, "wife": true,
	"husband": true}

// religionLessonAfter reports a school subject of religion right after a
// religion's word at e ("Catholic religious education", "katholischer
// Religionsunterricht"): the lesson a faith names, which children of any
// faith or none may attend.
func religionLessonAfter(low []byte, e int) bool {
	for _, w := range [...]string{" religious education", " religion class", " religion lesson", " religionsunterricht", " religionslehre"} {
		if hasPrefixAt(low, e, w) {
			return true
		}
	}
	return false
}

// beliefPredicate reports a religion word [s, e) that ends its clause as
// the predicate of a copula whose subject is a person: a pronoun, a name,
// a relation or a family before the copula ("Beide sind evangelisch", "Die
// Eltern sind beide katholisch", "Both are Catholic"), a name after it
// ("Laut Akte ist Frau Kaya katholisch") or none, in an item that
// continues the person of its list ("- ist jüdisch und hat an hohen
// Feiertagen Urlaub"). A thing or a region is no such subject ("Die Schule
// ist katholisch", "Die Region ist überwiegend katholisch").
func (d *specialDetector) beliefPredicate(raw, low []byte, s, e int) bool {
	if bytes.IndexByte(raw[s:e], ' ') >= 0 {
		return false
	}
	if e < len(raw) {
		switch c := raw[e]; {
		case c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == ')' || c == '\n' || c == '\r':
		case c == ' ':
			if we := wordEnd(raw, e+1); !(we > e+1 && (hasPrefixAt(low, e+1, "und ") || hasPrefixAt(low, e+1, "and ") ||
				hasPrefixAt(low, e+1, "aber ") || hasPrefixAt(low, e+1, "but ") || hasPrefixAt(low, e+1, "sowie "))) {
				return false
			}
		default:
			return false
		}
	}
	i := s
	ps, pe := prevWord(low, i)
	for range 2 {
		if pe != i-1 || pe <= ps || !predicateFillers[string(low[ps:pe])] {
			break
		}
		i = ps
		ps, pe = prevWord(low, i)
	}
	if pe != i-1 || pe <= ps {
		return false
	}
	w := string(low[ps:pe])
	if !copulas[w] {
		// a name after the copula: "ist Frau Kaya katholisch"
		if d.personWord(raw, low, ps, pe, false) != wordPerson || !isCap(raw, ps) {
			return false
		}
		for range 2 {
			qs, qe := prevWord(low, ps)
			if qe != ps-1 || qe <= qs {
				return false
			}
			if copulas[string(low[qs:qe])] {
				return true
			}
			if !isCap(raw, qs) {
				return false
			}
			ps = qs
		}
		return false
	}
	// the copula's subject
	k := ps
	for k > 0 && raw[k-1] == ' ' {
		k--
	}
	if k == 0 || raw[k-1] == '\n' {
		return true // the first word of a line or of the text: a clause of the person above
	}
	if (raw[k-1] == '-' || raw[k-1] == '*') && (k == 1 || raw[k-2] == '\n') {
		return true // an item of a list: "- ist jüdisch"
	}
	qs, qe := prevWord(low, ps)
	if qe != ps-1 || qe <= qs {
		return false
	}
	x := string(low[qs:qe])
	return beliefSubjects[x] || d.lx.flags(low[qs:qe])&wRelation != 0 || d.personWord(raw, low, qs, qe, false) == wordPerson
}

// institutionNouns end a phrase that names a religious institution, event
// or procedure, not a person's belief: "Moscheegemeinde", "Jüdische
// Gemeinde", "Kirchenaustritt", "Ramadan".
var institutionNouns = []string{"gemeinde", "gemeinden", "kirche", "moschee", "synagoge", "austritt", "austritte",
	"ramadan", "ramadans"}

// subjectArticles may stand before an institution at its clause's start.
var subjectArticles = map[string]bool{"der": true, "die": true, "das": true, "diese": true, "dieser": true, "dieses": true}

// notVerbs are the lower-case words after a noun that continue its noun
// phrase or clause, not a finite verb of it as the subject.
var notVerbs = map[string]bool{"von": true, "vom": true, "des": true, "der": true, "den": true, "dem": true, "in": true,
	"im": true, "am": true, "an": true, "auf": true, "aus": true, "bei": true, "beim": true, "mit": true, "nach": true,
	"seit": true, "zu": true, "zum": true, "zur": true, "für": true, "über": true, "unter": true, "und": true, "oder": true,
	"sowie": true, "e.": true, "e.v.": true, "eines": true, "einer": true, "meines": true, "seines": true, "ihres": true}

// procedureVerbs say what a procedure costs or needs in general ("Der
// Kirchenaustritt kostet 30 Euro", "… kann beim Standesamt erklärt
// werden"); "Der Kirchenaustritt erfolgte 2019" in a person's record is
// that person's.
var procedureVerbs = map[string]bool{"kostet": true, "kosten": true, "kann": true, "können": true, "muss": true,
	"müssen": true, "erfordert": true, "bedarf": true, "braucht": true}

// eventTime are the words before an event (Ramadan) that make it a time,
// not a person's practice: "während des Ramadan", "im Ramadan", "nach
// Ramadan", "bis Ende Ramadan", "after Ramadan".
var eventTime = []string{"während des ", "während ", "im ", "vor dem ", "nach dem ", "zum ", "seit dem ", "ende des ",
	"beginn des ", "anfang des ", "mitte des ", "zu ", "nach ", "vor ", "bis ", "seit ", "ab ", "ende ", "anfang ",
	"beginn ", "mitte ", "during ", "after ", "before ", "until ", "since ", "end of ", "start of "}

// plainDates are the words of eventTime that only date something before,
// after, from or until the event; the others ("im", "während", "zum")
// keep a person's clause about the event his.
var plainDates = map[string]bool{"nach ": true, "vor ": true, "seit ": true, "ab ": true, "nach dem ": true,
	"vor dem ": true, "seit dem ": true, "after ": true, "before ": true, "since ": true, "bis ": true, "ende ": true,
	"anfang ": true, "beginn ": true, "mitte ": true, "until ": true, "end of ": true, "start of ": true,
	"ende des ": true, "beginn des ": true, "anfang des ": true, "mitte des ": true}

// practiceWords name a religious practice or feast beside the event
// ("wegen des Fastens", "zum Zuckerfest", "to break his fast"), and
// workTimeWords a person's own work time arranged around it ("angepasste
// Dienstzeit", "nur vormittags erreichbar", "keine Termine nach 18 Uhr").
var (
	practiceWords = map[string]bool{"fasten": true, "fastens": true, "fastenbrechen": true, "fastenzeit": true,
		"iftar": true, "gebet": true, "gebete": true, "gebets": true, "moschee": true, "zuckerfest": true,
		"opferfest": true, "eid": true, "pilgerreise": true, "pilger": true, "mekka": true, "bayram": true}
	workTimeWords = map[string]bool{"dienstzeit": true, "dienstzeiten": true, "arbeitszeit": true, "arbeitszeiten": true,
		"gleitzeit": true, "mittagspause": true, "pause": true, "pausen": true, "erreichbar": true, "vormittags": true,
		"nachmittags": true, "früher": true, "befreit": true, "befreiung": true, "freistellen": true,
		"freistellung": true, "freinehmen": true, "termin": true, "termine": true, "schicht": true, "schichten": true,
		"dienstplan": true, "lunch": true, "break": true, "early": true, "shift": true, "shifts": true}
)

// practiceVerbs are the words of a person's religious practice in the
// clause of an event: "Herr Kaya fastet im Ramadan", "during Ramadan I will
// be fasting", "Die Familie feiert das Ende des Ramadan".
var practiceVerbs = map[string]bool{"fastet": true, "fasten": true, "faste": true, "fastete": true, "fasteten": true,
	"fastest": true, "fasting": true, "fasts": true, "fasted": true, "feiert": true, "feiern": true, "feiere": true,
	"feierte": true, "feierten": true, "celebrate": true, "celebrates": true, "celebrating": true, "observe": true,
	"observes": true, "observing": true, "betet": true, "beten": true}

// institutionUse reports a phrase [s, e) that names a religious
// institution, event or procedure (institutionNouns) in everyday
// organisational use, no one's belief:
//   - as the subject of its clause, at the clause's start (after an
//     article; a clause ends at a comma too) with a finite verb after it: "Die Moscheegemeinde lädt zum
//     Tag der offenen Tür", "Der Kirchenaustritt kostet beim Standesamt 30
//     Euro", "Die Jüdische Gemeinde feiert …", "Der Ramadan beginnt im März";
//   - an event as a time with no person's practice in its clause, or no
//     person: "Iftar-Empfang im Rathaus während des Ramadan", "Frau Kaya
//     nimmt nach Ramadan Urlaub", "bis Ende Ramadan".
//
// "Sein Kirchenaustritt erfolgte 2019", "Der Kirchenaustritt von Herrn
// Kaya wurde beurkundet", "Herr Kaya fastet im Ramadan" and "ist Mitglied
// der Moscheegemeinde" stay a person's.
func (d *specialDetector) institutionUse(raw, low []byte, s, e int) bool {
	if hasPrefixAt(low, s, "übertritt ") && !prevWordIs(low, s, "der", "den", "dem", "des", "zum", "beim", "vom", "ein", "einen", "einem", "eines") {
		// "Konfession: …, Übertritt zur evangelischen Kirche laut Pfarrer beantragt":
		// a person's conversion, the church its goal ("Der Übertritt zur … ist
		// im Gemeindebüro möglich" names the procedure, as an institution's)
		return false
	}
	ws := e
	for ws > s && (isLetter(low[ws-1]) || low[ws-1] >= 0x80) {
		ws--
	}
	last := string(low[ws:e])
	inst := false
	for _, n := range institutionNouns {
		if strings.HasSuffix(last, n) {
			inst = true
			break
		}
	}
	if !inst {
		return false
	}
	// the subject at its clause's start
	a := clauseStart(low, s, 80, ",.!?;:\n")
	k := s
	if ps, pe := prevWord(low, s); pe == s-1 && pe > ps && subjectArticles[string(low[ps:pe])] {
		k = ps
	}
	if strings.TrimSpace(string(low[a:k])) == "" && e+1 < len(low) && low[e] == ' ' && isLowerASCII(raw[e+1]) {
		if we := wordEnd(raw, e+1); we > e+1 && !notVerbs[string(low[e+1:we])] &&
			(!strings.Contains(last, "austritt") || procedureVerbs[string(low[e+1:we])]) {
			return true
		}
	}
	// the owner of a thing in the genitive: "die Rechnung der Katholischen
	// Kirche für die Nutzung des Pfarrsaals", "das Konto der Moscheegemeinde"
	if !strings.Contains(last, "austritt") && !strings.HasPrefix(last, "ramadan") && institutionOwner(raw, low, s) {
		return true
	}
	// an event as a time
	if strings.HasPrefix(last, "ramadan") {
		for _, w := range eventTime {
			if hasSuffixAt(low, s, w) {
				c := clauseStart(low, s, 80, ",.!?;:\n")
				z := clauseEnd(low, e, 80, ",.!?;:\n")
				if !plainDates[w] && !eachWord(raw, c, z, func(i, we int) bool {
					return (i < s || i >= e) && d.personWord(raw, low, i, we, false) == wordPerson
				}) {
					return true // no person in its clause: "Iftar-Empfang im Rathaus während des Ramadan"
				}
				if !plainDates[w] {
					return false // "Herr Kaya fastet im Ramadan", "Herr Yilmaz ist während Ramadan nur vormittags erreichbar"
				}
				// a date: its sentence (past a reporter before a colon)
				c = reporterSkipped(low, clauseStart(low, s, 160, ".!?\n"), s)
				z = min(len(low), e+160)
				if i := bytes.IndexAny(low[e:z], ".!?\n"); i >= 0 {
					z = e + i
				}
				if !eachWord(raw, c, z, func(i, we int) bool {
					return (i < s || i >= e) && d.personWord(raw, low, i, we, false) == wordPerson
				}) {
					return true // no person: "Ab Ramadan gelten neue Öffnungszeiten"
				}
				// a person's clause: only a plain date without a word of
				// practice or of the person's own work time is a time
				// ("Frau Kaya nimmt nach Ramadan Urlaub"; not "Herr Yilmaz
				// bittet, bis Ende Ramadan keine Termine nach 18 Uhr zu
				// bekommen", "Frau Demir möchte nach Ramadan zum Zuckerfest
				// freinehmen", "Herr Kaya fastet im Ramadan")
				c = clauseStart(low, s, 80, ",.!?;:\n") // the practice in the date's own clause
				z = min(len(low), e+80)
				if i := bytes.IndexAny(low[e:z], ",.!?;:\n"); i >= 0 {
					z = e + i
				}
				return !eachWord(raw, c, z, func(i, we int) bool {
					if i >= s && i < e {
						return false
					}
					x := string(low[i:we])
					return practiceVerbs[x] || practiceWords[x] || workTimeWords[x] ||
						x == "fast" && prevWordIs(low, i, "his", "her", "their", "my", "the", "a")
				})
			}
		}
	}
	return false
}

// schoolSubjects are the subjects of a school timetable or a teacher's
// record beside which "Religion" is a subject, too.
var schoolSubjects = map[string]bool{"deutsch": true, "mathe": true, "mathematik": true, "englisch": true, "sport": true,
	"kunst": true, "musik": true, "sachunterricht": true, "ethik": true, "biologie": true, "geschichte": true,
	"erdkunde": true, "physik": true, "chemie": true, "französisch": true, "latein": true, "informatik": true,
	"philosophie": true, "werken": true, "textiles": true, "politik": true, "sowi": true, "geographie": true}

// schoolSubject reports the word "Religion" at h as a school subject, not a
// person's religion: its denomination in brackets right after it ("Religion
// (ev.)", "Religion (kath.)", as a timetable or a teacher's subjects give
// it, where a record writes "Religion: ev."), or a school subject before or
// after it in its list ("Deutsch, Mathe, Religion ev., Sport").
func schoolSubject(raw, low []byte, h int) bool {
	e := h + len("religion")
	if hasPrefixAt(raw, e, " (") {
		return true
	}
	k := h
	for k > 0 && low[k-1] == ' ' {
		k--
	}
	if k > 0 && (low[k-1] == ',' || low[k-1] == '/') {
		if ps, pe := prevWord(low, k-1); pe > ps && schoolSubjects[string(low[ps:pe])] {
			return true
		}
	}
	z := min(len(low), e+20)
	if i := bytes.IndexAny(low[e:z], ",/;|"); i >= 0 && bytes.IndexByte(low[e:e+i], '\n') < 0 {
		k = e + i + 1
		for k < len(low) && low[k] == ' ' {
			k++
		}
		if we := wordEnd(raw, k); we > k && schoolSubjects[string(low[k:we])] {
			return true
		}
	}
	return false
}

// staffAtLarge reports "krank" [h, …) said of staff as a mass noun, after
// an optional verb of being ("es sei Personal krank", "das Pflegepersonal
// ist krank"): no one of them is named. A colleague ("Kollege krank") or a
// named person stays.
func staffAtLarge(raw, low []byte, h int) bool {
	k := h
	for n := 0; n < 3; n++ {
		ps, pe := prevWord(low, k)
		if pe != k-1 || pe <= ps {
			return false
		}
		switch w := string(low[ps:pe]); w {
		case "ist", "sind", "sei", "seien", "war", "waren", "wäre", "wieder", "schon", "auch", "noch", "oft", "viel":
			k = ps
			continue
		default:
			return isCap(raw, ps) && (strings.HasSuffix(w, "personal") || w == "belegschaft" || w == "kollegium")
		}
	}
	return false
}

// documentNouns are notices and papers that are about a disease ("Aushang
// zu Scharlach", "Merkblatt über Kopfläuse").
var documentNouns = map[string]bool{"aushang": true, "aushänge": true, "merkblatt": true, "merkblätter": true,
	"infoblatt": true, "informationsblatt": true, "elternbrief": true, "elterninformation": true, "elterninfo": true,
	"rundschreiben": true, "rundmail": true, "flyer": true, "broschüre": true, "handzettel": true, "hinweisblatt": true}

// documentTopic reports a phrase at h right after "zu", "zum", "zur" or
// "über" after a notice or paper of documentNouns: its topic, no one's datum.
func documentTopic(low []byte, h int) bool {
	if h < 4 || low[h-1] != ' ' || low[h-2] != 'u' && low[h-2] != 'm' && low[h-2] != 'r' {
		return false
	}
	ps, pe := prevWord(low, h)
	if pe != h-1 || pe <= ps {
		return false
	}
	switch string(low[ps:pe]) {
	case "zu", "zum", "zur", "über":
	default:
		return false
	}
	qs, qe := prevWord(low, ps)
	return qe == ps-1 && qe > qs && documentNouns[string(low[qs:qe])]
}

// metaphorStates are the health words also said of machines and things
// ("Lüfter krank", "Burnout der Festplatte").
var metaphorStates = map[string]bool{"krank": true, "burnout": true, "depression": true}

// roleSuffixes end nouns of persons by their work ("Hausmeister",
// "Lehrkraft", "Sachbearbeiter") that no list holds.
var roleSuffixes = []string{"meister", "leiter", "lehrer", "fahrer", "arbeiter", "helfer", "pfleger", "erzieher", "chef",
	"mann", "frau", "kraft", "kollege", "mädchen", "junge", "papa", "mama", "vater", "mutter", "bruder", "schwester"}

// timeNouns say how long a person is ill ("47 Tage krank", "den Rest der
// Woche krank").
var timeNouns = map[string]bool{"tag": true, "tage": true, "tagen": true, "woche": true, "wochen": true, "monat": true,
	"monate": true, "monaten": true, "jahr": true, "jahre": true, "jahren": true, "wochenende": true, "stunden": true,
	"zeit": true, "wochenmitte": true, "anfang": true, "ende": true, "mittag": true, "nachmittag": true, "vormittag": true}

// thingState reports a health word [h, e) said of a thing: a genitive of
// a thing after it ("Burnout der Festplatte") or, for "krank", a noun of a
// machine or device (thingNouns) right before it, after an optional verb
// of being ("Diagnose: Lüfter krank", "der Drucker ist krank"). A person, a
// relative, a role, a name, a word after Herr/Frau or any other word there
// stays a person ("Kind krank", "Hausmeister ist krank", "Weber krank",
// "Frau Szymanska ist krank", "Unser Praktikant ist krank").
func (d *specialDetector) thingState(raw, low []byte, h, e int) bool {
	if d.thingGenitive(raw, low, e) {
		return true
	}
	if !hasPrefixAt(low, h, "krank") {
		return false
	}
	if d.thingSubject(raw, low, h) {
		return true // "Der Server im Keller ist seit gestern krank"
	}
	k := h
	for n := 0; n < 3; n++ {
		ps, pe := prevWord(low, k)
		if pe != k-1 || pe <= ps {
			return false
		}
		w := string(low[ps:pe])
		switch w {
		case "ist", "sind", "war", "waren", "wieder", "schon", "auch", "noch":
			k = ps
			continue
		}
		if !isCap(raw, ps) || timeNouns[w] || d.personNoun(w, true) || d.lx.flags(low[ps:pe])&(wFirst|wLast|wRelation) != 0 {
			return false
		}
		if qs, qe := prevWord(low, ps); qe == ps-1 && qe > qs && d.lx.flags(low[qs:qe])&(wSalutation|wTitle) != 0 {
			return false // "Frau Szymanska ist krank": a name after a salutation, whatever the lexicons know
		}
		for _, r := range roleSuffixes {
			if strings.HasSuffix(w, r) {
				return false
			}
		}
		for _, n := range thingNouns {
			if strings.HasSuffix(w, n) {
				return true
			}
		}
		return false // an unknown word may be a surname ("Szymanska krank") or a role ("Praktikant")
	}
	return false
}

// thingNouns end the nouns of machines, devices and vehicles that 'krank'
// is said of in IT and facility chats ("Lüfter krank", "der Drucker ist
// krank", "Dienstwagen krank"); matched as the end of a compound.
var thingNouns = []string{"lüfter", "drucker", "motor", "server", "festplatte", "platte", "rechner", "laptop", "notebook",
	"netzteil", "system", "akku", "computer", "bildschirm", "monitor", "router", "switch", "scanner", "kopierer", "gerät",
	"maschine", "heizung", "pumpe", "wagen", "fahrzeug", "auto", "handy", "telefon", "tablet", "netz", "software",
	"datenbank", "kühlschrank", "aufzug", "lift", "anlage", "kamera", "beamer", "toner", "ssd", "raid", "cluster"}

// englishWorks are English nouns of works about a disease ("migraine
// study", "cancer research"): a person in the clause sends or reads them,
// the disease is not theirs.
var englishWorks = map[string]bool{"study": true, "studies": true, "research": true, "trial": true, "trials": true,
	"conference": true, "society": true, "association": true, "foundation": true, "network": true, "campaign": true,
	"awareness": true, "report": true, "paper": true, "survey": true}

// englishWork reports a disease [h, e) before a noun of englishWorks after
// an article, not a possessive: "Mr Smith sent the migraine study".
func englishWork(low []byte, h, e int) bool {
	we := e + 1
	for we < len(low) && isLowerASCII(low[we]) {
		we++
	}
	if !englishWorks[string(low[e+1:we])] {
		return false
	}
	// "the migraine report from his neurologist": the person's own file
	z := clauseEnd(low, we, 40, ",;.!?\n")
	for _, w := range [...]string{" his ", " her ", " my ", " their ", " your "} {
		if bytes.Contains(low[we:z], []byte(w)) {
			return false
		}
	}
	return !prevWordIs(low, h, "my", "his", "her", "their", "our", "your")
}

// serviceHeads end the name of a service or office ("Suchtberatung",
// "Beratungsstelle", "Sozialpsychiatrischer Dienst").
var serviceHeads = []string{"beratung", "beratungsstelle", "dienst", "stelle", "klinik", "ambulanz", "zentrum", "amt",
	"team", "angebot", "einrichtung", "verein", "träger", "selbsthilfegruppe", "gruppe", "praxis"}

// genericPeople are plural nouns of people in general.
var genericPeople = map[string]bool{"betroffene": true, "betroffenen": true, "angehörige": true, "angehörigen": true,
	"klienten": true, "klientinnen": true, "patienten": true, "patientinnen": true, "menschen": true,
	"interessierte": true, "interessierten": true, "ratsuchende": true, "ratsuchenden": true, "teilnehmende": true,
	"teilnehmenden": true, "familien": true, "eltern": true, "jugendliche": true, "jugendlichen": true,
	"erwachsene": true, "erwachsenen": true, "bürgerinnen": true, "bürger": true}

// serviceSentence reports a phrase [s, e) in a sentence that describes a
// service: its subject, at the sentence's start (after an article), is a
// service (serviceHeads) with a verb after it, and the sentence names
// people, and only in general, by a word of genericPeople ("Die Suchtberatung vermittelt Betroffene in eine
// Entwöhnungstherapie", "Der Sozialpsychiatrische Dienst begleitet
// Menschen mit Depressionen"). A person named in the sentence ("Die
// Suchtberatung vermittelt Herrn Kaya in eine Entwöhnungstherapie") is
// that person's datum, and a sentence that names no people ("Die Klinik
// diagnostizierte eine schwere Depression" after "Herr Kaya wurde
// aufgenommen.") is about the person of the sentences before.
func (d *specialDetector) serviceSentence(raw, low []byte, s, e int) bool {
	a := clauseStart(low, s, 200, ".!?\n")
	for a < s && low[a] == ' ' {
		a++
	}
	if !isCap(raw, a) {
		return false
	}
	k := a
	if we := wordEnd(raw, k); we > k && subjectArticles[string(low[k:we])] {
		k = we + 1
	}
	// an adjective may stand before the service's noun ("Der Sozialpsychiatrische Dienst")
	var noun []byte
	for n := 0; n < 2 && k < s; n++ {
		we := wordEnd(raw, k)
		if we <= k || we >= s || low[we] != ' ' {
			return false
		}
		noun = low[k:we]
		k = we + 1
		if isCap(raw, k) && !isLowerASCII(raw[k]) {
			continue
		}
		break
	}
	service := false
	for _, h := range serviceHeads {
		if bytes.HasSuffix(noun, []byte(h)) {
			service = true
			break
		}
	}
	if !service || k >= s || !isLowerASCII(raw[k]) {
		return false
	}
	if we := wordEnd(raw, k); we <= k || notVerbs[string(low[k:we])] {
		return false
	}
	z := clauseEnd(low, e, 200, ".!?\n")
	general := false
	return !eachWord(raw, a, z, func(i, we int) bool {
		if i >= s && i < e {
			return false
		}
		if genericPeople[string(low[i:we])] {
			general = true
			return false
		}
		return d.personWord(raw, low, i, we, false) == wordPerson
	}) && general
}

// fieldParty finds the values of a Partei column or key in the record of a
// person (a name or birth date among the values next to it) that name a
// party of special_org_party.txt ("CDU", "Bündnis 90/Die Grünen"): the
// party a private person proposed or belongs to, as a list of poll workers
// gives it. A table of election results (Partei, Stimmen) names no person
// and is not read; "parteilos", "-" and unknown values are no finding; a
// list of office holders or candidates (officeTable) states a public
// office, not a private person's opinion (TAXONOMY).
func (d *specialDetector) fieldParty(t *Text, dst []Finding, n0 int) []Finding {
	fs := t.fields()
	low := t.Lower()
	for i, f := range fs {
		v := f.val
		if f.class != keyParty || v.End-v.Start > 40 || covered(dst[n0:], v.Start) || !namedRecord(t, fs, i) || officeTable(low, v.Start) {
			continue
		}
		if slices.Contains(d.parties, string(low[v.Start:v.End])) {
			dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: v.Start, End: v.End, Score: 0.75})
		}
	}
	return dst
}

// careGrade reports "pg" at [h, e) with its number ending at ne as a care
// grade, as a lower-case chat abbreviates Pflegegrad: written in lower case,
// a grade of 1 to 5 and a care word ("pflege": Pflegekasse, Hilfe zur
// Pflege) in the 300 bytes before it. "PG 13" (a film's rating) or "Zimmer
// PG 2" is no grade.
func careGrade(raw, low []byte, h, e, ne int) bool {
	k := skipBlank(raw, e)
	if low[h] != 'p' || low[h+1] != 'g' || ne-k != 1 || raw[k] < '1' || raw[k] > '5' {
		return false
	}
	if raw[h] == 'P' && raw[h+1] == 'G' {
		// "012;Hagedorn;Irmgard;04.05.1936;PG 4;…" under a Pflegegrad column of a
		// table of people (not a statistic's "PG 2 | PG 3 | 12")
		return bytes.Contains(gradeColumnHeader(raw, low, h, ne), []byte("pflegegrad")) &&
			nameTableRow(raw, low, bytes.LastIndexByte(raw[:h], '\n')+1, lineEndAt(raw, h))
	}
	return raw[h] == 'p' && raw[h+1] == 'g' && bytes.Contains(low[max(0, h-300):h], []byte("pflege"))
}

// gradeColumnHeader returns the header cell (lower case) of the table column
// whose cell [s, e) fills, the first row of the rows above with the same
// separator (';', '|' or a tab), or nil when [s, e) fills no cell or the
// row is the header itself.
func gradeColumnHeader(raw, low []byte, s, e int) []byte {
	ls, le, cs, col, sep := cellAt(raw, s, e, ";|\t")
	if sep == 0 {
		return nil
	}
	ce := le
	if j := bytes.IndexByte(raw[e:le], sep); j >= 0 {
		ce = e + j
	}
	if len(bytes.TrimSpace(raw[cs:s])) != 0 || len(bytes.TrimSpace(raw[e:ce])) != 0 {
		return nil
	}
	hdr := headerRowStart(raw, ls, sep)
	if hdr == ls {
		return nil
	}
	cells := bytes.Split(low[hdr:lineEndAt(raw, hdr)], []byte{sep})
	if col >= len(cells) {
		return nil
	}
	return cells[col]
}

// memberNouns follow "member" in an English compound that names a thing of
// the members ("member survey", "member benefits").
var memberNouns = map[string]bool{"company": true, "companies": true, "representatives": true, "representative": true,
	"firms": true, "firm": true, "organisations": true, "organizations": true, "rate": true, "rates": true, "states": true,
	"unions": true, "figures": true, "statistics": true, "survey": true, "surveys": true, "meeting": true, "meetings": true, "list": true,
	"lists": true, "benefits": true, "magazine": true, "portal": true, "discount": true, "discounts": true, "card": true,
	"cards": true, "fee": true, "fees": true, "services": true, "service": true, "area": true, "login": true,
	"newsletter": true, "vote": true, "ballot": true}

// memberNoun reports a noun of memberNouns right after e.
func memberNoun(low []byte, e int) bool {
	if e+1 >= len(low) || low[e] != ' ' {
		return false
	}
	we := e + 1
	for we < len(low) && isLowerASCII(low[we]) {
		we++
	}
	return memberNouns[string(low[e+1:we])]
}

// groupNouns are plural nouns of people that an adjective phrase before
// them makes a group ("ungeimpfte Mitarbeiter", "schwangere Beschäftigte").
var groupNouns = map[string]bool{"mitarbeiter": true, "mitarbeitende": true, "mitarbeitenden": true,
	"beschäftigte": true, "beschäftigten": true, "kinder": true, "kindern": true, "schüler": true, "schülerinnen": true,
	"personen": true, "frauen": true, "männer": true, "kollegen": true, "kolleginnen": true, "bewerber": true,
	"besucher": true, "menschen": true, "patienten": true, "eltern": true, "angehörige": true, "erwachsene": true}

// groupBefore reports an adjective phrase [h, e) (it ends in -e or -en)
// before a plural noun of people, at its clause's start or after a word of
// people in general (groupOpeners): a group ("ob ungeimpfte Mitarbeiter ins
// Büro dürfen", "für schwangere Beschäftigte", "Ungeimpfte Kinder dürfen
// …"), not a person's datum ("der ungeimpfte Mitarbeiter", "Frau Kaya hat
// zwei schwerbehinderte Kinder", "seine schwerbehinderten Kinder").
func groupBefore(raw, low []byte, h, e int) bool {
	if e+1 >= len(raw) || raw[e] != ' ' || !(hasSuffixAt(low, e, "e") || hasSuffixAt(low, e, "en")) {
		return false
	}
	we := wordEnd(raw, e+1)
	if we <= e+1 || !groupNouns[string(low[e+1:we])] {
		return false
	}
	k := h
	for k > 0 && raw[k-1] == ' ' {
		k--
	}
	if k == 0 || bytes.IndexByte([]byte(".!?:;,\n"), raw[k-1]) >= 0 {
		return true
	}
	if countBefore(raw, h) {
		return true // "liegen 12 beatmungspflichtige Patienten" (not "Familie Kaya: 3 schwerbehinderte Kinder": namesInSentence)
	}
	ps, pe := prevWord(low, h)
	if pe != h-1 || pe <= ps {
		return false
	}
	w := string(low[ps:pe])
	if w == "der" || w == "an" {
		// a share or number of a group: "die Zahl der dialysepflichtigen Menschen"
		if qs, qe := prevWord(low, ps); qe == ps-1 && qe > qs {
			switch string(low[qs:qe]) {
			case "zahl", "anzahl", "anteil", "quote":
				return true
			}
		}
	}
	return groupOpeners[w]
}

// groupOpeners stand before a group of people in general.
var groupOpeners = map[string]bool{"ob": true, "für": true, "alle": true, "allen": true, "viele": true, "vielen": true,
	"manche": true, "keine": true, "wie": true, "dass": true, "die": true, "über": true, "an": true, "mit": true}

// fieldDiagnosis finds the ICD-10 codes in the values of a Diagnose or ICD
// column or key of a person's record (a name or birth date among the values
// next to it): "INSERT INTO beihilfe_antrag (name, vorname, diagnose) VALUES
// ('Albrecht', 'Monika', 'M17.1')", where the medical word is the column's
// name far above the row. Each code of the cell is a span ("M17.1, I10");
// a word there is the phrases' business.
func fieldDiagnosis(t *Text, dst []Finding, n0 int) []Finding {
	fs := t.fields()
	raw := t.Raw
	for i, f := range fs {
		v := f.val
		if f.class != keyDiagnosis || v.End-v.Start > 48 || !namedRecord(t, fs, i) {
			continue
		}
		for k := v.Start; k < v.End; {
			e := k
			for e < v.End && raw[e] != ',' && raw[e] != ';' && raw[e] != ' ' {
				e++
			}
			if c := icdCode(raw[k:e]); c > 0 && !covered(dst[n0:], k) {
				dst = append(dst, Finding{Type: "SPECIAL_CATEGORY", Start: k, End: k + c, Score: 0.8})
			}
			for e < v.End && (raw[e] == ',' || raw[e] == ';' || raw[e] == ' ') {
				e++
			}
			k = e
		}
	}
	return dst
}

// icdCode returns the length of v when it is one ICD-10 code: a capital
// (also U: in a diagnosis column "U07.1" is COVID-19, no underground line), two digits, maybe a dot and one or two digits, maybe a
// certainty mark (G, V, Z, A) right after it ("M17.1", "F32.1G", "I10");
// else 0.
func icdCode(v []byte) int {
	if len(v) < 3 || v[0] < 'A' || v[0] > 'Z' || !isDigit(v[1]) || !isDigit(v[2]) {
		return 0
	}
	n := 3
	if n+1 < len(v) && v[n] == '.' && isDigit(v[n+1]) {
		n += 2
		if n < len(v) && isDigit(v[n]) {
			n++
		}
	}
	if n < len(v) && strings.IndexByte("GVZA", v[n]) >= 0 {
		n++
	}
	if n != len(v) {
		return 0
	}
	return n
}

// eventHeads end the last part of a compound that names an event about a
// condition ("Mukoviszidose-Elterntag", "Diabetes-Infoabend",
// "Demenz-Aktionswoche").
var eventHeads = []string{"tag", "tage", "woche", "fest", "spendenlauf", "benefizlauf", "abend", "vortrag", "kongress", "studie", "kampagne",
	"aktion", "ausstellung", "messe", "forum"}

// eventHead reports a compound's last part that ends in an event word.
func eventHead(head string) bool {
	if head == "" {
		return false
	}
	for _, h := range eventHeads {
		if strings.HasSuffix(head, h) {
			return true
		}
	}
	return false
}

// negationCues rule a finding out in a medical note ("kein Hinweis auf …",
// "kein Anhalt für …", "ohne Hinweis auf …").
var negationCues = []string{"kein hinweis auf ", "keine hinweise auf ", "kein anhalt für ", "keine anhaltspunkte für ",
	"kein verdacht auf ", "ohne hinweis auf ", "ohne hinweise auf ", "kein anhaltspunkt für ", "no evidence of ",
	"no signs of ", "no sign of "}

// negated reports a phrase at s after a cue of negationCues in its clause,
// with at most lower-case words between them ("Kein Hinweis auf
// Suizidalität", "Keine Hinweise auf akute Traumafolgen"), as the sets
// leave such notes unlabelled.
func negated(raw, low []byte, s int) bool {
	a := clauseStart(low, s, 60, ".;:!?\n,")
	for _, c := range negationCues {
		i := bytes.LastIndex(low[a:s], []byte(c))
		if i < 0 {
			continue
		}
		k := a + i + len(c)
		return !eachWord(raw, k, s, func(i, _ int) bool { return !isLowerASCII(raw[i]) && raw[i] < 0x80 || isUpper(raw[i]) })
	}
	return false
}

// prognosisDenied reports a phrase ending at e that its clause's predicate
// rules out as a prognosis: " ist nicht" (or "nicht zu"), then within the
// clause "anzunehmen", "zu erwarten", "zu befürchten", "zu rechnen" or
// "absehbar", as a medical officer's report words it ("Eine vorzeitige
// Dienstunfähigkeit ist nicht mit überwiegender Wahrscheinlichkeit
// anzunehmen"). A state that is ("ist nicht arbeitsfähig") is not touched.
func prognosisDenied(low []byte, e int) bool {
	k := e
	if !hasPrefixAt(low, k, " ist nicht ") && !hasPrefixAt(low, k, " sind nicht ") {
		return false
	}
	z := clauseEnd(low, k, 90, ".;!?\n")
	for _, w := range [...]string{"anzunehmen", "zu erwarten", "zu befürchten", "zu rechnen", "absehbar"} {
		if bytes.Contains(low[k:z], []byte(w)) {
			return true
		}
	}
	return false
}

// officeWords name an office, a mandate or an election of candidates.
var officeWords = []string{"wahlvorschl", "kandidat", "bewerber", "stadtrat", "stadträt", "kreistag", "gemeinderat",
	"ratsmitglied", "mandat", "abgeordnet", "bürgermeister", "landrat", "landrät", "wahlkreis", "sitzverteilung",
	"fraktion", "gewählt", "ausschussmitglied", "ortsbeirat", "bezirksvertret", "candidate", "councillor"}

// officeTable reports an office word in the 600 bytes before the value at
// i: its table's heading, header or rows ("Bekanntmachung der zugelassenen
// Wahlvorschläge", "Sitzverteilung Stadtrat 2024", a Wahlkreis column).
//
// "gewählt" counts alone or after a prefix of an election ("wiedergewählt",
// "abgewählt", "Neugewählte"), not inside a word of choosing or dialling
// ("ausgewählt", "angewählt", "eingewählt": "Die Wahlhelfer wurden per Los
// ausgewählt" heads a list of poll workers).
func officeTable(low []byte, i int) bool {
	b := low[max(0, i-600):i]
	for _, w := range officeWords {
		if w == "gewählt" {
			if electedWord(b) {
				return true
			}
			continue
		}
		if bytes.Contains(b, []byte(w)) {
			return true
		}
	}
	return false
}

// electedPrefixes may stand before "gewählt" in a word of an election.
var electedPrefixes = []string{"", "wieder", "neu", "ab", "zu", "nach", "direkt", "erst"}

// electedWord reports "gewählt" in b as (part of) a word of an election.
func electedWord(b []byte) bool {
	for k := 0; ; {
		j := bytes.Index(b[k:], []byte("gewählt"))
		if j < 0 {
			return false
		}
		j += k
		ws := j
		for ws > 0 && (isLetter(b[ws-1]) || b[ws-1] >= 0x80) {
			ws--
		}
		if slices.Contains(electedPrefixes, string(b[ws:j])) {
			return true
		}
		k = j + len("gewählt")
	}
}

// animalWords name animals whose vaccination status a Fundtier or Tierheim
// record gives.
var animalWords = []string{"hund", "katze", "kater", "tier", "welpe", "pferd", "kaninchen", "frettchen"}

// animalLine reports an animal word in the 80 bytes before h on its line
// ("Fundhund Bello, Impfstatus: ungeimpft", "Kater Felix, ungeimpft").
//
// The animal word ends a word of the line ("Fundhund", "Kater", "Welpen"),
// or "Tier" starts one ("Tierheim"): inside a name it is none
// ("Katerina", "Katzenberger", "Hundertmark", "Quartier").
func animalLine(t *Text, h int) bool {
	b := t.LineBefore(h, 80)
	for _, w := range bytes.FieldsFunc(b, func(r rune) bool { return !isLetterRune(r) }) {
		if bytes.HasPrefix(w, []byte("tier")) || bytes.HasSuffix(w, []byte("fundtier")) || bytes.HasSuffix(w, []byte("haustier")) {
			return true
		}
		for _, a := range animalWords {
			for _, end := range [...]string{"", "e", "en", "n", "s"} {
				if a != "tier" && bytes.HasSuffix(w, []byte(a+end)) {
					return true
				}
			}
		}
	}
	return false
}

// serviceVerbs run or change a care service.
var serviceVerbs = map[string]bool{"leitet": true, "leite": true, "leiten": true, "betreibt": true, "eröffnet": true,
	"plant": true, "erweitert": true, "saniert": true, "schließt": true, "organisiert": true}

// careService reports a care service [h, e) named as an institution or a
// benefit in law, not a person's stay: run by someone ("leitet die
// Kurzzeitpflege") or followed by its provision ("… nach § 42 SGB XI").
//
// A stay stays a person's datum: "ist in Kurzzeitpflege nach § 42 SGB XI",
// "kommt zur Kurzzeitpflege (§ 42 SGB XI)", and so does a stay someone
// arranges ("leitet die Kurzzeitpflege für ihre Mutter in die Wege").
func careService(low []byte, h, e int) bool {
	ps, pe := prevWord(low, h)
	prev := ""
	if pe == h-1 && pe > ps {
		prev = string(low[ps:pe])
	}
	switch prev {
	case "in", "zur", "aus":
		return false // "in Kurzzeitpflege", "zur Kurzzeitpflege": a stay
	}
	if prev == "die" || prev == "der" {
		if qs, qe := prevWord(low, ps); qe == ps-1 && qe > qs && (string(low[qs:qe]) == "in" || string(low[qs:qe]) == "aus") {
			return false // "in die Kurzzeitpflege", "aus der Kurzzeitpflege"
		}
	}
	for _, w := range [...]string{" nach §", " gemäß §", " (§", " im sinne"} {
		if hasPrefixAt(low, e, w) {
			return true
		}
	}
	if prev != "die" && prev != "eine" {
		return false
	}
	vs, ve := prevWord(low, ps)
	if ve != ps-1 || ve <= vs || !serviceVerbs[string(low[vs:ve])] {
		return false
	}
	z := clauseEnd(low, e, 80, ".;!?\n")
	return !bytes.Contains(low[e:z], []byte(" in die wege"))
}

// possessiveEnglish reports an English possessive right before h ("his
// union membership", "Mrs Brown's union membership").
func possessiveEnglish(low []byte, h int) bool {
	return namesPossessive(low, h) || prevWordIs(low, h, "my", "his", "her", "their", "your", "our")
}

// namesPossessive reports a name's possessive right before h ("Mrs
// Brown's union membership card").
func namesPossessive(low []byte, h int) bool {
	return hasSuffixAt(low, h, "'s ") || hasSuffixAt(low, h, "’s ")
}

// personsPossessive reports the possessive of a person right before s: a
// name or a word of special_context.txt with 's ("Mrs Brown's union
// membership arrived", "Mr Khan's epilepsy"), which names whose the datum
// is even where the sentence holds no other word of a person. Not a
// place's or a body's ("Germany's diabetes rate", "the council's …").
func (d *specialDetector) personsPossessive(raw, low []byte, s int) bool {
	k := s - len("'s ")
	if hasSuffixAt(low, s, "’s ") {
		k = s - len("’s ")
	} else if !hasSuffixAt(low, s, "'s ") {
		return false
	}
	ws := k
	for ws > 0 && (isLetter(low[ws-1]) || low[ws-1] >= 0x80) {
		ws--
	}
	if ws >= 2 && low[ws-1] == '\'' && isLetter(low[ws-2]) && (ws == 2 || !isLetter(low[ws-3])) {
		ws -= 2 // "Mrs O'Connell's"
	}
	if ws >= k {
		return false
	}
	// any name after a title ("Mrs O'Connell's asthma")
	if isCap(raw, ws) && prevWordIs(low, ws, "mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr.") {
		return true
	}
	if d.personWord(raw, low, ws, k, false) != wordPerson {
		return false
	}
	// a listed name ("Ayşe's asthma"); a person word only after a
	// possessive ("Our patient's diabetes", not "Every patient's diabetes
	// plan", "A patient's cancer diagnosis must be kept confidential")
	if isCap(raw, ws) && d.lx.flags(low[ws:k])&(wFirst|wLast) != 0 {
		return true
	}
	return prevWordIs(low, ws, "my", "our", "his", "her", "their", "your")
}

// titledOwnerAfter reports a titled person right after e ("union membership for
// Mr Smith", "… of Mrs Brown").
func titledOwnerAfter(low []byte, e int) bool {
	for _, p := range [...]string{" for ", " of "} {
		if !hasPrefixAt(low, e, p) {
			continue
		}
		k := e + len(p)
		for _, t := range [...]string{"mr ", "mr. ", "mrs ", "mrs. ", "ms ", "ms. ", "dr ", "dr. "} {
			if hasPrefixAt(low, k, t) {
				return true
			}
		}
	}
	return false
}

// englishGroupNouns are plural English nouns of people in general.
var englishGroupNouns = map[string]bool{"visitors": true, "people": true, "users": true, "staff": true, "employees": true,
	"customers": true, "residents": true, "children": true, "pupils": true, "students": true, "persons": true,
	"citizens": true, "applicants": true, "guests": true, "passengers": true, "those": true, "everyone": true, "anyone": true}

// englishThingNouns follow an English impairment that names a programme or
// a feature for it ("hearing loss prevention", "visual impairment
// accessibility").
var englishThingNouns = map[string]bool{"prevention": true, "accessibility": true, "protection": true, "loop": true,
	"loops": true, "awareness": true, "services": true, "support": true, "programme": true, "program": true,
	"guidelines": true, "standards": true, "mode": true, "settings": true, "aids": true, "equipment": true}

// englishGroup reports an English phrase [h, e) said of people in general
// ("visitors with a hearing impairment", "people with hearing loss") or
// before a noun of a programme or feature ("hearing loss prevention
// programme", "visual impairment accessibility").
func englishGroup(low []byte, h, e int) bool {
	if e+1 < len(low) && low[e] == ' ' {
		we := e + 1
		for we < len(low) && isLowerASCII(low[we]) {
			we++
		}
		if englishThingNouns[string(low[e+1:we])] {
			return true
		}
	}
	k := h
	for _, a := range [...]string{"a ", "an "} {
		if hasSuffixAt(low, k, a) {
			k -= len(a)
			break
		}
	}
	if !hasSuffixAt(low, k, "with ") {
		return false
	}
	ps, pe := prevWord(low, k-len("with "))
	return pe == k-len("with ")-1 && pe > ps && englishGroupNouns[string(low[ps:pe])]
}

// surnameAfterSalutation reports a phrase at h right after a salutation or
// title ("Frau Parkinson ruft an", "Herr Alzheimer", "Dr. Hashimoto"): an
// eponym used as a surname, which PERSON takes; the phrase would win over
// the name on the same span and block the request.
func (d *specialDetector) surnameAfterSalutation(raw, low []byte, h int) bool {
	if !isCap(raw, h) {
		return false
	}
	ps, pe := prevWord(raw, h)
	if pe != h-1 || pe <= ps {
		return false
	}
	w := string(low[ps:pe])
	if d.lx.flags(low[ps:pe])&wSalutation == 0 && w != "dr." && w != "prof." {
		return false
	}
	// "seine Frau Protestantin", "die Frau Muslimin": a wife or a woman, no salutation
	if qs, qe := prevWord(low, ps); qe == ps-1 && qe > qs {
		switch string(low[qs:qe]) {
		case "die", "der", "eine", "seine", "meine", "deine", "ihre", "unsere", "eure", "dessen", "deren", "seiner",
			"meiner", "ihrer", "seinen", "ihren", "meinen", "den", "dem", "einer", "my", "his", "the", "a":
			return false
		}
	}
	return true
}

// namesAfter reports a person word (Herr, Frau, a name) in the clause after
// e, the end of a group's noun: "Die schwerbehinderten Mitarbeiter Herr Kaya
// und Frau Lange" are named people, no group.
func (d *specialDetector) namesAfter(raw, low []byte, e int) bool {
	z := clauseEnd(low, e, 80, ",;.!?:\n")
	return eachWord(raw, e, z, func(i, we int) bool {
		return d.personWord(raw, low, i, we, false) == wordPerson
	})
}

// associationWords follow a condition in the name of an association or
// society ("Mukoviszidose e.V.", "Deutsche Diabetes Gesellschaft",
// "Parkinson Stiftung").
var associationWords = []string{" e.v.", " e. v.", " gesellschaft", " stiftung", " verband", " verein", " liga",
	" bund ", " selbsthilfe ", " ggmbh", " society", " foundation", " association"}

// associationAfter reports a word of associationWords right after e.
func associationAfter(low []byte, e int) bool {
	for _, w := range associationWords {
		// a word of its own: not "Depression gesellschaftlich isoliert",
		// "Diabetes Verbandswechsel"
		if k := e + len(w); hasPrefixAt(low, e, w) && (k >= len(low) || w[len(w)-1] == ' ' || w[len(w)-1] == '.' || !isLetter(low[k]) && low[k] < 0x80) {
			return true
		}
	}
	return false
}

// goodsOrderWords and packWords make a clause an order of goods.
var (
	goodsOrderWords = []string{"bestellt", "bestellen", "bestellung", "geliefert", "liefert", "lieferung", "beschafft",
		"beschaffung", "einkauf", "ordered", "order"}
	packWords = []string{"packung", "stück", "ampulle", "karton", "dosen", "flaschen", "blister", "packs", "boxes"}
	// intakeWords make the drug a patient's: "Frau Lange nimmt Naltrexon
	// 50 mg, sie bestellt 3 Packungen nach"
	intakeWords = []string{"nimmt", "nehme", "nehmen", "einnahme", "bekommt", "erhält", "verordnet", "takes", "prescribed"}
)

// userInClause reports a person (personWord) or a word of a patient
// (patientWords) in the clause of [s, e) (to a sentence end or line break,
// 120 bytes each side): "Die Insulinpumpe-App von Frau Lange meldet einen
// Fehler", "Für meinen Sohn brauche ich Hörgerät-Ersatzteile" name the
// aid's user.
func (d *specialDetector) userInClause(raw, low []byte, s, e int) bool {
	a := reporterSkipped(low, clauseStart(low, s, 120, ".!?\n"), s)
	z := clauseEnd(low, e, 120, ".!?\n")
	verb, pronoun := false, false
	return eachWord(raw, a, z, func(i, we int) bool {
		if i >= s && i < e {
			return false
		}
		w := string(low[i:we])
		if patientVerbs[w] {
			verb = true // a verb needs its subject: not "Die Hörgerät-App des Herstellers braucht Bluetooth 5"
		} else if patientWords[w] || d.personWord(raw, low, i, we, false) == wordPerson {
			return true
		}
		pronoun = pronoun || subjectPronouns[w]
		return verb && pronoun
	})
}

// patientVerbs are the verbs of patientWords; subjectPronouns the pronouns
// that may be their subject ("Für meinen Sohn brauche ich …").
var (
	patientVerbs = map[string]bool{"hat": true, "habe": true, "hast": true, "haben": true, "hatte": true, "trägt": true,
		"trage": true, "tragen": true, "braucht": true, "brauche": true, "benötigt": true, "benötige": true,
		"beantragt": true, "beantrage": true, "beantragen": true, "bekommt": true, "bekomme": true, "erhält": true,
		"erhalte": true, "nutzt": true, "nutze": true, "verordnet": true, "versorgt": true, "has": true, "needs": true,
		"wears": true, "uses": true}
	subjectPronouns = map[string]bool{"ich": true, "er": true, "wir": true, "i": true, "he": true, "she": true, "we": true}
)

// reporterSkipped returns the position after a colon in [a, s) that a
// verb of saying ends ("Herr Kaya vom IT-Service meldet: …"), or a: the
// reporter is no one the clause is about.
func reporterSkipped(low []byte, a, s int) int {
	if c := bytes.LastIndexByte(low[a:s], ':'); c >= 0 {
		if ps, pe := prevWord(low, a+c); pe == a+c && pe > ps && (personVerbs[string(low[ps:pe])] || reportVerbs[string(low[ps:pe])]) {
			return a + c + 1
		}
	}
	return a
}

// deviceEnds end the medical aids a person may use (Insulinpumpe,
// Hörgerät, Herzschrittmacher, Cochlea-Implantat, Rollstuhl).
var deviceEnds = []string{"pumpe", "pumpen", "gerät", "geräte", "geräten", "schrittmacher", "implantat", "implantate",
	"rollstuhl", "rollstühle", "rollstühlen"}

// productWords make a clause one about a product, its purchase or its
// software, not a patient. The words of a list, a tender or software
// (listWords) also make a person named before them its handler ("Herr
// Weber prüft die Medizinprodukte-Liste: Insulinpumpe"); an offer, a
// delivery or a model do not ("Frau Lange: Lieferung der Insulinpumpe am
// Montag" is hers).
var productWords = map[string]bool{"hersteller": true, "herstellers": true, "angebot": true, "angebote": true,
	"angeboten": true, "beschaffung": true, "beschafft": true, "lieferung": true, "lieferant": true, "lieferanten": true,
	"stück": true, "modell": true, "modelle": true, "artikel": true, "artikelnummer": true, "procurement": true,
	"tender": true, "vendor": true, "manufacturer": true, "supplier": true}

var listWords = map[string]bool{"firmware": true, "software": true, "update": true, "ausschreibung": true,
	"rahmenvertrag": true, "los": true, "sortiment": true, "lagerbestand": true, "medizinprodukt": true,
	"medizinprodukte": true, "medizinprodukten": true, "produktliste": true, "preisliste": true, "liste": true,
	"vergabe": true, "leistungsverzeichnis": true, "inventar": true}

// patientWords make a device in a product's clause a patient's still:
// someone has, needs, gets, applies for or wears it, or it is named with
// its user ("von Herrn Kaya", "für Frau Lange").
var patientWords = map[string]bool{"hat": true, "habe": true, "hast": true, "haben": true, "hatte": true, "trägt": true,
	"trage": true, "tragen": true, "braucht": true, "brauche": true, "benötigt": true, "benötige": true, "beantragt": true,
	"beantrage": true, "beantragen": true, "bekommt": true, "bekomme": true, "erhält": true, "erhalte": true,
	"nutzt": true, "nutze": true, "verordnet": true, "versorgt": true, "versorgung": true, "kostenübernahme": true,
	"patient": true, "patientin": true,
	"kind": true, "sohn": true, "tochter": true, "sein": true, "seine": true, "seiner": true, "seinen": true, "ihr": true,
	"ihre": true, "ihrer": true, "ihren": true, "mein": true, "meine": true, "meiner": true, "meinen": true, "his": true,
	"her": true, "my": true, "has": true, "needs": true, "wears": true, "uses": true}

// deviceProduct reports a medical aid [s, e) (deviceEnds) named as a
// product in its clause (to a sentence end or line break, 120 bytes each
// side): a word of purchase, tender, maker or software there
// (productWords), and no word of a patient (patientWords): "Das
// Firmware-Update für die Insulinpumpen des Herstellers wird getestet",
// "Ausschreibung Los 3: Insulinpumpe mit CGM-Anbindung", "Herr Weber prüft
// die Medizinprodukte-Liste: Insulinpumpe, Blutzuckermessgerät". "Frau
// Lange hat eine Insulinpumpe", "Die Insulinpumpe von Herrn Kaya muss
// gewechselt werden, das Angebot liegt vor" and "Kostenübernahme für die
// Insulinpumpe (Angebot anbei)" stay.
func (d *specialDetector) deviceProduct(raw, low []byte, s, e int) bool {
	device := false
	for _, end := range deviceEnds {
		if bytes.HasSuffix(low[s:e], []byte(end)) {
			device = true
			break
		}
	}
	if !device {
		return false
	}
	a := clauseStart(low, s, 120, ".!?\n")
	z := clauseEnd(low, e, 120, ".!?\n")
	// a person (personWord) after the device ("die Insulinpumpe von Herrn
	// Kaya"), or before it with no word of a list, tender or software
	// between ("Frau Lange: Insulinpumpe, Angebot anbei", "Frau Lange:
	// Lieferung der Insulinpumpe am Montag"; not "Herr Weber prüft die
	// Medizinprodukte-Liste: Insulinpumpe") is its user
	product, patient, named := false, false, false
	eachWord(raw, a, z, func(i, we int) bool {
		if i >= s && i < e {
			return false
		}
		w := string(low[i:we])
		if d.personWord(raw, low, i, we, false) == wordPerson {
			if i > s {
				patient = true // its user after it: "Angebot für die Insulinpumpe von Herrn Kaya"
				return true
			}
			named = true
		}
		for _, part := range strings.Split(w, "-") {
			if productWords[part] {
				product = true
			}
			if listWords[part] {
				product = true
				named = named && i > s
			}
		}
		patient = patient || patientWords[w]
		return patient
	})
	return product && !patient && !named
}

// medicationWords make a drug that is also a metal (Lithium) a medication:
// a word of taking, stopping, prescribing or dosing it in its clause.
var medicationWords = map[string]bool{"nimmt": true, "nehme": true, "nehmen": true, "genommen": true, "einnahme": true,
	"bekommt": true, "erhält": true, "verordnet": true, "abgesetzt": true, "absetzen": true, "abzusetzen": true,
	"eingestellt": true, "einstellung": true, "medikament": true, "medikamente": true, "medikation": true,
	"tablette": true, "tabletten": true, "mg": true, "dosis": true, "therapie": true,
	"behandlung": true, "takes": true, "taking": true, "prescribed": true, "stopped": true, "medication": true}

// medicationClause reports a drug [h, e) that is also a metal as a
// medication: a one-word form of its own (no compound: "Lithium-Ionen",
// "Lithiumbatterie") with a word of medicationWords in its clause, to a
// comma ("hat das Lithium abgesetzt", "Lithium 450 mg", "nimmt seit
// Jahren Lithium", "Medikation: Lithium, Quetiapin"; not "Lithium aus
// Chile wird teurer, die Akkus sind eingestellt").
func medicationClause(raw, low []byte, h, e int) bool {
	if e < len(raw) && (raw[e] == '-' || isLetter(raw[e]) || raw[e] >= 0x80) {
		return false
	}
	a := clauseStart(low, h, 120, ",.!?;\n")
	z := clauseEnd(low, e, 120, ",.!?;\n")
	return eachWord(raw, a, z, func(i, we int) bool { return (i < h || i >= e) && medicationWords[string(low[i:we])] })
}

// procurement reports a drug [s, e) with its strength ("Disulfiram 250
// mg") in a clause (to a sentence end or line break, 120 bytes each side)
// that orders goods: an order word and a count of packs, each a word of its
// own ("Herr Kaya (Einkauf) bestellt Disulfiram 250 mg, 10 Packungen für die
// Ambulanz"). A drug someone takes or gets, or one after a possessive, stays
// a datum, and so does every phrase without a strength: a condition beside
// an order ("Frau Lange ist schwanger und bestellt 3 Packungen Folsäure"),
// a guardian "bestellt" beside a "Grundstück".
func procurement(low []byte, s, e int) bool {
	if !strengthAfter(low, e) {
		return false
	}
	if ps, pe := prevWord(low, s); pe == s-1 && pe > ps {
		switch string(low[ps:pe]) {
		case "sein", "seine", "seinen", "ihr", "ihre", "ihren", "mein", "meine", "his", "her", "my":
			return false
		}
	}
	a := clauseStart(low, s, 120, ".!?\n")
	z := clauseEnd(low, e, 120, ".!?\n")
	order, pack := false, false
	for i := a; i < z; {
		for i < z && !isLetter(low[i]) && low[i] < 0x80 {
			i++
		}
		we := i
		for we < z && (isLetter(low[we]) || low[we] >= 0x80) {
			we++
		}
		w := string(low[i:we])
		for _, o := range intakeWords {
			if w == o {
				return false
			}
		}
		for _, o := range goodsOrderWords {
			order = order || w == o
		}
		for _, p := range packWords {
			// a count before it: "10 Packungen", "5 Kartons"
			if strings.HasPrefix(w, p) && i >= 2 && low[i-1] == ' ' && isDigit(low[i-2]) {
				pack = true
			}
		}
		if we == i {
			we++
		}
		i = we
	}
	return order && pack
}

// strengthAfter reports a drug's strength right after e: " 250 mg",
// " 2,5 mg", " 100 µg", " 40 IE".
func strengthAfter(low []byte, e int) bool {
	k := e
	if k < len(low) && low[k] == ' ' {
		k++
	}
	d := k
	for k < len(low) && (isDigit(low[k]) || k > d && (low[k] == ',' || low[k] == '.') && k+1 < len(low) && isDigit(low[k+1])) {
		k++
	}
	if k == d {
		return false
	}
	if k < len(low) && low[k] == ' ' {
		k++
	}
	for _, u := range []string{"mg", "µg", "mcg", "ml", "g", "ie", "i.e."} {
		if hasPrefixAt(low, k, u) && (k+len(u) == len(low) || !isLetter(low[k+len(u)])) {
			return true
		}
	}
	return false
}

// namesBefore reports a person word (Herr, Frau, a name, a possessive) in
// the clause before h: "Frau Lange mit schwerbehinderten Kindern" are her
// children, no group.
// reportVerbs say that someone reports what follows a colon.
var reportVerbs = map[string]bool{"meldet": true, "berichtet": true, "teilt": true, "mitgeteilt": true, "informiert": true,
	"schreibt": true, "fragt": true, "antwortet": true, "notiert": true, "mailt": true}

// countBefore reports a number right before h: "12 beatmungspflichtige
// Patienten".
func countBefore(raw []byte, h int) bool {
	return h >= 2 && raw[h-1] == ' ' && isDigit(raw[h-2])
}

// namesInSentence reports a person word (personWord) in the sentence or
// line before h, across colons and commas: "Familie Kaya: 3
// schwerbehinderte Kinder" counts a family's children.
//
// A reporter before a colon is no one counted ("Herr Weber meldet: Es
// liegen 12 beatmungspflichtige Patienten"): the words before a colon that
// a verb of saying ends are skipped.
func (d *specialDetector) namesInSentence(raw, low []byte, h int) bool {
	a := reporterSkipped(low, clauseStart(low, h, 160, ".!?\n"), h)
	return eachWord(raw, a, h, func(i, we int) bool {
		return d.personWord(raw, low, i, we, false) == wordPerson
	})
}

func (d *specialDetector) namesBefore(raw, low []byte, h int) bool {
	a := clauseStart(low, h, 80, ",;.!?:\n")
	return eachWord(raw, a, h, func(i, we int) bool {
		return d.personWord(raw, low, i, we, false) == wordPerson
	})
}

// thingSubject reports a clause before h whose subject, at its start after
// an article, is a machine or device (thingNouns) and which names no person:
// "Der Server im Keller ist seit gestern krank", "Unser Drucker ist schon
// wieder krank".
func (d *specialDetector) thingSubject(raw, low []byte, h int) bool {
	a := clauseStart(low, h, 80, ".!?;:\n")
	for a < h && low[a] == ' ' {
		a++
	}
	k := a
	if we := wordEnd(raw, k); we > k && we < h {
		switch string(low[k:we]) {
		case "der", "die", "das", "unser", "unsere", "mein", "meine", "dein", "deine":
			k = we + 1
		}
	}
	we := wordEnd(raw, k)
	if we <= k || we >= h || !isCap(raw, k) {
		return false
	}
	thing := false
	for _, n := range thingNouns {
		if bytes.HasSuffix(low[k:we], []byte(n)) {
			thing = true
			break
		}
	}
	return thing && !eachWord(raw, a, h, func(i, we int) bool {
		if ps, pe := prevWord(low, i); pe == i-1 && pe > ps && placePreps[string(low[ps:pe])] {
			return false // "im Keller": a place, though Keller is a surname too
		}
		return d.personWord(raw, low, i, we, false) == wordPerson
	})
}

// placePreps stand before a place noun that may also be a surname ("im
// Keller", "am Markt").
var placePreps = map[string]bool{"im": true, "am": true, "vom": true, "zum": true, "zur": true, "beim": true, "ins": true}

// ownedThings are the nouns of things and business an institution in the
// genitive after them owns or does ("Rechnung der Katholischen Kirche").
var ownedThings = []string{"rechnung", "konto", "miete", "vertrag", "zuschuss", "antrag", "veranstaltung", "räume",
	"saal", "gebäude", "grundstück", "schreiben", "brief", "einladung", "stellungnahme", "pressemitteilung", "spende",
	"förderung", "kita", "schule", "friedhof", "glocken", "website", "homepage", "parkplatz", "dach", "fest", "programm",
	"haushalt", "kasse", "satzung", "vorstand", "sitzung", "zahlung", "genehmigung", "bescheid"}

// institutionOwner reports a phrase at s in the genitive after a noun of a
// thing or business ("der" or "des" before it, a capitalised noun of
// ownedThings before that).
func institutionOwner(raw, low []byte, s int) bool {
	ps, pe := prevWord(low, s)
	if pe != s-1 || pe <= ps {
		return false
	}
	if w := string(low[ps:pe]); w != "der" && w != "des" {
		return false
	}
	ns, ne := prevWord(low, ps)
	if ne != ps-1 || ne <= ns || !isCap(raw, ns) {
		return false
	}
	for _, o := range ownedThings {
		if bytes.HasSuffix(low[ns:ne], []byte(o)) {
			return true
		}
	}
	return false
}

// errorCode reports a code ending at e that an aside right after it names
// as a device's error or fault code ("E04 (Fehlercode Heizung)", "F12
// (Störung Pumpe)", "E21 (error)").
func errorCode(low []byte, e int) bool {
	if !hasPrefixAt(low, e, " (") {
		return false
	}
	z := min(len(low), e+40)
	c := bytes.IndexByte(low[e:z], ')')
	if c < 0 {
		return false
	}
	in := low[e+2 : e+c]
	for _, w := range [...]string{"fehler", "error", "störung der", "störungscode", "code ", "code)", "gerät", "heizung", "anlage", "pumpe"} {
		if bytes.Contains(in, []byte(w)) || bytes.HasSuffix(in, []byte(strings.TrimSuffix(w, ")"))) {
			return true
		}
	}
	return false
}

// otherColumn reports a code [i, e) that fills a cell of a delimited table
// under a column of rooms, places or vehicles (placeColumns:
// "Name,Vorname,Raum,ICD\nMüller,Hans,A12,J45": A12 is a room, J45 the
// diagnosis); a code under any other column, a second diagnosis column
// ("Nebendiagnose", "Befund") too, stays a code. The header is the first line of the rows
// above with as many cells, at most 20 lines and 4 KB up, each line at most
// maxHeader bytes: the look back is bounded per code.
func otherColumn(raw, low []byte, i, e int) bool {
	// cheap first: a whole cell between separators or line ends
	if i > 0 && strings.IndexByte(",;|\t\n", raw[i-1]) < 0 || e < len(raw) && strings.IndexByte(",;|\t\r\n", raw[e]) < 0 {
		return false
	}
	lo := max(0, i-maxHeader)
	ls := bytes.LastIndexByte(raw[lo:i], '\n') + 1 + lo
	if ls == lo && lo > 0 {
		return false // a line longer than any table row's
	}
	le := e + bytes.IndexByte(raw[e:min(len(raw), e+maxHeader)], '\n')
	if le < e {
		le = min(len(raw), e+maxHeader)
		if le < len(raw) {
			return false
		}
	}
	var sep byte
	for _, c := range [...]byte{'\t', ';', '|', ','} {
		if bytes.IndexByte(raw[ls:le], c) >= 0 {
			sep = c
			break
		}
	}
	if sep == 0 || (i > ls && raw[i-1] != sep) || (e < le && raw[e] != sep && raw[e] != '\r') {
		return false // not a whole cell
	}
	col := bytes.Count(raw[ls:i], []byte{sep})
	n := bytes.Count(raw[ls:le], []byte{sep})
	hs := ls
	for k := 0; k < 20 && hs > 0 && ls-hs < 4096; k++ {
		ps := bytes.LastIndexByte(raw[max(0, hs-1-maxHeader):hs-1], '\n') + 1 + max(0, hs-1-maxHeader)
		if ps == max(0, hs-1-maxHeader) && ps > 0 {
			break // a line longer than any header: no table of short rows
		}
		if bytes.Count(raw[ps:hs-1], []byte{sep}) != n {
			break
		}
		hs = ps
	}
	if hs == ls {
		return false
	}
	he := hs + bytes.IndexByte(raw[hs:], '\n')
	var cells [64]Span
	m, ok := splitCells(raw, hs, he, sep, cells[:])
	if !ok || col >= m {
		return false
	}
	own := low[cells[col].Start:cells[col].End]
	for _, w := range placeColumns {
		if bytes.Contains(own, []byte(w)) {
			return true
		}
	}
	return false
}

// placeColumns name a column of rooms, places, vehicles or seats, whose
// codes look like ICD-10 codes ("A12", "B07", "E04").
var placeColumns = []string{"raum", "zimmer", "gebäude", "etage", "büro", "platz", "kennzeichen", "fahrzeug", "linie",
	"gleis", "sitz", "reihe", "block", "schrank", "fach", "haus", "flur", "trakt", "room", "seat", "gate"}

// anyoneSubjects are the subjects that say a sentence of anyone: "Im
// Rollstuhl sitzt man …", "… sitzt keiner gern".
var anyoneSubjects = map[string]bool{"man": true, "jemand": true, "niemand": true, "keiner": true, "viele": true, "manche": true}

// anyoneSits reports sitting in a wheelchair said of anyone around [h, e),
// the phrase with its verb (sits) or the bare aid: a subject of anyoneSubjects
// after the verb, also across blanks and a line break ("Im Rollstuhl sitzt
// man", "Im Rollstuhl\nsitzt man", "… sitzt keiner gern"), or "man" before
// the phrase ("wenn man im Rollstuhl sitzt").
func anyoneSits(low []byte, h, e int, sits bool) bool {
	k := e
	if !sits {
		j := skipSpace(low, e, 1)
		we := wordEnd(low, j)
		if j == e || string(low[j:we]) != "sitzt" && string(low[j:we]) != "sitzen" {
			return false
		}
		k = we
	}
	if j := skipSpace(low, k, 1); j > k && anyoneSubjects[string(low[j:wordEnd(low, j)])] {
		return true
	}
	return sits && hasSuffixAt(low, h, "man ") && (h == 4 || h > 4 && !isLetter(low[h-5]) && low[h-5] < 0x80)
}

// The keyword slots of supportNeeds, duesRows and unionField (Text.keyHits,
// Text.listHitsAt).
var (
	supportKeys     = [...]string{"förderschwerpunkt", "förderbedarf"}
	supportKeysSlot = newListSlot()
	keyBeitrag      = newKeySlot("beitrag")
	keyUnionDues    = newKeySlot("gewerkschaftsbeiträge")
	keyUnionDue     = newKeySlot("gewerkschaftsbeitrag")
	keyUnion        = newKeySlot("gewerkschaft")
)
