package proxy

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/pseudonym"
)

// TestSharedHostCovers: on a shared host only the service's paths are the
// service, read as a server might read them; whatever cannot be read
// counts as the service's (fail closed).
func TestSharedHostCovers(t *testing.T) {
	svc := &Service{ID: "duck-ai-duckduckgo", Paths: []string{"/duckchat/"}}
	for raw, want := range map[string]bool{
		"/duckchat/v1/chat":              true,
		"/duckchat":                      true,
		"/DuckChat/v1/chat":              true,
		"/%64uckchat/v1/chat":            true,
		"/%2564uckchat/v1/chat":          true, // decoded twice by a front and a back end
		"/x/../duckchat/v1/chat":         true,
		"/x/%2e%2e/duckchat/v1/chat":     true,
		"//duckchat//v1/chat":            true,
		"/duckchat;jsessionid=1/v1/chat": true,
		"/x\\..\\duckchat\\v1/chat":      true,
		"/de/duckchat/v1/chat":           true, // a locale prefix
		"/%zz/duckchat":                  true,
		"/.schleuse/ack":                 true, // schleuse's own, never forwarded
		"/%252525252564uckchat/v1/chat":  true, // still encoded after three rounds
		"/":                              false,
		"/?q=duckchat":                   false,
		"/html/":                         false,
		"/duckchatter":                   false,
		"/ac/":                           false,
		"/%zz":                           true, // unreadable: fail closed
	} {
		u, err := url.Parse("https://duckduckgo.com" + raw)
		if err != nil {
			u = &url.URL{Scheme: "https", Host: "duckduckgo.com", Opaque: raw}
		}
		if got := svc.covers(u); got != want {
			t.Errorf("%s: covers = %v, want %v", raw, got, want)
		}
	}
	if !(&Service{ID: "chatgpt-web"}).covers(&url.URL{Path: "/anything"}) {
		t.Error("a service without paths covers its whole host")
	}
	for _, bad := range []string{"duckchat/", "/", "/a/../b/", "/a?b", "/a*", "/a%20b", "/a//b/"} {
		if _, err := cleanPaths([]string{bad}); err == nil {
			t.Errorf("path %q accepted", bad)
		}
	}
	for _, s := range builtinServices() {
		if p, err := cleanPaths(s.Paths); err != nil || strings.Join(p, " ") != strings.Join(s.Paths, " ") {
			t.Errorf("%s: built-in paths %q not in the form covers compares (%q, %v)", s.ID, s.Paths, p, err)
		}
	}
}

// TestSharedHostCatalogue: the shared hosts stay blind tunnels until IT
// enables their entry, which then needs no hosts; an entry with a new id
// still does.
func TestSharedHostCatalogue(t *testing.T) {
	cat, err := NewCatalogue(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"duckduckgo.com", "x.com", "huggingface.co", "substrate.office.com"} {
		if svc := cat.Lookup(host + ":443"); svc == nil || svc.Mode != ModeTunnel || len(svc.Paths) == 0 {
			t.Errorf("%s: %+v, want a shared entry in mode tunnel", host, svc)
		}
	}
	cat, err = NewCatalogue([]config.Service{{ID: "duck-ai-duckduckgo", Mode: "block"}, {ID: "huggingchat", Name: "HuggingChat der Stadt", Mode: "inspect"}})
	if err != nil {
		t.Fatal(err)
	}
	if svc := cat.Lookup("duckduckgo.com"); svc == nil || svc.Mode != ModeBlock || svc.Name != "Duck.ai" || svc.Paths[0] != "/duckchat/" {
		t.Errorf("enabled: %+v", svc)
	}
	if svc := cat.Lookup("huggingface.co"); svc == nil || svc.Mode != ModeInspect || svc.Title() != "HuggingChat der Stadt" || svc.Provider != "huggingface" {
		t.Errorf("enabled with a name: %+v", svc)
	}
	if d := DroppedHosts([]config.Service{{ID: "duck-ai-duckduckgo", Mode: "block"}}); d != nil {
		t.Errorf("an entry without hosts keeps them all, but DroppedHosts says %v", d)
	}
	// A web app on a shared host gets no first-use notice: its page may
	// lie outside its paths, where the notice could never be shown.
	cat, err = NewCatalogue([]config.Service{{ID: "suche-ki-web", Hosts: []string{"suche.example"}, Paths: []string{"/ki/"}, Mode: "inspect"}})
	if err != nil {
		t.Fatal(err)
	}
	if svc := cat.Lookup("suche.example"); noticeHost(svc, "suche.example") {
		t.Errorf("%+v: a notice host", svc)
	}
	// A configuration with its own entry for a shared host (written before
	// the host was catalogued) keeps working: the built-in entry, off,
	// yields the host; one that inspects or blocks does not.
	cat, err = NewCatalogue([]config.Service{{ID: "x-intern", Hosts: []string{"X.com"}, Mode: "block"}})
	if err != nil {
		t.Fatal(err)
	}
	if svc := cat.Lookup("x.com"); svc == nil || svc.ID != "x-intern" {
		t.Errorf("x.com: %+v, want the config's entry", svc)
	}
	if svc := cat.Lookup("twitter.com"); svc == nil || svc.ID != "grok-x" {
		t.Errorf("twitter.com: %+v, want grok-x still", svc)
	}
	if _, err := NewCatalogue([]config.Service{{ID: "x-intern", Hosts: []string{"x.com"}, Mode: "block"}, {ID: "grok-x", Mode: "block"}}); err == nil || !strings.Contains(err.Error(), "is in both") {
		t.Errorf("a host of an enabled shared entry in another entry: %v", err)
	}
	if _, err := NewCatalogue([]config.Service{{ID: "chat-intern", Hosts: []string{"chatgpt.com"}, Mode: "tunnel"}}); err == nil || !strings.Contains(err.Error(), "is in both") {
		t.Errorf("a host of an inspected built-in entry in another entry: %v", err)
	}
	if _, err := NewCatalogue([]config.Service{{ID: "ki-stadt", Mode: "inspect"}}); err == nil || !strings.Contains(err.Error(), "hosts missing") {
		t.Errorf("a new entry without hosts: %v", err)
	}
	if _, err := NewCatalogue([]config.Service{{ID: "ki-stadt", Hosts: []string{"ki.stadt.example"}, Paths: []string{"chat"}, Mode: "block"}}); err == nil || !strings.Contains(err.Error(), "plain path") {
		t.Errorf("a bad path: %v", err)
	}
}

// TestSharedHostThroughProxy: with Duck.ai enabled (mode block), the chat
// requests inside duckduckgo.com get the notice and nothing reaches the
// service, path tricks included; the search engine's own pages go through
// unread and unchanged, a body with an IBAN too (it is not the service).
// Off (the default), duckduckgo.com is not decrypted at all.
func TestSharedHostThroughProxy(t *testing.T) {
	ddg := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"duckduckgo.com": ddg},
		mutate: func(c *config.Config) {
			c.Services = append(c.Services, config.Service{ID: "duck-ai-duckduckgo", Mode: "block"})
		},
	})
	const iban = "DE89370400440532013000"
	body := `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Akte Mustermann, IBAN ` + iban + `"}]}`
	for _, p := range []string{"/duckchat/v1/chat", "/duckchat/v1/status", "/%64uckchat/v1/chat", "/x/../DUCKCHAT/v1/chat"} {
		req, _ := http.NewRequest("POST", "https://duckduckgo.com"+p, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		code, answer := h.send(t, req)
		if code != http.StatusForbidden || !strings.Contains(answer, "Der KI-Dienst Duck.ai ist gemäß der KI-Richtlinie") {
			t.Errorf("POST %s: %d %q", p, code, answer)
		}
	}
	if n := ddg.count(); n != 0 {
		t.Fatalf("%d chat requests reached duckduckgo.com", n)
	}
	// The search engine: forwarded as it is, its answer untouched.
	req, _ := http.NewRequest("POST", "https://duckduckgo.com/html/?q=wetter", strings.NewReader("q=IBAN+"+iban))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	code, answer := h.send(t, req)
	if code != 200 || answer != `{"choices":[{"message":{"role":"assistant","content":"ok"}}]}` {
		t.Errorf("search: %d %q", code, answer)
	}
	if n := ddg.count(); n != 1 || ddg.reqs[0].Body != "q=IBAN+"+iban || ddg.reqs[0].Path != "/html/" {
		t.Errorf("search request at duckduckgo.com: %+v", ddg.reqs)
	}
	resp, err := h.client(h.schleuseP, false).Get("https://duckduckgo.com/?q=duckchat&ia=chat")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || ddg.count() != 2 {
		t.Errorf("search page: %d, %d requests", resp.StatusCode, ddg.count())
	}

	if pac := h.pac(t); !strings.Contains(pac, `"duckduckgo.com"`) {
		t.Errorf("enabled, but not in the PAC file:\n%s", pac)
	}

	// Off: a blind tunnel, as before (the client sees the service's own
	// certificate, not schleuse's).
	off := &upstreamLog{}
	h = newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"duckduckgo.com": off}})
	if _, err := h.client(h.schleuseP, false).Get("https://duckduckgo.com/duckchat/v1/status"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("off: decrypted (%v)", err)
	}
	resp, err = h.client(h.upCA.Pool(), false).Get("https://duckduckgo.com/duckchat/v1/status")
	if err != nil {
		t.Fatalf("off: no tunnel: %v", err)
	}
	resp.Body.Close()
	if off.count() != 1 {
		t.Errorf("off: %d requests", off.count())
	}
	if pac := h.pac(t); strings.Contains(pac, "duckduckgo.com") {
		t.Errorf("off, but in the PAC file:\n%s", pac)
	}
}

func (h *pipeHarness) pac(t *testing.T) string {
	t.Helper()
	resp, err := http.Get("http://" + h.srv.AdminAddr() + "/proxy.pac")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestSharedHostInspected: a shared entry in mode inspect reads the
// service's requests as any inspected service's (HuggingChat's message,
// chat-ui's multipart form, by the huggingchat adapter: an IBAN in it is
// pseudonymised inside the form's data part; before, the fallback read
// it and blocked) and leaves the rest of the host alone.
func TestSharedHostInspected(t *testing.T) {
	hf := &upstreamLog{}
	dir := registeredPolicy(t, "huggingchat", "HuggingChat")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"huggingface.co": hf},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "huggingchat", Mode: "inspect"})
		},
	})
	chat := func(text string) (int, string) {
		return h.send(t, huggingChatMessage(t, "66f0", text))
	}
	if code, answer := chat("Wie schreibe ich eine Einladung zum Sommerfest?"); code != 200 || hf.count() != 1 {
		t.Fatalf("registered, a prompt without findings: %d %q, %d requests upstream", code, answer, hf.count())
	}
	const iban = "DE89370400440532013000"
	if code, answer := chat("Bitte prüfen: IBAN " + iban); code != 200 || hf.count() != 2 ||
		strings.Contains(hf.reqs[1].Body, iban) || !strings.Contains(hf.reqs[1].Body, `"inputs":"Bitte prüfen: IBAN [IBAN_1]"`) {
		t.Errorf("chat with an IBAN: %d %q, %d requests upstream", code, answer, hf.count())
	}
	req, _ := http.NewRequest("POST", "https://huggingface.co/api/models/upload", strings.NewReader(`{"card":"IBAN `+iban+`"}`))
	if code, _ := h.send(t, req); code != 200 || hf.count() != 3 || !strings.Contains(hf.reqs[2].Body, iban) {
		t.Errorf("model hub: %d, %+v", code, hf.reqs)
	}
}

// huggingChatMessage builds a message as chat-ui's client posts it
// (fetchMessageUpdates): a multipart form, a file part and the "data"
// part with the JSON whose inputs is text.
func huggingChatMessage(t *testing.T, conv, text string) *http.Request {
	t.Helper()
	return huggingChatMessageID(t, conv, text, "0b6f1f52-3c7e-4c39-9d9c-5b1a7c0e2f11")
}

// huggingChatMessageID is huggingChatMessage with the message id given.
func huggingChatMessageID(t *testing.T, conv, text, id string) *http.Request {
	t.Helper()
	var b strings.Builder
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("files", "base64;plan.txt")
	io.WriteString(fw, base64.StdEncoding.EncodeToString([]byte("Tagesordnung: Sommerfest")))
	data, _ := json.Marshal(map[string]any{"inputs": text, "id": id,
		"is_retry": false, "is_continue": false, "web_search": false, "tools": []string{}})
	w.WriteField("data", string(data))
	w.Close()
	req, _ := http.NewRequest("POST", "https://huggingface.co/chat/conversation/"+conv, strings.NewReader(b.String()))
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

// TestHuggingChatInspected: HuggingChat enabled in mode inspect and
// registered: a name in the message's inputs (inside the multipart form's
// data part) is pseudonymised before it leaves and restored in chat-ui's
// stream, whose tokens are padded with NUL characters as chat-ui pads
// them and sent as text/event-stream, after reasoning tokens
// ({"type":"reasoning","subtype":"stream"}, which share "token") that end
// inside the placeholder: the reasoning's held-back start does not go on
// the answer; a VS-NfD marking is blocked with the notice as the chat's
// answer; a conversation's preprompt is read; a message id that is no
// UUID (chat-ui sends one) is read as text, not passed over as an id.
func TestHuggingChatInspected(t *testing.T) {
	var seen atomic.Value
	hf := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen.Store(string(b))
		if r.URL.Path == "/chat/conversation" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"conversationId":"6756f0c2a1b3c4d5e6f70819"}`)
			return
		}
		_, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		form, err := multipart.NewReader(strings.NewReader(string(b)), params["boundary"]).ReadForm(1 << 20)
		if err != nil || len(form.Value["data"]) != 1 {
			http.Error(w, "no form", 400)
			return
		}
		var data struct{ Inputs string }
		json.Unmarshal([]byte(form.Value["data"][0]), &data)
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, `{"type":"status","status":"started"}`+"\n")
		if i := strings.Index(data.Inputs, "[PERSON"); i > 0 {
			for _, s := range []string{data.Inputs[:i], data.Inputs[i : i+4]} { // reasoning that ends in "[PER"
				m, _ := json.Marshal(map[string]any{"type": "reasoning", "subtype": "stream", "token": s})
				fmt.Fprintf(w, "%s\n", m)
			}
		}
		echo := []rune(data.Inputs)
		for i := 0; i < len(echo); i += 3 {
			tok := string(echo[i:min(i+3, len(echo))])
			m, _ := json.Marshal(map[string]any{"type": "stream", "token": tok + strings.Repeat("\x00", 16-len([]rune(tok)))})
			fmt.Fprintf(w, "%s\n", m)
		}
		m, _ := json.Marshal(map[string]any{"type": "finalAnswer", "text": data.Inputs, "interrupted": false})
		fmt.Fprintf(w, "%s\n%s", m, strings.Repeat(" ", 4096))
	})
	dir := registeredPolicy(t, "huggingchat", "HuggingChat")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"huggingface.co": hf},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "huggingchat", Mode: "inspect"})
		},
	})
	code, answer := h.send(t, huggingChatMessage(t, "6756f0c2a1b3c4d5e6f70819", "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz."))
	up, _ := seen.Load().(string)
	if code != 200 || strings.Contains(up, "Yılmaz") || !strings.Contains(up, "[PERSON_1]") || !strings.Contains(up, "name=\"files\"") {
		t.Fatalf("message: %d %s, HuggingChat saw %q", code, answer, up)
	}
	var streamed, reasoning, final strings.Builder
	for line := range strings.Lines(answer) {
		var ev struct{ Type, Token, Text string }
		if json.Unmarshal([]byte(line), &ev) == nil {
			if ev.Type == "reasoning" {
				reasoning.WriteString(ev.Token)
				continue
			}
			streamed.WriteString(strings.ReplaceAll(ev.Token, "\x00", ""))
			final.WriteString(ev.Text)
		}
	}
	const want = "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz."
	if noteless(streamed.String()) != want || noteless(final.String()) != want || strings.Contains(answer, "PERSON_1") {
		t.Errorf("answer not restored (streamed %q, final %q): %q", streamed.String(), final.String(), answer)
	}
	if reasoning.String() != "Bitte formuliere einen Brief an Herrn [PER" {
		t.Errorf("reasoning %q, want it apart from the answer", reasoning.String())
	}
	seen.Store("")
	const tax = "86095742719"
	code, answer = h.send(t, huggingChatMessageID(t, "6756f0c2a1b3c4d5e6f70819", "Bitte formuliere einen Brief.", tax))
	if up, _ := seen.Load().(string); strings.Contains(up, tax) || (code == 200 && !strings.Contains(up, "[DE_TAX_ID_1]")) {
		t.Errorf("a tax ID as the message id: %d %q, HuggingChat saw %q", code, answer, up)
	}
	seen.Store("")
	code, answer = h.send(t, huggingChatMessage(t, "6756f0c2a1b3c4d5e6f70819", "VS-NUR FÜR DEN DIENSTGEBRAUCH: Lagebericht zur Gefahrenabwehr"))
	if up, _ := seen.Load().(string); code != 200 || up != "" || !strings.Contains(answer, `"token":"schleuse: Ihre Anfrage wurde nicht an den KI-Dienst gesendet`) ||
		!strings.Contains(answer, `"type":"finalAnswer"`) {
		t.Errorf("message with a VS-NfD marking: %d %q, HuggingChat saw %q", code, answer, up)
	}
	seen.Store("")
	req, _ := http.NewRequest("POST", "https://huggingface.co/chat/conversation",
		strings.NewReader(`{"model":"meta-llama/Llama-3.3-70B-Instruct","preprompt":"VS-NUR FÜR DEN DIENSTGEBRAUCH: Lagebericht"}`))
	req.Header.Set("Content-Type", "application/json")
	if code, answer := h.send(t, req); code != 403 || !strings.Contains(answer, `"message":"schleuse:`) {
		t.Errorf("conversation with a VS-NfD preprompt: %d %q, HuggingChat saw %q", code, answer, seen.Load())
	}
}

// TestDuckAIInspected: Duck.ai (inside duckduckgo.com and at duck.ai)
// enabled in mode inspect and registered by
// the DPO: its chat (OpenAI's messages) is read by the duck-ai adapter, a
// name pseudonymised before it leaves and restored in Duck.ai's stream,
// whether its pieces are in "message" or in "content"; the pseudonymised
// prompt leaves without durableStream (the key to an answer copy the
// proxy could not restore), a clean one with it.
func TestDuckAIInspected(t *testing.T) {
	var seen atomic.Value
	ddg := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen.Store(string(b))
		var req struct{ Messages []struct{ Content string } }
		json.Unmarshal(b, &req)
		w.Header().Set("Content-Type", "text/event-stream")
		echo := req.Messages[len(req.Messages)-1].Content
		key := cmp.Or(r.Header.Get("X-Test-Answer-Key"), "message") // a 2026 client reads "content" too
		for i := 0; i < len(echo); i += 5 {
			m, _ := json.Marshal(map[string]any{key: echo[i:min(i+5, len(echo))], "created": 1764500000, "model": "gpt-4o-mini"})
			fmt.Fprintf(w, "data: %s\n\n", m)
		}
		io.WriteString(w, "data: [DONE]\n\n")
	})
	dir := registeredPolicy(t, "duck-ai-duckduckgo", "Duck.ai")
	registerService(t, dir, "duck-ai-web", "Duck.ai")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"duckduckgo.com": ddg, "duck.ai": ddg},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "duck-ai-duckduckgo", Mode: "inspect"}, config.Service{ID: "duck-ai-web", Mode: "inspect"})
		},
	})
	for _, host := range []string{"duckduckgo.com", "duck.ai"} {
		t.Run(host, func(t *testing.T) { duckChat(t, h, host, &seen) })
	}
	const durable = `,"reasoningEffort":"none","durableStream":{"messageId":"cf101f87-caea-4bc1-b3d1-cab8fc4a6502","conversationId":"723f7396-95bd-45d6-bf5a-855384e23cdf","publicKey":{"alg":"RSA-OAEP-256","e":"AQAB","ext":true,"key_ops":["encrypt"],"kty":"RSA","n":"nO0M9w4n6Ee1iK1WIe3D-XKu4HJu_LcdANQNHa4LzEt_TgAsrMuJ7temjBSv2ujRLcpZxJwuuXtY69_d2gsEl7FAdUDIcG8wzHOp_BSb2CIqeG2V99zxru7","use":"enc"}}}`
	for _, key := range []string{"message", "content"} {
		for _, prompt := range []string{"Bitte formuliere einen Brief an Herrn Mehmet Yılmaz.", "Was ist eine Mahnung?"} {
			req, _ := http.NewRequest("POST", "https://duck.ai/duckchat/v1/chat",
				strings.NewReader(`{"model":"gpt-5-mini","messages":[{"role":"user","content":"`+prompt+`"}]`+durable))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Test-Answer-Key", key)
			seen.Store("")
			code, answer := h.send(t, req)
			up, _ := seen.Load().(string)
			var text strings.Builder
			for line := range strings.Lines(answer) {
				var ev map[string]any
				if d, ok := strings.CutPrefix(strings.TrimSpace(line), "data: {"); ok && json.Unmarshal([]byte("{"+d), &ev) == nil {
					s, _ := ev[key].(string)
					text.WriteString(s)
				}
			}
			named := strings.Contains(prompt, "Yılmaz")
			if code != 200 || strings.Contains(up, "Yılmaz") || strings.Contains(up, "durableStream") == named || noteless(text.String()) != prompt || strings.Contains(answer, "PERSON_1") {
				t.Errorf("%s, %q: %d, Duck.ai saw %q, the user read %q (%q)", key, prompt, code, up, text.String(), answer)
			}
		}
	}
}

// duckChat sends a prompt with a name to Duck.ai at host and checks that
// the name left as a placeholder and came back in the answer.
func duckChat(t *testing.T, h *pipeHarness, host string, seen *atomic.Value) {
	t.Helper()
	req, _ := http.NewRequest("POST", "https://"+host+"/duckchat/v1/chat",
		strings.NewReader(`{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Bitte formuliere einen Brief an Herrn Mehmet Yılmaz."}]}`))
	req.Header.Set("Content-Type", "application/json")
	code, answer := h.send(t, req)
	up, _ := seen.Load().(string)
	if code != 200 || strings.Contains(up, "Yılmaz") || !strings.Contains(up, "[PERSON_1]") {
		t.Fatalf("%d %s, Duck.ai saw %q", code, answer, up)
	}
	var text strings.Builder
	for line := range strings.Lines(answer) {
		var ev struct{ Message string }
		if d, ok := strings.CutPrefix(strings.TrimSpace(line), "data: {"); ok && json.Unmarshal([]byte("{"+d), &ev) == nil {
			text.WriteString(ev.Message)
		}
	}
	if !strings.Contains(text.String(), "Mehmet Yılmaz") || strings.Contains(answer, "PERSON_1") {
		t.Errorf("answer not restored: %q", answer)
	}
}

// registeredPolicy writes the default policy to a directory of its own
// with the service id registered (registerService) and returns it.
func registeredPolicy(t *testing.T, id, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "richtlinie")
	if err := policies.WriteDefault(dir); err != nil {
		t.Fatal(err)
	}
	registerService(t, dir, id, name)
	return dir
}

// registerService adds a service to the register in a policy directory's
// data.yaml, approved and closed, as the DPO does.
func registerService(t *testing.T, dir, id, name string) {
	t.Helper()
	data := filepath.Join(dir, "data.yaml")
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	anchor := "  register:\n"
	edited := strings.Replace(string(b), anchor, anchor+"    "+id+": {name: \""+name+"\", approved: true, avv: true, system: closed, permitted_classes: []}\n", 1)
	if edited == string(b) {
		t.Fatal("register not found in data.yaml")
	}
	if err := os.WriteFile(data, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGrokInspected: Grok on grok.com and inside X, set to mode inspect
// and registered by the DPO: the person's last message is read by the
// grok adapter, a name leaves as a placeholder and comes back in Grok's
// NDJSON tokens, a block is a reply inside the chat, and the rest of
// x.com is forwarded unread. An answer in a conversation
// (…/conversations/{id}/responses) carries its tokens in result.token,
// after thinking tokens (isThinking) that end inside the placeholder:
// before, its pieces were not joined (the name stayed a placeholder) and
// a start held back from the thinking went on the answer.
func TestGrokInspected(t *testing.T) {
	var seen atomic.Value
	grok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen.Store(string(b))
		var req struct {
			Message   string
			Responses []struct{ Message string }
		}
		json.Unmarshal(b, &req)
		echo, line := req.Message, func(s string) any {
			return map[string]any{"result": map[string]any{"response": map[string]any{"token": s, "isThinking": false}}}
		}
		if strings.HasSuffix(r.URL.Path, "/responses") {
			w.Header().Set("Content-Type", "application/json")
			if i := strings.Index(echo, "[PERSON"); i > 0 {
				for _, s := range []string{echo[:i], echo[i : i+4]} { // thinking that ends in "[PER"
					m, _ := json.Marshal(map[string]any{"result": map[string]any{"token": s, "isThinking": true}})
					fmt.Fprintf(w, "%s\n", m)
				}
			}
			line = func(s string) any { return map[string]any{"result": map[string]any{"token": s, "isThinking": false}} }
		} else if strings.HasSuffix(r.URL.Path, "add_response.json") {
			echo = req.Responses[len(req.Responses)-1].Message
			line = func(s string) any {
				return map[string]any{"result": map[string]any{"sender": "ASSISTANT", "message": s}}
			}
		} else if !strings.HasPrefix(r.URL.Path, "/rest/app-chat/") {
			io.WriteString(w, "x.com page")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		for i := 0; i < len(echo); i += 5 {
			m, _ := json.Marshal(line(echo[i:min(i+5, len(echo))]))
			fmt.Fprintf(w, "%s\n", m)
		}
	})
	dir := registeredPolicy(t, "grok-web", "Grok")
	registerService(t, dir, "grok-x", "Grok (in X)")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"grok.com": grok, "x.com": grok, "api.x.com": grok},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "grok-web", Mode: "inspect"}, config.Service{ID: "grok-x", Mode: "inspect"})
		},
	})
	for _, c := range []struct{ url, body, pieces, ct string }{
		{"https://grok.com/rest/app-chat/conversations/new",
			`{"modelName":"grok-3","message":"%s","fileAttachments":[],"customInstructions":""}`, "token", ""},
		{"https://grok.com/rest/app-chat/conversations/5f1c0b9e-2d3a-4c5b-8e6f-7a8b9c0d1e2f/responses",
			`{"modelName":"grok-3","message":"%s","parentResponseId":"0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6","fileAttachments":[]}`, "token", ""},
		{"https://x.com/i/api/2/grok/add_response.json",
			`{"responses":[{"message":"Hallo","sender":1},{"message":"Hallo!","sender":2},{"message":"%s","sender":1}],"grokModelOptionId":"grok-3"}`, "message",
			"text/plain;charset=UTF-8"}, // as X's client labels it (kyupark/ask, internal/provider/grok)
		// X's apps and several public clients post to api.x.com (wire1): before, not in grok-x's hosts, a
		// blind tunnel with Grok in X enabled.
		{"https://api.x.com/2/grok/add_response.json",
			`{"responses":[{"message":"%s","sender":1}],"grokModelOptionId":"grok-3","conversationId":"1867384958271234567"}`, "message", ""},
	} {
		send := func(text string) (int, string) {
			req, _ := http.NewRequest("POST", c.url, strings.NewReader(fmt.Sprintf(c.body, text)))
			req.Header.Set("Content-Type", cmp.Or(c.ct, "application/json"))
			return h.send(t, req)
		}
		seen.Store("")
		code, answer := send("Bitte formuliere einen Brief an Herrn Mehmet Yılmaz.")
		up, _ := seen.Load().(string)
		if code != 200 || strings.Contains(up, "Yılmaz") || !strings.Contains(up, "[PERSON_1]") {
			t.Fatalf("%s: %d %s, Grok saw %q", c.url, code, answer, up)
		}
		var text, thinking strings.Builder
		for line := range strings.Lines(answer) {
			var ev struct {
				Result struct {
					Message, Token string
					IsThinking     bool
					Response       struct{ Token string }
				}
			}
			if json.Unmarshal([]byte(line), &ev) == nil {
				if ev.Result.IsThinking {
					thinking.WriteString(ev.Result.Token)
					continue
				}
				text.WriteString(ev.Result.Message + ev.Result.Response.Token + ev.Result.Token)
			}
		}
		if noteless(text.String()) != "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz." || strings.Contains(answer, "PERSON_1") {
			t.Errorf("%s: answer not restored (%q): %q", c.url, text.String(), answer)
		}
		if strings.HasSuffix(c.url, "/responses") && thinking.String() != "Bitte formuliere einen Brief an Herrn [PER" {
			t.Errorf("%s: thinking %q, want it apart from the answer", c.url, thinking.String())
		}
		seen.Store("")
		code, answer = send("VS-NUR FÜR DEN DIENSTGEBRAUCH: Lagebericht zur Gefahrenabwehr")
		if up, _ := seen.Load().(string); code != 200 || up != "" || !strings.Contains(answer, `"`+c.pieces+`":"schleuse: Ihre Anfrage wurde nicht an den KI-Dienst gesendet`) {
			t.Errorf("%s with a VS-NfD marking: %d %q, Grok saw %q", c.url, code, answer, up)
		}
	}
	req, _ := http.NewRequest("GET", "https://x.com/home", nil)
	if code, answer := h.send(t, req); code != 200 || answer != "x.com page" {
		t.Errorf("x.com outside Grok: %d %q", code, answer)
	}
}

// TestHuggingChatFixedNotForPages: ResponseFormat.Fixed reads chat-ui's
// NDJSON whatever its label, but not a page (an error or login page the
// service answers with): a value restored there keeps the HTML escaping a
// page gets, so that the user's own markup ("<img onerror=…>" pasted as a
// name) does not run in the service's origin; the stream is still read as
// NDJSON.
func TestHuggingChatFixedNotForPages(t *testing.T) {
	m := pseudonym.NewMapping()
	p := m.Replace(pseudonym.OpPseudonym, "PERSON", `<img src=x onerror=alert(1)>`)
	f := pseudonym.Format{Kind: "ndjson", Delta: "token"}
	for _, c := range []struct{ ct, body, want string }{
		{"text/html; charset=utf-8", "<p>Hallo " + p + "</p>\n", "<p>Hallo &lt;img src=x onerror=alert(1)&gt;</p>\n"},
		{"text/event-stream", `{"type":"stream","token":"` + p[:4] + `"}` + "\n" + `{"type":"stream","token":"` + p[4:] + `"}` + "\n",
			`{"type":"stream","token":""}` + "\n" + `{"type":"stream","token":"<img src=x onerror=alert(1)>"}` + "\n"},
	} {
		resp := &http.Response{Header: http.Header{"Content-Type": {c.ct}}, Body: io.NopCloser(strings.NewReader(c.body)), ContentLength: int64(len(c.body))}
		restoreResponseAs(resp, m, f, true)
		got, err := io.ReadAll(resp.Body)
		if err != nil || string(got) != c.want {
			t.Errorf("%s: %q, %v; want %q", c.ct, got, err, c.want)
		}
	}
}

// TestHuggingChatOtherRequests: chat-ui's requests under /chat/ other than
// a conversation and its messages match no route and go to the fallback
// (inspect.unknown_requests: scan): a name in a custom system prompt of
// the settings (/api/v2/user/settings, customPrompts; sent with every
// later message) blocks the request, as the fallback cannot rewrite;
// settings without text go on; a recording for chat-ui's speech-to-text
// (/api/transcribe, the audio as the whole body) is audio nothing can
// read, counted as uninspected and refused by the default policy
// (KI-RL-3.6). Before, its printable runs were read, found nothing, and
// the recording went to HuggingChat.
func TestHuggingChatOtherRequests(t *testing.T) {
	var seen atomic.Value
	hf := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen.Store(r.URL.Path + " " + string(b))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	})
	dir := registeredPolicy(t, "huggingchat", "HuggingChat")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"huggingface.co": hf},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "huggingchat", Mode: "inspect"})
		},
	})
	send := func(path, ct, body string) (int, string, string) {
		t.Helper()
		seen.Store("")
		req, _ := http.NewRequest("POST", "https://huggingface.co"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
		code, answer := h.send(t, req)
		up, _ := seen.Load().(string)
		return code, answer, up
	}
	settings := `{"shareConversationsWithModelAuthors":false,"activeModel":"meta-llama/Llama-3.3-70B-Instruct","customPrompts":{"meta-llama/Llama-3.3-70B-Instruct":"%s"},"customPromptsEnabled":{"meta-llama/Llama-3.3-70B-Instruct":true}}`
	if code, answer, up := send("/chat/api/v2/user/settings", "application/json",
		fmt.Sprintf(settings, "Du schreibst Bescheide für Herrn Mehmet Yılmaz, Musterstraße 5.")); code == 200 || up != "" {
		t.Errorf("settings with a name in a custom prompt: %d %q, HuggingChat saw %q", code, answer, up)
	}
	if code, _, up := send("/chat/api/v2/user/settings", "application/json", fmt.Sprintf(settings, "Antworte knapp und sachlich.")); code != 200 || !strings.Contains(up, "knapp") {
		t.Errorf("settings without personal data: %d, HuggingChat saw %q", code, up)
	}
	wav := []byte("RIFF\x24\x10\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80\x3e\x00\x00\x00\x7d\x00\x00\x02\x00\x10\x00data\x00\x10\x00\x00")
	for i := range 4096 {
		wav = append(wav, byte(i*37), byte(i*11>>3))
	}
	if code, answer, up := send("/chat/api/transcribe", "audio/wav", string(wav)); code == 200 || up != "" || !strings.Contains(answer, "Abschnitt 3.6") {
		t.Errorf("a recording to transcribe: %d %q, HuggingChat saw %d bytes", code, answer, len(up))
	}
}

// TestHuggingChatStatelessInspected: chat-ui's stateless chat
// (/chat/api/v2/chat/stream, the conversation kept in the browser and sent
// whole) is read by the huggingchat adapter: a name in the prompt and in
// an earlier turn leaves as a placeholder and comes back in the
// MessageUpdate lines (application/jsonl). Before, it had no route: the
// fallback read it, and the name blocked the message.
func TestHuggingChatStatelessInspected(t *testing.T) {
	var seen atomic.Value
	hf := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen.Store(string(b))
		var req struct {
			Messages []struct{ From, Content string }
		}
		json.Unmarshal(b, &req)
		w.Header().Set("Content-Type", "application/jsonl")
		echo := []rune(req.Messages[len(req.Messages)-1].Content)
		for i := 0; i < len(echo); i += 3 {
			tok := string(echo[i:min(i+3, len(echo))])
			m, _ := json.Marshal(map[string]any{"type": "stream", "token": tok + strings.Repeat("\x00", 16-len([]rune(tok)))})
			fmt.Fprintf(w, "%s\n", m)
		}
		m, _ := json.Marshal(map[string]any{"type": "finalAnswer", "text": string(echo), "interrupted": false})
		fmt.Fprintf(w, "%s\n%s", m, strings.Repeat(" ", 4096))
	})
	dir := registeredPolicy(t, "huggingchat", "HuggingChat")
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"huggingface.co": hf},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "huggingchat", Mode: "inspect"})
		},
	})
	body, _ := json.Marshal(map[string]any{"model": "meta-llama/Llama-3.3-70B-Instruct", "preprompt": "", "timezone": "Europe/Berlin",
		"messages": []map[string]string{
			{"from": "user", "content": "Herr Mehmet Yılmaz kommt morgen ins Bürgerbüro."},
			{"from": "assistant", "content": "Verstanden."},
			{"from": "user", "content": "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz."},
		}})
	req, _ := http.NewRequest("POST", "https://huggingface.co/chat/api/v2/chat/stream", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	code, answer := h.send(t, req)
	up, _ := seen.Load().(string)
	if code != 200 || strings.Contains(up, "Yılmaz") || !strings.Contains(up, "[PERSON_1]") {
		t.Fatalf("%d %s, HuggingChat saw %q", code, answer, up)
	}
	var streamed strings.Builder
	for line := range strings.Lines(answer) {
		var ev struct{ Type, Token string }
		if json.Unmarshal([]byte(line), &ev) == nil && ev.Type == "stream" {
			streamed.WriteString(strings.ReplaceAll(ev.Token, "\x00", ""))
		}
	}
	if noteless(streamed.String()) != "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz." || strings.Contains(answer, "PERSON_1") {
		t.Errorf("answer not restored (%q): %q", streamed.String(), answer)
	}
}

// TestTextDeclaredAsRecordingRead: a body declared as audio whose bytes
// are text with a NUL byte, or UTF-16 without a byte-order mark, is no
// recording to the sniffer, only to its Content-Type: its text is read as
// the fallback reads any binary body, and a name with an IBAN in it blocks
// it, also where the DPO lets unread audio pass (ungeprueft_erlaubt: the
// service's register entry). Before, such a body was a File only: the
// extractor refused it as binary, the declared type made it a recording,
// and it went to HuggingChat unread; a real recording stays uninspected.
func TestTextDeclaredAsRecordingRead(t *testing.T) {
	var seen atomic.Value
	hf := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen.Store(string(b))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	})
	dir := registeredPolicy(t, "huggingchat", "HuggingChat")
	data := filepath.Join(dir, "data.yaml")
	b, _ := os.ReadFile(data)
	entry := `huggingchat: {name: "HuggingChat", approved: true, avv: true, system: closed, permitted_classes: []`
	if err := os.WriteFile(data, []byte(strings.Replace(string(b), entry, entry+", ungeprueft_erlaubt: [audio]", 1)), 0o644); err != nil || !strings.Contains(string(b), entry) {
		t.Fatal("register entry not found", err)
	}
	h := newPipeHarnessOpts(t, pipeOpts{
		extra: map[string]http.Handler{"huggingface.co": hf},
		mutate: func(c *config.Config) {
			c.Policy.Dir = dir
			c.Services = append(c.Services, config.Service{ID: "huggingchat", Mode: "inspect"})
		},
	})
	send := func(body []byte) (int, string, string) {
		t.Helper()
		seen.Store("")
		req, _ := http.NewRequest("POST", "https://huggingface.co/chat/api/transcribe", bytes.NewReader(body))
		req.Header.Set("Content-Type", "audio/wav")
		code, answer := h.send(t, req)
		up, _ := seen.Load().(string)
		return code, answer, up
	}
	akte := "Akte Herr Jürgen Kowalski, IBAN " + testIBAN
	utf16 := func(s string) []byte {
		var out []byte
		for _, r := range s {
			out = append(out, byte(r), byte(r>>8))
		}
		return out
	}
	for name, body := range map[string][]byte{
		"text with a NUL":      []byte(akte + "\x00"),
		"utf-16le without BOM": utf16(akte),
		"ascii utf-16le":       utf16("Akte Herr Juergen Kowalski, IBAN " + testIBAN),
	} {
		if code, answer, up := send(body); code == 200 || up != "" || !strings.Contains(answer, "IBAN") {
			t.Errorf("%s as audio/wav: %d %.200q, HuggingChat saw %d bytes", name, code, answer, len(up))
		}
	}
	wav := []byte("RIFF\x24\x10\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80\x3e\x00\x00\x00\x7d\x00\x00\x02\x00\x10\x00data\x00\x10\x00\x00")
	for i := range 4096 {
		wav = append(wav, byte(i*37), byte(i*11>>3))
	}
	if code, answer, up := send(wav); code != 200 || len(up) != len(wav) {
		t.Errorf("a recording, unread audio allowed: %d %.200q, HuggingChat saw %d bytes", code, answer, len(up))
	}
}
