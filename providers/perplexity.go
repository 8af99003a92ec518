package providers

import "fmt"

// perplexityWebAdapter reads www.perplexity.ai /rest/sse/perplexity_ask
// (query_str, params.dsl_query). The Perplexity API is OpenAI-shaped and
// routed to the openai adapter.
type perplexityWebAdapter struct{}

func (perplexityWebAdapter) Name() string { return "perplexity-web" }

func (perplexityWebAdapter) Extract(_ *Request, body []byte) (*Envelope, error) {
	root, err := parseJSON(body)
	if err != nil {
		return nil, err
	}
	if !root.is(jObject) {
		return nil, fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	params := root.get("params")
	env := &Envelope{Kind: KindChat, Stream: true,
		ConversationID: params.get("last_backend_uuid").strVal(),
		Model:          params.get("model_preference").strVal()}
	markRead(params.get("model_preference"))
	c := newCollector(env)
	c.str(root.get("query_str"), UserText, "query_str")
	c.str(params.get("dsl_query"), UserText, "params.dsl_query")
	unread(c, root)
	return env, nil
}

func (perplexityWebAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

func (perplexityWebAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return genericAnswer(n) }

// ResponseFormat: SSE whose markdown block patches carry cumulative text.
func (perplexityWebAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "sse", Cumulative: true}
}
