package audit

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// salvagePages is Salvage for a file whose first page (the schema) is
// damaged: it reads the table leaves of the copy at path (and of its
// -wal) by the file format (rawFile), takes each row whose values match
// the columns of one of salvageTables as the new store to defines them
// (their number, and integer or text each: the tables' signatures differ),
// and hands them to write, a row read twice kept once. The rows of other
// tables (there are none in an audit.db) and cells that do not decode are
// counted, not copied. What could not be read is named afterwards as for
// a readable schema, from the records and checkpoints read, and from the
// newest number per node that the index pages hold (hi): the keys (node,
// seq) of the records' primary key, and those of the checkpoints', late
// ranges' and lost ranges' (the same signature: text, integer, rowid),
// whose numbers are of records that existed too, so their greatest is a
// node's newest record. The least is not taken from them (a checkpoint
// lies before the oldest record retention left): SalvageResult.KeysKnown
// is false.
func salvagePages(ctx context.Context, path string, to *sqlStore, res *SalvageResult, write func(t string, cols []string, rows [][]any, ignore bool) (int64, error)) (_ PageScan, hi map[string]int64, _ error) {
	f, err := os.Open(path)
	if err != nil {
		return PageScan{}, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return PageScan{}, nil, err
	}
	var walSize int64
	wal, err := os.Open(path + "-wal")
	switch {
	case err == nil:
		defer wal.Close()
		if wi, err := wal.Stat(); err == nil {
			walSize = wi.Size()
		}
	case errors.Is(err, fs.ErrNotExist):
		wal = nil
	default:
		return PageScan{}, nil, err
	}
	var walR io.ReaderAt
	if wal != nil {
		walR = wal
	}
	rf, scan, err := openRawFile(f, fi.Size(), walR, walSize)
	if err != nil {
		return scan, nil, err
	}
	type table struct {
		name  string
		cols  []string
		sig   string // 'I' integer, 'T' text per column
		batch [][]any
	}
	var tables []*table
	for _, t := range salvageTables {
		cols, types, err := tableColumns(ctx, to.db, t)
		if err != nil {
			return scan, nil, err
		}
		tables = append(tables, &table{name: t, cols: cols, sig: columnSignature(types)})
	}
	flush := func(t *table) error {
		if len(t.batch) == 0 {
			return nil
		}
		dup, err := write(t.name, t.cols, t.batch, true)
		if err != nil {
			return err
		}
		res.Copied[t.name] += int64(len(t.batch)) - dup
		scan.Duplicates += dup
		t.batch = t.batch[:0]
		return nil
	}
	err = rf.scan(&scan, func(row rawRow) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		sig := valueSignature(row.vals)
		i := slices.IndexFunc(tables, func(t *table) bool { return t.sig == sig })
		if i < 0 {
			scan.Foreign++
			return nil
		}
		t := tables[i]
		t.batch = append(t.batch, row.vals)
		if len(t.batch) >= salvageBatch {
			return flush(t)
		}
		return nil
	})
	if err != nil {
		return scan, nil, err
	}
	for _, t := range tables {
		if err := flush(t); err != nil {
			return scan, nil, err
		}
	}
	hi = map[string]int64{}
	rf.indexKeys(func(vals []any) {
		if valueSignature(vals) != "TII" {
			return
		}
		scan.IndexKeys++
		if n, seq := vals[0].(string), vals[1].(int64); seq > hi[n] {
			hi[n] = seq
		}
	})
	return scan, hi, nil
}

// columnSignature is the signature of columns of the declared types: 'I'
// for an integer (a BIGINT is stored as one), 'T' for the rest (TEXT).
func columnSignature(types []string) string {
	var b strings.Builder
	for _, ty := range types {
		if strings.Contains(strings.ToUpper(ty), "INT") {
			b.WriteByte('I')
		} else {
			b.WriteByte('T')
		}
	}
	return b.String()
}

// valueSignature is the signature of a row's values (columnSignature):
// "" for a row with a value no audit table holds (NULL, a real, a blob).
func valueSignature(vals []any) string {
	b := make([]byte, len(vals))
	for i, v := range vals {
		switch v.(type) {
		case int64:
			b[i] = 'I'
		case string:
			b[i] = 'T'
		default:
			return ""
		}
	}
	return string(b)
}
