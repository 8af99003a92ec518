package detectors

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/schleuse/schleuse/internal/benchcpu"
)

// reportCPU adds MB/cpu-s: bytes per CPU-second of this process, which
// other load on a shared machine changes far less than wall-clock MB/s.
// Call it right after the timed loop with the cpuTime taken before it.
func reportCPU(b *testing.B, start time.Duration, bytesPerOp int) {
	if d := benchcpu.Process() - start; d > 0 {
		b.ReportMetric(float64(b.N)*float64(bytesPerOp)/1e6/d.Seconds(), "MB/cpu-s")
	}
}

// benchText is about 1 MB of German administrative prose with roughly one
// finding per KB (phone numbers, IBANs, e-mails, a plate, an IP address).
var benchText = func() []byte {
	para := "Sehr geehrte Damen und Herren, die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der " +
		"kommunalen Kulturförderung. Bitte reichen Sie die fehlenden Unterlagen bis zum Monatsende ein, damit " +
		"die Prüfung abgeschlossen werden kann. Für Rückfragen steht Ihnen das Bürgerbüro zur Verfügung. " +
		"Die Sitzung des Ausschusses findet im großen Saal des Rathauses statt; die Tagesordnung wird im " +
		"Amtsblatt veröffentlicht. Wir weisen darauf hin, dass unvollständige Anträge nicht berücksichtigt " +
		"werden können und die Bewilligung unter dem Vorbehalt verfügbarer Haushaltsmittel steht. "
	finds := []string{
		"Tel. 0228 123456. ", "IBAN DE89 3704 0044 0532 0130 00. ", "Mail: buergerbuero@stadt-bonn.de. ",
		"Kennzeichen BN-AB 1234. ", "Server 10.1.2.3 antwortet. ",
	}
	var b bytes.Buffer
	for i := 0; b.Len() < 1<<20; i++ {
		b.WriteString(para)
		b.WriteString(para[:1024-len(para)%1024])
		b.WriteString(finds[i%len(finds)])
	}
	return b.Bytes()[:1<<20]
}()

// proseText is about 1 MB of the same prose as benchText without the planted
// findings: capitalised nouns, umlauts and punctuation, nothing to report.
var proseText = func() []byte {
	i := bytes.Index(benchText, []byte("Tel. "))
	return bytes.Repeat(benchText[:i], 1<<20/i+1)[:1<<20]
}()

// noCandidates is 1 MB of prose without digits, '@', ':' or keywords.
var noCandidates = func() []byte {
	s := "die verwaltung bearbeitet anträge zur förderung von projekten im bereich der kultur und bildung und " +
		"beachtet die fristen des haushaltsjahres sowie die vorgaben des rates. "
	return bytes.Repeat([]byte(s), 1<<20/len(s)+1)[:1<<20]
}()

// benchScan measures the default engine over text, in MB/s and MB/cpu-s.
func benchScan(b *testing.B, text []byte) {
	e := Default()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	start := benchcpu.Process()
	for b.Loop() {
		e.Scan(text)
	}
	reportCPU(b, start, len(text))
}

func BenchmarkScan(b *testing.B)             { benchScan(b, benchText) }
func BenchmarkScanProse(b *testing.B)        { benchScan(b, proseText) }
func BenchmarkScanNoCandidates(b *testing.B) { benchScan(b, noCandidates) }

// worstCases are inputs that made a detector's work grow with the square of
// the text before (each candidate compared with all earlier ones, or each
// one searching to the end of the text): a table of numbers on one line, a
// list of password labels, private-key headers without an end, remarks on
// one long line, quotes, remarks with no sentence end. The MB/s of the two
// sizes must stay of one order (docs/benchmarks.md, "Worst-case inputs").
var worstCases = []struct{ name, unit string }{
	{"numbers", "4111 1111 1111 1111 "},
	{"labels", "Passwort: "},
	{"pem", "-----BEGIN PRIVATE KEY-----\n"},
	{"nametable", "Name;Bemerkung;Ort;Meyer;Diabetiker;Bonn;"},
	{"quotes", "O'"},
	{"remarks", "HIV "},
	{"codes", "Diagnose: F32.1 "},
	{"addresses", "Anna Berg – anna.berg@web.de, "},
	{"slashes", "Name\nA/B/C/D/E/F/G/H/I/J/K\n"},
	{"chatnames", "[08:11] jule: dennis und mareike, hallo "},
	// a name across a line break (round 77), each one looked up among all
	// findings before: 9–22 s for 1 MB
	{"breaknames", "Sehr geehrter Herr\nKowalski,\n"},
	{"breakfirst", "Herr Dragan\nPetrović, Sie\n"},
	{"formnames", "Name, Vorname: Kazmierczak,\nAndreas "}, // each "Name" read back to the line's start
	{"animals", "Hund: Rasse Labrador, Name: Bello "},      // and its whole line for a pet's header
	{"senders", "Svetlana 10:04\n@Svetlana Momo\n"},
	{"cookies", "cookie: a=b; "},          // one header line of many cookie words (round 32: each byte read once)
	{"accounts", "BLZ 37040044 Konto 1 "}, // every Bankleitzahl looks for account labels around it
	{"spelled", "a(at)b(dot)c(at)d.e.f "}, // every spelled "@" reads a domain after it
}

func BenchmarkScanWorstCase(b *testing.B) {
	for _, c := range worstCases {
		for _, n := range []int{64 << 10, 1 << 20} {
			text := bytes.Repeat([]byte(c.unit), n/len(c.unit))
			b.Run(fmt.Sprintf("%s/%dKB", c.name, n>>10), func(b *testing.B) { benchScan(b, text) })
		}
	}
}

// BenchmarkNaiveRegex is the baseline: one regular expression per format
// type over the whole text, no prefilter, no validation.
func BenchmarkNaiveRegex(b *testing.B) {
	res := []*regexp.Regexp{
		regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`),
		regexp.MustCompile(`(?:\+|00)?\d[\d /()-]{6,}\d`),
		regexp.MustCompile(`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b`),
		regexp.MustCompile(`\b(?:\d[ -]?){13,19}\b`),
		regexp.MustCompile(`\b\d{11}\b`),
		regexp.MustCompile(`\b\d{2,5}/\d{3,4}/\d{4,5}\b`),
		regexp.MustCompile(`\bDE ?\d{9}\b`),
		regexp.MustCompile(`\b\d{8}[A-Z]\d{3}\b`),
		regexp.MustCompile(`\b[A-Z]\d{9}\b`),
		regexp.MustCompile(`\b[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d?\b`),
		regexp.MustCompile(`\b[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2} ?\d{1,4}[EH]?\b`),
		regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b`),
		regexp.MustCompile(`(?i)(?:sk-|ghp_|glpat-|xox[bpars]-|AKIA|AIza|hf_)[A-Za-z0-9_-]{16,}|(?i)passw(?:ort|ord)\s*[:=]\s*\S+`),
	}
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		for _, re := range res {
			re.FindAllIndex(benchText, -1)
		}
	}
}

func TestBenchTextHasFindings(t *testing.T) {
	fs := Default().Scan(benchText)
	if len(fs) < 500 {
		t.Fatalf("bench text has only %d findings", len(fs))
	}
}

// BenchmarkResolve is the overlap resolution of the engine's findings on
// benchText, before resolution (all detectors, their outputs concatenated as
// Engine.Scan hands them over).
func BenchmarkResolve(b *testing.B) {
	e := Default()
	t := &Text{}
	t.reset(benchText, e.pf)
	e.pf.run(t)
	var fs []Finding
	for _, d := range e.dets {
		fs = d.Scan(t, fs)
	}
	buf := make([]Finding, len(fs))
	b.ReportMetric(float64(len(fs)), "findings")
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		copy(buf, fs)
		resolve(buf, benchText)
	}
}
