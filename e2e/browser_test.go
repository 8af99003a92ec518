//go:build e2e

package e2e

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/schleuse/schleuse/audit"
)

const chromiumPath = "/usr/bin/chromium"

// requireChromium skips (loudly) without Chromium, and fails when CI=true.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return
	}
	msg := "\n" + strings.Repeat("#", 72) + "\n" +
		"#  BROWSER TESTS SKIPPED: " + chromiumPath + " not found.\n" +
		"#  Install: apt-get install -y --no-install-recommends chromium libnss3-tools\n" +
		strings.Repeat("#", 72)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "\n(CI=true: a missing browser is a failure)")
	}
	t.Skip(msg)
}

// newBrowser starts headless Chromium through the proxy. It trusts the
// certificates whose CA public keys are pinned (base64 SPKI hashes) and
// nothing else.
func (h *harness) newBrowser(t *testing.T, pins ...string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.ProxyServer("http://"+h.proxyAddr),
		chromedp.Flag("ignore-certificate-errors-spki-list", strings.Join(pins, ",")),
		chromedp.WindowSize(1000, 760),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser without a timeout on its context
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// turn is what the chat page shows after one prompt.
type turn struct {
	Kind string `json:"kind"` // "answer" or "error"
	Text string `json:"text"`
	// Reads is how many network chunks the page rendered the answer from:
	// a proxy that buffered the stream would deliver it in one or two.
	Reads int `json:"reads"`
}

// sendPrompt types text into the chat page, sends it and waits until the
// page has rendered the n-th turn (streamed answer or error notice).
func sendPrompt(t *testing.T, ctx context.Context, n int, text string, typed bool) turn {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	input := chromedp.SetValue(chromedp.ID("prompt-textarea"), text)
	if typed {
		input = chromedp.SendKeys(chromedp.ID("prompt-textarea"), text)
	}
	if err := chromedp.Do(ctx,
		input,
		chromedp.Click(chromedp.ID("send")),
		chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.body.dataset.turns === "%d"`, n),
			chromedp.WithPollingTimeout(25*time.Second)),
	); err != nil {
		t.Fatalf("turn %d: %v", n, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[turn](`(() => {
		const last = document.querySelector("#thread > :last-child");
		if (!last) return {kind: "none", text: ""};
		return {kind: last.id === "error" ? "error" : "answer", text: last.textContent, reads: Number(last.dataset.reads || 0)};
	})()`))
	if err != nil {
		t.Fatalf("read turn %d: %v", n, err)
	}
	return got
}

// errorBoxVisible reports whether the red notice box is rendered and visible.
func errorBoxVisible(t *testing.T, ctx context.Context) bool {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const e = document.getElementById("error");
		if (!e) return false;
		const r = e.getBoundingClientRect(), s = getComputedStyle(e);
		return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func screenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	p := filepath.Join(artifactsDir(t), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
	return p
}

var (
	placeholderRE = regexp.MustCompile(`\[[A-Z_]+_\d+\]`)
	personRE      = regexp.MustCompile(`\[PERSON_\d+\]`)
	ibanRE        = regexp.MustCompile(`\[IBAN_\d+\]`)
	caseRE        = regexp.MustCompile(`\[CASE_REFERENCE_\d+\]`)
)

// splitNote parses a chat web app's answer to a prompt sent with values
// replaced (notice.redacted: web, the default): schleuse's one-line note
// comes first and the answer after a blank line. It fails the test unless
// the note is there, names each of the types wantTypes (German names, as
// "1 × IBAN") and a Vorgangsnummer, and holds none of the raw values, and
// returns the answer after it.
func splitNote(t *testing.T, text string, wantTypes []string, raw ...string) string {
	t.Helper()
	note, answer, ok := strings.Cut(text, "\n\n")
	if !ok || !strings.HasPrefix(note, "ℹ️ schleuse:") || strings.Contains(note, "\n") {
		t.Errorf("answer does not start with the note on replaced values: %q", text)
		return text
	}
	for _, typ := range wantTypes {
		if !strings.Contains(note, "× "+typ) {
			t.Errorf("note does not name %q: %q", typ, note)
		}
	}
	if !strings.Contains(note, "Vorgangsnummer") {
		t.Errorf("note without Vorgangsnummer: %q", note)
	}
	for _, v := range raw {
		if strings.Contains(note, v) {
			t.Errorf("note holds the raw value %q", v)
		}
	}
	return answer
}

// onlyConversation keeps the chatgpt.com conversation requests.
func onlyConversation(recs []received) []received {
	var out []received
	for _, r := range recs {
		if r.Host == "chatgpt.com" && r.Path == "/backend-api/f/conversation" {
			out = append(out, r)
		}
	}
	return out
}

// testBrowserChat runs scenarios 1–4 in the chat page of the fake chatgpt.com.
func testBrowserChat(t *testing.T, h *harness) {
	requireChromium(t)
	ctx := h.newBrowser(t, spki(h.caCert))
	nctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	resp, err := chromedp.Run(nctx, chromedp.NavigateResponse("https://chatgpt.com/?model=auto"))
	cancel()
	if err != nil {
		t.Fatalf("load https://chatgpt.com/ through schleuse: %v", err)
	}
	if resp.SecurityDetails == nil || resp.SecurityDetails.Issuer != h.caCert.Subject.CommonName {
		t.Errorf("chatgpt.com certificate not issued by the schleuse CA: %+v", resp.SecurityDetails)
	}
	// The first visit shows schleuse's first-use notice (notice.first_use,
	// on by default), not the app: read, then confirmed once.
	if resp.Status != 200 {
		t.Fatalf("notice page status %d", resp.Status)
	}
	if got := h.llm.pageLoads(); got != 0 {
		t.Fatalf("the fake chatgpt.com served its page %d times before the notice was confirmed", got)
	}
	notice, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang + "|" + document.querySelector("h1").textContent + "|" + document.querySelector("section[lang=en] h2").textContent`))
	if err != nil {
		t.Fatalf("read the notice: %v", err)
	}
	if notice != "de|Hinweis: ChatGPT wird über die schleuse genutzt|Notice: ChatGPT is used through schleuse" {
		t.Fatalf("first page is not the notice: %q", notice)
	}
	// notice.contact and notice.policy_url of the configuration file.
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText + "|" + document.querySelector("section[lang=de] a").href`)); err != nil ||
		!strings.Contains(text, "Fragen beantwortet Datenschutzbeauftragte der Stadt, datenschutz@stadt.example") ||
		!strings.HasSuffix(text, "|https://intranet.stadt.example/ki-richtlinie") {
		t.Errorf("the notice lacks the configured contact or policy link (%v): %q", err, text)
	}
	// The whole page, its button and English part included.
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if p := filepath.Join(artifactsDir(t), "first-use-notice.png"); os.WriteFile(p, png, 0o644) == nil {
		t.Logf("screenshot: %s", p)
	}
	nctx, cancel = context.WithTimeout(ctx, 20*time.Second)
	err = chromedp.Do(nctx,
		chromedp.Click(chromedp.ID("notice-ack")),
		chromedp.WaitVisible(chromedp.ID("prompt-textarea")),
	)
	cancel()
	if err != nil {
		t.Fatalf("confirm the notice (Verstanden – weiter zu ChatGPT): %v", err)
	}
	if loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`)); err != nil || loc != "/?model=auto" {
		t.Errorf("after the confirmation the browser is at %q (%v), want the page it asked for", loc, err)
	}
	if got := h.llm.pageLoads(); got != 1 {
		t.Fatalf("the fake chatgpt.com served its page %d times after the confirmation, want 1", got)
	}
	// Confirmed once: a reload goes straight to the app.
	nctx, cancel = context.WithTimeout(ctx, 20*time.Second)
	resp, err = chromedp.Run(nctx, chromedp.NavigateResponse("https://chatgpt.com/"))
	cancel()
	if err != nil || resp.Status != 200 || h.llm.pageLoads() != 2 {
		t.Fatalf("second visit: %v, status %v, page loads %d (want the app without the notice)", err, resp, h.llm.pageLoads())
	}
	if c := h.llm.schleuseCookies(); c != 0 {
		t.Errorf("the fake chatgpt.com received schleuse's confirmation cookie %d times", c)
	}
	n := 0

	t.Run("1-harmless-answered", func(t *testing.T) {
		const prompt = "Wie formuliere ich eine freundliche Einladung zum Sommerfest der Verwaltung?"
		before := h.llm.count()
		h.expect("browser harmless", "chatgpt-web", "allow", false, "KI-RL-1.1")
		n++
		got := sendPrompt(t, ctx, n, prompt, true)
		if got.Kind != "answer" || got.Text != "Echo: "+prompt {
			t.Errorf("page shows %s %q, want the streamed echo", got.Kind, got.Text)
		}
		if got.Reads < 3 {
			t.Errorf("answer arrived in %d network chunks: not streamed progressively", got.Reads)
		}
		recs := onlyConversation(h.llm.since(before))
		if len(recs) != 1 || !strings.Contains(recs[0].Body, prompt) {
			t.Errorf("fake chatgpt.com received %d conversation bodies (want 1 with the prompt unchanged): %v", len(recs), recs)
		}
	})

	t.Run("2-steuer-id-blocked", func(t *testing.T) {
		const prompt = "Bitte prüfe für die Lohnabrechnung die Steuer-ID 86095742719 unserer neuen Kollegin."
		before := h.llm.count()
		h.expect("browser Steuer-ID", "chatgpt-web", "block", false, "KI-RL-7.1")
		n++
		got := sendPrompt(t, ctx, n, prompt, false)
		if got.Kind != "error" {
			t.Fatalf("page shows %s %q, want the red notice", got.Kind, got.Text)
		}
		// KI-RL-7.1's message names the type; the notice does not say it again.
		for _, want := range []string{"schleuse: Ihre Anfrage wurde nicht an den KI-Dienst gesendet.",
			"Abschnitt 7.1): Steuer-Identifikationsnummer.", "Vorgangsnummer"} {
			if !strings.Contains(got.Text, want) {
				t.Errorf("notice lacks %q: %q", want, got.Text)
			}
		}
		if n := strings.Count(got.Text, "Steuer-Identifikationsnummer"); n != 1 {
			t.Errorf("notice names the Steuer-ID %d times, want once: %q", n, got.Text)
		}
		if strings.Contains(got.Text, "86095742719") {
			t.Errorf("notice repeats the Steuer-ID")
		}
		if !errorBoxVisible(t, ctx) {
			t.Errorf("notice box not visible")
		}
		if recs := h.llm.since(before); len(recs) != 0 {
			t.Errorf("fake service received %d bodies for a blocked prompt: %v", len(recs), recs)
		}
		screenshot(t, ctx, "blocked-notice.png")
	})

	t.Run("3-name-iban-redacted-restored", func(t *testing.T) {
		// chatgpt-web has no AVV: personal data needs a #freigabe line,
		// and is then pseudonymised (KI-RL-3.4, 3.2, 6.2).
		const prompt = "Bitte schreibe Herrn Mehmet Yılmaz wegen DE89 3704 0044 0532 0130 00\n#freigabe: Erstattung an den Antragsteller"
		before := h.llm.count()
		h.expect("browser name+IBAN", "chatgpt-web", "redact", true, "KI-RL-3.2", "KI-RL-6.2")
		n++
		got := sendPrompt(t, ctx, n, prompt, false)
		if got.Kind != "answer" {
			t.Fatalf("page shows %s %q, want the answer", got.Kind, got.Text)
		}
		// The note names the replaced types before the restored answer.
		if answer := splitNote(t, got.Text, []string{"IBAN", "Name"}, "Yılmaz", "DE89"); answer != "Echo: "+prompt {
			t.Errorf("streamed answer not restored:\n got %q\nwant %q", answer, "Echo: "+prompt)
		}
		if got.Reads < 3 {
			t.Errorf("restored answer arrived in %d network chunks: not streamed progressively", got.Reads)
		}
		if placeholderRE.MatchString(got.Text) {
			t.Errorf("page shows a placeholder: %q", got.Text)
		}
		recs := onlyConversation(h.llm.since(before))
		if len(recs) != 1 {
			t.Fatalf("fake chatgpt.com received %d conversation bodies, want 1", len(recs))
		}
		body := recs[0].Body
		for _, raw := range []string{"Yılmaz", "Mehmet", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "0532 0130"} {
			if strings.Contains(body, raw) {
				t.Errorf("upstream body holds the raw value %q", raw)
			}
		}
		if !personRE.MatchString(body) || !ibanRE.MatchString(body) {
			t.Errorf("upstream body lacks the placeholders: %s", body)
		}
		screenshot(t, ctx, "redacted-answer.png")
	})

	t.Run("4-warn-then-freigabe", func(t *testing.T) {
		const prompt = "Fasse bitte den Stand im Vorgang Az. 32-1234/2024 für die Amtsleitung zusammen."
		before := h.llm.count()
		h.expect("browser Aktenzeichen", "chatgpt-web", "warn", false, "KI-RL-6.1", "KI-RL-3.4")
		n++
		got := sendPrompt(t, ctx, n, prompt, false)
		if got.Kind != "error" || !strings.Contains(got.Text, "schleuse: Bitte prüfen Sie Ihre Anfrage") ||
			!strings.Contains(got.Text, "#freigabe:") || !strings.Contains(got.Text, "Aktenzeichen") {
			t.Errorf("page shows %s %q, want the warning", got.Kind, got.Text)
		}
		if !errorBoxVisible(t, ctx) {
			t.Errorf("warning box not visible")
		}
		if recs := h.llm.since(before); len(recs) != 0 {
			t.Errorf("fake service received %d bodies for a warned prompt", len(recs))
		}

		const justified = prompt + "\n#freigabe: Rückfrage des Bürgers zum Bescheid"
		h.expect("browser Aktenzeichen #freigabe", "chatgpt-web", "redact", true, "KI-RL-3.2", "KI-RL-6.2")
		n++
		got = sendPrompt(t, ctx, n, justified, false)
		if got.Kind != "answer" {
			t.Errorf("page shows %s %q, want the restored answer", got.Kind, got.Text)
		} else if answer := splitNote(t, got.Text, []string{"Aktenzeichen"}, "32-1234/2024"); answer != "Echo: "+justified {
			t.Errorf("page shows %q after the note, want the restored answer", answer)
		}
		recs := onlyConversation(h.llm.since(before))
		if len(recs) != 1 {
			t.Fatalf("fake chatgpt.com received %d conversation bodies, want 1", len(recs))
		}
		if strings.Contains(recs[0].Body, "32-1234/2024") || !caseRE.MatchString(recs[0].Body) {
			t.Errorf("upstream body: Aktenzeichen not pseudonymised (no AVV for chatgpt-web): %s", recs[0].Body)
		}
	})
}

// testBrowserTunnel is scenario 5: a non-LLM host loads through the blind
// tunnel with its own certificate, which only its own pin makes trusted.
// testBrowserServiceWorker: an app whose service worker answers page
// loads from its cache (installed while the notice was confirmed; then
// the confirmation is gone, as when it expires or the notice changes)
// shows the app without the notice. Its prompt is not sent: the chat shows
// schleuse's notice to open the page; the worker's update check got
// schleuse's worker, which unregisters itself, and the next page load
// shows the notice again.
func testBrowserServiceWorker(t *testing.T, h *harness) {
	requireChromium(t)
	ctx := h.newBrowser(t, spki(h.caCert))
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	do("confirm the notice and install the app's worker",
		chromedp.Navigate("https://chatgpt.com/?sw=1"),
		chromedp.Click(chromedp.ID("notice-ack")),
		chromedp.WaitVisible(chromedp.ID("prompt-textarea")),
		chromedp.Poll[chromedp.Void](`document.body.dataset.sw === "ready"`, chromedp.WithPollingTimeout(15*time.Second)))
	if sw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.sw || ""`)); err != nil || sw != "ready" {
		t.Fatalf("the app's service worker: %q %v", sw, err)
	}
	workers := h.llm.workerFetches()
	// The confirmation is gone (expired, a new notice text, cookies deleted).
	do("delete the cookies", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
	pages := h.llm.pageLoads()
	do("reload the app", chromedp.Navigate("https://chatgpt.com/?sw=1"), chromedp.WaitVisible(chromedp.ID("prompt-textarea")))
	if got := h.llm.pageLoads(); got != pages {
		t.Fatalf("the page load reached the network (%d -> %d): the app's worker did not answer it, the case is not shown", pages, got)
	}
	before := h.llm.count()
	h.expect("browser prompt, service worker hid the notice", "chatgpt-web", "block", false, "schleuse:notice_unconfirmed")
	got := sendPrompt(t, ctx, 1, "Wie formuliere ich eine freundliche Einladung zum Sommerfest der Verwaltung?", false)
	if got.Kind != "error" {
		t.Fatalf("page shows %s %q, want schleuse's notice", got.Kind, got.Text)
	}
	for _, want := range []string{"Ihre Anfrage wurde nicht an den KI-Dienst gesendet", "Bevor Sie ChatGPT über die schleuse nutzen",
		"https://chatgpt.com/", "Strg+Umschalt+R", "Before you use ChatGPT through schleuse", "Vorgangsnummer"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("notice lacks %q: %q", want, got.Text)
		}
	}
	if recs := h.llm.since(before); len(recs) != 0 {
		t.Errorf("the service received %d bodies without a confirmation: %v", len(recs), recs)
	}
	screenshot(t, ctx, "notice-unconfirmed.png")
	// The worker's update check got schleuse's worker (the app's script
	// was not fetched from the service), and it removed itself.
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		gone, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.getRegistration().then((r) => r === undefined)`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("read the worker's registration: %v", err)
		}
		if gone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the app's service worker is still registered 15 s after schleuse answered its update check")
		}
	}
	if got := h.llm.workerFetches(); got != workers {
		t.Errorf("the service's worker script was fetched %d times without a confirmation", got-workers)
	}
	do("load the page again", chromedp.Navigate("https://chatgpt.com/?sw=1"), chromedp.WaitVisible(chromedp.ID("notice-ack")))
	if h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("h-de"))); err != nil || h1 != "Hinweis: ChatGPT wird über die schleuse genutzt" {
		t.Fatalf("the next page load shows %q (%v), want the notice", h1, err)
	}
}

func testBrowserTunnel(t *testing.T, h *harness) {
	// Without a browser: the certificate seen through the proxy is the
	// site's own, not one schleuse made.
	t.Run("go-client-sees-site-certificate", func(t *testing.T) {
		state, err := tunnelHandshake(h, h.siteCA.Pool())
		if err != nil {
			t.Fatalf("TLS through the tunnel with the site's CA: %v", err)
		}
		issuer := state.PeerCertificates[0].Issuer.CommonName
		if issuer != h.siteCA.Cert.Subject.CommonName {
			t.Errorf("leaf issued by %q, want the site's own CA", issuer)
		}
		pool := x509.NewCertPool()
		pool.AddCert(h.caCert)
		if _, err := tunnelHandshake(h, pool); err == nil {
			t.Errorf("the schleuse CA verified %s: the tunnel is not blind", tunnelHost)
		}
	})

	requireChromium(t)
	t.Run("loads-with-own-pin", func(t *testing.T) {
		before := h.llm.count()
		ctx := h.newBrowser(t, spki(h.caCert), spki(h.siteCA.Cert))
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse("https://"+tunnelHost+"/"))
		if err != nil {
			t.Fatalf("load %s through the tunnel: %v", tunnelHost, err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("site")))
		if err != nil || text != "Beispielseite über den Tunnel" {
			t.Errorf("page text %q, %v", text, err)
		}
		if sd := resp.SecurityDetails; sd == nil || sd.Issuer != h.siteCA.Cert.Subject.CommonName {
			t.Errorf("certificate seen by the browser: %+v, want issuer %q", sd, h.siteCA.Cert.Subject.CommonName)
		}
		if h.llm.count() != before {
			t.Errorf("the tunnelled site reached the fake LLM service")
		}
	})
	t.Run("fails-without-own-pin", func(t *testing.T) {
		ctx := h.newBrowser(t, spki(h.caCert))
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		_, err := chromedp.Run(ctx, chromedp.NavigateResponse("https://"+tunnelHost+"/"))
		if err == nil || !strings.Contains(err.Error(), "ERR_CERT") {
			t.Errorf("load without the site's pin: err = %v, want a certificate error", err)
		}
	})
}

// tunnelHandshake opens CONNECT tunnelHost:443 through the proxy and does a
// TLS handshake that trusts only roots.
func tunnelHandshake(h *harness, roots *x509.CertPool) (tls.ConnectionState, error) {
	c, err := net.DialTimeout("tcp", h.proxyAddr, 5*time.Second)
	if err != nil {
		return tls.ConnectionState{}, err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "CONNECT %s:443 HTTP/1.1\r\nHost: %s:443\r\n\r\n", tunnelHost, tunnelHost)
	buf := make([]byte, 0, 512)
	one := make([]byte, 1)
	for !strings.HasSuffix(string(buf), "\r\n\r\n") && len(buf) < 4096 {
		if _, err := c.Read(one); err != nil {
			return tls.ConnectionState{}, fmt.Errorf("CONNECT answer: %w", err)
		}
		buf = append(buf, one[0])
	}
	if !strings.HasPrefix(string(buf), "HTTP/1.1 200") && !strings.HasPrefix(string(buf), "HTTP/1.0 200") {
		return tls.ConnectionState{}, fmt.Errorf("CONNECT refused: %q", buf)
	}
	tc := tls.Client(c, &tls.Config{ServerName: tunnelHost, RootCAs: roots})
	if err := tc.Handshake(); err != nil {
		return tls.ConnectionState{}, err
	}
	return tc.ConnectionState(), nil
}

// testAuditorView loads /audit/ on the admin port in Chromium (login via
// admin.htpasswd) and checks that it lists the run's decisions.
func testAuditorView(t *testing.T, h *harness, want []expectation) {
	base := "http://" + h.adminAddr + "/audit/"
	resp, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("/audit/ without login: status %d, want 401", resp.StatusCode)
	}

	requireChromium(t)
	ctx := h.newBrowser(t, spki(h.caCert))
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(adminUser+":"+adminPass))
	setAuth := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
			Headers: network.Headers{"Authorization": auth}})
		return err
	})
	if err := chromedp.Do(ctx, setAuth, chromedp.Navigate(base), chromedp.WaitVisible(chromedp.ID("decisions"))); err != nil {
		t.Fatalf("auditor view: %v", err)
	}
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("decision-count")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(count, fmt.Sprintf("%d Einträge", len(want))) {
		t.Errorf("decision-count %q, want %d Einträge", count, len(want))
	}
	type row struct {
		Service, Action, Findings, Justification string
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]row](`[...document.querySelectorAll("#decisions tr[data-seq]")]
		.sort((a, b) => Number(a.dataset.seq) - Number(b.dataset.seq))
		.map(tr => ({Service: tr.cells[4].textContent, Action: tr.cells[5].textContent, Findings: tr.cells[7].textContent, Justification: tr.cells[8].textContent}))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) {
		t.Fatalf("table has %d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		// The decision German first, the stored action after it.
		if rows[i].Service != w.Service || rows[i].Action != audit.ActionLabel(w.Action) || (rows[i].Justification != "") != w.Justified {
			t.Errorf("row %d (%s): %+v, want %s %s justified=%v", i+1, w.Scenario, rows[i], w.Service, w.Action, w.Justified)
		}
		// The findings German first with the type after it
		// ("Bankverbindung (IBAN): 1"), not the CSV's "IBAN=1".
		if strings.Contains(rows[i].Findings, "=") {
			t.Errorf("row %d (%s): findings %q in the machine form", i+1, w.Scenario, rows[i].Findings)
		}
	}
	for _, id := range []string{"chart-days", "chart-types", "filter-form", "csv-download"} {
		if _, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.ID(id))); err != nil {
			t.Errorf("element #%s: %v", id, err)
		}
	}
	screenshot(t, ctx, "auditor-view.png")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("verify-link")), chromedp.WaitVisible(chromedp.ID("verify-status"))); err != nil {
		t.Fatalf("verify link: %v", err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("verify-status")))
	if err != nil || !strings.Contains(status, "unversehrt") {
		t.Errorf("verify-status %q, %v; want the chain intact", status, err)
	}
}
