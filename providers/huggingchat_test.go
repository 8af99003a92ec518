package providers

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// hfForm builds a chat-ui message form with the given parts (name, file
// name, content) and line break.
func hfForm(nl string, parts ...[3]string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("--XyZb" + nl + `Content-Disposition: form-data; name="` + p[0] + `"`)
		if p[1] != "" {
			b.WriteString(`; filename="` + p[1] + `"`)
		}
		b.WriteString(nl + nl + p[2] + nl)
	}
	b.WriteString("--XyZb--" + nl)
	return b.String()
}

func hfReq() *Request {
	h := http.Header{}
	h.Set("Content-Type", "multipart/form-data; boundary=XyZb")
	return &Request{Host: "huggingface.co", Method: "POST", Path: "/chat/conversation/6756f0c2a1b3c4d5e6f70819", Header: h}
}

// TestHuggingChatMultipart: the data part's inputs are rewritten in place
// (CRLF and bare LF forms); a second data part, a form without one, and a
// rewrite that would put the boundary into the body are refused.
func TestHuggingChatMultipart(t *testing.T) {
	a := huggingChatAdapter{}
	for _, nl := range []string{"\r\n", "\n"} {
		body := hfForm(nl, [3]string{"files", "hash;akte.pdf", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
			[3]string{"data", "", `{"inputs":"Herr Max Mustermann fragt.","id":"0b6f1f52-3c7e-4c39-9d9c-5b1a7c0e2f11"}`})
		env, err := a.Extract(hfReq(), []byte(body))
		if err != nil {
			t.Fatalf("%q: %v", nl, err)
		}
		in := -1
		for i, f := range env.Fields {
			if f.Name == "inputs" {
				in = i
			}
		}
		if in < 0 || !env.Fields[in].Redactable() || env.Fields[in].Kind != UserText {
			t.Fatalf("%q: inputs not a redactable user field: %s", nl, describe(env))
		}
		s := strings.Index(env.Fields[in].Text, "Max Mustermann")
		out, err := a.Apply(hfReq(), []byte(body), env, []Edit{{Field: in, Start: s, End: s + len("Max Mustermann"), Replacement: "[PERSON_1]"}})
		if err != nil {
			t.Fatalf("%q: apply: %v", nl, err)
		}
		if want := strings.Replace(body, "Max Mustermann", "[PERSON_1]", 1); string(out) != want {
			t.Errorf("%q: apply:\n%q\nwant\n%q", nl, out, want)
		}
		// A replacement that holds the boundary (no placeholder does) is
		// refused rather than sent.
		if _, err := a.Apply(hfReq(), []byte(body), env, []Edit{{Field: in, Start: s, End: s + 3, Replacement: "--XyZb"}}); !errors.Is(err, ErrCannotRedact) {
			t.Errorf("%q: boundary in the rewrite: %v", nl, err)
		}
	}
	twice := hfForm("\r\n", [3]string{"data", "", `{"inputs":"a"}`}, [3]string{"data", "", `{"inputs":"Max Mustermann"}`})
	if _, err := a.Extract(hfReq(), []byte(twice)); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("two data parts: %v", err)
	}
	if _, err := a.Extract(hfReq(), []byte(hfForm("\r\n", [3]string{"note", "", "Max Mustermann"}))); !errors.Is(err, ErrMalformed) {
		t.Errorf("no data part: %v", err)
	}
	if _, err := a.Extract(hfReq(), []byte(hfForm("\r\n", [3]string{"data", "", `{"inputs":"a"`}))); !errors.Is(err, ErrMalformed) {
		t.Errorf("data not JSON: %v", err)
	}
}

// TestHuggingChatMultipartAttempts: bodies that try to have the service
// read a value schleuse did not rewrite. JSON escapes in inputs are
// rewritten in the decoded text (the body's JSON holds the placeholder,
// not the name); text before the first or after the closing boundary, a
// transfer encoding, a data part written with filename* (a file to Go,
// which other readers may take for the form's data) and a boundary in
// the Content-Type that the body does not use are refused or read.
func TestHuggingChatMultipartAttempts(t *testing.T) {
	a := huggingChatAdapter{}
	data := `{"inputs":"Herr \u004dax Mustermann fragt.","id":"0b6f1f52-3c7e-4c39-9d9c-5b1a7c0e2f11"}`
	body := hfForm("\r\n", [3]string{"data", "", data})
	env, err := a.Extract(hfReq(), []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	in := -1
	for i, f := range env.Fields {
		if f.Name == "inputs" {
			in = i
		}
	}
	if in < 0 || env.Fields[in].Text != "Herr Max Mustermann fragt." {
		t.Fatalf("inputs: %s", describe(env))
	}
	s := strings.Index(env.Fields[in].Text, "Max Mustermann")
	out, err := a.Apply(hfReq(), []byte(body), env, []Edit{{Field: in, Start: s, End: s + len("Max Mustermann"), Replacement: "[PERSON_1]"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "ax Mustermann") || !strings.Contains(string(out), `"inputs":"Herr [PERSON_1] fragt."`) {
		t.Fatalf("escaped inputs rewritten as %q", out)
	}
	env2, err := a.Extract(hfReq(), out)
	if err != nil || env2.Fields[in].Text != "Herr [PERSON_1] fragt." {
		t.Fatalf("rewritten body read again: %v %s", err, describe(env2))
	}

	refused := map[string]string{
		"preamble": "Max Mustermann\r\n" + body,
		"epilogue": body + "Max Mustermann\r\n",
		"transfer encoding": "--XyZb\r\nContent-Disposition: form-data; name=\"data\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
			`{"inputs":"Herr =4Dax Mustermann"}` + "\r\n--XyZb--\r\n",
		"unclosed": strings.TrimSuffix(body, "--XyZb--\r\n"),
	}
	for name, b := range refused {
		if _, err := a.Extract(hfReq(), []byte(b)); err == nil {
			t.Errorf("%s: read", name)
		}
	}
	// A data part with filename*: Go's reader names it a file, whose text
	// is read as a file's (not redactable); the form has no data part.
	star := "--XyZb\r\nContent-Disposition: form-data; name=\"data\"; filename*=UTF-8''x\r\n\r\n" + data + "\r\n--XyZb--\r\n"
	if _, err := a.Extract(hfReq(), []byte(star)); err == nil {
		t.Errorf("filename* data part read as the form's data")
	}
	star2 := strings.TrimSuffix(star, "--XyZb--\r\n") + hfForm("\r\n", [3]string{"data", "", `{"inputs":"Hallo"}`})
	env, err = a.Extract(hfReq(), []byte(star2))
	if err != nil {
		t.Fatalf("filename* part beside a data part: %v", err)
	}
	if !hasFile(env, "ax Mustermann") {
		t.Errorf("filename* part not read as a file: %s", describe(env))
	}
	// The Content-Type's boundary quoted, the body's the same: read.
	q := hfReq()
	q.Header.Set("Content-Type", `multipart/form-data; boundary="XyZb"`)
	if _, err := a.Extract(q, []byte(body)); err != nil {
		t.Errorf("quoted boundary: %v", err)
	}
	// A boundary the body does not use (case differs): no part is found.
	q.Header.Set("Content-Type", `multipart/form-data; boundary=xyzb`)
	if _, err := a.Extract(q, []byte(body)); err == nil {
		t.Errorf("boundary of another case: read")
	}
}

func hasFile(env *Envelope, text string) bool {
	for _, f := range env.Fields {
		if f.Kind == File && strings.Contains(f.Text, text) {
			return true
		}
	}
	return false
}

// TestHuggingChatFileNames: a files part whose name readers take
// differently (filename and filename*: Go's mime the second, others the
// first) is read as every one of them: a "base64;" name among them has its
// content decoded and read, not only the base64 letters (chat-ui's server
// decodes what it reads as base64;akte.txt).
func TestHuggingChatFileNames(t *testing.T) {
	a := huggingChatAdapter{}
	b64 := base64.StdEncoding.EncodeToString([]byte("Akte: IBAN DE89370400440532013000, Herr Max Mustermann"))
	for _, cd := range []string{
		`form-data; name="files"; filename="base64;akte.txt"; filename*=UTF-8''bild.png`,
		`form-data; name="files"; filename="bild.png"; filename*=UTF-8''base64%3Bakte.txt`,
		`form-data; name="files"; filename="base64;akte.txt"`,
		`form-data; name="files"; filename="bild.png"; filename="base64;akte.txt"`,
	} {
		body := "--XyZb\r\nContent-Disposition: " + cd + "\r\nContent-Type: text/plain\r\n\r\n" + b64 + "\r\n" +
			hfForm("\r\n", [3]string{"data", "", `{"inputs":"Hallo"}`})
		env, err := a.Extract(hfReq(), []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", cd, err)
		}
		if !hasFile(env, "DE89370400440532013000") {
			t.Errorf("%s: the file's decoded text not read:\n%s", cd, describe(env))
		}
	}
}
