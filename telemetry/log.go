package telemetry

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"go.opentelemetry.io/otel/trace"
)

// Redacted replaces the value of a log attribute whose key names something
// that must never be logged.
const Redacted = "[entfernt]"

// redactKeys are attribute keys whose values are replaced by Redacted,
// whatever the caller passes: a guard against logging a prompt or a
// credential by mistake. Compared case-insensitively.
var redactKeys = map[string]bool{
	"password": true, "passwort": true, "passwd": true, "secret": true, "token": true,
	"authorization": true, "proxy-authorization": true, "proxy_authorization": true, "cookie": true, "set-cookie": true,
	"prompt": true, "body": true, "text": true, "content": true, "value": true, "values": true,
	"user": true, "username": true, "user_name": true, "benutzer": true,
}

// NewLoggerVar returns a JSON slog logger writing one object per line to w,
// at the level lv holds, which may change while the logger runs (a reloaded
// log.level). Records logged with a context get trace_id and span_id of the
// active span. Values of keys such as password, prompt, body or user are
// replaced by "[entfernt]": log the user pseudonym under "user_pseudonym".
func NewLoggerVar(w io.Writer, lv *slog.LevelVar) *slog.Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lv, ReplaceAttr: redact})
	return slog.New(contextHandler{h})
}

// ParseLevel reads a log level: debug, info (also ""), warn or error.
func ParseLevel(level string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(level)) {
	case "debug":
		return slog.LevelDebug, nil
	case "", "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("telemetry: log level %q: want debug, info, warn or error", level)
}

func redact(_ []string, a slog.Attr) slog.Attr {
	if redactKeys[strings.ToLower(a.Key)] {
		return slog.String(a.Key, Redacted)
	}
	return a
}

// contextHandler adds the trace and span ids from the context.
type contextHandler struct{ slog.Handler }

func (h contextHandler) Handle(ctx context.Context, r slog.Record) error {
	if ctx != nil {
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h contextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return contextHandler{h.Handler.WithAttrs(attrs)}
}

func (h contextHandler) WithGroup(name string) slog.Handler {
	return contextHandler{h.Handler.WithGroup(name)}
}
