package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// archive reads the parts of an Office (OOXML) zip file within a budget of
// decompressed bytes.
type archive struct {
	files  map[string]*zip.File
	budget *int64 // decompressed bytes still allowed, shared with nested files
	done   map[string]bool
	depth  int   // nesting: 0 for the uploaded file
	limit  int64 // text bytes allowed
	format string
}

func openArchive(data []byte, max int64, budget *int64, depth int) (*archive, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, corrupt("zip", err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, fail("zip", ErrTooLarge)
	}
	a := &archive{files: make(map[string]*zip.File, len(zr.File)), budget: budget, limit: max, format: "zip",
		done: make(map[string]bool, len(zr.File)), depth: depth}
	seen := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		// A part twice (or in another case: OPC's part names are
		// case-insensitive) is read by one reader as the first, by
		// another as the last (.NET's GetEntry, Python's zipfile): a
		// clean decoy beside the document (sec14). No program writes it.
		if k := strings.ToLower(f.Name); seen[k] {
			return nil, corrupt("zip", fmt.Errorf("part %q twice", f.Name))
		} else {
			seen[k] = true
		}
		a.files[f.Name] = f
	}
	return a, nil
}

// others returns the XML parts beside those listed in known, in name
// order, but for the package's own (content types, relationships),
// its metadata (docProps: read by extras, with metaText) and parts
// that hold no text of the document (styles, settings, fonts, themes).
// Office finds a document's parts by their relationships, not by their
// names: a main document, a slide, a header at another name
// ("word/document2.xml" named in _rels/.rels beside a clean
// "word/document.xml") is read by Word, python-docx and the services;
// before, schleuse read only the usual names, and the other went out
// unread (sec14).
func (a *archive) others(known []string) []string {
	skip := make(map[string]bool, len(known))
	for _, k := range known {
		skip[k] = true
	}
	var names []string
	for n := range a.files {
		l := strings.ToLower(n)
		base := path.Base(l)
		switch {
		case skip[n], !strings.HasSuffix(l, ".xml"), l == "[content_types].xml", strings.Contains(l, "_rels/"),
			strings.HasPrefix(l, "docprops/"), strings.Contains(l, "/theme/"),
			base == "styles.xml", base == "styleswitheffects.xml", base == "settings.xml", base == "websettings.xml",
			base == "fonttable.xml", base == "numbering.xml", base == "presprops.xml", base == "viewprops.xml", base == "tablestyles.xml":
			continue
		}
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// read returns the decompressed part name, charging it to the budget.
func (a *archive) read(name string) ([]byte, error) {
	f := a.files[name]
	if f == nil {
		return nil, nil
	}
	if f.Flags&0x1 != 0 {
		return nil, fail(a.format, ErrEncrypted)
	}
	a.done[name] = true
	if f.UncompressedSize64 > uint64(*a.budget) {
		return nil, fail(a.format, ErrTooLarge)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, corrupt(a.format, err)
	}
	defer rc.Close()
	// The declared size may lie: read at most budget+1 bytes.
	b, err := io.ReadAll(io.LimitReader(rc, *a.budget+1))
	if err != nil {
		return nil, corrupt(a.format, err)
	}
	if int64(len(b)) > *a.budget {
		return nil, fail(a.format, ErrTooLarge)
	}
	*a.budget -= int64(len(b))
	return b, nil
}

// numbered returns the parts matching re (whose first group is a number) in
// numeric order: slide2 before slide10.
func (a *archive) numbered(re *regexp.Regexp) []string {
	var names []string
	for n := range a.files {
		if re.MatchString(n) {
			names = append(names, n)
		}
	}
	num := func(s string) int {
		n, _ := strconv.Atoi(re.FindStringSubmatch(s)[1])
		return n
	}
	slices.SortFunc(names, func(x, y string) int {
		if c := num(x) - num(y); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	})
	return names
}

var (
	reDocxExtra = regexp.MustCompile(`^word/(?:header|footer)(\d*)\.xml$`)
	reSlide     = regexp.MustCompile(`^ppt/slides/slide(\d+)\.xml$`)
	reNotes     = regexp.MustCompile(`^ppt/notesSlides/notesSlide(\d+)\.xml$`)
	reSheet     = regexp.MustCompile(`^xl/worksheets/sheet(\d+)\.xml$`)
	// Comments (of a cell, of a slide; legacy and modern) are text the
	// file carries to the service as well as its body.
	reXlComments = regexp.MustCompile(`^xl/comments(\d*)\.xml$`)
	rePpComments = regexp.MustCompile(`^ppt/comments/(?:modernComment_|comment)(\d*)[^/]*\.xml$`)
)

// officeText reads docx, pptx and xlsx files; other zip files are unsupported.
func officeText(data []byte, max int64, budget *int64, depth int) (string, error) {
	a, err := openArchive(data, max, budget, depth)
	if err != nil {
		return "", err
	}
	var parts []string
	switch {
	case a.files["word/document.xml"] != nil:
		a.format = "docx"
		parts = append(parts, "word/document.xml")
		parts = append(parts, a.numbered(reDocxExtra)...)
		parts = append(parts, "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml")
		parts = append(parts, a.others(parts)...)
	case a.files["ppt/presentation.xml"] != nil:
		a.format = "pptx"
		parts = append(append(a.numbered(reSlide), a.numbered(reNotes)...), a.numbered(rePpComments)...)
		parts = append(parts, a.others(append(parts, "ppt/presentation.xml"))...)
	case a.files["xl/workbook.xml"] != nil:
		a.format = "xlsx"
		text, err := xlsxText(a)
		if err != nil {
			return "", err
		}
		var out strings.Builder
		out.WriteString(text)
		if err := a.extras(&out); err != nil {
			return "", err
		}
		return out.String(), nil
	case a.files["content.xml"] != nil && a.files["mimetype"] != nil:
		// OpenDocument (odt, ods, odp): common in German administrations.
		a.format = "opendocument"
		var out strings.Builder
		// styles.xml holds the page styles' headers and footers (a
		// file number and a name in the header of every page); before
		// (sec14), only content.xml was read.
		for _, p := range []string{"content.xml", "styles.xml"} {
			b, err := a.read(p)
			if err != nil {
				return "", err
			}
			if err := odfText(&out, b, a.limit); err != nil {
				if errors.Is(err, ErrTooLarge) {
					return "", fail(a.format, ErrTooLarge)
				}
				return "", corrupt(a.format, fmt.Errorf("%s: %w", p, err))
			}
		}
		if err := a.extras(&out); err != nil {
			return "", err
		}
		return out.String(), nil
	default:
		return "", fail("zip", ErrUnsupported)
	}
	// What the relationships name as text, at any name.
	rel, err := a.related(append(parts, "ppt/presentation.xml"))
	if err != nil {
		return "", err
	}
	parts = append(parts, rel...)
	var out strings.Builder
	for _, p := range parts {
		b, err := a.read(p)
		if err != nil {
			return "", err
		}
		if b == nil {
			continue
		}
		if chunk, ok, err := chunkText(b); ok {
			if err != nil {
				return "", err
			}
			out.WriteString(chunk)
			out.WriteByte('\n')
			continue
		}
		if err := partText(&out, p, b); err != nil {
			return "", corrupt(a.format, fmt.Errorf("%s: %w", p, err))
		}
		out.WriteByte('\n')
	}
	if err := a.extras(&out); err != nil {
		return "", err
	}
	return out.String(), nil
}

// maxNesting bounds files inside files (an Office file embedded in
// another, as a chart's workbook is in a document).
const maxNesting = 2

// extras reads the entries of an Office or OpenDocument archive that its
// reader passed over (sec16): an Office file is a zip archive, and a
// service that unpacks it (ChatGPT's and Claude's code tools do when asked)
// reads every entry. Before, "akte.txt" or "akte.xml" beside a clean
// word/document.xml went out unread. Text is read as an uploaded text file
// is, XML outside Office's and OpenDocument's own vocabularies with all
// its character data (partText), a PDF or an Office file inside (a
// chart's workbook) as such a file, within the archive's budget and two
// levels deep; a zip that is no Office file is refused as an upload of it
// is. Pictures, fonts and OLE objects (binary: NUL or control bytes in
// their first 512 bytes) stay unread, as the pictures of the body do;
// Office's own parts that no reader shows (settings, styles) too. The
// metadata and the customXml store are read for their free text, not for
// the authors' names (metaText, sec17).
func (a *archive) extras(out *strings.Builder) error {
	names := make([]string, 0, len(a.files))
	for n := range a.files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		l := strings.ToLower(n)
		// The package's own entries ([Content_Types].xml, the .rels
		// files, OpenDocument's mimetype) are skipped by what they hold,
		// not by their name: a text file named "akte.rels" or
		// "mimetype" is shown by an unpacking tool as any other. A .rels
		// file was read for its relationships only (related), not for
		// its text.
		if a.done[n] && !strings.HasSuffix(l, ".rels") || strings.HasSuffix(n, "/") {
			continue
		}
		head, err := a.head(n)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(head, []byte("\xc5\xd0\xd3\xc6")) {
			// A DOS EPS binary: its PostScript beside a preview.
			b, err := a.read(n)
			if err != nil {
				return err
			}
			epsText(out, b)
			if int64(out.Len()) > a.limit {
				return fail(a.format, ErrTooLarge)
			}
			continue
		}
		if bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
			// An OLE object (word/embeddings/oleObject1.bin), a macro
			// project (vbaProject.bin) or another Compound File.
			b, err := a.read(n)
			if err != nil {
				return err
			}
			if err := a.oleText(out, n, b); err != nil {
				return err
			}
			continue
		}
		if !bytes.HasPrefix(head, []byte("%PDF-")) && !bytes.HasPrefix(head, []byte("PK\x03\x04")) &&
			!bytes.HasPrefix(head, []byte("\xff\xfe")) && !bytes.HasPrefix(head, []byte("\xfe\xff")) && !looksLikeText(head) {
			continue
		}
		b, err := a.read(n)
		if err != nil {
			return err
		}
		if l == "mimetype" && mimeType(b) {
			continue
		}
		switch kind := detect(n, "", b); kind {
		case "text":
			root, ns, isXML := xmlRoot(b)
			switch {
			case isXML && metaPart(l, root, ns):
				// The file's metadata and the customXml store: their
				// free text is read, the author's name is not (sec17).
				if err := metaText(out, b); err != nil {
					return corrupt(a.format, fmt.Errorf("%s: %w", n, err))
				}
			case isXML && (officeNS(ns) || strings.HasPrefix(l, "docprops/") && (root == "coreProperties" || root == "Properties")):
				// Office's own parts and metadata; an embedded
				// object's text (Object 1/content.xml) in OpenDocument.
				// An OOXML part the reader passed over by its name
				// (styles.xml, settings.xml, a theme, one under
				// _rels/ or docProps/) has its runs read: none in
				// Office's own, but a document's body put there
				// ("word/hidden/styles.xml") went out unread (rev24).
				// So is an OpenDocument body or styles part at
				// another name, in any archive (not meta.xml's
				// metadata nor the settings).
				odf := strings.HasPrefix(ns, "urn:oasis:names:tc:opendocument:") || strings.HasPrefix(ns, "http://openoffice.org/")
				switch {
				case odf && (root == "document-content" || root == "document-styles" || root == "document"):
					if err := odfText(out, b, a.limit); err != nil {
						if errors.Is(err, ErrTooLarge) {
							return fail(a.format, ErrTooLarge)
						}
						return corrupt(a.format, fmt.Errorf("%s: %w", n, err))
					}
				case !odf:
					if err := xmlText(out, b); err != nil {
						return corrupt(a.format, fmt.Errorf("%s: %w", n, err))
					}
					out.WriteByte('\n')
					if int64(out.Len()) > a.limit {
						return fail(a.format, ErrTooLarge)
					}
				}
				continue
			case !isXML || partText(out, n, b) != nil:
				// Text that is no XML (a .txt, a .csv, HTML) or XML
				// that breaks off: read as an uploaded text file.
				t, err := plainText(b)
				if err != nil {
					return err
				}
				out.WriteString(withHTMLText(t))
			}
		case "pdf", "zip":
			if a.depth >= maxNesting {
				return fail("nested "+kind, ErrUnsupported)
			}
			var t string
			if kind == "pdf" {
				t, err = pdfText(b, *a.budget, a.depth+1)
			} else {
				t, err = officeText(b, a.limit, a.budget, a.depth+1)
			}
			if err != nil {
				return err
			}
			out.WriteString(t)
		case "postscript":
			// An EPS picture (an ODF document's Pictures/logo.eps, as
			// LibreOffice keeps an inserted EPS): its strings and title
			// are read (sec17), not a reason to refuse an ordinary file.
			epsText(out, b)
		default:
			// An entry whose first bytes read as text but which is RTF
			// (words in markup schleuse does not decode) or binary
			// further on: refused as an upload of it is; before, it
			// was passed over unread.
			return fail(kind, ErrUnsupported)
		}
		out.WriteByte('\n')
		if int64(out.Len()) > a.limit {
			return fail(a.format, ErrTooLarge)
		}
	}
	return nil
}

// mimeType reports OpenDocument's mimetype entry as it is: one media type
// ("application/vnd.oasis.opendocument.text") and nothing else.
func mimeType(b []byte) bool {
	typ, sub, ok := bytes.Cut(b, []byte("/"))
	if !ok || len(typ) == 0 || len(sub) == 0 || len(b) > 127 {
		return false
	}
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '.' || c == '-' || c == '+') {
			return false
		}
	}
	return bytes.Count(b, []byte("/")) == 1
}

// head returns the first 512 bytes of the entry name, uncharged.
func (a *archive) head(name string) ([]byte, error) {
	f := a.files[name]
	if f.Flags&0x1 != 0 {
		return nil, fail(a.format, ErrEncrypted)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, corrupt(a.format, err)
	}
	defer rc.Close()
	b := make([]byte, 512)
	n, err := io.ReadFull(rc, b)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, corrupt(a.format, err)
	}
	return b[:n], nil
}

// officeNSPrefixes are the namespaces of Office's and OpenDocument's own
// vocabularies (OOXML transitional and strict, Microsoft's extensions and
// SharePoint's properties, VML, OpenDocument and OpenOffice).
var officeNSPrefixes = []string{"http://schemas.openxmlformats.org/", "http://purl.oclc.org/ooxml/",
	"http://schemas.microsoft.com/", "urn:schemas-microsoft-com:", "urn:oasis:names:tc:opendocument:",
	"http://openoffice.org/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}

func officeNS(ns string) bool {
	for _, p := range officeNSPrefixes {
		if strings.HasPrefix(ns, p) {
			return true
		}
	}
	return false
}

// xmlRoot returns the local name and namespace of the first element of b;
// ok is false when b is no XML.
func xmlRoot(b []byte) (local, ns string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf")))
	for {
		tok, err := d.Token()
		if err != nil {
			return "", "", false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local, t.Name.Space, true
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return "", "", false
			}
		}
	}
}

// partText writes the text of an XML part, named name: metadata's free
// text (metaText), an Office part's runs (xmlText), every character data
// of XML in another vocabulary ("akte.xml" in a document's package, an
// SVG's text), which a reader of the raw part shows whole. An error means
// b is no XML.
func partText(out *strings.Builder, name string, b []byte) error {
	root, ns, ok := xmlRoot(b)
	if ok && metaPart(strings.ToLower(name), root, ns) {
		// Metadata and the customXml store among the parts read by
		// name; properties at another name, which the package's
		// relationships name (python-docx finds them so).
		return metaText(out, b)
	}
	if !ok || officeNS(ns) {
		return xmlText(out, b)
	}
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf")))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				out.Write(t)
			}
		case xml.EndElement:
			if out.Len() > 0 && !strings.HasSuffix(out.String(), "\n") {
				out.WriteByte('\n')
			}
		}
	}
}

// chunkText reads a part that is no Office XML: an alternative format
// chunk (w:altChunk), whose HTML or text Word shows in the document's
// place. HTML and text are read as an uploaded file of theirs is (the
// page too), RTF, which keeps its words in markup, is refused as
// unsupported (fail closed). ok is false for a part that is XML. Before
// (sec14), a chunk was not read, and a name and an IBAN in it went out.
func chunkText(b []byte) (string, bool, error) {
	t := bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf")
	root, parsed := rootElement(t)
	switch {
	case bytes.HasPrefix(t, []byte("{\\rtf")):
		return "", true, fail("rtf chunk", ErrUnsupported)
	case parsed && root != "html":
		// An Office XML part. Its root element decides, not what its
		// first bytes hold: before, XHTML behind a declaration and a
		// comment of 512 bytes was taken for one, and its text not read.
		return "", false, nil
	case !parsed && bytes.HasPrefix(t, []byte("<?xml")) && !bytes.Contains(t[:min(len(t), 512)], []byte("<html")) && !bytes.Contains(t[:min(len(t), 512)], []byte("<!DOCTYPE html")):
		return "", false, nil
	case !parsed && bytes.HasPrefix(t, []byte("<")) && !looksLikeHTML(string(t[:min(len(t), 4096)])):
		return "", false, nil // an Office XML part without a declaration
	}
	text, err := plainText(b)
	if err != nil {
		return "", true, err
	}
	return withHTMLText(text), true, nil
}

// rootElement returns the local name of the first element of b, an XML
// or XHTML document, in lower case, past its declaration, comments and
// doctype; parsed is false when b does not start so (HTML that is no XML,
// text).
func rootElement(b []byte) (root string, parsed bool) {
	if !bytes.HasPrefix(b, []byte("<")) {
		return "", false
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return strings.ToLower(t.Name.Local), true
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return "", false
			}
		}
	}
}

// xmlText writes the text runs of a WordprocessingML or DrawingML part: the
// content of <w:t>/<a:t> elements, of <w:delText> (a tracked deletion: the
// file still carries the text, a name someone "removed" from a letter
// among it) and of a legacy slide comment's <p:text>; tabs and breaks as
// whitespace, a line break after every paragraph and table cell. Metadata
// (a comment's or the document's author) is not read: it names the member
// of staff who wrote the file, on every file.
//
// Read too, each on a line of its own (sec16): a picture's or a shape's
// alternative text (descr and title of <wp:docPr>, <p:cNvPr>: mammoth and
// markitdown give it to the model as the image's alt text), a field's
// instruction (<w:instrText>, <w:fldSimple w:instr>: 'QUOTE "…"' holds its
// text there), a content control's list entries (<w:listItem>) and a
// chart's cached labels and values (<c:v>, which the rendered chart shows).
// Before, a name, an IBAN and a Steuer-ID in any of them went out unread.
func xmlText(out *strings.Builder, b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	inText := 0
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
			switch t.Name.Local {
			case "t", "delText", "text", "instrText", "v":
				inText++
			case "tab":
				out.WriteByte('\t')
			case "br", "cr":
				out.WriteByte('\n')
			case "docPr", "cNvPr", "fldSimple", "listItem":
				attrText(out, t.Attr)
			case "s", "n", "d":
				// A pivot table's cache (its records and shared
				// items, xl/pivotCache/): the source data, kept also
				// when its sheet is deleted, which Excel shows on a
				// drill-down and a code tool reads (sec16).
				for _, at := range t.Attr {
					if at.Name.Local == "v" {
						out.WriteString(at.Value)
						out.WriteByte('\t')
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t", "delText", "text":
				inText--
			case "instrText", "v":
				inText--
				out.WriteByte('\n')
			case "p", "tc":
				out.WriteByte('\n')
			}
		case xml.CharData:
			if inText > 0 {
				out.Write(t)
			}
		}
	}
}

// textAttrs are the attributes of Office XML elements whose value a reader
// shows as text: alternative text (descr, title), a simple field's
// instruction (instr), a list entry's text (displayText), a data
// validation's input and error messages (prompt, promptTitle, error,
// errorTitle), a sheet's name (name in a workbook's <sheet>).
var textAttrs = map[string]bool{"descr": true, "title": true, "instr": true, "displayText": true,
	"prompt": true, "promptTitle": true, "error": true, "errorTitle": true}

// attrText writes the values of the text attributes among attrs, each on a
// line of its own.
func attrText(out *strings.Builder, attrs []xml.Attr) {
	for _, at := range attrs {
		if textAttrs[at.Name.Local] && strings.TrimSpace(at.Value) != "" {
			out.WriteString(at.Value)
			out.WriteByte('\n')
		}
	}
}

// xlsxText writes every sheet as tab-separated rows: shared strings,
// inline strings and values (numbers count: an IBAN or tax id may be stored
// as a number).
func xlsxText(a *archive) (string, error) {
	shared, err := a.read("xl/sharedStrings.xml")
	if err != nil {
		return "", err
	}
	var strs []string
	if shared != nil {
		if strs, err = sharedStrings(shared); err != nil {
			return "", corrupt("xlsx", err)
		}
	}
	var out strings.Builder
	// The workbook's sheet names and defined names: pandas, openpyxl and
	// markitdown show a sheet's name above its cells ("Kowalski
	// 86095742719" fits in its 31 characters), a defined name's value
	// ('"Herr Jürgen Kowalski"') is a constant the sheets use; before
	// (sec16), neither was read.
	wb, err := a.read("xl/workbook.xml")
	if err != nil {
		return "", err
	}
	if err := workbookText(&out, wb); err != nil {
		return "", corrupt("xlsx", fmt.Errorf("xl/workbook.xml: %w", err))
	}
	sheets := a.numbered(reSheet)
	for _, p := range a.others(append(append([]string{"xl/workbook.xml", "xl/sharedStrings.xml"}, sheets...), a.numbered(reXlComments)...)) {
		// A sheet at another name, which the workbook's relationships
		// name (openpyxl reads it): read as one when it holds cells.
		if strings.HasPrefix(strings.ToLower(p), "xl/") {
			sheets = append(sheets, p)
		}
	}
	// What the relationships name as text, at any name (a sheet outside
	// "xl/", shared strings at another name): read as a sheet when it
	// holds cells, else as text.
	rel, err := a.related(append(append([]string{"xl/workbook.xml", "xl/sharedStrings.xml"}, sheets...), a.numbered(reXlComments)...))
	if err != nil {
		return "", err
	}
	sheets = append(sheets, rel...)
	for _, p := range sheets {
		b, err := a.read(p)
		if err != nil {
			return "", err
		}
		if !bytes.Contains(b, []byte("sheetData")) && !reSheet.MatchString(p) {
			if err := partText(&out, p, b); err != nil { // a drawing's or chart's text
				return "", corrupt("xlsx", fmt.Errorf("%s: %w", p, err))
			}
			continue
		}
		if err := sheetText(&out, b, strs, a.limit); err != nil {
			if errors.Is(err, ErrTooLarge) {
				return "", fail("xlsx", ErrTooLarge)
			}
			return "", corrupt("xlsx", fmt.Errorf("%s: %w", p, err))
		}
	}
	for _, p := range a.numbered(reXlComments) {
		b, err := a.read(p)
		if err != nil {
			return "", err
		}
		if err := xmlText(&out, b); err != nil {
			return "", corrupt("xlsx", fmt.Errorf("%s: %w", p, err))
		}
		out.WriteByte('\n')
		if int64(out.Len()) > a.limit {
			return "", fail("xlsx", ErrTooLarge)
		}
	}
	return out.String(), nil
}

// workbookText writes a workbook part's sheet names and the values of its
// defined names, each on a line of its own.
func workbookText(out *strings.Builder, b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	inName := false
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
			switch t.Name.Local {
			case "sheet":
				for _, at := range t.Attr {
					if at.Name.Local == "name" {
						out.WriteString(at.Value)
						out.WriteByte('\n')
					}
				}
			case "definedName":
				inName = true
			}
		case xml.EndElement:
			if t.Name.Local == "definedName" {
				inName = false
				out.WriteByte('\n')
			}
		case xml.CharData:
			if inName {
				out.Write(t)
			}
		}
	}
}

func sharedStrings(b []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var (
		strs   []string
		cur    strings.Builder
		inSI   bool
		inText int
		inRPh  int // phonetic runs are not part of the value
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return strs, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inText++
			case "rPh":
				inRPh++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				strs = append(strs, cur.String())
			case "t":
				inText--
			case "rPh":
				inRPh--
			}
		case xml.CharData:
			if inSI && inText > 0 && inRPh == 0 {
				cur.Write(t)
			}
		}
	}
}

// sheetText writes one sheet. Shared strings can be referenced any number of
// times, so the text is checked against limit as it grows.
func sheetText(out *strings.Builder, b []byte, strs []string, limit int64) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	var (
		cellType string
		inV      bool
		inT      int
		inF      bool // a formula: its text beside the value (sec14)
		inHF     bool // a printed header or footer
		inDV     int  // a data validation: its list and messages (sec16)
		val      strings.Builder
		formula  strings.Builder
		first    = true
	)
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
			switch t.Name.Local {
			case "row":
				first = true
			case "c":
				cellType = ""
				for _, at := range t.Attr {
					if at.Name.Local == "t" {
						cellType = at.Value
					}
				}
				val.Reset()
				formula.Reset()
			case "v":
				inV = true
			case "t":
				inT++
			case "f":
				inF = true
			case "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter":
				inHF = true
			case "dataValidation":
				inDV++
				attrText(out, t.Attr)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				out.WriteByte('\n')
			case "v":
				inV = false
			case "t":
				inT--
			case "f":
				inF = false
			case "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter":
				inHF = false
				out.WriteByte('\n')
			case "dataValidation":
				inDV--
				out.WriteByte('\n')
			case "c":
				v := val.String()
				if cellType == "s" {
					i, err := strconv.Atoi(strings.TrimSpace(v))
					if err != nil || i < 0 || i >= len(strs) {
						return errors.New("shared string index out of range")
					}
					v = strs[i]
				}
				if f := formula.String(); f != "" && f != v {
					// A formula's text is what a program that reads
					// formulas (openpyxl, by default) shows, a cell
					// without a cached value ('="Herr …"') nothing else.
					if v != "" {
						v += "\t"
					}
					v += "=" + f
				}
				if v == "" {
					continue
				}
				if !first {
					out.WriteByte('\t')
				}
				first = false
				out.WriteString(v)
				if int64(out.Len()) > limit {
					return ErrTooLarge
				}
			}
		case xml.CharData:
			switch {
			case inDV > 0: // the x14 form's list too (<xm:f>)
				out.Write(t)
				if int64(out.Len()) > limit {
					return ErrTooLarge
				}
			case inV || inT > 0:
				val.Write(t)
			case inF:
				formula.Write(t)
			case inHF:
				out.Write(t)
				if int64(out.Len()) > limit {
					return ErrTooLarge
				}
			}
		}
	}
}

// odfText writes the text of an OpenDocument content.xml: the character data
// of paragraphs and headings (<text:p>, <text:h>) with <text:s>, <text:tab>
// and <text:line-break> as whitespace, a line break after each paragraph and
// a tab after each table cell. Repeated spaces (<text:s text:c="n"/>) are
// bounded by limit.
//
// Read too (sec16): a sheet's name (table:name, which pandas and
// LibreOffice show), a cell's value where it differs from its shown text
// (office:value of a number, office:date-value: pandas reads the value,
// and a number formatted "8,61E+10" or a date shown "12.03.61" holds the
// whole value only there; a cell may have no text at all) and a drawing's
// title and description (svg:title, svg:desc: its alternative text).
// Before, a Steuer-ID as a number cell and a name as a sheet's name went
// out unread.
func odfText(out *strings.Builder, b []byte, limit int64) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	inPara := 0
	type cell struct {
		value string
		start int
	}
	var cells []cell // open table cells (a cell may hold a table)
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
			switch t.Name.Local {
			case "p", "h", "title", "desc":
				inPara++
			case "table":
				for _, at := range t.Attr {
					if at.Name.Local == "name" && at.Name.Space != "" {
						out.WriteString(at.Value)
						out.WriteByte('\n')
					}
				}
			case "textarea", "text", "formatted-text", "combobox", "listbox", "value-range", "checkbox", "button", "fixed-text":
				// A form control's value, filled in on screen (sec16).
				if strings.Contains(t.Name.Space, "form") {
					for _, at := range t.Attr {
						switch at.Name.Local {
						case "current-value", "value", "label":
							out.WriteString(at.Value)
							out.WriteByte('\n')
						}
					}
				}
			case "table-cell", "covered-table-cell":
				c := cell{start: out.Len()}
				for _, at := range t.Attr {
					switch at.Name.Local {
					case "value", "date-value", "time-value", "string-value":
						c.value = at.Value
					}
				}
				cells = append(cells, c)
			case "s":
				n := 1
				for _, at := range t.Attr {
					if at.Name.Local == "c" {
						if v, err := strconv.Atoi(at.Value); err == nil && v > 1 {
							n = v
						}
					}
				}
				if int64(out.Len()+n) > limit {
					return ErrTooLarge
				}
				out.WriteString(strings.Repeat(" ", n))
			case "tab":
				out.WriteByte('\t')
			case "line-break":
				out.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p", "h", "title", "desc":
				inPara--
				out.WriteByte('\n')
			case "table-cell", "covered-table-cell":
				if n := len(cells); n > 0 {
					c := cells[n-1]
					cells = cells[:n-1]
					// Compared with a cell's text of up to 4 KiB only (a
					// hostile file's nested cells would be read anew at
					// every level); a longer one gets its value beside.
					if shown := out.String()[c.start:]; c.value != "" && (len(shown) > 4096 || !strings.Contains(shown, c.value)) {
						out.WriteString(c.value)
					}
				}
				if int64(out.Len()) > limit {
					return ErrTooLarge
				}
				out.WriteByte('\t')
			}
		case xml.CharData:
			if inPara > 0 {
				out.Write(t)
			}
		}
	}
}
