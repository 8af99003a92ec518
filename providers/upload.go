package providers

import (
	"path"
)

// uploadAdapter reads plain file uploads: a multipart body (every file part
// becomes a File field) or raw bytes (PUT or POST to a pre-signed URL).
// Files cannot be rewritten; a finding blocks the upload.
type uploadAdapter struct{}

func (uploadAdapter) Name() string { return "upload" }

func (uploadAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	env := &Envelope{Kind: KindUpload}
	c := newCollector(env)
	ct := contentType(req)
	if isMultipart(ct) {
		return env, multipartFields(c, ct, body, nil)
	}
	if len(body) > 0 {
		c.file(path.Base(req.Path), ct, body)
	}
	return env, nil
}

func (uploadAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

func (uploadAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return genericAnswer(n) }
