package extract

import (
	"strings"
	"testing"
)

// TestPartsNamedByRelationshipsInspected: a part that a relationship names
// as text of the document (its main document, a sheet, a slide, a header)
// is read whatever its name: one named like the parts that hold no text
// ("word/styles.xml", "…/theme/…", "docProps/…"), or without ".xml"
// (OPC's part names need no extension; [Content_Types].xml gives the
// type), beside a clean decoy at the usual name, which Word, python-docx
// and openpyxl pass over as the relationships do. Before, schleuse read
// the decoy and skipped the part by its name, and the name and the IBAN
// went out. A plain document with styles, settings, a theme and an image
// reads as before.
func TestPartsNamedByRelationshipsInspected(t *testing.T) {
	const secret = "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"
	const relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	w := func(s string) string {
		return `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:body></w:document>`
	}
	rels := func(typ, target string) string {
		return `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + relNS + typ + `" Target="` + target + `"/></Relationships>`
	}
	sheet := `<worksheet><sheetData><row><c t="inlineStr"><is><t>` + secret + `</t></is></c></row></sheetData></worksheet>`
	for name, files := range map[string]map[string]string{
		"docx main part named styles.xml": {"word/document.xml": w("Sehr geehrte Damen und Herren"), "word/styles.xml": w(secret),
			"_rels/.rels": rels("officeDocument", "word/styles.xml")},
		"docx main part without .xml": {"word/document.xml": w("Sehr geehrte Damen und Herren"), "word/main": w(secret),
			"_rels/.rels": rels("officeDocument", "/word/main")},
		"docx header under docProps": {"word/document.xml": w("Sehr geehrte Damen und Herren"), "docProps/kopf.xml": `<w:hdr ` + wNS + `><w:p><w:r><w:t>` + secret + `</w:t></w:r></w:p></w:hdr>`,
			"word/_rels/document.xml.rels": rels("header", "../docProps/kopf.xml")},
		"xlsx sheet outside xl/": {"xl/workbook.xml": `<workbook/>`, "daten/blatt.xml": sheet,
			"xl/_rels/workbook.xml.rels": rels("worksheet", "../daten/blatt.xml")},
		"pptx slide under theme/": {"ppt/presentation.xml": `<p:presentation ` + aNS + `/>`, "ppt/theme/folie.xml": `<p:sld ` + aNS + `><a:p><a:r><a:t>` + secret + `</a:t></a:r></a:p></p:sld>`,
			"ppt/_rels/presentation.xml.rels": rels("slide", "theme/folie.xml")},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Text("datei", "", zipFile(t, files), 0)
			if err != nil || !strings.Contains(got, secret) {
				t.Fatalf("%q, %v", got, err)
			}
		})
	}
	t.Run("a plain docx", func(t *testing.T) {
		files := map[string]string{
			"word/document.xml": w("Sehr geehrte Damen und Herren"),
			"word/styles.xml":   `<w:styles ` + wNS + `><w:style w:styleId="Titel"><w:name w:val="Title"/></w:style></w:styles>`,
			"word/settings.xml": `<w:settings ` + wNS + `/>`, "word/theme/theme1.xml": `<a:theme ` + aNS + `/>`,
			"word/media/image1.png": "\x89PNG\r\n\x1a\nnot xml", "docProps/core.xml": `<cp:coreProperties><dc:creator>Sachbearbeiterin Müller</dc:creator></cp:coreProperties>`,
			"_rels/.rels": rels("officeDocument", "word/document.xml"),
			"word/_rels/document.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rId1" Type="` + relNS + `styles" Target="styles.xml"/><Relationship Id="rId2" Type="` + relNS + `settings" Target="settings.xml"/>` +
				`<Relationship Id="rId3" Type="` + relNS + `theme" Target="theme/theme1.xml"/><Relationship Id="rId4" Type="` + relNS + `image" Target="media/image1.png"/>` +
				`<Relationship Id="rId5" Type="` + relNS + `hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>`,
		}
		got, err := Text("brief.docx", "", zipFile(t, files), 0)
		if err != nil || strings.TrimSpace(got) != "Sehr geehrte Damen und Herren" {
			t.Fatalf("%q, %v", got, err)
		}
	})
}

// FuzzRelationships: a relationships part never panics the reader, and
// what it reads of a Target is the attribute as it stands.
func FuzzRelationships(f *testing.F) {
	for _, s := range []string{
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/styles.xml"/></Relationships>`,
		`<Relationships><Relationship Type="x/header" Target="../docProps/kopf.xml"/><Relationship Type="x/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>`,
		`<Relationships><Relationship Target="/word/main#frag"/>`, "", "<",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rels, err := relationships(b)
		if err != nil {
			return
		}
		for _, r := range rels {
			if r.target != "" && !strings.Contains(string(b), "Target") {
				t.Fatalf("%q: a target %q from nowhere", b, r.target)
			}
		}
	})
}

// TestAltChunkXHTMLBehindPadding: an alternative format chunk in XHTML is
// read as HTML whatever stands before its root element (an XML
// declaration, a comment of any length, a doctype): chunkText asks the
// first element's name. Before, it looked for "<html" in the first 512
// bytes after a declaration, or 4 KiB without one, and read a chunk padded
// longer as an Office part (whose w:t it has none of): the name and the
// IBAN went out. An Office XML part stays one.
func TestAltChunkXHTMLBehindPadding(t *testing.T) {
	const secret = "Herr Jürgen Kowalski, IBAN DE89 3704 0044 0532 0130 00"
	pad := "<!-- " + strings.Repeat("x", 5000) + " -->\n"
	docx := func(chunk string) []byte {
		return zipFile(t, map[string]string{
			"word/document.xml":            `<w:document ` + wNS + `><w:body><w:p><w:r><w:t>Sehr geehrte Damen und Herren</w:t></w:r></w:p><w:altChunk r:id="rId9"/></w:body></w:document>`,
			"word/_rels/document.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="chunk.xml"/></Relationships>`,
			"word/chunk.xml":               chunk,
		})
	}
	for name, chunk := range map[string]string{
		"declaration and a long comment": `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + pad + `<html xmlns="http://www.w3.org/1999/xhtml"><body><p>` + secret + `</p></body></html>`,
		"a long comment alone":           pad + `<html xmlns="http://www.w3.org/1999/xhtml"><body><p>` + secret + `</p></body></html>`,
		"a doctype after the comment":    pad + `<!DOCTYPE html><html><body><p>` + secret + `</p></body></html>`,
	} {
		got, err := Text("brief.docx", "", docx(chunk), 0)
		if err != nil || !strings.Contains(got, secret) {
			t.Errorf("%s: %q, %v", name, got, err)
		}
	}
	// An Office part with a long comment before its root stays one.
	got, err := Text("brief.docx", "", docx(`<?xml version="1.0"?>`+pad+`<w:hdr `+wNS+`><w:p><w:r><w:t>Kopfzeile</w:t></w:r></w:p></w:hdr>`), 0)
	if err != nil || !strings.Contains(got, "Kopfzeile") {
		t.Errorf("an Office part: %q, %v", got, err)
	}
}
