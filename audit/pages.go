package audit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// This file reads the pages of a SQLite database file by its documented
// format (https://www.sqlite.org/fileformat.html, sections 1.3, 1.5, 1.6,
// 2.1, 4), for Salvage when the file's first page is damaged: page 1 holds
// the schema, so SQLite opens no table of the file at all (SQLITE_NOTADB
// or SQLITE_CORRUPT before any query), and the pure-Go driver has neither
// the recover extension nor an sqlite_dbpage that works without a
// readable first page. It only reads (io.ReaderAt): salvage never writes
// into the damaged file, nor into its copy.

const (
	minRawPageSize = 512
	maxRawPageSize = 65536
	// maxRawPages bounds the pages read (64 GiB at 4 KiB pages).
	maxRawPages = 1 << 24
	// maxRawPayload bounds one row with its overflow pages; an audit
	// record is a few KiB.
	maxRawPayload = 1 << 22
	// walHeaderSize and walFrameHeader are the -wal's header and each
	// frame's header (file format §4.1).
	walHeaderSize  = 32
	walFrameHeader = 24
)

// rawFile is a SQLite database file read page by page, with the pages its
// -wal holds committed laid over them (the newest copy of each).
type rawFile struct {
	f        io.ReaderAt
	size     int64 // f's
	pageSize int   // 512..65536
	usable   int   // pageSize less the reserved bytes
	pages    uint32
	walR     io.ReaderAt
	wal      map[uint32]int64 // offset of each page's newest committed frame in walR
	free     map[uint32]bool  // freelist pages: stale content, not read
	// overflow are the pages read as a row's overflow page: a page is
	// one row's, so a crafted chain costs each page one read at most.
	overflow map[uint32]bool
}

// PageScan says what Salvage read of a file whose first page is damaged
// (SalvageResult.Pages): the file's pages by the file format alone.
type PageScan struct {
	PageSize int `json:"page_size"`
	// PageSizeFrom says where the page size came from: "header" (the
	// file's, intact), "wal" (its -wal's), "guess" (the size at which
	// most pages read as b-tree pages).
	PageSizeFrom string `json:"page_size_from"`
	Pages        uint32 `json:"pages"`
	WALPages     int    `json:"wal_pages,omitempty"` // pages taken from the -wal
	// TableLeaves are the pages read as a table's leaf (type 0x0d);
	// Free the pages of the freelist (not read: their rows were deleted);
	// Other the rest: interior and index pages, overflow pages, and the
	// damaged ones.
	TableLeaves int `json:"table_leaves"`
	Free        int `json:"free"`
	Other       int `json:"other"`
	// BadCells are cells of table leaves that did not decode; Foreign
	// the rows that decoded but match no audit table's columns.
	BadCells int `json:"bad_cells,omitempty"`
	Foreign  int `json:"foreign_rows,omitempty"`
	// Duplicates are rows read twice (a stale copy of a page): the first
	// is kept.
	Duplicates int64 `json:"duplicates,omitempty"`
	// IndexKeys are the keys (node, seq) read from index pages, whose
	// greatest per node names records lost at a node's end.
	IndexKeys int `json:"index_keys"`
}

// openRawFile reads the layout of the database file f (size bytes) and of
// its -wal (nil: none).
func openRawFile(f io.ReaderAt, size int64, wal io.ReaderAt, walSize int64) (*rawFile, PageScan, error) {
	var scan PageScan
	rf := &rawFile{f: f, size: size}
	reserved := 0
	hdr := make([]byte, 100)
	if n, _ := f.ReadAt(hdr, 0); n == 100 && string(hdr[:16]) == "SQLite format 3\x00" {
		ps := int(binary.BigEndian.Uint16(hdr[16:18]))
		if ps == 1 {
			ps = maxRawPageSize
		}
		if validPageSize(ps) && int(hdr[20]) < ps-480 {
			rf.pageSize, reserved, scan.PageSizeFrom = ps, int(hdr[20]), "header"
		}
	}
	walPS, frames := readWAL(wal, walSize)
	if walPS > 0 && (rf.pageSize == 0 || rf.pageSize == walPS) {
		rf.pageSize = walPS
		if scan.PageSizeFrom == "" {
			scan.PageSizeFrom = "wal"
		}
		rf.walR, rf.wal = wal, frames
	}
	if rf.pageSize == 0 {
		rf.pageSize, scan.PageSizeFrom = guessPageSize(f, size), "guess"
	}
	if rf.pageSize == 0 {
		return nil, scan, errors.New("no page of the file reads as a page of a SQLite database")
	}
	rf.usable = rf.pageSize - reserved
	n := size / int64(rf.pageSize)
	for p := range rf.wal {
		n = max(n, int64(p))
	}
	if n > maxRawPages {
		return nil, scan, fmt.Errorf("%d pages of %d bytes: more than salvage reads (%d)", n, rf.pageSize, maxRawPages)
	}
	rf.pages = uint32(n)
	scan.PageSize, scan.Pages, scan.WALPages = rf.pageSize, rf.pages, len(rf.wal)
	rf.free, rf.overflow = rf.freelist(), map[uint32]bool{}
	return rf, scan, nil
}

func validPageSize(ps int) bool {
	return ps >= minRawPageSize && ps <= maxRawPageSize && ps&(ps-1) == 0
}

// page reads page n (1-based): the -wal's copy if it holds one. nil if
// it lies beyond the file and the -wal holds none: the pages count up to
// the -wal's greatest, and a crafted -wal's one frame for page 2^24 must
// not cost a read and a page's allocation for each page before it.
func (rf *rawFile) page(n uint32) []byte {
	if n < 1 || n > rf.pages {
		return nil
	}
	r, off := rf.f, int64(n-1)*int64(rf.pageSize)
	if o, ok := rf.wal[n]; ok {
		r, off = rf.walR, o
	} else if off+int64(rf.pageSize) > rf.size {
		return nil
	}
	b := make([]byte, rf.pageSize)
	if k, _ := r.ReadAt(b, off); k < rf.pageSize {
		return nil
	}
	return b
}

// guessPageSize is the page size at which most pages of f read as b-tree
// pages (a header of a known type whose cells lie inside the page): at
// too small a size most "pages" begin inside one, at too large a size
// only some begin where one does. 0 if none reads.
func guessPageSize(f io.ReaderAt, size int64) int {
	best, bestN := 0, 0
	for ps := minRawPageSize; ps <= maxRawPageSize; ps *= 2 {
		pages := min(size/int64(ps), 4096) // a sample is enough
		b := make([]byte, ps)
		n := 0
		for i := int64(1); i < pages; i++ { // page 1 is the damaged one
			if k, _ := f.ReadAt(b, i*int64(ps)); k == ps && btreePage(b, 0, ps) {
				n++
			}
		}
		if n > bestN {
			best, bestN = ps, n
		}
	}
	return best
}

// btreePage says whether p, from offset h (100 on page 1, else 0), begins
// with a b-tree page header whose cell pointers lie inside the page.
func btreePage(p []byte, h, usable int) bool {
	if len(p) < h+12 || usable > len(p) {
		return false
	}
	hl := 8
	switch p[h] {
	case 0x0a, 0x0d:
	case 0x02, 0x05:
		hl = 12
	default:
		return false
	}
	cells := int(binary.BigEndian.Uint16(p[h+3:]))
	content := int(binary.BigEndian.Uint16(p[h+5:]))
	if content == 0 {
		content = 65536
	}
	if h+hl+2*cells > usable || content > usable || (cells > 0 && content < h+hl+2*cells) {
		return false
	}
	for i := range cells {
		c := int(binary.BigEndian.Uint16(p[h+hl+2*i:]))
		if c < content || c >= usable {
			return false
		}
	}
	return true
}

// freelist finds the freelist's trunk pages without page 1 (whose header
// names the first): a page that is no b-tree page and reads as a trunk
// (the next trunk's number, a count of leaf numbers that fits the page,
// every number a page of the file) lists free pages. Free pages hold rows
// deleted (by retention, or moved when the b-tree was balanced): read as
// rows they would come back, so they and the trunks are left out.
func (rf *rawFile) freelist() map[uint32]bool {
	free := map[uint32]bool{}
	for n := uint32(2); n <= rf.pages; n++ {
		p := rf.page(n)
		if p == nil || btreePage(p, 0, rf.usable) {
			continue
		}
		next := binary.BigEndian.Uint32(p)
		k := binary.BigEndian.Uint32(p[4:])
		if next > rf.pages || next == n || k == 0 || k > uint32(rf.usable/4-2) {
			continue
		}
		leaves := make([]uint32, k)
		ok := true
		for i := range leaves {
			leaves[i] = binary.BigEndian.Uint32(p[8+4*i:])
			if leaves[i] < 2 || leaves[i] > rf.pages || leaves[i] == n {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		free[n] = true
		for _, l := range leaves {
			free[l] = true
		}
	}
	return free
}

// rawRow is a row of a table leaf: its rowid and its values (nil, int64,
// float64, string or []byte).
type rawRow struct {
	rowid int64
	vals  []any
}

// scan reads every table leaf of the file that is not free, and hands fn
// the rows whose cells decode. It counts into s what it read.
func (rf *rawFile) scan(s *PageScan, fn func(rawRow) error) error {
	for n := uint32(2); n <= rf.pages; n++ {
		if rf.free[n] {
			s.Free++
			continue
		}
		p := rf.page(n)
		if p == nil || p[0] != 0x0d || !btreePage(p, 0, rf.usable) {
			s.Other++
			continue
		}
		s.TableLeaves++
		ptrs, limits := cellLimits(p, 8, rf.usable)
		for i, c := range ptrs {
			row, err := rf.cell(p, c, limits[i], false)
			if err != nil {
				s.BadCells++
				continue
			}
			if err := fn(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// indexKeys hands fn the keys of every index page (leaf 0x0a, interior
// 0x02) that is not free and whose cells decode; the others are skipped.
func (rf *rawFile) indexKeys(fn func(vals []any)) {
	for n := uint32(2); n <= rf.pages; n++ {
		if rf.free[n] {
			continue
		}
		p := rf.page(n)
		if p == nil || p[0] != 0x0a && p[0] != 0x02 || !btreePage(p, 0, rf.usable) {
			continue
		}
		h := 8
		if p[0] == 0x02 {
			h = 12
		}
		ptrs, limits := cellLimits(p, h, rf.usable)
		for i, c := range ptrs {
			if row, err := rf.cell(p, c, limits[i], true); err == nil {
				fn(row.vals)
			}
		}
	}
}

// cellLimits reads the cell pointers of b-tree page p (its header h
// bytes long, checked by btreePage) and, for each, the offset its cell
// must end by: the next cell's start, or the usable end. SQLite's cells
// never overlap; a crafted page's pointers to one cell, or into each
// other, would make every one of them decode (and copy) up to a page
// again: 16 000 pointers to one 32 KiB cell cost 512 MiB per 64 KiB page.
// Of pointers to one offset the last is read (its limit the next cell);
// the others end where they begin, so they do not decode.
func cellLimits(p []byte, h, usable int) (ptrs, limits []int) {
	n := int(binary.BigEndian.Uint16(p[3:]))
	ptrs, limits = make([]int, n), make([]int, n)
	order := make([]int, n)
	for i := range n {
		ptrs[i], order[i] = int(binary.BigEndian.Uint16(p[h+2*i:])), i
	}
	slices.SortStableFunc(order, func(a, b int) int { return ptrs[a] - ptrs[b] })
	for j, i := range order {
		limits[i] = usable
		if j+1 < n {
			limits[i] = ptrs[order[j+1]]
		}
	}
	return ptrs, limits
}

// cell decodes the cell at offset c of table leaf p (§1.6: the payload's
// size, the rowid, the payload's local part and the first overflow page),
// or of an index page if index (no rowid; an interior one's begins with
// its left child's page number). The cell must end by limit (cellLimits).
func (rf *rawFile) cell(p []byte, c, limit int, index bool) (rawRow, error) {
	u := rf.usable
	if index && p[0] == 0x02 {
		c += 4
	}
	size, k := readVarint(p[min(c, u):u])
	if k == 0 || size > maxRawPayload {
		return rawRow{}, errors.New("payload size")
	}
	c += k
	var rowid uint64
	if !index {
		if rowid, k = readVarint(p[min(c, u):u]); k == 0 {
			return rawRow{}, errors.New("rowid")
		}
		c += k
	}
	// How much of the payload lies on the page (§1.6).
	x, m := u-35, ((u-12)*32/255)-23
	if index {
		x = ((u - 12) * 64 / 255) - 23
	}
	local := int(size)
	if local > x {
		local = m + (int(size)-m)%(u-4)
		if local > x {
			local = m
		}
	}
	end := c + local
	if local < int(size) {
		end += 4 // the first overflow page's number
	}
	if end > limit {
		return rawRow{}, errors.New("cell overlaps the next one, or beyond the page")
	}
	if int64(size-uint64(local)) > int64(rf.pages)*int64(u-4) {
		return rawRow{}, errors.New("payload larger than the file")
	}
	payload := append([]byte(nil), p[c:c+local]...) // grown as read: the size is the file's word
	if local < int(size) {
		next := binary.BigEndian.Uint32(p[c+local:])
		for len(payload) < int(size) {
			if next < 2 || next > rf.pages || rf.overflow[next] {
				return rawRow{}, errors.New("overflow chain")
			}
			rf.overflow[next] = true
			op := rf.page(next)
			if op == nil {
				return rawRow{}, errors.New("overflow page unreadable")
			}
			next = binary.BigEndian.Uint32(op)
			payload = append(payload, op[4:min(u, 4+int(size)-len(payload))]...)
		}
	}
	vals, err := decodeRecord(payload)
	if err != nil {
		return rawRow{}, err
	}
	return rawRow{rowid: int64(rowid), vals: vals}, nil
}

// decodeRecord decodes a record (§2.1): a header of serial types, then
// the values.
func decodeRecord(b []byte) ([]any, error) {
	hs, k := readVarint(b)
	if k == 0 || hs < uint64(k) || hs > uint64(len(b)) {
		return nil, errors.New("record header")
	}
	var types []uint64
	for h := k; h < int(hs); {
		t, k := readVarint(b[h:hs])
		if k == 0 {
			return nil, errors.New("serial type")
		}
		types = append(types, t)
		h += k
	}
	vals := make([]any, len(types))
	body := b[hs:]
	for i, t := range types {
		var n int
		switch {
		case t <= 6:
			n = []int{0, 1, 2, 3, 4, 6, 8}[t]
		case t == 7:
			n = 8
		case t == 8 || t == 9:
		case t >= 12:
			if (t-12)/2 > uint64(len(body)) {
				return nil, errors.New("value beyond the record")
			}
			n = int((t - 12) / 2)
		default:
			return nil, errors.New("reserved serial type")
		}
		if n > len(body) {
			return nil, errors.New("value beyond the record")
		}
		v := body[:n]
		body = body[n:]
		switch {
		case t == 0:
			vals[i] = nil
		case t <= 6:
			x := int64(int8(v[0])) // sign of the big-endian value
			for _, c := range v[1:] {
				x = x<<8 | int64(c)
			}
			vals[i] = x
		case t == 7:
			vals[i] = math.Float64frombits(binary.BigEndian.Uint64(v))
		case t == 8, t == 9:
			vals[i] = int64(t - 8)
		case t%2 == 0:
			vals[i] = slices.Clone(v)
		default:
			vals[i] = string(v)
		}
	}
	if len(body) != 0 {
		return nil, errors.New("bytes after the last value")
	}
	return vals, nil
}

// readVarint reads one of SQLite's big-endian varints (§1.6): the value
// and its length, 0 if b ends inside it.
func readVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < 9 && i < len(b); i++ {
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

// readWAL reads the pages a -wal holds committed (§4.1): frames whose
// salts are the header's and whose running checksum holds, up to the
// last commit frame; the offset of the newest copy of each page. Its page
// size, 0 if the -wal is absent, empty or its header does not check.
func readWAL(wal io.ReaderAt, size int64) (int, map[uint32]int64) {
	if wal == nil || size < walHeaderSize {
		return 0, nil
	}
	h := make([]byte, walHeaderSize)
	if n, _ := wal.ReadAt(h, 0); n < walHeaderSize {
		return 0, nil
	}
	var order binary.ByteOrder
	switch binary.BigEndian.Uint32(h) {
	case 0x377f0682:
		order = binary.LittleEndian
	case 0x377f0683:
		order = binary.BigEndian
	default:
		return 0, nil
	}
	ps := int(binary.BigEndian.Uint32(h[8:]))
	if ps == 1 {
		ps = maxRawPageSize
	}
	s0, s1 := walSum(order, h[:24], 0, 0)
	if !validPageSize(ps) || s0 != binary.BigEndian.Uint32(h[24:]) || s1 != binary.BigEndian.Uint32(h[28:]) {
		return 0, nil
	}
	frames := map[uint32]int64{}
	pending := map[uint32]int64{}
	fr := make([]byte, walFrameHeader+ps)
	for off := int64(walHeaderSize); off+int64(len(fr)) <= size && len(frames)+len(pending) < maxRawPages; off += int64(len(fr)) {
		if n, _ := wal.ReadAt(fr, off); n < len(fr) {
			break
		}
		if string(fr[8:16]) != string(h[16:24]) {
			break
		}
		s0, s1 = walSum(order, fr[:8], s0, s1)
		s0, s1 = walSum(order, fr[walFrameHeader:], s0, s1)
		if s0 != binary.BigEndian.Uint32(fr[16:]) || s1 != binary.BigEndian.Uint32(fr[20:]) {
			break
		}
		pg := binary.BigEndian.Uint32(fr)
		if pg == 0 {
			break
		}
		pending[pg] = off + walFrameHeader
		if binary.BigEndian.Uint32(fr[4:]) != 0 { // a commit frame
			for p, b := range pending {
				frames[p] = b
			}
			clear(pending)
		}
	}
	return ps, frames
}

// walSum is the -wal's running checksum over b (§4.1), 32-bit words in
// the order its magic number gives.
func walSum(order binary.ByteOrder, b []byte, s0, s1 uint32) (uint32, uint32) {
	for i := 0; i+8 <= len(b); i += 8 {
		s0 += order.Uint32(b[i:]) + s1
		s1 += order.Uint32(b[i+4:]) + s0
	}
	return s0, s1
}
