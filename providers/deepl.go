package providers

import (
	"fmt"
	"strings"
)

// deeplAdapter reads the DeepL API: /v2/translate and /v2/write/rephrase as
// JSON or form (text, context, custom_instructions), /v2/document uploads.
type deeplAdapter struct{}

func (deeplAdapter) Name() string { return "deepl" }

var deeplTextKeys = map[string]bool{"text": true, "context": true, "custom_instructions": true}

func (deeplAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	env := &Envelope{Kind: KindTranslate}
	c := newCollector(env)
	ct := contentType(req)
	switch {
	case strings.HasSuffix(req.Path, "/document"):
		env.Kind = KindUpload
		return env, multipartFields(c, ct, body, nil)
	case isMultipart(ct):
		return env, multipartFields(c, ct, body, map[string]Kind{"text": UserText, "context": UserText})
	case isForm(ct):
		pairs, err := parseForm(body)
		if err != nil {
			return nil, err
		}
		n := map[string]int{}
		var keys keyText
		for _, p := range pairs {
			switch {
			case deeplTextKeys[p.key]:
				c.formField(p, UserText, fmt.Sprintf("%s[%d]", p.key, n[p.key]))
				n[p.key]++
			case p.key == "auth_key": // the account's key (deprecated in the body), not text
			default:
				// Every other value reaches DeepL too (a glossary's
				// entries, a style, a parameter DeepL adds later): it is
				// read as the fallback reads form values (unread).
				keys.add(p.key)
				if !skipValue(p.value) && !settingWord(p.value) {
					n := len(env.Fields)
					c.formField(p, UserText, p.key)
					for i := n; i < len(env.Fields); i++ {
						env.Fields[i].unread = true // each field the value made (its UTF-8 reading too)
					}
				}
			}
		}
		keys.field(env)
		return env, nil
	}
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	c.strs(root.get("text"), UserText, "text")
	c.str(root.get("context"), UserText, "context")
	c.strs(root.get("custom_instructions"), UserText, "custom_instructions")
	markRead(root.get("auth_key")) // the account's key (deprecated in the body), not text
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (deeplAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 400 {"message":"…"}, DeepL's error shape.
func (deeplAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	return jsonAnswer(errorStatus(n), n, map[string]any{"message": noticeText(n)})
}

func (deeplAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "json"}
}
