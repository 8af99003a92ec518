package policies

import (
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestValueMatchesJSON: the hand-written conversion gives the value OPA makes of the input's
// JSON, for every subset of fields the engine may pass, also when its terms come from the shared
// cache (each input converted twice; inputs that differ only where the cache keys could
// confuse them).
func TestValueMatchesJSON(t *testing.T) {
	base := func() *Input {
		in := benchInput()
		in.Request.Path = "/v1/x"
		in.Uninspected = []string{"image"}
		for i := range in.Findings {
			in.Findings[i].Fields = []string{"user"}
		}
		return in
	}
	variants := map[string]func(in *Input){
		"bench":               func(*Input) {},
		"groups empty":        func(in *Input) { in.User.Groups = []string{} },
		"one empty group":     func(in *Input) { in.User.Groups = []string{""} },
		"two empty groups":    func(in *Input) { in.User.Groups = []string{"", ""} },
		"groups a b":          func(in *Input) { in.User.Groups = []string{"a", "b"} },
		"group a NUL b":       func(in *Input) { in.User.Groups = []string{"a\x00b"} },
		"topics a NUL b":      func(in *Input) { in.Topics = []string{"a\x00b"} },
		"topics a b":          func(in *Input) { in.Topics = []string{"a", "b"} },
		"other user":          func(in *Input) { in.User.ID = "u-other" },
		"not authenticated":   func(in *Input) { in.User.Authenticated = false },
		"other provider":      func(in *Input) { in.Service.Provider = "azure" },
		"other name":          func(in *Input) { in.Service.Name = "Azure OpenAI" },
		"other host":          func(in *Input) { in.Service.Host = "example.org" },
		"justification":       func(in *Input) { in.Justification = "Antrag Meier, Az. 12" },
		"nothing uninspected": func(in *Input) { in.Uninspected = []string{} },
	}
	masks := []fields{fAll, fServiceID | fUserGroups | fFindings | fTopics | fJustification | fUninspected,
		fServiceID | fServiceHost | fUserID | fUserAuthenticated, fServiceProvider | fUserGroups | fUserAuthenticated}
	for name, vary := range variants {
		in := base()
		vary(in)
		j, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(j, &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range masks {
			want, err := ast.InterfaceToValue(onlyFields(doc, f))
			if err != nil {
				t.Fatal(err)
			}
			for round := range 2 {
				if got := in.valueOf(f); ast.Compare(got, want) != 0 {
					t.Errorf("%s, fields %016b, round %d:\n got %v\nwant %v", name, f, round, got, want)
				}
			}
		}
	}
}

// onlyFields is the JSON document doc with the fields f, by the analysis schema.
func onlyFields(doc map[string]any, f fields) map[string]any {
	out := map[string]any{}
	for top, s := range schema {
		if f&s.all == 0 {
			continue
		}
		if s.sub == nil {
			out[top] = doc[top]
			continue
		}
		sub := map[string]any{}
		for k, bit := range s.sub {
			if f&bit != 0 {
				sub[k] = doc[top].(map[string]any)[k]
			}
		}
		out[top] = sub
	}
	return out
}
