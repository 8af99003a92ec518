package policies

import (
	"slices"
	"testing"
	"time"
)

// benchInput has 10 finding types on an approved service with AVV: the policy runs every rule
// and answers redact.
func benchInput() *Input {
	types := []string{"PERSON", "EMAIL", "PHONE", "IBAN", "POSTAL_ADDRESS", "DATE_OF_BIRTH",
		"DE_TAX_ID", "IP_ADDRESS", "CREDIT_CARD", "DE_ID_CARD"}
	in := &Input{
		Service: Service{ID: "openai-api", Provider: "openai", Host: "api.openai.com"},
		Request: Request{Method: "POST", Path: "/v1/chat/completions", Kind: "chat", Bytes: 5120},
		User:    User{ID: "u-7f3a9c", Groups: []string{"bauamt", "jugendamt"}, Authenticated: true},
		Counts:  map[string]int{},
		Topics:  []string{"weather"},
		Time:    "2026-11-28T09:00:00+01:00",
	}
	for i, t := range types {
		in.Findings = append(in.Findings, FindingSummary{Type: t, Count: 1 + i%3, MaxScore: 0.9})
		in.Counts[t] = 1 + i%3
	}
	in.User.Groups = []string{"bauamt"}
	return in
}

// BenchmarkDecide measures one decision for 10 finding types through Engine.Decide, as the proxy
// calls it; after the first call every decision is a cache hit. It reports the median (p50) and
// p99 latency next to the mean.
func BenchmarkDecide(b *testing.B) {
	e := openDefault(b)
	benchLatency(b, func(in *Input) Decision { return e.Decide(ctx, in) })
}

// BenchmarkDecideMiss is BenchmarkDecide with every decision evaluated by OPA (a cache miss).
func BenchmarkDecideMiss(b *testing.B) {
	a := openDefault(b).cur.Load()
	benchLatency(b, func(in *Input) Decision { return a.decide(ctx, in) })
}

func benchLatency(b *testing.B, decide func(*Input) Decision) {
	in := benchInput()
	if d := decide(in); d.Action != ActionRedact || len(d.Redact) != 10 {
		b.Fatalf("unexpected decision %+v", d)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		decide(in)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}

// BenchmarkDecideNoFindings is the common case, evaluated (no cache): a prompt without findings
// on an approved service.
func BenchmarkDecideNoFindings(b *testing.B) {
	a := openDefault(b).cur.Load()
	in := benchInput()
	in.Findings, in.Counts = nil, nil
	b.ReportAllocs()
	for b.Loop() {
		a.decide(ctx, in)
	}
}

// BenchmarkInputValue measures the hand-written conversion of an input to an ast.Value.
func BenchmarkInputValue(b *testing.B) {
	in := benchInput()
	b.ReportAllocs()
	for b.Loop() {
		in.value()
	}
}
