package providers

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"golang.org/x/text/encoding/charmap"
	"mime"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/schleuse/schleuse/internal/byteset"
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

// decodeBase64Trimmed decodes s as decodeBase64 does, but without the
// last character when the base64 characters in s number one more than a
// multiple of four (which no decoder takes): what a reader makes of the
// rest.
func decodeBase64Trimmed(s string) ([]byte, error) {
	n, last := 0, -1 // the base64 characters and where the last one is
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '=' && base64Class[c] {
			n, last = n+1, i
		}
	}
	if n%4 == 1 {
		s = s[:last] + s[last+1:]
	}
	return decodeBase64(s)
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
func (c *collector) embeddedDataURLs(s, name string) { c.embeddedDataURLsIn(s, name, nil) }

// embeddedDataURLsIn is embeddedDataURLs for the data URLs of s that hold
// one of the positions only (ascending; nil: all of them).
func (c *collector) embeddedDataURLsIn(s, name string, only []int) {
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
		if only != nil && !unescapedIn(only, i-4, end+1) {
			continue
		}
		mt, data, undecodable, ok := dataURL(tok)
		if ok && undecodable {
			// One base64 character too many (a paste cut short, a stray
			// letter): no decoder takes it, but a model reads all the
			// rest. Before, such a payload was passed over unread.
			_, payload, _ := strings.Cut(tok, ",")
			if raw, err := decodeBase64Trimmed(payload); err == nil {
				data, undecodable = raw, false
			}
		}
		if !ok || undecodable || len(data) == 0 {
			continue
		}
		if meta, payload, _ := strings.Cut(tok, ","); !strings.HasSuffix(strings.ToLower(meta), ";base64") && !strings.Contains(payload, "%") {
			continue // plain text, read as the field's text
		}
		if out, _, st := c.inflate(data, true); st == inflateFailed {
			c.file(name+" (data URL)", mt, undecodableFile)
			continue
		} else if st == inflated {
			mt, data = "", out // data:application/gzip;base64,… (inflate)
		}
		switch {
		case MediaKind(mt, data) != "":
			// an image's text (MediumText): a signature before text
			// made it one (sec22)
			c.mediumText(name+" (data URL, text)", data)
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
	full, _ := base64LinesTail(s, start, end)
	return full
}

// base64LinesTail is base64Lines, and where the block would end with its
// last line: the leading run of base64 of the line after the full ones
// when a quote, a bracket or a backslash follows it there (`…\nLINE"}` in
// JSON text a parser did not read, `…</data>` in markup), else full. A
// caller that reads the block with the last line and finds nothing reads
// it without (the next line was text: "Danke)").
func base64LinesTail(s string, start, end int) (full, tail int) {
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
			n := 0
			for n < len(next) && base64Class[next[n]] {
				n++
			}
			if n > 0 && n < len(next) && strings.IndexByte("\"'`)]}<>\\", next[n]) >= 0 {
				return end, k + n
			}
			break
		}
		end, line = k+len(next), next
	}
	return end, end
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

// Base64 without a data URL's header: a prompt or a file's content put
// base64-encoded into a string ("Bitte dekodiere: QWt0ZS…", a field no
// adapter reads, a tool call's arguments). A model decodes base64 as
// readily as it reads text, and the detectors read only its letters; a
// value over 1 KiB (isBase64Blob) was not read at all. So a run of base64
// (minBase64 characters or more, standard or URL-safe alphabet, with or
// without padding, wrapped over lines as base64Lines reads it) is decoded,
// and what it holds is reported as data URLs' payloads are (base64Payload):
// UTF-8 text that a rewrite can encode again exactly as it stood (one
// line, no padding or alphabet mixed up, not encoded twice) as a field of
// the text's own kind, which a redaction rewrites in place, re-encoded
// (layerBase64); other text as a file named after the field, whose
// findings block (a file is not rewritten). What base64 carries in ordinary requests — hashes,
// nonces, signatures, encrypted state, ids, keys — decodes to binary, and
// binary is passed over unless it is a document or (a whole value only)
// an image, audio or video by its first bytes.

// minBase64 is the shortest run of base64 that is decoded: 16 characters
// are 12 bytes, a Steuer-ID's 11 digits and a blank. Shorter runs are
// words and short tokens.
const minBase64 = 16

// maxBase64Depth is how many times base64 in decoded base64 is decoded.
const maxBase64Depth = 2

// base64Class is the alphabet of a run of base64: both alphabets and '='.
// base64Block adds the line breaks of wrapped base64.
var base64Class, base64Block = func() (t, b [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("+/-_=", byte(c)) >= 0
		b[c] = t[c] || c == '\n' || c == '\r'
	}
	return t, b
}()

// base64Blocks is base64Block for byteset.Run.
var base64Blocks = func() *byteset.Set {
	var members []byte
	for c := range 256 {
		if base64Block[c] {
			members = append(members, byte(c))
		}
	}
	return byteset.New(string(members))
}()

// b64Parent is the text field that a run of base64 stands in: its kind and
// location, which a field of its decoded text inherits (nil loc: the text
// cannot be rewritten, and decoded text is reported as a file), and the
// run's span in its text.
type b64Parent struct {
	kind       Kind
	loc        location
	start, end int
	// unescaped: the positions of s (embeddedBase64) where an escape of
	// the field's text was undone (base64Escape); only runs with one or
	// next to one are read. shift[k] is how far the field's text after
	// the k-th of them stands from s (a run next to one but with none in
	// it stands in the field's text as it is: undoBase64Escapes).
	unescaped, shift []int
	// noBackslash: the field's text holds no backslash (leadsIn), so no
	// escape to undo.
	noBackslash bool
	// spans: the spans of the fields in the field's text that runs were
	// read as (readAs), with unescaped.
	spans *fieldSpans
	// alphabet: the alphabet the run's context says (base64URLContext:
	// +1 URL-safe, -1 standard), for a run with none of "+/-_", which
	// either alphabet reads alike.
	alphabet int8
}

func parentOf(f *Field, l leads) b64Parent {
	return b64Parent{kind: f.Kind, loc: f.loc, noBackslash: l&leadBackslash == 0}
}

// embeddedBase64 reports what the runs of base64 in s, a text field named
// name, hold (base64Payload). The payload of a data URL is left to
// embeddedDataURLs. Blocks of base64 and line breaks of minBase64 bytes or
// more are found by a vector pass (byteset.Run: ≈25 instructions per 64
// bytes, where looking at every minBase64-th byte first cost a few
// comparisons per word); a block's lines are then read as runs (base64Lines) or, wrapped
// short, as one (shortBase64Lines).
//
// JSON text held in a string (a tool call's arguments, a tool's result)
// may escape a character of base64 ("\/" as PHP's json_encode writes "/",
// "\u002B" as .NET's writes "+") and the line breaks of wrapped base64
// (base64Escape), and the service reads the base64 with the escapes
// undone: a run cut at each "\" decoded misaligned, to binary, and the
// name and IBAN after the first "/" or line went out unread. Such runs and
// data URLs are read once more with those escapes undone: one that holds
// an undone escape as a file (a rewrite would have to escape it again),
// whose findings block; one next to an escape but holding none as a field
// a redaction rewrites in place (readAs).
func (c *collector) embeddedBase64(s, name string, depth int, parent b64Parent) {
	// The text decoded from a run is read within this one's loop
	// (base64Payload), by this collector: its context is put back after,
	// so that the runs after it do not read their token again.
	defer func(ctx b64Context) { c.b64ctx = ctx }(c.b64ctx)
	// One search for the backslash first (or the field's, leadsIn): prose
	// has none, and each of the three searches for an escape was a pass
	// over the whole field.
	if parent.unescaped == nil && !parent.noBackslash && strings.IndexByte(s, '\\') >= 0 && (strings.Contains(s, `\/`) || strings.Contains(s, `\u00`) || strings.Contains(s, `\n`)) {
		// After the runs as they stand, which those read again with
		// the escapes undone but holding none are (readAs).
		defer func() {
			if u, at, shift := undoBase64Escapes(s); at != nil {
				c.embeddedDataURLsIn(u, name, at)
				c.embeddedBase64(u, name, depth, b64Parent{kind: parent.kind, loc: parent.loc, unescaped: at, shift: shift, spans: &fieldSpans{}})
			}
		}()
	}
	for i := 0; i+minBase64 <= len(s); {
		k := base64Blocks.Run(s[i:], minBase64)
		if k < 0 {
			break
		}
		start, end := i+k, i+k+minBase64
		for end < len(s) && base64Block[s[end]] {
			end++
		}
		i = end + 1
		for p := start; p < end; {
			for p < end && (s[p] == '\n' || s[p] == '\r') {
				p++
			}
			q := p
			for q < end && base64Class[s[q]] {
				q++
				if s[q-1] == '=' && q < end && s[q] != '=' && base64Class[s[q]] {
					// Padding ends a run: in "…?state=QWt0…" the key
					// and "=" are a word, the value a run of its own.
					// Before, the two were one run, which decoded to
					// nothing, and the value went out unread.
					break
				}
			}
			if q == p {
				break
			}
			rs, re, tail := p, q, q
			switch {
			case q-p < minBase64:
				// A word, or a line of base64 wrapped short: with the
				// lines before and after it, it is read as one.
				ls, le, ok := shortBase64Lines(s, p, q)
				if !ok {
					p = q
					continue
				}
				rs, re = ls, le
			case (q-p)%4 == 0 && !strings.Contains(s[p:q], "="):
				re, tail = base64LinesTail(s, p, q)
			}
			p = max(re, q)
			if parent.unescaped != nil && !unescapedIn(parent.unescaped, max(rs-1, 0), max(re, tail)+1) {
				continue // read as it stands in the field (an undone line break ends a run or starts one)
			}
			if plainWords(s[rs:re]) && (tail <= re || plainWords(s[rs:tail])) {
				// A long word of prose ("Verkehrsentwicklungsplans"):
				// base64Payload reads nothing in it, nor in its block
				// with the last line, and base64Pieces needs a "/".
				// Before, its context, its data URL and its last line
				// were looked up first (≈0.25 µs a word, 10 µs of a 16 KB
				// prompt of German prose: BenchmarkExtractProse).
				continue
			}
			if runOfDataURL(s, rs) {
				continue // read by embeddedDataURLs
			}
			parent.alphabet = c.b64ctx.at(s, rs, re)
			if tail > re && textTail(s[rs:re], s[rs:tail]) {
				// The block's last line, closed by a quote or a bracket:
				// a value that runs over into it is read whole. Before,
				// that line was read by itself.
				if at, ok := c.readAs(parent, rs, tail); ok && c.base64Payload(s[rs:tail], name, false, depth, at) {
					p = tail
					continue
				}
			}
			if at, ok := c.readAs(parent, rs, re); ok && !c.base64Payload(s[rs:re], name, false, depth, at) {
				c.base64Pieces(s, rs, re, name, depth, parent)
			}
		}
	}
}

// maxBase64Pieces is how many pieces of one run base64Pieces decodes.
const maxBase64Pieces = 16

// base64Pieces reads the pieces of s[start:end], a run of base64 that
// decoded to nothing as a whole, on their own when it holds a "/": the
// rest of the run after each "/" (standard base64, whose own "/" the
// path's before it misalign: "example/cb/QWt0…/ZS…") and each piece
// between two (a URL's path segment, URL-safe base64 or standard without
// a "/": "…/v1/files/QWt0ZS…/content"). Before, a run of base64 in a
// link's path started at the host's last label and decoded to nothing,
// and the name in it went out unread. At most maxBase64Pieces pieces are
// decoded, each of minBase64 characters or more.
func (c *collector) base64Pieces(s string, start, end int, name string, depth int, parent b64Parent) {
	if strings.IndexByte(s[start:end], '/') < 0 {
		return
	}
	tries := 0
	try := func(ps, pe int) bool {
		if pe-ps < minBase64 || tries >= maxBase64Pieces {
			return false
		}
		tries++
		p := parent
		p.alphabet = c.b64ctx.at(s, ps, pe)
		at, ok := c.readAs(p, ps, pe)
		return ok && c.base64Payload(s[ps:pe], name, false, depth, at)
	}
	for p := start; p < end && tries < maxBase64Pieces; {
		next := strings.IndexByte(s[p:end], '/')
		if next < 0 {
			if p > start {
				try(p, end)
			}
			return
		}
		next += p
		if p > start && try(p, end) {
			return // the rest, "/" and all
		}
		try(p, next)
		p = next + 1
	}
}

// readAs returns the parent of the run s[start:end] of embeddedBase64,
// and false when the run need not be read. With the escapes of the field's
// text undone (parent.unescaped), a run that holds none stands in that
// text as it is, only next to one: it gets the field's location at its
// span there, so that a redaction rewrites it, and is not read again where
// the pass over the text as it stands read it at that span already.
// Before, it was read as a file, whose findings block. A run that holds
// an undone escape stays a file (a rewrite would have to escape it again).
func (c *collector) readAs(parent b64Parent, start, end int) (b64Parent, bool) {
	at := parent
	at.start, at.end = start, end
	if parent.unescaped == nil {
		return at, true
	}
	at.loc = nil
	i, _ := slices.BinarySearch(parent.unescaped, start)
	if parent.loc == nil || i < len(parent.unescaped) && parent.unescaped[i] < end {
		return at, true
	}
	if i > 0 {
		at.start, at.end = start+parent.shift[i-1], end+parent.shift[i-1]
	}
	if parent.spans.has(c.env.Fields, parent.loc, at.start, at.end) {
		return at, false
	}
	at.loc = parent.loc
	return at, true
}

// fieldSpans indexes the spans of the fields read as runs of base64 in
// the text at one location, as readAs asks for them. Before, readAs went
// through every field for each run: a prompt of many runs next to
// escapes ("QWt0…\nQWt0…\n…") took quadratic time, 2 MiB 19 s of CPU.
type fieldSpans struct {
	n int                 // fields indexed: fields[:n]
	m map[[2]int]struct{} // their spans
}

// has reports whether a field of fields lies at loc, in a base64 layer
// at [start, end).
func (x *fieldSpans) has(fields []Field, loc location, start, end int) bool {
	if x.n > len(fields) {
		*x = fieldSpans{} // fields were cut back: index them again
	}
	for _, f := range fields[x.n:] {
		if len(f.loc) == len(loc)+1 {
			if l := f.loc[len(f.loc)-1]; l.kind.encoding() != nil && slices.Equal(f.loc[:len(loc)], loc) {
				if x.m == nil {
					x.m = make(map[[2]int]struct{})
				}
				x.m[[2]int{l.start, l.end}] = struct{}{}
			}
		}
	}
	x.n = len(fields)
	_, ok := x.m[[2]int{start, end}]
	return ok
}

// textTail reports whether the block tok, the lines of block and a last
// line (base64LinesTail), decodes to block's bytes and then text: valid
// UTF-8 without control characters but tab and line breaks. A last line
// that is a word ("Ende)") decodes to a few bytes of anything.
func textTail(block, tok string) bool {
	a, err1 := decodeBase64Trimmed(block)
	b, err2 := decodeBase64Trimmed(tok)
	if err1 != nil || err2 != nil || len(b) <= len(a) || !utf8.Valid(b) {
		return false
	}
	for _, c := range b[len(a):] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

// shortBase64Lines extends s[start:end], a run of base64 shorter than
// minBase64 that ends its line, over the lines of base64 before it (the
// first one may follow text: "Bitte: U3Rl") and the lines after it
// (base64Lines): base64 wrapped at fewer than minBase64 characters a line,
// whose lines the run search passes over as words. ok is false unless the
// lines together hold minBase64 characters or more in two lines at least.
func shortBase64Lines(s string, start, end int) (int, int, bool) {
	if !fullBase64Line(s, start, end) {
		return 0, 0, false
	}
	ls := start
	for ls > 0 && s[ls-1] == '\n' {
		pe := ls - 1
		if pe > 0 && s[pe-1] == '\r' {
			pe--
		}
		ps := pe
		for ps > 0 && base64Class[s[ps-1]] {
			ps--
		}
		if ps == pe || !fullBase64Line(s, ps, pe) {
			break
		}
		ls = ps
	}
	le := base64Lines(s, start, end)
	n := 0
	for i := ls; i < le; i++ {
		if base64Class[s[i]] {
			n++
		}
	}
	return ls, le, n >= minBase64 && (ls < start || le > end)
}

// fullBase64Line reports whether s[start:end], a run of base64, ends its
// line and may be continued by the next: a multiple of four characters,
// no padding.
func fullBase64Line(s string, start, end int) bool {
	if (end < len(s) && s[end] != '\n' && s[end] != '\r') || end == start || (end-start)%4 != 0 {
		return false
	}
	return !strings.Contains(s[start:end], "=")
}

// runOfDataURL is dataURLPayload as embeddedBase64 asks it, the first
// question about a run it may decode; a test counts the runs it asks about.
var runOfDataURL = dataURLPayload

// dataURLPayload reports whether s[start:] is the payload of a data URL
// that embeddedDataURLs reads: "base64," before it (or on the line
// before), and "data:" in the same token (a plain "base64,QWt0ZS…" is no
// data URL).
func dataURLPayload(s string, start int) bool {
	tok := strings.TrimRight(s[:start], "\r\n") // the payload on the line after the comma
	if len(tok) < 7 || !strings.EqualFold(tok[len(tok)-7:], "base64,") {
		return false
	}
	if i := strings.LastIndexFunc(tok, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'`<>()[]{}", r)
	}); i >= 0 {
		tok = tok[i+1:]
	}
	i := strings.Index(strings.ToLower(tok), "data:")
	return i >= 0 && (i == 0 || !isASCIIAlnum(tok[i-1]))
}

// base64Value reports what s, a whole string value that is nothing but
// base64 (a field no adapter reads), holds; ok is false when it holds
// nothing to report (binary, or no base64 at all), and the string is then
// what it was before: an id, a hash, a blob.
func (c *collector) base64Value(s, name string, at b64Parent) (ok bool) {
	return wholeBase64(s) && c.base64Payload(s, name, true, 0, at)
}

// wholeBase64 reports whether s is one run of base64 that base64Value
// reads: minBase64 characters or more of base64Class, no line break.
// embeddedBase64 would find that same run and decode it once more.
func wholeBase64(s string) bool {
	return len(s) >= minBase64 && !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf || !base64Class[byte(r)] })
}

// plainWords reports whether tok, a run of base64 characters and line
// breaks, is words rather than base64: no digit, '+', '/' or '=', and no
// capital after a small letter ("Aufenthaltserlaubnis",
// "VERWALTUNGSGERICHT", "HTTPServer", "max_body_bytes"; '-', '_' and line
// breaks anywhere). German prose has many runs of sixteen letters and
// more, which decode to binary and cost a decode each (≈3.6 % of the proxy's
// CPU on a 16 KB prompt before this test). Base64 of real data mixes the
// cases throughout. Base64 of this shape has a byte that is no digit in
// every three decoded bytes but where the case changes, so it cannot carry
// four digits in a row (TestPlainWordsHoldNoNumber checks every such
// string): no IBAN, Steuer-ID, phone number or year. Text of capitals
// whose every third letter is one of A–F or P–V can be encoded in
// capitals alone ("ABC"); no sentence is.
func plainWords(tok string) bool {
	lower := false // a small letter seen
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			if lower {
				return false // a capital after a small letter
			}
		case c == '-' || c == '_' || c == '\n' || c == '\r':
		default:
			return false
		}
	}
	return true
}

// base64Prefix is how many characters of a whole value are decoded before
// the rest: an image, audio or video is told by its first bytes and not
// decoded further. Other binary (encrypted state of many KiB) is decoded
// whole, for the runs of text it may hold anywhere (textRuns).
const base64Prefix = 4096

// base64Payload decodes tok, a run of base64 in the field name, and
// reports it: text (base64Text) as a file named "<name> (base64)",
// whose own base64 is decoded again up to maxBase64Depth, or, UTF-8 text
// that encodes back to tok exactly (rewritableBase64) in a text that can
// be rewritten (at), as a field of that text's kind at tok's span, which a
// redaction rewrites; a PDF or an
// Office file as a file to extract; when whole (the run is the field's
// whole value, which a service may take as an inline file), an image,
// audio or video by its first bytes (base64Media) as uninspected content;
// of other binary, runs of text of minBinaryRun characters or more (text
// behind a few binary bytes). It reports whether it reported anything.
func (c *collector) base64Payload(tok, name string, whole bool, depth int, at b64Parent) bool {
	if plainWords(tok) {
		return false // a long word of prose, an identifier
	}
	head := tok
	if whole && len(head) > base64Prefix {
		// Its first characters, as many as decode by themselves (a
		// multiple of four without the line breaks between).
		n := 0
		for i := 0; i < len(tok); i++ {
			if c := tok[i]; c != '=' && base64Class[c] {
				if n++; n%4 == 0 && i+1 >= base64Prefix {
					head = tok[:i+1]
					break
				}
			}
		}
	}
	raw, err := decodeBase64Trimmed(head)
	if err != nil || len(raw) == 0 {
		return false
	}
	text, doc := base64Text(raw), documentBytes(raw)
	if !text && !doc {
		if whole {
			if m := base64Media(raw); m != "" {
				if len(tok) > len(head) {
					if all, err := decodeBase64Trimmed(tok); err == nil {
						raw = all
					}
				}
				c.medium(m, name+" (base64)", raw)
				return true
			}
		}
		if len(tok) > len(head) {
			if raw, err = decodeBase64Trimmed(tok); err != nil {
				return false
			}
			head = tok
		}
		if out, kind, st := c.inflate(raw, true); st != notCompressed {
			// gzip, zlib, raw deflate or zstd (inflate): read as what
			// it unpacks to, blocked when it cannot be read.
			return c.inflatedPayload(out, name+" (base64, "+kind+")", st, depth)
		}
		if len(tok) <= base64Prefix && !hasTextRun(raw) {
			return false
		}
	}
	if len(tok) > len(head) {
		if raw, err = decodeBase64Trimmed(tok); err != nil {
			return false
		}
		text, doc = base64Text(raw), documentBytes(raw)
	}
	fname := name + " (base64)"
	switch {
	case doc:
		c.file(fname, "", raw)
	case text:
		if lk, ok := rewritableBase64(tok, raw, at.alphabet); ok && at.loc != nil && depth == 0 {
			loc := append(slices.Clip(at.loc), layer{kind: lk, start: at.start, end: at.end})
			c.env.Fields = append(c.env.Fields, Field{Kind: at.kind, Text: string(raw), Name: fname, loc: loc})
			if depth < maxBase64Depth {
				c.embeddedBase64(string(raw), fname, depth+1, b64Parent{}) // encoded twice: files
			}
			return true
		}
		// UTF-16 of ASCII text is valid UTF-8 with a NUL in every
		// other byte.
		if !utf8.Valid(raw) || bytes.Count(raw, []byte{0})*4 >= len(raw) {
			if dec, ok := unicodeText(raw); ok {
				raw = dec // UTF-16, as PowerShell's -EncodedCommand
			}
		}
		c.file(fname, "text/plain", raw)
		if depth < maxBase64Depth && utf8.Valid(raw) {
			c.embeddedBase64(string(raw), fname, depth+1, b64Parent{})
		}
	default:
		runs := binaryRuns(raw)
		if len(runs) == 0 {
			return false
		}
		c.file(fname, "text/plain", []byte(strings.Join(runs, "\n")))
	}
	return true
}

// base64Escape reads a JSON escape at the start of s that writes a
// character of base64 or a line break of wrapped base64: "\/" (PHP's
// json_encode), "\u002B", "\u002F" or "\u003D" (.NET's encoder writes "+"
// so), "\n", "\r"; n is its length, 0 for none.
func base64Escape(s string) (c byte, n int) {
	if len(s) < 2 || s[0] != '\\' {
		return 0, 0
	}
	switch s[1] {
	case '/':
		return '/', 2
	case 'n':
		return '\n', 2 // base64 wrapped over lines
	case 'r':
		return '\r', 2
	}
	if len(s) < 6 || s[1] != 'u' || s[2] != '0' || s[3] != '0' {
		return 0, 0
	}
	switch strings.ToUpper(s[4:6]) {
	case "2B":
		return '+', 6
	case "2F":
		return '/', 6
	case "3D":
		return '=', 6
	}
	return 0, 0
}

// undoBase64Escapes returns s with every escape of base64Escape undone,
// the positions in the result where one was (nil, and s unread beyond
// its backslashes, when there is none), and for each how far the text
// after it stands in s from where it stands in the result. The text between escapes is copied
// in bulk: a tool's JSON result escapes every line break and slash.
func undoBase64Escapes(s string) (string, []int, []int) {
	var b strings.Builder
	var at, shift []int
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '\\')
		if k < 0 {
			if at != nil {
				b.WriteString(s[i:])
			}
			break
		}
		ch, n := base64Escape(s[i+k:])
		if n == 0 {
			if at != nil {
				b.WriteString(s[i : i+k+1])
			}
			i += k + 1
			continue
		}
		if at == nil {
			b.Grow(len(s))
			b.WriteString(s[:i+k])
		} else {
			b.WriteString(s[i : i+k])
		}
		at = append(at, b.Len())
		b.WriteByte(ch)
		i += k + n
		shift = append(shift, i-b.Len())
	}
	return b.String(), at, shift
}

// unescapedIn reports whether one of the positions at (ascending) lies in
// [start, end).
func unescapedIn(at []int, start, end int) bool {
	i, _ := slices.BinarySearch(at, start)
	return i < len(at) && at[i] < end
}

// rewritableBase64 reports whether tok, a run of base64 that decoded to
// raw, is raw in one of the four encodings of the base64 layer kinds, and
// which: what a rewrite encodes in that way (a redacted text) stands where
// tok stood as the service would read it. raw must be UTF-8, as the field
// holds it (UTF-16 and Windows-1252 would be written back as UTF-8); tok is
// one line in one alphabet, not trimmed (decodeBase64Trimmed) and with no
// characters between. Any other run stays a file.
//
// A run with none of "+/-_" is read alike in both alphabets, but its
// rewrite may not be: a redacted text's encoding can hold the characters
// of 62 and 63, which a reader of the other alphabet refuses. The run's
// context decides where it can (alphabet, base64URLContext: +1 URL-safe,
// -1 standard); else it is URL-safe when it lacks the padding its length
// needs (base64url without padding is how JWTs and most URL parameters
// write it, unpadded standard base64 is rare), standard otherwise (padded,
// as MIME, Python's and Java's default encoders write it, or a length that
// needs none). Where both encodings of the rewrite are equal (no 62 or 63
// in it, as for most placeholders in ASCII text), the choice does not
// matter; no other output is valid in both.
func rewritableBase64(tok string, raw []byte, alphabet int8) (layerKind, bool) {
	if !utf8.Valid(raw) || bytes.IndexByte(raw, 0) >= 0 {
		return 0, false // UTF-16 of ASCII is valid UTF-8, but a placeholder would be written into it as UTF-8
	}
	k := layerBase64
	switch {
	case strings.ContainsAny(tok, "-_"):
		k = layerBase64URL
	case strings.ContainsAny(tok, "+/"):
	case alphabet > 0 || alphabet == 0 && len(tok)%4 != 0:
		k = layerBase64URL
	}
	if len(tok)%4 != 0 {
		k++ // the Raw form; a run whose length needs no padding is taken as padded, as most encoders write it and strict decoders (Python's) want a rewritten one
	}
	if k.encoding().EncodedLen(len(raw)) != len(tok) || k.encoding().EncodeToString(raw) != tok {
		return 0, false
	}
	return k, true
}

// base64URLContext tells from the context of the run s[start:end], when
// it has none of "+/-_", which alphabet it is in: +1 URL-safe, -1
// standard, 0 unknown. A run next to it in the same token, past a '.' (a
// JWT's header, payload and signature), that holds '-' or '_' says
// URL-safe, one with '+' or '/' standard; else a token that is a URL
// ("https://…#…", "www.…") says URL-safe. (Keys named for a token or an
// address are skipped before their values are read: skipKey.)
func base64URLContext(s string, start, end int) int8 {
	var m b64Context
	return m.at(s, start, end)
}

// b64Context is base64URLContext for the runs of one string, which keeps
// the last token and chain of runs it read: all runs in them share these,
// and each is read once. Before, each run read its whole token: a prompt
// of one token of many runs ("AAAA….AAAA….", or "…=AAAA…=") took quadratic
// time, 400 KiB over a minute of CPU.
type b64Context struct {
	s              string
	ts, te, scheme int  // the last token s[ts:te], its first "://" (-1: none)
	www            bool // it starts with "www."
	cs, ce         int  // the last chain of runs and '.' s[cs:ce]
	url, std       bool // it holds '-' or '_', '+' or '/'
}

func (m *b64Context) at(s string, start, end int) int8 {
	if strings.ContainsAny(s[start:end], "+/-_") {
		return 0
	}
	if m.s != s {
		*m = b64Context{s: s}
	}
	// The runs next to the run past a '.', to either side: the chains
	// that hold the bytes before and after it (the run adds nothing to
	// their flags).
	url, std := m.chain(start - 1)
	u2, s2 := m.chain(end)
	url, std = url || u2, std || s2
	switch {
	case url && !std:
		return 1
	case std && !url:
		return -1
	case url:
		return 0
	}
	// The token: the run and what stands around it up to white space, a
	// quote or a bracket; a URL before the run.
	if !(m.ts <= start && start < m.te) {
		ts, te := start, start
		for ts > 0 && !tokenEnd(s[ts-1]) {
			ts--
		}
		for te < len(s) && !tokenEnd(s[te]) {
			te++
		}
		m.ts, m.te = ts, te
		m.scheme = strings.Index(s[ts:te], "://")
		m.www = te-ts >= 4 && strings.EqualFold(s[ts:ts+4], "www.")
	}
	if m.scheme >= 0 && m.ts+m.scheme+3 <= start || m.www && start-m.ts >= 4 {
		return 1
	}
	return 0
}

// chain returns the flags of the chain of base64 and '.' that holds
// s[p] (none when s[p] is no such byte or p is outside s).
func (m *b64Context) chain(p int) (url, std bool) {
	s := m.s
	if p < 0 || p >= len(s) || s[p] != '.' && !base64Class[s[p]] {
		return false, false
	}
	if !(m.cs <= p && p < m.ce) {
		cs, ce := p, p+1
		for cs > 0 && (s[cs-1] == '.' || base64Class[s[cs-1]]) {
			cs--
		}
		for ce < len(s) && (s[ce] == '.' || base64Class[s[ce]]) {
			ce++
		}
		m.cs, m.ce = cs, ce
		m.url, m.std = strings.ContainsAny(s[cs:ce], "-_"), strings.ContainsAny(s[cs:ce], "+/")
	}
	return m.url, m.std
}

// tokenEnd reports the bytes that end a token around a run of base64.
func tokenEnd(c byte) bool { return tokenEnds[c] }

var tokenEnds = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c <= ' ' || strings.IndexByte("\"'`<>()[]{},;", byte(c)) >= 0
	}
	return t
}()

// base64Text reports decoded bytes that are text: UTF-8 (or, for the
// greater part ASCII, Windows-1252) without NUL and with few control
// characters (textBytes), or UTF-16 of Latin text (utf16Text). Random
// bytes — a hash, a key, a ciphertext — are none of these but about once
// in 7 000 for the shortest run (12 bytes); such gibberish is read and
// finds nothing.
func base64Text(raw []byte) bool {
	if textBytes(raw) {
		if utf8.Valid(raw) {
			return true
		}
		ascii := 0
		for _, b := range raw {
			if b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t' {
				ascii++
			}
		}
		return ascii*10 >= len(raw)*9
	}
	dec, ok := unicodeText(raw)
	if !ok || len(dec) == 0 {
		return false
	}
	for _, r := range string(dec) {
		if !utf16Text(r) {
			return false
		}
	}
	return true
}

// base64Media names an image, audio or video by signatures that random
// bytes hardly ever begin with (MediaKind's sniffer also takes "BM", two
// bytes, for a bitmap: one random hash in 65 536 would be an image): a
// bitmap counts when its header gives its size.
func base64Media(raw []byte) string {
	k := MediaKind("", raw)
	if k == UninspectedImage && bytes.HasPrefix(raw, []byte("BM")) &&
		(len(raw) < 6 || int(binary.LittleEndian.Uint32(raw[2:6])) != len(raw)) {
		return ""
	}
	return k
}

// minBinaryRun is the shortest run of text reported from decoded binary:
// random bytes hold 24 printable ASCII characters in a row about once in
// 10^10 bytes.
const minBinaryRun = 24

// hasTextRun reports whether raw holds a run of text (binaryRuns).
func hasTextRun(raw []byte) bool {
	if bytes.IndexByte(raw, 0) >= 0 && (len(utf16TextRuns(raw, false)) > 0 || len(utf16TextRuns(raw, true)) > 0) {
		return true
	}
	n := 0
	for i := 0; i < len(raw); {
		if l := textRune(raw[i:]); l > 0 {
			n++
			i += l
			if n >= minBinaryRun {
				return true
			}
			continue
		}
		n = 0
		i++
	}
	return false
}

// textRuns returns the runs of at least minBinaryRun characters of text
// (printable ASCII, tab, line breaks, printable non-ASCII UTF-8) in raw.
func textRuns(raw []byte) []string {
	var runs []string
	start, n := -1, 0
	for i := 0; i <= len(raw); {
		l := 0
		if i < len(raw) {
			l = textRune(raw[i:])
		}
		if l > 0 {
			if start < 0 {
				start, n = i, 0
			}
			n++
			i += l
			continue
		}
		if start >= 0 && n >= minBinaryRun {
			runs = append(runs, string(raw[start:i]))
		}
		start = -1
		i++
	}
	return runs
}

// binaryRuns returns the runs of text in decoded binary: textRuns, and
// where raw holds NUL bytes the runs of UTF-16 text in either byte order
// (utf16TextRuns; text after an odd number of NUL bytes reads in the other
// order). Before, NUL bytes and then UTF-16LE text (PowerShell's and .NET's
// Unicode, Windows' "Unicode" text files) gave no run: UTF-16 of Latin
// text has a NUL in every other byte, and unicodeText reads UTF-16 only
// from the first byte, which the NUL bytes made no text (sec22).
func binaryRuns(raw []byte) []string {
	runs := spanRuns(raw)
	if bytes.IndexByte(raw, 0) >= 0 {
		runs = append(runs, utf16TextRuns(raw, false)...)
		runs = append(runs, utf16TextRuns(raw, true)...)
	}
	return runs
}

// spanRuns is textRuns(raw), read only in the spans of minBinaryRun bytes
// or more that hold no byte a character of text never has (a control
// character other than tab and line breaks, DEL): no run of text crosses
// such a byte, and in an image's or a recording's compressed bytes one
// comes every eight bytes or so, so that few spans are read (MediumText).
func spanRuns(raw []byte) []string {
	var runs []string
	start := 0
	for i := 0; i <= len(raw); i++ {
		if i < len(raw) && !noTextByte[raw[i]] {
			continue
		}
		if i-start >= minBinaryRun {
			runs = append(runs, textRuns(raw[start:i])...)
		}
		start = i + 1
	}
	return runs
}

// noTextByte holds the bytes no character of text (textRune) has:
// control characters, DEL and what UTF-8 never holds.
var noTextByte = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t' && c != '\n' && c != '\r'
	}
	t[0x7f], t[0xc0], t[0xc1] = true, true, true
	for c := 0xf5; c < 0x100; c++ {
		t[c] = true
	}
	return t
}()

// textHigh holds the high bytes of the UTF-16 units of text (utf16Text).
var textHigh = [256]bool{0x00: true, 0x01: true, 0x02: true, 0x20: true}

// utf16TextRuns returns the runs of at least minBinaryRun characters of
// Latin text (utf16Text) in raw read as UTF-16 in one byte order, as
// UTF-8; NUL units are read past (UTF-32, padding), as utf16Runs does.
func utf16TextRuns(raw []byte, bigEndian bool) []string {
	// only the spans of units whose high byte text has (textHigh) are
	// decoded: in an image's bytes few are minBinaryRun units long
	var runs []string
	units := (len(raw) + 1) / 2
	start := 0
	for k := 0; k <= units; k++ {
		if k < units {
			hi := byte(0) // an odd length's last byte, read as a low one
			if bigEndian {
				hi = raw[2*k]
			} else if 2*k+1 < len(raw) {
				hi = raw[2*k+1]
			}
			if textHigh[hi] {
				continue
			}
		}
		if k-start >= minBinaryRun {
			runs = append(runs, utf16SpanRuns(raw[2*start:min(2*k, len(raw))], bigEndian)...)
		}
		start = k + 1
	}
	return runs
}

// utf16SpanRuns is utf16TextRuns on one span.
func utf16SpanRuns(raw []byte, bigEndian bool) []string {
	var runs []string
	var run []rune
	for i := 0; i < len(raw); i += 2 {
		u := rune(0)
		if i+1 < len(raw) {
			u = unit16(raw[i:], bigEndian)
		} else if !bigEndian {
			// an odd length: the last character of text after an odd
			// number of NUL bytes, read in the other order
			u = rune(raw[i])
		}
		switch {
		case u == 0:
		case utf16Text(u):
			run = append(run, u)
		default:
			if len(run) >= minBinaryRun {
				runs = append(runs, string(run))
			}
			run = run[:0]
		}
	}
	if len(run) >= minBinaryRun {
		runs = append(runs, string(run))
	}
	return runs
}

// textRune returns the length of the character of text at the start of b,
// or 0.
func textRune(b []byte) int {
	switch c := b[0]; {
	case c >= 0x20 && c < 0x7f, c == '\n', c == '\r', c == '\t':
		return 1
	case c < 0xc2:
		return 0
	}
	r, n := utf8.DecodeRune(b)
	if r == utf8.RuneError || !unicode.IsPrint(r) {
		return 0
	}
	return n
}

// Base64Text decodes s, a URL's path segment, the rest of a path or a
// query value, when it is one run of base64 (either alphabet, padded or
// not: wholeBase64) of text (base64Text), UTF-16 decoded, or of a
// compressed text (Base64Decode), unpacked; ok is false for anything else
// (random bytes: an id, a token, a signature) and for a compressed
// payload that cannot be read. The proxy
// reads the request's own URL with it: a service decodes such a segment
// ("…/cb/<base64>", "/v1/files/<base64>") as readily as a model does.
func Base64Text(s string) (string, bool) {
	t, st := Base64Decode(s)
	return t, st == Base64Read
}

// Base64Status is what Base64Decode made of a value.
type Base64Status int8

const (
	Base64None       Base64Status = iota // no base64 of text: read the value as it stands
	Base64Read                           // the text it encodes
	Base64Unreadable                     // a compressed payload that cannot be read: block
)

// Base64Decode is Base64Text with the compressed payloads that cannot be
// read told apart (Base64Unreadable): gzip or zstd cut short, a payload
// that unpacks past its bounds with text in it (a bomb), which a header, a
// query value or a path segment carried out unread before (sec20). Raw
// deflate and brotli, which have no signature, are tried as in a body
// and count when they unpack to text and, raw deflate, end with the last
// byte of the value (deflateWhole): of 1 000 000 random values of 12 to 63
// bytes, 13 inflated to text, none of them whole, and no brotli did
// (TestBase64DecodeRandomTokens). Before (sec19), neither was tried
// there, and a name in base64 of raw deflate went out in any header.
// Other binary is read as its runs of text (binaryRuns), as in a body:
// before, a name after a few NUL bytes went out in a header (sec22);
// random values hold none.
func Base64Decode(s string) (string, Base64Status) { return base64Decode(s, true) }

// Base64DecodeText is Base64Decode without the runs of text of a binary
// value: for a URL path's rest after a segment, which read as one run of
// base64 ("<base64 of text>/content") decodes to the text and a few bytes
// of binary, so that its run swallowed the segments after it (the audit
// path masked "/content" with it); the segments are read by themselves.
func Base64DecodeText(s string) (string, Base64Status) { return base64Decode(s, false) }

func base64Decode(s string, binary bool) (string, Base64Status) {
	if !wholeBase64(s) || plainWords(s) {
		return "", Base64None
	}
	if len(s) > maxNoBase64Len {
		return decodeBase64Value(s, binary)
	}
	key := noBase64Key(s, binary)
	if noBase64.has(key) {
		return "", Base64None
	}
	t, st := decodeBase64Value(s, binary)
	if st == Base64None {
		noBase64.add(key)
	}
	return t, st
}

// decodeBase64Value is base64Decode of s, a whole run of base64 that is no
// plain words, without the memo.
func decodeBase64Value(s string, binary bool) (string, Base64Status) {
	raw, err := decodeBase64Trimmed(s)
	if err != nil || len(raw) == 0 {
		return "", Base64None
	}
	if !base64Text(raw) {
		out, kind, st := newCollector(&Envelope{}).inflate(raw, true)
		switch {
		case st == inflateFailed:
			return "", Base64Unreadable
		case st == notCompressed:
			// binary: its runs of text, as in a body (NUL bytes and
			// then text, UTF-16 too); before, none was read (sec22)
			if !binary {
				return "", Base64None
			}
			runs := binaryRuns(raw)
			if len(runs) == 0 {
				return "", Base64None
			}
			return strings.Join(runs, "\n"), Base64Read
		case kind == "deflate" && !deflateWhole(raw):
			return "", Base64None
		case !base64Text(out):
			// text after bytes that are none (NUL bytes before the
			// name): its runs of text (sec21)
			runs := binaryRuns(out)
			if len(runs) == 0 {
				return "", Base64None
			}
			out = []byte(strings.Join(runs, "\n"))
		}
		raw = out
	}
	if !utf8.Valid(raw) || bytes.Count(raw, []byte{0})*4 >= len(raw) {
		if dec, ok := unicodeText(raw); ok {
			return string(dec), Base64Read
		}
	}
	if !utf8.Valid(raw) {
		if dec, err := charmap.Windows1252.NewDecoder().Bytes(raw); err == nil {
			return string(dec), Base64Read // as queryUnescape reads "M%FCller"
		}
	}
	return strings.ToValidUTF8(string(raw), "\uFFFD"), Base64Read
}
