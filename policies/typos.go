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

// AllowListKey is the list in data.yaml (under richtlinie) of upper-case strings a policy names that
// are no finding type although they look like one misspelt: an AD group "PERSONAL" (two letters
// from PERSON).
const AllowListKey = "keine_datenarten"

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

// typeWords are the words of the known types ("DE", "TAX", "ID" of DE_TAX_ID …).
var typeWords = func() map[string]bool {
	w := map[string]bool{}
	for _, t := range KnownTypes {
		for p := range strings.SplitSeq(t, "_") {
			w[p] = true
		}
	}
	return w
}()

// misspelt reports whether s, an upper-case string of a policy that is no known type, is one
// misspelt, and the type it is nearest to ("" for one made up):
//   - two edits or fewer from a known type (a letter added, left out, changed, or two neighbours
//     swapped: "IBNA", "PERSONS", "DE_TAXID"); one where the string or the type has five letters
//     or fewer, as two edits make another word of a short one ("PLAN" and "SCAN" are two from IBAN,
//     "NONE" two from PHONE);
//   - or written as a type that no detector emits: "DE_" and a name ("DE_PASSPORT"), or the words
//     of types alone ("PHONE_NUMBER", "TAX_ID", "HEALTH_INSURANCE", "SPECIAL_CATEGORIES").
//
// Any other upper-case string (an AD group "KI_NUTZER", a code "ABC123") is no type and passes.
func misspelt(s string) (bool, string) {
	best, bestD := "", 3
	for _, t := range KnownTypes {
		limit := 2
		if min(len(s), len(t)) <= 5 {
			limit = 1
		}
		if d := editDistance(s, t, limit); d <= limit && d < bestD {
			best, bestD = t, d
		}
	}
	if best != "" {
		return true, best
	}
	if strings.HasPrefix(s, "DE_") {
		return true, ""
	}
	for p := range strings.SplitSeq(s, "_") {
		if !isTypeWord(p) {
			return false, ""
		}
	}
	return true, ""
}

// isTypeWord reports whether w is a word of a type, or one misspelt or inflected (CATEGORIES,
// NUMMER); a word of three letters or fewer only as it is (KI is no ID).
func isTypeWord(w string) bool {
	if typeWords[w] {
		return true
	}
	if len(w) <= 3 {
		return false
	}
	for t := range typeWords {
		if len(t) < 4 {
			continue
		}
		limit := 1
		if len(t) > 5 {
			limit = 2
		}
		// Or the word's stem: CATEGOR of CATEGORY, in CATEGORIES.
		if editDistance(w, t, limit) <= limit || len(t) >= 5 && strings.HasPrefix(w, t[:len(t)-1]) {
			return true
		}
	}
	return false
}

// editDistance is the optimal string alignment distance of a and b (a byte inserted, deleted or
// changed, or two neighbours swapped, each one edit); limit+1 where it exceeds limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

// UnknownTypeError: a policy module names a string written as a finding type that is none and
// looks like one misspelt (misspelt): "IBNA" in a set of classes, `input.findings[i].type ==
// "PERSONS"`. Such a rule would silently never match, so data the DPO meant to block would go out;
// in a test (*_test.rego) the string makes the test pass for the wrong reason. The policy is
// refused.
type UnknownTypeError struct {
	Name  string   // the directory, as other load errors name it
	Found []string // one line each: file, line and the string, German / English
}

func (e *UnknownTypeError) Error() string {
	return fmt.Sprintf("policy %s: %s (bekannt / known: %s; ist es keine Datenart, etwa eine Gruppe, tragen Sie es in data.yaml unter richtlinie.%s ein / if it is no finding type, a group say, list it in data.yaml under richtlinie.%s)",
		e.Name, strings.Join(e.Found, "; "), strings.Join(KnownTypes, ", "), AllowListKey, AllowListKey)
}

// allowList reads richtlinie.keine_datenarten of the data documents: the strings the DPO says are
// no finding type.
func allowList(docs map[string]any) []string {
	r, _ := docs["richtlinie"].(map[string]any)
	list, _ := r[AllowListKey].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// unknownTypes lists the strings of the policy's modules, tests too, that are written as a finding
// type, are none and look like one misspelt (misspelt), leaving out the HTTP methods and the
// strings of allowed (data.yaml's keine_datenarten); each as "Unbekannte Datenart „IBNA“ in
// richtlinie.rego Zeile 12 (Tippfehler für IBAN?) / unknown finding type "IBNA" in richtlinie.rego
// line 12 (typo of IBAN?)", sorted by file and line. Rule names in rule heads are not looked at (a
// rule named in capitals is no comparison); every string in a body, a value, a key or a reference
// (`cfg.always_block.IBNA`) is.
func unknownTypes(mods map[string]*ast.Module, allowed []string) []string {
	type hit struct {
		file    string
		row     int
		s, near string
	}
	var hits []hit
	for name, m := range mods {
		seen := map[hit]bool{}
		check := func(x any) {
			ast.WalkTerms(x, func(t *ast.Term) bool {
				s, ok := t.Value.(ast.String)
				if !ok || !looksLikeType(string(s)) || slices.Contains(KnownTypes, string(s)) || slices.Contains(otherUpperWords, string(s)) || slices.Contains(allowed, string(s)) {
					return false
				}
				bad, near := misspelt(string(s))
				if !bad {
					return false
				}
				h := hit{file: name, s: string(s), near: near}
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
		de, en := "geschrieben wie eine Datenart, die keine Erkennung liefert", "written as a type that no detector gives"
		if h.near != "" {
			de, en = "Tippfehler für "+h.near+"?", "typo of "+h.near+"?"
		}
		out[i] = fmt.Sprintf("Unbekannte Datenart „%s“ in %s Zeile %d (%s) / unknown finding type %q in %s line %d (%s)", h.s, file, h.row, de, h.s, file, h.row, en)
	}
	return out
}
