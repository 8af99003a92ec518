package proxy

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/config"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/telemetry"
)

// schemaRequests builds, for each adapter that reads tools and
// structured-output schemas, a request whose tool description is desc and
// whose schema has an enum of options (OpenAI chat, Responses, Anthropic,
// Gemini). The prompt itself is plain.
func schemaRequests(desc string, options []string) []struct{ name, url, body string } {
	d, _ := json.Marshal(desc)
	o, _ := json.Marshal(options)
	params := `{"type":"object","properties":{"pflegegrad":{"type":"string","description":"Einstufung","enum":` + string(o) + `}}}`
	return []struct{ name, url, body string }{
		{"openai chat", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","messages":[{"role":"user","content":"Erstelle den Vermerk."}],"tools":[{"type":"function","function":{"name":"vermerk","description":` + string(d) + `,"parameters":` + params + `}}],` +
				`"response_format":{"type":"json_schema","json_schema":{"name":"antwort","schema":` + params + `}}}`},
		{"openai responses", "https://api.openai.com/v1/responses",
			`{"model":"gpt-4o","input":"Erstelle den Vermerk.","tools":[{"type":"function","name":"vermerk","description":` + string(d) + `,"parameters":` + params + `}],` +
				`"text":{"format":{"type":"json_schema","name":"antwort","schema":` + params + `}}}`},
		{"anthropic", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"Erstelle den Vermerk."}],"tools":[{"name":"vermerk","description":` + string(d) + `,"input_schema":` + params + `}]}`},
		{"gemini", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
			`{"contents":[{"role":"user","parts":[{"text":"Erstelle den Vermerk."}]}],"tools":[{"functionDeclarations":[{"name":"vermerk","description":` + string(d) + `,"parameters":` + params + `}]}],` +
				`"generationConfig":{"responseMimeType":"application/json","responseSchema":` + params + `}}`},
	}
}

// TestSchemaTextInspected: the calling program's tool and schema text is
// scanned by default, through the running proxy with the default policy.
// A person and an IBAN in a tool description are pseudonymised, a password
// there blocks, an ordinary schema whose option list names care grades
// passes unchanged (the default policy's schema_exempt). Before,
// inspect.scan_schemas was off by default and all of it went out unread.
func TestSchemaTextInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	// sent lists the recording upstream's requests, then the fake LLM's:
	// the request sent after n is the one not among the n before.
	last := func(before []string) string {
		t.Helper()
		got := sent()
		if len(got) != len(before)+1 {
			t.Fatalf("%d requests sent", len(got)-len(before))
		}
		for i, b := range before {
			if got[i] != b {
				return got[i]
			}
		}
		return got[len(got)-1]
	}
	grades := []string{"Pflegegrad 1", "Pflegegrad 3", "Schwerbehinderung", "keine"}
	for _, c := range schemaRequests("Legt den Vermerk für Herrn Jürgen Kowalski an, IBAN "+testIBAN+".", []string{"offen", "erledigt"}) {
		t.Run("person and IBAN/"+c.name, func(t *testing.T) {
			before := sent()
			code, out := postJSON(t, h, c.url, c.body)
			if code != http.StatusOK {
				t.Fatalf("%d %.300s", code, out)
			}
			if s := last(before); strings.Contains(s, "Kowalski") || strings.Contains(s, "0532") || !strings.Contains(s, "[PERSON_1]") || !strings.Contains(s, `"erledigt"`) {
				t.Errorf("the service got %s", s)
			}
		})
	}
	// A structured-output schema with care grades and format examples (a
	// date of birth, an e-mail address) names no person: the examples are
	// pseudonymised, the grades pass. Before, any identifier in schema text
	// lifted schema_exempt and such a schema was blocked.
	examples := `{"type":"object","properties":{"geburtsdatum":{"type":"string","description":"Geburtsdatum im Format TT.MM.JJJJ, z. B. 01.01.1980"},` +
		`"email":{"type":"string","examples":["max.mustermann@example.com"]},"pflegegrad":{"type":"string","enum":["Pflegegrad 1","Pflegegrad 3","keiner"]}}}`
	t.Run("format examples beside care grades", func(t *testing.T) {
		body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Extrahiere die Angaben aus dem Formular."}],` +
			`"response_format":{"type":"json_schema","json_schema":{"name":"formular","schema":` + examples + `}}}`
		before := sent()
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
		if code != http.StatusOK {
			t.Fatalf("%d %.300s", code, out)
		}
		if s := last(before); strings.Contains(s, "01.01.1980") || strings.Contains(s, "max.mustermann") || !strings.Contains(s, `"Pflegegrad 3"`) {
			t.Errorf("the service got %s", s)
		}
	})
	// Schema text that names a person: its care grades may be that
	// person's, and block as in a prompt (schema_names_person).
	for _, c := range schemaRequests("Legt den Vermerk für Herrn Jürgen Kowalski an.", grades) {
		t.Run("person beside care grades/"+c.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, c.url, c.body)
			if code == http.StatusOK || !strings.Contains(out, "Art. 9") {
				t.Errorf("%d %.300s", code, out)
			}
			if got := sent(); len(got) != n {
				t.Errorf("the service got %.300s", got[n])
			}
		})
	}
	for _, c := range schemaRequests("Zugang zum Fachverfahren: Passwort: Sommer2026!xy", grades) {
		t.Run("password/"+c.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, c.url, c.body)
			if code == http.StatusOK || !strings.Contains(out, "Abschnitt 4.2") && !strings.Contains(out, "Zugangsdaten") {
				t.Errorf("%d %.300s", code, out)
			}
			if got := sent(); len(got) != n {
				t.Errorf("the service got %.300s", got[n])
			}
		})
	}
	for _, c := range schemaRequests("Legt einen Vermerk zur Pflegebedürftigkeit an (Pflegegrad 2).", grades) {
		t.Run("category words/"+c.name, func(t *testing.T) {
			before := sent()
			code, out := postJSON(t, h, c.url, c.body)
			if code != http.StatusOK {
				t.Fatalf("%d %.300s", code, out)
			}
			if s := last(before); s != c.body {
				t.Errorf("the schema was changed: %s", s)
			}
		})
	}
	// The same category word in the prompt still blocks.
	t.Run("category word in the prompt", func(t *testing.T) {
		c := schemaRequests("Legt einen Vermerk an.", grades)[0]
		body := strings.Replace(c.body, "Erstelle den Vermerk.", "Herr Kowalski hat Pflegegrad 3, erstelle den Vermerk.", 1)
		n := len(sent())
		if code, out := postJSON(t, h, c.url, body); code == http.StatusOK || !strings.Contains(out, "Abschnitt 3.1") && !strings.Contains(out, "Art. 9") {
			t.Errorf("%d %.300s", code, out)
		}
		if got := sent(); len(got) != n {
			t.Errorf("the service got %.300s", got[n])
		}
	})
}

// TestSchemaClassificationGrades: an option list of classification grades
// in a tool or structured-output schema (the filing tool of an e-Akte) names
// grades, not a classified document; it passes unchanged through the
// running proxy with the default policy (schema_exempt), while a marking in
// the prompt still blocks (KI-RL-4.1). Before, every request of such an
// agent was blocked with the notice that classified content must not be
// entered.
func TestSchemaClassificationGrades(t *testing.T) {
	h, sent := newEvasionHarness(t)
	grades := []string{"offen", "VS-NUR FÜR DEN DIENSTGEBRAUCH", "VS-NfD", "VS-VERTRAULICH", "GEHEIM"}
	for _, c := range schemaRequests("Legt ein Dokument mit seiner Einstufung in der E-Akte ab.", grades) {
		t.Run(c.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, c.url, c.body)
			if code != http.StatusOK {
				t.Fatalf("%d %.300s", code, out)
			}
			if got := sent(); len(got) != n+1 || !slices.Contains(got, c.body) {
				t.Errorf("the schema was changed or not sent: %d requests", len(got)-n)
			}
		})
	}
	t.Run("marking in the prompt", func(t *testing.T) {
		c := schemaRequests("Legt ein Dokument ab.", grades)[0]
		body := strings.Replace(c.body, "Erstelle den Vermerk.", "VS-NUR FÜR DEN DIENSTGEBRAUCH. Lagebericht Wasserwerk, erstelle den Vermerk.", 1)
		n := len(sent())
		if code, out := postJSON(t, h, c.url, body); code == http.StatusOK || !strings.Contains(out, "Abschnitt 4.1") {
			t.Errorf("%d %.300s", code, out)
		}
		if got := sent(); len(got) != n {
			t.Errorf("the service got %.300s", got[n])
		}
	})
}

// TestSchemaFindingNoticeSaysWhere: a block for what only the calling
// program's tool or schema text holds says so in the notice, German and
// English, since the person reading it looks for it in the message sent
// (before, "Gefunden: Zugangsdaten, besondere Kategorie …" with the
// placeholder „[Diagnose]“ pointed at the prompt, although the option list's
// care grades were let through); a block for the prompt's own data names
// those apart.
func TestSchemaFindingNoticeSaysWhere(t *testing.T) {
	h, _ := newEvasionHarness(t)
	grades := []string{"Pflegegrad 1", "keine"}
	for _, c := range schemaRequests("Zugang zum Fachverfahren: Passwort: Sommer2026!xy", grades) {
		t.Run(c.name, func(t *testing.T) {
			code, out := postJSON(t, h, c.url, c.body)
			// The care grades of the option list are there too.
			if code == http.StatusOK || !strings.Contains(out, "Gefunden nur in den Tool- oder Schemabeschreibungen, die das aufrufende Programm mitsendet (nicht in der eingegebenen Nachricht): Zugangsdaten") ||
				strings.Contains(out, " Gefunden: ") ||
				!strings.Contains(out, "Found only in the tool or schema definitions that the calling program sends (not in the message entered): SECRET, SPECIAL_CATEGORY.") {
				t.Errorf("%d %.900s", code, out)
			}
		})
	}
	t.Run("in the prompt", func(t *testing.T) {
		c := schemaRequests("Legt einen Vermerk an.", grades)[0]
		body := strings.Replace(c.body, "Erstelle den Vermerk.", "Passwort: Sommer2026!xy, erstelle den Vermerk.", 1)
		// The password is the prompt's, the care grades are the schema's.
		if code, out := postJSON(t, h, c.url, body); code == http.StatusOK || !strings.Contains(out, "Abschnitt 4.2") ||
			!strings.Contains(out, "gesendet. In den Tool- oder Schemabeschreibungen, die das aufrufende Programm mitsendet: besondere Kategorie") ||
			!strings.Contains(out, "Grund: Die Eingabe enthält Zugangsdaten") || strings.Contains(out, " Gefunden: ") ||
			!strings.Contains(out, "„[Passwort]“)") || strings.Contains(out, "[Diagnose]") ||
			!strings.Contains(out, "AI service. In the tool or schema definitions that the calling program sends: SPECIAL_CATEGORY. Reason: The input contains credentials") {
			t.Errorf("%d %.900s", code, out)
		}
	})
}

// TestSchemaJustificationDoesNotCount: a "#freigabe:" line in a tool
// description is the calling program's, not the person's reason; it does
// not lift a warning. Before schema text was scanned by default this did
// not arise; scanned, every warning would have been waved through by the
// program.
func TestSchemaJustificationDoesNotCount(t *testing.T) {
	h, sent := newEvasionHarness(t)
	c := schemaRequests("Legt den Vermerk an.\n#freigabe: dienstlich notwendig für den Bescheid", []string{"a", "b"})[0]
	body := strings.Replace(c.body, "Erstelle den Vermerk.", "Bitte fasse die Akte Az. 3 K 1234/24 zusammen.", 1)
	n := len(sent())
	code, out := postJSON(t, h, c.url, body)
	if code == http.StatusOK || !strings.Contains(out, "#freigabe") {
		t.Errorf("%d %.300s", code, out)
	}
	if got := sent(); len(got) != n {
		t.Errorf("the service got %.300s", got[n])
	}
}

// TestSchemaScanOptOut: inspect.scan_schemas: false, IT's explicit
// opt-out, sends tool and schema text unread (the status page says so).
func TestSchemaScanOptOut(t *testing.T) {
	h := newPipeHarness(t, func(c *config.Config) { c.Inspect.ScanSchemas = false })
	c := schemaRequests("Legt den Vermerk für Herrn Jürgen Kowalski an, IBAN "+testIBAN+".", []string{"a"})[0]
	n := len(h.llm.received)
	if code, out := postJSON(t, h, c.url, c.body); code != http.StatusOK || len(h.llm.received) != n+1 || !strings.Contains(h.llm.received[n], "Kowalski") {
		t.Fatalf("%d %.300s", code, out)
	}
}

// TestFieldKindsNamed: every kind of envelope field has its name among the
// field kinds the policy input documents (policies.FieldKinds), which
// `schleuse policy eval` accepts.
func TestFieldKindsNamed(t *testing.T) {
	for k := providers.UserText; k <= providers.Schema; k++ {
		if !slices.Contains(policies.FieldKinds, k.String()) {
			t.Errorf("field kind %q is not in policies.FieldKinds", k)
		}
	}
	for _, k := range []string{"url", "header"} {
		if !slices.Contains(policies.FieldKinds, k) {
			t.Errorf("%q is not in policies.FieldKinds", k)
		}
	}
}

// benchToolSchema is an agent's tool list of about n bytes: functions with
// German descriptions, parameters with descriptions and option lists (care
// grades among them), as a municipal assistant sends it with every request.
func benchToolSchema(n int) []any {
	var tools []any
	size := 0
	for i := 0; size < n; i++ {
		params := map[string]any{"type": "object", "properties": map[string]any{
			"vorgang":    map[string]any{"type": "string", "description": "Nummer des Vorgangs im Fachverfahren, wie sie im Bescheid steht."},
			"pflegegrad": map[string]any{"type": "string", "description": "Einstufung nach dem Gutachten", "enum": []string{"Pflegegrad 1", "Pflegegrad 2", "Pflegegrad 3", "Pflegegrad 4", "Pflegegrad 5", "keiner"}},
			"status":     map[string]any{"type": "string", "enum": []string{"offen", "in Bearbeitung", "abgeschlossen", "zurückgestellt"}},
			"frist":      map[string]any{"type": "string", "format": "date", "description": "Tag, bis zu dem die Unterlagen nachzureichen sind."},
		}, "required": []string{"vorgang"}}
		tool := map[string]any{"type": "function", "function": map[string]any{
			"name":        "werkzeug_" + strings.Repeat("x", i%7) + string(rune('a'+i%26)),
			"description": "Sucht Vorgänge der Sachbearbeitung nach ihrem Stand, legt Vermerke an und nennt die nächsten Schritte und Fristen der Bearbeitung. Nur für dienstliche Zwecke.",
			"parameters":  params,
		}}
		b, _ := json.Marshal(tool)
		size += len(b)
		tools = append(tools, tool)
	}
	return tools
}

// BenchmarkPipelineToolSchema is a chat request with a 1 KB prompt and a
// 20 KB tool schema through the pipeline with the real detectors, with
// schema text unread (scan_schemas=false, the old default) and scanned
// (true): the schema is the same on every request of an agent, so it is
// scanned once and then read from the scan cache by content hash.
func BenchmarkPipelineToolSchema(b *testing.B) {
	for _, scan := range []bool{false, true} {
		b.Run(fmt.Sprintf("scan_schemas=%v", scan), func(b *testing.B) {
			ctx := context.Background()
			cfg := config.Default()
			cfg.Inspect.ScanSchemas = scan
			pipe, al := benchPipeline(b, cfg, detectors.Default())
			body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "tools": benchToolSchema(20 << 10),
				"messages": []any{map[string]any{"role": "user", "content": benchPrompt(1 << 10)}}})
			svc := &Service{ID: "openai-api", Provider: "openai", Mode: ModeInspect}
			req := httptest.NewRequest(http.MethodPost, "https://api.openai.com/v1/chat/completions", nil)
			req.Header.Set("Content-Type", "application/json")
			one := func() {
				x := &Exchange{RequestID: newRequestID(), Service: svc, Request: req, Start: time.Now(),
					Body: append(providers.BodyBuffer(len(body)), body...)}
				v := pipe.Inspect(ctx, x)
				if v == nil || v.Answer != nil {
					b.Fatalf("verdict %+v, want a forwarded request", v)
				}
				if !overlaps(v.Forward, x.Body) {
					providers.ReleaseBody(x.Body)
				}
			}
			one()
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				one()
			}
			if err := al.Flush(ctx); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// countingScanner counts the texts it scans.
type countingScanner struct {
	Scanner
	n atomic.Int64
}

func (c *countingScanner) Scan(text []byte) []detectors.Finding {
	c.n.Add(1)
	return c.Scanner.Scan(text)
}

// TestSchemaScannedOnce: a schema resent unchanged is not scanned again (one
// lookup for all its strings); one string changed is scanned alone, and its
// finding is found; a new scanner (reloaded lexicons) scans it anew.
func TestSchemaScannedOnce(t *testing.T) {
	sc := &countingScanner{Scanner: detectors.Default()}
	p := &Pipeline{Scanner: sc}
	fields := []providers.Field{
		{Kind: providers.Schema, Text: "Sucht einen Vorgang."},
		{Kind: providers.UserText, Text: "Hallo"},
		{Kind: providers.Schema, Text: "Pflegegrad 3"},
		{Kind: providers.Schema, Text: "keine"},
	}
	scan := func(wantScans int64, wantOrds ...int) {
		t.Helper()
		before := sc.n.Load()
		hits := p.scanSchemas(p.currentScanner(), fields)
		var ords []int
		for _, h := range hits {
			ords = append(ords, h.ord)
		}
		if got := sc.n.Load() - before; got != wantScans || !slices.Equal(ords, wantOrds) {
			t.Fatalf("%d scans, findings at %v; want %d and %v", got, ords, wantScans, wantOrds)
		}
	}
	scan(3, 1)
	scan(0, 1)
	fields[3].Text = "Herr Jürgen Kowalski, IBAN " + testIBAN
	scan(1, 1, 2)
	scan(0, 1, 2)
	p.SetScanner(sc)
	scan(3, 1, 2)
}

// BenchmarkScanSchemaCached is the detection step of a request whose 20 KB
// tool schema was seen before: its strings looked up one by one in the scan
// cache (per_string, as before) or all under one hash (scanSchemas).
func BenchmarkScanSchemaCached(b *testing.B) {
	body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "tools": benchToolSchema(20 << 10),
		"messages": []any{map[string]any{"role": "user", "content": "Hallo"}}})
	req := httptest.NewRequest(http.MethodPost, "https://api.openai.com/v1/chat/completions", nil)
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		b.Fatal(err)
	}
	preq := &providers.Request{Provider: "openai", Method: req.Method, Host: "api.openai.com", Path: req.URL.Path, Header: req.Header}
	adapter, _ := router.Match(preq)
	env, err := adapter.Extract(preq, body)
	if err != nil {
		b.Fatal(err)
	}
	p := &Pipeline{Scanner: detectors.Default()}
	sc := p.currentScanner()
	p.scanSchemas(sc, env.Fields)
	b.Logf("%d fields", len(env.Fields))
	b.Run("per_string", func(b *testing.B) {
		for b.Loop() {
			for i := range env.Fields {
				if env.Fields[i].Kind == providers.Schema {
					p.scanCached(sc, env.Fields[i].Text)
				}
			}
		}
	})
	b.Run("scanSchemas", func(b *testing.B) {
		for b.Loop() {
			p.scanSchemas(sc, env.Fields)
		}
	})
}

// TestSchemaKeyIsNoTextKey: a system prompt (or history) whose bytes are
// those that scanSchemas hashes for the request's schema strings
// ("schema\x00", each string's length and bytes) has the schema's cache
// key; it is scanned as itself, through the running proxy. Before,
// scanCached took the schema's entry (findings by string, none of its own)
// for the text's: an IBAN split over two tool strings, none of which holds
// a finding, stood whole in such a prompt (the length byte 32 between its
// halves is a blank, the zero bytes are left out as invisible) and went to
// the service unread.
func TestSchemaKeyIsNoTextKey(t *testing.T) {
	h, sent := newEvasionHarness(t)
	s1, s2 := "Konto DE89 3704", "0044 0532 0130 00 ist das Konto." // 32 bytes: the length is " "
	d1, _ := json.Marshal(s1)
	d2, _ := json.Marshal(s2)
	tools := `"tools":[{"type":"function","function":{"name":"vermerk","description":` + string(d1) +
		`,"parameters":{"type":"object","properties":{"konto":{"type":"string","description":` + string(d2) + `}}}}}]`
	body := func(system string) string {
		sys, _ := json.Marshal(system)
		return `{"model":"gpt-4o","messages":[{"role":"system","content":` + string(sys) + `},{"role":"user","content":"Erstelle den Vermerk."}],` + tools + `}`
	}
	// The schema strings as the adapter reads them, framed as scanSchemas hashes them.
	router, err := providers.NewRouter(providers.DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	preq := &providers.Request{Provider: "openai", Method: http.MethodPost, Host: "api.openai.com", Path: "/v1/chat/completions", Header: http.Header{}}
	adapter, _ := router.Match(preq)
	env, err := adapter.Extract(preq, []byte(body("Hallo")))
	if err != nil {
		t.Fatal(err)
	}
	framed := []byte("schema\x00")
	for _, f := range env.Fields {
		if f.Kind == providers.Schema {
			framed = binary.LittleEndian.AppendUint64(framed, uint64(len(f.Text)))
			framed = append(framed, f.Text...)
		}
	}
	if !strings.HasSuffix(string(framed), s1+" \x00\x00\x00\x00\x00\x00\x00"+s2) {
		t.Fatalf("schema strings %q", framed)
	}
	n := len(sent())
	code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body(string(framed)))
	if code != http.StatusOK || len(sent()) != n+1 {
		t.Fatalf("%d %.300s", code, out)
	}
	var got struct {
		Messages []struct{ Content string } `json:"messages"`
	}
	if err := json.Unmarshal([]byte(sent()[n]), &got); err != nil || len(got.Messages) != 2 {
		t.Fatalf("%v: %q", err, sent()[n])
	}
	if sys := got.Messages[0].Content; strings.Contains(sys, "0532") || !strings.Contains(sys, "[IBAN_1]") {
		t.Errorf("the service got the system prompt %q", sys)
	}
}

// TestSchemaFindingsCountedApart: findings in the calling program's tool and
// schema text are counted apart in the audit record ("schema:TYPE") and in
// schleuse_schema_findings_total, not as the person's data. An agent resends
// its schema with every request; before, each allowed request of it was
// recorded with SPECIAL_CATEGORY from the option list, and the data
// protection officer's statistics counted categories nobody sent. A filter
// on the type still finds the record.
func TestSchemaFindingsCountedApart(t *testing.T) {
	var tel *telemetry.Telemetry
	h := newPipeHarnessOpts(t, pipeOpts{tel: func(p *Pipeline) Metrics {
		var err error
		tel, err = telemetry.Setup(context.Background(), telemetry.Config{ServiceName: "schleuse-test"},
			telemetry.WithServices("openai-api"), telemetry.WithFindingTypes(detectors.AllTypes()...))
		if err != nil {
			t.Fatal(err)
		}
		p.Tracer, p.Metrics = tel.Tracer, tel.Metrics
		return tel.Metrics
	}})
	t.Cleanup(func() { tel.Shutdown(context.Background()) })
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"Lege den Vermerk für Herrn Jürgen Kowalski an."}],` +
		`"tools":[{"type":"function","function":{"name":"vermerk","description":"Legt einen Vermerk an.","parameters":{"type":"object",` +
		`"properties":{"pflegegrad":{"type":"string","enum":["Pflegegrad 1","Pflegegrad 3","Schwerbehinderung","keine"]}}}}}]}`
	code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
	if code != http.StatusOK {
		t.Fatalf("%d %.300s", code, out)
	}
	r := h.auditReader(t)
	recs, err := r.Query(context.Background(), audit.Filter{})
	if err != nil || len(recs) != 1 {
		t.Fatalf("%v: %d records", err, len(recs))
	}
	f := recs[0].Findings
	if f["PERSON"] != 1 || f["SPECIAL_CATEGORY"] != 0 || f["schema:SPECIAL_CATEGORY"] == 0 {
		t.Errorf("record findings %v, want PERSON and schema:SPECIAL_CATEGORY", f)
	}
	for _, typ := range []string{"SPECIAL_CATEGORY", "PERSON"} {
		if hits, err := r.Query(context.Background(), audit.Filter{Type: typ}); err != nil || len(hits) != 1 {
			t.Errorf("filter type %s: %v, %d records", typ, err, len(hits))
		}
	}
	if hits, err := r.Query(context.Background(), audit.Filter{Type: "IBAN"}); err != nil || len(hits) != 0 {
		t.Errorf("filter type IBAN: %v, %d records", err, len(hits))
	}

	rec := httptest.NewRecorder()
	tel.MetricsHandler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	metrics := rec.Body.String()
	for _, want := range []string{`schleuse_findings_total{type="PERSON"`, `schleuse_schema_findings_total{type="SPECIAL_CATEGORY"`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(metrics, `schleuse_findings_total{type="SPECIAL_CATEGORY"`) {
		t.Error("the schema's option list is counted in schleuse_findings_total")
	}
}
