package audit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Broken names the first record of a node chain that fails verification.
type Broken struct {
	Node   string `json:"node"`
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
	// ReasonDE is Reason in German, for the auditors who read the web
	// view and the CLI (docs/de/revision.md).
	ReasonDE string `json:"reason_de"`
}

func (b Broken) String() string {
	return fmt.Sprintf("node %s, record %d: %s", b.Node, b.Seq, b.Reason)
}

// NodeResult is the verification result of one node chain.
type NodeResult struct {
	Node     string  `json:"node"`
	Records  int64   `json:"records"`   // records checked
	FirstSeq int64   `json:"first_seq"` // oldest record present (earlier ones pruned to a checkpoint)
	LastSeq  int64   `json:"last_seq"`
	LastHash string  `json:"last_hash"` // write it down outside the system to detect a rewritten tail
	Broken   *Broken `json:"broken,omitempty"`
	// Confirmed counts the noted hashes (Verify's anchors) of this node
	// that the chain still holds; Pruned lists the seqs of noted hashes
	// that retention deleted with no checkpoint at them: not checkable.
	Confirmed int     `json:"confirmed,omitempty"`
	Pruned    []int64 `json:"pruned,omitempty"`
	// Unreadable are the rows that cannot be read as records at all
	// (every one, not only the first): the chain is broken at the first.
	Unreadable []RecordError `json:"unreadable,omitempty"`
	// HeadNoted is the seq of the newest head the writer noted in the
	// heads file (HeadsFileName) that the chain holds, checked by
	// VerifyNoted; 0 if none was noted.
	HeadNoted int64 `json:"head_noted,omitempty"`
	// Lost are the gaps in the chain that audit salvage named as
	// unreadable in a damaged file (table audit_salvage_lost) and that
	// the walk met as gaps of exactly those numbers: the chain is checked
	// on behind each, from the link of the record after it (as after
	// retention), so the records that survived are verified too.
	Lost []LostRange `json:"lost,omitempty"`
	// Noted are the gaps that a gap note in the chain explains (audit
	// note-gap), met as gaps of exactly its numbers: checked on behind
	// each as behind Lost, but not counted against OK (the loss was
	// explained and accepted; every run still names it). A note whose
	// numbers are no such gap breaks the node at the note.
	Noted []LostRange `json:"noted,omitempty"`
}

// addGap files an explained gap the walk met: noted, or lost in a salvage.
func (nr *NodeResult) addGap(l LostRange) {
	if l.Note != nil {
		nr.Noted = append(nr.Noted, l)
	} else {
		nr.Lost = append(nr.Lost, l)
	}
}

// VerifyResult is the result of Reader.Verify.
type VerifyResult struct {
	Nodes []NodeResult `json:"nodes"`
	// KeyPeriods are the log's key periods (Reader.KeyPeriods), filled by
	// the caller that reports them (audit verify); KeysBefore counts the
	// records before the first, KeyPeriodsError says why they could not
	// be read ("" if they could).
	KeyPeriods      []KeyPeriod `json:"key_periods,omitempty"`
	KeysBefore      int64       `json:"records_before_key_periods,omitempty"`
	KeyPeriodsError string      `json:"key_periods_error,omitempty"`
}

// OK reports whether every chain verified whole: no break, and no
// records lost in a salvage. Gaps explained by a gap note (Noted) do not
// count against it: the note is a record of the chain, and every run
// names the gap.
func (v VerifyResult) OK() bool {
	for _, n := range v.Nodes {
		if n.Broken != nil || len(n.Lost) > 0 {
			return false
		}
	}
	return true
}

// HasNoted reports whether a chain has a gap a gap note explains.
func (v VerifyResult) HasNoted() bool {
	return slices.ContainsFunc(v.Nodes, func(n NodeResult) bool { return len(n.Noted) > 0 })
}

// OnlyLost reports whether the chains verified but for records a salvage
// lost: what survived is intact, and the gaps are named.
func (v VerifyResult) OnlyLost() bool {
	lost := false
	for _, n := range v.Nodes {
		if n.Broken != nil {
			return false
		}
		lost = lost || len(n.Lost) > 0
	}
	return lost
}

// Anchor is a record's hash noted outside the system (the last hash a
// verify printed, written into the DPO's files): a later Verify with it
// finds a history rewritten with recomputed hashes, or a tail cut off
// behind the last checkpoint, which the chain alone cannot show.
type Anchor struct {
	Node string
	Seq  int64
	Hash string
}

func (a Anchor) String() string { return fmt.Sprintf("%s:%d:%s", a.Node, a.Seq, a.Hash) }

// ParseAnchor reads an anchor written as NODE:SEQ:HASH. The node name may
// hold colons itself (audit.node is free text): the last two separate it
// from the number and the hash.
func ParseAnchor(s string) (Anchor, error) {
	j := strings.LastIndex(s, ":")
	i := -1
	if j > 0 {
		i = strings.LastIndex(s[:j], ":")
	}
	if i <= 0 || j == i || j == len(s)-1 {
		return Anchor{}, fmt.Errorf("audit: noted hash %q: want NODE:SEQ:HASH (as verify prints them: node, seq, last hash)", s)
	}
	seq, err := strconv.ParseInt(s[i+1:j], 10, 64)
	if err != nil || seq < 1 {
		return Anchor{}, fmt.Errorf("audit: noted hash %q: %q is no record number", s, s[i+1:j])
	}
	h := strings.ToLower(s[j+1:])
	if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		return Anchor{}, fmt.Errorf("audit: noted hash %q: the hash is not 64 hex digits", s)
	}
	return Anchor{Node: s[:i], Seq: seq, Hash: h}, nil
}

// Verify checks every node chain from its start (seq 1, or the checkpoint
// retention left in front of the oldest record): each record's hash over
// its canonical encoding, its link to the previous record, gaps in seq, and
// that every checkpoint matches its record and none lies beyond the last
// record (a cut-off tail). With anchors it also checks that each node's
// chain still holds the noted hashes; a noted node without records is
// broken. It reports the first broken record per node. An error means the
// store could not be read, not that the chain is broken.
func (r *Reader) Verify(ctx context.Context, anchors ...Anchor) (VerifyResult, error) {
	nodes, err := r.strings(ctx, `SELECT node FROM audit_records UNION SELECT node FROM audit_checkpoints ORDER BY node`)
	if err != nil {
		return VerifyResult{}, err
	}
	noted := map[string]map[int64]string{}
	for _, a := range anchors {
		if noted[a.Node] == nil {
			noted[a.Node] = map[int64]string{}
			if !slices.Contains(nodes, a.Node) {
				nodes = append(nodes, a.Node)
			}
		}
		noted[a.Node][a.Seq] = a.Hash
	}
	slices.Sort(nodes)
	lost, err := r.gaps(ctx)
	if err != nil {
		return VerifyResult{}, err
	}
	var res VerifyResult
	for _, node := range nodes {
		nr, err := r.verifyNode(ctx, node, noted[node], lost[node])
		if err != nil {
			return VerifyResult{}, err
		}
		res.Nodes = append(res.Nodes, nr)
	}
	return res, nil
}

func (r *Reader) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := r.st.db.QueryContext(ctx, r.st.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", damaged(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("audit: verify: %w", damaged(err))
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (r *Reader) verifyNode(ctx context.Context, node string, noted map[int64]string, lost []LostRange) (NodeResult, error) {
	nr := NodeResult{Node: node}
	cps := map[int64]string{}
	rows, err := r.st.db.QueryContext(ctx, r.st.q(`SELECT seq, hash FROM audit_checkpoints WHERE node = ?`), node)
	if err != nil {
		return nr, fmt.Errorf("audit: verify: %w", damaged(err))
	}
	var maxCP int64
	for rows.Next() {
		var seq int64
		var h string
		if err := rows.Scan(&seq, &h); err != nil {
			rows.Close()
			return nr, fmt.Errorf("audit: verify: %w", damaged(err))
		}
		cps[seq] = h
		maxCP = max(maxCP, seq)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nr, fmt.Errorf("audit: verify: %w", damaged(err))
	}

	rows, err = r.st.db.QueryContext(ctx, r.st.q("SELECT "+recordColumns+" FROM audit_records WHERE node = ? ORDER BY seq"), node)
	if err != nil {
		return nr, fmt.Errorf("audit: verify: %w", damaged(err))
	}
	defer rows.Close()
	var prevSeq int64
	var prevHash string
	var fake uncovered
	breakAt := func(seq int64, de, en string, a ...any) {
		if nr.Broken == nil {
			nr.Broken = &Broken{Node: node, Seq: seq, Reason: fmt.Sprintf(en, a...), ReasonDE: fmt.Sprintf(de, a...)}
		}
	}
	// checkNoted compares a record's hash with the one noted for its seq.
	checkNoted := func(seq int64, hash string) {
		if h, ok := noted[seq]; ok {
			if h == hash {
				nr.Confirmed++
			} else {
				breakAt(seq, "Hash weicht vom außerhalb notierten ab (Historie umgeschrieben)", "hash differs from the one noted outside the system (history rewritten)")
			}
		}
	}
	for rows.Next() {
		rec, err := scanRecord(rows)
		var re *RecordError
		if errors.As(err, &re) {
			// A row that cannot even be decoded was tampered with. Go
			// on behind it with its stored seq and hash, so that every
			// unreadable row is named and the counts cover the chain.
			nr.Unreadable = append(nr.Unreadable, *re)
			nr.Records++
			seq := re.Seq
			if re.SeqNotNumber {
				seq = prevSeq + 1
			}
			breakAt(seq, "Eintrag nicht lesbar: %s", "record cannot be read: %s", re.Reason)
			if nr.Records == 1 {
				nr.FirstSeq = seq
			}
			checkNoted(seq, re.Hash)
			prevSeq, prevHash = seq, re.Hash
			nr.LastSeq, nr.LastHash = seq, re.Hash
			continue
		}
		if err != nil {
			return nr, fmt.Errorf("audit: verify: %w", damaged(err))
		}
		nr.Records++
		if nr.Records == 1 {
			nr.FirstSeq = rec.Seq
			if rec.Seq == 1 {
				prevHash = ""
			} else if h, ok := cps[rec.Seq-1]; ok {
				prevHash = h
			} else if l, ok := lostBefore(lost, rec.Seq, cps); ok {
				nr.addGap(l)
				prevHash = rec.PrevHash
			} else {
				breakAt(rec.Seq, "Einträge 1..%d fehlen, kein Prüfpunkt deckt sie ab", "records 1..%d are missing and no checkpoint covers them", rec.Seq-1)
				prevHash = rec.PrevHash
			}
			prevSeq = rec.Seq - 1
		} else if l, ok := lostAt(lost, prevSeq+1, rec.Seq-1); ok && rec.Seq > prevSeq+1 {
			// Lost in a salvage, or noted: checked on from the link of
			// the record after the gap, or the checkpoint at its end.
			nr.addGap(l)
			prevSeq, prevHash = rec.Seq-1, rec.PrevHash
			if h, ok := cps[rec.Seq-1]; ok {
				prevHash = h
			}
		}
		if de, en, bad := link(&rec, prevSeq, prevHash, cps); bad && nr.Broken == nil {
			nr.Broken = &Broken{Node: node, Seq: rec.Seq, Reason: en, ReasonDE: de}
		}
		// The first broken record, and the records after it (uncovered).
		switch {
		case nr.Broken != nil && nr.Broken.Seq == rec.Seq && !fake.seen:
			fake.first(&rec, nr.Records > 1, prevSeq, prevHash)
		case fake.seen:
			fake.later(&rec)
		}
		checkNoted(rec.Seq, rec.Hash)
		prevSeq, prevHash = rec.Seq, rec.Hash
		nr.LastSeq, nr.LastHash = rec.Seq, rec.Hash
	}
	if err := rows.Err(); err != nil {
		return nr, fmt.Errorf("audit: verify: %w", damaged(err))
	}
	fake.refine(nr.Broken, true)
	if nr.Records == 0 {
		// Everything pruned by retention; the checkpoints remain.
		nr.FirstSeq, nr.LastSeq, nr.LastHash = maxCP+1, maxCP, cps[maxCP]
	} else {
		// A node's newest records lost in a salvage (named when its index
		// or a checkpoint showed them).
		for _, l := range lost {
			if l.Note == nil && l.First == nr.LastSeq+1 && l.Last >= maxCP {
				nr.Lost = append(nr.Lost, l)
				maxCP = 0
			}
		}
		if maxCP > nr.LastSeq {
			breakAt(nr.LastSeq+1, "Einträge %d..%d fehlen (Prüfpunkt bei %d)", "records %d..%d are missing (checkpoint at %d)", nr.LastSeq+1, maxCP, maxCP)
		}
	}
	notedUnused(&nr, lost, breakAt)
	// Noted hashes the loop did not reach: before the oldest record
	// (retention; a checkpoint may still hold it) or beyond the newest (a
	// cut-off tail, which the chain alone does not show).
	for _, seq := range slices.Sorted(maps.Keys(noted)) {
		switch {
		case seq > nr.LastSeq && nr.LastSeq == 0:
			breakAt(seq, "keine Einträge dieses Servers, aber ein Hash bei %d notiert", "no records of this node, but a hash was noted at %d", seq)
		case seq > nr.LastSeq:
			breakAt(nr.LastSeq+1, "Einträge %d..%d fehlen (Hash notiert bei %d)", "records %d..%d are missing (hash noted at %d)", nr.LastSeq+1, seq, seq)
		case seq < nr.FirstSeq:
			if h, ok := cps[seq]; !ok {
				nr.Pruned = append(nr.Pruned, seq)
			} else if h == noted[seq] {
				nr.Confirmed++
			} else {
				breakAt(seq, "Prüfpunkt weicht vom außerhalb notierten Hash ab (Historie umgeschrieben)", "checkpoint differs from the hash noted outside the system (history rewritten)")
			}
		}
	}
	return nr, nil
}

// uncovered is what a walk of a chain (Verify, Check, VerifyExport) keeps of its first
// broken record, to say what the break is: the record, whether it matches
// its own hash, whether the record after it links to it (it was there
// when that one was written), and which later record links to it.
type uncovered struct {
	seen, selfOK, prior, after, next, covered bool
	// dup: another record of the walk carries its hash (a copy).
	dup      bool
	rec      Record
	linkedBy int64
	// gapFrom is the first number missing before rec (0: none missing).
	// moved is a later record that carries the hash rec links to, when
	// one number is missing before rec: the missing record, if its
	// content hashes under that number.
	gapFrom int64
	moved   *Record
}

// first keeps the first broken record; prior says a record came before
// it in the walk, prevSeq and prevHash are that record's seq and hash.
func (u *uncovered) first(rec *Record, prior bool, prevSeq int64, prevHash string) {
	*u = uncovered{seen: true, rec: *rec, selfOK: rec.ComputeHash() == rec.Hash, prior: prior, dup: prior && prevHash == rec.Hash}
	if rec.Seq > prevSeq+1 {
		u.gapFrom = prevSeq + 1
	}
}

// later looks at a record after the first broken one.
func (u *uncovered) later(rec *Record) {
	if !u.seen {
		return
	}
	u.after = true
	u.dup = u.dup || rec.Hash == u.rec.Hash
	if rec.Seq == u.rec.Seq+1 {
		u.next, u.covered = true, rec.PrevHash == u.rec.Hash
	}
	if u.linkedBy == 0 && rec.PrevHash == u.rec.Hash {
		u.linkedBy = rec.Seq
	}
	if u.moved == nil && u.gapFrom > 0 && u.gapFrom == u.rec.Seq-1 && rec.Hash == u.rec.PrevHash {
		u.moved = new(*rec)
	}
}

// beyond says whether records after the stretch a walk saw (Check's
// 1000 records) can change what refine names the break: the one record
// missing before an intact one may stand further on (moved), and a record
// that does not match its hash and that the next one does not link to may
// be linked to from further on (renumbered), or be followed at all.
func (u *uncovered) beyond() bool {
	if !u.seen {
		return false
	}
	if u.selfOK {
		return u.moved == nil && u.gapFrom > 0 && u.gapFrom == u.rec.Seq-1
	}
	return !u.covered
}

// refine rewrites b's reason (the first break, at u's record) when what
// came after says more than the link that broke: a record that does not
// match its hash but would under another seq was written by schleuse under
// that number and renumbered (records swapped or moved; a later record
// links to it there); one that nothing vouches for, neither its own hash
// nor the record after it, was put into the table by hand (or is the last
// one, altered). "Altered", "records 1..N missing" or "inserted or
// replaced" sent the reader looking for the wrong thing. end says the walk
// reached the chain's head, so a record after it would have been seen.
func (u *uncovered) refine(b *Broken, end bool) {
	if !u.seen || b == nil || b.Seq != u.rec.Seq {
		return
	}
	// The one record missing before an intact one stands further on:
	// it carries the hash the intact one links to, and its content
	// hashes under the missing number, so schleuse wrote it there and it
	// was moved, not deleted.
	if m := u.moved; m != nil && u.selfOK {
		r := *m
		r.Seq = u.gapFrom
		if r.ComputeHash() == m.Hash {
			renumbered(b, u.gapFrom, u.rec.Seq, m.Seq)
		}
		return
	}
	if u.selfOK {
		return
	}
	var cands []int64 // a copy of another record is no renumbered one
	if !u.dup && u.linkedBy > 0 && u.linkedBy-1 != u.rec.Seq {
		cands = append(cands, u.linkedBy-1)
	}
	if !u.dup {
		cands = append(cands, u.rec.Seq+1, u.rec.Seq-1)
		// Moved past a gap: it links to the record before the gap and
		// hashes under the gap's first number.
		if u.gapFrom > 0 && u.gapFrom != u.rec.Seq-1 {
			cands = append(cands, u.gapFrom)
		}
	}
	for _, seq := range cands {
		r := u.rec
		r.Seq = seq
		if seq < 1 || r.ComputeHash() != u.rec.Hash {
			continue
		}
		renumbered(b, seq, u.linkedBy, u.rec.Seq)
		return
	}
	if u.covered || u.linkedBy > 0 || !u.next && !end {
		return
	}
	// Neither its own hash nor a later record vouches for it: no record
	// schleuse wrote and then someone changed in the middle, but one put
	// into the table by hand (or the last one altered).
	b.ReasonDE = "von der Hash-Kette nicht gedeckter Eintrag: er passt nicht zu seinem Hash, und kein späterer Eintrag verweist auf ihn – von Hand ins Protokoll eingefügt, nicht von schleuse geschrieben (oder der letzte Eintrag verändert)"
	b.Reason = "record not covered by the hash chain: it does not match its hash and no later record links to it – put into the log by hand, not written by schleuse (or the last record altered)"
	if !u.prior && !u.after {
		b.ReasonDE += "; der einzige Eintrag dieses Servers"
		b.Reason += "; the only record of this node"
	}
}

// renumbered names b a record schleuse wrote as record seq that now
// stands at seq at; by is the record that links to it (0: none).
func renumbered(b *Broken, seq, by, at int64) {
	byDE, byEN := "", ""
	if by > 0 {
		byDE, byEN = fmt.Sprintf(", Eintrag %d verweist auf ihn", by), fmt.Sprintf(", record %d links to it", by)
	}
	b.ReasonDE = fmt.Sprintf("Eintrag umnummeriert: schleuse hat ihn als Eintrag %d geschrieben%s, er steht jetzt unter Nummer %d (Einträge vertauscht oder verschoben)", seq, byDE, at)
	b.Reason = fmt.Sprintf("record renumbered: schleuse wrote it as record %d%s, it now stands at seq %d (records swapped or moved)", seq, byEN, at)
}

// link checks a record against the chain before it: the seq and hash of
// the record before it (or of the checkpoint a walk starts from), its own
// hash over its content, and the checkpoint at its seq if there is one.
// It returns the reason, German and English, when one fails.
func link(rec *Record, prevSeq int64, prevHash string, cps map[int64]string) (de, en string, bad bool) {
	switch {
	case rec.Seq != prevSeq+1:
		return fmt.Sprintf("Einträge %d..%d fehlen (gelöscht)", prevSeq+1, rec.Seq-1), fmt.Sprintf("records %d..%d are missing", prevSeq+1, rec.Seq-1), true
	case rec.PrevHash != prevHash:
		return fmt.Sprintf("Verweis auf den vorigen Hash passt nicht zu Eintrag %d (Eintrag eingefügt oder ersetzt)", prevSeq), fmt.Sprintf("previous-hash link does not match record %d", prevSeq), true
	case rec.ComputeHash() != rec.Hash:
		return "Inhalt passt nicht zu seinem Hash (Eintrag verändert)", "content does not match its hash (record altered)", true
	}
	if h, ok := cps[rec.Seq]; ok && h != rec.Hash {
		return "Hash weicht vom Prüfpunkt ab", "hash differs from checkpoint", true
	}
	return "", "", false
}

// VerifyNoted is Verify, and checks the newest head of each node noted in
// the heads file of the state directory (NotedHeads, CheckHeads) too: the
// newest records deleted behind the last checkpoint, which the chain alone
// cannot show, break the node with the reason "records A..B are missing
// (head noted at B, audit-heads)"; a node that has no record left at all
// is added. It returns the heads file's path ("" without a state
// directory) for the output to name.
func (r *Reader) VerifyNoted(ctx context.Context, anchors ...Anchor) (VerifyResult, string, error) {
	res, err := r.Verify(ctx, anchors...)
	if err != nil {
		return res, "", err
	}
	heads, path, err := r.NotedHeads()
	if err != nil || len(heads) == 0 {
		return res, path, err
	}
	broken, err := r.CheckHeads(ctx)
	if err != nil {
		return res, path, err
	}
	for _, a := range heads {
		i := slices.IndexFunc(res.Nodes, func(n NodeResult) bool { return n.Node == a.Node })
		if i < 0 {
			res.Nodes = append(res.Nodes, NodeResult{Node: a.Node})
			i = len(res.Nodes) - 1
		}
		n := &res.Nodes[i]
		j := slices.IndexFunc(broken, func(b Broken) bool { return b.Node == a.Node })
		if j >= 0 && slices.ContainsFunc(slices.Concat(n.Lost, n.Noted), func(l LostRange) bool { return broken[j].Seq >= l.First && broken[j].Seq <= l.Last }) {
			j = -1 // the newest records, lost in a salvage and named so
		}
		switch {
		case j >= 0 && n.Broken == nil:
			n.Broken = &broken[j]
		case j < 0 && n.Broken == nil && a.Seq >= n.FirstSeq && a.Seq <= n.LastSeq:
			// Confirmed only if the chain holds it: a head among the
			// newest records lost in a salvage is not.
			n.HeadNoted = a.Seq
		}
	}
	slices.SortFunc(res.Nodes, func(a, b NodeResult) int { return strings.Compare(a.Node, b.Node) })
	return res, path, nil
}

// lostBefore is the range a salvage named lost that ends just before a
// node's first record seq and begins where its records began (1, or
// behind a checkpoint: retention cuts there).
func lostBefore(lost []LostRange, seq int64, cps map[int64]string) (LostRange, bool) {
	for _, l := range lost {
		if _, cp := cps[l.First-1]; l.usable() && l.Last == seq-1 && (l.First == 1 || cp) {
			return l, true
		}
	}
	return LostRange{}, false
}
