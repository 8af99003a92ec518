package pseudonym

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestReplace(t *testing.T) {
	type call struct{ op, typ, value, want string }
	cases := map[string][]call{
		"stable per value and numbered per type": {
			{"pseudonym", "PERSON", "Yılmaz", "[PERSON_1]"},
			{"pseudonym", "PERSON", "Müller", "[PERSON_2]"},
			{"", "PERSON", "Yılmaz", "[PERSON_1]"},
			{"pseudonym", "IBAN", "DE89 3704 0044 0532 0130 00", "[IBAN_1]"},
			{"pseudonym", "PERSON", "Schmidt", "[PERSON_3]"},
		},
		"identifiers normalised": {
			{"pseudonym", "IBAN", "DE89 3704 0044 0532 0130 00", "[IBAN_1]"},
			{"pseudonym", "IBAN", "de89370400440532013000", "[IBAN_1]"},
			{"pseudonym", "IBAN", "DE89  3704\n0044 0532 0130 00", "[IBAN_1]"},
			{"pseudonym", "IBAN", "DE02 1203 0000 0000 2020 51", "[IBAN_2]"},
			{"pseudonym", "PHONE", "0228 123456", "[PHONE_1]"},
			{"pseudonym", "PHONE", "0228/123456", "[PHONE_1]"},
			{"pseudonym", "EMAIL", "Anna.Schmidt@Bonn.de", "[EMAIL_1]"},
			{"pseudonym", "EMAIL", "anna.schmidt@bonn.de", "[EMAIL_1]"},
		},
		"names: spacing normalised, case kept": {
			{"pseudonym", "PERSON", "Anna  Schmidt", "[PERSON_1]"},
			{"pseudonym", "PERSON", "Anna Schmidt", "[PERSON_1]"},
			{"pseudonym", "PERSON", "ANNA SCHMIDT", "[PERSON_2]"},
		},
		"same value, different type": {
			{"pseudonym", "DE_TAX_ID", "12345678901", "[DE_TAX_ID_1]"},
			{"pseudonym", "PHONE", "12345678901", "[PHONE_1]"},
		},
		"other operators": {
			{"mask", "IBAN", "DE89 3704 0044 0532 0130 00", "DE89 **** **** **** **** 00"},
			{"mask", "PERSON", "Müller", "M****"},
			{"mask", "PERSON", "Öztürk-Yılmaz", "Ö****"},
			{"mask", "PHONE", "110", "1****"},
			{"mask", "PERSON", "", ""},
			{"label", "IBAN", "DE89 3704 0044 0532 0130 00", "[IBAN]"},
			{"remove", "IBAN", "DE89 3704 0044 0532 0130 00", ""},
			{"shred", "PERSON", "Müller", "[PERSON]"},
		},
		"odd type names": {
			{"pseudonym", "de-tax id", "1", "[DE_TAX_ID_1]"},
			{"pseudonym", "", "x", "[DATA_1]"},
			{"label", strings.Repeat("A", 100), "x", "[" + strings.Repeat("A", maxLabelLen) + "]"},
			{"pseudonym", "PERSON", "", ""},
		},
	}
	for name, calls := range cases {
		t.Run(name, func(t *testing.T) {
			m := NewMapping()
			for _, c := range calls {
				if got := m.Replace(c.op, c.typ, c.value); got != c.want {
					t.Errorf("Replace(%q, %q, value) = %q, want %q", c.op, c.typ, got, c.want)
				}
			}
		})
	}
}

func TestRestore(t *testing.T) {
	m := NewMapping()
	m.Replace("pseudonym", "PERSON", "Herr Yılmaz")
	m.Replace("pseudonym", "IBAN", "DE89 3704 0044 0532 0130 00")
	m.Replace("mask", "PERSON", "Müller") // not restorable
	cases := []struct{ in, want string }{
		{"", ""},
		{"kein Platzhalter", "kein Platzhalter"},
		{"Guten Tag [PERSON_1].", "Guten Tag Herr Yılmaz."},
		{"[PERSON_1][IBAN_1]", "Herr YılmazDE89 3704 0044 0532 0130 00"},
		{"[PERSON_7] und [PERSON_1]", "[PERSON_7] und Herr Yılmaz"},
		{"[[PERSON_1]]", "[Herr Yılmaz]"},
		{"[PERSON_1", "[PERSON_1"},
		{"[person_1]", "Herr Yılmaz"},
		{"[PERSON]", "[PERSON]"},
		{"M****", "M****"},
		{"[PERSON_10]", "[PERSON_10]"},
		{"[", "["},
		{"]", "]"},
	}
	for _, c := range cases {
		if got := m.Restore(c.in); got != c.want {
			t.Errorf("Restore(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRestoreOnlyOwnMapping(t *testing.T) {
	a, b := NewMapping(), NewMapping()
	pa := a.Replace("pseudonym", "PERSON", "Anna Schmidt")
	pb := b.Replace("pseudonym", "PERSON", "Bernd Weber")
	if pa != pb {
		t.Fatalf("both conversations should number from 1: %q %q", pa, pb)
	}
	if got := b.Restore(pa); got != "Bernd Weber" {
		t.Errorf("b restored %q", got)
	}
	if got := a.Restore(pa); got != "Anna Schmidt" {
		t.Errorf("a restored %q", got)
	}
	if !NewMapping().Empty() || a.Empty() {
		t.Error("Empty wrong")
	}
}

func TestHoldStart(t *testing.T) {
	m := NewMapping()
	m.Replace("", "PERSON", "x")
	m.Replace("", "IBAN", "y")
	cases := []struct {
		in   string
		hold string
	}{
		{"Hallo ", ""},
		{"Hallo [", "["},
		{"Hallo [P", "[P"},
		{"Hallo [PERSON_", "[PERSON_"},
		{"Hallo [PERSON_1", "[PERSON_1"},
		{"Hallo [PERSON_1]", ""},
		{"Hallo [PERSON_2", ""}, // never issued
		{"Hallo [X", ""},
		{"[PERSON_1] [I", "[I"},
		{"[[PER", "[PER"},
		{"[PER SON", ""},
	}
	for _, c := range cases {
		i := m.holdStart([]byte(c.in), false)
		if got := c.in[i:]; got != c.hold {
			t.Errorf("holdStart(%q) holds %q, want %q", c.in, got, c.hold)
		}
	}
}

func TestJSONEscape(t *testing.T) {
	for _, v := range []string{
		`plain`, `"quoted"`, `back\slash`, "new\nline\r\ttab", "ctl\x00\x01\x1f\x7f",
		"Yılmaz – Ä", "ls\u2028ps\u2029", "bad\xffutf8",
	} {
		raw := `"` + string(appendJSONEscaped(nil, []byte(v))) + `"`
		var got string
		if err := json.Unmarshal([]byte(raw), &got); err != nil {
			t.Errorf("escaped %q is not JSON: %s: %v", v, raw, err)
			continue
		}
		want := strings.ToValidUTF8(v, "\uFFFD")
		if got != want {
			t.Errorf("round trip %q → %s → %q", v, raw, got)
		}
		if strings.Contains(v, "Yılmaz") && !strings.Contains(raw, "Yılmaz") {
			t.Errorf("non-ASCII escaped: %s", raw)
		}
	}
}

func TestWipedMapping(t *testing.T) {
	m := NewMapping()
	p := m.Replace("", "PERSON", "Anna")
	v := m.byPlaceholder[p]
	m.wipe()
	if string(v) != "\x00\x00\x00\x00" {
		t.Errorf("value not zeroed: %q", v)
	}
	if got := m.Restore(p); got != p {
		t.Errorf("wiped mapping restored %q", got)
	}
	if got := m.Replace("", "PERSON", "Anna"); got != "[PERSON]" {
		t.Errorf("wiped mapping issued %q", got)
	}
}

func FuzzReplaceRestore(f *testing.F) {
	f.Add("PERSON", "Herr Yılmaz", "IBAN", "DE89 3704 0044 0532 0130 00", "Hallo [X] ")
	f.Add("EMAIL", "a@b.de", "EMAIL", "A@B.DE", "")
	f.Add("", "[PERSON_1]", "PERSON", "x", "[[")
	f.Add("PERSON", "Anna Schmidt", "EMAIL", "a@b.de", "![](https://evil.example/?n=")
	f.Fuzz(func(t *testing.T, typ1, v1, typ2, v2, filler string) {
		m := NewMapping()
		p1 := m.Replace("pseudonym", typ1, v1)
		p2 := m.Replace("pseudonym", typ2, v2)
		// The same value written again is restored as written last.
		// An identifier's white space comes back as one blank (shownForm).
		if ref := strings.Join(strings.Fields(v1), " "); identifierTypes[typ1] && shownForm(typ1, v1) != ref {
			t.Fatalf("shownForm(%q) = %q, reference %q", v1, shownForm(typ1, v1), ref)
		}
		want1 := shownForm(typ1, v1)
		if p2 == p1 && v2 != "" {
			want1 = shownForm(typ2, v2)
		}
		if v1 != "" && m.Restore(p1) != want1 {
			t.Fatalf("Restore(%q) = %q, want %q", p1, m.Restore(p1), want1)
		}
		if want2 := shownForm(typ2, v2); v2 != "" && p2 != p1 && m.Restore(p2) != want2 {
			t.Fatalf("Restore(%q) = %q, want %q", p2, m.Restore(p2), want2)
		}
		// Restore never touches text without issued placeholders; with
		// "[" or "_" the filler may hold a variant of one (variant.go).
		if filler == "" {
			return
		}
		if strings.ContainsAny(filler, "[_") {
			in := filler + p1 + filler
			if got, want := m.Restore(in), restoreReference(m, in); got != want {
				t.Fatalf("Restore(%q) = %q, reference %q", in, got, want)
			}
			return
		}
		want := filler + want1 + filler
		if inURLReference(filler) { // a placeholder inside a URL stays
			want = filler + p1 + filler
		}
		if got := m.Restore(filler + p1 + filler); v1 != "" && got != want {
			t.Fatalf("Restore with filler = %q, want %q", got, want)
		}
	})
}

// normaliseReference is the plain form of appendNormalised, kept to check
// the byte-wise one against.
func normaliseReference(typ, value string) string {
	switch {
	case identifierTypes[typ]:
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || strings.ContainsRune("-/.()", r) {
				return -1
			}
			return unicode.ToUpper(r)
		}, strings.ToValidUTF8(value, "\uFFFD"))
	case typ == "EMAIL":
		return strings.ToLower(strings.TrimSpace(strings.ToValidUTF8(value, "\uFFFD")))
	default:
		return strings.Join(strings.Fields(strings.ToValidUTF8(value, "\uFFFD")), " ")
	}
}

func FuzzNormalise(f *testing.F) {
	for _, v := range []string{"DE89 3704-0044 (0532) 0130.00", "de89370400440532013000", " Thomas\t\tSchneider ",
		"Ayşe\u00a0Yılmaz", "0228 / 123456", "x\xffy", "Müller\u2028Lüdenscheid", "ab\u0085cd", "mAIL@Stadt.DE "} {
		for _, typ := range []string{"IBAN", "PERSON", "PHONE", "EMAIL"} {
			f.Add(typ, v)
		}
	}
	f.Fuzz(func(t *testing.T, typ, value string) {
		// Invalid bytes become one U+FFFD each in appendNormalised and one
		// per run in the reference: compare valid UTF-8 only.
		if !utf8.ValidString(value) {
			value = strings.ToValidUTF8(value, "\uFFFD")
		}
		if got, want := string(appendNormalised(nil, typ, value)), normaliseReference(typ, value); got != want {
			t.Errorf("appendNormalised(%q, %q) = %q, want %q", typ, value, got, want)
		}
	})
}

// TestSubset: a subset restores only the placeholders it was given that the
// mapping issued, keeps its values when the mapping is wiped, and issues
// none of its own.
func TestSubset(t *testing.T) {
	m := NewMapping()
	p1 := m.Replace("pseudonym", "PERSON", "Jürgen Kowalski")
	p2 := m.Replace("pseudonym", "PERSON", "Anna Schmidt")
	s := m.Subset([]string{p2, p2, "[PERSON_9]", "[IBAN]"})
	if got := s.Restore(p1 + " und " + p2); got != p1+" und Anna Schmidt" {
		t.Fatalf("restored %q", got)
	}
	if got := m.Subset(nil); !got.Empty() {
		t.Fatal("an empty subset is not empty")
	}
	if r := s.Replace("pseudonym", "PERSON", "Klaus Meier"); r != "[PERSON]" {
		t.Fatalf("a subset issued %q", r)
	}
	m.wipe()
	if got := s.Restore(p2); got != "Anna Schmidt" {
		t.Fatalf("after the mapping's wipe: %q", got)
	}
}

// TestRestoreLastForm: a value written another way (an IBAN grouped or
// not, in lower case) keeps its placeholder and is restored as it was
// written last, not as first seen; its subset, the entry's bytes in the
// store and a value marked as a number follow. Before, "DE89 3704 0044 …"
// came back "DE89370400440532013000" for as long as the mapping held the
// form an earlier request had.
func TestRestoreLastForm(t *testing.T) {
	s := NewStore(0, 0)
	m := s.Conversation("anna|openai-api")
	for _, c := range []struct{ value, want string }{
		{"DE89370400440532013000", "DE89370400440532013000"},
		{"DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"},
		{"de89 3704 0044 0532 0130 00", "de89 3704 0044 0532 0130 00"},
		{"DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"},
		// Broken over lines, or with other white space between its
		// groups: the groups on one line.
		{"DE89 3704\n0044 0532  0130\u202800", "DE89 3704 0044 0532 0130 00"},
		{"DE89\t3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"},
	} {
		if p := m.Replace(OpPseudonym, "IBAN", c.value); p != "[IBAN_1]" {
			t.Fatalf("Replace(%q) = %s", c.value, p)
		}
		if got := m.Restore("Konto [IBAN_1]."); got != "Konto "+c.want+"." {
			t.Errorf("after %q: %q, want %q", c.value, got, c.want)
		}
		if got := m.Subset([]string{"[IBAN_1]"}).Restore("[IBAN_1]"); got != c.want {
			t.Errorf("subset after %q: %q", c.value, got)
		}
		if got, want := s.total.Load(), entrySize(c.want, "[IBAN_1]"); got != want {
			t.Errorf("after %q: store counts %d bytes, want %d", c.value, got, want)
		}
	}
	// A name differs in case: another value, its own placeholder.
	if p := m.Replace(OpPseudonym, "PERSON", "Anna Schmidt"); p != "[PERSON_1]" {
		t.Fatal(p)
	}
	m.Replace(OpPseudonym, "PERSON", "Anna  Schmidt")
	if got := m.Restore("[PERSON_1]"); got != "Anna  Schmidt" {
		t.Errorf("name: %q", got)
	}
	// A number in a tool call keeps its digits: a form with blanks would
	// break the arguments' JSON.
	m.Replace(OpPseudonym, "DE_TAX_ID", "86095742719")
	m.MarkNumber("[DE_TAX_ID_1]")
	m.Replace(OpPseudonym, "DE_TAX_ID", "86 095 742 719")
	if got := m.Restore("[DE_TAX_ID_1]"); got != "86095742719" {
		t.Errorf("number: %q", got)
	}
}

// TestReplaceWritten: a value read otherwise than written (the detectors
// read "AZ-2026-0815" in a file name as "AZ 2026 0815", a Kassenzeichen's
// middle dots as blanks) keeps the placeholder of its reading and is
// restored as written; written again otherwise, the last form counts, and
// the mask is the reading's. Before, only the reading could be given, and
// the answer had its blanks.
func TestReplaceWritten(t *testing.T) {
	m := NewMapping()
	for _, c := range []struct{ typ, value, written, want string }{
		{"CASE_REFERENCE", "AZ 2026 0815", "AZ-2026-0815", "AZ-2026-0815"},
		{"CASE_REFERENCE", "AZ 2026 0815", "", "AZ 2026 0815"},
		{"CASE_REFERENCE", "AZ 2026 0815", "AZ-2026-0815", "AZ-2026-0815"},
		{"CASE_REFERENCE", "AZ20260815", "AZ.2026.0815", "AZ.2026.0815"},
	} {
		if p := m.ReplaceWritten(OpPseudonym, c.typ, c.value, c.written); p != "[CASE_REFERENCE_1]" {
			t.Fatalf("ReplaceWritten(%q, %q) = %s", c.value, c.written, p)
		}
		if got := m.Restore("Az. [CASE_REFERENCE_1]"); got != "Az. "+c.want {
			t.Errorf("after %q written %q: %q, want %q", c.value, c.written, got, c.want)
		}
	}
	if p := m.ReplaceWritten(OpPseudonym, "PERSON", "Anna Lena Schmidt", "Anna-Lena Schmidt"); p != "[PERSON_1]" {
		t.Fatal(p)
	}
	if got := m.Restore("[PERSON_1]"); got != "Anna-Lena Schmidt" {
		t.Errorf("name: %q", got)
	}
	// The mask and the label are the reading's.
	if got := m.ReplaceWritten(OpMask, "IBAN", "DE89 3704 0044 0532 0130 00", "DE89.3704.0044.0532.0130.00"); got != "DE89 **** **** **** **** 00" {
		t.Errorf("mask: %q", got)
	}
	if got := m.ReplaceWritten(OpPseudonym, "PERSON", "", "x"); got != "" {
		t.Errorf("empty value: %q", got)
	}
}
