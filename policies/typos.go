package policies

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// KnownTypes are the finding types of TAXONOMY.md, as detectors.AllTypes lists them (policies may
// not import detectors; TestKnownTypesAreTheDetectors keeps the two equal).
var KnownTypes = []string{"EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "DE_TAX_ID", "DE_TAX_NUMBER",
	"DE_VAT_ID", "DE_SOCIAL_SECURITY", "DE_HEALTH_INSURANCE", "DE_ID_CARD",
	"DE_LICENSE_PLATE", "POSTAL_ADDRESS", "DATE_OF_BIRTH", "PERSON",
	"IP_ADDRESS", "SECRET", "CASE_REFERENCE", "CLASSIFICATION", "SPECIAL_CATEGORY"}

// otherUpperWords are upper-case strings a policy may compare with that are no finding type: the
// HTTP methods of input.request.method.
var otherUpperWords = []string{"CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"}

// looksLikeType reports whether s is written as a finding type is: upper-case ASCII letters, digits
// and underscores, starting with a letter, at least three characters.
func looksLikeType(s string) bool {
	if len(s) < 3 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// UnknownTypeError: a policy module (not a *_test.rego) names a string written as a finding type
// that is none: "IBNA" in a set of classes, `input.findings[i].type == "PERSONS"`. Such a rule would
// silently never match, so data the DPO meant to block would go out; the policy is refused.
type UnknownTypeError struct {
	Name  string   // the directory, as other load errors name it
	Found []string // one line each: file, line and the string, German / English
}

func (e *UnknownTypeError) Error() string {
	return fmt.Sprintf("policy %s: %s (bekannt / known: %s)", e.Name, strings.Join(e.Found, "; "), strings.Join(KnownTypes, ", "))
}

// unknownTypes lists the strings of the policy modules (not their tests: a test may name a type that
// does not exist on purpose, or an HTTP method) that look like a finding type and are not one, each
// as "Unbekannte Datenart „IBNA“ in richtlinie.rego Zeile 12 (Tippfehler?) / unknown finding type
// "IBNA" in richtlinie.rego line 12 (typo?)", sorted by file and line. Rule names in rule heads are
// not looked at (a rule named in capitals is no comparison); every string in a body, a value, a
// key or a reference (`cfg.always_block.IBNA`) is.
func unknownTypes(mods map[string]*ast.Module) []string {
	type hit struct {
		file string
		row  int
		s    string
	}
	var hits []hit
	for name, m := range mods {
		if strings.HasSuffix(name, "_test.rego") {
			continue
		}
		seen := map[hit]bool{}
		check := func(x any) {
			ast.WalkTerms(x, func(t *ast.Term) bool {
				s, ok := t.Value.(ast.String)
				if !ok || !looksLikeType(string(s)) || slices.Contains(KnownTypes, string(s)) || slices.Contains(otherUpperWords, string(s)) {
					return false
				}
				h := hit{file: name, s: string(s)}
				if t.Location != nil {
					h.row = t.Location.Row
				}
				if !seen[h] {
					seen[h] = true
					hits = append(hits, h)
				}
				return false
			})
		}
		for _, r := range m.Rules {
			for ; r != nil; r = r.Else {
				if r.Head.Key != nil {
					check(r.Head.Key)
				}
				if r.Head.Value != nil {
					check(r.Head.Value)
				}
				check(r.Head.Args)
				check(r.Body)
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := strings.Compare(a.file, b.file); c != 0 {
			return c
		}
		if a.row != b.row {
			return a.row - b.row
		}
		return strings.Compare(a.s, b.s)
	})
	out := make([]string, len(hits))
	for i, h := range hits {
		file := path.Base(h.file)
		out[i] = fmt.Sprintf("Unbekannte Datenart „%s“ in %s Zeile %d (Tippfehler?) / unknown finding type %q in %s line %d (typo?)", h.s, file, h.row, h.s, file, h.row)
	}
	return out
}
