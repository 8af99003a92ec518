package providers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// formPair is one key=value pair of an application/x-www-form-urlencoded
// body, with the byte span of its raw (still escaped) value; latin says
// that the value's bytes were no UTF-8 and are read as Windows-1252.
type formPair struct {
	key, value   string
	vStart, vEnd int
	latin        bool
	utf8         string // of a latin value with UTF-8 in it too: read as UTF-8 (mixedUTF8)
}

// layer is the encoding layer of the pair's value.
func (p formPair) layer() layer {
	if p.latin {
		return layer{kind: layerFormValue1252, start: p.vStart, end: p.vEnd}
	}
	return layer{kind: layerFormValue, start: p.vStart, end: p.vEnd}
}

// formUnescape decodes a form key or value. Bytes that are no UTF-8
// ("J%FCrgen+Kowalski", as a page in ISO-8859-1 or a program writing
// Latin-1 sends a form) are read as Windows-1252, as a server that honours
// such a charset reads them, and as the URL's query is read: before, the
// detectors got "J\xfcrgen", no name, and Kowalski went out unread where
// "J%C3%BCrgen" blocked.
func formUnescape(s string) (string, bool, error) {
	u, err := url.QueryUnescape(s)
	if err != nil || utf8.ValidString(u) {
		return u, false, err
	}
	return latin1252(u), true, nil
}

// mixedUTF8 returns a form value whose bytes are no UTF-8 as a server
// that takes them for UTF-8 reads it (a bad byte as U+FFFD), when it holds
// a character of more than one byte: "J%C3%BCrgen+%FC" is "Jürgen" so
// and "JÃ¼rgen" in Windows-1252. Else "".
func mixedUTF8(raw string) string {
	u, err := url.QueryUnescape(raw)
	if err != nil {
		return ""
	}
	for i := 0; i < len(u); {
		r, n := utf8.DecodeRuneInString(u[i:])
		if n > 1 && r != utf8.RuneError {
			return strings.ToValidUTF8(u, "\uFFFD")
		}
		i += n
	}
	return ""
}

// latin1252 reads s as Windows-1252, the five bytes it leaves undefined
// (0x81, 0x8D, 0x8F, 0x90, 0x9D) as the C1 controls of their value, as
// WHATWG's windows-1252 decoder does, so that every byte string reads
// and writes back (to1252) as it was.
func latin1252(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); i++ {
		r := charmap.Windows1252.DecodeByte(s[i])
		if r == utf8.RuneError {
			r = rune(s[i])
		}
		b.WriteRune(r)
	}
	return b.String()
}

// to1252 writes s back as latin1252 read it; ok is false when s holds a
// character Windows-1252 has not.
func to1252(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			if r < 0x80 || r > 0x9f {
				return "", false
			}
			c = byte(r)
		}
		b = append(b, c)
	}
	return string(b), true
}

// parseForm splits a urlencoded body on '&' and unescapes keys and values,
// keeping the value spans so that values can be rewritten in place.
func parseForm(b []byte) ([]formPair, error) {
	var out []formPair
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '&')
		if j < 0 {
			j = len(b)
		} else {
			j += i
		}
		seg := b[i:j]
		if len(out) >= MaxJSONValues {
			return nil, fmt.Errorf("%w: form with more than %d pairs", ErrTooLarge, MaxJSONValues)
		}
		if len(seg) > 0 {
			k, vs := seg, len(seg)
			if eq := bytes.IndexByte(seg, '='); eq >= 0 {
				k, vs = seg[:eq], eq+1
			}
			key, _, err := formUnescape(string(k))
			if err != nil {
				return nil, fmt.Errorf("%w: form key at byte %d: %w", ErrMalformed, i, err)
			}
			val, latin := "", false
			if vs <= len(seg) {
				val, latin, err = formUnescape(string(seg[min(vs, len(seg)):]))
				if err != nil {
					return nil, fmt.Errorf("%w: form value at byte %d: %w", ErrMalformed, i, err)
				}
			}
			p := formPair{key: key, value: val, vStart: i + min(vs, len(seg)), vEnd: j, latin: latin}
			if latin {
				p.utf8 = mixedUTF8(string(seg[min(vs, len(seg)):]))
			}
			out = append(out, p)
		}
		i = j + 1
	}
	return out, nil
}

// formField adds pair p as a redactable field.
func (c *collector) formField(p formPair, k Kind, name string) {
	c.text(p.value, k, name, p.layer())
	if p.utf8 != "" {
		// The value read as UTF-8 as well, as the service may: a
		// finding there blocks.
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: p.utf8, Name: name + " (UTF-8)", decoded: true})
		// and what it hides in tag characters or variation selectors,
		// which its Windows-1252 reading shows as other letters (sec15)
		c.escapeField(p.utf8, k, name+" (UTF-8)", -1, leadsIn(p.utf8))
	}
}

// mediaType returns the lower-case media type of a Content-Type header.
func mediaType(h string) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(h)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.Split(h, ";")[0])), nil
	}
	return mt, params
}

func isMultipart(contentType string) bool {
	mt, _ := mediaType(contentType)
	return strings.HasPrefix(mt, "multipart/")
}

func isForm(contentType string) bool {
	mt, _ := mediaType(contentType)
	return mt == "application/x-www-form-urlencoded"
}

// partFileName returns the name a multipart part gives its file, as every
// reader could take it: Go's mime takes an RFC 2231 filename* before a
// plain filename, Python's email and multipart parsers the last of the
// two, others the plain one (.NET's HttpClient sends both), so a plain
// name beside filename* is returned with it, on a line of its own, and a
// header Go does not parse (a parameter twice) is returned whole. A part
// whose Content-Disposition or Content-Type is written twice is ambiguous:
// readers differ in which line they take (Go's the first, Python's the
// last), and with it whether the part is a file; the error says so.
func partFileName(h textproto.MIMEHeader) (string, error) {
	if len(h.Values("Content-Disposition")) > 1 || len(h.Values("Content-Type")) > 1 {
		return "", errors.New("a header twice")
	}
	return DispositionFileName(h.Get("Content-Disposition")), nil
}

// DispositionFileName returns the names a Content-Disposition value cd
// gives its file, as partFileName reads them: filename* and a plain
// filename beside it, filename* in any charset (extendedFileName), all
// of a value Go's mime does not parse. The request header of an upload
// of the bytes alone is read so too.
func DispositionFileName(cd string) string {
	if cd == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(cd)
	if err != nil {
		// A header Go's mime does not parse (a parameter twice, an
		// unquoted blank): other readers may, so all of it is read as
		// the name. The part is a file to schleuse (no form name), its
		// content read as such.
		return cd
	}
	name := params["filename"]
	const star = "filename*"
	if strings.Contains(cd, "*") {
		// The plain name, with filename* (and its continuations)
		// renamed out of its way.
		var b strings.Builder
		last := 0
		for i := 0; i+len(star) <= len(cd); i++ {
			if cd[i+len(star)-1] == '*' && strings.EqualFold(cd[i:i+len(star)], star) {
				b.WriteString(cd[last:i])
				b.WriteString("x-star-")
				last = i
			}
		}
		b.WriteString(cd[last:])
		if _, plain, err := mime.ParseMediaType(b.String()); err == nil && plain["filename"] != "" && plain["filename"] != name {
			name += "\n" + plain["filename"]
		}
		if ext := extendedFileName(cd); ext != "" && ext != name && !strings.HasPrefix(name, ext+"\n") {
			name += "\n" + ext
		}
	}
	return name
}

// extendedFileName reads an RFC 2231 filename* (its pieces filename*0*,
// filename*1 … joined) in any charset: Go's mime decodes UTF-8 and ASCII
// only and drops the parameter otherwise, where Python's and .NET's
// readers decode "filename*=iso-8859-1”J%FCrgen%20Kowalski.txt"; before,
// such a name went to the service unread (sec14). Bytes that are no UTF-8
// read as Windows-1252. "" when there is none.
func extendedFileName(cd string) string {
	pieces := map[int]string{}
	for _, p := range strings.Split(cd, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok || !strings.HasPrefix(k, "filename*") {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"`)
		n, enc := 0, strings.HasSuffix(k, "*")
		if num := strings.Trim(k[len("filename*"):], "*"); num != "" {
			var err error
			if n, err = strconv.Atoi(num); err != nil || n > 100 {
				continue
			}
		}
		if enc {
			if n == 0 {
				if parts := strings.SplitN(v, "'", 3); len(parts) == 3 {
					v = parts[2]
				}
			}
			v = PercentDecode(v, false)
		}
		pieces[n] = v
	}
	var b strings.Builder
	for i := 0; i < len(pieces); i++ {
		p, ok := pieces[i]
		if !ok {
			break
		}
		b.WriteString(p)
	}
	return mixedText([]byte(b.String()))
}

// outsideParts reports a multipart body that holds more than white space
// in its preamble (before the line of its first boundary) or its epilogue
// (after its closing boundary, "--boundary--"), as ErrOutsideParts. Go's
// multipart reader skips both, as RFC 2046 says a reader should; a reader
// that finds boundaries Go does not ("--boundary x" on a line, a close
// delimiter after a bare LF), or a service that reads the body as text,
// gets what stands there, which schleuse never read: a whole part, a name
// and an IBAN. No browser or HTTP client library writes either (a line
// break after the closing boundary is white space), and a web application
// firewall refuses them as well (ModSecurity's MULTIPART_DATA_BEFORE and
// _AFTER under its strict multipart rule). So they are refused, not read
// as text: text there cannot be told from a part another reader takes,
// whose file schleuse would not have opened. Before, both went to the
// service unread. A body without any boundary line is left to the reader,
// which refuses it.
func outsideParts(body []byte, boundary string) error {
	dash := "--" + boundary
	first := -1
	for i := 0; i < len(body); {
		end := bytes.IndexByte(body[i:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += i + 1
		}
		if line := body[i:end]; bytes.HasPrefix(line, []byte(dash)) {
			// A boundary line as Go's reader takes one: after "--boundary"
			// spaces and tabs, then CRLF or LF ("--boundary\r\r\n" is
			// preamble to it, which a trimming reader may take for a
			// part); a line that starts with "--boundary--" is taken as
			// the first, so that what follows it must be white space.
			if rest := bytes.TrimLeft(line[len(dash):], " \t"); string(rest) == "\r\n" || string(rest) == "\n" ||
				bytes.HasPrefix(line[len(dash):], []byte("--")) {
				first = i
				break
			}
		}
		i = end
	}
	if first < 0 {
		return nil
	}
	if pre := body[:first]; len(bytes.TrimLeft(pre, " \t\r\n")) > 0 {
		return fmt.Errorf("%w: %w: %w: %d bytes before the first part", ErrOutsideParts, ErrAmbiguous, ErrMalformed, len(pre))
	}
	// The closing boundary: the first line from the first boundary on
	// that starts with "--boundary--" (a part ends at a line that starts
	// with "--boundary", so none holds one).
	closing := []byte(dash + "--")
	for i := first; i < len(body); {
		if bytes.HasPrefix(body[i:], closing) {
			if post := body[i+len(closing):]; len(bytes.TrimLeft(post, " \t\r\n")) > 0 {
				return fmt.Errorf("%w: %w: %w: %d bytes after the closing boundary", ErrOutsideParts, ErrAmbiguous, ErrMalformed, len(post))
			}
			return nil
		}
		j := bytes.IndexByte(body[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return nil
}

// closedMultipart reports whether body has a line that starts with the
// closing boundary (dash + "--"), as every browser and HTTP library writes.
func closedMultipart(body, dash []byte) bool {
	closing := append(dash[:len(dash):len(dash)], '-', '-')
	return bytes.HasPrefix(body, closing) || bytes.Contains(body, append([]byte{'\n'}, closing...))
}

// nextPart returns part i of a multipart body (r reads body), its bytes and
// its file name, checked as every reader of a form needs: nil at the end,
// an error for a body that ends before its closing boundary, a transfer
// encoding, or a part that names its file in two ways.
func nextPart(r *multipart.Reader, body []byte, boundary string, i int) (*multipart.Part, []byte, string, error) {
	p, err := r.NextRawPart()
	if err == io.EOF {
		if dash := []byte("--" + boundary); bytes.Contains(body, dash) && !closedMultipart(body, dash) {
			// Go's reader ends at the body's end after a boundary
			// line, also inside a part's head ("filename=" with a
			// name and an IBAN): that part it never returns, so
			// none of it was read. Before, it went to the service.
			return nil, nil, "", fmt.Errorf("%w: multipart part %d: the body ends before its closing boundary", ErrMalformed, i)
		}
		return nil, nil, "", nil
	}
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w: multipart part %d: %w", ErrMalformed, i, err)
	}
	data, err := io.ReadAll(p)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w: multipart part %d: %w", ErrMalformed, i, err)
	}
	// Every line counts: Go's textproto reads the first, Python's
	// multipart parser (Starlette, FastAPI) the last, and decodes
	// base64 and quoted-printable. Before, "7bit" before "base64"
	// passed a document as its base64 letters, which the service
	// decoded.
	for _, enc := range p.Header.Values("Content-Transfer-Encoding") {
		if enc = strings.ToLower(strings.TrimSpace(enc)); enc != "" && enc != "binary" && enc != "8bit" && enc != "7bit" {
			return nil, nil, "", fmt.Errorf("%w: multipart part %d: transfer encoding %q", ErrUnknownEncoding, i, enc)
		}
	}
	// A part's text in a charset it is not read in (UTF-7: "+ADgANgAw-"
	// is "860" to a reader honouring it) is not sent (partCharset).
	for _, ct := range p.Header.Values("Content-Type") {
		if err := partCharset(ct, i); err != nil {
			return nil, nil, "", err
		}
	}
	fn, err := partFileName(p.Header)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w: %w: multipart part %d: %v", ErrAmbiguous, ErrMalformed, i, err)
	}
	return p, data, fn, nil
}

// filePartNames are form names whose parts are file content even when the
// client sends no file name (OpenAI upload parts send "data").
var filePartNames = map[string]bool{"file": true, "data": true, "document": true, "image": true, "file[]": true, "files": true}

// partText is a text part's bytes as text: bytes that are no UTF-8 (a page
// in ISO-8859-1, a program writing Latin-1: "J\xfcrgen") are read as
// Windows-1252, as a form value's are (formUnescape) and as Starlette's
// reader (FastAPI) decodes such a part (UTF-8, else Latin-1); mixed, when
// they hold a character of UTF-8 too, is the bytes read as UTF-8 where
// they are (mixedText), as a reader that takes them for UTF-8 sees them
// ("" else).
// Before, the detectors got "J\xfcrgen", no name, and a name and a marking
// went out where the same text in UTF-8 blocked.
func partText(data []byte) (text, mixed string) {
	if utf8.Valid(data) {
		return string(data), ""
	}
	text = latin1252(string(data))
	if m := mixedText(data); m != text {
		mixed = m
	}
	return text, mixed
}

// multipartFields reports every file part of a multipart body as a File
// field, the non-file parts named in text ("*": all) as text fields of the
// given kind, and every other non-file part that is not an id, hex or
// base64 (skipValue; a link is read, as an address: Field.Address) as
// UserText: whatever the body carries reaches the service. Multipart
// fields cannot be rewritten.
func multipartFields(c *collector, contentType string, body []byte, text map[string]Kind) error {
	return eachPart(contentType, body, func(p *multipart.Part, data []byte, fn string) error {
		c.formPart(p, fn, data, text)
		return nil
	})
}

// eachPart calls part for every part of the multipart body of the given
// content type, with its data and file name (nextPart), in order, until
// part returns an error; a body without a boundary, with bytes outside
// its parts (outsideParts) or cut short is ErrMalformed.
func eachPart(contentType string, body []byte, part func(p *multipart.Part, data []byte, fn string) error) error {
	_, params := mediaType(contentType)
	boundary := params["boundary"]
	if boundary == "" {
		return fmt.Errorf("%w: multipart without boundary", ErrMalformed)
	}
	if err := outsideParts(body, boundary); err != nil {
		return err
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	for i := 0; ; i++ {
		p, data, fn, err := nextPart(r, body, boundary, i)
		if p == nil || err != nil {
			return err
		}
		if err := part(p, data, fn); err != nil {
			return err
		}
	}
}

// formPart reports one part of a form (multipartFields): a file part (a
// file name, no form name, a name in filePartNames, or content that is not
// text/plain) as a File field, and reports whether it was one; a text part
// named in text ("*": all) as a field of that kind, any other text part
// that is not an id, hex or base64 (skipValue; a link is read as an
// address) as UserText, with its percent-encoded or "\u"-escaped text
// decoded as in any other field.
func (c *collector) formPart(p *multipart.Part, fn string, data []byte, text map[string]Kind) bool {
	if pct := p.Header.Get("Content-Type"); fn != "" || p.FormName() == "" || filePartNames[p.FormName()] ||
		(pct != "" && !strings.HasPrefix(strings.ToLower(pct), "text/plain")) || compressedStream(data) {
		// A compressed stream in a text part (gzip bytes under
		// name="prompt") is a file that cannot be read, as in the body
		// (compressedStream); before, its printable runs were read.
		if fn == "" {
			fn = p.FormName()
		}
		c.file(fn, pct, data)
		return true
	}
	k, ok := text[p.FormName()]
	if !ok {
		k, ok = text["*"]
	}
	if !ok {
		k = UserText
	}
	if n := len(c.env.Fields); c.inlineValue(string(data), "multipart:"+p.FormName(), b64Parent{kind: k, end: len(data)}) {
		// A part that is a data URL or base64 (a form's FileBase64 sent
		// as multipart) is the file it holds; before, it was read as
		// the letters of its base64, or passed over as a blob. Read,
		// not rewritten: a part's text has no place in the body here.
		for i := n; i < len(c.env.Fields); i++ {
			c.env.Fields[i].loc = nil
		}
		return false
	}
	addr := addressValue(string(data))
	if !ok && (addr || !skipValue(string(data))) {
		// A part the adapter does not read still reaches the
		// service: it is scanned as the fallback scans form values
		// (ids, hex and base64 aside; a link is read as a link,
		// addressFindings: before, it was passed over as an id).
		k, ok = UserText, true
	}
	if ok && len(data) > 0 {
		text, mixed := partText(data)
		c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: text, Name: "multipart:" + p.FormName(), addr: addr})
		if !addr {
			// its percent-encoded or "\u"-escaped text decoded, as
			// in any other field; before, a part's was read as it
			// stood
			n := len(c.env.Fields) - 1
			c.readings(text, k, "multipart:"+p.FormName(), n, leadsIn(text))
		}
		if mixed != "" {
			c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: mixed, Name: "multipart:" + p.FormName() + " (UTF-8)", decoded: true})
			if !addr {
				// what it hides in tag characters or variation
				// selectors too (sec15)
				c.escapeField(mixed, k, "multipart:"+p.FormName()+" (UTF-8)", -1, leadsIn(mixed))
			}
		}
	}
	return false
}
