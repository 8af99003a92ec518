package providers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// deeplWebAdapter reads the DeepL web translator and DeepL Write JSON-RPC
// (LMT_handle_texts: params.texts[*].text; LMT_handle_jobs:
// params.jobs[*].sentences[*].text with context before/after).
//
// The web client derives params.timestamp from the number of 'i'
// characters in the texts; Apply recomputes it after a rewrite and keeps
// every other byte (the spacing around "method" is part of the fingerprint).
type deeplWebAdapter struct{}

func (deeplWebAdapter) Name() string { return "deepl-web" }

func (deeplWebAdapter) Extract(_ *Request, body []byte) (*Envelope, error) {
	root, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	method := root.get("method").strVal()
	markID(root.get("method"), root.get("jsonrpc"))
	env := &Envelope{Kind: KindTranslate, meta: map[string]string{"method": method}}
	if id := root.get("id"); id.is(jNumber) || id.is(jString) {
		env.meta["id"] = string(body[id.start:id.end])
	}
	params := root.get("params")
	c := newCollector(env)
	switch method {
	case "LMT_handle_texts":
		if texts := params.get("texts"); texts.is(jArray) {
			for i, t := range texts.vals {
				c.str(t.get("text"), UserText, indexName("params.texts", i, ".text"))
			}
		}
	case "LMT_handle_jobs":
		if jobs := params.get("jobs"); jobs.is(jArray) {
			for i, j := range jobs.vals {
				c.strs(j.get("raw_en_context_before"), History, indexName("params.jobs", i, ".raw_en_context_before"))
				if ss := j.get("sentences"); ss.is(jArray) {
					for k, s := range ss.vals {
						c.str(s.get("text"), UserText, fmt.Sprintf("params.jobs[%d].sentences[%d].text", i, k))
					}
				}
				c.strs(j.get("raw_en_context_after"), History, indexName("params.jobs", i, ".raw_en_context_after"))
			}
		}
	case "LMT_split_text":
		c.strs(params.get("texts"), UserText, "params.texts")
	default:
		// Other methods (account, dictionary lookups) carry no prompt text.
		env.Kind = KindOther
	}
	if err := unread(c, root); err != nil {
		return nil, err
	}
	if ts := params.get("timestamp"); ts.is(jNumber) {
		env.meta["timestamp"] = ts.str
		env.fixup = deeplFixTimestamp
	}
	return env, nil
}

// deeplFixTimestamp rewrites params.timestamp for the new texts with the
// web client's rule: n = count of 'i'; ts - ts%(n+1) + (n+1) when n > 0.
func deeplFixTimestamp(body []byte, orig *Envelope) ([]byte, error) {
	ts, err := strconv.ParseInt(orig.meta["timestamp"], 10, 64)
	if err != nil {
		return body, nil // not an integer timestamp: leave it as the client sent it
	}
	env, err := deeplWebAdapter{}.Extract(nil, body)
	if err != nil {
		return nil, fmt.Errorf("deepl-web fix-up: %w", err)
	}
	n := int64(0)
	for _, f := range env.Fields {
		if f.Kind == UserText && !f.unread { // the texts, not the settings beside them
			n += int64(strings.Count(f.Text, "i"))
		}
	}
	if n > 0 {
		ts = ts - ts%(n+1) + (n + 1)
	}
	root, err := parseJSON(body)
	if err != nil {
		return nil, fmt.Errorf("deepl-web fix-up: %w", err)
	}
	t := root.path("params", "timestamp")
	if !t.is(jNumber) {
		return nil, fmt.Errorf("deepl-web fix-up: %w: timestamp lost", ErrMalformed)
	}
	out := make([]byte, 0, len(body)+4)
	out = append(out, body[:t.start]...)
	out = strconv.AppendInt(out, ts, 10)
	return append(out, body[t.end:]...), nil
}

func (deeplWebAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers 200 with a JSON-RPC result whose translation is the notice,
// so that the web translator shows it in the output pane.
func (deeplWebAdapter) Block(_ *Request, env *Envelope, n Notice) Answer {
	id := json.RawMessage("1")
	method := ""
	if env != nil && env.meta != nil {
		if v := env.meta["id"]; v != "" {
			id = json.RawMessage(v)
		}
		method = env.meta["method"]
	}
	t := noticeText(n)
	var result map[string]any
	if method == "LMT_handle_jobs" {
		result = map[string]any{
			"translations": []any{map[string]any{
				"beams":   []any{map[string]any{"sentences": []any{map[string]any{"text": t, "ids": []int{0}}}, "num_symbols": 0}},
				"quality": "normal",
			}},
			"target_lang": "DE", "source_lang": "DE", "source_lang_is_confident": false,
		}
	} else {
		result = map[string]any{
			"texts": []any{map[string]any{"text": t, "alternatives": []any{}}},
			"lang":  "DE", "lang_is_confident": false,
		}
	}
	return jsonAnswer(http.StatusOK, n, map[string]any{"jsonrpc": "2.0", "id": id, "result": result})
}

func (deeplWebAdapter) ResponseFormat(*Request, *Envelope) ResponseFormat {
	return ResponseFormat{Kind: "json"}
}
