package detectors

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestNewTypes(t *testing.T) {
	if n := len(AllTypes()); n != 19 {
		t.Fatalf("AllTypes has %d names", n)
	}
	if _, err := New(Options{Types: []string{"IBAN", "NOPE"}}); err == nil {
		t.Fatal("unknown type accepted")
	}
	e, err := New(Options{Types: []string{"IBAN", "EMAIL"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.Types(), ","); got != "EMAIL,IBAN" {
		t.Fatalf("Types() = %s", got)
	}
	fs := e.Scan([]byte("Tel. 0228 123456, a@b-c.de, DE89370400440532013000"))
	if len(fs) != 2 || fs[0].Type != "EMAIL" || fs[1].Type != "IBAN" {
		t.Fatalf("selected engine found %v", fs)
	}
}

func TestResolve(t *testing.T) {
	text := []byte(strings.Repeat("x", 100))
	cases := map[string]struct{ in, want []Finding }{
		"name inside e-mail": {
			in:   []Finding{{"PERSON", 0, 10, 0.9}, {"EMAIL", 0, 20, 0.99}},
			want: []Finding{{"EMAIL", 0, 20, 0.99}},
		},
		"validated beats longer guess": {
			in:   []Finding{{"PHONE", 5, 40, 0.8}, {"IBAN", 10, 32, 0.99}},
			want: []Finding{{"IBAN", 10, 32, 0.99}},
		},
		"same tier: longer wins": {
			in:   []Finding{{"PHONE", 5, 15, 0.9}, {"DE_TAX_NUMBER", 5, 20, 0.6}},
			want: []Finding{{"DE_TAX_NUMBER", 5, 20, 0.6}},
		},
		"same span: higher score wins": {
			in:   []Finding{{"PHONE", 5, 15, 0.6}, {"DE_TAX_NUMBER", 5, 15, 0.9}},
			want: []Finding{{"DE_TAX_NUMBER", 5, 15, 0.9}},
		},
		"same span as a name and an Art. 9 phrase: the phrase, whatever the scores": {
			in:   []Finding{{"PERSON", 5, 18, 0.85}, {"SPECIAL_CATEGORY", 5, 18, 0.8}},
			want: []Finding{{"SPECIAL_CATEGORY", 5, 18, 0.8}},
		},
		"duplicates and invalid spans": {
			in:   []Finding{{"EMAIL", 50, 60, 0.9}, {"EMAIL", 50, 60, 0.9}, {"EMAIL", -1, 3, 1}, {"EMAIL", 90, 200, 1}, {"EMAIL", 7, 7, 1}},
			want: []Finding{{"EMAIL", 50, 60, 0.9}},
		},
		"sorted by start": {
			in:   []Finding{{"EMAIL", 50, 60, 0.9}, {"PERSON", 1, 5, 0.9}, {"IBAN", 20, 30, 0.9}},
			want: []Finding{{"PERSON", 1, 5, 0.9}, {"IBAN", 20, 30, 0.9}, {"EMAIL", 50, 60, 0.9}},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got := resolve(append([]Finding(nil), c.in...), text)
			if len(got) != len(c.want) {
				t.Fatalf("got %v want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %v want %v", got, c.want)
				}
			}
		})
	}
}

func TestLowerKeepsOffsets(t *testing.T) {
	in := []byte("ÄRGER Über ÖL straße ẞ \xff IBAN")
	l := NewText(in).Lower()
	if len(l) != len(in) || string(l) != "ärger über öl straße ẞ \xff iban" {
		t.Fatalf("Lower = %q", l)
	}
}

func TestHitsFromPrefilter(t *testing.T) {
	text := []byte("Passwort: X1y2z3w4! und PASSWORT=abc123xyz, Pin 4711 sk-ab")
	e := Default()
	tx := &Text{}
	tx.reset(text, e.pf)
	e.pf.run(tx)
	for _, kw := range []string{"passwort", "pin", "sk-", "pass"} {
		got, want := tx.Hits(kw), NewText(text).Hits(kw)
		if len(got) == 0 || len(got) != len(want) {
			t.Fatalf("Hits(%q) = %v, direct search %v", kw, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("Hits(%q) = %v, direct search %v", kw, got, want)
			}
		}
	}
}

func TestRedactPlaceholders(t *testing.T) {
	text := []byte("IBAN DE89 3704 0044 0532 0130 00, nochmal de89370400440532013000, Mail a@stadt.de")
	fs := Default().Scan(text)
	got := string(Redact(text, fs, PlaceholderLabel(text)))
	want := "IBAN [IBAN_1], nochmal [IBAN_1], Mail [EMAIL_1]"
	if got != want {
		t.Fatalf("Redact = %q, want %q", got, want)
	}
}

func TestScanConcurrent(t *testing.T) {
	text := []byte(strings.Repeat("Tel. 0228 123456, IBAN DE89370400440532013000, a@b.de. ", 50))
	want := len(Default().Scan(text))
	if want != 150 {
		t.Fatalf("want 150 findings, got %d", want)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				if n := len(Default().Scan(text)); n != want {
					t.Errorf("concurrent scan found %d, want %d", n, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// Bad input: no panic, bounded work, correct findings on the valid parts.
func TestBadInput(t *testing.T) {
	valid := "Tel. 0228 123456, IBAN DE89370400440532013000, a@b.de"
	cases := map[string][]byte{
		"invalid utf8": append([]byte("\xff\xfe\xc3"), []byte(valid+"\xc3")...),
		"nul bytes":    []byte("\x00\x00" + valid + "\x00"),
		"many digits":  append(bytes.Repeat([]byte("7"), 5<<20), []byte(" "+valid)...),
		"long line":    append(bytes.Repeat([]byte("abc def "), 1<<18), []byte(valid)...),
		"near matches": append(bytes.Repeat([]byte("DE89 3704 0044 0532 0130 01 @@ sk- 0228 "), 20000), []byte(valid)...),
		"many colons":  append(bytes.Repeat([]byte("a:1:"), 1<<18), []byte(" "+valid)...),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			fs := Default().Scan(in)
			types := map[string]int{}
			for _, f := range fs {
				types[f.Type]++
			}
			for _, typ := range []string{"PHONE", "IBAN", "EMAIL"} {
				if types[typ] != 1 {
					t.Errorf("%s: %d findings (all: %v)", typ, types[typ], types)
				}
			}
		})
	}
}

// TestRecordKeysInNarrowEngine: an engine without PERSON still has the
// record keys in its prefilter (RecordKeys), so that DATE_OF_BIRTH,
// CASE_REFERENCE and SPECIAL_CATEGORY read structured records from the one
// pass, not by searching the text once per key.
func TestRecordKeysInNarrowEngine(t *testing.T) {
	text := "Name;Geburtsdatum;Aktenzeichen;Konfession\nDemir;1986-05-23;51.2-UVG-2024-0318;rk\n"
	for _, typ := range []string{"DATE_OF_BIRTH", "CASE_REFERENCE", "SPECIAL_CATEGORY"} {
		e, err := New(Options{Types: []string{typ}})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range fieldAnchors {
			if _, ok := e.pf.ids[k]; !ok {
				t.Fatalf("%s engine: record key %q is no prefilter word", typ, k)
			}
		}
		if fs := e.Scan([]byte(text)); len(fs) != 1 || fs[0].Type != typ {
			t.Errorf("%s engine found %+v", typ, fs)
		}
	}
}
