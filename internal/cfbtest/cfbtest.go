// Package cfbtest writes Compound Files (the container of OLE objects and
// of the binary Office formats) for tests: what an OLE object in an Office
// file (word/embeddings/oleObject1.bin) holds, written as Office writes it.
package cfbtest

import (
	"bytes"
	"encoding/binary"
	"sort"
	"strings"
	"unicode/utf16"
)

// File builds a Compound File (version 3, 512-byte sectors) with the
// streams name → content, in name order; "VBA/dir" is a stream dir in a
// storage VBA. A name may start with a control character (\x01Ole10Native).
// Streams under 4096 bytes go to the mini stream, as Office writes them.
func File(streams map[string][]byte) []byte {
	const (
		ss, end, free, fatSect, noStream = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
	)
	var names []string
	for n := range streams {
		names = append(names, n)
	}
	sort.Strings(names)
	type entry struct {
		name         string
		typ          byte
		child, right uint32
		start, size  uint32
		content      []byte
	}
	entries := []*entry{{name: "Root Entry", typ: 5, child: noStream, right: noStream, start: end}}
	// link makes entry id the last child of parent: a chain of right
	// siblings, a valid if unbalanced tree.
	link := func(parent, id uint32) {
		if entries[parent].child == noStream {
			entries[parent].child = id
			return
		}
		e := entries[entries[parent].child]
		for e.right != noStream {
			e = entries[e.right]
		}
		e.right = id
	}
	storages := map[string]uint32{}
	for _, n := range names {
		parent := uint32(0)
		leaf := n
		if st, l, ok := strings.Cut(n, "/"); ok {
			leaf = l
			id, seen := storages[st]
			if !seen {
				id = uint32(len(entries))
				storages[st] = id
				entries = append(entries, &entry{name: st, typ: 1, child: noStream, right: noStream})
				link(0, id)
			}
			parent = id
		}
		id := uint32(len(entries))
		entries = append(entries, &entry{name: leaf, typ: 2, child: noStream, right: noStream, content: streams[n], size: uint32(len(streams[n]))})
		link(parent, id)
	}
	// The mini stream and its FAT.
	var mini []byte
	var miniFAT []uint32
	for _, e := range entries {
		if e.typ != 2 || e.size >= 4096 || e.size == 0 {
			continue
		}
		e.start = uint32(len(mini) / 64)
		n := (len(e.content) + 63) / 64
		for i := 0; i < n; i++ {
			next := uint32(len(miniFAT) + 1)
			if i == n-1 {
				next = end
			}
			miniFAT = append(miniFAT, next)
		}
		mini = append(mini, e.content...)
		mini = append(mini, make([]byte, n*64-len(e.content))...)
	}
	// Sectors after the FAT: directory, mini FAT, mini stream, streams.
	type chain struct{ data []byte }
	var chains []*chain
	add := func(b []byte) int { chains = append(chains, &chain{b}); return len(chains) - 1 }
	dirBuf := make([]byte, ((len(entries)+3)/4)*512)
	dirChain := add(dirBuf)
	miniFATChain, miniChain := -1, -1
	if len(miniFAT) > 0 {
		b := make([]byte, ((len(miniFAT)*4+511)/512)*512)
		for i := range b {
			b[i] = 0xFF
		}
		for i, v := range miniFAT {
			binary.LittleEndian.PutUint32(b[i*4:], v)
		}
		miniFATChain = add(b)
		miniChain = add(mini)
	}
	big := map[*entry]int{}
	for _, e := range entries {
		if e.typ == 2 && e.size >= 4096 {
			big[e] = add(e.content)
		}
	}
	sectorsOf := func(b []byte) int { return (len(b) + ss - 1) / ss }
	total := 0
	for _, c := range chains {
		total += sectorsOf(c.data)
	}
	fatSectors := 1
	for (total+fatSectors)*4 > fatSectors*ss {
		fatSectors++
	}
	fat := make([]uint32, fatSectors*ss/4)
	for i := range fat {
		fat[i] = free
	}
	for i := 0; i < fatSectors; i++ {
		fat[i] = fatSect
	}
	starts := make([]uint32, len(chains))
	next := uint32(fatSectors)
	for i, c := range chains {
		starts[i] = next
		n := uint32(sectorsOf(c.data))
		for j := uint32(0); j < n; j++ {
			if j == n-1 {
				fat[next+j] = end
			} else {
				fat[next+j] = next + j + 1
			}
		}
		next += n
	}
	if miniChain >= 0 {
		entries[0].start, entries[0].size = starts[miniChain], uint32(len(mini))
	}
	for e, c := range big {
		e.start = starts[c]
	}
	for i, e := range entries {
		d := dirBuf[i*128:]
		u := utf16.Encode([]rune(e.name))
		for j, c := range u {
			binary.LittleEndian.PutUint16(d[j*2:], c)
		}
		binary.LittleEndian.PutUint16(d[64:], uint16(2*(len(u)+1)))
		d[66], d[67] = e.typ, 1
		binary.LittleEndian.PutUint32(d[68:], noStream)
		binary.LittleEndian.PutUint32(d[72:], e.right)
		binary.LittleEndian.PutUint32(d[76:], e.child)
		binary.LittleEndian.PutUint32(d[116:], e.start)
		binary.LittleEndian.PutUint32(d[120:], e.size)
	}
	for i := len(entries); i < len(dirBuf)/128; i++ { // unused entries
		d := dirBuf[i*128:]
		binary.LittleEndian.PutUint32(d[68:], noStream)
		binary.LittleEndian.PutUint32(d[72:], noStream)
		binary.LittleEndian.PutUint32(d[76:], noStream)
	}
	var out bytes.Buffer
	h := make([]byte, 512)
	copy(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	binary.LittleEndian.PutUint16(h[24:], 0x3E)
	binary.LittleEndian.PutUint16(h[26:], 3)
	binary.LittleEndian.PutUint16(h[28:], 0xFFFE)
	binary.LittleEndian.PutUint16(h[30:], 9)
	binary.LittleEndian.PutUint16(h[32:], 6)
	binary.LittleEndian.PutUint32(h[44:], uint32(fatSectors))
	binary.LittleEndian.PutUint32(h[48:], starts[dirChain])
	binary.LittleEndian.PutUint32(h[56:], 4096)
	binary.LittleEndian.PutUint32(h[60:], end)
	if miniFATChain >= 0 {
		binary.LittleEndian.PutUint32(h[60:], starts[miniFATChain])
		binary.LittleEndian.PutUint32(h[64:], uint32(sectorsOf(chains[miniFATChain].data)))
	}
	binary.LittleEndian.PutUint32(h[68:], end)
	for i := 0; i < 109; i++ {
		v := uint32(free)
		if i < fatSectors {
			v = uint32(i)
		}
		binary.LittleEndian.PutUint32(h[76+i*4:], v)
	}
	out.Write(h)
	for _, v := range fat {
		binary.Write(&out, binary.LittleEndian, v)
	}
	for _, c := range chains {
		out.Write(c.data)
		out.Write(make([]byte, sectorsOf(c.data)*ss-len(c.data)))
	}
	return out.Bytes()
}

// Ole10Native is an Ole10Native stream in the Packager's form (an
// embedded file, "Packager Shell Object"): the file named name, from the
// path src, with its bytes, as Office writes it when a file is inserted
// as an object.
func Ole10Native(name, src string, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{2, 0})
	b.WriteString(name + "\x00" + src + "\x00")
	binary.Write(&b, binary.LittleEndian, uint32(0x00030000))
	tmp := `C:\Users\amueller\AppData\Local\Temp\` + name + "\x00"
	binary.Write(&b, binary.LittleEndian, uint32(len(tmp)))
	b.WriteString(tmp)
	binary.Write(&b, binary.LittleEndian, uint32(len(data)))
	b.Write(data)
	out := binary.LittleEndian.AppendUint32(nil, uint32(b.Len()))
	return append(out, b.Bytes()...)
}

// Object is an OLE object with the streams OLE keeps beside its data
// (\x01Ole, \x01CompObj, \x03ObjInfo) and the streams given.
func Object(streams map[string][]byte) []byte {
	all := map[string][]byte{"\x01Ole": make([]byte, 20), "\x01CompObj": []byte("\x01\x00\xfe\xff\x03\x0a\x00\x00OLE Package\x00"), "\x03ObjInfo": make([]byte, 6)}
	for n, c := range streams {
		all[n] = c
	}
	return File(all)
}

// SummaryInformation builds a \x05SummaryInformation stream (MS-OLEPS) in
// code page 1252 with the string properties id → value (2 Title, 3
// Subject, 4 Author, 5 Keywords, 6 Comments, 8 LastAuthor), each a
// VT_LPSTR, in id order; value is written in windows-1252 where it can be.
func SummaryInformation(props map[uint32]string) []byte {
	fmtid := []byte{0xe0, 0x85, 0x9f, 0xf2, 0xf9, 0x4f, 0x68, 0x10, 0xab, 0x91, 0x08, 0x00, 0x2b, 0x27, 0xb3, 0xd9}
	ids := []uint32{1} // the code page first
	for id := range props {
		ids = append(ids, id)
	}
	sort.Slice(ids[1:], func(i, j int) bool { return ids[1+i] < ids[1+j] })
	le := binary.LittleEndian
	var vals [][]byte
	for _, id := range ids {
		if id == 1 {
			vals = append(vals, le.AppendUint16(le.AppendUint32(nil, 0x0002), 1252)) // VT_I2 1252
			vals[0] = append(vals[0], 0, 0)
			continue
		}
		var s []byte
		for _, r := range props[id] {
			if r < 0x100 {
				s = append(s, byte(r))
			} else {
				s = append(s, '?')
			}
		}
		s = append(s, 0)
		v := le.AppendUint32(le.AppendUint32(nil, 0x001e), uint32(len(s))) // VT_LPSTR
		v = append(v, s...)
		for len(v)%4 != 0 {
			v = append(v, 0)
		}
		vals = append(vals, v)
	}
	head := 8 + 8*len(ids)
	var set []byte
	off := head
	for i, id := range ids {
		set = le.AppendUint32(le.AppendUint32(set, id), uint32(off))
		off += len(vals[i])
	}
	for _, v := range vals {
		set = append(set, v...)
	}
	set = append(le.AppendUint32(le.AppendUint32(nil, uint32(8+len(set))), uint32(len(ids))), set...)
	b := le.AppendUint16(le.AppendUint16(nil, 0xfffe), 0)
	b = le.AppendUint32(b, 0x00020006) // Windows, version 6.2
	b = append(b, make([]byte, 16)...) // CLSID
	b = le.AppendUint32(b, 1)
	b = append(b, fmtid...)
	b = le.AppendUint32(b, 48)
	return append(b, set...)
}
