package proxy

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestInlineSourceWithCommaInMediaType: a document whose declared media
// type holds a comma ("text/plain,") is decoded and read, through the
// running proxy; before, the adapter joined type and data into a data URL
// whose header the comma ended, the base64 letters were read as the text,
// and the name and IBAN in it went out (FuzzInlineSource).
func TestInlineSourceWithCommaInMediaType(t *testing.T) {
	h, sent := newEvasionHarness(t)
	doc := base64.StdEncoding.EncodeToString([]byte("Akte Herr Jürgen Kowalski, IBAN " + testIBAN))
	for _, tc := range []struct{ url, body string }{
		{"https://api.anthropic.com/v1/messages", `{"model":"claude-sonnet-4-5","max_tokens":10,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"text/plain,","data":"` + doc + `"}},{"type":"text","text":"Fasse zusammen."}]}]}`},
		{"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", `{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"text/plain,","data":"` + doc + `"}},{"text":"Fasse zusammen."}]}]}`},
	} {
		n := len(sent())
		code, body := postJSON(t, h, tc.url, tc.body)
		if got := sent()[n:]; len(got) > 0 {
			t.Errorf("%s: forwarded (%d) %.300s", tc.url, code, got[0])
		} else if !strings.Contains(body, "schleuse") {
			t.Errorf("%s: no notice: %d %.300s", tc.url, code, body)
		}
	}
}
