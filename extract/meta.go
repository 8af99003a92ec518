package extract

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
)

// metaPart reports whether an XML part with root element root and namespace
// ns, at the lower-case name l, is a file's metadata that metaText reads:
// OOXML's core, extended (app.xml) and custom properties, OpenDocument's
// meta.xml and the customXml data store's parts in Office's vocabularies
// (SharePoint's properties, a bibliography's sources, a cover page's
// properties). A PDF's XMP metadata is read with metaText too: its
// properties as elements or as attributes of an rdf:Description, but for
// a thumbnail (a picture in base64).
func metaPart(l, root, ns string) bool {
	switch {
	case root == "coreProperties", root == "Properties", root == "document-meta":
		return true
	case strings.HasPrefix(l, "customxml/") && officeNS(ns):
		return true
	}
	return false
}

// authorElems are the metadata elements that name the member of staff who
// wrote or saved the file (OOXML's creator and lastModifiedBy, app.xml's
// Manager, OpenDocument's initial-creator and printed-by, SharePoint's
// people: a UserInfo with its DisplayName and account, the login of
// Author and Editor), and XMP's and a PDF's author likewise.
var authorElems = map[string]bool{"creator": true, "lastModifiedBy": true, "Manager": true, "initial-creator": true,
	"printed-by": true, "UserInfo": true, "DisplayName": true, "AccountId": true, "AccountType": true}

// metaText writes the free text of a metadata part (metaPart), each value
// on a line of its own: a title, a subject, keywords, a description (the
// comments Word shows in the file's properties), a category, a status, a
// custom property's name and value, a SharePoint column's value. The
// services' code tools read them (python-docx's core_properties, a part
// unpacked), and a file search indexes the title. Dates (created,
// modified, printed) are passed over where they are dates. The author
// fields (authorElems) name the member of staff on every file they save;
// read as text, their name is a PERSON, and the default policy blocks a
// PERSON in a file for every service that does not take it as it stands
// (a file is not rewritten): every file a member of staff saved would be
// refused. They are read only when they hold a long number (authorWords):
// a Steuer-ID or an IBAN put there is, the name alone is not. The text is
// at most twice as long as b (a line break after each value).
func metaText(out *strings.Builder, b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf")))
	author := 0 // open author elements
	thumb := 0  // open XMP thumbnails (a picture in base64)
	var stack []bool
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			a := authorElems[t.Name.Local]
			stack = append(stack, a)
			if a {
				author++
			}
			if t.Name.Local == "image" && t.Name.Space == xmpImgNS {
				thumb++
			}
			if t.Name.Space == rdfNS && t.Name.Local == "Description" {
				// XMP's properties written as attributes
				// (pdf:Producer="…", pdf:Keywords="…").
				for _, at := range t.Attr {
					if at.Name.Space != "xmlns" && at.Name.Local != "xmlns" && !(at.Name.Space == rdfNS && at.Name.Local == "about") {
						writeMeta(out, at.Value, author > 0 || authorElems[at.Name.Local])
					}
				}
			}
			if t.Name.Local == "property" || t.Name.Local == "user-defined" {
				// A custom property's name, which the person chose.
				for _, at := range t.Attr {
					if at.Name.Local == "name" {
						writeMeta(out, at.Value, author > 0)
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "image" && t.Name.Space == xmpImgNS && thumb > 0 {
				thumb--
			}
			if n := len(stack); n > 0 {
				if stack[n-1] {
					author--
				}
				stack = stack[:n-1]
			}
		case xml.CharData:
			if thumb == 0 {
				writeMeta(out, string(t), author > 0)
			}
		}
	}
}

const (
	rdfNS    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	xmpImgNS = "http://ns.adobe.com/xap/1.0/g/img/"
)

// reMetaDate is a date or a time stamp as metadata keeps it: W3CDTF or
// ISO 8601 with its dashes ("2026-11-30T09:12:00Z"), a PDF date
// ("D:20261130101500+01'00'"); month, day, hour and minute in range, so
// that a number alone is no date.
var reMetaDate = regexp.MustCompile(`^(?:\d{4}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?|D:\d{4}(?:[01]\d(?:[0-3]\d(?:[0-2]\d(?:[0-5]\d(?:[0-5]\d)?)?)?)?)?(?:Z(?:00'?(?:00'?)?)?|[+-][0-2]\d'?(?:[0-5]\d'?)?)?)$`)

// writeMeta writes one metadata value on a line of its own: an author's
// with a long number only (authorWords), a date not at all.
func writeMeta(out *strings.Builder, v string, author bool) {
	v = strings.TrimSpace(v)
	if author {
		v = authorWords(v)
	}
	if v == "" || reMetaDate.MatchString(v) {
		return
	}
	out.WriteString(v)
	out.WriteByte('\n')
}

// minAuthorDigits is how many digits an author field holds before it is
// read: an IBAN (20 in Germany), a Steuer-ID (11), a tax number, a phone
// number or a birth date (8) has them, a name with its office ("Müller,
// Anna (Amt 32)") or a login ("STADT\\mueller4711") has not.
const minAuthorDigits = 7

// authorWords returns an author field's value when it holds
// minAuthorDigits digits or more, whole, for a label beside the number
// ("Steuer-ID 86095742719") is what makes it one; else "": the name of the
// member of staff, their office or login, alone.
func authorWords(v string) string {
	n := 0
	for _, c := range v {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	if n < minAuthorDigits {
		return ""
	}
	return v
}
