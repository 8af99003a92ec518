package audit

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// statsReuseTTL bounds how long the web view reuses the counts of its
// charts (Reader.Stats) for the same filter while the store's ends have
// not moved (storeEnds): a record altered or deleted between them, which
// moves neither end, is counted as it now is after at most this long. The
// chain check behind the charts (chartCheckTTL) warns of such a change
// within its own minute all the same. docs/audit.md §7.
const statsReuseTTL = 10 * time.Minute

// statsKeep is how many counts the view keeps (one per search an auditor
// has open, as a rule).
const statsKeep = 16

// statsCache reuses the web view's counts (Reader.Stats) for a page turn:
// the pages of one search share their filter (the same records, up to the
// instant the first page was shown), and the counts of those records change
// only when the store does. Before, every page turn counted them again
// (≈0.5 s at 100 000 records, BenchmarkWebPage).
//
// The counts are kept for the filter (a keyed hash of its SQL condition
// and arguments, so that no searched value or name is kept) and the first
// and last seq of every node in the store when counting began: a record
// written since (a new last seq, or a new node), deleted at the end of a
// chain or by retention (a moved first seq) makes the next page turn count
// again. The kept Stats are shared by the requests that reuse them: they
// must not be changed.
type statsCache struct {
	now  func() time.Time
	key  []byte // the filters' hash key, this view's own
	kept reused[statsEntry]
	runs atomic.Int64 // counts run (for tests)
}

type statsEntry struct {
	filter [sha256.Size]byte
	ends   string
	st     Stats
	err    error // nil or the *UnreadableError Stats returned with st
}

func newStatsCache(ttl time.Duration, now func() time.Time) *statsCache {
	key := make([]byte, 32)
	rand.Read(key) // never fails (crypto/rand)
	return &statsCache{now: now, key: key, kept: reused[statsEntry]{ttl: ttl, max: statsKeep}}
}

// filterKey is the hash of what selects f's records for Stats: the
// condition, its arguments (a value filter's fingerprints, a user's
// pseudonym) and the time zone of the day buckets. Limit, Offset and
// Newest, which differ between the pages of a search, are not in it.
func (sc *statsCache) filterKey(r *Reader, f Filter) ([sha256.Size]byte, error) {
	where, args, err := r.where(f)
	if err != nil {
		return [sha256.Size]byte{}, err
	}
	h := hmac.New(sha256.New, sc.key)
	part := func(s string) {
		h.Write(strconv.AppendInt(nil, int64(len(s)), 10))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	part(where)
	for _, a := range args {
		part(fmt.Sprintf("%T", a))
		part(fmt.Sprint(a))
	}
	loc := time.Local
	if f.Location != nil {
		loc = f.Location
	}
	part(loc.String())
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k, nil
}

// stats is r.Stats(ctx, f), reused from counts of the same filter begun
// less than ttl ago while the store's ends were what they are now.
func (sc *statsCache) stats(ctx context.Context, r *Reader, f Filter) (Stats, error) {
	key, kerr := sc.filterKey(r, f)
	ends, eerr := r.storeEnds(ctx)
	if kerr != nil || eerr != nil {
		// Not reusable: count as before (Stats names a bad filter).
		sc.runs.Add(1)
		return r.Stats(ctx, f)
	}
	now := sc.now()
	// Counts of another state of the store cannot answer again.
	if e, _, ok := sc.kept.find(now, func(e *statsEntry) bool { return e.ends == ends },
		func(e *statsEntry) bool { return e.filter == key }); ok {
		return e.st, e.err
	}
	// The ends were read before counting: a record written meanwhile may
	// be counted, and then the next request sees new ends and counts
	// again; read after, it could be missed and its count never shown.
	sc.runs.Add(1)
	st, err := r.Stats(ctx, f)
	if err != nil && !errors.As(err, new(*UnreadableError)) {
		return st, err // not kept: the next request tries again
	}
	sc.kept.add(now, statsEntry{filter: key, ends: ends, st: st, err: err})
	return st, err
}

// storeEndsSQL lists the store's nodes and the first and last seq of each,
// a few index lookups per node rather than a read of the records: the
// nodes are walked from one to the next on the primary key (node, seq), as
// neither SQLite nor PostgreSQL skips through an index for DISTINCT.
const storeEndsSQL = `WITH RECURSIVE nodes(node) AS (
	SELECT (SELECT node FROM audit_records ORDER BY node LIMIT 1)
	UNION ALL
	SELECT (SELECT a.node FROM audit_records a WHERE a.node > nodes.node ORDER BY a.node LIMIT 1) FROM nodes WHERE nodes.node IS NOT NULL
)
SELECT node,
	(SELECT a.seq FROM audit_records a WHERE a.node = nodes.node ORDER BY a.seq LIMIT 1),
	(SELECT a.seq FROM audit_records a WHERE a.node = nodes.node ORDER BY a.seq DESC LIMIT 1)
FROM nodes WHERE node IS NOT NULL`

// storeEnds is the first and last seq of every node in the store, as one
// string (a line `"node" first last` each, by node): it changes when a record
// is written, a new node writes, or records are deleted at either end of
// a chain.
func (r *Reader) storeEnds(ctx context.Context) (string, error) {
	rows, err := r.st.db.QueryContext(ctx, r.st.q(storeEndsSQL))
	if err != nil {
		return "", fmt.Errorf("audit: query: %w", damaged(err))
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var node string
		var first, last int64
		if err := rows.Scan(&node, &first, &last); err != nil {
			return "", fmt.Errorf("audit: query: %w", damaged(err))
		}
		fmt.Fprintf(&b, "%q %d %d\n", node, first, last)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("audit: query: %w", damaged(err))
	}
	return b.String(), nil
}
