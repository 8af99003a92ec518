package providers

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// realtimeCases: client events of OpenAI's Realtime API and what WSFrame
// reads of them ("kind name=text" per field, in order; the uninspected
// items), or nil (no text), or an error. Before this adapter, every event
// was read by the generic reading: nothing could be rewritten, so a
// finding dropped the message, and an audio buffer passed as a blob.
var realtimeCases = []struct {
	name   string
	msg    string
	fields []string // "kind name=text"
	unins  []string
	kind   string
	nilEnv bool
	fails  bool
	redact bool // the fields can be rewritten
}{
	{name: "user message",
		msg:    `{"type":"conversation.item.create","event_id":"event_1","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"Mahnung an Max Mustermann, IBAN DE89 3704 0044 0532 0130 00"}]}}`,
		fields: []string{"user item.content[0].text=Mahnung an Max Mustermann, IBAN DE89 3704 0044 0532 0130 00"}, kind: KindChat, redact: true},
	{name: "system and assistant messages",
		msg:    `{"type":"conversation.item.create","previous_item_id":"item_9","item":{"id":"item_10","type":"message","role":"system","content":[{"type":"input_text","text":"Du bist die Poststelle der Stadt Bonn."}]}}`,
		fields: []string{"system item.content[0].text=Du bist die Poststelle der Stadt Bonn."}, kind: KindChat, redact: true},
	{name: "assistant text and transcript as history",
		msg:    `{"type":"conversation.item.create","item":{"type":"message","role":"assistant","content":[{"type":"text","text":"Gern, Herr Müller."},{"type":"audio","transcript":"Guten Tag Herr Müller"}]}}`,
		fields: []string{"history item.content[0].text=Gern, Herr Müller.", "history item.content[1].transcript=Guten Tag Herr Müller"}, kind: KindChat, redact: true},
	{name: "function call output",
		msg:    `{"type":"conversation.item.create","item":{"type":"function_call_output","call_id":"call_1","output":"{\"name\":\"Anna Schmidt\"}"}}`,
		fields: []string{"tool item.output={\"name\":\"Anna Schmidt\"}"}, kind: KindOther, redact: true},
	{name: "function call arguments",
		msg:    `{"type":"conversation.item.create","item":{"type":"function_call","call_id":"call_1","name":"lookup","arguments":"{\"q\":\"Anna Schmidt\"}"}}`,
		fields: []string{"history item.arguments={\"q\":\"Anna Schmidt\"}"}, kind: KindOther, redact: true},
	{name: "session instructions and tools",
		msg:    `{"type":"session.update","session":{"type":"realtime","model":"gpt-realtime","instructions":"Sprich mit Frau Yılmaz.","tools":[{"type":"function","name":"akte","description":"Sucht die Akte einer Person"}],"voice":"alloy"}}`,
		fields: []string{"system session.instructions=Sprich mit Frau Yılmaz.", "schema session.tools[0].description=Sucht die Akte einer Person"}, kind: KindOther, redact: true},
	{name: "session transcription prompt read as the rest",
		msg:    `{"type":"session.update","session":{"input_audio_transcription":{"model":"whisper-1","prompt":"Namen wie Jürgen Kowalski"}}}`,
		fields: []string{"user session.input_audio_transcription.prompt=Namen wie Jürgen Kowalski"}, kind: KindOther, redact: true},
	{name: "response create",
		msg:    `{"type":"response.create","response":{"instructions":"Antworte Herrn Kowalski kurz.","conversation":"none","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Steuer-ID 86095742719"}]}]}}`,
		fields: []string{"system response.instructions=Antworte Herrn Kowalski kurz.", "user response.input[0].content[0].text=Steuer-ID 86095742719"},
		kind:   KindChat, redact: true},
	{name: "audio buffer refused", msg: `{"type":"input_audio_buffer.append","event_id":"e2","audio":"AAAAAAAAAAAAAP//AAAAAA=="}`,
		unins: []string{UninspectedAudio}, kind: KindAudio},
	{name: "input audio part counted, its transcript read",
		msg:    `{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_audio","audio":"AAAAAAAAAP//","transcript":"Anna Schmidt"}]}}`,
		fields: []string{"user item.content[0].transcript=Anna Schmidt"}, unins: []string{UninspectedAudio}, kind: KindChat, redact: true},
	{name: "image by address counted",
		msg:   `{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_image","image_url":"https://example.org/bescheid.png"}]}}`,
		unins: []string{UninspectedImageURL}, kind: KindChat},
	{name: "commit carries no text", msg: `{"type":"input_audio_buffer.commit","event_id":"event_3"}`, nilEnv: true},
	{name: "cancel carries no text", msg: `{"type":"response.cancel"}`, nilEnv: true},
	{name: "unknown event read generically",
		msg:    `{"type":"conversation.note.create","note":"Rückruf an Anna Schmidt"}`,
		fields: []string{"user note=Rückruf an Anna Schmidt"}},
	{name: "unknown event without text", msg: `{"type":"heartbeat","seq":7}`, nilEnv: true},
	{name: "text in an unknown member of a known event",
		msg:    `{"type":"input_audio_buffer.commit","comment":"für Anna Schmidt"}`,
		fields: []string{"user comment=für Anna Schmidt"}, kind: KindOther, redact: true},
	{name: "not JSON", msg: `{"type":"conversation.item.create"`, fails: true},
	{name: "member twice", msg: `{"type":"response.cancel","type":"conversation.item.create"}`, fails: true},
}

func realtimeField(f Field) string { return f.Kind.String() + " " + f.Name + "=" + f.Text }

func TestOpenAIRealtime(t *testing.T) {
	a := openAIRealtimeAdapter{}
	req := &Request{Host: "api.openai.com", Method: "GET", Path: "/v1/realtime"}
	for _, c := range realtimeCases {
		t.Run(c.name, func(t *testing.T) {
			env, err := a.WSFrame(req, true, []byte(c.msg))
			if c.fails {
				if err == nil || !errors.Is(err, ErrMalformed) {
					t.Fatalf("err = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.nilEnv {
				if env != nil {
					t.Fatalf("%+v, want nil", env)
				}
				return
			}
			if env == nil {
				t.Fatal("nil envelope")
			}
			var got []string
			for _, f := range env.Fields {
				got = append(got, realtimeField(f))
				if f.Redactable() != c.redact {
					t.Errorf("%s: redactable %v, want %v", f.Name, f.Redactable(), c.redact)
				}
			}
			if !slices.Equal(got, c.fields) {
				t.Errorf("fields\n got %q\nwant %q", got, c.fields)
			}
			if !slices.Equal(env.Uninspected, c.unins) {
				t.Errorf("uninspected %v, want %v", env.Uninspected, c.unins)
			}
			if c.kind != "" && env.Kind != c.kind {
				t.Errorf("kind %q, want %q", env.Kind, c.kind)
			}
			// Every field rewritten: still the same event, the new
			// text in place; a generic reading is not rewritten.
			var edits []Edit
			for i, f := range env.Fields {
				edits = append(edits, Edit{Field: i, Start: 0, End: len(f.Text), Replacement: "[PERSON_1]"})
			}
			out, err := a.WSApply(req, []byte(c.msg), env, edits)
			if !c.redact {
				if len(edits) > 0 && !errors.Is(err, ErrCannotRedact) {
					t.Errorf("apply: %v, want ErrCannotRedact", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			env2, err := a.WSFrame(req, true, out)
			if err != nil || env2 == nil || len(env2.Fields) != len(env.Fields) {
				t.Fatalf("rewritten event %s: %+v %v", out, env2, err)
			}
			for _, f := range env2.Fields {
				if f.Text != "[PERSON_1]" {
					t.Errorf("rewritten %s = %q", f.Name, f.Text)
				}
			}
		})
	}
	if env, err := a.WSFrame(req, false, []byte(`{"type":"response.text.delta","delta":"x"}`)); env != nil || err != nil {
		t.Errorf("server event read: %+v %v", env, err)
	}
}

// TestOpenAIRealtimeBlock: a refused event is answered with a Realtime
// error event carrying the notice and naming the client's event.
func TestOpenAIRealtimeBlock(t *testing.T) {
	a := openAIRealtimeAdapter{}
	env, err := a.WSFrame(&Request{}, true, []byte(`{"type":"input_audio_buffer.append","event_id":"evt_7","audio":"AAAA"}`))
	if err != nil || env == nil {
		t.Fatal(env, err)
	}
	out := a.WSBlock(&Request{}, env, testNotice)
	if len(out) != 1 {
		t.Fatalf("%d messages", len(out))
	}
	var ev struct {
		Type  string
		Error struct {
			Type, Code, Message string
			EventID             string `json:"event_id"`
		}
	}
	if err := json.Unmarshal(out[0], &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Type != "error" || ev.Error.Type != "invalid_request_error" || ev.Error.Code != "schleuse_blocked" ||
		ev.Error.EventID != "evt_7" || !strings.HasPrefix(ev.Error.Message, "Blockiert:") {
		t.Errorf("%s", out[0])
	}
}

// realtimeMediaCases: what WSMedia makes of client events. Only an
// append with nothing but its audio is a piece of the stream, only a
// commit or clear without text refers to the pieces before.
var realtimeMediaCases = []struct {
	name, msg string
	want      MediaRole
}{
	{"append", `{"type":"input_audio_buffer.append","event_id":"e1","audio":"AAAAAP//AAA="}`, MediaChunk},
	{"append without event id", `{"type":"input_audio_buffer.append","audio":""}`, MediaChunk},
	{"append with text beside the audio", `{"type":"input_audio_buffer.append","audio":"AAAA","note":"für Anna Schmidt"}`, MediaNone},
	{"append with an image beside the audio", `{"type":"input_audio_buffer.append","audio":"AAAA","x":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}`, MediaNone},
	{"append without audio", `{"type":"input_audio_buffer.append","event_id":"e1"}`, MediaNone},
	{"commit", `{"type":"input_audio_buffer.commit","event_id":"e2"}`, MediaFollow},
	{"clear", `{"type":"input_audio_buffer.clear"}`, MediaFollow},
	{"commit with text", `{"type":"input_audio_buffer.commit","comment":"für Anna Schmidt"}`, MediaNone},
	{"output buffer clear", `{"type":"output_audio_buffer.clear"}`, MediaNone},
	{"response create", `{"type":"response.create"}`, MediaAnswer},
	{"response create with settings only", `{"type":"response.create","event_id":"e3","response":{"modalities":["audio","text"],"voice":"alloy","metadata":{"turn":"7"}}}`, MediaAnswer},
	{"response create with empty input and instructions", `{"type":"response.create","response":{"instructions":"","input":[]}}`, MediaAnswer},
	{"response create with tools only", `{"type":"response.create","response":{"tools":[{"type":"function","name":"lookup","description":"Sucht einen Vorgang"}]}}`, MediaAnswer},
	{"response create with instructions", `{"type":"response.create","response":{"instructions":"Antworte kurz."}}`, MediaNone},
	{"response create with input", `{"type":"response.create","response":{"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hallo"}]}]}}`, MediaNone},
	{"response create with an item reference", `{"type":"response.create","response":{"conversation":"none","input":[{"type":"item_reference","id":"item_1"}]}}`, MediaNone},
	{"response cancel", `{"type":"response.cancel"}`, MediaNone},
	{"typed message", `{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"Hallo"}]}}`, MediaNone},
	{"input audio part in an item", `{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_audio","audio":"AAAA"}]}}`, MediaNone},
	{"unknown event with audio", `{"type":"input_audio_buffer.append2","audio":"AAAAAP//AAA="}`, MediaNone},
	{"not an object", `["input_audio_buffer.commit"]`, MediaNone},
}

// TestOpenAIRealtimeMedia: the pieces of spoken input and the events that
// only refer to them, which the connection drops once the first piece
// was refused (proxy: TestRealtimeAudioRefusedOnce).
func TestOpenAIRealtimeMedia(t *testing.T) {
	a := openAIRealtimeAdapter{}
	req := &Request{Host: "api.openai.com", Method: "GET", Path: "/v1/realtime"}
	for _, c := range realtimeMediaCases {
		t.Run(c.name, func(t *testing.T) {
			env, err := a.WSFrame(req, true, []byte(c.msg))
			if err != nil {
				t.Fatal(err)
			}
			if got := a.WSMedia([]byte(c.msg), env); got != c.want {
				t.Errorf("WSMedia = %d, want %d", got, c.want)
			}
		})
	}
}

func FuzzOpenAIRealtime(f *testing.F) {
	for _, c := range realtimeCases {
		f.Add([]byte(c.msg))
	}
	for _, c := range realtimeMediaCases {
		f.Add([]byte(c.msg))
	}
	a := openAIRealtimeAdapter{}
	req := &Request{Host: "api.openai.com", Method: "GET", Path: "/v1/realtime"}
	f.Fuzz(func(t *testing.T, msg []byte) {
		env, err := a.WSFrame(req, true, msg)
		if err != nil {
			return
		}
		switch a.WSMedia(msg, env) {
		case MediaChunk:
			// dropped unread once the first was refused: it must hold
			// nothing but the audio
			if env == nil || len(env.Fields) != 0 || !slices.Equal(env.Uninspected, []string{UninspectedAudio}) {
				t.Fatalf("a piece of audio with more: %+v", env)
			}
		case MediaFollow:
			if env != nil {
				t.Fatalf("a commit with text: %+v", env)
			}
		case MediaAnswer:
			// dropped after refused audio: it must carry none of the
			// person's text nor instructions
			if env != nil {
				for _, f := range env.Fields {
					if f.Kind == UserText || f.Kind == SystemText {
						t.Fatalf("a bare response with text of its own: %+v", env)
					}
				}
			}
		}
		if env == nil {
			return
		}
		if out, err := a.WSApply(req, msg, env, nil); err != nil || string(out) != string(msg) {
			t.Fatalf("apply without edits: %v", err)
		}
		var edits []Edit
		for i, f := range env.Fields {
			if f.Redactable() {
				edits = append(edits, Edit{Field: i, Start: 0, End: len(f.Text), Replacement: "[X_1]"})
			}
		}
		if len(edits) == 0 || env.meta[realtimeGeneric] != "" {
			return
		}
		out, err := a.WSApply(req, msg, env, edits)
		if err != nil {
			return // an edit the body cannot take is refused, never applied half
		}
		if !json.Valid(out) {
			t.Fatalf("rewritten event is no JSON: %q", out)
		}
	})
}
