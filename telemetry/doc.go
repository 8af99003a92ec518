// Package telemetry gives schleuse its OpenTelemetry traces, Prometheus
// metrics and JSON logs, built so that no personal data can reach them.
//
// The binary calls [Setup] once and [Telemetry.Shutdown] on exit, mounts
// [Telemetry.MetricsHandler] at /metrics on the admin port, and passes
// [Telemetry] to the proxy. Per inspected request the proxy does:
//
//	ctx = telemetry.WithRequestID(ctx, reqID)
//	ctx, span := tel.StartRequest(ctx, service.ID)
//	defer span.End()
//	sctx, st := tel.StartStage(ctx, telemetry.StageDetect)
//	findings, err := engine.Detect(sctx, text)
//	st.End(sctx, err)
//	...
//	tel.Annotate(span, telemetry.RequestInfo{Action: "redact", Findings: counts, ...})
//	tel.Metrics.Request(ctx, service.ID, "redact")
//
// Label values and span attributes come only from closed sets: the action,
// stage, reason and error-kind constants of this package, the finding types
// of TAXONOMY.md ([FindingTypes]) and the catalogue's service ids given with
// [WithServices]. Anything else is recorded as "other". Numbers are counts,
// sizes and durations; text, finding values and user names have no way in.
//
// Traces are exported with OTLP/HTTP only when Config.Traces is set and the
// OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT variable is present; otherwise the
// tracer is a no-op. [NewLogger] writes JSON lines with trace_id, span_id
// and request_id and blanks keys such as password, prompt and user.
package telemetry
