package providers

import (
	"fmt"
	"mime"
	"strings"
)

// openAIAdapter reads the OpenAI API (chat completions, responses,
// completions, embeddings, moderations, images, audio, files) and every
// OpenAI-compatible API (Perplexity, Mistral chat, OpenRouter, vLLM, …).
type openAIAdapter struct{ name string }

func (a openAIAdapter) Name() string { return a.name }

func (a openAIAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	return extractOpenAI(req, body)
}

func (a openAIAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 400 {"error":{"message","type":"invalid_request_error","code"}};
// the OpenAI SDKs put error.message into the error they return.
func (a openAIAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	return openAIError(n)
}

func (a openAIAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat {
	rf := sseOrJSON(env)
	if env != nil && env.Kind == KindChat {
		rf.Text = openAIText
	}
	return rf
}

// openAIText is the answer's text of a chat completion, streamed and
// whole (ResponseFormat.Text); not the Responses API's "delta", which its
// reasoning summary has too.
const openAIText = "choices.#.delta.content,choices.#.message.content"

func openAIError(n Notice) Answer {
	st := errorStatus(n)
	return jsonAnswer(st, n, map[string]any{"error": map[string]any{
		"message": noticeText(n), "type": errorType(st), "param": nil, "code": noticeCode(n),
	}})
}

func sseOrJSON(env *Envelope) ResponseFormat {
	if env != nil && env.Stream {
		return ResponseFormat{Kind: "sse"}
	}
	return ResponseFormat{Kind: "json"}
}

// extractOpenAI dispatches on the endpoint at the end of the path, so the
// same code serves /v1/…, /openai/v1/…, /api/v1/… and Azure deployments.
func extractOpenAI(req *Request, body []byte) (*Envelope, error) {
	p := strings.TrimSuffix(req.Path, "/")
	env := &Envelope{}
	c := newCollector(env)
	switch {
	case hasEndpoint(p, "audio/transcriptions"), hasEndpoint(p, "audio/translations"):
		env.Kind = KindAudio
		return env, multipartFields(c, contentType(req), body, map[string]Kind{"prompt": UserText})
	case hasEndpoint(p, "images/edits"), hasEndpoint(p, "images/variations"):
		env.Kind = KindImage
		if isMultipart(contentType(req)) {
			return env, multipartFields(c, contentType(req), body, map[string]Kind{"prompt": UserText})
		}
	case hasEndpoint(p, "files"), strings.Contains(p, "/uploads/") && strings.HasSuffix(p, "/parts"):
		env.Kind = KindUpload
		return env, multipartFields(c, contentType(req), body, nil)
	}
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	env.Model = root.get("model").strVal()
	env.Stream = root.get("stream").is(jBool) && root.get("stream").str == "true"
	switch {
	case hasEndpoint(p, "chat/completions"):
		env.Kind = KindChat
		env.Stateless = true
		chatMessages(c, root.get("messages"), "messages")
		requestExtras(c, root)
	case hasEndpoint(p, "responses"):
		env.Kind = KindChat
		responsesBody(c, root)
		requestExtras(c, root)
		env.Stateless = env.ConversationID == "" // no earlier response or conversation of the service's
	case hasEndpoint(p, "completions"):
		env.Kind = KindCompletion
		env.Stateless = true
		c.strs(root.get("prompt"), UserText, "prompt")
		c.str(root.get("suffix"), UserText, "suffix")
	case hasEndpoint(p, "embeddings"):
		env.Kind = KindEmbedding
		c.strs(root.get("input"), UserText, "input")
	case hasEndpoint(p, "moderations"):
		env.Kind = KindOther
		in := root.get("input")
		if in.is(jArray) {
			for i, e := range in.vals {
				if e.is(jObject) {
					c.str(e.get("text"), UserText, indexName("input", i, ".text"))
				} else {
					c.str(e, UserText, indexName("input", i, ""))
				}
			}
		} else {
			c.str(in, UserText, "input")
		}
	case hasEndpoint(p, "images/generations"), hasEndpoint(p, "images/edits"):
		env.Kind = KindImage
		c.str(root.get("prompt"), UserText, "prompt")
		// the JSON edits call names its images by address or inline
		// ({"image_url": …} or {"file_id": …}), the mask likewise
		if imgs := root.get("images"); imgs.is(jArray) {
			for i, im := range imgs.vals {
				fileRef(c, im.get("image_url"), indexName("images", i, ".image_url"), UninspectedImageURL)
			}
		}
		fileRef(c, root.get("mask").get("image_url"), "mask.image_url", UninspectedImageURL)
	case hasEndpoint(p, "audio/speech"):
		env.Kind = KindAudio
		c.str(root.get("input"), UserText, "input")
		c.str(root.get("instructions"), SystemText, "instructions")
	default:
		return nil, fmt.Errorf("%w: no OpenAI endpoint in path %q", ErrMalformed, req.Path)
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func hasEndpoint(p, ep string) bool {
	return p == ep || strings.HasSuffix(p, "/"+ep)
}

// lastRole returns the index of the last element of msgs whose role field
// (or author.role) is role, or -1.
func lastRole(msgs *jval, role string) int {
	if !msgs.is(jArray) {
		return -1
	}
	for i := len(msgs.vals) - 1; i >= 0; i-- {
		m := msgs.vals[i]
		if m.get("role").strVal() == role || m.path("author", "role").strVal() == role {
			return i
		}
	}
	return -1
}

// roleKind maps a chat role to a field kind; user turns before the last
// assistant turn are History.
func roleKind(role string, i, lastAssistant int) Kind {
	switch role {
	case "system", "developer":
		return SystemText
	case "assistant", "model", "bot":
		return History
	case "tool", "function", "ipython":
		return ToolOutput
	default:
		if i < lastAssistant {
			return History
		}
		return UserText
	}
}

// answerRole reports a role that is not the person's: the model's, a
// tool's, the operator's (roleKind's cases but the default).
func answerRole(role string) bool {
	switch role {
	case "system", "developer", "assistant", "model", "bot", "tool", "function", "ipython":
		return true
	}
	return false
}

// chatMessages reads OpenAI chat messages: content is a string or a list
// of parts ({"type":"text","text"}, {"type":"file","file":{…}}).
func chatMessages(c *collector, msgs *jval, name string) {
	if !msgs.is(jArray) {
		return
	}
	la := lastRole(msgs, "assistant")
	for i, m := range msgs.vals {
		role := m.get("role").strVal()
		k := roleKind(role, i, la)
		n := len(c.env.Fields)
		contentParts(c, m.get("content"), k, indexName(name, i, ".content"))
		c.userTurn(n, role, k)
		c.str(m.get("name"), k, indexName(name, i, ".name")) // the participant's name, which the model reads
		// An earlier turn's tool calls come back with every request: as
		// history they are scanned once (cached), not on every turn.
		if calls := m.get("tool_calls"); calls.is(jArray) {
			for j, tc := range calls.vals {
				c.str(tc.path("function", "arguments"), History, indexName(indexName(name, i, ".tool_calls"), j, ".function.arguments"))
			}
		}
	}
}

// requestExtras reads what a chat request carries beside its messages that
// the service stores or the model reads: the end user's id (user) and the
// metadata values, as the user's text; the tools and a structured-output
// schema, which the developer writes like a system prompt, as system text
// (schemaText). Before, a name and an IBAN in metadata or a tool
// description reached the service unscanned.
func requestExtras(c *collector, root *jval) {
	c.str(root.get("user"), UserText, "user")
	if md := root.get("metadata"); md.is(jObject) {
		for i, k := range md.keys {
			c.str(md.vals[i], UserText, "metadata."+k)
		}
	}
	if tools := root.get("tools"); tools.is(jArray) {
		for i, t := range tools.vals {
			schemaText(c, t, indexName("tools", i, ""))
		}
	}
	schemaText(c, root.get("response_format"), "response_format")
	schemaText(c, root.get("functions"), "functions") // the chat API's older function calling
	if tx := root.get("text"); tx.is(jObject) {
		schemaText(c, tx.get("format"), "text.format") // the Responses API's structured output
	}
}

// schemaText reads what a developer writes around a request: tools and
// structured-output schemas. Every string in them (a function's name and
// description, a property's title, enum values, examples) is Schema text,
// scanned (inspect.scan_schemas, on by default) with its own field kind, so
// that the policy can let a schema's enum ["Schwerbehinderung", "Pflegegrad
// 3", "keine"] pass, which read as the user's text blocked every request
// that sent it. Ids, URLs and settings words aside (unread's rules).
func schemaText(c *collector, v *jval, name string) {
	wc := *c
	wc.words = true
	walkStrings(&wc, v, Schema, name, 0, nil)
}

// contentParts reads a content value that is a string or a list of parts.
func contentParts(c *collector, v *jval, k Kind, name string) {
	defer c.decodedFrom(len(c.env.Fields), k) // files of an earlier turn are that turn's (Field.FromHistory)
	if v.is(jString) {
		c.str(v, k, name)
		return
	}
	if !v.is(jArray) {
		return
	}
	for j, part := range v.vals {
		pn := indexName(name, j, "")
		if part.is(jString) {
			c.str(part, k, pn)
			continue
		}
		switch part.get("type").strVal() {
		case "text", "input_text", "output_text", "":
			c.str(part.get("text"), k, pn+".text")
		case "file":
			f := part.get("file")
			markRead(f.get("filename"), f.get("file_data"))
			inlineFile(c, f.get("filename").strVal(), f.get("file_data").strVal())
		case "input_file":
			markRead(part.get("filename"), part.get("file_data"))
			inlineFile(c, part.get("filename").strVal(), part.get("file_data").strVal())
			fileRef(c, part.get("file_url"), pn+".file_url", UninspectedFileURL)
		case "image_url": // {"url": …} or, in older clients and Mistral, the URL itself
			if iu := part.get("image_url"); iu.is(jObject) {
				fileRef(c, iu.get("url"), pn+".image_url.url", UninspectedImageURL)
			} else {
				fileRef(c, iu, pn+".image_url", UninspectedImageURL)
			}
		case "input_image": // the Responses API's
			fileRef(c, part.get("image_url"), pn+".image_url", UninspectedImageURL)
		case "document_url": // Mistral's
			fileRef(c, part.get("document_url"), pn+".document_url", UninspectedFileURL)
		case "input_audio":
			ia := part.get("input_audio")
			markRead(ia.get("data"), ia.get("format"))
			if d := ia.get("data").strVal(); d != "" {
				inlineBase64(c, pn+".input_audio", "audio/"+ia.get("format").strVal(), d)
			}
		}
	}
}

// inlineFile reports a data URL ("data:application/pdf;base64,…", also
// percent-encoded) or plain base64 string as a File field. Images, audio
// and video (MediaKind: by their bytes, not by the declared type) are not
// read but counted for the policy (Envelope.Uninspected). What does not
// decode is reported as a file no extractor reads (undecodableFile): the
// pipeline blocks it rather than let it pass unread.
func inlineFile(c *collector, name, data string) {
	if data == "" {
		return
	}
	ct := ""
	var raw []byte
	if mt, b, undecodable, ok := dataURL(data); ok {
		ct, raw = mt, b
		if undecodable {
			c.file(name, ct, undecodableFile)
			return
		}
	} else if b, err := decodeBase64(data); err == nil {
		raw = b
	} else {
		c.file(name, ct, undecodableFile)
		return
	}
	c.decodedFile(name, ct, raw)
}

// inlineBase64 reads data, the base64 of a file that a request declares as
// mediaType (Anthropic's base64 source, Gemini's inlineData, OpenAI's
// input_audio), as inlineFile reads a data URL. The two are not joined
// into one ("data:" + mediaType + ";base64," + data): a media type with a
// comma ("text/plain,") ended that URL's header early, and the base64
// letters were read as the file's text, never decoded.
func inlineBase64(c *collector, name, mediaType, data string) {
	ct := strings.ToLower(strings.TrimSpace(mediaType))
	if mt, _, err := mime.ParseMediaType(mediaType); err == nil {
		ct = mt
	} else if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = strings.TrimSpace(ct[:i])
	}
	raw, err := decodeBase64(data)
	if err != nil {
		c.file(name, ct, undecodableFile)
		return
	}
	c.decodedFile(name, ct, raw)
}

// decodedFile reports the decoded bytes of an inline file: an image, audio
// or video (by its bytes, MediaKind) as uninspected content of that kind,
// anything else as a file whose text is read.
func (c *collector) decodedFile(name, ct string, raw []byte) {
	if out, kind, st := c.inflate(raw, false); st == inflated {
		// gzip, zstd or zlib (inflate), under any declared type: the
		// file it unpacks to (sec19)
		c.file(name+" ("+kind+")", "", out)
		return
	} else if st == inflateFailed {
		c.file(name, ct, undecodableFile)
		return
	}
	if k := MediaKind(ct, raw); k != "" {
		c.medium(k, name, raw)
		return
	}
	c.file(name, ct, raw)
}

// responsesBody reads a Responses API body (also Codex).
func responsesBody(c *collector, root *jval) {
	c.str(root.get("instructions"), SystemText, "instructions")
	markID(root.get("conversation"), root.get("previous_response_id"))
	if conv := root.get("conversation"); conv.is(jString) {
		c.env.ConversationID = conv.str
	} else if conv.is(jObject) {
		c.env.ConversationID = conv.get("id").strVal()
	} else if prev := root.get("previous_response_id"); prev.is(jString) {
		c.env.ConversationID = prev.str
	}
	in := root.get("input")
	if in.is(jString) {
		c.str(in, UserText, "input")
		return
	}
	if !in.is(jArray) {
		return
	}
	la := lastRole(in, "assistant")
	for i, item := range in.vals {
		name := indexName("input", i, "")
		switch item.get("type").strVal() {
		case "function_call_output", "custom_tool_call_output", "computer_call_output":
			if out := item.get("output"); out.is(jString) {
				c.str(out, ToolOutput, name+".output")
			} else if out.is(jObject) {
				// a computer_screenshot: {"type", "image_url"}
				fileRef(c, out.get("image_url"), name+".output.image_url", UninspectedImageURL)
			} else {
				contentParts(c, out, ToolOutput, name+".output")
			}
		case "message", "":
			role := item.get("role").strVal()
			k := roleKind(role, i, la)
			n := len(c.env.Fields)
			contentParts(c, item.get("content"), k, name+".content")
			c.userTurn(n, role, k)
		case "function_call", "custom_tool_call":
			// the model's earlier calls, resent with every turn (Codex):
			// history, scanned once
			c.str(item.get("arguments"), History, name+".arguments")
			c.str(item.get("input"), History, name+".input")
		case "reasoning":
			if sum := item.get("summary"); sum.is(jArray) {
				for j, s := range sum.vals {
					c.str(s.get("text"), History, indexName(name+".summary", j, ".text"))
				}
			}
		}
	}
}
