package providers

import (
	"fmt"
	"net/http"
	"strings"
)

// ollamaAdapter reads Ollama's native API: /api/chat and /api/generate.
type ollamaAdapter struct{}

func (ollamaAdapter) Name() string { return "ollama" }

func (ollamaAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	root, err := parseJSON(body)
	if err != nil {
		return nil, err
	}
	if !root.is(jObject) {
		return nil, fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	// Ollama streams unless "stream": false.
	env := &Envelope{Model: root.get("model").strVal(), Stream: !(root.get("stream").is(jBool) && root.get("stream").str == "false")}
	c := newCollector(env)
	switch {
	case strings.HasSuffix(req.Path, "/api/chat"):
		env.Kind = KindChat
		chatMessages(c, root.get("messages"), "messages")
	case strings.HasSuffix(req.Path, "/api/generate"):
		env.Kind = KindCompletion
		c.str(root.get("system"), SystemText, "system")
		c.str(root.get("prompt"), UserText, "prompt")
		c.str(root.get("suffix"), UserText, "suffix")
	default:
		return nil, fmt.Errorf("%w: no Ollama endpoint in path %q", ErrMalformed, req.Path)
	}
	schemaText(c, root.get("tools"), "tools")
	schemaText(c, root.get("format"), "format") // a JSON schema for structured output ("json" is a setting word)
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (ollamaAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 400 {"error":"…"}, Ollama's own error shape.
func (ollamaAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	return jsonAnswer(http.StatusBadRequest, n, map[string]any{"error": noticeText(n)})
}

// ResponseFormat: Ollama streams NDJSON deltas.
func (ollamaAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat {
	if env != nil && env.Stream {
		return ResponseFormat{Kind: "ndjson"}
	}
	return ResponseFormat{Kind: "json"}
}
