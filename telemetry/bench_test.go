package telemetry

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// benchRequest is the telemetry work of one inspected request (simulate):
// a request span, six stage spans with their histogram and the counters.
func benchRequest(ctx context.Context, tel *Telemetry, findings map[string]int) {
	simulate(ctx, tel, "chatgpt-web", ActionRedact, findings)
}

func BenchmarkRequestTelemetry(b *testing.B) {
	findings := map[string]int{"IBAN": 1, "PERSON": 2}
	for _, tc := range []struct {
		name string
		opts []Option
	}{
		{"tracing=off", nil},
		{"tracing=noop-exporter", []Option{WithSpanExporter(tracetest.NewNoopExporter())}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			tel, err := Setup(context.Background(), Config{}, append(tc.opts, WithServices("chatgpt-web"))...)
			if err != nil {
				b.Fatal(err)
			}
			defer tel.Shutdown(context.Background())
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				benchRequest(ctx, tel, findings)
			}
		})
	}
}

func BenchmarkMetrics(b *testing.B) {
	tel, err := Setup(context.Background(), Config{}, WithServices("chatgpt-web"))
	if err != nil {
		b.Fatal(err)
	}
	defer tel.Shutdown(context.Background())
	ctx := context.Background()
	b.Run("Request", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tel.Metrics.Request(ctx, "chatgpt-web", ActionAllow)
		}
	})
	b.Run("Stage", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tel.Metrics.Stage(ctx, StageDetect, 40*time.Microsecond)
		}
	})
}
