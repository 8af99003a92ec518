package extract

import (
	"html"
	"strings"
)

// htmlBlocks are the elements that end a line of text where they start or
// end; every other tag (span, b, a, font …) joins the text around it, as a
// browser and a model reading the page join "Ko<span>wal</span>ski".
var htmlBlocks = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true, "dd": true, "div": true,
	"dl": true, "dt": true, "fieldset": true, "figcaption": true, "figure": true, "footer": true, "form": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true, "hr": true,
	"li": true, "main": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true, "table": true,
	"tbody": true, "td": true, "tfoot": true, "th": true, "thead": true, "title": true, "tr": true, "ul": true,
}

// looksLikeHTML reports whether text is an HTML document or fragment: it
// starts (after white space) with a doctype, a comment or a tag, or it
// holds an <html>, <body> or <p> tag near its start.
func looksLikeHTML(text string) bool {
	head := strings.ToLower(text[:min(len(text), 1024)])
	t := strings.TrimLeft(head, " \t\r\n\ufeff")
	if strings.HasPrefix(t, "<!doctype html") || strings.HasPrefix(t, "<html") || strings.HasPrefix(t, "<!--") {
		return true
	}
	return strings.Contains(head, "<html") || strings.Contains(head, "<body") ||
		strings.HasPrefix(t, "<") && (strings.Contains(head, "<p>") || strings.Contains(head, "<div") || strings.Contains(head, "<span"))
}

// htmlText is the text of an HTML document as it reads on the page: tags,
// comments and the declarations left out, a block element a line break, a
// cell a tab, the character references decoded (html.UnescapeString). A
// tag is "<" followed by a letter, "/", "!" or "?", up to the ">" outside
// quoted attribute values; a "<" that starts none stays as text. Written
// by hand with the standard library: the package is a leaf (DESIGN.md).
func htmlText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			b.WriteString(html.UnescapeString(s[i:]))
			break
		}
		b.WriteString(html.UnescapeString(s[i : i+j]))
		i += j
		end, name, closing := tagEnd(s, i)
		if end < 0 {
			b.WriteByte('<')
			i++
			continue
		}
		switch {
		case name == "td" || name == "th":
			if !closing {
				b.WriteByte('\t')
			}
		case htmlBlocks[name]:
			b.WriteByte('\n')
		}
		i = end
	}
	return b.String()
}

// tagEnd returns the end (after ">") of the tag, comment or declaration
// starting at s[i] == '<', the tag's lower-case name ("" for a comment or
// declaration) and whether it is an end tag; -1 when none starts there or
// it does not end.
func tagEnd(s string, i int) (end int, name string, closing bool) {
	if i+1 >= len(s) {
		return -1, "", false
	}
	c := s[i+1]
	switch {
	case strings.HasPrefix(s[i:], "<!--"):
		k := strings.Index(s[i+4:], "-->")
		if k < 0 {
			return -1, "", false
		}
		return i + 4 + k + 3, "", false
	case c == '!' || c == '?':
		k := strings.IndexByte(s[i:], '>')
		if k < 0 {
			return -1, "", false
		}
		return i + k + 1, "", false
	case c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
	default:
		return -1, "", false
	}
	n := i + 1
	if c == '/' {
		n++
	}
	k := n
	for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || s[k] >= '0' && s[k] <= '9') {
		k++
	}
	if k == n {
		return -1, "", false
	}
	name = strings.ToLower(s[n:k])
	var quote byte
	for ; k < len(s); k++ {
		switch ch := s[k]; {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '>':
			return k + 1, name, c == '/'
		}
	}
	return -1, "", false
}

// withHTMLText is text, and when text is HTML its reading as a page
// (htmlText) after it: a value that tags split ("Ko<span>wal</span>ski",
// "DE89 3704<b></b> 0044 …") is one value on the page and to a model, and
// was none in the markup. Both are read, so nothing either shows is lost.
func withHTMLText(text string) string {
	if !looksLikeHTML(text) {
		return text
	}
	page := htmlText(text)
	if page == text {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 2 + len(page))
	b.WriteString(text)
	b.WriteString("\n\n")
	b.WriteString(page)
	return b.String()
}
