package pseudonym

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/benchcpu"
)

// BenchmarkRestorerTTFB measures the time from the upstream writing its first
// event (SSE) or frame (gemini.google.com, after the ")]}'" prefix) to the
// client having read all of it, through an unrewritten body and through the
// restorer. The difference is the latency the restorer adds (target < 1 ms):
// compare <format>/unrewritten with <format>/restored.
func BenchmarkRestorerTTFB(b *testing.B) {
	m := testMapping()
	text := strings.Repeat("Sehr geehrter [PERSON_1], die IBAN [IBAN_1] ist geprüft. ", 8)
	// Each first event ends in text the restorer does not hold back (not
	// "die IBAN", which could still become IBAN_1): else its end would
	// wait for the next event and the benchmark for ever.
	cases := []struct {
		name, kind string
		first      []byte
	}{
		{"sse", "sse", []byte(`data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Sehr geehrter [PERSON_1], die IBAN [IBAN_1] ist"},"finish_reason":null}]}` + "\n\n")},
		{"framed", "framed", []byte(")]}'\n\n" + gemFrame(gemPayload(text)))},
		// A late frame of a long answer: cumulative, about 16 KB of text.
		{"framed-16k", "framed", []byte(")]}'\n\n" + gemFrame(gemPayload(strings.Repeat(text, 34))))},
		{"text", "text", []byte("Sehr geehrter [PERSON_1], die IBAN [IBAN_1] ist geprüft.")},
	}
	for _, c := range cases {
		first := c.first
		f := Format{Kind: c.kind, Cumulative: c.kind == "framed"}
		restored, err := io.ReadAll(NewRestorer(m, f, io.NopCloser(bytes.NewReader(first))))
		if err != nil || bytes.Equal(restored, first) {
			b.Fatalf("%s: the first event is not rewritten (%v)", c.name, err)
		}
		for _, variant := range []string{"unrewritten", "restored"} {
			b.Run(c.name+"/"+variant, func(b *testing.B) {
				want := len(first)
				if variant == "restored" {
					want = len(restored)
				}
				buf := make([]byte, 64<<10)
				for b.Loop() {
					pr, pw := io.Pipe()
					var body io.ReadCloser = pr
					if variant == "restored" {
						body = NewRestorer(m, f, pr)
					}
					go pw.Write(first)
					for got := 0; got < want; {
						n, err := body.Read(buf)
						if err != nil {
							b.Fatal(err)
						}
						got += n
					}
					pw.Close()
					body.Close()
				}
			})
		}
	}
}

// BenchmarkRestorer measures throughput over a whole stream.
func BenchmarkRestorer(b *testing.B) {
	m := testMapping()
	var deltas []string
	for range 200 {
		deltas = append(deltas, "Sehr geehrter [PER", "SON_1], die IBAN [IBAN_1] ist geprüft. ")
	}
	// An answer with no "[" and no issued label: the common case, which
	// must not pay for restoring rewritten placeholders.
	var plain []string
	for range 200 {
		plain = append(plain, "Sehr geehrte Frau Schmidt, die Ü", "berweisung ist geprüft. ")
	}
	streams := map[string]string{
		"plain-sse":  providers[0].build(plain),
		"plain-text": strings.Join(plain, ""),
		"openai-sse": providers[0].build(deltas),
		"chatgpt":    providers[3].build(deltas),
		"json":       `{"text":` + jsonStr(strings.Join(deltas, "")) + `}`,
		"json-plain": `{"text":` + jsonStr(strings.Join(deltas, "")) + `}`,
		"text":       strings.Join(deltas, ""),
		"framed":     framedStream(deltas[:100]),
	}
	kinds := map[string]Format{"plain-sse": {Kind: "sse"}, "plain-text": {Kind: "text"}, "openai-sse": {Kind: "sse"}, "chatgpt": {Kind: "sse"}, "json": {Kind: "json"}, "json-plain": {Kind: "json"}, "text": {Kind: "text"}, "framed": {Kind: "framed", Cumulative: true}}
	// json-plain: the same JSON answer with a mapping whose values JSON
	// escapes nothing (json: testMapping holds a quote and a line break,
	// so the answer is read whole to find tool calls' arguments:
	// Mapping.argsByPath).
	plainMap := NewMapping()
	plainMap.Replace("pseudonym", "PERSON", "Ayşe Yılmaz")
	plainMap.Replace("pseudonym", "IBAN", "DE89 3704 0044 0532 0130 00")
	for _, name := range []string{"plain-sse", "plain-text", "openai-sse", "chatgpt", "json", "json-plain", "text", "framed"} {
		b.Run(name, func(b *testing.B) {
			s := streams[name]
			m := m
			if name == "json-plain" {
				m = plainMap
			}
			b.SetBytes(int64(len(s)))
			cpu0 := benchcpu.Process()
			for b.Loop() {
				if _, err := io.Copy(io.Discard, NewRestorer(m, kinds[name], io.NopCloser(strings.NewReader(s)))); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time per stream: steadier than wall time on a shared machine.
			b.ReportMetric(float64(benchcpu.Process()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// framedStream is a gemini.google.com answer with one cumulative frame per
// delta.
func framedStream(deltas []string) string {
	var steps [][]string
	for i := range deltas {
		steps = append(steps, []string{strings.Join(deltas[:i+1], "")})
	}
	return gemBody(steps)
}

// BenchmarkReplace is the pseudonymisation of one redacted request: 16
// values of the proxy benchmark's types, all seen before in the
// conversation (the common case of a conversation's later turns).
func BenchmarkReplace(b *testing.B) {
	values := []struct{ typ, v string }{
		{"PHONE", "0228 123456"}, {"IBAN", "DE89 3704 0044 0532 0130 00"},
		{"EMAIL", "buergerbuero@stadt-bonn.de"}, {"IP_ADDRESS", "10.1.2.3"},
		{"PERSON", "Thomas Schneider"}, {"PERSON", "Ayşe Yılmaz"}, {"DATE_OF_BIRTH", "12.03.1975"},
	}
	m := NewMapping()
	b.ReportAllocs()
	cpu0 := benchcpu.Process()
	for b.Loop() {
		for i := range 16 {
			v := values[i%len(values)]
			m.Replace(OpPseudonym, v.typ, v.v)
		}
	}
	// CPU time per request: steadier than wall time on a shared machine.
	b.ReportMetric(float64(benchcpu.Process()-cpu0)/float64(b.N), "cpu-ns/op")
}
