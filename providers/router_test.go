package providers

import (
	"strings"
	"testing"
)

func TestNewRouterErrors(t *testing.T) {
	cases := map[string]struct {
		routes []Route
		want   string
	}{
		"unknown adapter": {[]Route{{Path: "/x", Adapter: "nope"}}, `Route 0 ( /x): unbekannter Adapter "nope" / route 0 ( /x): unknown adapter "nope" (bekannt / known: anthropic, `},
		"bad regexp":      {[]Route{{Path: "/x(", Adapter: "openai"}}, "path"},
		"bad glob":        {[]Route{{Host: "[a", Path: "/x", Adapter: "openai"}}, "host glob"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := NewRouter(c.routes)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestRouterMatch(t *testing.T) {
	r, err := NewRouter(DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, host, path, want string // want "" = no match
	}{
		{"POST", "api.openai.com", "/v1/chat/completions", "openai"},
		{"POST", "API.OpenAI.com:443", "/v1/responses", "openai"},
		{"POST", "api.perplexity.ai", "/v1/agent", "perplexity-agent"},
		{"POST", "api.perplexity.ai", "/v1/responses", "perplexity-agent"},
		{"POST", "api.perplexity.ai", "/v2/responses", "perplexity-agent"},
		{"POST", "api.perplexity.ai", "/chat/completions", "openai"},
		{"POST", "api.perplexity.ai", "/v1/agent/extra", ""},
		{"POST", "api.perplexity.ai", "/search", ""},
		{"GET", "api.openai.com", "/v1/chat/completions", ""},
		{"POST", "api.openai.com", "/v1/chat/completions/extra", ""},
		{"POST", "api.openai.com", "/v1/fine_tuning/jobs", ""},
		{"POST", "stadt.openai.azure.com", "/openai/deployments/gpt4o/chat/completions", "azure-openai"},
		{"GET", "api.openai.com", "/v1/realtime", "openai-realtime"},
		{"GET", "eu.api.openai.com", "/v1/realtime", "openai-realtime"},
		{"GET", "stadt.openai.azure.com", "/openai/realtime", "openai-realtime"},
		{"GET", "stadt.openai.azure.com", "/openai/v1/realtime", "openai-realtime"},
		{"POST", "api.openai.com", "/v1/realtime", ""},
		{"POST", "api.openai.com", "/v1/realtime/client_secrets", "openai-realtime-session"},
		{"POST", "eu.api.openai.com", "/v1/realtime/sessions", "openai-realtime-session"},
		{"POST", "api.openai.com", "/v1/realtime/calls", "openai-realtime-session"},
		{"POST", "api.openai.com", "/v1/realtime/calls/rtc_1/accept", "openai-realtime-session"},
		{"POST", "api.openai.com", "/v1/realtime/calls/rtc_1/hangup", ""},
		{"POST", "stadt.openai.azure.com", "/openai/realtimeapi/sessions", "openai-realtime-session"},
		{"POST", "stadt.services.ai.azure.com", "/openai/v1/realtime/calls", "openai-realtime-session"},
		{"POST", "stadt.openai.azure.com", "/openai/v1/realtime/calls/rtc_1/hangup", "azure-openai"},
		{"POST", "x.cognitiveservices.azure.com", "/openai/v1/responses", "azure-openai"},
		{"POST", "api.anthropic.com", "/v1/messages", "anthropic"},
		{"POST", "api.anthropic.com", "/v1/messages/count_tokens", "anthropic"},
		{"POST", "generativelanguage.googleapis.com", "/v1beta/models/gemini-2.5-pro:generateContent", "gemini"},
		{"POST", "europe-west3-aiplatform.googleapis.com", "/v1/projects/p/locations/europe-west3/publishers/google/models/gemini-2.5-flash:streamGenerateContent", "gemini"},
		{"POST", "api.mistral.ai", "/v1/chat/completions", "openai"},
		{"POST", "api.mistral.ai", "/v1/conversations/conv_123/restart", "mistral"},
		{"POST", "codestral.mistral.ai", "/v1/fim/completions", "mistral"},
		{"POST", "codestral.mistral.ai", "/v1/chat/completions", "openai"},
		{"POST", "eu.api.openai.com", "/v1/audio/transcriptions", "openai"},
		{"POST", "api-free.deepl.com", "/v2/translate", "deepl"},
		{"POST", "www2.deepl.com", "/jsonrpc", "deepl-web"},
		{"POST", "write-pro.www.deepl.com", "/jsonrpc", "deepl-web"},
		{"POST", "chatgpt.com", "/backend-anon/f/conversation", "chatgpt-web"},
		{"POST", "chatgpt.com", "/backend-api/conversation", "chatgpt-web"},
		{"POST", "chatgpt.com", "/backend-api/codex/responses", "openai"},
		{"PUT", "sdmntprwestus.oaiusercontent.com", "/files/abc/raw", "chatgpt-web"},
		{"POST", "claude.ai", "/api/organizations/o/chat_conversations/c/retry_completion", "claude-web"},
		{"GET", "copilot.microsoft.com", "/c/api/chat", "copilot"},
		{"POST", "localhost:11434", "/api/chat", "ollama"},
		{"POST", "llm.stadt.internal", "/vllm/v1/chat/completions", "openai"},
		{"POST", "chatgpt.com", "/backend-api/unknown", ""},
	}
	for _, c := range cases {
		a, ok := r.Match(&Request{Method: c.method, Host: c.host, Path: c.path})
		got := ""
		if ok {
			got = a.Name()
		}
		if got != c.want {
			t.Errorf("%s %s%s → %q, want %q", c.method, c.host, c.path, got, c.want)
		}
	}
}

func TestRouterProviderAndConfig(t *testing.T) {
	routes := []Route{
		{Provider: "chatgpt-web", Method: "POST", Path: "/backend-api/f/conversation2", Adapter: "chatgpt-web"},
		{Host: "*.example.org", Path: "/llm/.*", Adapter: "fallback"},
	}
	r, err := NewRouter(append(routes, DefaultRoutes()...))
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := r.Match(&Request{ServiceID: "chatgpt-web", Method: "POST", Host: "chatgpt.com", Path: "/backend-api/f/conversation2"}); !ok || a.Name() != "chatgpt-web" {
		t.Errorf("configured route by service id did not match")
	}
	if _, ok := r.Match(&Request{ServiceID: "other", Method: "POST", Host: "chatgpt.com", Path: "/backend-api/f/conversation2"}); ok {
		t.Errorf("route for another service matched")
	}
	if a, ok := r.Match(&Request{Method: "DELETE", Host: "a.example.org", Path: "/llm/x"}); !ok || a.Name() != "fallback" {
		t.Errorf("glob route did not match")
	}
	// Every adapter the router builds is reachable by name and unique.
	for _, n := range AdapterNames() {
		if a, ok := r.Adapter(n); !ok || a.Name() != n {
			t.Errorf("adapter %s: %v %v", n, a, ok)
		}
	}
}

// TestRouterMemo: Match answers from its memo as the routes do (each shape
// asked twice, against match, which reads the routes), keeps no more than
// maxRouteMemo shapes and no long path, and answers those beyond it all the
// same.
func TestRouterMemo(t *testing.T) {
	r, err := NewRouter(DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	check := func(req *Request) {
		t.Helper()
		want := r.match(req)
		for range 2 {
			a, ok := r.Match(req)
			if ok != (want >= 0) || ok && a != r.routes[want].adapter {
				t.Fatalf("%s %s%s (provider %q): Match %v %v, the routes say %d", req.Method, req.Host, req.Path, req.Provider, a, ok, want)
			}
		}
	}
	for _, m := range []string{"POST", "post", "GET", "PUT", "WS"} {
		for _, h := range []string{"api.openai.com", "API.OpenAI.com:443", "chatgpt.com", "api.anthropic.com", "[::1]:8080", "llm.stadt.internal"} {
			for _, p := range []string{"/v1/chat/completions", "/backend-api/conversation", "/v1/messages", "/", "", "/api/chat"} {
				for _, prov := range []string{"", "openai", "ollama"} {
					check(&Request{Provider: prov, ServiceID: "svc", Method: m, Host: h, Path: p})
				}
			}
		}
	}
	for i := range 2 * maxRouteMemo {
		check(&Request{Method: "POST", Host: "chatgpt.com", Path: "/backend-api/conversation/" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("1", i/26)})
	}
	if len(r.memo) != maxRouteMemo {
		t.Errorf("memo holds %d shapes, want the bound %d", len(r.memo), maxRouteMemo)
	}
	long := &Request{Method: "POST", Host: "api.openai.com", Path: "/v1/" + strings.Repeat("a", maxRouteMemoPath)}
	r2, _ := NewRouter(DefaultRoutes())
	r2.Match(long)
	if len(r2.memo) != 0 {
		t.Errorf("a path of %d bytes was kept", len(long.Path))
	}
}
