package providers

import (
	"cmp"
	"fmt"
	"net/http"
	"strings"
)

// geminiAdapter reads the Gemini API and Vertex AI generateContent,
// streamGenerateContent and countTokens.
type geminiAdapter struct{}

func (geminiAdapter) Name() string { return "gemini" }

func (geminiAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	root, err := parseProtoJSON(body)
	if err != nil {
		return nil, err
	}
	if !root.is(jObject) {
		return nil, fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	env := &Envelope{Kind: KindChat, Stream: strings.HasSuffix(req.Path, ":streamGenerateContent"),
		// every request carries the conversation, unless it names content
		// the service keeps (cachedContent, created by an earlier request)
		Stateless: !geminiGet(root, "cachedContent", "cached_content").is(jString)}
	if i := strings.LastIndex(req.Path, "/models/"); i >= 0 {
		env.Model, _, _ = strings.Cut(req.Path[i+len("/models/"):], ":")
	}
	top := root
	// Google's Code Assist API (Gemini Code Assist, Gemini CLI signed in
	// with a Google account; POST /v1internal:…) wraps the same request:
	// {model, project, user_prompt_id, request: {contents,
	// systemInstruction, tools, generationConfig, …}}, its countTokens
	// {request: {model, contents}} (gemini-cli's
	// packages/core/src/code_assist/converter.ts). Read from the wrapper,
	// the prompt was user text and the system prompt and the tools'
	// schemas as well.
	if strings.HasPrefix(req.Path, "/v1internal:") {
		if r := root.get("request"); r.is(jObject) {
			root = r
			env.Stateless = !geminiGet(root, "cachedContent", "cached_content").is(jString)
			env.Model = cmp.Or(top.get("model").strVal(), root.get("model").strVal())
		}
	}
	if strings.HasSuffix(req.Path, ":countTokens") {
		env.Kind = KindOther
		if g := geminiGet(root, "generateContentRequest", "generate_content_request"); g.is(jObject) {
			root = g
		}
	}
	c := newCollector(env)
	geminiParts(c, geminiGet(root, "systemInstruction", "system_instruction").get("parts"), SystemText, "systemInstruction.parts")
	contents := root.get("contents")
	if contents.is(jArray) {
		la := lastRole(contents, "model")
		for i, ct := range contents.vals {
			role := ct.get("role").strVal()
			k := roleKind(role, i, la)
			n := len(c.env.Fields)
			geminiParts(c, ct.get("parts"), k, indexName("contents", i, ".parts"))
			c.userTurn(n, role, k)
		}
	}
	// A function's description, and those of its parameters, are the
	// developer's text, as in the OpenAI and Anthropic adapters.
	if tools := root.get("tools"); tools.is(jArray) {
		for i, t := range tools.vals {
			schemaText(c, t, indexName("tools", i, ""))
		}
	}
	if gc := geminiGet(root, "generationConfig", "generation_config"); gc.is(jObject) {
		// a structured-output schema is the developer's, as a tool's is
		schemaText(c, geminiGet(gc, "responseSchema", "response_schema"), "generationConfig.responseSchema")
		schemaText(c, geminiGet(gc, "responseJsonSchema", "response_json_schema"), "generationConfig.responseJsonSchema")
	}
	if err := unread(c, top); err != nil {
		return nil, err
	}
	return env, nil
}

// geminiGet returns the member camel (lowerCamelCase) or, when there is
// none, snake (its snake_case spelling): the Gemini and Vertex REST APIs
// accept both (proto3 JSON), and Google's own curl examples send
// system_instruction and inline_data.
func geminiGet(v *jval, camel, snake string) *jval {
	if m := v.get(camel); m != nil {
		return m
	}
	return v.get(snake)
}

func geminiParts(c *collector, parts *jval, k Kind, name string) {
	defer c.decodedFrom(len(c.env.Fields), k) // files of an earlier turn are that turn's (Field.FromHistory)
	if !parts.is(jArray) {
		return
	}
	for j, p := range parts.vals {
		c.str(p.get("text"), k, indexName(name, j, ".text"))
		if in := geminiGet(p, "inlineData", "inline_data"); in.is(jObject) {
			mtv, data := geminiGet(in, "mimeType", "mime_type"), in.get("data")
			markRead(mtv, data)
			inlineBase64(c, indexName(name, j, ".inlineData"), mtv.strVal(), data.strVal())
		}
		if fd := geminiGet(p, "fileData", "file_data"); fd.is(jObject) {
			// A file uploaded through the Files API (inspected at its
			// upload) or one the service fetches by address (gs://, a
			// web page, a video), which schleuse never sees.
			uri, mt := geminiGet(fd, "fileUri", "file_uri"), geminiGet(fd, "mimeType", "mime_type")
			markRead(mt)
			kind := UninspectedFileURL
			if strings.HasPrefix(strings.ToLower(mt.strVal()), "image/") {
				kind = UninspectedImageURL
			}
			if geminiFile(uri.strVal()) {
				markRead(uri)
			} else {
				fileRef(c, uri, indexName(name, j, ".fileData.fileUri"), kind)
			}
		}
		if fr := geminiGet(p, "functionResponse", "function_response"); fr.is(jObject) {
			walkStrings(c, fr.get("response"), ToolOutput, indexName(name, j, ".functionResponse"), 0, nil)
			// Gemini 3's multimodal function responses: inlineData and
			// fileData parts inside the functionResponse (a PDF, an image
			// a tool returns), read as a message's parts are. Before, their
			// base64 was passed over by unread as a blob.
			geminiParts(c, fr.get("parts"), ToolOutput, indexName(name, j, ".functionResponse.parts"))
		}
	}
}

func (geminiAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 400 {"error":{"code":400,"message","status":"INVALID_ARGUMENT"}}.
func (geminiAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	// The body's code and status name the answer's status, as Google's
	// own errors do (a failed send: 502 UNAVAILABLE, 504 DEADLINE_EXCEEDED).
	st, status := errorStatus(n), "INVALID_ARGUMENT"
	switch {
	case st == http.StatusGatewayTimeout:
		status = "DEADLINE_EXCEEDED"
	case st >= 500:
		status = "UNAVAILABLE"
	}
	return jsonAnswer(st, n, map[string]any{"error": map[string]any{
		"code": st, "message": noticeText(n), "status": status,
	}})
}

// ResponseFormat: ?alt=sse streams SSE; otherwise a JSON array is streamed.
func (geminiAdapter) ResponseFormat(req *Request, env *Envelope) ResponseFormat {
	if env != nil && env.Stream && req != nil && req.Query.Get("alt") == "sse" {
		return ResponseFormat{Kind: "sse"}
	}
	return ResponseFormat{Kind: "json"}
}

// geminiFile reports a fileUri of the Gemini Files API
// (https://generativelanguage.googleapis.com/v1beta/files/abc): a file
// uploaded through the proxy, whose text was inspected at its upload.
func geminiFile(uri string) bool {
	rest, ok := strings.CutPrefix(uri, "https://generativelanguage.googleapis.com/")
	return ok && strings.Contains(rest, "/files/") && !strings.ContainsAny(rest, "?#@")
}
