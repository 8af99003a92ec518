package detectors

import (
	"bytes"
	"iter"
	"slices"
	"sort"
	"unicode/utf8"
)

// Structured records: JSON and YAML keys, XML tags, key=value log fields,
// CSV/TSV/pipe tables with a header row and SQL INSERT statements with a
// column list. A value under or after a key names what it is whatever its
// shape: "nachname": "Öztürk", <vorname>Edin</vorname>, the third cell of a
// row under "Nachname;Vorname;Geburtsdatum", 'Wagner' in
// INSERT INTO t (nachname, …) VALUES ('Wagner', …). Text.fields finds such
// values once per text, at the prefilter hits of fieldAnchors only, and
// classifies each by its key; PERSON, DATE_OF_BIRTH, CASE_REFERENCE and
// SPECIAL_CATEGORY judge the values of their classes.

// keyClass is what a record key says its value is.
type keyClass uint8

const (
	keyNone       keyClass = iota
	keyPerson              // vorname, nachname, lastName, Vor- und Nachname: a name
	keyPersonWeak          // name, displayName, assignee: a name when the lexicons know one of its words
	keyBirth               // geburtsdatum, geb_datum, dob, birth_date
	keyCase                // aktenzeichen, kassenzeichen, az, vorgangsnummer
	keyReligion            // konfession, religion
	keySalutation          // anrede, salutation: Herr, Frau in the record of a person
	keyGdB                 // gdb, grad der behinderung: the degree of a person's disability
	keyMarks               // merkzeichen: the marks of a disability card (G, aG, B, H, Bl)
	keyCareGrade           // pflegegrad: a person's care grade (1–5)
	keyParty               // partei, parteizugehörigkeit: a person's party
	keyDiagnosis           // diagnose, icd: a person's diagnosis (its ICD-10 code)
	keyCaseWeak            // fall: a reference only when its value has letters and digits (HzE-2024-077)
	keySupport             // förderschwerpunkt, förderbedarf: a pupil's special educational need (Lernen, Sprache …)
	keyCaseStyle           // vormerk_nr in a person's row: a reference only in an office's house style (KV-2026-01733)
)

// field is a value of a structured record and the class of its key.
type field struct {
	class keyClass
	val   Span
}

// fieldAnchors are the keys fieldClass knows, as the prefilter finds them:
// at a word start, in any case (firstName, first_name, Nachname, Geb.-Datum
// by "geb"). Only their hits are looked at.
var fieldAnchors = func() []string {
	a := []string{"name", "geb", "birth", "date_of_birth", "dateofbirth", "date_of_", "kassenz", "geschaeftszeichen",
		"bg-", "bg_", "antrag_", "reg_"}
	for p := range namePrefix {
		if p != "" {
			a = append(a, p+"name", p+"_name", p+"namen")
		}
	}
	for k := range keyWords {
		// not "antrag", a word of every other sentence (+2 % instructions as an anchor):
		// its column is read when another key's hit finds the table (Name, Antragsteller)
		if len(k) >= 2 && k != "antrag" {
			a = append(a, k)
		}
	}
	sort.Strings(a)
	return slices.Compact(a)
}()

// namePrefix classifies the part of a key before "name" (first_name,
// Kundenname): a person's name, a person in some role, or (not listed) a
// thing: product_name, filename, hostname, org_name, Straßenname.
var namePrefix = map[string]keyClass{
	"vor": keyPerson, "nach": keyPerson, "familien": keyPerson, "geburts": keyPerson, "ruf": keyPerson,
	"ehe": keyPerson, "zu": keyPerson, "first": keyPerson, "last": keyPerson, "given": keyPerson,
	"family": keyPerson, "sur": keyPerson, "fore": keyPerson, "middle": keyPerson, "maiden": keyPerson,
	"full": keyPerson, "person": keyPerson, "personen": keyPerson, "vorundnach": keyPerson, "vorundzu": keyPerson,
	"mitarbeiter": keyPerson, "kunden": keyPerson, "patienten": keyPerson, "schüler": keyPerson, "teilnehmer": keyPerson,
	"antragsteller": keyPerson, "kind": keyPerson, "kindes": keyPerson, "mutter": keyPerson, "vater": keyPerson,
	"legal": keyPerson, "real": keyPerson, "bürger": keyPerson, "halter": keyPerson, "inhaber": keyPerson,
	"": keyPersonWeak, "display": keyPersonWeak, "user": keyPersonWeak, "contact": keyPersonWeak,
	"kontakt": keyPersonWeak, "owner": keyPersonWeak, "empfänger": keyPersonWeak, "absender": keyPersonWeak,
	"recipient": keyPersonWeak, "sender": keyPersonWeak, "author": keyPersonWeak, "employee": keyPersonWeak,
	"customer": keyPersonWeak, "member": keyPersonWeak, "mitglieds": keyPersonWeak, "applicant": keyPersonWeak,
	"patient": keyPersonWeak, "client": keyPersonWeak, "klienten": keyPersonWeak, "holder": keyPersonWeak,
	"account": keyPersonWeak, "benutzer": keyPersonWeak, "ansprechpartner": keyPersonWeak,
}

// keyWords classifies whole keys that do not end in "name" (folded, letters only).
var keyWords = map[string]keyClass{
	"vornamen": keyPerson, "namevorname": keyPerson, "nachnamevorname": keyPerson, "namevornamen": keyPerson,
	"vornamename": keyPerson, "namefirst": keyPerson, "namelast": keyPerson, "namegiven": keyPerson,
	"namefamily": keyPerson, "givennames": keyPerson,
	"teilnehmer": keyPersonWeak, "teilnehmerin": keyPersonWeak, "mitarbeiter": keyPersonWeak,
	"mitarbeiterin": keyPersonWeak, "antragsteller": keyPersonWeak, "antragstellerin": keyPersonWeak,
	"schüler": keyPersonWeak, "schülerin": keyPersonWeak, "patient": keyPersonWeak, "patientin": keyPersonWeak,
	"halter": keyPersonWeak, "fahrzeughalter": keyPersonWeak, "assignee": keyPersonWeak, "reporter": keyPersonWeak,
	"kind": keyPersonWeak, "sachbearbeiter": keyPersonWeak, "sachbearbeiterin": keyPersonWeak,
	"schuldner": keyPersonWeak, "schuldnerin": keyPersonWeak, "zahlungspflichtiger": keyPersonWeak,
	"holder": keyPersonWeak, "cardholder": keyPersonWeak, "karteninhaber": keyPersonWeak, "kontoinhaber": keyPersonWeak,
	"accountholder":   keyPersonWeak,
	"sorgeberechtigt": keyPersonWeak, "sorgeberechtigte": keyPersonWeak, "sorgeberechtigter": keyPersonWeak,
	"erziehungsberechtigt": keyPersonWeak, "erziehungsberechtigte": keyPersonWeak, "erziehungsberechtigter": keyPersonWeak,
	"eltern": keyPersonWeak, "elternteil": keyPersonWeak, "mutter": keyPersonWeak, "vater": keyPersonWeak,
	"kindesmutter": keyPersonWeak, "kindesvater": keyPersonWeak,
	"geburtsdatum": keyBirth, "gebdatum": keyBirth, "gebdat": keyBirth, "geb": keyBirth, "geboren": keyBirth,
	"geburtstag": keyBirth, "geburtsdat": keyBirth, "dob": keyBirth, "birthdate": keyBirth, "dateofbirth": keyBirth,
	"birthday": keyBirth, "birth": keyBirth, "gebam": keyBirth, "geburtsdatumkind": keyBirth,
	"geburt": keyBirth, "geburtkind": keyBirth, "kindgeburt": keyBirth, // a CSV's Geburt_Kind column (round 80, blind48 031)
	"aktenzeichen": keyCase, "az": keyCase, "gz": keyCase, "geschäftszeichen": keyCase, "geschaeftszeichen": keyCase,
	"kassenzeichen": keyCase, "kassenz": keyCase, "vorgangsnummer": keyCase, "vorgangsnr": keyCase, "vorgang": keyCase,
	"vorgangnr": keyCase, "vorgangnummer": keyCase, // vorgang_nr, as an SQL column spells it (round 53, blind32 010)
	// an office's file number of the party's case: a notary's roll number, a court's or the police's
	// Aktenzeichen as a record's column (notar_az: 'UR 2210/2026'; round 53, blind36 022)
	"notaraz": keyCase, "gerichtsaz": keyCase, "gerichtaz": keyCase, "polizeiaz": keyCase, "staaz": keyCase,
	"vorgangsid": keyCase, "bgnummer": keyCase, "bgnr": keyCase,
	"azrnummer": keyCase, "azrnr": keyCase, // the Ausländerzentralregister's file
	"aktennummer": keyCase, "aktennr": keyCase, "fallnummer": keyCase, "fallnr": keyCase, "unserzeichen": keyCase,
	"ihrzeichen": keyCase, "buchungszeichen": keyCase, "antragsnr": keyCase, "antragsnummer": keyCase,
	"antragnr": keyCase, "antragnummer": keyCase,
	"kennziffer": keyCase, "bamfkennziffer": keyCase, // a course participant's number at the BAMF (421-2026-088172)
	// Weak keys: a value with letters and two groups of digits, the house style of a file
	// number, is one. An application's id ("antragId": "WG-2026-11873") numbers the proceeding
	// about its applicant, a Vorgangsnummer in TAXONOMY.md's words (testcases/README.md); a
	// database's row number (88217) or a UUID beside the file number is none. A WBS key
	// gives the number of a person's Wohnberechtigungsschein (<wbs>WBS-BI-2024-0931</wbs>).
	// (Not "kennzeichen": its prefilter hits in every plate's label cost 0.6 % instructions.)
	"antragid": keyCaseWeak, "antragsid": keyCaseWeak, "antrag": keyCaseWeak, // a column "Antrag" over "BP-C-26-1204" (no anchor: fieldAnchors)
	"wbs": keyCaseWeak, "wbsnummer": keyCaseWeak, "wbsnr": keyCaseWeak,
	// a register's number (reg_nr, Registernummer) of a Gewerbe or a Standesamt entry
	// ("GA-2019-03312", "E 2026/0389"); a firm's Handelsregister number (HRB 12345) has one group
	"regnr": keyCaseWeak, "registernummer": keyCaseWeak, "registernr": keyCaseWeak,
	// the Standesamt's books of deaths, births and marriages and a register of deeds, as a
	// column over "S 1088/2026" (round 53, blind35 077)
	"sterbebuchnr": keyCaseWeak, "sterbebuchnummer": keyCaseWeak, "geburtenbuchnr": keyCaseWeak,
	"heiratsbuchnr": keyCaseWeak, "urkundenregisternr": keyCaseWeak, "eheregisternr": keyCaseWeak,
	"sterberegisternr": keyCaseWeak, "geburtenregisternr": keyCaseWeak,
	"personalnummer": keyCase, "personalnr": keyCase, "persnr": keyCase, // the Personalakte (TAXONOMY)
	"pnr":        keyCase,                            // a payroll's or a time recording's column of Personalnummern (PNR over 40217; round 70, blind45 021)
	"employeeid": keyCase, "employeenumber": keyCase, // the directory's attributes for it (LDIF, AD: employeeID: 119034)
	"fall":   keyCaseWeak, // a Jugendamt's table: "Fall<TAB>Kind<TAB>…" over "HzE-2024-077"
	"anrede": keySalutation, "salutation": keySalutation,
	"konfession": keyReligion, "religion": keyReligion, "religionszugehörigkeit": keyReligion,
	"religionsgemeinschaft": keyReligion, "religionsbekenntnis": keyReligion, "konf": keyReligion, "rel": keyReligion,
	"gdb": keyGdB, "gradderbehinderung": keyGdB, "merkzeichen": keyMarks, "pflegegrad": keyCareGrade,
	"partei": keyParty, "parteizugehörigkeit": keyParty, "parteimitgliedschaft": keyParty, "party": keyParty,
	"diagnose": keyDiagnosis, "diagnosen": keyDiagnosis, "hauptdiagnose": keyDiagnosis, "icd": keyDiagnosis,
	"icdcode": keyDiagnosis, "diagnosis": keyDiagnosis, "diagnosecode": keyDiagnosis, "diagnoseschlüssel": keyDiagnosis,
	"förderschwerpunkt": keySupport, "förderschwerpunkte": keySupport, "foerderschwerpunkt": keySupport,
	"förderbedarf": keySupport, "foerderbedarf": keySupport, "sonderpädagogischerförderbedarf": keySupport,
}

// fieldClass classifies a key given in folded form (letters kept; digits,
// punctuation, spaces and an XML namespace prefix are dropped first).
func fieldClass(low []byte) keyClass {
	var buf [64]byte
	k := buf[:0]
	for i, c := range low {
		switch {
		case c == ':':
			k = k[:0] // xmeld:name: the namespace prefix goes
		case isLowerASCII(c) || c >= 0x80:
			if len(k) == cap(k) {
				return keyNone
			}
			k = append(k, c)
		case isUpper(c):
			k = append(k, c+'a'-'A')
		case c == ' ' && i+4 <= len(low) && string(low[i:i+4]) == " des": // Name des Kindes
			k = append(k, "des"...)
			return personOf(string(k))
		case c == '(' && i > 0 && low[i-1] == ' ' && len(k) > 0:
			// a remark in brackets after the key: "Partei (Vorschlag durch)",
			// "Geburtsdatum (TT.MM.JJJJ)"
			return classifyKey(k)
		}
	}
	return classifyKey(k)
}

// stateQualifiers follow a care grade's, GdB's or Merkzeichen's key when a
// table gives the state before and after a change.
var stateQualifiers = map[string]bool{"alt": true, "neu": true, "bisher": true, "aktuell": true, "beantragt": true,
	"festgestellt": true, "vorher": true, "nachher": true, "künftig": true}

// classifyKey classifies a folded key.
func classifyKey(k []byte) keyClass {
	if !keyEndFits(k) {
		// Most keys asked are anchors inside ordinary words ("Gebühren",
		// "gebeten" for "geb": ≈1 900 per MB of prose), which end as no
		// key below does; the map look-up, the suffix compares and
		// personOf's string cost ≈450 instructions each.
		return keyNone
	}
	return classifyKeyAll(k)
}

// classifyKeyAll is classifyKey without the look at the key's end.
func classifyKeyAll(k []byte) keyClass {
	if c, ok := keyWords[string(k)]; ok {
		return c
	}
	// a state before or after a change: "Pflegegrad alt", "Pflegegrad neu",
	// "GdB bisher"
	if len(k) > 4 && (k[0] == 'p' || k[0] == 'g' || k[0] == 'm') {
		for _, base := range stateKeys {
			if len(k) > len(base) && string(k[:len(base)]) == base && stateQualifiers[string(k[len(base):])] {
				return keyWords[base]
			}
		}
	}
	// an office's Aktenzeichen of a record: notar_aktenzeichen, gericht_aktenzeichen
	for _, suf := range caseKeyEnds {
		if len(k) > len(suf) && string(k[len(k)-len(suf):]) == suf {
			return keyCase
		}
	}
	// the birth date of a named party: kind_geburtsdatum, mutterGeburtsdatum
	for _, suf := range birthKeyEnds {
		if len(k) > len(suf) && string(k[len(k)-len(suf):]) == suf {
			return keyBirth
		}
	}
	return personOf(string(k))
}

// stateKeys take a stateQualifier after them; caseKeyEnds and birthKeyEnds
// end the keys of a named office's Aktenzeichen and a named party's birth
// date (classifyKey).
var (
	stateKeys    = [...]string{"pflegegrad", "gdb", "merkzeichen"}
	caseKeyEnds  = [...]string{"aktenzeichen", "geschäftszeichen", "geschaeftszeichen"}
	birthKeyEnds = [...]string{"geburtsdatum", "gebdatum", "geburtstag"}
)

// keyEnds is a Bloom filter of the last four bytes (keyEnd) of every key
// that classifyKey classifies: the keys of keyWords, a state key with each
// of its qualifiers, caseKeyEnds and birthKeyEnds, and personOf's "name",
// "namen" and "namedes". Two bytes would not do: "en" ends "namen" and
// half of German words; three neither: "geboren" is a key, "Gebühren" none.
var keyEnds = func() (m [32]uint64) {
	add := func(k string) {
		h := keyEnd([]byte(k))
		m[h>>6] |= 1 << (h & 63)
	}
	for k := range keyWords {
		add(k)
	}
	for q := range stateQualifiers {
		for _, base := range stateKeys {
			add(base + q)
		}
	}
	for _, k := range caseKeyEnds {
		add(k)
	}
	for _, k := range birthKeyEnds {
		add(k)
	}
	for _, k := range [...]string{"name", "namen", "namedes"} {
		add(k)
	}
	return m
}()

// keyEnd hashes the last four bytes of k (all of a shorter one) to 11 bits.
func keyEnd(k []byte) uint32 {
	var x uint32
	for _, c := range k[max(len(k)-4, 0):] {
		x = x<<8 | uint32(c)
	}
	return x * 0x9E3779B1 >> 21
}

// keyEndFits reports whether k, a folded key, may be one classifyKey
// classifies, by its last four bytes (keyEnds): a key shorter than that is
// one of keyWords or none, a longer one ends as one of them, a key of a
// named office, a named party's birth date or a name does.
func keyEndFits(k []byte) bool {
	h := keyEnd(k)
	return keyEnds[h>>6]&(1<<(h&63)) != 0
}

// personOf classifies a key ending in "name"/"namen" by what comes before.
func personOf(k string) keyClass {
	switch {
	case len(k) >= 4 && k[len(k)-4:] == "name":
		k = k[:len(k)-4]
	case len(k) >= 5 && k[len(k)-5:] == "namen":
		k = k[:len(k)-5]
	case len(k) >= 7 && k[len(k)-7:] == "namedes":
		return keyPerson // Name des Kindes, Name des Antragstellers
	default:
		return keyNone
	}
	if c, ok := namePrefix[k]; ok {
		return c
	}
	// a name column of a record: kind_nachname, mutter_vorname, kindVorname
	for _, suf := range nameParts {
		if len(k) >= len(suf)+3 && k[len(k)-len(suf):] == suf {
			return keyPerson
		}
	}
	return keyNone
}

// mergeSorted returns the ascending offsets of a and b (both ascending) in
// a new slice.
func mergeSorted(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if b[0] < a[0] {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// nameParts end a key's part before "name" that makes it a person's name
// whatever stands before it (kind_nachname, antragsteller_familienname).
var nameParts = []string{"vor", "nach", "familien", "ruf", "geburts", "first", "last", "given", "family", "sur"}

// keyByte reports bytes that may stand in a record key.
func keyByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c >= 0x80
}

// maxFieldValue bounds a value after a key; maxFieldKey a key.
const (
	maxFieldValue = 256
	maxFieldKey   = 64
)

// fields returns the classified record values of the text, computed once.
// They are in order of their keys' hits, each span trimmed of quotes and
// blanks. A table or statement is read once, whatever number of its keys hit.
func (t *Text) fields() []field {
	if t.fieldsDone {
		return t.flds
	}
	t.fieldsDone = true
	t.flds = t.flds[:0]
	raw := t.Raw
	var hits []int
	sorted := false
	if t.pf != nil && t.seenDone && t.pf.allRecordKeys {
		// Each key's hits are in order: the first four keys' are merged,
		// not sorted again (≈1 900 hits of three keys per MB of prose, of
		// "geb" in "Gebühren" among them, cost 0.37 M instructions in
		// slices.Sort); more are appended and sorted.
		sorted = true
		keys := 0
		for _, id := range t.hitIDs { // the keywords this text has: a few, not every key
			if h := t.hits[id]; t.pf.recordKey[id] && len(h) > 0 {
				if sorted && keys > 0 && keys < 4 {
					hits = mergeSorted(hits, h)
				} else {
					sorted = sorted && keys == 0
					hits = append(hits, h...)
				}
				keys++
			}
		}
	} else {
		for _, a := range fieldAnchors {
			hits = append(hits, t.Hits(a)...)
		}
	}
	if len(hits) == 0 {
		return t.flds
	}
	if !sorted || !slices.IsSorted(hits) {
		slices.Sort(hits)
	}
	done := 0 // end of the last table or statement read
	for _, h := range hits {
		if h < done {
			continue
		}
		ks, ke := h, h
		for ks > 0 && h-ks < maxFieldKey && keyByte(raw[ks-1]) {
			ks--
		}
		for ke < len(raw) && ke-h < maxFieldKey && keyByte(raw[ke]) {
			ke++
		}
		for ke > ks && (raw[ke-1] == '.' || raw[ke-1] == '-') && ke-1 > h {
			ke--
		}
		// An anchor in an ordinary word (gebeten, Namensgebung) is no key.
		// Every key the readers below look for has a hit of its own, so
		// such a hit is passed over before any of them looks around it.
		if fieldClass(t.Lower()[ks:ke]) == keyNone {
			if birthElementLens>>min(ke-ks, 63)&1 != 0 && birthElements[string(t.Lower()[ks:ke])] && ks > 0 && ke < len(raw) {
				if end, ok := t.xmlField(ks, ke); ok {
					done = end // <geburt><datum>…: birthChild reads the date
				}
			}
			continue
		}
		if ks > 0 && ke < len(raw) {
			if end, ok := t.xmlField(ks, ke); ok {
				done = end
				continue
			}
			if end, ok := t.pairField(ks, ke); ok {
				done = end
				continue
			}
		}
		if end, ok := t.rowLabel(h, ks, ke); ok {
			done = end
			continue
		}
		if end, ok := t.sqlFields(ks); ok {
			done = end
			continue
		}
		if end, ok := t.createTableFields(ks); ok {
			done = end
			continue
		}
		if end, ok := t.tableFields(h); ok {
			done = end
			continue
		}
	}
	return t.flds
}

// addField records the value [s, e) (quotes and blanks trimmed) under a key
// of class c.
func (t *Text) addField(c keyClass, s, e int) {
	raw := t.Raw
	for s < e && (raw[s] == ' ' || raw[s] == '\t' || raw[s] == '"' || raw[s] == '\'' || raw[s] == '`') {
		s++
	}
	// a fixed-column screen's colon after the blanks that align it
	// ("Aktenzeichen  : MD-ABH 2025/3370") belongs to the key
	if s+1 < e && raw[s] == ':' && (raw[s+1] == ' ' || raw[s+1] == '\t') {
		for s++; s < e && (raw[s] == ' ' || raw[s] == '\t'); s++ {
		}
	}
	for e > s && (raw[e-1] == ' ' || raw[e-1] == '\t' || raw[e-1] == '\r' || raw[e-1] == '"' || raw[e-1] == '\'' || raw[e-1] == '`') {
		e--
	}
	if c != keyNone && e > s && !(e-s == 4 && (string(raw[s:e]) == "NULL" || string(raw[s:e]) == "null")) {
		t.flds = append(t.flds, field{c, Span{s, e}})
	}
}

// xmlField reads <key …>value</…> for the key [ks, ke).
func (t *Text) xmlField(ks, ke int) (int, bool) {
	raw, low := t.Raw, t.Lower()
	ts := ks
	if raw[ts-1] == ':' { // a namespace prefix: <xmeld:name>
		ts--
		for ts > 0 && ks-ts < maxFieldKey && keyByte(raw[ts-1]) {
			ts--
		}
	}
	if ts == 0 || raw[ts-1] != '<' {
		return 0, false
	}
	gt := bytes.IndexByte(raw[ke:min(len(raw), ke+maxFieldValue)], '>')
	if gt < 0 || bytes.IndexByte(raw[ke:ke+gt], '<') >= 0 || gt > 0 && raw[ke+gt-1] == '/' {
		return ke, true
	}
	vs := ke + gt + 1
	lt := bytes.IndexByte(raw[vs:min(len(raw), vs+maxFieldValue)], '<')
	if lt < 0 || vs+lt+1 >= len(raw) || raw[vs+lt+1] != '/' {
		if lt >= 0 {
			if s, e, ok := birthChild(raw, low, ks, ke, vs, vs+lt); ok {
				t.addField(keyBirth, s, e)
			}
		}
		return vs, true // nested elements or no closing tag
	}
	t.addField(fieldClass(low[ks:ke]), vs, vs+lt)
	return vs + lt, true
}

// birthElements name an XML element of a birth whose child holds its date.
var birthElements = map[string]bool{"geburt": true, "birth": true, "geburtsangaben": true, "geburtsdaten": true}

// birthElementLens has a bit for the length of each of birthElements (all
// under 63 bytes), so that fields looks up only a key of such a length: the
// anchors in ordinary words it passes over were each a map look-up.
var birthElementLens = func() (m uint64) {
	for e := range birthElements {
		m |= 1 << min(len(e), 63)
	}
	return m
}()

// birthChild reads the date of a birth element whose first child is its
// date ("<geburt>\n  <datum>1976-09-14</datum>", "<xmeld:geburt><xmeld:datum>…"):
// the element's name [ks, ke) is a birth's, only blanks stand before the
// child's tag at o, and the child is named datum or date.
func birthChild(raw, low []byte, ks, ke, vs, o int) (int, int, bool) {
	if !birthElements[string(low[ks:ke])] {
		return 0, 0, false
	}
	if len(bytes.TrimSpace(raw[vs:o])) > 0 || o+1 >= len(raw) {
		return 0, 0, false
	}
	gt := bytes.IndexByte(raw[o:min(len(raw), o+48)], '>')
	if gt < 0 {
		return 0, 0, false
	}
	name := low[o+1 : o+gt]
	if k := bytes.LastIndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	if string(name) != "datum" && string(name) != "date" {
		return 0, 0, false
	}
	s := o + gt + 1
	lt := bytes.IndexByte(raw[s:min(len(raw), s+40)], '<')
	if lt <= 0 || s+lt+1 >= len(raw) || raw[s+lt+1] != '/' {
		return 0, 0, false
	}
	return s, s + lt, true
}

// pairField reads "key": "value", key: value (YAML, one line) and key=value
// (log lines) for the key [ks, ke). An unquoted key must be written like an
// identifier (lower case first, or with '_'): a capitalised label in prose
// (Name: …) is the other detectors' business.
func (t *Text) pairField(ks, ke int) (int, bool) {
	raw, low := t.Raw, t.Lower()
	quoted := false
	k := ke
	if q := raw[k]; (q == '"' || q == '\'') && raw[ks-1] == q {
		quoted = true
		k++
	}
	k = skipBlank(raw, k)
	if k >= len(raw) || raw[k] != ':' && raw[k] != '=' {
		return 0, false
	}
	sep := raw[k]
	if !quoted {
		ident := isLowerASCII(raw[ks]) || bytes.IndexByte(raw[ks:ke], '_') >= 0
		hash := sep == '=' && hashtableKey(raw, ks, k)
		if !ident && !hash {
			return 0, false
		}
		// YAML and loose JSON keys start a line or follow '{' / ','; log
		// keys follow a blank; a birth-date key of a URL's query '?' or '&'
		// ("?geb=12031961": other query keys are ids and settings more often
		// than a person's data)
		p := ks - 1
		for p >= 0 && (raw[p] == ' ' || raw[p] == '\t' || raw[p] == '-') {
			p--
		}
		query := sep == '=' && ks > 0 && (raw[ks-1] == '?' || raw[ks-1] == '&') && fieldClass(low[ks:ke]) == keyBirth
		if !(p < 0 || raw[p] == '\n' || raw[p] == '{' || raw[p] == ',' || sep == '=' && raw[ks-1] == ' ' || query || hash) {
			return 0, false
		}
		if k+1 < len(raw) && (raw[k+1] == '/' || raw[k+1] == '=') { // http://, ==
			return 0, false
		}
	}
	c := fieldClass(low[ks:ke])
	if c == keyPersonWeak && quoted && string(low[ks:ke]) == "name" && animalObject(low, ks) {
		c = keyNone // {"name": "Bella", "rasse": "Labrador"}: a pet's name
	}
	vs := skipBlank(raw, k+1)
	if vs >= len(raw) {
		return k + 1, true
	}
	lim := min(len(raw), vs+maxFieldValue)
	if q := raw[vs]; q == '"' || q == '\'' {
		for e := vs + 1; e < lim && raw[e] != '\n'; e++ {
			if raw[e] == '\\' {
				e++
				continue
			}
			if raw[e] == q {
				t.addField(c, vs+1, e)
				return e + 1, true
			}
		}
		return vs + 1, true
	}
	e := vs
	for e < lim && raw[e] != '\n' && raw[e] != '\r' {
		b := raw[e]
		if quoted && (b == ',' || b == '}') || sep == '=' && (b == ' ' || b == ',' || b == ';' || b == '&' || b == '\t') {
			break
		}
		if b == ' ' && e+1 < lim && raw[e+1] == '#' { // a YAML comment
			break
		}
		e++
	}
	if e == lim && lim < len(raw) {
		return e, true // a value longer than any name or reference
	}
	t.addField(c, vs, e)
	return e, true
}

// hashtableKey reports a key [ks, …) of a PowerShell hashtable, written
// as a label may be (capitalised), before '=' at k: after "@{" or ';' and
// blanks, with a quoted value ("@{Vorname=\"Lara\"; Nachname='Scholten'}").
func hashtableKey(raw []byte, ks, k int) bool {
	p := ks - 1
	for p >= 0 && (raw[p] == ' ' || raw[p] == '\t') {
		p--
	}
	if p < 1 || raw[p] != ';' && !(raw[p] == '{' && raw[p-1] == '@') {
		return false
	}
	v := skipBlank(raw, k+1)
	return v < len(raw) && (raw[v] == '"' || raw[v] == '\'')
}

// sqlFields reads INSERT INTO t (col, …) VALUES (v, …), (…); when the key
// at ks stands in the column list: every row's value of every classified
// column.
func (t *Text) sqlFields(ks int) (int, bool) {
	raw, low := t.Raw, t.Lower()
	p := ks - 1
	for p >= 0 && (raw[p] == ' ' || raw[p] == '`' || raw[p] == '"' || raw[p] == '[' || raw[p] == '\n' || raw[p] == '\t') {
		p--
	}
	if p < 0 || raw[p] != '(' && raw[p] != ',' {
		return 0, false
	}
	open := bytes.LastIndexByte(raw[max(0, ks-maxHeader):ks], '(')
	if open < 0 {
		return 0, false
	}
	open += max(0, ks-maxHeader)
	if bytes.IndexByte(raw[open:ks], ')') >= 0 {
		return 0, false
	}
	ins := bytes.LastIndex(low[max(0, open-160):open], []byte("insert into"))
	if ins < 0 || bytes.IndexByte(low[max(0, open-160)+ins:open], ';') >= 0 {
		return 0, false
	}
	cl := bytes.IndexByte(raw[open:min(len(raw), open+maxHeader)], ')')
	if cl < 0 {
		return 0, false
	}
	cl += open
	var cols []keyClass
	var keys []Span
	any := false
	for s := open + 1; s <= cl; {
		e := s + bytes.IndexByte(raw[s:cl+1], ',')
		if e < s {
			e = cl
		}
		c := fieldClass(low[s:e])
		cols = append(cols, c)
		keys = append(keys, Span{s, e})
		any = any || c != keyNone
		s = e + 1
	}
	personRow(cols, func(i int) []byte { return low[keys[i].Start:keys[i].End] })
	v := skipSpace(raw, cl+1, 2)
	if !any || !hasPrefixAt(low, v, "values") {
		return cl, true
	}
	return t.sqlValues(v+len("values"), cols), true
}

// sqlValues reads the rows (v, …), (…) of a VALUES clause from i and records
// the values of the classified columns; it returns where the rows end.
func (t *Text) sqlValues(i int, cols []keyClass) int {
	raw := t.Raw
	for rows := 0; rows < maxTableRows; rows++ {
		i = skipSpace(raw, i, 2)
		if i >= len(raw) || raw[i] != '(' {
			break
		}
		i++
		col, depth, vs, closed := 0, 0, i, false
		for i < len(raw) && !closed {
			c := raw[i]
			if c == '\'' || c == '"' {
				j := i + 1
				for j < len(raw) && j-i < maxHeader && raw[j] != '\n' {
					if raw[j] == c {
						if j+1 < len(raw) && raw[j+1] == c { // '' escapes a quote
							j += 2
							continue
						}
						break
					}
					j++
				}
				if j >= len(raw) || raw[j] != c {
					return j // an unterminated string ends the statement
				}
				i = j + 1
				continue
			}
			switch {
			case c == '(':
				depth++
			case c == ')' && depth > 0:
				depth--
			case c == ',' || c == ')':
				if col < len(cols) {
					t.addField(cols[col], vs, i)
				}
				col++
				vs = i + 1
				closed = c == ')'
			case c == ';':
				return i
			}
			i++
		}
		i = skipSpace(raw, i, 2)
		if i >= len(raw) || raw[i] != ',' {
			break
		}
		i++
	}
	return i
}

// maxCreate bounds the length of a CREATE TABLE statement that is read.
const maxCreate = 4096

// createTableFields reads a SQL dump whose key at ks names a column in a
// CREATE TABLE statement (`nachname` varchar(80),): the columns in their
// order, then the rows of the INSERT INTO that table without a column list
// that follows (INSERT INTO `t` VALUES (…), (…)).
func (t *Text) createTableFields(ks int) (int, bool) {
	raw, low := t.Raw, t.Lower()
	// a column definition starts its line or follows '(' or ',':
	// `nachname` varchar(80), — not a key word in running text
	k := ks
	for k > 0 && (raw[k-1] == '`' || raw[k-1] == '"' || raw[k-1] == '[' || raw[k-1] == ' ' || raw[k-1] == '\t') {
		k--
	}
	if k > 0 && raw[k-1] != '\n' && raw[k-1] != '(' && raw[k-1] != ',' {
		return 0, false
	}
	// the statements are found once per text, not searched for at every key
	if !t.createsDone {
		t.creates, t.createsDone = indexAll(low, "create table"), true
	}
	n := sort.Search(len(t.creates), func(i int) bool { return t.creates[i]+len("create table") > ks }) - 1
	if n < 0 || t.creates[n] < ks-maxCreate {
		return 0, false
	}
	ct := t.creates[n]
	open := ct + bytes.IndexByte(raw[ct:ks], '(')
	if open < ct || bytes.IndexByte(raw[ct:ks], ';') >= 0 {
		return 0, false
	}
	name := bytes.Trim(bytes.TrimSpace(low[ct+len("create table"):open]), "`\"[]")
	if k := bytes.LastIndexByte(name, ' '); k >= 0 {
		name = bytes.Trim(name[k+1:], "`\"[]") // IF NOT EXISTS `t`
	}
	if len(name) == 0 {
		return 0, false
	}
	var cols []keyClass
	var keys [][]byte
	any := false
	depth, ds, end := 0, open+1, -1
	for i := open + 1; i < len(raw) && i-open < maxCreate && end < 0; i++ {
		switch raw[i] {
		case '(':
			depth++
		case ')', ',':
			if raw[i] == ')' && depth > 0 {
				depth--
				continue
			}
			if depth > 0 {
				continue
			}
			def := bytes.TrimLeft(raw[ds:i], " \t\r\n")
			we := 0
			for we < len(def) && def[we] != ' ' && def[we] != '\t' {
				we++
			}
			switch w := string(bytes.ToLower(def[:we])); w {
			case "primary", "key", "unique", "constraint", "index", "foreign", "fulltext", "check":
			default:
				c := fieldClass(bytes.ToLower(bytes.Trim(def[:we], "`\"[]")))
				cols = append(cols, c)
				keys = append(keys, bytes.ToLower(def[:we]))
				any = any || c != keyNone
			}
			ds = i + 1
			if raw[i] == ')' {
				end = i
			}
		}
	}
	if end < 0 {
		return 0, false
	}
	if !any {
		return end, true
	}
	personRow(cols, func(i int) []byte { return keys[i] })
	// the INSERT INTO the same table, without a column list; a dump has one
	// statement per row, each read where it starts within maxCreate of the
	// one before
	last := end
	lim := min(len(raw), end+maxCreate)
	for off := end; off < lim; {
		k := bytes.Index(low[off:lim], []byte("insert into"))
		if k < 0 {
			break
		}
		k += off + len("insert into")
		off = k
		j := skipSpace(raw, k, 0)
		we := j
		for we < len(raw) && raw[we] != ' ' && raw[we] != '\n' && raw[we] != '(' {
			we++
		}
		if !bytes.Equal(bytes.Trim(low[j:we], "`\"[]"), name) {
			continue
		}
		v := skipSpace(raw, we, 2)
		if hasPrefixAt(low, v, "values") {
			last = t.sqlValues(v+len("values"), cols)
			off, lim = max(off, last), min(len(raw), max(off, last)+maxCreate)
		}
	}
	return last, true
}

// personRow marks the columns of a person's record (one of cols names a
// person) whose key names a number (vormerk_nr, Anmeldenummer, fall_no) as
// keyCaseStyle: a value there in an office's house style (KV-2026-01733) is
// the number of the file about that person. keyOf returns column i's key.
// An invoice's, an order's or a ticket's number stays none.
func personRow(cols []keyClass, keyOf func(i int) []byte) {
	if !slices.Contains(cols, keyPerson) {
		return
	}
	for i, c := range cols {
		if c == keyNone && numberKey(keyOf(i)) {
			cols[i] = keyCaseStyle
		}
	}
}

// numberKey reports a record key that ends in a number's word (nr, nummer,
// no) after a word of its own, and names no invoice, order or ticket.
func numberKey(k []byte) bool {
	k = bytes.Trim(k, " \t`\"'[]")
	if i := bytes.LastIndexByte(k, '.'); i >= 0 && i == len(k)-1 {
		k = k[:i] // "Vormerk-Nr."
	}
	end := false
	for _, suf := range [...]string{"nr", "nummer", "no"} {
		if len(k) > len(suf)+2 && bytes.HasSuffix(k, []byte(suf)) {
			end = true
			if suf == "no" && k[len(k)-3] != '_' && k[len(k)-3] != '-' {
				end = false // "casino", "kino": "no" only as a word of its own
			}
			break
		}
	}
	if !end {
		return false
	}
	for _, w := range [...]string{"rechnung", "bestell", "auftrag", "liefer", "ticket", "invoice", "order", "telefon", "tel", "fax", "mobil", "handy", "haus", "kfz", "konto", "iban", "steuer", "artikel", "serien", "inventar"} {
		if bytes.Contains(k, []byte(w)) {
			return false
		}
	}
	return true
}

// tableSeps are the cell separators of tables, in order of preference.
const tableSeps = "\t;|,"

// tableFields reads a table whose header line holds the key hit at h:
// cells separated by tab, ';', '|' or ',' (quoted cells may hold the
// separator), every header cell short and without digits, and the rows
// below with as many cells. It records every classified column's cells.
func (t *Text) tableFields(h int) (int, bool) {
	raw, low := t.Raw, t.Lower()
	from := max(0, h-maxHeader)
	ls := t.lineStart(h)
	if ls <= from && from > 0 {
		return 0, false // no line break in the maxHeader bytes before h
	}
	le := bytes.IndexByte(raw[h:min(len(raw), h+maxHeader)], '\n')
	if le < 0 {
		return 0, false
	}
	le += h
	var sep byte
	for i := range len(tableSeps) {
		if bytes.IndexByte(raw[ls:le], tableSeps[i]) >= 0 {
			sep = tableSeps[i]
			break
		}
	}
	if sep == 0 {
		return t.alignedFields(ls, le)
	}
	if sep == ',' && bytes.Count(raw[ls:le], []byte("   ")) >= 2 {
		// "Zi.  Name, Vorname      Herkunft   geb.": an aligned header with a
		// comma inside a cell
		var hdr [8]Span
		if blankCells(raw, ls, le, hdr[:]) >= 3 {
			return t.alignedFields(ls, le)
		}
	}
	var hdr [64]Span
	n, ok := splitCells(raw, ls, le, sep, hdr[:])
	if !ok || n < 2 {
		return 0, false
	}
	var cols [64]keyClass
	any := false
	bad := "0123456789@:<>{}=()"
	if sep != ',' {
		bad = "0123456789@:<>{}=" // a unit or remark: "Dauer(h)", "Anschrift (Melderegister)"
	}
	for i := range n {
		c := hdr[i]
		cell := raw[c.Start:c.End]
		if sep != ',' {
			// a remark with digits in brackets after a header word: "KiSt (9 %)", "Betrag (2026)"
			if o := bytes.IndexByte(cell, '('); o > 0 && cell[len(cell)-1] == ')' && bytes.IndexByte(cell[:o], ')') < 0 {
				cell = cell[:o]
			}
		}
		if c.End-c.Start > 48 || bytes.ContainsAny(cell, bad) && !(sep == ',' && n >= 3 && keyRemark(raw[c.Start:c.End])) {
			return le, false
		}
		cols[i] = fieldClass(low[c.Start:c.End])
		any = any || cols[i] != keyNone
	}
	if animalHeader(low, hdr[:n]) && !slices.Contains(cols[:n], keyPerson) {
		for i := range n {
			if cols[i] == keyPersonWeak && string(low[hdr[i].Start:hdr[i].End]) == "name" {
				cols[i] = keyNone // Name;Rasse;Chip: the pets' names
			}
		}
	}
	if !any {
		return le, true
	}
	personRow(cols[:n], func(i int) []byte { return low[hdr[i].Start:hdr[i].End] })
	joined := -1 // "Name, Vorname" as a comma table's first header cells: one PERSON per row
	if sep == ',' && n >= 3 && cols[0] != keyNone && cols[1] == keyPerson && hdr[0].End+1 < le &&
		raw[hdr[0].End] == ',' && raw[hdr[0].End+1] == ' ' && surnameKey(low[hdr[0].Start:hdr[0].End]) &&
		string(low[hdr[1].Start:hdr[1].End]) == "vorname" {
		joined = 0
	}
	var row [64]Span
	rs := le + 1
	for rows := 0; rs < len(raw) && rows < maxTableRows; rows++ {
		re, ok := rowEnd(raw, rs)
		if !ok {
			break
		}
		if sep == '|' && rule(raw[rs:re]) {
			rs = re + 1
			continue
		}
		m, ok := splitCells(raw, rs, re, sep, row[:])
		if ok && sep == '\t' && n >= 3 && m > n+1 && m <= 2*n {
			// a row whose later cells hold more values than the header names (an
			// address in street, PLZ and city cells): its first cell is still the
			// first column's ("BP-C-26-1204" under "Antrag")
			t.addField(cols[0], row[0].Start, row[0].End)
			rs = re + 1
			continue
		}
		if !ok || m < 2 || m < n-1 || m > n+1 {
			break
		}
		for i := 0; i < min(m, n); i++ {
			if i == joined && m >= 2 && raw[row[0].End] == ',' && row[0].End+1 < re && raw[row[0].End+1] == ' ' {
				// "Krämer, Luca, 12.04.2012": the pair under "Name, Vorname" is one name
				t.addField(keyPerson, row[0].Start, row[1].End)
				i++
				continue
			}
			t.addField(cols[i], row[i].Start, row[i].End)
		}
		rs = re + 1
	}
	return min(rs, len(raw)), true
}

// surnameKey reports a header cell that names the family name: name,
// nachname, familienname (folded).
func surnameKey(k []byte) bool {
	switch string(k) {
	case "name", "nachname", "familienname":
		return true
	}
	return false
}

// rule reports a table rule line: markdown (|---|:--|), psql
// (-----+-----) or MySQL (+-----+-----+).
func rule(b []byte) bool {
	for _, c := range b {
		if c != '|' && c != '-' && c != ':' && c != '+' && c != ' ' && c != '\r' {
			return false
		}
	}
	return len(b) > 0
}

// splitCells splits the line [s, e) at sep into cells (quotes and blanks
// trimmed), honouring double-quoted cells; ok is false when there are more
// cells than out holds or a quote is not closed.
func splitCells(raw []byte, s, e int, sep byte, out []Span) (int, bool) {
	n := 0
	cs := s
	for i := s; i <= e; i++ {
		if i < e && raw[i] == '"' && (i == cs || len(bytes.TrimSpace(raw[cs:i])) == 0) {
			j := bytes.IndexByte(raw[i+1:e], '"')
			if j < 0 {
				return n, false
			}
			i += j + 1
			continue
		}
		if i == e || raw[i] == sep {
			if n == len(out) {
				return n, false
			}
			a, b := cs, i
			for a < b && (raw[a] == ' ' || raw[a] == '\t' || raw[a] == '"') {
				a++
			}
			for b > a && (raw[b-1] == ' ' || raw[b-1] == '\t' || raw[b-1] == '\r' || raw[b-1] == '"') {
				b--
			}
			out[n] = Span{a, b}
			n++
			cs = i + 1
		}
	}
	return n, true
}

// fieldNames adds the names under person keys (fields); a value with a
// slash holds one name on each side ("Amra/Senad Bajramović" under
// "Eltern"). A finding of the word scan that crosses a name cell's bounds
// was read across cells or keys ("Amra<TAB>Hrnjić") and is dropped.
func (d *personDetector) fieldNames(t *Text, dst []Finding, n0 int) []Finding {
	fs := t.fields()
	if len(fs) == 0 {
		return dst
	}
	found := dst[n0:]
	slices.SortFunc(found, func(a, b Finding) int { return a.Start - b.Start })
	added := false
	for i, f := range fs {
		if f.class != keyPerson && f.class != keyPersonWeak {
			continue
		}
		strong := f.class == keyPerson || personRecord(t, fs, i)
		var names [4]Span
		n := 0
		parts := slashParts(t.Raw, f.val)
		if a, b, ok := d.fullNamePair(t, f.val); ok {
			parts = slices.Values([]Span{a, b})
		}
		for part := range parts {
			if n == len(names) {
				n = 0 // more than four: no list of names
				break
			}
			s, e, ok := d.fieldName(t, part, strong)
			if !ok {
				n = 0 // every part must be a name
				break
			}
			names[n] = Span{s, e}
			n++
		}
		if n == 0 {
			continue
		}
		k := sort.Search(len(found), func(k int) bool { return found[k].Start >= f.val.End })
		for n := 0; k > 0 && n < 4; n++ {
			k--
			g := &found[k]
			if g.End <= f.val.Start {
				break
			}
			if g.Start < f.val.Start || g.End > f.val.End {
				g.Score = 0
			}
		}
		for _, nm := range names[:n] {
			dst = append(dst, Finding{Type: "PERSON", Start: nm.Start, End: nm.End, Score: 0.85})
		}
		added = true
	}
	if !added {
		return dst
	}
	return dropZeroScores(dst, n0)
}

// fullNamePair splits a value of two full names joined by a comma ("Hakan
// Yıldırım, Derya Yıldırım" under "Eltern"): on each side a listed given
// name that is no ordinary word first, then a last word that is no given
// name alone. "Pereira Silva, Ana Maria" and "Yıldırım, Derya" are one name
// each: their first word is no given name, one word stands before the comma
// or the last is a given name.
func (d *personDetector) fullNamePair(t *Text, v Span) (Span, Span, bool) {
	raw, low := t.Raw, t.Lower()
	c := bytes.Index(raw[v.Start:v.End], []byte(", "))
	if c < 0 || bytes.IndexByte(raw[v.Start:v.End], '/') >= 0 {
		return Span{}, Span{}, false
	}
	c += v.Start
	a, b := Span{v.Start, c}, Span{c + 2, v.End}
	for b.Start < b.End && raw[b.Start] == ' ' {
		b.Start++
	}
	for b.End > b.Start && raw[b.End-1] == ' ' {
		b.End--
	}
	full := func(p Span) bool {
		we := wordEnd(raw, p.Start)
		if !isCap(raw, p.Start) || we >= p.End || raw[we] != ' ' || !isCap(raw, we+1) || bytes.IndexByte(raw[p.Start:p.End], ',') >= 0 {
			return false
		}
		// the last word no given name alone: not "Ana Maria"
		ls, le := prevWord(raw, p.End)
		return d.lx.flags(low[p.Start:we])&(wFirst|wNotName) == wFirst && le == p.End && ls > we && d.lx.flags(low[ls:le])&(wFirst|wLast) != wFirst
	}
	if !full(a) || !full(b) {
		return Span{}, Span{}, false
	}
	return a, b, true
}

// slashParts yields the parts of the value v between slashes, blanks
// trimmed (v itself when it has no slash).
func slashParts(raw []byte, v Span) iter.Seq[Span] {
	return func(yield func(Span) bool) {
		s := v.Start
		for s <= v.End {
			e := s + bytes.IndexByte(raw[s:v.End], '/')
			if e < s {
				e = v.End
			}
			a, b := s, e
			for a < b && raw[a] == ' ' {
				a++
			}
			for b > a && raw[b-1] == ' ' {
				b--
			}
			if !yield(Span{a, b}) {
				return
			}
			s = e + 1
		}
	}
}

// maxRecordGap bounds the bytes between two values of one record.
const maxRecordGap = 160

// personRecord reports whether the value fs[i] under a weak key ("name")
// stands in the record of a person: a birth date, a salutation (Anrede:
// Herr) or a given or family name is among the values next to it ("name": …, "geburtsdatum": …; a CSV row
// under Name,Vorname,Geb.-Datum). Such a record's name is a person's
// name whether or not the lexicons know its words.
func personRecord(t *Text, fs []field, i int) bool {
	v := fs[i].val
	for j := max(0, i-2); j < min(len(fs), i+3); j++ {
		if j == i || (fs[j].class != keyBirth && fs[j].class != keyPerson && fs[j].class != keySalutation) {
			continue
		}
		if fs[j].class == keySalutation && !salutationValue(t.Lower()[fs[j].val.Start:fs[j].val.End]) {
			continue // an empty or other Anrede cell ("Firma") says nothing
		}
		w := fs[j].val
		if w.Start >= v.End && w.Start-v.End <= maxRecordGap || w.End <= v.Start && v.Start-w.End <= maxRecordGap {
			return true
		}
	}
	return false
}

// fieldName reports whether the value v under a person key is a name and
// returns its span without leading titles: one to five words of letters
// (inner hyphens and apostrophes, initials with a dot, name particles in
// lower case, one comma: "Brandtner, Iris"), no institution word, no
// ordinary word that no name list has. Under a weak key (name, assignee) a
// word must be a known given name or surname, or the value must be a
// "Surname, Given" pair.
func (d *personDetector) fieldName(t *Text, v Span, strong bool) (int, int, bool) {
	raw, low := t.Raw, t.Lower()
	s, e := v.Start, v.End
	if e-s > 80 {
		return 0, 0, false
	}
	// a religious order's letters after the name are a title, outside the
	// span: "Pater Anselm Beckmann OSB", "Klaus Mertes SJ"
	if ps, pe := prevWord(raw, e); pe == e && ps > s+1 && raw[ps-1] == ' ' && isUpper(raw[ps]) && orderLetters[string(low[ps:pe])] {
		e = ps - 1
	}
	words, long, known, comma := 0, 0, 0, false
	for i := s; i < e; {
		switch raw[i] {
		case ' ':
			i++
			continue
		case ',':
			if comma || words == 0 {
				return 0, 0, false
			}
			comma = true
			i++
			continue
		}
		we := wordEnd(raw, i)
		if we == i {
			return 0, 0, false
		}
		initial := false
		for we < e && raw[we] == '.' { // H. / H.-J.
			_, n, _ := letterAt(raw, i)
			if we-i != n && !initial {
				return 0, 0, false
			}
			initial = true
			we++
			if we+1 < e && raw[we] == '-' {
				if k := wordEnd(raw, we+1); k > we+1 {
					we = k
				}
			}
		}
		if we < e && raw[we] != ' ' && raw[we] != ',' {
			return 0, 0, false
		}
		f := d.lx.flags(low[i:we])
		named := f&(wFirst|wLast) != 0
		switch {
		case initial:
		case !isCap(raw, i):
			if !particles[string(low[i:we])] {
				return 0, 0, false
			}
		case words == 0 && f&(wTitle|wSalutation) != 0 && !named:
			s = skipBlank(raw, we) // Dr. Anna Schmidt: the title stays outside
			i = s
			continue
		case f&(wOrg|wBody) != 0 && !named, f&(wNotName|wLabel|wTitle|wSalutation|wRelation) != 0 && !named:
			return 0, 0, false
		case named && f&wNotName == 0:
			known++
		}
		if !initial {
			long++
		}
		words++
		i = we
	}
	if words == 0 || words > 5 || long == 0 || s >= e {
		return 0, 0, false
	}
	if !strong && known == 0 && !(comma && words >= 2) {
		return 0, 0, false
	}
	return s, e, true
}

// orderLetters are the letters religious orders write after a member's
// name (Benedictines, Jesuits, Franciscans, Capuchins, Dominicans,
// Cistercians, Augustinians, Salesians, Steyler, Redemptorists, Pallottines,
// Carmelites, Premonstratensians), lower case.
var orderLetters = map[string]bool{"osb": true, "sj": true, "ofm": true, "ofmcap": true, "ofmconv": true, "op": true,
	"ocist": true, "osa": true, "sdb": true, "svd": true, "cssr": true, "sac": true, "ocd": true, "opraem": true, "msc": true}

// blankCells splits the line [s, e) into cells separated by a tab or two
// blanks and more (an aligned table, a form printed as text).
func blankCells(raw []byte, s, e int, out []Span) int {
	n := 0
	for i := s; i < e && n < len(out); {
		for i < e && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r') {
			i++
		}
		if i >= e {
			break
		}
		cs := i
		for i < e && raw[i] != '\t' && raw[i] != '\r' && !(raw[i] == ' ' && i+1 < e && raw[i+1] == ' ') {
			i++
		}
		out[n] = Span{cs, i}
		n++
	}
	return n
}

// labelAbove reports a labelled line of n cells right above the line that
// starts at p: its first cell a known key and its second cell at the
// column of the second cell at p. Such lines make a block of labelled
// lines (a form), not a table header with rows below.
func (t *Text) labelAbove(p, n int) bool {
	raw, low := t.Raw, t.Lower()
	if p < 2 || raw[p-1] != '\n' {
		return false
	}
	ps := bytes.LastIndexByte(raw[max(0, p-1-maxHeader):p-1], '\n') + 1 + max(0, p-1-maxHeader)
	var above, here [16]Span
	le := bytes.IndexByte(raw[p:min(len(raw), p+maxHeader)], '\n')
	if le < 0 {
		le = min(len(raw), p+maxHeader)
	} else {
		le += p
	}
	if blankCells(raw, ps, p-1, above[:]) != n || blankCells(raw, p, le, here[:]) != n || n < 2 ||
		fieldClass(low[above[0].Start:above[0].End]) == keyNone {
		return false
	}
	return utf8.RuneCount(raw[ps:above[1].Start]) == utf8.RuneCount(raw[p:here[1].Start])
}

// rowLabel reads a line that starts with the key [ks, ke) and holds its
// values after a tab or two blanks and more: "Name      Hrnjic, Amra
// Hrnjić, Amra", "Geburtsdatum<TAB>15.03.1985". The key cell may hold more
// words (Geb. Datum); no other cell of the line may be a known key (that is
// a table header).
func (t *Text) rowLabel(h, ks, ke int) (int, bool) {
	raw, low := t.Raw, t.Lower()
	p := ks
	for p > 0 && (raw[p-1] == ' ' || raw[p-1] == '\t') {
		p--
	}
	if p > 0 && raw[p-1] != '\n' {
		return 0, false
	}
	le := bytes.IndexByte(raw[h:min(len(raw), h+maxHeader)], '\n')
	if le < 0 {
		le = min(len(raw), h+maxHeader)
		if le < len(raw) {
			return 0, false
		}
	} else {
		le += h
	}
	var cells [16]Span
	n := blankCells(raw, p, le, cells[:])
	if n < 2 || cells[0].End < ke || cells[0].End-cells[0].Start > 40 {
		return 0, false
	}
	c := fieldClass(low[cells[0].Start:cells[0].End])
	if c == keyNone {
		return 0, false
	}
	digits := false
	for _, v := range cells[1:n] {
		if fieldClass(low[v.Start:v.End]) != keyNone {
			return 0, false
		}
		digits = digits || bytes.ContainsAny(raw[v.Start:v.End], "0123456789")
	}
	if !digits && le < len(raw) && !t.labelAbove(p, n) {
		// a header of an aligned table has rows of its shape below; a
		// block of labelled lines has another label there (or above:
		// "Name      Nasser\nVorname   Rania\nAnschrift …")
		ne := bytes.IndexByte(raw[le+1:min(len(raw), le+1+maxHeader)], '\n')
		if ne < 0 {
			ne = min(len(raw), le+1+maxHeader)
		} else {
			ne += le + 1
		}
		var next [16]Span
		if m := blankCells(raw, le+1, ne, next[:]); m == n && fieldClass(low[next[0].Start:next[0].End]) == keyNone {
			return 0, false
		}
	}
	for _, v := range cells[1:n] {
		t.addField(c, v.Start, v.End)
	}
	return le, true
}

// alignedFields reads a table whose columns are aligned with blanks: the
// header line [ls, le) has two cells and more separated by two blanks and
// more; a row's cell belongs to the header column that starts at or left of
// it (by character, not byte: umlauts are two bytes).
func (t *Text) alignedFields(ls, le int) (int, bool) {
	raw, low := t.Raw, t.Lower()
	var hdr [32]Span
	n := blankCells(raw, ls, le, hdr[:])
	if n < 2 {
		return 0, false
	}
	var cols [32]keyClass
	var at [32]int
	any := false
	for i := range n {
		c := hdr[i]
		if c.End-c.Start > 48 || bytes.ContainsAny(raw[c.Start:c.End], "0123456789@:<>{}=()") {
			return 0, false
		}
		cols[i] = fieldClass(low[c.Start:c.End])
		at[i] = utf8.RuneCount(raw[ls:c.Start])
		any = any || cols[i] != keyNone
	}
	if !any {
		return le, true
	}
	var row [32]Span
	rs := le + 1
	for rows := 0; rs < len(raw) && rows < maxTableRows; rows++ {
		re, ok := rowEnd(raw, rs)
		if !ok {
			break
		}
		m := blankCells(raw, rs, re, row[:])
		if m < 2 {
			break
		}
		// a cell belongs to the nearest header column right of the last
		// cell's (rows pasted from proportional fonts are off by a few
		// characters); a row with the header's cell count goes in order
		col := -1
		for ci, v := range row[:m] {
			if m == n {
				t.addField(cols[ci], v.Start, v.End)
				continue
			}
			x := utf8.RuneCount(raw[rs:v.Start])
			j := col + 1
			if j >= n {
				break
			}
			for j+1 < n && abs(at[j+1]-x) < abs(at[j]-x) {
				j++
			}
			col = j
			// a cell far right of its column's start, reaching into the next
			// column, is no cell of it
			if at[j] <= x+4 && (j+1 == n || utf8.RuneCount(raw[rs:v.End]) <= at[j+1]+2) {
				t.addField(cols[j], v.Start, v.End)
			}
		}
		rs = re + 1
	}
	return min(rs, len(raw)), true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// rowEnd returns the end of the table row that starts at rs: its line break,
// or the end of the text; false when the row is longer than maxHeader.
func rowEnd(raw []byte, rs int) (int, bool) {
	re := bytes.IndexByte(raw[rs:min(len(raw), rs+maxHeader)], '\n')
	if re >= 0 {
		return rs + re, true
	}
	return len(raw), len(raw)-rs <= maxHeader
}

// salutationValue reports the value of an Anrede field that only a person
// has (folded): Herr, Frau, Mr, Mrs, Ms.
func salutationValue(v []byte) bool {
	switch string(v) {
	case "herr", "frau", "herrn", "mr", "mrs", "ms", "mr.", "mrs.", "ms.":
		return true
	}
	return false
}

// keyRemark reports a header cell of words with one remark in brackets at
// its end, as a comma-separated header may have it ("Partei (Vorschlag
// durch)"): a word before " (", the cell ends with ")", and nothing else of
// tableFields' bad bytes in it.
func keyRemark(c []byte) bool {
	i := bytes.Index(c, []byte(" ("))
	if i < 1 || c[len(c)-1] != ')' || !isLetter(c[0]) && c[0] < 0x80 {
		return false
	}
	return !bytes.ContainsAny(c[:i], "0123456789@:<>{}=()") && !bytes.ContainsAny(c[i+2:len(c)-1], "0123456789@:<>{}=()")
}

// animalKeys are keys of an animal's record (folded, letters only): beside
// them a weak key ("name") holds a pet's name, not a person's ("Bella",
// "Rocky" in a dog-tax import). A person's keys (halter, vorname) are
// read as before.
var animalKeys = map[string]bool{
	"rasse": true, "hunderasse": true, "katzenrasse": true, "tierart": true, "breed": true, "species": true,
	"chip": true, "chipnummer": true, "chipnr": true, "transponder": true, "transpondernummer": true,
	"tiergattung": true, "geschlechttier": true, "wurftag": true, "kastriert": true,
}

// animalKey reports whether the key b (any case, with '_', '-' or digits)
// is one of animalKeys.
func animalKey(b []byte) bool {
	var buf [24]byte
	k := buf[:0]
	for _, c := range b {
		switch {
		case isLowerASCII(c) || c >= 0x80:
			if len(k) == cap(k) {
				return false
			}
			k = append(k, c)
		case isUpper(c):
			if len(k) == cap(k) {
				return false
			}
			k = append(k, c+'a'-'A')
		}
	}
	return animalKeys[string(k)]
}

// animalHeader reports a table header with a column of animalKeys and
// none of an owner's contact (contactKey, a birth date).
func animalHeader(low []byte, hdr []Span) bool {
	animal := false
	for _, c := range hdr {
		if contactKey(low[c.Start:c.End]) {
			return false
		}
		animal = animal || animalKey(low[c.Start:c.End])
	}
	return animal
}

// contactKey reports a key of an owner's contact or identity (folded,
// letters only compared): a record with it is a person's, whatever animal
// key stands beside ("name", "rasse", "strasse": the owner's name).
func contactKey(b []byte) bool {
	var buf [32]byte
	k := buf[:0]
	for _, c := range b {
		if isLowerASCII(c) || c >= 0x80 {
			if len(k) == cap(k) {
				return false
			}
			k = append(k, c)
		} else if isUpper(c) {
			if len(k) == cap(k) {
				return false
			}
			k = append(k, c+'a'-'A')
		}
	}
	switch string(k) {
	case "plz", "ort", "wohnort", "tel", "iban", "handy", "mobil", "anschrift", "adresse", "address", "email":
		return true
	}
	for _, suf := range [...]string{"strasse", "straße", "street", "telefon", "phone", "mail", "adresse", "geburtsdatum", "birth"} {
		if bytes.HasSuffix(k, []byte(suf)) {
			return true
		}
	}
	return false
}

// animalObject reports whether the JSON object around the quoted key at ks
// (from its '{' to its '}', each within maxRecordGap bytes and no other
// brace between) has a quoted key of animalKeys and none of a person's name.
func animalObject(low []byte, ks int) bool {
	ob := -1
	for i := ks - 1; i >= 0 && ks-i <= maxRecordGap; i-- {
		if low[i] == '{' {
			ob = i
			break
		}
		if low[i] == '}' || low[i] == '[' || low[i] == ']' {
			return false
		}
	}
	if ob < 0 {
		return false
	}
	in, animal := false, false
	ksq := 0
	for i := ob + 1; i < len(low) && i-ks <= maxRecordGap; i++ {
		switch low[i] {
		case '{', '}':
			return animal
		case '"':
			if !in {
				in, ksq = true, i+1
				continue
			}
			in = false
			if j := skipBlank(low, i+1); j < len(low) && low[j] == ':' {
				if fieldClass(low[ksq:i]) == keyPerson || contactKey(low[ksq:i]) {
					return false // the owner's record: "vorname", "strasse", "email" beside it
				}
				animal = animal || animalKey(low[ksq:i])
			}
		case '\\':
			i++
		}
	}
	return animal
}

// animalHeaderLine reports a header line around i with a cell of animalKeys
// ("Name;Rasse;Chip", "Name | Tierart | Alter"): its Name column holds pets.
// It reads maxHeader bytes on either side of i at most, from a word's
// start: on one long line ("Hund: Rasse Labrador, Name: Bello" 3 800 times)
// each "Name" read the line from its start, 2.4 s for 128 KB.
func animalHeaderLine(t *Text, i int) bool {
	raw := t.Raw
	ls := t.lineStart(i)
	if ls < i-maxHeader {
		ls = i - maxHeader
		for ls < i && (isLetter(raw[ls]) || raw[ls] >= 0x80 || raw[ls] == '_' || raw[ls] == '-') {
			ls++ // the cut word's rest
		}
	}
	le := bytes.IndexByte(raw[i:min(len(raw), i+maxHeader)], '\n')
	if le < 0 {
		le = min(len(raw), i+maxHeader)
	} else {
		le += i
	}
	animal := false
	for s := ls; s < le; {
		for s < le && !isLetter(raw[s]) && raw[s] < 0x80 {
			s++
		}
		e := s
		for e < le && (isLetter(raw[e]) || raw[e] >= 0x80 || raw[e] == '_' || raw[e] == '-') {
			e++
		}
		if e > s && animalKey(raw[s:e]) {
			animal = true
		}
		if e > s && (fieldClass(t.Lower()[s:e]) == keyPerson || contactKey(raw[s:e])) {
			return false // Name;Vorname;Rasse, Name;Rasse;Telefon: the owner's name
		}
		s = e
	}
	return animal
}
