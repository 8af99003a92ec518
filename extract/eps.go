package extract

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// epsText writes the text of an EPS picture (PostScript) in an Office
// archive (LibreOffice keeps an inserted EPS as Pictures/logo.eps, Word as
// word/media/image1.eps) as a service's code tool or a model reading the
// file sees it (sec17): the string literals ("(Herr Jürgen Kowalski)
// show", escapes decoded), hex strings that decode to text, and the title
// in its header comments (%%Title:); the creator (%%For:) is read as an
// author field (authorWords). Inline image data (ASCII85 after
// currentfile, %%BeginData, %%BeginBinary) and Illustrator's private data
// are skipped. A picture of outlines only holds no text and stays as
// unread as the other pictures. Before, an EPS was passed over, and a name
// and an IBAN in its strings went out unread. A DOS EPS binary (a preview
// beside the PostScript) has its PostScript read.
func epsText(out *strings.Builder, b []byte) {
	if bytes.HasPrefix(b, []byte("\xc5\xd0\xd3\xc6")) && len(b) >= 12 {
		off, n := binary.LittleEndian.Uint32(b[4:]), binary.LittleEndian.Uint32(b[8:])
		if uint64(off) > uint64(len(b)) {
			return
		}
		b = b[off:]
		if uint64(n) < uint64(len(b)) {
			b = b[:n]
		}
	}
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '%':
			j := lineEnd(b, i)
			line := string(b[i:j])
			switch {
			case strings.HasPrefix(line, "%%Title:"):
				writeMeta(out, psComment(line[len("%%Title:"):]), false)
			case strings.HasPrefix(line, "%%For:"):
				writeMeta(out, psComment(line[len("%%For:"):]), true)
			case strings.HasPrefix(line, "%%BeginBinary"), strings.HasPrefix(line, "%%BeginData"):
				end := "%%EndBinary"
				if strings.HasPrefix(line, "%%BeginData") {
					end = "%%EndData"
				}
				if k := bytes.Index(b[j:], []byte(end)); k >= 0 {
					j += k
				} else {
					j = len(b)
				}
			case strings.HasPrefix(line, "%AI9_PrivateDataBegin"):
				if k := bytes.Index(b[j:], []byte("%AI9_PrivateDataEnd")); k >= 0 {
					j += k
				} else {
					j = len(b)
				}
			}
			i = j
		case c == '(':
			s, j := psString(b, i)
			if printable(s) {
				out.WriteString(s)
				out.WriteByte('\n')
			}
			i = j
		case c == '<' && i+1 < len(b) && b[i+1] == '~':
			i = skipPast(b, i, "~>") // an ASCII85 string
		case c == '<' && i+1 < len(b) && b[i+1] == '<':
			i += 2 // a dictionary
		case c == '<':
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				return
			}
			if s := psHex(b[i+1 : i+j]); printable(s) {
				out.WriteString(s)
				out.WriteByte('\n')
			}
			i += j + 1
		case bytes.HasPrefix(b[i:], []byte("ASCII85Decode")):
			// currentfile /ASCII85Decode filter … image: the data
			// follows the operators, up to "~>".
			i = skipPast(b, i, "~>")
		default:
			i++
		}
	}
}

// lineEnd returns the index of the end of the line at i.
func lineEnd(b []byte, i int) int {
	if j := bytes.IndexAny(b[i:], "\r\n"); j >= 0 {
		return i + j
	}
	return len(b)
}

// skipPast returns the index after the first end at or after i, or len(b).
func skipPast(b []byte, i int, end string) int {
	if j := bytes.Index(b[i:], []byte(end)); j >= 0 {
		return i + j + len(end)
	}
	return len(b)
}

// psComment returns a DSC comment's value: a string literal decoded, or
// the text as it stands.
func psComment(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "(") {
		s, _ := psString([]byte(v), 0)
		return s
	}
	return v
}

// psString decodes the string literal at b[i] ('('), its parentheses
// balanced and its escapes (\n, \ddd, \( …) decoded, as Windows-1252;
// j is the index after it.
func psString(b []byte, i int) (s string, j int) {
	var raw []byte
	depth := 0
	for j = i; j < len(b); j++ {
		c := b[j]
		switch {
		case c == '\\' && j+1 < len(b):
			j++
			switch e := b[j]; e {
			case 'n':
				raw = append(raw, '\n')
			case 'r':
				raw = append(raw, '\r')
			case 't':
				raw = append(raw, '\t')
			case 'b', 'f':
			case '\r':
				if j+1 < len(b) && b[j+1] == '\n' {
					j++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && j+1 < len(b) && b[j+1] >= '0' && b[j+1] <= '7'; k++ {
						j++
						v = v*8 + int(b[j]-'0')
					}
					raw = append(raw, byte(v))
				} else {
					raw = append(raw, e)
				}
			}
		case c == '(':
			if depth > 0 {
				raw = append(raw, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return cp1252(raw), j + 1
			}
			raw = append(raw, c)
		default:
			raw = append(raw, c)
		}
	}
	return cp1252(raw), j
}

// psHex decodes a hex string's digits (white space between them), "" when
// it holds anything else.
func psHex(h []byte) string {
	var raw []byte
	hi := -1
	for _, c := range h {
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'a' && c <= 'f':
			v = int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			v = int(c-'A') + 10
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		default:
			return ""
		}
		if hi < 0 {
			hi = v
		} else {
			raw = append(raw, byte(hi<<4|v))
			hi = -1
		}
	}
	return cp1252(raw)
}

// printable reports whether s is text a reader shows: not empty, no control
// characters but line breaks and tabs, no U+FFFD. Image data in a string
// (a small bitmap, binary bytes) is not.
func printable(s string) bool {
	if strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' || r == 0x7f || r == 0xfffd || r >= 0x80 && r < 0xa0 {
			return false
		}
	}
	return true
}
