package detectors

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// CASE_REFERENCE: reference numbers of files and proceedings about persons.
// Two ways in: a label (Az., Aktenzeichen, Geschäftszeichen, Kassenzeichen,
// BG-Nummer, Vorgangsnummer, Personalakte … in lexicons/case_labels.txt)
// followed by a value that contains a digit, and court docket numbers without
// a label (2 K 1234/25, L 7 AS 123/24 B ER, 123 Js 456/24). Drucksachen,
// Vorlagen, Haushaltsstellen, invoice/order/ticket numbers and legal
// citations have other labels and no register letters, so they never match.
// labels and weak are the lexicon lists case_labels and case_labels_weak,
// looked up once: a lookup per scan read a cold map (perf40c).
type caseRefDetector struct {
	lx           *Lexicons
	labels, weak []string
}

func newCaseRef(lx *Lexicons) *caseRefDetector {
	return &caseRefDetector{lx: lx, labels: lx.mustList("case_labels"), weak: lx.mustList("case_labels_weak")}
}

var _ Detector = (*caseRefDetector)(nil)

// NewCaseReference returns the CASE_REFERENCE detector.
func NewCaseReference() Detector { return newCaseRef(DefaultLexicons()) }

func (d *caseRefDetector) withLexicons(lx *Lexicons) Detector { return newCaseRef(lx) }

func (d *caseRefDetector) Type() string { return "CASE_REFERENCE" }

// Keywords are the labels, "nr." (Beihilfeantrag Nr.), "/" (every docket
// number has a slash) and ":" (compound labels: Meldevorgang:, Grabakte:).
func (d *caseRefDetector) Keywords() []string {
	kws := append([]string{}, d.lx.mustList("case_labels")...)
	kws = append(kws, d.lx.mustList("case_labels_weak")...)
	kws = append(kws, "nr.", "nr:", "/", ":", "bverwg", "bayvgh", "bamf", "migration und flüchtlinge", "owi") // ':' for compound labels (Meldevorgang:)
	kws = append(kws, "insert into")                                                                          // a person's row with a number's column (vormerk_nr): personRow

	return append(kws, caseKeys...)
}

// caseKeys are the record keys of references (keyWords of class keyCase:
// PersNr, Fallnr, Kassenz): a table under such a header is read even when
// no label of case_labels.txt and no ':' or '/' stands in the text, as in a
// pasted TSV export ("PersNr<TAB>Name<TAB>…").
var caseKeys = func() []string {
	var ks []string
	for k, c := range keyWords {
		if c == keyCase && len(k) >= 2 {
			ks = append(ks, k)
		}
	}
	// and a Wohnberechtigungsschein's column (a psql table under "wbs_nr" has
	// no ':' or '/' to start the detector; round 53, blind36 071); not the
	// other weak keys, words of every other sentence (Antrag, Fall)
	ks = append(ks, "wbs")
	slices.Sort(ks)
	return ks
}()

// compoundFileHeads end compound labels of a file before its colon.
var compoundFileHeads = []string{"vorgang:", "akte:", "verfahren:"}

// fileHeads are the words a compound ends with when "Nr." after it numbers a
// file about a person: Beihilfeantrag Nr., Bußgeldbescheid Nr., UVG-Akte Nr.,
// Verwarnung Nr., Fundanzeige Nr., an applicant's Bewerbung Nr. (round 66)
// (not Rechnung Nr., Vorlage Nr., Drucksache Nr., Zimmer Nr.).
var fileHeads = []string{"antrag", "akte", "vorgang", "verfahren", "bescheid", "fall", "verwarnung", "beurkundung", "anzeige",
	"berechtigungsschein", "bewerbung"}

// registerWords name the registers of a Standesamt, whose entries are
// numbered with the register's letter ("Sterbeurkunde Standesamt Lindenau
// Nr. S 0188/2011").
var registerWords = [...]string{"standesamt", "urkunde", "register"}

// registerEntry reports a register entry after the "Nr." at h whose value
// starts at e: one capital, a space, a serial, a slash and a year, with a
// register word in the 60 bytes before h on its line.
func registerEntry(raw, low []byte, h, e int) bool {
	k := skipBlank(raw, e)
	if k+1 >= len(raw) || !isUpper(raw[k]) || raw[k+1] != ' ' {
		return false
	}
	d := digitsAt(raw, k+2)
	if d-(k+2) < 1 || d-(k+2) > 6 || d >= len(raw) || raw[d] != '/' {
		return false
	}
	if y := digitsAt(raw, d+1) - (d + 1); y != 2 && y != 4 {
		return false
	}
	a := max(0, h-60)
	if nl := bytes.LastIndexByte(raw[a:h], '\n'); nl >= 0 {
		a += nl + 1
	}
	for _, w := range registerWords {
		if bytes.Contains(low[a:h], []byte(w)) {
			return true
		}
	}
	return false
}

// fileHead reports whether the word before the "Nr." at h ends with one of
// fileHeads ("fall" only as a word of its own: not Unfall).
func fileHead(raw, low []byte, h int) bool {
	if h >= 2 && raw[h-1] == '(' && raw[h-2] == ' ' {
		h-- // "BAMF-Berechtigungsschein (Nr. BS-2026-551823)"
	}
	ps, pe := prevWord(raw, h)
	if pe-ps < 4 || pe != h-1 && pe != h {
		return false
	}
	w := bytes.TrimSuffix(low[ps:pe], []byte("-")) // "Schülerakte-Nr.": the compound's hyphen before Nr.
	for _, hd := range fileHeads {
		if bytes.HasSuffix(w, []byte(hd)) && (hd != "fall" || len(w) == 4) {
			return true
		}
	}
	return false
}

// houseStyleOnly reports the weak labels that name a file only before a
// house-style number (houseStyle): an English "reference" or "case" names a
// hotel's, a ticket's or a shop's number too, a Förderkennzeichen a federal
// programme's.
func houseStyleOnly(kw string) bool {
	return kw == "reference" || kw == "reference is" || kw == "case" || kw == "förderkennzeichen" || kw == "zeichen" ||
		kw == "gave me the number" || kw == "gave us the number"
}

// refShaped reports whether v, the value after a weak label, looks like a
// reference and not like a word, a count, a year or a date: one token of at
// least five bytes with a digit and either a letter or a separator, or six
// digits and more.
func refShaped(v []byte) bool {
	if len(v) < 5 || bytes.IndexByte(v, ' ') >= 0 {
		return false
	}
	digits, letters, seps := 0, 0, 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case c == '-' || c == '/' || c == '.' || c == '_':
			seps++
		default:
			letters++
		}
	}
	if digits == 0 || looksLikeDate(v) || paymentCode(v) {
		return false
	}
	return letters+seps > 0 || digits >= 6
}

// registerRef reports a reference with its register letters before it,
// "UV 51.3-2231/24", "E 114/2025": one to four capitals, a space, a
// reference-shaped rest. An office's letters and its town's may stand
// before it as two such groups, as a police presidium writes its
// Vorgangsnummer ("PP MZ 2026-0216-0447", "PI KL 2611-0083-9").
func registerRef(v []byte) bool {
	sp := bytes.IndexByte(v, ' ')
	if sp < 1 || sp > 4 || !allUpper(v[:sp]) {
		return false
	}
	rest := v[sp+1:]
	if sp2 := bytes.IndexByte(rest, ' '); sp2 >= 2 && sp2 <= 4 && allUpper(rest[:sp2]) {
		rest = rest[sp2+1:] // the town's letters after the office's
	}
	return refShaped(rest)
}

// looksLikeDate reports d.m.yy(yy) and yyyy-mm-dd forms.
func looksLikeDate(v []byte) bool {
	parts := bytes.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '-' || r == '/' })
	if len(parts) != 3 || !allDigits(parts[0]) || !allDigits(parts[1]) || !allDigits(parts[2]) {
		return false
	}
	// d.m.yy(yy): the year has two or four digits ("50-4-0231788" is a
	// BG-Nummer, not a date); a day above 31 or a month above 12 is none
	// ("UV 51.4-0933": an Aktenplan's group and a serial; round 70, blind45 071)
	y := len(parts[2])
	if len(parts[0]) <= 2 && len(parts[1]) <= 2 && (y == 2 || y == 4) {
		return atoiSmall(parts[0]) <= 31 && atoiSmall(parts[1]) <= 12
	}
	return len(parts[0]) == 4 && len(parts[1]) <= 2 && y <= 2 && atoiSmall(parts[1]) <= 12 && atoiSmall(parts[2]) <= 31
}

// courtRegisters are register letters of German courts and prosecutors.
var courtRegisters = map[string]bool{
	"a": true, "ar": true, "as": true, "ay": true, "b": true, "bv": true, "bvr": true, "bvl": true, "c": true, "ca": true,
	"cs": true, "d": true, "ds": true, "e": true, "f": true, "fh": true, "g": true, "h": true, "ie": true, "iii": true,
	"j": true, "js": true, "k": true, "kr": true, "ks": true, "l": true, "ls": true, "m": true, "n": true, "ns": true,
	"o": true, "ob": true, "ogs": true, "ow": true, "p": true, "qs": true, "r": true, "s": true, "sa": true, "sb": true,
	"so": true, "t": true, "u": true, "ua": true, "up": true, "ur": true, "v": true, "vi": true, "ws": true, "x": true,
	"xa": true, "azr": true, "abr": true, "sgb": false, "ta": true, "tabv": true, "ba": true, "bs": true, "kl": true,
	"ar-j": true, "wf": true, "in": true, "ik": true, "iz": true, "ve": true, "ze": true, "zr": true, "zb": true, "nc": true,
	// prosecutors (UJs: unknown suspect, Gs: investigating judge, VRs:
	// enforcement, Zs, BRs) and the roman registers of the Amtsgericht
	// (XVII Betreuung, XIV Freiheitsentziehung, VI/IV Nachlass, II)
	"ujs": true, "gs": true, "vrs": true, "zs": true, "brs": true, "ss": true, "owi": true, "uf": true,
	"xvii": true, "xiv": true, "xv": true, "iv": true, "ii": true, "vii": true,
	"bt": true, // Betreuungssachen, as some Amtsgerichte and Betreuungsbehörden write it ("50-32 Bt 1198/25")
	// the Oberverwaltungsgerichte's appeals, applications and judicial
	// reviews of by-laws ("9 KN 244/17", "12 LB 41/19", "4 LA 208/20", "13 ME 7/21", "3 Bf 88/20")
	"kn": true, "lb": true, "la": true, "lc": true, "me": true, "mn": true, "bf": true, "pa": true, "pb": true,
}

// orderWords mark invoices and orders: a Kundennummer of digits only near
// one is a firm's customer number (not a case), while the Jobcenter's
// Kundennummer (123D456789) always counts.
var orderWords = []string{"rechnung", "bestell", "liefer", "auftragsbestätigung", "lieferschein"}

// deliverVerb reports the verb "liefert", "lieferte(n)" or "liefern" at
// [j, k) ("liefer" found there) as its own word: in a ticket what an
// interface or a program returns. "geliefert", "Lieferung", "Lieferschein"
// stay words of an order.
func deliverVerb(low []byte, j, k int) bool {
	if j > 0 && (isLetter(low[j-1]) || low[j-1] >= 0x80) {
		return false
	}
	for _, end := range [...]string{"t", "te", "ten", "n"} {
		if hasPrefixAt(low, k, end) && (k+len(end) == len(low) || !isLetter(low[k+len(end)]) && low[k+len(end)] < 0x80) {
			return true
		}
	}
	return false
}

// orderContext reports an order word within 200 bytes around i.
func orderContext(low []byte, i int) bool {
	win := low[max(0, i-200):min(len(low), i+200)]
	for _, w := range orderWords {
		for k := 0; k < len(win); {
			j := bytes.Index(win[k:], []byte(w))
			if j < 0 {
				break
			}
			j += k
			k = j + len(w)
			if w == "bestell" && j > 0 && isLetter(win[j-1]) && stelleEnd(win, k) {
				continue // "Gewerbestelle", "Erbestelle" end in "…be|stelle": an office, no order
			}
			if w == "rechnung" && calculation(win, j) {
				continue // "Lohnabrechnung", "Berechnung", "Anrechnung": a calculation, no invoice
			}
			if w == "liefer" && deliverVerb(win, j, k) {
				continue // "GET /antraege/WG-2026-04417 liefert …": what a program returns, no delivery
			}
			return true
		}
	}
	return false
}

// calcPrefixes turn "rechnung" into a calculation: Abrechnung, Berechnung,
// Anrechnung, Verrechnung, Umrechnung, Zurechnung.
var calcPrefixes = [...]string{"ab", "be", "an", "ver", "um", "zu"}

// calculation reports one of calcPrefixes right before "rechnung" at j.
func calculation(b []byte, j int) bool {
	for _, p := range calcPrefixes {
		if j >= len(p) && string(b[j-len(p):j]) == p {
			return true
		}
	}
	return false
}

// stelleEnd reports "e" or "en" and a word end at k: the rest of "stelle(n)".
func stelleEnd(b []byte, k int) bool {
	if k < len(b) && b[k] == 'e' {
		k++
		if k < len(b) && b[k] == 'n' {
			k++
		}
		return k >= len(b) || !isLetter(b[k]) && b[k] < 0x80
	}
	return false
}

func (d *caseRefDetector) Scan(t *Text, dst []Finding) []Finding {
	raw, low := t.Raw, t.Lower()
	n0 := len(dst)
	tbl := tables{aligned: true} // a column under its label in a fixed-width export too
	labels := d.labels
	for i, hits := range t.listHitsAt(caseLabelsSlot, labels) {
		kw := labels[i]
		for _, h := range hits {
			if !isWordStartAt(raw, h) || h > 0 && (raw[h-1] == '=' || raw[h-1] == '/') {
				continue // inside a value ("?aktenzeichen=AZ-2025-1187", "/az/…")
			}
			e := h + len(kw)
			if kw[len(kw)-1] != '.' && e < len(raw) && (isLetter(raw[e]) || raw[e] >= 0x80) {
				// the label must end here (Aktenzeichen, not Aktenzeichenverwaltung),
				// except for suffixes like -nr, -nummer handled as their own labels
				continue
			}
			// a table header: "Pers.-Nr. | Name | …", the cells below are references
			if column(raw, low, h, &tbl, &dst, n0) || columnOnly(kw) {
				continue
			}
			e = remarkAfter(raw, e) // "Kassenzeichen (wird vergeben): …"
			if k := skipBlank(raw, e); k > e && hasPrefixAt(low, k, "dort") && (byteAt(raw, k+4) == ' ' || byteAt(raw, k+4) == ':') {
				e = k + 4 // "Az. dort 48.05-2026-4417": the other office's file number
			}
			// "lautet", "ist", "is": the value follows the verb
			k := skipBlank(raw, e)
			for _, v := range []string{"lautet ", "lauten ", "ist ", "sind ", "war ", "is "} {
				if hasPrefixAt(low, k, v) {
					e = k + len(v)
					break
				}
			}
			// "Die Personalakte ist angelegt unter PA 11-4402", "Aktenzeichen der Pflegekasse
			// PK-24-0788123", "Mein Zeichen bei Ihnen war APA-2024-3317"
			var ok bool
			e, _, _, ok = valueAfter(raw, low, e, underValue, ownerAfter, verbValue, haveValue, trackedValue, fillerValue)
			if !ok {
				e = phraseColon(raw, e) // "Kassenzeichen für den Bescheid: …", "Vorgangsnummer aus dem Portal: …"
			}
			// a parameter of a URL query ("?aktenzeichen=123 HTTP/1.1"):
			// one token, shaped like a reference
			query := h > 0 && (raw[h-1] == '?' || raw[h-1] == '&')
			for n := 0; n < 4; n++ {
				s, ve, ok := caseValue(raw, low, e)
				if !ok {
					break
				}
				if query {
					if sp := bytes.IndexByte(raw[s:ve], ' '); sp >= 0 {
						ve = s + sp
					}
					if !refShaped(raw[s:ve]) {
						break
					}
				}
				if kw == "kundennummer" && allDigits(raw[s:ve]) && orderContext(low, h) {
					break // a customer number on an invoice or order, not a case
				}
				if (kw == "kunden-nr." || kw == "kundennr." || kw == "kd.-nr." || kw == "kd.nr.") && !jobcenterCustomer(raw[s:ve]) {
					break // a firm's customer number; the Jobcenter's is 123D456789
				}
				if rvnrShaped(raw[s:ve]) {
					break // a pension insurance number that failed its check digit
				}
				if s == h+len(kw)+1 && raw[s-1] == '-' && ve-s <= 3 && allDigits(raw[s:ve]) {
					break // "AZ-104", "AZ-900": an exam's or a product's code joined to the letters, no file
				}
				if paymentCode(raw[s:ve]) {
					break // "Vorgang: PAY-7781204", "INC-0012345": a payment or a ticket
				}
				if holdingNumber(raw[s:ve]) {
					break // "Registriernummer (VVVO): 03 453 007 0412": a farm's livestock holding, no file
				}
				if !covered(dst[n0:], s) {
					dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: ve, Score: 0.9})
				}
				if query {
					break
				}
				// lists: "… 4711/25 und 4712/25", "…, VG-2025-1187"
				k := ve
				if t := trackedValue(raw, low, skipBlank(raw, min(len(raw), ve+1))); byteAt(raw, ve) == ']' && t > ve+1 {
					e = t // "[Gelöscht: WG-7731-2025] [Eingefügt: WG-7731-2026]": the inserted value too
					continue
				}
				if k < len(raw) && raw[k] == ',' {
					k++
				}
				k = skipBlank(raw, k)
				comma := true
				if hasPrefixAt(low, k, "und ") {
					k, comma = k+4, false
				} else if hasPrefixAt(low, k, "sowie ") {
					k, comma = k+6, false
				} else if k == ve {
					break
				}
				if k >= len(raw) || !isAlnum(raw[k]) {
					break
				}
				if comma && !listedRef(raw, low, k) {
					break // "Pers.-Nr. 004718, FB 51 Sachbearbeiterin": an office after the number
				}
				e = k
			}
		}
	}
	// Weak labels (Vorgang, antrag=, Verwendungszweck) and "<file> Nr.":
	// one reference-shaped value right after them.
	weak := d.weak
	for li, hits := range t.listHitsAt(caseWeakSlot, weak) {
		kw := weak[li]
		for _, h := range hits {
			e := h + len(kw)
			if !isWordStartAt(raw, h) || e < len(raw) && (isLetter(raw[e]) || raw[e] >= 0x80) {
				continue
			}
			if e+1 < len(raw) && raw[e] == '-' && isLowerASCII(raw[e+1]) || h > 0 && raw[h-1] == '-' && h > 1 && isLowerASCII(raw[h-2]) {
				continue // "akte-api-7d9c6b5f4-2xkqp": a word of a lower-case identifier (a pod, a host), no label
			}
			if pathPlural(kw) && (e >= len(raw) || raw[e] != '/') {
				continue // a plural (antraege, vorgaenge) names a file only as a path's segment: "/antraege/WG-2026-07731"
			}
			// "Vorgang läuft unter VU-0613/25-SU", "Vorgang angelegt: 32.2-LHundG-2025-031"
			var s, ve int
			var ok bool
			e, s, ve, ok = valueAfter(raw, low, e, underValue, phraseColonStep, houseStyleStep, systemStep)
			if k := skipBlank(raw, e); k < len(raw) && raw[k] == ':' {
				// "Verwendungszweck:\nUV 51.3-2231/24": the value on the next line
				if k = skipBlank(raw, k+1); k < len(raw) && raw[k] == '\n' {
					e = k + 1
					s, ve, ok = caseValue(raw, low, e)
				}
			}
			if ok && kw[0] == 'u' && !lettered(raw[s:ve]) {
				continue // "unter der Nummer 0228 77-0", "116117": a telephone number
			}
			if kw == "verfahren" && (!ok || !houseStyle(raw[s:ve]) || !ownProcedure(low, h)) {
				continue // "Das Verfahren AES-256", "Im Verfahren LED-2025-001": a method or a tender, not a file
			}
			if ok && houseStyleOnly(kw) && (!houseStyle(raw[s:ve]) || kw == "reference" && hasSuffixAt(low, h, "booking ")) {
				continue // "Reference: HP-771204", "booking reference TI-2027-0514", "Förderkennzeichen 67K22117"
			}
			if ok && kw == "antrag" && formCode(raw[s:ve]) {
				continue // "Antrag R0100 aufgenommen": the pension insurance's form, not a file
			}
			if ok && kw == "zeichen:" && !lettered(raw[s:ve]) && bytes.IndexByte(raw[s:ve], '/') < 0 {
				continue // "Zeichen: 1.200": a count of characters
			}
			if ok && (refShaped(raw[s:ve]) || registerRef(raw[s:ve]) || spacedHouseStyle(raw[s:ve])) && !rvnrShaped(raw[s:ve]) && !orderContext(low, h) && !covered(dst[n0:], s) {
				dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: ve, Score: 0.8})
			}
		}
	}
	// compounds whose last part names a file, before a colon: Meldevorgang:,
	// Grabakte:, Bußgeldverfahren: (the prefilter sees word starts only)
	for _, c := range t.Hits(":") { // the colons, not the whole text per head
		for _, head := range compoundFileHeads {
			h := c + 1 - len(head)
			if h < 0 || string(low[h:c+1]) != head {
				continue
			}
			if !isWordStartAt(raw, h) { // the word itself is a weak label above
				if s, ve, ok := caseValue(raw, low, h+len(head)); ok && (refShaped(raw[s:ve]) || registerRef(raw[s:ve])) && !orderContext(low, h) && !covered(dst[n0:], s) {
					dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: ve, Score: 0.8})
				}
			}
			break
		}
	}
	for i, hits := range t.listHitsAt(numberLabelsSlot, numberLabels) {
		kw := numberLabels[i]
		for _, h := range hits {
			if !fileHead(raw, low, h) && !registerEntry(raw, low, h, h+len(kw)) {
				continue
			}
			if s, ve, ok := caseValue(raw, low, h+len(kw)); ok && !covered(dst[n0:], s) {
				dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: ve, Score: 0.85})
			}
		}
	}
	// Docket numbers: NUMBER REGISTER NUMBER/YY around each slash.
	for i := 0; i < len(raw); {
		h := t.nextByte('/', i)
		if h < 0 {
			break
		}
		i = h + 1
		if s, e, ok := docket(raw, low, h); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.8})
		} else if s, e, ok := agencyRef(raw, h); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.75})
		} else if s, e, ok := owiRef(raw, low, h); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.75})
		} else if s, e, ok := bailiffRef(raw, h); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.75})
		} else if s, e, ok := fileCodeRef(raw, low, h); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.8})
		} else if s, e, ok := subjectRef(raw, low, h); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.75})
		}
	}
	// a file number in parentheses right after a person: "Herrn Kasprzak
	// (WG-2026-5521)"
	for i := 0; i < len(raw); {
		p := t.nextByte('(', i)
		if p < 0 {
			break
		}
		i = p + 1
		if s, e, ok := personRef(raw, low, p); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.75})
		}
	}
	// The Federal Administrative Court numbers its files with a dot before
	// the year: "BVerwG, Urteil vom 11.07.2018 – 1 C 18.17".
	for i, hits := range t.listHitsAt(dotCourtsSlot, dotCourts[:]) {
		court := dotCourts[i]
		for _, h := range hits {
			if s, e, ok := dotDocket(raw, h+len(court)); ok && !covered(dst[n0:], s) {
				dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.8})
			}
		}
	}
	// office file numbers without a label or slash: office, law or register
	// letters, serial — "50.3-AsylbLG-1187", "51-UMA-2025-014"
	for _, r := range t.DigitRuns() {
		if s, e, ok := bgNumber(raw, r.Start, r.End); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.85})
			continue
		}
		if n := r.End - r.Start; n < 2 || n > 3 || r.End >= len(raw) || raw[r.End] != '-' && raw[r.End] != '.' {
			continue
		}
		if s, e, ok := officeRef(raw, r.Start, r.End); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: officeCaps(raw, s), End: e, Score: 0.75})
		}
	}
	// The Federal Office for Migration numbers an asylum file with seven or
	// eight digits and the three-digit code of the country of origin:
	// "Das BAMF hat mit Bescheid vom 14.05.2024 (8724519-224) …".
	for i, hits := range t.listHitsAt(bamfLabelsSlot, bamfLabels) {
		kw := bamfLabels[i]
		for _, h := range hits {
			// a course participant's number after "BAMF-Kennziffer" in
			// prose ("BAMF-Kennziffer 421-2026-097731"), which has not the
			// asylum file's shape
			if s, e, ok := bamfKennziffer(raw, low, h+len(kw)); ok && !covered(dst[n0:], s) {
				dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.8})
			}
			// each number within reach of the one before: a column of
			// Kennziffern under a "BAMF-Kennziffer" header
			for k := h + len(kw); ; {
				s, e, ok := bamfRef(raw, k)
				if !ok {
					break
				}
				if !covered(dst[n0:], s) {
					dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.8})
				}
				k = e
			}
		}
	}
	// a fine proceedings' number without a slash: "Bußgeldverfahren OWi 2026-118734"
	for _, h := range t.keyHits(keyOWi) {
		if s, e, ok := owiSerial(raw, h); ok && !covered(dst[n0:], s) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.75})
		}
	}
	// values under a reference key of a record: "aktenzeichen": "…", a
	// Kassenzeichen column
	for _, f := range t.fields() {
		v := raw[f.val.Start:f.val.End]
		if (f.class == keyCase && fieldRef(v) || f.class == keyCaseWeak && (refShaped(v) || registerRef(v)) && lettered(v) && digitGroups(v) >= 2 && !isUUID(v) ||
			f.class == keyCaseStyle && houseStyle(v) && !paymentCode(v)) && !covered(dst[n0:], f.val.Start) {
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: f.val.Start, End: f.val.End, Score: 0.8})
		}
	}
	dst = pathRefs(t, dst, n0)
	return repeatedRefs(raw, dst, n0)
}

// pathRefs finds a file number that opens a folder's or a file's name in a
// path, joined to the rest by an underscore: "P:\\Jugendamt\\ASD\\2019\\51.2-0417-19_Krause_Jonas\\…",
// "/Jugendamt/Fallakten/2026/JA-51.2-0887_Hilfeplan_….pdf". The number is
// an Aktenplan's: an office's one to four capitals and a hyphen or none,
// one to three digits, a dot, one or two digits (the file plan's group), a
// hyphen and a serial of three to five digits, then a year's or a part's
// digits after another hyphen or none; a path's separator before it and an
// underscore and a letter after it. A version ("/v2.1-1234_x"), a date
// and a bare year stay out: none has the dotted group and the serial.
func pathRefs(t *Text, dst []Finding, n0 int) []Finding {
	b := t.Raw
	next := 0
	for _, r := range t.DigitRuns() {
		if r.Start < next || r.End-r.Start > 3 || r.End+1 >= len(b) || b[r.End] != '.' || r.Start == 0 {
			continue
		}
		s := r.Start
		if p := b[s-1]; p == '-' {
			k := s - 1
			for k > 0 && s-1-k < 4 && isUpper(b[k-1]) {
				k--
			}
			if k == s-1 || k == 0 || b[k-1] != '/' && b[k-1] != '\\' {
				continue
			}
			s = k
		} else if p != '/' && p != '\\' {
			continue
		}
		g := digitsAt(b, r.End+1)
		if g-r.End-1 < 1 || g-r.End-1 > 2 || g >= len(b) || b[g] != '-' {
			continue
		}
		e := digitsAt(b, g+1)
		if e-g-1 < 3 || e-g-1 > 5 || e >= len(b) {
			continue
		}
		if b[e] == '-' {
			y := digitsAt(b, e+1)
			if y-e-1 < 2 || y-e-1 > 4 || y >= len(b) {
				continue
			}
			e = y
		}
		next = e
		if b[e] != '_' || e+1 >= len(b) || !isLetter(b[e+1]) && b[e+1] < 0x80 || covered(dst[n0:], s) {
			continue
		}
		dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.75})
	}
	return dst
}

// Bounds of repeatedRefs: the findings it repeats and the bytes around each
// in which it looks, so that its cost stays linear in the text.
const (
	repeatRefs  = 32
	repeatReach = 4096
)

// repeatedRefs finds a reference found with its label again where the text
// repeats it without one: "Antrag Nr. SA 17/2026" … "wegen Ehrverletzung
// (SA 17/2026)", "Unser Zeichen: 50/3-AsylbLG-1187" … "Verwendungszweck:
// Miete Ahmadi 50/3-AsylbLG-1187", "Ihr Az. 502.26.097.112.8" …
// "Bußgeldbescheid 502.26.097.112.8". The same string as a whole token
// (no letter, digit or joined separator on either side), within
// repeatReach bytes of the first, of six bytes or more with five digits (a
// protocol's "HTTP/2.0" found in one line of a log is not spread over the
// others); the first repeatRefs findings are repeated.
func repeatedRefs(raw []byte, dst []Finding, n0 int) []Finding {
	n1 := len(dst)
	for i := n0; i < n1 && i < n0+repeatRefs; i++ {
		f := dst[i]
		v := raw[f.Start:f.End]
		if len(v) < 6 || digitCount(v) < 5 {
			continue // "HTTP/2.0" in a log's every line
		}
		lo, hi := max(0, f.Start-repeatReach), min(len(raw), f.End+repeatReach)
		for k := lo; k < hi; {
			j := bytes.Index(raw[k:hi], v)
			if j < 0 {
				break
			}
			s := k + j
			e := s + len(v)
			k = s + 1
			if s == f.Start || !refTokenEdge(raw, s-1, s-2) || !refTokenEdge(raw, e, e+1) || overlapsAny(dst[n0:], s, e) {
				continue
			}
			// above an unlabelled phone number's 0.8: the same digits named a
			// file with their label ("Az. 01274-26-14" … "Für das Vorhaben
			// 01274-26-14"), which a telephone number never is
			dst = append(dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.85})
		}
	}
	return dst
}

// digitCount counts the ASCII digits of v.
func digitCount(v []byte) int {
	n := 0
	for _, c := range v {
		if isDigit(c) {
			n++
		}
	}
	return n
}

// refTokenEdge reports that the byte at i ends a token there: the text's
// edge, or no letter, digit or underscore, and no separator (- / .) with a
// letter or digit at j beyond it.
func refTokenEdge(raw []byte, i, j int) bool {
	if i < 0 || i >= len(raw) {
		return true
	}
	c := raw[i]
	if isLetter(c) || isDigit(c) || c == '_' || c >= 0x80 {
		return false
	}
	if c == '-' || c == '/' || c == '.' {
		return j < 0 || j >= len(raw) || !(isLetter(raw[j]) || isDigit(raw[j]) || raw[j] >= 0x80)
	}
	return true
}

// listedRef reports whether the value at k, after a comma that follows a
// reference, is a further reference: one token, or a docket with a slash.
// An office or unit after the number ("FB 51", "Amt 32") has a space and
// no slash.
func listedRef(raw, low []byte, k int) bool {
	s, e, ok := caseValue(raw, low, k)
	return ok && (bytes.IndexByte(raw[s:e], ' ') < 0 || bytes.IndexByte(raw[s:e], '/') >= 0)
}

// dotDocket finds "N REG N.YY" (1 C 18.17, 2 B 3.20) or Bavaria's "N REG
// YY.N" (15 ZB 19.1069) within the clause
// after i (80 bytes, up to a ';', a line break or a closing parenthesis).
func dotDocket(raw []byte, i int) (int, int, bool) {
	end := min(len(raw), i+80)
	for k := i; k < end; k++ {
		c := raw[k]
		if c == ';' || c == '\n' || c == ')' {
			return 0, 0, false
		}
		if !isDigit(c) || k > 0 && isAlnum(raw[k-1]) {
			continue
		}
		p := digitsAt(raw, k)
		if p-k > 2 || p+1 >= len(raw) || raw[p] != ' ' {
			continue
		}
		r := p + 1
		q := r
		for q < len(raw) && q-r < 3 && isUpper(raw[q]) {
			q++
		}
		if q == r || q >= len(raw) || raw[q] != ' ' {
			continue
		}
		n := digitsAt(raw, q+1)
		if n-q-1 < 1 || n-q-1 > 4 || n+3 > len(raw) || raw[n] != '.' {
			continue
		}
		y := digitsAt(raw, n+1)
		// serial.year (BVerwG "1 C 18.17") or year.serial (BayVGH "15 ZB 19.1069")
		if !(y-n-1 == 2 || n-q-1 == 2 && y-n-1 >= 3 && y-n-1 <= 5) || y < len(raw) && (isAlnum(raw[y]) || raw[y] == '.' && y+1 < len(raw) && isDigit(raw[y+1])) {
			continue
		}
		return k, y, true
	}
	return 0, 0, false
}

// fieldRef reports whether v, a value under a reference key, is a
// reference: at most three words of letters, digits and . / - _ : with
// three digits and more, no date, no form blank (____/____).
func fieldRef(v []byte) bool {
	if len(v) < 3 || len(v) > 48 || bytes.Contains(v, []byte("__")) || looksLikeDate(v) || paymentCode(v) {
		return false
	}
	digits, blanks := 0, 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case c == ' ':
			blanks++
		case isLetter(c) || c == '.' || c == '/' || c == '-' || c == '_' || c == ':':
		default:
			return false
		}
	}
	return digits >= 3 && blanks <= 2
}

// column adds the cells below the label at h as references when h is a
// header cell of a table (tab, '|' or ';' separated) and a cell is one whole
// reference value. It reports whether it added any.
func column(raw, low []byte, h int, tbl *tables, dst *[]Finding, n0 int) bool {
	n := len(*dst)
	for _, c := range tbl.cells(raw, h) {
		s, e, ok := caseValue(raw, low, c.Start)
		if !ok || s != c.Start || e != c.End || covered((*dst)[n0:], s) || paymentCode(raw[s:e]) {
			continue
		}
		*dst = append(*dst, Finding{Type: "CASE_REFERENCE", Start: s, End: e, Score: 0.85})
	}
	return len(*dst) > n
}

// columnOnly reports a label that names a file only as a table's header:
// a lost-property office's number in a list of what was found, with its
// finders and owners ("Fund-Nr.\tEingang\t…\tFinder"); after it in a line
// it numbers a public notice's item ("Fund-Nr. 2025-311: Damenfahrrad"),
// which names no one.
func columnOnly(kw string) bool {
	return kw == "fund-nr." || kw == "fundnummer" || kw == "fund-nummer"
}

// bamfKennziffer reads the reference-shaped value right after "-Kennziffer"
// (or " Kennziffer") at e, the end of "BAMF": digits in groups with
// separators, no bare count ("BAMF-Kennziffer 12" stays none).
func bamfKennziffer(raw, low []byte, e int) (int, int, bool) {
	if e+11 > len(raw) || raw[e] != '-' && raw[e] != ' ' || !hasPrefixAt(low, e+1, "kennziffer") {
		return 0, 0, false
	}
	k := e + 11
	if k < len(raw) && (isLetter(raw[k]) || raw[k] >= 0x80) {
		return 0, 0, false // BAMF-Kennziffern: the plural heads a column, read below
	}
	s, ve, ok := caseValue(raw, low, k)
	if !ok || s > skipBlank(raw, k)+2 || !refShaped(raw[s:ve]) || digitGroups(raw[s:ve]) < 2 {
		return 0, 0, false
	}
	return s, ve, true
}

// paymentPrefixes open the identifiers of payments, orders, invoices and
// tickets ("PAY-7781204", "TXN-…", "INC0012345"), which a "Vorgang" column of
// a payment provider's or a help desk's export holds: no file about a person.
// (Not "RE", "RG", "PO", "ORD": offices abbreviate themselves so.)
var paymentPrefixes = [...]string{"pay", "payment", "txn", "trx", "order", "inv", "invoice", "inc", "req", "chg", "tkt", "ticket"}

// paymentCode reports a value that is such a prefix followed by a hyphen or
// digits.
// holdingNumber reports a livestock holding's registration number under the
// Viehverkehrsverordnung as veterinary offices write it: twelve digits in
// groups of 2, 3, 3 and 4 (Land, Kreis, Gemeinde, Betrieb: "03 453 007 0412"),
// optionally after "DE" or "276". It names a farm's holding in every
// register of animals, not an office's file.
func holdingNumber(v []byte) bool {
	if bytes.HasPrefix(v, []byte("DE ")) {
		v = v[3:]
	} else if bytes.HasPrefix(v, []byte("276 ")) {
		v = v[4:]
	}
	if len(v) != 15 {
		return false
	}
	for i, c := range v {
		if i == 2 || i == 6 || i == 10 {
			if c != ' ' {
				return false
			}
		} else if !isDigit(c) {
			return false
		}
	}
	return v[0] <= '1' && !(v[0] == '0' && v[1] == '0') && (v[0] == '0' || v[1] <= '6') // Länder 01–16
}

func paymentCode(v []byte) bool {
	i := 0
	for i < len(v) && isLetter(v[i]) && v[i] < 0x80 {
		i++
	}
	if i == 0 || i == len(v) || !(v[i] == '-' || v[i] == '_' || isDigit(v[i])) {
		return false
	}
	w := bytes.ToLower(v[:i])
	for _, p := range paymentPrefixes {
		if string(w) == p {
			return true
		}
	}
	return false
}

// ownerAfter returns the position after the office a reference belongs to,
// right after a label ("Aktenzeichen der Pflegekasse …", "Geschäftszeichen
// des Jobcenters: …", "Kundennummer bei der AOK …", "Aktenzeichen für den
// Grundsteuerwert …"): an article and one or
// two capitalised words, followed by a reference-shaped value; e when there
// is none.
func ownerAfter(raw, low []byte, e int) int {
	k := skipBlank(raw, e)
	switch {
	case hasPrefixAt(low, k, "der "), hasPrefixAt(low, k, "des "), hasPrefixAt(low, k, "beim "):
		k = skipBlank(raw, wordEnd(raw, k))
	case hasPrefixAt(low, k, "bei der "), hasPrefixAt(low, k, "bei dem "):
		k = skipBlank(raw, k+8)
	case hasPrefixAt(low, k, "für den "), hasPrefixAt(low, k, "für die "), hasPrefixAt(low, k, "für das "):
		k = skipBlank(raw, k+len("für den "))
	default:
		return e
	}
	for n := 0; n < 2 && isCap(raw, k); n++ {
		we := wordEnd(raw, k)
		if we == k || we-e > 48 {
			break
		}
		if vs, ve, ok := caseValue(raw, low, we); ok && refShaped(raw[vs:ve]) {
			return we
		}
		k = skipBlank(raw, we)
	}
	return e
}

// verbValue returns the position after "war", "ist", "lautet" or "is"
// within a few words after a label ("Mein Zeichen bei Ihnen war …", "file
// number with your office is …"), or e.
func verbValue(raw, low []byte, e int) int {
	z := min(len(raw), e+32)
	for _, v := range []string{" war ", " ist ", " lautet ", " is "} {
		if j := bytes.Index(low[e:z], []byte(v)); j >= 0 && bytes.IndexAny(raw[e:e+j], ".:;\n") < 0 {
			return e + j + len(v)
		}
	}
	return e
}

// haveValue returns the position after "hat sie", "habe ich", "hat" … right
// after a label when a reference-shaped token follows: the label as a chat
// sentence's object put first ("Aktenzeichen hat sie ABH-2026-7734"), or e.
// "Das Aktenzeichen hat sie nicht", "… hat sich geändert" stay none.
func haveValue(raw, low []byte, e int) int {
	k := skipBlank(raw, e)
	if k == e {
		return e
	}
	w := wordEnd(low, k)
	switch string(low[k:w]) {
	case "hat", "habe", "hab", "haben", "hatte", "hatten":
	default:
		return e
	}
	k = skipBlank(raw, w)
	w = wordEnd(low, k)
	switch string(low[k:w]) {
	case "sie", "er", "ich", "wir", "man", "es", "du", "ihr":
		k = skipBlank(raw, w)
	}
	te := k
	for te < len(raw) && raw[te] != ' ' && raw[te] != '\n' && raw[te] != '\t' && raw[te] != '\r' && raw[te] != ',' {
		te++
	}
	for te > k && (raw[te-1] == '.' || raw[te-1] == '!' || raw[te-1] == '?' || raw[te-1] == ')') {
		te--
	}
	if refShaped(raw[k:te]) {
		return k
	}
	return e
}

// officeRef reads "NN[.N]-Letters-NNN[-NNN]" from the office number [s, e):
// two or three digits (dotted parts may follow), a hyphen, 2 to 10 ASCII
// letters starting upper-case with at least two capitals (a register or a
// law: UMA, AsylbLG), a hyphen and three digits or more, perhaps more
// hyphen-joined digit groups. A year alone after the letters ("12-BP-2024")
// is a plan or a series, not a file.
func officeRef(raw []byte, s, e int) (int, int, bool) {
	if s > 0 && (isAlnum(raw[s-1]) || raw[s-1] == '.' || raw[s-1] == '-' || raw[s-1] == '/' || raw[s-1] >= 0x80) {
		return 0, 0, false
	}
	k := e
	for k+1 < len(raw) && raw[k] == '.' && isDigit(raw[k+1]) {
		k = digitsAt(raw, k+1)
	}
	if k >= len(raw) || raw[k] != '-' {
		return 0, 0, false
	}
	q, caps := k+1, 0
	for q < len(raw) && q-k <= 11 && isLetter(raw[q]) {
		if isUpper(raw[q]) {
			caps++
		}
		q++
	}
	if q-k-1 < 2 || q-k-1 > 10 || caps < 2 || !isUpper(raw[k+1]) || q >= len(raw) || raw[q] != '-' || unitLetters[string(raw[k+1:q])] {
		return 0, 0, false
	}
	d := digitsAt(raw, q+1)
	if d-q-1 < 3 {
		return 0, 0, false
	}
	groups := 1
	for d+1 < len(raw) && raw[d] == '-' && isDigit(raw[d+1]) {
		d = digitsAt(raw, d+1)
		groups++
	}
	if d < len(raw) && (isAlnum(raw[d]) || raw[d] == '-' || raw[d] == '/' || raw[d] >= 0x80 || raw[d] == '.' && d+1 < len(raw) && isDigit(raw[d+1])) {
		return 0, 0, false
	}
	if groups == 1 && d-q-1 == 4 && (raw[q+1] == '1' && raw[q+2] == '9' || raw[q+1] == '2' && raw[q+2] == '0') {
		return 0, 0, false
	}
	return s, d, true
}

// officeCaps returns the start of the office's capitals before the file
// number at s, as the office writes them before it ("SG 22-BuT-0781", "ABH
// 32.1-AK-11873", "GA 53.1-IfSG-2026-1420": seven places in the sets take
// them in, none leaves capitals out): two to four capitals after a blank, a
// line's start, '(' or ':', one blank before s. Not a label's capitals
// ("AZ 32-MB-0977", "GZ …"), which caseValue reads past; s otherwise.
func officeCaps(raw []byte, s int) int {
	if s < 3 || raw[s-1] != ' ' {
		return s
	}
	p := s - 1
	for p > 0 && isUpper(raw[p-1]) {
		p--
	}
	if n := s - 1 - p; n < 2 || n > 4 || p > 0 && !(raw[p-1] == ' ' || raw[p-1] == '\n' || raw[p-1] == '\t' || raw[p-1] == '(' || raw[p-1] == ':') {
		return s
	}
	if w := string(raw[p : s-1]); w == "AZ" || w == "GZ" {
		return s
	}
	return p
}

// jobcenterCustomer reports the Jobcenter's Kundennummer: three digits, a
// letter, six digits (123D456789).
// bgNumber reports the number of a Bedarfsgemeinschaft as the Federal
// Employment Agency's procedures write it, with or without a label: the
// Jobcenter's five-digit office number, "BG" or "//", seven digits
// ("36202BG0040931", "35702//0210883"). s, e is the digit run of the office
// number.
func bgNumber(raw []byte, s, e int) (int, int, bool) {
	if e-s != 5 || s > 0 && (isAlnum(raw[s-1]) || raw[s-1] >= 0x80 || raw[s-1] == '/') || e+9 > len(raw) ||
		!(raw[e] == 'B' && raw[e+1] == 'G' || raw[e] == '/' && raw[e+1] == '/') {
		return 0, 0, false
	}
	d := digitsAt(raw, e+2)
	if d-e-2 != 7 || d < len(raw) && (isAlnum(raw[d]) || raw[d] >= 0x80) {
		return 0, 0, false
	}
	return s, d, true
}

func jobcenterCustomer(v []byte) bool {
	return len(v) == 10 && allDigits(v[:3]) && isUpper(v[3]) && allDigits(v[4:])
}

// unitLetters are units and formats written like register letters
// ("16-GB-512", "4-TB-RAID").
var unitLetters = map[string]bool{"GB": true, "MB": true, "TB": true, "KB": true, "GHZ": true, "MHZ": true, "KW": true, "KWH": true,
	"PS": true, "MP": true, "HD": true, "TV": true, "USB": true, "DVD": true, "CD": true, "TDI": true, "LED": true}

// bamfRef finds the first "NNNNNNN-NNN" (7 or 8 digits, a hyphen, perhaps
// spaced, and three digits) within the 160 bytes after i, not crossing a
// blank line.
func bamfRef(raw []byte, i int) (int, int, bool) {
	end := min(len(raw), i+160)
	for k := i; k < end; k++ {
		if !isDigit(raw[k]) || k > 0 && (isAlnum(raw[k-1]) || raw[k-1] == '.' || raw[k-1] == '/') {
			if raw[k] == '\n' && k+1 < len(raw) && raw[k+1] == '\n' {
				break
			}
			continue
		}
		d := digitsAt(raw, k)
		if n := d - k; n != 7 && n != 8 {
			k = d
			continue
		}
		j := d
		switch {
		case hasPrefixAt(raw, j, "-"):
			j++
		case hasPrefixAt(raw, j, " - "):
			j += 3
		default:
			k = d
			continue
		}
		if c := digitsAt(raw, j); c-j == 3 && (c == len(raw) || !isAlnum(raw[c]) && raw[c] != '-' && raw[c] != '/' && !(raw[c] == '.' && c+1 < len(raw) && isDigit(raw[c+1]))) {
			return k, c, true
		}
		k = d
	}
	return 0, 0, false
}

// underValue returns the position after "läuft unter", "geführt unter",
// "angelegt unter" … right after a label ("Unser Vorgang läuft unter …",
// "Akte wird geführt unter …", "Personalakte ist angelegt unter …"), or e.
func underValue(raw, low []byte, e int) int {
	k := skipBlank(raw, e)
	if hasPrefixAt(low, k, "wird ") {
		k += 5
	}
	for _, v := range []string{"läuft unter ", "geführt unter ", "angelegt unter ", "abgelegt unter ", "erfasst unter ", "registriert unter "} {
		if hasPrefixAt(low, k, v) {
			return k + len(v)
		}
	}
	return e
}

// rvnrShaped reports a value shaped like a Rentenversicherungsnummer (eight
// digits, a capital, three digits: 24041085H134). A valid one is a
// DE_SOCIAL_SECURITY finding; one that fails its check digit must not come
// back as a CASE_REFERENCE.
func rvnrShaped(v []byte) bool {
	return len(v) == 12 && allDigits(v[:8]) && isUpper(v[8]) && allDigits(v[9:])
}

// valueAfter asks caseValue for a value at e and, while there is none, moves e with the next of
// steps, asking again only where a step moved it (caseValue is costly). It returns e and
// caseValue's answer there.
func valueAfter(raw, low []byte, e int, steps ...func(raw, low []byte, e int) int) (int, int, int, bool) {
	s, ve, ok := caseValue(raw, low, e)
	for _, step := range steps {
		if ok {
			break
		}
		if u := step(raw, low, e); u != e {
			e = u
			s, ve, ok = caseValue(raw, low, e)
		}
	}
	return e, s, ve, ok
}

// trackedValue returns the start of a value a document's tracked change
// marks at e ("Wohngeldnummer: [Gelöscht: WG-7731-2025] [Eingefügt:
// WG-7731-2026]", as a Word file's text is pasted with its revisions), or
// e.
func trackedValue(raw, low []byte, e int) int {
	k := skipBlank(raw, e)
	if k < len(raw) && raw[k] == ':' {
		k = skipBlank(raw, k+1)
	}
	for _, m := range [...]string{"[gelöscht: ", "[eingefügt: ", "[deleted: ", "[inserted: "} {
		if hasPrefixAt(low, k, m) {
			return k + len(m)
		}
	}
	return e
}

// phraseColonStep is phraseColon as a step of valueAfter.
func phraseColonStep(raw, _ []byte, e int) int { return phraseColon(raw, e) }

// phraseColon returns the position after a colon that ends a few words
// right after a label ("Kassenzeichen für den Bescheid:", "Vorgangsnummer
// aus dem Portal:", "Aktenzeichen des Finanzamts (Grundsteuermessbescheid):"),
// or e. The words have no digit and no sentence end, and the colon is at
// most 48 bytes away.
func phraseColon(raw []byte, e int) int {
	if e >= len(raw) || raw[e] != ' ' || bytes.IndexByte(raw[e+1:min(len(raw), e+49)], ':') < 0 {
		return e // no colon in reach: the words need no look
	}
	for k := e + 1; k < len(raw) && k-e <= 48; k++ {
		switch c := raw[k]; {
		case c == ':':
			if k > e+2 {
				return k + 1
			}
			return e
		case c == ' ' || c == '-' || c == '(' || c == ')' || isLetter(c) || c >= 0x80:
		default:
			return e
		}
	}
	return e
}

// remarkAfter returns the position after a short remark in parentheses
// right after a label ("Kassenzeichen (wird vergeben):", "Aktenzeichen
// (bitte stets angeben):"), or e. A remark has no digit: "(2024)" or "(Az.
// 12/24)" may be the value or another label.
func remarkAfter(raw []byte, e int) int {
	k := skipBlank(raw, e)
	if k >= len(raw) || raw[k] != '(' {
		return e
	}
	for j := k + 1; j < len(raw) && j-k < 40; j++ {
		switch c := raw[j]; {
		case c == ')':
			if j == k+1 {
				return e
			}
			return j + 1
		case isDigit(c) || c == '\n' || c == '(' || c == '.':
			return e
		}
	}
	return e
}

// qualifierColon returns the position after "Word:" at k, or k
// ("Aktenzeichen Wohngeldstelle: …", "Aktenzeichen Elternbeiträge: …"),
// also with a print's dot leader before the colon ("Vorgang Polizei
// ....: ST/0114873/2026"; round 70, blind45 002).
func qualifierColon(raw []byte, k int) int {
	e := wordEnd(raw, k)
	if e <= k || e-k > 24 {
		return k
	}
	if d := dotLeader(raw, e); d > e {
		e = d
	}
	if e < len(raw) && raw[e] == ':' {
		return e + 1
	}
	return k
}

// dotLeader returns the end of a dot leader at i (a blank, two dots or
// more, blanks), or i.
func dotLeader(raw []byte, i int) int {
	k := i
	if k < len(raw) && raw[k] == ' ' {
		k++
	}
	d := k
	for d < len(raw) && raw[d] == '.' {
		d++
	}
	if d-k < 2 {
		return i
	}
	return skipBlank(raw, d)
}

// agencyQualifier returns the position after an agency's abbreviation at k
// (case_agencies) that a space and a digit follow, or k.
func agencyQualifier(raw, low []byte, k int) int {
	e := wordEnd(raw, k)
	if e-k < 2 || e-k > 6 || e+1 >= len(raw) || raw[e] != ' ' || !isDigit(raw[e+1]) || !allUpper(raw[k:e]) {
		return k
	}
	if !slices.Contains(DefaultLexicons().mustList("case_agencies"), string(low[k:e])) {
		return k
	}
	return e + 1
}

// covered reports whether s lies in one of the last few findings of fs. It
// only avoids obvious duplicates, in constant time; the engine resolves any
// other overlap (the longer span of a type wins).
func covered(fs []Finding, s int) bool {
	for i := len(fs) - 1; i >= 0 && i >= len(fs)-8; i-- {
		if s >= fs[i].Start && s < fs[i].End {
			return true
		}
	}
	return false
}

// caseValue reads the value after a label: separators (":", "Nr.", "-Nr.")
// then tokens of letters, digits and . / - _ separated by single spaces,
// with at least one digit. It stops at a lower-case word, a comma, a line end
// or a date introduced by "vom".
// maxRefToken bounds one token of a reference ("VG-2025-1187",
// "26/150/1182/440/003"); a longer run of letters and digits is an id or a
// key that a label word happens to stand in.
const maxRefToken = 48

// ticketPrefixes open the numbers of tickets, changes, vulnerabilities and
// invoices, which a subject line carries as it does a file's number.
var ticketPrefixes = map[string]bool{"inc": true, "req": true, "ritm": true, "chg": true, "task": true, "sr": true, "tkt": true,
	"cve": true, "re": true, "rg": true, "po": true, "cb": true, "bug": true, "ops": true, "it": true, "sd": true}

// subjectRef reads a file number that ends a mail's subject line after " / "
// with no label word, as mail systems append it ("Betreff: AW: Beschwerde
// über Mitarbeiter im Jobcenter / BM-2026-0391"): letters, a year and a
// serial ("BM-2026-0391"); not a ticket's or an invoice's prefix (INC-,
// CVE-, RE-). h is the slash.
func subjectRef(raw, low []byte, h int) (int, int, bool) {
	if h < 2 || h+3 >= len(raw) || raw[h-1] != ' ' || raw[h+1] != ' ' {
		return 0, 0, false
	}
	s := h + 2
	le := s
	for le < len(raw) && raw[le] != '\n' && raw[le] != '\r' {
		le++
	}
	e := le
	for e > s && raw[e-1] == ' ' {
		e--
	}
	// letters, '-', a year, '-', three to seven digits
	p := s
	for p < e && isLetter(raw[p]) {
		p++
	}
	if p-s < 2 || p-s > 5 || p+1 >= e || raw[p] != '-' || ticketPrefixes[string(low[s:p])] {
		return 0, 0, false
	}
	y := digitsAt(raw, p+1)
	if y-p-1 != 4 || !(hasPrefixAt(raw, p+1, "19") || hasPrefixAt(raw, p+1, "20")) || y >= e || raw[y] != '-' {
		return 0, 0, false
	}
	if n := digitsAt(raw, y+1); n != e || n-y-1 < 3 || n-y-1 > 7 {
		return 0, 0, false
	}
	ls := h
	for ls > 0 && raw[ls-1] != '\n' {
		ls--
	}
	for ls < h && (raw[ls] == '>' || raw[ls] == ' ' || raw[ls] == '\t') {
		ls++ // a quoted header: "> Betreff: …"
	}
	if !hasPrefixAt(low, ls, "betreff:") && !hasPrefixAt(low, ls, "subject:") {
		return 0, 0, false
	}
	return s, e, true
}

// pathPlural reports the weak labels that name a file only as a path's
// segment, the value right after their slash.
func pathPlural(kw string) bool { return kw == "antraege" || kw == "vorgaenge" }

func caseValue(raw, low []byte, i int) (int, int, bool) {
	k := i
	path := false // the value is a path's segment: it ends at the next slash
	// a URL's query value ("?vorgang=BP-2026-08812 HTTP/2.0" in a log) has
	// no blank: it ends at the first one
	query := i+1 < len(raw) && raw[i] == '=' && isAlnum(raw[i+1])
	for k < len(raw) && k < i+16 {
		switch {
		case raw[k] == ':' || raw[k] == ' ' || raw[k] == '\t' || raw[k] == '.' || raw[k] == '-' || raw[k] == '(' || raw[k] == ')' || raw[k] == '=' && k <= i+1,
			raw[k] == '"' || raw[k] == '\'' || raw[k] == '`': // "aktenzeichen": "VK-…", SQL and YAML values
			k++
		case raw[k] == '/' && k == i && k+1 < len(raw) && isAlnum(raw[k+1]):
			k++ // a path's segment after the label: "…/antrag/WG-2026-07731'"
			path = true
		case hasPrefixAt(low, k, "nr.") || hasPrefixAt(low, k, "nr:"):
			k += 3
		case hasPrefixAt(low, k, "nummer"), hasPrefixAt(low, k, "number ") && !hasPrefixAt(low, k+7, "is "):
			k += 6 // "reference number UA-LL-2026-118" (round 70, blind45 016)
		case hasPrefixAt(low, k, "no."):
			k += 3
		case k > i && isUpper(raw[k]) && qualifierColon(raw, k) > k:
			// "Aktenzeichen BAMF: 8123456-273", "Az. Gericht: …"
			k = qualifierColon(raw, k)
		case k > i && isUpper(raw[k]) && agencyQualifier(raw, low, k) > k:
			k = agencyQualifier(raw, low, k) // "Geschäftszeichen BAMF 8754321-224"

		default:
			goto value
		}
	}
value:
	for k < len(raw) && (raw[k] == ' ' || raw[k] == '\t') && k < i+40 {
		k++ // after a long qualifier ("Aktenzeichen Wohngeldstelle: ")
	}
	s := k
	e := s
	digits := false
	kind := -1 // the end of a first token of letters alone
	for tok := 0; tok < 8 && k < len(raw) && !(query && tok > 0); tok++ {
		te := k
		for te < len(raw) {
			c := raw[te]
			if isAlnum(c) || c == '/' || c == '-' || c == '_' || (c == '.' || c == ':') && te+1 < len(raw) && isAlnum(raw[te+1]) {
				te++
				continue
			}
			if c >= 0x80 { // umlauts in agency codes (Mü)
				_, n, ok := letterAt(raw, te)
				if ok {
					te += n
					continue
				}
			}
			if n := brokenAtHyphen(raw, k, te); n > te {
				te = n // "Az. 32.21-RGK-\n0391/26": a PDF's or OCR's line break after a hyphen
				continue
			}
			break
		}
		if te == k {
			break
		}
		if te-k > maxRefToken {
			return 0, 0, false // a token's run, no reference: "…-Az-knPlZ6e839kt_Rqp2_aRtax…" in an access token (rev11)
		}
		w := raw[k:te]
		hasDigit := anyDigit(w)
		lowerWord := isLowerASCII(w[0]) && !hasDigit && len(w) > 2
		if tok > 0 && digits && dictation(w) {
			// "214/25 OS/ki": the writer's and typist's initials end the value
			e = te
			break
		}
		if lowerWord || (tok > 0 && !hasDigit && len(w) > 4) || (tok > 0 && !hasDigit && !allCaps(w) && !courtRegisters[string(low[k:te])] && !unitAbbrev(raw, w, tok, kind, te)) {
			break
		}
		if !hasDigit && tok == 0 && len(w) > 6 && !statuteCode(w) && !officeBranch(w) {
			return 0, 0, false // a word, not a reference (Aktenzeichen folgt)
		}
		if !hasDigit && tok == 0 {
			kind = te
		}
		digits = digits || hasDigit
		e = te
		k = te
		if k < len(raw) && raw[k] == ' ' && k+1 < len(raw) && raw[k+1] != ' ' {
			k++
			continue
		}
		break
	}
	e = dashNumber(raw, e)
	if j := bytes.IndexByte(raw[s:e], '/'); path && j > 0 && s+j+1 < len(raw) && isLowerASCII(raw[s+j+1]) {
		e = s + j // "…/antraege/WG-2026-07731/dokumente": the next segment, a word, is the API's
	}
	for e > s && (raw[e-1] == '.' || raw[e-1] == ':' || raw[e-1] == '-' || raw[e-1] == '/') {
		e--
	}
	if kind > s && kind+1 < e && raw[kind] == ' ' && bytes.Contains(raw[kind+1:e], raw[s:kind]) {
		s = kind + 1 // "Aktenzeichen OWi 39.2-OWi-1147/26": the kind of file, which the number repeats, is named before it
	}
	if !digits || e-s < 3 || formBlank(raw, e) || looksLikeDate(raw[s:e]) || dayMonth(raw[s:e]) {
		return 0, 0, false
	}
	if isDigit(raw[e-1]) && bytes.IndexByte(raw[s:e], '/') > 0 {
		e = juvenileMark(raw, e) // "Az. AG: 33 Ls 84/26 jug"
	}
	// a trailing date "vom 03.04.2025" is not part of the value: stop before it
	return s, e, true
}

// unitAbbrev reports an office's unit written as a capitalised abbreviation
// between the office's letters and the number, as Berlin's offices write
// their file numbers: "OA Gew 3-1184/2026", "SchA Rei 2.14 – 0521/26",
// "WoG 412-…". It is the second token w (tok 1) after a first of letters
// alone (kind), a capital and one to three lower-case letters, with a digit
// right after the blank that follows it at te.
func unitAbbrev(raw, w []byte, tok, kind, te int) bool {
	if tok != 1 || kind < 0 || len(w) < 2 || len(w) > 4 || !isUpper(w[0]) {
		return false
	}
	for _, c := range w[1:] {
		if !isLowerASCII(c) {
			return false
		}
	}
	switch string(w) {
	case "Der", "Die", "Das", "Den", "Dem", "Des", "Am", "Im", "An", "Vom", "Zum", "Zur", "Bis", "Ab", "Um", "In", "Mit", "Von", "Für", "Und", "Ist", "Ca", "Nur":
		return false // a word of the sentence: "Az. folgt Am 5. Mai"
	}
	return te+1 < len(raw) && raw[te] == ' ' && isDigit(raw[te+1])
}

// fillerValue returns the position after an adverb between a label and its
// value in a mail or a chat ("Az. bei euch LEA B 4 – 3377120", "Ihr Zeichen
// damals 67-BK-2024/118"), or e.
func fillerValue(raw, low []byte, e int) int {
	k := skipBlank(raw, e)
	for _, f := range [...]string{"damals ", "bei euch ", "bei ihnen ", "bei uns ", "bei dir ", "bisher "} {
		if hasPrefixAt(low, k, f) {
			return k + len(f)
		}
	}
	return e
}

// juvenileMark returns the end of the juvenile court's or prosecutor's mark
// after a docket number at e ("212 Ds 17/26 jug.", "611 Js 28734/26 jug"),
// with the abbreviation's dot unless a capital after it starts a sentence;
// e if there is none.
func juvenileMark(raw []byte, e int) int {
	if !hasPrefixAt(raw, e, " jug") || e+4 < len(raw) && (isLetter(raw[e+4]) || raw[e+4] >= utf8.RuneSelf) {
		return e
	}
	e += 4
	if e < len(raw) && raw[e] == '.' && (e+1 == len(raw) || raw[e+1] == ',' || raw[e+1] == ';' || raw[e+1] == ')' ||
		raw[e+1] == ' ' && e+2 < len(raw) && !isUpper(raw[e+2]) || raw[e+1] == '\n') {
		e++
	}
	return e
}

// dashNumber returns the end of a file number joined by a spaced dash to the
// office before it ("ST 1.2 – 4711/25", "32 - 0815/24"): digits with a slash
// and a digit at both ends; e if none follows.
func dashNumber(raw []byte, e int) int {
	k := afterSpacedDash(raw, e)
	if k == e {
		return e
	}
	if k < len(raw) && isUpper(raw[k]) {
		return dashLettered(raw, e, k)
	}
	te, slash := k, false
	for te < len(raw) && te-k < 24 && (isDigit(raw[te]) || raw[te] == '/' || raw[te] == '.' || raw[te] == '-' ||
		// a register's capitals after the slash: "E 14 – 2026/OS-0388"
		slash && isUpper(raw[te]) && (raw[te-1] == '/' || raw[te-1] == '-' || isUpper(raw[te-1]))) {
		slash = slash || raw[te] == '/'
		te++
	}
	if te > k+1 && raw[te-1] == '.' && (te == len(raw) || !isAlnum(raw[te])) {
		te-- // a sentence's full stop after the serial: "LEA B 4 – 3377120. Die …"
	}
	if !slash && te > k && isDigit(raw[k]) && isDigit(raw[te-1]) && bytes.IndexByte(raw[k:te], '.') > 0 && !calendarDate(raw[k:te]) {
		// a file plan's dotted group between spaced dashes, then the
		// number with its slash: "ZA 2.1 - 57.01.04 - 118/27" (a group of
		// three has a date's shape but no day and month of one)
		if n := dashNumber(raw, te); n > te && bytes.IndexByte(raw[te:n], '/') >= 0 {
			return n
		}
	}
	if te == k || !isDigit(raw[k]) || !isDigit(raw[te-1]) || te < len(raw) && isAlnum(raw[te]) || looksLikeDate(raw[k:te]) {
		return e
	}
	if !slash {
		// serials after spaced dashes: "ABH 3.2 – 40771", "OA 32.2 – 2026 –
		// 0084315" (a year and a serial)
		n := dashSerial(raw, e)
		if n == e {
			return e
		}
		if n2 := dashSerial(raw, n); n2 > n {
			return n2
		}
		return n
	}
	return te
}

// calendarDate reports a dotted date whose day and month exist
// ("03.04.2026"; not "57.01.04", a file plan's group).
func calendarDate(v []byte) bool {
	parts := bytes.Split(v, []byte("."))
	if len(parts) != 3 || !looksLikeDate(v) {
		return false
	}
	day, month := atoiSmall(parts[0]), atoiSmall(parts[1])
	return day >= 1 && day <= 31 && month >= 1 && month <= 12
}

// atoiSmall returns the value of up to four ASCII digits, -1 for others.
func atoiSmall(d []byte) int {
	if len(d) == 0 || len(d) > 4 {
		return -1
	}
	n := 0
	for _, c := range d {
		if !isDigit(c) {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// dashLettered returns the end of a Berlin Geschäftszeichen's serial after
// the spaced dash that follows the office's unit, where the serial opens
// with its register's letters ("Stapl b 2 – VKR 0417/2026", "UmNat 31 – L
// 2026/0147", "SGA I 34 – Graf 0219/26", "IV D 41 – SFD 22 8810"): one to
// four letters from a capital, a blank, then digits with a slash between
// digits, or digit groups joined by single blanks, six digits or more, the
// first not 0 (a telephone number's area code opens with 0); a telephone's
// or a room's word ("– Tel 0228 …", "– Raum 3/14") is no register. e if
// none follows at k.
func dashLettered(raw []byte, e, k int) int {
	we := k
	for we < len(raw) && we-k < 5 && isLetter(raw[we]) {
		we++
	}
	if we-k > 4 || we+1 >= len(raw) || raw[we] != ' ' || !isDigit(raw[we+1]) {
		return e
	}
	switch string(bytes.ToLower(raw[k:we])) {
	case "tel", "fax", "fon", "raum", "zi", "haus", "nr", "tag", "bl", "s", "seite":
		return e
	}
	d := we + 1
	te, slash := d, false
	for te < len(raw) && te-d < 16 && (isDigit(raw[te]) || raw[te] == '/' && te > d && isDigit(raw[te-1]) && te+1 < len(raw) && isDigit(raw[te+1])) {
		slash = slash || raw[te] == '/'
		te++
	}
	if slash {
		if te < len(raw) && (isAlnum(raw[te]) || raw[te] == '/' || raw[te] == '-') || looksLikeDate(raw[d:te]) {
			return e
		}
		return te
	}
	if raw[d] == '0' {
		return e
	}
	n, te := 0, d
	for {
		ge := digitsAt(raw, te)
		if ge == te {
			break
		}
		n += ge - te
		te = ge
		if te+1 < len(raw) && raw[te] == ' ' && isDigit(raw[te+1]) {
			te++
			continue
		}
		break
	}
	if n < 6 || te < len(raw) && (isAlnum(raw[te]) || (raw[te] == '.' || raw[te] == ',') && te+1 < len(raw) && isDigit(raw[te+1])) {
		return e
	}
	return te
}

// afterSpacedDash returns where the text after a spaced dash at e (" – " or
// " - ") begins, e if there is none.
func afterSpacedDash(raw []byte, e int) int {
	for _, d := range [...]string{" – ", " - "} {
		if hasPrefixAt(raw, e, d) {
			return e + len(d)
		}
	}
	return e
}

// dashSerial returns the end of a serial of three digits and more after a
// spaced dash at e ("– 0084315"), e if none follows.
func dashSerial(raw []byte, e int) int {
	k := afterSpacedDash(raw, e)
	if k == e {
		return e
	}
	te := digitsAt(raw, k)
	if te-k < 3 || te < len(raw) && (isAlnum(raw[te]) || (raw[te] == '.' || raw[te] == ',') && te+1 < len(raw) && isDigit(raw[te+1])) {
		return e
	}
	if w := skipBlank(raw, te); w > te && w < len(raw) && isLetter(raw[w]) {
		switch we := wordEnd(raw, w); string(bytes.ToLower(raw[w:we])) {
		case "uhr", "euro", "eur", "stück", "personen", "m", "km":
			return e // an amount or a time after the dash
		}
	}
	return te
}

// lettered reports an ASCII letter in v.
// digitGroups counts the runs of digits in v ("HzE-2024-077": two).
func digitGroups(v []byte) int {
	n := 0
	for i, c := range v {
		if isDigit(c) && (i == 0 || !isDigit(v[i-1])) {
			n++
		}
	}
	return n
}

func lettered(v []byte) bool {
	for _, c := range v {
		if isLetter(c) {
			return true
		}
	}
	return false
}

// dictation reports initials like "OS/ki", "Mü/Sch": two or three parts of
// one to three letters (an umlaut counts as its two bytes) joined by slashes.
func dictation(w []byte) bool {
	parts := bytes.Split(w, []byte{'/'})
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if len(p) == 0 || len(p) > 3 {
			return false
		}
		for _, c := range p {
			if !isLetter(c) && c < 0x80 {
				return false
			}
		}
	}
	return true
}

// docket recognises "[Court] N REG N/YY [B ER]" around the slash at h.
func docket(raw, low []byte, h int) (int, int, bool) {
	// year after the slash
	y := digitsAt(raw, h+1)
	if n := y - h - 1; n != 2 && n != 4 {
		return 0, 0, false
	}
	if y < len(raw) && (isLetter(raw[y]) || raw[y] == '/' || raw[y] == '.' && y+1 < len(raw) && isDigit(raw[y+1])) {
		return 0, 0, false
	}
	// serial before the slash
	sEnd := h
	sStart := sEnd
	for sStart > 0 && isDigit(raw[sStart-1]) {
		sStart--
	}
	if sEnd-sStart < 1 || sEnd-sStart > 6 || sStart == 0 || raw[sStart-1] != ' ' {
		return 0, 0, false
	}
	// register letters
	rEnd := sStart - 1
	rStart := rEnd
	for rStart > 0 && (isLetter(raw[rStart-1]) || raw[rStart-1] == '-') {
		rStart--
	}
	if rEnd-rStart < 1 || rEnd-rStart > 5 || !isUpper(raw[rStart]) || !courtRegisters[string(low[rStart:rEnd])] {
		return 0, 0, false
	}
	if rStart == 0 || raw[rStart-1] != ' ' {
		return 0, 0, false
	}
	// chamber number (and an optional court prefix letter: L 7 AS, S 12 SO),
	// or a roman senate number (VI ZR 123/20)
	cEnd := rStart - 1
	cStart := cEnd
	for cStart > 0 && isDigit(raw[cStart-1]) {
		cStart--
	}
	if cStart == cEnd {
		for cStart > 0 && (raw[cStart-1] == 'I' || raw[cStart-1] == 'V' || raw[cStart-1] == 'X') {
			cStart--
		}
	}
	if cEnd-cStart < 1 || cEnd-cStart > 4 {
		return 0, 0, false
	}
	s := cStart
	if s >= 2 && raw[s-1] == ' ' && isUpper(raw[s-2]) && (s == 2 || !isLetter(raw[s-3])) {
		s -= 2
	} else if p := courtPrefix(raw, low, s); p < s {
		s = p // "41 Cs 83 Js 1190/26": the court's register and number before the prosecutor's number it carries on
	}
	if s > 0 && (isAlnum(raw[s-1]) || raw[s-1] == '.' || raw[s-1] == '/') {
		return 0, 0, false
	}
	e := y
	// suffixes like "(PKH)" are left out; "B ER", "ER" (einstweiliger
	// Rechtsschutz), the Federal Social Court's "R" (Revision: "B 14 AS
	// 65/11 R") and the administrative courts' ".A" (asylum: "6 K 2214/25.A")
	// belong to the number
	if hasPrefixAt(raw, e, ".A") && (e+2 == len(raw) || !isAlnum(raw[e+2]) && raw[e+2] < utf8.RuneSelf) {
		e += 2
	} else if hasPrefixAt(raw, e, " B ER") {
		e += 5
	} else if hasPrefixAt(raw, e, " ER") && (e+3 == len(raw) || !isLetter(raw[e+3])) {
		e += 3
	} else if hasPrefixAt(raw, e, " R") && (e+2 == len(raw) || !isAlnum(raw[e+2]) && raw[e+2] < utf8.RuneSelf) {
		e += 2
	} else if n := juvenileMark(raw, e); n > e {
		e = n
	} else if n := officeInitials(raw, e); n > e {
		e = n
	}
	// legal citations and Drucksachen have other words before them
	ps, pe := prevWord(raw, s)
	if pe > ps {
		switch string(low[ps:pe]) {
		case "drucksache", "drs.", "vorlage", "ds.", "bt-drs.", "sgb", "§", "art.":
			return 0, 0, false
		}
	}
	return s, e, true
}

// courtPrefix returns the start of a court's number and register ("41
// Cs ", "2 Ds ") right before the docket number starting at s, as a
// criminal court writes its number before the prosecutor's file number
// ("41 Cs 83 Js 1190/26"); s if there is none.
func courtPrefix(raw, low []byte, s int) int {
	if s < 5 || raw[s-1] != ' ' {
		return s
	}
	re := s - 1
	rs := re
	for rs > 0 && re-rs < 5 && isLetter(raw[rs-1]) {
		rs--
	}
	if rs == re || !isUpper(raw[rs]) || rs < 2 || raw[rs-1] != ' ' || !courtRegisters[string(low[rs:re])] {
		return s
	}
	ds := rs - 1
	for ds > 0 && rs-1-ds < 4 && isDigit(raw[ds-1]) {
		ds--
	}
	if ds == rs-1 || ds > 0 && (isAlnum(raw[ds-1]) || raw[ds-1] == '.' || raw[ds-1] == '/' || raw[ds-1] >= utf8.RuneSelf) {
		return s
	}
	return ds
}

// brokenAtHyphen returns the start of the next line when the token [k,
// te) ends at a line break that a PDF or an OCR put inside a reference: after
// a hyphen or a slash before a digit ("32.21-RGK-\n0391/26", "BV/0982/\n2026-63"),
// after a hyphen before a token of capitals and digits ("30.3-AB-\nH-2019/4471"),
// or after a digit before a slash and a digit ("V 2-51 0344\n/2026"); te
// otherwise.
func brokenAtHyphen(raw []byte, k, te int) int {
	if te <= k+1 {
		return te
	}
	n := te
	if hasPrefixAt(raw, n, "\r\n") {
		n += 2
	} else if n < len(raw) && raw[n] == '\n' {
		n++
	} else {
		return te
	}
	if n+1 >= len(raw) {
		return te
	}
	switch last := raw[te-1]; {
	case (last == '-' || last == '/') && isDigit(raw[n]),
		last == '-' && capsCode(raw, n),
		isDigit(last) && raw[n] == '/' && isDigit(raw[n+1]):
		return n
	}
	return te
}

// capsCode reports a token at n of capitals, digits, hyphens and slashes
// that starts with a capital, holds a digit and ends before no letter
// ("H-2019/4471"; not "Seite", "Herr" or "AB Meier").
func capsCode(raw []byte, n int) bool {
	if !isUpper(raw[n]) {
		return false
	}
	e, digit := n, false
	for e < len(raw) && (isUpper(raw[e]) || isDigit(raw[e]) || raw[e] == '-' || raw[e] == '/') {
		digit = digit || isDigit(raw[e])
		e++
	}
	return digit && (e == len(raw) || !isLetter(raw[e]) && raw[e] < utf8.RuneSelf)
}

// officeInitials returns the end of the initials of a court office's
// clerk after a docket at e, as the heads of court letters print them
// ("14 XVII 392/26 Bu", "5 F 118/25 Kr"): a blank, a capital and one or two
// lower-case letters, then the end of the line or a closing bracket; e if
// none.
func officeInitials(raw []byte, e int) int {
	if e+3 > len(raw) || raw[e] != ' ' || raw[e+1] < 'A' || raw[e+1] > 'Z' {
		return e
	}
	k := e + 2
	for k < len(raw) && k-e-2 < 3 && raw[k] >= 'a' && raw[k] <= 'z' {
		k++
	}
	if n := k - e - 2; n < 1 || n > 2 {
		return e
	}
	if k < len(raw) && raw[k] != '\n' && raw[k] != '\r' && raw[k] != ')' {
		return e
	}
	switch string(raw[e+1 : k]) {
	case "Am", "Im", "In", "An", "Ab", "Zu", "Um", "So", "Da", "Es", "Er", "Wo", "Ob", "Ja", "Vom", "Zum", "Zur", "Bei", "Mit", "Und", "Von", "Der", "Die", "Das", "Den", "Dem", "Des":
		return e
	}
	return k
}

// agencyRef reads an office file number around the slash at h without a
// label: an office number (51, 51.2), hyphen-joined parts of which one is
// upper-case register letters, and a year after the slash —
// "51.2-SCH-0417/23", "64-SB-1187/2024". Drucksachen (12/3456) and dates
// have no letter part.
func agencyRef(raw []byte, h int) (int, int, bool) {
	ye, ok := yearAfterSlash(raw, h)
	if !ok {
		return 0, 0, false
	}
	s := h
	for s > 0 && h-s < 40 && (isAlnum(raw[s-1]) || raw[s-1] == '-' || raw[s-1] == '.') {
		s--
	}
	office := s // "61/2-EB-118/23": an office number with a slash before the first hyphen
	if s >= 2 && raw[s-1] == '/' && isDigit(raw[s-2]) && isDigit(raw[s]) && s < h && bytes.IndexByte(raw[s:h], '-') > 0 && allDigits(raw[s:s+bytes.IndexByte(raw[s:h], '-')]) {
		o := s - 1
		for o > 0 && s-1-o < 4 && isDigit(raw[o-1]) {
			o--
		}
		if o == 0 || !isAlnum(raw[o-1]) && raw[o-1] != '/' && raw[o-1] < 0x80 {
			office = o
		}
	}
	if office == s && s > 0 && (raw[s-1] == '/' || raw[s-1] >= 0x80) || s == h {
		return 0, 0, false
	}
	// "W-50-0611/24": a one-letter register (Widerspruch) before digits
	oneLetter := isUpper(raw[s]) && s+1 < h && raw[s+1] == '-' && isDigit(raw[min(s+2, h)])
	if !isDigit(raw[s]) && !oneLetter {
		return 0, 0, false
	}
	// parts between hyphens: digits (with inner dots) or 2-5 upper-case letters
	letters, parts := false, 0
	for p := s; p < h; {
		q := p
		for q < h && raw[q] != '-' {
			q++
		}
		part := raw[p:q]
		switch {
		case len(part) >= 2 && len(part) <= 5 && allUpper(part), p == s && oneLetter:
			letters = true
		case len(part) > 0 && isDigit(part[0]) && isDigit(part[len(part)-1]) && digitsDots(part):
		default:
			return 0, 0, false
		}
		parts++
		p = q + 1
	}
	if !letters || parts < 3 {
		return 0, 0, false
	}
	return office, ye, true
}

// yearAfterSlash returns the end of the year after the slash at h: two or
// four digits, then no more alphanumerics or slashes ("…/23", "…/2024").
func yearAfterSlash(raw []byte, h int) (int, bool) {
	ye := digitsAt(raw, h+1)
	if n := ye - h - 1; n != 2 && n != 4 || ye < len(raw) && (isAlnum(raw[ye]) || raw[ye] == '/') {
		return 0, false
	}
	return ye, true
}

// owiRef reads a fine proceedings' file number around the slash at h:
// "OWi 33.4-097713/24", "OWi 4711/25" — the register word, digits with dots
// and hyphens, a year of two or four digits.
func owiRef(raw, low []byte, h int) (int, int, bool) {
	ye, ok := yearAfterSlash(raw, h)
	if !ok {
		return 0, 0, false
	}
	s := h
	for s > 0 && h-s < 24 && (isDigit(raw[s-1]) || raw[s-1] == '-' || raw[s-1] == '.') {
		s--
	}
	if s == h || s < 4 || !isDigit(raw[s]) || raw[s-1] != ' ' || string(low[s-4:s-1]) != "owi" || !isWordStartAt(raw, s-4) {
		return 0, 0, false
	}
	return officePrefix(raw, s-4), ye, true
}

// bailiffRef reads a bailiff's file number around the slash at h: the
// Dienstregister's letters and part ("DR I", "DR II"), a serial and a year —
// "(Gerichtsvollzieherin Meinhardt, DR II 1290/26)", which no label names.
func bailiffRef(raw []byte, h int) (int, int, bool) {
	ye, ok := yearAfterSlash(raw, h)
	if !ok {
		return 0, 0, false
	}
	s := h
	for s > 0 && h-s < 7 && isDigit(raw[s-1]) {
		s--
	}
	if s == h || s < 5 || raw[s-1] != ' ' {
		return 0, 0, false
	}
	k := s - 1
	for k > 0 && s-1-k < 2 && raw[k-1] == 'I' {
		k--
	}
	if k == s-1 || k < 3 || raw[k-1] != ' ' || raw[k-3] != 'D' || raw[k-2] != 'R' || !isWordStartAt(raw, k-3) {
		return 0, 0, false
	}
	return k - 3, ye, true
}

// officePrefix returns the start of an office's capitals joined to the
// register word at s by a hyphen ("SP-OWi 2026/0218": the Schulamt's fine
// proceedings), or s.
func officePrefix(raw []byte, s int) int {
	if s < 3 || raw[s-1] != '-' {
		return s
	}
	k := s - 1
	for k > 0 && s-1-k < 5 && isUpper(raw[k-1]) {
		k--
	}
	if s-1-k < 2 || k > 0 && (isAlnum(raw[k-1]) || raw[k-1] == '-' || raw[k-1] == '/' || raw[k-1] == '.' || raw[k-1] >= 0x80) {
		return s
	}
	return k
}

// fileCodeRef reads a file's number after the file's name around the
// slash at h: the office's or procedure's capitals, a blank, a serial of
// three to six digits (two groups may be joined by a hyphen) and a year —
// "Bauantrag BV 0812/2026", "Baugenehmigung BG 63-0377/25". The word before
// ends like fileHeads or in -genehmigung (not "Beschlussvorlage BV
// 0812/2026", "Drucksache DS 12/3456": a council's papers).
func fileCodeRef(raw, low []byte, h int) (int, int, bool) {
	ye, ok := yearAfterSlash(raw, h)
	if !ok {
		return 0, 0, false
	}
	ds, digits := h, 0
	for ds > 0 && h-ds < 12 && (isDigit(raw[ds-1]) || raw[ds-1] == '-' && ds-2 >= 0 && isDigit(raw[ds-2]) && ds < h) {
		if isDigit(raw[ds-1]) {
			digits++
		}
		ds--
	}
	if digits < 3 || digits > 8 || ds < 4 || raw[ds-1] != ' ' || !isDigit(raw[ds]) {
		return 0, 0, false
	}
	cs := ds - 1
	for cs > 0 && ds-1-cs < 6 && isUpper(raw[cs-1]) {
		cs--
	}
	if n := ds - 1 - cs; n < 2 || n > 5 || cs < 2 || raw[cs-1] != ' ' {
		return 0, 0, false
	}
	ps, pe := prevWord(raw, cs)
	if pe != cs-1 || pe-ps < 4 {
		return 0, 0, false
	}
	w := low[ps:pe]
	if bytes.HasSuffix(w, []byte("genehmigung")) {
		return cs, ye, true
	}
	for _, hd := range fileHeads {
		if bytes.HasSuffix(w, []byte(hd)) && (hd != "fall" || len(w) == 4) {
			return cs, ye, true
		}
	}
	return 0, 0, false
}

// owiSerial reads "OWi" at h, a space and a serial of digits, dots and
// hyphens with six digits or more ("OWi 2026-118734", "OWi 652.118744.5").
// A slash after the serial is owiRef's.
func owiSerial(raw []byte, h int) (int, int, bool) {
	k := h + 3
	if !isWordStartAt(raw, h) || k+1 >= len(raw) || raw[k] != ' ' || !isDigit(raw[k+1]) {
		return 0, 0, false
	}
	e, digits := k+1, 0
	for e < len(raw) && e-k < 24 {
		if isDigit(raw[e]) {
			digits++
		} else if !((raw[e] == '.' || raw[e] == '-') && e+1 < len(raw) && isDigit(raw[e+1])) {
			break
		}
		e++
	}
	if digits < 6 || looksLikeDate(raw[k+1:e]) || e < len(raw) && (isAlnum(raw[e]) || raw[e] == '/' || raw[e] >= 0x80) {
		return 0, 0, false
	}
	return officePrefix(raw, h), e, true
}

func allUpper(b []byte) bool {
	for _, c := range b {
		if !isUpper(c) {
			return false
		}
	}
	return true
}

func digitsDots(b []byte) bool {
	for i, c := range b {
		if !isDigit(c) && !(c == '.' && i > 0 && isDigit(b[i-1])) {
			return false
		}
	}
	return true
}

// formBlank reports a form's blank right after a value: "32.4-VA-____/____".
func formBlank(raw []byte, e int) bool {
	return e+1 < len(raw) && raw[e] == '_' && raw[e+1] == '_' || e > 1 && raw[e-1] == '_' && raw[e-2] == '_'
}

// dayMonth reports a day and month without a year: 28.04, 3.11.
func dayMonth(v []byte) bool {
	d := bytes.IndexByte(v, '.')
	return d >= 1 && d <= 2 && allDigits(v[:d]) && len(v)-d-1 >= 1 && len(v)-d-1 <= 2 && allDigits(v[d+1:])
}

// RecordKeys are the keys of structured records, which this detector reads
// (Text.fields).
func (d *caseRefDetector) RecordKeys() []string { return fieldAnchors }

// formCode reports a form number of the pension insurance: one capital
// letter and four digits (R0100, V0100, G0180).
func formCode(v []byte) bool {
	return len(v) == 5 && isUpper(v[0]) && allDigits(v[1:])
}

// statuteCode reports a law's abbreviation that opens a file number in
// the office that applies it ("AsylbLG 50.4-2025-0613"): up to eight letters,
// at least two of them capitals, ending in G (Gesetz).
func statuteCode(w []byte) bool {
	if len(w) > 8 || w[len(w)-1] != 'G' {
		return false
	}
	caps := 0
	for _, c := range w {
		if !isLetter(c) {
			return false
		}
		if isUpper(c) {
			caps++
		}
	}
	return caps >= 2
}

// officeBranch reports an office's abbreviation joined by a hyphen to its
// branch or district, which opens a file number ("BSA-West 2026-0418-GE",
// "ReBBZ-N 2026/0733"): two to six letters with at least two capitals,
// then one to five letters from a capital; no word of prose has that
// shape ("Bürger-Service" has one capital before the hyphen).
func officeBranch(w []byte) bool {
	h := bytes.IndexByte(w, '-')
	if h < 2 || h > 6 || len(w)-h-1 < 1 || len(w)-h-1 > 5 || !isUpper(w[h+1]) {
		return false
	}
	caps := 0
	for _, c := range w[:h] {
		if !isLetter(c) {
			return false
		}
		if isUpper(c) {
			caps++
		}
	}
	for _, c := range w[h+1:] {
		if !isLetter(c) {
			return false
		}
	}
	return caps >= 2 && isUpper(w[0])
}

// anyDigit reports whether b holds an ASCII digit.
func anyDigit(b []byte) bool {
	for _, c := range b {
		if isDigit(c) {
			return true
		}
	}
	return false
}

// numberLabels and bamfLabels are the words caseRefDetector.Scan looks
// after, as fixed lists for Text.listHits.
var (
	numberLabels = []string{"nr.", "nr:"}
	bamfLabels   = []string{"bamf", "migration und flüchtlinge"}
)

// Call sites of fixed keyword lists (Text.listHitsAt).
var (
	caseLabelsSlot   = newListSlot()
	caseWeakSlot     = newListSlot()
	numberLabelsSlot = newListSlot()
	bamfLabelsSlot   = newListSlot()
)

// systemStep returns the position after the name of the system that keeps
// a file, between a weak label and its reference ("Meldevorgang: SurvNet
// 2026-KR-08812", "Vorgang: OpenProsoz 51-2025-0413"): one word of letters with
// a capital inside or all in capitals (three to eight letters, a slash
// allowed), then a blank and a reference of two digit groups or more that
// ends in a digit; or e.
func systemStep(raw, _ []byte, e int) int {
	k := e
	if k < len(raw) && raw[k] == ':' {
		k++
	}
	if k >= len(raw) || raw[k] != ' ' || !isUpper(byteAt(raw, k+1)) {
		return e
	}
	ws := k + 1
	we := ws
	for we < len(raw) && we-ws <= 16 && (isLetter(raw[we]) || raw[we] == '/') {
		we++
	}
	w := raw[ws:we]
	if we-ws < 3 || we >= len(raw) || raw[we] != ' ' || !isDigit(byteAt(raw, we+1)) {
		return e
	}
	if !(innerCap(w) || allUpper(bytes.ReplaceAll(w, []byte("/"), nil)) && len(w) <= 8) {
		return e
	}
	// the reference: digit groups with letters or separators between,
	// ending in a digit (not "PowerPoint 2019-Vorlage")
	ve := we + 1
	for ve < len(raw) && raw[ve] != ' ' && raw[ve] != '\n' && raw[ve] != ',' && ve-we <= 32 {
		ve++
	}
	for ve > we+1 && (raw[ve-1] == '.' || raw[ve-1] == ')') {
		ve--
	}
	if !isDigit(raw[ve-1]) || digitGroups(raw[we+1:ve]) < 2 {
		return e
	}
	return we + 1
}

// houseStyleStep returns the position of a reference in an office's house
// style after a comma right after a weak label ("eigener Antrag,
// EG-2026-14409"), or e.
func houseStyleStep(raw, _ []byte, e int) int {
	if e+2 < len(raw) && raw[e] == ',' && raw[e+1] == ' ' {
		we := e + 2
		for we < len(raw) && (isLetter(raw[we]) || isDigit(raw[we]) || raw[we] == '-') {
			we++
		}
		if houseStyle(raw[e+2 : we]) {
			return e + 2
		}
	}
	return e
}

// houseStyle reports a reference in the style many offices number their
// files: two to four capitals for the office or procedure, maybe a second
// group of them, a year of two or four digits and a serial of three to
// seven ("EB-2025-00743", "BH-26-11842", "GR-ZUL-2026-55310",
// "HM-77-4410238"), or a four-digit year and its month before a serial
// ("BM-2026-11-0487"); slashes may part the groups instead, as the police
// write a report's number ("ST/2026/1184370").
func houseStyle(v []byte) bool {
	sep := []byte("-")
	if bytes.IndexByte(v, '-') < 0 {
		sep = []byte("/")
	}
	parts := bytes.Split(v, sep)
	if len(parts) < 3 || len(parts) > 4 {
		return false
	}
	n := len(parts)
	if n == 4 && yearMonthSerial(parts) {
		return true
	}
	for _, p := range parts[:n-2] {
		if len(p) < 2 || len(p) > 5 || !allUpper(p) {
			return false
		}
	}
	y, ser := parts[n-2], parts[n-1]
	return (len(y) == 2 || len(y) == 4) && allDigits(y) && len(ser) >= 3 && len(ser) <= 7 && allDigits(ser)
}

// yearMonthSerial reports the four parts of a house-style number with a
// month: capitals, a year from 1990 to 2099, a month 01 to 12 and a serial
// of three to six digits ("BM-2026-11-0487").
func yearMonthSerial(parts [][]byte) bool {
	o, y, m, ser := parts[0], parts[1], parts[2], parts[3]
	if len(o) < 2 || len(o) > 5 || !allUpper(o) || len(y) != 4 || !allDigits(y) || len(m) != 2 || !allDigits(m) {
		return false
	}
	if !(y[0] == '1' && y[1] == '9' && y[2] == '9' || y[0] == '2' && y[1] == '0') {
		return false
	}
	mo := int(m[0]-'0')*10 + int(m[1]-'0')
	return mo >= 1 && mo <= 12 && len(ser) >= 3 && len(ser) <= 6 && allDigits(ser)
}

// mixedOffice reports an office's letters written in mixed case, as an
// abbreviation of a compound is ("BtB", Betreuungsbehörde; "AsB"): a
// capital first and last, letters only.
func mixedOffice(p []byte) bool {
	if len(p) < 3 || !isUpper(p[0]) || !isUpper(p[len(p)-1]) {
		return false
	}
	for _, c := range p {
		if !isLetter(c) {
			return false
		}
	}
	return true
}

// spacedHouseStyle reports a house-style reference whose office letters a
// space parts from the year and serial ("PP-RT 2026-0911-0347", "KV
// 26-118734"): one or two groups of two to five capitals joined by a
// hyphen, a space, a year of two or four digits and one or two hyphenated
// digit groups of four digits and more in all; not a date ("DIN 2026-01-15").
func spacedHouseStyle(v []byte) bool {
	sp := bytes.IndexByte(v, ' ')
	if sp < 2 || bytes.IndexByte(v[sp+1:], ' ') >= 0 || looksLikeDate(v[sp+1:]) {
		return false
	}
	letters := bytes.Split(v[:sp], []byte("-"))
	if len(letters) > 2 {
		return false
	}
	for _, p := range letters {
		if len(p) < 2 || len(p) > 5 || !allUpper(p) && !mixedOffice(p) {
			return false
		}
	}
	parts := bytes.Split(v[sp+1:], []byte("-"))
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) != 2 && len(parts[0]) != 4 {
		return false
	}
	serial := 0
	for _, p := range parts {
		if len(p) < 2 || len(p) > 6 || !allDigits(p) {
			return false
		}
		serial += len(p)
	}
	return serial-len(parts[0]) >= 4
}

// ownProcedure reports a possessive or "eigene" right before the word at h
// ("eigenes Verfahren", "sein Verfahren", "ihr Verfahren"): the procedure
// of a person, whose number is a file's.
func ownProcedure(low []byte, h int) bool {
	ps, pe := prevWord(low, h)
	if pe != h-1 || pe <= ps {
		return false
	}
	switch string(low[ps:pe]) {
	case "eigenes", "eigene", "eigenen", "sein", "seines", "seinem", "ihr", "ihres", "ihrem", "mein", "meines", "meinem",
		"dessen", "deren":
		return true
	}
	return false
}

// personRef reads a file number in parentheses at p right after a person
// named with Herr or Frau: "Herrn Kasprzak (WG-2026-5521)", "Frau Ada Adler
// (ABH-2-2025-4471)". Offices write a client's file after the name without
// a label; a code in parentheses after any other word ("Verfahren
// (SAP-2023-114)", "Tarif (TVöD-2025-01)") is left alone.
func personRef(raw, low []byte, p int) (int, int, bool) {
	if p < 2 || raw[p-1] != ' ' || p+7 > len(raw) || !isUpper(raw[p+1]) || !isUpper(raw[p+2]) {
		// two capitals first: "Frau Lang (A-2.114)" is her room
		return 0, 0, false
	}
	q := bytes.IndexByte(raw[p+1:min(len(raw), p+2+maxRefToken)], ')')
	if q < 0 {
		return 0, 0, false
	}
	s, e := p+1, p+1+q
	if v := raw[s:e]; !refShaped(v) || !lettered(v) || digitGroups(v) < 2 {
		return 0, 0, false
	}
	// one or two names: "Herrn Kasprzak", "Herrn Dennis Aufderheide"
	for w, at := 0, p; w < 2; w++ {
		ns, ne := prevWord(raw, at)
		if ne != at-1 || ne-ns < 2 || !isUpper(raw[ns]) {
			return 0, 0, false
		}
		if prevWordIs(low, ns, "herr", "herrn", "frau") {
			return s, e, true
		}
		at = ns
	}
	return 0, 0, false
}

// dotCourts are the courts whose dockets dotDocket reads; the keyword
// slots of Scan (Text.listHitsAt, Text.keyHits).
var (
	dotCourts     = [...]string{"bverwg", "bayvgh"}
	dotCourtsSlot = newListSlot()
	keyOWi        = newKeySlot("owi")
)
