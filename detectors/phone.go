package detectors

import (
	"bytes"
	"slices"
	"strings"
)

// phoneDetector finds telephone and fax numbers in German and international
// notation: "+49 (0)228 1234-56", "0049 228 123456", "0 22 41 / 12 34 56",
// "(0228) 12 34 56", with extensions. Emergency and service short numbers,
// bare extensions, dates, times, amounts and other reference numbers are
// not reported; a number without trunk or country prefix needs a label.
type phoneDetector struct{}

var _ Detector = phoneDetector{}

func (phoneDetector) Type() string       { return "PHONE" }
func (phoneDetector) Keywords() []string { return phoneKeywords }

// phoneKeywords are the digits and "null", with which a telephone number
// spoken in a dictation starts (spokenPhones).
var phoneKeywords = append(append([]string{}, DigitKeywords...), "null")

var phoneContext = Context{
	Before: 32,
	// Label words are matched as substrings: "tel" alone would also match
	// "Kostenstelle" and "nr.:" would match "USt-IdNr.:", so the words carry
	// the punctuation that follows them in a label.
	Positive: []string{"tel.", "tel:", "tel ", "tel/", "tel-", "telefon", "telefax", "fon:", "fon ", "fon.", "fax", "mobil", "handy",
		"phone:", "phone ", "phone no", "rufnummer", "ruf:", "ruf ", "erreichbar", "anruf", "whatsapp", "sms", "durchwahl", "zentrale", "hotline"},
	Negative: []string{"iban", "konto", "blz", "steuer", "st.-nr", "stnr", "aktenzeichen", "az.", "az:", "gz.", "gz:", "isbn",
		"rechnung", "bestell", "auftrag", "kunden", "vertrags", "drucksache", "drs.", "vorlage", "§", "art.", "plz", "postfach",
		"ausweis", "versicherungsnummer", "versichertennummer", "kvnr", "rvnr", "id-nr", "idnr", "identifikation", "personalnummer",
		"kassenzeichen", "vorgang", "ticket", "artikel", "seriennummer", "serialnumber", "serial number", "version", "€", "eur ", "betrag", "haushaltsstelle",
		"lieferschein", "kostenstelle", "sachkonto", "zähler", "beleg", "buchung", "meeting-nr", "kennnummer", "losnummer",
		"konferenz-id", "konferenz id", "konferenzkennung", "meeting-id", "meeting id", "besprechungs-id", "conference id",
		"issn", "referenz", "registriernummer", "vvvo", "viehverk", "investition", "fund-nr", "fundnr", "fundnummer", "inventar", "geräte-nr", "gerätenummer", "leitweg",
		// round 65: the parts of a Haushaltsstelle ("Kapitel 20 02, Titel 613 01"; "Titel " holds "tel ") and a
		// vessel's European number ("ENI 02331457")
		"titel ", "kapitel ", "eni ", "schiffsnummer"},
}.Compile()

var shortNumbers = map[string]bool{"110": true, "112": true, "115": true, "116116": true, "116117": true, "116000": true, "116111": true, "19222": true}

func isPhoneSep(c byte) bool {
	return c == ' ' || c == '-' || c == '/' || c == '.' || c == '(' || c == ')'
}

func (phoneDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	n0 := len(dst)
	var buf [17]byte // a number's digits: no more than 17 (tooLong below)
	digits := buf[:0]
	next := 0
	for _, r := range t.DigitRuns() {
		if r.Start < next {
			continue
		}
		s := r.Start
		start := s
		intl, glued := false, false
		switch {
		case s >= 1 && b[s-1] == '+':
			start, intl = s-1, true
		case s >= 1 && b[s-1] == '(':
			start = s - 1
			if s >= 2 && b[s-2] == '+' {
				start, intl = s-2, true
			}
		}
		if k := start; k > 0 && (b[k-1] == ']' || k > 1 && strings.IndexByte("/-.+,:", b[k-1]) >= 0 && b[k-2] == ']') {
			glued = true
		}
		// Read digit groups joined by short separator runs.
		digits = digits[:0]
		end := s
		firstGroup := 0
		groupsN := 0
		dot := false
		i := s
		tooLong := false
		closeInside := false // a ')' between two digit groups: "(0228) 12 34"
		anySlash := false    // a '/' between two digit groups so far
		for {
			g := i
			for i < len(b) && isDigit(b[i]) {
				i++
			}
			if len(digits)+(i-g) > 17 {
				tooLong = true
				// Consume the rest of the run so the next anchor is past it.
				end = i
				break
			}
			digits = append(digits, b[g:i]...)
			end = i
			groupsN++
			if groupsN == 1 {
				firstGroup = i - g
			}
			// Separator run of at most 3 bytes, then a digit.
			k := i
			slash, nsep := 0, 0
			for k < len(b) && nsep < 3 {
				if k > i && b[k-1] == ' ' && hasPrefixAt(b, k, "– ") && !anySlash && len(digits) >= 3 && digits[0] == '0' { // an en dash between blanks: "0163 – 774 29 51", not "01/2024 – 03/2024"
					k += len("–")
				} else if k == i && b[k] == '-' && !anySlash && len(digits) >= 4 && digits[0] == '0' && (hasPrefixAt(b, k+1, "\n") || hasPrefixAt(b, k+1, "\r\n")) {
					// a PDF's or OCR's hyphen breaking the number over a line: "Telefon 03464 535-\n4127"
					k += 2
					if b[k-1] == '\r' {
						k++
					}
				} else if isPhoneSep(b[k]) {
					if b[k] == '/' {
						slash++
					}
					k++
				} else {
					break
				}
				nsep++
			}
			if k == i || k >= len(b) || !isDigit(b[k]) || slash > 1 {
				break
			}
			sepRun := b[i:k]
			if bytes.Contains(sepRun, []byte(". ")) {
				break // a sentence end: "Tel. 0157 33918264. 2023 Hilfe zur Erziehung"
			}
			if containsByte(sepRun, '(') && groupsN >= 2 {
				break // a remark in brackets after the number: "02273 609-9911 (24/7)"; "+49 (0) 228 …" opens after one group
			}
			anySlash = anySlash || slash > 0
			if containsByte(sepRun, ')') {
				closeInside = true
			}
			if containsByte(sepRun, '.') {
				dot = true
			}
			// A new number starting with 0 after a complete one.
			if b[k] == '0' && len(digits) >= 6 && (containsByte(sepRun, '/') || containsByte(sepRun, ',')) {
				break
			}
			i = k
		}
		next = end
		if glued {
			// "[PHONE_1]+10000000", "[PHONE_1]/0100000", "[PHONE_1],+10000000",
			// "[PHONE_1]+0 0100000": glued to a placeholder as to the digits it
			// replaced (see below), the rest of a redacted number, with all its
			// groups
			continue
		}
		// An opening parenthesis belongs to the number only when it closes
		// inside it; "(0157 38201947)" is a number in parentheses.
		if start == s-1 && b[start] == '(' && !closeInside {
			start = s
		}
		if tooLong {
			continue
		}
		n := len(digits)
		if start > 0 {
			p := b[start-1]
			if isAlnum(p) || p == '_' || (p == '.' || p == ',' || p == '/' || p == '-' || p == ':') && start >= 2 && isDigit(b[start-2]) && !afterNumberCell(b, s, start, end) {
				continue
			}
		}
		if end < len(b) {
			c := b[end]
			if isAlnum(c) || (c == ',' || c == '.' || c == ':') && end+1 < len(b) && isDigit(b[end+1]) && !csvCell(b, s, start, end) || c == '%' {
				continue
			}
			if c == '<' && !phoneElementEnd(t.Lower(), end) || start > 0 && b[start-1] == '<' {
				continue // a field of a machine-readable zone: "0204174<3109225D<<<" (not an XML element's end tag: "<telefon>0521 4881290</telefon>")
			}
			if c == '-' && end+1 < len(b) && isUpper(b[end+1]) {
				continue // a reference with a letter code: "Mandatsreferenz: 0000302114-GR"
			}
		}
		if dot && firstGroup <= 2 {
			continue // dates and times like 01.02.2024 or 08.30
		}
		if groupsN == 3 && slashDate(b[s:end]) {
			continue // a date written with slashes: "passed on 02/09/2026", "am 9/11/2025"
		}
		if numberOfYear(b, s, end, groupsN, firstGroup) {
			continue // Dienstanweisung Nr. 7/2024, Drucksache 112/2023
		}
		if groupsN == 2 && firstGroup <= 6 && b[s+firstGroup] == '/' && end-(s+firstGroup+1) == 4 && capsLabelBefore(b, start) &&
			(b[end-4] == '2' && b[end-3] == '0' || b[end-4] == '1' && b[end-3] == '9') {
			continue // a serial and a year after a register's capitals: "BV 0812/2026", "SG 0071/2025"
		}
		if groupsN == 2 && firstGroup == 4 && b[s+4] == '-' && end-s-5 <= 3 && (b[s] == '2' && b[s+1] == '0' || b[s] == '1' && b[s+1] == '9') {
			continue // a year and a serial or a month: "Fund-Nr. 2025-318", "Stand 2024-06"
		}
		if n == 6 && digits[0] == '1' && digits[1] == '1' && digits[2] == '6' {
			continue // a harmonised service number: "116 016", "116 123"
		}
		after := t.After(end, 6)
		if hasPrefixFold(after, " uhr") || hasPrefixFold(after, " h ") || hasPrefixFold(after, " €") || hasPrefixFold(after, " eur") || hasPrefixFold(after, " euro") {
			continue
		}
		// The shape first, the label words around it only for a shape that
		// can be a telephone number.
		var score float64
		switch {
		case intl:
			if digits[0] == '0' || n < 8 || n > 17 {
				continue
			}
			score = 0.9
		case n >= 2 && digits[0] == '0' && digits[1] == '0':
			if n < 10 || n > 19 {
				continue
			}
			score = 0.9
		case digits[0] == '0':
			if n < 7 || n > 16 {
				continue
			}
			score = 0.8
			if groupsN == 1 && n > 12 {
				score = 0.6
			}
		default:
			if n < 5 || n > 12 || shortNumbers[string(digits)] {
				continue
			}
			score = 0.7
		}
		pos, neg := phoneNear(t, start, end)
		// glued to a code: "BSI TR-02102-2", "KT-0228-2025", "ags:06438001";
		// only a label makes it a number (Tel-0228 …, tel:0228 …)
		// (a label elsewhere, or "Titel:" on the next line, does not count)
		if start >= 2 && (b[start-1] == '-' || b[start-1] == ':') && isLetter(b[start-2]) && !labelGlued(t.LineBefore(start, 16)) &&
			!vcardTel(t, start) {
			continue
		}
		// the last part of a dotted identifier: an XML element or a Java
		// package ("<xjustiz:nachricht.betreuung.0100001>"), no label can
		// stand so
		if start >= 2 && b[start-1] == '.' && isLowerASCII(b[start-2]) {
			continue
		}
		// one unseparated group without a phone label in a sentence about
		// an identity document is its number: "ausweisnr …, ihre eigene nr.
		// ist rumänisch: 058123477"
		if groupsN == 1 && !pos && !intl && idDocumentBefore(t.LineBefore(start, 160)) {
			continue
		}
		// one unseparated group right after an official key's label is the
		// key, whatever the next line says: "Behoerdenschluessel=05382056"
		if groupsN == 1 && !intl && officialKeyBefore(t.LineBefore(start, 32)) {
			continue
		}
		if !intl && normBefore(t, start) {
			continue // a standard's number: "DIN VDE 0100-600", "DIN EN 1176-1", "ISO/IEC 27001"
		}
		if groupsN == 1 && !intl && !pos && recordKeyBefore(t.LineBefore(start, 24)) {
			continue // "login denied reader=08103346", "user_id=0420117": the key names a record's number
		}
		if !intl && vatLabelBefore(t.LineBefore(start, 16)) {
			continue // "VAT LU 2418 7733", "USt-IdNr. 1234 5678": a VAT number, whatever label stands further before
		}
		if !intl && groupsN == 1 && idDocumentColumn(b, start, end) {
			continue // a cell "RO 051284736" under "Reisepass/ID": the document's number (a "Handy" header beside it is another column's)
		}
		if !intl && !pos && groupsN > 1 && numberWordBefore(t.LineBefore(start, 8)) && idDocumentBefore(t.LineBefore(start, 160)) {
			continue // "Ausweisdokument: carte d'identité LU, Nr. 0012 3345 67": the document's number in groups
		}
		if !intl && !pos && thingNumberLabel(t.LineBefore(start, 40)) {
			continue // "Mediennummer 0027781934", "Mitglieds-Nr. 0123456": another number's label
		}
		// a subscriber number never begins with 0: "0412-0087" (a voter
		// list's district and serial) is no area code and number
		if !intl && !pos && groupsN >= 2 && firstGroup >= 3 && firstGroup <= 5 && digits[1] != '0' && !dot &&
			s+firstGroup+1 < len(b) && b[s+firstGroup] != ' ' && b[s+firstGroup+1] == '0' {
			continue
		}
		// a PLZ before its town: "Steinbacher Hohl 48, 60488 Frankfurt",
		// also opening its line under a Postfach ("Postfach 1147\n69257
		// Wiesenbach\nTel. …"; round 70, blind45 063): a label on the next
		// line does not make it a number
		if groupsN == 1 && n == 5 && digits[0] != '0' && end+1 < len(b) && b[end] == ' ' && isCap(b, end+1) && start > 0 && (b[start-1] == ' ' || b[start-1] == '\n') {
			if p, _ := phoneContext.m.find(t.LineBefore(start, 16), nil); !p {
				continue
			}
		}
		switch {
		case intl:
			neg = false // "+49 …" is a telephone number whatever the label
		case digits[0] != '0' && (!pos || neg):
			continue // a number without a leading zero needs a label
		case digits[0] != '0' && (start == 0 || b[start-1] == '\n') && end < len(b) && (b[end] == ';' || b[end] == '\t'):
			continue // … not a header's: "Kreditorennr;…;Telefon\n70011;…", the first cell is another column
		case digits[0] != '0' && start >= 2 && b[start-1] == '(' && b[start-2] == '\n' && end < len(b) && b[end] == ',':
			continue // … nor an SQL row's first value, its id: "…, telefon) VALUES\n(40811, '…'"
		case digits[0] != '0' && n <= 6 && extensionBefore(t, start):
			continue // … a bare extension after its word: "Nebenstelle 2-3714", "Durchwahl: 22 17"
		case digits[0] != '0' && bytes.Contains(t.Before(start, 40), []byte("[phone_")):
			continue // … of its own: "Handy [PHONE_1] … 10000", the label was the redacted number's
		case digits[0] != '0' && start > 0 && strings.IndexByte(" \t\n\r:.(/", b[start-1]) < 0:
			continue // … and a blank or a label's punctuation before it ("!10000" is none)
		}
		if neg && !pos {
			continue
		}
		// random digits of a keep-alive: one unseparated group without a
		// label that a ping, heartbeat or nonce key stands before on its
		// line: '{"type":"ping","data":"0482917365"}'. A number that is a
		// whole text stays one: the proxy scans every JSON string apart
		// ('{"telefon":"02211234567"}' is the text "02211234567").
		if groupsN == 1 && !pos && !intl && pingBefore(t.LineBefore(start, 64)) {
			continue
		}
		if pos {
			score += (1 - score) / 2
		}
		dst = append(dst, Finding{Type: "PHONE", Start: start, End: end, Score: score})
	}
	return spokenPhones(t, ocrPhones(t, brokenPhones(t, dst, n0), n0))
}

// brokenPhones runs a labelled number that ends its line on over a next line
// of two to five digits alone, as a PDF's copy breaks a number at the line's
// end ("Telefon: 0711 / 6489\n3320"), the digits before the break of two
// groups at least and all of them fourteen at most.
func brokenPhones(t *Text, dst []Finding, n0 int) []Finding {
	b, low := t.Raw, t.Lower()
	for i := n0; i < len(dst); i++ {
		f := &dst[i]
		k := f.End
		if k < len(b) && b[k] == '\r' {
			k++
		}
		if k >= len(b) || b[k] != '\n' || !phoneLabelBefore(low, f.Start) || indexDigit(b[f.Start:f.End]) < 0 || bytes.IndexAny(b[f.Start:f.End], " /-") < 0 {
			continue
		}
		d := digitsAt(b, k+1)
		if d-k-1 < 2 || d-k-1 > 5 || d < len(b) && b[d] != '\n' && b[d] != '\r' {
			continue
		}
		if digitCount(b[f.Start:f.End])+d-k-1 > 14 {
			continue
		}
		f.End = d
	}
	return dst
}

// spokenDigits are the German words for one digit, as a dictation speaks a
// telephone number digit by digit ("telefon null sechs zwei null eins …";
// "zwo" is the spoken two). "eins" comes before "ein": a word must end
// after it.
var spokenDigits = [...]string{"null", "eins", "ein", "zwei", "zwo", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"}

// spokenDigitAt returns the length of the digit word at low[k:], 0 if none.
func spokenDigitAt(low []byte, k int) int {
	for _, w := range spokenDigits {
		if e := k + len(w); e <= len(low) && string(low[k:e]) == w && (e == len(low) || !isLetter(low[e]) && low[e] < 0x80) {
			return len(w)
		}
	}
	return 0
}

// spokenPhones finds a telephone number spoken digit by digit in a
// dictation after a telephone label ("telefon null sechs zwei null eins
// vier sieben drei acht eins neun", "Erreichbar unter null eins fünf eins,
// vier vier zwei, acht neun, null eins", "handynummer der mutter null eins
// fünf …"): digit words from a "null" on, one blank or a comma and a blank
// between them, seven to fifteen in all, with a telephone label within
// three words before them on the line (or at the end of the line before)
// and no digit word between; "Strich" or "Schrägstrich" may stand between
// two groups (round 78). A date spoken so ("null vier null acht
// neunzehnhundert…": four digits), a postcode (five) and words without a
// label stay out.
func spokenPhones(t *Text, dst []Finding) []Finding {
	hs := t.keyHits(keyNull)
	if len(hs) == 0 {
		return dst
	}
	b, low := t.Raw, t.Lower()
	next := 0
	for _, h := range hs {
		if h < next || !isWordStartAt(b, h) || spokenDigitAt(low, h) == 0 {
			continue
		}
		e, k, n := h, h, 0
		for n <= 15 {
			w := spokenDigitAt(low, k)
			if w == 0 {
				break
			}
			n, k = n+1, k+w
			e = k
			switch {
			case spokenSlashAt(low, k) > 0:
				k += spokenSlashAt(low, k)
			case k+1 < len(b) && b[k] == ' ':
				k++
			case k+2 < len(b) && b[k] == ',' && b[k+1] == ' ':
				k += 2
			default:
				k = len(b)
			}
			if k >= len(b) {
				break
			}
		}
		next = e
		if n < 7 || n > 15 || !spokenPhoneLabel(low, h) {
			continue
		}
		dst = append(dst, Finding{Type: "PHONE", Start: h, End: e, Score: 0.8})
	}
	return dst
}

// spokenSlashes are the separators a dictation speaks between a number's
// groups: "null eins sieben sechs Strich zwei zwei …", "null sechs acht fünf
// eins Schrägstrich acht null …".
var spokenSlashes = [...]string{" strich ", " schrägstrich ", " bindestrich "}

// spokenSlashAt returns the length of a spoken separator at k with a digit
// word after it, or 0.
func spokenSlashAt(low []byte, k int) int {
	for _, w := range spokenSlashes {
		if hasPrefixAt(low, k, w) && spokenDigitAt(low, k+len(w)) > 0 {
			return len(w)
		}
	}
	return 0
}

// spokenPhoneLabels name a telephone in a dictation, as words or the start
// of one ("telefonnummer", "handynummer", "rückrufnummer").
var spokenPhoneLabels = [...]string{"telefon", "tel", "handy", "mobil", "rufnummer", "festnetz", "erreichbar"}

// spokenPhoneLabel reports a telephone label among the three words before
// s on its line, none of them a digit word: "telefon ", "handynummer der
// mutter ", "erreichbar unter ", and the bare words "nummer" and "unter"
// ("meine nummer ist ", "kofler unter ").
func spokenPhoneLabel(low []byte, s int) bool {
	k := s
	for words := 0; words < 4; words++ {
		for k > 0 && (low[k-1] == ' ' || low[k-1] == ',' || low[k-1] == ':' || words == 0 && low[k-1] == '\n') {
			k--
		}
		ws := k
		for ws > 0 && (isLetter(low[ws-1]) || low[ws-1] >= 0x80 || low[ws-1] == '.' || low[ws-1] == '-') {
			ws--
		}
		if ws == k || spokenDigitAt(low, ws) == k-ws {
			return false
		}
		w := low[ws:k]
		if string(w) == "nummer" || string(w) == "unter" || string(w) == "zurück" {
			return true // "meine nummer ist null drei …", "rückruf bitte unter null acht …", "rufen sie mich zurück null eins …"
		}
		for _, l := range spokenPhoneLabels {
			if i := bytes.Index(w, []byte(l)); i >= 0 && (i == 0 || l == "rufnummer") && (l != "tel" || len(w) == 3 || w[3] == '.') {
				return true
			}
		}
		k = ws
	}
	return false
}

// ocrPhones finds a telephone number in which an OCR read a zero as the
// letter O or a one as l ("Tel. O201 7348812", "Telefon: 0l76 2O48 8813",
// "Te1. O2651 9543-118"): right after a telephone label, groups of digits
// and those two letters, the first starting the number with 0 or O, a letter
// in one of them, each group ending before no other letter, at least six
// real digits and seven to fifteen in all once read as digits. A finding of
// its digits alone gives way to it.
func ocrPhones(t *Text, dst []Finding, n0 int) []Finding {
	b := t.Raw
	low := t.Lower()
	next := 0
	for _, r := range t.DigitRuns() {
		if r.Start < next || !ocrLetterNear(b, r.Start, r.End) {
			continue // most runs have no O or l beside them: nothing to read
		}
		s := r.Start
		for s > 0 && (b[s-1] == 'O' || b[s-1] == 'l' || isDigit(b[s-1])) {
			s--
		}
		for s > 0 && s > r.Start-24 && (isPhoneSep(b[s-1]) && b[s-1] != '.' || b[s-1] == 'O' || b[s-1] == 'l' || isDigit(b[s-1])) {
			s-- // back over the earlier groups of the same number ("O6841 / 7732O5")
		}
		for s < r.Start && !(b[s] == 'O' || b[s] == 'l' || isDigit(b[s])) {
			s++
		}
		for s < r.Start && s > 0 && IsWordByte(b[s-1]) {
			// the group went back into a word ("Tel 0l76": the label's l):
			// the number starts at the next group
			for s < r.Start && (b[s] == 'O' || b[s] == 'l' || isDigit(b[s])) {
				s++
			}
			for s < r.Start && !(b[s] == 'O' || b[s] == 'l' || isDigit(b[s])) {
				s++
			}
		}
		if s > 0 && IsWordByte(b[s-1]) {
			continue
		}
		e, real, all, letter := s, 0, 0, false
		for k := s; k < len(b) && k < s+32; {
			g, gr, gl := k, 0, false
			for g < len(b) && (isDigit(b[g]) || b[g] == 'O' || b[g] == 'l') {
				if isDigit(b[g]) {
					gr++
				} else {
					gl = true
				}
				g++
			}
			if g == k || g < len(b) && (isLetter(b[g]) || b[g] >= 0x80) {
				break
			}
			real, all, letter = real+gr, all+g-k, letter || gl
			e = g
			k = g
			for k < len(b) && k < g+3 && (b[k] == ' ' || b[k] == '-' || b[k] == '/') {
				k++
			}
			if k == g || k < len(b) && b[k] == ' ' {
				break
			}
		}
		next = e
		if !letter || real < 6 || all < 7 || all > 15 || b[s] != '0' && b[s] != 'O' || !phoneLabelBefore(low, s) {
			continue
		}
		keep := dst[:n0]
		for _, f := range dst[n0:] {
			if f.End <= s || f.Start >= e {
				keep = append(keep, f)
			}
		}
		dst = append(keep, Finding{Type: "PHONE", Start: s, End: e, Score: 0.8})
	}
	return dst
}

// ocrLetterNear reports an O or l right before or after the digit run [s,
// e), or after one separator following it ("4412-O").
func ocrLetterNear(b []byte, s, e int) bool {
	ocr := func(i int) bool { return i >= 0 && i < len(b) && (b[i] == 'O' || b[i] == 'l') }
	return ocr(s-1) || ocr(e) || e < len(b) && (b[e] == ' ' || b[e] == '-' || b[e] == '/') && ocr(e+1)
}

// phoneLabelBefore reports a telephone label right before s, over blanks
// and a colon: "Tel.", "Te1." (an OCR's), "Telefon", "Tel:", "Telefon :".
func phoneLabelBefore(low []byte, s int) bool {
	k := s
	for k > 0 && (low[k-1] == ' ' || low[k-1] == ':') {
		k--
	}
	if k == s {
		return false
	}
	for _, l := range [...]string{"tel.", "te1.", "tel", "telefon", "fon", "mobil", "handy"} {
		if k >= len(l) && string(low[k-len(l):k]) == l && (k == len(l) || !isLetter(low[k-len(l)-1]) && low[k-len(l)-1] < 0x80) {
			return true
		}
	}
	return false
}

// normBodies publish standards; a number right after one of them (or after
// two, "DIN EN", "DIN VDE") is the standard's.
var normBodies = [...]string{"din", "vde", "en", "iso", "iec", "ds", "vdi", "dvgw", "ansi", "iso/iec"}

// normBefore reports a standards body's abbreviation right before start.
func normBefore(t *Text, start int) bool {
	if start < 3 || t.Raw[start-1] != ' ' || !isUpper(t.Raw[start-2]) {
		return false
	}
	ps, pe := prevWord(t.Raw, start)
	if ps > 0 && t.Raw[ps-1] == '/' { // "ISO/IEC 27001"
		ps, _ = prevWord(t.Raw, ps-1)
	}
	if pe-ps < 2 || pe-ps > 7 {
		return false
	}
	for _, c := range t.Raw[ps:pe] {
		if !isUpper(c) && c != '/' {
			return false // written in capitals: "Frau Din 0171 …" is a name
		}
	}
	w := string(t.Lower()[ps:pe])
	for _, x := range normBodies {
		if w == x {
			return true
		}
	}
	return false
}

// extensionWords name an extension of the switchboard's number; the digits
// after them alone are no telephone number.
var extensionWords = [...]string{"nebenstelle", "durchwahl", "apparat", "app.", "nst.", "ext.", "extension", "hausruf"}

// extensionBefore reports an extension word right before start, perhaps
// with a colon.
func extensionBefore(t *Text, start int) bool {
	if start < 5 || !isLetter(t.Raw[start-2]) && t.Raw[start-2] != '.' && t.Raw[start-2] != ':' {
		return false
	}
	k := start
	for k > 0 && k > start-2 && (t.Raw[k-1] == ' ' || t.Raw[k-1] == ':') {
		k--
	}
	ps, pe := prevWord(t.Raw, k)
	if pe-ps < 4 || pe-ps > 11 || start-pe > 2 {
		return false
	}
	w := string(t.Lower()[ps:pe])
	for _, x := range extensionWords {
		if w == x {
			return true
		}
	}
	return false
}

// phoneNumberWords name telephone numbers in a label ending in -nummer or
// -nr.: Telefonnummer, Handynummer, Servicenummer, Notfall-Nr. …
var phoneNumberWords = [...]string{"tel", "fon", "fax", "handy", "mobil", "ruf", "service", "notfall", "notruf", "hotline",
	"kontakt", "bereitschaft", "durchwahl", "sms", "whatsapp", "zentral", "direkt", "call", "signal", "anschluss",
	"netz", "privat", "vorwahl", "sammel"}

// recordKeys are keys of a log line or a query that name the number of a
// record, an account or its holder, not a telephone number.
var recordKeys = [...]string{"reader", "user", "uid", "userid", "patron", "borrower", "member", "customer", "client",
	"account", "acct", "card", "leser", "benutzer", "kunde", "mitglied", "konto", "ausweis", "id", "nr", "no",
	"badge", "transponder", "chip"} // round 39: an access badge's number in a door controller's log

// recordKeyBefore reports "key=" right before a number (the text before
// ends in '='), the key one of recordKeys or ending in "_id", "id", "_nr",
// "_no" ("reader=", "user_id=", "kundenNr="): a record's number, which only a
// telephone key (queryPhoneKey, a positive word) makes a telephone number.
func recordKeyBefore(before []byte) bool {
	if len(before) < 2 || before[len(before)-1] != '=' {
		return false
	}
	e := len(before) - 1
	i := e
	for i > 0 && e-i < 24 && (isLetter(before[i-1]) || before[i-1] == '_' || before[i-1] == '-') {
		i--
	}
	if i == e || i > 0 && isDigit(before[i-1]) {
		return false
	}
	k := bytes.ToLower(before[i:e])
	for _, w := range [...]string{"tel", "phone", "fon", "fax", "mobil", "handy", "caller", "msisdn", "sms", "ruf"} {
		if bytes.Contains(k, []byte(w)) {
			return false // "caller_id=", "telefon_nr=": a telephone number's key
		}
	}
	for _, w := range recordKeys {
		if string(k) == w {
			return true
		}
	}
	return bytes.HasSuffix(k, []byte("_id")) || bytes.HasSuffix(k, []byte("-id")) || bytes.HasSuffix(k, []byte("_nr")) ||
		bytes.HasSuffix(k, []byte("_no")) || len(k) > 4 && (bytes.HasSuffix(k, []byte("id")) || bytes.HasSuffix(k, []byte("nr")))
}

// thingNumberLabel reports a label of another kind of number right before a
// candidate: one word ending in "nummer" or "nr." with a prefix that is no
// telephone word ("Mediennummer", "Mitglieds-Nr.:", "Barcode-Nummer");
// "Nummer" alone ("unter der Nummer 0228 …") is no such label.
func thingNumberLabel(before []byte) bool {
	b := bytes.TrimRight(before, " \t:#")
	e := len(b)
	i := e
	for i > 0 && (isLetter(b[i-1]) || b[i-1] == '-' || b[i-1] == '.' || b[i-1] >= 0x80) {
		i--
	}
	w := bytes.TrimSuffix(b[i:e], []byte("."))
	var stem []byte
	switch {
	case bytes.HasSuffix(w, []byte("nummer")):
		stem = w[:len(w)-len("nummer")]
	case bytes.HasSuffix(w, []byte("-nr")) || bytes.HasSuffix(w, []byte("nr")) && len(w) > 2 && w[len(w)-3] >= 'a':
		stem = w[:len(w)-2]
	default:
		return false
	}
	// an abbreviation before a hyphen names a register too: "PQ-Nr.",
	// "HR-Nr.", "KD-Nr."
	abbr := len(stem) == 3 && stem[2] == '-' && isLetter(stem[0]) && isLetter(stem[1])
	stem = bytes.TrimRight(stem, "-s")
	if len(stem) < 3 && !abbr {
		return false
	}
	for _, x := range phoneNumberWords {
		if bytes.Contains(stem, []byte(x)) {
			return false
		}
	}
	return true
}

// csvCell reports a number [start, end) with a leading zero and a blank
// between its groups that fills a cell of a comma-separated row: a comma
// before and after it ("…\",05562 8832,31.03.2027,…"). A comma and a digit
// after a number are else a decimal's ("8832,31"), but a decimal has no
// blank inside.
func csvCell(b []byte, s, start, end int) bool {
	return start > 0 && b[start-1] == ',' && b[end] == ',' && b[s] == '0' && bytes.IndexByte(b[s:end], ' ') > 0
}

// afterNumberCell reports a number [start, end) with a leading zero and a
// blank between its groups in the last cell of a comma-separated row, after
// a cell of plain digits: "…,Burg-Dorf,1,0173 6120448", "…,Hühner,14,039727
// 20 318" (a pair's number, a count, a rating before the parents'
// telephone). A comma between digits is else a decimal's ("1,0173"), but a
// decimal has no blank inside and does not end a row so.
func afterNumberCell(b []byte, s, start, end int) bool {
	if b[start-1] != ',' || b[s] != '0' || bytes.IndexByte(b[s:end], ' ') < 0 || end < len(b) && b[end] != '\n' && b[end] != '\r' {
		return false
	}
	k := start - 1
	for k > 0 && isDigit(b[k-1]) {
		k--
	}
	return k == 0 || b[k-1] == ',' || b[k-1] == '\n'
}

// vcardTel reports the TEL property of a vCard with its parameters before
// the number at start: "TEL;TYPE=CELL:+49 157 …", "TEL;TYPE=WORK,VOICE:02103
// 72-418", Apple's "item1.TEL;type=pref:"; the line up to the colon has no
// blank.
func vcardTel(t *Text, start int) bool {
	b, low := t.Raw, t.Lower()
	ls := t.lineStart(start)
	if start-ls > 64 || b[start-1] != ':' || bytes.IndexByte(b[ls:start], ' ') >= 0 {
		return false
	}
	if hasPrefixFold(low[ls:start], "item") {
		if d := bytes.IndexByte(b[ls:start], '.'); d > 0 {
			ls += d + 1
		}
	}
	return hasPrefixFold(low[ls:start], "tel;")
}

// labelGlued reports a phone label right before a number glued to it
// ("Tel-0228 …", "tel:0228 …", "Fax:0228").
func labelGlued(before []byte) bool {
	for _, w := range []string{"tel", "fon", "fax", "mobil", "handy"} {
		if i := bytes.LastIndex(before, []byte(w)); i >= 0 && len(before)-i <= len(w)+2 {
			return true
		}
	}
	return false
}

// officialKeys label the keys of authorities and municipalities
// (Amtlicher Gemeindeschlüssel, Behördenschlüssel, Regionalschlüssel), eight
// to twelve digits with a leading zero, like a telephone number.
var officialKeys = [...]string{"schlüssel", "schluessel", "gemeindekennzahl", "gemeindekennziffer", "ags"}

// officialKeyBefore reports an official key's label that ends the text
// before a number ("behoerdenschluessel=", "gemeindeschlüssel: ", "ags ").
func officialKeyBefore(before []byte) bool {
	b := bytes.TrimRight(before, " \t:=")
	for _, w := range officialKeys {
		if bytes.HasSuffix(b, []byte(w)) {
			return true
		}
	}
	return false
}

// idDocumentBefore reports words of identity documents in the text before
// a number.
func idDocumentBefore(before []byte) bool {
	for _, w := range []string{"ausweis", "perso", "reisepass", "pass-nr", "passnummer", "dokumentennummer", "id card", "id-card"} {
		if bytes.Contains(before, []byte(w)) {
			return true
		}
	}
	return false
}

// vatLabels are the labels of a VAT identification number: German,
// English, French and Luxembourgish.
var vatLabels = [...]string{"vat", "vat no", "vat no.", "vat-id", "vat id", "ust-idnr.", "ust-idnr", "ust-id", "ustid", "ust.-id", "tva", "uid"}

// vatLabelBefore reports a VAT label right before a number, with an
// optional country code between them ("VAT LU 2418 7733", "TVA FR ",
// "USt-IdNr.: "): a VAT number, never a telephone number. The label is a
// word of its own ("privat " is none).
func vatLabelBefore(before []byte) bool {
	b := bytes.TrimRight(before, " \t:#")
	// a country code: two letters after a blank
	if n := len(b); n >= 3 && isLowerASCII(b[n-1]) && isLowerASCII(b[n-2]) && b[n-3] == ' ' {
		b = bytes.TrimRight(b[:n-3], " \t:")
	}
	for _, w := range vatLabels {
		if bytes.HasSuffix(b, []byte(w)) && (len(b) == len(w) || !isAlnum(b[len(b)-len(w)-1]) && b[len(b)-len(w)-1] < 0x80) {
			return true
		}
	}
	return false
}

// numberWordBefore reports "Nr.", "Nummer", "No." or "Number" right before
// a number: the number's own label, which says nothing of a telephone.
func numberWordBefore(before []byte) bool {
	b := bytes.TrimRight(before, " \t:")
	for _, w := range [...]string{"nr.", "nr", "nummer", "no.", "number"} {
		if bytes.HasSuffix(b, []byte(w)) && (len(b) == len(w) || !isAlnum(b[len(b)-len(w)-1])) {
			return true
		}
	}
	return false
}

// idDocumentColumn reports a number in a table cell (the cell may hold a
// country code before it: "RO 051284736") whose column's header names an
// identity document and no telephone ("Reisepass/ID", "Ausweis-Nr.").
func idDocumentColumn(b []byte, start, end int) bool {
	cs := start
	for cs > 0 && start-cs < 8 && b[cs-1] != '\t' && b[cs-1] != ';' && b[cs-1] != '|' && b[cs-1] != '\n' {
		cs--
	}
	for cs < start && b[cs] == ' ' {
		cs++
	}
	if cs < start && (start-cs != 3 || !isUpper(b[cs]) || !isUpper(b[cs+1]) || b[cs+2] != ' ') {
		return false // only a country code may stand before the number in its cell
	}
	hs, he, ok := columnHeader(b, cs, end)
	if !ok || he-hs > 40 {
		return false
	}
	h := bytes.ToLower(b[hs:he])
	for _, w := range phoneNumberWords {
		if bytes.Contains(h, []byte(w)) {
			return false
		}
	}
	return idDocumentBefore(h)
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

// phoneNear looks for label words around a candidate: positive words in the
// whole window (a "Telefon:" label may stand on the line above), negative
// words only on the candidate's own line, so that the next line's label
// ("Steuernummer:") does not veto a telephone number.
func phoneNear(t *Text, start, end int) (pos, neg bool) {
	pos, _ = phoneContext.Near(t, start, end)
	before := t.LineBefore(start, 32)
	// a list of contact details: only the item's own words count against
	// it ("Eva Lindner, Entgeltabrechnung, 05141 12-287")
	if k := bytes.LastIndex(before, []byte(", ")); k >= 0 {
		before = before[k+2:]
	}
	// … and only the own sentence: "120,00 €. Rückfragen: 0471 590-2317"
	// (a sentence end after a digit or a sign, not an abbreviation: Az. …)
	if k := bytes.LastIndex(before, []byte(". ")); k > 0 && !isLetter(before[k-1]) && before[k-1] < 0x80 || k >= 3 && hasPrefixAt(before, k-3, "€") ||
		sentenceEndWord(before, k) {
		before = before[k+2:]
	}
	after := t.After(end, 24)
	if k := indexNL(after); k >= 0 {
		after = after[:k]
	}
	// … and so on the other side: "Herr Janssen, 04941 9240-117,
	// kundenservice.aurich@…" (the next item is an address, no label)
	if k := bytes.Index(after, []byte(", ")); k >= 0 {
		after = after[:k]
	}
	// … and a Markdown table's next cell ("| 0163 7712 409 | Parkausweis für …")
	if k := bytes.Index(after, []byte(" |")); k >= 0 {
		after = after[:k]
	}
	_, neg = phoneContext.m.find(before, after)
	if queryPhoneKey(t.Raw, start) {
		return true, false // "?dienst=ausweis&tel=0151…": the parameter names the number, whatever the log line says
	}
	return pos, neg
}

// queryPhoneKeys are the keys of a URL query or form parameter whose value
// is a telephone number.
var queryPhoneKeys = []string{"tel", "telefon", "telefonnummer", "telnr", "phone", "phone_number", "phonenumber",
	"mobile", "mobil", "mobilnummer", "handy", "rufnummer"}

// queryPhoneKey reports "key=" of queryPhoneKeys right before start, the key
// after '?', '&', ';' or a blank ("?tel=0151…", "&mobil=0171…").
func queryPhoneKey(b []byte, start int) bool {
	if start < 2 || b[start-1] != '=' {
		return false
	}
	k := start - 1
	for k > 0 && start-1-k < 16 && (isLetter(b[k-1]) || b[k-1] == '_') {
		k--
	}
	if k == start-1 || k > 0 && !strings.ContainsRune("?&; \t", rune(b[k-1])) {
		return false
	}
	key := strings.ToLower(string(b[k : start-1]))
	return slices.Contains(queryPhoneKeys, key)
}

func indexNL(b []byte) int {
	for i, c := range b {
		if c == '\n' {
			return i
		}
	}
	return -1
}

// numberOfYear reports a serial number of a year ("7/2024", "112/2023"):
// two groups joined by a slash, the first of one to three digits without a
// leading zero, the second a year from 1950 to 2099.
func numberOfYear(b []byte, s, end, groups, first int) bool {
	if groups != 2 || first > 3 || b[s] == '0' || end-4 < s+first+1 || b[s+first] != '/' || end-(s+first+1) != 4 {
		return false
	}
	y := b[end-4:]
	return y[0] == '2' && y[1] == '0' || y[0] == '1' && y[1] == '9' && y[2] >= '5'
}

// capsLabelBefore reports two to five capitals and a blank right before
// start, a word of their own that is no phone label ("BV 0812/2026"; not
// "TEL 0812/2026").
func capsLabelBefore(b []byte, start int) bool {
	if start < 3 || b[start-1] != ' ' {
		return false
	}
	k := start - 1
	for k > 0 && start-1-k < 6 && isUpper(b[k-1]) {
		k--
	}
	n := start - 1 - k
	if n < 2 || n > 5 || k > 0 && (isAlnum(b[k-1]) || b[k-1] >= 0x80) {
		return false
	}
	switch string(b[k : start-1]) {
	case "TEL", "FAX", "FON", "MOB", "MOBIL", "HANDY", "NR", "DW", "TELNR":
		return false // a phone label in capitals: "TEL 0812/2026"
	}
	return true
}

// sentenceEndWord reports a sentence end at before[k] (". "): a word of at
// least five letters before the period, and a label word of the next
// sentence after it ("Gehaltskonto. Rückfragen: "). Abbreviations are short
// or stand right before the number ("Kundennr. 0123").
func sentenceEndWord(before []byte, k int) bool {
	if k < 5 || k+2 >= len(before) || !isLetter(before[k+2]) {
		return false
	}
	for i := k - 5; i < k; i++ {
		if !isLetter(before[i]) || isUpper(before[i]) && i > k-5 {
			return false
		}
	}
	return true
}

// pingWords name what a keep-alive message carries.
var pingWords = [...]string{"ping", "pong", "heartbeat", "keepalive", "keep-alive", "nonce"}

// pingBefore reports a word of pingWords at a word start in the line
// before a number (not "Shopping", "Camping").
func pingBefore(before []byte) bool {
	// one pass over the line: only a word start with p, h, k or n is compared
	for i, c := range before {
		if c != 'p' && c != 'h' && c != 'k' && c != 'n' || i > 0 && isLetter(before[i-1]) {
			continue
		}
		for _, w := range pingWords {
			if w[0] == c && hasPrefixFold(before[i:], w) {
				return true
			}
		}
	}
	return false
}

// phoneElementEnd reports the end tag of an XML element named for a phone
// number at i ("0521 4881290</tns:telefon>", "</fax>"); any other element
// ("<kennung>05382056</kennung>") holds a key, and '<' without '/' is a
// machine-readable zone's filler.
func phoneElementEnd(low []byte, i int) bool {
	if i+2 >= len(low) || low[i+1] != '/' {
		return false
	}
	gt := bytes.IndexByte(low[i+2:min(len(low), i+48)], '>')
	if gt < 0 {
		return false
	}
	name := low[i+2 : i+2+gt]
	if k := bytes.LastIndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	for _, w := range [...]string{"tel", "phone", "fax", "mobil", "handy", "fon"} {
		if bytes.Contains(name, []byte(w)) {
			return true
		}
	}
	return false
}

// slashDate reports a date of day, month and year written with slashes
// (either order of day and month, a year 1900–2099): "02/09/2026",
// "11/30/2026". No telephone number is so written: an area code has three
// digits and more.
func slashDate(w []byte) bool {
	a := bytes.IndexByte(w, '/')
	if a < 1 || a > 2 {
		return false
	}
	c := bytes.IndexByte(w[a+1:], '/')
	if c < 1 || c > 2 {
		return false
	}
	c += a + 1
	y := w[c+1:]
	if len(y) != 4 || !allDigits(w[:a]) || !allDigits(w[a+1:c]) || !allDigits(y) || !(y[0] == '1' && y[1] == '9' || y[0] == '2' && y[1] == '0') {
		return false
	}
	d, m := num(w[:a]), num(w[a+1:c])
	return d >= 1 && m >= 1 && (d <= 31 && m <= 12 || d <= 12 && m <= 31)
}

// keyNull is spokenPhones' keyword slot (Text.keyHits).
var keyNull = newKeySlot("null")
