package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestInsertBatchSizes: batches of every shape of prepared statements (one
// row, sums of the smaller sizes, full INSERTs and a remainder) land
// completely, once each, also when written again in other cuts.
func TestInsertBatchSizes(t *testing.T) {
	st := rawDB(t, Config{Dir: t.TempDir(), Node: "n"})
	ctx := context.Background()
	seq := int64(0)
	total := 0
	for _, n := range []int{1, 2, 3, 7, 127, 128, 199, 200, 201, 455} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			recs := make([]Record, n)
			for i := range recs {
				seq++
				recs[i] = Record{Node: "n", Seq: seq, Time: time.Unix(0, seq), RequestID: fmt.Sprint("r", seq), Action: "allow"}
			}
			if err := st.insert(ctx, recs); err != nil {
				t.Fatal(err)
			}
			// The same records again, cut differently: nothing doubles.
			if err := st.insert(ctx, recs[n/2:]); err != nil {
				t.Fatal(err)
			}
			total += n
			var count, sum, last int64
			if err := st.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(seq), 0), COALESCE(MAX(seq), 0) FROM audit_records`).Scan(&count, &sum, &last); err != nil {
				t.Fatal(err)
			}
			if count != int64(total) || last != seq || sum != seq*(seq+1)/2 {
				t.Fatalf("%d rows, seq sum %d, last %d; want %d rows, sum %d, last %d", count, sum, last, total, seq*(seq+1)/2, seq)
			}
			var rid string
			if err := st.db.QueryRowContext(ctx, `SELECT request_id FROM audit_records WHERE seq = ?`, seq).Scan(&rid); err != nil || rid != fmt.Sprint("r", seq) {
				t.Fatalf("last record's request_id %q, %v", rid, err)
			}
		})
	}
}

// TestSQLiteFilesPrivate: the audit database and its WAL are readable by
// their owner only, whatever the umask.
func TestSQLiteFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	l, err := Open(context.Background(), Config{Dir: dir, Node: "node-a", FlushInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Log(Entry{RequestID: "r1", UserName: "u", ServiceID: "openai-api", Action: "allow"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, name := range []string{"audit.db", "audit.db-wal"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v, want no access for group and others", name, fi.Mode().Perm())
		}
	}
}
