package providers

import (
	"fmt"
	"mime/multipart"
	"strings"
)

// openAIRealtimeSessionAdapter reads the HTTP calls that set up a Realtime
// session for a client that then talks to the service by itself (a
// browser or a phone line). Their session configuration becomes the
// model's system prompt, read as session.update is on the WebSocket
// (realtimeSession): instructions as system text, tools as schema, every
// other string (a prompt's variables, a transcription prompt, tracing
// metadata) as the rest of a request (unread). Sources: OpenAI's API
// reference (Realtime sessions, client secrets, calls), the openai-python
// and openai-node SDKs' client_secrets and calls, Azure OpenAI's Realtime
// WebRTC how-to.
//
//   - POST …/realtime/sessions, …/realtime/transcription_sessions (beta),
//     Azure's /openai/realtimeapi/sessions, and …/realtime/calls/{id}/accept
//     (a SIP call taken): the body is the session;
//   - POST …/realtime/client_secrets (GA): {"expires_after", "session"};
//   - POST …/realtime/calls (WebRTC): the browser's SDP offer, as
//     application/sdp or multipart with the parts "sdp" and "session". The
//     microphone's audio and the data channel's events then go from the
//     browser to the service over UDP, peer to peer, never through
//     schleuse: the call counts as UninspectedWebRTC, which the default
//     policy refuses (KI-RL-3.6) unless ungeprueft_erlaubt names webrtc.
//     Its session part is read all the same; of the SDP only the lines
//     RFC 8866 gives free text (sdpText): the rest is addresses, codecs and
//     the media's keys, whose ICE password the detectors would take for a
//     password and block a call the policy allows.
type openAIRealtimeSessionAdapter struct{}

func (openAIRealtimeSessionAdapter) Name() string { return "openai-realtime-session" }

// realtimeCallsPath reports the WebRTC call (not a call's accept, reject,
// refer or hangup).
func realtimeCallsPath(p string) bool {
	return hasEndpoint(strings.TrimSuffix(p, "/"), "realtime/calls")
}

func (openAIRealtimeSessionAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	env := &Envelope{Kind: KindOther}
	c := newCollector(env)
	if realtimeCallsPath(req.Path) {
		env.Kind = KindAudio
		c.uninspected(UninspectedWebRTC)
		return env, realtimeCall(c, req, body)
	}
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	s, name := root, ""
	if hasEndpoint(strings.TrimSuffix(req.Path, "/"), "client_secrets") {
		s, name = root.get("session"), "session."
		markID(root.get("expires_after").get("anchor"))
	}
	realtimeSession(c, s, name)
	env.Model = s.get("model").strVal()
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

// realtimeCall reads a WebRTC call's body: nothing of an SDP offer, the
// session part of a multipart one as a session (not rewritten: it is a
// part of a form), every other part as a form's; a body of another type
// as the fallback reads it.
func realtimeCall(c *collector, req *Request, body []byte) error {
	ct := contentType(req)
	mt, _ := mediaType(ct)
	switch {
	case mt == "application/sdp":
		sdpText(c, body, "sdp")
		return nil
	case isMultipart(ct):
	default:
		env, err := fallbackExtract(req, body)
		if err != nil {
			return err
		}
		for _, f := range env.Fields {
			f.loc = nil // read, not rewritten: as the fallback's
			c.env.Fields = append(c.env.Fields, f)
		}
		c.env.Uninspected = append(c.env.Uninspected, env.Uninspected...)
		return nil
	}
	return eachPart(ct, body, func(p *multipart.Part, data []byte, fn string) error {
		switch {
		case p.FormName() == "sdp":
			sdpText(c, data, "multipart:sdp")
		case p.FormName() == "session":
			s, err := parseObject(data)
			if err != nil {
				return fmt.Errorf("realtime call session: %w", err)
			}
			n := len(c.env.Fields)
			realtimeSession(c, s, "multipart:session.")
			m := len(c.env.Fields)
			if err := unread(c, s); err != nil {
				return err
			}
			for j := n; j < len(c.env.Fields); j++ {
				c.env.Fields[j].loc = nil
				if j >= m {
					c.env.Fields[j].Name = "multipart:session." + c.env.Fields[j].Name
				}
			}
			c.env.Model = s.get("model").strVal()
		default:
			c.formPart(p, fn, data, nil)
		}
		return nil
	})
}

// sdpText reports the free text of an SDP offer as one block-only field:
// the session name (s=), information (i=), URI (u=), e-mail (e=) and
// phone (p=) lines, which a browser writes as "s=-" and nothing else.
// The field is there even when they are empty, so that the pipeline
// does not read the offer as an unknown body (its ICE password and
// fingerprint would block a call the policy allows).
func sdpText(c *collector, sdp []byte, name string) {
	var b strings.Builder
	for line := range strings.Lines(string(sdp)) {
		line = strings.TrimRight(line, "\r\n")
		if len(line) > 2 && line[1] == '=' && strings.IndexByte("siuep", line[0]) >= 0 {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(line[2:])
		}
	}
	c.env.Fields = append(c.env.Fields, Field{Kind: UserText, Text: b.String(), Name: name})
}

// Apply rewrites a session's JSON; a WebRTC call's form cannot be rewritten.
func (openAIRealtimeSessionAdapter) Apply(req *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	if realtimeCallsPath(req.Path) {
		return Fallback().Apply(req, body, env, edits)
	}
	return applyEdits(body, env, edits)
}

// Block answers like the API (error.message), which the SDKs surface.
func (openAIRealtimeSessionAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	return openAIError(n)
}

// ResponseFormat: the session (its instructions echoed) and the client
// secret come back as JSON; a call's answer is the SDP answer.
func (openAIRealtimeSessionAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "json"}
}
