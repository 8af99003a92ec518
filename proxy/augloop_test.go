package proxy

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// TestAugLoopBlocked: Copilot inside Word, Excel, PowerPoint and Outlook
// sends the open document's text and the person's request through
// Microsoft's Augmentation Loop (augloop.office.com,
// augloop.svc.cloud.microsoft; sources in catalogue.go), a WebSocket
// protocol schleuse cannot read. Through the running proxy, its page, a
// POST with a document's text and the WebSocket upgrade are answered with
// the German notice that says why, and nothing reaches the service.
// Before, the hosts were in no catalogue entry: a blind tunnel, the text
// unread. IT can set the entry to tunnel; the reason stays with it.
func TestAugLoopBlocked(t *testing.T) {
	up := &fakeLLM{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{
		"augloop.office.com": up, "augloop.svc.cloud.microsoft": up, "eu.augloop.office.com": up,
	}})
	const why = "Sein Format kann schleuse nicht lesen"

	// Word's request with the document's text, and the WebSocket upgrade.
	req, _ := http.NewRequest("POST", "https://augloop.office.com/v2/api/session", strings.NewReader(`{"text":"Bescheid für Herrn Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"}`))
	req.Header.Set("Content-Type", "application/json")
	code, body := h.send(t, req)
	if code != http.StatusForbidden || !strings.Contains(body, why) || !strings.Contains(body, "Microsoft AugLoop") ||
		!strings.Contains(body, "schleuse cannot read its format") {
		t.Errorf("POST augloop.office.com: %d %q", code, body)
	}
	for _, u := range []string{"https://augloop.svc.cloud.microsoft/", "https://eu.augloop.office.com/v2/"} {
		req, _ = http.NewRequest("GET", u, nil)
		req.Header.Set("Connection", "Upgrade")
		req.Header.Set("Upgrade", "websocket")
		req.Header.Set("Sec-WebSocket-Version", "13")
		req.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
		code, body = h.send(t, req)
		if code != http.StatusForbidden || !strings.Contains(body, why) {
			t.Errorf("WebSocket %s: %d %q", u, code, body)
		}
	}
	// A browser's page load: the page gives the reason in both languages.
	req, _ = http.NewRequest("GET", "https://augloop.office.com/", nil)
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Sec-Fetch-Mode", "navigate")
	req.Header.Set("Sec-Fetch-Dest", "document")
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(page), why) || !strings.Contains(string(page), "cannot read its format") ||
		strings.Contains(string(page), "Nach der KI-Richtlinie Ihrer Verwaltung ist") {
		t.Errorf("page: %d\n%s", resp.StatusCode, page)
	}
	if n := len(up.received); n != 0 {
		t.Errorf("the Augmentation Loop received %d requests, want none", n)
	}

	// The catalogue: blocked by default, Microsoft 365 Copilot Chat's
	// cloud.microsoft host in its (shared, off) entry; IT's override keeps
	// the reason.
	cat, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]string{"augloop.office.com": "m365-augloop", "x.augloop.svc.cloud.microsoft": "m365-augloop",
		"substrate.svc.cloud.microsoft": "m365-copilot"} {
		if svc := cat.Lookup(host + ":443"); svc == nil || svc.ID != want {
			t.Errorf("%s: %+v, want %s", host, svc, want)
		}
	}
	cat, err = NewCatalogue([]config.Service{{ID: "m365-augloop", Mode: "tunnel"}})
	if err != nil {
		t.Fatal(err)
	}
	if svc := cat.Lookup("augloop.office.com"); svc == nil || svc.Mode != ModeTunnel || svc.WhyDE == "" {
		t.Errorf("overridden: %+v, want tunnel with its reason", svc)
	}
}
