package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/internal/benchcpu"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/pseudonym"
	"github.com/schleuse/schleuse/telemetry"
)

// replayScanner answers each text with the findings the real engine found
// in it once, so that a benchmark of the pipeline measures everything but
// detection.
type replayScanner struct {
	eng  *detectors.Engine
	mu   sync.Mutex
	seen map[string]replayed
}

type replayed struct {
	fs     []detectors.Finding
	topics []string
}

func (s *replayScanner) Scan(text []byte) []detectors.Finding {
	fs, _ := s.ScanTopics(text)
	return fs
}

func (s *replayScanner) ScanTopics(text []byte) ([]detectors.Finding, []string) {
	key := unsafe.String(unsafe.SliceData(text), len(text))
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.seen[key]
	if !ok {
		r.fs, r.topics = s.eng.ScanTopics(text)
		s.seen[strings.Clone(key)] = r
	}
	return r.fs, r.topics
}

// benchPrompt is the proxy benchmark's kind of prompt: n bytes of prose
// with one value the default policy pseudonymises per KB.
func benchPrompt(n int) string { return benchProse(n, true) }

func benchProse(n int, values bool) string {
	sentences := []string{
		"Die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der kommunalen Kulturförderung.",
		"Bitte reichen Sie die fehlenden Unterlagen bis zum Monatsende ein, damit die Prüfung abgeschlossen werden kann.",
		"Für Rückfragen steht Ihnen das Bürgerbüro während der Öffnungszeiten zur Verfügung.",
		"Die Bewilligung steht unter dem Vorbehalt verfügbarer Haushaltsmittel des laufenden Jahres.",
		"Fasse bitte den folgenden Vermerk in drei Sätzen zusammen und formuliere ihn freundlich.",
		"Der Bauhof übernimmt den Winterdienst auf den Gemeindestraßen und räumt die Radwege vorrangig.",
	}
	finds := []string{"Tel. 0228 123456", "IBAN DE89 3704 0044 0532 0130 00", "Mail: buergerbuero@stadt-bonn.de",
		"Server 10.1.2.3", "Herr Thomas Schneider", "Frau Ayşe Yılmaz", "geboren am 12.03.1975"}
	var b strings.Builder
	for i, next := 0, 512; b.Len() < n; i++ {
		if values && b.Len() >= next {
			b.WriteString(finds[(next/1024)%len(finds)])
			b.WriteString(". ")
			next += 1024
			continue
		}
		b.WriteString(sentences[i%len(sentences)])
		b.WriteByte(' ')
	}
	return b.String()
}

// benchPipeline is the pipeline as schleuse run wires it, with the default
// policy, an audit log in a temporary directory (closed when the benchmark
// ends; returned too, to flush), the default routes and sc; no telemetry.
func benchPipeline(b *testing.B, cfg *config.Config, sc Scanner) (*Pipeline, *audit.Logger) {
	b.Helper()
	ctx := context.Background()
	pol, err := policies.Open(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	al, err := audit.Open(ctx, audit.Config{Dir: b.TempDir(), Node: "bench", PseudonymizeUsers: cfg.Audit.PseudonymizeUsers})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { al.Close() })
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		b.Fatal(err)
	}
	return &Pipeline{
		Config: cfg.Inspect, Router: router, Scanner: sc,
		Policy: pol, Revision: pol.Revision, Audit: al, Pseudonyms: pseudonym.NewStore(cfg.Pseudonym.TTL, cfg.Pseudonym.MaxConversations),
		UserPseudonym: al.Pseudonym, Log: slog.New(slog.DiscardHandler),
	}, al
}

// BenchmarkPipelineInspect is one 16 KB chat request through the pipeline
// as the proxy benchmark sends it, without the network and without
// detection (the engine's findings are replayed): the JSON extraction, the
// policy decision, the pseudonyms and the rewrite, the audit record (the
// SQLite writer included: cpu-ns/op is the CPU of the whole process per
// request until the records are committed), telemetry, and the restore of
// a JSON answer. It shows schleuse's own work per request besides
// detection in detail.
func BenchmarkPipelineInspect(b *testing.B) { benchPipelineInspect(b, benchPrompt(16<<10), true) }

// BenchmarkPipelineInspectClean is BenchmarkPipelineInspect with a prompt
// without findings (the proxy benchmark's SCHLEUSE_BENCH_CLEAN=1): what a
// clean prompt pays besides detection, allowed and forwarded as it came.
func BenchmarkPipelineInspectClean(b *testing.B) {
	benchPipelineInspect(b, benchCleanPrompt(16<<10), false)
}

// benchCleanPrompt is benchPrompt's prose without its values.
func benchCleanPrompt(n int) string { return benchProse(n, false) }

func benchPipelineInspect(b *testing.B, prompt string, redacted bool) {
	ctx := context.Background()
	tel, err := telemetry.Setup(ctx, telemetry.Config{ServiceName: "schleuse", Traces: true},
		telemetry.WithFindingTypes(detectors.AllTypes()...))
	if err != nil {
		b.Fatal(err)
	}
	defer tel.Shutdown(ctx)
	pipe, al := benchPipeline(b, config.Default(), &replayScanner{eng: detectors.Default(), seen: map[string]replayed{}})
	pipe.Tracer, pipe.Metrics = tel.Tracer, tel.Metrics
	body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "stream": false,
		"messages": []any{map[string]any{"role": "user", "content": prompt}}})
	svc := &Service{ID: "openai-api", Provider: "openai", Mode: ModeInspect}
	answer := []byte(`{"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Gern. Hier ist die Zusammenfassung des Vermerks in drei Sätzen."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":12,"total_tokens":22}}`)
	req := httptest.NewRequest(http.MethodPost, "https://api.openai.com/v1/chat/completions", nil)
	req.Header.Set("Content-Type", "application/json")
	one := func() {
		x := &Exchange{RequestID: newRequestID(), Service: svc, Request: req, Start: time.Now(),
			Body: append(providers.BodyBuffer(len(body)), body...)}
		v := pipe.Inspect(ctx, x)
		if v == nil || v.Answer != nil || (v.Response != nil) != redacted || !redacted && !bytes.Equal(v.Forward, x.Body) {
			b.Fatalf("verdict %+v, want a redacted request: %v", v, redacted)
		}
		if !overlaps(v.Forward, x.Body) {
			providers.ReleaseBody(x.Body)
		}
		fw := newForwardBody(v.Forward)
		io.Copy(io.Discard, fw)
		fw.Close()
		resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			ContentLength: int64(len(answer)), Body: io.NopCloser(bytes.NewReader(answer)), Request: req}
		if v.Response != nil {
			v.Response(resp)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	one() // the first request fills the policy's decision cache
	if err := al.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	cpu0 := benchcpu.Process()
	for b.Loop() {
		one()
	}
	if err := al.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(benchcpu.Process()-cpu0)/float64(b.N), "cpu-ns/op")
}
