package proxy

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/telemetry"
)

// panicScanner panics on a text with its marker (a detector bug that
// hostile input found), and scans any other as the detectors do.
type panicScanner struct{ Scanner }

func (s panicScanner) Scan(text []byte) []detectors.Finding {
	if strings.Contains(string(text), "Bumm") {
		var m map[string]int
		m["Bumm"]++
	}
	return s.Scanner.Scan(text)
}

// TestRefusalsAudited: every answer schleuse gives itself to a request for
// an inspected service leaves a block in the audit log, under the rule
// schleuse:KIND and without personal data: a body that did not arrive
// whole, an inspection that failed with a panic, a request refused before
// inspection (another host than its CONNECT, a CONNECT inside the
// interception, an upgrade with a body), a WebSocket message that cannot be
// inspected. Before, each was answered or dropped without a record, though
// auditors rely on every block being in the log (docs/audit.md).
func TestRefusalsAudited(t *testing.T) {
	h, up := newBadInputHarness(t)
	h.pipe.SetScanner(panicScanner{detectors.Default()})
	canary := "IBAN " + testIBAN + " von Herrn Kasimir Kanarienvogel"
	post := func(host, body, extra string) string {
		return "POST /v1/chat/completions HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n" + extra +
			"Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
	}
	for _, tc := range []struct {
		name, raw  string
		closeWrite bool
		status     int
		kind       string
	}{
		{"truncated body", "POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + chatBody(canary)[:60], true, 400, "incomplete_body"},
		{"panic while inspecting", post("api.openai.com", chatBody("Bumm: "+canary), ""), false, 400, "inspection_failed"},
		{"another host", post("kanarienvogel.example", chatBody(canary), ""), false, http.StatusMisdirectedRequest, "misdirected"},
		{"CONNECT inside", "CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n", false, http.StatusMethodNotAllowed, "connect_inside"},
		{"upgrade with a body", post("api.openai.com", chatBody(canary), "Connection: Upgrade\r\nUpgrade: websocket\r\n"), false, 400, "upgrade_with_body"},
		// Before, both were answered 502 "the AI service cannot be
		// reached" (sec24): the service's connection refused them.
		{"h2c upgrade on a POST", post("api.openai.com", chatBody(canary), "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"), false, 400, "malformed_request"},
		{"a blank before a header's colon", post("api.openai.com", chatBody(canary), "Transfer-Encoding : chunked\r\n"), false, 400, "malformed_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := sendRaw(t, h, []byte(tc.raw), tc.closeWrite)
			if out.status != tc.status {
				t.Fatalf("status %d (%q), want %d", out.status, out.body, tc.status)
			}
			id := assertLastBlock(t, h, "schleuse:"+tc.kind)
			// The notice names the number under which IT finds the record.
			if !strings.Contains(out.body, "Vorgangsnummer: "+id) {
				t.Errorf("the notice does not name the record's number %s: %q", id, out.body)
			}
		})
	}
	// The panic's notice is in the service's own form (the chat shows it;
	// the OpenAI API answers a refused request with 400).
	code, body := h.chat(t, "api.openai.com", "Bumm", false)
	var notice struct {
		Error struct{ Message string } `json:"error"`
	}
	if json.Unmarshal([]byte(body), &notice) != nil || code != 400 || !strings.Contains(notice.Error.Message, "Grund: Die Anfrage konnte nicht geprüft werden") {
		t.Fatalf("panic notice: %d %s", code, body)
	}
	t.Run("websocket message over the cap", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c := dialCopilot(t, ctx, h, websocket.CompressionDisabled)
		c.Write(ctx, websocket.MessageText, copilotSend(canary+strings.Repeat(" x", tMaxWS)))
		var notice string
		for {
			_, b, err := c.Read(ctx)
			if err != nil {
				break
			}
			notice += string(b)
		}
		deadline := time.Now().Add(5 * time.Second)
		for !hasRule(lastRecordRules(t, h), "schleuse:websocket_message_too_large") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		id := assertLastBlock(t, h, "schleuse:websocket_message_too_large")
		if !strings.Contains(notice, "Vorgangsnummer: "+id) || strings.Contains(notice, "anarienvogel") {
			t.Errorf("the notice does not name the record's number %s: %q", id, notice)
		}
	})
	if up.count() != 0 {
		t.Fatalf("%d refused requests reached the service", up.count())
	}
	for _, r := range auditRecords(t, h.audit, h.stateDir, "test") {
		b, _ := json.Marshal(r)
		for _, raw := range []string{"Kanarienvogel", "kanarienvogel", "0532013000", "0532 0130"} {
			if strings.Contains(string(b), raw) {
				t.Errorf("record holds %q: %s", raw, b)
			}
		}
		if r.Host != "api.openai.com" && r.Host != "copilot.microsoft.com" {
			t.Errorf("record names host %q", r.Host)
		}
	}
}

func lastRecordRules(t *testing.T, h *pipeHarness) []string {
	t.Helper()
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	if len(recs) == 0 {
		return nil
	}
	return recs[len(recs)-1].Rules
}

func hasRule(rules []string, rule string) bool { return slices.Contains(rules, rule) }

// assertLastBlock: the last audit record is a block under rule; its
// request id comes back.
func assertLastBlock(t *testing.T, h *pipeHarness, rule string) string {
	t.Helper()
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	if len(recs) == 0 {
		t.Fatalf("no audit record; want a block under %s", rule)
	}
	last := recs[len(recs)-1]
	if last.Action != "block" || !hasRule(last.Rules, rule) || last.RequestID == "" {
		t.Fatalf("last record: %s %v %q; want a block under %s", last.Action, last.Rules, last.RequestID, rule)
	}
	return last.RequestID
}

// TestPlainHTTPRefusalsCounted: a plain-HTTP request to a blocked service
// is counted as a refusal ("host") like the CONNECT to it, and its notice
// says what to do instead; one to an inspected service over http:// is
// counted, audited (schleuse:not_https) and says to use https://. Before,
// neither was counted, and the first notice had no next step.
func TestPlainHTTPRefusalsCounted(t *testing.T) {
	rec := &reasonRecorder{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) {
			c.Services = append(c.Services, config.Service{ID: "forbidden-llm", Provider: "openai-compatible", Hosts: []string{"forbidden.example"}, Mode: "block"})
		},
		tel: func(*Pipeline) Metrics { return rec },
	})
	get := func(u string) (int, string) {
		resp, err := h.client(h.schleuseP, false).Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("http://forbidden.example/v1/models"); code != 403 || !strings.Contains(body, "Bitte nutzen Sie einen freigegebenen Dienst") {
		t.Fatalf("blocked service: %d %s", code, body)
	}
	if r := rec.take(); !slices.Contains(r, "host") {
		t.Fatalf("blocked service counted %q, want host", r)
	}
	code, body := get("http://api.openai.com/v1/models")
	if code != 403 || !strings.Contains(body, "https://") {
		t.Fatalf("inspected service over http: %d %s", code, body)
	}
	if r := rec.take(); !slices.Contains(r, "host") {
		t.Fatalf("http:// to an inspected service counted %q, want host", r)
	}
	if id := assertLastBlock(t, h, "schleuse:not_https"); !strings.Contains(body, id) {
		t.Fatalf("the notice does not name %s: %s", id, body)
	}
}

// TestWebSocketProtocolViolationRecorded: a client frame that breaks the
// protocol (a reserved opcode, a continuation of no message, a new message
// inside a fragmented one) ends the connection as a violation that is
// logged and recorded (onErr); before, these three ended it silently.
func TestWebSocketProtocolViolationRecorded(t *testing.T) {
	for _, tc := range []struct {
		name   string
		frames [][]byte
	}{
		{"reserved opcode", [][]byte{maskedFrame(0x80|0x3, []byte("Kanarienvogel"))}},
		{"continuation of nothing", [][]byte{maskedFrame(0x80|opContinuation, []byte("Kanarienvogel"))}},
		{"message inside a message", [][]byte{maskedFrame(opText, []byte("Kana")), maskedFrame(0x80|opText, []byte("rienvogel"))}},
	} {
		var reasons []string
		up := &recordConn{}
		c := newWSConn(context.Background(), up, nil, &Exchange{Service: &Service{ID: "copilot-web"}}, 64<<10, func(r string) [][]byte { reasons = append(reasons, r); return nil })
		var err error
		for _, f := range tc.frames {
			if _, err = c.Write(f); err != nil {
				break
			}
		}
		if err == nil || up.Len() != 0 || !slices.Equal(reasons, []string{"protocol_violation"}) {
			t.Errorf("%s: err %v, forwarded %d bytes, reasons %q", tc.name, err, up.Len(), reasons)
		}
	}
}

// TestRequestHeadersInspected: text a client writes into a request header
// (a custom header, one named like a prompt, the query of a Referer) and
// the URL of a WebSocket upgrade are inspected like a URL query: what the
// policy would replace blocks the request, as a header cannot be
// rewritten, and nothing reaches the service; ordinary headers (a
// User-Agent with spaces, Accept) pass. Before, no header was scanned,
// and an upgrade's URL went to the service uninspected.
func TestRequestHeadersInspected(t *testing.T) {
	h, up := newBadInputHarness(t)
	canary := "Herr Kasimir Kanarienvogel, IBAN " + testIBAN
	send := func(method, url string, hdr map[string]string) (int, string) {
		t.Helper()
		return sendWithHeaders(t, h, method, url, hdr, "User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
	}
	const chat = "https://api.openai.com/v1/chat/completions"
	for _, tc := range []struct {
		name, method string
		hdr          map[string]string
	}{
		{"custom header with text", "POST", map[string]string{"X-Note": canary}},
		{"prompt header without spaces", "POST", map[string]string{"X-Prompt": "DE89370400440532013000"}},
		{"percent-encoded header", "POST", map[string]string{"X-Context": "Herr%20Kasimir%20Kanarienvogel%2C%20IBAN%20DE89370400440532013000"}},
		{"Referer query", "GET", map[string]string{"Referer": "https://api.openai.com/?q=" + url.QueryEscape(canary)}},
		{"Referer path", "POST", map[string]string{"Referer": "https://api.openai.com/c/" + url.PathEscape(canary)}},
		{"Accept-Encoding", "GET", map[string]string{"Accept-Encoding": "gzip, " + canary}},
		{"TE", "POST", map[string]string{"Te": "trailers, " + canary}},
	} {
		n := up.count()
		target := chat
		if tc.method == "GET" {
			target = "https://api.openai.com/v1/models"
		}
		code, body := send(tc.method, target, tc.hdr)
		if code == 200 || up.count() != n || !strings.Contains(body, "Kopfzeilen (Header)") {
			t.Errorf("%s: %d %s (service got %d new requests)", tc.name, code, body, up.count()-n)
		}
	}
	n := up.count()
	if code, body := send("POST", chat, map[string]string{"Accept": "application/json, text/plain, */*", "X-Request-Id": "req_8f3a2b",
		"Openai-Sentinel-Chat-Requirements-Token": "gAAAAABn_4Xk2_pQ-Z9_4111111111111111",
		"X-Forwarded-For":                         "10.20.30.40, 10.20.30.41", "Via": "1.1 squid.intern.example"}); code != 200 || up.count() != n+1 {
		t.Fatalf("ordinary headers: %d %s", code, body)
	}
	// What proxies write about a client is removed, not forwarded: text a
	// client writes there never reaches the service uninspected.
	n = up.count()
	if code, body := send("POST", chat, map[string]string{"X-Forwarded-Host": canary, "Forwarded": "for=10.20.30.40;host=\"" + canary + "\"",
		"X-Real-Ip": "10.20.30.40", "X-Forwarded-Proto": "https"}); code != 200 || up.count() != n+1 {
		t.Fatalf("forwarding headers: %d %s", code, body)
	}
	for _, r := range up.since(n) {
		for _, name := range forwardingHeaders {
			if v := r.Header.Values(name); len(v) > 0 {
				t.Errorf("the service got %s: %q", name, v)
			}
		}
	}
	// A WebSocket upgrade's URL.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, "wss://copilot.microsoft.com/c/api/chat?api-version=2&q="+url.QueryEscape(canary), &websocket.DialOptions{HTTPClient: h.client(h.schleuseP, false)})
	if err == nil || resp == nil || resp.StatusCode == http.StatusSwitchingProtocols {
		t.Fatalf("upgrade with a name and an IBAN in its URL: %v %v", resp, err)
	}
	c := dialCopilot(t, ctx, h, websocket.CompressionDisabled) // a clean one opens
	c.CloseNow()
	for _, r := range auditRecords(t, h.audit, h.stateDir, "test") {
		b, _ := json.Marshal(r)
		if strings.Contains(string(b), "Kanarienvogel") || strings.Contains(string(b), "DE89") || strings.Contains(string(b), "0532 0130") {
			t.Errorf("record holds the canary: %s", b)
		}
	}
}

// TestBrowserHeadersPass: the headers the chat web apps' browsers and the
// SDK clients send with every request pass the header inspection; text in
// them is still found. Before, Chrome's and Edge's Sec-CH-UA-Full-Version-List
// (which Google and Microsoft sites ask for) blocked every request: the
// made-up brand's version "24.0.0.0" read as an IP address.
func TestBrowserHeadersPass(t *testing.T) {
	h, up := newBadInputHarness(t)
	chrome := map[string]string{
		"Accept": "text/event-stream", "Accept-Language": "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7",
		"Oai-Device-Id": "3f1c2e4a-7b8d-4c1e-9a2f-5d6e7f8a9b0c", "Oai-Language": "de-DE",
		"Oai-Echo-Logs": "0,5821,1,5823,0,19212,1,19230",
		"Openai-Sentinel-Chat-Requirements-Token": "gAAAAABnQ1x2_Yt9kq8Z3vR7mW1pL0sN4aB6cD8eF0gH2iJ4kL6mN8oP0qR2sT4uV6wX8yZ0a==",
		"Origin": "https://chatgpt.com", "Priority": "u=1, i",
		"Referer":        "https://chatgpt.com/c/6745a1b2-3c4d-8e9f-a0b1-c2d3e4f5a6b7",
		"Sec-Ch-Ua":      `"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"`,
		"Sec-Ch-Ua-Arch": `"x86"`, "Sec-Ch-Ua-Full-Version": `"131.0.6778.86"`,
		"Sec-Ch-Ua-Full-Version-List": `"Google Chrome";v="131.0.6778.86", "Chromium";v="131.0.6778.86", "Not_A Brand";v="24.0.0.0"`,
		"Sec-Ch-Ua-Mobile":            "?0", "Sec-Ch-Ua-Model": `""`, "Sec-Ch-Ua-Platform": `"Windows"`, "Sec-Ch-Ua-Platform-Version": `"15.0.0"`,
		"Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin",
		"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	}
	sets := map[string]map[string]string{
		"ChatGPT in Chrome": chrome,
		"Gemini in Edge": {
			"X-Same-Domain": "1", "X-Goog-Ext-525001261-Jspb": `[1,null,null,null,"9ec249fc9ad08861",null,null,0,[4]]`,
			"Referer":                     "https://gemini.google.com/app/5d2a8c1f9b3e7a04?hl=de",
			"Sec-Ch-Ua-Full-Version-List": `"Microsoft Edge";v="131.0.2903.70", "Chromium";v="131.0.6778.86", "Not_A Brand";v="8.0.0.0"`,
			"User-Agent":                  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
			"X-Client-Data":               "CI+2yQEIpbbJAQipncoBCOn8ygEIlqHLAQiFoM0BCP6kzgE=",
		},
		"Brave": {"Sec-Ch-Ua-Full-Version-List": `"Brave";v="131.0.0.0", "Chromium";v="131.0.0.0", "Not_A Brand";v="99.0.0.0"`},
		"Claude in Firefox": {
			"Anthropic-Client-Platform": "web_claude_ai", "Anthropic-Anonymous-Id": "claudeai.v1.2b9e7f4c-5d6a-4b8c-9e0f-1a2b3c4d5e6f",
			"Referer":    "https://claude.ai/chat/0b5c8f2e-3a1d-4e6b-9c7f-8d2a1e0b3c4d",
			"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Te": "trailers",
		},
		"Copilot": {
			"Referer": "https://copilot.microsoft.com/chats/VbVN5gT9Tq1fpbkZJ2yYw", "X-Search-Uilang": "de-de",
			"X-Ms-Useragent":        "azsdk-js-api-client/1.0.0 core-rest-pipeline/1.16.3 OS/Windows",
			"X-Cloud-Trace-Context": "105445aa7843bc8bf206b12000100000/14532667318872004011;o=1",
		},
		"OpenAI Python SDK": {
			"User-Agent": "OpenAI/Python 1.55.0", "X-Stainless-Lang": "python", "X-Stainless-Package-Version": "1.55.0",
			"X-Stainless-Os": "Windows", "X-Stainless-Runtime-Version": "3.12.7", "X-Stainless-Retry-Count": "0",
		},
		"VS Code Copilot Chat": {
			"Editor-Version": "vscode/1.95.3", "Editor-Plugin-Version": "copilot-chat/0.22.4", "Openai-Intent": "conversation-panel",
			"X-Interaction-Type": "conversation-panel", "X-Github-Api-Version": "2025-05-01", "User-Agent": "GitHubCopilotChat/0.22.4",
		},
		"multipart upload": {"Content-Type": "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"},
		"Chrome on Android": {"User-Agent": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
			"Sec-Ch-Ua-Mobile": "?1", "Sec-Ch-Ua-Platform": `"Android"`},
		"Chrome on iPhone": {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1"},
		"Samsung Internet": {"User-Agent": "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"},
		"Edge on Android":  {"User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.104 Mobile Safari/537.36 EdgA/131.0.2903.87"},
		"Edge on iPhone":   {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) EdgiOS/131.2903.68 Mobile/15E148 Safari/605.1.15"},
	}
	send := func(method string, hdr map[string]string) (int, string) {
		t.Helper()
		target := "https://api.openai.com/v1/models"
		if method == "POST" {
			target = "https://api.openai.com/v1/chat/completions"
		}
		return sendWithHeaders(t, h, method, target, hdr)
	}
	for name, hdr := range sets {
		for _, method := range []string{"POST", "GET"} {
			n := up.count()
			if code, body := send(method, hdr); code != 200 || up.count() != n+1 {
				t.Errorf("%s, %s: %d %s", name, method, code, body)
			}
		}
	}
	// Text in another header is still read.
	n := up.count()
	if code, _ := send("POST", map[string]string{"X-Client-Note": "Herr Kasimir Kanarienvogel, IBAN " + testIBAN}); code == 200 || up.count() != n {
		t.Errorf("a name and an IBAN in a custom header: %d", code)
	}
}

// TestDeviceModelsPass: what a browser writes about the device is not
// scanned (browserWritten). Samsung's and Huawei's model codes in a
// User-Agent or the Sec-CH-UA-Model client hint read as number plates
// (SM-T500 is Schmalkalden-Meiningen), Chrome's made-up brand version as an
// IP address; before, every request from such a tablet to an inspected
// service was blocked.
func TestDeviceModelsPass(t *testing.T) {
	h, up := newBadInputHarness(t)
	for _, model := range []string{"SM-T500", "SM-X200", "SM-T575", "SM-P610", "GT-I9505", "SM-A546B", "HRY-LX1"} {
		hdr := map[string]string{
			"User-Agent":                  "Mozilla/5.0 (Linux; Android 13; " + model + ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			"Sec-Ch-Ua-Model":             `"` + model + `"`,
			"Sec-Ch-Ua-Full-Version-List": `"Google Chrome";v="131.0.6778.86", "Chromium";v="131.0.6778.86", "Not_A Brand";v="24.0.0.0"`,
		}
		n := up.count()
		if code, body := sendWithHeaders(t, h, "POST", "https://api.openai.com/v1/chat/completions", hdr); code != 200 || up.count() != n+1 {
			t.Errorf("%s: %d %s", model, code, body)
		}
	}
	for name, want := range map[string]bool{"User-Agent": true, "X-Ms-Useragent": true, "Sec-Ch-Ua-Model": true, "Sec-Fetch-Site": true,
		"X-Agent-Note": false, "Referer": false, "X-Prompt": false} {
		if got := browserWritten(name); got != want {
			t.Errorf("browserWritten(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestRefusalTraced: a refusal the server records has its span
// (schleuse.refuse) with the service, the request id, the action and the
// cause, as an inspection has its schleuse.inspect span.
func TestRefusalTraced(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	var tel *telemetry.Telemetry
	h := newPipeHarnessOpts(t, pipeOpts{tel: func(p *Pipeline) Metrics {
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
	out := sendRaw(t, h, []byte("POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"model\":"), true)
	id := assertLastBlock(t, h, "schleuse:incomplete_body")
	if out.status != 400 {
		t.Fatalf("status %d", out.status)
	}
	for _, s := range exp.GetSpans() {
		if s.Name != "schleuse.refuse" {
			continue
		}
		attrs := map[string]string{}
		for _, a := range s.Attributes {
			attrs[string(a.Key)] = a.Value.AsString()
		}
		if attrs["schleuse.request.id"] == id && attrs["schleuse.refusal"] == "incomplete_body" && attrs["schleuse.action"] == "block" && attrs["schleuse.service.id"] == "openai-api" {
			// And counted by cause, as a block of the inspection is.
			rec := httptest.NewRecorder()
			tel.MetricsHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			if !strings.Contains(rec.Body.String(), `schleuse_failclosed_total{cause="incomplete_body"} 1`) {
				t.Fatalf("the refusal is not counted:\n%s", rec.Body.String())
			}
			return
		}
	}
	t.Fatalf("no schleuse.refuse span for %s among %d spans", id, len(exp.GetSpans()))
}

// TestInspectionBlockTraced: a request the inspection blocks itself (a
// body that does not parse: schleuse:parse_error) carries the cause in
// schleuse.refusal on its schleuse.inspect span, as a refusal's span does;
// a block by the policy carries none.
func TestInspectionBlockTraced(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	var tel *telemetry.Telemetry
	h := newPipeHarnessOpts(t, pipeOpts{tel: func(p *Pipeline) Metrics {
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
	spanOf := func(id string) map[string]string {
		t.Helper()
		for _, s := range exp.GetSpans() {
			attrs := map[string]string{}
			for _, a := range s.Attributes {
				attrs[string(a.Key)] = a.Value.Emit()
			}
			if s.Name == "schleuse.inspect" && attrs["schleuse.request.id"] == id {
				return attrs
			}
		}
		t.Fatalf("no schleuse.inspect span for %s among %d spans", id, len(exp.GetSpans()))
		return nil
	}
	post := func(body string) {
		t.Helper()
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		h.send(t, req)
	}
	post(`{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"`)
	id := assertLastBlock(t, h, "schleuse:parse_error")
	if attrs := spanOf(id); attrs["schleuse.refusal"] != "parse_error" || attrs["schleuse.action"] != "block" {
		t.Errorf("span of a parse_error block: %v", attrs)
	}
	post(`{"model":"gpt-4o","messages":[{"role":"user","content":"Passwort: Sommer2024!"}]}`)
	id = assertLastBlock(t, h, "KI-RL-4.2")
	if attrs := spanOf(id); attrs["schleuse.refusal"] != "" {
		t.Errorf("a block by the policy has schleuse.refusal %q", attrs["schleuse.refusal"])
	}
}

// TestAccessTokenInUpgradeURL: a WebSocket upgrade whose URL carries an
// access token (Copilot's accessToken, SignalR's access_token: a browser
// cannot set a header there) opens; the token is not read as words joined
// by "_", while a file name or a name joined so in the same URL still is.
// Before, the upgrade URL inspection (6617169) read a token's random
// pieces with "_" as blanks and blocked about one connection in sixty as
// holding a case reference ("…P-uchvThU yXlb9U…", "aZ0Gl…").
func TestAccessTokenInUpgradeURL(t *testing.T) {
	h, _ := newBadInputHarness(t)
	// A base64url token whose pieces, read with "_" as blanks, held a case reference.
	const token = "bOQdHhqsuBfwOnCYckRjh_sXX1Zt6667rSPyjGrlwQ37aNKnsJWUvWqtWQAI9uwcTkCwCyugAFa1wKXRNfbnRvZPL95D1j2BmHJgFvJJGbZEvhk5gYFuojsHI22rhZZ5rlY01eDlnhEn6hhPDxiF2vcn2fTKAe936kJCFyb0TedVgsTn8JmbAf9Ukg6fZTbpnPAPmg_iR60TlcX49KKZcqguw7gP8YeGXiTn6SEsxV_aZ_RZZdf2P-uchvThU_yXlb9U534Xzh0"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	base := "wss://copilot.microsoft.com/c/api/chat?api-version=2&clientSessionId=2b9e7f4c-5d6a-4b8c-9e0f-1a2b3c4d5e6f&accessToken=" + token
	c, resp, err := websocket.Dial(ctx, base, &websocket.DialOptions{HTTPClient: h.client(h.schleuseP, false)})
	if err != nil {
		b := ""
		if resp != nil && resp.Body != nil {
			bb, _ := io.ReadAll(resp.Body)
			b = string(bb)
		}
		t.Fatalf("upgrade with an access token: %v %s", err, b)
	}
	c.CloseNow()
	_, resp, err = websocket.Dial(ctx, base+"&file=Bescheid_Kasimir_Kanarienvogel_DE89370400440532013000.pdf", &websocket.DialOptions{HTTPClient: h.client(h.schleuseP, false)})
	if err == nil || resp == nil || resp.StatusCode == http.StatusSwitchingProtocols {
		t.Fatalf("upgrade with a name and an IBAN joined by _ in its URL: %v %v", resp, err)
	}
	if b, _ := io.ReadAll(resp.Body); !strings.Contains(string(b), "Adresse (URL)") {
		t.Fatalf("upgrade with a name and an IBAN joined by _ in its URL: %d %s", resp.StatusCode, b)
	}
}

func TestEncodedToken(t *testing.T) {
	for s, want := range map[string]bool{
		"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3N1YnN0cmF0ZS5vZmZpY2UuY29tIn0.Zm9v_YmFy-c2lnbmF0dXJl": true,
		"bOQdHhqsuBfwOnCYckRjh_sXX1Zt6667rSPyjGrlwQ37aNKnsJWUvWqtWQAI9uwcTkCwCyugAFa1wKXRNfbnRvZPL95D1j2B":                true,
		"Bescheid_Anna_Schmidt.pdf":                                               false,
		"Anna_Schmidt_DE89370400440532013000":                                     false,
		"Bescheid_Anna_Schmidt_Anlage3Teil2Abschnitt4b_Fassung2026Nov29Final.pdf": false,
		"Verwaltungsgerichtsentscheidung_Kasimir_Kanarienvogel_2026":              false,
		"boq_assistant-bard-web-server_20241120.00_p0":                            false,
		"Anna Schmidt bOQdHhqsuBfwOnCYckRjh sXX1Zt6667rSPyjGrlwQ37aNKnsJW":        false, // text: a blank is no token byte
	} {
		if got := encodedToken(s); got != want {
			t.Errorf("encodedToken(%q) = %v, want %v", s, got, want)
		}
	}
}

// sendWithHeaders sends method to url through the proxy with hdr (after
// the headers given as name, value pairs in base); a POST carries a chat
// prompt without personal data. It returns the status and the body.
func sendWithHeaders(t *testing.T, h *pipeHarness, method, url string, hdr map[string]string, base ...string) (int, string) {
	t.Helper()
	var body io.Reader
	if method == "POST" {
		body = strings.NewReader(chatBody("Wie schreibe ich eine höfliche Terminbestätigung?"))
	}
	req, _ := http.NewRequest(method, url, body)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(base); i += 2 {
		req.Header.Set(base[i], base[i+1])
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return h.send(t, req)
}

// TestBlockedServiceNoticeShown: a service the catalogue blocks is
// intercepted, and each request in it gets the German notice (counted once
// per connection, not audited, as the refused CONNECT was not), nothing
// forwarded; before, the CONNECT was refused with the notice as its body,
// which no browser shows (Chrome: ERR_TUNNEL_CONNECTION_FAILED), so staff
// saw a broken connection instead of why.
func TestBlockedServiceNoticeShown(t *testing.T) {
	rec := &reasonRecorder{}
	blocked := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) {
			c.Services = append(c.Services, config.Service{ID: "forbidden-llm", Provider: "openai-compatible", Hosts: []string{"forbidden.example"}, Mode: "block"})
			c.Notice.Contact = "Frau Muster, Tel. 123"
		},
		extra: map[string]http.Handler{"forbidden.example": blocked},
		tel:   func(*Pipeline) Metrics { return rec },
	})
	c := h.client(h.schleuseP, false)
	for _, req := range []*http.Request{
		mustRequest(t, "GET", "https://forbidden.example/", ""),
		mustRequest(t, "POST", "https://forbidden.example/v1/chat/completions", chatBody("Hallo")),
	} {
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v (the browser would show a broken connection)", req.Method, req.URL, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(b), "gemäß der KI-Richtlinie Ihrer Verwaltung gesperrt") ||
			!strings.Contains(string(b), "Bitte nutzen Sie einen freigegebenen Dienst") || !strings.Contains(string(b), "Frau Muster, Tel. 123") {
			t.Errorf("%s %s: %d %q, want the German notice naming notice.contact", req.Method, req.URL, resp.StatusCode, b)
		}
	}
	if n := blocked.count(); n != 0 {
		t.Errorf("%d requests reached the blocked service", n)
	}
	if r := rec.take(); strings.Join(r, ",") != "host" {
		t.Errorf("counted %q, want host once (one connection)", r)
	}
	if recs := auditRecords(t, h.audit, h.stateDir, "test"); len(recs) != 0 {
		t.Errorf("%d audit records for a blocked service's requests, want none", len(recs))
	}
}

func mustRequest(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// TestPromptHeader: a header is named like input when a part of its name
// starts with prompt, query, message, question, input or text; a word
// inside a part is not one ("Context" holds "text": X-Cloud-Trace-Context
// carries a trace id, a client context header a token). Before, any name
// holding such a word was, and a JWT in it blocked the request as a
// secret; the test also holds the check to no allocation per header.
func TestPromptHeader(t *testing.T) {
	for name, want := range map[string]bool{
		"X-Prompt": true, "X-User-Query": true, "X-Chat-Message": true, "X-Messages": true, "X-Question": true,
		"X-Input-Text": true, "Text": true, "X-Textinput": true,
		"X-Cloud-Trace-Context": false, "X-Ms-Client-Context": false, "Content-Type": false, "User-Agent": false,
		"X-Userquery": false,
	} {
		if got := promptHeader(name); got != want {
			t.Errorf("promptHeader(%q) = %v, want %v", name, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { promptHeader("X-Cloud-Trace-Context") }); n != 0 {
		t.Errorf("promptHeader allocates %v times", n)
	}
	h, up := newBadInputHarness(t)
	jwt := "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNTE2MjM5MDIyfQ.NHVaYe26MbtOYhSKkoKYdFVomg4i8ZJd8_-RU8VNbftc4TSMb4bXP3l3YlNWACwyXPGffz5aXHc6lty1Y2t4SWRqGteragsVdZufDn5BlnJl9pdR_kdVFUsra2rWKEofkZeIC4yWytE58sMIihvo9H1ScmmVwBcQ"
	n := up.count()
	if code, body := sendWithHeaders(t, h, "POST", "https://api.openai.com/v1/chat/completions", map[string]string{"X-Ms-Client-Context": jwt}); code != 200 || up.count() != n+1 {
		t.Errorf("a token in a client context header: %d %s", code, body)
	}
	if code, _ := sendWithHeaders(t, h, "POST", "https://api.openai.com/v1/chat/completions", map[string]string{"X-Chat-Message": "DE89370400440532013000"}); code == 200 || up.count() != n+1 {
		t.Errorf("an IBAN in X-Chat-Message: %d", code)
	}
}
