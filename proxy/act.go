package proxy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/bits"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/schleuse/schleuse/audit"
	"github.com/schleuse/schleuse/detectors"
	"github.com/schleuse/schleuse/internal/byteset"
	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/providers"
	"github.com/schleuse/schleuse/pseudonym"
)

// act carries out the decision.
func (r *run) act() *Verdict {
	d := r.decision
	r.foldValues() // redaction and the audit record ask for the findings' values
	if d.Action == "redact" && r.queryFindings && r.redactsQuery() {
		return r.queryBlocked()
	}
	switch d.Action {
	case "allow":
		r.action = "allow"
		if err := r.audit(); err != nil {
			return r.auditFailed(err)
		}
		v := &Verdict{Forward: r.body, DropContentEncoding: r.decoded}
		if !r.env.Stateless || r.ws {
			// A request that carried its whole conversation and had
			// nothing replaced sent no placeholder its answer could
			// rightly name (answerMapping).
			r.restoreAnswer(v, r.p.Pseudonyms.Conversation(conversationKey(r.x)))
		}
		r.learn(v)
		return v
	case "redact":
		return r.redact()
	case "warn":
		r.action = "warn"
		if err := r.audit(); err != nil {
			return r.auditFailed(err)
		}
		types, where := r.typesFound(), r.elsewhere()
		regardless := r.warnedWithoutFindings(d.Reasons)
		if regardless {
			// The policy warns as well without the findings (a DPO's
			// rule for a service or a group): naming them would say
			// they were the cause.
			types, where = nil, elsewhere{}
		}
		return r.notice("warn", warnText(types, where, regardless, d.Reasons, r.x.RequestID))
	default: // "block" and anything unknown
		r.action = "block"
		if d.Failed {
			r.failure = "policy_failed"
			if d.Err != nil { // code and file:line only, never input values
				// The same failure given again from the policy's cache
				// (policies.FailedTTL) was logged as an error when it
				// happened: under a broken policy every request would
				// otherwise write an error line. Each is still counted
				// (schleuse_failclosed_total) and audited.
				level := slog.LevelError
				if errors.Is(d.Err, policies.ErrFailedRecently) {
					level = slog.LevelDebug
				}
				r.p.Log.Log(r.ctx, level, "Auswertung der Richtlinie gescheitert (Grund unter error): Anfrage blockiert / policy evaluation failed: request blocked", "request_id", r.x.RequestID,
					"service", r.x.Service.ID, "revision", d.Revision, "error", d.Err.Error())
			}
		}
		if err := r.audit(); err != nil {
			return r.auditFailed(err)
		}
		types, where := r.typesFound(), r.elsewhere()
		if !slices.Contains(types, "CLASSIFICATION") && (d.Failed || r.blockedWithoutFindings()) {
			// Removing what was found would not get the request
			// through: the policy failed (its fault, not the prompt's),
			// or it blocks this service, this group or what it cannot
			// read whatever the text holds (KI-RL-2.1, KI-RL-3.6). The
			// notice then names whom to ask with the reference number;
			// before, it said to remove the data and send again, and
			// the request sent so was blocked again. A marking keeps
			// its step: the content stays classified.
			types, where = nil, elsewhere{}
		}
		return r.notice("block", blockText(types, where, d.Reasons, r.x.RequestID))
	}
}

// blockedWithoutFindings reports whether the policy blocks the request as
// well without what was found in it (the same service, groups, topics,
// justification and unreadable content, no findings). Asked only for a
// block with findings, under the probe's mark (Probing), so that the shadow
// policy does not count it as a request; its answer mostly comes from the
// decision cache. A failure of the probe says nothing and reports false.
func (r *run) blockedWithoutFindings() bool {
	d, ok := r.withoutFindings()
	return ok && d.Action == "block"
}

// warnedWithoutFindings reports whether the policy gives the same warning
// without what was found: it warns then too, for every rule of reasons.
// A warning of which a rule fires only with the findings (KI-RL-6.1,
// KI-RL-3.4) names them. Asked only for a warn with findings, as
// blockedWithoutFindings; an allow or redact asks nothing.
func (r *run) warnedWithoutFindings(reasons []policies.Reason) bool {
	d, ok := r.withoutFindings()
	if !ok || d.Action != "warn" {
		return false
	}
	for _, want := range reasons {
		if !slices.ContainsFunc(d.Reasons, func(got policies.Reason) bool { return got.Rule == want.Rule }) {
			return false
		}
	}
	return true
}

// withoutFindings is the policy's decision on the request's input without
// its findings, asked under the probe's mark (Probing); ok is false when
// nothing was found, the request is gone or the probe failed.
func (r *run) withoutFindings() (d policies.Decision, ok bool) {
	if r.in == nil || len(r.in.Findings) == 0 || r.ctx.Err() != nil {
		return d, false
	}
	in := *r.in
	in.Findings, in.Counts = []policies.FindingSummary{}, map[string]int{}
	d = r.p.Policy.Decide(ProbeContext((*decideContext)(r)), &in)
	return d, !d.Failed
}

// redact replaces the values of the types the policy names and forwards.
func (r *run) redact() *Verdict {
	r.action = "redact"
	redactTypes := r.decision.Redact
	m := r.p.Pseudonyms.Conversation(conversationKey(r.x))
	edits := make([]providers.Edit, 0, r.findingCount())
	var doneBuf [16]replaced
	done := doneBuf[:0]        // the first distinct values replaced
	var split []providers.Edit // the pieces of values split across two fields (scanBoundaries)
	for si := range r.scans {
		s := &r.scans[si]
		if s.split != nil {
			// The left piece becomes the value's replacement, the right
			// one goes: "Konto DE89 3704" + "0044 0532 0130 00, bitte" →
			// "Konto [IBAN_1]" + ", bitte". A field must not be left
			// without text, though: Anthropic refuses an empty text block
			// or message ("must be non-empty"), Gemini an empty text part.
			// When the right field holds nothing but its piece, the
			// replacement goes there and the left piece goes ("Konto " +
			// "[IBAN_1]"); when the left holds nothing but its piece too,
			// both name the value. Of three pieces or more, the first
			// middle one, all value, takes the replacement ("Konto " +
			// "[IBAN_1]" + " bitte"), and a piece that would be left
			// without text names the value too.
			for j, fd := range s.findings {
				if !slices.Contains(redactTypes, fd.Type) {
					continue
				}
				op := r.decision.Operators[fd.Type]
				if op == "" {
					op = "pseudonym"
				}
				pieces := r.splitEdits(*s, fd, m.ReplaceWritten(op, fd.Type, s.valueAt(j), s.writtenAt(j)))
				for _, e := range pieces {
					if !r.env.Fields[e.Field].Redactable() {
						// A WebSocket message of a format schleuse
						// cannot rewrite that continues a value of the
						// message before (scanTail).
						return r.cannotRewrite()
					}
				}
				split = append(split, pieces...)
			}
			continue
		}
		if s.field < 0 {
			continue // the URL query: act blocked the request if it held a type to replace
		}
		f := &r.env.Fields[s.field]
		for j, fd := range s.findings {
			if !slices.Contains(redactTypes, fd.Type) {
				continue
			}
			if !f.Redactable() {
				if f.Verbatim(fd.Start, fd.End) && len(s.valueAt(j)) >= minFurtherValue && replacedAs(done, fd.Type, s.valueAt(j)) {
					// Text decoded from "\u" escapes where it stands as
					// in the field it was decoded from: that field's own
					// finding, replaced there (furtherOccurrences).
					continue
				}
				return r.cannotRewrite()
			}
			if f.Kind == providers.Schema && f.Number() {
				// A number in a tool's or a structured output's schema
				// (an enum, a const, a default, an example, a bound):
				// replaced, it becomes a string, and the schema no longer
				// matches its own types; the service refuses it or the
				// program gets answers of the wrong type.
				return r.cannotRedact("Eine Zahl in den Tool- oder Schemabeschreibungen des aufrufenden Programms müsste vor dem Versand ersetzt werden. Ein Platzhalter ist keine Zahl und machte die Beschreibung ungültig; die Anfrage wurde daher blockiert. Bitte entfernen Sie den Wert aus der Beschreibung.",
					"A number in the tool or schema definitions of the calling program would have to be replaced before sending. A placeholder is no number and would make the definition invalid, so the request was blocked. Please remove the value from the definition.")
			}
			op := r.decision.Operators[fd.Type]
			if op == "" {
				op = "pseudonym"
			}
			value, written := s.valueAt(j), s.writtenAt(j)
			repl, ok := sameValue(done, op, fd.Type, value, written)
			if !ok {
				// Restored as written: an Aktenzeichen "AZ-2026-0815"
				// the detectors read with blanks comes back with its
				// hyphens (writtenAt).
				repl = m.ReplaceWritten(op, fd.Type, value, written)
				if len(done) < maxSameValue {
					done = append(done, replaced{op: op, typ: fd.Type, value: value, written: written, repl: repl})
				}
			}
			edits = append(edits, providers.Edit{Field: s.field, Start: fd.Start, End: fd.End, Replacement: repl})
		}
	}
	edits = r.furtherOccurrences(edits)
	if len(split) > 0 {
		// A value split across two fields wins over what a field's own
		// scan found inside one of its pieces.
		edits = slices.DeleteFunc(edits, func(e providers.Edit) bool {
			return slices.ContainsFunc(split, func(s providers.Edit) bool {
				return s.Field == e.Field && e.Start < s.End && s.Start < e.End
			})
		})
		edits = append(edits, split...)
	}
	r.quoteJSONNumbers(edits)
	r.markNumbers(m, edits)
	var body []byte
	var err error
	if r.ws {
		body, err = r.wsi.WSApply(r.preq, r.body, r.env, edits)
	} else {
		body, err = r.adapter.Apply(r.preq, r.body, r.env, edits)
	}
	if err != nil {
		r.action = "block"
		return r.failClosed("apply_error", err, "Die Anfrage konnte nicht sicher umgeschrieben werden und wurde deshalb nicht weitergeleitet.", "The request could not be rewritten safely, so it was not forwarded.")
	}
	if err := r.audit(); err != nil {
		return r.auditFailed(err)
	}
	v := &Verdict{Forward: body, DropContentEncoding: r.decoded}
	r.replaced = len(edits) > 0
	r.restoreAnswer(v, r.answerMapping(m, edits))
	r.learn(v)
	return v
}

// replacedCounts returns the distinct values of each type that redact
// replaced, by type (sorted), and whether all of them were pseudonymised,
// so that the answer shows them again (not masked, labelled or removed).
func (r *run) replacedCounts() ([]typeCount, bool) {
	type key struct{ typ, value string }
	seen := map[key]bool{}
	var out []typeCount
	restored := true
	for si := range r.scans {
		s := &r.scans[si]
		if s.field < 0 && s.split == nil {
			continue
		}
		for j, fd := range s.findings {
			if !slices.Contains(r.decision.Redact, fd.Type) {
				continue
			}
			if op := r.decision.Operators[fd.Type]; op != "" && op != pseudonym.OpPseudonym {
				restored = false
			}
			k := key{fd.Type, s.valueAt(j)}
			if seen[k] {
				continue
			}
			seen[k] = true
			i := slices.IndexFunc(out, func(c typeCount) bool { return c.typ == fd.Type })
			if i < 0 {
				out = append(out, typeCount{typ: fd.Type})
				i = len(out) - 1
			}
			out[i].n++
		}
	}
	slices.SortFunc(out, func(a, b typeCount) int { return strings.Compare(a.typ, b.typ) })
	return out, restored
}

// quoteJSONNumbers quotes the replacement of a number in a text that is
// JSON (a tool call's arguments, '{"steuer_id": 86095742719}', which
// OpenAI's API carries as a string): the placeholder alone there made the
// arguments invalid JSON ('{"steuer_id": [DE_TAX_ID_1]}'), which the model
// reads back as its own call; now they read '{"steuer_id":
// "[DE_TAX_ID_1]"}', as a JSON number field becomes a string
// (Field.Number). A number is a value of the JSON: after ':', '[' or ','
// and before ',', ']' or '}' (white space aside), all digits, and the text
// as a whole valid JSON; digits inside a JSON string are text.
func (r *run) quoteJSONNumbers(edits []providers.Edit) {
	valid := map[int]bool{}
	for i := range edits {
		e := &edits[i]
		f := &r.env.Fields[e.Field]
		t := f.Text
		if e.Replacement == "" || f.Number() || e.Start >= e.End {
			continue
		}
		start := e.Start
		if start > 0 && t[start-1] == '-' {
			start-- // a negative number: its sign goes with it ("-86095742719")
		}
		if !jsonNumberSpan(t, start, e.End) {
			continue
		}
		ok, seen := valid[e.Field]
		if !seen {
			ok = json.Valid([]byte(t))
			valid[e.Field] = ok
		}
		if ok {
			q, _ := json.Marshal(e.Replacement)
			e.Start, e.Replacement = start, string(q)
		}
	}
}

// markNumbers tells m which placeholders stand for a whole JSON number of
// the request: a number field ({"steuer_id": 86095742719}) or a number
// quoteJSONNumbers quoted in a text that is JSON. When the model calls a
// tool with such a placeholder as a string value of its arguments, the
// answer gets the number back, not a string of digits that the client's
// tool, whose schema says integer, would refuse (pseudonym/numbers.go).
func (r *run) markNumbers(m *pseudonym.Mapping, edits []providers.Edit) {
	for _, e := range edits {
		f := &r.env.Fields[e.Field]
		switch {
		case f.Number() && e.Start == 0 && e.End == len(f.Text):
			m.MarkNumber(e.Replacement)
		case !f.Number() && len(e.Replacement) > 2 && e.Replacement[0] == '"' && jsonNumberSpan(f.Text, e.Start, e.End):
			var p string
			if json.Unmarshal([]byte(e.Replacement), &p) == nil {
				m.MarkNumber(p)
			}
		}
	}
}

// jsonNumberSpan reports whether t[start:end] is a number standing as a
// value of JSON: digits (with a fraction or an exponent, "86095742719.0",
// "8.6095742719e10", which foldTokens reads as their digits; with a minus
// sign, "-86095742719": before, the placeholder stood after it bare,
// '{"id": -[DE_TAX_ID_1]}', and the JSON was broken), after ':',
// '[' or ',' and before ',', ']' or '}', white space aside, and outside a
// JSON string ('{"notiz": "Steuer-ID: 86095742719, bitte"}' holds text,
// which quotes would end).
func jsonNumberSpan(t string, start, end int) bool {
	d := start
	if d < end && t[d] == '-' {
		d++
	}
	if d >= end || t[d] < '0' || t[d] > '9' {
		return false
	}
	for i := start; i < end; i++ {
		if (t[i] < '0' || t[i] > '9') && !strings.ContainsRune(".eE+-", rune(t[i])) {
			return false
		}
	}
	b := strings.TrimRight(t[:start], " \t\r\n")
	if b == "" || !strings.ContainsRune(":[,", rune(b[len(b)-1])) {
		return false
	}
	a := strings.TrimLeft(t[end:], " \t\r\n")
	if a == "" || !strings.ContainsRune(",]}", rune(a[0])) {
		return false
	}
	inString := false
	for i := 0; i < start; i++ {
		switch t[i] {
		case '\\':
			if inString {
				i++ // the escaped character
			}
		case '"':
			inString = !inString
		}
	}
	return !inString
}

// cannotRewrite blocks a request whose values would have to be replaced in
// a field its format does not let schleuse rewrite.
func (r *run) cannotRewrite() *Verdict {
	return r.cannotRedact("Diese Angaben müssten vor dem Versand ersetzt werden, aber dieses Anfrageformat (oder diese Datei) kann schleuse nicht umschreiben. Die Anfrage wurde daher blockiert.",
		"These data would have to be replaced before sending, but schleuse cannot rewrite this request format or file, so it was blocked.")
}

// tailEdits returns the edits that replace fd, a finding of scanTail that
// crosses from the person's earlier WebSocket message into this one, by
// with: the earlier part went out and cannot be recalled, so this
// message's first piece carries the replacement ("0044 0532 0130 00 den
// Betrag." → "[IBAN_1] den Betrag."), and a later piece the value leaves
// without text names it too (an empty field would be refused).
func (r *run) tailEdits(s scanned, fd detectors.Finding, with string) []providers.Edit {
	edits := r.rightEdits(s.split, fd, nil)
	for i := range edits {
		if i == 0 || strings.TrimSpace(r.env.Fields[edits[i].Field].Text[edits[i].End:]) == "" {
			edits[i].Replacement = with
		}
	}
	return edits
}

// rightEdits appends to edits one edit per field of b.right that fd
// reaches into, from the field's start to where fd ends in it (without a
// replacement: splitEdits and tailEdits say which carries it).
func (r *run) rightEdits(b *boundary, fd detectors.Finding, edits []providers.Edit) []providers.Edit {
	for j, k := range b.right {
		if fd.End <= b.at[j] {
			break
		}
		t := r.env.Fields[k].Text
		end := min(len(t), fd.End-b.at[j])
		for end < len(t) && !utf8.RuneStart(t[end]) {
			end++
		}
		edits = append(edits, providers.Edit{Field: k, Start: 0, End: end})
	}
	return edits
}

// splitEdits returns the edits that replace fd, a finding of a
// scanBoundaries text s that crosses from its left field into one or more
// of its right fields, by with (see redact).
func (r *run) splitEdits(s scanned, fd detectors.Finding, with string) []providers.Edit {
	b := s.split
	if b.left < 0 {
		return r.tailEdits(s, fd, with)
	}
	lt := r.env.Fields[b.left].Text
	edits := r.rightEdits(b, fd, []providers.Edit{{Field: b.left, Start: b.base + fd.Start, End: len(lt)}})
	last := &edits[len(edits)-1]
	lastRest := strings.TrimSpace(r.env.Fields[last.Field].Text[last.End:])
	leftRest := strings.TrimSpace(lt[:edits[0].Start])
	if len(edits) == 2 {
		if lastRest == "" {
			last.Replacement = with
			if leftRest == "" {
				edits[0].Replacement = with
			}
		} else {
			edits[0].Replacement = with
		}
		return edits
	}
	edits[1].Replacement = with // a middle piece: all value
	for j := 2; j < len(edits)-1; j++ {
		edits[j].Replacement = with // an empty middle field would be refused
	}
	if leftRest == "" {
		edits[0].Replacement = with
	}
	if lastRest == "" {
		last.Replacement = with
	}
	return edits
}

// answerMapping is the part of the user's mapping at the service whose
// placeholders the answer to this request is restored with. The mapping is
// the user's across conversations (conversationKey), so that a stateful
// service's answer can name a placeholder of an earlier turn it keeps. A
// request that carries its whole conversation (Envelope.Stateless: chat
// completions, Messages, generateContent) sent every placeholder its answer
// can rightly name, so only those are restored: a placeholder of another
// conversation, typed or coaxed into this one ("Wiederhole wörtlich:
// [PERSON_1]"), stays a placeholder instead of becoming that conversation's
// value, which under one API identity (a municipal assistant serving many
// citizens) would be another citizen's.
func (r *run) answerMapping(m *pseudonym.Mapping, edits []providers.Edit) *pseudonym.Mapping {
	if !r.env.Stateless || r.ws {
		return m
	}
	used := make([]string, 0, len(edits))
	for _, e := range edits {
		switch {
		case len(e.Replacement) > 2 && e.Replacement[0] == '[':
			used = append(used, e.Replacement)
		case len(e.Replacement) > 4 && e.Replacement[0] == '"':
			// A number's placeholder quoted in a text that is JSON
			// (quoteJSONNumbers): '"[DE_TAX_ID_1]"'.
			var p string
			if json.Unmarshal([]byte(e.Replacement), &p) == nil {
				used = append(used, p)
			}
		}
	}
	// Each placeholder once: a name replaced at ten places is one entry
	// of the subset, which is then sized for what it holds.
	slices.Sort(used)
	return m.Subset(slices.Compact(used))
}

// redactsQuery reports whether the decision replaces a type found in the
// URL query.
func (r *run) redactsQuery() bool {
	for _, s := range r.scans {
		if s.field >= 0 || s.split != nil {
			continue
		}
		for _, f := range s.findings {
			if slices.Contains(r.decision.Redact, f.Type) {
				return true
			}
		}
	}
	return false
}

// replaced is a value redact replaced, and its replacement.
type replaced struct{ op, typ, value, written, repl string }

// maxSameValue bounds the values redact compares a value with (a
// quadratic check, cheap for the few values of a prompt); later values are
// replaced without it.
const maxSameValue = 64

// sameValue returns the replacement of an earlier value of done (same
// operator, type and text, written alike): a name or number repeated in a
// prompt is pseudonymised once instead of being normalised and hashed again
// (Replace gives equal values the same replacement). Written otherwise, it
// is replaced again, so that the answer has the form written last.
func sameValue(done []replaced, op, typ, value, written string) (string, bool) {
	for _, d := range done {
		if d.value == value && d.written == written && d.typ == typ && d.op == op {
			return d.repl, true
		}
	}
	return "", false
}

// replacedAs reports a value of type typ that done replaces.
func replacedAs(done []replaced, typ, value string) bool {
	return slices.ContainsFunc(done, func(d replaced) bool { return d.value == value && d.typ == typ })
}

// cannotRedact blocks a request the policy let through with replacements
// that schleuse cannot make (failure cannot_redact): the record is written
// first, then the notice gives reason de (German) and en.
func (r *run) cannotRedact(de, en string) *Verdict {
	r.failure = "cannot_redact"
	r.action = "block"
	if err := r.audit(); err != nil {
		return r.auditFailed(err)
	}
	return r.notice("block", blockText(r.typesFound(), r.elsewhere(), []policies.Reason{{
		Rule: "schleuse", Message: de, MessageEN: en,
	}}, r.x.RequestID))
}

// furtherOccurrences adds an edit for every further occurrence of a value
// that is being replaced, in every scanned field that can be rewritten. The
// detectors judge each occurrence by its own context: a value they
// recognised once ("Server 10.1.2.3 antwortet") may stand again where its
// context does not say what it is ("steht auf 10.1.2.3"). The same value is
// the same datum, so it gets the same replacement everywhere. Only whole
// tokens are replaced (not "10.1.2.3" in "110.1.2.34", not "Müller" in
// "Müller-Thurgau"), values shorter than minFurtherValue bytes only where
// they were found; spans that an edit already covers stay as they are. The
// findings (policy input, audit record) do not change.
func (r *run) furtherOccurrences(edits []providers.Edit) []providers.Edit {
	if len(edits) == 0 {
		return edits
	}
	texts := make([]string, len(r.env.Fields)) // "" for the fields not scanned or not rewritable
	for _, s := range r.scans {
		if s.field >= 0 && r.env.Fields[s.field].Redactable() {
			texts[s.field] = s.text
		}
	}
	return furtherEdits(texts, edits)
}

// furtherEdits is furtherOccurrences on plain data: texts[f] is the text of
// field f, edits are the replacements of what was found (spans in texts).
// Its cost grows with the text times the number of distinct values, never
// with the square of the occurrences: a pasted list that repeats a name
// ten thousand times is one pass per value. The values are looked for by
// their rare bytes in one pass over each field (rareIndex.starts), as far
// as it stays cheap; past that, and for long values, one pass per value.
func furtherEdits(texts []string, edits []providers.Edit) []providers.Edit {
	// The few values and spans of a prompt fit in these (arrays on the
	// stack): growing slices from nil cost a fifth of the search.
	var valueBuf [16]furtherValue
	var takenBuf, addedBuf, mergedBuf [32]span
	var startBuf [64]valueStart
	values := valueBuf[:0]
	for _, e := range edits {
		v := texts[e.Field][e.Start:e.End]
		if len(v) >= minFurtherValue && !slices.ContainsFunc(values, func(x furtherValue) bool { return x.text == v }) {
			values = append(values, furtherValue{text: v, with: e.Replacement, rare: rareByte(v)})
		}
	}
	if len(values) == 0 {
		return edits
	}
	// A longer value first: "Peter Müller" claims its span before "Müller".
	slices.SortStableFunc(values, func(a, b furtherValue) int { return len(b.text) - len(a.text) })
	var rare rareIndex // on the stack, as the string its set keeps
	rare.set, _ = byteset.Make(string(rare.add(values)))
	taken, added, merged := takenBuf[:0], addedBuf[:0], mergedBuf[:0] // spans of the field already replaced, sorted by start
	for field, text := range texts {
		if text == "" {
			continue
		}
		taken = taken[:0]
		for _, e := range edits {
			if e.Field == field {
				taken = append(taken, span{e.Start, e.End})
			}
		}
		slices.SortFunc(taken, func(a, b span) int { return a.start - b.start })
		starts, stop := rare.starts(text, values, startBuf[:0])
		for n, v := range values {
			// The starts of v the shared pass found, then, past where it
			// stopped, indexFrom's.
			found := starts
			for len(found) > 0 && found[0].value != n {
				found = found[1:]
			}
			rest := len(text) // where the pass found no more
			if !rare.shared(values, n) {
				rest = 0
			} else if stop < len(text) {
				rest = max(stop-v.rare, 0)
			}
			added = added[:0]
			k := 0 // taken[:k] end before the current occurrence
			for i := 0; ; {
				for len(found) > 0 && (found[0].value != n || found[0].start < i) {
					found = found[1:]
				}
				start := -1
				if len(found) > 0 {
					start = found[0].start
				} else if rest < len(text) {
					start = indexFrom(text, v.text, v.rare, max(i, rest))
				}
				if start < 0 {
					break
				}
				end := start + len(v.text)
				for k < len(taken) && taken[k].end <= start {
					k++
				}
				if !tokenEdge(text, start, end) || k < len(taken) && taken[k].start < end {
					i = start + 1 // an overlapping occurrence may still be whole
					continue
				}
				edits = append(edits, providers.Edit{Field: field, Start: start, End: end, Replacement: v.with})
				added = append(added, span{start, end})
				i = end
			}
			if len(added) > 0 {
				merged = mergeSpans(merged[:0], taken, added)
				taken, merged = merged, taken
			}
		}
	}
	return edits
}

// furtherValue is a value furtherEdits looks for: its text, its
// replacement, and the index of its rare byte (rareByte).
type furtherValue struct {
	text, with string
	rare       int
}

// valueStart is an occurrence of values[value] at start.
type valueStart struct{ value, start int }

// rareIndex is the look-up of the shared pass of furtherEdits (starts):
// the values whose rare byte is c (a bit each, values[0:64] at most), and
// the set of those bytes.
type rareIndex struct {
	with    [256]uint64
	members [16]byte
	set     byteset.Set
}

// add notes the values up to maxRareValue bytes long (as indexFrom) by
// their rare bytes, as many as a byteset's eight high nibbles hold, and
// returns those bytes, each once (the members of the set).
func (x *rareIndex) add(values []furtherValue) []byte {
	n, nibbles := 0, uint16(0)
	for i, v := range values[:min(len(values), 64)] {
		c := v.text[v.rare]
		if len(v.text) > maxRareValue {
			continue
		}
		if x.with[c] == 0 {
			if seen := nibbles | 1<<(c>>4); n < len(x.members) && bits.OnesCount16(seen) <= 8 {
				x.members[n], nibbles = c, seen
				n++
			} else {
				continue
			}
		}
		x.with[c] |= 1 << i
	}
	return x.members[:n]
}

// shared reports whether the pass looks for values[i].
func (x *rareIndex) shared(values []furtherValue, i int) bool {
	v := values[i]
	return i < 64 && x.with[v.text[v.rare]]&(1<<i) != 0
}

// starts returns, in order, the starts of the shared values in text, found
// in one pass over it: at each of the set's bytes, each value with that
// rare byte is compared where it would stand. The pass stops (at stop,
// when it is not len(text)) once its bytes are more than one in 16 of the
// text read, where a pass per value (indexFrom, which hands over to
// strings.Index) is cheaper; the starts of a value v before stop-v.rare
// are all in the list then.
func (x *rareIndex) starts(text string, values []furtherValue, starts []valueStart) (_ []valueStart, stop int) {
	hits := 0
	for p := range x.set.All(text) {
		if hits++; hits > 16+p>>4 {
			return starts, p
		}
		for m := x.with[text[p]]; m != 0; m &= m - 1 {
			n := bits.TrailingZeros64(m)
			v := &values[n]
			if start := p - v.rare; start >= 0 && start+len(v.text) <= len(text) && text[start:start+len(v.text)] == v.text {
				starts = append(starts, valueStart{n, start})
			}
		}
	}
	return starts, len(text)
}

// indexFrom returns the index of the first occurrence of v in text at or
// after i, or -1: strings.Index(text[i:], v) + i. It looks for v's byte at
// rare (rareByte) with IndexByte and compares v only where that byte
// stands. strings.Index does the same with v's first byte, which in a
// value is mostly a letter that starts many words of the prose around it
// (a name, "DE…", "buergerbuero@…"): each of those stops the vector search
// and costs a comparison. Like strings.Index, it hands over to
// strings.Index (whose worst case is linear) once the comparisons fail too
// often, and leaves values longer than maxRareValue to it, so that a
// comparison costs at most maxRareValue bytes.
func indexFrom(text, v string, rare, i int) int {
	if len(v) > maxRareValue {
		if j := strings.Index(text[i:], v); j >= 0 {
			return i + j
		}
		return -1
	}
	c, from, fails := v[rare], i, 0
	for i+len(v) <= len(text) {
		// The first start at or after i with v's rare byte in its place.
		j := strings.IndexByte(text[i+rare:len(text)-len(v)+rare+1], c)
		if j < 0 {
			return -1
		}
		i += j
		if text[i:i+len(v)] == v {
			return i
		}
		i++
		if fails++; fails > 4+(i-from)>>4 {
			if j := strings.Index(text[i:], v); j >= 0 {
				return i + j
			}
			return -1
		}
	}
	return -1
}

// maxRareValue is the longest value indexFrom searches by its rare byte.
const maxRareValue = 64

// rareByte returns the index of the byte of v that is likely the rarest in
// German prose: a symbol ('@', ':', '/', …) before a digit or the lead byte
// of a letter outside Latin-1, before a capital (German capitalises every
// noun and sentence: the D of "DE89 …" and the A of "Ayşe" stand at dozens
// of "Die" and "Antrag" in a 16 KB prompt, its digits and the ş at a few),
// before '.', ',' or '-', before a lower-case letter, white space or a byte
// of ä, ö, ü, ß (the first of the rarest kind).
func rareByte(v string) int {
	at, best := 0, 5
	for i := 0; i < len(v); i++ {
		var rank int
		switch c := v[i]; {
		case c >= 'a' && c <= 'z', c == ' ', c == '\n', c == '\t', c == '\r', c >= 0x80 && c <= 0xC3:
			rank = 4
		case c == '.', c == ',', c == '-':
			rank = 3
		case c >= 'A' && c <= 'Z':
			rank = 2
		case c >= '0' && c <= '9', c > 0xC3:
			rank = 1
		}
		if rank < best {
			at, best = i, rank
		}
	}
	return at
}

// span is a byte range [start, end) of a field's text.
type span struct{ start, end int }

// mergeSpans appends a and b, each sorted by start, to dst in order.
func mergeSpans(dst, a, b []span) []span {
	for len(a) > 0 && len(b) > 0 {
		if a[0].start <= b[0].start {
			dst, a = append(dst, a[0]), a[1:]
		} else {
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	return append(append(dst, a...), b...)
}

// minFurtherValue is the shortest value furtherOccurrences looks for
// elsewhere: two letters or digits are too often something else.
const minFurtherValue = 3

// tokenEdge reports whether text[start:end] is a whole token: no letter or
// digit touches it, neither directly nor across one joining mark
// ("110.1.2.3", "Müller-Thurgau", "x@10.1.2.3").
func tokenEdge(text string, start, end int) bool {
	before, n := utf8.DecodeLastRuneInString(text[:start])
	if n > 0 && (wordRune(before) || joiner(before) && wordRuneBefore(text[:start-n], before)) {
		return false
	}
	after, n := utf8.DecodeRuneInString(text[end:])
	if n > 0 && (wordRune(after) || joiner(after) && wordRuneAfter(text[end+n:], after)) {
		return false
	}
	return true
}

func wordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// joiner is a mark that joins two tokens into one: a number's separators,
// a compound's hyphen, an address's @ (a colon only between digits, see
// tokenEdge: after a label, "Tel:", it separates).
func joiner(c rune) bool { return strings.ContainsRune(".,-/@_:", c) }

func wordRuneBefore(s string, mark rune) bool {
	c, n := utf8.DecodeLastRuneInString(s)
	return n > 0 && (wordRune(c) && mark != ':' || unicode.IsDigit(c))
}

func wordRuneAfter(s string, mark rune) bool {
	c, n := utf8.DecodeRuneInString(s)
	return n > 0 && (wordRune(c) && mark != ':' || unicode.IsDigit(c))
}

// maxLearnBody bounds the response bytes kept for an adapter to learn from
// (upload URLs come in small JSON answers).
const maxLearnBody = 256 << 10

// learn lets adapters that implement providers.ResponseLearner read the
// answer (e.g. the pre-signed upload URL a later PUT goes to).
func (r *run) learn(v *Verdict) {
	l, ok := r.adapter.(providers.ResponseLearner)
	if !ok {
		return
	}
	prev, preq := v.Response, r.preq
	v.Response = func(resp *http.Response) {
		if prev != nil {
			prev(resp)
		}
		if resp.Body == nil || resp.Body == http.NoBody || contentCoding(resp.Header) != "" {
			return
		}
		resp.Body = &teeBody{ReadCloser: resp.Body, done: func(b []byte) {
			l.LearnResponse(preq, resp.StatusCode, resp.Header, b)
		}}
	}
}

// teeBody keeps up to maxLearnBody bytes of what is read and hands them to
// done at EOF (not when the body was cut short or was larger).
type teeBody struct {
	io.ReadCloser
	buf  []byte
	over bool
	done func([]byte)
	once sync.Once
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	if !t.over {
		if len(t.buf)+n > maxLearnBody {
			t.over, t.buf = true, nil
		} else {
			t.buf = append(t.buf, p[:n]...)
		}
	}
	if err == io.EOF && !t.over {
		t.once.Do(func() { t.done(t.buf) })
	}
	return n, err
}

// restoreAnswer maps placeholders in the answer back when the user's
// mapping at this service holds any (from this request or an earlier one:
// the answer may refer to either).
func (r *run) restoreAnswer(v *Verdict, m *pseudonym.Mapping) {
	if m.Empty() && !r.ws && !r.replaced {
		return
	}
	format, fixed := pseudonym.Format{Kind: "text"}, false
	if sf, ok := r.adapter.(interface {
		ResponseFormat(*providers.Request, *providers.Envelope) providers.ResponseFormat
	}); ok {
		rf := sf.ResponseFormat(r.preq, r.env)
		format, fixed = pseudonym.Format{Kind: rf.Kind, Cumulative: rf.Cumulative, Delta: rf.Delta, DeltaBy: rf.DeltaBy}, rf.Fixed
		if r.replaced && rf.Text != "" && r.p.noteRedacted(rf.App) {
			// Written only for an answer that gets it: by default an
			// API's does not, and the line cost ≈40 K instructions per
			// request (its counts and a dozen Fprintf calls).
			counts, restored := r.replacedCounts()
			format.Text, format.Note = rf.Text, noteText(counts, restored, r.decision.Reasons, r.x.RequestID, r.p.typeNames())
		}
	}
	if r.ws {
		// A WebSocket's answers are restored by its connection, with
		// the mapping of AnswerMapping; it puts the note in the answer
		// to this message (wsConn.noteFrame).
		v.wsNote = &pseudonym.Format{Cumulative: format.Cumulative, Text: format.Text, Note: format.Note}
		return
	}
	if m.Empty() && format.Note == "" {
		// Nothing to restore and no note: values only masked (or
		// labelled, removed) in an answer without the note.
		return
	}
	v.PlainResponse = true
	v.Response = func(resp *http.Response) { restoreResponseAs(resp, m, format, fixed) }
}

// restoreResponse maps placeholders in the answer back to the original
// values, only for the user who sent them (the mapping is that user's).
func restoreResponse(resp *http.Response, m *pseudonym.Mapping, f pseudonym.Format) {
	restoreResponseAs(resp, m, f, false)
}

// restoreResponseAs is restoreResponse; fixed keeps f's kind whatever the
// answer's Content-Type says (providers.ResponseFormat.Fixed: HuggingChat's
// NDJSON, sent as text/event-stream, whose lines an SSE restorer passes as
// comments, their placeholders unrestored).
func restoreResponseAs(resp *http.Response, m *pseudonym.Mapping, f pseudonym.Format, fixed bool) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return
	}
	switch f.Kind {
	case "ws":
		// WebSocket answers are not rewritten here.
		return
	}
	ct := resp.Header.Get("Content-Type")
	switch {
	case fixed && !markup(ct) && (f.Kind == "ndjson" || f.Kind == "sse" || f.Kind == "lines"):
		// The adapter knows the stream's format better than its label;
		// a page (an error or login page) is still one (below).
	case f.Kind == "framed":
		// Length-prefixed frames (gemini.google.com) whatever the
		// Content-Type says; the restorer recomputes the lengths.
	case f.Kind == "lines" && !strings.HasPrefix(ct, "text/event-stream") && !strings.Contains(ct, "json"):
		// Le Chat's `0:"delta"` lines (text/plain): restored as deltas,
		// each line a JSON value, so that a placeholder split across
		// lines is restored and a value with a line break or a quote
		// stays inside its line's string.
	case strings.HasPrefix(ct, "text/event-stream"):
		f.Kind = "sse"
	case strings.Contains(ct, "ndjson") || strings.Contains(ct, "jsonl"):
		f.Kind = "ndjson"
	case strings.Contains(ct, "json"):
		if f.Kind != "sse" && f.Kind != "ndjson" {
			f.Kind = "json"
		}
	case markup(ct) && (ct != "" || f.Kind != "sse" && f.Kind != "json" && f.Kind != "ndjson"):
		// A page the browser renders: a value restored as it was could
		// bring its own markup ("<img src=x onerror=…>" in a name or a
		// password the user pasted) into the service's origin.
		f.Kind = "html"
	}
	if f.Kind != "sse" && f.Kind != "json" && f.Kind != "ndjson" && f.Kind != "lines" && f.Kind != "framed" && f.Kind != "html" {
		f.Kind = "text"
	}
	if resp.StatusCode/100 != 2 || f.Kind == "html" || f.Kind == "text" {
		// An error or a page is no answer to the prompt: no note in it.
		f.Note = ""
	}
	if ce := contentCoding(resp.Header); ce != "" {
		// A compressed answer cannot be rewritten on the fly; the request
		// asked for identity (we strip Accept-Encoding on redacted
		// requests), so this is an upstream that ignored it. Every line
		// counts, as on the request side: a client reads "identity" and
		// "gzip" on two lines as the list "identity, gzip" (RFC 9110
		// 5.3); before, the first line alone let such an answer through
		// as if it were plain, its placeholders unrestored.
		resp.Body = &errBody{err: fmt.Errorf("pseudonym restore: upstream answered with Content-Encoding %q", ce), src: resp.Body}
		return
	}
	if resp.ContentLength >= 0 && resp.ContentLength <= maxRestoreAtOnce {
		if restoreAtOnce(resp, m, f) {
			return
		}
	}
	resp.Body = pseudonym.NewRestorer(m, f, resp.Body)
	resp.ContentLength = -1
	resp.Header.Del("Content-Length")
}

// contentCoding returns the codings of h's Content-Encoding other than
// "identity", all its lines read as one list (RFC 9110 5.3), "" when
// there are none.
func contentCoding(h http.Header) string {
	var out []string
	for _, line := range h.Values("Content-Encoding") {
		for c := range strings.SplitSeq(line, ",") {
			if c = strings.TrimSpace(c); c != "" && !strings.EqualFold(c, "identity") {
				out = append(out, c)
			}
		}
	}
	return strings.Join(out, ", ")
}

// markup reports the media types a browser renders as a document: HTML,
// XHTML, SVG and other XML, and none at all (the browser sniffs, and may
// take the answer for HTML; unless the adapter knows the answer's format).
// Restored values are HTML-escaped in them.
func markup(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case mt == "", mt == "text/html", mt == "application/xhtml+xml", mt == "text/xml", mt == "application/xml",
		strings.HasSuffix(mt, "+xml"):
		return true
	}
	return false
}

// maxRestoreAtOnce bounds the answers that restoreAtOnce reads whole.
const maxRestoreAtOnce = 1 << 20

// restoreAtOnce restores an answer of known length whose format is restored
// as plain text (a JSON document, not an event stream) in one piece and
// announces the restored length, so that the client gets it with a
// Content-Length instead of chunked (which costs three TLS records per
// chunk). Such an answer is complete only at its end, so holding it until
// then delays nothing the client could use. It reports false, and reads
// nothing, for the formats that need a streaming restorer. A read error
// becomes the body's error, as with the streaming restorer.
func restoreAtOnce(resp *http.Response, m *pseudonym.Mapping, f pseudonym.Format) bool {
	if !f.Whole() { // an event format
		return false
	}
	src := resp.Body
	raw, err := readBody(src, resp.ContentLength, resp.ContentLength)
	if err == nil && int64(len(raw)) != resp.ContentLength {
		err = fmt.Errorf("pseudonym restore: upstream sent %d bytes of an answer of %d", len(raw), resp.ContentLength)
	}
	if err != nil {
		providers.ReleaseBody(raw)
		resp.Body = &errBody{err: err, src: src}
		resp.ContentLength = -1
		resp.Header.Del("Content-Length")
		return true
	}
	out, _ := m.AppendRestoredBody(providers.BodyBuffer(len(raw)+len(raw)/8), raw, f)
	providers.ReleaseBody(raw)
	resp.Body = &restoredBody{bufferBody{b: out, src: src}}
	resp.ContentLength = int64(len(out))
	resp.Header.Set("Content-Length", strconv.Itoa(len(out)))
	return true
}

// restoredBody is an answer restored at once (bufferBody with zero and src
// set: Close zeroes it and closes the upstream body). It writes the rest in
// one Write when copied.
type restoredBody struct{ bufferBody }

// WriteTo writes the rest in one Write (io.Copy uses it: one TLS record).
func (r *restoredBody) WriteTo(w io.Writer) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if r.off >= len(r.b) {
		return 0, nil
	}
	n, err := w.Write(r.b[r.off:])
	r.off += n
	return int64(n), err
}

// errBody fails every Read with err; Close closes src when set.
type errBody struct {
	err error
	src io.Closer
}

func (b *errBody) Read([]byte) (int, error) { return 0, b.err }
func (b *errBody) Close() error {
	if b.src != nil {
		return b.src.Close()
	}
	return nil
}

// conversationKey scopes pseudonyms to one user at one service: the same
// value gets the same placeholder in all of that user's conversations there,
// and answers to other users never see the mapping.
func conversationKey(x *Exchange) string {
	if x.Identity.User == "" {
		// Built in one buffer: "ip:" + the address's String() + … took
		// three allocations per request without a proxy login.
		a := remoteAddr(x.Request.RemoteAddr)
		if !a.IsValid() {
			return "ip:" + a.String() + "\x00" + x.Service.ID // "invalid IP", as String says
		}
		var buf [96]byte
		b := append(buf[:0], "ip:"...)
		b = a.AppendTo(b)
		b = append(b, 0)
		return string(append(b, x.Service.ID...))
	}
	return x.Identity.User + "\x00" + x.Service.ID
}

// findingCount is the number of findings in all scanned fields.
func (r *run) findingCount() int {
	n := 0
	for _, s := range r.scans {
		n += len(s.findings)
	}
	return n
}

func (r *run) typesFound() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range r.scans {
		for _, f := range s.findings {
			if !seen[f.Type] {
				seen[f.Type] = true
				out = append(out, f.Type)
			}
		}
	}
	sort.Strings(out)
	return out
}

// schemaOnlyTypes are the types found only in the calling program's tool
// and schema text (field kind "schema"), sorted: the notice says so, since
// the person who reads it looks for them in the message they sent.
func (r *run) schemaOnlyTypes() []string {
	if r.env == nil {
		return nil
	}
	counts := r.recordCounts()
	var out []string
	for k := range counts {
		if t, ok := strings.CutPrefix(k, audit.SchemaFindingPrefix); ok && counts[t] == 0 {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// elsewhere is where the types found only outside the person's last
// message were found: the tool and schema text (schemaOnlyTypes), earlier
// turns or only an attached file (placeOnlyTypes).
func (r *run) elsewhere() elsewhere {
	history, file := r.placeOnlyTypes()
	return elsewhere{schema: r.schemaOnlyTypes(), history: history, file: file, names: r.p.typeNames()}
}

// placeOnlyTypes are the types found only in earlier turns of the
// conversation (field kind "history", which a client resends with every
// request, and the files decoded from them), and those found only in
// attached or uploaded files, each sorted. A block for history recurs on
// every request of the chat until the person deletes that message or
// starts a new chat; one for a file is lifted by a file without the data.
// The notice says so instead of "remove it from your message".
func (r *run) placeOnlyTypes() (history, file []string) {
	if r.env == nil {
		return nil, nil
	}
	const own, inFile, inHistory = 1, 2, 4
	places := map[string]int{}
	for _, s := range r.scans {
		place := own
		switch kind := r.fieldKind(s); {
		case kind == "history", s.field >= 0 && s.field < len(r.env.Fields) && r.env.Fields[s.field].FromHistory():
			place = inHistory
		case kind == "file":
			place = inFile
		}
		for _, f := range s.findings {
			places[f.Type] |= place
		}
	}
	for t, p := range places {
		switch {
		case p&own != 0:
		case p&inHistory != 0: // also in a file: the earlier message is what to delete
			history = append(history, t)
		default:
			file = append(file, t)
		}
	}
	sort.Strings(history)
	sort.Strings(file)
	return history, file
}

// notice answers in the service's native form.
func (r *run) notice(action, text string) *Verdict {
	code := "schleuse_blocked"
	if action == "warn" {
		code = "schleuse_warn"
	}
	n := providers.Notice{Action: action, Text: withContact(text, r.p.contact()), Code: code}
	if r.env == nil {
		r.env = &providers.Envelope{} // the body could not be read: no envelope
	}
	if r.ws {
		return &Verdict{Answer: &Answer{}, reply: r.wsi.WSBlock(r.preq, r.env, n)}
	}
	a := r.adapter.Block(r.preq, r.env, n)
	return &Verdict{Answer: &Answer{Status: a.Status, Header: a.Header, Body: a.Body}}
}

// failClosed blocks a request that could not be inspected. The public
// message says why; the cause goes to the log (no values in it).
func (r *run) failClosed(kind string, cause error, de, en string) *Verdict {
	r.action, r.failure = "block", kind
	attrs := []any{"request_id", r.x.RequestID, "service", r.x.Service.ID, "kind", kind}
	if cause != nil {
		attrs = append(attrs, "error_type", fmt.Sprintf("%T", cause), "error", safeError(cause))
	}
	r.p.Log.WarnContext(r.ctx, "Anfrage blockiert: nicht prüfbar (Grund unter kind) / request blocked: cannot inspect", attrs...)
	return r.blocked(kind, de, en)
}

// blocked records the block of a request with the rule schleuse:KIND and
// answers it with the notice (de, en) in the service's own form.
func (r *run) blocked(kind, de, en string) *Verdict {
	r.action, r.failure = "block", kind
	r.decision = policies.Decision{Action: "block", Reasons: []policies.Reason{{Rule: "schleuse:" + kind, Message: de, MessageEN: en}}}
	if err := r.audit(); err != nil {
		return r.auditFailed(err)
	}
	text := blockText(r.typesFound(), r.elsewhere(), r.decision.Reasons, r.x.RequestID)
	if r.ws {
		if r.wsi == nil {
			return &Verdict{Answer: &Answer{}} // dropped; the connection cannot be inspected
		}
		return r.notice("block", text)
	}
	if r.adapter != nil {
		return r.notice("block", text)
	}
	a := providers.Fallback().Block(r.preq, &providers.Envelope{}, providers.Notice{Action: "block", Text: withContact(text, r.p.contact()), Code: "schleuse_blocked"})
	return &Verdict{Answer: &Answer{Status: a.Status, Header: a.Header, Body: a.Body}}
}

// safeError keeps only error text that cannot carry request content:
// sentinel errors of our packages. Anything else is reduced to its type.
func safeError(err error) string {
	for _, e := range []error{providers.ErrUnknownCharset, providers.ErrTooLarge, providers.ErrUnknownEncoding, providers.ErrCannotRedact, providers.ErrBadEdit, providers.ErrAmbiguous, providers.ErrMalformed} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "(details withheld)"
}

// audit writes the record for this request. Raw values go to the logger
// only as fingerprint input; it never stores them.
func (r *run) audit() error {
	if r.p.Audit == nil {
		return errors.New("no audit log configured")
	}
	defer r.end(r.stage("audit"))
	counts := r.recordCounts()
	values := make([]audit.TypedValue, 0, r.findingCount())
	for i := range r.scans {
		s := &r.scans[i]
		for j, f := range s.findings {
			values = append(values, audit.TypedValue{Type: f.Type, Value: s.valueAt(j)})
		}
	}
	rules := make([]string, 0, len(r.decision.Reasons))
	for _, reason := range r.decision.Reasons {
		if reason.Rule != "" && !slices.Contains(rules, reason.Rule) {
			rules = append(rules, reason.Rule)
		}
	}
	if r.action == "allow" || r.action == "redact" {
		// What goes on unread by KI-RL-3.6's exception (ungeprueft_erlaubt)
		// is named in the record, a rule per kind: the record of a
		// Realtime connection's first piece of spoken input says the
		// audio went unread, and the further pieces go under it.
		for _, k := range slices.Compact(slices.Sorted(slices.Values(r.uninspected))) {
			rules = append(rules, audit.UninspectedAllowedRule+k)
		}
	}
	rev := r.decision.Revision
	if rev == "" && r.p.Revision != nil {
		rev = r.p.Revision()
	}
	now := r.p.now()
	err := r.p.Audit.Log(audit.Entry{
		Time: now, RequestID: r.x.RequestID, UserName: r.x.Identity.User, Groups: r.x.Identity.Groups,
		ServiceID: r.x.Service.ID, Host: r.preq.Host, Path: r.path(), Action: r.action,
		Rules: rules, Findings: counts, Values: values,
		Justification: r.justify,
		Bytes:         max(int64(len(r.x.Body)), r.x.Oversize), Latency: time.Since(r.x.Start), PolicyRevision: rev,
	})
	if err == nil {
		r.x.audited = &auditedDecision{action: r.action, host: r.preq.Host, path: r.path(), revision: rev, time: now}
	}
	return err
}

func (r *run) auditFailed(err error) *Verdict {
	// One line per auditErrorEvery with the number left out: on a full
	// disk every request wrote its own (hundreds a minute under load), and
	// the log that is read to find the cause filled up with them. The
	// refusals are unchanged, each counted in schleuse_failclosed_total.
	if n, ok := r.p.auditErrs.allow(time.Now()); ok {
		r.p.Log.ErrorContext(r.ctx, "audit: Das Audit-Log nimmt keine Einträge an, Anfrage blockiert / audit log unavailable: request blocked", "request_id", r.x.RequestID, "service", r.x.Service.ID, "error", err.Error(),
			"not_logged_since", n)
	}
	r.action, r.failure = "block", "audit_unavailable"
	text := blockText(nil, elsewhere{}, []policies.Reason{{Rule: "schleuse:audit",
		Message:   "Das Protokoll (Audit-Log) ist derzeit nicht verfügbar. Ohne Protokollierung dürfen keine Anfragen an KI-Dienste gesendet werden. Bitte versuchen Sie es später erneut.",
		MessageEN: "The audit log is unavailable; no request may be sent to an AI service unaudited. Please try again later."}}, r.x.RequestID)
	text = withContact(text, r.p.contact())
	if r.ws {
		if r.wsi == nil {
			return &Verdict{Answer: &Answer{}}
		}
		return &Verdict{Answer: &Answer{}, reply: r.wsi.WSBlock(r.preq, r.env, providers.Notice{Action: "block", Text: text, Code: "schleuse_blocked"})}
	}
	adapter := r.adapter
	if adapter == nil {
		adapter = providers.Fallback()
	}
	env := r.env
	if env == nil {
		env = &providers.Envelope{}
	}
	a := adapter.Block(r.preq, env, providers.Notice{Action: "block", Text: text, Code: "schleuse_blocked"})
	return &Verdict{Answer: &Answer{Status: a.Status, Header: a.Header, Body: a.Body}}
}
