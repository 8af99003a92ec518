package audit

import (
	"context"
	"maps"
	"sync/atomic"
	"time"
)

// chartCheckTTL is how long the web view reuses its check of the chain
// behind the records its charts count (Reader.CheckSpans): a page turn or
// a narrower filter within it does not check them again, and the page
// says when they were checked. A record altered meanwhile is shown as
// broken once it has passed; the rows shown are checked at every request
// (Reader.Check). docs/audit.md §7.
const chartCheckTTL = 60 * time.Second

// chartCheckKeep is how many checks the view keeps (one per search an
// auditor has open, as a rule).
const chartCheckKeep = 16

// chartChecks reuses the web view's checks of the records its charts
// count for chartCheckTTL. Before, every page turn and filter change
// checked the chain behind all of them again (≈1 s at 100 000 records).
type chartChecks struct {
	now  func() time.Time
	kept reused[chartCheck]
	runs atomic.Int64 // checks run (for tests)
}

// newChartChecks reuses checks for ttl.
func newChartChecks(ttl time.Duration, now func() time.Time) *chartChecks {
	return &chartChecks{now: now, kept: reused[chartCheck]{ttl: ttl, max: chartCheckKeep}}
}

type chartCheck struct {
	spans  Spans
	broken []Broken
	gaps   []LostRange
}

// covers says whether a check of c.spans answers for spans: the same
// records, or, if it found the chain intact and no gap (noted or lost in
// a salvage), records among them.
func (c *chartCheck) covers(spans Spans) bool {
	if len(c.broken) > 0 || len(c.gaps) > 0 {
		return maps.Equal(c.spans, spans) // what it names may not lie in narrower ones
	}
	for node, sp := range spans {
		have, ok := c.spans[node]
		if !ok || sp.Min < have.Min || sp.Max > have.Max {
			return false
		}
	}
	return true
}

// check is r.CheckSpans(spans), reused from a check begun less than ttl
// ago that covers them; at is when the check answering began.
func (cc *chartChecks) check(ctx context.Context, r *Reader, spans Spans) (broken []Broken, gaps []LostRange, at time.Time, err error) {
	now := cc.now()
	if c, at, ok := cc.kept.find(now, nil, func(c *chartCheck) bool { return c.covers(spans) }); ok {
		return c.broken, c.gaps, at, nil
	}
	cc.runs.Add(1)
	broken, gaps, err = r.CheckSpans(ctx, spans)
	if err != nil {
		return nil, nil, now, err // not kept: the next request tries again
	}
	cc.kept.add(now, chartCheck{spans: maps.Clone(spans), broken: broken, gaps: gaps})
	return broken, gaps, now, nil
}
