package proxy

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/http2"

	"github.com/schleuse/schleuse/config"
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
