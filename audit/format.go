package audit

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
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
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for i := range recs {
			if err := enc.Encode(&recs[i]); err != nil {
				return fmt.Errorf("audit: write json: %w", err)
			}
		}
		return nil
	case "csv":
		rows := make([][]string, 0, len(recs)+1)
		rows = append(rows, csvHeader)
		for i := range recs {
			rows = append(rows, recordRow(&recs[i], time.RFC3339Nano, time.UTC))
		}
		return WriteCSV(w, rows, opts)
	case "table", "":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "TIME\tNODE\tSEQ\tUSER\tGROUPS\tSERVICE\tACTION\tRULES\tFINDINGS\tBYTES\tMS")
		for i := range recs {
			r := &recs[i]
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%.1f\n",
				r.Time.In(time.Local).Format(localTimeLayout), tabSafe(r.Node), r.Seq, tabSafe(r.User),
				tabSafe(strings.Join(r.Groups, ",")), tabSafe(r.ServiceID), tabSafe(r.Action),
				tabSafe(strings.Join(r.Rules, ",")), tabSafe(findingsString(r.Findings)), r.Bytes, r.LatencyMS)
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("audit: write table: %w", err)
		}
		return nil
	default:
		return fmt.Errorf("audit: unknown format %q (want table, json or csv)", format)
	}
}

// WriteCSV writes rows (the first one a header) as every CSV of the audit
// log is written: a UTF-8 BOM unless opts.NoBOM, CRLF, ',' or ';'
// (opts.Semicolon), and cells starting with = + - @ prefixed with ' so that
// a spreadsheet never runs them as formulas. rows' cells are changed.
func WriteCSV(w io.Writer, rows [][]string, opts CSVOptions) error {
	if !opts.NoBOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return fmt.Errorf("audit: write csv: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	if opts.Semicolon {
		cw.Comma = ';'
	}
	cw.UseCRLF = true
	for _, row := range rows {
		for j, c := range row {
			row[j] = defuse(c)
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
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
