package providers

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknownCharset means a body or a multipart part declares a charset
// that schleuse does not read its bytes in, so that a service honouring
// the declaration could read other text than schleuse.
var ErrUnknownCharset = errors.New("providers: charset that cannot be read")

// byteCharsets are the charsets schleuse reads a body's or a part's bytes
// in whatever is declared: UTF-8 (ASCII is part of it) and, where the
// bytes are no UTF-8, Windows-1252, of which ISO-8859-1 and ISO-8859-15
// differ only in signs (binaryText, partText). Names as the IANA registry
// and the WHATWG Encoding Standard spell them.
var byteCharsets = map[string]bool{
	"utf-8": true, "utf8": true, "unicode-1-1-utf-8": true,
	"us-ascii": true, "ascii": true, "ansi_x3.4-1968": true, "iso646-us": true,
	"iso-8859-1": true, "iso8859-1": true, "iso_8859-1": true, "latin1": true, "latin-1": true, "l1": true,
	"iso-8859-15": true, "iso8859-15": true, "latin-9": true, "latin9": true,
	"windows-1252": true, "cp1252": true, "x-cp1252": true,
}

// unicodeCharsets are UTF-16 and UTF-32, which schleuse reads where their
// bytes show them (a byte-order mark, NULs of Latin text: unicodeText).
var unicodeCharsets = map[string]bool{
	"utf-16": true, "utf-16le": true, "utf-16be": true, "utf16": true, "ucs-2": true,
	"utf-32": true, "utf-32le": true, "utf-32be": true, "utf32": true,
}

// charsets returns the values of every charset parameter of a media type
// (a Content-Type), lower case and unquoted, also where the header does
// not parse (a parameter twice, which readers take the first or the last
// of).
func charsets(contentType string) []string {
	var out []string
	// The parameters after the media type, without strings.Split's slice:
	// one allocation per request for "application/json" (no parameter).
	_, params, _ := strings.Cut(contentType, ";")
	for param := range strings.SplitSeq(params, ";") {
		name, value, ok := strings.Cut(param, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "charset") {
			continue
		}
		value = strings.ToLower(strings.Trim(strings.TrimSpace(value), `"'`))
		if value != "" {
			out = append(out, value)
		}
	}
	return out
}

// CheckCharset reports ErrUnknownCharset for a request body whose
// Content-Type declares a charset schleuse does not read body's bytes in:
// UTF-7 (ASCII letters that a service honouring it reads as others:
// "+ADgANgAw-" is "860"), EBCDIC, ISO-2022, the Chinese, Japanese and
// Korean charsets (whose two-byte fullwidth digits and letters a byte
// reading does not see), and UTF-16 or UTF-32 where the bytes do not show
// it. aiohttp's request.json() and text(), Node's body-parser (which
// decodes UTF-7 with iconv-lite) and a server reading a form or a text body
// decode by the declared charset; Python's json.loads alone does not.
// Before, such a body was read as the bytes it is, and a Steuer-ID and an
// IBAN in UTF-7 went to the service (sec18). Browsers and SDKs send UTF-8
// or no charset at all.
func CheckCharset(contentType string, body []byte) error {
	if len(body) == 0 {
		return nil
	}
	for _, cs := range charsets(contentType) {
		switch {
		case byteCharsets[cs]:
		case unicodeCharsets[cs]:
			if _, ok := unicodeText(body); !ok {
				return fmt.Errorf("%w: a body declared UTF-16 or UTF-32 that does not read as one", ErrUnknownCharset)
			}
		default:
			return fmt.Errorf("%w: body", ErrUnknownCharset)
		}
	}
	return nil
}

// partCharset reports ErrUnknownCharset for a multipart part whose
// Content-Type declares a charset other than UTF-8, ASCII or Latin-1,
// which its text is read in (partText); no browser writes a charset there.
func partCharset(contentType string, i int) error {
	for _, cs := range charsets(contentType) {
		if !byteCharsets[cs] {
			return fmt.Errorf("%w: multipart part %d", ErrUnknownCharset, i)
		}
	}
	return nil
}
