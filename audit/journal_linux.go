package audit

import (
	"errors"
	"os"
	"runtime/debug"
	"syscall"
)

// mapSegment preallocates size bytes of f and maps them shared, read-write.
// populate prefaults every page for writing, so that Log's copies take no
// page fault (a fault on first write costs tens of µs in a VM). The pages
// are dirty zeros then; a segment is usually deleted long before the
// kernel would write them back.
func mapSegment(f *os.File, size int, populate bool) ([]byte, error) {
	fd := int(f.Fd())
	if err := syscall.Fallocate(fd, 0, 0, int64(size)); err != nil {
		return nil, err
	}
	m, err := syscall.Mmap(fd, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		f.Truncate(0)
		return nil, err
	}
	if populate && !prefault(m) {
		syscall.Munmap(m)
		f.Truncate(0)
		return nil, errors.New("fault while prefaulting the journal segment")
	}
	return m, nil
}

// prefault writes a zero into every page of m; false if that faulted.
func prefault(m []byte) (ok bool) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if recover() != nil {
			ok = false
		}
	}()
	for i := 0; i < len(m); i += os.Getpagesize() {
		m[i] = 0
	}
	return true
}

func unmapSegment(m []byte) { syscall.Munmap(m) }
