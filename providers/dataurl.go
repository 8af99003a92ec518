package providers

import (
	"encoding/base64"
	"mime"
	"net/url"
	"strings"
	"unicode"
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
// false when s is no data URL: text that only starts with "data:" and a
// comma follows later ("data: {"id":…}" of a server-sent event in a tool's
// output, "Data: Kunde …, IBAN …") has no media type (type/subtype) or
// none before the comma, and is read as the text it is (and rewritten
// where the policy replaces something). A base64 payload that does not
// decode, as leniently as the service may read it, comes back as nil with
// undecodable set: nobody can tell what it holds. A percent-encoded one
// is decoded as browsers do, an invalid escape ("100%") left as it stands.
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
	if mt, _, _ := strings.Cut(meta, ";"); strings.TrimSpace(mt) != "" && !mediaTypeToken(strings.TrimSpace(mt)) {
		return "", nil, false, false
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
		text = PercentDecode(payload, false)
	}
	return mediaType, []byte(text), false, true
}

// mediaTypeToken reports a media type's "type/subtype": two RFC 2045 tokens
// (letters, digits and !#$&^_.+-) around one slash.
func mediaTypeToken(s string) bool {
	typ, sub, ok := strings.Cut(s, "/")
	return ok && typ != "" && sub != "" && !strings.ContainsFunc(typ+sub, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$&^_.+-", r))
	})
}

// PercentDecode decodes the valid %XX escapes of s and keeps what is not a
// valid escape as it stands ("100%", "%zz"), as the URL standard's
// percent-decode, Python's unquote and PHP's urldecode do; plus: '+' is a
// space, as in a query string or form. The proxy decodes a URL query value
// with it that url.QueryUnescape refuses, dataURL a data URL's payload.
func PercentDecode(s string, plus bool) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+' && plus:
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b)
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
// rather than passed unread. Images, audio and video (MediaKind) are
// counted for the policy instead (Envelope.Uninspected). It returns false
// when v holds no data URL.
func dataURLFile(c *collector, v *jval, name string) bool {
	if _, _, _, ok := dataURL(v.str); !ok {
		return false
	}
	v.read = true
	inlineFile(c, name, v.str)
	return true
}

// embeddedDataURLs reports the data URLs inside a text field ("Lies das:
// data:text/plain;base64,QWt0ZS…" in a prompt, a tool's output) as Files
// named after the field, as dataURLFile does for a field that is one: a
// model decodes base64 as readily as it reads text, and the detectors read
// only the letters of the base64. A data URL ends at white space or at a
// character that closes it in text or markup (quotes, brackets, "<", ">"),
// but for base64 wrapped over lines (base64Lines).
// Passed over are those whose payload says nothing the text does not
// (plain, without base64 or percent escapes), that do not decode (no reader
// can tell what they hold: a truncated example, "data:image/png;base64,…"),
// and images, audio and video, which the service gets as characters, not
// as media. Of other binary payloads (fonts, WebAssembly) only the runs of
// text are read. The text field itself stays: a finding in a data URL blocks the
// request, as a file is not rewritten.
func (c *collector) embeddedDataURLs(s, name string) {
	for from := 0; ; {
		i := strings.IndexByte(s[from:], ':')
		if i < 0 {
			return
		}
		i += from
		from = i + 1
		if i < 4 || !strings.EqualFold(s[i-4:i], "data") || i > 4 && isASCIIAlnum(s[i-5]) {
			continue
		}
		end := strings.IndexFunc(s[i:], func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune("\"'`<>()[]{}", r)
		})
		if end < 0 {
			end = len(s)
		} else {
			end += i
		}
		if meta, _, ok := strings.Cut(s[i-4:end], ","); ok && strings.HasSuffix(strings.ToLower(meta), ";base64") {
			end = base64Lines(s, i-4+len(meta)+1, end)
		}
		tok := s[i-4 : end]
		from = end
		mt, data, undecodable, ok := dataURL(tok)
		if !ok || undecodable || len(data) == 0 {
			continue
		}
		if meta, payload, _ := strings.Cut(tok, ","); !strings.HasSuffix(strings.ToLower(meta), ";base64") && !strings.Contains(payload, "%") {
			continue // plain text, read as the field's text
		}
		switch {
		case MediaKind(mt, data) != "":
			continue
		case !textBytes(data) && !documentBytes(data):
			// Binary that no extractor reads, a font in pasted CSS
			// ("src: url(data:font/woff2;base64,…)"), a WebAssembly
			// module: what a model could read of it are its runs of
			// text, read as the fallback reads a binary body. Before,
			// it went to the extractor as a file, which refused it, and
			// the whole prompt was blocked as an unreadable upload.
			var runs Envelope
			binaryText(&runs, data)
			if len(runs.Fields) == 0 {
				continue
			}
			texts := make([]string, len(runs.Fields))
			for j, f := range runs.Fields {
				texts[j] = f.Text
			}
			mt, data = "text/plain", []byte(strings.Join(texts, "\n"))
		}
		c.file(name+" (data URL)", mt, data)
	}
}

// base64Lines extends a data URL's base64 payload, s[start:end], over the
// lines that continue it: base64 wrapped at a fixed width (76 characters
// as MIME and the base64 tool write it), its payload on the line after
// the comma. A line continues the payload while the one before is full
// (a multiple of four characters, no padding) and it holds nothing but
// base64 characters. Before, a data URL ended at the first line break,
// and of a wrapped document only its first line was decoded and read.
func base64Lines(s string, start, end int) int {
	line := s[start:end]
	for len(line)%4 == 0 && !strings.Contains(line, "=") {
		k := end
		if k < len(s) && s[k] == '\r' {
			k++
		}
		if k >= len(s) || s[k] != '\n' {
			break
		}
		k++
		j := strings.IndexByte(s[k:], '\n')
		if j < 0 {
			j = len(s)
		} else {
			j += k
		}
		next := strings.TrimSuffix(s[k:j], "\r")
		if next == "" || strings.ContainsFunc(next, func(r rune) bool {
			return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("+/-_=", r))
		}) {
			break
		}
		end, line = k+len(next), next
	}
	return end
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// undecodableFile stands for the bytes of an inline file that does not
// decode: a NUL and a control byte, which no extractor reads as text, so
// that the pipeline blocks it as a file it cannot read.
var undecodableFile = []byte{0, 1, 2, 3}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
