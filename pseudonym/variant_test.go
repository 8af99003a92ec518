package pseudonym

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// variantMapping issues [PERSON_1] "Anna Schmidt", [IBAN_1] and
// [POSTAL_ADDRESS_1], and nothing else.
func variantMapping(t testing.TB) *Mapping {
	m := NewMapping()
	for _, c := range []struct{ typ, v, want string }{
		{"PERSON", "Anna Schmidt", "[PERSON_1]"},
		{"IBAN", "DE89 3704 0044 0532 0130 00", "[IBAN_1]"},
		{"POSTAL_ADDRESS", "Am Markt 1, 53111 Bonn", "[POSTAL_ADDRESS_1]"},
	} {
		if p := m.Replace(OpPseudonym, c.typ, c.v); p != c.want {
			t.Fatalf("placeholder %q, want %q", p, c.want)
		}
	}
	return m
}

// variantCases are placeholders as a model rewrites them, which are
// restored, and lookalikes, which are not. in is the text the model
// writes, want what the client must read.
var variantCases = []struct{ name, in, want string }{
	{"lower case", "Sehr geehrte [person_1],", "Sehr geehrte Anna Schmidt,"},
	{"title case", "Sehr geehrte [Person_1],", "Sehr geehrte Anna Schmidt,"},
	{"title case blank", "Sehr geehrte/r [Person 1], danke", "Sehr geehrte/r Anna Schmidt, danke"},
	{"upper case blank", "Sehr geehrte [PERSON 1],", "Sehr geehrte Anna Schmidt,"},
	{"markdown escapes", `Sehr geehrte \[PERSON\_1\],`, "Sehr geehrte Anna Schmidt,"},
	{"escaped underscore", `Sehr geehrte [PERSON\_1],`, "Sehr geehrte Anna Schmidt,"},
	{"escaped brackets only", `Sehr geehrte \[PERSON_1\],`, "Sehr geehrte Anna Schmidt,"},
	{"escaped closing only", `an [Person 1\] und`, "an Anna Schmidt und"},
	{"two blanks in label", "Adresse: [Postal Address 1].", "Adresse: Am Markt 1, 53111 Bonn."},
	{"escaped underscores in label", `Adresse: \[POSTAL\_ADDRESS\_1\].`, "Adresse: Am Markt 1, 53111 Bonn."},
	{"bare", "Sehr geehrte PERSON_1, die IBAN IBAN_1 ist geprüft.", "Sehr geehrte Anna Schmidt, die IBAN DE89 3704 0044 0532 0130 00 ist geprüft."},
	{"bare bold", "**PERSON_1** hat gezahlt", "**Anna Schmidt** hat gezahlt"},
	{"bare quoted", "„PERSON_1“ und (PERSON_1)", "„Anna Schmidt“ und (Anna Schmidt)"},
	{"bare at start and end", "PERSON_1", "Anna Schmidt"},
	{"bare after line break", "Grüße\nPERSON_1\n", "Grüße\nAnna Schmidt\n"},
	{"exact with escape before", `\[PERSON_1]`, `\Anna Schmidt`},
	{"windows path", `C:\Users\[PERSON_1]\Dokumente`, `C:\Users\Anna Schmidt\Dokumente`},
	{"escaped backslash", `a\\[PERSON\_1\] b`, `a\\[PERSON\_1\] b`}, // "\\" starts a URL (\\host\share)
	{"variant next to exact", "[PERSON_1]/[person 1]", "Anna Schmidt/Anna Schmidt"},

	{"not issued", "[Person 2] und [person_7] und PERSON_2", "[Person 2] und [person_7] und PERSON_2"},
	{"other type not issued", "[Iban 2] [email_1] EMAIL_1", "[Iban 2] [email_1] EMAIL_1"},
	{"suffix letter", "[PERSON_1a] [Person 1b] PERSON_1a", "[PERSON_1a] [Person 1b] PERSON_1a"},
	{"longer number", "[PERSON_10] [person 11] PERSON_10 PERSON_1.", "[PERSON_10] [person 11] PERSON_10 Anna Schmidt."},
	{"inside a word", "XPERSON_1 MY_PERSON_1 PERSON_1_X PERSON_1ä äPERSON_1 9PERSON_1", "XPERSON_1 MY_PERSON_1 PERSON_1_X PERSON_1ä äPERSON_1 9PERSON_1"},
	{"bare next to a bracket", "[PERSON_1 und PERSON_1]", "[PERSON_1 und PERSON_1]"},
	{"bare lower case or blank", "person_1 Person 1 PERSON 1", "person_1 Person 1 PERSON 1"},
	{"bare escaped", `PERSON\_1`, `PERSON\_1`},
	{"blanks around", "[ PERSON_1] [PERSON_1 ] [PERSON  1]", "[ PERSON_1] [PERSON_1 ] [PERSON  1]"},
	{"other characters", "[PERSON-1] [PERSON.1] [PERSON_1!]", "[PERSON-1] [PERSON.1] [PERSON_1!]"},
}

// TestRestoreVariants: Restore and AppendRestoredBody restore the
// variants and leave the lookalikes.
func TestRestoreVariants(t *testing.T) {
	m := variantMapping(t)
	for _, c := range variantCases {
		t.Run(c.name, func(t *testing.T) {
			if got := m.Restore(c.in); got != c.want {
				t.Errorf("Restore(%q) = %q, want %q", c.in, got, c.want)
			}
			if got := restoreReference(m, c.in); got != c.want {
				t.Errorf("reference(%q) = %q, want %q", c.in, got, c.want)
			}
			body := `{"text":` + jsonStr(c.in) + `}`
			got, _ := m.AppendRestoredBody(nil, []byte(body), Format{Kind: "json"})
			var v struct{ Text string }
			if err := json.Unmarshal(got, &v); err != nil || v.Text != c.want {
				t.Errorf("json body %s: %s (%v), want %q", body, got, err, c.want)
			}
		})
	}
}

// TestRestoreVariantsEveryFormat: each variant, in a sentence, restored in
// every format the restorer reads: as two deltas split at every rune, one
// delta per rune, and the stream cut at every byte; as a JSON or text body
// cut at every byte; in gemini.google.com frames.
func TestRestoreVariantsEveryFormat(t *testing.T) {
	m := variantMapping(t)
	for _, c := range variantCases {
		t.Run(c.name, func(t *testing.T) {
			in, want := "Hallo: "+c.in+" Ende", "Hallo: "+c.want+" Ende"
			for _, p := range providers {
				for _, k := range runeCuts(in) {
					stream := p.build([]string{in[:k], in[k:]})
					out := restoreAll(t, m, formatOf(p), strings.NewReader(stream))
					if got := p.text(t, out); got != want {
						t.Fatalf("%s split at %d (%q|%q): %q, want %q", p.name, k, in[:k], in[k:], got, want)
					}
				}
				var perRune []string
				for _, r := range in {
					perRune = append(perRune, string(r))
				}
				if got := p.text(t, restoreAll(t, m, formatOf(p), strings.NewReader(p.build(perRune)))); got != want {
					t.Fatalf("%s one delta per rune: %q, want %q", p.name, got, want)
				}
				// Split inside the variant, the stream cut at every byte.
				k := len("Hallo: ") + min(3, len(c.in))
				for !utf8.RuneStart(in[k]) {
					k++
				}
				stream := p.build([]string{in[:k], in[k:]})
				whole := restoreAll(t, m, formatOf(p), strings.NewReader(stream))
				for cut := 0; cut <= len(stream); cut += cutStep {
					if got := restoreAll(t, m, formatOf(p), &chunkReader{data: []byte(stream), cuts: []int{cut}}); got != whole {
						t.Fatalf("%s stream cut at %d:\n%s\nwant\n%s", p.name, cut, got, whole)
					}
				}
			}
			body := `{"id":"msg_1","content":[{"type":"text","text":` + jsonStr(in) + `}]}`
			jsonWant := `{"id":"msg_1","content":[{"type":"text","text":` + jsonStr(want) + `}]}`
			for cut := 0; cut <= len(body); cut += cutStep {
				if got := restoreAll(t, m, Format{Kind: "json"}, &chunkReader{data: []byte(body), cuts: []int{cut}}); got != jsonWant {
					t.Fatalf("json body cut at %d: %s, want %s", cut, got, jsonWant)
				}
			}
			for cut := 0; cut <= len(in); cut += cutStep {
				if got := restoreAll(t, m, Format{Kind: "text"}, &chunkReader{data: []byte(in), cuts: []int{cut}}); got != want {
					t.Fatalf("text cut at %d: %q, want %q", cut, got, want)
				}
			}
			if got := restoreAll(t, m, Format{Kind: "text"}, iotest.OneByteReader(strings.NewReader(in))); got != want {
				t.Fatalf("text in one-byte reads: %q, want %q", got, want)
			}
			// gemini.google.com: cumulative frames, the last one whole.
			var steps [][]string
			for _, k := range runeCuts(in)[1:] {
				steps = append(steps, []string{in[:k]})
			}
			texts, _ := parseGem(t, restoreFramed(t, m, iotest.OneByteReader(strings.NewReader(gemBody(steps)))))
			if got := texts[len(texts)-1][0]; got != want {
				t.Fatalf("framed: %q, want %q", got, want)
			}
		})
	}
}

// TestHoldStartVariants: what a stream holds back at the end of a delta
// because more text could still make it a variant, or change whether the
// text before is one; nothing else.
func TestHoldStartVariants(t *testing.T) {
	m := variantMapping(t)
	cases := []struct {
		in, hold string
		json     bool
	}{
		{"Hallo [person", "[person", false},
		{"Hallo [Person 1", "[Person 1", false},
		{"Hallo [Postal Add", "[Postal Add", false},
		{`Hallo \[PERSON\_1\`, `\[PERSON\_1\`, false},
		{`Hallo \[PERSON\`, `\[PERSON\`, false},
		{`Hallo \\\\\[PER`, `\\\\[PER`, false},
		{`Hallo \`, `\`, false},
		{`Hallo \\\\\\`, `\\\\`, false},
		{"Hallo P", "P", false},
		{"die IBAN", "IBAN", false},
		{"Hallo PERSON_1", "PERSON_1", false},
		{"Hallo PERSON_1\xc3", "PERSON_1\xc3", false},
		{"Hallo POSTAL_ADD", "POSTAL_ADD", false},
		{"Hallo [Person 7", "", false},
		{"Hallo [person_1]", "", false},
		{"Hallo PERSON_1 ", "", false},
		{"Hallo PERSON_2", "", false},
		{"Hallo XPERSON", "", false},
		{"Hallo Anna", "", false},
		{"Hallo PERSON_1ä", "", false},
		{"Hallo Person", "", false},
		{`Hallo \\[PERSON\\_1\\`, `\\[PERSON\\_1\\`, true},
		{`Hallo \\[PERSON\`, `\\[PERSON\`, true},
		{`Hallo PERSON_1\`, `PERSON_1\`, true},
		{`Hallo PERSON_1\\`, `\\`, true},
		{`Hallo PERSON_1\n`, "", true},
		{`Hallo [PERSON\n`, "", true},
	}
	for _, c := range cases {
		if got := c.in[m.holdStart([]byte(c.in), c.json):]; got != c.hold {
			t.Errorf("holdStart(%q, json %v) holds %q, want %q", c.in, c.json, got, c.hold)
		}
	}
}

var (
	refBracket = regexp.MustCompile(`^\[(?:[A-Za-z0-9_ ]|\\_)*\\?\]`)
	refBare    = regexp.MustCompile(`^[A-Z0-9_]+`)
)

// restoreReference is Restore written plainly, on text, to check the
// byte-wise one against: a bracketed variant is found with a regular
// expression and normalised, a bare token is a run of [A-Z0-9_] with a "_";
// the URL state is inURLReference of all the text before, the word
// boundaries are the characters around.
func restoreReference(m *Mapping, text string) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out strings.Builder
	for i := 0; i < len(text); {
		switch c := text[i]; {
		case c == '[':
			if tok := refBracket.FindString(text[i:]); tok != "" {
				norm := strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(tok, `\`, ""), " ", "_"))
				if v, ok := m.byPlaceholder[norm]; ok && !inURLReference(text[:i]) {
					s := out.String()
					if strings.HasSuffix(tok, `\]`) && strings.HasSuffix(text[:i], `\`) && !strings.HasSuffix(text[:i], `\\`) {
						s = s[:len(s)-1] // the escape of the "["
					}
					out.Reset()
					out.WriteString(s)
					out.Write(v)
					i += len(tok)
					continue
				}
			}
			out.WriteByte('[')
			i++
		case isPlaceholderByte(c):
			tok := refBare.FindString(text[i:])
			v, ok := m.byPlaceholder["["+tok+"]"]
			if ok && strings.Contains(tok, "_") && !inURLReference(text[:i]) && !refWordBefore(text[:i]) && !refWordAfter(text[i+len(tok):]) {
				out.Write(v)
			} else {
				out.WriteString(tok)
			}
			i += len(tok)
		default:
			out.WriteByte(c)
			i++
		}
	}
	return out.String()
}

func refWordBefore(s string) bool {
	s = strings.TrimRight(s, "\x00") // NUL is no character to linkState (chat-ui's client drops it)
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if r < utf8.RuneSelf {
		return isWordByte(byte(r)) || r == '['
	}
	return isWordRune(r)
}

func refWordAfter(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if r < utf8.RuneSelf {
		return isWordByte(byte(r)) || r == ']'
	}
	return isWordRune(r)
}

// jsonStrNoHTML is jsonStr without the HTML escapes (\u003c …), as most
// services write JSON.
func jsonStrNoHTML(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
