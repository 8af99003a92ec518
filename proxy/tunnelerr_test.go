package proxy

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/testpki"
)

// TestBlindTunnelTargetUnreachable: a CONNECT to a host outside the
// catalogue that cannot be reached is answered as a plain-HTTP request to
// it is, German first, without Go's error text (which named the proxy's
// DNS server and was all the answer said), and the cause is logged with
// the host and its kind. Before, nothing was logged.
func TestBlindTunnelTargetUnreachable(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := closed.Addr().String()
	closed.Close()
	logs := &syncBuffer{}
	h := newHarnessOn(t, nil, logs, nil, map[string]string{"down.example.org:443": down}, testpki.NewCA("upstream"))
	for _, c := range []struct{ target, host, kind string }{
		{"down.example.org:443", "down.example.org", "refused"},
		{"no-such-host.invalid:443", "no-such-host.invalid", "dns"},
	} {
		code, body := h.rawConnect(t, c.target)
		if code != http.StatusBadGateway ||
			!strings.HasPrefix(body, "schleuse: Der Zielserver ist derzeit nicht erreichbar. Bitte versuchen Sie es später erneut; besteht der Fehler fort, wenden Sie sich an die IT.") ||
			!strings.Contains(body, "\n\nschleuse: the server cannot be reached right now.") {
			t.Errorf("CONNECT %s: %d %q, want 502 with the German notice, then the English", c.target, code, body)
		}
		for _, cause := range []string{"dial tcp", "lookup", "connection refused", "no such host", down} {
			if strings.Contains(body, cause) {
				t.Errorf("CONNECT %s: the answer tells the cause %q: %q", c.target, cause, body)
			}
		}
		if line := logLine(logs.String(), "blind tunnel: target not reachable", "host="+c.host); !strings.Contains(line, "kind="+c.kind) {
			t.Errorf("CONNECT %s: log line %q, want kind=%s", c.target, line, c.kind)
		}
	}
}

// logLine is the first line of the text log that holds all of parts.
func logLine(log string, parts ...string) string {
	for _, l := range strings.Split(log, "\n") {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(l, p)
		}
		if ok {
			return l
		}
	}
	return ""
}
