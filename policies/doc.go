// Package policies evaluates the municipality's KI-Richtlinie, an OPA/Rego policy that the
// data-protection officer owns, and ships the default policy.
//
// The proxy opens an engine once and asks it for every inspected request:
//
//	e, err := policies.Open(ctx, cfg.Policy.Dir) // "" = embedded default; runs the policy's own tests
//	go e.Watch(ctx, func(err error) { … })      // hot reload on file changes; SIGHUP: e.Reload(ctx)
//	d := e.Decide(ctx, &policies.Input{…})       // allow | redact | block | warn, with reasons
//
// Decide never answers allow on an error: an undefined or malformed decision, a runtime error or a
// cancelled context give a block with Failed set and the German notice of RuleFailed; the cause
// is in Decision.Err for the log. Every decision carries the policy revision, a hash of the
// policy files, for the audit log.
//
// A policy directory holds .rego files (package schleuse, rule decision), their *_test.rego tests
// and data.json/data.yaml, loaded exactly as `opa test DIR` loads them. Open and Reload reject a
// policy that does not parse, compile or pass its own tests; Reload then keeps the last good one.
// Policies cannot use http.send, net.*, opa.runtime, time.now_ns, rand.intn or uuid.rfc4122.
//
// The CLI uses Test (`schleuse policy test`), Explain (`schleuse policy eval`) and WriteDefault
// (`schleuse policy init`). The German guide for DPOs is docs/de/richtlinie.md.
package policies
