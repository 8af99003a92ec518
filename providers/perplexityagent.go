package providers

// perplexityAgentAdapter reads Perplexity's Agent API at api.perplexity.ai:
// POST /v1/agent and its alias /v1/responses (and /v2/responses, where
// the OpenAI SDK sends client.responses.create with the base URL
// https://api.perplexity.ai/v2 of Perplexity's OpenAI-compatibility
// page). Perplexity documents the body as OpenAI's Responses request
// (its OpenAPI schema ResponsesRequest: input as a string or a list of
// message items, instructions, tools) beside its own settings (preset,
// models, max_steps), and the answer as OpenAI's Response, or its stream
// events with stream: true, which the OpenAI SDK reads unchanged. So the
// request is read as the openai adapter reads /v1/responses, whatever
// the path's last word; its own settings are unread's. Before, these paths
// went through the fallback: a name was blocked where the policy would
// have replaced it (sec19 left them so).
type perplexityAgentAdapter struct{ openAIAdapter }

func (perplexityAgentAdapter) Name() string { return "perplexity-agent" }

func (perplexityAgentAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	r := *req
	r.Path = "/v1/responses"
	return extractOpenAI(&r, body)
}
