package providers

import (
	"fmt"
	"slices"
	"strings"
)

// openAIRealtimeAdapter reads OpenAI's Realtime API over a WebSocket
// (wss://api.openai.com/v1/realtime, Azure's /openai/realtime and
// /openai/v1/realtime): JSON events with a "type", one to a message.
// Sources: OpenAI's API reference of the client and server events (beta
// and GA names), the openai-python and openai-node SDKs, async-openai's
// RealtimeClientEvent. The client events that carry text:
//
//   - session.update (also transcription_session.update):
//     session.instructions as system text, session.tools as schema, every
//     other string (a transcription prompt, a prompt's variables) as the
//     rest of a request (unread);
//   - conversation.item.create: item, a message (role user: the person's
//     text; system: system text; assistant: history) whose
//     content[*].text (input_text, text, output_text) is read, an audio
//     part's transcript with it; a function_call_output's output as a
//     tool's; a function_call's arguments as history;
//   - response.create: response.instructions as system text,
//     response.input[*] as items above, response.tools as schema.
//
// Audio cannot be inspected: input_audio_buffer.append's audio (base64,
// raw PCM or G.711 without a header the sniffer knows) and an input_audio
// part's audio are counted as audio (Envelope.Uninspected), which the
// policy refuses by default (KI-RL-3.6) with the German notice as a
// Realtime error event the app shows. An image part's data URL is read
// as the file it is (an image counted as such). An event of a type this
// adapter does not know is read by the generic reading (Fallback): its
// findings block, it is never rewritten.
type openAIRealtimeAdapter struct{}

func (openAIRealtimeAdapter) Name() string { return "openai-realtime" }

// Extract reads a request other than the WebSocket (its upgrade carries no
// body) as the fallback does.
func (openAIRealtimeAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	return Fallback().Extract(req, body)
}

func (openAIRealtimeAdapter) Apply(req *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return Fallback().Apply(req, body, env, edits)
}

// Block answers an HTTP request like the API (error.message).
func (openAIRealtimeAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return openAIError(n) }

// realtimeGeneric marks an envelope read by the generic reading (an
// unknown event type): WSApply refuses to rewrite it.
const realtimeGeneric = "generic"

// WSFrame reads one client event. An event without text (commit, cancel,
// clear) is nil; one that is not JSON fails and is blocked.
func (openAIRealtimeAdapter) WSFrame(req *Request, clientToServer bool, msg []byte) (*Envelope, error) {
	if !clientToServer {
		return nil, nil
	}
	root, err := parseJSON(msg)
	if err != nil {
		return nil, fmt.Errorf("openai realtime event: %w", err)
	}
	typ := root.get("type")
	if !typ.is(jString) || !realtimeKnown(typ.str) {
		env, err := Fallback().Extract(req, msg)
		if err != nil {
			return nil, err
		}
		if len(env.Fields) == 0 && len(env.Uninspected) == 0 {
			return nil, nil
		}
		env.meta = map[string]string{realtimeGeneric: "1", "event_id": root.get("event_id").strVal()}
		return env, nil
	}
	env := &Envelope{Kind: KindOther, meta: map[string]string{"event_id": root.get("event_id").strVal()}}
	markID(typ, root.get("event_id"))
	c := newCollector(env)
	switch typ.str {
	case "session.update", "transcription_session.update":
		realtimeSession(c, root.get("session"), "session.")
	case "conversation.item.create":
		markID(root.get("previous_item_id"))
		realtimeItem(c, root.get("item"), "item")
	case "response.create":
		r := root.get("response")
		env.Stream = true
		if realtimeBareResponse(r) {
			env.meta[realtimeBare] = "1"
		}
		c.str(r.get("instructions"), SystemText, "response.instructions")
		schemaText(c, r.get("tools"), "response.tools")
		markID(r.get("conversation"))
		if in := r.get("input"); in.is(jArray) {
			for i, item := range in.vals {
				realtimeItem(c, item, indexName("response.input", i, ""))
			}
		}
		env.Kind = KindChat
	case "input_audio_buffer.append":
		// Spoken input: schleuse cannot read it (no speech recognition
		// of its own), so it is counted and the policy decides.
		env.Kind = KindAudio
		if a := root.get("audio"); a.is(jString) {
			markRead(a)
			c.uninspected(UninspectedAudio)
			env.meta[realtimeChunk] = "1"
		}
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	if len(env.Fields) == 0 && len(env.Uninspected) == 0 {
		return nil, nil
	}
	return env, nil
}

// realtimeChunk marks an envelope of input_audio_buffer.append (WSMedia);
// realtimeBare one of response.create without input of its own.
const (
	realtimeChunk = "chunk"
	realtimeBare  = "bare"
)

// realtimeBareResponse reports whether response.create's response r has
// no input of its own: no instructions and no input items (absent, or an
// empty list). Such a response answers the conversation as it stands,
// whose last input is the audio just committed (push to talk: append …,
// commit, response.create). Its tools, voice or metadata are no input.
func realtimeBareResponse(r *jval) bool {
	if in := r.get("instructions"); in.is(jString) && in.strVal() != "" {
		return false
	}
	if in := r.get("input"); in.is(jArray) && len(in.vals) > 0 {
		return false
	}
	return true
}

// WSMedia implements MediaStreamer: input_audio_buffer.append with nothing
// but its audio is a piece of the spoken input; input_audio_buffer.commit
// and .clear without text refer only to the pieces before. A commit after
// refused pieces would make the service answer with an error of its own
// (input_audio_buffer_commit_empty: the buffer holds no audio), which the
// app would show beside schleuse's notice as if the microphone had failed.
//
// A response.create without input of its own (realtimeBareResponse) is
// MediaAnswer: after refused audio and its dropped commit, the service
// would answer the conversation without them, to nothing the person said.
func (openAIRealtimeAdapter) WSMedia(msg []byte, env *Envelope) MediaRole {
	if env != nil {
		switch {
		case env.meta[realtimeChunk] != "" && len(env.Fields) == 0 && slices.Equal(env.Uninspected, []string{UninspectedAudio}):
			// nothing but the audio: an image beside it (a data URL in
			// another key) is decided by itself, never under the
			// audio's decision
			return MediaChunk
		case env.meta[realtimeBare] != "":
			return MediaAnswer
		}
		return MediaNone
	}
	root, err := parseJSON(msg)
	if err != nil || !root.is(jObject) {
		return MediaNone
	}
	switch root.get("type").strVal() {
	case "input_audio_buffer.commit", "input_audio_buffer.clear":
		return MediaFollow
	case "response.create":
		if realtimeBareResponse(root.get("response")) {
			return MediaAnswer
		}
	}
	return MediaNone
}

// realtimeKnown reports the client event types WSFrame reads by their
// shape; any other goes to the generic reading.
func realtimeKnown(t string) bool {
	switch t {
	case "session.update", "transcription_session.update", "conversation.item.create", "response.create",
		"input_audio_buffer.append", "input_audio_buffer.commit", "input_audio_buffer.clear",
		"output_audio_buffer.clear", "response.cancel", "conversation.item.truncate",
		"conversation.item.delete", "conversation.item.retrieve":
		return true
	}
	return false
}

// realtimeSession reads a session's configuration (session.update, and
// the HTTP calls that set one up: openAIRealtimeSessionAdapter), its
// field names after prefix: instructions as system text, tools as
// schema; the rest is left to unread.
func realtimeSession(c *collector, s *jval, prefix string) {
	markID(s.get("model"), s.get("type"), s.get("id"))
	c.str(s.get("instructions"), SystemText, prefix+"instructions")
	schemaText(c, s.get("tools"), prefix+"tools")
}

// realtimeItem reads a conversation item: a message's content by its
// role, a tool's output, an earlier call's arguments.
func realtimeItem(c *collector, item *jval, name string) {
	if !item.is(jObject) {
		return
	}
	markID(item.get("id"), item.get("type"), item.get("role"), item.get("call_id"), item.get("status"), item.get("object"))
	switch item.get("type").strVal() {
	case "message", "":
		role := item.get("role").strVal()
		k := UserText // "user", and any role the API may add: the person's
		switch {
		case role == "system" || role == "developer":
			k = SystemText
		case answerRole(role):
			k = History // the assistant's earlier answer, put back by the app
		}
		c.env.Kind = KindChat
		content := item.get("content")
		if !content.is(jArray) {
			return
		}
		for i, p := range content.vals {
			pn := indexName(name+".content", i, "")
			markID(p.get("type"), p.get("id"))
			switch p.get("type").strVal() {
			case "input_text", "text", "output_text", "":
				c.str(p.get("text"), k, pn+".text")
			case "input_audio", "audio", "output_audio":
				if a := p.get("audio"); a.is(jString) && a.str != "" {
					markRead(a)
					c.uninspected(UninspectedAudio)
				}
				c.str(p.get("transcript"), k, pn+".transcript")
			case "input_image":
				fileRef(c, p.get("image_url"), pn+".image_url", UninspectedImageURL)
			}
		}
	case "function_call_output":
		c.str(item.get("output"), ToolOutput, name+".output")
	case "function_call":
		markID(item.get("name"))
		c.str(item.get("arguments"), History, name+".arguments")
	}
}

// WSApply rewrites a client event in place; one read by the generic
// reading cannot be rewritten (ErrCannotRedact), as the fallback's.
func (openAIRealtimeAdapter) WSApply(req *Request, msg []byte, env *Envelope, edits []Edit) ([]byte, error) {
	if env != nil && env.meta[realtimeGeneric] != "" {
		return Fallback().Apply(req, msg, env, edits)
	}
	return applyEdits(msg, env, edits)
}

// WSBlock drops the event and answers with a Realtime error event whose
// message is the notice: the SDKs surface error.message (openai-node's
// OpenAIRealtimeError, the Agents SDK's "error" event), and the session
// goes on. error.event_id names the client event refused, as the
// service's own errors do.
func (openAIRealtimeAdapter) WSBlock(_ *Request, env *Envelope, n Notice) [][]byte {
	var ref any
	if env != nil && env.meta["event_id"] != "" {
		ref = env.meta["event_id"]
	}
	typ := "invalid_request_error"
	if n.Status >= 500 {
		typ = "server_error"
	}
	return [][]byte{marshal(map[string]any{"type": "error", "event_id": "event_schleuse", "error": map[string]any{
		"type": typ, "code": noticeCode(n), "message": noticeText(n), "param": nil, "event_id": ref,
	}})}
}

// realtimeText is the answer's text: the text and transcript deltas (beta
// and GA names) and their .done events' whole texts.
var realtimeText = strings.Join([]string{
	"delta?type=response.text.delta", "delta?type=response.output_text.delta",
	"delta?type=response.audio_transcript.delta", "delta?type=response.output_audio_transcript.delta",
}, ",")

// ResponseFormat: server events are restored one at a time as JSON lines;
// the text and transcript deltas ("delta" beside their type) are one
// stream, so that a placeholder split across two deltas is restored
// (pseudonym's restorer; an audio delta between them is no text and
// leaves the held piece alone); the .done events, conversation.item.created
// and response.done carry whole texts, restored where they stand.
func (openAIRealtimeAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "ws", Text: realtimeText}
}
