package policies

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestUnknownTypeInRego: a misspelt finding type inside the Rego (data.yaml's are caught by the
// default policy's own test) made its rule silently never match. Open, Test and Reload refuse
// such a policy and name file, line, string and the type meant, German first; an upper-case
// string that is no type and looks like none (an AD group "KI_NUTZER") passes, one that looks
// like one passes when data.yaml's keine_datenarten lists it; the tests (*_test.rego) are checked
// as well. The default policy has none.
func TestUnknownTypeInRego(t *testing.T) {
	good := "package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n"
	typo := good + "\nblocked := {\"IBNA\", \"PERSON\"}\n" + // line 5
		"\nbad if input.findings[_].type == \"PERSONS\"\n" + // line 7
		"\nx := data.richtlinie.always_block.DE_TAXID\n" + // line 9
		"\npost if input.request.method == \"POST\"\n" + // an HTTP method, no type
		"\nHEADLINE := 1\n" + // a rule's name, no string compared
		"\nki if \"KI_NUTZER\" in input.user.groups\n" + // an AD group: no type, none misspelt
		"\nphone if input.findings[_].type == \"PHONE_NUMBER\"\n" // line 17: the words of types, no type
	// A test may name a type that does not exist on purpose; a misspelt one makes it pass for
	// the wrong reason.
	const typoTest = "package t\n\ntest_new if not data.schleuse.blocked[\"NEW_TYPE\"]\n\ntest_secret if not data.schleuse.blocked[\"SECERT\"]\n"
	dir := writePolicy(t, map[string]string{"richtlinie.rego": typo, "richtlinie_test.rego": typoTest})
	want := []string{
		"Unbekannte Datenart „IBNA“ in richtlinie.rego Zeile 5 (Tippfehler für IBAN?) / unknown finding type \"IBNA\" in richtlinie.rego line 5 (typo of IBAN?)",
		"Unbekannte Datenart „PERSONS“ in richtlinie.rego Zeile 7 (Tippfehler für PERSON?)",
		"Unbekannte Datenart „DE_TAXID“ in richtlinie.rego Zeile 9 (Tippfehler für DE_TAX_ID?)",
		"Unbekannte Datenart „PHONE_NUMBER“ in richtlinie.rego Zeile 17 (geschrieben wie eine Datenart, die keine Erkennung liefert)",
		"Unbekannte Datenart „SECERT“ in richtlinie_test.rego Zeile 5 (Tippfehler für SECRET?)",
		"richtlinie.keine_datenarten",
	}
	check := func(what string, err error) {
		t.Helper()
		var ute *UnknownTypeError
		if !errors.As(err, &ute) {
			t.Fatalf("%s: %v, want an UnknownTypeError", what, err)
		}
		if len(ute.Found) != 5 {
			t.Errorf("%s: found %q, want the five misspelt types only", what, ute.Found)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", what, err, w)
			}
		}
	}
	_, err := Open(ctx, dir)
	check("Open", err)
	_, _, err = Test(ctx, dir, io.Discard, false)
	check("Test", err)
	_, err = OpenUntested(ctx, dir)
	check("OpenUntested", err)

	// A reload to the misspelt version keeps the last good one.
	dir = writePolicy(t, map[string]string{"richtlinie.rego": good})
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	rev := e.Revision()
	if err := os.WriteFile(dir+"/richtlinie.rego", []byte(typo), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/richtlinie_test.rego", []byte(typoTest), 0o644); err != nil {
		t.Fatal(err)
	}
	check("Reload", e.Reload(ctx))
	if e.Revision() != rev {
		t.Error("Reload took the policy with the misspelt type")
	}

	// A group that is two letters from a type ("PERSONAL") loads once data.yaml says it is none.
	group := good + "\nhr if \"PERSONAL\" in input.user.groups\n"
	dir = writePolicy(t, map[string]string{"richtlinie.rego": group})
	if _, err := OpenUntested(ctx, dir); err == nil || !strings.Contains(err.Error(), "„PERSONAL“ in richtlinie.rego Zeile 5 (Tippfehler für PERSON?)") {
		t.Errorf("PERSONAL without keine_datenarten: %v", err)
	}
	dir = writePolicy(t, map[string]string{"richtlinie.rego": group, "data.yaml": "richtlinie:\n  keine_datenarten: [PERSONAL]\n"})
	if _, err := OpenUntested(ctx, dir); err != nil {
		t.Errorf("PERSONAL in keine_datenarten: %v", err)
	}

	b, err := load("")
	if err != nil {
		t.Fatalf("default policy: %v", err)
	}
	if found := unknownTypes(b.modules, nil); len(found) != 0 {
		t.Errorf("default policy: %q", found)
	}
}

// TestMisspelt: which upper-case strings that are no type are taken for one misspelt, and for
// which type.
func TestMisspelt(t *testing.T) {
	for _, c := range []struct {
		s       string
		bad     bool
		nearest string
	}{
		{"IBNA", true, "IBAN"}, {"IBAM", true, "IBAN"}, {"EMAL", true, "EMAIL"}, {"E_MAIL", true, "EMAIL"},
		{"PERSONS", true, "PERSON"}, {"PERSN", true, "PERSON"}, {"PERSONAL", true, "PERSON"},
		{"DE_TAXID", true, "DE_TAX_ID"}, {"CREDITCARD", true, "CREDIT_CARD"}, {"SPECIAL_CATEGROY", true, "SPECIAL_CATEGORY"},
		{"CLASIFICATION", true, "CLASSIFICATION"}, {"SECERT", true, "SECRET"}, {"IP_ADRESS", true, "IP_ADDRESS"},
		{"DE_PASSPORT", true, ""}, {"PHONE_NUMBER", true, ""}, {"TAX_ID", true, ""}, {"SPECIAL_CATEGORIES", true, ""},
		{"HEALTH_INSURANCE", true, ""}, {"DE_STEUERNUMMER", true, ""},
		// No type, and none misspelt.
		{"KI_NUTZER", false, ""}, {"SOZIALAMT", false, ""}, {"IT_SECURITY", false, ""}, {"ADMIN", false, ""},
		{"PLAN", false, ""}, {"SCAN", false, ""}, {"NONE", false, ""}, {"DONE", false, ""}, {"ABC123", false, ""},
		{"GG_KI_ANWENDER", false, ""}, {"JUGENDAMT", false, ""}, {"VS_NFD", false, ""}, {"AVV", false, ""},
	} {
		if bad, near := misspelt(c.s); bad != c.bad || near != c.nearest {
			t.Errorf("misspelt(%q) = %v, %q; want %v, %q", c.s, bad, near, c.bad, c.nearest)
		}
	}
}

// levenshteinOSA is editDistance without a limit, written plainly.
func levenshteinOSA(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// FuzzEditDistance: editDistance with its limit is the plain distance, cut at limit+1, and
// misspelt never takes a known type or an HTTP method for a misspelt one.
func FuzzEditDistance(f *testing.F) {
	for _, s := range []string{"IBNA", "PERSONS", "DE_TAXID", "KI_NUTZER", "PHONE_NUMBER", "SPECIAL_CATEGORIES", "PLAN", "PERSONAL"} {
		for _, t := range KnownTypes[:4] {
			f.Add(s, t, uint8(2))
		}
	}
	f.Fuzz(func(t *testing.T, a, b string, limit uint8) {
		if len(a) > 64 || len(b) > 64 {
			return
		}
		l := int(limit % 4)
		if got, want := editDistance(a, b, l), min(levenshteinOSA(a, b), l+1); got != want {
			t.Fatalf("editDistance(%q, %q, %d) = %d, want %d", a, b, l, got, want)
		}
		if looksLikeType(a) {
			misspelt(a) // must not panic
		}
	})
}

// TestKnownTypesAreTheDetectors keeps KnownTypes equal to detectors.AllTypes (read from its
// source: policies may not import detectors, TestImports).
func TestKnownTypesAreTheDetectors(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../detectors/engine.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "AllTypes" {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					want = append(want, s)
				}
				return true
			})
		}
	}
	if len(want) < 10 {
		t.Fatalf("read %d types from detectors.AllTypes: %v", len(want), want)
	}
	got := slices.Sorted(slices.Values(KnownTypes))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("policies.KnownTypes = %v\nwant detectors.AllTypes() = %v", got, want)
	}
}

// TestTypeNames: the engine gives the DPO's own names of types, those of data.yaml's typnamen that
// differ from the default policy's, each as one line; none for the default policy.
func TestTypeNames(t *testing.T) {
	e, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := e.TypeNames(); n != nil {
		t.Errorf("default policy: %q", n)
	}
	// The default's own names, which its messages use (the proxy's
	// notices do not repeat them).
	if a, b, c := DefaultTypeName("SECRET"), DefaultTypeName("DE_TAX_ID"), DefaultTypeName("NO_SUCH_TYPE"); a != "Zugangsdaten" || b != "Steuer-Identifikationsnummer" || c != "" {
		t.Errorf("DefaultTypeName: %q %q %q", a, b, c)
	}
	dir := writePolicy(t, map[string]string{"richtlinie.rego": "package schleuse\n\ndecision := {\"action\": \"allow\", \"reasons\": [{\"rule\": \"X\", \"message\": \"m\"}]}\n",
		"data.yaml": "richtlinie:\n  typnamen:\n    PERSON: \"Name einer\\nBürgerin \"\n    IBAN: \"IBAN (Bankverbindung)\"\n    EMAIL: \"  \"\n"})
	e, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.TypeNames(); len(n) != 1 || n["PERSON"] != "Name einer Bürgerin" {
		t.Errorf("got %q, want PERSON's own name only, on one line", n)
	}
}
