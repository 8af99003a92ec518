package proxy

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestRedirectToUninspectedHostRefused: an inspected service that answers
// a request with a body by 307 or 308 to a host schleuse does not inspect
// gets schleuse's notice instead, without the Location. A client follows
// such a redirect with its own body, as it wrote it (fetch, Python's
// requests, Node's fetch), not with the one schleuse redacted: the names
// and the IBAN went to the other host, which the PAC file sends direct or
// schleuse tunnels blind. Before, the redirect reached the client. A
// redirect to the same or another inspected host, a 302 or 303 (the client
// follows with a GET, without the body) and a redirect of a request
// without a body pass.
func TestRedirectToUninspectedHostRefused(t *testing.T) {
	var mu sync.Mutex
	status, location := 0, ""
	redirect := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	})
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.anthropic.com": redirect}})
	cl := h.client(h.schleuseP, false)
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	body := `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":"Bitte schreibe an Herrn Jürgen Kowalski, IBAN ` + testIBAN + `."}]}`
	for _, c := range []struct {
		method   string
		status   int
		location string
		refused  bool
	}{
		{"POST", http.StatusTemporaryRedirect, "https://elsewhere.example.org/v1/messages", true},
		{"POST", http.StatusPermanentRedirect, "https://elsewhere.example.org/v1/messages", true},
		{"POST", http.StatusTemporaryRedirect, "//elsewhere.example.org/v1/messages", true},
		{"POST", http.StatusTemporaryRedirect, `/\elsewhere.example.org/v1/messages`, true},
		{"POST", http.StatusTemporaryRedirect, "///elsewhere.example.org/v1/messages", true},
		{"POST", http.StatusPermanentRedirect, `\\\elsewhere.example.org/v1/messages`, true},
		{"POST", http.StatusTemporaryRedirect, "http://api.anthropic.com/v1/messages", true},
		{"POST", http.StatusTemporaryRedirect, "/v1/messages?beta=true", false},
		{"POST", http.StatusPermanentRedirect, "https://api.openai.com/v1/chat/completions", false},
		{"POST", http.StatusFound, "https://elsewhere.example.org/", false},
		{"POST", http.StatusSeeOther, "https://elsewhere.example.org/", false},
		{"GET", http.StatusTemporaryRedirect, "https://elsewhere.example.org/v1/models", false},
	} {
		mu.Lock()
		status, location = c.status, c.location
		mu.Unlock()
		var rd io.Reader
		if c.method == "POST" {
			rd = strings.NewReader(body)
		}
		req, _ := http.NewRequest(c.method, "https://api.anthropic.com/v1/messages", rd)
		req.Header.Set("Content-Type", "application/json")
		resp, err := cl.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		refused := resp.StatusCode == http.StatusBadGateway && strings.Contains(string(out), "leitet die Anfrage an eine Adresse weiter, die schleuse nicht prüft") &&
			strings.Contains(string(out), "elsewhere.example.org") == strings.Contains(c.location, "elsewhere") && resp.Header.Get("Location") == ""
		passed := resp.StatusCode == c.status && resp.Header.Get("Location") == c.location
		if c.refused && !refused || !c.refused && !passed {
			t.Errorf("%s %d %s: %d Location %q %.300s", c.method, c.status, c.location, resp.StatusCode, resp.Header.Get("Location"), out)
		}
	}
}

// FuzzBrowserLocation: a Location resolves, as a browser reads it, to an
// address without a backslash or a tab or line break in its host, and a
// relative one keeps the request's host unless it names another
// ("//host", "/\\host").
func FuzzBrowserLocation(f *testing.F) {
	for _, s := range []string{"https://elsewhere.example.org/v1/messages", "//elsewhere.example.org/x", `/\elsewhere.example.org/x`,
		"/v1/messages?beta=true", "\t//elsewhere.example.org", "///elsewhere.example.org/x", "https:elsewhere.example.org", "http://api.anthropic.com/v1"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://api.anthropic.com/v1/messages")
	f.Fuzz(func(t *testing.T, loc string) {
		u, err := browserLocation(base, loc)
		if err != nil {
			return
		}
		if strings.ContainsAny(u.Host, "\\\t\r\n") {
			t.Fatalf("%q: host %q", loc, u.Host)
		}
		if t2 := strings.TrimLeft(strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(loc), "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "); strings.HasPrefix(t2, "/") &&
			!strings.HasPrefix(t2, "//") && !strings.HasPrefix(t2, "/\\") && u.Host != base.Host {
			t.Fatalf("%q: a path on the request's host resolved to host %q", loc, u.Host)
		}
	})
}
