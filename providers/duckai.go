package providers

import (
	"fmt"
	"strings"
)

// duckAIAdapter reads Duck.ai's chat inside duckduckgo.com
// (POST /duckchat/v1/chat; the catalogue's duck-ai-duckduckgo, off until
// IT enables it): {"model", "messages": [{"role", "content"}]}, OpenAI's
// messages without its endpoints. The answer is an event stream whose
// events carry the text in "message" ({"role":"assistant","message":"…",
// "created","id","model"}), ended by "data: [DONE]". The format is that of
// the public client libraries, not checked against the live service:
// gpt4free's g4f/Provider/DDG.py (xtekky/gpt4free: messages, the answer's
// "message" in each data event) and newer clients read in the code index
// (a DuckDuckGoWebExecutor for duck.ai, 2026: "metadata.toolChoice",
// "canUseTools", "reasoningEffort", "durableStream" with the client's
// public key, content as parts {"type":"text","text"} and
// {"type":"image","mimeType","image"}). The parts' text is the prompt
// (chatMessages); an image, a key and every other string is read as the
// rest of the body (unread: an image counted as uninspected, a document
// sent as one read as a file; TestDuckAIImagesAndParts).
type duckAIAdapter struct{}

func (duckAIAdapter) Name() string { return "duck-ai" }

func (duckAIAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	if !strings.HasSuffix(strings.TrimSuffix(req.Path, "/"), "/duckchat/v1/chat") {
		return nil, fmt.Errorf("%w: no Duck.ai endpoint in path %q", ErrMalformed, req.Path)
	}
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	// Duck.ai always streams, and the whole conversation is sent anew.
	env := &Envelope{Kind: KindChat, Model: root.get("model").strVal(), Stream: true, Stateless: true}
	c := newCollector(env)
	chatMessages(c, root.get("messages"), "messages")
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (duckAIAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers in the chat: the notice as the assistant's message, then
// the stream's end, so that staff read it where the answer would be.
func (duckAIAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	return sseAnswer(n, []sseEvent{
		{data: map[string]any{"role": "assistant", "message": noticeText(n), "model": "schleuse", "action": "success"}},
		{data: "[DONE]"},
	})
}

func (duckAIAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "sse", Delta: "message"}
}
