// Package telemetry gives schleuse its OpenTelemetry tracer, Prometheus
// metrics and JSON logs, built so that no personal data can reach them.
//
// The binary calls [Setup] once and [Telemetry.Shutdown] on exit, mounts
// [Telemetry.MetricsHandler] at /metrics on the admin port, and passes
// [Telemetry.Tracer] and [Telemetry.Metrics] to the proxy, which starts
// the span "schleuse.inspect" per inspected request with a child per stage
// and counts requests, findings and stage durations:
//
//	tel.Metrics.Request(ctx, service.ID, telemetry.ActionRedact)
//	tel.Metrics.Stage(ctx, telemetry.StageDetect, time.Since(start))
//
// Metric label values come only from closed sets: the action, stage, reason
// and error-kind constants of this package, the finding types of
// TAXONOMY.md ([FindingTypes]) and the catalogue's service ids given with
// [WithServices]. Anything else is recorded as "other". Numbers are counts,
// sizes and durations; text, finding values and user names have no way in.
//
// Traces are exported with OTLP/HTTP only when Config.Traces is set and the
// OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT variable is present; otherwise the
// tracer is a no-op. [NewLoggerVar] writes JSON lines with trace_id and
// span_id and blanks keys such as password, prompt and user.
package telemetry
