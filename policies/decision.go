package policies

import (
	"errors"
	"fmt"
	"slices"
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
const (
	msgFailedDE = "Die KI-Richtlinie konnte nicht ausgewertet werden. Die Anfrage wurde deshalb vorsorglich " +
		"blockiert. Bitte wenden Sie sich an die IT oder die/den Datenschutzbeauftragte(n)."
	msgFailedEN = "The AI policy could not be evaluated, so the request was blocked as a precaution. " +
		"Please contact IT or the data-protection officer."
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

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errMalformed, fmt.Sprintf(format, args...))
}

// parseDecision checks v (the JSON-like value of data.schleuse.decision) against the output
// contract. Anything unexpected is an error, which the caller turns into a block:
// unknown action, redact without types, unknown operator, missing reasons or German message.
// Error texts name fields, never values.
func parseDecision(v any) (Decision, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return Decision{}, malformed("decision is %s, not an object", kindOf(v))
	}
	var d Decision
	action, ok := obj["action"].(string)
	if !ok {
		return d, malformed("action is %s, not a string", kindOf(obj["action"]))
	}
	switch action {
	case ActionAllow, ActionRedact, ActionBlock, ActionWarn:
		d.Action = action
	default:
		return d, malformed("unknown action")
	}

	if r, present := obj["redact"]; present {
		list, ok := r.([]any)
		if !ok {
			return d, malformed("redact is %s, not an array", kindOf(r))
		}
		for i, t := range list {
			s, ok := t.(string)
			if !ok || s == "" {
				return d, malformed("redact[%d] is not a type name", i)
			}
			if !slices.Contains(d.Redact, s) {
				d.Redact = append(d.Redact, s)
			}
		}
	}
	if d.Action == ActionRedact && len(d.Redact) == 0 {
		return d, malformed("action redact without finding types")
	}

	if o, present := obj["operators"]; present {
		m, ok := o.(map[string]any)
		if !ok {
			return d, malformed("operators is %s, not an object", kindOf(o))
		}
		if len(m) > 0 {
			d.Operators = make(map[string]string, len(m))
		}
		for t, op := range m {
			s, _ := op.(string)
			switch s {
			case OperatorPseudonym, OperatorMask, OperatorLabel, OperatorRemove:
				d.Operators[t] = s
			default:
				return d, malformed("operator for a type is not pseudonym, mask, label or remove")
			}
		}
	}

	list, ok := obj["reasons"].([]any)
	if !ok || len(list) == 0 {
		return d, malformed("decision has no reasons")
	}
	d.Reasons = make([]Reason, 0, len(list))
	for i, r := range list {
		m, ok := r.(map[string]any)
		if !ok {
			return d, malformed("reasons[%d] is %s, not an object", i, kindOf(r))
		}
		rule, _ := m["rule"].(string)
		msg, _ := m["message"].(string)
		if rule == "" || msg == "" {
			return d, malformed("reasons[%d] lacks rule or message", i)
		}
		en, _ := m["message_en"].(string)
		d.Reasons = append(d.Reasons, Reason{Rule: rule, Message: msg, MessageEN: en})
	}
	return d, nil
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}
