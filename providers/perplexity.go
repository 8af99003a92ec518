package providers

import "strings"

// perplexityWebAdapter reads www.perplexity.ai /rest/sse/perplexity_ask
// (query_str, params.dsl_query). The Perplexity API is OpenAI-shaped and
// routed to the openai adapter.
type perplexityWebAdapter struct{}

func (perplexityWebAdapter) Name() string { return "perplexity-web" }

func (perplexityWebAdapter) Extract(_ *Request, body []byte) (*Envelope, error) {
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	params := root.get("params")
	env := &Envelope{Kind: KindChat, Stream: true,
		ConversationID: params.get("last_backend_uuid").strVal(),
		Model:          params.get("model_preference").strVal()}
	markID(params.get("model_preference"))
	c := newCollector(env)
	c.str(root.get("query_str"), UserText, "query_str")
	c.str(params.get("dsl_query"), UserText, "params.dsl_query")
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (perplexityWebAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers /rest/sse/perplexity_ask with the notice as the answer in
// Perplexity's own event stream: an event "message" whose block
// (intended_usage "ask_text") carries a diff_block on field
// "markdown_block" (the wire-format notes of the design, §9), then the same with status
// COMPLETED and final_sse_message, then event "end_of_stream". The patches
// set the whole block ({"answer","chunks","progress"}, for a client that
// applies them as JSON Patch) and then "/answer" (for one that reads only
// that path); both hold the whole text, as the stream's patches are
// cumulative. This is what the open-source clients (gpt4free's
// Perplexity.py, 2026-08) extract and what the proxy's cumulative SSE
// restorer passes; whether www.perplexity.ai's page renders it as the
// answer, without the fields this stream leaves out (sources, the entry's
// uuids and thread), is not proven by the notes: only a browser against
// the real service can show it. A request of another shape (a route
// sending another endpoint here) keeps the generic 403 JSON. A request
// whose body was not read (over inspect.max_body_bytes, corrupt
// compression) is answered in the stream when its path is perplexity_ask.
func (perplexityWebAdapter) Block(req *Request, env *Envelope, n Notice) Answer {
	chat := env != nil && env.Kind == KindChat
	if env == nil || env.Kind == "" {
		chat = req != nil && strings.HasSuffix(strings.TrimSuffix(req.Path, "/"), "/perplexity_ask")
	}
	if !chat {
		return genericAnswer(n)
	}
	t := noticeText(n)
	msg := func(final bool) map[string]any {
		status := "PENDING"
		if final {
			status = "COMPLETED"
		}
		return map[string]any{
			"status": status, "final_sse_message": final, "text_completed": final,
			"blocks": []any{map[string]any{"intended_usage": "ask_text", "diff_block": map[string]any{
				"field": "markdown_block",
				"patches": []any{
					map[string]any{"op": "replace", "path": "", "value": map[string]any{"progress": "DONE", "chunks": []any{t}, "answer": t}},
					map[string]any{"op": "replace", "path": "/answer", "value": t},
				},
			}}},
		}
	}
	return sseAnswer(n, []sseEvent{{"message", msg(false)}, {"message", msg(true)}, {"end_of_stream", map[string]any{}}})
}

// ResponseFormat: SSE whose markdown block patches carry cumulative text:
// the answer is a patch's value at "/answer" (or "/chunks/0", the first
// piece), or the "answer" and first chunk of a value that replaces the
// whole block (path ""), or the same of a markdown_block sent whole.
func (perplexityWebAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "sse", Cumulative: true, App: true,
		Text: "blocks.#.diff_block.patches.#.value?path=/answer,blocks.#.diff_block.patches.#.value?path=/chunks/0," +
			"blocks.#.diff_block.patches.#.value.answer,blocks.#.diff_block.patches.#.value.chunks.0," +
			"blocks.#.markdown_block.answer,blocks.#.markdown_block.chunks.0"}
}
