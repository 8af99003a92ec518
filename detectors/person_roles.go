package detectors

import "bytes"

// leadRole reports a word that, before a given name and a surname at the
// start of a span, names the person's role or activity rather than a part
// of the name: a noun in -ung for a service or a post ("Zeuge: Bedienung
// Marina Kreuzer", "Schulbegleitung Anna Roth"), and who runs, skis or
// climbs ("Zeuge: Langläufer Rainer Ketterer"). No given name ends so.
func leadRole(w []byte) bool {
	if len(w) > 6 && bytes.HasSuffix(w, []byte("ung")) {
		return true
	}
	for _, suf := range [...]string{"läufer", "läuferin", "steiger", "steigerin"} {
		if len(w) > len(suf)+2 && bytes.HasSuffix(w, []byte(suf)) {
			return true
		}
	}
	return false
}

// abbrevSurnameEnd returns the end of a given name and a surname cut short
// to its opening consonants at [s, e) with the abbreviation's period after
// it ("Tim Sch.", "Lena Schm."), e+1; else e. The short word has no vowel,
// so no surname ends a sentence there ("mit Anna Ott.").
func abbrevSurnameEnd(raw []byte, s, e int) int {
	if e >= len(raw) || raw[e] != '.' || e-s < 6 {
		return e
	}
	ls := bytes.LastIndexByte(raw[s:e], ' ')
	if ls < 0 || bytes.IndexByte(raw[s:s+ls], ' ') >= 0 {
		return e // two words only
	}
	w := raw[s+ls+1 : e]
	if len(w) < 2 || len(w) > 4 || !isUpper(w[0]) || anyVowel(bytes.ToLower(w)) || string(w) == "Ng" {
		return e
	}
	for _, c := range w[1:] {
		if !isLowerASCII(c) {
			return e
		}
	}
	return e + 1
}
