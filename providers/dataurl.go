package providers

import (
	"encoding/base64"
	"mime"
	"net/url"
	"strings"
)

// A data URL (RFC 2397) carries a file inside the request: an OpenAI
// image_url or file_url part, a Mistral document_url, a field a service adds
// later. skipValue passes URLs over as addresses, but a data URL is no
// address: "data:text/plain;base64,…" is the text itself, and the service
// reads it (a model is given a CSV or a JSON file in an image_url part as
// readily as in a file part). walkStrings reports it as a File
// (dataURLFile), which the pipeline extracts and scans like an upload; a
// finding blocks, as a file is not rewritten.

// dataURL splits a data URL into its media type and its decoded bytes. ok is
// false when s is no data URL. A payload that does not decode, as base64
// the service may read leniently or as percent-encoding, comes back as nil
// with undecodable set: nobody can tell what it holds.
func dataURL(s string) (mediaType string, data []byte, undecodable, ok bool) {
	if len(s) < 5 || !strings.EqualFold(s[:5], "data:") {
		return "", nil, false, false
	}
	meta, payload, found := strings.Cut(s[5:], ",")
	if !found {
		return "", nil, false, false
	}
	isBase64 := false
	if i := strings.LastIndexByte(meta, ';'); i >= 0 && strings.EqualFold(strings.TrimSpace(meta[i+1:]), "base64") {
		isBase64, meta = true, meta[:i]
	}
	mediaType = strings.ToLower(strings.TrimSpace(meta))
	if mt, _, err := mime.ParseMediaType(meta); err == nil {
		mediaType = mt
	} else if i := strings.IndexByte(mediaType, ';'); i >= 0 {
		mediaType = strings.TrimSpace(mediaType[:i])
	}
	if mediaType == "" {
		mediaType = "text/plain" // RFC 2397's default
	}
	if isBase64 {
		raw, err := decodeBase64(payload)
		if err != nil {
			return mediaType, nil, true, true
		}
		return mediaType, raw, false, true
	}
	text, err := url.PathUnescape(payload)
	if err != nil {
		return mediaType, nil, true, true
	}
	return mediaType, []byte(text), false, true
}

// mediaNotRead reports the media types of inline files whose text the
// detectors cannot read and that pass as they are (docs/security.md: text in
// images is not recognised): images but SVG (which is XML text), audio and
// video.
func mediaNotRead(mediaType string) bool {
	if strings.HasPrefix(mediaType, "image/") {
		return !strings.Contains(mediaType, "svg")
	}
	return strings.HasPrefix(mediaType, "audio/") || strings.HasPrefix(mediaType, "video/")
}

// decodeBase64 decodes base64 as leniently as the services' readers do:
// standard or URL-safe alphabet (proto3 JSON, which Gemini speaks, takes
// both), with or without padding, and with line breaks or other characters
// outside the alphabet between (Python's base64.b64decode drops them by
// default). Before, only strict standard base64 was decoded and anything
// else was reported as an empty file, which passed: a PDF in URL-safe
// base64 went out unread.
func decodeBase64(s string) ([]byte, error) {
	if raw, err := base64.StdEncoding.DecodeString(s); err == nil {
		return raw, nil
	}
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r == '+' || r == '-':
			return '+'
		case r == '/' || r == '_':
			return '/'
		}
		return -1 // padding, white space, anything else
	}, s)
	return base64.RawStdEncoding.DecodeString(clean)
}

// dataURLFile reports v, a JSON string holding a data URL, as a File named
// after its field: its bytes, or, when they do not decode, a body the
// extractor refuses (undecodableFile), so that the request is blocked
// rather than passed unread. Images, audio and video are not reported
// (mediaNotRead). It returns false when v holds no data URL.
func dataURLFile(c *collector, v *jval, name string) bool {
	mt, data, undecodable, ok := dataURL(v.str)
	if !ok {
		return false
	}
	v.read = true
	if mediaNotRead(mt) {
		return true
	}
	if undecodable {
		data = undecodableFile
	}
	c.file(name, mt, data)
	return true
}

// undecodableFile stands for the bytes of an inline file that does not
// decode: a NUL and a control byte, which no extractor reads as text, so
// that the pipeline blocks it as a file it cannot read.
var undecodableFile = []byte{0, 1, 2, 3}
