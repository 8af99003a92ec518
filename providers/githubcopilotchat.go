package providers

// gitHubCopilotChatAdapter reads GitHub Copilot's chat on github.com
// (github.com/copilot, the immersive chat and the panel beside a
// repository): POST api.*.githubcopilot.com/github/chat/threads/{id}/messages,
// JSON {content, intent, references, context, currentURL, streaming,
// customInstructions, model, mode, parentMessageID, mediaContent, …},
// answered as server-sent events {"type":"content","body":…} (public
// clients of the thread API in the code index: gpt4free's GithubCopilot,
// an "Enhanced Edition" Python client of 2026-06 that attaches files,
// Node.js and Python thread clients). The person's message is content; a
// text or code file attached to it travels inline as a reference
// {"type":"thread-scoped-file","name","text"}, read with every other
// string as unread; an image is uploaded beforehand (github.com
// /upload/policies/copilot-chat-attachments, its bytes to GitHub's shared
// upload host) and named here only by its address, mediaContent[*].url
// ("github.com/github-copilot/chat/attachments/{uuid}", beside
// chatAttachmentUrl): counted as image_url in Envelope.Uninspected, so
// the policy decides on an image it cannot read (before, the fallback
// passed the address over and the image went to the model unseen).
type gitHubCopilotChatAdapter struct{}

func (gitHubCopilotChatAdapter) Name() string { return "github-copilot-chat" }

func (gitHubCopilotChatAdapter) Extract(_ *Request, body []byte) (*Envelope, error) {
	env := &Envelope{Kind: KindChat}
	c := newCollector(env)
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	env.Model = root.get("model").strVal()
	if st := root.get("streaming"); st.is(jBool) && st.str == "true" {
		env.Stream = true
	}
	c.str(root.get("content"), UserText, "content")
	c.strs(root.get("customInstructions"), SystemText, "customInstructions")
	if mc := root.get("mediaContent"); mc.is(jArray) {
		for i, m := range mc.vals {
			fileRef(c, m.get("url"), indexName("mediaContent", i, ".url"), UninspectedImageURL)
			fileRef(c, m.get("chatAttachmentUrl"), indexName("mediaContent", i, ".chatAttachmentUrl"), UninspectedImageURL)
		}
	}
	markRead(root.get("model"))
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (gitHubCopilotChatAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 403 with the generic JSON error: no source shows how the
// chat shows an error of its own.
func (gitHubCopilotChatAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	return genericAnswer(n)
}

// ResponseFormat: server-sent events, each content event's body a piece
// of the answer.
func (gitHubCopilotChatAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "sse", Delta: "body"}
}
