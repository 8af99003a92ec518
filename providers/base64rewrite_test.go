package providers

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRewritableBase64 is rewritableBase64's table: base64 of UTF-8 text
// that encodes back exactly, in one of the four forms, and what stays a
// file.
func TestRewritableBase64(t *testing.T) {
	text := []byte("Akte Herr Jürgen Kowalski, IBAN DE89370400440532013000 ?>?~!") // "?>?~" gives "/" and "+" in std, "_" and "-" in URL-safe; 61 bytes need padding
	for _, c := range []struct {
		name string
		tok  string
		raw  []byte
		want layerKind
		ok   bool
	}{
		{"standard", base64.StdEncoding.EncodeToString(text), text, layerBase64, true},
		{"standard without padding", base64.RawStdEncoding.EncodeToString(text), text, layerBase64Raw, true},
		{"URL-safe", base64.URLEncoding.EncodeToString(text), text, layerBase64URL, true},
		{"URL-safe without padding", base64.RawURLEncoding.EncodeToString(text), text, layerBase64URLRaw, true},
		{"no padding needed: taken as padded", base64.StdEncoding.EncodeToString(text[:60]), text[:60], layerBase64, true},

		{"wrapped", base64.StdEncoding.EncodeToString(text)[:40] + "\n" + base64.StdEncoding.EncodeToString(text)[40:], text, 0, false},
		{"alphabets mixed", strings.Replace(base64.StdEncoding.EncodeToString(text), "/", "_", 1), text, 0, false},
		{"one character too many (trimmed)", base64.StdEncoding.EncodeToString(text[:60]) + "Q", text[:60], 0, false},
		{"UTF-16 of ASCII (valid UTF-8, but a placeholder would be written into it as UTF-8)", base64.StdEncoding.EncodeToString([]byte("A\x00k\x00t\x00e\x00")), []byte("A\x00k\x00t\x00e\x00"), 0, false},
		{"Windows-1252", base64.StdEncoding.EncodeToString([]byte("J\xfcrgen M\xfcller")), []byte("J\xfcrgen M\xfcller"), 0, false},
		{"non-canonical last bits", "QWt0ZR==", []byte("Akte"), 0, false},
	} {
		got, ok := rewritableBase64(c.tok, c.raw, 0)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("%s: %v %v, want %v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// TestBase64TextRewritten: base64 of text in a prompt or an unknown field
// is a field of the text's own kind that Apply rewrites and encodes again in
// the same form, also when the text around it is edited too; an edit of the
// surrounding text that overlaps the base64 is refused (the request is then
// blocked, never sent half rewritten). Before, decoded text was a file,
// which no edit reaches: every finding in it blocked the request.
func TestBase64TextRewritten(t *testing.T) {
	secret := "Akte Herr Jürgen Kowalski, IBAN DE89370400440532013000 ?>?~!"
	std, url := base64.StdEncoding.EncodeToString([]byte(secret)), base64.RawURLEncoding.EncodeToString([]byte(secret))
	req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
	chat := func(extra, prompt string) string {
		p, _ := json.Marshal(prompt)
		return `{"model":"gpt-4o",` + extra + `"messages":[{"role":"user","content":` + string(p) + `}]}`
	}
	findB64 := func(env *Envelope) int {
		for i, f := range env.Fields {
			if strings.HasSuffix(f.Name, " (base64)") {
				if f.Kind == File || !f.Redactable() || f.Text != secret {
					t.Fatalf("the decoded text is no redactable field: %+v", f)
				}
				return i
			}
		}
		t.Fatalf("no decoded field in %+v", env.Fields)
		return -1
	}
	nameEdit := func(f int) Edit { return Edit{Field: f, Start: 10, End: 26, Replacement: "[PERSON_1]"} } // "Jürgen Kowalski" (ü is two bytes)
	for _, c := range []struct {
		name   string
		body   string
		enc    *base64.Encoding
		prompt []Edit // edits of field 0, the prompt itself
	}{
		{"in a prompt", chat("", "Bitte dekodiere: "+std+" Danke."), base64.StdEncoding, nil},
		{"URL-safe without padding", chat("", "Bitte dekodiere: "+url+" Danke."), base64.RawURLEncoding, nil},
		{"the prompt edited too", chat("", "Frau Anna Schmidt schickt: "+std+" Danke."), base64.StdEncoding, []Edit{{Field: 0, Start: 5, End: 17, Replacement: "[PERSON_2]"}}},
		{"an unknown field, whole", chat(`"x_kontext":"`+std+`",`, "Fasse zusammen."), base64.StdEncoding, nil},
		{"escaped slashes", strings.ReplaceAll(chat(`"x_kontext":"`+std+`",`, "Fasse zusammen."), "/", `\/`), base64.StdEncoding, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			env, err := openAIAdapter{}.Extract(req, []byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			f := findB64(env)
			edits := append([]Edit{nameEdit(f)}, c.prompt...)
			out, err := openAIAdapter{}.Apply(req, []byte(c.body), env, edits)
			if err != nil {
				t.Fatal(err)
			}
			want := c.enc.EncodeToString([]byte(strings.Replace(secret, "Jürgen Kowalski", "[PERSON_1]", 1)))
			var doc struct {
				X        string `json:"x_kontext"`
				Messages []struct {
					Content string `json:"content"`
				} `json:"messages"`
			}
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if !strings.Contains(doc.X+doc.Messages[0].Content, want) || strings.Contains(string(out), "Kowalski") {
				t.Errorf("the base64 was not rewritten to %s:\n%s", want, out)
			}
			if len(c.prompt) > 0 && (!strings.HasPrefix(doc.Messages[0].Content, "Frau [PERSON_2] schickt: ") || strings.Contains(string(out), "Anna")) {
				t.Errorf("the prompt's own edit is missing:\n%s", out)
			}
			if c.name == "escaped slashes" && strings.Contains(string(out), "Fasse zusammen.") == false {
				t.Errorf("the prompt changed:\n%s", out)
			}
		})
	}
	t.Run("an edit overlapping the base64 is refused", func(t *testing.T) {
		body := chat("", "Bitte dekodiere: "+std+" Danke.")
		env, err := openAIAdapter{}.Extract(req, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		f := findB64(env)
		_, err = openAIAdapter{}.Apply(req, []byte(body), env, []Edit{nameEdit(f), {Field: 0, Start: 10, End: 30, Replacement: "[X]"}})
		if !errors.Is(err, ErrBadEdit) {
			t.Fatalf("got %v, want ErrBadEdit", err)
		}
	})
}

// FuzzBase64Rewrite: any text encoded in any of the four forms inside a
// prompt, once rewritten whole, leaves valid JSON whose prompt holds the
// replacement in the same form where the base64 stood, and not the
// original base64. Seeded from TestBase64TextRewritten.
func FuzzBase64Rewrite(f *testing.F) {
	f.Add("Bitte dekodiere:", "Akte Herr Jürgen Kowalski, IBAN DE89370400440532013000?>", uint8(0), "Danke.")
	f.Add("Frau Anna Schmidt schickt:", "Steuer-ID 86095742719 ?>>?", uint8(3), "")
	f.Add("", "Vermerk zur Akte. Herr Kowalski", uint8(1), "\"\\")
	f.Fuzz(func(t *testing.T, pre, payload string, form uint8, post string) {
		if !utf8.ValidString(pre+payload+post) || len(payload) < 12 {
			return
		}
		enc := base64Encodings[form%4]
		tok := enc.EncodeToString([]byte(payload))
		p, _ := json.Marshal(pre + " " + tok + " " + post)
		body := `{"model":"gpt-4o","messages":[{"role":"user","content":` + string(p) + `}]}`
		req := &Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}
		env, err := openAIAdapter{}.Extract(req, []byte(body))
		if err != nil {
			return
		}
		for i, fl := range env.Fields {
			if fl.Kind == File || !fl.Redactable() || !strings.HasSuffix(fl.Name, " (base64)") || fl.Text != payload {
				continue
			}
			out, err := openAIAdapter{}.Apply(req, []byte(body), env, []Edit{{Field: i, Start: 0, End: len(fl.Text), Replacement: "[X]"}})
			if err != nil {
				t.Fatalf("%q: %v", body, err)
			}
			var doc struct {
				Messages []struct {
					Content string `json:"content"`
				} `json:"messages"`
			}
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			got := doc.Messages[0].Content
			if !strings.Contains(got, " "+enc.EncodeToString([]byte("[X]"))+" ") || strings.Contains(got, tok) {
				t.Fatalf("%q rewritten to %q", tok, got)
			}
		}
	})
}

// TestEscapedSlashBase64Read: base64 in JSON text held in a string (a tool
// call's arguments) with "/" written "\/" is read with the escapes undone,
// as a file; a run without one in the same text is read once, as it
// stands (a field rewritten in place).
func TestEscapedSlashBase64Read(t *testing.T) {
	text := "??? Akte Herr Jürgen Kowalski, IBAN DE89370400440532013000"
	tok := base64.StdEncoding.EncodeToString([]byte(text))
	plain := base64.StdEncoding.EncodeToString([]byte("Vermerk: Herr Kowalski ruft an"))
	args, _ := json.Marshal(`{"inhalt":"` + strings.ReplaceAll(tok, "/", `\/`) + `","notiz":"` + plain + `","url":"https:\/\/example.org\/a\/b"}`)
	body := `{"model":"gpt-4o","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":` + string(args) + `}}]},{"role":"user","content":"weiter"}]}`
	env, err := openAIAdapter{}.Extract(&Request{Host: "api.openai.com", Method: "POST", Path: "/v1/chat/completions"}, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	var files, fields int
	for _, f := range env.Fields {
		switch {
		case f.Kind == File && f.Text == text:
			files++
		case f.Kind != File && strings.HasPrefix(f.Text, "Vermerk: "):
			fields++
		case strings.Contains(f.Text, "Vermerk: "):
			t.Errorf("the run without an escape read again: %s %q", f.Kind, f.Name)
		}
	}
	if files != 1 || fields != 1 {
		t.Errorf("%d files of the escaped run, %d fields of the plain one, want 1 and 1: %+v", files, fields, env.Fields)
	}
}

// TestBase64LastLineRead: base64 wrapped over lines whose last line a
// quote or a bracket closes on its line (JSON text a parser did not read,
// markup) is read as one block, so an IBAN across the last line break is
// whole; a last line that is text ("Danke)") leaves the lines before as
// they were read.
func TestBase64LastLineRead(t *testing.T) {
	text := "Betreff: Vermerk zur Akte vom Dienstag. IBAN DE89 3704 0044 0532 0130 00 bitte pruefen."
	b := base64.StdEncoding.EncodeToString([]byte(text))
	wrapped := b[:76] + "\n" + b[76:]
	for _, c := range []struct{ s, want string }{
		{`{"mail":"` + wrapped + `"}`, text},
		{"<data>" + wrapped + "</data>", text},
		{"Inhalt:\n" + b[:76] + "\nDanke)", text[:57]},
		{"Inhalt:\n" + b[:76] + "\nEnde)", text[:57]},
	} {
		env := &Envelope{}
		newCollector(env).embeddedBase64(c.s, "x", 0, b64Parent{})
		if !slices.ContainsFunc(env.Fields, func(f Field) bool { return f.Text == c.want }) {
			t.Errorf("%q: %+v", c.s, env.Fields)
		}
	}
}
