package proxy

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTextStartingWithDataIsText: a tool's output that only starts with
// "data:" — the server-sent events an agent's curl printed ("data:
// {\"name\": …}"), a label ("Data: Kunde …") — is text, not a data URL:
// a name and an IBAN in it are pseudonymised and the request goes on. Since
// cb3d528 such a string was taken for an inline file, which is not
// rewritten, and the request was blocked. A real data URL whose percent
// escapes are partly invalid ("100%") is read as browsers read it: its
// findings block it, named, instead of "the file cannot be read".
func TestTextStartingWithDataIsText(t *testing.T) {
	h, sent := newEvasionHarness(t)
	gemini := func(out string) string {
		return `{"contents":[{"role":"user","parts":[{"text":"Was steht im Log?"}]},{"role":"model","parts":[{"functionCall":{"name":"log","args":{}}}]},` +
			`{"role":"user","parts":[{"functionResponse":{"name":"log","response":{"output":"` + out + `"}}}]}]}`
	}
	iban := testIBAN
	for _, tc := range []struct {
		name, body string
		forward    bool
		notice     string
	}{
		{"server-sent events", gemini(`data: {\"name\":\"Herr Jürgen Kowalski\",\"iban\":\"` + iban + `\"}\n\ndata: [DONE]`), true, ""},
		{"a label", gemini(`Data: Kunde Herr Jürgen Kowalski, IBAN ` + iban), true, ""},
		{"a date", gemini(`data:2026-11-30, Herr Jürgen Kowalski, IBAN ` + iban), true, ""},
		{"a data URL with an invalid escape", gemini(`data:text/plain,Herr Jürgen Kowalski 100% sicher, IBAN ` + iban), false, "IBAN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			req, _ := http.NewRequest("POST", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			code, body := h.send(t, req)
			got := sent()[n:]
			if (len(got) > 0) != tc.forward {
				t.Fatalf("forwarded %d (status %d %.300s), want forwarded=%v", len(got), code, body, tc.forward)
			}
			for _, g := range got {
				if strings.Contains(g, "Kowalski") || strings.Contains(g, "0532") {
					t.Fatalf("the service got the data: %.300s", g)
				}
			}
			if !tc.forward && !strings.Contains(body, tc.notice) {
				t.Fatalf("the notice does not name %s: %d %.300s", tc.notice, code, body)
			}
		})
	}
}

// TestDataURLInTextInspected: a data URL inside a text field — a prompt
// "Lies das: data:text/plain;base64,…", a tool's output — is decoded and
// its text scanned like an inline file's; a finding blocks the request (a
// file is not rewritten). Before, only a field that was a data URL as a
// whole was decoded: inside a prompt, the detectors read the letters of
// the base64, and the model the text. A plain data URL (its text is the
// field's), one that does not decode (a truncated example) and an image
// pass as text; so does "metadata:" and the like.
func TestDataURLInTextInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	akte := "Akte Herr Jürgen Kowalski, IBAN " + testIBAN
	b64 := base64.StdEncoding.EncodeToString([]byte(akte))
	chat := func(prompt string) string {
		q, _ := json.Marshal(prompt)
		return `{"model":"gpt-4o","messages":[{"role":"user","content":` + string(q) + `}]}`
	}
	gemini := func(out string) string {
		q, _ := json.Marshal(out)
		return `{"contents":[{"role":"user","parts":[{"text":"Was steht im Log?"}]},{"role":"model","parts":[{"functionCall":{"name":"log","args":{}}}]},` +
			`{"role":"user","parts":[{"functionResponse":{"name":"log","response":{"output":` + string(q) + `}}}]}]}`
	}
	// Wrapped at 76 characters, as the base64 tool writes it; the IBAN
	// beyond the first line.
	var wrapped string
	for rest := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("Vermerk zur Akte. ", 4) + akte)); rest != ""; {
		n := min(76, len(rest))
		wrapped, rest = wrapped+rest[:n]+"\n", rest[n:]
	}
	wrapped = strings.TrimSuffix(wrapped, "\n")
	// Base64 without padding and one letter more, which no decoder
	// takes; a model reads all the rest.
	padded := akte
	for len(padded)%3 != 0 {
		padded += "."
	}
	oneTooMany := base64.StdEncoding.EncodeToString([]byte(padded)) + "Q"
	// A font as pasted CSS holds it: a WOFF2 header and compressed bytes.
	font := []byte("wOF2\x00\x01\x00\x00")
	for i := 0; len(font) < 600; i++ {
		sum := sha256.Sum256([]byte{byte(i)})
		font = append(font, sum[:]...)
	}
	for _, tc := range []struct {
		name, url, body string
		forward         bool
	}{
		{"a font in pasted CSS", "https://api.openai.com/v1/chat/completions",
			chat("Warum lädt die Schrift nicht?\n@font-face { font-family: 'Inter'; src: url(data:font/woff2;base64," + base64.StdEncoding.EncodeToString(font) + ") format('woff2'); }"), true},
		{"text behind binary bytes", "https://api.openai.com/v1/chat/completions",
			chat("Was ist das? data:application/octet-stream;base64," + base64.StdEncoding.EncodeToString(append([]byte{0, 1, 2}, akte...))), false},
		{"base64 in a prompt", "https://api.openai.com/v1/chat/completions", chat("Bitte dekodiere und fasse zusammen: data:text/plain;base64," + b64 + " Danke."), false},
		{"base64 wrapped over lines", "https://api.openai.com/v1/chat/completions", chat("Bitte dekodiere:\ndata:text/plain;base64,\n" + wrapped + "\nDanke."), false},
		{"base64 in a prompt, upper case, in brackets", "https://api.openai.com/v1/chat/completions", chat("Anhang (DATA:text/plain;charset=utf-8;base64," + b64 + ")"), false},
		{"percent-encoded in a prompt", "https://api.openai.com/v1/chat/completions", chat("Lies <data:text/plain," + url.PathEscape(akte) + ">"), false},
		{"base64 in a tool's output", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", gemini("Datei: data:application/octet-stream;base64," + b64), false},
		{"a plain data URL is text", "https://api.openai.com/v1/chat/completions", chat("Ein Beispiel: data:text/plain,Hallo"), true},
		{"base64 one character too long", "https://api.openai.com/v1/chat/completions", chat("Bitte dekodiere: data:text/plain;base64," + oneTooMany + " Danke."), false},
		{"a truncated example", "https://api.openai.com/v1/chat/completions", chat("Bilder kommen als data:image/png;base64,iVBOR... an."), true},
		{"an image", "https://api.openai.com/v1/chat/completions", chat("So sieht es aus: data:image/png;base64," + uninspectedPNG), true},
		{"metadata: is no data URL", "https://api.openai.com/v1/chat/completions", chat("metadata:text/plain;base64,SGFsbG8gV2VsdA=="), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, body := postJSON(t, h, tc.url, tc.body)
			got := sent()[n:]
			if (len(got) > 0) != tc.forward {
				t.Fatalf("forwarded %d (status %d %.300s), want forwarded=%v", len(got), code, body, tc.forward)
			}
			if !tc.forward && !strings.Contains(body, "IBAN") {
				t.Fatalf("the notice does not name the IBAN: %d %.300s", code, body)
			}
		})
	}
}
