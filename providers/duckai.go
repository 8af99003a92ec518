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
// sent as one read as a file; TestDuckAIImagesAndParts). A prompt rewritten
// with placeholders leaves without durableStream (Apply), and the answer's
// pieces are read in "content" as in "message" (ResponseFormat).
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

// Apply rewrites the prompt and, when it rewrote anything, drops
// durableStream. With it Duck.ai keeps a copy of the answer encrypted to
// the browser's public key (RSA-OAEP-256, the private key never leaves the
// browser), from which the page resumes an answer it lost (a reload, a
// dropped connection); the proxy cannot read that copy, and the
// placeholders the model wrote there would reach the user unrestored and
// unexplained. The answer to the request itself comes in clear whether
// the key is sent or not (a browser's request and its answer recorded in
// ayoubelouardi/duck-ai-ca, requests-ex/chat.request: durableStream sent,
// "message" in clear; OmniRoute's open-sse/executors/duckduckgo-web.ts
// sends a key whose private half it discards and reads the answer in
// clear), and clients that send no durableStream are answered
// (gpt4free's g4f/Provider/DDG.py, duck-ai-ca's src/duckai/client.py).
// Without placeholders in the body the key stays: the copy then holds
// nothing to restore.
func (duckAIAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	out, err := applyEdits(body, env, edits)
	if err != nil || len(edits) == 0 {
		return out, err
	}
	out, err = withoutMember(out, "durableStream")
	if err != nil {
		return nil, fmt.Errorf("duck-ai: dropping durableStream: %w", err)
	}
	return out, nil
}

// Block answers in the chat: the notice as the assistant's message, then
// the stream's end, so that staff read it where the answer would be.
func (duckAIAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	return sseAnswer(n, []sseEvent{
		{data: map[string]any{"role": "assistant", "message": noticeText(n), "model": "schleuse", "action": "success"}},
		{data: "[DONE]"},
	})
}

// ResponseFormat: the answer's pieces are in "message"; a 2026 client
// reads "content" first and "message" after it (OmniRoute's
// open-sse/executors/duckduckgo-web.ts, extractDuckDuckGoContent), so an
// answer in "content" is restored as pieces too.
func (duckAIAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "sse", Delta: "message,content", Text: "message,content", App: true}
}
