package proxy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/http2"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/internal/testpki"
)

// TestInterceptedRequestKeepsItsTarget: a request inside the interception of
// an inspected service goes to the CONNECT target or nowhere. goproxy would
// send it to its own Host header (HTTP/1, absolute-form URL) or :authority
// (HTTP/2): through api.openai.com's tunnel a client reached a service the
// catalogue blocks, with the policy believing it was openai-api.
func TestInterceptedRequestKeepsItsTarget(t *testing.T) {
	blocked := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) {
			c.Services = append(c.Services, config.Service{ID: "forbidden-llm", Provider: "openai-compatible", Hosts: []string{"forbidden.example"}, Mode: "block"})
		},
		extra: map[string]http.Handler{"forbidden.example": blocked},
	})
	body := chatBody("Hallo")
	post := func(target, host string) string {
		return "POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: " +
			strconv.Itoa(len(body)) + "\r\n\r\n" + body
	}
	for _, tc := range []struct {
		name, raw string
		want      int
	}{
		{"same host", post("/v1/chat/completions", "api.openai.com"), 200},
		{"same host, explicit port", post("/v1/chat/completions", "api.openai.com:443"), 200},
		{"other Host header", post("/v1/chat/completions", "forbidden.example"), http.StatusMisdirectedRequest},
		{"other port in Host", post("/v1/chat/completions", "api.openai.com:8443"), http.StatusMisdirectedRequest},
		{"loopback in Host", post("/v1/chat/completions", "127.0.0.1:22"), http.StatusMisdirectedRequest},
		{"absolute-form URL", post("https://forbidden.example/v1/chat/completions", "api.openai.com"), http.StatusMisdirectedRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dialMITM(t, h, "api.openai.com")
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			io.WriteString(c, tc.raw)
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
		})
	}
	t.Run("h2 :authority", func(t *testing.T) {
		c := dialMITM(t, h, "api.openai.com", "h2")
		tr := &http2.Transport{}
		cc, err := tr.NewClientConn(c)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(body))
		req.Host = "forbidden.example"
		req.Header.Set("Content-Type", "application/json")
		resp, err := cc.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("status %d, want %d", resp.StatusCode, http.StatusMisdirectedRequest)
		}
	})
	if n := blocked.count(); n != 0 {
		t.Errorf("the blocked service received %d requests", n)
	}
}

// TestProxyHostUnreachable: neither plain HTTP nor a blind tunnel reaches a
// service on the proxy host's loopback (by IP literal, "localhost", IPv6) or
// a link-local address; upstream.resolve may still point a name there.
func TestProxyHostUnreachable(t *testing.T) {
	var hits atomic.Int64
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, "secret of the proxy host")
	}))
	defer local.Close()
	_, port, _ := net.SplitHostPort(local.Listener.Addr().String())
	p, _ := strconv.Atoi(port)
	h := newHarness(t, func(c *config.Config) {
		c.Connect.AllowedPorts = []int{443, p}
		c.Upstream.DialTimeout = 2 * time.Second
	}, map[string]string{"intranet.example:" + port: local.Listener.Addr().String()}, testpki.NewCA("x"))
	cl := h.client(nil, false)
	for _, host := range []string{"127.0.0.1", "localhost", "127.0.0.2", "[::ffff:127.0.0.1]", "0.0.0.0", "169.254.169.254"} {
		resp, err := cl.Get("http://" + host + ":" + port + "/")
		if err != nil {
			t.Fatalf("GET via %s: %v", host, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadGateway || strings.Contains(string(b), "secret") {
			t.Errorf("plain GET to %s: %d %q", host, resp.StatusCode, b)
		}
		conn, err := net.Dial("tcp", h.proxyURL.Host)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(conn, "CONNECT %s:%s HTTP/1.1\r\nHost: %s:%s\r\n\r\n", host, port, host, port)
		resp, err = http.ReadResponse(bufio.NewReader(conn), nil)
		conn.Close()
		if err == nil && resp.StatusCode == http.StatusOK {
			t.Errorf("CONNECT %s:%s: tunnel opened", host, port)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the proxy host's service was reached %d times", n)
	}
	// A name upstream.resolve points at loopback is IT's choice: it works.
	resp, err := cl.Get("http://intranet.example:" + port + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || hits.Load() != 1 {
		t.Errorf("resolved name: %d, %d hits", resp.StatusCode, hits.Load())
	}
}

// TestTrailersNotForwarded: a chunked request's trailer fields are never
// inspected, so they must not reach the service (the HTTP/2 upstream
// transport sends Request.Trailer after the body).
func TestTrailersNotForwarded(t *testing.T) {
	var mu sync.Mutex
	var got []string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		mu.Lock()
		for k, v := range r.Trailer {
			got = append(got, k+"="+strings.Join(v, ","))
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"choices":[{"message":{"role":"assistant","content":"ok"}}]}`)
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	body := chatBody("Hallo")
	raw := "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nTrailer: X-Note\r\n\r\n" +
		strconv.FormatInt(int64(len(body)), 16) + "\r\n" + body + "\r\n0\r\nX-Note: Max Mustermann, DE89370400440532013000\r\n\r\n"
	c := dialMITM(t, h, "api.openai.com")
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, raw)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 0 {
		t.Errorf("trailers reached the service uninspected: %v", got)
	}
}

// recordConn is an upgraded upstream connection that records what is sent.
type recordConn struct{ bytes.Buffer }

func (*recordConn) Close() error { return nil }

// maskedFrame is one client frame (masked with a zero key).
func maskedFrame(b0 byte, payload []byte) []byte {
	f := []byte{b0}
	switch n := len(payload); {
	case n < 126:
		f = append(f, 0x80|byte(n))
	default:
		f = append(f, 0x80|126, byte(n>>8), byte(n))
	}
	return append(append(f, 0, 0, 0, 0), payload...)
}

// TestWebSocketControlFrames: ping, pong and close frames are no messages,
// so only their RFC 6455 size passes: a 1000-byte ping (or a fragmented
// one) could carry a prompt's worth of text past the inspection. (Without
// an inspector, as here, the payload is not scanned either:
// TestWebSocketControlFramesScanned.)
func TestWebSocketControlFrames(t *testing.T) {
	text := []byte(strings.Repeat("Max Mustermann DE89370400440532013000 ", 26))
	for _, tc := range []struct {
		name    string
		frame   []byte
		forward bool
	}{
		{"small ping", maskedFrame(0x80|opPing, []byte("hallo")), true},
		{"125-byte pong", maskedFrame(0x80|opPong, text[:125]), true},
		{"large ping", maskedFrame(0x80|opPing, text), false},
		{"large pong", maskedFrame(0x80|opPong, text), false},
		{"large close", maskedFrame(0x80|opClose, text), false},
		{"fragmented ping", maskedFrame(opPing, []byte("hallo")), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			up := &recordConn{}
			c := newWSConn(context.Background(), up, nil, &Exchange{Service: &Service{ID: "copilot-web"}}, 64<<10, func(string) [][]byte { return nil })
			_, err := c.Write(tc.frame)
			if tc.forward && (err != nil || up.Len() == 0) {
				t.Fatalf("not forwarded: %v", err)
			}
			if !tc.forward && (err == nil || up.Len() != 0) {
				t.Fatalf("forwarded %d bytes, err %v", up.Len(), err)
			}
		})
	}
}

// TestBlindTunnelSNI: a blind tunnel (CONNECT to a name or IP address
// outside the catalogue) whose TLS ClientHello names an inspected service
// is closed before the service sees anything: otherwise CONNECT to the
// service's IP address or another name on its CDN bypassed the inspection.
// So is one whose ClientHello names another host than the CONNECT, or an
// ECH front end: the name schleuse reads is then not the name the CDN
// routes by.
func TestBlindTunnelSNI(t *testing.T) {
	upCA := testpki.NewCA("CDN CA")
	var hits atomic.Int64
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, "ok")
	}), "api.openai.com", "cdn-front.example", "tunnel.example", "other.example", "cloudflare-ech.com")
	h := newHarness(t, func(c *config.Config) {
		c.Services = append(c.Services, config.Service{ID: "tunnelled", Hosts: []string{"tunnel.example"}, Mode: "tunnel"})
	}, map[string]string{"cdn-front.example:443": addr, "198.51.100.7:443": addr, "cloudflare-ech.com:443": addr}, upCA)
	roots := x509.NewCertPool()
	roots.AddCert(upCA.Cert)
	for _, tc := range []struct {
		connect, sni string
		ok           bool
	}{
		{"cdn-front.example:443", "cdn-front.example", true},
		{"cdn-front.example:443", "tunnel.example", true},
		{"cdn-front.example:443", "api.openai.com", false},
		{"198.51.100.7:443", "API.OpenAI.com", false},
		{"198.51.100.7:443", "copilot.microsoft.com", false},
		{"cdn-front.example:443", "other.example", false},       // fronting, or ECH's outer name
		{"198.51.100.7:443", "other.example", true},             // an address carries any name
		{"cloudflare-ech.com:443", "cloudflare-ech.com", false}, // an ECH front end
	} {
		conn, err := net.Dial("tcp", h.proxyURL.Host)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(conn, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", tc.connect, tc.connect)
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("CONNECT %s: %v %v", tc.connect, resp, err)
		}
		c := tls.Client(conn, &tls.Config{ServerName: tc.sni, RootCAs: roots, InsecureSkipVerify: tc.sni == "copilot.microsoft.com"})
		err = c.Handshake()
		conn.Close()
		if (err == nil) != tc.ok {
			t.Errorf("CONNECT %s, SNI %s: handshake error %v, want ok=%v", tc.connect, tc.sni, err, tc.ok)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestSNIRefused(t *testing.T) {
	for _, tc := range []struct {
		host, sni string
		refused   bool
	}{
		{"chat.example", "chat.example", false},
		{"Chat.Example.", "chat.example", false},
		{"chat.example", "CHAT.example.", false},
		{"chat.example", "cloudflare-ech.com", true},
		{"chat.example", "cdn.example", true},
		{"192.0.2.1", "chat.example", false},
		{"2001:db8::1", "chat.example", false},
		{"192.0.2.1", "Cloudflare-ECH.com", true},
	} {
		if got := sniRefused(tc.host, tc.sni); got != tc.refused {
			t.Errorf("sniRefused(%q, %q) = %v, want %v", tc.host, tc.sni, got, tc.refused)
		}
	}
}

// TestClientHelloServerName: the server name is read from a ClientHello in
// any number of pieces; an incomplete one asks for more, garbage is an error.
func TestClientHelloServerName(t *testing.T) {
	var hello bytes.Buffer
	c := tls.Client(&writeConn{w: &hello}, &tls.Config{ServerName: "api.openai.com"})
	c.SetDeadline(time.Now().Add(time.Second))
	c.Handshake() // fails on reading the answer; the hello is written
	b := hello.Bytes()
	if len(b) < 100 {
		t.Fatalf("hello of %d bytes", len(b))
	}
	for _, cut := range []int{1, 5, 6, 50, len(b) - 1} {
		if _, complete, err := clientHelloServerName(b[:cut]); complete || err != nil {
			t.Errorf("%d of %d bytes: complete=%v err=%v", cut, len(b), complete, err)
		}
	}
	if name, complete, err := clientHelloServerName(b); name != "api.openai.com" || !complete || err != nil {
		t.Errorf("whole hello: %q %v %v", name, complete, err)
	}
	if _, _, err := clientHelloServerName([]byte("\x16\x03\x01\x00\x05hallo")); err == nil {
		t.Error("garbage: no error")
	}
}

// writeConn records writes; reads fail.
type writeConn struct {
	replayConn
	w io.Writer
}

func (c *writeConn) Read([]byte) (int, error)    { return 0, io.EOF }
func (c *writeConn) Write(p []byte) (int, error) { return c.w.Write(p) }

// FuzzClientHelloServerName: any bytes give a name, "incomplete" or an
// error, never a panic; a name is only reported for a complete hello.
func FuzzClientHelloServerName(f *testing.F) {
	var hello bytes.Buffer
	c := tls.Client(&writeConn{w: &hello}, &tls.Config{ServerName: "api.openai.com"})
	c.Handshake()
	f.Add(hello.Bytes())
	f.Add(hello.Bytes()[:40])
	f.Add([]byte("\x16\x03\x01\x00\x05hallo"))
	f.Add([]byte("GET / HTTP/1.1\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		name, complete, err := clientHelloServerName(b)
		if name != "" && (!complete || err != nil) {
			t.Fatalf("name %q with complete=%v err=%v", name, complete, err)
		}
	})
}

// TestAdminListenerBounds: the admin listener refuses endless heads and
// does not keep connections open forever (slowloris from the LAN).
func TestAdminListenerBounds(t *testing.T) {
	h := newHarness(t, nil, nil, testpki.NewCA("x"))
	conn, err := net.Dial("tcp", h.srv.AdminAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	go fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: %s\r\n\r\n", strings.Repeat("a", 200<<10))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("200 KiB head: %d, want 431", resp.StatusCode)
	}
	h.srv.mu.Lock()
	a := h.srv.adminSrv
	h.srv.mu.Unlock()
	if a.IdleTimeout <= 0 || a.ReadTimeout <= 0 {
		t.Errorf("admin listener: idle timeout %v, read timeout %v", a.IdleTimeout, a.ReadTimeout)
	}
}

// TestUpgradeHeaderWithBody: a request that asks for a WebSocket upgrade
// but carries a body (a POST the service answers as usual) must not send
// that body upstream uninspected.
func TestUpgradeHeaderWithBody(t *testing.T) {
	h, up := newBadInputHarness(t)
	body := chatBody("Max Mustermann, IBAN " + testIBAN)
	for _, tc := range []struct{ name, framing string }{
		{"Content-Length", "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body},
		{"chunked", "Transfer-Encoding: chunked\r\n\r\n" + strconv.FormatInt(int64(len(body)), 16) + "\r\n" + body + "\r\n0\r\n\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			raw := "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\n" +
				"Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + tc.framing
			if out := sendRaw(t, h, []byte(raw), false); out.status != http.StatusBadRequest {
				t.Errorf("status %d, want 400", out.status)
			}
			for _, r := range up.since(n) {
				if strings.Contains(r.Body, testIBAN) || strings.Contains(r.Body, "Mustermann") {
					t.Fatalf("the service got the body uninspected: %q", r.Body)
				}
			}
		})
	}
}

// TestPlainHTTPToService: a prompt to an inspected service over plain HTTP
// (no CONNECT) is refused: even redacted, it would cross the internet
// unencrypted.
func TestPlainHTTPToService(t *testing.T) {
	var hits atomic.Int64
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
	}))
	defer svc.Close()
	h := newHarness(t, nil, map[string]string{"api.openai.com:80": svc.Listener.Addr().String()}, testpki.NewCA("x"))
	resp, err := h.client(nil, false).Post("http://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(chatBody("Hallo")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || hits.Load() != 0 {
		t.Errorf("status %d, %d requests reached the service", resp.StatusCode, hits.Load())
	}
}

// TestQueryIsInspected: a request without a body carries its text in the
// URL query (a browser's search shortcut to www.perplexity.ai/search?q=…):
// findings there go to the policy, and what it would redact is blocked, as
// a URL cannot be rewritten. The values of prompt parameters (q, …) are
// scanned whatever they hold, other values when they hold a space; a
// segment that does not decode is scanned all the same (url.Values drops it,
// but the service gets it).
func TestQueryIsInspected(t *testing.T) {
	var mu sync.Mutex
	var got []string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.RawQuery)
		mu.Unlock()
		io.WriteString(w, "<html>ok</html>")
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"www.perplexity.ai": up}})
	for _, tc := range []struct {
		query   string
		forward bool
	}{
		{"q=" + url.QueryEscape("Wie schreibe ich eine Einladung zum Sommerfest?"), true},
		{"sid=-4418346734924378061&_reqid=4111111111111111229&hl=de", true}, // ids holding a card number's digits
		{"sid=4111111111111111&hl=de", false},                               // a value that is one: scanned whatever its name
		{"q=" + url.QueryEscape("Überweisung an Max Mustermann, IBAN "+testIBAN+", bitte Mahnung schreiben"), false},
		{"q=" + strings.ReplaceAll(testIBAN, " ", ""), false},
		{"hl=de&Query=" + strings.ReplaceAll(testIBAN, " ", ""), false},
		{"q=%zz+" + url.QueryEscape("IBAN "+testIBAN), false},
		{"hl=de;q=" + url.QueryEscape("IBAN "+testIBAN), false},
	} {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		resp, err := h.client(h.schleuseP, false).Get("https://www.perplexity.ai/search?" + tc.query)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		mu.Lock()
		reached := len(got) > n
		mu.Unlock()
		if reached != tc.forward {
			t.Errorf("%s: forwarded=%v (status %d %q), want %v", tc.query, reached, resp.StatusCode, b, tc.forward)
		}
		if !tc.forward && (resp.StatusCode == 200 && !strings.Contains(string(b), "schleuse")) {
			t.Errorf("%s: no notice: %d %q", tc.query, resp.StatusCode, b)
		}
	}
}

// TestQueryOfRequestWithBody: a prompt's URL query is inspected too; before,
// only requests without a body had their query scanned, and a client could
// send a name and an IBAN in ?user=… next to a clean prompt. What the policy
// would replace there blocks the request; a clean query with a redacted body
// goes through as before.
func TestQueryOfRequestWithBody(t *testing.T) {
	var mu sync.Mutex
	var got []string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.URL.RawQuery+" "+string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}`)
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	for _, tc := range []struct {
		query, prompt string
		forward       bool
	}{
		{"user=" + url.QueryEscape("Herrn Jürgen Kowalski, IBAN "+testIBAN), "Hallo", false},
		{"q=" + strings.ReplaceAll(testIBAN, " ", ""), "Hallo", false},
		{"api-version=2024-06-01", "Bitte an Herrn Jürgen Kowalski, IBAN " + testIBAN, true},
	} {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions?"+tc.query, "application/json", strings.NewReader(chatBody(tc.prompt)))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		mu.Lock()
		var sent string
		if len(got) > n {
			sent = got[n]
		}
		mu.Unlock()
		if (sent != "") != tc.forward {
			t.Errorf("%s: forwarded=%v (status %d %q), want %v", tc.query, sent != "", resp.StatusCode, b, tc.forward)
		}
		if !tc.forward && !strings.Contains(string(b), "Adresse (URL)") {
			t.Errorf("%s: the notice does not name the address: %d %q", tc.query, resp.StatusCode, b)
		}
		if strings.Contains(sent, "Kowalski") || strings.Contains(sent, "0532") {
			t.Errorf("%s: the service got the data: %q", tc.query, sent)
		}
	}
}

// TestResolveIgnoresCase: upstream.resolve applies whatever case or
// trailing dot the client writes the name in; before, API.OpenAI.com missed
// the entry and went where public DNS pointed.
func TestResolveIgnoresCase(t *testing.T) {
	h, up := newBadInputHarness(t)
	for _, host := range []string{"API.OpenAI.com", "api.openai.com."} {
		n := up.count()
		c := dialMITM(t, h, host)
		c.SetDeadline(time.Now().Add(10 * time.Second))
		body := chatBody("Hallo")
		fmt.Fprintf(c, "POST /v1/chat/completions HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", host, len(body), body)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		c.Close()
		if resp.StatusCode != 200 || up.count() != n+1 {
			t.Errorf("%s: status %d, the resolved upstream got %d requests", host, resp.StatusCode, up.count()-n)
		}
	}
}

// TestRefusedUpgradeKeepsHeadBounds: an upgrade the service does not accept
// leaves the connection under the head size cap; before, it stayed open
// without one, and a client could stream an endless header into memory.
func TestRefusedUpgradeKeepsHeadBounds(t *testing.T) {
	h, _ := newBadInputHarness(t)
	c := dialMITM(t, h, "api.openai.com")
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET /v1/realtime HTTP/1.1\r\nHost: api.openai.com\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusSwitchingProtocols {
		t.Fatal("the service switched protocols")
	}
	go func() {
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: api.openai.com\r\nX-Pad: ")
		chunk := strings.Repeat("a", 16<<10)
		for range 64 { // 1 MiB, far over the cap
			if _, err := io.WriteString(c, chunk); err != nil {
				return
			}
		}
	}()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = br.ReadByte()
	var ne net.Error
	if err == nil || errors.As(err, &ne) && ne.Timeout() {
		t.Errorf("the connection took an endless header: read %v", err)
	}
}

// FuzzQueryTexts: every value url.ParseQuery finds in a query that parses
// (without ';', which it rejects) is among the texts scanQuery scans (one
// that joins words with "_" read as readJoined reads it), a token exactly
// when it is no prompt parameter's and holds no white space and no joined
// words; and so is every key with a space or joined words, once per value,
// and every other key of six bytes or more as a token; nothing else is; a query that does not parse yields its decodable parts
// without a panic.
func FuzzQueryTexts(f *testing.F) {
	for _, s := range []string{
		"q=Hallo+Welt", "sid=4111111111111111&hl=de", "q=DE89370400440532013000", "hl=de&Query=x", "authuser=max%40example.de&login_hint=a%40b.de,c",
		"q=%zz+IBAN", "hl=de;q=a+b", "a=b=c&&=&q", "text=%E2%82%AC+5&x=%20", "q=a&q=b+c",
		"filename=Bescheid_Anna_Schmidt.pdf", "q=Anna_Schmidt", "x=_a_&y=a__b", "Herr+Mehmet+Yilmaz", "Anna_Schmidt=1&a+b=c&a+b=d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var got []string
		for v, token := range queryTexts(raw) {
			got = append(got, fmt.Sprint(v, token))
		}
		if strings.Contains(raw, ";") {
			return
		}
		vals, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for k, vs := range vals {
			if !utf8.ValidString(k + strings.Join(vs, "")) {
				return // queryUnescape reads bytes that are no UTF-8 as Windows-1252 (TestURLTokensInspected)
			}
		}
		var want []string
		for k, vs := range vals {
			if r, ok := readJoined(k); ok {
				for range vs {
					want = append(want, fmt.Sprint(r, false))
				}
			} else if hasSpace(k) {
				for range vs {
					want = append(want, fmt.Sprint(k, false))
				}
			} else if len(k) >= 6 {
				for range vs {
					want = append(want, fmt.Sprint(k, true)) // read as a token (sec25)
				}
			}
			for _, v := range vs {
				if r, ok := readJoined(v); ok {
					want = append(want, fmt.Sprint(r, false))
				} else if v != "" && !(!promptParam(k) && !hasSpace(v) && accountParam(k, v)) {
					want = append(want, fmt.Sprint(v, !promptParam(k) && !hasSpace(v)))
				}
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: scanned %q, want %q", raw, got, want)
		}
	})
}

// TestRequestExtrasAreInspected: a chat request's metadata, end-user id and
// participant names go to the service beside the messages; before, the
// OpenAI adapter did not read them and a name and an IBAN there reached the
// service unscanned. Now they are replaced like the prompt's.
func TestRequestExtrasAreInspected(t *testing.T) {
	var mu sync.Mutex
	var sent string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		sent = string(b)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}`)
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Fasse die Akte zusammen."}],` +
		`"metadata":{"akte":"Herr Jürgen Kowalski, IBAN ` + testIBAN + `"}}`
	resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	if resp.StatusCode != 200 || sent == "" {
		t.Fatalf("status %d, nothing forwarded", resp.StatusCode)
	}
	if strings.Contains(sent, "Kowalski") || strings.Contains(sent, "0532") || !strings.Contains(sent, "[IBAN_1]") {
		t.Fatalf("the service got %s", sent)
	}
}

// TestUnreadFieldsAreInspected sends, through the proxy, text in fields
// that the adapters did not read (security review, third round): Gemini's
// snake_case spellings and stop sequences, Vertex labels, a DeepL form field
// beside text, a ChatGPT web "system" message (system text is not scanned
// by default, and the web app sends none), a Le Chat file name. Each reaches the
// service only redacted (the IBAN), or the request is blocked.
func TestUnreadFieldsAreInspected(t *testing.T) {
	var mu sync.Mutex
	var sent []string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		sent = append(sent, string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	})
	hosts := []string{"generativelanguage.googleapis.com", "api-free.deepl.com", "chat.mistral.ai", "chatgpt.com"}
	extra := map[string]http.Handler{}
	for _, h := range hosts {
		extra[h] = up
	}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra})
	akte := "Herr Jürgen Kowalski, IBAN " + testIBAN
	q, _ := json.Marshal(akte)
	cases := []struct {
		name, url, ct, body string
		not                 string // also not in what the service got ("" = the IBAN only)
	}{
		{"gemini labels", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", "application/json",
			`{"contents":[{"role":"user","parts":[{"text":"Fasse zusammen."}]}],"labels":{"akte":` + string(q) + `}}`, ""},
		{"gemini stop sequence", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", "application/json",
			`{"contents":[{"role":"user","parts":[{"text":"Schreibe."}]}],"generation_config":{"stop_sequences":[` + string(q) + `]}}`, ""},
		{"gemini inline_data", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", "application/json",
			`{"contents":[{"role":"user","parts":[{"text":"Lies die Datei."},{"inline_data":{"mime_type":"text/plain","data":"` +
				base64.StdEncoding.EncodeToString([]byte(akte)) + `"}}]}]}`, ""},
		{"deepl form", "https://api-free.deepl.com/v2/translate", "application/x-www-form-urlencoded",
			"text=Guten+Tag&target_lang=EN&glossary_entries=" + url.QueryEscape(akte), ""},
		{"chatgpt web system message", "https://chatgpt.com/backend-api/f/conversation", "application/json",
			`{"action":"next","messages":[{"id":"a","author":{"role":"system"},"content":{"content_type":"text","parts":[` + string(q) + `]}},{"id":"b","author":{"role":"user"},"content":{"content_type":"text","parts":["Fasse zusammen."]}}],"model":"auto"}`, ""},
		{"le chat file name as a file names it", "https://chat.mistral.ai/api/chat", "application/json",
			`{"chatId":"c1","model":"mistral-large","mode":"append","messageInput":"Lies.","messageFiles":[{"type":"text","url":"https://x.invalid/f","name":"Abmahnung_Juergen_Kowalski.pdf"}]}`, "Kowalski"},
		{"le chat file name", "https://chat.mistral.ai/api/chat", "application/json",
			`{"chatId":"c1","model":"mistral-large","mode":"append","messageInput":"Lies.","messageFiles":[{"type":"text","url":"https://x.invalid/f","name":` + string(q) + `}]}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mu.Lock()
			sent = nil
			mu.Unlock()
			resp, err := h.client(h.schleuseP, false).Post(c.url, c.ct, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mu.Lock()
			defer mu.Unlock()
			for _, s := range sent {
				dec, _ := url.QueryUnescape(s)
				if strings.Contains(s, "0532") || strings.Contains(dec, "0532") || c.not != "" && strings.Contains(s, c.not) ||
					strings.Contains(s, base64.StdEncoding.EncodeToString([]byte(akte))) {
					t.Fatalf("status %d, the service got %s", resp.StatusCode, s)
				}
			}
			// A notice answers 200 where the app shows it as a reply (Le
			// Chat's stream): X-Schleuse-Action tells it from the service's answer.
			if len(sent) == 0 && resp.StatusCode == http.StatusOK && resp.Header.Get("X-Schleuse-Action") == "" {
				t.Fatalf("status 200 but nothing forwarded")
			}
		})
	}
}

// TestSchemaPropertyNamesPass: a structured-output request whose schema
// names a property, a title and enum values as the detectors name a
// special category is forwarded: keys are labels (unread reads only keys
// that hold a value), and a schema is the developer's, system text
// (schemaText). Found when unread first read every capitalised key and
// every string: the request was blocked.
func TestSchemaPropertyNamesPass(t *testing.T) {
	h := newPipeHarness(t, nil)
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Lies den Antrag."}],"response_format":{"type":"json_schema","json_schema":{"name":"antrag","schema":{"type":"object","properties":{"Name":{"type":"string"},"Adresse":{"type":"string"},"Telefon":{"type":"string"},"Krankheit":{"type":"string"},"Schwerbehinderung":{"type":"boolean"},"GdB":{"type":"integer"},"Konfession":{"type":"string"},"Merkmal":{"type":"string","title":"Art der Schwerbehinderung","enum":["Schwerbehinderung","Pflegegrad 3","keine"]}}}}}}`
	if code, got := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body); code != 200 {
		t.Fatalf("%d %.300s", code, got)
	}
}

// TestURLJoinedWordsInspected: a URL path segment or query value that joins
// words with "_" (a file name, a slug) is read with "_" as a blank, as a
// file-name field in a body is, so the name and the IBAN in it are found:
// the request is blocked (an address cannot be rewritten) and the audit
// path shows the types, not the values. Before, "Anna_Schmidt_IBAN_DE89…"
// was one word to the detectors: the request went to the service and the
// audit record kept the raw name and IBAN. Ids and settings with "_" pass.
func TestURLJoinedWordsInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}]}`
	assertURLsBlocked(t, h, body,
		"https://api.openai.com/v1/chat/completions?filename=Bescheid_Anna_Schmidt.pdf",
		"https://api.openai.com/v1/chat/completions/Anna_Schmidt_IBAN_DE89370400440532013000",
		"https://api.openai.com/v1/chat/completions?Herr%20Mehmet%20Yilmaz%20IBAN%20DE89370400440532013000",
		"https://api.openai.com/v1/chat/completions?api-version=1&Herr+Mehmet+Yilmaz+IBAN+DE89370400440532013000=1",
	)
	n := len(h.llm.received)
	if code, got := postJSON(t, h, "https://api.openai.com/v1/chat/completions?response_format=json_object&api_version=2024_10_01&user=thread_abc123", body); code != 200 || len(h.llm.received) != n+1 {
		t.Errorf("ids and settings with _: %d %.300s", code, got)
	}
	assertAuditPathsClean(t, h, "Schmidt", "0532")
}

// assertURLsBlocked posts body to each URL and wants the block notice for
// data in an address (URL), with nothing forwarded.
func assertURLsBlocked(t *testing.T, h *pipeHarness, body string, urls ...string) {
	t.Helper()
	for _, u := range urls {
		n := len(h.llm.received)
		code, got := postJSON(t, h, u, body)
		if code == 200 || len(h.llm.received) != n || !strings.Contains(got, "Adresse (URL)") {
			t.Errorf("%s: %d %.300s (forwarded: %v)", u, code, got, len(h.llm.received) != n)
		}
	}
}

// assertAuditPathsClean wants none of raw in any audit record's path.
func assertAuditPathsClean(t *testing.T, h *pipeHarness, raw ...string) {
	t.Helper()
	for _, r := range auditRecords(t, h.audit, h.stateDir, "test") {
		for _, v := range raw {
			if strings.Contains(r.Path, v) {
				t.Errorf("raw value %q in the audit path %q", v, r.Path)
			}
		}
	}
}

// FuzzReadJoined: a URL segment read with its joints as blanks keeps its
// length and changes only at "_", "+" and a file name's last dot, so
// findings' offsets hold for the segment.
func FuzzReadJoined(f *testing.F) {
	for _, s := range []string{"Bescheid_Anna_Schmidt.pdf", "Anna_Schmidt_DE89370400440532013000", "_a_", "a__b", "thread_abc123", "x+y", "ü_ä", "a b_c",
		"erika.mustermann.015112345678", "akte-herr-mustermann-iban-de89370400440532013000", "geb._12.03.1961_kunde_86095742719"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := readJoined(s)
		if !ok {
			if got != s {
				t.Fatalf("%q: not ok but changed to %q", s, got)
			}
			return
		}
		if len(got) != len(s) || hasSpace(s) {
			t.Fatalf("%q → %q", s, got)
		}
		for i := range len(s) {
			if got[i] != s[i] && (got[i] != ' ' || !strings.ContainsRune("_+.-", rune(s[i]))) {
				t.Fatalf("byte %d: %q → %q", i, s[i], got[i])
			}
		}
	})
}

// TestPlainHTTPInsideTunnel: a client that sends plain HTTP inside the
// CONNECT tunnel of an inspected service, instead of starting TLS, gets a
// German 403, and nothing reaches the service's port. Before, goproxy read
// the request, schleuse inspected it and sent it on as http:// to port 443:
// the prompt crossed the network unencrypted.
func TestPlainHTTPInsideTunnel(t *testing.T) {
	plain, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	got := make(chan string, 4)
	go func() {
		for {
			c, err := plain.Accept()
			if err != nil {
				return
			}
			c.SetReadDeadline(time.Now().Add(3 * time.Second))
			b, _ := io.ReadAll(c)
			c.Close()
			got <- string(b)
		}
	}()
	h := newPipeHarness(t, func(c *config.Config) { c.Upstream.Resolve["api.openai.com:443"] = plain.Addr().String() })
	conn, br := openTunnel(t, h.proxyURL.Host, "api.openai.com")
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Wie wird das Wetter?"}]}`
	fmt.Fprintf(conn, "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com:443\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(b), "nur über HTTPS") {
		t.Errorf("%d %s", resp.StatusCode, b)
	}
	select {
	case s := <-got:
		t.Errorf("the service's port received %q", s)
	case <-time.After(500 * time.Millisecond):
	}
}

// TestURLOtherSpacesInspected: a path segment or query value whose words
// are spaced with no-break or other Unicode spaces is text like one with
// blanks, and is scanned; before, only " \t\r\n" made a segment text, so
// "/v1/…/Klaus%C2%A0Müller,%C2%A0IBAN%C2%A0DE89…" went to the service
// uninspected although the detectors read U+00A0 as a blank.
func TestURLOtherSpacesInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}]}`
	assertURLsBlocked(t, h, body,
		"https://api.openai.com/v1/chat/completions/Klaus%C2%A0M%C3%BCller,%C2%A0IBAN%C2%A0DE89%C2%A03704%C2%A00044%C2%A00532%C2%A00130%C2%A000",
		"https://api.openai.com/v1/chat/completions?ref=Klaus%E2%80%AFM%C3%BCller%E2%80%AFDE89%E2%80%AF3704%E2%80%AF0044%E2%80%AF0532%E2%80%AF0130%E2%80%AF00",
	)
	assertAuditPathsClean(t, h, "Müller", "0532")
}

// TestConnectInsideInterception: a CONNECT sent inside the intercepted TLS
// connection of an inspected service is refused with 405; before, it went
// on to the service as a CONNECT, and a host that honoured it would have
// given the client a tunnel through it that schleuse does not read.
func TestConnectInsideInterception(t *testing.T) {
	upCA := testpki.NewCA("LLM CA")
	var hits atomic.Int64
	addr := upstream(t, upCA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, "ok")
	}), "api.openai.com")
	h := newHarness(t, nil, map[string]string{"api.openai.com:443": addr}, upCA)
	conn, _ := openTunnel(t, h.proxyURL.Host, "api.openai.com")
	tc := tls.Client(conn, &tls.Config{ServerName: "api.openai.com", RootCAs: h.schleuseP, NextProtos: []string{"http/1.1"}})
	io.WriteString(tc, "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(tc), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusMethodNotAllowed || hits.Load() != 0 {
		t.Fatalf("%d %s; the service got %d requests", resp.StatusCode, b, hits.Load())
	}
}

// TestURLTokensInspected: every value in the URL query of a request to an
// LLM host is scanned, whatever its shape; before, only prompt parameters
// and values with white space or joined words were, and an e-mail address,
// an IBAN or a tax ID as a value of its own ("?mail=…", "?iban=DE89…") went
// out unread beside a clean prompt. A value's findings count when they
// stand alone or between separators; a card number's digits inside a
// random id and the session's credentials (?key=AIza…, an access token,
// SECRET) do not block. A header that carries a file's name is read as one,
// and From (an e-mail address by definition) is scanned.
func TestURLTokensInspected(t *testing.T) {
	var mu sync.Mutex
	var got []string
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.URL.RawQuery+" "+fmt.Sprint(r.Header)+" "+string(b))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}`)
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	iban := strings.ReplaceAll(testIBAN, " ", "")
	// A value longer than the scan cache keeps (maxCachedURLText): JSON
	// without blanks, an access token as Copilot's WebSocket URL has it.
	long := "%7B%22mail%22%3A%22max.mustermann%40example.de%22%2C%22iban%22%3A%22" + iban + "%22%2C%22pad%22%3A%22" + strings.Repeat("abcdefgh.", 70) + "%22%7D"
	var token strings.Builder
	for i := 0; token.Len() < 1200; i++ {
		sum := sha256.Sum256([]byte{byte(i)})
		token.WriteString(base64.RawURLEncoding.EncodeToString(sum[:]))
	}
	for _, tc := range []struct {
		query   string
		header  [2]string
		forward bool
	}{
		{query: "state=" + long},
		{query: "mail=max.mustermann%40example.de"},
		{query: "iban=" + iban},
		{query: "x=steuer:" + testTaxID},
		{query: "card=4111111111111111"},
		{query: "q=Herr+J%FCrgen+Kowalski"},                   // ISO-8859-1, as an old form sends it
		{query: "x=DE89%203704%200044%200532%200130%2000%zz"}, // a bad escape beside good ones: Python's unquote keeps it and decodes the rest
		{query: "x=DE89;3704;0044;0532;0130;00"},              // CSV cells: a server that splits at '&' only reads one value (sec13)
		{query: "x=8.6095742719e10"},                          // a Steuer-ID as a float (sec13)
		{header: [2]string{"X-File-Name", "Bescheid_" + iban + ".pdf"}},
		{header: [2]string{"Content-Disposition", `attachment;filename=Bescheid_Juergen_Kowalski_` + iban + `.pdf`}},
		{header: [2]string{"From", "max.mustermann@example.de"}},
		// Clean: ids, versions, a credential, an encoded token.
		{query: "api-version=2024-10-21&alt=sse&_reqid=1234567&rt=c&bl=boq_assistant-bard-web-server_20240519.16_p0", forward: true},
		{query: "f.sid=-4418346734924378061&id=4111111111111111229&ts=1732953600000", forward: true},
		{query: "a=1;b=2;c=x-y_z;d=1.5e3", forward: true},
		// The session's own account (a Workspace link to Gemini, an OIDC
		// login hint); anything else there, or the address elsewhere, counts.
		{query: "authuser=max.mustermann%40stadt-musterstadt.de&hl=de", forward: true},
		{query: "login_hint=max.mustermann%40stadt-musterstadt.de", forward: true},
		{query: "authuser=" + iban},
		{query: "authuser=max.mustermann%40example.de%2C" + iban},
		{query: "user=max.mustermann%40stadt-musterstadt.de"},
		// Gemini's f.sid is a random int64; about one in twenty-five is a
		// valid card number as a whole.
		{query: "f.sid=-6350206681586176721&_reqid=3245678&rt=c", forward: true},
		{query: "f.sid=4936100608874317126&_reqid=3245678&rt=c", forward: true},
		{query: "accessToken=" + token.String(), forward: true},
		// A UUID's groups read as an IBAN about once in 3 000 (EE, BE, BA
		// and hex digits); a conversation's id is the same for its every
		// request.
		{query: "conversation_id=ee14d23d-3620-6dc6-b320-8a16eefa4674", forward: true},
		{query: "id=EE14D23D-3620-6DC6-B320-8A16EEFA4674", forward: true},
		// "-Az-" in a token: the detectors read the rest as a case reference.
		{query: "accessToken=" + token.String()[:300] + "-Az-" + token.String()[300:], forward: true},
		{query: "key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW&access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", forward: true},
		{header: [2]string{"X-File-Name", "Einladung_Sommerfest.pdf"}, forward: true},
		{header: [2]string{"X-Api-Key", "sk-proj-" + strings.Repeat("Ab3d", 12)}, forward: true},
		// A login in a header of its own, with white space (Cloudflare's AI
		// Gateway, Helicone): the session's credential, as Authorization.
		{header: [2]string{"Cf-Aig-Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}, forward: true},
		{header: [2]string{"Helicone-Auth", "Bearer sk-helicone-" + strings.Repeat("Ab3d", 10)}, forward: true},
		{header: [2]string{"X-Api-Key", "Bearer x, Kontakt max.mustermann@example.de"}}, // other data there counts
	} {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions?"+tc.query, strings.NewReader(chatBody("Hallo")))
		req.Header.Set("Content-Type", "application/json")
		if tc.header[0] != "" {
			req.Header.Set(tc.header[0], tc.header[1])
		}
		code, body := h.send(t, req)
		mu.Lock()
		var sent string
		if len(got) > n {
			sent = got[n]
		}
		mu.Unlock()
		name := tc.query + tc.header[0]
		if (sent != "") != tc.forward {
			t.Errorf("%s: forwarded=%v (status %d %.200q), want %v", name, sent != "", code, body, tc.forward)
		}
		if !tc.forward && !strings.Contains(body, "Adresse (URL)") {
			t.Errorf("%s: the notice does not name the address: %d %.200q", name, code, body)
		}
	}
}

// FuzzReadJoinedTokens: reading a prompt's joined words keeps its length
// (findings' offsets hold) and changes only joints into blanks.
func FuzzReadJoinedTokens(f *testing.F) {
	for _, s := range []string{
		"Anhang: erika_mustermann_86095742719.pdf", "an erika.mustermann.015112345678 bitte",
		"Anhang:\u00a0erika_mustermann_86095742719.pdf", "gpt-4o-mini 2024-11-20 v1.2.3", "", "12345678",
		"de89-3704-0044-0532-0130-00", "x_y_z_1234567890_ü",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, ok := readJoinedTokens(s)
		if len(out) != len(s) || ok != (out != s) {
			t.Fatalf("readJoinedTokens(%q) = %q, %v", s, out, ok)
		}
		for i := range len(s) {
			if out[i] != s[i] && !(out[i] == ' ' && strings.IndexByte("_-.+", s[i]) >= 0) {
				t.Fatalf("readJoinedTokens(%q) = %q: byte %d changed from %q", s, out, i, s[i])
			}
		}
	})
}
