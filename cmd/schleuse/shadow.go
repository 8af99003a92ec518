package main

import (
	"context"
	"log/slog"
	"slices"
	"sync/atomic"

	"github.com/schleuse/schleuse/policies"
	"github.com/schleuse/schleuse/proxy"
	"github.com/schleuse/schleuse/telemetry"
)

// shadowDecider decides with the live policy and asks the shadow policy
// (policy.shadow_dir) about the same input. Where the two differ (action,
// rules or redacted classes: decisionKey, as policy diff compares), it
// counts (schleuse_policy_shadow_differences_total{live, shadow}) and logs
// the difference with the service, both decisions' actions, rules and
// revisions and the finding types: never a value, a text or a user. Only
// the live decision is returned, so the shadow policy changes nothing for
// staff. Safe for concurrent use.
type shadowDecider struct {
	live, shadow *policies.Engine
	metrics      *telemetry.Metrics
	log          *slog.Logger
	differences  atomic.Int64 // since the start, for the status page
}

// TypeNames are the live policy's names of types, which the note on
// replaced values uses (the shadow policy changes nothing for staff).
func (d *shadowDecider) TypeNames() map[string]string { return d.live.TypeNames() }

func (d *shadowDecider) Decide(ctx context.Context, in *policies.Input) policies.Decision {
	live := d.live.Decide(ctx, in)
	if proxy.Probing(ctx) { // no request's decision: nothing to compare
		return live
	}
	shadow := d.shadow.Decide(ctx, in)
	if decisionKey(live) == decisionKey(shadow) {
		return live
	}
	d.differences.Add(1)
	d.metrics.ShadowDifference(ctx, live.Action, shadow.Action)
	types := make([]string, 0, len(in.Findings))
	for _, f := range in.Findings {
		types = append(types, f.Type)
	}
	d.log.LogAttrs(ctx, slog.LevelInfo, "Probe-Richtlinie entschied anders, die Entscheidung der geltenden gilt / policy shadow decided differently; the live decision stands",
		slog.String("request_id", proxy.RequestIDFrom(ctx)), slog.String("service", in.Service.ID),
		slog.String("live_action", live.Action), slog.Any("live_rules", ruleIDs(live)), slog.String("live_revision", live.Revision),
		slog.String("shadow_action", shadow.Action), slog.Any("shadow_rules", ruleIDs(shadow)), slog.String("shadow_revision", shadow.Revision),
		slog.Any("finding_types", types), slog.Any("topics", in.Topics))
	return live
}

// ruleIDs are the rules a decision names, sorted.
func ruleIDs(d policies.Decision) []string {
	out := make([]string, 0, len(d.Reasons))
	for _, r := range d.Reasons {
		out = append(out, r.Rule)
	}
	slices.Sort(out)
	return out
}
