package policies

import (
	"context"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	p, f, err := Test(context.Background(), "", os.Stdout, false)
	t.Log(p, f, err)
	e, err := Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	d := e.Decide(context.Background(), &Input{Service: Service{ID: "openai-api"}, Findings: []FindingSummary{{"PERSON", 1, .9}, {"IBAN", 1, .9}, {"CREDIT_CARD", 1, 1}}})
	t.Logf("%+v", d)
}
