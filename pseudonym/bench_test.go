package pseudonym

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkRestorerTTFB measures the time from the upstream writing its first
// event to the client reading it, through a pass-through body and through the
// restorer. The difference is the latency the restorer adds (target < 1 ms).
func BenchmarkRestorerTTFB(b *testing.B) {
	m := testMapping()
	first := []byte(`data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Sehr geehrter [PERSON_1], die IBAN"},"finish_reason":null}]}` + "\n\n")
	wrap := map[string]func(io.ReadCloser) io.ReadCloser{
		"passthrough": func(rc io.ReadCloser) io.ReadCloser { return rc },
		"sse":         func(rc io.ReadCloser) io.ReadCloser { return NewRestorer(m, Format{Kind: "sse"}, rc) },
		"text":        func(rc io.ReadCloser) io.ReadCloser { return NewRestorer(m, Format{Kind: "text"}, rc) },
	}
	for _, name := range []string{"passthrough", "sse", "text"} {
		b.Run(name, func(b *testing.B) {
			buf := make([]byte, 64<<10)
			for b.Loop() {
				pr, pw := io.Pipe()
				body := wrap[name](pr)
				go pw.Write(first)
				if n, err := body.Read(buf); err != nil || n == 0 {
					b.Fatal(n, err)
				}
				pw.Close()
				body.Close()
			}
		})
	}
}

// BenchmarkRestorer measures throughput over a whole stream.
func BenchmarkRestorer(b *testing.B) {
	m := testMapping()
	var deltas []string
	for range 200 {
		deltas = append(deltas, "Sehr geehrter [PER", "SON_1], die IBAN [IBAN_1] ist geprüft. ")
	}
	streams := map[string]string{
		"openai-sse": providers[0].build(deltas),
		"chatgpt":    providers[3].build(deltas),
		"json":       `{"text":` + jsonStr(strings.Join(deltas, "")) + `}`,
		"text":       strings.Join(deltas, ""),
	}
	kinds := map[string]Format{"openai-sse": {Kind: "sse"}, "chatgpt": {Kind: "sse"}, "json": {Kind: "json"}, "text": {Kind: "text"}}
	for _, name := range []string{"openai-sse", "chatgpt", "json", "text"} {
		b.Run(name, func(b *testing.B) {
			s := streams[name]
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				if _, err := io.Copy(io.Discard, NewRestorer(m, kinds[name], io.NopCloser(strings.NewReader(s)))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
