package providers

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// fallbackAdapter reads request shapes no route knows. It reports every
// JSON string (also JSON nested in strings and form values), form value and
// multipart text part, skipping ids, UUIDs, hex, base64 blobs, URLs,
// timestamps and model names, and the object and form keys (one field: a
// key can carry a name or a whole prompt as well as a value can). It can
// block but never rewrite.
type fallbackAdapter struct{}

// Fallback returns the adapter for unknown request shapes. Its Apply fails
// with ErrCannotRedact when there are edits. Safe for concurrent use.
func Fallback() Adapter { return fallbackAdapter{} }

func (fallbackAdapter) Name() string { return "fallback" }

// minRun is the shortest printable run reported from a binary body.
const minRun = 8

func (fallbackAdapter) Extract(req *Request, body []byte) (*Envelope, error) {
	env, err := fallbackExtract(req, body)
	if err != nil {
		return nil, err
	}
	if grpc, _ := grpcBody(contentType(req)); grpc {
		// its frames are read one by one (grpcFields); read as UTF-16
		// or UTF-32, their length bytes are no text
	} else if dec, ok := unicodeText(body); ok && !isMultipart(contentType(req)) {
		// Read as Python's json reads bytes too: a JSON body behind a
		// byte-order mark or in UTF-16/32 has its \u escapes decoded
		// there, which the reading above leaves as they stand. What
		// does not parse here is left to that reading.
		more, err := fallbackExtract(req, dec)
		switch {
		case err == nil:
			env.Fields = append(env.Fields, more.Fields...)
		case errors.Is(err, ErrAmbiguous), errors.Is(err, ErrTooLarge):
			return nil, err
		}
	}
	for i := range env.Fields {
		env.Fields[i].loc = nil // block-only: never rewritten
	}
	return env, nil
}

func fallbackExtract(req *Request, body []byte) (*Envelope, error) {
	env := &Envelope{Kind: KindOther}
	c := newCollector(env)
	var keys keyText
	defer func() { keys.field(env) }()
	ct := contentType(req)
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	switch {
	case len(trimmed) == 0:
	case isMultipart(ct):
		return env, multipartFields(c, ct, body, map[string]Kind{"*": UserText})
	case grpcOf(ct):
		_, text := grpcBody(ct)
		return env, grpcFields(env, req, body, text)
	case isForm(ct):
		pairs, err := parseForm(body)
		if err != nil {
			return nil, err
		}
		for _, p := range pairs {
			// A segment without "=" is all key ("Passwort: …" sent as
			// a form body): keys are scanned like values.
			keys.add(p.key)
			fc := c.inner(p.layer())
			if v := nestedJSON(p.value); v != nil {
				walkStrings(fc, v, UserText, p.key, 0, &keys)
			} else if c.formFile(p) {
				// an inline file: read as the file it is
			} else if addressValue(p.value) {
				// A link as a form value is read as a link in JSON
				// is (walkStrings); before, it was passed over as an id.
				n := len(env.Fields)
				c.formField(p, UserText, p.key)
				if len(env.Fields) > n {
					env.Fields[n].addr = true
				}
			} else if !skipValue(p.value) {
				c.formField(p, UserText, p.key)
			}
		}
	case trimmed[0] == '{' || trimmed[0] == '[':
		root, err := parseJSON(body)
		if err != nil {
			return nil, err
		}
		walkStrings(c, root, UserText, "", 0, &keys)
	case MediaKind(ct, body) != "":
		// An image, audio or video as the whole body (chat-ui's
		// /api/transcribe takes a recording so, HuggingChat passes it to
		// a speech model): nothing of it can be read. As a file the
		// pipeline counts it in input.uninspected, and the policy
		// decides; before, its printable runs were read, found nothing,
		// and the recording went on unheard. Text with NUL bytes
		// declared as audio is none (MediaKind: textWithNULs), and is
		// read below (TestTextDeclaredAsRecordingRead).
		c.file("body", ct, body)
	case compressedStream(body):
		// gzip, zstd, an archive as the whole body, without a
		// Content-Encoding (a service that takes files may unpack it):
		// as a file it is refused as one that cannot be read, as such
		// an upload is; before, its printable runs were read, held none
		// of its text, and it went out (sec18).
		c.file("body", ct, body)
	case utf8.Valid(body):
		c.text(string(body), UserText, "body", layer{kind: layerRaw, start: 0, end: len(body)})
	case documentBytes(body):
		// A PDF or an Office file (a ZIP container) uploaded as the whole
		// body on a route no adapter knows (as the Gemini API's Files API
		// was): its text is compressed, and the printable runs below hold
		// none of it. As a file, the pipeline extracts it, and blocks what
		// it cannot read.
		c.file("body", ct, body)
	default:
		binaryText(env, body)
	}
	return env, nil
}

// formFile reads a form value that is an inline file, as walkStrings
// reads a JSON string that is one: a data URL (Microsoft 365 Copilot's web
// client uploads an image so, in the FileBase64 of
// /m365Copilot/UploadFile: PyRIT's websocket_copilot_target.py), or
// base64 of text, a document or a medium (base64Value). It reports
// whether it read the value. Before, skipValue passed both over as blobs,
// and the image, or a text file sent the same way, went out unread.
func (c *collector) formFile(p formPair) bool {
	return c.inlineValue(p.value, p.key, b64Parent{kind: UserText, end: len(p.value),
		loc: c.loc(p.layer())})
}

// inlineValue reads s, a whole value (a form value, a multipart part), when
// it is an inline file: a data URL (inlineFile) or base64 of text, a
// document or a medium (base64Value, at its parent). It reports whether
// it read s.
func (c *collector) inlineValue(s, name string, at b64Parent) bool {
	if _, _, _, ok := dataURL(s); ok {
		inlineFile(c, name, s)
		return true
	}
	at.alphabet = base64URLContext(s, 0, len(s))
	return c.base64Value(s, name, at)
}

// documentBytes reports a body that is a PDF ("%PDF-" in its first KiB, as
// the extractor finds one) or a ZIP container (Office files).
func documentBytes(b []byte) bool {
	return bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-")) ||
		bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06"))
}

// binaryText reports the text in a body that is not UTF-8. A service may
// read such a body as text all the same (Python's json detects UTF-16 and
// UTF-32, a server honours a charset parameter), so its text is read as
// the service could read it:
//
//   - text without NUL bytes and with few control characters is Windows-1252
//     (Latin-1), as German software exports it: one field;
//   - otherwise (protobuf, gRPC-web, an upload) the printable UTF-8 runs of
//     minRun characters or more, and where the body has NUL bytes also the
//     runs of UTF-16 text in either byte order (UTF-32 too: its NUL units
//     are read past), each a field. UTF-16 runs take only the characters of
//     Latin text (utf16Text), so that random binary data, whose byte pairs
//     are mostly printable CJK characters, yields no runs.
//
// The fields are block-only as every fallback field is.
func binaryText(env *Envelope, body []byte) {
	nul := bytes.IndexByte(body, 0) >= 0
	if !nul && latinText(body) {
		text, err := charmap.Windows1252.NewDecoder().Bytes(body)
		if err == nil {
			env.Fields = append(env.Fields, Field{Kind: UserText, Text: string(text), Name: "body (windows-1252)"})
			return
		}
	}
	start := -1
	for i := 0; i <= len(body); {
		r, n := rune(-1), 1
		if i < len(body) {
			r, n = utf8.DecodeRune(body[i:])
		}
		printable := r != utf8.RuneError && r >= 0 && (unicode.IsPrint(r) || r == '\n' || r == '\t')
		if printable && start < 0 {
			start = i
		} else if !printable && start >= 0 {
			if i-start >= minRun {
				env.Fields = append(env.Fields, Field{Kind: UserText, Text: string(body[start:i]),
					Name: fmt.Sprintf("bytes[%d:%d]", start, i)})
			}
			start = -1
		}
		i += n
	}
	if nul {
		utf16Runs(env, body, false)
		utf16Runs(env, body, true)
	}
}

// unicodeText returns body decoded to UTF-8 as Python's json.loads reads
// bytes (json.detect_encoding): behind a UTF-8, UTF-16 or UTF-32 byte-order
// mark, or in UTF-16/32 without one when its first bytes hold NULs; ok is
// false for a body it reads as UTF-8 without a mark, or that does not
// decode (a lone surrogate, a code point beyond U+10FFFF).
func unicodeText(body []byte) ([]byte, bool) {
	b := body
	switch {
	case bytes.HasPrefix(b, []byte{0, 0, 0xfe, 0xff}):
		return utf32Text(b[4:], true)
	case bytes.HasPrefix(b, []byte{0xff, 0xfe, 0, 0}):
		return utf32Text(b[4:], false)
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return utf16Body(b[2:], true)
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return utf16Body(b[2:], false)
	case bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}):
		return b[3:], utf8.Valid(b[3:])
	case len(b) >= 4 && b[0] == 0:
		if b[1] != 0 {
			return utf16Body(b, true)
		}
		return utf32Text(b, true)
	case len(b) >= 4 && b[1] == 0:
		if b[2] != 0 || b[3] != 0 {
			return utf16Body(b, false)
		}
		return utf32Text(b, false)
	}
	return nil, false
}

func utf16Body(b []byte, bigEndian bool) ([]byte, bool) {
	if len(b)%2 != 0 {
		return nil, false
	}
	out := make([]byte, 0, len(b)*3/2)
	for i := 0; i < len(b); i += 2 {
		u := unit16(b[i:], bigEndian)
		if utf16.IsSurrogate(u) {
			if u >= 0xdc00 || i+3 >= len(b) {
				return nil, false
			}
			if u = utf16.DecodeRune(u, unit16(b[i+2:], bigEndian)); u == utf8.RuneError {
				return nil, false
			}
			i += 2
		}
		out = utf8.AppendRune(out, u)
	}
	return out, true
}

// unit16 returns the UTF-16 code unit at the start of b (two bytes at least).
func unit16(b []byte, bigEndian bool) rune {
	if bigEndian {
		return rune(binary.BigEndian.Uint16(b))
	}
	return rune(binary.LittleEndian.Uint16(b))
}

func utf32Text(b []byte, bigEndian bool) ([]byte, bool) {
	if len(b)%4 != 0 {
		return nil, false
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i += 4 {
		u := binary.LittleEndian.Uint32(b[i:])
		if bigEndian {
			u = binary.BigEndian.Uint32(b[i:])
		}
		if u > utf8.MaxRune || utf16.IsSurrogate(rune(u)) {
			return nil, false
		}
		out = utf8.AppendRune(out, rune(u))
	}
	return out, true
}

// latinText reports a body that reads as 8-bit text: no NUL, and at most
// one byte in a hundred a control character other than tab, line and page
// breaks (as extract reads a text file).
func latinText(body []byte) bool {
	ctl := 0
	for _, c := range body {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' || c == 0x7f {
			ctl++
		}
	}
	return ctl*100 <= len(body)
}

// utf16Runs reports the runs of at least minRun characters of Latin text
// (utf16Text) in body read as UTF-16 in one byte order; NUL units are read
// past, so that UTF-32 text is found too.
func utf16Runs(env *Envelope, body []byte, bigEndian bool) {
	order := "le"
	if bigEndian {
		order = "be"
	}
	var run []rune
	start := 0
	flush := func(end int) {
		if len(run) >= minRun {
			env.Fields = append(env.Fields, Field{Kind: UserText, Text: string(run),
				Name: fmt.Sprintf("utf-16%s[%d:%d]", order, start, end)})
		}
		run = run[:0]
	}
	for i := 0; i+1 < len(body); i += 2 {
		u := unit16(body[i:], bigEndian)
		switch {
		case u == 0:
		case utf16Text(u):
			if len(run) == 0 {
				start = i
			}
			run = append(run, u)
		default:
			flush(i)
		}
	}
	flush(len(body) &^ 1)
}

// utf16Text reports the characters a UTF-16 run of Latin text is made of:
// tab, line breaks, printable ASCII, Latin-1 and Latin Extended-A/B
// letters, general punctuation (dashes, quotes, spaces) and the euro sign.
func utf16Text(u rune) bool {
	return u == '\t' || u == '\n' || u == '\r' || u >= 0x20 && u < 0x7f || u >= 0xa0 && u <= 0x24f ||
		u >= 0x2000 && u <= 0x206f || u == 0x20ac
}

func (fallbackAdapter) Apply(_ *Request, body []byte, _ *Envelope, edits []Edit) ([]byte, error) {
	if len(edits) > 0 {
		return nil, fmt.Errorf("fallback adapter: %w", ErrCannotRedact)
	}
	return body, nil
}

func (fallbackAdapter) Block(_ *Request, _ *Envelope, n Notice) Answer { return genericAnswer(n) }

// WSFrame reads a client message of a WebSocket whose format no adapter
// knows as it reads an unknown body: every JSON string (also nested),
// or the whole message as text when it is not JSON. A message without such
// text (a subscription by id, a ping, an ack) is nil and passes; one with
// text goes to the policy and can be blocked, never rewritten. Server
// messages are not read.
func (f fallbackAdapter) WSFrame(req *Request, clientToServer bool, msg []byte) (*Envelope, error) {
	if !clientToServer {
		return nil, nil
	}
	env, err := f.Extract(req, msg)
	if err != nil {
		return nil, err
	}
	if len(env.Fields) == 0 && len(env.Uninspected) == 0 {
		return nil, nil
	}
	return env, nil
}

// WSApply never rewrites (as Apply).
func (f fallbackAdapter) WSApply(req *Request, msg []byte, env *Envelope, edits []Edit) ([]byte, error) {
	return f.Apply(req, msg, env, edits)
}

// WSBlock has no message to show: the format of the app's messages is not
// known, so a blocked message is dropped and the refusal is in the audit
// log and the proxy's log under the message's request id.
func (fallbackAdapter) WSBlock(*Request, *Envelope, Notice) [][]byte { return nil }

// maxNest caps how deep JSON-in-string layers are followed.
const maxNest = 4

// keyText collects the object and form keys of a fallback body, which are
// scanned as one block-only field (a key is not rewritable, and one field
// per key would cost a detector pass each).
type keyText struct {
	b strings.Builder
	// values: only keys that hold a value rather than name one (unread):
	// with white space, an "@" or three digits ("Jürgen Kowalski",
	// "j.kowalski@stadt.de"). A known shape's other keys are labels, the
	// property names of a schema above all ("Schwerbehinderung" is a
	// special category to the detectors, and the key field cannot be
	// rewritten: the request would be blocked for naming a property).
	values bool
}

// add notes a key. Keys named like a program names its fields (a
// lower-case ASCII letter, then ASCII letters, digits, "_", "-", ".":
// created_at, maxTokens) are left out: they hold no one's data, and most
// keys are such. A key with a space, a capital first letter, a digit
// first, "@", "+" or a non-ASCII letter is text, and so is what a key that
// is base64 of text (Base64Text) decodes to.
func (t *keyText) add(key string) {
	if t == nil || len(key) < 2 {
		return
	}
	if d, ok := Base64Text(key); ok {
		// A key that is base64 of text ('{"SGVyciBKw7xy…": 1}') is read
		// decoded, as a value is; before, it went out unread (sec19).
		t.b.WriteString(d)
		t.b.WriteByte('\n')
		return
	}
	if fieldName(key) {
		return
	}
	if t.values && !strings.ContainsFunc(key, unicode.IsSpace) && !strings.Contains(key, "@") && digitCount(key) < 3 {
		return
	}
	t.b.WriteString(key)
	t.b.WriteByte('\n') // a name never runs on into the next key
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	return n
}

// fieldName reports a key named as a program names its fields (keyText.add).
// A key of that shape with three digits or more that joins words beside
// an identifier (joinedID: "erika_mustermann_86095742719",
// "kasimir.kanarienvogel.015112345678") is none: it holds a person's data.
// Before, such a key went out unread.
func fieldName(key string) bool {
	if key[0] < 'a' || key[0] > 'z' {
		return false
	}
	digits := 0
	for i := 1; i < len(key); i++ {
		c := key[i]
		if '0' <= c && c <= '9' {
			digits++
			continue
		}
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return digits < 3 || !joinedID(key)
}

// field appends the collected keys as one field (without a location: the
// fallback never rewrites).
func (t *keyText) field(env *Envelope) {
	if t.b.Len() > 0 {
		env.Fields = append(env.Fields, Field{Kind: UserText, Text: t.b.String(), Name: "(keys)"})
	}
}

// walkStrings reports every string under v that is not an id-like value or
// an id-like value under an id-like key. Strings that hold JSON are
// followed (up to maxNest layers), so the fields stay addressable through
// their layers. keys, when not nil, collects the object keys.
func walkStrings(c *collector, v *jval, k Kind, name string, nest int, keys *keyText) {
	switch {
	case v == nil:
	case v.kind == jString:
		if v.read {
			return // an adapter reported it already (unread)
		}
		if nest < maxNest {
			if inner := nestedJSON(v.str); inner != nil {
				walkStrings(c.inner(layer{kind: layerJSONString, start: v.start, end: v.end}), inner, k, name+"→", nest+1, keys)
				return
			}
		}
		if dataURLFile(c, v, name) {
			return // an inline file (image_url, file_url, document_url …): its text is scanned
		}
		if wholeBase64(v.str) && c.base64Value(v.str, name, b64Parent{kind: k, end: len(v.str),
			loc: c.loc(layer{kind: layerJSONString, start: v.start, end: v.end}), alphabet: base64URLContext(v.str, 0, len(v.str))}) {
			v.read = true
			return // base64 of text, a document or a medium (base64Payload)
		}
		if addressValue(v.str) {
			// A link in a tool's result or an unknown field reaches the
			// model as text does, and its path and query can name a
			// person ("…/kontakt?email=anna.schmidt@…&iban=DE89…").
			// Before, every address was passed over as one.
			n := len(c.env.Fields)
			c.str(v, k, name)
			for i := n; i < len(c.env.Fields); i++ {
				// the link, and the link decoded (percentField)
				if f := &c.env.Fields[i]; i == n || f.decoded {
					f.addr = true
				}
			}
			return
		}
		if !skipValue(v.str) && !(c.words && settingWord(v.str)) {
			if wholeBase64(v.str) {
				c.strField(v, k, name) // base64Value decoded it: binary, an id
			} else {
				c.str(v, k, name)
			}
		}
	case v.kind == jNumber:
		// {"steuer_id": 86095742719} in a tool's result: a number whose
		// digits form an identifier is one, as in text.
		c.num(v, k, name)
	case v.kind == jArray:
		for i, e := range v.vals {
			if !leaves(e, c.words, leavesBudget) {
				continue
			}
			walkStrings(c, e, k, indexName(name, i, ""), nest, keys)
		}
	case v.kind == jObject:
		for i, key := range v.keys {
			keys.add(key)
			if !leaves(v.vals[i], c.words, leavesBudget) || idValue(key, v.vals[i]) {
				continue
			}
			n := key
			switch {
			case strings.HasSuffix(name, "→"):
				n = name + key
			case name != "":
				n = name + "." + key
			}
			walkStrings(c, v.vals[i], k, n, nest, keys)
		}
	}
}

// leaves reports whether walkStrings may report anything under v (a
// string, or a key keyText keeps), so that it builds no names for the
// values it would pass over (a long history read by the adapter, whose
// every message would cost a name). It errs towards true, and says true
// after looking at budget values, so that a deeply nested body costs
// walkStrings no more than budget steps per value.
func leaves(v *jval, words bool, budget int) bool {
	n := budget
	return leavesN(v, words, &n)
}

// leavesBudget is how many values leaves looks at before it says true.
const leavesBudget = 64

func leavesN(v *jval, words bool, n *int) bool {
	if *n--; *n < 0 {
		return true
	}
	switch v.kind {
	case jNumber:
		_, ok := numberReading(v.str)
		return !v.read && ok
	case jString:
		if v.read {
			return false
		}
		if t := strings.TrimSpace(v.str); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
			return true // maybe JSON in a string
		}
		if len(v.str) >= 5 && strings.EqualFold(v.str[:5], "data:") {
			return true // maybe an inline file (dataURLFile)
		}
		if isBase64Blob(v.str) {
			return true // maybe base64 of text (base64Value)
		}
		return addressValue(v.str) || !skipValue(v.str) && !(words && settingWord(v.str))
	case jArray:
		for _, e := range v.vals {
			if leavesN(e, words, n) {
				return true
			}
		}
	case jObject:
		for i, key := range v.keys {
			if len(key) >= 2 && !fieldName(key) {
				return true
			}
			if leavesN(v.vals[i], words, n) && !idValue(key, v.vals[i]) {
				return true
			}
		}
	}
	return false
}

// unread reports what a known request shape carries beside the fields its
// adapter reads: every string under v that the adapter did not report
// (jval.read) and that is not an id, hash, blob, URL or an id-like value
// under an id-like key, as the user's text, rewritable in place; and the
// object keys that hold a value (white space, "@", digits: keyText.values),
// as one block-only field. A service reads fields that an adapter does not know or
// chose to leave (Gemini's system_instruction in snake case, a tool's
// description, a Le Chat file name, DeepL's glossary text): text that goes
// to the service is inspected, whichever field carries it. Adapters call
// it last, after reporting (or markRead) what they know; its error
// (twinsAsked: the adapter read a member whose name another member carries
// in another spelling) refuses the body.
func unread(c *collector, v *jval) error {
	if err := twinsAsked(v); err != nil {
		return err
	}
	keys := keyText{values: true}
	n := len(c.env.Fields)
	wc := *c
	wc.words = true
	walkStrings(&wc, v, UserText, "", 0, &keys)
	keys.field(c.env)
	for i := n; i < len(c.env.Fields); i++ {
		c.env.Fields[i].unread = true
	}
	return nil
}

// settingWord reports the values that known request shapes carry as
// settings: one ASCII word of at most 40 letters, digits, "_", "-", "."
// (and "/", "+" after the first) with at most two digits, starting with a
// letter ("next", "primary_assistant", "chatgpt.com", "v1", "text/plain",
// "EN-GB", "HARM_CATEGORY_HARASSMENT"), and no Capitalized part joined to
// another ("Bescheid_Juergen_Kowalski.pdf" and "Juergen.Kowalski" are text). Such a word holds no finding the
// detectors report (an account name or a lone surname is not a PERSON; an
// IBAN, a phone number or an ID number has more digits, an address a
// space, an e-mail an "@"; a licence plate written without a space and
// with at most two digits is the one exception), and each would cost a
// detector pass of its own.
func settingWord(s string) bool {
	if len(s) > 40 {
		return false
	}
	digits, seps := 0, 0
	capitalized := false // a part after a separator, or the first, is Upper followed by lower
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			if (i == 0 || isSep(s[i-1])) && i+1 < len(s) && 'a' <= s[i+1] && s[i+1] <= 'z' {
				capitalized = true
			}
		case 'a' <= c && c <= 'z':
		case c == '_', c == '-', c == '.', c == '/' && i > 0, c == '+' && i > 0:
			seps++
		case '0' <= c && c <= '9':
			digits++
		default:
			return false
		}
	}
	if seps > 0 && capitalized {
		// Words joined as a file name or an account joins them
		// ("Bescheid_Juergen_Kowalski.pdf", "Juergen.Kowalski"): text.
		return false
	}
	return len(s) > 0 && digits <= 2 && ('a' <= s[0] && s[0] <= 'z' || 'A' <= s[0] && s[0] <= 'Z')
}

func isSep(c byte) bool { return c == '_' || c == '-' || c == '.' || c == '/' || c == '+' }

// idLike reports whether v, found under a key that names an id, a time or
// a type (skipKey), is such a value: a string without white space that is
// not JSON. A key says what a value is, not what an object or array under
// it holds, nor what text someone put there ("lang": "Passwort: …").
func idLike(v *jval) bool {
	if v == nil || v.kind != jString {
		return v == nil || v.kind != jObject && v.kind != jArray
	}
	return !strings.ContainsFunc(v.str, unicode.IsSpace) && nestedJSON(v.str) == nil &&
		!(len(v.str) >= 5 && strings.EqualFold(v.str[:5], "data:")) // an inline file under "url" (image_url.url) is no id
}

// idValue reports a value walkStrings passes over as an id: an id-like
// value (idLike) under a key that names an id, a time or a type (skipKey),
// unless it is a person's identifier (personalID) or a link
// (addressValue): a link under "url", "href", "uri" or a "*_url" key is
// read as any other link ("…/buerger/DE89…/akte"), its findings those
// standing alone in a piece of it (the pipeline's addressFindings).
// Before, the key made it an id, and the link went out unread.
//
// Nor is text in disguise (disguisedText) an id: base64 of text, percent-
// encoded text or words joined by "_" or "+" under "x_id_token",
// "trace_id" or "lang" are read as under any other key; nor words joined
// in any case by "_", "-", "." or "+" beside what a detector takes once the
// joints are blanks (joinedID: "erika_mustermann_86095742719",
// "Erika.Mustermann.DE89…"), which the pipeline reads so
// (JoinedReading).
//
// Nor is a number with a fraction or an exponent ({"id": 86095742719.0},
// {"id": 8.6095742719e10}): no service writes its ids as floats, and a
// pandas export of a column of ids with a gap does; under "id" it went
// out unread (sec13).
func idValue(key string, v *jval) bool {
	return skipKey(key) && idLike(v) && !personalID(key, v) &&
		!(v != nil && v.kind == jString && (addressValue(v.str) || disguisedText(v.str) || joinedID(v.str))) &&
		!(v != nil && v.kind == jNumber && strings.ContainsAny(v.str, ".eE"))
}

// disguisedText reports a value without white space that is text written
// so that it looks like an id, a token or a time: base64 of text
// (base64OfText), percent-encoded text (percentText), words joined by "_"
// or "+" (joinedText). An id, a token, a time or a type is none of them
// (random bytes in base64, escapes of a few signs, lower-case or capital
// words joined as "content_block_start" and "HARM_CATEGORY_HARASSMENT"
// are), so the service's own values stay unread, and each costs a few
// comparisons and, when it is base64, the decoding of its head.
func disguisedText(s string) bool {
	if len(s) < 8 {
		return false
	}
	if _, ok := percentText(s); ok {
		return true
	}
	return joinedText(s) || base64OfText(s)
}

// base64OfText reports a value that is one run of base64 (wholeBase64) of
// UTF-8 or UTF-16 text, as base64Payload reads it: its first
// base64Prefix characters decoded are text (base64Text).
func base64OfText(s string) bool {
	if !wholeBase64(s) || plainWords(s) {
		return false
	}
	head := s
	if len(head) > base64Prefix {
		head = head[:base64Prefix]
	}
	raw, err := decodeBase64Trimmed(head)
	return err == nil && len(raw) > 0 && base64Text(raw)
}

// percentText decodes s when it holds percent-encoded text: an escape of
// white space or of a byte beyond ASCII ("Herr%20Max%20Mustermann%2C%20IBAN%20DE89…",
// "J%C3%BCrgen", "M%FCller" as ISO-8859-1 writes it, decoded as
// Windows-1252). An id or a token escapes a few signs ("…%3D%3D",
// "a%2Fb"), and prose has no escapes ("50 %", "100%ige"): neither is
// decoded.
func percentText(s string) (string, bool) {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return "", false
	}
	text := false
	alnum := 0 // escapes of ASCII letters and digits in a row
	for j := i; j+2 < len(s) && !text; j++ {
		if s[j] == '%' && isHexDigit(s[j+1]) && isHexDigit(s[j+2]) {
			b := unhex(s[j+1])<<4 | unhex(s[j+2])
			text = b == ' ' || b == '\t' || b == '\n' || b == '\r' || b >= 0x80
			if b < 0x80 && (b >= '0' && b <= '9' || b|0x20 >= 'a' && b|0x20 <= 'z') {
				// Letters and digits escaped one by one
				// ("%38%36%30%39…" a Steuer-ID): no encoder writes
				// four in a row, a person hiding them does (sec14).
				if alnum++; alnum >= 4 {
					text = true
				}
			} else {
				alnum = 0
			}
			j += 2
		} else {
			alnum = 0
		}
	}
	if !text {
		return "", false
	}
	d := PercentDecode(s, false)
	if !utf8.ValidString(d) {
		w, err := charmap.Windows1252.NewDecoder().String(d)
		if err != nil {
			return "", false
		}
		d = w
	}
	return d, true
}

// percentField reports s, a text field named name, decoded, when it holds
// percent-encoded text (percentText), as a field of its own that cannot be
// rewritten (a finding in it blocks): a model reads it decoded. Before,
// the detectors read "Herr%20Max%20Mustermann%2C%20IBAN%20DE89…" as it
// stands, found nothing, and it went out.
//
// Where the decoded text stands as it stands in s (Field.Verbatim), a
// finding is the one s itself holds, replaced there: a prompt that asks
// what "%20" means and names someone elsewhere is pseudonymised, not
// blocked as a whole. Text decoded as Windows-1252 has no such places,
// nor the copy of a field that cannot be rewritten (src, the index of the
// field of s: a multipart part).
func (c *collector) percentField(s string, k Kind, name string, src int) {
	if d, ok := percentText(s); ok {
		var at []int // Verbatim nowhere unless the spans hold for d
		if d2, spans := percentSpans(s); d2 == d && c.rewritable(src) {
			at = spans
		}
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: d, Name: name + " (URL-kodiert)", decoded: true, escaped: at})
	}
}

// percentSpans is PercentDecode(s, false) and where its result holds
// what escapes stood for, as pairs of offsets (Field.escaped).
func percentSpans(s string) (string, []int) {
	b := make([]byte, 0, len(s))
	var at []int
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
			if n := len(at); n > 0 && at[n-1] == len(b) {
				at = at[:n-1] // joins the escape before it
			} else {
				at = append(at, len(b))
			}
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			at = append(at, len(b))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b), at
}

// joinedText reports words joined by "_" or "+" instead of blanks
// ("Frau_Erika_Mustermann_geb._12.03.1961", "Herr+Max+Mustermann+IBAN+…"):
// two parts or more between the joints that are a Capitalized word (a
// capital, then two small letters or more, letters only, a "." at its end
// allowed), as names and German nouns are written. A type or a setting
// joins small or capital words alone ("content_block_start",
// "HARM_CATEGORY_HARASSMENT"), a token random letters and digits.
func joinedText(s string) bool {
	if !strings.ContainsAny(s, "_+") {
		return false
	}
	words := 0
	for part := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '_' || r == '+' }) {
		if capitalizedWord(strings.TrimSuffix(part, ".")) {
			if words++; words >= 2 {
				return true
			}
		}
	}
	return false
}

// capitalizedWord reports a capital followed by two small letters or more
// and nothing else ("Mustermann", "Jürgen").
func capitalizedWord(w string) bool {
	n := 0
	for _, r := range w {
		switch {
		case n == 0 && !unicode.IsUpper(r), n > 0 && !unicode.IsLower(r):
			return false
		}
		n++
	}
	return n >= 3
}

// personalID reports a value under an id key (skipKey) that is a person's
// identifier rather than the service's: digits that may be one
// (numberText: "steuer_id": "86095742719", "versicherten_nr_id": 1234567890)
// or an e-mail address ("user_id": "max.mustermann@example.de"), and
// under any such key an IBAN, a Krankenversichertennummer or a Steuer-ID
// whose check digits hold ("x_request_id": "DE89370400440532013000", in
// either case; "conversationId": "conv86095742719", taxIDRun; before, the
// key made it an id). A tool's
// result or a program's metadata names its fields so; before, such a value
// went out unread, as the service's own ids do. Under a key of a time
// (created_at, timestamp) digits are a time.
//
// So are digits under a key of a type or a setting that holds no number
// of 7 to 16 digits of the service's ("model", "role", "type", "lang",
// "max_tokens", whose word "tokens" makes it a key skipKey passes over):
// a JSON number there (not under a token's key: "page_token"), and a
// string of digits under "model", "role", "type", "object", "lang",
// "language", "locale", "timezone" or a count of tokens ("max_tokens").
// Before, {"max_tokens": 86095742719} or {"model": "86095742719"} went out
// unread on every route.
func personalID(key string, v *jval) bool {
	if v == nil || v.kind != jString && v.kind != jNumber {
		return false
	}
	if v.kind == jString && personalText(v.str) {
		return true
	}
	if _, ok := numberReading(v.str); v.kind == jNumber && !ok || v.kind == jString && !numberText(v.str) {
		return false
	}
	k := strings.ToLower(key)
	if strings.HasSuffix(k, "_at") || strings.HasSuffix(key, "At") {
		return false // a time
	}
	for _, w := range keyWords(key) {
		switch w {
		case "time", "times", "timestamp", "timestamps", "datetime", "date", "dates", "created", "updated", "expires", "exp", "iat", "nbf":
			return false
		}
	}
	switch k {
	case "id", "uuid", "nonce", "hash", "etag", "signature":
		return false // the service's own
	case "model", "role", "type", "object", "lang", "language", "locale", "timezone":
		return true
	}
	if strings.HasSuffix(k, "id") {
		return true
	}
	if strings.HasSuffix(k, "uuid") {
		return false
	}
	words := keyWords(key)
	if len(words) > 0 && words[len(words)-1] == "tokens" {
		return true // a count of tokens ("max_tokens": "86095742719")
	}
	if v.kind != jNumber {
		return false
	}
	for _, w := range words {
		if w == "token" {
			return false // a token given as a number ("page_token": 1732970875123)
		}
	}
	return true
}

// personalText reports a value without white space that is a person's
// identifier wherever it stands: an e-mail address, an IBAN from its start or
// glued to an id's letters (ibanGlued), a KVNR, or a Steuer-ID as a run of its
// own (taxIDRun), whose check digits hold.
func personalText(s string) bool {
	return strings.Contains(s, "@") || ibanFrom(s, 0) || kvnrPiece(s) || taxIDRun(s) || ibanGlued(s)
}

// nestedJSON parses s when it looks like a JSON object or array.
func nestedJSON(s string) *jval {
	t := strings.TrimSpace(s)
	if len(t) < 2 || (t[0] != '{' && t[0] != '[') {
		return nil
	}
	v, err := parseJSON([]byte(s))
	if err != nil || (v.kind != jObject && v.kind != jArray) {
		return nil
	}
	return v
}

// skipKey reports keys whose values are identifiers or metadata.
// "time", "date" and "token" count as words of the key (createTime,
// update_time, csrfToken, datePublished), not as letters inside one:
// candidate, update, timeline and tokenizer_input name text.
func skipKey(key string) bool {
	k := strings.ToLower(key)
	switch k {
	case "id", "uuid", "model", "url", "href", "uri", "type", "role", "object", "nonce", "signature",
		"hash", "etag", "mime_type", "mimetype", "content_type", "locale", "lang", "language", "timezone":
		return true
	}
	if strings.HasSuffix(k, "_id") || strings.HasSuffix(key, "Id") || strings.HasSuffix(k, "uuid") ||
		strings.HasSuffix(k, "_url") || strings.HasSuffix(key, "Url") || strings.HasSuffix(k, "_at") || strings.HasSuffix(key, "At") {
		return true
	}
	for _, w := range keyWords(key) {
		switch w {
		case "time", "times", "timestamp", "timestamps", "datetime", "timezone", "date", "dates", "token", "tokens":
			return true
		}
	}
	return false
}

// keyWords splits a key into lower-case words at every character that is
// not a letter or digit and before an upper-case letter that follows a
// lower-case one (createTime → create, time).
func keyWords(key string) []string {
	var words []string
	start := -1
	prevLower := false
	for i, r := range key {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		if start >= 0 && (!alnum || prevLower && unicode.IsUpper(r)) {
			words = append(words, strings.ToLower(key[start:i]))
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	if start >= 0 {
		words = append(words, strings.ToLower(key[start:]))
	}
	return words
}

// addressValue reports an http(s) address without white space with
// something after its host: a path or a query that may name a person.
func addressValue(s string) bool {
	for _, p := range []string{"http://", "https://"} {
		if len(s) > len(p) && strings.EqualFold(s[:len(p)], p) {
			return !strings.ContainsFunc(s, unicode.IsSpace) && strings.ContainsAny(s[len(p):], "/?#")
		}
	}
	return false
}

// skipValue reports values that are ids, hashes, blobs or URLs. A German
// IBAN in small letters is all hex digits ("de89370400440532013000"): one
// whose check digits hold (ibanFrom) is no hex id. Before, it went out
// unread in any field an adapter does not read.
func skipValue(s string) bool {
	if len(s) < 2 {
		return true
	}
	if isUUID(s) || isHex(s) && !ibanFrom(s, 0) || isBase64Blob(s) {
		return true
	}
	for _, p := range []string{"http://", "https://", "data:", "file-service://", "sediment://", "gs://", "s3://"} {
		// With white space of any kind (a tab, a no-break space) it is
		// text that starts like an address.
		if strings.HasPrefix(s, p) && !strings.ContainsFunc(s, unicode.IsSpace) {
			return true
		}
	}
	return false
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !isHexDigit(c) {
			return false
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// isHex reports hashes and hex ids: 32 or more hex digits, or 16 or more
// with lower-case letters only. Upper-case values shorter than 32 are kept
// (an IBAN such as DE89370400440532013000 is all hex digits).
func isHex(s string) bool {
	if len(s) < 16 {
		return false
	}
	lower, upper := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isHexDigit(c) {
			return false
		}
		lower = lower || c >= 'a'
		upper = upper || (c >= 'A' && c <= 'F')
	}
	return len(s) >= 32 || (lower && !upper)
}

// isBase64Blob: over 1 KiB of base64 alphabet without spaces.
func isBase64Blob(s string) bool {
	if len(s) <= 1024 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
