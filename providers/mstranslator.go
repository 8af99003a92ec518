package providers

// msTranslatorAdapter reads Microsoft Translator: the Translator API v3
// (api.cognitive.microsofttranslator.com and its regions, POST /translate,
// /detect, /breaksentence, /transliterate, /dictionary/…: a JSON array of
// {"Text": …}, learn.microsoft.com "Translator v3.0 reference"), which
// Microsoft Edge's page translation calls at
// api-edge.cognitive.microsofttranslator.com with a token from
// edge.microsoft.com/translate/auth, and Edge's selection translation,
// POST edge.microsoft.com/translate/translatetext?from=&to=…, a JSON array
// of strings (public Edge translator clients in the code index:
// plainheart/bing-translate-api's Edge method and its ports; a recorded
// Edge 131 request in WinUI-Dev/TranslateUI HOWITWORKS.md). Each text is
// the person's (a page's text nodes, in HTML with textType=html) and is
// rewritten in place; every other string is read as unread.
type msTranslatorAdapter struct{}

func (msTranslatorAdapter) Name() string { return "microsoft-translator" }

func (msTranslatorAdapter) Extract(_ *Request, body []byte) (*Envelope, error) {
	env := &Envelope{Kind: KindTranslate}
	c := newCollector(env)
	root, err := parseJSON(body)
	if err != nil {
		return nil, err
	}
	if root.is(jArray) {
		for i, e := range root.vals {
			switch {
			case e.is(jString): // Edge's translatetext: ["…", …]
				c.str(e, UserText, indexName("texts", i, ""))
			case e.is(jObject):
				// The service reads "Text"; JSON.NET binds its
				// members in any case, so "text" is the same field.
				c.str(e.get("Text"), UserText, indexName("", i, ".Text"))
				c.str(e.get("text"), UserText, indexName("", i, ".text"))
			}
		}
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (msTranslatorAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers in the Translator's error shape, {"error":{"code","message"}}
// with its six-digit code (the status and three digits): the browser
// leaves the page untranslated and shows its own error, the notice goes to
// the audit and to the client that shows the message.
func (msTranslatorAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	status := errorStatus(n)
	return jsonAnswer(status, n, map[string]any{"error": map[string]any{"code": status * 1000, "message": noticeText(n)}})
}

// ResponseFormat: the answer is JSON ([{"translations":[{"text","to"}]}],
// Edge's translatetext an array of strings), its strings restored.
func (msTranslatorAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "json"}
}
