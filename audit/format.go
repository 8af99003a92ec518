package audit

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// CSVOptions tune the csv format. The zero value writes a UTF-8 BOM and
// commas; Excel with German locale wants Semicolon.
type CSVOptions struct {
	Semicolon bool // ';' as separator (Excel, German locale)
	NoBOM     bool // omit the UTF-8 byte order mark
}

// csvHeader names the columns of the csv format, in order.
var csvHeader = []string{"time", "node", "seq", "request_id", "user", "groups", "service_id", "host", "path",
	"action", "rules", "findings", "fingerprints", "justification", "bytes", "latency_ms", "policy_revision",
	"prev_hash", "hash"}

// WriteRecords writes recs in format "table" (aligned text for a terminal),
// "json" (JSON Lines, one record per line) or "csv" (header row; lists
// joined with " "; findings as "IBAN=2 EMAIL=1"; cells starting with = + - @
// are prefixed with ' so that a spreadsheet never runs them as formulas).
func WriteRecords(w io.Writer, recs []Record, format string, opts CSVOptions) error {
	return WriteChecked(w, recs, nil, format, opts)
}

// WriteChecked writes recs as WriteRecords does, the table with a last
// column KETTE (chain) when Reader.Check doubted some of them: "ok", or
// "GEBROCHEN bei N" (broken at N) beside each doubted record, so that an
// auditor reading the table sees which rows cannot be vouched for. JSON and
// CSV stay as audit export writes them (verify --file reads them); the
// command says on stderr which records are doubted.
func WriteChecked(w io.Writer, recs []Record, doubts []Doubt, format string, opts CSVOptions) error {
	rw, err := NewRecordWriter(w, format, opts)
	if err != nil {
		return err
	}
	if len(doubts) > 0 && rw.table != nil {
		rw.doubts = map[string]int64{}
		for _, d := range doubts {
			rw.doubts[d.Name()] = d.At
		}
	}
	for i := range recs {
		if err := rw.Write(&recs[i]); err != nil {
			return err
		}
	}
	return rw.Close()
}

// RecordWriter writes records one at a time in a format of WriteRecords,
// so that an export of any length holds one record at a time (the table
// format aligns its columns and so holds its rows until Close). It is not
// safe for concurrent use.
type RecordWriter struct {
	json  *json.Encoder
	csv   *csv.Writer
	table *tabwriter.Writer
	// doubts: the break of each doubted record (by Doubt.Name) when the
	// table gets its chain column (WriteChecked).
	doubts map[string]int64
	header bool
}

// NewRecordWriter starts writing records in format to w: for csv the byte
// order mark (unless opts.NoBOM) and the header row, for table its header.
func NewRecordWriter(w io.Writer, format string, opts CSVOptions) (*RecordWriter, error) {
	rw := &RecordWriter{}
	switch format {
	case "json":
		rw.json = json.NewEncoder(w)
		rw.json.SetEscapeHTML(false)
	case "csv":
		var err error
		if rw.csv, err = csvWriter(w, opts); err != nil {
			return nil, err
		}
		if err := writeRow(rw.csv, slices.Clone(csvHeader)); err != nil {
			return nil, err
		}
	case "table", "":
		rw.table = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	default:
		return nil, fmt.Errorf("audit: unknown format %q (want table, json or csv)", format)
	}
	return rw, nil
}

// Write writes one record.
func (rw *RecordWriter) Write(r *Record) error {
	switch {
	case rw.json != nil:
		if err := rw.json.Encode(r); err != nil {
			return fmt.Errorf("audit: write json: %w", err)
		}
	case rw.csv != nil:
		if err := writeRow(rw.csv, recordRow(r, time.RFC3339Nano, time.UTC)); err != nil {
			return err
		}
	default:
		rw.tableHeader()
		fmt.Fprintf(rw.table, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.1f\t%s",
			r.Time.In(time.Local).Format(localTimeLayout), tabSafe(r.Node), r.Seq, tabSafe(r.User),
			tabSafe(strings.Join(r.Groups, ",")), tabSafe(r.ServiceID), tabSafe(ActionLabel(r.Action)),
			tabSafe(strings.Join(r.Rules, ",")), tabSafe(findingsLabel(r.Findings)), r.Bytes, r.LatencyMS,
			tabSafe(r.RequestID))
		if rw.doubts != nil {
			if at, ok := rw.doubts[fmt.Sprintf("%s/%d", r.Node, r.Seq)]; ok {
				fmt.Fprintf(rw.table, "\tGEBROCHEN bei %d", at)
			} else {
				fmt.Fprint(rw.table, "\tok")
			}
		}
		fmt.Fprintln(rw.table)
	}
	return nil
}

// Close writes what the writer holds back and reports a write error.
func (rw *RecordWriter) Close() error {
	switch {
	case rw.csv != nil:
		rw.csv.Flush()
		if err := rw.csv.Error(); err != nil {
			return fmt.Errorf("audit: write csv: %w", err)
		}
	case rw.table != nil:
		rw.tableHeader()
		if err := rw.table.Flush(); err != nil {
			return fmt.Errorf("audit: write table: %w", err)
		}
	}
	return nil
}

// tableHeader writes the table's header once, before its first row.
func (rw *RecordWriter) tableHeader() {
	if rw.header {
		return
	}
	rw.header = true
	// German, as the web view's columns: auditors read the table
	// (docs/de/revision.md); CSV and JSON keep their English keys.
	// VORGANGSNR. is the request id, whole (24 hex digits), last as in
	// the web view: the Vorgangsnummer staff quote from a notice.
	fmt.Fprint(rw.table, "ZEIT\tSERVER\tNR.\tNUTZER\tGRUPPEN\tDIENST\tENTSCHEIDUNG\tREGELN\tFUNDE\tBYTES\tMS\tVORGANGSNR.")
	if rw.doubts != nil {
		fmt.Fprint(rw.table, "\tKETTE")
	}
	fmt.Fprintln(rw.table)
}

// WriteCSV writes rows (the first one a header) as every CSV of the audit
// log is written: a UTF-8 BOM unless opts.NoBOM, CRLF, ',' or ';'
// (opts.Semicolon), and cells starting with = + - @ prefixed with ' so that
// a spreadsheet never runs them as formulas. rows' cells are changed.
func WriteCSV(w io.Writer, rows [][]string, opts CSVOptions) error {
	cw, err := csvWriter(w, opts)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := writeRow(cw, row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("audit: write csv: %w", err)
	}
	return nil
}

// csvWriter starts a CSV of the audit log on w: the UTF-8 BOM unless
// opts.NoBOM, CRLF, ',' or ';' (opts.Semicolon).
func csvWriter(w io.Writer, opts CSVOptions) (*csv.Writer, error) {
	if !opts.NoBOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return nil, fmt.Errorf("audit: write csv: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	if opts.Semicolon {
		cw.Comma = ';'
	}
	cw.UseCRLF = true
	return cw, nil
}

// writeRow writes row with every cell defused; row's cells are changed.
func writeRow(cw *csv.Writer, row []string) error {
	for j, c := range row {
		row[j] = defuse(c)
	}
	if err := cw.Write(row); err != nil {
		return fmt.Errorf("audit: write csv: %w", err)
	}
	return nil
}

func recordRow(r *Record, layout string, loc *time.Location) []string {
	return []string{r.Time.In(loc).Format(layout), r.Node, strconv.FormatInt(r.Seq, 10), r.RequestID, r.User,
		strings.Join(r.Groups, " "), r.ServiceID, r.Host, r.Path, r.Action, strings.Join(r.Rules, " "),
		findingsString(r.Findings), strings.Join(r.Fingerprints, " "), r.Justification,
		strconv.FormatInt(r.Bytes, 10), strconv.FormatFloat(r.LatencyMS, 'f', 3, 64), r.PolicyRevision,
		r.PrevHash, r.Hash}
}

func findingsString(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strconv.Itoa(m[k])
	}
	return strings.Join(parts, " ")
}

// defuse stops spreadsheet formula injection (OWASP "CSV injection").
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func tabSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// localTimeLayout is how the table and the web view show a record's time:
// the machine's local time with its zone (CET, CEST), so that a row is not
// read as UTC, which the CSV and JSON exports use.
const localTimeLayout = "2006-01-02 15:04:05 MST"
