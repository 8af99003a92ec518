package proxy

import (
	"context"
	"log"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// ServerErrorLog returns a *log.Logger for the error lines net/http and
// x/net/http2 write themselves (http.Server.ErrorLog, and the standard
// logger, which goproxy's HTTP/2 server writes to: it sets no ErrorLog).
// Those lines can quote what a client sent: "http2: server: error reading
// preface from client …: bogus greeting \"…\"", the GOAWAY frame a client
// sent with its debug data, a TLS error naming the client's protocols, the
// value of a panic ("http: panic serving …: …"). Each line goes to l at
// level with only what cannot carry client bytes (safeServerError).
func ServerErrorLog(l *slog.Logger, level slog.Level) *log.Logger {
	return log.New(errorLogWriter{l: l, level: level}, "", 0)
}

// CaptureStandardLog sends the standard logger's lines (goproxy's HTTP/2
// server, other libraries) to l at level, reduced as ServerErrorLog does;
// before, they went to stderr as written.
func CaptureStandardLog(l *slog.Logger, level slog.Level) {
	log.SetFlags(0)
	log.SetPrefix("")
	log.SetOutput(errorLogWriter{l: l, level: level})
}

type errorLogWriter struct {
	l     *slog.Logger
	level slog.Level
}

func (w errorLogWriter) Write(p []byte) (int, error) {
	if w.l.Enabled(context.Background(), w.level) {
		w.l.Log(context.Background(), w.level, "Meldung des HTTP-Servers (unter detail, ohne was der Client schrieb) / net/http", "detail", safeServerError(string(p)))
	}
	return len(p), nil
}

// maxServerError bounds the kept text of one line.
const maxServerError = 200

// safeServerError is one error line of net/http or x/net/http2 without
// what a client may have written: a panic's value (its stack stays:
// function names, files, lines and argument words in hex), a GOAWAY frame,
// and anything from the first quote or bracket on (where those packages
// quote a client's bytes: %q, a list, a frame); further lines are left out.
func safeServerError(s string) string {
	s = strings.TrimRight(s, "\n")
	stack := ""
	if i := strings.Index(s, "\ngoroutine "); i >= 0 {
		s, stack = s[:i], s[i:]
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " (further lines withheld)"
	}
	if i := strings.Index(s, "panic serving "); i >= 0 {
		addr, _, _ := strings.Cut(s[i+len("panic serving "):], ": ")
		if !hostName(addr) {
			addr = "(client)"
		}
		return s[:i] + "panic serving " + addr + ": (panic value withheld)" + stack
	}
	if i := strings.Index(s, "GOAWAY"); i >= 0 {
		return s[:i] + "GOAWAY (frame withheld)"
	}
	if i := strings.IndexAny(s, "\"'`([{<"); i >= 0 {
		s = s[:i] + "(details withheld)"
	}
	if len(s) > maxServerError {
		s = strings.ToValidUTF8(s[:maxServerError], "") + " (details withheld)"
	}
	return s
}

// auditErrorEvery bounds how often a request blocked because the audit
// log refuses records is logged, and a failed send whose record it
// refused (a variable for tests).
var auditErrorEvery = 10 * time.Second

// logLimiter lets one log line through per auditErrorEvery and counts the
// ones it holds back.
type logLimiter struct {
	mu      sync.Mutex
	last    time.Time
	skipped int
}

// allow reports whether a line may be written at now, and how many were
// held back since the last one written.
func (l *logLimiter) allow(now time.Time) (skipped int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.last.IsZero() && now.Sub(l.last) < auditErrorEvery {
		l.skipped++
		return 0, false
	}
	n := l.skipped
	l.last, l.skipped = now, 0
	return n, true
}
