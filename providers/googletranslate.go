package providers

// googleTranslateAdapter reads Google's translation services:
//
//   - Chrome's page translation (and Google's translate element on web
//     pages): POST translate-pa.googleapis.com/v1/translateHtml, a
//     JSON+protobuf array [[[texts…], source, target], client], each text a
//     piece of the page's HTML (Chromium's translate_script.cc loads the
//     translate element, whose script posts here: public page-translation
//     clients in the code index send [[[…], "auto", "de"], "te_lib"] or
//     "wt_lib" as Content-Type application/json+protobuf);
//   - the Cloud Translation API at translation.googleapis.com: v2
//     /language/translate/v2 (and /detect) with q, a string or an array,
//     as JSON or as a form (q repeated); v3 …:translateText,
//     :romanizeText with contents and :detectLanguage with content
//     (cloud.google.com/translate/docs/reference/rest).
//
// Each text is the person's, rewritten in place; every other string is read
// as unread (a glossary's entries, a label, a field added later).
type googleTranslateAdapter struct{}

func (googleTranslateAdapter) Name() string { return "google-translate" }

func (googleTranslateAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	env := &Envelope{Kind: KindTranslate}
	c := newCollector(env)
	if isForm(contentType(req)) {
		pairs, err := parseForm(body)
		if err != nil {
			return nil, err
		}
		var keys keyText
		n := map[string]int{}
		for _, p := range pairs {
			switch {
			case p.key == "q":
				c.formField(p, UserText, indexName("q", n["q"], ""))
				n["q"]++
			case p.key == "key": // the API key, not text
			default:
				keys.add(p.key)
				if !skipValue(p.value) && !settingWord(p.value) {
					i := len(env.Fields)
					c.formField(p, UserText, p.key)
					for ; i < len(env.Fields); i++ {
						env.Fields[i].unread = true
					}
				}
			}
		}
		keys.field(env)
		return env, nil
	}
	root, err := parseJSON(body)
	if err != nil {
		return nil, err
	}
	switch {
	case root.is(jArray): // translateHtml: [[[texts…], source, target], client]
		c.strs(root.at(0).at(0), UserText, "texts")
	case root.is(jObject):
		c.strs(root.get("q"), UserText, "q")
		c.strs(root.get("contents"), UserText, "contents")
		c.str(root.get("content"), UserText, "content")
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	return env, nil
}

func (googleTranslateAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers in Google's API error shape,
// {"error":{"code","message","status"}}: Chrome leaves the page
// untranslated and says the translation failed.
func (googleTranslateAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer {
	status := errorStatus(n)
	s := "INVALID_ARGUMENT"
	if status >= 500 {
		s = "UNAVAILABLE"
	}
	return jsonAnswer(status, n, map[string]any{"error": map[string]any{"code": status, "message": noticeText(n), "status": s}})
}

// ResponseFormat: the answers are JSON (translateHtml [[translations…],
// [languages…]], the API's data.translations[*].translatedText and
// translations[*].translatedText), their strings restored.
func (googleTranslateAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "json"}
}
