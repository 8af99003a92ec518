package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/richardlehane/mscfb"
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
			continue
		case f.Name != "" && (f.Initial == 1 || f.Initial == 2 || f.Initial == 3 || f.Initial == 5):
			// OLE's own streams (\x01Ole, \x01CompObj, \x03ObjInfo,
			// \x02OlePres000: the picture shown in the document,
			// \x05SummaryInformation), named so by a first
			// character 1, 2, 3 or 5 (mscfb keeps it apart).
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
	for _, m := range []string{"\x89PNG", "\xff\xd8\xff", "GIF8", "BM", "II*\x00", "MM\x00*", "\xd7\xcd\xc6\x9a", "\x01\x00\x00\x00"} {
		if bytes.HasPrefix(b, []byte(m)) {
			return m != "BM" && m != "\x01\x00\x00\x00" || len(b) >= 54 && !looksLikeText(b[:min(len(b), 512)])
		}
	}
	return false
}
