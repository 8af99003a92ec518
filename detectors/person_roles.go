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
