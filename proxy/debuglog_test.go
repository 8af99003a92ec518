package proxy

import (
	"crypto/tls"
	"io"
	"log"
	"log/slog"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/http2"

	"github.com/schleuse/schleuse/internal/logsink"
)

// TestDebugLogHoldsNoRequestText: at debug level goproxy logs why it could
// not read a request head inside an interception, and net/http quotes the
// offending line in that error; the log line keeps the host and the
// error's type, never the line. Before, a prompt typed into a URL or a
// header (a name, an IBAN) stood in the log.
func TestDebugLogHoldsNoRequestText(t *testing.T) {
	var logBuf logsink.Buffer
	h := newPipeHarnessOpts(t, pipeOpts{log: &logBuf})
	for _, raw := range []string{
		"GET /v1/models?q=Kasimir Kanarienvogel DE89370400440532013000 HTTP/1.1\r\nHost: api.openai.com\r\n\r\n",
		"GET /v1/models HTTP/1.1\r\nHost: api.openai.com\r\nX-Note Kasimir Kanarienvogel\r\n\r\n",
		"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nKasimir",
	} {
		conn, _ := openTunnel(t, h.proxyURL.Host, "api.openai.com")
		tc := tls.Client(conn, &tls.Config{ServerName: "api.openai.com", RootCAs: h.schleuseP, NextProtos: []string{"http/1.1"}})
		io.WriteString(tc, raw)
		io.ReadAll(tc)
		conn.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logBuf.String(), "Cannot read request") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logBuf.String(), "Cannot read request from mitm'd client api.openai.com:443") {
		t.Fatalf("no debug line for the unreadable heads:\n%s", logBuf.String())
	}
	for _, line := range strings.Split(logBuf.String(), "\n") {
		if strings.Contains(line, "Kanarienvogel") || strings.Contains(line, "Kasimir") || strings.Contains(line, "04400532") {
			t.Errorf("canary in log: %s", line)
		}
	}
}

// TestServerErrorLogHoldsNoClientText: the error lines net/http and
// x/net/http2 write themselves — into http.Server.ErrorLog and, for
// goproxy's HTTP/2 server inside an interception, the standard logger —
// keep no bytes a client sent: not a bogus HTTP/2 preface, not the debug
// data of a client's GOAWAY, not a panic's value. Before, the proxy's
// ErrorLog took them as written (debug level), and goproxy's HTTP/2 lines
// went to stderr as written.
func TestServerErrorLogHoldsNoClientText(t *testing.T) {
	const canary = "Kasimir Kanarienvogel DE89370400440532013000"
	for _, line := range []string{
		"http2: server: error reading preface from client 10.0.0.5:51234: bogus greeting \"" + canary + "\"\n",
		"http2: received GOAWAY [FrameHeader GOAWAY len=60], starting graceful shutdown {ErrCode:PROTOCOL_ERROR debugData:" + canary + "}\n",
		"http: panic serving 10.0.0.5:51234: " + canary + "\ngoroutine 7 [running]:\nnet/http.(*conn).serve.func1()\n",
		"http2: panic serving 10.0.0.5:51234: runtime error: " + canary + "\nmore " + canary + "\ngoroutine 9 [running]:\n",
		"http: TLS handshake error from 10.0.0.5:51234: tls: client requested unsupported application protocols ([" + canary + "])\n",
	} {
		got := safeServerError(line)
		if strings.Contains(got, "Kanarienvogel") || strings.Contains(got, "0532") {
			t.Errorf("%q kept the canary: %q", line, got)
		}
		if !strings.Contains(got, "10.0.0.5:51234") && !strings.Contains(got, "GOAWAY") {
			t.Errorf("%q lost the client address: %q", line, got)
		}
	}
	if got := safeServerError("http: panic serving 10.0.0.5:1: x\ngoroutine 7 [running]:\nmain.f()\n"); !strings.Contains(got, "goroutine 7 [running]:\nmain.f()") {
		t.Errorf("the stack is gone: %q", got)
	}
	if got := safeServerError("http: Accept error: accept tcp 127.0.0.1:3128: too many open files; retrying in 5ms\n"); got != "http: Accept error: accept tcp 127.0.0.1:3128: too many open files; retrying in 5ms" {
		t.Errorf("a line without client text changed: %q", got)
	}

	// Through the proxy: goproxy's HTTP/2 server inside an interception
	// writes to the standard logger.
	var logBuf logsink.Buffer
	h := newPipeHarnessOpts(t, pipeOpts{log: &logBuf})
	prev := log.Writer()
	CaptureStandardLog(slog.New(slog.NewJSONHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug})), slog.LevelInfo)
	t.Cleanup(func() { log.SetOutput(prev) })
	for _, send := range []func(c io.Writer){
		func(c io.Writer) { io.WriteString(c, "PRI * HTTP/2.0\r\n\r\n"+canary+"\r\n\r\n") },
		func(c io.Writer) {
			io.WriteString(c, http2.ClientPreface)
			fr := http2.NewFramer(c, nil)
			fr.WriteSettings()
			fr.WriteGoAway(0, http2.ErrCodeProtocol, []byte(canary))
		},
	} {
		c := dialMITM(t, h, "api.openai.com", "h2")
		c.SetDeadline(time.Now().Add(5 * time.Second))
		send(c)
		io.ReadAll(c)
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for !(strings.Contains(logBuf.String(), "bogus greeting") && strings.Contains(logBuf.String(), "GOAWAY")) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logBuf.String(), "bogus greeting") || !strings.Contains(logBuf.String(), "GOAWAY") {
		t.Fatalf("no line for the bogus preface or the GOAWAY:\n%s", logBuf.String())
	}
	for _, line := range strings.Split(logBuf.String(), "\n") {
		if strings.Contains(line, "Kanarienvogel") || strings.Contains(line, "04400532") {
			t.Errorf("canary in log: %s", line)
		}
	}
}

// TestGoproxyTLSErrorLogGermanFirst: a client that does not trust the
// interception CA ends the TLS handshake; goproxy's line for it reaches the
// log through slogPrintf (debug level) German first, with what IT checks
// (does the client trust the CA?), the host and the error's type in
// detail, never more. Before, its msg was "goproxy" alone.
func TestGoproxyTLSErrorLogGermanFirst(t *testing.T) {
	var logBuf logsink.Buffer
	h := newPipeHarnessOpts(t, pipeOpts{log: &logBuf})
	raw, _ := openTunnel(t, h.proxyURL.Host, "api.openai.com")
	tc := tls.Client(raw, &tls.Config{ServerName: "api.openai.com"}) // the system roots: not schleuse's CA
	if err := tc.Handshake(); err == nil {
		t.Fatal("handshake with a CA the client does not trust succeeded")
	}
	raw.Close()
	const want = "TLS-Handshake mit dem Client gescheitert: vertraut er der Interception-CA (ca_cert der Startzeile; docs/operations.md, Abschnitt 7)? / goproxy: cannot handshake client"
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logBuf.String(), want) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	var line string
	for _, l := range strings.Split(logBuf.String(), "\n") {
		if strings.Contains(l, want) {
			line = l
		}
	}
	if line == "" || !strings.Contains(line, "Cannot handshake client api.openai.com:443") || !strings.Contains(line, "details withheld") {
		t.Fatalf("no German-first line for the failed handshake:\n%s", logBuf.String())
	}
}
