package providers

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/benchcpu"
)

// bigChat is a chat completions body with a long history (~200 KB), the
// shape API clients resend on every turn.
func bigChat() []byte {
	var b strings.Builder
	b.WriteString(`{"model":"gpt-4o","stream":true,"messages":[{"role":"system","content":"Du bist ein Assistent."}`)
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, `,{"role":"user","content":"Frage %d: Bitte pr\u00fcfe den Bescheid f\u00fcr Herrn Mustermann, Hauptstra\u00dfe %d."}`, i, i)
		fmt.Fprintf(&b, `,{"role":"assistant","content":"Antwort %d: Der Bescheid ist formal korrekt.\nMit freundlichen Gr\u00fc\u00dfen"}`, i)
	}
	b.WriteString(`,{"role":"user","content":"Letzte Frage an Max Mustermann, IBAN DE89 3704 0044 0532 0130 00."}]}`)
	return []byte(b.String())
}

func BenchmarkExtractChat(b *testing.B) { benchExtract(b, bigChat()) }

// benchExtract measures the OpenAI adapter's Extract on body, with the CPU
// time per extraction (steadier than wall time on a shared machine).
func benchExtract(b *testing.B, body []byte) {
	a := openAIAdapter{name: "openai"}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	cpu0 := benchcpu.Process()
	for b.Loop() {
		if _, err := a.Extract(chatReq(), body); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchcpu.Process()-cpu0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkExtractApplyChat(b *testing.B) {
	body := bigChat()
	a := openAIAdapter{name: "openai"}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		env, err := a.Extract(chatReq(), body)
		if err != nil {
			b.Fatal(err)
		}
		last := len(env.Fields) - 1
		i := strings.Index(env.Fields[last].Text, "Max Mustermann")
		if _, err := a.Apply(chatReq(), body, env, []Edit{{Field: last, Start: i, End: i + 14, Replacement: "[PERSON_1]"}}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFallbackChat(b *testing.B) {
	body := bigChat()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Fallback().Extract(chatReq(), body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractApplyLong is the proxy's common case: one 16 KB prompt
// (German prose with umlauts, „quotes“, dashes and line breaks) in which 16
// names are pseudonymised.
func BenchmarkExtractApplyLong(b *testing.B) {
	var p strings.Builder
	for p.Len() < 16<<10 {
		p.WriteString("Sehr geehrte Frau Müller, der Antrag auf Übernahme der Kosten – „Hilfe zur Pflege“ – ist eingegangen.\n")
	}
	text := p.String()
	body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": text}}})
	a := openAIAdapter{name: "openai"}
	b.SetBytes(int64(len(body)))
	cpu0 := benchcpu.Process()
	defer func() {
		// the process's CPU time (garbage collector included), steadier than
		// wall time on a shared machine
		if cpu := benchcpu.Process() - cpu0; cpu > 0 {
			b.ReportMetric(float64(len(body))*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
		}
	}()
	for b.Loop() {
		env, err := a.Extract(chatReq(), body)
		if err != nil {
			b.Fatal(err)
		}
		var edits []Edit
		t := env.Fields[0].Text
		for i, k := 0, 0; k < 16; k++ {
			j := strings.Index(t[i:], "Müller")
			edits = append(edits, Edit{Field: 0, Start: i + j, End: i + j + len("Müller"), Replacement: "[PERSON_1]"})
			i += j + 1
		}
		if _, err := a.Apply(chatReq(), body, env, edits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractLongPlain is one 16 KB prompt without escapes (prose
// with umlauts, no line breaks): its string is scanned and validated once
// and not copied.
func BenchmarkExtractLongPlain(b *testing.B) {
	var p strings.Builder
	for p.Len() < 16<<10 {
		p.WriteString("Sehr geehrte Frau Müller, der Antrag auf Übernahme der Kosten für die Hilfe zur Pflege ist eingegangen. ")
	}
	body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": p.String()}}})
	benchExtract(b, body)
}

// BenchmarkExtractToolJSON is a 16 KB tool result holding JSON text, as a
// tool returns records to the model. With escapes, the JSON text's own
// strings escape line breaks and slashes ("\n", "\/" as PHP's json_encode
// writes them): the base64 search reads such a text a second time with
// those escapes undone (embeddedBase64), which the plain variant, the same
// records without escapes, does not.
func BenchmarkExtractToolJSON(b *testing.B) {
	for _, escaped := range []bool{false, true} {
		name := "plain"
		rec := `{"id":%d,"betreff":"Antrag auf Wohngeld vom 3. März","notiz":"Unterlagen vollständig, Rückfrage zur Miete","akte":"https://akten.stadt.example/wg/%d"},`
		if escaped {
			name = "escaped"
			rec = `{"id":%d,"betreff":"Antrag auf Wohngeld vom 3. März","notiz":"Unterlagen vollständig\nRückfrage zur Miete","akte":"https:\/\/akten.stadt.example\/wg\/%d"},`
		}
		var t strings.Builder
		t.WriteString("[")
		for i := 0; t.Len() < 16<<10; i++ {
			fmt.Fprintf(&t, rec, i, i)
		}
		text := strings.TrimSuffix(t.String(), ",") + "]"
		body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{
			map[string]any{"role": "user", "content": "Welche Anträge sind offen?"},
			map[string]any{"role": "assistant", "tool_calls": []any{map[string]any{"id": "call_1", "type": "function",
				"function": map[string]any{"name": "akten", "arguments": `{"status":"offen"}`}}}},
			map[string]any{"role": "tool", "tool_call_id": "call_1", "content": text},
		}})
		b.Run(name, func(b *testing.B) { benchExtract(b, body) })
	}
}

// BenchmarkExtractProse is the proxy benchmark's 16 KB prompt (bench's
// sentences, SCHLEUSE_BENCH_CLEAN=1): German prose whose compounds of 16
// letters and more ("Verkehrsentwicklungsplans", "Pressemitteilung",
// "Beschlussvorlage") are runs of base64 characters, each tried by the
// base64 search (embeddedBase64).
func BenchmarkExtractProse(b *testing.B) {
	sentences := []string{
		"Die Verwaltung bearbeitet Ihren Antrag auf Förderung im Rahmen der kommunalen Kulturförderung.",
		"Bitte reichen Sie die fehlenden Unterlagen bis zum Monatsende ein, damit die Prüfung abgeschlossen werden kann.",
		"Für Rückfragen steht Ihnen das Bürgerbüro während der Öffnungszeiten zur Verfügung.",
		"Die Sitzung des Ausschusses findet im großen Saal des Rathauses statt; die Tagesordnung wird im Amtsblatt veröffentlicht.",
		"Wir weisen darauf hin, dass unvollständige Anträge nicht berücksichtigt werden können.",
		"Die Bewilligung steht unter dem Vorbehalt verfügbarer Haushaltsmittel des laufenden Jahres.",
		"Fasse bitte den folgenden Vermerk in drei Sätzen zusammen und formuliere ihn freundlich.",
		"Der Bauhof übernimmt den Winterdienst auf den Gemeindestraßen und räumt die Radwege vorrangig.",
		"Nach der Satzung über die Benutzung der Stadtbibliothek werden Gebühren erst ab der zweiten Mahnung erhoben.",
		"Die Ergebnisse der Bürgerbefragung fließen in die Fortschreibung des Verkehrsentwicklungsplans ein.",
		"Schreibe eine kurze Pressemitteilung über die Eröffnung der neuen Kindertagesstätte im Stadtteil.",
		"Die Beschlussvorlage wird nach Abstimmung mit dem Kämmerer dem Hauptausschuss zugeleitet.",
	}
	var p strings.Builder
	for i := 0; p.Len() < 16<<10; i += 7 {
		p.WriteString(sentences[i%len(sentences)])
		p.WriteByte(' ')
	}
	body, _ := json.Marshal(map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": p.String()}}})
	benchExtract(b, body)
}
