package proxy

import (
	"crypto/tls"
	"io"
	"strings"
	"testing"
	"time"

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
		if strings.Contains(line, "Kanarienvogel") || strings.Contains(line, "Kasimir") || strings.Contains(line, "0532") {
			t.Errorf("canary in log: %s", line)
		}
	}
}
