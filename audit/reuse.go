package audit

import (
	"sync"
	"time"
)

// reused keeps the web view's recent results of one kind (its chart
// checks, its counts) for reuse: at most max, each for less than ttl from
// when it began, oldest first. Safe for concurrent use; a result is handed
// out as a copy made under the lock, as the list is compacted in place by
// the next request.
type reused[E any] struct {
	ttl time.Duration
	max int
	mu  sync.Mutex
	// done are the results kept, oldest first.
	done []reusedEntry[E]
}

type reusedEntry[E any] struct {
	at time.Time // when the work began
	v  E
}

// find drops the results that are too old at now (all of them if the clock
// went back) or no longer valid (valid nil: all are), and returns the
// newest that answers (match) and when its work began.
func (k *reused[E]) find(now time.Time, valid, match func(*E) bool) (v E, at time.Time, ok bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	keep := k.done[:0]
	for _, e := range k.done {
		if age := now.Sub(e.at); age >= 0 && age < k.ttl && (valid == nil || valid(&e.v)) {
			keep = append(keep, e)
		}
	}
	clear(k.done[len(keep):])
	k.done = keep
	for i := len(k.done) - 1; i >= 0; i-- {
		if e := &k.done[i]; match(&e.v) {
			return e.v, e.at, true
		}
	}
	return v, at, false
}

// add keeps v, whose work began at at, dropping the oldest when max are
// kept.
func (k *reused[E]) add(at time.Time, v E) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.done) >= k.max {
		k.done = append(k.done[:0], k.done[1:]...)
	}
	k.done = append(k.done, reusedEntry[E]{at: at, v: v})
}
