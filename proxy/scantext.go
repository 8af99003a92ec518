package proxy

import "github.com/schleuse/schleuse/detectors"

// ScanText returns sc's findings in text as the proxy reads a prompt:
// folded (foldText: character references decoded, invisible characters
// left out, other spaces as blanks, fullwidth forms as ASCII, umlauts
// composed), with the spans of text as given. `schleuse scan` uses it, so
// that a text tried there is read as the proxy would read it.
func ScanText(sc Scanner, text string) []detectors.Finding {
	fs, _ := scanWith(sc, text)
	return fs
}
