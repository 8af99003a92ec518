package policies

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Actions a decision can carry.
const (
	ActionAllow  = "allow"
	ActionRedact = "redact"
	ActionBlock  = "block"
	ActionWarn   = "warn"
)

// Redaction operators a decision may name per finding type. Pseudonym is the default.
const (
	OperatorPseudonym = "pseudonym"
	OperatorMask      = "mask"
	OperatorLabel     = "label"
	OperatorRemove    = "remove"
)

// RuleFailed is the rule id of the fail-closed decision after a policy error.
const RuleFailed = "KI-RL-0.0"

// Public messages of the fail-closed decision. They never contain the cause.
// Whom to ask the proxy's notice says after them (IT and notice.contact,
// with the reference number); before, they said it once more, each other way.
const (
	msgFailedDE = "Die KI-Richtlinie konnte nicht ausgewertet werden. Die Anfrage wurde deshalb vorsorglich blockiert."
	msgFailedEN = "The AI policy could not be evaluated, so the request was blocked as a precaution."
)

// Reason is one rule that shaped a decision, with its German message and an English one.
type Reason struct {
	Rule      string `json:"rule"`
	Message   string `json:"message"`
	MessageEN string `json:"message_en,omitempty"`
}

// Decision is what the policy decided for one request (DESIGN.md, "Policy output").
type Decision struct {
	Action    string            `json:"action"`              // allow | redact | block | warn
	Redact    []string          `json:"redact,omitempty"`    // finding types to redact (action redact)
	Operators map[string]string `json:"operators,omitempty"` // per type: pseudonym (default) | mask | label | remove
	Reasons   []Reason          `json:"reasons"`             // at least one, with rule id and German message
	Revision  string            `json:"revision"`            // policy revision (hash of the bundle), always set
	Failed    bool              `json:"failed,omitempty"`    // the fail-closed block after a policy error
	// Err is the internal cause when Failed is true, for the log; never show it to staff. It names
	// error codes and policy locations, not input values.
	Err error `json:"-"`
}

// failed is the fail-closed decision for cause.
func failed(revision string, cause error) Decision {
	return Decision{
		Action:   ActionBlock,
		Reasons:  []Reason{{Rule: RuleFailed, Message: msgFailedDE, MessageEN: msgFailedEN}},
		Revision: revision,
		Failed:   true,
		Err:      cause,
	}
}

// errMalformed marks a decision value that does not follow the output contract.
var errMalformed = errors.New("malformed decision")

// malformedError is a decision that does not follow the output contract,
// said in English (the log) and in German (CauseDE, for the DPO's policy
// eval). Its text is errMalformed's and en, as before.
type malformedError struct{ de, en string }

func (e *malformedError) Error() string        { return errMalformed.Error() + ": " + e.en }
func (e *malformedError) Is(target error) bool { return target == errMalformed }

// malformed is a malformedError; args, if any, fill the verbs of de and en
// alike (a German count from 1 is formatted by the caller).
func malformed(de, en string, args ...any) error {
	if len(args) > 0 {
		de, en = fmt.Sprintf(de, args...), fmt.Sprintf(en, args...)
	}
	return &malformedError{de: de, en: en}
}

// errUndefined: no rule gave data.schleuse.decision a value for the input.
var errUndefined = errors.New("is undefined")

// CauseDE says in German what made an evaluation fail: err is Explain's
// error or a failed Decision's Err. It names the field of the decision or
// the kind of failure, never an input value; the English err (with OPA's
// file:line) follows it where it is shown. For policy eval, where a DPO
// tries an input: before, it showed the English cause alone ("malformed
// decision: reasons[0] lacks rule or message" for a message whose German
// text was deleted).
func CauseDE(err error) string {
	var m *malformedError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &m):
		return "Die Entscheidung hat nicht die Form aus docs/de/richtlinie.md, Abschnitt 2: " + m.de
	case errors.Is(err, errUndefined):
		return "Keine Regel liefert für diese Eingabe eine Entscheidung (" + Query + " ist nicht definiert)"
	case errors.Is(err, errEvalTimeout):
		return "Die Auswertung dauerte länger als ihre Grenze (policy.evaluation_timeout)"
	}
	return "Die Auswertung ist mit einem Fehler abgebrochen (Datei:Zeile in der englischen Meldung dahinter)"
}

// parseDecision checks v (the value of data.schleuse.decision, read as an AST value without a
// JSON conversion) against the output contract. Anything unexpected is an error, which the caller
// turns into a block: unknown action, redact without types, unknown operator, missing reasons or
// German message. Error texts name fields, never values.
func parseDecision(v ast.Value) (Decision, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return Decision{}, malformed("die Entscheidung ist kein Objekt (in Rego: %s)", "decision is %s, not an object", kindOf(v))
	}
	var d Decision
	av := get(obj, kAction)
	action, ok := av.(ast.String)
	if !ok {
		return d, malformed("action ist kein Text (in Rego: %s)", "action is %s, not a string", kindOf(av))
	}
	switch a := string(action); a {
	case ActionAllow, ActionRedact, ActionBlock, ActionWarn:
		d.Action = a
	default:
		return d, malformed("action ist nicht allow, redact, warn oder block", "unknown action")
	}

	if r := get(obj, kRedact); r != nil {
		list, ok := elems(r)
		if !ok {
			return d, malformed("redact ist keine Liste (in Rego: %s)", "redact is %s, not an array", kindOf(r))
		}
		d.Redact = make([]string, 0, len(list))
		for i, t := range list {
			s, ok := t.Value.(ast.String)
			if !ok || s == "" {
				return d, malformed(fmt.Sprintf("Eintrag %d von redact ist kein Name einer Datenklasse", i+1), fmt.Sprintf("redact[%d] is not a type name", i))
			}
			if !slices.Contains(d.Redact, string(s)) {
				d.Redact = append(d.Redact, string(s))
			}
		}
		if len(d.Redact) == 0 {
			d.Redact = nil
		}
	}
	if d.Action == ActionRedact && len(d.Redact) == 0 {
		return d, malformed("action redact ohne Datenklassen unter redact", "action redact without finding types")
	}

	if o := get(obj, kOperators); o != nil {
		m, ok := o.(ast.Object)
		if !ok {
			return d, malformed("operators ist kein Objekt (in Rego: %s)", "operators is %s, not an object", kindOf(o))
		}
		if m.Len() > 0 {
			d.Operators = make(map[string]string, m.Len())
		}
		err := m.Iter(func(k, op *ast.Term) error {
			s, _ := op.Value.(ast.String)
			switch s := string(s); s {
			case OperatorPseudonym, OperatorMask, OperatorLabel, OperatorRemove:
				key, err := keyString(k.Value)
				if err != nil {
					return err
				}
				d.Operators[key] = s
				return nil
			}
			return malformed("ein Operator unter operators ist nicht pseudonym, mask, label oder remove", "operator for a type is not pseudonym, mask, label or remove")
		})
		if err != nil {
			return d, err
		}
	}

	list, ok := elems(get(obj, kReasons))
	if !ok || len(list) == 0 {
		return d, malformed("die Entscheidung hat keine Begründung (reasons)", "decision has no reasons")
	}
	d.Reasons = make([]Reason, 0, len(list))
	for i, t := range list {
		r := t.Value
		m, ok := r.(ast.Object)
		if !ok {
			return d, malformed(fmt.Sprintf("Begründung %d (reasons) ist kein Objekt (in Rego: %s)", i+1, kindOf(r)), fmt.Sprintf("reasons[%d] is %s, not an object", i, kindOf(r)))
		}
		rule, _ := get(m, kRule).(ast.String)
		msg, _ := get(m, kMessage).(ast.String)
		if rule == "" || msg == "" {
			return d, malformed(fmt.Sprintf("Begründung %d (reasons) hat keine Regel-ID (rule) oder keine deutsche Meldung (message): fehlt in data.yaml unter messages die Zeile de: dieser Regel?", i+1), fmt.Sprintf("reasons[%d] lacks rule or message", i))
		}
		en, _ := get(m, kMessageEN).(ast.String)
		d.Reasons = append(d.Reasons, Reason{Rule: string(rule), Message: string(msg), MessageEN: string(en)})
	}
	return d, nil
}

// Keys of the output contract.
var (
	kAction    = ast.StringTerm("action")
	kRedact    = ast.StringTerm("redact")
	kOperators = ast.StringTerm("operators")
	kReasons   = ast.StringTerm("reasons")
	kRule      = ast.StringTerm("rule")
	kMessage   = ast.StringTerm("message")
	kMessageEN = ast.StringTerm("message_en")
)

// get is obj[k], nil when absent.
func get(obj ast.Object, k *ast.Term) ast.Value {
	if t := obj.Get(k); t != nil {
		return t.Value
	}
	return nil
}

// elems are the elements of an array, or of a set in sorted order: a set where the contract
// wants an array is read as OPA's JSON conversion reads it.
func elems(v ast.Value) ([]*ast.Term, bool) {
	switch v := v.(type) {
	case *ast.Array:
		ts := make([]*ast.Term, v.Len())
		for i := range ts {
			ts[i] = v.Elem(i)
		}
		return ts, true
	case ast.Set:
		return v.Slice(), true
	}
	return nil, false
}

// keyString is an object key as OPA's JSON conversion gives it: a string key as is, any other
// key (Rego objects may have them) as its JSON text.
func keyString(v ast.Value) (string, error) {
	if s, ok := v.(ast.String); ok {
		return string(s), nil
	}
	x, err := ast.JSON(v)
	if err != nil {
		return "", malformed("ein Schlüssel unter operators ist kein JSON", "operators has a key that is not JSON")
	}
	b, err := json.Marshal(x)
	if err != nil {
		return "", malformed("ein Schlüssel unter operators ist kein JSON", "operators has a key that is not JSON")
	}
	return string(b), nil
}

func kindOf(v ast.Value) string {
	switch v.(type) {
	case nil, ast.Null:
		return "null"
	case ast.Object:
		return "an object"
	case *ast.Array, ast.Set: // OPA's JSON conversion turns a set into an array
		return "an array"
	case ast.String:
		return "a string"
	case ast.Boolean:
		return "a boolean"
	case ast.Number:
		return "a number"
	default:
		return "a value that is not JSON"
	}
}
