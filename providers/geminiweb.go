package providers

import (
	"fmt"
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
		inner(layer{kind: layerFormValue, start: freq.vStart, end: freq.vEnd}).
		inner(layer{kind: layerJSONString, start: innerStr.start, end: innerStr.end})
	c.str(prompt, UserText, "f.req[1]→[0][0]")
	unread(c, inner)
	markRead(innerStr)
	unread(newCollector(env).inner(layer{kind: layerFormValue, start: freq.vStart, end: freq.vEnd}), outer)
	return env, nil
}

func (geminiWebAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers with the generic 403 JSON; the web app shows a generic
// error (a synthetic wrb.fr frame would be fragile).
func (geminiWebAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return genericAnswer(n) }

// ResponseFormat: length-prefixed frames whose candidate text is cumulative.
func (geminiWebAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "framed", Cumulative: true}
}
