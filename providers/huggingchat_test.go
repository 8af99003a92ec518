package providers

import (
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
