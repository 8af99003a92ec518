package providers

import (
	"fmt"
	"strings"
)

// mistralAdapter reads the Mistral API endpoints that are not plain OpenAI
// shape: FIM completions, agents completions and the Conversations API.
// /v1/chat/completions is routed to the openai adapter.
type mistralAdapter struct{}

func (mistralAdapter) Name() string { return "mistral" }

func (mistralAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	env := &Envelope{Kind: KindChat, Model: root.get("model").strVal()}
	env.Stream = root.get("stream").is(jBool) && root.get("stream").str == "true"
	c := newCollector(env)
	p := strings.TrimSuffix(req.Path, "/")
	switch {
	case hasEndpoint(p, "fim/completions"):
		env.Kind = KindCompletion
		c.str(root.get("prompt"), UserText, "prompt")
		c.str(root.get("suffix"), UserText, "suffix")
	case hasEndpoint(p, "agents/completions"), hasEndpoint(p, "chat/completions"):
		chatMessages(c, root.get("messages"), "messages")
	case strings.Contains(p, "/conversations"):
		if _, rest, ok := strings.Cut(p, "/conversations/"); ok {
			env.ConversationID, _, _ = strings.Cut(rest, "/")
		}
		c.str(root.get("instructions"), SystemText, "instructions")
		in := root.get("inputs")
		if in.is(jString) {
			c.str(in, UserText, "inputs")
			break
		}
		if in.is(jArray) {
			la := lastRole(in, "assistant")
			for i, e := range in.vals {
				name := indexName("inputs", i, "")
				if e.get("type").strVal() == "function.result" {
					c.str(e.get("result"), ToolOutput, name+".result")
					continue
				}
				role := e.get("role").strVal()
				k := roleKind(role, i, la)
				n := len(c.env.Fields)
				contentParts(c, e.get("content"), k, name+".content")
				c.userTurn(n, role, k)
			}
		}
	default:
		return nil, fmt.Errorf("%w: no Mistral endpoint in path %q", ErrMalformed, req.Path)
	}
	// tools and structured-output schemas are the developer's (schemaText)
	schemaText(c, root.get("tools"), "tools")
	schemaText(c, root.get("response_format"), "response_format")
	schemaText(c, root.path("completion_args", "response_format"), "completion_args.response_format")
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (mistralAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 400 in Mistral's error shape, which also carries the
// OpenAI-style message that the SDKs show.
func (mistralAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	st := errorStatus(n)
	return jsonAnswer(st, n, map[string]any{
		"object": "error", "message": noticeText(n), "type": errorType(st), "param": nil, "code": noticeCode(n),
	})
}

func (mistralAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat { return sseOrJSON(env) }
