package providers

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf16"
)

// geminiWebAdapter reads gemini.google.com StreamGenerate: a form body
// at=<token>&f.req=<json>, where f.req is [null,"<inner JSON>"] and the
// prompt is inner[0][0]. The prompt is three layers deep (form value →
// JSON string → JSON string); Apply decodes and re-encodes every layer.
type geminiWebAdapter struct{}

func (geminiWebAdapter) Name() string { return "gemini-web" }

func (geminiWebAdapter) Extract(_ *Request, body []byte) (*Envelope, error) {
	pairs, err := parseForm(body)
	if err != nil {
		return nil, err
	}
	var freq *formPair
	for i := range pairs {
		if pairs[i].key == "f.req" {
			if freq != nil {
				// Which one the service reads is not known (a servlet's
				// getParameter takes the first, url.Values.Get too):
				// the other would pass unread.
				return nil, fmt.Errorf("%w: %w: form names f.req twice", ErrAmbiguous, ErrMalformed)
			}
			freq = &pairs[i]
		}
	}
	if freq == nil {
		return nil, fmt.Errorf("%w: no f.req form field", ErrMalformed)
	}
	outer, err := parseJSON([]byte(freq.value))
	if err != nil {
		return nil, fmt.Errorf("f.req: %w", err)
	}
	innerStr := outer.at(1)
	if !innerStr.is(jString) {
		return nil, fmt.Errorf("%w: f.req[1] is not a string", ErrMalformed)
	}
	inner, err := parseJSON([]byte(innerStr.str))
	if err != nil {
		return nil, fmt.Errorf("f.req[1]: %w", err)
	}
	prompt := inner.at(0).at(0)
	if !prompt.is(jString) {
		return nil, fmt.Errorf("%w: f.req inner[0][0] is not a string", ErrMalformed)
	}
	env := &Envelope{Kind: KindChat, Stream: true, ConversationID: inner.at(2).at(0).strVal()}
	c := newCollector(env).
		inner(freq.layer()).
		inner(layer{kind: layerJSONString, start: innerStr.start, end: innerStr.end})
	c.str(prompt, UserText, "f.req[1]→[0][0]")
	if err := unread(c, inner); err != nil {
		return nil, err
	}
	markRead(innerStr)
	if err := unread(newCollector(env).inner(freq.layer()), outer); err != nil {
		return nil, err
	}
	return env, nil
}

func (geminiWebAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers a StreamGenerate request with the notice as Gemini's reply:
// ")]}'", then one length-prefixed frame [["wrb.fr",null,"<inner JSON>"]]
// whose inner JSON holds the conversation's ids at [1] and one candidate at
// [4][0] = [rcid, [text], …, [2] at index 8 (finished)], then the frame
// ["e",4,null,null,n] that ends real answers (what n counts is not known;
// this sends the bytes before it). This is the shape the open-source client HanaokaYuzu/
// Gemini-API reads (the design's wire-format notes, §6) and the proxy's own framed
// restorer parses; the candidate carries no Markdown of its own. Whether
// gemini.google.com's own script renders it as a reply (rather than
// waiting for fields this answer leaves out, such as the draft list or the
// ["di"]/["af.httprm"] frames, whose meaning is unknown) is not proven by
// the notes: only a browser against the real service can show it. A
// request that is not a prompt (a route sending another RPC here) keeps the
// generic 403 JSON, which the app shows as a generic error. A request
// whose body was not read (over inspect.max_body_bytes, corrupt
// compression) is answered in the frame form when its path is
// StreamGenerate.
func (geminiWebAdapter) Block(req *Request, env *Envelope, n Notice) Answer {
	chat := env != nil && env.Kind == KindChat
	if env == nil || env.Kind == "" {
		chat = req != nil && strings.HasSuffix(req.Path, "/StreamGenerate")
	}
	if !chat {
		return genericAnswer(n)
	}
	var cid any // a new chat: no id (a made-up one would send the app to a conversation that does not exist)
	if env != nil && env.ConversationID != "" {
		cid = env.ConversationID
	}
	inner := marshal([]any{nil, []any{cid, "r_schleuse"}, nil, nil,
		[]any{[]any{"rc_schleuse", []any{noticeText(n)}, nil, nil, nil, nil, nil, nil, []any{2}}}})
	var b strings.Builder
	b.WriteString(")]}'\n\n")
	googleFrame(&b, string(marshal([]any{[]any{"wrb.fr", nil, string(inner)}})))
	googleFrame(&b, `[["e",4,null,null,`+strconv.Itoa(b.Len())+`]]`)
	h := baseHeader("application/json; charset=utf-8", n)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	return Answer{Status: http.StatusOK, Header: h, Body: []byte(b.String())}
}

// googleFrame appends one frame of Google's length-prefixed framing: the
// length in UTF-16 code units (JavaScript's String.length) of everything
// from the newline after the digits through the newline after payload.
func googleFrame(b *strings.Builder, payload string) {
	n := 2
	for _, r := range payload {
		n += utf16.RuneLen(r)
	}
	b.WriteString(strconv.Itoa(n) + "\n" + payload + "\n")
}

// ResponseFormat: length-prefixed frames whose candidate text is
// cumulative: each candidate's text at [4][i][1][0] of the JSON inside the
// string of each "wrb.fr" part of a frame ([j][2]; a client reads every
// part) is the answer's text, a card's at [4][i][22][0] where [1][0] is
// only the card's link (HanaokaYuzu/Gemini-API reads it so). Each
// candidate is a draft the person sees on its own: each gets the note.
func (geminiWebAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "framed", Cumulative: true, Text: "#.2>4.#.1.0,#.2>4.#.22.0", App: true}
}
