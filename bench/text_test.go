//go:build bench

package bench

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/detectors"
)

// sentences are ordinary German administrative prose without personal data.
var sentences = []string{
	"Die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der kommunalen Kulturförderung.",
	"Bitte reichen Sie die fehlenden Unterlagen bis zum Monatsende ein, damit die Prüfung abgeschlossen werden kann.",
	"Für Rückfragen steht Ihnen das Bürgerbüro während der Öffnungszeiten zur Verfügung.",
	"Die Sitzung des Ausschusses findet im großen Saal des Rathauses statt; die Tagesordnung wird im Amtsblatt veröffentlicht.",
	"Wir weisen darauf hin, dass unvollständige Anträge nicht berücksichtigt werden können.",
	"Die Bewilligung steht unter dem Vorbehalt verfügbarer Haushaltsmittel des laufenden Jahres.",
	"Fasse bitte den folgenden Vermerk in drei Sätzen zusammen und formuliere ihn freundlich.",
	"Der Bauhof übernimmt den Winterdienst auf den Gemeindestraßen und räumt die Radwege vorrangig.",
	"Nach der Satzung über die Benutzung der Stadtbibliothek werden Gebühren erst ab der zweiten Mahnung erhoben.",
	"Die Ergebnisse der Bürgerbefragung fließen in die Fortschreibung des Verkehrsentwicklungsplans ein.",
	"Schreibe eine kurze Pressemitteilung über die Eröffnung der neuen Kindertagesstätte im Stadtteil.",
	"Die Beschlussvorlage wird nach Abstimmung mit dem Kämmerer dem Hauptausschuss zugeleitet.",
}

// findings are values of several types, each with valid check digits, as
// they appear in real prompts (with their label words).
var findings = []string{
	"Tel. 0228 123456",
	"IBAN DE89 3704 0044 0532 0130 00",
	"Mail: buergerbuero@stadt-bonn.de",
	"Kennzeichen BN-AB 1234",
	"Server 10.1.2.3",
	"Herr Thomas Schneider",
	"Frau Ayşe Yılmaz",
	"geboren am 12.03.1975",
}

// germanText returns n bytes of German prose with about perKB findings per
// 1024 bytes, deterministically.
func germanText(n, perKB int) []byte {
	gap := 0
	if perKB > 0 {
		gap = 1024 / perKB
	}
	return textWith(n, gap, findings)
}

// redactable are the findings the default policy pseudonymises on an
// approved API service (no warning, no block).
var redactable = []string{findings[0], findings[1], findings[2], findings[4], findings[5], findings[6], findings[7]}

// proxyPrompt is the prompt of the proxy benchmark: n bytes of prose with
// one redactable finding per KB, at most 20 (the default policy blocks more
// than 50 personal findings as bulk data).
func proxyPrompt(n int) []byte {
	k := min(max(n/1024, 1), 20)
	return textWith(n, n/k, redactable)
}

// textWith returns n bytes of prose with one of finds every gap bytes (none
// when gap is 0), deterministically.
func textWith(n, gap int, finds []string) []byte {
	r := rand.New(rand.NewPCG(uint64(n), uint64(gap)))
	var b bytes.Buffer
	b.Grow(n + 256)
	next := gap / 2 // byte offset of the next finding
	k := 0
	for b.Len() < n {
		if gap > 0 && b.Len() >= next {
			b.WriteString(finds[k%len(finds)])
			b.WriteString(". ")
			k++
			next += gap
			continue
		}
		b.WriteString(sentences[r.IntN(len(sentences))])
		b.WriteByte(' ')
	}
	out := b.Bytes()[:n]
	// Cut back to a rune boundary.
	for len(out) > 0 && out[len(out)-1]&0xC0 == 0x80 {
		out = out[:len(out)-1]
	}
	for len(out) > 0 && out[len(out)-1] >= 0xC0 {
		out = out[:len(out)-1]
	}
	return out
}

// lowerProseText is germanText without findings, lower-cased, with every
// digit and every byte a keyword starts with besides letters ("@:/()=*<-")
// blanked: prose as a lower-case chat would have it, with no capitalised
// word and no digit run, but with words that begin keywords ("antrag",
// "herren") for the detectors to look at. (Text without any candidate, not
// even a keyword's prefix, is detectors' BenchmarkScanNoCandidates.)
func lowerProseText(n int) []byte {
	text := bytes.ToLower(germanText(n, 0))
	for i, c := range text {
		if c >= '0' && c <= '9' || strings.IndexByte("@:/()=*<-", c) >= 0 {
			text[i] = ' '
		}
	}
	return text
}

// TestLowerProseText checks that lowerProseText holds nothing to find.
func TestLowerProseText(t *testing.T) {
	if f := detectors.Default().Scan(lowerProseText(256 << 10)); len(f) > 0 {
		t.Fatalf("%d findings in the lower-case prose, first %+v", len(f), f[0])
	}
}

// TestGermanTextDensity checks that the generated texts carry the findings
// density they claim, so that the MB/s figures mean what they say.
func TestGermanTextDensity(t *testing.T) {
	for _, perKB := range []int{0, 1, 10} {
		text := germanText(256<<10, perKB)
		got := float64(len(detectors.Default().Scan(text))) / float64(len(text)/1024)
		lo, hi := 0.8*float64(perKB), 1.3*float64(perKB)+0.05
		if got < lo || got > hi {
			t.Errorf("density %d/KB: engine finds %.2f/KB", perKB, got)
		}
	}
}

// load1 is the one-minute load average, or -1.
func load1() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		return -1
	}
	return f
}
