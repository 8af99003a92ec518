//go:build bench

package bench

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/internal/benchcpu"
)

var (
	densities = []int{0, 1, 10}
	sizes     = []int{4 << 10, 64 << 10, 1 << 20}
)

// scanLoop runs scan over text b.N times and reports MB/s (wall clock, from
// b.SetBytes), MB per CPU-second (throughput per core, less sensitive to
// other load on the machine) and the load average.
func scanLoop(b *testing.B, text []byte, scan func([]byte)) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	l0 := load1()
	c0 := benchcpu.Process()
	for b.Loop() {
		scan(text)
	}
	if cpu := (benchcpu.Process() - c0).Seconds(); cpu > 0 {
		b.ReportMetric(float64(b.N)*float64(len(text))/1e6/cpu, "MB/cpu-s")
	}
	b.ReportMetric((l0+load1())/2, "load1")
}

// BenchmarkEngine is the whole default engine (every detector, prefilter,
// overlap resolution) at three finding densities and three sizes.
func BenchmarkEngine(b *testing.B) {
	e := detectors.Default()
	for _, d := range densities {
		for _, n := range sizes {
			text := germanText(n, d)
			b.Run(fmt.Sprintf("perKB=%d/size=%dKB", d, n>>10), func(b *testing.B) {
				scanLoop(b, text, func(t []byte) { e.Scan(t) })
			})
		}
	}
}

// BenchmarkEngineLowerProse is the whole default engine over 1 MB of
// lower-case prose without findings (lowerProseText).
func BenchmarkEngineLowerProse(b *testing.B) {
	e := detectors.Default()
	text := lowerProseText(1 << 20)
	scanLoop(b, text, func(t []byte) { e.Scan(t) })
}

// BenchmarkDetector is one detector type at a time through the engine (its
// keyword prefilter included) over 1 MB.
func BenchmarkDetector(b *testing.B) {
	texts := map[int][]byte{}
	for _, d := range densities {
		texts[d] = germanText(1<<20, d)
	}
	for _, typ := range detectors.AllTypes() {
		e, err := detectors.New(detectors.Options{Types: []string{typ}})
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range densities {
			text := texts[d]
			b.Run(fmt.Sprintf("%s/perKB=%d", typ, d), func(b *testing.B) {
				scanLoop(b, text, func(t []byte) { e.Scan(t) })
			})
		}
	}
}

// naiveRegexes is the baseline: one regular expression per format type over
// the whole text, no prefilter, no validation, no lexicons.
var naiveRegexes = []*regexp.Regexp{
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
	regexp.MustCompile(`\b(?:Herr|Frau|Dr\.)\s+[A-ZÄÖÜ][a-zäöüß]+(?:\s+[A-ZÄÖÜ][a-zäöüß]+)?`),
	regexp.MustCompile(`(?i)\b(?:geb\.|geboren am)\s*\d{1,2}\.\d{1,2}\.\d{2,4}`),
}

// BenchmarkNaiveRegex is the all-regex baseline over 64 KB (it is linear,
// so the size only bounds the run time).
func BenchmarkNaiveRegex(b *testing.B) {
	for _, d := range densities {
		text := germanText(64<<10, d)
		b.Run(fmt.Sprintf("perKB=%d/size=64KB", d), func(b *testing.B) {
			scanLoop(b, text, func(t []byte) {
				for _, re := range naiveRegexes {
					re.FindAllIndex(t, -1)
				}
			})
		})
	}
}
