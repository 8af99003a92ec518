package policies

import (
	"context"
	"runtime"
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
	benchLatency(b, benchRedact(b, e.Decide), func(in *Input) Decision { return e.Decide(ctx, in) })
}

// BenchmarkDecideMiss is BenchmarkDecide with every decision evaluated by OPA (a cache miss).
func BenchmarkDecideMiss(b *testing.B) {
	a := openDefault(b).cur.Load()
	benchLatency(b, benchRedact(b, func(ctx context.Context, in *Input) Decision { return a.decide(ctx, in) }), func(in *Input) Decision { return a.decide(ctx, in) })
}

// BenchmarkDecideMissTopdown is BenchmarkDecideMiss on OPA's interpreter, as before the compiled
// evaluator (vm.go).
func BenchmarkDecideMissTopdown(b *testing.B) {
	a := openDefault(b).cur.Load()
	benchLatency(b, benchRedact(b, func(ctx context.Context, in *Input) Decision { return a.decideTopdown(ctx, in) }), func(in *Input) Decision { return a.decideTopdown(ctx, in) })
}

// BenchmarkDecideMissCold is BenchmarkDecideMiss with the memo of functions that do not read
// input emptied before every evaluation: the first request with a new set of finding types, whose
// messages were never rendered.
func BenchmarkDecideMissCold(b *testing.B) {
	a := openDefault(b).cur.Load()
	if a.vm == nil {
		b.Fatalf("not compiled: %s", a.vmWhyNot)
	}
	decide := func(ctx context.Context, in *Input) Decision {
		a.vm.memo.mu.Lock()
		a.vm.memo.m, a.vm.memo.n = nil, 0
		a.vm.memo.mu.Unlock()
		return a.decide(ctx, in)
	}
	benchLatency(b, benchRedact(b, decide), func(in *Input) Decision { return decide(ctx, in) })
}

// benchRedact is benchInput after checking that decide redacts all 10 types.
func benchRedact(b *testing.B, decide func(context.Context, *Input) Decision) *Input {
	in := benchInput()
	if d := decide(ctx, in); d.Action != ActionRedact || len(d.Redact) != 10 {
		b.Fatalf("unexpected decision %+v", d)
	}
	return in
}

// benchLatency runs decide on in and reports the median (p50) and p99 latency next to the mean,
// and cpu-ns/op: the CPU time of the benchmark's thread per decision, which stays comparable when
// other processes share the machine (wall time does not). It leaves out the garbage collector's
// background work on other threads, so it is a little below ns/op on an idle machine.
func benchLatency(b *testing.B, in *Input, decide func(*Input) Decision) {
	lat := make([]time.Duration, 0, b.N)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, cpuOK := threadCPU()
	for range b.N {
		start := time.Now()
		decide(in)
		lat = append(lat, time.Since(start))
	}
	cpu1, _ := threadCPU()
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
	if cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkDecideNoFindings is the common case, evaluated (no cache): a prompt without findings
// on an approved service.
func BenchmarkDecideNoFindings(b *testing.B) {
	a := openDefault(b).cur.Load()
	in := benchInput()
	in.Findings, in.Counts = nil, nil
	if d := a.decide(ctx, in); d.Action != ActionAllow || d.Failed {
		b.Fatalf("unexpected decision %+v", d)
	}
	benchLatency(b, in, func(in *Input) Decision { return a.decide(ctx, in) })
}

// BenchmarkInputValue measures the hand-written conversion of an input to an ast.Value: the whole
// input, and the fields the default policy reads (what decide converts).
func BenchmarkInputValue(b *testing.B) {
	in := benchInput()
	read := openDefault(b).cur.Load().in
	for _, bc := range []struct {
		name string
		f    fields
	}{{"all", fAll}, {"read", read}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				in.valueOf(bc.f)
			}
		})
	}
}
