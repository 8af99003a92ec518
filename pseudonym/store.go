package pseudonym

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"sync/atomic"
	"time"
)

// Default bounds used by NewStore for non-positive arguments.
const (
	DefaultTTL              = time.Hour
	DefaultMaxConversations = 10000
)

// MaxStoreBytes bounds the memory the placeholders of all Mappings of a
// Store take together (values and bookkeeping, about 200 bytes for a
// name). MaxConversations × MaxEntries alone would allow 10⁸ placeholders:
// one client that appears under many addresses (IPv6 gives every host as
// many as it likes) could fill the proxy's memory with mappings full of
// values. Beyond it the least recently used conversations are dropped, as
// beyond the maximum number of conversations.
const MaxStoreBytes = 256 << 20

// Store holds the Mappings of all conversations, in memory only. A Mapping
// expires when it was not asked for during the TTL (sliding), and the least
// recently used one is dropped when more than the maximum number of
// conversations are held, or when all of them together take more than
// MaxStoreBytes. Expired and dropped Mappings are wiped: their values
// are zeroed and their placeholders are no longer restored.
//
// Store is safe for concurrent use.
type Store struct {
	ttl      time.Duration
	max      int
	maxBytes int64
	now      func() time.Time // time source, replaced in tests
	total    atomic.Int64     // bytes of the entries of all Mappings (entrySize)

	mu    sync.Mutex
	items map[[32]byte]*list.Element
	lru   *list.List // of *entry, front = most recently used
}

type entry struct {
	key  [32]byte
	m    *Mapping
	last time.Time
}

// NewStore returns a Store whose conversations expire after ttl without use
// and which holds at most maxConversations of them. Non-positive values select
// DefaultTTL and DefaultMaxConversations.
func NewStore(ttl time.Duration, maxConversations int) *Store {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	if maxConversations <= 0 {
		maxConversations = DefaultMaxConversations
	}
	return &Store{
		ttl:      ttl,
		max:      maxConversations,
		maxBytes: MaxStoreBytes,
		now:      time.Now,
		items:    make(map[[32]byte]*list.Element),
		lru:      list.New(),
	}
}

// Conversation returns the Mapping of the conversation identified by key,
// creating it when there is none (or the old one expired). The caller builds
// the key from user, service and the service's conversation id (or a time
// window where the service has none); only the key's hash is kept, and it is
// never logged.
func (s *Store) Conversation(key string) *Mapping {
	k := sha256.Sum256([]byte(key))
	now := s.now()

	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked(now)
	if el, ok := s.items[k]; ok {
		e := el.Value.(*entry)
		e.last = now
		s.lru.MoveToFront(el)
		for s.total.Load() > s.maxBytes && s.lru.Back() != el {
			s.removeLocked(s.lru.Back())
		}
		return e.m
	}
	e := &entry{key: k, m: NewMapping(), last: now}
	e.m.total = &s.total
	s.items[k] = s.lru.PushFront(e)
	for s.lru.Len() > s.max || s.total.Load() > s.maxBytes && s.lru.Len() > 1 {
		s.removeLocked(s.lru.Back())
	}
	return e.m
}

// Len returns the number of conversations held (expired ones not counted).
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireLocked(s.now())
	return s.lru.Len()
}

// Wipe zeroes the values of every conversation and empties the Store. Call it
// on shutdown. Mappings handed out before keep working as empty Mappings.
func (s *Store) Wipe() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for el := s.lru.Front(); el != nil; {
		next := el.Next()
		s.removeLocked(el)
		el = next
	}
}

// expireLocked removes the conversations not used within the TTL. The LRU
// order is the order of last use, so they are all at the back.
func (s *Store) expireLocked(now time.Time) {
	for el := s.lru.Back(); el != nil; el = s.lru.Back() {
		if now.Sub(el.Value.(*entry).last) < s.ttl {
			return
		}
		s.removeLocked(el)
	}
}

func (s *Store) removeLocked(el *list.Element) {
	e := s.lru.Remove(el).(*entry)
	delete(s.items, e.key)
	e.m.wipe()
}
