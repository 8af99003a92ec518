package providers

import "strings"

// anthropicAdapter reads the Anthropic Messages API (/v1/messages,
// count_tokens, batches) and Files API uploads.
type anthropicAdapter struct{}

func (anthropicAdapter) Name() string { return "anthropic" }

func (anthropicAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	env := &Envelope{Kind: KindChat}
	c := newCollector(env)
	if strings.HasSuffix(req.Path, "/files") {
		env.Kind = KindUpload
		return env, multipartFields(c, contentType(req), body, nil)
	}
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	if reqs := root.get("requests"); strings.HasSuffix(req.Path, "/batches") && reqs.is(jArray) {
		for i, r := range reqs.vals {
			anthropicParams(c, r.get("params"), indexName("requests", i, ".params."))
		}
		if err := unread(c, root); err != nil {
			return nil, err
		}
		return env, nil
	}
	anthropicParams(c, root, "")
	env.Stateless = true // the Messages API keeps no conversation: every request carries it whole
	if strings.HasSuffix(req.Path, "/count_tokens") {
		env.Kind = KindOther
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func anthropicParams(c *collector, p *jval, prefix string) {
	if c.env.Model == "" {
		c.env.Model = p.get("model").strVal()
	}
	if s := p.get("stream"); s.is(jBool) && s.str == "true" {
		c.env.Stream = true
	}
	anthropicContent(c, p.get("system"), SystemText, prefix+"system")
	// metadata.user_id as the user's text, tool descriptions as system
	// text (as requestExtras does for OpenAI)
	if md := p.get("metadata"); md.is(jObject) {
		for i, k := range md.keys {
			c.str(md.vals[i], UserText, prefix+"metadata."+k)
		}
	}
	if tools := p.get("tools"); tools.is(jArray) {
		for i, t := range tools.vals {
			schemaText(c, t, indexName(prefix+"tools", i, ""))
		}
	}
	schemaText(c, p.get("output_format"), prefix+"output_format") // structured outputs
	msgs := p.get("messages")
	if !msgs.is(jArray) {
		return
	}
	la := lastRole(msgs, "assistant")
	for i, m := range msgs.vals {
		role := m.get("role").strVal()
		k := roleKind(role, i, la)
		n := len(c.env.Fields)
		anthropicContent(c, m.get("content"), k, indexName(prefix+"messages", i, ".content"))
		c.userTurn(n, role, k)
	}
}

// anthropicContent reads a string or a list of content blocks.
func anthropicContent(c *collector, v *jval, k Kind, name string) {
	defer c.decodedFrom(len(c.env.Fields), k) // files of an earlier turn are that turn's (Field.FromHistory)
	if v.is(jString) {
		c.str(v, k, name)
		return
	}
	if !v.is(jArray) {
		return
	}
	for j, b := range v.vals {
		bn := indexName(name, j, "")
		switch b.get("type").strVal() {
		case "text":
			c.str(b.get("text"), k, bn+".text")
		case "tool_result":
			anthropicContent(c, b.get("content"), ToolOutput, bn+".content")
		case "image":
			src := b.get("source")
			switch src.get("type").strVal() {
			case "base64":
				markRead(src.get("data"))
				inlineBase64(c, bn, src.get("media_type").strVal(), src.get("data").strVal())
			case "url":
				fileRef(c, src.get("url"), bn+".source.url", UninspectedImageURL)
			}
		case "document":
			src := b.get("source")
			switch src.get("type").strVal() {
			case "url":
				fileRef(c, src.get("url"), bn+".source.url", UninspectedFileURL)
			case "text":
				c.str(src.get("data"), k, bn+".source.data")
			case "base64":
				markRead(b.get("title"), src.get("data"))
				inlineBase64(c, b.get("title").strVal(), src.get("media_type").strVal(), src.get("data").strVal())
			case "content":
				anthropicContent(c, src.get("content"), k, bn+".source.content")
			}
			c.str(b.get("context"), k, bn+".context")
		}
	}
}

func (anthropicAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 400 {"type":"error","error":{"type":"invalid_request_error","message"}},
// which the Anthropic SDKs surface as the error message.
func (anthropicAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	// A failed send is Anthropic's api_error, as its own 5xx answers.
	st, typ := errorStatus(n), "invalid_request_error"
	if st >= 500 {
		typ = "api_error"
	}
	return jsonAnswer(st, n, map[string]any{
		"type":  "error",
		"error": map[string]any{"type": typ, "message": noticeText(n)},
	})
}

func (anthropicAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat {
	rf := sseOrJSON(env)
	if env != nil && env.Kind == KindChat {
		rf.Text = anthropicText
	}
	return rf
}

// anthropicText is the answer's text of a Messages answer, streamed
// (text_delta, not thinking_delta) and whole (a text block's "text").
const anthropicText = "delta.text,content.#.text"
