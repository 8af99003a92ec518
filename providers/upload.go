package providers

import (
	"bytes"
	"net/http"
	"path"
	"strconv"
	"strings"
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
	if len(body) > 0 && googleUploadStart(req) {
		// The start of an upload to Google's upload service (Gemini's
		// attachments) carries the file's name only, "File name:
		// Bescheid_Anna_Schmidt.pdf", before the bytes follow in a
		// request of their own. Read as a file's content, the name was
		// text without blanks ("Bescheid_DE89…" hid an IBAN); reported as
		// the name of a file without bytes, the pipeline reads it as a
		// file name. Other metadata is the content of that file.
		if name, ok := uploadStartName(body); ok {
			c.file(name, "", nil)
			return env, nil
		}
		if isForm(ct) {
			body = []byte(PercentDecode(string(body), true)) // other form-encoded metadata, decoded
		}
		// The Gemini API's start names the file in JSON
		// ({"file":{"display_name":"Bescheid_…pdf"}}): every string a
		// field, as the fallback reads it (block-only), so that each
		// is read as a file name where it is one.
		if meta, err := fallbackExtract(req, body); err == nil && len(meta.Fields) > 0 {
			for _, f := range meta.Fields {
				f.loc = nil
				env.Fields = append(env.Fields, f)
			}
			return env, nil
		}
		c.file(path.Base(req.Path), "text/plain", body)
		return env, nil
	}
	if len(body) > 0 {
		c.file(path.Base(req.Path), ct, body)
	}
	return env, nil
}

// uploadStartName returns the file name the start of an upload to Google's
// upload service carries. gemini.google.com sends it form-encoded, as the
// key of an empty value (URLSearchParams({"File name: Bescheid.pdf": ""}):
// "File+name%3A+Bescheid.pdf="); older clients "File%20name=Bescheid.pdf"
// or the plain text "File name: Bescheid.pdf". Before, only the plain text
// was read as a name, and the browser's form passed with the name encoded.
func uploadStartName(body []byte) (string, bool) {
	s := string(body)
	if strings.ContainsAny(s, "\r\n") {
		return "", false
	}
	if name, ok := strings.CutPrefix(s, "File name: "); ok {
		return strings.TrimSpace(name), true
	}
	if strings.Contains(s, "&") {
		return "", false // more than one pair: metadata, read as text
	}
	k, v, _ := strings.Cut(s, "=")
	k, v = PercentDecode(k, true), PercentDecode(v, true)
	if name, ok := strings.CutPrefix(k, "File name:"); ok && v == "" {
		return strings.TrimSpace(name), true
	}
	if k == "File name" {
		return strings.TrimSpace(v), true
	}
	return "", false
}

// googleUploadStart reports the first request of a resumable upload to
// Google's upload service (X-Goog-Upload-Command: start), which carries
// the file's metadata, not its bytes.
func googleUploadStart(req *Request) bool {
	if req == nil {
		return false
	}
	cmd := strings.ToLower(req.Header.Get("X-Goog-Upload-Command"))
	return strings.Contains(cmd, "start") && !strings.Contains(cmd, "upload")
}

func (uploadAdapter) Apply(_ *Request, body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return applyEdits(body, env, edits)
}

// Block answers in the shape of the upload call's own errors, with the
// notice as its message: an S3 bucket's (Perplexity's presigned POST to
// ppl-ai-file-upload.s3.amazonaws.com) as S3's XML error, AccessDenied; Google's
// upload service (gemini.google.com's attachments at content-push.googleapis.com
// and push.clients6.google.com) as a German text, with X-Goog-Upload-Status:
// final so that its resumable client does not retry the refused upload.
// Whether the app shows the message or a generic "upload failed" is up to
// the app (docs/providers.md); others get the generic 403.
func (uploadAdapter) Block(req *Request, _ *Envelope, n Notice) Answer {
	host := ""
	if req != nil {
		host = strings.ToLower(req.Host)
	}
	switch {
	case strings.HasSuffix(host, ".amazonaws.com"):
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		b.WriteString("<Error><Code>AccessDenied</Code><Message>")
		xmlText.WriteString(&b, noticeText(n)) // line breaks kept, as S3 keeps them
		b.WriteString("</Message></Error>")
		h := baseHeader("application/xml", n)
		h.Set("Content-Length", strconv.Itoa(b.Len()))
		return Answer{Status: http.StatusForbidden, Header: h, Body: b.Bytes()}
	case host == "generativelanguage.googleapis.com":
		// The Gemini API's own error, which its SDKs raise with the message.
		a := jsonAnswer(http.StatusForbidden, n, map[string]any{"error": map[string]any{
			"code": 403, "message": noticeText(n), "status": "PERMISSION_DENIED",
		}})
		a.Header.Set("X-Goog-Upload-Status", "final")
		return a
	case strings.HasSuffix(host, ".googleapis.com") || strings.HasSuffix(host, ".google.com"):
		return textAnswer(n, func(h http.Header) { h.Set("X-Goog-Upload-Status", "final") })
	}
	return genericAnswer(n)
}

// xmlText escapes character data for an XML element.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// textAnswer is a 403 whose body is the notice as plain text, for calls
// whose error format is unknown: a client that shows the body shows a
// clear German text. more adds headers.
func textAnswer(n Notice, more func(http.Header)) Answer {
	b := []byte(noticeText(n))
	h := baseHeader("text/plain; charset=utf-8", n)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	if more != nil {
		more(h)
	}
	return Answer{Status: http.StatusForbidden, Header: h, Body: b}
}
