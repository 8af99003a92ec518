package providers

import (
	"fmt"
	"strings"
)

// leChatAdapter reads chat.mistral.ai: /api/chat (messageInput), the tRPC
// call message.newChat ({"0":{"json":{"content":…}}}) and /api/file uploads.
type leChatAdapter struct{}

func (leChatAdapter) Name() string { return "lechat" }

func (leChatAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	ct := contentType(req)
	if isMultipart(ct) || strings.HasSuffix(req.Path, "/api/file") {
		env := &Envelope{Kind: KindUpload}
		return env, multipartFields(newCollector(env), ct, body, nil)
	}
	root, err := parseJSON(body)
	if err != nil {
		return nil, err
	}
	if !root.is(jObject) {
		return nil, fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	env := &Envelope{Kind: KindChat}
	c := newCollector(env)
	if strings.Contains(req.Path, "/api/trpc/") {
		for i, k := range root.keys { // batch: {"0":{"json":{…}}, "1":…}
			j := root.vals[i].get("json")
			if env.Model == "" {
				env.Model = j.get("model").strVal()
			}
			contentParts(c, j.get("content"), UserText, k+".json.content")
		}
		unread(c, root)
		return env, nil
	}
	env.Stream = true
	env.ConversationID = root.get("chatId").strVal()
	env.Model = root.get("model").strVal()
	contentParts(c, root.get("messageInput"), UserText, "messageInput")
	unread(c, root)
	return env, nil
}

func (leChatAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

func (leChatAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return genericAnswer(n) }

// ResponseFormat: /api/chat streams lines `0:"delta"`.
func (leChatAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat {
	if env != nil && env.Stream {
		return ResponseFormat{Kind: "lines"}
	}
	return ResponseFormat{Kind: "json"}
}
