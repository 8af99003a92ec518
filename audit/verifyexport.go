package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
)

// ExportLineError is a line of an export that is no record: VerifyExport
// stops at it, since what the file holds can no longer be told.
type ExportLineError struct {
	Line int
	Err  error
	// Cut says the line is the file's last and ends without a line
	// break: the file was cut off there (a copy or a mail attachment cut
	// short, a disk full while exporting), not a line changed.
	Cut bool
}

func (e *ExportLineError) Error() string {
	if e.Cut {
		return fmt.Sprintf("audit: the export ends in the middle of line %d (cut off): %v", e.Line, e.Err)
	}
	return fmt.Sprintf("audit: line %d of the export is no record: %v", e.Line, e.Err)
}

// lastByte remembers the last byte read through it.
type lastByte struct {
	r    io.Reader
	last byte
}

func (l *lastByte) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		l.last = p[n-1]
	}
	return n, err
}
func (e *ExportLineError) Unwrap() error { return e.Err }

// VerifyExport checks an export written by `schleuse audit export` (JSON
// Lines, the records with their hashes) without the store: per node, each
// record's hash over its canonical encoding, its link to the record before
// it, gaps and repeats in seq, and the noted hashes (anchors) as Verify
// does. So a copy handed to an auditor, archived or sent to the
// Rechnungsprüfung can be shown to be the log as written: a changed,
// deleted or inserted record breaks its node's chain. The copy holds no
// checkpoints: the link of a node's first record is taken as it stands
// when it is not seq 1 (an export of part of the log, or a log pruned by
// retention), and NodeResult.FirstSeq says where the copy starts. A noted
// hash before that start cannot be checked (Pruned), one after its end
// breaks the chain (records missing), as in Verify. Empty lines are
// skipped; any other line that is no record is an *ExportLineError. A
// record's line must be written as audit export writes it (asWritten):
// one that decodes to the record but reads otherwise in another program
// (a key repeated or in other case) breaks the chain there.
func VerifyExport(r io.Reader, anchors ...Anchor) (VerifyResult, error) {
	byNode := map[string][]exportRecord{}
	var enc bytes.Buffer
	lb := &lastByte{r: r}
	sc := bufio.NewScanner(lb)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(b) == 0 {
			continue
		}
		var rec Record
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rec); err != nil {
			le := &ExportLineError{Line: line, Err: err}
			le.Cut = !sc.Scan() && sc.Err() == nil && lb.last != '\n'
			return VerifyResult{}, le
		}
		if rec.Node == "" || rec.Seq < 1 || rec.Hash == "" {
			return VerifyResult{}, &ExportLineError{Line: line, Err: errors.New("node, seq or hash missing")}
		}
		byNode[rec.Node] = append(byNode[rec.Node], exportRecord{Record: rec, asWritten: asWritten(&enc, &rec, b)})
	}
	if err := sc.Err(); err != nil {
		return VerifyResult{}, fmt.Errorf("audit: read the export: %w", err)
	}
	noted := map[string]map[int64]string{}
	for _, a := range anchors {
		if noted[a.Node] == nil {
			noted[a.Node] = map[int64]string{}
		}
		noted[a.Node][a.Seq] = a.Hash
	}
	nodes := slices.Sorted(maps.Keys(byNode))
	for n := range noted {
		if byNode[n] == nil {
			nodes = append(nodes, n)
		}
	}
	slices.Sort(nodes)
	var res VerifyResult
	for _, node := range nodes {
		res.Nodes = append(res.Nodes, verifyExportNode(node, byNode[node], noted[node]))
	}
	return res, nil
}

// exportRecord is a record of an export and whether its line is written
// as audit export writes it (asWritten).
type exportRecord struct {
	Record
	asWritten bool
}

// asWritten reports whether line is rec as audit export writes it (JSON
// with HTML left unescaped, WriteRecords). Go's decoder takes the last of
// a repeated key and matches keys in any case, so a line such as
// {"action":"allow",…,"Action":"block"} decodes to the record its hash
// covers while jq, Python or a reader of the text sees "allow": before,
// such a forged copy verified.
func asWritten(enc *bytes.Buffer, rec *Record, line []byte) bool {
	enc.Reset()
	e := json.NewEncoder(enc)
	e.SetEscapeHTML(false)
	if err := e.Encode(rec); err != nil {
		return false
	}
	return bytes.Equal(bytes.TrimSpace(enc.Bytes()), line)
}

// verifyExportNode checks one node's records of an export (any order).
func verifyExportNode(node string, recs []exportRecord, noted map[int64]string) NodeResult {
	nr := NodeResult{Node: node}
	breakAt := func(seq int64, de, en string, a ...any) {
		if nr.Broken == nil {
			nr.Broken = &Broken{Node: node, Seq: seq, Reason: fmt.Sprintf(en, a...), ReasonDE: fmt.Sprintf(de, a...)}
		}
	}
	// Stable: of two records with one seq, the first in the file first.
	slices.SortStableFunc(recs, func(a, b exportRecord) int { return int(min(max(a.Seq-b.Seq, -1), 1)) })
	// The first broken record and the ones after it, to name the break
	// as Verify names it on the store (uncovered.refine: a record moved
	// past a gap is renumbered, not missing).
	var fake uncovered
	// The copy's gap notes (audit note-gap) explain a gap of exactly
	// their numbers, as in Verify; the link of the record after it is
	// taken as it stands.
	var notes []LostRange
	for i := range recs {
		if l, ok := recs[i].gapNote(); ok {
			notes = append(notes, l)
		}
	}
	for i := range recs {
		rec := &recs[i]
		nr.Records++
		if i == 0 {
			nr.FirstSeq = rec.Seq
		} else {
			prev := &recs[i-1]
			switch {
			case rec.Seq == prev.Seq:
				breakAt(rec.Seq, "Eintrag %d steht zweimal in der Kopie (eingefügt)", "record %d is in the copy twice (inserted)", rec.Seq)
			case rec.Seq > prev.Seq+1 && hasGap(notes, prev.Seq+1, rec.Seq-1):
				l, _ := lostAt(notes, prev.Seq+1, rec.Seq-1)
				nr.addGap(l)
			case rec.Seq != prev.Seq+1:
				breakAt(rec.Seq, "Einträge %d..%d fehlen (gelöscht)", "records %d..%d are missing", prev.Seq+1, rec.Seq-1)
			case rec.PrevHash != prev.Hash:
				breakAt(rec.Seq, "Verweis auf den vorigen Hash passt nicht zu Eintrag %d (Eintrag eingefügt oder ersetzt)", "previous-hash link does not match record %d", prev.Seq)
			}
		}
		if rec.Seq == 1 && rec.PrevHash != "" {
			breakAt(1, "Verweis auf den vorigen Hash passt nicht zu Eintrag %d (Eintrag eingefügt oder ersetzt)", "previous-hash link does not match record %d", 0)
		}
		if rec.ComputeHash() != rec.Hash {
			breakAt(rec.Seq, "Inhalt passt nicht zu seinem Hash (Eintrag verändert)", "content does not match its hash (record altered)")
		}
		if !rec.asWritten {
			breakAt(rec.Seq, "Zeile nicht so geschrieben, wie audit export sie schreibt (ein Feld doppelt, anders geschrieben oder die Zeile umformatiert: verändert)", "line not as audit export writes it (a key repeated or renamed, or the line reformatted: altered)")
		}
		if h, ok := noted[rec.Seq]; ok {
			if h == rec.Hash {
				nr.Confirmed++
			} else {
				breakAt(rec.Seq, "Hash weicht vom außerhalb notierten ab (Historie umgeschrieben)", "hash differs from the one noted outside the system (history rewritten)")
			}
		}
		switch {
		case nr.Broken != nil && nr.Broken.Seq == rec.Seq && !fake.seen:
			prevSeq, prevHash := rec.Seq-1, rec.PrevHash // the copy's first link is taken as it stands
			if i > 0 {
				prevSeq, prevHash = recs[i-1].Seq, recs[i-1].Hash
			}
			fake.first(&rec.Record, i > 0, prevSeq, prevHash)
		case fake.seen:
			fake.later(&rec.Record)
		}
		nr.LastSeq, nr.LastHash = rec.Seq, rec.Hash
	}
	fake.refine(nr.Broken, true)
	notedUnused(&nr, notes, breakAt)
	for _, seq := range slices.Sorted(maps.Keys(noted)) {
		switch {
		case nr.Records == 0:
			breakAt(seq, "keine Einträge dieses Servers, aber ein Hash bei %d notiert", "no records of this node, but a hash was noted at %d", seq)
		case seq > nr.LastSeq:
			breakAt(nr.LastSeq+1, "Einträge %d..%d fehlen (Hash notiert bei %d)", "records %d..%d are missing (hash noted at %d)", nr.LastSeq+1, seq, seq)
		case seq < nr.FirstSeq:
			nr.Pruned = append(nr.Pruned, seq)
		}
	}
	return nr
}
