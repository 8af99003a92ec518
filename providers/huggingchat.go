package providers

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// huggingChatAdapter reads HuggingChat (huggingface.co/chat/, the
// catalogue's shared-host entry huggingchat), which runs Hugging Face's
// open-source chat-ui under the base path /chat. The formats are those of
// chat-ui's own source (github.com/huggingface/chat-ui), read in the code
// index in several stored versions, not checked against the live service:
//
//   - POST /chat/conversation (src/routes/conversation/+server.ts, e.g.
//     commit 985dfff5970959a7855fdcfb4ebe0f56a9d2e7ab): JSON {"model",
//     "preprompt", "fromShare", "assistantId"}, which creates a
//     conversation; the preprompt is the system prompt of every answer.
//   - POST /chat/conversation/{id} (src/routes/conversation/[id]/+server.ts):
//     a message. Since 2024 a multipart form (the client's
//     src/lib/utils/messageUpdates.ts, fetchMessageUpdates, e.g. commit
//     e91cac724aa48dbf3b1e8f40368b940702f5091e): a part "data" holding
//     JSON {"inputs", "id", "is_retry", "is_continue", "web_search",
//     "tools"}, and a part "files" per attachment whose file name is
//     "base64;<name>" (its content the file's base64) or "hash;<name>"
//     (the sha of a file sent before). Earlier versions (commits
//     64194d5da97627336719535073b6c2a6e55b4862,
//     015fc898178c26ec3afc67f5a908d409a1b232d2) took the same JSON as the
//     body, files as base64 strings in "files"; both are read.
//   - POST /chat/api/v2/chat/stream (src/routes/api/v2/chat/stream/+server.ts,
//     commit 4788d7f1d2b32eae42c03da26557bd9bdcbef8e3): chat-ui's stateless
//     chat, the conversation kept in the browser and sent whole with every
//     message: JSON {"model", "messages": [{"from": "user"|"assistant"|
//     "system", "content"}], "preprompt", "selectedMcpServers", "timezone"};
//     answered with the same MessageUpdate lines (as application/jsonl).
//     Before, it had no route: the fallback read it, and a name blocked the
//     message instead of leaving as a placeholder.
//
// The answer of a message is one JSON MessageUpdate per line
// (src/lib/types/MessageUpdate.ts, commit
// 4cb6ea98fb307046f9f92d2d86b9992627eb21a9), sent as text/event-stream
// though it holds no SSE events: {"type":"status","status":"started"},
// {"type":"stream","token":…} for each piece of the answer, padded with
// NUL characters to 16 (against a side channel on packet lengths; the
// client drops them), {"type":"finalAnswer","text":…,"interrupted":false}
// with the whole answer, then 4096 spaces without a line break. The client
// splits the body at LF and JSON-parses each line.
type huggingChatAdapter struct{}

func (huggingChatAdapter) Name() string { return "huggingchat" }

// hfMessage reports a request that posts a message (not the creation of
// a conversation): /chat/conversation/{id}.
func hfMessage(req *Request) bool {
	if req == nil {
		return false
	}
	_, rest, ok := strings.Cut(req.Path, "/conversation/")
	return ok && strings.Trim(rest, "/") != ""
}

// hfStateless reports chat-ui's stateless chat: /chat/api/v2/chat/stream.
func hfStateless(req *Request) bool {
	return req != nil && strings.HasSuffix(strings.TrimSuffix(req.Path, "/"), "/api/v2/chat/stream")
}

// hfStatelessChat reads chat-ui's stateless chat: the messages by "from"
// (the person's turns after the last answer the prompt, earlier turns
// history, a system turn and the preprompt system text), every other
// string as unread.
func hfStatelessChat(body []byte) (*Envelope, error) {
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	env := &Envelope{Kind: KindChat, Model: root.get("model").strVal(), Stream: true, Stateless: true}
	c := newCollector(env)
	markID(root.get("model"))
	c.str(root.get("preprompt"), SystemText, "preprompt")
	if msgs := root.get("messages"); msgs.is(jArray) {
		last := -1
		for i, m := range msgs.vals {
			if m.get("from").strVal() == "assistant" {
				last = i
			}
		}
		for i, m := range msgs.vals {
			markID(m.get("from"))
			role := m.get("from").strVal()
			k := roleKind(role, i, last)
			n := len(c.env.Fields)
			contentParts(c, m.get("content"), k, indexName("messages", i, ".content"))
			c.userTurn(n, role, k)
		}
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (huggingChatAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	if hfStateless(req) {
		return hfStatelessChat(body)
	}
	if !hfMessage(req) {
		root, err := parseObject(body)
		if err != nil {
			return nil, err
		}
		env := &Envelope{Kind: KindChat, Model: root.get("model").strVal()}
		c := newCollector(env)
		c.str(root.get("preprompt"), SystemText, "preprompt")
		markID(root.get("model"), root.get("fromShare"), root.get("assistantId"))
		if err := unread(c, root); err != nil {
			return nil, err
		}
		return env, nil
	}
	_, rest, _ := strings.Cut(req.Path, "/conversation/")
	env := &Envelope{Kind: KindChat, Stream: true, ConversationID: strings.Trim(rest, "/")}
	c := newCollector(env)
	if ct := contentType(req); isMultipart(ct) {
		return env, hfMultipart(c, ct, body)
	}
	root, err := parseJSON(body)
	if err != nil {
		return nil, err
	}
	return env, hfData(c, root)
}

// hfData reads the message's JSON (the "data" part, or the whole body of
// an earlier chat-ui): inputs as the prompt, files sent inline (base64
// strings, or {"type":"base64","name","mime","value"}) as files,
// everything else as unread.
func hfData(c *collector, root *jval) error {
	if !root.is(jObject) {
		return fmt.Errorf("%w: data is not a JSON object", ErrMalformed)
	}
	c.str(root.get("inputs"), UserText, "inputs")
	// The message id is a UUID (chat-ui's server refuses any other,
	// z.string().uuid()); one that is not is read as text, as an id
	// without white space ("86095742719", "Yılmaz") passed markID unread.
	if id := root.get("id"); id.is(jString) && !isUUID(id.str) {
		c.str(id, UserText, "id")
	} else {
		markID(id)
	}
	if files := root.get("files"); files.is(jArray) {
		for i, f := range files.vals {
			name := indexName("files", i, "")
			switch {
			case f.is(jString):
				markRead(f)
				inlineBase64(c, name, "", f.str)
			case f.is(jObject) && f.get("type").strVal() == "base64" && f.get("value").is(jString):
				v := f.get("value")
				markRead(v)
				markID(f.get("type"), f.get("mime"))
				if n := f.get("name").strVal(); n != "" {
					name = n
					markRead(f.get("name"))
				}
				inlineBase64(c, name, f.get("mime").strVal(), v.str)
			}
		}
	}
	return unread(c, root)
}

// hfMultipart reads a message sent as a multipart form. The "data" part
// is read as JSON in place (its span of the body, then its strings), so
// that Apply rewrites its inputs; a second "data" part is refused, as
// readers differ in which one they take. Each "files" part is the file's
// base64 ("base64;<name>") or a hash of a file already sent
// ("hash;<name>"). Any other part is read as multipartFields reads one.
func hfMultipart(c *collector, ct string, body []byte) error {
	_, params := mediaType(ct)
	boundary := params["boundary"]
	if boundary == "" {
		return fmt.Errorf("%w: multipart without boundary", ErrMalformed)
	}
	if err := outsideParts(body, boundary); err != nil {
		return err
	}
	spans := partSpans(body, boundary)
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	seenData := false
	for i := 0; ; i++ {
		p, data, fn, err := nextPart(r, body, boundary, i)
		if err != nil {
			return err
		}
		if p == nil {
			break
		}
		switch name := p.FormName(); {
		case name == "data" && fn == "":
			if seenData {
				return fmt.Errorf("%w: %w: multipart: a second data part", ErrAmbiguous, ErrMalformed)
			}
			seenData = true
			// The part's bytes as the body holds them: where Go's reader
			// and the scan of the body disagree, nothing can be rewritten
			// safely, and the body is refused.
			if i >= len(spans) || !bytes.Equal(body[spans[i][0]:spans[i][1]], data) {
				return fmt.Errorf("%w: multipart part %d: not found in the body as read", ErrMalformed, i)
			}
			root, err := parseJSON(body[spans[i][0]:spans[i][1]])
			if err != nil {
				return fmt.Errorf("multipart data part: %w", err)
			}
			if err := hfData(c.inner(layer{kind: layerRaw, start: spans[i][0], end: spans[i][1]}), root); err != nil {
				return err
			}
		case name == "files" && fn != "":
			hfFilePart(c, fn, p.Header.Get("Content-Type"), data)
		default:
			// Read as any form's part; a header Go does not parse (a
			// filename twice), which another reader may take for a
			// files part "base64;<name>", has its content decoded as
			// well.
			if c.formPart(p, fn, data, nil) && strings.Contains(fn, "base64;") {
				inlineBase64(c, fn, p.Header.Get("Content-Type"), string(data))
			}
		}
	}
	if !seenData {
		return fmt.Errorf("%w: multipart message without a data part", ErrMalformed)
	}
	c.env.meta = map[string]string{"boundary": boundary, "delims": strconv.Itoa(bytes.Count(body, []byte("--"+boundary)))}
	c.env.fixup = hfFixup
	return nil
}

// hfFilePart reads a "files" part under each name that readers may give
// it (partFileName: filename and filename* on lines of their own, which
// Go's mime and others take differently): "base64;<name>" has its content
// decoded and read as the file, "hash;<name>" (a file sent before, named
// by its sha) its name read and a value that is no hash read as text, any
// other name the content read as a file. Before, a part named both ways
// was read as a file of base64 letters, the decoded file never read.
func hfFilePart(c *collector, fn, ct string, data []byte) {
	other := false
	for n := range strings.SplitSeq(fn, "\n") {
		kind, fname, _ := strings.Cut(n, ";")
		switch kind {
		case "base64":
			inlineBase64(c, fname, ct, string(data))
		case "hash":
			c.env.Fields = append(c.env.Fields, Field{Kind: UserText, Text: fname, Name: "multipart:files.name"})
			if s := string(data); !skipValue(s) {
				c.env.Fields = append(c.env.Fields, Field{Kind: UserText, Text: s, Name: "multipart:files"})
			}
		default:
			other = true
		}
	}
	if other {
		c.file(fn, ct, data)
	}
}

// partSpans returns the byte span of each part's content in a multipart
// body, as a reader that follows RFC 2046 finds them: after the first
// empty line that follows a delimiter line, up to the line break before
// the next delimiter ("--boundary" at the start of a line). Callers check
// each span against what Go's reader returned for that part.
func partSpans(body []byte, boundary string) [][2]int {
	dash := []byte("--" + boundary)
	var spans [][2]int
	// delimiter starts: at the body's start or after LF
	var delims []int
	for i := 0; i < len(body); {
		j := bytes.Index(body[i:], dash)
		if j < 0 {
			break
		}
		j += i
		if j == 0 || body[j-1] == '\n' {
			delims = append(delims, j)
		}
		i = j + len(dash)
	}
	for k := 0; k+1 < len(delims); k++ {
		d, next := delims[k], delims[k+1]
		if bytes.HasPrefix(body[d+len(dash):], []byte("--")) {
			break
		}
		nl := bytes.IndexByte(body[d:next], '\n')
		if nl < 0 {
			return spans
		}
		head := d + nl + 1
		start := -1
		if bytes.HasPrefix(body[head:], []byte("\r\n")) {
			start = head + 2
		} else if bytes.HasPrefix(body[head:], []byte("\n")) {
			start = head + 1
		} else if e := bytes.Index(body[head:next], []byte("\r\n\r\n")); e >= 0 {
			start = head + e + 4
		} else if e := bytes.Index(body[head:next], []byte("\n\n")); e >= 0 {
			start = head + e + 2
		}
		end := next - 1 // the LF before the delimiter
		if end > 0 && body[end-1] == '\r' {
			end--
		}
		if start < 0 || start > end {
			return spans
		}
		spans = append(spans, [2]int{start, end})
	}
	return spans
}

// hfFixup checks a rewritten multipart message: it must hold as many
// delimiters as the original, so that no rewritten text ends or starts a
// part. A placeholder JSON-escaped into the data part's string cannot
// hold a line break, so this never fails unless a boundary is within it.
func hfFixup(body []byte, orig *Envelope) ([]byte, error) {
	if orig.meta == nil {
		return body, nil
	}
	if strconv.Itoa(bytes.Count(body, []byte("--"+orig.meta["boundary"]))) != orig.meta["delims"] {
		return nil, fmt.Errorf("huggingchat: the rewritten text holds the multipart boundary: %w", ErrCannotRedact)
	}
	return body, nil
}

func (huggingChatAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers a message in the chat: the lines chat-ui's client reads
// (text/event-stream, as chat-ui labels them), a status "started", the
// notice as one stream token and as the final answer, so that it stands
// where the assistant's answer would. The creation of a conversation (and
// any other request) gets SvelteKit's error body {"message"} with 403:
// chat-ui's client shows a failed creation's (await res.json()).message as
// its error (src/routes/+page.svelte, createConversation, commit
// 012c1b3b02213c5db04f2e4e1e1b18ac97faa64e), as it does a failed message's
// (fetchMessageUpdates). The client drops the NUL padding of each stream
// token (src/routes/conversation/[id]/+page.svelte: token.replaceAll("\0",
// "")); the notice needs none.
func (huggingChatAdapter) Block(req *Request, env *Envelope, n Notice) Answer {
	t := noticeText(n)
	chat := env != nil && env.Kind == KindChat && env.Stream
	if env == nil || env.Kind == "" {
		chat = hfMessage(req) || hfStateless(req)
	}
	if !chat {
		return jsonAnswer(http.StatusForbidden, n, map[string]any{"message": t})
	}
	return ndjsonAnswer(n, "text/event-stream",
		map[string]any{"type": "status", "status": "started"},
		map[string]any{"type": "stream", "token": t},
		map[string]any{"type": "finalAnswer", "text": t, "interrupted": false})
}

// ResponseFormat: a message's answer is NDJSON whatever its Content-Type
// says (text/event-stream), with the pieces in "token": the answer's
// ({"type":"stream"}) and the reasoning's ({"type":"reasoning","subtype":
// "stream"}, MessageReasoningStreamUpdate in src/lib/types/MessageUpdate.ts),
// two texts told apart by "type" (DeltaBy), and the whole answer in the
// finalAnswer's "text" at the end, which the client shows instead of the
// pieces; the creation of a conversation answers JSON.
func (huggingChatAdapter) ResponseFormat(req *Request, env *Envelope) ResponseFormat {
	if hfMessage(req) || hfStateless(req) {
		return ResponseFormat{Kind: "ndjson", Delta: "token", DeltaBy: "type", Fixed: true, Text: `token="stream",text`, App: true}
	}
	return ResponseFormat{Kind: "json"}
}
