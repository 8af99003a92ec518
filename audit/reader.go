package audit

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Reader queries and verifies the audit log; the same for SQLite and
// PostgreSQL. It is safe for concurrent use.
type Reader struct {
	st   *sqlStore
	dir  string // the state directory: the heads file (NotedHeads)
	keys *Keys  // nil if the key file could not be read: value and user-name filters and Reveal then fail
	kerr error
	// periods are the log's key periods (audit_keys) as read at
	// OpenReader, perr why they could not be; keyErr is why the key file
	// cannot search the log (none of its periods, or the table altered),
	// period the index of the file's period (-1: none, or no periods).
	periods []KeyPeriod
	perr    error
	keyErr  error
	period  int
	// extra are the key files added by AddKeyFile (the files of earlier
	// key periods, kept), extraPeriod the index of each one's period.
	extra       []*Keys
	extraPeriod []int
	// heads is the heads file as last read (NotedHeads).
	heads headsRead
}

// OpenReader opens the store named by cfg for reading, and the key file (if
// readable) for value filters and Reveal.
func OpenReader(ctx context.Context, cfg Config) (*Reader, error) {
	if cfg.Dir == "" && !isPostgres(cfg.Store) {
		return nil, errors.New("audit: Config.Dir (state directory) is required")
	}
	if cfg.KeyFile == "" && cfg.Dir != "" {
		cfg.KeyFile = cfg.Dir + "/" + KeyFileName
	}
	st, err := openStore(ctx, cfg, true)
	if err != nil {
		return nil, err
	}
	if err := st.checkSchema(ctx, cfg); err != nil {
		st.close()
		return nil, err
	}
	r := &Reader{st: st, dir: cfg.Dir}
	if cfg.KeyFile == "" {
		r.kerr = errors.New("audit: no key file configured")
	} else {
		r.keys, r.kerr = LoadKeys(cfg.KeyFile, false)
	}
	r.period = -1
	r.periods, r.perr = st.keyPeriods(ctx)
	switch {
	case r.perr != nil:
		r.keyErr = r.perr
	case r.keys != nil && len(r.periods) > 0:
		r.period, r.keyErr = matchKeys(r.keys, r.periods)
		if r.keyErr == nil && r.period < 0 {
			r.keyErr = mark(ProblemWrongKeys, "", fmt.Errorf("audit: Die Schlüsseldatei %s passt zu keinem Schlüsselzeitraum dieses Audit-Logs (Schlüssel-ID %s; die des Logs: %s): die Datei eines anderen Servers, einer alten Sicherung oder eines Testsystems? Mit ihr fände die Suche nach einem Wert oder Anmeldenamen nichts und reveal keinen Namen, deshalb wird nicht gesucht. Die Schlüsseldatei, mit der das Protokoll geschrieben wurde, in state_dir legen (docs/audit.md, Abschnitt 2) / %w: %s matches none of the log's key periods (key id %s; the log's: %s); a value or user-name search would find nothing and reveal no name, so none is made: put the key file the log was written with into state_dir",
				cfg.KeyFile, KeyID(r.keys), periodIDs(r.periods), ErrKeysWrong, cfg.KeyFile, KeyID(r.keys), periodIDs(r.periods)))
		}
	}
	return r, nil
}

// periodIDs lists the key ids of ps as "1: id, 2: id".
func periodIDs(ps []KeyPeriod) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d: %s", p.Period, p.KeyID)
	}
	return b.String()
}

// keysUsable is nil when a key file can search the log: the one in
// state_dir is read and is one of the log's key periods (or the log
// keeps none yet), or a file added by AddKeyFile is.
func (r *Reader) keysUsable(what string) error {
	if r.perr != nil || errors.Is(r.keyErr, ErrKeyPeriods) {
		return r.keyErr // the table cannot vouch for any file
	}
	if len(r.extra) > 0 {
		return nil
	}
	if r.keys == nil {
		return mark(ProblemNoKeys, "", fmt.Errorf("audit: %s needs the key file: %w", what, r.kerr))
	}
	return r.keyErr
}

// searchKeys are the key files a value or user-name search and reveal
// use: the one in state_dir unless it matches none of the log's periods,
// and those added by AddKeyFile.
func (r *Reader) searchKeys() []*Keys {
	var ks []*Keys
	if r.keys != nil && r.keyErr == nil {
		ks = append(ks, r.keys)
	}
	return append(ks, r.extra...)
}

// AddKeyFile adds the key file at path (an earlier key period's, kept
// after new-keys) to those value and user-name searches and reveal use, so
// that they match that period's records too (audit query --key-file). A
// file that is none of the log's key periods is refused (ErrKeysWrong),
// as is any file for a log that keeps no periods (nothing to check it by).
func (r *Reader) AddKeyFile(path string) error {
	k, err := LoadKeys(path, false)
	if err != nil {
		return fmt.Errorf("audit: Schlüsseldatei %s nicht lesbar / cannot read key file %s: %w", path, path, err)
	}
	if r.perr != nil {
		return r.perr
	}
	if len(r.periods) == 0 {
		return mark(ProblemWrongKeys, "", fmt.Errorf("audit: Dieses Audit-Log führt noch keine Schlüsselzeiträume (geschrieben vor dieser Fassung und seitdem nicht gestartet): eine weitere Schlüsseldatei %s lässt sich ihm nicht zuordnen; die Datei, mit der es geschrieben wurde, in state_dir legen / %w: the log keeps no key periods yet, so %s cannot be matched to it", path, ErrKeysWrong, path))
	}
	i, err := matchKeys(k, r.periods)
	if err != nil {
		return err
	}
	if i < 0 {
		return mark(ProblemWrongKeys, "", fmt.Errorf("audit: Die Schlüsseldatei %s passt zu keinem Schlüsselzeitraum dieses Audit-Logs (Schlüssel-ID %s; die des Logs: %s) / %w: %s matches none of the log's key periods (key id %s; the log's: %s)",
			path, KeyID(k), periodIDs(r.periods), ErrKeysWrong, path, KeyID(k), periodIDs(r.periods)))
	}
	if i == r.period && r.keyErr == nil || slices.Contains(r.extraPeriod, i) {
		return nil // that period's file is in use already
	}
	r.extra = append(r.extra, k)
	r.extraPeriod = append(r.extraPeriod, i)
	return nil
}

// KeyPeriods returns the log's key periods (audit_keys) with the records
// of each counted, which one is current and which the key file present
// is, and the records written before the first period with keys no period
// names. None for a log that keeps none yet (written before the table
// existed, and not opened for writing since). A table that cannot be
// read or was altered is an error wrapping ErrKeyPeriods.
func (r *Reader) KeyPeriods(ctx context.Context) (ps []KeyPeriod, before int64, err error) {
	if r.perr != nil {
		return nil, 0, r.perr
	}
	if r.keyErr != nil && !errors.Is(r.keyErr, ErrKeysWrong) {
		return nil, 0, r.keyErr // altered: its tag does not verify
	}
	ps = slices.Clone(r.periods)
	if r.period >= 0 {
		ps[r.period].KeyFile = true
	}
	for _, i := range r.extraPeriod {
		ps[i].Searched = true
	}
	before, err = r.st.countPeriods(ctx, ps)
	return ps, before, err
}

// KeyNote is a set of records that the key file present cannot search:
// those of another key period (Period > 0), or written before the first
// (Period 0).
type KeyNote struct {
	Period      int64
	From, Until time.Time // the period's bounds (zero: open)
	Records     int64
	DE, EN      string
}

// KeyNotes names the records a value or user-name search and reveal
// cannot match with the key file present, because they were written in
// another key period, for a note beside the answer: "not found" holds
// only for the others. Nothing when the file is the log's only key, or
// when it cannot search at all (the search itself says why).
func (r *Reader) KeyNotes(ctx context.Context) ([]KeyNote, error) {
	if r.keysUsable("") != nil || len(r.periods) == 0 {
		return nil, nil
	}
	if len(r.periods) == 1 && len(r.periods[0].Starts) == 0 {
		return nil, nil
	}
	ps, before, err := r.KeyPeriods(ctx)
	if err != nil {
		return nil, err
	}
	var out []KeyNote
	if before > 0 {
		until := ps[0].Created.Format(time.RFC3339)
		out = append(out, KeyNote{Until: ps[0].Created, Records: before,
			DE: fmt.Sprintf("%d Einträge vor dem Schlüsselzeitraum 1 (bis %s) sind mit früheren, nicht mehr vorhandenen Schlüsseln geschrieben: die Suche nach Wert oder Anmeldenamen und reveal finden sie nicht", before, until),
			EN: fmt.Sprintf("%d records before key period 1 (until %s) were written with earlier keys no longer held: value and user-name searches and reveal cannot match them", before, until)})
	}
	for i, p := range ps {
		if (i == r.period && r.keyErr == nil) || p.Searched || p.Records == 0 {
			continue
		}
		var until, untilEN string
		var to time.Time
		if i+1 < len(ps) {
			to = ps[i+1].Created
			until = " bis " + to.Format(time.RFC3339)
			untilEN = " until " + to.Format(time.RFC3339)
		}
		since := p.Created.Format(time.RFC3339)
		out = append(out, KeyNote{Period: p.Period, From: p.Created, Until: to, Records: p.Records,
			DE: fmt.Sprintf("%d Einträge des Schlüsselzeitraums %d (seit %s%s, Schlüssel-ID %s) sind mit einer anderen Schlüsseldatei geschrieben: die Suche nach Wert oder Anmeldenamen und reveal finden sie mit dieser nicht (dafür die aufbewahrte Datei jenes Zeitraums mit --key-file angeben)", p.Records, p.Period, since, until, p.KeyID),
			EN: fmt.Sprintf("%d records of key period %d (since %s%s, key id %s) were written with another key file: value and user-name searches and reveal cannot match them with this one (give that period's kept file with --key-file)", p.Records, p.Period, since, untilEN, p.KeyID)})
	}
	return out, nil
}

// Close closes the store.
func (r *Reader) Close() error { return r.st.close() }

// NoticeRequestID is the request id in s, the Vorgangsnummer as a person
// reads it out or pastes it from the notice: blanks around it, a label the
// notice writes before it (noticeIDLabels, in any case) and the sentence's
// full stop after it ("Vorgangsnummer: 7064eb50…." and "Reference number
// (Vorgangsnummer): 7064eb50…." are "7064eb50…") are left out. The web
// view's field and audit query --request-id read it so. Before, only the
// German label was; the English part's id pasted with its label matched no
// record.
func NoticeRequestID(s string) string {
	s = strings.TrimSpace(s)
	for _, l := range noticeIDLabels {
		if len(s) >= len(l) && strings.EqualFold(s[:len(l)], l) {
			s = strings.TrimSpace(s[len(l):])
			break
		}
	}
	// The proxy writes ids in lower case (hex); one copied from a
	// printout or typed in capitals is the same id.
	return strings.ToLower(strings.TrimSuffix(s, "."))
}

// RequestIDForm says, German and English, how id (as NoticeRequestID
// returns it) differs from the form of every request id the proxy makes:
// 24 digits 0-9 and letters a-f. Both are empty when it has that form. For
// the note after a search by a request id that no record holds: a digit
// left out or a letter misread when copying looked like a request that was
// never logged.
func RequestIDForm(id string) (de, en string) {
	n := utf8.RuneCountInString(id)
	hex := strings.Trim(id, "0123456789abcdef") == ""
	switch {
	case n == 24 && hex:
		return "", ""
	case hex:
		return fmt.Sprintf("eine Vorgangsnummer hat 24 Stellen (Ziffern 0–9 und Buchstaben a–f), diese hat %d", n),
			fmt.Sprintf("a reference number has 24 hex digits, this one has %d", n)
	}
	return "eine Vorgangsnummer hat 24 Stellen, nur Ziffern 0–9 und Buchstaben a–f (diese hat andere Zeichen: ein O statt einer 0, ein l statt einer 1?)",
		"a reference number has 24 hex digits, this one has other characters"
}

// noticeIDLabels are the labels the proxy's notices write before the
// request id (proxy/notice.go, the answer to a request that could not be
// inspected), longest first.
var noticeIDLabels = []string{"Reference number (Vorgangsnummer):", "Reference number:", "Vorgangsnummer:"}

// Filter selects records. Empty fields do not filter.
type Filter struct {
	From, To time.Time // From inclusive, To exclusive
	Node     string
	// RequestID is a record's request id, the "Vorgangsnummer" the
	// notice a person saw names (a request refused after its record was
	// written has two records with it).
	RequestID string
	User      string // pseudonym as stored ("u-…")
	UserName  string // a real user name, pseudonymised with the user key
	Group     string
	Service   string // service id
	Action    string
	Type      string // finding type
	Rule      string // rule id
	// Upstream: only the records of failed sends (UpstreamRulePrefix):
	// "any", or one of UpstreamOutcomes.
	Upstream string
	Value    string         // a raw finding value: matched by its fingerprint (all types, or Type if set)
	Limit    int            // default 1000; negative: no limit
	Offset   int            // skip this many matching records first (in the order asked for): paging
	Newest   bool           // newest first (default oldest first)
	Location *time.Location // for day buckets in Stats (default time.Local)
}

// knownTypes are the TAXONOMY.md finding types, tried for a Value filter
// without a Type.
var knownTypes = []string{"EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "DE_TAX_ID", "DE_TAX_NUMBER",
	"DE_VAT_ID", "DE_SOCIAL_SECURITY", "DE_HEALTH_INSURANCE", "DE_ID_CARD", "DE_LICENSE_PLATE",
	"POSTAL_ADDRESS", "DATE_OF_BIRTH", "PERSON", "IP_ADDRESS", "SECRET", "CASE_REFERENCE",
	"CLASSIFICATION", "SPECIAL_CATEGORY"}

// where builds the WHERE clause for f.
func (r *Reader) where(f Filter) (string, []any, error) {
	var conds []string
	var args []any
	eq := func(col, v string) {
		if v != "" {
			conds = append(conds, col+" = ?")
			args = append(args, clean(v))
		}
	}
	item := func(col, v string) {
		if v != "" {
			conds = append(conds, col+` LIKE ? ESCAPE '\'`)
			args = append(args, "%"+sep+likeEscape(clean(v))+sep+"%")
		}
	}
	if !f.From.IsZero() {
		conds = append(conds, "ts >= ?")
		args = append(args, f.From.UnixNano())
	}
	if !f.To.IsZero() {
		conds = append(conds, "ts < ?")
		args = append(args, f.To.UnixNano())
	}
	eq("node", f.Node)
	eq("request_id", f.RequestID)
	eq("user_ps", f.User)
	if f.UserName != "" {
		if err := r.keysUsable("user-name filter"); err != nil {
			return "", nil, err
		}
		// A log written with audit.pseudonymize_users: false holds the
		// name itself: match that too, in any case (as the pseudonym is
		// made of the name in lower case), so that a name search answers
		// an access request in that mode as well instead of finding nothing.
		// Both sides fold in SQLite (LOWER: ASCII letters only): a name
		// folded in Go ("özlem") never met a stored "Özlem" folded there.
		name := clean(strings.TrimSpace(f.UserName))
		var ors []string
		for _, k := range r.searchKeys() { // a pseudonym per key period searched
			ors = append(ors, "user_ps = ?")
			args = append(args, pseudonym(k.User, f.UserName))
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+" OR LOWER(TRIM(user_ps)) = LOWER(?))")
		args = append(args, name)
	}
	item("groups", f.Group)
	eq("service_id", f.Service)
	eq("action", f.Action)
	item("rules", f.Rule)
	switch {
	case f.Upstream == "any":
		conds = append(conds, `rules LIKE ? ESCAPE '\'`)
		args = append(args, "%"+sep+likeEscape(UpstreamRulePrefix)+"%")
	case f.Upstream != "":
		if !slices.Contains(UpstreamOutcomes, f.Upstream) {
			return "", nil, fmt.Errorf("audit: upstream outcome %q: want any or one of %s", f.Upstream, strings.Join(UpstreamOutcomes, ", "))
		}
		item("rules", UpstreamRulePrefix+f.Upstream)
	}
	if f.Type != "" {
		// The type counted in what the person sent, or only in the calling
		// program's tool and schema text ("schema:TYPE", Record.Findings).
		conds = append(conds, `(findings LIKE ? ESCAPE '\' OR findings LIKE ? ESCAPE '\')`)
		t := likeEscape(clean(f.Type))
		args = append(args, "%"+sep+t+"=%", "%"+sep+SchemaFindingPrefix+t+"=%")
	}
	if f.Value != "" {
		if err := r.keysUsable("value filter"); err != nil {
			return "", nil, err
		}
		types := knownTypes
		if f.Type != "" {
			types = []string{f.Type}
		}
		seen := map[string]bool{}
		var ors []string
		for _, k := range r.searchKeys() {
			mac := newMACKey(k.Fingerprint)
			for _, t := range types {
				fp := mac.fingerprint(t, f.Value)
				if seen[fp] {
					continue
				}
				seen[fp] = true
				ors = append(ors, "fingerprints LIKE ?")
				args = append(args, "%"+sep+fp+sep+"%")
			}
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// Query returns the records that match f, oldest first (or newest first
// with f.Newest), at most f.Limit. Rows that cannot be read are left out
// and named by an *UnreadableError returned with the other records.
func (r *Reader) Query(ctx context.Context, f Filter) ([]Record, error) {
	var recs []Record
	err := r.scan(ctx, f, func(rec *Record) error {
		recs = append(recs, *rec)
		return nil
	})
	return recs, err
}

// Each calls fn for each record matching f, in the order Query returns
// them, without holding them: for exports of any length. An error of fn
// ends the scan and is returned; unreadable rows are named at the end by an
// *UnreadableError, as Query does.
func (r *Reader) Each(ctx context.Context, f Filter, fn func(*Record) error) error {
	return r.scan(ctx, f, fn)
}

// querySQL is the SELECT of the records matching f, in its order and
// limit.
func (r *Reader) querySQL(f Filter) (string, []any, error) {
	where, args, err := r.where(f)
	if err != nil {
		return "", nil, err
	}
	if where == "" {
		// Without a condition SQLite reads and sorts the whole table for
		// ORDER BY ts … LIMIT n instead of walking the time index: the
		// newest 1000 of 200 000 records took 0.9 s instead of 0.04 s
		// (audit query --newest, TestQueryUsesTimeIndex). A bound every
		// record meets lets it take the index; PostgreSQL plans as before.
		where, args = " WHERE ts >= ?", []any{int64(math.MinInt64)}
	}
	order := " ORDER BY ts, node, seq"
	if f.Newest {
		order = " ORDER BY ts DESC, node DESC, seq DESC"
	}
	limit := ""
	switch {
	case f.Limit == 0:
		limit = " LIMIT 1000"
	case f.Limit > 0:
		limit = fmt.Sprintf(" LIMIT %d", f.Limit)
	case f.Offset > 0 && !r.st.postgres:
		limit = " LIMIT -1" // SQLite takes OFFSET only after a LIMIT
	}
	if f.Offset > 0 {
		limit += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	return "SELECT " + recordColumns + " FROM audit_records" + where + order + limit, args, nil
}

// scan calls fn for each record matching f.
func (r *Reader) scan(ctx context.Context, f Filter, fn func(*Record) error) error {
	query, args, err := r.querySQL(f)
	if err != nil {
		return err
	}
	rows, err := r.st.db.QueryContext(ctx, r.st.q(query), args...)
	if err != nil {
		return fmt.Errorf("audit: query: %w", damaged(err))
	}
	defer rows.Close()
	var bad []RecordError
	for rows.Next() {
		rec, err := scanRecord(rows)
		if re, ok := err.(*RecordError); ok {
			// One damaged row must not hide every other record from
			// the auditor: skip it and name it at the end.
			bad = append(bad, *re)
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(&rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: query: %w", damaged(err))
	}
	if len(bad) > 0 {
		return &UnreadableError{Records: bad}
	}
	return nil
}

// RecordError is a row of the store that cannot be read as a record (a
// column altered to something no record has: text in a number column, a
// malformed findings list). Seq is 0 and SeqNotNumber set when the seq
// column itself is damaged; what it holds is not kept nor shown (Name),
// since a value put in by hand may be anyone's data.
type RecordError struct {
	Node string `json:"node"`
	Seq  int64  `json:"seq"`
	// SeqNotNumber says the seq column holds no number (Seq is then 0).
	SeqNotNumber bool   `json:"seq_not_number,omitempty"`
	Hash         string `json:"-"` // the stored hash, to go on verifying the chain behind the row
	Reason       string `json:"reason"`
	Err          error  `json:"-"`
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("audit: record %s: cannot be read: %s", e.Name(), e.Reason)
}

func (e *RecordError) Unwrap() error { return e.Err }

// Name is "node/seq", as the CLI and the web view name a record.
func (e RecordError) Name() string {
	if e.SeqNotNumber {
		// Named by the start of its stored hash, which finds the row
		// (WHERE hash LIKE '…%'), not by what its seq column holds.
		return fmt.Sprintf("%s/(Nr. keine Zahl, Hash %.16s)", e.Node, e.Hash)
	}
	return fmt.Sprintf("%s/%d", e.Node, e.Seq)
}

// UnreadableError is returned by Query, Stats and UsageReport (each with
// the results of every other record) when some matching rows cannot be
// read; Verify reports them as NodeResult.Unreadable.
type UnreadableError struct {
	Records []RecordError
}

func (e *UnreadableError) Error() string {
	names := make([]string, len(e.Records))
	for i := range e.Records {
		names[i] = e.Records[i].Name()
	}
	return fmt.Sprintf("audit: %d record(s) cannot be read (%s): the store was altered or damaged; audit verify names the broken chain", len(e.Records), strings.Join(names, ", "))
}

// scanRecord reads the current row. A row that the driver or the list
// decoder rejects is a *RecordError naming the row as far as it can be
// read.
func scanRecord(rows *sql.Rows) (Record, error) {
	var rec Record
	var ts, latUS int64
	var groups, rules, findings, fps string
	err := rows.Scan(&rec.Node, &rec.Seq, &ts, &rec.RequestID, &rec.User, &groups, &rec.ServiceID, &rec.Host,
		&rec.Path, &rec.Action, &rules, &findings, &fps, &rec.Justification, &rec.Bytes, &latUS,
		&rec.PolicyRevision, &rec.PrevHash, &rec.Hash)
	if err != nil {
		return rec, rawRecordError(rows, err)
	}
	rec.Time = time.Unix(0, ts).UTC()
	rec.LatencyMS = float64(latUS) / 1000
	rec.Groups, rec.Rules, rec.Fingerprints = splitList(groups), splitList(rules), splitList(fps)
	if rec.Findings, err = splitFindings(findings); err != nil {
		return rec, &RecordError{Node: rec.Node, Seq: rec.Seq, Hash: rec.Hash, Reason: err.Error(), Err: err}
	}
	return rec, nil
}

// rawRecordError scans the row again without conversion to name it.
func rawRecordError(rows *sql.Rows, cause error) error {
	n := numColumns
	cols, err := rows.Columns()
	if err == nil && len(cols) > 0 {
		n = len(cols) // Stats reads fewer (statsColumns); node, seq first, hash last
	}
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return fmt.Errorf("audit: read record: %w", cause)
	}
	text := func(v any) string {
		switch v := v.(type) {
		case []byte:
			return string(v)
		case nil:
			return ""
		default:
			return fmt.Sprint(v)
		}
	}
	re := &RecordError{Node: text(vals[0]), Hash: text(vals[n-1]), Reason: unreadableReason(cols, vals, text, cause), Err: cause}
	if n, err := strconv.ParseInt(text(vals[1]), 10, 64); err == nil {
		re.Seq = n
	} else {
		re.SeqNotNumber = true
	}
	return re
}

// numberColumns are the record columns that hold numbers.
var numberColumns = map[string]bool{"seq": true, "ts": true, "bytes": true, "latency_us": true}

// quotedValue is a value database/sql quotes in a scan error.
var quotedValue = regexp.MustCompile(`\("(?:[^"\\]|\\.)*"\)`)

// unreadableReason says which column of a row holds what no record has,
// without repeating what it holds: a value put in by hand may be anyone's
// data, and the reason goes to the terminal, the web view and JSON.
// Before, it was database/sql's scan error, which quotes the value
// ("converting driver.Value type string ("Max Muster") to a int64").
func unreadableReason(cols []string, vals []any, text func(any) string, cause error) string {
	for i, c := range cols {
		if i < len(vals) && numberColumns[c] {
			if _, err := strconv.ParseInt(text(vals[i]), 10, 64); err != nil {
				return fmt.Sprintf("Spalte %s enthält keine Zahl (column %s holds no number)", c, c)
			}
		}
	}
	return quotedValue.ReplaceAllString(cause.Error(), "(…)")
}

// Reveal maps a pseudonym back to a user name: it returns the candidate whose
// pseudonym under the user key equals pseudonym. Use it only under the
// four-eyes procedure of docs/audit.md. Without the key file it fails
// rather than report no match: a "no match" that only means "no key"
// would clear the wrong person.
func (r *Reader) Reveal(pseudo string, candidates []string) (string, bool, error) {
	if err := r.keysUsable("reveal"); err != nil {
		return "", false, err
	}
	if pseudo == "" {
		return "", false, nil
	}
	for _, k := range r.searchKeys() {
		for _, c := range candidates {
			if pseudonym(k.User, c) == pseudo {
				return c, true, nil
			}
		}
	}
	return "", false, nil
}

// Bucket is one count in Stats.
type Bucket struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

// Stats are counts over the records matching a filter. ByType counts
// findings (sum of counts), the others count records. ByDay uses the
// filter's Location; days are "2006-01-02", in order; the other lists are
// sorted by count, largest first.
type Stats struct {
	// Records counts every record matching, a failed send's second
	// record included (the web view pages the records by it).
	Records int64 `json:"records"`
	// Requests counts each request once: the records counted per day,
	// service and action. UpstreamFailed counts the failed sends apart
	// (their records, by outcome in ByUpstream). Records was the only
	// total before, and `audit stats` showed a failed send as one more
	// request.
	Requests       int64 `json:"requests"`
	UpstreamFailed int64 `json:"upstream_failed"`
	// RefusedBeforeLogin counts the refusals before the proxy login or
	// for want of one (RefusedWithoutLogin: the interception CA expired,
	// one record per browser retry; a connection without a login that
	// holds): no request a person sent. ByRefusal counts them by rule.
	// Records counts them, Requests and the lists by day, service, action
	// and type do not, unless the filter selects one of their rules
	// (WithoutLoginRules), as the usage report sets them apart. Before,
	// each was a request and a block; until this version only
	// CAExpiredRule's were set apart.
	RefusedBeforeLogin int64                       `json:"refused_before_login"`
	ByRefusal          []Bucket                    `json:"by_refusal,omitempty"`
	ByDay              []Bucket                    `json:"by_day"`
	ByService          []Bucket                    `json:"by_service"`
	ByAction           []Bucket                    `json:"by_action"`
	ByType             []Bucket                    `json:"by_type"`
	DayAction          map[string]map[string]int64 `json:"day_action"` // day → action → records
	// ByUpstream counts the records of failed sends (UpstreamRulePrefix)
	// by outcome. Records counts them, but ByDay, ByService, ByAction and
	// DayAction do not: a failed send is the second record of a decision
	// counted there already (a day when a service did not answer would
	// show its allowed requests twice). A filter that selects only them
	// (Upstream, or a Rule with UpstreamRulePrefix) counts them there too.
	ByUpstream []Bucket `json:"by_upstream,omitempty"`
	// GapNotes counts the gap notes (GapNoteRule, audit note-gap) among
	// the records: Records counts them, Requests and the lists do not
	// (no request; verify names what each says).
	GapNotes int64 `json:"gap_notes,omitempty"`
	// Spans are the first and last seq of the records counted, per node,
	// for CheckSpans.
	Spans Spans `json:"-"`
}

// Spans are the first and last seq of some records, per node.
type Spans map[string]Span

// Span is the first and last seq of some records of a node.
type Span struct{ Min, Max int64 }

func (s Spans) add(node string, seq int64) {
	if seq <= 0 {
		return
	}
	sp, ok := s[node]
	if !ok {
		s[node] = Span{seq, seq}
		return
	}
	s[node] = Span{min(sp.Min, seq), max(sp.Max, seq)}
}

// statsColumns are the columns Stats reads: those it counts, node, seq and
// hash, which name a damaged row (rawRecordError takes the first two and the
// last column), and whether the number columns it does not read hold
// numbers (%s: SQLite keeps what an UPDATE puts in; PostgreSQL's types do),
// and whether it names no user (RefusedWithoutLogin).
const statsColumns = "node, seq, ts, service_id, action, findings, rules, %s, user_ps = '', hash"

// upstreamOutcome is the outcome of a failed send's record from its
// stored rules column (\x1fitem\x1fitem\x1f), nil for any other record.
func upstreamOutcome(rules []byte) []byte {
	_, after, ok := bytes.Cut(rules, []byte(sep+UpstreamRulePrefix))
	if !ok {
		return nil
	}
	o, _, _ := bytes.Cut(after, []byte(sep))
	return o
}

// gapNoteItem is a gap note's stored rules column.
var gapNoteItem = joinList([]string{GapNoteRule})

// withoutLoginItems are WithoutLoginRules as items of a stored rules
// column.
var withoutLoginItems = func() (items [][]byte) {
	for _, r := range WithoutLoginRules {
		items = append(items, []byte(sep+r+sep))
	}
	return items
}()

// refusedWithoutLogin is RefusedWithoutLogin of a stored rules column of a
// record without a user, nil for none.
func refusedWithoutLogin(rules []byte) []byte {
	for _, it := range withoutLoginItems {
		if bytes.Contains(rules, it) {
			return it[len(sep) : len(it)-len(sep)]
		}
	}
	return nil
}

// sqliteNumbers is statsColumns' test of the other number columns on SQLite.
const sqliteNumbers = "typeof(bytes) = 'integer' AND typeof(latency_us) = 'integer'"

// Stats counts the records matching f (f.Limit is ignored). Rows that
// cannot be read are not counted and named by an *UnreadableError returned
// with the counts of the others. It reads only the columns it counts, not
// whole records: the web view counts the last 30 days on every page, and a
// store of 100 000 records took ≈1.1 s to read whole (docs/audit.md).
func (r *Reader) Stats(ctx context.Context, f Filter) (Stats, error) {
	where, args, err := r.where(f)
	if err != nil {
		return Stats{}, err
	}
	numbers := sqliteNumbers
	if r.st.postgres {
		numbers = "TRUE"
	}
	cols := fmt.Sprintf(statsColumns, numbers)
	rows, err := r.st.db.QueryContext(ctx, r.st.q("SELECT "+cols+" FROM audit_records"+where+" ORDER BY ts"), args...)
	if err != nil {
		return Stats{}, fmt.Errorf("audit: query: %w", damaged(err))
	}
	defer rows.Close()
	days := map[string]int64{}
	dayAct := map[string]counts{}
	svc, act, typ, up, refused := counts{}, counts{}, counts{}, counts{}, counts{}
	dk := dayKeys{loc: f.Location}
	if dk.loc == nil {
		dk.loc = time.Local
	}
	// The records of failed sends repeat their decision's: counted as
	// decisions only when the filter asks for them alone.
	upstreamOnly := f.Upstream != "" || strings.HasPrefix(f.Rule, UpstreamRulePrefix)
	refusalsOnly := slices.Contains(WithoutLoginRules, f.Rule)
	st := Stats{Spans: Spans{}}
	var bad []RecordError
	var found []finding
	for rows.Next() {
		var node, service, action, findings, rules, hash sql.RawBytes
		var seq, ts int64
		var numbersOK, noUser bool
		if err := rows.Scan(&node, &seq, &ts, &service, &action, &findings, &rules, &numbersOK, &noUser, &hash); err != nil {
			err = rawRecordError(rows, err)
			if re, ok := err.(*RecordError); ok {
				bad = append(bad, *re)
				st.Spans.add(re.Node, re.Seq)
				continue
			}
			return Stats{}, err
		}
		st.Spans.add(string(node), seq)
		if !numbersOK {
			bad = append(bad, r.recordError(ctx, string(node), seq, string(hash)))
			continue
		}
		if found, err = parseFindings(found[:0], findings); err != nil {
			bad = append(bad, RecordError{Node: string(node), Seq: seq, Hash: string(hash), Reason: err.Error(), Err: err})
			continue
		}
		st.Records++
		if string(rules) == gapNoteItem {
			st.GapNotes++
			continue
		}
		if o := upstreamOutcome(rules); o != nil {
			up.add(o, 1)
			st.UpstreamFailed++
			if !upstreamOnly {
				continue // no finding either: nothing for ByType
			}
		}
		if rule := refusedWithoutLogin(rules); noUser && rule != nil {
			st.RefusedBeforeLogin++
			refused.add(rule, 1)
			if !refusalsOnly {
				continue
			}
		}
		st.Requests++
		d := dk.of(ts)
		days[d]++
		da := dayAct[d]
		if da == nil {
			da = counts{}
			dayAct[d] = da
		}
		da.add(action, 1)
		svc.add(service, 1)
		act.add(action, 1)
		for _, x := range found {
			typ.add(x.typ, x.n)
		}
	}
	if err := rows.Err(); err != nil {
		return Stats{}, fmt.Errorf("audit: query: %w", damaged(err))
	}
	st.ByDay = buckets(days)
	sort.Slice(st.ByDay, func(i, j int) bool { return st.ByDay[i].Key < st.ByDay[j].Key })
	st.ByService, st.ByAction, st.ByType = svc.buckets(), act.buckets(), typ.buckets()
	if len(up) > 0 {
		st.ByUpstream = up.buckets()
	}
	if len(refused) > 0 {
		st.ByRefusal = refused.buckets()
	}
	st.DayAction = make(map[string]map[string]int64, len(dayAct))
	for d, c := range dayAct {
		st.DayAction[d] = c.plain()
	}
	if len(bad) > 0 {
		return st, &UnreadableError{Records: bad}
	}
	return st, nil
}

// recordError names a row that Stats found damaged in a column it does not
// read, with the reason that reading the whole record gives.
func (r *Reader) recordError(ctx context.Context, node string, seq int64, hash string) RecordError {
	re := RecordError{Node: node, Seq: seq, Hash: hash, Reason: "a number column holds no number"}
	rows, err := r.st.db.QueryContext(ctx, r.st.q("SELECT "+recordColumns+" FROM audit_records WHERE node = ? AND seq = ?"), node, seq)
	if err != nil {
		return re
	}
	defer rows.Close()
	if rows.Next() {
		if _, err := scanRecord(rows); err != nil {
			if e, ok := err.(*RecordError); ok {
				return *e
			}
		}
	}
	return re
}

// counts counts by key; a key seen before is counted without allocating
// (the compiler does not copy string(b) for a map lookup).
type counts map[string]*int64

func (c counts) add(k []byte, n int64) {
	if p := c[string(k)]; p != nil {
		*p += n
		return
	}
	c[string(k)] = &n
}

func (c counts) plain() map[string]int64 {
	m := make(map[string]int64, len(c))
	for k, p := range c {
		m[k] = *p
	}
	return m
}

func (c counts) buckets() []Bucket { return buckets(c.plain()) }

// dayKeys turns times into local days ("2006-01-02"). Rows come in time
// order, so the bounds of a day are computed once, not a date per row.
type dayKeys struct {
	loc      *time.Location
	key      string
	from, to int64 // the day's bounds in Unix nanoseconds
}

func (d *dayKeys) of(ts int64) string {
	if d.key != "" && ts >= d.from && ts < d.to {
		return d.key
	}
	t := time.Unix(0, ts).In(d.loc)
	y, m, day := t.Date()
	start := time.Date(y, m, day, 0, 0, 0, 0, d.loc)
	d.key, d.from, d.to = t.Format("2006-01-02"), start.UnixNano(), start.AddDate(0, 0, 1).UnixNano()
	return d.key
}

// finding is one "TYPE=n" item of a findings column.
type finding struct {
	typ []byte
	n   int64
}

// parseFindings appends the items of a findings column to dst, or fails as
// splitFindings does on a malformed one (then nothing of the row counts).
// The items' types are parts of col.
func parseFindings(dst []finding, col []byte) ([]finding, error) {
	rest := bytes.Trim(col, sep)
	for len(rest) > 0 {
		var it []byte
		it, rest, _ = bytes.Cut(rest, []byte(sep))
		i := bytes.LastIndexByte(it, '=')
		if i < 0 {
			return dst, fmt.Errorf("audit: malformed findings column")
		}
		n, err := strconv.Atoi(string(it[i+1:]))
		if err != nil {
			return dst, fmt.Errorf("audit: malformed findings count: %w", err)
		}
		dst = append(dst, finding{it[:i], int64(n)})
	}
	return dst, nil
}

func buckets(m map[string]int64) []Bucket {
	out := make([]Bucket, 0, len(m))
	for k, v := range m {
		out = append(out, Bucket{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// ServiceUsage is one service's line of the monthly usage report.
type ServiceUsage struct {
	Service string `json:"service,omitempty"` // empty in UsageReport.Total
	// Requests counts the requests staff sent that schleuse decided on:
	// neither the second record of a failed send (UpstreamFailed) nor a
	// refusal before or without the login (RefusedBeforeLogin).
	Requests int64 `json:"requests"`
	Users    int   `json:"users"` // distinct (pseudonymised) users; requests without a login are not one
	// Anonymous counts the requests without a user (no proxy login): they
	// may come from any number of people, so they are no user in Users.
	Anonymous int64            `json:"anonymous_requests"`
	Actions   map[string]int64 `json:"actions"` // action → requests
	// Warned counts the requests the policy held back with a warning
	// (action warn); Justified the requests sent (allow or redact) with a
	// "#freigabe:" justification, mostly warnings the user confirmed: the
	// two figures of section 6 of the KI-Richtlinie (#freigabe).
	Warned    int64 `json:"warned"`
	Justified int64 `json:"justified"`
	// UpstreamFailed counts the requests forwarded whose send failed
	// (UpstreamRulePrefix): their second record is not counted as a
	// request above.
	UpstreamFailed int64 `json:"upstream_failed"`
	// RefusedBeforeLogin counts the refusals before the proxy login or
	// for want of one (RefusedWithoutLogin): the CONNECTs refused because
	// the interception CA expired (CAExpiredRule, a browser's retries
	// each) and the requests of a connection on which nobody is logged in
	// that holds (LoginExpiredRule without a user): no request of a
	// person schleuse decided on, no user, no text inspected.
	// RefusedByRule counts them by rule. Before, each counted as a request
	// without a login (Anonymous) and as a block; until this version only
	// CAExpiredRule's were set apart.
	RefusedBeforeLogin int64            `json:"refused_before_login"`
	RefusedByRule      map[string]int64 `json:"refused_by_rule,omitempty"`
	Blocked            map[string]int64 `json:"blocked"`  // finding type → findings in blocked requests
	Redacted           map[string]int64 `json:"redacted"` // finding type → findings in redacted requests
}

// UsageReport is the monthly report for the Verzeichnis von
// Verarbeitungstätigkeiten / Transparenzregister: per service, requests,
// distinct users (a count only), warnings and requests sent with a
// justification, data classes blocked and redacted.
type UsageReport struct {
	Month    string         `json:"month"` // "2006-01"
	Services []ServiceUsage `json:"services"`
	// Total sums the services' figures, except Users: the distinct users
	// of any service, so a person who used two services is one.
	Total ServiceUsage `json:"total"`
	// Spans are the first and last seq of the records counted, per node,
	// for CheckSpans.
	Spans Spans `json:"-"`
}

// UsageReport reports the month ("2006-01", local time). Rows that cannot
// be read are not counted and named by an *UnreadableError returned with
// the report of the others.
func (r *Reader) UsageReport(ctx context.Context, month string) (UsageReport, error) {
	mf, err := monthFilter(month)
	if err != nil {
		return UsageReport{}, err
	}
	per := map[string]*ServiceUsage{}
	users := map[string]map[string]bool{}
	allUsers := map[string]bool{}
	spans := Spans{}
	err = r.scan(ctx, mf, func(rec *Record) error {
		spans.add(rec.Node, rec.Seq)
		if slices.Equal(rec.Rules, []string{GapNoteRule}) {
			return nil // no request: audit verify names the note
		}
		u := per[rec.ServiceID]
		if u == nil {
			u = &ServiceUsage{Service: rec.ServiceID, Actions: map[string]int64{}, Blocked: map[string]int64{}, Redacted: map[string]int64{}}
			per[rec.ServiceID] = u
			users[rec.ServiceID] = map[string]bool{}
		}
		if slices.ContainsFunc(rec.Rules, func(r string) bool { return strings.HasPrefix(r, UpstreamRulePrefix) }) {
			u.UpstreamFailed++
			return nil
		}
		if rule := RefusedWithoutLogin(rec.User, rec.Rules); rule != "" {
			u.RefusedBeforeLogin++
			if u.RefusedByRule == nil {
				u.RefusedByRule = map[string]int64{}
			}
			u.RefusedByRule[rule]++
			return nil
		}
		u.Requests++
		u.Actions[rec.Action]++
		switch {
		case rec.Action == "warn":
			u.Warned++
		case rec.Justification != "" && (rec.Action == "allow" || rec.Action == "redact"):
			u.Justified++
		}
		if rec.User == "" {
			u.Anonymous++
		} else {
			users[rec.ServiceID][rec.User] = true
			allUsers[rec.User] = true
		}
		for t, n := range rec.Findings {
			switch rec.Action {
			case "block":
				u.Blocked[t] += int64(n)
			case "redact":
				u.Redacted[t] += int64(n)
			}
		}
		return nil
	})
	var ue *UnreadableError
	if err != nil && !errors.As(err, &ue) {
		return UsageReport{}, err
	}
	rep := UsageReport{Month: month, Spans: spans}
	var ue2 *UnreadableError
	if errors.As(err, &ue2) {
		for _, re := range ue2.Records {
			spans.add(re.Node, re.Seq)
		}
	}
	t := &rep.Total
	t.Actions, t.Blocked, t.Redacted = map[string]int64{}, map[string]int64{}, map[string]int64{}
	t.Users = len(allUsers)
	for s, u := range per {
		u.Users = len(users[s])
		rep.Services = append(rep.Services, *u)
		t.Requests += u.Requests
		t.Anonymous += u.Anonymous
		t.Warned += u.Warned
		t.Justified += u.Justified
		t.UpstreamFailed += u.UpstreamFailed
		t.RefusedBeforeLogin += u.RefusedBeforeLogin
		for k, n := range u.RefusedByRule {
			if t.RefusedByRule == nil {
				t.RefusedByRule = map[string]int64{}
			}
			t.RefusedByRule[k] += n
		}
		for k, n := range u.Actions {
			t.Actions[k] += n
		}
		for k, n := range u.Blocked {
			t.Blocked[k] += n
		}
		for k, n := range u.Redacted {
			t.Redacted[k] += n
		}
	}
	sort.Slice(rep.Services, func(i, j int) bool { return rep.Services[i].Service < rep.Services[j].Service })
	return rep, err
}

// Absent is a filter value that no record of the whole log holds.
type Absent struct {
	Field string // "rule", "service", "group", "node" or "request-id"
	Value string
}

// Absent lists which of f's Rule, Service, Group, Node and RequestID name a value no
// record of the whole log holds, for a search that found nothing: a
// misspelt rule ("KI-RL-32") or service id matches nothing, and the empty
// answer looked like a clean log. A rule that never decided anything is
// absent too, and a true empty answer: callers say it as a note, not as an
// error. Rows that cannot be read do not count.
func (r *Reader) Absent(ctx context.Context, f Filter) ([]Absent, error) {
	var out []Absent
	for _, c := range []struct {
		field, value string
		f            Filter
	}{
		{"rule", f.Rule, Filter{Rule: f.Rule, Limit: 1}},
		{"service", f.Service, Filter{Service: f.Service, Limit: 1}},
		{"group", f.Group, Filter{Group: f.Group, Limit: 1}},
		{"node", f.Node, Filter{Node: f.Node, Limit: 1}},
		{"request-id", f.RequestID, Filter{RequestID: f.RequestID, Limit: 1}},
	} {
		if c.value == "" {
			continue
		}
		recs, err := r.Query(ctx, c.f)
		if err != nil {
			var ue *UnreadableError
			if errors.As(err, &ue) {
				continue
			}
			return nil, err
		}
		if len(recs) == 0 {
			out = append(out, Absent{Field: c.field, Value: c.value})
		}
	}
	return out, nil
}

// AbsentDE names a filter field in German, with its article ("diese
// Regel"), for the note that says it is absent.
var AbsentDE = map[string]string{"rule": "diese Regel", "service": "dieser Dienst", "group": "diese Gruppe", "node": "dieser Server", "request-id": "diese Vorgangsnummer"}
