// Package extract gets the text out of files that staff upload to LLM
// services, so that it can be scanned like a prompt.
//
// Text detects the type by content (magic bytes) first and by name and
// content type second, and reads plain text (UTF-8, UTF-16 with BOM,
// Windows-1252), txt/csv/json/md, docx, pptx, xlsx, OpenDocument (odt, ods,
// odp) and pdf. Whatever it cannot
// read is an error, and the caller blocks the upload per policy: fail closed.
//
// Error messages name the format and the reason only, never file content, so
// they may be logged.
package extract

import (
	"bytes"
	"errors"
	"path"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Errors returned (wrapped) by Text. Test with errors.Is.
var (
	// ErrUnsupported: the type is not one Text reads (images, legacy
	// binary Office files, archives, unknown binary data).
	ErrUnsupported = errors.New("extract: unsupported file type")
	// ErrTooLarge: the file, its decompressed content or its text exceeds
	// the limit, or an archive has too many entries (zip bomb).
	ErrTooLarge = errors.New("extract: file too large")
	// ErrEncrypted: the file is password-protected.
	ErrEncrypted = errors.New("extract: file is encrypted")
	// ErrCorrupt: the file claims a supported type but cannot be parsed.
	ErrCorrupt = errors.New("extract: file is corrupt")
)

// DefaultMax is the limit Text uses when max ≤ 0.
const DefaultMax = 64 << 20

// maxZipEntries bounds the number of entries of an Office file.
const maxZipEntries = 10000

// formatError carries the format and the underlying cause while its message
// stays free of file content.
type formatError struct {
	format string
	kind   error // one of the sentinel errors
	cause  error // may quote content: reachable via errors.As/Unwrap only
}

func (e *formatError) Error() string   { return e.kind.Error() + " (" + e.format + ")" }
func (e *formatError) Unwrap() []error { return []error{e.kind, e.cause} }

func corrupt(format string, cause error) error {
	return &formatError{format: format, kind: ErrCorrupt, cause: cause}
}

func fail(format string, kind error) error {
	return &formatError{format: format, kind: kind}
}

// Text returns the text of the file data, named name (may be empty) and sent
// with contentType (may be empty). max bounds the size of data, the bytes
// decompressed from it and the text returned (≤ 0: DefaultMax). Safe for
// concurrent use.
func Text(name, contentType string, data []byte, max int64) (string, error) {
	if max <= 0 {
		max = DefaultMax
	}
	return textAt(name, contentType, data, max, 0)
}

// textAt is Text for a file at nesting depth (0: the uploaded file; an
// attachment of a PDF one deeper).
func textAt(name, contentType string, data []byte, max int64, depth int) (string, error) {
	if int64(len(data)) > max {
		return "", fail("input", ErrTooLarge)
	}
	var (
		text string
		err  error
	)
	switch kind := detect(name, contentType, data); kind {
	case "pdf":
		text, err = pdfText(data, max, depth)
	case "zip":
		budget := max
		text, err = officeText(data, max, &budget, depth)
	case "cfb":
		// Password-protected OOXML files are CFB containers with an
		// EncryptedPackage stream; others are legacy .doc/.xls/.ppt.
		if bytes.Contains(data, utf16le("EncryptedPackage")) {
			return "", fail("office", ErrEncrypted)
		}
		return "", fail("legacy office", ErrUnsupported)
	case "text":
		text, err = plainText(data)
		if err == nil {
			text = withHTMLText(text)
		}
	default:
		return "", fail(kind, ErrUnsupported)
	}
	if err != nil {
		return "", err
	}
	if int64(len(text)) > max {
		return "", fail("text", ErrTooLarge)
	}
	return text, nil
}

// magic numbers of formats that must never be read as text. A weak magic
// is a few letters that text may start with too ("MZ-Verfahren", "RIFF-
// Analyse", "BZh. …"); a file starting with one is a binary only when it is
// not valid UTF-8 text (those formats have NULs or stray high bytes in
// their first bytes). PostScript and RTF are text that holds its words in
// markup schleuse does not decode (RTF writes ü as \'fc), so they stay
// unsupported.
var binaryMagic = []struct {
	prefix, kind string
	weak         bool
}{
	{"\x89PNG", "png", false}, {"\xff\xd8\xff", "jpeg", false}, {"GIF8", "gif", true}, {"RIFF", "riff", true},
	{"\x1f\x8b", "gzip", false}, {"\x28\xb5\x2f\xfd", "zstd", false}, {"7z\xbc\xaf", "7z", false}, {"Rar!", "rar", true}, {"BZh", "bzip2", true},
	{"\x7fELF", "elf", false}, {"MZ", "exe", true}, {"%!PS", "postscript", false}, {"{\\rtf", "rtf", false},
}

// detect returns "pdf", "zip", "cfb", "text" or the name of an unsupported
// kind. Content decides; name and content type only matter for text without
// a BOM, which is recognised by being valid text.
func detect(name, contentType string, data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return "zip"
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "cfb"
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")), bytes.HasPrefix(data, []byte("\xff\xfe")),
		bytes.HasPrefix(data, []byte("\xfe\xff")):
		return "text"
	}
	// A PDF may have a few junk bytes before its header.
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i >= 0 {
		return "pdf"
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, []byte(m.prefix)) && (!m.weak || !utf8.Valid(data) || !looksLikeText(data)) {
			return m.kind
		}
	}
	if looksLikeText(data) {
		return "text"
	}
	ext := strings.ToLower(path.Ext(name))
	if ext == "" {
		ext, _, _ = strings.Cut(contentType, ";")
	}
	// Only a short, printable type hint goes into the error message.
	ext = strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r
		}
		return -1
	}, ext)
	return "binary " + strings.TrimPrefix(ext[:min(len(ext), 40)], ".")
}

// looksLikeText reports whether data is UTF-8 or Windows-1252 text: no NUL
// and almost no other control characters.
func looksLikeText(data []byte) bool {
	ctl := 0
	for _, c := range data {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f':
			ctl++
		}
	}
	return ctl*100 <= len(data)
}

// plainText decodes UTF-8 (BOM stripped), UTF-16 with BOM, and falls back to
// Windows-1252 for text that is not valid UTF-8 (German CSV exports).
func plainText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return utf16Text(data[2:], false)
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return utf16Text(data[2:], true)
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	return cp1252(data), nil
}

func utf16Text(b []byte, bigEndian bool) (string, error) {
	if len(b)%2 != 0 {
		return "", corrupt("utf-16 text", errors.New("odd length"))
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u)), nil
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// cp1252High maps the bytes 0x80–0x9F of Windows-1252; the other bytes are
// Latin-1 and map to the same code point.
var cp1252High = [32]rune{
	'€', 0xfffd, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0xfffd, 'Ž', 0xfffd,
	0xfffd, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0xfffd, 'ž', 'Ÿ',
}

func cp1252Rune(c byte) rune {
	if c >= 0x80 && c < 0xa0 {
		return cp1252High[c-0x80]
	}
	return rune(c)
}

func cp1252(data []byte) string {
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		b.WriteRune(cp1252Rune(c))
	}
	return b.String()
}
