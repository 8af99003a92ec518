package providers

import (
	"net/http"
	"strconv"
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
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	env := &Envelope{Kind: KindChat}
	c := newCollector(env)
	if strings.Contains(req.Path, "/api/trpc/") {
		if strings.Contains(req.Path, "/api/trpc/file.") {
			env.Kind = KindUpload // file.uploadFile: the file's name and size, before its bytes
		}
		if strings.Contains(req.Path, "file.uploadFile") {
			// The bytes go to an Azure storage outside the catalogue:
			// the policy decides on a file nobody reads (KI-RL-3.6).
			c.uninspected(UninspectedFileUpload)
		}
		for i, k := range root.keys { // batch: {"0":{"json":{…}}, "1":…}
			j := root.vals[i].get("json")
			if env.Model == "" {
				env.Model = j.get("model").strVal()
			}
			contentParts(c, j.get("content"), UserText, k+".json.content")
		}
		if err := unread(c, root); err != nil {
			return nil, err
		}
		return env, nil
	}
	env.Stream = true
	env.ConversationID = root.get("chatId").strVal()
	env.Model = root.get("model").strVal()
	contentParts(c, root.get("messageInput"), UserText, "messageInput")
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (leChatAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers a message sent to /api/chat with the notice as the
// assistant's reply in the stream the chat reads there: lines of the Vercel
// AI SDK data stream (v4 protocol, text/plain with X-Vercel-AI-Data-Stream:
// v1), the text as one `0:"…"` part, then the step's and the message's
// finish parts `e:` and `d:` with finishReason "stop". The proxy's "lines"
// restorer and the test clients read it as they read Le Chat's answers.
// That Le Chat's page renders these parts as a reply rests on the notes
// (the design's wire-format notes, §8, confidence L-M: 2025 clients) and on the SDK's
// documented protocol, not on a capture of chat.mistral.ai: only a browser
// against the real service can prove it. A tRPC call (message.newChat,
// which carries the first message of a new chat) gets tRPC's own error
// (trpcError), whose message a tRPC client hands to the app; whether Le
// Chat shows that message or its own error is not known. Uploads keep the
// generic 403 JSON. A /api/chat request whose body was not read (over
// inspect.max_body_bytes, corrupt compression) gets the stream too.
func (leChatAdapter) Block(req *Request, env *Envelope, n Notice) Answer {
	chat := env != nil && env.Kind == KindChat && env.Stream
	if env == nil || env.Kind == "" {
		chat = req != nil && strings.TrimSuffix(req.Path, "/") == "/api/chat" && !isMultipart(contentType(req))
	}
	if req != nil && strings.Contains(req.Path, "/api/trpc/") && !isMultipart(contentType(req)) {
		return trpcError(req, n)
	}
	if !chat {
		if isMultipart(contentType(req)) {
			// An upload (/api/file): its error format is unknown, so the
			// notice as German text.
			return textAnswer(n, nil)
		}
		return genericAnswer(n)
	}
	finish := map[string]any{"finishReason": "stop", "usage": map[string]any{"promptTokens": 0, "completionTokens": 0}}
	var b []byte
	b = append(b, "0:"...)
	b = append(b, marshal(noticeText(n))...)
	b = append(b, "\ne:"...)
	b = append(b, marshal(map[string]any{"finishReason": "stop", "usage": finish["usage"], "isContinued": false})...)
	b = append(b, "\nd:"...)
	b = append(b, marshal(finish)...)
	b = append(b, '\n')
	h := baseHeader("text/plain; charset=utf-8", n)
	h.Set("X-Vercel-AI-Data-Stream", "v1")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	return Answer{Status: http.StatusOK, Header: h, Body: b}
}

// ResponseFormat: /api/chat streams lines `0:"delta"`, the answer's text.
func (leChatAdapter) ResponseFormat(_ *Request, env *Envelope) ResponseFormat {
	if env != nil && env.Stream {
		return ResponseFormat{Kind: "lines", Text: "lines:0", App: true}
	}
	return ResponseFormat{Kind: "json"}
}

// trpcError answers a tRPC call (POST /api/trpc/<procedure>[,<procedure>…])
// with tRPC's error, FORBIDDEN (JSON-RPC code -32003, HTTP 403), in the
// superjson envelope the request uses ({"json":…}): one per procedure in an
// array for a batch (?batch=1), else one object. A tRPC client raises it
// as a TRPCClientError whose message is the notice (trpc.io, error
// handling; the HTTP RPC specification).
func trpcError(req *Request, n Notice) Answer {
	procs := strings.Split(strings.TrimPrefix(req.Path[strings.Index(req.Path, "/api/trpc/")+len("/api/trpc/"):], "/"), ",")
	one := func(proc string) map[string]any {
		return map[string]any{"error": map[string]any{"json": map[string]any{
			"message": noticeText(n), "code": -32003,
			"data": map[string]any{"code": "FORBIDDEN", "httpStatus": http.StatusForbidden, "path": proc},
		}}}
	}
	if req.Query.Get("batch") != "1" {
		return jsonAnswer(http.StatusForbidden, n, one(procs[0]))
	}
	out := make([]any, len(procs))
	for i, p := range procs {
		out[i] = one(p)
	}
	return jsonAnswer(http.StatusForbidden, n, out)
}
