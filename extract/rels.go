package extract

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"
)

// textRelTypes are the relationship types (the last segment of a
// relationship's Type, in lower case: transitional and strict OOXML share
// it) whose target holds text of the document: the main document, a
// header or footer, notes, comments, a slide and its notes, a sheet, the
// shared strings, a chart, a drawing, a SmartArt's data, the glossary's
// building blocks.
var textRelTypes = map[string]bool{
	"officedocument": true, "header": true, "footer": true, "footnotes": true, "endnotes": true, "comments": true,
	"slide": true, "notesslide": true, "worksheet": true, "sharedstrings": true, "chart": true, "drawing": true,
	"diagramdata": true, "glossarydocument": true,
	// An alternative format chunk (w:altChunk): HTML, text or RTF that Word
	// shows in the document's place (sec14). officeText reads it as what
	// it is (chunkText).
	"afchunk": true,
}

// related returns the parts that a relationship of a text type
// (textRelTypes) names and that known does not hold, in name order.
// Office, python-docx and openpyxl find a document's parts by its
// relationships, not by their names: a main document named
// "word/styles.xml", one without ".xml" (an OPC part name needs no
// extension: [Content_Types].xml gives its type), a header under
// "docProps/" or a sheet outside "xl/" is read by them, beside a clean
// decoy at the usual name, which they pass over; others(), which goes by
// names, skips such parts as holding no text. Before, the name and the
// IBAN in them went out unread. A relationships part that does not parse
// is a corrupt file, as Office says.
func (a *archive) related(known []string) ([]string, error) {
	byLower := make(map[string]string, len(a.files))
	for n := range a.files {
		byLower[strings.ToLower(n)] = n
	}
	seen := make(map[string]bool, len(known))
	for _, k := range known {
		seen[strings.ToLower(k)] = true
	}
	var out []string
	for lower, name := range byLower {
		if !strings.HasSuffix(lower, ".rels") {
			continue
		}
		b, err := a.read(name)
		if err != nil {
			return nil, err
		}
		rels, err := relationships(b)
		if err != nil {
			return nil, corrupt(a.format, fmt.Errorf("%s: %w", name, err))
		}
		// "word/_rels/document.xml.rels" names its targets from "word/",
		// "_rels/.rels" from the package's root.
		base := path.Dir(path.Dir(name))
		for _, r := range rels {
			if strings.EqualFold(r.mode, "External") || !textRelTypes[strings.ToLower(r.typ[strings.LastIndexByte(r.typ, '/')+1:])] {
				continue
			}
			t := r.target
			if u, err := url.PathUnescape(t); err == nil {
				t = u
			}
			if i := strings.IndexByte(t, '#'); i >= 0 {
				t = t[:i]
			}
			if strings.HasPrefix(t, "/") {
				t = path.Clean(t[1:])
			} else {
				t = path.Join(base, t)
			}
			l := strings.ToLower(t)
			if n, ok := byLower[l]; ok && !seen[l] {
				seen[l] = true
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// relationship is one Relationship element of a relationships part.
type relationship struct{ typ, target, mode string }

// relationships reads the Relationship elements of a relationships part.
func relationships(b []byte) ([]relationship, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []relationship
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		var r relationship
		for _, at := range se.Attr {
			switch at.Name.Local {
			case "Type":
				r.typ = at.Value
			case "Target":
				r.target = at.Value
			case "TargetMode":
				r.mode = at.Value
			}
		}
		out = append(out, r)
	}
}
