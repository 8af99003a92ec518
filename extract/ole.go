package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"github.com/richardlehane/msoleps"
	"github.com/richardlehane/msoleps/types"
)

// maxOLEStreams bounds the directory entries of an OLE object read.
const maxOLEStreams = 1000

// legacyStreams are the main streams of the binary Office formats (Word,
// Excel, PowerPoint, Visio 97–2003): an old document embedded as an
// object, which schleuse does not read.
var legacyStreams = map[string]bool{"WordDocument": true, "Workbook": true, "Book": true,
	"PowerPoint Document": true, "VisioDocument": true}

// oleText reads an OLE object embedded in an Office file
// (word/embeddings/oleObject1.bin: a Compound File, read with mscfb) as
// Office and a service's code tool (olefile, oletools) unpack it (sec17):
// an embedded file ("Packager Shell Object": the Ole10Native stream holds
// its name, its path and its bytes; a "Package" stream the bytes of an
// Office file; Acrobat's "CONTENTS" a PDF) is read as an upload of its
// kind, its name and path too, within the archive's budget and depth. A
// picture (a Paintbrush object's bitmap) stays unread as the pictures of
// the document do. What cannot be read refuses the file: an old Word,
// Excel or PowerPoint document, a password-protected one, a formula of
// the old Equation Editor and any other stream of data. Before, every
// OLE object went out unread, and a text file with a name and an IBAN
// embedded as an icon in a clean letter with it.
func (a *archive) oleText(out *strings.Builder, name string, data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil { // mscfb on hostile input
			err = corrupt("ole object", fmt.Errorf("panic: %v", r))
		}
	}()
	if bytes.Contains(data, utf16le("EncryptedPackage")) {
		return fail("ole object", ErrEncrypted)
	}
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return corrupt("ole object", fmt.Errorf("%s: %w", name, err))
	}
	n := 0
	for f, err := r.Next(); err != io.EOF; f, err = r.Next() {
		if err != nil {
			return corrupt("ole object", fmt.Errorf("%s: %w", name, err))
		}
		if n++; n > maxOLEStreams {
			return fail("ole object", ErrTooLarge)
		}
		if f.Size <= 0 {
			continue // a storage, an empty stream
		}
		switch {
		case legacyStreams[f.Name]:
			return fail("embedded legacy office", ErrUnsupported)
		case f.Name == "EncryptedPackage":
			return fail("ole object", ErrEncrypted)
		case native(f), f.Initial >= 0x20 && (f.Name == "Package" || strings.EqualFold(f.Name, "CONTENTS")):
		case len(f.Path) > 0 && f.Path[0] == "VBA", f.Name == "_VBA_PROJECT", f.Name == "PROJECT", f.Name == "PROJECTwm", f.Name == "PROJECTlk":
			// A macro project (vbaProject.bin): code, kept compressed
			// (MS-OVBA), not the document's text; unread as before.
			// A form's streams (UserForm1/f, /o) are not under VBA/:
			// they refuse the file (default below).
			continue
		case f.Initial == 5 && f.Name != "":
			// A property set (\x05SummaryInformation,
			// \x05DocumentSummaryInformation, a custom one): the
			// object's title, subject, keywords, comments and custom
			// properties, which olefile's get_metadata gives a code
			// tool, read as core.xml's are.
			b, err := a.stream(f)
			if err != nil {
				return err
			}
			if err := propertySetText(out, b); err != nil {
				return corrupt("ole object", fmt.Errorf("%s: %w", name, err))
			}
			continue
		case oleOwn(f):
			// OLE's own streams: the object's class, its flags, the
			// picture shown in the document (\x02OlePres000).
			continue
		default:
			// Data in a form schleuse does not read (Equation
			// Native, an application's own stream): refused.
			return fail("ole object", ErrUnsupported)
		}
		b, err := a.stream(f)
		if err != nil {
			return err
		}
		fileName, payload := name, b
		if native(f) {
			var label string
			if label, payload, err = ole10Native(b); err != nil {
				return corrupt("ole object", fmt.Errorf("%s: %w", name, err))
			}
			if label != "" {
				out.WriteString(label) // the embedded file's name and path
				out.WriteByte('\n')
				fileName = label
			}
		}
		if picture(payload) {
			continue
		}
		if a.depth >= maxNesting {
			return fail("nested ole object", ErrUnsupported)
		}
		t, err := textAt(fileName, "", payload, min(a.limit, *a.budget), a.depth+1)
		if err != nil {
			return err
		}
		out.WriteString(t)
		out.WriteByte('\n')
		if int64(out.Len()) > a.limit {
			return fail(a.format, ErrTooLarge)
		}
	}
	return nil
}

// oleOwn reports OLE's own streams by their names, the first character
// (1, 2 or 3, which mscfb keeps apart in Initial) included: \x01Ole,
// \x01CompObj, \x01Ole10ItemName, \x01Ole10FmtProgID, \x02OlePres000 to
// \x02OlePres999, \x03ObjInfo, \x03EPRINT, \x03PRINT, \x03LinkInfo,
// \x03OCXNAME. Any other stream, a control character before its name or
// not ("\x05Akte", "\x01Daten"), is data that is read or refuses the file.
func oleOwn(f *mscfb.File) bool {
	switch f.Initial {
	case 1:
		return f.Name == "Ole" || f.Name == "CompObj" || f.Name == "Ole10ItemName" || f.Name == "Ole10FmtProgID"
	case 2:
		n, ok := strings.CutPrefix(f.Name, "OlePres")
		return ok && len(n) == 3 && strings.Trim(n, "0123456789") == ""
	case 3:
		return f.Name == "ObjInfo" || f.Name == "EPRINT" || f.Name == "PRINT" || f.Name == "LinkInfo" || f.Name == "OCXNAME"
	}
	return false
}

// propertySetText writes the text of an OLE property set stream
// (MS-OLEPS, read with msoleps): every string value, and a vector's
// strings (the titles of the document's parts), on a line each as
// writeMeta writes a metadata part's; the author fields (Author,
// LastAuthor, Manager) only with a long number (authorWords), as
// core.xml's creator. A stream msoleps cannot read is an error: the
// caller refuses the file.
func propertySetText(out *strings.Builder, b []byte) error {
	r, err := msoleps.NewFrom(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("property set: %w", err)
	}
	for _, p := range r.Property {
		if p == nil || p.T == nil {
			continue
		}
		author := p.Name == "Author" || p.Name == "LastAuthor" || p.Name == "Manager"
		for _, v := range propStrings(p.T, 0) {
			writeMeta(out, v, author)
		}
	}
	return nil
}

// propStrings returns the strings of a property's value: a string, or
// those of a vector's or a variant's elements (depth bounds the nesting).
func propStrings(t types.Type, depth int) []string {
	switch v := t.(type) {
	case types.UnicodeString:
		s := string(utf16.Decode(v))
		s, _, _ = strings.Cut(s, "\x00")
		return []string{s}
	case *types.CodeString:
		c := v.Chars
		if strings.HasPrefix(v.Encoding(), "utf-16 ") { // code page 1200
			u := make([]uint16, len(c)/2)
			for i := range u {
				u[i] = binary.LittleEndian.Uint16(c[2*i:])
			}
			s, _, _ := strings.Cut(string(utf16.Decode(u)), "\x00")
			return []string{s}
		}
		if i := bytes.IndexByte(c, 0); i >= 0 {
			c = c[:i]
		}
		if utf8.Valid(c) {
			return []string{string(c)}
		}
		return []string{cp1252(c)}
	case types.Vector:
		if depth > 2 {
			return nil
		}
		var all []string
		for _, e := range v {
			if e != nil {
				all = append(all, propStrings(e, depth+1)...)
			}
		}
		return all
	case types.Variant:
		if s, ok := strings.CutPrefix(v.String(), "Typed Property Value containing "); ok && strings.HasSuffix(v.Type(), "String") {
			return []string{s}
		}
	}
	return nil
}

// native reports the stream \x01Ole10Native.
func native(f *mscfb.File) bool { return f.Initial == 1 && f.Name == "Ole10Native" }

// stream reads one stream of an OLE object, charging it to the budget.
func (a *archive) stream(f *mscfb.File) ([]byte, error) {
	if f.Size > *a.budget {
		return nil, fail(a.format, ErrTooLarge)
	}
	b, err := io.ReadAll(io.LimitReader(f, *a.budget+1))
	if err != nil {
		return nil, corrupt("ole object", err)
	}
	if int64(len(b)) > *a.budget {
		return nil, fail(a.format, ErrTooLarge)
	}
	*a.budget -= int64(len(b))
	return b, nil
}

// ole10Native reads an Ole10Native stream: its size, then, for an
// embedded file (the Packager's format), a flag, the file's name and its
// path (each ending in NUL), two words, the temporary path with its
// length, the data's length and the data. label holds the name and the
// paths, on a line each; a stream in another form (a Paintbrush
// picture's bitmap) is all data.
func ole10Native(b []byte) (label string, data []byte, err error) {
	if len(b) < 4 {
		return "", nil, errors.New("ole10native: short")
	}
	size := binary.LittleEndian.Uint32(b)
	b = b[4:]
	if uint64(size) < uint64(len(b)) {
		b = b[:size]
	}
	if p, l, ok := packaged(b); ok {
		return l, p, nil
	}
	return "", b, nil
}

// packaged reads the Packager's form of an Ole10Native stream's content.
func packaged(b []byte) (data []byte, label string, ok bool) {
	if len(b) < 2 {
		return nil, "", false
	}
	i := 2
	cstr := func() (string, bool) {
		j := bytes.IndexByte(b[i:], 0)
		if j < 0 {
			return "", false
		}
		s := b[i : i+j]
		i += j + 1
		return strings.TrimSpace(cp1252(s)), true
	}
	u32 := func() (uint32, bool) {
		if len(b)-i < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(b[i:])
		i += 4
		return v, true
	}
	name, ok1 := cstr()
	src, ok2 := cstr()
	_, ok3 := u32()
	tl, ok4 := u32()
	if !ok1 || !ok2 || !ok3 || !ok4 || uint64(tl) > uint64(len(b)-i) {
		return nil, "", false
	}
	tmp := strings.TrimSpace(cp1252(bytes.TrimRight(b[i:i+int(tl)], "\x00")))
	i += int(tl)
	n, ok := u32()
	if !ok || uint64(n) > uint64(len(b)-i) {
		return nil, "", false
	}
	var names []string
	for _, s := range []string{name, src, tmp} {
		if s != "" {
			names = append(names, s)
		}
	}
	return b[i : i+int(n)], strings.Join(names, "\n"), true
}

// picture reports whether b is a picture by its magic number (PNG, JPEG,
// GIF, BMP, TIFF, a Windows metafile).
func picture(b []byte) bool {
	if bytes.HasPrefix(b, []byte("\x01\x00\x00\x00")) {
		// An enhanced metafile: its header's signature " EMF" at 40.
		// Bytes 01 00 00 00 alone are no picture: UTF-16 text after
		// them went out unread (rev25).
		return len(b) >= 88 && string(b[40:44]) == " EMF"
	}
	for _, m := range []string{"\x89PNG", "\xff\xd8\xff", "GIF8", "BM", "II*\x00", "MM\x00*", "\xd7\xcd\xc6\x9a"} {
		if bytes.HasPrefix(b, []byte(m)) {
			return m != "BM" || len(b) >= 54 && !looksLikeText(b[:min(len(b), 512)])
		}
	}
	return false
}
