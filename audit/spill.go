package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// spill is the append-only overflow file: JSON Lines of complete records
// (seq and hash assigned), written when the store is unavailable or the
// queue is full, fsynced per batch, and replayed into the store later.
//
// Layout in dir: "spill.jsonl" is the file being appended to; to replay it,
// the writer renames it to "spill-<unix ns>.replay" under the lock, so
// appends go on into a fresh file while the renamed one is read, inserted
// and deleted. Replay is idempotent (inserts skip existing (node, seq)), so
// a crash mid-replay only repeats work.
//
// spill is safe for concurrent use.
type spill struct {
	dir  string
	mu   sync.Mutex
	f    *os.File
	size int64 // bytes in spill.jsonl plus pending .replay files
	buf  []byte
}

const spillName = "spill.jsonl"

func openSpill(dir string) (*spill, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: spill dir: %w", err)
	}
	s := &spill{dir: dir}
	files, err := s.pending()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			s.size += st.Size()
		}
	}
	return s, nil
}

// write appends recs and fsyncs.
func (s *spill) write(recs []Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		path := filepath.Join(s.dir, spillName)
		_, serr := os.Stat(path)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return fmt.Errorf("audit: open spill file: %w", err)
		}
		// A new file's name is synced too: a power loss must not take
		// spill.jsonl, and the fsynced records in it, with it.
		if errors.Is(serr, fs.ErrNotExist) {
			if err := syncDir(s.dir); err != nil {
				f.Close()
				return fmt.Errorf("audit: sync spill directory: %w", err)
			}
		}
		// A torn last line from a crash must not glue onto the next record.
		if st, err := f.Stat(); err == nil && st.Size() > 0 {
			if _, err := f.Write([]byte("\n")); err != nil {
				f.Close()
				return fmt.Errorf("audit: write spill file: %w", err)
			}
			s.size++
		}
		s.f = f
	}
	s.buf = s.buf[:0]
	for i := range recs {
		b, err := json.Marshal(&recs[i])
		if err != nil {
			return fmt.Errorf("audit: encode spill record: %w", err)
		}
		s.buf = append(append(s.buf, b...), '\n')
	}
	if _, err := s.f.Write(s.buf); err != nil {
		return fmt.Errorf("audit: write spill file: %w", err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("audit: sync spill file: %w", err)
	}
	s.size += int64(len(s.buf))
	return nil
}

// rotate moves the current spill file aside for replay and returns every
// file waiting for replay, oldest first.
func (s *spill) rotate() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
	cur := filepath.Join(s.dir, spillName)
	if _, err := os.Stat(cur); err == nil {
		to := filepath.Join(s.dir, "spill-"+strconv.FormatInt(time.Now().UnixNano(), 10)+".replay")
		if err := os.Rename(cur, to); err != nil {
			return nil, fmt.Errorf("audit: rotate spill file: %w", err)
		}
	}
	return s.pending()
}

// pending lists the replay files, oldest first, then spill.jsonl if present.
func (s *spill) pending() ([]string, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("audit: spill dir: %w", err)
	}
	var files []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "spill-") && strings.HasSuffix(e.Name(), ".replay") {
			files = append(files, filepath.Join(s.dir, e.Name()))
		}
	}
	sort.Strings(files) // same-length decimal timestamps sort in time order
	if _, err := os.Stat(filepath.Join(s.dir, spillName)); err == nil {
		files = append(files, filepath.Join(s.dir, spillName))
	}
	return files, nil
}

// done deletes a replayed file.
func (s *spill) done(path string) error {
	st, _ := os.Stat(path)
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("audit: remove replayed spill file: %w", err)
	}
	s.mu.Lock()
	if st != nil {
		s.size -= st.Size()
	}
	if s.size < 0 {
		s.size = 0
	}
	s.mu.Unlock()
	return nil
}

func (s *spill) bytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

func (s *spill) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}

// readSpill reads the records of one spill file, calling fn with batches of
// at most n, and returns how many lines did not parse. Such a line is the
// torn tail of a write that a crash interrupted before its fsync, so it was
// never acknowledged; it is skipped (and counted), since the hash chain shows
// any record that is really missing.
func readSpill(path string, n int, fn func([]Record) error) (skipped int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("audit: open spill file: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	batch := make([]Record, 0, n)
	for {
		b, rerr := r.ReadBytes('\n')
		if b = bytes.TrimSpace(b); len(b) > 0 {
			var rec Record
			if jerr := json.Unmarshal(b, &rec); jerr != nil || rec.Seq <= 0 || rec.Hash == "" || rec.Node == "" {
				skipped++
			} else {
				batch = append(batch, rec)
				if len(batch) == n {
					if err := fn(batch); err != nil {
						return skipped, err
					}
					batch = batch[:0]
				}
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return skipped, fmt.Errorf("audit: read spill file: %w", rerr)
		}
	}
	if len(batch) > 0 {
		return skipped, fn(batch)
	}
	return skipped, nil
}

// spillHead returns the highest seq and its hash for node found in the
// spill files of dir.
func spillHead(dir, node string) (int64, string, error) {
	s := &spill{dir: dir}
	files, err := s.pending()
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, "", nil
		}
		return 0, "", err
	}
	var seq int64
	var hash string
	for _, f := range files {
		_, err := readSpill(f, 1024, func(recs []Record) error {
			for i := range recs {
				if recs[i].Node == node && recs[i].Seq > seq {
					seq, hash = recs[i].Seq, recs[i].Hash
				}
			}
			return nil
		})
		if err != nil {
			return 0, "", err
		}
	}
	return seq, hash, nil
}
