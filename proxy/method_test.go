package proxy

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/telemetry"
)

// TestMethodNormalised: a method the client makes up (any HTTP token:
// "DE89370400440532013000") is "_OTHER" in the span attribute
// http.request.method (as OpenTelemetry's semantic conventions say), in
// the log line of a request no adapter knows and in the policy input;
// the known methods stay as they are. Before, the client's token went
// unchanged into all three.
func TestMethodNormalised(t *testing.T) {
	const odd = "DE89370400440532013000"
	exp := tracetest.NewInMemoryExporter()
	logs := &syncBuffer{}
	var tel *telemetry.Telemetry
	// The policy blocks what it sees as "_OTHER", so that its input shows.
	dir := writePolicy(t, map[string]string{"methode.rego": "package schleuse\n\nblock_reasons contains reason(\"KI-RL-2.1\", \"KI-RL-2.1\", [\"methode-other\"]) if input.request.method == \"_OTHER\"\n"})
	h := newPipeHarnessOpts(t, pipeOpts{log: logs, mutate: func(c *config.Config) {
		c.Policy.Dir = dir
		c.Inspect.UnknownRequests = "scan"
	}, tel: func(p *Pipeline) Metrics {
		var err error
		tel, err = telemetry.Setup(context.Background(), telemetry.Config{ServiceName: "schleuse-test"},
			telemetry.WithSpanExporter(exp), telemetry.WithServices("openai-api"))
		if err != nil {
			t.Fatal(err)
		}
		p.Tracer, p.Metrics = tel.Tracer, tel.Metrics
		return tel.Metrics
	}})
	t.Cleanup(func() { tel.Shutdown(context.Background()) })
	send := func(method string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, "https://api.openai.com/v1/chat/completions", strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}]}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := h.client(h.schleuseP, false).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, out := send(odd); code == http.StatusOK || !strings.Contains(out, "methode-other") {
		t.Errorf("the policy did not see _OTHER: %d %.300s", code, out)
	}
	if code, out := send("POST"); code != http.StatusOK {
		t.Errorf("POST: %d %.300s", code, out)
	}
	var methods []string
	for _, s := range exp.GetSpans() {
		for _, a := range s.Attributes {
			if a.Key == "http.request.method" {
				methods = append(methods, a.Value.AsString())
			}
		}
	}
	if strings.Join(methods, ",") != "_OTHER,POST" {
		t.Errorf("span methods %q", methods)
	}
	if l := logs.String(); strings.Contains(l, odd) || !strings.Contains(l, `"method":"_OTHER"`) {
		t.Errorf("log:\n%s", l)
	}
	for _, c := range []struct{ in, want string }{{"GET", "GET"}, {"PATCH", "PATCH"}, {"CONNECT", "CONNECT"}, {"get", "_OTHER"}, {"PROPFIND", "_OTHER"}, {"", "_OTHER"}} {
		if got := knownMethod(c.in); got != c.want {
			t.Errorf("knownMethod(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestUnknownMethodInspected: a method the client makes up reaches the
// service as its URL does. Under inspect.unknown_requests: block it is an
// unknown request format and blocked, with a body or without; under scan
// (the default) it is read as a header value without white space, so an
// IBAN as the method blocks and another token passes. Before, a request
// without a body went out with any method unread.
func TestUnknownMethodInspected(t *testing.T) {
	for _, mode := range []string{"block", "scan"} {
		h := newPipeHarnessOpts(t, pipeOpts{mutate: func(c *config.Config) { c.Inspect.UnknownRequests = mode }})
		for _, c := range []struct {
			method string
			pass   bool
		}{{"DE89370400440532013000", false}, {"PROPFIND", mode == "scan"}, {"GET", true}} {
			n := len(h.llm.received)
			req, _ := http.NewRequest(c.method, "https://api.openai.com/v1/models", nil)
			resp, err := h.client(h.schleuseP, false).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if got := resp.StatusCode == http.StatusOK && len(h.llm.received) == n+1; got != c.pass {
				t.Errorf("%s, %s: %d %.300s", mode, c.method, resp.StatusCode, b)
			}
		}
	}
}
