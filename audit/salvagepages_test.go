package audit

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// damageFirstPage overwrites page 1 of dir/audit.db (the schema) with
// zeros, or with garbage if scramble.
func damageFirstPage(t testing.TB, dir string, scramble bool) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, "audit.db"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	if scramble {
		page = bytes.Repeat([]byte("schleuse-kaputt!"), 256)
	}
	if _, err := f.WriteAt(page, 0); err != nil {
		t.Fatal(err)
	}
}

// TestSalvageFirstPage: page 1 of audit.db (the schema) zeroed or
// overwritten makes SQLite open no table of the file, so salvage copied
// nothing ("its first page is damaged: nothing can be salvaged"). Now it
// reads the file's table leaves by the file format: every record and
// checkpoint on an intact page comes back with its hash, the key period
// too, a damaged leaf besides page 1 is named lost by its numbers, the
// new store verifies, and the damaged file is not changed.
func TestSalvageFirstPage(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name       string
		scramble   bool
		middleLeaf bool
	}{
		{"zeroed", false, false},
		{"scrambled", true, false},
		{"zeroed and a middle leaf", false, true},
		{"zeroed and the last leaf", false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			const n = 2500
			var dir string
			var lost []int64
			if c.middleLeaf {
				pick := func(l int) int { return l / 2 }
				if strings.Contains(c.name, "last") {
					pick = func(l int) int { return l - 1 } // the newest records: named by the index pages
				}
				dir, _, lost = damagedLog(t, n, pick)
			} else {
				dir = t.TempDir()
				l := mustOpen(t, Config{Dir: dir, Node: "node-a", FlushInterval: 20 * time.Millisecond})
				logN(t, l, 0, n, t0)
				if err := l.Close(); err != nil {
					t.Fatal(err)
				}
			}
			damageFirstPage(t, dir, c.scramble)
			src := filepath.Join(dir, "audit.db")
			before := fileSum(t, src)
			if _, err := OpenReader(ctx, Config{Dir: dir}); err == nil {
				if r, _ := OpenReader(ctx, Config{Dir: dir}); r != nil {
					_, err = r.Verify(ctx)
					r.Close()
				}
				if err == nil {
					t.Fatal("the damaged log reads")
				}
			}
			out := filepath.Join(t.TempDir(), "salvaged.db")
			res, err := Salvage(ctx, dir, out)
			if err != nil {
				t.Fatal(err)
			}
			if fileSum(t, src) != before {
				t.Fatal("salvage changed the damaged file")
			}
			var want []LostRange
			if len(lost) > 0 {
				want = []LostRange{{Node: "node-a", First: lost[0], Last: lost[len(lost)-1]}}
			}
			if res.Pages == nil || res.Pages.PageSize != 4096 || res.Pages.PageSizeFrom != "guess" || res.Pages.TableLeaves == 0 || res.Pages.BadCells != 0 ||
				res.Copied["audit_records"] != int64(n-len(lost)) || res.Copied["audit_checkpoints"] != 2 || res.Copied["audit_keys"] != 1 ||
				!slices.Equal(res.Lost, want) || res.KeysKnown {
				t.Fatalf("salvage: %+v, pages %+v", res, res.Pages)
			}
			v := res.Verify
			if res.Pages.IndexKeys < n {
				t.Fatalf("%d keys read from the index pages", res.Pages.IndexKeys)
			}
			last := int64(n)
			if len(lost) > 0 && lost[len(lost)-1] == n {
				last = lost[0] - 1
			}
			if len(v.Nodes) != 1 || v.Nodes[0].Broken != nil || v.Nodes[0].Records != int64(n-len(lost)) || v.Nodes[0].LastSeq != last || v.OK() == (len(lost) > 0) {
				t.Fatalf("verify of the salvaged store: %+v", v)
			}
		})
	}
}

// TestSalvageFirstPageNoLog: a file whose first page is damaged and that
// holds no records of an audit log (garbage, or another program's
// database) salvages nothing and says so; no file is written.
func TestSalvageFirstPageNoLog(t *testing.T) {
	ctx := context.Background()
	for name, fill := range map[string]func(string){
		"garbage": func(p string) {
			os.WriteFile(p, bytes.Repeat([]byte("kein SQLite hier"), 4096), 0o600)
		},
		"another database": func(p string) {
			st := rawDB(t, Config{Dir: filepath.Dir(p)})
			execAll(t, st, "CREATE TABLE notes (a TEXT, b REAL)", "INSERT INTO notes VALUES ('x', 1.5)")
			st.db.Exec("DROP TABLE audit_records")
			st.close()
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			fill(filepath.Join(dir, "audit.db"))
			damageFirstPage(t, dir, false)
			out := filepath.Join(t.TempDir(), "salvaged.db")
			_, err := Salvage(ctx, dir, out)
			if err == nil || !strings.Contains(err.Error(), "first page") {
				t.Fatalf("salvage: %v", err)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("a file was written")
			}
		})
	}
}

// TestSalvageFirstPageFree: records retention deleted lie on free pages
// until reused; read by the file format they would come back (and the
// numbers between them named lost). The freelist's trunk pages are found
// without page 1 and their pages left out.
func TestSalvageFirstPageFree(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Dir: t.TempDir(), Node: "node-a", FlushInterval: 20 * time.Millisecond}
	l := mustOpen(t, cfg)
	logN(t, l, 0, 2500, t0)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	st := rawDB(t, cfg)
	execAll(t, st, "PRAGMA secure_delete = OFF", "DELETE FROM audit_records WHERE seq <= 1000", "PRAGMA wal_checkpoint(TRUNCATE)")
	st.close()
	damageFirstPage(t, cfg.Dir, false)
	res, err := Salvage(ctx, cfg.Dir, filepath.Join(t.TempDir(), "salvaged.db"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages.Free == 0 || res.Copied["audit_records"] != 1500 || len(res.Lost) != 0 || !res.Verify.OK() || res.Verify.Nodes[0].FirstSeq != 1001 {
		t.Fatalf("salvage: %+v, pages %+v", res, res.Pages)
	}
}

// TestRawFileWAL: the pages a -wal holds committed are read over the
// file's (a copy taken while schleuse writes): every record is read by
// the file format, as SQLite reads it.
func TestRawFileWAL(t *testing.T) {
	dir := t.TempDir()
	l := mustOpen(t, Config{Dir: dir, Node: "node-a", FlushInterval: 20 * time.Millisecond})
	logN(t, l, 0, 300, t0)
	if err := l.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	cp := t.TempDir()
	for _, s := range []string{"", "-wal"} {
		if err := copyPrivate(filepath.Join(dir, "audit.db"+s), filepath.Join(cp, "audit.db"+s)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	read := func(wal bool) (int, PageScan) {
		f, _ := os.Open(filepath.Join(cp, "audit.db"))
		defer f.Close()
		fi, _ := f.Stat()
		var w io.ReaderAt
		var ws int64
		if wal {
			wf, _ := os.Open(filepath.Join(cp, "audit.db-wal"))
			defer wf.Close()
			wi, _ := wf.Stat()
			w, ws = wf, wi.Size()
		}
		rf, scan, err := openRawFile(f, fi.Size(), w, ws)
		if err != nil {
			t.Fatal(err)
		}
		recs := 0
		if err := rf.scan(&scan, func(r rawRow) error {
			if len(r.vals) == numColumns {
				recs++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return recs, scan
	}
	if got, scan := read(true); got != 300 || scan.WALPages == 0 || scan.PageSizeFrom != "header" {
		t.Fatalf("with the -wal: %d records, %+v", got, scan)
	}
	if got, _ := read(false); got == 300 {
		t.Fatal("the -wal held no record: the test tests nothing")
	}
}

// TestSalvageSignatures: the tables salvage copies have signatures that
// differ, so a row read by the file format goes to one table only.
func TestSalvageSignatures(t *testing.T) {
	ctx := context.Background()
	st := rawDB(t, Config{Dir: t.TempDir()})
	defer st.close()
	execAll(t, st, lostSchema)
	seen := map[string]string{}
	for _, tb := range salvageTables {
		_, types, err := tableColumns(ctx, st.db, tb)
		if err != nil || len(types) == 0 {
			t.Fatal(tb, err)
		}
		sig := columnSignature(types)
		if o, ok := seen[sig]; ok {
			t.Fatalf("%s and %s have the signature %s", tb, o, sig)
		}
		seen[sig] = tb
	}
}

// FuzzRawPages: the file format reader never panics on garbage and never
// returns a row it did not decode; seeded with the pages of a real log.
func FuzzRawPages(f *testing.F) {
	dir := f.TempDir()
	l := mustOpenF(f, Config{Dir: dir, Node: "node-a", FlushInterval: 20 * time.Millisecond})
	for i := range 40 {
		l.Log(Entry{Time: t0.Add(time.Duration(i) * time.Second), RequestID: "r", UserName: "u", ServiceID: "s", Action: "allow",
			Justification: strings.Repeat("lang ", i*60)}) // some rows overflow
	}
	l.Close()
	b, err := os.ReadFile(filepath.Join(dir, "audit.db"))
	if err != nil {
		f.Fatal(err)
	}
	for p := 0; p+4096 <= len(b); p += 4096 {
		f.Add(b[p : p+4096])
	}
	f.Add(b)
	f.Add(append(make([]byte, 4096), b[4096:]...))
	// Pointers at one cell and into it (TestRawPagesOverlappingCells), a
	// -wal's far page (TestRawPagesWALFarPage).
	rec := append([]byte{3, 0x9f, 0x2d}, strings.Repeat("x", 2000)...)
	cell := append(append(sqliteVarint(uint64(len(rec))), 7), rec...)
	f.Add(pageWithPointers(4096, 0x0d, cell, func(at int) []int { return slices.Repeat([]int{at}, 500) }))
	f.Add(pageWithPointers(4096, 0x0d, cell, func(at int) []int { return []int{at, at + 1, at + 2, at} }))
	f.Add(walWithPage(512, 1<<12, []byte{0x0d, 0, 0, 0, 0, 0x02, 0, 0}))
	f.Fuzz(func(t *testing.T, data []byte) {
		rf, scan, err := openRawFile(bytes.NewReader(data), int64(len(data)), bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		rf.scan(&scan, func(r rawRow) error {
			if valueSignature(r.vals) == "" && len(r.vals) > 0 {
				for _, v := range r.vals {
					switch v.(type) {
					case nil, int64, float64, string, []byte:
					default:
						t.Fatalf("value %T", v)
					}
				}
			}
			return nil
		})
		rf.indexKeys(func(vals []any) { valueSignature(vals) })
		for _, s := range []uint32{1, 2} {
			rf.page(s)
		}
	})
}

// sqliteVarint is SQLite's big-endian varint of v < 2^56 (§1.6).
func sqliteVarint(v uint64) []byte {
	var b []byte
	for {
		b = append([]byte{byte(v & 0x7f)}, b...)
		if v >>= 7; v == 0 {
			break
		}
	}
	for i := range len(b) - 1 {
		b[i] |= 0x80
	}
	return b
}

// pageWithPointers is a file of two pages of ps bytes (a header with the
// page size, then a b-tree page of type typ) whose one cell, at the
// page's end, ptrs point at or into (at: its offset).
func pageWithPointers(ps int, typ byte, cell []byte, ptrs func(at int) []int) []byte {
	file := make([]byte, 2*ps)
	copy(file, "SQLite format 3\x00")
	binary.BigEndian.PutUint16(file[16:], uint16(ps))
	p := file[ps:]
	at := ps - len(cell) - 10
	pp := ptrs(at)
	p[0] = typ
	binary.BigEndian.PutUint16(p[3:], uint16(len(pp)))
	binary.BigEndian.PutUint16(p[5:], uint16(at))
	for i, c := range pp {
		binary.BigEndian.PutUint16(p[8+2*i:], uint16(c))
	}
	copy(p[at:], cell)
	return file
}

// TestRawPagesOverlappingCells: a crafted table leaf whose cell pointers
// all point at one cell made the reader decode (and copy) that cell once
// per pointer: 500 rows from one 4 KiB page, and at 64 KiB pages 16 000
// pointers to one 32 KiB cell cost 512 MiB of copying per page. SQLite
// writes no overlapping cells: each cell must end by the next one's start,
// so a page yields at most its own bytes. Cells that overlap are bad
// cells; a genuine page's cells all read (TestSalvageFirstPage).
func TestRawPagesOverlappingCells(t *testing.T) {
	const ps = 4096
	text := strings.Repeat("x", 2000)
	st := sqliteVarint(uint64(2*len(text) + 13))
	rec := append(append([]byte{byte(1 + len(st))}, st...), text...)
	cell := append(append(sqliteVarint(uint64(len(rec))), sqliteVarint(7)...), rec...)
	for _, tc := range []struct {
		name  string
		ptrs  func(at int) []int
		rows  int
		bad   int
		index bool
	}{
		{"500 pointers at one cell", func(at int) []int { return slices.Repeat([]int{at}, 500) }, 1, 499, false},
		// A pointer into a cell makes the page damaged: the cell and
		// the pointers are bad cells (their records named lost), as
		// SQLite's integrity check names the page's cells overlapping.
		{"pointers into the cell", func(at int) []int { return []int{at, at + 1, at + 2, at} }, 0, 4, false},
		{"one pointer", func(at int) []int { return []int{at} }, 1, 0, false},
		{"index page", func(at int) []int { return slices.Repeat([]int{at}, 500) }, 1, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			typ, c := byte(0x0d), cell
			if tc.index {
				// A key (node, seq, rowid): an index cell has no rowid
				// of its own.
				key := []byte{4, 0x19, 1, 1, 'n', 'o', 'd', 'e', '-', 'a', 7, 9}
				typ, c = 0x0a, append(sqliteVarint(uint64(len(key))), key...)
			}
			file := pageWithPointers(ps, typ, c, tc.ptrs)
			rf, scan, err := openRawFile(bytes.NewReader(file), int64(len(file)), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			rows := 0
			if tc.index {
				rf.indexKeys(func([]any) { rows++ })
			} else if err := rf.scan(&scan, func(rawRow) error { rows++; return nil }); err != nil {
				t.Fatal(err)
			}
			if tc.index {
				if rows != tc.rows {
					t.Fatalf("%d keys from one cell; want %d", rows, tc.rows)
				}
				return
			}
			if rows != tc.rows || scan.BadCells != tc.bad {
				t.Fatalf("%d rows, %d bad cells; want %d, %d", rows, scan.BadCells, tc.rows, tc.bad)
			}
		})
	}
}

// countingReader counts the reads of an io.ReaderAt.
type countingReader struct {
	r     io.ReaderAt
	reads int
}

func (c *countingReader) ReadAt(b []byte, off int64) (int, error) {
	c.reads++
	return c.r.ReadAt(b, off)
}

// walWithPage is a -wal (big-endian checksums, page size ps) with one
// commit frame holding page pg.
func walWithPage(ps int, pg uint32, data []byte) []byte {
	h := make([]byte, walHeaderSize)
	binary.BigEndian.PutUint32(h, 0x377f0683)
	binary.BigEndian.PutUint32(h[4:], 3007000)
	binary.BigEndian.PutUint32(h[8:], uint32(ps))
	copy(h[16:], "saltsalt")
	s0, s1 := walSum(binary.BigEndian, h[:24], 0, 0)
	binary.BigEndian.PutUint32(h[24:], s0)
	binary.BigEndian.PutUint32(h[28:], s1)
	fr := make([]byte, walFrameHeader+ps)
	binary.BigEndian.PutUint32(fr, pg)
	binary.BigEndian.PutUint32(fr[4:], pg) // a commit frame: the file's size in pages
	copy(fr[8:], "saltsalt")
	copy(fr[walFrameHeader:], data)
	s0, s1 = walSum(binary.BigEndian, fr[:8], s0, s1)
	s0, s1 = walSum(binary.BigEndian, fr[walFrameHeader:], s0, s1)
	binary.BigEndian.PutUint32(fr[16:], s0)
	binary.BigEndian.PutUint32(fr[20:], s1)
	return append(h, fr...)
}

// TestRawPagesWALFarPage: a -wal whose one frame holds page 2^20 of a
// file of four pages made the reader read (and allocate) each of the
// million pages between, none of which exists, three times over (the
// freelist, the table leaves, the index pages); at 64 KiB pages and page
// 2^24 that is 3 TiB allocated from a 64 KiB -wal. A page neither in the
// file nor in the -wal is now nil without a read.
func TestRawPagesWALFarPage(t *testing.T) {
	const ps = 512
	file := make([]byte, 4*ps)
	copy(file, "SQLite format 3\x00")
	binary.BigEndian.PutUint16(file[16:], ps)
	wal := walWithPage(ps, 1<<20, []byte{0x0d, 0, 0, 0, 0, 0x02, 0, 0})
	f := &countingReader{r: bytes.NewReader(file)}
	w := &countingReader{r: bytes.NewReader(wal)}
	rf, scan, err := openRawFile(f, int64(len(file)), w, int64(len(wal)))
	if err != nil {
		t.Fatal(err)
	}
	if scan.Pages != 1<<20 || scan.WALPages != 1 {
		t.Fatalf("%+v: the -wal's page not taken, the test tests nothing", scan)
	}
	if err := rf.scan(&scan, func(rawRow) error { return nil }); err != nil {
		t.Fatal(err)
	}
	rf.indexKeys(func([]any) {})
	if f.reads > 100 || scan.TableLeaves != 1 {
		t.Fatalf("%d reads of a file of 4 pages, %d table leaves (want the -wal's)", f.reads, scan.TableLeaves)
	}
}
