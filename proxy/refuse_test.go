package proxy

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/schleuse/schleuse/detectors"
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
	} {
		t.Run(tc.name, func(t *testing.T) {
			if out := sendRaw(t, h, []byte(tc.raw), tc.closeWrite); out.status != tc.status {
				t.Fatalf("status %d (%q), want %d", out.status, out.body, tc.status)
			}
			assertLastBlock(t, h, "schleuse:"+tc.kind)
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
		if _, _, err := c.Read(ctx); err == nil {
			t.Fatal("the connection stayed open")
		}
		deadline := time.Now().Add(5 * time.Second)
		for !hasRule(lastRecordRules(t, h), "schleuse:websocket_message_too_large") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		assertLastBlock(t, h, "schleuse:websocket_message_too_large")
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

// assertLastBlock: the last audit record is a block under rule.
func assertLastBlock(t *testing.T, h *pipeHarness, rule string) {
	t.Helper()
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	if len(recs) == 0 {
		t.Fatalf("no audit record; want a block under %s", rule)
	}
	last := recs[len(recs)-1]
	if last.Action != "block" || !hasRule(last.Rules, rule) || last.RequestID == "" {
		t.Fatalf("last record: %s %v %q; want a block under %s", last.Action, last.Rules, last.RequestID, rule)
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
		var body io.Reader
		if method == "POST" {
			body = strings.NewReader(chatBody("Wie schreibe ich eine höfliche Terminbestätigung?"))
		}
		req, _ := http.NewRequest(method, url, body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := h.client(h.schleuseP, false).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
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
		"Openai-Sentinel-Chat-Requirements-Token": "gAAAAABn_4Xk2_pQ-Z9_4111111111111111"}); code != 200 || up.count() != n+1 {
		t.Fatalf("ordinary headers: %d %s", code, body)
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
		if strings.Contains(string(b), "Kanarienvogel") || strings.Contains(string(b), "0532") {
			t.Errorf("record holds the canary: %s", b)
		}
	}
}
