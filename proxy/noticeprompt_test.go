package proxy

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/telemetry"
)

// recordingService records the bodies and cookies a fake service host receives.
type recordingService struct {
	mu   sync.Mutex
	got  []noticeSeen
	body []string
}

func (s *recordingService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.got = append(s.got, noticeSeen{r.Method, r.Host, r.URL.RequestURI(), strings.Join(r.Header.Values("Cookie"), " | ")})
	s.body = append(s.body, string(b))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"ok":true}`)
}

func (s *recordingService) take() ([]noticeSeen, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, b := s.got, s.body
	s.got, s.body = nil, nil
	return g, b
}

// A prompt of the ChatGPT web app as its page sends it.
const chatgptWebPrompt = `{"action":"next","messages":[{"id":"b","author":{"role":"user"},"content":{"content_type":"text","parts":["Fasse den Vermerk zur Haushaltssitzung zusammen."]}}],"model":"auto"}`

// browserFetch are the headers of a fetch() of a page on chatgpt.com (or
// of the service worker that passes it on).
var browserFetch = map[string]string{
	"Content-Type": "application/json", "Origin": "https://chatgpt.com",
	"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty",
}

// TestFirstUseNoticePrompt: a prompt that a browser sends to a web app's
// notice host without having confirmed the first-use notice (a service
// worker answered the page loads from its cache, so the notice page was
// never shown) is blocked with the notice in the chat, German then
// English, naming the page to open; audited as schleuse:notice_unconfirmed
// without findings, counted as a block, not as fail-closed. With a valid
// confirmation it passes (without schleuse's cookie); programs (no
// Sec-Fetch), the API host, requests without a prompt and the app's other
// hosts (www2.deepl.com: the __Host- cookie never goes there) and another
// site's requests (SameSite=Lax keeps the cookie back) pass as before;
// with notice.first_use off, everything does.
func TestFirstUseNoticePrompt(t *testing.T) {
	chatgpt, deepl := &recordingService{}, &recordingService{}
	var tel *telemetry.Telemetry
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"chatgpt.com": chatgpt, "www2.deepl.com": deepl},
		tel: func(p *Pipeline) Metrics {
			var err error
			if tel, err = telemetry.Setup(context.Background(), telemetry.Config{ServiceName: "schleuse-test"}, telemetry.WithServices("chatgpt-web")); err != nil {
				t.Fatal(err)
			}
			p.Metrics = tel.Metrics
			return tel.Metrics
		},
	})
	t.Cleanup(func() { tel.Shutdown(context.Background()) })
	if !h.cfg.Notice.FirstUse {
		t.Fatal("notice.first_use is off by default")
	}
	c := h.client(h.schleuseP, true)
	post := func(u string, hdr map[string]string, body string) (*http.Response, string) {
		t.Helper()
		return send(t, c, "POST", u, hdr, body)
	}
	const conv = "https://chatgpt.com/backend-api/f/conversation"

	// Without a confirmation: blocked in the chat, nothing reaches the service.
	resp, body := post(conv, browserFetch, chatgptWebPrompt)
	if seen, _ := chatgpt.take(); len(seen) != 0 {
		t.Fatalf("the service received %+v without a confirmation", seen)
	}
	for _, want := range []string{"Ihre Anfrage wurde nicht an den KI-Dienst gesendet",
		"Bevor Sie ChatGPT über die schleuse nutzen, lesen und bestätigen Sie bitte einmal deren Hinweis",
		"Öffnen Sie dazu https://chatgpt.com/ oder laden Sie die Seite neu", "Strg+Umschalt+R", "schleuse:notice_unconfirmed",
		"[EN]", "Before you use ChatGPT through schleuse", "Open https://chatgpt.com/ or reload the page", "Vorgangsnummer"} {
		if !strings.Contains(body, want) {
			t.Errorf("block notice lacks %q: %d %s", want, resp.StatusCode, body)
		}
	}
	if strings.Contains(body, "Haushaltssitzung") {
		t.Errorf("the notice quotes the prompt: %s", body)
	}
	if de, en := strings.Index(body, "Bevor Sie"), strings.Index(body, "Before you use"); de < 0 || en < de {
		t.Errorf("not German then English: %s", body)
	}
	// The chat shows the notice as the app's own answer (the adapter's
	// Block): the same form as a policy block's.
	if resp.Header.Get("X-Schleuse-Request-Id") == "" {
		t.Errorf("no request id on the answer: %v", resp.Header)
	}

	// A cookie that is not a valid confirmation (forged, of another host,
	// of another notice text) is none.
	srv := h.srv
	svc := srv.Catalogue().Lookup("chatgpt.com")
	_, version := renderNotice(h.cfg, svc, "", "")
	now := time.Now()
	for name, v := range map[string]string{
		"garbage":       "x",
		"other host":    srv.ackValue("claude.ai", identity.Identity{}, version, now),
		"other version": srv.ackValue("chatgpt.com", identity.Identity{}, "0123456789abcdef", now),
		"expired":       srv.ackValue("chatgpt.com", identity.Identity{}, version, now.Add(-8761*time.Hour)),
	} {
		post(conv, with(browserFetch, "Cookie", ackCookie+"="+v), chatgptWebPrompt)
		if seen, _ := chatgpt.take(); len(seen) != 0 {
			t.Errorf("%s: the prompt reached the service with cookie %q", name, v)
		}
	}

	// With a valid confirmation: sent, without schleuse's cookie.
	valid := srv.ackValue("chatgpt.com", identity.Identity{}, version, now)
	resp, body = post(conv, with(browserFetch, "Cookie", "oai-did=4711; "+ackCookie+"="+valid), chatgptWebPrompt)
	seen, bodies := chatgpt.take()
	if resp.StatusCode != 200 || len(seen) != 1 || seen[0].cookie != "oai-did=4711" || !strings.Contains(bodies[0], "Haushaltssitzung") {
		t.Fatalf("with a confirmation: %d %s; the service received %+v", resp.StatusCode, body, seen)
	}

	// Unaffected: a program on the web app's host (no Sec-Fetch), the API
	// host from a browser, a request of the app without a prompt, and
	// the app's other host, which the __Host- cookie never reaches.
	deeplJob := `{"jsonrpc":"2.0","method": "LMT_handle_jobs","params":{"jobs":[{"kind":"default","sentences":[{"text":"Die Sitzung beginnt um 10 Uhr.","id":0,"prefix":""}]}],"lang":{"target_lang":"EN"},"timestamp":1764500000000},"id":1}`
	for _, tc := range []struct {
		name, url string
		hdr       map[string]string
		body      string
		svc       *recordingService
	}{
		{"program on chatgpt.com", conv, map[string]string{"Content-Type": "application/json"}, chatgptWebPrompt, chatgpt},
		{"from another site's page (the Lax cookie is not sent)", conv, with(browserFetch, "Origin", "https://intranet.stadt.example", "Sec-Fetch-Site", "cross-site"), chatgptWebPrompt, chatgpt},
		{"app telemetry (no prompt route)", "https://chatgpt.com/ces/v1/t", browserFetch, `{"event":"page_view","properties":{"path":"/"}}`, chatgpt},
		{"other host of the app", "https://www2.deepl.com/jsonrpc?method=LMT_handle_jobs",
			with(browserFetch, "Origin", "https://www.deepl.com", "Sec-Fetch-Site", "same-site"), deeplJob, deepl},
	} {
		resp, body := post(tc.url, tc.hdr, tc.body)
		if seen, _ := tc.svc.take(); len(seen) != 1 || resp.StatusCode != 200 {
			t.Errorf("%s: %d %s; the service received %+v, want the request", tc.name, resp.StatusCode, body, seen)
		}
	}
	resp, _ = send(t, c, "GET", "https://chatgpt.com/backend-api/conversations?offset=0&limit=28", browserFetch, "")
	if seen, _ := chatgpt.take(); len(seen) != 1 || resp.StatusCode != 200 {
		t.Errorf("the app's GET without a confirmation: %d; the service received %+v", resp.StatusCode, seen)
	}
	n := len(h.llm.received)
	req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions",
		strings.NewReader(`{"model":"gpt-4o","messages":[{"role":"user","content":"Fasse den Vermerk zusammen."}]}`))
	for k, v := range with(browserFetch, "Origin", "https://platform.openai.com", "Sec-Fetch-Site", "same-site") {
		req.Header.Set(k, v)
	}
	if code, body := h.send(t, req); code != 200 || len(h.llm.received) != n+1 {
		t.Errorf("API host from a browser: %d %s", code, body)
	}

	// The records: one per blocked prompt, with the rule and nothing found.
	recs, err := h.auditReader(t).Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var blocked []audit.Record
	for _, r := range recs {
		if r.Action == "block" {
			blocked = append(blocked, r)
		}
	}
	if len(blocked) != 5 {
		t.Fatalf("%d blocks recorded, want 5 (no cookie, 4 invalid ones): %+v", len(blocked), recs)
	}
	for _, r := range blocked {
		if r.ServiceID != "chatgpt-web" || r.Host != "chatgpt.com" || !slices.Equal(r.Rules, []string{"schleuse:notice_unconfirmed"}) ||
			len(r.Findings) != 0 || len(r.Fingerprints) != 0 {
			t.Errorf("record %+v", r)
		}
	}
	rec := httptest.NewRecorder()
	tel.MetricsHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	metrics := rec.Body.String()
	if !strings.Contains(metrics, `schleuse_requests_total{action="block",service="chatgpt-web"} 5`) {
		t.Errorf("the blocks are not counted:\n%s", grepLines(metrics, "schleuse_requests_total"))
	}
	if strings.Contains(metrics, "notice_unconfirmed") {
		t.Errorf("a label value notice_unconfirmed:\n%s", grepLines(metrics, "notice_unconfirmed"))
	}

	// notice.first_use off: the same prompt passes.
	cfg := *h.cfg
	cfg.Notice.FirstUse = false
	if _, err := srv.Reload(&cfg, srv.Identity()); err != nil {
		t.Fatal(err)
	}
	post(conv, browserFetch, chatgptWebPrompt)
	if seen, _ := chatgpt.take(); len(seen) != 1 {
		t.Fatalf("notice off: the service received %+v", seen)
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestFirstUseNoticeServiceWorker: a browser's fetch of a service worker
// script on a notice host without a confirmation gets schleuse's worker,
// which replaces the app's and unregisters itself (a failed fetch would
// keep the app's worker, which answers page loads from its cache and
// hides the notice); with a confirmation, on the API host, for a usual
// script and with the notice off the fetch reaches the service.
func TestFirstUseNoticeServiceWorker(t *testing.T) {
	e := newNoticeEnv(t, nil)
	c := e.noFollow(true)
	swFetch := map[string]string{"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "same-origin", "Sec-Fetch-Dest": "serviceworker",
		"Service-Worker": "script", "Accept": "*/*"}
	resp, body := send(t, c, "GET", "https://chatgpt.com/sw.js", swFetch, "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || body != workerResetScript ||
		resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("worker script without a confirmation: %d %v\n%s", resp.StatusCode, resp.Header, body)
	}
	for _, want := range []string{"skipWaiting()", "registration.unregister()"} {
		if !strings.Contains(body, want) {
			t.Errorf("reset worker lacks %q", want)
		}
	}
	if strings.Contains(body, `"fetch"`) {
		t.Error("reset worker handles fetch events: the page loads would not reach the network")
	}
	// The spec's header alone (a browser without Sec-Fetch-Dest) too.
	if _, b := send(t, c, "GET", "https://chatgpt.com/sw.js", map[string]string{"Service-Worker": "script"}, ""); b != workerResetScript {
		t.Errorf("Service-Worker: script alone: %q", b)
	}
	if seen := e.take(); len(seen) != 0 {
		t.Fatalf("the service received %+v", seen)
	}

	svc := e.h.srv.Catalogue().Lookup("chatgpt.com")
	_, version := renderNotice(e.h.cfg, svc, "", "")
	valid := e.h.srv.ackValue("chatgpt.com", identity.Identity{}, version, time.Now())
	for _, tc := range []struct {
		name, url string
		hdr       map[string]string
	}{
		{"confirmed", "https://chatgpt.com/sw.js", with(swFetch, "Cookie", ackCookie+"="+valid)},
		{"usual script", "https://chatgpt.com/assets/app.js", map[string]string{"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "script"}},
		{"API host", "https://api.openai.com/sw.js", swFetch},
		{"upload host of a web app", "https://content-push.googleapis.com/sw.js", swFetch},
	} {
		_, b := send(t, c, "GET", tc.url, tc.hdr, "")
		if seen := e.take(); len(seen) != 1 || b == workerResetScript {
			t.Errorf("%s: the service received %+v", tc.name, seen)
		}
	}
	cfg := *e.h.cfg
	cfg.Notice.FirstUse = false
	if _, err := e.h.srv.Reload(&cfg, e.h.srv.Identity()); err != nil {
		t.Fatal(err)
	}
	if _, b := send(t, c, "GET", "https://chatgpt.com/sw.js", swFetch, ""); b == workerResetScript || len(e.take()) != 1 {
		t.Error("notice off: the worker script was replaced")
	}
}

// TestFirstUseNoticeWorkerScriptParses: the reset worker is JavaScript a
// browser runs (checked with node when it is installed).
func TestFirstUseNoticeWorkerScriptParses(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	p := filepath.Join(t.TempDir(), "sw.js")
	if err := os.WriteFile(p, []byte(workerResetScript), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(node, "--check", p).CombinedOutput(); err != nil {
		t.Fatalf("node --check: %v\n%s", err, out)
	}
}

// TestFirstUseNoticeWebSocket: the prompts of a chat WebSocket that a
// browser opened without a confirmation are not sent; the chat shows the
// notice in the service's own frames. A WebSocket opened with one sends.
func TestFirstUseNoticeWebSocket(t *testing.T) {
	fc := &fakeCopilot{}
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"copilot.microsoft.com": fc})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	svc := h.srv.Catalogue().Lookup("copilot.microsoft.com")
	_, version := renderNotice(h.cfg, svc, "", "")
	valid := h.srv.ackValue("copilot.microsoft.com", identity.Identity{}, version, time.Now())
	dial := func(cookie string) *websocket.Conn {
		hdr := http.Header{"Origin": {"https://copilot.microsoft.com"}, "Sec-Fetch-Site": {"same-origin"},
			"Sec-Fetch-Mode": {"websocket"}, "Sec-Fetch-Dest": {"websocket"}}
		if cookie != "" {
			hdr.Set("Cookie", ackCookie+"="+cookie)
		}
		c, _, err := websocket.Dial(ctx, "wss://copilot.microsoft.com/c/api/chat?api-version=2", &websocket.DialOptions{
			HTTPClient: h.client(h.schleuseP, false), HTTPHeader: hdr,
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.CloseNow() })
		return c
	}
	c := dial("")
	if err := c.Write(ctx, websocket.MessageText, copilotSend("Schreibe eine Einladung zur Sitzung.")); err != nil {
		t.Fatal(err)
	}
	_, m, err := c.Read(ctx)
	if err != nil || !strings.Contains(string(m), "appendText") || !strings.Contains(string(m), "Bevor Sie Microsoft Copilot über die schleuse nutzen") ||
		!strings.Contains(string(m), "https://copilot.microsoft.com/") {
		t.Fatalf("notice frame: %v %s", err, m)
	}
	if n := fc.count(); n != 0 {
		t.Fatalf("the service got %d messages without a confirmation", n)
	}
	c = dial(valid)
	if err := c.Write(ctx, websocket.MessageText, copilotSend("Schreibe eine Einladung zur Sitzung.")); err != nil {
		t.Fatal(err)
	}
	if _, m, err := c.Read(ctx); err != nil || string(m) != `{"event":"appendText","text":"ok"}` {
		t.Fatalf("with a confirmation: %v %s", err, m)
	}
	if n := fc.count(); n != 1 {
		t.Fatalf("the service got %d messages with a confirmation, want 1", n)
	}
}
