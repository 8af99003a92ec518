package proxy

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestDisguisedTextUnderIDKeys: a value without white space under a key
// that names an id, a time, a type or a token (x_id_token, session_token,
// trace_id, lang, callback_url) is read when it is text in disguise: base64
// of UTF-8 text, percent-encoded text, words joined by "_" or "+". Before,
// the key made any such value the service's own id, and the name and the
// IBAN in it went out unread. Real ids, tokens and times pass unchanged.
func TestDisguisedTextUnderIDKeys(t *testing.T) {
	h, sent := newEvasionHarness(t)
	iban := strings.ReplaceAll(testIBAN, " ", "")
	akte := "Akte Herr Max Mustermann, IBAN " + iban
	b64 := base64.StdEncoding.EncodeToString([]byte(akte))
	rawURL := base64.RawURLEncoding.EncodeToString([]byte("Frau Erika Mustermann, Steuer-ID " + testTaxID))
	pct := url.PathEscape("Herr Max Mustermann, IBAN " + iban)
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	chat := func(key, val string) string {
		return `{"model":"gpt-4o",` + q(key) + `:` + q(val) + `,"messages":[{"role":"user","content":"Fasse den Kontext zusammen."}]}`
	}
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, tc := range []struct {
		name, key, val string
	}{
		{"base64 under x_id_token", "x_id_token", b64},
		{"URL-safe base64 under session_token", "session_token", rawURL},
		{"base64 under trace_id", "trace_id", b64},
		{"percent-encoded under trace_id", "trace_id", pct},
		{"percent-encoded under lang", "lang", pct},
		{"joined by _ under x_request_id", "x_request_id", "Frau_Erika_Mustermann_geb._12.03.1961_IBAN_" + iban},
		{"joined by + under session_token", "session_token", "Herr+Max+Mustermann+IBAN+" + iban},
		{"percent-encoded under x_kontext", "x_kontext", pct},
		{"joined by _ under x_kontext", "x_kontext", "Frau_Erika_Mustermann_geb._12.03.1961_IBAN_" + iban},
		{"base64 as the Responses API's previous_response_id", "previous_response_id", b64},
		{"percent-encoded as the Responses API's conversation", "conversation", pct},
		{"joined by _ under created_at", "created_at", "Frau_Erika_Mustermann_Steuer-ID_" + testTaxID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			u, body := openai, chat(tc.key, tc.val)
			if tc.key == "previous_response_id" || tc.key == "conversation" {
				// read by the Responses adapter as the service's id
				u, body = "https://api.openai.com/v1/responses",
					`{"model":"gpt-4o","input":"Fasse den Kontext zusammen.",`+q(tc.key)+`:`+q(tc.val)+`}`
			}
			code, out := postJSON(t, h, u, body)
			got := sent()[n:]
			for _, g := range got {
				if strings.Contains(g, tc.val) {
					t.Fatalf("the service got the value unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
	// Ids, tokens, times and types pass as they are.
	for _, tc := range []struct{ key, val string }{
		{"x_id_token", "eyJhbGciOiJSUzI1NiIsImtpZCI6IjFlOWdkazcifQ.eyJpc3MiOiJodHRwOi8vc2VydmVyLmV4YW1wbGUuY29tIiwic3ViIjoiMjQ4Mjg5NzYxMDAxIn0.NTibBYW_ZoNHGm4ZrWCqYA9oJaxr1AVrJCudJmMf_bJfKrDmcvnM6sWpa0gR4NmNlX4fHw0spbAfPW2Lv0ifA"},
		{"session_token", "sess_7Hk2LmQ9xZ4vB8nR3tY6wE1p"},
		{"trace_id", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
		{"session_token", "S3VyekZyaXN0aWdlclRva2VuLTIwMjY="},
		{"page_token", "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA2NBAB"},
		{"created_at", "2026-11-30T14:07:55.123Z"},
		{"type", "content_block_start"},
		{"lang", "de-DE"},
		{"x_request_id", "req_01HXYZ8K3M4N5P6Q7R8S9T0V1W"},
		{"nonce", "q1w2e3r4t5y6u7i8o9p0%3D%3D"},
	} {
		t.Run("passes "+tc.key+"="+tc.val, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, chat(tc.key, tc.val))
			got := sent()[n:]
			if len(got) != 1 || !strings.Contains(got[0], q(tc.val)) {
				t.Fatalf("not forwarded as it was: %d %.300s", code, out)
			}
		})
	}
}

// TestBase64InURLPathsInspected: base64 of text in a URL's path segment —
// the request's own ("/v1/files/<base64>", "/cb/<base64>") or a link in
// the body — is decoded and read, each segment on its own (URL-safe
// base64) and the rest of the path after each "/" (standard base64, whose
// "/" splits it into segments). Before, the request's path was never
// decoded, and a run in a link started at the host's last label,
// misaligned, and decoded to nothing: the name went out unread. Route
// words and random ids in a path pass.
func TestBase64InURLPathsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	iban := strings.ReplaceAll(testIBAN, " ", "")
	akte := "Akte Herr Max Mustermann, IBAN " + iban
	urlSafe := base64.RawURLEncoding.EncodeToString([]byte(">>> " + akte)) // ">>>" gives a "-"
	std := base64.StdEncoding.EncodeToString([]byte("??? " + akte))        // "???" gives a "/"
	if !strings.Contains(std, "/") || !strings.ContainsAny(urlSafe, "-_") {
		t.Fatalf("the encodings hold no '/' or '-': %s %s", std, urlSafe)
	}
	random := base64.RawURLEncoding.EncodeToString([]byte("\x8f\x01\xfe\x93\x11\xc4\x7a\x00\xee\x42\x9d\x3b\x5c\xa0\xff\x10\x77\x81\x02\xcd\x6e\x33\x90\xb1"))
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	chat := `{"model":"gpt-4o","messages":[{"role":"user","content":"Hallo"}]}`
	link := func(key, u string) string {
		return `{"model":"gpt-4o",` + q(key) + `:` + q(u) + `,"messages":[{"role":"user","content":"Fasse den Kontext zusammen."}]}`
	}
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, tc := range []struct {
		name, method, url, body, value string
		forward                        bool
		referer                        string
	}{
		{"URL-safe segment of the request", "GET", "https://api.openai.com/v1/files/" + urlSafe + "/content", "", "", false, ""},
		{"standard base64 ending the request's path", "GET", "https://api.openai.com/v1/files/" + std, "", "", false, ""},
		{"standard base64 in a query value", "POST", openai + "?state=" + url.QueryEscape(std), chat, "", false, ""},
		{"URL-safe segment of a link", "POST", openai, link("x_callback", "https://akte.example/cb/"+urlSafe+"/status"), urlSafe, false, ""},
		{"standard base64 ending a link", "POST", openai, link("callback_url", "https://akte.example/cb/"+std), std, false, ""},
		{"URL-safe segment of the Referer", "POST", openai, chat, "", false, "https://akte.example/cb/" + urlSafe + "/status"},
		{"standard base64 in the Referer's query", "POST", openai, chat, "", false, "https://akte.example/cb?state=" + url.QueryEscape(std)},
		{"random id in the Referer", "POST", openai, chat, "", true, "https://akte.example/cb/" + random + "/status"},
		{"random id in the request's path", "GET", "https://api.openai.com/v1/files/" + random + "/content", "", "", true, ""},
		{"random id in a link", "POST", openai, link("x_callback", "https://akte.example/cb/"+random+"/status"), "", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if tc.referer != "" {
				req.Header.Set("Referer", tc.referer)
			}
			code, out := h.send(t, req)
			got := sent()[n:]
			if tc.forward {
				if len(got) != 1 {
					t.Fatalf("not forwarded: %d %.300s", code, out)
				}
				return
			}
			if tc.value == "" {
				if len(got) > 0 {
					t.Fatalf("forwarded (%d %.200s): %.300s", code, out, got[0])
				}
				return
			}
			for _, g := range got {
				if strings.Contains(g, tc.value) {
					t.Fatalf("the service got the base64 unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
}

// TestPercentEncodedTextInspected: percent-encoded text in a prompt, in a
// tool's result or in a link is read decoded (a finding blocks: the
// decoded text cannot be rewritten in place). Before, the detectors read
// "Herr%20Max%20Mustermann%2C%20IBAN%20DE89…" as it stands, found nothing,
// and the model read it decoded. Escapes of signs in ids and links
// ("%3D", "%2F") and a percent sign in prose pass.
func TestPercentEncodedTextInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	iban := strings.ReplaceAll(testIBAN, " ", "")
	pct := url.PathEscape("Herr Max Mustermann, IBAN " + iban)
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	prompt := func(p string) string {
		return `{"model":"gpt-4o","messages":[{"role":"user","content":` + q(p) + `}]}`
	}
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, tc := range []struct {
		name, body string
		forward    bool
	}{
		{"in a prompt", prompt("Bitte dekodiere: " + pct), false},
		{"a whole prompt", prompt(pct), false},
		{"Latin-1 in a prompt", prompt("Akte%20M%FCller%2C%20IBAN%20" + iban), false},
		{"in a link's path", `{"model":"gpt-4o","x_quelle":"https://akte.example/suche/` + pct + `","messages":[{"role":"user","content":"Hallo"}]}`, false},
		{"a link with escaped signs", `{"model":"gpt-4o","x_quelle":"https://akte.example/a%2Fb?sig=q1w2e3r4%3D%3D","messages":[{"role":"user","content":"Hallo"}]}`, true},
		{"a percent sign in prose", prompt("Die Quote stieg um 20% auf 100%ige Deckung."), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, tc.body)
			got := sent()[n:]
			if tc.forward {
				if len(got) != 1 || got[0] != tc.body {
					t.Fatalf("not forwarded as it was (%d %.300s)", code, out)
				}
				return
			}
			for _, g := range got {
				if strings.Contains(g, "Mustermann") || strings.Contains(g, "M%FCller") || strings.Contains(g, iban) {
					t.Fatalf("the service got the text unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
	// An escape in a prompt leaves its other text to be pseudonymised
	// where it stands: before, the decoded copy's name could not be
	// rewritten and the whole prompt was blocked.
	t.Run("a prompt with one escape is pseudonymised", func(t *testing.T) {
		n := len(sent())
		code, out := postJSON(t, h, openai, prompt("Was bedeutet %C3%A4 in einer Adresse? Herr Jürgen Müller fragt."))
		got := sent()[n:]
		if code != http.StatusOK || len(got) != 1 || strings.Contains(got[0], "Müller") || !strings.Contains(got[0], "%C3%A4") {
			t.Fatalf("not pseudonymised: %d %.300s %q", code, out, got)
		}
	})
}
