package proxy

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/audit"
)

// TestUnicodeEscapedTextInspected: text written with "\u" escapes — a
// record pasted from a program's output (Python's json.dumps escapes
// every letter beyond ASCII), an IBAN escaped letter by letter, JSON in
// a string six layers deep (deeper than the layers walkStrings follows) —
// is read decoded as well, as a field that cannot be rewritten: a finding
// blocks. Before, "J\u00fcrgen M\u00fcller, Hauptstra\u00dfe 5" went out
// unread where "Jürgen Müller, Hauptstraße 5" is pseudonymised. Escapes of
// signs (Go's "\u003c") and a path with "\u" pass unchanged.
func TestUnicodeEscapedTextInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	chat := func(content string) string {
		return `{"model":"gpt-4o","messages":[{"role":"user","content":` + q(content) + `}]}`
	}
	escaped := strings.NewReplacer("D", `\u0044`, "0", `\u0030`).Replace("IBAN DE02120300000000202051")
	layered := q("Akte Kasimir Kanarienvogel, " + escaped)
	for range 6 {
		layered = q(`{"t":` + layered + `}`)
	}
	const openai = "https://api.openai.com/v1/chat/completions"
	for _, tc := range []struct{ name, body, secret string }{
		{"a pasted Python record", chat(`Bitte pruefe: {"name": "J\u00fcrgen M\u00fcller", "strasse": "Hauptstra\u00dfe 5", "ort": "10115 Berlin"}`), `M\\u00fcller`},
		{"an IBAN escaped letter by letter", chat("Akte Herr Kasimir Kanarienvogel, " + escaped), `u0030`},
		{"in a tool's result", `{"model":"gpt-4o","messages":[{"role":"user","content":"Fasse zusammen."},{"role":"tool","tool_call_id":"call_1","content":` + q(`{"kunde":"J\u00fcrgen M\u00fcller","iban":"`+escaped[5:]+`"}`) + `}]}`, `u0030`},
		{"the same name plain and escaped", chat(`Herr Jürgen Müller schrieb: {"name": "J\u00fcrgen M\u00fcller"}`), `M\\u00fcller`},
		{"JSON in a string six layers deep", `{"model":"gpt-4o","x_kontext":` + layered + `,"messages":[{"role":"user","content":"Hallo"}]}`, `u0030`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, tc.body)
			for _, g := range sent()[n:] {
				if strings.Contains(g, tc.secret) {
					t.Fatalf("the service got the escaped text unread (%d %.200s): %.300s", code, out, g)
				}
			}
		})
	}
	// One escape in a prompt leaves its other text to be pseudonymised
	// where it stands: before, the decoded copy's name could not be
	// rewritten and the whole prompt was blocked.
	t.Run("a prompt with one escape is pseudonymised", func(t *testing.T) {
		n := len(sent())
		code, out := postJSON(t, h, openai, chat(`Schreibe eine Funktion, die '\u00e4' durch 'ae' ersetzt. Herr Jürgen Müller braucht sie bis Freitag.`))
		got := sent()[n:]
		if code != http.StatusOK || len(got) != 1 || strings.Contains(got[0], "Müller") || !strings.Contains(got[0], `'\\u00e4'`) {
			t.Fatalf("not pseudonymised: %d %.300s %q", code, out, got)
		}
		// One name, counted once: the decoded copy's is the prompt's own.
		recs, err := h.auditReader(t).Query(context.Background(), audit.Filter{})
		if err != nil || len(recs) == 0 {
			t.Fatal(recs, err)
		}
		if last := recs[len(recs)-1]; last.Findings["PERSON"] != 1 {
			t.Errorf("audit record counts %v, want PERSON 1", last.Findings)
		}
	})
	for _, body := range []string{
		chat(`Das Template gibt a \u003cb\u003e \u0026 c aus.`),
		chat(`Die Datei liegt unter C:\users\udo\berichte.`),
	} {
		t.Run("passes "+body, func(t *testing.T) {
			n := len(sent())
			code, out := postJSON(t, h, openai, body)
			if got := sent()[n:]; len(got) != 1 || got[0] != body {
				t.Fatalf("not forwarded as it was: %d %.300s", code, out)
			}
		})
	}
}

// TestUnicodeEscapedUploadsInspected: an uploaded file whose text is
// written with "\u" escapes (a JSON export json.dumps wrote), and a
// multipart text part so written or percent-encoded (a transcription's
// prompt, an upload's purpose), are read decoded as well. Before, the
// file's text and the part were read as they stood, and
// "J\u00fcrgen M\u00fcller" went to the service. A file of escapes of
// signs passes.
func TestUnicodeEscapedUploadsInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	multipart := func(parts ...[3]string) (string, []byte) {
		var b bytes.Buffer
		for _, p := range parts {
			b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"" + p[0] + "\"")
			if p[1] != "" {
				b.WriteString("; filename=\"" + p[1] + "\"\r\nContent-Type: application/json")
			}
			b.WriteString("\r\n\r\n" + p[2] + "\r\n")
		}
		b.WriteString("--XyZ--\r\n")
		return "multipart/form-data; boundary=XyZ", b.Bytes()
	}
	record := `[{"name": "J\u00fcrgen M\u00fcller", "strasse": "Hauptstra\u00dfe 5", "ort": "10115 Berlin"}]`
	for _, tc := range []struct {
		name, url string
		parts     [][3]string
		forward   bool
	}{
		{"a JSON export uploaded as a file", "https://api.openai.com/v1/files", [][3]string{{"purpose", "", "user_data"}, {"file", "export.json", record}}, false},
		{"an escaped text part", "https://api.openai.com/v1/audio/transcriptions", [][3]string{{"model", "", "whisper-1"}, {"prompt", "", `Sehr geehrter Herr J\u00fcrgen M\u00fcller`}}, false},
		{"a percent-encoded text part", "https://api.openai.com/v1/files", [][3]string{{"purpose", "", "Sehr%20geehrter%20Herr%20J%C3%BCrgen%20M%C3%BCller"}, {"file", "a.json", "{}"}}, false},
		{"a file with escaped signs", "https://api.openai.com/v1/files", [][3]string{{"purpose", "", "user_data"}, {"file", "vorlage.json", `{"html": "\u003cb\u003eHallo\u003c/b\u003e"}`}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(sent())
			ct, body := multipart(tc.parts...)
			req, _ := http.NewRequest("POST", tc.url, bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			code, out := h.send(t, req)
			got := sent()[n:]
			if tc.forward {
				if len(got) != 1 {
					t.Fatalf("not forwarded: %d %.300s", code, out)
				}
				return
			}
			if len(got) > 0 {
				t.Fatalf("the service got the upload unread (%d %.200s): %.300s", code, out, got[0])
			}
		})
	}
}

// TestEncodedTextInUploadedFilesInspected: an uploaded file's text is read
// with its base64 (a run, wrapped at 76 columns, a data URL, a part of a
// nested multipart body) and its percent-encoded text decoded, as a
// prompt's is: a model decodes them for the person as readily. Before
// (sec12), the file's text was scanned as it stood, and the name, the IBAN
// and the Steuer-ID in the base64 or behind the escapes went to the
// service. Random bytes in base64 (a nonce, a hash) pass as before.
func TestEncodedTextInUploadedFilesInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	secret := "Akte Herr Jürgen Kowalski, IBAN " + testIBAN + ", Steuer-ID " + testTaxID + ". " + strings.Repeat("Vermerk zur Akte. ", 4)
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	var wrapped strings.Builder
	for i := 0; i < len(b64); i += 76 {
		wrapped.WriteString(b64[i:min(i+76, len(b64))] + "\n")
	}
	upload := func(fname, ctype, content string) (int, string, []string) {
		var b bytes.Buffer
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fname + "\"\r\nContent-Type: " + ctype + "\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", bytes.NewReader(b.Bytes()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	for _, tc := range []struct{ name, fname, ctype, content string }{
		{"a run of base64", "notiz.txt", "text/plain", "Bitte dekodieren: " + b64},
		{"base64 wrapped at 76", "anhang.txt", "text/plain", "Anhang:\n" + wrapped.String()},
		{"a data URL", "notiz.md", "text/markdown", "[Akte](data:text/plain;base64," + b64 + ")"},
		{"a nested multipart part", "teil.txt", "multipart/mixed; boundary=QQ", "--QQ\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n" + wrapped.String() + "--QQ--\r\n"},
		{"percent-encoded text", "notiz.txt", "text/plain", "Herr%20J%C3%BCrgen%20Kowalski%2C%20IBAN%20DE89%203704%200044%200532%200130%2000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, got := upload(tc.fname, tc.ctype, tc.content)
			if len(got) > 0 || code == 200 {
				t.Fatalf("the service got the file unread (%d %.200s)", code, out)
			}
		})
	}
	t.Run("random bytes pass", func(t *testing.T) {
		code, out, got := upload("pruefsummen.txt", "text/plain", "sha256 3q2+7wX9cNfL0kVh1m8Qe4rT6yU2iO0pA5sD7fG9hJk=\nnonce: 9f8e7d6c5b4a39281706f5e4d3c2b1a0\nAuslastung 100%ige Deckung\n")
		if code != 200 || len(got) != 1 {
			t.Fatalf("not forwarded: %d %.300s", code, out)
		}
	})
}

// TestTagSplitValuesInUploadedHTMLInspected: an uploaded HTML file is read
// as written and as its page, where tags join what they split
// ("Ko<span>wal</span>ski", an IBAN with a <b></b> between its groups):
// the model reads the page. Before (sec12), only the markup was read, and
// the name and the IBAN went to the service; a page without them passes.
func TestTagSplitValuesInUploadedHTMLInspected(t *testing.T) {
	h, sent := newEvasionHarness(t)
	upload := func(content string) (int, string, []string) {
		var b bytes.Buffer
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n")
		b.WriteString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"akte.html\"\r\nContent-Type: text/html\r\n\r\n" + content + "\r\n--XyZ--\r\n")
		n := len(sent())
		req, _ := http.NewRequest("POST", "https://api.openai.com/v1/files", bytes.NewReader(b.Bytes()))
		req.Header.Set("Content-Type", "multipart/form-data; boundary=XyZ")
		code, out := h.send(t, req)
		return code, out, sent()[n:]
	}
	iban := testIBAN[:4] + "<b></b>" + testIBAN[4:9] + "<span>" + testIBAN[9:] + "</span>"
	for name, page := range map[string]string{
		"an IBAN split by tags":          "<html><body><p>Bitte überweisen an " + iban + ".</p></body></html>",
		"a Steuer-ID split by a comment": "<!doctype html><p>Steuer-ID " + testTaxID[:5] + "<!-- -->" + testTaxID[5:] + "</p>",
		// A hidden element inside a value: the page shows the value whole
		// (sec13); before, the page reading kept the hidden text in it.
		"an IBAN with a script inside":     "<html><body><p>Bitte überweisen an DE89 3704 0044 05<script>1</script>32 0130 00.</p></body></html>",
		"an IBAN with a style inside":      "<html><body><p>Bitte überweisen an DE89 3704 0044 05<style>p{}</style>32 0130 00.</p></body></html>",
		"a Steuer-ID with a template":      "<html><body><p>Steuer-ID 860957<template>1</template>42719</p></body></html>",
		"a Steuer-ID with a hidden span":   "<html><body><p>Steuer-ID 860957<span hidden>1</span>42719</p></body></html>",
		"an IBAN with a display:none span": "<html><body><p>Bitte überweisen an DE89 3704 0044 05<span style=\"display:none\">1</span>32 0130 00.</p></body></html>",
	} {
		t.Run(name, func(t *testing.T) {
			if code, out, got := upload(page); len(got) > 0 || code == 200 {
				t.Fatalf("the service got the file unread (%d %.200s)", code, out)
			}
		})
	}
	t.Run("a page without personal data passes", func(t *testing.T) {
		code, out, got := upload("<html><body><h1>Sommerfest</h1><p>Am <b>Freitag</b> ab 15 Uhr im Rathaushof.</p></body></html>")
		if code != 200 || len(got) != 1 {
			t.Fatalf("not forwarded: %d %.300s", code, out)
		}
	})
}
