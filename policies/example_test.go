package policies_test

import (
	"context"
	"fmt"

	"github.com/schleuse/schleuse/policies"
)

func ExampleEngine_Decide() {
	ctx := context.Background()
	e, err := policies.Open(ctx, "") // the embedded default KI-Richtlinie
	if err != nil {
		panic(err)
	}
	d := e.Decide(ctx, &policies.Input{
		Service:  policies.Service{ID: "openai-api", Provider: "openai", Host: "api.openai.com"},
		User:     policies.User{ID: "u-7f3a", Groups: []string{"bauamt"}, Authenticated: true},
		Findings: []policies.FindingSummary{{Type: "PERSON", Count: 2, MaxScore: 0.97}, {Type: "IBAN", Count: 1, MaxScore: 1}},
	})
	fmt.Println(d.Action, d.Redact, d.Reasons[0].Rule)
	fmt.Println(d.Reasons[0].Message)
	// Output:
	// redact [IBAN PERSON] KI-RL-3.2
	// Personenbezogene Daten werden vor dem Versand pseudonymisiert (KI-Richtlinie Abschnitt 3.2): IBAN (Bankverbindung), Name einer Person.
}
