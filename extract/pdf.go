package extract

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfcpu keeps a configuration directory on disk unless told not to; the
// proxy must not write there.
var pdfInit sync.Once

// maxPDFPages bounds the pages read (a hostile /Count).
const maxPDFPages = 20000

// errNoText marks a PDF whose text cannot be read: fonts without a usable
// encoding, or pages without any text (scans).
var errNoText = errors.New("pdf text not decodable")

// pdfText reads the page content streams with pdfcpu and decodes their text
// operators (Tj, TJ, ', ") through the fonts' ToUnicode CMaps, or
// WinAnsiEncoding for simple fonts without one.
func pdfText(data []byte, max int64, depth int) (text string, err error) {
	pdfInit.Do(api.DisableConfigDir)
	defer func() {
		if r := recover(); r != nil { // pdfcpu on hostile input
			text, err = "", corrupt("pdf", fmt.Errorf("panic: %v", r))
		}
	}()

	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.Limits.MaxStreamBytes = max
	conf.Limits.MaxDecodeBytes = max
	// Read without validation: pdfcpu's validation "repairs" objects it
	// dislikes, e.g. replaces a font by null, which would hide text.
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err == nil {
		err = ctx.EnsurePageCount()
	}
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) || errors.Is(err, pdfcpu.ErrEncrypted) ||
			errors.Is(err, pdfcpu.ErrOwnerPasswordRequired) {
			return "", fail("pdf", ErrEncrypted)
		}
		return "", corrupt("pdf", err)
	}

	if ctx.PageCount > maxPDFPages {
		return "", fail("pdf", ErrTooLarge)
	}
	x := &pdfExtractor{ctx: ctx, max: max, fonts: make(map[types.IndirectRef]*pdfFont), depth: depth}
	if root, err := ctx.Catalog(); err == nil {
		x.dr = x.subDict(x.subDict(root, "AcroForm"), "DR")
	}
	for page := 1; page <= ctx.PageCount; page++ {
		if err := x.page(page); err != nil {
			if errors.Is(err, ErrTooLarge) {
				return "", fail("pdf", ErrTooLarge)
			}
			if errors.Is(err, errNoText) {
				return "", &formatError{format: "pdf", kind: ErrUnsupported, cause: err}
			}
			return "", corrupt("pdf", fmt.Errorf("page %d: %w", page, err))
		}
	}
	if x.shown == 0 && ctx.PageCount > 0 {
		// Only images: a scan. Its text cannot be inspected.
		return "", &formatError{format: "pdf without text", kind: ErrUnsupported, cause: errNoText}
	}
	if err := x.formFields(); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return "", fail("pdf", ErrTooLarge)
		}
		if errors.Is(err, errNoText) {
			return "", &formatError{format: "pdf", kind: ErrUnsupported, cause: err}
		}
		return "", corrupt("pdf", fmt.Errorf("form fields: %w", err))
	}
	if err := x.outlines(); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return "", fail("pdf", ErrTooLarge)
		}
		return "", corrupt("pdf", fmt.Errorf("outlines: %w", err))
	}
	if len(x.actual) > 0 {
		t := x.actualText()
		x.out.WriteString("\n\f\n")
		x.out.WriteString(t)
		if int64(x.out.Len()) > x.max {
			return "", fail("pdf", ErrTooLarge)
		}
	}
	if err := x.xfa(); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return "", fail("pdf", ErrTooLarge)
		}
		return "", corrupt("pdf", fmt.Errorf("xfa: %w", err))
	}
	if err := x.metadata(); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return "", fail("pdf", ErrTooLarge)
		}
		return "", corrupt("pdf", fmt.Errorf("metadata: %w", err))
	}
	if err := x.attachments(); err != nil {
		return "", err
	}
	return x.out.String(), nil
}

// outlines writes the titles of the document's bookmarks (/Outlines), which
// a viewer shows beside the pages; before (sec16), a name and a Steuer-ID
// there went out unread.
func (x *pdfExtractor) outlines() error {
	root, err := x.ctx.Catalog()
	if err != nil || root == nil {
		return nil
	}
	top := x.subDict(root, "Outlines")
	if top == nil {
		return nil
	}
	seen := map[types.IndirectRef]bool{}
	n := 0
	var walk func(o types.Object, depth int) error
	walk = func(o types.Object, depth int) error {
		for o != nil {
			if ref, ok := o.(types.IndirectRef); ok {
				if seen[ref] {
					return nil // a loop
				}
				seen[ref] = true
			}
			if n++; n > maxAnnots || depth > maxFormDepth {
				return ErrTooLarge
			}
			d, err := x.ctx.DereferenceDict(o)
			if err != nil || d == nil {
				return nil
			}
			if err := x.text(d, "Title"); err != nil {
				return err
			}
			if first, ok := d.Find("First"); ok {
				if err := walk(first, depth+1); err != nil {
					return err
				}
			}
			o, _ = d.Find("Next")
		}
		return nil
	}
	first, _ := top.Find("First")
	return walk(first, 0)
}

// attachments reads the files embedded in the document (/EmbeddedFiles in
// the name dictionary, a file attachment annotation's /FS) as uploads of
// their own: a viewer lists them, and a service's code tool extracts them
// when asked. Before (sec16), "akte.txt" attached to a clean page went out
// unread. A file that cannot be read refuses the document (fail closed);
// an e-invoice's XML (ZUGFeRD, XRechnung) is text and read.
func (x *pdfExtractor) attachments() error {
	var specs []types.Object
	if root, err := x.ctx.Catalog(); err == nil && root != nil {
		if ef := x.subDict(x.subDict(root, "Names"), "EmbeddedFiles"); ef != nil {
			n := 0
			var walk func(d types.Dict, depth int) error
			walk = func(d types.Dict, depth int) error {
				if depth > maxFormDepth {
					return fail("pdf", ErrTooLarge)
				}
				if o, ok := d.Find("Names"); ok {
					if arr, err := x.ctx.DereferenceArray(o); err == nil {
						for i := 1; i < len(arr); i += 2 {
							if n++; n > maxAnnots {
								return fail("pdf", ErrTooLarge)
							}
							specs = append(specs, arr[i])
							// The tree's key, the name some readers
							// list the file under.
							if err := x.textOf(arr[i-1]); err != nil {
								return fail("pdf", err)
							}
						}
					}
				}
				if o, ok := d.Find("Kids"); ok {
					if arr, err := x.ctx.DereferenceArray(o); err == nil {
						for _, k := range arr {
							if kd, err := x.ctx.DereferenceDict(k); err == nil && kd != nil {
								if err := walk(kd, depth+1); err != nil {
									return err
								}
							}
						}
					}
				}
				return nil
			}
			if err := walk(ef, 0); err != nil {
				return err
			}
		}
	}
	specs = append(specs, x.fileSpecs...)
	seen, readFiles := map[types.IndirectRef]bool{}, map[types.IndirectRef]bool{}
	for _, spec := range specs {
		if ref, ok := spec.(types.IndirectRef); ok {
			if seen[ref] {
				continue
			}
			seen[ref] = true
		}
		fs, err := x.ctx.DereferenceDict(spec)
		if err != nil || fs == nil {
			continue
		}
		ef := x.subDict(fs, "EF")
		if ef == nil {
			continue // a file by reference, not in the document
		}
		// Its names and description, each as viewers list it (pdf.js
		// the /UF, pypdf the /F, a tooltip the /Desc), also by reference;
		// before, only the first of /UF and /F, and not by reference.
		name := ""
		for _, k := range []string{"UF", "F", "Desc"} {
			o, ok := fs.Find(k)
			if !ok {
				continue
			}
			if r, err := x.ctx.Dereference(o); err == nil && r != nil {
				o = r
			}
			if t, err := model.Text(o); err == nil {
				if name == "" && k != "Desc" {
					name = t
				}
				if err := x.textOf(o); err != nil {
					return fail("pdf", err)
				}
			}
		}
		// Each of the keys: readers pick different ones (pdf.js prefers
		// /UF, then /F and the platforms'; pypdf takes /F), so a file
		// under one of them that differs from the others is read too;
		// before, only the first of /F and /UF was.
		for _, k := range []string{"F", "UF", "DOS", "Mac", "Unix"} {
			o, ok := ef.Find(k)
			if !ok {
				continue
			}
			if ref, ok := o.(types.IndirectRef); ok {
				if readFiles[ref] {
					continue
				}
				readFiles[ref] = true
			}
			sd, _, err := x.ctx.DereferenceStreamDict(o)
			if err != nil || sd == nil {
				return corrupt("pdf", fmt.Errorf("embedded file: %w", err))
			}
			if err := sd.DecodeWithLimit(x.max); err != nil {
				return corrupt("pdf", fmt.Errorf("embedded file: %w", err))
			}
			if x.depth >= maxNesting {
				return fail("nested pdf attachment", ErrUnsupported)
			}
			t, err := textAt(name, "", sd.Content, x.max, x.depth+1)
			if err != nil {
				return err
			}
			x.out.WriteString(t)
			x.out.WriteByte('\n')
			if int64(x.out.Len()) > x.max {
				return fail("pdf", ErrTooLarge)
			}
		}
	}
	return nil
}

// textOf writes the text string o (by reference too) on a line of its
// own; anything else (a name, a number) is passed over.
func (x *pdfExtractor) textOf(o types.Object) error {
	if r, err := x.ctx.Dereference(o); err == nil && r != nil {
		o = r
	}
	t, err := model.Text(o)
	if err != nil || t == "" {
		return nil
	}
	x.out.WriteString(t)
	x.out.WriteByte('\n')
	if int64(x.out.Len()) > x.max {
		return ErrTooLarge
	}
	return nil
}

// maxAnnots bounds the annotations read per page and the form fields read
// per document (a hostile file's arrays).
const maxAnnots = 10000

// annotations writes what a page's annotations carry beside its content: a
// comment's or a free-text box's text (/Contents) and what an annotation
// shows (its normal appearance stream: the value typed into a form field,
// a stamp). A filled-in form that is not flattened holds its values only
// there, and a service that renders the page shows them to the model. They
// do not count as the page's text (shown): a scan with a form field is
// still a scan.
func (x *pdfExtractor) annotations(page, res types.Dict) error {
	o, ok := page.Find("Annots")
	if !ok {
		return nil
	}
	arr, err := x.ctx.DereferenceArray(o)
	if err != nil {
		return err
	}
	shown := x.shown
	defer func() { x.shown = shown }()
	for i, a := range arr {
		if i >= maxAnnots {
			return ErrTooLarge
		}
		ad, err := x.ctx.DereferenceDict(a)
		if err != nil || ad == nil {
			continue
		}
		// A comment's text, its subject and its rich text (/RC, the
		// XHTML form viewers show, which may differ from /Contents;
		// read as written, sec17).
		for _, k := range []string{"Contents", "Subj", "RC"} {
			if err := x.text(ad, k); err != nil {
				return err
			}
		}
		if fs, ok := ad.Find("FS"); ok && len(x.fileSpecs) < maxAnnots {
			x.fileSpecs = append(x.fileSpecs, fs) // a file attachment's
		}
		ap := x.subDict(ad, "AP")
		if ap == nil {
			continue
		}
		n, ok := ap.Find("N")
		if !ok {
			continue
		}
		// One appearance, or one per state (a check box's on and off).
		streams := []types.Object{n}
		if d, err := x.ctx.DereferenceDict(n); err == nil && d != nil {
			streams = streams[:0]
			for _, s := range d {
				streams = append(streams, s)
			}
		}
		for _, st := range streams {
			if err := x.appearance(st, res); err != nil {
				return err
			}
		}
	}
	return nil
}

// appearance runs one appearance stream (a form XObject) of an annotation.
func (x *pdfExtractor) appearance(o types.Object, res types.Dict) error {
	sd, _, err := x.ctx.DereferenceStreamDict(o)
	if err != nil || sd == nil {
		return nil
	}
	if err := sd.DecodeWithLimit(x.max); err != nil {
		return err
	}
	if r := x.subDict(sd.Dict, "Resources"); r != nil {
		res = r
	}
	x.inAP = true
	err = x.run(sd.Content, res, 1)
	x.inAP = false
	if err != nil {
		return err
	}
	x.out.WriteByte('\n')
	return nil
}

// formFields writes the values of the document's form fields (/AcroForm
// /Fields, their kids too): a field's value stands in /V whether or not a
// widget on a page shows it.
func (x *pdfExtractor) formFields() error {
	root, err := x.ctx.Catalog()
	if err != nil || root == nil {
		return nil
	}
	af := x.subDict(root, "AcroForm")
	if af == nil {
		return nil
	}
	o, ok := af.Find("Fields")
	if !ok {
		return nil
	}
	n := 0
	var walk func(o types.Object, depth int) error
	walk = func(o types.Object, depth int) error {
		if n++; n > maxAnnots || depth > maxFormDepth {
			return ErrTooLarge
		}
		d, err := x.ctx.DereferenceDict(o)
		if err != nil || d == nil {
			return nil
		}
		// The value, and (sec17) what a viewer and pypdf's get_fields
		// show beside it: the default value (/DV), the choices of a
		// list or a combo box (/Opt: strings, or pairs of an export
		// value and the text shown), the tooltip (/TU), the names
		// (/T, /TM). Before, a Steuer-ID among the choices went out
		// unread.
		for _, k := range []string{"T", "TU", "TM", "V", "DV", "Opt"} {
			if err := x.text(d, k); err != nil {
				return err
			}
		}
		if k, ok := d.Find("Kids"); ok {
			kids, err := x.ctx.DereferenceArray(k)
			if err != nil {
				return err
			}
			for _, kid := range kids {
				if err := walk(kid, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	fields, err := x.ctx.DereferenceArray(o)
	if err != nil {
		return err
	}
	for _, f := range fields {
		if err := walk(f, 0); err != nil {
			return err
		}
	}
	return nil
}

// text writes the text string d[key] (or the strings of an array there:
// a list box's choices, also as pairs of an export value and the text
// shown) on a line of its own.
func (x *pdfExtractor) text(d types.Dict, key string) error {
	o, ok := d.Find(key)
	if !ok {
		return nil
	}
	o, err := x.ctx.Dereference(o)
	if err != nil {
		return nil
	}
	vals := []types.Object{o}
	if arr, ok := o.(types.Array); ok {
		vals = slices.Clone(arr) // pairs are appended: the document's array stays as it is
	}
	for i := 0; i < len(vals); i++ {
		v := vals[i]
		if r, err := x.ctx.Dereference(v); err == nil && r != nil {
			v = r // an element of the array by reference (a list box's choices)
		}
		if pair, ok := v.(types.Array); ok && len(vals) <= maxAnnots && len(pair) <= 2 {
			vals = append(vals, pair...) // an /Opt pair, one level deep
			continue
		}
		s, err := model.Text(v)
		if err != nil {
			continue // a name (a check box's state), a number
		}
		x.out.WriteString(s)
		x.out.WriteByte('\n')
		if int64(x.out.Len()) > x.max {
			return ErrTooLarge
		}
	}
	return nil
}

type pdfExtractor struct {
	ctx   *model.Context
	max   int64
	out   strings.Builder
	fonts map[types.IndirectRef]*pdfFont
	shown int // text-showing operators seen
	// inAP is set while an annotation's appearance runs: a font it does not
	// find in its resources is looked up in the form's default resources
	// (dr, /AcroForm /DR) and else read as a simple WinAnsi font, as a
	// field's Helvetica is.
	inAP bool
	dr   types.Dict
	// fileSpecs are the file specifications of file attachment
	// annotations, read with the embedded files.
	fileSpecs []types.Object
	depth     int // nesting: 0 for an uploaded file
	// actual are the ranges of out that an /ActualText replaces.
	actual []actualSpan
}

func (x *pdfExtractor) page(n int) error {
	d, _, inh, err := x.ctx.PageDict(n, false)
	if err != nil {
		return err
	}
	if inh == nil {
		inh = &model.InheritedPageAttrs{}
	}
	rd, err := pdfcpu.ExtractPageContent(x.ctx, n)
	if err != nil {
		return err
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		return err
	}

	// The page's own resources, else those inherited from the page tree.
	res := inh.Resources
	if o, ok := d.Find("Resources"); ok {
		if r, err := x.ctx.DereferenceDict(o); err == nil && r != nil {
			res = r
		}
	}
	if err := x.run(b, res, 0); err != nil {
		return err
	}
	if err := x.annotations(d, res); err != nil {
		return err
	}
	x.out.WriteString("\n\f\n")
	return nil
}

// markedSpan is an open marked-content sequence: where its content starts
// in the text and its replacement text (set when it has one, also empty).
type markedSpan struct {
	start int
	text  string
	set   bool
}

// actualSpan is a range of the text that a marked-content sequence's
// /ActualText replaces for a text extractor.
type actualSpan struct {
	start, end int
	text       string
}

// replaced records the closed span m's replacement, if it has one.
func (x *pdfExtractor) replaced(m markedSpan) {
	if m.set && len(x.actual) < maxAnnots {
		x.actual = append(x.actual, actualSpan{start: m.start, end: x.out.Len(), text: m.text})
	}
}

// actualText returns the text as an extractor reads it: every range under
// an /ActualText replaced by it (an outer one wins over those inside).
func (x *pdfExtractor) actualText() string {
	spans := slices.Clone(x.actual)
	slices.SortStableFunc(spans, func(a, b actualSpan) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	text := x.out.String()
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		if sp.start < at || sp.end > len(text) {
			continue // inside one replaced already
		}
		b.WriteString(text[at:sp.start])
		b.WriteString(sp.text)
		at = sp.end
	}
	b.WriteString(text[at:])
	return b.String()
}

// hasActualText reports whether an inline property list names /ActualText.
func hasActualText(ops []token) bool {
	for _, t := range ops {
		if t.kind == tokName && t.str == "ActualText" {
			return true
		}
	}
	return false
}

// markedText returns the /ActualText of a marked-content operator's
// property list, given inline (its operands: the lexer flattens the
// dictionary into name, value pairs) or by name in the resources'
// /Properties, and writes its /Alt and /E beside the glyphs.
func (x *pdfExtractor) markedText(ops []token, res types.Dict) (actual string, err error) {
	use := func(key, s string) error {
		if key == "ActualText" {
			actual = s
			return nil
		}
		if s == "" {
			return nil
		}
		x.out.WriteByte(' ')
		x.out.WriteString(s)
		x.out.WriteByte(' ')
		if int64(x.out.Len()) > x.max {
			return ErrTooLarge
		}
		return nil
	}
	for i := 0; i+1 < len(ops); i++ {
		if ops[i].kind == tokName && markedKeys[ops[i].str] && ops[i+1].kind == tokStr {
			if err := use(ops[i].str, pdfString(ops[i+1].bytes)); err != nil {
				return "", err
			}
		}
	}
	if len(ops) >= 1 && ops[len(ops)-1].kind == tokName {
		if d := x.subDict(x.subDict(res, "Properties"), ops[len(ops)-1].str); d != nil {
			for _, k := range []string{"ActualText", "Alt", "E"} {
				if o, ok := d.Find(k); ok {
					// An indirect string as well (viewers resolve it;
					// before, it was passed over).
					if r, err := x.ctx.Dereference(o); err == nil && r != nil {
						o = r
					}
					if t, err := model.Text(o); err == nil {
						if err := use(k, t); err != nil {
							return "", err
						}
					}
				}
			}
		}
	}
	return actual, nil
}

// markedKeys are the keys of a property list that hold text a reader
// shows for the marked content.
var markedKeys = map[string]bool{"ActualText": true, "Alt": true, "E": true}

// pdfString decodes a PDF text string: UTF-16BE behind its byte order mark,
// UTF-8 behind its own (PDF 2.0), else PDFDocEncoding, read as
// Windows-1252 (they agree on letters and digits).
func pdfString(b []byte) string {
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		return strings.ToValidUTF8(string(utf16.Decode(utf16be(b[2:]))), "\uFFFD")
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD")
	}
	return cp1252(b)
}

// font returns the decoder of the font resource name.
func (x *pdfExtractor) font(res types.Dict, name string) *pdfFont {
	o, ok := res.Find(name)
	if !ok {
		return nil
	}
	ref, isRef := o.(types.IndirectRef)
	if isRef {
		if f, ok := x.fonts[ref]; ok {
			return f
		}
	}
	var f *pdfFont // nil: unreadable
	if d, err := x.ctx.DereferenceDict(o); err == nil && d != nil {
		f = x.loadFont(d)
	}
	if isRef {
		x.fonts[ref] = f
	}
	return f
}

func (x *pdfExtractor) loadFont(d types.Dict) *pdfFont {
	f := &pdfFont{}
	if st, ok := d.Find("Subtype"); ok {
		if n, ok := st.(types.Name); ok && n == "Type0" {
			f.composite = true
		}
	}
	if !f.composite {
		if o, ok := d.Find("Encoding"); ok {
			if ed, err := x.ctx.DereferenceDict(o); err == nil && ed != nil {
				if arr, ok := ed.Find("Differences"); ok {
					if a, err := x.ctx.DereferenceArray(arr); err == nil {
						f.diff = differences(a)
					}
				}
			}
		}
	}
	if o, ok := d.Find("ToUnicode"); ok {
		if sd, _, err := x.ctx.DereferenceStreamDict(o); err == nil && sd != nil {
			if err := sd.DecodeWithLimit(x.max); err == nil {
				f.cmap = parseCMap(sd.Content)
			}
		}
	}
	return f
}

// pdfFont decodes the strings shown with one font.
type pdfFont struct {
	composite bool
	cmap      *cmap
	diff      map[byte]string // simple font: /Differences over WinAnsiEncoding
}

// differences reads an encoding's /Differences array: a code followed by
// the glyph names of that code and the next ones.
func differences(a types.Array) map[byte]string {
	m := make(map[byte]string)
	code := -1
	for _, o := range a {
		switch v := o.(type) {
		case types.Integer:
			code = int(v)
		case types.Float:
			code = int(v)
		case types.Name:
			if code >= 0 && code < 256 {
				m[byte(code)] = glyphText(string(v))
				code++
			}
		}
	}
	return m
}

// glyphNames maps the Adobe glyph names of German text and common
// punctuation that are not single letters.
var glyphNames = map[string]string{
	"space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
	"ampersand": "&", "quotesingle": "'", "quoteright": "’", "quoteleft": "‘", "parenleft": "(",
	"parenright": ")", "asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-", "minus": "-",
	"period": ".", "slash": "/", "colon": ":", "semicolon": ";", "less": "<", "equal": "=",
	"greater": ">", "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\",
	"bracketright": "]", "underscore": "_", "braceleft": "{", "bar": "|", "braceright": "}",
	"endash": "–", "emdash": "—", "quotedblleft": "“", "quotedblright": "”", "quotedblbase": "„",
	"quotesinglbase": "‚", "guillemotleft": "«", "guillemotright": "»", "section": "§",
	"euro": "€", "Euro": "€", "degree": "°", "bullet": "•", "ellipsis": "…", "germandbls": "ß",
	"adieresis": "ä", "odieresis": "ö", "udieresis": "ü", "Adieresis": "Ä", "Odieresis": "Ö",
	"Udieresis": "Ü", "eacute": "é", "egrave": "è", "agrave": "à", "ccedilla": "ç",
	"fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl",
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9",
}

// glyphText returns the text of a glyph name: a letter, a known name,
// uniXXXX or uXXXX[XX]; U+FFFD otherwise.
func glyphText(name string) string {
	if len(name) == 1 && (name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return name
	}
	if t, ok := glyphNames[name]; ok {
		return t
	}
	hexRune := func(h string) (string, bool) {
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return "", false
		}
		return string(rune(v)), true
	}
	if h, ok := strings.CutPrefix(name, "uni"); ok && len(h) == 4 {
		if t, ok := hexRune(h); ok {
			return t
		}
	}
	if h, ok := strings.CutPrefix(name, "u"); ok && len(h) >= 4 && len(h) <= 6 {
		if t, ok := hexRune(h); ok {
			return t
		}
	}
	return "\ufffd"
}

// decode appends the text of the shown string s. It reports false when the
// font gives no way to read the string.
// A string shown without a known font cannot be read either.
func (f *pdfFont) decode(out *strings.Builder, s []byte) bool {
	if f == nil {
		return len(s) == 0
	}
	if f.cmap != nil && len(f.cmap.m) > 0 {
		f.cmap.decode(out, s)
		return true
	}
	if f.composite {
		return len(s) == 0
	}
	for _, c := range s { // simple font: WinAnsiEncoding, with /Differences
		if t, ok := f.diff[c]; ok {
			out.WriteString(t)
		} else if c >= 0x20 || c == '\t' {
			out.WriteRune(cp1252Rune(c))
		}
	}
	return true
}

// maxFormDepth bounds nested form XObjects.
const maxFormDepth = 8

// subDict returns the dictionary res[key], or nil.
func (x *pdfExtractor) subDict(res types.Dict, key string) types.Dict {
	if res == nil {
		return nil
	}
	o, ok := res.Find(key)
	if !ok {
		return nil
	}
	d, _ := x.ctx.DereferenceDict(o)
	return d
}

// form runs the content of the form XObject name (text in headers, stamps
// and templates); images and other XObjects are skipped.
func (x *pdfExtractor) form(res types.Dict, name string, depth int) error {
	xo := x.subDict(res, "XObject")
	if xo == nil || depth >= maxFormDepth {
		return nil
	}
	o, ok := xo.Find(name)
	if !ok {
		return nil
	}
	sd, _, err := x.ctx.DereferenceStreamDict(o)
	if err != nil || sd == nil {
		return nil
	}
	if st, ok := sd.Dict.Find("Subtype"); !ok || st != types.Name("Form") {
		return nil
	}
	if err := sd.DecodeWithLimit(x.max); err != nil {
		return err
	}
	formRes := res
	if r := x.subDict(sd.Dict, "Resources"); r != nil {
		formRes = r
	}
	return x.run(sd.Content, formRes, depth+1)
}

// run interprets one content stream.
func (x *pdfExtractor) run(b []byte, res types.Dict, depth int) error {
	fontRes := x.subDict(res, "Font")
	lx := lexer{b: b}
	var (
		ops   []token
		font  *pdfFont
		lastY float64
	)
	sep := func(c byte) {
		s := x.out.String()
		if len(s) > 0 && s[len(s)-1] != ' ' && s[len(s)-1] != '\n' {
			x.out.WriteByte(c)
		}
	}
	var marked []markedSpan // open marked content (BMC, BDC … EMC)
	defer func() {
		for i := len(marked) - 1; i >= 0; i-- { // left open at the stream's end
			x.replaced(marked[i])
		}
	}()
	show := func(s []byte) error {
		x.shown++
		if !font.decode(&x.out, s) {
			return errNoText
		}
		if int64(x.out.Len()) > x.max {
			return ErrTooLarge
		}
		return nil
	}
	for {
		t, ok := lx.next()
		if !ok {
			return nil
		}
		if t.kind != tokOp {
			if len(ops) < 64 {
				ops = append(ops, t)
			}
			continue
		}
		num := func(i int) float64 { // operand i from the end
			if i <= len(ops) && ops[len(ops)-i].kind == tokNum {
				return ops[len(ops)-i].num
			}
			return 0
		}
		var err error
		switch t.str {
		case "Tf":
			if len(ops) >= 2 && ops[len(ops)-2].kind == tokName {
				font = x.font(fontRes, ops[len(ops)-2].str)
				if font == nil && x.inAP {
					if font = x.font(x.subDict(x.dr, "Font"), ops[len(ops)-2].str); font == nil {
						font = &pdfFont{}
					}
				}
			}
		case "Tj":
			if len(ops) >= 1 && ops[len(ops)-1].kind == tokStr {
				err = show(ops[len(ops)-1].bytes)
			}
		case "'", "\"":
			sep('\n')
			if len(ops) >= 1 && ops[len(ops)-1].kind == tokStr {
				err = show(ops[len(ops)-1].bytes)
			}
		case "TJ":
			if len(ops) >= 1 && ops[len(ops)-1].kind == tokArray {
				for _, el := range ops[len(ops)-1].arr {
					switch {
					case el.kind == tokStr:
						err = show(el.bytes)
					case el.kind == tokNum && el.num < -200:
						sep(' ')
					}
					if err != nil {
						break
					}
				}
			}
		case "Td", "TD":
			if num(1) != 0 {
				sep('\n')
			} else if num(2) != 0 {
				sep(' ')
			}
		case "Tm":
			if y := num(1); y != lastY {
				lastY = y
				sep('\n')
			} else {
				sep(' ')
			}
		case "T*", "BT":
			sep('\n')
		case "BI":
			lx.skipInlineImage()
		case "BMC":
			marked = append(marked, markedSpan{start: x.out.Len()})
		case "BDC":
			// Marked content's replacement text (/ActualText): text
			// extractors (pdftotext, PyMuPDF, pdf.js) give the model it
			// instead of the glyphs, which may show "XXXXXXXXXXX";
			// before (sec16), a Steuer-ID there went out unread. The
			// document is read a second time so (actualText). An
			// alternate description (/Alt) and an expansion (/E) are
			// read beside the glyphs.
			var actual string
			actual, err = x.markedText(ops, res)
			marked = append(marked, markedSpan{start: x.out.Len(), text: actual, set: actual != "" || hasActualText(ops)})
		case "EMC":
			if n := len(marked); n > 0 {
				x.replaced(marked[n-1])
				marked = marked[:n-1]
			}
		case "Do":
			if len(ops) >= 1 && ops[len(ops)-1].kind == tokName {
				err = x.form(res, ops[len(ops)-1].str, depth)
			}
		}
		if err != nil {
			return err
		}
		ops = ops[:0]
	}
}

// metadata writes a PDF's document information (/Info) and its XMP
// metadata stream (/Metadata of the catalog), as viewers show them in the
// document's properties, pypdf's metadata gives them to a code tool and a
// file search indexes the title (sec17): the title, subject, keywords,
// creator and producer and any key of the document's own. The dates are
// passed over, and the author, who names the member of staff on every
// file they write, is read only with a long number in it (authorWords),
// as in Office files. Before, a Steuer-ID in the title went out unread.
func (x *pdfExtractor) metadata() error {
	if ref := x.ctx.Info; ref != nil {
		// An /Info that is no dictionary (a stream, a string, an array)
		// holds what a reader may show that is not read here: refused.
		// A reference to no object is the null object, nothing to read.
		d, err := x.ctx.DereferenceDict(*ref)
		if err != nil {
			return fmt.Errorf("info: %w", err)
		}
		if d != nil {
			keys := make([]string, 0, len(d))
			for k := range d {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				o, err := x.ctx.Dereference(d[k])
				if err != nil || o == nil {
					continue
				}
				t, err := model.Text(o)
				if err != nil {
					continue // a name (/Trapped), a number
				}
				writeMeta(&x.out, t, k == "Author")
			}
		}
	}
	root, err := x.ctx.Catalog()
	if err != nil || root == nil {
		return nil
	}
	o, ok := root.Find("Metadata")
	if !ok {
		return nil
	}
	// /Metadata that is no stream (a dictionary, a string) is refused as
	// an /Info that is no dictionary is; a reference to no object is null.
	sd, _, err := x.ctx.DereferenceStreamDict(o)
	if err != nil {
		return fmt.Errorf("xmp: %w", err)
	}
	if sd == nil {
		return nil
	}
	if err := sd.DecodeWithLimit(x.max); err != nil {
		return err
	}
	if err := metaText(&x.out, sd.Content); err != nil {
		// XMP that does not parse: read as it stands, as a code tool
		// that opens the stream shows it.
		t, err := plainText(sd.Content)
		if err != nil {
			t = cp1252(sd.Content)
		}
		x.out.WriteString(t)
		x.out.WriteByte('\n')
	}
	if int64(x.out.Len()) > x.max {
		return ErrTooLarge
	}
	return nil
}

// xfa writes the character data of an XFA form (/AcroForm /XFA: one XDP
// stream, or an array of packet names and streams): the datasets packet
// holds what was filled in, the template the form's text. Adobe Reader
// shows a dynamic XFA form from them alone, whose pages hold only "Bitte
// warten …", and pypdf gives them to a code tool (sec17). Before, a filled
// form's name and IBAN there went out unread. Scripts are passed over.
func (x *pdfExtractor) xfa() error {
	root, err := x.ctx.Catalog()
	if err != nil || root == nil {
		return nil
	}
	af := x.subDict(root, "AcroForm")
	if af == nil {
		return nil
	}
	o, ok := af.Find("XFA")
	if !ok {
		return nil
	}
	o, err = x.ctx.Dereference(o)
	if err != nil {
		return err
	}
	if o == nil {
		return nil
	}
	streams := []types.Object{o}
	if arr, ok := o.(types.Array); ok {
		streams = streams[:0]
		for i := 1; i < len(arr) && i < 2*maxAnnots; i += 2 {
			streams = append(streams, arr[i])
		}
	}
	for _, st := range streams {
		// A packet that is no stream (a string, a dictionary) is
		// refused, as /Metadata that is no stream is.
		sd, _, err := x.ctx.DereferenceStreamDict(st)
		if err != nil {
			return err
		}
		if sd == nil {
			continue
		}
		if err := sd.DecodeWithLimit(x.max); err != nil {
			return err
		}
		if err := xfaText(&x.out, sd.Content); err != nil {
			// A packet alone is a fragment of the XDP, which may not
			// parse: read as it stands.
			t, err := plainText(sd.Content)
			if err != nil {
				t = cp1252(sd.Content)
			}
			x.out.WriteString(t)
		}
		x.out.WriteByte('\n')
		if int64(x.out.Len()) > x.max {
			return ErrTooLarge
		}
	}
	return nil
}

// xfaText writes the character data of an XFA packet, each on a line of
// its own, but for scripts.
func xfaText(out *strings.Builder, b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	script := 0
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
			if t.Name.Local == "script" {
				script++
			}
		case xml.EndElement:
			if t.Name.Local == "script" && script > 0 {
				script--
			}
		case xml.CharData:
			if script == 0 {
				if v := strings.TrimSpace(string(t)); v != "" {
					out.WriteString(v)
					out.WriteByte('\n')
				}
			}
		}
	}
}
