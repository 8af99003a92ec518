package audit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// GapNoteRule is the rule of a gap note: a record an authorised person
// appended to a node's chain (audit note-gap) to note that records
// First..Last of that node are gone for a reason known and accepted (a
// backup restored, docs/operations.md §6). It is a record of the chain
// like any other (hash-chained, written by the node's Logger): altered
// afterwards, it breaks the chain. Its Path holds the range "A..B", its
// Justification the reason, its User the pseudonymised operator; it names
// no request, and Stats and the usage report do not count it as one.
const GapNoteRule = "schleuse:gap_noted"

// GapNoteAction is a gap note's action.
const GapNoteAction = "note"

// MaxGapReason bounds a gap note's reason (runes): a short explanation
// (the ticket of the restore), never personal data.
const MaxGapReason = 200

// GapNote is what a gap note says: the record that holds it, when and by
// whom (the operator's pseudonym) it was written, and why.
type GapNote struct {
	Seq    int64     `json:"seq"`
	Time   time.Time `json:"time"`
	By     string    `json:"by,omitempty"`
	Reason string    `json:"reason"`
}

// gapRange reads a gap note's range "A..B".
func gapRange(s string) (first, last int64, ok bool) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return 0, 0, false
	}
	f, err1 := strconv.ParseInt(a, 10, 64)
	l, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || f < 1 || l < f {
		return 0, 0, false
	}
	return f, l, true
}

// gapNotes reads the gap notes of every node as ranges, each with its note.
// A note whose record does not match its own hash is left out: an edited
// note explains nothing, and verify names its record broken.
func (r *Reader) gapNotes(ctx context.Context) (map[string][]LostRange, error) {
	rows, err := r.st.db.QueryContext(ctx, r.st.q("SELECT "+recordColumns+" FROM audit_records WHERE rules = ? ORDER BY node, seq"), joinList([]string{GapNoteRule}))
	if err != nil {
		return nil, fmt.Errorf("audit: verify: %w", damaged(err))
	}
	defer rows.Close()
	out := map[string][]LostRange{}
	for rows.Next() {
		rec, err := scanRecord(rows)
		if _, ok := errors.AsType[*RecordError](err); ok {
			continue // unreadable: verify names it
		}
		if err != nil {
			return nil, fmt.Errorf("audit: verify: %w", damaged(err))
		}
		if l, ok := rec.gapNote(); ok {
			out[rec.Node] = append(out[rec.Node], l)
		}
	}
	return out, rows.Err()
}

// gapNote is the gap a gap note names, with the note; false for a record
// that is none, or one that does not match its own hash (edited: it
// explains nothing).
func (rec *Record) gapNote() (LostRange, bool) {
	if len(rec.Rules) != 1 || rec.Rules[0] != GapNoteRule {
		return LostRange{}, false
	}
	first, last, ok := gapRange(rec.Path)
	if !ok || rec.ComputeHash() != rec.Hash {
		return LostRange{}, false
	}
	return LostRange{Node: rec.Node, First: first, Last: last, At: rec.Time,
		Note: &GapNote{Seq: rec.Seq, Time: rec.Time, By: rec.User, Reason: rec.Justification}}, true
}

// hasGap says whether lost explains the gap first..last (lostAt).
func hasGap(lost []LostRange, first, last int64) bool {
	_, ok := lostAt(lost, first, last)
	return ok
}

// notedUnused breaks nr at each gap note of lost that the walk did not
// meet as a gap of exactly its numbers (nr.Noted): records of them exist,
// the gap is larger or smaller, or the note stands before it. It
// explains nothing and is itself a finding.
func notedUnused(nr *NodeResult, lost []LostRange, breakAt func(seq int64, de, en string, a ...any)) {
	for _, l := range lost {
		if l.Note != nil && !slices.ContainsFunc(nr.Noted, func(m LostRange) bool { return m.Note.Seq == l.Note.Seq }) {
			breakAt(l.Note.Seq, "Eintrag vermerkt eine Lücke %d..%d (%s), aber die Kette hat keine Lücke genau dieser Nummern vor ihm (Einträge davon vorhanden, die Lücke größer oder kleiner): der Vermerk erklärt nichts", "record notes a gap %d..%d (%s), but the chain has no gap of exactly these numbers before it (records of it exist, or the gap is larger or smaller): the note explains nothing", l.First, l.Last, l.Note.Reason)
		}
	}
}

// gaps are the gaps of each node that are explained: named lost by a
// salvage, or noted (gapNotes). Verify, Check and CheckSpans classify a
// gap of exactly one of these numbers by it.
func (r *Reader) gaps(ctx context.Context) (map[string][]LostRange, error) {
	lost, err := r.salvageLost(ctx)
	if err != nil {
		return nil, err
	}
	notes, err := r.gapNotes(ctx)
	if err != nil {
		return nil, err
	}
	if lost == nil {
		return notes, nil
	}
	for n, l := range notes {
		lost[n] = append(lost[n], l...)
	}
	return lost, nil
}

// CheckGapReason says why reason cannot be a gap note's reason: empty,
// longer than MaxGapReason, or with control characters.
func CheckGapReason(reason string) error {
	n := utf8.RuneCountInString(reason)
	switch {
	case strings.TrimSpace(reason) == "":
		return errors.New("Grund fehlt (--reason \"…\", z. B. die Nummer des Vorgangs der Rücksicherung) / reason missing")
	case n > MaxGapReason || !utf8.ValidString(reason):
		return fmt.Errorf("Grund zu lang: %d Zeichen, höchstens %d (ein kurzer Hinweis, etwa die Vorgangsnummer; keine personenbezogenen Daten) / reason too long: %d characters, at most %d", n, MaxGapReason, n, MaxGapReason)
	case strings.ContainsFunc(reason, unicode.IsControl):
		return errors.New("Grund enthält Steuerzeichen (Zeilenumbruch, Tabulator); eine Zeile Text angeben / reason holds control characters")
	}
	return nil
}

// NoteGap appends a gap note for records first..last of node cfg.Node to
// its chain, written by the node's Logger (Open: it takes the node's
// lock, so schleuse must be stopped on that node, and goes on after the
// head noted in audit-heads). operator is the name of who notes it; it is
// stored only as its keyed pseudonym, whatever audit.pseudonymize_users
// says. The gap must be one: records first..last absent, the record before
// it present (or first = 1, or a checkpoint at first-1), and the record
// after it present or the note itself. It returns the note's record.
func NoteGap(ctx context.Context, cfg Config, first, last int64, reason, operator string) (Record, error) {
	if first < 1 || last < first {
		return Record{}, fmt.Errorf("Bereich %d..%d ungültig: --from und --to sind Eintragsnummern ab 1, --from ≤ --to / range %d..%d invalid", first, last, first, last)
	}
	if err := CheckGapReason(reason); err != nil {
		return Record{}, err
	}
	yes := true
	cfg.PseudonymizeUsers = &yes
	l, err := Open(ctx, cfg)
	if err != nil {
		return Record{}, err
	}
	st, ok := l.st.(*sqlStore)
	if !ok {
		l.Close()
		return Record{}, errors.New("audit: note-gap: no SQL store")
	}
	if err := st.checkGap(ctx, l.cfg.Node, first, last, l.seq); err != nil {
		l.Close()
		return Record{}, err
	}
	var dup int64
	if err := st.db.QueryRowContext(ctx, st.q(`SELECT count(*) FROM audit_records WHERE node = ? AND rules = ? AND path = ?`), l.cfg.Node, gapNoteItem, fmt.Sprintf("%d..%d", first, last)).Scan(&dup); err != nil {
		l.Close()
		return Record{}, fmt.Errorf("audit: note-gap: %w", damaged(err))
	}
	if dup > 0 {
		err := fmt.Errorf("die Lücke %d..%d von Server %s ist schon vermerkt (audit verify nennt den Vermerk) / the gap %d..%d of node %s is noted already", first, last, l.cfg.Node, first, last, l.cfg.Node)
		l.Close()
		return Record{}, err
	}
	rec := Record{}
	err = l.Log(Entry{RequestID: fmt.Sprintf("gap-%d-%d", first, last), UserName: operator, Action: GapNoteAction,
		Rules: []string{GapNoteRule}, Path: fmt.Sprintf("%d..%d", first, last), Justification: reason})
	if err == nil {
		err = l.Flush(ctx)
	}
	l.mu.Lock()
	rec.Seq, rec.Hash, rec.Node = l.seq, string(l.prev), l.cfg.Node
	l.mu.Unlock()
	if cerr := l.Close(); err == nil {
		err = cerr
	}
	return rec, err
}

// checkGap makes sure first..last of node is a gap whole: none of its
// records stored, the one before stored (or first = 1, or a checkpoint at
// first-1), and the one after stored or head+1 (the note to come).
func (s *sqlStore) checkGap(ctx context.Context, node string, first, last, head int64) error {
	var n int64
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT count(*) FROM audit_records WHERE node = ? AND seq >= ? AND seq <= ?`), node, first, last).Scan(&n); err != nil {
		return fmt.Errorf("audit: note-gap: %w", damaged(err))
	}
	if n > 0 {
		return fmt.Errorf("Einträge %d..%d von Server %s fehlen nicht: %d davon sind vorhanden (die Nummern nennt schleuse audit verify) / records %d..%d of node %s are not missing: %d of them exist", first, last, node, n, first, last, node, n)
	}
	exists := func(seq int64) (bool, error) {
		var c int64
		err := s.db.QueryRowContext(ctx, s.q(`SELECT (SELECT count(*) FROM audit_records WHERE node = ? AND seq = ?) + (SELECT count(*) FROM audit_checkpoints WHERE node = ? AND seq = ?)`), node, seq, node, seq).Scan(&c)
		if err != nil {
			return false, fmt.Errorf("audit: note-gap: %w", damaged(err))
		}
		return c > 0, nil
	}
	if last > head {
		return fmt.Errorf("Einträge %d..%d von Server %s: die Kette endet bei %d, dahinter fehlt nichts (die Nummern nennt schleuse audit verify) / records %d..%d of node %s: the chain ends at %d", first, last, node, head, first, last, node, head)
	}
	if first > 1 {
		ok, err := exists(first - 1)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("vor Eintrag %d von Server %s fehlen weitere Einträge: die Lücke beginnt früher; die ganze Lücke angeben (die Nummern nennt schleuse audit verify) / record %d of node %s is missing too: the gap begins earlier", first, node, first-1, node)
		}
	}
	if last < head {
		ok, err := exists(last + 1)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("hinter Eintrag %d von Server %s fehlen weitere Einträge: die Lücke endet später; die ganze Lücke angeben (die Nummern nennt schleuse audit verify) / record %d of node %s is missing too: the gap ends later", last, node, last+1, node)
		}
	}
	return nil
}
