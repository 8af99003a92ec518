package providers

import (
	"fmt"
	"strings"
)

// copilotAdapter reads copilot.microsoft.com: the chat WebSocket
// (/c/api/chat, client frames {"event":"send","content":[{"type":"text",
// "text"}]}) and attachment uploads (/c/api/attachments, /c/api/files).
type copilotAdapter struct{}

func (copilotAdapter) Name() string { return "copilot" }

func (copilotAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	ct := contentType(req)
	switch {
	case strings.Contains(req.Path, "/attachments") || strings.Contains(req.Path, "/files"):
		env := &Envelope{Kind: KindUpload}
		c := newCollector(env)
		if isMultipart(ct) {
			return env, multipartFields(c, ct, body, nil)
		}
		c.file("attachment", ct, body)
		return env, nil
	case len(body) == 0:
		return &Envelope{Kind: KindOther}, nil
	}
	// /c/api/start and other setup calls carry no prompt, but an unknown
	// body is still read like the fallback would (block-only).
	return Fallback().Extract(req, body)
}

func (copilotAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

func (copilotAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return genericAnswer(n) }

// WSFrame reads client "send" frames. Other client frames are read like
// the rest of a send frame (unread): they carry no prompt the app knows
// of, but whatever text one carries goes to the service as well; a frame
// without such text (setOptions, ping) is nil.
func (copilotAdapter) WSFrame(_ *Request, clientToServer bool, msg []byte) (*Envelope, error) {
	if !clientToServer {
		return nil, nil
	}
	root, err := parseJSON(msg)
	if err != nil {
		return nil, fmt.Errorf("copilot frame: %w", err)
	}
	if root.get("event").strVal() != "send" {
		env := &Envelope{Kind: KindOther, ConversationID: root.get("conversationId").strVal()}
		markID(root.get("event"))
		if err := unread(newCollector(env), root); err != nil {
			return nil, err
		}
		if len(env.Fields) == 0 && len(env.Uninspected) == 0 {
			// nothing to read; but a frame whose only content is an
			// image, audio or video (a whole base64 value: unread counts
			// it) goes to the policy, as a send frame's would
			return nil, nil
		}
		return env, nil
	}
	env := &Envelope{Kind: KindChat, Stream: true, ConversationID: root.get("conversationId").strVal(),
		Model: root.get("mode").strVal()}
	markID(root.get("event"), root.get("mode"))
	c := newCollector(env)
	if content := root.get("content"); content.is(jArray) {
		for i, p := range content.vals {
			switch t := p.get("type").strVal(); t {
			case "text", "":
				c.str(p.get("text"), UserText, indexName("content", i, ".text"))
			case "image":
				// {"type":"image","url":…}: the address of an image
				// uploaded to /c/api/attachments, or any other, which
				// Copilot fetches itself (gpt4free's Copilot.py, 2026-08,
				// passes a caller's URL as it is): counted as image_url,
				// as an OpenAI image_url part is; a data URL is read as
				// the file it holds. Before, the address was read as text
				// and the image reached Copilot unseen.
				fileRef(c, p.get("url"), indexName("content", i, ".url"), UninspectedImageURL)
			}
		}
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (copilotAdapter) WSApply(_ *Request, msg []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(msg, env, edits)
}

// WSBlock drops the send frame and answers with the notice as the
// assistant's text followed by "done".
func (copilotAdapter) WSBlock(_ *Request, _ *Envelope, n Notice) [][]byte {
	return [][]byte{
		marshal(map[string]any{"event": "appendText", "messageId": "schleuse", "partId": "0", "text": noticeText(n)}),
		marshal(map[string]any{"event": "done", "messageId": "schleuse"}),
	}
}

// ResponseFormat: server frames appendText carry deltas; their "text" is
// the answer's.
func (copilotAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "ws", Text: "text?event=appendText", App: true}
}
