package providers

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A location is the chain of encoding layers from the body down to a
// field's text: each layer is a span in the buffer decoded by the layer
// before it (the first one is a span of the body). Layered formats such as
// Gemini web (form value → JSON string → JSON string) have several layers.
type location []layer

type layerKind uint8

const (
	layerJSONString layerKind = iota // a JSON string token, quotes included
	layerFormValue                   // an application/x-www-form-urlencoded value
	layerRaw                         // bytes taken as they are
	layerJSONNumber                  // a JSON number token: rewritten, it becomes a JSON string
	// Base64 of UTF-8 text in a text (base64Payload), in one of the four
	// forms, which a rewrite keeps: standard or URL-safe alphabet, with
	// or without padding.
	layerBase64
	layerBase64Raw
	layerBase64URL
	layerBase64URLRaw
	// A form value whose unescaped bytes are no UTF-8 ("J%FCrgen", as a
	// form in ISO-8859-1 sends it), read as Windows-1252 (formUnescape)
	// and written back so.
	layerFormValue1252
)

// base64Encodings are the encodings of the base64 layer kinds, in order.
var base64Encodings = [...]*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}

// encoding returns the base64 encoding of a base64 layer kind, else nil.
func (k layerKind) encoding() *base64.Encoding {
	if k >= layerBase64 && k <= layerBase64URLRaw {
		return base64Encodings[k-layerBase64]
	}
	return nil
}

type layer struct {
	kind       layerKind
	start, end int
}

func (l layer) decode(buf []byte) ([]byte, error) {
	if l.start < 0 || l.end > len(buf) || l.start > l.end {
		return nil, fmt.Errorf("%w: span out of range", ErrMalformed)
	}
	raw := buf[l.start:l.end]
	switch l.kind {
	case layerJSONString:
		p := jparser{b: raw}
		if len(raw) == 0 || raw[0] != '"' {
			return nil, fmt.Errorf("%w: not a JSON string", ErrMalformed)
		}
		v, err := p.str()
		if err != nil {
			return nil, err
		}
		return []byte(v), nil
	case layerFormValue:
		s, err := url.QueryUnescape(string(raw))
		if err != nil {
			return nil, fmt.Errorf("%w: form value: %w", ErrMalformed, err)
		}
		return []byte(s), nil
	case layerFormValue1252:
		s, err := url.QueryUnescape(string(raw))
		if err != nil {
			return nil, fmt.Errorf("%w: form value: %w", ErrMalformed, err)
		}
		return []byte(latin1252(s)), nil
	case layerBase64, layerBase64Raw, layerBase64URL, layerBase64URLRaw:
		dec, err := l.kind.encoding().DecodeString(string(raw))
		if err != nil {
			return nil, fmt.Errorf("%w: base64: %w", ErrMalformed, err)
		}
		return dec, nil
	default:
		return raw, nil
	}
}

// appendEncoded appends text encoded for this layer to dst.
func (l layer) appendEncoded(dst []byte, text string) []byte {
	switch l.kind {
	case layerJSONString:
		return appendJSONString(dst, text)
	case layerFormValue:
		return append(dst, url.QueryEscape(text)...)
	case layerFormValue1252:
		// The text was read from Windows-1252 and the edits put ASCII
		// placeholders in: it encodes back. What would not (a
		// character of no code page) goes as UTF-8, read as it stood.
		if e, ok := to1252(text); ok {
			text = e
		}
		return append(dst, url.QueryEscape(text)...)
	case layerJSONNumber:
		// "steuer_id": 86095742719 → "steuer_id": "[DE_TAX_ID_1]": a
		// placeholder is no number. Only an edited number is rewritten.
		return appendJSONString(dst, text)
	case layerBase64, layerBase64Raw, layerBase64URL, layerBase64URLRaw:
		return l.kind.encoding().AppendEncode(dst, []byte(text))
	default:
		return append(dst, text...)
	}
}

// rewriteItem is one field's remaining layers and its new text: text with
// edits applied (edits are sorted and do not overlap).
type rewriteItem struct {
	loc   location
	text  string
	edits []Edit
}

// edited returns the item's text with its edits applied.
func (it rewriteItem) edited() string {
	if len(it.edits) == 0 {
		return it.text
	}
	var sb strings.Builder
	sb.Grow(len(it.text) + len(it.text)/8)
	last := 0
	for _, e := range it.edits {
		sb.WriteString(it.text[last:e.Start])
		sb.WriteString(e.Replacement)
		last = e.End
	}
	sb.WriteString(it.text[last:])
	return sb.String()
}

// appendEdited appends the item's edited text encoded for layer l; for a JSON
// string the pieces are escaped straight into dst, without building the
// edited text first.
func (it rewriteItem) appendEdited(dst []byte, l layer) []byte {
	if l.kind != layerJSONString || len(it.edits) == 0 {
		return l.appendEncoded(dst, it.edited())
	}
	dst = slices.Grow(dst, len(it.text)+len(it.text)/8+2)
	dst = append(dst, '"')
	// The text was decoded from this string by parseJSON: it is valid UTF-8,
	// and when it is as long as the string's raw content it had no escape
	// (every escape is longer than what it stands for), so its pieces are
	// copied as they stood in the body.
	verbatim := l.end-l.start-2 == len(it.text)
	piece := func(s string) {
		if verbatim {
			dst = append(dst, s...)
		} else {
			dst = appendJSONCharsOf(dst, s, true)
		}
	}
	last := 0
	for _, e := range it.edits {
		piece(it.text[last:e.Start])
		dst = appendJSONChars(dst, e.Replacement)
		last = e.End
	}
	piece(it.text[last:])
	return append(dst, '"')
}

// rewrite replaces, in buf, every item's innermost text, re-encoding each
// layer on the way out. Items sharing an outer layer are rewritten together.
func rewrite(buf []byte, items []rewriteItem) ([]byte, error) {
	slices.SortStableFunc(items, func(a, b rewriteItem) int { return a.loc[0].start - b.loc[0].start })
	out := BodyBuffer(len(buf) + len(buf)/8) // placeholders are rarely longer than the values
	last := 0
	for i := 0; i < len(items); {
		l := items[i].loc[0]
		j := i + 1
		for j < len(items) && items[j].loc[0] == l {
			j++
		}
		if l.start < last || l.end > len(buf) || l.start > l.end {
			return nil, fmt.Errorf("%w: overlapping or out-of-range fields", ErrBadEdit)
		}
		out = append(out, buf[last:l.start]...)
		if len(items[i].loc) == 1 && j-i == 1 {
			out = items[i].appendEdited(out, l)
		} else {
			inner, err := l.decode(buf)
			if err != nil {
				return nil, err
			}
			sub := make([]rewriteItem, 0, j-i)
			own := false
			for _, it := range items[i:j] {
				if len(it.loc) > 1 {
					sub = append(sub, rewriteItem{loc: it.loc[1:], text: it.text, edits: it.edits})
					continue
				}
				// The field itself, edited besides a field nested in it
				// (base64 text in a prompt that names a person too): its
				// edits become spans of the inner buffer, which is its
				// text; one overlapping a nested field is refused below.
				if own || string(inner) != it.text {
					return nil, fmt.Errorf("%w: field edited twice or not its layer's text", ErrBadEdit)
				}
				own = true
				for _, e := range it.edits {
					sub = append(sub, rewriteItem{loc: location{{kind: layerRaw, start: e.Start, end: e.End}},
						text: it.text[e.Start:e.End], edits: []Edit{{Start: 0, End: e.End - e.Start, Replacement: e.Replacement}}})
				}
			}
			newInner, err := rewrite(inner, sub)
			if err != nil {
				return nil, err
			}
			out = l.appendEncoded(out, string(newInner))
			ReleaseBody(newInner) // copied into out; nothing else holds it
		}
		last = l.end
		i = j
	}
	return append(out, buf[last:]...), nil
}

// applyEdits is the generic Apply: it validates edits, computes each
// edited field's new text and splices it into body through its layers.
func applyEdits(body []byte, env *Envelope, edits []Edit) ([]byte, error) {
	if len(edits) == 0 {
		return body, nil
	}
	if env == nil {
		return nil, fmt.Errorf("%w: no envelope", ErrBadEdit)
	}
	for _, e := range edits {
		if e.Field < 0 || e.Field >= len(env.Fields) {
			return nil, fmt.Errorf("%w: field %d out of range", ErrBadEdit, e.Field)
		}
		f := &env.Fields[e.Field]
		if f.loc == nil {
			return nil, fmt.Errorf("field %s (%s): %w", f.Name, f.Kind, ErrCannotRedact)
		}
		if e.Start < 0 || e.End < e.Start || e.End > len(f.Text) ||
			!boundary(f.Text, e.Start) || !boundary(f.Text, e.End) {
			return nil, fmt.Errorf("%w: span [%d,%d) in field %s", ErrBadEdit, e.Start, e.End, f.Name)
		}
	}
	// Group the edits by field, each field's in order (the caller's slice
	// is not reordered: sorted edits, the common case, are used as they are).
	byPos := func(a, b Edit) int {
		if a.Field != b.Field {
			return a.Field - b.Field
		}
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	}
	if !slices.IsSortedFunc(edits, byPos) {
		edits = slices.Clone(edits)
		slices.SortFunc(edits, byPos)
	}
	nf := 1
	for i := 1; i < len(edits); i++ {
		if edits[i].Field != edits[i-1].Field {
			nf++
		}
	}
	items := make([]rewriteItem, 0, nf)
	for i := 0; i < len(edits); {
		fi := edits[i].Field
		j := i + 1
		for j < len(edits) && edits[j].Field == fi {
			if edits[j].Start < edits[j-1].End {
				return nil, fmt.Errorf("%w: overlapping edits in field %s", ErrBadEdit, env.Fields[fi].Name)
			}
			j++
		}
		items = append(items, rewriteItem{loc: env.Fields[fi].loc, text: env.Fields[fi].Text, edits: edits[i:j:j]})
		i = j
	}
	out, err := rewrite(body, items)
	if err != nil {
		return nil, err
	}
	if env.fixup != nil {
		return env.fixup(out, env)
	}
	return out, nil
}

func boundary(s string, i int) bool {
	return i == 0 || i == len(s) || utf8.RuneStart(s[i])
}

// collector builds an Envelope's fields for one buffer reached through
// prefix layers.
type collector struct {
	env    *Envelope
	prefix location
	words  bool // walkStrings leaves out settings words (unread)
	// b64ctx: base64URLContext of the runs of the string embeddedBase64
	// reads.
	b64ctx b64Context
}

func newCollector(env *Envelope) *collector { return &collector{env: env} }

// inner returns a collector for the buffer inside layer l of this one.
func (c *collector) inner(l layer) *collector {
	p := make(location, len(c.prefix), len(c.prefix)+1)
	copy(p, c.prefix)
	return &collector{env: c.env, prefix: append(p, l), words: c.words}
}

func (c *collector) loc(l layer) location {
	p := make(location, len(c.prefix), len(c.prefix)+1)
	copy(p, c.prefix)
	return append(p, l)
}

// str adds v as a field when it is a non-empty JSON string, with the
// data URLs and the base64 in it.
func (c *collector) str(v *jval, k Kind, name string) {
	n := len(c.env.Fields)
	if c.strField(v, k, name) {
		lead := leadsIn(v.str)
		c.embeddedBase64(v.str, name, 0, parentOf(&c.env.Fields[n], lead))
		c.readings(v.str, k, name, n, lead)
	}
	c.decodedFrom(n+1, k)
}

// decodedFrom marks the fields from index i on, the files decoded from
// or attached to a field or message of kind k (its base64, its data URLs,
// its file parts), as coming from History when k is History
// (Field.FromHistory). The files of another kind's field or part nested
// in an earlier turn (a tool's result there, ToolOutput, which is read
// with inspect.scan_history: false as its text is) stay its own: marked
// so here, they are left by the earlier turn's marking.
func (c *collector) decodedFrom(i int, k Kind) {
	for ; i < len(c.env.Fields); i++ {
		f := &c.env.Fields[i]
		switch {
		case k != History:
			f.own = f.own || f.Kind == File
		case f.Kind != File || !f.own:
			f.history = true
		}
	}
}

// userTurn marks the History fields from i on as the person's earlier
// turn (Field.UserTurn) when a message of role was read as History k:
// a user message before the last answer, not the answer itself.
func (c *collector) userTurn(i int, role string, k Kind) {
	if k != History || answerRole(role) {
		return
	}
	for ; i < len(c.env.Fields); i++ {
		if f := &c.env.Fields[i]; f.Kind == History {
			f.turn = true
		}
	}
}

// strField is str without the base64 in v, for a value that base64Value
// has read already; it reports whether v was added.
func (c *collector) strField(v *jval, k Kind, name string) bool {
	if !v.is(jString) {
		return false
	}
	v.read = true
	if v.str == "" {
		return false
	}
	n := len(c.env.Fields)
	c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: v.str, Name: name,
		loc: c.loc(layer{kind: layerJSONString, start: v.start, end: v.end})})
	c.embeddedDataURLs(v.str, name)
	c.decodedFrom(n+1, k)
	return true
}

// Number reports a field that is a JSON number token ({"steuer_id":
// 86095742719}): an edit turns it into a JSON string ("[DE_TAX_ID_1]").
func (f *Field) Number() bool {
	return len(f.loc) > 0 && f.loc[len(f.loc)-1].kind == layerJSONNumber
}

// num adds v as a field when it is a JSON number that may be an
// identifier (numberReading); an edit turns it into a JSON string.
func (c *collector) num(v *jval, k Kind, name string) {
	if !v.is(jNumber) || v.read {
		return
	}
	text, ok := numberReading(v.str)
	if !ok {
		return // a fraction or a large exponent is a measure, not an identifier
	}
	v.read = true
	c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: text, Name: name,
		loc: c.loc(layer{kind: layerJSONNumber, start: v.start, end: v.end})})
}

// numberReading returns the text a JSON number s is read as, and whether
// that may be an identifier: an integer of numberText's length as it is;
//
//   - a number with a fraction of zeros ("86095742719.0") as its integer:
//     Python's json.dumps writes a float so, and a pandas column of ids
//     with a gap in it is one of floats (to_json, to_dict), so a tax ID
//     from such an export came as 86095742719.0 and went out unread as a
//     measure (sec12);
//   - a number with an exponent that is an integer of 9 to 12 digits
//     ("8.6095742719e10", "86095742719E0", "860957427190e-1") as those
//     digits, which a model may expand (sec13);
//   - a negative integer of 9 to 12 digits ("-86095742719", also with a
//     fraction of zeros or an exponent) as "-" and the digits, which the
//     detectors read as after any dash (sec13). A random signed id, which
//     the rule for negative numbers was made for, has 17 to 19 digits
//     (int64Token in the proxy's URL scan) and stays unread.
//   - a number with more significant digits than a double holds whose
//     double is an integer ("86095742719.0000000001",
//     "8.60957427190000000001e10") as that integer (doubleDigits): the
//     service reads JSON numbers as doubles (Python's json, JavaScript,
//     protobuf's Struct under Gemini's functionResponse), and so the
//     model read 86095742719 where schleuse read a measure (sec44).
//
// Rewritten, the whole token becomes the placeholder's string. A real
// fraction, an exponent of anything else ("1.5e3", "6.02e23") and a
// negative number of other lengths are measures or ids: s, false.
func numberReading(s string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	digits, ok := IntegerDigits(body)
	if !ok {
		if digits, ok = doubleDigits(body); !ok {
			return s, false
		}
	}
	if !neg && !strings.ContainsAny(body, "eE") {
		return digits, numberText(digits) // an integer, or one with a fraction of zeros
	}
	if len(digits) < 9 || len(digits) > 12 {
		return s, false
	}
	if neg {
		return "-" + digits, true
	}
	return digits, true
}

// IntegerDigits returns the digits of the integer that s, a number
// without a sign as JSON writes it ("86095742719", "86095742719.0",
// "8.6095742719e10", "860957427190E-1"), denotes; ok is false when s is
// no such number or denotes no integer ("1.5", "0.25e1", an exponent
// beyond ±40). A plain integer is returned as it stands, any other form
// without leading zeros.
func IntegerDigits(s string) (string, bool) {
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		// Atoi only on digits: its error copies what it was given, and
		// the proxy asks about a whole prompt (numberWord), whose first
		// "e" left a 16 KB copy per request.
		t := strings.TrimPrefix(s[i+1:], "+")
		u := t
		if u != "" && (u[0] == '+' || u[0] == '-') {
			u = u[1:] // Atoi's own sign
		}
		if !digitsOnly(u) {
			return "", false
		}
		e, err := strconv.Atoi(t)
		if err != nil || e < -40 || e > 40 || s[i+1:] == "" || s[i+1] == '-' && len(s) == i+2 {
			return "", false
		}
		mant, exp = s[:i], e
	}
	intPart, frac, dot := strings.Cut(mant, ".")
	if !digitsOnly(intPart) || dot && !digitsOnly(frac) {
		return "", false
	}
	if !dot && exp == 0 && mant == s {
		return s, true
	}
	all := intPart + frac
	point := len(intPart) + exp // the decimal point's place in all
	if point <= 0 || strings.Trim(all[min(point, len(all)):], "0") != "" {
		return "", false // below 1, or a fraction that is not zeros
	}
	d := strings.TrimLeft(all[:min(point, len(all))]+strings.Repeat("0", max(0, point-len(all))), "0")
	return d, d != ""
}

// doubleDigits returns the digits of the integer that s, a JSON number
// without a sign that denotes no integer, is as a double, when it is one
// of at most 16 digits; ok is false for any other s. Only a number with
// more than 15 significant digits can round so: one of 15 or fewer is
// apart from every integer by more than half a double's spacing, and is
// not parsed at all ("0.7", "1234567.50"). It is the reading of a parser
// that makes every JSON number a double, as the services' do; before
// (sec44), {"steuer_id": 86095742719.0000000001} was a measure to
// schleuse and 86095742719 to the model.
func doubleDigits(s string) (string, bool) {
	sig, lead := 0, true
	for i := 0; i < len(s) && s[i] != 'e' && s[i] != 'E'; i++ {
		switch c := s[i]; {
		case c == '0' && lead:
		case c >= '0' && c <= '9':
			lead = false
			sig++
		case c != '.':
			return "", false
		}
	}
	if sig <= 15 {
		return "", false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f >= 1e16 || f != float64(int64(f)) {
		return "", false
	}
	return strconv.FormatInt(int64(f), 10), true
}

// numberText reports a JSON number or a string of digits that may be an
// identifier the detectors find in digits alone: an integer of 7 to 16
// digits (a tax ID has 11, a Steuernummer 10 to 13, a card number 13 to
// 16, a telephone number without its leading 0 or "+" 7 and more), a "+"
// and separators (" ", "-", "/", ".") between the digits allowed. Shorter
// numbers (a PLZ, a house number, max_tokens) hold nothing the detectors
// take alone; longer ones are ids (a 19-digit snowflake holds a valid card
// number's digits about once in 25), and so is a negative number (no
// identifier is one, a random signed id often is: as int64Token in the
// proxy's URL scan); a fraction or an exponent is a measure.
func numberText(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0:
		case c == ' ' || c == '-' || c == '/' || c == '.':
			if i == 0 || i == len(s)-1 {
				return false
			}
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 16
}

// text adds a plain text field at [start,end) of the current buffer.
func (c *collector) text(text string, k Kind, name string, l layer) {
	if text == "" {
		return
	}
	n := len(c.env.Fields)
	c.env.Fields = append(c.env.Fields, Field{Kind: k, Text: text, Name: name, loc: c.loc(l)})
	c.embeddedDataURLs(text, name)
	lead := leadsIn(text)
	c.embeddedBase64(text, name, 0, parentOf(&c.env.Fields[n], lead))
	c.readings(text, k, name, n, lead)
	c.decodedFrom(n+1, k)
}

// file adds a File field (not redactable).
func (c *collector) file(name, contentType string, data []byte) {
	c.env.Fields = append(c.env.Fields, Field{Kind: File, Text: string(data), Name: name, ContentType: contentType})
}

// strs adds every string in v: v itself, or each string element of an array.
func (c *collector) strs(v *jval, k Kind, name string) {
	if v.is(jArray) {
		for i, e := range v.vals {
			c.str(e, k, indexName(name, i, ""))
		}
		return
	}
	c.str(v, k, name)
}

// indexName is the field name prefix + "[" + i + "]" + suffix
// ("messages[3].content"), built with one allocation: a long history has
// one per message.
func indexName(prefix string, i int, suffix string) string {
	return prefix + "[" + strconv.Itoa(i) + "]" + suffix
}
