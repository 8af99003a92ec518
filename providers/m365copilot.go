package providers

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// m365CopilotAdapter reads Microsoft 365 Copilot Chat
// (substrate.office.com; the catalogue's m365-copilot, off until IT
// enables it): the chat WebSocket /m365Copilot/Chathub/{oid}@{tid}, in
// SignalR's JSON protocol, every record ended by the record separator
// 0x1E, several records to a message at times. The prompt is an
// invocation (type 4, target "chat") whose arguments[0].message.text is
// the person's text; the answer comes as updates (type 1) and a final
// item (type 2, item.result.message). Source: Microsoft's PyRIT
// (microsoft/PyRIT, pyrit/prompt_target/websocket_copilot_target.py:
// _build_prompt_message, _parse_raw_message, _upload_image_async) and
// SignalR's HubProtocol specification. Checked against it: the person's
// text is only in arguments[0].message.text; the rest (optionsSets,
// messageAnnotations with an uploaded file's name, locationInfo) is read
// as unread. An image goes first to POST /m365Copilot/UploadFile, a form
// whose FileBase64 is a data URL: no route, read by the fallback
// (formFile), the file decoded. Read again against mbrg/power-pwn
// (src/powerpwn/copilot/copilot_connector/copilot_connector.py: gpts,
// threadLevelGptId, plugins; Teams' "teamshub" on the same WebSocket) and
// the Sydney shape Bing's chat shares (message.imageUrl, previousMessages
// with a page's text, a knowledge request): every such member is a string
// unread reads (a data URL as its file), so nothing passes unread
// (TestM365CopilotEveryUserField); a binary (MessagePack) message is
// refused by the proxy's WebSocket reader.
type m365CopilotAdapter struct{}

func (m365CopilotAdapter) Name() string { return "m365-copilot" }

// recordSep ends every SignalR JSON record.
const recordSep = 0x1e

// Extract reads a request other than the WebSocket (none is routed here
// but the chat's upgrade, which carries no body): as the fallback does.
func (m365CopilotAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	return Fallback().Extract(req, body)
}

func (m365CopilotAdapter) Apply(req *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

func (m365CopilotAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return genericAnswer(n) }

// WSFrame reads a client message record by record: the invocations'
// arguments[*].message.text as the prompt, every other string as the
// rest of a request is (unread). A message without such text (the
// handshake {"protocol":"json","version":1}, pings) is nil; a record that
// is not JSON fails, and the message is blocked.
func (m365CopilotAdapter) WSFrame(_ *Request, clientToServer bool, msg []byte) (*Envelope, error) {
	if !clientToServer {
		return nil, nil
	}
	env := &Envelope{Kind: KindOther, meta: map[string]string{}}
	for start := 0; start < len(msg); {
		end := bytes.IndexByte(msg[start:], recordSep)
		if end < 0 {
			end = len(msg) - start // a last record without its separator
		}
		end += start
		if len(bytes.TrimSpace(msg[start:end])) > 0 {
			if err := m365Record(env, msg, start, end); err != nil {
				return nil, err
			}
		}
		start = end + 1
	}
	if len(env.Fields) == 0 && len(env.Uninspected) == 0 {
		return nil, nil
	}
	return env, nil
}

// m365LocalFiles counts each document attached to the message as a
// LocalFile annotation as a file the service reads by address
// (UninspectedFileURL), which the policy decides on (KI-RL-3.6 refuses it
// by default): Copilot Chat's web client uploads a document from the
// person's computer not through the chat's host but through Microsoft
// Graph into OneDrive (GET/POST graph.microsoft.com
// /me/drive/special/copilotuploads…:/createUploadSession, then PUT to the
// upload URL) and attaches it by its SharePoint address, {"id":
// "SPO_…", "text": file name, "url": "https://<tenant>.sharepoint.com/…",
// "messageAnnotationType": "LocalFile"} (the m365-copilot client's README,
// "Files (documents) use a different channel entirely", verified live by
// its authors, 2026). Neither host is the service's in the catalogue, so
// schleuse never sees the bytes; before, the annotation's name and address
// were read as text and the document reached Copilot unread. The name is
// still read (unread).
func m365LocalFiles(c *collector, anns *jval) {
	if !anns.is(jArray) {
		return
	}
	for _, a := range anns.vals {
		if strings.EqualFold(strings.TrimSpace(a.get("messageAnnotationType").strVal()), "LocalFile") {
			markRead(a.get("url"))
			c.uninspected(UninspectedFileURL)
		}
	}
}

// m365Record reads the record msg[start:end] into env.
func m365Record(env *Envelope, msg []byte, start, end int) error {
	root, err := parseJSON(msg[start:end])
	if err != nil {
		return fmt.Errorf("m365 copilot record: %w", err)
	}
	c := newCollector(env).inner(layer{kind: layerRaw, start: start, end: end})
	markID(root.get("target"))
	m365ID(c, root.get("invocationId"), "invocationId")
	if typ := root.get("type"); typ.is(jNumber) && (typ.str == "4" || typ.str == "1") && root.get("target").strVal() == "chat" {
		env.Kind, env.Stream = KindChat, true
		env.meta["invocationId"] = root.get("invocationId").strVal()
		env.meta["invocationType"] = typ.str
		if args := root.get("arguments"); args.is(jArray) {
			for i, a := range args.vals {
				m := a.get("message")
				c.str(m.get("text"), UserText, "arguments["+strconv.Itoa(i)+"].message.text")
				markID(m.get("author"), m.get("inputMethod"), a.get("source"))
				m365LocalFiles(c, m.get("messageAnnotations"))
				m365ID(c, m.get("requestId"), "arguments["+strconv.Itoa(i)+"].message.requestId")
				m365ID(c, a.get("conversationId"), "arguments["+strconv.Itoa(i)+"].conversationId")
				if id := a.get("conversationId").strVal(); id != "" {
					env.ConversationID = id
				}
			}
		}
	}
	return unread(c, root)
}

// m365ID marks v, an id Copilot's client writes as a UUID, as hex or as a
// small counter (PyRIT's websocket_copilot_target.py: requestId
// uuid4().hex, conversationId a UUID; SignalR's invocationId counts from
// "0"), as read, and reads any other value as the person's text: markID
// passes a value without white space, so a tax ID or a name written as
// the requestId went out unread.
func m365ID(c *collector, v *jval, name string) {
	if v.is(jString) && !isUUID(v.str) && !isHex(v.str) && !smallCounter(v.str) {
		c.str(v, UserText, name)
		return
	}
	markID(v)
}

// smallCounter reports one to six decimal digits.
func smallCounter(s string) bool {
	if len(s) == 0 || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (m365CopilotAdapter) WSApply(_ *Request, msg []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(msg, env, edits)
}

// WSBlock drops the invocation and answers it as Copilot would: the
// notice as the bot's message (an update), then the invocation's result
// and its completion, so that the chat shows the notice and takes the
// next prompt. A stream invocation (type 4, as Copilot sends its chat)
// gets the result as a stream item (type 2) and an empty completion; an
// invocation (type 1) gets it in its completion (type 3, "result"), as
// SignalR's clients take no stream item for it (invoke fails with
// "Unexpected message type: 2"), and one without an id (no answer
// awaited) none.
func (m365CopilotAdapter) WSBlock(_ *Request, env *Envelope, n Notice) [][]byte {
	id, typ := "", ""
	if env != nil {
		id, typ = env.meta["invocationId"], env.meta["invocationType"]
	}
	text := noticeText(n)
	record := func(v map[string]any) []byte { return append(marshal(v), recordSep) }
	out := [][]byte{record(map[string]any{"type": 1, "target": "update", "arguments": []any{map[string]any{
		"messages": []any{map[string]any{"text": text, "author": "bot", "messageId": "schleuse"}}}}})}
	result := map[string]any{"value": "Success", "message": text}
	switch {
	case typ == "1" && id == "":
	case typ == "1":
		out = append(out, record(map[string]any{"type": 3, "invocationId": id, "result": result}))
	default:
		out = append(out, record(map[string]any{"type": 2, "invocationId": id, "item": map[string]any{"result": result}}),
			record(map[string]any{"type": 3, "invocationId": id}))
	}
	return out
}

// ResponseFormat: server messages are restored one at a time, as JSON
// when a message is one record (the restorer takes a record's 0x1E as the
// end of its line); their texts are cumulative (each update repeats the
// answer so far), so no placeholder is split across them.
// The answer's text is the bot's messages of an update
// (arguments[0].messages[*].text beside "author":"bot", not the person's
// own) and of the final item, and the item's result.message.
func (m365CopilotAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "ws", Cumulative: true, App: true,
		Text: "arguments.#.messages.#.text?author=bot,item.messages.#.text?author=bot,item.result.message"}
}
