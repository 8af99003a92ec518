package proxy

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/config"
)

// pplxCanary is what sec21 hides in every place of a Perplexity Agent
// API request: a name, an IBAN and a Steuer-ID.
const pplxCanary = "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00, Steuer-ID 86095742719"

// pplxLeaks are the canary's pieces that must never reach the service.
var pplxLeaks = []string{"Kowalski", "DE89 3704", "DE89370400440532013000", "0532 0130", "86095742719", "86 095 742 719"}

// pplxBody is a Perplexity Agent API request with a clean prompt and
// extra's members beside it (a member of extra set to nil removes it).
func pplxBody(extra map[string]any) string {
	body := map[string]any{"model": "openai/gpt-5-mini", "preset": "pro-search",
		"input": []any{map[string]any{"type": "message", "role": "user", "content": []any{
			map[string]any{"type": "input_text", "text": "Bitte fasse den Vorgang zusammen."}}}}}
	for k, v := range extra {
		if v == nil {
			delete(body, k)
			continue
		}
		body[k] = v
	}
	b, _ := json.Marshal(body)
	return string(b)
}

// pplxUser is input as one user message with parts.
func pplxUser(parts ...any) []any {
	return []any{map[string]any{"type": "message", "role": "user", "content": parts}}
}

func pplxPNG() []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2)))
	return b.Bytes()
}

// TestPerplexityAgentAdversary: every place of a Perplexity Agent API
// request (POST /v1/agent; OpenAPI ResponsesRequest) where a program or a
// member of staff can put text, with the service approved and an AVV
// (the policy most lenient to it): input as a string, as a message's
// string, as parts, as an object, in a part of an unknown type, in
// instructions, in a tool's description and schema, in
// previous_response_id, in files and images as data URLs, in members the
// adapter does not know (attachments, files, images, Perplexity's own
// settings), in an earlier turn's tool call and output, as a key, as a
// number, JSON-escaped, as JSON in a string, and in a body that is no
// JSON. Whatever the policy decides, the canary's name, IBAN and
// Steuer-ID never reach the service, nor the base64 that carries them;
// a request the adapter cannot read is refused.
func TestPerplexityAgentAdversary(t *testing.T) {
	dir := perplexityAPIApproved(t)
	up := &fakePerplexityAgent{}
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Policy.Dir = dir },
		extra:  map[string]http.Handler{"api.perplexity.ai": up},
	})
	b64 := base64.StdEncoding.EncodeToString
	canary64 := b64([]byte(pplxCanary))
	textURL := "data:text/plain;base64," + canary64
	pngWithText := "data:image/png;base64," + canary64 // declared an image, text inside
	cleanPNG := "data:image/png;base64," + b64(pplxPNG())
	gz64 := b64(compress("gzip", []byte(pplxCanary)))
	for _, tc := range []struct {
		name string
		body string
		ct   string
		path string
		hide []string // encoded forms of the canary in this body
	}{
		{name: "input as a string", body: pplxBody(map[string]any{"input": pplxCanary})},
		{name: "a message's content as a string", body: pplxBody(map[string]any{"input": []any{map[string]any{"role": "user", "content": pplxCanary}}})},
		{name: "input_text", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_text", "text": pplxCanary})})},
		{name: "a part without a type", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"text": pplxCanary})})},
		{name: "a part as a string", body: pplxBody(map[string]any{"input": pplxUser(pplxCanary)})},
		{name: "input as one object", body: pplxBody(map[string]any{"input": map[string]any{"role": "user", "content": pplxCanary}})},
		{name: "content as one object", body: pplxBody(map[string]any{"input": []any{map[string]any{"role": "user",
			"content": map[string]any{"type": "input_text", "text": pplxCanary}}}})},
		{name: "text as a list", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_text", "text": []any{pplxCanary}})})},
		{name: "a part of an unknown type", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_document", "content": pplxCanary})})},
		{name: "a part of an unknown type with base64", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_document", "data": canary64})}),
			hide: []string{canary64}},
		{name: "an item of an unknown type", body: pplxBody(map[string]any{"input": []any{map[string]any{"type": "search_context", "query": pplxCanary}}})},
		{name: "an item reference", body: pplxBody(map[string]any{"input": []any{map[string]any{"type": "item_reference", "id": "DE89370400440532013000"}}})},
		{name: "the assistant's earlier turn", body: pplxBody(map[string]any{"input": []any{
			map[string]any{"role": "assistant", "content": []any{map[string]any{"type": "output_text", "text": pplxCanary}}},
			map[string]any{"role": "user", "content": "Und weiter?"}}})},
		{name: "instructions", body: pplxBody(map[string]any{"instructions": pplxCanary})},
		{name: "instructions as a list", body: pplxBody(map[string]any{"instructions": []any{map[string]any{"role": "system", "content": pplxCanary}}})},
		{name: "a tool's description", body: pplxBody(map[string]any{"tools": []any{map[string]any{"type": "function", "name": "akte",
			"description": "Schlägt die Akte nach von " + pplxCanary, "parameters": map[string]any{"type": "object"}}}})},
		{name: "a tool's schema", body: pplxBody(map[string]any{"tools": []any{map[string]any{"type": "function", "name": "akte",
			"parameters": map[string]any{"type": "object", "properties": map[string]any{"iban": map[string]any{"type": "string", "enum": []any{pplxCanary}}}}}}})},
		{name: "a web search tool's settings", body: pplxBody(map[string]any{"tools": []any{map[string]any{"type": "web_search",
			"filters": map[string]any{"search_domain_filter": []any{"example.org"}}, "user_location": map[string]any{"city": pplxCanary}}}})},
		{name: "structured output", body: pplxBody(map[string]any{"text": map[string]any{"format": map[string]any{"type": "json_schema", "name": "x",
			"schema": map[string]any{"type": "object", "description": pplxCanary}}}})},
		{name: "response_format", body: pplxBody(map[string]any{"response_format": map[string]any{"type": "json_schema",
			"json_schema": map[string]any{"schema": map[string]any{"description": pplxCanary}}}})},
		{name: "previous_response_id an IBAN", body: pplxBody(map[string]any{"previous_response_id": "DE89370400440532013000"})},
		{name: "previous_response_id text", body: pplxBody(map[string]any{"previous_response_id": pplxCanary})},
		{name: "previous_response_id base64 of text", body: pplxBody(map[string]any{"previous_response_id": canary64}), hide: []string{canary64}},
		{name: "conversation", body: pplxBody(map[string]any{"conversation": map[string]any{"id": "conv_1", "title": pplxCanary}})},
		{name: "an image as a data URL of text", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_image", "image_url": textURL})}),
			hide: []string{canary64}},
		{name: "an image declared PNG holding text", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_image", "image_url": pngWithText})}),
			hide: []string{canary64}},
		{name: "an image with a file_id", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_image", "file_id": "DE89370400440532013000"})})},
		{name: "an image with text beside it", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_image", "image_url": cleanPNG, "detail": pplxCanary})})},
		{name: "an image_url object", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_image", "image_url": map[string]any{"url": textURL}})}),
			hide: []string{canary64}},
		{name: "a file as a data URL", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_file", "filename": "akte.txt", "file_data": textURL})}),
			hide: []string{canary64}},
		{name: "a file as plain base64", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_file", "filename": "akte.txt", "file_data": canary64})}),
			hide: []string{canary64}},
		{name: "a file's name", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_file", "filename": pplxCanary + ".txt",
			"file_data": "data:text/plain;base64," + b64([]byte("Guten Tag"))})})},
		{name: "a file_url as a data URL", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_file", "file_url": textURL})}),
			hide: []string{canary64}},
		{name: "a gzip file", body: pplxBody(map[string]any{"input": pplxUser(map[string]any{"type": "input_file", "filename": "a.gz", "file_data": "data:application/gzip;base64," + gz64})}),
			hide: []string{gz64}},
		{name: "attachments", body: pplxBody(map[string]any{"attachments": []any{map[string]any{"name": "akte.txt", "data": textURL}}}), hide: []string{canary64}},
		{name: "files as base64", body: pplxBody(map[string]any{"files": []any{map[string]any{"filename": "akte.txt", "content": canary64}}}), hide: []string{canary64}},
		{name: "images", body: pplxBody(map[string]any{"images": []any{pngWithText}}), hide: []string{canary64}},
		{name: "Perplexity's settings", body: pplxBody(map[string]any{"preset": pplxCanary, "models": []any{"openai/gpt-5-mini", pplxCanary}})},
		{name: "search settings", body: pplxBody(map[string]any{"web_search_options": map[string]any{"search_context_size": "high",
			"user_location": map[string]any{"region": pplxCanary}}, "search_domain_filter": []any{pplxCanary}})},
		{name: "metadata and user", body: pplxBody(map[string]any{"metadata": map[string]any{"akte": pplxCanary}, "user": "DE89370400440532013000"})},
		{name: "an unknown member", body: pplxBody(map[string]any{"context": map[string]any{"notes": []any{pplxCanary}}})},
		{name: "a tool's output", body: pplxBody(map[string]any{"input": []any{
			map[string]any{"type": "function_call", "call_id": "c1", "name": "akte", "arguments": `{"q":"x"}`},
			map[string]any{"type": "function_call_output", "call_id": "c1", "output": pplxCanary}}})},
		{name: "a tool's output as parts", body: pplxBody(map[string]any{"input": []any{
			map[string]any{"type": "function_call_output", "call_id": "c1", "output": []any{map[string]any{"type": "input_text", "text": pplxCanary}}}}})},
		{name: "an earlier tool call's arguments", body: pplxBody(map[string]any{"input": []any{
			map[string]any{"type": "function_call", "call_id": "c1", "name": "akte", "arguments": `{"iban":"DE89370400440532013000","name":"Jürgen Kowalski"}`},
			map[string]any{"role": "user", "content": "Weiter."}}})},
		{name: "reasoning", body: pplxBody(map[string]any{"input": []any{
			map[string]any{"type": "reasoning", "summary": []any{map[string]any{"type": "summary_text", "text": pplxCanary}}},
			map[string]any{"role": "user", "content": "Weiter."}}})},
		{name: "a key", body: pplxBody(map[string]any{"metadata": map[string]any{pplxCanary: "1"}})},
		{name: "a number", body: pplxBody(map[string]any{"metadata": map[string]any{"steuer": 86095742719}, "akte": 86095742719})},
		{name: "JSON in a string", body: pplxBody(map[string]any{"input": `{"akte":"` + strings.ReplaceAll(pplxCanary, `"`, `\"`) + `"}`})},
		{name: "JSON escapes", body: strings.Replace(pplxBody(map[string]any{"input": pplxCanary}), "Kowalski", `K\u006fwalski`, 1),
			hide: []string{`K\u006fwalski`}},
		{name: "the member twice", body: `{"model":"openai/gpt-5-mini","input":"Hallo","input":"` + pplxCanary + `"}`},
		{name: "the member in capitals", body: `{"model":"openai/gpt-5-mini","input":"Hallo","Input":"` + pplxCanary + `"}`},
		{name: "a form body", ct: "application/x-www-form-urlencoded",
			body: "model=openai%2Fgpt-5-mini&input=Herr+J%C3%BCrgen+Kowalski%2C+IBAN+DE89+3704+0044+0532+0130+00"},
		{name: "a text body", ct: "text/plain", body: pplxCanary},
		{name: "the router's path", path: "/router/v1/responses", body: pplxBody(map[string]any{"input": pplxCanary})},
		{name: "a path with a slash more", path: "/v1/agent/", body: pplxBody(map[string]any{"input": pplxCanary})},
		{name: "a path in capitals", path: "/V1/Agent", body: pplxBody(map[string]any{"input": pplxCanary})},
		{name: "the v2 agent path", path: "/v2/agent", body: pplxBody(map[string]any{"input": pplxCanary})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if path == "" {
				path = "/v1/agent"
			}
			ct := tc.ct
			if ct == "" {
				ct = "application/json"
			}
			up.mu.Lock()
			n := len(up.bodies)
			up.mu.Unlock()
			req, _ := http.NewRequest("POST", "https://api.perplexity.ai"+path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", ct)
			code, out := h.send(t, req)
			up.mu.Lock()
			got := append([]string(nil), up.bodies[n:]...)
			up.mu.Unlock()
			for _, b := range got {
				for _, s := range append(append([]string{}, pplxLeaks...), tc.hide...) {
					if strings.Contains(b, s) {
						t.Fatalf("the service got %q: %.600s", s, b)
					}
				}
			}
			verdict := "blocked"
			if len(got) > 0 {
				verdict = "forwarded"
			}
			t.Logf("%s: %d %.200s", verdict, code, out)
		})
	}
}

// TestPerplexityAgentStreamSplitAnywhere: the Agent API's stream, its
// bytes written in pieces of any size (one byte, two, three, seven,
// thirteen, each flushed: TCP segments cut an event anywhere), comes back
// with the name in every event that names it: the text's deltas (the
// placeholder cut across two), output_text.done, content_part.done,
// output_item.done and response.completed.
func TestPerplexityAgentStreamSplitAnywhere(t *testing.T) {
	dir := perplexityAPIApproved(t)
	var piece int
	up := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		b.ReadFrom(r.Body)
		ph := placeholderRe.FindString(b.String())
		text := "Entwurf für " + ph + "."
		var s strings.Builder
		ev := func(typ string, data map[string]any) {
			data["type"] = typ
			j, _ := json.Marshal(data)
			fmt.Fprintf(&s, "event: %s\ndata: %s\n\n", typ, j)
		}
		msg := map[string]any{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
			"content": []any{map[string]any{"type": "output_text", "text": text, "annotations": []any{}}}}
		ev("response.created", map[string]any{"response": map[string]any{"id": "resp_1", "status": "in_progress"}})
		cut := len(ph) / 2
		for _, d := range []string{"Entwurf für ", ph[:cut], ph[cut:] + "."} {
			ev("response.output_text.delta", map[string]any{"item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": d})
		}
		ev("response.output_text.done", map[string]any{"item_id": "msg_1", "output_index": 0, "content_index": 0, "text": text})
		ev("response.content_part.done", map[string]any{"item_id": "msg_1", "output_index": 0, "content_index": 0,
			"part": map[string]any{"type": "output_text", "text": text}})
		ev("response.output_item.done", map[string]any{"output_index": 0, "item": msg})
		ev("response.completed", map[string]any{"response": map[string]any{"id": "resp_1", "status": "completed", "output": []any{msg}}})
		w.Header().Set("Content-Type", "text/event-stream")
		all := s.String()
		for len(all) > 0 {
			k := min(piece, len(all))
			w.Write([]byte(all[:k]))
			w.(http.Flusher).Flush()
			all = all[k:]
		}
	})
	h := newPipeHarnessOpts(t, pipeOpts{
		mutate: func(c *config.Config) { c.Policy.Dir = dir },
		extra:  map[string]http.Handler{"api.perplexity.ai": up},
	})
	for _, piece = range []int{1, 2, 3, 7, 13, 1 << 20} {
		t.Run(fmt.Sprint(piece), func(t *testing.T) {
			body := pplxBody(map[string]any{"stream": true, "input": "Bitte formuliere einen Brief an Herrn Mehmet Yılmaz wegen seines Antrags."})
			req, _ := http.NewRequest("POST", "https://api.perplexity.ai/v1/agent", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			code, out := h.send(t, req)
			if code != 200 || strings.Contains(out, "PERSON") || strings.Contains(out, "N_1]") {
				t.Fatalf("%d: placeholder left: %.2000s", code, out)
			}
			if n := strings.Count(out, "Entwurf für Mehmet Yılmaz."); n != 4 {
				t.Fatalf("the name restored %d times, want 4 (output_text.done, content_part.done, output_item.done, completed): %.2000s", n, out)
			}
			var deltas strings.Builder
			for _, line := range strings.Split(out, "\n") {
				var ev struct {
					Type, Delta string
				}
				if d, ok := strings.CutPrefix(line, "data: "); ok && json.Unmarshal([]byte(d), &ev) == nil && ev.Type == "response.output_text.delta" {
					deltas.WriteString(ev.Delta)
				}
			}
			if deltas.String() != "Entwurf für Mehmet Yılmaz." {
				t.Fatalf("the deltas give %q", deltas.String())
			}
		})
	}
}
