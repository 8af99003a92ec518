package providers

import (
	"fmt"
	"strings"
)

// ollamaAdapter reads Ollama's native API: /api/chat and /api/generate.
type ollamaAdapter struct{}

func (ollamaAdapter) Name() string { return "ollama" }

func (ollamaAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	// Ollama streams unless "stream": false.
	env := &Envelope{Model: root.get("model").strVal(), Stream: !(root.get("stream").is(jBool) && root.get("stream").str == "false")}
	c := newCollector(env)
	switch {
	case strings.HasSuffix(req.Path, "/api/chat"):
		env.Kind = KindChat
		chatMessages(c, root.get("messages"), "messages")
		if msgs := root.get("messages"); msgs.is(jArray) {
			for i, m := range msgs.vals {
				ollamaImages(c, m.get("images"), indexName("messages", i, ".images"))
			}
		}
	case strings.HasSuffix(req.Path, "/api/generate"):
		env.Kind = KindCompletion
		c.str(root.get("system"), SystemText, "system")
		c.str(root.get("prompt"), UserText, "prompt")
		c.str(root.get("suffix"), UserText, "suffix")
		ollamaImages(c, root.get("images"), "images")
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
	return jsonAnswer(errorStatus(n), n, map[string]any{"error": noticeText(n)})
}

// ResponseFormat: Ollama streams NDJSON deltas.
func (ollamaAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat {
	if env != nil && env.Stream {
		return ResponseFormat{Kind: "ndjson"}
	}
	return ResponseFormat{Kind: "json"}
}

// ollamaImages reads a message's or a prompt's images (base64 strings): an
// image is counted for the policy (Envelope.Uninspected), anything else in
// their place (text, a PDF) is read as a file (inlineFile). Before, they
// were passed over as base64 blobs, whatever they held.
func ollamaImages(c *collector, imgs *jval, name string) {
	if !imgs.is(jArray) {
		return
	}
	for j, v := range imgs.vals {
		if v.is(jString) {
			v.read = true
			inlineFile(c, indexName(name, j, ""), v.str)
		}
	}
}
