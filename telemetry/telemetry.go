package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/otlptranslator"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Config selects what telemetry does.
type Config struct {
	ServiceName string // resource service.name; "" = "schleuse" (OTEL_SERVICE_NAME wins)
	Version     string // resource service.version

	// Traces enables tracing. Spans are exported with OTLP/HTTP when
	// OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set
	// (all other OTEL_* variables are honoured by the exporter and SDK);
	// otherwise, or with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none,
	// the tracer is a no-op.
	Traces bool
}

// Option adjusts Setup, mainly for tests and wiring.
type Option func(*options)

type options struct {
	exporter     sdktrace.SpanExporter
	services     []string
	findingTypes []string
}

// WithSpanExporter sends spans synchronously to exp (e.g. an in-memory
// tracetest exporter in tests) regardless of Config.Traces and OTEL_* variables.
func WithSpanExporter(exp sdktrace.SpanExporter) Option {
	return func(o *options) { o.exporter = exp }
}

// WithServices declares the service ids of the catalogue: the closed set of
// values for the service label and attribute. Other ids are recorded as "other".
func WithServices(ids ...string) Option {
	return func(o *options) { o.services = append(o.services, ids...) }
}

// WithFindingTypes adds finding type names to the closed set (FindingTypes).
func WithFindingTypes(types ...string) Option {
	return func(o *options) { o.findingTypes = append(o.findingTypes, types...) }
}

// Telemetry holds the tracer, the metrics and the Prometheus handler. Setup
// does not touch the OTel globals: pass Tracer and Metrics where they are used.
// The proxy must not propagate trace context (traceparent) to LLM services.
type Telemetry struct {
	Tracer         trace.Tracer
	Metrics        *Metrics
	MetricsHandler http.Handler // Prometheus text format, for /metrics on the admin port

	tp *sdktrace.TracerProvider // nil when tracing is a no-op
	mp *sdkmetric.MeterProvider
}

// Setup builds the tracer and meter providers. Shutdown flushes and stops them.
func Setup(ctx context.Context, cfg Config, opts ...Option) (*Telemetry, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if cfg.ServiceName == "" {
		cfg.ServiceName = "schleuse"
	}
	own := []attribute.KeyValue{semconv.ServiceVersion(cfg.Version)}
	if os.Getenv("OTEL_SERVICE_NAME") == "" {
		own = append(own, semconv.ServiceName(cfg.ServiceName))
	}
	res, err := resource.Merge(resource.Default(), resource.NewWithAttributes(semconv.SchemaURL, own...))
	if err != nil {
		return nil, fmt.Errorf("telemetry: resource: %w", err)
	}

	t := &Telemetry{}

	// traces
	var exp sdktrace.SpanExporter
	batch := true
	switch {
	case o.exporter != nil:
		exp, batch = o.exporter, false
	case cfg.Traces && otlpConfigured():
		if err := CheckEndpoints(); err != nil {
			return nil, err
		}
		exp, err = otlptracehttp.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("telemetry: OTLP trace exporter: %w", err)
		}
	}
	if exp != nil {
		var proc sdktrace.TracerProviderOption
		if batch {
			proc = sdktrace.WithBatcher(exp)
		} else {
			proc = sdktrace.WithSyncer(exp)
		}
		t.tp = sdktrace.NewTracerProvider(sdktrace.WithResource(res), proc)
		t.Tracer = t.tp.Tracer("github.com/schleuse/schleuse")
	} else {
		t.Tracer = noop.NewTracerProvider().Tracer("github.com/schleuse/schleuse")
	}

	// metrics
	reg := prometheus.NewRegistry()
	pe, err := otelprom.New(
		otelprom.WithRegisterer(reg),
		otelprom.WithoutScopeInfo(),
		otelprom.WithTranslationStrategy(otlptranslator.UnderscoreEscapingWithSuffixes),
	)
	if err != nil {
		t.shutdownTraces(ctx)
		return nil, fmt.Errorf("telemetry: prometheus exporter: %w", err)
	}
	if err := reg.Register(collectors.NewGoCollector()); err != nil {
		return nil, fmt.Errorf("telemetry: go collector: %w", err)
	}
	if err := reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
		return nil, fmt.Errorf("telemetry: process collector: %w", err)
	}
	t.mp = sdkmetric.NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(pe))
	if t.Metrics, err = newMetrics(t.mp, o.services, o.findingTypes); err != nil {
		_ = t.Shutdown(ctx)
		return nil, err
	}
	t.MetricsHandler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return t, nil
}

// otlpConfigured reports whether the OTEL_* environment asks for OTLP traces.
func otlpConfigured() bool {
	if strings.EqualFold(os.Getenv("OTEL_SDK_DISABLED"), "true") {
		return false
	}
	if e := os.Getenv("OTEL_TRACES_EXPORTER"); e != "" && !strings.EqualFold(e, "otlp") {
		return false
	}
	return os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// Shutdown flushes pending spans and stops the providers.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	if t == nil {
		return nil
	}
	var errs []error
	if t.tp != nil {
		if err := t.tp.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("telemetry: trace shutdown: %w", err))
		}
	}
	if t.Metrics != nil && t.Metrics.gaugeRegistrat != nil {
		_ = t.Metrics.gaugeRegistrat.Unregister()
	}
	if t.mp != nil {
		if err := t.mp.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("telemetry: metric shutdown: %w", err))
		}
	}
	return errors.Join(errs...)
}

func (t *Telemetry) shutdownTraces(ctx context.Context) {
	if t.tp != nil {
		_ = t.tp.Shutdown(ctx)
	}
}
