package proxy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
)

// soakLLM answers in the OpenAI shape without keeping anything, so the
// soak measures the proxy and not the fake: non-streaming echoes the last
// user message, streaming sends it in small deltas.
type soakLLM struct{ n atomic.Int64 }

func (s *soakLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.n.Add(1)
	var req struct {
		Stream   bool `json:"stream"`
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	json.NewDecoder(r.Body).Decode(&req)
	echo := ""
	if len(req.Messages) > 0 {
		echo = req.Messages[len(req.Messages)-1].Content
	}
	if !req.Stream {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": echo}}}})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for i := 0; i < len(echo); i += 7 {
		chunk, _ := json.Marshal(echo[i:min(i+7, len(echo))])
		fmt.Fprintf(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":%s}}]}\n\n", chunk)
		w.(http.Flusher).Flush()
	}
	io.WriteString(w, "data: [DONE]\n\n")
}

// soakDuration is how long the soak runs: SCHLEUSE_SOAK_DURATION, default
// 30 s; the soak runs only with SCHLEUSE_SOAK=1 or CI=true, never with -short.
func soakDuration(t *testing.T) time.Duration {
	if testing.Short() {
		t.Skip("soak: skipped with -short")
	}
	if os.Getenv("SCHLEUSE_SOAK") != "1" && os.Getenv("CI") != "true" {
		t.Skip("soak: set SCHLEUSE_SOAK=1 (or CI=true) to run it")
	}
	d := 30 * time.Second
	if v := os.Getenv("SCHLEUSE_SOAK_DURATION"); v != "" {
		p, err := time.ParseDuration(v)
		if err != nil || p <= 0 || p > 90*time.Second {
			t.Fatalf("SCHLEUSE_SOAK_DURATION=%q: want a duration up to 90s", v)
		}
		d = p
	}
	return d
}

// TestSoak runs allowed, redacted (streamed and restored) and blocked
// prompts at sustained concurrency and then checks: no errors, every answer
// as expected, one audit record per request, the chain verifies, no
// goroutine growth and heap growth within a bound.
func TestSoak(t *testing.T) {
	dur := soakDuration(t)
	llm := &soakLLM{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": llm}})
	client := h.client(h.schleuseP, false)
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 16

	type kind struct {
		name   string
		prompt func(i int) string
		stream bool
		status int
		check  func(prompt, body string) error
	}
	restoredStream := func(prompt, body string) error {
		text, err := sseDeltaText(body)
		if err != nil {
			return err
		}
		if text != prompt {
			return fmt.Errorf("restored %q, want %q", text, prompt)
		}
		return nil
	}
	kinds := []kind{
		{"allow", func(i int) string { return fmt.Sprintf("Bitte fasse Punkt %d der Tagesordnung zusammen.", i) }, false, 200,
			func(p, b string) error {
				if !strings.Contains(b, p) {
					return fmt.Errorf("answer %q", b)
				}
				return nil
			}},
		{"redact", func(i int) string {
			// "Vorgang 4711" would be a file number (CASE_REFERENCE, a warn class)
			return fmt.Sprintf("Schreibe Frau Anna Schmidt, Entwurf %d, IBAN %s.", i, testIBAN)
		}, true, 200, restoredStream},
		{"block", func(i int) string { return fmt.Sprintf("Steuer-ID %s, Diagnose F32.1 (Akte %d).", testTaxID, i) }, false, 400,
			func(p, b string) error {
				if !strings.Contains(b, "nicht an den KI-Dienst gesendet") {
					return fmt.Errorf("notice %q", b)
				}
				return nil
			}},
	}
	do := func(k kind, i int) error {
		p := k.prompt(i)
		body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "stream": k.stream, "messages": []any{map[string]any{"role": "user", "content": p}}})
		resp, err := client.Post("https://api.openai.com/v1/chat/completions", "application/json", strings.NewReader(string(body)))
		if err != nil {
			return err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != k.status {
			return fmt.Errorf("%s: status %d %.200s", k.name, resp.StatusCode, b)
		}
		return k.check(p, string(b))
	}

	// Warm up (leaf certificate, policy, connection pool), then measure.
	for i, k := range kinds {
		if err := do(k, i); err != nil {
			t.Fatalf("warm-up: %v", err)
		}
	}
	// settle closes idle connections and waits (up to 5 s) until at most
	// target goroutines run; target < 0 waits a fixed half second.
	settle := func(target int) (int, uint64) {
		client.CloseIdleConnections()
		var g int
		for i := range 50 {
			time.Sleep(100 * time.Millisecond)
			runtime.GC()
			g = runtime.NumGoroutine()
			if target < 0 && i == 4 || target >= 0 && g <= target {
				break
			}
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return g, ms.HeapAlloc
	}
	g0, heap0 := settle(-1)

	const workers = 8
	var sent, failed atomic.Int64
	var firstErr sync.Once
	var errText string
	stop := time.Now().Add(dur)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; time.Now().Before(stop); i += workers {
				sent.Add(1)
				if err := do(kinds[i%len(kinds)], i); err != nil {
					failed.Add(1)
					firstErr.Do(func() { errText = err.Error() })
				}
			}
		}()
	}
	wg.Wait()
	g1, heap1 := settle(g0)
	total := sent.Load() + int64(len(kinds))
	t.Logf("%d requests in %v (%.0f/s) with %d workers; goroutines %d → %d; heap %.1f → %.1f MiB",
		sent.Load(), dur, float64(sent.Load())/dur.Seconds(), workers, g0, g1, float64(heap0)/(1<<20), float64(heap1)/(1<<20))
	if failed.Load() > 0 {
		t.Errorf("%d of %d requests failed; first: %s", failed.Load(), sent.Load(), errText)
	}
	if g1 > g0+5 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
	if heap1 > heap0+64<<20 {
		t.Errorf("heap grew from %d to %d bytes", heap0, heap1)
	}
	r := h.auditReader(t)
	recs, err := r.Query(context.Background(), audit.Filter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(recs)) != total {
		t.Errorf("%d audit records for %d requests", len(recs), total)
	}
	if res, err := r.Verify(context.Background()); err != nil || !res.OK() {
		t.Errorf("verify: %+v %v", res, err)
	}
	blocked := 0
	for _, rec := range recs {
		if rec.Action == "block" {
			blocked++
		}
	}
	if wantForwarded := total - int64(blocked); llm.n.Load() != wantForwarded {
		t.Errorf("upstream got %d requests, want %d (all but the %d blocked)", llm.n.Load(), wantForwarded, blocked)
	}
}
