package extract

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/schleuse/schleuse/internal/cfbtest"
)

func ole10(name, src string, data []byte) []byte { return cfbtest.Ole10Native(name, src, data) }

func oleObject(streams map[string][]byte) string { return string(cfbtest.Object(streams)) }

// TestOLEObjectsRead: an OLE object in an Office file
// (word/embeddings/oleObject1.bin, a Compound File) is read as Office and a
// code tool (olefile, oletools) unpack it (sec17): an embedded file (the
// Packager's Ole10Native, small in the mini stream and large), its name,
// an Office file in a "Package" stream, a PDF in Acrobat's "CONTENTS".
// Before, every OLE object went out unread. An old Word document, a formula
// of the Equation Editor, a password-protected package and a broken object
// refuse the file; a macro project, a Paintbrush picture and a link (OLE's
// own streams alone) stay unread.
func TestOLEObjectsRead(t *testing.T) {
	const secret = "Herr Jürgen Kowalski 86095742719"
	doc := `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Hallo</w:t></w:r></w:p></w:body></w:document>`
	withOLE := func(obj string) []byte {
		return zipFile(t, map[string]string{"word/document.xml": doc, "word/embeddings/oleObject1.bin": obj})
	}
	long := []byte(secret + strings.Repeat(" Vermerk.", 600))
	for name, obj := range map[string]string{
		"a text file":              oleObject(map[string][]byte{"\x01Ole10Native": ole10("akte.txt", `C:\Akten\akte.txt`, []byte(secret))}),
		"a large text file":        oleObject(map[string][]byte{"\x01Ole10Native": ole10("akte.txt", `C:\Akten\akte.txt`, long)}),
		"the embedded file's name": oleObject(map[string][]byte{"\x01Ole10Native": ole10(secret+".txt", `C:\Akten\`+secret+".txt", []byte("Hallo"))}),
		"a docx in a Package":      oleObject(map[string][]byte{"Package": docx(t, []string{secret})}),
		"a PDF in CONTENTS":        oleObject(map[string][]byte{"CONTENTS": simplePDFWith(secret)}),
		"a docx as Ole10Native":    oleObject(map[string][]byte{"\x01Ole10Native": ole10("akte.docx", `C:\Akten\akte.docx`, docx(t, []string{secret}))}),
		// rev25: the object's own properties (olefile's get_metadata),
		// and UTF-16 text after the bytes that open an EMF
		"the object's title":      oleObject(map[string][]byte{"\x05SummaryInformation": cfbtest.SummaryInformation(map[uint32]string{2: "Akte " + secret, 4: "Müller, Anna (Amt 50)"})}),
		"an author with a number": oleObject(map[string][]byte{"\x05SummaryInformation": cfbtest.SummaryInformation(map[uint32]string{4: secret})}),
	} {
		text, err := Text("brief.docx", "", withOLE(obj), 0)
		if err != nil || !strings.Contains(text, "86095742719") {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
	for name, c := range map[string]struct {
		obj  string
		want error
	}{
		"an old Word document": {oleObject(map[string][]byte{"WordDocument": []byte(secret), "1Table": make([]byte, 10)}), ErrUnsupported},
		"an equation":          {oleObject(map[string][]byte{"Equation Native": []byte("\x1c\x00" + secret)}), ErrUnsupported},
		"a stream of its own":  {oleObject(map[string][]byte{"Daten": []byte(secret)}), ErrUnsupported},
		// rev25: a control character before a name is no licence: only
		// OLE's own names are passed over
		"\\x01 before a stream":    {oleObject(map[string][]byte{"\x01Daten": []byte(secret)}), ErrUnsupported},
		"\\x03 before a stream":    {oleObject(map[string][]byte{"\x03Akte": []byte(secret)}), ErrUnsupported},
		"\\x02 before a stream":    {oleObject(map[string][]byte{"\x02OlePresXYZ": []byte(secret)}), ErrUnsupported},
		"UTF-16 after 01 00 00 00": {oleObject(map[string][]byte{"\x01Ole10Native": ole10("akte.txt", "", append([]byte{1, 0, 0, 0}, utf16le(" "+secret)...))}), ErrUnsupported},
		"a broken property set":    {oleObject(map[string][]byte{"\x05Akte": []byte(secret)}), ErrCorrupt},
		"an encrypted package":     {oleObject(map[string][]byte{"EncryptedPackage": []byte(secret), "EncryptionInfo": make([]byte, 8)}), ErrEncrypted},
		"a broken object":          {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00 " + secret, ErrCorrupt},
		"an unreadable file in it": {oleObject(map[string][]byte{"\x01Ole10Native": ole10("akte.exe", "", []byte("MZ\x90\x00\x03\x00\x00\x00"+secret))}), ErrUnsupported},
	} {
		if text, err := Text("brief.docx", "", withOLE(c.obj), 0); !errors.Is(err, c.want) {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
	bmp := append([]byte("BM"), make([]byte, 60)...)
	emf := append(append([]byte{1, 0, 0, 0}, make([]byte, 36)...), append([]byte(" EMF"), make([]byte, 60)...)...)
	for name, obj := range map[string]string{
		"a macro project":        string(cfbtest.File(map[string][]byte{"VBA/dir": []byte("\x01\x00" + secret), "VBA/ThisDocument": []byte("Attribute VB_Name = \"ThisDocument\""), "VBA/_VBA_PROJECT": {0xcc, 0x61}, "PROJECT": []byte("ID=\"{1}\"\r\nDocument=ThisDocument/&H00000000"), "PROJECTwm": []byte("ThisDocument\x00")})),
		"a Paintbrush picture":   oleObject(map[string][]byte{"\x01Ole10Native": append(binary.LittleEndian.AppendUint32(nil, uint32(len(bmp))), bmp...)}),
		"a link":                 oleObject(map[string][]byte{"\x02OlePres000": make([]byte, 40)}),
		"an author's name alone": oleObject(map[string][]byte{"\x05SummaryInformation": cfbtest.SummaryInformation(map[uint32]string{4: "Müller, Anna (Amt 50)", 8: "STADT\\mueller"})}),
		"an EMF picture":         oleObject(map[string][]byte{"\x01Ole10Native": append(binary.LittleEndian.AppendUint32(nil, uint32(len(emf))), emf...)}),
	} {
		text, err := Text("brief.docx", "", withOLE(obj), 0)
		if err != nil || strings.TrimSpace(text) != "Hallo" {
			t.Errorf("%s: %q, %v", name, text, err)
		}
	}
	// Two levels deep at most, as for a docx in a docx: a file in an
	// object in a docx in an object in the uploaded docx is read, one
	// level more is refused.
	nest := func(name string, data []byte) string {
		return oleObject(map[string][]byte{"\x01Ole10Native": ole10(name, "", data)})
	}
	two := withOLE(nest("b.docx", withOLE(nest("akte.txt", []byte(secret)))))
	if text, err := Text("brief.docx", "", two, 0); err != nil || !strings.Contains(text, "86095742719") {
		t.Errorf("two levels: %q, %v", text, err)
	}
	if text, err := Text("brief.docx", "", withOLE(nest("a.docx", two)), 0); !errors.Is(err, ErrUnsupported) {
		t.Errorf("three levels: %q, %v", text, err)
	}
}

// simplePDFWith is a PDF of one page that shows text in Helvetica.
func simplePDFWith(text string) []byte {
	return pdfDoc{pages: []string{"BT /F1 12 Tf 72 700 Td (" + text + ") Tj ET"}}.bytes()
}

// FuzzOLE10Native reads Ole10Native streams: no panic, data inside the
// stream.
func FuzzOLE10Native(f *testing.F) {
	f.Add(ole10("akte.txt", `C:\Akten\akte.txt`, []byte("Herr Jürgen Kowalski")))
	f.Add(append(binary.LittleEndian.AppendUint32(nil, 62), append([]byte("BM"), make([]byte, 60)...)...))
	f.Add([]byte{1, 0, 0})
	f.Add(ole10("", "", nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		label, data, err := ole10Native(b)
		if err != nil {
			return
		}
		if len(data) > len(b) || len(label) > 3*len(b) {
			t.Fatalf("%d bytes of data, %d of label from %d", len(data), len(label), len(b))
		}
	})
}

// FuzzOLEObject reads arbitrary bytes as an OLE object in an Office file:
// no panic, an error within the contract, text within the limit.
func FuzzOLEObject(f *testing.F) {
	const secret = "Herr Jürgen Kowalski 86095742719"
	f.Add(cfbtest.Object(map[string][]byte{"\x01Ole10Native": ole10("akte.txt", `C:\Akten\akte.txt`, []byte(secret))}))
	f.Add(cfbtest.Object(map[string][]byte{"Package": []byte(secret), "CONTENTS": simplePDFWith(secret)}))
	f.Add(cfbtest.Object(map[string][]byte{"WordDocument": []byte(secret)}))
	f.Add(cfbtest.File(map[string][]byte{"VBA/dir": []byte(secret), "PROJECT": []byte("ID")}))
	f.Add(cfbtest.Object(map[string][]byte{"\x05SummaryInformation": cfbtest.SummaryInformation(map[uint32]string{2: secret, 4: "Müller"})}))
	f.Add(cfbtest.Object(map[string][]byte{"\x01Ole10Native": ole10("a.txt", "", []byte(secret+strings.Repeat(".", 5000)))}))
	const max = 1 << 20
	f.Fuzz(func(t *testing.T, data []byte) {
		budget := int64(max)
		a := &archive{files: map[string]*zip.File{}, budget: &budget, done: map[string]bool{}, limit: max, format: "docx"}
		var out strings.Builder
		err := a.oleText(&out, "word/embeddings/oleObject1.bin", data)
		if err != nil && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrEncrypted) && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("error outside the contract: %v", err)
		}
		if budget < 0 || out.Len() > 2*max {
			t.Fatalf("budget %d, text of %d bytes", budget, out.Len())
		}
	})
}
