package providers

import "strings"

// grokAdapter reads xAI's Grok web chat in its two homes. The formats are
// those of public client libraries, not checked against the live
// services: gpt4free's Grok provider (xtekky/gpt4free,
// g4f/Provider/needs_auth/Grok.py), Grok3API (cwt/Grok3API,
// grok3api/client.py) and a TypeScript client read in the code index
// (GrokAPI: sendMessage, parseGrokResponse), for X kyupark/ask
// (internal/provider/grok).
//
//   - grok.com (the catalogue's grok-web): POST
//     /rest/app-chat/conversations/new and
//     /rest/app-chat/conversations/{id}/responses, {"message", "modelName",
//     "customInstructions", "fileAttachments": [ids], "imageAttachments",
//     "parentResponseId", "toolOverrides", …}: the person's text only in
//     message (customInstructions their standing instructions), every
//     other string read as the rest of the body (unread). The answer is
//     NDJSON whose lines carry the text in result.response.token (a new
//     conversation) or result.token (an answer in a conversation: the
//     clients read both), thinking and answer alike, told apart by
//     isThinking beside the token; the last line the whole reply in
//     modelResponse.message. A file goes first to
//     /rest/app-chat/upload-file as {"fileName", "fileMimeType",
//     "content": base64}, or as a multipart form (FormData: a file part
//     and text parts, all read; a form cannot be rewritten, a finding in
//     it blocks). Grok inside X uploads so to …/2/grok/attachment.json
//     (the part "file" or "image": a TypeScript client in the code index,
//     GROK_ATTACHMENT_URL, and a Twitter scraper's uploadGrokImage), which
//     no route names and the fallback reads as such a form.
//   - Grok inside X (grok-x, on x.com, twitter.com and grok.x.com): POST
//     …/2/grok/add_response.json, {"responses": [{"message", "sender",
//     "fileAttachments"}], "grokModelOptionId", "conversationId", …}, the
//     whole conversation with every request (sender 1 is the person, 2
//     Grok); the answer is NDJSON with the text in result.message.
type grokAdapter struct{}

func (grokAdapter) Name() string { return "grok" }

// grokX reports a request of Grok inside X.
func grokX(req *Request) bool { return strings.HasSuffix(req.Path, "/grok/add_response.json") }

func (grokAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	var env *Envelope
	switch {
	case strings.HasSuffix(req.Path, "/upload-file"):
		env = &Envelope{Kind: KindUpload}
		c := newCollector(env)
		if ct := contentType(req); isMultipart(ct) {
			// The file as a form (FormData), as Grok inside X sends its
			// uploads: every file part a File, every other part text;
			// read, not rewritten.
			return env, multipartFields(c, ct, body, nil)
		}
		root, err := parseObject(body)
		if err != nil {
			return nil, err
		}
		name, content := root.get("fileName"), root.get("content")
		c.str(name, UserText, "fileName")
		markRead(content)
		inlineBase64(c, "content", root.get("fileMimeType").strVal(), content.strVal())
		if err := unread(c, root); err != nil {
			return nil, err
		}
		return env, nil
	case grokX(req):
		root, err := parseObject(body)
		if err != nil {
			return nil, err
		}
		env = &Envelope{Kind: KindChat, Model: root.get("grokModelOptionId").strVal(), Stream: true, Stateless: true,
			ConversationID: root.get("conversationId").strVal()}
		c := newCollector(env)
		grokResponses(c, root.get("responses"))
		if err := unread(c, root); err != nil {
			return nil, err
		}
		return env, nil
	}
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	env = &Envelope{Kind: KindChat, Model: root.get("modelName").strVal(), Stream: true}
	if _, rest, ok := strings.Cut(req.Path, "/conversations/"); ok {
		if id, _, _ := strings.Cut(rest, "/"); id != "new" {
			env.ConversationID = id
		}
	}
	c := newCollector(env)
	c.str(root.get("message"), UserText, "message")
	// The person's standing instructions, which the model reads like a
	// system prompt with every message.
	c.str(root.get("customInstructions"), SystemText, "customInstructions")
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

// grokResponses reads X's conversation: each turn's message, the person's
// last one as the prompt, earlier turns as history (scanned once, cached).
// Every turn not known to be Grok's counts as the person's: a sender
// written another way ("1" as a string, none) must not make the new prompt
// history, which inspect.scan_history: false leaves unread.
func grokResponses(c *collector, turns *jval) {
	if !turns.is(jArray) {
		return
	}
	last := -1
	for i, t := range turns.vals {
		if !grokAssistant(t.get("sender")) {
			last = i
		}
	}
	for i, t := range turns.vals {
		k := History
		if i == last {
			k = UserText
		}
		c.str(t.get("message"), k, indexName("responses", i, ".message"))
	}
}

// grokAssistant reports a turn's sender as Grok: 2 in X's client (the
// person is 1), or a name ("ASSISTANT", "grok") in other versions of it.
func grokAssistant(s *jval) bool {
	switch {
	case s.is(jNumber):
		return s.str == "2"
	case s.is(jString):
		switch strings.ToLower(strings.TrimSpace(s.str)) {
		case "2", "assistant", "grok", "model", "bot":
			return true
		}
	}
	return false
}

func (grokAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers a chat request in the chat: NDJSON lines whose reply is
// the notice, so that staff read it where Grok's answer would be. An
// upload (or a body that was not read) gets the JSON error.
func (grokAdapter) Block(req *Request, env *Envelope, n Notice) Answer {
	chat := env != nil && env.Kind == KindChat
	if env == nil || env.Kind == "" {
		chat = req != nil && (grokX(req) || strings.Contains(req.Path, "/conversations/"))
	}
	if !chat {
		return genericAnswer(n)
	}
	t := noticeText(n)
	if req != nil && grokX(req) {
		return ndjsonAnswer(n, "application/json; charset=utf-8",
			map[string]any{"result": map[string]any{"sender": "ASSISTANT", "message": t}})
	}
	token := map[string]any{"token": t, "isThinking": false, "isSoftStop": false, "responseId": "schleuse"}
	reply := map[string]any{"modelResponse": map[string]any{"responseId": "schleuse", "message": t, "sender": "ASSISTANT"}}
	if req != nil && strings.HasSuffix(req.Path, "/responses") {
		// an answer in a conversation: the lines without "response"
		return ndjsonAnswer(n, "application/json; charset=utf-8",
			map[string]any{"result": token}, map[string]any{"result": reply})
	}
	return ndjsonAnswer(n, "application/json; charset=utf-8",
		map[string]any{"result": map[string]any{"response": token}},
		map[string]any{"result": map[string]any{"response": reply}})
}

// ResponseFormat: NDJSON whose text pieces are in result.response.token
// or result.token (grok.com; thinking and answer apart by isThinking) or
// result.message (X). Before, an answer in a conversation (result.token)
// was not read as pieces: a placeholder split across two was not restored.
// The answer's text is the pieces with isThinking false or absent, and
// the whole answer in modelResponse.message at the end.
func (grokAdapter) ResponseFormat(req *Request, _ *Envelope) ResponseFormat {
	if req != nil && grokX(req) {
		return ResponseFormat{Kind: "ndjson", Delta: "result.message", DeltaBy: "isThinking", Text: "result.message", App: true}
	}
	return ResponseFormat{Kind: "ndjson", Delta: "result.response.token,result.token", DeltaBy: "isThinking",
		Text: "result.response.token,result.token,result.response.modelResponse.message,result.modelResponse.message", App: true}
}
