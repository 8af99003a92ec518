package detectors

import "bytes"

// quotedGroup reads the name of a party, a group or a movement in quotes
// after a phrase of special_political.txt that ends in the opening quote
// ("Mitglied der Partei „", "Aktivistin von „"), whose name no list can
// hold: it starts at e with a capital or a digit, runs up to 60 bytes on
// its line without another quote, and the phrase's tail follows it (the
// closing quote, and for a follower the scene or movement: "Anhänger der
// „Reichsbürger“-Szene"). It returns the end of the tail.
func quotedGroup(raw, low []byte, e int, tail string) (int, bool) {
	if e >= len(raw) || !isCap(raw, e) && !isDigit(raw[e]) {
		return 0, false
	}
	limit := min(len(raw), e+60)
	q := bytes.IndexAny(raw[e:limit], "\"“”„\n")
	if q <= 0 || raw[e+q] == '\n' {
		return 0, false
	}
	end := e + q + len(tail)
	if !hasPrefixAt(low, e+q, tail) || !wordBoundaryAfter(raw, end) {
		return 0, false
	}
	return end, true
}
