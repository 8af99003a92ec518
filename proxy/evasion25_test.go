package proxy

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestJoinedWordsInSchemaTextInspected: words joined beside an identifier
// in a tool's or a structured output's schema text (a function's name
// "Juergen_Kowalski_86095742719", which the model reads with every
// request, a property's title) are read as in a system prompt, in OpenAI's,
// Anthropic's and Gemini's tools alike: the service gets the placeholders.
// Before, schema text was read as it stood, one word to the detectors, and
// the name and the Steuer-ID went out (sec25). Ordinary names of
// functions with digits pass unchanged.
func TestJoinedWordsInSchemaTextInspected(t *testing.T) {
	up := &upstreamLog{}
	extra := map[string]http.Handler{}
	for _, host := range []string{"api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com"} {
		extra[host] = up
	}
	h := newPipeHarnessOpts(t, pipeOpts{extra: extra})
	const joined = "Juergen_Kowalski_" + testTaxID
	for _, tc := range []struct{ name, url, body string }{
		{"OpenAI, a function's name", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"` + joined + `","parameters":{}}}],"messages":[{"role":"user","content":"Hallo"}]}`},
		{"OpenAI, a label and the number", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"steuer_id_` + testTaxID + `","parameters":{}}}],"messages":[{"role":"user","content":"Hallo"}]}`},
		{"OpenAI, a property's title", "https://api.openai.com/v1/chat/completions",
			`{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","title":"` + joined + `","properties":{}}}}],"messages":[{"role":"user","content":"Hallo"}]}`},
		{"Responses API, structured output's name", "https://api.openai.com/v1/responses",
			`{"model":"gpt-4o","input":"Hallo","text":{"format":{"type":"json_schema","name":"` + joined + `","schema":{"type":"object"}}}}`},
		{"Anthropic, a tool's name", "https://api.anthropic.com/v1/messages",
			`{"model":"claude-x","max_tokens":10,"tools":[{"name":"` + joined + `","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"Hallo"}]}`},
		{"Gemini, a function declaration's name", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
			`{"tools":[{"functionDeclarations":[{"name":"` + joined + `"}]}],"contents":[{"role":"user","parts":[{"text":"Hallo"}]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("POST", tc.url, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, out := h.send(t, req)
			for _, s := range up.since(n) {
				if strings.Contains(s.Body, "42719") || strings.Contains(s.Body, "Kowalski") {
					t.Fatalf("the service got %s", s.Body)
				}
			}
			if code == 200 && up.count() == n {
				t.Fatalf("200 without a request to the service: %.300s", out)
			}
		})
	}
	t.Run("ordinary names", func(t *testing.T) {
		body := `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"get_weather_2024","parameters":{}}},{"type":"function","function":{"name":"search_docs_v2","parameters":{}}},{"type":"function","function":{"name":"create_ticket_1234567","parameters":{}}}],"messages":[{"role":"user","content":"Hallo"}]}`
		n := up.count()
		code, out := postJSON(t, h, "https://api.openai.com/v1/chat/completions", body)
		if code != 200 || up.count() != n+1 || up.since(n)[0].Body != body {
			t.Fatalf("%d %.300s", code, out)
		}
	})
}

// TestSplitValuesInManyPieces: a Steuer-ID or an IBAN sent a character or
// two per user message or text part (eleven messages "8", "6", "0", …, an
// IBAN in 22), which the model reads as one value, is found where the
// pieces meet: no piece reaches the service, every field carries the
// placeholder or stays as it was, none is left empty. Before, at most six
// pieces were joined, none of whose joinings held the value, and it went
// out (sec25). Numbers counted one per message, and short words, pass
// unchanged.
func TestSplitValuesInManyPieces(t *testing.T) {
	h, sent := newEvasionHarness(t)
	chars := func(s string, n int) []string {
		var out []string
		for len(s) > 0 {
			k := min(n, len(s))
			out = append(out, s[:k])
			s = s[k:]
		}
		return out
	}
	const (
		openai = "https://api.openai.com/v1/chat/completions"
		anth   = "https://api.anthropic.com/v1/messages"
	)
	iban := strings.ReplaceAll(testIBAN, " ", "")
	for _, tc := range []struct {
		name, url, body, placeholder string
	}{
		{"a Steuer-ID a digit per message", openai, userMessages(append([]string{"Steuer-ID"}, chars(testTaxID, 1)...)...), "[DE_TAX_ID_"},
		{"a Steuer-ID a digit per text part", anth, textPartsBody(chars(testTaxID, 1)...), "[DE_TAX_ID_"},
		{"an IBAN a character per message", openai, userMessages(chars(iban, 1)...), "[IBAN_"},
		{"an IBAN two characters per text part", anth, textPartsBody(chars(iban, 2)...), "[IBAN_"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, answer, got := postForwarded(t, h, sent, tc.url, tc.body)
			if code != 200 || len(got) != 1 {
				t.Fatalf("%d %.300s; %d forwarded", code, answer, len(got))
			}
			if !json.Valid([]byte(got[0])) {
				t.Fatalf("no JSON: %s", got[0])
			}
			digits := ""
			for _, r := range got[0] {
				if r >= '0' && r <= '9' {
					digits += string(r)
				}
			}
			if strings.Contains(digits, "42719") || strings.Contains(digits, "0532013000") || !strings.Contains(got[0], tc.placeholder) {
				t.Fatalf("the service got %s", got[0])
			}
			if strings.Contains(got[0], `"text":""`) || strings.Contains(got[0], `"content":""`) {
				t.Errorf("a message or text part was left empty: %s", got[0])
			}
		})
	}
	t.Run("numbers and words one per message", func(t *testing.T) {
		var nums []string
		for i := 1; i <= 30; i++ {
			nums = append(nums, strconv.Itoa(i))
		}
		for _, body := range []string{userMessages(nums...), textPartsBody(nums...), userMessages("ja", "nein", "ok", "weiter", "danke", "gut", "so", "und", "dann", "noch", "eins")} {
			code, answer, got := postForwarded(t, h, sent, openai, body)
			if strings.Contains(body, "claude") {
				code, answer, got = postForwarded(t, h, sent, anth, body)
			}
			if code != 200 || len(got) != 1 || got[0] != body {
				t.Fatalf("%d %.300s; forwarded %q", code, answer, got)
			}
		}
	})
}

// TestHeaderNamesQueryKeysAndRefererPartsInspected: what a program writes
// into a header's name, a query's key without white space, and a Referer's
// host, user and fragment reaches the service as a value does, and is read
// so: an IBAN or a Steuer-ID there is refused. Before, none of them was
// read, and the values went out (sec25). Ordinary names, keys and Referers
// pass.
func TestHeaderNamesQueryKeysAndRefererPartsInspected(t *testing.T) {
	up := &upstreamLog{}
	h := newPipeHarnessOpts(t, pipeOpts{extra: map[string]http.Handler{"api.openai.com": up}})
	iban := strings.ReplaceAll(testIBAN, " ", "")
	for _, tc := range []struct {
		name, url string
		header    [2]string
		pass      bool
	}{
		{"an IBAN as a header's name", "/v1/models", [2]string{"X-" + iban, "1"}, false},
		{"a Steuer-ID in a header's name", "/v1/models", [2]string{"X-Steuer-" + testTaxID, "1"}, false},
		{"a name and a Steuer-ID in a header's name", "/v1/models", [2]string{"X-Juergen-Kowalski-" + testTaxID, "1"}, false},
		{"an IBAN as a query's key", "/v1/models?" + iban + "=1", [2]string{}, false},
		{"a Steuer-ID as a query's key", "/v1/models?steuer:" + testTaxID + "=1", [2]string{}, false},
		{"a Steuer-ID in a Referer's host", "/v1/models", [2]string{"Referer", "https://juergen-kowalski-" + testTaxID + ".example/"}, false},
		{"a Steuer-ID as a Referer's password", "/v1/models", [2]string{"Referer", "https://kowalski:" + testTaxID + "@x.example/"}, false},
		{"text in a Referer's fragment", "/v1/models", [2]string{"Referer", "https://x.example/#Herr%20J%C3%BCrgen%20Kowalski,%20Steuer-ID%20" + testTaxID}, false},
		{"an IBAN in a Referer's fragment", "/v1/models", [2]string{"Referer", "https://x.example/#iban=" + iban}, false},
		{"ordinary keys and names", "/v1/models?api-version=2024-10-21&alt=sse&include_usage=true&1712345678=", [2]string{"X-Stainless-Package-Version", "4.77.0"}, true},
		{"an ordinary Referer", "/v1/models", [2]string{"Referer", "https://chatgpt.com/c/6749b3a2-1c1e-8000-9c1d-3e0e8f6b2a11?model=gpt-4o#section-2"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := up.count()
			req, _ := http.NewRequest("GET", "https://api.openai.com"+tc.url, nil)
			if tc.header[0] != "" {
				req.Header.Set(tc.header[0], tc.header[1])
			}
			code, out := h.send(t, req)
			if got := up.count() - n; tc.pass != (got == 1) {
				t.Fatalf("pass %v, the service got %d requests: %d %.300s", tc.pass, got, code, out)
			}
			if !tc.pass && !strings.Contains(out, "Die Adresse (URL)") {
				t.Fatalf("no reason: %d %.300s", code, out)
			}
		})
	}
}
