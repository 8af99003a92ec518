package detectors

import "bytes"

// licensePlateDetector finds German number plates: a district code from the
// official list, one or two letters, one to four digits and an optional E
// (electric) or H (historic) suffix, with hyphen, space or nothing between
// the parts ("B-AB 1234", "M XY 123E", "HH AB 12H"). Road numbers ("B 9"),
// pay grades ("A 12") and standards ("DIN EN 1234") have no letter group or
// are excluded.
type licensePlateDetector struct{}

var _ Detector = licensePlateDetector{}

func (licensePlateDetector) Type() string       { return "DE_LICENSE_PLATE" }
func (licensePlateDetector) Keywords() []string { return DigitKeywords }

var plateContext = Context{Before: 60, After: 30, Positive: []string{"kennzeichen", "kfz", "fahrzeug", "amtl.", "pkw", "lkw", "auto", "wagen", "parkausweis", "halter", "zulassung", "knöllchen", "falschpark", "parkverstoß",
	"oldtimer", "wohnmobil", "anhänger", "motorrad", "roller", "transporter", "kleinbus", "abgeschleppt", "geparkt", "parkt ", "blitzer",
	"geblitzt", "verwarngeld", "bußgeld", "tüv"}}.Compile()

// plateNegative marks product and type codes (Modell ABCD 12H, Typ XY 4E).
var plateNegative = Context{Before: 30, Negative: []string{"modell", "typ ", "type", "artikel", "serie", "baureihe", "version", "variante", "art.-nr", "sku"}}.Compile()

// Letter pairs after a code that are not plates but standards and the like.
// vehicleTypes are the type names of fire-brigade and rescue vehicles
// (DIN 14502, DIN EN 1789) that are written like a plate with a number
// (HLF 20, TLF 4000, DLK 23, RTW 1).
var vehicleTypes = map[string]bool{"HLF": true, "LF": true, "TLF": true, "TSF": true, "GTLF": true, "MLF": true,
	"KLF": true, "STLF": true, "DLK": true, "DLA": true, "RW": true, "ELW": true, "MTW": true, "MTF": true,
	"GW": true, "RTW": true, "KTW": true, "NEF": true, "NAW": true, "ITW": true, "SW": true, "WLF": true,
	"AB": true, "HTLF": true}

var plateExcluded = map[string]bool{"DIN EN": true, "DIN ISO": true, "EN ISO": true, "DIN VDE": true, "ISO IEC": true}

// formatOrGrade reports a paper format ("DIN A4", "DIN C 6": A, B or C and
// 0 to 10) or a pay grade of the TVöD ("EG S 14", "EG P 8", "EG E 9": S, P
// or E and 1 to 18) written like a plate with a space after the code. A
// plate of Dinslaken or Eggenfelden has a hyphen there or a larger number.
func formatOrGrade(code string, mid byte, num []byte) bool {
	v := 0
	for _, c := range num {
		v = v*10 + int(c-'0')
	}
	switch code {
	case "DIN":
		return (mid == 'A' || mid == 'B' || mid == 'C') && v <= 10
	case "EG":
		return (mid == 'S' || mid == 'P' || mid == 'E') && v <= 18
	}
	return false
}

// plateColumn reports a table cell [s, e) under a header that names plates
// ("Kennzeichen;Halter;…" with "MKAB 42;Becker, Sandra;…" rows far below).
func plateColumn(b []byte, s, e int) bool {
	hs, he, ok := columnHeader(b, s, e)
	if !ok || he-hs > 40 {
		return false
	}
	h := bytes.ToLower(b[hs:he])
	return bytes.Contains(h, []byte("kennzeichen")) || bytes.Contains(h, []byte("kfz"))
}

// csvPlateColumn reports a cell [s, e) of a comma-separated table whose
// header names plates ("Datum,Tatort,Kennzeichen,…" with "…,SUAB1234,…"
// rows below): the lines up to the header have the same number of commas.
// It runs only for plates written without separator.
func csvPlateColumn(b []byte, s, e int) bool {
	if s == 0 || b[s-1] != ',' && b[s-1] != '\n' || e < len(b) && b[e] != ',' && b[e] != '\n' && b[e] != '\r' {
		return false
	}
	ls := bytes.LastIndexByte(b[:s], '\n') + 1
	le := bytes.IndexByte(b[e:], '\n')
	if le < 0 {
		le = len(b)
	} else {
		le += e
	}
	if s-ls > 400 || le-e > 400 {
		return false
	}
	col, nc := bytes.Count(b[ls:s], []byte{','}), bytes.Count(b[ls:le], []byte{','})
	if nc < 2 {
		return false
	}
	hs := ls
	for n := 0; n < 64 && hs > 0; n++ {
		p := bytes.LastIndexByte(b[max(0, hs-1-400):hs-1], '\n') + 1 + max(0, hs-1-400)
		if bytes.Count(b[p:hs-1], []byte{','}) != nc {
			break
		}
		hs = p
	}
	if hs == ls {
		return false
	}
	for n := 0; n < col; n++ {
		hs += bytes.IndexByte(b[hs:], ',') + 1
	}
	he := hs
	for he < len(b) && b[he] != ',' && b[he] != '\n' && he-hs < 40 {
		he++
	}
	h := bytes.ToLower(b[hs:he])
	return bytes.Contains(h, []byte("kennzeichen")) || bytes.Contains(h, []byte("kfz"))
}

// upperBefore returns the start of the upper-case letter (A-Z, Ä, Ö, Ü)
// ending at j, or -1.
func upperBefore(b []byte, j int) int {
	if j >= 1 && isUpper(b[j-1]) {
		return j - 1
	}
	if j >= 2 && b[j-2] == 0xC3 && (b[j-1] == 0x84 || b[j-1] == 0x96 || b[j-1] == 0x9C) {
		return j - 2
	}
	return -1
}

func (licensePlateDetector) Scan(t *Text, dst []Finding) []Finding {
	b := t.Raw
	for _, r := range t.DigitRuns() {
		if r.End-r.Start > 4 || b[r.Start] == '0' {
			continue // a plate's number runs from 1 to 9999, without leading zeros ("DA-IT 04" is a document)
		}
		j := r.Start
		if j >= 1 && b[j-1] == ' ' {
			j--
		}
		if j < 1 || !isUpper(b[j-1]) {
			continue // cheap reject for most digit runs
		}
		// Letter block directly before the digits (the middle letters, or
		// code and middle letters without separator).
		k := j
		var n int
		for n < 5 {
			p := upperBefore(b, k)
			if p < 0 {
				break
			}
			k = p
			n++
		}
		e := r.End
		if e < len(b) && (b[e] == 'E' || b[e] == 'H') {
			e++
		}
		if !t.WordEnd(e) || e < len(b) && (b[e] == '-' || b[e] == '/' || b[e] == '.' && e+1 < len(b) && isDigit(b[e+1])) {
			continue
		}
		if e == r.End && rateAfter(b, e) {
			continue // "RV-AN 9,3 %": a contribution rate on a payslip, not a plate
		}
		var s int
		var score float64
		if k >= 2 && (b[k-1] == '-' || b[k-1] == ' ') && n >= 1 && n <= 2 && k == j-n {
			// Code, separator, middle letters.
			cs := k - 1
			cn := 0
			for cn < 4 {
				p := upperBefore(b, cs)
				if p < 0 {
					break
				}
				cs = p
				cn++
			}
			if cn < 1 || cn > 3 || !t.WordStart(cs) || cs > 0 && (b[cs-1] == '-' || b[cs-1] == '/') {
				continue
			}
			code := string(b[cs : k-1])
			if !plateCodes[code] || plateExcluded[code+" "+string(b[k:j])] {
				continue
			}
			if b[k-1] == ' ' && n == 1 && formatOrGrade(code, b[k], b[r.Start:r.End]) {
				continue
			}
			// The FZV allows eight characters; a ninth (COE-FT 1948) is taken
			// where the text says it speaks of a vehicle.
			if cn+n+(r.End-r.Start) > 9 {
				continue
			}
			s = cs
			pos, _ := plateContext.Near(t, s, e)
			if cn+n+(r.End-r.Start) > 8 && !pos {
				continue
			}
			if j == r.Start && r.End-r.Start <= 2 && n == 1 && vehicleTypes[code] {
				continue // "GW-L2", "GW-A1": a fire-brigade vehicle type with its number, not a plate
			}
			if !pos && b[k-1] == ' ' && j < r.Start && romanNumeral(b[k:j]) {
				continue // "Statistische Berichte C IV 2": a series of a statistics office, a Roman numeral between blanks
			}
			if !pos && j == r.Start && hyphenedElsewhere(b, s, e) {
				continue // "GW-HO5" beside "GW-HO5-S12": a device's code and its parts, not a plate (only digits glued to the letters, as a code has them)
			}
			if !pos {
				if _, neg := plateNegative.Near(t, s, e); neg {
					continue // "Modell A A1": a type code, as in the branch without separator
				}
				if documentName(b, s, e) {
					continue // "Dienstanweisung … (DA-IT 14)", "ersetzt die DA-IT 11 vom 15.03.2024": a rule's short name
				}
			}
			score = 0.85
			if pos {
				score = 0.97
			}
			// "EU AI 2024": a space-separated year needs context.
			if b[k-1] == ' ' && !pos && r.End-r.Start == 4 && (b[r.Start] == '1' && b[r.Start+1] == '9' || b[r.Start] == '2' && b[r.Start+1] == '0') {
				continue
			}
		} else if n >= 2 && t.WordStart(k) {
			if vehicleTypes[string(b[k:j])] {
				continue // HLF 20, TLF 3000, RTW 2: a vehicle type, not a plate
			}
			if j < r.Start && string(b[k:j]) == "EG" && r.End-r.Start <= 2 && formatOrGrade("EG", 'E', b[r.Start:r.End]) {
				continue // "(EG 6)": the Entgeltgruppe of the TVöD, not E-G 6 of Essen
			}
			// No separator: some split into code (1-3) and middle (1-2) must
			// exist; only with context or the E/H suffix of a plate
			// written apart from its letters ("BNTR 68H").
			suffix := e > r.End && j < r.Start
			if pos, _ := plateContext.Near(t, k, e); !pos && !suffix && !plateColumn(b, k, e) && !csvPlateColumn(b, k, e) && !spacedTwinOnLine(b, k, e) {
				continue
			}
			if _, neg := plateNegative.Near(t, k, e); neg {
				continue
			}
			ok := false
			for cut := k; cut < j; {
				p := cut + 1
				if b[cut] == 0xC3 {
					p = cut + 2
				}
				cut = p
				if plateCodes[string(b[k:cut])] {
					mid := j - cut
					if mid >= 1 && mid <= 2 && isUpper(b[cut]) {
						ok = true
						break
					}
				}
			}
			if !ok {
				continue
			}
			s = k
			score = 0.8
		} else {
			continue
		}
		dst = append(dst, Finding{Type: "DE_LICENSE_PLATE", Start: s, End: e, Score: score})
	}
	return dst
}

// romanNumeral reports a Roman numeral of one or two letters (I, IV, XI,
// XX, …): the middle of a statistics office's series ("C IV 2", "A I
// 1"), which a plate written with blanks has only by chance.
func romanNumeral(w []byte) bool {
	switch string(w) {
	case "I", "II", "IV", "V", "VI", "IX", "X", "XI", "XV", "XX":
		return true
	}
	return false
}

// hyphenedElsewhere reports the plate-shaped [s, e) written elsewhere near
// it (within 1 KB either side, so that a long text costs no more per
// candidate) with a hyphen and more letters or digits glued after it
// ("GW-HO5-S12" in a log that also names "GW-HO5"): a code with its parts,
// a device or a location, not a plate, which ends after its digits.
func hyphenedElsewhere(b []byte, s, e int) bool {
	w := b[s:e]
	lo, hi := max(0, s-1024), min(len(b), e+1024)
	for off := lo; off < hi; {
		i := bytes.Index(b[off:hi], w)
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		if x := i + len(w); x+1 < hi && b[x] == '-' && isAlnum(b[x+1]) && (i == 0 || !isAlnum(b[i-1])) {
			return true
		}
	}
	return false
}

// spacedTwinOnLine reports the letters and digits [k, e) written again on
// their line with a blank or hyphen between the parts, as a table test or
// a mapping of spellings gives a plate ({"MZAB77", "MZ AB77"}): the same
// plate, once with its separators.
func spacedTwinOnLine(b []byte, k, e int) bool {
	ls := bytes.LastIndexByte(b[max(0, k-120):k], '\n') + 1 + max(0, k-120)
	le := e + bytes.IndexByte(b[e:min(len(b), e+120)], '\n')
	if le < e {
		le = min(len(b), e+120)
	}
	for i := ls; i < le; i++ {
		if i == k || b[i] != b[k] || i > 0 && (isUpper(b[i-1]) || isDigit(b[i-1])) {
			continue
		}
		p, q, seps := i, k, 0
		for p < le && q < e {
			if b[p] == b[q] {
				p++
				q++
				continue
			}
			if (b[p] == ' ' || b[p] == '-') && seps < 2 && p > i {
				p++
				seps++
				continue
			}
			break
		}
		if q == e && seps > 0 && (p == len(b) || !isUpper(b[p]) && !isDigit(b[p])) {
			return true
		}
	}
	return false
}

// rateAfter reports a decimal rate or amount going on at e, after the
// digits of a would-be plate: a comma, one or two digits and then a percent
// or euro sign ("9,3 %", "12,50 €"). A comma and a date or another cell
// ("BN-AB 123,2024-01-01" in a CSV row) is no rate.
func rateAfter(b []byte, e int) bool {
	if e+1 >= len(b) || b[e] != ',' || !isDigit(b[e+1]) {
		return false
	}
	k := e + 2
	if k < len(b) && isDigit(b[k]) {
		k++
	}
	if k < len(b) && b[k] == ' ' {
		k++
	}
	return k < len(b) && b[k] == '%' || hasPrefixAt(b, k, "€") || hasPrefixAt(b, k, "EUR")
}

// documentKinds are words of the kinds of internal rules and regulations
// whose short names look like plates (DA-IT 14 of a Dienstanweisung IT).
var documentKinds = []string{"anweisung", "richtlinie", "ordnung", "satzung", "vereinbarung", "verfügung", "erlass",
	"rundschreiben", "vorschrift", "regelung"}

// documentName reports a plate-shaped [s, e) that names a document: in
// brackets that close a line naming a kind of rule ("Dienstanweisung zur
// Nutzung generativer KI (DA-IT 14)"), or after an article and before the
// date of its issue ("ersetzt die DA-IT 11 vom 15.03.2024").
func documentName(b []byte, s, e int) bool {
	if s > 0 && b[s-1] == '(' && e < len(b) && b[e] == ')' {
		ls := bytes.LastIndexByte(b[:s], '\n') + 1
		line := bytes.ToLower(b[ls:s])
		for _, k := range documentKinds {
			// the end of a word: "Dienstanweisung", not "Ordnungswidrigkeit"
			for off := 0; ; {
				j := bytes.Index(line[off:], []byte(k))
				if j < 0 {
					break
				}
				off += j + len(k)
				if off == len(line) || !isLetter(line[off]) && line[off] < 0x80 {
					return true
				}
			}
		}
	}
	if !hasPrefixAt(b, e, " vom ") || e+5 >= len(b) || !isDigit(b[e+5]) {
		return false
	}
	ps, pe := prevWord(b, s)
	if pe != s-1 || pe <= ps {
		return false
	}
	switch string(b[ps:pe]) {
	case "die", "der", "des", "Die", "Der", "Des":
		return true
	}
	return false
}
