package providers

import (
	"net/http"
	"strings"
)

// claudeWebAdapter reads the claude.ai web app: completion and
// retry_completion (prompt, attachments[*].extracted_content for long
// pastes) and file uploads (wiggle/upload-file, legacy upload,
// convert_document).
type claudeWebAdapter struct{}

func (claudeWebAdapter) Name() string { return "claude-web" }

func (claudeWebAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	ct := contentType(req)
	if isMultipart(ct) {
		env := &Envelope{Kind: KindUpload}
		return env, multipartFields(newCollector(env), ct, body, nil)
	}
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	env := &Envelope{Kind: KindChat, Model: root.get("model").strVal(), Stream: true}
	if _, rest, ok := strings.Cut(req.Path, "/chat_conversations/"); ok {
		env.ConversationID, _, _ = strings.Cut(rest, "/")
	}
	if req.Header != nil && req.Header.Get("Accept") != "" && !wantsSSE(req) {
		env.Stream = false
	}
	c := newCollector(env)
	c.str(root.get("prompt"), UserText, "prompt")
	if atts := root.get("attachments"); atts.is(jArray) {
		for i, a := range atts.vals {
			c.str(a.get("extracted_content"), UserText, indexName("attachments", i, ".extracted_content"))
		}
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (claudeWebAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers a completion with a synthetic Anthropic event stream whose
// single text block is the notice: the chat renders it as the assistant's
// reply. Uploads and non-stream requests get a 400 permission_error. A
// completion whose body was not read (over inspect.max_body_bytes, corrupt
// compression) is told the same way, from its path and Accept header.
func (claudeWebAdapter) Block(req *Request, env *Envelope, n Notice) Answer {
	t := noticeText(n)
	chat := env != nil && env.Kind == KindChat && env.Stream
	if env == nil || env.Kind == "" {
		chat = unreadCompletion(req)
	}
	if !chat {
		return jsonAnswer(http.StatusBadRequest, n, map[string]any{
			"type": "error", "error": map[string]any{"type": "permission_error", "message": t},
		})
	}
	var model string
	if env != nil {
		model = env.Model
	}
	return sseAnswer(n, []sseEvent{
		{"message_start", map[string]any{"type": "message_start", "message": map[string]any{
			"id": "msg_schleuse", "type": "message", "role": "assistant", "model": model,
			"content": []any{}, "stop_reason": nil, "stop_sequence": nil,
		}}},
		{"content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "text", "text": ""}}},
		{"content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
			"delta": map[string]any{"type": "text_delta", "text": t}}},
		{"content_block_stop", map[string]any{"type": "content_block_stop", "index": 0}},
		{"message_delta", map[string]any{"type": "message_delta",
			"delta": map[string]any{"stop_reason": "end_turn", "stop_sequence": nil}}},
		{"message_stop", map[string]any{"type": "message_stop"}},
	})
}

// ResponseFormat: a completion streams the Messages events (its text in
// text_delta), which the chat window shows.
func (claudeWebAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat {
	rf := sseOrJSON(env)
	if env != nil && env.Kind == KindChat {
		rf.Text, rf.App = anthropicText, true
	}
	return rf
}

// unreadCompletion says whether a request whose body was not read is a
// chat completion that streams (completion, retry_completion), not an upload.
func unreadCompletion(req *Request) bool {
	if req == nil || !strings.HasSuffix(req.Path, "completion") || isMultipart(contentType(req)) {
		return false
	}
	return req.Header == nil || req.Header.Get("Accept") == "" || wantsSSE(req)
}
