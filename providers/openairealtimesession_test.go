package providers

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"
)

// realtimeSDP is a browser's SDP offer as RTCPeerConnection writes it
// (shortened): addresses, codecs, ICE credentials, the DTLS fingerprint.
const realtimeSDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n" +
	"m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:8hhY\r\na=ice-pwd:asd88fgpdd777uzjYhagZg\r\n" +
	"a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n" +
	"a=rtpmap:111 opus/48000/2\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"

const realtimeCallForm = "--B\r\nContent-Disposition: form-data; name=\"sdp\"\r\n\r\n" + realtimeSDP + "\r\n" +
	"--B\r\nContent-Disposition: form-data; name=\"session\"\r\n\r\n" +
	`{"type":"realtime","model":"gpt-realtime","instructions":"Begrüße Frau Anna Schmidt.","prompt":{"id":"pmpt_1","variables":{"akte":"Anna Schmidt"}}}` + "\r\n--B--\r\n"

// realtimeSessionCases: the HTTP calls that set up a Realtime session and
// what the adapter reads of them ("kind name=text" per field, in order),
// the uninspected items, or an error. Before this adapter, no route named
// them: api.openai.com's went to the fallback (findings blocked, nothing
// could be redacted, the system prompt read as the person's text), and
// Azure's to azure-openai, which knows no such endpoint and refused the
// body as malformed.
var realtimeSessionCases = []struct {
	name, host, path, ct, body string
	fields                     []string
	unins                      []string
	model                      string
	fails, redact              bool
}{
	{name: "beta session", host: "api.openai.com", path: "/v1/realtime/sessions", ct: "application/json",
		body:   `{"model":"gpt-4o-realtime-preview","instructions":"Sprich mit Herrn Jürgen Kowalski.","tools":[{"type":"function","name":"akte","description":"Sucht die Akte"}],"voice":"alloy"}`,
		fields: []string{"system instructions=Sprich mit Herrn Jürgen Kowalski.", "schema tools[0].description=Sucht die Akte"}, model: "gpt-4o-realtime-preview", redact: true},
	{name: "transcription session", host: "api.openai.com", path: "/v1/realtime/transcription_sessions", ct: "application/json",
		body:   `{"input_audio_transcription":{"model":"gpt-4o-transcribe","prompt":"Namen wie Anna Schmidt"}}`,
		fields: []string{"user input_audio_transcription.prompt=Namen wie Anna Schmidt"}, redact: true},
	{name: "client secret", host: "eu.api.openai.com", path: "/v1/realtime/client_secrets", ct: "application/json",
		body:   `{"expires_after":{"anchor":"created_at","seconds":600},"session":{"type":"realtime","model":"gpt-realtime","instructions":"Du bist die Poststelle.","prompt":{"id":"pmpt_1","version":"2","variables":{"name":"Anna Schmidt"}},"tracing":{"workflow_name":"Bürgertelefon","metadata":{"fall":"Akte Kowalski"}}}}`,
		fields: []string{"system session.instructions=Du bist die Poststelle.", "user session.prompt.variables.name=Anna Schmidt", "user session.tracing.workflow_name=Bürgertelefon", "user session.tracing.metadata.fall=Akte Kowalski"},
		model:  "gpt-realtime", redact: true},
	{name: "client secret without a session", host: "api.openai.com", path: "/v1/realtime/client_secrets", ct: "application/json", body: `{}`},
	{name: "a SIP call accepted", host: "api.openai.com", path: "/v1/realtime/calls/rtc_123/accept", ct: "application/json",
		body:   `{"type":"realtime","model":"gpt-realtime","instructions":"Du bist Alex von der Stadt Bonn, der Anrufer ist Herr Kowalski."}`,
		fields: []string{"system instructions=Du bist Alex von der Stadt Bonn, der Anrufer ist Herr Kowalski."}, model: "gpt-realtime", redact: true},
	{name: "Azure preview session", host: "stadt.openai.azure.com", path: "/openai/realtimeapi/sessions", ct: "application/json",
		body: `{"model":"gpt-4o-mini-realtime-preview","instructions":"Antworte kurz."}`, fields: []string{"system instructions=Antworte kurz."}, model: "gpt-4o-mini-realtime-preview", redact: true},
	{name: "Azure GA client secret", host: "stadt.cognitiveservices.azure.com", path: "/openai/v1/realtime/client_secrets", ct: "application/json",
		body: `{"session":{"type":"realtime","model":"gpt-realtime","instructions":"Antworte kurz."}}`, fields: []string{"system session.instructions=Antworte kurz."}, model: "gpt-realtime", redact: true},
	{name: "WebRTC call, SDP only", host: "api.openai.com", path: "/v1/realtime/calls", ct: "application/sdp", body: realtimeSDP,
		fields: []string{"user sdp=-"}, unins: []string{UninspectedWebRTC}},
	{name: "WebRTC call, SDP with free text", host: "api.openai.com", path: "/v1/realtime/calls", ct: "application/sdp; charset=utf-8",
		body:   "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=Anruf Anna Schmidt\ni=Akte 4711\ne=anna.schmidt@example.org\np=+49 228 123456\nt=0 0\na=ice-pwd:asd88fgpdd777uzjYhagZg\n",
		fields: []string{"user sdp=Anruf Anna Schmidt\nAkte 4711\nanna.schmidt@example.org\n+49 228 123456"}, unins: []string{UninspectedWebRTC}},
	{name: "WebRTC call, SDP and session", host: "api.openai.com", path: "/v1/realtime/calls", ct: "multipart/form-data; boundary=B", body: realtimeCallForm,
		fields: []string{"user multipart:sdp=-", "system multipart:session.instructions=Begrüße Frau Anna Schmidt.", "user multipart:session.prompt.variables.akte=Anna Schmidt"},
		unins:  []string{UninspectedWebRTC}, model: "gpt-realtime"},
	{name: "Azure WebRTC call", host: "stadt.services.ai.azure.com", path: "/openai/v1/realtime/calls", ct: "application/sdp", body: realtimeSDP,
		fields: []string{"user sdp=-"}, unins: []string{UninspectedWebRTC}},
	{name: "WebRTC call of another type read as an unknown body", host: "api.openai.com", path: "/v1/realtime/calls", ct: "application/json",
		body: `{"sdp":"v=0","note":"für Anna Schmidt"}`, fields: []string{"user sdp=v=0", "user note=für Anna Schmidt"}, unins: []string{UninspectedWebRTC}},
	{name: "WebRTC call with a session part that is no JSON", host: "api.openai.com", path: "/v1/realtime/calls", ct: "multipart/form-data; boundary=B",
		body: "--B\r\nContent-Disposition: form-data; name=\"session\"\r\n\r\n{\"instructions\":\r\n--B--\r\n", fails: true},
	{name: "multipart without boundary", host: "api.openai.com", path: "/v1/realtime/calls", ct: "multipart/form-data", body: realtimeCallForm, fails: true},
	{name: "session not JSON", host: "api.openai.com", path: "/v1/realtime/sessions", ct: "application/json", body: `{"instructions":`, fails: true},
}

func TestOpenAIRealtimeSession(t *testing.T) {
	a := openAIRealtimeSessionAdapter{}
	router, err := NewRouter(DefaultRoutes())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range realtimeSessionCases {
		t.Run(c.name, func(t *testing.T) {
			req := &Request{Host: c.host, Method: "POST", Path: c.path, Header: http.Header{"Content-Type": {c.ct}}}
			if got, ok := router.Match(req); !ok || got.Name() != a.Name() {
				t.Fatalf("routed to %v", got)
			}
			env, err := a.Extract(req, []byte(c.body))
			if c.fails {
				if err == nil || !errors.Is(err, ErrMalformed) {
					t.Fatalf("err = %v, want ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
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
			if !slices.Equal(env.Uninspected, c.unins) || env.Model != c.model {
				t.Errorf("uninspected %v model %q, want %v %q", env.Uninspected, env.Model, c.unins, c.model)
			}
			var edits []Edit
			for i, f := range env.Fields {
				edits = append(edits, Edit{Field: i, Start: 0, End: len(f.Text), Replacement: "[PERSON_1]"})
			}
			out, err := a.Apply(req, []byte(c.body), env, edits)
			if !c.redact {
				if len(edits) > 0 && !errors.Is(err, ErrCannotRedact) {
					t.Errorf("apply: %v, want ErrCannotRedact", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			env2, err := a.Extract(req, out)
			if err != nil || len(env2.Fields) != len(env.Fields) {
				t.Fatalf("rewritten %s: %+v %v", out, env2, err)
			}
			for _, f := range env2.Fields {
				if f.Text != "[PERSON_1]" {
					t.Errorf("rewritten %s = %q", f.Name, f.Text)
				}
			}
		})
	}
	// The notice is the API's error, which the SDKs show.
	ans := a.Block(&Request{}, nil, testNotice)
	var e struct {
		Error struct{ Message, Code string }
	}
	if err := json.Unmarshal(ans.Body, &e); err != nil || ans.Status != 400 || e.Error.Code != "schleuse_blocked" || e.Error.Message == "" {
		t.Errorf("block: %d %s", ans.Status, ans.Body)
	}
}

func FuzzOpenAIRealtimeSession(f *testing.F) {
	for i, c := range realtimeSessionCases {
		f.Add(uint8(i), []byte(c.body))
	}
	a := openAIRealtimeSessionAdapter{}
	f.Fuzz(func(t *testing.T, i uint8, body []byte) {
		c := realtimeSessionCases[int(i)%len(realtimeSessionCases)]
		req := &Request{Host: c.host, Method: "POST", Path: c.path, Header: http.Header{"Content-Type": {c.ct}}}
		env, err := a.Extract(req, body)
		if err != nil {
			return
		}
		if realtimeCallsPath(c.path) && !slices.Contains(env.Uninspected, UninspectedWebRTC) {
			t.Fatalf("a WebRTC call not counted: %+v", env)
		}
		if out, err := a.Apply(req, body, env, nil); err != nil || string(out) != string(body) {
			t.Fatalf("apply without edits: %v", err)
		}
		var edits []Edit
		for i, f := range env.Fields {
			if f.Redactable() {
				edits = append(edits, Edit{Field: i, Start: 0, End: len(f.Text), Replacement: "[X_1]"})
			}
		}
		if len(edits) == 0 {
			return
		}
		if out, err := a.Apply(req, body, env, edits); err == nil && !json.Valid(out) {
			t.Fatalf("rewritten body is no JSON: %q", out)
		}
	})
}
