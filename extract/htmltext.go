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
//
// rendered leaves out, besides, what a browser does not show: the content
// of script, style and template elements and of an element marked hidden
// (the hidden attribute, a style with display:none or visibility:hidden).
// A value with such an element inside ("05<script>1</script>32",
// "860957<span hidden>1</span>42719") shows whole on the page, and a model
// reading the file reads through the markup as readily; the page reading
// with the hidden text kept made it another value (sec13).
func htmlText(s string, rendered bool) string {
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
		if rendered && !closing && name != "" && !htmlVoid[name] && !strings.HasSuffix(s[i:end], "/>") &&
			(name == "script" || name == "style" || name == "template" || hiddenTag(s[i:end])) {
			end = elementEnd(s, end, name)
		}
		i = end
	}
	return b.String()
}

// htmlVoid are the elements without content or end tag.
var htmlVoid = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// hiddenTag reports a start tag that hides its element: the hidden
// attribute, or a style with display:none or visibility:hidden.
func hiddenTag(tag string) bool {
	t := strings.ToLower(tag)
	for k := 0; ; {
		j := strings.Index(t[k:], "hidden")
		if j < 0 {
			break
		}
		j += k
		if c := t[j-1]; (c == ' ' || c == '\t' || c == '\n' || c == '\r') && j+6 < len(t) && strings.IndexByte(" \t\r\n=/>", t[j+6]) >= 0 {
			return true
		}
		k = j + 6
	}
	t = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, t)
	return strings.Contains(t, "display:none") || strings.Contains(t, "visibility:hidden")
}

// elementEnd returns the end of the element name whose start tag ends at
// i: after its end tag, elements of the same name inside counted; the
// text's end when it has none (a browser hides the rest so). A script's or
// a style's content is text, read up to its end tag.
func elementEnd(s string, i int, name string) int {
	depth := 1
	for i < len(s) {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return len(s)
		}
		i += j
		end, n, closing := tagEnd(s, i)
		if end < 0 {
			i++
			continue
		}
		if n == name && (name != "script" && name != "style" || closing) {
			if closing {
				depth--
			} else if !strings.HasSuffix(s[i:end], "/>") {
				depth++
			}
			if depth == 0 {
				return end
			}
		}
		i = end
	}
	return len(s)
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
// (htmlText) after it, and what the page shows (hidden elements left out)
// after that when it differs: a value that tags split ("Ko<span>wal</span>ski",
// "DE89 3704<b></b> 0044 …") is one value on the page and to a model, and
// was none in the markup. Both are read, so nothing either shows is lost.
func withHTMLText(text string) string {
	if !looksLikeHTML(text) {
		return text
	}
	page := htmlText(text, false)
	if page == text {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 4 + 2*len(page))
	b.WriteString(text)
	b.WriteString("\n\n")
	b.WriteString(page)
	if shown := htmlText(text, true); shown != page {
		// What the page shows, hidden elements left out, read as well.
		b.WriteString("\n\n")
		b.WriteString(shown)
	}
	return b.String()
}
