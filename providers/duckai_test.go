package providers

import (
	"encoding/base64"
	"slices"
	"strings"
	"testing"
)

// TestDuckAIImagesAndParts: Duck.ai's newer client sends a message's content
// as parts ({"type":"text","text"}, {"type":"image","mimeType","image"})
// beside durableStream (a public key) and reasoningEffort. The text parts
// are the prompt; an image, as base64 or a data URL, is counted as
// uninspected (the policy refuses it by default), and a document sent as an
// "image" is read as the file it is: none passes unread.
func TestDuckAIImagesAndParts(t *testing.T) {
	const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
	pdf := base64.StdEncoding.EncodeToString([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nBescheid für Herrn Max Mustermann\n%%EOF"))
	req := &Request{Method: "POST", Host: "duck.ai", Path: "/duckchat/v1/chat"}
	for _, c := range []struct {
		name, image string
		wantImage   bool
		wantFile    bool
	}{
		{"base64 image", png, true, false},
		{"data URL image", "data:image/png;base64," + png, true, false},
		{"a PDF as an image", pdf, false, true},
	} {
		body := `{"model":"gpt-5-mini","metadata":{"toolChoice":{"NewsSearch":false}},"messages":[{"role":"user","content":[` +
			`{"type":"text","text":"Was steht auf dem Bild von Herrn Max Mustermann?"},{"type":"image","mimeType":"image/png","image":"` + c.image + `"}]}],` +
			`"canUseTools":true,"reasoningEffort":"minimal","canUseApproxLocation":null,` +
			`"durableStream":{"messageId":"7d9f2a8e-1b3c-4d5e-8f60-7182a3b4c5d6","conversationId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","publicKey":{"kty":"RSA","e":"AQAB","alg":"RSA-OAEP-256","key_ops":["encrypt"],"use":"enc","ext":true}}}`
		env, err := duckAIAdapter{}.Extract(req, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var prompt, file bool
		for _, f := range env.Fields {
			prompt = prompt || f.Kind == UserText && strings.Contains(f.Text, "Max Mustermann") && strings.HasPrefix(f.Name, "messages[0].content")
			file = file || f.Kind == File && strings.Contains(f.Text, "%PDF")
		}
		if !prompt || slices.Contains(env.Uninspected, UninspectedImage) != c.wantImage || file != c.wantFile {
			t.Errorf("%s: prompt read %v, uninspected %v, file %v; fields %+v", c.name, prompt, env.Uninspected, file, env.Fields)
		}
	}
}

// TestDuckAIDurableStreamDropped: a prompt rewritten with placeholders
// leaves without durableStream, whose public key would let Duck.ai keep a
// copy of the answer the proxy cannot read (placeholders unrestored when
// the page resumes from it); a body without edits keeps it, and a key
// written in another case goes too.
func TestDuckAIDurableStreamDropped(t *testing.T) {
	const ds = `"durableStream":{"messageId":"7d9f2a8e-1b3c-4d5e-8f60-7182a3b4c5d6","conversationId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","publicKey":{"alg":"RSA-OAEP-256","e":"AQAB","ext":true,"key_ops":["encrypt"],"kty":"RSA","n":"nO0M9w4n6Ee1iK1WIe3D","use":"enc"}}`
	req := &Request{Method: "POST", Host: "duck.ai", Path: "/duckchat/v1/chat"}
	for _, c := range []struct{ body, want string }{
		{`{"model":"gpt-5-mini","messages":[{"role":"user","content":"Brief an Max Mustermann"}],"reasoningEffort":"none",` + ds + `}`,
			`{"model":"gpt-5-mini","messages":[{"role":"user","content":"Brief an [PERSON_1]"}],"reasoningEffort":"none"}`},
		{`{"model":"gpt-5-mini","messages":[{"role":"user","content":"Brief an Max Mustermann"}],` + ds + `,"canUseTools":true}`,
			`{"model":"gpt-5-mini","messages":[{"role":"user","content":"Brief an [PERSON_1]"}],"canUseTools":true}`},
		{`{ ` + ds + ` , "messages":[{"role":"user","content":"Brief an Max Mustermann"}],"DurableStream":{"publicKey":{"n":"x"}}}`,
			`{ "messages":[{"role":"user","content":"Brief an [PERSON_1]"}]}`},
	} {
		env, err := duckAIAdapter{}.Extract(req, []byte(c.body))
		if err != nil {
			t.Fatal(err)
		}
		same, err := duckAIAdapter{}.Apply(req, []byte(c.body), env, nil)
		if err != nil || string(same) != c.body {
			t.Errorf("without edits the body changed: %s, %v", same, err)
		}
		i := slices.IndexFunc(env.Fields, func(f Field) bool { return f.Kind == UserText && strings.Contains(f.Text, "Max Mustermann") })
		s := strings.Index(env.Fields[i].Text, "Max")
		got, err := duckAIAdapter{}.Apply(req, []byte(c.body), env, []Edit{{Field: i, Start: s, End: s + len("Max Mustermann"), Replacement: "[PERSON_1]"}})
		if err != nil || string(got) != c.want {
			t.Errorf("got %s, %v\nwant %s", got, err, c.want)
		}
	}
}
