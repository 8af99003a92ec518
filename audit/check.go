package audit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Doubt names a record a query showed whose chain does not verify: the
// record itself was altered, or the chain between the checkpoints around
// it is broken, so its content cannot be vouched for.
type Doubt struct {
	Node string `json:"node"`
	Seq  int64  `json:"seq"`
	// At is where the chain around the record broke (Seq itself when the
	// record was altered), with the reason as Verify gives it.
	At       int64  `json:"broken_at"`
	Reason   string `json:"reason"`
	ReasonDE string `json:"reason_de"`
}

// Name is "node/seq", as the CLI and the web view name a record.
func (d Doubt) Name() string { return fmt.Sprintf("%s/%d", d.Node, d.Seq) }

// Check verifies the chain behind records a query returned, so that an
// auditor who only queries is not shown an altered record as if it were
// sound. For each record it walks its node's chain from the checkpoint
// before it to the checkpoint at or after it (CheckpointEvery records; the
// newest records: to the chain's head), recomputing every hash, as Verify
// does for the whole chain: an altered record, one replaced with a
// recomputed hash (the record after it no longer links to it), a deleted
// or inserted record, a changed checkpoint or a row that cannot be read
// break that stretch, and every shown record in it is returned as a Doubt
// (Verify reports only the first break of a stretch; behind it nothing is
// vouched for either). Each stretch is read once however many shown
// records it holds, so the work grows with the number of stretches the
// records fall into, not with the log.
//
// What Check cannot see: a record that matched the filter and was deleted
// or altered so that it no longer matches is not shown at all, and a tail
// rewritten or cut off with recomputed hashes up to the head verifies;
// Verify over the whole chain with noted hashes (and the heads file,
// HeadsFileName) covers those. An error means the store could not be
// read.
//
// A gap Verify explains is no break either: one a gap note explains
// (audit note-gap), or one of exactly the numbers a salvage named lost
// (audit_salvage_lost). The walk goes on behind it as Verify's does, and
// the gap is returned in gaps (once each), for the caller to name as
// Verify does (LostRange.Reason): never silently, and a salvage's loss
// as a loss.
func (r *Reader) Check(ctx context.Context, recs []Record) (_ []Doubt, gaps []LostRange, _ error) {
	byNode := map[string][]int64{}
	for i := range recs {
		byNode[recs[i].Node] = append(byNode[recs[i].Node], recs[i].Seq)
	}
	var doubts []Doubt
	lost, err := r.gaps(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, node := range slices.Sorted(maps.Keys(byNode)) {
		seqs := byNode[node]
		slices.Sort(seqs)
		seqs = slices.Compact(seqs)
		cps, err := r.checkpoints(ctx, node)
		if err != nil {
			return nil, nil, err
		}
		cpSeqs := boundaries(cps, lost[node])
		// The stretch of each shown record: after the last checkpoint
		// before it, up to the first checkpoint at or after it (0: the
		// head).
		var sts []stretch
		for _, seq := range seqs {
			j, _ := slices.BinarySearch(cpSeqs, seq)
			var st stretch
			if j > 0 {
				st.lo = cpSeqs[j-1]
			}
			if j < len(cpSeqs) {
				st.hi = cpSeqs[j]
			}
			if len(sts) == 0 || sts[len(sts)-1].lo != st.lo {
				sts = append(sts, st)
			}
			sts[len(sts)-1].seqs = append(sts[len(sts)-1].seqs, seq)
		}
		// Adjacent stretches are read in one query.
		for i := 0; i < len(sts); {
			k := i + 1
			for k < len(sts) && sts[k].lo == sts[k-1].hi {
				k++
			}
			if err := r.checkRun(ctx, node, sts[i:k], cps, lost[node]); err != nil {
				return nil, nil, err
			}
			i = k
		}
		for _, st := range sts {
			gaps = addGaps(gaps, st.gaps)
			if br := st.broken; br != nil {
				for _, seq := range st.seqs {
					doubts = append(doubts, Doubt{Node: node, Seq: seq, At: br.Seq, Reason: br.Reason, ReasonDE: br.ReasonDE})
				}
			}
		}
	}
	return doubts, gaps, nil
}

// addGaps appends the gaps of add that gaps does not hold yet (one entry
// per note, or per range a salvage named).
func addGaps(gaps, add []LostRange) []LostRange {
	for _, l := range add {
		if !slices.ContainsFunc(gaps, func(m LostRange) bool { return sameGap(m, l) }) {
			gaps = append(gaps, l)
		}
	}
	return gaps
}

func sameGap(a, b LostRange) bool {
	if a.Node != b.Node || (a.Note == nil) != (b.Note == nil) {
		return false
	}
	if a.Note != nil {
		return a.Note.Seq == b.Note.Seq
	}
	return a.First == b.First && a.Last == b.Last
}

// boundaries are the checkpoints of cps that bound the stretches Check
// and CheckSpans walk: all but those inside a gap lost explains, so that
// a walk meets such a gap whole, as Verify's does, and classifies it by
// its exact numbers (a salvage's gap often holds checkpoints: their table
// read where the records' pages did not).
func boundaries(cps map[int64]string, lost []LostRange) []int64 {
	out := slices.Sorted(maps.Keys(cps))
	return slices.DeleteFunc(out, func(c int64) bool {
		return slices.ContainsFunc(lost, func(l LostRange) bool { return l.usable() && c >= l.First && c <= l.Last })
	})
}

// Lost says whether l is a loss (named by a salvage), not a gap a note
// explains: verify, query and stats exit 2 for it.
func (l LostRange) Lost() bool { return l.Note == nil }

func (r *Reader) checkpoints(ctx context.Context, node string) (map[int64]string, error) {
	rows, err := r.st.db.QueryContext(ctx, r.st.q(`SELECT seq, hash FROM audit_checkpoints WHERE node = ?`), node)
	if err != nil {
		return nil, fmt.Errorf("audit: check: %w", damaged(err))
	}
	defer rows.Close()
	cps := map[int64]string{}
	for rows.Next() {
		var seq int64
		var h string
		if err := rows.Scan(&seq, &h); err != nil {
			return nil, fmt.Errorf("audit: check: %w", damaged(err))
		}
		cps[seq] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: check: %w", damaged(err))
	}
	return cps, nil
}

// stretch is a part of a node's chain between two checkpoints: the
// records after lo (0: from seq 1) up to hi (0: to the head).
type stretch struct {
	lo, hi int64
	seqs   []int64 // the shown records in it
	broken *Broken // its first break
	// gaps are the gaps a gap note or a salvage explains that the walk
	// met (and went on behind) before the break, if any.
	gaps []LostRange
	// probe is the record at broken and what came after it in the
	// stretch, to say what the break is as Verify says it (refine).
	probe uncovered
}

// checkRun walks node's records through adjacent stretches (each one's hi
// the next one's lo) and sets each stretch's first break. Each stretch is
// walked on its own, from its checkpoint's hash. A gap of exactly the
// numbers a salvage named lost (audit_salvage_lost) or a gap note explains
// is no break: the walk goes on behind it as Verify's does (stretch.gaps).
// Before, a salvage's gap broke its stretch, and every record shown or
// counted in it was named unconfirmed, where verify confirmed them.
func (r *Reader) checkRun(ctx context.Context, node string, sts []stretch, cps map[int64]string, lost []LostRange) error {
	last := sts[len(sts)-1]
	q := "SELECT " + recordColumns + " FROM audit_records WHERE node = ? AND seq > ?"
	args := []any{node, sts[0].lo}
	if last.hi > 0 {
		q += " AND seq <= ?"
		args = append(args, last.hi)
	}
	rows, err := r.st.db.QueryContext(ctx, r.st.q(q+" ORDER BY seq"), args...)
	if err != nil {
		return fmt.Errorf("audit: check: %w", damaged(err))
	}
	defer rows.Close()
	i := 0
	st := &sts[0]
	prevSeq, prevHash, first := st.lo, cps[st.lo], true
	brk := func(seq int64, de, en string) {
		if st.broken == nil {
			st.broken = &Broken{Node: node, Seq: seq, Reason: en, ReasonDE: de}
		}
	}
	// end closes the current stretch: its records must reach its
	// checkpoint.
	end := func() {
		if st.hi > 0 && prevSeq < st.hi {
			brk(prevSeq+1, fmt.Sprintf("Einträge %d..%d fehlen (Prüfpunkt bei %d)", prevSeq+1, st.hi, st.hi), fmt.Sprintf("records %d..%d are missing (checkpoint at %d)", prevSeq+1, st.hi, st.hi))
		}
		if st.hi == 0 && st.broken == nil {
			// The newest records lost in a salvage, as Verify names them.
			for _, l := range lost {
				if l.Lost() && l.First == prevSeq+1 {
					st.gaps = append(st.gaps, l)
				}
			}
		}
	}
	for rows.Next() {
		rec, err := scanRecord(rows)
		re, unreadable := errors.AsType[*RecordError](err)
		if err != nil && !unreadable {
			return fmt.Errorf("audit: check: %w", damaged(err))
		}
		seq := rec.Seq
		if unreadable {
			seq = re.Seq
			if re.SeqNotNumber {
				seq = prevSeq + 1
			}
		}
		for st.hi > 0 && seq > st.hi && i+1 < len(sts) {
			end()
			i++
			st = &sts[i]
			prevSeq, prevHash, first = st.lo, cps[st.lo], true
		}
		if st.broken != nil {
			if !unreadable {
				st.probe.later(&rec)
			}
			continue
		}
		if unreadable {
			brk(seq, "Eintrag nicht lesbar: "+re.Reason, "record cannot be read: "+re.Reason)
			continue
		}
		if first && st.lo == 0 && rec.Seq != 1 {
			// Retention deletes only up to a checkpoint, which then
			// starts the stretch.
			if l, ok := lostBefore(lost, rec.Seq, cps); ok {
				// Lost or noted from the start: on from the first
				// record's link, as Verify.
				st.gaps = append(st.gaps, l)
				prevSeq, prevHash = rec.Seq-1, rec.PrevHash
			} else {
				brk(rec.Seq, fmt.Sprintf("Einträge 1..%d fehlen, kein Prüfpunkt deckt sie ab", rec.Seq-1), fmt.Sprintf("records 1..%d are missing and no checkpoint covers them", rec.Seq-1))
				st.probe.first(&rec, false, rec.Seq-1, "") // as Verify, which goes on from there
				continue
			}
		}
		prior := !first || st.lo > 0
		first = false
		if rec.Seq > prevSeq+1 {
			if l, ok := lostAt(lost, prevSeq+1, rec.Seq-1); ok {
				// Lost in a salvage, or noted: no break; on from the
				// link of the record after the gap (or the checkpoint
				// at its end), as in Verify.
				st.gaps = append(st.gaps, l)
				prevSeq, prevHash = rec.Seq-1, rec.PrevHash
				if h, ok := cps[rec.Seq-1]; ok {
					prevHash = h
				}
			}
		}
		if de, en, bad := link(&rec, prevSeq, prevHash, cps); bad {
			brk(rec.Seq, de, en)
			st.probe.first(&rec, prior, prevSeq, prevHash)
			continue
		}
		prevSeq, prevHash = rec.Seq, rec.Hash
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: check: %w", damaged(err))
	}
	end()
	for i++; i < len(sts); i++ { // stretches no record reached
		st = &sts[i]
		prevSeq = st.lo
		end()
	}
	for i := range sts {
		// The head's stretch reaches the chain's end: a record after
		// its break would have been read. Another stretch's break is
		// looked up beyond it when a record there can say what it is.
		end := sts[i].hi == 0
		if !end && sts[i].broken != nil && sts[i].probe.beyond() {
			if err := r.probeBeyond(ctx, node, &sts[i]); err != nil {
				return err
			}
			end = true
		}
		sts[i].probe.refine(sts[i].broken, end)
	}
	return nil
}

// probeBeyond hands the probe of st's first break the records after st
// (to the chain's head) that can say what the break is, as Verify's walk
// sees them: the one after the broken record, a copy of it, one that links
// to it, and one that carries the hash it links to (it was moved there).
// The store filters them: the rest of the chain is read, not decoded. It
// runs only for a broken stretch whose break such a record can rename
// (uncovered.beyond), so an intact log pays nothing; before, query and
// stats named a record moved or swapped beyond the stretch missing or put
// in by hand where verify named it renumbered.
func (r *Reader) probeBeyond(ctx context.Context, node string, st *stretch) error {
	u := &st.probe
	rows, err := r.st.db.QueryContext(ctx, r.st.q("SELECT "+recordColumns+` FROM audit_records WHERE node = ? AND seq > ?
		AND (hash = ? OR hash = ? OR prev_hash = ? OR seq = ?) ORDER BY seq`), node, st.hi, u.rec.Hash, u.rec.PrevHash, u.rec.Hash, u.rec.Seq+1)
	if err != nil {
		return fmt.Errorf("audit: check: %w", damaged(err))
	}
	defer rows.Close()
	for rows.Next() {
		rec, err := scanRecord(rows)
		if _, ok := errors.AsType[*RecordError](err); ok {
			continue // as Verify's walk: no probe of an unreadable row
		}
		if err != nil {
			return fmt.Errorf("audit: check: %w", damaged(err))
		}
		u.later(&rec)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: check: %w", damaged(err))
	}
	return nil
}

// CheckSpans verifies the chain behind records that are counted rather
// than shown (stats, the usage report; their Spans): for each node, every
// stretch from the checkpoint before the first record to the checkpoint at
// or after the last (the newest: to the head), as Check walks the stretch
// of a shown record. It returns the first break of each broken stretch. It
// reads the records of the span once more, so it costs what Verify of that
// part of the chain costs.
// Gaps a gap note or a salvage explains are returned in gaps, as by Check.
func (r *Reader) CheckSpans(ctx context.Context, spans Spans) (_ []Broken, gaps []LostRange, _ error) {
	var out []Broken
	lost, err := r.gaps(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, node := range slices.Sorted(maps.Keys(spans)) {
		sp := spans[node]
		cps, err := r.checkpoints(ctx, node)
		if err != nil {
			return nil, nil, err
		}
		cpSeqs := boundaries(cps, lost[node])
		j, _ := slices.BinarySearch(cpSeqs, sp.Min)
		var sts []stretch
		lo := int64(0)
		if j > 0 {
			lo = cpSeqs[j-1]
		}
		for ; ; j++ {
			st := stretch{lo: lo}
			if j < len(cpSeqs) {
				st.hi = cpSeqs[j]
			}
			sts = append(sts, st)
			if st.hi == 0 || st.hi >= sp.Max {
				break
			}
			lo = st.hi
		}
		if err := r.checkRun(ctx, node, sts, cps, lost[node]); err != nil {
			return nil, nil, err
		}
		for _, st := range sts {
			gaps = addGaps(gaps, st.gaps)
			if st.broken != nil {
				out = append(out, *st.broken)
			}
		}
	}
	return out, gaps, nil
}

// monthFilter is the filter of the records of month (YYYY-MM, local
// time), as UsageReport counts them.
func monthFilter(month string) (Filter, error) {
	start, err := time.ParseInLocation("2006-01", month, time.Local)
	if err != nil {
		return Filter{}, fmt.Errorf("audit: usage report: month %q: want YYYY-MM: %w", month, err)
	}
	return Filter{From: start, To: start.AddDate(0, 1, 0), Limit: -1}, nil
}
